"""`advocacy serve`: after an edit of records only, write just the pages it changes.

The first build is MkDocs' own, with every generated page fingerprinted as it renders
(`publish/fingerprint.py`). When only records changed (advocates/, case_studies/, their photos and
logos), a rebuild checks the program again (the parse cache re-reads the edited file), plans the
pages, and renders through MkDocs' own page steps only the pages whose fingerprints say they
change, plus the hand-written pages with embeds; data files are written when their bytes differ,
the search index is put together again from every page's entries (kept as JSON text:
`search_index.py`) in the order a full build gives them, and the sitemap is written again when
pages came or went (from each page's kept entry: `sitemap_text.py`). A save that changes no byte
of the record folders rebuilds nothing. Anything else (a content page, mkdocs.yml, the theme, a
plugin this module does not know) gets a full build, as `mkdocs serve` does; so does a rebuild
after a failed one.

The result is the site a full build of the edited program writes, byte for byte
(tests/test_live.py holds the two together over edits of every kind).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import Files, InclusionLevel, set_exclusions
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import get_build_date

from ..core.settings import resolve_as_of
from ..publish.fingerprint import Tracer
from ..publish.shards import untitled_nav_paths
from .mkdocs_site import MkDocsSite
from .search_index import SearchIndexText, material_search
from .sitemap_text import SitemapText

log = logging.getLogger("mkdocs.plugins.advocacy")

# Plugins whose work on a page is done again for each page rendered here: anything else could
# depend on every page (a blog index, a tags page), so a site using one always builds in full.
KNOWN_PLUGINS = {"advocacy", "search", "material/search"}


@dataclass
class Kept:
    """What a build leaves for the next: MkDocs' objects and each page's search entries."""

    config: MkDocsConfig
    site: MkDocsSite
    files: Files
    nav: Any
    env: Any
    search: Any  # the search plugin, or None
    entries: dict[str, list] = field(default_factory=dict)  # page URL -> its search entries
    inputs: dict[str, tuple[int, int]] = field(default_factory=dict)  # files whose change needs a full build
    day: tuple[str, Any] = ("", None)  # the build date MkDocs stamps on every page, and the program's as_of
    listed: list[str] = field(default_factory=list)  # every page's URL in file order, as the sitemap lists them
    # every file under the record folders: (modification time, size, digest of its bytes)
    records: dict[str, tuple[int, int, bytes]] = field(default_factory=dict)
    search_text: SearchIndexText = field(default_factory=SearchIndexText)  # each page's search entries as JSON
    sitemap_text: SitemapText = field(default_factory=SitemapText)  # each page's sitemap entry


class LiveBuild:
    """The builds of one `advocacy serve` session (or of a test standing in for one)."""

    def __init__(self, config_file: str, site_dir: str, serve_url: str | None = None, **overrides: Any) -> None:
        self.config_file, self.site_dir, self.serve_url = config_file, site_dir, serve_url
        self.overrides = overrides
        self.kept: Kept | None = None
        self.last: dict[str, Any] = {}  # what the last build did, for the log line and for tests
        self._rebuilds = 0

    # ------------------------------------------------------------------ entry point

    def build(self) -> None:
        """The builder `advocacy serve` calls after every change it watches."""
        start = time.monotonic()
        collecting = gc.isenabled()
        gc.disable()  # a rebuild makes a plan's worth of objects, few cycles: see COLLECT_EVERY
        try:
            if self.kept is not None and self._still_valid(self.kept) and self._safely_updated():
                if self.last["kind"] == "failed":
                    return
                if self.last["kind"] == "unchanged":
                    log.info("No record changed (saved as it was): nothing to rebuild")
                    return
                log.info(f"Rebuilt {self.last['rendered']} of {self.last['pages']} generated pages and "
                         f"{self.last['data_written']} data files in {time.monotonic() - start:.2f} s")
                return
            _collect()
            if collecting:
                gc.enable()  # a full build is MkDocs' own, collected as it would be
            self._full()
        finally:
            if collecting:
                gc.enable()
            self._rebuilds += 1
            if self._rebuilds % COLLECT_EVERY == 0:
                _collect()
            gc.freeze()

    # ------------------------------------------------------------------ full builds

    def _config(self) -> MkDocsConfig:
        config = load_config(config_file=self.config_file, site_dir=self.site_dir, **self.overrides)
        if self.serve_url:
            config.site_url = self.serve_url
        return config

    def _full(self) -> None:
        self.kept = None
        config = self._config()
        config.plugins.on_startup(command="serve" if self.serve_url else "build", dirty=False)
        plugin: Any = config.plugins["advocacy"]
        why_not = _why_full_builds_only(config)
        plugin.tracer = Tracer() if why_not is None else None
        mkdocs_build.build(config, serve_url=self.serve_url)
        site = plugin.build
        self.last = {"kind": "full", "rendered": len(site.pages), "pages": len(site.pages)}
        if why_not is not None or site.files_kept is None:
            log.info(f"advocacy serve: full builds only ({why_not})")
            return
        search = _search_plugin(config)
        inclusion = InclusionLevel.is_in_serve if self.serve_url else InclusionLevel.is_included
        self.kept = Kept(config, site, site.files_kept, site.nav, site.env, search,
                         _entries_by_page(search), self._inputs(config), self._day(site),
                         [f.url for f in site.files_kept.documentation_pages(inclusion=inclusion)],
                         records=_record_files(site) or {})
        if search is not None and material_search(search):
            self.kept.search_text.keep(search, [_location(u) for u in self.kept.listed], self.kept.entries)
        if "sitemap.xml" in config.theme.static_templates:
            self.kept.sitemap_text.keep(site.env, site.files_kept, config, site.nav)

    def _day(self, site: MkDocsSite) -> tuple[str, Any]:
        program = site.checked.program if site.checked is not None else None
        return get_build_date(), program.as_of if program is not None else None

    def _same_as_of(self, site: MkDocsSite, kept: Kept) -> bool:
        program = site.checked.program if site.checked is not None else None
        return program is not None and resolve_as_of(program.settings.as_of) == kept.day[1]

    def _still_valid(self, kept: Kept) -> bool:
        """Whether only records can have changed: no content page, configuration or theme file,
        and not the day (every page carries the build date; `as_of` may follow it)."""
        return kept.inputs == self._inputs(kept.config) and kept.day[0] == get_build_date()

    def _safely_updated(self) -> bool:
        try:
            return self._update()
        except BaseException:  # half-written: the next change rebuilds in full
            self.kept = None
            raise

    def _inputs(self, config: MkDocsConfig) -> dict[str, tuple[int, int]]:
        """Size and time of every file whose change needs a full build: content pages, mkdocs.yml,
        the site's theme overrides, other watched paths."""
        roots = [config.docs_dir, *([config.theme.custom_dir] if config.theme.custom_dir else []), *config.watch]
        seen: dict[str, tuple[int, int]] = {}
        for path in _config_chain(self.config_file):
            st = os.stat(path)
            seen[path] = (st.st_mtime_ns, st.st_size)
        for root in roots:
            for folder, dirs, names in os.walk(root):
                dirs.sort()
                for name in sorted(names):
                    path = os.path.join(folder, name)
                    try:
                        st = os.stat(path)
                    except OSError:
                        continue
                    seen[path] = (st.st_mtime_ns, st.st_size)
        return seen

    # ------------------------------------------------------------------ incremental builds

    def _update(self) -> bool:
        """Write what the edit changed; False when only a full build will do."""
        kept = self.kept
        assert kept is not None
        config, old = kept.config, kept.site
        clock = _Clock()
        records = _record_files(old, kept.records)
        clock.lap("records read")
        if records is not None and _same_contents(records, kept.records) and self._same_as_of(old, kept):
            # saved without an edit (or touched by a checkout): the site is what it is
            kept.records = records
            self.last = {"kind": "unchanged", "rendered": 0, "pages": len(old.pages), "embedding": 0,
                         "data_written": 0, "phases": clock.laps}
            return True
        kept.records = records or {}
        site = MkDocsSite(old.options, old.serving)
        site.tracer, site.renderer, site.shortcuts, site.embeds = old.tracer, old.renderer, old.shortcuts, old.embeds
        site.env = old.env
        plugin: Any = config.plugins["advocacy"]
        try:
            plugin._report(site.check(config), config)
        except MkDocsException as e:  # shown as a failed build is; the site served stays as it was
            log.error(str(e))
            self.kept = None  # the next change rebuilds in full
            self.last = {"kind": "failed"}
            return True
        if self._day(site) != kept.day:  # as_of moved
            return False
        added, removed = set(site.pages) - set(old.pages), set(old.pages) - set(site.pages)
        listed = _nav_paths(config.nav)
        untitled = untitled_nav_paths(config.nav)
        plugin.build = site
        assert site.tracer is not None
        site.announce = old.announce
        clock.lap("check and plan")
        changed = {p.src_uri for p in site.tracer.changed(site.pages.values(), site.site, site.depends_on)}
        if (added | removed) & listed or changed & untitled:  # the nav, on every page, changes
            self.kept = None
            return False
        if site.tracer.digests.unknown:
            log.info("advocacy serve: pages holding values of these types render on every rebuild: "
                     + ", ".join(sorted(site.tracer.digests.unknown)))
        clock.lap("fingerprints")

        files, written = self._files(kept, site)
        clock.lap("files and data")
        inclusion = InclusionLevel.is_in_serve if self.serve_url else InclusionLevel.is_included
        embedding = {uri for checked in (site.checked, old.checked) if checked is not None
                     for uri, found in checked.embeds.items()
                     if found and (f := files.get_file_from_path(uri)) is not None and f.page is not None}
        doc_files = files.documentation_pages(inclusion=inclusion)
        if added or removed:  # a hand-written link to a page that came or went renders differently
            embedding |= {f.src_uri for f in doc_files if f.src_uri not in site.pages and f.page is not None}
        rendered = [files.get_file_from_path(uri) for uri in sorted(changed) + sorted(embedding)]
        if kept.search is not None:
            kept.search.search_index = type(kept.search.search_index)(**kept.search.config)
        for file in rendered:
            assert file is not None
            if file.page is None:
                MkDocsPage(None, file, config)
            mkdocs_build._populate_page(file.page, config, files)  # type: ignore[arg-type]
        order = {f.src_uri: i for i, f in enumerate(doc_files)}
        for file in sorted(rendered, key=lambda f: order[f.src_uri]):  # type: ignore[union-attr]
            assert file is not None and file.page is not None
            mkdocs_build._build_page(file.page, config, doc_files, kept.nav, kept.env,
                                     excluded=file.inclusion.is_excluded())

        clock.lap("pages")
        listed_now = [f.url for f in doc_files]
        pages_now = set(listed_now)
        self._remove(kept.files, files, inclusion)
        # MkDocs' sitemap lists the pages in file order with the build date (the same day, or this
        # would be a full build): the same list of pages, the same sitemap. A theme's own may print
        # anything of a page (a title an edit changed): rendered in full on every rebuild.
        sitemap = kept.sitemap_text
        if "sitemap.xml" in config.theme.static_templates and (listed_now != kept.listed or not sitemap.usable) \
                and not sitemap.write(kept.env, files, config, kept.nav):
            mkdocs_build._build_theme_template("sitemap.xml", kept.env, files, config, kept.nav)
        kept.listed = listed_now
        if kept.search is not None:
            fresh = _entries_by_page(kept.search)
            locations = {_location(u) for u in pages_now}
            entries = {url: e for url, e in kept.entries.items() if url in locations}
            for file in rendered:
                assert file is not None
                entries[_location(file.url)] = fresh.get(_location(file.url), [])
            kept.entries = entries
            if material_search(kept.search):
                kept.search_text.write(kept.search, config, [_location(f.url) for f in doc_files], entries,
                                       {_location(f.url) for f in rendered if f is not None})
            else:
                _set_entries(kept.search, [e for f in doc_files for e in entries.get(_location(f.url), [])])
                kept.search.search_index_prev = None
                kept.search.on_post_build(config=config)
        clock.lap("search index and sitemap")
        kept.site, kept.files = site, files
        self.last = {"kind": "incremental", "rendered": len(changed), "pages": len(site.pages),
                     "embedding": len(embedding), "data_written": written, "phases": clock.laps}
        return True

    def _files(self, kept: Kept, site: MkDocsSite) -> tuple[Files, int]:
        """The new file list in the order a full build makes it, with the old File (and its page)
        kept for every page there was; data files written when their bytes differ."""
        config, old = kept.config, kept.site
        ours = {*old.pages, *old.data_kept}
        files = Files([f for f in kept.files if f.src_uri not in ours])
        files = site.files(files, config, reuse=kept.files)
        set_exclusions(files, config)
        written, listed = 0, []
        for file in files:
            uri = file.src_uri
            previous = kept.files.src_uris.get(uri)
            if uri in site.pages and previous is not None:
                # the old File keeps its page: the nav's entry (a listing in the nav is the same
                # object), and for unchanged pages what the sitemap and search index read
                file = previous
            elif uri in site.data_kept and (previous is None or uri not in old.data_kept
                                            or previous.content_bytes != file.content_bytes):
                file.copy_file()
                written += 1
            listed.append(file)
        files = Files(listed)
        site.files_kept = files
        return files, written

    def _remove(self, before: Files, after: Files, inclusion: Any) -> None:
        """Delete what the last build wrote and this one does not (a withdrawn advocate's pages)."""
        now = {f.dest_uri for f in after if inclusion(f.inclusion)}
        for f in before:
            if f.dest_uri in now or not inclusion(f.inclusion):
                continue
            path = Path(f.abs_dest_path)
            if path.is_file():
                path.unlink()
                parent = path.parent
                while parent != Path(self.site_dir) and parent.is_dir() and not any(parent.iterdir()):
                    parent.rmdir()
                    parent = parent.parent


