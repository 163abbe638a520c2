"""The report's files: the tables of :mod:`stats.tables` in every output format.

The last stage of the pipeline (... -> tables -> **outputs**).
:func:`write_tables` writes a :class:`~stats.tables.Tables` into a directory
in the formats asked for, :data:`FORMATS`:

========  ===================================================================
csv       ``claims.csv``, ``doc_totals.csv``, ``estimates.csv``, ``series.csv``
parquet   the same tables as ``.parquet`` (typed columns, pyarrow)
json      the same tables as ``.json`` (an array of records, one a line)
hxl       ``estimates.hxl.csv``: the estimates with an HXL tag row
png       ``chart_<name>.png`` for every chart of :data:`stats.charts.CHARTS`
          that has something to show, and ``summary.png``
pdf       ``report.pdf`` (:func:`stats.report.write_pdf`)
========  ===================================================================

``png`` and ``pdf`` need :mod:`stats.charts` and :mod:`stats.report`; in a
tree without them those formats are not available (:func:`available_formats`)
and asking for them is an error.

Every file is written into a hidden temporary directory inside the output
directory and moved into place only when every format has been written, so
a run that fails or is interrupted never leaves a half-written file (earlier
outputs stay as they were) and never leaves the temporary directory behind.

>>> list(FORMATS)
['csv', 'parquet', 'json', 'hxl', 'png', 'pdf']
>>> from stats.claims import extract
>>> from stats.tables import build_tables
>>> import tempfile, pathlib
>>> tables = build_tables(extract("At least 12 people were killed.", doc_id="d1"), documents=1)
>>> with tempfile.TemporaryDirectory() as tmp:
...     paths = write_tables(tables, tmp, ["csv", "hxl"])
...     print([p.name for p in paths])
...     print(pathlib.Path(tmp, "doc_totals.csv").read_text(), end="")
['claims.csv', 'doc_totals.csv', 'estimates.csv', 'series.csv', 'estimates.hxl.csv']
doc_id,category,low,best,high,unit,claims
d1,killed,12,12,,person,1
"""
from __future__ import annotations

import csv
import functools
import importlib
import importlib.util
import json
import math
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, Self

import pandas as pd

from .documents import ReadError
from .tables import Tables

__all__ = [
    "DEFAULT_TITLE", "ERRORS_FILE", "FORMATS", "HXL_CATEGORY_TAGS", "HXL_COLUMN_TAGS", "HXL_FILE", "PDF_FILE",
    "FormatError", "Stage", "available_formats", "check_formats", "hxl_table", "write_errors", "write_tables",
]

HXL_FILE = "estimates.hxl.csv"
PDF_FILE = "report.pdf"
SUMMARY_FILE = "summary.png"
CHART_FILES = "chart_*.png"
ERRORS_FILE = "errors.csv"
ERROR_COLUMNS = ("path", "line", "message")
DEFAULT_TITLE = "Casualty and displacement figures"


class FormatError(ValueError):
    """A format that is unknown, or known but not available in this tree."""


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


def _rows(frame: pd.DataFrame) -> Iterable[tuple]:
    if frame is None or len(frame) == 0:
        return ()
    return frame.itertuples(index=False, name=None)


# --- staging -----------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _file_mode() -> int | None:
    """The mode of a new file, 0o666 less the umask (``None`` where there are no such modes)."""
    if os.name != "posix":
        return None
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


