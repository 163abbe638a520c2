"""Estimates across documents, and running totals over time.

Stage 6 of the pipeline (... -> claims table -> where and when -> **reconcile**).
Many documents report the same incident or the same running total, each with
its own figure, wording and source.  :func:`estimates` puts the claims that
count the same thing in one group and turns each group into one row: low,
best and high under a documented, selectable policy (:data:`POLICIES`), with
the evidence (claims, documents, sources, how much of it is hedged) and a
``conflict`` flag when sources disagree.  :func:`series` lists the running
totals of each scope by as-of date and flags a total that falls below an
earlier one.

>>> from stats.claims import claims_frame, extract_document
>>> from stats.documents import Document
>>> docs = [
...     Document("a", "At least 12 people were killed in the blast.", date="2021-03-05", country="SYR"),
...     Document("b", "Officials said 15 people were killed in the blast.", date="2021-03-05", country="SYR"),
...     Document("c", "Twenty people were reportedly killed in the blast.", date="2021-03-06", country="SYR"),
... ]
>>> frame = claims_frame(c for d in docs for c in extract_document(d)).assign(place="Kesh")
>>> estimates(frame)[["category", "group", "low", "best", "high", "sources", "hedged_share", "conflict"]]
  category   group  low  best  high  sources  hedged_share  conflict
0   killed  people   12    15    20        3         0.333     False
>>> estimates(frame, policy="spread")[["low", "best", "high"]]
   low  best  high
0   12    15    20

Which claims count the same thing
---------------------------------
Claims are put in one group when they have the same ``category``, the same
``unit`` (household figures stay apart from persons until they are
converted), the same victim group (:func:`normalise_group`; groups are
exact: an "all people" toll and a "civilians" toll are two estimates), the
same ``country`` and the same ``place``, and

* incidents (``cumulative`` false, ``kind`` "incident"): dates within
  :data:`INCIDENT_WINDOW_DAYS` of the group's first date.  A claim's date is
  its ``event_date``, else its ``doc_date``.  Claims are taken in date order
  and one more than the window after the group's first date starts a new
  group; claims with no date at all are grouped only with each other.
  A claim without a place cannot be said to be about the same incident as
  another document's: with ``unplaced="apart"`` (the default) the claims
  without a place of each document are an incident of their own, joined
  only by syndicated copies of them (another document whose figures of the
  group are all copies, as in step 1 below).  With ``unplaced="join"`` (for
  a corpus known to report one incident per day and country) claims without
  a place join the group of a named place when it is the only such group
  with a date within the window of the claim's, and otherwise form groups of
  their own, across documents (:data:`UNPLACED`).
* running totals (``cumulative`` true, ``kind`` "running"): the same scope,
  ``scope`` being the place, else the country, else "" (a total for a
  province and one for the whole war are two series; a claim without a
  place never joins a placed series).  The estimate is the total as of the
  latest as-of date (the claim's ``event_date``, else its ``doc_date``):
  only the claims of that date count in it; ``date_from`` is the earliest
  as-of date of the series, so that the row says how long it runs, and
  :func:`series` has the history.

Projected claims are left out.  A subset ("29 people, including 10
children": the 10) is left out when its victim group is that of a figure it
is part of (same document, sentence and category); otherwise it is an
estimate of its own group (children), and the row's ``subset`` is true when
every claim of the group is such a part, so that adding estimates up
without those rows does not count anyone twice.  A figure that
:func:`stats.units.to_persons` converted (non-empty ``persons_low``,
``persons_value`` or ``persons_high``) is taken in persons, with those
numbers.

From claims to reports
----------------------
The policies do not see claims but reports: what one source said in one
document.

1. Syndicated copies: a claim whose sentence (white space and case aside),
   category, value, bounds and source are those of a claim of an earlier
   document of the group (by ``doc_date``, then ``doc_id``) is left out.
2. The claims of one document and one source (the ``source`` the text
   attributes the figure to, case and a leading "the" aside) are added up as
   :func:`stats.totals.doc_totals` adds up a document (distinct groups of a
   sentence added, restatements counted once, updates replacing): that is one
   report, with the conservative ``low``, ``best`` and ``high`` of the
   document total.  It is hedged when every claim in it is.
3. An unattributed report whose best equals that of an attributed report of
   the same document is that report restated, and is dropped.
4. One report per distinct (source, low, best, high): a source whose figure
   several documents quote counts once (hedged only if every copy is).

An unattributed report's source is its document: two outlets that give a
figure without naming anyone are two sources, a syndicated copy is not.
``claims``, ``documents`` and ``doc_ids`` still count every claim and
document of the group, copies included; ``sources`` counts the distinct
sources of the reports, ``source_names`` names the attributed ones.

Conflict
--------
Two reports of different sources conflict when the ranges they state are
further apart than ``tolerance`` relative to the larger figure: for reports
*a* and *b* with *a*'s upper bound below *b*'s lower bound,
``(b.low - a.high) / b.low > tolerance``.  For exact figures this is "the
best values differ by more than ``tolerance`` of the larger" (12 and 20:
0.4); an open bound ("at least 12", "dozens") disagrees with no larger
figure.  ``conflict`` is true when any two reports conflict.

Columns
-------
:data:`ESTIMATE_DTYPES` and :data:`SERIES_DTYPES` give the columns and
their types; dates are ISO strings.  See :func:`estimates` and
:func:`series`.
"""
from __future__ import annotations

