"""Load and validate the rules in ``stats/rules/claims.toml``.

The rules are data: this module only checks them and compiles them, once,
into a frozen :class:`Lexicon` that the extraction stages read.

>>> lex = load_lexicon()
>>> lex.triggers["wounded"].after
frozenset({'injured'})
>>> lex.unit_of("families")
'household'
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from .rulefiles import Checker, phrase_alternation as _phrases, read_toml

__all__ = ["Grammar", "Lexicon", "Trigger", "load_lexicon", "RULES_FILE", "CATEGORIES", "EXTRA_CATEGORIES", "BOUNDS",
           "UNITS"]

RULES_FILE = "claims.toml"

#: The categories, bounds and units of the output contract.
CATEGORIES = (
    "killed", "injured", "missing", "detained", "abducted", "displaced", "refugees",
    "evacuated", "returned", "sheltered", "homeless", "housing_destroyed",
    "housing_damaged", "affected",
)
#: Categories outside the contract that the extractor still reports, so that no figure is
#: lost: people "shot" or "casualties" the text does not say were killed or injured.
EXTRA_CATEGORIES = ("casualties",)
BOUNDS = ("exact", "at_least", "at_most", "approx", "range", "vague")
UNITS = ("person", "household", "dwelling")


@dataclass(frozen=True, slots=True)
class Trigger:
    """The categories a trigger phrase gives, by where it stands from the number."""

    after: frozenset[str]
    before: frozenset[str]
    toll: frozenset[str]


@dataclass(frozen=True)
class Grammar:
    """Patterns built from the function words in the ``[grammar]`` section."""

    abbreviations: frozenset[str]
    aux: re.Pattern[str]
    singular_end: re.Pattern[str]
    plural: re.Pattern[str]
    count_or_aux: re.Pattern[str]
    digit_or_aux: re.Pattern[str]
    verbal: re.Pattern[str]
    active_object: re.Pattern[str]
    determiner_end: re.Pattern[str]
    passive_report: re.Pattern[str]
    toll_phrase: re.Pattern[str]
    gapped: re.Pattern[str]
    gap_tail: re.Pattern[str]
    of_the: re.Pattern[str]
    singular_gap: re.Pattern[str]
    joined: re.Pattern[str]
    clause_start: re.Pattern[str]
    name: re.Pattern[str]
    name_core: re.Pattern[str]
    pronoun_and: re.Pattern[str]
    lone_other: re.Pattern[str]
    idiom_of_one: re.Pattern[str]


@dataclass(frozen=True)
class Lexicon:
    """Compiled rules.

    The ``*_re`` regexes are case-sensitive and match *folded* text
    (:func:`stats.numbers.fold`: lower-cased, every offset kept), which
    ``re`` scans about twice as fast as it does a case-insensitive pattern;
    all but ``projected_re``, whose markers may ask for case ("may" but not
    "May"): it and the ``grammar`` patterns match the original text
    (``projected_folded_re``, its markers blind to case, is a quick test of
    the folded text).  ``zero_keys``, ``toll_link_ends``, ``chain_open_re``
    and ``grammar.name_core`` are quick tests too: where they fail, the
    pattern they stand before cannot match.
    """

    source: str
    triggers: Mapping[str, Trigger]
    category_units: Mapping[str, frozenset[str]]
    noun_units: Mapping[str, str]
    pairs: frozenset[str]
    not_victims: frozenset[str]
    others: frozenset[str]
    trigger_re: re.Pattern[str]
    qualifier_before_re: re.Pattern[str]
    qualifier_before: Mapping[str, str]
    qualifier_after_re: re.Pattern[str]
    qualifier_after: Mapping[str, str]
    filler_before_re: re.Pattern[str]
    left_ends: tuple[str, ...]
    toll_link_re: re.Pattern[str]
    aside_before_re: re.Pattern[str]
    toll_link_ends: tuple[str, ...]
    subset_before_re: re.Pattern[str]
    subset_after_re: re.Pattern[str]
    subset_aside_re: re.Pattern[str]
    total_before_re: re.Pattern[str]
    coordinate_re: re.Pattern[str]
    link_end_re: re.Pattern[str]
    chain_re: re.Pattern[str]
    hedge_clause_re: re.Pattern[str]
    hedge_sentence_re: re.Pattern[str]
    source_verb_re: re.Pattern[str]
    according_re: re.Pattern[str]
    closing_attribution_re: re.Pattern[str]
    attribution_re: re.Pattern[str]
    trigger_or_attribution_re: re.Pattern[str]
    attribution_openers: frozenset[str] | None
    pronouns: frozenset[str]
    not_sources: frozenset[str]
    carry_over_re: re.Pattern[str]
    passive_report_re: re.Pattern[str]
    cumulative_re: re.Pattern[str]
    cumulative_undated_re: re.Pattern[str]
    continuation_re: re.Pattern[str]
    projected_re: re.Pattern[str]
    projected_folded_re: re.Pattern[str]
    chain_open_re: re.Pattern[str]
    zero_re: re.Pattern[str]
    zero_keys: tuple[str, ...]
    zero_predicates: Mapping[str, str]
    breaker_re: re.Pattern[str]
    implicit_re: re.Pattern[str]
    object_prepositions: frozenset[str]
    not_name_starts: frozenset[str]
    not_event_re: re.Pattern[str]
    nominal: frozenset[str]
    subject_stops: frozenset[str]
    grammar: Grammar
    additive_re: re.Pattern[str]
    update_re: re.Pattern[str]
    days_re: re.Pattern[str]
    other_event_re: re.Pattern[str]

    def trigger(self, phrase: str) -> Trigger:
        """The trigger a matched phrase stands for, whatever its case and spacing."""
        found = self.triggers.get(phrase)  # a folded match with single spaces: most of them
        return found if found is not None else \
            self.triggers[" ".join(w for w in phrase.lower().split() if not w[0].isdigit())]

    def may_end_qualifier(self, low: str, pos: int) -> bool:
        """Whether folded ``low`` may end a qualifier or a filler at ``pos``: a quick test before the regexes.

        >>> lex = load_lexicon()
        >>> lex.may_end_qualifier("killed at least 5", 15), lex.may_end_qualifier("killed 5", 7)
        (True, False)
        """
        tail = low[max(0, pos - 40):pos].rstrip()
        while tail.endswith(","):
            tail = tail[:-1].rstrip()
        return tail.endswith(self.left_ends)

    def unit_of(self, noun: str) -> str | None:
        """The unit a victim noun names (``person``, ``household``, ``dwelling``), if known."""
        return self.noun_units.get(noun.lower())


def _trigger_words(words: list[str]) -> str:
    """Trigger phrases; a count may follow "in" inside one ("in 120 evacuation centres")."""
    count_gap = r"\s+(?:\d[\d,]*\s+)?"
    alternation = _phrases(words, lambda word: count_gap if word in ("in", "into") else r"\s+")
    return rf"(?<![\w-])(?:{alternation})(?!\w|-\w)"


def _words(words: list[str]) -> str:
    return rf"(?<![\w-])(?:{_phrases(words)})(?!\w|-\w)"


def _openers_inside(phrases: list[str], others: list[str]) -> frozenset[str] | None:
    """The words of ``phrases`` that open a phrase of ``others``: where a match of ``others`` may
    start at or inside a match of ``phrases`` ("confirmed" of "confirmed dead").

    ``None`` when that cannot be told from the words: a phrase has a character other than a
    letter, a digit, a hyphen, a space or U+FFFD (a lost letter, :func:`stats.rulefiles.damaged`),
    or a phrase of ``others`` opens with a digit.

    >>> sorted(_openers_inside(["confirmed dead", "held as hostages"], ["confirmed", "as reported by"]))
    ['as', 'confirmed']
    """
    openers = {o.split()[0] for o in others}
    if any(not ch.isalnum() and ch not in " -\ufffd" for p in phrases for ch in p) or any(w[0].isdigit() for w in openers):
        return None
    return frozenset(w for p in phrases for w in p.split() if w in openers)


def _keys(phrases: list[str]) -> tuple[str, ...]:
    """Words one of which every phrase has as it is written: a quick ``in`` test before a scan.

    >>> _keys(["no one", "nobody", "not a single person", "zero"])
    ('no', 'zero')
    """
    firsts = sorted({p.split()[0] for p in phrases}, key=len)
    keys: list[str] = []
    for word in firsts:
        if not any(k in word for k in keys):
            keys.append(word)
    return tuple(keys)


def _plural(noun: str, irregular: Mapping[str, str]) -> str:
    head, _, last = noun.rpartition(" ")
    prefix = f"{head} " if head else ""
    if last in irregular:
        return prefix + irregular[last]
    if last.endswith("man") and not last.endswith("human"):
        return prefix + last[:-3] + "men"
    if last.endswith(("s", "sh", "ch", "x", "z")):
        return prefix + last + "es"
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        return prefix + last[:-1] + "ies"
    return prefix + last + "s"


def _grammar(c: Checker) -> Grammar:
    """Compile the patterns of :mod:`stats.figures` from the ``[grammar]`` word lists."""

    def alt(key: str) -> str:
        return _phrases(c.strings(f"grammar.{key}"))

    # before a lone "another", the words that make an idiom of it: a look-behind each, each its own width
    not_in_idiom = "".join(rf"(?<!{re.escape(w)}\s)" for w in c.strings("grammar.lone_other_not_after"))
    tokens = sorted({w for key in ("singular_auxiliaries", "plural_auxiliaries")
                     for p in c.strings(f"grammar.{key}") for w in p.split()} | {"of"})
    aux_or_of = rf"\b(?:{_phrases(tokens)})\b"
    singular = alt("singular_auxiliaries")
    return Grammar(
        abbreviations=frozenset(c.strings("grammar.abbreviations")),
        aux=re.compile(rf"\b(?:{alt('auxiliaries')})\b", re.I),
        singular_end=re.compile(rf"\b(?:{singular})\s+(?:[\w-]+\s+){{0,3}}$"),
        plural=re.compile(rf"\b(?:{alt('plural_auxiliaries')})\b"),
        count_or_aux=re.compile(rf"(?<![\w-])\d[\d,.]*(?![\w-])|{aux_or_of}", re.I),
        digit_or_aux=re.compile(rf"\d|{aux_or_of}", re.I),
        verbal=re.compile(
            rf"""\s+[\w'’-]+(?:\s+[\w'’()-]+){{0,8}}?\s+   # the victims' noun and what qualifies it
            (?:{alt('perfect_auxiliaries')})\s+(?:\w+ly\s+)?  # a verb of their own""",
            re.VERBOSE,
        ),
        active_object=re.compile(
            rf"""(?:\s+(?:to\s+death|alive))?                                 # "lynched to death"
            \s+(?:(?:and|then)\s+[a-z]+(?:\s+(?:to\s+death|alive))?           # "lynched and burned to death"
            (?:\s+(?:and|then)\s+[a-z]+)?\s+)?                                 # "lynched and killed"
            ({alt('object_openers')}|\d[\d,.]*|[A-Z][\w'’-]*)\b                 # the object's first word""",
            re.VERBOSE,
        ),
        determiner_end=re.compile(rf"\b(?:{alt('determiners')})\s+$", re.I),
        passive_report=re.compile(rf"(?:\s+(?:{alt('passive_reports')}))?\s*$"),
        toll_phrase=re.compile(rf"\s+(?:{alt('toll_prepositions')})\s+[^,;]{{1,50}}"),
        gapped=re.compile(
            rf"(?:\s+(?:{alt('place_prepositions')})\s+[^,;]{{1,40}}?)?(?:,\s*|\s+)and\s+|,\s*", re.I
        ),
        gap_tail=re.compile(rf"\s+(?:{alt('place_prepositions')})\b|\s*[,.;]|\s*$"),
        of_the=re.compile(rf"(?:^|,\s*)of\s+(?:{alt('partitives')})\s+$", re.I),
        singular_gap=re.compile(
            rf"""^\s*
            (?:,[^,;]{{1,90}},\s*)?                                  # an apposition: ", Ali Hassan,"
            (?:(?:{alt('naming')})\s+(?:[A-Z][\w'’-]+\s*)+)?         # "named Mia Schem"
            (?:(?:{alt('relatives')})\s+)?                           # "who"
            (?:(?:{singular}|had|has|being|{alt('adverbs')}|[a-z]+ly)\s+)*$  # "was reportedly"
            """,
            re.VERBOSE,
        ),
        joined=re.compile(rf"(?:\s*,[^;:()]{{1,90}},)?[^,;:()]*\s(?:{alt('joiners')})\s+", re.I),
        pronoun_and=re.compile(rf"\s+(?:{alt('object_pronouns')})\s+and"),
        idiom_of_one=re.compile(rf"(?:{alt('idioms_of_one')})(?![\w-])"),
        lone_other=re.compile(
            rf"""(?<![\w-]){not_in_idiom}(?:{alt('lone_others')})(?![\w-])  # not "one another", "one after another"
            (?P<tail>(?=\s*(?:[,.;:)]|$)|\s+(?:{alt('lone_other_followers')})\b))?  # what may stand after it alone""",
            re.VERBOSE,
        ),
        # "..., INCLUDING General Ali Musa": a name may follow a subset link after a comma
        clause_start=re.compile(rf"^|,\s+(?:(?:{_phrases(c.strings('links.subset'))})\s+)?|\b(?:{alt('complementizers')})\s+"),
        name=re.compile(
            rf"""
            (?P<np>(?:(?:[A-Z][\w'’.-]*|\([A-Z][\w.]*\)|al-\w+|[a-z]{{3,}})\s+){{0,5}}   # a title or modifiers, "(ANP)"
            [A-Z][\w'’-]+(?:\s+(?:(?:{alt('name_particles')})\s*)?[A-Z][\w'’-]+)+)  # a name of 2+ words
            """,
            re.VERBOSE,
        ),
        # What every match of ``name`` holds: a quick test that a sentence may name someone.
        name_core=re.compile(rf"[A-Z][\w'’-]+\s+(?:(?:{alt('name_particles')})\s*)?[A-Z][\w'’-]+"),
    )


