"""Review aggregates: normalized stars, buckets, counts and averages (SPEC.md section 5)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from math import floor

from .numbers import exact, mean, rounded
from .records import Review


def stars(review: Review) -> Fraction:
    """The rating on a 5-star scale."""
    return _stars(review.rating, review.scale)


@lru_cache(maxsize=4096)
def _stars(rating: float, scale: int) -> Fraction:
    # a program has a few dozen distinct ratings and ten thousand reviews: Fractions are slow to make
    return exact(rating) / scale * 5


@lru_cache(maxsize=4096)
def bucket(value: Fraction) -> int:
    """Stars rounded half up to a whole star (4.5 goes to 5). (Memoised like `_stars`: Fraction
    arithmetic is slow and there are few distinct values.)"""
    return min(5, max(1, floor(value + Fraction(1, 2))))


@dataclass(frozen=True)
class PlatformFigure:
    platform: str
    count: int
    average: Fraction


@dataclass(frozen=True)
class Aggregate:
    count: int
    average: Fraction | None
    distribution: dict[int, int]
    incentivized: int
    platforms: list[PlatformFigure] = field(default_factory=list)

    def to_json(self, as_of: dt.date) -> dict:
        return {
            "as_of": as_of.isoformat(),
            "count": self.count,
            "average": rounded(self.average, 2),
            "incentivized": self.incentivized,
            "distribution": {str(k): self.distribution[k] for k in range(1, 6)},
            "platforms": [{"platform": p.platform, "count": p.count, "average": rounded(p.average, 2)}
                          for p in self.platforms],
        }


def aggregate(reviews: Iterable[Review], as_of: dt.date, exclude_incentivized: bool = False) -> Aggregate:
    """Counts every review dated on or before `as_of`; negative ones are never dropped."""
    dated = [r for r in reviews if r.date <= as_of]
    counted = [r for r in dated if not (exclude_incentivized and r.incentive)]
    values = [stars(r) for r in counted]
    distribution = dict.fromkeys(range(1, 6), 0)
    per_platform: dict[str, list[Fraction]] = {}
    for r, s in zip(counted, values, strict=True):
        distribution[bucket(s)] += 1
        per_platform.setdefault(r.platform, []).append(s)
    platforms = sorted((PlatformFigure(p, len(v), mean(v) or Fraction(0)) for p, v in per_platform.items()),
                       key=lambda p: (-p.count, p.platform))
    return Aggregate(len(counted), mean(values), distribution, sum(1 for r in dated if r.incentive), platforms)


# A tally: how many reviews dated on or before as_of there are of each (platform, product, rating,
# scale, incentivized). It is all an aggregate is made of, and tallies add up: a program's is the sum
# of its advocates' (core/public.py keeps each with its record), and a product's or the markup's is
# the part of it whose keys match, so a rebuild sums ten thousand small tallies instead of reading
# every review again for every aggregate.
TallyKey = tuple[str, "str | None", float, int, bool]


def tally(reviews: Iterable[Review], as_of: dt.date) -> Counter[TallyKey]:
    return Counter((r.platform, r.product, r.rating, r.scale, bool(r.incentive)) for r in reviews if r.date <= as_of)


def aggregate_of(counts: Counter[TallyKey] | dict[TallyKey, int], exclude_incentivized: bool = False) -> Aggregate:
    """The aggregate of the reviews a tally counts: what `aggregate` gives for them."""
    distribution = dict.fromkeys(range(1, 6), 0)
    by_value: Counter[Fraction] = Counter()
    per_platform: dict[str, Counter[Fraction]] = {}
    incentivized = 0
    for (platform, _, rating, scale, incentive), n in counts.items():
        if not n:
            continue
        if incentive:
            incentivized += n
            if exclude_incentivized:
                continue
        value = _stars(rating, scale)
        distribution[bucket(value)] += n
        by_value[value] += n
        per_platform.setdefault(platform, Counter())[value] += n
    platforms = sorted((PlatformFigure(p, sum(c.values()), _mean(c) or Fraction(0)) for p, c in per_platform.items()),
                       key=lambda p: (-p.count, p.platform))
    return Aggregate(sum(by_value.values()), _mean(by_value), distribution, incentivized, platforms)


def _mean(counts: Counter[Fraction]) -> Fraction | None:
    n = sum(counts.values())
    return sum((v * k for v, k in counts.items()), Fraction(0)) / n if n else None
