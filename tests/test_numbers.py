"""Tests for stats.numbers: reading numbers in news text (stage 1).

The table cases are sentences written for these tests in the style of news
reports; each names one quantity of its sentence and what it must read as.
"""
from __future__ import annotations

import csv
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats.numbers import (
    COUNT_KINDS,
    KINDS,
    RULES_PATH,
    Quantity,
    find_quantities,
    load_rules,
    parse_number,
)

DEV_FILE = Path(__file__).resolve().parents[1].parent / "shared/data/number_words_dev.csv"

_SAME = object()  # "high" defaults to the value


def case(id_: str, sentence: str, surface: str, kind: str, value: int | None = None,
         high: object = _SAME, code: int | None = None, bound: str | None = None) -> object:
    """One table case: in ``sentence``, the quantity ``surface`` reads so."""
    return pytest.param(sentence, surface, kind, value, value if high is _SAME else high,
                        code, bound, id=id_)


def only(sentence: str, surface: str) -> Quantity:
    found = [q for q in find_quantities(sentence) if q.text == surface]
    assert len(found) == 1, [(q.text, q.kind) for q in find_quantities(sentence)]
    return found[0]


SEPARATORS = [
    case("sep-space", "Officials said 1 500 people had fled the town.", "1 500", "count", 1500),
    case("sep-comma", "The floods displaced 220,000 people last week.", "220,000", "count", 220000),
    case("sep-comma-millions", "Aid reached 1,234,567 people in the region.", "1,234,567", "count",
         1234567),
    case("sep-thin-space", "The agency counted 1\u2009500 tents.", "1\u2009500", "count", 1500),
    case("sep-no-break-space", "Some 12\u00a0000 residents left.", "12\u00a0000", "count", 12000),
    case("sep-narrow-no-break", "About 3\u202f400 homes flooded.", "3\u202f400", "count", 3400),
    case("sep-dot-thousands", "The mayor said 1.500 families lost their homes.", "1.500", "count",
         1500),
    case("sep-dots-millions", "Nearly 1.500.000 people need help.", "1.500.000", "count", 1500000),
    case("sep-space-millions", "In all 2 000 000 were affected.", "2 000 000", "count", 2000000),
    case("sep-plain", "At least 60 people died in the blast.", "60", "count", 60),
    case("sep-sentence-end", "The toll rose to 1,500.", "1,500", "count", 1500),
    case("sep-parentheses", "Casualties (60) were taken to hospital.", "60", "count", 60),
    case("sep-hyphen-word", "A 100,000-strong crowd gathered.", "100,000", "count", 100000),
    case("sep-single-digit", "Police said 3 officers were hurt.", "3", "count", 3),
    case("sep-zero", "The ministry reported 0 deaths overnight.", "0", "count", 0),
]

MAGNITUDES = [
    case("mag-decimal-million", "The war has displaced 2.4 million people.", "2.4 million", "count",
         2400000),
    case("mag-m-attached", "Some 1.5m refugees crossed the border.", "1.5m", "count", 1500000),
    case("mag-m-people", "The storm affected 3m people.", "3m", "count", 3000000),
    case("mag-bn", "Aid agencies warned that 2bn people face shortages.", "2bn", "count",
         2000000000),
    case("mag-bn-spaced", "A further 2 bn are at risk.", "2 bn", "count", 2000000000),
    case("mag-k", "Organisers said 10k marched.", "10k", "count", 10000),
    case("mag-lakh", "Over 1.2 lakh people were evacuated.", "1.2 lakh", "count", 120000),
    case("mag-crore", "Nearly 2 crore residents were affected.", "2 crore", "count", 20000000),
    case("mag-thousand-word", "Officials said 3.5 thousand were sheltered.", "3.5 thousand",
         "count", 3500),
    case("mag-dot-before-million", "The figure was 1.500 million.", "1.500 million", "count",
         1500000),
    case("mag-metre-wall", "Workers built a 3m wall around the camp.", "3m", "measure", 3),
    case("mag-metre-high", "Floodwater stood 3m high in places.", "3m", "measure", 3),
    case("mag-km-not-k", "The convoy travelled 5km before stopping.", "5km", "measure", 5),
]

