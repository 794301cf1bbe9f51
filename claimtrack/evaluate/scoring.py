"""How predicted claims are scored against hand-annotated quantities, sentence by sentence.

Scored the way published quantity-extraction benchmarks score (micro-averaged
precision, recall and F1 over all quantities):

* Matching, per sentence: a predicted claim and a gold quantity are candidates
  when their character spans overlap (the gold span is where its `surface`
  stands in the sentence); pairs are taken greedily by largest overlap, each
  claim and each gold quantity at most once (pairs whose values agree first,
  so one long claim spanning two gold items goes to the one it states).
* ``value``: a matched pair is correct when the values agree within a relative
  tolerance of 1e-3. A gold range (its value is its low end) also accepts a
  predicted low equal to the gold low; a vague gold amount ("dozens", value
  null) is compared on low and high instead.
* ``value+unit``: correct value and the same unit once both are normalised
  through `UNIT_ALIASES` (case, plurals, abbreviations, symbols); a counted
  noun may differ by modifiers ("detainer request" ~ "request").
* ``value+qualifier``: correct value and the same benchmark bound symbol
  (= ~ > <, see `QUALIFIER_SYMBOLS`) and the same direction of change
  (up/down/none).

A claim with no overlapping gold quantity is a false positive; every predicted
claim counts in P's denominator and every gold quantity in R's, so a matched
claim with a wrong value costs both precision and recall.

Pure (no spaCy, no files), so tests call `score` on hand-made lists; extraction.py
loads the annotated sentences and runs the extractor over them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

VALUE = "value"
VALUE_UNIT = "value+unit"
VALUE_QUALIFIER = "value+qualifier"
METRICS = (VALUE, VALUE_UNIT, VALUE_QUALIFIER)

REL_TOL = 1e-3

# --- qualifiers ------------------------------------------------------------------

#: claimtrack qualifier -> benchmark bound symbol.
QUALIFIER_SYMBOLS = {
    "exact": "=",
    "about": "~",
    "nearly": "~",
    "over": ">",
    "at_least": ">",
    "under": "<",
    "up_to": "<",
    "range": "=",
    "vague": "~",
}


def qualifier_agrees(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """Same bound symbol, range only with range, and the same change (up/down/None)."""
    g, p = gold.get("qualifier"), pred.get("qualifier")
    if g is None or p is None:
        return False
    if QUALIFIER_SYMBOLS.get(g) != QUALIFIER_SYMBOLS.get(p):
        return False
    if (g == "range") != (p == "range"):
        return False
    return gold.get("change") == pred.get("change")


# --- units -----------------------------------------------------------------------

def _aliases(canonical: str, *aliases: str) -> dict[str, str]:
    return {alias: canonical for alias in (canonical, *aliases)}


#: Lower-case, singular unit spellings -> one canonical name. Keys are looked up
#: after lower-casing, hyphens to spaces, and again after singularising each word.
UNIT_ALIASES: dict[str, str] = {
    # ratios
    **_aliases("percent", "%", "per cent", "pct", "percentage"),
    **_aliases("percentage point", "percentage point", "pp", "ppt", "point percentage"),
    **_aliases("basis point", "bp", "bps", "basis pt"),
    **_aliases("time", "times", "fold", "x"),
    # money
    **_aliases("dollar", "$", "usd", "us dollar", "us$", "buck", "dollars"),
    **_aliases("pound sterling", "£", "gbp", "sterling", "british pound"),
    **_aliases("euro", "€", "eur"),
    **_aliases("yen", "¥", "jpy", "japanese yen"),
    **_aliases("penny", "p", "pence", "penny"),
    **_aliases("cent", "¢", "cents"),
    **_aliases("rupee", "₹", "inr", "rs"),
    **_aliases("yuan", "cny", "rmb", "renminbi"),
    **_aliases("won", "₩", "krw"),
    # temperature
    **_aliases("degree celsius", "°c", "ºc", "celsius", "degree centigrade", "centigrade", "deg c"),
    **_aliases("degree fahrenheit", "°f", "ºf", "fahrenheit", "deg f"),
    # length, area, volume
    **_aliases("metre", "meter", "m", "mtr"),
    **_aliases("kilometre", "km", "kilometer", "kms"),
    **_aliases("centimetre", "cm", "centimeter"),
    **_aliases("millimetre", "mm", "millimeter"),
    **_aliases("micrometre", "µm", "μm", "micrometer", "micron"),
    **_aliases("nanometre", "nm", "nanometer"),
    **_aliases("picometre", "picometer"),
    **_aliases("attometre", "attometer"),
    **_aliases("mile", "mi"),
    **_aliases("foot", "ft", "feet"),
    **_aliases("inch", "in", "inches", '"'),
    **_aliases("yard", "yd", "yds"),
    **_aliases("light year", "ly", "lightyear"),
    **_aliases("acre", "ac"),
    **_aliases("hectare", "ha"),
    **_aliases("square foot", "sq ft", "sq foot", "ft2", "ft²", "sqft"),
    **_aliases("square metre", "sq m", "m2", "m²", "square meter"),
    **_aliases("square kilometre", "sq km", "km2", "km²", "square kilometer"),
    **_aliases("square mile", "sq mi", "sq mile"),
    **_aliases("cubic metre", "m3", "m³", "cubic meter"),
    **_aliases("cubic kilometre", "km3", "km³", "cubic kilometer"),
    **_aliases("litre", "l", "liter", "ltr"),
    # a millilitre is a cubic centimetre
    **_aliases("millilitre", "ml", "milliliter", "cubic centimetre", "cc", "cm3", "cm³", "cubic centimeter"),
    **_aliases("centilitre", "cl", "centiliter"),
    **_aliases("gallon", "gal"),
    **_aliases("barrel", "bbl"),
    # mass
    **_aliases("kilogram", "kg", "kilo", "kilogramme", "kgs"),
    **_aliases("gram", "g", "gramme", "gm"),
    **_aliases("milligram", "mg", "milligramme"),
    **_aliases("microgram", "µg", "μg", "mcg", "microgramme"),
    **_aliases("tonne", "t", "metric ton", "metric tonne"),
    **_aliases("ton", "short ton"),
    **_aliases("pound", "lb", "lbs", "pound mass", "lbm"),
    **_aliases("ounce", "oz", "troy ounce"),
    # time
    **_aliases("second", "s", "sec", "secs"),
    **_aliases("minute", "min", "mins"),
    **_aliases("hour", "h", "hr", "hrs"),
    **_aliases("day", "d"),
    **_aliases("week", "wk", "wks"),
    **_aliases("month", "mo", "mth"),
    **_aliases("year", "yr", "yrs", "y"),
    **_aliases("decade"),
    **_aliases("century"),
    # speed, rates
    **_aliases("mile per hour", "mph", "miles per hour", "mile an hour", "mi/h"),
    **_aliases("kilometre per hour", "km/h", "kph", "kmh", "km/hr", "kilometer per hour",
               "kilometre an hour", "kilometer an hour", "km per hour"),
    **_aliases("metre per second", "m/s", "meter per second"),
    **_aliases("knot", "kt", "kn"),
    # energy, power, data
    **_aliases("watt", "w"),
    **_aliases("kilowatt", "kw"),
    **_aliases("megawatt", "mw"),
    **_aliases("gigawatt", "gw"),
    **_aliases("kilowatt hour", "kwh", "kw h"),
    **_aliases("megawatt hour", "mwh", "mw h"),
    **_aliases("gigawatt hour", "gwh"),
    **_aliases("terawatt hour", "twh"),
    **_aliases("byte"),
    **_aliases("kilobyte", "kb"),
    **_aliases("megabyte", "mb"),
    **_aliases("gigabyte", "gb"),
    **_aliases("terabyte", "tb"),
    **_aliases("megabit per second", "mbps", "mbit/s", "mb/s"),
    **_aliases("gigabit per second", "gbps", "gbit/s", "gb/s"),
    **_aliases("terabit per second", "tbps", "tbit/s", "tb/s"),
    **_aliases("megahertz", "mhz"),
    **_aliases("gigahertz", "ghz"),
    **_aliases("watt hour", "wh", "w h"),
    **_aliases("electronvolt", "ev", "electron volt"),
    **_aliases("teraelectronvolt", "tev"),
    **_aliases("gigaelectronvolt", "gev"),
    **_aliases("milligray", "mgy"),
    **_aliases("megayear", "megaannum", "myr"),
    **_aliases("gigayear", "gigaannum", "gyr", "ga"),
    **_aliases("ton per day", "tpd"),
    **_aliases("decibel", "db"),
    **_aliases("calorie", "kcal", "cal"),
    # people
    **_aliases("person", "people", "persons", "individual"),
}

#: Canonical units of measure (not counted nouns): no last-word leniency for them.
MEASURE_UNITS = frozenset(UNIT_ALIASES.values()) - {"person"}

_IRREGULAR_PLURALS = {
    "people": "person", "persons": "person", "children": "child", "men": "man", "women": "woman",
    "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose", "pence": "penny",
    "lives": "life", "wives": "wife", "knives": "knife", "wolves": "wolf", "halves": "half",
    "shelves": "shelf", "leaves": "leaf", "thieves": "thief", "calves": "calf",
    "criteria": "criterion", "phenomena": "phenomenon", "analyses": "analysis", "crises": "crisis",
    "indices": "index", "matrices": "matrix", "data": "data", "media": "media",
}
_NO_SINGULAR = {"species", "series", "news", "staff", "sheep", "deer", "fish", "aircraft", "means",
                "celsius", "gas", "bus", "yes", "lens", "physics", "economics", "politics",
                "headquarters", "sterling", "cross", "loss", "process"}


def singular(word: str) -> str:
    """A plain English singular of one lower-case word (good enough for unit nouns).

    Kept apart from lexicon.singular on purpose: the scorer normalises units by its own
    rules (CQE's), so a fix in the extractor's lexicon cannot make its own output match."""
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word in _NO_SINGULAR or len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zzes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


def _lookup(text: str) -> str:
    if text in UNIT_ALIASES:
        return UNIT_ALIASES[text]
    single = " ".join(singular(w) for w in text.split())
    return UNIT_ALIASES.get(single, single)


def normalise_unit(unit: str | None) -> str | None:
    """A unit name in canonical form: 'Miles per hour' -> 'mile per hour', '£' -> 'pound sterling'."""
    if unit is None:
        return None
    text = re.sub(r"\s+", " ", unit.strip().lower().replace("-", " ").replace("\u2019", "'"))
    if not text:
        return None
    if text in UNIT_ALIASES:
        return UNIT_ALIASES[text]
    # "x per y", "x a y", "x/y": normalise each side.
    parts = re.split(r" per | an? | every | each |(?<=[a-z])/(?=[a-z])", text)
    if len(parts) > 1:
        whole = _lookup(" per ".join(parts))
        if whole in MEASURE_UNITS:
            return whole
        return " per ".join(_lookup(part.strip()) for part in parts)
    return _lookup(text)


def unit_agrees(gold_unit: str | None, pred_unit: str | None) -> bool:
    """Units equal after normalising, or (counted nouns) one is the other's last word.

    quantulum's "dimensionless" agrees with a predicted unit of None only.
    """
    if gold_unit is not None and gold_unit.strip().lower() == "dimensionless":
        return pred_unit is None
    g, p = normalise_unit(gold_unit), normalise_unit(pred_unit)
    if g == p:
        return True
    if g is None or p is None:
        return False
    if g in MEASURE_UNITS or p in MEASURE_UNITS or " per " in g or " per " in p:
        return False
    return g.split()[-1] == p or p.split()[-1] == g


# --- values ----------------------------------------------------------------------

def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return False
    return math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=0.0)


def _same_bound(a: Any, b: Any) -> bool:
    return (a is None and b is None) or _close(a, b)


def value_agrees(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """The value test of the benchmark (see the module docstring)."""
    if gold.get("value") is None:  # vague: "dozens of" -> its low/high
        if gold.get("low") is None and gold.get("high") is None:
            return False
        return _same_bound(gold.get("low"), pred.get("low")) and _same_bound(gold.get("high"), pred.get("high"))
    if _close(gold["value"], pred.get("value")):
        return True
    if gold.get("qualifier") == "range":
        return _close(gold.get("low"), pred.get("low"))
    if gold.get("range_as_mean") and pred.get("low") is not None and pred.get("high") is not None:
        # quantulum3 states a range ("3 to 4 L") by its mean (3.5).
        return _close(gold["value"], (float(pred["low"]) + float(pred["high"])) / 2)
    return False


# --- matching and scoring ----------------------------------------------------------

def _overlap(gold: dict[str, Any], pred: dict[str, Any]) -> int:
    gs, ge = gold.get("start"), gold.get("end")
    ps, pe = pred.get("start"), pred.get("end")
    if gs is None or ge is None or ps is None or pe is None:
        return 0
    return max(0, min(ge, pe) - max(gs, ps))


def match(gold: Sequence[dict[str, Any]], pred: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs of overlapping spans, greedy by largest overlap.

    Among overlapping pairs, those whose values agree are taken first: a claim
    "three of the 22 economists" (3) goes to the gold "three", not to the longer
    overlap "22 economists", which stays free for the claim "22 economists".
    """
    candidates = [
        (not value_agrees(g, p), -_overlap(g, p), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if _overlap(g, p) > 0
    ]
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    p = 100.0 * tp / n_pred if n_pred else 0.0
    r = 100.0 * tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold, "precision": p, "recall": r, "f1": f}


def score(
    pairs: Iterable[tuple[Sequence[dict[str, Any]], Sequence[dict[str, Any]]]],
    *,
    ids: Sequence[str] | None = None,
    metrics: Sequence[str] = METRICS,
) -> dict[str, Any]:
    """Micro P/R/F1 (percent) per metric over (gold list, predicted list) per sentence.

    Gold items need `start`/`end` (character span; None = cannot be matched but
    still counts for recall), `value`, and as the metric needs `low`, `high`,
    `unit`, `qualifier`, `change`, `surface`. Predicted items are claim dicts
    (`start`, `end`, `value`, `low`, `high`, `unit`, `qualifier`, `change`, `quote`).

    Returns {metric: {tp, pred, gold, precision, recall, f1}, ..., "errors": {...},
    "sentences": n}
    where errors lists false positives, false negatives (missed / wrong value),
    unit mismatches and qualifier mismatches in sentence order.
    """
    unknown = set(metrics) - set(METRICS)
    if unknown:
        raise ValueError(f"unknown metric(s): {sorted(unknown)}")
    tp = {m: 0 for m in metrics}
    n_pred = n_gold = 0
    errors: dict[str, list[dict[str, Any]]] = {
        "false_positive": [], "false_negative": [], "unit_mismatch": [], "qualifier_mismatch": [],
    }
    sentences = 0
    for k, (gold, pred) in enumerate(pairs):
        sentences += 1
        sid = ids[k] if ids is not None else str(k)
        gold, pred = list(gold), list(pred)
        n_gold += len(gold)
        n_pred += len(pred)
        matched = dict(match(gold, pred))
        matched_pred = set(matched.values())
        for pi, p in enumerate(pred):
            if pi not in matched_pred:
                errors["false_positive"].append({"id": sid, "pred": p})
        for gi, g in enumerate(gold):
            pi = matched.get(gi)
            if pi is None:
                errors["false_negative"].append({"id": sid, "gold": g, "pred": None, "why": "missed"})
                continue
            p = pred[pi]
            if not value_agrees(g, p):
                errors["false_negative"].append({"id": sid, "gold": g, "pred": p, "why": "wrong value"})
                continue
            if VALUE in tp:
                tp[VALUE] += 1
            if VALUE_UNIT in tp:
                if unit_agrees(g.get("unit"), p.get("unit")):
                    tp[VALUE_UNIT] += 1
                else:
                    errors["unit_mismatch"].append({"id": sid, "gold": g, "pred": p})
            if VALUE_QUALIFIER in tp:
                if qualifier_agrees(g, p):
                    tp[VALUE_QUALIFIER] += 1
                else:
                    errors["qualifier_mismatch"].append({"id": sid, "gold": g, "pred": p})
    result: dict[str, Any] = {m: _prf(tp[m], n_pred, n_gold) for m in metrics}
    result["errors"] = errors
    result["sentences"] = sentences
    return result
