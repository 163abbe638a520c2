"""Charts of a report: key figures, sources compared, running totals, evidence.

Stage 8 of the pipeline (... -> tables -> **charts** -> report).  Each chart
function takes the :class:`~stats.tables.Tables` of a corpus and returns a
:class:`matplotlib.figure.Figure`, or ``None`` when the tables hold nothing
to draw (a chart without data is left out, never drawn empty):

* :func:`headline_chart`: the key figure of each category (its largest
  estimate) with its low-high range and the number of sources behind it;
* :func:`sources_chart`: every figure that two or more sources report, one
  panel each, one mark per source's report and the bound it states;
* :func:`series_chart`: running totals over time per category and scope,
  downward revisions marked;
* :func:`evidence_chart`: how the figures are stated (exact, approximate,
  bounded, vague) by category, and how many are hedged or attributed.

:data:`CHARTS` lists them in report order, :func:`summary_figure` makes the
one-page summary, :func:`save_png` writes a figure as a deterministic PNG
and :func:`write_charts` writes them all.

Every chart states its finding in its title, names the sources and the date
span in a footer, writes numbers with thousands separators, switches to a
log scale when the figures span more than :data:`LOG_SPAN` and reads in
greyscale (:data:`PALETTE`: Okabe-Ito colours doubled by hatches, markers
and line styles).  Figures are made with :class:`matplotlib.figure.Figure`
and the Agg canvas, never through ``pyplot``, under a private style
(:func:`matplotlib.style.context`), so the library changes no global state.
"""
from __future__ import annotations

import math
import os
import tempfile
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar, cast

import matplotlib.dates as mdates
import matplotlib.style
import pandas as pd
from cycler import cycler
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import (
    FixedLocator,
    FuncFormatter,
    LogLocator,
    MaxNLocator,
    NullFormatter,
)
from matplotlib.transforms import offset_copy

from .estimates import REPORT_COLUMNS, reports
from .lexicon import CATEGORIES
from .tables import Row, Tables

__all__ = [
    "CHARTS", "DPI", "LOG_SPAN", "MAX_CONTESTED", "MAX_SERIES", "PALETTE", "Palette", "evidence_chart",
    "headline_chart", "key_figures", "save_png", "series_chart", "sources_chart", "summary_figure", "write_charts",
]

#: The sources chart shows at most this many contested estimates (conflicts first, then most sources).
MAX_CONTESTED = 12

#: The running-totals chart shows at most this many series (the largest latest totals).
MAX_SERIES = 8

#: A panel of figures switches to a log scale when its largest figure is more than this times its smallest.
LOG_SPAN = 100

#: Reports shown in one panel of the sources chart (the rest are counted in the panel's title).
_MAX_REPORTS = 8


# --------------------------------------------------------------------------- style

@dataclass(frozen=True)
class Palette:
    """Colours, hatches, markers and line styles that read for colour-blind eyes and in greyscale.

    ``colors`` are the Okabe-Ito colours, ordered so that neighbours differ in
    lightness; ``hatches``, ``markers`` and ``linestyles`` double them, so that
    the n-th style of :meth:`style` differs in more than colour.

    >>> PALETTE.style(0)["color"], PALETTE.style(len(PALETTE.colors))["color"] == PALETTE.colors[0]
    ('#0072B2', True)
    """

    colors: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442",
                               "#000000")
    hatches: tuple[str, ...] = ("", "//", "..", "\\\\", "xx", "oo", "--", "++")
    markers: tuple[str, ...] = ("o", "s", "D", "^", "v", "P", "X", "*")
    linestyles: tuple[str, ...] = ("-", "--", "-.", ":", "-", "--", "-.", ":")
    ink: str = "#000000"
    muted: str = "#595959"
    band: str = "#D9D9D9"
    alert: str = "#D55E00"

    def style(self, i: int) -> dict[str, Any]:
        """The ``i``-th style (cycling): color, hatch, marker and linestyle."""
        return {"color": self.colors[i % len(self.colors)], "hatch": self.hatches[i % len(self.hatches)],
                "marker": self.markers[i % len(self.markers)],
                "linestyle": self.linestyles[i % len(self.linestyles)]}


#: The palette of every chart.
PALETTE = Palette()

#: How each kind of bound is drawn: label, colour, marker, hatch (evidence and sources charts).
_BOUNDS: Mapping[str, tuple[str, str, str, str]] = MappingProxyType({
    "exact": ("exact", "#0072B2", "o", ""),
    "approx": ("approximate", "#56B4E9", "D", ".."),
    "range": ("range", "#009E73", "s", "xx"),
    "at_least": ("at least", "#D55E00", "^", "//"),
    "at_most": ("at most", "#CC79A7", "v", "\\\\"),
    "vague": ("vague (dozens...)", "#E69F00", "P", "oo"),
})

_RC: Mapping[str, Any] = MappingProxyType({
    "font.family": ["DejaVu Sans"], "font.size": 8.5, "axes.titlesize": 8.5, "axes.labelsize": 8.5,
    "xtick.labelsize": 7.5, "ytick.labelsize": 7.5, "legend.fontsize": 7.5, "legend.frameon": False,
    "axes.spines.top": False, "axes.spines.right": False, "axes.edgecolor": "#333333",
    "axes.prop_cycle": cycler(color=list(Palette.colors)), "hatch.linewidth": 0.7,
    "hatch.color": "#000000", "lines.linewidth": 1.4, "figure.dpi": 100,
    "savefig.facecolor": "white", "figure.facecolor": "white", "axes.facecolor": "white",
    "grid.color": "#E0E0E0", "grid.linewidth": 0.6, "svg.hashsalt": "casualty-stats", "pdf.fonttype": 42,
    "ps.fonttype": 42, "text.hinting": "default", "path.simplify": True,
})

#: The resolution the charts are drawn at (dots per inch), as PNG files and in the PDF report.
DPI = 200

_T = TypeVar("_T")


@contextmanager
def _style() -> Iterator[None]:
    """Matplotlib's defaults with this module's settings, whatever the user's matplotlibrc says."""
    with matplotlib.style.context(["default", dict(_RC)]):
        yield


def _styled(function: Callable[..., _T]) -> Callable[..., _T]:
    @wraps(function)
    def run(*args: Any, **kwargs: Any) -> _T:
        with _style():
            return function(*args, **kwargs)
    return run


# --------------------------------------------------------------------------- words and numbers