WORDS = [
    case("words-and", "One hundred and twenty-three people were rescued.",
         "One hundred and twenty-three", "count", 123),
    case("words-capital-hyphen", "Twenty-one soldiers were killed.", "Twenty-one", "count", 21),
    case("words-a-million", "More than a million people fled.", "a million", "count", 1000000),
    case("words-a-hundred", "Nearly a hundred houses burned.", "a hundred", "count", 100),
    case("words-two-dozen", "Two dozen fishermen are missing.", "Two dozen", "count", 24),
    case("words-a-dozen", "More than a dozen were injured.", "a dozen", "count", 12),
    case("words-a-score", "A score of villagers were detained.", "A score", "count", 20),
    case("words-half-a-million", "Half a million people lack water.", "Half a million", "count",
         500000),
    case("words-half-a-dozen", "Half a dozen journalists were held.", "Half a dozen", "count", 6),
    case("words-a-couple", "A couple of guards were wounded.", "A couple", "count", 2),
    case("words-upper-case", "THREE BODIES WERE FOUND.", "THREE", "count", 3),
    case("words-twelve-hundred", "Twelve hundred families were moved.", "Twelve hundred", "count",
         1200),
    case("words-thousand-and-one", "A thousand and one tents went up.", "A thousand and one",
         "count", 1001),
    case("words-space-tens", "Officials said twenty one people died.", "twenty one", "count", 21),
    case("words-no-and", "Four hundred thousand people fled.", "Four hundred thousand", "count",
         400000),
    case("words-scales-fall", "Two million three hundred thousand people were counted.",
         "Two million three hundred thousand", "count", 2300000),
    case("words-zero", "Zero casualties were reported.", "Zero", "count", 0),
    case("words-seven", "Seven people died.", "Seven", "count", 7),
    case("words-ninety-nine", "Ninety-nine prisoners were freed.", "Ninety-nine", "count", 99),
    case("words-and-a-half", "One and a half million people are displaced.",
         "One and a half million", "count", 1500000),
    case("words-sextillion",
         "The model counted one sextillion two hundred thirty-four quintillion grains.",
         "one sextillion two hundred thirty-four quintillion", "count",
         10**21 + 234 * 10**18),
    case("words-one", "One person was killed.", "One", "count", 1),
]

MIXED = [
    case("mixed-digit-million", "The UN said 4 million people need aid.", "4 million", "count",
         4000000),
    case("mixed-decimal-million", "Some 1.2 million children are out of school.", "1.2 million",
         "count", 1200000),
    case("mixed-plus", "More than 200,000+ were displaced.", "200,000+", "count", 200000,
         bound="at_least"),
    case("mixed-tilde", "Witnesses counted ~60 bodies.", "~60", "count", 60, bound="approx"),
    case("mixed-tilde-space", "The camp holds ~ 600 families.", "~ 600", "count", 600,
         bound="approx"),
    case("mixed-some-qualifier", "Some 82,000 people fled.", "82,000", "count", 82000),
]

RANGES = [
    case("range-hyphen", "Police said 5-7 officers died.", "5-7", "range", 5, 7),
    case("range-en-dash", "Reports said 5–7 people died.", "5–7", "range", 5, 7),
    case("range-between", "Between 10 and 20 homes burned.", "Between 10 and 20", "range", 10, 20),
    case("range-between-words", "Between ten and twenty soldiers died.", "Between ten and twenty",
         "range", 10, 20),
    case("range-between-hundreds", "Between one hundred and two hundred fled.",
         "Between one hundred and two hundred", "range", 100, 200),
    case("range-to", "Officials said 10 to 15 people were hurt.", "10 to 15", "range", 10, 15),
    case("range-or-words", "Two or three shells hit the school.", "Two or three", "range", 2, 3),
    case("range-or-digits", "Police said 5 or 6 attackers escaped.", "5 or 6", "range", 5, 6),
    case("range-tens", "About 50-60 fighters were killed.", "50-60", "range", 50, 60),
    case("range-grouped", "Some 5,000-7,000 people marched.", "5,000-7,000", "range", 5000, 7000),
    case("range-shared-million", "The war displaced 2-3 million people.", "2-3 million", "range",
         2000000, 3000000),
    case("range-shared-million-words", "Two to three million people fled.",
         "Two to three million", "range", 2000000, 3000000),
    case("range-abbreviated", "Officials counted 150-60 dead.", "150-60", "range", 150, 160),
    case("range-percent", "Prices rose 10-15% this year.", "10-15%", "percent", 10, 15),
]

