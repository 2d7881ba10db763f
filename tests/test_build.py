"""Builds of small sites: every page type, its key facts, pagination, determinism, failure modes."""

from __future__ import annotations

import json
import logging
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitegen import build, mkdocs_yml, site_files, write, write_yaml

PEOPLE = {
    "ana-silva": ("Ana Silva", "Healthcare", 9),
    "ben-okoro": ("Ben Okoro", "Healthcare", 5),
    "chen-li": ("Chen Li", "Financial Services", 3),
    "dora-maas": ("Dora Maas", "Financial Services", 1),
    "eli-ward": ("Eli Ward", "Retail", 0),
}


def _site(root: Path, **options) -> Path:
    mkdocs_yml(root, {"page_size": 2, "product": {"name": "Acme", "type": "SoftwareApplication",
                                                   "offers": {"price": "0", "priceCurrency": "USD"}}, **options})
    write(root / "content/index.md", """
        # Home

        <!-- advocacy: rating -->

        <!-- advocacy: testimonials industry="Healthcare" limit=1 -->

        ```markdown
        <!-- advocacy: testimonials advocate=nobody -->
        ```
        """)
    for i, (slug, (name, industry, talks)) in enumerate(PEOPLE.items()):
        data = {"name": name, "title": "Director", "company": f"{name.split()[1]} Co", "industry": industry,
                "consent": {"public": True, "given": "2025-01-01"},
                "testimonials": [{"quote": f"Quote by {name}.", "date": f"2025-0{i + 1}-10"}],
                "reviews": [{"platform": "g2", "rating": 5 - i % 3, "date": f"2025-0{i + 1}-11"}],
                "activities": [{"type": "speaking", "date": "2025-12-01"}] * talks}
        if slug == "ana-silva":
            data["previous_companies"] = [{"company": "Former Clinic", "title": "Manager", "until": "2023-12-31"}]
            data["testimonials"][0]["incentive"] = "US$25 charity donation"
            data["spotlight"] = {"date": "2025-11-01", "headline": "Ana's story", "story": "Ana **rebuilt** it."}
            data["reviews"].append({"platform": "capterra", "rating": 9, "scale": 10, "date": "2025-08-01",
                                    "incentive": "Gift card"})
        if slug == "ben-okoro":
            data["spotlight"] = {"date": "2025-10-01", "headline": "Ben's story", "story": "Ben's text."}
        write_yaml(root / f"advocates/{slug}.yml", data)
    for n in range(1, 4):
        write(root / f"case_studies/case-{n}.md", f"""
            ---
            title: Case {n}
            customer: Customer {n}
            summary: Summary {n}.
            date: 2025-0{n}-15
            industry: {"Healthcare" if n < 3 else "Retail"}
            use_cases: [Forecasting]
            advocates: [ana-silva]
            results:
              - {{value: "{n}0%", label: better}}
            ---

            ## Challenge

            Body {n}.
            """)
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = _site(tmp_path_factory.mktemp("build"))
    result = build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(site: Path, url: str) -> str:
    return " ".join(soup(site, url).get_text(" ").split())


def test_reviews_page_shows_the_average_distribution_platforms_and_disclosures(site):
    api = json.loads((site / "api/reviews.json").read_text())
    page = text(site, "reviews")
    assert api["count"] == 6 and api["incentivized"] == 1
    assert f"{api['average']:.1f}"[:3] in page
    assert "1 of these reviews was incentivized" in page
    assert "Incentivized: Gift card" in page
    assert "How this rating is computed" in page
    ld = [json.loads(s.string) for s in soup(site, "reviews").find_all("script", type="application/ld+json")]
    product = ld[0]
    assert product["@type"] == "SoftwareApplication" and product["name"] == "Acme"
    assert product["offers"]["price"] == "0"
    # Every review here is from G2 or Capterra: shown and counted on the page, never marked up
    assert "aggregateRating" not in product


