"""Every formula of SPEC.md section 5, table-driven with hand-computed expectations, plus properties."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs_advocacy.core.health import advocacy_score, is_qualified, nps
from mkdocs_advocacy.core.load import AdvocateEntry, CaseStudyEntry
from mkdocs_advocacy.core.numbers import round_half_up
from mkdocs_advocacy.core.program import Program
from mkdocs_advocacy.core.records import Advocate, CaseStudy, Review
from mkdocs_advocacy.core.reviews import aggregate, aggregate_of, bucket, stars, tally
from mkdocs_advocacy.core.settings import Settings
from mkdocs_advocacy.core.standings import champion_wall, standings, tier_for
from mkdocs_advocacy.core.yamlsource import Located

AS_OF = dt.date(2026, 1, 31)
D = dt.date


JUNE = D(2025, 6, 1)


def review(rating, scale=5, date=JUNE, platform="g2", incentive=None):
    return Review(platform=platform, rating=rating, scale=scale, date=date, incentive=incentive)


def program(advocates: dict[str, dict], case_studies: dict[str, dict] | None = None, **settings) -> Program:
    p = Program(Settings(**settings), AS_OF, Path("."))
    for slug, data in advocates.items():
        data = {"company": "C", "industry": "I", "consent": {"public": True, "given": D(2025, 1, 1)}, **data}
        p.advocates[slug] = AdvocateEntry(slug, f"advocates/{slug}.yml", Advocate.model_validate(data), Located(data))
    for slug, data in (case_studies or {}).items():
        data = {"customer": "C", "summary": "S", "industry": "I", **data}
        p.case_studies[slug] = CaseStudyEntry(slug, f"case_studies/{slug}.md", CaseStudy.model_validate(data), "",
                                              1, Located(data))
    return p


# ------------------------------------------------------------------ ratings

@pytest.mark.parametrize("rating,scale,want_stars,want_bucket", [
    (5, 5, Fraction(5), 5), (1, 5, Fraction(1), 1), (4.5, 5, Fraction(9, 2), 5), (4.4, 5, Fraction(22, 5), 4),
    (9, 10, Fraction(9, 2), 5), (7, 10, Fraction(7, 2), 4), (1, 10, Fraction(1, 2), 1), (3, 10, Fraction(3, 2), 2),
    (2.5, 5, Fraction(5, 2), 3),
])
def test_normalized_stars_and_buckets(rating, scale, want_stars, want_bucket):
    assert stars(review(rating, scale)) == want_stars
    assert bucket(stars(review(rating, scale))) == want_bucket


def test_aggregate_counts_every_review_and_rounds_half_up():
    reviews = [review(5), review(4), review(4), review(2, platform="capterra"), review(8, 10, platform="capterra"),
               review(3, date=D(2026, 2, 1))]  # the last is after as_of: left out
    agg = aggregate(reviews, AS_OF)
    assert agg.count == 5
    assert agg.average == Fraction(19, 5)  # (5 + 4 + 4 + 2 + 4) / 5
    assert agg.distribution == {1: 0, 2: 1, 3: 0, 4: 3, 5: 1}
    js = agg.to_json(AS_OF)
    assert js["average"] == 3.8
    assert js["platforms"] == [{"platform": "g2", "count": 3, "average": 4.33},  # by count, then name
                               {"platform": "capterra", "count": 2, "average": 3.0}]


def test_incentivized_reviews_are_counted_unless_excluded_and_always_reported():
    reviews = [review(5, incentive="US$25"), review(1), review(3)]
    assert aggregate(reviews, AS_OF).count == 3
    excluded = aggregate(reviews, AS_OF, exclude_incentivized=True)
    assert (excluded.count, excluded.average, excluded.incentivized) == (2, Fraction(2), 1)


_REVIEWS = st.lists(st.builds(
    lambda rating, scale, day, platform, incentive: review(min(rating, scale), scale, AS_OF + dt.timedelta(days=day),
                                                           platform, incentive),
    st.sampled_from([1, 2, 2.5, 3, 3.7, 4, 4.5, 5, 7, 8.5, 10]), st.sampled_from([5, 10]), st.integers(-900, 30),
    st.sampled_from(["g2", "capterra", "trustradius"]), st.sampled_from([None, "US$25"])), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_REVIEWS, _REVIEWS, st.booleans())
def test_an_aggregate_of_tallies_added_up_is_the_aggregate_of_their_reviews(first, second, exclude):
    """Rebuilds add up per-advocate tallies instead of reading every review (core/public.py): the
    figures must be the ones the reviews themselves give, for any split of them."""
    total = tally(first, AS_OF) + tally(second, AS_OF)
    assert aggregate_of(total, exclude) == aggregate(first + second, AS_OF, exclude)


def test_no_reviews_means_no_average():
    agg = aggregate([], AS_OF)
    assert agg.to_json(AS_OF)["average"] is None and agg.count == 0


@pytest.mark.parametrize("value,places,want", [
    (Fraction(4445, 1000), 2, "4.45"), (Fraction(4455, 1000), 2, "4.46"), (Fraction(45, 10), 0, "5"),
    (Fraction(-125, 10), 0, "-13"), (Fraction(125, 10), 0, "13"), (Fraction(2, 3), 2, "0.67"), (Fraction(1, 8), 2, "0.13"),
])
def test_rounding_half_away_from_zero(value, places, want):
    assert str(round_half_up(value, places)) == want


# ------------------------------------------------------------------ points, tiers, wall

def test_points_window_boundaries_and_converted_referrals():
    p = program({"a": {"name": "A", "activities": [
        {"type": "speaking", "date": AS_OF},                        # on as_of: in (40)
        {"type": "webinar", "date": AS_OF - dt.timedelta(days=365)},  # exactly window_days before: out
        {"type": "referral", "date": D(2025, 6, 1), "converted": True},  # 25 + 25
        {"type": "reference_call", "date": D(2026, 3, 1)},            # future: out everywhere
    ]}})
    s = standings(p)["a"]
    assert s.window_points == 40 + 50
    assert s.all_time_points == 40 + 25 + 50
    assert s.activity_count == 3


def test_reviews_testimonials_and_published_case_studies_earn_points():
    p = program({"a": {"name": "A", "reviews": [{"platform": "g2", "rating": 1, "date": D(2025, 5, 1)}],
                       "testimonials": [{"quote": "q", "date": D(2025, 5, 2)}]}},
                {"pub": {"title": "T", "date": D(2025, 7, 1), "advocates": ["a"]},
                 "draft": {"title": "D", "date": D(2025, 7, 1), "advocates": ["a"], "draft": True},
                 "later": {"title": "L", "date": D(2026, 7, 1), "advocates": ["a"]}})
    assert standings(p)["a"].window_points == 15 + 10 + 50


@pytest.mark.parametrize("points,tier", [(0, None), (1, "supporter"), (49, "supporter"), (50, "advocate"),
                                         (149, "advocate"), (150, "champion"), (900, "champion")])
def test_tiers(points, tier):
    assert tier_for(points, Settings().tiers) == tier


def test_wall_order_ties_and_competition_ranks():
    def acts(n, date):
        return [{"type": "speaking", "date": date}] * n

    p = program({
        "zed": {"name": "Zed", "activities": acts(4, D(2025, 10, 1))},    # 160
        "amy": {"name": "amy", "activities": acts(3, D(2025, 12, 1))},    # 120, newer
        "bob": {"name": "Bob", "activities": acts(3, D(2025, 12, 1))},    # 120, same date: by name
        "cat": {"name": "Cat", "activities": acts(3, D(2025, 11, 1))},    # 120, older
        "dan": {"name": "Dan", "activities": acts(1, D(2025, 11, 1))},    # 40
        "off": {"name": "Off", "activities": acts(9, D(2025, 11, 1)), "consent": {"public": False}},
        "nil": {"name": "Nil"},
    })
    wall = champion_wall(p)
    assert [(r.rank, r.standing.slug) for r in wall] == [(1, "zed"), (2, "amy"), (2, "bob"), (2, "cat"), (5, "dan")]


def test_milestone_and_award_badges():
    p = program({"a": {"name": "A", "activities": [{"type": "social_share", "date": D(2025, 6, d)} for d in range(1, 11)],
                       "awards": [{"name": "Hero", "year": 2025}, {"name": "Voice", "year": 2024}]}})
    assert standings(p)["a"].badges == ("5 activities", "10 activities", "Hero 2025", "Voice 2024")


# ------------------------------------------------------------------ consent

@pytest.mark.parametrize("consent,public", [
    ({"public": True, "given": D(2025, 1, 1)}, True),
    ({"public": False, "given": D(2025, 1, 1)}, False),
    ({"public": True, "given": D(2026, 2, 1)}, False),                       # not yet
    ({"public": True, "given": D(2025, 1, 1), "expires": AS_OF}, False),     # expires on as_of: gone
    ({"public": True, "given": D(2025, 1, 1), "expires": D(2026, 2, 1)}, True),
])
def test_consent(consent, public):
    assert program({"a": {"name": "A", "consent": consent}}).is_public("a") is public


# ------------------------------------------------------------------ internal figures

def test_nps_example_from_the_spec():
    answers = [10] * 40 + [8] * 40 + [3] * 20
    assert nps(answers).score == 20


@pytest.mark.parametrize("answers,score", [([9, 0], 0), ([10, 10, 10, 0, 0, 0, 0, 7], -13), ([], None),
                                           ([9, 9, 0, 7, 7, 7, 7, 7], 13)])
def test_nps_rounding(answers, score):
    # -12.5 -> -13 and 12.5 -> 13: half away from zero
    assert nps(answers).score == score


def test_advocacy_score():
    adv = Advocate.model_validate({"name": "A", "company": "C", "industry": "I", "customer_since": D(2024, 1, 1),
                                   "private": {"nps": 9, "feature_adoption": 0.71, "health_score": 81,
                                               "positive_social_mentions": 1, "responded_to_last_request": True}})
    assert advocacy_score(adv, AS_OF) == 100
    low = Advocate.model_validate({"name": "A", "company": "C", "industry": "I", "customer_since": D(2025, 6, 1),
                                   "private": {"nps": 8, "feature_adoption": 0.70, "health_score": 80}})
    assert advocacy_score(low, AS_OF) == 0
    assert is_qualified(61) and not is_qualified(60)


# ------------------------------------------------------------------ properties

ratings = st.one_of(st.integers(1, 5).map(lambda r: (r, 5)), st.integers(1, 10).map(lambda r: (r, 10)))


@settings(max_examples=60, deadline=None)
@given(st.lists(ratings, min_size=1, max_size=6), st.lists(ratings, min_size=1, max_size=6))
def test_points_never_depend_on_rating(first, second):
    def with_ratings(rs):
        return program({"a": {"name": "A", "reviews": [{"platform": "g2", "rating": r, "scale": s,
                                                        "date": D(2025, 6, 1)} for r, s in rs]}})
    n = min(len(first), len(second))
    assert standings(with_ratings(first[:n]))["a"].window_points == standings(with_ratings(second[:n]))["a"].window_points


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 8), min_size=1, max_size=12))
def test_rank_is_one_plus_the_number_strictly_ahead(counts):
    p = program({f"p{i}": {"name": f"P{i}", "activities": [{"type": "social_share", "date": D(2025, 6, 1)}] * c}
                 for i, c in enumerate(counts)})
    wall = champion_wall(p)
    for row in wall:
        assert row.rank == 1 + sum(1 for o in wall if o.standing.window_points > row.standing.window_points)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(ratings, st.sampled_from(["g2", "capterra", "google"])), max_size=20))
def test_platform_counts_add_up_to_the_total(items):
    agg = aggregate([review(r, s, platform=p) for (r, s), p in items], AS_OF)
    assert sum(p.count for p in agg.platforms) == agg.count == sum(agg.distribution.values())


def test_as_of_comes_from_the_config_else_source_date_epoch():
    from mkdocs_advocacy.core.settings import resolve_as_of

    assert resolve_as_of(D(2025, 5, 5), {"SOURCE_DATE_EPOCH": "1782777600"}) == D(2025, 5, 5)
    assert resolve_as_of(None, {"SOURCE_DATE_EPOCH": "1782777600"}) == D(2026, 6, 30)
    assert resolve_as_of(None, {}) == dt.datetime.now(dt.timezone.utc).date()


def _review(platform, rating, product=None, date=JUNE, incentive=None):
    return {"platform": platform, "rating": rating, "date": date, "product": product, "incentive": incentive}


@pytest.mark.parametrize(("options", "count", "average"), [
    ({}, 2, Fraction(9, 2)),  # default markup_platforms [internal]: the two internal reviews
    ({"product": {"match": "Forecast"}}, 1, Fraction(4)),  # internal reviews of Forecast only
    ({"markup_platforms": ["internal", "g2"]}, 4, Fraction(7, 2)),
    ({"markup_platforms": ["internal", "g2"], "product": {"match": "Forecast"}}, 2, Fraction(5, 2)),
    ({"markup_platforms": ["trustpilot"]}, 0, None),  # no such review: no aggregateRating at all
    ({"exclude_incentivized": True}, 1, Fraction(5)),
])
def test_structured_data_counts_only_first_party_reviews_of_the_product(options, count, average):
    from mkdocs_advocacy.core.public import markup_aggregate, program_aggregate

    p = program({"a": {"name": "A", "reviews": [_review("internal", 4, "Forecast", incentive="Mug"),
                                                _review("internal", 5, "Signals"),
                                                _review("g2", 1, "Forecast"), _review("g2", 4)]},
                 "b": {"name": "B", "consent": {"public": False}, "reviews": [_review("capterra", 2, "Forecast")]}},
                **options)
    marked = markup_aggregate(p)
    assert (marked.count, marked.average) == (count, average)
    # the visible figures still count every review, whatever the markup may claim
    assert program_aggregate(p).count == (5 if not options.get("exclude_incentivized") else 4)
