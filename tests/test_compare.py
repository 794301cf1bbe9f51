"""Unit tests for claimtrack.compare on hand-built claims (no spaCy, no database)."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace
from typing import Any

import pytest

from claimtrack.compare import (
    candidate_pairs,
    compare_claims,
    judge,
    predicate_class,
    ranges_overlap,
    subject,
)
from claimtrack.model import VERDICTS, Claim, ClaimContext, article_id, claim_id

INF = math.inf
_offsets = itertools.count(0, 100)


def make_claim(**overrides: Any) -> Claim:
    """A claim about detainers ignored in North Carolina in FY2019; override any field.

    `low`/`high` may be given as math.inf / -math.inf for an open end (stored as None).
    `source` sets the article; ids are derived from it and the offsets unless given.
    """
    start = overrides.pop("start", next(_offsets))
    quote = overrides.get("quote", "489 detainers")
    fields: dict[str, Any] = {
        "source": "articles/a.txt",
        "sentence": f"Officials said {quote} were ignored.",
        "quote": quote,
        "start": start,
        "end": start + len(quote),
        "value": 489.0,
        "low": 489.0,
        "high": 489.0,
        "low_inclusive": True,
        "high_inclusive": True,
        "qualifier": "exact",
        "kind": "count",
        "unit": "detainer",
        "unit_text": "detainers",
        "predicate": "ignore",
        "place": "North Carolina",
        "period": "fiscal year 2019",
        "context": ClaimContext(period_key="fy2019"),
    }
    fields.update(overrides)
    for end in ("low", "high"):
        if fields[end] is not None and math.isinf(fields[end]):
            fields[end] = None
    fields.setdefault("article_id", article_id(fields["source"]))
    fields.setdefault("id", claim_id(fields["source"], fields["start"], fields["end"]))
    return Claim(**fields)


def exact(x: float, **overrides: Any) -> Claim:
    return make_claim(value=x, low=x, high=x, low_inclusive=True, high_inclusive=True,
                      qualifier="exact", **overrides)


def bounded(low: float, high: float, low_inclusive: bool, high_inclusive: bool, value: float,
            qualifier: str, **overrides: Any) -> Claim:
    return make_claim(value=value, low=low, high=high, low_inclusive=low_inclusive,
                      high_inclusive=high_inclusive, qualifier=qualifier, **overrides)


def nearly(x: float, **kw: Any) -> Claim:  # [0.95x, x)
    return bounded(0.95 * x, x, True, False, x, "nearly", **kw)


def about(x: float, **kw: Any) -> Claim:  # [0.9x, 1.1x]
    return bounded(0.9 * x, 1.1 * x, True, True, x, "about", **kw)


def more_than(x: float, **kw: Any) -> Claim:  # (x, inf)
    return bounded(x, INF, False, False, x, "over", **kw)


def at_least(x: float, **kw: Any) -> Claim:  # [x, inf)
    return bounded(x, INF, True, False, x, "at_least", **kw)


def up_to(x: float, **kw: Any) -> Claim:  # [0, x]
    return bounded(0, x, True, True, x, "up_to", **kw)


def fewer_than(x: float, **kw: Any) -> Claim:  # [0, x)
    return bounded(0, x, True, False, x, "under", **kw)


def hours(claim_maker: Any, x: float, unit: str = "hour", **kw: Any) -> Claim:
    kw.setdefault("quote", f"{x:g} {unit}s")
    kw.setdefault("predicate", "hold")
    return claim_maker(x, kind="duration", unit=unit, unit_text=None, **kw)


def both_ways(a: Claim, b: Claim) -> bool:
    forward, backward = ranges_overlap(a, b), ranges_overlap(b, a)
    assert forward == backward, "ranges_overlap must be symmetric"
    return forward


def other(claim_maker: Any, *args: Any, **kw: Any) -> Claim:
    """The same maker, for a claim in a second article."""
    kw.setdefault("source", "articles/b.txt")
    return claim_maker(*args, **kw)


# --- the factory itself ---------------------------------------------------------


def test_make_claim_builds_a_consistent_claim() -> None:
    claim = make_claim(quote="more than 500 detainers")
    assert claim.end - claim.start == len(claim.quote)
    assert claim.article_id == article_id("articles/a.txt")
    assert claim.id == claim_id("articles/a.txt", claim.start, claim.end)
    assert more_than(500).high is None and more_than(500).contains(501)
    assert not more_than(500).contains(500)


# --- ranges_overlap -------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        pytest.param(nearly(1200), exact(1180), True, id="nearly 1,200 vs 1,180"),
        pytest.param(about(500), exact(489), True, id="about 500 vs 489"),
        pytest.param(more_than(500), exact(489), False, id="more than 500 vs 489"),
        pytest.param(more_than(500), exact(500), False, id="more than 500 vs exactly 500 (open end)"),
        pytest.param(at_least(500), exact(500), True, id="at least 500 vs exactly 500 (closed end)"),
        pytest.param(fewer_than(500), exact(500), False, id="fewer than 500 vs 500"),
        pytest.param(up_to(500), exact(500), True, id="up to 500 vs 500"),
        pytest.param(exact(1200), nearly(1200), False, id="exactly 1,200 vs nearly 1,200"),
        pytest.param(bounded(100, 1000, True, False, 100, "vague"), more_than(500), True,
                     id="hundreds vs over 500"),
        pytest.param(bounded(100, 1000, True, False, 100, "vague"), exact(1000), False,
                     id="hundreds vs 1,000"),
        pytest.param(more_than(500), more_than(330), True, id="two open-ended ranges"),
        pytest.param(fewer_than(500), more_than(499.5), True, id="touching open intervals that overlap"),
        pytest.param(fewer_than(500), more_than(500), False, id="(.., 500) vs (500, ..)"),
    ],
)
def test_ranges_overlap(a: Claim, b: Claim, overlap: bool) -> None:
    assert both_ways(a, b) is overlap


def test_up_to_48_hours_overlaps_no_longer_than_48_hours() -> None:
    a = hours(up_to, 48, quote="up to 48 hours")
    b = hours(up_to, 48, quote="no longer than 48 hours", source="articles/b.txt")
    assert both_ways(a, b)
    assert judge(a, b)[0] == "agree"


def test_durations_are_compared_in_hours() -> None:
    two_days = hours(exact, 2, unit="day", source="articles/b.txt")
    assert both_ways(hours(exact, 48), two_days)
    assert judge(hours(exact, 48), two_days)[0] == "agree"
    assert both_ways(hours(up_to, 48), hours(exact, 1, unit="day", source="articles/b.txt"))
    assert not both_ways(hours(exact, 48), hours(exact, 3, unit="day", source="articles/b.txt"))
    assert not both_ways(hours(up_to, 48), hours(more_than, 2, unit="day", source="articles/b.txt"))
    assert both_ways(hours(exact, 2, unit="week"), hours(exact, 14, unit="day"))


# --- judge: verdicts ------------------------------------------------------------


def test_judge_conflict_same_place_and_period() -> None:
    a = exact(489, quote="A total of 489 detainers")
    b = other(more_than, 500, quote="more than 500 detainers")
    verdict, reason = judge(a, b)
    assert verdict == "conflict"
    assert a.quote in reason and b.quote in reason
    assert judge(b, a)[0] == "conflict"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(about(500), exact(489), id="about 500 vs 489"),
        pytest.param(nearly(1200), exact(1180), id="nearly 1,200 vs 1,180"),
        pytest.param(bounded(100, 1000, True, False, 100, "vague"), more_than(500), id="hundreds vs over 500"),
    ],
)
def test_judge_agree_when_ranges_overlap(a: Claim, b: Claim) -> None:
    b = make_claim(**{**b.row(), "source": "articles/b.txt", "article_id": article_id("articles/b.txt")})
    assert judge(a, b)[0] == "agree"
    assert judge(b, a)[0] == "agree"


def test_judge_exact_1200_vs_nearly_1200_is_not_agree() -> None:
    verdict, _ = judge(exact(1200), other(nearly, 1200))
    assert verdict == "conflict"


def test_judge_different_place_for_two_counties() -> None:
    a = exact(16, place="Wake County", unit="alien", unit_text="illegal aliens", predicate="release")
    b = other(exact, 22, place="Mecklenburg County", unit="alien", unit_text="illegal aliens",
              predicate="release")
    verdict, reason = judge(a, b)
    assert verdict == "different_place"
    assert "Wake County" in reason and "Mecklenburg County" in reason
    assert judge(b, a)[0] == "different_place"


def test_judge_place_inside_place_is_not_different_place() -> None:
    a = exact(25, place="Wake County Jail", context=ClaimContext(period_key="fy2019"))
    b = other(exact, 30, place="Wake County")
    assert judge(a, b)[0] == "conflict"


def test_judge_different_period_fy2018_vs_fy2019() -> None:
    a = exact(489, period="fiscal year 2018", context=ClaimContext(period_key="fy2018"))
    b = other(more_than, 500, period="FY 2019", context=ClaimContext(period_key="fy2019"))
    verdict, reason = judge(a, b)
    assert verdict == "different_period"
    assert "2018" in reason and "2019" in reason
    assert judge(b, a)[0] == "different_period"


def test_judge_same_period_key_in_different_words_is_still_a_conflict() -> None:
    a = exact(489, period="the past 10 months", context=ClaimContext(period_key="fy2019"))
    b = other(more_than, 500, period="Fiscal Year 2019", context=ClaimContext(period_key="fy2019"))
    assert judge(a, b)[0] == "conflict"


def test_judge_claims_without_a_period_in_articles_months_apart_are_different_periods() -> None:
    """"5 people were killed" in a March article and "9 people were killed" in a June one,
    neither stating when: two events, not one disputed toll."""
    a = exact(5, unit="person", unit_text="people", predicate="kill", period=None, context=ClaimContext())
    b = other(exact, 9, unit="person", unit_text="people", predicate="kill", period=None, context=ClaimContext())
    verdict, reason = judge(a, b, ("2024-03-02", "2024-06-10"))
    assert verdict == "different_period"
    assert "100 days apart" in reason and "2024-03-02" in reason and "2024-06-10" in reason
    assert judge(a, b, ("2024-06-10T08:00:00", "2024-03-02"))[0] == "different_period"
    # A toll updated within days of the first report is the same quantity.
    assert judge(a, b, ("2024-03-02", "2024-03-05"))[0] == "conflict"
    # Undated articles: nothing says the times differ.
    assert judge(a, b, (None, "2024-06-10"))[0] == "conflict"
    assert judge(a, b)[0] == "conflict"


def test_judge_last_year_in_articles_of_different_years_is_not_one_period() -> None:
    a = exact(489, period="last year", context=ClaimContext(period_key="last year"))
    b = other(exact, 700, period="last year", context=ClaimContext(period_key="last year"))
    assert judge(a, b, ("2019-05-01", "2019-08-01"))[0] == "conflict"
    verdict, reason = judge(a, b, ("2019-05-01", "2021-08-01"))
    assert verdict == "different_period"
    # "this year" in 2019 is "last year" in 2020.
    c = other(exact, 700, period="this year", context=ClaimContext(period_key="this year"))
    assert judge(a, c, ("2020-02-01", "2019-11-01"))[0] == "conflict"


@pytest.mark.parametrize(("key", "published", "first", "last"), [
    ("2019", None, "2019-01-01", "2019-12-31"),
    ("march 2019", None, "2019-03-01", "2019-03-31"),
    ("dec 2018", None, "2018-12-01", "2018-12-31"),
    ("first quarter 2019", None, "2019-01-01", "2019-03-31"),
    ("fourth quarter 2019", None, "2019-10-01", "2019-12-31"),
    ("1990s", None, "1990-01-01", "1999-12-31"),
    ("since 2015", "2019-11-03", "2015-01-01", "2019-11-03"),
    ("last year", "2019-11-03", "2018-01-01", "2018-12-31"),
    ("past 10 months", "2019-11-03", "2018-12-28", "2019-11-03"),
])
def test_time_span_places_a_stated_period_on_the_calendar(key: str, published: str | None,
                                                         first: str, last: str) -> None:
    from datetime import date

    from claimtrack.periods import time_span

    span = time_span(exact(1, period=key, context=ClaimContext(period_key=key)), published)
    assert span is not None
    assert (date.fromordinal(span[0]).isoformat(), date.fromordinal(span[1]).isoformat()) == (first, last)


def test_time_span_of_a_claim_without_period_is_the_month_before_publication() -> None:
    from datetime import date

    from claimtrack.periods import AS_OF_DAYS, time_span

    claim = exact(1, period=None, context=ClaimContext())
    day = date(2024, 6, 10).toordinal()
    assert time_span(claim, "2024-06-10") == (day - AS_OF_DAYS, day)
    assert time_span(claim, None) is None  # unknown: fits any time
    assert time_span(exact(1, period="the season", context=ClaimContext(period_key="season")), None) is None


def test_judge_different_event_when_one_only_could_happen() -> None:
    could = up_to(25, quote="as many as 25 criminal aliens", unit="alien",
                  unit_text="criminal aliens", predicate="release", context=ClaimContext(modality="could"))
    did = other(exact, 100, quote="100 criminal aliens", unit="alien", unit_text="criminal aliens",
                predicate="release", context=ClaimContext())
    assert judge(could, did)[0] == "different_event"
    assert judge(did, could)[0] == "different_event"


def test_judge_different_measure_percent_vs_count() -> None:
    percent = up_to(80, quote="up to 80 percent", kind="percent", unit="percent", unit_text=None,
                    context=ClaimContext(of="detainer", of_text="detainers", period_key="fy2019"))
    count = other(exact, 489)
    assert subject(percent) == subject(count) == "detainer"
    assert judge(percent, count)[0] == "different_measure"
    assert judge(count, percent)[0] == "different_measure"


def test_judge_verdicts_are_from_the_fixed_vocabulary() -> None:
    claims = [exact(489), other(more_than, 500), other(about, 500, source="articles/c.txt")]
    for a, b in itertools.permutations(claims, 2):
        assert judge(a, b)[0] in VERDICTS


# --- subjects and predicates ----------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "unit_text"),
    [
        ("alien", "illegal aliens"),
        ("immigrant", "undocumented immigrants"),
        ("migrant", "migrants"),
        ("alien", "criminal aliens"),
    ],
)
def test_subject_synonyms_for_immigrants(unit: str, unit_text: str) -> None:
    assert subject(exact(10, unit=unit, unit_text=unit_text)) == subject(
        exact(10, unit="immigrant", unit_text="immigrants"))


@pytest.mark.parametrize(
    ("unit", "unit_text"),
    [("request", "detainer requests"), ("detainer request", "detainer requests"),
     ("detainer", "detainers"), ("detainer", "immigration detainers")],
)
def test_subject_detainer_requests_are_detainers(unit: str, unit_text: str) -> None:
    assert subject(exact(489, unit=unit, unit_text=unit_text)) == subject(exact(489)) == "detainer"


def test_subject_different_things_differ() -> None:
    assert subject(exact(10, unit="alien", unit_text="aliens")) != subject(exact(10))
    assert subject(exact(10, unit="crime", unit_text="child sex crimes")) != subject(
        exact(10, unit="alien", unit_text="aliens"))


def test_predicate_classes() -> None:
    assert predicate_class(exact(1, predicate="ignore")) == predicate_class(
        exact(1, predicate="refuse to honor"))
    assert predicate_class(exact(1, predicate="release")) != predicate_class(exact(1, predicate="charge"))
    assert predicate_class(exact(1, predicate=None)) is None


@pytest.mark.parametrize(("one", "two"), [
    ("agree to pay", "pay"),          # the event is the last verb of a "to" chain
    ("plan to shutter", "close"),
    ("watch", "draw"),                # a crowd watched / a final drew fans
    ("carry", "cross"),               # a bridge carries / vehicles cross
    ("approve", "pass"),              # a board approved / passed a budget
])
def test_predicates_of_one_event(one: str, two: str) -> None:
    assert predicate_class(exact(1, predicate=one)) == predicate_class(exact(1, predicate=two))


@pytest.mark.parametrize(("one", "two"), [
    ("register", "finish"),           # runners registered / finished a marathon
    ("cancel", "delay"),
    ("apply", "admit"),
    ("agree to pay", "agree to sell"),
])
def test_predicates_of_different_events(one: str, two: str) -> None:
    assert predicate_class(exact(1, predicate=one)) != predicate_class(exact(1, predicate=two))


def test_people_who_died_are_deaths() -> None:
    died = exact(3, unit="resident", unit_text="residents", predicate="die")
    lives = exact(3, unit="life", unit_text="lives", predicate="claim")
    toll = exact(2274, unit=None, unit_text=None, predicate="rise", context=ClaimContext(of="death toll", of_text="death toll"))
    assert subject(died) == subject(lives) == subject(toll) == "death"
    # Without a verb of dying, residents are people, not deaths.
    assert subject(exact(3, unit="resident", unit_text="residents", predicate="evacuate")) == "person"


def test_a_rise_to_a_level_says_nothing_about_the_event() -> None:
    # "The death toll has risen to 2,274": a level, compatible with "killed 2,100".
    assert predicate_class(exact(2274, predicate="rise")) is None
    assert predicate_class(exact(6.4, predicate="fall")) is None
    # A cut stays an event: "shed 1,400 jobs" is not "hired 1,400".
    assert predicate_class(exact(1400, predicate="shed")) != predicate_class(exact(1400, predicate="hire"))


def test_ages_compare_only_for_one_person() -> None:
    def age(years: int, who: str | None) -> Claim:
        return exact(years, kind="age", unit="year", unit_text=None, predicate="arrest",
                     context=ClaimContext(who=who))

    assert subject(age(45, "suspect")) == subject(age(47, "Suspect")) == "age of suspect"
    assert subject(age(45, "suspect")) != subject(age(23, "man"))
    assert subject(age(45, None)) is None  # whose age is unknown: never compared


def test_a_crowd_and_fans_are_one_counted_thing() -> None:
    crowd = exact(61500, unit=None, unit_text=None, kind="count", context=ClaimContext(of="crowd", of_text="crowd"))
    assert subject(crowd) == subject(exact(48000, unit="fan", unit_text="fans")) == "spectator"


def test_ignore_and_refuse_to_honor_are_candidates() -> None:
    a = exact(489, predicate="ignore", unit="request", unit_text="detainer requests")
    b = other(more_than, 500, predicate="refuse to honor")
    assert [(x.id, y.id) for x, y, _ in candidate_pairs([a, b])] == [(a.id, b.id)]


def test_release_and_charge_are_not_candidates() -> None:
    a = exact(16, unit="alien", unit_text="illegal aliens", predicate="release")
    b = other(exact, 330, unit="alien", unit_text="illegal aliens", predicate="charge")
    assert list(candidate_pairs([a, b])) == []
    assert compare_claims([a, b]) == []


def test_place_and_period_differences_do_not_drop_a_candidate() -> None:
    a = exact(16, place="Wake County", period="2018", context=ClaimContext(period_key="2018"))
    b = other(exact, 22, place="Mecklenburg County", period="2019", context=ClaimContext(period_key="2019"))
    assert len(list(candidate_pairs([a, b]))) == 1


# --- candidate_pairs and compare_claims -----------------------------------------


def test_candidate_pairs_never_pair_claims_of_the_same_article() -> None:
    a1 = exact(489)
    a2 = more_than(500)  # same article as a1
    assert list(candidate_pairs([a1, a2])) == []
    b1 = other(exact, 600)
    pairs = list(candidate_pairs([a1, a2, b1]))
    assert len(pairs) == 2
    for x, y, _ in pairs:
        assert x.article_id != y.article_id
    assert {frozenset((x.id, y.id)) for x, y, _ in pairs} == {
        frozenset((a1.id, b1.id)), frozenset((a2.id, b1.id))}


def test_candidate_pairs_need_the_same_counted_thing() -> None:
    a = exact(489)
    b = other(exact, 489, unit="crime", unit_text="crimes")
    assert list(candidate_pairs([a, b])) == []


def test_compare_claims_one_row_per_candidate_pair() -> None:
    detainers = [
        exact(489, quote="A total of 489 detainers"),
        other(more_than, 500, quote="more than 500 detainers", predicate="refuse to honor"),
        other(exact, 489, quote="a total of 489 detainer requests", unit="request",
              unit_text="detainer requests", source="articles/c.txt"),
    ]
    aliens = [
        exact(16, quote="16 illegal aliens", unit="alien", unit_text="illegal aliens",
              predicate="release", place="Wake County", source="articles/d.txt"),
        other(exact, 22, quote="22 illegal aliens", unit="alien", unit_text="illegal aliens",
              predicate="release", place="Mecklenburg County", source="articles/e.txt"),
    ]
    rows = compare_claims(detainers + aliens)
    pairs = list(candidate_pairs(detainers + aliens))
    assert len(rows) == len(pairs) == 4  # 3 detainer pairs + 1 alien pair
    assert len({r.id for r in rows}) == len(rows)
    by_id = {c.id: c for c in detainers + aliens}
    for row in rows:
        assert row.group_id
        assert row.verdict in VERDICTS
        assert by_id[row.a].article_id != by_id[row.b].article_id
        assert by_id[row.a].quote in row.reason and by_id[row.b].quote in row.reason
    groups = {frozenset((r.a, r.b)): r.group_id for r in rows}
    detainer_groups = {g for k, g in groups.items() if k <= {c.id for c in detainers}}
    alien_groups = {g for k, g in groups.items() if k <= {c.id for c in aliens}}
    assert len(detainer_groups) == 1 and len(alien_groups) == 1
    assert detainer_groups != alien_groups
    verdicts = {frozenset((r.a, r.b)): r.verdict for r in rows}
    assert verdicts[frozenset((detainers[0].id, detainers[1].id))] == "conflict"
    assert verdicts[frozenset((detainers[0].id, detainers[2].id))] == "agree"
    assert verdicts[frozenset((aliens[0].id, aliens[1].id))] == "different_place"


def test_compare_claims_is_deterministic_and_order_independent() -> None:
    claims = [exact(489), other(more_than, 500), other(about, 500, source="articles/c.txt")]
    first = [c.row() for c in compare_claims(claims)]
    assert first == [c.row() for c in compare_claims(list(reversed(claims)))]


def test_compare_claims_of_nothing() -> None:
    assert compare_claims([]) == []


def test_splitting_a_large_block_walks_each_pair_once_and_keeps_every_same_scope_pair() -> None:
    """Over MAX_BLOCK claims of one thing, split by predicate, place and period: every pair
    with a compatible predicate, the same place and a compatible period (claims without a
    predicate or a period fit any) is still a candidate, exactly once."""
    import random

    from claimtrack.compare import MAX_BLOCK
    from claimtrack.identity import place_key
    from claimtrack.periods import period_key

    rng = random.Random(7)
    predicates = ["release", "charge", None]
    periods = [("2018", "2018"), ("2019", "2019"), (None, None)]
    claims = []
    for n in range(MAX_BLOCK + 150):
        period, key = rng.choice(periods)
        claims.append(make_claim(source=f"articles/{n % 97}.txt", predicate=rng.choice(predicates),
                                 place=rng.choice(["Wake County", "Durham County"]),
                                 period=period, context=ClaimContext(period_key=key or None)))
    pairs = [(a.id, b.id) for a, b, _ in candidate_pairs(claims)]
    assert len(pairs) == len(set(pairs))

    def fits(x: Any, y: Any) -> bool:
        return x is None or y is None or x == y

    ordered = sorted(claims, key=lambda c: (c.source, c.start))
    expected = {(a.id, b.id) for a, b in itertools.combinations(ordered, 2)
                if a.article_id != b.article_id and fits(a.predicate, b.predicate)
                and place_key(a) == place_key(b) and fits(period_key(a), period_key(b))}
    assert expected <= set(pairs)


def test_a_small_block_pairs_across_places_and_periods() -> None:
    a = make_claim(source="articles/a.txt", place="Wake County", period="2018", context=ClaimContext(period_key="2018"))
    b = make_claim(source="articles/b.txt", place="Durham County", period="2019", context=ClaimContext(period_key="2019"))
    assert [(x.id, y.id) for x, y, _ in candidate_pairs([a, b])] == [(a.id, b.id)]


def test_splitting_a_large_dated_block_keeps_every_pair_that_could_conflict() -> None:
    """A block of one generic thing over two years of articles: split by place and time,
    it walks far fewer pairs than the whole block, yet every pair that the whole block's
    walk would judge a conflict, or an agreement about one period, is still compared,
    with the same verdict."""
    import random
    from datetime import date, timedelta

    from claimtrack.compare import MAX_BLOCK, Source, block_key, iter_comparisons
    from claimtrack.periods import dated_period

    rng = random.Random(11)
    periods = [(None, None)] * 3 + [("2023", "2023"), ("last year", "last year"), ("March 2024", "march 2024"),
                                    ("the past 10 months", "past 10 months"), ("the season", "season")]
    claims, sources = [], {}
    for n in range(max(900, MAX_BLOCK * 3)):
        path = f"articles/{n % 400}.txt"
        day = date(2023, 1, 1) + timedelta(days=(n % 400) * 730 // 400)
        period, key = rng.choice(periods)
        value = float(rng.choice([5, 6, 7, 9, 12]))
        claim = make_claim(source=path, value=value, low=value, high=value, unit="person", unit_text="people",
                           predicate=rng.choice(["kill", "die", None]), place=rng.choice(["Ohio", "Texas"]),
                           period=period, context=ClaimContext(period_key=key or None))
        claims.append(claim)
        sources[claim.article_id] = Source(date=day.isoformat())
    published = {i: s.date for i, s in sources.items()}
    rows = {(r.a, r.b): r.verdict for r in iter_comparisons(claims, sources=sources)}
    assert len(rows) < len(claims) * (len(claims) - 1) // 8
    by_id = {c.id: c for c in claims}
    ordered = sorted(claims, key=lambda c: (c.source, c.start))
    checked = 0
    for a, b in itertools.combinations(ordered, 2):
        if a.article_id == b.article_id or block_key(a) != block_key(b):
            continue
        if a.predicate and b.predicate and a.predicate != b.predicate:
            continue
        verdict = judge(a, b, (published[a.article_id], published[b.article_id]))
        same_period = dated_period(a, published[a.article_id]) == dated_period(b, published[b.article_id])
        if (verdict[0] == "conflict" or verdict[0] == "agree" and same_period) and a.place == b.place:
            assert rows.get((a.id, b.id)) == verdict[0], (a, b, verdict)
            checked += 1
    assert checked > 1000
    assert all(by_id[a].article_id != by_id[b].article_id for a, b in rows)


def _people(quote: str, value: float, unit: str, predicate: str | None, sentence: str, source: str) -> Claim:
    return make_claim(quote=quote, value=value, low=value, high=value, unit=unit, unit_text=quote.split()[-1],
                      predicate=predicate, sentence=sentence, source=source, period=None, context=ClaimContext())


def test_a_figure_stated_in_other_words_agrees() -> None:
    """"about 52,000 employees" and "49,500 people" share no synonym class, but both count
    people, the figures overlap, and both sentences are about the merged company."""
    a = _people("about 52,000 employees", 52000, "employee", None,
                "The merger will create a company with about 52,000 employees.", "articles/a.txt")
    a = replace(a, low=46800, high=57200, qualifier="about")
    b = _people("49,500 people", 49500, "person", "employ",
                "The combined company will employ 49,500 people.", "articles/b.txt")
    assert list(candidate_pairs([a, b])) == []
    rows = compare_claims([a, b])
    assert [(r.a, r.b, r.verdict) for r in rows] == [(a.id, b.id, "agree")]
    assert "worded differently" in rows[0].reason and "company" in rows[0].reason


def test_other_words_need_the_same_figure_a_shared_topic_and_a_compatible_event() -> None:
    a = _people("about 52,000 employees", 52000, "employee", None,
                "The merger will create a company with about 52,000 employees.", "articles/a.txt")
    a = replace(a, low=46800, high=57200, qualifier="about")
    fewer = _people("30,000 people", 30000, "person", "employ", "The company will employ 30,000 people.",
                    "articles/b.txt")
    elsewhere = _people("49,500 people", 49500, "person", "employ", "The plant will employ 49,500 people.",
                        "articles/b.txt")
    laid_off = _people("49,500 people", 49500, "person", "lay off", "The company laid off 49,500 people.",
                       "articles/b.txt")
    for other_claim in (fewer, elsewhere, laid_off):
        assert compare_claims([a, other_claim]) == [], other_claim.sentence
    homes = make_claim(quote="260 homes", value=260, low=260, high=260, unit="home", unit_text="homes",
                       predicate="destroy", sentence="The storm destroyed 260 homes.", period=None, context=ClaimContext())
    trees = make_claim(quote="260 trees", value=260, low=260, high=260, unit="tree", unit_text="trees",
                       predicate="destroy", sentence="The storm destroyed 260 trees.", period=None, context=ClaimContext(),
                       source="articles/b.txt")
    assert compare_claims([homes, trees]) == []


# --- one quantity: what makes two figures the same thing (regression cases) -------


def test_durations_of_different_events_or_of_no_event_are_not_candidates() -> None:
    held = hours(exact, 48, sentence="He was held for 48 hours.")
    married = hours(exact, 2, unit="week", predicate="marry", source="articles/b.txt",
                    sentence="The deputy was married two weeks ago.")
    no_event = hours(exact, 3, unit="week", predicate="be", source="articles/c.txt",
                     sentence="It was three weeks of silence.")
    assert compare_claims([held, married, no_event]) == []


def test_durations_said_in_the_same_words_are_one_quantity_whatever_the_verb() -> None:
    """Gigante's heroin sentence, as two outlets said it (development set, vincent-gigante)."""
    seven = hours(exact, 7, unit="year", predicate="sentence", quote="seven years",
                  sentence="In 1959 he was sentenced to seven years in prison for heroin trafficking.")
    five = hours(exact, 5, unit="year", predicate="receive", quote="five-year", source="articles/b.txt",
                 sentence="He received a five-year sentence in 1959 for heroin trafficking.")
    (row,) = compare_claims([seven, five])
    assert row.verdict == "conflict"


