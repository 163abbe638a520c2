"""``make-report``: read documents, extract figures, write the report files.

The last stage of the pipeline and a thin layer over the library: documents
come from :func:`stats.documents.read_documents`, figures from
:func:`stats.claims.extract`, document totals from
:func:`stats.totals.doc_totals`.  Documents are processed one at a time as
they are read, and every output is written to a temporary file in the output
directory and moved into place only when the run has finished.

Output formats are a table, :data:`FORMATS`, from a name (``--format``) to a
:class:`ReportWriter` class.  A writer receives the tables a document at a
time (:meth:`ReportWriter.add`) and puts its files in place on
:meth:`ReportWriter.commit`; a format that needs whole tables (a chart, a
PDF) can be a :class:`WholeTableWriter` around one function.

>>> build_parser().prog
'make-report'
>>> sorted(FORMATS)
['csv', 'json']
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import secrets
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import pandas as pd

from .claims import CLAIM_DTYPES, claims_frame, extract_document
from .documents import ReadError, read_documents
from .totals import TOTAL_DTYPES, doc_totals

__all__ = ["FORMATS", "ReportWriter", "WholeTableWriter", "build_parser", "main"]

PROG = "make-report"
CLAIMS = "claims"
TOTALS = "doc_totals"
ERRORS_FILE = "errors.csv"
ERROR_COLUMNS = ("path", "line", "message")

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


# --- the library calls -------------------------------------------------------


def _columns() -> dict[str, list[str]]:
    """The columns of each table, in order."""
    return {CLAIMS: list(CLAIM_DTYPES), TOTALS: list(TOTAL_DTYPES)}


# --- cells -------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A cell as a plain Python value: ``None`` for missing, ``int`` for whole numbers.

    >>> [_plain(v) for v in (3.0, 2.5, float("nan"), None, pd.NA, True, "x")]
    [3, 2.5, None, None, None, True, 'x']
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return value
    if hasattr(value, "dtype") and getattr(value, "shape", None) == ():  # numpy scalar
        value = value.item()
        if isinstance(value, bool):
            return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _csv_cell(value: Any) -> str:
    """A cell as CSV text: booleans ``true``/``false``, missing empty, no ``.0``.

    >>> [_csv_cell(v) for v in (True, False, None, 4.0, 0.5, 12)]
    ['true', 'false', '', '4', '0.5', '12']
    """
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _rows(frame: pd.DataFrame, columns: Sequence[str]) -> Iterable[tuple]:
    if frame is None or len(frame) == 0:
        return ()
    return frame.reindex(columns=list(columns)).itertuples(index=False, name=None)


# --- atomic files ------------------------------------------------------------


class _AtomicFile:
    """A text file written under a temporary name in the same directory and
    moved over ``path`` by :meth:`commit`; :meth:`discard` leaves nothing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        for _ in range(100):
            tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                break
            except FileExistsError:
                continue
        else:  # pragma: no cover
            raise FileExistsError(f"no free temporary name beside {path}")
        self.tmp = tmp
        self.file: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def commit(self) -> None:
        self.file.close()
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        try:
            self.file.close()
        finally:
            self.tmp.unlink(missing_ok=True)


# --- writers -----------------------------------------------------------------


class ReportWriter:
    """Writes the report tables in one format into ``out_dir``.

    ``columns`` maps each table name (``claims``, ``doc_totals``) to its
    columns.  :meth:`add` is called with each document's rows of a table;
    :meth:`commit` puts the finished files in place; :meth:`discard` removes
    whatever was started.  Nothing may appear under its final name before
    :meth:`commit`.
    """

    def __init__(self, out_dir: Path, columns: Mapping[str, Sequence[str]]) -> None:
        self.out_dir = out_dir
        self.columns = {name: list(cols) for name, cols in columns.items()}

    def add(self, table: str, frame: pd.DataFrame) -> None:
        raise NotImplementedError

    def commit(self) -> list[Path]:
        raise NotImplementedError

    def discard(self) -> None:
        raise NotImplementedError


class _StreamingWriter(ReportWriter):
    """One file per table, ``<table><suffix>``, written as rows arrive."""

    suffix = ""

    def __init__(self, out_dir: Path, columns: Mapping[str, Sequence[str]]) -> None:
        super().__init__(out_dir, columns)
        self.files: dict[str, _AtomicFile] = {}
        try:
            for name in self.columns:
                self.files[name] = _AtomicFile(out_dir / f"{name}{self.suffix}")
                self.begin(name)
        except BaseException:
            self.discard()
            raise

    def begin(self, table: str) -> None:
        pass

    def end(self, table: str) -> None:
        pass

    def commit(self) -> list[Path]:
        for name, f in self.files.items():
            self.end(name)
            f.commit()
        return [f.path for f in self.files.values()]

    def discard(self) -> None:
        for f in self.files.values():
            f.discard()


