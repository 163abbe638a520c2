"""Where and when: document dates, event dates, countries and places of claims (stats/context.py)."""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stats
from stats.claims import Claim
from stats.context import (
    _build_places,
    _places_file,
    _read_places,
    _write_places,
    country_code,
    find_places,
    load_context_rules,
    locate,
    normalise_date,
    resolve_date,
)
from stats.documents import Document
from stats.figures import split_sentences

REPO = Path(__file__).resolve().parents[1]
PACKAGED = resources.files("stats") / "rules" / "context.toml"


def _claim(text: str, number: str, occurrence: int = 0) -> Claim:
    """A claim on the ``occurrence``-th ``number`` of ``text``, independent of the extractor."""
    starts = [m.start() for m in re.finditer(rf"(?<![\w,]){re.escape(number)}(?![\w,])", text)]
    start = starts[occurrence]
    end = start + len(number)
    a, b = next((a, b) for a, b in split_sentences(text) if a <= start < b)
    return Claim(
        doc_id="d", category="killed", value=1, low=1, high=1, bound="exact", qualifier="", unit="person",
        subject="", source="", hedged=False, cumulative=False, projected=False, negated=False, subset=False,
        number_text=number, start=start, end=end, sentence=text[a:b],
    )


def _locate(text: str, number: str, country: str | None = None, title: str | None = None,
            date: str | None = None) -> Claim:
    doc = Document("d", text, date=date, title=title, country=country)
    return locate([_claim(text, number)], doc)[0]


# --- places -------------------------------------------------------------------

