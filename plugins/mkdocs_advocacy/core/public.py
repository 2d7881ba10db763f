"""What the public site shows, in SPEC.md's orders: only public advocates, only published items.

Pure data; the MkDocs adapter turns it into pages and JSON.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .cache import KeptWith
from .difference import KeptFigure, kept_sorted
from .load import AdvocateEntry, CaseStudyEntry
from .program import Program
from .reviews import Aggregate, TallyKey, aggregate_of, stars, tally
from .slugs import slugify


@dataclass(frozen=True)
class TestimonialRow:
    advocate: str
    name: str
    title: str | None
    company: str
    quote: str
    date: dt.date
    product: str | None
    featured: bool
    incentive: str | None

    def to_json(self) -> dict:
        return {"advocate": self.advocate, "name": self.name, "title": self.title, "company": self.company,
                "quote": self.quote, "date": self.date.isoformat(), "product": self.product,
                "featured": self.featured, "incentive": self.incentive}


@dataclass(frozen=True)
class ReviewRow:
    advocate: str
    name: str
    company: str
    platform: str
    rating: float
    scale: int
    stars: Fraction
    date: dt.date
    title: str | None
    body: str | None
    url: str | None
    product: str | None
    incentive: str | None


def testimonials(program: Program, advocates: list[AdvocateEntry] | None = None) -> list[TestimonialRow]:
    """Wall order: featured first, then newest, then name case-folded, then slug, then order in the file."""
    if advocates is not None and len(advocates) == 1:  # a profile: kept in order with the record
        return list(_rows(advocates[0], program.as_of)[2])
    if advocates is None:
        return [row for _, row in _every_public(program, _TESTIMONIALS, lambda a: _rows(a, program.as_of)[0])]
    keyed = [item for a in advocates for item in _rows(a, program.as_of)[0]]
    return [row for _, row in sorted(keyed, key=lambda k: k[0])]


def reviews(program: Program, advocates: list[AdvocateEntry] | None = None) -> list[ReviewRow]:
    """The public advocates' reviews: newest first, then platform, then advocate slug."""
    if advocates is not None and len(advocates) == 1:
        return list(_rows(advocates[0], program.as_of)[3])
    if advocates is None:
        return [row for _, row in _every_public(program, _REVIEWS, lambda a: _keyed_reviews(a, program.as_of))]
    rows = [row for a in advocates for row in _rows(a, program.as_of)[1]]
    rows.sort(key=_review_order)
    return rows


def _review_order(x: ReviewRow) -> tuple:
    return (-x.date.toordinal(), x.platform, x.advocate)


def _keyed_reviews(a: AdvocateEntry, as_of: dt.date) -> tuple[tuple[tuple, ReviewRow], ...]:
    # the order in the file breaks ties: what a stable sort of every advocate's rows in turn gives
    return tuple(((*_review_order(r), i), r) for i, r in enumerate(_rows(a, as_of)[1]))


_Keyed = list[tuple[tuple, Any]]
_TESTIMONIALS: KeptFigure[_Keyed] = KeptFigure()
_REVIEWS: KeptFigure[_Keyed] = KeptFigure()


def _every_public(program: Program, figure: KeptFigure[_Keyed],
                  rows_of: Callable[[AdvocateEntry], Iterable[tuple[tuple, Any]]]) -> _Keyed:
    """Every public advocate's keyed rows, sorted by key (keys all differ); after a few records
    changed, the last program's list with their rows taken out and put in again."""
    def now(slug: str) -> Iterable[tuple[tuple, Any]]:
        entry = program.advocates.get(slug)
        return rows_of(entry) if entry is not None and program.is_public(slug) else ()

    return kept_sorted(figure, program.advocates, program.as_of,
                       lambda: (item for a in program.public_advocates() for item in rows_of(a)), now, _advocate_of)


def _advocate_of(row: Any) -> str:
    return row.advocate  # type: ignore[no-any-return]


# (keyed testimonial rows, review rows, the testimonials in wall order, the reviews in list order)
_Rows = tuple[tuple[tuple[tuple, TestimonialRow], ...], tuple[ReviewRow, ...], tuple[TestimonialRow, ...],
              tuple[ReviewRow, ...]]
_ROWS = KeptWith()  # one advocate's rows, while their parsed record lives