VAGUE = [
    case("vague-several", "Several people were hurt.", "Several", "vague", None, None, 3),
    case("vague-a-few", "A few houses were damaged.", "A few", "vague", None, None, 3),
    case("vague-some", "Some were taken to hospital.", "Some", "vague", None, None, 3),
    case("vague-many", "Many were trapped under the rubble.", "Many", "vague", None, None, 3),
    case("vague-a-lot-of", "A lot of families left.", "A lot", "vague", None, None, 3),
    case("vague-multiple", "Multiple civilians were wounded.", "Multiple", "vague", None, None, 3),
    case("vague-a-number-of", "A number of soldiers were captured.", "A number", "vague", None,
         None, 3),
    case("vague-unknown-number", "An unknown number of migrants drowned.", "An unknown number",
         "vague", None, None, 3),
    case("vague-tens", "Tens were killed in the raid.", "Tens", "vague", None, None, 10),
    case("vague-dozens", "Dozens of people were killed.", "Dozens", "vague", None, None, 12),
    case("vague-scores", "Scores of homes were destroyed.", "Scores", "vague", None, None, 20),
    case("vague-hundreds", "Hundreds fled the fighting.", "Hundreds", "vague", None, None, 100),
    case("vague-several-hundred", "Several hundred people gathered.", "Several hundred", "vague",
         None, None, 100),
    case("vague-thousands", "Thousands of people were evacuated.", "Thousands", "vague", None, None,
         1000),
    case("vague-several-thousand", "Several thousand troops moved in.", "Several thousand", "vague",
         None, None, 1000),
    case("vague-tens-of-thousands", "Tens of thousands of people fled.", "Tens of thousands",
         "vague", None, None, 10000),
    case("vague-hundreds-of-thousands", "Hundreds of thousands remain displaced.",
         "Hundreds of thousands", "vague", None, None, 100000),
    case("vague-millions", "Millions face hunger.", "Millions", "vague", None, None, 1000000),
    case("vague-several-dozen", "Several dozen were arrested.", "Several dozen", "vague", None,
         None, 12),
    case("vague-digit-plural", "100s of people lost their homes.", "100s", "vague", None, None,
         100),
]

# Spanish, Portuguese and French reports: their number words, scales and
# "un centenar" (a hundred); a group of digits after ", " that opens with 0
# goes on the number ("61, 000").
OTHER_LANGUAGES = [
    case("es-word", "Hay diez familias evacuadas.", "diez", "count", 10),
    case("es-tens", "Murieron cuarenta personas.", "cuarenta", "count", 40),
    case("es-scale-after-digits", "Se registran 2 mil viviendas con daños.", "2 mil", "count", 2000),
    case("es-word-scale", "Unas diez mil personas huyeron.", "diez mil", "count", 10000),
    case("es-millones", "Hay 3 millones de desplazados.", "3 millones", "count", 3000000),
    case("es-un-millon", "Un millón de personas fueron evacuadas.", "Un millón", "count", 1000000),
    case("es-un-centenar", "Obligó a evacuar un centenar de casas.", "un centenar", "count", 100),
    case("fr-une-centaine", "Une centaine de maisons ont été détruites.", "Une centaine", "count", 100),
    case("fr-une-dizaine", "Une dizaine de blessés.", "Une dizaine", "count", 10),
    case("pt-word", "Morreram oito pessoas.", "oito", "count", 8),
    case("fr-word", "Trois personnes sont mortes.", "Trois", "count", 3),
    case("es-vague-cientos", "Cientos de personas huyeron.", "Cientos", "vague", None, None, 100),
    case("fr-vague-milliers", "Des milliers de personnes ont fui.", "milliers", "vague", None, None, 1000),
    case("es-vague-miles-de", "Miles de personas huyeron.", "Miles de", "vague", None, None, 1000),
    case("en-miles-is-a-distance", "The convoy drove 40 miles north.", "40 miles", "measure", 40),
    case("sep-comma-space-zeros", "and 61, 000 people displaced.", "61, 000", "count", 61000),
    case("un-is-not-a-number", "The UN said 5 people died.", "5", "count", 5),
]

YEARS = [
    case("year-in", "The war began in 2011.", "2011", "year", 2011),
    case("year-since", "Since 2012 the toll has risen.", "2012", "year", 2012),
    case("year-plain", "2015 was the deadliest year.", "2015", "year", 2015),
    case("year-count-noun", "Officials said 2015 people were registered.", "2015", "count", 2015),
    case("year-mid", "Fighting resumed in mid-2015.", "2015", "year", 2015),
    case("year-early", "The camp opened in early 2014.", "2014", "year", 2014),
    case("year-range", "The 2015-16 season was wet.", "2015-16", "year", 2015, 2016),
    case("year-before-noun", "Since 2011 civilians have borne the brunt.", "2011", "year", 2011),
    case("year-shaped-count", "The ministry removed 2000 teachers from the list.", "2000", "count",
         2000),
]

