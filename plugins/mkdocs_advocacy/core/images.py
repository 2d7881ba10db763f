"""Photos and logos: what may be published, and publishing them clean.

Raster images are re-encoded without metadata (no EXIF, no GPS); SVGs are checked for anything
that could run or fetch (scripts, event handlers, `javascript:` links, external references).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image, UnidentifiedImageError

RASTER_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}
EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp", ".svg")
_JS = re.compile(r"^\s*j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:", re.IGNORECASE)
_CSS_EXTERNAL = re.compile(r"@import|url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


def svg_problems(data: bytes) -> list[str]:
    """Why this SVG cannot be published (empty when it can)."""
    try:
        # ElementTree does not fetch external entities or DTDs; a DOCTYPE is refused outright below.
        if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
            return ["has a DOCTYPE or entity declaration"]
        root = ET.fromstring(data)
    except ET.ParseError as e:
        return [f"is not a readable SVG ({e})"]
    if not root.tag.endswith("svg"):
        return ["is not an SVG image"]
    found: list[str] = []
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1].lower()
        if tag in ("script", "foreignobject"):
            found.append(f"has a <{tag}> element")
        if tag == "style" and el.text and _CSS_EXTERNAL.search(el.text):
            found.append("has a style sheet that loads an external resource")
        for name, value in el.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                found.append(f"has an event-handler attribute ({local})")
            elif local == "href":
                if _JS.match(value):
                    found.append("has a javascript: link")
                elif not value.startswith("#"):
                    found.append(f"has an external reference ({value[:60]})")
            elif _CSS_EXTERNAL.search(value) and (local == "style" or "url(" in value.lower()):
                found.append(f"has an external reference in {local}")
            elif _JS.match(value):
                found.append(f"has a javascript: value in {local}")
    return sorted(set(found))


def image_problems(path: Path) -> list[str]:
    """Why the file at `path` cannot be published as a photo or logo."""
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        return [f"must be a PNG, JPEG, WebP or SVG file, got {suffix or 'no extension'}"]
    data = path.read_bytes()
    if suffix == ".svg":
        return svg_problems(data)
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.verify()
            if img.format not in RASTER_FORMATS:
                return [f"is a {img.format} image; use PNG, JPEG or WebP"]
    except UnidentifiedImageError:
        return ["is not a readable image"]
    except (OSError, SyntaxError) as e:
        return [f"is not a readable image ({type(e).__name__})"]
    return []


_SAVE_AS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}


def published_suffix(path: str) -> str:
    """The extension an image is published with."""
    suffix = path.rsplit(".", 1)[-1].lower()
    return ".jpg" if suffix == "jpeg" else "." + suffix


def clean_image(path: Path) -> bytes:
    """The image re-encoded without metadata (SVGs, already checked, as they are)."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return data
    fmt = _SAVE_AS[suffix]
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        if fmt == "JPEG" and img.mode not in ("RGB", "L"):
            img = img.convert("RGB")
        # A fresh image holds pixels only: EXIF, GPS, XMP, ICC and text chunks stay behind.
        clean = Image.frombytes(img.mode, img.size, img.tobytes())
        if img.mode == "P" and img.getpalette():
            clean.putpalette(img.getpalette())
        out = io.BytesIO()
        clean.save(out, format=fmt)
    return out.getvalue()
