"""Read documents: text files, directories, JSONL and CSV.

Stage 0 of the pipeline (**read documents** -> find numbers -> ...).

:func:`read_documents` turns a list of paths into a stream of
:class:`Document` objects, one at a time, in a deterministic order.  What it
cannot read is described by a :class:`ReadError` (file, line, message) and
either handed to an ``on_error`` callback, so that reading goes on with the
rest, or raised as an :class:`InputError`.

Input kinds, chosen by the file's extension (case-insensitive):

``.txt``, ``.md``
    One document per file; its id is the file stem.  Metadata (``date``,
    ``title``, ``source``, ``url``, ``country``) may come from a sidecar
    ``<stem>.meta.json`` beside the file.
``.jsonl``
    One JSON object a line with ``id``, ``text`` and optionally the metadata
    keys above.  Blank lines are skipped.
``.csv``
    A header row, then one document a row; the text and id columns are
    named by ``text_column`` and ``id_column``.
compressed files
    Any of the above compressed with gzip, bzip2 or xz (``news.jsonl.gz``),
    read as it decompresses (:data:`DECOMPRESSORS`).
directories
    Every file of the kinds above inside, recursively, in sorted order.
"""
from __future__ import annotations

import bz2
import codecs
import csv
import gzip
import io
import json
import lzma
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "SPLIT_SUFFIXES", "Document", "InputError", "ReadError", "Span", "document_stem", "file_spans", "input_files",
    "read_documents", "read_span",
]

#: Metadata fields a JSONL object, CSV row or ``.meta.json`` sidecar may give.
METADATA_FIELDS = ("date", "title", "source", "url", "country")
TEXT_SUFFIXES = frozenset({".txt", ".md"})
SUFFIXES = TEXT_SUFFIXES | {".jsonl", ".csv"}
SIDECAR_SUFFIX = ".meta.json"
#: Suffixes of compressed files: ``news.jsonl.gz`` is read as it decompresses when Python's own
#: modules can (``DECOMPRESSORS``); with another suffix it is reported, not skipped silently.
COMPRESSED_SUFFIXES = frozenset({".gz", ".bz2", ".xz", ".zip", ".zst", ".7z"})
#: The compressed files read as they decompress, and the module that opens each.
DECOMPRESSORS = MappingProxyType({".gz": gzip, ".bz2": bz2, ".xz": lzma})
# What reading a file raises: OSError, and from a damaged compressed file also these (a truncated file, a bad block).
_READ_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError)

_SNIFF_BYTES = 8192
_BOM = codecs.BOM_UTF8
# News articles can be longer than csv's default field limit (131,072 characters).
_CSV_FIELD_LIMIT = 2**31 - 1
# Control bytes that text does not have (tab, newlines, form feed and escape aside);
# a file whose first bytes are more than _CONTROL_SHARE of them is binary.
_CONTROL_BYTES = bytes(b for b in range(1, 32) if b not in b"\t\n\v\f\r\x1b") + b"\x7f"
_CONTROL_SHARE = 0.05
# A lone surrogate (from a JSON escape such as "\ud800", or an undecodable file name)
# cannot be written as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")
_INVALID_UTF8 = "invalid UTF-8 (bad bytes replaced with U+FFFD)"
_LONE_SURROGATE = "invalid Unicode (lone surrogate escapes replaced with U+FFFD)"


@dataclass(frozen=True, slots=True)
class Document:
    """One document to extract figures from, with the metadata its input gave.

    >>> doc = Document(id="blast", text="Two people were injured in the blast.", country="SYR")
    >>> doc.id, doc.country, doc.date
    ('blast', 'SYR', None)
    """

    id: str
    text: str
    date: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class ReadError:
    """Something in an input that could not be read; ``line`` is 1-based or ``None``.

    >>> print(ReadError("news.jsonl", 3, "not valid JSON"))
    news.jsonl:3: not valid JSON
    >>> print(ReadError("missing.txt", None, "No such file or directory"))
    missing.txt: No such file or directory
    """

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


