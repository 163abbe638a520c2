"""Charts of the report (``stats.charts``) and the claim-to-estimate assignment they rest on.

The corpus is written for these tests: one market bombing in Mosul reported
by five outlets with differing figures and bounds ("at least 18", 21, "up to
35" hedged, "between 20 and 26", 12 from a ministry: a conflict), injuries
with a vague "dozens", two running totals (one revised downwards), and a
flood with an approximate household figure and an "at most" for homes.  The
seed article in ``seeds/`` runs through the same charts.  Baseline images
are in ``tests/test_charts/`` (pytest-regressions ``image_regression``, with
a tolerance); regenerate them with ``--force-regen`` after a deliberate change
and look at them before committing.
"""
from __future__ import annotations

import hashlib
import io
import time
from datetime import date, timedelta
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

import stats
from stats import charts
from stats.charts import (
    CHARTS,
    LOG_SPAN,
    MAX_CONTESTED,
    PALETTE,
    evidence_chart,
    headline_chart,
    key_figures,
    save_png,
    series_chart,
    sources_chart,
    summary_figure,
    write_charts,
)
from stats.documents import Document
from stats.estimates import assign
from stats.tables import Tables, build_tables

REPO = Path(__file__).resolve().parents[1]
ACLED = REPO.parent / "shared" / "data" / "acled_dev.jsonl"
OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}

CORPUS = [
    ("wire-1", "2023-06-10", "A suicide bomber struck a crowded market in Mosul on Saturday. "
                             "At least 18 people were killed and 40 were wounded."),
    ("paper-2", "2023-06-10", "Police said 21 people were killed in the market bombing in Mosul. "
                              "Another 37 people were injured, police added."),
    ("ministry-10", "2023-06-10", "The interior ministry said 12 people were killed in the Mosul market bombing."),
    ("radio-3", "2023-06-11", "Up to 35 people were reportedly killed in the Mosul market attack, residents said."),
    ("blog-4", "2023-06-11", "Between 20 and 26 people died in the bombing in Mosul, health officials said."),
    ("agency-5", "2023-06-11", "Dozens of people were wounded in the market bombing in Mosul, hospital staff said."),
    ("relief-6", "2023-04-01", "At least 2,300 people have been displaced in Ramadi so far this year, "
                               "the relief agency said."),
    ("relief-7", "2023-05-01", "At least 4,100 people have been displaced in Ramadi so far this year, "
                               "the relief agency said."),
    ("relief-8", "2023-06-01", "After removing duplicate records, the relief agency said 3,900 people have been "
                               "displaced in Ramadi so far this year."),
    ("monitor-11", "2023-05-15", "At least 140 civilians have been killed in Iraq so far this year, "
                                 "the monitoring group said."),
    ("monitor-12", "2023-06-15", "At least 175 civilians have been killed in Iraq so far this year, "
                                 "the monitoring group said."),
    ("flood-9", "2023-06-12", "Nearly 500 homes were destroyed by the floods in Basra, and some 300 families were "
                              "displaced, the governor said."),
]


def tables_of(documents: list[Document], **options) -> Tables:
    return build_tables([c for d in documents for c in stats.extract_document(d)], documents=len(documents),
                        **options)


@pytest.fixture(scope="module")
def corpus() -> Tables:
    return tables_of([Document(i, text, date=d, country="IRQ") for i, d, text in CORPUS])


@pytest.fixture(scope="module")
def seed() -> Tables:
    return tables_of(list(stats.read_documents([REPO / "seeds"])))


@pytest.fixture(scope="module")
def empty() -> Tables:
    return build_tables([], documents=0)


@pytest.fixture(autouse=True)
def no_pyplot_figures():
    """The library never goes through pyplot: no figure is ever left open there."""
    yield
    assert plt.get_fignums() == []


def title(figure: Figure) -> str:
    """The chart's title (the first figure text), on one line."""
    return " ".join(figure.texts[0].get_text().split())


def png(figure: Figure, dpi: int = 100) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


# --------------------------------------------------------------------------- the tables behind the charts

def test_corpus_has_what_the_charts_need(corpus):
    """A guard on the fixture: if extraction changes, the chart tests below would test less."""
    e = corpus.estimates
    mosul = e[(e["place"] == "Mosul") & (e["category"] == "killed")]
    assert len(mosul) == 1 and bool(mosul["conflict"].iloc[0]) and int(mosul["sources"].iloc[0]) == 5
    assert set(corpus.claims["bound"]) == {"exact", "at_least", "at_most", "approx", "range", "vague"}
    assert corpus.claims["hedged"].any()
    assert corpus.series["revision"].sum() == 1 and corpus.series["series_id"].nunique() == 2


