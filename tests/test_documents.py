"""Reading documents: every input kind and every kind of problem."""
from __future__ import annotations

import gzip
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from stats.documents import (
    DECOMPRESSORS, Document, InputError, ReadError, Span, file_spans, read_documents, read_span,
)

BEFORE = "Two people were injured in the blast."
AFTER = "A policeman was killed on Tuesday."


def read(paths, **kwargs) -> tuple[list[Document], list[ReadError]]:
    errors: list[ReadError] = []
    docs = list(read_documents(paths, on_error=errors.append, **kwargs))
    return docs, errors


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


# --- input kinds ---------------------------------------------------------------


def test_text_file_is_one_document_named_by_its_stem(tmp_path):
    path = write(tmp_path / "blast-report.txt", BEFORE + "\n")
    docs, errors = read([path])
    assert errors == []
    assert docs == [Document(id="blast-report", text=BEFORE + "\n")]


def test_markdown_file_and_str_paths(tmp_path):
    path = write(tmp_path / "notes.MD", "# Flood\n\nAbout 300 families were displaced.\n")
    docs, errors = read([str(path)])
    assert errors == []
    assert [d.id for d in docs] == ["notes"]
    assert docs[0].text.startswith("# Flood")


def test_text_file_newlines_and_bom_are_normalised(tmp_path):
    path = write(tmp_path / "crlf.txt", "\ufeffOne line.\r\nAnother line.\rLast.")
    docs, _ = read([path])
    assert docs[0].text == "One line.\nAnother line.\nLast."


def test_sidecar_metadata_and_sidecar_is_not_a_document(tmp_path):
    write(tmp_path / "a.txt", BEFORE)
    write(
        tmp_path / "a.meta.json",
        '{"title": "Blast", "date": "2015-04-25", "source": "Wire", "url": null, "country": "SYR", "extra": 1}',
    )
    docs, errors = read([tmp_path])
    assert errors == []
    assert docs == [
        Document(id="a", text=BEFORE, date="2015-04-25", title="Blast", source="Wire", url=None, country="SYR")
    ]


def test_sidecar_values_that_are_not_strings_become_strings(tmp_path):
    write(tmp_path / "a.txt", BEFORE)
    write(tmp_path / "a.meta.json", '{"date": 2015, "title": ""}')
    docs, _ = read([tmp_path / "a.txt"])
    assert docs[0].date == "2015"
    assert docs[0].title is None


def test_sidecar_named_explicitly_is_skipped_silently(tmp_path):
    write(tmp_path / "a.txt", BEFORE)
    sidecar = write(tmp_path / "a.meta.json", '{"date": "2020-01-01"}')
    docs, errors = read([tmp_path / "a.txt", sidecar])
    assert [d.id for d in docs] == ["a"]
    assert errors == []


def test_directory_is_walked_recursively_in_sorted_order(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus / "b.txt", "b")
    write(corpus / "a" / "z.md", "a/z")
    write(corpus / "a" / "c.txt", "a/c")
    write(corpus / "c.jsonl", '{"id": "c1", "text": "c1"}\n{"id": "c2", "text": "c2"}\n')
    write(corpus / "d.csv", "id,text\nd1,d1\n")
    write(corpus / "B.txt", "B")
    write(corpus / "skip.pdf", b"%PDF-1.4 \x00\x01")
    write(corpus / "skip.json", '{"text": "not a document"}')
    write(corpus / ".hidden.txt", "hidden")
    write(corpus / ".git" / "x.txt", "hidden dir")
    docs, errors = read([corpus])
    assert errors == []
    assert [d.id for d in docs] == ["B", "c", "z", "b", "c1", "c2", "d1"]
    assert [d.text for d in docs] == ["B", "a/c", "a/z", "b", "c1", "c2", "d1"]
    # the same order every time
    assert [d.id for d in read([corpus])[0]] == [d.id for d in docs]


def test_paths_are_read_in_the_order_given(tmp_path):
    a = write(tmp_path / "a.txt", "a")
    b = write(tmp_path / "b.txt", "b")
    assert [d.id for d in read([b, a])[0]] == ["b", "a"]


