"""Photos and logos: what may be published, and publishing them clean.

Validation (`image_problems`) runs the very pipeline the build runs (`clean_image`), so a file it
accepts is one the build can publish: validation happens before MkDocs cleans `site/`, publishing
after.

- Raster images (PNG, JPEG, WebP) are checked against byte and pixel limits from their header,
  before anything is decoded; then decoded in full, turned upright (EXIF orientation), converted to
  sRGB, scaled down to the size the site shows, and re-encoded from bare pixels: no EXIF, GPS, XMP,
  ICC profile or text chunks survive.
- SVGs are parsed with lxml (no entities, no DTD, no network) and checked against an allowlist of
  static SVG elements and attributes; CSS, in `style` attributes, `<style>` elements and
  presentation attributes, is read with tinycss2. The published file is the parsed tree
  re-serialized, holding only what the allowlist let through.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import stat
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any, Literal

from PIL import Image, ImageMath, ImageOps, UnidentifiedImageError

from .refusal import MAX_BYTES, ImageRefused, _short, _too_many_bytes
from .svg import clean_svg, svg_problems

try:
    from PIL import ImageCms
except ImportError:  # a Pillow built without littlecms: profiles are dropped instead of applied
    ImageCms = None  # type: ignore[assignment]

EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp", ".svg")
RASTER_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}

MAX_PIXELS = 40_000_000
MAX_SIDE = 10_000
_LIMIT = f"the limit is {MAX_PIXELS // 1_000_000} megapixels ({MAX_SIDE:,} px a side)"

Kind = Literal["photo", "logo"]
# What the site shows, at 3 device pixels per CSS pixel: photos are round avatars of at most
# 6.5rem (~130 CSS px); logos are at most 12rem x 3.5rem (~240 x 70 CSS px).
BOXES: dict[str, tuple[int, int]] = {"photo": (400, 400), "logo": (720, 240)}

_SAVE_AS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}
# MPO is how Pillow names a JPEG that carries extra images (depth maps, previews from some
# cameras); its first frame is the ordinary JPEG image, and that is what is published.
_ACCEPTED = {"PNG", "JPEG", "MPO", "WEBP"}


# ---------------------------------------------------------------------------------------------
# Reading files


def _read(path: Path) -> bytes:
    """The file's bytes, or ImageRefused (never another exception) saying why not."""
    try:
        st = os.stat(path)
    except (OSError, ValueError) as e:  # ELOOP, EACCES, ENOENT, a NUL in the name...
        raise ImageRefused(f"cannot be read ({_os_reason(e)})") from None
    if stat.S_ISDIR(st.st_mode):
        raise ImageRefused("is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):  # a FIFO would block, a device would never end
        raise ImageRefused("is not a regular file")
    if st.st_size > MAX_BYTES:
        raise ImageRefused(_too_many_bytes(st.st_size))
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except (OSError, ValueError) as e:
        raise ImageRefused(f"cannot be read ({_os_reason(e)})") from None
    if len(data) > MAX_BYTES:  # it grew since stat()
        raise ImageRefused(_too_many_bytes(len(data)))
    if not data:
        raise ImageRefused("is empty")
    return data


def _os_reason(e: Exception) -> str:
    return (e.strerror if isinstance(e, OSError) else None) or _short(str(e)) or type(e).__name__




# ---------------------------------------------------------------------------------------------
# Raster images


def _too_many_pixels(width: int, height: int) -> str:
    return f"is {width:,} × {height:,} pixels; {_LIMIT}"


# Python's warning filters are one global state, which `catch_warnings` swaps in and out: images
# are cleaned on several threads at once (`prepare`), so those swaps (around reading a header and
# seeking the first frame, never around decoding) take turns.
_WARNINGS = threading.Lock()


def _open_raster(data: bytes) -> Image.Image:
    """The image, opened (header only) and checked against the limits; nothing decoded yet."""
    try:
        # Pillow warns above Image.MAX_IMAGE_PIXELS (~89 Mpx) and refuses above twice that. Our
        # limit is lower and checked below from the header, so the warning is recorded, not
        # shown; and if anything ever lowered Pillow's limit below ours, it is still a refusal.
        with _WARNINGS, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=["PNG", "JPEG", "WEBP"])
    except Image.DecompressionBombError:
        raise ImageRefused(f"is too large to open safely; {_LIMIT}") from None
    except UnidentifiedImageError:
        raise ImageRefused(_not_ours(data)) from None
    width, height = img.size
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise ImageRefused(_too_many_pixels(width, height))
    if any(issubclass(w.category, Image.DecompressionBombWarning) for w in caught):
        raise ImageRefused(_too_many_pixels(width, height))
    if width < 1 or height < 1:
        raise ImageRefused("has no pixels")
    if img.format not in _ACCEPTED:
        raise ImageRefused(f"is a {img.format} image; use PNG, JPEG or WebP")
    # Animated PNG and WebP are refused rather than cut to their first frame: an animation's first
    # frame is often blank or an intro, and the site shows stills only.
    frames = getattr(img, "n_frames", 1)
    if img.format != "MPO" and frames > 1:
        raise ImageRefused(f"is animated ({frames} frames); use a still image")
    return img