PLACES = [
    # id, text, the figure, country metadata, title, expected (place, country)
    ("city_in_the_sentence", "Gunmen opened fire on a bus near Peshawar, killing 7 passengers.", "7",
     "PAK", None, ("Peshawar", "PAK")),
    ("region_in_the_sentence", "Floods in Sindh province displaced 3,000 families last month.", "3,000",
     "PAK", None, ("Sindh", "PAK")),
    ("region_with_its_town", "Militants stormed Maiduguri, Borno State, and killed 15 traders.", "15",
     None, None, ("Maiduguri", "NGA")),
    ("country_only", "Across Yemen, 12,000 people have died since the fighting began.", "12,000",
     None, None, ("", "YEM")),
    ("country_only_named_once_in_passing", "Gunmen killed 4 guards, the ministry in Kenya said.", "4",
     None, None, ("", "KEN")),
    ("ambiguous_town_in_the_metadata_country", "Shelling in Tripoli wounded 4 people overnight.", "4",
     "LBN", None, ("Tripoli", "LBN")),
    ("ambiguous_town_other_metadata_country", "Shelling in Tripoli wounded 4 people overnight.", "4",
     "Libya", None, ("Tripoli", "LBY")),
    ("ambiguous_town_most_populous", "A bomb in Hyderabad hurt 9 shoppers.", "9",
     None, None, ("Hyderabad", "IND")),
    ("ambiguous_town_by_the_country_the_text_names", ("Pakistani police said a bomb in Hyderabad hurt 9 "
     "shoppers. Pakistan has seen many such attacks."), "9", None, None, ("Hyderabad", "PAK")),
    ("place_from_the_sentence_before", ("Militants attacked a checkpoint in Kunduz on Tuesday. "
     "Four soldiers and 2 civilians were killed."), "2", "AFG", None, ("Kunduz", "AFG")),
    ("place_from_two_sentences_before", ("Militants attacked a checkpoint in Kunduz on Tuesday. "
     "The fighting lasted for hours. At least 9 soldiers were killed."), "9", "AFG", None, ("Kunduz", "AFG")),
    ("own_sentence_wins_over_the_one_before", ("Militants attacked a checkpoint in Kunduz on Tuesday. "
     "In Baghlan, 5 police officers were killed."), "5", "AFG", None, ("Baghlan", "AFG")),
    ("nearest_place_in_the_sentence", "Troops moved from Homs to Hama, where 6 fighters were killed.", "6",
     "SYR", None, ("Hama", "SYR")),
    ("place_from_the_title", "Three people were killed, police said.", "Three", "PAK",
     "Bomb blast rocks Quetta market", ("Quetta", "PAK")),
    ("most_mentioned_place", ("Kandahar is tense. Shops in Kandahar closed early. Traders were worried. "
     "Schools stayed shut. Roads were empty. Officials held a meeting. At least 8 people were hurt."), "8",
     "AFG", None, ("Kandahar", "AFG")),
    ("a_place_named_once_long_before_is_not_taken", ("Talks were held in Kabul. Traders were worried. "
     "Schools stayed shut. Roads were empty. Officials held a meeting. At least 8 people were hurt."), "8",
     "AFG", None, ("", "AFG")),
    ("country_scope_keeps_the_place_empty", ("Fighting raged in Aleppo this week. "
     "The war in Syria has killed 400,000 people since 2011."), "400,000", "SYR", None, ("", "SYR")),
    ("demonym_war_scope_keeps_the_place_empty", ("Fighting raged in Aleppo this week. "
     "The Syrian civil war has displaced 6 million people."), "6 million", None, None, ("", "SYR")),
    ("country_scope_in_the_sentence_before_stops_the_search", ("Fighting raged in Aleppo this week. "
     "Nationwide, the conflict in Syria has forced many from their homes. Some 7 million are displaced."),
     "7 million", "SYR", None, ("", "SYR")),
    ("demonym_of_the_victims_is_no_scope", ("Jihadists seized Idlib on Friday. 30 Syrian soldiers were "
     "killed."), "30", "SYR", None, ("Idlib", "SYR")),
    ("a_country_in_an_organisation_name_is_no_scope", ("Rebels took Jisr al-Shughour on Saturday. "
     "The London-based Syrian Observatory for Human Rights said 14 fighters died."), "14", "SYR", None,
     ("Jisr al-Shughour", "SYR")),
    ("place_written_as_the_text_writes_it", "Shells fell on Jisr ash-Shughur and 11 people died.", "11",
     "SYR", None, ("Jisr ash-Shughur", "SYR")),
    ("common_words_are_not_places", ("Police said 5 people were hurt. Mercy Corps said 40 families were "
     "displaced."), "40", None, None, ("", "")),
    ("capitalised_common_word_opening_a_sentence", "Most of the 30 victims were women.", "30",
     None, None, ("", "")),
    ("town_name_opening_a_sentence_is_only_a_word", "Hit by a truck, 2 pedestrians died.", "2",
     None, None, ("", "")),
    ("dateline_opening_the_text", "KABUL, Afghanistan (AP) - A roadside bomb killed 3 soldiers.", "3",
     None, None, ("KABUL", "AFG")),
    ("town_opening_a_sentence_named_again_later", ("Aleppo was shelled again and 7 people died. Aid reached "
     "Aleppo later."), "7", None, None, ("Aleppo", "SYR")),
    ("same_town_name_inside_a_sentence", "Residents fled Hit after 2 pedestrians died.", "2",
     None, None, ("Hit", "IRQ")),
    ("foreign_namesake_of_a_local_village", "Herders attacked Kabo village, wounding 2 farmers.", "2",
     "BEN", None, ("", "BEN")),
    ("hyphenated_adjective_is_no_place", "The UK-based group said 12 people were killed.", "12",
     "SYR", None, ("", "SYR")),
    ("month_is_no_place", "In March 4 people were killed.", "4", None, None, ("", "")),
]


@pytest.mark.parametrize("text, number, country, title, expected", [c[1:] for c in PLACES],
                         ids=[c[0] for c in PLACES])
def test_place_and_country(text, number, country, title, expected):
    claim = _locate(text, number, country=country, title=title)
    assert (claim.place, claim.country) == expected