def test_durations_of_one_event_verb_conflict() -> None:
    married = hours(exact, 2, unit="week", predicate="marry", source="articles/b.txt")
    wed = hours(exact, 3, unit="week", predicate="wed", source="articles/c.txt")
    (row,) = compare_claims([married, wed])
    assert row.verdict == "conflict"
    assert row.reason.startswith("2 week vs 3 week: ") or row.reason.startswith("2 weeks vs 3 weeks: ")


def test_a_duration_without_period_is_not_dated_by_its_article() -> None:
    """'married two weeks before he was killed' stays true in a report two years later."""
    a = hours(exact, 2, unit="week", predicate="marry", period=None, context=ClaimContext())
    b = hours(exact, 3, unit="week", predicate="marry", period=None, context=ClaimContext(), source="articles/b.txt")
    assert judge(a, b, ("2005-06-24", "2007-05-03"))[0] == "conflict"
    count_a, count_b = exact(489, period=None, context=ClaimContext()), exact(500, period=None, context=ClaimContext(), source="articles/b.txt")
    assert judge(count_a, count_b, ("2005-06-24", "2007-05-03"))[0] == "different_period"


def test_figures_ten_times_apart_are_not_one_figure_reported_two_ways() -> None:
    a, b = exact(20, unit="point", unit_text="points"), exact(1000, unit="point", unit_text="points",
                                                               source="articles/b.txt")
    verdict, reason = judge(a, b)
    assert verdict == "different_event" and "50 times apart" in reason
    three_hours = hours(about, 3)
    four_years = hours(exact, 4, unit="year", source="articles/b.txt")
    assert judge(three_hours, four_years)[0] == "different_event"
    assert judge(exact(489), exact(1500, source="articles/b.txt"))[0] == "conflict"  # 3 times apart


