"""``reports/`` is the report of ``seeds/``, made by the README's main command, and up to date.

The report is made again into a temporary directory with the command of the
README's *Quick start* (``make-report seeds --out reports``, run from the
root of the clone) and compared with the committed ``reports/``: the tables
(CSV, JSON, HXL) byte for byte, Parquet as data frames, the PNG images by a
tolerant comparison (same size, a small mean pixel difference: fonts and
anti-aliasing may differ a little between machines), and the PDF by its page
count and the text of each page.  When a test here fails, regenerate
``reports/`` with that command and commit it.
"""
from __future__ import annotations

import os
import shlex
from pathlib import Path

import pandas as pd
import pytest

from stats import cli
from stats.outputs import available_formats

ROOT = Path(__file__).resolve().parents[1]
REPORTS, SEEDS, README = ROOT / "reports", ROOT / "seeds", ROOT / "README.md"
#: The largest mean absolute difference (0-255 per channel) between a committed PNG and a new one.
MAX_MEAN_PIXEL_DIFFERENCE = 2.0

if not (REPORTS.is_dir() and SEEDS.is_dir() and README.is_file()):
    pytest.skip("reports/, seeds/ or README.md not in this tree", allow_module_level=True)


def readme_command() -> list[str]:
    """The arguments of the README's main command: the ``make-report`` of its Quick start."""
    for line in README.read_text(encoding="utf-8").splitlines():
        words = shlex.split(line) if "make-report" in line and line.startswith("python3 -m venv") else []
        for i, word in enumerate(words):
            if word.endswith("make-report"):
                return words[i + 1:]
    raise AssertionError("README.md's Quick start has no make-report command")


ARGS = readme_command()
FIX = (f"reports/ is out of date: regenerate it with the README's command, from the root of the clone: "
       f"`.venv/bin/make-report {shlex.join(ARGS)}` (then commit reports/)")


def test_the_readme_command_writes_reports():
    assert ARGS[:1] == ["seeds"] and ARGS[ARGS.index("--out") + 1] == "reports", ARGS


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """The report of seeds/, made again with the README's command, into a temporary directory."""
    out = tmp_path_factory.mktemp("reports")
    argv = list(ARGS)
    argv[argv.index("--out") + 1] = str(out)
    here = os.getcwd()
    os.chdir(ROOT)  # the README runs it from the root of the clone: inputs and title as there
    try:
        code = cli.main([*argv, "--quiet"])
    finally:
        os.chdir(here)
    assert code == 0, f"make-report {shlex.join(argv)} exited with {code}"
    return out


def files(directory: Path, suffix: str) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.is_file() and p.name.endswith(suffix))


def test_the_same_files(fresh):
    committed = {p.name for p in REPORTS.iterdir() if p.is_file() and not p.name.startswith(".")}
    made = {p.name for p in fresh.iterdir()}
    assert "errors.csv" not in made
    assert committed == made, f"{FIX}\nonly in reports/: {sorted(committed - made)}; new: {sorted(made - committed)}"


@pytest.mark.parametrize("suffix", [".csv", ".json"])  # .csv includes estimates.hxl.csv
def test_tables_are_identical(fresh, suffix):
    names = files(fresh, suffix)
    assert names
    for name in names:
        assert (REPORTS / name).is_file(), f"{FIX}\nreports/{name} is missing"
        assert (REPORTS / name).read_bytes() == (fresh / name).read_bytes(), f"{FIX}\nreports/{name} differs"


def test_parquet_tables_are_equal(fresh):
    names = files(fresh, ".parquet")
    assert names
    for name in names:
        assert (REPORTS / name).is_file(), f"{FIX}\nreports/{name} is missing"
        try:
            pd.testing.assert_frame_equal(pd.read_parquet(REPORTS / name), pd.read_parquet(fresh / name))
        except AssertionError as exc:
            raise AssertionError(f"{FIX}\nreports/{name} differs: {exc}") from None


@pytest.mark.skipif("png" not in available_formats(), reason="stats.charts is not there yet: no PNG")
def test_images_look_the_same(fresh):
    from PIL import Image, ImageChops, ImageStat

    names = files(fresh, ".png")
    assert "summary.png" in names
    for name in names:
        assert (REPORTS / name).is_file(), f"{FIX}\nreports/{name} is missing"
        with Image.open(REPORTS / name) as old, Image.open(fresh / name) as new:
            old, new = old.convert("RGB"), new.convert("RGB")
            assert old.size == new.size, f"{FIX}\nreports/{name} is {old.size}, now {new.size}"
            mean = sum(ImageStat.Stat(ImageChops.difference(old, new)).mean) / 3
        assert mean <= MAX_MEAN_PIXEL_DIFFERENCE, f"{FIX}\nreports/{name} differs (mean pixel difference {mean:.2f})"


@pytest.mark.skipif("pdf" not in available_formats(), reason="stats.report is not there yet: no PDF")
def test_pdf_has_the_same_pages_and_text(fresh):
    from pypdf import PdfReader

    assert (REPORTS / "report.pdf").is_file(), f"{FIX}\nreports/report.pdf is missing"
    old, new = PdfReader(REPORTS / "report.pdf"), PdfReader(fresh / "report.pdf")
    assert len(old.pages) == len(new.pages), f"{FIX}\nreports/report.pdf has {len(old.pages)} pages, now {len(new.pages)}"
    for number, (a, b) in enumerate(zip(old.pages, new.pages), 1):
        assert a.extract_text() == b.extract_text(), f"{FIX}\nreports/report.pdf: the text of page {number} differs"
