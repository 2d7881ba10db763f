"""The reference desk: who takes reference calls, how many asks they have left, and who fits a request.

An **ask** is one time the program asked a person for a reference: every entry of
`private.reference_requests` (whatever its answer), plus every completed reference call
(`activities` of type `reference_call`) that no accepted request accounts for. An accepted request
is matched to the first unmatched call on or after its date, so a request and the call it led to
are one ask, not two. Fatigue and the cap count asks within `reference_cap.window_days`
(`as_of - window < date <= as_of`); a personal `private.references.cap` overrides
`reference_cap.max` for that person.

Accounts are companies: an ask counts for the company the person worked at on its date (from
`previous_companies[].until`), so a person who moved during the window counts for both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .program import Program
from .records import Advocate


@dataclass(frozen=True)
class Ask:
    date: dt.date
    kind: str  # "request" | "call"
    status: str  # request status, or "completed" for a call without a request
    company: str


def in_last(days: int, d: dt.date, as_of: dt.date) -> bool:
    return as_of - dt.timedelta(days=days) < d <= as_of


def company_at(record: Advocate, d: dt.date) -> str:
    """The person's employer on `d`: the earliest previous company left on or after `d`, else the current one.
    Previous companies without an `until` date cannot be placed in time and are never chosen."""
    dated = sorted((pc for pc in record.previous_companies if pc.until is not None),
                   key=lambda pc: (pc.until, pc.company))
    for pc in dated:
        assert pc.until is not None
        if d <= pc.until:
            return pc.company
    return record.company


def asks(record: Advocate, as_of: dt.date) -> list[Ask]:
    """Every ask dated on or before `as_of`, oldest first (see the module's docstring)."""
    p = record.private
    requests = sorted((r for r in (p.reference_requests if p else []) if r.date <= as_of),
                      key=lambda r: (r.date, r.status))
    calls = sorted(a.date for a in record.activities if a.type == "reference_call" and a.date <= as_of)
    matched = [False] * len(calls)
    for r in requests:
        if r.status != "accepted":
            continue
        for i, d in enumerate(calls):
            if not matched[i] and d >= r.date:
                matched[i] = True
                break
    out = [Ask(r.date, "request", r.status, company_at(record, r.date)) for r in requests]
    out += [Ask(d, "call", "completed", company_at(record, d)) for i, d in enumerate(calls) if not matched[i]]
    return sorted(out, key=lambda a: (a.date, a.kind, a.status))


def cap_of(record: Advocate, program: Program) -> int:
    refs = record.private.references if record.private else None
    return refs.cap if refs is not None and refs.cap is not None else program.settings.reference_cap.max


def asks_in_window(record: Advocate, program: Program) -> int:
    window = program.settings.reference_cap.window_days
    return sum(1 for a in asks(record, program.as_of) if in_last(window, a.date, program.as_of))


def calls_in_window(record: Advocate, program: Program) -> int:
    window = program.settings.reference_cap.window_days
    return sum(1 for a in record.activities
               if a.type == "reference_call" and in_last(window, a.date, program.as_of))


def last_asked(record: Advocate, as_of: dt.date) -> dt.date | None:
    return max((a.date for a in asks(record, as_of)), default=None)


def account_asks(program: Program) -> dict[str, int]:
    """Asks within the cap window per account (company, case-folded key), over every advocate."""
    window, as_of = program.settings.reference_cap.window_days, program.as_of
    out: dict[str, int] = {}
    for entry in program.advocates.values():
        for a in asks(entry.record, as_of):
            if in_last(window, a.date, as_of):
                out[a.company.casefold()] = out.get(a.company.casefold(), 0) + 1
    return out


def is_available(record: Advocate) -> bool:
    refs = record.private.references if record.private else None
    return refs is not None and refs.available


@dataclass
class Query:
    industry: str | None = None
    size: str | None = None
    region: str | None = None
    product: str | None = None
    use_case: str | None = None
    language: str | None = None
    limit: int | None = None
    internal: bool = False  # include people who have not consented to be named publicly

    def criteria(self) -> dict[str, str]:
        return {k: v for k, v in (("industry", self.industry), ("size", self.size), ("region", self.region),
                                  ("product", self.product), ("use_case", self.use_case),
                                  ("language", self.language)) if v}


@dataclass
class Candidate:
    slug: str
    name: str
    title: str | None
    company: str
    industry: str
    company_size: str | None
    region: str | None
    public: bool
    channel: str | None
    languages: list[str]
    matched: list[str]
    missing: list[str]
    cap: int
    asks_in_window: int
    calls_left: int
    last_asked: dt.date | None
    account_asks: int
    account_warning: str | None
    file: str = field(default="")

    def as_dict(self) -> dict:
        return {"slug": self.slug, "name": self.name, "title": self.title, "company": self.company,
                "industry": self.industry, "company_size": self.company_size, "region": self.region,
                "public": self.public, "channel": self.channel, "languages": self.languages,
                "matched": self.matched, "missing": self.missing, "cap": self.cap,
                "asks_in_window": self.asks_in_window, "calls_left": self.calls_left,
                "last_asked": self.last_asked.isoformat() if self.last_asked else None,
                "account_asks": self.account_asks, "account_warning": self.account_warning, "file": self.file}


def _fold(values: object) -> set[str]:
    return {str(v).strip().casefold() for v in values if v}  # type: ignore[attr-defined]


def _what_they_speak_to(program: Program, slug: str) -> tuple[set[str], set[str]]:
    """(products, use cases and topics) from the availability record, the reviews and testimonials, and
    the published case studies that list the person."""
    rec = program.advocates[slug].record
    refs = rec.private.references if rec.private else None
    products = _fold([*(refs.products if refs else []), *(t.product for t in rec.testimonials),
                      *(r.product for r in rec.reviews)])
    uses = _fold([*(refs.use_cases if refs else []), *(refs.topics if refs else [])])
    for cs in program.case_studies_of(slug):
        products |= _fold(cs.front.products)
        uses |= _fold(cs.front.use_cases)
    return products, uses


MISSING_LABELS = {"industry": "industry", "size": "company size", "region": "region", "product": "product",
                  "use_case": "use case", "language": "speaks"}


def _reasons(program: Program, slug: str, q: Query) -> tuple[list[str], list[str]]:
    rec = program.advocates[slug].record
    refs = rec.private.references if rec.private else None
    products, uses = _what_they_speak_to(program, slug)
    checks = {
        "industry": (lambda v: v.casefold() == rec.industry.casefold(), f"industry {rec.industry}"),
        "size": (lambda v: rec.company_size is not None and v.casefold() == rec.company_size.casefold(),
                 f"company size {rec.company_size}"),
        "region": (lambda v: rec.region is not None and v.casefold() == rec.region.casefold(), f"region {rec.region}"),
        "product": (lambda v: v.strip().casefold() in products, "product {v}"),
        "use_case": (lambda v: v.strip().casefold() in uses, "use case {v}"),
        "language": (lambda v: v.strip().casefold() in _fold(refs.languages if refs else []), "speaks {v}"),
    }
    matched: list[str] = []
    missing: list[str] = []
    for key, value in q.criteria().items():
        test, label = checks[key]
        if test(value):
            matched.append(label.format(v=value))
        else:
            missing.append(f"{MISSING_LABELS[key]} {value}")
    return matched, missing


def candidates(program: Program, q: Query) -> tuple[list[Candidate], list[Candidate]]:
    """(proposed, held back): the available people who match at least one criterion (or all of them when
    no criterion is given), ranked; and those who match but have no ask left in the window.

    Rank: most criteria matched; then accounts not tapped recently; then most asks left; then asked
    longest ago (never asked first); then name (case-folded), then slug."""
    per_account = account_asks(program)
    window, cap_max = program.settings.reference_cap.window_days, program.settings.reference_cap.max
    criteria = q.criteria()
    proposed: list[Candidate] = []
    held: list[Candidate] = []
    for slug, entry in program.advocates.items():
        rec = entry.record
        if not is_available(rec):
            continue
        public = program.is_public(slug)
        if not public and not q.internal:
            continue
        matched, missing = _reasons(program, slug, q)
        if criteria and not matched:
            continue
        cap = cap_of(rec, program)
        used = asks_in_window(rec, program)
        account = per_account.get(rec.company.casefold(), 0)
        warning = (f"{rec.company} was asked {account} time{'s' if account != 1 else ''} in the last {window} days"
                   if account >= max(1, cap_max) else None)
        refs = rec.private.references if rec.private else None
        c = Candidate(slug, rec.name, rec.title, rec.company, rec.industry, rec.company_size, rec.region, public,
                      refs.channel if refs else None, list(refs.languages) if refs else [],
                      matched or (["available"] if not criteria else []), missing, cap, used, max(0, cap - used),
                      last_asked(rec, program.as_of), account, warning, entry.file)
        (proposed if c.calls_left > 0 else held).append(c)

    def rank(c: Candidate) -> tuple:
        return (-len(c.matched) if criteria else 0, c.account_warning is not None, -c.calls_left,
                c.last_asked is not None, c.last_asked or dt.date.min, c.name.casefold(), c.slug)

    proposed.sort(key=rank)
    held.sort(key=rank)
    if q.limit is not None:
        proposed = proposed[:q.limit]
    return proposed, held


def concentration(program: Program, start: dt.date) -> dict:
    """The share of reference calls (completed calls dated `start <= date <= as_of`) taken by each account
    and by the top three together: three customers taking most calls is a known failure of programs."""
    per: dict[str, list] = {}
    for entry in program.advocates.values():
        rec = entry.record
        for a in rec.activities:
            if a.type == "reference_call" and start <= a.date <= program.as_of:
                name = company_at(rec, a.date)
                row = per.setdefault(name.casefold(), [name, 0])
                row[1] += 1
    total = sum(n for _, n in per.values())
    accounts = sorted(per.values(), key=lambda r: (-r[1], r[0].casefold(), r[0]))
    top3 = sum(n for _, n in accounts[:3])
    share = round(top3 / total, 4) if total else None
    return {"since": start.isoformat(), "calls": total, "accounts": len(accounts),
            "top_accounts": [{"company": c, "calls": n, "share": round(n / total, 4)} for c, n in accounts[:10]],
            "top3_share": share,
            "warning": share is not None and len(accounts) > 3 and share >= 0.8}


def references_report(program: Program, start: dt.date, per_industry: int = 5) -> dict:
    """The `references` key of the report."""
    window, as_of = program.settings.reference_cap.window_days, program.as_of
    available = [s for s, e in program.advocates.items() if is_available(e.record)]
    status_counts = {"asked": 0, "accepted": 0, "declined": 0, "no_answer": 0}
    for e in program.advocates.values():
        for r in (e.record.private.reference_requests if e.record.private else []):
            if in_last(window, r.date, as_of):
                status_counts[r.status] += 1
    industries = sorted({program.advocates[s].record.industry for s in available}, key=lambda i: (i.casefold(), i))
    by_industry = {}
    for ind in industries:
        proposed, _ = candidates(program, Query(industry=ind, limit=per_industry, internal=True))
        by_industry[ind] = [c.as_dict() for c in proposed]
    _, at_cap = candidates(program, Query(internal=True))
    accounts = [{"company": program_company_name(program, key), "asks": n}
                for key, n in sorted(account_asks(program).items(), key=lambda kv: (-kv[1], kv[0]))]
    return {
        "window_days": window,
        "available": len(available),
        "available_public": sum(1 for s in available if program.is_public(s)),
        "requests_in_window": status_counts,
        "at_cap": [c.as_dict() for c in at_cap],
        "accounts_asked": accounts,
        "by_industry": by_industry,
        "concentration": concentration(program, start),
    }


def program_company_name(program: Program, key: str) -> str:
    """The spelling of a company (case-folded `key`) as its first advocate, by slug, writes it."""
    for entry in program.advocates.values():
        rec = entry.record
        for name in (rec.company, *(pc.company for pc in rec.previous_companies)):
            if name.casefold() == key:
                return name
    return key
