"""The internal program report as plain text: headings and aligned columns (SPEC.md sections 5 and 9).

Reads only the dict of `core.health.report`; prints every figure and every list. Internal: it holds
private data (scores, NPS answers, e-mail addresses).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from .core.dates import MONTH_ABBR
from .core.docs_guard import REPORT_MARKER

TIER_LABELS = {"champion": "Champion", "advocate": "Advocate", "supporter": "Supporter", "none": "No tier"}


def type_label(activity_type: str) -> str:
    """`reference_call` -> `Reference call`."""
    words = activity_type.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def tier_label(tier: str | None) -> str:
    return TIER_LABELS.get(tier or "none", str(tier))


def percent(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "n/a"
    return f"{value * 100:.{digits}f}%"


def signed(value: int | None) -> str:
    if value is None:
        return "n/a"
    return f"+{value}" if value > 0 else str(value)


def _width(text: str) -> int:
    """Display width in a terminal: wide (CJK) characters take two cells, combining marks none."""
    n = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def _clean(value: object) -> str:
    """One line, no control characters: a record cannot break the layout."""
    if value is None:
        return "-"
    text = str(value)
    return "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], right: Iterable[int] = (),
          indent: str = "  ", above: Sequence[str] | None = None, footer: Sequence[object] | None = None) -> list[str]:
    """Aligned columns; `above` is an extra header line (e.g. years), `footer` a totals row under a rule."""
    right = set(right)
    cells = [[_clean(c) for c in row] for row in rows]
    foot = [_clean(c) for c in footer] if footer is not None else None
    every = [list(headers), *cells, *([foot] if foot else []), *([list(above)] if above else [])]
    widths = [max(_width(r[i]) for r in every) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        return (indent + "  ".join(_pad(v, widths[i], i in right) for i, v in enumerate(values))).rstrip()

    rule = indent + "  ".join("-" * w for w in widths)
    out = [line(above)] if above else []
    out += [line(headers), rule, *(line(r) for r in cells)]
    if foot:
        out += [rule, line(foot)]
    return out


def heading(title: str) -> list[str]:
    return ["", title, "=" * _width(title)]


def subheading(title: str) -> list[str]:
    return ["", title, "-" * _width(title)]


def _month_table(data: dict) -> list[str]:
    months: list[str] = data["months"]
    per_type: dict[str, dict[str, int]] = data["activities_per_month"]
    years, abbrs, last_year = [], [], None
    for m in months:
        year, month = m.split("-")
        years.append(year if year != last_year else "")
        abbrs.append(MONTH_ABBR[int(month) - 1])
        last_year = year
    rows = []
    for t in sorted(per_type, key=lambda t: (-sum(per_type[t].values()), t)):
        counts = [per_type[t].get(m, 0) for m in months]
        rows.append([type_label(t), *counts, sum(counts)])
    totals = [sum(per_type[t].get(m, 0) for t in per_type) for m in months]
    return table(["Type", *abbrs, "Total"], rows, right=range(1, len(months) + 2),
                 above=["", *years, ""], footer=["All activities", *totals, sum(totals)])


def render_report_text(data: dict) -> str:
    total = data["advocates"]
    nps = data["nps"]
    settings = data.get("settings", {})
    cap = settings.get("reference_cap", {})
    out: list[str] = [
        "ADVOCACY PROGRAM REPORT",
        f"Internal - contains private data. Never publish. ({REPORT_MARKER})",
        f"As of {data['as_of']}",
    ]

    out += heading("Summary")
    part = data["participation_rate"]
    out += table(["Figure", "Value"], [
        ["Advocates", total],
        ["Public advocates", f"{data['public_advocates']} of {total}"],
        ["Participation rate (last 90 days)",
         f"{percent(part)} ({data['participating_last_90_days']} of {total})"],
        ["NPS", f"{signed(nps['score'])} ({nps['respondents']} respondents)"],
        ["Qualified advocates (score above 60)", f"{data['qualified']} of {total}"],
    ])

    out += heading("Tiers")
    out += table(["Tier", "Advocates", "Share"],
                 [[tier_label(t), n, percent(n / total if total else None)] for t, n in data["tiers"].items()],
                 right=(1, 2))

    out += heading("Activities per month")
    if data["activities_per_month"]:
        out += _month_table(data)
    else:
        out += [f"  No activity from {data['months'][0]} to {data['months'][-1]}."]

    out += heading("Net Promoter Score")
    r = nps["respondents"]
    out += [f"  NPS {signed(nps['score'])} from {r} respondent{'s' if r != 1 else ''}", ""]
    out += table(["Group", "Answers", "People", "Share"], [
        ["Promoters", "9-10", nps["promoters"], percent(nps["promoters"] / r if r else None)],
        ["Passives", "7-8", nps["passives"], percent(nps["passives"] / r if r else None)],
        ["Detractors", "0-6", nps["detractors"], percent(nps["detractors"] / r if r else None)],
    ], right=(2, 3))

    out += heading("Advocacy score distribution")
    out += table(["Score", "Advocates"], [[band, n] for band, n in data["score_distribution"].items()],
                 right=(1,))
    out += [f"  Qualified (score above 60): {data['qualified']}"]

    out += heading("Lists to act on")
    out += subheading(f"Reference fatigue (more than {cap.get('max', '?')} reference calls in "
                      f"{cap.get('window_days', '?')} days)")
    if data["reference_fatigue"]:
        out += table(["Name", "Company", "Calls", "File"],
                     [[p["name"], p["company"], p["reference_calls"], p["file"]] for p in data["reference_fatigue"]],
                     right=(2,))
    else:
        out += ["  Nobody is over the cap."]
    out += subheading(f"Re-engagement (no activity in {settings.get('reengage_after_days', '?')} days, or none)")
    if data["reengagement"]:
        out += table(["Name", "Company", "Latest activity", "Days since", "File"],
                     [[p["name"], p["company"], p["latest_activity"] or "never", p["days_since"], p["file"]]
                      for p in data["reengagement"]], right=(3,))
    else:
        out += ["  Everyone has been active recently."]
    out += subheading("Qualified advocates with no activity yet")
    if data["qualified_without_activity"]:
        out += table(["Name", "Company", "Score"],
                     [[p["name"], p["company"], p["score"]] for p in data["qualified_without_activity"]],
                     right=(2,))
    else:
        out += ["  None."]

    out += heading("All advocates")
    out += table(
        ["Name", "Company", "Public", "Tier", "Points", "All-time", "Acts", "Latest", "Score", "Qual.", "NPS",
         "Email"],
        [[p["name"], p["company"], "yes" if p["public"] else "no", tier_label(p["tier"]), p["points"],
          p["all_time_points"], p["activities"], p["latest_activity"] or "never", p["score"],
          "yes" if p["qualified"] else "", p["nps"], p["email"]] for p in data["people"]],
        right=(4, 5, 6, 8, 10))
    out += ["", "  Points: within the champion window; All-time: every activity on or before the report date."]
    out += program_sections_text(data)
    return "\n".join(out) + "\n"


def _dash(value: object) -> str:
    return "-" if value is None or value == [] else str(value)


def program_sections_text(data: dict) -> list[str]:
    """The reference desk, champion moves, returns, recognition and goals (issue 13), when present."""
    out: list[str] = []
    refs = data.get("references")
    if refs:
        out += heading("Reference desk")
        req = refs["requests_in_window"]
        out += [f"  {refs['available']} people take reference calls ({refs['available_public']} named publicly). "
                f"Asks in the last {refs['window_days']} days: " + ", ".join(f"{k.replace('_', ' ')} {v}"
                                                                            for k, v in req.items()) + "."]
        conc = refs["concentration"]
        out += subheading(f"Concentration (reference calls since {conc['since']})")
        if conc["calls"]:
            out += [f"  Top three accounts took {percent(conc['top3_share'])} of {conc['calls']} calls "
                    f"across {conc['accounts']} accounts" + (" - WARNING: too concentrated." if conc["warning"]
                                                             else "."), ""]
            out += table(["Account", "Calls", "Share"],
                         [[a["company"], a["calls"], percent(a["share"])] for a in conc["top_accounts"]], right=(1, 2))
        else:
            out += ["  No reference calls in this period."]
        out += subheading("At their cap (no ask left in the window)")
        out += (table(["Name", "Company", "Asks", "Cap"], [[c["name"], c["company"], c["asks_in_window"], c["cap"]]
                                                           for c in refs["at_cap"]], right=(2, 3))
                if refs["at_cap"] else ["  Nobody."])
        out += subheading("Accounts asked in the window")
        out += (table(["Account", "Asks"], [[a["company"], a["asks"]] for a in refs["accounts_asked"]], right=(1,))
                if refs["accounts_asked"] else ["  None."])
        for industry, people in refs["by_industry"].items():
            out += subheading(f"References for {industry}")
            out += (table(["Name", "Company", "Asks left", "Last asked", "Public", "Warning"],
                          [[c["name"], c["company"], f"{c['calls_left']} of {c['cap']}", c["last_asked"] or "never",
                            "yes" if c["public"] else "internal only", c["account_warning"]] for c in people])
                    if people else ["  Nobody with asks left."])
    moves = data.get("moves")
    if moves:
        out += heading(f"Champion moves (left a company in the last {moves['days']} days)")
        out += (table(["Name", "From", "To", "Left", "Lead", "Already there", "Left behind"],
                      [[m["name"], m["from_company"], m["to_company"], m["left"], "NEW LOGO" if m["lead"] else "",
                        ", ".join(m["new_company_advocates"] + m["new_company_case_studies"]) or "-",
                        ", ".join(m["left_behind"]) or "-"] for m in moves["moves"]])
                if moves["moves"] else ["  No moves."])
    ret = data.get("returns")
    if ret:
        out += heading(f"Returns per quarter ({ret['currency']})")
        rows = [[q["quarter"], q["referrals"], q["converted"], percent(q["conversion_rate"]), q["reference_calls"],
                 q["deals"], q["pipeline"], q["won"], q["reference_influenced_deals"],
                 q["reference_influenced_pipeline"], _dash(q["cost"]),
                 percent(q["roi"]) if q["roi"] is not None else "-"] for q in ret["quarters"]]
        t = ret["totals"]
        foot = ["Total", t["referrals"], t["converted"], percent(t["conversion_rate"]), t["reference_calls"],
                t["deals"], t["pipeline"], t["won"], t["reference_influenced_deals"],
                t["reference_influenced_pipeline"], _dash(t["cost"]), percent(t["roi"]) if t["roi"] is not None else "-"]
        out += table(["Quarter", "Referrals", "Conv.", "Rate", "Calls", "Deals", "Pipeline", "Won", "Ref. deals",
                      "Ref. pipeline", "Cost", "ROI"], rows, right=range(1, 12), footer=foot)
        for e in ret["errors"]:
            out += [f"  ERROR {e}"]
    rec = data.get("recognition")
    if rec:
        out += heading(f"Recognition queue (since {rec['since']})")
        out += subheading("Not thanked yet")
        out += (table(["Date", "Name", "Company", "For", "File"],
                      [[r["date"], r["name"], r["company"], r["label"], r["file"]] for r in rec["not_thanked"]])
                if rec["not_thanked"] else ["  Everyone has been thanked."])
        out += subheading("Milestones reached")
        out += (table(["Reached", "Name", "Milestone", "Thanked"],
                      [[m["reached"], m["name"], f"{m['milestone']} activities", m["thanked"] or "not yet"]
                       for m in rec["milestones"]]) if rec["milestones"] else ["  None."])
        out += subheading("Awards")
        out += (table(["Year", "Name", "Award"], [[a["year"], a["name"], a["award"]] for a in rec["awards"]])
                if rec["awards"] else ["  None."])
    goals = data.get("goals")
    if goals:
        out += heading("Goals and trends per quarter")
        names = ["case_studies", "reviews", "referrals", "reference_calls", "nps"]

        def cell(q: dict, g: str) -> str:
            got = q["goals"][g]
            actual = signed(got["actual"]) if g == "nps" else _dash(got["actual"])
            return actual if got["target"] is None else f"{actual} / {got['target']}" + (" ok" if got["met"] else "")
        out += table(["Quarter", "Case studies", "Reviews", "Referrals", "Ref. calls", "NPS", "Respondents",
                      "Avg rating"],
                     [[q["quarter"], *(cell(q, g) for g in names), q["nps_respondents"], _dash(q["average_rating"])]
                      for q in goals["quarters"]], right=range(1, 8))
        out += ["", "  With a target: actual / target, and ok when met."]
        out += subheading("Detractors and passives at risk")
        out += (table(["Name", "Company", "NPS", "Group", "Answered", "Previous", "Trend"],
                      [[r["name"], r["company"], r["nps"], r["group"], _dash(r["answered"]), _dash(r["previous"]),
                        _dash(r["trend"])] for r in goals["at_risk"]], right=(2, 5))
                if goals["at_risk"] else ["  Nobody: every current answer is 9 or 10."])
    return out


def _candidate_rows(people: Sequence) -> list[list[object]]:
    return [[i, c.name, c.company, c.title or "-", "; ".join(c.matched) or "-", f"{c.calls_left} of {c.cap}",
             c.last_asked.isoformat() if c.last_asked else "never", "" if c.public else "internal only"]
            for i, c in enumerate(people, 1)]


def render_match_text(as_of: str, criteria: dict[str, str], proposed: Sequence, held: Sequence,
                      window_days: int, internal: bool) -> str:
    """`advocacy match` as text: the ranked list, why each matches, asks left, last asked, account warnings."""
    asked = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in criteria.items()) or "anyone available"
    out = [f"Reference matches for: {asked}",
           f"As of {as_of}; asks left within {window_days} days. Internal - never publish.",
           "Including people not named publicly (internal-only references)." if internal
           else "Only people who consented to be named publicly (add --internal for the others).", ""]
    if proposed:
        out += table(["#", "Name", "Company", "Title", "Why", "Asks left", "Last asked", "Note"],
                     _candidate_rows(proposed), right=(0,), indent="")
        warnings = [f"  ! {c.name}: {c.account_warning}" for c in proposed if c.account_warning]
        if warnings:
            out += ["", "Accounts tapped recently (asks counted per company):", *warnings]
    else:
        out += ["Nobody available matches."]
    if held:
        out += ["", f"At their cap (no ask left in {window_days} days): "
                + ", ".join(f"{c.name} ({c.company})" for c in held)]
    return "\n".join(out).rstrip() + "\n"
