"""Table-driven specification of ``stats.extract``, one table per rule group.

Every case is ``(case_id, text, expected)``:

* ``text`` is a sentence or short passage written for these tests in the
  style of wire reports, UN situation reports, event notes and war summaries
  (places, groups and numbers are invented);
* ``expected`` lists one dict per claim that ``extract(text)`` must yield, in
  text order.  A dict names only the :class:`stats.Claim` fields the case is
  about (``{"category": "killed", "value": 60, "bound": "at_least"}``); the
  other fields are not checked.  ``[]`` means the text states no figure.

The check (:func:`check`) keeps the claims whose category is one of the 14
categories of the contract (``../shared/data/README.md``; a ``casualties``
row, which the scorer passes over, is ignored), asserts that there are exactly
``len(expected)`` of them, and that the i-th claim agrees with the i-th dict
on every field the dict names.

The tables follow the contract; where it leaves room, the reading chosen is
noted beside the case.  Names of people, places and groups drop a leading
article ("the Health Ministry" -> ``Health Ministry``), as the contract's
"the UK-based Syrian Observatory for Human Rights" -> ``Syrian Observatory
for Human Rights`` does.
"""
from __future__ import annotations

import dataclasses

import pytest

from stats import Claim, extract
from stats.claims import BOUNDS, CATEGORIES, UNITS

CLAIM_FIELDS = {f.name for f in dataclasses.fields(Claim)}


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def fig(category: str, value: int | None, **fields) -> dict:
    """An expected claim: its category and value, plus any other fields."""
    return {"category": category, "value": value, **fields}


def bnd(category: str, value: int | None, low: int | None, high: int | None,
        bound: str) -> dict:
    """An expected claim with its bound columns spelled out."""
    return {"category": category, "value": value, "low": low, "high": high,
            "bound": bound}


def _describe(claims: list[Claim]) -> str:
    return "\n".join(
        f"  {c.category} value={c.value} low={c.low} high={c.high} bound={c.bound} "
        f"unit={c.unit} subject={c.subject!r} source={c.source!r} hedged={c.hedged} "
        f"cumulative={c.cumulative} projected={c.projected} subset={c.subset} "
        f"number_text={c.number_text!r}"
        for c in claims
    ) or "  (none)"


def check(text: str, expected: list[dict], doc_id: str = "") -> list[Claim]:
    """Assert that ``extract(text)`` yields the ``expected`` claims, in order."""
    claims = [c for c in extract(text, doc_id=doc_id) if c.category in CATEGORIES]
    assert len(claims) == len(expected), (
        f"expected {len(expected)} claim(s), got {len(claims)}:\n{_describe(claims)}"
    )
    for i, (claim, want) in enumerate(zip(claims, expected)):
        got = {key: getattr(claim, key) for key in want}
        assert got == want, f"claim {i} differs:\n{_describe(claims)}"
    return claims


def _ids(cases):
    return [case[0] for case in cases]


# --------------------------------------------------------------------------
# number forms
# --------------------------------------------------------------------------

NUMBER_FORMS = [
    ("digits_with_comma",
     "Fighting in the north has displaced 220,000 people since the spring.",
     [fig("displaced", 220000)]),
    ("digits_with_two_commas",
     "The UN said 1,034,000 people had been displaced by the end of the year.",
     [fig("displaced", 1034000)]),
    ("plain_digits",
     "Police said 17 people were killed in the explosion.",
     [fig("killed", 17)]),
    ("small_word",
     "Six people were killed when a landmine exploded under a minibus near Orvan.",
     [fig("killed", 6)]),
    ("word_mid_sentence",
     "The attack on the mosque killed nineteen worshippers.",
     [fig("killed", 19)]),
    ("hyphenated_word",
     "Twenty-three miners were killed in the collapse at the Belgora mine.",
     [fig("killed", 23)]),
    ("compound_words_with_and",
     "One hundred and twelve people were injured in the stampede at the stadium.",
     [fig("injured", 112)]),
    ("a_hundred",
     "About a hundred people were detained after the protests in Tamu.",
     [fig("detained", 100)]),
    ("a_thousand",
     "A thousand families have been displaced by the clashes in Velan.",
     [fig("displaced", 1000)]),
    ("two_hundred_thousand_in_words",
     "Two hundred thousand people were evacuated ahead of the typhoon.",
     [fig("evacuated", 200000)]),
    ("a_million",
     "Nearly a million people have fled their homes since the offensive began.",
     [fig("displaced", 1000000)]),
    ("eight_million",
     "The conflict has displaced eight million people inside the country.",
     [fig("displaced", 8000000)]),
    ("decimal_million",
     "Some 1.5 million people have been displaced by the drought.",
     [fig("displaced", 1500000)]),
    ("digit_million",
     "More than 4 million refugees have left the country since the war began.",
     [fig("refugees", 4000000)]),
    ("abbreviated_million",
     "Floods have affected 1.2m people across the delta, the agency said.",
     [fig("affected", 1200000)]),
    ("half_a_million",
     "Half a million people were forced from their homes by the floods.",
     [fig("displaced", 500000)]),
    ("a_dozen",
     "A dozen people were wounded in the shelling of Kesh.",
     [fig("injured", 12)]),
    ("two_dozen",
     "Two dozen soldiers were killed in the ambush on the Lor road.",
     [fig("killed", 24)]),
]


@pytest.mark.parametrize("case_id, text, expected", NUMBER_FORMS, ids=_ids(NUMBER_FORMS))
def test_reads_number_forms(case_id, text, expected):
    check(text, expected)


# --------------------------------------------------------------------------
# numbers that are not counts of victims
# --------------------------------------------------------------------------

NOT_COUNTS = [
    ("years_and_dates",
     "The ceasefire signed on 14 March 2019 collapsed in 2021.", []),
    ("times_of_day",
     "The shelling began at 04:30 and lasted until 9 pm, residents said.", []),
    ("unit_name_division",
     "The 13th Division moved its headquarters to Kelvara last week.", []),
    ("unit_names_brigade_battalion",
     "Troops of the 45th Brigade and the 2nd Battalion entered the town on Sunday.", []),
    ("force_strength_took_part",
     "About 3,000 fighters took part in the assault on the airport.", []),
    ("force_strength_deployed",
     "The government deployed 2,500 troops to the border region.", []),
    ("force_strength_under_arms",
     "The militia is thought to have some 8,000 men under arms.", []),
    ("vehicles",
     "The army said it had moved 120 tanks and 40 armoured vehicles towards the front.", []),
    ("wounds_are_not_people",
     "Doctors counted three stab wounds and two gunshot wounds on his chest.", []),
    ("one_another_is_no_count",
     "The two clans fought one another with machetes and five people were injured.",
     [fig("injured", 5)]),
    ("one_after_another_is_no_count",
     "The hostages were freed one after another on Sunday.", []),
    ("infrastructure_destroyed",
     "The storm destroyed 14 electricity poles and 3 culverts near Dasso.", []),
    ("aid_convoy",
     "A convoy of 35 trucks delivered 400 tonnes of food to Dasso.", []),
    ("aid_items",
     "The agency distributed 5,000 tents and 20,000 blankets last month.", []),
    ("aid_people_reached",
     "Food assistance reached 310,000 people in October.", []),
    ("disease_cases",
     "Health officials recorded 1,240 new cholera cases in the past week.", []),
    ("age",
     "The 34-year-old commander was appointed in June.", []),
    ("percentages",
     "Prices of staple foods rose by 40 percent, and the currency lost 12% of its value.", []),
    ("fraction",
     "Two-thirds of the district's wells have run dry.", []),
    ("money",
     "Donors pledged $25 million to rebuild the bridge at Oran.", []),
    ("distance",
     "The village lies 35 kilometres north of the provincial capital.", []),
    ("magnitude_and_depth",
     "The 6.8-magnitude earthquake struck at a depth of 10 km.", []),
    ("phone_numbers",
     "For media enquiries, call +44 20 7946 0958 or 0800 123 456.", []),
    ("ordinal",
     "It was the third time this month that the road to Marran was closed.", []),
    ("population_of_a_town",
     "Kelvara, a town of 45,000 people, sits on the main road to the coast.", []),
    ("resolution_number",
     "The council adopted Resolution 2417 on the protection of civilians.", []),
    ("road_number",
     "Highway 7 between Kesh and Lor reopened on Sunday.", []),
    ("delegates_at_a_meeting",
     "More than 200 delegates attended the peace conference in Dasso.", []),
    ("web_form_min_length",
     "Password: Must be at least 6 characters.", []),
    ("web_form_length_range",
     "Display name must be between 1 and 40 characters.", []),
    ("web_form_age_limit",
     "You must be over 18 years old to comment.", []),
    ("web_page_furniture",
     "Updated 3 hours ago | 5 min read | 12 comments", []),
    ("pagination",
     "Page 2 of 14", []),
]


