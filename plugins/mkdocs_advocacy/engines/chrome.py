"""Shared chrome: render Material's page template once per group of look-alike generated pages.

A program of 10,000 advocates makes 10,000 profile pages whose surroundings (header, tabs, nav,
footer, scripts) are identical but for the title, description, canonical URL, head tags and
content: Material's full template costs several milliseconds a page, most of a large build. So
the first page of a group is rendered with tokens in those places, and later pages fill the
tokens in. Pages of one group share their folder (so every relative link is the same) and their
`hide` settings. The first pages of every group are also rendered in full and compared with the
filled-in chrome; any difference (a theme or plugin that prints something else per page) turns
the group back to full renders, so the output is always what MkDocs itself would have written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import jinja2

_T = "\ue000advocacy-{}\ue000"
TOKENS = {"title": _T.format("title"), "description": _T.format("description"),
          "head": _T.format("head"), "canonical": _T.format("canonical"), "edit": _T.format("edit")}
# Material prints its own <h1> unless the content has one: the token keeps that branch identical.
CONTENT_TOKEN = "<h1>" + _T.format("content") + "</h1>"
CHECKED_PAGES = 2  # full renders compared per group before the chrome is trusted
FULL = object()


@dataclass
class SharedChrome:
    template: str
    enabled: bool = True
    groups: dict[tuple, Any] = field(default_factory=dict)
    checked: dict[tuple, int] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=lambda: {"shared": 0, "full": 0})

    def render(self, env: jinja2.Environment, page: Any, context: dict) -> str:
        """The page's HTML, from the group's chrome when it has been shown to be exact."""
        template = env.get_template(self.template)
        if not self.enabled:
            return self._full(template, context)
        key = group_key(page)
        state = self.groups.get(key)
        if state is FULL:
            return self._full(template, context)
        if state is None:
            state = self.groups[key] = self._chrome(template, page, context)
        if self.checked.get(key, 0) < CHECKED_PAGES:
            self.checked[key] = self.checked.get(key, 0) + 1
            real = self._full(template, context)
            if fill(state, page) != real:
                self.groups[key] = FULL
            return real
        self.stats["shared"] += 1
        return fill(state, page)

    def _full(self, template: jinja2.Template, context: dict) -> str:
        self.stats["full"] += 1
        return template.render(context)

    def _chrome(self, template: jinja2.Template, page: Any, context: dict) -> str:
        saved = (dict(page.meta), page.content, page.canonical_url, page.edit_url)
        try:
            page.meta["title"] = TOKENS["title"]
            page.meta["description"] = TOKENS["description"]
            page.meta["advocacy_head"] = TOKENS["head"]
            page.content = CONTENT_TOKEN
            page.canonical_url = TOKENS["canonical"] if page.canonical_url else None
            page.edit_url = TOKENS["edit"] if page.edit_url else None
            return template.render(context)
        finally:
            page.meta.clear()
            page.meta.update(saved[0])
            page.content, page.canonical_url, page.edit_url = saved[1:]


def group_key(page: Any) -> tuple:
    folder = page.url.rstrip("/").rpartition("/")[0]
    meta = page.meta
    return (folder, tuple(meta.get("hide") or ()), bool(page.canonical_url), bool(page.edit_url),
            repr(meta.get("search")))


_ANY_TOKEN = re.compile("|".join(re.escape(t) for t in [CONTENT_TOKEN, *TOKENS.values()]))


def fill(chrome: str, page: Any) -> str:
    """The chrome with this page's values, in one pass (a value is never searched for tokens)."""
    values = {CONTENT_TOKEN: page.content or "", TOKENS["title"]: str(page.meta.get("title", "")),
              TOKENS["description"]: str(page.meta.get("description", "")),
              TOKENS["head"]: str(page.meta.get("advocacy_head", "")),
              TOKENS["canonical"]: page.canonical_url or "", TOKENS["edit"]: page.edit_url or ""}
    return _ANY_TOKEN.sub(lambda m: values[m.group(0)], chrome)
