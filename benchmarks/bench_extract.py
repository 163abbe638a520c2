"""Extraction speed, measured against a peer and a floor in one process and one run.

    .venv/bin/pip install quantulum3        # the peer, for this benchmark only
    .venv/bin/python benchmarks/bench_extract.py [--repeats 5] [--scale 100]
    .venv/bin/python benchmarks/bench_extract.py --profile 25   # where our time goes

It prints which build of ours it times: ``compiled`` (the Cython extensions an
install builds, ``setup.py``) or ``source``.  ``--profile`` sees into the
source build only (``STATS_PURE=1 .venv/bin/pip install -e .``).

Three extractors read the same documents:

* ``ours``: :func:`stats.extract` (numbers, figures, qualifiers);
* ``quantulum3``: ``quantulum3.parser.parse``, the closest open-source peer
  (skipped with a note when it is not installed);
* ``bare regex``: one compiled regex that finds every digit run and number
  word, the floor no extractor written in Python can beat.

Corpora: ``../shared/data/acled_dev.jsonl`` when it is beside the repository,
the seed article, and a synthetic corpus of their documents repeated
``--scale`` times.  Each timing is the median of ``--repeats`` runs; the
printed ratios compare medians measured in the same run, so they hold on a
shared, noisy machine where absolute times do not.  quantulum3 is run on the
first corpus only (it is slow); its ratio is per document.  Both extractors
are warmed up first: quantulum3's first call loads its units (about 1.7 s),
ours loads and compiles its rules.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import stats

REPO = Path(__file__).resolve().parents[1]
ACLED = REPO.parent / "shared" / "data" / "acled_dev.jsonl"
BARE = re.compile(
    r"\d+|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty"
    r"|ninety|hundred|thousand|million|billion|dozen|dozens|hundreds|thousands|millions)\b",
    re.IGNORECASE,
)


def _ours(texts: list[str]) -> None:
    for text in texts:
        stats.extract(text)


def _bare(texts: list[str]) -> None:
    for text in texts:
        for _ in BARE.finditer(text):
            pass


def _quantulum() -> Callable[[list[str]], None] | None:
    try:
        from quantulum3 import parser
    except ImportError:
        return None

    def run(texts: list[str]) -> None:
        for text in texts:
            parser.parse(text)

    return run


def _build() -> str:
    """Which build of ours runs: the modules of ``stats`` loaded compiled (``setup.py``), or source."""
    compiled = sorted(name for name, module in sys.modules.items()
                      if name.startswith("stats.") and not str(getattr(module, "__file__", ".py")).endswith(".py"))
    return f"compiled ({', '.join(compiled)})" if compiled else "source"


def _median(run: Callable[[list[str]], None], texts: list[str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run(texts)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5, help="runs per measurement; the median is kept")
    ap.add_argument("--scale", type=int, default=100, help="how many times the synthetic corpus repeats")
    ap.add_argument("--profile", type=int, metavar="N",
                    help="instead: profile one run of ours on the first corpus and print its N costliest functions")
    args = ap.parse_args(argv)

    base = [d.text for d in stats.read_documents([REPO / "seeds", *([ACLED] if ACLED.exists() else [])])]
    corpora = {"acled_dev + seed": base, f"synthetic x{args.scale}": base * args.scale}
    stats.extract("Warm up: 3 people were killed.")
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(_ours, base)
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)
        return 0
    peer = _quantulum()
    if peer is not None:
        peer(["Warm up: 3 people were killed."])  # its first call loads its units (seconds): not timed
    print(f"ours: the {_build()} build")
    print(f"{'corpus':<22} {'extractor':<12} {'docs':>8} {'MB':>7} {'median s':>9} {'docs/s':>9} {'MB/s':>7}")
    for name, texts in corpora.items():
        megabytes = sum(len(t.encode()) for t in texts) / 1e6
        repeats = args.repeats if len(texts) < 10_000 else max(1, args.repeats // 2)
        runs = {"ours": _ours, "bare regex": _bare}
        if peer is not None and name == next(iter(corpora)):
            runs["quantulum3"] = peer
        seconds = {label: _median(run, texts, 1 if label == "quantulum3" else repeats) for label, run in runs.items()}
        for label, s in seconds.items():
            print(f"{name:<22} {label:<12} {len(texts):>8} {megabytes:>7.2f} {s:>9.3f} "
                  f"{len(texts) / s:>9.0f} {megabytes / s:>7.2f}")
        ratio = seconds["bare regex"] / seconds["ours"]
        print(f"{name:<22} ours / bare regex speed: {ratio:.1%} (target >= 20%)")
        if "quantulum3" in seconds:
            print(f"{name:<22} ours / quantulum3 speed: {seconds['quantulum3'] / seconds['ours']:.0f}x "
                  "(target >= 100x)")
    if peer is None:
        print("quantulum3 is not installed: `.venv/bin/pip install quantulum3` to compare with it", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
