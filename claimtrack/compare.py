"""Which claims state the same quantity, and whether they agree: claims in, comparisons out.

Pure logic, no I/O. Candidates come from blocking on the counted thing (its
synonym class), so the cost grows with the size of each block, never with all
pairs. Inside a block, a pair is a candidate when the claims come from two
articles and their predicates are compatible; place and period then decide
the verdict, they never drop the pair. Only a block too large to walk whole (a
generic thing over many stories) is split further, by place and by time, and
then only pairs that could state the same quantity are walked.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import combinations, product

from . import lexicon as lx
from .model import Claim, Comparison, short_hash

# Durations are compared in hours so "48 hours" meets "two days".
_HOURS = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1, "day": 24, "week": 168,
          "month": 730, "year": 8766, "decade": 87660, "century": 876600}


def subject(claim: Claim) -> str | None:
    """The thing a claim counts, as a synonym-class key ("detainer requests" -> "detainer")."""
    if claim.kind == "age":
        # Only ages of one person compare ("the 45-year-old suspect" and "Smith, 47"
        # in two stories are not one quantity); whose is unknown, no comparison.
        who = claim.facts.get("who")
        return f"age of {who.lower()}" if who else None
    if claim.kind == "duration":
        # How long what lasted: "held no longer than 48 hours" and "married two weeks ago"
        # are durations of different things; without an event verb nothing says which.
        event = predicate_class(claim)
        return f"duration ({event})" if event else None
    if claim.kind in ("count", "rate") and claim.unit:
        key = _noun_class(claim.unit_text or "", claim.unit)
        event = lx.PEOPLE_EVENTS.get(predicate_class(claim) or "")
        return event if event and (key in lx.PEOPLE_CLASSES or key == event) else key
    whose = owner(claim)
    if claim.facts.get("of") and claim.facts["of"] != whose:
        return _noun_class(claim.facts.get("of_text") or "", claim.facts["of"])
    if claim.kind in ("money", "measure") and claim.unit and predicate_class(claim):
        # "$1.2 billion to settle" vs "$950 million to resolve": the unit and the event
        # together say what the amount is; without an event the pair is not compared.
        return f"{claim.unit} ({predicate_class(claim)})"
    if claim.kind in ("money", "measure") and claim.unit and whose:
        # "Hansbrough now has 2,301 career points" and "who now has 2,302 points": no event,
        # but the same unit of the same owner.
        return f"{claim.unit} (of {whose})"
    return None


def owner(claim: Claim) -> str | None:
    """Whose the quantity is, where the sentence says: a person ("Hansbrough now has 2,301
    points", an age's person) or a product model ("the 13-inch ... starts at $1,199")."""
    return claim.facts.get("owner") or claim.facts.get("who")


def _noun_class(text: str, lemma: str) -> str:
    words = [_singular(w) for w in re.findall(r"[a-z-]+", text.lower())]
    for size in (3, 2, 1):
        phrase = " ".join(words[-size:])
        if len(words) >= size and phrase in lx.SUBJECT_CLASSES:
            return lx.SUBJECT_CLASSES[phrase]
    return lx.SUBJECT_CLASSES.get(lemma, lemma)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def predicate_class(claim: Claim) -> str | None:
    """The predicate's synonym class ("ignore" and "refuse to honor" -> "refuse").

    None for no predicate or a neutral one ("was", "reached", "totaled"): those fit any.
    """
    if not claim.predicate:
        return None
    return _predicate_key(claim.predicate, bool(claim.change))


# Comparing walks many pairs per claim: the per-claim keys are cached on their text.
@lru_cache(maxsize=65536)
def _predicate_key(predicate: str, change: bool) -> str | None:
    if predicate.lower() in lx.NEUTRAL_PREDICATES:
        return None
    text = predicate.lower()
    if text.split()[-1] in lx.CHANGE_VERBS and (change or lx.PREDICATE_CLASSES.get(text) in ("grow", "shrink")):
        # "rose 3%" vs "fell 3%": the direction is in `change`, compared there; "rose to
        # 2,274" and "fell to 6.4%" state a level, which a rise says nothing about.
        return None
    negated = text.startswith("not ")
    text = text.removeprefix("not ")
    if text not in lx.PREDICATE_CLASSES and " to " in text:
        # "agree to pay", "plan to shutter": the event is the last verb.
        text = text.rsplit(" to ", 1)[1]
    key = lx.PREDICATE_CLASSES.get(text)
    if key is None:
        words = text.split()
        key = lx.PREDICATE_CLASSES.get(words[-1]) or lx.PREDICATE_CLASSES.get(words[0]) or text
    return f"not {key}" if negated and key != "refuse" else key


def measure(claim: Claim) -> str:
    """What kind of number it is: a count and a percent of one thing are different measures,
    and so are a change ("rose 3%") and a level ("3%")."""
    level = "change" if claim.change else "level"
    if claim.kind in ("money", "measure", "percent"):
        return f"{claim.kind}:{claim.unit}:{level}"
    if claim.kind == "duration":
        return "duration"
    # "shed 1,400 jobs" and "1,400 jobs were cut" count the same thing.
    return claim.kind


def _scaled(claim: Claim) -> tuple[float | None, float | None]:
    factor = _HOURS.get(claim.unit or "", 1) if claim.kind == "duration" else 1
    low = claim.low * factor if claim.low is not None else None
    high = claim.high * factor if claim.high is not None else None
    return low, high


def ranges_overlap(a: Claim, b: Claim) -> bool:
    """Whether some number lies in both claims' ranges (open ends respected)."""
    a_low, a_high = _scaled(a)
    b_low, b_high = _scaled(b)
    low, low_inclusive = _max_low((a_low, a.low_inclusive), (b_low, b.low_inclusive))
    high, high_inclusive = _min_high((a_high, a.high_inclusive), (b_high, b.high_inclusive))
    if low is None or high is None:
        return True
    if low < high:
        return True
    return low == high and low_inclusive and high_inclusive


Bound = tuple[float | None, bool]  # (value or None for unbounded, inclusive)


def _tighter(x: Bound, y: Bound, pick: Callable[[float, float], float]) -> Bound:
    """The tighter of two bounds of one side: `pick` is max for lows, min for highs."""
    if x[0] is None:
        return y
    if y[0] is None:
        return x
    if x[0] == y[0]:
        return x[0], x[1] and y[1]
    return x if pick(x[0], y[0]) == x[0] else y


def _max_low(x: Bound, y: Bound) -> Bound:
    return _tighter(x, y, max)


def _min_high(x: Bound, y: Bound) -> Bound:
    return _tighter(x, y, min)


def place_key(claim: Claim) -> str | None:
    return _place_key(claim.place) if claim.place else None


@lru_cache(maxsize=65536)
def _place_key(place: str) -> str:
    return re.sub(r"^(the|a)\s+|[’']s$", "", place.lower()).strip()


def same_place(a: str | None, b: str | None) -> bool:
    """Unknown places do not differ; "Wake County Jail" is in "Wake County"."""
    if a is None or b is None:
        return True
    return a == b or a in b or b in a


def period_key(claim: Claim) -> str | None:
    return claim.facts.get("period_key") or (claim.period.lower() if claim.period else None)


def judge(a: Claim, b: Claim, published: tuple[str | None, str | None] = (None, None)) -> tuple[str, str]:
    """The verdict on two claims about the same thing, and a reason a person can read.

    `published` are the two claims' article dates (ISO), where known: claims that state
    no period are about the time their article was written, so two of them from articles
    more than AS_OF_DAYS apart are about different periods."""
    about = _about(a, b)
    if measure(a) != measure(b):
        return "different_measure", f"{_said(a)} is a {a.kind} and {_said(b)} a {b.kind}{about}"
    if bool(a.facts.get("partitive")) != bool(b.facts.get("partitive")):
        part = a if a.facts.get("partitive") else b
        return "different_event", f"{_said(part)} is a part of a larger count{about}"
    modality_a, modality_b = a.facts.get("modality"), b.facts.get("modality")
    if modality_a != modality_b:
        might = a if modality_a else b
        did = b if might is a else a
        return "different_event", (
            f"{_said(might)} {might.facts.get('modality')} happen; {_said(did)} "
            f"{'did' if not did.facts.get('modality') else did.facts.get('modality')}{about}"
        )
    place_a, place_b = place_key(a), place_key(b)
    explicit = not a.facts.get("place_inferred") and not b.facts.get("place_inferred")
    if explicit and not same_place(place_a, place_b):
        return "different_place", f"{_said(a)} is in {a.place}, {_said(b)} in {b.place}{about}"
    period_a, period_b = _dated_period(a, published[0]), _dated_period(b, published[1])
    apart = _days_apart(a, b, published) if period_a == period_b else None
    if apart is not None:
        first, last = sorted(str(d)[:10] for d in published)
        stated = f"both state {a.period}" if a.period else "state no period"
        return "different_period", (
            f"{_said(a)} and {_said(b)} {stated}, in articles published {apart} days apart "
            f"({first} and {last}){about}"
        )
    opposite = a.change and b.change and a.change != b.change
    if ranges_overlap(a, b) and not opposite:
        return "agree", f"{_said(a)} and {_said(b)} overlap{about}{_scope_note(a, b)}"
    if not same_place(place_a, place_b):
        return "different_place", f"{_said(a)} is in {a.place}, {_said(b)} in {b.place}{about}"
    if period_a != period_b:
        return "different_period", (
            f"{_said(a)} covers {a.period or 'no stated period'}, "
            f"{_said(b)} covers {b.period or 'no stated period'}{about}"
        )
    ratio = _ratio(a, b)
    if ratio >= APART_FACTOR and not opposite:
        return "different_event", (
            f"{_said(a)} and {_said(b)} are {ratio:,.0f} times apart: more likely two different things "
            f"than one figure reported two ways{about}")
    where = f" in {a.place}" if a.place else ""
    periods = list(dict.fromkeys(p for p in (a.period, b.period) if p))
    when = f" in {' = '.join(periods)}" if periods else ""
    versus = f"{_figure(a)} vs {_figure(b)}: "
    if opposite:
        return "conflict", f"{versus}{_said(a)} goes {a.change}, {_said(b)} goes {b.change}{about}{where}{when}"
    return "conflict", f"{versus}{_said(a)} and {_said(b)} cannot both hold{about}{where}{when}"


def _figure(claim: Claim) -> str:
    """A claim's figure with its unit, for a reader comparing two at a glance: "489
    detainers", "more than 500 detainers", "9 minutes", "$1,099"."""
    low, high = claim.low, claim.high
    number = _interval(low, high, claim.low_inclusive, claim.high_inclusive)
    if low is not None and high is None:
        number = f"{'more than' if not claim.low_inclusive else 'at least'} {_interval(low, low, True, True)}"
    elif high is not None and (low is None or low == 0) and low != high:
        number = f"{'under' if not claim.high_inclusive else 'up to'} {_interval(high, high, True, True)}"
    unit = claim.unit_text or claim.unit or ""
    if claim.kind == "money" and unit in ("dollar", "$"):
        return f"${number}"
    if claim.kind == "percent":
        return f"{number}%"
    if claim.kind == "age":
        return f"aged {number}"
    if not claim.unit_text and unit and unit.isalpha() and len(unit) > 2 and (low, high) != (1, 1):
        unit = _PLURALS.get(unit, unit + "s")  # "3 weeks", "130 pounds", "2 centuries"
    return f"{number} {unit}".strip()


_PLURALS = {"century": "centuries", "foot": "feet", "inch": "inches", "person": "people"}


#: Two figures this many times apart are not taken for one quantity reported two ways:
#: outlets that disagree about one number disagree within a factor of 3 in every one of
#: the 50 labelled conflicts of the development clusters, while pairs 10 or more times
#: apart there are different things that share a unit ("about three hours" and "four
#: years", "20 points" in a game and "1,000 points" in a career).
APART_FACTOR = 10.0

#: A claim that states no period is about the days before its article was published:
#: two such claims from articles further apart than this are about different times.
AS_OF_DAYS = 30
#: Kinds of claim whose figure does not run on with time: how long something lasted or
#: how far, heavy or fast something was ("married three weeks before he was killed",
#: "a 130-pound man") is as true in a report two years later; a toll, a count or an
#: age is not.
TIMELESS_KINDS = frozenset({"duration", "measure"})


def _days_apart(a: Claim, b: Claim, published: tuple[str | None, str | None]) -> int | None:
    """Days between the articles of two claims that state one period in the same words
    (or none), when those words cannot be about one time so far apart (see time_span)."""
    span_a, span_b = time_span(a, published[0]), time_span(b, published[1])
    if span_a is None or span_b is None or _overlap(span_a, span_b):
        return None
    return abs(_day(published[0]) - _day(published[1]))  # type: ignore[operator]


def _overlap(x: tuple[int, int], y: tuple[int, int]) -> bool:
    return x[0] <= y[1] and y[0] <= x[1]


@lru_cache(maxsize=65536)
def _day(published: str | None) -> int | None:
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
    day = _day(published)
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


def _dated_period(claim: Claim, published: str | None) -> str | None:
    """The claim's period key, with "last year" and "this year" made the calendar year
    they name in an article of known date (two articles' "last year" differ a year apart)."""
    key = period_key(claim)
    day = _day(published)
    if key in _RELATIVE_YEARS and day is not None:
        return str(date.fromordinal(day).year + _RELATIVE_YEARS[key])
    return key


def _said(claim: Claim) -> str:
    return f"“{claim.quote}” ({_range_text(claim)})"


def _range_text(claim: Claim) -> str:
    return _interval(claim.low, claim.high, claim.low_inclusive, claim.high_inclusive)


@lru_cache(maxsize=65536)
def _interval(low: float | None, high: float | None, low_inclusive: bool, high_inclusive: bool) -> str:
    def number(x: float) -> str:
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"

    if low is not None and low == high:
        return number(low)
    low_text = "" if low is None else ("[" if low_inclusive else "(") + number(low)
    high_text = "∞)" if high is None else number(high) + ("]" if high_inclusive else ")")
    return f"{low_text or '(-∞'}, {high_text}"


def _about(a: Claim, b: Claim) -> str:
    thing = a.unit_text or a.facts.get("of_text") or a.unit or a.kind
    verbs = sorted({p for p in (a.predicate, b.predicate) if p})
    return f"; both count {thing}" + (f" ({' / '.join(verbs)})" if verbs else "")


def _scope_note(a: Claim, b: Claim) -> str:
    if period_key(a) != period_key(b) and a.period and b.period:
        return f"; periods stated as {a.period} and {b.period}"
    return ""


def block_key(claim: Claim) -> str | None:
    """Claims that may state the same quantity share this key."""
    return subject(claim)


#: A block of claims about one counted thing larger than this is split further. One
#: story's coverage stays far below it (the seeds' largest block has 9 claims); above
#: it a generic thing ("people", "workers") spans stories, and whole-block walks
#: would mostly add `different_place` rows between them (on 2,000 generated articles:
#: 609k rows at 300, 244k at 100, the same 14,715 conflicts).
MAX_BLOCK = 100


def candidate_pairs(claims: Iterable[Claim], hashes: Mapping[str, str] | None = None,
                    published: Mapping[str, str | None] | None = None,
                    stories: Mapping[str, str | None] | None = None) -> Iterator[tuple[Claim, Claim, str]]:
    """(a, b, group id) for each pair from different articles about the same quantity.

    `hashes` maps article ids to their text's hash: claims of two articles with the
    same text (byte-identical copies) are not paired, they would only agree with
    themselves; near-copies are paired like any two articles. `published` maps article
    ids to their dates (ISO).

    Claims are blocked on their counted thing. In a corpus of many stories a block of
    a generic thing ("people", "workers") grows to thousands of claims that are not one
    quantity; such a block is split by the measure, the predicate's class and the place,
    and inside each part only claims whose times can overlap are paired (see time_span),
    so cost stays near-linear in claims as a corpus grows over time (see _split).

    With `stories` (article id -> story id) claims are blocked inside their story: no
    pair joins two stories."""
    blocks: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        key = block_key(claim)
        if key is not None:
            blocks[_in_story(key, claim, stories)].append(claim)
    dates = published or {}
    for key in sorted(blocks):
        block = blocks[key]
        if len(block) <= MAX_BLOCK:
            yield from _pairs_in_block(key, combinations(sorted(block, key=_order), 2), hashes or {})
            continue
        spans = {claim.id: time_span(claim, dates.get(claim.article_id)) for claim in block}
        for xs, ys in _split(block):
            yield from _pairs_in_block(key, _overlapping(xs, ys, spans), hashes or {})


# How a large block is split, in order: (facet, whether a claim without it fits any).
# The measure first (a count and a percent of one thing are never one quantity). A
# claim without a predicate may be about any event, so it joins every part; one
# without a place stays in its own part (a place is nearly always known, from the
# article when the sentence names none). Time comes last, in _overlapping.
_FACETS: tuple[tuple[Callable[[Claim], str | None], bool], ...] = (
    (measure, False),
    (predicate_class, True),
    (place_key, False),
)


_Part = tuple[list[Claim], "list[Claim] | None"]  # claims paired among themselves, or across two lists


def _split(block: list[Claim], depth: int = 0) -> Iterator[_Part]:
    """A block as parts whose pairs together are its candidate pairs: itself when small,
    else split by the next facet. Claims that lack a facet that fits any (no predicate)
    are paired among themselves once and across with each part that has it, so
    splitting never walks more pairs than the block had."""
    if len(block) <= MAX_BLOCK or depth == len(_FACETS):
        yield block, None
        return
    parts = _partition(block, depth)
    for key in sorted(parts):
        yield from _split(parts[key], depth + 1)
    if _FACETS[depth][1] and "" in parts:
        for key in sorted(parts):
            if key:
                yield from _across(parts[key], parts[""], depth + 1)


def _across(xs: list[Claim], ys: list[Claim], depth: int) -> Iterator[_Part]:
    """The pairs of `xs` with `ys` that can be candidates, split by the facets from `depth`:
    both come from a split block, so every facet applies, as it does to its parts."""
    if depth == len(_FACETS):
        yield xs, ys
        return
    fits_any = _FACETS[depth][1]
    left, right = _partition(xs, depth), _partition(ys, depth)
    for key in sorted(left):
        if key in right:
            yield from _across(left[key], right[key], depth + 1)
        if fits_any and key and "" in right:
            yield from _across(left[key], right[""], depth + 1)
    if fits_any and "" in left:
        for key in sorted(right):
            if key:
                yield from _across(left[""], right[key], depth + 1)


def _partition(claims: list[Claim], depth: int) -> dict[str, list[Claim]]:
    return _partition_by(claims, _FACETS[depth][0])


Span = tuple[int, int]


def _overlapping(xs: list[Claim], ys: list[Claim] | None, spans: Mapping[str, Span | None]
                 ) -> Iterator[tuple[Claim, Claim]]:
    """The pairs of a part (within `xs`, or of `xs` with `ys`) whose time spans overlap, each
    in (source, offset) order; a claim with no known span fits any time.

    A sweep over spans sorted by their first day, keeping those still open, so the pairs
    walked are those that overlap, not all pairs of the part."""
    sides = (xs,) if ys is None else (xs, ys)
    timed: list[tuple[int, int, int, Claim]] = []  # (first day, last day, side, claim)
    anytime: tuple[list[Claim], ...] = tuple([] for _ in sides)
    for side, claims in enumerate(sides):
        for claim in sorted(claims, key=_order):
            span = spans.get(claim.id)
            if span is None:
                anytime[side].append(claim)
            else:
                timed.append((span[0], span[1], side, claim))
    timed.sort(key=lambda t: (t[0], t[1], _order(t[3])))
    open_: list[tuple[int, int, int, Claim]] = []
    for entry in timed:
        open_ = [o for o in open_ if o[1] >= entry[0]]
        for other in open_:
            if ys is None or other[2] != entry[2]:
                yield _ordered(other[3], entry[3])
        open_.append(entry)
    # Claims of unknown time: with each other and with every timed claim of the other side.
    if ys is None:
        yield from combinations(anytime[0], 2)
        yield from (_ordered(a, t[3]) for a in anytime[0] for t in timed)
    else:
        yield from (_ordered(a, b) for a, b in product(anytime[0], anytime[1]))
        yield from (_ordered(a, t[3]) for a in anytime[0] for t in timed if t[2] == 1)
        yield from (_ordered(t[3], b) for b in anytime[1] for t in timed if t[2] == 0)


def _ordered(a: Claim, b: Claim) -> tuple[Claim, Claim]:
    return (a, b) if _order(a) <= _order(b) else (b, a)


def _order(claim: Claim) -> tuple[str, int]:
    return claim.source, claim.start


def _pairs_in_block(key: str, walk: Iterable[tuple[Claim, Claim]], hashes: Mapping[str, str]
                    ) -> Iterator[tuple[Claim, Claim, str]]:
    """The candidates among the pairs `walk` of one block, or of one part of a split block."""
    for a, b in walk:
        if _one_text(a, b, hashes):
            continue
        pred_a, pred_b = predicate_class(a), predicate_class(b)
        # Two ages of one person are one quantity whatever the sentence says the person did.
        if pred_a is not None and pred_b is not None and pred_a != pred_b and a.kind != "age":
            continue
        # Figures of two named owners (two players' points, two models' prices) are two quantities.
        owner_a, owner_b = owner(a), owner(b)
        if owner_a and owner_b and owner_a != owner_b:
            continue
        # "No one was hurt" meets a count only of the same event: a zero with no event
        # verb ("no one", "none") says nothing of which count it denies.
        if (_is_zero(a) or _is_zero(b)) and (pred_a is None or pred_b is None):
            continue
        yield a, b, _group_id(key, (pred_a or pred_b or "") if a.kind != "age" else "")


def _in_story(key: str, claim: Claim, stories: Mapping[str, str | None] | None) -> str:
    """A blocking key made the story's own: "<story id>/<key>" (the key alone without stories)."""
    story = stories.get(claim.article_id) if stories else None
    return f"{story}/{key}" if story else key


def _is_zero(claim: Claim) -> bool:
    return claim.low == 0 and claim.high == 0


def _one_text(a: Claim, b: Claim, hashes: Mapping[str, str]) -> bool:
    """Whether two claims come from one article, or from two with the same text (`hashes`:
    article id -> text hash), which could only agree with themselves."""
    if a.article_id == b.article_id:
        return True
    text_a = hashes.get(a.article_id)
    return text_a is not None and text_a == hashes.get(b.article_id)


@lru_cache(maxsize=65536)
def _group_id(key: str, predicate: str) -> str:
    return short_hash("group", key, predicate)


def reworded_pairs(claims: Iterable[Claim], hashes: Mapping[str, str] | None = None,
                   published: Mapping[str, str | None] | None = None,
                   stories: Mapping[str, str | None] | None = None) -> Iterator[tuple[Claim, Claim, str, str]]:
    """(a, b, group id, shared word) for pairs candidate_pairs does not make because their
    counted things have no synonym class in common, yet that may state one figure in other
    words ("four fatalities" and "four people were killed", "a fee of £85 million" and
    "paid roughly £80 million"): the same measure, ranges that overlap, compatible
    predicates, counted things that can be one (people and people, or one side names no
    counted thing) and sentences on one topic (a content word in common besides the
    figures). Only an agreement is taken from such a pair (see iter_comparisons): other
    words are no evidence that two different numbers are about one thing.

    Blocked on the measure, the figure's size and each topic word of the sentence, so a
    pair is only looked at when the two figures are within a factor of about 1.8 and the
    sentences share a word; a large block is walked by place and time as candidate_pairs
    walks one."""
    dates = published or {}
    buckets: dict[tuple[str, int, str], list[Claim]] = defaultdict(list)
    things: dict[str, tuple[str | None, str]] = {}  # claim id -> (subject, _thing), computed once
    for claim in claims:
        size = _size_bucket(claim)
        thing = _thing(claim) if size is not None and claim.kind != "age" else None
        if thing is not None:
            things[claim.id] = subject(claim), thing
            for word in _topic_words(claim.sentence, claim.quote):
                buckets[(_in_story(measure(claim), claim, stories), size, word)].append(claim)  # type: ignore[index]
    spans: dict[str, Span | None] = {}
    for key in sorted(buckets):
        kind, size, word = key
        xs = buckets[key]
        ys = buckets.get((kind, size + 1, word))
        for walk in (_scoped(xs, None, spans, dates), _scoped(xs, ys, spans, dates) if ys else ()):
            for a, b in walk:
                # A pair sharing several words is met in each word's block: kept in the first.
                if _rewording(a, b, things[a.id], things[b.id], hashes or {}) == word:
                    group = " ~ ".join(sorted({things[a.id][0] or kind, things[b.id][0] or kind}))
                    yield a, b, _group_id(group, predicate_class(a) or predicate_class(b) or ""), word


def _size_bucket(claim: Claim) -> int | None:
    """The figure's order of size in quarter powers of ten (489 and 500 share one or touch)."""
    figure = claim.value if claim.value is not None else (claim.low if claim.low else claim.high)
    if not figure or figure <= 0:
        return None
    return int(math.floor(math.log10(figure) * 4))


def _thing(claim: Claim) -> str | None:
    """What a reworded pair needs of a counted thing: "people", "any" (none named), or None
    (a specific thing: only its synonyms, through candidate_pairs, can be the same)."""
    key = subject(claim)
    if key is None or key.startswith(f"{claim.unit} ("):
        return "any"
    if key in lx.PEOPLE_CLASSES or key in lx.PEOPLE_EVENTS.values():
        return "people"
    return None


def _rewording(a: Claim, b: Claim, thing_a: tuple[str | None, str], thing_b: tuple[str | None, str],
               hashes: Mapping[str, str]) -> str | None:
    """A content word both sentences share, when `a` and `b` may be one figure in other
    words; `thing_a` and `thing_b` are their (subject, _thing)."""
    if _one_text(a, b, hashes) or thing_a[0] == thing_b[0] and thing_a[0] is not None:
        return None
    # Stricter than candidate_pairs: without a synonym for the thing, a figure with no
    # event ("a company with 52,000 employees") only meets one stating a level
    # ("employs 49,500"), not one of an event ("laid off 49,500").
    events = {predicate_class(a), predicate_class(b)}
    if len(events) > 1 and not events <= {None, *lx.LEVEL_PREDICATES}:
        return None
    if "any" not in (thing_a[1], thing_b[1]) and thing_a[1] != thing_b[1]:
        return None
    if not ranges_overlap(a, b) or (a.change or None) != (b.change or None):
        return None
    shared = _topic_words(a.sentence, a.quote) & _topic_words(b.sentence, b.quote)
    return min(shared) if shared else None


@lru_cache(maxsize=65536)
def _topic_words(sentence: str, quote: str) -> frozenset[str]:
    words = set(re.findall(r"[a-z][a-z-]{3,}", sentence.lower().replace("’s", "").replace("'s", "")))
    return frozenset(words - lx.TOPIC_STOP_WORDS - set(re.findall(r"[a-z-]+", quote.lower())))


def _scoped(xs: list[Claim], ys: list[Claim] | None, spans: dict[str, Span | None],
            dates: Mapping[str, str | None]) -> Iterable[tuple[Claim, Claim]]:
    """All pairs within `xs` (or of `xs` with `ys`) when few; else only those of one place
    whose times overlap."""
    if len(xs) + len(ys or ()) <= MAX_BLOCK:
        if ys is None:
            return combinations(sorted(xs, key=_order), 2)
        return (_ordered(a, b) for a, b in product(xs, ys))
    for claim in (*xs, *(ys or ())):
        if claim.id not in spans:
            spans[claim.id] = time_span(claim, dates.get(claim.article_id))
    left = _partition_by(xs, place_key)
    right = _partition_by(ys, place_key) if ys is not None else None
    return (pair for place in sorted(left) if right is None or place in right
            for pair in _overlapping(left[place], None if right is None else right[place], spans))


def _partition_by(claims: list[Claim], facet: Callable[[Claim], str | None]) -> dict[str, list[Claim]]:
    parts: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        parts[facet(claim) or ""].append(claim)
    return parts


@dataclass(frozen=True)
class Source:
    """What provenance needs to know of an article: who published it, its title, when."""

    outlet: str | None = None
    title: str | None = None
    date: str | None = None


def iter_comparisons(claims: Iterable[Claim], hashes: Mapping[str, str] | None = None,
                     sources: Mapping[str, Source] | None = None,
                     stories: Mapping[str, str | None] | None = None) -> Iterator[Comparison]:
    """A comparison for every candidate pair (see candidate_pairs for `hashes`), then for
    every reworded pair that agrees (see reworded_pairs), one at a time, so a large
    corpus's comparisons are never all in memory. With `sources` (article id -> Source),
    a pair where one claim cites the other's article carries the cited claim's id in
    `cites`. With `stories` (article id -> story id) only claims of one story are
    compared, and each comparison carries its story."""
    dates = {i: source.date for i, source in (sources or {}).items()}
    stories = stories or {}
    claims = list(claims)
    for a, b, group in candidate_pairs(claims, hashes, dates, stories):
        verdict, reason = judge(a, b, (dates.get(a.article_id), dates.get(b.article_id)))
        yield _comparison(a, b, group, verdict, reason, sources, stories.get(a.article_id),
                          confidence(a, b, verdict))
    for a, b, group, word in reworded_pairs(claims, hashes, dates, stories):
        verdict, reason = judge(a, b, (dates.get(a.article_id), dates.get(b.article_id)))
        if verdict == "agree":
            reason += f"; the counted things are worded differently, both sentences are about “{word}”"
            yield _comparison(a, b, group, verdict, reason, sources, stories.get(a.article_id),
                              min(REWORDED_CONFIDENCE, confidence(a, b, verdict)))


#: A reworded agreement rests on a shared topic word, not on the counted thing.
REWORDED_CONFIDENCE = 0.35


def confidence(a: Claim, b: Claim, verdict: str) -> float:
    """How sure a verdict is, from 0 to 1: how much says the two claims are one quantity
    (the same event verb, the same words for the counted thing, the same stated place
    and period, the same person's age), and for a conflict, how close the figures are
    (2,301 vs 2,302 is one count misreported; 20 vs 2,000 is more likely two things).
    Hand-weighted (no labelled data large enough to fit weights on); used to sort and
    filter, never to change a verdict."""
    score = 0.5
    pred_a, pred_b = predicate_class(a), predicate_class(b)
    if pred_a is not None and pred_a == pred_b:
        score += 0.15
    elif pred_a is None and pred_b is None:
        score -= 0.05
    if _head(a) and _head(a) == _head(b):
        score += 0.1
    if a.kind == "age" and a.facts.get("who"):
        score += 0.15
    if a.place and b.place and place_key(a) == place_key(b):
        score += 0.05
    if a.period and b.period and period_key(a) == period_key(b):
        score += 0.05
    if verdict == "conflict":
        ratio = _ratio(a, b)
        score += 0.1 if ratio <= 1.5 else (-0.2 if ratio >= 4 else 0.0)
    return round(min(0.99, max(0.05, score)), 2)


def _head(claim: Claim) -> str | None:
    words = re.findall(r"[a-z]+", (claim.unit_text or "").lower())
    return _singular(words[-1]) if words else None


def _ratio(a: Claim, b: Claim) -> float:
    """How far apart two claims' figures are, as the larger over the smaller (1 = equal)."""
    x, y = _figure_size(a), _figure_size(b)
    if not x or not y or x <= 0 or y <= 0:
        return 1.0
    return max(x, y) / min(x, y)


def _figure_size(claim: Claim) -> float | None:
    """The claim's figure (its value, else its nearer bound), durations in hours."""
    figure = claim.value if claim.value is not None else (claim.low or claim.high)
    if figure is not None and claim.kind == "duration":
        figure *= _HOURS.get(claim.unit or "", 1)
    return figure


def _comparison(a: Claim, b: Claim, group: str, verdict: str, reason: str,
                sources: Mapping[str, Source] | None, story: str | None = None,
                score: float = 0.5) -> Comparison:
    cited = cited_claim(a, b, sources) if sources else None
    if cited is not None:
        citing = b if cited is a else a
        reason += f"; {_said(citing)} cites {sources[cited.article_id].outlet}, where {_said(cited)} appeared"  # type: ignore[index]
    return Comparison(a=a.id, b=b.id, verdict=verdict, reason=reason, group_id=group,
                      cites=cited.id if cited is not None else None, story=story, confidence=score)


def compare_claims(claims: Iterable[Claim], hashes: Mapping[str, str] | None = None,
                   sources: Mapping[str, Source] | None = None,
                   stories: Mapping[str, str | None] | None = None) -> list[Comparison]:
    """A comparison row for every candidate pair, as a list."""
    return list(iter_comparisons(claims, hashes, sources, stories))


def cited_claim(a: Claim, b: Claim, sources: Mapping[str, Source]) -> Claim | None:
    """The claim of the pair that the other one cites, or None.

    One claim cites the other when it is attributed to the other's outlet ("according
    to Daily Caller", "as Breitbart News reported"), both state the same value, and the
    cited article is not later than the citing one where both dates are known. The link
    changes nothing else: a restated figure for another period is still judged as one."""
    for cited, citing in ((a, b), (b, a)):
        source, mine = sources.get(cited.article_id), sources.get(citing.article_id)
        if source is None or not source.outlet or not citing.attributed_to:
            continue
        if not _names(citing.attributed_to, source.outlet):
            continue
        if (cited.low, cited.high) != (citing.low, citing.high):
            continue
        if source.date and mine and mine.date and source.date > mine.date:
            continue
        return cited
    return None


def _names(attribution: str, outlet: str) -> bool:
    """Whether `attribution` names `outlet` ("the Daily Caller" names "Daily Caller")."""
    name = re.sub(r"^the\s+", "", outlet.strip().lower())
    return len(name) >= 3 and re.search(rf"\b{re.escape(name)}\b", attribution.lower()) is not None


def summarize_groups(
    claims: dict[str, Claim], rows: Iterable[dict], dates: dict[str, str | None],
    copy_of: Mapping[str, str] | None = None,
) -> list[dict]:
    """One summary per group of claims about the same quantity.

    `rows` are comparison rows (a, b, group_id, verdict); `dates` maps article ids to
    dates; `copy_of` maps a copy's path to its first appearance's path, so linked copies
    count as one source (`sources`) with several appearances (`appearances`).
    """
    copy_of = copy_of or {}
    members: dict[str, set[str]] = defaultdict(set)
    verdicts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        members[row["group_id"]].update((row["a"], row["b"]))
        verdicts[row["group_id"]][row["verdict"]] += 1
    summaries = []
    for group_id, ids in members.items():
        group = sorted((claims[i] for i in ids if i in claims), key=lambda c: (c.source, c.start))
        lows = [c.low for c in group]
        highs = [c.high for c in group]
        things = Counter(c.unit_text or c.unit or c.kind for c in group).most_common(1)[0][0]
        predicates = sorted({c.predicate for c in group if c.predicate})
        counts = verdicts[group_id]
        summaries.append({
            "group_id": group_id,
            "subject": things + (f" ({' / '.join(predicates)})" if predicates else ""),
            "claims": len(group),
            "sources": sorted({copy_of.get(c.source, c.source) for c in group}),
            "appearances": sorted({c.source for c in group}),
            "dates": sorted({d for c in group if (d := dates.get(c.article_id))}),
            "low": None if any(x is None for x in lows) else min(lows),
            "high": None if any(x is None for x in highs) else max(highs),
            "verdict": "conflict" if counts["conflict"] else ("agree" if set(counts) == {"agree"} else "mixed"),
            "verdicts": dict(sorted(counts.items())),
            "claim_ids": [c.id for c in group],
        })
    return sorted(summaries, key=lambda g: (g["verdict"] != "conflict", -g["claims"], g["subject"]))


def merge_copies(rows: Iterable[dict], copy_of: Mapping[str, str]) -> list[dict]:
    """Comparison rows with linked copies shown as one source with several appearances.

    Rows that differ only in which copy of an article they quote (same verdict, same
    quotes, same first appearances) become one row, the first met; its `appearances_a`
    and `appearances_b` list the paths of every copy it stands for.
    """
    def side(row: dict, name: str) -> tuple[str, str]:
        """A side of a row as (first appearance of its source, quote)."""
        return copy_of.get(row["source_" + name], row["source_" + name]), row["quote_" + name]

    merged: dict[tuple, dict] = {}
    for row in rows:
        key = (row["verdict"], frozenset((side(row, "a"), side(row, "b"))))
        kept = merged.get(key)
        if kept is None:
            merged[key] = dict(row, appearances_a=[row["source_a"]], appearances_b=[row["source_b"]])
            continue
        for name in "ab":
            target = "a" if side(kept, "a") == side(row, name) else "b"
            if row["source_" + name] not in kept["appearances_" + target]:
                kept["appearances_" + target].append(row["source_" + name])
    return list(merged.values())


def trace(claim_id: str, claims: dict[str, Claim], rows: Iterable[dict],
          dates: dict[str, str | None]) -> list[dict]:
    """How a number travelled: the claims compared with `claim_id`, oldest first.

    The first dated appearance comes first; every other claim is marked as repeating
    it (its comparison with the traced claim agrees) or changing it (any other verdict).
    """
    if claim_id not in claims:
        raise KeyError(claim_id)
    related: dict[str, str] = {}
    cites: dict[str, str] = {}  # citing claim id -> cited claim id
    for row in rows:
        if claim_id in (row["a"], row["b"]):
            other = row["b"] if row["a"] == claim_id else row["a"]
            related[other] = row["verdict"]
            if row.get("cites"):
                cites[row["b"] if row["cites"] == row["a"] else row["a"]] = row["cites"]
    steps = [claims[claim_id], *(claims[i] for i in related if i in claims)]
    steps.sort(key=lambda c: (dates.get(c.article_id) is None, dates.get(c.article_id) or "", c.source))
    out = []
    for n, c in enumerate(steps):
        verdict = related.get(c.id)
        role = "first appearance" if n == 0 else ("repeats" if verdict in (None, "agree") else f"changes ({verdict})")
        if c.id == claim_id and n:
            role = "this claim"
        if c.id in cites:
            role += f", citing {claims[cites[c.id]].source}" if cites[c.id] in claims else ", citing a source"
        out.append({"claim_id": c.id, "role": role, "quote": c.quote, "low": c.low, "high": c.high,
                    "source": c.source, "date": dates.get(c.article_id), "verdict": verdict,
                    "attributed_to": c.attributed_to, "cites": cites.get(c.id)})
    return out
