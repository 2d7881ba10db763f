"""The reference desk (issue 13): asks, caps, accounts, matching and concentration, by hand."""

from __future__ import annotations

import pytest
from mkdocs_advocacy.core.references import (
    Query,
    account_asks,
    asks,
    asks_in_window,
    candidates,
    company_at,
    concentration,
)
from programkit import AS_OF, D, call, program

AVAILABLE = {"references": {"available": True, "languages": ["English"]}}


def req(date, status="asked", **kw):
    return {"date": date, "status": status, **kw}


# Window: reference_cap.window_days 90 at as_of 2026-09-30 is 2026-07-02 .. 2026-09-30.
@pytest.mark.parametrize("calls,requests,want_asks", [
    ([], [], 0),
    ([D(2026, 8, 1)], [], 1),                                        # a call without a request is an ask
    ([D(2026, 8, 1)], [req(D(2026, 7, 20), "accepted")], 1),        # the request and its call: one ask
    ([D(2026, 8, 1)], [req(D(2026, 8, 5), "accepted")], 2),         # accepted after the call: not its call
    ([], [req(D(2026, 8, 1), "declined"), req(D(2026, 8, 2), "no_answer"), req(D(2026, 8, 3))], 3),
    ([D(2026, 7, 2)], [], 0),                                        # 90 days before as_of: outside
    ([D(2026, 7, 3)], [], 1),                                        # 89 days before: inside
    ([D(2026, 10, 1)], [req(D(2026, 10, 1))], 0),                    # after as_of: not counted
    ([D(2026, 8, 1), D(2026, 8, 9)], [req(D(2026, 7, 30), "accepted"), req(D(2026, 9, 1), "declined")], 3),
])
def test_asks_count_requests_and_calls_once(calls, requests, want_asks):
    p = program({"a": {"activities": [call(d) for d in calls],
                       "private": {"reference_requests": requests, **AVAILABLE}}})
    assert asks_in_window(p.advocates["a"].record, p) == want_asks


@pytest.mark.parametrize("n_asks,cap,proposed,held,fatigued", [
    (2, None, True, False, False),   # 2 of 3: one left
    (3, None, False, True, False),   # cap exactly reached: none left, not yet fatigue (more than the cap)
    (4, None, False, True, True),
    (1, 1, False, True, False),      # a personal cap overrides reference_cap.max
    (1, 2, True, False, False),
    (0, 0, False, True, False),      # cap 0: never asked
])
def test_cap_and_fatigue(n_asks, cap, proposed, held, fatigued):
    from mkdocs_advocacy.core.health import notices, report

    refs = {"available": True, **({"cap": cap} if cap is not None else {})}
    p = program({"a": {"private": {"references": refs,
                                   "reference_requests": [req(D(2026, 9, 1 + i)) for i in range(n_asks)]}}})
    got, at_cap = candidates(p, Query())
    assert ([c.slug for c in got] == ["a"]) is proposed
    assert ([c.slug for c in at_cap] == ["a"]) is held
    if proposed:
        assert got[0].calls_left == (cap if cap is not None else 3) - n_asks
    data = report(p)
    assert bool(data["reference_fatigue"]) is fatigued
    if fatigued:
        assert data["reference_fatigue"][0]["asks"] == 4 and data["reference_fatigue"][0]["reference_calls"] == 0
        assert any("reference fatigue: 4 asks (0 reference calls)" in n[3] for n in notices(p))


def test_company_at_follows_previous_companies():
    p = program({"a": {"company": "New Co", "previous_companies": [
        {"company": "Old Co", "until": D(2026, 8, 15)}, {"company": "First Co", "until": D(2024, 1, 31)},
        {"company": "Undated Co"}]}})
    rec = p.advocates["a"].record
    assert company_at(rec, D(2023, 5, 1)) == "First Co"
    assert company_at(rec, D(2024, 1, 31)) == "First Co"
    assert company_at(rec, D(2024, 2, 1)) == "Old Co"
    assert company_at(rec, D(2026, 8, 15)) == "Old Co"
    assert company_at(rec, D(2026, 8, 16)) == "New Co"


def test_a_person_at_two_companies_in_one_quarter_counts_for_both_accounts():
    # Asked at Old Co on 2026-07-20 and called there on 08-01; moved on 08-15; called at New Co on 09-10.
    p = program({
        "mover": {"company": "New Co", "previous_companies": [{"company": "Old Co", "until": D(2026, 8, 15)}],
                  "activities": [call(D(2026, 8, 1)), call(D(2026, 9, 10))],
                  "private": {"reference_requests": [req(D(2026, 7, 20), "accepted")], **AVAILABLE}},
        "stayer": {"company": "new co", "activities": [call(D(2026, 9, 20))]},
    })
    assert [(a.company, a.kind) for a in asks(p.advocates["mover"].record, AS_OF)] == [
        ("Old Co", "request"), ("New Co", "call")]
    assert account_asks(p) == {"old co": 1, "new co": 2}
    conc = concentration(p, D(2026, 7, 1))
    assert conc["calls"] == 3
    assert [(a["company"], a["calls"]) for a in conc["top_accounts"]] == [("New Co", 2), ("Old Co", 1)]