@pytest.mark.parametrize("case_id, text, expected", NOT_COUNTS, ids=_ids(NOT_COUNTS))
def test_rejects_numbers_that_are_not_counts(case_id, text, expected):
    check(text, expected)


# --------------------------------------------------------------------------
# categories
# --------------------------------------------------------------------------

CATEGORY_CASES = [
    ("a_partitive_of_people_is_not_the_victims",
     "Gunmen killed 3 members of one family in the village.",
     [fig("killed", 3, subject="members")]),
    ("a_toll_of_killers_counts_the_victims",
     "Police are hunting the killers of four farmers in Undomo.",
     [fig("killed", 4, subject="farmers")]),
    ("an_object_noun_of_crime",
     "Residents lynched and killed a suspected murderer in the town.",
     [fig("killed", 1, subject="suspected murderer")]),
    ("fatally_with_a_verb_of_violence",
     "A mob fatally assaulted two suspected robbers in the market.",
     [fig("killed", 2, subject="suspected robbers")]),
    ("burned_bodies_are_dead_not_dwellings",
     "Rescuers said nine burned bodies were pulled from the bus.",
     [fig("killed", 9)]),
    ("the_body_of_one_victim",
     "The body of a local reporter was found near the bridge on Sunday.",
     [fig("killed", 1, subject="local reporter")]),
    ("active_verb_with_a_particle_before_its_object",
     "A number of villagers lynched to death a suspected cattle thief.",
     [fig("killed", 1, subject="suspected cattle thief")]),
    ("two_active_verbs_before_their_object",
     "A crowd beat and burned to death two suspected robbers in the market.",
     [fig("killed", 2)]),
    ("what_the_attack_answered_is_not_the_event",
     "Herders killed 4 farmers as reprisal to the death of a herder last week.",
     [fig("killed", 4)]),
    ("a_death_remembered_is_not_the_event",
     "The bomb killed 18 pilgrims marking the anniversary of the death of a revered cleric.",
     [fig("killed", 18)]),
    ("what_a_protest_was_against_is_not_the_event",
     "Students demonstrated against the killing of a classmate by police.",
     []),
    ("toll_noun_killers_of",
     "Police launched a hunt for the killers of four farmers in Tamo village.",
     [fig("killed", 4, subject="farmers")]),
    ("long_including_aside_before_the_predicate",
     "Six people, including a trader wanted for his role in a 2019 robbery that shook the town, "
     "were killed on Sunday.",
     [fig("killed", 6), fig("killed", 1, subset=True, subject="trader")]),
    ("including_after_the_predicate_is_a_subset",
     "At least 30 people were killed and 70 were wounded, including 3 nurses, in the blast.",
     [fig("killed", 30), fig("injured", 70), fig("injured", 3, subset=True)]),
    ("implicit_one_fortune_teller",
     "Militants killed a fortune-teller in the market.",
     [fig("killed", 1)]),
    ("object_verb_then_a_clause_after_a_comma",
     "He fired on the attackers, killing two, before his rifle jammed.",
     [fig("killed", 2, subject="")]),
    ("buildings_that_are_not_homes",
     "The hailstorm killed 6 people and damaged 1 shopping mall.",
     [fig("killed", 6)]),
    ("long_agency_name_before_the_predicate",
     "Seven staff of the Regional Water and Sanitation Authority for Northern Districts have been "
     "killed since the shelling began.",
     [fig("killed", 7)]),
    ("killed_by_bomb",
     "At least 14 people were killed when a car bomb exploded at a market in Tarbat.",
     [fig("killed", 14)]),
    ("killed_died",
     "Nine migrants died when their boat capsized off the coast of Velan.",
     [fig("killed", 9)]),
    ("killed_bodies_recovered",
     "Rescuers recovered the bodies of 23 villagers after the landslide.",
     [fig("killed", 23)]),
    ("killed_by_disease",
     "The Marburg outbreak has killed 12 people in the district, the health ministry said.",
     [fig("killed", 12)]),
    ("killed_death_toll",
     "The death toll from Monday's earthquake rose to 340.",
     [fig("killed", 340)]),
    ("injured_wounded",
     "The blast wounded 32 people, most of them shoppers.",
     [fig("injured", 32)]),
    ("injured_treated",
     "Doctors said 17 people were being treated for injuries.",
     [fig("injured", 17)]),
    ("missing",
     "At least 11 fishermen remain missing after the storm.",
     [fig("missing", 11)]),
    ("missing_unaccounted_for",
     "Some 40 people are still unaccounted for, the fire service said.",
     [fig("missing", 40)]),
    ("detained_arrested",
     "Security forces arrested 45 protesters in the capital on Friday.",
     [fig("detained", 45)]),
    ("detained",
     "Police detained 200 people in overnight raids.",
     [fig("detained", 200)]),
    ("abducted",
     "Gunmen abducted 17 passengers from a bus on the Kesh road.",
     [fig("abducted", 17)]),
    ("abducted_kidnapped",
     "Armed men kidnapped six aid workers near Lor.",
     [fig("abducted", 6)]),
    ("displaced_forced_to_flee",
     "The fighting has forced 4,500 people to flee their homes.",
     [fig("displaced", 4500)]),
    ("displaced",
     "Clashes displaced 12,000 residents of Marran last week.",
     [fig("displaced", 12000)]),
    ("refugees",
     "More than 30,000 refugees have crossed into neighbouring Zarnia.",
     [fig("refugees", 30000)]),
    ("evacuated",
     "Authorities evacuated 3,200 residents ahead of the cyclone.",
     [fig("evacuated", 3200)]),
    ("returned",
     "About 2,300 people have returned to their homes in Lerin.",
     [fig("returned", 2300)]),
    ("sheltered_in_schools",
     "Some 1,800 people are sheltering in schools and churches.",
     [fig("sheltered", 1800)]),
    ("sheltered_in_camps",
     "The agency said 6,400 people were staying in relief camps.",
     [fig("sheltered", 6400)]),
    ("homeless",
     "The earthquake left 6,000 people homeless.",
     [fig("homeless", 6000)]),
    ("housing_destroyed",
     "The floods destroyed 1,240 houses in the valley.",
     [fig("housing_destroyed", 1240, unit="dwelling")]),
    ("housing_partially_destroyed_is_damaged",
     "A further 3,100 homes were partially destroyed.",
     [fig("housing_damaged", 3100, unit="dwelling")]),
    ("housing_damaged",
     "The cyclone damaged 870 homes along the coast.",
     [fig("housing_damaged", 870, unit="dwelling")]),
    ("housing_uninhabitable_is_damaged",
     "Shelling left 90 houses uninhabitable in the old town.",
     [fig("housing_damaged", 90, unit="dwelling")]),
    ("affected",
     "The floods have affected 250,000 people in six provinces.",
     [fig("affected", 250000)]),
    ("affected_impacted",
     "Some 40,000 people were impacted by the storm.",
     [fig("affected", 40000)]),
    ("displaced_people_after_the_number_counts_the_displaced",
     "Some 3,500 displaced people now live in the school buildings.",
     [fig("displaced", 3500)]),
    ("internally_displaced_persons_after_the_number",
     "The camp shelters 12,400 internally displaced persons, the agency said.",
     [fig("displaced", 12400)]),
    ("displaced_people_who_were_killed_are_victims_not_a_count_of_displacement",
     "Seven internally displaced persons were killed by gunmen near the camp.",
     [fig("killed", 7)]),
    # negatives
    ("homes_only_flooded_are_not_housing",
     "About 900 homes were flooded in the lower town.", []),
    ("homes_affected_are_not_housing",
     "More than 300 houses were affected by the rising water.", []),
    ("shot_is_not_a_category",
     "Police said five protesters were shot near the parliament.", []),
    ("casualties_is_not_a_category",
     "The strike caused dozens of casualties, medics said.", []),
]


@pytest.mark.parametrize("case_id, text, expected", CATEGORY_CASES, ids=_ids(CATEGORY_CASES))
def test_assigns_categories(case_id, text, expected):
    check(text, expected)


# --------------------------------------------------------------------------
# bounds: value, low, high, bound
# --------------------------------------------------------------------------

