"""``make-report``: read documents, extract figures, write the report files.

The last stage of the pipeline and a thin layer over the library: documents
come from :func:`stats.documents.read_documents`, figures from
:func:`stats.claims.extract_document`, document totals from
:func:`stats.totals.doc_totals`, household figures in persons from
:func:`stats.units.to_persons`, and the estimates and their series from
:mod:`stats.estimates` (when it is installed; without it those two tables are
not written).  Documents are processed one at a time as they are read; the
tables are built when every document has been read, and every output is
written to a temporary file in the output directory and moved into place
only when the run has finished.

The tables are ``claims``, ``doc_totals``, ``estimates`` and ``series``.
Output formats are a table, :data:`FORMATS`, from a name (``--format``) to a
:class:`ReportWriter` class.  A writer receives the tables
(:meth:`ReportWriter.add`) and puts its files in place on
:meth:`ReportWriter.commit`; a format that needs whole tables (Parquet, HXL,
a chart, a PDF) can be a :class:`WholeTableWriter` around one function.

>>> build_parser().prog
'make-report'
>>> sorted(FORMATS)
['csv', 'hxl', 'json', 'parquet']
"""
from __future__ import annotations

import argparse
import csv
import functools
import importlib
import json
import math
import os
import re
import secrets
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import IO, Any

import pandas as pd

from .claims import Claim, claims_frame, extract_document
from .documents import ReadError, read_documents
from .totals import TOTAL_DTYPES, doc_totals
from .units import load_household_sizes, to_persons

_estimates_module: ModuleType | None
try:  # stats.estimates is optional: without it the estimates and series tables are not written
    _estimates_module = importlib.import_module(f"{__package__}.estimates")
except ModuleNotFoundError as _exc:
    if _exc.name != f"{__package__}.estimates":  # a module that estimates needs is missing: a real error
        raise
    _estimates_module = None

__all__ = [
    "FORMATS", "HXL_CATEGORY_TAGS", "HXL_COLUMN_TAGS", "ReportWriter", "WholeTableWriter", "build_parser",
    "hxl_table", "main",
]

PROG = "make-report"
CLAIMS = "claims"
TOTALS = "doc_totals"
ESTIMATES = "estimates"
SERIES = "series"
HXL_FILE = "estimates.hxl.csv"
ERRORS_FILE = "errors.csv"
ERROR_COLUMNS = ("path", "line", "message")
DEFAULT_POLICY = "conservative"

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


# --- the library calls -------------------------------------------------------


def _policies() -> list[str] | None:
    """The estimate policies of :mod:`stats.estimates`, or ``None`` when it is not installed."""
    if _estimates_module is None:
        return None
    return [str(p) for p in getattr(_estimates_module, "POLICIES", (DEFAULT_POLICY,))]


def _empty_totals() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=d) for c, d in TOTAL_DTYPES.items()})


