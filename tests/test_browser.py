"""The pages people use, in headless Chromium: case-study filters, pagination, dark mode, keyboard,
a 375-px screen, console errors and axe-core. Screenshots and the axe report are kept in
tests/artifacts/ for a human to look at.

Needs Debian's /usr/bin/chromium: without it these tests skip, unless ADVOCACY_REQUIRE_BROWSER=1
(as in CI), where a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browserkit import CHROMIUM, CHROMIUM_ARGS, require_browser

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# 2026-11-23, so the figures (and the screenshots) do not move with the calendar.
SOURCE_DATE_EPOCH = "1795392000"
# Small enough that every listing has a page 2, the spotlight archive (all but the featured story) included.
PAGE_SIZE = 3
LISTINGS = ["case-studies/", "testimonials/", "reviews/", "champions/", "spotlight/"]
PAGE_TYPES = {
    "home": "",
    "case-study-index": "case-studies/",
    "case-study": "case-studies/harborview-medical-group/",
    "testimonials": "testimonials/",
    "reviews": "reviews/",
    "champions": "champions/",
    "spotlight-index": "spotlight/",
    "spotlight-story": "spotlight/maria-gonzalez/",
    "profile": "advocates/maria-gonzalez/",
    "industry": "industries/healthcare/",
}
DARK_PALETTE = json.dumps({"index": 1, "color": {"media": "", "scheme": "slate", "primary": "custom",
                                                  "accent": "custom"}})


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that closes a page mid-download breaks the pipe; that is not a test failure."""


def _serve(directory: Path) -> ThreadingHTTPServer:
    server = _QuietServer(("127.0.0.1", 0), partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory):
    """The example site built twice (as is, and with PAGE_SIZE), each served over http."""
    require_browser()
    root = tmp_path_factory.mktemp("browser-site")
    for name in ("content", "theme", "advocates", "case_studies"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  - advocacy:\n" in config
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "paged.yml").write_text(
        config.replace("\n  - advocacy:\n", f"\n  - advocacy:\n      page_size: {PAGE_SIZE}\n", 1), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    builds = {
        name: subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", config_file,
                                "-d", str(root / f"site-{name}")],
                               cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for name, config_file in (("default", "mkdocs.yml"), ("paged", "paged.yml"))
    }
    for name, proc in builds.items():
        out, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"{name} build failed:\n{out}"
    servers = {name: _serve(root / f"site-{name}") for name in builds}
    yield {name: f"http://127.0.0.1:{server.server_address[1]}/" for name, server in servers.items()} | {
        "dirs": {name: root / f"site-{name}" for name in builds}}
    for server in servers.values():
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(sites):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _empty_search_index(site: Path) -> str:
    """The site's search index with no documents: same language and pipeline settings, nothing to index."""
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    return json.dumps({**index, "docs": []})


def _context(browser, width: int = 1280, height: int = 900, dark: bool = False, stub_search: str | None = None,
             **options):
    """A fresh context that never leaves 127.0.0.1: outside requests (Google Fonts) get an empty answer.
    `stub_search` (an index body) replaces the search index, so that the search worker does not rebuild
    the whole index on every page load (seconds of CPU per page on a small machine). The body is fixed
    up front rather than fetched in the handler: a fetch still in flight when the context closes fails
    in the next test."""
    context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce", **options)
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"),
                  lambda route: route.fulfill(status=200, body="", content_type="text/css"))
    if stub_search is not None:
        context.route("**/search/search_index.json",
                      lambda route: route.fulfill(status=200, content_type="application/json", body=stub_search))
    if dark:
        context.add_init_script(f"localStorage.setItem('/.__palette', {json.dumps(DARK_PALETTE)});")
    return context


def _close(context) -> None:
    """Route handlers still running when a context closes must not fail the next test."""
    context.unroute_all(behavior="ignoreErrors")
    context.close()


@pytest.fixture
def context(browser):
    ctx = _context(browser)
    yield ctx
    _close(ctx)


