"""Document totals: one row per document and category.

Stage 5 of the pipeline (... -> claims table -> **document totals**).  The
total is the one a careful coder would record for the document:

* distinct groups of a sentence are added ("4 militia members and 3 militants
  were killed" -> 7); a subset is not ("29 people, including 10 foreigners");
  figures of one sentence attributed to different sources are alternative
  reports, and the larger is kept ("officials said 11 died, residents put the
  toll at 12" -> 12);
* a later sentence whose figures add up to the total so far breaks it down;
* a later sentence restates the toll or gives background unless it marks
  itself as adding to it ("3 militants were ALSO killed") or as updating it
  ("the toll ROSE to 14"): the cues are in ``stats/rules/claims.toml``;
* the conservative end of a range ("5-7" -> 5), the code of a vague quantity
  (dozens -> 12), the number of an open bound ("at least 60" -> 60);
* the toll of another event the document mentions ("a day AFTER 18 died in an
  attack") is left out when it has other figures (``[totals] other_event``);
* projected figures are left out; toll of the incident is preferred to a
  running total when the document gives both (a total over a few days, "since
  Sunday", is the incident's own: ``[totals] days``);
* persons only for people's categories (household figures are reported apart
  until converted), dwellings for the housing categories (column ``unit``).
"""
from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

import pandas as pd

from .claims import Claim
from .lexicon import Lexicon, load_lexicon
from .numbers import fold

__all__ = ["doc_totals", "total_rows", "totals_frame", "TOTAL_DTYPES"]

#: Column dtypes of :func:`doc_totals`, in column order.
TOTAL_DTYPES = {
    "doc_id": "string", "category": "string", "low": "Int64", "best": "Int64", "high": "Int64",
    "unit": "string", "claims": "int64",
}
_HOUSING = ("housing_destroyed", "housing_damaged")


def _ends(c: Claim) -> tuple[int, int, int | None]:
    """(low, best, high) of one claim, conservative."""
    best = c.low if c.low is not None else (c.value if c.value is not None else 0)
    if c.bound == "at_most":
        return 0, best, c.high
    return best, best, c.high


def _other_event(c: Claim, lex: Lexicon) -> bool:
    """Whether the claim is the toll of an event before or after the document's own
    ("a day after AT LEAST 18 died in an attack on a church")."""
    at = c.sentence.find(c.number_text)
    return at > 0 and lex.other_event_re.search(fold(c.sentence[:at])) is not None


def _second_figure(sentence: str, claims: list[Claim]) -> int:
    """Where the second figure of a sentence starts (its end when there is one figure):
    a cue after it ("beheaded three, shot ANOTHER three") links figures, not sentences."""
    if len(claims) < 2:
        return len(sentence)
    first = sentence.find(claims[0].number_text)
    second = sentence.find(claims[1].number_text, first + len(claims[0].number_text))
    return second if second >= 0 else len(sentence)


def _sentence_sum(claims: list[Claim]) -> tuple[int, int, int | None]:
    """The distinct groups of one sentence added up."""
    ends = [_ends(c) for c in claims]
    highs = [e[2] for e in ends]
    high = None if None in highs else sum(h for h in highs if h is not None)
    return sum(e[0] for e in ends), sum(e[1] for e in ends), high


def _total(claims: list[Claim], lex: Lexicon) -> tuple[int, int, int | None]:
    """Add up the claims of one document and category, sentence by sentence."""
    low = best = 0
    high: int | None = 0
    first, vague_only = True, True
    seen_values: set[int | None] = set()
    for sentence, group in groupby(claims, key=lambda c: c.sentence):
        members = list({(c.value, c.low, c.subject.lower()): c for c in group}.values())
        values = {c.value if c.value is not None else c.low for c in members}
        folded = fold(sentence)
        additive = bool(lex.additive_re.search(folded, 0, _second_figure(sentence, members)))
        if not first and values <= seen_values and not additive:
            continue
        seen_values |= values
        s_low, s_best, s_high = max(
            (_sentence_sum([c for c in members if c.source == source]) for source in {c.source for c in members}),
            key=lambda ends: ends[1],
        )
        vague = all(c.bound == "vague" for c in members)
        if not first and s_best == best and not additive:
            continue
        if first or additive:
            low, best = low + s_low, best + s_best
            high = None if high is None or s_high is None else high + s_high
            vague_only = vague_only and vague
        elif s_best > best and (vague_only or lex.update_re.search(folded)):
            low, best, high, vague_only = s_low, s_best, s_high, vague
        first = False
    return low, best, high


def total_rows(claims: Iterable[Claim], lexicon: Lexicon | None = None) -> list[tuple]:
    """The rows of :func:`doc_totals` as tuples in the order of :data:`TOTAL_DTYPES`, sorted by document and category.

    What :func:`doc_totals` builds its table from; a stream of documents can
    keep these, a few per document, and type them by the chunk.

    >>> from stats.claims import extract
    >>> total_rows(extract("Two people died and 5 were injured.", doc_id="d1"))
    [('d1', 'injured', 5, 5, 5, 'person', 1), ('d1', 'killed', 2, 2, 2, 'person', 1)]
    """
    lex = lexicon or load_lexicon()
    rows = []
    key = lambda c: (c.doc_id, c.category)  # noqa: E731
    counted = (c for c in claims if not c.projected and not c.subset)
    for (doc_id, category), group in groupby(sorted(counted, key=key), key=key):
        unit = "dwelling" if category in _HOUSING else "person"
        members = sorted((c for c in group if c.unit == unit), key=lambda c: c.start)
        if not members:
            continue
        own = [c for c in members if not _other_event(c, lex)] or members
        incident = [c for c in own if not c.cumulative or lex.days_re.search(fold(c.sentence))]
        low, best, high = _total(incident or own, lex)
        rows.append((doc_id, category, low, best, high, unit, len(members)))
    return rows


def totals_frame(rows: Iterable[tuple]) -> pd.DataFrame:
    """Rows of :func:`total_rows` as the typed table of :func:`doc_totals`.

    >>> totals_frame([("d1", "killed", 2, 2, None, "person", 1)]).dtypes["high"]
    Int64Dtype()
    """
    return pd.DataFrame.from_records(list(rows), columns=list(TOTAL_DTYPES)).astype(TOTAL_DTYPES)


def doc_totals(claims: Iterable[Claim], lexicon: Lexicon | None = None) -> pd.DataFrame:
    """The total a careful coder would record, per document and category.

    >>> from stats.claims import extract
    >>> text = "4 militia members and 3 militants were killed and 1 militia member was wounded."
    >>> doc_totals(extract(text, doc_id="d1"))[["doc_id", "category", "best"]]
      doc_id category  best
    0     d1  injured     1
    1     d1   killed     7
    """
    return totals_frame(total_rows(claims, lexicon))