DATES = [
    case("date-day-month", "The attack happened on 25 April.", "25 April", "date"),
    case("date-month-day", "The attack happened on April 25.", "April 25", "date"),
    case("date-day-month-year", "It struck on 25 April 2015.", "25 April 2015", "date"),
    case("date-slashes", "It struck on 25/04/2015.", "25/04/2015", "date"),
    case("date-iso", "It struck on 2015-04-25.", "2015-04-25", "date"),
    case("date-on-the", "The convoy left on the 3rd.", "3rd", "date"),
    case("date-month-year", "Talks collapsed in April 2015.", "April 2015", "date"),
    case("date-abbreviation", "Fighting resumed on Dec. 5.", "Dec. 5", "date"),
    case("date-ordinal-of", "Fighting resumed on the 3rd of April.", "3rd of April", "date"),
    case("date-may-capital", "Voting ends May 5.", "May 5", "date"),
    case("date-may-verb", "Officials fear 5 may have died.", "5", "count", 5),
    case("date-day-range", "Clashes raged on 5-6 April.", "5-6 April", "date"),
    case("date-between-month", "Between 26 and 29 March 17 soldiers died.",
         "Between 26 and 29 March", "date"),
]

TIMES = [
    case("time-am", "The blast happened at 1am.", "1am", "time"),
    case("time-colon", "The curfew starts at 10:30.", "10:30", "time"),
    case("time-pm-dots", "Shelling began at 10 p.m. local time.", "10 p.m.", "time"),
    case("time-gmt", "The ceasefire starts at 0900 GMT.", "0900 GMT", "time"),
    case("time-dot-pm", "The market opened at 10.30pm.", "10.30pm", "time"),
    case("time-oclock", "They met at 6 o'clock.", "6 o'clock", "time"),
    case("time-hours", "Troops moved at 0600 hours.", "0600 hours", "time"),
]

PERCENT = [
    case("percent-sign", "Turnout fell 12% in the north.", "12%", "percent", 12),
    case("percent-word", "Turnout fell 12 percent.", "12 percent", "percent", 12),
    case("percent-two-words", "Turnout fell 12 per cent.", "12 per cent", "percent", 12),
    case("percent-decimal", "Inflation hit 12.5%.", "12.5%", "percent", None),
    case("percent-spelled", "Twelve per cent of homes were hit.", "Twelve per cent", "percent", 12),
    case("percent-points", "Support fell 3 percentage points.", "3 percentage points", "percent",
         3),
]

MONEY = [
    case("money-dollar", "Each family received $5 a day.", "$5", "money", 5),
    case("money-dollars-word", "Each family received 5 dollars.", "5 dollars", "money", 5),
    case("money-us-million", "Donors pledged US$2 million.", "US$2 million", "money", 2000000),
    case("money-euro-m", "The EU gave €3m in aid.", "€3m", "money", 3000000),
    case("money-euros-word", "The fine was 500,000 euros.", "500,000 euros", "money", 500000),
    case("money-rupees", "Victims got Rs 100 each.", "Rs 100", "money", 100),
    case("money-pound-bn", "The plan costs £1.5bn.", "£1.5bn", "money", 1500000000),
    case("money-million-dollars", "Damage reached 5 million dollars.", "5 million dollars", "money",
         5000000),
    case("money-us-dollars", "Losses hit 1.5 million U.S. dollars.", "1.5 million U.S. dollars",
         "money", 1500000),
]

MEASURES = [
    case("measure-miles", "The storm was 185 miles wide.", "185 miles", "measure", 185),
    case("measure-km", "Refugees walked 300 km to the border.", "300 km", "measure", 300),
    case("measure-sq-km", "Fire burned 2 sq km of forest.", "2 sq km", "measure", 2),
    case("measure-kg", "Each ration was 5 kg.", "5 kg", "measure", 5),
    case("measure-metres", "The wave was 3 metres high.", "3 metres", "measure", 3),
    case("measure-tonnes", "Trucks carried 10 tonnes of food.", "10 tonnes", "measure", 10),
    case("measure-magnitude-before", "A magnitude 7.8 quake struck.", "magnitude 7.8", "measure",
         None),
    case("measure-magnitude-after", "A 7.8-magnitude quake struck.", "7.8-magnitude", "measure",
         None),
    case("measure-hyphen-km", "A 10-km stretch of road was closed.", "10-km", "measure", 10),
    case("measure-degrees", "Temperatures reached 40 degrees.", "40 degrees", "measure", 40),
    case("measure-hectares", "Crops on 5ha were lost.", "5ha", "measure", 5),
]

