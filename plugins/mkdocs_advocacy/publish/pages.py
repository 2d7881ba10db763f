"""The generated pages of SPEC.md section 6, as engine-neutral data.

Each `Page` is a URL, a kind (`kinds.py`: template, table of contents, Markdown field), a title and
description, head data (Open Graph, JSON-LD) and the context its template renders; `render.py`
turns it into body HTML. Nothing here knows an engine: the MkDocs plugin and the staging build
(`engines/`) take the same list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core import public
from ..core.health import program_nps
from ..core.load import AdvocateEntry, CaseStudyEntry
from ..core.numbers import rounded
from ..core.reviews import aggregate
from ..core.slugs import slugify
from ..core.standings import TIER_ORDER
from .kinds import KINDS, PageKind
from .site import Site
from .urls import (
    API,
    CARD_EXTRAS,
    CASE_STUDIES,
    CHAMPIONS,
    INDUSTRIES,
    REVIEWS,
    SPOTLIGHT,
    TESTIMONIALS,
    advocate_url,
    case_study_url,
    industry_url,
    listing_url,
    logo_path,
    photo_path,
    product_url,
    source_path,
    spotlight_url,
)

MIN_INDUSTRY_REVIEWS = 3


@dataclass
class Page:
    """One generated page, engine-neutral."""

    url: str  # site-relative directory URL, e.g. "case-studies/lumen-bank/"
    kind: PageKind
    title: str
    description: str
    context: dict[str, Any] = field(default_factory=dict)
    slug: str | None = None  # whose record's Markdown it shows (`kind.markdown`)
    search_exclude: bool = False
    json_ld: list[dict] = field(default_factory=list)
    image: str | None = None  # site-relative, for og:image
    draft: bool = False

    @property
    def template(self) -> str:
        return self.kind.template

    @property
    def og_type(self) -> str:
        return self.kind.og_type

    @property
    def markdown_field(self) -> tuple[str, str] | None:
        """The key of the record Markdown this page shows, in `Checked.rendered`."""
        return (self.kind.markdown, self.slug) if self.kind.markdown and self.slug else None

    @property
    def src_uri(self) -> str:
        return source_path(self.url)


@dataclass(frozen=True)
class Pager:
    number: int
    count: int
    base: str

    @property
    def previous(self) -> str | None:
        return listing_url(self.base, self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return listing_url(self.base, self.number + 1) if self.number < self.count else None

    @property
    def pages(self) -> list[tuple[int, str]]:
        return [(n, listing_url(self.base, n)) for n in range(1, self.count + 1)]


def paginate(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def build_pages(site: Site, preview: bool = False) -> list[Page]:
    """Every generated page; with `preview` (mkdocs serve), drafts and scheduled case studies too."""
    pages: list[Page] = []
    pages += _case_study_pages(site, preview)
    pages += _listing(site, TESTIMONIALS, "testimonials", site.testimonials, "Testimonials",
                      f"What {len(site.public_slugs)} customers say about {site.product_name()}, in their own words.")
    pages += _reviews_pages(site)
    for product in site.products:
        pages += _product_pages(site, product)
    pages += _champion_pages(site)
    pages += _spotlight_pages(site)
    pages += [_profile(site, a) for a in site.program.public_advocates()]
    pages.append(Page(INDUSTRIES, KINDS["industries"], "Industries",
                      f"{site.product_name()} customers by industry: case studies, testimonials and ratings.",
                      {"site": site, "industries": site.industries}))
    for ind in site.industries:
        pages += _industry(site, ind)
    return pages


def _listing(site: Site, base: str, kind: str, items: list, title: str, description: str,
             **extra: Any) -> list[Page]:
    chunks = paginate(items, site.settings.page_size)
    out = []
    for n, chunk in enumerate(chunks, start=1):
        pager = Pager(n, len(chunks), base)
        out.append(Page(
            listing_url(base, n), KINDS[kind], title if n == 1 else f"{title} (page {n})", description,
            {"site": site, "items": chunk, "pager": pager, "total": len(items), **extra},
            search_exclude=n > 1))
    return out


def _case_study_pages(site: Site, preview: bool) -> list[Page]:
    facets = {
        "industry": _facet([c.front.industry for c in site.case_studies]),
        "size": _facet([c.front.company_size for c in site.case_studies if c.front.company_size]),
        "use_case": _facet([u for c in site.case_studies for u in c.front.use_cases]),
    }
    sizes_order = {s: i for i, s in enumerate(site.settings.company_sizes)}
    facets["size"].sort(key=lambda f: (sizes_order.get(f[0], 99), f[0]))
    pages = _listing(site, CASE_STUDIES, "case-studies", site.case_studies, "Case studies",
                     f"How {len(site.case_studies)} customers use {site.product_name()}: results, quotes and stories.",
                     facets=facets, api=API["case_studies"], extras=CARD_EXTRAS)
    shown = list(site.case_studies)
    if preview:
        shown += site.program.unpublished_case_studies()
    for cs in shown:
        draft = cs not in site.case_studies
        f = cs.front
        quote = site.program.visible_quote(cs)
        people = site.program.public_advocates_of(cs)
        article = {"@context": "https://schema.org", "@type": "Article", "headline": f.title,
                   "description": f.summary, "datePublished": f.date.isoformat(),
                   "about": {"@type": "Organization", "name": f.customer},
                   "publisher": {"@type": "Organization", "name": site.site_name}}
        if site.site_url:
            article["mainEntityOfPage"] = site.site_url.rstrip("/") + "/" + case_study_url(cs.slug)
        pages.append(Page(
            case_study_url(cs.slug), KINDS["case-study"], f.title, f.summary,
            {"site": site, "cs": cs, "quote": quote, "quote_by": site.advocate(quote.advocate) if quote else None,
             "people": people, "related": site.related(cs), "draft": draft,
             "logo": logo_path(cs)},
            slug=cs.slug, json_ld=[article], image=logo_path(cs), search_exclude=draft, draft=draft))
    return pages


def _facet(values: list[str]) -> list[tuple[str, str, int]]:
    """(label, slug, count) by label case-folded; the first spelling of a slug names it."""
    counts: dict[str, list] = {}
    for v in values:
        entry = counts.setdefault(slugify(v), [v, 0])
        entry[1] += 1
    return sorted(((label, slug, n) for slug, (label, n) in counts.items()), key=lambda f: (f[0].casefold(), f[1]))


def _product_item(site: Site, name: str, marked: Any) -> dict[str, Any]:
    """schema.org data for a product, rated only by the reviews that may be marked up (`marked`)."""
    product = site.settings.product
    item: dict[str, Any] = {"@context": "https://schema.org", "@type": product.type, "name": name}
    if product.type == "SoftwareApplication":
        item["applicationCategory"] = "BusinessApplication"
    if product.offers and name == site.product_name():
        item["offers"] = {"@type": "Offer", **product.offers}
    if marked.count:  # the page shows every review; the markup, fewer
        item["aggregateRating"] = {"@type": "AggregateRating", "ratingValue": rounded(marked.average, 2),
                                   "reviewCount": marked.count, "bestRating": 5, "worstRating": 1}
    return item


def _product_pages(site: Site, product: public.ProductFigures) -> list[Page]:
    rows = [r for r in site.reviews if r.product == product.name]
    agg = product.aggregate
    avg = f"{rounded(agg.average, 1)} out of 5 from {agg.count} reviews" if agg.count else "not rated yet"
    pages = _listing(site, product_url(product.name), "product", rows, f"{product.name} reviews",
                     f"{product.name} is rated {avg}: every review of it, from every platform.",
                     product=product, aggregate=agg)
    pages[0].json_ld = [_product_item(site, product.name, product.marked)]
    return pages


def _reviews_pages(site: Site) -> list[Page]:
    agg = site.aggregate
    item = _product_item(site, site.product_name(), public.markup_aggregate(site.program))
    nps = program_nps(site.program) if site.settings.publish_nps else None
    avg = f"{rounded(agg.average, 1)} out of 5 from {agg.count} reviews" if agg.count else "no reviews yet"
    pages = _listing(site, REVIEWS, "reviews", site.reviews, "Reviews",
                     f"{site.product_name()} is rated {avg}: the honest distribution, every platform, "
                     "every disclosure.", aggregate=agg, nps=nps)
    pages[0].json_ld = [item]
    return pages


def _champion_pages(site: Site) -> list[Page]:
    pages = _listing(site, CHAMPIONS, "champions", site.wall, "Champion wall",
                     f"The {len(site.wall)} customers who did the most for the {site.product_name()} "
                     "community this year.", tiers=TIER_ORDER)
    # The podium is everyone ranked in the top three (a tie for 3rd stands on it too); its rows are
    # items of page 1, as the featured spotlight is, and are not listed again below it.
    podium = [row for row in site.wall if row.rank <= 3]
    for p in pages:
        first = p.context["pager"].number == 1
        p.context["podium"] = podium if first else []
        if first:
            p.context["items"] = [row for row in p.context["items"] if row not in podium]
    return pages


def _spotlight_pages(site: Site) -> list[Page]:
    items = site.spotlights
    # The newest story is featured at the top of page 1 and counts as one of its items.
    pages = _listing(site, SPOTLIGHT, "spotlights", items, "Customer spotlight",
                     "Stories of the people behind our customers' results.")
    for p in pages:
        first_page = p.context["pager"].number == 1 and p.context["items"]
        p.context["featured"] = p.context["items"][0] if first_page else None
        if first_page:
            p.context["items"] = p.context["items"][1:]
    for a in items:
        sp = a.record.spotlight
        assert sp is not None
        pages.append(Page(
            spotlight_url(a.slug), KINDS["spotlight"], sp.headline,
            f"Customer spotlight: {a.record.name}, {a.record.title + ', ' if a.record.title else ''}{a.record.company}.",
            {"site": site, "entry": a, "spotlight": sp}, slug=a.slug, image=photo_path(a)))
    return pages


def _profile(site: Site, a: AdvocateEntry) -> Page:
    r = a.record
    st = site.table[a.slug]
    rank = site.ranks.get(a.slug)
    spotlight = a.record.spotlight if a in site.spotlights else None
    return Page(
        advocate_url(a.slug), KINDS["advocate"], r.name,
        f"{r.name}{', ' + r.title if r.title else ''} at {r.company}: testimonials, reviews and case studies.",
        {"site": site, "entry": a, "standing": st, "rank": rank, "spotlight": spotlight,
         "testimonials": public.testimonials(site.program, [a]), "reviews": public.reviews(site.program, [a]),
         "case_studies": site.program.case_studies_of(a.slug)},
        image=photo_path(a))


def _industry(site: Site, ind: public.Industry) -> list[Page]:
    """Its case studies, then its public advocates' testimonials: one listing, `page_size` a page."""
    people = list(ind.advocates)
    reviews = [v for a in people for v in a.record.reviews]
    agg = aggregate(reviews, site.as_of, site.settings.exclude_incentivized)
    case_studies = list(ind.case_studies)
    testimonials = public.testimonials(site.program, people)
    pages = _listing(
        site, industry_url(ind.name), "industry", [*case_studies, *testimonials],
        f"{ind.name} customers",
        f"How {ind.name} teams use {site.product_name()}: {len(case_studies)} case studies and what "
        f"{len(people)} customers say.",
        industry=ind, case_study_count=len(case_studies), testimonial_count=len(testimonials),
        aggregate=agg if agg.count >= MIN_INDUSTRY_REVIEWS else None, min_reviews=MIN_INDUSTRY_REVIEWS)
    for p in pages:
        chunk = p.context["items"]
        p.context["case_studies"] = [x for x in chunk if isinstance(x, CaseStudyEntry)]
        p.context["testimonials"] = [x for x in chunk if not isinstance(x, CaseStudyEntry)]
    return pages
