"""The make-report command: options, filters, files, messages, exit codes (not the figures themselves).

How each format is written is tested in ``test_outputs.py``; here the
command's own work: reading, filtering, what it passes to the library, and
what it says.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from stats import cli, outputs
from stats.claims import CATEGORIES, CLAIM_DTYPES
from stats.cli import main
from stats.lexicon import EXTRA_CATEGORIES

ROOT = Path(__file__).resolve().parents[1]
CLAIM_COLUMNS = ["doc_id", "category", "value", "low", "high", "bound", "unit", "subject", "source",
                 "hedged", "cumulative", "projected"]
TOTAL_COLUMNS = ["doc_id", "category", "low", "best", "high"]
TABLES = ("claims", "doc_totals", "estimates", "series")
BEFORE = "Two people were injured in the blast."
AVAILABLE = outputs.available_formats()
HAS_PNG, HAS_PDF = "png" in AVAILABLE, "pdf" in AVAILABLE


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "blast.txt").write_text(BEFORE + " At least 12 soldiers were killed, officials said.\n")
    (root / "blast.meta.json").write_text('{"date": "2020-05-01", "country": "SYR"}')
    (root / "sub" / "flood.md").write_text("About 300 families were displaced by the flood.\n")
    (root / "news.jsonl").write_text('{"id": 1, "text": "Three civilians died."}\n')
    return root


def header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as f:
        return next(csv.reader(f))


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def names(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir())


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".") or p.suffix == ".tmp")


def table_files(formats=("csv", "parquet", "json", "hxl")) -> list[str]:
    """The table files of a run in ``formats`` (charts and the PDF aside)."""
    suffixes = {"csv": ".csv", "parquet": ".parquet", "json": ".json"}
    files = [t + suffixes[f] for t in TABLES for f in formats if f in suffixes]
    if "hxl" in formats:
        files.append("estimates.hxl.csv")
    return sorted(files)


def check_files(out: Path, formats=tuple(AVAILABLE), extra=()) -> None:
    """``out`` holds exactly the files of ``formats``: the tables, the charts and summary.png, report.pdf."""
    found = names(out)
    charts = [n for n in found if n.startswith("chart_") and n.endswith(".png")]
    expected = table_files(formats) + list(extra)
    if "png" in formats:
        assert charts, found
        expected += charts + ["summary.png"]
    if "pdf" in formats:
        expected.append("report.pdf")
    assert found == sorted(expected)


# --- files and formats -------------------------------------------------------


def test_good_input_writes_every_available_format(corpus, tmp_path, capsys):
    out = tmp_path / "reports"
    assert main([str(corpus), "--out", str(out)]) == 0
    check_files(out)
    assert set(CLAIM_COLUMNS) <= set(header(out / "claims.csv"))
    assert header(out / "doc_totals.csv")[:5] == TOTAL_COLUMNS
    assert isinstance(json.loads((out / "claims.json").read_text()), list)
    assert isinstance(json.loads((out / "doc_totals.json").read_text()), list)
    for row in rows(out / "claims.csv"):
        assert row["doc_id"] in {"blast", "flood", "1"}
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "from 3 documents" in err and str(out) in err
    assert leftovers(out) == []


def test_format_csv_only(corpus, tmp_path):
    out = tmp_path / "out"
    assert main([str(corpus), "--out", str(out), "--format", "csv"]) == 0
    assert names(out) == table_files(("csv",))


@pytest.mark.parametrize("argv", [["--format", "json, csv,json"], ["-f", "JSON", "--format", "csv", "-f", "json"]])
def test_format_list_comma_separated_or_repeated(corpus, tmp_path, argv):
    out = tmp_path / "out"
    assert main([str(corpus), "--out", str(out), *argv]) == 0
    assert names(out) == table_files(("json", "csv"))


@pytest.mark.parametrize("formats", ["xlsx", "csv,xlsx", "CSV,Parquet,docx"])
def test_unknown_format_exits_2(corpus, tmp_path, capsys, formats):
    assert main([str(corpus), "--out", str(tmp_path / "out"), "--format", formats]) == 2
    err = capsys.readouterr().err
    assert "usage: make-report" in err
    assert "unknown format" in err and "choose from csv, parquet, json, hxl" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt", ["pdf", "png"])
def test_pdf_and_png_formats_whichever_holds(corpus, tmp_path, capsys, fmt):
    """Before stats.report / stats.charts exist: exit 2, "not available"; after: the files."""
    out = tmp_path / "out"
    code = main([str(corpus), "--out", str(out), "--format", fmt])
    err = capsys.readouterr().err
    if fmt in AVAILABLE:
        assert code == 0, err
        check_files(out, (fmt,))
    else:
        assert code == 2
        assert f"format '{fmt}' is not available" in err and "usage: make-report" in err
        assert not out.exists()


@pytest.mark.parametrize("fmt, module", [("pdf", "report"), ("png", "charts")])
def test_a_format_that_is_not_available_exits_2(corpus, tmp_path, capsys, monkeypatch, fmt, module):
    monkeypatch.setitem(outputs._REQUIRES, fmt, "stats._not_there")
    assert main([str(corpus), "--out", str(tmp_path / "out"), "--format", f"csv,{fmt}"]) == 2
    err = capsys.readouterr().err
    assert f"format '{fmt}' is not available: stats._not_there is not installed" in err
    assert not (tmp_path / "out").exists()
    # and it is left out of the default
    out = tmp_path / "out2"
    assert main([str(corpus), "--out", str(out), "-q"]) == 0
    assert fmt not in outputs.available_formats()
    assert not any(n.endswith(f".{fmt}") for n in names(out))


@pytest.mark.skipif(not HAS_PDF, reason="stats.report is not there yet")
def test_pdf_is_a_pdf(corpus, tmp_path):
    out = tmp_path / "out"
    assert main([str(corpus), "--out", str(out), "--format", "pdf", "--title", "Blast and flood"]) == 0
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF")


def test_csv_input_with_named_columns(tmp_path):
    table = tmp_path / "events.csv"
    table.write_text("event_id,notes\ne1,Two people were injured.\ne2,Nobody was hurt.\n")
    out = tmp_path / "out"
    assert main([str(table), "--out", str(out), "--text-column", "notes", "--id-column", "event_id",
                 "--format", "csv"]) == 0
    assert {r["doc_id"] for r in rows(out / "claims.csv")} == {"e1", "e2"}  # "Nobody" is a zero


def test_parquet_of_a_run_without_figures_is_still_typed(tmp_path):
    doc = tmp_path / "quiet.txt"
    doc.write_text("The market reopened on Monday.")
    out = tmp_path / "out"
    assert main([str(doc), "--out", str(out), "--format", "parquet,csv"]) == 0
    claims = pd.read_parquet(out / "claims.parquet")
    assert len(claims) == 0 and str(claims["value"].dtype) == "Int64"
    assert header(out / "claims.csv") == list(CLAIM_DTYPES)


# --- problems and exit codes -------------------------------------------------


def test_csv_input_without_the_text_column_is_reported(tmp_path, capsys):
    table = tmp_path / "events.csv"
    table.write_text("event_id,notes\ne1,Two people were injured.\n")
    assert main([str(table), "--out", str(tmp_path / "out")]) == 2
    assert f"make-report: {table}:1: no column 'text'" in capsys.readouterr().err


def test_missing_input_beside_a_good_one_exits_1(corpus, tmp_path, capsys):
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out"
    assert main([str(corpus), str(missing), "--out", str(out), "--format", "csv"]) == 1
    err = capsys.readouterr().err
    assert f"make-report: {missing}: No such file or directory" in err
    assert "from 3 documents" in err and f"1 problem, see {out / 'errors.csv'}" in err
    assert rows(out / "errors.csv") == [{"path": str(missing), "line": "", "message": "No such file or directory"}]
    assert names(out) == sorted(table_files(("csv",)) + ["errors.csv"])


def test_missing_input_alone_exits_2_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    assert main([str(tmp_path / "missing.txt"), "--out", str(out)]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert f"make-report: {tmp_path / 'missing.txt'}: No such file or directory" in err
    assert "make-report: no documents could be read" in err and "make-report: nothing written" in err


def test_unreadable_file_beside_a_good_one(corpus, tmp_path, capsys):
    missing = tmp_path / "missing.txt"
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00")
    out = tmp_path / "out"
    assert main([str(missing), str(corpus), str(binary), "--out", str(out)]) == 1
    check_files(out, extra=["errors.csv"])
    errors = rows(out / "errors.csv")
    assert header(out / "errors.csv") == ["path", "line", "message"]
    assert [(e["path"], e["line"]) for e in errors] == [(str(missing), ""), (str(binary), "")]
    err = capsys.readouterr().err
    assert f"make-report: {missing}: No such file or directory" in err
    assert f"make-report: {binary}: binary file" in err
    assert "2 problems" in err
    assert leftovers(out) == []


@pytest.mark.skipif(os.name != "posix" or (hasattr(os, "geteuid") and os.geteuid() == 0),
                    reason="file permissions do not stop root")
def test_file_without_read_permission_beside_a_good_one(corpus, tmp_path, capsys):
    locked = tmp_path / "locked.txt"
    locked.write_text("Two people died.")
    locked.chmod(0)
    try:
        assert main([str(corpus), str(locked), "--out", str(tmp_path / "out"), "-f", "csv"]) == 1
    finally:
        locked.chmod(0o644)
    assert f"make-report: {locked}: Permission denied" in capsys.readouterr().err


def test_line_errors_name_the_line(tmp_path, capsys):
    news = tmp_path / "news.jsonl"
    news.write_text('{"id": 1, "text": "Two died."}\nnot json\n')
    out = tmp_path / "out"
    assert main([str(news), "--out", str(out), "--format", "csv"]) == 1
    assert rows(out / "errors.csv")[0]["line"] == "2"
    assert f"make-report: {news}:2: not valid JSON" in capsys.readouterr().err


@dataclass
class BadInput:
    """An input beside the good corpus, and what make-report says about it."""

    name: str
    filename: str
    content: bytes | None  # None: a directory holding one good file
    line: int | None
    message: str  # the start of the message
    kept: tuple[str, ...] = ()  # ids of the documents still read from it, with their figures
    deny: str = ""  # "open" or "scandir": the file or directory cannot be read (tests may run as root)


BAD_INPUTS = [
    BadInput("invalid UTF-8 is read with the bad bytes replaced", "latin1.txt",
             b"Caf\xe9 owners said 4 people were killed.\n", 1, "invalid UTF-8 (bad bytes replaced", ("latin1",)),
    BadInput("binary file saved as .txt", "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None,
             "binary file (contains NUL bytes), skipped"),
    BadInput("gzip JSON Lines cut short: the lines before the cut are read", "news.jsonl.gz",
             gzip.compress(b'{"id": "k", "text": "Five people were injured."}\n', mtime=0)[:-8], None,
             "damaged compressed file (Compressed file ended before the end-of-stream marker", ("k",)),
    BadInput("zstd-compressed JSON Lines", "news.jsonl.zst", b"\x28\xb5\x2f\xfd" + bytes(8), None,
             "compressed file (.zst), skipped: decompress it first"),
    BadInput("empty file", "empty.txt", b"", None, "empty file"),
    BadInput("JSONL line without text", "notext.jsonl",
             b'{"id": "k", "text": "Five people were injured."}\n{"id": "n"}\n', 2, "no 'text'", ("k",)),
    BadInput("JSONL text that is not a string", "numtext.jsonl",
             b'{"id": "n", "text": 5}\n{"id": "k", "text": "Five people were injured."}\n', 1,
             "'text' is a number, not a string", ("k",)),
    BadInput("JSONL line nested too deeply", "deep.jsonl",
             b'{"id": "k", "text": "Five people were injured."}\n' + b"[" * 100_000 + b"\n", 2,
             "not valid JSON (nested too deeply)", ("k",)),
    BadInput("CSV row with too many fields", "rows.csv", b"id,text\nk,Five people were injured.\nx,a,b\n", 3,
             "expected 2 fields, got 3; row skipped", ("k",)),
    BadInput("unreadable file", "locked.txt", b"Two people died.", None, "Permission denied", deny="open"),
    BadInput("unreadable directory", "locked", None, None, "cannot list directory: Permission denied",
             deny="scandir"),
]


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=[b.name for b in BAD_INPUTS])
def test_bad_input_is_reported_listed_and_the_rest_is_processed(corpus, tmp_path, capsys, monkeypatch, bad):
    path = tmp_path / bad.filename
    if bad.content is None:
        path.mkdir()
        (path / "inside.txt").write_text("Two people died.")
    else:
        path.write_bytes(bad.content)
    if bad.deny == "open":
        real_open = open

        def denied(file, *args, **kwargs):
            if os.fspath(file) == str(path):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr("builtins.open", denied)
    elif bad.deny == "scandir":
        real_scandir = os.scandir

        def denied_listing(where="."):
            if str(where) == str(path):  # shutil.rmtree lists by file descriptor
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(where)

        monkeypatch.setattr(os, "scandir", denied_listing)
    out = tmp_path / "out"
    assert main([str(corpus), str(path), "--out", str(out), "-f", "csv"]) == 1
    where = f"{path}:{bad.line}" if bad.line is not None else str(path)
    err = capsys.readouterr().err
    assert f"make-report: {where}: {bad.message}" in err
    assert f"1 problem, see {out / 'errors.csv'}" in err
    (error,) = rows(out / "errors.csv")
    assert (error["path"], error["line"]) == (str(path), "" if bad.line is None else str(bad.line))
    assert error["message"].startswith(bad.message)
    assert {r["doc_id"] for r in rows(out / "claims.csv")} == {"blast", "flood", "1", *bad.kept}
    assert leftovers(out) == []


def test_a_file_name_that_is_not_utf8(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    try:
        (Path(os.fsdecode(os.fsencode(corpus) + b"/caf\xe9.txt"))).write_text("Two people died.")
        (Path(os.fsdecode(os.fsencode(corpus) + b"/vid\xe9.txt"))).write_bytes(b"")
    except (OSError, ValueError):
        pytest.skip("this file system takes UTF-8 file names only")
    out = tmp_path / "out"
    assert main([str(corpus), "--out", str(out), "-f", "csv,parquet,json"]) == 1
    assert {r["doc_id"] for r in rows(out / "claims.csv")} == {"caf\ufffd"}
    assert pd.read_parquet(out / "claims.parquet")["doc_id"].tolist() == ["caf\ufffd"]
    assert rows(out / "errors.csv") == [{"path": f"{corpus}/vid\\udce9.txt", "line": "", "message": "empty file"}]
    assert "make-report:" in capsys.readouterr().err


def test_stale_errors_file_is_removed_after_a_clean_run(corpus, tmp_path):
    out = tmp_path / "out"
    assert main([str(corpus), str(tmp_path / "missing.txt"), "--out", str(out), "-f", "csv"]) == 1
    assert (out / "errors.csv").exists()
    assert main([str(corpus), "--out", str(out), "-f", "csv"]) == 0
    assert not (out / "errors.csv").exists()


def test_empty_directory_exits_2(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main([str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 2
    assert "no documents found" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["--out", "x"],  # no INPUT
        ["seeds"],  # no --out
        ["seeds", "--out", "x", "--format", "docx"],
        ["seeds", "--out", "x", "--format", ","],
        ["seeds", "--out", "x", "--bogus"],
        ["seeds", "--out", "x", "--policy", "reckless"],
        ["seeds", "--out", "x", "--title", "  "],
    ],
)
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2
    assert "usage: make-report" in capsys.readouterr().err


def test_bad_option_names_the_option(corpus, tmp_path, capsys):
    assert main([str(corpus), "--out", str(tmp_path / "out"), "--colour", "red"]) == 2
    err = capsys.readouterr().err
    assert "make-report: error: unrecognized arguments: --colour red" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("option", ["--since", "--until"])
@pytest.mark.parametrize("value", ["02/07/2024", "2024-13-01", "yesterday", ""])
def test_bad_date_exits_2(corpus, tmp_path, capsys, option, value):
    assert main([str(corpus), "--out", str(tmp_path / "out"), f"{option}={value}"]) == 2
    err = capsys.readouterr().err
    assert "usage: make-report" in err
    assert f"argument {option}: not an ISO date (YYYY-MM-DD): {value!r}" in err
    assert not (tmp_path / "out").exists()


def test_since_after_until_exits_2(corpus, tmp_path, capsys):
    assert main([str(corpus), "--out", str(tmp_path / "out"), "--since", "2024-08-01", "--until", "2024-07-01"]) == 2
    assert "--since 2024-08-01 is after --until 2024-07-01" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["deaths", "killed,deaths", "casualty", ","])
def test_unknown_category_exits_2(corpus, tmp_path, capsys, value):
    assert main([str(corpus), "--out", str(tmp_path / "out"), "--category", value]) == 2
    err = capsys.readouterr().err
    assert "usage: make-report" in err and "argument --category" in err
    if value != ",":
        assert "unknown category" in err and "choose from killed, injured" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["Syria", "SY", "ZZZ", "SYR,XX1"])
def test_bad_country_exits_2(corpus, tmp_path, capsys, value):
    assert main([str(corpus), "--out", str(tmp_path / "out"), "--country", value]) == 2
    err = capsys.readouterr().err
    assert "argument --country" in err and "is not an ISO 3166 alpha-3 code" in err


def test_out_dir_that_is_a_file(corpus, tmp_path, capsys):
    blocker = tmp_path / "out"
    blocker.write_text("not a directory")
    assert main([str(corpus), "--out", str(blocker)]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_interrupt_exits_130_and_leaves_old_outputs_whole(corpus, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "claims.csv").write_text("old\n")
    calls = []

    def interrupted(doc):
        calls.append(doc.id)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return []

    monkeypatch.setattr(cli, "extract_document", interrupted)
    assert main([str(corpus), "--out", str(out)]) == 130
    assert (out / "claims.csv").read_text() == "old\n"
    assert names(out) == ["claims.csv"]
    assert "interrupted" in capsys.readouterr().err


def test_interrupt_while_writing_leaves_old_outputs_whole(corpus, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "claims.csv").write_text("old\n")

    def interrupted(tables, stage, **context):
        stage("claims.json").write_text("[]\n")
        raise KeyboardInterrupt

    monkeypatch.setitem(outputs.FORMATS, "json", interrupted)
    assert main([str(corpus), "--out", str(out), "--format", "csv,json"]) == 130
    assert names(out) == ["claims.csv"] and (out / "claims.csv").read_text() == "old\n"


def interrupt_reading(monkeypatch) -> None:
    real_read = cli.read_documents

    def reading(*args, **kwargs):
        docs = real_read(*args, **kwargs)
        yield next(docs)
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "read_documents", reading)


def interrupt_building(monkeypatch) -> None:
    def building(claims, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_tables", building)


def interrupt_committing(monkeypatch) -> None:
    real_replace, moved = os.replace, []

    def replace(source, target):
        moved.append(target)
        if len(moved) == 3:
            raise KeyboardInterrupt
        real_replace(source, target)

    monkeypatch.setattr(outputs.os, "replace", replace)


INTERRUPTS = {
    "while reading the inputs": interrupt_reading,
    "while building the tables": interrupt_building,
    "while moving the files into place": interrupt_committing,
}


@pytest.mark.parametrize("when", INTERRUPTS)
def test_ctrl_c_at_any_stage_exits_130_and_leaves_no_temporary_files(corpus, tmp_path, monkeypatch, capsys, when):
    out = tmp_path / "out"
    out.mkdir()
    (out / "series.csv").write_text("old\n")
    INTERRUPTS[when](monkeypatch)
    assert main([str(corpus), "--out", str(out), "--format", "csv"]) == 130
    assert capsys.readouterr().err.endswith("make-report: interrupted\n")
    assert leftovers(out) == []
    if when == "while moving the files into place":  # the files moved before are whole; the others untouched
        assert names(out) == ["claims.csv", "doc_totals.csv", "series.csv"]
        assert header(out / "doc_totals.csv")[:5] == TOTAL_COLUMNS
    else:
        assert names(out) == ["series.csv"]
    assert (out / "series.csv").read_text() == "old\n"


def test_library_failure_leaves_no_temporary_files(corpus, tmp_path, monkeypatch):
    def broken(doc):
        raise RuntimeError("bug")

    monkeypatch.setattr(cli, "extract_document", broken)
    out = tmp_path / "out"
    with pytest.raises(RuntimeError):
        main([str(corpus), "--out", str(out)])
    assert list(out.iterdir()) == []


def test_documents_are_processed_as_they_are_read(tmp_path, monkeypatch):
    news = tmp_path / "news.jsonl"
    news.write_text("".join(json.dumps({"id": i, "text": f"Doc {i}."}) + "\n" for i in range(3)))
    seen = []
    real_read = cli.read_documents

    def tracing_read(*args, **kwargs):
        for doc in real_read(*args, **kwargs):
            seen.append(("read", doc.id))
            yield doc

    def tracing_extract(doc):
        seen.append(("extract", doc.id))
        return []

    monkeypatch.setattr(cli, "read_documents", tracing_read)
    monkeypatch.setattr(cli, "extract_document", tracing_extract)
    assert main([str(news), "--out", str(tmp_path / "out"), "-q", "-f", "csv"]) == 0
    assert seen == [("read", "0"), ("extract", "0"), ("read", "1"), ("extract", "1"), ("read", "2"), ("extract", "2")]


# --- filters -----------------------------------------------------------------


@pytest.fixture
def dated(tmp_path: Path) -> Path:
    """Reports with dates and countries: doc date and event date differ in ``a`` and ``d``; ``c`` is undated."""
    news = tmp_path / "dated.jsonl"
    docs = [
        {"id": "a", "country": "NPL", "date": "2024-07-03",
         "text": "Two people were killed in the flood on Monday. About 300 families were displaced."},
        {"id": "b", "country": "SDN", "date": "2024-08-15", "text": "Five people were injured in the fighting."},
        {"id": "c", "country": "SDN", "text": "Three people were killed."},
        {"id": "d", "country": "NPL", "date": "2024-07-10", "text": "Four people were missing on 28 June."},
    ]
    news.write_text("".join(json.dumps(d) + "\n" for d in docs))
    return news


def kept(news: Path, tmp_path: Path, *options: str) -> list[tuple[str, str]]:
    out = tmp_path / "filtered"
    assert main([str(news), "--out", str(out), "--format", "csv", "-q", *options]) == 0
    return sorted((r["doc_id"], r["category"]) for r in rows(out / "claims.csv"))


def test_no_filter_keeps_everything(dated, tmp_path):
    assert kept(dated, tmp_path) == [("a", "displaced"), ("a", "killed"), ("b", "injured"), ("c", "killed"),
                                     ("d", "missing")]


def test_since_uses_the_event_date_else_the_document_date(dated, tmp_path):
    # a/killed happened on 2024-07-01 (its event date); a/displaced has only the document's, 2024-07-03;
    # d/missing happened on 2024-06-28 though reported on 2024-07-10; c has no date at all
    assert kept(dated, tmp_path, "--since", "2024-07-02") == [("a", "displaced"), ("b", "injured")]


def test_until_is_inclusive(dated, tmp_path):
    assert kept(dated, tmp_path, "--until", "2024-07-01") == [("a", "killed"), ("d", "missing")]


def test_since_and_until(dated, tmp_path):
    assert kept(dated, tmp_path, "--since", "2024-07-01", "--until", "2024-07-31") == [
        ("a", "displaced"), ("a", "killed")]


@pytest.mark.parametrize("options", [["--category", "killed,missing"], ["--category", "killed", "--category", "MISSING"]])
def test_category(dated, tmp_path, options):
    assert kept(dated, tmp_path, *options) == [("a", "killed"), ("c", "killed"), ("d", "missing")]


@pytest.mark.parametrize("options", [["--country", "sdn"], ["--country", "SDN", "--country", "COD"]])
def test_country(dated, tmp_path, options):
    assert kept(dated, tmp_path, *options) == [("b", "injured"), ("c", "killed")]


def test_filters_combine(dated, tmp_path):
    assert kept(dated, tmp_path, "--country", "NPL", "--category", "killed,missing", "--since", "2024-06-01") == [
        ("a", "killed"), ("d", "missing")]


def test_filters_are_described_for_the_report(dated, tmp_path, captured):
    kept(dated, tmp_path, "--country", "npl", "--category", "missing,killed", "--since", "2024-06-01")
    assert captured["write"]["corpus"] == f"{dated}; figures dated from 2024-06-01; categories killed, missing; " \
        "countries NPL"


def test_filters_apply_to_every_table_and_the_summary(dated, tmp_path, capsys):
    out = tmp_path / "out"
    assert main([str(dated), "--out", str(out), "--format", "csv", "--category", "killed"]) == 0
    assert {r["category"] for r in rows(out / "doc_totals.csv")} == {"killed"}
    assert {r["category"] for r in rows(out / "estimates.csv")} == {"killed"}
    assert "2 of 5 figures (filtered) from 4 documents" in capsys.readouterr().err


def test_every_category_is_accepted():
    args = cli.parse_args(["x", "--out", "y", "--category", ",".join(CATEGORIES + EXTRA_CATEGORIES)])
    assert args.categories == [*CATEGORIES, "casualties"] and len(CATEGORIES) == 14


def test_casualties_not_said_killed_or_injured_are_a_category_to_choose(tmp_path):
    news = tmp_path / "shelling.jsonl"
    news.write_text(json.dumps({"id": "e", "text": "The shelling caused 12 casualties. Three people were killed."}) + "\n")
    assert kept(news, tmp_path, "--category", "casualties") == [("e", "casualties")]


# --- what the command passes to the library ----------------------------------


@pytest.fixture
def captured(monkeypatch) -> dict:
    """Records the calls of build_tables and write_tables (which still run)."""
    calls: dict = {}
    real_build, real_write = cli.build_tables, cli.write_tables

    def build(claims, **kwargs):
        calls["build"] = kwargs
        return real_build(claims, **kwargs)

    def write(tables, out_dir, formats, **kwargs):
        calls["write"] = dict(formats=list(formats), **kwargs)
        return real_write(tables, out_dir, formats, **kwargs)

    monkeypatch.setattr(cli, "build_tables", build)
    monkeypatch.setattr(cli, "write_tables", write)
    return calls


def test_default_title_policy_and_formats(corpus, tmp_path, captured):
    assert main([str(corpus), str(tmp_path / "missing.txt"), "--out", str(tmp_path / "out"), "-q"]) == 1
    assert captured["build"] == dict(documents=3, policy="conservative", household_size=None, household_sizes=None)
    assert captured["write"]["title"] == "Casualty and displacement figures: corpus, missing"
    assert captured["write"]["corpus"] == f"{corpus}, {tmp_path / 'missing.txt'}"
    assert captured["write"]["formats"] == AVAILABLE
    assert [str(e) for e in captured["write"]["errors"]] == [f"{tmp_path / 'missing.txt'}: No such file or directory"]


def test_title_and_policy_options(corpus, tmp_path, captured):
    assert main([str(corpus), "--out", str(tmp_path / "out"), "-f", "csv", "--title", "Blast  and\nflood",
                 "--policy", "spread"]) == 0
    assert captured["write"]["title"] == "Blast and flood"
    assert captured["build"]["policy"] == "spread"
    assert {r["policy"] for r in rows(tmp_path / "out" / "estimates.csv")} == {"spread"}


def test_title_from_the_readme_command():
    assert cli.default_title(["seeds"]) == "Casualty and displacement figures: seeds"
    assert cli.default_title(["seeds/", "seeds"]) == "Casualty and displacement figures: seeds"


# --- progress ----------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_silent_when_stderr_is_not_a_terminal(corpus, tmp_path, capsys):
    assert not sys.stderr.isatty()
    assert main([str(corpus), "--out", str(tmp_path / "out"), "-f", "csv"]) == 0
    err = capsys.readouterr().err
    assert "\r" not in err and "documents read" not in err
    assert err.count("\n") == 1  # the summary line only


def test_progress_counts_documents_on_a_terminal(corpus, tmp_path, monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(cli._Progress, "interval", 0.0)  # draw every document
    assert main([str(corpus), "--out", str(tmp_path / "out"), "-f", "csv"]) == 0
    text = terminal.getvalue()
    assert "\rmake-report: 1 document read" in text and "\rmake-report: 3 documents read" in text
    last_line = text.rsplit("\r", 1)[-1]
    assert last_line.startswith("4 figures from 3 documents")  # the counter is wiped before the summary


def test_quiet_prints_nothing_on_success_even_on_a_terminal(corpus, tmp_path, monkeypatch, capsys):
    assert main([str(corpus), "--out", str(tmp_path / "out"), "--quiet", "-f", "csv"]) == 0
    assert capsys.readouterr().err == ""
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main([str(corpus), "--out", str(tmp_path / "out2"), "-q", "-f", "csv"]) == 0
    assert terminal.getvalue() == ""


def test_problems_are_reported_on_their_own_line_on_a_terminal(corpus, tmp_path, monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    missing = tmp_path / "missing.txt"
    assert main([str(corpus), str(missing), "--out", str(tmp_path / "out"), "-f", "csv"]) == 1
    lines = [line.rsplit("\r", 1)[-1] for line in terminal.getvalue().split("\n")]
    assert f"make-report: {missing}: No such file or directory" in lines


# --- help, python -m stats, CI -----------------------------------------------


def test_help_has_examples_for_every_option_and_the_exit_codes(capsys):
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    assert "examples:" in text
    examples = text.split("examples:")[1].split("inputs:")[0]
    for option in ("--out", "--title", "--format", "--policy", "--household-size", "--household-sizes", "--since",
                   "--until", "--category", "--country", "--text-column", "--id-column", "--quiet"):
        assert option in examples, option
    assert "make-report seeds --out reports" in text
    assert "make-report news.jsonl --out reports --household-size 4.8" in text
    assert ".jsonl" in text and "estimates.hxl.csv" in text and "persons_value" in text
    assert "report.pdf" in text and "summary.png" in text and "chart_" in text
    assert "exit status:" in text and "130" in text
    for option in ("--household-size N", "--household-sizes FILE", "--since DATE", "--category LIST",
                   "--country ISO3", "--title TEXT", "parquet", "hxl"):
        assert option in text


def run_module(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    package_root = str(Path(cli.__file__).resolve().parents[1])  # run the same code as this process
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "stats", *args], capture_output=True, text=True, encoding="utf-8",
                          cwd=cwd, env=env, timeout=300)


def test_python_dash_m_stats(corpus, tmp_path):
    out = tmp_path / "out"
    done = run_module(str(corpus), "--out", str(out), "--format", "csv,json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "3 documents" in done.stderr and "\r" not in done.stderr
    assert set(CLAIM_COLUMNS) <= set(header(out / "claims.csv"))
    assert header(out / "doc_totals.csv")[:5] == TOTAL_COLUMNS
    assert leftovers(out) == []


def test_python_dash_m_stats_help_shows_examples(tmp_path):
    done = run_module("--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "usage: make-report" in done.stdout and "examples:" in done.stdout
    assert "make-report seeds --out reports" in done.stdout


def test_python_dash_m_stats_usage_error(tmp_path):
    done = run_module("seeds", "--out", str(tmp_path / "out"), "--since", "soon", cwd=tmp_path)
    assert done.returncode == 2
    assert "make-report: error: argument --since: not an ISO date" in done.stderr


def test_ci_runs_the_readme_test_command():
    readme, ci = ROOT / "README.md", ROOT / ".ci" / "run"
    if not (readme.exists() and ci.exists()):
        pytest.skip("README.md or .ci/run not in this tree")
    commands = [line.strip() for line in readme.read_text().splitlines() if line.startswith("python3 -m venv")]
    assert len(commands) == 2, commands
    assert commands[1].endswith("pytest")
    ci_lines = [line.strip() for line in ci.read_text().splitlines()]
    assert any(line == commands[1] or line.startswith(commands[1] + " ||") for line in ci_lines), ci_lines


# --- households ---------------------------------------------------------------

FLOOD = "Floods displaced 300 families in the district. Two people were killed there."


@pytest.fixture
def flood(tmp_path: Path) -> Path:
    """A Nepali and a Sudanese report of families displaced, and one without a country."""
    news = tmp_path / "flood.jsonl"
    news.write_text(
        json.dumps({"id": "npl", "text": FLOOD, "country": "NPL", "date": "2024-07-02"}) + "\n"
        + json.dumps({"id": "sdn", "text": "Some 40 families were displaced by the fighting.", "country": "SDN"}) + "\n"
        + json.dumps({"id": "none", "text": "Three people were injured."}) + "\n"
    )
    return news


def test_household_size_adds_persons_columns_to_claims(flood, tmp_path):
    out = tmp_path / "out"
    assert main([str(flood), "--out", str(out), "--household-size", "5", "--format", "csv,json"]) == 0
    assert header(out / "claims.csv")[-5:] == [
        "persons_low", "persons_value", "persons_high", "household_size", "household_size_source"]
    by_doc = {(r["doc_id"], r["category"]): r for r in rows(out / "claims.csv")}
    families = by_doc[("npl", "displaced")]
    assert (families["unit"], families["value"]) == ("household", "300")
    assert (families["persons_low"], families["persons_value"], families["persons_high"]) == ("1500", "1500", "1500")
    assert (families["household_size"], families["household_size_source"]) == ("5", "option")
    killed = by_doc[("npl", "killed")]
    assert (killed["value"], killed["persons_value"], killed["household_size"]) == ("2", "", "")
    record = next(r for r in json.loads((out / "claims.json").read_text()) if r["doc_id"] == "npl"
                  and r["category"] == "displaced")
    assert record["persons_value"] == 1500 and record["household_size_source"] == "option"


def test_without_a_household_size_households_stay_apart(flood, tmp_path):
    out = tmp_path / "out"
    assert main([str(flood), "--out", str(out), "--format", "csv"]) == 0
    assert not any(c.startswith(("persons_", "household_size")) for c in header(out / "claims.csv"))
    families = next(r for r in rows(out / "claims.csv") if r["doc_id"] == "npl" and r["category"] == "displaced")
    assert (families["unit"], families["value"]) == ("household", "300")


def test_household_sizes_file_per_country_then_the_single_size(flood, tmp_path, captured):
    sizes = tmp_path / "sizes.csv"
    sizes.write_text("country,household_size\nSDN,5.5\n")
    out = tmp_path / "out"
    assert main([str(flood), "--out", str(out), "--format", "csv", "--household-sizes", str(sizes)]) == 0
    assert captured["build"]["household_sizes"] == {"SDN": 5.5}
    converted = {r["doc_id"]: (r["persons_value"], r["household_size"], r["household_size_source"])
                 for r in rows(out / "claims.csv") if r["unit"] == "household"}
    assert converted == {"sdn": ("220", "5.5", "table"), "npl": ("", "", "")}
    out2 = tmp_path / "out2"
    assert main([str(flood), "--out", str(out2), "--format", "csv", "--household-sizes", str(sizes),
                 "--household-size", "4"]) == 0
    converted = {r["doc_id"]: (r["persons_value"], r["household_size_source"])
                 for r in rows(out2 / "claims.csv") if r["unit"] == "household"}
    assert converted == {"sdn": ("220", "table"), "npl": ("1200", "option")}


def test_estimates_count_converted_households_in_persons(flood, tmp_path):
    out = tmp_path / "out"
    assert main([str(flood), "--out", str(out), "--format", "csv", "--household-size", "5"]) == 0
    displaced = {(r["country"], r["unit"], r["best"]) for r in rows(out / "estimates.csv")
                 if r["category"] == "displaced"}
    assert displaced == {("NPL", "person", "1500"), ("SDN", "person", "200")}


@pytest.mark.parametrize("value", ["-1", "0", "abc", "nan", "inf"])
def test_bad_household_size_exits_2(flood, tmp_path, capsys, value):
    out = tmp_path / "out"
    assert main([str(flood), "--out", str(out), f"--household-size={value}"]) == 2
    err = capsys.readouterr().err
    assert "usage: make-report" in err
    assert f"household size must be a number greater than 0, not '{value}'" in err
    assert not out.exists()


def test_bad_household_size_as_a_separate_argument(flood, tmp_path, capsys):
    assert main([str(flood), "--out", str(tmp_path / "out"), "--household-size", "-1"]) == 2
    assert "household size must be a number greater than 0, not '-1'" in capsys.readouterr().err


def test_missing_household_sizes_file_exits_2(flood, tmp_path, capsys):
    missing = tmp_path / "sizes.csv"
    out = tmp_path / "out"
    assert main([str(flood), "--out", str(out), "--household-sizes", str(missing)]) == 2
    err = capsys.readouterr().err
    assert f"make-report: cannot read household sizes from {missing}: No such file or directory" in err
    assert "nothing written" in err
    assert not out.exists()


def test_bad_household_sizes_file_exits_2_naming_the_lines(flood, tmp_path, capsys):
    sizes = tmp_path / "sizes.csv"
    sizes.write_text("country,household_size\nNPL,4.6\nSudan,5\nCOD,-1\n")
    out = tmp_path / "out"
    assert main([str(flood), "--out", str(out), "--household-sizes", str(sizes)]) == 2
    err = capsys.readouterr().err
    assert f"make-report: {sizes}:3: country 'Sudan' is not an ISO 3166 alpha-3 code" in err
    assert f"make-report: {sizes}:4: household size '-1' is not a number greater than 0" in err
    assert not out.exists()


def test_policy_choices_come_from_the_estimates(flood, tmp_path, capsys):
    assert main([str(flood), "--out", str(tmp_path / "out2"), "--policy", "reckless"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'reckless'" in err and "conservative" in err and "spread" in err


@pytest.mark.parametrize("size, column, tag", [
    ([], "displaced_households", "#affected+displaced+idps+households"),
    (["--household-size", "5"], "displaced", "#affected+displaced+idps"),
])
def test_hxl_of_the_real_estimates(flood, tmp_path, size, column, tag):
    out = tmp_path / "out"
    assert main([str(flood), "--out", str(out), "--format", "hxl,csv", *size]) == 0
    with (out / "estimates.hxl.csv").open(newline="", encoding="utf-8") as f:
        head, tags, *data = list(csv.reader(f))
    assert len(head) == len(tags) and all(t.startswith("#") for t in tags)
    assert len(data) == len(rows(out / "estimates.csv"))
    assert {"#country+code", "#affected+killed", "#affected+injured", tag} <= set(tags)
    assert head[tags.index(tag)] == column
    figures = sorted(row[head.index(column)] for row in data if row[head.index(column)])
    assert figures == (["300", "40"] if not size else ["1500", "200"])
