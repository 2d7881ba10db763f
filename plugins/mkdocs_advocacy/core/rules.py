"""Rules that span several fields of one file (the models check one field at a time)."""

from __future__ import annotations

import difflib

from .images import EXTENSIONS
from .problems import Problem, field_path
from .records import ACTIVITY_TYPES, DERIVED_TYPES, Advocate, CaseStudy
from .yamlsource import Located


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def advocate_rules(adv: Advocate, located: Located, file: str) -> list[Problem]:
    out: list[Problem] = []

    def add(path: tuple, message: str, hint: str | None = None) -> None:
        out.append(Problem(file, located.line_of(path), field_path(path), message, hint))

    consent = adv.consent
    if consent.public and consent.given is None:
        add(("consent", "given"), "is required when consent.public is true",
            "add the date the person agreed, e.g. given: 2025-01-10")
    if consent.given and consent.expires and consent.expires <= consent.given:
        add(("consent", "expires"), f"must be after consent.given ({consent.given.isoformat()})")
    for i, review in enumerate(adv.reviews):
        if not 1 <= review.rating <= review.scale:
            add(("reviews", i, "rating"), f"must be between 1 and {review.scale}, got {_num(review.rating)}",
                "set scale: 10 for a 10-point rating" if review.scale == 5 and review.rating <= 10 else None)
    for i, act in enumerate(adv.activities):
        if act.type in DERIVED_TYPES:
            add(("activities", i, "type"),
                f"{act.type!r} is counted from its own records, not from activities",
                f"remove this entry; every {act.type.replace('_', ' ')} already earns its points")
        elif act.type not in ACTIVITY_TYPES:
            close = difflib.get_close_matches(act.type, ACTIVITY_TYPES, n=1)
            add(("activities", i, "type"), f"unknown activity type {act.type!r}",
                f"did you mean {close[0]!r}?" if close else "one of: " + ", ".join(ACTIVITY_TYPES))
        if act.converted is not None and act.type != "referral":
            add(("activities", i, "converted"), "only a referral can be converted",
                "remove converted, or set type: referral")
    if adv.photo and not adv.photo.lower().endswith(EXTENSIONS):
        add(("photo",), f"must be a PNG, JPEG, WebP or SVG file, got {adv.photo!r}")
    return out


def case_study_rules(cs: CaseStudy, located: Located, file: str) -> list[Problem]:
    out: list[Problem] = []
    if cs.quote and cs.quote.advocate not in cs.advocates:
        out.append(Problem(file, located.line_of(("quote", "advocate")), "quote.advocate",
                           f"{cs.quote.advocate!r} is not listed in advocates",
                           "add them to advocates, or quote someone who is"))
    if cs.logo and not cs.logo.lower().endswith(EXTENSIONS):
        out.append(Problem(file, located.line_of(("logo",)), "logo",
                           f"must be a PNG, JPEG, WebP or SVG file, got {cs.logo!r}"))
    seen: dict[str, int] = {}
    for i, slug in enumerate(cs.advocates):
        if slug in seen:
            out.append(Problem(file, located.line_of(("advocates", i)), f"advocates[{i}]",
                               f"{slug!r} is listed twice"))
        seen[slug] = i
    return out
