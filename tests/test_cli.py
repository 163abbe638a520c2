"""The make-report command: files, columns, exit codes (not the figures themselves)."""
from __future__ import annotations

import csv
import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import stats.cli as cli
from stats.claims import CLAIM_DTYPES, Claim
from stats.cli import main

ROOT = Path(__file__).resolve().parents[1]
CLAIM_COLUMNS = ["doc_id", "category", "value", "low", "high", "bound", "unit", "subject", "source",
                 "hedged", "cumulative", "projected"]
TOTAL_COLUMNS = ["doc_id", "category", "low", "best", "high"]
BEFORE = "Two people were injured in the blast."


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


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".") or p.suffix == ".tmp")


def expected_files(formats=("csv", "parquet", "json", "hxl"), estimates: bool | None = None) -> list[str]:
    """The files of a run: every table in every format (estimates only when stats.estimates is there)."""
    if estimates is None:
        estimates = cli._estimates_module is not None
    tables = ["claims", "doc_totals"] + (["estimates", "series"] if estimates else [])
    suffixes = {"csv": ".csv", "parquet": ".parquet", "json": ".json"}
    names = [t + suffixes[f] for t in tables for f in formats if f in suffixes]
    if estimates and "hxl" in formats:
        names.append("estimates.hxl.csv")
    return sorted(names)


def test_good_input_writes_every_format(corpus, tmp_path, capsys):
    out = tmp_path / "reports"
    assert main([str(corpus), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == expected_files()
    assert set(CLAIM_COLUMNS) <= set(header(out / "claims.csv"))
    assert header(out / "doc_totals.csv")[:5] == TOTAL_COLUMNS
    assert isinstance(json.loads((out / "claims.json").read_text()), list)
    assert isinstance(json.loads((out / "doc_totals.json").read_text()), list)
    for row in rows(out / "claims.csv"):
        assert row["doc_id"] in {"blast", "flood", "1"}
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "from 3 documents" in err and str(out) in err


def test_format_csv_only(corpus, tmp_path):
    out = tmp_path / "out"
    assert main([str(corpus), "--out", str(out), "--format", "csv"]) == 0
    assert sorted(p.name for p in out.iterdir()) == expected_files(("csv",))


def test_format_list(corpus, tmp_path):
    out = tmp_path / "out"
    assert main([str(corpus), "--out", str(out), "--format", "json, csv,json"]) == 0
    assert sorted(p.name for p in out.iterdir()) == expected_files(("json", "csv"))


def test_csv_input_with_named_columns(tmp_path):
    table = tmp_path / "events.csv"
    table.write_text("event_id,notes\ne1,Two people were injured.\ne2,Nobody was hurt.\n")
    out = tmp_path / "out"
    assert main([str(table), "--out", str(out), "--text-column", "notes", "--id-column", "event_id"]) == 0
    assert (out / "claims.csv").exists()


def test_csv_input_without_the_text_column_is_reported(tmp_path, capsys):
    table = tmp_path / "events.csv"
    table.write_text("event_id,notes\ne1,Two people were injured.\n")
    assert main([str(table), "--out", str(tmp_path / "out")]) == 2
    assert f"make-report: {table}:1: no column 'text'" in capsys.readouterr().err


def test_unreadable_file_beside_a_good_one(corpus, tmp_path, capsys):
    missing = tmp_path / "missing.txt"
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00")
    out = tmp_path / "out"
    assert main([str(missing), str(corpus), str(binary), "--out", str(out)]) == 1
    assert (out / "claims.csv").exists() and (out / "doc_totals.csv").exists()
    errors = rows(out / "errors.csv")
    assert header(out / "errors.csv") == ["path", "line", "message"]
    assert [(e["path"], e["line"]) for e in errors] == [(str(missing), ""), (str(binary), "")]
    err = capsys.readouterr().err
    assert f"make-report: {missing}: No such file or directory" in err
    assert f"make-report: {binary}: binary file" in err
    assert "2 problems" in err
    assert leftovers(out) == []


def test_line_errors_name_the_line(tmp_path, capsys):
    news = tmp_path / "news.jsonl"
    news.write_text('{"id": 1, "text": "Two died."}\nnot json\n')
    out = tmp_path / "out"
    assert main([str(news), "--out", str(out)]) == 1
    assert rows(out / "errors.csv")[0]["line"] == "2"
    assert f"make-report: {news}:2: not valid JSON" in capsys.readouterr().err


def test_stale_errors_file_is_removed_after_a_clean_run(corpus, tmp_path):
    out = tmp_path / "out"
    assert main([str(corpus), str(tmp_path / "missing.txt"), "--out", str(out)]) == 1
    assert (out / "errors.csv").exists()
    assert main([str(corpus), "--out", str(out)]) == 0
    assert not (out / "errors.csv").exists()


def test_nothing_readable_exits_2_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    assert main([str(tmp_path / "missing.txt"), "--out", str(out)]) == 2
    assert not out.exists()
    assert "no documents could be read" in capsys.readouterr().err


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
    ],
)
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2
    assert "usage: make-report" in capsys.readouterr().err


