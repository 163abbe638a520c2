"""Table-driven specification of ``stats.doc_totals`` on one-document texts.

Every case is ``(case_id, text, expected)``: ``text`` is one document
(sentences written for these tests), and ``expected`` maps a category to the
``best`` total, in persons, that a careful coder would record for it
(``../shared/data/README.md``, "doc_totals.csv"):

* distinct groups are added, subsets are not, restatements count once;
* a range counts its conservative (lower) end, a vague word its code
  (dozens -> 12), at_least and approx figures their value;
* projected figures stay out of every total;
* households and dwellings are not persons: a figure in families or homes
  adds nothing to a persons total.

``None`` as the expected best means "no persons total": the category has no
row, or its ``best`` is empty or 0.  Categories not named in ``expected`` are
not checked.  The text is run through ``extract(text, doc_id=DOC)`` and then
``doc_totals``.
"""
from __future__ import annotations

import math

import pandas as pd
import pytest

from stats import doc_totals, extract
from stats.totals import TOTAL_DTYPES

DOC = "doc-1"


def _totals(text: str) -> pd.DataFrame:
    frame = doc_totals(extract(text, doc_id=DOC))
    assert list(frame.columns) == list(tuple(TOTAL_DTYPES))
    frame = frame[frame["doc_id"] == DOC]
    assert not frame["category"].duplicated().any(), "one row per category"
    return frame


def _empty(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x)


def _best_by_category(frame: pd.DataFrame) -> dict:
    return {row.category: row.best for row in frame.itertuples()}


TOTAL_CASES = [
    # distinct groups are added
    ("two_groups_added",
     "Five soldiers and two militants were killed in the clash near Lor.",
     {"killed": 7}),
    ("elliptical_places_added",
     "Two soldiers were killed in Kesh and three in Lor.",
     {"killed": 5}),
    ("another_in_a_later_sentence",
     "Gunmen killed six villagers in Dasso on Monday. Another four people were killed "
     "in a nearby village.",
     {"killed": 10}),
    ("also_in_a_later_sentence",
     "A roadside bomb killed four soldiers near Lor. Two civilians were also killed.",
     {"killed": 6}),
    ("implicit_one_added",
     "The ambush killed three police officers, two soldiers and a civilian.",
     {"killed": 6}),
    # subsets are not added
    ("subset_including",
     "Thirty-four people, including 11 children, were killed in the strike.",
     {"killed": 34}),
    ("subset_of_them",
     "At least 60 people were killed, 23 of them children.",
     {"killed": 60}),
    ("subset_implicit_one",
     "Nine people, including a police officer, were killed.",
     {"killed": 9}),
    ("subset_of_injured",
     "Twelve people were injured, four of them seriously.",
     {"injured": 12}),
    # restatements count once
    ("restated_in_two_sentences",
     "A car bomb killed 15 people in Harun on Friday, police said. Hospital officials "
     "confirmed that 15 people had died.",
     {"killed": 15}),
    ("headline_and_body",
     "At least 30 dead in Tarbat floods. Floods in Tarbat have killed at least 30 "
     "people, officials said.",
     {"killed": 30}),
    ("restated_with_victims_named_as_a_group",
     "Gunmen killed nine villagers in Dasso on Tuesday. The nine victims were buried on "
     "Wednesday, local officials said.",
     {"killed": 9}),
    ("updated_toll_replaces_first",
     "Eleven people were initially reported dead after the bus crash. The toll later "
     "rose to 14.",
     {"killed": 14}),
    ("stated_total_across_places",
     "Floods killed 9 people in Rami and 4 in Doshan, bringing the total to 13.",
     {"killed": 13}),
    # bounds and vague codes
    ("range_hyphen_lower_end",
     "5-7 policemen were killed in the ambush.",
     {"killed": 5}),
    ("range_between_lower_end",
     "Between 20 and 30 people are missing after the landslide.",
     {"missing": 20}),
    ("vague_dozens",
     "Dozens of people were injured in the clashes.",
     {"injured": 12}),
    ("vague_hundreds",
     "Hundreds of residents fled the fighting.",
     {"displaced": 100}),
    ("vague_thousands",
     "Thousands of people fled to the hills.",
     {"displaced": 1000}),
    ("vague_several",
     "Several soldiers were wounded.",
     {"injured": 3}),
    ("more_than_a_dozen",
     "More than a dozen people were killed.",
     {"killed": 12}),
    ("at_least_dozens",
     "At least dozens of people were killed in the strike.",
     {"killed": 12}),
    ("at_least_value",
     "At least 60 people were killed in the attack.",
     {"killed": 60}),
    ("approx_value",
     "About 3,000 people were displaced by the floods.",
     {"displaced": 3000}),
    # projected figures are left out
    ("projected_left_out",
     "Floods displaced 2,000 people, and officials warned that another 10,000 could "
     "be forced from their homes.",
     {"displaced": 2000}),
    ("projected_only",
     "The government plans to evacuate 12,000 residents from the coast.",
     {"evacuated": None}),
    # zero
    ("zero_killed",
     "No one was killed in the blast.",
     {"killed": 0}),
    ("zero_killed_some_injured",
     "No one was killed, but four people were injured.",
     {"killed": 0, "injured": 4}),
    # units: households and dwellings are not persons
    ("households_not_added_to_persons",
     "Clashes displaced 1,500 people in Kesh and 200 families in Lor.",
     {"displaced": 1500}),
    ("households_only",
     "Some 300 families were displaced by the fighting.",
     {"displaced": None}),
    ("families_restated_as_people",
     "About 500 families, or 2,600 people, fled the village.",
     {"displaced": 2600}),
    ("another_alone_in_a_later_sentence",
     "Two fishermen drowned when their boat capsized. Another died in hospital on Tuesday.",
     {"killed": 3}),
    # the toll of the incident, not of another event it recalls
    ("another_event_a_day_before_is_left_out",
     "Seven herders were killed in Dasso on Friday, a day after at least 12 people died in a "
     "raid on a nearby market.",
     {"killed": 7}),
    ("another_event_alone_is_the_total",
     "The town was quiet on Sunday, two weeks after 30 people died in clashes.",
     {"killed": 30}),
    ("days_after_an_event_the_toll_is_its_own",
     "Three days after the cyclone hit, 45 people had died.",
     {"killed": 45}),
    # the toll of the incident, not a running total
    ("incident_preferred_to_a_running_total",
     "A suicide bomber killed 12 people at the market on Friday. Some 340 people have been "
     "killed in the city this year.",
     {"killed": 12}),
    ("a_running_total_over_days_is_the_incident",
     "Nine people have died since Tuesday in clashes between herders. Raiders attacked a "
     "village on Wednesday, killing two people.",
     {"killed": 9}),
    ("joined_figures_dated_over_days_are_the_incident",
     "Eleven people have been killed and six wounded since Sunday in clashes between herders. "
     "Raiders attacked a village on Monday, killing two people and wounding one.",
     {"killed": 11, "injured": 6}),
    # several categories in one document
    ("three_categories",
     "At least 40 were killed, 90 injured and 3,000 displaced by the fighting.",
     {"killed": 40, "injured": 90, "displaced": 3000}),
    ("implicit_one_and_a_number",
     "A policeman was killed and two civilians were wounded.",
     {"killed": 1, "injured": 2}),
    ("participial_clauses",
     "A bomb exploded in the market, killing 5 people and injuring 11 others.",
     {"killed": 5, "injured": 11}),
    ("one_figure_in_two_categories",
     "About 9,500 people have been displaced and are staying in evacuation centres.",
     {"displaced": 9500, "sheltered": 9500}),
]


