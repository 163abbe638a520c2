"""Speed-up of ``make-report --jobs N`` over ``--jobs 1`` on a synthetic corpus.

    .venv/bin/python benchmarks/bench_parallel.py [--scale 10] [--jobs 2] [--repeats 3]

The corpus is the one of ``bench_memory.py`` (the ACLED development notes and
the seed article, repeated ``--scale`` times with distinct ids).  Each
``make-report CORPUS --out DIR --format csv --jobs J`` runs in a fresh
process, ``--repeats`` times for each ``J`` in turn (1, then N, then 1...),
and the median wall time is kept; the ratio of the medians is the speed-up.
The whole run counts: start-up, reading, extraction, the tables (built in
one process whatever ``--jobs``) and the files.  The outputs of every run
are checked to be the same.  Then the extraction alone is timed the same
way, in this process: :func:`stats.engines.extract_stream` over the corpus
read by :func:`stats.read_documents`, with ``jobs`` 1 and N.
"""
from __future__ import annotations

import argparse
import filecmp
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_memory import MAKE_REPORT, base_documents, run_child, write_corpus

import stats
from stats.engines import extract_stream


def _extraction(corpus: Path, jobs: int) -> float:
    """Seconds to extract every document of ``corpus`` with ``jobs`` processes."""
    start = time.perf_counter()
    for _ in extract_stream(stats.read_documents([corpus]), jobs=jobs):
        pass
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, default=10, help="repeats of the base corpus (default: %(default)s)")
    ap.add_argument("--jobs", type=int, default=2, help="the worker processes to compare with 1 (default: %(default)s)")
    ap.add_argument("--repeats", type=int, default=3, help="runs of each; the median is kept (default: %(default)s)")
    args = ap.parse_args(argv)
    seconds: dict[int, list[float]] = {1: [], args.jobs: []}
    alone: dict[int, list[float]] = {1: [], args.jobs: []}
    with tempfile.TemporaryDirectory(prefix="bench_parallel_") as tmp:
        corpus = Path(tmp, f"x{args.scale}.jsonl")
        n_docs = write_corpus(corpus, args.scale, base_documents())
        for repeat in range(args.repeats):
            for jobs in seconds:
                out = Path(tmp, f"out_{jobs}_{repeat}")
                status, wall, _ = run_child([str(MAKE_REPORT), str(corpus), "--out", str(out), "--format", "csv",
                                             "-q", "--jobs", str(jobs)])
                if status not in (0, 1):
                    print(f"make-report --jobs {jobs} failed (exit {status})", file=sys.stderr)
                    return 1
                seconds[jobs].append(wall)
        stats.extract("Warm up: 3 people were killed.")
        for repeat in range(args.repeats):
            for jobs in alone:
                alone[jobs].append(_extraction(corpus, jobs))
        reference = Path(tmp, "out_1_0")
        for out in Path(tmp).glob("out_*"):
            _, mismatch, errors = filecmp.cmpfiles(reference, out, [p.name for p in reference.iterdir()],
                                                   shallow=False)
            if mismatch or errors:
                print(f"{out.name} differs from {reference.name}: {mismatch + errors}", file=sys.stderr)
                return 1
    print(f"make-report x{args.scale} ({n_docs} documents) --format csv, median of {args.repeats}")
    medians = {jobs: statistics.median(runs) for jobs, runs in seconds.items()}
    for jobs, runs in seconds.items():
        print(f"--jobs {jobs:<3} median {medians[jobs]:7.2f} s   runs {', '.join(f'{s:.2f}' for s in runs)}")
    print(f"speed-up --jobs {args.jobs} / --jobs 1: {medians[1] / medians[args.jobs]:.2f}x")
    medians = {jobs: statistics.median(runs) for jobs, runs in alone.items()}
    print(f"extraction alone (extract_stream), median of {args.repeats}")
    for jobs, runs in alone.items():
        print(f"jobs={jobs:<3}  median {medians[jobs]:7.2f} s   runs {', '.join(f'{s:.2f}' for s in runs)}")
    print(f"speed-up jobs={args.jobs} / jobs=1: {medians[1] / medians[args.jobs]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