def test_concentration_top_three_share_and_warning():
    # 10 calls: A 4, B 2, C 2, D 1, E 1 -> top three 8 of 10 = 80 %, more than three accounts: a warning.
    spread = {"A": 4, "B": 2, "C": 2, "D": 1, "E": 1}
    p = program({f"p{k.lower()}": {"company": k, "activities": [call(D(2026, 8, 1 + i)) for i in range(n)]}
                 for k, n in spread.items()})
    conc = concentration(p, D(2026, 7, 1))
    assert (conc["calls"], conc["accounts"], conc["top3_share"], conc["warning"]) == (10, 5, 0.8, True)
    assert conc["top_accounts"][0] == {"company": "A", "calls": 4, "share": 0.4}
    # an empty period
    assert concentration(program({}), D(2026, 7, 1)) == {"since": "2026-07-01", "calls": 0, "accounts": 0,
                                                          "top_accounts": [], "top3_share": None, "warning": False}


def _desk():
    def who(industry, size=None, languages=("English",), public=True, requests=(), company=None, **refs):
        data = {"industry": industry, "company": company or f"{industry} Co",
                "private": {"references": {"available": True, "languages": list(languages), **refs},
                            "reference_requests": list(requests)}}
        if size:
            data["company_size"] = size
        if not public:
            data["consent"] = {"public": False}
        return data

    return program({
        "hana": who("Healthcare", "1001-5000", products=["Forecast"], requests=[req(D(2026, 9, 1))]),
        "hugo": who("Healthcare", "201-1000", languages=["Spanish"]),
        "ines": who("Healthcare", "1001-5000", public=False),
        "ivan": who("Energy", "1001-5000", use_cases=["Forecasting"], products=["Forecast"]),
        "nope": {"industry": "Healthcare", "company_size": "1001-5000",
                 "private": {"references": {"available": False}}},
        "none": {"industry": "Healthcare", "company_size": "1001-5000"},
    })


@pytest.mark.parametrize("query,want", [
    (Query(industry="Healthcare"), ["hugo", "hana"]),  # equal matches: more asks left first
    # two criteria beat one; one is enough to be listed (ivan: the size), then more asks left, then name
    (Query(industry="healthcare", size="1001-5000"), ["hana", "hugo", "ivan"]),
    (Query(industry="Healthcare", internal=True), ["hugo", "ines", "hana"]),
    (Query(size="1001-5000", product="Forecast"), ["ivan", "hana"]),  # 2 and 2: ivan has more asks left
    (Query(language="Spanish"), ["hugo"]),
    (Query(use_case="forecasting"), ["ivan"]),
    (Query(industry="Retail"), []),
    (Query(industry="Healthcare", limit=1), ["hugo"]),
])
def test_match_ranking(query, want):
    got, _ = candidates(_desk(), query)
    assert [c.slug for c in got] == want


def test_match_says_why_and_never_proposes_the_unavailable():
    got, _ = candidates(_desk(), Query(industry="Healthcare", size="1001-5000", internal=True))
    by = {c.slug: c for c in got}
    assert "nope" not in by and "none" not in by
    assert by["hana"].matched == ["industry Healthcare", "company size 1001-5000"]
    assert by["hugo"].matched == ["industry Healthcare"] and by["hugo"].missing == ["company size 1001-5000"]
    assert (by["hana"].calls_left, by["hana"].last_asked) == (2, D(2026, 9, 1))
    assert by["ines"].public is False


def test_account_warning_counts_per_company_not_per_person():
    # Two people at Acme, each asked twice in the window (2 + 2 = 4 >= cap 3): both carry the warning,
    # though each has an ask left.
    two = [req(D(2026, 9, 1)), req(D(2026, 9, 2))]
    p = program({"x": {"company": "Acme", "private": {"references": {"available": True}, "reference_requests": two}},
                 "y": {"company": "ACME", "private": {"references": {"available": True}, "reference_requests": two}},
                 "z": {"company": "Other", "private": {"references": {"available": True}, "reference_requests": two}}})
    got, _ = candidates(p, Query())
    assert [c.slug for c in got] == ["z", "x", "y"]  # the tapped account ranks after the other
    assert got[1].account_warning == "Acme was asked 4 times in the last 90 days"
    assert got[0].account_warning is None
