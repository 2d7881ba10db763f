"""The example site built with `theme.language: de` and `ja`: the generated pages, the feed, the badge
and the 404 page read German and Japanese, with their dates and numbers; api/*.json does not change.
Then both sites in Chromium at 375 px (screenshots in tests/artifacts/screenshots-i18n/), where long
German words and Japanese lines must still fit a phone.

The copies are the example site with the site owner's own words translated as well (nav labels, the
call to action, a short home page with embeds): those come from mkdocs.yml and content/, not from
our catalogs; the records (quotes, titles) stay as written.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "screenshots-i18n"
SOURCE_DATE_EPOCH = "1795392000"  # 2026-11-23, as the browser tests: the dates below do not move
PAGES = {"home": "", "case-studies": "case-studies/", "case-study": "case-studies/harborview-medical-group/",
         "testimonials": "testimonials/", "reviews": "reviews/", "champions": "champions/",
         "spotlights": "spotlight/", "spotlight": "spotlight/maria-gonzalez/", "profile": "advocates/maria-gonzalez/",
         "industries": "industries/", "industry": "industries/healthcare/"}

# The site owner's words, per language: nav labels, the call to action, the home page.
OWNER = {
    "de": {"nav": {"Home": "Start", "Case studies": "Fallstudien", "Testimonials": "Kundenstimmen",
                   "Reviews": "Bewertungen", "Champions": "Champions", "Spotlight": "Porträts"},
           "cta": {"Want results like these? See Tidewater on your own numbers, or ask a customer.":
                   "Solche Ergebnisse mit Ihren eigenen Zahlen? Sehen Sie Tidewater in Aktion, oder fragen Sie einen Kunden.",
                   "Book a demo": "Demo vereinbaren", "Talk to a customer like you": "Mit einem Kunden wie Ihnen sprechen"},
           "home": ("Kunden, die ihrer Prognose vertrauen", "Was unsere Kunden bewerten", "Was Kunden sagen",
                    "Fallstudien")},
    "ja": {"nav": {"Home": "ホーム", "Case studies": "導入事例", "Testimonials": "お客様の声",
                   "Reviews": "レビュー", "Champions": "チャンピオン", "Spotlight": "お客様紹介"},
           "cta": {"Want results like these? See Tidewater on your own numbers, or ask a customer.":
                   "このような成果を、貴社の数字で確かめてみませんか。デモのご予約、またはお客様へのご相談はこちら。",
                   "Book a demo": "デモを予約", "Talk to a customer like you": "同じ立場のお客様に相談する"},
           "home": ("予測を信頼できる収益チーム", "お客様の評価", "お客様の声", "導入事例")},
}

# Phrases of our templates and catalogs that must not be left in English (the records' own text
# is English, so these are phrases no record of the example site uses).
ENGLISH = ["What our customers say", "out of 5", "Clear filters", "Filter by industry", "How the champion wall is computed",
           "How this rating is computed", "Related case studies", "The people behind the story",
           "Reviews from customers who agreed", "Customer survey", "Read the story", "More stories",
           "All spotlight stories", "Customer since", "Star distribution", "of these reviews", "in the last",
           "all time", " points in the", "employees</", "Incentivized:", "Case study ·", "Customer spotlight ·",
           "Latest spotlight", "Top three", "No reviews yet", "By platform", "Next →", "← Previous", "Average rating",
           "Talk to us, or to a customer", "case studies and", "testimonials, reviews", "Champion wall",
           "Page not found", "Filter and sort", "Newest first"]
EXPECTED = {
    "de": {"case-studies/": ["Fallstudien", "Nach Branche, Größe, Anwendungsfall und Region filtern", "Unternehmensgröße",
                             "Filter zurücksetzen", "Mitarbeitende"],
           "reviews/": ["von 5", "Nach Plattform", "So wird diese Bewertung berechnet", "bis zum 23. November 2026",
                        "Kundenumfrage"],
           "champions/": ["Champion-Rangliste", "Die ersten drei", "Botschafter", "So entsteht die Champion-Rangliste",
                          "Referenzgespräch", "(bis zum 23. November 2026)"],
           "testimonials/": ["Was unsere Kunden sagen", "Kundenstimmen, in eigenen Worten"],
           "case-studies/harborview-medical-group/": ["Fallstudie ·", "Die Menschen hinter der Geschichte",
                                                      "Ähnliche Fallstudien"],
           "advocates/maria-gonzalez/": ["Punkte", "in den letzten 365 Tagen", "insgesamt"]},
    "ja": {"case-studies/": ["導入事例", "業界・企業規模・ユースケース・地域で絞り込む", "企業規模", "条件をクリア"],
           "reviews/": ["/ 5", "プラットフォーム別", "この評価の算出方法", "2026年11月23日以前", "顧客アンケート"],
           "champions/": ["チャンピオン・ランキング", "トップ3", "アドボケイト", "リファレンスコール", "2026年11月23日まで"],
           "testimonials/": ["お客様の声", "ご本人の言葉のまま"],
           "case-studies/harborview-medical-group/": ["導入事例 ·", "このストーリーの立役者", "関連する導入事例"],
           "advocates/maria-gonzalez/": ["ポイント", "過去365日間で", "累計"]},
}
# counts our templates print ("12 reviews"), as no record writes them (just before a tag)
ENGLISH_COUNTS = re.compile(r"\d (reviews?|case stud(y|ies)|testimonials?|customers?|activities|points?|pts|stars?)<")
DATE = {"de": re.compile(r"\b\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November"
                         r"|Dezember) \d{4}\b"),
        "ja": re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")}


def _site_copy(root: Path, lang: str) -> None:
    for name in ("content", "theme", "advocates", "case_studies"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\ntheme:\n  name: material\n" in config
    config = config.replace("\ntheme:\n  name: material\n", f"\ntheme:\n  name: material\n  language: {lang}\n", 1)
    words = OWNER[lang]
    for english, translated in words["nav"].items():
        config = config.replace(f"\n  - {english}: ", f"\n  - {translated}: ")
    for english, translated in words["cta"].items():
        config = config.replace(english, translated)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    hero, rating, quotes, cases = words["home"]
    (root / "content" / "index.md").write_text(textwrap.dedent(f"""\
        ---
        hide:
          - navigation
          - toc
        ---

        # {hero}

        ## {rating}

        <!-- advocacy: rating -->

        ## {quotes}

        <!-- advocacy: testimonials limit=2 -->

        ## {cases}

        <!-- advocacy: case-studies limit=2 -->
        """), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The German and the Japanese site, built at once (`mkdocs build --strict`)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    procs, sites = {}, {}
    for lang in ("de", "ja"):
        root = tmp_path_factory.mktemp(f"site-{lang}")
        _site_copy(root, lang)
        sites[lang] = root / "site"
        procs[lang] = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=root, env=env,
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for lang, proc in procs.items():
        out, _ = proc.communicate(timeout=600)
        assert proc.returncode == 0, f"{lang} build failed:\n{out[-3000:]}"
    return sites


def _content(site: Path, url: str) -> str:
    """The HTML of a page's content area (our templates' part; Material's chrome is Material's)."""
    soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.md-content__inner")
    assert article is not None, url
    return str(article)


@pytest.mark.parametrize("lang", ["de", "ja"])
def test_the_generated_pages_read_in_the_language(built, lang: str):
    site = built[lang]
    problems = []
    for url in PAGES.values():
        html = _content(site, url)
        problems += [f"/{url}: {phrase!r} left in English" for phrase in ENGLISH if phrase in html]
        problems += [f"/{url}: {m.group(0)!r} left in English" for m in ENGLISH_COUNTS.finditer(html)]
    for url, phrases in EXPECTED[lang].items():
        html = _content(site, url)
        problems += [f"/{url}: no {phrase!r}" for phrase in phrases if phrase not in html]
    assert not problems, "\n".join(problems)
    for url in ("case-studies/harborview-medical-group/", "testimonials/", "reviews/"):
        assert DATE[lang].search(_content(site, url)), f"/{url}: no date written the {lang} way"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in index


def test_titles_descriptions_and_decimals(built):
    de = BeautifulSoup((built["de"] / "reviews/index.html").read_text(encoding="utf-8"), "html.parser")
    description = de.select_one('meta[name="description"]')["content"]
    assert re.search(r"erreicht \d,\d von 5 bei \d+ Bewertungen", description), description
    assert de.select_one("title").text.startswith("Bewertungen")
    assert re.fullmatch(r"\d,\d", de.select_one(".adv-rating__number").text)
    ja = BeautifulSoup((built["ja"] / "case-studies/index.html").read_text(encoding="utf-8"), "html.parser")
    assert ja.select_one("title").text.startswith("導入事例")
    assert "社のお客様による" in ja.select_one('meta[name="description"]')["content"]
    # the words advocacy.js prints come from the page
    form = ja.select_one("[data-adv-filters]")
    assert form["data-count"].startswith("導入事例") and "{shown}" in form["data-count"]
    assert form["data-quote"] == "「{value}」"


def test_feed_badge_and_404(built):
    feed = (built["de"] / "feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="de"' in feed and "Fallstudien und Kundenporträts von" in feed
    assert "Kunden im Porträt:" in feed
    badge = (built["ja"] / "badges/rating.svg").read_text(encoding="utf-8")
    assert re.search(r"\d\.\d ★ · レビュー\d+件", badge), badge
    assert re.search(r"\d,\d ★ · \d+ Bewertungen", (built["de"] / "badges/rating.svg").read_text(encoding="utf-8"))
    not_found = (built["de"] / "404.html").read_text(encoding="utf-8")
    assert "Seite nicht gefunden" in not_found and "Kunden nach Branche" in not_found
    assert "Page not found" not in not_found
    assert "ページが見つかりません" in (built["ja"] / "404.html").read_text(encoding="utf-8")


def test_the_json_is_machine_data_in_every_language(built):
    """api/*.json is never translated or locale-formatted: both languages publish the same bytes."""
    for name in ("reviews", "champions", "testimonials", "case-studies"):
        de = (built["de"] / f"api/{name}.json").read_bytes()
        assert de == (built["ja"] / f"api/{name}.json").read_bytes(), name
    assert b'"5 activities"' in (built["de"] / "api/champions.json").read_bytes()


# --- on a phone --------------------------------------------------------------------------------

@pytest.mark.browser
def test_german_and_japanese_on_a_phone(built):
    """Each page at 375 px, in both languages: nothing wider than the screen (long German words,
    Japanese lines without spaces), no console error, the library's filter counting in the language;
    full-page screenshots for a human to look at."""
    from browserkit import CHROMIUM, CHROMIUM_ARGS, require_browser
    from test_browser import Errors, _close, _context, _serve, _settle

    require_browser()
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    servers = {lang: _serve(site) for lang, site in built.items()}
    errors, problems = Errors(), []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                for lang, server in servers.items():
                    base = f"http://127.0.0.1:{server.server_address[1]}/"
                    context = _context(browser, width=375, height=812)
                    try:
                        page = errors.watch(context.new_page())
                        shots = [(name, url) for name, url in PAGES.items()]
                        shots.append(("case-studies-filtered", "case-studies/?industry=healthcare"))
                        for name, url in shots:
                            page.goto(base + url)
                            _settle(page)
                            # the explanations too (How this rating is computed): long text to fit
                            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
                            page.screenshot(path=str(ARTIFACTS / f"{lang}-{name}-375.png"), full_page=True,
                                            animations="disabled")
                            scroll = page.evaluate("document.documentElement.scrollWidth")
                            if scroll > 376:
                                wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
                                  .filter(el => el.getBoundingClientRect().right > 376)
                                  .slice(0, 5).map(el => el.tagName + '.' + el.className + ': ' + el.textContent.slice(0, 40))""")
                                problems.append(f"{lang} /{url}: scrollWidth {scroll} > 375, e.g. {wide}")
                            if name == "case-studies-filtered":
                                count = page.locator("[data-adv-count]").inner_text()
                                want = r"\d+ von \d+ Fallstudien?" if lang == "de" else r"導入事例\d+件中\d+件"
                                if not re.fullmatch(want, count):
                                    problems.append(f"{lang}: the filter says {count!r}")
                    finally:
                        _close(context)
            finally:
                browser.close()
    finally:
        for server in servers.values():
            server.shutdown()
            server.server_close()
    assert not errors, "\n".join(errors)
    assert not problems, "\n".join(problems)


# --- small sites: a language without a catalog; the Zensical staging ------------------------------

def _small_site(root: Path, language: str) -> Path:
    from sitegen import mkdocs_yml, write_yaml

    mkdocs_yml(root, theme={"name": "material", "language": language})
    write_yaml(root / "advocates/ana-silva.yml", {
        "name": "Ana Silva", "company": "Silva Co", "industry": "Retail",
        "consent": {"public": True, "given": "2025-01-01"},
        "testimonials": [{"quote": "Works for us.", "date": "2025-06-02"}],
        "reviews": [{"platform": "internal", "rating": 4.5, "date": "2025-06-03"}]})
    (root / "case_studies").mkdir()
    (root / "content").mkdir()
    (root / "content/index.md").write_text("# Home\n", encoding="utf-8")
    return root / "mkdocs.yml"


def test_a_language_without_a_catalog_builds_in_english_and_says_so(tmp_path: Path):
    from sitegen import build

    _small_site(tmp_path, "it")
    result = build(tmp_path, "--strict")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "no catalog for theme.language 'it'" in result.stderr
    html = (tmp_path / "site/testimonials/index.html").read_text(encoding="utf-8")
    assert "What our customers say" in html and '<html lang="it"' in html


def test_the_zensical_staging_speaks_the_language(tmp_path: Path):
    """`advocacy build --engine zensical` stages the same pages, in the language mkdocs.yml names."""
    from mkdocs_advocacy.cli import _load
    from mkdocs_advocacy.engines.staging import _raw_config, stage_site

    config = _small_site(tmp_path, "de")
    checked, _root = _load(str(config))
    stage = tmp_path / "stage"
    stage.mkdir()
    stage_site(checked, _raw_config(config), config, stage)
    page = (stage / "docs/testimonials/index.md").read_text(encoding="utf-8")
    assert 'title: "Kundenstimmen"' in page and "Was unsere Kunden sagen" in page
    reviews = (stage / "docs/reviews/index.md").read_text(encoding="utf-8")
    assert "4,5" in reviews and "Kundenumfrage" in reviews
    assert b"1 Bewertung" in (stage / "docs/badges/rating.svg").read_bytes()
