"""Fuzzing: the number parsers and the extractor on hostile and generated text.

The parsers must return a value or None for any string; the extractor must never
raise, and each claim it returns must quote the text exactly at its offsets with a
well-ordered range. Hypothesis runs derandomized, so every run tries the same cases.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.model import Article
from claimtrack.numbers import parse_number, vague_range

SETTINGS = dict(derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))

# --- strategies --------------------------------------------------------------------

RTL, LTR, ZWSP, ZWJ, BOM = "\u202e", "\u200e", "\u200b", "\u200d", "\ufeff"
FULL_WIDTH = [chr(0xFF10 + d) for d in range(10)]
NUMBERISH_PIECES = [
    *"0123456789", *"0123456789", ",", ",", ".", ".", " ", " ", "e", "E", "-", "+", "\u2212", "%",
    "$", "£", "€", "¥", "/", "–", "—", "½", "¼", "⅔", "²", "³", "①", "٣", "१", "๓", "\u00a0", "\n",
    "\n\n", "\t", "NaN", "nan", "Infinity", "inf", "-inf", "1e309", "0x1F", "1_000", "k", "m", "bn",
    "million", "billion", "thousand", "hundred", "dozen", " to ", " and ", "between ", "more than ",
    "about ", "nearly ", "up to ", " or more", "-plus", "half", "two", "thirds", "a", "of", "people",
    " jobs", " percent", "per cent", "km", "years old", "(", ")", "'", '"', "#", "No.", "Route ",
    RTL, LTR, ZWSP, ZWJ, BOM, *FULL_WIDTH, "🎉", "👍🏽", "1️⃣", "🇺🇸", "𝟗", "\x00", "\x1b",
]
numberish = st.lists(st.sampled_from(NUMBERISH_PIECES), max_size=40).map("".join)

digit_run = st.builds(
    lambda length, digit, seed: (str(seed) * length)[:length] if seed else digit * length,
    st.sampled_from([1, 2, 3, 4, 7, 12, 25, 101, 201, 1000, 10_000]),
    st.sampled_from("0123456789"),
    st.integers(min_value=0, max_value=10**6),
)
plain_number = st.one_of(
    st.integers(min_value=-10**7, max_value=10**12).map(str),
    st.integers(min_value=0, max_value=10**12).map(lambda n: f"{n:,}"),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.builds(lambda a, b: f"{a}.{b}", st.integers(0, 999), st.integers(0, 99)),
    st.builds(lambda a, b: f"{a}/{b}", st.integers(0, 99), st.integers(0, 99)),
    st.sampled_from(["two-thirds", "a dozen", "half a million", "one and a half", "twenty-one",
                     "several hundred", "tens of thousands of", "a handful of", "zero", "none",
                     "NaN", "Infinity", "-0", "0.000", "1e9", "1e-9", "１２３", "٣٤٥", "½", "2½",
                     "10²", "a third", "3.9bn", "$5m", "12k", "9.99"]),
    digit_run,
)
number_phrase = st.builds(
    lambda qualifier, currency, number, scale, tail: f"{qualifier}{currency}{number}{scale}{tail}",
    st.sampled_from(["", "", "more than ", "about ", "nearly ", "at least ", "up to ", "fewer than ",
                     "between ", "from ", "an estimated ", "some "]),
    st.sampled_from(["", "", "", "$", "£", "€", "US$"]),
    plain_number,
    st.sampled_from(["", "", "", " million", " billion", "bn", "m", "k", "%", " percent", " thousand"]),
    st.sampled_from(["", "", "", " or more", "-plus", " or so", "-80", " to 90", " and 20", "-1"]),
)
TEMPLATES = [
    "Officials said {n} people were arrested in Durham County last year.",
    "The company cut {n} jobs, its chief executive said on Tuesday.",
    "Revenue rose {n} to {n} in the third quarter, Reuters reported.",
    "Between {n} and {n} detainers were ignored in the past 10 months.",
    "A total of {n} detainer requests were declined, according to ICE.",
    "Prices fell {n} in 2019, down from {n} a year earlier.",
    "{n} residents were evacuated from Springfield, Ohio.",
    "The storm left {n} homes without power and damaged {n} bridges.",
    "Police said the man, {n}, was driving at {n} mph on Route 66.",
    "The bill would cost {n} over {n} years, the CBO estimated.",
    "Turnout was {n}, with {n} ballots cast.",
    "The team won {n}-{n} in front of {n} fans.",
    "Scores of people — {n}, by one count — marched.",
    "It is the {n}th time in {n} days.",
    "{n}",
    "{n} {n} {n}",
]
NOISE = [RTL, ZWSP, BOM, "🎉", "\u00a0", "\n", "\n\n", " ", "１", "٣", "\x00"]


@st.composite
def news_text(draw: Callable[..., Any]) -> str:
    sentences = []
    for template in draw(st.lists(st.sampled_from(TEMPLATES), min_size=1, max_size=2)):
        parts = template.split("{n}")
        out = parts[0]
        for part in parts[1:]:
            out += draw(number_phrase) + part
        sentences.append(out)
    text = " ".join(sentences)
    # Hostile characters at a few places, sometimes inside a number.
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:at] + draw(st.sampled_from(NOISE)) + text[at:]
    return text


# --- the parsers ---------------------------------------------------------------------------

parser_input = st.one_of(st.text(max_size=60), numberish, number_phrase)


@pytest.mark.parametrize("parser", [parse_number, vague_range], ids=lambda f: f.__name__)
def test_parsers_never_raise(parser: Callable[[str], Any]) -> None:
    seen = 0

    @settings(max_examples=5500, **SETTINGS)
    @given(parser_input)
    def check(text: str) -> None:
        nonlocal seen
        seen += 1
        result = parser(text)
        if parser is parse_number:
            assert result is None or result.is_finite()
        elif result is not None:
            low, high, *_ = result
            assert high is None or low <= high

    check()
    assert seen >= 5000


# --- the extractor ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp() -> Any:
    from claimtrack.extract import load_pipeline

    return load_pipeline()


def _check_claims(nlp: Any, text: str) -> int:
    """Check every claim of `text` (offsets, quote, no NaN, low <= high); returns 0."""
    from claimtrack.extract import extract_claims

    for claim in extract_claims(nlp, Article(path="fuzz", text=text)):
        assert 0 <= claim.start < claim.end <= len(text), claim
        assert text[claim.start:claim.end] == claim.quote, claim
        for bound in (claim.value, claim.low, claim.high):
            assert bound is None or not math.isnan(bound), claim
        assert claim.low is None or claim.high is None or claim.low <= claim.high, claim
    return 0


class InvertedRange(AssertionError):
    """A claim's low is above its high."""


