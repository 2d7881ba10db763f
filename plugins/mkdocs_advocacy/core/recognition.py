"""The recognition queue: milestones reached and awards given lately, and what is not thanked yet.

A milestone (`milestones` in the options) is *reached* on the date of the advocate's m-th activity
(every activity of SPEC.md's points, dated on or before as_of, in date order). The queue covers the
last `program.recognition_days` days (`as_of - days < date <= as_of`): milestones reached and
`activities` entries done in it that have no thank-you yet (`thanked:` on the activity; a milestone
is thanked by an entry of `private.thanked_milestones`). Awards are given by year: those of the years
the window touches are listed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .program import Program
from .standings import activities_of


def milestones_reached(program: Program, slug: str) -> list[tuple[int, dt.date]]:
    acts = sorted(activities_of(program, slug), key=lambda a: (a.date, a.type))
    return [(m, acts[m - 1].date) for m in sorted(set(program.settings.milestones)) if len(acts) >= m]


def recognition_report(program: Program) -> dict:
    as_of, days = program.as_of, program.settings.program.recognition_days
    since = as_of - dt.timedelta(days=days)
    milestones: list[dict[str, Any]] = []
    awards: list[dict[str, Any]] = []
    unthanked: list[dict[str, Any]] = []
    for slug, entry in program.advocates.items():
        rec = entry.record
        thanked = {t.milestone: t.thanked for t in (rec.private.thanked_milestones if rec.private else [])}
        for m, reached in milestones_reached(program, slug):
            if since < reached <= as_of:
                row = {"slug": slug, "name": rec.name, "company": rec.company, "milestone": m,
                       "reached": reached.isoformat(),
                       "thanked": thanked[m].isoformat() if m in thanked else None}
                milestones.append(row)
                if m not in thanked:
                    unthanked.append({"slug": slug, "name": rec.name, "company": rec.company, "what": "milestone",
                                      "label": f"milestone: {m} activities", "date": reached.isoformat(), "file": entry.file})
        for award in rec.awards:
            if since.year <= award.year <= as_of.year:
                awards.append({"slug": slug, "name": rec.name, "company": rec.company, "award": award.name,
                               "year": award.year})
        for a in rec.activities:
            if since < a.date <= as_of and a.thanked is None:
                label = a.type.replace("_", " ") + (f": {a.title}" if a.title else "")
                unthanked.append({"slug": slug, "name": rec.name, "company": rec.company, "what": a.type,
                                  "label": label, "date": a.date.isoformat(), "file": entry.file})
    return {
        "since": since.isoformat(),
        "days": days,
        "milestones": sorted(milestones, key=lambda r: (r["reached"], r["name"].casefold(), r["slug"], r["milestone"])),
        "awards": sorted(awards, key=lambda r: (-r["year"], r["name"].casefold(), r["slug"], r["award"])),
        "not_thanked": sorted(unthanked, key=lambda r: (r["date"], r["name"].casefold(), r["slug"], r["label"])),
    }
