"""The PDF report (stats/report.py): sections, figures and evidence, pagination, determinism.

The PDFs are read back with pypdf.  The corpora are the seed article and
short texts written here (never the development data, except for the one
ACLED build at the end, which is skipped without ``../shared``).
"""
from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pypdf
import pytest

import stats
from stats.charts import write_charts
from stats import report
from stats.documents import Document
from stats.report import SECTIONS, format_count, format_figure, highlight, write_pdf
from stats.report import _number_offsets as number_offsets
from stats.tables import Tables, build_tables

ROOT = Path(__file__).resolve().parents[1]
ACLED = ROOT.parent / "shared" / "data" / "acled_dev.jsonl"
SEED_FIGURES = ("60", "220,000", "1,000,000", "8,000,000", "4,000,000")
SEED_NUMBERS_AS_WRITTEN = ("60", "220,000", "a million", "eight million", "four million")
SOURCE = "Syrian Observatory for Human Rights"


# --------------------------------------------------------------------------- helpers


def tables_of(documents: list[Document], **options) -> Tables:
    claims = [c for d in documents for c in stats.extract_document(d)]
    return build_tables(claims, documents=len(documents), **options)


def page_texts(path: Path) -> list[str]:
    """Each page's text, white space collapsed."""
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(path).pages]


def section_pages(texts: list[str]) -> dict[str, int]:
    """The first page (0-based) that opens with each section's heading."""
    found: dict[str, int] = {}
    for i, text in enumerate(texts):
        for name in SECTIONS:
            if text.startswith(name) and name not in found:
                found[name] = i
    return found


def image_count(path: Path) -> int:
    """Image XObjects used on the pages, also inside form XObjects (reportlab wraps images in forms)."""

    def count(resources) -> int:
        n = 0
        for x in (resources or {}).get("/XObject", {}).values():
            x = x.get_object()
            if x.get("/Subtype") == "/Image":
                n += 1
            elif x.get("/Subtype") == "/Form":
                n += count(x.get("/Resources"))
        return n

    return sum(count(page.get("/Resources")) for page in pypdf.PdfReader(path).pages)


def bold_fragments(path: Path, pages: range) -> list[str]:
    """The text drawn in the bold font on ``pages``."""
    out: list[str] = []
    reader = pypdf.PdfReader(path)

    def visit(text, cm, tm, font, size):
        if font is not None and "Bold" in str(font.get("/BaseFont", "")) and text.strip():
            out.append(text.strip())

    for i in pages:
        reader.pages[i].extract_text(visitor_text=visit)
    return out


# --------------------------------------------------------------------------- corpora


@pytest.fixture(scope="module")
def seed_tables() -> Tables:
    return tables_of(list(stats.read_documents([ROOT / "seeds"])))


