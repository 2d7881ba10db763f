"""One build in parts: the `shard` option (`i/n`) and which generated pages a part renders.

Every part reads the whole program, so every figure, `api/` file, feed and badge is the same in
each; only the generated pages are shared out, by a stable hash of each page's site-relative URL.
A hash rather than a grouping (by industry, by kind): each kind of page (case studies, profiles,
listings) is split about evenly between the parts, so the parts take about the same time; a page
stays in its part as the program grows (a failure names a part that reproduces it); and no part
needs to know what another renders. Pages never need their neighbours to render: every link
between generated pages is computed from the page model, not from a rendered page.

A part writes `MANIFEST` beside the pages: the plan's pages in order and those it rendered, which
the merge (`engines/merge.py`, `advocacy merge-shards`) uses to check that the parts cover the site
once and to restore a single build's order in the sitemap and the search index.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

MANIFEST = "advocacy-shard.json"


def parse_shard(text: str | None) -> tuple[int, int] | None:
    """`"2/4"` -> `(2, 4)`; None stays None. (Validated by `core.settings`.)"""
    if not text:
        return None
    index, _, count = text.partition("/")
    return int(index), int(count)


def in_shard(url: str, shard: tuple[int, int]) -> bool:
    """Whether part `i` of `n` renders the page at `url` (site-relative, directory-style)."""
    index, count = shard
    digest = hashlib.sha1(url.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count == index - 1


def manifest(shard: tuple[int, int], site_url: str | None, pages: list[tuple[str, str, bool]]) -> bytes:
    """The part's record: `pages` is every generated page of the plan, in order, as the engine's
    (url, file written, rendered here)."""
    data = {"shard": list(shard), "site_url": site_url or None,
            "urls": [url for url, _, _ in pages], "files": [dest for _, dest, _ in pages],
            "rendered": [i for i, (_, _, here) in enumerate(pages) if here]}
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def untitled_nav_paths(nav: Any) -> set[str]:
    """The files a MkDocs `nav` setting lists without a title (`- reviews/index.md`): a single build
    titles them from the page, which a part that does not render the page must do itself."""
    out: set[str] = set()
    stack = [nav]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.add(item.lstrip("/"))
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(v for v in item.values() if isinstance(v, list))
    return out