def test_assign_gives_each_claim_its_estimate(corpus):
    ids = assign(corpus.claims, policy=corpus.policy)
    assert ids.index.equals(corpus.claims.index) and ids.dtype == "string"
    e = corpus.estimates.set_index("estimate_id")
    assert set(ids.dropna()) == set(e.index)
    assert ids.value_counts().reindex(e.index).tolist() == e["claims"].tolist()
    # Running totals count in their estimate only on the latest as-of date.
    running = corpus.claims["cumulative"].to_numpy(dtype=bool)
    assert ids[running].notna().sum() == 2
    assert ids[corpus.claims["doc_id"] == "relief-7"].isna().all()
    assert ids[corpus.claims["doc_id"] == "relief-8"].notna().all()


def test_assign_of_an_empty_frame_and_bad_options(empty):
    assert assign(empty.claims).empty
    with pytest.raises(ValueError, match="unknown policy"):
        assign(empty.claims, policy="nope")
    with pytest.raises(ValueError, match="unknown unplaced"):
        assign(empty.claims, unplaced="nope")


def test_key_figures_are_the_largest_estimate_of_each_category(corpus):
    kf = key_figures(corpus)
    assert list(zip(kf["category"], kf["unit"])) == [
        ("killed", "person"), ("injured", "person"), ("displaced", "person"), ("displaced", "household"),
        ("housing_destroyed", "dwelling")]
    killed = kf.iloc[0]
    assert (int(killed["best"]), killed["kind"], int(killed["estimates"]), int(killed["conflicts"])) == (
        175, "running", 2, 1)
    assert int(kf.iloc[2]["best"]) == 3900


def test_reports_follow_the_sources_and_their_bounds(corpus):
    e = corpus.estimates
    mosul = e[(e["place"] == "Mosul") & (e["category"] == "killed")].iloc[0]
    reports = charts._reports(corpus, [mosul["estimate_id"]])
    assert sorted(zip(reports["best"], reports["kind"], reports["hedged"])) == [
        (12, "exact", False), (18, "at_least", False), (20, "range", False), (21, "exact", False),
        (35, "at_most", True)]
    assert reports["source"].nunique() == mosul["sources"]
    assert reports["low"].min() == mosul["low"]
    assert set(reports["name"]) == {"", "Police", "interior ministry", "residents", "health officials"}


# --------------------------------------------------------------------------- the charts

@pytest.mark.parametrize("name", list(CHARTS))
def test_each_chart_draws_the_corpus_and_nothing_for_empty_tables(name, corpus, empty):
    figure = CHARTS[name](corpus)
    assert isinstance(figure, Figure) and isinstance(figure.canvas, FigureCanvasAgg)
    assert figure.axes and title(figure)
    assert CHARTS[name](empty) is None


def test_charts_are_in_report_order():
    assert list(CHARTS) == ["headline", "sources", "series", "evidence"]
    assert set(charts.__all__) >= {"CHARTS", "PALETTE", "headline_chart", "sources_chart", "series_chart",
                                   "evidence_chart", "summary_figure", "save_png", "write_charts"}


def test_titles_state_the_finding(corpus):
    assert title(headline_chart(corpus)) == (
        "At least 175 civilians killed in IRQ by 2023-06-15; sources disagree on 1 figure")
    assert title(sources_chart(corpus)) == (
        "Sources disagree on 1 of 2 figures that two or more of them report; the widest: killed in Mosul on "
        "2023-06-10 to 06-11, reported as 12 to 35")
    assert title(series_chart(corpus)) == (
        "1 running total revised downwards: displaced in Ramadi from 4,100 to 3,900 on 2023-06-01")
    assert title(evidence_chart(corpus)) == (
        "33% of 15 figures are exact, 53% bounded (a range, at least, at most) and 13% approximate or vague; "
        "7% are hedged and 87% attributed to a named source")


def test_footer_names_sources_and_date_span(corpus):
    footer = " ".join(headline_chart(corpus).texts[-1].get_text().split())
    assert footer.startswith("Sources: 8 named in the text (relief agency, governor, monitoring group and 5 more)")
    assert "12 documents dated 2023-04-01 to 2023-06-15" in footer and "conservative policy" in footer


