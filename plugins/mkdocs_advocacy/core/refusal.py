"""How a photo or logo that cannot be published is described: one exception, short values."""

from __future__ import annotations

MAX_BYTES = 5 * 1024 * 1024  # for any image file, raster or SVG


class ImageRefused(ValueError):
    """A file that cannot be published; the message says why (without the file's path)."""


def _short(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _too_many_bytes(size: int) -> str:
    return f"is {size:,} bytes; the limit is {MAX_BYTES // (1024 * 1024)} MiB ({MAX_BYTES:,} bytes)"
