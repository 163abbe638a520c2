"""stats.outputs: every format's files, cells, HXL, atomic writes, errors.csv, the charts and PDF hooks."""
from __future__ import annotations

import csv
import json
import os
import stat
import sys
import tempfile
import types
from pathlib import Path

import pandas as pd
import pytest

from stats import outputs
from stats.claims import CLAIM_DTYPES, Claim
from stats.documents import ReadError
from stats.outputs import (
    FORMATS,
    FormatError,
    available_formats,
    check_formats,
    write_tables,
)
from stats.tables import Tables, build_tables
from stats.totals import TOTAL_DTYPES

TABLES = ("claims", "doc_totals", "estimates", "series")
AVAILABLE = available_formats()


def fake_claim(doc_id: str, **changes) -> Claim:
    fields = dict(
        doc_id=doc_id, category="killed", value=60, low=60, high=None, bound="at_least", qualifier="at least",
        unit="person", subject="government soldiers", source="", hedged=True, cumulative=False, projected=False,
        negated=False, subset=False, number_text="60", start=9, end=11, sentence="At least 60 government soldiers died.",
        doc_date="2024-07-02", country="NPL",
    )
    fields.update(changes)
    return Claim(**fields)


@pytest.fixture
def tables() -> Tables:
    return build_tables([
        fake_claim("a"),
        fake_claim("b", category="displaced", unit="household", value=300, low=300, high=300, bound="exact",
                   qualifier="", hedged=False, number_text="300"),
    ], documents=2, household_size=5)


def rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def names(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir())


# --- formats -----------------------------------------------------------------


def test_formats_in_order_and_the_tables_ones_always_available():
    assert list(FORMATS) == ["csv", "parquet", "json", "hxl", "png", "pdf"]
    assert AVAILABLE[:4] == ["csv", "parquet", "json", "hxl"]
    assert set(AVAILABLE) <= set(FORMATS)


def test_check_formats():
    assert check_formats(["CSV", " json", "csv"]) == ["csv", "json"]
    with pytest.raises(FormatError, match="unknown format 'docx' .choose from csv, parquet, json, hxl"):
        check_formats(["csv", "docx"])


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_a_format_whose_module_is_missing_is_not_available(monkeypatch, tmp_path, tables, fmt):
    monkeypatch.setitem(outputs._REQUIRES, fmt, "stats._not_there")
    assert fmt not in available_formats()
    with pytest.raises(FormatError, match=f"format '{fmt}' is not available: stats._not_there is not installed"):
        write_tables(tables, tmp_path / "out", ["csv", fmt])
    assert not (tmp_path / "out").exists()  # checked before anything is written


def test_every_table_file_in_order(tables, tmp_path):
    out = tmp_path / "deep" / "out"
    written = write_tables(tables, out, ["csv", "parquet", "json", "hxl"])
    assert [p.name for p in written] == [
        *(f"{t}.csv" for t in TABLES), *(f"{t}.parquet" for t in TABLES), *(f"{t}.json" for t in TABLES),
        "estimates.hxl.csv"]
    assert all(p.parent == out for p in written)
    assert names(out) == sorted(p.name for p in written)  # no temporary directory left


def test_default_is_every_available_format(tables, tmp_path, monkeypatch):
    for fmt in ("png", "pdf"):  # keep this test about the tables
        monkeypatch.setitem(outputs._REQUIRES, fmt, "stats._not_there")
    written = write_tables(tables, tmp_path)
    assert len(written) == 4 * 3 + 1


def test_csv_cells_booleans_missing_numbers_and_integers(tables, tmp_path):
    write_tables(tables, tmp_path, ["csv"])
    head, *data = rows(tmp_path / "claims.csv")
    assert head == list(tables.claims.columns)
    row = dict(zip(head, data[0]))
    assert (row["doc_id"], row["value"], row["low"], row["high"]) == ("a", "60", "60", "")
    assert (row["hedged"], row["cumulative"], row["projected"]) == ("true", "false", "false")
    families = dict(zip(head, data[1]))
    assert (families["persons_value"], families["household_size"]) == ("1500", "5")


def test_json_records_one_a_line(tables, tmp_path):
    write_tables(tables, tmp_path, ["json"])
    text = (tmp_path / "claims.json").read_text()
    assert text.startswith("[\n{") and text.endswith("}\n]\n") and text.count("\n") == 4  # [, two records, ]
    first, second = json.loads(text)
    assert first["value"] == 60 and first["high"] is None and first["hedged"] is True
    assert second["persons_value"] == 1500 and second["household_size"] == 5


