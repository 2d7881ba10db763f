"""The MkDocs (and ProperDocs) side of a build: the page model handed over as MkDocs files and pages.

`plugin.py` holds the hooks and the one PluginError boundary; this class does what they ask, over
the engine-neutral plan of `publish/`.
"""

from __future__ import annotations

import gc
import html
import os
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from ..core.check import Checked, check_site, full_collections_back, no_cycle_collection, no_full_collections
from ..core.embed_markdown import EmbedsExtension
from ..core.embeds import read_embed
from ..core.halves import Halves
from ..core.markdown_fields import MarkdownFields, MarkdownOptions
from ..core.problems import Problem
from ..publish.data import data_files
from ..publish.fingerprint import Tracer
from ..publish.pages import Page
from ..publish.plan import plan_site
from ..publish.render import TEMPLATES, Renderer
from ..publish.shards import MANIFEST, in_shard, manifest, parse_shard, untitled_nav_paths
from ..publish.urls import CSS, JS, page_url, relative_url
from .shortcuts import RenderShortcuts

EMBEDS = "mkdocs_advocacy.embeds"


def theme_language(config: MkDocsConfig) -> str:
    """The site's language: Material's `theme.language`, else MkDocs' `theme.locale`, else English."""
    value = config.theme.get("language") or config.theme.get("locale")
    return str(value) if value else "en"


