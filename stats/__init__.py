"""casualty-stats: casualty and displacement figures from news text, with their evidence.

The pipeline, one module a stage: :mod:`stats.documents` reads documents,
:mod:`stats.numbers` reads numbers, :mod:`stats.figures` finds figures,
:mod:`stats.qualifiers` attaches qualifiers, :mod:`stats.claims` builds the
claims table and :mod:`stats.totals` the document totals.  The rules live in
``stats/rules/*.toml``.

>>> [(c.category, c.value, c.bound) for c in extract("Floods displaced some 3,000 families.")]
[('displaced', 3000, 'approx')]
"""
from .claims import Claim, claims_frame, extract, extract_document
from .documents import Document, InputError, ReadError, read_documents
from .estimates import POLICIES, estimates, series
from .totals import doc_totals
from .units import to_persons

__all__ = [
    "POLICIES", "Claim", "Document", "InputError", "ReadError", "claims_frame", "doc_totals", "estimates",
    "extract", "extract_document", "read_documents", "series", "to_persons",
]