ORDINALS = [
    case("ordinal-13th", "It was the 13th attack this year.", "13th", "ordinal", 13),
    case("ordinal-1st", "The 1st battalion withdrew.", "1st", "ordinal", 1),
    case("ordinal-22nd", "The 22nd convoy arrived.", "22nd", "ordinal", 22),
    case("ordinal-word", "The seventh victim was a child.", "seventh", "ordinal", 7),
    case("ordinal-compound", "Its twenty-first anniversary passed.", "twenty-first", "ordinal", 21),
    case("ordinal-hundredth", "The one hundredth day of the siege.", "one hundredth", "ordinal",
         100),
    case("ordinal-and", "The one hundred and first day began.", "one hundred and first",
         "ordinal", 101),
    case("ordinal-division", "The 13th Division withdrew.", "13th", "ordinal", 13),
    case("ordinal-second", "A second attack followed.", "second", "ordinal", 2),
]

AGES = [
    case("age-year-old", "A 12-year-old boy was killed.", "12", "age", 12),
    case("age-aged", "The victim, aged 12, died in hospital.", "12", "age", 12),
    case("age-years-old", "She was 18 years old.", "18", "age", 18),
    case("age-his-30s", "A man in his 30s was arrested.", "30s", "age", 30),
    case("age-their-twenties", "Most were in their twenties.", "twenties", "age", 20),
    case("age-words", "A five-year-old girl survived.", "five", "age", 5),
    case("age-range", "Children aged 5 to 12 were evacuated.", "5 to 12", "age", 5, 12),
    case("age-month-old", "A 3-month-old baby was rescued.", "3", "age", 3),
    case("age-year-olds-range", "Some 5-7-year-olds were missing.", "5-7", "age", 5, 7),
]

PHONES = [
    case("phone-international", "Call +44 20 7946 0958 for help.", "+44 20 7946 0958", "phone"),
    case("phone-parentheses", "Call (555) 123-4567 for help.", "(555) 123-4567", "phone"),
    case("phone-dashes", "Call 555-123-4567 for help.", "555-123-4567", "phone"),
]

DECADES = [
    case("decade-digits", "The dam was built in the 1980s.", "1980s", "decade", 1980),
    case("decade-word", "It was a hit in the eighties.", "eighties", "decade", 80),
    case("decade-apostrophe", "A hit of the '90s.", "90s", "decade", 90),
]

FRACTIONS = [
    case("fraction-two-thirds", "Two-thirds of the town was flooded.", "Two-thirds", "fraction"),
    case("fraction-half", "Half of the residents left.", "Half", "fraction"),
    case("fraction-digits", "Some 1/3 of homes were hit.", "1/3", "fraction"),
    case("fraction-a-third", "A third of the wells are dry.", "A third", "fraction"),
    case("fraction-a-quarter", "A quarter of the crops failed.", "A quarter", "fraction"),
    case("fraction-three-quarters", "Three quarters of schools shut.", "Three quarters",
         "fraction"),
    case("fraction-one-fifth", "One fifth of the city was dark.", "One fifth", "fraction"),
    case("fraction-symbol", "Only ½ of the aid arrived.", "½", "fraction"),
]

LABELS = [
    case("label-route", "Traffic on Route 66 stopped.", "Route 66", "label"),
    case("label-resolution", "The council passed Resolution 2254.", "Resolution 2254", "label"),
    case("label-no", "Fire broke out in No. 5 ward.", "No. 5", "label"),
    case("label-flight", "Flight MH17 was shot down.", "Flight MH17", "label"),
    case("label-covid", "COVID-19 cases rose.", "COVID-19", "label"),
    case("label-f16", "An F-16 crashed.", "F-16", "label"),
    case("label-g7", "The G7 leaders met.", "G7", "label"),
    case("label-letters-digits", "The file abc123 was leaked.", "abc123", "label"),
    case("label-digits-letters", "The file 123abc was leaked.", "123abc", "label"),
    case("label-category", "A Category 5 hurricane hit.", "Category 5", "label"),
    case("label-hash", "Gate #4 was closed.", "#4", "label"),
]

