"""Engines: extract the figures of a stream of documents, in this process or in many.

Stage 4 at scale (read documents -> **extract, one document at a time, here
or in workers** -> tables).  Every engine yields one :class:`Extracted` per
document, in the order the documents were read, whatever runs the
extraction, so the tables made from its output are the same:

* :func:`extract_stream` runs :func:`~stats.claims.extract_document` over
  documents read in this process: in this process with ``jobs=1``, else in a
  pool of ``jobs`` worker processes that get the documents in batches, with
  a bounded number of batches in flight (memory stays bounded, and a read
  error stays with the reader, here);
* :func:`extract_dask` runs it on a Dask cluster (``dask.distributed``),
  the documents read by the workers, in partitions of the inputs; and
  :func:`claims_dataframe` gives the same claims as a Dask dataframe typed
  as :data:`~stats.claims.CLAIM_DTYPES`, to write as Parquet on the cluster.

Dask is optional (``pip install 'casualty-stats[dask]'``) and imported only
by the Dask engine.
"""
from __future__ import annotations

import importlib.util
import itertools
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .claims import Claim, claims_frame, extract_document
from .documents import (
    SPLIT_SUFFIXES, Document, InputError, ReadError, Span, file_spans, input_files, read_documents, read_span,
)

__all__ = [
    "BATCH_SIZE", "PARTITION_SIZE", "SERIAL_DOCUMENTS", "DaskPlan", "EngineError", "Extracted", "claims_dataframe",
    "dask_available", "dask_bag", "extract_dask", "extract_one", "extract_stream", "plan_dask",
]

#: Documents a worker gets at a time.
BATCH_SIZE = 32
#: Documents extracted in this process before a pool is started: a small corpus never waits for one.
SERIAL_DOCUMENTS = 100
#: Documents in a partition of the Dask engine: whole files, or spans of a larger JSON Lines or CSV file.
PARTITION_SIZE = 2000

#: What a partition of the Dask engine reads: a whole file (span ``None``), or a span of a JSON Lines
#: or CSV file (:func:`~stats.documents.file_spans`).
Part = tuple[str, Span | None]

Extract = Callable[[Document], list[Claim]]
Keep = Callable[[Claim], bool]


@dataclass(frozen=True, slots=True)
class Extracted:
    """What one document gave: its id, how many figures were found, and those kept.

    >>> one = extract_one(Document("d1", "Two people died and 5 were injured."), keep=lambda c: c.value > 2)
    >>> one.doc_id, one.found, [c.value for c in one.claims]
    ('d1', 2, [5])
    """

    doc_id: str
    found: int
    claims: tuple[Claim, ...]


def extract_one(document: Document, extract: Extract = extract_document, keep: Keep | None = None) -> Extracted:
    """The figures of one document, and those of them that ``keep`` keeps (all without it)."""
    claims = extract(document)
    kept = tuple(claims) if keep is None else tuple(c for c in claims if keep(c))
    return Extracted(document.id, len(claims), kept)


def _extract_batch(batch: list[Document], extract: Extract, keep: Keep | None) -> list[Extracted]:
    return [extract_one(doc, extract, keep) for doc in batch]


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it terminates the pool)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _batches(documents: Iterator[Document], size: int) -> Iterator[list[Document]]:
    while batch := list(itertools.islice(documents, size)):
        yield batch


