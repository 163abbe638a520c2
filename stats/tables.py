"""The report's tables: claims, document totals, estimates and running totals.

Stage 7 of the pipeline (... -> reconcile -> **tables** -> charts, report).
:func:`build_tables` turns the claims of a corpus into the four tidy tables
that every output (CSV, Parquet, JSON, HXL, charts, PDF) is written from.

A corpus too large to keep as :class:`~stats.claims.Claim` objects goes
through a :class:`TableBuilder`: the claims of each document are added as
they are extracted, kept as typed columnar chunks of the claims table with
the document totals already made, and :func:`build_tables` makes the tables
from the builder at the end.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .claims import CLAIM_DTYPES, Claim, claims_frame
from .estimates import DEFAULT_POLICY, estimates, series
from .lexicon import Lexicon
from .totals import total_rows, totals_frame
from .units import to_persons

__all__ = ["Row", "TableBuilder", "Tables", "build_tables"]

#: A row of a table as pandas gives it (``DataFrame.to_dict("records")``, ``Series.to_dict()``).
Row = Mapping[Hashable, Any]

#: Rows a chunk of the claims table holds in a :class:`TableBuilder`.
CHUNK_ROWS = 4096


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


class TableBuilder:
    """The claims of a corpus, added a document (or a batch) at a time, kept compact.

    :meth:`add` types the claims into chunks of the claims table
    (:data:`~stats.claims.CLAIM_DTYPES`, ``chunk_rows`` rows each) and makes
    the document totals of what it is given (:func:`~stats.totals.total_rows`)
    at once, so that neither the claims nor the texts of the whole corpus are
    held; :func:`build_tables` makes the tables from it.  The tables are the
    same as from all the claims at once, in the same order, even when the
    claims of one document id come in more than one call (two inputs with
    the same id): that id's totals are then made again from its rows.

    >>> from stats.claims import extract
    >>> builder = TableBuilder()
    >>> builder.add(extract("At least 12 people were killed.", doc_id="d1"))
    >>> builder.add(extract("Two people died and 5 were injured.", doc_id="d2"))
    >>> len(builder), builder.claims_frame()["doc_id"].tolist()
    (3, ['d1', 'd2', 'd2'])
    >>> builder.totals_frame()[["doc_id", "category", "best"]].values.tolist()
    [['d1', 'killed', 12], ['d2', 'injured', 5], ['d2', 'killed', 2]]
    """

    def __init__(self, *, chunk_rows: int = CHUNK_ROWS, lexicon: Lexicon | None = None) -> None:
        if chunk_rows < 1:
            raise ValueError(f"chunk_rows must be at least 1, not {chunk_rows}")
        self._chunk_rows = chunk_rows
        self._lexicon = lexicon
        self._claims: list[Claim] = []
        self._calls: list[int] = []
        self._totals: list[tuple] = []
        self._claim_chunks: list[pd.DataFrame] = []
        self._call_chunks: list[np.ndarray] = []
        self._total_chunks: list[pd.DataFrame] = []
        self._added = 0
        self._count = 0

    def __len__(self) -> int:
        """How many claims were added."""
        return self._count

    def add(self, claims: Iterable[Claim]) -> None:
        """Add the claims of one document (or of several, all of their claims at once)."""
        claims = list(claims)
        self._totals.extend(total_rows(claims, self._lexicon))
        self._claims.extend(claims)
        self._calls.extend([self._added] * len(claims))
        self._added += 1
        self._count += len(claims)
        if len(self._claims) >= self._chunk_rows:
            self._flush()

    def _flush(self) -> None:
        if self._claims:
            self._claim_chunks.append(claims_frame(self._claims))
            self._call_chunks.append(np.asarray(self._calls, dtype=np.int64))
            self._claims, self._calls = [], []
        if self._totals:
            self._total_chunks.append(totals_frame(self._totals))
            self._totals = []

    def claims_frame(self) -> pd.DataFrame:
        """The claims table of everything added (:func:`~stats.claims.claims_frame`), in the order added.

        The chunks are joined into one, which the builder then keeps in their
        place (the table is not held twice): treat it as read-only.
        """
        self._flush()
        if not self._claim_chunks:
            return claims_frame([])
        if len(self._claim_chunks) > 1:
            self._claim_chunks = [pd.concat(self._claim_chunks, ignore_index=True)]
            self._call_chunks = [np.concatenate(self._call_chunks)]
        return self._claim_chunks[0]

    def totals_frame(self) -> pd.DataFrame:
        """The document totals of everything added (:func:`~stats.totals.doc_totals`), by document and category."""
        self._flush()
        totals = (pd.concat(self._total_chunks, ignore_index=True) if self._total_chunks
                  else totals_frame([]))
        split = self._split_ids()
        if split:
            claims = self.claims_frame()
            again = totals_frame(total_rows(_claims_of(claims[claims["doc_id"].isin(split)]), self._lexicon))
            totals = pd.concat([totals[~totals["doc_id"].isin(split)], again], ignore_index=True)
        keys = list(zip(totals["doc_id"].tolist(), totals["category"].tolist()))
        order = sorted(range(len(keys)), key=keys.__getitem__)
        return totals.take(order).reset_index(drop=True)

    def _split_ids(self) -> list[str]:
        """The document ids whose claims came in more than one call of :meth:`add`."""
        if not self._claim_chunks:
            return []
        calls = pd.DataFrame({"doc_id": pd.concat([c["doc_id"] for c in self._claim_chunks], ignore_index=True),
                              "call": np.concatenate(self._call_chunks)})
        spread = calls.groupby("doc_id", sort=False)["call"].nunique()
        return spread.index[spread > 1].tolist()


def _claims_of(frame: pd.DataFrame) -> list[Claim]:
    """The rows of a claims table as :class:`~stats.claims.Claim` objects again (missing as ``None``)."""
    cells = frame[list(CLAIM_DTYPES)].astype(object)
    cells = cells.where(cells.notna(), None)
    return [Claim(*row) for row in cells.itertuples(index=False, name=None)]


def build_tables(
    claims: Iterable[Claim] | TableBuilder,
    *,
    documents: int,
    policy: str = DEFAULT_POLICY,
    household_size: float | None = None,
    household_sizes: Mapping[str, float] | None = None,
) -> Tables:
    """The tables of a corpus from all its claims, or from a :class:`TableBuilder` they were added to.

    >>> from stats.claims import extract
    >>> t = build_tables(extract("At least 12 people were killed.", doc_id="d1"), documents=1)
    >>> (len(t.claims), t.doc_totals["best"].tolist(), t.estimates["best"].tolist())
    (1, [12], [12])
    """
    if isinstance(claims, TableBuilder):
        builder = claims
    else:
        builder = TableBuilder()
        builder.add(claims)
    frame = to_persons(builder.claims_frame(), household_size=household_size, household_sizes=household_sizes)
    return Tables(
        claims=frame,
        doc_totals=builder.totals_frame(),
        estimates=estimates(frame, policy=policy),
        series=series(frame, policy=policy),
        documents=documents,
        policy=policy,
        household_size=household_size,
        household_sizes=household_sizes,
    )
