"""Each kind of generated page, described once: its template, whether it has a table of contents,
whose Markdown it shows, and its Open Graph type. Pages (`pages.py`) name a kind; the engines read
these fields and nothing else to decide how a page is rendered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class PageKind:
    name: str
    template: str  # the body template, under templates/advocacy/ (a site's theme/ overrides it)
    toc: bool = False  # a table of contents from the Markdown's headings
    markdown: Literal["body", "story"] | None = None  # the record Markdown shown (core/markdown_fields.py)
    og_type: str = "website"
    listing: bool = False  # paginated: pages past the first leave the search index


KINDS: dict[str, PageKind] = {k.name: k for k in (
    PageKind("case-studies", "advocacy/case-studies.html", listing=True),
    PageKind("case-study", "advocacy/case-study.html", toc=True, markdown="body", og_type="article"),
    PageKind("testimonials", "advocacy/testimonials.html", listing=True),
    PageKind("reviews", "advocacy/reviews.html", listing=True),
    PageKind("champions", "advocacy/champions.html", listing=True),
    PageKind("spotlights", "advocacy/spotlights.html", listing=True),
    PageKind("spotlight", "advocacy/spotlight.html", toc=True, markdown="story", og_type="article"),
    PageKind("advocate", "advocacy/advocate.html", og_type="profile"),
    PageKind("product", "advocacy/product.html", listing=True),
    PageKind("industries", "advocacy/industries.html"),
    PageKind("industry", "advocacy/industry.html", listing=True),
)}