class CsvWriter(_StreamingWriter):
    """``claims.csv`` and ``doc_totals.csv``: UTF-8, a header row, booleans
    ``true``/``false``, missing values empty, whole numbers without ``.0``."""

    suffix = ".csv"

    def begin(self, table: str) -> None:
        self._writer(table).writerow(self.columns[table])

    def _writer(self, table: str):
        return csv.writer(self.files[table].file, lineterminator="\n")

    def add(self, table: str, frame: pd.DataFrame) -> None:
        writer = self._writer(table)
        for row in _rows(frame, self.columns[table]):
            writer.writerow([_csv_cell(v) for v in row])


class JsonWriter(_StreamingWriter):
    """``claims.json`` and ``doc_totals.json``: an array of objects, one a
    line, missing values ``null``."""

    suffix = ".json"

    def __init__(self, out_dir: Path, columns: Mapping[str, Sequence[str]]) -> None:
        self._count: dict[str, int] = {}
        super().__init__(out_dir, columns)

    def begin(self, table: str) -> None:
        self.files[table].file.write("[")
        self._count[table] = 0

    def add(self, table: str, frame: pd.DataFrame) -> None:
        f = self.files[table].file
        columns = self.columns[table]
        for row in _rows(frame, columns):
            record = {c: _plain(v) for c, v in zip(columns, row)}
            f.write(",\n" if self._count[table] else "\n")
            f.write(json.dumps(record, ensure_ascii=False, default=str))
            self._count[table] += 1

    def end(self, table: str) -> None:
        self.files[table].file.write("\n]\n" if self._count[table] else "]\n")


class WholeTableWriter(ReportWriter):
    """A format that needs whole tables (a chart, a PDF, Parquet): collects
    the rows and calls ``render(tables, staged)`` on commit, where
    ``staged(filename)`` gives a temporary path in the output directory that
    is moved to ``filename`` once ``render`` returns.

    Use it in :data:`FORMATS` as ``functools.partial(WholeTableWriter, render=write_pdf)``.
    """

    def __init__(
        self,
        out_dir: Path,
        columns: Mapping[str, Sequence[str]],
        *,
        render: Callable[[Mapping[str, pd.DataFrame], Callable[[str], Path]], None],
    ) -> None:
        super().__init__(out_dir, columns)
        self.render = render
        self.parts: dict[str, list[pd.DataFrame]] = {name: [] for name in self.columns}
        self.staged: list[_AtomicFile] = []

    def add(self, table: str, frame: pd.DataFrame) -> None:
        if frame is not None and len(frame):
            self.parts[table].append(frame)

    def _stage(self, filename: str) -> Path:
        f = _AtomicFile(self.out_dir / filename)
        f.file.close()
        self.staged.append(f)
        return f.tmp

    def commit(self) -> list[Path]:
        tables = {
            name: pd.concat(parts, ignore_index=True).reindex(columns=self.columns[name])
            if parts else pd.DataFrame(columns=self.columns[name])
            for name, parts in self.parts.items()
        }
        try:
            self.render(tables, self._stage)
        except BaseException:
            self.discard()
            raise
        for f in self.staged:
            os.replace(f.tmp, f.path)
        return [f.path for f in self.staged]

    def discard(self) -> None:
        for f in self.staged:
            f.tmp.unlink(missing_ok=True)


#: Output formats: ``--format`` name -> writer class (called with the output
#: directory and the columns of each table).  The default is all of them.
FORMATS: dict[str, Callable[[Path, Mapping[str, Sequence[str]]], ReportWriter]] = {
    "csv": CsvWriter,
    "json": JsonWriter,
}


def _write_errors(out_dir: Path, problems: Sequence[ReadError]) -> _AtomicFile:
    f = _AtomicFile(out_dir / ERRORS_FILE)
    try:
        writer = csv.writer(f.file, lineterminator="\n")
        writer.writerow(ERROR_COLUMNS)
        for p in problems:
            writer.writerow([p.path, "" if p.line is None else p.line, p.message])
    except BaseException:
        f.discard()
        raise
    return f


# --- command line ------------------------------------------------------------

EPILOG = """\
examples:
  make-report seeds --out reports                    every .txt/.md/.jsonl/.csv in seeds/
  make-report article.txt notes.md --out reports     text files (id = file stem)
  make-report news.jsonl --out reports --format csv  JSON Lines: {"id": ..., "text": ...}
  make-report events.csv --text-column notes --id-column event_id --out reports
  python -m stats corpus/ more.jsonl --out reports --format json --quiet

inputs:
  .txt, .md  one document a file, id = file stem; metadata (date, title, source,
             url, country) from <stem>.meta.json beside it, if any
  .jsonl     one JSON object a line: id, text, and optionally the metadata keys
  .csv       a header row, then one document a row (--text-column, --id-column)
  DIR        every file of these kinds inside, recursively, in sorted order

outputs, in DIR:
  claims.csv       one row per figure stated in a document (claims.json: the same)
  doc_totals.csv   one row per document and category (doc_totals.json: the same)
  errors.csv       path, line, message of every problem; only when there was one

exit status:
  0    every input was read
  1    some inputs or lines could not be read: they are reported on stderr and
       in DIR/errors.csv, and the outputs cover everything else
  2    usage error (bad option, no INPUT), no document could be read from any
       INPUT, or DIR could not be written; nothing is written
  130  interrupted (Ctrl-C); no output file is left half-written
"""


