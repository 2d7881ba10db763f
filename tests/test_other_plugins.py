"""The plugin beside others that rework a site: mkdocs-static-i18n expects every file to have a
source path, which generated files have not; our files join the list after it is done."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sitegen import build, mkdocs_yml, write, write_yaml

pytest.importorskip("mkdocs_static_i18n")
pytestmark = pytest.mark.slow


def test_a_site_with_mkdocs_static_i18n_builds(tmp_path: Path):
    mkdocs_yml(tmp_path)
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"].insert(1, {"i18n": {"docs_structure": "suffix", "languages": [
        {"locale": "en", "default": True, "name": "English"}, {"locale": "fr", "name": "Français"}]}})
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    write(tmp_path / "content/index.md", "# Home\n\n<!-- advocacy: testimonials -->\n")
    write(tmp_path / "content/index.fr.md", "# Accueil\n")
    write_yaml(tmp_path / "advocates/ana-silva.yml", {
        "name": "Ana Silva", "company": "Silva Co", "industry": "Retail", "consent": {"public": True, "given": "2025-01-01"},
        "testimonials": [{"quote": "Works for us.", "date": "2025-06-02"}]})
    (tmp_path / "case_studies").mkdir()
    result = build(tmp_path, "--strict")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "Works for us." in (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert (tmp_path / "site/advocates/ana-silva/index.html").is_file()
    assert (tmp_path / "site/api/testimonials.json").is_file()