import hashlib
import itertools
import re
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import pandas as pd

from .claims import CLAIM_DTYPES, Claim
from .rulefiles import read_toml
from .totals import total_rows

__all__ = [
    "DEFAULT_POLICY", "DEFAULT_TOLERANCE", "ESTIMATE_DTYPES", "GROUPS_FILE", "INCIDENT_WINDOW_DAYS", "POLICIES",
    "REPORT_COLUMNS", "SERIES_DTYPES", "UNPLACED", "VictimGroups", "assign", "estimates", "load_groups",
    "normalise_group", "reports", "series",
]

#: The victim groups file, in ``stats/rules/``.
GROUPS_FILE = "groups.toml"

#: Claims of one incident have dates at most this many days after the group's first date.
INCIDENT_WINDOW_DAYS = 1

#: What :func:`estimates` does with incident claims that have no place: option -> what it does.
UNPLACED: Mapping[str, str] = MappingProxyType({
    "apart": "each document's claims without a place are an incident of their own (syndicated copies aside)",
    "join": "claims without a place join the only placed group of their window, else each other",
})

#: The policy :func:`estimates` uses unless told otherwise.
DEFAULT_POLICY = "conservative"

#: How far apart (relative to the larger figure) two sources' figures may be without a conflict.
DEFAULT_TOLERANCE = 0.25

#: The policies that turn a group's reports into low, best and high: name -> what it does.
POLICIES: Mapping[str, str] = MappingProxyType({
    "conservative": (
        "After ACLED: the highest well-supported lower bound. Each report's figure is its "
        "conservative best (the number of an 'at least', the lower end of a range, the code of a "
        "vague word). best is the highest figure that at least two distinct sources reach (a "
        "source reaches a figure when one of its reports is at least that high; hedged reports "
        "count); when the group has a single source, best is the highest of its unhedged reports, "
        "or, if every report is hedged, the lowest. low is the lowest lower bound of any report "
        "(0 for an 'up to'); high is the highest upper bound any report states, empty when none "
        "states one or when the highest is below best."
    ),
    "spread": (
        "After UCDP: low, best and high from the spread of the reports. low is the lowest lower "
        "bound of any report; high is the highest upper bound, taking a report's best where it "
        "states no upper bound; best is the median of the reports' best figures, the lower of the "
        "two middle ones when there is an even number of reports (always a reported figure)."
    ),
})

#: Columns of :func:`estimates`, in order, with their dtypes.
ESTIMATE_DTYPES: Mapping[str, str] = MappingProxyType({
    "estimate_id": "string", "category": "string", "unit": "string", "group": "string",
    "country": "string", "place": "string", "scope": "string", "kind": "string",
    "date_from": "string", "date_to": "string", "as_of": "string",
    "low": "Int64", "best": "Int64", "high": "Int64",
    "claims": "int64", "documents": "int64", "sources": "int64", "source_names": "string",
    "hedged_share": "float64", "conflict": "bool", "subset": "bool", "doc_ids": "string", "policy": "string",
})

#: Columns of :func:`series`, in order, with their dtypes.
SERIES_DTYPES: Mapping[str, str] = MappingProxyType({
    "series_id": "string", "category": "string", "unit": "string", "group": "string",
    "country": "string", "scope": "string", "as_of": "string",
    "low": "Int64", "best": "Int64", "high": "Int64", "claims": "int64", "sources": "int64",
    "revision": "bool",
})

_HOUSING = frozenset({"housing_destroyed", "housing_damaged"})
_PERSONS = ("persons_low", "persons_value", "persons_high")
_LOCATION = ("doc_date", "event_date", "country", "place")
#: The claim fields a report's total reads (totals.total_rows) and its offsets; the others are left empty.
_TOTAL_FIELDS = ("category", "value", "low", "high", "bound", "subject", "source", "cumulative", "number_text",
                 "start", "end", "sentence")
#: Claims whose cells are read at a time while the reports are made.
_REPORT_CHUNK = 4096


# --------------------------------------------------------------------------- victim groups

@dataclass(frozen=True)
class VictimGroups:
    """The victim groups of ``stats/rules/groups.toml``, compiled.

    ``order`` is the order groups are tried in, ``default`` the group of a
    subject that names none, ``patterns`` one regular expression per group.
    """

    source: str
    default: str
    order: tuple[str, ...]
    patterns: Mapping[str, re.Pattern[str]]

    def of(self, subject: str) -> str:
        """The group ``subject`` names: the first in ``order`` with a word in it, else ``default``."""
        text = subject.lower()
        for name in self.order:
            if self.patterns[name].search(text):
                return name
        return self.default


def _fail(source: str, key: str, problem: str) -> ValueError:
    return ValueError(f"{source}: [{key}] {problem}")


def _strings(key: str, value: Any, source: str) -> list[str]:
    if not isinstance(value, list):
        raise _fail(source, key, f"must be a list, not {type(value).__name__}")
    if not value:
        raise _fail(source, key, "must not be empty")
    for v in value:
        if not isinstance(v, str) or not v.strip():
            raise _fail(source, key, f"entries must be non-empty strings, got {v!r}")
    return [" ".join(v.lower().split()) for v in value]