class InputError(ValueError):
    """An input could not be read; raised by :func:`read_documents` without ``on_error``.

    The :class:`ReadError` is in ``error``; the message is ``path:line: message``.

    >>> err = InputError(ReadError("a.csv", 1, "no column 'text'"))
    >>> str(err), err.error.line
    ("a.csv:1: no column 'text'", 1)
    """

    def __init__(self, error: ReadError) -> None:
        super().__init__(str(error))
        self.error = error

    def __reduce__(self) -> tuple[type[InputError], tuple[ReadError]]:  # keep the ReadError when pickled (multiprocessing)
        return (type(self), (self.error,))


def read_documents(
    paths: Iterable[str | os.PathLike[str]],
    *,
    on_error: Callable[[ReadError], None] | None = None,
    text_column: str = "text",
    id_column: str = "id",
) -> Iterator[Document]:
    """Read the documents in ``paths``, one at a time.

    Each path is a file (``.txt``, ``.md``, ``.jsonl``, ``.csv``, or one of
    them compressed with gzip, bzip2 or xz: ``news.jsonl.gz``, read as it
    decompresses) or a directory, walked recursively in sorted order; inside a directory, files
    of other kinds and hidden entries (names starting with ``.``) are skipped
    silently.  Documents come in the order of ``paths``, then of the lines or
    rows of each file.  Nothing is read ahead: a file is opened when the
    documents before it have been consumed, and JSONL and CSV files are read
    a line (a row) at a time.

    A ``.txt`` or ``.md`` file is one document, id = file stem (without the
    suffixes: ``report`` of ``report.txt.gz``), with metadata
    from ``<stem>.meta.json`` beside it when there is one.  A JSONL object
    without ``id`` gets ``<file stem>:<line number>``; a CSV without the
    ``id_column`` gets ``<file stem>:<row number>`` (rows counted from 1
    after the header).  Ids and metadata values that are not strings are
    turned into strings; empty metadata is ``None``.

    Problems are :class:`ReadError` objects: a path that cannot be read or
    listed, a binary file (NUL bytes, or too many control characters), an empty
    file (a CSV with a header and no rows too), an unsupported file named
    explicitly, a document file compressed as :data:`DECOMPRESSORS` cannot
    read (``news.jsonl.zst``, also inside a directory), a damaged compressed
    file (what it held before the damage is read), invalid UTF-8 (the document is still read, with the bad bytes
    replaced by U+FFFD; so are lone surrogates escaped in JSON strings), a
    JSONL line that is not a JSON object with a string ``text``, a CSV
    without ``text_column`` (reported at line 1, the file skipped), a CSV row
    with the wrong number of fields, and a sidecar that is not a JSON
    object.  With ``on_error`` each is passed to it and reading goes on;
    without, the first one is raised as :class:`InputError`.  Ids, texts and
    metadata are always valid Unicode: an undecodable byte of a file name
    becomes U+FFFD in the id.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = pathlib.Path(tmp, "blast.txt").write_text("Two people were injured in the blast.")
    ...     _ = pathlib.Path(tmp, "more.jsonl").write_text('{"id": 7, "text": "One man died."}\\n')
    ...     docs = list(read_documents([tmp]))
    >>> [(d.id, d.text) for d in docs]
    [('blast', 'Two people were injured in the blast.'), ('7', 'One man died.')]

    >>> problems = []
    >>> list(read_documents(["no/such/file.txt"], on_error=problems.append))
    []
    >>> print(problems[0])
    no/such/file.txt: No such file or directory
    """
    report = _reporter(on_error)
    for path in _files(paths, report):
        yield from _read_file(path, report, text_column, id_column)


