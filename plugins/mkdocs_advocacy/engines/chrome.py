"""Shared chrome: render Material's page template once per group of look-alike generated pages.

A program of 10,000 advocates makes 10,000 profile pages whose surroundings (header, tabs, nav,
footer, scripts) are identical but for the title, description, canonical URL, head tags, table of
contents and content: Material's full template costs several milliseconds a page, most of a large
build. So the first page of a group is rendered with tokens in those places, and later pages fill
the tokens in. The table of contents (case studies, spotlights) is rendered as a stand-in of
tokens: where Material prints it whole (`partials/toc.html`, in the sidebar) a token is filled
with that partial rendered for the page, and the skip link to its first heading is another.

Pages of one group share their folder (so every relative link is the same), their `hide` settings
and the shape of the top of their table of contents. A page the nav lists (its own nav item is
marked, with its table of contents, and it has previous and next links), or one with a page of the
nav under its folder, is rendered in full. The first pages of every group are also rendered in
full and compared with the filled-in chrome; any difference (a theme or plugin that prints
something else per page) turns the group back to full renders, so the output is always what MkDocs
itself would have written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import jinja2
from mkdocs.structure.toc import AnchorLink, TableOfContents

_T = "\ue000advocacy-{}\ue000"
TOKENS = {"title": _T.format("title"), "description": _T.format("description"),
          "head": _T.format("head"), "canonical": _T.format("canonical"), "edit": _T.format("edit"),
          "toc": _T.format("toc"), "skip": _T.format("skip")}
# Material prints its own <h1> unless the content has one: the token keeps that branch identical.
CONTENT_TOKEN = "<h1>" + _T.format("content") + "</h1>"
_ANY_TOKEN = re.compile("(" + "|".join(re.escape(t) for t in [CONTENT_TOKEN, *TOKENS.values()]) + ")")
CHECKED_PAGES = 2  # full renders compared per group before the chrome is trusted
FULL = object()
# The table of contents as Material's base.html includes it (its `lang` and `features` in scope).
TOC_PARTIAL = ('{% import "partials/language.html" as lang with context %}'
               '{% set features = config.theme.features or [] %}{% include "partials/toc.html" %}')


@dataclass
class Chrome:
    """A group's page template output with tokens; `toc`: the partial that fills the toc token,
    `skip`: whether the skip link to the first heading is there."""

    html: str
    toc: jinja2.Template | None = None
    skip: bool = False
    # the html cut at its tokens, [text, token, text, ..., text]: a page fills the odd places
    parts: list[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.parts = _ANY_TOKEN.split(self.html)


@dataclass
class SharedChrome:
    template: str
    enabled: bool = True
    groups: dict[tuple, Any] = field(default_factory=dict)
    checked: dict[tuple, int] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=lambda: {"shared": 0, "full": 0})
    _nav: Any = None
    _nav_pages: set[int] = field(default_factory=set)
    _nav_folders: set[str] = field(default_factory=set)

    def render(self, env: jinja2.Environment, page: Any, context: dict) -> str:
        """The page's HTML, from the group's chrome when it has been shown to be exact."""
        template = env.get_template(self.template)
        if not self.enabled or self._on_its_own(context.get("nav"), page):
            return self._full(template, context)
        key = group_key(page)
        state = self.groups.get(key)
        if state is FULL:
            return self._full(template, context)
        if state is None:
            state = self.groups[key] = self._chrome(env, template, page, context)
            if state is FULL:
                return self._full(template, context)
        if self.checked.get(key, 0) < CHECKED_PAGES:
            self.checked[key] = self.checked.get(key, 0) + 1
            real = self._full(template, context)
            try:
                same = fill(state, page, context) == real
            except jinja2.TemplateError:  # a theme's toc partial that needs more than base.html gives it
                same = False
            if not same:
                self.groups[key] = FULL
            return real
        self.stats["shared"] += 1
        return fill(state, page, context)

    def _on_its_own(self, nav: Any, page: Any) -> bool:
        """Whether the page's chrome is its own: the nav lists it (its nav item, previous and next
        links), or lists a page under its folder (a link from `spotlight/` to `spotlight/ana/` is
        `ana/`, from `reviews/` it is `../spotlight/ana/`)."""
        if nav is not self._nav:
            pages = list(getattr(nav, "pages", None) or ())
            self._nav, self._nav_pages = nav, {id(p) for p in pages}
            self._nav_folders = {p.url[:i + 1] for p in pages for i, c in enumerate(p.url) if c == "/"}
        return id(page) in self._nav_pages or page.url in self._nav_folders

    def _full(self, template: jinja2.Template, context: dict) -> str:
        self.stats["full"] += 1
        return template.render(context)

    def _chrome(self, env: jinja2.Environment, template: jinja2.Template, page: Any, context: dict) -> Any:
        saved = (dict(page.meta), page.content, page.canonical_url, page.edit_url, page.toc)
        try:
            page.meta["title"] = TOKENS["title"]
            page.meta["description"] = TOKENS["description"]
            page.meta["advocacy_head"] = TOKENS["head"]
            page.content = CONTENT_TOKEN
            page.canonical_url = TOKENS["canonical"] if page.canonical_url else None
            page.edit_url = TOKENS["edit"] if page.edit_url else None
            page.toc = stand_in_toc(page.toc)
            html = template.render(context)
            if not page.toc:
                return Chrome(html)
            try:
                toc = env.from_string(TOC_PARTIAL)
                stand_in = toc.render(context)
            except jinja2.TemplateError:  # not Material's partials: the group renders in full
                return FULL
            html = html.replace(stand_in, TOKENS["toc"]) if stand_in else html
            html = html.replace(_STAND_IN_URL, TOKENS["skip"])
            if _STAND_IN in html:  # printed elsewhere too (a theme's own use of the toc): not shared
                return FULL
            return Chrome(html, toc if TOKENS["toc"] in html else None, TOKENS["skip"] in html)
        finally:
            page.meta.clear()
            page.meta.update(saved[0])
            page.content, page.canonical_url, page.edit_url, page.toc = saved[1:]


_STAND_IN = "\ue000advocacy-toc-"  # what every token of the stand-in table of contents starts with
_STAND_IN_ID = _T.format("toc-first")
_STAND_IN_URL = "#" + _STAND_IN_ID  # the skip link's target (`url` leaves a fragment as it is)


def stand_in_toc(toc: Any) -> TableOfContents:
    """A table of contents shaped as `toc` at its top (empty or not; its first item's level, and
    whether that has children: what Material's templates branch on), with tokens for text."""
    items = list(toc or [])
    if not items:
        return TableOfContents([])
    first = AnchorLink(_T.format("toc-item"), _STAND_IN_ID, items[0].level)
    if items[0].children:
        first.children.append(AnchorLink(_T.format("toc-item"), _T.format("toc-child"), items[0].children[0].level))
    return TableOfContents([first])


def toc_shape(toc: Any) -> tuple:
    items = list(toc or [])
    return (items[0].level, bool(items[0].children)) if items else ()


def group_key(page: Any) -> tuple:
    folder = page.url.rstrip("/").rpartition("/")[0]
    meta = page.meta
    return (folder, tuple(meta.get("hide") or ()), bool(page.canonical_url), bool(page.edit_url),
            repr(meta.get("search")), toc_shape(page.toc))


def fill(chrome: Chrome, page: Any, context: dict) -> str:
    """The chrome with this page's values (a value is never searched for tokens). Joined from the
    chrome's parts: a search of its 40 KB for tokens on every page was a tenth of a large build's
    page writing."""
    values = {CONTENT_TOKEN: page.content or "", TOKENS["title"]: str(page.meta.get("title", "")),
              TOKENS["description"]: str(page.meta.get("description", "")),
              TOKENS["head"]: str(page.meta.get("advocacy_head", "")),
              TOKENS["canonical"]: page.canonical_url or "", TOKENS["edit"]: page.edit_url or ""}
    if chrome.toc is not None:
        values[TOKENS["toc"]] = chrome.toc.render(context)
    if chrome.skip:
        values[TOKENS["skip"]] = next(iter(page.toc)).url
    out = chrome.parts.copy()
    for i in range(1, len(out), 2):
        out[i] = values[out[i]]
    return "".join(out)
