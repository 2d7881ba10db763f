"""Privacy and escaping are the floor: markers planted in every private field and every field of a
non-public advocate never reach any file of site/ (or the build log); hostile text comes out escaped."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

import pytest
from sitegen import build, mkdocs_yml, photo, write, write_yaml

PRIVATE_MARKERS = ["pm-email@private.invalid", "pm-notes-text", "pm-deal-notes", "987654321"]
HIDDEN_MARKERS = ["Hiddenmarker Person", "hiddenmarker-corp", "hiddenmarker-quote", "hiddenmarker-review",
                  "hiddenmarker-story", "hiddenmarker-title", "hiddenmarker-award", "hiddenmarker-spot",
                  "hiddenmarker-photo", "Expiredmarker Person", "expiredmarker-quote", "Draftmarker Title",
                  "draftmarker-body", "exifmarker-gps"]
PAYLOADS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "</script><script>alert(2)</script>"]


def _advocates(root: Path) -> None:
    photo(root / "advocates/photos/public-one.jpg", exif_marker="exifmarker-gps")
    photo(root / "advocates/photos/hiddenmarker-photo.jpg")
    write_yaml(root / "advocates/public-one.yml", {
        "name": "Pat Public", "title": "CFO", "company": "Open Corp", "industry": "Healthcare",
        "photo": "photos/public-one.jpg", "customer_since": "2020-01-01",
        "consent": {"public": True, "given": "2025-01-01"},
        "private": {"email": "pm-email@private.invalid", "nps": 10, "feature_adoption": 0.9, "health_score": 90,
                    "positive_social_mentions": 2, "responded_to_last_request": True, "notes": "pm-notes-text"},
        "testimonials": [{"quote": "Open and honest.", "date": "2025-12-01"}],
        # same day as the hidden advocate's review and the hostile one: the list's order decides
        "reviews": [{"platform": "g2", "rating": 4, "date": "2025-12-02"},
                    {"platform": "capterra", "rating": 3, "date": "2025-12-02", "product": "Forecast",
                     "url": "https://www.capterra.com/p/1/reviews/"},
                    {"platform": "internal", "rating": 9, "scale": 10, "date": "2025-11-20", "incentive": "A mug"},
                    {"platform": "g2", "rating": 5, "date": "2026-01-30"}],
        "activities": [{"type": "referral", "date": "2025-12-03", "converted": True,
                        "private": {"deal_value": 987654321, "notes": "pm-deal-notes"}}],
    })
    hidden = {
        "name": "Hiddenmarker Person", "title": "hiddenmarker-title", "company": "hiddenmarker-corp",
        "industry": "Retail", "photo": "photos/hiddenmarker-photo.jpg",
        "consent": {"public": False},
        "testimonials": [{"quote": "hiddenmarker-quote", "date": "2025-12-01"}],
        "reviews": [{"platform": "google", "rating": 2, "date": "2025-12-02", "title": "hiddenmarker-review"},
                    {"platform": "capterra", "rating": 1, "date": "2025-12-02", "body": "hiddenmarker-review",
                     "url": "https://www.capterra.com/p/1/reviews/hiddenmarker-review"}],
        "spotlight": {"date": "2025-12-05", "headline": "hiddenmarker-spot", "story": "hiddenmarker-story"},
        "awards": [{"name": "hiddenmarker-award", "year": 2025}],
        "activities": [{"type": "speaking", "date": "2025-12-03"}],
    }
    write_yaml(root / "advocates/hiddenmarker-person.yml", hidden)
    write_yaml(root / "advocates/expired-person.yml", {
        "name": "Expiredmarker Person", "company": "Gone Corp", "industry": "Retail",
        "consent": {"public": True, "given": "2024-01-01", "expires": "2026-01-01"},
        "testimonials": [{"quote": "expiredmarker-quote", "date": "2025-06-01"}],
    })
    hostile = {
        "name": PAYLOADS[0], "title": PAYLOADS[1], "company": PAYLOADS[2], "industry": "Energy",
        "region": PAYLOADS[1], "consent": {"public": True, "given": "2025-01-01"},
        "previous_companies": [{"company": PAYLOADS[0], "title": PAYLOADS[1]}],
        "testimonials": [{"quote": PAYLOADS[0] + PAYLOADS[1], "date": "2025-12-01", "product": PAYLOADS[2],
                          "incentive": PAYLOADS[0], "featured": True}],
        "reviews": [{"platform": "g2", "rating": 5, "date": "2025-12-02", "title": PAYLOADS[0], "body": PAYLOADS[2],
                     "incentive": PAYLOADS[1], "url": "https://example.com/?q=\"><script>"}],
        "spotlight": {"date": "2025-12-06", "headline": PAYLOADS[2],
                      "story": "A **bold** story. " + PAYLOADS[0] + "\n\n<div onclick=alert(6)>x</div>\n"},
        "awards": [{"name": PAYLOADS[0], "year": 2025}],
        "activities": [{"type": "speaking", "date": "2025-12-03", "title": PAYLOADS[0]}],
    }
    write_yaml(root / "advocates/hostile-person.yml", hostile)


def _case_studies(root: Path) -> None:
    write(root / "case_studies/open-corp.md", """
        ---
        title: "Open Corp </script><script>alert(3)</script>"
        customer: "<b>Open</b> Corp"
        summary: "\\"><img src=x onerror=alert(4)>"
        date: 2025-11-01
        industry: Healthcare
        use_cases: ["<i>Forecasting</i>"]
        advocates: [public-one, hiddenmarker-person, hostile-person, expired-person]
        results:
          - {value: "<b>50%</b>", label: "</script>"}
        quote: {text: "<script>alert(5)</script>", advocate: hostile-person}
        ---

        Body text.
        """)
    write(root / "case_studies/expired-quote.md", """
        ---
        title: Expired quote
        customer: Gone Corp
        summary: A quote whose consent lapsed.
        date: 2025-10-01
        industry: Retail
        advocates: [expired-person]
        quote: {text: expiredmarker-quote, advocate: expired-person}
        ---

        Body.
        """)
    write(root / "case_studies/draft-one.md", """
        ---
        title: Draftmarker Title
        customer: Draftmarker Title
        summary: draftmarker-body
        date: 2025-10-01
        industry: Retail
        draft: true
        ---

        draftmarker-body
        """)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("leaks")
    mkdocs_yml(root)
    write(root / "content/index.md", "# Home\n\n<!-- advocacy: testimonials limit=5 -->\n\n<!-- advocacy: rating -->\n")
    _advocates(root)
    _case_studies(root)
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root, result.stdout + result.stderr


def _texts(site: Path):
    for p in sorted(site.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            if p.suffix == ".gz":
                data = gzip.decompress(data)
            yield p.relative_to(site).as_posix(), data.decode("utf-8", "replace")


def _undo_escapes(text: str) -> str:
    text = html.unescape(text)
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def test_no_private_or_hidden_value_in_any_file_or_file_name(built):
    root, _ = built
    leaks = []
    for rel, text in _texts(root / "site"):
        plain = _undo_escapes(text).casefold()
        for marker in PRIVATE_MARKERS + HIDDEN_MARKERS:
            if marker.casefold() in plain or marker.casefold() in rel.casefold():
                leaks.append(f"{marker} in {rel}")
        if "hiddenmarker-person" in rel or "expired-person" in rel:
            leaks.append(f"file {rel}")
    assert leaks == []


def test_no_private_value_in_the_build_log(built):
    _, log = built
    for marker in PRIVATE_MARKERS:
        assert marker not in log


def test_photos_are_published_without_metadata(built):
    root, _ = built
    published = root / "site/assets/advocacy/photos/public-one.jpg"
    assert published.is_file()
    assert b"exifmarker" not in published.read_bytes()
    assert b"Exif" not in published.read_bytes()


def test_the_review_list_is_exactly_what_the_reviews_page_lists(built):
    """The reviews page's filters read assets/advocacy/review-list.json (api/reviews.json keeps the
    keys SPEC.md fixes): the public advocates' reviews in the page's order (newest first, then
    platform, then advocate slug), nothing of the non-public advocate whose reviews share their day
    and platforms, nothing under `private`. The aggregate still counts every review."""
    from bs4 import BeautifulSoup

    root, _ = built
    site = root / "site"
    api = json.loads((site / "api/reviews.json").read_text(encoding="utf-8"))
    assert list(api) == ["as_of", "count", "average", "incentivized", "distribution", "platforms"]
    raw = (site / "assets/advocacy/review-list.json").read_text(encoding="utf-8")
    rows = json.loads(raw)
    order = [(r["date"], r["platform"], r["advocate"]) for r in rows]
    assert order == [("2026-01-30", "g2", "public-one"), ("2025-12-02", "capterra", "public-one"),
                     ("2025-12-02", "g2", "hostile-person"), ("2025-12-02", "g2", "public-one"),
                     ("2025-11-20", "internal", "public-one")]
    assert api["count"] == len(rows) + 2  # the hidden advocate's two reviews count, unlisted
    soup = BeautifulSoup((site / "reviews/index.html").read_text(encoding="utf-8"), "html.parser")
    listed = [(card.select_one("time")["datetime"], card.select_one(".adv-meta a")["href"])
              for card in soup.select("[data-adv-static] article.adv-review")]
    assert listed == [(r["date"], f"../{r['profile']}") for r in rows]
    assert {r["advocate"] for r in rows} == {"public-one", "hostile-person"}
    for row in rows:
        assert set(row) == {"advocate", "name", "company", "platform", "rating", "scale", "stars", "date", "title",
                            "body", "url", "product", "incentive", "facets", "profile", "date_text", "stars_text",
                            "rating_text"}
    assert rows[1]["facets"] == {"platform": "capterra", "product": "forecast", "stars": "3"}
    assert rows[4]["facets"]["stars"] == "5" and rows[4]["stars_text"] == "4.5" and rows[4]["incentive"] == "A mug"
    for marker in HIDDEN_MARKERS + PRIVATE_MARKERS + ["Hiddenmarker", '"private"', "google"]:
        assert marker.casefold() not in _undo_escapes(raw).casefold(), marker
    cards = json.loads((site / "assets/advocacy/testimonial-cards.json").read_text(encoding="utf-8"))
    wall = json.loads((site / "api/testimonials.json").read_text(encoding="utf-8"))
    assert sorted(cards["advocates"]) == sorted({t["advocate"] for t in wall}) == ["hostile-person", "public-one"]


def test_hostile_text_is_escaped_in_every_html_xml_and_svg_file(built):
    root, _ = built
    raw = []
    for rel, text in _texts(root / "site"):
        if not rel.endswith((".html", ".xml", ".svg")):
            continue
        for payload in ("<script>alert", "<img src=x", "<b>Open</b>", "<i>Forecasting</i>", "<b>50%</b>"):
            if payload in text:
                raw.append(f"{payload} in {rel}")
    assert raw == []


def test_hostile_text_still_reads_as_text(built):
    root, _ = built
    page = (root / "site/testimonials/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page or "&lt;script&gt;alert(&quot;x&quot;)" in page


def test_a_story_keeps_its_markdown_but_not_raw_html(built):
    root, _ = built
    page = (root / "site/spotlight/hostile-person/index.html").read_text(encoding="utf-8")
    assert "<strong>bold</strong>" in page
    assert "<div onclick" not in page and "&lt;div onclick=alert(6)&gt;" in page


def test_json_ld_cannot_be_broken_out_of(built):
    root, _ = built
    for rel in ("case-studies/open-corp/index.html", "reviews/index.html"):
        page = (root / "site" / rel).read_text(encoding="utf-8")
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S):
            assert "<" not in block
            json.loads(block)


def test_search_index_holds_no_raw_markup_from_records(built):
    root, _ = built
    index = json.loads((root / "site/search/search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            assert "<script>alert" not in doc.get(key, ""), (doc["location"], key)


def test_lapsed_quote_is_dropped_with_a_notice(built):
    root, log = built
    page = (root / "site/case-studies/expired-quote/index.html").read_text(encoding="utf-8")
    assert "expiredmarker" not in page.casefold()
    # the build says it in one line; `advocacy validate` names each notice
    assert re.search(r"INFO +- +advocacy: \d+ program notices \(see `advocacy validate` or `advocacy report`\)", log)
    import subprocess
    import sys

    from sitegen import ENV

    validate = subprocess.run([sys.executable, "-m", "mkdocs_advocacy", "validate"], cwd=root, env=ENV,
                              capture_output=True, text=True, timeout=300).stdout
    assert re.search(r"case_studies/expired-quote\.md:\d+: quote\.advocate: .*left out", validate)
    assert re.search(r"advocates/expired-person\.yml:\d+: consent\.expires: consent expired on 2026-01-01", validate)


def test_shared_chrome_matches_full_renders_with_hostile_text(built):
    from sitegen import site_files, without_shortcuts

    root, _ = built
    full = build(root, site="site-full", config=without_shortcuts(root))
    assert full.returncode == 0
    assert site_files(root / "site") == site_files(root / "site-full")
