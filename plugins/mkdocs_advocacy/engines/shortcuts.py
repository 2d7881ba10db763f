"""The measured render shortcuts of the MkDocs adapter, in one place, switched by the plugin option
`render_shortcuts` (on by default; off renders every page the long way, and the tests compare the
two outputs byte for byte):

- pages without Markdown of their own skip building a Markdown converter with every extension;
- generated pages share Material's chrome, rendered once per group (`chrome.py`), those with a
  table of contents too (the table is rendered for each page into the shared chrome);
- Material's search plugin gets our pages' index entries made from their headings and text
  (`search_sections`) instead of running its HTML parser over every page.
"""

from __future__ import annotations

import re
from functools import partial
from html import escape, unescape
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from ..publish.pages import Page
from .chrome import SharedChrome

SHARED_TEMPLATE = "advocacy/shared-chrome.html"
FULL_TEMPLATE = "advocacy/page.html"
# Not text for a search index: tags other than headings and paragraphs, and the header links
# (`¶` with `toc: permalink: true`), avatar initials and star glyphs our templates print.
_DROP = re.compile(r'<(a class="headerlink"|span class="adv-avatar[^"]*"|span class="adv-stars[^"]*")[^>]*>.*?</(a|span)>',
                   re.S)
_NOT_TEXT = re.compile(r"<(?!/?(?:h[1-6]|p)\b)[^>]*>")


def render_prepared(page: MkDocsPage, config: MkDocsConfig, files: Files, html_text: str = "",
                    toc_tokens: list | None = None) -> None:
    """`Page.render` for a page whose HTML is already made: a story or case-study body rendered and
    sanitized during validation (`core/markdown_fields.py`), or an empty one."""
    page.content = html_text
    page.toc = get_toc(toc_tokens or [])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def search_text(html_text: str) -> str:
    """The page's text for search indexes: headings (ids kept, for section links) and paragraphs.
    (Our own templates' markup, not a sanitizer: what is dropped is known to be there.)"""
    return " ".join(_NOT_TEXT.sub(" ", _DROP.sub(" ", html_text)).split())


# --------------------------------------------------------------------------- search sections

# What `search_text` leaves: text, and headings and paragraphs with plain attributes.
_TAG = re.compile(r'<(/?)(h[1-6]|p)((?:\s+[a-z][a-z0-9-]*="[^"&<>]*")*)\s*>')
_ATTR = re.compile(r'([a-z][a-z0-9-]*)="([^"]*)"')
_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))


class _Section:
    """A part of a page under one heading, as Material's search plugin's `Section` has it (the
    fields its `create_entry_for_section` reads)."""

    __slots__ = ("tag", "depth", "title", "text", "id")

    def __init__(self, tag: str, depth: int = 0) -> None:
        self.tag, self.depth = tag, depth
        self.title: list[str] = []
        self.text: list[str] = []
        self.id: str | None = None


def search_sections(text: str) -> list[_Section] | None:
    """The sections Material's search plugin (9.x `Parser`) finds in `search_text`'s output,
    without its HTMLParser: that text holds only headings, paragraphs and text, so a split on those
    tags, stepped through the plugin's rules (first section, ids, empty paragraphs, whitespace,
    escaping), gives the same titles and texts. None for anything outside that (a stray `<`, an
    attribute with an entity, `data-search-exclude`): the plugin then parses the page itself."""
    if "data-search-exclude" in text or "linenodiv" in text:
        return None
    parts = _TAG.split(text)
    context: list[str] = []  # the open tags
    data: list[_Section] = []
    section: _Section | None = None
    for i in range(0, len(parts), 4):
        raw = parts[i]
        if raw:
            if "<" in raw:
                return None
            chunk = unescape(raw)
            chunk = " " if chunk.isspace() else chunk.replace("\n", " ")
            if section is None:
                section = _Section("hx")
                data.append(section)
            if section.tag in context:
                section.title.append(escape(chunk, quote=False))
            elif chunk.isspace():
                if not section.text or not section.text[-1].isspace():
                    section.text.append(chunk)
            else:
                section.text.append(escape(chunk, quote=False))
        if i + 1 >= len(parts):
            break
        closing, tag, attrs = parts[i + 1], parts[i + 2], parts[i + 3]
        if not closing:
            context.append(tag)
            if tag in _HEADINGS:
                ids = [v for k, v in _ATTR.findall(attrs) if k == "id"]
                if ids:
                    depth = len(context)
                    if tag != "h1" and not data:
                        data.append(_Section("hx", depth))
                    section = _Section(tag, depth)
                    if data:
                        section.id = ids[-1]
                    data.append(section)
            if section is None:
                section = _Section("hx")
                data.append(section)
            if tag == "p":
                (section.title if section.tag in context else section.text).append("<p>")
        else:
            if attrs or not context or context[-1] != tag:
                if attrs:
                    return None
                continue
            assert section is not None
            if section.depth > len(context):
                for previous in reversed(data):
                    if previous.depth <= len(context):
                        section.depth = float("inf")  # type: ignore[assignment]
                        section = previous
                        break
            context.pop()
            if tag == "p":
                out = section.title if section.tag in context else section.text
                if "<p>" not in out:
                    return None  # the plugin raises here: let it
                start = out.index("<p>")
                if all(piece.isspace() for piece in out[start + 1:]):
                    del out[start:]
                else:
                    out.append("</p>")
    return data


