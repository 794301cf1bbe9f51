"""Microsoft Recognizers-Text's English specs, scored under claimtrack's conventions
(`claimtrack evaluate recognizers`).

The specs (../shared/eval/recognizers, MIT) are a peer's own test suite: one JSON file
per model (NumberModel.json, NumberRangeModel.json, PercentModel.json, CurrencyModel.json,
DimensionModel.json, TemperatureModel.json, AgeModel.json), each a list of cases
{"Input": text, "Results": [{"Text", "TypeName", "Resolution": {"value", "unit"}, "Start",
"End"}]}. Each case's text is run through the extractor (evaluate.extraction.predict) and
the case is right when

- every expected result has a claim overlapping its text whose range is the expected one
  (a single value is [v, v]; a spec interval as CONTRACT.md reads its words, below) and,
  where the spec names a unit, whose unit is that unit in claimtrack's names (UNITS); a
  result with no value (a unit named with no number: "a small percent") expects no claim;
- and no other claim of the model's kinds (MODEL_KINDS) stands in the text: the Number
  model expects nothing of "the 180ml liquid", which holds a measure, not a bare number.

The Number and NumberRange models test reading numbers ("sixteen", "between 20 and 30",
most with nothing counted), which claimtrack does for every claim but, by design, keeps
as a claim only with a counted thing or unit ("sixteen" alone is none): those two files
are scored on the numbers read (extract.pipeline.read_numbers: the same finder, ranges,
qualifiers and units, before the rules that decide what is a claim). The other five are
scored on the claims themselves.

The conventions mapped (CONTRACT.md wins where they differ, as the specs' README says):
the specs write "between 20 and 30", "20 to 30" and "20-30" as [20, 30), claimtrack as
[20, 30]: a spec interval closed below and open above is read closed when its words hold
no strict upper bound ("less than", "below", "under", "fewer than", "smaller than",
"lower than", "<"); an interval open below ("below 170": (, 170)) starts at 0, as
CONTRACT.md's "up to" and "fewer than" do. The specs have no qualifiers and few ranges: where a claim holds
words the spec's text leaves out ("about $ 14 million" for "$ 14 million", "eight to 10
feet" for "10 feet"), the spec's value must be the claim's stated figure or one end of its
range. Units are the specs' names mapped to claimtrack's ("Meter" is
"metre", "Pound" money is "pound sterling", "C" is "degree Celsius"); a unit no mapping
names is compared lower-cased, so an unknown currency counts as missed; an amount per
something ("$ 98 a share") is compared as the amount, as the specs resolve it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BadEvaluationData
from ..writing import plain_number
from .extraction import DEFAULT_TIMEOUT, Case, predict
from .sets import read_json

if TYPE_CHECKING:
    from spacy.language import Language

#: The spec files scored, in the order printed, with the claim kinds each model covers.
MODEL_KINDS: dict[str, tuple[str, ...]] = {
    "NumberModel.json": ("count", "ratio", "ordinal"),
    "NumberRangeModel.json": ("count", "ratio", "ordinal"),
    "PercentModel.json": ("percent",),
    "CurrencyModel.json": ("money",),
    "DimensionModel.json": ("measure",),
    "TemperatureModel.json": ("measure",),
    "AgeModel.json": ("age",),
}

#: The spec files scored on the numbers read rather than the claims made (see the docstring).
NUMBERS_READ = ("NumberModel.json", "NumberRangeModel.json")

#: The specs' unit names (lower-cased) -> claimtrack's, where they differ.
UNITS: dict[tuple[str, str], str] = {
    **{("currency", name): "dollar" for name in ("dollar", "united states dollar")},
    **{("currency", name): "pound sterling" for name in ("pound", "british pound")},
    **{("currency", name): "penny" for name in ("pence", "penny")},
    ("currency", "japanese yen"): "yen",
    ("currency", "chinese yuan"): "yuan",
    ("currency", "rupee"): "rupee",
    ("currency", "sri lankan rupee"): "rupee",
    ("dimension", "meter"): "metre",
    ("dimension", "kilometer"): "kilometre",
    ("dimension", "millimeter"): "millimetre",
    ("dimension", "centimeter"): "centimetre",
    ("dimension", "milliliter"): "millilitre",
    ("dimension", "square meter"): "square metre",
    ("dimension", "square kilometer"): "square kilometre",
    ("dimension", "kilometer per hour"): "kilometre per hour",
    ("dimension", "metric ton"): "tonne",
    ("temperature", "c"): "degree Celsius",
    ("temperature", "f"): "degree Fahrenheit",
}

_STRICT_HIGH = re.compile(r"\b(?:less|fewer|smaller|lower)\b|\bbelow\b|\bunder\b|<")
_INTERVAL = re.compile(r"^\s*([\[(])\s*([^,]*)\s*,\s*([^\])]*)\s*([\])])\s*$")


@dataclass(frozen=True)
class Expected:
    """One expected result, in claimtrack's terms."""

    text: str
    start: int
    end: int  # exclusive
    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    unit: str | None


