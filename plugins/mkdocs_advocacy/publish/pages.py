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
from ..core.cache import KeptWith
from ..core.health import program_nps
from ..core.load import AdvocateEntry, CaseStudyEntry
from ..core.numbers import rounded
from ..core.reviews import aggregate_of, bucket
from ..core.slugs import slugify
from ..core.standings import TIER_ORDER
from .cards import CARD_SIZE, case_study_card, spotlight_card
from .kinds import KINDS, PageKind
from .site import Site
from .urls import (
    API,
    CARD_EXTRAS,
    CASE_STUDIES,
    CHAMPIONS,
    INDUSTRIES,
    REVIEW_LIST,
    REVIEWS,
    SPOTLIGHT,
    TESTIMONIAL_EXTRAS,
    TESTIMONIALS,
    advocate_url,
    case_study_card_path,
    case_study_url,
    industry_url,
    listing_url,
    logo_path,
    photo_path,
    product_url,
    source_path,
    spotlight_card_path,
    spotlight_url,
)

MIN_INDUSTRY_REVIEWS = 3
# A profile names its champion-wall rank in the top ranks only ("Rank #3"), elsewhere that it is on
# the wall: a rank in the thousands tells a visitor nothing, and with it every profile below would
# change whenever anyone above gained a point or withdrew consent.
PROFILE_RANKS = 10


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
    image_size: tuple[int, int] | None = None  # (width, height) when known: og:image:width and height
    image_alt: str | None = None  # og:image:alt
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


PAGER_REACH = 1  # page numbers linked either side of the current one: seven links at most fit a phone


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
    def pages(self) -> list[tuple[int, str] | None]:
        """The page numbers linked: the first, the last and the PAGER_REACH either side of this one,
        None where numbers are left out. Three hundred numbers are a wall on a phone, and each page
        would change whenever the listing gained a page."""
        window = range(self.number - PAGER_REACH, self.number + PAGER_REACH + 1)
        out: list[tuple[int, str] | None] = []
        before = 0
        for n in sorted(n for n in {1, self.count, *window} if 1 <= n <= self.count):
            if n - before == 2:  # no gap for a single number: it is linked
                out.append((n - 1, listing_url(self.base, n - 1)))
            elif n - before > 2:
                out.append(None)
            out.append((n, listing_url(self.base, n)))
            before = n
        return out


class KeptPages:
    """The pages of the last build, for `advocacy serve`: a page made again equal to the one of the
    same URL last time is that page, so `publish/fingerprint.py` knows it unchanged without digesting
    it again. Records, rows and standings are kept by identity between rebuilds, so most comparisons
    are of the same objects. A build keeps the pages it made, nothing older."""

    def __init__(self) -> None:
        self._last: dict[str, Page] = {}
        self.reused = 0  # for tests

    def same(self, pages: list[Page], site: Site) -> list[Page]:
        out, self.reused = [], 0
        for page in pages:
            old = self._last.get(page.url)
            if old is page or (old is not None and _same_page(old, page)):
                old.context["site"] = site
                page = old
                self.reused += 1
            out.append(page)
        self._last = {page.url: page for page in out}
        return out


def _same_page(a: Page, b: Page) -> bool:
    """Whether two pages render alike: every field and context value equal, of the same types
    (records and rows are compared by identity first, so equal is quick), the site aside."""
    fields_a, fields_b = vars(a), vars(b)
    if list(fields_a) != list(fields_b):
        return False
    for name, value in fields_a.items():
        other = fields_b[name]
        if name != "context":
            if not _same(value, other):
                return False
        elif list(value) != list(other) or not all(k == "site" or _same(v, other[k]) for k, v in value.items()):
            return False
    return True


def _same(a: Any, b: Any) -> bool:
    # `==` is what a template sees: the same code makes the same types of the same records, and
    # the types are checked where they could differ (Markup and str print differently)
    return a is b or (type(a) is type(b) and bool(a == b))