def test_champion_wall_ranks_and_explanation(site):
    champions = json.loads((site / "api/champions.json").read_text())["champions"]
    assert [c["slug"] for c in champions][:2] == ["ana-silva", "ben-okoro"]
    page = text(site, "champions")
    assert "Ana Silva" in page and "Champion" in page
    assert "Speaking 40" in page and "Champion from 150 points" in page
    assert (site / "champions/page/2/index.html").is_file()


def test_profile_shows_previous_company_tier_and_progress(site):
    page = text(site, "advocates/ana-silva")
    assert "Former Clinic" in page and "Manager" in page
    assert "Incentivized: US$25 charity donation" in page
    chen = text(site, "advocates/chen-li")  # 3 talks, a review and a testimonial: 145 points
    assert "5 points to Champion" in chen


def test_testimonial_disclosure_sits_next_to_its_quote(site):
    s = soup(site, "advocates/ana-silva")
    card = next(f for f in s.select("figure.adv-quote") if "Ana Silva" in f.get_text())
    assert "Incentivized: US$25 charity donation" in " ".join(card.get_text(" ").split())


def test_every_listing_paginates_with_links(site):
    for base in ("case-studies", "testimonials", "reviews", "champions"):
        first, second = soup(site, base), soup(site, f"{base}/page/2")
        assert first.select_one('a[rel="next"]')["href"].endswith("page/2/")
        assert second.select_one('a[rel="prev"]')["href"] == "../../"
        assert second.select_one('a[aria-current="page"]').get_text() == "2"


def test_pages_past_the_first_are_not_searchable_but_case_studies_are(site):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert not any("/page/" in loc for loc in locations)
    assert {"case-studies/case-1/", "case-studies/case-2/", "case-studies/case-3/"} <= locations


def test_case_study_page_results_quote_related_and_article_json_ld(site):
    s = soup(site, "case-studies/case-1")
    assert "10%" in s.select_one(".adv-results").get_text()
    assert [a.get_text() for a in s.select(".adv-section a.adv-cs-card__title, .adv-cs-card__title a")] == ["Case 3", "Case 2"]  # newest first
    ld = json.loads(s.find("script", type="application/ld+json").string)
    assert ld["@type"] == "Article" and ld["headline"] == "Case 1"


def test_meta_title_description_open_graph_and_canonical(site):
    s = soup(site, "advocates/chen-li")
    assert s.title.get_text().startswith("Chen Li")
    assert s.find("meta", attrs={"name": "description"})["content"]
    assert s.find("meta", property="og:title")["content"] == "Chen Li"
    assert s.find("link", rel="canonical")["href"] == "https://customers.test.example/advocates/chen-li/"


def test_industry_rating_only_rests_on_three_reviews(site):
    health = text(site, "industries/healthcare")
    assert "Rating from the 3 reviews" in health
    retail = text(site, "industries/retail")
    assert "Rating from" not in retail


def test_spotlight_index_features_the_newest_story(site):
    s = soup(site, "spotlight")
    assert s.select_one(".adv-feature__title").get_text(strip=True) == "Ana's story"
    story = (site / "spotlight/ana-silva/index.html").read_text(encoding="utf-8")
    assert "<strong>rebuilt</strong>" in story


