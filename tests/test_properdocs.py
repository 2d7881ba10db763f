"""The plugin runs unchanged under ProperDocs, the MkDocs 1.x-compatible fork (SPEC.md section 1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sitegen import ENV, build, mkdocs_yml, write, write_yaml

pytest.importorskip("properdocs")


def test_properdocs_builds_the_same_data(tmp_path: Path):
    mkdocs_yml(tmp_path)
    write(tmp_path / "content/index.md", "# Home\n\n<!-- advocacy: rating -->\n")
    write_yaml(tmp_path / "advocates/ana-silva.yml", {
        "name": "Ana Silva", "company": "Silva Co", "industry": "Retail",
        "consent": {"public": True, "given": "2025-01-01"},
        "reviews": [{"platform": "g2", "rating": 4, "date": "2025-06-01"}],
        "testimonials": [{"quote": "Works.", "date": "2025-06-02"}]})
    (tmp_path / "case_studies").mkdir()
    assert build(tmp_path).returncode == 0
    cmd = [sys.executable, "-m", "properdocs", "build", "-f", str(tmp_path / "mkdocs.yml"), "-d",
           str(tmp_path / "site-pd")]
    result = subprocess.run(cmd, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    for name in ("reviews", "champions", "testimonials", "case-studies"):
        assert (tmp_path / f"site-pd/api/{name}.json").read_bytes() == (tmp_path / f"site/api/{name}.json").read_bytes()
    assert (tmp_path / "site-pd/advocates/ana-silva/index.html").is_file()
