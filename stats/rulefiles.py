"""Read the rules files in ``stats/rules/``: parsed once, checked, errors naming the file and key.

Every stage that keeps its rules as data (``claims.toml``, ``context.toml``,
``groups.toml``) reads them through :func:`read_toml` and checks each value
with a :class:`Checker`, so a bad entry always reads ``file: [key] problem``;
:func:`phrase_alternation` compiles a list of phrases into one fast regex.
"""
from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["Checker", "damaged", "phrase_alternation", "read_toml"]


def read_toml(name: str, path: str | os.PathLike[str] | None = None) -> tuple[dict[str, Any], str]:
    """The parsed TOML of the packaged rules file ``name`` (or of ``path``), and how to name it.

    >>> tree, source = read_toml("groups.toml")
    >>> source
    'stats/rules/groups.toml'
    """
    if path is None:
        text, source = (resources.files("stats") / "rules" / name).read_text(encoding="utf-8"), f"stats/rules/{name}"
    else:
        text, source = Path(path).read_text(encoding="utf-8"), str(path)
    try:
        return tomllib.loads(text), source
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"{source}: {e}") from e


class Checker:
    """Reads typed values out of a TOML tree, naming the file and key on any error."""

    def __init__(self, tree: dict[str, Any], source: str) -> None:
        self.tree, self.source = tree, source

    def fail(self, key: str, problem: str) -> ValueError:
        return ValueError(f"{self.source}: [{key}] {problem}")

    def get(self, key: str, kind: type = list) -> Any:
        node: Any = self.tree
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise self.fail(key, "is missing")
            node = node[part]
        if not isinstance(node, kind) or (kind is int and isinstance(node, bool)):
            raise self.fail(key, f"must be a {kind.__name__}, not {type(node).__name__}")
        return node

    def strings(self, key: str, lower: bool = True) -> list[str]:
        """The entries, each followed by its damaged spelling if it has one (see :func:`damaged`)."""
        values = self.get(key)
        for v in values:
            if not isinstance(v, str) or not v.strip():
                raise self.fail(key, f"entries must be non-empty strings, got {v!r}")
        entries = [v.lower() if lower else v for v in values]
        twice = sorted({v for v in entries if entries.count(v) > 1})
        if twice:
            raise self.fail(key, f"entries listed twice: {twice}")
        return [form for v in entries for form in dict.fromkeys((v, damaged(v)))]

    def patterns(self, key: str, folded: bool = True) -> str:
        """The entries as one alternation of regular expressions, each checked.

        Entries are lower-cased.  A ``folded`` alternation matches lower-cased
        text, so an entry that asks for case (``(?-i:may)``) is an error there.
        """
        values = self.strings(key)
        for v in values:
            try:
                re.compile(v)
            except re.error as e:
                raise self.fail(key, f"bad regular expression {v!r}: {e}") from e
            if folded and "(?-i" in v:
                raise self.fail(key, f"{v!r}: these patterns match lower-cased text, so case cannot be asked for")
        return _by_first_letter(values)

    def table(self, key: str, value_type: type) -> dict[str, Any]:
        table = self.get(key, dict)
        for k, v in table.items():
            if not k.strip():
                raise self.fail(key, "keys must be non-empty")
            if not isinstance(v, value_type) or isinstance(v, bool):
                raise self.fail(key, f"{k!r}: value must be a {value_type.__name__}, got {v!r}")
        return table

    def count(self, key: str) -> int:
        value = self.get(key, int)
        if value < 0:
            raise self.fail(key, f"must not be negative, got {value}")
        return value


def damaged(word: str) -> str:
    r"""``word`` as text shows it after a wrong decoding replaced each non-ASCII letter with U+FFFD.

    Text encoded in Latin-1 and read as UTF-8 ("M\ufffds de diez fam\ufffdlias")
    loses its accented letters, one replacement character each; rules written
    with accents still match it through these spellings.

    >>> damaged("famílias desalojadas") == "fam\ufffdlias desalojadas"
    True
    >>> damaged("killed")
    'killed'
    """
    return "".join("\ufffd" if not char.isascii() and char.isalpha() else char for char in word)


def _by_first_letter(patterns: list[str]) -> str:
    """One alternation of ``patterns``, those that begin with the same letter grouped under it.

    Python's ``re`` tries every branch of an alternation at every position;
    grouped, a position whose letter starts no pattern fails in one step.
    Which alternative matches first may change, not whether one matches.
    A pattern with an alternation of its own at the top is left whole.

    >>> print(_by_first_letter(["so far", "since", "(?-i:may)", "t?here", "was|were"]))
    s(?:o far|ince)|(?:(?-i:may))|(?:t?here)|(?:was|were)
    """
    groups: dict[str, list[str]] = {}
    for v in patterns:
        plain = v[:1].isascii() and v[:1].isalpha() and v[1:2] not in ("?", "*", "+", "{") and not _top_level_bar(v)
        groups.setdefault(v[0] if plain else "", []).append(v[1:] if plain else v)
    parts = [f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items() if first]
    return "|".join(parts + [f"(?:{v})" for v in groups.get("", [])])


def _top_level_bar(pattern: str) -> bool:
    """Whether ``pattern`` has a ``|`` outside every group and character class.

    >>> _top_level_bar("a(?:b|c)"), _top_level_bar("a[|]"), _top_level_bar(r"a\\|b"), _top_level_bar("a|b")
    (False, False, False, True)
    """
    depth, in_class, escaped = 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return True
    return False


def phrase_alternation(words: Iterable[str], gap: Callable[[str], str] = lambda word: r"\s+") -> str:
    """An alternation of literal phrases, white space flexible, compiled as a character trie.

    Python's ``re`` tries every branch of a flat alternation at every position;
    a trie ("kill(?:ed|ing)") tries each shared prefix once, and its branches
    start with distinct letters, so at most one of them goes past its first
    character.  Longer continuations are greedy, so the longest phrase wins
    where several match.  ``gap(word)`` is the pattern between ``word`` and
    the next word of a phrase.

    >>> print(phrase_alternation(["killed", "killing", "killed in action"]))
    kill(?:ed(?:\\s+in\\s+action)?|ing)
    """
    root: dict = {}
    for phrase in set(words):
        node = root
        for i, word in enumerate(phrase.split()):
            node = node.setdefault(" ", {}) if i else node
            for char in word:
                node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict, word: str) -> str:
        alts = [(gap(word) + emit(child, "")) if key == " " else re.escape(key) + emit(child, word + key)
                for key, child in sorted(node.items()) if key]
        if not alts:
            return ""
        group = alts[0] if len(alts) == 1 and "" not in node else f"(?:{'|'.join(alts)})"
        return group + ("?" if "" in node else "")

    return emit(root, "")