def test_find_places_gives_offsets_kinds_and_names():
    text = "Shelling hit Jisr al-Shughur, Idlib province and Latakia; 8 million are displaced inside Syria."
    places = find_places(text)
    assert [(p.text, p.kind, p.country, p.scope) for p in places] == [
        ("Jisr al-Shughur", "city", "SYR", False), ("Idlib", "region", "SYR", False),
        ("Latakia", "city", "SYR", False), ("Syria", "country", "SYR", True),
    ]
    assert all(text[p.start:p.end] == p.text for p in places)
    assert places[0].name != places[0].text  # the gazetteer's spelling is kept apart


def test_find_places_on_empty_and_lower_case_text():
    assert find_places("") == []
    assert find_places("no capitals here, only 3 dead in the town") == []


# --- countries ----------------------------------------------------------------

COUNTRY_CODES = [
    ("SYR", "SYR"), ("syr", "SYR"), ("SY", "SYR"), ("760", "SYR"), ("Syria", "SYR"),
    ("Syrian Arab Republic", "SYR"), ("Afghanistan;AFG;004", "AFG"), ("Abyei Area;AB9;", None),
    ("Benin", "BEN"), ("Ivory Coast", "CIV"), ("Côte d'Ivoire", "CIV"), ("DR Congo", "COD"),
    ("U.S.", "USA"), ("Iran", "IRN"), ("Narnia", None), ("", None), (None, None),
]


@pytest.mark.parametrize("value, expected", COUNTRY_CODES, ids=[repr(v) for v, _ in COUNTRY_CODES])
def test_country_code(value, expected):
    assert country_code(value) == expected


COUNTRIES = [
    # id, text, country metadata, expected country of the claim
    ("metadata_iso3", "Two people died in the floods.", "SYR", "SYR"),
    ("metadata_name", "Two people died in the floods.", "Benin", "BEN"),
    ("metadata_idmc", "Two people died in the floods.", "Afghanistan;AFG;004", "AFG"),
    ("metadata_unreadable", "Two people died in the floods.", "Atlantis", ""),
    ("missing_metadata_country_named_in_the_text", "Kenya's rains were heavy. Two people died.", None, "KEN"),
    ("missing_metadata_demonym_in_the_text", "Somali officials said two people died.", None, "SOM"),
    ("missing_everything", "Two people died in the floods.", None, ""),
    ("place_outweighs_metadata", "Across the border in Peshawar, two people died.", "AFG", "PAK"),
]


@pytest.mark.parametrize("text, country, expected", [c[1:] for c in COUNTRIES], ids=[c[0] for c in COUNTRIES])
def test_country(text, country, expected):
    assert _locate(text, "two" if "two" in text else "Two", country=country).country == expected


# --- dates --------------------------------------------------------------------