def test_a_zero_without_an_event_verb_is_not_a_candidate() -> None:
    nobody = exact(0, quote="No one", unit="person", unit_text=None, predicate=None)
    hurt = exact(3, quote="three people", unit="person", unit_text="people", predicate="injure",
                 source="articles/b.txt")
    assert compare_claims([nobody, hurt]) == []
    nobody_hurt = exact(0, quote="No one", unit="person", unit_text=None, predicate="hurt")
    assert [r.verdict for r in compare_claims([nobody_hurt, hurt])] == ["conflict"]


def test_figures_of_two_named_owners_are_not_candidates() -> None:
    def points(x: float, who: str, source: str) -> Claim:
        return exact(x, quote=f"{x:g} points", unit="point", unit_text="points", kind="measure",
                     predicate="have", context=ClaimContext(owner=who), source=source)

    assert compare_claims([points(2301, "hansbrough", "articles/a.txt"), points(23, "ely", "articles/b.txt")]) == []
    (row,) = compare_claims([points(2301, "hansbrough", "articles/a.txt"), points(2302, "hansbrough", "articles/b.txt")])
    assert row.verdict == "conflict" and row.confidence >= 0.5


def test_confidence_is_between_zero_and_one_and_orders_close_figures_first() -> None:
    close = compare_claims([exact(489), exact(500, source="articles/b.txt")])[0]
    far = compare_claims([exact(489), exact(1900, source="articles/b.txt")])[0]
    assert close.verdict == far.verdict == "conflict"
    assert 0 <= far.confidence < close.confidence <= 1


