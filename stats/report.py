"""The PDF report: the tables of a corpus as a document to read, check and keep.

Stage 8 of the pipeline (... -> tables -> charts, **report**).
:func:`write_pdf` lays out the :class:`~stats.tables.Tables` of a corpus with
reportlab's platypus engine:

1. a title page: the title, the corpus, the date span, how many documents,
   figures and estimates, and the report date, which is the latest document
   date in the data (never the clock);
2. *Summary of estimates*: the figures per category, then one row per
   estimate (low, best and high, sources, and a conflict mark);
3. *Charts*: the charts of :mod:`stats.charts`, as images;
4. *Conflicting figures*: for each estimate whose sources disagree, the
   figures behind it side by side;
5. *Evidence appendix*: every figure with its document, category, bound,
   qualifier, source and the sentence it stands in, the number highlighted;
6. *Methodology*: the categories, the codes of vague quantities, the
   reconciliation policy, the household size, and caveats.

Long tables are ``LongTable`` flowables that repeat their header row on every
page; the summary, the conflicts and the appendix are on landscape pages.

The output is deterministic: the same tables give a byte-identical file.
The document is built with reportlab's ``invariant`` mode (no time stamps,
no random ids), its metadata (title, author, creator, producer, subject,
dates) are fixed strings or come from the data, the fonts (DejaVu Sans,
from matplotlib's own font files, so that non-Latin text and marks such as
"⚠" print) are embedded as subsets named by their order, and the charts are
embedded as decoded pixels, so the metadata of their PNG files do not count.

>>> format_count(1234567), format_count(None)
('1,234,567', '—')
>>> highlight("At least 60 soldiers & 3 <civilians> died.", 9, 11)
'At least <font backColor="#ffe066"><b>60</b></font> soldiers &amp; 3 &lt;civilians&gt; died.'
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    LongTable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .estimates import DEFAULT_TOLERANCE, INCIDENT_WINDOW_DAYS, POLICIES, assign
from .lexicon import CATEGORIES, EXTRA_CATEGORIES
from .numbers import load_rules
from .tables import Row, Tables

__all__ = [
    "CATEGORY_DESCRIPTIONS", "CREATOR", "MAX_CONFLICTS", "MAX_FIGURES_EACH", "MAX_ROWS", "PRODUCER", "SECTIONS",
    "format_count", "format_figure", "highlight", "write_pdf",
]

#: The headings of the sections after the title page, in order.
SECTIONS = ("Summary of estimates", "Charts", "Conflicting figures", "Evidence appendix", "Methodology")

#: The PDF's ``/Creator`` and ``/Producer``: fixed strings, so that the file does not depend on versions.
CREATOR = "casualty-stats report"
PRODUCER = "casualty-stats (ReportLab platypus)"

#: What each category counts, as the methodology page explains it.
CATEGORY_DESCRIPTIONS: Mapping[str, str] = {
    "killed": "people killed or dead: deaths, fatalities, bodies found, people executed or drowned",
    "injured": "people injured or wounded, including those taken to hospital",
    "missing": "people missing, disappeared or unaccounted for",
    "detained": "people arrested, detained, captured or imprisoned",
    "abducted": "people abducted, kidnapped or held hostage",
    "displaced": "people forced from their homes who stay inside their country (internally displaced)",
    "refugees": "people who fled across a border: refugees, asylum seekers, new arrivals",
    "evacuated": "people evacuated or moved to safety",
    "returned": "displaced people or refugees who went back home",
    "sheltered": "people in shelters, camps or evacuation centres, or who took refuge",
    "homeless": "people left homeless or without shelter",
    "housing_destroyed": "homes destroyed, razed, washed away or burnt down (counted in dwellings)",
    "housing_damaged": "homes damaged or made uninhabitable (counted in dwellings)",
    "affected": "people affected or in need of assistance, as a disaster's toll",
    "casualties": ("outside the 14 categories: 'casualties' or people shot that the text does not say "
                   "were killed or injured, kept so that no figure is lost"),
}

#: The most rows the PDF lists in its long tables, so that the report of a large corpus stays
#: readable and quick to make (its tables hold everything): the estimates table lists the largest
#: estimates, the evidence appendix the first figures (and the rest of the last one's sentence).
MAX_ROWS = 500
#: The most contested estimates the conflicting figures section shows (the largest), and the
#: most figures it shows under each (the first).
MAX_CONFLICTS = 50
MAX_FIGURES_EACH = 20

_BOUND_LABELS = {"exact": "exact", "at_least": "at least", "at_most": "at most", "approx": "about",
                 "range": "range", "vague": "vague"}
_HIGHLIGHT = '<font backColor="#ffe066"><b>'
_HIGHLIGHT_END = "</b></font>"
_MAX_SENTENCE = 600  # characters of a sentence shown around its number
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

# --------------------------------------------------------------------------- formatting


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _text(value: Any) -> str:
    """A cell as plain text: "" for a missing value."""
    return "" if _missing(value) else str(value)


def _esc(value: Any) -> str:
    """A value as paragraph markup: control characters dropped, ``&<>`` escaped."""
    return escape(_CONTROL.sub(" ", _text(value)))


def format_count(value: Any) -> str:
    """A count with thousands separators, or "—" when missing.

    >>> format_count(220000), format_count(pd.NA), format_count(4.0)
    ('220,000', '—', '4')
    """
    return "—" if _missing(value) else f"{int(value):,}"


def _plural(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless ``n`` is 1: "1 document", "1,200 figures"."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def format_figure(value: Any, low: Any, high: Any, bound: Any) -> str:
    """A claim's figure as printed: the number, or the two ends of a range.

    >>> format_figure(60, 60, None, "at_least"), format_figure(5, 5, 7, "range")
    ('60', '5–7')
    >>> format_figure(None, 12, None, "vague")
    '12'
    >>> format_figure(None, None, 30, "at_most")
    '30'
    """
    if bound == "range" and not _missing(low) and not _missing(high) and low != high:
        return f"{format_count(low)}–{format_count(high)}"
    for v in (value, low, high):
        if not _missing(v):
            return format_count(v)
    return "—"


def highlight(sentence: str, start: int | None, end: int | None, *, limit: int = _MAX_SENTENCE) -> str:
    """``sentence`` as paragraph markup with ``sentence[start:end]`` in bold on a yellow ground.

    The text is escaped first; a sentence longer than ``limit`` characters is
    cut to a window around the number, with "…" where it was cut.  Without
    offsets, nothing is highlighted.

    >>> highlight("Two died.", 0, 3)
    '<font backColor="#ffe066"><b>Two</b></font> died.'
    >>> highlight("x" * 50 + " 7 " + "y" * 50, 51, 52, limit=20)
    '…xxxxxxxx <font backColor="#ffe066"><b>7</b></font> yyyyyyyy…'
    """
    sentence = _text(sentence)
    if start is None or end is None or not 0 <= start < end <= len(sentence):
        return _esc(sentence[:limit] + ("…" if len(sentence) > limit else ""))
    a, b = 0, len(sentence)
    if b > limit:
        room = max(0, limit - (end - start)) // 2
        a, b = max(0, start - room), min(len(sentence), end + room)
    head = ("…" if a > 0 else "") + sentence[a:start]
    tail = sentence[end:b] + ("…" if b < len(sentence) else "")
    return f"{_esc(head)}{_HIGHLIGHT}{_esc(sentence[start:end])}{_HIGHLIGHT_END}{_esc(tail)}"


def _number_offsets(claims: pd.DataFrame) -> list[tuple[int, int] | None]:
    """Where each claim's ``number_text`` stands in its ``sentence``.

    ``start`` and ``end`` are offsets in the document, not the sentence; the
    claims of one sentence share the sentence's offset in the document, so
    the offset that places every one of their numbers is the one used (this
    tells apart the two "3"s of "3 killed and 3 injured").  When no offset
    places them all, each number's first occurrence is taken.
    """
    found: list[tuple[int, list[int]]] = []
    groups: dict[tuple[str, str], list[int]] = {}
    for i, (doc, sentence, number, start) in enumerate(zip(
            claims["doc_id"], claims["sentence"], claims["number_text"], claims["start"])):
        sentence, number = _text(sentence), _text(number)
        positions = [m.start() for m in re.finditer(f"(?={re.escape(number)})", sentence)] if number else []
        begin = -1 if _missing(start) else int(start)
        found.append((begin, positions))
        groups.setdefault((_text(doc), sentence), []).append(i)
    out: list[tuple[int, int] | None] = [None] * len(found)
    for members in groups.values():
        bases = None
        for i in members:
            begin, positions = found[i]
            here = {begin - p for p in positions} if begin >= 0 else set()
            bases = here if bases is None else bases & here
        base = min(bases) if bases else None
        for i in members:
            begin, positions = found[i]
            if not positions:
                continue
            p = begin - base if base is not None else positions[0]
            number = _text(claims["number_text"].iat[i])
            out[i] = (p, p + len(number))
    return out


# --------------------------------------------------------------------------- fonts and styles


@lru_cache(maxsize=1)
def _fonts() -> tuple[str, str]:
    """Register DejaVu Sans from matplotlib's font files; the regular and bold font names.

    Falls back on Helvetica (Latin-1 only) when the files are not there.
    """
    try:
        import matplotlib
        folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        faces = {"": "DejaVuSans.ttf", "-Bold": "DejaVuSans-Bold.ttf", "-Oblique": "DejaVuSans-Oblique.ttf",
                 "-BoldOblique": "DejaVuSans-BoldOblique.ttf"}
        for suffix, file in faces.items():
            pdfmetrics.registerFont(TTFont(f"ReportSans{suffix}", str(folder / file)))
        pdfmetrics.registerFontFamily("ReportSans", normal="ReportSans", bold="ReportSans-Bold",
                                      italic="ReportSans-Oblique", boldItalic="ReportSans-BoldOblique")
        return "ReportSans", "ReportSans-Bold"
    except (ImportError, OSError):  # pragma: no cover - matplotlib ships these fonts
        return "Helvetica", "Helvetica-Bold"


class _Styles:
    """The paragraph styles of the report."""

    def __init__(self) -> None:
        regular, bold = _fonts()
        self.unicode = regular != "Helvetica"
        self.regular, self.bold = regular, bold
        base = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5, spaceAfter=5)
        self.body = base
        self.small = ParagraphStyle("small", base, fontSize=8, leading=10, spaceAfter=3)
        self.title = ParagraphStyle("title", base, fontName=bold, fontSize=24, leading=29, spaceAfter=10)
        self.subtitle = ParagraphStyle("subtitle", base, fontSize=12, leading=15, spaceAfter=18,
                                       textColor=colors.HexColor("#444444"))
        self.h1 = ParagraphStyle("h1", base, fontName=bold, fontSize=16, leading=20, spaceBefore=0, spaceAfter=8,
                                 textColor=colors.HexColor("#1f3b5c"))
        self.h2 = ParagraphStyle("h2", base, fontName=bold, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4,
                                 textColor=colors.HexColor("#1f3b5c"))
        self.cell = ParagraphStyle("cell", base, fontSize=7.5, leading=9.2, spaceAfter=0)
        self.cell_num = ParagraphStyle("cell_num", self.cell, alignment=TA_RIGHT)
        self.head = ParagraphStyle("head", self.cell, fontName=bold, textColor=colors.white)
        self.head_num = ParagraphStyle("head_num", self.head, alignment=TA_RIGHT)
        self.bullet = ParagraphStyle("bullet", base, leftIndent=12, bulletIndent=2)

    @property
    def conflict_mark(self) -> str:
        """The conflict mark: "⚠ conflict" in DejaVu, "conflict" in Helvetica."""
        return "⚠ conflict" if self.unicode else "(!) conflict"


_HEADER_BG = colors.HexColor("#1f3b5c")
_ZEBRA = colors.HexColor("#f1f4f8")
_GRID = colors.HexColor("#b8c2cc")
_CONFLICT = "#b00020"


def _table(rows: list[list[Any]], widths: Sequence[float], *, long: bool = True) -> Table:
    """A table with a header row repeated on every page and one style for all its rows."""
    cls = LongTable if long else Table
    t = cls(rows, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, 0), _HEADER_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.25, _GRID),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if len(rows) > 2:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, _ZEBRA]))
    t.setStyle(TableStyle(commands))
    return t


def _widths(total: float, weights: Sequence[float]) -> list[float]:
    s = sum(weights)
    return [total * w / s for w in weights]


# --------------------------------------------------------------------------- the document


class _Heading(Paragraph):
    """A section heading that is also an entry of the PDF's outline."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, level: int = 0) -> None:
        super().__init__(_esc(text), style)
        self.outline = (text, key, level)