@dataclass
class CaseScore:
    model: str
    text: str
    right: bool
    expected: list[Expected]
    got: list[dict[str, Any]]
    why: str = ""


@dataclass
class ModelScore:
    file: str
    cases: list[CaseScore] = field(default_factory=list)

    @property
    def right(self) -> int:
        return sum(c.right for c in self.cases)


@dataclass
class RecognizersResult:
    data: Path
    models: list[ModelScore]
    failures: list[tuple[str, str]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "data": str(self.data),
            "models": {m.file: {"cases": len(m.cases), "right": m.right,
                                "share": round(m.right / len(m.cases), 4) if m.cases else None}
                       for m in self.models},
            "total": {"cases": sum(len(m.cases) for m in self.models), "right": sum(m.right for m in self.models)},
            "failures": [{"case": case, "reason": reason} for case, reason in self.failures],
        }


def evaluate_recognizers(data: str | Path, *, model: str | None = None, nlp: Language | None = None,
                         timeout: float | None = DEFAULT_TIMEOUT) -> RecognizersResult:
    """Score the extractor on each spec file of the folder `data` (see the module's docstring)."""
    folder = Path(data)
    if not folder.is_dir():
        raise BadEvaluationData(f"no folder of Recognizers-Text specs at {folder}")
    files = [name for name in MODEL_KINDS if (folder / name).is_file()]
    if not files:
        raise BadEvaluationData(f"{folder} holds none of the spec files: {', '.join(MODEL_KINDS)}")
    loaded = {name: _load(folder / name) for name in files}
    from ..extract.pipeline import load_pipeline, read_numbers

    if nlp is None:
        nlp = load_pipeline(model)
    failures: list[tuple[str, str]] = []
    models = []
    for name in files:
        cases = [Case(id=f"{name}:{n}", beat=name, text=text) for n, (text, _) in enumerate(loaded[name], 1)]
        read = read_numbers if name in NUMBERS_READ else None
        preds = predict(nlp, cases, timeout=timeout or None, failures=failures, read=read)
        scored = ModelScore(name)
        for (text, expected), got in zip(loaded[name], preds):
            right, why = _judge(expected, got, MODEL_KINDS[name])
            scored.cases.append(CaseScore(name, text, right, expected, got, why))
        models.append(scored)
    return RecognizersResult(folder, models, failures)


def _load(path: Path) -> list[tuple[str, list[Expected]]]:
    items = read_json(path)
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise BadEvaluationData(f"{path}: expected a list of cases {{\"Input\": ..., \"Results\": [...]}}")
    cases = []
    for number, item in enumerate(items, 1):
        text = item.get("Input")
        results = item.get("Results", [])
        if not isinstance(text, str) or not isinstance(results, list):
            raise BadEvaluationData(f"{path}: case {number}: no 'Input' text or 'Results' list")
        try:
            # A unit named with no number ("a small percent", "the dollar") is no claim here.
            valued = [r for r in results if (r.get("Resolution") or {}).get("value") not in (None, "null")]
            cases.append((text, [_expected(result, text) for result in valued]))
        except (KeyError, TypeError, ValueError, InvalidOperation) as error:
            raise BadEvaluationData(f"{path}: case {number}: unreadable result ({error})") from error
    return cases


def _expected(result: dict[str, Any], text: str) -> Expected:
    kind = str(result["TypeName"]).lower()
    resolution = result.get("Resolution") or {}
    value = str(resolution.get("value", ""))
    start = int(result["Start"])
    end = int(result["End"]) + 1  # the specs' End is the last character's index
    unit = resolution.get("unit")
    unit = UNITS.get((kind, str(unit).lower()), str(unit).lower()) if unit else None
    if kind == "numberrange":
        low, high, low_inc, high_inc = _interval(value, str(result["Text"]))
        return Expected(str(result["Text"]), start, end, low, high, low_inc, high_inc, None)
    if kind == "percentage":
        number, unit = float(Decimal(value.rstrip("%"))), "percent"
    else:
        number = float(Decimal(value))
    return Expected(str(result["Text"]), start, end, number, number, True, True, unit)


