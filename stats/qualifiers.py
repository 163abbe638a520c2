"""Attach qualifiers: bound, hedge, source, cumulative and projected marks.

Stage 3 of the pipeline (... -> find figures -> **attach qualifiers** -> claims).
Each figure is read in its *stretch*: the part of its sentence from the end
of the figure before it to the start of the figure after it, so that a
qualifier or hedge stays with the number it stands with.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .figures import Figure
from .lexicon import Lexicon
from .numbers import find_quantities, fold

__all__ = ["Qualifiers", "bound_of", "find_sources", "qualify"]

_SOURCE_STOP = re.compile(
    r"""(?:^|(?<=\s))(?:that|and|but|which|who|after|when|while|as|because|on|in|late|earlier|
         last|this|yesterday|today|at|to|with|by|from|for|during)\b|[,;:(\[\"“”]""",
    re.VERBOSE | re.IGNORECASE,
)
# Where a name after "according to" or an inverted "said" ends.
_NAME_END = re.compile(
    r"""[,;:(\[\"“”]|\.(?:\s|$)|\s(?:that|who|which|said|says|reported|told|on\s+\w+day|
         yesterday|today|late|earlier)\b""",
    re.VERBOSE | re.IGNORECASE,
)
_LEADING = re.compile(r"^(?:(?:the|a|an|some|its|his|her|their)\s+|[\w.]+-based\s+)+", re.IGNORECASE)
_INVERTED = frozenset({"said", "says", "added", "adds", "stated", "reported", "wrote", "noted", "explained"})
_TRAILING_APPOSITION = re.compile(r"(?:,[^,]{1,80})+,\s*$")
_PERSON_NAME = re.compile(r"(?!The\b)[A-Z][\w'’.-]+(?:\s+(?:al-|bin\s+|de\s+)?[A-Z][\w'’.-]+)+")
_CLAUSE_WORD = re.compile(r"\b(?:not|never|could|would|cannot|can't|couldn't|may|might)\b|\b\w+ly$", re.IGNORECASE)
_DETERMINER_END = re.compile(r"\b(?:a|an|the)\s+$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_COMMON_PLACE = re.compile(r"the\s+[a-z]+")  # "in the area", "at the scene": where a source is, not who
# "a blast that Hamas said killed 5": who said it stands between the relative pronoun and the verb.
_RELATIVE_SOURCE = re.compile(r"\b(?:that|which)\s+((?:(?!(?:was|were|is|are|been|being)\s)[\w'’.-]+\s+){1,4})$")
_REACH = 200  # how far from its verb a source's name may reach
_PARENTHESES = re.compile(r"\([^()]*\)")


@dataclass(slots=True)  # not frozen: built once per figure, and a frozen dataclass is built three times slower
class Qualifiers:
    """What qualifies one figure."""

    bound: str
    qualifier: str
    value: int | None
    low: int | None
    high: int | None
    hedged: bool
    cumulative: bool
    projected: bool


def bound_of(figure: Figure, qualifier_bound: str | None) -> tuple[str, int | None, int | None, int | None]:
    """Bound, value, low and high of a figure given the bound of its qualifier.

    >>> from stats.figures import Figure
    >>> f = Figure("killed", "count", 60, 60, None, None, 0, 2, "", "person", False, 0, 0)
    >>> bound_of(f, "at_least")
    ('at_least', 60, 60, None)
    """
    bound = qualifier_bound or figure.number_bound
    if figure.kind == "vague":
        if bound == "at_least":
            return "at_least", figure.code, figure.code, None
        return "vague", None, figure.code, None
    if figure.kind == "range":
        return "range", figure.value, figure.value, figure.high
    v = figure.value
    if bound == "at_least":
        return "at_least", v, v, None
    if bound == "at_most":
        return "at_most", v, None, v
    return bound or "exact", v, v, v


def find_sources(sentence: str, lex: Lexicon, folded: str | None = None) -> list[tuple[int, str]]:
    """Attributions of a sentence: (position, source as written), pronouns kept as written.

    ``folded`` is the sentence folded (:func:`stats.numbers.fold`), if the caller has it.

    >>> from stats.lexicon import load_lexicon
    >>> find_sources("According to the UN refugee agency, 300 fled.", load_lexicon())
    [(0, 'UN refugee agency')]
    >>> find_sources("Police said 3 died, said Interior Minister Ali Musa.", load_lexicon())
    [(7, 'Police'), (20, 'Interior Minister Ali Musa')]
    """
    low = fold(sentence) if folded is None else folded
    found = []
    for m in lex.according_re.finditer(low):
        who = _phrase_after(sentence, m.end())
        if who:
            found.append((m.start(), who))
    for m in lex.source_verb_re.finditer(low):
        after = sentence[m.end():]
        if lex.trigger_re.match(low[m.end():].lstrip()):
            relative = _RELATIVE_SOURCE.search(sentence, 0, m.start())
            who = _LEADING.sub("", relative.group(1).strip()) if relative else ""
            if relative and who:
                found.append((relative.start(1), who))
            continue
        if re.match(r"\s*(?:to\s+(?:be|have)|as\b|responsibility\b|credit\b)", after):  # "claimed responsibility"
            continue
        if _DETERMINER_END.search(sentence, 0, m.start()):
            continue
        name = _phrase_before(sentence, m.start(), lex)
        if name is None:
            before = sentence[max(0, m.start() - _REACH): m.start()].rstrip()
            inverted = m.group().split()[0].lower() in _INVERTED
            apposition = _TRAILING_APPOSITION.search(before)
            if apposition and apposition.start() > 0:
                name = _phrase_before(before, apposition.start(), lex)
                parts = [p.strip() for p in apposition.group().split(",")]
                name = next((p for p in [name or "", *parts] if _PERSON_NAME.fullmatch(p)), name)
            if not name and inverted and (before == "" or before.endswith((",", "\"", "”", "'"))):
                name = _phrase_after(sentence, m.end())
        if name and name.lower() not in lex.not_sources and not _DIGIT.search(name) \
                and not lex.zero_re.match(fold(name)) and not _counts(name):
            found.append((m.start(), name))
    return sorted(found)


def _counts(name: str) -> bool:
    """Whether ``name`` is only a count ("FOURTEEN confirmed cases"), not a source ("two sources")."""
    first = next(iter(find_quantities(name)), None)
    return first is not None and (first.start, first.end) == (0, len(name)) and first.kind in ("count", "range")


def _phrase_after(s: str, pos: int) -> str:
    rest = s[pos:pos + _REACH].lstrip()
    stop = _NAME_END.search(rest)
    name = rest[: stop.start()] if stop else rest
    name = _LEADING.sub("", name.strip().rstrip(".").strip())
    return name if len(name.split()) <= 10 else ""


def _phrase_before(s: str, pos: int, lex: Lexicon) -> str | None:
    head = s[max(0, pos - _REACH):pos].rstrip()
    cut, last = 0, None
    for last in _SOURCE_STOP.finditer(head):
        cut = last.end()
    name = head[cut:].strip(" ,\"“”'")
    if last and last.group().lower() in ("in", "at", "from") and _COMMON_PLACE.fullmatch(name):
        return _phrase_before(head, last.start(), lex)  # "security officials IN THE AREA say"
    if _SOURCE_STOP.fullmatch(name):
        return None
    words = name.split()
    if not words or len(words) > 8:
        return None
    if words[-1].lower() in ("were", "was", "is", "are", "been", "be", "being", "has", "have", "had",
                             "a", "an", "the") or _CLAUSE_WORD.search(name):
        return None
    return _LEADING.sub("", name) or None


def _unbracketed(part: str) -> str:
    """``part`` with each parenthesis (innermost) made a space; most parts have none, and ``in`` is quick."""
    return _PARENTHESES.sub(" ", part) if "(" in part else part


def _projected(part: str, folded: str, lex: Lexicon) -> bool:
    """Whether ``part`` (``folded``: it folded) has a projection marker outside parentheses.

    ``projected_re`` ignores case, which ``re`` matches about half as fast.  In ASCII text a
    marker it finds, the case-sensitive ``projected_folded_re`` finds in the folded text (it
    finds "May" too, so it only says where to look): where that finds none, there is none.
    """
    if part.isascii() and not lex.projected_folded_re.search(_unbracketed(folded)):
        return False
    return bool(lex.projected_re.search(_unbracketed(part)))


def _hedges_outside_victims(figure: Figure, folded: str, a: int, b: int, lex: Lexicon) -> bool:
    """Whether a hedge of the stretch ``folded[a:b]`` stands outside the words that name the victims:
    "an ALLEGED murderer was killed" doubts who died, not that one did."""
    end = figure.end
    if figure.subject:
        at = folded.find(figure.subject.lower(), end, end + 40 + len(figure.subject))
        end = at + len(figure.subject) if at >= 0 else end
    return any(lex.hedge_clause_re.search(_unbracketed(part)) for part in (folded[a:figure.start], folded[end:b]))


def qualify(
    figure: Figure,
    text: str,
    folded: str,
    sentence_hedged: bool,
    stretch: tuple[int, int],
    lex: Lexicon,
    continued_cumulative: bool,
) -> Qualifiers:
    """Read the qualifiers of ``figure`` in ``text`` (the whole document; ``folded``: it folded).

    ``sentence_hedged`` says whether its sentence as a whole is hedged ("a
    figure that could not be independently verified"); ``stretch`` is the
    figure's own part of the sentence.
    """
    a, b = stretch
    begin = max(a, figure.start - 60)
    left = folded[begin:figure.start]
    maybe = lex.may_end_qualifier(folded, figure.start)
    m = lex.qualifier_before_re.search(left) if maybe else None
    filler = lex.filler_before_re.search(left) if maybe else None
    if not m and filler:
        m = lex.qualifier_before_re.search(left, 0, filler.start())
    qualifier, q_bound = "", None
    if m:
        qualifier = text[begin + m.start("q"):begin + m.end("q")]
        q_bound = lex.qualifier_before[re.sub(r"\s+", " ", m.group("q"))]
    else:
        after = lex.qualifier_after_re.match(folded, figure.end, min(len(text), figure.end + 20))
        if after:
            qualifier = text[after.start("q"):after.end("q")]
            q_bound = lex.qualifier_after[re.sub(r"\s+", " ", after.group("q"))]
    bound, value, low, high = bound_of(figure, q_bound)
    if figure.kind == "zero":
        bound, value, low, high = "exact", 0, 0, 0
    if figure.number_bound and not qualifier:
        qualifier = text[figure.start:figure.end]
    span = _unbracketed(folded[a:b])
    hedged = sentence_hedged or (bool(lex.hedge_clause_re.search(span)) and _hedges_outside_victims(figure, folded, a, b, lex))
    cumulative = continued_cumulative or bool(lex.cumulative_re.search(span))
    if cumulative and not continued_cumulative and folded.endswith("ing", figure.predicate_start, figure.predicate_end):
        # "since Oct. 7, when gunmen attacked, KILLING 1,400": the toll of the event a dating marker names
        cumulative = bool(lex.cumulative_undated_re.search(span))
    pred_end = max(figure.predicate_end, figure.end)
    projected = _projected(text[a:pred_end], folded[a:pred_end], lex)
    return Qualifiers(bound, qualifier, value, low, high, hedged, cumulative, projected)