_PHRASES: Mapping[str, str] = MappingProxyType({
    "killed": "killed", "injured": "injured", "missing": "missing", "detained": "detained",
    "abducted": "abducted", "displaced": "displaced", "refugees": "refugees", "evacuated": "evacuated",
    "returned": "returned", "sheltered": "sheltered", "homeless": "made homeless",
    "housing_destroyed": "homes destroyed", "housing_damaged": "homes damaged", "affected": "affected",
    "casualties": "casualties",
})


def _n(value: Any) -> str:
    """A count with thousands separators.

    >>> _n(1240), _n(None)
    ('1,240', '?')
    """
    v = _int(value)
    return "?" if v is None else f"{v:,}"


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    """
    >>> _plural(1, "source"), _plural(3, "source"), _plural(2, "copy", "copies")
    ('1 source', '3 sources', '2 copies')
    """
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def _range(low: Any, high: Any) -> str:
    """The low-high range of an estimate as words.

    >>> _range(12, 25), _range(12, None), _range(7, 7)
    ('12–25', '12 or more', '7')
    """
    lo, hi = _int(low), _int(high)
    if hi is None:
        return f"{_n(lo)} or more"
    return _n(lo) if lo == hi else f"{_n(lo)}–{_n(hi)}"


def _category(category: str, unit: str = "person") -> str:
    """
    >>> _category("housing_destroyed", "dwelling"), _category("displaced", "household")
    ('Housing destroyed', 'Displaced (households)')
    """
    label = category.replace("_", " ").capitalize()
    return f"{label} (households)" if unit == "household" else label


def _order(category: str) -> tuple[int, str]:
    return (CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES), category)


def _where(row: Row) -> str:
    place, country = row.get("place") or "", row.get("country") or ""
    if isinstance(place, str) and place:
        return f"{place}, {country}" if country else place
    return country if isinstance(country, str) else ""


def _when(row: Row) -> str:
    """'by' a running total's as-of date, 'on' an incident's date(s)."""
    if row.get("kind") == "running":
        return f"by {row['as_of']}" if _str(row.get("as_of")) else "undated"
    start, end = _str(row.get("date_from")), _str(row.get("date_to"))
    if not start:
        return "undated"
    return f"on {start}" if end in ("", start) else f"on {_span(start, end)}"


def _span(start: str, end: str) -> str:
    """Two ISO dates, the second without what it shares with the first.

    >>> _span("2021-03-05", "2021-03-06"), _span("2020-12-31", "2021-01-02")
    ('2021-03-05 to 03-06', '2020-12-31 to 2021-01-02')
    """
    return f"{start} to {end[5:]}" if start[:5] == end[:5] else f"{start} to {end}"


