"""Engines and streaming: the same claims and tables however the documents are extracted and gathered."""
from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pandas as pd
import pytest

from stats import cli
from stats.claims import extract_document
from stats.cli import main
from stats.documents import Document
from stats.engines import SERIAL_DOCUMENTS, Extracted, extract_one, extract_stream
from stats.tables import TableBuilder, build_tables

SENTENCES = [
    "At least {n} people were killed when a bus overturned on the mountain road, police said.",
    "Some {n} families were displaced by the floods. Two children were reported missing.",
    "Officials said {n} soldiers were injured in the attack; 3 civilians were also killed.",
    "The toll rose to {n} on Tuesday, according to the health ministry.",
    "Nobody was hurt when the old market burned down.",
    "Dozens of houses were destroyed and {n} were damaged by the storm.",
    "Between {n} and {m} migrants are feared missing after the boat sank.",
]


def documents(count: int, *, duplicate_every: int = 0) -> list[Document]:
    """``count`` documents of the sentences above, with numbers that vary; ids repeat every ``duplicate_every``."""
    docs = []
    for i in range(count):
        text = " ".join(s.format(n=i + 2, m=i + 9) for s in (SENTENCES[i % 7], SENTENCES[(i * 3 + 1) % 7]))
        doc_id = f"doc{i % duplicate_every if duplicate_every else i}"
        docs.append(Document(doc_id, text, date=f"2024-07-{1 + i % 28:02d}", country=("NPL", "SDN")[i % 2]))
    return docs


def killed_only(claim) -> bool:
    return claim.category == "killed"


def fails(document: Document):
    raise RuntimeError(f"cannot extract {document.id}")


# --- extract_stream ------------------------------------------------------------


def test_pool_gives_what_this_process_gives_in_the_same_order():
    docs = documents(40)
    here = list(extract_stream(docs, jobs=1))
    assert [e.doc_id for e in here] == [d.id for d in docs]
    assert sum(e.found for e in here) > 40
    assert list(extract_stream(docs, jobs=2, serial=0, batch_size=3)) == here
    assert list(extract_stream(iter(docs), jobs=2, serial=5, batch_size=4)) == here


def test_pool_with_spawn_start_method():
    docs = documents(12)
    assert list(extract_stream(docs, jobs=2, serial=0, batch_size=2, start_method="spawn")) == \
        list(extract_stream(docs, jobs=1))


def test_keep_is_applied_in_the_workers_and_found_counts_everything():
    docs = documents(20)
    kept = list(extract_stream(docs, jobs=2, serial=0, batch_size=3, keep=killed_only))
    assert kept == [extract_one(d, keep=killed_only) for d in docs]
    assert all(c.category == "killed" for e in kept for c in e.claims)
    assert sum(e.found for e in kept) > sum(len(e.claims) for e in kept)


def test_a_failure_in_a_worker_is_raised_here():
    with pytest.raises(RuntimeError, match="cannot extract doc0"):
        list(extract_stream(documents(4), jobs=2, serial=0, extract=fails))
    assert multiprocessing.active_children() == []


def test_closing_the_stream_terminates_the_pool():
    stream = extract_stream(documents(60), jobs=2, serial=0, batch_size=2)
    first = next(stream)
    assert isinstance(first, Extracted) and first.doc_id == "doc0"
    assert multiprocessing.active_children()
    stream.close()
    assert multiprocessing.active_children() == []


