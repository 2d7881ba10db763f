"""Renders the plugin's templates with autoescaping (MkDocs' own Jinja environment has none).

Templates are looked up in the theme's folders, so a site's `custom_dir` overrides any of them by
mirroring its path (`theme/advocacy/partials/testimonial-card.html`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import ChainMap
from collections.abc import Callable
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup, escape

if TYPE_CHECKING:
    from ..core.embeds import Embed
    from .pages import Page
    from .site import Site

from ..core.dates import MONTHS
from ..core.numbers import exact, round_half_up
from ..core.slugs import slugify
from . import urls
from .i18n import N_, Language, language
from .urls import CSS, JS, Linker, first_folders, linker, page_url

PACKAGE = Path(str(resources.files("mkdocs_advocacy")))
TEMPLATES = PACKAGE / "templates"  # a theme folder: MkDocs would copy any non-HTML file in it into site/
ASSETS = {CSS: PACKAGE / "assets" / "advocacy.css", JS: PACKAGE / "assets" / "advocacy.js"}

PLATFORM_NAMES = {"g2": "G2", "capterra": "Capterra", "trustradius": "TrustRadius", "gartner": "Gartner Peer Insights",
                  "trustpilot": "Trustpilot", "google": "Google", "internal": N_("Customer survey")}
TRANSLATED_PLATFORMS = {"internal"}  # the others are brand names


# English, for code outside a page render; templates get the site's language from the Renderer's
# filters of the same names (`Renderer.lang`: Babel, for `theme.language`).
def long_date(value: dt.date | None) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else ""


def short_date(value: dt.date | None) -> str:
    return f"{MONTHS[value.month - 1][:3]} {value.year}" if value else ""


def one_decimal(value: Fraction | float | None) -> str:
    if value is None:
        return ""
    v = value if isinstance(value, Fraction) else exact(value)
    return f"{round_half_up(v, 1):.1f}"


def initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    if not parts:
        return name[:1].upper()
    return (parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")).upper()


def hue(slug: str) -> int:
    """A stable colour for an avatar without a photo."""
    return int(hashlib.sha1(slug.encode("utf-8")).hexdigest()[:4], 16) % 360


def json_ld(data: Any) -> Markup:
    """JSON for a <script> element: `</script>` and comment openers cannot break out."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def star_percent(value: Fraction | None) -> str:
    if value is None:
        return "0"
    return f"{float(value) / 5 * 100:.1f}"


# A card's link while it renders: a raw `<` can only come from the template, never from escaped
# record text (nor from sanitized Markdown, where it would be `&lt;`).
_CARD_LINK = "<\ue001{}>"
_CARD_TOKEN = re.compile("<\ue001([0-9]+)>")


_SHARED: dict = {}  # CardText's link orders and first folders, one object for each value


class CardText:
    """A card's HTML cut at its links, shown on each page with the links made relative to it. When
    no link of the card shares the page's first folder, the links read the same from every page as
    deep (a withdrawal shows ten thousand cards on listing pages three folders down), so they are
    made once per depth."""

    __slots__ = ("_format", "_order", "targets", "_tops", "_by_depth")

    def __init__(self, html: str, targets: tuple[str, ...]) -> None:
        # text, link number, text, ..., text; a card without links is its HTML as it is (a site's
        # own partial may print a record's text raw, and that text may look like a token)
        pieces = _CARD_TOKEN.split(html) if targets else [html]
        # the texts between the links as one `%` format: a card is put together in one call
        self._format = "%s".join(text.replace("%", "%%") for text in pieces[::2])
        order = tuple(int(n) for n in pieces[1::2])  # the link at each place
        tops = first_folders(targets)
        # tens of thousands of cards share a few of each: one object for each (memory at 10,000)
        self._order = _SHARED.setdefault(order, order)
        self.targets = targets
        self._tops = _SHARED.setdefault(tops, tops)
        self._by_depth: dict[tuple[int, bool], tuple[str, ...]] = {}  # the links in place order

    def shown(self, link: Callable[[str], str]) -> str:
        """The card's HTML on the page `link` links from (markup: a list of cards is joined first)."""
        if not self._order:
            return self._format % ()
        depth = link.depth(self._tops) if type(link) is Linker else None
        placed = self._by_depth.get(depth) if depth is not None else None
        if placed is None:
            targets = self.targets
            placed = tuple(str(escape(link(targets[n]))) for n in self._order)
            if depth is not None:
                self._by_depth[depth] = placed
        return self._format % placed


