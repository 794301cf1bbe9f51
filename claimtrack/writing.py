"""How numbers and ranges are written for people: the terminal's tables (render.py), the
HTML report (report.py), the verdicts' reasons (verdicts.py) and the evaluation reports
(evaluate/) all write them here.

The variants differ on purpose and each is named: a reason is stored in the database and
exported, so it keeps the notation it has always had (two decimals, an ASCII "-∞");
tables and the report show four significant digits and a true minus sign ("−∞").
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from .model import Claim


def number(x: float) -> str:
    """A number for tables and the report: "1,234", "2.5", "0.3333" (4 significant digits)."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.4g}"


def reason_number(x: float) -> str:
    """A number in a verdict's reason: "1,234", "2.50" (two decimals)."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def plain_number(x: object) -> str:
    """A number as the evaluation reports write it, for comparing with a label's JSON: "1234",
    "2.5", "1.23457e+06" (no separators, 6 significant digits), "?" for none."""
    if x is None:
        return "?"
    value = float(x)  # type: ignore[arg-type]
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.6g}"


def table_range(low: float | None, high: float | None) -> str:
    """A range in a terminal table: "489", "40 – 80", "500 – ∞", "−∞ – 80"."""
    if low is not None and low == high:
        return number(low)
    return f"{'−∞' if low is None else number(low)} – {'∞' if high is None else number(high)}"


def bounds(claim: Claim) -> str:
    """A claim's range in interval notation for the report: "(500, ∞)", "[0, 80]", "489"."""
    return _interval(claim.low, claim.high, claim.low_inclusive, claim.high_inclusive, number, "(−∞")


@lru_cache(maxsize=65536)
def reason_bounds(low: float | None, high: float | None, low_inclusive: bool, high_inclusive: bool) -> str:
    """A range in interval notation for a verdict's reason: "(500, ∞)", "[0, 80.50]", "(-∞, 80]".
    Cached: comparing writes the same few ranges into many reasons."""
    return _interval(low, high, low_inclusive, high_inclusive, reason_number, "(-∞")


def _interval(low: float | None, high: float | None, low_inclusive: bool, high_inclusive: bool,
              write: Callable[[float], str], unbounded_below: str) -> str:
    if low is not None and low == high:
        return write(low)
    low_text = unbounded_below if low is None else ("[" if low_inclusive else "(") + write(low)
    high_text = "∞)" if high is None else write(high) + ("]" if high_inclusive else ")")
    return f"{low_text}, {high_text}"


def stated(claim: Claim) -> str:
    """The range a claim allows, in words: "489", "more than 500", "up to 80", "between 40 and 80"."""
    low, high = claim.low, claim.high
    if low is not None and low == high:
        return number(low)
    if low is None and high is None:
        return "any amount"
    if high is None:
        return f"{'at least' if claim.low_inclusive else 'more than'} {number(low)}"  # type: ignore[arg-type]
    if low is None or (low == 0 and claim.low_inclusive):
        return f"{'up to' if claim.high_inclusive else 'less than'} {number(high)}"
    if claim.qualifier == "about" and claim.value is not None:
        return f"about {number(claim.value)} ({number(low)} to {number(high)})"
    if claim.qualifier == "nearly" and claim.value is not None:
        return f"nearly {number(claim.value)}"
    return f"between {number(low)} and {number(high)}" + ("" if claim.high_inclusive else " (not reaching it)")


def label(claim: Claim) -> str:
    """A short label drawn beside a chart mark: "489", ">500", "≤80", "40–80", "≈34", "↑3"."""
    arrow = {"up": "↑", "down": "↓"}.get(claim.change or "", "")
    return arrow + _bare_label(claim)


def _bare_label(claim: Claim) -> str:
    low, high = claim.low, claim.high
    if low is not None and low == high:
        return number(low)
    if claim.qualifier in ("about", "nearly") and claim.value is not None:
        return f"≈{number(claim.value)}"
    if high is None:
        return f"{'≥' if claim.low_inclusive else '>'}{number(low)}" if low is not None else "?"
    if low is None or (low == 0 and claim.low_inclusive):
        return f"{'≤' if claim.high_inclusive else '<'}{number(high)}"
    return f"{number(low)}–{number(high)}"


def figure(claim: Claim) -> str:
    """A claim's figure with its unit, for a reason's reader comparing two at a glance:
    "489 detainers", "more than 500 detainers", "9 minutes", "$1,099"."""
    low, high = claim.low, claim.high
    written = reason_bounds(low, high, claim.low_inclusive, claim.high_inclusive)
    if low is not None and high is None:
        written = f"{'more than' if not claim.low_inclusive else 'at least'} {reason_number(low)}"
    elif high is not None and (low is None or low == 0) and low != high:
        written = f"{'under' if not claim.high_inclusive else 'up to'} {reason_number(high)}"
    unit = claim.unit_text or claim.unit or ""
    if claim.kind == "money" and unit in ("dollar", "$"):
        return f"${written}"
    if claim.kind == "percent":
        return f"{written}%"
    if claim.kind == "age":
        return f"aged {written}"
    if not claim.unit_text and unit and unit.isalpha() and len(unit) > 2 and (low, high) != (1, 1):
        unit = _PLURALS.get(unit, unit + "s")  # "3 weeks", "130 pounds", "2 centuries"
    return f"{written} {unit}".strip()


_PLURALS = {"century": "centuries", "foot": "feet", "inch": "inches", "person": "people"}
