"""Fuzz the advocacy plugin with mutated and generated records (SPEC.md sections 2-4, 8, 9).

    .venv/bin/python benchmarks/fuzz.py [--records N] [--seed S] [--builds B] [--keep DIR] [--quick]

Generates N records (default 10,000; about 70 % advocates, 30 % case studies) from
`random.Random(seed)`, most of them broken the ways an attacker or a careless marketer breaks them
(byte flips, control characters, invalid UTF-8, deep nesting, odd numbers and dates, YAML tags,
anchors and aliases, wrong types, duplicate keys, long text, Markdown/HTML attacks, unknown fields,
odd photo/logo paths, look-alike Unicode, odd file names), then:

1. validates every record in-process with `check_site`, many records to one program folder; a
   batch that raises is bisected down to the single record that does. The `advocacy validate`
   command runs on each batch as well (text and GitHub formats in turn);
2. builds B programs in subprocesses (two at a time): most with `mkdocs build --strict` and a few
   hundred records that passed validation, one in eight a single record that did not, one in
   eight without `--strict` from records with warnings only (what the HTML sanitizer removed is
   a warning: these show what `mkdocs build` publishes of them). A build that crashes is bisected
   down to one record. Every failed build must leave the previous `site/` byte-identical; every
   successful one is scanned for leaked markers (site/ and the log) and unsafe HTML (pages, the
   feed, the search index, published SVGs).

Goals (each 0): tracebacks, errors without a line, leaks, unsafe HTML. The exit code is 1 when any
goal is missed. Up to 3 reproducers per failure class are written to `--keep` (default
/tmp/advocacy-fuzz): a complete little site each, with a README.txt saying what to run.
`--quick` (300 records, 3 builds) is a smoke test of under a minute.

Builds run without `-q` so that the INFO lines are in the log the leak scan reads.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import dataclasses
import datetime as dt
import gzip
import hashlib
import html.parser
import inspect
import io
import json
import os
import random
import re
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import warnings
import xml.etree.ElementTree as ET
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

import yaml
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate as G  # noqa: E402

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
from mkdocs_advocacy.core.check import check_site  # noqa: E402

try:
    from mkdocs_advocacy.core.cache import RECORDS as _PARSE_CACHE  # noqa: E402
except ImportError:  # pragma: no cover - the cache is an optimisation of the plugin
    _PARSE_CACHE = None

AS_OF = dt.date(2026, 1, 31)
OPTIONS = {"as_of": AS_OF}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
BIN = Path(sys.executable).parent
GOALS = {"tracebacks": "tracebacks", "line": "errors without a line", "leaks": "leaks", "unsafe": "unsafe HTML"}

MKDOCS_YML = """\
site_name: Fuzz Customers
site_url: https://customers.fuzz.example/
docs_dir: content
theme:
  name: material
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
plugins:
  - search
  - advocacy:
      as_of: 2026-01-31
"""
INDEX_MD = """\
# Fuzz Customers

<!-- advocacy: rating -->

<!-- advocacy: testimonials limit=20 -->

<!-- advocacy: case-studies limit=20 -->
"""

# ---------------------------------------------------------------------------------------------
# Markers: planted in records, searched for in what the build writes.


def pmark(i: int) -> str:
    """In every private text field of record i: must never leave it."""
    return f"pvt{i:06d}mk"


def nmark(i: int) -> str:
    """In the name, quotes and titles of record i when it is not public: must not be published."""
    return f"npn{i:06d}mk"


def xmark(i: int) -> str:
    """In every attack payload of record i, so that what survives names its record."""
    return f"xss{i:06d}q"


MARK_RE = re.compile(r"(pvt|npn)(\d{6})mk")
MARK_BRE = re.compile(rb"(pvt|npn)(\d{6})mk")
XSS_RE = re.compile(r"xss(\d{6})q")
TEMPLATE_RE = re.compile(rb"xss(\d{6})q1337")
EXIF_MARK = "exifleakmk"
ANCHOR_PUBLIC, ANCHOR_HIDDEN = 999998, 999999
ANCHORS = ("anchor-public", "anchor-hidden")

ANCHOR_PUBLIC_YML = f"""\
name: Avery Anchor
title: VP of Sales
company: Anchor Health
industry: Healthcare
company_size: 1001-5000
region: Europe
photo: photos/ok.jpg
consent: {{public: true, given: 2025-01-10}}
private:
  email: {pmark(ANCHOR_PUBLIC)}@anchor.example
  nps: 10
  notes: {pmark(ANCHOR_PUBLIC)} prefers email
testimonials:
  - {{quote: Anchors keep the fuzz honest., date: 2025-06-01, featured: true}}
reviews:
  - {{platform: internal, rating: 5, date: 2025-05-20, title: Solid}}
  - {{platform: g2, rating: 4, date: 2025-05-21, body: Good.}}
activities:
  - {{type: referral, date: 2025-07-14, converted: true, private: {{deal_value: 1000, notes: {pmark(ANCHOR_PUBLIC)} deal}}}}