@pytest.mark.model
@pytest.mark.parametrize("text", ["Officials said 900 to 1 thousand people came.",
                                  "Revenue was 2 to 1 million.",
                                  "Between 5 and 3 million people were affected.",
                                  "It will cost $40 to $7 billion."])
def test_scaled_range_is_ordered(nlp: Any, text: str) -> None:
    from claimtrack.extract import extract_claims

    (claim,) = extract_claims(nlp, Article(path="x", text=text))
    assert claim.qualifier == "range" and claim.low is not None and claim.high is not None
    if claim.low > claim.high:
        raise InvertedRange(f"{claim.quote!r}: low {claim.low} > high {claim.high}")


def _run_extractor(nlp: Any, strategy: st.SearchStrategy[str], examples: int) -> int:
    seen = 0

    @settings(max_examples=examples, **SETTINGS)
    @given(strategy)
    def check(text: str) -> None:
        nonlocal seen
        seen += 1
        _check_claims(nlp, text)

    check()
    return seen


# 5,000 + 3,000 + 2,200 = 10,200 generated texts through the extractor (plus the digit runs).
@pytest.mark.model
def test_extractor_on_random_unicode(nlp: Any) -> None:
    assert _run_extractor(nlp, st.text(max_size=80), 5000) >= 5000


@pytest.mark.model
def test_extractor_on_numberish_text(nlp: Any) -> None:
    assert _run_extractor(nlp, numberish, 3000) >= 3000


@pytest.mark.model
def test_extractor_on_news_sentences(nlp: Any) -> None:
    assert _run_extractor(nlp, news_text(), 2200) >= 2200


@pytest.mark.model
@pytest.mark.parametrize("length", [10_000, 10_001])
def test_extractor_on_huge_digit_runs(nlp: Any, length: int) -> None:
    digits = "".join(str((i * 7 + 3) % 10) for i in range(length))
    for text in (digits, f"Officials said {digits} people attended.", f"About ${digits} million, or {digits}%.",
                 f"Between {digits} and {digits[:5]} jobs were lost.", f"{digits[:3]},{digits} workers"):
        _check_claims(nlp, text)
