"""The Markdown of records (spotlight stories, case-study bodies), rendered once and sanitized.

Rendered with the site's `markdown_extensions`, so stories and bodies look like every other page,
then passed through the one sanitizer (`sanitize.py`) before any template sees them. What the
sanitizer removed becomes a warning at the line it came from, during validation, so `--strict`
fails before anything is written and the marketer learns what will not be published. Renders are
remembered by text and options for the life of the process: `mkdocs serve` makes a new plugin,
and so a new `MarkdownFields`, on every rebuild, and checks every record again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import markdown

from .halves import in_order
from .problems import Problem
from .sanitize import Removal, sanitize


@dataclass(frozen=True)
class Rendered:
    html: str  # sanitized
    toc_tokens: list[dict[str, Any]] = field(default_factory=list)
    removed: tuple[Removal, ...] = ()


@dataclass(frozen=True)
class MarkdownOptions:
    """The site's Markdown extensions (names or instances) and their configuration; by default the
    ones MkDocs always adds."""

    extensions: Sequence[Any] = ("toc", "tables", "fenced_code")
    configs: Mapping[str, Any] = field(default_factory=dict)

    def key(self) -> str:
        """Equal for equal options. An extension given as an instance, or a configuration holding
        objects, prints its address: it is then remembered only for as long as it lives."""
        names = [e if isinstance(e, str) else f"{type(e).__module__}.{type(e).__qualname__}@{id(e)}"
                 for e in self.extensions]
        return repr((names, sorted(dict(self.configs or {}).items(), key=lambda kv: kv[0])))


# renders by options, then by (kind, text); what the last check did not ask for is let go
_RENDERS: dict[str, dict[tuple[str, str], Rendered]] = {}


class MarkdownFields:
    """Renders Markdown fields: `story` shows raw HTML as text (a story is a record's text, and
    everything from a record is escaped but its Markdown); `body` lets the case study's safe HTML
    through (tables, images, `<details>`). Both are sanitized."""

    def __init__(self, options: MarkdownOptions | None = None) -> None:
        self.options = options or MarkdownOptions()
        self._converters: dict[str, markdown.Markdown] = {}
        key = self.options.key()
        self._memo: dict[tuple[str, str], Rendered] = _RENDERS.get(key, {})
        _RENDERS.clear()  # one site a process (mkdocs serve): renders for other options are stale
        _RENDERS[key] = self._memo
        self._used: set[tuple[str, str]] = set()
        self._collector: Any = None  # the embeds extension of the "page" converter, noting what it meets

    def _converter(self, kind: str) -> markdown.Markdown:
        md = self._converters.get(kind)
        if md is None:
            md = markdown.Markdown(extensions=list(self.options.extensions),
                                   extension_configs=dict(self.options.configs or {}))
            if kind == "story":
                for registry, name in ((md.preprocessors, "html_block"), (md.inlinePatterns, "html")):
                    if name in registry:
                        registry.deregister(name)
            self._converters[kind] = md
        return md

    def embeds_in(self, text: str) -> list[tuple[int, str]]:
        """(line, comment body) of every embed of a hand-written page, where rendering meets them:
        not in code, but in admonitions, tabs and lists."""
        from .embed_markdown import EmbedsExtension

        md = self._converters.get("page")
        if md is None:
            self._collector = EmbedsExtension()
            extensions = [e for e in self.options.extensions if e != "mkdocs_advocacy.embeds"
                          and not isinstance(e, EmbedsExtension)]
            configs = {k: v for k, v in dict(self.options.configs or {}).items() if k != "mkdocs_advocacy.embeds"}
            md = self._converters["page"] = markdown.Markdown(extensions=[*extensions, self._collector],
                                                              extension_configs=configs)
        seen: list[tuple[int, str]] = []
        self._collector.seen = seen
        md.reset()
        md.convert(text)
        return seen

    def render(self, kind: str, text: str) -> Rendered:
        key = (kind, text)
        self._used.add(key)
        hit = self._memo.get(key)
        if hit is None:
            md = self._converter(kind)
            md.reset()
            html, removed = sanitize(md.convert(text))
            hit = self._memo[key] = Rendered(html, list(getattr(md, "toc_tokens", [])), tuple(removed))
        return hit

    def render_ahead(self, items: list[tuple[str, str]]) -> None:
        """Render (kind, text) pairs not rendered before, so that `render` then finds them: with
        hundreds of them (a full build of a large program), shared with a forked child (halves.py).
        Text too deeply nested to render is left for `render` to fail on again."""
        new = [key for key in dict.fromkeys(items) if key not in self._memo]

        def one(i: int) -> Rendered | None:
            try:
                return self.render(*new[i])
            except RecursionError:
                return None

        for key, done in zip(new, in_order(len(new), one), strict=True):
            if done is not None:
                self._memo[key] = done

    def forget_unused(self) -> None:
        """Let go of the renders of text no longer in any record (an edited story's old text)."""
        for key in [k for k in self._memo if k not in self._used]:
            del self._memo[key]


def removal_problems(rendered: Rendered, text: str, file: str, first_line: int, fld: str) -> list[Problem]:
    """A warning for each kind of thing the sanitizer removed, at the first line of `text` (which
    starts on `first_line` of `file`) that holds it."""
    lines = text.splitlines() or [""]
    folded = [line.casefold() for line in lines]
    out = []
    for r in rendered.removed:
        needle = r.needle.casefold()
        index = next((i for i, line in enumerate(folded) if needle in line), 0)
        out.append(Problem(file, first_line + index, fld, f"{r.what} was removed by the HTML sanitizer", r.why,
                           level="warning"))
    return out
