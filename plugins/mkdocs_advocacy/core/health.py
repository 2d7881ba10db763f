"""The internal program report: advocacy scores, NPS, participation, fatigue, re-engagement.

The only code that reads `private`. Its output never goes into `site/`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from .cache import KeptWith
from .docs_guard import REPORT_MARKER
from .load import AdvocateEntry
from .numbers import round_half_up
from .program import Program
from .records import Advocate
from .references import asks_in_window, cap_of
from .standings import TIER_ORDER, Standing, activities_of, latest_activity, standings


def advocacy_score(record: Advocate, as_of: dt.date) -> int:
    """Out of 100, from `private` and `customer_since`. With dated NPS answers, the latest on or before
    as_of counts."""
    p = record.private
    score = 0
    if p is not None:
        answer = p.nps_at(as_of)
        score += 25 if answer is not None and answer >= 9 else 0
        score += 20 if p.feature_adoption is not None and p.feature_adoption > 0.70 else 0
        score += 20 if p.health_score is not None and p.health_score > 80 else 0
        score += 10 if p.positive_social_mentions is not None and p.positive_social_mentions >= 1 else 0
        score += 10 if p.responded_to_last_request else 0
    if record.customer_since is not None and (as_of - record.customer_since).days > 365:
        score += 15
    return score


def is_qualified(score: int) -> bool:
    return score > 60


@dataclass(frozen=True)
class Nps:
    respondents: int
    promoters: int
    passives: int
    detractors: int

    @property
    def score(self) -> int | None:
        if not self.respondents:
            return None
        return int(round_half_up(Fraction(100 * (self.promoters - self.detractors), self.respondents)))


def nps(answers: list[int]) -> Nps:
    return Nps(len(answers), sum(a >= 9 for a in answers), sum(7 <= a <= 8 for a in answers),
               sum(a <= 6 for a in answers))


def program_nps(program: Program) -> Nps:
    """Over each advocate's current answer: the number, or the latest dated answer on or before as_of."""
    answers = [a.record.private.nps_at(program.as_of) for a in program.advocates.values()
               if a.record.private is not None]
    return nps([x for x in answers if x is not None])


def _in_last(days: int, d: dt.date, as_of: dt.date) -> bool:
    return as_of - dt.timedelta(days=days) < d <= as_of


