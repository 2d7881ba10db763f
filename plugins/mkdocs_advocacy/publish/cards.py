"""Share cards: the 1200 × 630 PNG that LinkedIn, Slack and X show for a case study or a spotlight
story (its `og:image`; none of them renders SVG).

A card shows only what its page shows publicly: the title, the customer or the advocate, the top
result, the site's name and address, and the cleaned logo or photo published beside it. `Card`
holds exactly those values, so nothing else (a record's `private` block above all) can reach the
drawing; `draw` is a pure function of a `Card`, and `CARDS` keeps what it drew for the life of the
process (`mkdocs serve` rebuilds redraw only the cards whose inputs changed).

Text. Pillow's bundled font (`ImageFont.load_default(size=...)`, a cut of Aileron Regular) covers
printable ASCII and a handful of signs (© « ° ± ´ · » ‘ ’ “ ” … ‹ › ⁄ ™): no accented letters, no
dashes, no other script. A card whose text needs more is set, all of it, in the first font of
`FALLBACK_FONTS` found on the machine that covers it (Liberation Sans and DejaVu Sans cover Latin,
Greek and Cyrillic; DejaVu also Arabic and Hebrew, laid out right to left and joined by libraqm,
which Pillow's wheels bundle, when the system has FriBiDi, and left off without it; Noto Sans CJK
covers Japanese, Chinese and Korean). A text that no font there covers is
left off the card rather than printed as empty boxes (a title so left off gives its place to the
card's label); symbols alone (an emoji) are dropped from a text that is otherwise covered. Long
texts wrap (between words; between any two CJK characters) and are cut with an ellipsis.

SVG logos and photos: no SVG rasteriser is among our dependencies, so a case study whose logo is an
SVG gets a typographic card (its customer's name is on it anyway), an advocate whose photo is an
SVG their initials, as the site's avatars show them without a photo.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import math
import os
import re
import unicodedata
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from PIL import Image, ImageDraw, ImageFont, features

from ..core.images import usable_cores as _cores
from .render import hue, initials
from .urls import case_study_card_path, logo_path, photo_path, spotlight_card_path

if TYPE_CHECKING:
    from ..core.load import AdvocateEntry, CaseStudyEntry
    from .site import Site

WIDTH, HEIGHT = 1200, 630
CARD_SIZE = (WIDTH, HEIGHT)

DEFAULT_COLOR = "#4051b5"  # Material's default primary (indigo): the look of a site that sets none

# Tried in order for a text the bundled font does not cover; the first file found that covers all
# of the text is used (regular, bold). Common Debian/Ubuntu, Fedora, macOS and Windows locations.
FALLBACK_FONTS: tuple[tuple[str, str | None], ...] = (
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    ("/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
     "/usr/share/fonts/liberation-sans/LiberationSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf", "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
     "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc"),
    ("/System/Library/Fonts/Supplemental/Arial Unicode.ttf", None),
    ("/System/Library/Fonts/Hiragino Sans GB.ttc", None),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
    ("C:/Windows/Fonts/YuGothM.ttc", "C:/Windows/Fonts/YuGothB.ttc"),
)
BUNDLED = "<bundled>"

Kind = Literal["case-study", "spotlight"]


@dataclass(frozen=True)
class Card:
    """Everything a card shows, all of it public (SPEC.md section 7)."""

    kind: Kind
    label: str  # "Case study", "Customer spotlight": the eyebrow
    title: str
    name: str  # the customer, or the advocate
    detail: str | None  # the industry; the advocate's title and company
    result: tuple[str, str] | None  # the top result: value, label
    image: bytes | None  # the published raster logo or photo (PNG, JPEG or WebP bytes)
    initials: str | None  # an advocate without a photo: the avatar's initials...
    hue: int  # ...on this hue, as the site's avatars
    site_name: str
    site_host: str | None
    color: str
    accent: str | None
    alt: str = ""  # the card's text, for og:image:alt (not drawn, so not part of `key`)

    def key(self) -> bytes:
        """A digest of everything drawn (and of the fonts there are to draw it with)."""
        h = hashlib.blake2b(digest_size=20)
        for value in (self.kind, self.label, self.title, self.name, self.detail, self.result,
                      self.initials, self.hue, self.site_name, self.site_host, self.color, self.accent,
                      available_fonts()):
            h.update(repr(value).encode("utf-8") + b"\0")
        h.update(self.image or b"")
        return h.digest()


# ---------------------------------------------------------------------------------------------
# Colours


RGB = tuple[int, int, int]


def parse_color(value: str) -> RGB:
    text = value.lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _luminance(c: RGB) -> float:
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])


def contrast(a: RGB, b: RGB) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """`a` moved by `t` (0..1) towards `b`."""
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def _readable(c: RGB, on: RGB, towards: RGB, ratio: float) -> RGB:
    """`c`, moved towards `towards` until it reads on `on` at `ratio`."""
    for step in range(11):
        out = mix(c, towards, step / 10)
        if contrast(out, on) >= ratio:
            return out
    return towards


@dataclass(frozen=True)
class Palette:
    bg: RGB
    ink: RGB  # text on bg
    muted: RGB
    accent: RGB
    band: RGB  # the footer
    band_ink: RGB
    band_muted: RGB

    @classmethod
    def of(cls, color: str, accent: str | None) -> Palette:
        bg = parse_color(color)
        white, black = (255, 255, 255), (17, 24, 39)
        ink = white if contrast(white, bg) >= contrast(black, bg) else black
        acc = _readable(parse_color(accent) if accent else mix(bg, ink, 0.72), bg, ink, 3.0)
        band = white if ink == white else black
        band_ink = _readable(bg, band, mix(bg, black if band == white else white, 1.0), 4.5)
        return cls(bg, ink, mix(ink, bg, 0.22), acc, band, band_ink, mix(band_ink, band, 0.35))


def hsl(hue: int, saturation: float, lightness: float) -> RGB:
    r, g, b = colorsys.hls_to_rgb(hue / 360, lightness, saturation)
    return round(r * 255), round(g * 255), round(b * 255)


# ---------------------------------------------------------------------------------------------
# Fonts


@cache
def available_fonts() -> tuple[tuple[str, str | None], ...]:
    """The fallback fonts present on this machine (looked up once per process)."""
    return tuple((regular, bold if bold and os.path.isfile(bold) else None)
                 for regular, bold in FALLBACK_FONTS if os.path.isfile(regular))


RAQM = features.check("raqm")


@cache
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    if path == BUNDLED:
        font = ImageFont.load_default(size=size)
        assert isinstance(font, ImageFont.FreeTypeFont)
        return font
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM if RAQM else ImageFont.Layout.BASIC)


@cache
def _notdef(path: str) -> tuple[tuple[int, int], bytes]:
    mask = _font(path, 24).getmask("\U0010ffff")
    return mask.size, bytes(mask)


@cache
def _has_glyph(path: str, char: str) -> bool:
    """Whether the font draws `char` as itself, not as its missing-glyph box."""
    mask = _font(path, 24).getmask(char)
    return (mask.size, bytes(mask)) != _notdef(path)


@cache
def _covered(path: str) -> set[str]:
    """The characters the font is known to draw (grown by `_covers`)."""
    return set()


def _covers(path: str, chars: set[str]) -> bool:
    """Whether the font draws every one of `chars` (a set test once its characters are known)."""
    known = _covered(path)
    for char in chars - known:
        if not _has_glyph(path, char):
            return False
        known.add(char)
    return True


def _invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Cf"  # spaces, joiners, direction marks


def _letters(text: str) -> set[str]:
    """The characters of `text` there are to draw."""
    return {c for c in set(text) if not _invisible(c)}


def _needs_shaping(char: str) -> bool:
    """Right-to-left letters and combining marks: laid out by libraqm, a line at a time."""
    return unicodedata.bidirectional(char) in ("R", "AL", "AN") or unicodedata.category(char) in ("Mn", "Mc", "Me")


class Setter:
    """A font at one size (with the stroke that fakes bold where there is no bold file).

    Text that needs no shaping is set glyph by glyph from a cache of rendered glyphs: FreeType
    renders each (font, size, character) once per process, not once per card, and each glyph is
    mapped to a colour's palette shades once per colour (`stamp` pastes those straight onto a
    card). Text that does (Arabic, Hebrew, combining marks) is laid out by libraqm a line at a time.
    """

    def __init__(self, path: str, size: int, stroke: int, shaped: bool) -> None:
        self.font, self.size, self.stroke, self.shaped = _font(path, size), size, stroke, shaped
        self._advances: dict[str, float] = {}
        self._glyphs: dict[str, tuple[Image.Image, int, int] | None] = {}
        self._inks: dict[int, dict[str, tuple[Image.Image, Image.Image, int, int] | None]] = {}

    def width(self, text: str) -> float:
        if self.shaped:
            return self.font.getlength(text) + 2 * self.stroke
        advances = self._advances
        total = 0.0
        for char in text:
            advance = advances.get(char)
            if advance is None:
                advance = advances[char] = self.font.getlength(char)
            total += advance
        return total + 2 * self.stroke

    def _glyph(self, char: str) -> tuple[Image.Image, int, int] | None:
        if char in self._glyphs:
            return self._glyphs[char]
        box = self.font.getbbox(char, anchor="ls", stroke_width=self.stroke)
        x0, y0, x1, y1 = math.floor(box[0]), math.floor(box[1]), math.ceil(box[2]), math.ceil(box[3])
        found: tuple[Image.Image, int, int] | None = None
        if x1 > x0 and y1 > y0:
            img = Image.new("L", (x1 - x0, y1 - y0), 0)
            ImageDraw.Draw(img).text((-x0, -y0), char, font=self.font, fill=255, anchor="ls",
                                     stroke_width=self.stroke, stroke_fill=255)
            found = (img, x0, y0)
        self._glyphs[char] = found
        return found

    def _ink(self, char: str, pair: int) -> tuple[Image.Image, Image.Image, int, int] | None:
        """The glyph in `pair`'s shades (palette indices), the mask of its inked pixels, its offset."""
        inks = self._inks.setdefault(pair, {})
        if char not in inks:
            glyph = self._glyph(char)
            inks[char] = None if glyph is None else (glyph[0].point(_LUTS[pair]), glyph[0].point(_INKED), *glyph[1:])
        return inks[char]

    def stamp(self, canvas: Image.Image, x: int, baseline: int, text: str, pair: int, tracking: float = 0,
              shift: float = 0) -> None:
        """Paste `text` in `pair`'s shades onto `canvas` (indices), as `line` draws it at `x + shift`.
        Not for shaped text."""
        self.width(text)  # every advance known
        advances, inks = self._advances, self._inks.get(pair, {})
        pen = shift + self.stroke  # rounded apart from `x`, as `line` rounds in a buffer of its own
        for char in text:
            ink = inks[char] if char in inks else self._ink(char, pair)
            if ink is not None:
                shades, mask, gx, gy = ink
                canvas.paste(shades, (x + round(pen) + gx, baseline + gy), mask)
            pen += advances[char] + tracking

    def line(self, draw: ImageDraw.ImageDraw, x: float, baseline: int, text: str, tracking: float = 0) -> None:
        """Draw `text` (coverage, 255) with its left edge at `x` and its baseline at `baseline`."""
        if self.shaped:
            draw.text((x + self.stroke, baseline), text, font=self.font, fill=255, anchor="ls",
                      stroke_width=self.stroke, stroke_fill=255)
            return
        pen = x + self.stroke
        for char in text:
            glyph = self._glyph(char)
            if glyph is not None:
                img, gx, gy = glyph
                draw.bitmap((round(pen) + gx, baseline + gy), img, fill=255)
            pen += self.width(char) - 2 * self.stroke + tracking


