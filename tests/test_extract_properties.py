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


def _seconds(text: str) -> float:
    import time

    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        extract(text)
        best = min(best, time.perf_counter() - start)
    return best


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
def test_extraction_time_grows_linearly(unit):
    small = unit * (20_000 // len(unit))
    ratio = _seconds(small * 2) / max(_seconds(small), 1e-4)
    assert ratio < 3, f"doubling the input multiplied the time by {ratio:.1f}"
