"""AdvocacyPlugin: thin MkDocs hooks around the core, and the one PluginError boundary."""

from __future__ import annotations

import gc
import html
import os
import re
from difflib import get_close_matches
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from . import api
from .chrome import SharedChrome
from .config import AdvocacyConfig
from .core.check import check_site
from .core.embeds import Embed, embed_lines
from .core.images import clean_image
from .core.markdown_fields import MarkdownFields, MarkdownOptions, Rendered
from .core.problems import Problem, sort_key
from .core.program import Program
from .pages import BADGE, CARD_EXTRAS, FEED, GeneratedPage, Site, logo_path, photo_path, plan_site
from .render import Renderer

log = get_plugin_logger("advocacy")
PACKAGE = Path(str(resources.files("mkdocs_advocacy")))
TEMPLATES = PACKAGE / "templates"  # a theme folder: MkDocs would copy any non-HTML file in it into site/
CSS, JS = "assets/advocacy/advocacy.css", "assets/advocacy/advocacy.js"
ASSETS = {CSS: PACKAGE / "assets" / "advocacy.css", JS: PACKAGE / "assets" / "advocacy.js"}
PLACEHOLDER = '<div data-advocacy-embed="{n}"></div>'
TOC_TEMPLATES = ("advocacy/case-study.html", "advocacy/spotlight.html")
SHARED_TEMPLATE = "advocacy/shared-chrome.html"
_NOT_TEXT = re.compile(r"<(?!/?(?:h[1-6]|p)\b)[^>]*>")


def render_prepared(page: Page, config: MkDocsConfig, files: Files, html_text: str = "",
                    toc_tokens: list | None = None) -> None:
    """`Page.render` for a page whose HTML is already made: a story or case-study body rendered and
    sanitized during validation (`core/markdown_fields.py`), or an empty one, which would otherwise
    build a Markdown converter with every extension of the site (a millisecond a page)."""
    page.content = html_text
    page.toc = get_toc(toc_tokens or [])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def search_text(html_text: str) -> str:
    """The page's text for search indexes: headings (ids kept, for section links) and paragraphs."""
    return " ".join(_NOT_TEXT.sub(" ", html_text).split())