def test_headline_uses_a_log_scale_when_figures_span_orders_of_magnitude(corpus):
    ax = headline_chart(corpus).axes[0]
    assert ax.get_xscale() == "log"
    figure = headline_chart(corpus)
    figure.canvas.draw()
    labels = [t.get_text() for t in figure.axes[0].get_xticklabels() if t.get_text()]
    assert "1,000" in labels
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert "3,900 · 1 source" in texts and any(t.startswith("at least 175 · 1 source") for t in texts)
    assert LOG_SPAN == 100


def test_sources_chart_draws_open_ended_and_hedged_reports(corpus):
    figure = sources_chart(corpus)
    panels = [ax for ax in figure.axes if ax.get_visible() and ax.axison]
    assert len(panels) == 2
    killed = next(ax for ax in panels if ax.get_title(loc="left").startswith("Killed"))
    assert "5 sources · DISAGREE" in killed.get_title(loc="left")
    arrows = [a for a in killed.texts if getattr(a, "arrow_patch", None) is not None and a.arrow_patch]
    assert len(arrows) == 2  # at least 18 (running off the top), up to 35 (running down)
    hollow = [line for line in killed.lines if line.get_marker() != "None" and line.get_markerfacecolor() == "white"]
    assert len(hollow) == 1  # the hedged "up to 35"
    assert [t.get_text() for t in killed.get_xticklabels()] == [
        "interior ministry", "doc wire-1", "health officials", "Police", "residents"]
    assert "all 2 shown" in figure.texts[1].get_text().replace("\n", " ")


def test_sources_chart_shows_at_most_the_top_contested(corpus):
    """With many contested figures, only MAX_CONTESTED panels, and the subtitle says so."""
    days = [date(2023, 3, 1) + timedelta(days=3 * i) for i in range(MAX_CONTESTED + 1)]
    documents = [Document(f"{outlet}-{i}", f"{n + i} people were killed in the shelling of Mosul, {outlet} said.",
                          date=day.isoformat(), country="IRQ")
                 for i, day in enumerate(days) for outlet, n in (("officials", 10), ("medics", 30))]
    t = tables_of(documents)
    assert len(t.estimates) == MAX_CONTESTED + 1
    figure = sources_chart(t)
    assert sum(ax.axison for ax in figure.axes) == MAX_CONTESTED
    subtitle = " ".join(figure.texts[1].get_text().split())
    assert f"the {MAX_CONTESTED} shown are the first of {MAX_CONTESTED + 1}" in subtitle


def test_series_chart_marks_the_revision(corpus):
    figure = series_chart(corpus)
    assert [ax.get_title(loc="left") for ax in figure.axes] == ["Killed", "Displaced (log scale)"] or [
        ax.get_title(loc="left") for ax in figure.axes] == ["Killed", "Displaced"]
    displaced = figure.axes[1]
    assert [t.get_text() for t in displaced.texts] == ["revised down to 3,900"]
    assert displaced.get_legend().texts[-1].get_text() == "revised downwards"


def test_evidence_chart_counts_bounds_by_category(corpus):
    figure = evidence_chart(corpus)
    counts, shares = figure.axes
    assert [t.get_text() for t in counts.get_yticklabels()] == [
        "Killed", "Injured", "Displaced", "Displaced (households)", "Housing destroyed"]
    assert [t.get_text().strip() for t in counts.texts] == ["7", "3", "3", "1", "1"]
    assert [t.get_text() for t in counts.get_legend().texts] == [
        "exact", "approximate", "range", "at least", "at most", "vague (dozens...)"]
    assert [t.get_text() for t in shares.get_legend().texts] == ["hedged", "attributed to a named source"]


def test_seed_charts(seed):
    assert title(headline_chart(seed)) == (
        "220,000 killed in SYR by 2015-04-25; every figure rests on a single source")
    assert sources_chart(seed) is None  # one article: nothing to compare
    assert series_chart(seed) is not None and evidence_chart(seed) is not None


