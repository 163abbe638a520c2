"""The report's tables: claims, document totals, estimates and running totals.

Stage 7 of the pipeline (... -> reconcile -> **tables** -> charts, report).
:func:`build_tables` turns the claims of a corpus into the four tidy tables
that every output (CSV, Parquet, JSON, HXL, charts, PDF) is written from.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from .claims import Claim, claims_frame
from .estimates import DEFAULT_POLICY, estimates, series
from .totals import doc_totals
from .units import to_persons

__all__ = ["Tables", "build_tables"]


@dataclass(frozen=True)
class Tables:
    """The four tables of a report and what they were built with.

    ``claims`` has the household figures in persons where a size was given
    (columns ``persons_*``); ``documents`` counts the documents read, with or
    without figures.
    """

    claims: pd.DataFrame
    doc_totals: pd.DataFrame
    estimates: pd.DataFrame
    series: pd.DataFrame
    documents: int
    policy: str = DEFAULT_POLICY
    household_size: float | None = None
    household_sizes: Mapping[str, float] | None = None

    def frames(self) -> dict[str, pd.DataFrame]:
        """The tables by their file names, in order."""
        return {"claims": self.claims, "doc_totals": self.doc_totals, "estimates": self.estimates,
                "series": self.series}

    def date_span(self) -> tuple[str | None, str | None]:
        """The first and last document dates (ISO), or ``(None, None)`` when no claim is dated."""
        dates = self.claims["doc_date"].dropna() if "doc_date" in self.claims else pd.Series(dtype="string")
        return (min(dates), max(dates)) if len(dates) else (None, None)


def build_tables(
    claims: Iterable[Claim],
    *,
    documents: int,
    policy: str = DEFAULT_POLICY,
    household_size: float | None = None,
    household_sizes: Mapping[str, float] | None = None,
) -> Tables:
    """The tables of a corpus from all its claims.

    >>> from stats.claims import extract
    >>> t = build_tables(extract("At least 12 people were killed.", doc_id="d1"), documents=1)
    >>> (len(t.claims), t.doc_totals["best"].tolist(), t.estimates["best"].tolist())
    (1, [12], [12])
    """
    claims = list(claims)
    frame = to_persons(claims_frame(claims), household_size=household_size, household_sizes=household_sizes)
    return Tables(
        claims=frame,
        doc_totals=doc_totals(claims),
        estimates=estimates(frame, policy=policy),
        series=series(frame, policy=policy),
        documents=documents,
        policy=policy,
        household_size=household_size,
        household_sizes=household_sizes,
    )