def paginate(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def build_pages(site: Site, preview: bool = False, kept: KeptPages | None = None) -> list[Page]:
    """Every generated page; with `preview` (mkdocs serve), drafts and scheduled case studies too.
    `kept`: the last build's pages, to take those made of the same objects from."""
    t = site.lang
    pages: list[Page] = []
    pages += _case_study_pages(site, preview)
    pages += _listing(site, TESTIMONIALS, "testimonials", site.testimonials, t.gettext("Testimonials"),
                      t.ngettext("What %(num)s customer says about %(product)s, in their own words.",
                                 "What %(num)s customers say about %(product)s, in their own words.",
                                 len(site.public_slugs), product=site.product_name()),
                      filters=testimonial_filters(site), api=API["testimonials"], extras=TESTIMONIAL_EXTRAS)
    pages += _reviews_pages(site)
    for product in site.products:
        pages += _product_pages(site, product)
    pages += _champion_pages(site)
    pages += _spotlight_pages(site)
    pages += [_profile(site, a) for a in site.program.public_advocates()]
    pages.append(Page(INDUSTRIES, KINDS["industries"], t.gettext("Industries"),
                      t.gettext("%(product)s customers by industry: case studies, testimonials and ratings.",
                                product=site.product_name()),
                      {"site": site, "industries": site.industries}))
    for ind in site.industries:
        pages += _industry(site, ind)
    return kept.same(pages, site) if kept is not None else pages


def _listing(site: Site, base: str, kind: str, items: list, title: str, description: str,
             **extra: Any) -> list[Page]:
    chunks = paginate(items, site.settings.page_size)
    out = []
    for n, chunk in enumerate(chunks, start=1):
        pager = Pager(n, len(chunks), base)
        out.append(Page(
            listing_url(base, n), KINDS[kind],
            title if n == 1 else site.lang.gettext("%(title)s (page %(page)s)", title=title, page=site.lang.number(n)),
            description,
            {"site": site, "items": chunk, "pager": pager, "total": len(items), **extra},
            search_exclude=n > 1))
    return out


def _case_study_pages(site: Site, preview: bool) -> list[Page]:
    facets = {
        "industry": _facet([c.front.industry for c in site.case_studies]),
        "size": _facet([c.front.company_size for c in site.case_studies if c.front.company_size]),
        "use_case": _facet([u for c in site.case_studies for u in c.front.use_cases]),
        "region": _facet([c.front.region for c in site.case_studies if c.front.region]),
    }
    sizes_order = {s: i for i, s in enumerate(site.settings.company_sizes)}
    facets["size"].sort(key=lambda f: (sizes_order.get(f[0], 99), f[0]))
    t = site.lang
    pages = _listing(site, CASE_STUDIES, "case-studies", site.case_studies, t.gettext("Case studies"),
                     t.ngettext("How %(num)s customer uses %(product)s: results, quotes and stories.",
                                "How %(num)s customers use %(product)s: results, quotes and stories.",
                                len(site.case_studies), product=site.product_name()),
                     facets=facets, api=API["case_studies"], extras=CARD_EXTRAS)
    shown = list(site.case_studies)
    published = {cs.slug for cs in shown}  # a set: `cs in list` compares every field of every entry
    if preview:
        shown += site.program.unpublished_case_studies()
    for cs in shown:
        draft = cs.slug not in published
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
            slug=cs.slug, json_ld=[article], image=case_study_card_path(cs.slug), image_size=CARD_SIZE,
            image_alt=case_study_card(site, cs).alt, search_exclude=draft, draft=draft))
    return pages


def _facet(values: list[str]) -> list[tuple[str, str, int]]:
    """(label, slug, count) by label case-folded; the first spelling of a slug names it."""
    counts: dict[str, list] = {}
    for v in values:
        entry = counts.setdefault(slugify(v), [v, 0])
        entry[1] += 1
    return sorted(((label, slug, n) for slug, (label, n) in counts.items()), key=lambda f: (f[0].casefold(), f[1]))


# The filters of the reviews page and the testimonial wall (advocacy.js): each item's value under
# each filter, as the query string spells it (`?platform=g2&stars=5`), and the chips they offer.

def review_facets(r: public.ReviewRow) -> dict[str, str | None]:
    """A review's value under each filter of the reviews page; `stars` is its bucket, as the bars count it."""
    return {"platform": r.platform, "product": slugify(r.product) if r.product else None,
            "stars": str(bucket(r.stars))}


def testimonial_facets(site: Site, t: public.TestimonialRow) -> dict[str, str | None]:
    """A testimonial's value under each filter of the wall: its advocate's current industry, its product."""
    return {"industry": slugify(site.advocate(t.advocate).record.industry),
            "product": slugify(t.product) if t.product else None}


