"""Program-wide figures updated by difference: a rebuild under `advocacy serve` after a one-record
edit takes the last program's sorted lists and tallies and puts in what changed, instead of
walking ten thousand advocates again for each.

The parse cache hands back the same entry object for an unchanged record (core/program.py), so
the advocates that changed are those whose entry is another object. A figure is made afresh when
as_of or anything else it reads (the settings, the case studies) is not what it was, or when many
advocates changed; tests hold the two ways to the same result (tests/test_difference.py).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

# Beyond this share of the advocates changed (a checkout, a bulk edit), a figure is made afresh:
# taking rows out of a list one by one would cost more.
MOST = 8


def changed_slugs(before: Mapping[str, Any], now: Mapping[str, Any]) -> set[str] | None:
    """The slugs whose entry is not the same object in both (edited, added or gone); None when
    more than one advocate in MOST changed."""
    changed = {slug for slug, entry in now.items() if before.get(slug) is not entry}
    changed |= before.keys() - now.keys()
    return changed if len(changed) * MOST <= max(len(now), 1) else None


class KeptFigure(Generic[V]):
    """One figure of the last program it was made for: the advocates it was made of (entries by
    slug), whatever else it read (`inputs`, compared with ==), and its value."""

    def __init__(self) -> None:
        self._last: tuple[dict[str, Any], Hashable, V] | None = None

    def changes(self, advocates: Mapping[str, Any], inputs: Hashable
                ) -> tuple[set[str], V, dict[str, Any]] | None:
        """The slugs changed since the last value, that value and the entries it was made of; None:
        make it afresh."""
        last = self._last
        if last is None or last[1] != inputs:
            return None
        changed = changed_slugs(last[0], advocates)
        return None if changed is None else (changed, last[2], last[0])

    def keep(self, advocates: Mapping[str, Any], inputs: Hashable, value: V) -> V:
        self._last = (dict(advocates), inputs, value)
        return value


def kept_sorted(figure: KeptFigure[list[tuple[K, Any]]], advocates: Mapping[str, Any], inputs: Hashable,
                every: Callable[[], Iterable[tuple[K, Any]]], rows_of: Callable[[str], Iterable[tuple[K, Any]]],
                owner: Callable[[Any], str]) -> list[tuple[K, Any]]:
    """Keyed rows sorted by key (keys all different): `every()` sorted, or after a few advocates
    changed, the figure's last list by difference (`rows_of(slug)`: one advocate's rows now,
    `owner(row)`: whose a row is)."""
    found = figure.changes(advocates, inputs)
    keyed = sorted(every(), key=_key) if found is None else sorted_by_difference(found[1], found[0], owner, rows_of)
    return figure.keep(advocates, inputs, keyed)


def sorted_by_difference(kept: list[tuple[K, Any]], changed: set[str], owner: Callable[[Any], str],
                         rows_of: Callable[[str], Iterable[tuple[K, Any]]]) -> list[tuple[K, Any]]:
    """`kept` (keyed rows sorted by key, keys all different) without the rows of the `changed`
    owners, with their rows now (`rows_of(slug)`) put in their places: what sorting every row
    afresh gives."""
    out = [item for item in kept if owner(item[1]) not in changed]
    for slug in sorted(changed):
        for item in rows_of(slug):
            bisect.insort(out, item, key=_key)
    return out


def _key(item: tuple[Any, Any]) -> Any:
    return item[0]
