"""Program-wide figures updated by difference (core/difference.py) are the figures made afresh:
the testimonial wall, the review list, the review tally, the standings and the champion wall,
after edits, additions, removals and withdrawals of a few records among many."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs_advocacy.core import public, standings
from mkdocs_advocacy.core.difference import changed_slugs
from mkdocs_advocacy.core.load import AdvocateEntry, CaseStudyEntry
from mkdocs_advocacy.core.program import Program
from mkdocs_advocacy.core.records import Advocate, CaseStudy
from mkdocs_advocacy.core.settings import Settings
from mkdocs_advocacy.core.yamlsource import Located

AS_OF = dt.date(2026, 11, 23)
days = st.integers(min_value=-400, max_value=30).map(lambda n: AS_OF + dt.timedelta(days=n))
names = st.sampled_from(["Ana", "ana", "Bo", "Cy", "Dee", "Émile"])  # ties once case-folded
testimonial = st.fixed_dictionaries({"quote": st.sampled_from(["Good.", "Fast.", "Kind."]), "date": days},
                                    optional={"featured": st.booleans(), "product": st.sampled_from(["X", "Y"])})
review = st.fixed_dictionaries({"platform": st.sampled_from(["g2", "capterra", "internal"]),
                                "rating": st.integers(min_value=1, max_value=5).map(float), "date": days},
                               optional={"product": st.sampled_from(["X", "Y"]),
                                         "incentive": st.just("a gift card")})
activity = st.fixed_dictionaries({"type": st.sampled_from(["reference_call", "speaking", "webinar"]), "date": days})
record = st.fixed_dictionaries({
    "name": names, "public": st.booleans(),
    "testimonials": st.lists(testimonial, max_size=3), "reviews": st.lists(review, max_size=3),
    "activities": st.lists(activity, max_size=4)})
edit = st.tuples(st.sampled_from(["edit", "add", "remove", "withdraw"]), st.integers(min_value=0, max_value=10**6),
                 record)


def entry(slug: str, data: dict) -> AdvocateEntry:
    values = {"name": data["name"], "company": "C", "industry": "I",
              "consent": {"public": data["public"], "given": dt.date(2025, 1, 1)},
              "testimonials": data["testimonials"], "reviews": data["reviews"], "activities": data["activities"]}
    return AdvocateEntry(slug, f"advocates/{slug}.yml", Advocate.model_validate(values), Located(values))


def program_of(advocates: dict[str, AdvocateEntry], case_studies: dict[str, CaseStudyEntry]) -> Program:
    p = Program(Settings(), AS_OF, Path("."))
    p.advocates = dict(sorted(advocates.items()))
    p.case_studies = dict(case_studies)
    return p


def figures(p: Program) -> tuple:
    table = standings.standings(p)
    return (public.testimonials(p), public.reviews(p), dict(public.review_tally(p)), list(table.items()),
            standings.champion_wall(p, table))


def afresh(p: Program) -> tuple:
    for figure in (public._TESTIMONIALS, public._REVIEWS, public._TALLY, standings._TABLE, standings._WALL):
        figure._last = None
    return figures(program_of(p.advocates, p.case_studies))


@settings(max_examples=120, deadline=None)
@given(st.lists(record, min_size=16, max_size=40), st.lists(st.lists(edit, min_size=1, max_size=2), max_size=4),
       st.booleans())
def test_figures_by_difference_are_the_figures_made_afresh(records: list[dict], rounds: list[list], quoted: bool
                                                          ) -> None:
    advocates = {f"a{i:03d}": entry(f"a{i:03d}", r) for i, r in enumerate(records)}
    front = CaseStudy.model_validate({"title": "T", "customer": "C", "summary": "S", "industry": "I",
                                      "date": AS_OF - dt.timedelta(days=3), "advocates": ["a000", "a001"]})
    case_studies = {"cs": CaseStudyEntry("cs", "case_studies/cs.md", front, "", 1, Located({}))} if quoted else {}
    p = program_of(advocates, case_studies)
    figures(p)
    by_difference = 0
    for n, changes in enumerate(rounds):
        for kind, pick, data in changes:
            slugs = sorted(advocates)
            slug = slugs[pick % len(slugs)]
            if kind == "edit":
                advocates[slug] = entry(slug, data)
            elif kind == "add":
                advocates[f"new{n}{pick}"] = entry(f"new{n}{pick}", data)
            elif kind == "remove" and len(advocates) > 16:
                del advocates[slug]
            elif kind == "withdraw":
                old = advocates[slug]
                advocates[slug] = AdvocateEntry(slug, old.file, old.record.model_copy(
                    update={"consent": old.record.consent.model_copy(update={"public": False})}), old.located)
        before = p
        p = program_of(advocates, case_studies)
        by_difference += public._TESTIMONIALS.changes(p.advocates, p.as_of) is not None
        now = figures(p)
        assert now == afresh(p), (before.advocates.keys() ^ p.advocates.keys())
        figures(p)  # what the next round's difference starts from
    assert by_difference == len(rounds)  # a couple of records among sixteen or more: by difference


def test_changed_slugs_names_edited_added_and_gone_and_gives_up_on_many() -> None:
    a, b, c = object(), object(), object()
    before = {f"s{i}": object() for i in range(40)}
    now = {**before, "s1": a, "new": b}
    del now["s2"]
    assert changed_slugs(before, now) == {"s1", "new", "s2"}
    assert changed_slugs(before, {k: c for k in before}) is None  # all of them: made afresh
    assert changed_slugs(before, dict(before)) == set()


@settings(max_examples=60, deadline=None)
@given(st.lists(record, min_size=20, max_size=30), st.lists(edit, min_size=1, max_size=2))
def test_what_the_site_answers_of_one_advocate_changes_only_with_their_entry(records: list[dict],
                                                                              changes: list) -> None:
    """publish/site.py's ANSWERED_BY_ONE_ADVOCATE: the fingerprints ask those questions again only of
    the advocates whose entry changed, so the answer about anyone else must stay the same."""
    from mkdocs_advocacy.publish.site import ANSWERED_BY_ONE_ADVOCATE, Site
    advocates = {f"a{i:03d}": entry(f"a{i:03d}", r) for i, r in enumerate(records)}
    before = Site(program_of(advocates, {}), "Site", None)
    for kind, pick, data in changes:
        slug = sorted(advocates)[pick % len(advocates)]
        if kind in ("edit", "withdraw"):
            advocates[slug] = entry(slug, {**data, "public": data["public"] and kind == "edit"})
        elif kind == "add":
            advocates[f"new{pick}"] = entry(f"new{pick}", data)
        else:
            del advocates[slug]
    after = Site(program_of(advocates, {}), "Site", None)
    changed = changed_slugs(before.program.advocates, after.program.advocates)
    assert changed is not None
    for slug in set(before.program.advocates) - changed:
        for name in ANSWERED_BY_ONE_ADVOCATE:
            assert getattr(before, name)(slug) == getattr(after, name)(slug)