class MkDocsSite:
    """One build's state: the checked program, its plan, and the collaborators that render it."""

    def __init__(self, options: dict[str, Any], serving: bool) -> None:
        self.options, self.serving = options, serving
        self.checked: Checked | None = None
        self.pages: dict[str, Page] = {}  # by MkDocs source path
        self.site: Any = None
        self.renderer: Renderer | None = None
        self.shortcuts = RenderShortcuts(options.get("render_shortcuts", True) is not False)
        self.embeds = EmbedsExtension()
        self.env: Any = None
        self.announce: Markup | None = None  # the header's call to action, rendered once
        self.tracer: Tracer | None = None  # under `advocacy serve` (live.py): what each page asked as it rendered
        # what live.py keeps for the next build: MkDocs' files and nav, and which files are our data
        self.files_kept: Files | None = None
        self.nav: Any = None
        self.data_kept: set[str] = set()
        # A full build renders the heads and bodies of the generated pages in two processes (core/halves.py)
        self.halves: Halves[tuple[str, str, tuple | None]] | None = None  # head, body, (search entries' makings,)
        self._index: dict[str, int] = {}  # our pages this build renders, by source path: their place in `halves`
        self._forked_with: tuple = ()
        self._frozen = False  # gc.freeze()d after the plan, until finish()
        self._bodies: dict[str, str] = {}

    def check(self, config: MkDocsConfig) -> list[Problem]:
        """Everything that can fail, before MkDocs cleans site/: records, Markdown, embeds, collisions."""
        # absolute, so that messages name files relative to it under `mkdocs build -f sub/mkdocs.yml` too
        root = Path(os.path.abspath(config.config_file_path)).parent
        # the site's extensions as written: ours is added by configure(), after this on a first build
        extensions = [e for e in config.markdown_extensions if e != EMBEDS and not isinstance(e, EmbedsExtension)]
        markdown = MarkdownFields(MarkdownOptions(extensions, config.mdx_configs or {}))
        checked = self.checked = check_site(root, self.options, Path(config.docs_dir),
                                            Path(config.config_file_path).name, markdown)
        problems = list(checked.problems)
        if checked.program is not None:
            with no_cycle_collection():
                self.site, pages, more = plan_site(checked, config.site_name, config.site_url,
                                               config.use_directory_urls, self.serving, theme_language(config),
                                               self.tracer.pages if self.tracer is not None else None)
            self.pages = {page.src_uri: page for page in pages}
            problems += more
            if not self.serving:
                # The records, figures and page model live until the build ends: the cycle collector
                # need not walk them again (two seconds of a 10,000-advocate build), and a forked
                # child (core/halves.py) then shares their memory instead of copying what it walks.
                # Not under `mkdocs serve`, whose rebuilds would pin each build's garbage for good.
                gc.freeze()
                self._frozen = True
                no_full_collections()  # nor, in full, what the build makes after it
        if not config.site_url and not self.serving:  # `mkdocs serve` sets its own address
            problems.append(Problem(
                Path(config.config_file_path).name, 0, "site_url",
                "not set, so the sitemap is empty and pages have no canonical URL and no absolute URL to share",
                "set it to the address the site is published at, e.g. site_url: https://customers.example.com/",
                level="warning"))
        return problems

    def configure(self, config: MkDocsConfig) -> None:
        """Our templates, CSS, JS and the embeds extension, added to the site's configuration."""
        theme_dirs = config.theme.dirs
        at = 1 if config.theme.custom_dir else 0  # the site's own overrides win, then ours, then Material
        if str(TEMPLATES) not in theme_dirs:
            theme_dirs.insert(at, str(TEMPLATES))
        lang = self.site.lang if self.site is not None else theme_language(config)
        self.renderer = Renderer(list(theme_dirs), lang)
        if self.tracer is not None:  # cards kept between rebuilds, their questions given to each page
            self.renderer.kept_cards = self.tracer.cards
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        if all(str(script) != JS for script in config.extra_javascript):
            config.extra_javascript.append(JS)
        # The extension renders embeds; listed by name (as Zensical needs), it is replaced by ours.
        extensions = [e for e in config.markdown_extensions if e != EMBEDS and not isinstance(e, EmbedsExtension)]
        config.markdown_extensions[:] = [*extensions, self.embeds]
        if config.mdx_configs:
            config.mdx_configs.pop(EMBEDS, None)
        self._start_halves(config)

    def files(self, files: Files, config: MkDocsConfig, reuse: Files | None = None) -> Files:
        """Our pages and data files added to MkDocs' list. `reuse`: the last build's list, whose
        page files (and the pages MkDocs made of them) live.py keeps from one rebuild to the next."""
        urls: dict[str, str] = {}
        shard = self._shard()
        parts: list[tuple[str, str, bool]] = []
        untitled = untitled_nav_paths(config.nav) if shard is not None else set()
        for page in self.pages.values():
            # check() refused hand-written files at these addresses; other plugins' files may be here
            if (existing := files.src_uris.get(page.src_uri)) is not None:
                files.remove(existing)
            here = shard is None or in_shard(page.url, shard)
            inclusion = InclusionLevel.NOT_IN_NAV if here else InclusionLevel.EXCLUDED
            file = reuse.src_uris.get(page.src_uri) if reuse is not None else None
            if file is None or file.inclusion is not inclusion:
                file = File.generated(config, page.src_uri, content="", inclusion=inclusion)
            if not here and page.src_uri in untitled:  # another part renders it: titled in the nav as there
                MkDocsPage(html.escape(page.title, quote=False), file, config)
            files.append(file)
            urls[page.url] = file.url
            parts.append((file.url, file.dest_uri, here))
        assert self.renderer is not None
        remember = {} if self.tracer is None else {"remember": self.tracer.remember}
        data = data_files(self.site, self.renderer, urls, self.serving, **remember)
        if shard is not None:
            data[MANIFEST] = manifest(shard, config.site_url, parts)
        for dest, content in data.items():
            if (existing := files.src_uris.get(dest)) is not None:
                files.remove(existing)
            files.append(File.generated(config, dest, content=content))
        self.files_kept, self.data_kept = files, set(data)
        return files

    def _shard(self) -> Any:
        """The part of the site this build renders (`shard`), or None for all of it."""
        if self.serving or self.checked is None or self.checked.program is None:
            return None
        return parse_shard(self.checked.program.settings.shard)

    def page_markdown(self, markdown: str, mkdocs_page: MkDocsPage, config: MkDocsConfig) -> str:
        page = self.pages.get(mkdocs_page.file.src_uri)
        if page is None:
            self.embeds.render = self._embed_renderer(mkdocs_page, config)
            return markdown
        meta = mkdocs_page.meta
        # Material prints page.meta.title and description raw: escape record text first.
        meta["title"] = html.escape(page.title, quote=False)
        meta["description"] = html.escape(page.description)
        meta["template"] = self.shortcuts.template(page)
        if not page.kind.toc:
            meta["hide"] = ["toc"]
        if page.search_exclude:
            meta["search"] = {"exclude": True}
        assert self.renderer is not None
        if self.announce is None:
            self.announce = Markup(self.renderer.announce(self.site))
        if self.halves is not None and self._forked_with != (config.site_name, config.site_url,
                                                             config.use_directory_urls):
            self.finish()  # another plugin changed what heads are made of after the fork
            self.halves = None
        if self.halves is not None and (i := self._index.get(page.src_uri)) is not None:
            head, body, search = self.halves.get(i)
            self._bodies[page.src_uri] = body
            if search is not None:
                self.shortcuts.ahead[page.src_uri] = (body, search[0])
        else:
            with self._traced(page):
                head = self._head(page, config)
        meta["advocacy_head"] = Markup(head)
        if self.announce:
            meta["advocacy_announce"] = self.announce
        rendered = self.checked.rendered.get(page.markdown_field) if self.checked and page.markdown_field else None
        self.shortcuts.prepare(mkdocs_page, page, rendered)
        return ""

    def environment(self, env: Any, config: MkDocsConfig) -> None:
        """MkDocs' Jinja environment, for the pages it renders itself: our 404 page's body (`404.html`)
        rendered by our renderer, in the site's language. Its links start from the site's root: it is
        served at any address."""
        self.env = env
        assert self.renderer is not None
        root = str(config.site_url or "/")
        root = root if root.endswith("/") else root + "/"
        env.globals["advocacy_not_found"] = Markup(self.renderer.render("advocacy/not-found.html",
                                                                        lambda target: root + target))

    def _embed_renderer(self, mkdocs_page: MkDocsPage, config: MkDocsConfig):
        """Embeds of a hand-written page. With site_url, links start from the site's root path: an
        embed may be shown on another page than its own (a blog post's excerpt on the blog's index),
        and no engine rewrites links in raw HTML. Without it, links are relative to the page."""
        base, directory_urls = mkdocs_page.url, config.use_directory_urls
        root = urlsplit(config.site_url).path if config.site_url else None
        if root is not None and not root.endswith("/"):
            root += "/"

        def link(target: str) -> str:
            target = page_url(target, directory_urls)
            return root + target if root is not None else relative_url(target, base)

        def render(body: str) -> str:
            assert self.renderer is not None
            return self.renderer.embed(self.site, read_embed(body), link)

        return render

    def page_content(self, html_text: str, mkdocs_page: MkDocsPage, config: MkDocsConfig) -> str:
        page = self.pages.get(mkdocs_page.file.src_uri)
        if page is None:
            return html_text
        assert self.renderer is not None
        body = self._bodies.pop(page.src_uri, None)
        if body is None or html_text != self._markdown_html(page):  # another plugin changed it: rendered again
            with self._traced(page):
                body = self.renderer.body(page, html_text, config.use_directory_urls)
        if self.tracer is not None:
            self.tracer.finish(page, self.depends_on(page))
        return body

    def _head(self, page: Page, config: MkDocsConfig) -> str:
        assert self.renderer is not None
        return self.renderer.head(page, config.site_name, config.site_url, config.use_directory_urls)

    def _markdown_html(self, page: Page) -> str:
        """The HTML MkDocs hands to page_content for one of our pages (render_prepared's)."""
        rendered = self.checked.rendered.get(page.markdown_field) if self.checked and page.markdown_field else None
        return rendered.html if rendered else ""

    def _start_halves(self, config: MkDocsConfig) -> None:
        """A full build's heads and bodies, rendered by two processes (core/halves.py) when the
        render shortcuts are on: under `advocacy serve` only the changed pages render."""
        if not self.shortcuts.enabled or self.serving or self.tracer is not None or not self.pages:
            return
        shard = self._shard()
        pages = [page for page in self.pages.values() if shard is None or in_shard(page.url, shard)]
        assert self.renderer is not None
        renderer, directory_urls = self.renderer, config.use_directory_urls
        self._forked_with = (config.site_name, config.site_url, directory_urls)
        search = self.shortcuts.search_ahead(config)

        def render(i: int) -> tuple[str, str, tuple | None]:
            page = pages[i]
            body = renderer.body(page, self._markdown_html(page), directory_urls)
            made = (search(body),) if search is not None and body and not page.search_exclude else None
            return self._head(page, config), body, made

        halves = Halves(len(pages), render)
        if halves.start():
            self.halves, self._index = halves, {page.src_uri: i for i, page in enumerate(pages)}

    def finish(self) -> int:
        """The second process stopped and reaped (the build ended, or failed); how many pages it rendered."""
        if self._frozen:
            gc.unfreeze()
            self._frozen = False
        full_collections_back()
        self.shortcuts.ahead.clear()
        if self.halves is None:
            return 0
        self.halves.close()
        return self.halves.by_child

    def _traced(self, page: Page) -> AbstractContextManager[None]:
        return self.tracer.rendering(page) if self.tracer is not None else nullcontext()

    def depends_on(self, page: Page) -> tuple:
        """What a page's HTML depends on besides its own fields and what it asks the site."""
        rendered = self.checked.rendered.get(page.markdown_field) if self.checked and page.markdown_field else None
        return (rendered.html if rendered else None, rendered.toc_tokens if rendered else None, self.announce)