def _str(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _figure_phrase(row: Row, *, lead: bool = False) -> str:
    """'At least 1,180 civilians killed in Idlib by 2021-03-15': an estimate in words."""
    best, high = _int(row["best"]), _int(row["high"])
    unit, group = row.get("unit", "person"), _str(row.get("group"))
    number = _n(best)
    if high is None:
        number = f"at least {number}"
    elif high > (best or 0):
        number = f"{number} (up to {_n(high)})"
    who = {"household": "households ", "dwelling": ""}.get(unit, "" if group in ("", "people") else f"{group} ")
    phrase = f"{number} {who}{_PHRASES.get(row['category'], row['category'].replace('_', ' '))}"
    where = _str(row.get("place")) or _str(row.get("country"))
    when = _when(row)
    text = phrase + (f" in {where}" if where else "") + ("" if when == "undated" else f" {when}")
    return text[0].upper() + text[1:] if lead else text


def _thousands(value: float, _pos: Any = None) -> str:
    """Axis tick labels: whole numbers with thousands separators.

    >>> _thousands(12500.0), _thousands(0.5)
    ('12,500', '0.5')
    """
    return f"{value:,.0f}" if abs(value) >= 1 or value == 0 else f"{value:g}"


def _log_wanted(values: Sequence[Any]) -> bool:
    """Whether figures span more than :data:`LOG_SPAN` (zeros and blanks aside).

    >>> _log_wanted([3, 250, None]), _log_wanted([0, 3, 250, 400])
    (False, True)
    """
    positive = [v for v in (_int(x) for x in values) if v is not None and v > 0]
    return bool(positive) and max(positive) / min(positive) > LOG_SPAN


def _value_axis(ax: Axes, which: str, values: Sequence[Any], *, log: bool, room: float = 1.15
                ) -> tuple[float, float]:
    """Scale, ticks and tick labels of the value axis ``which`` ("x" or "y") of ``ax``; returns its limits."""
    positive = [v for v in (_int(x) for x in values) if v is not None and v > 0] or [1]
    axis = ax.xaxis if which == "x" else ax.yaxis
    if log:
        (ax.set_xscale if which == "x" else ax.set_yscale)("log")
        low = 10 ** math.floor(math.log10(min(positive) / 2))
        high = max(positive) * (room ** 5)
        axis.set_major_locator(LogLocator(base=10))
        axis.set_minor_formatter(NullFormatter())
    else:
        low, high = 0.0, max(positive) * room
        axis.set_major_locator(MaxNLocator(nbins=6, integer=True, min_n_ticks=2))
    axis.set_major_formatter(FuncFormatter(_thousands))
    return low, high


# --------------------------------------------------------------------------- frame: title, subtitle, footer

_TITLE_PT, _SUBTITLE_PT, _FOOTER_PT = 12.0, 8.5, 7.0


def _wrap(text: str, width_in: float, points: float, *, bold: bool = False) -> list[str]:
    chars = max(20, int(width_in * 72 / (points * (0.64 if bold else 0.56))))
    return [line for part in text.split("\n") for line in (textwrap.wrap(part, chars) or [""])]


def _new_figure(width: float, height: float, title: str, subtitle: str, footer: str) -> Figure:
    """A figure with its title and subtitle at the top, its footer at the bottom, and the rest laid out."""
    return _framed(width, height, title, subtitle, footer)[0]


def _framed(width: float, height: float, title: str, subtitle: str, footer: str, *, header: float = 0.0
            ) -> tuple[Figure, float]:
    """:func:`_new_figure` with ``header`` inches left free under the subtitle; returns the figure and
    where that space starts (inches from the top)."""
    margin = 0.2
    title_lines = _wrap(title, width - 2 * margin, _TITLE_PT, bold=True)
    subtitle_lines = _wrap(subtitle, width - 2 * margin, _SUBTITLE_PT) if subtitle else []
    footer_lines = _wrap(footer, width - 2 * margin, _FOOTER_PT)
    top = margin + (len(title_lines) * _TITLE_PT * 1.3 + len(subtitle_lines) * _SUBTITLE_PT * 1.4) / 72 + 0.12
    bottom = margin + len(footer_lines) * _FOOTER_PT * 1.4 / 72 + 0.1
    height += top + bottom + header
    figure = Figure(figsize=(width, height), layout=ConstrainedLayoutEngine(
        rect=(0, bottom / height, 1, 1 - (top + header + bottom) / height), h_pad=0.06, w_pad=0.06))
    FigureCanvasAgg(figure)
    figure.text(margin / width, 1 - margin / height, "\n".join(title_lines), ha="left", va="top",
                fontsize=_TITLE_PT, fontweight="bold", linespacing=1.15)
    if subtitle_lines:
        y = 1 - (margin + len(title_lines) * _TITLE_PT * 1.3 / 72 + 0.04) / height
        figure.text(margin / width, y, "\n".join(subtitle_lines), ha="left", va="top", fontsize=_SUBTITLE_PT,
                    color=PALETTE.muted, linespacing=1.25)
    figure.text(margin / width, margin / height, "\n".join(footer_lines), ha="left", va="bottom",
                fontsize=_FOOTER_PT, color=PALETTE.muted, linespacing=1.25)
    return figure, top


def _footer(tables: Tables) -> str:
    """The sources (how many, the most cited), documents, date span and policy of a report."""
    names: dict[str, tuple[int, str]] = {}
    for name in tables.claims["source"].dropna() if "source" in tables.claims else []:
        name = " ".join(str(name).split())
        if not name:
            continue
        key = name.casefold().removeprefix("the ")
        count, first = names.get(key, (0, name))
        names[key] = (count + 1, first)
    top = sorted(names.values(), key=lambda t: (-t[0], t[1].casefold(), t[1]))
    shown = ", ".join(_clip(t[1], 28) for t in top[:3]) + (f" and {len(top) - 3:,} more" if len(top) > 3 else "")
    sources = f"Sources: {len(top):,} named in the text ({shown})" if top else "Sources: none named in the text"
    since, until = tables.date_span()
    span = f"dated {since} to {until}" if since and since != until else (f"dated {since}" if since else "undated")
    return (f"{sources} · {_plural(tables.documents, 'document')} {span} · {_plural(len(tables.claims), 'figure')}"
            f" · estimates by the {tables.policy} policy · casualty-stats")


def _clip_left(text: str, width: int) -> str:
    """The end of ``text`` (where ids differ), at most ``width`` characters.

    >>> _clip_left("acled-AFG4412", 8)
    '…AFG4412'
    """
    return text if len(text) <= width else "…" + text[len(text) - width + 1:]


def _clip(text: str, width: int) -> str:
    """
    >>> _clip("Syrian Observatory for Human Rights", 20)
    'Syrian Observatory…'
    """
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# --------------------------------------------------------------------------- key figures and headline chart

def key_figures(tables: Tables) -> pd.DataFrame:
    """The key figure of each category and unit: its largest estimate.

    One row per category and unit (in the order of :data:`stats.lexicon.CATEGORIES`,
    persons before households and dwellings), with the columns of the
    estimates table plus ``estimates`` (how many estimates the category has)
    and ``conflicts`` (how many of them have sources that disagree).  The
    largest estimate is the one with the highest ``best`` (then ``high``,
    then most sources); estimates that are part of another (``subset``) are
    left out.

    >>> from stats.claims import extract
    >>> from stats.tables import build_tables
    >>> t = build_tables(extract("At least 12 people were killed and 30 were injured.", doc_id="d1"), documents=1)
    >>> key_figures(t)[["category", "best", "estimates"]].values.tolist()
    [['killed', 12, 1], ['injured', 30, 1]]
    """
    e = tables.estimates
    e = e[~e["subset"].astype(bool)] if len(e) else e
    columns = [*tables.estimates.columns, "estimates", "conflicts"]
    if e.empty:
        return pd.DataFrame({c: pd.Series(dtype=tables.estimates[c].dtype) for c in tables.estimates.columns}
                            | {"estimates": pd.Series(dtype="int64"), "conflicts": pd.Series(dtype="int64")})[columns]
    rows = []
    units = {"person": 0, "household": 1, "dwelling": 2}
    for _, g in e.groupby(["category", "unit"], sort=False):
        ranked = g.assign(_best=g["best"].fillna(-1), _high=g["high"].fillna(-1)).sort_values(
            ["_best", "_high", "sources", "estimate_id"], ascending=[False, False, False, True], kind="stable")
        row = ranked.iloc[0][list(tables.estimates.columns)].to_dict()
        row.update(estimates=len(g), conflicts=int(g["conflict"].sum()))
        rows.append(row)
    rows.sort(key=lambda r: (*_order(r["category"]), units.get(r["unit"], 3), r["unit"]))
    out = pd.DataFrame(rows, columns=columns)
    return out.astype({c: tables.estimates[c].dtype for c in tables.estimates.columns} | {"estimates": "int64",
                                                                                          "conflicts": "int64"})


def _headline_title(tables: Tables, kf: pd.DataFrame) -> str:
    lead = kf[kf["category"] == "killed"]
    row = (lead if len(lead) else kf).iloc[0].to_dict()
    e = tables.estimates
    conflicts = int(e["conflict"].sum())
    several = int((e["sources"] >= 2).sum())
    if conflicts:
        tail = f"sources disagree on {_plural(conflicts, 'figure')}"
    elif several:
        tail = "sources agree on every figure they share"
    else:
        tail = "every figure rests on a single source"
    return f"{_figure_phrase(row, lead=True)}; {tail}"


def _draw_headline(ax: Axes, kf: pd.DataFrame) -> None:
    """Bars of the key figures with their ranges, labelled with figure, range and sources."""
    n = len(kf)
    values = [*kf["best"], *kf["low"], *kf["high"]]
    log = _log_wanted(values)
    left, right = _value_axis(ax, "x", values, log=log, room=1.2 if kf["high"].isna().any() else 1.1)
    ax.set_xlim(left, right)
    ax.set_ylim(-0.6, n - 0.4)
    ink = PALETTE.ink
    for i, row in enumerate(kf.to_dict("records")):
        y = n - 1 - i
        best, low, high = _int(row["best"]) or 0, _int(row["low"]), _int(row["high"])
        contested = bool(row["conflict"])
        ax.barh(y, max(best, 0) - (left if log else 0), left=left if log else 0, height=0.56,
                color=PALETTE.alert if contested else PALETTE.colors[0], alpha=0.85,
                hatch="///" if contested else "", edgecolor=ink, linewidth=0.6, zorder=2)
        lo = max(low if low is not None else best, left if log else 0)
        if high is None:
            ax.annotate("", xy=(lo, y), xycoords="data", xytext=(26, 0), textcoords="offset points",
                        arrowprops={"arrowstyle": "<|-", "color": ink, "lw": 1.3, "shrinkA": 0, "shrinkB": 0,
                                    "mutation_scale": 10}, zorder=4)
            ax.plot([lo, lo], [y - 0.2, y + 0.2], color=ink, lw=1.3, zorder=4)
        elif high > lo or (low is not None and low < best):
            ax.plot([lo, high], [y, y], color=ink, lw=1.3, zorder=4, solid_capstyle="butt")
            ax.plot([lo, lo], [y - 0.2, y + 0.2], color=ink, lw=1.3, zorder=4)
            ax.plot([high, high], [y - 0.2, y + 0.2], color=ink, lw=1.3, zorder=4)
        if high is None and (low is None or low >= best):
            figure = f"at least {_n(best)}"
        else:
            spread = _range(low, high)
            figure = _n(best) + ("" if spread == _n(best) else f" ({spread})")
        label = f"{figure} · {_plural(int(row['sources']), 'source')}" + (", disagree" if contested else "")
        count, disputed = int(row["estimates"]), int(row["conflicts"])
        note = (f"largest of {count:,} estimates" + (f", {disputed:,} disputed" if disputed else "")
                if count > 1 else "")
        where = ax.get_yaxis_transform()
        ax.text(1.02, y + (0.14 if note else 0), label, transform=where, ha="left", va="center", fontsize=7.5,
                fontweight="bold" if i == 0 else "normal", clip_on=False, color=ink)
        if note:
            ax.text(1.02, y - 0.17, note, transform=where, ha="left", va="center", fontsize=7,
                    clip_on=False, color=PALETTE.alert if disputed else PALETTE.muted)
    ax.set_yticks(range(n), [_headline_label(r) for r in kf.to_dict("records")][::-1])
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", which="major", zorder=0)
    ax.set_axisbelow(True)
    units = set(kf["unit"])
    counted = "people" if units == {"person"} else "people, homes or households (as labelled)"
    ax.set_xlabel(counted + (", log scale" if log else ""))
    handles: list[Artist] = [Patch(facecolor=PALETTE.colors[0], edgecolor=ink, label="best estimate")]
    if (kf["high"].notna() & (kf["high"] > kf["low"])).any():
        handles.append(Line2D([], [], color=ink, lw=1.3, marker="|", markersize=8, label="low–high range"))
    if kf["high"].isna().any():
        handles.append(Line2D([], [], color=ink, lw=1.3, marker=">", markersize=5, label="no upper bound stated"))
    if kf["conflict"].any():
        handles.append(Patch(facecolor=PALETTE.alert, edgecolor=ink, hatch="///", label="sources disagree"))
    _legend_below(ax, handles, ncols=len(handles))


def _sources_line(row: Row) -> str:
    """Who reports a key figure, and how many estimates of its category are disputed.

    >>> _sources_line({"sources": 3, "source_names": "Officials;Red Crescent", "conflict": True,
    ...                "estimates": 4, "conflicts": 1})
    '3 sources: Officials, Red Crescent and 1 unnamed; they disagree · largest of 4 estimates, 1 disputed'
    """
    count = int(row["sources"])
    names = [n for n in _str(row.get("source_names")).split(";") if n]
    unnamed = max(count - len(names), 0)
    if names:
        text = f"{_plural(count, 'source')}: {', '.join(names)}" + (f" and {unnamed:,} unnamed" if unnamed else "")
    else:
        text = f"{_plural(count, 'source')}, none named in the text"
    if row.get("conflict"):
        text += "; they disagree"
    if int(row.get("estimates", 1)) > 1:
        disputed = int(row.get("conflicts", 0))
        text += f" · largest of {int(row['estimates']):,} estimates" + (f", {disputed:,} disputed" if disputed else "")
    return text


def _legend_below(ax: Axes, handles: Sequence[Any], *, ncols: int, points: float = 32.0) -> None:
    """A legend under the x axis of ``ax`` (below its tick labels and axis label), at a fixed distance."""
    below = offset_copy(ax.transAxes, fig=cast(Figure, ax.figure), y=-points, units="points")  # never a SubFigure
    ax.legend(handles=list(handles), loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below,
              ncols=ncols, handlelength=1.8, handleheight=1.0, columnspacing=1.2)


def _headline_label(row: Row) -> str:
    group = _str(row.get("group"))
    head = _category(row["category"], row["unit"]) + ("" if group in ("", "people") or row["unit"] != "person"
                                                      else f" · {group}")
    place = _clip(_where(row), 24)
    return f"{head}\n{place + ' · ' if place else ''}{_when(row)}"


@_styled
def headline_chart(tables: Tables) -> Figure | None:
    """The key figure of each category (:func:`key_figures`) with its range and sources; None without estimates.

    A bar to the best estimate, a line from low to high (an arrow when no
    report states an upper bound), hatched where sources disagree; the
    label gives the figure, its range and the number of sources.
    """
    kf = key_figures(tables)
    if kf.empty:
        return None
    subtitle = ("The largest estimate of each category, from all reports that count the same thing "
                f"({_plural(len(tables.estimates), 'estimate')} from {_plural(len(tables.claims), 'figure')}).")
    figure = _new_figure(8.0, 0.95 + 0.52 * len(kf), _headline_title(tables, kf), subtitle, _footer(tables))
    _draw_headline(figure.add_subplot(), kf)
    return figure


# --------------------------------------------------------------------------- sources chart

def _contested(tables: Tables) -> pd.DataFrame:
    """Estimates with sources that disagree or with two or more sources: conflicts first, then most sources."""
    e = tables.estimates
    if e.empty:
        return e
    c = e[e["conflict"].astype(bool) | (e["sources"] >= 2)]
    return c.sort_values(["conflict", "sources", "best", "estimate_id"], ascending=[False, False, False, True],
                         kind="stable")


def _reports(tables: Tables, ids: Sequence[str]) -> pd.DataFrame:
    """What each source said of each estimate in ``ids``: :func:`stats.estimates.reports`, those rows."""
    if tables.claims.empty or not ids:
        return pd.DataFrame(columns=list(REPORT_COLUMNS))
    every = reports(tables.claims)
    return every[every["estimate_id"].isin(list(ids))].reset_index(drop=True)


def _spread_out(n: int, k: int) -> list[int]:
    """At most ``k`` of ``n`` positions, evenly spread and always with the first and the last.

    >>> _spread_out(3, 8), _spread_out(10, 4)
    ([0, 1, 2], [0, 3, 6, 9])
    """
    if n <= k:
        return list(range(n))
    return sorted({round(i * (n - 1) / (k - 1)) for i in range(k)})


def _mark(ax: Axes, x: float, report: Row, bottom: float) -> None:
    """One source's report: a point, a range, or an open-ended arrow; hollow and dashed when hedged."""
    label, color, marker, _ = _BOUNDS[report["kind"]]
    hedged = bool(report["hedged"])
    face = "white" if hedged else color
    line: dict[str, Any] = {"color": color, "lw": 2.0, "linestyle": (0, (2.5, 1.5)) if hedged else "-", "zorder": 3}
    low, best, high = report["low"], report["best"], _int(report["high"])
    kind = report["kind"]
    if kind in ("at_least", "vague"):
        ax.annotate("", xy=(x, 0.985), xycoords=("data", "axes fraction"), xytext=(x, max(best, bottom)),
                    textcoords="data", arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2.0,
                                                   "linestyle": line["linestyle"], "shrinkA": 0, "shrinkB": 0,
                                                   "mutation_scale": 11}, zorder=3)
        words = " ".join(str(report.get("number_text") or "").split()).lower()
        text = f"{_clip(words, 14)} ({_n(best)}+)" if kind == "vague" and words else f"{_n(best)}+"
    elif kind == "at_most":
        ax.annotate("", xy=(x, 0.015), xycoords=("data", "axes fraction"), xytext=(x, high), textcoords="data",
                    arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2.0, "linestyle": line["linestyle"],
                                "shrinkA": 0, "shrinkB": 0, "mutation_scale": 11}, zorder=3)
        best, text = high, f"up to {_n(high)}"
    elif kind == "range":
        assert high is not None, "a range has an upper end"
        ax.plot([x, x], [max(low, bottom), high], **line)
        ax.plot([x - 0.12, x + 0.12], [high, high], color=color, lw=2.0, zorder=3)
        ax.plot([x - 0.12, x + 0.12], [max(low, bottom)] * 2, color=color, lw=2.0, zorder=3)
        text = f"{_n(low)}–{_n(high)}"
    else:
        text = f"~{_n(best)}" if kind == "approx" else _n(best)
    ax.plot([x], [max(best or 0, bottom)], marker=marker, markersize=7, markerfacecolor=face,
            markeredgecolor=color, markeredgewidth=1.6, linestyle="none", zorder=5)
    ax.annotate(text + (" (hedged)" if hedged else ""), xy=(x, max(best or 0, bottom)), xytext=(6, 0),
                textcoords="offset points", ha="left", va="center", fontsize=6.5, color=PALETTE.ink, zorder=6,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})