def extract_stream(
    documents: Iterable[Document],
    *,
    jobs: int = 1,
    keep: Keep | None = None,
    extract: Extract = extract_document,
    batch_size: int = BATCH_SIZE,
    serial: int = SERIAL_DOCUMENTS,
    start_method: str | None = None,
) -> Generator[Extracted, None, None]:
    """Extract the figures of ``documents``, one :class:`Extracted` a document, in their order.

    With ``jobs=1`` each document is extracted here as soon as it is read.
    With more, the first ``serial`` documents are too; if there are more, a
    pool of ``jobs`` processes (``multiprocessing``, with ``start_method``,
    default the platform's) extracts the rest, ``batch_size`` documents a
    task and at most two tasks a worker in flight, while the documents are
    read here.  ``extract`` and ``keep`` must then be picklable (functions
    of a module, a :class:`~stats.cli.ClaimFilter`).  The workers ignore
    Ctrl-C: the ``KeyboardInterrupt`` is raised here, and the pool is
    terminated when the iterator is closed or fails.

    >>> docs = [Document(f"d{i}", f"{i} people were killed.") for i in range(1, 4)]
    >>> [(e.doc_id, e.found) for e in extract_stream(docs, jobs=2, serial=0)]
    [('d1', 1), ('d2', 1), ('d3', 1)]
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    documents = iter(documents)
    here = documents if jobs == 1 else itertools.islice(documents, serial)
    for doc in here:
        yield extract_one(doc, extract, keep)
    if jobs > 1:
        yield from _pooled(documents, jobs, extract, keep, batch_size, start_method)


def _pooled(documents: Iterator[Document], jobs: int, extract: Extract, keep: Keep | None, batch_size: int,
            start_method: str | None) -> Generator[Extracted, None, None]:
    batches = _batches(documents, batch_size)
    first = next(batches, None)
    if first is None:
        return
    with multiprocessing.get_context(start_method).Pool(jobs, initializer=_ignore_interrupts) as pool:
        pending: deque = deque()
        for batch in itertools.chain([first], batches):
            pending.append(pool.apply_async(_extract_batch, (batch, extract, keep)))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
        pool.close()
        pool.join()


# --- Dask ----------------------------------------------------------------------


class EngineError(RuntimeError):
    """An engine cannot run: Dask is not installed, or its scheduler cannot be reached."""


def dask_available() -> bool:
    """Whether the Dask engine can run here: ``dask.bag``, ``dask.dataframe`` and ``distributed`` installed."""
    try:
        return all(importlib.util.find_spec(name) is not None
                   for name in ("dask", "dask.bag", "dask.dataframe", "distributed"))
    except ImportError:  # a parent package is missing
        return False


def _require_dask() -> None:
    if not dask_available():
        raise EngineError("the Dask engine needs dask and distributed: pip install 'casualty-stats[dask]'")


@dataclass(frozen=True)
class DaskPlan:
    """How the Dask engine splits the inputs: how many documents, what could not be read, the partitions.

    ``partitions`` are the :data:`Part` s each partition reads, in the order
    of :func:`~stats.documents.read_documents`: consecutive parts until they
    hold ``partition_size`` documents, so no document is read twice.

    >>> parts = [(("a.jsonl", None), 3), (("b.txt", None), 1), (("c.txt", None), 1), (("d.jsonl", Span(0, 90, 1, 0)), 4)]
    >>> [[path for path, _ in p] for p in DaskPlan.of(parts, (), partition_size=4).partitions]
    [['a.jsonl', 'b.txt'], ['c.txt', 'd.jsonl']]
    """

    documents: int
    errors: tuple[ReadError, ...]
    partitions: tuple[tuple[Part, ...], ...]

    @classmethod
    def of(cls, parts: Sequence[tuple[Part, int]], errors: Sequence[ReadError], *,
           partition_size: int = PARTITION_SIZE, documents: int | None = None) -> DaskPlan:
        """The plan of ``parts``, ``(part, documents in it)`` in reading order; ``documents``: the
        count of all of them when the parts' counts are estimates."""
        if partition_size < 1:
            raise ValueError(f"partition_size must be at least 1, not {partition_size}")
        partitions: list[tuple[Part, ...]] = []
        current: list[Part] = []
        held = 0
        for part, count in parts:
            current.append(part)
            held += count
            if held >= partition_size:
                partitions.append(tuple(current))
                current, held = [], 0
        if current:
            partitions.append(tuple(current))
        total = sum(n for _, n in parts) if documents is None else documents
        return cls(total, tuple(errors), tuple(partitions))


def _paths(inputs: Iterable[str | os.PathLike[str]]) -> list[str]:
    return [os.fsdecode(os.fspath(p)) for p in inputs]


def _survey(inputs: list[str], text_column: str, id_column: str,
            partition_size: int) -> tuple[list[tuple[Part, int]], int, list[ReadError]]:
    """On a worker: the parts of the inputs and about how many documents each holds, how many
    documents there are, and what cannot be read.

    A JSON Lines or CSV file of more than ``partition_size`` documents is
    cut into spans of ``partition_size`` lines (rows); any other file is one part.
    """
    errors: list[ReadError] = []
    parts: list[tuple[Part, int]] = []
    total = 0
    for path in input_files(inputs, on_error=errors.append):
        documents = sum(1 for _ in read_documents([path], on_error=errors.append, text_column=text_column,
                                                  id_column=id_column))
        total += documents
        if os.path.splitext(path.lower())[1] in SPLIT_SUFFIXES and documents > partition_size:
            parts += [((path, span), partition_size) for span in file_spans(path, partition_size)]
        else:
            parts.append(((path, None), documents))
    return parts, total, errors


