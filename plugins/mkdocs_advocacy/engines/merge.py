"""`advocacy merge-shards OUT PART...`: the sites of a build in parts (the `shard` option) joined
into one.

Each part wrote the whole site but only its share of the generated pages, and its manifest
(`publish/shards.py`). The merge checks that the parts belong together (the same plan, parts 1..n
each once, every generated page rendered by exactly one) and that every file two parts both wrote
is byte-identical (the hand-written pages, 404, theme assets, api/ files, feed, badge, images).
It then copies each file once and writes the three files each part only has a share of: MkDocs'
`sitemap.xml` (and `.gz`) and the search plugin's `search/search_index.json`, their entries in a
single build's order (the site's own pages first, then the generated ones in plan order).

It reads what MkDocs and Material's search plugin write (one `<url>` block per page; one JSON
object of `config` and `docs`, serialized as Material does), so the merged files are the bytes a
single build writes.
"""

from __future__ import annotations

import filecmp
import gzip
import html
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from ..publish.shards import MANIFEST

SITEMAP, SITEMAP_GZ, SEARCH_INDEX = "sitemap.xml", "sitemap.xml.gz", "search/search_index.json"
MERGED = {MANIFEST, SITEMAP, SITEMAP_GZ, SEARCH_INDEX}
_URL_BLOCK = re.compile(r"\s*<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>(.*?)</loc>", re.S)


class MergeError(Exception):
    """The parts do not join into one site; the message says why."""


@dataclass
class Part:
    root: Path
    index: int
    count: int
    urls: list[str]
    files: list[str]
    rendered: set[int]
    site_url: str | None


@dataclass
class Merged:
    parts: int
    pages: int
    files: int
    bytes: int


def read_part(root: Path) -> Part:
    path = root / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MergeError(f"{root}: no {MANIFEST}: not a site built with the advocacy option `shard`") from None
    except (OSError, ValueError) as e:
        raise MergeError(f"{path}: cannot be read ({e})") from None
    index, count = data["shard"]
    return Part(root, index, count, data["urls"], data["files"], set(data["rendered"]), data["site_url"])


def _tree(root: Path) -> list[str]:
    out = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        rel = os.path.relpath(folder, root)
        out += [n if rel == "." else f"{rel}/{n}".replace(os.sep, "/") for n in sorted(names)]
    return out


def check_parts(parts: list[Part]) -> None:
    """The parts are parts 1..n of one plan, and together render each generated page once."""
    if not parts:
        raise MergeError("no parts given")
    first = parts[0]
    count = first.count
    seen = sorted(p.index for p in parts)
    if any(p.count != count for p in parts) or seen != list(range(1, count + 1)):
        got = ", ".join(f"{p.index}/{p.count} ({p.root})" for p in sorted(parts, key=lambda p: p.index))
        raise MergeError(f"expected parts 1/{count} to {count}/{count}, each once; got {got}")
    for p in parts[1:]:
        if p.urls != first.urls or p.files != first.files or p.site_url != first.site_url:
            raise MergeError(f"{p.root} and {first.root} were built from different programs or configurations "
                             "(their generated pages differ)")
    owner: dict[int, Part] = {}
    for p in parts:
        for i in p.rendered:
            if i in owner:
                raise MergeError(f"/{first.urls[i]} was rendered by {owner[i].root} and {p.root}")
            owner[i] = p
    missing = [first.urls[i] for i in range(len(first.urls)) if i not in owner]
    if missing:
        raise MergeError(f"{len(missing)} generated page(s) rendered by no part, e.g. /{missing[0]}")


