"""The one HTML sanitizer: everything rendered from a record's Markdown passes through `sanitize`.

An allowlist (nh3, the binding of the Rust crate ammonia) of the tags, attributes and URL schemes
that stories and case-study bodies need: formatting, tables, images, `<details>`, headings with
ids, and what Material's admonitions, content tabs and code highlighting write. No script, no
`on*` or `style` attribute, no URL but http, https, mailto or relative. What it removed is worked
out by comparing the tags and attributes before and after (both read by the standard library's
HTML tokenizer), so the marketer can be told.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

URL_SCHEMES = frozenset({"http", "https", "mailto"})
TAGS = frozenset(nh3.ALLOWED_TAGS | {"input", "label", "section"}) - {"map", "area"}
_EVERYWHERE = {"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "aria-describedby"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": _EVERYWHERE,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "headers", "align"},
    "th": {"colspan", "rowspan", "headers", "scope", "align"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "data": {"value"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "details": {"open"},
    "label": {"for"},
    "div": {"data-tabs"},  # pymdownx.tabbed: which tab set, how many tabs
}
# Content tabs are radio inputs and labels; task lists are disabled checkboxes. Nothing else.
_INPUT_VALUES = {"input": {"type": {"radio", "checkbox"}, "checked": {"checked", ""}, "disabled": {"disabled", ""},
                           "name": None, "id": None}}
# The tables extension writes a column's alignment as a style the marketer never typed; dropping it
# (the sanitizer allows no style at all) is not worth a warning.
_GENERATED_STYLES = frozenset(f"text-align: {a};" for a in ("left", "right", "center"))


def _input_filter(tag: str, attr: str, value: str) -> str | None:
    if tag == "input":
        allowed = _INPUT_VALUES["input"].get(attr)
        if attr not in _INPUT_VALUES["input"] or (allowed is not None and value not in allowed):
            return None
    return value


_ATTRS_WITH_INPUT = {**{k: set(v) for k, v in ATTRIBUTES.items()}, "input": set(_INPUT_VALUES["input"])}


@dataclass(frozen=True)
class Removal:
    """One kind of thing the sanitizer took out: `what` names it for a message, `needle` is text to
    look for in the source to find its line."""

    what: str
    needle: str
    why: str


def clean(html: str) -> str:
    """`html` with only allowlisted tags, attributes and URL schemes left."""
    return nh3.clean(html, tags=set(TAGS), attributes=_ATTRS_WITH_INPUT, url_schemes=set(URL_SCHEMES),
                     attribute_filter=_input_filter, link_rel=None, strip_comments=True,
                     clean_content_tags={"script", "style"})


def sanitize(html: str) -> tuple[str, list[Removal]]:
    """The clean HTML, and what was removed from it (each kind once, in document order)."""
    out = clean(html)
    if out == html:
        return out, []
    return out, removals(html, out)


def removals(before: str, after: str) -> list[Removal]:
    old, new = _Inventory.of(before), _Inventory.of(after)
    found: dict[str, Removal] = {}
    gone_tags = old.tags - new.tags
    for tag in old.order_tags:
        if gone_tags[tag] > 0:
            found.setdefault(f"tag {tag}", Removal(f"<{tag}>", f"<{tag}", "only formatting, links, images, tables "
                                                   "and details are published, never scripts, frames or forms"))
    gone_attrs = old.attrs - new.attrs
    for key in old.order_attrs:
        if gone_attrs[key] <= 0:
            continue
        tag, name, value = key
        if name == "style" and tag in ("th", "td") and value in _GENERATED_STYLES:
            continue
        if tag in gone_tags and gone_tags[tag] > 0 and not new.tags[tag]:
            continue  # the whole element went, and was reported
        if name in ("href", "src", "cite") and value:
            shown = value if len(value) <= 60 else value[:57] + "..."
            found.setdefault(f"url {value}", Removal(f"the link {shown!r}", value,
                                                     "only http, https, mailto and relative links are published"))
        elif name.startswith("on"):
            found.setdefault(f"attr {name}", Removal(f"the {name} attribute", name, "event handlers could run script"))
        elif name == "style":
            found.setdefault(f"attr {name}", Removal("the style attribute", name,
                                                     "pages take their look from the site's theme"))
        else:
            found.setdefault(f"attr {name}", Removal(f"the {name} attribute", name,
                                                     "only plain attributes (id, class, title, alt, ...) are published"))
    return list(found.values())


class _Inventory(HTMLParser):
    """Every start tag and attribute of a fragment, counted."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attrs: Counter[tuple[str, str, str]] = Counter()
        self.order_tags: list[str] = []
        self.order_attrs: list[tuple[str, str, str]] = []

    @classmethod
    def of(cls, html: str) -> _Inventory:
        inv = cls()
        inv.feed(html)
        inv.close()
        return inv

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.order_tags.append(tag)
        for name, value in attrs:
            key = (tag, name, (value or "").strip())
            self.attrs[key] += 1
            self.order_attrs.append(key)

    handle_startendtag = handle_starttag