def _not_ours(data: bytes) -> str:
    """Why Pillow could not open `data` as PNG, JPEG or WebP: another format, or none."""
    try:
        # Header only, to name the format; nothing of another format is ever decoded.
        with _WARNINGS, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as other:
                fmt = other.format
    except Exception:  # every way of not being an image ends here
        return "is not a readable image"
    return f"is a {fmt} image; use PNG, JPEG or WebP"


def _decoded(img: Image.Image) -> Image.Image:
    """Every pixel of the image (of its first frame), decoded."""
    with _WARNINGS, warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)  # where a plugin checks a frame's size
        img.seek(0)
    img.load()  # Pillow checks sizes on opening and seeking, not while it decodes
    return img


@cache
def _srgb() -> Any:
    assert ImageCms is not None
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(img: Image.Image, icc: bytes | None) -> Image.Image:
    """Pixels converted from the embedded colour profile to sRGB (the profile itself is dropped).

    A phone photo in Display P3 would look washed out with its profile merely dropped. A profile
    that littlecms cannot apply is ignored: the pixels are then published as they are.
    """
    if not icc or ImageCms is None or img.mode not in ("RGB", "RGBA", "CMYK"):
        return img
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        out_mode = "RGBA" if img.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(img, source, _srgb(), outputMode=out_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return img
    return converted if converted is not None else img


def _upright(img: Image.Image) -> Image.Image:
    """The pixels turned as the EXIF orientation says, before the EXIF goes (in place: no copy)."""
    # An EXIF block too damaged to read: the pixels are published as stored.
    with contextlib.suppress(Exception):
        ImageOps.exif_transpose(img, in_place=True)
    return img


def _normalized(img: Image.Image, fmt: str) -> Image.Image:
    """The image in a mode `fmt` stores well: L, RGB or RGBA (JPEG: L or RGB, flattened on white)."""
    alpha = img.has_transparency_data
    if img.mode.startswith("I;16") or img.mode == "I":
        # 16-bit grey: scale to 8 bits (convert("L") would clip everything above 255 to white).
        # (Pillow's own convert("RGBA") clips too, and misplaces a tRNS colour key.)
        wide = img.convert("I")
        grey = wide.point(lambda v: v * (1 / 257) + 0.5).convert("L")
        key = img.info.get("transparency")
        if alpha and isinstance(key, int):
            mask = ImageMath.lambda_eval(lambda a: (a["v"] != key) * 255, v=wide)
            grey = grey.convert("RGBA")
            grey.putalpha(mask.convert("L"))
        img = grey
        alpha = img.mode == "RGBA"
    grey_modes = ("1", "L")
    if fmt == "JPEG":
        if alpha:  # JPEG has no alpha: flatten on white, as the site's background is
            rgba = img.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            return flat
        return img.convert("L" if img.mode in grey_modes else "RGB")
    if alpha:  # palette + tRNS, LA, PA, RGB + colour key: all keep their transparency as RGBA
        return img.convert("RGBA")
    if img.mode in grey_modes and fmt == "PNG":
        return img.convert("L")
    return img.convert("RGB")


def _encode_raster(data: bytes, suffix: str, kind: str) -> bytes:
    """The published bytes of a raster image; ImageRefused for what breaks a rule.

    Any other exception means Pillow could not decode or encode it; `image_problems` reports those.
    """
    fmt = _SAVE_AS[suffix]
    box = BOXES[kind]
    with _open_raster(data) as opened:
        if opened.format in ("JPEG", "MPO"):
            # libjpeg decodes at 1/2, 1/4 or 1/8 of the size straight from the DCT, never below
            # the box (a square request: whatever the orientation turns out to be); an 800-px
            # headshot in half the time, a phone photo in a fraction, within a level of Lanczos
            side = max(box)
            opened.draft(opened.mode, (side, side))
        img = _decoded(opened)
        icc = img.info.get("icc_profile")
        img = _upright(img)
        img = _to_srgb(img, icc if isinstance(icc, bytes) else None)
        img = _normalized(img, fmt)
    # Never enlarges; keeps the aspect ratio. Whole factors first by averaging blocks of pixels
    # (reducing_gap=1), then Lanczos for what is left: an 800-px headshot in 0.7 ms instead of 6,
    # a level or two from Lanczos all the way on an avatar shown at 130 CSS px.
    img.thumbnail(box, Image.Resampling.LANCZOS, reducing_gap=1.0)
    # A fresh image holds pixels only: EXIF, GPS, XMP, ICC and text chunks stay behind.
    clean = Image.frombytes(img.mode, img.size, img.tobytes())
    out = io.BytesIO()
    # Fixed encoder options, nothing taken from the input or the clock: same input, same bytes.
    if fmt == "PNG":
        clean.save(out, format="PNG", optimize=False, compress_level=6)  # level 9: 10x slower, 10% smaller
    elif fmt == "JPEG":
        clean.save(out, format="JPEG", quality=85, optimize=True, progressive=False,
                   subsampling="4:2:0" if kind == "photo" else "4:4:4")
    else:
        clean.save(out, format="WEBP", quality=85, method=4, lossless=False, exact=False)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# The public API


def image_problems(path: Path, kind: Kind = "photo") -> list[str]:
    """Why the file at `path` cannot be published as a `kind` (empty when it can).

    Never raises: a missing, unreadable, looping, oversized, truncated or hostile file is a reason
    in the list. Anything it accepts, `clean_image` publishes: a raster image is checked by
    cleaning it, and the bytes made are kept for the publishing step (one decode per build).
    """
    return list(_kept("problems-" + kind, Path(path), lambda: _image_problems(Path(path), kind)))


def _image_problems(path: Path, kind: Kind) -> list[str]:
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        return [f"must be a PNG, JPEG, WebP or SVG file, got {suffix or 'no extension'}"]
    try:
        if suffix == ".svg":
            return svg_problems(_read(path))
    except ImageRefused as e:
        return [str(e)]
    except Exception as e:  # a last resort: validation reports, it does not crash
        return [f"cannot be checked ({type(e).__name__})"]
    try:
        clean_image(path, kind)
    except ImageRefused as e:
        return [str(e)]
    # Pillow signals damaged data with OSError, SyntaxError, ValueError, EOFError, struct.error,
    # IndexError, TypeError, ZeroDivisionError or MemoryError depending on the plugin and the damage.
    except Exception as e:
        return [f"is not a readable image ({_short(str(e)) or type(e).__name__})"]
    return []


# What was found of each image file, by what is asked and its path: `advocacy serve` checks and
# publishes every photo again on each rebuild, and decoding ten thousand photos with Pillow again
# would take minutes. A file is taken to be unchanged when its status (device, inode, size, times,
# mode) is the same and it was last written well before it was read (git's "racily clean" rule: a
# file written in the same clock tick as it was read could change again within that tick without
# its times moving); else its bytes are read, and a result is kept for the same bytes.
_FOUND: dict[tuple[str, str], tuple[tuple[int, ...], bytes, Any, int]] = {}
_RACY_NS = 2_000_000_000


def _kept(asked: str, path: Path, make: Any) -> Any:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return make()  # says why it cannot be read
    status = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_mode)
    key = (asked, str(path))
    hit = _FOUND.get(key)
    if hit is not None and hit[0] == status and max(st.st_mtime_ns, st.st_ctime_ns) < hit[3] - _RACY_NS:
        return hit[2]
    try:
        digest = hashlib.blake2b(_read(path), digest_size=16).digest()
    except ImageRefused:
        return make()
    now = time.time_ns()
    if hit is not None and hit[1] == digest:
        _FOUND[key] = (status, digest, hit[2], now)
        return hit[2]
    value = make()  # an ImageRefused of clean_image is not kept: it is raised again
    _FOUND[key] = (status, digest, value, now)
    return value