def _tables(
    claims: Sequence[Claim],
    totals: Sequence[pd.DataFrame],
    *,
    policy: str,
    household_size: float | None = None,
    household_sizes: Mapping[str, float] | None = None,
) -> dict[str, pd.DataFrame]:
    """The report tables, in order, from every claim and the documents' totals.

    ``claims`` is :func:`~stats.claims.claims_frame` of the claims with the
    household figures in persons where a size is known
    (:func:`~stats.units.to_persons`); ``estimates`` and ``series`` are built
    from that frame by :mod:`stats.estimates`, when it is installed.
    """
    frame = to_persons(claims_frame(claims), household_size=household_size, household_sizes=household_sizes)
    parts = [t for t in totals if len(t)]
    tables = {
        CLAIMS: frame,
        TOTALS: pd.concat(parts, ignore_index=True) if parts else _empty_totals(),
    }
    if _estimates_module is not None:
        tables[ESTIMATES] = _estimates_module.estimates(frame, policy=policy)
        tables[SERIES] = _estimates_module.series(frame, policy=policy)
    return tables


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

    ``columns`` maps each table name (``claims``, ``doc_totals``, and
    ``estimates`` and ``series`` when they are built) to its columns.
    :meth:`add` is called with rows of a table, once or more (a typed empty
    frame for an empty table); :meth:`commit` puts the finished files in
    place; :meth:`discard` removes
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
    """``<table>.csv`` for every table: UTF-8, a header row, booleans
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
    """``<table>.json`` for every table: an array of objects (records), one a
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
        self.empty: dict[str, pd.DataFrame] = {}  # a table's typed empty frame, if one came
        self.staged: list[_AtomicFile] = []

    def add(self, table: str, frame: pd.DataFrame) -> None:
        if frame is None:
            return
        if len(frame):
            self.parts[table].append(frame)
        else:
            self.empty.setdefault(table, frame)

    def _stage(self, filename: str) -> Path:
        f = _AtomicFile(self.out_dir / filename)
        f.file.close()
        self.staged.append(f)
        return f.tmp

    def commit(self) -> list[Path]:
        tables = {
            name: (pd.concat(parts, ignore_index=True) if parts else self.empty.get(name, pd.DataFrame()))
            .reindex(columns=self.columns[name])
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


def _write_parquet(tables: Mapping[str, pd.DataFrame], staged: Callable[[str], Path]) -> None:
    """``<table>.parquet`` for every table, with its column types (pyarrow)."""
    for name, frame in tables.items():
        frame.reset_index(drop=True).to_parquet(staged(f"{name}.parquet"), engine="pyarrow", index=False)


#: HXL hashtag of each category's column in the HXL file, for figures in
#: persons (in dwellings for the two housing categories).  A figure in another
#: unit (households that were not converted) has a column of its own, with the
#: unit added to the tag: ``#affected+displaced+idps+households``.
HXL_CATEGORY_TAGS: Mapping[str, str] = MappingProxyType({
    "killed": "#affected+killed",
    "injured": "#affected+injured",
    "missing": "#affected+missing",
    "detained": "#affected+detained",
    "abducted": "#affected+abducted",
    "displaced": "#affected+displaced+idps",
    "refugees": "#affected+refugees",
    "evacuated": "#affected+evacuated",
    "returned": "#affected+returnees",
    "sheltered": "#affected+sheltered",
    "homeless": "#affected+homeless",
    "affected": "#affected",
    "housing_destroyed": "#impact+num+dwellings+destroyed",
    "housing_damaged": "#impact+num+dwellings+damaged",
})

#: HXL hashtag of the estimates' other columns, by column name; a column not
#: named here is tagged ``#meta+<name>``.  ``category``, ``unit``, ``low``
#: and ``high`` are not in the HXL file (the figure's column says the first
#: two; the estimates table has the bounds).
HXL_COLUMN_TAGS: Mapping[str, str] = MappingProxyType({
    "estimate_id": "#meta+id",
    "country": "#country+code",
    "adm1": "#adm1+name",
    "adm1_code": "#adm1+code",
    "place": "#loc+name",
    "group": "#group+name",
    "kind": "#meta+kind",
    "scope": "#meta+scope",
    "date_from": "#date+start",
    "date_to": "#date+end",
    "as_of": "#date+reported",
    "doc_date": "#date+reported",
    "event_date": "#date+occurred",
    "claims": "#meta+claims+num",
    "documents": "#meta+documents+num",
    "sources": "#meta+sources+num",
    "source_names": "#meta+source",
    "source": "#meta+source",
    "hedged_share": "#meta+hedged_share",
    "conflict": "#meta+conflict",
    "subset": "#meta+subset",
    "doc_ids": "#meta+doc",
    "policy": "#meta+policy",
})

#: Columns of the estimates left out of the HXL file.
_HXL_LEFT_OUT = frozenset({"category", "unit", "low", "best", "high", "value"})
_HOUSING = frozenset({"housing_destroyed", "housing_damaged"})


def _hxl_attribute(name: str) -> str:
    """A column name as an HXL attribute: lower-case letters, digits and ``_``.

    >>> _hxl_attribute("Event Type-2")
    'event_type_2'
    """
    attribute = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_")
    return attribute if attribute[:1].isalpha() else f"x{attribute}"


def _hxl_figure(category: str, unit: str) -> tuple[str, str]:
    """(header, tag) of the column of a figure of ``category`` counted in ``unit``.

    >>> _hxl_figure("killed", "person")
    ('killed', '#affected+killed')
    >>> _hxl_figure("displaced", "household")
    ('displaced_households', '#affected+displaced+idps+households')
    >>> _hxl_figure("housing_damaged", "dwelling")
    ('housing_damaged', '#impact+num+dwellings+damaged')
    """
    tag = HXL_CATEGORY_TAGS.get(category, f"#affected+{_hxl_attribute(category)}")
    natural = "dwelling" if category in _HOUSING else "person"
    if unit and unit != natural:
        return f"{category}_{unit}s", f"{tag}+{_hxl_attribute(unit)}s"
    return category, tag


def hxl_table(estimates: pd.DataFrame) -> tuple[list[str], list[str], list[list[Any]]]:
    """The estimates as an HXL table: (header row, tag row, data rows).

    One row per estimate, in order.  The estimates' columns come first,
    tagged by :data:`HXL_COLUMN_TAGS`, except ``category``, ``unit``,
    ``low``, ``best`` and ``high``; then one column per category and unit
    that occurs (:data:`HXL_CATEGORY_TAGS`, in the order of that table),
    where each row has its ``best`` figure in the column of its category and
    nothing in the others.  So a tool that reads HXL finds the killed under
    ``#affected+killed``, and a figure in households never under a persons
    tag.

    >>> est = pd.DataFrame({
    ...     "country": ["NPL", "NPL", "SDN"], "category": ["killed", "displaced", "displaced"],
    ...     "unit": ["person", "household", "person"], "low": [3, 200, 40], "best": [3, 200, 45],
    ... })
    >>> header, tags, rows = hxl_table(est)
    >>> header
    ['country', 'killed', 'displaced', 'displaced_households']
    >>> tags
    ['#country+code', '#affected+killed', '#affected+displaced+idps', '#affected+displaced+idps+households']
    >>> rows
    [['NPL', 3, None, None], ['NPL', None, None, 200], ['SDN', None, 45, None]]
    """
    keys = [c for c in estimates.columns if c not in _HXL_LEFT_OUT]
    number = "best" if "best" in estimates.columns else "value"
    figures: dict[str, tuple[str, str, str]] = {}  # header -> (tag, category, unit)
    records: list[tuple[dict[str, Any], str, Any]] = []
    for row in estimates.to_dict("records"):
        category = str(_plain(row.get("category")) or "unknown")
        unit = str(_plain(row.get("unit")) or "")
        label, tag = _hxl_figure(category, unit)
        figures.setdefault(label, (tag, category, unit))
        records.append(({c: _plain(row[c]) for c in keys}, label, _plain(row.get(number))))
    order = {c: i for i, c in enumerate(HXL_CATEGORY_TAGS)}
    labels = sorted(figures, key=lambda lab: (order.get(figures[lab][1], len(order)), figures[lab][1], lab))
    header = keys + labels
    tags = [HXL_COLUMN_TAGS.get(c, f"#meta+{_hxl_attribute(c)}") for c in keys] + [figures[lab][0] for lab in labels]
    rows = [[cells[c] for c in keys] + [value if lab == label else None for lab in labels]
            for cells, label, value in records]
    return header, tags, rows


def _write_hxl(tables: Mapping[str, pd.DataFrame], staged: Callable[[str], Path]) -> None:
    """``estimates.hxl.csv``: the estimates as an HXL-tagged CSV (see :func:`hxl_table`)."""
    if ESTIMATES not in tables:
        return
    header, tags, rows = hxl_table(tables[ESTIMATES])
    with staged(HXL_FILE).open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerow(tags)
        for row in rows:
            writer.writerow([_csv_cell(v) for v in row])


#: Output formats: ``--format`` name -> writer class (called with the output
#: directory and the columns of each table).  The default is all of them
#: (``hxl`` only when :mod:`stats.estimates` is installed).
FORMATS: dict[str, Callable[[Path, Mapping[str, Sequence[str]]], ReportWriter]] = {
    "csv": CsvWriter,
    "parquet": functools.partial(WholeTableWriter, render=_write_parquet),
    "json": JsonWriter,
    "hxl": functools.partial(WholeTableWriter, render=_write_hxl),
}

#: Formats that need the estimates table.
_NEEDS_ESTIMATES = frozenset({"hxl"})


def _available_formats() -> list[str]:
    """The formats that can be written now."""
    return [name for name in FORMATS if _estimates_module is not None or name not in _NEEDS_ESTIMATES]


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
  make-report news.jsonl --out reports --format csv,parquet,hxl
  make-report news.jsonl --out reports --household-size 4.8
                      figures in households also in persons, 4.8 persons a household
  make-report news.jsonl --out reports --household-sizes sizes.csv --household-size 5
                      a size per country from sizes.csv (columns country, household_size),
                      5 for the countries it does not list
  make-report news.jsonl --out reports --policy conservative

inputs:
  .txt, .md  one document a file, id = file stem; metadata (date, title, source,
             url, country) from <stem>.meta.json beside it, if any
  .jsonl     one JSON object a line: id, text, and optionally the metadata keys
  .csv       a header row, then one document a row (--text-column, --id-column)
  DIR        every file of these kinds inside, recursively, in sorted order

households:
  a figure counted in households ("300 families") is converted to persons only
  with a household size: from --household-sizes FILE for the document's country
  (ISO3 code), else --household-size N.  Then its claims row has persons_low,
  persons_value, persons_high, household_size and household_size_source; those
  columns are there only when something was converted.  Without a size, household
  figures stay in households, apart from persons.

outputs, in DIR, one file per table and format (TABLE.csv, TABLE.parquet, TABLE.json):
  claims             one row per figure stated in a document
  doc_totals         one row per document and category
  estimates          one row per estimate: the figures of every document that count
                     the same thing, reconciled by --policy
  series             one row per running total and as-of date
  estimates.hxl.csv  the estimates with an HXL tag row (--format hxl)
  errors.csv         path, line, message of every problem; only when there was one

exit status:
  0    every input was read
  1    some inputs or lines could not be read: they are reported on stderr and
       in DIR/errors.csv, and the outputs cover everything else
  2    usage error (bad option, no INPUT, a bad --household-sizes file), no
       document could be read from any INPUT, or DIR could not be written;
       nothing is written
  130  interrupted (Ctrl-C); no output file is left half-written
"""


def _formats(value: str) -> list[str]:
    """``--format``: a comma-separated list of available formats, without repeats."""
    available = _available_formats()
    names: list[str] = []
    for name in (part.strip().lower() for part in value.split(",")):
        if not name:
            continue
        if name not in FORMATS:
            raise argparse.ArgumentTypeError(
                f"unknown format {name!r} (choose from {', '.join(available)})"
            )
        if name not in available:
            raise argparse.ArgumentTypeError(
                f"format {name!r} needs the estimates, and stats.estimates is not installed "
                f"(choose from {', '.join(available)})"
            )
        if name not in names:
            names.append(name)
    if not names:
        raise argparse.ArgumentTypeError(f"no format given (choose from {', '.join(available)})")
    return names


def _household_size(value: str) -> float:
    """``--household-size``: a finite number greater than 0.

    >>> _household_size("4.5")
    4.5
    >>> _household_size("-1")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: household size must be a number greater than 0, not '-1'
    """
    try:
        size = float(value)
    except ValueError:
        size = math.nan
    if not (math.isfinite(size) and size > 0):
        raise argparse.ArgumentTypeError(f"household size must be a number greater than 0, not {value!r}")
    return size


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
        "them, with per-document totals and estimates across documents, as report\n"
        "files in DIR.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="a .txt, .md, .jsonl or .csv file, or a directory")
    parser.add_argument("--out", "-o", required=True, metavar="DIR", help="directory for the outputs (created if needed)")
    parser.add_argument(
        "--format", "-f", dest="formats", type=_formats, default=_available_formats(), metavar="LIST",
        help=f"comma-separated output formats: {', '.join(_available_formats())} (default: all of them)",
    )
    policies = _policies()
    if policies:
        parser.add_argument(
            "--policy", choices=policies, default=DEFAULT_POLICY if DEFAULT_POLICY in policies else policies[0],
            help=f"how the estimates are made from the claims: {', '.join(policies)} "
            f"(default: %(default)s)",
        )
    else:
        parser.add_argument("--policy", default=DEFAULT_POLICY, metavar="NAME",
                            help="how the estimates are made (stats.estimates is not installed: "
                            "no estimates are written and this option is ignored)")
    parser.add_argument(
        "--household-size", type=_household_size, metavar="N",
        help="persons per household, to convert figures counted in households (\"300 families\") "
        "to persons; for countries not in --household-sizes (default: no conversion)",
    )
    parser.add_argument(
        "--household-sizes", metavar="FILE",
        help="CSV file of household sizes per country: columns country (ISO3 code) and household_size",
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


def _household_sizes(path: str | None) -> dict[str, float] | None:
    """The table of ``--household-sizes``; ``ValueError`` or ``OSError`` if it cannot be used."""
    return None if path is None else load_household_sizes(path)


def _run(args: argparse.Namespace) -> int:
    out_dir = Path(args.out)
    problems: list[ReadError] = []
    try:
        sizes = _household_sizes(args.household_sizes)
    except OSError as exc:
        _say(f"{PROG}: cannot read household sizes from {args.household_sizes}: {exc.strerror or exc}")
        _say(f"{PROG}: nothing written")
        return EXIT_USAGE
    except ValueError as exc:
        for line in str(exc).splitlines():
            _say(f"{PROG}: {line}")
        _say(f"{PROG}: nothing written")
        return EXIT_USAGE

    def on_error(error: ReadError) -> None:
        problems.append(error)
        _say(f"{PROG}: {error}")

    docs = read_documents(args.inputs, on_error=on_error, text_column=args.text_column, id_column=args.id_column)
    writers: list[ReportWriter] = []
    pending: list[_AtomicFile] = []
    claims: list[Claim] = []
    totals: list[pd.DataFrame] = []
    n_docs = 0
    done = False
    try:
        for doc in docs:
            if n_docs == 0:
                try:
                    out_dir.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    return _cannot_write(out_dir, exc)
            found = extract_document(doc)
            claims.extend(found)
            totals.append(doc_totals(found))
            n_docs += 1
        if n_docs == 0:
            _say(f"{PROG}: no documents could be read" if problems else f"{PROG}: no documents found in the inputs")
            _say(f"{PROG}: nothing written")
            return EXIT_USAGE
        tables = _tables(claims, totals, policy=args.policy, household_size=args.household_size,
                         household_sizes=sizes)
        try:
            columns = {name: list(frame.columns) for name, frame in tables.items()}
            for name in args.formats:
                writers.append(FORMATS[name](out_dir, columns))
            for writer in writers:
                for name, frame in tables.items():
                    writer.add(name, frame)
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
        summary = f"{_plural(len(claims), 'figure')} from {_plural(n_docs, 'document')} \u2192 {where}"
        if problems:
            summary += f" ({_plural(len(problems), 'problem')}, see {out_dir / ERRORS_FILE})"
        _say(summary)
    return EXIT_PARTIAL if problems else EXIT_OK


def _cannot_write(out_dir: Path, exc: OSError) -> int:
    _say(f"{PROG}: cannot write to {out_dir}: {exc.strerror or exc}")
    return EXIT_USAGE