def _build_groups(tree: dict[str, Any], source: str) -> VictimGroups:
    default = tree.get("default")
    if "default" not in tree:
        raise _fail(source, "default", "is missing")
    if not isinstance(default, str) or not default.strip():
        raise _fail(source, "default", f"must be a non-empty string, got {default!r}")
    if "order" not in tree:
        raise _fail(source, "order", "is missing")
    order = _strings("order", tree["order"], source)
    if len(set(order)) != len(order):
        raise _fail(source, "order", "names a group twice")
    groups = tree.get("groups")
    if not isinstance(groups, dict):
        raise _fail(source, "groups", "is missing" if groups is None else "must be a table")
    if set(groups) - set(order):
        raise _fail(source, "order", f"does not name the groups {sorted(set(groups) - set(order))}")
    if set(order) - set(groups):
        raise _fail(source, "groups", f"has no words for {sorted(set(order) - set(groups))}")
    if default in groups:
        raise _fail(source, "default", f"{default!r} must not be one of the groups")
    owner: dict[str, str] = {}
    patterns = {}
    for name in order:
        words = _strings(f"groups.{name}", groups[name], source)
        for w in words:
            if owner.setdefault(w, name) != name:
                raise _fail(source, f"groups.{name}", f"{w!r} is also in group {owner[w]!r}")
        alternation = "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(set(words), key=lambda w: (-len(w), w)))
        patterns[name] = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")
    return VictimGroups(source, default, tuple(order), MappingProxyType(patterns))


@lru_cache(maxsize=4)
def load_groups(path: str | None = None) -> VictimGroups:
    """Load, validate and compile the victim groups (the packaged file unless ``path`` is given).

    A malformed file raises ``ValueError`` naming the file and the key.

    >>> groups = load_groups()
    >>> groups.default, groups.order[:3]
    ('people', ('children', 'women', 'journalists'))
    """
    tree, source = read_toml(GROUPS_FILE, path)
    return _build_groups(tree, source)


def normalise_group(subject: str | None, groups: VictimGroups | None = None) -> str:
    """The normalised victim group of a claim's ``subject`` (see ``stats/rules/groups.toml``).

    >>> [normalise_group(s) for s in ("government soldiers", "Taliban militants", "12-year-old boy", "")]
    ['government forces', 'combatants', 'children', 'people']
    >>> normalise_group("pro-government militia members"), normalise_group("anti-government fighters")
    ('government forces', 'combatants')
    """
    return (groups or load_groups()).of(subject or "")


# --------------------------------------------------------------------------- preparing the claims

def _parse_date(text: Any) -> date | None:
    """An ISO date (a date-time keeps its date); None when empty or unreadable."""
    if text is None or pd.isna(text):
        return None
    try:
        return date.fromisoformat(str(text).strip()[:10])
    except ValueError:
        return None


def _source_key(source: str) -> str:
    words = source.lower().split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def _prepare(claims: pd.DataFrame, groups: VictimGroups) -> pd.DataFrame:
    """The countable claims, typed, with the columns grouping needs, sorted by document date,
    document and offset (a claim's row number is its place in that order: ``_Cells.position``).

    A cell of a claim's own is a Python object, which is heavy in a large table: ``when`` holds
    one date object a distinct date, and ``sentence_key`` a number that is the same for two
    claims when their sentences (spacing and case aside), figures and sources are.
    """
    missing = [c for c in CLAIM_DTYPES if c not in claims.columns and c not in _LOCATION]
    if missing:
        raise ValueError(f"the claims frame lacks the columns {missing}")
    unplaced: dict[str, Any] = {c: pd.NA for c in _LOCATION if c not in claims.columns}
    f = claims.assign(**unplaced)
    f = f.astype(dict(CLAIM_DTYPES))
    persons = [c for c in _PERSONS if c in f.columns]
    if persons:
        converted = pd.Series(False, index=f.index)
        for c in persons:
            f[c] = f[c].astype("Int64")
            converted |= f[c].notna().to_numpy(dtype=bool)
        for column, p in (("low", "persons_low"), ("value", "persons_value"), ("high", "persons_high")):
            f.loc[converted, column] = f.loc[converted, p] if p in f.columns else pd.NA
        f.loc[converted, "unit"] = "person"
    for column in ("subject", "source", "country", "place", "doc_id"):
        f[column] = f[column].fillna("").str.strip()
    f["sentence"] = f["sentence"].fillna("")  # not stripped: a copy of every sentence's text is heavy
    for column in ("hedged", "cumulative", "subset", "negated"):
        f[column] = f[column].fillna(False).astype(bool)
    f["group"] = f["subject"].map({s: groups.of(s) for s in f["subject"].unique()}).astype("string")
    projected = f["projected"].fillna(False).to_numpy(dtype=bool)
    # A subset of a figure of its own group is a part of it, not a count of its own.
    # Keyed by codes of the values, not the values: a sentence's text is not made again a claim.
    keys = list(zip(*(pd.factorize(f[c])[0].tolist() for c in ("doc_id", "sentence", "category", "group"))))
    whole = {k for k, s, p in zip(keys, f["subset"], projected) if not s and not p}
    kept = [not p and not (s and k in whole) for s, p, k in zip(f["subset"], projected, keys)]
    del keys, whole
    dates: dict[str, date | None] = {}
    f["when"] = [dates[w] if w in dates else dates.setdefault(w, _parse_date(w))
                 for w in f["event_date"].where(f["event_date"].fillna("").str.strip() != "", f["doc_date"])
                 .fillna("").tolist()]
    f["kind"] = ["running" if c else "incident" for c in f["cumulative"]]
    f["scope"] = [(p or c) if k == "running" else "" for k, p, c in zip(f["kind"], f["place"], f["country"])]
    source_keys = {s: _source_key(s) for s in f["source"].unique()}
    f["source_key"] = [source_keys[s] for s in f["source"]]
    ends = [[None if pd.isna(n) else int(n) for n in f[c]] for c in ("value", "low", "high")]
    plain = {s: " ".join(str(s).split()).casefold() for s in set(f["sentence"])}
    codes: dict[tuple, int] = {}
    f["sentence_key"] = [codes.setdefault((plain[s], c, value, low, high, b, k), len(codes))
                         for s, c, value, low, high, b, k
                         in zip(f["sentence"], f["category"], *ends, f["bound"], f["source_key"])]
    del ends, plain, codes
    order = list(zip(f["doc_date"].fillna("").tolist(), f["doc_id"].tolist(), f["start"].tolist()))
    return f.take(sorted(itertools.compress(range(len(order)), kept), key=order.__getitem__))  # one copy of the rows