def _sources_title(contested: pd.DataFrame, shown: pd.DataFrame, reports: pd.DataFrame) -> str:
    """How many contested figures the sources disagree on, and the widest disagreement shown."""
    n = len(contested)
    k = int(contested["conflict"].sum())
    if not k:
        return f"Sources agree on all {_plural(n, 'figure')} that two or more of them report"
    spread = []
    for row in shown[shown["conflict"]].to_dict("records"):
        r = reports[reports["estimate_id"] == row["estimate_id"]]
        if len(r):
            lo, hi = int(r["best"].min()), int(r[["best", "high"]].max(axis=1).max())
            spread.append(((hi - lo) / max(hi, 1), row, lo, hi))
    text = f"Sources disagree on {k} of {_plural(n, 'figure')} that two or more of them report"
    if spread:
        _, row, lo, hi = max(spread, key=lambda s: (s[0], s[3]))
        where = _str(row["place"]) or _str(row["country"])
        what = _PHRASES.get(row["category"], row["category"])
        text += f"; the widest: {what}{' in ' + where if where else ''} {_when(row)}, reported as {_n(lo)} to {_n(hi)}"
    return text


@_styled
def sources_chart(tables: Tables) -> Figure | None:
    """Each contested figure, source by source; None when no figure has two sources or a conflict.

    One panel per estimate with ``conflict`` true or two or more sources (at
    most :data:`MAX_CONTESTED`: conflicts first, then most sources), one mark
    per report (what one source said in one document): a point for an exact
    (circle) or approximate (diamond) figure, a bar with caps for a range, an
    arrow running off the top for an "at least" (triangle) or a vague
    quantity (plus), an arrow running down for an "at most"; a hedged report
    is hollow and dashed.  The grey band is the estimate's low-high range and
    the dashed line its best figure.
    """
    contested = _contested(tables)
    if contested.empty:
        return None
    shown = contested.head(MAX_CONTESTED)
    reports = _reports(tables, list(shown["estimate_id"]))
    n = len(shown)
    ncols = min(4, n)
    nrows = math.ceil(n / ncols)
    width = max(7.5, 2.55 * ncols + 0.6)
    more = (f"the {MAX_CONTESTED} shown are the first of {len(contested):,}: conflicts first, then most sources"
            if len(contested) > n else f"all {n:,} shown (at most {MAX_CONTESTED})")
    subtitle = (f"One panel per figure that sources disagree on or that two or more sources report; {more}. "
                "One mark per source: ● exact, ◆ approximate, ■ range, ▲ at least (arrow: no upper bound), "
                "✚ vague, ▼ at most; hollow and dashed = hedged (reportedly, unconfirmed). "
                f"Band: the estimate's low–high; dashed line: its best figure ({tables.policy} policy).")
    title = _sources_title(contested, shown, reports)
    figure = _new_figure(width, 2.75 * nrows + 0.45, title, subtitle, _footer(tables))
    axes = figure.subplots(nrows, ncols, squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_axis_off()
    for ax, row in zip(axes.flat, shown.to_dict("records")):
        every = reports[reports["estimate_id"] == row["estimate_id"]].sort_values(["best", "source"], kind="stable")
        r = every.iloc[_spread_out(len(every), _MAX_REPORTS)]
        total = len(every)
        values = [*r["low"], *r["best"], *r["high"].dropna(), row["low"], row["best"], row["high"]]
        log = _log_wanted(values)
        bottom, top = _value_axis(ax, "y", values, log=log, room=1.35)
        ax.set_ylim(bottom, top)
        k = max(len(r), 1)
        ax.set_xlim(-0.6, k - 0.1)
        high = _int(row["high"])
        ax.axhspan(max(_int(row["low"]) or 0, bottom), high if high is not None else top, color=PALETTE.band,
                   alpha=0.6, zorder=0, linewidth=0)
        ax.axhline(max(_int(row["best"]) or 0, bottom), color=PALETTE.ink, lw=1.0, linestyle=(0, (4, 2)), zorder=1)
        for x, report in enumerate(r.to_dict("records")):
            _mark(ax, x, report, bottom)
        names = [_clip(p["name"], 18) if p["name"] else "doc " + _clip_left(str(p["doc_id"]), 12)
                 for p in r.to_dict("records")]
        ax.xaxis.set_major_locator(FixedLocator(list(range(len(names)))))
        ax.set_xticklabels(names, rotation=25, ha="right", rotation_mode="anchor", fontsize=6.8)
        ax.tick_params(axis="x", length=2)
        ax.grid(axis="y", which="major", zorder=0)
        ax.set_axisbelow(True)
        group = _str(row["group"])
        head = _category(row["category"], row["unit"]) + ("" if group in ("", "people") else f" · {group}")
        where = _clip(_where(row), 40)
        status = (f"{_plural(int(row['sources']), 'source')}"
                  + (f" ({total - len(r)} in between not shown)" if total > len(r) else "")
                  + (" · DISAGREE" if row["conflict"] else "") + (" · log scale" if log else ""))
        chars = int((width - 0.6) / ncols * 72 / (7.5 * 0.56)) - 3
        place = _clip(f"{where + ' · ' if where else ''}{_when(row)}", chars)
        ax.set_title(f"{_clip(head, chars)}\n{place}\n{_clip(status, chars)}", fontsize=7.5, loc="left",
                     color=PALETTE.alert if row["conflict"] else PALETTE.ink, linespacing=1.2)
    return figure


# --------------------------------------------------------------------------- running totals

def _dated_series(tables: Tables) -> pd.DataFrame:
    s = tables.series
    return s[s["as_of"].notna()] if len(s) else s


def _series_title(s: pd.DataFrame) -> str:
    revised = s[s["revision"].astype(bool)]
    count = s["series_id"].nunique()
    if len(revised):
        row = revised.iloc[0].to_dict()
        g = s[s["series_id"] == row["series_id"]]
        before = g[g["as_of"] < row["as_of"]].iloc[-1]
        where = _str(row["scope"]) or _str(row["country"])
        what = _PHRASES.get(row["category"], row["category"])
        return (f"{_plural(len(revised), 'running total')} revised downwards: {what}"
                f"{' in ' + where if where else ''} from {_n(before['best'])} to {_n(row['best'])}"
                f" on {row['as_of']}")
    latest = s.sort_values("as_of", kind="stable").groupby("series_id", sort=False).tail(1)
    top = latest.sort_values(["best", "series_id"], ascending=[False, True], kind="stable").iloc[0].to_dict()
    phrase = _figure_phrase({**top, "kind": "running", "place": top["scope"]}, lead=True)
    return f"Running totals reach {phrase[0].lower() + phrase[1:]}; no total revised downwards ({count} series)"


def _series_label(g: pd.DataFrame) -> str:
    row = g.iloc[-1]
    group = _str(row["group"])
    where = _clip(_str(row["scope"]) or _str(row["country"]) or "no place", 22)
    unit = {"household": " (households)", "dwelling": ""}.get(row["unit"], "")
    who = "" if group in ("", "people") or row["unit"] != "person" else f" · {group}"
    return f"{where}{who}{unit}: {_n(row['best'])} by {row['as_of']}"


@_styled
def series_chart(tables: Tables) -> Figure | None:
    """Running totals by as-of date, one panel per category, one line per scope; None without dated totals.

    A vertical bar marks a low-high range, a hollow marker a total with no
    upper bound ("at least"), and a ring with a label a total below the
    series' previous one (``revision``).  At most :data:`MAX_SERIES` series
    (the largest latest totals) are drawn.
    """
    s = _dated_series(tables)
    if s.empty:
        return None
    latest = s.sort_values("as_of", kind="stable").groupby("series_id", sort=False).tail(1)
    keep = list(latest.sort_values(["best", "series_id"], ascending=[False, True], kind="stable")["series_id"]
                .head(MAX_SERIES))
    total = s["series_id"].nunique()
    s = s[s["series_id"].isin(keep)]
    panels = sorted({(c, u) for c, u in zip(s["category"], s["unit"])}, key=lambda cu: (*_order(cu[0]), cu[1]))
    shown = (f"the {MAX_SERIES} largest of {total:,} series" if total > len(keep)
             else "one series" if total == 1 else f"all {total:,} series")
    subtitle = ("Running totals (\"so far\", \"to date\") by the date they were given, one line per category and "
                f"place; {shown}. Vertical bar: low–high; hollow marker: no upper bound stated; "
                "ring: revised downwards.")
    figure = _new_figure(8.0, 2.3 * len(panels) + 0.3, _series_title(s), subtitle, _footer(tables))
    axes = figure.subplots(len(panels), 1, squeeze=False, sharex=True)[:, 0]
    for ax, (category, unit) in zip(axes, panels):
        p = s[(s["category"] == category) & (s["unit"] == unit)]
        values = [*p["low"], *p["best"], *p["high"]]
        log = _log_wanted(values)
        bottom, top = _value_axis(ax, "y", values, log=log, room=1.3)
        ax.set_ylim(bottom, top)
        order = [sid for sid in keep if sid in set(p["series_id"])]
        handles: list[Any] = []
        labels: list[str] = []
        for i, sid in enumerate(order):
            g = p[p["series_id"] == sid].sort_values("as_of", kind="stable")
            style = PALETTE.style(i)
            x = mdates.date2num([datetime.fromisoformat(str(d)[:10]) for d in g["as_of"]])
            best = [max(_int(v) or 0, bottom) for v in g["best"]]
            ax.plot(x, best, color=style["color"], linestyle=style["linestyle"], lw=1.6, zorder=3)
            handles.append(Line2D([], [], color=style["color"], linestyle=style["linestyle"], lw=1.6,
                                  marker=style["marker"], markersize=6, markerfacecolor=style["color"]))
            labels.append(_series_label(g))
            for xi, bi, row in zip(x, best, g.to_dict("records")):
                low, high = _int(row["low"]), _int(row["high"])
                if high is not None and low is not None and high > low:
                    ax.plot([xi, xi], [max(low, bottom), high], color=style["color"], lw=1.0, zorder=3)
                ax.plot([xi], [bi], marker=style["marker"], markersize=6, linestyle="none", zorder=4,
                        markeredgecolor=style["color"], markeredgewidth=1.4,
                        markerfacecolor="white" if high is None else style["color"])
                if row["revision"]:
                    ax.plot([xi], [bi], marker="o", markersize=15, markerfacecolor="none", linestyle="none",
                            markeredgecolor=PALETTE.alert, markeredgewidth=1.8, zorder=5)
                    if int(p["revision"].sum()) <= 2:  # more would crowd the panel: the rings say it
                        ax.annotate(f"revised down to {_n(row['best'])}", xy=(xi, bi), xytext=(0, -17),
                                    textcoords="offset points", ha="center", va="top", fontsize=7,
                                    color=PALETTE.ink, zorder=6,
                                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none",
                                          "alpha": 0.8})
        ax.set_title(_category(category, unit) + (" (log scale)" if log else ""), loc="left", fontweight="bold")
        ax.grid(axis="y", which="major", zorder=0)
        ax.set_axisbelow(True)
        if p["revision"].any():
            handles.append(Line2D([], [], marker="o", markersize=10, markerfacecolor="none", linestyle="none",
                                  markeredgecolor=PALETTE.alert, markeredgewidth=1.8))
            labels.append("revised downwards")
        ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    dates = mdates.date2num([datetime.fromisoformat(str(d)[:10]) for d in s["as_of"]])
    pad = max(2.0, (max(dates) - min(dates)) * 0.06)
    axes[-1].set_xlim(min(dates) - pad, max(dates) + pad)
    axes[-1].set_xlabel("as-of date")
    return figure