DURATIONS = [
    case("duration-days", "The siege lasted 3 days.", "3 days", "duration", 3),
    case("duration-words", "Talks lasted two weeks.", "two weeks", "duration", 2),
    case("duration-hours", "Rescuers worked for 48 hours.", "48 hours", "duration", 48),
    case("duration-years", "He was jailed for 5 years.", "5 years", "duration", 5),
    case("duration-hyphen", "A 24-hour curfew was imposed.", "24-hour", "duration", 24),
    case("duration-months", "Six months have passed.", "Six months", "duration", 6),
    case("duration-one-second", "It took one second.", "one second", "duration", 1),
    case("duration-h", "Unions began a 72h strike.", "72h", "duration", 72),
]

DECIMALS = [
    case("decimal-bare", "The index rose to 2.5 on Monday.", "2.5", "decimal", None),
]

ALL_CASES = (SEPARATORS + MAGNITUDES + WORDS + MIXED + RANGES + VAGUE + OTHER_LANGUAGES + YEARS + DATES + TIMES
             + PERCENT + MONEY + MEASURES + ORDINALS + AGES + PHONES + DECADES + FRACTIONS
             + LABELS + DURATIONS + DECIMALS)


@pytest.mark.parametrize(("sentence", "surface", "kind", "value", "high", "code", "bound"),
                         ALL_CASES)
def test_reads(sentence: str, surface: str, kind: str, value: int | None, high: int | None,
               code: int | None, bound: str | None) -> None:
    q = only(sentence, surface)
    assert sentence[q.start:q.end] == surface
    assert (q.kind, q.value, q.high, q.code, q.bound) == (kind, value, high, code, bound)


def test_there_are_enough_table_cases() -> None:
    assert len(ALL_CASES) >= 120


def texts(sentence: str) -> list[tuple[str, str]]:
    return [(q.text, q.kind) for q in find_quantities(sentence)]