#: The columns of a prepared frame read a cell at a time (:func:`_cells`).
_CELL_COLUMNS = ("when", "doc_id", "sentence_key", "source_key", "subset", "kind", "category", "unit",
                 "group", "country", "place", "scope")


class _Column:
    """One column of a prepared frame, read a cell at a time by index label."""

    __slots__ = ("_at", "_values")

    def __init__(self, at: Mapping[Any, int], values: Sequence[Any]) -> None:
        self._at, self._values = at, values

    def __getitem__(self, label: Any) -> Any:
        return self._values[self._at[label]]


@dataclass(frozen=True)
class _Cells:
    """The :data:`_CELL_COLUMNS` of a prepared frame, each read by index label (``cells["when"][i]``)."""

    position: Mapping[Any, int]  # the row number of each index label: its place in the claims' order
    columns: Mapping[str, _Column]

    def __getitem__(self, column: str) -> _Column:
        return self.columns[column]


def _cells(f: pd.DataFrame) -> _Cells:
    """The cells of prepared frame ``f`` that grouping reads one at a time.

    Grouping reads a few cells of every claim: with ``f.at`` (or a row with
    ``f.loc``) for each, building the tables of 8,000 claims took twice as
    long.  A column of Python objects or of integers is listed as it is; any
    other holds each distinct value once, so that memory grows by a pointer a
    cell.
    """
    position = {label: n for n, label in enumerate(f.index)}
    columns = {}
    for c in _CELL_COLUMNS:
        if f[c].dtype == object or f[c].dtype.kind == "i":  # Python objects, or numbers: a cell each
            values = f[c].tolist()
        else:
            codes, uniques = pd.factorize(f[c])
            distinct = [*uniques, getattr(f[c].dtype, "na_value", None)]  # code -1: a missing value
            values = [distinct[k] for k in codes.tolist()]
        columns[c] = _Column(position, values)
    return _Cells(position, columns)


def _first(cells: _Cells, idx: Sequence[Any]) -> dict[str, Any]:
    """What defines the group of the claims ``idx``: the cells of its first claim."""
    return {c: cells[c][idx[0]] for c in ("kind", "category", "unit", "group", "country", "place", "scope")}


# --------------------------------------------------------------------------- grouping

def _window(d: date | None, dates: Sequence[date | None]) -> bool:
    """Whether ``d`` lies within the incident window of one of ``dates`` (undated only with undated)."""
    if d is None:
        return all(x is None for x in dates)
    return any(x is not None and abs((d - x).days) <= INCIDENT_WINDOW_DAYS for x in dates)


def _date_clusters(rows: pd.DataFrame) -> list[list[Any]]:
    """Index lists of claims whose dates lie within the window of the cluster's first date."""
    clusters: list[list[Any]] = []
    undated = [i for i, w in zip(rows.index, rows["when"]) if w is None]
    start: date | None = None
    for i, w in sorted(((i, w) for i, w in zip(rows.index, rows["when"]) if w is not None), key=lambda t: t[1]):
        if start is None or (w - start).days > INCIDENT_WINDOW_DAYS:
            clusters.append([])
            start = w
        clusters[-1].append(i)
    if undated:
        clusters.append(undated)
    return clusters


_KEY = ("category", "unit", "group", "country")


def _incident_groups(f: pd.DataFrame, cells: _Cells, unplaced: str) -> list[list[Any]]:
    groups: list[list[Any]] = []
    for _, g in f.groupby(list(_KEY), sort=True):
        placed = g[g["place"] != ""]
        named = [c for _, gp in placed.groupby("place", sort=True) for c in _date_clusters(gp)]
        lonely = g[g["place"] == ""]
        if unplaced == "apart":
            groups += named + _copies_together(cells, [c for _, gd in lonely.groupby("doc_id", sort=False)
                                                       for c in _date_clusters(gd)])
            continue
        alone = []
        when = cells["when"]
        for i in lonely.index:
            fits = [c for c in named if _window(when[i], [when[j] for j in c])]
            if len(fits) == 1:
                fits[0].append(i)
            else:
                alone.append(i)
        groups += named + _date_clusters(g.loc[alone])
    return groups