@pytest.mark.parametrize("case_id, text, expected", TOTAL_CASES,
                         ids=[case[0] for case in TOTAL_CASES])
def test_doc_totals_best(case_id, text, expected):
    best = _best_by_category(_totals(text))
    for category, want in expected.items():
        got = best.get(category)
        if want is None:
            assert _empty(got) or got == 0, f"{category}: expected no persons total, got {got}"
        else:
            assert not _empty(got), f"{category}: no total in {best}"
            assert float(got) == want, f"{category}: best {got} != {want} (all: {best})"


# (case_id, text, category, low, best, high); high None means empty.
BOUND_TOTAL_CASES = [
    ("range", "Between 5 and 7 civilians were killed.", "killed", 5, 5, 7),
    ("range_with_about", "About 50-60 people were injured.", "injured", 50, 50, 60),
    ("approx", "About 60 people were killed in the strike.", "killed", 60, 60, 60),
    ("exact", "Police said 17 people were killed.", "killed", 17, 17, 17),
    ("at_least", "At least 60 people were killed in the attack.", "killed", 60, 60, None),
]


@pytest.mark.parametrize("case_id, text, category, low, best, high", BOUND_TOTAL_CASES,
                         ids=[case[0] for case in BOUND_TOTAL_CASES])
def test_doc_totals_bounds_are_ordered(case_id, text, category, low, best, high):
    frame = _totals(text)
    rows = frame[frame["category"] == category]
    assert len(rows) == 1, f"no single {category} row:\n{frame}"
    row = rows.iloc[0]
    assert float(row["low"]) == low
    assert float(row["best"]) == best
    assert float(row["low"]) <= float(row["best"])
    if high is None:
        assert _empty(row["high"])
    else:
        assert float(row["high"]) == high
        assert float(row["best"]) <= float(row["high"])