@pytest.fixture(scope="module")
def seed_pdf(seed_tables: Tables, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pdf(seed_tables, tmp_path_factory.mktemp("seed") / "report.pdf", title="Seed article")


PLACES = (("Aleppo", "SYR"), ("Homs", "SYR"), ("Mosul", "IRQ"), ("Kandahar", "AFG"), ("Mogadishu", "SOM"))
TEMPLATES = (
    "At least {n} people were killed in an attack in {place} on Monday, officials said.",
    "{n} civilians were injured when a shell hit a market in {place}.",
    "Floods displaced some {n} families near {place}, the Red Crescent said.",
    "Police said {n} people were arrested in {place}.",
    "Nearly {n} people have been evacuated from {place}, local authorities said.",
    "Rescuers said {n} people remain missing after the landslide in {place}.",
)


def long_corpus() -> list[Document]:
    """100 documents of 3 sentences each (300 sentences), with a conflict in Aleppo."""
    docs = []
    for i in range(100):
        place, country = PLACES[i % len(PLACES)]
        sentences = [TEMPLATES[(i + k) % len(TEMPLATES)].format(n=3 + (i * 7 + k * 13) % 97, place=place)
                     for k in range(3)]
        docs.append(Document(f"long-{i:03d}", " ".join(sentences), date=f"2021-{1 + i // 28:02d}-{1 + i % 28:02d}",
                             country=country))
    docs.append(Document("conflict-a", "Officials said 10 people were killed in Aleppo.", date="2021-06-01",
                         country="SYR"))
    docs.append(Document("conflict-b", "Medics said 40 people were killed in Aleppo.", date="2021-06-01",
                         country="SYR"))
    return docs


@pytest.fixture(scope="module")
def long_tables() -> Tables:
    return tables_of(long_corpus())


@pytest.fixture(scope="module")
def long_pdf(long_tables: Tables, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pdf(long_tables, tmp_path_factory.mktemp("long") / "report.pdf", title="Long test corpus")


# --------------------------------------------------------------------------- formatting


def test_numbers_are_printed_with_thousands_separators():
    assert format_count(1000000) == "1,000,000"
    assert format_count(pd.NA) == "—"
    assert format_figure(8000000, 8000000, 8000000, "exact") == "8,000,000"
    assert format_figure(5, 5, 7, "range") == "5–7"
    assert format_figure(None, 12, None, "vague") == "12"


def test_highlight_escapes_the_sentence_first():
    markup = highlight("A&B said <b>3</b> died.", 12, 13)
    assert markup == 'A&amp;B said &lt;b&gt;<font backColor="#ffe066"><b>3</b></font>&lt;/b&gt; died.'
    assert highlight("No number here & there.", None, None) == "No number here &amp; there."


def test_number_offsets_tell_apart_repeated_numbers():
    text = "Officials said 3 people were killed and 3 were injured."
    frame = stats.claims_frame(stats.extract(text, doc_id="d"))
    spans = number_offsets(frame)
    assert [s[0] for s in spans] == [text.index("3"), text.rindex("3")]
    assert [frame["sentence"].iat[i][a:b] for i, (a, b) in enumerate(spans)] == ["3", "3"]


# --------------------------------------------------------------------------- the seed report


def test_seed_report_has_every_section_in_order(seed_pdf: Path):
    texts = page_texts(seed_pdf)
    assert texts[0].startswith("Seed article")
    assert "Report date 2015-04-25" in texts[0]
    assert "Documents 1 read, 1 with figures" in texts[0] and "Figures 5" in texts[0]
    pages = section_pages(texts)
    assert list(pages) == list(SECTIONS)
    assert sorted(pages.values()) == list(pages.values()) and pages[SECTIONS[0]] == 1


def test_seed_report_has_the_five_figures_and_the_source(seed_pdf: Path):
    text = " ".join(page_texts(seed_pdf))
    for figure in SEED_FIGURES:
        assert re.search(rf"(?<![\d,]){re.escape(figure)}(?![\d,])", text), figure
    assert SOURCE in text


def test_seed_summary_table_lists_the_estimates(seed_pdf: Path, seed_tables: Tables):
    texts = page_texts(seed_pdf)
    summary = texts[section_pages(texts)[SECTIONS[0]]]
    assert "Low Best High" in summary
    for best in seed_tables.estimates["best"]:
        assert format_count(best) in summary


def test_seed_evidence_appendix_has_every_sentence_and_highlights_every_number(seed_pdf: Path,
                                                                             seed_tables: Tables):
    texts = page_texts(seed_pdf)
    pages = section_pages(texts)
    first, last = pages["Evidence appendix"], pages["Methodology"]
    appendix = " ".join(texts[first:last])
    for sentence in seed_tables.claims["sentence"]:
        assert " ".join(sentence.split()) in appendix
    bold = " ".join(bold_fragments(seed_pdf, range(first, last)))
    for number in SEED_NUMBERS_AS_WRITTEN:
        assert number in bold, number


def test_seed_methodology_page(seed_pdf: Path):
    texts = page_texts(seed_pdf)
    methodology = " ".join(texts[section_pages(texts)["Methodology"]:])
    for category in stats.claims.CATEGORIES:
        assert category in methodology
    assert "“dozens”" in methodology and "Policy used: conservative" in methodology
    assert "None: household figures are reported apart" in methodology
    assert "Caveats" in methodology


def test_seed_report_has_at_least_two_chart_images(seed_pdf: Path):
    pytest.importorskip("stats.charts")
    assert image_count(seed_pdf) >= 2
    texts = page_texts(seed_pdf)
    pages = section_pages(texts)
    charts = " ".join(texts[pages["Charts"]:pages["Conflicting figures"]])
    assert "Figure 1." in charts and "Figure 2." in charts


def test_metadata_are_fixed_and_the_date_comes_from_the_data(seed_pdf: Path):
    meta = pypdf.PdfReader(seed_pdf).metadata
    assert meta["/Title"] == "Seed article"
    assert meta["/Creator"] == "casualty-stats report"
    assert meta["/Producer"] == "casualty-stats (ReportLab platypus)"
    assert meta["/CreationDate"].startswith("D:20150425")


# --------------------------------------------------------------------------- long tables, conflicts


def test_long_corpus_paginates_and_repeats_the_table_headers(long_pdf: Path, long_tables: Tables):
    assert len(long_tables.claims) >= 250
    texts = page_texts(long_pdf)
    assert len(texts) > 3
    pages = section_pages(texts)
    evidence = texts[pages["Evidence appendix"]:pages["Methodology"]]
    assert len(evidence) >= 3
    for text in evidence:
        assert "# Document Category Figure Qualifier Source Sentence" in text
    summary = texts[pages[SECTIONS[0]]:pages["Charts"]]
    assert len(summary) >= 2
    for text in summary[1:]:
        assert text.startswith("Category Victims Where When Low Best High")
    numbers = [int(n) for text in evidence for n in re.findall(r"(?:^| )(\d+) long-\d{3}", text)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 250


def test_conflicting_figures_side_by_side(long_pdf: Path, long_tables: Tables):
    assert long_tables.estimates["conflict"].any()
    texts = page_texts(long_pdf)
    pages = section_pages(texts)
    conflicts = " ".join(texts[pages["Conflicting figures"]:pages["Evidence appendix"]])
    assert "1. killed · people · Aleppo, SYR · 2021-06-01" in conflicts
    assert "conflict-a" in conflicts and "conflict-b" in conflicts
    assert "Officials" in conflicts and "Medics" in conflicts
    summary = " ".join(texts[pages[SECTIONS[0]]:pages["Charts"]])
    assert "⚠ conflict" in summary


def test_a_large_corpus_lists_the_largest_estimates_and_the_first_figures(long_tables: Tables, long_pdf: Path,
                                                                          tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(report, "MAX_ROWS", 20)
    monkeypatch.setattr(report, "MAX_FIGURES_EACH", 1)
    texts = page_texts(write_pdf(long_tables, tmp_path / "capped.pdf", title="Long test corpus"))
    pages = section_pages(texts)
    est = long_tables.estimates
    summary = " ".join(texts[pages[SECTIONS[0]]:pages["Charts"]])
    assert f"The 20 largest of the {len(est):,} estimates, by best; the estimates table has every one." in summary
    assert len(texts) < len(page_texts(long_pdf))
    conflicts = " ".join(texts[pages["Conflicting figures"]:pages["Evidence appendix"]])
    assert "… and 1 more figure: the claims table has them all." in conflicts  # conflict-a shown, conflict-b not
    evidence = texts[pages["Evidence appendix"]:pages["Methodology"]]
    assert f"The first 20 of the {len(long_tables.claims):,} figures found (the claims table has every one)" \
        in " ".join(evidence)
    numbers = [int(n) for text in evidence for n in re.findall(r"(?:^| )(\d+) long-\d{3}", text)]
    assert numbers == list(range(1, 21))


def test_largest_estimates_keep_their_order():
    records = [{"best": 5}, {"best": None}, {"best": 9}, {"best": 5}, {"best": 12}]
    assert report._largest(records, 3) == [0, 2, 4]
    assert report._largest(records, 9) == [0, 1, 2, 3, 4]


def test_the_first_figures_end_with_a_whole_sentence():
    claims = pd.DataFrame({"doc_id": ["a", "a", "a", "b", "b"], "sentence": ["S", "T", "T", "T", "T"]})
    assert [report._first_sentences(claims, n) for n in (1, 2, 3, 4, 5, 6)] == [1, 3, 3, 5, 5, 5]


def test_households_in_persons_and_the_size_used(tmp_path: Path):
    doc = Document("h", "Floods displaced some 300 families near Homs.", date="2021-01-01", country="SYR")
    pdf = write_pdf(tables_of([doc], household_size=5), tmp_path / "r.pdf", title="Households")
    text = " ".join(page_texts(pdf))
    assert "= 1,500 persons" in text
    assert "5 persons a household" in text


def test_text_in_other_scripts_is_printed(tmp_path: Path):
    doc = Document("k", "У Києві 5 people were killed in Kyiv, officials said.", date="2022-03-01", country="UKR")
    pdf = write_pdf(tables_of([doc]), tmp_path / "r.pdf", title="Київ")
    text = " ".join(page_texts(pdf))
    assert "У Києві" in text and text.startswith("Київ")


# --------------------------------------------------------------------------- determinism, edge cases


def test_same_input_gives_the_same_bytes(long_tables: Tables, tmp_path: Path):
    a = write_pdf(long_tables, tmp_path / "a.pdf", title="Long test corpus")
    b = write_pdf(long_tables, tmp_path / "b" / "b.pdf", title="Long test corpus")
    assert a.read_bytes() == b.read_bytes()


def test_charts_drawn_already_give_the_same_bytes(seed_tables: Tables, seed_pdf: Path, tmp_path: Path):
    drawn = write_charts(seed_tables, tmp_path / "charts", "Seed article")
    charts = {name: path.read_bytes() for name, path in drawn.items() if name != "summary"}
    again = write_pdf(seed_tables, tmp_path / "again.pdf", title="Seed article", charts=charts)
    assert again.read_bytes() == seed_pdf.read_bytes()


def test_same_bytes_in_a_fresh_interpreter(seed_pdf: Path, tmp_path: Path):
    out = tmp_path / "again.pdf"
    code = (
        "import sys, stats; from stats.tables import build_tables; from stats.report import write_pdf\n"
        "docs = list(stats.read_documents([sys.argv[1]]))\n"
        "t = build_tables([c for d in docs for c in stats.extract_document(d)], documents=len(docs))\n"
        "write_pdf(t, sys.argv[2], title='Seed article')\n"
    )
    subprocess.run([sys.executable, "-c", code, str(ROOT / "seeds"), str(out)], check=True, cwd=ROOT)
    assert out.read_bytes() == seed_pdf.read_bytes()


def test_empty_corpus_gives_a_short_report_that_says_so(tmp_path: Path):
    pdf = write_pdf(build_tables([], documents=0), tmp_path / "empty.pdf", title="Nothing")
    texts = page_texts(pdf)
    assert len(texts) <= 8
    text = " ".join(texts)
    assert "There are no figures" in text and "Report date undated" in text
    assert list(section_pages(texts)) == list(SECTIONS)
    assert image_count(pdf) == 0


def test_long_sentences_and_long_words_fit_on_the_page(tmp_path: Path):
    filler = " ".join(f"clause{i} of a very long report" for i in range(300))
    token = "http://example.org/" + "x" * 400
    text = f"Witnesses said {filler} and at least 12 people were killed there {token} yesterday."
    tables = tables_of([Document("long", text, date="2021-01-01")])
    assert len(tables.claims) == 1 and len(tables.claims["sentence"].iat[0]) > 5000
    pdf = write_pdf(tables, tmp_path / "r.pdf", title="A very long title " * 12)
    texts = page_texts(pdf)
    pages = section_pages(texts)
    appendix = " ".join(texts[pages["Evidence appendix"]:pages["Methodology"]])
    assert "…" in appendix and "at least 12 people were killed" in appendix


def test_documents_without_figures(tmp_path: Path):
    doc = Document("quiet", "The market reopened on Monday.", date="2021-01-01")
    pdf = write_pdf(tables_of([doc]), tmp_path / "r.pdf", title="Quiet")
    text = " ".join(page_texts(pdf))
    assert "Documents 1 read, 0 with figures" in text and "There are no figures" in text


# --------------------------------------------------------------------------- the ACLED development set


@pytest.mark.benchmark
@pytest.mark.skipif(not ACLED.exists(), reason="../shared/data/acled_dev.jsonl is not there")
def test_acled_report_paginates(tmp_path: Path):
    tables = tables_of(list(stats.read_documents([ACLED])))
    start = time.perf_counter()
    pdf = write_pdf(tables, tmp_path / "acled.pdf", title="ACLED development set")
    seconds = time.perf_counter() - start
    texts = page_texts(pdf)
    pages = section_pages(texts)
    assert list(pages) == list(SECTIONS)
    assert pages["Methodology"] - pages["Evidence appendix"] > 10
    print(f"ACLED report: {len(texts)} pages in {seconds:.1f} s")