def test_empty_tables_are_written_with_their_columns(tmp_path):
    empty = build_tables([], documents=1)
    write_tables(empty, tmp_path, ["csv", "json", "parquet", "hxl"])
    assert rows(tmp_path / "claims.csv") == [list(CLAIM_DTYPES)]
    assert (tmp_path / "claims.json").read_text() == "[]\n"
    claims = pd.read_parquet(tmp_path / "claims.parquet")
    assert len(claims) == 0 and str(claims["value"].dtype) == "Int64"
    head, tags = rows(tmp_path / "estimates.hxl.csv")
    assert len(head) == len(tags) and all(t.startswith("#") for t in tags)


def test_parquet_is_typed(tables, tmp_path):
    write_tables(tables, tmp_path, ["parquet"])
    claims = pd.read_parquet(tmp_path / "claims.parquet")
    assert str(claims["value"].dtype) == "Int64" and str(claims["hedged"].dtype) == "boolean"
    assert str(claims["doc_id"].dtype) == "string" and str(claims["start"].dtype) == "int64"
    assert str(claims["persons_value"].dtype) == "Int64" and str(claims["household_size"].dtype) == "Float64"
    assert claims.loc[claims["unit"] == "household", "persons_value"].tolist() == [1500]
    totals = pd.read_parquet(tmp_path / "doc_totals.parquet")
    assert totals.dtypes.astype(str).to_dict() == dict(TOTAL_DTYPES)
    for name in TABLES:
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / f"{name}.parquet"),
                                      tables.frames()[name].reset_index(drop=True))


# --- HXL ---------------------------------------------------------------------


def hand_tables(estimates: pd.DataFrame) -> Tables:
    empty = build_tables([], documents=0)
    return Tables(claims=empty.claims, doc_totals=empty.doc_totals, estimates=estimates, series=empty.series,
                  documents=3)


def test_hxl_file_has_a_tag_row_and_a_column_per_category(tmp_path):
    estimates = pd.DataFrame({
        "country": ["NPL", "NPL", "SDN", None], "category": ["displaced", "killed", "displaced", "injured"],
        "unit": ["household", "person", "household", "person"], "source": ["news"] * 4,
        "best": [300, 2, 40, 3],
    }).astype({"country": "string", "best": "Int64"})
    assert [p.name for p in write_tables(hand_tables(estimates), tmp_path, ["hxl"])] == ["estimates.hxl.csv"]
    head, tags, *data = rows(tmp_path / "estimates.hxl.csv")
    assert head == ["country", "source", "killed", "injured", "displaced_households"]
    assert tags == ["#country+code", "#meta+source", "#affected+killed", "#affected+injured",
                    "#affected+displaced+idps+households"]
    assert data == [  # one row per estimate, its figure in its category's column
        ["NPL", "news", "", "", "300"], ["NPL", "news", "2", "", ""], ["SDN", "news", "", "", "40"],
        ["", "news", "", "3", ""],
    ]


def test_hxl_converted_households_count_as_persons(tables, tmp_path):
    write_tables(tables, tmp_path, ["hxl"])
    head, tags, *data = rows(tmp_path / "estimates.hxl.csv")
    assert "#affected+displaced+idps" in tags and not any("households" in t for t in tags)
    assert sorted(row[head.index("displaced")] for row in data) == ["", "1500"]


# --- atomic writes, errors.csv -----------------------------------------------


def test_a_failing_format_leaves_the_old_outputs_and_nothing_else(tables, tmp_path, monkeypatch):
    (tmp_path / "claims.csv").write_text("old\n")

    def broken(tables, stage, **context):
        stage("claims.json").write_text("[")
        raise RuntimeError("bug")

    monkeypatch.setitem(FORMATS, "json", broken)
    with pytest.raises(RuntimeError):
        write_tables(tables, tmp_path, ["csv", "json"])
    assert names(tmp_path) == ["claims.csv"] and (tmp_path / "claims.csv").read_text() == "old\n"


#: What can stop a writer half-way: Ctrl-C, a full disk, a bug.
STOPS = {
    "Ctrl-C": KeyboardInterrupt(),
    "disk full": OSError(28, "No space left on device"),
    "bug": RuntimeError("bug"),
}