class AdvocacyPlugin(BasePlugin[AdvocacyConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.program: Program | None = None
        self.site: Site | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.embeds: dict[str, list[Embed]] = {}
        self.renderer: Renderer | None = None
        self.env: Any = None
        self.shortcuts = True
        self.chrome = SharedChrome("advocacy/page.html")
        self._context: dict | None = None
        self._full_content: str | None = None
        self.rendered: dict[tuple[str, str], Rendered] = {}

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None):
        # MkDocs only warns on an unknown option; a misspelled one must fail the build.
        errors, warnings = super().load_config(options, config_file_path)
        known = list(self.config_scheme_keys())
        for i, (key, message) in enumerate(warnings):
            close = get_close_matches(str(key), known, n=1)
            if close:
                warnings[i] = (key, f"{message} (did you mean {close[0]!r}?)")
        return errors + warnings, []

    def config_scheme_keys(self):  # type: ignore[no-untyped-def]
        return [name for name, _ in self.config_scheme]

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Everything that can fail is checked here, before MkDocs cleans site/.
        self.pages, self.embeds, self.site = {}, {}, None
        # ADVOCACY_SHORTCUTS=0 renders every page the long way: the tests compare both outputs.
        self.shortcuts = os.environ.get("ADVOCACY_SHORTCUTS") != "0"
        self.chrome = SharedChrome("advocacy/page.html", enabled=self.shortcuts)
        # absolute, so that messages name files relative to it under `mkdocs build -f sub/mkdocs.yml` too
        root = Path(os.path.abspath(config.config_file_path)).parent
        config_name = Path(config.config_file_path).name
        markdown = MarkdownFields(MarkdownOptions(config.markdown_extensions, config.mdx_configs or {}))
        checked = check_site(root, dict(self.config), Path(config.docs_dir), config_name, markdown)
        problems = list(checked.problems)
        if checked.program is not None:
            self.site, generated, more = plan_site(checked, config.site_name, config.site_url,
                                                   config.use_directory_urls, self.serving)
            self.pages = {page.src_uri: page for page in generated}
            problems += more
        self._report(problems, config)
        program = checked.program
        assert program is not None  # no settings means errors, and _report raised
        self.embeds = checked.embeds
        self.rendered = checked.rendered
        self.program = program
        if not self.serving:
            # A one-off build keeps the records to the end: let the cycle collector stop walking them.
            # (Not under `mkdocs serve`, whose long-lived process would keep each rebuild's cycles.)
            gc.freeze()
        theme_dirs = config.theme.dirs
        at = 1 if config.theme.custom_dir else 0  # the site's own overrides win, then ours, then Material
        if str(TEMPLATES) not in theme_dirs:
            theme_dirs.insert(at, str(TEMPLATES))
        self.renderer = Renderer(list(theme_dirs))
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        if all(str(script) != JS for script in config.extra_javascript):
            config.extra_javascript.append(JS)
        return config

    def _report(self, problems: list[Problem], config: MkDocsConfig) -> None:
        problems.sort(key=sort_key)
        for p in problems:
            if p.level == "info":
                log.info(str(p))
        errors = [p for p in problems if p.level == "error"]
        warnings = [p for p in problems if p.level == "warning"]
        if config.strict:
            errors += warnings  # fail here, before site/ is cleaned, not after writing as MkDocs would
        else:
            for p in warnings:
                log.warning(str(p))
        if errors:
            count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in the advocacy records"
            raise PluginError(f"{count}:\n" + "\n".join(str(p) for p in sorted(errors, key=sort_key)))

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.program is not None and self.site is not None
        program, site = self.program, self.site
        urls: dict[str, str] = {}
        for page in self.pages.values():
            # on_config refused hand-written files at these addresses; other plugins' files may be here
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                files.remove(existing)
            file = File.generated(config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV)
            files.append(file)
            urls[page.url] = file.url
        cs_urls = {cs.slug: urls[f"case-studies/{cs.slug}/"] for cs in site.case_studies}
        data = dict(api.api_files(site, cs_urls))
        data[BADGE] = api.rating_badge(site, self._renderer())
        data[FEED] = api.feed(site, config.site_url, urls)
        data[CARD_EXTRAS] = api.card_extras(site)
        for dest, src in ASSETS.items():
            data[dest] = src.read_bytes()
        for a in program.public_advocates():
            if a.record.photo and (photo := photo_path(a)):
                data[photo] = clean_image(program.advocates_dir / a.record.photo)
        for cs in list(site.case_studies) + (program.unpublished_case_studies() if self.serving else []):
            if cs.front.logo and (logo := logo_path(cs)):
                data[logo] = clean_image(program.case_studies_dir / cs.front.logo, kind="logo")
        for dest, content in sorted(data.items()):
            existing = files.get_file_from_path(dest)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, dest, content=content))
        return files

    def _renderer(self) -> Renderer:
        assert self.renderer is not None
        return self.renderer

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            # Material prints page.meta.title and description raw: escape record text first.
            page.meta["title"] = html.escape(generated.title, quote=False)
            page.meta["description"] = html.escape(generated.description)
            # Pages with a table of contents render in full; the rest share their chrome (chrome.py).
            shared = self.chrome.enabled and generated.template not in TOC_TEMPLATES
            page.meta["template"] = "advocacy/shared-chrome.html" if shared else "advocacy/page.html"
            if generated.template not in TOC_TEMPLATES:
                page.meta["hide"] = ["toc"]
            if generated.search_exclude:
                page.meta["search"] = {"exclude": True}
            page.meta["advocacy_head"] = self._head(generated, page, config)
            prepared = self.rendered.get(generated.markdown_field) if generated.markdown_field else None
            if prepared is not None:
                # Record Markdown was rendered and sanitized during validation: MkDocs must not render it again.
                page.render = partial(render_prepared, page, html_text=prepared.html,  # type: ignore[method-assign]
                                      toc_tokens=prepared.toc_tokens)
            elif self.shortcuts and not generated.markdown:
                page.render = partial(render_prepared, page)  # type: ignore[method-assign]
            return generated.markdown
        if page.file.src_uri in self.embeds:
            lines = markdown.splitlines()
            for n, (index, _body) in enumerate(embed_lines(markdown)):
                lines[index] = "\n" + PLACEHOLDER.format(n=n) + "\n"
            return "\n".join(lines)
        return markdown

    def _head(self, generated: GeneratedPage, page: Page, config: MkDocsConfig) -> Markup:
        site_url = config.site_url
        absolute = (lambda u: site_url.rstrip("/") + "/" + u) if site_url else None
        return Markup(self._renderer().render(
            "advocacy/head.html", link=self._linker(page, config), page=generated, site_name=config.site_name,
            canonical=absolute(page.url) if absolute else None,
            image=absolute(generated.image) if absolute and generated.image else None))

    def _linker(self, page: Page, config: MkDocsConfig):
        directory_urls = config.use_directory_urls

        def link(target: str) -> str:
            if target.endswith("/") and not directory_urls:
                target += "index.html"
            return get_relative_url(target, page.url)

        return link

    def on_page_content(self, html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            return self._renderer().render(generated.template, link=self._linker(page, config),
                                           body=Markup(html_text), **generated.context)
        embeds = self.embeds.get(page.file.src_uri)
        if embeds and self.site is not None:
            # on_config kept the embeds in line order, which is the order of their placeholders
            for n, embed in enumerate(embeds):
                rendered = self._renderer().render("advocacy/embed.html", link=self._linker(page, config),
                                                   site=self.site, embed=embed)
                html_text = html_text.replace(PLACEHOLDER.format(n=n), rendered, 1)
        return html_text

    def on_env(self, env, config: MkDocsConfig, files: Files):  # type: ignore[no-untyped-def]
        self.env = env
        return env

    # Search plugins parse every page's HTML, which costs more than rendering it: give them our
    # pages' text with headings and paragraphs only, then put the full page back.
    @event_priority(100)
    def _on_page_context_before_search(self, context, page: Page, config: MkDocsConfig, nav):  # type: ignore[no-untyped-def]
        if page.file.src_uri in self.pages and page.content:
            self._full_content = page.content
            page.content = search_text(page.content)
        return context

    @event_priority(-100)
    def _on_page_context_after_search(self, context, page: Page, config: MkDocsConfig, nav):  # type: ignore[no-untyped-def]
        if self._full_content is not None:
            page.content, self._full_content = self._full_content, None
        if page.meta.get("template") == SHARED_TEMPLATE:
            self._context = context
        return context

    on_page_context = CombinedEvent(_on_page_context_before_search, _on_page_context_after_search)

    # Runs before other plugins' post_page hooks: they then see the page as MkDocs would have rendered it.
    @event_priority(100)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if page.meta.get("template") != SHARED_TEMPLATE or self._context is None:
            return output
        context, self._context = self._context, None
        return self.chrome.render(self.env, page, context)

    def on_post_build(self, config: MkDocsConfig) -> None:
        stats = self.chrome.stats
        log.debug(f"shared chrome: {stats['shared']} pages filled in, {stats['full']} full renders")

    def on_serve(self, server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        if self.program is not None:
            server.watch(str(self.program.advocates_dir))
            server.watch(str(self.program.case_studies_dir))
        return server
