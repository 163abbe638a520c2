"""Claims: one row per casualty or displacement figure, with its evidence.

Stage 4 of the pipeline (... -> attach qualifiers -> **claims table** -> totals).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace

import pandas as pd

from .context import locate
from .documents import Document
from .figures import Triggers, find_figures, split_sentences
from .lexicon import BOUNDS, CATEGORIES, UNITS, Lexicon, load_lexicon
from .numbers import fold
from .qualifiers import find_sources, qualify

__all__ = ["Claim", "CATEGORIES", "BOUNDS", "UNITS", "extract", "extract_document", "claims_frame", "CLAIM_DTYPES"]



@dataclass(frozen=True, slots=True)
class Claim:
    """One figure stated in a document.

    ``value``/``low``/``high`` follow the contract in ``../shared/data/README.md``:
    exact and approx give value, value; at_least gives value, None; at_most
    gives None, value; range gives both ends; vague gives None and the
    conservative code in ``low``.  ``text[start:end]`` of the document is
    ``number_text``, the number's surface form; ``sentence`` is the sentence
    it stands in.  ``subset`` marks a figure that is part of another figure
    of the same sentence ("29 people, including 10 foreigners": the 10).
    ``doc_date`` is the document's date (ISO), ``event_date`` the date the text
    gives the event, resolved against it ("on Saturday"), ``country`` the ISO3
    code and ``place`` the most specific place named near the figure; these are
    filled by :func:`extract_document` from the document and its metadata.
    """

    doc_id: str
    category: str
    value: int | None
    low: int | None
    high: int | None
    bound: str
    qualifier: str
    unit: str
    subject: str
    source: str
    hedged: bool
    cumulative: bool
    projected: bool
    negated: bool
    subset: bool
    number_text: str
    start: int
    end: int
    sentence: str
    doc_date: str | None = None
    event_date: str | None = None
    country: str = ""
    place: str = ""


# A name that opens a sentence ("The World Health Organization issued ...") is what a
# pronoun in the next sentence refers to when that sentence names no source.
_OPENING_NAME = re.compile(r"(?:The\s+)?((?:[A-Z][\w'’.&-]*\s+){1,5}[A-Z][\w'’.&-]*)\s+[a-z]")

#: Column dtypes of :func:`claims_frame`, in column order.
CLAIM_DTYPES = {
    "doc_id": "string", "category": "string", "value": "Int64", "low": "Int64", "high": "Int64",
    "bound": "string", "qualifier": "string", "unit": "string", "subject": "string",
    "source": "string", "hedged": "boolean", "cumulative": "boolean", "projected": "boolean",
    "negated": "boolean", "subset": "boolean", "number_text": "string", "start": "int64",
    "end": "int64", "sentence": "string", "doc_date": "string", "event_date": "string",
    "country": "string", "place": "string",
}


def extract(text: str, doc_id: str = "", lexicon: Lexicon | None = None) -> list[Claim]:
    """Every casualty and displacement figure in ``text``, in text order.

    >>> [(c.category, c.value, c.bound, c.subject) for c in extract("At least 12 people were killed.")]
    [('killed', 12, 'at_least', 'people')]
    >>> c = extract("The storm left 3,400 families homeless, officials said.")[0]
    >>> (c.category, c.value, c.unit, c.source, c.number_text)
    ('homeless', 3400, 'household', 'officials', '3,400')
    """
    lex = lexicon or load_lexicon()
    claims: list[Claim] = []
    low = fold(text)
    found, attributed = _triggers_and_attribution(low, lex)
    if not found:
        return claims
    prev_source = prev_named = carry = quoted = lead_in = ""
    prev_sentence = ""
    prev_end = 0
    last_cumulative = False
    spans = split_sentences(text, lex)
    by_sentence = _triggers_by_sentence(found, spans)
    for k, (a, b) in enumerate(spans):
        if "\n\n" in text[prev_end:a] or "\r\n\r\n" in text[prev_end:a]:
            carry = prev_named = quoted = lead_in = ""
        prev_end = b
        s, s_low = text[a:b], low[a:b]
        sources = [(a + pos, name) for pos, name in find_sources(s, lex, s_low)] if attributed else []
        resolved = []
        for pos, name in sources:
            if name.lower() in lex.pronouns:  # the source the sentence before named, or the name it opened with
                if not prev_source:
                    opening = _OPENING_NAME.match(prev_sentence)
                    prev_source = opening.group(1) if opening else ""
                name = prev_source
            resolved.append((pos, name))
        if by_sentence is None:
            triggers = [(m.start(), m.end(), m.group()) for m in lex.trigger_re.finditer(s_low)]
        else:
            triggers = by_sentence[k]
        figures = find_figures(s, a, lex, s_low, triggers) if triggers else []
        starts = sorted({f.start for f in figures})
        index = {start: i for i, start in enumerate(starts)}
        reach: dict[int, int] = {}  # where each figure's number and predicate end
        ends: dict[int, int] = {}  # where each figure's number ends
        for f in figures:
            reach[f.start] = max(reach.get(f.start, 0), f.end, f.predicate_end)
            ends[f.start] = f.end
        sentence_hedged = bool(figures) and bool(lex.hedge_sentence_re.search(low, a, b))
        flags: dict[int, bool] = {}
        trailing: dict[int, bool] = {}  # whether a figure's own cumulative mark comes after it
        los: dict[int, int] = {}  # where the stretch of each figure starts
        first = len(claims)
        passive = None  # whether the sentence reports its figures in the passive, looked for when asked
        for f in figures:
            i = index[f.start]
            # from the end of the figure before, or of its number when its predicate comes after this one
            # ("11 million people, including NEARLY 4 million children, were affected")
            lo = a if i == 0 else reach[starts[i - 1]] if reach[starts[i - 1]] <= f.start else ends[starts[i - 1]]
            hi = starts[i + 1] if i + 1 < len(starts) else b
            if i and starts[i - 1] in flags:
                follows = flags[starts[i - 1]] and _joined(low[lo:f.start], lex)
            else:
                follows = last_cumulative and bool(lex.continuation_re.match(low, f.end, hi))
            q = qualify(f, text, low, sentence_hedged, (lo, hi), lex, follows)
            flags[f.start] = q.cumulative
            if q.cumulative and not follows:
                # "1,417 killed and 6,268 wounded SINCE SATURDAY": a mark after a figure without a verb
                # of its own dates the figures joined to it before it too (not "... and 300 HAVE died since")
                mark = lex.cumulative_re.search(low, max(f.end, f.predicate_end), hi)
                trailing[f.start] = mark is not None and not lex.grammar.digit_or_aux.search(low, f.end, mark.start())
            los[f.start] = lo
            named = [(abs(pos - f.start), name) for pos, name in resolved if name]
            source = min(named)[1] if named else carry or quoted or lead_in
            if not source and prev_named:
                if passive is None:
                    passive = not any(name for _, name in resolved) and bool(lex.passive_report_re.search(s_low))
                source = prev_named if passive else ""
            claims.append(Claim(
                doc_id=doc_id, category=f.category, value=q.value, low=q.low, high=q.high,
                bound=q.bound, qualifier=q.qualifier, unit=f.unit, subject=f.subject,
                source=source, hedged=q.hedged, cumulative=q.cumulative, projected=q.projected,
                negated=f.kind == "zero", subset=f.subset, number_text=text[f.start:f.end],
                start=f.start, end=f.end, sentence=s,
            ))
        for earlier, later in zip(starts[-2::-1], starts[:0:-1]) if True in trailing.values() else ():
            if trailing.get(later) and not flags[earlier] and _joined(low[los[later]:later], lex):
                flags[earlier] = trailing[earlier] = True
                claims[first:] = [replace(c, cumulative=True) if c.start == earlier else c for c in claims[first:]]
        if figures:
            last_cumulative = flags[starts[-1]]
        named_here = [name for _, name in resolved if name]
        prev_named = named_here[-1] if named_here else ""
        # "…, according to the agency. Floods killed 20 people.": the attribution introduces the next sentence
        lead_in = prev_named if prev_named and not figures and lex.closing_attribution_re.search(s_low) else ""
        if (quoted or prev_named) and _opens_quotation(s):  # 'According to X, "650 houses were destroyed. Another ...'
            quoted = "" if quoted else prev_named
        prev_source = prev_named  # else the opening name, looked for when asked
        prev_sentence = s
        if named_here and lex.carry_over_re.search(s_low):
            carry = named_here[-1]
    return claims


def _joined(gap: str, lex: Lexicon) -> bool:
    """Whether ``gap``, folded text between two figures, joins them in one list ("... killed AND ...")."""
    words = len(gap.split())
    if words > 4:  # "and MORE THAN 300 wounded": the qualifier does not count
        qualifier = lex.qualifier_before_re.search(gap)
        words = len(gap[:qualifier.start()].split()) if qualifier else words
    return words <= 4 and not lex.breaker_re.search(gap)


def _opens_quotation(sentence: str) -> bool:
    """Whether ``sentence`` opens or closes a quotation that it does not also close or open."""
    return sentence.count("“") != sentence.count("”") or sentence.count('"') % 2 == 1


def _triggers_and_attribution(low: str, lex: Lexicon) -> tuple[list[re.Match[str]], bool]:
    """Every trigger match of folded ``low`` and whether it attributes anything, in one scan.

    ``trigger_or_attribution_re`` tries a trigger first at each place, so until it meets an
    attribution its triggers are those of ``trigger_re``; from there (no trigger starts where
    the attribution does) ``trigger_re`` goes on alone.  An attribution that starts at or inside
    a trigger is hidden from the scan: it is looked for at the trigger's words that may open
    one (``lex.attribution_openers``).
    """
    found: list[re.Match[str]] = []
    for m in lex.trigger_or_attribution_re.finditer(low):
        if m.lastgroup == "attribution":
            found.extend(lex.trigger_re.finditer(low, m.start() + 1))
            return found, True
        found.append(m)
    if not found:
        return found, False
    if lex.attribution_openers is None:
        return found, bool(lex.attribution_re.search(low))
    for m in found:
        pos = m.start()
        for word in m.group().split():
            pos = low.index(word, pos)
            if word in lex.attribution_openers and lex.attribution_re.match(low, pos):
                return found, True
            pos += len(word)
    return found, False


def _triggers_by_sentence(found: list[re.Match[str]], spans: list[tuple[int, int]]) -> list[Triggers] | None:
    """The document's trigger matches shared out to its sentences, with offsets into each sentence.

    A sentence starts after a space and ends before a space or a closing mark, and a trigger
    starts and ends with a letter, so a match inside a sentence is the match a scan of the
    sentence alone finds.  ``None`` when a match runs over the end of its sentence
    ("killed\n\nIn ..."): the sentences must then be scanned one by one.
    """
    shares: list[Triggers] = [[] for _ in spans]
    k, n = 0, len(spans)
    for m in found:
        start, end = m.span()
        while k < n and spans[k][1] <= start:
            k += 1
        if k == n or start < spans[k][0] or end > spans[k][1]:
            return None
        a = spans[k][0]
        shares[k].append((start - a, end - a, m.group()))
    return shares


def extract_document(document: Document, lexicon: Lexicon | None = None) -> list[Claim]:
    """The claims of a document, with its date and where and when each figure happened.

    >>> doc = Document("d1", "On Saturday, 3 people were killed in Aleppo.", date="2015-04-25", country="SYR")
    >>> [(c.value, c.doc_date, c.country) for c in extract_document(doc)]
    [(3, '2015-04-25', 'SYR')]
    """
    return locate(extract(document.text, doc_id=document.id, lexicon=lexicon), document)


def claims_frame(claims: Iterable[Claim]) -> pd.DataFrame:
    """The claims as a tidy DataFrame, one row per figure, typed as :data:`CLAIM_DTYPES`.

    >>> claims_frame(extract("Two people died.", doc_id="d1"))[["doc_id", "category", "value"]]
      doc_id category  value
    0     d1   killed      2
    """
    rows = [tuple(getattr(c, f.name) for f in fields(Claim)) for c in claims]
    frame = pd.DataFrame.from_records(rows, columns=list(CLAIM_DTYPES))
    return frame.astype(CLAIM_DTYPES)
