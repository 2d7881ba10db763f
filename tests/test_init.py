"""`advocacy init`: a new site that builds as it is, and that never overwrites anything."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs_advocacy.scaffold import init_site


def _build(site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)  # the new site builds "as of" today, like its publish job
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=site, env=env, capture_output=True, text=True, timeout=300,
    )


@pytest.mark.slow
def test_init_makes_a_site_that_builds_strict(tmp_path: Path) -> None:
    site = tmp_path / "site"
    written = init_site(site)

    for rel in ("mkdocs.yml", "content/index.md", "README.md", ".gitignore", "requirements.txt",
                ".github/workflows/pr.yml", ".github/workflows/publish.yml", ".vscode/settings.json",
                "schemas/advocate.schema.json", "case_studies/brightwater-logistics.md"):
        assert site / rel in written, f"{rel} not reported as written"
        assert (site / rel).is_file(), f"{rel} missing"
    assert all(p.is_file() for p in written)
    advocates = sorted((site / "advocates").glob("*.yml"))
    assert len(advocates) == 2
    for path in advocates:
        assert path.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../schemas/advocate.schema.json\n")
    assert "private" in (site / "README.md").read_text(encoding="utf-8").lower()

    proc = _build(site)
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    out = site / "site"
    assert (out / "case-studies" / "index.html").is_file()
    assert (out / "api" / "reviews.json").is_file()

    # The examples are public on any day: both people and the case study are published.
    reviews = json.loads((out / "api" / "reviews.json").read_text(encoding="utf-8"))
    assert reviews["count"] == 2
    for slug in (p.stem for p in advocates):
        assert (out / "advocates" / slug / "index.html").is_file(), f"{slug} is not public"
    assert (out / "case-studies" / "brightwater-logistics" / "index.html").is_file()
    # ... and their private data is not.
    for html in out.rglob("*"):
        if html.is_file() and html.suffix in (".html", ".json", ".xml", ".svg"):
            assert "brightwater.example" not in html.read_text(encoding="utf-8", errors="replace"), html


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not empty"):
        init_site(site)
    assert sorted(p.name for p in site.iterdir()) == ["notes.txt"], "init wrote into a non-empty folder"


def test_init_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.write_text("", encoding="utf-8")
    with pytest.raises(FileExistsError):
        init_site(target)


def test_init_accepts_an_empty_git_repository(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / ".git").mkdir(parents=True)
    written = init_site(site, site_name='Acme: "Customers"')
    assert site / "mkdocs.yml" in written
    text = (site / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_name: "Acme: \\"Customers\\""' in text