BOUND_CASES = [
    ("qualifier_of_a_subset_before_the_predicate",
     "Approximately 11 million people, including nearly 4 million children, were affected.",
     [bnd("affected", 11000000, 11000000, 11000000, "approx"),
      bnd("affected", 4000000, None, 4000000, "at_most")]),
    ("between_to_range",
     "The floods displaced between 2,000 to 3,000 households.",
     [fig("displaced", 2000, low=2000, high=3000, bound="range", unit="household")]),
    # exact
    ("exact_digits",
     "Police said 60 people were killed.",
     [bnd("killed", 60, 60, 60, "exact")]),
    ("exact_word",
     "Sixty people were killed in the attack.",
     [bnd("killed", 60, 60, 60, "exact")]),
    # at_least
    ("at_least",
     "At least 60 people were killed in the attack.",
     [bnd("killed", 60, 60, None, "at_least")]),
    ("more_than",
     "More than 300 families were displaced by the clashes.",
     [bnd("displaced", 300, 300, None, "at_least")]),
    ("over",
     "Over 1,500 people were evacuated from the island.",
     [bnd("evacuated", 1500, 1500, None, "at_least")]),
    ("upwards_of",
     "Upwards of 2,000 people have fled to the hills.",
     [bnd("displaced", 2000, 2000, None, "at_least")]),
    ("no_fewer_than",
     "No fewer than 15 civilians were killed in the raid.",
     [bnd("killed", 15, 15, None, "at_least")]),
    ("plus_sign",
     "Floods: 200,000+ people displaced in the delta.",
     [bnd("displaced", 200000, 200000, None, "at_least")]),
    ("or_more_after_the_number",
     "In the north, 35 or more people were killed when the bridge collapsed.",
     [{**bnd("killed", 35, 35, None, "at_least"), "qualifier": "or more"}]),
    ("plus_after_the_number_mid_sentence",
     "Medics said 40 plus people were injured in the crush.",
     [{**bnd("injured", 40, 40, None, "at_least"), "qualifier": "plus"}]),
    # at_most
    ("up_to",
     "Up to 40 people were killed in the fire.",
     [bnd("killed", 40, None, 40, "at_most")]),
    ("as_many_as",
     "As many as 70 villagers were killed, witnesses said.",
     [bnd("killed", 70, None, 70, "at_most")]),
    ("nearly",
     "Nearly 500 people were injured in the blast.",
     [bnd("injured", 500, None, 500, "at_most")]),
    ("almost",
     "Almost 1,000 people were displaced overnight.",
     [bnd("displaced", 1000, None, 1000, "at_most")]),
    ("fewer_than",
     "Fewer than 20 people were injured in the stampede.",
     [bnd("injured", 20, None, 20, "at_most")]),
    ("less_than",
     "Less than 100 residents were evacuated before the storm hit.",
     [bnd("evacuated", 100, None, 100, "at_most")]),
    ("under",
     "Just under 50 people were detained during the protests.",
     [bnd("detained", 50, None, 50, "at_most")]),
    ("most_of",
     "Most of the 1,200 residents of Orvan fled the town.",
     [bnd("displaced", 1200, None, 1200, "at_most")]),
    # approx
    ("about",
     "About 60 people were killed in the strike.",
     [bnd("killed", 60, 60, 60, "approx")]),
    ("around",
     "Around 3,000 people have been displaced.",
     [bnd("displaced", 3000, 3000, 3000, "approx")]),
    ("some",
     "Some 12,000 refugees crossed the border into Zarnia.",
     [bnd("refugees", 12000, 12000, 12000, "approx")]),
    ("approximately",
     "Approximately 700 homes were destroyed.",
     [bnd("housing_destroyed", 700, 700, 700, "approx")]),
    ("roughly",
     "Roughly 45 people were wounded.",
     [bnd("injured", 45, 45, 45, "approx")]),
    ("an_estimated",
     "An estimated 1.5 million people were affected by the drought.",
     [bnd("affected", 1500000, 1500000, 1500000, "approx")]),
    ("tilde",
     "Strike on Dorra market: ~60 killed.",
     [bnd("killed", 60, 60, 60, "approx")]),
    # range
    ("range_hyphen",
     "5-7 policemen were killed in the ambush.",
     [bnd("killed", 5, 5, 7, "range")]),
    ("range_to",
     "Militants killed 5 to 7 soldiers at the checkpoint.",
     [bnd("killed", 5, 5, 7, "range")]),
    ("range_between",
     "Between 5 and 7 civilians were killed.",
     [bnd("killed", 5, 5, 7, "range")]),
    ("range_with_about",
     "About 50-60 people were injured.",
     [bnd("injured", 50, 50, 60, "range")]),
    ("range_in_words",
     "Between twenty and thirty people are missing.",
     [bnd("missing", 20, 20, 30, "range")]),
    # vague
    ("vague_dozens",
     "Dozens of people were killed in the shelling.",
     [bnd("killed", None, 12, None, "vague")]),
    ("vague_hundreds",
     "Hundreds were injured in the clashes.",
     [bnd("injured", None, 100, None, "vague")]),
    ("vague_thousands_of",
     "Thousands of residents fled the fighting.",
     [bnd("displaced", None, 1000, None, "vague")]),
    ("vague_scores_of",
     "Scores of civilians were killed in the raids.",
     [bnd("killed", None, 20, None, "vague")]),
    ("vague_several",
     "Several soldiers were wounded.",
     [bnd("injured", None, 3, None, "vague")]),
    ("vague_many",
     "Many people were reported missing after the flood.",
     [bnd("missing", None, 3, None, "vague")]),
    ("vague_a_few",
     "A few villagers were detained by the militia.",
     [bnd("detained", None, 3, None, "vague")]),
    ("vague_tens",
     "Tens of protesters were arrested.",
     [bnd("detained", None, 10, None, "vague")]),
    ("vague_tens_of_thousands",
     "Tens of thousands of people have been displaced.",
     [bnd("displaced", None, 10000, None, "vague")]),
    ("vague_hundreds_of_thousands",
     "Hundreds of thousands of people fled the city.",
     [bnd("displaced", None, 100000, None, "vague")]),
    ("vague_millions",
     "Millions of people have been affected by the drought.",
     [bnd("affected", None, 1000000, None, "vague")]),
    ("vague_several_hundred",
     "Several hundred people were evacuated.",
     [bnd("evacuated", None, 100, None, "vague")]),
    ("vague_several_thousand",
     "Several thousand people were displaced.",
     [bnd("displaced", None, 1000, None, "vague")]),
    # vague with a lower bound
    ("more_than_a_dozen",
     "More than a dozen people were killed.",
     [bnd("killed", 12, 12, None, "at_least")]),
    ("at_least_dozens",
     "At least dozens of people were killed in the strike.",
     [bnd("killed", 12, 12, None, "at_least")]),
]


@pytest.mark.parametrize("case_id, text, expected", BOUND_CASES, ids=_ids(BOUND_CASES))
def test_reads_bounds(case_id, text, expected):
    check(text, expected)


# --------------------------------------------------------------------------
# units
# --------------------------------------------------------------------------

UNIT_CASES = [
    ("families_are_households",
     "Some 120 families were displaced by the fighting.",
     [fig("displaced", 120, unit="household")]),
    ("households",
     "About 3,400 households have returned to their villages.",
     [fig("returned", 3400, unit="household")]),
    ("sheltered_families",
     "Shelters in Kesh are housing 300 families.",
     [fig("sheltered", 300, unit="household")]),
    ("affected_households",
     "The floods affected 9,000 households.",
     [fig("affected", 9000, unit="household")]),
    ("houses_are_dwellings",
     "The fire destroyed 75 houses.",
     [fig("housing_destroyed", 75, unit="dwelling")]),
    ("homes_are_dwellings",
     "Around 400 homes were damaged.",
     [fig("housing_damaged", 400, unit="dwelling")]),
    ("dwellings",
     "Some 80 dwellings were destroyed by the landslide.",
     [fig("housing_destroyed", 80, unit="dwelling")]),
    ("people_are_persons",
     "2,000 people were displaced.",
     [fig("displaced", 2000, unit="person")]),
    ("residents_are_persons",
     "1,200 residents were evacuated.",
     [fig("evacuated", 1200, unit="person")]),
    ("soldiers_are_persons",
     "Twelve soldiers were killed.",
     [fig("killed", 12, unit="person")]),
    ("members_of_a_family_are_persons",
     "Seven members of one family were killed in the strike.",
     [fig("killed", 7, unit="person")]),
    ("families_restated_as_people",
     "About 500 families, or 2,600 people, fled the village.",
     [fig("displaced", 500, unit="household"),
      fig("displaced", 2600, unit="person")]),
    ("homes_and_people",
     "The fire destroyed 40 homes and left 200 people homeless.",
     [fig("housing_destroyed", 40, unit="dwelling"),
      fig("homeless", 200, unit="person")]),
]