# --------------------------------------------------------------------------- evidence profile

def _evidence(tables: Tables) -> pd.DataFrame:
    """Counts of the figures by category and bound, with the hedged and attributed shares."""
    c = tables.claims
    if c.empty:
        return pd.DataFrame()
    c = c[~c["projected"].fillna(False).astype(bool)]
    if c.empty:
        return pd.DataFrame()
    c = c.assign(_label=[_category(cat, "household" if u == "household" else "person")
                         for cat, u in zip(c["category"], c["unit"])],
                 _hedged=c["hedged"].fillna(False).astype(bool),
                 _attributed=c["source"].fillna("").str.strip() != "")
    counts = pd.crosstab(c["_label"], c["bound"]).reindex(columns=list(_BOUNDS), fill_value=0)
    shares = c.groupby("_label")[["_hedged", "_attributed"]].mean()
    order = sorted(counts.index, key=lambda label: (*_order(label.split(" (")[0].lower().replace(" ", "_")),
                                                    label))
    out = counts.join(shares).loc[order]
    out["figures"] = counts.loc[order].sum(axis=1)
    return out


@_styled
def evidence_chart(tables: Tables) -> Figure | None:
    """How the figures are stated, by category; None without figures.

    Left: stacked counts of each bound (exact, approximate, range, at least,
    at most, vague), each with its colour and hatch; right: the share of each
    category's figures that the text hedges and the share it attributes to a
    named source.  Projected figures are left out.
    """
    ev = _evidence(tables)
    if ev.empty:
        return None
    n = int(ev["figures"].sum())
    totals = ev[list(_BOUNDS)].sum()
    claims = tables.claims[~tables.claims["projected"].fillna(False).astype(bool)]
    hedged = float(claims["hedged"].fillna(False).astype(bool).mean())
    attributed = float((claims["source"].fillna("").str.strip() != "").mean())
    bounded = int(totals[["range", "at_least", "at_most"]].sum())
    loose = int(totals[["approx", "vague"]].sum())
    title = (f"{totals['exact'] / n:.0%} of {_plural(n, 'figure')} are exact, {bounded / n:.0%} bounded (a range, "
             f"at least, at most) and {loose / n:.0%} approximate or vague; {hedged:.0%} are hedged and "
             f"{attributed:.0%} attributed to a named source")
    subtitle = ("How the text states each figure, by category: exact, approximate (some, nearly), a range, "
                "a bound (at least, at most) or a vague quantity (dozens); and how many the text hedges "
                "(reportedly, feared) or attributes to a named source. Projected figures are left out.")
    rows = len(ev)
    figure = _new_figure(8.0, 0.9 + 0.36 * rows, title, subtitle, _footer(tables))
    left, right = figure.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [2.3, 1.0]})
    y = list(range(rows))[::-1]
    start = [0] * rows
    for bound, (label, color, _, hatch) in _BOUNDS.items():
        values = [int(v) for v in ev[bound]]
        if not any(values):
            continue
        left.barh(y, values, left=start, height=0.62, color=color, hatch=hatch, edgecolor=PALETTE.ink,
                  linewidth=0.5, label=label, zorder=2)
        start = [a + b for a, b in zip(start, values)]
    for yi, total in zip(y, ev["figures"]):
        left.text(total, yi, f" {int(total):,}", va="center", ha="left", fontsize=7.5, clip_on=False)
    left.set_yticks(y, list(ev.index))
    left.tick_params(axis="y", length=0)
    left.set_xlim(0, max(ev["figures"]) * 1.14)
    left.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    left.xaxis.set_major_formatter(FuncFormatter(_thousands))
    left.set_xlabel("figures")
    left.grid(axis="x", zorder=0)
    left.set_axisbelow(True)
    _legend_below(left, left.get_legend_handles_labels()[0], ncols=3)
    for offset, column, label, color, hatch in ((0.19, "_hedged", "hedged", "#F0E442", "////"),
                                                (-0.19, "_attributed", "attributed to a named source",
                                                 PALETTE.muted, "")):
        shares = [float(v) for v in ev[column]]
        right.barh([yi + offset for yi in y], shares, height=0.36, color=color, hatch=hatch,
                   edgecolor=PALETTE.ink, linewidth=0.5, label=label, zorder=2)
        for yi, v in zip(y, shares):
            right.text(v, yi + offset, f" {v:.0%}", va="center", ha="left", fontsize=6.5, clip_on=False)
    right.set_xlim(0, 1.25)
    right.xaxis.set_major_locator(FixedLocator([0, 0.5, 1.0]))
    right.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0%}"))
    right.set_xlabel("share of the category's figures")
    right.tick_params(axis="y", length=0)
    right.grid(axis="x", zorder=0)
    right.set_axisbelow(True)
    _legend_below(right, right.get_legend_handles_labels()[0], ncols=1)
    return figure


