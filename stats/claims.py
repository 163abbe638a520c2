"""Claims: one row per casualty or displacement figure, with its evidence.

Stage 4 of the pipeline (... -> attach qualifiers -> **claims table** -> totals).
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Claim", "CATEGORIES", "BOUNDS", "UNITS"]

CATEGORIES = (
    "killed", "injured", "missing", "detained", "abducted", "displaced", "refugees",
    "evacuated", "returned", "sheltered", "homeless", "housing_destroyed",
    "housing_damaged", "affected",
)
BOUNDS = ("exact", "at_least", "at_most", "approx", "range", "vague")
UNITS = ("person", "household", "dwelling")


@dataclass(frozen=True, slots=True)
class Claim:
    """One figure stated in a document.

    ``value``/``low``/``high`` follow the contract in ``../shared/data/README.md``:
    exact and approx give value, value; at_least gives value, None; at_most
    gives None, value; range gives both ends; vague gives None and the
    conservative code in ``low``.  ``text[start:end]`` of the document is
    ``number_text``, the number's surface form; ``sentence`` is the sentence
    it stands in.  ``subset`` marks a figure that is part of another figure
    of the same sentence ("29 people, including 10 foreigners": the 10).
    """

    doc_id: str
    category: str
    value: int | None
    low: int | None
    high: int | None
    bound: str
    qualifier: str
    unit: str
    subject: str
    source: str
    hedged: bool
    cumulative: bool
    projected: bool
    negated: bool
    subset: bool
    number_text: str
    start: int
    end: int
    sentence: str


def extract(text: str, doc_id: str = "") -> list[Claim]:
    """Every casualty and displacement figure in ``text``, in text order."""
    return []
