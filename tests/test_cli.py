"""The make-report command: files, columns, exit codes (not the figures themselves)."""
from __future__ import annotations

import csv
import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import stats.cli as cli
from stats.claims import Claim
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


def test_good_input_writes_every_format(corpus, tmp_path, capsys):
    out = tmp_path / "reports"
    assert main([str(corpus), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["claims.csv", "claims.json", "doc_totals.csv", "doc_totals.json"]
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
    assert sorted(p.name for p in out.iterdir()) == ["claims.csv", "doc_totals.csv"]


def test_format_list(corpus, tmp_path):
    out = tmp_path / "out"
    assert main([str(corpus), "--out", str(out), "--format", "json, csv,json"]) == 0
    assert len(list(out.iterdir())) == 4


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