def input_files(
    paths: Iterable[str | os.PathLike[str]], *, on_error: Callable[[ReadError], None] | None = None
) -> Iterator[str]:
    """The document files :func:`read_documents` reads for ``paths``, in the order it reads them.

    Directories are walked as :func:`read_documents` walks them; a path that
    is not a document file is reported as it reports it.  Reading these
    files one by one gives the documents of ``paths``, in the same order.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for name in ("b.jsonl", "a.txt", "notes.pdf"):
    ...         _ = pathlib.Path(tmp, name).write_text("{}")
    ...     [pathlib.Path(f).name for f in input_files([tmp])]
    ['a.txt', 'b.jsonl']
    """
    return _files(paths, _reporter(on_error))


def _files(paths: Iterable[str | os.PathLike[str]], report: Report) -> Iterator[str]:
    for path in paths:
        name = os.fspath(path)
        if isinstance(name, bytes):  # os.PathLike[bytes]
            name = os.fsdecode(name)
        yield from _walk(name, report, explicit=True, seen=frozenset())


# --- dispatch ----------------------------------------------------------------

Report = Callable[[str, "int | None", str], None]


def _reporter(on_error: Callable[[ReadError], None] | None) -> Report:
    def report(path: str, line: int | None, message: str) -> None:
        error = ReadError(path, line, message)
        if on_error is None:
            raise InputError(error)
        on_error(error)

    return report


def _oserror_message(exc: BaseException) -> str:
    """Why a path could not be read: the system's reason; an error without one is a decompressor's."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"damaged compressed file ({exc})"


def _kinds(path: str) -> tuple[str, str | None]:
    """The document suffix of ``path`` and its compression suffix (``None``: none), lower-case.

    >>> _kinds("News.JSONL.gz"), _kinds("notes.txt"), _kinds("backup.gz")
    (('.jsonl', '.gz'), ('.txt', None), ('.gz', None))
    """
    stem, suffix = os.path.splitext(path.lower())
    inner = os.path.splitext(stem)[1]
    return (inner, suffix) if suffix in COMPRESSED_SUFFIXES and inner in SUFFIXES else (suffix, None)


def _open_binary(path: str) -> io.BufferedIOBase:
    """``path`` opened to read bytes, decompressed as they are read when it is compressed."""
    compression = _kinds(path)[1]
    return open(path, "rb") if compression is None else DECOMPRESSORS[compression].open(path, "rb")


def _walk(path: str, report: Report, *, explicit: bool, seen: frozenset[str]) -> Iterator[str]:
    """The document files at ``path`` (itself, or those inside it), reporting what is not one."""
    try:
        is_dir = os.path.isdir(path)
        if not is_dir:
            os.stat(path)  # raises for a missing path or a dangling link
    except OSError as exc:
        report(path, None, _oserror_message(exc))
        return
    except ValueError as exc:  # a NUL byte, or a character the file system cannot encode
        report(path, None, f"not a valid path ({exc})")
        return
    if is_dir:
        yield from _walk_dir(path, report, seen)
        return
    suffix, compression = _kinds(path)
    if compression is not None and compression not in DECOMPRESSORS:
        report(path, None, f"compressed file ({compression}), skipped: decompress it first")
        return
    if suffix not in SUFFIXES:
        if explicit and not path.lower().endswith(SIDECAR_SUFFIX):
            report(path, None, f"unsupported file type (expected {', '.join(sorted(SUFFIXES))} or a directory)")
        return
    if not os.path.isfile(path):
        report(path, None, "not a regular file")
        return
    yield path


def _walk_dir(path: str, report: Report, seen: frozenset[str]) -> Iterator[str]:
    real = os.path.realpath(path)
    if real in seen:  # a symbolic link back up the tree
        return
    try:
        with os.scandir(path) as entries:
            names = sorted(entry.name for entry in entries)
    except OSError as exc:
        report(path, None, f"cannot list directory: {_oserror_message(exc)}")
        return
    seen = seen | {real}
    for name in names:
        if name.startswith("."):
            continue
        yield from _walk(os.path.join(path, name), report, explicit=False, seen=seen)


def _read_file(path: str, report: Report, text_column: str, id_column: str) -> Iterator[Document]:
    suffix = _kinds(path)[0]
    if suffix in TEXT_SUFFIXES:
        yield from _read_text_file(path, report)
    elif suffix == ".jsonl":
        yield from _read_jsonl(path, report)
    else:
        yield from _read_csv(path, report, text_column, id_column)


# --- helpers -----------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, int | None]:
    """``data`` as text, and the 0-based offset of the first invalid byte (or ``None``)."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return data.decode("utf-8", errors="replace"), exc.start