def _record_files(site: MkDocsSite, before: dict[str, tuple[int, int, bytes]] | None = None
                  ) -> dict[str, tuple[int, int, bytes]] | None:
    """(modification time, size, digest) of every file under the record folders (records, photos,
    logos); a file whose time and size are those of `before` is not read again. None without a
    program."""
    program = site.checked.program if site.checked is not None else None
    if program is None:
        return None
    out: dict[str, tuple[int, int, bytes]] = {}
    folders = [str(program.advocates_dir), str(program.case_studies_dir)]
    seen: set[tuple[int, int]] = set()  # folders listed, by device and inode: a link may loop
    while folders:
        folder = folders.pop()
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue  # gone: the check says so
        for entry in entries:
            try:
                if entry.is_dir():  # a folder's name counts too: the check reads what is in it
                    out[entry.path] = (0, 0, b"folder")
                    folders.append(entry.path)
                    continue
                st = entry.stat()
            except OSError:
                out[entry.path] = (-1, -1, b"")  # unreadable now: the check says why
                continue
            old = before.get(entry.path) if before is not None else None
            if old is not None and old[0] == st.st_mtime_ns and old[1] == st.st_size:
                out[entry.path] = old
                continue
            try:
                with open(entry.path, "rb") as f:
                    digest = hashlib.blake2b(f.read(), digest_size=16).digest()
            except OSError:
                digest = b""
            out[entry.path] = (st.st_mtime_ns, st.st_size, digest)
    return out


