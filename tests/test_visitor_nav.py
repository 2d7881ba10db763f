"""What a visitor checks on the example site, in headless Chromium: a case study's region tag
narrows the library to that region (like its industry, size and use-case tags), and a listing
page (one page in its navigation tab) has no one-link sidebar on a wide screen while a phone's
navigation drawer still lists every section. Screenshots go to tests/artifacts/screenshots-nav/.
"""

from __future__ import annotations

import json

import pytest
import test_browser
from test_browser import ARTIFACTS, LISTINGS, Errors, _close, _context, _settle

# test_browser's fixtures: the example site built and served, and Chromium
sites, browser = test_browser.sites, test_browser.browser

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "screenshots-nav"
SECTIONS = ["Home", "Case studies", "Testimonials", "Reviews", "Champions", "Spotlight"]  # mkdocs.yml's nav


def _library_by_region(sites) -> tuple[list[dict], dict[str, str | None]]:
    site = sites["dirs"]["default"]
    library = json.loads((site / "api/case-studies.json").read_text(encoding="utf-8"))
    extras = json.loads((site / "assets/advocacy/case-study-cards.json").read_text(encoding="utf-8"))
    return library, {slug: extra["region"] for slug, extra in extras.items()}


def test_a_region_tag_narrows_the_library_to_its_region(sites, browser):
    from playwright.sync_api import expect

    library, region = _library_by_region(sites)
    europe = [e["title"] for e in library if region[e["slug"]] == "Europe"]
    assert 0 < len(europe) < len(library)
    context = _context(browser)
    errors = Errors()
    try:
        page = errors.watch(context.new_page())
        page.goto(sites["default"] + "case-studies/ferrovia-components/")
        tag = page.locator(".adv-cs-hero .adv-tags a", has_text="Europe")
        expect(tag).to_have_count(1)
        tag.click()
        page.wait_for_url("**/case-studies/?region=europe")
        _settle(page)
        expect(page.locator("[data-adv-count]")).to_have_text(f"{len(europe)} of {len(library)} case studies")
        assert page.locator("[data-adv-results] .adv-cs-card__title").all_inner_texts() == europe
        chip = page.locator('[data-filter="region"][data-value="europe"]')
        expect(chip).to_have_attribute("aria-pressed", "true")
        expect(page.locator(".adv-filters__group legend", has_text="Region")).to_have_count(1)

        # with an industry too: all filters together, and the chip turns the region off again
        page.locator('[data-filter="industry"][data-value="manufacturing"]').click()
        both = [e["title"] for e in library if region[e["slug"]] == "Europe" and e["industry"] == "Manufacturing"]
        assert page.locator("[data-adv-results] .adv-cs-card__title").all_inner_texts() == both
        chip.click()
        assert "region=" not in page.url

        # matched without regard to case; an unknown region is said as such
        page.goto(sites["default"] + "case-studies/?region=EUROPE,Atlantis")
        _settle(page)
        expect(page.locator("[data-adv-count]")).to_have_text(f"{len(europe)} of {len(library)} case studies")
        expect(page.locator(".adv-filters__unknown")).to_have_text(
            "No case study has \u201catlantis\u201d: showing the filters that apply.")
        assert page.url.endswith("?region=europe")
    finally:
        _close(context)
    assert not errors, "\n".join(errors)


def test_every_tag_of_a_case_study_and_its_card_links(sites, browser):
    context = _context(browser)
    try:
        page = context.new_page()
        page.goto(sites["default"] + "case-studies/harborview-medical-group/")
        tags = page.locator(".adv-cs-hero .adv-tags li")
        # every tag but the date is a link
        texts = tags.all_inner_texts()
        links = page.locator(".adv-cs-hero .adv-tags li > a").all_inner_texts()
        assert links == texts[:-1] and page.locator(".adv-cs-hero .adv-tags li").last.locator("time").count() == 1
        for card in page.locator(".adv-cs-card .adv-tags li").all():
            assert card.locator("a").count() == 1, card.inner_text()
        # a filtered card (drawn by advocacy.js) links its size like the page's card
        page.goto(sites["default"] + "case-studies/?industry=healthcare")
        _settle(page)
        sizes = page.locator("[data-adv-results] .adv-tags a", has_text="employees")
        assert sizes.count() > 0
        href = sizes.first.get_attribute("href")
        assert "/case-studies/?size=" in href
    finally:
        _close(context)


@pytest.mark.parametrize("listing", LISTINGS)
def test_a_listing_has_no_one_link_sidebar_on_a_wide_screen(sites, browser, listing):
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    context = _context(browser, width=1280, height=900)
    try:
        page = context.new_page()
        page.goto(sites["default"] + listing)
        expect(page.locator(".md-tabs")).to_be_visible()
        expect(page.locator(".md-sidebar--primary")).to_be_hidden()
        # the content takes the sidebar's room: it starts where the tabs do
        tabs_left = page.locator(".md-tabs__list").bounding_box()["x"]
        content_left = page.locator(".md-content").bounding_box()["x"]
        assert abs(content_left - tabs_left) < 40, (content_left, tabs_left)
        page.screenshot(path=str(SHOTS / f"{listing.strip('/')}-1280.png"), animations="disabled")
    finally:
        _close(context)


def test_a_page_whose_sidebar_lists_more_keeps_it(sites, browser):
    """The rule is for one-link sidebars only: a page not in a tab of one page (a case study) keeps
    Material's layout."""
    context = _context(browser, width=1280, height=900)
    try:
        page = context.new_page()
        page.goto(sites["default"] + "case-studies/harborview-medical-group/")
        assert page.locator(".md-sidebar--primary").evaluate("el => getComputedStyle(el).display") != "none"
    finally:
        _close(context)


@pytest.mark.parametrize("listing", ["case-studies/", "reviews/"])
def test_on_a_phone_the_drawer_still_lists_every_section(sites, browser, listing):
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    context = _context(browser, width=375, height=812)
    try:
        page = context.new_page()
        page.goto(sites["default"] + listing)
        page.locator('label.md-header__button[for="__drawer"]').click()
        drawer = page.locator(".md-sidebar--primary")
        expect(drawer).to_be_visible()
        links = drawer.locator(".md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link")
        expect(links.first).to_be_in_viewport()
        assert [t.strip() for t in links.all_inner_texts()] == SECTIONS
        for link in links.all():
            expect(link).to_be_visible()
        page.wait_for_timeout(300)  # the drawer's slide-in
        page.screenshot(path=str(SHOTS / f"{listing.strip('/')}-375-drawer.png"), animations="disabled")
    finally:
        _close(context)
