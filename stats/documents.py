"""Read documents: text files, directories, JSONL and CSV.

Stage 0 of the pipeline (**read documents** -> find numbers -> ...).
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Document", "ReadError"]


@dataclass(frozen=True, slots=True)
class Document:
    """One document to extract figures from, with the metadata its input gave."""

    id: str
    text: str
    date: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class ReadError:
    """Something in an input that could not be read; ``line`` is 1-based or ``None``."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"