def _same_contents(now: dict[str, tuple[int, int, bytes]], before: dict[str, tuple[int, int, bytes]]) -> bool:
    """The same files with the same bytes (times aside); an unreadable file is never the same."""
    return now.keys() == before.keys() and all(
        v[2] and v[2] == before[path][2] for path, v in now.items())


def _why_full_builds_only(config: MkDocsConfig) -> str | None:
    """Why every rebuild of this site must be a full one, if it must."""
    others = sorted(set(config.plugins) - KNOWN_PLUGINS)
    if others:
        return f"plugins other than search: {', '.join(others)}"
    if config.theme.custom_dir:  # MkDocs' own context (every page, the nav) is not traced
        import jinja2
        from jinja2 import meta

        env = jinja2.Environment(extensions=["jinja2.ext.i18n", "jinja2.ext.loopcontrols", "jinja2.ext.do"])
        for path in sorted(Path(config.theme.custom_dir).rglob("*.html")):
            try:
                names = meta.find_undeclared_variables(env.parse(path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError, jinja2.TemplateSyntaxError):
                continue  # the build itself says what is wrong with it
            if "pages" in names:
                return f"{path.name} in the theme lists the site's pages"
    return None


def _config_chain(config_file: str) -> list[str]:
    """mkdocs.yml and the files it inherits from (`INHERIT:`)."""
    import yaml

    chain: list[str] = []
    path = os.path.abspath(config_file)
    while path not in chain and os.path.isfile(path):
        chain.append(path)
        try:
            with open(path, encoding="utf-8") as f:
                parent = (yaml.load(f, Loader=yaml.SafeLoader) or {}).get("INHERIT")
        except (OSError, yaml.YAMLError, AttributeError):
            break
        if not isinstance(parent, str):
            break
        path = os.path.normpath(os.path.join(os.path.dirname(path), parent))
    return chain


def _nav_paths(nav: Any) -> set[str]:
    """Every file the `nav` setting lists, titled or not."""
    out: set[str] = set()
    stack = [nav]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.add(item.lstrip("/"))
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return out


# Between rebuilds the process holds the whole program and site (millions of objects at 10,000
# advocates), and Python's collector went through all of them every other rebuild (1.1 s at 5,000
# advocates). What a build leaves is frozen out of its reach (gc.freeze), and an incremental
# rebuild runs without it (its hundreds of thousands of new objects made it run dozens of times,
# a few tenths of a second that came and went); the reference cycles rebuilds leave behind are
# collected before each full build and every COLLECT_EVERY builds.
COLLECT_EVERY = 16


def _collect() -> None:
    gc.unfreeze()
    gc.collect()


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._at = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name], self._at = now - self._at, now