class Errors(list):
    """Console errors and uncaught exceptions of one page."""

    def watch(self, page):
        page.on("console", lambda msg: self.append(f"console: {msg.text} ({msg.location.get('url')})")
                if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self.append(f"pageerror: {exc}"))
        return page


SETTLED_JS = """() => {
  if (![...document.images].every(img => img.complete)) return false;
  const list = document.querySelector('[data-adv-list]');
  if (list) return list.dataset.advLoaded === '1';
  if (!document.querySelector('[data-adv-filters]')) return true;
  const loaded = performance.getEntriesByType('resource').map(e => e.name);
  return ['/api/case-studies.json', '/case-study-cards.json'].every(end => loaded.some(n => n.endsWith(end)));
}"""


def _settle(page) -> None:
    """Everything that will load has loaded: lazy images made eager, the filters fetched their data."""
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; })")
    page.wait_for_function(SETTLED_JS)
    page.evaluate("document.fonts.ready.then(() => new Promise(requestAnimationFrame))")


# --- case-study filters ------------------------------------------------------------------------

def _library(sites) -> list[dict]:
    return json.loads((sites["dirs"]["default"] / "api/case-studies.json").read_text(encoding="utf-8"))


def _expected(library: list[dict], state: dict[str, list[str]]) -> list[str]:
    from mkdocs_advocacy.core.slugs import slugify

    fields = {"industry": "industry", "size": "company_size", "use_case": "use_cases"}

    def keep(entry: dict) -> bool:
        for key, wanted in state.items():
            raw = entry[fields[key]]
            values = raw if isinstance(raw, list) else [] if raw is None else [raw]
            if wanted and not {slugify(v) for v in values} & set(wanted):
                return False
        return True

    return [entry["title"] for entry in library if keep(entry)]


def _query(page) -> dict[str, list[str]]:
    return {k: v[0].split(",") for k, v in parse_qs(urlsplit(page.url).query).items()}


def _check_filtered(page, library: list[dict], state: dict[str, list[str]]) -> None:
    from playwright.sync_api import expect

    titles = _expected(library, state)
    expect(page.locator("[data-adv-count]")).to_have_text(f"{len(titles)} of {len(library)} case studies")
    assert _query(page) == {k: v for k, v in state.items() if v}
    for chip in page.locator("[data-filter]").all():
        on = chip.get_attribute("data-value") in state.get(chip.get_attribute("data-filter"), [])
        assert chip.get_attribute("aria-pressed") == ("true" if on else "false")
    if any(state.values()):
        expect(page.locator("[data-adv-static]")).to_be_hidden()
        assert page.locator("[data-adv-results] .adv-cs-card__title").all_inner_texts() == titles
    else:
        expect(page.locator("[data-adv-results]")).to_be_hidden()
        expect(page.locator("[data-adv-static]")).to_be_visible()


def test_filters_combine_and_keep_state_in_the_query(sites, context):
    library = _library(sites)
    errors = Errors()
    page = errors.watch(context.new_page())
    page.goto(sites["default"] + "case-studies/")
    _settle(page)
    _check_filtered(page, library, {})

    def chip(key: str, value: str):
        return page.locator(f'[data-filter="{key}"][data-value="{value}"]')

    chip("industry", "healthcare").click()
    _check_filtered(page, library, {"industry": ["healthcare"]})
    chip("industry", "energy").click()  # OR within one filter
    _check_filtered(page, library, {"industry": ["healthcare", "energy"]})
    chip("use_case", "forecasting").click()  # AND across filters
    _check_filtered(page, library, {"industry": ["healthcare", "energy"], "use_case": ["forecasting"]})
    chip("size", "201-1000").click()
    state = {"industry": ["healthcare", "energy"], "use_case": ["forecasting"], "size": ["201-1000"]}
    _check_filtered(page, library, state)
    assert len(_expected(library, state)) < len(_expected(library, {"industry": ["healthcare", "energy"]}))

    page.reload()
    _settle(page)
    _check_filtered(page, library, state)

    chip("industry", "energy").click()  # a second click turns a value off
    state["industry"] = ["healthcare"]
    _check_filtered(page, library, state)
    chip("industry", "retail").click()
    chip("industry", "healthcare").click()
    state["industry"] = ["retail"]
    _check_filtered(page, library, state)
    page.get_by_role("button", name="Clear filters").click()
    _check_filtered(page, library, {})
    assert not errors


