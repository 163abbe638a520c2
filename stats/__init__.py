"""casualty-stats: casualty and displacement figures from news text, with their evidence."""
from .claims import Claim, extract
from .documents import Document, ReadError
from .totals import doc_totals

__all__ = ["Claim", "Document", "ReadError", "doc_totals", "extract"]
