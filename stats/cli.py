"""``make-report``: read documents, extract figures, write the report files.

A thin layer over the library: documents come from
:func:`stats.documents.read_documents`, figures from
:func:`stats.claims.extract_document` run by an engine of
:mod:`stats.engines` (one document at a time as it is read, or in worker
processes, or on a Dask cluster), gathered into a
:class:`stats.tables.TableBuilder` as they come, the tables from
:func:`stats.tables.build_tables` and the files from
:func:`stats.outputs.write_tables`.  What this module adds is the command
line: options, filters (``--since``, ``--until``, ``--category``,
``--country``), a progress counter, messages and exit codes.

>>> build_parser().prog
'make-report'
>>> default_title(["seeds"])
'Casualty and displacement figures: seeds'
"""
from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import re
import sys
import textwrap
import time
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from .claims import CATEGORIES, Claim, extract_document
from .context import country_code
from .documents import ReadError, document_stem, read_documents
from .engines import (PARTITION_SIZE, SERIAL_DOCUMENTS, EngineError, Extracted, dask_available, extract_dask,
                      extract_stream)
from .estimates import DEFAULT_POLICY, POLICIES
from .lexicon import EXTRA_CATEGORIES
from .outputs import DEFAULT_TITLE, ERRORS_FILE, FORMATS, FormatError, available_formats, check_formats, write_tables
from .tables import TableBuilder, build_tables
from .units import load_household_sizes

__all__ = ["ClaimFilter", "build_parser", "claim_date", "default_title", "describe_corpus", "main", "parse_args"]

PROG = "make-report"
T = TypeVar("T")
#: The categories of the claims table: the contract's, then "casualties" (killed or injured, not said which).
_ALL_CATEGORIES = CATEGORIES + EXTRA_CATEGORIES

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
ENGINES = ("local", "dask")