def _rows(a: AdvocateEntry, as_of: dt.date) -> _Rows:
    slot = _ROWS.slot(a.record)
    rows: _Rows | None = slot.get((a.slug, as_of))
    if rows is None:
        keyed, reviewed = _testimonial_rows(a, as_of), _review_rows(a, as_of)
        rows = slot[(a.slug, as_of)] = (keyed, reviewed, tuple(row for _, row in sorted(keyed, key=lambda k: k[0])),
                                        tuple(sorted(reviewed, key=_review_order)))
    return rows


def _testimonial_rows(a: AdvocateEntry, as_of: dt.date) -> tuple[tuple[tuple, TestimonialRow], ...]:
    r = a.record
    return tuple(((not t.featured, -t.date.toordinal(), r.name.casefold(), a.slug, i),
                  TestimonialRow(a.slug, r.name, t.title if t.title is not None else r.title,
                                 t.company if t.company is not None else r.company, t.quote, t.date, t.product,
                                 t.featured, t.incentive))
                 for i, t in enumerate(r.testimonials) if t.date <= as_of)


def _review_rows(a: AdvocateEntry, as_of: dt.date) -> tuple[ReviewRow, ...]:
    r = a.record
    return tuple(ReviewRow(a.slug, r.name, v.company if v.company is not None else r.company,
                           v.platform, v.rating, v.scale, stars(v), v.date, v.title, v.body, v.url,
                           v.product, v.incentive)
                 for v in r.reviews if v.date <= as_of)


def review_tally(program: Program, advocates: Iterable[AdvocateEntry] | None = None) -> Counter[TallyKey]:
    """The tally (core/reviews.py) of the advocates' reviews, every advocate's by default."""
    if advocates is None:  # made again if advocates were added since (tests build programs by hand)
        slot, seen = _TALLIES.slot(program), (program.as_of, id(program.advocates), len(program.advocates))
        if (found := slot.get(seen)) is None:
            found = slot[seen] = _program_tally(program)
        return found  # type: ignore[no-any-return]
    total: Counter[TallyKey] = Counter()
    for a in advocates:
        total.update(_own_tally(a, program.as_of))
    return total


def _own_tally(a: AdvocateEntry, as_of: dt.date) -> Counter[TallyKey]:
    slot = _TALLIES.slot(a.record)
    if (own := slot.get(as_of)) is None:
        own = slot[as_of] = tally(a.record.reviews, as_of)
    return own  # type: ignore[no-any-return]


def _program_tally(program: Program) -> Counter[TallyKey]:
    """Every advocate's tally; after a few records changed, the last program's with theirs taken
    out and put in again (no count left at zero: every reader sums or sorts, none reads the order)."""
    found = _TALLY.changes(program.advocates, program.as_of)
    if found is None:
        return _TALLY.keep(program.advocates, program.as_of, review_tally(program, program.advocates.values()))
    changed, last, before = found
    total = Counter(last)
    for slug in changed:
        if slug in before:
            total.subtract(_own_tally(before[slug], program.as_of))
        if slug in program.advocates:
            total.update(_own_tally(program.advocates[slug], program.as_of))
    return _TALLY.keep(program.advocates, program.as_of, Counter({k: n for k, n in total.items() if n}))


_TALLIES = KeptWith()  # an advocate's tally, while their record lives; the program's, for one build
_TALLY: KeptFigure[Counter[TallyKey]] = KeptFigure()


def program_aggregate(program: Program) -> Aggregate:
    """Over every advocate, public or not: consent governs display, not counting."""
    return aggregate_of(review_tally(program), program.settings.exclude_incentivized)


@dataclass(frozen=True)
class ProductFigures:
    """One product's rating: every review of it (for the page) and the first-party ones (for markup)."""

    name: str
    slug: str
    aggregate: Aggregate
    marked: Aggregate


def products(program: Program) -> list[ProductFigures]:
    """Each product named by a review dated on or before as_of, by name case-folded."""
    names = sorted({key[1] for key in review_tally(program) if key[1]}, key=lambda n: (n.casefold(), n))
    return [ProductFigures(name, slugify(name), product_aggregate(program, name), markup_aggregate(program, name))
            for name in names]


def product_aggregate(program: Program, name: str) -> Aggregate:
    """Every review of one product, public or not, as the program aggregate counts them."""
    return aggregate_of({k: n for k, n in review_tally(program).items() if k[1] == name},
                        program.settings.exclude_incentivized)


