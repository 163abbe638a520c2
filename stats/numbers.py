"""Read numbers in text: digits, number words, ranges and vague quantities.

Stage 1 of the pipeline (read documents -> **find numbers** -> find figures -> ...).
Every number-like span of a text is returned with its value and its *kind*,
so that later stages keep only counts and can see why a span was rejected.
The words this module knows live in ``stats/rules/numbers.toml``.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Quantity", "find_quantities", "parse_number", "COUNT_KINDS"]

#: Kinds of quantity that can be a count of people or homes.
COUNT_KINDS = frozenset({"count", "range", "vague"})


@dataclass(frozen=True, slots=True)
class Quantity:
    """One number-like span of a text.

    ``text[start:end]`` is the surface form (``"220,000"``, ``"a million"``,
    ``"5-7"``, ``"between 10 and 20"``, ``"dozens"``, ``"200,000+"``).
    ``kind`` is ``count``, ``range`` or ``vague`` for possible counts, and
    for numbers that are not counts one of ``year``, ``date``, ``time``,
    ``percent``, ``money``, ``measure``, ``ordinal``, ``age``, ``phone``,
    ``decade``, ``fraction``, ``label``.
    ``value`` is the number (the lower end of a range; ``None`` when vague),
    ``high`` the upper end of a range (else equal to ``value``), ``code`` the
    conservative code of a vague quantity (dozens -> 12), and ``bound`` a bound
    written into the number itself (``"200,000+"`` -> ``at_least``,
    ``"~60"`` -> ``approx``), else ``None``.
    """

    start: int
    end: int
    text: str
    kind: str
    value: int | None
    high: int | None = None
    code: int | None = None
    bound: str | None = None