@pytest.mark.parametrize("case_id, text, expected", UNIT_CASES, ids=_ids(UNIT_CASES))
def test_reads_units(case_id, text, expected):
    check(text, expected)


# --------------------------------------------------------------------------
# subjects
# --------------------------------------------------------------------------

SUBJECT_CASES = [
    ("persons", "43 deaths, 21 injured and 13 missing persons were reported.",
     [fig("killed", 43), fig("injured", 21), fig("missing", 13, subject="persons")]),
    ("a_count_inside_the_words_before_a_noun_is_the_figure",
     "The ambush left one ranger dead near the park.",
     [fig("killed", 1, subject="ranger", number_text="one")]),
    ("a_verb_before_an_injury_noun_ends_the_subject",
     "One person sustained gunshot injuries in the raid.",
     [fig("injured", 1, subject="person")]),
    ("left_dead_in_the_passive",
     "Three herders were left dead and another was wounded.",
     [fig("killed", 3), fig("injured", 1)]),
    ("a_capitalised_vague_word_is_no_name_before_an_acronym",
     "Many IDPs sleep in the open near the camp.",
     [fig("displaced", None, low=3, bound="vague", subject="IDPs")]),
    ("a_verb_of_phase_ends_the_subject", "About 240 families began relocating from the riverbank.",
     [fig("displaced", 240, subject="families")]),
    ("victims_named_inside_the_toll", "Some 3,000 displaced people reached the camp on Friday.",
     [fig("displaced", 3000, subject="people")]),
    ("abbreviation_with_dots", "So far 30 Lennish citizens have been killed and 13 U.S. nationals are unaccounted for.",
     [fig("killed", 30, subject="Lennish citizens"), fig("missing", 13, subject="U.S. nationals")]),
    ("government_soldiers",
     "At least 60 government soldiers were killed in the assault.",
     [fig("killed", 60, subject="government soldiers")]),
    ("age_is_part_of_the_subject",
     "A 12-year-old boy was killed by a stray bullet in Kesh.",
     [fig("killed", 1, subject="12-year-old boy")]),
    ("number_standing_alone",
     "The war has left 8 million displaced.",
     [fig("displaced", 8000000, subject="")]),
    ("civilians",
     "Shelling killed 23 civilians in Orvan on Sunday.",
     [fig("killed", 23, subject="civilians")]),
    ("nationality",
     "Seventeen Ethiopian migrants drowned off the coast.",
     [fig("killed", 17, subject="Ethiopian migrants")]),
    ("organisation_prefix",
     "Three UN peacekeepers were wounded in the attack.",
     [fig("injured", 3, subject="UN peacekeepers")]),
    ("people",
     "Thirty-one people were injured.",
     [fig("injured", 31, subject="people")]),
    ("object_of_the_verb",
     "Gunmen killed 14 worshippers at a mosque in Dasso.",
     [fig("killed", 14, subject="worshippers")]),
    ("police_officers",
     "Five police officers were killed at a checkpoint.",
     [fig("killed", 5, subject="police officers")]),
    ("qualifier_left_out",
     "At least 40 Kessari refugees drowned when their boat sank.",
     [fig("killed", 40, subject="Kessari refugees")]),
    ("women_and_children_one_group",
     "Eleven women and children were killed in the airstrike.",
     [fig("killed", 11, subject="women and children")]),
    ("foreign_workers",
     "Rebels detained 25 foreign workers at the oil field.",
     [fig("detained", 25, subject="foreign workers")]),
    ("schoolgirls",
     "Gunmen kidnapped 80 schoolgirls from a boarding school in Tamu.",
     [fig("abducted", 80, subject="schoolgirls")]),
    ("aid_workers",
     "Two aid workers were abducted near Lor.",
     [fig("abducted", 2, subject="aid workers")]),
    ("implicit_one_without_article",
     "Gunmen shot dead the village chief in Harun on Tuesday.",
     [fig("killed", 1, subject="village chief")]),
    ("bare_numbers_in_a_list",
     "The blast killed 9 and wounded 20.",
     [fig("killed", 9, subject=""), fig("injured", 20, subject="")]),
]


@pytest.mark.parametrize("case_id, text, expected", SUBJECT_CASES, ids=_ids(SUBJECT_CASES))
def test_reads_subjects(case_id, text, expected):
    check(text, expected)


# --------------------------------------------------------------------------
# sources
# --------------------------------------------------------------------------

SOURCE_CASES = [
    ("passive_report_takes_the_source_before",
     "According to the Civil Defence Directorate (CDD), 12,400 people are affected. "
     "31 deaths, 210 injured and 4 missing were reported.",
     [fig("affected", 12400, source="Civil Defence Directorate"),
      fig("killed", 31, source="Civil Defence Directorate"),
      fig("injured", 210, source="Civil Defence Directorate"),
      fig("missing", 4, source="Civil Defence Directorate")]),
    ("passive_report_with_no_source_before",
     "The storm hit the coast on Monday. Five deaths have been reported.",
     [fig("killed", 5, source="")]),
    ("quotation_goes_on_past_a_full_stop",
     'According to village head Omar Sayed, "A total of 340 houses were destroyed in the battle. '
     'Another 900 houses were damaged."',
     [fig("housing_destroyed", 340, source="village head Omar Sayed"),
      fig("housing_damaged", 900, source="village head Omar Sayed")]),
    ("closing_attribution_introduces_the_next_sentence",
     "The cyclone caused severe flooding in the south, according to the Disaster Agency. "
     "It killed at least 14 people in Port Lenn.",
     [fig("killed", 14, source="Disaster Agency")]),
    ("opening_attribution_of_another_statement_does_not_carry",
     "Officials said the roads to the valley were cut. More than 2,000 people remained in shelters.",
     [fig("sheltered", 2000, source="")]),
    ("a_count_is_not_a_source",
     "Fourteen confirmed cases and nine deaths have so far been reported.",
     [fig("killed", 9, source="")]),
    ("source_inside_a_relative_clause",
     "A blast at a market that the militia said killed 40 people drew condemnation.",
     [fig("killed", 40, source="militia")]),
    ("claiming_responsibility_is_not_reporting",
     "At least 9 people were killed in the bombing. The Tarn Front claimed responsibility for the attack.",
     [fig("killed", 9, source="")]),
    ("source_in_a_place",
     "Security officials in the area say 6 soldiers were killed.",
     [fig("killed", 6, source="Security officials")]),
    ("according_to_trailing",
     "At least 45 people were killed in the strikes, according to the UK-based "
     "Syrian Observatory for Human Rights.",
     [fig("killed", 45, source="Syrian Observatory for Human Rights")]),
    ("according_to_opening",
     "According to the Health Ministry, 112 people were killed in the strikes.",
     [fig("killed", 112, source="Health Ministry")]),
    ("according_to_local_media",
     "Eleven people were killed, according to local media.",
     [fig("killed", 11, source="local media")]),
    ("officials_said_trailing",
     "Nine people were killed in the collapse, officials said.",
     [fig("killed", 9, source="officials")]),
    ("police_said_opening",
     "Police said 7 people were arrested after the clashes.",
     [fig("detained", 7, source="Police")]),
    ("residents_said",
     "Residents said militants abducted 13 farmers.",
     [fig("abducted", 13, source="Residents")]),
    ("said_in_a_statement",
     "Two people died, the Civil Protection Agency said in a statement.",
     [fig("killed", 2, source="Civil Protection Agency")]),
    ("said_name_inverted",
     "Fourteen people were wounded, said Amina Dore, a spokeswoman for the regional hospital.",
     [fig("injured", 14, source="Amina Dore")]),
    ("body_told_reporters",
     "The Red Crescent told reporters that 60 bodies had been recovered.",
     [fig("killed", 60, source="Red Crescent")]),
    ("person_told_reporters",
     "Malik Oren, the district governor, told reporters that 30 houses had been destroyed.",
     [fig("housing_destroyed", 30, source="Malik Oren")]),
    ("acronym_said",
     "OCHA said 9,600 people had been displaced in the past week.",
     [fig("displaced", 9600, source="OCHA")]),
    ("reported_that",
     "State television reported that 19 soldiers were killed.",
     [fig("killed", 19, source="State television")]),
    ("nested_takes_innermost",
     "Reuters reported that the Interior Ministry said 9 police officers were killed.",
     [fig("killed", 9, source="Interior Ministry")]),
    ("pronoun_she_resolves_to_person_before",
     "Lena Varga runs the only hospital in Kesh. "
     "She said 26 wounded people had been brought in overnight.",
     [fig("injured", 26, source="Lena Varga")]),
    ("pronoun_it_resolves_to_body_before",
     "The World Health Organization issued an update on Tuesday. "
     "It said 14 deaths had been confirmed in the district.",
     [fig("killed", 14, source="World Health Organization")]),
    ("pronoun_with_nobody_named",
     "He said 5 people were killed in the raid.",
     [fig("killed", 5, source="")]),
    ("carried_over_from_reported_that",
     "The National Disaster Management Office reported that: Heavy rain caused flooding "
     "in four districts. A total of 43 people died and 12 remain missing.",
     [fig("killed", 43, source="National Disaster Management Office"),
      fig("missing", 12, source="National Disaster Management Office")]),
    ("no_source",
     "At least 8 people were killed in the blast.",
     [fig("killed", 8, source="")]),
    ("source_does_not_reach_back",
     "A bomb killed 5 soldiers in Dagor on Monday. "
     "In a separate incident, police said 3 protesters were arrested.",
     [fig("killed", 5, source=""), fig("detained", 3, source="police")]),
]