def test_directory_symlink_loop_terminates(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus / "a.txt", "a")
    try:
        (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    except OSError:
        pytest.skip("no symbolic links here")
    docs, errors = read([corpus])
    assert [d.id for d in docs] == ["a"]
    assert errors == []


def test_jsonl_fields_coercion_and_blank_lines(tmp_path):
    path = write(
        tmp_path / "news.jsonl",
        '{"id": 17, "text": "Five were killed.", "date": "2023-10-07", "country": "ISR", "source": "Wire"}\n'
        "\n"
        "   \n"
        '{"id": "x", "text": "Nobody died.", "title": 12, "url": "https://example.org/x", "country": null}\r\n'
        '{"text": "No id here."}\n',
    )
    docs, errors = read([path])
    assert errors == []
    assert docs == [
        Document(id="17", text="Five were killed.", date="2023-10-07", source="Wire", country="ISR"),
        Document(id="x", text="Nobody died.", title="12", url="https://example.org/x"),
        Document(id="news:5", text="No id here."),
    ]


def test_jsonl_is_streamed(tmp_path):
    path = write(tmp_path / "big.jsonl", '{"id": 1, "text": "one"}\nnot json\n')
    docs = read_documents([path])  # raises at the first problem, so only when it reaches line 2
    assert next(docs).id == "1"
    with pytest.raises(InputError):
        next(docs)


def test_read_documents_is_lazy():
    docs = read_documents(["/no/such/path.txt"])  # nothing happens until iterated
    with pytest.raises(InputError):
        next(docs)


def test_csv_columns_metadata_and_multiline_fields(tmp_path):
    path = write(
        tmp_path / "events.csv",
        "event_id,notes,date,country,other\n"
        'e1,"Two people were injured, police said.",2020-01-02,NGA,x\n'
        'e2,"Line one.\nLine two.",,,y\n',
    )
    docs, errors = read([path], text_column="notes", id_column="event_id")
    assert errors == []
    assert docs == [
        Document(id="e1", text="Two people were injured, police said.", date="2020-01-02", country="NGA"),
        Document(id="e2", text="Line one.\nLine two."),
    ]


def test_csv_without_id_column_numbers_rows(tmp_path):
    path = write(tmp_path / "rows.csv", "\ufefftext,source\nfirst,Reuters\n\nsecond,\n")
    docs, errors = read([path])
    assert errors == []
    assert [(d.id, d.text, d.source) for d in docs] == [("rows:1", "first", "Reuters"), ("rows:2", "second", None)]


def test_csv_field_longer_than_the_csv_module_default(tmp_path):
    long_text = "word " * 40_000  # 200,000 characters
    path = write(tmp_path / "long.csv", f'id,text\n1,"{long_text}"\n')
    docs, errors = read([path])
    assert errors == []
    assert docs[0].text == long_text


# --- problems ------------------------------------------------------------------


@dataclass
class Case:
    name: str
    filename: str
    content: str | bytes | None  # None: the file does not exist
    ids: list[str]  # documents still read from the file, in order
    line: int | None
    message: str  # a part of the message
    kwargs: dict | None = None


GOOD_JSON = '{"id": "j1", "text": "Two died."}\n'
GOOD_JSON_2 = '{"id": "j2", "text": "Three died."}\n'
GZIP_JSONL = gzip.compress((GOOD_JSON * 50).encode(), mtime=0)
GZIP_TWO = gzip.compress((GOOD_JSON + GOOD_JSON_2).encode(), mtime=0)
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"

CASES = [
    Case("missing file", "gone.txt", None, [], None, "No such file"),
    Case("binary text file", "image.txt", b"GIF89a\x00\x01\x02", [], None, "binary"),
    Case("empty text file", "empty.txt", b"", [], None, "empty"),
    Case("whitespace-only markdown", "blank.md", "  \n\n", [], None, "empty"),
    Case("invalid UTF-8 text", "latin1.txt", b"First line.\nCaf\xe9 bombed.\n", ["latin1"], 2, "invalid UTF-8"),
    Case("unsupported file named", "report.pdf", b"%PDF", [], None, "unsupported file type"),
    Case("empty JSONL", "empty.jsonl", b"", [], None, "empty"),
    Case("binary JSONL", "bin.jsonl", b"\x00\x00\x00", [], None, "binary"),
    Case("JSONL line not JSON", "bad.jsonl", GOOD_JSON + "{oops\n" + GOOD_JSON_2, ["j1", "j2"], 2, "not valid JSON"),
    Case("JSONL line not an object", "arr.jsonl", GOOD_JSON + "[1, 2]\n" + GOOD_JSON_2, ["j1", "j2"], 2, "JSON object"),
    Case("JSONL line without text", "notext.jsonl", GOOD_JSON + '{"id": 3}\n' + GOOD_JSON_2, ["j1", "j2"], 2, "text"),
    Case("JSONL text not a string", "numtext.jsonl", GOOD_JSON + '{"id": 3, "text": 5}\n' + GOOD_JSON_2,
         ["j1", "j2"], 2, "not a string"),
    Case("JSONL invalid UTF-8", "bytes.jsonl", GOOD_JSON.encode() + b'{"id": "u", "text": "caf\xe9"}\n',
         ["j1", "u"], 2, "invalid UTF-8"),
    Case("CSV without the text column", "cols.csv", "id,body\n1,Two died.\n", [], 1, "no column 'text'"),
    Case("CSV without a custom text column", "cols2.csv", "id,text\n1,Two died.\n", [], 1, "no column 'notes'",
         {"text_column": "notes"}),
    Case("CSV row with too many fields", "wide.csv", "id,text\n1,Two died.\n2,a,b\n3,Three died.\n", ["1", "3"], 3,
         "expected 2 fields, got 3"),
    Case("CSV row with too few fields", "narrow.csv", 'id,text\n"1","Two\ndied."\n2\n3,ok\n', ["1", "3"], 4,
         "expected 2 fields, got 1"),
    Case("CSV invalid UTF-8", "enc.csv", b"id,text\n1,caf\xe9\n2,ok\n", ["1", "2"], 2, "invalid UTF-8"),
    Case("empty CSV", "empty.csv", b"", [], None, "empty"),
    Case("binary CSV", "bin.csv", b"id,text\n\x00\x00", [], None, "binary"),
    Case("control characters without NUL in a text file", "ctrl.txt", b"\x01\x02\x03\x04 Two died. \x05\x06\x07",
         [], None, "binary file (too many control characters)"),
    Case("random bytes without NUL in a CSV", "noise.csv", bytes(range(1, 256)) * 4, [], None, "binary"),
    Case("gzip-compressed JSONL not renamed", "packed.jsonl", GZIP_JSONL, [], None, "binary"),
    Case("zstd-compressed JSONL named explicitly", "news.jsonl.zst", ZSTD_MAGIC + b"\x00" * 8, [], None,
         "compressed file (.zst), skipped: decompress it first"),
    Case("gzip JSONL cut short keeps the lines before the cut", "news.jsonl.gz", GZIP_TWO[:-8], ["j1", "j2"], None,
         "damaged compressed file (Compressed file ended before the end-of-stream marker was reached)"),
    Case("gzip JSONL with a wrong checksum keeps the lines read", "news.jsonl.gz", GZIP_TWO[:-8] + b"\0" * 4
         + GZIP_TWO[-4:], ["j1", "j2"], None, "damaged compressed file (CRC check failed"),
    Case("plain text named .gz", "news.jsonl.gz", GOOD_JSON, [], None, "damaged compressed file (Not a gzipped file"),
    Case("bzip2 CSV that is not bzip2", "wire.csv.bz2", b"BZh91AY&SY" + b"\x01" * 40, [], None,
         "damaged compressed file (Invalid data stream)"),
    Case("xz text file that is not xz", "report.txt.xz", b"\xfd7zXZ\x00" + b"\x01" * 40, [], None,
         "damaged compressed file"),
    Case("JSONL with only a byte-order mark", "bom.jsonl", b"\xef\xbb\xbf\n\n", [], None, "empty file"),
    Case("CSV with a header and no rows", "header.csv", "id,text\n\n", [], None, "no rows after the header"),
    Case("JSONL number too long to read", "long.jsonl", GOOD_JSON + '{"id": ' + "9" * 5000 + ', "text": "x"}\n'
         + GOOD_JSON_2, ["j1", "j2"], 2, "a number too long to read"),
    Case("JSONL nested too deeply", "deep.jsonl", GOOD_JSON + '{"text": "x", "a": ' + "[" * 100_000 + "]" * 100_000
         + "}\n" + GOOD_JSON_2, ["j1", "j2"], 2, "nested too deeply"),
    Case("JSONL lone surrogate escape", "surrogate.jsonl", GOOD_JSON + '{"id": "s", "text": "Two \\ud800 died."}\n',
         ["j1", "s"], 2, "lone surrogate"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_problem_is_reported_and_reading_goes_on(tmp_path, case):
    before = write(tmp_path / "before.txt", BEFORE)
    after = write(tmp_path / "after.txt", AFTER)
    bad = tmp_path / case.filename
    if case.content is not None:
        write(bad, case.content)
    docs, errors = read([before, bad, after], **(case.kwargs or {}))
    assert [d.id for d in docs] == ["before", *case.ids, "after"]
    assert len(errors) == 1, errors
    (error,) = errors
    assert error.path == str(bad)
    assert error.line == case.line
    assert case.message in error.message
    assert str(error).startswith(f"{bad}:{case.line}: " if case.line is not None else f"{bad}: ")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_problem_raises_input_error_without_on_error(tmp_path, case):
    before = write(tmp_path / "before.txt", BEFORE)
    bad = tmp_path / case.filename
    if case.content is not None:
        write(bad, case.content)
    docs = read_documents([before, bad], **(case.kwargs or {}))
    assert next(docs).id == "before"
    with pytest.raises(InputError) as info:
        list(docs)
    assert isinstance(info.value, ValueError)
    assert info.value.error.path == str(bad)
    assert info.value.error.line == case.line
    assert str(info.value) == str(info.value.error)


def test_invalid_utf8_is_replaced_not_lost(tmp_path):
    path = write(tmp_path / "latin1.txt", b"Caf\xe9 bombed.")
    docs, errors = read([path])
    assert docs[0].text == "Caf\ufffd bombed."
    assert errors[0].line == 1


def test_bad_sidecar_is_reported_and_document_read_without_metadata(tmp_path):
    write(tmp_path / "a.txt", BEFORE)
    sidecar = write(tmp_path / "a.meta.json", '{"date": "2020-01-01",\n "title": }')
    docs, errors = read([tmp_path])
    assert docs == [Document(id="a", text=BEFORE)]
    assert [(e.path, e.line) for e in errors] == [(str(sidecar), 2)]
    assert "not valid JSON" in errors[0].message


def test_sidecar_that_is_not_an_object(tmp_path):
    write(tmp_path / "a.txt", BEFORE)
    write(tmp_path / "a.meta.json", '["SYR"]')
    docs, errors = read([tmp_path])
    assert docs == [Document(id="a", text=BEFORE)]
    assert "JSON object" in errors[0].message



def deny_open(monkeypatch, locked: Path) -> None:
    """Make ``open`` refuse ``locked`` as an unreadable file would (tests run as root)."""
    real_open = open

    def fake_open(file, *args, **kwargs):
        if os.fspath(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", fake_open)

def test_unreadable_file(tmp_path, monkeypatch):
    locked = write(tmp_path / "locked.txt", "secret")
    good = write(tmp_path / "good.txt", BEFORE)
    deny_open(monkeypatch, locked)
    docs, errors = read([locked, good])
    assert [d.id for d in docs] == ["good"]
    assert [(e.path, e.line, e.message) for e in errors] == [(str(locked), None, "Permission denied")]


@pytest.mark.parametrize("name", ["locked.jsonl", "locked.csv"])
def test_unreadable_stream_file(tmp_path, monkeypatch, name):
    locked = write(tmp_path / name, "id,text\n")
    deny_open(monkeypatch, locked)
    docs, errors = read([locked])
    assert docs == []
    assert [(e.path, e.message) for e in errors] == [(str(locked), "Permission denied")]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_by_permissions(tmp_path):
    locked = write(tmp_path / "locked.txt", "secret")
    locked.chmod(0)
    try:
        docs, errors = read([locked])
    finally:
        locked.chmod(0o644)
    assert docs == []
    assert errors[0].path == str(locked)


def test_directory_that_cannot_be_listed(tmp_path, monkeypatch):
    locked = tmp_path / "corpus" / "locked"
    write(locked / "inside.txt", "never read")
    write(tmp_path / "corpus" / "a.txt", "a")
    write(tmp_path / "corpus" / "z.txt", "z")
    real_scandir = os.scandir

    def fake_scandir(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", fake_scandir)
    docs, errors = read([tmp_path / "corpus"])
    assert [d.id for d in docs] == ["a", "z"]
    assert [(e.path, e.line) for e in errors] == [(str(locked), None)]
    assert "cannot list directory" in errors[0].message


def test_several_problems_in_one_file_are_all_reported(tmp_path):
    path = write(tmp_path / "news.jsonl", "[]\n" + GOOD_JSON + "nope\n\n" + '{"id": 9}\n' + GOOD_JSON_2)
    docs, errors = read([path])
    assert [d.id for d in docs] == ["j1", "j2"]
    assert [e.line for e in errors] == [1, 3, 5]


def test_input_error_message_and_pickling():
    import pickle

    err = InputError(ReadError("a.jsonl", 4, "not valid JSON"))
    assert str(err) == "a.jsonl:4: not valid JSON"
    again = pickle.loads(pickle.dumps(err))
    assert again.error == err.error and str(again) == str(err)


# --- what a problem leaves behind: valid Unicode, and the rest of a directory ---


def test_lone_surrogates_are_replaced_one_for_one(tmp_path):
    path = write(tmp_path / "s.jsonl", '{"id": "a\\udc00", "text": "Two \\ud800 died.", "title": ["\\udfff"]}\n')
    docs, errors = read([path])
    assert docs == [Document(id="a\ufffd", text="Two \ufffd died.", title='["\ufffd"]')]
    assert [(e.line, e.message) for e in errors] == [(1, "invalid Unicode (lone surrogate escapes replaced with U+FFFD)")]


def test_sidecar_with_a_lone_surrogate(tmp_path):
    write(tmp_path / "a.txt", BEFORE)
    sidecar = write(tmp_path / "a.meta.json", '{"title": "Blast \\ud800"}')
    docs, errors = read([tmp_path / "a.txt"])
    assert docs == [Document(id="a", text=BEFORE, title="Blast \ufffd")]
    assert [(e.path, e.line) for e in errors] == [(str(sidecar), None)]
    assert "lone surrogate" in errors[0].message


def test_sidecar_nested_too_deeply(tmp_path):
    write(tmp_path / "a.txt", BEFORE)
    write(tmp_path / "a.meta.json", "[" * 100_000)
    docs, errors = read([tmp_path / "a.txt"])
    assert docs == [Document(id="a", text=BEFORE)]
    assert errors[0].message == "not valid JSON (nested too deeply); metadata ignored"


def undecodable_name(directory: Path, content: bytes) -> Path:
    """A file named ``caf<0xE9>.txt``, a name that is not UTF-8 (skips where the file system refuses it)."""
    raw = os.fsencode(directory) + b"/caf\xe9.txt"
    try:
        with open(raw, "wb") as f:
            f.write(content)
    except (OSError, ValueError):
        pytest.skip("this file system takes UTF-8 file names only")
    return Path(os.fsdecode(raw))


def test_a_file_name_that_is_not_utf8_gives_a_valid_id(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    undecodable_name(corpus, BEFORE.encode())
    write(corpus / "caf\xe9.meta.json", '{"country": "FRA"}')  # a UTF-8 name: not this file's sidecar
    docs, errors = read([corpus])
    assert errors == []
    assert docs == [Document(id="caf\ufffd", text=BEFORE)]
    docs[0].id.encode("utf-8")


@pytest.mark.parametrize("path", ["bad\x00name.txt", "\ud800.txt"], ids=["NUL byte", "lone surrogate"])
def test_a_path_that_is_not_valid_is_reported(path):
    docs, errors = read([path])
    assert docs == []
    assert [(e.path, e.line) for e in errors] == [(path, None)]
    assert errors[0].message.startswith("not a valid path")


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"

#: Files of a directory that is read: (name, content, reported message or None when skipped silently)
DIRECTORY_FILES = [
    ("photo.png", PNG, None),  # not a document kind: skipped, as documented
    ("archive.zip", b"PK\x03\x04\x14\x00", None),
    ("photo.txt", PNG, "binary file (contains NUL bytes), skipped"),
    ("news.jsonl.zst", ZSTD_MAGIC + b"\x00" * 8, "compressed file (.zst), skipped: decompress it first"),
    ("packed.jsonl", GZIP_JSONL, "binary file (contains NUL bytes), skipped"),
    ("empty.md", b"", "empty file"),
    ("ctrl.csv", b"id,text\n" + b"\x01\x02\x03" * 10, "binary file (too many control characters), skipped"),
]


def test_binary_compressed_and_empty_files_in_a_directory(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus / "a.txt", BEFORE)
    write(corpus / "z.txt", AFTER)
    for name, content, _ in DIRECTORY_FILES:
        write(corpus / name, content)
    docs, errors = read([corpus])
    assert [d.id for d in docs] == ["a", "z"]
    expected = sorted((str(corpus / name), message) for name, _, message in DIRECTORY_FILES if message)
    assert sorted((e.path, e.message) for e in errors) == expected
    assert all(e.line is None for e in errors)


@pytest.mark.parametrize("compression", [".gz", ".bz2", ".xz"])
@pytest.mark.parametrize("name, content", [
    ("news.jsonl", GOOD_JSON + "\n" + '{"text": "Four were hurt.", "country": "NPL"}\n'),
    ("wire.csv", "id,text,date\nw1,Two died.,2024-07-01\n,\"Four were\nhurt.\",\n"),
    ("report.txt", "Fighting displaced about 1,200 people, the UN said.\n"),
], ids=["jsonl", "csv", "txt"])
def test_a_compressed_file_reads_as_the_file_it_holds(tmp_path, compression, name, content):
    plain, packed = tmp_path / "plain", tmp_path / "packed"
    for root in (plain, packed):
        write(root / "report.meta.json", '{"date": "2024-07-02", "country": "NPL"}')
    write(plain / name, content)
    write(packed / (name + compression), DECOMPRESSORS[compression].compress(content.encode()))
    want, want_errors = read([plain])
    got, errors = read([packed])
    assert got == want and len(got) >= 1
    assert errors == want_errors == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root lists every directory")
def test_directory_without_permissions(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus / "a.txt", "a")
    locked = corpus / "locked"
    write(locked / "inside.txt", "never read")
    locked.chmod(0)
    try:
        docs, errors = read([corpus])
    finally:
        locked.chmod(0o755)
    assert [d.id for d in docs] == ["a"]
    assert [(e.path, e.line) for e in errors] == [(str(locked), None)]
    assert errors[0].message == "cannot list directory: Permission denied"


@pytest.mark.parametrize("lines", [1, 2, 3, 50])
@pytest.mark.parametrize("ending", ["\n", "\r\n", ""], ids=["lf", "crlf", "no_final_newline"])
def test_a_jsonl_file_read_in_spans_gives_what_reading_it_whole_gives(tmp_path, lines, ending):
    rows = ['{"id": "a", "text": "Two people died."}', "", "{not json", '{"text": "Five were hurt."}', "   ",
            '{"id": "c", "text": "No one was injured."}', '{"id": "d"}', '{"text": "Ten homes burned."}']
    path = tmp_path / "news.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + (ending or "\n").join(rows).encode() + ending.encode())
    whole, spans, parts = _read_whole_and_in_spans(path, lines)
    assert parts == whole and len(whole[0]) == 4
    assert len(spans) == -(-6 // lines)  # six records: the non-blank lines


# A CSV file of every kind of row: a header after a blank line, a quoted field over two lines,
# rows of the wrong length (a line of spaces is a row of one field), a byte that is not UTF-8, blank lines,
# an id column left empty.
_CSV_ROWS = [b"", b"id,text,country", b'a,"Two people died.",NPL', b"", b"b,Five were hurt.,",
             b'c,"Ten homes\nburned, officials said.",NPL', b"d,\xffOne man was killed.,SDN", b"   ",
             b",Three soldiers died.,", b"e,Four were hurt.,SDN,extra", b'f,"No one ""died"".",']


@pytest.mark.parametrize("rows", [1, 2, 3, 50])
@pytest.mark.parametrize("ending", [b"\n", b"\r\n", b""], ids=["lf", "crlf", "no_final_newline"])
def test_a_csv_file_read_in_spans_gives_what_reading_it_whole_gives(tmp_path, rows, ending):
    path = tmp_path / "wire.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (ending or b"\n").join(_CSV_ROWS) + ending)
    whole, spans, parts = _read_whole_and_in_spans(path, rows)
    assert parts == whole
    assert [d.id for d in whole[0]] == ["a", "b", "c", "d", "wire:6", "f"]
    assert [(e.line, e.message.split(" (")[0]) for e in whole[1]] == [
        (8, "invalid UTF-8"), (9, "expected 3 fields, got 1; row skipped"), (11, "expected 3 fields, got 4; row skipped")]
    assert len(spans) == -(-8 // rows) and spans[0].line == 1  # eight rows after the header


@pytest.mark.parametrize("data, documents, problem", [
    (b"text\nOne died.\nTwo died.\nThree\rdied.\nFour died.\n", ["wire:1", "wire:2"], (4, "bad CSV")),
    (b"id,text\n", [], (None, "no rows after the header")),
    (b"id,body\na,One died.\nb,Two died.\n", [], (1, "no column 'text'")),
], ids=["bad_csv_ends_the_reading", "header_only", "no_text_column"])
def test_a_csv_file_that_ends_early_reads_the_same_in_spans(tmp_path, data, documents, problem):
    path = tmp_path / "wire.csv"
    path.write_bytes(data)
    whole, _, parts = _read_whole_and_in_spans(path, 1)
    assert parts == whole
    assert [d.id for d in whole[0]] == documents
    assert [(e.line, e.message.split(" (")[0].split(";")[0]) for e in whole[1]] == [problem]


def _read_whole_and_in_spans(path, records):
    """(documents, problems) of ``path`` read whole, its spans of ``records``, and (documents, problems) read in them."""
    whole_errors, span_errors = [], []
    whole = list(read_documents([path], on_error=whole_errors.append))
    spans = file_spans(path, records)
    parts = [d for span in spans for d in read_span(path, span, on_error=span_errors.append)]
    assert spans[0].start == 0 and spans[-1].stop == path.stat().st_size
    assert all(a.stop == b.start for a, b in zip(spans, spans[1:]))
    return (whole, whole_errors), spans, (parts, span_errors)


@pytest.mark.parametrize("path", ["notes.txt", "notes.md", "notes.jsonl.gz"])
def test_only_jsonl_and_csv_files_are_read_in_spans(tmp_path, path):
    (tmp_path / path).write_text("Two people died.")
    with pytest.raises(ValueError, match="only .csv and .jsonl files are read in spans"):
        file_spans(tmp_path / path, 10)
    with pytest.raises(ValueError, match="only .csv and .jsonl files are read in spans"):
        list(read_span(tmp_path / path, Span(0, 16, 1, 0)))