TEXT = "text"
_NOT_MADE = object()


def search_plugin(config: MkDocsConfig) -> Any:
    """How our pages reach the search index: Material's search plugin, when it is the only other
    plugin that reads pages in `on_page_context` and indexes text as it is (no Chinese
    segmentation); None when no plugin reads them there; else TEXT (they get `search_text`)."""
    owners = {getattr(handler, "__self__", None) for handler in config.plugins.events.get("page_context", [])}
    others = [o for o in owners if not type(o).__module__.startswith("mkdocs_advocacy.")]
    if not others:
        return None
    try:
        from material.plugins.search import plugin as material_search
    except ImportError:
        return TEXT
    if len(others) == 1 and isinstance(others[0], material_search.SearchPlugin) \
            and getattr(material_search, "jieba", None) is None:
        return others[0]
    return TEXT


class RenderShortcuts:
    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.chrome = SharedChrome(FULL_TEMPLATE, enabled=enabled)
        self._context: dict | None = None
        self._full_content: str | None = None
        self._search: Any = False  # `search_plugin(config)`; False: not looked up yet
        # what `before_search` makes of a page's body, made ahead with the body (`search_ahead`):
        # by source path, (the body it was made of, the text or sections)
        self.ahead: dict[str, tuple[str, Any]] = {}
        self.taken_ahead = 0  # pages whose entries were made ahead (for the build's debug line, and tests)

    def search_ahead(self, config: MkDocsConfig) -> Any:
        """What `before_search` will make of a body, as a function of it (None: nothing): the
        sections for Material's search, else the text. Made with the page's body where that is
        rendered ahead (two processes: `core/halves.py`), instead of one by one as MkDocs writes."""
        if not self.enabled:
            return None
        search = self._search_of(config)
        if search is None or (search is not TEXT and not search.config.enabled):
            return None
        if search is TEXT:
            return search_text
        return lambda body: search_sections(search_text(body))

    def _search_of(self, config: MkDocsConfig) -> Any:
        if self._search is False:
            self._search = search_plugin(config)
        return self._search

    def template(self, page: Page) -> str:
        return SHARED_TEMPLATE if self.enabled else FULL_TEMPLATE

    def prepare(self, mkdocs_page: MkDocsPage, page: Page, rendered: Any) -> None:
        """Give MkDocs the page's HTML instead of having it render Markdown."""
        if rendered is not None:  # always: record Markdown must not be rendered a second time, unsanitized
            mkdocs_page.render = partial(render_prepared, mkdocs_page, html_text=rendered.html,  # type: ignore[method-assign]
                                         toc_tokens=rendered.toc_tokens)
        elif self.enabled:
            mkdocs_page.render = partial(render_prepared, mkdocs_page)  # type: ignore[method-assign]

    def before_search(self, mkdocs_page: MkDocsPage, config: MkDocsConfig) -> None:
        # Search plugins always get `search_text`, not the page (it decides what the index holds: no
        # `¶`, initials or stars); the shortcut: when Material's is the only one, the entries it
        # would make of that text are made here, without its HTML parser.
        html_text = mkdocs_page.content
        made = self.ahead.pop(mkdocs_page.file.src_uri, None)
        if not html_text:
            return
        # made ahead of the body as it is now (another plugin's page_content may have changed it)
        ahead: Any = made[1] if made is not None and (made[0] is html_text or made[0] == html_text) else _NOT_MADE
        self.taken_ahead += ahead is not _NOT_MADE
        if not self.enabled:
            self._give_text(mkdocs_page, html_text)
            return
        search = self._search_of(config)
        if search is None:  # nothing reads it
            return
        if search is TEXT:
            self._give_text(mkdocs_page, html_text, None if ahead is _NOT_MADE else ahead)
            return
        # Material's search: the page's entries are made here; its parser gets an empty page.
        self._full_content, mkdocs_page.content = html_text, ""
        if not search.config.enabled or (mkdocs_page.meta.get("search") or {}).get("exclude"):
            return
        sections = search_sections(search_text(html_text)) if ahead is _NOT_MADE else ahead
        if sections is None:  # not our usual markup: the plugin parses the text itself
            mkdocs_page.content = search_text(html_text)
            return
        index = search.search_index  # looked up each time: `advocacy serve` starts a new one per rebuild
        for section in sections:
            index.create_entry_for_section(section, mkdocs_page.toc, mkdocs_page.url, mkdocs_page)

    def _give_text(self, mkdocs_page: MkDocsPage, html_text: str, text: str | None = None) -> None:
        self._full_content, mkdocs_page.content = html_text, search_text(html_text) if text is None else text

    def after_search(self, mkdocs_page: MkDocsPage, context: dict) -> None:
        if self._full_content is not None:
            mkdocs_page.content, self._full_content = self._full_content, None
        if mkdocs_page.meta.get("template") == SHARED_TEMPLATE:
            self._context = context

    def post_page(self, output: str, mkdocs_page: MkDocsPage, env: Any) -> str:
        if mkdocs_page.meta.get("template") != SHARED_TEMPLATE or self._context is None:
            return output
        context, self._context = self._context, None
        return self.chrome.render(env, mkdocs_page, context)