def _no_page(target: str) -> str:
    raise RuntimeError(f"link({target!r}) outside a page render")


class _Globals(ChainMap):  # type: ignore[type-arg]
    """A template's globals (its own over the environment's), whose keys subtract in C.

    Every `{% from "partial" import macro %}` asks which of the page's globals the partial lacks
    (`ctx.globals_keys - template.globals.keys()`); on Jinja's ChainMap that difference runs in
    Python, a membership test per global: a twentieth of a profile page's render, for nothing."""

    def keys(self):  # type: ignore[override]
        return dict.fromkeys(self).keys()


class _Environment(jinja2.Environment):
    def make_globals(self, d: Any) -> Any:  # noqa: D102 - Jinja's hook, same contract
        return _Globals(d or {}, self.globals)


class Renderer:
    def __init__(self, dirs: list[str], lang: str | Language | None = None) -> None:
        """`lang`: the site's `theme.language` (or its `Language`); English when not given."""
        self.lang = lang if isinstance(lang, Language) else language(lang)
        self.env = _Environment(
            loader=jinja2.FileSystemLoader(dirs), autoescape=True, undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
            # One environment per build: checking template files for changes on every include costs
            # more than the rendering (mkdocs serve makes a new environment on each rebuild).
            auto_reload=False, cache_size=-1, extensions=["jinja2.ext.i18n"],
        )
        # Every string a template prints goes through gettext: `{{ _("Reviews") }}`,
        # `{{ ngettext("%(num)s review", "%(num)s reviews", n) }}` (newstyle: escaped, %-formatted;
        # `num` is the count as the language writes it, 1,234 or 1.234).
        self.env.install_gettext_translations(self.lang.translations, newstyle=True)  # type: ignore[attr-defined]
        self._localize_counts()
        self._remember_words()
        lang_ = self.lang
        self.env.filters.update(long_date=lang_.long_date, short_date=lang_.short_date, one_decimal=lang_.decimal,
                                initials=initials, hue=hue, number=lang_.number, rank_label=lang_.rank_label, star_percent=star_percent,
                                platform_name=self.platform_name, slug=slugify, join_list=lang_.join)
        # `link` makes a URL relative to the page being rendered. As a global that follows the
        # current page, macros can be imported without the render context, so that Jinja builds
        # each partial's module once rather than once per page. Pages render one at a time.
        self._link: Callable[[str], str] = _no_page
        # Templates link through the URL helpers (`link(urls.advocate(slug))`), never by spelling a path.
        self.env.globals.update(json_ld=json_ld, link=lambda target: self._link(target), urls=urls, card=self.card,
                                cards=self.cards)
        # `card(macro, row, ...)`: see card(); `cards(macro, rows, ...)` shows a list. Under
        # `advocacy serve` cards are kept by `kept_cards` instead, which records the questions
        # each asks of the site (publish/fingerprint.py).
        self.remember_cards = True
        self._cards: dict[tuple, tuple[tuple, CardText]] = {}
        self.kept_cards: Any = None

    def _localize_counts(self) -> None:
        """ngettext's `num` written for the language (Jinja's own passes the bare integer)."""
        globals_ = self.env.globals
        number = self.lang.number
        ngettext_, npgettext_ = globals_["ngettext"], globals_["npgettext"]

        @jinja2.pass_context
        def ngettext(context: Any, singular: str, plural: str, num: int, **variables: Any) -> str:
            variables.setdefault("num", number(num))
            return ngettext_(context, singular, plural, num, **variables)  # type: ignore[operator]

        @jinja2.pass_context
        def npgettext(context: Any, ctx: str, singular: str, plural: str, num: int, **variables: Any) -> str:
            variables.setdefault("num", number(num))
            return npgettext_(context, ctx, singular, plural, num, **variables)  # type: ignore[operator]

        globals_.update(ngettext=ngettext, npgettext=npgettext)

    def _remember_words(self) -> None:
        """`_("Reviews")` without placeholders printed from a memo: Jinja's newstyle gettext goes
        through two context calls and a `Markup %` for each of the thousands of labels a large
        site prints. The same answer: the catalog's words, escaped as Markup, `%%` made `%`.
        Autoescaping is always on here, so Jinja's check of it per call is left out."""
        gettext_ = self.lang.translations.gettext
        memo: dict[str, Markup] = {}

        def gettext(string: str, /, **variables: Any) -> Markup:
            if variables:
                return Markup(gettext_(string)) % variables
            hit = memo.get(string)
            if hit is None:
                hit = memo[string] = Markup(gettext_(string)) % {}
            return hit

        self.env.globals.update(_=gettext, gettext=gettext)

    def card(self, macro: Any, *args: Any) -> Markup:
        """`macro(*args)`: a card (a testimonial, a review, a case study) rendered once per build
        and reused on every page that shows it. Its links are kept as numbered tokens and made
        relative to each page as it is shown, escaped as `{{ link(...) }}` escapes them. A card's
        partial may only depend on its arguments and the environment's globals, as ours do.
        Under `advocacy serve`, `kept_cards` (publish/fingerprint.py) keeps them between rebuilds."""
        if self.kept_cards is not None:
            return self.kept_cards.card(self, macro, args)  # type: ignore[no-any-return]
        return Markup(self._card_html(macro, args))

    def _card_html(self, macro: Any, args: tuple) -> str:
        if not self.remember_cards:
            return str(macro(*args))
        key = (id(macro), *map(id, args))
        hit = self._cards.get(key)
        if hit is None or any(a is not b for a, b in zip(hit[0], (macro, *args), strict=True)):
            hit = self._cards[key] = ((macro, *args), self.card_text(macro, args))
        return hit[1].shown(self._link)

    def cards(self, macro: Any, rows: Any, *rest: Any) -> Markup:
        """`card(macro, row, *rest)` for each row, joined: a list of cards in one call from a template
        (a loop in Jinja around `card` costs more than the card shown)."""
        if self.kept_cards is not None:
            return self.kept_cards.cards(self, macro, rows, rest)  # type: ignore[no-any-return]
        html = self._card_html
        return Markup("".join([html(macro, (row, *rest)) for row in rows]))

    def card_text(self, macro: Any, args: tuple) -> CardText:
        """`macro(*args)` with its links kept as tokens, to be shown on any page."""
        targets: list[str] = []

        def token(target: str) -> Markup:
            targets.append(target)
            return Markup(_CARD_LINK.format(len(targets) - 1))

        outer, self._link = self._link, token
        try:
            html = str(macro(*args))
        finally:
            self._link = outer
        return CardText(html, tuple(targets))

    def shown_card(self, text: CardText) -> Markup:
        """A card's HTML with its links made relative to the page rendering now."""
        return Markup(text.shown(self._link))

    def platform_name(self, platform: str) -> str:
        """A review platform as pages name it: brands as they are, our own survey in the site's language."""
        name = PLATFORM_NAMES.get(platform, platform)
        return self.lang.gettext(name) if platform in TRANSLATED_PLATFORMS else name

    def render(self, template: str, link: Callable[[str], str], **context: Any) -> str:
        outer, self._link = self._link, link
        try:
            return self.env.get_template(template).render(link=link, **context)
        finally:
            self._link = outer

    # ------------------------------------------------------------ the pages of the model

    def body(self, page: Page, markdown_html: str = "", directory_urls: bool = True) -> str:
        """A page's body HTML: its template around the HTML of its record Markdown (sanitized)."""
        return self.render(page.template, linker(page.url, directory_urls), body=Markup(markdown_html),
                           **page.context)

    def head(self, page: Page, site_name: str, site_url: str | None, directory_urls: bool = True) -> str:
        """Open Graph tags and JSON-LD for the page's <head>."""
        base = site_url.rstrip("/") + "/" if site_url else None
        return self.render("advocacy/head.html", linker(page.url, directory_urls), page=page, site_name=site_name,
                           canonical=base + page_url(page.url, directory_urls) if base else None,
                           image=base + page.image if base and page.image else None)

    def announce(self, site: Site) -> str:
        """The header's call to action, the same on every page ("" when the site has none)."""
        return self.render("advocacy/announce.html", lambda target: target, site=site).strip()

    def embed(self, site: Site, embed: Embed, link: Callable[[str], str]) -> str:
        """The HTML of an embed in a hand-written page."""
        return self.render("advocacy/embed.html", link, site=site, embed=embed)
