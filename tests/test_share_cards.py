"""Share cards (publish/cards.py): a 1200 x 630 PNG per case study and spotlight story, the page's
og:image. In process: a small program in, cards and head tags out, no MkDocs build."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs_advocacy.core.check import check_site
from mkdocs_advocacy.publish import cards
from mkdocs_advocacy.publish.cards import CARDS, Card, CardCache, Palette, draw, face_for, set_text, wrap
from mkdocs_advocacy.publish.data import data_files
from mkdocs_advocacy.publish.plan import plan_site
from mkdocs_advocacy.publish.render import TEMPLATES, Renderer
from PIL import Image, ImageDraw
from sitegen import photo, write, write_yaml

SITE_URL = "https://customers.test.example/"
OPTIONS = {"as_of": __import__("datetime").date(2026, 1, 31)}
CS_CARD = "assets/advocacy/cards/case-study-lumen.png"
SPOT_CARD = "assets/advocacy/cards/spotlight-jane-doe.png"
LONG = ("Mammoth Wholesale Warehousing Worldwide made weekly forecasting meetings a Monday morning "
        "memory with Tidewater Forecast across WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW regions")


def small_site(root: Path, private: dict | None = None, logo: bool = True) -> Path:
    """One advocate with a photo and a spotlight, one case study with a raster logo and a result."""
    photo(root / "advocates/photos/jane-doe.jpg", colour=(200, 120, 60))
    record = {"name": "Jane Doe", "title": "VP of Sales", "company": "Northwind Health", "industry": "Healthcare",
              "photo": "photos/jane-doe.jpg", "consent": {"public": True, "given": "2025-01-01"},
              "spotlight": {"date": "2025-11-01", "headline": "How Jane rebuilt forecasting at Northwind",
                            "story": "She rebuilt it."}}
    if private is not None:
        record["private"] = private
    write_yaml(root / "advocates/jane-doe.yml", record)
    if logo:
        (root / "case_studies/logos").mkdir(parents=True, exist_ok=True)
        img = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
        ImageDraw.Draw(img).ellipse((10, 10, 90, 90), fill=(200, 40, 40, 255))
        img.save(root / "case_studies/logos/lumen.png")
    write(root / "case_studies/lumen.md", f"""
        ---
        title: Lumen Bank closed the quarter in five days
        customer: Lumen Bank
        summary: A faster close.
        date: 2025-06-01
        industry: Financial Services
        advocates: [jane-doe]
        {"logo: logos/lumen.png" if logo else ""}
        results:
          - {{value: "7 days", label: faster quarterly close}}
        ---

        Body.
        """)
    (root / "content").mkdir(parents=True, exist_ok=True)
    return root


def plan(root: Path, site_url: str | None = SITE_URL, options: dict | None = None):
    checked = check_site(root, {**OPTIONS, **(options or {})}, root / "content")
    assert checked.problems.errors == []
    site, pages, problems = plan_site(checked, "Test Customers", site_url)
    assert problems == []
    return site, pages


def build_data(root: Path, site_url: str | None = SITE_URL, options: dict | None = None) -> dict[str, bytes]:
    site, pages = plan(root, site_url, options)
    return data_files(site, Renderer([str(TEMPLATES)]), {p.url: p.url for p in pages})


def png(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def card(**changes: object) -> Card:
    base = Card("case-study", "Case study", "How Northwind Health cut forecast variance in half", "Northwind Health",
                "Healthcare", ("50%", "lower forecast variance"), None, None, 0, "Test Customers",
                "customers.test.example", "#0b3d5c", "#2dd4bf")
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def fresh_caches() -> None:
    """Forget every font, glyph and shared text drawn so far: what a new process starts from."""
    for fn in (cards.setter, cards._fixed, cards._font, cards._has_glyph, cards._notdef, cards.face_for,
               cards._covered, cards._footer):
        fn.cache_clear()


# ---------------------------------------------------------------------------------------------


def test_a_card_is_a_1200_by_630_png_without_metadata(tmp_path):
    data = build_data(small_site(tmp_path))
    for path in (CS_CARD, SPOT_CARD):
        assert data[path].startswith(b"\x89PNG\r\n\x1a\n")
        img = png(data[path])
        assert (img.format, img.size) == ("PNG", (1200, 630))
        for chunk in (b"tEXt", b"zTXt", b"iTXt", b"tIME", b"eXIf", b"pHYs"):
            assert chunk not in data[path]
    # the logo and the photo are on the cards: without them, the cards differ
    plain = build_data(small_site(tmp_path / "plain", logo=False))
    assert plain[CS_CARD] != data[CS_CARD]


def test_og_image_is_the_card_with_an_absolute_url(tmp_path):
    site, pages = plan(small_site(tmp_path))
    renderer = Renderer([str(TEMPLATES)])
    by_url = {p.url: p for p in pages}
    for url, path in (("case-studies/lumen/", CS_CARD), ("spotlight/jane-doe/", SPOT_CARD)):
        head = renderer.head(by_url[url], "Test Customers", SITE_URL)
        assert f'<meta property="og:image" content="{SITE_URL}{path}">' in head
        assert '<meta property="og:image:width" content="1200">' in head
        assert '<meta property="og:image:height" content="630">' in head
        assert '<meta name="twitter:card" content="summary_large_image">' in head
    head = renderer.head(by_url["case-studies/lumen/"], "Test Customers", SITE_URL)
    assert ('<meta property="og:image:alt" content="Case study: Lumen Bank closed the quarter in five days · '
            'Lumen Bank · Financial Services · 7 days faster quarterly close · Test Customers">') in head
    # a profile keeps its photo, at a size nobody measured: a small summary card
    profile = renderer.head(by_url["advocates/jane-doe/"], "Test Customers", SITE_URL)
    assert f'content="{SITE_URL}assets/advocacy/photos/jane-doe.jpg"' in profile
    assert "og:image:width" not in profile and '<meta name="twitter:card" content="summary">' in profile


def test_without_site_url_no_og_image_but_the_cards_are_there(tmp_path):
    # Open Graph wants absolute image URLs; as for any page image, none is printed without site_url
    root = small_site(tmp_path)
    site, pages = plan(root, site_url=None)
    head = Renderer([str(TEMPLATES)]).head(next(p for p in pages if p.url == "case-studies/lumen/"), "T", None)
    assert "og:image" not in head and '<meta name="twitter:card" content="summary">' in head
    data = build_data(root, site_url=None)
    assert png(data[CS_CARD]).size == (1200, 630)


def test_two_builds_give_the_same_bytes(tmp_path):
    root = small_site(tmp_path)
    first = build_data(root)
    fresh_caches()
    CARDS.__init__()  # type: ignore[misc]
    second = build_data(root)
    assert first[CS_CARD] == second[CS_CARD] and first[SPOT_CARD] == second[SPOT_CARD]
    # and in another process, with another hash seed
    script = ("import sys; from mkdocs_advocacy.publish.cards import Card, draw; "
              f"sys.stdout.buffer.write(draw({card()!r}))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env, timeout=120, check=True)
    assert other.stdout == draw(card())


@pytest.mark.parametrize("changes", [{}, {"kind": "spotlight", "initials": "JD", "result": None},
                                     {"title": LONG, "result": None}, {"site_host": None}])
def test_the_png_shows_what_was_drawn(monkeypatch, changes):
    # the card is drawn as palette indices above the site's shared footer: the PNG decodes to exactly those
    drawn = []
    encode = cards.encode

    def keep(canvas: Image.Image, *rest):
        drawn.append((canvas.copy(), *rest))
        return encode(canvas, *rest)

    monkeypatch.setattr(cards, "encode", keep)
    data = draw(card(**changes))
    (canvas, palette, footer), = drawn
    img = png(data)
    assert img.mode == "P" and img.size == (1200, 630)
    assert img.crop((0, 0, 1200, canvas.height)).tobytes() == canvas.tobytes()
    assert img.crop((0, canvas.height, 1200, 630)).tobytes() == footer.tobytes()
    assert max(img.tobytes()) < len(palette) // 3  # every index used has its colour
    assert len(data) < 300_000


def test_the_footer_is_drawn_once_per_site():
    fresh_caches()
    for n in range(5):
        draw(card(title=f"Title number {n}"))
    assert cards._footer.cache_info().misses == 1 and cards._footer.cache_info().hits == 4
    draw(card(site_name="Another Site"))
    assert cards._footer.cache_info().misses == 2


def test_right_to_left_initials_are_centred_in_the_avatar():
    arabic = card(kind="spotlight", title="How Fatima rebuilt forecasting", name="فاطمة الزهراء", result=None,
                  initials="فا", hue=200)
    if face_for("فا") is None or not cards.RAQM:
        pytest.skip("no font here draws Arabic")
    img = png(draw(arabic)).convert("RGB")
    left, top = cards.WIDTH - cards.M - cards.AVATAR, (cards.HEIGHT - cards.BAND - cards.AVATAR) // 2
    inner = img.crop((left + 20, top + 20, left + cards.AVATAR - 20, top + cards.AVATAR - 20))
    white = inner.point(lambda v: 255 if v > 240 else 0).convert("L").point(lambda v: 255 if v == 255 else 0)
    box = white.getbbox()
    assert box is not None
    assert abs((box[0] + box[2]) / 2 - inner.width / 2) <= 4  # the initials in the middle, none cut off
    assert box[0] > 8 and box[2] < inner.width - 8


def test_the_cache_draws_only_what_changed():
    cache = CardCache()
    one, two = card(), card(title="Another title")
    out = cache.draw_all({"a.png": one, "b.png": two})
    assert cache.drawn == 2
    again = cache.draw_all({"a.png": one, "b.png": card(title="Another title")})
    assert cache.drawn == 2 and again == out
    cache.draw_all({"a.png": one, "b.png": card(title="Changed")})
    assert cache.drawn == 3
    # alt text is not drawn: changing it redraws nothing
    cache.draw_all({"a.png": dataclasses.replace(one, alt="other words"), "b.png": card(title="Changed")})
    assert cache.drawn == 3


def test_cards_encoded_beside_the_drawing_are_the_cards_drawn_one_by_one(monkeypatch):
    """A site's cards are encoded on other cores while the next is drawn: the bytes are those of
    drawing each alone, a card shown at two addresses is drawn once, and only a few cards' pixels
    wait for their encoder at any time."""
    import threading

    shown = {f"c{i}.png": card(title=f"Result number {i} for a customer", label=["Case study", "Spotlight"][i % 2])
             for i in range(30)}
    shown["again.png"] = shown["c3.png"]
    alone = {path: draw(c) for path, c in shown.items()}
    encoders: list[str] = []
    waiting = [0, 0]  # now, most
    encode = cards.encode
    compose = cards.compose

    lock = threading.Lock()

    def counted_compose(c):  # type: ignore[no-untyped-def]
        with lock:
            waiting[0] += 1
            waiting[1] = max(waiting)
        return compose(c)

    def counted_encode(*parts):  # type: ignore[no-untyped-def]
        encoders.append(threading.current_thread().name)
        out = encode(*parts)
        with lock:
            waiting[0] -= 1
        return out

    monkeypatch.setattr(cards, "compose", counted_compose)
    monkeypatch.setattr(cards, "encode", counted_encode)
    monkeypatch.setattr(cards, "_cores", lambda: 2)
    cache = CardCache()
    assert cache.draw_all(shown) == alone
    assert cache.drawn == 30 and len(encoders) == 30
    assert all(name.startswith("advocacy-cards") for name in encoders)
    assert waiting[1] <= 2 * 2 + 1  # the bound on cards waiting, and the one being drawn
    monkeypatch.setattr(cards, "_cores", lambda: 1)
    assert CardCache().draw_all(shown) == alone  # one core: drawn and encoded in turn


def _margins_are_background(data: bytes, colour: tuple[int, int, int], side: int = 0) -> None:
    """Nothing drawn in the right margin, in the gap before the picture, nor at the foot of the
    coloured field (above the footer band)."""
    img = png(data).convert("RGB")
    band_top = cards.HEIGHT - cards.BAND
    boxes = [(cards.WIDTH - cards.M + 4, 0, cards.WIDTH, band_top),  # the right margin
             (0, band_top - 24, cards.WIDTH - cards.M - side, band_top),  # above the footer
             (0, 0, cards.WIDTH, cards.M - 30)]  # the top margin
    if side:
        gap_left = cards.WIDTH - cards.M - side + 8
        boxes.append((gap_left, 0, gap_left + 40, band_top))  # between the text and the picture
    for box in boxes:
        colours = {c for _, c in img.crop(box).getcolors(1 << 20) or []}
        assert colours == {colour}, f"something drawn in {box}"


@pytest.mark.parametrize("kind", ["case-study", "spotlight"])
def test_long_text_wraps_and_stops_inside_the_card(kind):
    bg = (11, 61, 92)
    long = card(kind=kind, title=LONG, name="Maximilian " * 20, detail="Wholesale " * 30,
                result=("WWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "MMMM " * 40), initials="MW")
    _margins_are_background(draw(long), bg, side=cards.AVATAR + 56 if kind == "spotlight" else 0)
    # a word longer than a line is broken, and the title ends in an ellipsis
    title = set_text(LONG, 700, [(58, 3)], bold=True)
    assert title is not None and len(title.lines) == 3 and title.lines[-1].endswith("…")
    assert all(title.setter.width(line) <= 700 for line in title.lines)


def test_wrapping_breaks_japanese_between_characters_and_never_overflows():
    setter = face_for("A")[0].at(40)  # type: ignore[index]
    lines, cut = wrap("株式会社サンプルは予測の誤差を半分にしました" * 3, setter, 300, 2)
    assert cut and len(lines) == 2 and lines[-1].endswith("…")
    assert all(setter.width(line) <= 300 for line in lines)
    lines, cut = wrap("Lumen Bank closed the quarter", setter, 10_000, 2)
    assert (lines, cut) == (["Lumen Bank closed the quarter"], False)


def test_japanese_and_arabic_do_not_crash_nor_print_boxes():
    japanese = card(title="株式会社サンプルは予測の誤差を半分にしました", name="株式会社サンプル",
                    detail="製造業", result=("50%", "予測誤差の削減"))
    img = png(draw(japanese))
    assert img.size == (1200, 630)
    for text in (japanese.title, japanese.name, "فاطمة الزهراء", "Zoë Müller, Café Løvland", "Ελένη Παππά"):
        found = face_for(text)
        if found is None:
            continue  # no font on this machine draws it: it is left off the card (below)
        face, shown = found
        assert all(cards._has_glyph(face.regular, c) for c in shown if not c.isspace())
    if face_for(japanese.title) is None:
        # left off, not drawn as boxes: the card is the one with no title (its label takes the place),
        # and no result (a "50%" without its label says nothing)
        assert draw(japanese) == draw(card(title="", name="", detail="", result=None))
    arabic = card(kind="spotlight", title="كيف أعادت فاطمة بناء التوقعات", name="فاطمة الزهراء",
                  detail="مديرة المبيعات", result=None, initials="فا")
    assert png(draw(arabic)).size == (1200, 630)


def test_symbols_no_font_has_are_dropped_not_boxed():
    rocket = card(title="Growth \U0001F680 at Northwind")
    if face_for("\U0001F680") is None:
        assert draw(rocket) == draw(card(title="Growth at Northwind"))


def test_nothing_private_reaches_a_card(tmp_path):
    marker = "pm-card-marker"
    private = {"email": f"{marker}@private.invalid", "nps": 10, "notes": f"{marker} notes", "health_score": 91}
    with_private = build_data(small_site(tmp_path / "a", private=private))
    without = build_data(small_site(tmp_path / "b"))
    assert with_private[SPOT_CARD] == without[SPOT_CARD]
    assert with_private[CS_CARD] == without[CS_CARD]
    site, _ = plan(small_site(tmp_path / "c", private=private))
    shown = cards.site_cards(site, {})
    assert marker not in repr(shown)


def test_only_public_advocates_and_published_case_studies_get_cards(tmp_path):
    root = small_site(tmp_path)
    write_yaml(root / "advocates/hidden.yml", {
        "name": "Hidden Person", "company": "X", "industry": "Retail",
        "spotlight": {"date": "2025-11-01", "headline": "hidden story", "story": "x"}})
    write(root / "case_studies/draft.md", """
        ---
        title: Draft
        customer: Draft Co
        summary: Draft.
        date: 2025-06-01
        industry: Retail
        draft: true
        ---
        """)
    data = build_data(root)
    assert sorted(p for p in data if p.startswith("assets/advocacy/cards/")) == [CS_CARD, SPOT_CARD]


def test_the_brand_colours_come_from_the_options(tmp_path):
    root = small_site(tmp_path)
    default = png(build_data(root)[CS_CARD]).convert("RGB")
    assert default.getpixel((10, 10)) == (0x40, 0x51, 0xb5)  # Material's indigo
    branded = png(build_data(root, options={"share_cards": {"color": "#0b3d5c", "accent": "#2dd4bf"}})[CS_CARD])
    assert branded.convert("RGB").getpixel((10, 10)) == (0x0b, 0x3d, 0x5c)
    checked = check_site(root, {**OPTIONS, "share_cards": {"color": "navy"}}, root / "content")
    assert [(p.field, p.message) for p in checked.problems.errors] == [
        ("plugins.advocacy.share_cards.color", "must be a colour written \"#rrggbb\" or \"#rgb\", got 'navy'")]


def test_a_light_brand_colour_gets_dark_text():
    palette = Palette.of("#fde047", "#fde047")  # yellow on yellow: the accent is darkened until it reads
    assert palette.ink != (255, 255, 255)
    assert cards.contrast(palette.ink, palette.bg) >= 4.5 and cards.contrast(palette.accent, palette.bg) >= 3


def test_a_hand_written_file_at_a_card_address_is_refused(tmp_path):
    root = small_site(tmp_path)
    (root / "content/assets/advocacy/cards").mkdir(parents=True)
    (root / "content/assets/advocacy/cards/case-study-lumen.png").write_bytes(b"x")
    checked = check_site(root, OPTIONS, root / "content")
    _, _, problems = plan_site(checked, "Test Customers", SITE_URL)
    assert [p.file for p in problems] == ["content/assets/advocacy/cards/case-study-lumen.png"]


def test_the_zensical_stage_carries_the_cards(tmp_path):
    from mkdocs_advocacy.engines.staging import stage_site

    root = small_site(tmp_path / "site")
    checked = check_site(root, OPTIONS, root / "content")
    raw = {"site_name": "Test Customers", "site_url": SITE_URL, "theme": {"name": "material"}}
    stage = tmp_path / "stage"
    stage.mkdir()
    stage_site(checked, raw, root / "mkdocs.yml", stage)
    assert png((stage / "docs" / CS_CARD).read_bytes()).size == (1200, 630)
    assert (stage / "docs" / SPOT_CARD).read_bytes() == build_data(root)[SPOT_CARD]
    page = (stage / "docs/case-studies/lumen/index.md").read_text(encoding="utf-8")
    assert f"og:image\\\" content=\\\"{SITE_URL}{CS_CARD}" in page


def test_with_no_font_but_the_bundled_one_latin_loses_its_accents_not_its_words(monkeypatch):
    monkeypatch.setattr(cards, "FALLBACK_FONTS", ())
    cards.available_fonts.cache_clear()
    fresh_caches()
    try:
        accented = card(title="Zoë Müller — how Café Łódź cut its close", name="Straße & Søn")
        assert draw(accented) == draw(card(title="Zoe Muller - how Cafe Lodz cut its close", name="Strasse & Son"))
        assert face_for("Ελένη Παππά") is None and face_for("株式会社") is None  # left off, not boxed
    finally:
        monkeypatch.undo()
        cards.available_fonts.cache_clear()
        fresh_caches()