def _binary(head: bytes) -> str | None:
    """Why ``head``, the first bytes of a file, are not text (``None`` when they are).

    >>> _binary(b"Two people died.\\n"), _binary(b"GIF89a\\x00\\x01"), _binary(b"\\x89\\x13\\x02\\x05\\x1f")
    (None, 'binary file (contains NUL bytes), skipped', 'binary file (too many control characters), skipped')
    """
    if b"\0" in head:
        return "binary file (contains NUL bytes), skipped"
    if head and sum(head.count(b) for b in _CONTROL_BYTES) > _CONTROL_SHARE * len(head):
        return "binary file (too many control characters), skipped"
    return None


def _valid(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (one for one: offsets stay).

    >>> _valid("caf\\udce9"), _valid("ok")
    ('caf\ufffd', 'ok')
    """
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _parse_json(text: str) -> tuple[object, int, str | None]:
    """``text`` parsed as JSON: (value, line of the problem, problem or ``None``).

    >>> _parse_json('{"a": [1]}')
    ({'a': [1]}, 1, None)
    >>> _parse_json("[" * 100_000)[2]
    'not valid JSON (nested too deeply)'
    >>> _parse_json("9" * 5000)[2]
    'not valid JSON (a number too long to read)'
    """
    try:
        return json.loads(text), 1, None
    except json.JSONDecodeError as exc:
        return None, exc.lineno, f"not valid JSON ({exc.msg})"
    except RecursionError:
        return None, 1, "not valid JSON (nested too deeply)"
    except ValueError:  # an integer longer than sys.get_int_max_str_digits()
        return None, 1, "not valid JSON (a number too long to read)"


def _has_surrogate(record: dict) -> bool:
    """Whether the text, the id or the metadata of ``record`` holds a lone surrogate."""
    values = (record.get(key) for key in ("text", "id", *METADATA_FIELDS))
    return any(
        _SURROGATE.search(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
        for v in values if v is not None
    )


def _meta_value(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    return _valid(text) or None


def _metadata(record: dict) -> dict[str, str | None]:
    return {key: _meta_value(record.get(key)) for key in METADATA_FIELDS}


def _newlines(text: str) -> str:
    """Universal newlines, as ``open(..., "r")`` reads them."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(path: str, report: Report) -> bytes | None:
    try:
        with _open_binary(path) as f:
            return f.read()
    except _READ_ERRORS as exc:
        report(path, None, _oserror_message(exc))
        return None


def _open_stream(path: str, report: Report) -> io.BufferedIOBase | None:
    """Open ``path`` for reading lines; ``None`` (reported) when it cannot be
    read, is binary or is empty."""
    try:
        f = _open_binary(path)
    except OSError as exc:
        report(path, None, _oserror_message(exc))
        return None
    try:
        head = _head(f)
        binary = _binary(head)
        if binary:
            f.close()
            report(path, None, binary)
            return None
        if not head.removeprefix(_BOM).strip() and not f.read(1):
            # whitespace-only head and nothing after it
            f.close()
            report(path, None, "empty file")
            return None
        f.seek(0)
    except _READ_ERRORS as exc:
        f.close()
        report(path, None, _oserror_message(exc))
        return None
    except BaseException:
        f.close()
        raise
    return f


def _head(f: io.BufferedIOBase) -> bytes:
    """The first bytes of ``f`` (``_SNIFF_BYTES`` at most) to sniff; of a damaged compressed file,
    those before the damage, so that the lines before it are still read (and the damage reported)."""
    head = b""
    try:
        while len(head) < _SNIFF_BYTES and (chunk := f.read1(_SNIFF_BYTES - len(head))):
            head += chunk
    except _READ_ERRORS:
        if not head:
            raise
    return head


def _stem(path: str) -> str:
    return _valid(_base_name(path))


def document_stem(path: str) -> str | None:
    """The name of document file ``path`` without its suffixes; ``None`` when it names no document file.

    >>> document_stem("more/news.jsonl.gz"), document_stem("Report.TXT"), document_stem("corpus")
    ('news', 'Report', None)
    """
    return _base_name(path) if _kinds(path)[0] in SUFFIXES else None


def _base_name(path: str) -> str:
    """The file name of ``path`` without its suffixes: ``news`` of ``news.jsonl`` and of ``news.jsonl.gz``."""
    name = os.path.basename(path)
    if _kinds(path)[1] is not None:
        name = os.path.splitext(name)[0]
    return os.path.splitext(name)[0]


# --- text files --------------------------------------------------------------


def _read_text_file(path: str, report: Report) -> Iterator[Document]:
    data = _read_bytes(path, report)
    if data is None:
        return
    binary = "binary file (contains NUL bytes), skipped" if b"\0" in data else _binary(data[:_SNIFF_BYTES])
    if binary:
        report(path, None, binary)
        return
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    if not data.strip():
        report(path, None, "empty file")
        return
    text, bad = _decode(data)
    if bad is not None:
        report(path, data.count(b"\n", 0, bad) + 1, _INVALID_UTF8)
    meta = _read_sidecar(path, report)
    yield Document(id=_stem(path), text=_newlines(text), **meta)


def _read_sidecar(path: str, report: Report) -> dict[str, str | None]:
    sidecar = os.path.join(os.path.dirname(path), _base_name(path) + SIDECAR_SUFFIX)
    if not os.path.exists(sidecar):
        return {}
    data = _read_bytes(sidecar, report)
    if data is None:
        return {}
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    text, bad = _decode(data)
    if bad is not None:
        report(sidecar, data.count(b"\n", 0, bad) + 1, _INVALID_UTF8)
    record, line, problem = _parse_json(text)
    if problem:
        report(sidecar, line, f"{problem}; metadata ignored")
        return {}
    if not isinstance(record, dict):
        report(sidecar, 1, f"expected a JSON object, got {_json_type(record)}; metadata ignored")
        return {}
    if _has_surrogate(record):
        report(sidecar, None, _LONE_SURROGATE)
    return _metadata(record)


def _json_type(value: object) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )


# --- spans: a large JSONL or CSV file read in parts ---------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """A part of a JSONL or CSV file (:func:`file_spans`): bytes ``start`` to ``stop``.

    It starts with a record: a non-blank line of a JSONL file, a row of a CSV
    after its header, on line ``line``, after ``row`` records of the file.
    """

    start: int
    stop: int
    line: int
    row: int


#: The suffixes of the files :func:`file_spans` cuts into spans.
SPLIT_SUFFIXES = frozenset({".jsonl", ".csv"})


def file_spans(path: str | os.PathLike[str], records: int) -> list[Span]:
    """``path``, a JSONL or CSV file, cut into spans of ``records`` records each.

    A record is a non-blank line of a JSONL file, or a row of a CSV file
    after its header (a quoted field may hold line breaks).  :func:`read_span`
    reads one span; together the spans read what :func:`read_documents`
    reads of the file, so that several processes can read a large file in
    parts.  A CSV file's spans end at a row that is not CSV: the reading of
    the file ends there.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp, "news.jsonl")
    ...     _ = path.write_text('{"text": "a"}\\n\\n{"text": "b"}\\n{"text": "c"}\\n')
    ...     spans = file_spans(path, 2)
    ...     docs = [d.id for span in spans for d in read_span(path, span)]
    >>> spans
    [Span(start=0, stop=29, line=1, row=0), Span(start=29, stop=43, line=4, row=2)]
    >>> docs
    ['news:1', 'news:3', 'news:4']
    """
    if records < 1:
        raise ValueError(f"records must be at least 1, not {records}")
    name = os.fsdecode(os.fspath(path))
    bounds = [(0, 1)]  # (byte, line) where each span starts: the first also holds what comes before its first record
    with open(name, "rb") as f:
        for i, (byte, line) in enumerate(_record_starts(f, name, _split_suffix(name))):
            if i and i % records == 0:
                bounds.append((byte, line))
        size = f.seek(0, os.SEEK_END)
    stops = [byte for byte, _ in bounds[1:]] + [size]
    return [Span(byte, stop, line, i * records) for i, ((byte, line), stop) in enumerate(zip(bounds, stops))]


def _record_starts(f: io.BufferedIOBase, path: str, suffix: str) -> Iterator[tuple[int, int]]:
    """The byte and line where each record of JSONL or CSV file ``f`` starts; a CSV's up to a row that is not CSV."""
    if suffix == ".jsonl":
        pos = 0
        for lineno, raw in enumerate(f, 1):
            if raw.strip():
                yield pos, lineno
            pos += len(raw)
        return
    rows = iter(_CSVRecords(f, path, []))
    try:
        next((row for row, _, _ in rows if row), None)  # the header
        yield from ((byte, line) for row, line, byte in rows if row)
    except csv.Error:  # the reading of the file ends at this row
        return


