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

import itertools
import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .claims import Claim, extract_document
from .documents import Document

__all__ = ["BATCH_SIZE", "SERIAL_DOCUMENTS", "Extracted", "extract_one", "extract_stream"]

#: Documents a worker gets at a time.
BATCH_SIZE = 32
#: Documents extracted in this process before a pool is started: a small corpus never waits for one.
SERIAL_DOCUMENTS = 100

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
) -> Iterator[Extracted]:
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
            start_method: str | None) -> Iterator[Extracted]:
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