@pytest.mark.parametrize("case_id, text, expected", SOURCE_CASES, ids=_ids(SOURCE_CASES))
def test_attributes_sources(case_id, text, expected):
    check(text, expected)


# --------------------------------------------------------------------------
# hedges
# --------------------------------------------------------------------------

HEDGE_CASES = [
    ("a_doubt_about_who_the_victim_was_is_no_hedge",
     "Villagers lynched and killed an alleged cattle thief near the market.",
     [fig("killed", 1, subject="alleged cattle thief", hedged=False)]),
    ("a_doubt_about_who_the_victims_were_is_no_hedge",
     "Troops killed nine alleged militants in the forest.",
     [fig("killed", 9, subject="alleged militants", hedged=False)]),
    ("a_doubt_about_the_victims_and_the_deed",
     "Nine alleged militants were reportedly killed in the forest.",
     [fig("killed", 9, hedged=True)]),
    ("an_alleged_attack_is_a_hedge",
     "An alleged drone strike killed four people in the village.",
     [fig("killed", 4, hedged=True)]),
    ("reportedly",
     "Eleven villagers were reportedly killed in the raid.",
     [fig("killed", 11, hedged=True)]),
    ("allegedly",
     "Soldiers allegedly killed six unarmed men at the checkpoint.",
     [fig("killed", 6, hedged=True)]),
    ("alleged_as_adjective",
     "The UN is investigating the alleged massacre of 16 civilians in Harun.",
     [fig("killed", 16, hedged=True)]),
    ("claimed_to_have",
     "The rebels claimed to have killed 40 soldiers.",
     [fig("killed", 40, hedged=True)]),
    ("army_claimed",
     "The army claimed its forces had killed 35 militants.",
     [fig("killed", 35, hedged=True)]),
    ("purportedly",
     "Nine prisoners were purportedly executed by the militia.",
     [fig("killed", 9, hedged=True)]),
    ("unconfirmed",
     "Unconfirmed reports said 30 people were killed in Lor.",
     [fig("killed", 30, hedged=True)]),
    ("could_not_be_independently_confirmed",
     "The group said 25 of its fighters were killed, a figure that could not be "
     "independently confirmed.",
     [fig("killed", 25, hedged=True)]),
    ("feared",
     "At least 50 people are feared dead after the landslide.",
     [fig("killed", 50, hedged=True)]),
    ("believed",
     "Twelve fishermen are believed to have drowned.",
     [fig("killed", 12, hedged=True)]),
    ("may_have",
     "As many as 100 people may have been killed.",
     [fig("killed", 100, hedged=True)]),
    ("possibly",
     "Possibly 200 people died in the landslide, a local official said.",
     [fig("killed", 200, hedged=True)]),
    # not hedges
    ("plain_said",
     "Officials said 14 people were killed.",
     [fig("killed", 14, hedged=False)]),
    ("militants_said",
     "Militants said they had killed 12 soldiers.",
     [fig("killed", 12, hedged=False)]),
    ("were_reported_killed",
     "Seven people were reported killed in the clashes.",
     [fig("killed", 7, hedged=False)]),
    ("it_was_reported_that",
     "It was reported that 30 homes were destroyed.",
     [fig("housing_destroyed", 30, hedged=False)]),
    ("estimated_is_a_bound",
     "An estimated 4,000 people were displaced.",
     [fig("displaced", 4000, hedged=False)]),
    ("hedge_stays_with_its_number",
     "Three soldiers were reportedly killed and 12 were wounded.",
     [fig("killed", 3, hedged=True), fig("injured", 12, hedged=False)]),
]


@pytest.mark.parametrize("case_id, text, expected", HEDGE_CASES, ids=_ids(HEDGE_CASES))
def test_marks_hedges(case_id, text, expected):
    check(text, expected)


# --------------------------------------------------------------------------
# cumulative totals
# --------------------------------------------------------------------------

CUMULATIVE_CASES = [
    ("since_an_event_whose_toll_the_figure_is",
     "Aid has flowed to the valley since 3 May, when the dam burst, killing more than 200 people.",
     [fig("killed", 200, cumulative=False)]),
    ("since_a_time_with_a_participle_in_a_war",
     "The war has raged since 2014, killing some 40,000 people.",
     [fig("killed", 40000, cumulative=True)]),
    ("by_a_date",
     "By 14 June, the clashes near Orsk had left 96 fighters dead and more than 210 wounded.",
     [fig("killed", 96, cumulative=True), fig("injured", 210, bound="at_least", cumulative=True)]),
    ("by_this_point",
     "By this point, it was reported that over 80 militiamen had been killed in the fighting.",
     [fig("killed", 80, cumulative=True)]),
    ("between_days_of_a_month",
     "Between 3 and 9 October 41 soldiers were killed and 75 wounded in the city.",
     [fig("killed", 41, cumulative=True), fig("injured", 75, cumulative=True)]),
    ("by_the_agent_is_not_a_date",
     "Police said 5 villagers were killed by 11 gunmen on Tuesday.",
     [fig("killed", 5, cumulative=False)]),
    ("so_far",
     "So far, 230 people have died in the floods.",
     [fig("killed", 230, cumulative=True)]),
    ("already",
     "The fighting has already displaced 60,000 people.",
     [fig("displaced", 60000, cumulative=True)]),
    ("to_date",
     "To date, 1,400 families have returned to the district.",
     [fig("returned", 1400, cumulative=True)]),
    ("as_of_a_date",
     "As of 12 May, 48,000 people were sheltering in collective centres.",
     [fig("sheltered", 48000, cumulative=True)]),
    ("since_a_month",
     "Since January, 3,200 migrants have drowned in the Mediterranean.",
     [fig("killed", 3200, cumulative=True)]),
    ("since_the_war_began",
     "Since the start of the war, 6 million people have fled the country.",
     [fig("refugees", 6000000, cumulative=True)]),
    ("this_year",
     "Some 900 civilians have been killed in the province this year.",
     [fig("killed", 900, cumulative=True)]),
    ("over_the_past_months",
     "Over the past three months, 14,000 people have fled the district.",
     [fig("displaced", 14000, cumulative=True)]),
    ("in_total_over_a_period",
     "In total, 67 journalists were killed between 2021 and 2023.",
     [fig("killed", 67, cumulative=True)]),
    ("a_trailing_mark_dates_the_figures_joined_before_it",
     "At least 1,210 people have been killed and 5,400 wounded since Thursday, the ministry said.",
     [fig("killed", 1210, bound="at_least", cumulative=True), fig("injured", 5400, cumulative=True)]),
    ("a_trailing_mark_dates_a_list_of_three",
     "Some 40 soldiers were killed, 90 wounded and 12 missing so far.",
     [fig("killed", 40, bound="approx", cumulative=True), fig("injured", 90, cumulative=True),
      fig("missing", 12, cumulative=True)]),
    ("a_mark_after_a_figure_with_its_own_verb_is_its_own",
     "Two guards were killed at the gate, and 300 people have died since January.",
     [fig("killed", 2, cumulative=False), fig("killed", 300, cumulative=True)]),
    ("a_mark_after_a_new_clause_is_its_own",
     "Four people were killed on Monday; 60 were wounded since the start of the month.",
     [fig("killed", 4, cumulative=False), fig("injured", 60, cumulative=True)]),
    ("toll_of_a_war",
     "The civil war killed an estimated 500,000 people.",
     [fig("killed", 500000, cumulative=True)]),
    ("toll_of_a_campaign",
     "The two-year counter-insurgency campaign left more than 8,000 people dead.",
     [fig("killed", 8000, cumulative=True)]),
    ("toll_of_an_epidemic",
     "The epidemic killed 11,300 people in the region.",
     [fig("killed", 11300, cumulative=True)]),
    ("toll_of_a_season",
     "The monsoon season has claimed 312 lives across the country.",
     [fig("killed", 312, cumulative=True)]),
    # one incident
    ("single_attack",
     "A suicide bomber killed 22 people at a wedding in Sarak on Saturday.",
     [fig("killed", 22, cumulative=False)]),
    ("single_quake_rose_to",
     "The death toll from Tuesday's earthquake rose to 340.",
     [fig("killed", 340, cumulative=False)]),
    ("single_attack_present_perfect",
     "At least 12 people have been killed in the attack on the convoy.",
     [fig("killed", 12, cumulative=False)]),
    ("single_quake_has_killed",
     "The quake, which struck on Monday, has killed more than 1,000 people, officials said.",
     [fig("killed", 1000, cumulative=False)]),
    ("single_storm_across_provinces",
     "The storm killed 31 people in three provinces.",
     [fig("killed", 31, cumulative=False)]),
    ("total_across_places_is_not_cumulative",
     "Floods killed 9 people in Rami and 4 in Doshan, bringing the total to 13.",
     [fig("killed", 9, cumulative=False),
      fig("killed", 4, cumulative=False),
      fig("killed", 13, cumulative=False)]),
]