def _interval(value: str, words: str) -> tuple[float | None, float | None, bool, bool]:
    match = _INTERVAL.match(value)
    if match is None:
        raise ValueError(f"not an interval: {value!r}")
    opening, low, high, closing = match.groups()
    low_value = float(Decimal(low)) if low.strip() else None
    high_value = float(Decimal(high)) if high.strip() else None
    high_inclusive = closing == "]"
    if low_value is None and high_value is not None:
        low_value, opening = 0.0, "["  # "below 170", "at most 100": [0, X) and [0, X] in CONTRACT.md
    if low_value is not None and high_value is not None and opening == "[" and not high_inclusive \
            and not _STRICT_HIGH.search(words.lower()):
        high_inclusive = True  # "between 20 and 30" is [20, 30] in CONTRACT.md, [20, 30) in the specs
    return low_value, high_value, opening == "[", high_inclusive


def _judge(expected: Sequence[Expected], got: Sequence[dict[str, Any]], kinds: tuple[str, ...]) -> tuple[bool, str]:
    """(right, why not) for one case."""
    used: set[int] = set()
    for item in expected:
        match = next((n for n, claim in enumerate(got) if n not in used and _overlaps(item, claim)
                      and _same_range(item, claim) and (item.unit is None or _unit(claim) == item.unit)), None)
        if match is None:
            return False, f"no claim for {item.text!r}"
        used.add(match)
    extra = [claim for n, claim in enumerate(got) if n not in used and claim.get("kind") in kinds
             and not any(_overlaps(item, claim) for item in expected)]
    if extra:
        return False, f"unexpected {extra[0]['quote']!r}"
    return True, ""


def _unit(claim: dict[str, Any]) -> str | None:
    """The claim's unit, a rate's before its "per" ("dollar per share" is dollars to the specs)."""
    unit = claim.get("unit")
    return unit.split(" per ")[0] if unit and claim.get("kind") != "measure" else unit


def _overlaps(item: Expected, claim: dict[str, Any]) -> bool:
    return claim["start"] < item.end and item.start < claim["end"]


def _same_range(item: Expected, claim: dict[str, Any]) -> bool:
    low, high = claim.get("low"), claim.get("high")
    if item.low == item.high and item.low is not None and (claim["start"] < item.start or claim["end"] > item.end):
        # The claim holds words the spec leaves out of its text, a qualifier or a range's
        # other end ("about $ 14 million", "eight to 10 feet"): the spec's value must be the
        # figure stated, or one end of the range.
        return any(_same(item.low, x) for x in (claim.get("value"), low, high) if x is not None)
    if not (_same(item.low, low) and _same(item.high, high)):
        return False
    if item.low == item.high:
        return True
    return item.low_inclusive == claim.get("low_inclusive", True) and item.high_inclusive == claim.get(
        "high_inclusive", True)


def _same(x: float | None, y: float | None) -> bool:
    if x is None or y is None:
        return x is None and y is None
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def recognizers_text(result: RecognizersResult, *, show_errors: int = 0) -> str:
    """The figures as the command prints them: one line per spec file, then the total."""
    lines = [f"{'spec':<24}{'cases':>7}{'right':>7}{'share':>8}"]
    for scored in result.models:
        share = 100 * scored.right / len(scored.cases) if scored.cases else 0.0
        lines.append(f"{scored.file:<24}{len(scored.cases):>7}{scored.right:>7}{share:>7.1f}%")
    total = sum(len(m.cases) for m in result.models)
    right = sum(m.right for m in result.models)
    lines.append(f"{'all':<24}{total:>7}{right:>7}{100 * right / total if total else 0:>7.1f}%")
    if show_errors:
        for scored in result.models:
            wrong = [c for c in scored.cases if not c.right][:show_errors]
            if wrong:
                lines.append(f"\n{scored.file}: first {len(wrong)} wrong")
            for case in wrong:
                got = ", ".join(
                    f"{c['quote']!r} [{_bound(c['low'])}, {_bound(c['high'])}] {c.get('unit') or ''}".rstrip()
                    for c in case.got) or "nothing"
                lines.append(f"  {case.text[:100]!r}: {case.why}; got {got}")
    if result.failures:
        lines.append(f"\n{len(result.failures)} case(s) failed in the extractor: "
                     + "; ".join(f"{case} ({reason})" for case, reason in result.failures[:5]))
    return "\n".join(lines) + "\n"


def _bound(value: float | None) -> str:
    return "-" if value is None else plain_number(value)