def merge_shards(out: Path, roots: list[Path], link: bool = False) -> Merged:
    """Join the parts at `roots` into `out` (which must not exist or be empty). With `link`, files
    are hard-linked rather than copied where the file system allows."""
    parts = sorted((read_part(Path(r)) for r in roots), key=lambda p: p.index)
    check_parts(parts)
    out = Path(out).resolve()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise MergeError(f"{out} is not empty")
    if any(out.resolve() == p.root.resolve() for p in parts):
        raise MergeError(f"{out} is one of the parts")
    own = {p.root: {p.files[i] for i in p.rendered} for p in parts}
    generated = set(parts[0].files)
    source: dict[str, Path] = {}  # each file of the site, from the first part that has it
    for p in parts:
        for rel in _tree(p.root):
            if rel in MERGED:
                continue
            if rel in generated and rel not in own[p.root]:
                raise MergeError(f"{p.root / rel}: a page of another part is here (a stale site folder?)")
            if rel in source:
                if rel in own[p.root] or not filecmp.cmp(source[rel] / rel, p.root / rel, shallow=False):
                    raise MergeError(f"{rel} differs between {source[rel]} and {p.root}")
            else:
                source[rel] = p.root
    for p in parts:  # a file every part writes must be in each (the site's own pages, the data files)
        for rel, root in source.items():
            if rel not in generated and not (p.root / rel).is_file():
                raise MergeError(f"{rel} is in {root} but not in {p.root}")
    out.parent.mkdir(parents=True, exist_ok=True)
    # Written beside `out` and renamed when complete: a failed merge leaves nothing behind.
    work = Path(tempfile.mkdtemp(prefix=".advocacy-merge-", dir=out.parent))
    try:
        size = 0
        for rel, root in sorted(source.items()):
            target = work / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            _place(root / rel, target, link)
            size += target.stat().st_size
        order = _order(parts)
        if (parts[0].root / SITEMAP).is_file():
            size += _merge_sitemap(parts, order, work)
        if (parts[0].root / SEARCH_INDEX).is_file():
            size += _merge_search(parts, order, work)
        if out.exists():
            out.rmdir()
        work.rename(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Merged(len(parts), len(parts[0].urls), len(source) + sum(
        (out / rel).is_file() for rel in (SITEMAP, SITEMAP_GZ, SEARCH_INDEX)), size)


def _place(src: Path, target: Path, link: bool) -> None:
    if link:
        try:
            os.link(src, target)
            return
        except OSError:
            pass
    shutil.copyfile(src, target)


def _order(parts: list[Part]) -> dict[str, int]:
    """Position of each generated page (by engine URL) in a single build's order; the site's own
    pages, which every part lists, come first (MkDocs lists docs_dir before the plugin's files)."""
    return {url: i for i, url in enumerate(parts[0].urls)}


def _sorted_groups(groups_by_part: list[dict[str, Any]], order: dict[str, int], what: str) -> list[Any]:
    """Entries grouped by page URL, from every part: the site's own pages (in every part, the same)
    in the first part's order, then the generated pages in plan order."""
    first = groups_by_part[0]
    common = [key for key in first if key not in order]
    for groups in groups_by_part[1:]:
        others = [key for key in groups if key not in order]
        if others != common or any(groups[k] != first[k] for k in common):
            raise MergeError(f"the parts' {what} differ on the site's own pages")
    generated: dict[str, Any] = {}
    for groups in groups_by_part:
        generated.update((k, v) for k, v in groups.items() if k in order)
    out = [first[k] for k in common]
    out += [generated[k] for k in sorted(generated, key=order.__getitem__)]
    return out


def _merge_sitemap(parts: list[Part], order: dict[str, int], out: Path) -> int:
    site_url = parts[0].site_url
    base = (site_url if site_url.endswith("/") else site_url + "/") if site_url else None
    by_loc = {(urljoin(base, url) if base else "/" + url): url for url in order}
    texts = [(p.root / SITEMAP).read_text(encoding="utf-8") for p in parts]
    groups_by_part = []
    for text in texts:
        blocks: dict[str, str] = {}
        for m in _URL_BLOCK.finditer(text):
            loc = _LOC.search(m.group(0))
            key = html.unescape(loc.group(1)) if loc else m.group(0)
            blocks[by_loc.get(key, "\0" + key)] = m.group(0)
        groups_by_part.append(blocks)
    text = texts[0]
    blocks_found = list(_URL_BLOCK.finditer(text))
    head = text[:blocks_found[0].start()] if blocks_found else text[:text.find("</urlset>")]
    tail = text[blocks_found[-1].end():] if blocks_found else text[text.find("</urlset>"):]
    merged = head + "".join(_sorted_groups(groups_by_part, order, "sitemaps")) + tail
    (out / SITEMAP).write_text(merged, encoding="utf-8")
    size = (out / SITEMAP).stat().st_size
    gz = parts[0].root / SITEMAP_GZ
    if gz.is_file():
        mtime = int.from_bytes(gz.read_bytes()[4:8], "little")  # as MkDocs stamped it: the build date
        target = out / SITEMAP_GZ
        with open(target, "wb") as f, gzip.GzipFile(fileobj=f, filename=str(target), mode="wb", mtime=mtime) as z:
            z.write(merged.encode("utf-8"))
        size += target.stat().st_size
    return size


def _merge_search(parts: list[Part], order: dict[str, int], out: Path) -> int:
    indexes = [json.loads((p.root / SEARCH_INDEX).read_text(encoding="utf-8")) for p in parts]
    if any(ix.get("config") != indexes[0].get("config") for ix in indexes):
        raise MergeError("the parts' search indexes have different settings")
    groups_by_part = []
    for ix in indexes:
        groups: dict[str, list] = {}
        for doc in ix["docs"]:
            groups.setdefault(doc["location"].split("#", 1)[0], []).append(doc)
        groups_by_part.append(groups)
    docs = [doc for group in _sorted_groups(groups_by_part, order, "search indexes") for doc in group]
    data = {**indexes[0], "docs": docs}
    target = out / SEARCH_INDEX
    target.parent.mkdir(parents=True, exist_ok=True)
    # serialized as Material's search plugin does
    target.write_bytes(json.dumps(data, separators=(",", ":"), default=str).encode("utf-8"))
    return target.stat().st_size
