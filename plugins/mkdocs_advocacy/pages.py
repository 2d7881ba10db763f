"""The one place that knows URLs: turns the program into the pages of SPEC.md section 6.

Each `GeneratedPage` names a body template and its context; `plugin.py` makes it a MkDocs file
and renders it. Nothing here imports MkDocs, so the same pages can be produced for another
generator.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

from .core import public
from .core.health import program_nps
from .core.images import published_suffix
from .core.load import AdvocateEntry, CaseStudyEntry
from .core.numbers import rounded
from .core.problems import Problem
from .core.program import Program
from .core.reviews import Aggregate, aggregate
from .core.slugs import slugify
from .core.standings import TIER_ORDER, Standing, WallRow, champion_wall, standings
from .core.yamlsource import CONTROL_HINT, control_message

CASE_STUDIES, TESTIMONIALS, REVIEWS, CHAMPIONS, SPOTLIGHT = (
    "case-studies/", "testimonials/", "reviews/", "champions/", "spotlight/")
API = {"reviews": "api/reviews.json", "champions": "api/champions.json", "testimonials": "api/testimonials.json",
       "case_studies": "api/case-studies.json"}
FEED, BADGE = "feed.xml", "badges/rating.svg"
CARD_EXTRAS = "assets/advocacy/case-study-cards.json"
MIN_INDUSTRY_REVIEWS = 3


def case_study_url(slug: str) -> str:
    return f"{CASE_STUDIES}{slug}/"


def advocate_url(slug: str) -> str:
    return f"advocates/{slug}/"


def spotlight_url(slug: str) -> str:
    return f"{SPOTLIGHT}{slug}/"


def industry_url(name: str) -> str:
    return f"industries/{slugify(name)}/"


def listing_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}page/{number}/"


def photo_path(entry: AdvocateEntry) -> str | None:
    photo = entry.record.photo
    return f"assets/advocacy/photos/{entry.slug}{published_suffix(photo)}" if photo else None


def logo_path(cs: CaseStudyEntry) -> str | None:
    logo = cs.front.logo
    return f"assets/advocacy/logos/{cs.slug}{published_suffix(logo)}" if logo else None


@dataclass
class GeneratedPage:
    url: str  # site-relative directory URL, e.g. "case-studies/lumen-bank/"
    template: str
    title: str
    description: str
    context: dict[str, Any] = field(default_factory=dict)
    markdown: str = ""  # Markdown from a record (case-study body, story), rendered before the build
    markdown_field: tuple[str, str] | None = None  # which: ("body" | "story", slug), see core/markdown_fields.py
    search_exclude: bool = False
    json_ld: list[dict] = field(default_factory=list)
    og_type: str = "website"
    image: str | None = None
    draft: bool = False

    @property
    def src_uri(self) -> str:
        return self.url + "index.md"


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


class Site:
    """Every figure the public pages need, computed once per build."""

    def __init__(self, program: Program, site_name: str, site_url: str | None) -> None:
        self.program = program
        self.settings = program.settings
        self.as_of = program.as_of
        self.site_name = site_name
        self.site_url = site_url
        self.table: dict[str, Standing] = standings(program)
        self.wall: list[WallRow] = champion_wall(program, self.table)
        self.ranks = {row.standing.slug: row.rank for row in self.wall}
        self.aggregate: Aggregate = public.program_aggregate(program)
        self.case_studies = program.published_case_studies()
        self.testimonials = public.testimonials(program)
        self.reviews = public.reviews(program)
        self.spotlights = public.spotlights(program)
        self.industries = public.industries(program)
        self.public_slugs = {a.slug for a in program.public_advocates()}
        self.related = public.Related(self.case_studies)

    # helpers for templates
    def photo(self, slug: str) -> str | None:
        entry = self.program.advocates.get(slug)
        return photo_path(entry) if entry and slug in self.public_slugs else None

    def logo(self, cs: CaseStudyEntry) -> str | None:
        return logo_path(cs)

    def advocate(self, slug: str) -> AdvocateEntry:
        return self.program.advocates[slug]

    def is_public(self, slug: str) -> bool:
        return slug in self.public_slugs

    def advocates_in_industry(self, name: str) -> list[str]:
        want = slugify(name)
        return [a.slug for a in self.program.public_advocates() if slugify(a.record.industry) == want]

    def case_studies_matching(self, industry: str | None = None, use_case: str | None = None) -> list:
        out = self.case_studies
        if industry:
            out = [c for c in out if slugify(c.front.industry) == slugify(industry)]
        if use_case:
            out = [c for c in out if slugify(use_case) in {slugify(u) for u in c.front.use_cases}]
        return out

    def product_name(self) -> str:
        return self.settings.product.name or self.site_name

    def top_result(self, cs: CaseStudyEntry):
        return cs.front.results[0] if cs.front.results else None


def build_pages(site: Site, preview: bool = False) -> list[GeneratedPage]:
    """Every generated page; with `preview` (mkdocs serve), drafts and scheduled case studies too."""
    pages: list[GeneratedPage] = []
    pages += _case_study_pages(site, preview)
    pages += _listing(site, TESTIMONIALS, "advocacy/testimonials.html", site.testimonials, "Testimonials",
                      f"What {len(site.public_slugs)} customers say about {site.product_name()}, in their own words.")
    pages += _reviews_pages(site)
    pages += _champion_pages(site)
    pages += _spotlight_pages(site)
    pages += [_profile(site, a) for a in site.program.public_advocates()]
    for ind in site.industries:
        pages += _industry(site, ind)
    return pages


def _listing(site: Site, base: str, template: str, items: list, title: str, description: str,
             **extra: Any) -> list[GeneratedPage]:
    chunks = paginate(items, site.settings.page_size)
    out = []
    for n, chunk in enumerate(chunks, start=1):
        pager = Pager(n, len(chunks), base)
        out.append(GeneratedPage(
            listing_url(base, n), template, title if n == 1 else f"{title} (page {n})", description,
            {"site": site, "items": chunk, "pager": pager, "total": len(items), **extra},
            search_exclude=n > 1))
    return out


def _case_study_pages(site: Site, preview: bool) -> list[GeneratedPage]:
    facets = {
        "industry": _facet([c.front.industry for c in site.case_studies]),
        "size": _facet([c.front.company_size for c in site.case_studies if c.front.company_size]),
        "use_case": _facet([u for c in site.case_studies for u in c.front.use_cases]),
    }
    sizes_order = {s: i for i, s in enumerate(site.settings.company_sizes)}
    facets["size"].sort(key=lambda f: (sizes_order.get(f[0], 99), f[0]))
    pages = _listing(site, CASE_STUDIES, "advocacy/case-studies.html", site.case_studies, "Case studies",
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
        pages.append(GeneratedPage(
            case_study_url(cs.slug), "advocacy/case-study.html", f.title, f.summary,
            {"site": site, "cs": cs, "quote": quote, "quote_by": site.advocate(quote.advocate) if quote else None,
             "people": people, "related": site.related(cs), "draft": draft,
             "logo": logo_path(cs)},
            markdown=cs.body, markdown_field=("body", cs.slug), json_ld=[article], og_type="article",
            image=logo_path(cs),
            search_exclude=draft, draft=draft))
    return pages


def _facet(values: list[str]) -> list[tuple[str, str, int]]:
    """(label, slug, count) by label case-folded; the first spelling of a slug names it."""
    counts: dict[str, list] = {}
    for v in values:
        entry = counts.setdefault(slugify(v), [v, 0])
        entry[1] += 1
    return sorted(((label, slug, n) for slug, (label, n) in counts.items()), key=lambda f: (f[0].casefold(), f[1]))


def _reviews_pages(site: Site) -> list[GeneratedPage]:
    agg, product = site.aggregate, site.settings.product
    item: dict[str, Any] = {"@context": "https://schema.org", "@type": product.type, "name": site.product_name()}
    if product.type == "SoftwareApplication":
        item["applicationCategory"] = "BusinessApplication"
    if product.offers:
        item["offers"] = {"@type": "Offer", **product.offers}
    marked = public.markup_aggregate(site.program)  # the page shows every review; the markup, fewer
    if marked.count:
        item["aggregateRating"] = {"@type": "AggregateRating", "ratingValue": rounded(marked.average, 2),
                                   "reviewCount": marked.count, "bestRating": 5, "worstRating": 1}
    nps = program_nps(site.program) if site.settings.publish_nps else None
    avg = f"{rounded(agg.average, 1)} out of 5 from {agg.count} reviews" if agg.count else "no reviews yet"
    pages = _listing(site, REVIEWS, "advocacy/reviews.html", site.reviews, "Reviews",
                     f"{site.product_name()} is rated {avg}: the honest distribution, every platform, "
                     "every disclosure.", aggregate=agg, nps=nps)
    pages[0].json_ld = [item]
    return pages


def _champion_pages(site: Site) -> list[GeneratedPage]:
    pages = _listing(site, CHAMPIONS, "advocacy/champions.html", site.wall, "Champion wall",
                     f"The {len(site.wall)} customers who did the most for the {site.product_name()} "
                     "community this year.", tiers=TIER_ORDER)
    for p in pages:
        p.context["podium"] = site.wall[:3] if p.context["pager"].number == 1 else []
    return pages


def _spotlight_pages(site: Site) -> list[GeneratedPage]:
    items = site.spotlights
    # The newest story is featured at the top of page 1 and counts as one of its items.
    pages = _listing(site, SPOTLIGHT, "advocacy/spotlights.html", items, "Customer spotlight",
                     "Stories of the people behind our customers' results.")
    for p in pages:
        first_page = p.context["pager"].number == 1 and p.context["items"]
        p.context["featured"] = p.context["items"][0] if first_page else None
        if first_page:
            p.context["items"] = p.context["items"][1:]
    for a in items:
        sp = a.record.spotlight
        assert sp is not None
        pages.append(GeneratedPage(
            spotlight_url(a.slug), "advocacy/spotlight.html", sp.headline,
            f"Customer spotlight: {a.record.name}, {a.record.title + ', ' if a.record.title else ''}{a.record.company}.",
            {"site": site, "entry": a, "spotlight": sp}, markdown=sp.story, markdown_field=("story", a.slug),
            og_type="article",
            image=photo_path(a)))
    return pages


def _profile(site: Site, a: AdvocateEntry) -> GeneratedPage:
    r = a.record
    st = site.table[a.slug]
    rank = site.ranks.get(a.slug)
    spotlight = a.record.spotlight if a in site.spotlights else None
    return GeneratedPage(
        advocate_url(a.slug), "advocacy/advocate.html", r.name,
        f"{r.name}{', ' + r.title if r.title else ''} at {r.company}: testimonials, reviews and case studies.",
        {"site": site, "entry": a, "standing": st, "rank": rank, "spotlight": spotlight,
         "testimonials": public.testimonials(site.program, [a]), "reviews": public.reviews(site.program, [a]),
         "case_studies": site.program.case_studies_of(a.slug)},
        og_type="profile", image=photo_path(a))


def _industry(site: Site, ind: public.Industry) -> list[GeneratedPage]:
    """Its case studies, then its public advocates' testimonials: one listing, `page_size` a page."""
    people = list(ind.advocates)
    reviews = [v for a in people for v in a.record.reviews]
    agg = aggregate(reviews, site.as_of, site.settings.exclude_incentivized)
    case_studies = list(ind.case_studies)
    testimonials = public.testimonials(site.program, people)
    pages = _listing(
        site, industry_url(ind.name), "advocacy/industry.html", [*case_studies, *testimonials],
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


def destination(src_uri: str, directory_urls: bool) -> str:
    """Where MkDocs writes a file of docs_dir (or a generated page) in site/."""
    if not src_uri.lower().endswith(".md"):
        return src_uri
    stem = src_uri[:-3]
    folder, _, name = stem.rpartition("/")
    if name.lower() in ("index", "readme"):
        return f"{folder}/index.html" if folder else "index.html"
    return f"{stem}/index.html" if directory_urls else f"{stem}.html"


def data_paths(site: Site, preview: bool = False) -> list[str]:
    """Every data file the build writes: api/*.json, feed, badge, our assets, cleaned images."""
    paths = [*API.values(), FEED, BADGE, CARD_EXTRAS, "assets/advocacy/advocacy.css", "assets/advocacy/advocacy.js"]
    paths += [p for a in site.program.public_advocates() if (p := photo_path(a))]
    shown = list(site.case_studies) + (site.program.unpublished_case_studies() if preview else [])
    paths += [p for cs in shown if (p := logo_path(cs))]
    return paths


def collisions(pages: list[GeneratedPage], data: list[str], docs_files: list[str], docs_dir: str,
               directory_urls: bool) -> list[Problem]:
    """A hand-written file of docs_dir that lands where a generated page or data file does: MkDocs
    would publish both (two search entries and sitemap lines for one URL) or drop one silently."""
    owners = {destination(p.src_uri, directory_urls): f"the generated page /{p.url}" for p in pages}
    owners.update({path: f"the generated file /{path}" for path in data})
    out = []
    for rel in docs_files:
        owner = owners.get(destination(rel, directory_urls))
        if owner is not None:
            out.append(Problem(f"{docs_dir}/{rel}", 1, "", f"has the same address as {owner}",
                               "rename or move it: the plugin makes that page from the records"))
    return out


def plan_site(checked: Any, site_name: str, site_url: str | None, directory_urls: bool = True,
              preview: bool = False) -> tuple[Site, list[GeneratedPage], list[Problem]]:
    """The site's figures and pages for a checked program (`core.check.Checked`), and the files of
    docs_dir that would collide with them."""
    site = Site(checked.program, site_name, site_url)
    pages = build_pages(site, preview=preview)
    root, docs_dir = checked.program.root, checked.docs_dir
    shown = docs_dir.as_posix() if docs_dir is not None else "docs"
    if docs_dir is not None:
        with contextlib.suppress(ValueError):
            shown = docs_dir.resolve().relative_to(root.resolve()).as_posix()
    problems = collisions(pages, data_paths(site, preview), checked.docs_files, shown, directory_urls)
    # The site's own names go into every page, the feed and the badge, like a record's text
    for fld, value in (("site_name", site_name), ("site_url", site_url or ""),
                       ("plugins.advocacy.product.name", checked.program.settings.product.name or "")):
        if (message := control_message(value)) is not None:
            problems.append(Problem("mkdocs.yml", 1, fld, message, CONTROL_HINT))
    return site, pages, problems