def test_help_has_examples_and_exit_codes(capsys):
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    assert "examples:" in text
    assert "make-report seeds --out reports" in text
    assert "--text-column" in text and ".jsonl" in text
    assert "exit status:" in text and "130" in text


def test_quiet_prints_nothing_on_success(corpus, tmp_path, capsys):
    assert main([str(corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_out_dir_that_is_a_file(corpus, tmp_path, capsys):
    blocker = tmp_path / "out"
    blocker.write_text("not a directory")
    assert main([str(corpus), "--out", str(blocker)]) == 2
    assert "cannot write" in capsys.readouterr().err


def fake_claim(doc_id: str, **changes) -> Claim:
    fields = dict(
        doc_id=doc_id, category="killed", value=60, low=60, high=None, bound="at_least", qualifier="at least",
        unit="person", subject="government soldiers", source="", hedged=True, cumulative=False, projected=False,
        negated=False, subset=False, number_text="60", start=9, end=11, sentence="At least 60 government soldiers died.",
    )
    fields.update(changes)
    return Claim(**fields)


def test_cells_booleans_missing_numbers_and_integers(tmp_path, monkeypatch):
    doc = tmp_path / "a.txt"
    doc.write_text("At least 60 government soldiers died.")
    monkeypatch.setattr(cli, "extract_document", lambda doc: [fake_claim(doc.id)])
    out = tmp_path / "out"
    assert main([str(doc), "--out", str(out)]) == 0
    (row,) = rows(out / "claims.csv")
    assert (row["doc_id"], row["value"], row["low"], row["high"]) == ("a", "60", "60", "")
    assert (row["hedged"], row["cumulative"], row["projected"]) == ("true", "false", "false")
    (record,) = json.loads((out / "claims.json").read_text())
    assert record["value"] == 60 and record["high"] is None and record["hedged"] is True


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
    assert sorted(p.name for p in out.iterdir()) == ["claims.csv"]
    assert "interrupted" in capsys.readouterr().err


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
    assert main([str(news), "--out", str(tmp_path / "out"), "-q"]) == 0
    assert seen == [("read", "0"), ("extract", "0"), ("read", "1"), ("extract", "1"), ("read", "2"), ("extract", "2")]


def test_a_whole_table_format_can_be_added(corpus, tmp_path, monkeypatch):
    def render(tables, staged):
        path = staged("summary.txt")
        path.write_text(f"{len(tables['claims'])} claims, {list(tables['doc_totals'].columns)}\n")

    monkeypatch.setitem(cli.FORMATS, "summary", functools.partial(cli.WholeTableWriter, render=render))
    out = tmp_path / "out"
    assert main([str(corpus), "--out", str(out), "--format", "summary"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["summary.txt"]
    assert "claims" in (out / "summary.txt").read_text()


def test_python_dash_m_stats(corpus, tmp_path):
    out = tmp_path / "out"
    package_root = str(Path(cli.__file__).resolve().parents[1])  # run the same code as this process
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(
        [sys.executable, "-m", "stats", str(corpus), "--out", str(out)],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, env=env, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "3 documents" in done.stderr
    assert set(CLAIM_COLUMNS) <= set(header(out / "claims.csv"))
    assert header(out / "doc_totals.csv")[:5] == TOTAL_COLUMNS
    assert leftovers(out) == []


def test_ci_runs_the_readme_test_command():
    readme, ci = ROOT / "README.md", ROOT / ".ci" / "run"
    if not (readme.exists() and ci.exists()):
        pytest.skip("README.md or .ci/run not in this tree")
    commands = [line.strip() for line in readme.read_text().splitlines() if line.startswith("python3 -m venv")]
    assert len(commands) == 2, commands
    assert commands[1].endswith("pytest")
    ci_lines = [line.strip() for line in ci.read_text().splitlines()]
    assert any(line == commands[1] or line.startswith(commands[1] + " ||") for line in ci_lines), ci_lines


# --- formats, household sizes, estimates -------------------------------------

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


class FakeEstimates:
    """Stands in for stats.estimates: one row per country and category, ``best`` = the sum of the values."""

    POLICIES = ("conservative", "generous")

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[str], str | None]] = []

    def estimates(self, frame, policy):
        self.calls.append(("estimates", list(frame.columns), policy))
        table = frame.assign(source="news")
        if "persons_value" in table:  # a converted figure counts in persons
            converted = table["persons_value"].notna()
            table["value"] = table["persons_value"].where(converted, table["value"])
            table["unit"] = table["unit"].where(~converted, "person")
        table = table.groupby(["country", "category", "unit", "source"], sort=False, as_index=False,
                              dropna=False).agg(best=("value", "sum"))
        return table.astype({"country": "string", "category": "string", "unit": "string", "source": "string",
                             "best": "Int64"})

    def series(self, frame, policy):
        self.calls.append(("series", list(frame.columns), policy))
        return pd.DataFrame({"date": ["2024-07-02"], "category": ["killed"], "best": [2]}).astype(
            {"date": "string", "category": "string", "best": "Int64"})


@pytest.fixture
def fake_estimates(monkeypatch) -> FakeEstimates:
    fake = FakeEstimates()
    monkeypatch.setattr(cli, "_estimates_module", fake)
    return fake


@pytest.fixture
def no_estimates(monkeypatch) -> None:
    monkeypatch.setattr(cli, "_estimates_module", None)


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


def test_household_sizes_file_per_country_then_the_single_size(flood, tmp_path):
    sizes = tmp_path / "sizes.csv"
    sizes.write_text("country,household_size\nSDN,5.5\n")
    out = tmp_path / "out"
    assert main([str(flood), "--out", str(out), "--format", "csv", "--household-sizes", str(sizes)]) == 0
    converted = {r["doc_id"]: (r["persons_value"], r["household_size"], r["household_size_source"])
                 for r in rows(out / "claims.csv") if r["unit"] == "household"}
    assert converted == {"sdn": ("220", "5.5", "table"), "npl": ("", "", "")}
    out2 = tmp_path / "out2"
    assert main([str(flood), "--out", str(out2), "--format", "csv", "--household-sizes", str(sizes),
                 "--household-size", "4"]) == 0
    converted = {r["doc_id"]: (r["persons_value"], r["household_size_source"])
                 for r in rows(out2 / "claims.csv") if r["unit"] == "household"}
    assert converted == {"sdn": ("220", "table"), "npl": ("1200", "option")}


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


@pytest.mark.parametrize("formats", ["xlsx", "csv,xlsx", "CSV,Parquet,pdf"])
def test_unknown_format_exits_2(corpus, tmp_path, capsys, formats):
    assert main([str(corpus), "--out", str(tmp_path / "out"), "--format", formats]) == 2
    err = capsys.readouterr().err
    assert "unknown format" in err and "choose from csv, parquet, json" in err
    assert not (tmp_path / "out").exists()


def test_parquet_is_typed(flood, tmp_path):
    out = tmp_path / "out"
    assert main([str(flood), "--out", str(out), "--format", "parquet", "--household-size", "5"]) == 0
    claims = pd.read_parquet(out / "claims.parquet")
    assert str(claims["value"].dtype) == "Int64" and str(claims["hedged"].dtype) == "boolean"
    assert str(claims["doc_id"].dtype) == "string" and str(claims["start"].dtype) == "int64"
    assert str(claims["persons_value"].dtype) == "Int64" and str(claims["household_size"].dtype) == "Float64"
    assert claims.loc[claims["unit"] == "household", "persons_value"].tolist() == [1500, 200]
    totals = pd.read_parquet(out / "doc_totals.parquet")
    assert list(totals.columns) == list(cli.TOTAL_DTYPES)
    assert totals.dtypes.astype(str).to_dict() == dict(cli.TOTAL_DTYPES)


def test_parquet_of_a_run_without_figures_is_still_typed(tmp_path):
    doc = tmp_path / "quiet.txt"
    doc.write_text("The market reopened on Monday.")
    out = tmp_path / "out"
    assert main([str(doc), "--out", str(out), "--format", "parquet,csv"]) == 0
    claims = pd.read_parquet(out / "claims.parquet")
    assert len(claims) == 0 and str(claims["value"].dtype) == "Int64"
    assert header(out / "claims.csv") == list(CLAIM_DTYPES)


def test_every_table_and_format_with_estimates(flood, tmp_path, fake_estimates):
    out = tmp_path / "out"
    assert main([str(flood), "--out", str(out), "--household-size", "5"]) == 0
    assert sorted(p.name for p in out.iterdir()) == expected_files(estimates=True)
    # estimates get the claims with the persons columns, and the default policy
    assert [(name, policy) for name, _, policy in fake_estimates.calls] == [
        ("estimates", "conservative"), ("series", "conservative")]
    assert "persons_value" in fake_estimates.calls[0][1]
    estimates = pd.read_parquet(out / "estimates.parquet")
    assert str(estimates["best"].dtype) == "Int64"
    assert isinstance(json.loads((out / "estimates.json").read_text()), list)
    assert json.loads((out / "series.json").read_text()) == [{"date": "2024-07-02", "category": "killed", "best": 2}]
    assert header(out / "estimates.csv") == ["country", "category", "unit", "source", "best"]


def test_hxl_file_has_a_tag_row(flood, tmp_path, fake_estimates):
    out = tmp_path / "out"
    assert main([str(flood), "--out", str(out), "--format", "hxl"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["estimates.hxl.csv"]
    with (out / "estimates.hxl.csv").open(newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    head, tags, data = table[0], table[1], table[2:]
    assert head == ["country", "source", "killed", "injured", "displaced_households"]
    assert tags == ["#country+code", "#meta+source", "#affected+killed", "#affected+injured",
                    "#affected+displaced+idps+households"]
    assert all(tag.startswith("#") for tag in tags)
    assert data == [  # one row per estimate, its figure in its category's column
        ["NPL", "news", "", "", "300"], ["NPL", "news", "2", "", ""], ["SDN", "news", "", "", "40"],
        ["", "news", "", "3", ""],
    ]


def test_hxl_converted_households_count_as_persons(flood, tmp_path, fake_estimates):
    out = tmp_path / "out"
    assert main([str(flood), "--out", str(out), "--format", "hxl", "--household-size", "5"]) == 0
    with (out / "estimates.hxl.csv").open(newline="", encoding="utf-8") as f:
        head, tags, *data = list(csv.reader(f))
    assert "#affected+displaced+idps" in tags and not any("households" in t for t in tags)
    displaced = head.index("displaced")
    assert [row[displaced] for row in data] == ["1500", "", "200", ""]


def test_policy_choices_come_from_the_estimates(flood, tmp_path, capsys, fake_estimates):
    assert main([str(flood), "--out", str(tmp_path / "out"), "--format", "csv", "--policy", "generous"]) == 0
    assert fake_estimates.calls[0][2] == "generous"
    assert main([str(flood), "--out", str(tmp_path / "out2"), "--policy", "reckless"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'reckless'" in err and "conservative" in err


def test_without_the_estimates_module(flood, tmp_path, capsys, no_estimates):
    out = tmp_path / "out"
    assert main([str(flood), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == expected_files(estimates=False)
    assert main([str(flood), "--out", str(tmp_path / "out2"), "--format", "hxl"]) == 2
    assert "format 'hxl' needs the estimates" in capsys.readouterr().err


def test_help_shows_the_new_options(capsys):
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    for option in ("--household-size N", "--household-sizes FILE", "--policy", "parquet", "hxl"):
        assert option in text
    assert "make-report news.jsonl --out reports --household-size 4.8" in text
    assert "estimates.hxl.csv" in text and "persons_value" in text


@pytest.mark.skipif(cli._estimates_module is None, reason="stats.estimates is not installed")
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