# --------------------------------------------------------------------------- registry, summary, files

#: The charts of a report, in report order: name -> function of the tables (None when it has no data).
CHARTS: Mapping[str, Callable[[Tables], Figure | None]] = MappingProxyType({
    "headline": headline_chart, "sources": sources_chart, "series": series_chart, "evidence": evidence_chart,
})


@_styled
def summary_figure(tables: Tables, title: str) -> Figure:
    """A one-page summary to share: ``title``, the finding, the key figures as text and the headline chart.

    The key figures are those of :func:`key_figures`: for each category its
    largest estimate with its low-high range, sources and estimate id (to
    trace it in ``estimates`` and, through ``doc_ids``, to its sentences).
    Without estimates the page says so, and has no chart.
    """
    kf = key_figures(tables)
    e = tables.estimates
    finding = _headline_title(tables, kf) if len(kf) else "No casualty or displacement figure was found"
    contested = int(((e["sources"] >= 2) | e["conflict"]).sum()) if len(e) else 0
    counts = (f"{_plural(len(tables.claims), 'figure')} in {_plural(tables.documents, 'document')} → "
              f"{_plural(len(e), 'estimate')}; {contested:,} reported by two or more sources, "
              f"{int(e['conflict'].sum()) if len(e) else 0:,} with sources that disagree.")
    width, line = 8.27, 0.4
    rows = max(len(kf), 1)
    note = (f"Figure: the best figure ({tables.policy} policy) of the largest estimate of each category; low–high: "
            "what its reports allow; sources: the distinct sources behind it; estimate id: its row in the "
            "estimates table, whose doc_ids lead to the documents and sentences.")
    note_lines = _wrap(note, width - 0.4, 6.8)
    header = 0.45 + line * rows + len(note_lines) * 6.8 * 1.3 / 72 + 0.3
    figure, top = _framed(width, (1.0 + 0.5 * len(kf)) if len(kf) else 0.05, title, f"{finding}.\n{counts}",
                          _footer(tables), header=header)
    height = figure.get_size_inches()[1]

    def put(x: float, y: float, text: str, **kwargs: Any) -> None:
        figure.text(x / width, 1 - y / height, text, va="top", **{"fontsize": 8, **kwargs})

    columns = ((0.2, "left", "Category"), (2.75, "right", "Figure"), (2.9, "left", "Low–high"),
               (4.1, "left", "Where and when"), (width - 0.2, "right", "Estimate id"))
    y = top + 0.15
    for x, ha, head in columns:
        put(x, y, head, ha=ha, fontweight="bold", color=PALETTE.muted)
    figure.add_artist(Line2D([0.2 / width, 1 - 0.2 / width], [1 - (y + 0.2) / height] * 2, color=PALETTE.muted,
                             lw=0.6, transform=figure.transFigure))
    if not len(kf):
        put(0.2, y + 0.3, f"No figures in {_plural(tables.documents, 'document')}.")
    for i, row in enumerate(kf.to_dict("records")):
        group = _str(row["group"])
        cells = (
            _clip(_category(row["category"], row["unit"])
                  + ("" if group in ("", "people") or row["unit"] != "person" else f" · {group}"), 34),
            ("at least " if _int(row["high"]) is None else "") + _n(row["best"]),
            _range(row["low"], row["high"]),
            f"{_clip(_where(row), 28) + ' · ' if _where(row) else ''}{_when(row)}",
            _str(row["estimate_id"]),
        )
        at = y + 0.3 + line * i
        for n, ((x, ha, _), cell) in enumerate(zip(columns, cells)):
            put(x, at, cell, ha=ha, fontweight="bold" if n == 1 else "normal", color=PALETTE.ink,
                family=["DejaVu Sans Mono"] if n == 4 else ["DejaVu Sans"])
        put(0.35, at + 0.16, _clip(_sources_line(row), 150), fontsize=6.8,
            color=PALETTE.alert if row["conflict"] or row["conflicts"] else PALETTE.muted)
    put(0.2, y + 0.3 + line * rows, "\n".join(note_lines), fontsize=6.8, color=PALETTE.muted, linespacing=1.3)
    if len(kf):
        _draw_headline(figure.add_subplot(), kf)
    return figure


