"""Every figure the public pages need, computed once per build from the loaded program."""

from __future__ import annotations

from ..core import public
from ..core.load import AdvocateEntry, CaseStudyEntry
from ..core.program import Program
from ..core.reviews import Aggregate
from ..core.slugs import slugify
from ..core.standings import Standing, WallRow, champion_wall, standings
from .i18n import Language, language
from .urls import logo_path, photo_path

# The methods whose answer depends on one advocate's entry alone (and on the settings and as_of,
# which a rebuild under `advocacy serve` never changes): publish/fingerprint.py asks them again only
# of the advocates whose entry changed. A method added here must read nothing else.
ANSWERED_BY_ONE_ADVOCATE = frozenset({"photo", "advocate"})


class Site:
    """Every figure the public pages need, computed once per build."""

    def __init__(self, program: Program, site_name: str, site_url: str | None,
                 lang: str | Language | None = None) -> None:
        self.program = program
        # The language of the pages' words, dates and numbers (`theme.language`); api/*.json has none.
        self.lang = lang if isinstance(lang, Language) else language(lang)
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
        self.spotlight_slugs = {a.slug for a in self.spotlights}  # `entry in list` compares every field
        self.industries = public.industries(program)
        self.products = public.products(program)
        self.public_slugs = {a.slug for a in program.public_advocates()}
        self.related = public.Related.of(self.case_studies)

    # helpers for templates
    def photo(self, slug: str) -> str | None:
        entry = self.program.advocates.get(slug)
        return photo_path(entry) if entry and slug in self.public_slugs else None

    def logo(self, cs: CaseStudyEntry) -> str | None:
        return logo_path(cs)

    def advocate(self, slug: str) -> AdvocateEntry:
        return self.program.advocates[slug]

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

    def shown_badges(self, badges: tuple[str, ...] | list[str]) -> list[str]:
        """The badges a page shows, in its language: the highest milestone only, then the awards
        (api/*.json keeps them all, as `"<n> activities"`)."""
        milestones = [b for b in badges if b.endswith(" activities")]
        shown = [self.lang.ngettext("%(num)s activity", "%(num)s activities", int(b.split()[0]))
                 for b in milestones[-1:]]
        return shown + [b for b in badges if not b.endswith(" activities")]

    def reference_url(self, source: str) -> str | None:
        """The reference-request link, carrying the page it came from (`{source}` in the URL)."""
        from urllib.parse import quote

        action = self.settings.cta.reference
        return action.url.replace("{source}", quote(source, safe="")) if action else None

    def product_name(self) -> str:
        return self.settings.product.name or self.site_name

    def top_result(self, cs: CaseStudyEntry):
        return cs.front.results[0] if cs.front.results else None
