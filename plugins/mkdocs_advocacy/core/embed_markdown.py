"""Embeds as a Python-Markdown extension (registered as `mkdocs_advocacy.embeds`), so they work under every engine that runs the site's
`markdown_extensions` (MkDocs, ProperDocs, Zensical) and wherever Markdown is rendered: in
admonitions, content tabs, list items and blog excerpts. Code never triggers them.

    markdown_extensions:
      - mkdocs_advocacy.embeds

An embed is an HTML comment on a line of its own (`<!-- advocacy: rating -->`, see core/embeds.py
for the kinds and arguments). How it works, step by step through Python-Markdown's pipeline:

1. a preprocessor, after fenced code is set aside (so fences never see it) and before raw HTML is
   (which would swallow the comment), turns each embed line into a token in a block of its own;
2. a block processor, which runs inside every nested block (admonitions, tabs, lists), replaces a
   block that is exactly a token with the embed's HTML, kept aside as raw HTML;
3. a last postprocessor puts back, as the text it was, any token left inside code.

Where the HTML comes from: the MkDocs plugin hands the extension a renderer for the page being
rendered (links relative to it); engines without our plugin read the HTML rendered beforehand by
`advocacy build` from the JSON file named by the `html` option. Validation runs a page through the
same pipeline with a `render` that only notes each embed, so an embed is checked exactly where it
would be rendered.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from .embeds import ANY_EMBED_LINE, embed_key, read_embed

_TOKEN = "\u2063advocacy-embed-{}\u2063"  # invisible separators: never typed by a marketer
_TOKEN_RE = re.compile("\u2063advocacy-embed-(\\d+)\u2063")


class EmbedError(ValueError):
    """An embed that cannot be rendered; the message names the line."""


class EmbedsExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"html": ["", "JSON file of pre-rendered embeds, by embed_key (written by advocacy build)"]}
        super().__init__(**kwargs)
        # body -> HTML; the MkDocs plugin sets it for the page being rendered
        self.render: Callable[[str], str] | None = None
        self._table: dict[str, str] | None = None
        self.seen: list[tuple[int, str]] | None = None  # validation: note (line, body), render nothing

    def html_for(self, body: str, line: int) -> str:
        if self.seen is not None:
            self.seen.append((line, body))
            return ""
        if self.render is not None:
            return self.render(body)
        if self._table is None:
            path = self.getConfig("html")
            self._table = json.loads(Path(path).read_text(encoding="utf-8")) if path else {}
        found = self._table.get(embed_key(read_embed(body)))
        if found is None:
            raise EmbedError(f"line {line}: embed {body!r} was not prepared: build the site with `advocacy build` "
                             "or the advocacy plugin")
        return found

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        state = _State(self)
        md.preprocessors.register(_Tokens(md, state), "advocacy_embeds", 22)  # after fences (25), before html (20)
        md.parser.blockprocessors.register(_Blocks(md.parser, state), "advocacy_embeds", 12)  # before paragraph (10)
        md.postprocessors.register(_Leftovers(md, state), "advocacy_embeds", 0)
        md.registerExtension(self)


class _State:
    def __init__(self, ext: EmbedsExtension) -> None:
        self.ext = ext
        self.found: dict[int, tuple[int, str, str]] = {}  # token number -> (line, body, line as written)


class _Tokens(Preprocessor):
    def __init__(self, md: Markdown, state: _State) -> None:
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        self.state.found = {}
        out: list[str] = []
        for number, line in enumerate(lines, start=1):
            m = ANY_EMBED_LINE.match(line)
            if m is None:
                out.append(line)
                continue
            n = len(self.state.found)
            self.state.found[n] = (number, m.group("body"), line)
            out += ["", m.group("indent") + _TOKEN.format(n), ""]
        return out


class _Blocks(BlockProcessor):
    def __init__(self, parser: Any, state: _State) -> None:
        super().__init__(parser)
        self.state = state

    def test(self, parent: etree.Element, block: str) -> bool:
        m = _TOKEN_RE.fullmatch(block.strip())
        return m is not None and int(m.group(1)) in self.state.found

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        m = _TOKEN_RE.fullmatch(blocks.pop(0).strip())
        assert m is not None
        line, body, _ = self.state.found[int(m.group(1))]
        p = etree.SubElement(parent, "p")
        p.text = self.parser.md.htmlStash.store(self.state.ext.html_for(body, line))


class _Leftovers(Postprocessor):
    """Tokens inside code (an indented block, a fence within an admonition) go back to the comment."""

    def __init__(self, md: Markdown, state: _State) -> None:
        super().__init__(md)
        self.state = state

    def run(self, text: str) -> str:
        if "\u2063advocacy-embed-" not in text:
            return text
        found = self.state.found
        return _TOKEN_RE.sub(lambda m: html.escape(found[int(m.group(1))][2].strip(), quote=False)
                             if int(m.group(1)) in found else m.group(0), text)


def makeExtension(**kwargs: Any) -> EmbedsExtension:  # noqa: N802 - Python-Markdown's name
    return EmbedsExtension(**kwargs)