def read_span(
    path: str | os.PathLike[str],
    span: Span,
    *,
    on_error: Callable[[ReadError], None] | None = None,
    text_column: str = "text",
    id_column: str = "id",
) -> Iterator[Document]:
    """The documents of one span of a JSONL or CSV file (:func:`file_spans`), read as
    :func:`read_documents` reads them (a CSV span reads its file's header first)."""
    name = os.fsdecode(os.fspath(path))
    if _split_suffix(name) == ".jsonl":
        yield from _read_jsonl(name, _reporter(on_error), span)
    else:
        yield from _read_csv(name, _reporter(on_error), text_column, id_column, span)


def _split_suffix(path: str) -> str:
    suffix = os.path.splitext(path.lower())[1]
    if suffix not in SPLIT_SUFFIXES:
        raise ValueError(f"{path}: only {' and '.join(sorted(SPLIT_SUFFIXES))} files are read in spans")
    return suffix


# --- JSONL -------------------------------------------------------------------


def _read_jsonl(path: str, report: Report, span: Span | None = None) -> Iterator[Document]:
    f = _open_stream(path, report)
    if f is None:
        return
    stem = _stem(path)
    start, stop, first = (span.start, span.stop, span.line) if span else (0, None, 1)
    with f:
        try:
            f.seek(start)
            for lineno, raw in enumerate(f, first):
                if stop is not None:
                    if start >= stop:
                        break
                    start += len(raw)
                if lineno == 1 and raw.startswith(_BOM):
                    raw = raw[len(_BOM):]
                if not raw.strip():
                    continue
                line, bad = _decode(raw)
                if bad is not None:
                    report(path, lineno, _INVALID_UTF8)
                record, _, problem = _parse_json(line)
                if problem:
                    report(path, lineno, problem)
                    continue
                if not isinstance(record, dict):
                    report(path, lineno, f"expected a JSON object, got {_json_type(record)}")
                    continue
                text = record.get("text")
                if not isinstance(text, str):
                    problem = "no 'text'" if text is None else f"'text' is {_json_type(text)}, not a string"
                    report(path, lineno, problem)
                    continue
                if _has_surrogate(record):
                    report(path, lineno, _LONE_SURROGATE)
                doc_id = _meta_value(record.get("id")) or f"{stem}:{lineno}"
                yield Document(id=doc_id, text=_valid(text), **_metadata(record))
        except _READ_ERRORS as exc:
            report(path, None, _oserror_message(exc))


