"""A card (testimonial, review, case study) is rendered once per build and shown on every page that
lists it (publish/render.py `Renderer.card`): each page must get exactly the HTML a render of its
own would give, links relative to that page, whatever the record's text holds."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape
from mkdocs_advocacy.core.public import ReviewRow
from mkdocs_advocacy.core.public import TestimonialRow as Row
from mkdocs_advocacy.publish.render import TEMPLATES, Renderer
from mkdocs_advocacy.publish.urls import linker

PAGES = ["advocates/ana-silva/", "testimonials/page/3/", "industries/healthcare/", ""]


class FakeSite:
    """What the card partials ask of the site."""

    def photo(self, slug: str) -> str | None:
        return f"assets/advocacy/photos/{slug}.jpg" if slug.startswith("a") else None

    def logo(self, cs: object) -> None:
        return None


def a_testimonial(quote: str = "It works.", name: str = "Ana Silva", slug: str = "ana-silva") -> Row:
    return Row(slug, name, "VP Sales", "Acme & Sons", quote, dt.date(2026, 5, 1), "Forecast", False,
                          "gift card")


def review(body: str = "Good.") -> ReviewRow:
    return ReviewRow("bo-li", "Bo Li", "Acme", "g2", 4.5, 5, Fraction(9, 2), dt.date(2026, 4, 2), "Fine", body,
                     "https://www.g2.com/x", "Forecast", None)


def shown(renderer: Renderer, template: str, name: str, page: str, *args: object,
          directory_urls: bool = True) -> str:
    macro = getattr(renderer.env.get_template(template).module, name)
    renderer._link = linker(page, directory_urls)
    try:
        return str(renderer.card(macro, *args))
    finally:
        renderer._link = lambda target: target


def both(template: str, name: str, *args: object) -> tuple[list[str], list[str], Renderer]:
    reused, fresh = Renderer([str(TEMPLATES)]), Renderer([str(TEMPLATES)])
    fresh.remember_cards = False
    return ([shown(reused, template, name, p, *args) for p in PAGES],
            [shown(fresh, template, name, p, *args) for p in PAGES], reused)


def test_a_card_is_rendered_once_and_links_right_from_every_page() -> None:
    site, row = FakeSite(), a_testimonial()
    reused, fresh, renderer = both("advocacy/partials/testimonial-card.html", "testimonial_card", row, site)
    assert reused == fresh
    assert len(renderer._cards) == 1
    # the profile link and the photo, relative to each page that shows the card
    assert 'href="./"' in reused[0] and 'src="../../assets/advocacy/photos/ana-silva.jpg"' in reused[0]
    assert 'href="../../../advocates/ana-silva/"' in reused[1]
    assert 'href="../../advocates/ana-silva/"' in reused[2]
    assert 'href="advocates/ana-silva/"' in reused[3] and 'src="assets/advocacy/photos/ana-silva.jpg"' in reused[3]
    assert "Acme &amp; Sons" in reused[0]


def test_review_cards_with_and_without_the_person() -> None:
    site, row = FakeSite(), review()
    for extra in ((), (False,)):
        reused, fresh, _ = both("advocacy/partials/review.html", "review_item", row, site, *extra)
        assert reused == fresh


def test_a_record_that_spells_a_link_token_is_shown_as_text() -> None:
    site = FakeSite()
    for text in ["<\ue0010>", "\ue0010\ue002", "<\ue001 0>", "\ue000advocacy-title\ue000", "&lt;\ue0010&gt;", "100%s %% %(name)s %"]:
        row = a_testimonial(quote=f"before {text} after", name=f"N {text}")
        reused, fresh, _ = both("advocacy/partials/testimonial-card.html", "testimonial_card", row, site)
        assert reused == fresh, text
        assert f"before {escape(text)} after" in reused[1], text


@settings(max_examples=60, deadline=None)
@given(quote=st.text(min_size=1, max_size=40), name=st.text(min_size=1, max_size=20).filter(str.strip))
def test_any_text_gives_what_a_render_of_its_own_gives(quote: str, name: str) -> None:
    reused, fresh, _ = both("advocacy/partials/testimonial-card.html", "testimonial_card",
                            a_testimonial(quote=quote, name=name), FakeSite())
    assert reused == fresh


FOLDERS = st.sampled_from(["advocates", "ana-silva", "testimonials", "page", "3", "assets", "industries", "index.html"])


@settings(max_examples=60, deadline=None)
@given(pages=st.lists(st.tuples(st.lists(FOLDERS, max_size=4), st.booleans()), min_size=1, max_size=8))
def test_a_card_shown_on_pages_of_any_depth_and_folder_links_as_a_render_of_its_own(
        pages: list[tuple[list[str], bool]]) -> None:
    """The links of a card are made once per depth of page when none of them shares the page's
    first folder (render.py CardText): pages as deep in other folders, in the same folder as a
    link, and without directory URLs all get what a render of the card on that page gives."""
    site, row = FakeSite(), a_testimonial()
    reused, fresh = Renderer([str(TEMPLATES)]), Renderer([str(TEMPLATES)])
    fresh.remember_cards = False
    for parts, directory_urls in pages:
        page = "/".join(parts) + "/" if parts else ""
        args = ("advocacy/partials/testimonial-card.html", "testimonial_card", page, row, site)
        assert shown(reused, *args, directory_urls=directory_urls) == \
            shown(fresh, *args, directory_urls=directory_urls), (page, directory_urls)


def test_a_card_without_links_is_shown_as_its_partial_prints_it(tmp_path) -> None:
    """A site's own partial may print a record's text raw (`|safe`, the site's choice): text that
    looks like a link token, in a card without links, is shown as printed, not taken for a link."""
    (tmp_path / "raw.html").write_text("{% macro raw(text) %}<p>{{ text | safe }}</p>{% endmacro %}",
                                       encoding="utf-8")
    renderer = Renderer([str(tmp_path), str(TEMPLATES)])
    macro = renderer.env.get_template("raw.html").module.raw
    renderer._link = linker("testimonials/page/3/", True)
    for text in ["x <\ue0010> y", "100% <\ue0017>", "%s %%"]:
        assert str(renderer.card(macro, text)) == f"<p>{text}</p>"
        assert str(renderer.cards(macro, [text, text])) == f"<p>{text}</p>" * 2
