"""Champion moves, the recognition queue, goals and trends, and dated NPS answers (issue 13), by hand."""

from __future__ import annotations

import pytest
from mkdocs_advocacy.core.goals import goals_report
from mkdocs_advocacy.core.health import advocacy_score, program_nps, report
from mkdocs_advocacy.core.load import parse_advocate
from mkdocs_advocacy.core.moves import moves_report
from mkdocs_advocacy.core.recognition import recognition_report
from programkit import AS_OF, D, call, program, referral

# ------------------------------------------------------------------ dated NPS


@pytest.mark.parametrize("nps,want", [
    (9, 9),
    ([{"score": 4, "date": D(2026, 1, 5)}, {"score": 10, "date": D(2026, 6, 1)}], 10),
    ([{"score": 10, "date": D(2026, 6, 1)}, {"score": 4, "date": D(2026, 1, 5)}], 10),  # by date, not order
    ([{"score": 3, "date": D(2026, 6, 1)}, {"score": 10, "date": D(2026, 10, 1)}], 3),  # after as_of: left out
    ([{"score": 10, "date": D(2026, 10, 1)}], None),
    ([], None),
])
def test_current_nps_answer(nps, want):
    p = program({"a": {"private": {"nps": nps}}})
    assert p.advocates["a"].record.private.nps_at(AS_OF) == want
    assert program_nps(p).respondents == (0 if want is None else 1)
    assert (advocacy_score(p.advocates["a"].record, AS_OF) == 25) is (want is not None and want >= 9)


@pytest.mark.parametrize("value,message", [
    ("11", "advocates/x.yml:5: private.nps: must be between 0 and 10 (value hidden: private)"),
    ("true", "advocates/x.yml:5: private.nps: must be a whole number from 0 to 10, or a list of {score, date} "
             "(value hidden: private)"),
    ("\n    - {score: 11, date: 2026-01-01}",
     "advocates/x.yml:6: private.nps[0].score: must be between 0 and 10 (value hidden: private)"),
    ("\n    - {score: 9}", "advocates/x.yml:6: private.nps[0].date: is required (value hidden: private)"),
    ("\n    - {score: 9, date: 2026-01-01, who: secret-person}",
     "advocates/x.yml:6: private.nps[0].(unknown key): unknown field (value hidden: private)"),
    ("\n    - 9", "advocates/x.yml:6: private.nps[0]: each answer must be a set of fields: {score: 0..10, date: "
               "YYYY-MM-DD} (value hidden: private)"),
])
def test_bad_nps_answers_are_errors_on_their_line_without_the_value(value, message):
    text = f"name: X\ncompany: C\nindustry: I\nprivate:\n  nps: {value}\n"
    _, problems = parse_advocate(text, "advocates/x.yml")
    assert [str(p) for p in problems] == [message]
    assert "secret-person" not in message


# ------------------------------------------------------------------ moves


def test_champion_moves():
    # as_of 2026-09-30, window 180 days: until in 2026-04-04 .. 2026-09-30.
    p = program({
        "mia": {"company": "Newco", "previous_companies": [{"company": "Oldco", "title": "VP", "until": D(2026, 8, 31)}]},
        "old": {"company": "Oldco"},
        "sam": {"company": "Known Inc", "previous_companies": [{"company": "Oldco", "until": D(2026, 4, 4)}]},
        "kai": {"company": "known inc"},
        "gone": {"company": "Far", "previous_companies": [{"company": "Oldco", "until": D(2026, 4, 3)},
                                                           {"company": "Undated"}]},
    }, case_studies={"far-story": {"title": "T", "customer": "Far", "date": D(2026, 1, 1)}})
    r = moves_report(p)
    assert (r["since"], r["leads"]) == ("2026-04-03", 1)
    assert [(m["slug"], m["from_company"], m["to_company"], m["left"], m["days_ago"], m["lead"]) for m in r["moves"]] == [
        ("mia", "Oldco", "Newco", "2026-08-31", 30, True),
        ("sam", "Oldco", "Known Inc", "2026-04-04", 179, False),
    ]
    mia, sam = r["moves"]
    assert mia["left_behind"] == ["old"] and mia["from_title"] == "VP"
    assert sam["new_company_advocates"] == ["kai"] and sam["new_company_case_studies"] == []


# ------------------------------------------------------------------ recognition