class Stage:
    """Where a run's files are written before they are put in place.

    A hidden temporary directory (``.make-report-*.tmp``) inside ``out_dir``,
    so that moving a finished file into place is one atomic rename.  A format
    writes its files at ``stage(filename)`` (or into ``stage.directory``);
    :meth:`commit` moves every file written there into ``out_dir``, replacing
    files of the same names, and :meth:`discard` removes the directory and
    whatever is left in it.  Use it as a context manager: leaving the
    ``with`` block discards what was not committed.
    """

    def __init__(self, out_dir: str | os.PathLike[str]) -> None:
        self.out_dir = Path(out_dir)
        self.directory = Path(tempfile.mkdtemp(prefix=".make-report-", suffix=".tmp", dir=self.out_dir))
        self._order: list[str] = []  # file names, in the order the formats wrote them

    def __call__(self, filename: str) -> Path:
        """The temporary path of the output file ``filename`` (a plain file name)."""
        if not filename or Path(filename).name != filename or filename in (".", ".."):
            raise ValueError(f"not a plain file name: {filename!r}")
        return self.directory / filename

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()

    def mark(self) -> list[str]:
        """Note the files written since the last mark, in name order, and return them."""
        new = sorted(p.name for p in self.directory.iterdir() if p.name not in self._order)
        self._order.extend(new)
        return new

    def commit(self) -> list[Path]:
        """Move the files written into ``out_dir``; return their final paths, in order."""
        self.mark()
        for name in self._order:
            if not (self.directory / name).is_file():
                raise OSError(f"{name}: an output must be a file, not a directory")
        mode = _file_mode()
        done: list[Path] = []
        for name in self._order:
            source, target = self.directory / name, self.out_dir / name
            if mode is not None:  # the usual permissions, whatever a writer used (mkstemp gives 0600)
                os.chmod(source, mode)
            os.replace(source, target)
            done.append(target)
        return done

    def discard(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


# --- tables: CSV, JSON, Parquet ---------------------------------------------


def _write_csv(tables: Tables, stage: Stage, *, title: str, corpus: str | None = None) -> None:
    """``<table>.csv`` for every table: UTF-8, a header row, booleans
    ``true``/``false``, missing values empty, whole numbers without ``.0``."""
    for name, frame in tables.frames().items():
        with stage(f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(list(frame.columns))
            for row in _rows(frame):
                writer.writerow([_csv_cell(v) for v in row])


def _write_json(tables: Tables, stage: Stage, *, title: str, corpus: str | None = None) -> None:
    """``<table>.json`` for every table: an array of objects (records), one a
    line, missing values ``null``."""
    for name, frame in tables.frames().items():
        columns = [str(c) for c in frame.columns]
        with stage(f"{name}.json").open("w", encoding="utf-8", newline="") as f:
            f.write("[")
            count = 0
            for row in _rows(frame):
                record = {c: _plain(v) for c, v in zip(columns, row)}
                f.write(",\n" if count else "\n")
                f.write(json.dumps(record, ensure_ascii=False, default=str))
                count += 1
            f.write("\n]\n" if count else "]\n")


def _write_parquet(tables: Tables, stage: Stage, *, title: str, corpus: str | None = None) -> None:
    """``<table>.parquet`` for every table, with its column types (pyarrow)."""
    for name, frame in tables.frames().items():
        frame.reset_index(drop=True).to_parquet(stage(f"{name}.parquet"), engine="pyarrow", index=False)


# --- HXL ---------------------------------------------------------------------

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
    "casualties": "#affected+casualties",
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


def _write_hxl(tables: Tables, stage: Stage, *, title: str, corpus: str | None = None) -> None:
    """``estimates.hxl.csv``: the estimates as an HXL-tagged CSV (see :func:`hxl_table`)."""
    header, tags, rows = hxl_table(tables.estimates)
    with stage(HXL_FILE).open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerow(tags)
        for row in rows:
            writer.writerow([_csv_cell(v) for v in row])


# --- charts and the PDF ------------------------------------------------------


def _write_png(tables: Tables, stage: Stage, *, title: str, corpus: str | None = None) -> None:
    """``chart_<name>.png`` for every chart that has something to show, and ``summary.png``."""
    charts = importlib.import_module(_REQUIRES["png"])
    charts.write_charts(tables, stage.directory, title)


def _write_pdf(tables: Tables, stage: Stage, *, title: str, corpus: str | None = None) -> None:
    """``report.pdf``: the tables, charts and notes as one document.

    When this run has written the ``png`` format (its ``summary.png`` is staged), the report
    embeds those ``chart_<name>.png`` files rather than drawing the same charts again.
    """
    report = importlib.import_module(_REQUIRES["pdf"])
    drawn = None
    if stage(SUMMARY_FILE).is_file():
        drawn = {p.stem.removeprefix("chart_"): p.read_bytes() for p in stage.directory.glob(CHART_FILES)}
    report.write_pdf(tables, stage(PDF_FILE), title=title, corpus=corpus, charts=drawn)


#: A format's writer, called as ``writer(tables, stage, title=..., corpus=...)``:
#: writes the files of ``tables`` at ``stage(filename)`` (or into
#: ``stage.directory``); ``title`` is the report's title and ``corpus`` a
#: description of its inputs, or ``None`` (see :func:`write_tables`).
Writer = Callable[..., None]

#: Output formats, in the order they are written: name -> writer.  Add a
#: format by adding a writer here (the CLI's ``--format`` takes every name).
FORMATS: dict[str, Writer] = {
    "csv": _write_csv,
    "parquet": _write_parquet,
    "json": _write_json,
    "hxl": _write_hxl,
    "png": _write_png,
    "pdf": _write_pdf,
}

#: Formats that need a module that a tree may not have yet: name -> module.
_REQUIRES: dict[str, str] = {"png": f"{__package__}.charts", "pdf": f"{__package__}.report"}


def _module_available(name: str) -> bool:
    if name in sys.modules:  # imported already (or put there by a test)
        return sys.modules[name] is not None
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # a parent package is missing
        return False


def available_formats() -> list[str]:
    """The formats of :data:`FORMATS` that can be written in this tree, in order.

    >>> {"csv", "parquet", "json", "hxl"} <= set(available_formats())
    True
    """
    return [name for name in FORMATS if name not in _REQUIRES or _module_available(_REQUIRES[name])]


def check_formats(formats: Iterable[str]) -> list[str]:
    """``formats`` lower-cased, without repeats, in the order given; :class:`FormatError`
    names a format that is unknown or not available.

    >>> check_formats(["JSON", "csv", "json"])
    ['json', 'csv']
    >>> check_formats(["docx"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    stats.outputs.FormatError: unknown format 'docx' (choose from csv, parquet, json, hxl...)
    """
    available = available_formats()
    names: list[str] = []
    for name in (str(f).strip().lower() for f in formats):
        if name not in FORMATS:
            raise FormatError(f"unknown format {name!r} (choose from {', '.join(available)})")
        if name not in available:
            raise FormatError(
                f"format {name!r} is not available: {_REQUIRES[name]} is not installed "
                f"(choose from {', '.join(available)})"
            )
        if name not in names:
            names.append(name)
    return names


# --- errors.csv --------------------------------------------------------------


def write_errors(problems: Sequence[ReadError], path: str | os.PathLike[str]) -> Path:
    """``errors.csv``: ``path``, ``line`` (empty when none) and ``message`` of every problem.

    A file name that is not valid UTF-8 is written with its bad bytes escaped
    (``caf\\udce9.txt``), so the file is always UTF-8.
    """
    path = Path(path)
    with path.open("w", encoding="utf-8", errors="backslashreplace", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(ERROR_COLUMNS)
        for p in problems:
            writer.writerow([p.path, "" if p.line is None else p.line, p.message])
    return path


# --- all of it ---------------------------------------------------------------


def write_tables(
    tables: Tables,
    out_dir: str | os.PathLike[str],
    formats: Sequence[str] | None = None,
    *,
    title: str | None = None,
    corpus: str | None = None,
    errors: Sequence[ReadError] | None = None,
) -> list[Path]:
    """Write ``tables`` into ``out_dir`` in ``formats``; return the paths written, in order.

    ``formats`` are names of :data:`FORMATS` (default: every format that is
    available, :func:`available_formats`); an unknown or unavailable one is a
    :class:`FormatError` before anything is written.  ``out_dir`` is created
    if needed.  ``title`` is the title of the charts and the PDF (default
    :data:`DEFAULT_TITLE`); ``corpus`` describes the inputs on the PDF's title
    page (default: the number of documents).  ``errors``, the problems met reading the inputs,
    go to ``errors.csv`` when there are any; an empty list removes an
    ``errors.csv`` left by an earlier run, and ``None`` leaves it alone.
    Writing ``png`` removes the ``chart_*.png`` files of an earlier run that
    this one did not draw.

    Nothing appears under its final name until every format has been written
    (see :class:`Stage`); on an error or an interrupt nothing is changed.
    """
    names = check_formats(available_formats() if formats is None else formats)
    title = title or DEFAULT_TITLE
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with Stage(out) as stage:
        for name in names:
            FORMATS[name](tables, stage, title=title, corpus=corpus)
            stage.mark()
        if errors:
            write_errors(errors, stage(ERRORS_FILE))
        written = stage.commit()
    if errors is not None and not errors:
        (out / ERRORS_FILE).unlink(missing_ok=True)
    if "png" in names:
        for stale in out.glob(CHART_FILES):
            if stale not in written:
                stale.unlink(missing_ok=True)
    return written
