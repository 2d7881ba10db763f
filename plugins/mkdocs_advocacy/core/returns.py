"""The program's returns, per calendar quarter: referrals and their conversion, the pipeline and the
won revenue of the deals referrals and reference calls name, and the return on the program's cost.

**Deals.** A referral with `private.deal_value` is a deal; a reference call is one when it names
it (`private.deal` or `private.deal_value`). Activities that give the same `private.deal` (compared
case-folded) are one deal, however many calls it took: its value is the latest-dated value given,
it is won when a referral of it is `converted` or a call of it has `private.won: true`, it belongs
to the quarter of its first activity, and it is *reference-influenced* when a reference call names
it. Only activities dated on or before `as_of` count.

**Money.** Amounts are added as `Decimal` (from the text of the number, so 0.1 + 0.2 is 0.3) and
written as strings with two decimals ("185000.00"). Every amount is in `program.currency`; an
activity whose `private.currency` names another is an error (`currency_problems`) and its value is
left out of every total: amounts in two currencies are never added.

**ROI** of a quarter with a `program.cost`: (won − cost) / cost, to 4 decimals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .problems import Problem
from .program import Program
from .quarters import last_quarters, quarter_of

CENT = Decimal("0.01")


def money(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def ratio(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


@dataclass
class Deal:
    key: str
    name: str | None
    first: dt.date
    value: Decimal | None
    value_date: dt.date | None
    won: bool
    influenced: bool
    referred: bool
    advocates: list[str]


def currency_problems(program: Program) -> list[Problem]:
    """The rule `one currency` of core/rules.py, on its own (for `advocacy match`)."""
    from .problems import ProblemList
    from .rules import Context, File, one_currency

    problems = ProblemList()
    ctx = Context(program, sorted(program.advocates), problems, set())
    for slug, entry in program.advocates.items():
        one_currency(ctx, File("advocate", slug, entry.file, entry.located, entry.record))
    return list(problems)


def deals(program: Program) -> list[Deal]:
    """Every deal named by a referral or a reference call on or before as_of, by first date then key."""
    want, as_of = program.settings.program.currency, program.as_of
    found: dict[str, Deal] = {}
    for slug, entry in program.advocates.items():
        for i, a in enumerate(entry.record.activities):
            if a.type not in ("referral", "reference_call") or a.date > as_of:
                continue
            p = a.private
            if a.type == "reference_call" and (p is None or (p.deal is None and p.deal_value is None)):
                continue
            if a.type == "referral" and (p is None or (p.deal is None and p.deal_value is None)):
                continue
            assert p is not None
            key = f"deal:{p.deal.strip().casefold()}" if p.deal else f"activity:{entry.file}:{i}"
            value = (Decimal(str(p.deal_value)) if p.deal_value is not None
                     and (p.currency is None or p.currency == want) else None)
            won = bool(a.converted) if a.type == "referral" else bool(p.won)
            d = found.get(key)
            if d is None:
                found[key] = Deal(key, p.deal, a.date, value, a.date if value is not None else None, won,
                                  a.type == "reference_call", a.type == "referral", [slug])
                continue
            d.first = min(d.first, a.date)
            if value is not None and (d.value_date is None or a.date >= d.value_date):
                d.value, d.value_date = value, a.date
            d.won = d.won or won
            d.influenced = d.influenced or a.type == "reference_call"
            d.referred = d.referred or a.type == "referral"
            if slug not in d.advocates:
                d.advocates.append(slug)
    return sorted(found.values(), key=lambda d: (d.first, d.key))


def _sum(values: list[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def returns_report(program: Program) -> dict:
    """The `returns` key of the report."""
    opts, as_of = program.settings.program, program.as_of
    quarters = last_quarters(as_of, opts.quarters)
    all_deals = deals(program)
    rows: list[dict[str, Any]] = []
    for q in quarters:
        referrals = [a for e in program.advocates.values() for a in e.record.activities
                     if a.type == "referral" and a.date <= as_of and quarter_of(a.date) == q]
        calls = [a for e in program.advocates.values() for a in e.record.activities
                 if a.type == "reference_call" and a.date <= as_of and quarter_of(a.date) == q]
        ds = [d for d in all_deals if quarter_of(d.first) == q]
        influenced = [d for d in ds if d.influenced]
        converted = sum(1 for a in referrals if a.converted)
        won = _sum([d.value for d in ds if d.won])
        cost = Decimal(str(opts.cost[q])) if q in opts.cost else None
        rows.append({
            "quarter": q,
            "referrals": len(referrals),
            "converted": converted,
            "conversion_rate": round(converted / len(referrals), 4) if referrals else None,
            "reference_calls": len(calls),
            "deals": len(ds),
            "pipeline": money(_sum([d.value for d in ds])),
            "won": money(won),
            "won_deals": sum(1 for d in ds if d.won),
            "reference_influenced_deals": len(influenced),
            "reference_influenced_pipeline": money(_sum([d.value for d in influenced])),
            "reference_influenced_won": money(_sum([d.value for d in influenced if d.won])),
            "cost": money(cost) if cost is not None else None,
            "roi": ratio((won - cost) / cost) if cost else None,
        })
    in_span = [d for d in all_deals if quarter_of(d.first) in quarters]
    referrals_total = sum(r["referrals"] for r in rows)
    converted_total = sum(r["converted"] for r in rows)
    costed = [r for r in rows if r["cost"] is not None]
    cost_total = _sum([Decimal(r["cost"]) for r in costed])
    won_costed = _sum([Decimal(r["won"]) for r in costed])
    return {
        "currency": opts.currency,
        "quarters": rows,
        "totals": {
            "referrals": referrals_total, "converted": converted_total,
            "conversion_rate": round(converted_total / referrals_total, 4) if referrals_total else None,
            "reference_calls": sum(r["reference_calls"] for r in rows),
            "deals": len(in_span),
            "pipeline": money(_sum([d.value for d in in_span])),
            "won": money(_sum([d.value for d in in_span if d.won])),
            "reference_influenced_deals": sum(1 for d in in_span if d.influenced),
            "reference_influenced_pipeline": money(_sum([d.value for d in in_span if d.influenced])),
            "cost": money(cost_total) if costed else None,
            "roi": ratio((won_costed - cost_total) / cost_total) if cost_total else None,
        },
        "deals": [{"deal": d.name, "first": d.first.isoformat(), "quarter": quarter_of(d.first),
                   "value": money(d.value) if d.value is not None else None, "won": d.won,
                   "reference_influenced": d.influenced, "referral": d.referred, "advocates": d.advocates}
                  for d in in_span],
        "errors": [str(p) for p in currency_problems(program)],
    }
