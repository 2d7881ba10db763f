"""Exact arithmetic and SPEC.md's rounding: half up (away from zero) from the exact value."""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def exact(value: float | int) -> Fraction:
    """A rating as written (4.5 is 9/2, not 4.4999...)."""
    return Fraction(str(value)) if isinstance(value, float) else Fraction(value)


def round_half_up(value: Fraction, places: int = 0) -> Decimal:
    """Half away from zero, from the exact value: 4.45 -> 4.5 (1 place); -12.5 -> -13."""
    q = Decimal(1).scaleb(-places)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(q, rounding=ROUND_HALF_UP)


def rounded(value: Fraction | None, places: int) -> float | None:
    return None if value is None else float(round_half_up(value, places))


def mean(values: list[Fraction]) -> Fraction | None:
    if not values:
        return None
    # summed by distinct value: adding ten thousand Fractions one by one reduces each partial sum
    return sum((v * n for v, n in Counter(values).items()), Fraction(0)) / len(values)


def plain(value: float | int) -> str:
    """A number as a marketer wrote it: 5, not 5.0; 4.5 as 4.5."""
    return str(int(value)) if float(value).is_integer() else str(value)