spotlight:
  date: 2025-11-01
  headline: How Avery anchored the program
  story: |
    A plain *Markdown* story with [a link](https://example.com/).
"""
ANCHOR_HIDDEN_YML = f"""\
name: Hidden {nmark(ANCHOR_HIDDEN)} Person
company: Hidden Corp
industry: Healthcare
consent: {{public: false}}
private: {{email: {pmark(ANCHOR_HIDDEN)}@hidden.example, notes: {pmark(ANCHOR_HIDDEN)}}}
testimonials:
  - {{quote: "{nmark(ANCHOR_HIDDEN)} said this", date: 2025-06-01}}
"""
ANCHOR_STUDY_MD = """\
---
title: How Anchor Health anchored its forecast
customer: Anchor Health
summary: Anchor Health moved its forecast onto one model.
date: 2025-09-12
industry: Healthcare
company_size: 1001-5000
use_cases: [Forecasting]
products: [Forecast]
advocates: [anchor-public, anchor-hidden]
logo: logos/ok.png
results:
  - {value: "50%", label: lower variance}
quote: {text: "It works.", advocate: anchor-public}
---
## Challenge

The body of the anchor case study.
"""

# ---------------------------------------------------------------------------------------------
# Fixture images: every program gets the same photos/ and logos/ folders.

_IMAGES: dict[str, bytes] = {}


def _raster(size: tuple[int, int], fmt: str, mode: str = "RGB", exif: bool = False, noise: bool = False) -> bytes:
    if noise:
        img = Image.frombytes(mode, size, random.Random(7).randbytes(size[0] * size[1] * len(mode)))
    else:
        img = Image.new(mode, size, {"RGB": (40, 90, 160), "L": 120, "1": 1, "LA": (10, 200), "CMYK": (1, 2, 3, 4),
                                     "I;16": 1000, "P": 3, "RGBA": (1, 2, 3, 0)}[mode])
    out = io.BytesIO()
    kw: dict[str, Any] = {}
    if exif:
        e = Image.Exif()
        e[0x010E] = EXIF_MARK
        e[0x013B] = EXIF_MARK
        kw["exif"] = e.tobytes()
    if mode == "P":
        kw["transparency"] = 0
    img.save(out, format=fmt, **kw)
    return out.getvalue()


def _png_bilevel(width: int, height: int) -> bytes:
    """A blank 1-bit PNG of any size, written row by row (PIL would hold every pixel in a byte)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    z = zlib.compressobj(9)
    row = b"\0" * (1 + (width + 7) // 8)
    idat = b"".join(z.compress(row) for _ in range(height)) + z.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def images() -> dict[str, bytes]:
    if _IMAGES:
        return _IMAGES
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>'
    big_jpg = _raster((256, 256), "JPEG", noise=True)
    big_png = _raster((256, 256), "PNG", noise=True)
    big_webp = _raster((256, 256), "WEBP", noise=True)
    _IMAGES.update({
        "ok.jpg": _raster((64, 64), "JPEG", exif=True),
        "ok.jpeg": _raster((64, 64), "JPEG"),
        "ok.png": _raster((64, 64), "PNG"),
        "ok.webp": _raster((64, 64), "WEBP"),
        "ok.svg": svg,
        "ok.gif": _raster((8, 8), "GIF", mode="P"),
        "gif.jpg": _raster((8, 8), "GIF", mode="P"),
        "jpeg-as.png": _raster((64, 64), "JPEG"),
        "truncated.jpg": big_jpg[: len(big_jpg) * 3 // 5],
        "truncated.png": big_png[: len(big_png) * 3 // 5],
        "truncated.webp": big_webp[: len(big_webp) * 3 // 5],
        "notimage.jpg": b"this is not an image\n",
        "notimage.png": b"\x89PNG\r\n\x1a\n garbage after the signature",
        "empty.png": b"",
        "cmyk.jpg": _raster((16, 16), "JPEG", mode="CMYK"),
        "la.png": _raster((16, 16), "PNG", mode="LA"),
        "i16.png": _raster((16, 16), "PNG", mode="I;16"),
        "ptrans.png": _raster((16, 16), "PNG", mode="P"),
        "rgba.webp": _raster((16, 16), "WEBP", mode="RGBA"),
        "bomb.png": _png_bilevel(14000, 14000),  # over PIL's decompression-bomb limit: an error
        "big.png": _png_bilevel(10000, 10000),  # over its warning limit only
        "evil.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "onload.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
        "external.svg": b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                        b'<image xlink:href="https://evil.example/x.png"/></svg>',
        "jslink.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><a href=" JaVaScRiPt:alert(1)"><rect/></a></svg>',
        "xxe.svg": b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                   b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
        "style.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/x.css);'
                     b'</style><rect/></svg>',
        "css-url.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/#a)"/>'
                       b'</svg>',
        "notsvg.svg": b"<html><body>not an svg</body></html>",
        "broken.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><rect',
        "unicode-\u00fcn\u00ef.png": _raster((8, 8), "PNG"),
        "with space.png": _raster((8, 8), "PNG"),
    })
    return _IMAGES


def write_fixtures(root: Path) -> None:
    """The images, symlinks and anchor records every program shares."""
    for folder, sub in (("advocates", "photos"), ("case_studies", "logos")):
        d = root / folder / sub
        d.mkdir(parents=True, exist_ok=True)
        for name, data in images().items():
            (d / name).write_bytes(data)
        (d / "dir.jpg").mkdir()
        os.symlink("loop.jpg", d / "loop.jpg")
        os.symlink("missing-target.jpg", d / "dangling.jpg")
        os.symlink("../../outside.jpg", d / "outside.jpg")
        os.symlink("ok.png", d / "link.png")
        os.mkfifo(d / "fifo.jpg")
    (root / "outside.jpg").write_bytes(images()["ok.jpg"])
    (root / "advocates" / "anchor-public.yml").write_text(ANCHOR_PUBLIC_YML, encoding="utf-8")
    (root / "advocates" / "anchor-hidden.yml").write_text(ANCHOR_HIDDEN_YML, encoding="utf-8")
    (root / "case_studies" / "anchor-study.md").write_text(ANCHOR_STUDY_MD, encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Records


@dataclasses.dataclass
class Rec:
    idx: int
    kind: str  # advocate | case_study
    cls: str  # mutation class
    tag: str  # class and where: what a crash is quarantined by
    detail: str  # what was done, for a reproducer's README
    data: bytes
    fname: str
    special: str = ""  # "" (a file) | dir | fifo | symlink:<target>
    outcome: str = ""  # ok | error | warning | crash
    check_seconds: float = -1.0  # check_site alone, when it was timed alone
    crash_sig: str = ""
    problems: list[str] = dataclasses.field(default_factory=list)
    levels: set[str] = dataclasses.field(default_factory=set)
    _secret: set[str] | None = None

    @property
    def folder(self) -> str:
        return "advocates" if self.kind == "advocate" else "case_studies"

    @property
    def rel(self) -> str:
        return f"{self.folder}/{self.fname}"

    def secret_markers(self) -> set[str]:
        """Markers that must not be published: private values (where nothing public repeats them)
        and, when the advocate is not public, the markers of its name and quotes."""
        if self._secret is None:
            self._secret = _secret_markers(self.data) if self.kind == "advocate" and not self.special else set()
        return self._secret


def _load_leniently(data: bytes) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(data.decode("utf-8-sig"), Loader=loader)  # noqa: S506 - a safe loader
    except Exception:
        return None


def _secret_markers(data: bytes) -> set[str]:
    doc = _load_leniently(data)
    if not isinstance(doc, dict):
        return set()
    hidden, shown = set(), set()

    def walk(node: Any, private: bool) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(k, private)
                walk(v, private or k == "private")
        elif isinstance(node, list):
            for v in node:
                walk(v, private)
        elif isinstance(node, str):
            (hidden if private else shown).update(m.group(0) for m in MARK_RE.finditer(node.lower()))

    walk(doc, False)
    secret = {m for m in hidden if m.startswith("pvt")} - shown
    if not _is_public(doc.get("consent")):
        secret |= {m for m in hidden | shown if m.startswith("npn")}
    return secret


def _is_public(consent: Any) -> bool:
    if not isinstance(consent, dict) or consent.get("public") is not True:
        return False
    given, expires = consent.get("given"), consent.get("expires")
    if not isinstance(given, dt.date) or isinstance(given, dt.datetime) or given > AS_OF:
        return False
    return expires is None or (isinstance(expires, dt.date) and expires > AS_OF)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def ignore_aliases(self, data: object) -> bool:
        return True


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000,
                     default_flow_style=False)


def render(kind: str, front: Any, body: str | None) -> str:
    if kind == "advocate":
        return dump(front)
    return "---\n" + dump(front) + "---\n\n" + (body or "")


class Gen:
    """Valid records, every date on or before `as_of`."""

    def __init__(self, r: random.Random) -> None:
        self.r = r

    def date(self, lo: int = 1, hi: int = 3 * 365) -> dt.date:
        return AS_OF - dt.timedelta(days=self.r.randint(lo, hi))

    def company(self) -> str:
        r = self.r
        return f"{r.choice(G.CO_A)}{r.choice(G.CO_B)} {r.choice(G.CO_C)}"

    def sentences(self, n: int) -> str:
        return " ".join(self.r.choice(G.SENTENCES) for _ in range(n))

    def story(self) -> str:
        r = self.r
        parts = [self.sentences(3), "## What changed", self.sentences(2),
                 "- " + self.sentences(1) + "\n- " + self.sentences(1),
                 f"Read [the report](https://example.com/{r.randint(1, 999)}) or *ask us*."]
        return "\n\n".join(parts) + "\n"

    def advocate(self, i: int) -> dict:
        r = self.r
        visibility = r.choices(["public", "private", "expired", "future", "none"], [70, 12, 8, 5, 5])[0]
        first, last = r.choice(G.FIRST), r.choice(G.LAST)
        hidden = visibility != "public"
        name = f"{first} {nmark(i)} {last}" if hidden else f"{first} {last}"
        company = self.company()
        rec: dict[str, Any] = {"name": name, "title": r.choice(G.TITLES), "company": company,
                               "industry": r.choice(G.INDUSTRIES)}
        if r.random() < 0.8:
            rec["company_size"] = r.choice(G.SIZES)
        if r.random() < 0.7:
            rec["region"] = r.choice(G.REGIONS)
        if r.random() < 0.2:
            rec["photo"] = "photos/" + r.choice(["ok.jpg", "ok.png", "ok.webp", "ok.svg", "ok.jpeg", "link.png"])
        if r.random() < 0.3:
            rec["linkedin"] = f"https://www.linkedin.com/in/example-{i}"
        if r.random() < 0.6:
            rec["customer_since"] = self.date(30, 2000)
        if r.random() < 0.15:
            rec["previous_companies"] = [{"company": self.company(), "title": r.choice(G.TITLES),
                                          "until": self.date(400, 2000)}]
        if visibility == "public":
            rec["consent"] = {"public": True, "given": self.date(30, 900)}
            if r.random() < 0.2:
                rec["consent"]["expires"] = AS_OF + dt.timedelta(days=r.randint(1, 700))
        elif visibility == "private":
            rec["consent"] = {"public": False} if r.random() < 0.5 else {"public": False, "given": self.date()}
        elif visibility == "expired":
            rec["consent"] = {"public": True, "given": self.date(400, 900), "expires": self.date(0, 300)}
        elif visibility == "future":
            rec["consent"] = {"public": True, "given": AS_OF + dt.timedelta(days=r.randint(1, 200))}
        pm = pmark(i)
        rec["private"] = {"email": f"{pm}@example.test", "nps": r.randint(0, 10),
                          "feature_adoption": round(r.random(), 2), "health_score": r.randint(0, 100),
                          "positive_social_mentions": r.randint(0, 5),
                          "responded_to_last_request": r.random() < 0.7,
                          "notes": f"{pm} {self.sentences(1)}"[:200]}
        tag = f" ({nmark(i)})" if hidden else ""
        rec["testimonials"] = []
        for _ in range(r.randint(0, 3)):
            t: dict[str, Any] = {"quote": self.sentences(r.randint(1, 3)) + tag, "date": self.date()}
            if r.random() < 0.3:
                t["product"] = r.choice(G.PRODUCTS)
            if r.random() < 0.1:
                t["featured"] = True
            if r.random() < 0.1:
                t["incentive"] = r.choice(G.INCENTIVES)
            if r.random() < 0.1:
                t["company"], t["title"] = self.company(), r.choice(G.TITLES)
            rec["testimonials"].append(t)
        reviews = []
        for _ in range(r.randint(0, 3)):
            scale = 10 if r.random() < 0.15 else 5
            rv: dict[str, Any] = {"platform": r.choice(G.PLATFORMS), "rating": r.randint(1, scale)}
            if scale == 10:
                rv["scale"] = 10
            if r.random() < 0.2:
                rv["rating"] = rv["rating"] - 0.5 if rv["rating"] > 1 else 1.5
            rv["date"] = self.date()
            if r.random() < 0.7:
                rv["title"] = r.choice(G.REVIEW_TITLES) + tag
            if r.random() < 0.6:
                rv["body"] = self.sentences(r.randint(1, 4)) + tag
            if r.random() < 0.4:
                rv["url"] = f"https://reviews.example/{rv['platform']}/{r.randint(1, 99999)}"
            if r.random() < 0.3:
                rv["product"] = r.choice(G.PRODUCTS)
            if r.random() < 0.1:
                rv["incentive"] = r.choice(G.INCENTIVES)
            reviews.append(rv)
        if reviews:
            rec["reviews"] = reviews
        acts = []
        for _ in range(r.randint(0, 6)):
            kind = r.choice(G.ACTIVITY_TYPES)
            a: dict[str, Any] = {"type": kind, "date": self.date()}
            if r.random() < 0.4:
                a["title"] = self.sentences(1)[:100]
            if kind == "referral" and r.random() < 0.5:
                a["converted"] = r.random() < 0.7
            if r.random() < 0.3:
                a["private"] = {"deal_value": r.randint(1, 500) * 1000, "notes": f"{pm} deal"}
            acts.append(a)
        if acts:
            rec["activities"] = acts
        if r.random() < 0.3:
            rec["spotlight"] = {"date": self.date(), "headline": f"How {name} rebuilt forecasting"[:200],
                                "story": self.story()}
        if r.random() < 0.1:
            rec["awards"] = [{"name": r.choice(G.AWARDS), "year": r.randint(2020, 2026)}]
        if not rec["testimonials"]:
            del rec["testimonials"]
        return rec

    def case_study(self, i: int) -> tuple[dict, str]:
        r = self.r
        customer = self.company()
        use_cases = r.sample(G.USE_CASES, r.randint(0, 3))
        front: dict[str, Any] = {
            "title": f"How {customer} improved {r.choice(G.USE_CASES).lower()}",
            "customer": customer,
            "summary": f"{customer} moved onto one model. " + self.sentences(1),
            "date": self.date(),
            "industry": r.choice(G.INDUSTRIES),
        }
        if r.random() < 0.8:
            front["company_size"] = r.choice(G.SIZES)
        if r.random() < 0.6:
            front["region"] = r.choice(G.REGIONS)
        if use_cases:
            front["use_cases"] = use_cases
        if r.random() < 0.7:
            front["products"] = r.sample(G.PRODUCTS, r.randint(1, 2))
        advocates = [a for a in ANCHORS if r.random() < 0.5]
        if advocates:
            front["advocates"] = advocates
        if r.random() < 0.3:
            front["logo"] = "logos/" + r.choice(["ok.png", "ok.svg", "ok.webp", "ok.jpg"])
        if r.random() < 0.7:
            front["results"] = [{"value": f"{r.randint(5, 90)}%", "label": r.choice(G.REVIEW_TITLES).lower()}
                                for _ in range(r.randint(1, 3))]
        if "anchor-public" in advocates and r.random() < 0.5:
            front["quote"] = {"text": self.sentences(1), "advocate": "anchor-public"}
        if r.random() < 0.05:
            front["featured"] = True
        if r.random() < 0.05:
            front["draft"] = True
        body = "\n\n".join(["## Challenge", self.sentences(3), "## Solution", self.sentences(3),
                            "- " + self.sentences(1) + "\n- " + self.sentences(1),
                            "| a | b |\n|---|---|\n| 1 | 2 |"]) + "\n"
        return front, body


# ---------------------------------------------------------------------------------------------
# Mutations


def paths_of(node: Any, path: tuple = (), containers: bool = False):
    """(path, value) of every leaf (and, with `containers`, every list and mapping) below the root."""
    if isinstance(node, dict):
        if containers and path:
            yield path, node
        for k, v in node.items():
            yield from paths_of(v, path + (k,), containers)
    elif isinstance(node, list):
        if containers and path:
            yield path, node
        for i, v in enumerate(node):
            yield from paths_of(v, path + (i,), containers)
    else:
        yield path, node


def set_at(node: Any, path: tuple, value: Any) -> None:
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value


def fpath(path: tuple) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def field_kind(path: tuple) -> str:
    return re.sub(r"\[\d+\]", "[]", fpath(path))


SLOTS = ("zzslotzz", "zzslottwozz")


def with_slots(kind: str, front: dict, body: str | None, slots: dict[tuple, str]) -> str:
    """The record with the value at each path replaced by raw YAML text (indented to fit)."""
    d = copy.deepcopy(front)
    for n, path in enumerate(slots):
        set_at(d, path, SLOTS[n])
    text = render(kind, d, body)
    for n, snippet in enumerate(slots.values()):
        token = SLOTS[n]
        i = text.index(token)
        line_start = text.rfind("\n", 0, i) + 1
        prefix = text[line_start:i]
        col = len(re.match(r"^\s*(?:- )*", prefix).group(0))
        if "\n" in snippet:
            snippet = snippet.replace("\n", "\n" + " " * (col + 2))
        text = text[:i] + snippet + text[i + len(token):]
    return text


CTRL = [chr(c) for c in range(0x20)] + ["\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\u200b", "\u202e",
                                        "\ufffe", "\uffff", "\x9b", "\x1b[31m"]
BAD_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xa0\xa1", b"\xe2\x28\xa1", b"\xed\xa0\x80", b"\xed\xbf\xbf",
            b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\xe0\x80\xaf", b"\x80", b"\xf8\x88\x80\x80\x80", b"\xc3"]
ODD_NUMBERS = ["1e400", "-1e400", "1" + "0" * 400, "-" + "9" * 50, "0x5", "0o7", "0b101", "1_0", "1_000",
               ".inf", "-.inf", ".nan", ".NaN", "-0", "-0.0", "+5", "5.", ".5", "1e-400", "4.99999999999999999999",
               "5.000000000000000001", "\u0661\u0660", "\uff15", "1,5", "0.1e1", "5e0", "12:30", "190:20:30",
               "0005", "010", "1e3", "6", "11", "0", "-1", "3.5", "10.0", "9.5", "~", "null", "", "yes", "No",
               "on", "y", "true", "'5'", '"5"', "5 stars", "\u00bd", "0x", "1__0", "_1", "2e308", "4.5", "1.0000001"]
ODD_DATES = ["2026-02-30", "0000-01-01", "0001-01-01", "9999-12-31", "2026-13-01", "2026-00-10", "2026-1-5",
             "2026-01-31T25:00:00", "2026-01-31 10:00:00", "2025-06-01t00:00:00z", "2025-06-01T23:59:59-14:00",
             "1900-02-29", "2000-02-29", "2024-02-29", "20260131", "2026/01/31", "31.01.2026", "'2026-01-31'",
             "2026-02-01", "2026-01-31", "2027-01-01", "1899-12-31", "10000-01-01", "-2026-01-01", "2026-W05-6",
             "2026-031", "2026-01-31T00:00:00.000000001Z", "2026-01-32", "1970-01-01", "2038-01-19", "~"]
TAGGED = ["!!python/object/apply:os.system ['echo {X}']", "!!python/object:__main__.Thing {a: 1}",
          "!!python/name:os.system", "!!binary aGVsbG8=", "!!set {a: null}", "!!omap [{a: 1}]", "!!pairs [{a: 1}]",
          "!!str 5", "!!int '5'", "!!float '5'", "!!timestamp 2025-01-01", "!!bool 'yes'", "!!null ''",
          "!custom value", "!<tag:yaml.org,2002:str> x", "!<!> x", "!!value =", "!e! x", "!!map {a: 1}",
          "!!seq [a]", "!!str", "! x"]
WRONG = ["[a, b]", "[]", "{a: 1}", "{}", "5", "5.5", "true", "null", "~", "''", "'text'", "2025-01-01", "[[1]]",
         "[{quote: x}]", "\n- x\n- y", "\nk: v", "|\n  block text", ">\n  folded text", "[null]", "{quote: 5}",
         "-1", "0"]
MD_ATTACKS = [
    "<script>alert('{X}')</script>",
    "<img src=x onerror=\"alert('{X}')\">",
    "<svg onload=\"alert('{X}')\"><circle r=\"1\"/></svg>",
    "<svg><script>alert('{X}')</script></svg>",
    "<iframe src=\"https://evil.example/{X}\"></iframe>",
    "<iframe srcdoc=\"&lt;script&gt;alert('{X}')&lt;/script&gt;\"></iframe>",
    "[click {X}](JaVaScRiPt:alert('{X}'))",
    "[click](javascript&#58;alert('{X}'))",
    "[click](&#106;avascript:alert('{X}'))",
    "[click](  javascript:alert('{X}')  )",
    "<javascript:alert('{X}')>",
    "[ref][r]\n\n[r]: javascript:alert('{X}')",
    "![pic](data:image/svg+xml;base64,PHN2Zy8+#{X})",
    "[open](data:text/html,<script>alert('{X}')</script>)",
    "[vb](vbscript:msgbox('{X}'))",
    "[file](file:///etc/passwd#{X})",
    "A paragraph.\n{: onclick=\"alert('{X}')\" }",
    "[link](https://ok.example/){: onmouseover=\"alert('{X}')\" }",
    "## Heading {: style=\"background:url(https://evil.example/{X})\" }",
    "A styled paragraph.\n{: style=\"position:fixed;top:0;content:'{X}'\" }",
    "![img](https://ok.example/a.png){: onerror=\"alert('{X}')\" }",
    "[x](https://ok.example/){: href=\"javascript:alert('{X}')\" }",
    "<div markdown=\"1\" onclick=\"alert('{X}')\">*inside*</div>",
    "<a href=\"javascript:alert('{X}')\">x</a>",
    "<a href=\"jav&#x09;ascript:alert('{X}')\">x</a>",
    "<style>body{background:url('https://evil.example/{X}')}</style>",
    "<object data=\"https://evil.example/{X}.swf\"></object>",
    "<embed src=\"https://evil.example/{X}.swf\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"alert('{X}')\">",
    "<form action=\"https://evil.example/{X}\"><input name=\"p\"></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/{X}\">",
    "<base href=\"https://evil.example/{X}/\">",
    "<details open ontoggle=\"alert('{X}')\">x</details>",
    "<p style=\"background:url(https://evil.example/{X})\">styled</p>",
    "[title](https://ok.example/ \"t{X}\\\" onmouseover=\\\"alert(1)\")",
    "<!-- c --><script>alert('{X}')</script>",
    "<scr<script>ipt>alert('{X}')</script>",
    "</script><script>alert('{X}')</script>",
    "j{X}{{ 7*191 }}",
    "<b onmouseover=\"alert('{X}')\">bold</b>",
    "<video><source onerror=\"alert('{X}')\"></video>",
    "[x](https://ok.example/\"onmouseover=\"alert('{X}'))",
    "<a href=\"https://ok.example\" onclick=\"alert('{X}')\">x</a>",
    "<img src=\"https://ok.example/x.png\" alt=\"{X}\" onerror=\"alert(1)\">",
    "<div markdown>\n\n[in](javascript:alert('{X}'))\n\n</div>",
    "<svg><a xlink:href=\"javascript:alert('{X}')\"><text>x</text></a></svg>",
]
TEXT_ATTACKS = [
    "<script>alert('{X}')</script>",
    "\"><script>alert('{X}')</script>",
    "'><img src=x onerror=alert('{X}')>",
    "</script><script>alert('{X}')</script>",
    "\" onmouseover=\"alert('{X}')",
    "' onmouseover='alert(\"{X}\")",
    "<img src=x onerror=alert('{X}')>",
    "j{X}{{ 7*191 }}",
    "*bold* [link](javascript:alert('{X}'))",
    "]]><script>alert('{X}')</script>",
    "&lt;script&gt;alert('{X}')&lt;/script&gt;",
    "<![CDATA[<script>alert('{X}')</script>]]>",
    "<svg/onload=alert('{X}')>",
    "<a href=\"javascript:alert('{X}')\">x</a>",
    "--><script>alert('{X}')</script>",
    "\\\"}]</script><script>alert('{X}')</script>",
]
URL_ATTACKS = [
    "javascript:alert('{X}')", "JaVaScRiPt:alert('{X}')", " javascript:alert('{X}')", "java\tscript:alert('{X}')",
    "data:text/html,{X}", "vbscript:msgbox('{X}')", "https://ok.example/\"onmouseover=\"alert('{X}')\"",
    "https://ok.example/'onmouseover='alert(1)'{X}", "https://ok.example/?q=<script>alert('{X}')</script>",
    "https://ok.example/#\"><img/src=x/onerror=alert('{X}')>", "http://ok.example/{X}\"><script>alert(1)</script>",
    "https:javascript:alert('{X}')", "https://javascript:alert('{X}')@ok.example/", "HTTPS://OK.EXAMPLE/{X}",
    "https://ok.example/\u202e{X}", "https://ok.example/{X}\x00", "//evil.example/{X}", "ftp://evil.example/{X}",
]
ODD_PATHS = ["/etc/passwd", "/tmp/x.jpg", "{d}/../../mkdocs.yml", "../mkdocs.yml", "{d}/../{d}/ok.jpg",
             "{d}/./ok.jpg", "./{d}/ok.jpg", "{d}//ok.jpg", "{d}/loop.jpg", "{d}/dangling.jpg", "{d}/dir.jpg",
             "{d}/fifo.jpg", "{d}/outside.jpg", "{d}/truncated.jpg", "{d}/truncated.png", "{d}/truncated.webp",
             "{d}/notimage.jpg", "{d}/notimage.png", "{d}/empty.png", "{d}/gif.jpg", "{d}/ok.gif",
             "{d}/bomb.png", "{d}/big.png", "{d}/evil.svg", "{d}/onload.svg", "{d}/external.svg",
             "{d}/jslink.svg", "{d}/xxe.svg", "{d}/style.svg", "{d}/css-url.svg", "{d}/notsvg.svg",
             "{d}/broken.svg", "{d}/cmyk.jpg", "{d}/la.png", "{d}/i16.png", "{d}/ptrans.png", "{d}/rgba.webp",
             "{d}/jpeg-as.png", "{d}/ok.JPG", "{d}/missing.jpg", "{d}/ok.jpg/", "{d}\\ok.jpg", "C:\\x.jpg",
             "C:/x.jpg", "\\\\server\\share\\x.jpg", "{d}/ok.jpg\x00.svg", "~/x.jpg", "{d}/" + "a" * 300 + ".jpg",
             "https://evil.example/x.jpg", "file:///etc/passwd.jpg", "{d}/%2e%2e/x.jpg", "{d}/ok.jpg?x=1",
             "{d}/ok.jpg#x", "", " ", "{d}", "{d}/", ".", "..", "{d}/..", "{d}/unicode-\u00fcn\u00ef.png",
             "{d}/with space.png", "{d}/link.png", "{d}/ok.jpeg", "{d}/ok.webp", "{d}/ok.svg", "{d}/ok.png",
             "{d}/OK.png", "{d}/ok.png ", " {d}/ok.png", "{d}/ok.png\n", "{d}/ok.PNG"]
LOOKALIKES = ["\uff28\uff45\uff41\uff4c\uff54\uff48\uff43\uff41\uff52\uff45", "HEALTHCARE", "Health care",
              "Health-Care", "health_care", "Healthcare ", " Healthcare", "Heal\u200bthcare", "\u24bdealthcare",
              "Healthcar\u00e9", "\u65e5\u672c\u306e\u533b\u7642", "\U0001f3e5", "\u202eerachtlaeH", "\ufb01nance",
              "\u0130stanbul", "stra\u00dfe", "\u01c5ungla", "---", "...", "\u00a0", "\u3000", "a\u0301",
              "\u03a9mega", "x" * 200, "Software", "software", "SOFTWARE!", "Retail\t", "Energy\u0000",
              "<b>Retail</b>", "Retail & Co", "Retail/Co", "Retail?x=1", "Retail#top", "%2e%2e", "..", "."]
NEW_KEYS = ["na\u200bme", "\u540d\u524d", "__proto__", "constructor", "../x", "private", "<script>", "x" * 300,
            "", " ", "on_click", "Name", "NAME", "emial", "testimonial", "review", "spotlights", "consent ",
            "photo_url", "linkedIn", "case_study", "nps", "notes", "\x07bell", "key\nnewline", "1", "true",
            "null", "tags", "description"]


def _ins(text: str, r: random.Random, piece: str) -> str:
    """Insert `piece` inside a value: somewhere after the first `: ` of a random line that has one."""
    lines = text.split("\n")
    cand = [k for k, line in enumerate(lines) if ": " in line and not line.startswith("---")]
    if not cand:
        k = r.randrange(len(lines))
        lines[k] += piece
    else:
        k = r.choice(cand)
        line = lines[k]
        start = line.index(": ") + 2
        pos = r.randint(start, len(line))
        lines[k] = line[:pos] + piece + line[pos:]
    return "\n".join(lines)


def _ins_bytes(data: bytes, r: random.Random, piece: bytes) -> bytes:
    lines = data.split(b"\n")
    cand = [k for k, line in enumerate(lines) if b": " in line]
    k = r.choice(cand) if cand else r.randrange(len(lines))
    line = lines[k]
    start = line.index(b": ") + 2 if b": " in line else 0
    pos = r.randint(start, len(line))
    lines[k] = line[:pos] + piece + line[pos:]
    return b"\n".join(lines)


class Mutator:
    """Makes record `i` of the run: a valid one, then broken one way."""

    def __init__(self, r: random.Random) -> None:
        self.r = r
        self.g = Gen(r)

    def make(self, i: int) -> Rec:
        r = self.r
        kind = "advocate" if r.random() < 0.7 else "case_study"
        if kind == "advocate":
            front, body = self.g.advocate(i), None
        else:
            front, body = self.g.case_study(i)
        choices = [(self.m_valid, 7), (self.m_bytes, 11), (self.m_ctrl, 10), (self.m_ctrl_raw, 3),
                   (self.m_utf8, 5), (self.m_deep, 4), (self.m_number, 8), (self.m_yaml, 6), (self.m_type, 8),
                   (self.m_dupkey, 4), (self.m_long, 4), (self.m_html, 15), (self.m_unknown, 4),
                   (self.m_path, 6), (self.m_lookalike, 4), (self.m_structure, 5), (self.m_future, 3),
                   (self.m_filename, 2)]
        if kind == "case_study":
            choices.append((self.m_crossref, 3))
        fn = r.choices([c[0] for c in choices], [c[1] for c in choices])[0]
        stem = ("r" if kind == "advocate" else "s") + f"{i:06d}"
        ext = ".yml" if kind == "advocate" else ".md"
        rec = Rec(i, kind, "", "", "", b"", stem + ext)
        out = fn(rec, front, body, i)
        rec.cls, rec.tag, rec.detail = out[0], out[1], out[2]
        rec.data = out[3] if isinstance(out[3], bytes) else out[3].encode("utf-8", "surrogatepass")
        return rec

    # Each returns (class, tag, detail, text or bytes) and may change rec.fname / rec.special.

    def m_valid(self, rec: Rec, front: dict, body: str | None, i: int):
        return "valid", "valid", "unmutated", render(rec.kind, front, body)

    def m_bytes(self, rec: Rec, front: dict, body: str | None, i: int):
        r = self.r
        data = bytearray(render(rec.kind, front, body).encode("utf-8"))
        ops = []
        for _ in range(r.randint(1, 4)):
            if not data:
                break
            op = r.choice(["flip", "insert", "delete", "dup", "truncate", "swap-lines", "replace"])
            k = r.randrange(len(data))
            if op == "flip":
                data[k] ^= 1 << r.randrange(8)
            elif op == "insert":
                data[k:k] = bytes([r.randrange(256)])
            elif op == "delete":
                del data[k:k + r.randint(1, 8)]
            elif op == "dup":
                data[k:k] = data[k:k + r.randint(1, 40)]
            elif op == "truncate":
                del data[k:]
            elif op == "replace":
                data[k] = r.choice(b":-#&*!|>'\"{}[],?%@`\\\t\r\n ")
            elif op == "swap-lines":
                lines = bytes(data).split(b"\n")
                a, b = r.randrange(len(lines)), r.randrange(len(lines))
                lines[a], lines[b] = lines[b], lines[a]
                data = bytearray(b"\n".join(lines))
            ops.append(f"{op}@{k}")
        return "bytes", "bytes", "byte edits: " + ", ".join(ops), bytes(data)

    def _text_leaves(self, front: dict, body: str | None, markdown: bool = True, private: bool = True) -> list[tuple]:
        skip = {"photo", "logo", "linkedin", "url", "platform", "type", "company_size"} | (set() if private
                                                                                            else {"private"})
        out = [p for p, v in paths_of(front) if isinstance(v, str) and not skip & set(map(str, p))]
        if markdown and body is not None:
            out.append(("<body>",))
        return out

    def _set_text(self, rec: Rec, front: dict, body: str | None, path: tuple, value: str) -> str:
        if path == ("<body>",):
            return render(rec.kind, front, value)
        d = copy.deepcopy(front)
        set_at(d, path, value)
        return render(rec.kind, d, body)

    def _get_text(self, front: dict, body: str | None, path: tuple) -> str:
        if path == ("<body>",):
            return body or ""
        node: Any = front
        for p in path:
            node = node[p]
        return node

    def m_ctrl(self, rec: Rec, front: dict, body: str | None, i: int):
        r = self.r
        paths = self._text_leaves(front, body)
        path = r.choice(paths)
        c = r.choice(CTRL)
        v = self._get_text(front, body, path)
        if r.random() < 0.15:
            new = c
        else:
            k = r.randint(0, len(v))
            new = v[:k] + c + v[k:]
        where = "body" if path == ("<body>",) else field_kind(path)
        return "ctrl", f"ctrl:{where}", f"{c!r} in {fpath(path) or 'body'}", self._set_text(rec, front, body, path, new)

    def m_ctrl_raw(self, rec: Rec, front: dict, body: str | None, i: int):
        c = self.r.choice(CTRL)
        text = _ins(render(rec.kind, front, body), self.r, c)
        return "ctrl-raw", "ctrl-raw", f"raw {c!r} inserted into a value line", text

    def m_utf8(self, rec: Rec, front: dict, body: str | None, i: int):
        r = self.r
        text = render(rec.kind, front, body)
        variant = r.choices(["insert", "latin-1", "utf-16", "bom", "bom-twice", "body"], [10, 2, 1, 2, 1, 2])[0]
        if variant == "insert":
            piece = r.choice(BAD_UTF8)
            return "utf8", "utf8:insert", f"bytes {piece!r} inside a value", _ins_bytes(text.encode(), r, piece)
        if variant == "latin-1":
            d = copy.deepcopy(front)
            d["name" if rec.kind == "advocate" else "customer"] = "Ren\u00e9e M\u00fcller"
            return "utf8", "utf8:latin-1", "the whole file in Latin-1", render(rec.kind, d, body).encode("latin-1",
                                                                                                         "replace")
        if variant == "utf-16":
            return "utf8", "utf8:utf-16", "the whole file in UTF-16 with a BOM", text.encode("utf-16")
        if variant == "bom":
            return "utf8", "utf8:bom", "a UTF-8 byte-order mark (accepted by the spec)", b"\xef\xbb\xbf" + text.encode()
        if variant == "bom-twice":
            return "utf8", "utf8:bom-twice", "two UTF-8 byte-order marks", b"\xef\xbb\xbf" * 2 + text.encode()
        if body is not None:
            data = (render(rec.kind, front, "") + body).encode()
            k = len(data) - r.randint(1, len(body.encode()))
            piece = r.choice(BAD_UTF8)
            return "utf8", "utf8:body", f"bytes {piece!r} in the Markdown body", data[:k] + piece + data[k:]
        piece = r.choice(BAD_UTF8)
        return "utf8", "utf8:insert", f"bytes {piece!r} inside a value", _ins_bytes(text.encode(), r, piece)

    def m_deep(self, rec: Rec, front: dict, body: str | None, i: int):
        r = self.r
        d = r.choice([33, 100, 600, 600, 600, 1000, 3000])
        if r.random() < 0.35:  # nested Markdown in a story or body
            style = r.choice(["blockquote", "list", "ordered", "emphasis", "link", "html", "md_in_html"])
            # nested links cost python-markdown cubic time (13 s at 3,000): keep them shallower
            dd = r.choice([33, 100, 300, 600]) if style == "link" else min(d, 1500)
            md = {"blockquote": "> " * dd + "deep", "list": "".join("  " * k + "- x\n" for k in range(min(dd, 300))),
                  "ordered": "1. " * dd + "x", "emphasis": "*" * dd + "x" + "*" * dd,
                  "link": "[" * dd + "x" + "](https://ok.example/)" * dd,
                  "html": "<div>" * dd + "x" + "</div>" * dd,
                  "md_in_html": "<div markdown>\n" * min(dd, 600) + "x\n" + "</div>\n" * min(dd, 600)}[style]
            md = md[:19000]
            if rec.kind == "advocate":
                d2 = copy.deepcopy(front)
                d2["spotlight"] = {"date": self.g.date(), "headline": "Deep", "story": md}
                return "deep", f"deep:markdown:{style}", f"Markdown {style} nested {dd} deep in spotlight.story", \
                    render(rec.kind, d2, None)
            return "deep", f"deep:markdown:{style}", f"Markdown {style} nested {dd} deep in the body", \
                render(rec.kind, front, md)
        style = r.choice(["flow-list", "flow-map", "block-list", "block-map", "mixed"])
        if style == "block-map":
            d = min(d, 600)
        snippet = {"flow-list": "[" * d + "]" * d, "flow-map": "{a: " * d + "1" + "}" * d,
                   "block-list": "\n" + "- " * d + "x",
                   "block-map": "\n" + "\n".join("  " * k + f"k{k}:" for k in range(d)) + " x",
                   "mixed": "[{a: " * d + "1" + "}]" * d}[style]
        nodes = [p for p, _ in paths_of(front, containers=True)]
        if r.random() < 0.25 or not nodes:
            path: tuple = ("deep_extra",)
            d2 = dict(front)
            d2["deep_extra"] = None
            front = d2
        else:
            path = r.choice(nodes)
        return "deep", f"deep:{style}", f"{style} nested {d} deep at {fpath(path)}", \
            with_slots(rec.kind, front, body, {path: snippet})

    def m_number(self, rec: Rec, front: dict, body: str | None, i: int):
        r = self.r
        leaves = [(p, v) for p, v in paths_of(front) if not isinstance(v, str) or r.random() < 0.05]
        if not leaves:
            leaves = list(paths_of(front))
        path, value = r.choice(leaves)
        if isinstance(value, dt.date):
            snippet = r.choice(ODD_DATES) if r.random() < 0.85 else r.choice(ODD_NUMBERS)
            cls = "date"
        else:
            snippet = r.choice(ODD_NUMBERS) if r.random() < 0.85 else r.choice(ODD_DATES)
            cls = "number"
        return cls, f"{cls}:{field_kind(path)}", f"{fpath(path)}: {snippet}", \
            with_slots(rec.kind, front, body, {path: snippet})

    def m_yaml(self, rec: Rec, front: dict, body: str | None, i: int):
        r = self.r
        text = render(rec.kind, front, body)
        leaves = [p for p, _ in paths_of(front)]
        variant = r.choice(["tag", "tag", "anchor-alias", "undefined-alias", "merge", "billion-laughs", "directive",
                            "multi-doc", "complex-key", "odd-key"])
        if variant == "tag":
            path = r.choice(leaves)
            snippet = r.choice(TAGGED).replace("{X}", xmark(i))
            return "yaml", "yaml:tag", f"{fpath(path)}: {snippet}", with_slots(rec.kind, front, body, {path: snippet})
        if variant == "anchor-alias" and len(leaves) > 1:
            a, b = r.sample(leaves, 2)
            v = json.dumps(str(self._value(front, a)))
            return "yaml", "yaml:alias", f"&a at {fpath(a)}, *a at {fpath(b)}", \
                with_slots(rec.kind, front, body, {a: f"&a {v}", b: "*a"})
        if variant == "undefined-alias":
            path = r.choice(leaves)
            return "yaml", "yaml:alias", f"{fpath(path)}: *nope", with_slots(rec.kind, front, body, {path: "*nope"})
        if variant == "merge" and rec.kind == "advocate":
            d = copy.deepcopy(front)
            d["testimonials"] = [None, None]
            return "yaml", "yaml:merge", "a merge key <<: *t0 in testimonials[1]", with_slots(
                rec.kind, d, body, {("testimonials", 0): "&t0 {quote: Merged., date: 2025-01-01}",
                                    ("testimonials", 1): "{<<: *t0, featured: true}"})
        if variant == "billion-laughs":
            lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
            for k, ch in enumerate("bcdefghi"):
                prev = "abcdefghi"[k]
                lol.append(f"{ch}: &{ch} [" + ",".join([f"*{prev}"] * 9) + "]")
            if rec.kind == "advocate":
                return "yaml", "yaml:billion-laughs", "nine levels of aliases", "\n".join(lol) + "\n" + text
            return "yaml", "yaml:billion-laughs", "nine levels of aliases", text.replace("---\n", "---\n" + "\n".join(
                lol) + "\n", 1)
        if variant == "directive":
            pre = r.choice(["%YAML 1.1\n---\n", "%YAML 1.3\n---\n", "%TAG !e! tag:evil.example,2000:\n---\n",
                            "%FOO bar\n---\n"])
            if rec.kind == "advocate":
                return "yaml", "yaml:directive", f"directive {pre.splitlines()[0]!r}", pre + text
            return "yaml", "yaml:directive", f"directive {pre.splitlines()[0]!r}", text.replace("---\n", "---\n" + pre,
                                                                                               1)
        if variant == "multi-doc":
            if rec.kind == "advocate":
                return "yaml", "yaml:multi-doc", "a second YAML document", text + "---\nname: Other\n"
            return "yaml", "yaml:multi-doc", "a second document in the front matter", text.replace(
                "\n---\n", "\n---\nname: Other\n---\n", 1)
        extra = r.choice(["? [a, b]\n: 1", "1: x", "null: x", "~: x", "true: x", "2025-01-01: x", "[a]: 1",
                          "? |\n  block key\n: v", "!!str name: x", "&k key: v", "*k : v", "'quoted key': 1",
                          "\"name\": Dup"])
        if rec.kind == "advocate":
            return "yaml", f"yaml:{variant}", f"top-level key line {extra!r}", text + extra + "\n"
        return "yaml", f"yaml:{variant}", f"front-matter key line {extra!r}", text.replace("\n---\n", "\n" + extra +
                                                                                          "\n---\n", 1)

    def _value(self, front: dict, path: tuple) -> Any:
        node: Any = front
        for p in path:
            node = node[p]
        return node

    def m_type(self, rec: Rec, front: dict, body: str | None, i: int):
        r = self.r
        if r.random() < 0.08:
            doc = r.choice(["[]", "5", "'x'", "null", "", "- a\n- b", "{}", "[{name: x}]", "2025-01-01", "|\n  x"])
            if rec.kind == "advocate":
                return "type", "type:document", f"the whole document is {doc!r}", doc + "\n"
            return "type", "type:document", f"the whole front matter is {doc!r}", f"---\n{doc}\n---\n\n" + (body or "")
        nodes = [p for p, _ in paths_of(front, containers=True)]
        path = r.choice(nodes)
        snippet = r.choice(WRONG)
        return "type", f"type:{field_kind(path)}", f"{fpath(path)}: {snippet!r}", \
            with_slots(rec.kind, front, body, {path: snippet})

    def m_dupkey(self, rec: Rec, front: dict, body: str | None, i: int):
        r = self.r
        text = render(rec.kind, front, body)
        lines = text.split("\n")
        variant = r.choice(["scalar", "scalar", "top-level", "quoted", "flow", "private"])
        if variant == "flow" and rec.kind == "advocate":
            d = copy.deepcopy(front)
            d["previous_companies"] = [None]
            return "dupkey", "dupkey:flow", "{company: A, company: B}", with_slots(
                rec.kind, d, body, {("previous_companies", 0): "{company: A, company: B}"})
        if variant == "private" and rec.kind == "advocate":
            return "dupkey", "dupkey:private", "a second private: mapping at the end", \
                text + f"private: {{notes: second {pmark(i)}}}\n"
        if variant == "top-level":
            top = [k for k in front if not isinstance(front[k], (dict, list))]
            key = r.choice(top) if top else "name"
            extra = f"{key}: Dup {xmark(i)}"
            if rec.kind == "advocate":
                return "dupkey", f"dupkey:{key}", f"{key} twice (second at the end)", text + extra + "\n"
            return "dupkey", f"dupkey:{key}", f"{key} twice", text.replace("\n---\n", "\n" + extra + "\n---\n", 1)
        cand = [k for k, line in enumerate(lines) if re.match(r"^(\s*)(- )?([A-Za-z_]+): (\S.*)$", line)
                and line != "---"]
        if not cand:
            return "dupkey", "dupkey:none", "no scalar line to duplicate", text
        k = r.choice(cand)
        m = re.match(r"^(\s*)(- )?([A-Za-z_]+): (\S.*)$", lines[k])
        indent = m.group(1) + ("  " if m.group(2) else "")
        key = m.group(3)
        value = r.choice(["Dup", "5", "2025-01-01", "[]", "true", "null"])
        keytext = f'"{key}"' if variant == "quoted" else key
        lines.insert(k + 1, f"{indent}{keytext}: {value}")
        return "dupkey", f"dupkey:{key}", f"{key} twice (line {k + 2}: {value})", "\n".join(lines)

    def m_long(self, rec: Rec, front: dict, body: str | None, i: int):
        r = self.r
        variant = r.choices(["field", "file", "items", "key", "line"], [10, 2, 1, 1, 1])[0]
        text = render(rec.kind, front, body)
        if variant == "file":
            size = r.choice([1 << 20, (1 << 20) + 1, (1 << 20) - 1, 3 << 20])
            pad = size - len(text.encode()) - 3
            return "long", "long:file", f"a file of {size:,} bytes", (text + "#" + "x" * max(pad, 0) + "\n")[:size]
        if variant == "items" and rec.kind == "advocate":
            d = copy.deepcopy(front)
            n = r.choice([1000, 3000])
            d["testimonials"] = [{"quote": f"Quote {k}.", "date": self.g.date()} for k in range(n)]
            return "long", "long:items", f"{n} testimonials", render(rec.kind, d, body)
        if variant == "key":
            key = "k" * r.choice([200, 1025, 5000])
            if rec.kind == "advocate":
                return "long", "long:key", f"a key of {len(key)} characters", text + f"{key}: v\n"
            return "long", "long:key", f"a key of {len(key)} characters", text.replace("\n---\n", f"\n{key}: v\n---\n",
                                                                                      1)
        if variant == "line":
            line = "x" * r.choice([20000, 200000])
            if rec.kind == "advocate":
                d = copy.deepcopy(front)
                d["spotlight"] = {"date": self.g.date(), "headline": "Long", "story": line[:19999]}
                return "long", "long:line", "a 19,999-character story without a space", render(rec.kind, d, body)
            return "long", "long:line", f"a body line of {len(line):,} characters", render(rec.kind, front, line)
        path = r.choice(self._text_leaves(front, body))
        n = r.choice([199, 200, 201, 500, 501, 1000, 1001, 10000, 10001, 20000, 20001, 100000, 700000])
        unit = r.choice(["x", "word ", "\u00e9", "\U0001f44d", "e\u0301", "\u200b", "&amp;", "<b>", "\u0131"])
        value = (unit * (n // len(unit) + 1))[:n]
        where = "body" if path == ("<body>",) else field_kind(path)
        return "long", f"long:{where}", f"{fpath(path) or 'body'}: {n:,} x {unit!r}", \
            self._set_text(rec, front, body, path, value)

    def m_html(self, rec: Rec, front: dict, body: str | None, i: int):
        r = self.r
        x = xmark(i)
        target = r.choices(["markdown", "text", "url"], [6, 4, 1])[0]
        if target == "markdown":
            payloads = [r.choice(MD_ATTACKS).replace("{X}", x) for _ in range(r.randint(1, 3))]
            md = "\n\n".join([self.g.sentences(1)] + payloads + [self.g.sentences(1)]) + "\n"
            names = "; ".join(p[:60] for p in payloads)
            if rec.kind == "advocate":
                d = copy.deepcopy(front)
                d["spotlight"] = {"date": self.g.date(), "headline": d.get("spotlight", {}).get("headline", "Story"),
                                  "story": md}
                return "html", "html:story", f"spotlight.story with {names}", render(rec.kind, d, None)
            return "html", "html:body", f"body with {names}", render(rec.kind, front, md)
        if target == "url":
            url = r.choice(URL_ATTACKS).replace("{X}", x)
            if rec.kind == "advocate":
                d = copy.deepcopy(front)
                if r.random() < 0.5 or not d.get("reviews"):
                    d["linkedin"] = url
                    where = "linkedin"
                else:
                    d["reviews"][0]["url"] = url
                    where = "reviews[0].url"
                return "html", f"html:url:{where}", f"{where}: {url!r}", render(rec.kind, d, None)
            md = f"[link](<{url}>)\n\n[plain]({url})\n"
            return "html", "html:url:body", f"body links to {url!r}", render(rec.kind, front, md)
        path = r.choice(self._text_leaves(front, None, markdown=False, private=False))
        payload = r.choice(TEXT_ATTACKS).replace("{X}", x)
        v = self._get_text(front, body, path)
        value = (v[: max(0, 190 - len(payload))] + " " + payload) if r.random() < 0.5 else payload
        return "html", f"html:text:{field_kind(path)}", f"{fpath(path)}: {value!r}", \
            self._set_text(rec, front, body, path, value)

    def m_unknown(self, rec: Rec, front: dict, body: str | None, i: int):
        r = self.r
        maps = [()] + [p for p, v in paths_of(front, containers=True) if isinstance(v, dict)]
        where = r.choice(maps)
        if r.random() < 0.5:
            key = r.choice(NEW_KEYS)
        else:
            known = list(front if not where else self._value(front, where))
            key = r.choice(known) if known else "name"
            op = r.choice(["drop", "swap", "case", "plural", "dash"])
            if op == "drop" and len(key) > 2:
                k = r.randrange(len(key))
                key = key[:k] + key[k + 1:]
            elif op == "swap" and len(key) > 2:
                k = r.randrange(len(key) - 1)
                key = key[:k] + key[k + 1] + key[k] + key[k + 2:]
            elif op == "case":
                key = key.capitalize() if key.islower() else key.lower() + "X"
            elif op == "plural":
                key = key + "s"
            else:
                key = key.replace("_", "-") if "_" in key else key + "_"
        d = copy.deepcopy(front)
        target = d if not where else self._value(d, where)
        if key in target:
            key = key + "_x"
        target[key] = r.choice(["value", 5, True, None, [1, 2], {"a": 1}, f"secret {pmark(i)}"])
        return "unknown", f"unknown:{field_kind(where) or 'top'}", f"unknown key {key!r} in {fpath(where) or 'top'}", \
            render(rec.kind, d, body)

    def m_path(self, rec: Rec, front: dict, body: str | None, i: int):
        r = self.r
        sub = "photos" if rec.kind == "advocate" else "logos"
        p = r.choice(ODD_PATHS)
        value = p.replace("{d}", sub)
        d = copy.deepcopy(front)
        d["photo" if rec.kind == "advocate" else "logo"] = value
        label = p.replace("{d}", "D").replace("\x00", "\\0").replace("\n", "\\n")
        if len(label) > 40:
            label = label[:20] + "..."
        return "path", f"path:{label}", f"{'photo' if rec.kind == 'advocate' else 'logo'}: {value!r}", \
            render(rec.kind, d, body)

    def m_lookalike(self, rec: Rec, front: dict, body: str | None, i: int):
        r = self.r
        value = r.choice(LOOKALIKES)
        fields = ["industry", "industry", "region", "name" if rec.kind == "advocate" else "customer", "company"
                  if rec.kind == "advocate" else "title"]
        d = copy.deepcopy(front)
        if rec.kind == "case_study" and r.random() < 0.4:
            d["use_cases"] = [value, r.choice(G.USE_CASES)]
            return "lookalike", "lookalike:use_cases", f"use_cases: {d['use_cases']!r}", render(rec.kind, d, body)
        f = r.choice(fields)
        d[f] = value
        return "lookalike", f"lookalike:{f}", f"{f}: {value!r}", render(rec.kind, d, body)

    def m_structure(self, rec: Rec, front: dict, body: str | None, i: int):
        r = self.r
        text = render(rec.kind, front, body)
        common = ["empty", "spaces", "comments", "null", "list", "scalar", "doc-marker", "doc-end", "crlf", "cr",
                  "tab-indent", "tab-value", "missing", "missing", "missing", "no-final-newline", "nul-file",
                  "binary", "form-feed"]
        cs_only = ["no-front-matter", "unclosed", "toml", "front-only", "extra-dashes", "leading-blank",
                   "body-dashes", "front-not-mapping", "indented-fence"]
        variant = r.choice(common + (cs_only if rec.kind == "case_study" else []))
        lines = text.split("\n")
        tag = f"structure:{variant}"
        if variant == "missing":
            required = (["name", "company", "industry"] if rec.kind == "advocate"
                        else ["title", "customer", "summary", "date", "industry"])
            d = copy.deepcopy(front)
            nested = [p for p, _ in paths_of(d) if len(p) == 3 and p[0] in ("testimonials", "reviews", "activities")
                      and p[2] in ("quote", "date", "platform", "rating", "type")]
            if ("consent" in d and d["consent"].get("public")) and r.random() < 0.3:
                d["consent"].pop("given", None)
                key = "consent.given"
            elif nested and r.random() < 0.4:
                p = r.choice(nested)
                del d[p[0]][p[1]][p[2]]
                key = fpath(p)
            else:
                key = r.choice(required)
                d.pop(key, None)
            return "structure", "structure:missing:" + re.sub(r"\[\d+\]", "[]", key), f"{key} left out", \
                render(rec.kind, d, body)
        out: str | bytes = {
            "empty": "", "spaces": "   \n\n  \n", "comments": "# only a comment\n", "null": "null\n",
            "list": "- a\n- b\n", "scalar": "just some text\n", "doc-marker": "---\n", "doc-end": "...\n",
            "crlf": text.replace("\n", "\r\n"), "cr": text.replace("\n", "\r"),
            "no-final-newline": text.rstrip("\n"), "nul-file": b"\x00" * 16,
            "binary": bytes(r.randrange(256) for _ in range(200)),
            "no-front-matter": body or "", "unclosed": text.replace("\n---\n", "\n", 1),
            "toml": "+++\n" + 'title = "x"\n' + "+++\n" + (body or ""),
            "front-only": render(rec.kind, front, ""), "extra-dashes": "----\n" + text[4:],
            "leading-blank": "\n" + text, "body-dashes": text + "\n---\nfoo: bar\n---\n",
            "front-not-mapping": "---\n- a\n---\n" + (body or ""), "indented-fence": " " + text,
        }.get(variant, "")
        if variant == "tab-indent":
            cand = [k for k, line in enumerate(lines) if line.startswith("  ")]
            k = r.choice(cand) if cand else 0
            lines[k] = "\t" + lines[k].lstrip(" ")
            out = "\n".join(lines)
        elif variant == "tab-value":
            out = _ins(text, r, "\t")
        elif variant == "form-feed":
            out = _ins(text, r, "\x0c")
        return "structure", tag, variant, out

    def m_future(self, rec: Rec, front: dict, body: str | None, i: int):
        r = self.r
        d = copy.deepcopy(front)
        dates = [p for p, v in paths_of(d) if isinstance(v, dt.date)]
        if not dates:
            return "future", "future:none", "no date to move", render(rec.kind, d, body)
        path = r.choice(dates)
        set_at(d, path, AS_OF + dt.timedelta(days=r.choice([1, 2, 30, 365, 3650])))
        return "future", f"future:{field_kind(path)}", f"{fpath(path)} after as_of", render(rec.kind, d, body)

    def m_crossref(self, rec: Rec, front: dict, body: str | None, i: int):
        r = self.r
        d = copy.deepcopy(front)
        variant = r.choice(["unknown", "case", "typo", "space", "newline", "dotdot", "twice", "quote-unlisted",
                            "quote-hidden", "quote-unknown", "quote-none", "self", "empty"])
        adv = {"unknown": ["nobody-here"], "case": ["ANCHOR-PUBLIC"], "typo": ["anchor-publik"],
               "space": [" anchor-public"], "newline": ["anchor-public\n"], "dotdot": ["../advocates/anchor-public"],
               "twice": ["anchor-public", "anchor-public"], "self": [rec.fname[:-3]], "empty": [""]}.get(variant)
        if adv is not None:
            d["advocates"] = adv
            d.pop("quote", None)
        elif variant == "quote-unlisted":
            d["advocates"] = ["anchor-hidden"]
            d["quote"] = {"text": "Unlisted.", "advocate": "anchor-public"}
        elif variant == "quote-hidden":
            d["advocates"] = ["anchor-public", "anchor-hidden"]
            d["quote"] = {"text": f"Hidden person {nmark(ANCHOR_HIDDEN)} quoted.", "advocate": "anchor-hidden"}
        elif variant == "quote-unknown":
            d["advocates"] = ["anchor-public", "ghost"]
            d["quote"] = {"text": "Ghost.", "advocate": "ghost"}
        else:
            d.pop("advocates", None)
            d["quote"] = {"text": "Nobody listed.", "advocate": "anchor-public"}
        return "crossref", f"crossref:{variant}", f"advocates {d.get('advocates')!r}, quote {d.get('quote')!r}", \
            render(rec.kind, d, body)

    def m_filename(self, rec: Rec, front: dict, body: str | None, i: int):
        r = self.r
        ext = ".yml" if rec.kind == "advocate" else ".md"
        stem = rec.fname[: -len(ext)]
        variant = r.choice(["underscore", "wrong-ext", "leading-dash", "double-dash", "trailing-dash", "unicode",
                            "upper-ext", "backup", "hidden", "space", "upper", "dir", "fifo", "symlink-out",
                            "symlink-abs", "symlink-loop", "symlink-anchor", "symlink-dangling"])
        text = render(rec.kind, front, body)
        names = {"underscore": f"Bad_{stem}{ext}", "wrong-ext": stem + (".yaml" if ext == ".yml" else ".markdown"),
                 "leading-dash": f"-{stem}{ext}", "double-dash": f"{stem}--x{ext}", "trailing-dash": f"{stem}-{ext}",
                 "unicode": f"\u00fcn\u00ef-{stem}{ext}", "upper-ext": stem + ext.upper(), "backup": stem + ext + ".bak",
                 "hidden": f".{stem}{ext}", "space": f"{stem} x{ext}", "upper": stem.upper() + ext}
        if variant in names:
            rec.fname = names[variant]
        else:
            rec.special = {"dir": "dir", "fifo": "fifo", "symlink-out": "symlink:../mkdocs.yml",
                           "symlink-abs": "symlink:/etc/hostname", "symlink-loop": "symlink:" + rec.fname,
                           "symlink-anchor": "symlink:" + ("anchor-public.yml" if ext == ".yml" else "anchor-study.md"),
                           "symlink-dangling": "symlink:missing" + ext}[variant]
        return "filename", f"filename:{variant}", f"file {rec.fname!r} {rec.special}".strip(), text


# ---------------------------------------------------------------------------------------------
# Programs on disk


def make_program(root: Path, recs: list[Rec], site: bool = False) -> None:
    root.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "content").mkdir()
    (root / "content" / "index.md").write_text(INDEX_MD, encoding="utf-8")
    write_fixtures(root)
    for rec in recs:
        dest = root / rec.folder / rec.fname
        if rec.special == "dir":
            dest.mkdir()
        elif rec.special == "fifo":
            os.mkfifo(dest)
        elif rec.special.startswith("symlink:"):
            os.symlink(rec.special[len("symlink:"):], dest)
        else:
            dest.write_bytes(rec.data)
    if site:
        plant_previous_site(root / "site")


def plant_previous_site(site: Path) -> None:
    (site / "old" / "page").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "api").mkdir()
    (site / "index.html").write_text("<html><body>the previous build</body></html>\n")
    (site / "old" / "page" / "index.html").write_text("<p>an old page</p>\n")
    (site / "assets" / "blob.bin").write_bytes(bytes(range(256)) * 4)
    (site / "api" / "reviews.json").write_text('{"count": 0}\n')


def tree_hash(d: Path) -> str:
    if not d.exists():
        return "absent"
    h = hashlib.sha256()
    for p in sorted(d.rglob("*")):
        rel = p.relative_to(d).as_posix().encode("utf-8", "surrogateescape")
        if p.is_symlink():
            h.update(b"L" + rel + b"\0" + os.readlink(p).encode("utf-8", "surrogateescape"))
        elif p.is_dir():
            h.update(b"D" + rel + b"\0")
        elif p.is_file():
            h.update(b"F" + rel + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


# Each command runs under this small wrapper, which reports the peak memory of the command alone
# (a child's own ru_maxrss would start from this big process, which it is forked from).
_WRAP = """
import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    f.write("%d %d" % (rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
"""
PEAK = {"build": 0, "validate": 0}


def run_measured(cmd: list[str], cwd: Path, timeout: float, what: str) -> tuple[int, bytes]:
    """(exit code, stdout + stderr); -999 when it ran out of time (the whole process group is killed)."""
    fd, rss_file = tempfile.mkstemp(prefix="advocacy-fuzz-rss-")
    os.close(fd)
    try:
        proc = subprocess.Popen([sys.executable, "-c", _WRAP, rss_file, *cmd], cwd=cwd, env=ENV,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
            return -999, out
        try:
            rc_text, rss_text = Path(rss_file).read_text().split()
            rc = int(rc_text)
            PEAK[what] = max(PEAK[what], int(rss_text))
        except (OSError, ValueError):
            rc = proc.returncode
        return rc, out
    finally:
        os.unlink(rss_file)


def rmtree(p: Path) -> None:
    shutil.rmtree(p, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Findings


@dataclasses.dataclass
class Finding:
    goal: str
    name: str
    count: int = 0
    records: set[int] = dataclasses.field(default_factory=set)
    examples: list[str] = dataclasses.field(default_factory=list)
    repros: list[str] = dataclasses.field(default_factory=list)
    repro_tags: set[str] = dataclasses.field(default_factory=set)
    seen: set = dataclasses.field(default_factory=set)


class Findings:
    def __init__(self, keep: Path) -> None:
        self.keep = keep
        self.by_key: dict[tuple[str, str], Finding] = {}

    def get(self, goal: str, name: str) -> Finding:
        return self.by_key.setdefault((goal, name), Finding(goal, name))

    def add(self, goal: str, name: str, rec: Rec | None = None, example: str = "", key: Any = None,
            repro: Callable[[Path], str] | None = None) -> Finding:
        f = self.get(goal, name)
        if key is not None:
            if key in f.seen:
                return f
            f.seen.add(key)
        f.count += 1
        if rec is not None:
            f.records.add(rec.idx)
        if example and len(f.examples) < 3:
            f.examples.append(example)
        if repro is not None and self.wants_repro(f, rec):
            self.write_repro(f, rec, repro)
        return f

    def wants_repro(self, f: Finding, rec: Rec | None) -> bool:
        """Up to 3, of different mutation tags while the class is young."""
        return len(f.repros) < 3 and (rec is None or rec.tag not in f.repro_tags or f.count > 20)

    def write_repro(self, f: Finding, rec: Rec | None, repro: Callable[[Path], str]) -> None:
        slug = re.sub(r"[^a-z0-9]+", "-", f"{f.goal}-{f.name}".lower()).strip("-")[:90]
        d = self.keep / slug / str(len(f.repros) + 1)
        rmtree(d)
        d.parent.mkdir(parents=True, exist_ok=True)
        try:
            shown = repro(d)
        except Exception as e:  # a reproducer that cannot be written must not stop the run
            shown = f"{d} (could not be written: {type(e).__name__}: {e})"
        f.repros.append(shown)
        if rec is not None:
            f.repro_tags.add(rec.tag)


def readme(d: Path, f: Finding, recs: list[Rec], what: str, build: bool, lenient: bool = False) -> None:
    lines = ["advocacy fuzz reproducer", "", f"class:   [{GOALS.get(f.goal, f.goal)}] {f.name}"]
    for rec in recs[:5]:
        lines.append(f"record:  {rec.rel}  (mutation {rec.tag}: {rec.detail[:300]!r})")
    if len(recs) > 5:
        lines.append(f"         ... and {len(recs) - 5} more records")
    lines += ["", "seen:", textwrap_indent(what), "", "reproduce:", f"  cd {d}",
              f"  NO_MKDOCS_2_WARNING=1 {BIN / 'advocacy'} validate"]
    if build or lenient:
        lines.append(f"  NO_MKDOCS_2_WARNING=1 {sys.executable} -m mkdocs build{' --strict' if build else ''}   "
                     "# site/ holds the previous build it must leave alone on failure")
    lines += ["", "in-process:", f"  {sys.executable} -c \"import datetime, pathlib; from mkdocs_advocacy.core.check "
              "import check_site; r = pathlib.Path('.').resolve(); "
              "print(*check_site(r, {'as_of': datetime.date(2026, 1, 31)}, r / 'content').problems, sep=chr(10))\""]
    (d / "README.txt").write_text("\n".join(lines) + "\n", encoding="utf-8", errors="replace")


def textwrap_indent(text: str, limit: int = 6000) -> str:
    text = text if len(text) <= limit else text[:limit] + "\n[...]"
    return "\n".join("  " + line for line in text.splitlines())


# ---------------------------------------------------------------------------------------------
# The in-process check


class CheckTimeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise CheckTimeout("check_site took too long")


WATCH: dict[str, Any] = {"since": None, "what": ""}


def _watchdog(limit: float) -> None:
    while True:
        time.sleep(5)
        since = WATCH["since"]
        if since is not None and time.monotonic() - since > limit:
            print(f"\nFUZZ ABORTED: check_site stuck for {limit:.0f} s in {WATCH['what']} "
                  "(a hang SIGALRM could not interrupt)", file=sys.stderr, flush=True)
            os._exit(3)


_MARKDOWN: list[Any] = []


def markdown_kwargs() -> dict[str, Any]:
    """What `advocacy validate` passes check_site beyond the options: the site's Markdown extensions
    (as MkDocs resolves them from MKDOCS_YML), when this version of check_site takes them."""
    if not _MARKDOWN:
        try:
            from mkdocs.config import load_config
            from mkdocs_advocacy.core.markdown_fields import MarkdownFields, MarkdownOptions

            if "markdown" not in inspect.signature(check_site).parameters:
                raise TypeError("check_site takes no markdown")
            with tempfile.TemporaryDirectory(prefix="advocacy-fuzz-cfg-") as tmp:
                (Path(tmp) / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
                (Path(tmp) / "content").mkdir()
                cfg = load_config(config_file=str(Path(tmp) / "mkdocs.yml"))
                exts, configs = list(cfg.markdown_extensions), dict(cfg.mdx_configs or {})
            _MARKDOWN.append(lambda: {"markdown": MarkdownFields(MarkdownOptions(exts, configs))})
        except Exception:  # noqa: BLE001 - an older check_site: options only
            _MARKDOWN.append(dict)
    return _MARKDOWN[0]()


def run_check(root: Path, timeout: float) -> Any:
    kwargs = markdown_kwargs()
    WATCH["since"], WATCH["what"] = time.monotonic(), str(root)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return check_site(root, OPTIONS, root / "content", **kwargs)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        WATCH["since"] = None


def exc_signature(e: BaseException) -> tuple[str, str]:
    frames = traceback.extract_tb(e.__traceback__)
    ours = [f for f in frames if "mkdocs_advocacy" in f.filename]
    where = ours[-1] if ours else (frames[-1] if frames else None)
    place = f" in {where.name} ({Path(where.filename).name})" if where else ""
    text = "".join(traceback.format_exception(type(e), e, e.__traceback__))
    if len(text) > 8000:
        text = text[:2000] + "\n[...]\n" + text[-5000:]
    return f"{type(e).__name__}{place}", text


SLOW_SECONDS = 2.0


def is_heavy(rec: Rec) -> bool:
    """Records that may take seconds to check: validated in small groups, timed alone when slow."""
    return len(rec.data) > 50_000 or rec.tag.startswith(("deep:markdown", "long:line"))


CONTROL_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
# path:line: field: message, where the field may hold a colon but not ": " (a quoted key "a:b")
SHAPE_RE = re.compile(r"^[^\s:/][^:]*:[1-9][0-9]*: \S(?:(?!: ).)*: \S")
FILE_SHAPE_RE = re.compile(r"^[^\s:/][^:]*:[1-9][0-9]*: \S")  # path:line: message, about the whole file


def shape_issues(p: Any, root: Path) -> list[str]:
    out = []
    f = str(p.file)
    line = p.line if isinstance(p.line, int) else 0
    if line <= 0:
        out.append("line 0: the problem names no line")
    if f.startswith("/") or re.match(r"^[A-Za-z]:", f) or ".." in f.split("/") or "\\" in f or f.startswith("./"):
        out.append("path is not relative to the mkdocs.yml folder")
    elif not os.path.lexists(root / f):
        out.append("path names no file of the site")
    elif line > 0 and (root / f).is_file() and not (root / f).is_symlink():
        try:
            data = (root / f).read_bytes()
            n = max(data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n"),
                    len(data.decode("utf-8", "replace").splitlines())) + 1
        except OSError:
            n = line
        if line > n + 1:
            out.append("line past the end of the file")
    if not str(p.message).strip():
        out.append("empty message")
    s = str(p)
    if CONTROL_RE.search(s):
        out.append("newline or control character in the problem line")
    elif not out and not (SHAPE_RE.match(s) if p.field else FILE_SHAPE_RE.match(s)):
        out.append("does not read path:line: field: message")
    return out


# ---------------------------------------------------------------------------------------------
# The fuzzer


class Fuzzer:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.keep: Path = args.keep
        self.work = Path(tempfile.mkdtemp(prefix="advocacy-fuzz-work-"))
        self.findings = Findings(self.keep)
        self.counter = 0
        self.recs: list[Rec] = []
        self.by_idx: dict[int, Rec] = {}
        self.stats: Counter = Counter()
        self.times: dict[str, float] = {}
        self.slowest: list[tuple[float, str]] = []
        self.pool = ThreadPoolExecutor(max_workers=args.jobs)
        self.quarantine: set[str] = set()
        self.baseline: Baseline | None = None
        self.minimize_budget = 30 if args.quick else 60
        self.env_checked: dict[str, bool] = {}
        self.env_cli: dict[str, bool] = {}
        self.env_build_sig: str | None = None
        self.env_builds: dict[str, bool] = {}
        self.crash_tags: set[str] = set()
        self.strict = True
        self.minimized: set[tuple[str, str]] = set()

    def new_dir(self, prefix: str) -> Path:
        self.counter += 1
        return self.work / f"{prefix}{self.counter:05d}"

    # -- generation ------------------------------------------------------------------------

    def generate(self) -> None:
        t = time.perf_counter()
        m = Mutator(random.Random(self.args.seed))
        for i in range(self.args.records):
            rec = m.make(i)
            self.recs.append(rec)
            self.by_idx[i] = rec
        self.times["generate"] = time.perf_counter() - t

    # -- validation ------------------------------------------------------------------------

    def validate(self) -> None:
        t = time.perf_counter()
        size = self.args.batch
        light = [r for r in self.recs if not is_heavy(r)]
        heavy = [r for r in self.recs if is_heavy(r)]
        for n, start in enumerate(range(0, len(light), size)):
            batch = light[start:start + size]
            root = self.new_dir("v")
            make_program(root, batch)
            cli = self.start_cli(root, "github" if n % 2 else "text")
            checked = self.check_group(batch, root)
            self.finish_cli(cli, root, batch, checked)
            rmtree(root)
            self.forget()
            done = min(start + size, len(light))
            if n % 10 == 9 or done == len(light):
                log(f"validated {done:,}/{len(light):,} records in batches of {size}")
        # Large records and nested Markdown one by one, timed: python-markdown takes quadratic time on
        # some text, and a record that takes seconds to check is a finding too.
        for rec in heavy:
            self.check_group([rec])
        if heavy:
            log(f"validated {len(heavy):,} large records (over 50 KB, or nested Markdown) one by one")
        self.times["validate"] = time.perf_counter() - t

    def forget(self) -> None:
        if _PARSE_CACHE is not None and hasattr(_PARSE_CACHE, "forget_missing"):
            _PARSE_CACHE.forget_missing()

    def check_group(self, recs: list[Rec], root: Path | None = None) -> Any:
        """check_site over `recs`; on an exception, bisect to the records that raise."""
        own = root is None
        if root is None:
            root = self.new_dir("c")
            make_program(root, recs)
        t = time.perf_counter()
        try:
            try:
                checked = run_check(root, (30 if is_heavy(recs[0]) else 10) + 0.2 * len(recs))
                error = None
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as e:  # noqa: BLE001 - anything the check raises is a finding
                checked, error = None, e
            elapsed = time.perf_counter() - t
            self.stats["check_site calls"] += 1
            self.slowest.append((elapsed, f"{len(recs)} record(s) from {recs[0].rel}"))
            self.slowest = sorted(self.slowest, reverse=True)[:3]
            if len(recs) == 1:
                recs[0].check_seconds = elapsed
                if elapsed > SLOW_SECONDS:
                    self.slow_record(recs[0], elapsed)
            if error is None:
                self.analyze(checked, recs, root)
                return checked
            if len(recs) == 1:
                self.validate_crash(recs[0], error)
                return None
        finally:
            if own:
                rmtree(root)
                self.forget()
        # Records of a mutation tag that already raised are tried alone first; the rest is bisected.
        suspects = [r for r in recs if r.tag in self.crash_tags] if len(recs) > 2 else []
        for rec in suspects:
            self.check_group([rec])
        rest = [r for r in recs if r.outcome != "crash"]
        if suspects and len(rest) < len(recs):
            if rest:
                self.check_group(rest)
        else:
            half = len(recs) // 2
            for part in (recs[:half], recs[half:]):
                self.check_group(part)
        if not any(r.outcome == "crash" for r in recs):
            sig, text = exc_signature(error)
            self.findings.add("tracebacks", f"validate: {sig} (only with several records together)",
                              example=text[-600:], repro=lambda d: self.repro_program(
                                  d, recs, f"check_site raised only on these {len(recs)} records together:\n" + text,
                                  self.findings.get("tracebacks", f"validate: {sig} (only with several records "
                                                                  "together)")))
        return None

    def slow_record(self, rec: Rec, seconds: float) -> None:
        name = f"validate: one record takes over {SLOW_SECONDS:.0f} s to check"
        f = self.findings.get("other", name)
        self.findings.add("other", name, rec, example=f"{seconds:.1f} s: {rec.rel} [{rec.tag}] {rec.detail[:100]}",
                          key=rec.idx, repro=lambda d: self.repro_single(d, rec, f, f"check_site took {seconds:.1f} s"))

    def env_check_raises(self, sig: str) -> bool:
        """Does check_site raise the same way on the program of fixtures alone? Then the working tree,
        not the record, is at fault (the plugin is being edited while this runs)."""
        if sig not in self.env_checked:
            root = self.new_dir("e")
            make_program(root, [])
            try:
                run_check(root, 30)
                self.env_checked[sig] = False
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as e:  # noqa: BLE001
                self.env_checked[sig] = exc_signature(e)[0] == sig
            finally:
                rmtree(root)
                self.forget()
        return self.env_checked[sig]

    def validate_crash(self, rec: Rec, error: BaseException) -> None:
        rec.outcome = "crash"
        sig, text = exc_signature(error)
        rec.crash_sig = sig
        self.crash_tags.add(rec.tag)
        if not isinstance(error, CheckTimeout) and self.env_check_raises(sig):
            self.findings.add("other", f"check_site raises on the fixtures alone: {sig} (the tree is broken?)",
                              example=text.strip().splitlines()[-1][:300])
            return
        kind = "hang" if isinstance(error, CheckTimeout) else "traceback"
        name = f"validate: {sig}" if kind == "traceback" else "validate: one record's check stopped after 30 s"
        goal = "tracebacks" if kind == "traceback" else "other"
        f = self.findings.get(goal, name)

        def repro(d: Path) -> str:
            if kind == "hang":
                return self.repro_single(d, rec, f, text)
            return self.repro_single(d, rec, f, text, minimize=lambda data: self._raises_like(rec, data, sig))

        self.findings.add(goal, name, rec, example=f"{rec.rel} ({rec.tag}): {text.strip().splitlines()[-1]}",
                          repro=repro)

    def _single_check(self, rec: Rec, data: bytes | None = None) -> tuple[Any, BaseException | None, Path]:
        """check_site over one record (with `data` instead of its own bytes); the caller removes the folder."""
        probe = dataclasses.replace(rec, data=rec.data if data is None else data, problems=[], levels=set())
        root = self.new_dir("m")
        make_program(root, [probe])
        try:
            return run_check(root, 20), None, root
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as e:  # noqa: BLE001
            return None, e, root

    def _raises_like(self, rec: Rec, data: bytes, sig: str) -> bool:
        checked, error, root = self._single_check(rec, data)
        rmtree(root)
        self.forget()
        return error is not None and exc_signature(error)[0] == sig

    def _has_issue(self, rec: Rec, data: bytes, issue: str) -> bool:
        checked, error, root = self._single_check(rec, data)
        try:
            return checked is not None and any(
                p.file == rec.rel and issue in shape_issues(p, root) for p in checked.problems)
        finally:
            rmtree(root)
            self.forget()

    def _leaks_like(self, rec: Rec, data: bytes) -> bool:
        checked, error, root = self._single_check(rec, data)
        rmtree(root)
        self.forget()
        if checked is None:
            return False
        secret = _secret_markers(data) or rec.secret_markers()
        return any(m.group(0) in secret for p in checked.problems for m in MARK_RE.finditer(str(p).lower()))

    def analyze(self, checked: Any, recs: list[Rec], root: Path, context: str = "validate") -> None:
        by_file = {r.rel: r for r in recs}
        for p in checked.problems:
            rec = by_file.get(p.file)
            if rec is not None and context == "validate":
                rec.levels.add(p.level)
                if len(rec.problems) < 12:
                    rec.problems.append(str(p))
            self.stats[f"problems ({p.level})"] += 1 if context == "validate" else 0
            if not p.field:
                # A problem about the whole file (not UTF-8, malformed YAML, nested too deep) has a
                # line and no field: counted, not a missed goal.
                self.stats["problems about a whole file (a line, no field)"] += 1
            for issue in shape_issues(p, root):
                self.line_finding(issue, p, rec, root)
            low = (str(p)).lower()
            for m in MARK_RE.finditer(low):
                owner = rec if rec is not None else self.by_idx.get(int(m.group(2)))
                if owner is not None and m.group(0) in owner.secret_markers():
                    self.leak_in_problem(owner, p)
        if context == "validate":
            for rec in recs:
                if rec.outcome != "crash":
                    rec.outcome = ("error" if "error" in rec.levels else "warning" if "warning" in rec.levels
                                   else "ok")

    def line_finding(self, issue: str, p: Any, rec: Rec | None, root: Path) -> None:
        name = issue
        f = self.findings.get("line", name)
        example = f"{str(p)[:300]!r}" + (f"  [{rec.tag}]" if rec else "")

        def repro(d: Path) -> str:
            if rec is None:
                return self.repro_program(d, [], f"problem: {str(p)!r}\nissue: {issue}", f)
            return self.repro_single(d, rec, f, f"problem: {str(p)!r}\nissue: {issue}",
                                     minimize=lambda data: self._has_issue(rec, data, issue))

        self.findings.add("line", name, rec, example=example, key=(rec.idx if rec else p.file, str(p)), repro=repro)

    def leak_in_problem(self, rec: Rec, p: Any) -> None:
        name = "private value in a problem message (the build prints the same line)"
        f = self.findings.get("leaks", name)
        self.findings.add("leaks", name, rec, example=f"{str(p)[:300]!r}", key=(rec.idx, str(p)),
                          repro=lambda d: self.repro_single(d, rec, f, f"problem: {str(p)!r}",
                                                            minimize=lambda data: self._leaks_like(rec, data)))

    # -- the advocacy validate command -----------------------------------------------------

    def cli_cmd(self, fmt: str) -> list[str]:
        exe = BIN / "advocacy"
        base = [str(exe)] if exe.exists() else [sys.executable, "-m", "mkdocs_advocacy"]
        return base + ["validate", "-f", "mkdocs.yml", "--format", fmt]

    def start_cli(self, root: Path, fmt: str) -> tuple[Future, str]:
        return self.pool.submit(run_measured, self.cli_cmd(fmt), root, 300, "validate"), fmt

    def finish_cli(self, cli: tuple[Future, str], root: Path, batch: list[Rec], checked: Any) -> None:
        fut, fmt = cli
        rc, raw = fut.result()
        if rc == -999:
            self.findings.add("tracebacks", "advocacy validate: did not finish in 300 s", example=str(root))
            return
        self.stats["advocacy validate runs"] += 1
        out = raw.decode("utf-8", "replace")
        if "Traceback (most recent call last)" in out or rc not in (0, 1):
            sig = tb_signature(out, rc)
            name = f"advocacy validate --format {fmt}: {sig}"
            f = self.findings.get("tracebacks", name)
            # The in-process check raising the same way on a record of this batch explains it.
            culprits = [r for r in batch if r.outcome == "crash" and r.crash_sig == sig]
            if not culprits and self.env_cli_raises(fmt, sig):
                self.findings.add("other", f"advocacy validate fails on the fixtures alone: {sig} (the tree is "
                                           "broken?)", example=out.strip().splitlines()[-1][:300])
                return
            if not culprits and len(f.repros) < 3:
                culprits = self.bisect_cli(batch, fmt, sig)
            for rec in culprits or [None]:
                last = [x for x in out.strip().splitlines() if x.strip()][-1:] or [""]
                self.findings.add("tracebacks", name, rec, example=last[0][:300], repro=(
                    (lambda d, rec=rec: self.repro_single(d, rec, f, out[-6000:])) if rec is not None else
                    (lambda d: self.repro_program(d, batch, out[-6000:], f))))
        elif checked is not None:
            has_errors = bool(checked.problems.errors)
            if rc != (1 if has_errors else 0):
                self.findings.add("other", "advocacy validate exit code disagrees with its errors",
                                  example=f"exit {rc} with {len(checked.problems.errors)} errors")
        low = out.lower()
        members = {r.idx for r in batch}
        for m in MARK_RE.finditer(low):
            rec = self.by_idx.get(int(m.group(2)))
            if rec is not None and rec.idx in members and m.group(0) in rec.secret_markers() and m.group(1) == "pvt":
                line = next((x for x in out.splitlines() if m.group(0) in x.lower()), "")
                f = self.findings.get("leaks", "private value in advocacy validate output")
                self.findings.add("leaks", f.name, rec, example=line[:300], key=(rec.idx, line),
                                  repro=lambda d, rec=rec, line=line, f=f: self.repro_single(d, rec, f, line))

    def env_cli_raises(self, fmt: str, sig: str) -> bool:
        if sig not in self.env_cli:
            root = self.new_dir("e")
            make_program(root, [])
            rc, raw = run_measured(self.cli_cmd(fmt), root, 300, "validate")
            rmtree(root)
            out = raw.decode("utf-8", "replace")
            self.env_cli[sig] = ("Traceback (most recent call last)" in out or rc not in (0, 1)) and \
                tb_signature(out, rc) == sig
        return self.env_cli[sig]

    def bisect_cli(self, recs: list[Rec], fmt: str, sig: str, budget: list[int] | None = None) -> list[Rec]:
        budget = budget if budget is not None else [16]
        if budget[0] <= 0:
            return []
        if len(recs) == 1:
            return recs
        found: list[Rec] = []
        half = len(recs) // 2
        for part in (recs[:half], recs[half:]):
            if budget[0] <= 0 or found:
                break
            root = self.new_dir("q")
            make_program(root, part)
            budget[0] -= 1
            rc, raw = run_measured(self.cli_cmd(fmt), root, 300, "validate")
            rmtree(root)
            out = raw.decode("utf-8", "replace")
            if ("Traceback (most recent call last)" in out or rc not in (0, 1)) and tb_signature(out, rc) == sig:
                found += self.bisect_cli(part, fmt, sig, budget)
        return found

    # -- reproducers -----------------------------------------------------------------------

    def repro_single(self, d: Path, rec: Rec, f: Finding, what: str, build: bool = False,
                     minimize: Callable[[bytes], bool] | None = None) -> str:
        data = rec.data
        note = ""
        key = (f.goal, f.name)
        if minimize is not None and not rec.special and key not in self.minimized and self.minimize_budget > 0:
            self.minimized.add(key)
            self.minimize_budget -= 1
            if minimize(data):
                data = ddmin_lines(data, minimize, budget=60)
                if data != rec.data:
                    note = f"\n(minimized from {len(rec.data):,} to {len(data):,} bytes; the original is original.txt)"
            else:
                note = "\n(NOTE: alone, this record did not reproduce it: it needed the records of its batch)"
        make_program(d, [dataclasses.replace(rec, data=data)], site=build)
        if data != rec.data:
            (d / "original.txt").write_bytes(rec.data)
        readme(d, f, [rec], what + note, build and self.strict, build and not self.strict)
        return str(d / rec.folder / rec.fname)

    def repro_program(self, d: Path, recs: list[Rec], what: str, f: Finding, build: bool = False) -> str:
        make_program(d, recs, site=build)
        readme(d, f, recs, what, build and self.strict, build and not self.strict)
        return str(d) + "/"

    # -- builds ----------------------------------------------------------------------------

    def build_cmd(self, strict: bool = True) -> list[str]:
        return [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-f", "mkdocs.yml"]

    def run_build(self, recs: list[Rec], prefix: str = "b", strict: bool = True) -> BuildResult:
        root = self.new_dir(prefix)
        make_program(root, recs, site=True)
        before = tree_hash(root / "site")
        t = time.perf_counter()
        rc, raw = run_measured(self.build_cmd(strict), root, self.args.timeout, "build")
        out = raw.decode("utf-8", "replace")
        elapsed = time.perf_counter() - t
        after = tree_hash(root / "site")
        return BuildResult(root, recs, rc, out, before != after, elapsed)

    def builds(self) -> None:
        t = time.perf_counter()
        ok_pool = [r for r in self.recs if r.outcome == "ok"]
        fail_pool = [r for r in self.recs if r.outcome in ("error", "warning")]
        warn_pool = [r for r in self.recs if r.outcome == "warning" and not r.special and r.check_seconds <= 1.0]
        n_fail = min(len(fail_pool), max(1, self.args.builds // 8)) if self.args.builds > 1 else 0
        n_warn = (max(1, self.args.builds // 8) if self.args.builds >= 4 else 0) if warn_pool else 0
        n_batch = self.args.builds - n_fail - n_warn
        self.stats["records that passed validation"] = len(ok_pool)
        # The baseline: what the theme and the plugin put in pages of valid records only.
        valid = [r for r in ok_pool if r.cls == "valid"][:20]
        res = self.run_build(valid, "base")
        self.stats["builds: baseline"] += 1
        if not res.ok:  # its records are built again in the batches, where a crash is bisected
            rmtree(res.root)
            res = self.run_build([], "base")
            self.stats["builds: baseline"] += 1
            if not res.ok:
                self.env_build_sig = res.signature() if res.crashed else "clean failure"
                self.findings.add("other", f"the fixtures alone do not build: {self.env_build_sig} (the tree is "
                                           "broken?)", example=res.tail())
        self.baseline = Baseline.collect(res.root / "site") if res.ok else Baseline()
        if not res.ok:
            log("baseline build failed: unsafe-HTML checks run without a baseline")
        rmtree(res.root)

        per = self.args.per_build
        order = ok_pool[:]
        random.Random(self.args.seed + 1).shuffle(order)
        # Spread the interesting classes over every build: valid records only fill up.
        order.sort(key=lambda r: r.cls == "valid")
        cursor = [0]

        def compose() -> list[Rec]:
            chosen: list[Rec] = []
            seen = 0
            while len(chosen) < per and seen < len(order):
                rec = order[cursor[0] % len(order)]
                cursor[0] += 1
                seen += 1
                if rec.tag in self.quarantine:
                    continue
                if rec.check_seconds > 1.0:
                    self.stats["records left out of builds (over 1 s to check alone)"] += 1
                    continue
                chosen.append(rec)
            return self.precheck(chosen)

        by_cls: dict[str, list[Rec]] = defaultdict(list)
        for r in fail_pool:
            by_cls[r.cls].append(r)
        fail_picks: list[Rec] = []
        rr = random.Random(self.args.seed + 2)
        classes = sorted(by_cls)
        rr.shuffle(classes)
        tries = 0
        while len(fail_picks) < n_fail and any(by_cls.values()) and tries < 20 * n_fail:
            for c in classes:
                if by_cls[c] and len(fail_picks) < n_fail:
                    tries += 1
                    cand = by_cls[c].pop(rr.randrange(len(by_cls[c])))
                    if self.fails_alone(cand):
                        fail_picks.append(cand)
        # Records with warnings only (the sanitizer's, dates after as_of), built without --strict: what
        # `mkdocs build` and `mkdocs serve` publish of them must be safe too.
        warn_order = warn_pool[:]
        random.Random(self.args.seed + 3).shuffle(warn_order)
        warn_chunks = [warn_order[k::n_warn][:per] for k in range(n_warn)] if n_warn else []
        queue: list[Task] = []
        for k in range(max(n_batch, n_fail, n_warn)):
            if k < n_batch and order:
                queue.append(Task("batch", None))
            if k < len(fail_picks):
                queue.append(Task("fail", [fail_picks[k]]))
            if k < len(warn_chunks) and warn_chunks[k]:
                queue.append(Task("lenient", warn_chunks[k], strict=False))
        self.bisect_left = self.args.bisect_budget
        running: dict[Future, Task] = {}
        done_builds = 0
        while queue or running:
            while queue and len(running) < self.args.jobs:
                task = queue.pop(0)
                if task.kind == "batch":
                    task.recs = compose()
                    if not task.recs:
                        continue
                running[self.pool.submit(self.run_build, task.recs, "b", task.strict)] = task
            finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for fut in finished:
                task = running.pop(fut)
                res = fut.result()
                done_builds += 1
                self.stats[f"builds: {task.kind}"] += 1
                self.stats["build seconds"] += res.elapsed
                queue[:0] = self.handle_result(task, res)
                rmtree(res.root)
                if done_builds % 10 == 0:
                    log(f"{done_builds} builds done, {len(queue)} queued")
        self.times["builds"] = time.perf_counter() - t

    def handle_result(self, task: Task, res: BuildResult) -> list[Task]:
        """Check one build; return the builds it calls for (bisection, retries)."""
        more: list[Task] = []
        self.strict = task.strict  # for the READMEs of reproducers made from this build
        self.scan_log(res)
        g = task.group
        if g is not None:
            g.pending -= 1
            g.crashed |= res.crashed
            if g.pending == 0 and not g.crashed:
                f = self.findings.get("tracebacks", f"build: {g.sig} (only with several records together)")
                self.findings.add("tracebacks", f.name, None, example=f"{len(g.recs)} records",
                                  repro=lambda d: self.repro_program(d, g.recs, g.text, f, build=True))
        env = res.crashed and res.rc != -999 and (res.signature() == self.env_build_sig
                                                  or self.env_build_raises(res.signature()))
        if not res.ok and res.site_changed:
            strict = "in strict mode" in res.out and not res.traceback_seen
            name = ("failed build (MkDocs' own strict abort, after writing) changed the previous site/" if strict
                    else "failed build changed the previous site/" + (" (the fixtures alone crash too)" if env
                                                                        else ""))
            f = self.findings.get("other" if strict or env else "tracebacks", name)
            rec = res.recs[0] if len(res.recs) == 1 else None
            self.findings.add(f.goal, name, rec, example=f"{task.kind} build of {len(res.recs)} records, "
                                                               f"exit {res.rc}: {res.tail()}",
                              repro=lambda d: (self.repro_single(d, rec, f, res.out[-6000:], build=True) if rec
                                               else self.repro_program(d, res.recs, res.out[-6000:], f, build=True)))
        if res.rc == -999:
            f = self.findings.get("tracebacks", f"build: did not finish in {self.args.timeout} s")
            self.stats["records not built (build hung)"] += len(res.recs)
            self.findings.add("tracebacks", f.name, res.recs[0] if len(res.recs) == 1 else None, example=res.tail(),
                              repro=lambda d: self.repro_program(d, res.recs, res.out[-6000:], f, build=True))
        elif res.crashed:
            more += self.handle_crash(task, res)
        elif res.ok:
            self.stats["records built"] += len(res.recs)
            self.scan_site(res)
            if task.kind == "fail":
                rec = res.recs[0]
                self.findings.add("other", f"build accepted a record advocacy validate refused ({rec.outcome})", rec,
                                  example=f"{rec.rel} [{rec.tag}]: {rec.problems[:1]}")
        else:  # a clean failure
            if task.kind == "fail":
                self.stats["clean failures of failing-record builds"] += 1
                return more
            blamed = {m.group(1) for m in re.finditer(r"((?:advocates|case_studies)/[^\s:]+):\d+:", res.out)}
            keep = [r for r in res.recs if r.rel not in blamed]
            agree = self.validate_agrees(res, task.strict)
            if not agree:
                f = self.findings.get("other", "mkdocs build --strict refused records that advocacy validate accepts"
                                      if task.strict else "mkdocs build refused records with warnings only")
                self.findings.add("other", f.name, res.recs[0] if len(res.recs) == 1 else None,
                                  example=res.tail(), repro=lambda d: self.repro_program(
                                      d, res.recs, res.out[-6000:], f, build=True) if f.count <= 1 else "")
            log(f"{task.kind} build of {len(res.recs)} records failed cleanly: {res.tail()[:200]}")
            if blamed and len(keep) < len(res.recs) and task.retries < 2 and keep:
                more.append(Task(task.kind if task.kind != "batch" else "retry", keep, task.retries + 1,
                                 strict=task.strict))
            else:
                self.stats["records not built (clean failure without a culprit)"] += len(res.recs)
        return more

    def precheck(self, recs: list[Rec]) -> list[Rec]:
        """Check a build's program in-process first and leave out what fails next to the other records
        (an industry spelled like another record's, say). Notices come out only when a program has no
        errors, so this is also where their lines are checked."""
        for _ in range(3):
            root = self.new_dir("p")
            make_program(root, recs)
            try:
                checked = run_check(root, 10 + 0.2 * len(recs))
            except BaseException:  # noqa: BLE001 - the build will show it
                return recs
            finally:
                self.forget()
            self.analyze(checked, recs, root, context="precheck")
            rmtree(root)
            bad = {p.file for p in checked.problems if p.level in ("error", "warning")}
            keep = [r for r in recs if r.rel not in bad]
            if len(keep) == len(recs):
                return recs
            self.stats["records left out of a build (errors next to other records)"] += len(recs) - len(keep)
            recs = keep
        return recs

    def fails_alone(self, rec: Rec) -> bool:
        """Does the record fail validation without the records of its batch (errors or warnings)?"""
        checked, error, root = self._single_check(rec)
        rmtree(root)
        self.forget()
        return error is None and bool(checked.problems.errors or checked.problems.warnings)

    def validate_agrees(self, res: BuildResult, strict: bool) -> bool:
        """Does `advocacy validate` refuse (errors) or, for --strict, warn about the program the build refused?"""
        rc, raw = run_measured(self.cli_cmd("text"), res.root, 300, "validate")
        out = raw.decode("utf-8", "replace")
        return rc != 0 or (strict and bool(re.search(r"^WARNING\b", out, re.M)))

    def env_build_raises(self, sig: str) -> bool:
        """Do the fixtures alone crash the build this way (the plugin is being edited while this runs)?"""
        if sig not in self.env_builds:
            res = self.run_build([], "e")
            self.stats["builds: fixtures alone"] += 1
            self.env_builds[sig] = res.crashed and res.signature() == sig
            rmtree(res.root)
            if self.env_builds[sig]:
                self.findings.add("other", f"the fixtures alone do not build: {sig} (the tree is broken?)",
                                  example=res.tail())
        return self.env_builds[sig]

    def handle_crash(self, task: Task, res: BuildResult) -> list[Task]:
        sig = res.signature()
        if sig == self.env_build_sig or self.env_build_raises(sig):
            # the fixtures alone fail this way: no record is to blame
            self.stats["records not built (the fixtures alone do not build)"] += len(res.recs)
            return []
        if len(res.recs) == 1:
            # The tree may have broken since the first crash of this kind: try the fixtures alone again.
            self.env_builds.pop(sig, None)
            if self.env_build_raises(sig):
                self.stats["records not built (the fixtures alone do not build)"] += 1
                return []
        name = f"build: {sig}"
        f = self.findings.get("tracebacks", name)
        if task.kind != "bisect" or task.sig != sig:
            f.count += 1  # a crashing build; its culprits are listed as they are isolated
            if len(f.examples) < 3:
                f.examples.append(f"{task.kind} build of {len(res.recs)} records: {res.tail()}")
        if len(res.recs) == 1:
            rec = res.recs[0]
            self.quarantine.add(rec.tag)
            f.records.add(rec.idx)
            if self.findings.wants_repro(f, rec):
                self.findings.write_repro(f, rec, lambda d: self.repro_single(d, rec, f, res.traceback_text(),
                                                                               build=True))
            return []
        if not res.recs:
            self.findings.write_repro(f, None, lambda d: self.repro_program(d, [], res.traceback_text(), f,
                                                                            build=True))
            return []
        if self.bisect_left <= 0 or len(f.repros) >= 3:
            self.stats["records not built (crashing build not bisected)"] += len(res.recs)
            return []
        self.bisect_left -= 2
        half = len(res.recs) // 2
        group = Group(res.recs, sig, res.traceback_text())
        return [Task("bisect", res.recs[:half], sig=sig, group=group, strict=task.strict),
                Task("bisect", res.recs[half:], sig=sig, group=group, strict=task.strict)]

    # -- scanning --------------------------------------------------------------------------

    def scan_log(self, res: BuildResult) -> None:
        low = res.out.lower()
        for m in MARK_RE.finditer(low):
            if m.group(1) != "pvt":
                continue
            rec = self.by_idx.get(int(m.group(2)))
            if rec is None or rec.idx not in res.members or m.group(0) not in rec.secret_markers():
                if int(m.group(2)) in (ANCHOR_PUBLIC, ANCHOR_HIDDEN):
                    self.findings.add("leaks", "private value in the build log", None,
                                      example=f"anchor marker {m.group(0)} in the log", key=("anchor", m.group(0)))
                continue
            line = next((x for x in res.out.splitlines() if m.group(0) in x.lower()), "")
            f = self.findings.get("leaks", "private value in the build log")
            self.findings.add("leaks", f.name, rec, example=line[:300], key=(rec.idx, line),
                              repro=lambda d, rec=rec, line=line, f=f: self.repro_single(d, rec, f, line,
                                                                                        build=True))

    def scan_site(self, res: BuildResult) -> None:
        site = res.root / "site"
        secret: dict[str, Rec | None] = {}
        for rec in res.recs:
            for m in rec.secret_markers():
                secret[m] = rec
        for i in (ANCHOR_PUBLIC, ANCHOR_HIDDEN):
            secret[pmark(i)] = None
        secret[nmark(ANCHOR_HIDDEN)] = None
        assert self.baseline is not None
        for p in sorted(site.rglob("*")):
            if not p.is_file():
                continue
            rel = p.relative_to(site).as_posix()
            data = p.read_bytes()
            if rel.endswith(".gz"):
                with contextlib.suppress(Exception):
                    data = gzip.decompress(data)
            self.stats["site files scanned"] += 1
            self.stats["site bytes scanned"] += len(data)
            low = data.lower()
            for m in MARK_BRE.finditer(low):
                marker = m.group(0).decode()
                if marker in secret:
                    self.site_leak(res, rel, marker, secret[marker], data, m.start())
            if EXIF_MARK.encode() in low:
                self.findings.add("leaks", "EXIF metadata of a photo published", None, example=rel, key=rel)
            for m in TEMPLATE_RE.finditer(low):
                self.unsafe(res, "template injection (Jinja ran record text)", rel, int(m.group(1)),
                            data[max(0, m.start() - 80):m.end() + 40].decode("utf-8", "replace"))
            if rel.endswith(".html"):
                self.scan_html(res, rel, data.decode("utf-8", "replace"), "page")
            elif rel == "feed.xml":
                self.scan_feed(res, data)
            elif rel == "search/search_index.json":
                self.scan_search(res, data)
            elif rel.endswith(".svg") and not rel.startswith("assets/"):
                for pat, what in ((rb"<script", "script in a published SVG"), (rb"\son[a-z]+\s*=", "on* in an SVG"),
                                  (rb"javascript:", "javascript: in an SVG")):
                    if re.search(pat, low):
                        self.unsafe(res, what, rel, None, data[:200].decode("utf-8", "replace"))

    def site_leak(self, res: BuildResult, rel: str, marker: str, rec: Rec | None, data: bytes, pos: int) -> None:
        kind = "private value" if marker.startswith("pvt") else "name or quote of a non-public advocate"
        name = f"{kind} in site/"
        f = self.findings.get("leaks", name)
        context = data[max(0, pos - 100):pos + 60].decode("utf-8", "replace")
        self.findings.add("leaks", name, rec, example=f"{rel}: ...{context}...", key=(marker, rel),
                          repro=(lambda d: self.repro_single(d, rec, f, f"{marker} found in site/{rel}:\n{context}",
                                                             build=True)) if rec else
                          (lambda d: self.repro_program(d, res.recs, f"{marker} found in site/{rel}:\n{context}", f,
                                                        build=True)))

    def unsafe(self, res: BuildResult, kind: str, rel: str, idx: int | None, snippet: str) -> None:
        where = "feed" if rel == "feed.xml" else "search index" if rel.startswith("search/") else "page"
        name = f"{kind} ({where})"
        rec = self.by_idx.get(idx) if idx is not None else None
        if rec is not None and rec.idx not in res.members:
            rec = None
        f = self.findings.get("unsafe", name)
        self.findings.add("unsafe", name, rec, example=f"{rel}: {snippet[:240]}",
                          key=(rel, snippet[:200], rec.idx if rec else None),
                          repro=(lambda d: self.repro_single(d, rec, f, f"site/{rel}:\n{snippet}", build=True))
                          if rec else (lambda d: self.repro_program(d, res.recs, f"site/{rel}:\n{snippet}", f,
                                                                    build=True)))

    def scan_html(self, res: BuildResult, rel: str, text: str, where: str) -> None:
        assert self.baseline is not None
        scanner = HtmlScan()
        try:
            scanner.feed(text)
            scanner.close()
        except Exception as e:  # noqa: BLE001
            self.findings.add("other", "HTML the scanner could not parse", None, example=f"{rel}: {e}")
            return
        self.stats["HTML documents scanned"] += 1
        for kind, snippet in self.baseline.judge(scanner):
            m = XSS_RE.search(snippet.lower())
            self.unsafe(res, kind, rel, int(m.group(1)) if m else None, snippet)

    def scan_feed(self, res: BuildResult, data: bytes) -> None:
        try:
            root = ET.fromstring(data)
        except ET.ParseError as e:
            self.findings.add("other", "feed.xml is not well-formed XML", None, example=str(e))
            return
        atom = root.tag.startswith("{http://www.w3.org/2005/Atom}")
        for el in root.iter():
            tag = el.tag.rsplit("}", 1)[-1]
            # Readers render Atom text constructs of type html (escaped) or xhtml, and RSS descriptions.
            kind = el.get("type", "text") if atom else ("html" if tag == "description" else "text")
            if kind == "xhtml":
                text = ET.tostring(el, encoding="unicode")
            elif kind == "html":
                text = el.text or ""
            else:
                continue
            if XSS_RE.search(text.lower()):
                self.scan_html(res, "feed.xml", text, "feed")

    def scan_search(self, res: BuildResult, data: bytes) -> None:
        try:
            docs = json.loads(data).get("docs", [])
        except (ValueError, AttributeError):
            self.findings.add("other", "search_index.json is not valid JSON", None)
            return
        for doc in docs:
            for k in ("title", "text"):
                v = doc.get(k) or ""
                if XSS_RE.search(v.lower()):
                    self.scan_html(res, "search/search_index.json", v, "search index")

    # -- the report ------------------------------------------------------------------------

    def report(self, started: float) -> int:
        total = time.perf_counter() - started
        outcomes = Counter(r.outcome for r in self.recs)
        kinds = Counter(r.kind for r in self.recs)
        classes = Counter(r.cls for r in self.recs)
        passed = Counter(r.cls for r in self.recs if r.outcome == "ok")
        self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print()
        print(f"advocacy fuzz: seed {self.args.seed}, {len(self.recs):,} records ({kinds['advocate']:,} advocates, "
              f"{kinds['case_study']:,} case studies), as_of {AS_OF}")
        print("mutation classes (generated / passed validation): " + ", ".join(
            f"{c} {n}/{passed[c]}" for c, n in sorted(classes.items())))
        print(f"validate: {outcomes['ok']:,} ok, {outcomes['error']:,} with errors, {outcomes['warning']:,} with "
              f"warnings only, {outcomes['crash']:,} raised; {self.stats['check_site calls']:,} check_site calls, "
              f"{self.stats['advocacy validate runs']} advocacy validate runs, "
              f"{self.stats['problems (error)']:,} errors / {self.stats['problems (warning)']:,} warnings / "
              f"{self.stats['problems (info)']:,} notices reported")
        if self.slowest:
            print("slowest check_site calls: " + "; ".join(f"{s:.2f} s ({w})" for s, w in self.slowest))
        b = self.stats
        print(f"build: {b['builds: batch'] + b['builds: retry']} batch builds ({b['builds: retry']} retries), "
              f"{b['builds: lenient']} builds without --strict of records with warnings only, "
              f"{b['builds: fail']} failing-record builds, {b['builds: bisect']} bisection builds, "
              f"{b['builds: baseline']} baseline; {b['records built']:,} records built "
              f"({sum(1 for r in self.recs if r.outcome == 'ok'):,} passed validation), "
              f"{b['site files scanned']:,} site files ({b['site bytes scanned'] / 2**20:,.0f} MB) and "
              f"{b['HTML documents scanned']:,} HTML documents scanned; {b['build seconds']:.0f} s of build time")
        for k in sorted(b):
            if k.startswith("records not built") and b[k]:
                print(f"  {k}: {b[k]:,}")
        if self.quarantine:
            print(f"  mutation tags kept out of later builds once they crashed one: {', '.join(sorted(self.quarantine))}")
        print()
        missed = False
        print("GOALS")
        for goal, label in GOALS.items():
            fs = [f for f in self.findings.by_key.values() if f.goal == goal]
            n = sum(f.count for f in fs)
            distinct = len(set().union(*(f.records for f in fs))) if fs else 0
            missed |= n > 0
            print(f"  {label:<24} {n:>7,}   (goal 0)  {'MISSED' if n else 'ok':<6}  {len(fs)} classes, "
                  f"{distinct:,} distinct records")
        print()
        print("FAILURE CLASSES")
        order = list(GOALS) + ["other"]
        for f in sorted(self.findings.by_key.values(), key=lambda f: (order.index(f.goal), -f.count, f.name)):
            label = GOALS.get(f.goal, "other (not a goal)")
            recs = f" in {len(f.records):,} records" if f.records else ""
            print(f"  [{label}] {f.name}: {f.count:,}{recs}")
            for e in f.examples[:1]:
                print(f"      e.g. {e[:300]!r}" if CONTROL_RE.search(e) else f"      e.g. {e[:300]}")
            for r in f.repros:
                print(f"      reproducer: {r}")
        if not self.findings.by_key:
            print("  none")
        print()
        print(f"peak memory (max RSS): fuzzer process {self_kb / 1024:,.0f} MB (validation runs in it); "
              f"largest mkdocs build {PEAK['build'] / 1024:,.0f} MB; largest advocacy validate "
              f"{PEAK['validate'] / 1024:,.0f} MB")
        print(f"time: {total:,.1f} s (generate {self.times.get('generate', 0):.1f} s, validate "
              f"{self.times.get('validate', 0):.1f} s, builds {self.times.get('builds', 0):.1f} s)")
        print(f"reproducers: {self.keep}")
        return 1 if missed else 0


def ddmin_lines(data: bytes, test: Callable[[bytes], bool], budget: int) -> bytes:
    """Drop chunks of lines while `test` still holds (delta debugging, bounded)."""
    lines = data.split(b"\n")
    n = 2
    while len(lines) >= 2 and budget > 0:
        chunk = -(-len(lines) // n)
        reduced = False
        for k in range(n):
            cand = lines[:k * chunk] + lines[(k + 1) * chunk:]
            if not cand:
                continue
            budget -= 1
            if test(b"\n".join(cand)):
                lines, n, reduced = cand, max(n - 1, 2), True
                break
            if budget <= 0:
                break
        if not reduced:
            if n >= len(lines):
                break
            n = min(len(lines), n * 2)
    return b"\n".join(lines)


def tb_signature(out: str, rc: int) -> str:
    if rc == -999:
        return "did not finish in time"
    blocks = out.split("Traceback (most recent call last):")
    if len(blocks) < 2:
        return f"killed by signal {-rc}" if rc < 0 else f"exit {rc} without a clean message"
    chosen = None
    for block in reversed(blocks[1:]):
        if "mkdocs_advocacy" in block:
            chosen = block
            break
    block = chosen or blocks[-1]
    frames = re.findall(r'File "([^"]+)", line \d+, in (\S+)', block)
    ours = [f for f in frames if "mkdocs_advocacy" in f[0]]
    where = ours[-1] if ours else (frames[-1] if frames else None)
    exc = "?"
    for line in block.splitlines()[1:]:
        m = re.match(r"^([A-Za-z_][\w.]*)(?::|$)", line)
        if m and not line.startswith(("During handling", "The above", "File ")):
            exc = m.group(1)
            break
    exc = exc.rsplit(".", 1)[-1]
    return f"{exc} in {where[1]} ({Path(where[0]).name})" if where else exc


@dataclasses.dataclass
class Group:
    recs: list[Rec]
    sig: str
    text: str
    pending: int = 2
    crashed: bool = False


@dataclasses.dataclass
class Task:
    kind: str  # batch | retry | fail | bisect | fail-expected-ok
    recs: list[Rec] | None
    retries: int = 0
    sig: str = ""
    group: Group | None = None
    strict: bool = True


@dataclasses.dataclass
class BuildResult:
    root: Path
    recs: list[Rec]
    rc: int
    out: str
    site_changed: bool
    elapsed: float

    @property
    def members(self) -> set[int]:
        return {r.idx for r in self.recs}

    @property
    def traceback_seen(self) -> bool:
        return "Traceback (most recent call last)" in self.out

    @property
    def ok(self) -> bool:
        return self.rc == 0 and not self.traceback_seen

    @property
    def crashed(self) -> bool:
        clean = self.rc not in (0, -999) and self.rc > 0 and "Aborted with" in self.out
        return self.traceback_seen or (self.rc != 0 and not clean)

    def signature(self) -> str:
        return tb_signature(self.out, self.rc)

    def traceback_text(self) -> str:
        i = self.out.find("Traceback (most recent call last)")
        return self.out[i:][-6000:] if i >= 0 else self.out[-6000:]

    def tail(self) -> str:
        lines = [x for x in self.out.strip().splitlines() if x.strip()]
        return " | ".join(lines[-2:])[:300]


# ---------------------------------------------------------------------------------------------
# HTML


URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcset", "ping",
             "cite", "lowsrc", "dynsrc", "codebase", "manifest", "icon", "longdesc", "usemap"}
# Elements that record text must never create nor sit in (meta and link carry record text legitimately).
STRICT_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "style", "svg", "math",
               "template", "portal", "button", "textarea", "video", "audio", "source", "details", "marquee"}
# ... of which these never carry record text in their attributes (a filter button or an icon may).
NO_TEXT_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "style", "math",
                "template", "portal"}


class HtmlScan(html.parser.HTMLParser):
    """Start tags with their attributes, and the text of script and style elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]], str]] = []
        self.scripts: list[tuple[dict[str, str | None], str, str]] = []
        self.styles: list[str] = []
        self._open: tuple[str, dict[str, str | None], str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        self.tags.append((tag, attrs, raw))
        if tag in ("script", "style"):
            self._open = (tag, dict(attrs), raw, [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs, self.get_starttag_text() or ""))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[3].append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag == self._open[0]:
            kind, attrs, raw, parts = self._open
            if kind == "script":
                self.scripts.append((attrs, raw, "".join(parts)))
            else:
                self.styles.append("".join(parts))
            self._open = None


def _norm(text: str) -> str:
    return re.sub(r"[./]+", "/", text)


def _style_shape(value: str) -> str:
    return re.sub(r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?", "0", value.strip())


def _scheme(value: str) -> str | None:
    """The scheme a browser reads: C0 controls and spaces stripped from the ends, tabs and newlines
    removed anywhere (WHATWG URL parsing); a space inside makes it a relative URL."""
    v = re.sub(r"[\t\n\r]", "", value.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f"
                                       "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")).lower()
    m = re.match(r"^([a-z][a-z0-9+.\-]*):", v)
    return m.group(1) if m else None


@dataclasses.dataclass
class Baseline:
    """What pages of valid records hold: script elements, event handlers and odd URLs of the theme."""

    tags: set[str] = dataclasses.field(default_factory=set)
    script_src: set[str] = dataclasses.field(default_factory=set)
    script_inline: set[str] = dataclasses.field(default_factory=set)
    on_attrs: set[tuple[str, str, str]] = dataclasses.field(default_factory=set)
    urls: set[str] = dataclasses.field(default_factory=set)
    styles: set[str] = dataclasses.field(default_factory=set)  # style values, numbers as 0
    ok: bool = False  # collected from a build: without one only record-marked findings count

    @classmethod
    def collect(cls, site: Path) -> Baseline:
        b = cls(ok=True)
        for p in site.rglob("*.html"):
            s = HtmlScan()
            s.feed(p.read_text(encoding="utf-8", errors="replace"))
            for tag, attrs, _raw in s.tags:
                b.tags.add(tag)
                for name, value in attrs:
                    if name.startswith("on"):
                        b.on_attrs.add((tag, name, value or ""))
                    if name in URL_ATTRS and value and _scheme(value) not in (None, "http", "https", "mailto"):
                        b.urls.add(value)
                    if name == "style":
                        b.styles.add(_style_shape(value or ""))
            for attrs, _raw, text in s.scripts:
                if attrs.get("src"):
                    b.script_src.add(_norm(attrs["src"] or ""))
                else:
                    b.script_inline.add(_norm(text.strip()))
        return b

    def judge(self, s: HtmlScan) -> list[tuple[str, str]]:
        out = self._judge(s)
        if not self.ok:  # no baseline: keep what carries a record's marker
            out = [(k, raw) for k, raw in out if XSS_RE.search(raw.lower()) or MARK_RE.search(raw.lower())]
        return out

    def _judge(self, s: HtmlScan) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for attrs, raw, text in s.scripts:
            typ = (attrs.get("type") or "").strip().lower()
            if typ in ("application/ld+json", "application/json"):
                try:
                    json.loads(text)
                except ValueError:
                    out.append(("JSON script element that does not parse", raw + text[:200]))
                continue
            src = attrs.get("src")
            if src is not None:
                if _norm(src) not in self.script_src:
                    out.append(("script element not from the theme or plugin", raw))
            elif _norm(text.strip()) not in self.script_inline or XSS_RE.search(text.lower()):
                out.append(("script element not from the theme or plugin", raw + text[:200]))
        for text in s.styles:
            if XSS_RE.search(text.lower()):
                out.append(("style element with record text", "<style>" + text[:200]))
        for tag, attrs, raw in s.tags:
            token = bool(XSS_RE.search(raw.lower()))
            if tag in STRICT_TAGS and (tag not in self.tags or (token and tag in NO_TEXT_TAGS)):
                out.append((f"<{tag}> element from a record" if token else f"<{tag}> element not from the theme",
                            raw))
            if tag == "meta" and any(n == "http-equiv" for n, _ in attrs) and (token or "meta" not in self.tags):
                out.append(("<meta http-equiv> from a record", raw))
            for name, value in attrs:
                v = value or ""
                if name.startswith("on") and (tag, name, v) not in self.on_attrs:
                    out.append(("on* event-handler attribute", raw))
                elif name == "srcdoc":
                    out.append(("srcdoc attribute", raw))
                elif name == "style" and (XSS_RE.search(v.lower()) or MARK_RE.search(v.lower())):
                    out.append(("style attribute with record text", raw))
                elif name == "style" and _style_shape(v) not in self.styles:
                    out.append(("style attribute unlike any the theme or plugin writes", raw))
                elif name in URL_ATTRS and v and v not in self.urls:
                    scheme = _scheme(v)
                    if scheme in ("javascript", "vbscript", "data", "livescript"):
                        out.append((f"{scheme}: URL in {name}", raw))
                    elif scheme is not None and scheme not in ("http", "https", "mailto"):
                        out.append((f"URL with a disallowed scheme in {name}", raw))
        return out


# ---------------------------------------------------------------------------------------------


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def prepare_keep(keep: Path) -> None:
    marker = keep / ".advocacy-fuzz"
    if keep.exists() and any(keep.iterdir()) and not marker.exists():
        raise SystemExit(f"{keep} exists and was not made by this script: choose another --keep")
    rmtree(keep)
    keep.mkdir(parents=True)
    marker.write_text("reproducers written by benchmarks/fuzz.py; the next run replaces this folder\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--records", type=int, default=None, help="records to generate (default 10,000; --quick 300)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--builds", type=int, default=None, help="mkdocs builds (default 40; --quick 3)")
    p.add_argument("--keep", type=Path, default=Path("/tmp/advocacy-fuzz"), help="where reproducers go")
    p.add_argument("--quick", action="store_true", help="a smoke test: 300 records, 3 builds, under a minute")
    p.add_argument("--batch", type=int, default=250, help="records per in-process check_site call")
    p.add_argument("--per-build", type=int, default=None, help="records per batch build (default 250; --quick 100)")
    p.add_argument("--bisect-budget", type=int, default=None, help="builds spent isolating crashes (default 90; "
                                                                   "--quick 8)")
    p.add_argument("--jobs", type=int, default=2, help="builds at a time")
    p.add_argument("--timeout", type=int, default=300, help="seconds before a build counts as hung")
    args = p.parse_args(argv)
    args.records = args.records if args.records is not None else (300 if args.quick else 10_000)
    args.builds = args.builds if args.builds is not None else (3 if args.quick else 40)
    args.per_build = args.per_build if args.per_build is not None else (100 if args.quick else 250)
    args.bisect_budget = args.bisect_budget if args.bisect_budget is not None else (8 if args.quick else 90)
    started = time.perf_counter()
    prepare_keep(args.keep)
    warnings.simplefilter("ignore")
    signal.signal(signal.SIGALRM, _alarm)
    threading.Thread(target=_watchdog, args=(600.0,), daemon=True).start()
    fz = Fuzzer(args)
    try:
        log(f"generating {args.records:,} records (seed {args.seed})")
        fz.generate()
        log("validating")
        fz.validate()
        log(f"building {args.builds} programs")
        fz.builds()
    finally:
        fz.pool.shutdown(wait=True)
        rmtree(fz.work)
    return fz.report(started)


if __name__ == "__main__":
    sys.exit(main())
