"""Document totals: one row per document and category.

Stage 5 of the pipeline (... -> claims table -> **document totals**).  The
total is the one a careful coder would record for the document:

* distinct groups of a sentence are added ("4 militia members and 3 militants
  were killed" -> 7); a subset is not ("29 people, including 10 foreigners");
* a later sentence restates the toll (the larger one is kept) unless it marks
  itself as adding to it ("3 militants were ALSO killed");
* the conservative end of a range ("5-7" -> 5), the code of a vague quantity
  (dozens -> 12), the number of an open bound ("at least 60" -> 60);
* projected figures are left out; toll of the incident is preferred to a
  running total when the document gives both;
* persons only for people's categories (household figures are reported apart
  until converted), dwellings for the housing categories (column ``unit``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import groupby

import pandas as pd

from .claims import Claim

__all__ = ["doc_totals", "TOTAL_DTYPES"]

#: Column dtypes of :func:`doc_totals`, in column order.
TOTAL_DTYPES = {
    "doc_id": "string", "category": "string", "unit": "string",
    "low": "Int64", "best": "Int64", "high": "Int64", "claims": "int64",
}
_ADDITIVE = re.compile(r"\b(?:also|another|additional|further|separately|separate)\b", re.I)
_HOUSING = ("housing_destroyed", "housing_damaged")


def _ends(c: Claim) -> tuple[int, int, int | None]:
    """(low, best, high) of one claim, conservative."""
    best = c.low if c.low is not None else (c.value if c.value is not None else 0)
    if c.bound == "at_most":
        return 0, best, c.high
    return best, best, c.high


def _total(claims: list[Claim]) -> tuple[int, int, int | None]:
    low = best = 0
    high: int | None = 0
    seen_sentence = False
    seen_values: set[int | None] = set()
    for sentence, group in groupby(claims, key=lambda c: c.sentence):
        members = list({(c.value, c.low, c.subject.lower()): c for c in group}.values())
        values = {c.value if c.value is not None else c.low for c in members}
        additive = _ADDITIVE.search(sentence)
        if seen_sentence and values <= seen_values and not additive:
            continue
        seen_values |= values
        s_low = sum(_ends(c)[0] for c in members)
        s_best = sum(_ends(c)[1] for c in members)
        highs = [_ends(c)[2] for c in members]
        s_high = None if None in highs else sum(h for h in highs if h is not None)
        if not seen_sentence or additive:
            low, best = low + s_low, best + s_best
            high = None if high is None or s_high is None else high + s_high
        elif s_best > best:
            low, best, high = s_low, s_best, s_high
        seen_sentence = True
    return low, best, high


def doc_totals(claims: Iterable[Claim]) -> pd.DataFrame:
    """The total a careful coder would record, per document and category.

    >>> from stats.claims import extract
    >>> text = "4 militia members and 3 militants were killed and 1 militia member was wounded."
    >>> doc_totals(extract(text, doc_id="d1"))[["doc_id", "category", "best"]]
      doc_id category  best
    0     d1   injured     1
    1     d1   killed      7
    """
    rows = []
    key = lambda c: (c.doc_id, c.category)  # noqa: E731
    counted = (c for c in claims if not c.projected and not c.subset)
    for (doc_id, category), group in groupby(sorted(counted, key=key), key=key):
        unit = "dwelling" if category in _HOUSING else "person"
        members = sorted((c for c in group if c.unit == unit), key=lambda c: c.start)
        if not members:
            continue
        incident = [c for c in members if not c.cumulative]
        low, best, high = _total(incident or members)
        rows.append((doc_id, category, unit, low, best, high, len(members)))
    return pd.DataFrame.from_records(rows, columns=list(TOTAL_DTYPES)).astype(TOTAL_DTYPES)