def test_ages_of_one_person_named_two_ways_conflict_and_of_two_relatives_do_not() -> None:
    def age(years: int, who: str, source: str, predicate: str = "arrest") -> Claim:
        return exact(years, kind="age", unit="year", unit_text=None, quote=f"{who}, {years}", predicate=predicate,
                     context=ClaimContext(who=who), source=source, period=None, place=None)

    (row,) = compare_claims([age(60, "Mary Lowe", "articles/a.txt"), age(56, "Lowe", "articles/b.txt", "die")])
    assert row.verdict == "conflict" and row.reason.startswith("aged 60 vs aged 56")
    assert compare_claims([age(27, "Gary Gomes", "articles/a.txt"), age(61, "Catherine Gomes", "articles/b.txt")]) == []
    assert compare_claims([age(9, "Ann Reed", "articles/a.txt"), age(9, "Reed", "articles/b.txt")])[0].verdict == "agree"


def test_prices_of_one_model_pair_whatever_the_verb_and_of_two_models_do_not() -> None:
    def price(x: float, verb: str, source: str, **facts: str) -> Claim:
        return exact(x, quote=f"${x:,.0f}", kind="money", unit="dollar", unit_text=None, predicate=verb,
                     place=None, period=None, context=ClaimContext(**facts), source=source)

    (row,) = compare_claims([price(1099, "start", "articles/a.txt", owner="13-inch"),
                             price(1199, "cost", "articles/b.txt", owner="13-inch")])
    assert row.verdict == "conflict" and row.reason.startswith("$1,099 vs $1,199")
    assert compare_claims([price(1099, "start", "articles/a.txt", owner="13-inch"),
                           price(1799, "sell", "articles/b.txt", owner="15-inch")]) == []
    assert compare_claims([price(1199, "cost", "articles/a.txt", owner="13-inch", model="macbook air"),
                           price(1099, "cost", "articles/b.txt", owner="13-inch", model="macbook pro")]) == []
    # A price naming no model may be any model's: not set against one that names its model.
    assert compare_claims([price(1099, "start", "articles/a.txt", owner="13-inch"),
                           price(2799, "cost", "articles/b.txt")]) == []
    # The noun a model's price hangs on does not matter: "$1,099 for the base 13-inch version"
    # against "comes in $1,199 and $1,499 versions".
    (row,) = compare_claims([price(1099, "ask", "articles/a.txt", owner="13-inch"),
                             replace(price(1199, "come", "articles/b.txt", owner="13-inch", of="version"),
                                     high=1499.0, quote="$1,199 and $1,499")])
    assert row.verdict == "conflict"
    # A story about one product names no model: its prices are compared.
    assert [r.verdict for r in compare_claims([price(999, "start", "articles/a.txt"),
                                               price(1099, "retail", "articles/b.txt")])] == ["conflict"]