@_styled
def save_png(figure: Figure, path: str | os.PathLike[str], dpi: int = DPI) -> Path:
    """Write ``figure`` as a PNG at ``dpi`` and return its path; the bytes depend only on the figure.

    No software name or time goes into the file; it is written under a
    temporary name beside ``path`` and moved into place, so that a reader
    never sees half a file.
    """
    path = Path(path)
    if figure.canvas is None or not isinstance(figure.canvas, FigureCanvasAgg):
        FigureCanvasAgg(figure)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            figure.savefig(handle, format="png", dpi=dpi, metadata={"Software": None},
                           facecolor="white", pil_kwargs={"optimize": False})
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def write_charts(tables: Tables, out_dir: str | os.PathLike[str], title: str, *, dpi: int = DPI) -> dict[str, Path]:
    """Write ``chart_<name>.png`` for each chart of :data:`CHARTS` that has data, and ``summary.png``.

    Returns the paths by chart name (``"summary"`` last).  A chart without
    data is not written, and a ``chart_<name>.png`` of it left by an earlier
    run is removed, so that the directory never shows a stale chart.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name, chart in CHARTS.items():
        figure = chart(tables)
        target = out / f"chart_{name}.png"
        if figure is None:
            target.unlink(missing_ok=True)
            continue
        paths[name] = save_png(figure, target, dpi=dpi)
    paths["summary"] = save_png(summary_figure(tables, title), out / "summary.png", dpi=dpi)
    return paths
