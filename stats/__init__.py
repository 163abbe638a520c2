"""casualty-stats: casualty and displacement figures from news text, with their evidence.

The pipeline, one module a stage: :mod:`stats.documents` reads documents,
:mod:`stats.numbers` reads numbers, :mod:`stats.figures` finds figures,
:mod:`stats.qualifiers` attaches qualifiers, :mod:`stats.claims` builds the
claims table and :mod:`stats.totals` the document totals.  The rules live in
``stats/rules/*.toml``.

>>> [(c.category, c.value, c.bound) for c in extract("Floods displaced some 3,000 families.")]
[('displaced', 3000, 'approx')]

An install compiles the extraction modules with Cython (``setup.py``); the
package refuses to import a compiled module built from other source than the
``.py`` beside it, so an edit is never silently ignored.
"""
import hashlib
from collections.abc import Mapping
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path


def _refuse_stale_build(package: Path, sources: Mapping[str, str]) -> None:
    """Raise ImportError if a module compiled in ``package`` was built from other source than its ``.py``.

    ``sources``: the SHA-256 of each compiled module's source at build time,
    which ``setup.py`` writes to ``stats/_compiled.py``.
    """
    for name, digest in sources.items():
        source = package / f"{name}.py"
        built = [path for path in (source.with_suffix(suffix) for suffix in EXTENSION_SUFFIXES) if path.exists()]
        if built and source.exists() and hashlib.sha256(source.read_bytes()).hexdigest() != digest:
            raise ImportError(
                f"{source} changed after it was compiled into {built[0].name}: install again to rebuild it "
                "(pip install -e .), or with STATS_PURE=1 to run every module from its source"
            )


try:
    from ._compiled import SOURCES as _SOURCES
except ImportError:  # installed from source only
    _SOURCES = {}
_refuse_stale_build(Path(__file__).parent, _SOURCES)

from .claims import Claim, claims_frame, extract, extract_document
from .documents import Document, InputError, ReadError, read_documents
from .estimates import POLICIES, estimates, series
from .totals import doc_totals
from .units import to_persons

__all__ = [
    "POLICIES", "Claim", "Document", "InputError", "ReadError", "claims_frame", "doc_totals", "estimates",
    "extract", "extract_document", "read_documents", "series", "to_persons",
]