def _extract_parts(parts: tuple[Part, ...], text_column: str, id_column: str, keep: Keep | None) -> list[Extracted]:
    """On a worker: the documents of ``parts``, extracted (their problems are in the plan)."""
    ignore = lambda error: None  # noqa: E731
    out: list[Extracted] = []
    for path, span in parts:
        docs = (read_documents([path], on_error=ignore, text_column=text_column, id_column=id_column)
                if span is None else read_span(path, span, on_error=ignore, text_column=text_column, id_column=id_column))
        out += [extract_one(doc, keep=keep) for doc in docs]
    return out


def plan_dask(client: Any, inputs: Iterable[str | os.PathLike[str]], *, text_column: str = "text",
              id_column: str = "id", partition_size: int = PARTITION_SIZE) -> DaskPlan:
    """Survey the inputs on a worker of ``client`` (a ``distributed.Client``): the :class:`DaskPlan`."""
    parts, documents, errors = client.submit(_survey, _paths(inputs), text_column, id_column, partition_size,
                                             pure=False).result()
    return DaskPlan.of(parts, errors, partition_size=partition_size, documents=documents)


def dask_bag(plan: DaskPlan, *, text_column: str = "text", id_column: str = "id", keep: Keep | None = None) -> Any:
    """A ``dask.bag.Bag`` of the :class:`Extracted` of every document, a partition a partition of ``plan``.

    Each partition reads its parts on the worker that runs it, so the files
    must be readable there, at the same paths.
    """
    _require_dask()
    import dask.bag as db

    parts = db.from_sequence(plan.partitions, npartitions=max(1, len(plan.partitions)))
    return parts.map(_extract_parts, text_column, id_column, keep).flatten()


def _frame_of(extracted: Iterable[Extracted]) -> pd.DataFrame:
    return claims_frame(c for e in extracted for c in e.claims)


def claims_dataframe(bag: Any) -> Any:
    """The claims of a :func:`dask_bag` as a ``dask.dataframe.DataFrame`` typed as :data:`~stats.claims.CLAIM_DTYPES`.

    A partition of the bag is a partition of the frame: write it on the
    cluster with ``claims_dataframe(bag).to_parquet(path)``.
    """
    _require_dask()
    import dask
    import dask.dataframe as dd

    parts = [dask.delayed(_frame_of)(part) for part in bag.to_delayed()]
    return dd.from_delayed(parts, meta=claims_frame([]), verify_meta=False)


def extract_dask(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    scheduler: str,
    keep: Keep | None = None,
    on_error: Callable[[ReadError], None] | None = None,
    text_column: str = "text",
    id_column: str = "id",
    partition_size: int = PARTITION_SIZE,
    timeout: float = 30,
) -> Generator[Extracted, None, None]:
    """Extract the figures of ``inputs`` on the Dask cluster at ``scheduler``, one :class:`Extracted` a document.

    The same as :func:`extract_stream` over :func:`~stats.documents.read_documents`
    of ``inputs``, in the same order, but the documents are read and
    extracted by the cluster's workers (:func:`plan_dask`, :func:`dask_bag`),
    a task about ``partition_size`` documents (whole files, or spans of a
    larger JSON Lines or CSV file).  What cannot be read is passed to
    ``on_error`` first, all of it (without ``on_error`` the first problem is
    raised as :class:`~stats.documents.InputError`); then the partitions'
    results are gathered here in order.  :class:`EngineError` when Dask is
    not installed or the scheduler cannot be reached within ``timeout``
    seconds.
    """
    _require_dask()
    from distributed import Client

    paths = _paths(inputs)
    try:
        client = Client(scheduler, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise EngineError(f"cannot connect to the Dask scheduler at {scheduler}: {exc}") from None
    with client:
        plan = plan_dask(client, paths, text_column=text_column, id_column=id_column, partition_size=partition_size)
        for error in plan.errors:
            if on_error is None:
                raise InputError(error)
            on_error(error)
        bag = dask_bag(plan, text_column=text_column, id_column=id_column, keep=keep)
        futures = deque(client.compute(bag.to_delayed()))
        while futures:
            yield from futures.popleft().result()
