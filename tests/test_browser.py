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
        for url in ["", "case-studies/harborview-medical-group/", "case-studies/?industry=software", "help/",
                    "industries/software/", "advocates/david-okafor/"]:
            page.goto(sites["default"] + url)
            _settle(page)
    finally:
        _close(context)
    assert not errors, "\n".join(errors)
