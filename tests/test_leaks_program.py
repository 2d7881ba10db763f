"""The leak scan for issue 13's private fields: a marker planted in every one of them (reference
availability, requests, deal names, currencies, thanked milestones, dated NPS answers) reaches the
internal report but no file of site/ and no line of the build log."""

from __future__ import annotations

import gzip
import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sitegen import ENV, build, mkdocs_yml, write, write_yaml

MARKERS = {
    "topic": "pmk-topic-text", "use_case": "pmk-usecase-text", "product": "pmk-product-text",
    "language": "pmk-language-text", "rep": "pmk-rep-name", "deal": "pmk-request-deal",
    "request_notes": "pmk-request-notes", "activity_deal": "pmk-activity-deal", "deal_value": "7654321",
    "cap": "pmk-cap",
}


def _site(root: Path) -> None:
    mkdocs_yml(root, {"program": {"currency": "USD"}})
    write(root / "content/index.md", "# Home\n\n<!-- advocacy: testimonials limit=5 -->\n")
    (root / "case_studies").mkdir()
    write_yaml(root / "advocates/planted.yml", {
        "name": "Pat Planted", "company": "Open Corp", "industry": "Healthcare",
        "consent": {"public": True, "given": "2025-01-01"},
        "private": {
            "nps": [{"score": 3, "date": "2025-11-01"}, {"score": 9, "date": "2026-01-10"}],
            "references": {"available": True, "topics": [MARKERS["topic"]], "use_cases": [MARKERS["use_case"]],
                           "products": [MARKERS["product"]], "languages": [MARKERS["language"]],
                           "channel": "in_person", "cap": 7},
            "reference_requests": [{"date": "2026-01-05", "status": "declined", "rep": MARKERS["rep"],
                                    "deal": MARKERS["deal"], "notes": MARKERS["request_notes"]}],
            "thanked_milestones": [{"milestone": 5, "thanked": "2026-01-20"}],
        },
        "testimonials": [{"quote": "Open and honest.", "date": "2025-12-01"}],
        "activities": [{"type": "reference_call", "date": "2026-01-12", "thanked": "2026-01-13",
                        "private": {"deal": MARKERS["activity_deal"], "deal_value": 7654321, "won": True,
                                    "currency": "USD"}}]
                      + [{"type": "social_share", "date": f"2025-12-{d:02d}"} for d in (1, 2, 3, 4)],
    })


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("leaks-program")
    _site(root)
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root, result.stdout + result.stderr


def _texts(site: Path):
    for p in sorted(site.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            if p.suffix == ".gz":
                data = gzip.decompress(data)
            text = html.unescape(data.decode("utf-8", "replace"))
            yield p.relative_to(site).as_posix(), re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def test_no_new_private_field_reaches_site_or_log(built):
    root, log = built
    leaks = [f"{m} in {rel}" for rel, text in _texts(root / "site") for m in MARKERS.values()
             if m != "pmk-cap" and m.casefold() in text.casefold()]
    assert leaks == []
    for rel, text in _texts(root / "site"):
        assert "in_person" not in text, rel  # the preferred channel
        assert "2026-01-13" not in text and "2026-01-20" not in text, rel  # thanked dates
    for m in MARKERS.values():
        assert m not in log


def test_the_planted_fields_are_read_by_the_report(built):
    root, _ = built
    done = subprocess.run([sys.executable, "-m", "mkdocs_advocacy", "report", "--format", "json"], cwd=root,
                          env=ENV, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["returns"]["totals"]["won"] == "7654321.00"
    assert data["references"]["requests_in_window"]["declined"] == 1
    assert data["people"][0]["nps"] == 9
    match = subprocess.run([sys.executable, "-m", "mkdocs_advocacy", "match", "--language", MARKERS["language"]],
                           cwd=root, env=ENV, capture_output=True, text=True, timeout=300)
    assert "Pat Planted" in match.stdout and "5 of 7" in match.stdout  # a declined request and a call: 2 asks