def test_small_corpora_never_start_a_pool(monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started")

    monkeypatch.setattr(multiprocessing.context.BaseContext, "Pool", no_pool)
    docs = documents(SERIAL_DOCUMENTS)
    assert len(list(extract_stream(docs, jobs=2))) == SERIAL_DOCUMENTS


def test_documents_are_read_a_batch_at_a_time():
    read = []

    def reading():
        for doc in documents(200):
            read.append(doc.id)
            yield doc

    stream = extract_stream(reading(), jobs=2, serial=0, batch_size=5)
    next(stream)
    assert len(read) <= 5 * 2 * 2 + 5  # at most two batches a worker in flight, and one being made
    stream.close()


@pytest.mark.parametrize("option", [dict(jobs=0), dict(batch_size=0)])
def test_bad_engine_options(option):
    with pytest.raises(ValueError):
        next(extract_stream(documents(1), **option))


# --- TableBuilder ----------------------------------------------------------------


def assert_same_tables(a, b) -> None:
    for name, frame in a.frames().items():
        pd.testing.assert_frame_equal(frame, b.frames()[name], check_exact=True)


@pytest.mark.parametrize("chunk_rows", [1, 7, 4096])
def test_builder_a_document_at_a_time_gives_the_tables_of_all_claims(chunk_rows):
    docs = documents(50, duplicate_every=20)  # ids doc0..doc19 come two or three times each
    claims = [c for d in docs for c in extract_document(d)]
    builder = TableBuilder(chunk_rows=chunk_rows)
    for doc in docs:
        builder.add(extract_document(doc))
    assert len(builder) == len(claims)
    options = dict(documents=len(docs), policy="spread", household_size=4.5)
    assert_same_tables(build_tables(builder, **options), build_tables(claims, **options))


def test_builder_without_claims():
    builder = TableBuilder()
    builder.add([])
    tables = build_tables(builder, documents=1)
    assert_same_tables(tables, build_tables([], documents=1))
    assert len(tables.claims) == 0 and len(tables.doc_totals) == 0


# --- make-report --jobs ------------------------------------------------------------


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """More documents than are extracted before a pool starts, with a duplicated id and a bad line."""
    path = tmp_path / "news.jsonl"
    docs = documents(SERIAL_DOCUMENTS + 60) + documents(3)
    lines = [json.dumps({"id": d.id, "text": d.text, "date": d.date, "country": d.country}) for d in docs]
    lines.insert(130, "not json")
    path.write_text("\n".join(lines) + "\n")
    return path


def test_jobs_2_writes_the_files_of_jobs_1(news, tmp_path, capsys):
    outs = {}
    for jobs in (1, 2):
        outs[jobs] = tmp_path / f"out{jobs}"
        assert main([str(news), "--out", str(outs[jobs]), "-f", "csv,json,hxl", "--jobs", str(jobs),
                     "--household-size", "5"]) == 1
    err = capsys.readouterr().err
    assert err.count(f"{news}:131: ") == 2
    files = sorted(p.name for p in outs[1].iterdir())
    assert files == sorted(p.name for p in outs[2].iterdir()) and "claims.csv" in files
    for name in files:
        assert (outs[1] / name).read_bytes() == (outs[2] / name).read_bytes(), name


def test_jobs_with_filters(news, tmp_path):
    for jobs in (1, 2):
        assert main([str(news), "--out", str(tmp_path / f"out{jobs}"), "-f", "csv", "-q", "--jobs", str(jobs),
                     "--category", "killed", "--since", "2024-07-10"]) == 1
    assert (tmp_path / "out1" / "claims.csv").read_bytes() == (tmp_path / "out2" / "claims.csv").read_bytes()


def test_interrupt_with_a_pool_exits_130_and_writes_nothing(news, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "claims.csv").write_text("old\n")

    def interrupted(self, documents, figures):
        if documents > SERIAL_DOCUMENTS + 10:
            raise KeyboardInterrupt

    monkeypatch.setattr(cli._Progress, "update", interrupted)
    assert main([str(news), "--out", str(out), "--jobs", "2", "-f", "csv"]) == 130
    assert sorted(p.name for p in out.iterdir()) == ["claims.csv"] and (out / "claims.csv").read_text() == "old\n"
    assert multiprocessing.active_children() == []
    assert "interrupted" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "-2", "two"])
def test_bad_jobs_exits_2(news, tmp_path, capsys, value):
    assert main([str(news), "--out", str(tmp_path / "out"), "--jobs", value]) == 2
    assert "argument --jobs" in capsys.readouterr().err


def test_help_has_examples_of_jobs_and_engines(capsys):
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    examples = text.split("examples:")[1].split("inputs:")[0]
    for example in ("--jobs 4", "--jobs 1", "--engine dask --scheduler tcp://"):
        assert example in examples, example
    assert "large corpora:" in text and f"more than {SERIAL_DOCUMENTS} documents" in text
