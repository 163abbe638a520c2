"""Where and when: the document's date, the event date, the country and the place of each claim.

Stage 5 of the pipeline (... -> claims table -> **where and when** -> reconcile).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .documents import Document

__all__ = ["locate"]


def locate(claims: Sequence, document: Document) -> list:
    """The claims of ``document`` with ``doc_date`` and ``country`` from its metadata."""
    return [replace(c, doc_date=document.date, country=document.country or "") for c in claims]
