"""Points, tiers, badges and the champion wall (SPEC.md section 5)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .cache import KeptWith
from .difference import KeptFigure, kept_sorted
from .load import AdvocateEntry
from .program import Program
from .settings import Points, Tiers

TIER_ORDER = ("champion", "advocate", "supporter")


@dataclass(frozen=True)
class Activity:
    """One thing an advocate did, explicit or derived from a review, testimonial or case study."""

    type: str
    date: dt.date
    converted: bool = False


@dataclass(frozen=True)
class Standing:
    slug: str
    name: str
    window_points: int
    all_time_points: int
    activity_count: int
    latest: dt.date | None
    tier: str | None
    badges: tuple[str, ...]
    next_tier: str | None
    to_next_tier: int  # points still needed for next_tier (0 when at the top)


def worth(activity: Activity, points: Points) -> int:
    base = getattr(points, activity.type)
    return base + (points.referral_converted if activity.type == "referral" and activity.converted else 0)


def tier_for(window_points: int, tiers: Tiers) -> str | None:
    for name in TIER_ORDER:
        if window_points >= getattr(tiers, name):
            return name
    return None


def next_tier(window_points: int, tiers: Tiers) -> tuple[str | None, int]:
    """The next tier up and the points it still needs; (None, 0) at the top."""
    for name in reversed(TIER_ORDER):
        need = getattr(tiers, name)
        if window_points < need:
            return name, need - window_points
    return None, 0


def activities_of(program: Program, slug: str) -> list[Activity]:
    """Every activity of one advocate dated on or before as_of."""
    record = program.advocates[slug].record
    acts = [Activity(a.type, a.date, bool(a.converted)) for a in record.activities]
    acts += [Activity("review", r.date) for r in record.reviews]
    acts += [Activity("testimonial", t.date) for t in record.testimonials]
    acts += [Activity("case_study", cs.front.date) for cs in program.case_studies_of(slug)]
    return [a for a in acts if a.date <= program.as_of]


def latest_activity(program: Program, slug: str) -> dt.date | None:
    """The date of the advocate's latest activity on or before as_of (what `activities_of` would give)."""
    record, as_of = program.advocates[slug].record, program.as_of
    dates = [d for d in (*(a.date for a in record.activities), *(r.date for r in record.reviews),
                         *(t.date for t in record.testimonials),
                         *(c.front.date for c in program.case_studies_of(slug))) if d <= as_of]
    return max(dates, default=None)


def standings(program: Program) -> dict[str, Standing]:
    """The standing of every advocate, public or not (the report needs them all)."""
    s = program.settings
    rules = (program.as_of, s.champion_window_days, repr(s.points), repr(s.tiers), tuple(s.milestones))
    inputs = (rules, tuple(program.case_studies.items()))  # the case studies count for their advocates
    found = _TABLE.changes(program.advocates, inputs)
    if found is not None:  # a few records changed: the others' standings are those of the last table
        changed, last, _ = found
        return _TABLE.keep(program.advocates, inputs, {
            slug: last[slug] if slug not in changed else _kept_standing(program, slug, entry, rules)
            for slug, entry in program.advocates.items()})
    return _TABLE.keep(program.advocates, inputs, {slug: _kept_standing(program, slug, entry, rules)
                                                   for slug, entry in program.advocates.items()})


def _kept_standing(program: Program, slug: str, entry: AdvocateEntry, rules: tuple) -> Standing:
    fronts = tuple(cs.front for cs in program.case_studies_of(slug))
    slot = _KEPT.slot(entry.record)
    kept = slot.get((slug, rules))
    if kept is None or len(kept[0]) != len(fronts) or any(a is not b for a, b in zip(kept[0], fronts, strict=True)):
        kept = slot[(slug, rules)] = (fronts, _standing(program, slug, entry))
    return kept[1]  # type: ignore[no-any-return]


# A standing depends on its record, the advocate's case studies and the rules of `rules` above.
_KEPT = KeptWith()
_TABLE: KeptFigure[dict[str, Standing]] = KeptFigure()


def _standing(program: Program, slug: str, entry: AdvocateEntry) -> Standing:
    s = program.settings
    start = program.as_of - dt.timedelta(days=s.champion_window_days)
    acts = activities_of(program, slug)
    window = sum(worth(a, s.points) for a in acts if start < a.date)
    total = sum(worth(a, s.points) for a in acts)
    badges = [f"{m} activities" for m in sorted(s.milestones) if len(acts) >= m]
    badges += [f"{award.name} {award.year}" for award in entry.record.awards]
    nxt, needed = next_tier(window, s.tiers)
    return Standing(slug, entry.record.name, window, total, len(acts),
                    max((a.date for a in acts), default=None), tier_for(window, s.tiers),
                    tuple(badges), nxt, needed)


@dataclass(frozen=True)
class WallRow:
    rank: int
    standing: Standing


def champion_wall(program: Program, table: dict[str, Standing] | None = None) -> list[WallRow]:
    """Public advocates with a tier, in wall order, with competition ranks (1, 2, 2, 4)."""
    table = table if table is not None else standings(program)

    def on_wall(slug: str) -> list[tuple[tuple, Standing]]:
        st = table.get(slug)
        return [(_wall_order(st), st)] if st is not None and st.tier is not None and program.is_public(slug) else []

    # by difference after a few records changed: a standing is kept while its record is (standings)
    rows = [st for _, st in kept_sorted(_WALL, table, program.as_of,
                                        lambda: (row for slug in table for row in on_wall(slug)), on_wall, _slug_of)]
    ranked = []
    ahead = 0
    for i, st in enumerate(rows):
        if i == 0 or st.window_points != rows[i - 1].window_points:
            ahead = i
        ranked.append(_wall_row(1 + ahead, st))
    return ranked


def _wall_order(st: Standing) -> tuple:
    return (-st.window_points, -(st.latest or dt.date.min).toordinal(), st.name.casefold(), st.slug)


def _slug_of(st: Standing) -> str:
    return st.slug


_WALL: KeptFigure[list[tuple[tuple, Standing]]] = KeptFigure()
_ROWS = KeptWith()  # a standing's wall row at each rank: the same object while both are unchanged


def _wall_row(rank: int, standing: Standing) -> WallRow:
    slot = _ROWS.slot(standing)
    row: WallRow | None = slot.get(rank)
    if row is None:
        row = slot[rank] = WallRow(rank, standing)
    return row

