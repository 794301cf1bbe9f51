"""When a claim is about: stated periods placed on the calendar, and the time an
undated claim covers from its article's date."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from .model import Claim


def period_key(claim: Claim) -> str | None:
    return claim.context.period_key or (claim.period.lower() if claim.period else None)


#: A claim that states no period is about the days before its article was published:
#: two such claims from articles further apart than this are about different times.
AS_OF_DAYS = 30


#: Kinds of claim whose figure does not run on with time: how long something lasted or
#: how far, heavy or fast something was ("married three weeks before he was killed",
#: "a 130-pound man") is as true in a report two years later; a toll, a count or an
#: age is not.
TIMELESS_KINDS = frozenset({"duration", "measure"})


def days_apart(a: Claim, b: Claim, published: tuple[str | None, str | None]) -> int | None:
    """Days between the articles of two claims that state one period in the same words
    (or none), when those words cannot be about one time so far apart (see time_span)."""
    span_a, span_b = time_span(a, published[0]), time_span(b, published[1])
    if span_a is None or span_b is None or _overlap(span_a, span_b):
        return None
    return abs(day_number(published[0]) - day_number(published[1]))  # type: ignore[operator]


def _overlap(x: tuple[int, int], y: tuple[int, int]) -> bool:
    return x[0] <= y[1] and y[0] <= x[1]


@lru_cache(maxsize=65536)
def day_number(published: str | None) -> int | None:
    """An ISO date (or date-time) as a day number, or None."""
    try:
        return date.fromisoformat(published[:10]).toordinal() if published else None
    except ValueError:
        return None


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")


_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "q1": 1, "q2": 2, "q3": 3, "q4": 4}


_UNIT_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}


def time_span(claim: Claim, published: str | None) -> tuple[int, int] | None:
    """The days (first, last, as day numbers) a claim can be about, or None if unknown.

    A stated period is placed on the calendar where it names one ("2019", "fiscal year
    2019", "March 2019", "the first quarter of 2019", "last year", "the past 10 months");
    a period that cannot be placed is taken as the year before publication. A claim that
    states no period is about the AS_OF_DAYS before its article's date. Only used to
    split a large block: pairs whose spans do not overlap can never conflict (their
    periods differ, see judge), so they need not be walked.
    """
    day = day_number(published)
    if claim.kind in TIMELESS_KINDS and not claim.period:
        return None
    if claim.period:
        span = _period_days(period_key(claim) or "", day)
        if span is not None:
            return span
        return None if day is None else (day - 366, day)
    return None if day is None else (day - AS_OF_DAYS, day)


@lru_cache(maxsize=65536)
def _period_days(key: str, day: int | None) -> tuple[int, int] | None:
    # Hand-written: spaCy's DATE entities are text, and no installed library turns
    # "the first quarter of 2019" or "fiscal year 2019" into a calendar range.
    words = key.split()
    years = [int(w) for w in words if re.fullmatch(r"(19|20)\d\d", w)]
    fiscal = re.fullmatch(r"fy(\d{4})", key)
    if fiscal:  # fiscal years start anywhere from April to October of the year before
        year = int(fiscal.group(1))
        return date(year - 1, 4, 1).toordinal(), date(year, 9, 30).toordinal()
    if len(years) == 1:
        year = years[0]
        month = next((i + 1 for i, m in enumerate(_MONTHS) for w in words
                      if len(w) >= 3 and w.isalpha() and m.startswith(w)), None)
        quarter = next((q for w, q in _QUARTERS.items() if w in words), None) if "quarter" in words else None
        if month:
            first = date(year, month, 1)
            return first.toordinal(), (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).toordinal()
        if quarter:
            first = date(year, 3 * quarter - 2, 1)
            last = date(year + quarter // 4, (3 * quarter) % 12 + 1, 1) - timedelta(days=1)
            return first.toordinal(), last.toordinal()
        if words[0] == "since" and day is not None:
            return date(year, 1, 1).toordinal(), day
        return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    decade = re.search(r"\b(1[89]|20)(\d)0s\b", key)
    if decade and not years:
        first_year = int(decade.group(1) + decade.group(2) + "0")
        return date(first_year, 1, 1).toordinal(), date(first_year + 9, 12, 31).toordinal()
    if day is None:
        return None
    if key in _RELATIVE_YEARS:
        year = date.fromordinal(day).year + _RELATIVE_YEARS[key]
        return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    past = re.fullmatch(r"(?:past|last) (\d+) (day|week|month|year)s?", key)
    if past:
        return day - int(past.group(1)) * _UNIT_DAYS[past.group(2)], day
    return None


_RELATIVE_YEARS = {"this year": 0, "last year": -1, "past year": -1, "next year": 1}


def dated_period(claim: Claim, published: str | None) -> str | None:
    """The claim's period key, with "last year" and "this year" made the calendar year
    they name in an article of known date (two articles' "last year" differ a year apart)."""
    key = period_key(claim)
    day = day_number(published)
    if key in _RELATIVE_YEARS and day is not None:
        return str(date.fromordinal(day).year + _RELATIVE_YEARS[key])
    return key