@pytest.mark.parametrize("case_id, text, expected", CUMULATIVE_CASES,
                         ids=_ids(CUMULATIVE_CASES))
def test_marks_cumulative(case_id, text, expected):
    check(text, expected)


# --------------------------------------------------------------------------
# projected figures
# --------------------------------------------------------------------------

PROJECTED_CASES = [
    ("could_displace",
     "A collapse of the dam could displace up to 2 million people downstream.",
     [fig("displaced", 2000000, projected=True)]),
    ("at_risk",
     "Some 1.2 million people are at risk of displacement if the river bursts its banks.",
     [fig("displaced", 1200000, projected=True)]),
    ("threatens",
     "The offensive threatens to displace another 400,000 people.",
     [fig("displaced", 400000, projected=True)]),
    ("expected_to_return",
     "About 5,000 refugees are expected to return next month.",
     [fig("returned", 5000, projected=True)]),
    ("expected_to_be_displaced",
     "Up to 300,000 people are expected to be displaced by the cyclone.",
     [fig("displaced", 300000, projected=True)]),
    ("preparing_for_arrivals",
     "Zarnia is preparing for up to 40,000 refugees from the fighting.",
     [fig("refugees", 40000, projected=True)]),
    ("plans_to_evacuate",
     "The government plans to evacuate 12,000 residents from the coast.",
     [fig("evacuated", 12000, projected=True)]),
    ("hypothesis_if",
     "If the ceasefire collapses, as many as 100,000 people may be forced to flee.",
     [fig("displaced", 100000, projected=True)]),
    ("scenario_would_kill",
     "A major earthquake in the capital would kill up to 50,000 people, a study found.",
     [fig("killed", 50000, projected=True)]),
    # happened
    ("displaced_last_week",
     "Floods displaced 20,000 people last week.",
     [fig("displaced", 20000, projected=False)]),
    ("evacuated_on_sunday",
     "Authorities evacuated 3,000 residents on Sunday.",
     [fig("evacuated", 3000, projected=False)]),
    ("returned_last_week",
     "Some 2,100 refugees returned from Zarnia last week.",
     [fig("returned", 2100, projected=False)]),
    ("toll_that_could_rise",
     "Officials warned that the toll of 45 dead could rise.",
     [fig("killed", 45, projected=False)]),
    ("happened_then_projected",
     "Floods have displaced 20,000 people, and another 50,000 could be forced from "
     "their homes.",
     [fig("displaced", 20000, projected=False),
      fig("displaced", 50000, projected=True)]),
]


@pytest.mark.parametrize("case_id, text, expected", PROJECTED_CASES,
                         ids=_ids(PROJECTED_CASES))
def test_marks_projected(case_id, text, expected):
    check(text, expected)


# --------------------------------------------------------------------------
# zero and one victim without a number
# --------------------------------------------------------------------------

ZERO_AND_ONE_CASES = [
    ("another_after_one_killed_is_one_more",
     "A guard was killed and another was wounded at the gate.",
     [fig("killed", 1, subject="guard"), fig("injured", 1, number_text="another")]),
    ("wounded_another",
     "Gunmen shot dead two farmers and wounded another near the well.",
     [fig("killed", 2), fig("injured", 1, number_text="another")]),
    ("another_is_the_victim_of_the_one_before_it",
     "A herder shot dead another near the river on Monday.",
     [fig("killed", 1, number_text="another")]),
    ("another_with_a_number_is_that_number",
     "Another 40 people were wounded in the blast.",
     [fig("injured", 40)]),
    ("another_before_a_noun_is_no_lone_victim",
     "Another attack on the market killed 6 traders.",
     [fig("killed", 6)]),
    ("named_leader_with_a_party_acronym_and_a_relative",
     "Lenn Valley Party (LVP) leader Omar Talib and his brother were killed in a car bombing.",
     [fig("killed", 1), fig("killed", 1, subject="brother")]),
    ("the_dean_is_a_person",
     "Gunmen killed the dean of the law school on Monday.",
     [fig("killed", 1, subject="dean")]),
    ("no_one_was_killed",
     "No one was killed in the blast.",
     [bnd("killed", 0, 0, 0, "exact")]),
    ("nobody_was_injured",
     "Nobody was injured in the fire.",
     [bnd("injured", 0, 0, 0, "exact")]),
    ("none_of_them_hurt",
     "None of the passengers were hurt.",
     [bnd("injured", 0, 0, 0, "exact")]),
    ("no_deaths_were_reported",
     "No deaths were reported.",
     [bnd("killed", 0, 0, 0, "exact")]),
    ("there_were_no_fatalities",
     "There were no fatalities.",
     [bnd("killed", 0, 0, 0, "exact")]),
    # "casualties" is none of the 14 categories: no claim.
    ("no_casualties_were_reported",
     "No casualties were reported.", []),
    ("no_immediate_reports_of_casualties",
     "There were no immediate reports of casualties.", []),
    ("a_policeman_was_killed",
     "A policeman was killed in the attack.",
     [bnd("killed", 1, 1, 1, "exact")]),
    ("shot_dead_the_village_chief",
     "Gunmen shot dead the village chief in Harun.",
     [bnd("killed", 1, 1, 1, "exact")]),
    ("named_official_died_of_wounds",
     "The district governor, Omar Farouk, died of his wounds in hospital.",
     [bnd("killed", 1, 1, 1, "exact")]),
    ("a_soldier_was_wounded",
     "A soldier was wounded by sniper fire.",
     [bnd("injured", 1, 1, 1, "exact")]),
    ("a_journalist_was_abducted",
     "A journalist was abducted outside her home in Tamu.",
     [bnd("abducted", 1, 1, 1, "exact")]),
    ("a_child_drowned",
     "A child drowned when the river burst its banks.",
     [bnd("killed", 1, 1, 1, "exact")]),
    ("one_and_two_others",
     "One person was killed and two others were injured.",
     [fig("killed", 1), fig("injured", 2)]),
    ("a_soldier_and_two_civilians",
     "A roadside bomb killed a soldier and wounded two civilians.",
     [fig("killed", 1), fig("injured", 2)]),
    # a person mentioned is not a victim
    ("a_soldier_speaking",
     "A soldier said the town had been quiet for weeks.", []),
    ("an_official_condemning",
     "The police chief condemned the attack.", []),
]


@pytest.mark.parametrize("case_id, text, expected", ZERO_AND_ONE_CASES,
                         ids=_ids(ZERO_AND_ONE_CASES))
def test_reads_zero_and_implicit_one(case_id, text, expected):
    check(text, expected)


# --------------------------------------------------------------------------
# coordinated and elliptical figures
# --------------------------------------------------------------------------

