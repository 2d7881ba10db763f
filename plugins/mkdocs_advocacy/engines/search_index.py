"""`search/search_index.json` written again after an incremental rebuild, from each page's kept JSON.

Material's search plugin prints its whole index with one `json.dumps` (15 MB at 10,000 advocates,
a third of a second on every rebuild). A JSON array's text is its items' texts joined by commas,
so the index is put together here from each page's entries as text, dumped again only for the
pages that rendered: the same bytes. Only for Material's own plugin, whose format this follows
(`SearchIndex.generate_search_index`); any other index is written by its plugin.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from mkdocs.utils import write_file

_SEPARATORS = (",", ":")  # as Material dumps the index
_CONFIG_KEYS = ("lang", "separator", "pipeline", "fields")


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=_SEPARATORS, default=str)


def material_search(search: Any) -> bool:
    """Whether the index is Material's, in the format this module writes."""
    try:
        from material.plugins.search.plugin import SearchIndex, SearchPlugin
    except ImportError:
        return False
    return isinstance(search, SearchPlugin) and type(search.search_index) is SearchIndex \
        and not getattr(search, "is_dirty", False)


class SearchIndexText:
    """Each page's search entries as JSON text, kept between rebuilds, by page location."""

    def __init__(self) -> None:
        self._pages: dict[str, str] = {}
        self._written: bytes | None = None  # a digest of the text last written

    def write(self, search: Any, config: Any, locations: list[str], entries: dict[str, list],
              rendered: set[str]) -> bool:
        """Write the index of `entries` in the order of `locations`; `rendered`: the pages whose
        entries are new. Returns whether the file was written (not when its text is the same)."""
        if not search.config.enabled:
            return False
        raw = self._text(search, locations, entries, rendered)
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        if digest == self._written:
            return False
        write_file(raw, os.path.join(config.site_dir, "search", "search_index.json"))
        self._written = digest
        return True

    def keep(self, search: Any, locations: list[str], entries: dict[str, list]) -> None:
        """After a full build (whose index the plugin wrote): every page's text, made now so that
        the first edit costs what the others do."""
        if search.config.enabled:
            self._written = hashlib.blake2b(self._text(search, locations, entries, set()), digest_size=16).digest()

    def _text(self, search: Any, locations: list[str], entries: dict[str, list], rendered: set[str]) -> bytes:
        pages = {}
        for location in locations:
            text = None if location in rendered else self._pages.get(location)
            if text is None:
                text = ",".join(_dumps(e) for e in entries.get(location, []))
            pages[location] = text
        self._pages = pages
        head = _dumps({"config": {key: search.search_index.config[key] for key in _CONFIG_KEYS}, "docs": []})
        assert head.endswith("[]}")
        return (head[:-2] + ",".join(text for text in pages.values() if text) + "]}").encode("utf-8")
