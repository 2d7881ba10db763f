"""`publish_nps`: the program's NPS on the reviews page and in api/reviews.json, and only then."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sitegen import build, mkdocs_yml, write, write_yaml


def _site(root: Path, publish: bool) -> Path:
    mkdocs_yml(root, {"publish_nps": publish})
    write(root / "content/index.md", "# Home\n")
    (root / "case_studies").mkdir(parents=True, exist_ok=True)
    for slug, nps, public in (("ann", 10, True), ("bob", 9, False), ("cy", 3, True), ("dee", None, True)):
        record = {"name": slug.title(), "company": "C", "industry": "Retail",
                  "consent": {"public": public, "given": "2025-01-01"},
                  "reviews": [{"platform": "g2", "rating": 4, "date": "2025-06-01"}]}
        if nps is not None:
            record["private"] = {"nps": nps}
        write_yaml(root / f"advocates/{slug}.yml", record)
    return root


@pytest.mark.parametrize("publish", [True, False])
def test_nps_is_published_only_when_asked(tmp_path: Path, publish: bool):
    root = _site(tmp_path, publish)
    result = build(root, "--strict")
    assert result.returncode == 0, result.stderr
    data = json.loads((root / "site/api/reviews.json").read_text())
    page = (root / "site/reviews/index.html").read_text()
    if publish:
        assert data["nps"] == 33  # 2 promoters, 1 detractor, 3 respondents (public or not): 33.3
        assert "Net Promoter Score" in page
    else:
        assert "nps" not in data and "Net Promoter Score" not in page
