"""The measured render shortcuts of the MkDocs adapter, in one place, switched by the plugin option
`render_shortcuts` (on by default; off renders every page the long way, and the tests compare the
two outputs byte for byte):

- pages without Markdown of their own skip building a Markdown converter with every extension;
- look-alike pages share Material's chrome, rendered once per group (`chrome.py`).
"""

from __future__ import annotations

import re
from functools import partial
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


class RenderShortcuts:
    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.chrome = SharedChrome(FULL_TEMPLATE, enabled=enabled)
        self._context: dict | None = None
        self._full_content: str | None = None

    def template(self, page: Page) -> str:
        # Pages with a table of contents render in full; the rest share their chrome.
        return SHARED_TEMPLATE if self.enabled and not page.kind.toc else FULL_TEMPLATE

    def prepare(self, mkdocs_page: MkDocsPage, page: Page, rendered: Any) -> None:
        """Give MkDocs the page's HTML instead of having it render Markdown."""
        if rendered is not None:  # always: record Markdown must not be rendered a second time, unsanitized
            mkdocs_page.render = partial(render_prepared, mkdocs_page, html_text=rendered.html,  # type: ignore[method-assign]
                                         toc_tokens=rendered.toc_tokens)
        elif self.enabled:
            mkdocs_page.render = partial(render_prepared, mkdocs_page)  # type: ignore[method-assign]

    def before_search(self, mkdocs_page: MkDocsPage) -> None:
        # Always, not a shortcut: it decides what the index holds (no `¶`, initials or stars), and
        # search plugins would otherwise parse every page's whole HTML.
        if mkdocs_page.content:
            self._full_content = mkdocs_page.content
            mkdocs_page.content = search_text(mkdocs_page.content)

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