@pytest.mark.parametrize(("sentence", "expected"), [
    pytest.param("Some 82,000 people fled.", [("82,000", "count")], id="qualifier-not-vague"),
    pytest.param("Several 100 were held.", [("100", "count")], id="several-before-number"),
    pytest.param("The toll rose from 10 to 15.", [("10", "count"), ("15", "count")],
                 id="from-to-is-a-change"),
    pytest.param("Flight MH17 left; MH17 crashed.", [("Flight MH17", "label"), ("MH17", "label")],
                 id="identifier-not-count"),
    pytest.param("xyz9 and 9xyz", [("xyz9", "label"), ("9xyz", "label")], id="mixed-identifiers"),
    pytest.param("Nobody died, the police said.", [], id="no-number"),
    pytest.param("", [], id="empty"),
    pytest.param("Dozens of people and 12 soldiers died on 3 May.",
                 [("Dozens", "vague"), ("12", "count"), ("3 May", "date")], id="several-kinds"),
    pytest.param("Some 5 to 7 died, 2 of them children.", [("5 to 7", "range"), ("2", "count")],
                 id="range-then-count"),
    pytest.param("Killed two and wounded three.", [("two", "count"), ("three", "count")],
                 id="and-does-not-join-small-numbers"),
    pytest.param("In 2015-2016 some 2,000-3,000 fled.", [("2015-2016", "year"),
                                                          ("2,000-3,000", "range")],
                 id="year-range-and-count-range"),
])
def test_all_quantities(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert texts(sentence) == expected


def test_words_that_are_not_one_number_are_split() -> None:
    found = find_quantities("They counted one two three.")
    assert [(q.text, q.value) for q in found] == [("one", 1), ("two", 2), ("three", 3)]


def test_kinds_are_known() -> None:
    sentence = " ".join(param.values[0] for param in ALL_CASES)  # type: ignore[attr-defined]
    assert {q.kind for q in find_quantities(sentence)} <= KINDS
    assert COUNT_KINDS <= KINDS


@pytest.mark.parametrize(("phrase", "value"), [
    pytest.param("one hundred and twenty-three", 123, id="words-and"),
    pytest.param("2.4 million", 2400000, id="decimal-magnitude"),
    pytest.param("220,000", 220000, id="comma"),
    pytest.param("a dozen", 12, id="a-dozen"),
    pytest.param("  Forty-two ", 42, id="spaces-case"),
    pytest.param("2015", 2015, id="bare-year-is-a-number"),
    pytest.param("1 500", 1500, id="space-group"),
    pytest.param("half a million", 500000, id="half-a"),
    pytest.param("5-7", None, id="range"),
    pytest.param("dozens", None, id="vague"),
    pytest.param("first", None, id="ordinal"),
    pytest.param("12%", None, id="percent"),
    pytest.param("5 and 6", None, id="two-numbers"),
    pytest.param("five people", None, id="more-than-a-number"),
    pytest.param("", None, id="empty"),
])
def test_parse_number(phrase: str, value: int | None) -> None:
    assert parse_number(phrase) == value


# --- the dev file of number phrases ------------------------------------------

def dev_rows() -> list[dict[str, str]]:
    if not DEV_FILE.exists():
        pytest.skip(f"{DEV_FILE} is not there")
    with DEV_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("template", [
    pytest.param("Officials said {} were counted.", id="in-a-sentence"),
    pytest.param("{}", id="alone"),
])
def test_dev_number_words(template: str) -> None:
    wrong = []
    for row in dev_rows():
        phrase, number = row["text"], int(row["number"])
        want = "ordinal" if row["kind"] == "ordinal" else "count"
        found = find_quantities(template.format(phrase))
        got = [(q.text, q.kind, q.value) for q in found]
        if got != [(phrase, want, number)]:
            wrong.append((phrase, got))
    assert not wrong, wrong[:10]


def test_dev_cardinals_parse() -> None:
    wrong = [row["text"] for row in dev_rows()
             if row["kind"] == "cardinal" and parse_number(row["text"]) != int(row["number"])]
    assert not wrong, wrong[:10]


# --- properties ----------------------------------------------------------------

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand"))


def spell(n: int, british: bool = True, hyphen: bool = True) -> str:
    """English words for 0 <= n < 10**15 ("one hundred and twenty-three")."""
    def under_thousand(k: int, tail: bool) -> list[str]:
        words: list[str] = []
        hundreds, rest = divmod(k, 100)
        if hundreds:
            words += [_UNITS[hundreds], "hundred"]
        if rest:
            if british and (hundreds or tail):
                words.append("and")
            if rest < 20:
                words.append(_UNITS[rest])
            else:
                tens, unit = divmod(rest, 10)
                if unit:
                    words += [f"{_TENS[tens]}-{_UNITS[unit]}"] if hyphen else [_TENS[tens],
                                                                                _UNITS[unit]]
                else:
                    words.append(_TENS[tens])
        return words

    if n == 0:
        return "zero"
    words: list[str] = []
    for size, name in _SCALES:
        count, n = divmod(n, size)
        if count:
            words += [*under_thousand(count, False), name]
    words += under_thousand(n, bool(words))
    return " ".join(words)


def test_spell() -> None:
    assert spell(123) == "one hundred and twenty-three"
    assert spell(2_000_005) == "two million and five"
    assert spell(40_021, british=False, hyphen=False) == "forty thousand twenty one"


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.booleans(), st.booleans(), st.booleans())
def test_spelled_numbers_read_back(n: int, british: bool, hyphen: bool, capital: bool) -> None:
    phrase = spell(n, british, hyphen)
    if capital:
        phrase = phrase.capitalize()
    assert parse_number(phrase) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**30))
def test_grouped_digits_read_back(n: int) -> None:
    assert parse_number(format(n, ",")) == n


_VOCABULARY = [
    "0", "1", "5", "12", "60", "1,500", "2015", "2.4", "1.500", "3m", "10k", "and", "or", "to",
    "-", "–", "+", "~", "%", "$", "€", "/", ":", ".", ",", "(", ")", "'", "a", "half", "one",
    "two", "twenty", "twenty-one", "hundred", "thousand", "million", "dozen", "dozens", "of",
    "some", "several", "between", "from", "first", "third", "thirds", "in", "his", "aged",
    "year", "old", "years", "days", "km", "high", "May", "April", "on", "the", "st", "th", "s",
    "per", "cent", "people", "killed", "Route", "No.", "MH", "İ", "\u00a0", "\u2009", "½", "x",
]


@st.composite
def news_like(draw: st.DrawFn) -> str:
    tokens = draw(st.lists(st.sampled_from(_VOCABULARY), max_size=30))
    joiners = draw(st.lists(st.sampled_from(["", " ", " ", "-", "  "]), min_size=len(tokens),
                            max_size=len(tokens)))
    return "".join(t + j for t, j in zip(tokens, joiners))


def check_invariants(text: str) -> None:
    found = find_quantities(text)
    last_end = 0
    for q in found:
        assert text[q.start:q.end] == q.text
        assert q.start < q.end
        assert q.start >= last_end, "overlap or out of order"
        last_end = q.end
        assert q.kind in KINDS
        if q.value is not None and q.high is not None:
            assert q.value <= q.high
        if q.kind == "vague":
            assert q.value is None and q.code is not None and q.code > 0


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_any_text_never_raises(text: str) -> None:
    check_invariants(text)