def _copies_together(cells: _Cells, clusters: list[list[Any]]) -> list[list[Any]]:
    """Put a document's cluster with an earlier one when each of its figures is a syndicated copy."""
    merged: list[tuple[set[int], list[date | None], list[Any]]] = []
    order, sentence_key, when = cells.position, cells["sentence_key"], cells["when"]
    for c in sorted(clusters, key=lambda c: min(order[i] for i in c)):
        keys = {sentence_key[i] for i in c}
        dates = [when[i] for i in c]
        home = next((m for m in merged if keys <= m[0] and all(_window(d, m[1]) for d in dates)), None)
        if home is None:
            merged.append((keys, dates, list(c)))
        else:
            home[2].extend(c)
    return [m[2] for m in merged]


def _running_groups(f: pd.DataFrame) -> list[list[Any]]:
    return [list(g.index) for _, g in f.groupby([*_KEY, "place"], sort=True)]


# --------------------------------------------------------------------------- reports

@dataclass(frozen=True, slots=True)
class _Report:
    """What one source said in one document: the figure a policy sees."""

    source: str
    name: str
    doc_id: str
    low: int
    best: int
    high: int | None
    hedged: bool
    kind: str  # the bound its wording states: exact, approx, range, at_least, at_most or vague
    number_text: str  # of its first claim
    sentence: str  # of its first claim


def _claim(row: Mapping[str, Any], doc_id: str) -> Claim:
    """A Claim of the row (the :data:`_TOTAL_FIELDS`), as doc_totals counts it: in its unit, under ``doc_id``."""
    values: dict[str, Any] = {k: (None if row[k] is None or pd.isna(row[k]) else row[k]) for k in _TOTAL_FIELDS}
    for k in ("value", "low", "high", "start", "end"):
        values[k] = None if values[k] is None else int(values[k])
    unit = "dwelling" if values["category"] in _HOUSING else "person"
    return Claim(doc_id=doc_id, unit=unit, qualifier="", hedged=False, projected=False, negated=False, subset=False,
                 **values)


def _reports(f: pd.DataFrame, cells: _Cells, units: Sequence[Sequence[Any]]) -> list[list[_Report]]:
    """The reports of each list of claim indexes (steps 1 to 4 of the module's documentation)."""
    batches: list[tuple[int, str, str, list[Any]]] = []
    doc_id, sentence_key, source_key = cells["doc_id"], cells["sentence_key"], cells["source_key"]
    position = cells.position  # a claim's place in the claims' order
    for u, indexes in enumerate(units):
        seen: dict[int, str] = {}
        by_report: dict[tuple[str, str], list[Any]] = {}
        for i in sorted(indexes, key=position.__getitem__):
            doc = doc_id[i]
            # what makes a claim a copy of another: its sentence (spacing and case aside), figure and source
            if seen.setdefault(sentence_key[i], doc) != doc:
                continue  # a syndicated copy of an earlier document's figure
            by_report.setdefault((doc, source_key[i]), []).append(i)
        batches += [(u, doc, source, idx) for (doc, source), idx in by_report.items()]
    reports: list[list[_Report]] = [[] for _ in units]
    n = 0
    while n < len(batches):  # the cells of a chunk of claims at a time: a Python object a cell is heavy
        chunk: list[tuple[int, int, str, str, list[Any]]] = []
        held = 0
        while n < len(batches) and (not chunk or held + len(batches[n][3]) <= _REPORT_CHUNK):
            chunk.append((n, *batches[n]))
            held += len(batches[n][3])
            n += 1
        rows = sorted({position[i] for _, _, _, _, idx in chunk for i in idx})
        taken = {c: dict(zip(rows, f[c].take(rows).tolist())) for c in (*_TOTAL_FIELDS, "hedged")}
        for k, u, doc, source, idx in chunk:
            mine = [position[i] for i in idx]
            ((_, _, low, best, high, _, _),) = total_rows(
                [_claim({c: taken[c][r] for c in _TOTAL_FIELDS}, str(k)) for r in mine])
            names = [taken["source"][r] for r in mine if taken["source"][r]]
            high = None if high is None else int(high)
            reports[u].append(_Report(
                source=source or f"doc:{doc}", name=names[0] if names else "", doc_id=doc,
                low=int(low), best=int(best), high=high, hedged=all(taken["hedged"][r] for r in mine),
                kind=_kind(int(low), high, {taken["bound"][r] for r in mine}),
                number_text=taken["number_text"][mine[0]] or "", sentence=taken["sentence"][mine[0]] or "",
            ))
    return [_distinct(r) for r in reports]


def _kind(low: int, high: int | None, bounds: set[str]) -> str:
    """The bound a report's wording states, from its ends and its claims' bounds.

    >>> _kind(5, None, {"vague"}), _kind(0, 40, {"at_most"}), _kind(5, 7, {"range"}), _kind(60, 60, {"approx"})
    ('vague', 'at_most', 'range', 'approx')
    """
    if high is None:
        return "vague" if bounds == {"vague"} else "at_least"
    if "at_most" in bounds and low == 0 and low < high:
        return "at_most"
    if low < high:
        return "range"
    return "approx" if "approx" in bounds else "exact"


