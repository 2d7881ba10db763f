"""Small in-memory programs for the tests of the report's issue-13 sections (no files, no build)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mkdocs_advocacy.core.load import AdvocateEntry, CaseStudyEntry
from mkdocs_advocacy.core.program import Program
from mkdocs_advocacy.core.records import Advocate, CaseStudy
from mkdocs_advocacy.core.settings import Settings
from mkdocs_advocacy.core.yamlsource import Located

D = dt.date
AS_OF = D(2026, 9, 30)  # the last day of 2026-Q3
PUBLIC = {"public": True, "given": D(2025, 1, 1)}


def program(advocates: dict[str, dict], case_studies: dict[str, dict] | None = None, as_of: dt.date = AS_OF,
            **settings) -> Program:
    p = Program(Settings(**settings), as_of, Path("."))
    for slug, data in advocates.items():
        data = {"name": slug.replace("-", " ").title(), "company": "C", "industry": "I", "consent": PUBLIC, **data}
        p.advocates[slug] = AdvocateEntry(slug, f"advocates/{slug}.yml", Advocate.model_validate(data), Located(data))
    for slug, data in (case_studies or {}).items():
        data = {"customer": "C", "summary": "S", "industry": "I", **data}
        p.case_studies[slug] = CaseStudyEntry(slug, f"case_studies/{slug}.md", CaseStudy.model_validate(data), "",
                                              1, Located(data))
    return p


def call(date: dt.date, **private) -> dict:
    return {"type": "reference_call", "date": date, **({"private": private} if private else {})}


def referral(date: dt.date, converted: bool | None = None, **private) -> dict:
    out: dict = {"type": "referral", "date": date}
    if converted is not None:
        out["converted"] = converted
    if private:
        out["private"] = private
    return out