def test_recognition_queue():
    # milestones [5, 10, 25, 50]; window 90 days: 2026-07-03 .. 2026-09-30.
    five = [{"type": "social_share", "date": D(2026, 7, 1 + i)} for i in range(5)]  # 5th on 2026-07-05
    p = program({
        "ada": {"activities": [*five[:4], {**five[4], "thanked": D(2026, 7, 9)}],
                "private": {"thanked_milestones": [{"milestone": 5, "thanked": D(2026, 7, 9)}]}},
        "bo": {"activities": five, "awards": [{"name": "Champion", "year": 2026}, {"name": "Old", "year": 2024}]},
        "cy": {"activities": [{"type": "webinar", "date": D(2026, 9, 1), "title": "Live demo"}]},
    })
    r = recognition_report(p)
    assert (r["since"], r["days"]) == ("2026-07-02", 90)
    assert [(m["slug"], m["milestone"], m["reached"], m["thanked"]) for m in r["milestones"]] == [
        ("ada", 5, "2026-07-05", "2026-07-09"), ("bo", 5, "2026-07-05", None)]
    assert [(a["slug"], a["award"]) for a in r["awards"]] == [("bo", "Champion")]
    # ada: 07-03 and 07-04 (07-01, 07-02 fall before the window; 07-05 is thanked); bo: all but 07-01, 07-02
    assert [(q["slug"], q["date"], q["label"]) for q in r["not_thanked"]] == [
        ("ada", "2026-07-03", "social share"), ("bo", "2026-07-03", "social share"),
        ("ada", "2026-07-04", "social share"), ("bo", "2026-07-04", "social share"),
        ("bo", "2026-07-05", "milestone: 5 activities"), ("bo", "2026-07-05", "social share"),
        ("cy", "2026-09-01", "webinar: Live demo")]


# ------------------------------------------------------------------ goals and trends


def test_goals_and_trends_per_quarter():
    p = program({
        "a": {"reviews": [{"platform": "g2", "rating": 5, "date": D(2026, 7, 1)},
                          {"platform": "g2", "rating": 8, "scale": 10, "date": D(2026, 8, 1)}],
              "activities": [referral(D(2026, 7, 5)), call(D(2026, 8, 5)), call(D(2026, 9, 5))],
              "private": {"nps": [{"score": 10, "date": D(2026, 4, 1)}, {"score": 6, "date": D(2026, 8, 1)},
                                  {"score": 5, "date": D(2026, 9, 1)}]}},
        "b": {"private": {"nps": [{"score": 9, "date": D(2026, 8, 20)}]}},
        "c": {"private": {"nps": 8}},  # undated: in no quarter's NPS, but at risk
    }, case_studies={"s": {"title": "T", "date": D(2026, 9, 1)}, "later": {"title": "L", "date": D(2026, 10, 1)}},
        program={"goals": {"reviews": 2, "referrals": 2, "reference_calls": 1, "nps": 10}})
    r = goals_report(p)
    rows = {q["quarter"]: q for q in r["quarters"]}
    q3 = rows["2026-Q3"]
    # reviews 5 and 8/10 = 4 stars: mean 4.5; NPS over each latest answer: a 5 (detractor), b 9 (promoter) = 0
    assert (q3["case_studies"], q3["reviews"], q3["referrals"], q3["reference_calls"]) == (1, 2, 1, 2)
    assert (q3["average_rating"], q3["nps"], q3["nps_respondents"]) == (4.5, 0, 2)
    assert q3["goals"]["reviews"] == {"target": 2, "actual": 2, "progress": 1.0, "met": True}
    assert q3["goals"]["referrals"] == {"target": 2, "actual": 1, "progress": 0.5, "met": False}
    assert q3["goals"]["reference_calls"]["met"] is True
    assert q3["goals"]["nps"] == {"target": 10, "actual": 0, "progress": None, "met": False}
    assert q3["goals"]["case_studies"] == {"target": None, "actual": 1, "progress": None, "met": None}
    assert (rows["2026-Q2"]["nps"], rows["2026-Q2"]["nps_respondents"]) == (100, 1)
    # an empty quarter
    assert rows["2025-Q4"] == {"quarter": "2025-Q4", "case_studies": 0, "reviews": 0, "referrals": 0,
                               "reference_calls": 0, "nps": None, "nps_respondents": 0, "average_rating": None,
                               "goals": {**{g: {"target": t, "actual": 0, "progress": 0.0 if t else None,
                                                "met": False if t else None}
                                            for g, t in (("case_studies", None), ("reviews", 2), ("referrals", 2),
                                                         ("reference_calls", 1))},
                                         "nps": {"target": 10, "actual": None, "progress": None, "met": None}}}
    assert [(x["slug"], x["nps"], x["group"], x["previous"], x["trend"]) for x in r["at_risk"]] == [
        ("a", 5, "detractor", 6, "down"), ("c", 8, "passive", None, None)]


def test_the_report_carries_the_new_top_level_keys():
    data = report(program({"a": {}}))
    for key in ("references", "moves", "returns", "recognition", "goals"):
        assert key in data
    assert data["returns"]["currency"] == "USD"
