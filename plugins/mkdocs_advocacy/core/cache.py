"""Parsed records kept between rebuilds of `mkdocs serve`, so an edit re-reads one file, not all.

A file is taken from the cache when its modification time and size are unchanged, or, failing
that, when its content hashes the same (an editor that rewrites a file without changing it).
Parsing is a pure function of the text and the file's relative path, so a cached result is
exactly what parsing again would give, problems included.
"""

from __future__ import annotations

import hashlib
import os
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .load import read_text
from .problems import ProblemList

R = TypeVar("R")


@dataclass
class _Entry:
    mtime_ns: int
    size: int
    digest: bytes
    parser: Callable[..., Any]
    result: Any


class ParseCache:
    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], _Entry] = {}
        self.parsed = 0  # how many files were parsed (not taken from the cache), for tests and benchmarks

    def parse(self, path: Path | str, rel: str, problems: ProblemList, parser: Callable[[str, str], R],
              stat: os.stat_result | None = None) -> R | None:
        """`parser(text, rel)`, from the cache when the file has not changed; None when unreadable."""
        key = (str(path), rel)
        stat = stat or os.stat(path)
        hit = self._entries.get(key)
        if hit is not None and hit.parser is parser and (hit.mtime_ns, hit.size) == (stat.st_mtime_ns, stat.st_size):
            return hit.result  # type: ignore[no-any-return]
        text = read_text(path, rel, problems)
        if text is None:
            self._entries.pop(key, None)
            return None
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        if hit is not None and hit.parser is parser and hit.digest == digest:
            hit.mtime_ns, hit.size = stat.st_mtime_ns, stat.st_size
            return hit.result  # type: ignore[no-any-return]
        result = parser(text, rel)
        self.parsed += 1
        self._entries[key] = _Entry(stat.st_mtime_ns, stat.st_size, digest, parser, result)
        return result

    def forget_missing(self) -> None:
        """Drop entries of files that no longer exist."""
        self._entries = {k: v for k, v in self._entries.items() if Path(k[0]).exists()}


# One per process: `mkdocs serve` makes a new plugin instance on every rebuild, but keeps the process.
RECORDS = ParseCache()


class KeptWith:
    """Values kept for an object while it lives, found by its identity: what is made of a parsed
    record (its entry, rows, standing) is made again only when the parse cache hands back a new
    record, so a rebuild under `advocacy serve` makes it for the edited record alone, and pages
    made of the same objects are fingerprinted by identity (publish/fingerprint.py)."""

    def __init__(self) -> None:
        self._held: dict[int, tuple[weakref.ref, dict]] = {}

    def slot(self, owner: Any) -> dict:
        """The dict kept for `owner` (empty at first), dropped when `owner` is freed."""
        key = id(owner)
        held = self._held.get(key)
        if held is None or held[0]() is not owner:
            held = self._held[key] = (weakref.ref(owner, _forget(self._held, key)), {})
        return held[1]


def _forget(held: dict, key: int) -> Callable[[Any], None]:
    # holds the dict itself: at interpreter exit module globals are gone before the last callbacks
    def forget(_: Any) -> None:
        held.pop(key, None)
    return forget
