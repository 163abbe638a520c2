"""Document totals: one row per document and category, in persons.

Stage 5 of the pipeline (... -> claims table -> **document totals**).
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .claims import Claim

__all__ = ["doc_totals", "TOTAL_COLUMNS"]

TOTAL_COLUMNS = ("doc_id", "category", "low", "best", "high")


def doc_totals(claims: Iterable[Claim]) -> pd.DataFrame:
    """The total a careful coder would record per document and category."""
    return pd.DataFrame(columns=list(TOTAL_COLUMNS))
