"""Time the share cards (publish/cards.py): ms and bytes per card, drawing and PNG encoding apart.

    python benchmarks/cards.py [--advocates 2000] [--repeat 3] [--out DIR]

The cards are the ones a build draws: those of the example site in this repository (raster photos,
SVG logos, so typographic case-study cards) and of a synthetic program from `generate.py` (no
images: initials and typographic cards), plus a few made here for what neither has (a raster logo,
a long title, Japanese, Arabic, Greek, a photo). Each round draws every card once in this process,
as one build does (the font, glyph and shared-text caches warm up on the first cards, as in a
build); the first round is reported apart as "cold". Encoding is the time spent in
`cards.encode` (Pillow's PNG writer), drawing the rest of `draw`. Times are CPU time of this process (`time.process_time`), less
stretched than wall time by other work on the machine. `--out` writes the hand-made cards and a
few of the others there to look at.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import AS_OF, generate  # noqa: E402
from mkdocs_advocacy.core.check import check_site  # noqa: E402
from mkdocs_advocacy.core.images import clean_image  # noqa: E402
from mkdocs_advocacy.publish import cards  # noqa: E402
from mkdocs_advocacy.publish.plan import plan_site  # noqa: E402
from mkdocs_advocacy.publish.urls import logo_path, photo_path  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

BRAND = {"color": "#0b3d5c", "accent": "#2dd4bf"}


def program_cards(root: Path, site_name: str, site_url: str, options: dict) -> dict[str, cards.Card]:
    checked = check_site(root, options, root / "content")
    if checked.problems.errors:
        raise SystemExit("\n".join(map(str, checked.problems.errors[:10])))
    site, _, _ = plan_site(checked, site_name, site_url)
    program = site.program
    published: dict[str, bytes] = {}
    for a in program.public_advocates():
        if a.record.photo and (path := photo_path(a)):
            published[path] = clean_image(program.advocates_dir / a.record.photo)
    for cs in site.case_studies:
        if cs.front.logo and (path := logo_path(cs)):
            published[path] = clean_image(program.case_studies_dir / cs.front.logo, kind="logo")
    return cards.site_cards(site, published)


def _png(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def made_cards() -> dict[str, cards.Card]:
    """What neither program has: a raster logo, a photo, long and non-Latin texts."""
    logo = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    d = ImageDraw.Draw(logo)
    d.ellipse((20, 20, 180, 180), fill=(200, 40, 40, 255))
    d.rectangle((220, 70, 580, 130), fill=(30, 30, 120, 255))
    photo = clean_image(ROOT / "advocates/photos/claire-donovan.jpg")
    base = cards.Card("case-study", "Case study", "How Northwind Health cut forecast variance in half",
                      "Northwind Health", "Healthcare", ("50%", "lower forecast variance"), None, None, 0,
                      "Tidewater Analytics Customers", "customers.tidewater.example", BRAND["color"], BRAND["accent"])
    spot = dataclasses.replace(base, kind="spotlight", label="Customer spotlight", result=None,
                               title="How Jane rebuilt forecasting at Northwind", name="Jane Doe",
                               detail="VP of Sales, Northwind Health", initials="JD", hue=210)
    long = ("Mammoth Wholesale Warehousing Worldwide made weekly forecasting meetings a Monday morning "
            "memory with Tidewater Forecast across forty-two regions and nine currencies")
    return {
        "logo": dataclasses.replace(base, image=_png(logo)),
        "no-logo": base,
        "long-title": dataclasses.replace(base, title=long, result=("42 regions", "forecast in one place")),
        "japanese": dataclasses.replace(base, title="株式会社サンプルは予測の誤差を半分にしました",
                                        name="株式会社サンプル", detail="製造業", result=("50%", "予測誤差の削減")),
        "greek": dataclasses.replace(spot, title="Πώς η Ελένη ξαναέχτισε τις προβλέψεις", name="Ελένη Παππά",
                                     initials="ΕΠ"),
        "arabic": dataclasses.replace(spot, title="كيف أعادت فاطمة بناء التوقعات", name="فاطمة الزهراء",
                                      detail="مديرة المبيعات", initials="فا"),
        "photo": dataclasses.replace(spot, image=photo),
        "initials": spot,
        "light-brand": dataclasses.replace(base, color="#fde047", accent=None),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--advocates", type=int, default=2000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--out", type=Path)
    args = p.parse_args(argv)

    example = program_cards(ROOT, "Tidewater Analytics Customers", "https://customers.tidewater.example/",
                            {"as_of": AS_OF, "share_cards": BRAND})
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), args.advocates, seed=1)
        synthetic = program_cards(Path(tmp), "Benchmark Customers", "https://customers.benchmark.example/",
                                  {"as_of": AS_OF})
    made = made_cards()
    sets = {"example": example, f"synthetic {args.advocates}": synthetic, "made": made}

    encoding = [0.0]
    encode = cards.encode  # where the drawn indices become a PNG (Pillow's writer)

    def timed_encode(*a: object) -> bytes:
        t = time.process_time()
        out = encode(*a)  # type: ignore[arg-type]
        encoding[0] += time.process_time() - t
        return out

    cards.encode = timed_encode  # type: ignore[assignment]
    everything = [c for s in sets.values() for c in s.values()]
    print(f"{len(everything)} cards: " + ", ".join(f"{k} {len(v)}" for k, v in sets.items())
          + f"; load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rounds = []
    for i in range(args.repeat + 1):
        per_set = {}
        for name, group in sets.items():
            encoding[0] = 0.0
            sizes = []
            t = time.process_time()
            for c in group.values():
                sizes.append(len(cards.draw(c)))
            total = time.process_time() - t
            per_set[name] = (total, encoding[0], sizes)
        rounds.append(per_set)
        label = "cold" if i == 0 else f"round {i}"
        for name, (total, enc, sizes) in per_set.items():
            n = len(sizes)
            print(f"{label:8} {name:16} {1000 * total / n:6.2f} ms/card  (draw {1000 * (total - enc) / n:5.2f}, "
                  f"encode {1000 * enc / n:5.2f})  {statistics.mean(sizes) / 1024:6.1f} KB/card "
                  f"(max {max(sizes) / 1024:.1f})")
    warm = rounds[1:]
    n = len(everything)
    best = min(sum(t for t, _, _ in r.values()) for r in warm)
    best_enc = min(sum(e for _, e, _ in r.values()) for r in warm)
    print(f"best warm round, all {n}: {1000 * best / n:.2f} ms/card (encode {1000 * best_enc / n:.2f})")
    cards.encode = encode

    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, c in made.items():
            (args.out / f"made-{name}.png").write_bytes(cards.draw(c))
        for name, group in (("example", example), ("synthetic", synthetic)):
            for path in sorted(group)[:3]:
                (args.out / f"{name}-{Path(path).name}").write_bytes(cards.draw(group[path]))
        print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