SATURDAY = "2015-04-25"
DATES = [
    # id, sentence, document date, expected event date
    ("on_weekday_equal_to_the_document_weekday", "Three people were killed on Saturday.", SATURDAY, SATURDAY),
    ("bare_weekday_possessive", "Saturday's blast killed three people.", SATURDAY, SATURDAY),
    ("on_weekday_before", "Three people were killed on Friday.", SATURDAY, "2015-04-24"),
    ("on_weekday_six_days_before", "Three people were killed on Sunday.", SATURDAY, "2015-04-19"),
    ("last_weekday", "Three people were killed last Wednesday.", SATURDAY, "2015-04-22"),
    ("last_weekday_equal_to_the_document_weekday", "Three people were killed last Saturday.", SATURDAY,
     "2015-04-18"),
    ("weekday_night", "Three people were killed on Monday night.", SATURDAY, "2015-04-20"),
    ("yesterday", "Three people were killed yesterday.", SATURDAY, "2015-04-24"),
    ("today", "Three people were killed today, police said.", SATURDAY, SATURDAY),
    ("this_morning", "Three people were killed this morning.", SATURDAY, SATURDAY),
    ("last_night", "Three people were killed last night.", SATURDAY, "2015-04-24"),
    ("day_month", "Three people were killed on 25 April.", SATURDAY, SATURDAY),
    ("month_day", "Three people were killed on April 20.", SATURDAY, "2015-04-20"),
    ("day_month_year", "Three people were killed on 25 April 2015.", "2016-01-02", SATURDAY),
    ("month_day_comma_year", "Three people were killed on April 2, 2014.", SATURDAY, "2014-04-02"),
    ("ordinal_of_month", "Three people were killed on the 8th of March.", SATURDAY, "2015-03-08"),
    ("abbreviated_month", "Three people were killed on Sept. 9.", SATURDAY, "2014-09-09"),
    ("day_month_rolls_back_a_year", "Three people were killed on 28 December.", "2016-01-02", "2015-12-28"),
    ("weekday_rolls_back_a_month", "Three people were killed on Tuesday.", "2015-05-01", "2015-04-28"),
    ("weekday_rolls_back_a_year", "Three people were killed on Wednesday.", "2016-01-01", "2015-12-30"),
    ("the_nth", "Three people were killed on the 3rd, officials said.", SATURDAY, "2015-04-03"),
    ("the_nth_rolls_back_a_month", "Three people were killed on the 28th.", SATURDAY, "2015-03-28"),
    ("iso_date_in_the_text", "Three people were killed on 2015-04-20.", None, "2015-04-20"),
    ("last_week_is_no_date", "Three people were killed last week.", SATURDAY, None),
    ("month_alone_is_no_date", "Three people were killed in April 2015.", SATURDAY, None),
    ("no_date", "Three people were killed.", SATURDAY, None),
    ("since_a_day_is_no_event_date", "Three people have been killed since Monday.", SATURDAY, None),
    ("next_weekday_is_no_event_date", "Three people will be buried next Monday.", SATURDAY, None),
    ("ordinal_unit_is_no_date", "Fighters from the 13th Division killed three people.", SATURDAY, None),
    ("impossible_day", "Three people were killed on 31 April.", SATURDAY, None),
    ("no_document_date_relative", "Three people were killed on Saturday.", None, None),
    ("no_document_date_yesterday", "Three people were killed yesterday.", None, None),
    ("no_document_date_day_month", "Three people were killed on 25 April.", None, None),
    ("no_document_date_full_date", "Three people were killed on 25 April 2015.", None, SATURDAY),
    ("unreadable_document_date", "Three people were killed on Saturday.", "last spring", None),
    ("document_date_with_a_time", "Three people were killed on Friday.", "2015-04-25T08:30:00Z", "2015-04-24"),
]


@pytest.mark.parametrize("sentence, doc_date, expected", [c[1:] for c in DATES], ids=[c[0] for c in DATES])
def test_resolve_date(sentence, doc_date, expected):
    assert resolve_date(sentence, doc_date) == expected


@pytest.mark.parametrize("sentence, doc_date, expected", [c[1:] for c in DATES], ids=[c[0] for c in DATES])
def test_locate_gives_the_event_date_of_the_figure_sentence(sentence, doc_date, expected):
    claim = _locate(sentence, "three" if "three" in sentence else "Three", date=doc_date)
    assert claim.event_date == expected


def test_the_date_nearest_to_the_figure_wins():
    text = "The siege began on Monday, and on Thursday 5 people died."
    assert _locate(text, "5", date=SATURDAY).event_date == "2015-04-23"
    assert resolve_date(text, SATURDAY) == "2015-04-20"  # without a position: the first


def test_a_date_in_another_sentence_is_not_taken():
    text = "Rebels attacked on Friday. 5 people died."
    assert _locate(text, "5", date=SATURDAY).event_date is None


DOC_DATES = [
    ("2015-04-25", "2015-04-25"), ("2015-04-25T10:00:00+02:00", "2015-04-25"), ("2015/04/25", "2015-04-25"),
    ("20150425", "2015-04-25"), ("25 April 2015", "2015-04-25"), ("April 25, 2015", "2015-04-25"),
    ("Sat, 25 Apr 2015 10:00:00 GMT", "2015-04-25"), ("2015-13-45", None), ("April 2015", None),
    ("yesterday", None), ("", None), (None, None),
]


