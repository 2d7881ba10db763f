"""The one place that knows the site's addresses (SPEC.md section 6): pages, data files, images.

Every address is site-relative and directory-style (`case-studies/lumen-bank/`); `relative_url`
makes it relative to the page that links to it, as MkDocs would, so the same HTML works on every
engine and under any base path.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..core.images import published_suffix
from ..core.load import AdvocateEntry, CaseStudyEntry
from ..core.slugs import slugify

CASE_STUDIES, TESTIMONIALS, REVIEWS, CHAMPIONS, SPOTLIGHT, INDUSTRIES = (
    "case-studies/", "testimonials/", "reviews/", "champions/", "spotlight/", "industries/")
API = {"reviews": "api/reviews.json", "champions": "api/champions.json", "testimonials": "api/testimonials.json",
       "case_studies": "api/case-studies.json"}
FEED, BADGE = "feed.xml", "badges/rating.svg"
CARD_EXTRAS = "assets/advocacy/case-study-cards.json"
# The reviews page's list and what a testimonial card shows beyond api/testimonials.json, for the
# filters of those pages: beside api/, whose keys and row shapes SPEC.md fixes.
REVIEW_LIST = "assets/advocacy/review-list.json"
TESTIMONIAL_EXTRAS = "assets/advocacy/testimonial-cards.json"
CSS, JS = "assets/advocacy/advocacy.css", "assets/advocacy/advocacy.js"


def case_study_url(slug: str) -> str:
    return f"{CASE_STUDIES}{slug}/"


def advocate_url(slug: str) -> str:
    return f"advocates/{slug}/"


def spotlight_url(slug: str) -> str:
    return f"{SPOTLIGHT}{slug}/"


def industry_url(name: str) -> str:
    return f"{INDUSTRIES}{slugify(name)}/"


def product_url(name: str) -> str:
    return f"products/{slugify(name)}/"


def listing_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}page/{number}/"


def photo_path(entry: AdvocateEntry) -> str | None:
    photo = entry.record.photo
    return f"assets/advocacy/photos/{entry.slug}{published_suffix(photo)}" if photo else None


def logo_path(cs: CaseStudyEntry) -> str | None:
    logo = cs.front.logo
    return f"assets/advocacy/logos/{cs.slug}{published_suffix(logo)}" if logo else None


def case_study_card_path(slug: str) -> str:
    """The share card (og:image) of a case study."""
    return f"assets/advocacy/cards/case-study-{slug}.png"


def spotlight_card_path(slug: str) -> str:
    """The share card (og:image) of an advocate's spotlight story."""
    return f"assets/advocacy/cards/spotlight-{slug}.png"


def source_path(url: str) -> str:
    """The Markdown source a generated page stands for: `case-studies/x/` -> `case-studies/x/index.md`."""
    return url + "index.md"


def destination(src_uri: str, directory_urls: bool = True) -> str:
    """Where a Markdown source (or any other file) of the docs folder is written in site/."""
    if not src_uri.lower().endswith(".md"):
        return src_uri
    stem = src_uri[:-3]
    folder, _, name = stem.rpartition("/")
    if name.lower() in ("index", "readme"):
        return f"{folder}/index.html" if folder else "index.html"
    return f"{stem}/index.html" if directory_urls else f"{stem}.html"


def page_url(url: str, directory_urls: bool = True) -> str:
    """A page's address as the engine writes it: `x/` or, without directory URLs, `x/index.html`."""
    return url if directory_urls or not url.endswith("/") else url + "index.html"


def _parts(path: str) -> list[str]:
    out: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if out:
                out.pop()
        else:
            out.append(part)
    return out


def relative_url(target: str, base: str) -> str:
    """`target` relative to the page at `base` (both site-relative), as MkDocs' get_relative_url:
    a last component of `base` with a dot is a file name."""
    return _relative(target, _folder(base))


def _folder(base: str) -> list[str]:
    folder, _, name = base.rpartition("/")
    return _parts(folder if "." in name else base)


def _relative(target: str, here: list[str]) -> str:
    there = _parts(target)
    common = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return rel + "/" if target.endswith("/") else rel


class Linker:
    """`link(target)` for templates rendering the page at `page` (a directory-style URL)."""

    __slots__ = ("here", "directory_urls", "_made")

    def __init__(self, page: str, directory_urls: bool = True) -> None:
        self.here = _folder(page_url(page, directory_urls))
        self.directory_urls = directory_urls
        self._made: dict[str, str] = {}  # a page links to the same few places many times

    def __call__(self, target: str) -> str:
        rel = self._made.get(target)
        if rel is None:
            rel = self._made[target] = _relative(page_url(target, self.directory_urls), self.here)
        return rel

    def depth(self, tops: frozenset[str]) -> tuple[int, bool] | None:
        """What links to targets whose first folders are `tops` depend on from this page: only its
        depth when none of them is this page's first folder (nothing in common to walk up to)."""
        if self.here and self.here[0] in tops:
            return None
        return len(self.here), self.directory_urls


def first_folders(targets: Iterable[str]) -> frozenset[str]:
    """The first folder (or file) of each target, with directory URLs and without, as `Linker`
    reads them."""
    return frozenset(parts[0] for t in targets for url in (page_url(t, True), page_url(t, False))
                     if (parts := _parts(url)))


def linker(page: str, directory_urls: bool = True) -> Linker:
    return Linker(page, directory_urls)