# --- CSV ---------------------------------------------------------------------


class _CSVRecords:
    """The records of CSV file ``f`` (open, binary) from byte ``start``, which begins line ``line``.

    Iterating gives each record (``[]`` for a blank line) with the line and
    the byte it starts at.  ``lines`` counts the lines read (where a
    ``csv.Error`` is); a line that is not UTF-8 is decoded with replacement
    and reported in ``pending``.
    """

    def __init__(self, f: io.BufferedIOBase, path: str, pending: list[ReadError], start: int = 0, line: int = 1) -> None:
        self.f, self.path, self.pending = f, path, pending
        self.start, self.pos, self.lines = start, start, line - 1

    def _decoded(self) -> Iterator[str]:
        self.f.seek(self.start)
        for raw in self.f:
            self.lines += 1
            self.pos += len(raw)
            if self.lines == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM):]
            line, bad = _decode(raw)
            if bad is not None:
                self.pending.append(ReadError(self.path, self.lines, _INVALID_UTF8))
            yield line

    def __iter__(self) -> Iterator[tuple[list[str], int, int]]:
        if csv.field_size_limit() < _CSV_FIELD_LIMIT:
            csv.field_size_limit(_CSV_FIELD_LIMIT)
        line, byte = self.lines + 1, self.pos
        for row in csv.reader(self._decoded()):
            yield row, line, byte
            line, byte = self.lines + 1, self.pos


def _columns(header: list[str], text_column: str, id_column: str) -> tuple[int, int | None, dict[str, int]]:
    """Where a CSV row has its text, its id (``None``: no id column) and each metadata field."""
    return (header.index(text_column), header.index(id_column) if id_column in header else None,
            {key: header.index(key) for key in METADATA_FIELDS if key in header})


def _read_csv(path: str, report: Report, text_column: str, id_column: str, span: Span | None = None) -> Iterator[Document]:
    f = _open_stream(path, report)
    if f is None:
        return
    stem = _stem(path)
    pending: list[ReadError] = []

    def flush() -> None:
        while pending:
            error = pending.pop(0)
            report(error.path, error.line, error.message)

    with f:
        records = _CSVRecords(f, path, pending)
        header: list[str] | None = None
        row_number = 0
        stop = None if span is None else span.stop
        try:
            if span is not None and span.start > 0:  # the header first: the span at the file's start reports its problems
                header = next((row for row, _, _ in _CSVRecords(f, path, []) if row), None)
                if header is None or text_column not in header:
                    return
                columns = _columns(header, text_column, id_column)
                records = _CSVRecords(f, path, pending, span.start, span.line)
                row_number = span.row
            for row, row_start, byte in records:
                if stop is not None and byte >= stop:  # the next span's
                    pending.clear()
                    break
                flush()
                if not row:  # blank line
                    continue
                if header is None:
                    header = row
                    if text_column not in header:
                        report(path, row_start, f"no column {text_column!r} (columns: {', '.join(header)}); file skipped")
                        return
                    columns = _columns(header, text_column, id_column)
                    continue
                row_number += 1
                if len(row) != len(header):
                    report(path, row_start, f"expected {len(header)} fields, got {len(row)}; row skipped")
                    continue
                text_at, id_at, meta_at = columns
                doc_id = (row[id_at].strip() if id_at is not None else "") or f"{stem}:{row_number}"
                meta = {key: _meta_value(row[at]) for key, at in meta_at.items()}
                yield Document(id=doc_id, text=row[text_at], **meta)
            flush()
        except csv.Error as exc:
            flush()
            report(path, records.lines or None, f"bad CSV ({exc}); rest of file skipped")
            return
        except _READ_ERRORS as exc:
            report(path, None, _oserror_message(exc))
            return
        if header is None:
            report(path, None, "empty file")
        elif row_number == 0:
            report(path, None, "no rows after the header")
