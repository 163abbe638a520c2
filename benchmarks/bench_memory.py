"""Peak memory of ``make-report`` as the corpus grows: is it bounded by the tables?

    .venv/bin/python benchmarks/bench_memory.py [--scales 10,100] [--args "--jobs 1"] [--format csv]
    .venv/bin/python benchmarks/bench_memory.py --format csv,parquet,json,hxl,png,pdf   # every output

For each scale, a synthetic corpus is written as JSON Lines into a temporary
directory: the documents of ``../shared/data/acled_dev.jsonl`` and the seed
article in ``seeds/``, repeated ``scale`` times with distinct ids
(``<id>~<repeat>``).  ``make-report CORPUS --out DIR --format csv`` (and
the other formats of ``--format``, and ``--args``) then runs in a fresh child process, and its peak resident set
size is read from ``os.wait4`` (``ru_maxrss`` of that child alone).

What must stay in memory is the tables themselves, so they are measured too:
the written CSV files are loaded with the dtypes of the library's tables
and their ``DataFrame.memory_usage(deep=True)`` added up.  The last column
compares what is left, peak minus tables, across scales: the largest over
the smallest.  The target is at most 1.5 for x100 against x10.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import stats
from stats.claims import CLAIM_DTYPES
from stats.estimates import ESTIMATE_DTYPES, SERIES_DTYPES
from stats.totals import TOTAL_DTYPES

REPO = Path(__file__).resolve().parents[1]
ACLED = REPO.parent / "shared" / "data" / "acled_dev.jsonl"
MAKE_REPORT = Path(sys.executable).with_name("make-report")
TABLE_DTYPES = {"claims": CLAIM_DTYPES, "doc_totals": TOTAL_DTYPES, "estimates": ESTIMATE_DTYPES,
                "series": SERIES_DTYPES}
MB = 1024 * 1024


def base_documents() -> list[dict[str, str]]:
    """The seed article and the ACLED development notes (when ``../shared`` is there), as JSON objects."""
    inputs = [REPO / "seeds", *([ACLED] if ACLED.exists() else [])]
    fields = ("id", "text", "date", "title", "source", "url", "country")
    return [{f: getattr(doc, f) for f in fields if getattr(doc, f) is not None}
            for doc in stats.read_documents(inputs)]


def write_corpus(path: Path, scale: int, documents: list[dict[str, str]] | None = None) -> int:
    """Write ``documents`` (default :func:`base_documents`) ``scale`` times to ``path`` as JSONL; the count."""
    documents = base_documents() if documents is None else documents
    with path.open("w", encoding="utf-8") as f:
        for repeat in range(scale):
            for doc in documents:
                f.write(json.dumps({**doc, "id": f"{doc['id']}~{repeat}"}, ensure_ascii=False) + "\n")
    return scale * len(documents)


def run_child(argv: list[str]) -> tuple[int, float, int]:
    """Run ``argv`` in a fresh process: (exit status, seconds, peak RSS in bytes)."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB on Linux
    return child.returncode, time.perf_counter() - start, peak


def _read_table(path: Path, dtypes: dict[str, str]) -> pd.DataFrame:
    header = pd.read_csv(path, nrows=0).columns
    booleans = [c for c in header if dtypes.get(c) in ("bool", "boolean")]
    frame = pd.read_csv(path, dtype={c: dtypes.get(c, "string") for c in header if c not in booleans},
                        true_values=["true"], false_values=["false"], keep_default_na=False,
                        na_values={c: [""] for c in header if dtypes.get(c, "string") != "string"})
    return frame.astype({c: dtypes[c] for c in booleans})


def tables_size(out: Path) -> int:
    """The in-memory size of the tables written to ``out`` as CSV, loaded with the library's dtypes."""
    return sum(int(_read_table(out / f"{name}.csv", dict(dtypes)).memory_usage(deep=True).sum())
               for name, dtypes in TABLE_DTYPES.items())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="10,100", help="comma-separated repeats of the base corpus")
    ap.add_argument("--args", default="--jobs 1", help="more make-report arguments (default: %(default)s)")
    ap.add_argument("--format", default="csv",
                    help="the formats written, comma-separated; csv always, to measure the tables (default: %(default)s)")
    args = ap.parse_args(argv)
    formats = ",".join(dict.fromkeys(["csv", *(f.strip() for f in args.format.split(",") if f.strip())]))
    scales = [int(s) for s in args.scales.split(",")]
    documents = base_documents()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_memory_") as tmp:
        for scale in scales:
            corpus, out = Path(tmp, f"x{scale}.jsonl"), Path(tmp, f"out_x{scale}")
            n_docs = write_corpus(corpus, scale, documents)
            argv_ = [str(MAKE_REPORT), str(corpus), "--out", str(out), "--format", formats, "-q",
                     *shlex.split(args.args)]
            status, seconds, peak = run_child(argv_)
            if status not in (0, 1):
                print(f"make-report failed (exit {status}): {shlex.join(argv_)}", file=sys.stderr)
                return 1
            size = tables_size(out)
            rows.append((f"x{scale}", n_docs, seconds, peak, size, peak - size))
            corpus.unlink()
    print(f"make-report --format {formats} {args.args}")
    print(f"{'corpus':<8} {'docs':>8} {'seconds':>8} {'peak RSS MB':>12} {'tables MB':>10} {'peak-tables MB':>15}")
    for name, n_docs, seconds, peak, size, rest in rows:
        print(f"{name:<8} {n_docs:>8} {seconds:>8.1f} {peak / MB:>12.1f} {size / MB:>10.1f} {rest / MB:>15.1f}")
    if len(rows) > 1:
        ratio = rows[-1][5] / rows[0][5]
        print(f"(peak - tables) {rows[-1][0]} / {rows[0][0]}: {ratio:.2f} (target <= 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