# --- one quantity on real coverage: development-set forms, as regression cases --------


def test_places_guessed_from_the_article_do_not_separate_two_outlets() -> None:
    """Two outlets datelined in two cities about one game: neither sentence names a place."""
    a = exact(84, kind="measure", unit="yard", unit_text=None, predicate="include", quote="an 84-yard run",
              place="Kansas City", period=None, context=ClaimContext(place_inferred=True))
    b = other(exact, 86, kind="measure", unit="yard", unit_text=None, predicate="include", quote="an 86-yard run",
              place="Indianapolis", period=None, context=ClaimContext(place_inferred=True))
    assert judge(a, b)[0] == "conflict"
    stated = replace(b, context=ClaimContext())
    assert judge(a, stated)[0] == "conflict"  # one stated, one guessed: still not two places
    both = replace(a, context=ClaimContext())
    assert judge(both, stated)[0] == "different_place"


def test_a_figure_with_no_owner_is_not_compared_where_the_story_has_several_owners() -> None:
    """"finished with 20 points" in a game story where two players' points are given."""
    points = dict(kind="measure", unit="point", unit_text=None, predicate="finish", period=None)
    boone = exact(20, quote="20 points", context=ClaimContext(owner="boone"), **points)
    clark = other(exact, 25, quote="25 points", context=ClaimContext(owner="clark"), **points)
    nobody = exact(16, quote="16 points", context=ClaimContext(), source="articles/c.txt", **points)
    boone_again = exact(22, quote="22 points", context=ClaimContext(owner="boone"), source="articles/d.txt", **points)
    pairs = {frozenset((a.quote, b.quote)) for a, b, _ in candidate_pairs([boone, clark, nobody, boone_again])}
    assert pairs == {frozenset(("20 points", "22 points"))}
    # With one owner only, an ownerless figure may be that owner's.
    assert len(list(candidate_pairs([boone, nobody]))) == 1


