"""Calendar quarters: `2026-Q3` is July to September 2026."""

from __future__ import annotations

import datetime as dt


def quarter_of(d: dt.date) -> str:
    return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"


def quarter_start(label: str) -> dt.date:
    year, q = int(label[:4]), int(label[-1])
    return dt.date(year, 3 * (q - 1) + 1, 1)


def last_quarters(as_of: dt.date, count: int) -> list[str]:
    """The `count` quarters ending with as_of's, oldest first."""
    year, q = as_of.year, (as_of.month - 1) // 3 + 1
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-Q{q}")
        year, q = (year - 1, 4) if q == 1 else (year, q - 1)
    return out[::-1]
