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
    return "\n".join(out) + "\n"