def test_a_shared_filter_link_opens_filtered(sites, context):
    library = _library(sites)
    errors = Errors()
    page = errors.watch(context.new_page())
    page.goto(sites["default"] + "case-studies/?industry=healthcare&use_case=forecasting")
    _settle(page)
    state = {"industry": ["healthcare"], "use_case": ["forecasting"]}
    _check_filtered(page, library, state)
    assert 0 < len(_expected(library, state)) < len(library)
    assert not errors


def test_filter_links_ignore_case_and_say_what_they_do_not_know(sites, context):
    library = _library(sites)
    errors = Errors()
    page = errors.watch(context.new_page())
    page.goto(sites["default"] + "case-studies/?industry=HealthCare,Atlantis&use_case=FORECASTING")
    _settle(page)
    state = {"industry": ["healthcare"], "use_case": ["forecasting"]}
    _check_filtered(page, library, state)
    note = page.locator(".adv-filters__unknown")
    assert note.inner_text() == "No case study has \u201catlantis\u201d: showing the filters that apply."
    assert "industry=healthcare&use_case=forecasting" in page.url  # the link now says what is shown
    assert not errors


def test_on_a_phone_the_filters_fold_behind_one_button(sites, browser):
    phone = _context(browser, width=375, height=800)
    try:
        page = phone.new_page()
        page.goto(sites["default"] + "case-studies/")
        _settle(page)
        toggle = page.locator("[data-adv-toggle]")
        chip = page.locator("[data-filter]").first
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert not chip.is_visible()
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true" and chip.is_visible()
        # a shared link that filters opens with the filters shown
        page.goto(sites["default"] + "case-studies/?industry=healthcare")
        _settle(page)
        assert page.locator("[data-adv-toggle]").get_attribute("aria-expanded") == "true"
    finally:
        _close(phone)


