"""The verdict on two claims about one quantity, its reason in words, and its confidence."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from . import lexicon as lx
from .identity import measure, one_event_verb, place_key, predicate_class, same_place
from .model import Claim
from .periods import days_apart, dated_period, period_key
from .writing import figure, reason_bounds


# Durations are compared in hours so "48 hours" meets "two days".
_HOURS = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1, "day": 24, "week": 168,
          "month": 730, "year": 8766, "decade": 87660, "century": 876600}


def scaled(claim: Claim) -> tuple[float | None, float | None]:
    """A claim's (low, high), a duration's in hours so "two days" meets "48 hours"."""
    factor = _HOURS.get(claim.unit or "", 1) if claim.kind == "duration" else 1
    low = claim.low * factor if claim.low is not None else None
    high = claim.high * factor if claim.high is not None else None
    return low, high


def ranges_overlap(a: Claim, b: Claim) -> bool:
    """Whether some number lies in both claims' ranges (open ends respected)."""
    a_low, a_high = scaled(a)
    b_low, b_high = scaled(b)
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


def judge(a: Claim, b: Claim, published: tuple[str | None, str | None] = (None, None)) -> tuple[str, str]:
    """The verdict on two claims about the same thing, and a reason a person can read.

    `published` are the two claims' article dates (ISO), where known: claims that state
    no period are about the time their article was written, so two of them from articles
    more than AS_OF_DAYS apart are about different periods."""
    about = _about(a, b)
    if measure(a) != measure(b):
        return "different_measure", f"{said(a)} is a {a.kind} and {said(b)} a {b.kind}{about}"
    if a.context.partitive != b.context.partitive:
        part = a if a.context.partitive else b
        return "different_event", f"{said(part)} is a part of a larger count{about}"
    if a.context.of_total != b.context.of_total:
        total = a if a.context.of_total else b
        return "different_event", f"{said(total)} is the total that a part was counted out of{about}"
    modality_a, modality_b = a.context.modality, b.context.modality
    if modality_a != modality_b:
        might = a if modality_a else b
        did = b if might is a else a
        return "different_event", (
            f"{said(might)} {might.context.modality} happen; {said(did)} "
            f"{'did' if not did.context.modality else did.context.modality}{about}"
        )
    place_a, place_b = place_key(a), place_key(b)
    explicit = not a.context.place_inferred and not b.context.place_inferred
    if explicit and not same_place(place_a, place_b):
        return "different_place", f"{said(a)} is in {a.place}, {said(b)} in {b.place}{about}"
    period_a, period_b = dated_period(a, published[0]), dated_period(b, published[1])
    apart = days_apart(a, b, published) if period_a == period_b else None
    if apart is not None:
        first, last = sorted(str(d)[:10] for d in published)
        stated = f"both state {a.period}" if a.period else "state no period"
        return "different_period", (
            f"{said(a)} and {said(b)} {stated}, in articles published {apart} days apart "
            f"({first} and {last}){about}"
        )
    opposite = a.change and b.change and a.change != b.change
    if ranges_overlap(a, b) and not opposite:
        return "agree", f"{said(a)} and {said(b)} overlap{about}{_scope_note(a, b)}"
    if period_a != period_b:
        return "different_period", (
            f"{said(a)} covers {a.period or 'no stated period'}, "
            f"{said(b)} covers {b.period or 'no stated period'}{about}"
        )
    ratio = _ratio(a, b)
    if ratio >= APART_FACTOR and not opposite:
        return "different_event", (
            f"{said(a)} and {said(b)} are {ratio:,.0f} times apart: more likely two different things "
            f"than one figure reported two ways{about}")
    if ratio >= LOOSE_APART_FACTOR and not opposite and a.kind != "age" and not one_event_verb(a, b):
        return "different_event", (
            f"{said(a)} and {said(b)} are {ratio:,.1f} times apart and not said of one event: more "
            f"likely two different things than one figure reported two ways{about}")
    where = f" in {a.place}" if a.place else ""
    periods = list(dict.fromkeys(p for p in (a.period, b.period) if p))
    when = f" in {' = '.join(periods)}" if periods else ""
    versus = f"{figure(a)} vs {figure(b)}: "
    if opposite:
        return "conflict", f"{versus}{said(a)} goes {a.change}, {said(b)} goes {b.change}{about}{where}{when}"
    return "conflict", f"{versus}{said(a)} and {said(b)} cannot both hold{about}{where}{when}"


#: Two figures this many times apart are not taken for one quantity reported two ways:
#: outlets that disagree about one number disagree within a factor of 3 in every one of
#: the 50 labelled conflicts of the development clusters, while pairs 10 or more times
#: apart there are different things that share a unit ("about three hours" and "four
#: years", "20 points" in a game and "1,000 points" in a career).
APART_FACTOR = 10.0


#: The same for two figures that no shared event verb ties together ("needed nine points"
#: and "finished with 20 points" are two things). Measured on the development clusters
#: before this rule: of the conflicts on such pairs, both labelled real ones were less
#: than twice apart (1.0 and 1.25), while 18 of the 30 unlabelled or false ones were twice
#: apart or more. Two real conflicts is thin evidence for the factor.
LOOSE_APART_FACTOR = 2.0


def said(claim: Claim) -> str:
    """A claim as a reason names it: its quote and the range it allows, "“489 detainers” (489)"."""
    return f"“{claim.quote}” ({reason_bounds(claim.low, claim.high, claim.low_inclusive, claim.high_inclusive)})"


def _about(a: Claim, b: Claim) -> str:
    thing = a.unit_text or a.context.of_text or a.unit or a.kind
    verbs = sorted({p for p in (a.predicate, b.predicate) if p})
    return f"; both count {thing}" + (f" ({' / '.join(verbs)})" if verbs else "")


def _scope_note(a: Claim, b: Claim) -> str:
    if period_key(a) != period_key(b) and a.period and b.period:
        return f"; periods stated as {a.period} and {b.period}"
    return ""


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
    head = _head(a)
    if head and head == _head(b):
        score += 0.1
    if a.kind == "age" and a.context.who:
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
    return _head_noun(claim.unit_text) if claim.unit_text else None


@lru_cache(maxsize=65536)
def _head_noun(unit_text: str) -> str | None:
    """The counted noun's last word, singular ("biology professors" -> "professor")."""
    words = re.findall(r"[a-z]+", unit_text.lower())
    return lx.singular(words[-1]) if words else None


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