def review_filters(site: Site) -> dict[str, list[tuple[str, str, int]]]:
    """(label, slug, count) per filter over the reviews the page lists: platforms as its table orders
    them (most reviews first), products by name, star buckets from 5 down (those with a review)."""
    platforms: dict[str, int] = {}
    # counted by rating and scale, which make a review's stars (core/reviews.py): a Fraction's hash
    # is Python code, ten thousand times a rebuild
    by_rating: dict[tuple[float, int], list] = {}
    for r in site.reviews:
        platforms[r.platform] = platforms.get(r.platform, 0) + 1
        if (seen := by_rating.get((r.rating, r.scale))) is None:
            by_rating[(r.rating, r.scale)] = [r.stars, 1]
        else:
            seen[1] += 1
    buckets: dict[str, int] = {}
    for stars, n in by_rating.values():  # each review's bucket as review_facets gives it
        b = str(bucket(stars))
        buckets[b] = buckets.get(b, 0) + n
    return {"platform": sorted(((p, p, n) for p, n in platforms.items()), key=lambda f: (-f[2], f[1])),
            "product": _facet([r.product for r in site.reviews if r.product]),
            "stars": [(str(n), str(n), buckets[str(n)]) for n in range(5, 0, -1) if str(n) in buckets]}


def testimonial_filters(site: Site) -> dict[str, list[tuple[str, str, int]]]:
    """(label, slug, count) per filter over the wall's testimonials, by label."""
    return {"industry": _facet([site.advocate(t.advocate).record.industry for t in site.testimonials]),
            "product": _facet([t.product for t in site.testimonials if t.product])}


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
    t = site.lang
    rows = [r for r in site.reviews if r.product == product.name]
    agg = product.aggregate
    if agg.count:
        description = t.ngettext(
            "%(product)s is rated %(average)s out of 5 from %(num)s review: every review of it, from every platform.",
            "%(product)s is rated %(average)s out of 5 from %(num)s reviews: every review of it, from every platform.",
            agg.count, product=product.name, average=t.decimal(agg.average))
    else:
        description = t.gettext("%(product)s is not rated yet: every review of it, from every platform.",
                                product=product.name)
    pages = _listing(site, product_url(product.name), "product", rows,
                     t.gettext("%(product)s reviews", product=product.name), description,
                     product=product, aggregate=agg)
    pages[0].json_ld = [_product_item(site, product.name, product.marked)]
    return pages


def _reviews_pages(site: Site) -> list[Page]:
    agg = site.aggregate
    item = _product_item(site, site.product_name(), public.markup_aggregate(site.program))
    nps = program_nps(site.program) if site.settings.publish_nps else None
    t = site.lang
    if agg.count:
        description = t.ngettext(
            "%(product)s is rated %(average)s out of 5 from %(num)s review: the honest distribution, every "
            "platform, every disclosure.",
            "%(product)s is rated %(average)s out of 5 from %(num)s reviews: the honest distribution, every "
            "platform, every disclosure.", agg.count, product=site.product_name(), average=t.decimal(agg.average))
    else:
        description = t.gettext("%(product)s has no reviews yet: the honest distribution, every platform, every "
                                "disclosure.", product=site.product_name())
    pages = _listing(site, REVIEWS, "reviews", site.reviews, t.gettext("Reviews"), description,
                     aggregate=agg, nps=nps, filters=review_filters(site),
                     review_list=REVIEW_LIST)
    pages[0].json_ld = [item]
    return pages


def _champion_pages(site: Site) -> list[Page]:
    t = site.lang
    pages = _listing(site, CHAMPIONS, "champions", site.wall, t.gettext("Champion wall"),
                     t.ngettext("The %(num)s customer who did the most for the %(product)s community this year.",
                                "The %(num)s customers who did the most for the %(product)s community this year.",
                                len(site.wall), product=site.product_name()))
    # The podium is everyone ranked in the top three (a tie for 3rd stands on it too); its rows are
    # items of page 1, as the featured spotlight is, and are not listed again below it.
    podium = [row for row in site.wall if row.rank <= 3]
    for p in pages:
        first = p.context["pager"].number == 1
        p.context["podium"] = podium if first else []
        if first:
            p.context["items"] = [row for row in p.context["items"] if row not in podium]
        # the rows under each tier's heading, grouped here once (a filter per tier in the template
        # cost a fifth of the page's render)
        p.context["groups"] = [(tier, rows) for tier in TIER_ORDER
                               if (rows := [row for row in p.context["items"] if row.standing.tier == tier])]
    return pages