def _build(tree: dict[str, Any], source: str) -> Lexicon:
    c = Checker(tree, source)
    categories = c.get("categories", dict)
    unknown = set(categories) - set(CATEGORIES) - set(EXTRA_CATEGORIES)
    if unknown:
        raise c.fail("categories", f"unknown categories {sorted(unknown)}")
    roles: dict[str, dict[str, set[str]]] = {}
    category_units = {}
    for cat in categories:
        for role in ("after", "before", "tolls"):
            for phrase in c.strings(f"categories.{cat}.{role}"):
                roles.setdefault(phrase, {"after": set(), "before": set(), "tolls": set()})[role].add(cat)
        units = c.strings(f"categories.{cat}.units")
        if not set(units) <= set(UNITS):
            raise c.fail(f"categories.{cat}.units", f"units must be among {UNITS}")
        category_units[cat] = frozenset(units)
    triggers = {
        p: Trigger(frozenset(r["after"]), frozenset(r["before"]), frozenset(r["tolls"]))
        for p, r in roles.items()
    }

    irregular = {}
    for pair in c.get("nouns.irregular_plurals"):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            raise c.fail("nouns.irregular_plurals", f"entries must be [singular, plural], got {pair!r}")
        irregular[pair[0]] = pair[1]
    noun_units: dict[str, str] = {}
    singular_persons = set()
    for unit in UNITS:
        for noun in c.strings(f"nouns.{unit}"):
            for form in (noun, _plural(noun, irregular)):
                if noun_units.get(form, unit) != unit:
                    raise c.fail(f"nouns.{unit}", f"{form!r} is also a {noun_units[form]} noun")
                noun_units[form] = unit
            if unit == "person":
                singular_persons.add(noun)
    singular_persons -= {_plural(n, irregular) for n in singular_persons} - {n for n in singular_persons if _plural(n, irregular) == n}
    not_victims = set()
    for noun in c.strings("nouns.not_victims"):
        not_victims |= {noun, _plural(noun, irregular)}

    def bounded(section: str) -> tuple[dict[str, str], str]:
        table = c.get(section, dict)
        phrases = {}
        for bound in table:
            if bound not in BOUNDS:
                raise c.fail(f"{section}.{bound}", f"bound must be among {BOUNDS}")
            for p in c.strings(f"{section}.{bound}"):
                phrases[re.sub(r"\s+", " ", p)] = bound
        return phrases, _phrases(list(phrases))

    q_before, q_before_alt = bounded("qualifiers.before_number")
    q_after, q_after_alt = bounded("qualifiers.after_number")
    zero_predicates = c.get("zero.predicates", dict)
    for phrase, cat in zero_predicates.items():
        if cat not in CATEGORIES + EXTRA_CATEGORIES:
            raise c.fail("zero.predicates", f"{phrase!r}: unknown category {cat!r}")
    singular_alt = _phrases(sorted(singular_persons | set(c.strings("nouns.pairs"))))
    trigger_words = _trigger_words(list(triggers))
    according = _words(c.strings("sources.according"))
    reporting = c.strings("sources.according") + c.strings("sources.verbs")
    markers, dating = c.patterns("cumulative.markers"), c.patterns("cumulative.dating")
    implicit = rf"""
        (?<![\w-])(?P<det>a|an|the|another|his|her|their)\s+   # a determiner of one
        (?P<mods>(?:(?!(?:a|an|the|of|was|were|is|are|has|have|had|been|and|or|who|whose|which|that|in|on|at|by|with|from|for|his|her|their|its|another)\s)[\w'’.-]+\s+){{0,4}})  # modifiers
        (?P<noun>{singular_alt})(?![\w'’-])                          # a singular victim noun
    """
    return Lexicon(
        source=source,
        triggers=MappingProxyType(triggers),
        category_units=MappingProxyType(category_units),
        noun_units=MappingProxyType(noun_units),
        pairs=frozenset(c.strings("nouns.pairs")),
        not_victims=frozenset(not_victims),
        others=frozenset(c.strings("nouns.others")),
        trigger_re=re.compile(trigger_words),
        qualifier_before_re=re.compile(rf"(?<![\w-])(?P<q>{q_before_alt})[\s,]*$"),
        qualifier_before=MappingProxyType(q_before),
        qualifier_after_re=re.compile(rf"\s*(?P<q>{q_after_alt})(?![\w-])"),
        qualifier_after=MappingProxyType(q_after),
        filler_before_re=re.compile(rf"(?:{_words(c.strings('fillers.before_number'))}\s*)+$"),
        left_ends=tuple(sorted({p.split()[-1] for p in [*q_before, *c.strings("fillers.before_number")]})),
        toll_link_re=re.compile(rf"(?:{_words(c.strings('fillers.toll_links'))}\s*)+$"),
        aside_before_re=re.compile(rf",\s*{according}[^,;()]{{1,80}},\s*$"),  # matched at its comma
        toll_link_ends=tuple(sorted({p.split()[-1] for p in c.strings("fillers.toll_links")})),
        subset_before_re=re.compile(rf"{_words(c.strings('links.subset'))}[\s,:(]*$"),
        subset_after_re=re.compile(rf"\s*{_words(c.strings('links.subset_after'))}"),
        subset_aside_re=re.compile(rf"\s*,\s*{_words(c.strings('links.subset'))}[^,;:()]{{1,120}},"),
        total_before_re=re.compile(
            rf"{_words(c.strings('links.totals'))}\s+(?:{_words(c.strings('fillers.toll_links'))}\s*)+$"
        ),
        coordinate_re=re.compile(rf"{_words(c.strings('links.coordinate'))}|[,(/]"),
        link_end_re=re.compile(rf"(?:,\s*)?(?:{_words(c.strings('links.coordinate'))}|[,(/])\s*$"),
        chain_re=re.compile(rf"^\s*,?\s*(?:{_words(c.strings('chaining.between'))}\s*)+$"),
        chain_open_re=re.compile(rf"\s*,?\s*{_words(c.strings('chaining.between'))}"),  # how chain_re starts
        hedge_clause_re=re.compile(rf"(?<![\w-])(?:{c.patterns('hedges.clause')})"),
        hedge_sentence_re=re.compile(rf"(?<![\w-])(?:{c.patterns('hedges.sentence')})"),
        source_verb_re=re.compile(_words(c.strings("sources.verbs"))),
        according_re=re.compile(according),
        closing_attribution_re=re.compile(rf",\s*{according}[^,;]*$"),
        attribution_re=re.compile(_words(reporting)),
        # One scan for both (see claims.extract): at each place a trigger first, else an attribution.
        trigger_or_attribution_re=re.compile(
            rf"(?<![\w-])(?:(?P<trigger>{trigger_words})|(?P<attribution>{_words(reporting)}))"
        ),
        attribution_openers=_openers_inside(list(triggers), reporting),
        pronouns=frozenset(c.strings("sources.pronouns")),
        not_sources=frozenset(c.strings("sources.not_sources")),
        carry_over_re=re.compile(c.patterns("sources.carry_over")),
        passive_report_re=re.compile(rf"(?<![\w-])(?:{c.patterns('sources.passive_reports')})"),
        cumulative_re=re.compile(rf"(?<![\w-])(?:{markers}|{dating})"),
        cumulative_undated_re=re.compile(rf"(?<![\w-])(?:{markers})"),
        continuation_re=re.compile(c.patterns("cumulative.continuation")),
        projected_re=re.compile(rf"(?<![\w-])(?:{c.patterns('projected.markers', folded=False)})", re.IGNORECASE),
        # projected_re for folded text, blind to case ("May" too): a quick test before projected_re.
        projected_folded_re=re.compile(
            rf"(?<![\w-])(?:{c.patterns('projected.markers', folded=False).replace('(?-i:', '(?:')})"
        ),
        zero_re=re.compile(_words(c.strings("zero.phrases"))),
        zero_keys=_keys(c.strings("zero.phrases")),
        zero_predicates=MappingProxyType({k.lower(): v for k, v in zero_predicates.items()}),
        breaker_re=re.compile(rf"{_words(c.strings('clauses.breakers'))}|[;:!?]|\s[–—-]\s"),
        implicit_re=re.compile(implicit, re.VERBOSE),
        object_prepositions=frozenset(c.strings("clauses.object_prepositions")),
        not_name_starts=frozenset(c.strings("clauses.not_name_starts")),
        nominal=frozenset(c.strings("nominal.words")),
        subject_stops=frozenset(c.strings("clauses.subject_stops")),
        grammar=_grammar(c),
        additive_re=re.compile(rf"(?<![\w-])(?:{c.patterns('totals.additive')})\b"),
        update_re=re.compile(rf"(?<![\w-])(?:{c.patterns('totals.update')})\b"),
        days_re=re.compile(rf"(?<![\w-])(?:{c.patterns('totals.days')})\b"),
        other_event_re=re.compile(
            rf"(?<![\w-])(?:{c.patterns('totals.other_event')})\s+(?:{_words(list(q_before))}\s+)?$"
        ),
        not_event_re=re.compile(rf"{_words(c.strings('clauses.not_events'))}\s+(?:\w+\s+){{0,1}}$"),
    )


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Load, validate and compile the rules (the packaged file unless ``path`` is given).

    A malformed file raises ``ValueError`` naming the file and the key.
    """
    tree, source = read_toml(RULES_FILE, path)
    return _build(tree, source)