@cache
def setter(path: str, size: int, stroke: int, shaped: bool) -> Setter:
    return Setter(path, size, stroke, shaped)


@dataclass(frozen=True)
class Face:
    """The font files a text is set in."""

    regular: str
    bold: str | None
    shaped: bool

    def at(self, size: int, bold: bool = False) -> Setter:
        if bold and self.bold:
            return setter(self.bold, size, 0, self.shaped)
        # a stroke of 1 px is too heavy below 40 px (it closes the counters): regular weight there
        return setter(self.regular, size, round(size / 40) if bold and size >= 40 else 0, self.shaped)


def _candidates(shaped: bool, prefer: str | None = None) -> list[tuple[str, str | None]]:
    candidates: list[tuple[str, str | None]] = [] if shaped else [(BUNDLED, None)]
    if RAQM or not shaped:  # without libraqm, Arabic would come out unjoined and backwards
        candidates += list(available_fonts())
    return sorted(candidates, key=lambda c: c[0] != prefer)  # stable: the preferred font first


@lru_cache(maxsize=256)  # a card asks about each of its texts several times
def face_for(text: str, prefer: str | None = None) -> tuple[Face, str] | None:
    """The face that draws all of `text` (`prefer`'s, when it can), and the text as drawn (with
    symbols that no font has dropped); None when no font here covers its letters."""
    chars = _letters(text)
    shaped = any(_needs_shaping(c) for c in chars)
    for regular, bold in _candidates(shaped, prefer):
        if _covers(regular, chars):
            return Face(regular, bold, shaped), text
    # Symbols no font has (an emoji, a dingbat) go; letters, digits and punctuation do not.
    symbols = {c for c in chars if unicodedata.category(c) in ("So", "Sk", "Co", "Cn")}
    if symbols:
        kept = " ".join("".join(c for c in text if c not in symbols).split())
        if kept:
            return face_for(kept, prefer)
    # On a machine with no font but the bundled one (a slim container), Latin text is written
    # without its accents and typographic dashes ("Zoë Müller — Café" as "Zoe Muller - Cafe"),
    # better than no title at all; other scripts cannot be folded so, and are left off.
    folded = _ascii_latin(text)
    if folded is not None and folded != text:
        return face_for(folded, prefer)
    return None