# --- filters -----------------------------------------------------------------


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims go into the report: ``--since``, ``--until``, ``--category``, ``--country``.

    A claim's date is its ``event_date``, else its ``doc_date``; with
    ``since`` or ``until`` set, a claim with neither is left out.  Empty
    ``categories`` or ``countries`` keep every category or country.

    >>> from stats.claims import extract
    >>> claims = extract("Two people were killed and 300 families were displaced.", doc_id="d")
    >>> keep = ClaimFilter(categories=frozenset({"killed"}))
    >>> [c.category for c in claims if keep(c)]
    ['killed']
    >>> ClaimFilter(since=dt.date(2024, 1, 1))(claims[0])  # undated
    False
    """

    since: dt.date | None = None
    until: dt.date | None = None
    categories: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()

    @property
    def active(self) -> bool:
        return bool(self.since or self.until or self.categories or self.countries)

    def describe(self) -> str:
        """The filters in words, for the report ("" when there are none).

        >>> ClaimFilter(since=dt.date(2024, 7, 1), countries=frozenset({"NPL"})).describe()
        'figures dated from 2024-07-01; countries NPL'
        """
        parts = []
        if self.since and self.until:
            parts.append(f"figures dated {self.since} to {self.until}")
        elif self.since or self.until:
            parts.append(f"figures dated from {self.since}" if self.since else f"figures dated until {self.until}")
        if self.categories:
            parts.append("categories " + ", ".join(c for c in CATEGORIES if c in self.categories))
        if self.countries:
            parts.append("countries " + ", ".join(sorted(self.countries)))
        return "; ".join(parts)

    def __call__(self, claim: Claim) -> bool:
        if self.categories and claim.category not in self.categories:
            return False
        if self.countries and (claim.country or "").upper() not in self.countries:
            return False
        if self.since or self.until:
            day = claim_date(claim)
            if day is None or (self.since and day < self.since) or (self.until and day > self.until):
                return False
        return True


def claim_date(claim: Claim) -> dt.date | None:
    """The date a claim is filtered by: its ``event_date``, else its ``doc_date`` (``None`` if neither)."""
    for value in (claim.event_date, claim.doc_date):
        if value:
            try:
                return dt.date.fromisoformat(str(value)[:10])
            except ValueError:
                continue
    return None


# --- option values -----------------------------------------------------------


def _items(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _formats(value: str) -> list[str]:
    """``--format``: a comma-separated list of available formats."""
    names = _items(value)
    if not names:
        raise argparse.ArgumentTypeError(f"no format given (choose from {', '.join(available_formats())})")
    try:
        return check_formats(names)
    except FormatError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _categories(value: str) -> list[str]:
    """``--category``: a comma-separated list of the categories of the claims table.

    >>> _categories("killed, injured, casualties")
    ['killed', 'injured', 'casualties']
    >>> _categories("deaths")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    argparse.ArgumentTypeError: unknown category 'deaths' (choose from killed, injured, ...)
    """
    names = [name.lower() for name in _items(value)]
    if not names:
        raise argparse.ArgumentTypeError("no category given")
    for name in names:
        if name not in _ALL_CATEGORIES:
            raise argparse.ArgumentTypeError(f"unknown category {name!r} (choose from {', '.join(_ALL_CATEGORIES)})")
    return names


def _countries(value: str) -> list[str]:
    """``--country``: a comma-separated list of ISO 3166 alpha-3 codes.

    >>> _countries("syr,NPL")
    ['SYR', 'NPL']
    >>> _countries("Syria")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: country 'Syria' is not an ISO 3166 alpha-3 code (e.g. SYR)
    """
    codes = _items(value)
    if not codes:
        raise argparse.ArgumentTypeError("no country given")
    for code in codes:
        if not re.fullmatch(r"[A-Za-z]{3}", code) or country_code(code) != code.upper():
            raise argparse.ArgumentTypeError(f"country {code!r} is not an ISO 3166 alpha-3 code (e.g. SYR)")
    return [code.upper() for code in codes]


def _date(value: str) -> dt.date:
    """``--since``/``--until``: an ISO date, YYYY-MM-DD.

    >>> _date("2024-07-02")
    datetime.date(2024, 7, 2)
    >>> _date("02/07/2024")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: not an ISO date (YYYY-MM-DD): '02/07/2024'
    """
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {value!r}") from None


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


def _jobs(value: str) -> int:
    """``--jobs``: a whole number of processes, at least 1.

    >>> _jobs("4")
    4
    >>> _jobs("0")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: the number of jobs must be a whole number of at least 1, not '0'
    """
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"the number of jobs must be a whole number of at least 1, not {value!r}")
    return jobs


def _title(value: str) -> str:
    title = " ".join(value.split())
    if not title:
        raise argparse.ArgumentTypeError("the title is empty")
    return title


def default_title(inputs: Sequence[str | os.PathLike[str]]) -> str:
    """The report's title when ``--title`` is not given, from the inputs' names.

    >>> default_title(["corpus/", "more/news.jsonl", "wire.csv.gz"])
    'Casualty and displacement figures: corpus, news, wire'
    >>> default_title(["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"])
    'Casualty and displacement figures: a, b, c and 2 more'
    """
    names: list[str] = []
    for item in inputs:
        path = Path(item)
        name = document_stem(str(path)) or path.name
        if not name:
            name = Path(os.path.abspath(path)).name or str(item)
        if name not in names:
            names.append(name)
    if not names:
        return DEFAULT_TITLE
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return f"{DEFAULT_TITLE}: {shown}"


def describe_corpus(inputs: Sequence[str | os.PathLike[str]], keep: ClaimFilter | None = None) -> str:
    """The inputs as given, and the filters, for the PDF's title page.

    >>> describe_corpus(["seeds"])
    'seeds'
    >>> describe_corpus(["a.txt", "b.txt", "c.txt", "d.txt"], ClaimFilter(categories=frozenset({"killed"})))
    'a.txt, b.txt, c.txt and 1 more; categories killed'
    """
    given = [os.fspath(p) for p in inputs]
    text = ", ".join(given[:3]) + (f" and {len(given) - 3} more" if len(given) > 3 else "")
    filters = keep.describe() if keep is not None else ""
    return f"{text}; {filters}" if filters else text


# --- command line ------------------------------------------------------------

EPILOG = """\
examples:
  make-report seeds --out reports                    every .txt/.md/.jsonl/.csv in seeds/
  make-report article.txt notes.md --out reports     text files (id = file stem)
  make-report news.jsonl --out reports --format csv  JSON Lines: {"id": ..., "text": ...}
  make-report events.csv --text-column notes --id-column event_id --out reports
  python -m stats corpus/ more.jsonl --out reports --format json --quiet
  make-report news.jsonl --out reports --format csv,parquet,hxl
  make-report news.jsonl --out reports --format pdf --format png
                      the PDF report and the charts only
  make-report news.jsonl --out reports --title "Floods in Nepal, July 2024"
                      the title of the PDF and the charts (default: from the INPUT names)
  make-report news.jsonl --out reports --policy spread
  make-report news.jsonl --out reports --household-size 4.8
                      figures in households also in persons, 4.8 persons a household
  make-report news.jsonl --out reports --household-sizes sizes.csv --household-size 5
                      a size per country from sizes.csv (columns country, household_size),
                      5 for the countries it does not list
  make-report news.jsonl --out reports --since 2024-07-01 --until 2024-07-31
                      only figures dated in July 2024 (event date, else document date)
  make-report news.jsonl --out reports --category killed,injured --category missing
  make-report news.jsonl --out reports --country NPL --country IND
  make-report news.jsonl --out reports --quiet      no progress counter, no summary line
  make-report big.jsonl --out reports --jobs 4       extract with 4 worker processes
  make-report big.jsonl --out reports --jobs 1       all in this process, no workers
  make-report /shared/news --out reports --engine dask --scheduler tcp://10.0.0.5:8786
                      extract on a Dask cluster (pip install 'casualty-stats[dask]');
                      its workers read the INPUT paths