def test_summary_lists_the_key_figures(corpus, empty):
    figure = summary_figure(corpus, "Mosul bombing and Ramadi displacement")
    texts = [" ".join(t.get_text().split()) for t in figure.texts]
    assert texts[0] == "Mosul bombing and Ramadi displacement"
    assert "at least 175" in texts and "3,900" in texts and "0–500" in texts
    assert any("largest of 2 estimates, 1 disputed" in t for t in texts)
    assert set(corpus.estimates["estimate_id"]) >= {t for t in texts if len(t) == 12 and t.isalnum()}
    assert len(figure.axes) == 1
    nothing = summary_figure(empty, "Nothing")
    assert "No figures in 0 documents." in [t.get_text() for t in nothing.texts] and not nothing.axes


# --------------------------------------------------------------------------- style and state

def test_palette_is_okabe_ito_and_reads_in_greyscale():
    assert set(PALETTE.colors) <= OKABE_ITO and len(set(PALETTE.colors)) == 8
    styles = [PALETTE.style(i) for i in range(6)]
    assert len({s["marker"] for s in styles}) == 6 and len({s["linestyle"] for s in styles}) >= 4
    bounds = charts._BOUNDS.values()
    assert {c for _, c, _, _ in bounds} <= OKABE_ITO
    assert len({m for _, _, m, _ in bounds}) == len(bounds) and len({h for _, _, _, h in bounds}) == len(bounds)


def test_charts_change_no_global_state(corpus):
    before = dict(matplotlib.rcParams)
    for chart in CHARTS.values():
        chart(corpus)
    summary_figure(corpus, "t")
    assert dict(matplotlib.rcParams) == before


# --------------------------------------------------------------------------- files

def test_png_files_are_byte_identical_and_carry_no_software_name(corpus, tmp_path):
    first = write_charts(corpus, tmp_path / "a", "Report")
    second = write_charts(corpus, tmp_path / "b", "Report")
    again = write_charts(corpus, tmp_path / "a", "Report")
    assert list(first) == ["headline", "sources", "series", "evidence", "summary"]
    assert [p.name for p in first.values()] == [
        "chart_headline.png", "chart_sources.png", "chart_series.png", "chart_evidence.png", "summary.png"]
    digest = {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in first.items()}
    assert digest == {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in second.items()}
    assert digest == {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in again.items()}
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(p.name for p in first.values())
    with Image.open(first["headline"]) as image:
        assert "Software" not in image.info
        assert image.size == (1600, round(headline_chart(corpus).get_size_inches()[1] * 200))


def test_write_charts_leaves_out_charts_without_data(seed, empty, tmp_path):
    (tmp_path / "chart_sources.png").write_bytes(b"stale")
    paths = write_charts(seed, tmp_path, "Seed")
    assert list(paths) == ["headline", "series", "evidence", "summary"]
    assert not (tmp_path / "chart_sources.png").exists()
    assert list(write_charts(empty, tmp_path / "empty", "Nothing")) == ["summary"]


def test_save_png_replaces_atomically(corpus, tmp_path):
    target = tmp_path / "chart.png"
    target.write_bytes(b"old")
    figure = evidence_chart(corpus)
    assert save_png(figure, target, dpi=50) == target
    assert target.read_bytes() == png(figure, dpi=50)
    assert [p.name for p in tmp_path.iterdir()] == ["chart.png"]


# --------------------------------------------------------------------------- images

@pytest.mark.parametrize("name", list(CHARTS))
def test_chart_images(name, corpus, image_regression):
    image_regression.check(png(CHARTS[name](corpus)), diff_threshold=1.0, basename=f"corpus_{name}")


def test_summary_image(corpus, image_regression):
    image_regression.check(png(summary_figure(corpus, "Mosul bombing and Ramadi displacement")),
                           diff_threshold=1.0, basename="corpus_summary")


@pytest.mark.parametrize("name", ["headline", "evidence"])
def test_seed_images(name, seed, image_regression):
    image_regression.check(png(CHARTS[name](seed)), diff_threshold=1.0, basename=f"seed_{name}")


# --------------------------------------------------------------------------- speed

@pytest.mark.skipif(not ACLED.exists(), reason="needs ../shared/data/acled_dev.jsonl")
def test_charts_of_a_large_corpus_render_in_seconds(tmp_path):
    documents = list(stats.read_documents([ACLED]))
    t = tables_of(documents)
    start = time.perf_counter()
    paths = write_charts(t, tmp_path, "ACLED")
    elapsed = time.perf_counter() - start
    assert "sources" in paths and elapsed < 15, elapsed
    with Image.open(paths["sources"]) as image:
        assert image.size[0] >= 1500
    assert pd.Series([p.stat().st_size for p in paths.values()]).gt(10_000).all()