@settings(max_examples=500, deadline=None)
@given(news_like())
def test_news_like_text_keeps_invariants(text: str) -> None:
    check_invariants(text)


# --- the rules file --------------------------------------------------------------

def test_rules_load_once() -> None:
    assert load_rules() is load_rules()
    assert load_rules().path == RULES_PATH


@pytest.mark.parametrize(("old", "new", "key"), [
    pytest.param("several = 3\n", 'several = "3"\n', "[vague]", id="vague-code-not-int"),
    pytest.param("several = 3\n", "several = 0\n", "[vague]", id="vague-code-zero"),
    pytest.param("several = 3\n", "several = -3\n", "[vague]", id="vague-code-negative"),
    pytest.param('joiners = ["to", "or"]', 'joiners = ["to", "or", "to"]', "[ranges.joiners]",
                 id="duplicate-in-list"),
    pytest.param('joiners = ["to", "or"]', 'joiners = "to"', "[ranges.joiners]", id="wrong-type"),
    pytest.param("dozen = 12\n", "dozen = 12\nseven = 7\n", "[words.", id="word-in-two-tables"),
    pytest.param('"pc", ', '"pc", "days", ', "[", id="suffix-in-two-kinds"),
    pytest.param("first = 1900\n", "", "[year.first]", id="missing-key"),
    pytest.param("several = 3\n", "Several = 3\n", "[vague]", id="not-lower-case"),
    pytest.param("several = 3\n", "several = 3\nseveral = 4\n", "numbers.toml", id="bad-toml"),
])
def test_bad_rules_are_refused(tmp_path: Path, old: str, new: str, key: str) -> None:
    source = RULES_PATH.read_text(encoding="utf-8")
    assert old in source
    bad = tmp_path / "numbers.toml"
    bad.write_text(source.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ValueError) as error:
        load_rules(bad)
    assert str(bad) in str(error.value)
    assert key in str(error.value)


# --- speed -------------------------------------------------------------------------

_NEWS = [
    "Officials said {n} people had fled the town of Hama on {d} April.",
    "At least {w} civilians were killed and {n} others wounded, the ministry said.",
    "The agency said some {n} families were displaced since {y}, including dozens of children.",
    "A {a}-year-old boy died; police said the gunmen fired {w} rounds before fleeing.",
    "The storm destroyed {n} homes and left {p}% of the district without power for {w} days.",
    "Between {s} and {t} soldiers were reported missing after clashes near Route 5.",
    "Residents described the scene as chaotic, with smoke rising over the market.",
]


def news_text(size: int, seed: int = 7) -> str:
    """About ``size`` characters of news-like sentences on one line."""
    rng = random.Random(seed)
    spelled = ["two", "three", "twenty-one", "a dozen", "several", "one hundred and five"]
    parts, total = [], 0
    while total < size:
        sentence = rng.choice(_NEWS).format(
            n=f"{rng.randint(1, 300000):,}", d=rng.randint(1, 28), w=rng.choice(spelled),
            y=rng.randint(1990, 2024), a=rng.randint(2, 90), p=rng.randint(1, 99),
            s=rng.randint(1, 50), t=rng.randint(51, 99))
        parts.append(sentence)
        total += len(sentence) + 1
    return " ".join(parts)[:size]


def digits_and_commas(size: int) -> str:
    rng = random.Random(3)
    return "".join(rng.choice("0123456789,") for _ in range(size))


@pytest.mark.parametrize(("make", "size"), [
    pytest.param(digits_and_commas, 500_000, id="digits-and-commas-1MB"),
    pytest.param(lambda n: "at least " * (n // 9), 450_000, id="at-least-x100000"),
    pytest.param(lambda n: "7" * n, 500_000, id="one-run-of-digits"),
    pytest.param(lambda n: "one " * (n // 4), 100_000, id="a-chain-of-number-words"),
    pytest.param(lambda n: "+1 " * (n // 3), 100_000, id="plus-digits"),
    pytest.param(news_text, 2_500_000, id="news-line-5MB"),
])
def test_time_is_linear(make: Callable[[int], str], size: int, best_seconds) -> None:
    small, large = make(size), make(2 * size)
    find_quantities(small)
    ratio = best_seconds(lambda: find_quantities(large)) / best_seconds(lambda: find_quantities(small))
    assert ratio < 3, ratio