inputs:
  .txt, .md  one document a file, id = file stem; metadata (date, title, source,
             url, country) from <stem>.meta.json beside it, if any
  .jsonl     one JSON object a line: id, text, and optionally the metadata keys
  .csv       a header row, then one document a row (--text-column, --id-column)
  .gz, .bz2, .xz  any of these compressed (news.jsonl.gz), read as it decompresses
  DIR        every file of these kinds inside, recursively, in sorted order

filters:
  --since, --until, --category and --country choose the figures (claims) that
  go into every table, chart and the PDF; a figure's date is its event date,
  else its document's date, and with --since or --until a figure with neither
  is left out.  Categories (--category):
{categories}

households:
  a figure counted in households ("300 families") is converted to persons only
  with a household size: from --household-sizes FILE for the document's country
  (ISO3 code), else --household-size N.  Then its claims row has persons_low,
  persons_value, persons_high, household_size and household_size_source; those
  columns are there only when something was converted.  Without a size, household
  figures stay in households, apart from persons.

outputs, in DIR (--format; default: all available formats):
  claims             one row per figure stated in a document
  doc_totals         one row per document and category
  estimates          one row per estimate: the figures of every document that count
                     the same thing, reconciled by --policy
  series             one row per running total and as-of date
                     (each table as TABLE.csv, TABLE.parquet, TABLE.json)
  estimates.hxl.csv  the estimates with an HXL tag row (--format hxl)
  chart_NAME.png     one chart per view of the tables, and summary.png (--format png)
  report.pdf         the report: title, charts, tables, notes (--format pdf)
  errors.csv         path, line, message of every problem; only when there was one

large corpora:
  documents are read and extracted as a stream: the memory used grows with the
  tables, not with the texts.  --jobs N (default: one a CPU core) extracts in N
  worker processes once more than {serial} documents have been read; the outputs are
  the same as with --jobs 1, row for row.  --engine dask --scheduler ADDRESS runs
  the extraction on the workers of a Dask cluster (--jobs is then not used), in
  partitions of about {partition} documents (whole files, a larger .jsonl in spans
  of lines); the tables are made and written here.

progress:
  on a terminal, stderr shows a count of the documents read; nothing when
  stderr is not a terminal or with --quiet.

exit status:
  0    every input was read
  1    some inputs or lines could not be read: they are reported on stderr and
       in DIR/errors.csv, and the outputs cover everything else
  2    usage error (bad option, a bad date, an unknown category, country or format,
       a format that is not available, no INPUT, a bad --household-sizes file),
       no document could be read from any INPUT, or DIR could not be written;
       nothing is written
  130  interrupted (Ctrl-C); no output file is left half-written