def markup_aggregate(program: Program, product: str | None = None) -> Aggregate:
    """What structured data may claim (SPEC.md section 6): like the program aggregate, but over only
    the reviews from `markup_platforms` and, with `product.match` (or `product` for a product's own
    page), of that product."""
    s = program.settings
    match, platforms = product or s.product.match, set(s.markup_platforms)
    return aggregate_of({k: n for k, n in review_tally(program).items()
                         if k[0] in platforms and (match is None or k[1] == match)}, s.exclude_incentivized)


def case_study_json(program: Program, cs: CaseStudyEntry, url: str) -> dict:
    f = cs.front
    return {"slug": cs.slug, "title": f.title, "customer": f.customer, "summary": f.summary,
            "date": f.date.isoformat(), "industry": f.industry, "company_size": f.company_size,
            "use_cases": list(f.use_cases), "products": list(f.products),
            "advocates": [s for s in f.advocates if program.is_public(s)], "url": url}


def spotlights(program: Program) -> list[AdvocateEntry]:
    """Public advocates with a spotlight dated on or before as_of: newest first, then slug."""
    found = [a for a in program.public_advocates()
             if a.record.spotlight is not None and a.record.spotlight.date <= program.as_of]
    return sorted(found, key=lambda a: (-a.record.spotlight.date.toordinal(), a.slug))  # type: ignore[union-attr]


class Related:
    """Related case studies: same industry or a shared use case, newest first, then slug.

    Indexed by industry and use case, so that a library of a thousand case studies does not
    compare every one with every other."""

    def __init__(self, published: list[CaseStudyEntry]) -> None:
        self._index: dict[tuple[str, str], list[CaseStudyEntry]] = {}
        for c in sorted(published, key=_newest_first):
            for key in _related_keys(c):
                self._index.setdefault(key, []).append(c)
        self._found: dict[tuple[int, int], tuple[CaseStudyEntry, list[CaseStudyEntry]]] = {}

    def __call__(self, cs: CaseStudyEntry, limit: int = 3) -> list[CaseStudyEntry]:
        hit = self._found.get((id(cs), limit))
        if hit is None or hit[0] is not cs:
            hit = self._found[(id(cs), limit)] = (cs, self._related(cs, limit))
        return list(hit[1])

    @classmethod
    def of(cls, published: list[CaseStudyEntry]) -> Related:
        """The last library's, when it had the same case studies (`advocacy serve`: most rebuilds)."""
        last = _LAST_RELATED[0]
        if last is not None and len(last[0]) == len(published) and \
                all(a is b for a, b in zip(last[0], published, strict=True)):
            return last[1]
        related = cls(published)
        _LAST_RELATED[0] = (tuple(published), related)
        return related

    def _related(self, cs: CaseStudyEntry, limit: int) -> list[CaseStudyEntry]:
        found: dict[str, CaseStudyEntry] = {}
        for key in _related_keys(cs):
            # each list is newest first: its first `limit` others are all it can contribute
            for c in [c for c in self._index.get(key, []) if c.slug != cs.slug][:limit]:
                found[c.slug] = c
        return sorted(found.values(), key=_newest_first)[:limit]


_LAST_RELATED: list[tuple[tuple[CaseStudyEntry, ...], Related] | None] = [None]


def _newest_first(c: CaseStudyEntry) -> tuple[int, str]:
    return (-c.front.date.toordinal(), c.slug)


def _related_keys(c: CaseStudyEntry) -> set[tuple[str, str]]:
    return {("industry", slugify(c.front.industry)), *(("use_case", slugify(u)) for u in c.front.use_cases)}


@dataclass(frozen=True)
class Industry:
    slug: str
    name: str
    advocates: tuple[AdvocateEntry, ...]
    case_studies: tuple[CaseStudyEntry, ...]


def industries(program: Program) -> list[Industry]:
    """Each industry with public advocates or published case studies, by slug."""
    names: dict[str, str] = {}
    people: dict[str, list[AdvocateEntry]] = {}
    cases: dict[str, list[CaseStudyEntry]] = {}
    for a in program.public_advocates():
        slug = slugify(a.record.industry)
        names.setdefault(slug, a.record.industry)
        people.setdefault(slug, []).append(a)
    for c in program.published_case_studies():
        slug = slugify(c.front.industry)
        names.setdefault(slug, c.front.industry)
        cases.setdefault(slug, []).append(c)
    return [Industry(s, names[s], tuple(people.get(s, [])), tuple(cases.get(s, []))) for s in sorted(names)]