def test_without_javascript_the_paginated_cards_stay(sites, browser):
    from playwright.sync_api import expect

    library = _library(sites)
    context = _context(browser, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(sites["paged"] + "case-studies/")
        expect(page.locator("[data-adv-filters]")).to_be_hidden()
        expect(page.locator("[data-adv-results]")).to_be_hidden()
        cards = page.locator("[data-adv-static] .adv-cs-card__title")
        assert cards.all_inner_texts() == [e["title"] for e in library[:PAGE_SIZE]]
        expect(page.locator(".adv-pager a[rel=next]")).to_be_visible()
        page.goto(sites["default"] + "case-studies/?industry=healthcare")  # a filter link, unfiltered
        assert page.locator("[data-adv-static] .adv-cs-card").count() == len(library)
        expect(page.locator("[data-adv-filters]")).to_be_hidden()
    finally:
        _close(context)


# --- review and testimonial filters ----------------------------------------------------------------

def _review_rows(sites) -> list[dict]:
    """The reviews page's list, as the build wrote it for the filters (tests/test_leaks_and_escaping.py
    holds it against the page and the records)."""
    return json.loads((sites["dirs"]["default"] / "assets/advocacy/review-list.json").read_text(encoding="utf-8"))


def _stars_bucket(stars: float) -> int:
    from decimal import ROUND_HALF_UP, Decimal

    return int(Decimal(str(stars)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _expected_reviews(rows: list[dict], state: dict[str, list[str]], sort: str = "newest") -> list[tuple]:
    """What the filters should show, from the rows' own fields (not their `facets`)."""
    from mkdocs_advocacy.core.slugs import slugify

    def keep(row: dict) -> bool:
        have = {"platform": row["platform"], "product": slugify(row["product"]) if row["product"] else None,
                "stars": str(_stars_bucket(row["stars"]))}
        return all(not wanted or have[key] in wanted for key, wanted in state.items())

    kept = [r for r in rows if keep(r)]  # the page's order: newest first, then platform, then advocate
    if sort == "oldest":
        kept.sort(key=lambda r: r["date"])
    elif sort == "highest":
        kept.sort(key=lambda r: -r["stars"])
    elif sort == "lowest":
        kept.sort(key=lambda r: r["stars"])
    return [(r["name"], r["date"], r["title"] or "", r["stars_text"]) for r in kept]


SHOWN_REVIEWS_JS = """els => els.map(a => [a.querySelector('.adv-meta a').textContent,
  a.querySelector('time').getAttribute('datetime'),
  (a.querySelector('.adv-review__title') || {textContent: ''}).textContent,
  a.querySelector('.adv-stars').getAttribute('aria-label').split(' ')[0]])"""


def _aggregate(page) -> str:
    """Everything above the list: the rating, the bars, the platform table, the disclosure count."""
    return page.locator(".adv-reviews-top").inner_text()


def _check_reviews(page, rows: list[dict], state: dict[str, list[str]], sort: str = "newest") -> list[tuple]:
    from playwright.sync_api import expect

    want = _expected_reviews(rows, state, sort)
    expect(page.locator("[data-adv-count]")).to_have_text(f"{len(want)} of {len(rows)} reviews")
    query = {k: v for k, v in state.items() if v} | ({"sort": [sort]} if sort != "newest" else {})
    assert _query(page) == query
    for chip in page.locator("[data-adv-list] [data-filter]").all():
        on = chip.get_attribute("data-value") in state.get(chip.get_attribute("data-filter"), [])
        assert chip.get_attribute("aria-pressed") == ("true" if on else "false")
    assert page.locator("[data-adv-sort]").input_value() == sort
    if query:
        expect(page.locator("[data-adv-static]")).to_be_hidden()
        got = page.locator("[data-adv-results] article.adv-review").evaluate_all(SHOWN_REVIEWS_JS)
        assert [tuple(g) for g in got] == want
    else:
        expect(page.locator("[data-adv-results]")).to_be_hidden()
        expect(page.locator("[data-adv-static]")).to_be_visible()
    return want


def test_review_filters_by_platform_product_and_stars(sites, context):
    rows = _review_rows(sites)
    errors = Errors()
    page = errors.watch(context.new_page())
    page.goto(sites["default"] + "reviews/")
    _settle(page)
    before = _aggregate(page)
    _check_reviews(page, rows, {})

    def chip(key: str, value: str):
        return page.locator(f'[data-adv-list] [data-filter="{key}"][data-value="{value}"]')

    chip("platform", "g2").click()
    g2 = _check_reviews(page, rows, {"platform": ["g2"]})
    assert 0 < len(g2) < len(rows)
    assert set(page.locator("[data-adv-results] .adv-review__platform").all_inner_texts()) == {"G2"}
    chip("platform", "capterra").click()  # any of the values within one filter
    both = _check_reviews(page, rows, {"platform": ["g2", "capterra"]})
    assert len(both) > len(g2)
    chip("product", "pipeline").click()  # all filters together
    state = {"platform": ["g2", "capterra"], "product": ["pipeline"]}
    assert 0 < len(_check_reviews(page, rows, state)) < len(both)
    assert all(" · Pipeline" in t for t in page.locator("[data-adv-results] .adv-meta").all_inner_texts())
    page.get_by_role("button", name="Clear filters").click()
    _check_reviews(page, rows, {})
    chip("stars", "5").click()
    fives = _check_reviews(page, rows, {"stars": ["5"]})
    chip("stars", "4").click()
    assert len(_check_reviews(page, rows, {"stars": ["5", "4"]})) > len(fives)
    chip("stars", "5").click()
    chip("stars", "4").click()  # a second click turns a value off
    _check_reviews(page, rows, {})
    assert _aggregate(page) == before
    assert not errors


def test_reviews_sort_by_rating_and_by_date(sites, context):
    rows = _review_rows(sites)
    errors = Errors()
    page = errors.watch(context.new_page())
    page.goto(sites["default"] + "reviews/")
    _settle(page)
    sort = page.locator("[data-adv-sort]")
    sort.select_option("highest")
    best = _check_reviews(page, rows, {}, "highest")
    assert [float(b[3]) for b in best] == sorted((float(b[3]) for b in best), reverse=True)
    assert float(best[-1][3]) < float(best[0][3])  # the low ones are listed too, last
    sort.select_option("lowest")
    worst = _check_reviews(page, rows, {}, "lowest")
    assert float(worst[0][3]) == min(r["stars"] for r in rows)
    sort.select_option("oldest")
    oldest = _check_reviews(page, rows, {}, "oldest")
    assert [o[1] for o in oldest] == sorted(r["date"] for r in rows)
    page.locator('[data-adv-list] [data-filter="platform"][data-value="g2"]').click()  # sorts what is filtered
    _check_reviews(page, rows, {"platform": ["g2"]}, "oldest")
    sort.select_option("newest")  # the page's own order, out of the query string
    _check_reviews(page, rows, {"platform": ["g2"]})
    assert not errors


def test_review_filters_restore_their_state_from_the_query(sites, context):
    rows = _review_rows(sites)
    errors = Errors()
    page = errors.watch(context.new_page())
    # values matched without regard to case, as the case-study library's are
    page.goto(sites["default"] + "reviews/?platform=G2,Capterra&product=Forecast&sort=Highest")
    _settle(page)
    state = {"platform": ["g2", "capterra"], "product": ["forecast"]}
    assert 0 < len(_check_reviews(page, rows, state, "highest")) < len(rows)
    page.reload()
    _settle(page)
    _check_reviews(page, rows, state, "highest")
    low = sorted({str(_stars_bucket(r["stars"])) for r in rows} - {"4", "5"}, reverse=True)
    assert low  # the example lists unhappy reviews too
    page.goto(sites["default"] + "reviews/?stars=" + ",".join(low))
    _settle(page)
    _check_reviews(page, rows, {"stars": low})
    assert not errors


def test_an_unknown_review_filter_value_is_said_as_such(sites, context):
    rows = _review_rows(sites)
    errors = Errors()
    page = errors.watch(context.new_page())
    page.goto(sites["default"] + "reviews/?platform=g2,myspace&stars=9&sort=random")
    _settle(page)
    _check_reviews(page, rows, {"platform": ["g2"]})  # what applies still does
    notes = page.locator("[data-adv-list] .adv-filters__unknown").all_inner_texts()
    assert notes == ["No review has \u201cmyspace\u201d or \u201c9\u201d: showing the filters that apply.",
                     "There is no sort order \u201crandom\u201d: newest first."]
    assert urlsplit(page.url).query == "platform=g2"  # the link now says what is shown
    page.goto(sites["default"] + "reviews/?product=nothing")
    _settle(page)
    _check_reviews(page, rows, {})  # the whole list, not "0 of N"
    assert page.locator(".adv-filters__unknown").inner_text() == (
        "No review has \u201cnothing\u201d: showing the filters that apply.")
    assert not errors


def test_filtering_never_changes_the_aggregate_and_the_page_says_so(sites, context):
    from playwright.sync_api import expect

    rows = _review_rows(sites)
    page = context.new_page()
    page.goto(sites["default"] + "reviews/")
    _settle(page)
    before = _aggregate(page)
    note = page.locator("[data-adv-list] .adv-filters__note")
    expect(note).to_be_visible()
    assert note.inner_text() == ("Filtering changes the list below, not the rating above, which counts every "
                                 "review.")
    lowest = min(_stars_bucket(r["stars"]) for r in rows)
    page.locator(f'[data-adv-list] [data-filter="stars"][data-value="{lowest}"]').click()
    _check_reviews(page, rows, {"stars": [str(lowest)]})
    page.locator("[data-adv-sort]").select_option("lowest")
    assert _aggregate(page) == before
    page.goto(sites["default"] + f"reviews/?stars={lowest}")
    _settle(page)
    assert _aggregate(page) == before


def test_a_third_party_review_names_and_links_its_platform(sites, context):
    rows = _review_rows(sites)
    linked = next(r for r in rows if r["url"] and r["platform"] == "g2")
    page = context.new_page()
    page.goto(sites["default"] + "reviews/")
    _settle(page)

    def check(card) -> None:
        assert card.locator(".adv-review__platform").inner_text().startswith("G2")
        source = card.locator("a.adv-review__source")
        assert source.get_attribute("href") == linked["url"]
        assert source.get_attribute("rel") == "nofollow noopener"
        assert source.get_attribute("target") == "_blank"
        assert " ".join(source.text_content().split()) == "Read on G2 (opens in a new tab)"
        assert source.inner_text().splitlines()[0] == "Read on G2"  # the rest is for screen readers

    static = page.locator("[data-adv-static] article.adv-review").filter(
        has=page.locator(f'a[href="{linked["url"]}"]'))
    check(static)  # as the page renders it
    page.locator('[data-adv-list] [data-filter="platform"][data-value="g2"]').click()
    shown = page.locator("[data-adv-results] article.adv-review")
    check(shown.filter(has=page.locator(f'a[href="{linked["url"]}"]')))  # and as the filters do
    assert shown.locator("a.adv-review__source").count() == sum(1 for r in rows if r["url"] and r["platform"] == "g2")


def _testimonials(sites) -> tuple[list[dict], dict]:
    site = sites["dirs"]["default"]
    return (json.loads((site / "api/testimonials.json").read_text(encoding="utf-8")),
            json.loads((site / "assets/advocacy/testimonial-cards.json").read_text(encoding="utf-8")))


def _check_wall(page, wall: list[dict], cards: dict, state: dict[str, list[str]]) -> list[str]:
    from mkdocs_advocacy.core.slugs import slugify
    from playwright.sync_api import expect

    def keep(t: dict) -> bool:
        have = {"industry": cards["advocates"][t["advocate"]]["industry"],
                "product": slugify(t["product"]) if t["product"] else None}
        return all(not wanted or have[key] in wanted for key, wanted in state.items())

    want = [t["quote"] for t in wall if keep(t)]
    expect(page.locator("[data-adv-count]")).to_have_text(f"{len(want)} of {len(wall)} testimonials")
    assert _query(page) == {k: v for k, v in state.items() if v}
    if any(state.values()):
        expect(page.locator("[data-adv-static]")).to_be_hidden()
        assert page.locator("[data-adv-results] .adv-quote__text").all_inner_texts() == want
    else:
        expect(page.locator("[data-adv-results]")).to_be_hidden()
        expect(page.locator("[data-adv-static]")).to_be_visible()
    return want


def test_testimonial_filters_by_industry_and_product(sites, context):
    wall, cards = _testimonials(sites)
    errors = Errors()
    page = errors.watch(context.new_page())
    page.goto(sites["default"] + "testimonials/")
    _settle(page)
    _check_wall(page, wall, cards, {})

    def chip(key: str, value: str):
        return page.locator(f'[data-adv-list] [data-filter="{key}"][data-value="{value}"]')

    chip("industry", "healthcare").click()
    health = _check_wall(page, wall, cards, {"industry": ["healthcare"]})
    assert 0 < len(health) < len(wall)
    chip("industry", "energy").click()
    _check_wall(page, wall, cards, {"industry": ["healthcare", "energy"]})
    chip("product", "forecast").click()
    state = {"industry": ["healthcare", "energy"], "product": ["forecast"]}
    _check_wall(page, wall, cards, state)
    # a filtered card is the card the page renders: photo or initials, name, role, date, product
    first = page.locator("[data-adv-results] .adv-quote").first
    assert first.locator(".adv-avatar").count() == 1 and first.locator("time").inner_text()
    href = first.locator(".adv-person__name").get_attribute("href")
    assert re.search(r"/advocates/[a-z0-9-]+/$", href)
    page.reload()
    _settle(page)
    _check_wall(page, wall, cards, state)
    page.goto(sites["default"] + "testimonials/?industry=RETAIL,atlantis")
    _settle(page)
    _check_wall(page, wall, cards, {"industry": ["retail"]})
    assert page.locator(".adv-filters__unknown").inner_text() == (
        "No testimonial has \u201catlantis\u201d: showing the filters that apply.")
    page.get_by_role("button", name="Clear filters").click()
    _check_wall(page, wall, cards, {})
    assert not errors


LIST_TOP_JS = """() => {
  const list = [...document.querySelectorAll('[data-adv-results], [data-adv-static]')].find(el => !el.hidden);
  return list.getBoundingClientRect().top + window.scrollY;
}"""


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("url", ["reviews/", "testimonials/", "reviews/?platform=g2&sort=highest",
                                 "testimonials/?industry=retail"])
def test_the_filter_bar_appears_without_moving_the_list(sites, browser, width, url):
    """The bar's room is held in CSS from the first paint: where the list starts with advocacy.js
    held back is where it starts once the script has shown the bar (folded on a phone, even for a
    link that filters) and, for such a link, put the filtered list in its place."""
    from playwright.sync_api import expect

    context = _context(browser, width=width, height=900 if width > 400 else 812)
    try:
        page = context.new_page()
        page.route("**/assets/advocacy/advocacy.js", lambda route: route.abort())
        page.goto(sites["default"] + url)
        expect(page.locator("[data-adv-list]")).to_be_hidden()
        before = page.evaluate(LIST_TOP_JS)
        page.unroute("**/assets/advocacy/advocacy.js")
        page.reload()
        _settle(page)
        expect(page.locator("[data-adv-list]")).to_be_visible()
        assert page.evaluate(LIST_TOP_JS) == before
    finally:
        _close(context)


def test_without_javascript_the_reviews_and_testimonials_stay_paginated(sites, browser):
    from playwright.sync_api import expect

    context = _context(browser, java_script_enabled=False)
    try:
        page = context.new_page()
        for url, item in (("reviews/", "article.adv-review"), ("testimonials/", ".adv-quote")):
            page.goto(sites["paged"] + url + "?platform=g2&industry=retail")
            expect(page.locator("[data-adv-list]")).to_be_hidden()
            expect(page.locator("[data-adv-results]")).to_be_hidden()
            assert page.locator(f"[data-adv-static] {item}").count() == PAGE_SIZE
            expect(page.locator("[data-adv-static] .adv-pager a[rel=next]")).to_be_visible()
            # no room held for a bar that never comes
            assert page.locator("[data-adv-list]").bounding_box() is None
    finally:
        _close(context)


# --- pagination, dark mode, keyboard ----------------------------------------------------------------

@pytest.mark.parametrize("listing", LISTINGS)
def test_pagination(sites, context, listing):
    from playwright.sync_api import expect

    base = sites["paged"] + listing
    errors = Errors()
    page = errors.watch(context.new_page())
    page.goto(base)
    pager = page.locator("nav.adv-pager")
    expect(pager).to_have_count(1)
    expect(pager.locator('[aria-current="page"]')).to_have_text("1")
    expect(pager.locator("a[rel=prev]")).to_have_count(0)
    pager.locator("a[rel=next]").click()
    page.wait_for_url(base + "page/2/")
    pager = page.locator("nav.adv-pager")
    expect(pager.locator('[aria-current="page"]')).to_have_text("2")
    tops = pager.locator(".adv-pager__pages a").evaluate_all(
        "links => links.map(a => Math.round(a.getBoundingClientRect().top))")
    assert len(set(tops)) == 1, f"the page numbers are not laid out in a row: {tops}"
    shots = ARTIFACTS / "screenshots-paged"
    shots.mkdir(parents=True, exist_ok=True)
    pager.screenshot(path=str(shots / f"{listing.strip('/')}-page-2.png"), animations="disabled")
    pager.locator("a[rel=prev]").click()
    page.wait_for_url(base)
    expect(page.locator('nav.adv-pager [aria-current="page"]')).to_have_text("1")
    last = page.locator("nav.adv-pager .adv-pager__pages a").last
    number = last.inner_text()
    last.click()
    page.wait_for_url(base + f"page/{number}/")
    expect(page.locator("nav.adv-pager a[rel=next]")).to_have_count(0)
    assert not errors


def test_dark_mode_toggle(sites, context):
    page = context.new_page()
    page.goto(sites["default"] + "reviews/")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.locator('label[for="__palette_1"]').click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.goto(sites["default"] + "champions/")  # the choice is kept
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.locator('label[for="__palette_0"]').click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")


FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  return {key: el.dataset.kbd || null, visible: outline || s.boxShadow !== 'none'};
}"""


def test_keyboard_reaches_every_chip_and_page_link(sites, context):
    page = context.new_page()
    page.goto(sites["paged"] + "case-studies/")
    _settle(page)
    keys = page.evaluate("""() => {
      const targets = [...document.querySelectorAll('[data-filter], [data-adv-clear], nav.adv-pager a')];
      targets.forEach((el, i) => { el.dataset.kbd = String(i); });
      return targets.map(el => el.textContent.trim());
    }""")
    assert len(keys) > 10
    seen: dict[str, bool] = {}
    for _ in range(300):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        if focus and focus["key"] is not None:
            seen[focus["key"]] = focus["visible"]
            if len(seen) == len(keys):
                break
    missing = [keys[int(k)] for k in map(str, range(len(keys))) if k not in seen]
    assert not missing, f"never reached with Tab: {missing}"
    invisible = [keys[int(k)] for k, visible in seen.items() if not visible]
    assert not invisible, f"no visible focus on: {invisible}"


# --- every page type: console, axe, screenshots ----------------------------------------------------

AXE_REPORT: dict[str, list[dict]] = {}


@pytest.mark.parametrize("mode", ["light-1280", "light-375", "dark-1280"])
def test_every_page_type(sites, browser, mode):
    """Each page type once per mode: no console error, no serious or critical axe violation (at 1280
    px), no horizontal overflow (at 375 px), and a full-page screenshot for a human to look at."""
    from axe_playwright_python.sync_playwright import Axe

    scheme, width = mode.split("-")
    width = int(width)
    dark = scheme == "dark"
    shots = ARTIFACTS / ("screenshots-dark" if dark else "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    axe = Axe() if width > 400 else None
    errors, problems = Errors(), []
    context = _context(browser, width=width, height=900 if width > 400 else 812, dark=dark,
                       stub_search=_empty_search_index(sites["dirs"]["default"]))
    try:
        page = errors.watch(context.new_page())
        for name, url in PAGE_TYPES.items():
            page.goto(sites["default"] + url)
            _settle(page)
            if dark:
                assert page.get_attribute("body", "data-md-color-scheme") == "slate"
            page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True, animations="disabled")
            if axe:
                label = f"{name} (dark)" if dark else name
                violations = axe.run(page).response["violations"]
                AXE_REPORT[label] = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                                      "targets": [n["target"] for n in v["nodes"]][:10]} for v in violations]
                problems += [f"{label}: axe {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes']][:5]}"
                             for v in violations if v["impact"] in ("serious", "critical")]
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width + 1:
                wide = page.evaluate(f"""() => [...document.querySelectorAll('body *')]
                  .filter(el => el.getBoundingClientRect().right > {width + 1})
                  .slice(0, 5).map(el => el.tagName + '.' + el.className)""")
                problems.append(f"{name}: scrollWidth {scroll} > {width}, e.g. {wide}")
    finally:
        _close(context)
        if axe:
            ARTIFACTS.mkdir(exist_ok=True)
            (ARTIFACTS / "axe.json").write_text(json.dumps(
                [{"page": page_name, "violations": found} for page_name, found in AXE_REPORT.items()], indent=2) + "\n",
                encoding="utf-8")
    assert not errors, "\n".join(errors)
    assert not problems, "\n".join(problems)


def test_no_console_errors_elsewhere(sites, browser):
    """With the real search index, and on the pages the other tests do not visit."""
    errors = Errors()
    context = _context(browser)
    try:
        page = errors.watch(context.new_page())
        # (The Help pages are drafts: `mkdocs build` leaves them out; test_help_examples.py serves them.)
        for url in ["", "case-studies/harborview-medical-group/", "case-studies/?industry=software", "join/",
                    "industries/software/", "advocates/david-okafor/"]:
            page.goto(sites["default"] + url)
            _settle(page)
    finally:
        _close(context)
    assert not errors, "\n".join(errors)