MAX_WORKERS = 2


def seen(path: Path, kind: Kind) -> bool:
    """Whether this process has checked the file as a `kind` before (it may have changed since)."""
    return ("problems-" + kind, str(path)) in _FOUND


def usable_cores() -> int:
    """The cores this process may run on (its affinity, where the system tells it)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def prepare(images: list[tuple[Path, Kind]]) -> None:
    """Check and clean, on two threads, the images not seen before in this process, so that
    `image_problems` and `clean_image` then find them kept. Pillow lets go of the interpreter while
    it decodes and scales (not while it encodes a JPEG or reads a header), which is where a large
    program's first build spends much of its image time."""
    new = [item for item in dict.fromkeys(images) if not seen(*item)]
    # Each worker may hold one image of up to MAX_PIXELS decoded (about 420 MB as RGBA): two at
    # most, whatever the host reports (a container's quota is not its affinity)
    workers = min(len(new), usable_cores(), MAX_WORKERS)
    if workers < 2:
        return  # the check asks for each in turn
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="advocacy-images") as pool:
        for _ in pool.map(lambda item: image_problems(*item), new):
            pass


def published_suffix(path: str) -> str:
    """The extension an image is published with."""
    suffix = path.rsplit(".", 1)[-1].lower()
    return ".jpg" if suffix == "jpeg" else "." + suffix


def clean_image(path: Path, kind: Kind = "photo") -> bytes:
    """The image as published: re-encoded without metadata and scaled to `kind`'s box (BOXES),
    or, for an SVG, re-serialized from its allowlisted tree.

    Raises ImageRefused (a ValueError) only for a file that `image_problems` does not accept.
    """
    return _kept(kind, Path(path), lambda: _clean_image(Path(path), kind))  # type: ignore[no-any-return]


def _clean_image(path: Path, kind: Kind) -> bytes:
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        raise ImageRefused(f"must be a PNG, JPEG, WebP or SVG file, got {suffix or 'no extension'}")
    data = _read(path)
    if suffix == ".svg":
        return clean_svg(data)
    return _encode_raster(data, suffix, kind)