def _distinct(reports: list[_Report]) -> list[_Report]:
    """Drop unattributed restatements of a document's attributed figure; one report per (source, figure)."""
    attributed = {(r.doc_id, r.best) for r in reports if r.name}
    kept: dict[tuple, _Report] = {}
    for r in reports:
        if not r.name and (r.doc_id, r.best) in attributed:
            continue
        key = (r.source, r.low, r.best, r.high)
        if key in kept:
            kept[key] = replace(kept[key], hedged=kept[key].hedged and r.hedged)
        else:
            kept[key] = r
    return list(kept.values())


# --------------------------------------------------------------------------- policies

Ends = tuple[int, int, int | None]


def _conservative(reports: Sequence[_Report]) -> Ends:
    low = min(r.low for r in reports)
    if len({r.source for r in reports}) >= 2:
        best = next(v for v in sorted({r.best for r in reports}, reverse=True)
                    if len({r.source for r in reports if r.best >= v}) >= 2)
    else:
        unhedged = [r.best for r in reports if not r.hedged]
        best = max(unhedged) if unhedged else min(r.best for r in reports)
    highs = [r.high for r in reports if r.high is not None]
    high = max(highs) if highs and max(highs) >= best else None
    return low, best, high


def _spread(reports: Sequence[_Report]) -> Ends:
    low = min(r.low for r in reports)
    best = statistics.median_low([r.best for r in reports])
    high = max(r.best if r.high is None else r.high for r in reports)
    return low, best, high


_POLICY_RULES: Mapping[str, Callable[[Sequence[_Report]], Ends]] = MappingProxyType({
    "conservative": _conservative, "spread": _spread,
})


def _conflict(reports: Sequence[_Report], tolerance: float) -> bool:
    """Whether two reports of different sources are further apart than ``tolerance``."""
    for a in reports:
        if a.high is None:
            continue
        for b in reports:
            if a.source != b.source and b.low > a.high and (b.low - a.high) / b.low > tolerance:
                return True
    return False


def _check(policy: str, tolerance: float) -> Callable[[Sequence[_Report]], Ends]:
    if policy not in _POLICY_RULES:
        raise ValueError(f"unknown policy {policy!r}: choose one of {sorted(_POLICY_RULES)}")
    if not 0 <= tolerance < 1:
        raise ValueError(f"tolerance must be at least 0 and below 1, got {tolerance!r}")
    return _POLICY_RULES[policy]


# --------------------------------------------------------------------------- tables