SPLIT_CASES = [
    ("listed_with_places_others_keep_the_unit",
     "About 30 families in Karo District and 45 others in Lenn District have become homeless.",
     [fig("homeless", 30, unit="household", bound="approx"), fig("homeless", 45, unit="household")]),
    ("three_categories_in_one_list",
     "At least 40 were killed, 90 injured and 3,000 displaced by the fighting in Marran.",
     [fig("killed", 40, bound="at_least"),
      fig("injured", 90, bound="exact"),
      fig("displaced", 3000, bound="exact")]),
    ("qualifier_does_not_carry_over",
     "The ministry said at least 3,150 people had been killed and 9,420 wounded.",
     [fig("killed", 3150, bound="at_least"),
      fig("injured", 9420, bound="exact")]),
    ("each_qualifier_with_its_number",
     "Nearly 700 people were killed and more than 2,000 injured.",
     [fig("killed", 700, bound="at_most"),
      fig("injured", 2000, bound="at_least")]),
    ("range_then_approx",
     "Between 10 and 15 people were killed and about 40 injured.",
     [bnd("killed", 10, 10, 15, "range"),
      bnd("injured", 40, 40, 40, "approx")]),
    ("exact_then_vague",
     "Seventeen people were killed and dozens wounded.",
     [bnd("killed", 17, 17, 17, "exact"),
      bnd("injured", None, 12, None, "vague")]),
    ("two_groups_one_verb",
     "Four soldiers and seven civilians were killed.",
     [fig("killed", 4, subject="soldiers"),
      fig("killed", 7, subject="civilians")]),
    ("three_groups_with_implicit_one",
     "The ambush killed three police officers, two soldiers and a civilian.",
     [fig("killed", 3), fig("killed", 2), fig("killed", 1)]),
    ("killed_and_wounded",
     "The attack killed 12 and wounded 30.",
     [fig("killed", 12), fig("injured", 30)]),
    ("participial_clauses",
     "A bomb exploded in the market, killing 5 people and injuring 11 others.",
     [fig("killed", 5), fig("injured", 11)]),
    ("headline_style",
     "Kesh market blast: 5 dead, 14 wounded",
     [fig("killed", 5), fig("injured", 14)]),
    ("three_verbs",
     "Police killed two gunmen, wounded four and arrested 19.",
     [fig("killed", 2), fig("injured", 4), fig("detained", 19)]),
    ("storm_list",
     "The storm killed 8 people, left 20 missing and forced 15,000 to flee.",
     [fig("killed", 8), fig("missing", 20), fig("displaced", 15000)]),
    ("destroyed_and_damaged_others",
     "The floods destroyed 300 houses and damaged 1,200 others.",
     [fig("housing_destroyed", 300, unit="dwelling"),
      fig("housing_damaged", 1200, unit="dwelling")]),
    ("elliptical_place_list",
     "Two soldiers were killed in Kesh and three in Lor.",
     [fig("killed", 2), fig("killed", 3)]),
    ("one_figure_two_categories",
     "About 9,500 people have been displaced and are staying in evacuation centres.",
     [bnd("displaced", 9500, 9500, 9500, "approx"),
      bnd("sheltered", 9500, 9500, 9500, "approx")]),
]


@pytest.mark.parametrize("case_id, text, expected", SPLIT_CASES, ids=_ids(SPLIT_CASES))
def test_splits_coordinated_and_elliptical_figures(case_id, text, expected):
    check(text, expected)


# --------------------------------------------------------------------------
# subsets
# --------------------------------------------------------------------------

SUBSET_CASES = [
    ("including",
     "Thirty-four people, including 11 children, were killed in the strike.",
     [fig("killed", 34, subset=False), fig("killed", 11, subset=True)]),
    ("among_them",
     "The attack killed 18 people, among them 5 women.",
     [fig("killed", 18, subset=False), fig("killed", 5, subset=True)]),
    ("n_of_them",
     "At least 60 people were killed, 23 of them children.",
     [fig("killed", 60, subset=False), fig("killed", 23, subset=True)]),
    ("of_the_dead",
     "Of the 45 dead, 30 were civilians.",
     [fig("killed", 45, subset=False), fig("killed", 30, subset=True)]),
    ("injured_some_seriously",
     "Twelve people were injured, four of them seriously.",
     [fig("injured", 12, subset=False), fig("injured", 4, subset=True)]),
    ("including_critically",
     "Twenty people were injured, including seven critically.",
     [fig("injured", 20, subset=False), fig("injured", 7, subset=True)]),
    ("including_implicit_one",
     "Nine people, including a police officer, were killed.",
     [fig("killed", 9, subset=False), fig("killed", 1, subset=True)]),
    ("including_a_named_officer",
     "The blast killed 14 guards, including General Karim Nasser, the base commander.",
     [fig("killed", 14, subset=False), fig("killed", 1, subset=True, subject="General Karim Nasser")]),
    ("among_them_a_named_officer_before_the_predicate",
     "Six soldiers, among them Colonel Idris Bako, were killed in the ambush.",
     [fig("killed", 6, subset=False), fig("killed", 1, subset=True, subject="Colonel Idris Bako")]),
    ("an_aside_after_a_named_victim_does_not_break_the_list",
     "The strike killed Omar Haddad, the owner of a bakery, and his wife.",
     [fig("killed", 1, subject="Omar Haddad"), fig("killed", 1, subject="wife")]),
    ("an_aside_before_along_with",
     "Gunmen shot dead a teacher, a father of four, along with his son.",
     [fig("killed", 1, subject="teacher"), fig("killed", 1, subject="son")]),
    ("including_two_groups",
     "The blast killed 25 people, including 4 foreigners and 2 police officers.",
     [fig("killed", 25, subset=False),
      fig("killed", 4, subset=True),
      fig("killed", 2, subset=True)]),
    ("list_of_groups_is_not_a_subset",
     "Two soldiers and three civilians were killed.",
     [fig("killed", 2, subset=False), fig("killed", 3, subset=False)]),
    ("most_of_them_without_a_number",
     "Fighting displaced 8,000 people, most of them women and children.",
     [fig("displaced", 8000, subset=False)]),
]


@pytest.mark.parametrize("case_id, text, expected", SUBSET_CASES, ids=_ids(SUBSET_CASES))
def test_marks_subsets(case_id, text, expected):
    check(text, expected)


# --------------------------------------------------------------------------
# offsets and evidence
# --------------------------------------------------------------------------

OFFSET_CASES = [
    ("digits_with_comma",
     "Fighting has displaced 220,000 people in the east.",
     [fig("displaced", 220000, number_text="220,000")]),
    ("a_million",
     "Nearly a million people have fled their homes.",
     [fig("displaced", 1000000, number_text="a million")]),
    ("eight_million",
     "The conflict has displaced eight million people.",
     [fig("displaced", 8000000, number_text="eight million")]),
    ("decimal_million",
     "Some 1.5 million refugees have crossed the border.",
     [fig("refugees", 1500000, number_text="1.5 million")]),
    ("capitalised_hyphenated_word",
     "Thirty-one people died in the crash.",
     [fig("killed", 31, number_text="Thirty-one")]),
    ("words_spanning_several_tokens",
     "Two hundred thousand people were evacuated.",
     [fig("evacuated", 200000, number_text="Two hundred thousand")]),
    ("vague_word",
     "Dozens of people were injured in the clashes.",
     [fig("injured", None, number_text="Dozens")]),
    ("two_numbers_in_a_list",
     "At least 40 were killed and 90 injured.",
     [fig("killed", 40, number_text="40"), fig("injured", 90, number_text="90")]),
    ("date_before_the_figures",
     "The ministry said 1,034 people were killed and 3,200 injured since the "
     "offensive began on 7 May.",
     [fig("killed", 1034, number_text="1,034"),
      fig("injured", 3200, number_text="3,200")]),
    ("second_sentence",
     "On 3 March 2024, fighting broke out in Kesh. By evening, 27 people had been killed.",
     [fig("killed", 27, number_text="27",
          sentence="By evening, 27 people had been killed.")]),
    ("same_number_repeated",
     "In Kesh, 12 shops were looted. Twelve people were killed and 12 injured.",
     [fig("killed", 12, number_text="Twelve",
          sentence="Twelve people were killed and 12 injured."),
      fig("injured", 12, number_text="12",
          sentence="Twelve people were killed and 12 injured.")]),
    ("implicit_one_is_consistent",
     "A policeman was killed in Dasso.",
     [fig("killed", 1)]),
]


def _inside_sentence(text: str, claim: Claim) -> bool:
    """Whether the claim's span lies inside one occurrence of its sentence."""
    start = text.find(claim.sentence)
    while start != -1:
        if start <= claim.start and claim.end <= start + len(claim.sentence):
            return True
        start = text.find(claim.sentence, start + 1)
    return False


