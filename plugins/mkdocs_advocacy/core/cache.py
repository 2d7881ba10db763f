"""Parsed records kept between rebuilds of `mkdocs serve`, so an edit re-reads one file, not all.

A file is taken from the cache when its modification time and size are unchanged, or, failing
that, when its content hashes the same (an editor that rewrites a file without changing it).
Parsing is a pure function of the text and the file's relative path, so a cached result is
exactly what parsing again would give, problems included.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .halves import in_order
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

    def parse_ahead(self, items: list[tuple[str, str, os.stat_result]], parser: Callable[[str, str], Any]) -> None:
        """Parse the files (path, relative path, status) the cache holds nothing of, so that `parse`
        then finds them: with hundreds of them (a full build of a large program), shared with a
        forked child (halves.py). A file the cache holds, changed or not, is left to `parse` (which
        hashes it before parsing it again), and so is a file that cannot be read (`parse` says why)."""
        new = []
        for path, rel, stat in items:
            hit = self._entries.get((str(path), rel))
            if hit is None or hit.parser is not parser:
                new.append((path, rel, stat))

        def one(i: int) -> tuple[bytes, Any] | None:
            path, rel, _ = new[i]
            text = read_text(path, rel, ProblemList())
            if text is None:
                return None
            return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest(), parser(text, rel)

        for (path, rel, stat), done in zip(new, in_order(len(new), one), strict=True):
            if done is not None:
                self._entries[(str(path), rel)] = _Entry(stat.st_mtime_ns, stat.st_size, done[0], parser, done[1])
                self.parsed += 1

    def forget_missing(self) -> None:
        """Drop entries of files that no longer exist."""
        self._entries = {k: v for k, v in self._entries.items() if Path(k[0]).exists()}


# One per process: `mkdocs serve` makes a new plugin instance on every rebuild, but keeps the process.
RECORDS = ParseCache()


class KeptWith:
    """Values kept for an object while it lives, found by its identity: what is made of a parsed
    record (its entry, rows, standing) is made again only when the parse cache hands back a new
    record, so a rebuild under `advocacy serve` makes it for the edited record alone, and pages
    made of the same objects are fingerprinted by identity (publish/fingerprint.py).

    Every KeptWith shares one weak reference and one dict per object (a record has a dozen things
    kept with it), each under a key of its own."""

    _tags = itertools.count()

    def __init__(self) -> None:
        self._tag = next(KeptWith._tags)

    def slot(self, owner: Any) -> _Slot:
        """What this KeptWith keeps for `owner` (nothing at first), dropped when `owner` is freed."""
        key = id(owner)
        held = _HELD.get(key)
        if held is None or held[0]() is not owner:
            held = _HELD[key] = (weakref.ref(owner, _forget(_HELD, key)), {})
        return _Slot(held[1], self._tag)


class _Slot:
    __slots__ = ("_values", "_tag")

    def __init__(self, values: dict, tag: int) -> None:
        self._values, self._tag = values, tag

    def get(self, key: Any, default: Any = None) -> Any:
        return self._values.get((self._tag, key), default)

    def __getitem__(self, key: Any) -> Any:
        return self._values[(self._tag, key)]

    def __setitem__(self, key: Any, value: Any) -> None:
        self._values[(self._tag, key)] = value


_HELD: dict[int, tuple[weakref.ref, dict]] = {}


def _forget(held: dict, key: int) -> Callable[[Any], None]:
    # holds the dict itself: at interpreter exit module globals are gone before the last callbacks
    def forget(_: Any) -> None:
        held.pop(key, None)
    return forget