def test_figures_said_with_different_verbs_and_twice_apart_are_two_things() -> None:
    """"needed just nine points" and "finished with 20 points": both Boone's, not one figure."""
    points = dict(kind="measure", unit="point", unit_text=None, period=None, context=ClaimContext(owner="boone"))
    needed = exact(9, quote="nine points", predicate="need", **points)
    finished = other(exact, 20, quote="20 points", predicate="finish", **points)
    assert judge(needed, finished)[0] == "different_event"
    # The same event verb keeps it a conflict, as does a pair less than twice apart.
    assert judge(needed, replace(finished, predicate="need"))[0] == "conflict"
    assert judge(needed, replace(finished, value=12, low=12, high=12))[0] == "conflict"


def test_durations_with_no_owner_are_compared_even_where_some_durations_have_one() -> None:
    """"sentenced to 2 years" and "a 2 1/2 year sentence" in a story where "Hiller has worked
    for Kraft for 15 years" and "Ryan has worked there for 30 years" name their owners."""
    span = dict(kind="duration", unit="year", unit_text=None, predicate="sentence", period=None)
    two = exact(2, quote="2 years", context=ClaimContext(), **span)
    two_half = other(exact, 2.5, quote="2 1/2 years", context=ClaimContext(), **span)
    hiller = exact(15, quote="15 years", context=ClaimContext(owner="hiller"), source="articles/c.txt", **span)
    ryan = exact(30, quote="30 years", context=ClaimContext(owner="ryan"), source="articles/d.txt", **span)
    pairs = {frozenset((a.quote, b.quote)) for a, b, _ in candidate_pairs([two, two_half, hiller, ryan])}
    assert frozenset(("2 years", "2 1/2 years")) in pairs
    assert frozenset(("15 years", "30 years")) not in pairs