def _spotlight_pages(site: Site) -> list[Page]:
    t = site.lang
    items = site.spotlights
    # The newest story is featured at the top of page 1 and counts as one of its items.
    pages = _listing(site, SPOTLIGHT, "spotlights", items, t.gettext("Customer spotlight"),
                     t.gettext("Stories of the people behind our customers' results."))
    for p in pages:
        first_page = p.context["pager"].number == 1 and p.context["items"]
        p.context["featured"] = p.context["items"][0] if first_page else None
        if first_page:
            p.context["items"] = p.context["items"][1:]
    for a in items:
        sp, r = a.record.spotlight, a.record
        assert sp is not None
        pages.append(Page(
            spotlight_url(a.slug), KINDS["spotlight"], sp.headline,
            t.gettext("Customer spotlight: %(name)s, %(title)s, %(company)s.", name=r.name, title=r.title,
                      company=r.company) if r.title else
            t.gettext("Customer spotlight: %(name)s, %(company)s.", name=r.name, company=r.company),
            {"site": site, "entry": a, "spotlight": sp}, slug=a.slug, image=spotlight_card_path(a.slug),
            image_size=CARD_SIZE, image_alt=spotlight_card(site, a).alt))
    return pages


# A profile page, with what it was made of: the same objects (its entry, standing, rank, case
# studies, the language's catalog) make the same page, so `advocacy serve` plans ten thousand profiles
# without making them again (and KeptPages and the fingerprints know them by identity).
_PROFILES = KeptWith()


def _profile(site: Site, a: AdvocateEntry) -> Page:
    st = site.table[a.slug]
    rank = site.ranks.get(a.slug)
    rank = rank if rank is None or rank <= PROFILE_RANKS else 0  # 0: on the wall, below the top ranks
    spotlight = a.record.spotlight if a.slug in site.spotlight_slugs else None
    case_studies = site.program.case_studies_of(a.slug)
    made_of = (a.slug, st, rank, spotlight, site.as_of, site.lang.code, site.lang.translations, *case_studies)
    slot = _PROFILES.slot(a)
    kept = slot.get("page")
    if kept is not None and len(kept[0]) == len(made_of) and all(map(_same, kept[0], made_of)):
        kept[1].context["site"] = site
        return kept[1]  # type: ignore[no-any-return]
    r = a.record
    t = site.lang
    page = Page(
        advocate_url(a.slug), KINDS["advocate"], r.name,
        t.gettext("%(name)s, %(title)s at %(company)s: testimonials, reviews and case studies.", name=r.name,
                  title=r.title, company=r.company) if r.title else
        t.gettext("%(name)s at %(company)s: testimonials, reviews and case studies.", name=r.name,
                  company=r.company),
        {"site": site, "entry": a, "standing": st, "rank": rank, "spotlight": spotlight,
         "testimonials": public.testimonials(site.program, [a]), "reviews": public.reviews(site.program, [a]),
         "case_studies": case_studies},
        image=photo_path(a))
    slot["page"] = (made_of, page)
    return page


# An industry's rating and testimonials, with the people they were made of: `advocacy serve` plans
# every industry page again on each rebuild, and an edit changes one industry at most.
_INDUSTRY_FIGURES: dict[str, tuple[tuple, tuple]] = {}


def _industry(site: Site, ind: public.Industry) -> list[Page]:
    """Its case studies, then its public advocates' testimonials: one listing, `page_size` a page."""
    people = list(ind.advocates)
    inputs = (ind.advocates, site.as_of, site.settings.exclude_incentivized)
    kept = _INDUSTRY_FIGURES.get(ind.slug)
    if kept is None or kept[0] != inputs:  # the same people (by identity first): the same figures
        figures = (aggregate_of(public.review_tally(site.program, people), site.settings.exclude_incentivized),
                   tuple(public.testimonials(site.program, people)))
        kept = _INDUSTRY_FIGURES[ind.slug] = (inputs, figures)
    agg, testimonials = kept[1][0], list(kept[1][1])
    case_studies = list(ind.case_studies)
    t = site.lang
    pages = _listing(
        site, industry_url(ind.name), "industry", [*case_studies, *testimonials],
        t.gettext("%(industry)s customers", industry=ind.name),
        # TRANSLATORS: %(case_studies)s is "3 case studies", %(customers_say)s "what 5 customers say".
        t.gettext("How %(industry)s teams use %(product)s: %(case_studies)s and %(customers_say)s.",
                  industry=ind.name, product=site.product_name(),
                  case_studies=t.ngettext("%(num)s case study", "%(num)s case studies", len(case_studies)),
                  customers_say=t.ngettext("what %(num)s customer says", "what %(num)s customers say",
                                           len(people))),
        industry=ind, case_study_count=len(case_studies), testimonial_count=len(testimonials),
        aggregate=agg if agg.count >= MIN_INDUSTRY_REVIEWS else None, min_reviews=MIN_INDUSTRY_REVIEWS)
    for p in pages:
        chunk = p.context["items"]
        p.context["case_studies"] = [x for x in chunk if isinstance(x, CaseStudyEntry)]
        p.context["testimonials"] = [x for x in chunk if not isinstance(x, CaseStudyEntry)]
    return pages
