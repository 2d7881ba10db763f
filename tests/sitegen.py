"""Writes small advocacy sites for tests: valid by default, with marker values planted where asked."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml
from PIL import Image

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1782777600", "PYTHONUNBUFFERED": "1"}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def _dates(value):
    """ISO date strings become dates, so they are written unquoted as a marketer would."""
    if isinstance(value, dict):
        return {k: _dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates(v) for v in value]
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    return value


def write_yaml(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(_dates(data), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def photo(path: Path, colour: tuple[int, int, int] = (40, 90, 160), exif_marker: str | None = None) -> Path:
    """A small JPEG; with `exif_marker`, carrying it in EXIF (which publishing must strip)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", (64, 64), colour)
    if exif_marker:
        exif = Image.Exif()
        exif[0x010E] = exif_marker  # ImageDescription
        exif[0x013B] = exif_marker  # Artist
        img.save(path, format="JPEG", exif=exif.tobytes())
    else:
        img.save(path, format="JPEG")
    return path


def mkdocs_yml(root: Path, options: dict | None = None, **top: object) -> Path:
    import datetime as dt

    config = {"site_name": "Test Customers", "site_url": "https://customers.test.example/", "docs_dir": "content",
              "theme": {"name": "material"},
              "plugins": ["search", {"advocacy": {"as_of": dt.date(2026, 1, 31), **(options or {})}}], **top}
    return write_yaml(root / "mkdocs.yml", config)


def build(root: Path, *args: str, site: str = "site", env: dict | None = None,
          config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(root / config), "-d", str(root / site), *args]
    return subprocess.run(cmd, cwd=root, env=env or ENV, capture_output=True, text=True, timeout=600)


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def without_shortcuts(root: Path) -> str:
    """A second config beside mkdocs.yml with `render_shortcuts: false`: every page the long way."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    for item in config["plugins"]:
        if isinstance(item, dict) and "advocacy" in item:
            item["advocacy"] = {**(item["advocacy"] or {}), "render_shortcuts": False}
    (root / "mkdocs-full.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return "mkdocs-full.yml"