def _search_plugin(config: MkDocsConfig) -> Any:
    for name in ("material/search", "search"):
        if name in config.plugins:
            return config.plugins[name]
    return None


def _entry_list(search: Any) -> list:
    index = search.search_index
    return index.entries if hasattr(index, "entries") else index._entries


def _set_entries(search: Any, entries: list) -> None:
    index = search.search_index
    if hasattr(index, "entries"):
        index.entries = entries
    else:
        index._entries = entries


def _location(url: str) -> str:
    """A page's URL as search entries give it (the home page's `./` is ``)."""
    return "" if url == "./" else url


def _entries_by_page(search: Any) -> dict[str, list]:
    out: dict[str, list] = {}
    if search is None:
        return out
    for entry in _entry_list(search):
        out.setdefault(entry["location"].split("#")[0], []).append(entry)
    return out


def serve(config_file: str, dev_addr: str | None = None, open_in_browser: bool = False) -> None:
    """`mkdocs serve`, with LiveBuild as its builder; it watches the record folders too."""
    import shutil
    import tempfile
    from urllib.parse import urlsplit

    from mkdocs.commands.serve import _serve_url
    from mkdocs.livereload import LiveReloadServer

    site_dir = tempfile.mkdtemp(prefix="advocacy_")
    overrides = {"dev_addr": dev_addr} if dev_addr else {}
    config = load_config(config_file=config_file, site_dir=site_dir, **overrides)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)
    live = LiveBuild(config_file, site_dir, serve_url, **overrides)
    server = LiveReloadServer(builder=live.build, host=host, port=port, root=site_dir, mount_path=mount_path)

    def error_page(code: int) -> bytes | None:
        path = Path(site_dir) / f"{code}.html"
        return path.read_bytes() if code in (404, 500) and path.is_file() else None

    server.error_handler = error_page
    try:
        live.build()
        watched = [config.docs_dir, config.config_file_path, *config.watch]
        if config.theme.custom_dir:
            watched.append(config.theme.custom_dir)
        site = live.kept.site if live.kept is not None else None
        if site is not None and site.checked is not None and site.checked.program is not None:
            watched += [str(site.checked.program.advocates_dir), str(site.checked.program.case_studies_dir)]
        for path in watched:
            if path and os.path.exists(path):
                server.watch(path)
        try:
            server.serve(open_in_browser=open_in_browser)
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