@pytest.mark.parametrize("stop", STOPS)
@pytest.mark.parametrize("broken_format", ["csv", "json"], ids=["first format", "last format"])
def test_a_write_stopped_half_way_leaves_no_half_written_table_and_no_temporary_file(
        tables, tmp_path, monkeypatch, stop, broken_format):
    old = {"claims.csv": "old claims\n", "claims.json": "[]\n", "notes.txt": "mine\n"}
    for name, text in old.items():
        (tmp_path / name).write_text(text)
    real_writer = FORMATS[broken_format]

    def half_written(tables, stage, **context):
        real_writer(tables, stage, **context)  # every table of the format, then half of one more file
        with stage(f"series.{broken_format}").open("w") as f:
            f.write('doc_id,category\n"d1')
            raise STOPS[stop]

    monkeypatch.setitem(FORMATS, broken_format, half_written)
    with pytest.raises(type(STOPS[stop])):
        write_tables(tables, tmp_path, ["csv", "parquet", "json"])
    assert names(tmp_path) == sorted(old)
    assert {name: (tmp_path / name).read_text() for name in old} == old


def test_ctrl_c_while_moving_files_into_place_leaves_each_file_whole(tables, tmp_path, monkeypatch):
    reference = tmp_path / "reference"
    write_tables(tables, reference, ["csv"])
    out = tmp_path / "out"
    out.mkdir()
    for table in TABLES:
        (out / f"{table}.csv").write_text("old\n")
    real_replace, moved = os.replace, []

    def replace(source, target):
        if len(moved) == 2:
            raise KeyboardInterrupt
        moved.append(Path(target).name)
        real_replace(source, target)

    monkeypatch.setattr(outputs.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        write_tables(tables, out, ["csv"])
    assert names(out) == [f"{t}.csv" for t in sorted(TABLES)]  # no temporary directory
    for table in TABLES:
        name = f"{table}.csv"
        expected = (reference / name).read_text() if name in moved else "old\n"
        assert (out / name).read_text() == expected, name
    assert moved == ["claims.csv", "doc_totals.csv"]


def test_a_format_can_be_added(tables, tmp_path, monkeypatch):
    def summary(tables, stage, *, title, corpus):
        stage("summary.txt").write_text(f"{title}: {len(tables.claims)} claims from {tables.documents} documents\n")

    monkeypatch.setitem(FORMATS, "summary", summary)
    assert "summary" in available_formats()
    assert write_tables(tables, tmp_path, ["summary"], title="Floods") == [tmp_path / "summary.txt"]
    assert (tmp_path / "summary.txt").read_text() == "Floods: 2 claims from 2 documents\n"


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_files_get_the_usual_mode_whatever_the_writer_used(tables, tmp_path, monkeypatch):
    def private(tables, stage, **context):
        fd, name = tempfile.mkstemp(dir=stage.directory, prefix="x")  # mode 0600
        os.close(fd)
        os.replace(name, stage("private.txt"))

    monkeypatch.setitem(FORMATS, "private", private)
    (written,) = write_tables(tables, tmp_path, ["private"])
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(written.stat().st_mode) == 0o666 & ~umask


def test_stage_takes_plain_file_names_only(tmp_path):
    with outputs.Stage(tmp_path) as stage:
        for bad in ("", "..", "sub/x.csv", "/etc/x"):
            with pytest.raises(ValueError):
                stage(bad)
    assert names(tmp_path) == []


def test_errors_file(tables, tmp_path):
    problems = [ReadError("missing.txt", None, "No such file or directory"), ReadError("news.jsonl", 2, "not valid JSON")]
    written = write_tables(tables, tmp_path, ["csv"], errors=problems)
    assert written[-1] == tmp_path / "errors.csv"
    assert rows(tmp_path / "errors.csv") == [
        ["path", "line", "message"], ["missing.txt", "", "No such file or directory"],
        ["news.jsonl", "2", "not valid JSON"]]
    write_tables(tables, tmp_path, ["csv"])  # errors=None: left alone
    assert (tmp_path / "errors.csv").exists()
    write_tables(tables, tmp_path, ["csv"], errors=[])  # a clean run: a stale errors.csv would mislead
    assert not (tmp_path / "errors.csv").exists()


def test_errors_file_is_utf8_even_for_a_file_name_that_is_not(tmp_path):
    problems = [ReadError("corpus/vid\udce9.txt", None, "empty file")]
    written = outputs.write_errors(problems, tmp_path / "errors.csv")
    assert written.read_bytes().decode("utf-8") == "path,line,message\ncorpus/vid\\udce9.txt,,empty file\n"


# --- charts and the PDF, through fakes of stats.charts and stats.report ------


@pytest.fixture
def fakes(monkeypatch) -> list:
    """Fake stats.charts and stats.report modules that record their calls."""
    calls: list = []
    charts = types.ModuleType("fake_charts")
    report = types.ModuleType("fake_report")

    def write_charts(tables, out_dir, title):
        calls.append(("charts", tables, Path(out_dir), title))
        written = {}
        for name in ("killed", "displaced") if len(tables.claims) else ("killed",):
            written[name] = Path(out_dir) / f"chart_{name}.png"
            written[name].write_bytes(b"\x89PNG fake")
        (Path(out_dir) / "summary.png").write_bytes(b"\x89PNG fake")
        return written

    def write_pdf(tables, path, *, title, corpus=None, charts=None):
        calls.append(("pdf", tables, Path(path), title, corpus, charts))
        Path(path).write_bytes(b"%PDF-1.4 fake")
        return Path(path)

    charts.write_charts, report.write_pdf = write_charts, write_pdf
    monkeypatch.setitem(sys.modules, "fake_charts", charts)
    monkeypatch.setitem(sys.modules, "fake_report", report)
    monkeypatch.setitem(outputs._REQUIRES, "png", "fake_charts")
    monkeypatch.setitem(outputs._REQUIRES, "pdf", "fake_report")
    return calls


def test_png_and_pdf_call_the_charts_and_the_report(tables, tmp_path, fakes):
    assert {"png", "pdf"} <= set(available_formats())
    written = write_tables(tables, tmp_path, ["png", "pdf"], title="Floods", corpus="news.jsonl")
    assert [p.name for p in written] == ["chart_displaced.png", "chart_killed.png", "summary.png", "report.pdf"]
    (kind, got, where, title), (kind2, got2, path, title2, corpus, charts) = fakes
    assert (kind, got, title) == ("charts", tables, "Floods") and where.parent == tmp_path
    assert (kind2, got2, title2, corpus) == ("pdf", tables, "Floods", "news.jsonl") and path.name == "report.pdf"
    assert names(tmp_path) == sorted(p.name for p in written)  # staged, then moved into place
    assert charts == {"displaced": b"\x89PNG fake", "killed": b"\x89PNG fake"}  # the charts drawn once


def test_pdf_alone_draws_its_own_charts(tables, tmp_path, fakes):
    write_tables(tables, tmp_path, ["pdf"], title="Floods")
    [(kind, *_, charts)] = fakes
    assert kind == "pdf" and charts is None


def test_default_title(tables, tmp_path, fakes):
    write_tables(tables, tmp_path, ["pdf"])
    assert fakes[0][3:5] == (outputs.DEFAULT_TITLE, None)
    assert outputs.DEFAULT_TITLE == "Casualty and displacement figures"


def test_charts_of_an_earlier_run_that_were_not_drawn_again_are_removed(tables, tmp_path, fakes):
    write_tables(tables, tmp_path, ["png"])
    assert (tmp_path / "chart_displaced.png").exists()
    (tmp_path / "chart_notes.txt").write_text("mine")
    write_tables(build_tables([], documents=1), tmp_path, ["png"])
    assert names(tmp_path) == ["chart_killed.png", "chart_notes.txt", "summary.png"]


# --- the real charts and PDF, once they exist --------------------------------


@pytest.mark.skipif(not {"png", "pdf"} & set(AVAILABLE), reason="stats.charts and stats.report are not there yet")
def test_png_and_pdf_are_byte_identical_from_run_to_run(tables, tmp_path):
    formats = [f for f in ("png", "pdf") if f in AVAILABLE]
    first = write_tables(tables, tmp_path / "one", formats, title="Floods")
    second = write_tables(tables, tmp_path / "two", formats, title="Floods")
    assert [p.name for p in first] == [p.name for p in second]
    if "pdf" in formats:
        assert "report.pdf" in [p.name for p in first]
    if "png" in formats:
        assert "summary.png" in [p.name for p in first]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name
