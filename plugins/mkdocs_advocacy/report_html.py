"""The internal program report as one self-contained HTML file (SPEC.md sections 5 and 9).

Inline CSS, charts drawn here as inline SVG, no script, no font or image fetched from anywhere:
the file can be mailed or opened offline. Rendered by Jinja2 with autoescape on; the SVG built here
escapes every text it draws. Deterministic: the only date in the output is the report's `as_of`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from .core.dates import MONTH_ABBR, MONTHS
from .core.docs_guard import REPORT_MARKER
from .report_text import percent, signed, tier_label, type_label

TEMPLATE_DIR = Path(__file__).parent / "report"


INK, MUTED, GRID, AXIS = "#1a2233", "#5b6577", "#e6e9ef", "#c5cad3"

# One fixed colour per activity type (Tableau 10 and two more), so a type keeps its colour from
# one report to the next. Unknown types take the spare colours in turn.
TYPE_COLOURS = {
    "case_study": "#4e79a7", "review": "#f28e2b", "testimonial": "#59a14f", "reference_call": "#e15759",
    "referral": "#76b7b2", "speaking": "#b07aa1", "webinar": "#edc948", "advisory_board": "#9c755f",
    "community_answer": "#ff9da7", "social_share": "#bab0ac", "user_content": "#2f4b7c",
    "beta_feedback": "#8cd17d",
}
SPARE_COLOURS = ("#6b7280", "#a3a86b", "#d37295", "#499894")

TIER_COLOURS = {"champion": "#1d4e89", "advocate": "#3f7cc0", "supporter": "#8fb3dd", "none": "#c7ccd5"}
NPS_COLOURS = {"promoters": "#2e7d4f", "passives": "#a9b0bc", "detractors": "#c0392b"}
SCORE_COLOUR, SCORE_QUALIFIED_COLOUR = "#8fb3dd", "#1d4e89"


def _n(x: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros (stable output)."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _nice_max(value: int, ticks: int = 4) -> tuple[int, int]:
    """(top, step) of a y axis that holds `value` with about `ticks` round steps."""
    if value <= 0:
        return ticks, 1
    raw = value / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    return step * math.ceil(value / step), step


def _text(x: float, y: float, content: object, anchor: str = "middle", size: int = 12, fill: str = MUTED,
          weight: int | None = None, extra: str = "") -> str:
    w = f' font-weight="{weight}"' if weight else ""
    return (f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" font-size="{size}" fill="{fill}"{w}{extra}>'
            f"{escape(str(content))}</text>")


def _svg(width: int, height: int, title: str, desc: str, body: Sequence[str], css_class: str) -> Markup:
    ident = css_class
    head = (f'<svg class="chart {css_class}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="{ident}-title {ident}-desc" preserveAspectRatio="xMidYMid meet">'
            f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>')
    return Markup(head + "".join(body) + "</svg>")


def month_label(month: str, long: bool = False) -> str:
    year, m = month.split("-")
    return f"{(MONTHS if long else MONTH_ABBR)[int(m) - 1]} {year}"


def month_abbr(month: str) -> str:
    return MONTH_ABBR[int(month.split("-")[1]) - 1]


def long_date(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def type_order(data: dict) -> list[str]:
    """Activity types by total over the 12 months, largest first (bottom of each stack)."""
    per = data["activities_per_month"]
    return sorted(per, key=lambda t: (-sum(per[t].values()), t))


def type_colours(types: Sequence[str]) -> dict[str, str]:
    spare = iter(SPARE_COLOURS * (1 + len(types)))
    return {t: TYPE_COLOURS.get(t) or next(spare) for t in types}


def activity_chart(data: dict) -> Markup:
    months: list[str] = data["months"]
    per = data["activities_per_month"]
    types = type_order(data)
    colours = type_colours(types)
    totals = [sum(per[t].get(m, 0) for t in types) for m in months]
    width, height = 960, 300
    left, right, top, bottom = 44, 8, 26, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value, step = _nice_max(max(totals, default=0))
    scale = plot_h / top_value
    body: list[str] = []
    body += _y_grid(left, width - right, top + plot_h, top_value, step, scale, label_gap=8)
    slot = plot_w / len(months)
    bar = min(56.0, slot * 0.62)
    last_year = None
    for i, m in enumerate(months):
        x = left + i * slot + (slot - bar) / 2
        y = top + plot_h
        for t in types:
            count = per[t].get(m, 0)
            if not count:
                continue
            h = count * scale
            y -= h
            body.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(bar)}" height="{_n(h)}" fill="{colours[t]}" '
                        f'stroke="#fff" stroke-width="1"><title>{escape(type_label(t))}, '
                        f'{escape(month_label(m, long=True))}: {count}</title></rect>')
        cx = x + bar / 2
        if totals[i]:
            body.append(_text(cx, y - 7, totals[i], size=12, fill=INK, weight=600))
        year, mm = m.split("-")
        body.append(_text(cx, top + plot_h + 18, MONTH_ABBR[int(mm) - 1], size=12))
        if year != last_year:
            body.append(_text(cx, top + plot_h + 35, year, size=11, fill=MUTED, weight=600))
            last_year = year
    if not any(totals):
        body.append(_text(left + plot_w / 2, top + plot_h / 2, "No activity in these 12 months", size=14))
    total = sum(totals)
    busiest = max(range(len(months)), key=lambda i: (totals[i], i)) if any(totals) else None
    desc = (f"{total} activities from {month_label(months[0], True)} to {month_label(months[-1], True)}"
            + (f"; busiest month {month_label(months[busiest], True)} with {totals[busiest]}" if busiest is not None
               else "") + ". Monthly totals: "
            + ", ".join(f"{month_label(m)} {n}" for m, n in zip(months, totals, strict=True)) + ".")
    return _svg(width, height, "Activities per month, stacked by type", desc, body, "activity-chart")


def tier_chart(data: dict) -> Markup:
    tiers: dict[str, int] = data["tiers"]
    total = data["advocates"] or 0
    width, row, top = 330, 52, 4
    label_w, value_w = 80, 74
    height = top * 2 + row * len(tiers)
    most = max(tiers.values(), default=0) or 1
    span = width - label_w - value_w
    body: list[str] = []
    for i, (tier, n) in enumerate(tiers.items()):
        y = top + i * row
        w = span * n / most
        body.append(_text(label_w - 10, y + row / 2 + 5, tier_label(tier), anchor="end", size=14, fill=INK))
        body.append(f'<rect x="{label_w}" y="{_n(y + 10)}" width="{_n(max(w, 2 if n else 0))}" height="{row - 20}" '
                    f'rx="3" fill="{TIER_COLOURS.get(tier, TIER_COLOURS["none"])}"><title>{escape(tier_label(tier))}: '
                    f'{n}</title></rect>')
        share = (f'<tspan font-size="13" font-weight="400" fill="{MUTED}"> · {percent(n / total, 0)}</tspan>'
                 if total else "")
        body.append(f'<text x="{_n(label_w + w + 8)}" y="{_n(y + row / 2 + 5)}" font-size="15" font-weight="700" '
                    f'fill="{INK}">{n}{share}</text>')
    desc = "; ".join(f"{tier_label(t)}: {n}" for t, n in tiers.items()) + "."
    return _svg(width, height, "Advocates per tier", desc, body, "tier-chart")


def _band_low(band: str) -> int:
    return int(band.split("-")[0])


def score_chart(data: dict) -> Markup:
    bands: dict[str, int] = data["score_distribution"]
    width, height = 330, 236
    left, right, top, bottom = 28, 4, 22, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value, step = _nice_max(max(bands.values(), default=0))
    scale = plot_h / top_value
    body: list[str] = []
    body += _y_grid(left, width - right, top + plot_h, top_value, step, scale, label_gap=6)
    slot = plot_w / max(1, len(bands))
    for i, (band, n) in enumerate(bands.items()):
        x = left + i * slot + 2
        h = n * scale
        qualified = _band_low(band) >= 60
        fill = SCORE_QUALIFIED_COLOUR if qualified else SCORE_COLOUR
        body.append(f'<rect x="{_n(x)}" y="{_n(top + plot_h - h)}" width="{_n(slot - 4)}" height="{_n(h)}" '
                    f'fill="{fill}"><title>Score {escape(band)}: {n}</title></rect>')
        body.append(_text(x + (slot - 4) / 2, top + plot_h - h - 6, n, size=14, fill=INK, weight=700))
        body.append(_text(x + (slot - 4) / 2, top + plot_h + 18, band.replace("-", "–"), size=12))
    body.append(_text(left + plot_w / 2, height - 4, "Advocacy score, out of 100", size=12))
    desc = ("Advocates per advocacy score band: " + "; ".join(f"{b}: {n}" for b, n in bands.items())
            + f". {data['qualified']} qualified (score above 60).")
    return _svg(width, height, "Advocacy score distribution", desc, body, "score-chart")


def nps_chart(data: dict) -> Markup:
    nps = data["nps"]
    r = nps["respondents"]
    width, height = 330, 44
    body: list[str] = []
    if not r:
        body.append(f'<rect x="0" y="6" width="{width}" height="32" rx="4" fill="{GRID}"/>')
        body.append(_text(width / 2, 27, "No NPS answers yet", size=13))
    else:
        x = 0.0
        groups = [g for g in ("promoters", "passives", "detractors") if nps[g]]
        for g in groups:
            w = width * nps[g] / r
            body.append(f'<rect x="{_n(x)}" y="6" width="{_n(w)}" height="32" fill="{NPS_COLOURS[g]}" '
                        f'stroke="#fff" stroke-width="1.5"><title>{g.capitalize()}: {nps[g]} of {r}</title></rect>')
            if w >= 44:
                fill = INK if g == "passives" else "#fff"
                body.append(_text(x + w / 2, 27, percent(nps[g] / r, 0), size=13, fill=fill, weight=600))
            x += w
    desc = (f"NPS {signed(nps['score'])} from {r} respondents: {nps['promoters']} promoters, "
            f"{nps['passives']} passives, {nps['detractors']} detractors.")
    return _svg(width, height, "Net Promoter Score breakdown", desc, body, "nps-chart")


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(percent=percent, signed=signed, tier_label=tier_label, type_label=type_label,
                       month_label=month_label, month_abbr=month_abbr, long_date=long_date)
    return env


def render_report_html(data: dict) -> str:
    types = type_order(data)
    colours = type_colours(types)
    months = data["months"]
    per = data["activities_per_month"]
    fatigue = {p["slug"] for p in data["reference_fatigue"]}
    reengage = {p["slug"] for p in data["reengagement"]}
    nps = data["nps"]
    r = nps["respondents"]
    charts = {"activity": activity_chart(data), "tiers": tier_chart(data), "scores": score_chart(data),
              "nps": nps_chart(data)}
    if "returns" in data:
        from .report_charts import concentration_chart, returns_chart, trend_chart

        charts.update(returns=returns_chart(data["returns"]),
                      concentration=concentration_chart(data["references"]["concentration"]),
                      trend=trend_chart(data["goals"]))
    context = {
        "data": data,
        "charts": charts,
        "legend": [{"type": t, "label": type_label(t), "colour": colours[t], "total": sum(per[t].values())}
                   for t in types],
        "month_rows": [{"label": type_label(t), "colour": colours[t], "counts": [per[t].get(m, 0) for m in months],
                        "total": sum(per[t].values())} for t in types],
        "month_totals": [sum(per[t].get(m, 0) for t in types) for m in months],
        "nps_groups": [{"key": g, "label": g.capitalize(), "answers": a, "count": nps[g], "colour": NPS_COLOURS[g],
                        "share": percent(nps[g] / r, 0) if r else "n/a"}
                       for g, a in (("promoters", "9–10"), ("passives", "7–8"), ("detractors", "0–6"))],
        "tier_colours": TIER_COLOURS,
        "flags": {"fatigue": fatigue, "reengage": reengage},
        "marker": REPORT_MARKER,
    }

    return _environment().get_template("report.html").render(**context)


def _y_grid(x0: float, x1: float, baseline: float, top_value: int, step: int, scale: float,
            label_gap: float) -> list[str]:
    """Horizontal grid lines with their values, from the baseline up to `top_value`."""
    out = []
    for v in range(0, top_value + 1, step):
        y = baseline - v * scale
        out.append(f'<line x1="{x0}" y1="{_n(y)}" x2="{x1}" y2="{_n(y)}" '
                   f'stroke="{AXIS if v == 0 else GRID}" stroke-width="1"/>')
        out.append(_text(x0 - label_gap, y + 4, v, anchor="end", size=12))
    return out