def _months(as_of: dt.date, count: int = 12) -> list[str]:
    y, m = as_of.year, as_of.month
    out = []
    for _ in range(count):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def report(program: Program) -> dict:
    """Every figure of the internal report, JSON-ready, in a stable order."""
    s, as_of = program.settings, program.as_of
    table: dict[str, Standing] = standings(program)
    months = _months(as_of)
    per_month: dict[str, dict[str, int]] = {}
    people: list[dict] = []
    scores: list[int] = []
    fatigue, reengage, qualified_idle = [], [], []
    participating = 0
    for slug, entry in program.advocates.items():
        rec = entry.record
        acts = activities_of(program, slug)
        st = table[slug]
        score = advocacy_score(rec, as_of)
        for a in acts:
            key = f"{a.date.year:04d}-{a.date.month:02d}"
            if key in months:
                per_month.setdefault(a.type, dict.fromkeys(months, 0))[key] += 1
        if any(_in_last(90, a.date, as_of) for a in acts):
            participating += 1
        calls = reference_calls(program, slug)
        asked, cap = asks_in_window(rec, program), cap_of(rec, program)
        if asked > cap:
            fatigue.append({"slug": slug, "name": rec.name, "company": rec.company, "reference_calls": calls,
                            "asks": asked, "cap": cap, "file": entry.file})
        latest = st.latest
        if needs_reengaging(program, latest):
            reengage.append({"slug": slug, "name": rec.name, "company": rec.company,
                             "latest_activity": latest.isoformat() if latest else None,
                             "days_since": (as_of - latest).days if latest else None, "file": entry.file})
        if is_qualified(score) and not acts:
            qualified_idle.append({"slug": slug, "name": rec.name, "company": rec.company, "score": score})
        p = rec.private
        scores.append(score)
        people.append({
            "slug": slug, "name": rec.name, "company": rec.company, "public": program.is_public(slug),
            "tier": st.tier, "points": st.window_points, "all_time_points": st.all_time_points,
            "activities": st.activity_count, "latest_activity": latest.isoformat() if latest else None,
            "score": score, "qualified": is_qualified(score),
            "nps": p.nps_at(as_of) if p else None, "email": p.email if p else None,
        })
    total = len(program.advocates)
    n = program_nps(program)
    tiers = {t: sum(1 for st in table.values() if st.tier == t) for t in TIER_ORDER}
    tiers["none"] = sum(1 for st in table.values() if st.tier is None)
    score_bands = {f"{lo}-{lo + 19 if lo < 80 else 100}": 0 for lo in range(0, 100, 20)}
    for score in scores:
        lo = min(80, score // 20 * 20)
        score_bands[f"{lo}-{lo + 19 if lo < 80 else 100}"] += 1
    return {
        "internal": f"{REPORT_MARKER}: private program data, never publish",
        "as_of": as_of.isoformat(),
        "advocates": total,
        "public_advocates": sum(1 for p in people if p["public"]),
        "tiers": tiers,
        "participation_rate": round(participating / total, 4) if total else None,
        "participating_last_90_days": participating,
        "months": months,
        "activities_per_month": {t: per_month[t] for t in sorted(per_month)},
        "nps": {"score": n.score, "respondents": n.respondents, "promoters": n.promoters,
                "passives": n.passives, "detractors": n.detractors},
        "score_distribution": score_bands,
        "qualified": sum(1 for p in people if p["qualified"]),
        "reference_fatigue": fatigue,
        "reengagement": reengage,
        "qualified_without_activity": qualified_idle,
        "people": sorted(people, key=lambda p: (-p["score"], p["name"].casefold(), p["slug"])),
        "settings": {"reference_cap": s.reference_cap.model_dump(), "reengage_after_days": s.reengage_after_days,
                     "program": s.program.model_dump()},
        **program_sections(program),
    }


def program_sections(program: Program) -> dict:
    """The keys of issue 13, beside the figures above: `references` (the reference desk), `moves`
    (champion moves), `returns` (per-quarter referrals, pipeline, won revenue, ROI), `recognition`
    (the thank-you queue) and `goals` (quarterly targets, trends, NPS at risk). See each module."""
    from .goals import goals_report
    from .moves import moves_report
    from .quarters import last_quarters, quarter_start
    from .recognition import recognition_report
    from .references import references_report
    from .returns import returns_report

    start = quarter_start(last_quarters(program.as_of, program.settings.program.quarters)[0])
    return {"references": references_report(program, start), "moves": moves_report(program),
            "returns": returns_report(program), "recognition": recognition_report(program),
            "goals": goals_report(program)}


def reference_calls(program: Program, slug: str) -> int:
    """Reference calls within the reference cap's window."""
    window = program.settings.reference_cap.window_days
    return sum(1 for a in program.advocates[slug].record.activities
               if a.type == "reference_call" and _in_last(window, a.date, program.as_of))




def needs_reengaging(program: Program, latest: dt.date | None) -> bool:
    return latest is None or (program.as_of - latest).days > program.settings.reengage_after_days


def notices(program: Program) -> list[tuple[str, int, str, str]]:
    """(file, line, field, message) for reference fatigue and re-engagement, logged at INFO in builds.

    Computed on their own, without the rest of the report: `advocacy validate` prints them too.
    An advocate's are kept with their record (`advocacy serve` asks again on every rebuild)."""
    s = program.settings
    rules = (program.as_of, repr(s.reference_cap), s.reengage_after_days)
    fatigue: list[tuple[str, int, str, str]] = []
    reengage: list[tuple[str, int, str, str]] = []
    for slug, entry in program.advocates.items():
        dates = tuple(c.front.date for c in program.case_studies_of(slug))  # their activities too
        slot = _NOTICES.slot(entry.record)
        kept = slot.get((slug, entry.file, rules))
        if kept is None or kept[0] != dates:
            kept = slot[(slug, entry.file, rules)] = (dates, _advocate_notices(program, slug, entry))
        found_fatigue, found_reengage = kept[1]
        fatigue += found_fatigue
        reengage += found_reengage
    return fatigue + reengage


_NOTICES = KeptWith()


def _advocate_notices(program: Program, slug: str, entry: AdvocateEntry) -> tuple[list, list]:
    cap = program.settings.reference_cap
    fatigue: list[tuple[str, int, str, str]] = []
    reengage: list[tuple[str, int, str, str]] = []
    calls = reference_calls(program, slug)
    asked, limit = asks_in_window(entry.record, program), cap_of(entry.record, program)
    if asked > limit:
        fatigue.append((entry.file, entry.located.line_of(("activities",)), "activities",
                        f"reference fatigue: {asked} asks ({calls} reference calls) in the last "
                        f"{cap.window_days} days (cap {limit})"))
    latest = latest_activity(program, slug)
    if needs_reengaging(program, latest):
        what = (f"no activity since {latest.isoformat()} ({(program.as_of - latest).days} days)" if latest
                else "no activity yet")
        reengage.append((entry.file, 1, "activities", f"re-engage: {what}"))
    return fatigue, reengage