@pytest.mark.parametrize("value, expected", DOC_DATES, ids=[repr(v) for v, _ in DOC_DATES])
def test_document_date_is_normalised(value, expected):
    assert normalise_date(value) == expected
    assert _locate("Two people died.", "Two", date=value).doc_date == expected


# --- the seed -----------------------------------------------------------------


def test_the_seed_claims_carry_country_and_place():
    (doc,) = stats.read_documents([REPO / "seeds"])
    claims = stats.extract_document(doc)
    assert claims and all(c.doc_date == "2015-04-25" for c in claims)
    by_value = {c.value: c for c in claims}
    soldiers = by_value[60]
    assert (soldiers.country, soldiers.place) == ("SYR", "Jisr al-Shughour")
    assert soldiers.event_date is None  # its sentence gives no date
    for value in (220_000, 8_000_000, 4_000_000):
        assert (by_value[value].country, by_value[value].place) == ("SYR", "")


# --- robustness ---------------------------------------------------------------

METADATA = st.one_of(st.none(), st.text(max_size=30), st.sampled_from(
    ["SYR", "Afghanistan;AFG;004", "Benin", "2015-04-25", "31/02/2015", "0001-01-01", "9999-12-31", ";;"]))


@st.composite
def documents_and_claims(draw) -> tuple[Document, list[Claim]]:
    words = st.sampled_from(["Aleppo", "Syria", "Syrian", "war", "on", "Saturday", "25", "April", "the", "3rd",
                             "Police", "Jisr", "al-Shughour", "in", "killed", "yesterday", ".", ",", "\n\n",
                             "Kabul's", "UK-based", "Mazar-e", "Sharif", "last", "since"])
    text = draw(st.one_of(st.text(), st.lists(words, max_size=40).map(" ".join)))
    doc = Document("d", text, date=draw(METADATA), title=draw(METADATA), country=draw(METADATA))
    claims = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(-5, len(text) + 5))
        claims.append(Claim(
            doc_id="d", category="killed", value=1, low=1, high=1, bound="exact", qualifier="", unit="person",
            subject="", source="", hedged=False, cumulative=False, projected=False, negated=False,
            subset=False, number_text="1", start=start, end=start + 1, sentence=draw(st.text(max_size=40)),
        ))
    return doc, claims


@settings(max_examples=300, deadline=None)
@given(documents_and_claims())
def test_locate_never_raises_and_gives_iso3_or_nothing(case):
    doc, claims = case
    located = locate(claims, doc)
    assert len(located) == len(claims)
    for c in located:
        assert c.country == "" or re.fullmatch(r"[A-Z]{3}", c.country)
        assert c.doc_date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", c.doc_date)
        assert c.event_date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", c.event_date)
        assert c.place == "" or c.place in doc.text or c.place in (doc.title or "")


@settings(max_examples=200, deadline=None)
@given(st.text(), METADATA)
def test_helpers_never_raise(text, meta):
    for p in find_places(text, meta):
        assert text[p.start:p.end] == p.text and p.kind in ("city", "region", "country")
    resolve_date(text, meta)
    normalise_date(meta)
    assert country_code(meta) is None or re.fullmatch(r"[A-Z]{3}", country_code(meta))


def test_locate_on_real_claims_of_text_with_an_unusual_document():
    doc = Document("d", "At least 12 people were killed in Kabul on Saturday.", date="20150425", country="af")
    (claim,) = stats.extract_document(doc)
    assert (claim.doc_date, claim.event_date, claim.country, claim.place) == (
        "2015-04-25", "2015-04-25", "AFG", "Kabul")
    assert locate([], doc) == []


# --- the rules file -------------------------------------------------------------


def _with(tmp_path, old: str, new: str) -> str:
    text = PACKAGED.read_text(encoding="utf-8")
    assert old in text, f"the packaged rules no longer contain {old!r}"
    path = tmp_path / "context.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