def _id(*parts: Any) -> str:
    return hashlib.sha1("|".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()[:12]


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def _names(reports: Iterable[_Report]) -> str:
    return ";".join(sorted({r.name for r in reports if r.name}, key=lambda n: (n.lower(), n)))


def _empty(dtypes: Mapping[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})


@dataclass(frozen=True)
class _Group:
    """The claims one estimate rests on (for a running total, its latest as-of date's), its id and dates."""

    claims: list
    estimate_id: str
    date_from: str | None
    date_to: str | None


def _estimate_groups(f: pd.DataFrame, cells: _Cells, unplaced: str) -> list[_Group]:
    """The estimates' groups of a prepared frame, incidents first, with their stable ids."""
    f = f[[*_KEY, "place", "doc_id", "when", "kind"]]  # what grouping reads: its rows are copied without the texts
    incidents = _incident_groups(f[f["kind"] == "incident"], cells, unplaced)
    running = _running_groups(f[f["kind"] == "running"])
    when, order = cells["when"], cells.position
    found = []
    for whole in [*incidents, *running]:
        kind = cells["kind"][whole[0]]
        dates = sorted(d for d in (when[i] for i in whole) if d is not None)
        idx = whole
        if kind == "running" and dates:
            idx = [i for i in whole if when[i] == dates[-1]]
        first = _first(cells, idx)
        first_doc = cells["doc_id"][min(idx, key=order.__getitem__)]
        unplaced_apart = kind == "incident" and not first["place"] and unplaced == "apart"
        key = (kind, first["category"], first["unit"], first["group"], first["country"], first["place"])
        date_from = _iso(dates[0]) if dates else None
        estimate_id = _id(*key, date_from if kind == "incident" else "", first_doc if unplaced_apart else "")
        found.append(_Group(idx, estimate_id, date_from, _iso(dates[-1]) if dates else None))
    return found


def estimates(
    claims: pd.DataFrame,
    *,
    policy: str = DEFAULT_POLICY,
    tolerance: float = DEFAULT_TOLERANCE,
    unplaced: str = "apart",
    groups: VictimGroups | None = None,
) -> pd.DataFrame:
    """One estimate per group of claims that count the same thing (see the module's documentation).

    ``claims`` is a claims table as :func:`stats.claims.claims_frame` makes it,
    possibly with the persons columns of :func:`stats.units.to_persons`.
    ``policy`` is a name in :data:`POLICIES`; ``tolerance`` (0 to 1) sets when
    figures conflict; ``unplaced`` (:data:`UNPLACED`) whether incident claims
    without a place may be grouped across documents; ``groups`` the victim
    groups (the packaged ones by default).  A bad policy, tolerance, option
    or frame is a ``ValueError``.

    Columns (:data:`ESTIMATE_DTYPES`):

    * ``estimate_id``: a stable id of the group (a hash of what defines it:
      kind, category, unit, group, country, place, an incident's first date
      and, for an incident without a place kept apart, its first document);
    * ``category``, ``unit``, ``group`` (the normalised victim group),
      ``country``, ``place``; ``scope``: for a running total its place, else
      its country, else ""; "" for an incident;
    * ``kind``: "incident" or "running";
    * ``date_from``, ``date_to``: the first and last date of the incident's
      claims, or the earliest and latest as-of date of the running total;
      ``as_of``: a running total's latest as-of date (empty for incidents);
    * ``low``, ``best``, ``high``: by ``policy``; ``high`` may be empty;
    * ``claims``, ``documents``: how many claims and documents the estimate
      rests on (copies included; for a running total, those of its latest
      as-of date); ``doc_ids``: those documents, sorted, ";"-joined;
    * ``sources``: distinct sources of the reports (an unattributed
      document is a source of its own); ``source_names``: the attributed
      ones as first written, sorted, ";"-joined;
    * ``hedged_share``: the share of the reports that are hedged (3 places);
    * ``conflict``: two sources' figures further apart than ``tolerance``;
    * ``subset``: every claim is a part of a figure of another group
      ("including 10 children"); leave these rows out when adding up;
    * ``policy``: the policy used.

    Rows are ordered by country, place, kind, category, unit, group and date.
    """
    rule = _check(policy, tolerance)
    if unplaced not in UNPLACED:
        raise ValueError(f"unknown unplaced {unplaced!r}: choose one of {sorted(UNPLACED)}")
    f = _prepare(claims, groups or load_groups())
    if f.empty:
        return _empty(ESTIMATE_DTYPES)
    cells = _cells(f)
    found = _estimate_groups(f, cells, unplaced)
    all_reports = _reports(f, cells, [g.claims for g in found])
    rows = []
    for g, reports in zip(found, all_reports):
        idx, first = g.claims, _first(cells, g.claims)
        kind, date_from, date_to = first["kind"], g.date_from, g.date_to
        low, best, high = rule(reports)
        docs = sorted({cells["doc_id"][i] for i in idx})
        rows.append({
            "estimate_id": g.estimate_id,
            "category": first["category"], "unit": first["unit"], "group": first["group"],
            "country": first["country"], "place": first["place"], "scope": first["scope"], "kind": kind,
            "date_from": date_from, "date_to": date_to, "as_of": date_to if kind == "running" else None,
            "low": low, "best": best, "high": high,
            "claims": len(idx), "documents": len(docs), "sources": len({r.source for r in reports}),
            "source_names": _names(reports),
            "hedged_share": round(sum(r.hedged for r in reports) / len(reports), 3),
            "conflict": _conflict(reports, tolerance), "subset": all(cells["subset"][i] for i in idx),
            "doc_ids": ";".join(docs), "policy": policy,
        })
    rows.sort(key=lambda r: (r["country"], r["place"], r["kind"], r["category"], r["unit"], r["group"],
                             r["date_from"] or "~"))
    return pd.DataFrame(rows, columns=list(ESTIMATE_DTYPES)).astype(dict(ESTIMATE_DTYPES))


def series(
    claims: pd.DataFrame, *, policy: str = DEFAULT_POLICY, groups: VictimGroups | None = None,
) -> pd.DataFrame:
    """Running totals over time: one row per series and as-of date, oldest first.

    A series is the running totals (``cumulative`` claims, projected ones
    left out) of one category, unit, victim group, country and scope (the
    place, else the country, else ""), grouped as in :func:`estimates`.
    Each as-of date (the claim's ``event_date``, else its ``doc_date``) is a
    row whose ``low``, ``best`` and ``high`` come from that date's reports by
    ``policy`` (conservative by default); ``claims`` and ``sources`` count
    them.  ``revision`` is true where ``best`` is below the ``best`` of the
    series' previous row: a total revised downwards, or an error; it is
    flagged, never smoothed.  Claims without a date make a last row with an
    empty ``as_of``, which is never a revision.  ``series_id`` is a stable
    id of the series (columns: :data:`SERIES_DTYPES`).

    >>> from stats.claims import claims_frame, extract_document
    >>> from stats.documents import Document
    >>> docs = [Document(d, f"{n} people have been killed so far this year.", date=d, country="SYR")
    ...         for d, n in (("2021-03-01", 40), ("2021-03-08", 55), ("2021-03-15", 50))]
    >>> frame = claims_frame(c for d in docs for c in extract_document(d))
    >>> series(frame)[["as_of", "best", "revision"]]
            as_of  best  revision
    0  2021-03-01    40     False
    1  2021-03-08    55     False
    2  2021-03-15    50      True
    """
    rule = _check(policy, DEFAULT_TOLERANCE)
    f = _prepare(claims, groups or load_groups())
    f = f[f["kind"] == "running"]
    if f.empty:
        return _empty(SERIES_DTYPES)
    cells = _cells(f)
    units: list[list[Any]] = []
    keys: list[date | None] = []
    for idx in _running_groups(f):
        by_date: dict[date | None, list[Any]] = {}
        for i in idx:
            by_date.setdefault(cells["when"][i], []).append(i)
        for d in sorted(by_date, key=lambda d: (d is None, d or date.min)):
            units.append(by_date[d])
            keys.append(d)
    rows = []
    previous: dict[str, int] = {}
    for idx, d, reports in zip(units, keys, _reports(f, cells, units)):
        first = _first(cells, idx)
        sid = _id(first["category"], first["unit"], first["group"], first["country"], first["scope"])
        low, best, high = rule(reports)
        revision = d is not None and sid in previous and best < previous[sid]
        if d is not None:
            previous[sid] = best
        rows.append({
            "series_id": sid, "category": first["category"], "unit": first["unit"], "group": first["group"],
            "country": first["country"], "scope": first["scope"], "as_of": _iso(d),
            "low": low, "best": best, "high": high, "claims": len(idx),
            "sources": len({r.source for r in reports}), "revision": revision,
        })
    rows.sort(key=lambda r: (r["country"], r["scope"], r["category"], r["unit"], r["group"], r["as_of"] or "~"))
    return pd.DataFrame(rows, columns=list(SERIES_DTYPES)).astype(dict(SERIES_DTYPES))


#: Columns of :func:`reports`.
REPORT_COLUMNS = ("estimate_id", "source", "name", "doc_id", "low", "best", "high", "hedged", "kind", "number_text",
                  "sentence")


def reports(claims: pd.DataFrame, *, unplaced: str = "apart", groups: VictimGroups | None = None) -> pd.DataFrame:
    """What each source said of each estimate: one row per report, as the policies see them.

    Steps 1 to 4 of the module's documentation: syndicated copies out, one
    report per document and source added up as a document total,
    unattributed restatements dropped, one report per distinct source and
    figure.  Columns :data:`REPORT_COLUMNS`: ``source`` is the normalised
    source (``doc:<id>`` when unattributed), ``name`` the source as first
    written, ``kind`` the bound the wording states, ``number_text`` and
    ``sentence`` those of the report's first claim.

    >>> from stats.claims import claims_frame, extract_document
    >>> from stats.documents import Document
    >>> docs = [Document("a", "Police said at least 12 people were killed.", date="2021-03-05", country="SYR"),
    ...         Document("b", "About 15 people were killed, medics said.", date="2021-03-05", country="SYR")]
    >>> r = reports(claims_frame(c for d in docs for c in extract_document(d)))
    >>> r[["source", "best", "kind"]].values.tolist()
    [['police', 12, 'at_least'], ['medics', 15, 'approx']]
    """
    if unplaced not in UNPLACED:
        raise ValueError(f"unknown unplaced {unplaced!r}: choose one of {sorted(UNPLACED)}")
    f = _prepare(claims, groups or load_groups())
    if f.empty:
        return pd.DataFrame(columns=list(REPORT_COLUMNS))
    cells = _cells(f)
    found = _estimate_groups(f, cells, unplaced)
    rows = [(g.estimate_id, r.source, r.name, r.doc_id, r.low, r.best, r.high, r.hedged, r.kind, r.number_text,
             r.sentence) for g, group_reports in zip(found, _reports(f, cells, [g.claims for g in found]))
            for r in group_reports]
    return pd.DataFrame(rows, columns=list(REPORT_COLUMNS))


def assign(
    claims: pd.DataFrame,
    *,
    policy: str = DEFAULT_POLICY,
    tolerance: float = DEFAULT_TOLERANCE,
    unplaced: str = "apart",
    groups: VictimGroups | None = None,
) -> pd.Series:
    """The ``estimate_id`` of the estimate each claim counts in, aligned with ``claims``' index.

    Takes the arguments of :func:`estimates` and groups the claims as it does
    (``policy`` and ``tolerance`` are checked but change no grouping), so that
    every claim can be traced to its estimate and every estimate to the
    sentences behind it.  A claim in no estimate is ``<NA>``: a projected
    figure, a part of a figure of its own victim group, or a running total of
    an earlier as-of date than its series' latest (:func:`series` has those).
    A syndicated copy has the id of the estimate it was copied into.

    >>> from stats.claims import claims_frame, extract_document
    >>> from stats.documents import Document
    >>> docs = [Document("a", "At least 12 people were killed in the blast.", date="2021-03-05", country="SYR"),
    ...         Document("b", "Aid agencies said 500 people could be displaced.", date="2021-03-05", country="SYR")]
    >>> frame = claims_frame(c for d in docs for c in extract_document(d))
    >>> ids = assign(frame)
    >>> ids.notna().tolist(), bool(ids.dropna().isin(estimates(frame)["estimate_id"]).all())
    ([True, False], True)
    """
    _check(policy, tolerance)
    if unplaced not in UNPLACED:
        raise ValueError(f"unknown unplaced {unplaced!r}: choose one of {sorted(UNPLACED)}")
    f = _prepare(claims, groups or load_groups())
    ids = {} if f.empty else {i: g.estimate_id for g in _estimate_groups(f, _cells(f), unplaced) for i in g.claims}
    return pd.Series([ids.get(i, pd.NA) for i in claims.index], index=claims.index, dtype="string", name="estimate_id")