""".replace("{categories}", textwrap.fill(", ".join(_ALL_CATEGORIES), width=80, initial_indent="    ",
                                         subsequent_indent="    ")).replace(
    "{serial}", f"{SERIAL_DOCUMENTS:,}").replace("{partition}", f"{PARTITION_SIZE:,}")


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("casualty-stats")
    except Exception:  # not installed: running from a source tree
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The ``make-report`` argument parser."""
    available = available_formats()
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Extract casualty and displacement figures from news text and write\n"
        "them, with per-document totals, estimates across documents, charts and a PDF\n"
        "report, as files in DIR.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="a .txt, .md, .jsonl or .csv file (or one compressed: .gz, .bz2, .xz), or a directory")
    parser.add_argument("--out", "-o", required=True, metavar="DIR", help="directory for the outputs (created if needed)")
    parser.add_argument("--title", type=_title, metavar="TEXT",
                        help="title of the PDF report and the charts (default: from the INPUT names, "
                        "e.g. \"Casualty and displacement figures: seeds\")")
    parser.add_argument(
        "--format", "-f", dest="formats", type=_formats, action="append", metavar="LIST",
        help=f"output formats, comma-separated or repeated: {', '.join(available)} (default: all of them)"
        + ("" if len(available) == len(FORMATS) else
           f"; not available in this installation: {', '.join(f for f in FORMATS if f not in available)}"),
    )
    parser.add_argument(
        "--policy", choices=list(POLICIES), default=DEFAULT_POLICY,
        help=f"how the estimates are made from the claims: {', '.join(POLICIES)} (default: %(default)s)",
    )
    parser.add_argument(
        "--household-size", type=_household_size, metavar="N",
        help="persons per household, to convert figures counted in households (\"300 families\") "
        "to persons; for countries not in --household-sizes (default: no conversion)",
    )
    parser.add_argument(
        "--household-sizes", metavar="FILE",
        help="CSV file of household sizes per country: columns country (ISO3 code) and household_size",
    )
    parser.add_argument("--since", type=_date, metavar="DATE",
                        help="only figures dated on or after DATE (YYYY-MM-DD): the event date, else the document's")
    parser.add_argument("--until", type=_date, metavar="DATE",
                        help="only figures dated on or before DATE (YYYY-MM-DD)")
    parser.add_argument("--category", dest="categories", type=_categories, action="append", metavar="LIST",
                        help="only figures of these categories, comma-separated or repeated (default: all)")
    parser.add_argument("--country", dest="countries", type=_countries, action="append", metavar="ISO3",
                        help="only figures placed in these countries (ISO 3166 alpha-3 codes), "
                        "comma-separated or repeated (default: all)")
    parser.add_argument("--text-column", default="text", metavar="NAME", help="CSV column holding the text (default: text)")
    parser.add_argument("--id-column", default="id", metavar="NAME",
                        help="CSV column holding the document id (default: id; "
                        "without it, ids are <file stem>:<row number>)")
    parser.add_argument("--jobs", "-j", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes that extract the figures (default: one a core, here %(default)s; "
                        "1: none, all in this process)")
    parser.add_argument("--engine", choices=ENGINES, default="local",
                        help="what extracts the figures: local (this machine, --jobs processes) or dask "
                        "(the Dask cluster at --scheduler; needs casualty-stats[dask]) (default: %(default)s)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="the Dask scheduler of --engine dask, e.g. tcp://10.0.0.5:8786; "
                        "its workers must read the INPUT paths")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="no progress counter and no summary line (problems are still reported)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    return parser


def _flat(lists: Iterable[list[str]] | None) -> list[str]:
    out: list[str] = []
    for items in lists or ():
        out.extend(i for i in items if i not in out)
    return out


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The options of ``argv``, checked; ``SystemExit`` (status 2) on a usage error."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.formats = _flat(args.formats) or available_formats()
    args.categories = _flat(args.categories)
    args.countries = _flat(args.countries)
    if args.since and args.until and args.since > args.until:
        parser.error(f"--since {args.since} is after --until {args.until}")
    if args.engine == "dask" and not args.scheduler:
        parser.error("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    if args.scheduler and args.engine != "dask":
        parser.error("--scheduler is for --engine dask")
    if args.engine == "dask" and not dask_available():
        parser.error("--engine dask needs dask and distributed: pip install 'casualty-stats[dask]'")
    return args


# --- messages and progress ---------------------------------------------------


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


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


class _Progress:
    """A one-line counter of the documents read, redrawn with ``\\r`` on stderr.

    Drawn at most every :attr:`interval` seconds; :meth:`clear` blanks the
    line (before a message, and at the end).  Disabled, it does nothing.
    """

    interval = 0.1

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.width = 0
        self.last = -math.inf

    def update(self, documents: int, figures: int) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < self.interval:
            return
        self.last = now
        self._draw(f"{PROG}: {documents:,} document{'' if documents == 1 else 's'} read, "
                   f"{figures:,} figure{'' if figures == 1 else 's'}")

    def _draw(self, text: str) -> None:
        pad = " " * max(0, self.width - len(text))
        sys.stderr.write(f"\r{text}{pad}")
        sys.stderr.flush()
        self.width = len(text)

    def clear(self) -> None:
        if self.enabled and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()
            self.width = 0
            self.last = -math.inf


# --- running -----------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run ``make-report`` with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    try:
        args = parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_USAGE)
    try:
        return _run(args)
    except KeyboardInterrupt:
        _say(f"{PROG}: interrupted")
        return EXIT_INTERRUPTED


def _run(args: argparse.Namespace) -> int:
    out_dir = Path(args.out)
    sizes = None
    if args.household_sizes is not None:
        try:
            sizes = load_household_sizes(args.household_sizes)
        except OSError as exc:
            _say(f"{PROG}: cannot read household sizes from {args.household_sizes}: {exc.strerror or exc}")
            _say(f"{PROG}: nothing written")
            return EXIT_USAGE
        except ValueError as exc:
            for line in str(exc).splitlines():
                _say(f"{PROG}: {line}")
            _say(f"{PROG}: nothing written")
            return EXIT_USAGE
    keep = ClaimFilter(since=args.since, until=args.until, categories=frozenset(args.categories),
                       countries=frozenset(args.countries))
    progress = _Progress(enabled=not args.quiet and _is_terminal(sys.stderr))
    problems: list[ReadError] = []

    def on_error(error: ReadError) -> None:
        problems.append(error)
        progress.clear()
        _say(f"{PROG}: {error}")

    source: Generator[Any, None, None]
    results: Generator[Extracted, None, None]
    if args.engine == "dask":
        source = results = _making_dir(extract_dask(
            args.inputs, scheduler=args.scheduler, keep=keep, on_error=on_error, text_column=args.text_column,
            id_column=args.id_column), out_dir)
    else:
        source = _making_dir(read_documents(args.inputs, on_error=on_error, text_column=args.text_column,
                                            id_column=args.id_column), out_dir)
        results = extract_stream(source, jobs=args.jobs, keep=keep, extract=extract_document)
    claims = TableBuilder()
    found = n_docs = 0
    try:
        for result in results:
            found += result.found
            claims.add(result.claims)
            n_docs += 1
            progress.update(n_docs, found)
    except _CannotMakeDir as exc:
        progress.clear()
        return _cannot_write(out_dir, exc.error)
    except EngineError as exc:
        progress.clear()
        _say(f"{PROG}: {exc}")
        _say(f"{PROG}: nothing written")
        return EXIT_USAGE
    finally:
        results.close()
        source.close()
        progress.clear()
    if n_docs == 0:
        _say(f"{PROG}: no documents could be read" if problems else f"{PROG}: no documents found in the inputs")
        _say(f"{PROG}: nothing written")
        return EXIT_USAGE
    tables = build_tables(claims, documents=n_docs, policy=args.policy, household_size=args.household_size,
                          household_sizes=sizes)
    try:
        write_tables(tables, out_dir, args.formats, title=args.title or default_title(args.inputs),
                     corpus=describe_corpus(args.inputs, keep), errors=problems)
    except OSError as exc:
        return _cannot_write(out_dir, exc)
    if not args.quiet:
        where = args.out if args.out.endswith(("/", os.sep)) else args.out + "/"
        figures_text = (f"{len(claims)} of {_plural(found, 'figure')} (filtered)" if keep.active
                        else _plural(found, "figure"))
        summary = f"{figures_text} from {_plural(n_docs, 'document')} \u2192 {where}"
        if problems:
            summary += f" ({_plural(len(problems), 'problem')}, see {out_dir / ERRORS_FILE})"
        _say(summary)
    return EXIT_PARTIAL if problems else EXIT_OK


class _CannotMakeDir(Exception):
    """``DIR`` could not be made: ``error`` says why."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def _making_dir(items: Iterator[T], out_dir: Path) -> Generator[T, None, None]:
    """``items`` (documents, or what they gave), with ``out_dir`` made when the first comes (not when none does)."""
    try:
        for n, item in enumerate(items):
            if n == 0:
                try:
                    out_dir.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise _CannotMakeDir(exc) from exc
            yield item
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            close()


def _cannot_write(out_dir: Path, exc: OSError) -> int:
    _say(f"{PROG}: cannot write to {out_dir}: {exc.strerror or exc}")
    _say(f"{PROG}: nothing written")
    return EXIT_USAGE
