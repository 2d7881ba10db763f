"""`pip install .` ships everything the plugin needs: templates, CSS and JS, the report and init files."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_wheel_holds_templates_assets_report_and_scaffold(tmp_path: Path):
    # From a copy of the sources: an in-tree build/ folder would keep files deleted since.
    source = tmp_path / "source"
    shutil.copytree(ROOT / "plugins", source / "plugins", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
                            capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    wheel = next(tmp_path.glob("mkdocs_advocacy-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("mkdocs_advocacy/templates/advocacy/page.html",
                   "mkdocs_advocacy/templates/advocacy/partials/testimonial-card.html",
                   "mkdocs_advocacy/assets/advocacy.css", "mkdocs_advocacy/assets/advocacy.js",
                   "mkdocs_advocacy/report/report.html", "mkdocs_advocacy/scaffold/mkdocs.yml",
                   "mkdocs_advocacy/scaffold/dot-github/workflows/publish.yml", "mkdocs_advocacy/py.typed",
                   "mkdocs_advocacy/locale/de/LC_MESSAGES/advocacy.po",
                   "mkdocs_advocacy/locale/ja/LC_MESSAGES/advocacy.po"):
        assert needed in names, needed
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "advocacy = mkdocs_advocacy.plugin:AdvocacyPlugin" in entry_points
    assert "advocacy = mkdocs_advocacy.cli:run" in entry_points
