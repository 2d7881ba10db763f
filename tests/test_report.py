"""`advocacy report` (SPEC.md sections 5 and 9): the internal program report as text, JSON and one
self-contained HTML file, on a small program whose figures are worked out by hand below.

The browser test needs Debian's /usr/bin/chromium: without it it skips, unless
ADVOCACY_REQUIRE_BROWSER=1 (as in CI). Its screenshot is kept in tests/artifacts/screenshots/.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from browserkit import CHROMIUM, CHROMIUM_ARGS, require_browser
from mkdocs_advocacy.report_html import render_report_html
from mkdocs_advocacy.report_text import render_report_text
from sitegen import ENV, mkdocs_yml, write, write_yaml

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PAYLOAD = '<script>alert("report")</script>'
MONTHS = ["2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10",
          "2025-11", "2025-12", "2026-01"]
WARNING = "Internal — contains private data. Never publish."


def _program(root: Path) -> None:
    """as_of 2026-01-31. NPS answers 10, 9, 8, 7, 3: 2 promoters, 2 passives, 1 detractor, NPS +20."""
    mkdocs_yml(root)  # plugins: [search, {advocacy: {as_of: 2026-01-31}}]
    write(root / "content/index.md", "# Customers\n")
    (root / "case_studies").mkdir()
    strong = {"feature_adoption": 0.9, "health_score": 90, "positive_social_mentions": 2,
              "responded_to_last_request": True}
    # Four reference calls in the last 90 days (cap: more than 3): reference fatigue. Score 100;
    # 5 x 30 = 150 points in the 365-day window: champion.
    write_yaml(root / "advocates/ada-busy.yml", {
        "name": "Ada Busy", "company": "Alpha Corp", "industry": "Software", "customer_since": "2020-01-01",
        "consent": {"public": True, "given": "2025-01-01"},
        "private": {"email": "ada@alpha.example", "nps": 10, **strong},
        "activities": [{"type": "reference_call", "date": d} for d in
                       ("2025-11-10", "2025-12-01", "2025-12-20", "2026-01-15")]
                      + [{"type": "reference_call", "date": "2025-06-01"}],  # outside the 90-day window
    })
    # Latest activity 2025-03-01, 336 days before as_of (> 180): re-engagement. Score 0.
    write_yaml(root / "advocates/ben-quiet.yml", {
        "name": "Ben Quiet", "company": "Beta Ltd", "industry": "Retail",
        "consent": {"public": True, "given": "2025-01-01"},
        "private": {"nps": 8},
        "activities": [{"type": "social_share", "date": "2025-03-01"}],
    })
    # No activity at all: re-engagement. Score 0 (a detractor).
    write_yaml(root / "advocates/cy-unhappy.yml", {
        "name": "Cy Unhappy", "company": "Gamma Inc", "industry": "Retail",
        "private": {"nps": 3},
    })
    # Qualified (25 + 20 + 20 + 15 = 80) and never asked: qualified without activity, and re-engagement.
    write_yaml(root / "advocates/dee-idle.yml", {
        "name": "Dee Idle", "company": "Delta plc", "industry": "Energy", "customer_since": "2019-05-01",
        "private": {"nps": 9, "feature_adoption": 0.8, "health_score": 95},
    })
    # A hostile name; a speaker this month. Not public.
    write_yaml(root / "advocates/eve-hostile.yml", {
        "name": f"{PAYLOAD} Eve", "company": "Epsilon <b>GmbH</b>", "industry": "Energy",
        "private": {"nps": 7},
        "activities": [{"type": "speaking", "date": "2026-01-10"}],
    })


def _report(root: Path, fmt: str, out: Path) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "mkdocs_advocacy", "report", "--format", fmt, "-f", str(root / "mkdocs.yml"),
           "-o", str(out)]
    return subprocess.run(cmd, cwd=root, env=ENV, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("report-site")
    _program(root)
    out = {}
    for fmt, name in (("json", "report.json"), ("text", "report.txt"), ("html", "report.html")):
        done = _report(root, fmt, root / name)
        assert done.returncode == 0, done.stdout + done.stderr
        out[fmt] = root / name
    out["root"] = root
    return out


@pytest.fixture(scope="module")
def data(reports) -> dict:
    return json.loads(reports["json"].read_text(encoding="utf-8"))


def test_json_figures(data):
    assert data["as_of"] == "2026-01-31"
    assert data["advocates"] == 5
    assert data["public_advocates"] == 2
    assert data["months"] == MONTHS
    assert data["nps"] == {"score": 20, "respondents": 5, "promoters": 2, "passives": 2, "detractors": 1}
    # Ada (4 calls) and Eve (speaking) took part in the last 90 days.
    assert data["participating_last_90_days"] == 2
    assert data["participation_rate"] == 0.4
    assert data["activities_per_month"]["reference_call"]["2025-12"] == 2
    assert data["activities_per_month"]["reference_call"]["2025-06"] == 1
    assert data["activities_per_month"]["social_share"]["2025-03"] == 1
    assert data["activities_per_month"]["speaking"]["2026-01"] == 1
    assert [p["slug"] for p in data["reference_fatigue"]] == ["ada-busy"]
    assert data["reference_fatigue"][0]["reference_calls"] == 4
    assert {p["slug"] for p in data["reengagement"]} == {"ben-quiet", "cy-unhappy", "dee-idle"}
    ben = next(p for p in data["reengagement"] if p["slug"] == "ben-quiet")
    assert (ben["latest_activity"], ben["days_since"]) == ("2025-03-01", 336)
    assert [p["slug"] for p in data["qualified_without_activity"]] == ["dee-idle"]
    assert data["qualified"] == 2
    scores = {p["slug"]: p["score"] for p in data["people"]}
    assert scores == {"ada-busy": 100, "ben-quiet": 0, "cy-unhappy": 0, "dee-idle": 80, "eve-hostile": 0}
    assert data["score_distribution"] == {"0-19": 3, "20-39": 0, "40-59": 0, "60-79": 0, "80-100": 2}


def test_text_report_shows_every_figure_and_list(reports):
    text = reports["text"].read_text(encoding="utf-8")
    assert "Internal - contains private data. Never publish." in text
    assert "As of 2026-01-31" in text
    assert "NPS +20 from 5 respondents" in text
    assert re.search(r"Participation rate \(last 90 days\)\s+40\.0% \(2 of 5\)", text)
    fatigue = text.split("Reference fatigue")[1].split("Re-engagement")[0]
    assert re.search(r"Ada Busy\s+Alpha Corp\s+4\s+advocates/ada-busy\.yml", fatigue)
    reengage = text.split("Re-engagement")[1].split("Qualified advocates with no activity")[0]
    assert re.search(r"Ben Quiet\s+Beta Ltd\s+2025-03-01\s+336", reengage)
    assert "Cy Unhappy" in reengage and "Dee Idle" in reengage and "Ada Busy" not in reengage
    idle = text.split("Qualified advocates with no activity yet")[1].split("All advocates")[0]
    assert re.search(r"Dee Idle\s+Delta plc\s+80", idle)
    # The 12 months, as a year line over the month names, with a total row.
    months = text.split("Activities per month")[1].split("Net Promoter Score")[0]
    assert re.search(r"^\s+2025\s+2026$", months, re.MULTILINE)
    assert re.search(r"Type\s+Feb\s+Mar\s+Apr\s+May\s+Jun\s+Jul\s+Aug\s+Sep\s+Oct\s+Nov\s+Dec\s+Jan\s+Total", months)
    assert re.search(r"Reference call(\s+\d+){12}\s+5$", months, re.MULTILINE)
    assert re.search(r"All activities(\s+\d+){12}\s+7$", months, re.MULTILINE)
    assert "ada@alpha.example" in text  # internal: the people table carries e-mail addresses
    assert PAYLOAD + " Eve" in text  # plain text has nothing to escape, but it stays on one line


def test_html_is_one_self_contained_file(reports):
    html = reports["html"].read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert WARNING in html
    # Nothing fetched: no script, no stylesheet link, no network address in src/href/url()/@import.
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"url\(|@import|<link\b|<script\b|<iframe\b|<img\b", html, re.IGNORECASE)
    assert "http://" not in html and "https://" not in html
    # Seven inline charts (activity, tiers, scores, NPS; returns, concentration, trend), each with a
    # title and a description for screen readers.
    charts = re.findall(r"<svg\b[^>]*>", html)
    assert len(charts) == 7
    for tag in charts:
        assert 'role="img"' in tag and "aria-labelledby=" in tag
    assert html.count("<title id=") == 7 and html.count("<desc id=") == 7


def test_html_escapes_every_value_from_records(reports):
    html = reports["html"].read_text(encoding="utf-8")
    assert PAYLOAD not in html and "<b>GmbH</b>" not in html
    assert "&lt;script&gt;alert(&#34;report&#34;)&lt;/script&gt; Eve" in html
    assert "Epsilon &lt;b&gt;GmbH&lt;/b&gt;" in html


def test_html_shows_the_figures(reports, data):
    html = reports["html"].read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "As of 31 January 2026" in text
    assert re.search(r"NPS \+20 5 respondents", text)
    assert re.search(r"Participation 40% 2 of 5 active in the last 90 days", text)
    assert re.search(r"Qualified 2 advocacy score above 60", text)
    assert re.search(r"Public 2 ", text) and re.search(r"Advocates 5 ", text)
    assert re.search(r"Promoters 9–10 2 40% Passives 7–8 2 40% Detractors 0–6 1 20%", text)
    # The lists to act on, each under its own heading.
    fatigue = text.split("Reference fatigue")[1].split("Qualified, no activity yet")[0]
    assert "Ada Busy Alpha Corp 4 advocates/ada-busy.yml" in fatigue
    idle = text.split("Qualified, no activity yet")[1].split("Re-engagement")[0]
    assert "Dee Idle Delta plc 80" in idle
    reengage = text.split("Re-engagement")[1].split("All advocates")[0]
    assert "Ben Quiet Beta Ltd 2025-03-01 336" in reengage
    assert "Cy Unhappy" in reengage and "Dee Idle" in reengage and "Ada Busy" not in reengage
    # Every person, with tier, points, score, NPS and latest activity.
    people = text.split("All advocates")[1].split("Activities per month: the numbers")[0]
    for p in data["people"]:
        assert re.sub(r"\s+", " ", p["name"]) in people.replace("&lt;", "<").replace("&gt;", ">").replace(
            "&#34;", '"')
    assert re.search(r"Ada Busy over reference cap Alpha Corp Champion 150 100 10 2026-01-15", people)
    # The 12 months, in the chart's description and in the table of numbers.
    for month in ("February 2025", "January 2026"):
        assert month in html
    numbers = text.split("Activities per month: the numbers")[1]
    assert re.search(r"Type Feb 2025 Mar Apr May Jun Jul Aug Sep Oct Nov Dec Jan 2026 Total", numbers)
    assert re.search(r"Reference call( \d+){12} 5 ", numbers)


def test_renderers_are_deterministic_and_take_an_empty_program(data):
    assert render_report_html(data) == render_report_html(json.loads(json.dumps(data)))
    empty = {**data, "advocates": 0, "public_advocates": 0, "tiers": dict.fromkeys(data["tiers"], 0),
             "participation_rate": None, "participating_last_90_days": 0, "activities_per_month": {},
             "nps": {"score": None, "respondents": 0, "promoters": 0, "passives": 0, "detractors": 0},
             "score_distribution": dict.fromkeys(data["score_distribution"], 0), "qualified": 0,
             "reference_fatigue": [], "reengagement": [], "qualified_without_activity": [], "people": []}
    html = render_report_html(empty)
    assert "No activity in these 12 months" in html and "No NPS answers yet" in html
    assert "No advocate records yet." in html
    text = render_report_text(empty)
    assert "NPS n/a" in text and "Nobody is over the cap." in text



@pytest.mark.browser
def test_html_report_in_a_browser(reports):
    require_browser()
    from playwright.sync_api import sync_playwright

    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
            page = context.new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(reports["html"].as_uri())
            page.screenshot(path=str(shots / "report-1280.png"), full_page=True)
            assert [u for u in requests if not u.startswith("file:")] == []
            # Nothing wider than the window; every chart drawn at a readable size.
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280
            for box in [page.locator("svg.chart").nth(i).bounding_box() for i in range(4)]:
                assert box and box["width"] >= 250 and box["height"] >= 40
            assert page.get_by_text(WARNING).first.is_visible()
            context.close()
            # axe-core (shipped inside the Python package, injected by Playwright) finds nothing to fix.
            from axe_playwright_python.sync_playwright import Axe

            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(reports["html"].as_uri())
            violations = Axe().run(page).response["violations"]
            assert [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in violations] == []
        finally:
            browser.close()
