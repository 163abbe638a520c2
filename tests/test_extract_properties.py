"""Properties every extraction must have, on arbitrary and on generated text,
and a snapshot of the seed article's claims table."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats.claims import claims_frame, extract, extract_document
from stats.documents import read_documents
from stats.totals import doc_totals

REPO = Path(__file__).resolve().parents[1]

PEOPLE = ["people", "civilians", "soldiers", "children", "villagers", "families"]
PEOPLE_VERBS = ["were killed", "were injured", "were displaced", "died", "were evacuated",
                "were reported missing", "fled"]
HOMES = ["houses", "homes", "buildings"]
HOMES_VERBS = ["were destroyed", "were damaged", "were razed"]
QUALIFIERS = ["", "at least ", "more than ", "about ", "up to ", "nearly ", "an estimated "]
OPENINGS = ["", "Officials said ", "According to the Red Crescent, ", "Police said that "]
CLOSINGS = [".", " on Monday.", " so far this year.", " in the attack, witnesses said.",
            ", a figure that could not be independently confirmed."]


@st.composite
def casualty_sentences(draw) -> str:
    """Sentences in the shape of wire reports, with digits or words."""
    n = draw(st.integers(min_value=1, max_value=5_000_000))
    number = draw(st.sampled_from([str(n), f"{n:,}"]))
    groups, verbs = draw(st.sampled_from([(PEOPLE, PEOPLE_VERBS), (HOMES, HOMES_VERBS)]))
    return (draw(st.sampled_from(OPENINGS)) + draw(st.sampled_from(QUALIFIERS)) + number + " "
            + draw(st.sampled_from(groups)) + " " + draw(st.sampled_from(verbs))
            + draw(st.sampled_from(CLOSINGS)))


def _check_claims(text: str) -> list:
    claims = extract(text, doc_id="d")
    for c in claims:
        assert text[c.start:c.end] == c.number_text
        assert c.sentence in text
        assert c.low is None or c.high is None or c.low <= c.high
        if c.value is not None:
            assert c.low is None or c.low <= c.value
            assert c.high is None or c.value <= c.high
    return claims


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_text_raises_and_offsets_are_valid(text):
    _check_claims(text)


@settings(max_examples=300, deadline=None)
@given(casualty_sentences())
def test_generated_reports_give_their_number(sentence):
    claims = _check_claims(sentence)
    assert len(claims) >= 1
    assert any(c.number_text.replace(",", "") in sentence.replace(",", "") for c in claims)


@settings(max_examples=100, deadline=None)
@given(st.lists(casualty_sentences(), min_size=2, max_size=4))
def test_a_sentence_reads_the_same_alone_and_inside_a_document(sentences):
    document = " ".join(sentences)
    together = [(c.category, c.value, c.bound, c.number_text) for c in extract(document)]
    alone = [(c.category, c.value, c.bound, c.number_text) for s in sentences for c in extract(s)]
    assert together == alone


def _seed_claims() -> list:
    return [c for d in read_documents([REPO / "seeds"]) for c in extract_document(d)]


def test_seed_claims_table(file_regression):
    frame = claims_frame(_seed_claims()).drop(columns=["sentence"])
    file_regression.check(frame.to_csv(index=False), extension=".csv")


def test_seed_totals_table(file_regression):
    file_regression.check(doc_totals(_seed_claims()).to_csv(index=False), extension=".csv")


@pytest.mark.parametrize(
    "unit",
    [
        "At least 3 people were killed and 4 injured, ",  # one endless sentence of figures
        "at least ",  # qualifiers with no number
        "1,2,3,4,5,6,7,8,9,0,",  # digits and commas
        "((( reportedly 12 people died ",  # nesting and hedges
    ],
    ids=["many_figures_in_one_sentence", "qualifiers_only", "digits_and_commas", "nested_parentheses"],
)
def test_extraction_time_grows_linearly(unit, best_seconds):
    small = unit * (20_000 // len(unit))
    ratio = best_seconds(lambda: extract(small * 2)) / max(best_seconds(lambda: extract(small)), 1e-4)
    assert ratio < 3, f"doubling the input multiplied the time by {ratio:.1f}"


_LINE = ("On Monday officials in the northern district said the road to the market had been closed since "
         "the storm, and that at least 3 people were killed there. ")


@pytest.mark.parametrize(
    "half, double",
    [
        ("1,2,3,4,5,6,7,8,9,0," * 25_000, "1,2,3,4,5,6,7,8,9,0," * 50_000),  # 0.5 MB, then 1 MB
        ("at least " * 50_000, "at least " * 100_000),
        (_LINE * (2_500_000 // len(_LINE)), _LINE * (5_000_000 // len(_LINE))),  # one line of 2.5 MB, then 5 MB
        ("(" * 100_000 + "12 people died" + ")" * 100_000, "(" * 200_000 + "12 people died" + ")" * 200_000),
    ],
    ids=["digits_and_commas_1MB", "at_least_100000_times", "single_line_5MB", "parentheses_200000_deep"],
)
def test_the_issues_adversarial_inputs_take_time_linear_in_their_size(half, double, best_seconds):
    ratio = best_seconds(lambda: extract(double)) / max(best_seconds(lambda: extract(half)), 1e-3)
    assert ratio < 3, f"doubling the input multiplied the time by {ratio:.1f}"


# --- generated casualty sentences: the figure, its value, bound and category ---

#: Qualifiers and the bound each gives the number after it.
QUALIFIER_BOUNDS = {
    "": "exact", "at least ": "at_least", "more than ": "at_least", "over ": "at_least",
    "about ": "approx", "some ": "approx", "an estimated ": "approx", "around ": "approx",
    "up to ": "at_most", "nearly ": "at_most", "almost ": "at_most", "fewer than ": "at_most",
}
#: Numbers in words and their values.
NUMBER_WORDS = {
    "two": 2, "twelve": 12, "twenty-five": 25, "forty": 40, "two hundred": 200, "three thousand": 3_000,
    "1.2 million": 1_200_000, "two million": 2_000_000,
}
#: Victims and the unit they are counted in.
VICTIMS = {
    "people": "person", "civilians": "person", "soldiers": "person", "children": "person", "villagers": "person",
    "women": "person", "migrants": "person", "families": "household", "households": "household",
}
#: Verbs that follow the victims, and the category of the figure.
VICTIM_VERBS = {
    "were killed": "killed", "died": "killed", "were injured": "injured", "were wounded": "injured",
    "were displaced": "displaced", "fled": "displaced", "were evacuated": "evacuated",
    "were reported missing": "missing", "went missing": "missing", "were abducted": "abducted",
    "were detained": "detained", "were arrested": "detained", "were left homeless": "homeless",
}
DWELLINGS = ["houses", "homes", "buildings", "shelters", "dwellings"]
DWELLING_VERBS = {
    "were destroyed": "housing_destroyed", "were razed": "housing_destroyed", "were flattened": "housing_destroyed",
    "collapsed": "housing_destroyed", "were damaged": "housing_damaged",
}


@st.composite
def figures(draw) -> tuple[str, tuple[str, int, int | None, int | None, str, str], str]:
    """A casualty sentence, the claim it states (category, value, low, high, bound, unit) and its number as written."""
    if draw(st.booleans()):
        words = draw(st.sampled_from(sorted(NUMBER_WORDS)))
        number, n = words, NUMBER_WORDS[words]
    else:
        n = draw(st.integers(min_value=2, max_value=9_999_999))
        number = draw(st.sampled_from([str(n), f"{n:,}"]))
    qualifier = draw(st.sampled_from(sorted(QUALIFIER_BOUNDS)))
    bound = QUALIFIER_BOUNDS[qualifier]
    if draw(st.integers(min_value=0, max_value=3)):
        victims = draw(st.sampled_from(sorted(VICTIMS)))
        verb = draw(st.sampled_from(sorted(VICTIM_VERBS)))
        category, unit = VICTIM_VERBS[verb], VICTIMS[victims]
    else:
        victims = draw(st.sampled_from(DWELLINGS))
        verb = draw(st.sampled_from(sorted(DWELLING_VERBS)))
        category, unit = DWELLING_VERBS[verb], "dwelling"
    low = None if bound == "at_most" else n
    high = None if bound == "at_least" else n
    sentence = (draw(st.sampled_from(OPENINGS)) + qualifier + number + " " + victims + " " + verb
                + draw(st.sampled_from(CLOSINGS)))
    return sentence, (category, n, low, high, bound, unit), number


def _claim(c) -> tuple:
    return (c.category, c.value, c.low, c.high, c.bound, c.unit)


@settings(max_examples=400, deadline=None)
@given(figures())
def test_a_generated_figure_is_found_with_its_value_bound_and_category(figure):
    sentence, expected, number = figure
    claims = _check_claims(sentence)
    assert [_claim(c) for c in claims] == [expected]
    assert claims[0].number_text == number
    assert claims[0].sentence == sentence


@settings(max_examples=100, deadline=None)
@given(st.lists(figures(), min_size=2, max_size=5), st.sampled_from([" ", "\n", "\n\n"]))
def test_generated_figures_read_the_same_alone_and_inside_a_corpus(drawn, separator):
    document = separator.join(sentence for sentence, _, _ in drawn)
    claims = _check_claims(document)
    assert [_claim(c) for c in claims] == [expected for _, expected, _ in drawn]
    starts = []
    offset = 0
    for sentence, _, number in drawn:
        starts.append(offset + sentence.index(number))
        offset += len(sentence) + len(separator)
    assert [c.start for c in claims] == starts
