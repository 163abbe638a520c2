"""The fuzz targets of ``tests/fuzz_extract.py``: their checks on the seeds, and a short fuzz of each.

A long run is ``python tests/fuzz_extract.py -max_total_time=600`` (see that file).
"""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FUZZ = HERE / "fuzz_extract.py"
HAS_ATHERIS = importlib.util.find_spec("atheris") is not None

sys.path.insert(0, str(HERE))
try:
    import fuzz_extract
finally:
    sys.path.remove(str(HERE))


#: Reader inputs that raised before the readers reported them: (suffix, bytes).
READER_REGRESSIONS = {
    "JSONL nested too deeply": (".jsonl", b'{"text": "x", "a": ' + b"[" * 100_000 + b"}\n"),
    "JSONL number too long to read": (".jsonl", b'{"text": "x", "id": ' + b"7" * 5000 + b"}\n"),
    "JSONL lone surrogate in the text": (".jsonl", b'{"text": "Two \\ud800 died.", "id": "\\udc01"}\n'),
    "JSONL lone surrogate in metadata": (".jsonl", b'{"text": "x", "title": ["\\ud800"]}\n'),
    "text of control characters": (".txt", bytes(range(1, 32)) * 3),
}


@pytest.mark.parametrize("suffix, data", READER_REGRESSIONS.values(), ids=READER_REGRESSIONS)
def test_reader_inputs_that_used_to_raise(suffix, data):
    fuzz_extract.check_reader(data, suffix)


@pytest.mark.skipif(not HAS_ATHERIS, reason="atheris is not installed (pip install atheris)")
@pytest.mark.parametrize("seed", fuzz_extract.seed_inputs("both"), ids=lambda p: p.name)
def test_every_seed_passes_the_checks(seed):
    fuzz_extract.fuzz_one_input("both")(seed.read_bytes())


@pytest.mark.skipif(not HAS_ATHERIS, reason="atheris is not installed (pip install atheris)")
@pytest.mark.parametrize("target", fuzz_extract.TARGETS)
def test_a_short_fuzz_finds_no_crash(target, tmp_path):
    env = {**os.environ, "STATS_FUZZ_TARGET": target}
    done = subprocess.run(
        [sys.executable, str(FUZZ), "-runs=2000", "-seed=1", "-timeout=30", f"-artifact_prefix={tmp_path}/"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done 2000 runs" in done.stderr
    assert list(tmp_path.iterdir()) == []  # no crash-, timeout- or oom- file
