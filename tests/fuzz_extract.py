"""Fuzz the extractor and the input readers with atheris (libFuzzer).

Two targets, chosen by ``STATS_FUZZ_TARGET`` (``extract``, ``readers``, or
``both``, the default, where the first byte of each input picks one):

``extract``
    Arbitrary text (and a document date and country) through
    :func:`stats.extract_document`: it must not raise, ``text[start:end]``
    must be the claim's ``number_text``, and ``low <= value <= high`` where
    they are set.
``readers``
    Arbitrary bytes written to a ``.txt``, ``.md``, ``.jsonl`` or ``.csv``
    file, or compressed into one (``.gz``, ``.bz2``, ``.xz``; whole or cut
    short), and read with :func:`stats.read_documents`: it must not raise,
    every problem goes to ``on_error`` naming the file, and every document's
    fields are strings that can be written as UTF-8; a ``.jsonl`` or
    ``.csv`` file read in spans of lines or rows (as the Dask engine reads a
    large one) gives the same documents and problems.

Run it from the root of the clone, with libFuzzer's flags::

    .venv/bin/pip install atheris
    .venv/bin/python tests/fuzz_extract.py -max_total_time=600
    STATS_FUZZ_TARGET=readers .venv/bin/python tests/fuzz_extract.py -max_total_time=600 -print_final_stats=1

Every input starts with a byte that picks the target (even: ``extract``,
odd: ``readers``; ignored when ``STATS_FUZZ_TARGET`` names one).  Unless
``-seed_inputs`` or a corpus directory is given, the fuzzer starts from the
inputs in ``tests/fuzz_seeds/`` (``<target>-<name>``), read-only.  A crash
is saved by libFuzzer as ``crash-<sha1>`` in the current directory; give
that file as the argument to replay it.

``tests/test_fuzz.py`` runs the seeds and a short fuzz of each target
(with atheris) and, with or without it, the checks below on the inputs that
once made the readers raise.  This file is not a test module, but
``--doctest-modules`` imports it: importing it, with or without atheris,
only defines the functions below.
"""
from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

try:
    import atheris
except ImportError:  # fuzzing needs atheris; the checks below do not
    atheris = None

SEEDS = Path(__file__).resolve().parent / "fuzz_seeds"
TARGETS = ("extract", "readers")
#: File suffixes the readers target writes its bytes under, picked by a byte of the input.
READER_SUFFIXES = (".txt", ".md", ".jsonl", ".csv")
#: Compressions of the file, picked by the same byte: its bytes compressed, and cut short when the
#: input's last byte is 128 or more (a damaged file).
READER_COMPRESSIONS = ("", ".gz", ".bz2", ".xz")

_instrumented = atheris is not None and __name__ == "__main__"
with atheris.instrument_imports(include=["stats"]) if _instrumented else contextlib.nullcontext():
    from stats.claims import extract_document
    from stats.documents import (
        DECOMPRESSORS, SPLIT_SUFFIXES, Document, ReadError, file_spans, read_documents, read_span,
    )


# --- the checks (plain functions: tests/test_fuzz.py calls them without atheris) ---


def check_extract(text: str, date: str | None = None, country: str | None = None) -> None:
    """``extract_document`` of ``text`` does not raise and gives claims that hold together."""
    claims = extract_document(Document(id="fuzz", text=text, date=date, country=country))
    for claim in claims:
        assert 0 <= claim.start <= claim.end <= len(text), claim
        assert text[claim.start:claim.end] == claim.number_text, claim
        assert claim.sentence in text, claim
        assert claim.low is None or claim.high is None or claim.low <= claim.high, claim
        if claim.value is not None:
            assert claim.low is None or claim.low <= claim.value, claim
            assert claim.high is None or claim.value <= claim.high, claim


def check_reader(data: bytes, suffix: str) -> None:
    """``data`` in a ``suffix`` file read by ``read_documents``: no exception, problems
    reported through ``on_error``, documents made of UTF-8-writable strings."""
    fd, path = tempfile.mkstemp(prefix="stats-fuzz-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        problems: list[ReadError] = []
        docs = list(read_documents([path], on_error=problems.append))
        if suffix in SPLIT_SUFFIXES:  # read in spans of records, as the Dask engine reads a large file: the same
            in_spans: list[ReadError] = []
            for records in (1, 3):
                parts = [d for span in file_spans(path, records)
                         for d in read_span(path, span, on_error=in_spans.append)]
                assert parts == docs, (records, parts, docs)
                assert in_spans == problems or not docs, (records, in_spans, problems)  # each span reports a binary file
                in_spans.clear()
        for doc in docs:
            assert doc.id, doc
            for value in (doc.id, doc.text, doc.date, doc.title, doc.source, doc.url, doc.country):
                assert value is None or isinstance(value, str), doc
                if value is not None:
                    value.encode("utf-8")  # raises on a lone surrogate, which no output file can hold
        for problem in problems:
            assert problem.path == path, problem
            assert problem.line is None or problem.line >= 1, problem
            assert problem.message, problem
    finally:
        os.unlink(path)


# --- libFuzzer entry points ----------------------------------------------------

_MAX_TEXT = 20_000


def fuzz_extract(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    date = fdp.ConsumeUnicodeNoSurrogates(12) if fdp.ConsumeBool() else None
    country = fdp.ConsumeUnicodeNoSurrogates(4) if fdp.ConsumeBool() else None
    check_extract(fdp.ConsumeUnicodeNoSurrogates(_MAX_TEXT), date, country)


def fuzz_readers(data: bytes) -> None:
    if data:
        kind, pick = data[0] % len(READER_SUFFIXES), data[0] // len(READER_SUFFIXES)
        compression = READER_COMPRESSIONS[pick % len(READER_COMPRESSIONS)]
        body = data[1:]
        if compression:
            body = DECOMPRESSORS[compression].compress(body)
            if data[-1] >= 128:
                body = body[: len(body) * (data[-1] - 128) // 128]
        check_reader(body, READER_SUFFIXES[kind] + compression)


def fuzz_one_input(target: str):
    """The function libFuzzer calls with each input, for ``target`` (or ``both``)."""
    def one_input(data: bytes) -> None:
        if not data:
            return
        which = target if target in TARGETS else TARGETS[data[0] % len(TARGETS)]
        (fuzz_extract if which == "extract" else fuzz_readers)(data[1:])

    return one_input


def seed_inputs(target: str) -> list[Path]:
    """The seed inputs of ``target`` (``both``: all of them)."""
    return sorted(p for p in SEEDS.iterdir() if target not in TARGETS or p.name.startswith(f"{target}-"))


def main(argv: list[str]) -> None:
    if atheris is None:
        sys.exit("atheris is not installed: pip install atheris")
    target = os.environ.get("STATS_FUZZ_TARGET", "both")
    if target not in (*TARGETS, "both"):
        sys.exit(f"STATS_FUZZ_TARGET must be one of {', '.join(TARGETS)}, both; not {target!r}")
    args = list(argv)
    if not any(not a.startswith("-") or a.startswith("-seed_inputs=") for a in args[1:]):
        args.append("-seed_inputs=" + ",".join(str(p) for p in seed_inputs(target)))
    atheris.Setup(args, fuzz_one_input(target))
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
