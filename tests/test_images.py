"""Photos and logos are safe by construction: core/images.py.

Every image is made here with Pillow (or by hand, for files Pillow would not write); no binary
fixtures are committed.
"""

from __future__ import annotations

import io
import os
import random
import struct
import zlib
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
import tinycss2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from mkdocs_advocacy.core import images
from mkdocs_advocacy.core.images import ImageRefused, clean_image, image_problems, published_suffix
from mkdocs_advocacy.core.svg import SVG_ELEMENTS, clean_svg, svg_problems
from PIL import Image, ImageCms, ImageFile, PngImagePlugin

ROOT = Path(__file__).resolve().parents[1]
S = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
LIMIT = "the limit is 40 megapixels (10,000 px a side)"


# ---------------------------------------------------------------------------------------------
# helpers


def put(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def encode(img: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    img.save(out, format=fmt, **options)
    return out.getvalue()


def noise(size: tuple[int, int] = (200, 160)) -> Image.Image:
    """An RGB image that does not compress to nothing (so that cutting it loses pixels)."""
    grey = Image.effect_noise(size, 60)
    return Image.merge("RGB", (grey, grey.rotate(90, expand=False), grey.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))


def reopen(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bilevel_png(width: int, height: int) -> bytes:
    """A valid, all-black 1-bit PNG, written by hand so that no test holds the decoded image:
    a few KB on disk, up to hundreds of MB once decoded."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\0" * (1 + (width + 7) // 8)
    z = zlib.compressobj(9)
    body = b"".join(z.compress(row * min(1000, height - y)) for y in range(0, height, 1000)) + z.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


@pytest.fixture
def no_decoding(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every attempt to decode pixels (ImageFile.load), so a test can assert there was none."""
    calls: list[str] = []

    def load(self: ImageFile.ImageFile) -> None:
        calls.append(repr(self.size))
        raise AssertionError("decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return calls


# ---------------------------------------------------------------------------------------------
# reading files: never an exception


def test_files_that_are_not_images_are_reasons_not_exceptions(tmp_path: Path) -> None:
    loop = tmp_path / "loop.png"
    os.symlink(loop, loop)
    folder = tmp_path / "folder.png"
    folder.mkdir()
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    device = tmp_path / "zero.webp"
    os.symlink("/dev/zero", device)
    cases = {
        loop: "cannot be read (Too many levels of symbolic links)",
        folder: "is a folder, not a file",
        fifo: "is not a regular file",
        device: "is not a regular file",
        tmp_path / "missing.png": "cannot be read (No such file or directory)",
        put(tmp_path, "empty.png", b""): "is empty",
        put(tmp_path, "empty.svg", b""): "is empty",
        put(tmp_path, "garbage.png", random.Random(1).randbytes(3000)): "is not a readable image",
        put(tmp_path, "text.jpg", b"hello, world\n" * 20): "is not a readable image",
        put(tmp_path, "photo.gif", b"GIF89a"): "must be a PNG, JPEG, WebP or SVG file, got .gif",
        put(tmp_path, "noext", b"x"): "must be a PNG, JPEG, WebP or SVG file, got no extension",
    }
    for path, reason in cases.items():
        assert image_problems(path) == [reason], path
        with pytest.raises(ImageRefused):
            clean_image(path)


def test_other_formats_renamed_are_refused(tmp_path: Path) -> None:
    small = noise((20, 20))
    for fmt in ("GIF", "BMP", "TIFF", "ICO"):
        path = put(tmp_path, f"{fmt}.png", encode(small, fmt))
        assert image_problems(path) == [f"is a {fmt} image; use PNG, JPEG or WebP"]


def test_another_accepted_format_under_another_extension_is_published_as_the_extension(tmp_path: Path) -> None:
    path = put(tmp_path, "really-a-png.jpg", encode(noise((30, 20)), "PNG"))
    assert image_problems(path) == []
    assert reopen(clean_image(path)).format == "JPEG"


def test_truncated_jpeg_and_png_are_problems_not_build_crashes(tmp_path: Path) -> None:
    for fmt, name in (("JPEG", "cut.jpg"), ("PNG", "cut.png"), ("WEBP", "cut.webp")):
        whole = encode(noise(), fmt)
        path = put(tmp_path, name, whole[: len(whole) // 2])
        (reason,) = image_problems(path)
        assert reason.startswith("is not a readable image"), (fmt, reason)
        with pytest.raises(Exception):  # noqa: B017 - whatever Pillow raises; validation caught it
            clean_image(path)


SMALL = {fmt: encode(noise((24, 18)), fmt) for fmt in ("PNG", "JPEG", "WEBP")}


def test_an_image_is_decoded_again_only_when_its_bytes_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    """`advocacy serve` checks and publishes every photo on each rebuild: what was found is kept
    while the file is the same, and a rewrite is seen at once, even one of the same size in the same
    clock tick, or one whose modification time is set back."""
    decoded = []
    encode_raster = images._encode_raster
    monkeypatch.setattr(images, "_encode_raster", lambda *a: decoded.append(a[1]) or encode_raster(*a))
    first, second = encode(noise((40, 30)), "PNG"), encode(noise((40, 30)), "PNG")
    second = second[:len(first)] if len(second) >= len(first) else second + b"\0" * (len(first) - len(second))
    path = put(tmp_path, "same-size.png", first)
    published = clean_image(path)
    # the check cleans it as the publishing step does, and the bytes are kept: one decode for both
    assert image_problems(path) == [] and clean_image(path) == published and len(decoded) == 1
    old = os.stat(path)
    os.utime(path, ns=(old.st_atime_ns - 10**10, old.st_mtime_ns - 10**10))  # touched: read, the same bytes
    assert clean_image(path) == published and image_problems(path) == [] and len(decoded) == 1
    path.write_bytes(second)
    os.utime(path, ns=(old.st_atime_ns - 10**10, old.st_mtime_ns - 10**10))  # the time set back, same size
    assert os.stat(path).st_size == old.st_size
    assert clean_image(path) != published and len(decoded) == 2
    path.write_bytes(b"\0" * old.st_size)  # broken now: refused, not the last answer
    (reason,) = image_problems(path)
    assert reason.startswith("is not a readable image")
    with pytest.raises(Exception):  # noqa: B017 - whatever Pillow raises; validation caught it
        clean_image(path)


@pytest.mark.parametrize(("size", "decoded_at", "shown"), [((3200, 2400), (800, 600), (400, 300)),
                                                      ((800, 800), (400, 400), (400, 400))])
def test_a_large_jpeg_is_decoded_at_a_fraction_of_its_size_and_looks_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], decoded_at: tuple[int, int],
        shown: tuple[int, int]) -> None:
    """A phone photo (3,200 x 2,400 here) is decoded by libjpeg at a quarter of its size, a headshot
    at half, never below the 400-px box: what is published is what a full decode scaled down with
    Lanczos gives, to a level or so."""
    from PIL import ImageChops, ImageFilter

    grey = Image.effect_noise(size, 40).filter(ImageFilter.GaussianBlur(size[0] // 800))  # fine detail
    photo = Image.merge("RGB", (grey, Image.linear_gradient("L").resize(size), grey.rotate(180)))
    path = put(tmp_path, "phone.jpg", encode(photo, "JPEG", quality=90))
    sizes: list[tuple[int, int]] = []
    decoded = images._decoded
    monkeypatch.setattr(images, "_decoded", lambda img: sizes.append(img.size) or decoded(img))
    published = reopen(clean_image(path))
    assert sizes == [decoded_at] and published.size == shown
    full = photo.copy()
    full.thumbnail((400, 400), Image.Resampling.LANCZOS)  # fair resampling all the way
    full = reopen(encode(full, "JPEG", quality=85, subsampling="4:2:0"))  # and the published encoding
    diff = ImageChops.difference(published.convert("RGB"), full.convert("RGB"))
    mean = sum(sum(band) / len(band) for band in (list(b.get_flattened_data()) for b in diff.split())) / 3
    assert mean < 1.5


def test_images_checked_side_by_side_are_found_as_one_at_a_time_finds_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large program's first check cleans its images on every core (`prepare`): each file gets
    the answer and the bytes it gets alone, damaged, hostile and good ones mixed, and the
    publishing step decodes nothing again. A bomb is refused from its header on any thread."""
    import threading
    import time
    import warnings

    rng = random.Random(7)
    files: list[tuple[Path, images.Kind]] = []
    for i in range(24):
        fmt, suffix = [("PNG", ".png"), ("JPEG", ".jpg"), ("WEBP", ".webp")][i % 3]
        raw = bytearray(encode(noise((60 + i, 40 + i)), fmt))
        if i % 4 == 1:  # damaged
            for _ in range(3):
                raw[rng.randrange(len(raw))] = rng.randrange(256)
        if i % 4 == 2:  # cut short
            raw = raw[: len(raw) // 2]
        files.append((put(tmp_path, f"img{i}{suffix}", bytes(raw)), "logo" if i % 5 == 0 else "photo"))
    files.append((put(tmp_path, "bomb.png", bilevel_png(20_000, 20_000)), "photo"))
    files.append((put(tmp_path, "text.png", b"not an image at all"), "photo"))

    def alone() -> list[tuple[list[str], bytes | None]]:
        out = []
        for path, kind in files:
            problems = image_problems(path, kind)
            out.append((problems, None if problems else clean_image(path, kind)))
        return out

    monkeypatch.setattr(images, "_FOUND", {})
    expected = alone()
    assert sum(1 for problems, _ in expected if problems) >= 8 and sum(1 for p, _ in expected if not p) >= 8

    monkeypatch.setattr(images, "_FOUND", {})
    threads: list[str] = []
    encode_raster = images._encode_raster
    monkeypatch.setattr(images, "_encode_raster",
                        lambda *a: threads.append(threading.current_thread().name) or encode_raster(*a))
    monkeypatch.setattr(images.os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3}, raising=False)
    inside: list[int] = []
    most = [0]

    class Swapped(warnings.catch_warnings):  # the global filters swapped in: never two at once
        def __enter__(self):  # type: ignore[no-untyped-def]
            inside.append(1)
            most[0] = max(most[0], len(inside))
            time.sleep(0.002)  # long enough for another thread to come in, if it could
            return super().__enter__()

        def __exit__(self, *exc: object) -> None:
            super().__exit__(*exc)
            inside.pop()

    monkeypatch.setattr(images.warnings, "catch_warnings", Swapped)
    filters = list(warnings.filters)
    images.prepare(files)
    assert most[0] == 1 and warnings.filters == filters
    decoded = len(threads)
    assert decoded == len(files)  # each file taken up once
    assert any(name.startswith("advocacy-images") for name in threads)
    # four cores reported, two workers: each may hold a 40-megapixel image decoded
    assert len({name for name in threads if name.startswith("advocacy-images")}) <= images.MAX_WORKERS == 2
    assert alone() == expected
    assert len(threads) == decoded  # all kept: nothing decoded again


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_images_are_refused_or_publishable(tmp_path: Path, data: st.DataObject) -> None:
    """The build runs after site/ is cleaned: whatever validation accepts must publish."""
    fmt, suffix = data.draw(st.sampled_from([("PNG", ".png"), ("JPEG", ".jpg"), ("WEBP", ".webp")]))
    raw = bytearray(SMALL[fmt])
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(raw)))
    path = put(tmp_path, "damaged" + suffix, bytes(raw[:cut]))
    problems = image_problems(path)
    assert all(isinstance(p, str) and p for p in problems)
    if not problems:
        assert reopen(clean_image(path)).format == fmt



# ---------------------------------------------------------------------------------------------
# limits, from the header, before decoding


def test_decompression_bomb_is_refused_without_decoding(tmp_path: Path, no_decoding: list[str]) -> None:
    before = Image.MAX_IMAGE_PIXELS
    path = put(tmp_path, "bomb.png", bilevel_png(20_000, 20_000))  # 400 Mpx, ~50 MB decoded
    assert path.stat().st_size < 100_000
    (reason,) = image_problems(path)
    assert LIMIT in reason
    assert no_decoding == []
    assert before == Image.MAX_IMAGE_PIXELS


def test_pixel_limits_state_size_and_limit(tmp_path: Path, no_decoding: list[str]) -> None:
    cases = {
        (12_000, 12_000): "is 12,000 × 12,000 pixels; " + LIMIT,  # above Pillow's own warning
        (8_000, 6_000): "is 8,000 × 6,000 pixels; " + LIMIT,  # under Pillow's limit, over ours
        (10_001, 10): "is 10,001 × 10 pixels; " + LIMIT,
    }
    for (width, height), reason in cases.items():
        path = put(tmp_path, f"big-{width}.png", bilevel_png(width, height))
        assert image_problems(path) == [reason]
        with pytest.raises(ImageRefused, match="megapixels"):
            clean_image(path)
    assert no_decoding == []


def test_within_limits_passes(tmp_path: Path) -> None:
    path = put(tmp_path, "wide.png", bilevel_png(10_000, 40))
    assert image_problems(path) == []
    assert reopen(clean_image(path, kind="logo")).size == (720, 3)


def test_byte_limit(tmp_path: Path) -> None:
    big = encode(noise((8, 8)), "PNG") + b"\0" * (5 * 1024 * 1024)
    for name in ("big.png", "big.svg"):
        path = put(tmp_path, name, big)
        assert image_problems(path) == [f"is {len(big):,} bytes; the limit is 5 MiB (5,242,880 bytes)"]
    assert svg_problems(b" " * (5 * 1024 * 1024 + 1)) == [
        "is 5,242,881 bytes; the limit is 5 MiB (5,242,880 bytes)"]


def test_animations_are_refused(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (16, 16), c) for c in ("red", "green", "blue")]
    for fmt, suffix in (("PNG", ".png"), ("WEBP", ".webp")):
        data = encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100)
        path = put(tmp_path, "anim" + suffix, data)
        assert image_problems(path) == ["is animated (3 frames); use a still image"]


def test_mpo_is_published_as_its_first_image(tmp_path: Path) -> None:
    data = encode(Image.new("RGB", (32, 24), "red"), "MPO", save_all=True,
                  append_images=[Image.new("RGB", (32, 24), "blue")])
    path = put(tmp_path, "camera.jpg", data)
    with Image.open(path) as opened:
        assert opened.format == "MPO"
    assert image_problems(path) == []
    out = reopen(clean_image(path))
    assert out.format == "JPEG" and out.size == (32, 24)
    r, g, b = out.getpixel((16, 12))
    assert r > 200 and b < 60


# ---------------------------------------------------------------------------------------------
# what is published: upright, transparent where it was, sRGB, small, bare


def test_exif_orientation_is_applied_to_pixels(tmp_path: Path) -> None:
    img = Image.new("RGB", (40, 20), (0, 0, 255))
    img.paste((255, 0, 0), (0, 0, 10, 10))  # red in the stored top-left corner
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    path = put(tmp_path, "rotated.jpg", encode(img, "JPEG", exif=exif, quality=95))
    assert image_problems(path) == []
    out = reopen(clean_image(path))
    assert out.size == (20, 40)
    r, _, b = out.getpixel((17, 2))  # now the top-right corner
    assert r > 200 and b < 60
    r, _, b = out.getpixel((2, 2))
    assert r < 60 and b > 200
    assert len(out.getexif()) == 0


def palette_with_transparency() -> Image.Image:
    img = Image.new("P", (10, 10), 0)
    img.putpalette([0, 255, 0, 255, 0, 0])  # 0: green (transparent), 1: red
    img.paste(1, (5, 0, 10, 10))
    img.info["transparency"] = 0
    return img


def test_palette_transparency_survives(tmp_path: Path) -> None:
    path = put(tmp_path, "logo.png", encode(palette_with_transparency(), "PNG", transparency=0))
    assert Image.open(path).info.get("transparency") == 0
    for suffix in (".png", ".webp"):
        target = tmp_path / ("copy" + suffix)
        target.write_bytes(path.read_bytes())
        out = reopen(clean_image(target, kind="logo")).convert("RGBA")
        assert out.getpixel((1, 1))[3] == 0
        assert out.getpixel((8, 1))[3] == 255 and out.getpixel((8, 1))[0] > 200


def test_transparency_in_a_jpeg_is_flattened_on_white(tmp_path: Path) -> None:
    path = put(tmp_path, "logo.jpg", encode(palette_with_transparency(), "PNG", transparency=0))
    out = reopen(clean_image(path, kind="logo"))
    assert out.format == "JPEG" and out.mode == "RGB"
    assert min(out.getpixel((1, 1))) > 240  # white, not the hidden green
    rgba = Image.new("RGBA", (10, 10), (255, 0, 0, 0))
    path = put(tmp_path, "clear.webp", encode(rgba, "WEBP", lossless=True, exact=True))
    out = reopen(clean_image(path))
    assert out.mode == "RGBA" and out.getpixel((3, 3))[3] == 0


def test_cmyk_jpeg_becomes_rgb(tmp_path: Path) -> None:
    path = put(tmp_path, "print.jpg", encode(Image.new("CMYK", (20, 20), (0, 255, 255, 0)), "JPEG"))
    out = reopen(clean_image(path))
    assert out.mode == "RGB"
    r, g, b = out.getpixel((10, 10))
    assert r > 200 and g < 80 and b < 80


def test_colour_profiles_are_applied_or_ignored(tmp_path: Path) -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    img = Image.new("RGBA", (20, 20), (255, 0, 0, 0))
    img.paste((0, 0, 255, 255), (10, 0, 20, 20))
    out = reopen(clean_image(put(tmp_path, "profiled.png", encode(img, "PNG", icc_profile=srgb))))
    assert out.getpixel((2, 2))[3] == 0 and out.getpixel((15, 5)) == (0, 0, 255, 255)
    broken = put(tmp_path, "broken-profile.jpg",
                 encode(Image.new("CMYK", (20, 20), (0, 255, 255, 0)), "JPEG", icc_profile=b"garbage" * 20))
    assert image_problems(broken) == []
    out = reopen(clean_image(broken))
    assert "icc_profile" not in out.info and out.getpixel((5, 5))[0] > 200


def test_sixteen_bit_grey_is_scaled_not_clipped(tmp_path: Path) -> None:
    img = Image.new("I;16", (4, 1))
    img.putdata([0, 256 * 64, 32768, 65535])
    path = put(tmp_path, "deep.png", encode(img, "PNG"))
    assert Image.open(path).mode == "I;16"
    out = reopen(clean_image(path))
    assert out.mode == "L"
    assert [out.getpixel((x, 0)) for x in range(4)] == [0, 64, 128, 255]
    keyed = put(tmp_path, "keyed.png", encode(img, "PNG", transparency=32768))
    out = reopen(clean_image(keyed))
    assert out.mode == "RGBA"
    assert [out.getpixel((x, 0)) for x in range(4)] == [(0, 0, 0, 255), (64, 64, 64, 255), (128, 128, 128, 0),
                                                        (255, 255, 255, 255)]


def test_metadata_is_stripped(tmp_path: Path) -> None:
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>'
    exif = Image.Exif()
    exif[0x010F] = "Spy Camera"  # Make
    exif[0x0131] = "Secret Editor"  # Software
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 30.0, 12.5)
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Doe")
    info.add_text("Comment", "home address", zip=True)
    info.add_itxt("XML:com.adobe.xmp", xmp.decode())
    img = noise((60, 40))
    files = {
        "meta.jpg": encode(img, "JPEG", exif=exif, icc_profile=icc, xmp=xmp, comment=b"Secret Editor"),
        "meta.png": encode(img, "PNG", exif=exif, icc_profile=icc, pnginfo=info),
        "meta.webp": encode(img, "WEBP", exif=exif, icc_profile=icc, xmp=xmp),
    }
    for name, data in files.items():
        source = reopen(data)
        assert source.getexif().get_ifd(0x8825), name  # the input really carries GPS
        assert "icc_profile" in source.info, name
        path = put(tmp_path, name, data)
        assert image_problems(path) == []
        cleaned = clean_image(path)
        out = reopen(cleaned)
        assert len(out.getexif()) == 0, name
        assert not out.getexif().get_ifd(0x8825), name
        assert "icc_profile" not in out.info and "xmp" not in out.info and "exif" not in out.info, name
        assert "comment" not in out.info, name
        assert getattr(out, "text", {}) == {}, name
        for marker in (b"Exif\0\0", b"Spy Camera", b"Secret Editor", b"Jane Doe", b"xmpmeta", b"ICC_PROFILE",
                       b"iCCP", b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"XMP ", b"ICCP", b"EXIF"):
            assert marker not in cleaned, (name, marker)


@pytest.mark.parametrize(("kind", "size", "expected"), [
    ("photo", (2000, 1000), (400, 200)),
    ("photo", (300, 3000), (40, 400)),
    ("photo", (100, 50), (100, 50)),  # never enlarged
    ("logo", (2000, 1000), (480, 240)),
    ("logo", (3000, 300), (720, 72)),
    ("logo", (200, 60), (200, 60)),
])
def test_scaled_down_to_displayed_size(tmp_path: Path, kind: str, size: tuple[int, int],
                                       expected: tuple[int, int]) -> None:
    for fmt, suffix in (("JPEG", ".jpg"), ("PNG", ".png"), ("WEBP", ".webp")):
        path = put(tmp_path, "big" + suffix, encode(Image.new("RGB", size, (200, 30, 30)), fmt))
        out = reopen(clean_image(path, kind=kind))
        assert out.size == expected, (fmt, kind)
        assert out.format == fmt


def test_output_is_deterministic_and_follows_the_extension(tmp_path: Path) -> None:
    img = noise((500, 300))
    for fmt, suffix in (("JPEG", ".jpeg"), ("JPEG", ".jpg"), ("PNG", ".png"), ("WEBP", ".webp")):
        path = put(tmp_path, "photo" + suffix, encode(img, fmt))
        first = clean_image(path)
        assert clean_image(path) == first
        assert reopen(first).format == fmt
        assert published_suffix(path.name) == (".jpg" if fmt == "JPEG" else suffix)
    svg = put(tmp_path, "logo.svg", SAFE_SVGS[0][1].encode())
    assert clean_image(svg) == clean_image(svg, kind="logo")


def test_every_example_image_passes_and_publishes() -> None:
    files = sorted((ROOT / "advocates" / "photos").iterdir()) + sorted((ROOT / "case_studies" / "logos").iterdir())
    assert len(files) > 10
    for path in files:
        assert image_problems(path) == [], path
        for kind in ("photo", "logo"):
            out = clean_image(path, kind=kind)
            if path.suffix == ".svg":
                assert svg_problems(out) == []
                continue
            published = reopen(out)
            assert published.format == {".jpg": "JPEG", ".png": "PNG", ".webp": "WEBP"}[path.suffix]
            box = images.BOXES[kind]
            assert published.width <= box[0] and published.height <= box[1]


# ---------------------------------------------------------------------------------------------
# SVG: hostile files, each with the reason it gives


def svg(body: str, attrs: str = "") -> str:
    return f'<svg xmlns="{S}" xmlns:xlink="{XLINK}" viewBox="0 0 10 10"{attrs}>{body}</svg>'


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
                    for i in range(1, 10))
          + f']><svg xmlns="{S}"><text>&lol9;</text></svg>')

HOSTILE_SVGS: list[tuple[str, str, str]] = [
    ("script", svg("<script>alert(1)</script>"), "has a <script> element"),
    ("script-cdata", svg("<script><![CDATA[fetch('//e')]]></script>"), "has a <script> element"),
    ("onload", svg("<rect/>", ' onload="alert(1)"'), "has an event-handler attribute (onload)"),
    ("onmouseover-mixed-case", svg('<rect OnMouseOver="alert(1)"/>'), "has an event-handler attribute (onmouseover)"),
    ("onclick-namespaced", svg('<rect xmlns:e="urn:e" e:onclick="x"/>'), "has an event-handler attribute (onclick)"),
    ("animate-href", svg('<a><animate attributeName="href" to="javascript:alert(1)"/><rect/></a>'),
     "has an <animate> element (animation is not allowed)"),
    ("set-handler", svg('<rect><set attributeName="onmouseover" to="alert(1)"/></rect>'),
     "has a <set> element (animation is not allowed)"),
    ("animateMotion", svg('<rect><animateMotion path="M0 0L10 10" dur="1s"/></rect>'),
     "has an <animateMotion> element (animation is not allowed)"),
    ("animateTransform", svg('<rect><animateTransform attributeName="transform" type="rotate"/></rect>'),
     "has an <animateTransform> element (animation is not allowed)"),
    ("discard", svg("<discard/>"), "has a <discard> element (animation is not allowed)"),
    ("xlink-href-https", svg('<use xlink:href="https://evil.example/s.svg#a"/>'),
     "has an external reference in xlink:href (https://evil.example/s.svg#a)"),
    ("href-data", svg('<use href="data:image/svg+xml;base64,PHN2Zy8+"/>'),
     "has an embedded data: URL in href (data:image/svg+xml;base64,PHN2Zy8+)"),
    ("use-external", svg('<use href="https://evil.example/s.svg#x"/>'),
     "has an external reference in href (https://evil.example/s.svg#x)"),
    ("use-relative", svg('<use href="other.svg#x"/>'), "has an external reference in href (other.svg#x)"),
    ("image", svg('<image href="https://tracker.example/p.png"/>'),
     "has an <image> element (embedded images are not allowed)"),
    ("image-tracker-href", svg('<image href="https://tracker.example/p.png"/>'),
     "has an external reference in href (https://tracker.example/p.png)"),
    ("feImage", svg('<filter id="f"><feImage href="https://e.example/x.png"/></filter>'),
     "has a <feImage> element (embedded images are not allowed)"),
    ("foreignObject", svg('<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://e"/></foreignObject>'),
     "has a <foreignObject> element"),
    ("html-iframe", svg('<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://e"/></foreignObject>'),
     "has an <iframe> element outside the SVG namespace"),
    ("iframe-in-svg-namespace", svg('<iframe src="https://e"/>'), "has an <iframe> element (not allowed in a published SVG)"),
    ("a-javascript", svg('<a href="javascript:alert(1)"><rect/></a>'), "has a javascript: link"),
    ("a-element", svg('<a href="#x"><rect/></a>'), "has an <a> element (links are not allowed)"),
    ("javascript-spaced", svg('<use xlink:href=" JaVa&#9;ScRiPt:alert(1)"/>'), "has a javascript: link"),
    ("xml-stylesheet", '<?xml version="1.0"?><?xml-stylesheet href="https://evil/x.css"?>' + svg("<rect/>"),
     "has a processing instruction (<?xml-stylesheet?>)"),
    ("pi-inside", svg("<g><?php echo 1; ?></g>"), "has a processing instruction (<?php?>)"),
    ("pi-after", svg("<rect/>") + "<?evil x?>", "has a processing instruction (<?evil?>)"),
    ("doctype-entity", f'<!DOCTYPE svg [<!ENTITY e "x">]><svg xmlns="{S}"><text>&e;</text></svg>',
     "has a DOCTYPE or entity declaration"),
    ("xxe", f'<!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/passwd">]><svg xmlns="{S}"><text>&e;</text></svg>',
     "has a DOCTYPE or entity declaration"),
    # libxml2 refuses the expansion while parsing, even with entities left unresolved
    ("billion-laughs", LAUGHS, "is not a readable SVG (Maximum entity amplification factor exceeded"),
    ("public-doctype", '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
     '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' + svg("<rect/>"), "has a DOCTYPE or entity declaration"),
    ("undefined-entity", svg("<text>&nbsp;</text>"), "is not a readable SVG (Entity 'nbsp' not defined"),
    ("style-escaped-url", svg("<rect/>", r' style="background:u\72l(https://evil)"'),
     "has an external reference in style (url(https://evil))"),
    ("style-quoted-url", svg("""<rect style='fill:url("https://evil/a.svg#g")'/>"""),
     'has an external reference in style (url("https://evil/a.svg#g"))'),
    ("sheet-escaped-import", svg(r"<style>@\69mport 'https://evil/x.css';</style>"),
     "has a style sheet that loads an external resource (@import)"),
    ("sheet-import-uppercase", svg("<style>@IMPORT url(x.css);</style>"),
     "has a style sheet that loads an external resource (@import)"),
    ("sheet-url", svg("<style>rect{fill:url(https://evil)}</style>"),
     "has a style sheet that loads an external resource (url(https://evil))"),
    ("sheet-url-in-cdata", svg("<style><![CDATA[rect{fill:URL( 'https://evil' )}]]></style>"),
     'has a style sheet that loads an external resource (url("https://evil"))'),
    ("image-set", svg("""<rect style="background:image-set('x.png' 1x)"/>"""),
     "has an external reference in style (image-set())"),
    ("webkit-image-set", svg("<style>rect{background:-webkit-image-set(url(x.png) 1x)}</style>"),
     "has a style sheet that loads an external resource (-webkit-image-set())"),
    ("expression", svg('<rect style="width:expression(alert(1))"/>'),
     "has a CSS function that is not allowed in style (expression())"),
    ("css-src", svg("<style>rect{background:src('x.png')}</style>"),
     "has a style sheet that loads an external resource (src())"),
    ("font-face", svg("<style>@font-face{font-family:x;src:local(x)}</style>"),
     "has an @font-face rule in a style sheet (at-rules are not allowed)"),
    ("media", svg("<style>@media print{rect{fill:red}}</style>"),
     "has an @media rule in a style sheet (at-rules are not allowed)"),
    ("nested-rule-url", svg("<style>g{fill:red; rect{fill:url(https://evil)}}</style>"),
     "has a style sheet that loads an external resource (url(https://evil))"),
    ("selector-url", svg("<style>url(https://evil){fill:red}</style>"),
     "has a style sheet that loads an external resource (url(https://evil))"),
    ("css-bad-url", svg('<rect style="fill:url(a b)"/>'), "has CSS that cannot be read in style"),
    ("markup-in-style", svg("<style>rect{}<rect/></style>"), "has markup inside a <style> element"),
    ("fill-external", svg('<rect fill="url(https://e/x#a)"/>'), "has an external reference in fill (url(https://e/x#a))"),
    ("fill-escaped", svg(r'<rect fill="u\72l(https://e/x#a) red"/>'), "has an external reference in fill (url(https://e/x#a))"),
    ("mask-external", svg("""<g mask="url('https://e/m.svg#m')"/>"""), 'has an external reference in mask (url("https://e/m.svg#m"))'),
    ("filter-function", svg('<rect transform="attr(x)"/>'), "has a CSS function that is not allowed in transform (attr())"),
    ("foreign-attribute", svg('<rect xmlns:evil="http://evil.example/ns" evil:x="1"/>'),
     "has an attribute in an unknown namespace (http://evil.example/ns)"),
    ("unknown-attribute", svg('<rect cursor="url(https://e/c.cur)"/>'), "has an attribute that is not allowed (cursor)"),
    ("xml-base", svg('<g xml:base="https://evil/"><use href="#a"/></g>'), "has an attribute that is not allowed (xml:base)"),
    ("xlink-other", svg('<use href="#a" xlink:show="new"/>'), "has an attribute that is not allowed (xlink:show)"),
    ("foreign-element", svg('<x:thing xmlns:x="urn:x"/>'), "has a <thing> element outside the SVG namespace"),
    ("xinclude", svg('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>'),
     "has an <include> element outside the SVG namespace"),
    ("non-svg-root", '<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
     "is not an SVG image (its root element is <html>)"),
    ("svg-without-namespace", "<svg><rect/></svg>", 'is not an SVG image (its root element needs xmlns="http://www.w3.org/2000/svg")'),
    ("broken-xml", f'<svg xmlns="{S}"><g></svg>', "is not a readable SVG (Opening and ending tag mismatch"),
    ("not-xml", "just text", "is not a readable SVG"),
    ("long-value-truncated", svg(f'<use href="https://e.example/{"a" * 200}"/>'),
     "has an external reference in href (https://e.example/" + "a" * 41 + "…)"),
]


@pytest.mark.parametrize(("svg_text", "reason"), [(s, r) for _, s, r in HOSTILE_SVGS],
                         ids=[i for i, _, _ in HOSTILE_SVGS])
def test_hostile_svg_is_refused(tmp_path: Path, svg_text: str, reason: str) -> None:
    problems = svg_problems(svg_text.encode())
    assert any(p.startswith(reason) for p in problems), problems
    assert problems == sorted(set(problems))
    assert all(len(p) < 160 for p in problems)
    assert "root:" not in " ".join(problems)  # nothing was read from /etc/passwd
    path = put(tmp_path, "logo.svg", svg_text.encode())
    assert image_problems(path) == problems
    with pytest.raises(ImageRefused):
        clean_image(path)


def test_svg_encodings() -> None:
    assert svg_problems(svg("<title>S\xe3o</title>").encode("latin-1")) == ["is not UTF-8 text (save the SVG as UTF-8)"]
    assert svg_problems(svg("<title>x</title>").encode("utf-16")) == ["is not UTF-8 text (save the SVG as UTF-8)"]
    declared = '<?xml version="1.0" encoding="ISO-8859-1"?>' + svg("<title>São</title>")
    out = clean_svg(declared.encode("utf-8"))  # UTF-8 bytes are read as UTF-8 whatever the declaration says
    assert "São".encode() in out
    assert svg_problems(b"\xef\xbb\xbf" + svg("<rect/>").encode()) == []


def test_several_reasons_are_all_reported_once_sorted() -> None:
    text = svg('<script/><script/><rect onload="x" onclick="y"/><use href="https://e/"/>', ' onload="z"')
    assert svg_problems(text.encode()) == [
        "has a <script> element",
        "has an event-handler attribute (onclick)",
        "has an event-handler attribute (onload)",
        "has an external reference in href (https://e/)",
    ]


# ---------------------------------------------------------------------------------------------
# SVG: safe files pass and round-trip


SAFE_SVGS: list[tuple[str, str]] = [
    ("gradient", svg('<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/>'
                     '<stop offset="1" stop-color="rgb(0 0 0 / 50%)"/></linearGradient></defs>'
                     '<rect width="10" height="10" fill="url(#g)" style="stroke:url(&quot;#g&quot;)"/>')),
    ("use", svg('<defs><symbol id="s" viewBox="0 0 4 4"><circle r="2" cx="2" cy="2"/></symbol></defs>'
                '<use href="#s" x="1"/><use xlink:href="#s" x="5"/>')),
    ("style", svg("<style>.a{fill:#c00;stroke:currentColor} rect:not(.b):nth-child(2n){opacity:.5}</style>"
                  '<rect class="a" width="5" height="5"/>')),
    ("style-cdata", svg("<style><![CDATA[ rect > g { fill: red } ]]></style><rect/>")),
    ("title", svg('<title>Acme &amp; Söhne</title><desc>Our logo</desc><text x="1" y="8" font-family="\'Segoe UI\', Arial">Acme</text>')),
    ("filters", svg('<filter id="f"><feGaussianBlur stdDeviation="1"/><feOffset dx="1" result="o"/>'
                    '<feMerge><feMergeNode in="o"/><feMergeNode in="SourceGraphic"/></feMerge></filter>'
                    '<g filter="url(#f)" transform="translate(1 1) rotate(45 5 5)"><rect/></g>')),
    ("clip-mask-marker", svg('<clipPath id="c"><rect width="5" height="5"/></clipPath><mask id="m"><rect fill="white"/></mask>'
                             '<marker id="k" markerWidth="2" markerHeight="2"><path d="M0 0L2 1L0 2z"/></marker>'
                             '<path d="M1 1L9 9" clip-path="url(#c)" mask="url(#m)" marker-end="url(#k)" '
                             'stroke-dasharray="1 2"/>')),
    ("declaration-bom-comments", '\ufeff<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- made by hand -->\n'
     + svg("<!-- a comment --><rect/>", ' xml:space="preserve" aria-label="Acme" role="img" data-name="logo"')),
    ("inkscape", f'<svg xmlns="{S}" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
     'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
     'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/" '
     'inkscape:version="1.3" sodipodi:docname="logo.svg">'
     '<sodipodi:namedview pagecolor="#fff"/><metadata><rdf:RDF><dc:title>x</dc:title></rdf:RDF></metadata>'
     '<g inkscape:label="Layer 1" inkscape:groupmode="layer"><rect width="3" height="3"/></g>tail</svg>'),
]


@pytest.mark.parametrize("svg_text", [s for _, s in SAFE_SVGS], ids=[i for i, _ in SAFE_SVGS])
def test_safe_svg_passes_and_round_trips(tmp_path: Path, svg_text: str) -> None:
    data = svg_text.encode()
    assert svg_problems(data) == []
    path = put(tmp_path, "logo.svg", data)
    assert image_problems(path) == []
    out = clean_image(path)
    assert out == clean_image(path) == clean_svg(data)
    assert clean_svg(out) == out  # publishing is idempotent
    assert svg_problems(out) == []
    assert b"<!--" not in out and b"<?" not in out and b"inkscape" not in out and b"sodipodi" not in out
    assert_published_svg_is_safe(out)
    before = etree.fromstring(data, etree.XMLParser(remove_comments=True))
    after = etree.fromstring(out)
    kept = [el.tag for el in before.iter() if isinstance(el.tag, str) and el.tag.startswith(f"{{{S}}}")
            and not el.tag.endswith("}metadata")]
    assert [el.tag for el in after.iter()] == kept


def test_round_trip_keeps_internal_references() -> None:
    out = clean_svg(SAFE_SVGS[1][1].encode())
    root = etree.fromstring(out)
    uses = root.findall(f".//{{{S}}}use")
    assert uses[0].get("href") == "#s" and uses[1].get(f"{{{XLINK}}}href") == "#s"
    assert b'fill="url(#g)"' in clean_svg(SAFE_SVGS[0][1].encode())


# ---------------------------------------------------------------------------------------------
# SVG: assembled from hostile and benign fragments


FORBIDDEN_ELEMENTS = {"script", "foreignObject", "image", "feImage", "a", "iframe", "animate", "set",
                      "animateMotion", "animateTransform", "discard", "mpath", "metadata"}
LOADING = {"image-set", "-webkit-image-set", "expression", "src", "image", "element", "cross-fade", "attr"}


def assert_css_internal(nodes: list[object]) -> None:
    stack = list(nodes)
    while stack:
        node = stack.pop()
        kind = getattr(node, "type", "")
        if kind == "qualified-rule":
            stack += list(node.prelude) + tinycss2.parse_blocks_contents(node.content)  # type: ignore[attr-defined]
        elif kind == "at-rule":
            raise AssertionError(f"at-rule @{node.at_keyword}")  # type: ignore[attr-defined]
        elif kind == "declaration":
            stack += node.value  # type: ignore[attr-defined]
        elif kind == "url":
            assert node.value.startswith("#"), node.value  # type: ignore[attr-defined]
        elif kind == "function":
            name = node.lower_name  # type: ignore[attr-defined]
            assert name not in LOADING, name
            if name == "url":
                args = [a for a in node.arguments if a.type not in ("whitespace", "comment")]  # type: ignore[attr-defined]
                assert len(args) == 1 and args[0].value.startswith("#"), args
            stack += node.arguments  # type: ignore[attr-defined]
        elif kind in ("() block", "[] block", "{} block"):
            stack += node.content  # type: ignore[attr-defined]


def assert_published_svg_is_safe(out: bytes) -> None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(out, parser)
    assert not root.getroottree().docinfo.doctype
    assert root.tag == f"{{{S}}}svg"
    for el in root.iter():
        assert isinstance(el.tag, str), el  # no comment, PI or entity
        ns, _, local = el.tag[1:].partition("}")
        assert ns == S and local in SVG_ELEMENTS and local not in FORBIDDEN_ELEMENTS, el.tag
        for name, value in el.attrib.items():
            ans, local_name = (name[1:].split("}") if name.startswith("{") else (None, name))
            assert ans in (None, XLINK, XML), name
            assert not local_name.lower().startswith("on"), name
            if local_name == "href":
                assert value.strip().startswith("#"), value
            elif local_name == "style":
                assert_css_internal(tinycss2.parse_blocks_contents(value))
            elif ans is None and local_name not in ("id", "class", "role", "lang") and not local_name.startswith(
                    ("aria-", "data-")):
                assert_css_internal(tinycss2.parse_component_value_list(value))
        if local == "style":
            assert_css_internal(tinycss2.parse_stylesheet(el.text or ""))


# Benign fragments outnumber hostile ones (by repetition in the pools), so that a good share of the
# assembled documents pass and their published form is checked too.
BENIGN_TAGS = ["g", "rect", "path", "use", "text", "linearGradient", "defs", "title", "style", "clipPath",
               "inkscape:layer", "metadata"]
HOSTILE_TAGS = ["script", "Script", "a", "image", "foreignObject", "animate", "set", "animateMotion", "feImage",
                "iframe", "x:thing", "html:iframe", "html:script"]
BENIGN_ATTRIBUTES = [
    ("fill", "red"), ("fill", "url(#g)"), ("stroke", "url('#g')"), ("style", "fill:url(#g)"),
    ("style", "fill:red;stroke:rgb(1 2 3)"), ("href", "#a"), ("xlink:href", "#a"), ("id", "g"),
    ("transform", "rotate(4) translate(1 2)"), ("mask", "url(#m)"), ("x", "1"), ("fill", "url(#a) red"),
    ("aria-label", "url(https://e) is only text"), ("data-x", "javascript:x"), ("class", r"u\72l(x)"),
    ("inkscape:label", "<onload>"), ("xml:space", "preserve"), ("style", "--x:var(--y);width:calc(1px + 2%)"),
]
HOSTILE_ATTRIBUTES = [
    ("onload", "x"), ("OnClick", "x"), ("onbegin", "x"), ("fill", "url(https://e/x#a)"), ("fill", r"u\72l(https://e)"),
    ("stroke", r"u\000072l(//e)"), ("fill", "URL(data:x)"), ("style", r"background:u\72l(//e)"),
    ("style", "x:expression(1)"), ("style", "fill:red;--x:url(//e)"), ("style", "background:image-set('x' 1x)"),
    ("fill", "-webkit-image-set(url(x) 1x)"), ("style", r"@\69mport 'x'"), ("style", "a{b:url(//e)}"),
    ("fill", "src(x)"), ("fill", "}"), ("href", "javascript:alert(1)"), ("href", " JaVaScript:x"),
    ("xlink:href", "java\tscript:x"), ("href", "data:image/png;base64,AA"), ("href", "https://evil/"),
    ("href", "//evil/"), ("href", ""), ("foo", "1"), ("evil:x", "1"), ("xml:base", "https://e/"),
    ("cursor", "url(x)"), ("xlink:show", "new"), ("attributeName", "href"),
]
BENIGN_SHEETS = ["rect{fill:red}", "rect{fill:url(#g)}", "rect:not(.a){opacity:.5}", "/* c */",
                 "g>rect{stroke:url('#g')}", ""]
HOSTILE_SHEETS = [r"@\69mport 'https://e';", "@import url(x);", "rect{fill:url(https://e)}", r"rect{fill:u\72l(//e)}",
                  "@font-face{src:url(x)}", "a{b:image-set(x 1x)}", "g{rect{fill:url(//e)}}", "url(//e){a:b}",
                  "a{b:expression(1)}", "</style><script>x</script>", r"a{b:\75 rl(//e)}", "@media print{a{b:c}}",
                  "a{background:-webkit-image-set(x)}"]
TAG = st.sampled_from(BENIGN_TAGS * 8 + HOSTILE_TAGS)
ATTRIBUTE = st.sampled_from(BENIGN_ATTRIBUTES * 10 + HOSTILE_ATTRIBUTES)
SHEET = st.sampled_from(BENIGN_SHEETS * 6 + HOSTILE_SHEETS)
HEAD = st.sampled_from(["", "", "", '<?xml version="1.0"?>', "<!-- c -->", '<?xml-stylesheet href="x.css"?>',
                        '<!DOCTYPE svg [<!ENTITY e "x">]>'])


def render(attributes: list[tuple[str, str]]) -> str:
    return "".join(f" {name}={quoteattr(value)}" for name, value in dict(attributes).items())


@st.composite
def elements(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(TAG)
    attributes = render(draw(st.lists(ATTRIBUTE, max_size=2)))
    if tag == "style":
        inner = escape(draw(SHEET))
    elif depth < 1:
        inner = "".join(draw(st.lists(elements(depth + 1), max_size=2)))
    else:
        inner = escape(draw(st.sampled_from(["", "text", "&", "]]>"])))
    return f"<{tag}{attributes}>{inner}</{tag}>"


@st.composite
def documents(draw: st.DrawFn) -> str:
    head = draw(HEAD)
    attributes = render(draw(st.lists(ATTRIBUTE, max_size=2)))
    body = "".join(draw(st.lists(elements(), max_size=3)))
    namespaces = (f' xmlns="{S}" xmlns:xlink="{XLINK}" xmlns:x="urn:x" xmlns:evil="http://evil.example/"'
                  ' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"'
                  ' xmlns:html="http://www.w3.org/1999/xhtml"')
    return f"{head}<svg{namespaces}{attributes}>{body}</svg>"


@settings(max_examples=300, deadline=None)
@given(documents())
def test_assembled_svgs_are_refused_or_safe(text: str) -> None:
    data = text.encode()
    problems = svg_problems(data)
    assert problems == sorted(set(problems))
    if problems:
        with pytest.raises(ImageRefused):
            clean_svg(data)
        return
    out = clean_svg(data)
    assert_published_svg_is_safe(out)
    assert clean_svg(out) == out