BAD_RULES = [
    ("six_weekdays", '"Saturday", "Sunday"]', '"Saturday"]', "dates.weekdays"),
    ("month_not_a_list", '["May"]', '"May"', "dates.months"),
    ("month_named_twice", '["June", "Jun"]', '["June", "Jan"]', "names two months"),
    ("relative_offset_not_a_number", '"yesterday" = -1', '"yesterday" = "minus one"', "dates.relative"),
    ("missing_list", "not_after = [", "not_after_old = [", "dates.not_after] is missing"),
    ("empty_word", 'last = ["last",', 'last = ["",', "non-empty strings"),
    ("trailing_kind", '"province" = "region"', '"province" = "county"', "places.trailing"),
    ("bad_country_code", '"Syrian" = "SYR"', '"Syrian" = "SYRIA"', "countries.demonyms"),
    ("negative_count", "sentences_back = 3", "sentences_back = -1", "sentences_back"),
    ("count_not_an_integer", "sentences_back = 3", 'sentences_back = "three"', "sentences_back"),
    ("not_toml", "[places.trailing]", "[places.trailing", "context.toml"),
]


@pytest.mark.parametrize("old, new, message", [c[1:] for c in BAD_RULES], ids=[c[0] for c in BAD_RULES])
def test_a_bad_rules_file_names_the_file_and_the_key(tmp_path, old, new, message):
    path = _with(tmp_path, old, new)
    with pytest.raises(ValueError) as error:
        load_context_rules(path)
    assert str(error.value).startswith(path)
    assert message in str(error.value)


def test_the_table_of_places_reads_back_from_its_cache_file_as_built(tmp_path):
    table = _build_places(load_context_rules())
    path = tmp_path / "places-a.marshal"
    _write_places(path, table)
    assert _read_places(path) == table
    assert table["kobani"][0].country == "SYR"


@pytest.mark.parametrize("damage", [
    lambda data: data[:-100],                          # cut short
    lambda data: data[:40] + b"x" + data[41:],         # a byte changed
    lambda data: b"",                                  # empty
    lambda data: b"not a cache file at all",
], ids=["cut_short", "byte_changed", "empty", "other_content"])
def test_a_damaged_cache_file_is_not_read(tmp_path, damage):
    path = tmp_path / "places-a.marshal"
    _write_places(path, {"kobani": _build_places(load_context_rules())["kobani"]})
    path.write_bytes(damage(path.read_bytes()))
    assert _read_places(path) is None
    assert _read_places(tmp_path / "missing.marshal") is None


def test_writing_the_cache_replaces_older_files_and_survives_a_directory_it_cannot_make(tmp_path):
    table = {"kobani": _build_places(load_context_rules())["kobani"]}
    (tmp_path / "places-old.marshal").write_bytes(b"from another version")
    _write_places(tmp_path / "places-new.marshal", table)
    assert [p.name for p in tmp_path.iterdir()] == ["places-new.marshal"]
    blocked = tmp_path / "a file"
    blocked.write_text("not a directory")
    _write_places(blocked / "places-new.marshal", table)  # no error: the table is just not kept
    assert blocked.read_text() == "not a directory"


def test_the_cache_file_is_named_by_the_rules_and_can_be_turned_off(tmp_path, monkeypatch):
    rules = load_context_rules()
    monkeypatch.setenv("STATS_CACHE_DIR", str(tmp_path))
    path = _places_file(rules)
    assert path.parent == tmp_path and path.name.startswith("places-")
    other = load_context_rules(_with(tmp_path, '"police"', '"policia"'))
    assert _places_file(other) != path
    monkeypatch.setenv("STATS_CACHE_DIR", "")
    assert _places_file(rules) is None


def test_the_packaged_rules_load():
    rules = load_context_rules()
    assert rules.weekdays["Monday"] == 0 and rules.months["December"] == 12
    assert "police" in rules.stop and "march" in rules.stop