def test_feed_lists_case_studies_and_spotlights_newest_first(site):
    root = ET.fromstring((site / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert titles == ["Ana's story", "Ben's story", "Case 3", "Case 2", "Case 1"]


def test_badge_is_an_accessible_svg(site):
    svg = ET.fromstring((site / "badges/rating.svg").read_bytes())
    assert svg.get("role") == "img" and "6 reviews" in svg.get("aria-label")


def test_embeds_render_and_code_blocks_stay_literal(site):
    s = soup(site, ".")
    assert s.select_one(".adv-embed--rating .adv-rating__number")
    quotes = s.select(".adv-embed--testimonials figure")
    assert len(quotes) == 1 and "Ben Okoro" in quotes[0].get_text()  # the newest Healthcare quote
    assert "&lt;!-- advocacy: testimonials advocate=nobody --&gt;" in (site / "index.html").read_text()


def test_generated_pages_stay_out_of_the_nav(site):
    nav = soup(site, ".").select_one("nav.md-nav--primary")
    assert "Chen Li" not in nav.get_text()


def test_two_builds_are_byte_identical(site, tmp_path):
    root = site.parent
    again = build(root, "--strict", site="site-again")
    assert again.returncode == 0
    assert site_files(site) == site_files(root / "site-again")
    shutil.rmtree(root / "site-again")


# ------------------------------------------------------------------ failures leave site/ alone

@pytest.fixture
def fresh(tmp_path) -> Path:
    root = _site(tmp_path)
    assert build(root).returncode == 0
    return root


@pytest.mark.parametrize("edit,expect", [
    (lambda r: write(r / "advocates/chen-li.yml", re.sub(r"rating: \d", "rating: 6", (r / "advocates/chen-li.yml").read_text())),
     r"advocates/chen-li\.yml:\d+: reviews\[0\]\.rating: must be between 1 and 5, got 6"),
    (lambda r: write(r / "content/index.md", "# Home\n\n<!-- advocacy: testimonals -->\n"),
     r"content/index\.md:3: embed: unknown embed 'testimonals' \(did you mean 'testimonials'\?\)"),
    (lambda r: mkdocs_yml(r, {"page_sise": 3}), r"page_sise"),
])
def test_a_failed_build_leaves_the_previous_site_untouched(fresh, edit, expect):
    before = site_files(fresh / "site")
    edit(fresh)
    result = build(fresh)
    assert result.returncode != 0
    assert re.search(expect, result.stdout + result.stderr), result.stderr[-800:]
    assert site_files(fresh / "site") == before


def test_strict_fails_early_on_a_future_review(fresh):
    before = site_files(fresh / "site")
    path = fresh / "advocates/dora-maas.yml"
    path.write_text(path.read_text().replace("date: 2025-04-11", "date: 2027-04-11"))
    loose = build(fresh, site="site-loose")
    assert loose.returncode == 0
    assert re.search(r"WARNING.*advocates/dora-maas\.yml:\d+: reviews\[0\]\.date: 2027-04-11 is after 2026-01-31",
                     loose.stdout + loose.stderr)
    strict = build(fresh, "--strict")
    assert strict.returncode != 0 and "dora-maas.yml" in strict.stderr
    assert site_files(fresh / "site") == before


def test_shared_chrome_writes_exactly_what_full_renders_write(site):
    """chrome.py fills pre-rendered chrome in; MkDocs' own full render must give the same bytes."""
    from sitegen import without_shortcuts

    root = site.parent
    full = build(root, "--strict", site="site-full", config=without_shortcuts(root))
    assert full.returncode == 0
    assert site_files(site) == site_files(root / "site-full")
    shutil.rmtree(root / "site-full")


def test_industry_pages_paginate_case_studies_then_testimonials(site):
    first, second = text(site, "industries/healthcare"), text(site, "industries/healthcare/page/2")
    assert "Case 1" in first and "Case 2" in first and "Quote by" not in first
    assert "Quote by Ben Okoro." in second and "Quote by Ana Silva." in second
    assert soup(site, "industries/healthcare/page/2").select_one('a[aria-current="page"]').get_text() == "2"


def test_the_featured_spotlight_counts_as_an_item_of_page_one(site):
    assert not (site / "spotlight/page/2/index.html").exists()  # 2 stories, page_size 2
    assert "Ben's story" in text(site, "spotlight")


# --- a site without site_url --------------------------------------------------------------------

SITE_URL_WARNING = ("mkdocs.yml: site_url: not set, so the sitemap is empty and pages have no canonical URL "
                    "and no absolute URL to share (set it to the address the site is published at, e.g. "
                    "site_url: https://customers.example.com/)")


def _site_without_site_url(root: Path) -> Path:
    mkdocs_yml(root, site_url=None)
    write(root / "content/index.md", "# Home\n\n<!-- advocacy: rating -->\n")
    write_yaml(root / "advocates/ana-silva.yml", {
        "name": "Ana Silva", "company": "Silva Co", "industry": "Retail",
        "consent": {"public": True, "given": "2025-01-01"},
        "reviews": [{"platform": "g2", "rating": 5, "date": "2025-06-01"}]})
    (root / "case_studies").mkdir()
    return root


def test_a_site_without_site_url_warns_once_and_strict_fails_before_writing(tmp_path):
    root = _site_without_site_url(tmp_path)
    result = build(root)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == [f"WARNING -  advocacy: {SITE_URL_WARNING}"]
    assert (root / "site/index.html").is_file()
    strict = build(root, "--strict", site="site-strict")
    assert strict.returncode == 1 and SITE_URL_WARNING in strict.stderr
    assert not (root / "site-strict").exists(), "strict fails before anything is written"


@pytest.mark.allow_warnings  # the warning is what this test is about
def test_the_site_url_warning_is_the_plugins_own(tmp_path, caplog, monkeypatch):
    """Logged by the plugin's logger (which `--strict` counts), once, in the build's own process."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = _site_without_site_url(tmp_path)
    mkdocs_build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site")))
    warnings = [(r.name, r.getMessage()) for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == [("mkdocs.plugins.advocacy", f"advocacy: {SITE_URL_WARNING}")]


@pytest.mark.parametrize("command, frozen", [("build", True), ("gh-deploy", True), ("serve", False)])
def test_a_one_shot_command_leaves_its_objects_to_the_exit_not_the_collector(command, frozen):
    """After `mkdocs build` the process ends: what it built is frozen out of the interpreter's last
    collections. Under `mkdocs serve` nothing is, or each rebuild's garbage would stay for good."""
    import gc

    from mkdocs_advocacy.plugin import AdvocacyPlugin

    gc.unfreeze()
    plugin = AdvocacyPlugin()
    plugin.on_startup(command=command, dirty=False)
    try:
        plugin.on_shutdown()
        assert (gc.get_freeze_count() > 0) is frozen
    finally:
        gc.unfreeze()


def test_a_build_skips_full_collections_and_gives_the_collector_back(tmp_path, monkeypatch):
    """From the plan to the end of a build (not under serve) the plan is frozen and the collector
    makes young passes only; afterwards both are as the caller had them, after a failed build
    too, and after a build that never got to give them back."""
    import gc

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, PluginError
    from mkdocs_advocacy.core import check
    from mkdocs_advocacy.engines.mkdocs_site import MkDocsSite

    root = _site(tmp_path)
    seen: list[tuple[bool, bool, bool]] = []
    original = MkDocsSite.page_markdown
    failing = False
    given = gc.get_threshold()

    def watching(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        threshold = gc.get_threshold()
        seen.append((gc.isenabled(), gc.get_freeze_count() > 0, threshold[:2] == given[:2] < threshold))
        if failing:
            raise PluginError("a page failed halfway through the build")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(MkDocsSite, "page_markdown", watching)

    def load():  # type: ignore[no-untyped-def]
        return load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "out"))

    gc.unfreeze()
    mkdocs_build(load())
    assert seen and set(seen) == {(True, True, True)}
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == given

    failing, seen[:] = True, []
    with pytest.raises((Abort, PluginError)):
        mkdocs_build(load())
    assert seen == [(True, True, True)]  # it failed with full passes skipped: given back all the same
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == given

    check.no_full_collections()  # a build interrupted before its end, then another
    check.no_full_collections()
    check.full_collections_back()
    assert gc.get_threshold() == given
