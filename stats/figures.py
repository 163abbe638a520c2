"""Find figures: numbers in a sentence that count victims of a category.

Stage 2 of the pipeline (read documents -> read numbers -> **find figures** ->
attach qualifiers -> claims table).  A *candidate* is a count read by
:mod:`stats.numbers`, a phrase of no one ("no one was killed") or one victim
named without a number ("a policeman", "the village chief", a person's name).
A candidate becomes a figure when a predicate of a category attaches to it:

1. an object verb or a toll noun right before it ("killed at least 12",
   "the death toll rose to 30");
2. a predicate after it, in the same clause ("60 soldiers had been killed",
   "43 deaths", "left 7 fighters dead");
3. a neighbour it is listed with ("4 militia members and 3 militants were
   killed"; "killed 3 soldiers and 2 civilians"; "29 people, including 10
   foreigners, were killed", where the 10 is a subset).

The words come from ``stats/rules/claims.toml`` through :mod:`stats.lexicon`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon, load_lexicon
from .numbers import COUNT_KINDS, find_quantities, fold

__all__ = ["Figure", "Triggers", "find_figures", "split_sentences"]

_SENTENCE_END = re.compile(
    r"""
    (?=[\s"'”’)\]])                      # every end starts at a space or a closing mark (a quick test)
    (?P<end>
        (?:\n[ \t]*\n)\s*                # a blank line ends a sentence and a paragraph
      | (?<=[.!?:;])[ \t]*\n\s*          # so does a line break after a stop
      | (?P<line>\n)(?=[ \t]*[A-Z])       # or after a short line (a heading, a list item)
      | (?<=[.!?])["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])   # a stop, space, a capital or digit
    )
    """,
    re.VERBOSE,
)
# In a text without a line break only the last kind of end occurs.  This is that branch, found
# from its stop: a pattern that starts with a character set lets ``re`` skip quickly to a stop.
_STOP_END = re.compile(
    r"""
    [.!?]
    (?P<end>["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9]))   # what _SENTENCE_END's last branch matches
    """,
    re.VERBOSE,
)
_SHORT_LINE = 60                                        # a line this short is a heading or an item
_BARE_NUMBER = re.compile(r"\s*[\d,. ]+\s*")            # a line that is only a number ("321")
_LAST_WORD = re.compile(r"([\w.]+)[.!?][\"'”’)\]]*$")    # the word a full stop ends
_WORD = re.compile(r"(?:\w\.){2,}|(?:[\w'’-]|\ufffd(?=\w)|(?<=\w)\ufffd)+")  # a word of a noun phrase ("U.S."; U+FFFD: a letter lost)
_AND_VERB = re.compile(r"\s+and\s+[a-z]+")               # "killed AND MUTILATED a guard"
_IN_NAME = re.compile(r"[A-Z][\w'’-]*\s+$")              # a capitalised word before a trigger
_CAPITALISED = re.compile(r"\s+[A-Z]")                   # a name goes on ("Revolutionary Guard Corps")
_APPOSITION = re.compile(r",\s*")                        # "Ali Musa, the mayor"
_IN_COMMAS = re.compile(r"[^,;]{0,80},")                 # a phrase closed by a comma
_ASIDE = re.compile(r",[^,;:()\d]{1,80}(?=,)")           # "Ali Musa, THE OWNER OF A SHOP, and his wife"
_PARTITIVE = re.compile(r"([\w-]+)\s+of\s+$", re.I)      # "members OF one family"
_COMMA = re.compile(r"\s*,\s*")
_WORDS_ONLY = re.compile(r"[\w\s'’-]*")                  # no punctuation
_WORD_BEFORE = re.compile(r"([\w'’-]+)\W*$")
_AGE = re.compile(r"[A-Z][\w'’-]+,\s*$")                 # "Ricardo Campos, 30, died": an age
_DETERMINER_START = re.compile(r"^(?:a|an|the|another|his|her|their|its)\s+", re.I)  # "a policeman"
_MAX_GAP_WORDS = 12                                     # words between a figure and its predicate
_NAME_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)+")  # "Works Agency": a name counts as one word
_REACH = 120                                            # how far back a qualifier, filler or toll link may start


#: The trigger matches of a sentence: (start, end, phrase as matched in the folded sentence).
Triggers = list[tuple[int, int, str]]


@dataclass(slots=True)  # not frozen: a frozen dataclass is built three times slower, and a figure is made per number
class Figure:
    """A count attached to a category, with offsets into the document.

    ``kind`` is ``count``, ``range``, ``vague``, ``zero`` or ``one`` (one victim
    named without a number).  ``start``/``end`` span the number's surface form;
    ``predicate_start``/``predicate_end`` the words that gave the category.
    """

    category: str
    kind: str
    value: int | None
    high: int | None
    code: int | None
    number_bound: str | None
    start: int
    end: int
    subject: str
    unit: str
    subset: bool
    predicate_start: int
    predicate_end: int


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    kind: str
    value: int | None
    high: int | None = None
    code: int | None = None
    bound: str | None = None
    subject_end: int = -1
    categories: tuple[str, ...] = ()
    how: str = ""
    predicate: tuple[int, int] = (0, 0)
    subset: bool = False
    listed: bool = False
    subject: str = ""
    unit: str = "person"


def split_sentences(text: str, lexicon: Lexicon | None = None) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``.

    >>> t = "Mr. Ali said 3 died. Police arrived.\\nNo one else was hurt."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Mr. Ali said 3 died.', 'Police arrived.', 'No one else was hurt.']
    """
    lex = lexicon or load_lexicon()
    spans, start = [], 0
    lines = "\n" in text
    for m in _SENTENCE_END.finditer(text) if lines else _STOP_END.finditer(text):
        end, found = m.start("end"), m.group("end")
        if lines and m.group("line"):
            line = text[text.rfind("\n", 0, end) + 1:end]
            if len(line) > _SHORT_LINE or _BARE_NUMBER.fullmatch(line):
                continue
        if found.strip() == "" and "\n" not in found:
            last = _LAST_WORD.search(text, max(start, end - 20), end)
            if last and last.group(1).lower().rstrip(".") in lex.grammar.abbreviations:
                continue
            if last and len(last.group(1)) == 1 and last.group(1).isupper():
                continue
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    stripped = []
    for a, b in spans:
        part = text[a:b]
        stripped.append((a + len(part) - len(part.lstrip()), a + len(part.rstrip())))
    return stripped


def _words_before(text: str, pos: int) -> str:
    start = max(0, pos - 60)
    end = pos
    while end > start and not (text[end - 1].isalnum() or text[end - 1] == "_"):
        end -= 1
    if end > start:  # the word of the last letter or digit: what _WORD_BEFORE finds, without a scan
        begin = end
        while begin > start and (text[begin - 1].isalnum() or text[begin - 1] in "_'’-"):
            begin -= 1
        while end < pos and text[end] in "'’-":
            end += 1
        return text[begin:end].lower()
    m = _WORD_BEFORE.search(text, start, pos)
    return m.group(1).lower() if m else ""


def _partitive(s: str, low: str, pos: int, lex: Lexicon) -> bool:
    """Whether people are counted by a partitive right before ``pos`` ("MEMBERS OF one family"),
    not by a toll ("the KILLERS OF five women"); the regex runs only where "of" ends the words."""
    if not (low[pos - 1:pos].isspace() and low[max(0, pos - 60):pos].rstrip().endswith("of")):
        return False
    m = _PARTITIVE.search(s, max(0, pos - 60), pos)
    return m is not None and lex.unit_of(m.group(1)) == "person" and f"{m.group(1).lower()} of" not in lex.triggers


def _candidates(s: str, low: str, lex: Lexicon, triggers: Triggers) -> list[_Candidate]:
    """Counts, zeros and single named victims of one sentence (``low``: it folded), in order."""
    found: list[_Candidate] = []
    # Every name has two capitalised words in a row: a sentence without them has no name to look for.
    names = lex.grammar.name_core.search(s) is not None
    for q in find_quantities(s, low):
        if q.kind not in COUNT_KINDS or q.value == 1 and lex.grammar.idiom_of_one.match(low, q.start):
            continue
        if _words_before(s, q.start) in lex.object_prepositions and not lex.trigger_re.match(low, q.end + 1):
            probe = _Candidate(q.start, q.end, q.kind, q.value)
            _attach_left(probe, s, low, lex)
            if probe.how != "toll":
                continue
        if s.startswith(",", q.end) and _AGE.search(s, max(0, q.start - 60), q.start):
            continue
        if _partitive(s, low, q.start, lex):
            continue
        found.append(_Candidate(q.start, q.end, q.kind, q.value, q.high, q.code, q.bound))
    # every zero phrase holds one of lex.zero_keys ("no", "zero"): most sentences need no scan
    for m in lex.zero_re.finditer(low) if any(k in low for k in lex.zero_keys) else ():
        zero = _Candidate(m.start(), m.end(), "zero", 0)
        category = lex.zero_predicates.get(" ".join(m.group().lower().split()))
        if category:
            zero.categories, zero.how, zero.predicate = (category,), "predicate", m.span()
        found.append(zero)
    counted = found[:]  # the counts and zeros: a number among an implicit one's words is the figure
    for m in lex.implicit_re.finditer(low):
        if _words_before(s, m.start()) in lex.object_prepositions or lex.source_verb_re.match(low, m.end() + 1):
            continue
        mods = m.group("mods")
        if _partitive(s, low, m.start(), lex):
            continue
        window = max(0, m.start() - _REACH)
        if s.rfind("(", window, m.start()) > s.rfind(")", window, m.start()):
            continue
        if lex.grammar.count_or_aux.search(mods) or lex.trigger_re.search(mods) \
                or any(m.start() < c.start < m.start("noun") for c in counted):  # "the clash left ONE herder"
            continue
        if _CAPITALISED.match(s, m.end()):
            continue
        count = 2 if m.group("noun").lower() in lex.pairs else 1
        found.append(_Candidate(m.start(), m.start("noun"), "one", count, subject_end=m.end()))
    # "one was killed and ANOTHER wounded", "shot dead two and wounded ANOTHER": one victim more
    for m in lex.grammar.lone_other.finditer(low) if "other" in low else ():
        if m.group("tail") is not None or lex.trigger_re.match(low, m.end() + 1):
            found.append(_Candidate(m.start(), m.end(), "one", 1, subject_end=m.end()))
    for clause in lex.grammar.clause_start.finditer(s) if names else ():
        name = lex.grammar.name.match(s, clause.end())
        if name and s[name.start():].split(None, 1)[0].lower() not in lex.not_name_starts and not lex.trigger_re.match(low, name.start()):
            found.append(_Candidate(name.start(), name.start(), "one", 1, subject_end=name.end("np")))
    for _, end, phrase in triggers if names else ():
        trig = lex.trigger(phrase)
        if trig.before or (trig.toll and phrase.lower().endswith(" of")):
            name = lex.grammar.name.match(s, end + 1)
            if name and (s[name.start()].isupper() or any(lex.unit_of(w) == "person" for w in name.group().split())) \
                    and s[end:end + 1] == " ":
                found.append(_Candidate(name.start(), name.start(), "one", 1, subject_end=name.end("np")))
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[_Candidate] = []
    for c in found:
        if kept and c.start < max(kept[-1].end, kept[-1].subject_end):
            continue
        if kept and c.kind == kept[-1].kind == "one" and _APPOSITION.fullmatch(s, kept[-1].subject_end, c.start):
            continue
        if kept and c.kind == "one" and _IN_COMMAS.match(s, c.subject_end) and s[max(0, c.start - 10):c.start].rstrip().endswith(","):
            continue
        kept.append(c)
    return kept


def _subject(s: str, start: int, limit: int, lex: Lexicon) -> tuple[str, int]:
    """The victims' noun phrase from ``start`` (skipping "of"), and where it ends."""
    words: list[str] = []
    end = start
    for m in _WORD.finditer(s, start, limit):
        w = m.group().lower()
        if s[end:m.start()].strip(" \"'“”"):  # "killing two, before his gun jammed": no noun of the victims
            break
        if not words and w in ("of", "de"):  # "dozens OF people", "un centenar DE casas"
            end = m.end()
            continue
        if w == "and" and words and lex.unit_of(words[-1]) == "person":
            following = _WORD.match(s, m.end() + 1)
            if following and lex.unit_of(following.group()) == "person":
                words.append(m.group())
                end = m.end()
                continue
        # a word is a whole trigger when it is one of the phrases (``trigger_re.fullmatch``, without a scan)
        if w in lex.subject_stops or (w in lex.triggers and not (words and w in lex.nominal)):
            break
        words.append(m.group())
        end = m.end()
        if len(words) == 6:
            break
    while words and words[0].lower() in lex.others:
        words.pop(0)
    while words and words[0].lower() in ("the", "a", "an", "its", "their", "of"):
        words.pop(0)
    return " ".join(words), end


def _unit(subject: str, lex: Lexicon) -> str | None:
    for w in reversed(subject.lower().split()):
        unit = lex.unit_of(w)
        if unit:
            return unit
    return None


def _strip_left(low: str, pos: int, lex: Lexicon) -> int:
    """Where the words before ``pos`` in folded ``low`` stop being qualifiers and fillers."""
    while True:
        if not lex.may_end_qualifier(low, pos):
            return pos
        reach = max(0, pos - _REACH)
        m = lex.qualifier_before_re.search(low, reach, pos) or lex.filler_before_re.search(low, reach, pos)
        if not m or m.start() == pos:
            return pos
        pos = m.start()


def _last_trigger(head: str, reach: int, lex: Lexicon) -> re.Match[str] | None:
    """The last trigger among the final ``reach`` characters of folded ``head``."""
    m = None
    for m in lex.trigger_re.finditer(head, max(0, len(head) - reach)):
        pass
    return m


def _attach_left(c: _Candidate, s: str, low: str, lex: Lexicon, left: int | None = None) -> None:
    """An object verb or a toll right before the candidate gives its category.

    ``left`` is ``_strip_left(low, c.start, lex)``, if the caller has it.
    """
    pos = _strip_left(low, c.start, lex) if left is None else left
    comma = low.rfind(",", max(0, pos - 3), pos)  # "the evacuation of, according to the latest data, 17,631 people"
    opening = low.rfind(",", max(0, comma - 100), comma) if comma > 0 else -1
    if opening >= 0 and lex.aside_before_re.match(low, opening, pos):
        pos = _strip_left(low, opening, lex)
    base = max(0, pos - _REACH)
    head = s[base:pos].rstrip(" ,:")
    head_low = low[base:base + len(head)]
    m = _last_trigger(head_low, 40, lex)
    if m and m.end() != len(head):
        joined = _AND_VERB.fullmatch(head, m.end()) or lex.grammar.pronoun_and.fullmatch(head, m.end())
        m = m if joined else None
    if m and lex.not_event_re.search(head_low, max(0, m.start() - 40), m.start()):
        return
    if m:
        trig = lex.trigger(m.group())
        last = m.group().split()[-1].lower()
        if not trig.before and last in lex.triggers:
            trig = lex.triggers[last]
        if trig.before and "," not in s[base + m.end():pos]:
            c.categories, c.how, c.predicate = tuple(sorted(trig.before)), "object", (base + m.start(), base + m.end())
            return
        if trig.toll and not trig.before and not trig.after:
            c.categories, c.how, c.predicate = tuple(sorted(trig.toll)), "toll", (base + m.start(), base + m.end())
            return
    # toll_link_re ends the head: its last word must (str.endswith is quicker than the search)
    link = lex.toll_link_re.search(head_low) if head_low.rstrip().endswith(lex.toll_link_ends) else None
    if link:
        head2 = head[: link.start()].rstrip(" ,")
        m = _last_trigger(head_low[: len(head2)], 80, lex)
        rest = head2[m.end():].strip() if m else ""
        if m and (not rest or lex.grammar.toll_phrase.fullmatch(head2, m.end()) or lex.unit_of(rest)) \
                and lex.trigger(m.group()).toll:
            c.categories = tuple(sorted(lex.trigger(m.group()).toll))
            c.how, c.predicate = "toll", (base + m.start(), base + m.end())


def _gap_words(gap: str) -> int:
    """Words in ``gap``; in a long gap, a name of several capitalised words counts as one.

    >>> _gap_words(" staff of the U.N. Relief and Works Agency for Palestine Refugees have been ")
    10
    """
    words = len(gap.split())
    return len(_NAME_RUN.sub("N", gap).split()) if words > _MAX_GAP_WORDS else words


def _attach_right(c: _Candidate, s: str, low: str, limit: int, lex: Lexicon, next_left: int | None = None) -> None:
    """The first predicate after the candidate, in its clause, gives its category.

    ``next_left`` is where the next candidate's qualifiers and fillers start (``_strip_left``), if there is one.
    """
    begin = max(c.end, c.subject_end)
    comma = low.find(",", begin, limit)  # "7 people, INCLUDING A DRUG TRAFFICKER ..., were killed": skip the aside
    if comma >= 0 and len(low[begin:comma].split()) <= 6 and _WORDS_ONLY.fullmatch(low, begin, comma):
        aside = lex.subset_aside_re.match(low, comma, limit)
        if aside and not lex.trigger_re.search(low, begin, comma):
            begin = aside.end()
    for m in lex.trigger_re.finditer(low, begin, limit):
        trig = lex.trigger(m.group())
        gap, gap_low = s[begin:m.start()], low[begin:m.start()]
        blank = not gap_low.strip()  # "3 deaths": a gap of spaces holds no breaker, verb or determiner
        if not blank and (lex.breaker_re.search(lex.coordinate_re.sub(" ", gap_low)) or _gap_words(gap) > _MAX_GAP_WORDS):
            return
        reporting = None if blank else lex.source_verb_re.search(gap_low)
        if reporting and not lex.grammar.passive_report.match(gap, reporting.end()):
            return
        if lex.not_event_re.search(low, max(0, m.start() - 40), m.start()):
            return
        if s[m.start()].isupper() and _IN_NAME.search(s, max(begin, m.start() - 40), m.start()) \
                or not blank and lex.grammar.determiner_end.search(gap):
            continue
        if c.kind == "one" and not (_singular(gap, lex) or (c.listed and not lex.breaker_re.search(gap_low))):
            return
        if next_left is not None and trig.before and not s[m.end():next_left].strip():
            return
        if trig.toll and not (trig.after or trig.before) and not gap.strip() and c.kind != "one":
            verb = lex.trigger_re.search(low, m.end(), limit)  # "9 displaced people were KILLED": only victims
            if not (verb and lex.trigger(verb.group()).after and not lex.breaker_re.search(low, m.end(), verb.start())):
                c.categories, c.how, c.predicate = tuple(sorted(trig.toll)), "predicate", m.span()  # "3,000 IDPs"
                return
            continue
        if m.group().lower() in lex.nominal:
            verb = lex.trigger_re.search(low, m.end(), limit)
            if verb and lex.trigger(verb.group()).after and not lex.breaker_re.search(low, m.end(), verb.start()) \
                    and len(s[m.end():verb.start()].split()) <= 6 and "," not in s[m.end():verb.start()]:
                trig, m = lex.trigger(verb.group()), verb
        if trig.after and not gap.strip() and c.kind != "one":
            verbal = lex.grammar.verbal.match(s, m.end())
            later = lex.trigger_re.search(low, verbal.end(), limit) if verbal else None
            if verbal and later and later.start() == verbal.end() and lex.trigger(later.group()).after:
                trig, m = lex.trigger(later.group()), later
        if trig.before and not lex.grammar.aux.search(s, begin, m.start()) and _active_object(s, m.end(), lex):
            return
        if trig.after:
            c.categories, c.how, c.predicate = tuple(sorted(trig.after)), "predicate", m.span()
            pos = m.end()
            # a chain starts with one of its words: without one, no trigger after can chain
            chained = lex.chain_open_re.match(low, pos) and lex.trigger_re.search(low, pos, min(len(s), pos + _REACH))
            while chained and lex.chain_re.match(low[pos:chained.start()]):
                c.categories = tuple(sorted(set(c.categories) | lex.trigger(chained.group()).after))
                pos = chained.end()
                chained = lex.trigger_re.search(low, pos, min(len(s), pos + _REACH))
            return


def _singular(gap: str, lex: Lexicon) -> bool:
    """Whether the words between one victim and its predicate keep to one ("was", an apposition)."""
    if lex.grammar.singular_gap.match(gap):
        return True
    return bool(lex.grammar.singular_end.search(gap)) and not lex.grammar.plural.search(gap) and len(gap.split()) <= 16


def _active_object(s: str, pos: int, lex: Lexicon) -> bool:
    """Whether a verb ending at ``pos`` takes an object ("gunmen KILLED a farmer"): active voice."""
    m = lex.grammar.active_object.match(s, pos)
    return m is not None and not (m.group(1)[0].isupper() and m.group(1).lower() in lex.not_name_starts)


def _linked(s: str, low: str, a: int, b: int, lex: Lexicon) -> bool:
    """Whether the words of ``s[a:b]`` (``low``: ``s`` folded) only list two candidates ("and", ", including").

    A name of several capitalised words counts as one word ("20 families in Jom Phra District and 50").
    """
    gap = low[a:b]
    if lex.breaker_re.search(lex.coordinate_re.sub(" ", gap)) or lex.grammar.digit_or_aux.search(gap):
        return False
    link = lex.link_end_re.search(gap) or lex.subset_before_re.search(gap)
    return link is not None and len(_NAME_RUN.sub("N", s[a:a + link.start()]).split()) <= 4


def find_figures(s: str, offset: int, lex: Lexicon, folded: str | None = None,
                 triggers: Triggers | None = None) -> list[Figure]:
    """The figures of one sentence ``s`` that starts at ``offset`` in its document.

    ``folded`` is ``s`` folded and ``triggers`` its trigger matches, if the caller has them.
    """
    low = fold(s) if folded is None else folded
    if triggers is None:
        triggers = [(m.start(), m.end(), m.group()) for m in lex.trigger_re.finditer(low)]
    cands = _candidates(s, low, lex, triggers)
    lefts = [_strip_left(low, c.start, lex) for c in cands]  # where each one's qualifiers and fillers start
    for p, c in zip(cands, cands[1:]):
        c.listed = c.kind == "one" and bool(lex.grammar.joined.fullmatch(s[max(p.end, p.subject_end):c.start]))
    for i, c in enumerate(cands):
        prev_end = cands[i - 1].end if i else 0
        c.subset = bool(i and lex.subset_before_re.search(low[prev_end:lefts[i]]))
        c.subset = c.subset or bool(i and lex.subset_after_re.match(low, c.end))
    following: list[int | None] = [None] * len(cands)  # the index of the next candidate that is not a subset
    for i in range(len(cands) - 2, -1, -1):
        following[i] = following[i + 1] if cands[i + 1].subset else i + 1
    for i, c in enumerate(cands):
        j = following[i]
        if c.kind != "one" or c.start > 0 or c.subject_end <= c.end:
            _attach_left(c, s, low, lex, lefts[i])
        if c.kind == "one" and c.end == c.start and not c.categories:
            c.end = c.subject_end
        if not c.categories:
            if j is None:
                _attach_right(c, s, low, len(s), lex)
            else:
                _attach_right(c, s, low, cands[j].start, lex, lefts[j])
    whole = None
    for c in cands:
        if c.subset and not c.categories and whole is not None:
            c.categories, c.how, c.predicate = whole.categories, "listed", whole.predicate
        if c.categories and not c.subset:
            whole = c
    for i in range(len(cands) - 2, -1, -1):
        c, n = cands[i], cands[i + 1]
        if c.kind == "one" and not lex.grammar.joined.fullmatch(s[c.subject_end:n.start]):
            continue
        if not c.categories and n.categories and n.how in ("predicate", "inherited") and _linked(
            s, low, c.end, lefts[i + 1], lex
        ):
            c.categories, c.how, c.predicate = n.categories, "inherited", n.predicate
    for i in range(1, len(cands)):
        c, p = cands[i], cands[i - 1]
        if c.kind == "one" and not lex.grammar.joined.search(s[max(p.end, p.subject_end):c.start]):
            continue
        aside = _ASIDE.match(s, p.subject_end) if p.kind == "one" else None
        if not c.categories and p.categories and p.how in ("object", "toll", "listed") and _linked(
            s, low, aside.end() if aside else p.end, c.start, lex
        ):
            c.categories, c.how, c.predicate = p.categories, "listed", p.predicate
            c.subset = c.subset or p.subset
    for i in range(1, len(cands)):
        c, p = cands[i], cands[i - 1]
        left = lefts[i]
        if not c.categories and p.categories and lex.total_before_re.search(low, max(0, left - _REACH), left):
            c.categories, c.how, c.predicate = p.categories, "toll", p.predicate
            for part in cands[:i]:
                part.subset = part.subset or part.categories == c.categories
            continue
        if c.categories or not p.categories or c.kind == "one":
            continue
        gap = s[max(p.end, p.predicate[1]):c.start]
        if lex.grammar.gapped.fullmatch(gap) and lex.grammar.gap_tail.match(s, c.end):
            c.categories, c.how, c.predicate = p.categories, "listed", p.predicate
        elif lex.grammar.of_the.search(s, max(0, p.start - 30), p.start) and _COMMA.fullmatch(gap):
            c.categories, c.how, c.predicate, c.subset = p.categories, "listed", p.predicate, True
    figures: list[Figure] = []
    for c in cands:
        if not c.categories:
            continue
        figures.extend(_figures_of(c, s, offset, lex, figures[-1].unit if figures else None))
    return figures


def _figures_of(c: _Candidate, s: str, offset: int, lex: Lexicon, unit_before: str | None) -> list[Figure]:
    """The figures of a candidate, one per category; "50 others" are of the unit of the figure before."""
    if c.kind == "one":
        np = s[c.start:c.subject_end]
        subject = _DETERMINER_START.sub("", np)
        if c.start == c.end == 0:
            subject = np
        number_start, number_end = c.start, c.subject_end
    else:
        limit = c.predicate[0] if c.predicate[0] > c.end else len(s)
        subject, _ = _subject(s, c.end, limit, lex)
        number_start, number_end = c.start, c.end
        if not subject and c.predicate[0] >= c.end and not s[c.end:c.predicate[0]].strip():
            subject, _ = _subject(s, c.predicate[1], len(s), lex)
            if _unit(subject, lex) is None:
                last = s[c.predicate[0]:c.predicate[1]].split()[-1]  # "3,000 displaced PEOPLE": the toll names them
                subject = last if lex.unit_of(last) else ""
        if not subject and c.how == "toll":
            named = _WORD.match(s, c.predicate[1] + 1)
            subject = named.group() if named and lex.unit_of(named.group()) else ""
    unit = None  # the unit of the last word that has one (_unit), unless a word after it is no victim
    for word in reversed(subject.lower().split()):
        if word in lex.not_victims:
            return []
        unit = lex.unit_of(word)
        if unit:
            break
    if unit is None and c.kind != "one":
        after = _WORD.match(s, c.end + 1)
        unit = unit_before if after and after.group().lower() in lex.others else None
    out = []
    for category in c.categories:
        allowed = lex.category_units[category]
        u = unit or ("dwelling" if "dwelling" in allowed and "person" not in allowed else "person")
        if u not in allowed:
            continue
        out.append(
            Figure(
                category=category, kind=c.kind, value=c.value, high=c.high, code=c.code,
                number_bound=c.bound, start=offset + number_start, end=offset + number_end,
                subject=subject, unit=u, subset=c.subset,
                predicate_start=offset + c.predicate[0], predicate_end=offset + c.predicate[1],
            )
        )
    return out