def test_two_kinds_of_one_counted_thing_are_not_candidates() -> None:
    """"three prior DUI convictions" and "two motor vehicle theft convictions"."""
    counts = dict(kind="count", unit="conviction", predicate="have", period=None)
    dui = exact(3, quote="three prior DUI convictions", unit_text="prior DUI convictions",
                context=ClaimContext(sort=("dui",)), **counts)
    theft = other(exact, 2, quote="two motor vehicle theft convictions", unit_text="motor vehicle theft convictions",
                  context=ClaimContext(sort=("motor", "theft", "vehicle")), **counts)
    plain = exact(2, quote="two convictions", unit_text="convictions", context=ClaimContext(), source="articles/c.txt", **counts)
    pairs = {frozenset((a.quote, b.quote)) for a, b, _ in candidate_pairs([dui, theft, plain])}
    assert frozenset((dui.quote, theft.quote)) not in pairs
    assert frozenset((dui.quote, plain.quote)) in pairs


def test_a_total_counted_out_of_is_not_the_count_of_what_happened() -> None:
    """"completed 28 of 41 passes" (41 attempted) against "completed 28 passes"."""
    passes = dict(kind="count", unit="pass", unit_text="passes", predicate="complete", period=None)
    total = exact(41, quote="41 passes", context=ClaimContext(of_total=True), **passes)
    completed = other(exact, 28, quote="28 passes", context=ClaimContext(), **passes)
    assert judge(total, completed)[0] == "different_event"


