"""Read numbers in text: digits, number words, ranges and vague quantities.

Stage 1 of the pipeline (read documents -> **find numbers** -> find figures -> ...).
Every number-like span of a text is returned with its value and its *kind*,
so that later stages keep only counts and can see why a span was rejected.
The words this module knows live in ``stats/rules/numbers.toml``.

How it works: the rules file is loaded and checked once (:func:`load_rules`),
and one regular expression is built from it.  :func:`find_quantities` lower-
cases the text (keeping every offset), runs that one expression over it with
``finditer``, and turns each match into a :class:`Quantity`; each alternative
of the expression ends in an empty *tag* group that names the handler for
the match.  The expression has no nested quantifiers over overlapping
alternatives, so it runs in time linear in the length of the text.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

__all__ = ["Quantity", "find_quantities", "fold", "parse_number", "COUNT_KINDS"]

#: Kinds of quantity that can be a count of people or homes.
COUNT_KINDS = frozenset({"count", "range", "vague"})

#: Every kind a :class:`Quantity` can have.
KINDS = COUNT_KINDS | frozenset({
    "year", "date", "time", "percent", "money", "measure", "ordinal", "age",
    "phone", "decade", "fraction", "label", "duration", "decimal",
})

#: The rules file that :func:`load_rules` reads by default.
RULES_PATH = Path(__file__).resolve().parent / "rules" / "numbers.toml"

# A run of digits longer than this is an identifier (kind ``label``), not a number.
_MAX_DIGITS = 36


@dataclass(frozen=True, slots=True)
class Quantity:
    """One number-like span of a text.

    ``text[start:end]`` is the surface form (``"220,000"``, ``"a million"``,
    ``"5-7"``, ``"between 10 and 20"``, ``"dozens"``, ``"200,000+"``).
    ``kind`` is ``count``, ``range`` or ``vague`` for possible counts, and
    for numbers that are not counts one of ``year``, ``date``, ``time``,
    ``percent``, ``money``, ``measure``, ``ordinal``, ``age``, ``phone``,
    ``decade``, ``fraction``, ``label``, ``duration`` (``"3 days"``) or
    ``decimal`` (a number with a fractional part and no magnitude, ``"2.5"``).
    ``value`` is the number (the lower end of a range; ``None`` when vague,
    and for dates, times, phones, fractions, labels and decimals), ``high``
    the upper end of a range (else equal to ``value``), ``code`` the
    conservative code of a vague quantity (dozens -> 12), and ``bound`` a bound
    written into the number itself (``"200,000+"`` -> ``at_least``,
    ``"~60"`` -> ``approx``), else ``None``.

    The span of a quantity holds the words that make its kind: the unit of a
    measure (``"185 miles"``), the currency of money (``"US$2 million"``), the
    name of a label (``"Route 66"``).  Ages and years are the exception: their
    span is the number alone (the ``12`` of ``"12-year-old"`` and of ``"aged
    12"``, the ``2011`` of ``"in 2011"``), as is the day of ``"on the 3rd"``.
    """

    start: int
    end: int
    text: str
    kind: str
    value: int | None
    high: int | None = None
    code: int | None = None
    bound: str | None = None


# ---------------------------------------------------------------------------
# Loading and checking the rules
# ---------------------------------------------------------------------------

# Each key of the rules file and what it must hold:
#   "counts"    a table of word = non-negative integer
#   "positive"  a table of word = positive integer (a power of ten, a vague code)
#   "words"     a list of words or phrases, none twice
#   "word"      one word
#   "year"      a positive integer
_SCHEMA: Mapping[str, str] = MappingProxyType({
    "words.units": "counts",
    "words.tens": "counts",
    "words.hundred": "counts",
    "words.scales": "positive",
    "words.multipliers": "counts",
    "words.ordinals": "counts",
    "words.grammar.and": "word",
    "words.grammar.article": "word",
    "words.grammar.other_articles": "words",
    "words.grammar.half": "word",
    "words.magnitudes": "positive",
    "vague": "positive",
    "ranges.dashes": "words",
    "ranges.joiners": "words",
    "ranges.between": "word",
    "ranges.between_and": "word",
    "ranges.not_after": "words",
    "bounds.approx": "words",
    "bounds.at_least": "words",
    "percent.after": "words",
    "money.before": "words",
    "money.after": "words",
    "measure.before": "words",
    "measure.after": "words",
    "measure.after_attached": "words",
    "measure.metre_context": "words",
    "measure.metre_magnitude": "word",
    "duration.after": "words",
    "duration.after_attached": "words",
    "age.before": "words",
    "age.after": "words",
    "age.decade_before": "words",
    "time.after": "words",
    "ordinal.after_attached": "words",
    "ordinal.date_before": "words",
    "decade.after_attached": "words",
    "decade.words": "counts",
    "year.first": "year",
    "year.last": "year",
    "year.before": "words",
    "year.modifiers": "words",
    "year.count_nouns": "words",
    "date.capitalised": "words",
    "date.months": "counts",
    "fraction.denominators": "positive",
    "fraction.symbols": "words",
    "label.before": "words",
})

# Groups of keys whose words must not overlap: one word, one meaning.
_DISJOINT: tuple[tuple[str, ...], ...] = (
    ("words.units", "words.tens", "words.hundred", "words.scales",
     "words.multipliers", "words.ordinals"),
    ("percent.after", "money.after", "measure.after", "measure.after_attached",
     "duration.after", "duration.after_attached", "age.after", "time.after",
     "ordinal.after_attached", "decade.after_attached"),
)


def _lookup(data: Mapping[str, object], key: str) -> object:
    node: object = data
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(key)
        node = node[part]
    return node


def _check_entry(path: Path, key: str, word: object) -> str:
    if not isinstance(word, str) or not word.strip():
        raise ValueError(f"{path}: [{key}] entry {word!r} is not a non-empty string")
    if word != word.lower() or word != " ".join(word.split()):
        raise ValueError(f"{path}: [{key}] entry {word!r} must be lower case with single spaces")
    return word


def _check(path: Path, data: Mapping[str, object]) -> dict[str, object]:
    """Return the rules as ``{dotted key: value}``, or raise ``ValueError``."""
    rules: dict[str, object] = {}
    for key, shape in _SCHEMA.items():
        try:
            value = _lookup(data, key)
        except KeyError:
            raise ValueError(f"{path}: missing key [{key}]") from None
        if shape == "words":
            if not isinstance(value, list) or not value:
                raise ValueError(f"{path}: [{key}] must be a non-empty list of strings")
            seen: set[str] = set()
            for word in value:
                if _check_entry(path, key, word) in seen:
                    raise ValueError(f"{path}: [{key}] duplicate word {word!r}")
                seen.add(word)
        elif shape in ("counts", "positive"):
            if not isinstance(value, dict) or not value:
                raise ValueError(f"{path}: [{key}] must be a non-empty table of word = integer")
            least = 0 if shape == "counts" else 1
            for word, number in value.items():
                _check_entry(path, key, word)
                if isinstance(number, bool) or not isinstance(number, int) or number < least:
                    what = "a positive" if least else "a non-negative"
                    raise ValueError(f"{path}: [{key}] {word!r} = {number!r} is not {what} integer")
        elif shape == "word":
            _check_entry(path, key, value)
        elif isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{path}: [{key}] = {value!r} is not a year")
        rules[key] = value
    for group in _DISJOINT:
        owner: dict[str, str] = {}
        for key in group:
            for word in rules[key]:  # type: ignore[attr-defined]
                if word in owner:
                    raise ValueError(
                        f"{path}: [{key}] duplicate word {word!r} (also in [{owner[word]}])")
                owner[word] = key
    if rules["year.first"] > rules["year.last"]:  # type: ignore[operator]
        raise ValueError(f"{path}: [year.first] is after [year.last]")
    return rules


# ---------------------------------------------------------------------------
# Building the expression
# ---------------------------------------------------------------------------

_SEP = r"[\s-]+"  # between the words of a phrase
_WORD = re.compile(r"[^\W\d_]+")


def _atoms(phrase: str, boundary: bool) -> tuple[list[str], str]:
    """A phrase as regex atoms (one per character, ``_SEP`` per space) and the
    assertion that ends it: a phrase that ends in a letter or digit must end
    a word; one that ends in " of" matches only before "of", which it leaves
    out."""
    needs_of = phrase.endswith(" of")
    body = phrase[:-3] if needs_of else phrase
    atoms = [_SEP if ch == " " else re.escape(ch) for ch in body]
    end = r"(?!\w)" if boundary and body[-1].isalnum() else ""
    return atoms, end + (r"(?=\s+of(?!\w))" if needs_of else "")


def _trie(items: Iterable[tuple[str, str]], boundary: bool = True) -> str:
    """One group matching any phrase of ``(phrase, tail)`` items, each followed
    by its tail (a regex), compiled as a trie: at each step the alternatives
    start with different characters, so the engine tries one character per
    step; longer phrases come first."""
    root: dict[str, dict] = {}
    for phrase, tail in items:
        atoms, end = _atoms(phrase, boundary)
        node = root
        for atom in atoms:
            node = node.setdefault(atom, {})
        node.setdefault("", {})[end + tail] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [atom + emit(child) for atom, child in node.items() if atom]
        branches += list(node.get("", {}))
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return "(?:" + emit(root) + ")"


def _alt(phrases: Iterable[str], boundary: bool = True) -> str:
    """One group matching any of the phrases (see ``_trie``)."""
    return _trie(((p, "") for p in phrases), boundary)


def _after(words: Iterable[str]) -> str:
    """Lookbehinds: the text just before here is one of the words."""
    return "(?:" + "|".join(f"(?<={re.escape(w)})" for w in sorted(words)) + ")"


# Digits, with the common thousands separators.  Atomic: the first form that
# fits is kept, so a long run of digits and commas is read in one pass.
_DIGITS = r"""(?>
      \d{1,3}(?:,\d{3})++(?:\.\d++)?(?!\d)          # 220,000   1,500.75
    | \d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})++(?!\d) # 1 500 (also thin or no-break space)
    | \d{1,3}(?:\.\d{3}){2,}+(?!\d)                 # 1.500.000
    | \d{1,3}(?:,[ ]0\d\d)++(?!\d)                  # 61, 000 (a group that opens with 0 goes on)
    | \d++(?:\.\d++)?                               # 60   2.4   1.500 (read later)
)"""

_TEMPLATE = r"""
(?<!\w)                                        # a number starts a word
%(first_word)s                                 # a phrase or mark that can start one
(?:
    # --- context before the number ----------------------------------------
    %(age_before)s\s+(?P<an>\d{1,3})                  # aged 12
        (?:%(rsep)s(?P<an2>\d{1,3}))?(?!\w)           # ages 5 to 12
        (?P<t_age>)
  | %(decade_before)s\s+(?:%(modifiers)s[\s-]*)?      # in his (early) ...
        (?P<ad>\d0%(decade_suffix)s|%(decade_words)s) # ... 30s / thirties
        (?P<t_age_decade>)
  | (?:%(year_before)s\s+(?:%(modifiers)s[\s-]+)?     # in (early) ...
      |%(modifiers)s-)                                # mid- ...
        (?P<yr>\d{4})                                 # ... 2011
        (?:\s*(?:%(dashes)s|/)\s*(?P<yr2>\d{4}|\d{2}))? # ... (-12)
        (?![\w,.]\d|\w)
        (?P<t_year>)
  | %(date_before)s\s+(?P<don>\d{1,2}%(ord_suffix)s)  # on the 3rd
        (?:\s+(?:of\s+)?%(months)s(?:\s*,?\s*\d{4}(?!\d))?)?  # (of April 2015)
        (?P<t_date_on>)
  | (?P<mdm>%(months)s)\s+                            # April ..., Dec. ...
        (?:\d{1,2}%(ord_suffix)s?(?!\d)               # ... 25(th)
           (?:\s*,?\s*\d{4}(?!\d))?                   # ... (, 2015)
          |\d{4}(?!\d))(?!\w)                         # ... 2015
        (?P<t_date_md>)
  | %(label_before)s\s*(?:[^\W\d_]{1,4}-?)?\d[\w-]*+ # Route 66, No. 5, Flight MH17
        (?P<t_label_before>)
  | %(measure_before)s[\s-]+\d++(?:\.\d++)?(?!\w)    # magnitude 7.8
        (?P<t_measure_before>)
  | %(money_before)s\s?(?P<mnd>%(digits)s)(?P<mnm>%(mag)s)?(?!\w)  # $5, US$2 million
        (?P<t_money>)
    # --- vague quantities and words ------------------------------------------
  | %(vague)s(?!\s+(?:\d|%(cardinal)s))               # dozens, several (not "some 82,000")
        (?P<t_vague>)
  | %(between)s\s+%(core_b1)s\s+%(between_and)s\s+%(core_b2)s  # between 10 and 20
        (?:\s+(?:of\s+)?(?P<bmon>%(months)s)(?:\s*,?\s*\d{4}(?!\d))?)?  # (March)
        (?P<bplus>%(at_least)s)?%(suffix_b)s?(?!\w)
        (?P<t_between>)
  | (?P<han>%(small)s|\d{1,3})\s+%(and)s\s+%(article)s\s+%(half)s\s+  # one and a half ...
        (?P<has>%(hundred)s|%(scales)s)               # ... million
        (?P<t_half_and>)
  | (?:%(units)s[\s-]+%(denominators)s                # two-thirds, one fifth
      |%(article)s[\s-]+(?:%(plain_denominators)s     # a quarter
                         |%(ordinal_denominators)s(?=\s+of(?!\w))))  # a third of
        (?P<t_fraction>)
  | %(decade_words)s                                  # (the) eighties
        (?P<t_decade_word>)
    # --- digits with a shape of their own ------------------------------------
  | (?:\+\d{1,3}(?>[\s.-]?\(?\d{1,4}\)?){2,5}+        # +44 20 7946 0958
      |\(\d{2,4}\)\s?\d{3,4}[\s.-]\d{4}               # (555) 123-4567
      |\d{3}[.-]\d{3}[.-]\d{4})(?!\d)                 # 555-123-4567
        (?P<t_phone>)
  | (?:\d{4}-\d{1,2}-\d{1,2}                          # 2015-04-25
      |\d{1,2}(?P<dsep>[/.-])\d{1,2}(?P=dsep)(?:\d{4}|\d{2}))(?!\d)  # 25/04/2015
        (?P<t_date_numeric>)
  | \d{1,2}(?::\d{2}(?::\d{2})?(?!\d)(?:\s?%(time)s)? # 10:30 (pm)
           |\.\d{2}\s?%(time)s)                       # 10.30pm
        (?P<t_time>)
  | \d{1,2}%(ord_suffix)s?                          # 25(th) ...
        (?:%(rsep)s\d{1,2}%(ord_suffix)s?)?\s+           # ... (-27th) ...
        (?:of\s+)?(?P<ddm>%(months)s)                   # ... (of) April ...
        (?:\s*,?\s*\d{4}(?!\d))?                        # ... (2015)
        (?P<t_date_dm>)
  | (?:\d{1,6}/\d{1,6}(?![\d/])|%(fraction_symbols)s) # 1/3, ½
        (?P<t_fraction_digits>)
    # --- numbers: digits or words, a range, a bound, a unit ------------------
  | (?:(?P<apx>%(approx)s)\s?)?                       # ~60
        %(core_n1)s                                   # 60, 2.4 million, twenty-one
        (?:%(rsep)s%(core_n2)s)?                      # 5-7, two or three
        (?P<plus>%(at_least)s)?                       # 200,000+
        %(suffix_n)s?                                 # %%, km, days, -year-old, th
        (?!\w)
        (?P<t_number>)
  | %(half)s                                          # half
        (?P<t_half>)
    # --- identifiers ---------------------------------------------------------
  | [a-z]++-?\d[\w-]*+                                # MH17, COVID-19, G7
        (?P<t_label>)
  | \d[\w-]*+                                         # 123abc
        (?P<t_label_digits>)
)
"""


def _build(r: Mapping[str, object]) -> re.Pattern[str]:
    """Compile the one expression from the checked rules."""
    def table(key: str) -> dict[str, int]:
        return r[key]  # type: ignore[return-value]

    def words(key: str) -> list[str]:
        return r[key]  # type: ignore[return-value]

    units, tens = table("words.units"), table("words.tens")
    hundred, scales = table("words.hundred"), table("words.scales")
    mults, ordinals = table("words.multipliers"), table("words.ordinals")
    article, half = str(r["words.grammar.article"]), str(r["words.grammar.half"])
    and_word = str(r["words.grammar.and"])
    cardinal = _alt([*units, *tens, *hundred, *scales])
    after_big = _after([*hundred, *scales])
    after_tens = _after(tens)
    big_or_mult = _alt([*hundred, *scales, *mults])
    small_ord = [w for w, v in ordinals.items() if v < 10]
    under_100_ord = [w for w, v in ordinals.items() if v < 100]
    big_ord = [w for w, v in ordinals.items() if v >= 100]
    articles = [article, *words("words.grammar.other_articles")]
    art = rf"(?:(?:{re.escape(half)}\s+)?{_alt(articles)}\s+(?={big_or_mult}))"
    wordnum = (
        rf"(?:{art}?{cardinal}"                                  # a hundred, twenty
        rf"(?:(?:\s+|-){cardinal}|{after_big}\s+{re.escape(and_word)}\s+{cardinal})*"
        rf"(?:[\s-]+{_alt(mults)})?"                             # two dozen
        rf"(?:{after_tens}(?:\s+|-){_alt(small_ord)}"            # twenty-first
        rf"|(?:\s+|-){_alt(big_ord)}"                            # one hundredth
        rf"|{after_big}\s+(?:{re.escape(and_word)}\s+)?{_alt(under_100_ord)})?"
        rf"|{art}{_alt(mults)}"                                  # a dozen
        rf"|{_alt(ordinals)})"                                   # first
    )
    magnitudes = table("words.magnitudes")
    mag = (                                                      # after digits:
        r"(?:\s?" + _alt([w for w in magnitudes if len(w) > 1])  # 2bn, 2 bn, 5 lakh
        + "|" + _alt([w for w in magnitudes if len(w) == 1])     # 10k, 3m (touching)
        + r"|\s+" + _alt([*hundred, *scales]) + ")"             # 4 million
    )

    def core(name: str) -> str:
        return (rf"(?P<{name}>(?P<{name}d>{_DIGITS})(?P<{name}m>{mag})?"
                rf"|(?P<{name}w>{wordnum}))")

    spaced = [*words("percent.after"), *words("money.after"), *words("measure.after"),
              *words("duration.after"), *words("age.after"), *words("time.after")]
    attached = [*spaced, *words("measure.after_attached"), *words("duration.after_attached"),
                *words("ordinal.after_attached"), *words("decade.after_attached")]

    def suffix(name: str) -> str:
        return (rf"(?:(?<=\d)(?P<{name}a>{_alt(attached)})"
                rf"|[\s-]+(?P<{name}s>{_alt(spaced)}))")

    dashes = _alt(words("ranges.dashes"), boundary=False)
    rsep = rf"(?:\s*{dashes}\s*|\s+{_alt(words('ranges.joiners'))}\s+)"
    denominators = table("fraction.denominators")
    months = table("date.months")
    abbreviations = {a for a in months if any(w != a and w.startswith(a) for w in months)}
    ordinal_denominators = [w for w in denominators if w in ordinals]
    # The prefilter: at a letter, a phrase that can start a match (with what
    # must follow it); else a character that can start one.
    digit_after = r"[\s-]*\d"
    starters = [(w, "") for w in [
        *units, *tens, *hundred, *scales, *ordinals, *table("decade.words"), *table("vague"),
        *words("age.decade_before"), str(r["ranges.between"]), half]]
    starters += [(f"{a} {w}", "") for a in articles for w in [*hundred, *scales, *mults, *denominators]]
    starters += [(w, digit_after) for w in [*words("age.before"), *words("measure.before"),
                                             *words("ordinal.date_before")]]
    starters += [(w, rf"\.?{digit_after}") for w in months]
    starters += [(w, rf"\s+(?:{_alt(words('year.modifiers'))}[\s-]+)?\d")
                 for w in words("year.before")]
    starters += [(w, r"-\d") for w in words("year.modifiers")]
    prefixes = [*words("label.before"), *words("money.before")]
    starters += [(w, r"[\s-]*(?:[^\W\d_]{1,4}-?)?\d") for w in prefixes if w[0].isalpha()]
    first_chars = {w[0] for w in [*prefixes, *words("bounds.approx"), *words("fraction.symbols")]
                   if not w[0].isalpha()}
    first_chars |= {"+", "("}
    first_char = "[\\d" + "".join(re.escape(c) for c in sorted(first_chars)) + "]"
    parts = {
        "first_word": rf"(?={first_char}|{_trie(starters)}|[a-z]++-?\d)",
        "age_before": _alt(words("age.before")),
        "decade_before": _alt(words("age.decade_before")),
        "decade_words": _alt(table("decade.words")),
        "modifiers": _alt(words("year.modifiers"), boundary=False),
        "year_before": _alt(words("year.before")),
        "date_before": _alt(words("ordinal.date_before")),
        "months": _trie((m, r"\.?" if m in abbreviations else "") for m in months),
        "label_before": _alt(words("label.before"), boundary=False),
        "measure_before": _alt(words("measure.before")),
        "money_before": _alt(words("money.before"), boundary=False),
        "digits": _DIGITS,
        "mag": mag,
        "vague": _alt(table("vague")),
        "cardinal": cardinal,
        "between": _alt([str(r["ranges.between"])]),
        "between_and": _alt([str(r["ranges.between_and"])]),
        "core_b1": core("b1"),
        "core_b2": core("b2"),
        "core_n1": core("n1"),
        "core_n2": core("n2"),
        "suffix_b": suffix("bs"),
        "suffix_n": suffix("ns"),
        "at_least": _alt(words("bounds.at_least"), boundary=False),
        "approx": _alt(words("bounds.approx"), boundary=False),
        "small": _alt([*units, *tens]),
        "hundred": _alt(hundred),
        "scales": _alt(scales),
        "units": _alt(units),
        "article": _alt([article]),
        "half": _alt([half]),
        "denominators": _alt(denominators),
        "plain_denominators": _alt([w for w in denominators if w not in ordinals]),
        "ordinal_denominators": _alt(ordinal_denominators),
        "time": _alt(words("time.after")),
        "fraction_symbols": _alt(words("fraction.symbols")),
        "rsep": rsep,
        "dashes": dashes,
        "and": _alt([and_word]),
        "ord_suffix": _alt(words("ordinal.after_attached")),
        "decade_suffix": _alt(words("decade.after_attached")),
    }
    return re.compile(_TEMPLATE % parts, re.VERBOSE)


@dataclass(frozen=True, slots=True)
class Rules:
    """The checked rules file, with the expression built from it."""

    path: Path
    pattern: re.Pattern[str]
    #: One-word numbers (and "twenty-one"): word -> (value, "ordinal" or None).
    single: Mapping[str, tuple[int, str | None]]
    #: Words of spelled numbers: word -> (role, value).
    roles: Mapping[str, tuple[str, int]]
    #: Magnitude and scale words after digits: word -> power of ten.
    magnitudes: Mapping[str, int]
    #: Words after a number: word -> kind.
    suffix_kind: Mapping[str, str]
    #: Vague phrases (without a final " of"): phrase -> code.
    vague: Mapping[str, int]
    decades: Mapping[str, int]
    capitalised_months: frozenset[str]
    not_after: frozenset[str]
    year_first: int
    year_last: int
    metre_context: re.Pattern[str]
    #: The magnitude that can also be metres ("3m people" but "a 3m wall").
    metre: str
    count_noun: re.Pattern[str]
    article: str


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_PATH) -> Rules:
    """Load, check and compile a rules file (once per path).

    Raises ``ValueError`` naming the file and the key of a bad entry: a
    missing key, a wrong type, a word listed twice or a vague code that is
    not a positive integer.
    """
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"{path}: not valid TOML: {err}") from None
    r = _check(Path(path), data)

    def table(key: str) -> dict[str, int]:
        return r[key]  # type: ignore[return-value]

    def words(key: str) -> list[str]:
        return r[key]  # type: ignore[return-value]

    roles: dict[str, tuple[str, int]] = {}
    for key, role in (("words.units", "unit"), ("words.tens", "tens"),
                      ("words.hundred", "hundred"), ("words.scales", "scale"),
                      ("words.ordinals", "ordinal")):
        roles.update((w, (role, v)) for w, v in table(key).items())
    roles.update((w.removesuffix(" of"), ("mult", v))
                 for w, v in table("words.multipliers").items())
    roles[str(r["words.grammar.and"])] = ("and", 0)
    roles[str(r["words.grammar.article"])] = ("article", 1)
    roles.update((w, ("article", 1)) for w in words("words.grammar.other_articles"))
    roles[str(r["words.grammar.half"])] = ("half", 0)
    single: dict[str, tuple[int, str | None]] = {}
    single.update((w, (v, None)) for w, v in table("words.units").items())
    single.update((w, (v, None)) for w, v in table("words.tens").items())
    single.update((w, (v, "ordinal")) for w, v in table("words.ordinals").items())
    for t, tv in table("words.tens").items():
        for u, uv in table("words.units").items():
            if 0 < uv < 10:
                single[f"{t}-{u}"] = single[f"{t} {u}"] = (tv + uv, None)
    magnitudes = dict(table("words.magnitudes"))
    magnitudes.update((w, len(str(v)) - 1) for w, v in table("words.hundred").items())
    magnitudes.update(table("words.scales"))
    suffix_kind: dict[str, str] = {}
    for key, kind in (("percent.after", "percent"), ("money.after", "money"),
                      ("measure.after", "measure"), ("measure.after_attached", "measure"),
                      ("duration.after", "duration"), ("duration.after_attached", "duration"),
                      ("age.after", "age"),
                      ("time.after", "time"), ("ordinal.after_attached", "ordinal"),
                      ("decade.after_attached", "decade")):
        suffix_kind.update((w, kind) for w in words(key))
    return Rules(
        path=Path(path),
        pattern=_build(r),
        single=MappingProxyType(single),
        roles=MappingProxyType(roles),
        magnitudes=MappingProxyType(magnitudes),
        suffix_kind=MappingProxyType(suffix_kind),
        vague=MappingProxyType({w.removesuffix(" of"): v for w, v in table("vague").items()}),
        decades=MappingProxyType(table("decade.words")),
        capitalised_months=frozenset(words("date.capitalised")),
        not_after=frozenset(words("ranges.not_after")),
        year_first=int(r["year.first"]),  # type: ignore[call-overload]
        year_last=int(r["year.last"]),  # type: ignore[call-overload]
        metre_context=re.compile(r"[\s-]*" + _alt(words("measure.metre_context"))),
        metre=str(r["measure.metre_magnitude"]),
        count_noun=re.compile(r"\s+" + _alt(words("year.count_nouns"))),
        article=str(r["words.grammar.article"]),
    )


# ---------------------------------------------------------------------------
# Reading the parts of a match
# ---------------------------------------------------------------------------

_NOT_DIGIT_OR_DOT = re.compile(r"[^\d.]")
_OF_AFTER = re.compile(r"\s+of(?!\w)")
# Lower-casing "İ" gives two characters; reading it as "i" keeps every offset.
_LONGER_LOWER = MappingProxyType(str.maketrans({"\u0130": "i"}))


def _norm(phrase: str) -> str:
    return " ".join(phrase.replace("-", " ").split())


def _digits(rules: Rules, digits: str, mag: str | None) -> tuple[int | None, str | None]:
    """Read digits and an optional magnitude: ``(value, flag)`` where flag is
    ``None``, ``"decimal"`` (no integer reading) or ``"label"`` (too long)."""
    power = rules.magnitudes[mag.strip()] if mag else 0
    plain = digits if digits.isdigit() else digits.replace(",", "")
    if plain.isdigit():
        if len(plain) > _MAX_DIGITS:
            return None, "label"
        return int(plain) * 10 ** power, None
    grouped = plain != digits or not plain.replace(".", "").isdigit()
    if grouped:
        digits = _NOT_DIGIT_OR_DOT.sub("", digits)
    if len(digits) > _MAX_DIGITS:
        return None, "label"
    if digits.count(".") > 1:
        return int(digits.replace(".", "")) * 10 ** power, None
    whole, _, frac = digits.partition(".")
    if not frac:
        return int(whole) * 10 ** power, None
    if not power and not grouped and len(frac) == 3 and len(whole) <= 3 and whole[0] != "0":
        return int(whole + frac), None  # 1.500: a thousands separator
    # pow(), not 10 ** len(frac): compiled (setup.py), ** of two machine integers gives a float
    numerator, denominator = int(whole + frac) * 10 ** power, pow(10, len(frac))
    if numerator % denominator == 0:
        return numerator // denominator, None
    if power:
        return (2 * numerator + denominator) // (2 * denominator), None
    return None, "decimal"


def _longest_words(rules: Rules, words: list[str], i: int) -> tuple[int, int, bool] | None:
    """The longest well-formed number in ``words[i:]``: ``(end index, value,
    is ordinal)``, or ``None`` if ``words[i]`` starts none."""
    roles = rules.roles
    total = group = 0
    last = ""
    last_scale = 1 << 30
    halve = False
    best: tuple[int, int, bool] | None = None
    k, n = i, len(words)
    if roles.get(words[k], ("",))[0] == "half":
        if k + 1 >= n or roles.get(words[k + 1], ("",))[0] != "article":
            return None
        halve, k = True, k + 1
    while k < n:
        role, value = roles.get(words[k], ("", 0))
        if role == "article":
            if last or halve and k != i + 1:
                break
            group, last = 1, "article"
        elif role == "unit":
            if value == 0:
                if not last:
                    best = (k + 1, 0, False)
                break
            if last not in (("", "hundred", "scale", "and", "tens") if value < 10
                            else ("", "hundred", "scale", "and")):
                break
            group += value
            last = "unit" if value < 10 else "teen"
        elif role == "tens":
            if last not in ("", "hundred", "scale", "and"):
                break
            group += value
            last = "tens"
        elif role == "hundred":
            if last not in ("", "unit", "teen", "tens", "article") or group >= 100:
                break
            group = (group or 1) * value
            last = "hundred"
        elif role == "scale":
            if (last not in ("", "unit", "teen", "tens", "hundred", "article")
                    or value >= last_scale):
                break
            total += (group or 1) * 10 ** value
            group, last_scale, last = 0, value, "scale"
        elif role == "and":
            if last not in ("hundred", "scale"):
                break
            last = "and"
        elif role == "mult":
            if last not in ("unit", "teen", "tens", "hundred", "article"):
                break
            best = (k + 1, (total + group) * value, False)
            break
        elif role == "ordinal":
            if value < 10:
                ok = last in ("", "tens", "hundred", "scale", "and")
            elif value < 100:
                ok = last in ("", "hundred", "scale", "and")
            else:
                ok = last in ("", "unit", "teen", "tens", "hundred", "article") and group < value
            if ok:
                if value < 100:
                    best = (k + 1, total + group + value, True)
                else:
                    best = (k + 1, total + (group or 1) * value, True)
            break
        else:
            break
        k += 1
        if last not in ("and", "article"):
            best = (k, total + group, False)
    if best is not None and halve:
        end, value, ordinal = best
        if end <= i + 2 or ordinal:
            return None
        best = (end, value // 2, False)
    return best


def _words(rules: Rules, phrase: str) -> tuple[int, str | None] | None:
    """Read a spelled number: ``(value, "ordinal" or None)``, or ``None`` if
    the phrase is not one well-formed number."""
    hit = rules.single.get(phrase)
    if hit is not None:
        return hit
    words = _WORD.findall(phrase)
    read = _longest_words(rules, words, 0)
    if read is None or read[0] != len(words):
        return None
    return read[1], "ordinal" if read[2] else None


def _word_pieces(rules: Rules, low: str, start: int, end: int) -> list[tuple[int, int, int, bool]]:
    """Split ``low[start:end]`` into well-formed spelled numbers:
    ``[(start, end, value, is ordinal)]``."""
    tokens = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(low, start, end)]
    words = [t[0] for t in tokens]
    pieces = []
    i = 0
    while i < len(words):
        read = _longest_words(rules, words, i)
        if read is None:
            i += 1
            continue
        j, value, ordinal = read
        pieces.append((tokens[i][1], tokens[j - 1][2], value, ordinal))
        i = j
    return pieces


# ---------------------------------------------------------------------------
# Turning a match into quantities
# ---------------------------------------------------------------------------

_Out = list[Quantity]
_Handler = Callable[[Rules, "re.Match[str]", str, str, _Out], None]


def _add(out: _Out, text: str, start: int, end: int, kind: str, value: int | None,
         high: int | None = None, code: int | None = None, bound: str | None = None) -> None:
    out.append(Quantity(start, end, text[start:end], kind, value,
                        value if high is None else high, code, bound))


def _scan(rules: Rules, text: str, low: str, pos: int, endpos: int, out: _Out) -> None:
    handlers = _HANDLERS
    for m in rules.pattern.finditer(low, pos, endpos):
        handlers[m.lastgroup](rules, m, text, low, out)  # type: ignore[index]


def _single(rules: Rules, text: str, low: str, start: int, end: int, value: int | None,
            flag: str | None, yearish: bool, out: _Out) -> None:
    """Add one plain number: a count, or an ordinal, decimal, label or year."""
    if flag is not None:
        _add(out, text, start, end, flag, None if flag in ("decimal", "label") else value)
    elif yearish and rules.count_noun.match(low, end) is None:
        _add(out, text, start, end, "year", value)
    else:
        _add(out, text, start, end, "count", value)


def _yearish(rules: Rules, digits: str | None, mag: str | None, value: int | None) -> bool:
    return (digits is not None and mag is None and len(digits) == 4 and digits.isdigit()
            and value is not None and rules.year_first <= value <= rules.year_last)


def _core(rules: Rules, digits: str | None, mag: str | None,
          words: str | None) -> tuple[int | None, str | None] | None:
    if digits is not None:
        return _digits(rules, digits, mag)
    return _words(rules, words)  # type: ignore[arg-type]


# The groups of a number match: digits, magnitude and words of each end, the
# second end, the unit (touching, spaced), the at-least mark, the approx mark.
_NUMBER_GROUPS = ("n1d", "n1m", "n1w", "n2", "n2d", "n2m", "n2w", "nsa", "nss", "plus", "apx")
_BETWEEN_GROUPS = ("b1d", "b1m", "b1w", "b2", "b2d", "b2m", "b2w", "bsa", "bss", "bplus")


def _numeric(rules: Rules, m: re.Match[str], text: str, low: str, out: _Out,
             groups: tuple[str | None, ...], a: str, b: str, plus_group: str) -> None:
    """A number or a range, with its bound and unit (``groups``: the values
    of ``_NUMBER_GROUPS`` or ``_BETWEEN_GROUPS``, ``a``/``b``: the group
    names of the two ends)."""
    d1, m1, w1, n2, d2, m2, w2, sa, ss, plus = groups[:10]
    s1, e1 = m.span(a)
    first = _core(rules, d1, m1, w1)
    second = _core(rules, d2, m2, w2) if n2 is not None else first
    if first is None or second is None:
        _pieces(rules, m, text, low, out, a, b)
        return
    v1, f1 = first
    v2, f2 = second
    if n2 is not None and m1 is None:  # 2-3 million, two to three million: one magnitude
        if d1 is not None and m2 is not None and d2 is not None:
            v1, f1 = _digits(rules, d1, m2)
        elif w1 is not None and w2 is not None and v1 is not None:
            v1 *= 10 ** _scale_of(rules, w1, w2)
    year1 = _yearish(rules, d1, m1, v1)
    end_core = e1
    if n2 is not None:
        end_core = m.end(b)
        if (v1 is not None and v2 is not None and v2 < v1 and d1 and d2
                and d1.isdigit() and d2.isdigit() and len(d2) < len(d1)):
            v2 = int(d1[: len(d1) - len(d2)] + d2)  # 2015-16, 150-60
        split = (v1 is not None and v2 is not None and v2 < v1) or "label" in (f1, f2)
        if not split and a == "n1" and _WORD.search(low, e1, m.start(b)) is not None:
            before = low[max(0, s1 - 16):s1].split()
            split = bool(before) and before[-1] in rules.not_after  # from 10 to 15
        if split:
            _single(rules, text, low, s1, e1, v1, f1, year1, out)
            _single(rules, text, low, m.start(b), end_core, v2, f2,
                    _yearish(rules, d2, m2, v2), out)
            return
    if v1 is None or v2 is None:
        v1 = v2 = None
    apx = groups[10] if len(groups) > 10 else None
    start = m.start() if apx or a == "b1" else s1
    bound = "at_least" if plus else "approx" if apx else None
    end = m.end(plus_group) if plus else end_core
    if f1 == "label":
        _add(out, text, start, m.end(), "label", None)
    elif "ordinal" in (f1, f2):
        _add(out, text, start, end, "ordinal", v1, v2)
    elif (suffix := sa if sa is not None else ss) is not None:
        _suffixed(rules, m, text, low, out, start, end, suffix, v1, v2, d1, n2 is not None, bound)
    elif (m2 if n2 is not None else m1) == rules.metre and _metres(rules, low, s1, end_core):
        lo = _digits(rules, d1, None)[0] if d1 else None
        hi = _digits(rules, d2, None)[0] if n2 is not None and d2 else lo
        if lo is None or hi is None or hi < lo:
            lo = hi = None
        _add(out, text, start, end_core, "measure", lo, hi)
    elif "decimal" in (f1, f2):
        _add(out, text, start, end, "decimal", None, bound=bound)
    elif not bound and year1 and n2 is None and rules.count_noun.match(low, end) is None:
        _add(out, text, start, end, "year", v1)
    elif not bound and year1 and n2 is not None and (
            d2 is not None and d2.isdigit() and m2 is None
            and rules.year_first <= v2 <= rules.year_last):  # type: ignore[operator]
        _add(out, text, start, end, "year", v1, v2)
    elif n2 is None:
        _add(out, text, start, end, "count", v1, bound=bound)
    else:
        _add(out, text, start, end, "range", v1, v2, bound=bound)


def _scale_of(rules: Rules, low_end: str, high_end: str) -> int:
    """The power of ten of the scale word that ends ``high_end``, if
    ``low_end`` has no scale or hundred of its own ("two to three million")."""
    role, power = rules.roles.get(_WORD.findall(high_end)[-1], ("", 0))
    if role != "scale" or any(rules.roles.get(w, ("",))[0] in ("scale", "hundred")
                              for w in _WORD.findall(low_end)):
        return 0
    return power


def _suffixed(rules: Rules, m: re.Match[str], text: str, low: str, out: _Out, start: int,
              end: int, suffix: str, v1: int | None, v2: int | None, digits: str | None,
              is_range: bool, bound: str | None) -> None:
    """A number with a word after it that gives its kind (``12%``, ``3 days``)."""
    kind = rules.suffix_kind.get(suffix) or rules.suffix_kind[_norm(suffix)]
    if kind == "age":
        _add(out, text, start, end, "age", v1, v2, bound=bound)
        return
    if kind == "decade" and not is_range:
        if (v1 is not None and v1 >= 10 and str(v1).rstrip("0") == "1"
                and _OF_AFTER.match(low, m.end()) is not None):
            _add(out, text, start, m.end(), "vague", None, code=v1)  # 100s of
            return
        if v1 is None or v1 % 10 or not (
                10 <= v1 <= 90 or rules.year_first <= v1 <= rules.year_last):
            kind = "label"
    elif kind == "decade":
        kind = "label"
    if kind == "duration" and digits is not None and len(digits) == 4 and digits[0] == "0":
        kind = "time"  # 0900 hours
    if kind in ("time", "label"):
        v1 = v2 = None
    _add(out, text, start, m.end(), kind, v1, v2, bound=bound)


def _metres(rules: Rules, low: str, start: int, end: int) -> bool:
    """Whether the "m" of a number ending at ``end`` is metres ("3m high", "a 3m wall")."""
    if rules.metre_context.match(low, end) is not None:
        return True
    article = rules.article + " "
    before = start - len(article)
    return before >= 0 and low.startswith(article, before) and (
        before == 0 or not low[before - 1].isalnum())


def _pieces(rules: Rules, m: re.Match[str], text: str, low: str, out: _Out, a: str, b: str) -> None:
    """Numbers of a match whose words are not one well-formed number ("two
    three"): each well-formed piece is a count (or an ordinal)."""
    for group in (a, b):
        start, end = m.span(group)
        if start < 0:
            continue
        digits = m.group(group + "d")
        if digits is not None:
            value, flag = _digits(rules, digits, m.group(group + "m"))
            _single(rules, text, low, start, end, value, flag, False, out)
            continue
        for piece_start, piece_end, value, ordinal in _word_pieces(rules, low, start, end):
            _add(out, text, piece_start, piece_end, "ordinal" if ordinal else "count", value)


def _on_number(rules: Rules, m: re.Match[str], text: str, low: str, out: _Out) -> None:
    groups = m.group(*_NUMBER_GROUPS)
    if groups[3:] == (None,) * 8:  # the common case: one number, nothing around it
        digits, mag, words = groups[:3]
        if words is None:
            value, flag = _digits(rules, digits, mag)
            simple = flag is None and (len(digits) != 4 if mag is None else mag != rules.metre)
        else:
            value, flag = rules.single.get(words, (0, "?"))
            simple = flag is None
        if simple:
            start, end = m.span()
            out.append(Quantity(start, end, text[start:end], "count", value, value))
            return
    _numeric(rules, m, text, low, out, groups, "n1", "n2", "plus")


def _on_between(rules: Rules, m: re.Match[str], text: str, low: str, out: _Out) -> None:
    month = m.group("bmon")
    if month is not None and _is_month(rules, text, month, m.start("bmon")):
        _add(out, text, m.start(), m.end(), "date", None)  # between 26 and 29 March
    else:
        _numeric(rules, m, text, low, out, m.group(*_BETWEEN_GROUPS), "b1", "b2", "bplus")


def _on_vague(rules: Rules, m: re.Match[str], text: str, low: str, out: _Out) -> None:
    phrase = m.group()
    code = rules.vague.get(phrase) or rules.vague[_norm(phrase)]
    out.append(Quantity(m.start(), m.end(), text[m.start():m.end()], "vague", None, None, code))


def _on_age(rules: Rules, m: re.Match[str], text: str, low: str, out: _Out) -> None:
    start, end = m.span("an")
    value = high = int(m.group("an"))
    if m.group("an2") is not None and int(m.group("an2")) >= value:
        high, end = int(m.group("an2")), m.end("an2")
    _add(out, text, start, end, "age", value, high)


def _on_age_decade(rules: Rules, m: re.Match[str], text: str, low: str, out: _Out) -> None:
    start, end = m.span("ad")
    word = m.group("ad")
    value = rules.decades.get(word)
    _add(out, text, start, end, "age", int(word[:2]) if value is None else value)


def _on_year(rules: Rules, m: re.Match[str], text: str, low: str, out: _Out) -> None:
    start, end = m.span("yr")
    year = int(m.group("yr"))
    high_text = m.group("yr2")
    high = year
    if high_text is not None:
        end = m.end("yr2")
        high = int(high_text) if len(high_text) == 4 else int(str(year)[:2] + high_text)
    if rules.year_first <= year <= rules.year_last and year <= high:
        _add(out, text, start, end, "year", year, high)
    else:
        _scan(rules, text, low, start, end, out)


def _on_month_day(rules: Rules, m: re.Match[str], text: str, low: str, out: _Out) -> None:
    month_start, month_end = m.span("mdm")
    if _is_month(rules, text, m.group("mdm"), month_start):
        _add(out, text, m.start(), m.end(), "date", None)
    else:
        _scan(rules, text, low, month_end, m.end(), out)


def _is_month(rules: Rules, text: str, month: str, start: int) -> bool:
    """Whether a month name at ``start`` is one: "May" is, "may" is not."""
    return month.rstrip(".") not in rules.capitalised_months or text[start].isupper()


def _on_day_month(rules: Rules, m: re.Match[str], text: str, low: str, out: _Out) -> None:
    month_start = m.start("ddm")
    if _is_month(rules, text, m.group("ddm"), month_start):
        _add(out, text, m.start(), m.end(), "date", None)
    else:
        _scan(rules, text, low, m.start(), month_start, out)


def _on_date_on(rules: Rules, m: re.Match[str], text: str, low: str, out: _Out) -> None:
    _add(out, text, m.start("don"), m.end(), "date", None)


def _on_money(rules: Rules, m: re.Match[str], text: str, low: str, out: _Out) -> None:
    value, _ = _digits(rules, m.group("mnd"), m.group("mnm"))
    _add(out, text, m.start(), m.end(), "money", value)


def _on_measure_before(rules: Rules, m: re.Match[str], text: str, low: str, out: _Out) -> None:
    number = _WORD.sub("", m.group()).strip(" -\t\n")
    value = int(number) if number.isdigit() else None
    _add(out, text, m.start(), m.end(), "measure", value)


def _on_half_and(rules: Rules, m: re.Match[str], text: str, low: str, out: _Out) -> None:
    small = m.group("han")
    whole = int(small) if small.isdigit() else rules.single[small][0]
    power = rules.magnitudes[m.group("has")]
    _add(out, text, m.start(), m.end(), "count", (2 * whole + 1) * 10 ** power // 2)


def _on_decade_word(rules: Rules, m: re.Match[str], text: str, low: str, out: _Out) -> None:
    _add(out, text, m.start(), m.end(), "decade", rules.decades[m.group()])


def _kind_handler(kind: str) -> _Handler:
    def handler(rules: Rules, m: re.Match[str], text: str, low: str, out: _Out) -> None:
        _add(out, text, m.start(), m.end(), kind, None)
    handler.__name__ = f"_on_{kind}"
    return handler


_HANDLERS: Mapping[str, _Handler] = MappingProxyType({
    "t_number": _on_number,
    "t_vague": _on_vague,
    "t_between": _on_between,
    "t_age": _on_age,
    "t_age_decade": _on_age_decade,
    "t_year": _on_year,
    "t_date_on": _on_date_on,
    "t_date_md": _on_month_day,
    "t_date_dm": _on_day_month,
    "t_date_numeric": _kind_handler("date"),
    "t_time": _kind_handler("time"),
    "t_phone": _kind_handler("phone"),
    "t_label_before": _kind_handler("label"),
    "t_label": _kind_handler("label"),
    "t_label_digits": _kind_handler("label"),
    "t_measure_before": _on_measure_before,
    "t_money": _on_money,
    "t_half_and": _on_half_and,
    "t_fraction": _kind_handler("fraction"),
    "t_fraction_digits": _kind_handler("fraction"),
    "t_half": _kind_handler("fraction"),
    "t_decade_word": _on_decade_word,
})


# ---------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------

def find_quantities(text: str, folded: str | None = None) -> list[Quantity]:
    """Every number-like span of ``text``, in text order, without overlaps (``folded``: ``text`` folded, if at hand).

    Where readings overlap the longest wins ("between 10 and 20" is one range,
    not two counts).  Counts, ranges and vague quantities have kinds in
    :data:`COUNT_KINDS`; everything else gets a kind that says why it is not
    a count (see :class:`Quantity`).

    >>> [(q.text, q.kind, q.value) for q in find_quantities(
    ...     "Officials said 1 500 people fled, and two hundred and six were hurt.")]
    [('1 500', 'count', 1500), ('two hundred and six', 'count', 206)]
    >>> found = find_quantities("Between 10 and 20 homes burned in 2011 near Route 66.")
    >>> [(q.text, q.kind, q.value, q.high) for q in found]  # doctest: +NORMALIZE_WHITESPACE
    [('Between 10 and 20', 'range', 10, 20), ('2011', 'year', 2011, 2011),
     ('Route 66', 'label', None, None)]
    >>> [(q.text, q.kind, q.code) for q in find_quantities(
    ...     "Dozens of people and some 82,000 cattle.")]
    [('Dozens', 'vague', 12), ('82,000', 'count', None)]
    >>> [(q.text, q.kind, q.bound) for q in find_quantities(
    ...     "A 12-year-old and 200,000+ others, 12% of all.")]
    [('12', 'age', None), ('200,000+', 'count', 'at_least'), ('12%', 'percent', None)]
    """
    rules = load_rules()
    low = fold(text) if folded is None else folded
    out: _Out = []
    _scan(rules, text, low, 0, len(text), out)
    return out


def fold(text: str) -> str:
    """``text`` lower-cased, every character at its offset (so a match in it is a match in ``text``).

    >>> fold("At least 12 KILLED in İzmir")
    'at least 12 killed in izmir'
    """
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_LONGER_LOWER).lower()


def parse_number(phrase: str) -> int | None:
    """The integer a whole phrase spells, or ``None`` if it is not one number.

    >>> parse_number("one hundred and twenty-three")
    123
    >>> parse_number("2.4 million"), parse_number("220,000"), parse_number("a dozen")
    (2400000, 220000, 12)
    >>> parse_number("half a million"), parse_number("Twenty-one"), parse_number("1.500")
    (500000, 21, 1500)
    >>> [parse_number(p) for p in ("twentieth", "5-7", "dozens", "12%")]
    [None, None, None, None]
    """
    stripped = phrase.strip()
    found = find_quantities(stripped)
    if len(found) != 1:
        return None
    q = found[0]
    if q.start != 0 or q.end != len(stripped) or q.kind not in ("count", "year"):
        return None
    return q.value
