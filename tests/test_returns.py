"""Returns per quarter (issue 13): referrals, conversion, pipeline, won, reference-influenced deals, ROI.
Every figure worked out by hand; money as Decimal strings; a currency mismatch is an error."""

from __future__ import annotations

from mkdocs_advocacy.core.returns import currency_problems, deals, returns_report
from programkit import D, call, program, referral

# as_of 2026-09-30, quarters 2025-Q4 .. 2026-Q3.
#   2025-Q4: nothing (an empty quarter)
#   2026-Q1: referral 0.1 converted (won), referral 0.2 not converted -> pipeline 0.30 exactly, won 0.10
#   2026-Q2: referral converted without a deal value; a call naming deal "Big" (value 1000, later 1500)
#   2026-Q3: another call for deal "big" on 2026-07-10 with value 1500 and won; a referral of 200 converted
#   2026-10-02 (after as_of): left out
RECORDS = {
    "ann": {"activities": [
        referral(D(2026, 1, 10), True, deal_value=0.1),
        referral(D(2026, 2, 10), False, deal_value=0.2),
        referral(D(2026, 4, 1), True),
        call(D(2026, 5, 5), deal="Big", deal_value=1000),
        referral(D(2026, 8, 1), True, deal_value=200, deal="Small"),
        referral(D(2026, 10, 2), True, deal_value=999),
    ]},
    "bob": {"activities": [call(D(2026, 7, 10), deal="big", deal_value=1500, won=True), call(D(2026, 7, 20))]},
}


def _report(**program_options):
    return returns_report(program(RECORDS, program={"currency": "EUR", **program_options}))


def test_per_quarter_figures():
    rows = {r["quarter"]: r for r in _report()["quarters"]}
    assert list(rows) == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    assert rows["2025-Q4"] == {
        "quarter": "2025-Q4", "referrals": 0, "converted": 0, "conversion_rate": None, "reference_calls": 0,
        "deals": 0, "pipeline": "0.00", "won": "0.00", "won_deals": 0, "reference_influenced_deals": 0,
        "reference_influenced_pipeline": "0.00", "reference_influenced_won": "0.00", "cost": None, "roi": None}
    q1 = rows["2026-Q1"]
    assert (q1["referrals"], q1["converted"], q1["conversion_rate"]) == (2, 1, 0.5)
    assert (q1["deals"], q1["pipeline"], q1["won"]) == (2, "0.30", "0.10")  # Decimal: 0.1 + 0.2 is 0.30
    q2 = rows["2026-Q2"]
    # deal "Big" is one deal across both calls: first seen in Q2, latest value 1500, won on the second call
    assert (q2["referrals"], q2["converted"], q2["conversion_rate"], q2["reference_calls"]) == (1, 1, 1.0, 1)
    assert (q2["deals"], q2["pipeline"], q2["won"], q2["won_deals"]) == (1, "1500.00", "1500.00", 1)
    assert (q2["reference_influenced_deals"], q2["reference_influenced_pipeline"]) == (1, "1500.00")
    q3 = rows["2026-Q3"]
    assert (q3["referrals"], q3["converted"], q3["reference_calls"]) == (1, 1, 2)
    assert (q3["deals"], q3["pipeline"], q3["won"], q3["reference_influenced_deals"]) == (1, "200.00", "200.00", 0)


def test_totals_and_deals():
    r = _report()
    assert r["currency"] == "EUR"
    t = r["totals"]
    assert (t["referrals"], t["converted"], t["conversion_rate"], t["reference_calls"]) == (4, 3, 0.75, 3)
    assert (t["deals"], t["pipeline"], t["won"]) == (4, "1700.30", "1700.10")
    assert (t["reference_influenced_deals"], t["reference_influenced_pipeline"]) == (1, "1500.00")
    assert (t["cost"], t["roi"]) == (None, None)
    big = next(d for d in r["deals"] if d["deal"] == "Big")
    assert big == {"deal": "Big", "first": "2026-05-05", "quarter": "2026-Q2", "value": "1500.00", "won": True,
                   "reference_influenced": True, "referral": False, "advocates": ["ann", "bob"]}
    assert r["errors"] == []


def test_roi_with_program_cost():
    # Q2: won 1500, cost 500 -> (1500 - 500) / 500 = 2; Q3: won 200, cost 400 -> -0.5.
    # Totals over costed quarters: won 1700, cost 900 -> 800 / 900 = 0.8889.
    r = _report(cost={"2026-Q2": 500, "2026-Q3": 400})
    rows = {q["quarter"]: q for q in r["quarters"]}
    assert (rows["2026-Q2"]["cost"], rows["2026-Q2"]["roi"]) == ("500.00", 2.0)
    assert (rows["2026-Q3"]["cost"], rows["2026-Q3"]["roi"]) == ("400.00", -0.5)
    assert rows["2026-Q1"]["roi"] is None
    assert (r["totals"]["cost"], r["totals"]["roi"]) == ("900.00", 0.8889)


def test_a_currency_mismatch_is_an_error_and_never_added():
    p = program({}, program={"currency": "EUR"})
    from mkdocs_advocacy.core.load import AdvocateEntry, parse_advocate_located

    text = ("name: Cur\ncompany: C\nindustry: I\nactivities:\n"
            "  - type: referral\n    date: 2026-08-01\n    converted: true\n"
            "    private: {deal_value: 500, currency: GBP}\n"
            "  - type: referral\n    date: 2026-08-02\n    converted: true\n"
            "    private:\n      deal_value: 100\n      currency: EUR\n")
    record, located, problems = parse_advocate_located(text, "advocates/cur.yml")
    assert problems == [] and record is not None and located is not None
    p.advocates["cur"] = AdvocateEntry("cur", "advocates/cur.yml", record, located)
    found = currency_problems(p)
    assert [str(x) for x in found] == [
        "advocates/cur.yml:8: activities[0].private.currency: is not the program's currency EUR (value hidden: "
        "private) (write the amount in EUR: amounts in two currencies are never added)"]
    assert "GBP" not in str(found[0])  # the record's value is private
    r = returns_report(p)
    assert r["totals"]["won"] == "100.00" and r["totals"]["pipeline"] == "100.00"
    assert r["errors"] == [str(found[0])]
    assert [d.value for d in deals(p)] == [None, 100]


def test_a_bad_currency_code_is_a_record_error():
    from mkdocs_advocacy.core.load import parse_advocate

    text = ("name: Cur\ncompany: C\nindustry: I\nactivities:\n  - type: referral\n    date: 2026-08-01\n"
            "    private: {deal_value: 5, currency: euros}\n")
    _, problems = parse_advocate(text, "advocates/cur.yml")
    assert [str(p) for p in problems] == [
        "advocates/cur.yml:7: activities[0].private.currency: must be a three-letter currency code in capitals, "
        "such as USD or EUR (value hidden: private)"]