def _formats(value: str) -> list[str]:
    names: list[str] = []
    for name in (part.strip().lower() for part in value.split(",")):
        if not name:
            continue
        if name not in FORMATS:
            raise argparse.ArgumentTypeError(
                f"unknown format {name!r} (choose from {', '.join(FORMATS)})"
            )
        if name not in names:
            names.append(name)
    if not names:
        raise argparse.ArgumentTypeError(f"no format given (choose from {', '.join(FORMATS)})")
    return names


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("casualty-stats")
    except Exception:  # not installed: running from a source tree
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The ``make-report`` argument parser."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Extract casualty and displacement figures from news text and write\n"
        "them, with per-document totals, as report files in DIR.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="a .txt, .md, .jsonl or .csv file, or a directory")
    parser.add_argument("--out", "-o", required=True, metavar="DIR", help="directory for the outputs (created if needed)")
    parser.add_argument(
        "--format", "-f", dest="formats", type=_formats, default=list(FORMATS), metavar="LIST",
        help=f"comma-separated output formats: {', '.join(FORMATS)} (default: all)",
    )
    parser.add_argument("--text-column", default="text", metavar="NAME", help="CSV column holding the text (default: text)")
    parser.add_argument("--id-column", default="id", metavar="NAME",
                        help="CSV column holding the document id (default: id; "
                        "without it, ids are <file stem>:<row number>)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no summary line (problems are still reported)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    return parser


def _say(message: str) -> None:
    stream = sys.stderr
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        message.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        message = message.replace("\u2192", "->").encode(encoding, errors="replace").decode(encoding)
    print(message, file=stream, flush=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def main(argv: list[str] | None = None) -> int:
    """Run ``make-report`` with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_USAGE)
    try:
        return _run(args)
    except KeyboardInterrupt:
        _say(f"{PROG}: interrupted")
        return EXIT_INTERRUPTED


def _run(args: argparse.Namespace) -> int:
    out_dir = Path(args.out)
    problems: list[ReadError] = []

    def on_error(error: ReadError) -> None:
        problems.append(error)
        _say(f"{PROG}: {error}")

    docs = read_documents(args.inputs, on_error=on_error, text_column=args.text_column, id_column=args.id_column)
    writers: list[ReportWriter] = []
    pending: list[_AtomicFile] = []
    n_docs = n_claims = 0
    done = False
    try:
        for doc in docs:
            if not writers:
                try:
                    out_dir.mkdir(parents=True, exist_ok=True)
                    columns = _columns()
                    for name in args.formats:
                        writers.append(FORMATS[name](out_dir, columns))
                except OSError as exc:
                    return _cannot_write(out_dir, exc)
            claims = extract_document(doc)
            claims_table, totals = claims_frame(claims), doc_totals(claims)
            for writer in writers:
                writer.add(CLAIMS, claims_table)
                writer.add(TOTALS, totals)
            n_docs += 1
            n_claims += len(claims)
        if n_docs == 0:
            _say(f"{PROG}: no documents could be read" if problems else f"{PROG}: no documents found in the inputs")
            _say(f"{PROG}: nothing written")
            return EXIT_USAGE
        try:
            if problems:
                pending.append(_write_errors(out_dir, problems))
            for writer in writers:
                writer.commit()
            for f in pending:
                f.commit()
            if not problems:  # an errors.csv from an earlier run would mislead
                (out_dir / ERRORS_FILE).unlink(missing_ok=True)
        except OSError as exc:
            return _cannot_write(out_dir, exc)
        done = True
    finally:
        if not done:  # an error, an interrupt or nothing to write: leave no temporary file
            for writer in writers:
                writer.discard()
            for f in pending:
                f.discard()
        docs.close()
    if not args.quiet:
        where = args.out if args.out.endswith(("/", os.sep)) else args.out + "/"
        summary = f"{_plural(n_claims, 'figure')} from {_plural(n_docs, 'document')} \u2192 {where}"
        if problems:
            summary += f" ({_plural(len(problems), 'problem')}, see {out_dir / ERRORS_FILE})"
        _say(summary)
    return EXIT_PARTIAL if problems else EXIT_OK


def _cannot_write(out_dir: Path, exc: OSError) -> int:
    _say(f"{PROG}: cannot write to {out_dir}: {exc.strerror or exc}")
    return EXIT_USAGE