def test_another_of_its_kind_is_compared_with_none() -> None:
    """"That brought him another three-year sentence" is not a figure for any one sentence."""
    span = dict(kind="duration", unit="year", unit_text=None, predicate="sentence", period=None)
    another = exact(3, quote="three-year", context=ClaimContext(another=True), **span)
    twelve = other(exact, 12, quote="12 years", context=ClaimContext(), **span)
    assert list(candidate_pairs([another, twelve])) == []


# --- one counted thing said with two event verbs -----------------------------------


def _firefighters(maker: Any, *args: Any, **kw: Any) -> Claim:
    kw.setdefault("unit", "firefighter")
    kw.setdefault("unit_text", "firefighters")
    kw.setdefault("period", None)
    kw.setdefault("context", ClaimContext())
    return maker(*args, **kw)


def test_one_count_said_with_two_verbs_agrees_at_low_confidence() -> None:
    # Real wording from two outlets on one fire: "tackled" and "fought".
    a = _firefighters(more_than, 50, quote="More than 50 firefighters", predicate="tackle")
    b = _firefighters(other, more_than, 50, quote="More than 50 firefighters", predicate="fight")
    assert list(candidate_pairs([a, b])) == []  # two verbs are no candidate pair ...
    [row] = compare_claims([a, b])  # ... but the same figure is taken as an agreement
    assert row.verdict == "agree"
    assert "different verbs (tackle / fight)" in row.reason
    assert row.confidence <= 0.35


def test_two_verbs_never_make_a_conflict_or_a_vacuous_agreement() -> None:
    # "489 detainers were ignored" and "500 were issued" are two quantities, not a conflict.
    ignored = exact(489, period=None, context=ClaimContext())
    issued = other(exact, 500, quote="500 detainers", predicate="issue", period=None, context=ClaimContext())
    assert compare_claims([ignored, issued]) == []
    # Two open ranges overlap whatever they count: "more than 30" and "more than 300".
    a = _firefighters(more_than, 30, quote="more than 30 firefighters", predicate="tackle")
    b = _firefighters(other, more_than, 300, quote="more than 300 firefighters", predicate="fight")
    assert compare_claims([a, b]) == []


def _age(x: float, who: str, **kw: Any) -> Claim:
    return exact(x, kind="age", unit="year", unit_text="year-old", predicate=None, period=None,
                 quote=f"{x:g}-year-old", context=ClaimContext(who=who, owner=who.split()[-1].lower()
                                                                        if who[:1].isupper() else None), **kw)


def test_an_age_of_a_named_person_agrees_with_the_same_age_of_a_role() -> None:
    # Real coverage of one hit-and-run: "a 66-year-old woman" and "66-year-old LuAnn Marie Johnson".
    woman = _age(66, "woman")
    johnson = _age(66, "LuAnn Marie Johnson", source="articles/b.txt")
    [row] = compare_claims([woman, johnson])
    assert row.verdict == "agree" and "maybe one person" in row.reason and row.confidence <= 0.35
    # Two spellings of one name: "Catherine Gomes, 61" and "Katherine Gomes, 61".
    catherine, katherine = _age(61, "Catherine Gomes"), _age(61, "Katherine Gomes", source="articles/b.txt")
    assert [r.verdict for r in compare_claims([catherine, katherine])] == ["agree"]


def test_ages_of_a_role_never_conflict_and_never_join_two_people() -> None:
    # Who "the woman" is cannot be read from the words: a different age is no conflict.
    assert compare_claims([_age(66, "woman"), _age(60, "LuAnn Marie Johnson", source="articles/b.txt")]) == []
    # A man is not a woman, and two surnames are two people.
    assert compare_claims([_age(35, "man"), _age(35, "woman", source="articles/b.txt")]) == []
    assert compare_claims([_age(35, "Gary Gomes"), _age(35, "Jerry Ortiz", source="articles/b.txt")]) == []


def test_two_readings_of_a_game_clock_are_not_compared() -> None:
    # Real wording from one game's coverage: moments of the game, not lengths.
    def clock(x: float, quote: str, sentence: str, **kw: Any) -> Claim:
        return exact(x, kind="duration", unit="second", unit_text="seconds", predicate="leave",
                     period=None, context=ClaimContext(), quote=quote, sentence=sentence, **kw)

    early = clock(48, "48 seconds", "The Jaguars advanced to the Colts 17 with 48 seconds left.")
    late = clock(12, "12 seconds", "But with 12 seconds left, Garrard dropped back to pass.",
                 source="articles/b.txt")
    assert compare_claims([early, late]) == []
    # The same figure said as a length is compared.
    stay = clock(48, "48 seconds", "He was outside for 48 seconds, then left.")
    gone = clock(12, "12 seconds", "He was outside for 12 seconds, then left.", source="articles/b.txt")
    assert [r.verdict for r in compare_claims([stay, gone])] == ["conflict"]


def test_an_average_or_a_streak_is_not_a_single_figure() -> None:
    # Real wording from one game's coverage.
    def points(x: float, quote: str, sentence: str, predicate: str, **kw: Any) -> Claim:
        return exact(x, unit="point", unit_text="points", predicate=predicate, period=None,
                     context=ClaimContext(owner="hansbrough"), quote=quote, sentence=sentence, **kw)

    average = points(22.8, "22.8 points", "Hansbrough averaged a team-high 22.8 points.", "average")
    game = points(20, "20 points", "Hansbrough finished with 20 points.", "finish", source="articles/b.txt")
    assert compare_claims([average, game]) == []
    streak = points(23, "23", "He fell one short of the record with 23 straight.", "fall")
    total = points(28, "28", "Garrard finished with 28 on 41 attempts.", "finish", source="articles/b.txt")
    assert compare_claims([streak, total]) == []
    again = points(21.5, "21.5 points", "Hansbrough averages 21.5 points a game.", "average",
                   source="articles/b.txt")
    assert [r.verdict for r in compare_claims([average, again])] == ["conflict"]
