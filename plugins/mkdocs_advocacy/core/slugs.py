"""Slugs of industries, company sizes and use cases, exactly as SPEC.md section 6 defines them.

Written by hand because the rule is fixed by the contract (non-ASCII characters are dropped, not
transliterated as python-slugify would do), and because other tools recompute these URLs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_RUNS = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)  # a program names the same few industries and use cases thousands of times
def slugify(name: str, prefix: str = "industry") -> str:
    """`Financial Services` -> `financial-services`; `201-1000` -> `201-1000`."""
    ascii_only = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _RUNS.sub("-", ascii_only.lower()).strip("-")
    if slug:
        return slug
    return f"{prefix}-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
