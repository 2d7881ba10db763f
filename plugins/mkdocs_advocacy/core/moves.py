"""Champion moves: advocates who changed employer lately, the warmest leads there are.

A move is a `previous_companies` entry whose `until` falls within the last
`program.moves_window_days` days (`as_of - days < until <= as_of`): the person left that company
then, and works at `company` now. For each move the report says whether the new company already
has an advocate (another record whose `company` is it, case-folded) or a published case study (its
`customer`); with neither, it is a new-logo lead. It also says who is left at the old company,
which may have lost its champion. An entry without `until` cannot be dated and is never a move.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .program import Program


def moves_report(program: Program) -> dict:
    as_of, days = program.as_of, program.settings.program.moves_window_days
    since = as_of - dt.timedelta(days=days)
    at_company: dict[str, list[str]] = {}
    for slug, entry in program.advocates.items():
        at_company.setdefault(entry.record.company.casefold(), []).append(slug)
    customers: dict[str, list[str]] = {}
    for slug, cs in program.case_studies.items():
        if program.is_published(slug):
            customers.setdefault(cs.front.customer.casefold(), []).append(slug)
    rows: list[dict[str, Any]] = []
    for slug, entry in program.advocates.items():
        rec = entry.record
        for pc in rec.previous_companies:
            if pc.until is None or not since < pc.until <= as_of:
                continue
            if pc.company.casefold() == rec.company.casefold():
                continue
            new_key, old_key = rec.company.casefold(), pc.company.casefold()
            others = sorted(s for s in at_company.get(new_key, []) if s != slug)
            studies = sorted(customers.get(new_key, []))
            rows.append({
                "slug": slug, "name": rec.name, "title": rec.title, "public": program.is_public(slug),
                "from_company": pc.company, "from_title": pc.title, "left": pc.until.isoformat(),
                "days_ago": (as_of - pc.until).days, "to_company": rec.company,
                "new_company_advocates": others, "new_company_case_studies": studies,
                "lead": not others and not studies,
                "left_behind": sorted(s for s in at_company.get(old_key, []) if s != slug),
                "file": entry.file,
            })
    rows.sort(key=lambda r: (-dt.date.fromisoformat(r["left"]).toordinal(),
                             r["name"].casefold(), r["slug"]))
    return {"since": since.isoformat(), "days": days, "moves": rows,
            "leads": sum(1 for r in rows if r["lead"])}