@pytest.mark.parametrize("case_id, text, expected", OFFSET_CASES, ids=_ids(OFFSET_CASES))
def test_offsets_point_at_the_number(case_id, text, expected):
    claims = check(text, expected, doc_id="offsets-doc")
    for claim in claims:
        assert claim.doc_id == "offsets-doc"
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start:claim.end] == claim.number_text
        assert claim.sentence and claim.sentence in text
        assert _inside_sentence(text, claim), (claim.sentence, claim.start, claim.end)


# --------------------------------------------------------------------------
# article-like passages mixing figures and other numbers
# --------------------------------------------------------------------------

PASSAGE_CASES = [
    ("wire_report",
     "KESH, March 4 (Reuters) - At least 27 people were killed and 64 wounded when a "
     "car bomb exploded near a crowded bus station in the northern city of Kesh on "
     "Tuesday, police said. The blast was the third in the city this month. No group "
     "has claimed responsibility. Soldiers of the 2nd Infantry Brigade sealed off the "
     "area, and a hospital official said most of the victims were commuters.",
     [fig("killed", 27, bound="at_least", source="police", hedged=False,
          cumulative=False, projected=False),
      fig("injured", 64, bound="exact", source="police", hedged=False,
          cumulative=False, projected=False)]),
    ("situation_report",
     "Situation Report No. 14. As of 20 October, the floods had affected an estimated "
     "310,000 people across 9 districts. Some 42,000 people have been displaced, of "
     "whom 18,500 are staying in 120 evacuation centres. At least 61 deaths have been "
     "confirmed and 23 people remain missing. Partners have distributed 8,000 hygiene "
     "kits and 1,500 tarpaulins.",
     [fig("affected", 310000, bound="approx", cumulative=True),
      fig("displaced", 42000, bound="approx"),
      fig("sheltered", 18500, bound="exact"),
      fig("killed", 61, bound="at_least"),
      fig("missing", 23, bound="exact")]),
    ("event_note",
     "On 12 June 2022, unidentified gunmen attacked the village of Tilobe (Dogona "
     "circle) and killed 14 civilians, including 3 children. Two of the attackers were "
     "also killed in an exchange of fire with local hunters. About 200 residents fled "
     "to Dogona town.",
     [fig("killed", 14, subset=False, subject="civilians"),
      fig("killed", 3, subset=True, subject="children"),
      fig("killed", 2),
      fig("displaced", 200, bound="approx")]),
    ("war_summary",
     "The siege of Marran lasted from 2014 to 2016. By its end, an estimated 12,000 "
     "people had been killed and more than 300,000 had fled the city. The 5th Corps, "
     "with around 6,000 troops, defended the city for 27 months.",
     [fig("killed", 12000, bound="approx", cumulative=True),
      fig("displaced", 300000, bound="at_least", cumulative=True)]),
    ("pronoun_and_projection",
     "The Zarnian Red Cross said 1,100 people had crossed the border since Friday. "
     "It added that camps were preparing for up to 15,000 more arrivals. Relief "
     "officials said 4 people had drowned while crossing the river.",
     [fig("refugees", 1100, source="Zarnian Red Cross", cumulative=True,
          projected=False),
      fig("refugees", 15000, source="Zarnian Red Cross", projected=True),
      fig("killed", 4, source="Relief officials", projected=False)]),
]


@pytest.mark.parametrize("case_id, text, expected", PASSAGE_CASES, ids=_ids(PASSAGE_CASES))
def test_reads_article_passages(case_id, text, expected):
    check(text, expected)


# Reports in Spanish, Portuguese and French, and text whose accented letters a wrong
# decoding replaced with U+FFFD ("M\ufffds de"), read as the same report in English would.
OTHER_LANGUAGE_CASES = [
    ("es_evacuated_after", "Hay alrededor de 300 evacuados en la provincia.",
     [fig("evacuated", 300, bound="approx", qualifier="alrededor de")]),
    ("es_at_least", "En la zona hay por lo menos 500 evacuados.",
     [fig("evacuated", 500, bound="at_least")]),
    ("es_households_passive", "Más de diez familias han sido evacuadas por seguridad.",
     [fig("evacuated", 10, bound="at_least", unit="household")]),
    ("es_verb_before_dwellings", "El fuego obligó a evacuar un centenar de casas en el cerro.",
     [fig("evacuated", 100, unit="dwelling", number_text="un centenar", subject="casas")]),
    ("es_damaged_dwellings", "Se registran 2 mil viviendas con daños en la comuna.",
     [fig("housing_damaged", 2000, unit="dwelling")]),
    ("es_killed_injured_missing", "Hay seis personas fallecidas, 12 desaparecidos y 30 heridos.",
     [fig("killed", 6, number_text="seis"), fig("missing", 12), fig("injured", 30)]),
    ("es_subject_stops_at_auxiliary", "Unas 100 personas fueron evacuadas en el valle.",
     [fig("evacuated", 100, bound="approx", subject="personas")]),
    ("pt_households_displaced", "O furacão deixou cerca de 50 famílias desalojadas.",
     [fig("displaced", 50, bound="approx", unit="household")]),
    ("fr_homeless", "Au total 1206 personnes sont sans abris.", [fig("homeless", 1206)]),
    ("fr_destroyed", "Une centaine de maisons ont été détruites.",
     [fig("housing_destroyed", 100, unit="dwelling")]),
    ("damaged_encoding_qualifier", "En la provincia hay m\ufffds de 1300 evacuados.",
     [fig("evacuated", 1300, bound="at_least", qualifier="m\ufffds de")]),
    ("damaged_encoding_household", "El temporal dej\ufffd cerca de 50 fam\ufffdlias desalojadas.",
     [fig("displaced", 50, unit="household")]),
    ("en_aside_between_toll_and_number",
     "The floods forced the evacuation of, according to the latest data, 17,631 people.",
     [fig("evacuated", 17631)]),
    ("en_aside_between_verb_and_number", "Gunmen killed, according to police, 12 villagers.",
     [fig("killed", 12, source="police")]),
]


@pytest.mark.parametrize("case_id, text, expected", OTHER_LANGUAGE_CASES, ids=_ids(OTHER_LANGUAGE_CASES))
def test_reads_other_languages_and_damaged_text(case_id, text, expected):
    check(text, expected)


# --------------------------------------------------------------------------
# the tables themselves
# --------------------------------------------------------------------------

ALL_TABLES = {
    "number_forms": NUMBER_FORMS, "not_counts": NOT_COUNTS,
    "categories": CATEGORY_CASES, "bounds": BOUND_CASES, "units": UNIT_CASES,
    "subjects": SUBJECT_CASES, "sources": SOURCE_CASES, "hedges": HEDGE_CASES,
    "cumulative": CUMULATIVE_CASES, "projected": PROJECTED_CASES,
    "zero_and_one": ZERO_AND_ONE_CASES, "splits": SPLIT_CASES,
    "subsets": SUBSET_CASES, "offsets": OFFSET_CASES, "passages": PASSAGE_CASES,
    "other_languages": OTHER_LANGUAGE_CASES,
}


def test_case_tables_are_well_formed():
    """Ids are unique per table and every expected dict names real Claim fields."""
    for name, table in ALL_TABLES.items():
        ids = _ids(table)
        assert len(ids) == len(set(ids)), f"duplicate case id in {name}"
        for case_id, text, expected in table:
            assert text.strip(), (name, case_id)
            for want in expected:
                assert set(want) <= CLAIM_FIELDS, (name, case_id, set(want) - CLAIM_FIELDS)
                assert want["category"] in CATEGORIES, (name, case_id)
                assert want.get("bound", "exact") in BOUNDS, (name, case_id)
                assert want.get("unit", "person") in UNITS, (name, case_id)


# Casualties the text does not say were killed or injured stay visible under the
# extra category "casualties", which the scorer passes over.
CASUALTY_CASES = [
    ("no_casualties_is_a_zero", "No casualties were reported after the shelling.", [("casualties", 0, True)]),
    ("casualties_count", "The bus crash caused 14 casualties.", [("casualties", 14, False)]),
    ("casualties_beside_injured", "There were no casualties, but two guards were injured.",
     [("casualties", 0, True), ("injured", 2, False)]),
]


@pytest.mark.parametrize("case_id, text, expected", CASUALTY_CASES, ids=_ids(CASUALTY_CASES))
def test_reads_casualties_outside_the_contract(case_id, text, expected):
    assert [(c.category, c.value, c.negated) for c in extract(text)] == expected
