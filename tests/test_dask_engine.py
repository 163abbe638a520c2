"""The Dask engine: on a local cluster, the same claims and tables as the local engine."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest

from stats import cli
from stats.cli import main
from stats.documents import InputError, read_documents
from stats.engines import EngineError, claims_dataframe, dask_bag, extract_dask, extract_stream, plan_dask
from stats.tables import build_tables

distributed = pytest.importorskip("distributed")

TEXTS = [
    "At least {n} people were killed when the bridge collapsed, officials said.",
    "Some {n} families were displaced by the floods; 2 people are missing.",
    "Rebels abducted {n} villagers on Sunday. Three soldiers were wounded.",
    "The toll rose to {n}, the Red Cross said on Monday.",
    "No one was injured in the fire.",
]


@pytest.fixture(scope="module")
def scheduler():
    """The address of a two-worker cluster on this machine (loopback only)."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A directory: a JSON Lines file with a bad line and a repeated id, and a text file with metadata."""
    root = tmp_path / "corpus"
    root.mkdir()
    lines = [json.dumps({"id": f"n{i % 9}", "text": TEXTS[i % 5].format(n=i + 3), "country": "NPL",
                         "date": f"2024-07-{i + 1:02d}"}) for i in range(12)]
    lines.insert(4, "{not json")
    (root / "news.jsonl").write_text("\n".join(lines) + "\n")
    (root / "report.txt").write_text("Fighting displaced about 1,200 people, the UN said. Four civilians died.\n")
    (root / "report.meta.json").write_text('{"date": "2024-08-01", "country": "SDN"}')
    return root


def test_extract_dask_gives_what_the_local_engine_gives(scheduler, corpus):
    dask_errors, local_errors = [], []
    got = list(extract_dask([corpus], scheduler=scheduler, on_error=dask_errors.append, partition_size=4))
    want = list(extract_stream(read_documents([corpus], on_error=local_errors.append)))
    assert got == want and len(got) == 13
    assert dask_errors == local_errors and len(dask_errors) == 1


def test_a_large_csv_file_is_read_in_spans_of_rows_a_compressed_one_whole(scheduler, tmp_path):
    rows = ["body,country,date"] + [f'"{TEXTS[i % 5].format(n=i + 3)}",SDN,2024-08-{i + 1:02d}' for i in range(10)]
    rows[3] = '"Floods displaced 40 families\nin Kassala, officials said.",SDN,2024-08-03'  # a field over two lines
    rows.insert(6, "one field only")
    path, packed = tmp_path / "wire.csv", tmp_path / "wire2.csv.gz"
    path.write_text("\n".join(rows) + "\n")
    packed.write_bytes(gzip.compress(path.read_bytes()))
    with distributed.Client(scheduler, set_as_default=False) as client:
        plan = plan_dask(client, [path, packed], text_column="body", partition_size=4)
    assert plan.documents == 20 and [(Path(e.path).name, e.line, e.message) for e in plan.errors] == [
        (name, 8, "expected 3 fields, got 1; row skipped") for name in ("wire.csv", "wire2.csv.gz")]
    assert [[(Path(p).name, span and span.row) for p, span in part] for part in plan.partitions] == [
        [("wire.csv", 0)], [("wire.csv", 4)], [("wire.csv", 8)], [("wire2.csv.gz", None)]]
    dask_errors, local_errors = [], []
    got = list(extract_dask([path, packed], scheduler=scheduler, text_column="body", on_error=dask_errors.append,
                            partition_size=4))
    want = list(extract_stream(read_documents([path, packed], text_column="body", on_error=local_errors.append)))
    assert got == want
    assert [e.doc_id for e in got] == [f"{stem}:{i}" for stem in ("wire", "wire2") for i in (1, 2, 3, 4, 5, 7, 8, 9, 10, 11)]
    assert dask_errors == local_errors


def test_without_on_error_a_problem_is_raised(scheduler, corpus):
    with pytest.raises(InputError, match="news.jsonl:5"):
        list(extract_dask([corpus], scheduler=scheduler))


def test_claims_dataframe_is_typed_and_writes_parquet(scheduler, corpus, tmp_path):
    local = build_tables([c for e in extract_stream(read_documents([corpus], on_error=print)) for c in e.claims],
                         documents=13)
    with distributed.Client(scheduler, set_as_default=False) as client:
        plan = plan_dask(client, [corpus], partition_size=5)
        assert plan.documents == 13
        news = str(corpus / "news.jsonl")  # 12 documents and a bad line: spans of 5 lines
        assert [[(Path(path).name, span is not None) for path, span in p] for p in plan.partitions] == [
            [("news.jsonl", True)], [("news.jsonl", True)], [("news.jsonl", True)], [("report.txt", False)]]
        assert all(path == news for p in plan.partitions[:2] for path, _ in p)
        frame = claims_dataframe(dask_bag(plan))
        client.compute(frame.to_parquet(tmp_path / "claims", compute=False)).result()
    written = pd.read_parquet(tmp_path / "claims").reset_index(drop=True)
    pd.testing.assert_frame_equal(written.astype(local.claims.dtypes.to_dict()), local.claims)


def test_make_report_engine_dask_writes_the_files_of_the_local_engine(scheduler, corpus, tmp_path, capsys):
    local, dask = tmp_path / "local", tmp_path / "dask"
    formats = "csv,json,parquet,hxl"
    assert main([str(corpus), "--out", str(local), "-f", formats, "--jobs", "1", "--category", "killed,displaced"]) == 1
    assert main([str(corpus), "--out", str(dask), "-f", formats, "--engine", "dask", "--scheduler", scheduler,
                 "--category", "killed,displaced"]) == 1
    err = capsys.readouterr().err
    assert err.count("news.jsonl:5: ") == 2
    files = sorted(p.name for p in local.iterdir())
    assert files == sorted(p.name for p in dask.iterdir()) and "errors.csv" in files
    for name in files:
        if name.endswith(".parquet"):
            pd.testing.assert_frame_equal(pd.read_parquet(dask / name), pd.read_parquet(local / name))
        else:
            assert (dask / name).read_bytes() == (local / name).read_bytes(), name


def test_unreachable_scheduler():
    with pytest.raises(EngineError, match="cannot connect to the Dask scheduler"):
        next(extract_dask(["seeds"], scheduler="tcp://127.0.0.1:9", timeout=1))


@pytest.mark.parametrize("argv, message", [
    (["--engine", "dask"], "--engine dask needs --scheduler"),
    (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler is for --engine dask"),
    (["--engine", "spark"], "argument --engine: invalid choice"),
])
def test_engine_usage_errors_exit_2(tmp_path, capsys, argv, message):
    assert main(["seeds", "--out", str(tmp_path / "out"), *argv]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_engine_dask_without_dask_installed_exits_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cli, "dask_available", lambda: False)
    assert main(["seeds", "--out", str(tmp_path / "out"), "--engine", "dask", "--scheduler", "tcp://x:1"]) == 2
    assert "pip install 'casualty-stats[dask]'" in capsys.readouterr().err
