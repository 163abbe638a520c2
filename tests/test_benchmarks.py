"""The evaluation gate: ../shared/eval/score.py on ../shared/data, with pinned floors.

These run only when ``../shared`` stands beside the repository (as in CI) and
skip otherwise.  Raise a floor when the extractor improves; never lower one.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from stats.cli import main as make_report

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
SCORER = SHARED / "eval" / "score.py"

pytestmark = [
    pytest.mark.benchmark,
    pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval/score.py is not beside the repository"),
]

# (test id, inputs, scorer mode, gold file, table scored, --docs, floors)
FLOORS = [
    ("seed", [REPO / "seeds"], "claims", "seed_claims_gold.csv", "claims", False,
     {"f1": 1.0, "attributes": 1.0}),
    ("claims_dev", [DATA / "claims_dev.jsonl"], "claims", "claims_dev_gold.csv", "claims", True,
     {"f1": 0.0, "attributes": 0.0}),
    ("wad", [DATA / "wad_dev.jsonl"], "totals", "wad_dev_gold.csv", "doc_totals", False,
     {"killed": 0.85, "injured": 0.90}),
    ("acled", [DATA / "acled_dev.jsonl"], "totals", "acled_dev_gold.csv", "doc_totals", False,
     {"nonzero": 0.85, "accuracy": 0.93}),
    ("idmc", [DATA / "idmc_dev.jsonl"], "figures", "idmc_dev_gold.csv", "claims", False,
     {"recall": 0.90, "precision": 0.85}),
]


def _score(tmp_path: Path, inputs: list[Path], mode: str, gold: str, table: str, docs: bool) -> dict:
    assert make_report([*map(str, inputs), "--out", str(tmp_path), "--format", "csv", "--quiet"]) == 0
    pred = tmp_path / f"{table}.csv"
    cmd = [sys.executable, str(SCORER), mode, "--gold", str(DATA / gold), "--pred", str(pred), "--json"]
    if docs:
        cmd += ["--docs", str(inputs[0])]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[0])


@pytest.mark.parametrize(
    "inputs, mode, gold, table, docs, floors",
    [case[1:] for case in FLOORS],
    ids=[case[0] for case in FLOORS],
)
def test_scores_hold_their_floors(tmp_path, inputs, mode, gold, table, docs, floors):
    result = _score(tmp_path, inputs, mode, gold, table, docs)
    below = {m: round(result[m], 3) for m, floor in floors.items() if result[m] < floor - 1e-9}
    assert not below, f"below the floors {floors}: {below} (all: {result})"
