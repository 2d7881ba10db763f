"""Inline-SVG charts of the report's issue-13 sections: returns per quarter, account concentration,
and NPS and rating per quarter. Same rules as `report_html`: every text escaped, no script, stable
coordinates."""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape

from .report_html import GRID, INK, MUTED, _n, _svg, _text

PIPELINE, WON, INFLUENCED, WARN = "#8fb3dd", "#1d4e89", "#59a14f", "#c0392b"


def _money_short(value: Decimal) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if value >= 1_000:
        return f"{value / 1_000:.0f}k"
    return f"{value:.0f}"


def returns_chart(returns: dict) -> Markup:
    """Pipeline and won revenue per quarter, side by side."""
    rows = returns["quarters"]
    width, height, left, bottom, top = 640, 240, 12, 40, 24
    plot_h = height - top - bottom
    values = [(Decimal(q["pipeline"]), Decimal(q["won"])) for q in rows]
    most = max((max(p, w) for p, w in values), default=Decimal(0)) or Decimal(1)
    slot = (width - 2 * left) / max(1, len(rows))
    bar = min(48.0, slot * 0.32)
    body: list[str] = [f'<line x1="{left}" y1="{top + plot_h}" x2="{width - left}" y2="{top + plot_h}" '
                       f'stroke="{GRID}" stroke-width="1"/>']
    for i, (q, (pipe, won)) in enumerate(zip(rows, values, strict=True)):
        x0 = left + i * slot + slot / 2 - bar - 2
        for j, (value, colour, label) in enumerate(((pipe, PIPELINE, "pipeline"), (won, WON, "won"))):
            h = float(value / most) * plot_h
            x = x0 + j * (bar + 4)
            body.append(f'<rect x="{_n(x)}" y="{_n(top + plot_h - h)}" width="{_n(bar)}" height="{_n(h)}" '
                        f'fill="{colour}"><title>{escape(q["quarter"])} {label}: {escape(q[label])} '
                        f'{escape(returns["currency"])}</title></rect>')
            body.append(_text(x + bar / 2, top + plot_h - h - 5, _money_short(value), size=11, fill=INK))
        body.append(_text(left + i * slot + slot / 2, height - 18, q["quarter"], size=12))
    desc = (f"Pipeline and won revenue per quarter, in {returns['currency']}: "
            + "; ".join(f"{q['quarter']} pipeline {q['pipeline']}, won {q['won']}" for q in rows) + ".")
    return _svg(width, height, "Pipeline and won revenue per quarter", desc, body, "returns-chart")


def concentration_chart(conc: dict) -> Markup:
    """Each account's share of reference calls, the top three highlighted."""
    accounts = conc["top_accounts"]
    row, label_w, width = 26, 190, 560
    height = max(40, row * len(accounts) + 8)
    span = width - label_w - 60
    body: list[str] = []
    if not accounts:
        body.append(_text(width / 2, 24, "No reference calls in this period", size=13))
    for i, a in enumerate(accounts):
        y = 4 + i * row
        w = span * a["share"]
        colour = WARN if conc["warning"] and i < 3 else (WON if i < 3 else PIPELINE)
        body.append(_text(label_w - 8, y + 17, a["company"], anchor="end", size=12, fill=INK))
        body.append(f'<rect x="{label_w}" y="{_n(y + 4)}" width="{_n(max(w, 2))}" height="{row - 8}" rx="2" '
                    f'fill="{colour}"><title>{escape(a["company"])}: {a["calls"]} calls</title></rect>')
        body.append(_text(label_w + w + 6, y + 17, f"{a['calls']} · {a['share'] * 100:.0f}%", anchor="start",
                          size=12, fill=MUTED))
    share = conc["top3_share"]
    desc = (f"{conc['calls']} reference calls since {conc['since']}; the top three accounts took "
            + (f"{share * 100:.1f}%" if share is not None else "none") + ".")
    return _svg(width, height, "Share of reference calls per account", desc, body, "concentration-chart")


def trend_chart(goals: dict) -> Markup:
    """NPS (bars, -100..100) and average rating (figure under each bar) per quarter."""
    rows = goals["quarters"]
    width, height, top, bottom, left = 640, 220, 20, 44, 12
    plot_h = height - top - bottom
    mid = top + plot_h / 2
    slot = (width - 2 * left) / max(1, len(rows))
    bar = min(56.0, slot * 0.5)
    body: list[str] = [f'<line x1="{left}" y1="{_n(mid)}" x2="{width - left}" y2="{_n(mid)}" stroke="{GRID}" '
                       'stroke-width="1"/>']
    for i, q in enumerate(rows):
        cx = left + i * slot + slot / 2
        if q["nps"] is not None:
            h = abs(q["nps"]) / 100 * plot_h / 2
            y = mid - h if q["nps"] >= 0 else mid
            colour = "#2e7d4f" if q["nps"] >= 0 else WARN
            body.append(f'<rect x="{_n(cx - bar / 2)}" y="{_n(y)}" width="{_n(bar)}" height="{_n(h)}" '
                        f'fill="{colour}"><title>{escape(q["quarter"])}: NPS {q["nps"]} from '
                        f'{q["nps_respondents"]} answers</title></rect>')
            body.append(_text(cx, (y - 5) if q["nps"] >= 0 else (y + h + 14), f"{q['nps']:+d}", size=12,
                              fill=INK, weight=600))
        else:
            body.append(_text(cx, mid - 6, "no answers", size=11))
        rating = "–" if q["average_rating"] is None else f"★ {q['average_rating']:.2f}"
        body.append(_text(cx, height - 24, q["quarter"], size=12))
        body.append(_text(cx, height - 8, rating, size=11))
    desc = ("NPS and average rating per quarter: "
            + "; ".join(f"{q['quarter']} NPS {q['nps']}, rating {q['average_rating']}" for q in rows) + ".")
    return _svg(width, height, "NPS and average rating per quarter", desc, body, "trend-chart")