class _Report(BaseDocTemplate):
    """The page templates: a title page, portrait pages and landscape pages, with a footer."""

    def __init__(self, target: Any, *, title: str, footer: str, styles: _Styles, date: str | None) -> None:
        super().__init__(
            target, pagesize=A4, title=title, author="casualty-stats", subject="Casualty and displacement figures",
            creator=CREATOR, producer=PRODUCER, keywords=["casualties", "displacement", "evidence"],
            invariant=1, pageCompression=1, leftMargin=20 * mm, rightMargin=20 * mm,
            topMargin=18 * mm, bottomMargin=18 * mm,
        )
        self.footer = footer
        self.styles = styles
        self.date = date
        pw, ph = A4
        lw, lh = landscape(A4)
        portrait_frame = Frame(20 * mm, 18 * mm, pw - 40 * mm, ph - 36 * mm, id="portrait",
                               leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        landscape_frame = Frame(14 * mm, 16 * mm, lw - 28 * mm, lh - 30 * mm, id="landscape",
                                leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.portrait_width, self.portrait_height = portrait_frame.width, portrait_frame.height
        self.landscape_width, self.landscape_height = landscape_frame.width, landscape_frame.height
        self.addPageTemplates([
            PageTemplate("title", [portrait_frame], pagesize=A4),
            PageTemplate("portrait", [portrait_frame], pagesize=A4, onPageEnd=self._footer),
            PageTemplate("landscape", [landscape_frame], pagesize=landscape(A4), onPageEnd=self._footer),
        ])

    def beforeDocument(self) -> None:
        """The PDF's creation date is the report date of the data (else reportlab's fixed one)."""
        if self.date:
            y, m, d = (int(x) for x in self.date.split("-"))
            self.canv.setDateFormatter(lambda *_: f"D:{y:04d}{m:02d}{d:02d}000000+00'00'")

    def _footer(self, canvas: Any, doc: BaseDocTemplate) -> None:
        width, _ = canvas._pagesize
        canvas.saveState()
        canvas.setFont(self.styles.regular, 7.5)
        canvas.setFillColor(colors.HexColor("#666666"))
        margin = 14 * mm if width > A4[0] else 20 * mm
        page = f"page {doc.page}"
        room = width - 2 * margin - pdfmetrics.stringWidth(page, self.styles.regular, 7.5) - 20
        text = self.footer
        while text and pdfmetrics.stringWidth(text, self.styles.regular, 7.5) > room:
            text = text[:-2] + "…" if len(text) > 2 else ""
        canvas.drawString(margin, 9 * mm, text)
        canvas.drawRightString(width - margin, 9 * mm, page)
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        """Headings become bookmarks of the PDF's outline."""
        outline = getattr(flowable, "outline", None)
        if outline:
            text, key, level = outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=True)


# --------------------------------------------------------------------------- sections


def _sort_key_category(category: str) -> int:
    order = list(CATEGORIES) + list(EXTRA_CATEGORIES)
    return order.index(category) if category in order else len(order)


def _where(place: Any, country: Any) -> str:
    return ", ".join(p for p in (_text(place), _text(country)) if p)


def _when(row: Row) -> str:
    a, b = _text(row.get("date_from")), _text(row.get("date_to"))
    if row.get("kind") == "running":
        return f"total as of {_text(row.get('as_of')) or 'undated'}"
    if not a:
        return "undated"
    return a if a == b or not b else f"{a} – {b}"


def _title_page(tables: Tables, title: str, corpus: str | None, s: _Styles, date: str | None) -> list[Flowable]:
    claims, est = tables.claims, tables.estimates
    first, last = tables.date_span()
    span = "no dated figures" if first is None else (first if first == last else f"{first} to {last}")
    docs_with = claims["doc_id"].nunique() if len(claims) else 0
    countries = sorted({c for c in claims.get("country", pd.Series(dtype="string")).dropna() if c})
    conflicts = int(est["conflict"].sum()) if "conflict" in est and len(est) else 0
    household = _household_text(tables)
    rows = [
        ("Corpus", corpus or _plural(tables.documents, "document")),
        ("Date span", span),
        ("Documents", f"{tables.documents:,} read, {docs_with:,} with figures"),
        ("Figures", f"{len(claims):,}" if len(claims) else "none: no figures were found"),
        ("Estimates", f"{len(est):,} ({conflicts:,} with conflicting figures)"),
        ("Countries", ", ".join(countries) if countries else "—"),
        ("Policy", tables.policy),
        ("Household size", household),
        ("Report date", f"{date} (the latest document date in the data)" if date else
         "undated (no document in the data has a date)"),
    ]
    table = Table([[Paragraph(f"<b>{_esc(k)}</b>", s.body), Paragraph(_esc(v), s.body)] for k, v in rows],
                  colWidths=[38 * mm, 128 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, _GRID),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 4),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    contents = [Paragraph(f"{i}. {_esc(name)}", s.body) for i, name in enumerate(SECTIONS, 1)]
    return [
        Spacer(1, 30 * mm),
        _Heading(title, s.title, "title"),
        Paragraph("Casualty and displacement figures extracted from news text, with their evidence", s.subtitle),
        table,
        Spacer(1, 10 * mm),
        Paragraph("<b>Contents</b>", s.h2),
        *contents,
        Spacer(1, 8 * mm),
        Paragraph("The figures were extracted from the text automatically. Check each one against its sentence "
                  "in the evidence appendix before using it.", s.small),
    ]


def _summary(tables: Tables, s: _Styles, width: float) -> list[Flowable]:
    claims, est = tables.claims, tables.estimates
    out: list[Flowable] = [_Heading(SECTIONS[0], s.h1, "summary")]
    if not len(claims):
        out.append(Paragraph(f"There are no figures: none was found in the {_plural(tables.documents, 'document')}"
                             f" read, so there are no estimates.", s.body))
        return out
    out.append(Paragraph(
        f"{_plural(len(claims), 'figure')} from {_plural(claims['doc_id'].nunique(), 'document')} give "
        f"{_plural(len(est), 'estimate')}. "
        f"An estimate reconciles the figures of every document that counts the same thing (the same category, "
        f"victims, place and incident date, or the same running total), under the <b>{_esc(tables.policy)}</b> "
        f"policy (see Methodology): <i>low</i> and <i>high</i> are the lowest and highest counts the reports "
        f"allow (— where none sets a limit), <i>best</i> the policy's estimate. "
        f"<font color='{_CONFLICT}'>{_esc(s.conflict_mark)}</font> marks sources that disagree "
        f"(see Conflicting figures).", s.body))
    # Figures per category.
    out.append(Paragraph("Figures by category", s.h2))
    cats = sorted(set(claims["category"].dropna()), key=lambda c: (_sort_key_category(c), c))
    head = ["Category", "Figures", "Documents", "Estimates", "Conflicts"]
    rows: list[list[Any]] = [[Paragraph(h, s.head if i == 0 else s.head_num) for i, h in enumerate(head)]]
    for c in cats:
        cl = claims[claims["category"] == c]
        ec = est[est["category"] == c] if len(est) else est
        rows.append([Paragraph(_esc(c.replace("_", " ")), s.cell),
                     *(Paragraph(format_count(n), s.cell_num) for n in (
                         len(cl), cl["doc_id"].nunique(), len(ec), int(ec["conflict"].sum()) if len(ec) else 0))])
    out.append(_table(rows, _widths(min(width, 120 * mm), [3, 1.3, 1.3, 1.3, 1.3]), long=False))
    # One row per estimate.
    out.append(Paragraph("Estimates", s.h2))
    if not len(est):
        out.append(Paragraph("There are no estimates: every figure is projected or part of another figure.", s.body))
        return out
    head = ["Category", "Victims", "Where", "When", "Low", "Best", "High", "Sources", "Docs", "Notes, named sources"]
    numeric = {4, 5, 6, 7, 8}
    rows = [[Paragraph(h, s.head_num if i in numeric else s.head) for i, h in enumerate(head)]]
    records = est.to_dict("records")
    shown = _largest(records, MAX_ROWS)
    if len(shown) < len(records):
        out.append(Paragraph(f"The {len(shown):,} largest of the {len(records):,} estimates, by best; the "
                             f"estimates table has every one.", s.body))
    order = sorted(shown, key=lambda i: (
        _sort_key_category(records[i]["category"]), records[i]["category"], records[i]["kind"],
        -_best(records[i]), records[i]["estimate_id"]))
    for i in order:
        r = records[i]
        category = _esc(_text(r["category"]).replace("_", " "))
        if r.get("unit") and r["unit"] != "person":
            category += f"<br/><font size=6.5 color='#555555'>in {_esc(r['unit'])}s</font>"
        notes = []
        if r.get("conflict"):
            notes.append(f"<font color='{_CONFLICT}'><b>{_esc(s.conflict_mark)}</b></font>")
        share = r["hedged_share"]
        if not _missing(share) and share > 0:
            notes.append(f"hedged {round(float(share) * 100):d}%")
        if r.get("subset"):
            notes.append("part of a larger figure")
        names = _text(r.get("source_names"))
        if names:
            notes.append("<font color='#555555'>" + _esc(names.replace(";", "; ")) + "</font>")
        rows.append([
            Paragraph(category, s.cell),
            Paragraph(_esc(r["group"]), s.cell),
            Paragraph(_esc(_where(r["place"], r["country"]) or "—"), s.cell),
            Paragraph(_esc(_when(r)), s.cell),
            Paragraph(format_count(r["low"]), s.cell_num),
            Paragraph(f"<b>{format_count(r['best'])}</b>", s.cell_num),
            Paragraph(format_count(r["high"]), s.cell_num),
            Paragraph(format_count(r["sources"]), s.cell_num),
            Paragraph(format_count(r["documents"]), s.cell_num),
            Paragraph("<br/>".join(notes), s.cell),
        ])
    out.append(_table(rows, _widths(width, [8, 9, 13, 11, 7, 7, 7, 5, 4.5, 16])))
    return out


def _best(r: Row) -> int:
    """An estimate's best, -1 when it has none (it sorts last)."""
    return -1 if _missing(r["best"]) else int(r["best"])


def _largest(records: Sequence[Row], n: int) -> list[int]:
    """The positions of the ``n`` records with the largest ``best`` (the earlier first among equals), in order.

    >>> _largest([{"best": 5}, {"best": None}, {"best": 9}, {"best": 5}], 2)
    [0, 2]
    """
    return sorted(sorted(range(len(records)), key=lambda i: (-_best(records[i]), i))[:n])


def _humanise(name: str) -> str:
    text = re.sub(r"[_-]+", " ", name).strip()
    return text[:1].upper() + text[1:]


#: Captions of the charts of :data:`stats.charts.CHARTS`, by name.
_CHART_CAPTIONS = {
    "headline": "The key figure of each category: its largest estimate, the low–high range, the sources",
    "sources": "Figures that two or more sources report, one mark per source's report and its bound",
    "series": "Running totals over time, downward revisions marked",
    "evidence": "How the figures are stated (exact, approximate, bounded, vague), hedged and attributed",
}

def _chart_images(tables: Tables, drawn: Mapping[str, bytes] | None) -> list[tuple[str, bytes]]:
    """The charts of :data:`stats.charts.CHARTS` that have data, as (name, PNG bytes), in report order.

    ``drawn``: the charts this run has drawn already (:func:`stats.charts.write_charts`), by name;
    ``None`` to draw them here, at the same resolution (:data:`stats.charts.DPI`).
    """
    from . import charts  # matplotlib is imported only when there is something to draw

    if drawn is not None:
        return [(name, drawn[name]) for name in charts.CHARTS if name in drawn]
    out: list[tuple[str, bytes]] = []
    with tempfile.TemporaryDirectory(prefix="report-charts-") as tmp:
        for name, chart in charts.CHARTS.items():
            figure = chart(tables)
            if figure is not None:
                path = charts.save_png(figure, Path(tmp) / f"{name}.png")
                out.append((name, path.read_bytes()))
    return out


def _charts(tables: Tables, s: _Styles, width: float, height: float,
            drawn: Mapping[str, bytes] | None) -> list[Flowable]:
    out: list[Flowable] = [_Heading(SECTIONS[1], s.h1, "charts")]
    images = _chart_images(tables, drawn) if len(tables.claims) else []
    if not images:
        out.append(Paragraph("There are no charts: there are no figures to draw.", s.body))
        return out
    max_h = height - 50  # the caption and spacing
    for n, (name, png) in enumerate(images, 1):
        reader = ImageReader(BytesIO(png))
        w, h = reader.getSize()
        scale = min(width / w, max_h / h)
        image = Image(BytesIO(png), width=w * scale, height=h * scale)
        image.hAlign = "CENTER"
        caption = _CHART_CAPTIONS.get(name, _humanise(name))
        out.append(KeepTogether([Paragraph(f"<b>Figure {n}.</b> {_esc(caption)}", s.small), image,
                                 Spacer(1, 8)]))
    return out


def _conflicts(tables: Tables, s: _Styles, width: float) -> list[Flowable]:
    est = tables.estimates
    out: list[Flowable] = [_Heading(SECTIONS[2], s.h1, "conflicts")]
    contested = est[est["conflict"].fillna(False).to_numpy(bool)] if len(est) else est
    tolerance = f"{DEFAULT_TOLERANCE:.0%}"
    if not len(tables.claims):
        out.append(Paragraph("There are no figures, so no figures conflict.", s.body))
        return out
    if not len(contested):
        out.append(Paragraph(f"No estimate has conflicting figures: no two sources of an estimate give figures "
                             f"further apart than {tolerance} of the larger one.", s.body))
        return out
    records = contested.to_dict("records")
    shown = _largest(records, MAX_CONFLICTS)
    which = "each such estimate" if len(shown) == len(records) else f"the {len(shown):,} largest, by best,"
    out.append(Paragraph(
        f"{_plural(len(contested), 'estimate')} {'has' if len(contested) == 1 else 'have'} figures from "
        f"different sources further apart than {tolerance} of the larger one. Below, {which} and "
        f"the figures it rests on (syndicated copies included, {MAX_FIGURES_EACH} at most), side by side.",
        s.body))
    claims = tables.claims
    owner = assign(claims, policy=tables.policy)
    picked = [(records[i], claims[(owner == records[i]["estimate_id"]).fillna(False).to_numpy(bool)]) for i in shown]
    # where the numbers stand in their sentences, found among all the figures of the documents shown
    docs = {doc for _, behind in picked for doc in behind["doc_id"].iloc[:MAX_FIGURES_EACH]}
    near = claims[claims["doc_id"].isin(docs).to_numpy(bool)]
    offsets = dict(zip(near.index, _number_offsets(near)))
    head = ["Document", "Date", "Source", "Figure", "Bound", "Hedged", "Sentence"]
    widths = _widths(width, [12, 7, 13, 8, 6, 6, 48])
    for n, (r, behind) in enumerate(picked, 1):
        more = len(behind) - MAX_FIGURES_EACH
        behind = behind.iloc[:MAX_FIGURES_EACH]
        title = (f"{n}. {_text(r['category']).replace('_', ' ')} · {_text(r['group'])} · "
                 f"{_where(r['place'], r['country']) or 'no place'} · {_when(r)}")
        summary = (f"low {format_count(r['low'])}, best {format_count(r['best'])}, high {format_count(r['high'])}"
                   f" · {format_count(r['sources'])} sources, {format_count(r['documents'])} documents")
        rows: list[list[Any]] = [[Paragraph(h, s.head) for h in head]]
        for i, c in zip(behind.index, behind.to_dict("records")):
            span = offsets.get(i)
            when = _text(c.get("event_date")) or _text(c.get("doc_date"))
            rows.append([
                Paragraph(_esc(c["doc_id"]), s.cell),
                Paragraph(_esc(when) or "—", s.cell),
                Paragraph(_esc(c["source"]) or "<i>unattributed</i>", s.cell),
                Paragraph(_figure_cell(c, bound=False), s.cell),
                Paragraph(_esc(_BOUND_LABELS.get(_text(c["bound"]), _text(c["bound"]))), s.cell),
                Paragraph("yes" if c["hedged"] is True else "no", s.cell),
                Paragraph(highlight(c["sentence"], *(span or (None, None))), s.cell),
            ])
        block: list[Flowable] = [Paragraph(_esc(title), s.h2), Paragraph(_esc(summary), s.small),
                                 _table(rows, widths)]
        if more > 0:
            block.append(Paragraph(f"… and {_plural(more, 'more figure')}: the claims table has them all.", s.small))
        out.append(KeepTogether(block))
    return out


def _figure_cell(r: Row, *, bound: bool = True) -> str:
    """A claim's figure in bold, with its bound (if ``bound``), unit and persons when converted."""
    text = f"<b>{format_figure(r['value'], r['low'], r['high'], r['bound'])}</b>"
    if _text(r.get("unit")) not in ("", "person"):
        text += f" {_esc(r['unit'])}s"
    label = _BOUND_LABELS.get(_text(r["bound"]), _text(r["bound"]))
    if label and bound:
        text += f"<br/><font size=6.5 color='#555555'>{_esc(label)}</font>"
    if not _missing(r.get("persons_value")) or not _missing(r.get("persons_low")):
        persons = format_figure(r.get("persons_value"), r.get("persons_low"), r.get("persons_high"), r["bound"])
        text += f"<br/><font size=6.5 color='#555555'>= {persons} persons</font>"
    return text


def _category_cell(r: Row) -> str:
    text = _esc(_text(r["category"]).replace("_", " "))
    flags = []
    for column, label in (("cumulative", "running total"), ("hedged", "hedged"), ("projected", "projected"),
                          ("negated", "none"), ("subset", "part of a larger figure")):
        if r.get(column) is True:
            flags.append(label)
    if flags:
        text += f"<br/><font size=6.5 color='#555555'>{_esc(', '.join(flags))}</font>"
    return text


def _evidence(tables: Tables, s: _Styles, width: float) -> list[Flowable]:
    claims = tables.claims
    out: list[Flowable] = [_Heading(SECTIONS[3], s.h1, "evidence")]
    if not len(claims):
        out.append(Paragraph("There are no figures: no document read gave one.", s.body))
        return out
    shown = _first_sentences(claims, MAX_ROWS)
    which = (f"Every figure found, {len(claims):,} in all," if shown == len(claims) else
             f"The first {shown:,} of the {len(claims):,} figures found (the claims table has every one),")
    out.append(Paragraph(
        f"{which} in the order of the documents and of their text: the "
        f"document, the category (with its marks: running total, hedged, projected...), the figure and the bound "
        f"its wording sets, the qualifier as written, the source the text gives, and the sentence, with the "
        f"number as written <font backColor='#ffe066'><b>highlighted</b></font>.", s.body))
    head = ["#", "Document", "Category", "Figure", "Qualifier", "Source", "Sentence"]
    rows: list[list[Any]] = [[Paragraph(h, s.head) for h in head]]
    claims = claims.iloc[:shown]
    offsets = _number_offsets(claims)
    for n, (r, span) in enumerate(zip(claims.to_dict("records"), offsets), 1):
        doc = _esc(r["doc_id"])
        extra = [x for x in (_text(r.get("doc_date")), _where(r.get("place"), r.get("country"))) if x]
        if extra:
            doc += f"<br/><font size=6.5 color='#555555'>{_esc(' · '.join(extra))}</font>"
        rows.append([
            Paragraph(str(n), s.cell),
            Paragraph(doc, s.cell),
            Paragraph(_category_cell(r), s.cell),
            Paragraph(_figure_cell(r), s.cell),
            Paragraph(_esc(r["qualifier"]) or "—", s.cell),
            Paragraph(_esc(r["source"]) or "—", s.cell),
            Paragraph(highlight(r["sentence"], *(span or (None, None))), s.cell),
        ])
    out.append(_table(rows, _widths(width, [3.5, 13, 10, 8, 8, 12, 45.5])))
    return out


def _first_sentences(claims: pd.DataFrame, n: int) -> int:
    """How many claims from the first make up the first ``n`` and the rest of the last one's sentence.

    >>> claims = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "sentence": ["S", "T", "T", "T"]})
    >>> _first_sentences(claims, 1), _first_sentences(claims, 2), _first_sentences(claims, 9)
    (1, 3, 4)
    """
    if n >= len(claims):
        return len(claims)
    docs, sentences = claims["doc_id"].tolist(), claims["sentence"].tolist()
    end = n
    while end < len(claims) and (docs[end], sentences[end]) == (docs[n - 1], sentences[n - 1]):
        end += 1
    return end


def _household_text(tables: Tables) -> str:
    sizes = dict(tables.household_sizes or {})
    if tables.household_size is None and not sizes:
        return "none: household figures are reported apart, in households, and never added to persons"
    parts = []
    if sizes:
        parts.append("per country: " + ", ".join(f"{k.upper()} {float(v):g}" for k, v in sorted(sizes.items())))
    if tables.household_size is not None:
        parts.append(f"{float(tables.household_size):g} persons a household"
                     + (" elsewhere" if sizes else ""))
    return "; ".join(parts)


def _methodology(tables: Tables, s: _Styles, width: float) -> list[Flowable]:
    out: list[Flowable] = [_Heading(SECTIONS[4], s.h1, "methodology")]
    out.append(Paragraph(
        "Each figure is a number in a sentence that counts people (or homes) to whom something happened, "
        "found by rules (<font face='Courier'>stats/rules/*.toml</font>), with the bound its wording sets, "
        "the victims, the source the text attributes it to, and marks for hedged, running-total and projected "
        "figures. The figures of a document are added up per category; the figures of all the documents are "
        "reconciled into estimates.", s.body))
    out.append(Paragraph("Categories", s.h2))
    rows: list[list[Any]] = [[Paragraph("Category", s.head), Paragraph("What it counts", s.head)]]
    for c in (*CATEGORIES, *EXTRA_CATEGORIES):
        rows.append([Paragraph(_esc(c), s.cell), Paragraph(_esc(CATEGORY_DESCRIPTIONS.get(c, "")), s.cell)])
    out.append(_table(rows, _widths(width, [22, 78]), long=False))
    out.append(Paragraph("Bounds", s.h2))
    out.append(Paragraph(
        "<b>exact</b>: the number as written; <b>at least</b> (\"at least\", \"more than\"): a lower bound, no "
        "upper one; <b>at most</b> (\"up to\", \"nearly\"): an upper bound; <b>about</b> (\"some\", \"an "
        "estimated\"): the number, approximately; <b>range</b> (\"between 5 and 7\"): both ends; <b>vague</b> "
        "(\"dozens\"): no number, only the conservative code of the word below, as a lower bound.", s.body))
    out.append(Paragraph("Vague quantities", s.h2))
    out.append(Paragraph("A vague word counts as its code, the least it can mean, as a lower bound "
                         "(<font face='Courier'>stats/rules/numbers.toml</font>):", s.body))
    by_code: dict[int, list[str]] = {}
    for phrase, code in load_rules().vague.items():
        by_code.setdefault(int(code), []).append(phrase)
    rows = [[Paragraph("Code", s.head_num), Paragraph("Words", s.head)]]
    quote = "“{}”" if s.unicode else '"{}"'
    for code in sorted(by_code):
        words = ", ".join(quote.format(p) for p in by_code[code])
        rows.append([Paragraph(format_count(code), s.cell_num), Paragraph(_esc(words), s.cell)])
    out.append(_table(rows, _widths(width, [12, 88]), long=False))
    out.append(Paragraph("Reconciliation", s.h2))
    policy = tables.policy
    out.append(Paragraph(f"Policy used: <b>{_esc(policy)}</b>. {_esc(POLICIES.get(policy, 'not a known policy'))}",
                         s.body))
    others = [p for p in POLICIES if p != policy]
    if others:
        out.append(Paragraph("Other policies: " + " ".join(
            f"<b>{_esc(p)}</b>: {_esc(POLICIES[p])}" for p in others), s.small))
    out.append(Paragraph(
        f"Figures count the same thing when they have the same category, unit, victim group, country and place, "
        f"and incident dates at most {INCIDENT_WINDOW_DAYS} day{'s' if INCIDENT_WINDOW_DAYS != 1 else ''} apart "
        f"(running totals: the same scope, the latest as-of date). Syndicated copies and restatements count "
        f"once. Two sources conflict when their figures are further apart than {DEFAULT_TOLERANCE:.0%} of the "
        f"larger one; open bounds (\"at least\", \"dozens\") never conflict with a larger figure.", s.body))
    out.append(Paragraph("Household size", s.h2))
    out.append(Paragraph(_esc(_household_text(tables)[:1].upper() + _household_text(tables)[1:]) + ".", s.body))
    out.append(Paragraph("Caveats", s.h2))
    bullet = "•" if s.unicode else "-"
    for text in (
        ("The figures are extracted automatically, by rules, and some are wrong or missed: check every figure "
         "against its sentence in the evidence appendix before using it."),
        ("A figure is what a source said, not a verified count; hedged figures (\"reportedly\") are marked, and "
         "sources can be mistaken, partisan or out of date."),
        ("Estimates are only as good as their grouping: one incident reported with different places or dates "
         "can appear as two estimates, and figures without a place are kept apart."),
        ("Do not add estimates up blindly: running totals include the incidents they cover, and rows marked "
         "\"part of a larger figure\" are parts of another estimate."),
        "Vague quantities count at their conservative codes, so estimates that rest on them are lower bounds.",
        "The report date is the latest document date in the data, not the day the report was made.",
    ):
        out.append(Paragraph(_esc(text), s.bullet, bulletText=bullet))
    return out


# --------------------------------------------------------------------------- entry point


def write_pdf(tables: Tables, path: str | os.PathLike[str], *, title: str, corpus: str | None = None,
              charts: Mapping[str, bytes] | None = None) -> Path:
    """Write the PDF report of ``tables`` to ``path`` and return the path.

    ``title`` heads the title page and is the PDF's title; ``corpus``
    describes the input on the title page (by default, the number of
    documents).  The report date is the latest document date in the data.
    ``charts``: the PNG bytes of the charts of ``tables`` by name, when they
    are drawn already (the ``chart_<name>.png`` files of
    :func:`stats.charts.write_charts`); by default they are drawn here.
    The same tables, title and corpus give the same bytes, with ``charts`` or without.
    """
    path = Path(path)
    s = _Styles()
    _, last = tables.date_span()
    date = _text(last)[:10] or None
    if date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        date = None
    footer = f"{title} · data as of {date}" if date else title
    buffer = BytesIO()
    doc = _Report(buffer, title=title, footer=footer, styles=s, date=date)
    pw, ph, lw = doc.portrait_width, doc.portrait_height, doc.landscape_width
    story: list[Flowable] = [NextPageTemplate("landscape")]
    story += _title_page(tables, title, corpus, s, date)
    story += [PageBreak(), *_summary(tables, s, lw)]
    story += [NextPageTemplate("portrait"), PageBreak(), *_charts(tables, s, pw, ph, charts)]
    story += [NextPageTemplate("landscape"), PageBreak(), *_conflicts(tables, s, lw)]
    story += [PageBreak(), *_evidence(tables, s, lw)]
    story += [NextPageTemplate("portrait"), PageBreak(), *_methodology(tables, s, pw)]
    doc.build(story)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path