_FOLD = {"ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
         "ł": "l", "Ł": "L", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i", "×": "x", "„": "“", "‚": "‘"}


def _ascii_latin(text: str) -> str | None:
    """`text` in the bundled font's characters when it is Latin; None when it holds another script."""
    out = []
    for char in text:
        if _has_glyph(BUNDLED, char) or char.isspace():
            out.append(" " if char.isspace() else char)
        elif unicodedata.category(char) == "Cf":  # joiners, direction marks: nothing to draw
            continue
        elif char in _FOLD:
            out.append(_FOLD[char])
        elif unicodedata.category(char) == "Pd":  # every dash
            out.append("-")
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            if not base or not all(_has_glyph(BUNDLED, c) for c in base):
                return None
            out.append(base)
    return "".join(out)


def card_font(texts: Iterable[str | None]) -> str | None:
    """The font a whole card is set in, so that its texts match: the bundled one when it has every
    character, else the first font here that has all of them (texts no font has aside)."""
    chars = set().union(*(_letters(t) for t in texts if t and face_for(t) is not None))
    shaped = any(_needs_shaping(c) for c in chars)
    return next((regular for regular, _ in _candidates(shaped) if _covers(regular, chars)), None)


# ---------------------------------------------------------------------------------------------
# Text

ELLIPSIS = "…"
_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_CJK_SPLIT = re.compile(f"([{_CJK}])")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_TRAILING = " ,;:.-–—"


@dataclass(frozen=True)
class Text:
    """A text set for the card: its lines, in one face at one size."""

    lines: tuple[str, ...]
    setter: Setter
    rtl: bool

    @property
    def size(self) -> int:
        return self.setter.size

    def width(self) -> int:
        return round(max(self.setter.width(line) for line in self.lines))


def _tokens(text: str) -> list[str]:
    """Words, and each CJK character on its own (those scripts break between any two characters)."""
    return [t for word in text.split() for t in _CJK_SPLIT.split(word) if t]


def _join(line: str, token: str) -> str:
    if not line:
        return token
    return line + ("" if _CJK_CHAR.match(line[-1]) or _CJK_CHAR.match(token[0]) else " ") + token


def wrap(text: str, setter: Setter, width: float, max_lines: int) -> tuple[list[str], bool]:
    """Greedy lines at most `width` px wide, cut after `max_lines` with an ellipsis; (lines, cut)."""

    def fits(s: str) -> bool:
        return setter.width(s) <= width

    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        candidate = _join(current, token)
        if fits(candidate):
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        while token and not fits(token):  # a word wider than the line: broken where it must
            head = token[:1]
            while len(head) < len(token) and fits(token[:len(head) + 1]):
                head = token[:len(head) + 1]
            lines.append(head)
            token = token[len(head):]
        current = token
        if len(lines) > max_lines:
            break
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines, False
    last = lines[max_lines - 1]
    while last and not fits(last.rstrip(_TRAILING) + ELLIPSIS):
        last = last.rsplit(" ", 1)[0] if " " in last.strip() else last[:-1]
    return [*lines[:max_lines - 1], last.rstrip(_TRAILING) + ELLIPSIS], True


def set_text(text: str | None, width: float, sizes: Iterable[tuple[int, int]], bold: bool = False,
             prefer: str | None = None) -> Text | None:
    """`text` set at the first (size, most lines) that holds it whole, else cut at the last one;
    None when it is empty or no font here can draw it."""
    if not text or not text.strip():
        return None
    found = face_for(" ".join(text.split()), prefer)
    if found is None:
        return None
    face, shown = found
    strong = (unicodedata.bidirectional(c) for c in shown)
    rtl = next((b in ("R", "AL") for b in strong if b in ("L", "R", "AL")), False)
    out = None
    for size, max_lines in sizes:
        s = face.at(size, bold)
        lines, cut = wrap(shown, s, width, max_lines)
        out = Text(tuple(lines), s, rtl)
        if not cut:
            break
    return out


# ---------------------------------------------------------------------------------------------
# Drawing
#
# The card is drawn as palette indices, not RGB: a PNG of 8-bit indices has a third of the bytes
# to compress, and needs no per-row filter search (on RGB that search alone costs more than the
# rest of the card). Text is drawn as coverage and mapped to 16 shades between its colour and the
# colour behind it; a photo or logo gets the palette's remaining entries. A glyph's faintest shade
# (the colour behind it) is left unpainted, so that a row of the coloured field with nothing drawn
# on it is all index 0, the background: `encode` tells the empty rows by that.

M = 72  # the margin
BAND = 96  # the footer's height
TILE = (288, 128)  # the logo's white tile
AVATAR = 260
LEVELS = 16
# (background, text colour) pairs, each a run of LEVELS palette entries, in this order:
INK, MUTED, ACCENT, BAND_INK, BAND_MUTED = range(5)
PICTURE = 5 * LEVELS  # the first entry of a photo's or logo's colours
_NONZERO = [0] + [255] * 255
_LUTS = [[pair * LEVELS + (v * (LEVELS - 1) + 127) // 255 for v in range(256)] for pair in range(5)]
_INKED = [255 if (v * (LEVELS - 1) + 127) // 255 else 0 for v in range(256)]  # coverage not in level 0
_SHIFT = [min(v + PICTURE, 255) for v in range(256)]


@lru_cache(maxsize=16)
def _palette(color: str, accent: str | None) -> tuple[Palette, tuple[int, ...]]:
    """The card's colours, and the palette's text shades (the first PICTURE entries, as RGB bytes)."""
    p = Palette.of(color, accent)
    pairs = [(p.bg, p.ink), (p.bg, p.muted), (p.bg, p.accent), (p.band, p.band_ink), (p.band, p.band_muted)]
    return p, tuple(v for back, front in pairs for level in range(LEVELS) for v in mix(back, front, level / (LEVELS - 1)))


class Block:
    """Lines of text, stamped on the card in one pair's shades.

    Unshaped text is pasted glyph by glyph from the setter's cache (`Setter.stamp`). Shaped text,
    and a block every card shares (`keep`), is drawn as coverage on a buffer of its own, mapped to
    each pair's shades once and pasted whole.
    """

    PAD = 12  # room for glyphs that reach past their box (a j's tail, a stroke)

    def __init__(self, text: Text, width: int, leading: float = 1.2, tracking: float = 0, keep: bool = False) -> None:
        self.text, self.width, self.tracking, self.step = text, width, tracking, round(text.size * leading)
        self.ascent = round(text.size * 0.9)
        self.keep = keep or text.setter.shaped
        self._buffer: Image.Image | None = None
        self._stamped: dict[int, tuple[tuple[int, int], Image.Image, Image.Image] | None] = {}

    def _shift(self, line: str) -> float:
        return self.width - self.text.setter.width(line) if self.text.rtl else 0

    @property
    def buffer(self) -> Image.Image:
        """The block as coverage (0-255), PAD pixels inside each edge."""
        if self._buffer is None:
            text = self.text
            height = self.step * (len(text.lines) - 1) + round(text.size * 1.25)
            self._buffer = Image.new("L", (self.width + 2 * self.PAD, height + 2 * self.PAD), 0)
            draw = ImageDraw.Draw(self._buffer)
            for i, line in enumerate(text.lines):
                text.setter.line(draw, self.PAD + self._shift(line), self.PAD + self.ascent + i * self.step, line,
                                 self.tracking)
        return self._buffer

    @property
    def bottom(self) -> int:
        """How far below its top the last line's box ends."""
        return self.step * (len(self.text.lines) - 1) + round(self.text.size * 1.2)

    def stamp(self, canvas: Image.Image, x: int, y: int, pair: int) -> int:
        """Onto `canvas` (indices) with its first line's top at `y`; the y below its last line."""
        if not self.keep:
            for i, line in enumerate(self.text.lines):
                self.text.setter.stamp(canvas, x, y + self.ascent + i * self.step, line, pair, self.tracking,
                                       self._shift(line))
            return y + self.bottom
        if pair not in self._stamped:  # mapped once per pair
            box = self.buffer.getbbox()
            inked = self.buffer.crop(box) if box else None
            self._stamped[pair] = (box[:2], inked.point(_LUTS[pair]), inked.point(_INKED)) if box and inked else None
        stamped = self._stamped[pair]
        if stamped is not None:
            (left, top), shades, mask = stamped
            canvas.paste(shades, (x - self.PAD + left, y - self.PAD + top), mask)
        return y + self.bottom


@lru_cache(maxsize=64)
def _fixed(text: str, width: int, size: int, bold: bool, prefer: str | None, tracking: float = 0) -> Block | None:
    """A text every card of a site shares (its label, the site's name and address), drawn once."""
    t = set_text(text, width, [(size, 1)], bold, prefer)
    return Block(t, width, tracking=0 if t.setter.shaped else tracking * size, keep=True) if t else None


@cache
def _circle_mask(size: int) -> Image.Image:
    big = Image.new("L", (size * 4, size * 4), 0)
    ImageDraw.Draw(big).ellipse((0, 0, size * 4 - 1, size * 4 - 1), fill=255)
    return big.resize((size, size), Image.Resampling.BOX)


@cache
def _rounded_mask(size: tuple[int, int], radius: int) -> Image.Image:
    w, h = size
    big = Image.new("L", (w * 4, h * 4), 0)
    ImageDraw.Draw(big).rounded_rectangle((0, 0, w * 4 - 1, h * 4 - 1), radius * 4, fill=255)
    return big.resize(size, Image.Resampling.BOX)


def _open(data: bytes, on: RGB) -> Image.Image | None:
    """A published photo or logo, flattened on `on` where it is transparent."""
    try:
        img = Image.open(io.BytesIO(data), formats=["PNG", "JPEG", "WEBP"])
        img.load()
    except Exception:  # published images were decoded in full at validation: a last resort
        return None
    if img.mode == "RGB":
        return img
    if not img.has_transparency_data:
        return img.convert("RGB")
    rgba = img.convert("RGBA")
    flat = Image.new("RGB", img.size, on)
    flat.paste(rgba, (0, 0), rgba)
    return flat


def _fit_within(img: Image.Image, box: tuple[int, int]) -> Image.Image:
    scale = min(box[0] / img.width, box[1] / img.height, 1)
    size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    # reducing by whole factors first: ten times faster, and a logo's flat shapes lose nothing by it
    return img if size == img.size else img.resize(size, Image.Resampling.LANCZOS, reducing_gap=1.0)


def _avatar(card: Card, p: Palette, prefer: str | None) -> Image.Image | None:
    """The advocate's photo in an accent ring, or their initials on the site's avatar colour."""
    inner = AVATAR - 16
    photo = _open(card.image, (255, 255, 255)) if card.image else None
    if photo is not None:
        side = min(photo.size)  # the middle square, as the site's round avatars show it
        left, top = (photo.width - side) // 2, (photo.height - side) // 2
        face = photo.resize((inner, inner), Image.Resampling.LANCZOS, (left, top, left + side, top + side),
                            reducing_gap=2.0)
    elif card.initials and (initials := set_text(card.initials, inner - 48, [(104, 1)], True, prefer)):
        face = Image.new("RGB", (inner, inner), hsl(card.hue, 0.55, 0.30))
        coverage = Block(initials, initials.width())  # its own width: a right-to-left line is not pushed right
        x = (inner - initials.width()) // 2 - Block.PAD
        y = (inner - round(initials.size * 0.72)) // 2 - Block.PAD - (coverage.ascent - round(initials.size * 0.72))
        face.paste((255, 255, 255), (x, y), coverage.buffer)
    else:
        return None
    ring = Image.new("RGB", (AVATAR, AVATAR), p.bg)
    ring.paste(p.accent, (0, 0), _circle_mask(AVATAR))
    ring.paste(face, (8, 8), _circle_mask(inner))
    return ring


def _logo_tile(card: Card, p: Palette) -> Image.Image | None:
    logo = _open(card.image, (255, 255, 255)) if card.image else None
    if logo is None:
        return None
    tile = Image.new("RGB", TILE, (255, 255, 255))
    fitted = _fit_within(logo, (TILE[0] - 48, TILE[1] - 40))
    tile.paste(fitted, ((TILE[0] - fitted.width) // 2, (TILE[1] - fitted.height) // 2))
    out = Image.new("RGB", TILE, p.bg)
    out.paste(tile, (0, 0), _rounded_mask(TILE, 18))
    return out


def _picture(canvas: Image.Image, palette: list[int], rgb: Image.Image, mask: Image.Image, at: tuple[int, int],
             dither: bool = False) -> None:
    """A photo or logo, in colours of its own (the palette's entries from PICTURE on); a photo
    dithered, so that its gradients show no bands."""
    colours_of = rgb.quantize(256 - PICTURE, method=Image.Quantize.FASTOCTREE)
    quantized = rgb.quantize(palette=colours_of, dither=Image.Dither.FLOYDSTEINBERG) if dither else colours_of
    colours = (colours_of.getpalette() or [])[:(256 - PICTURE) * 3]
    palette[PICTURE * 3:PICTURE * 3 + len(colours)] = colours
    indices = Image.frombytes("L", rgb.size, quantized.tobytes()).point(_SHIFT)
    canvas.paste(indices, at, mask.point(_NONZERO))


def draw(card: Card) -> bytes:
    """The card's PNG: the same card, the same bytes (no metadata, fixed encoder options)."""
    return encode(*compose(card))


def compose(card: Card) -> tuple[Image.Image, list[int], Image.Image]:
    """The card's pixels before encoding: its palette indices, its palette and its footer."""
    p, shades = _palette(card.color, card.accent)
    prefer = card_font([card.label.upper(), card.title, card.name, card.detail, *(card.result or ()),
                        card.initials, card.site_name, card.site_host])
    palette = list(shades)
    canvas = Image.new("L", (WIDTH, HEIGHT - BAND), 0)  # palette indices; 0 is the background
    top, right = HEIGHT - BAND, WIDTH - M
    side = 0  # the width the picture on the right takes from the text
    if card.kind == "case-study":
        if (tile := _logo_tile(card, p)) is not None:
            _picture(canvas, palette, tile, _rounded_mask(TILE, 18), (right - TILE[0], M - 8))
            side = TILE[0] + 56
    elif (avatar := _avatar(card, p, prefer)) is not None:
        _picture(canvas, palette, avatar, _circle_mask(AVATAR), (right - AVATAR, (top - AVATAR) // 2),
                 dither=card.image is not None)
        side = AVATAR + 56
    width = right - M - side

    # The text, top down: at the top when a result stands at the foot, else centred beside the picture.
    rows: list[tuple[Block, int, int]] = []  # a block, its colours, the space after it
    # a result shows when both its value and its label can be drawn (a bare "50%" says nothing)
    result = card.result if card.result and face_for(card.result[0]) and \
        (not card.result[1].strip() or face_for(card.result[1])) else None
    # three lines of title leave room for a result only at a smaller size
    sizes = [(68, 2), (58, 2), (52, 3)] if result else [(68, 2), (58, 3)]
    title = set_text(card.title, width, sizes, True, prefer)
    if title is None:  # a title no font here can draw: the label takes its place
        title = set_text(card.label, width, sizes, True, prefer)
    elif (label := _fixed(card.label.upper(), width, 22, False, prefer, 0.16)) is not None:
        rows.append((label, ACCENT, 22))
    if title is not None:
        rows.append((Block(title, width, leading=1.16), INK, 18))
    if (name := set_text(card.name, width, [(34, 1)], True, prefer)) is not None:
        rows.append((Block(name, width), INK, 4))
    if (detail := set_text(card.detail, width, [(28, 1)], False, prefer)) is not None:
        rows.append((Block(detail, width), MUTED, 0))
    height = sum(block.bottom + after for block, _, after in rows) - (rows[-1][2] if rows else 0)
    y = M if result else max(M, (top - height) // 2)
    for block, pair, after in rows:
        y = block.stamp(canvas, M, y, pair) + after
    if result:
        _result(canvas, result, width, top - 44, y + 28, prefer)
    return canvas, palette, _footer(card.color, card.accent, prefer, card.site_name, card.site_host)


@lru_cache(maxsize=16)
def _footer(color: str, accent: str | None, prefer: str | None, site_name: str, site_host: str | None) -> Image.Image:
    """The footer every card of a site shares, drawn once: the site's name and address on the band,
    under a line of the accent colour."""
    band = Image.new("L", (WIDTH, BAND), BAND_INK * LEVELS)
    band.paste(ACCENT * LEVELS + LEVELS - 1, (0, 0, WIDTH, 5))
    host = _fixed(site_host, 420, 24, False, prefer) if site_host else None
    host_width = host.text.width() if host else 0
    site = _fixed(site_name, WIDTH - 2 * M - (host_width + 40 if host else 0), 30, True, prefer)
    middle = 3 + BAND // 2
    if site is not None:
        site.stamp(band, M, middle - round(30 * 0.62), BAND_INK)
    if host is not None:
        host.stamp(band, WIDTH - M - host_width, middle - round(24 * 0.6), BAND_MUTED)
    return band


def _result(canvas: Image.Image, result: tuple[str, str], width: int, bottom: int, floor: int,
            prefer: str | None) -> None:
    """The top result at the foot of the coloured field: the value large, its label beside it (left
    out when there is no room under the text)."""
    room = bottom - floor  # from the text's end to the foot of the coloured field
    sizes = [(size, 1) for size in (76, 60, 48) if size <= room]
    value = set_text(result[0], width // 2, sizes, True, prefer) if sizes else None
    if value is None:
        return
    value_width = value.width()
    gap = 32
    label = set_text(result[1], width - value_width - gap, [(30, 2), (26, 2)], False, prefer)
    y = max(floor, bottom - value.size)
    Block(value, value_width, leading=1.0).stamp(canvas, M, y, ACCENT)
    if label is not None:
        lines = len(label.lines)
        step = round(label.size * 1.2)
        # the label's last baseline on the value's baseline
        ly = y + round(value.size * 0.9) - round(label.size * 0.9) - step * (lines - 1)
        Block(label, width - value_width - gap).stamp(canvas, M + value_width + gap, ly, INK)


# ---------------------------------------------------------------------------------------------
# Encoding: Pillow's PNG writer, on palette indices (a third of RGB's bytes to compress, and no
# per-row filter search), at zlib's fastest level: a card is mostly flat colour, and level 6 is a
# quarter smaller in three times the time. No metadata: the same pixels, the same bytes.

LEVEL = 1


def encode(canvas: Image.Image, palette: list[int], footer: Image.Image) -> bytes:
    """The PNG of `canvas` (indices, the card above its footer) on `footer`, in `palette`'s colours."""
    card = Image.new("L", (WIDTH, canvas.height + footer.height), 0)
    card.paste(canvas, (0, 0))
    card.paste(footer, (0, canvas.height))
    card.putpalette(palette)  # now mode P
    out = io.BytesIO()
    card.save(out, format="PNG", optimize=False, compress_level=LEVEL)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# The cards of a site


def _raster(path: str | None, published: dict[str, bytes]) -> bytes | None:
    """The published bytes of a photo or logo, when it is a raster image (an SVG is not drawn)."""
    return published.get(path) if path and not path.endswith(".svg") else None


def _host(site_url: str | None) -> str | None:
    if not site_url:
        return None
    parts = urlsplit(site_url)
    return (parts.netloc + parts.path.rstrip("/")) or None


def _alt(site: Site, label: str, title: str, *more: str | None) -> str:
    first = site.lang.gettext("%(kind)s: %(title)s", kind=label, title=title)
    return " · ".join([first, *(m for m in more if m), site.site_name])


def case_study_card(site: Site, cs: CaseStudyEntry, published: dict[str, bytes] | None = None) -> Card:
    """A case study's card: its title, customer, industry and top result, its logo when raster.
    `published`: the data files by path (where the cleaned logo is)."""
    f = cs.front
    top = site.top_result(cs)
    result = (top.value, top.label) if top else None
    label = site.lang.gettext("Case study")
    brand = site.settings.share_cards
    return Card("case-study", label, f.title, f.customer, f.industry, result,
                _raster(logo_path(cs), published or {}), None, 0, site.site_name, _host(site.site_url),
                brand.color or DEFAULT_COLOR, brand.accent,
                _alt(site, label, f.title, f.customer, f.industry, " ".join(result) if result else None))


def spotlight_card(site: Site, a: AdvocateEntry, published: dict[str, bytes] | None = None) -> Card:
    """A spotlight story's card: its headline, the advocate's name, title and company (as the story's
    page shows them), their photo when raster, else their initials."""
    r, sp = a.record, a.record.spotlight
    assert sp is not None
    detail = f"{r.title}, {r.company}" if r.title else r.company
    label = site.lang.gettext("Customer spotlight")
    brand = site.settings.share_cards
    return Card("spotlight", label, sp.headline, r.name, detail, None, _raster(photo_path(a), published or {}),
                initials(r.name), hue(a.slug), site.site_name, _host(site.site_url),
                brand.color or DEFAULT_COLOR, brand.accent, _alt(site, label, sp.headline, r.name, detail))


def site_cards(site: Site, published: dict[str, bytes], preview: bool = False) -> dict[str, Card]:
    """Every card of the site by path: one per case study shown (drafts too, in preview) and one per
    spotlight story."""
    shown = list(site.case_studies) + (site.program.unpublished_case_studies() if preview else [])
    cards = {case_study_card_path(cs.slug): case_study_card(site, cs, published) for cs in shown}
    cards.update({spotlight_card_path(a.slug): spotlight_card(site, a, published) for a in site.spotlights})
    return cards


class CardCache:
    """Drawn cards by the digest of what they show, kept for the life of the process: `mkdocs serve`
    makes a new plugin on every rebuild but keeps the process, so an edit redraws only its cards.
    Holds the cards of the latest build only."""

    def __init__(self) -> None:
        self._png: dict[bytes, bytes] = {}
        self.drawn = 0  # how many cards were drawn (not taken from the cache), for tests and benchmarks

    def draw_all(self, cards: dict[str, Card]) -> dict[str, bytes]:
        keys = {path: card.key() for path, card in cards.items()}
        made: dict[bytes, bytes | Future[bytes]] = {}
        workers = _cores()
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="advocacy-cards") if workers > 1 else None
        waiting: deque[Future[bytes]] = deque()
        try:
            for path, card in cards.items():
                key = keys[path]
                if key in made:
                    continue
                png = self._png.get(key)
                if png is None:
                    self.drawn += 1
                    parts = compose(card)  # text set here, one card at a time (fonts are shared)
                    if pool is None:
                        png = encode(*parts)
                    else:  # encoded beside the next card's drawing: zlib lets go of the interpreter
                        while len(waiting) >= 2 * workers:  # a card's pixels held for a few cards only
                            waiting.popleft().result()
                        made[key] = future = pool.submit(encode, *parts)
                        waiting.append(future)
                        continue
                made[key] = png
            done = {key: png if isinstance(png, bytes) else png.result() for key, png in made.items()}
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        self._png = done
        return {path: done[keys[path]] for path in cards}


CARDS = CardCache()
