"""Quarterly goals and trends: targets from `program.goals` against what each quarter brought, the
average rating and NPS per quarter, and the detractors and passives at risk.

Per quarter (calendar quarters, items dated on or before as_of): `case_studies` published (dated) in
it, `reviews` posted, `referrals` and `reference_calls` (activities). The quarter's **NPS** is
computed (SPEC.md's formula) over each person's latest dated answer given in it (`private.nps` as a
list of `{score, date}`; a single undated number belongs to no quarter). **Average rating** is the
mean of the stars of the reviews posted in it, rounded half up to 2 decimals. `progress` is
actual / target (4 decimals), `met` is actual >= target; without a target, both are null.

**At risk**: everyone whose current answer (the number, or the latest dated answer) is 8 or below:
detractors (0-6) first, then passives (7-8), lowest score first, then name.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .health import nps
from .numbers import rounded
from .program import Program
from .quarters import last_quarters, quarter_of
from .reviews import stars

GOALS = ("case_studies", "reviews", "referrals", "reference_calls", "nps")


def quarter_figures(program: Program, q: str) -> dict:
    as_of = program.as_of
    recs = [e.record for e in program.advocates.values()]
    reviews = [r for rec in recs for r in rec.reviews if r.date <= as_of and quarter_of(r.date) == q]
    answers = []
    for rec in recs:
        dated = sorted((a for a in (rec.private.nps_answers() if rec.private else ())
                        if a.date <= as_of and quarter_of(a.date) == q), key=lambda a: a.date)
        if dated:
            answers.append(dated[-1].score)
    n = nps(answers)
    avg = sum((stars(r) for r in reviews), Fraction(0)) / len(reviews) if reviews else None
    return {
        "case_studies": sum(1 for slug, c in program.case_studies.items()
                            if program.is_published(slug) and quarter_of(c.front.date) == q),
        "reviews": len(reviews),
        "referrals": sum(1 for rec in recs for a in rec.activities
                         if a.type == "referral" and a.date <= as_of and quarter_of(a.date) == q),
        "reference_calls": sum(1 for rec in recs for a in rec.activities
                               if a.type == "reference_call" and a.date <= as_of and quarter_of(a.date) == q),
        "nps": n.score,
        "nps_respondents": n.respondents,
        "average_rating": rounded(avg, 2),
    }


def goals_report(program: Program) -> dict:
    as_of = program.as_of
    targets = program.settings.program.goals
    rows: list[dict[str, Any]] = []
    for q in last_quarters(as_of, program.settings.program.quarters):
        figures = quarter_figures(program, q)
        progress = {}
        for g in GOALS:
            target, actual = getattr(targets, g), figures[g]
            if target is None:
                progress[g] = {"target": None, "actual": actual, "progress": None, "met": None}
            elif g == "nps":
                progress[g] = {"target": target, "actual": actual, "progress": None,
                               "met": None if actual is None else actual >= target}
            else:
                progress[g] = {"target": target, "actual": actual,
                               "progress": round(actual / target, 4) if target else None, "met": actual >= target}
        rows.append({"quarter": q, **figures, "goals": progress})
    at_risk: list[dict[str, Any]] = []
    for slug, entry in program.advocates.items():
        p = entry.record.private
        if p is None:
            continue
        score = p.nps_at(as_of)
        if score is None or score >= 9:
            continue
        dated = sorted((a for a in p.nps_answers() if a.date <= as_of), key=lambda a: a.date)
        previous = dated[-2].score if len(dated) >= 2 else None
        at_risk.append({"slug": slug, "name": entry.record.name, "company": entry.record.company, "nps": score,
                        "group": "detractor" if score <= 6 else "passive",
                        "answered": dated[-1].date.isoformat() if dated else None, "previous": previous,
                        "trend": None if previous is None else
                        ("down" if score < previous else "up" if score > previous else "same"),
                        "file": entry.file})
    at_risk.sort(key=lambda r: (r["group"] != "detractor", r["nps"], r["name"].casefold(), r["slug"]))
    return {"targets": targets.model_dump(), "quarters": rows, "at_risk": at_risk}
