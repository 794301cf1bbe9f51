"""Tests for claimtrack.numbers: number phrases, vague amounts and qualifier ranges."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.numbers import (
    QUALIFIER_WORDS,
    TRAILING_QUALIFIERS,
    VAGUE,
    number_words,
    parse_number,
    qualifier_range,
    vague_range,
)

D = Decimal
# Non-terminating fractions are checked to a tolerance: precision is not the contract.
THIRD = Fraction(1, 3)

# (phrase, expected value or None)
EXAMPLES = [
    # digits
    ("1,200", 1200),
    ("4.75", D("4.75")),
    ("0.3", D("0.3")),
    (".5", D("0.5")),
    ("20418.56", D("20418.56")),
    ("1,200,000", 1200000),
    ("1,200.50", D("1200.5")),
    ("007", 7),
    ("-5", -5),
    ("\u22125", -5),
    ("+3", 3),
    ("１２３", 123),
    ("٣٠", 30),
    # scale words and abbreviations
    ("2.614 billion", 2614000000),
    ("3.9bn", 3900000000),
    ("3.9BN", 3900000000),
    ("3.9 bn", 3900000000),
    ("3.9b", 3900000000),
    ("6.1m", 6100000),
    ("6.1 mn", 6100000),
    ("4mln", 4000000),
    ("12.5k", 12500),
    ("1.5tn", 1500000000000),
    ("2trn", 2000000000000),
    ("1.5 million", 1500000),
    ("1.5Million", 1500000),
    ("1.2 million", D("1200000")),
    ("10 thousand", 10000),
    ("3 dozen", 36),
    ("$3.9bn", 3900000000),
    # South Asian scales: a lakh is 10^5, a crore 10^7
    ("500 crore", 5000000000),
    ("\u20b9500 crore", 5000000000),
    ("2,000 crore", 20000000000),
    ("3 crores", 30000000),
    ("5 lakh", 500000),
    ("5 lakhs", 500000),
    ("1.5 lakh crore", 1500000000000),
    ("£1,200", 1200),
    ("€4.75", D("4.75")),
    ("-$5", -5),
    # digit fractions
    ("1/2", D("0.5")),
    ("2 1/2", D("2.5")),
    ("2-1/2", D("2.5")),  # a mixed fraction written with a hyphen ("a 2-1/2 year sentence")
    ("\u00bd", D("0.5")),
    ("2\u00bd", D("2.5")),
    ("\u00be million", 750000),
    # written numbers
    ("zero", 0),
    ("none", 0),
    ("one", 1),
    ("Nineteen", 19),
    ("twenty-five", 25),
    ("twenty five", 25),
    ("one hundred", 100),
    ("a hundred", 100),
    ("two hundred and fifty", 250),
    ("three thousand four hundred", 3400),
    ("one million two hundred thousand", 1200000),
    ("a thousand and one", 1001),
    ("twelve hundred", 1200),
    ("ten thousand", 10000),
    ("a million", 1000000),
    ("a dozen", 12),
    ("two dozen", 24),
    ("dozen", 12),
    ("half a dozen", 6),
    ("a pair", 2),
    ("a couple", 2),
    ("a couple of", 2),
    ("a score", 20),
    # written fractions and mixed numbers
    ("half", D("0.5")),
    ("a half", D("0.5")),
    ("one and a half", D("1.5")),
    ("four and a half", D("4.5")),
    ("two and a half million", 2500000),
    ("half a million", 500000),
    ("a quarter million", 250000),
    ("three quarters of a million", 750000),
    ("a third", THIRD),
    ("two-thirds", 2 * THIRD),
    ("two thirds", 2 * THIRD),
    ("three-quarters", D("0.75")),
    ("three quarters", D("0.75")),
    ("a quarter", D("0.25")),
    ("one-fifth", D("0.2")),
    ("a third of a million", 1000000 * THIRD),
    ("two and a third", 2 + THIRD),
    # not numbers, or not this function's job
    ("", None),
    ("   ", None),
    ("no", None),
    ("a", None),
    ("and", None),
    ("one in five", None),
    ("first", None),
    ("second", None),
    ("third", None),
    ("quarter", None),
    ("3rd", None),
    ("MS-13", None),
    ("10:30", None),
    ("once", None),
    ("twice", None),
    ("dozens", None),
    ("hundreds", None),
    ("1,20", None),
    ("12,5", None),
    ("1200,000", None),
    ("1 200", None),
    ("3.9 b", None),
    ("1/0", None),
    ("1e308", None),
    ("1E5", None),
    ("NaN", None),
    ("nan", None),
    ("Infinity", None),
    ("inf", None),
    ("-inf", None),
    ("9" * 101, None),
    ("1" * 5000, None),
    ("10\u00b2", None),
    ("+-5", None),
    ("$", None),
    ("-", None),
    ("one two", None),
    ("thousand", None),
    ("five twenty", None),
    ("one thousand thousand", None),
    ("half a", None),
]


@pytest.mark.parametrize(("text", "expected"), EXAMPLES)
def test_parse_number_examples(text: str, expected: object) -> None:
    result = parse_number(text)
    if expected is None:
        assert result is None
    else:
        assert isinstance(result, Decimal)
        if isinstance(expected, Fraction):
            assert abs(Fraction(result) - expected) < Fraction(1, 10**20)
        else:
            assert result == expected


def test_scaled_values_are_exact_integers() -> None:
    # "1.2 million" must read back as 1200000, not 1200000.0 or 1.2E+6.
    assert str(parse_number("1.2 million")) == "1200000"
    assert str(parse_number("2.614 billion")) == "2614000000"


def test_negative_zero_is_plain_zero() -> None:
    assert str(parse_number("-0")) == "0"


def test_number_words() -> None:
    words = number_words()
    assert isinstance(words, frozenset)
    for w in ("zero", "seven", "nineteen", "ninety", "hundred", "thousand", "trillion"):
        assert w in words
    for w in ("dozen", "pair", "couple", "half", "quarter", "quarters", "thirds", "tenth"):
        assert w in words
    for w in ("score", "second", "first", "a", "an", "and"):
        assert w not in words
    assert all(w == w.lower() and " " not in w for w in words)


# --- Properties --------------------------------------------------------------


@settings(max_examples=500, derandomize=True)
@given(st.integers(min_value=0, max_value=10**12))
def test_grouped_integers_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@settings(max_examples=500, derandomize=True)
@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_two_place_decimals_round_trip(x: float) -> None:
    text = f"{x:.2f}"
    assert parse_number(text) == Decimal(text)
    grouped = f"{x:,.2f}"
    assert parse_number(grouped) == Decimal(text)


@settings(max_examples=300, derandomize=True)
@given(
    st.integers(min_value=0, max_value=10**9),
    st.sampled_from([("thousand", 10**3), ("million", 10**6), ("billion", 10**9), ("trillion", 10**12)]),
)
def test_scale_words(n: int, scale: tuple[str, int]) -> None:
    word, factor = scale
    assert parse_number(f"{n} {word}") == n * factor
    assert parse_number(f"{n:,} {word.upper()}") == n * factor


_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def to_words(n: int, hyphen: bool = True, use_and: bool = True) -> str:
    """`n` (0..999999) in English words, British style when `use_and`."""

    def below_100(k: int) -> str:
        if k < 20:
            return _ONES[k]
        tens, ones = divmod(k, 10)
        return _TENS_WORDS[tens - 2] + (("-" if hyphen else " ") + _ONES[ones] if ones else "")

    def below_1000(k: int) -> str:
        hundreds, rest = divmod(k, 100)
        if not hundreds:
            return below_100(rest)
        head = f"{_ONES[hundreds]} hundred"
        return head if not rest else f"{head}{' and' if use_and else ''} {below_100(rest)}"

    thousands, rest = divmod(n, 1000)
    if not thousands:
        return below_1000(rest)
    head = f"{below_1000(thousands)} thousand"
    if not rest:
        return head
    joiner = " and " if use_and and rest < 100 else " "
    return head + joiner + below_1000(rest)


def test_to_words_helper() -> None:
    assert to_words(0) == "zero"
    assert to_words(250) == "two hundred and fifty"
    assert to_words(3400) == "three thousand four hundred"
    assert to_words(1005) == "one thousand and five"
    assert to_words(999999, hyphen=False, use_and=False) == (
        "nine hundred ninety nine thousand nine hundred ninety nine"
    )


@settings(max_examples=1000, derandomize=True)
@given(st.integers(min_value=0, max_value=999999), st.booleans(), st.booleans())
def test_written_numbers_round_trip(n: int, hyphen: bool, use_and: bool) -> None:
    assert parse_number(to_words(n, hyphen, use_and)) == n


def _check_total(text: str) -> None:
    result = parse_number(text)
    assert result is None or (isinstance(result, Decimal) and result.is_finite())


@settings(max_examples=3000, derandomize=True)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    _check_total(text)


@settings(max_examples=3000, derandomize=True)
@given(st.text(alphabet="0123456789,.-+ eE/$£½²\u2212\u00a0", max_size=40))
def test_never_raises_on_digitish_text(text: str) -> None:
    _check_total(text)


_NUMBERISH = [
    *_ONES, *_TENS_WORDS, "hundred", "thousand", "million", "billion", "trillion",
    "a", "an", "and", "of", "half", "third", "thirds", "quarter", "dozen", "score",
    "pair", "couple", "none", "no", "nan", "inf", "infinity", "e", "bn", "m", "k",
    "-", "−", "+", "$", ".", ",", "1", "1,000", "2.5", "1/2", "0", "1e9", "½",
]


@settings(max_examples=3000, derandomize=True)
@given(st.lists(st.sampled_from(_NUMBERISH), max_size=8), st.sampled_from([" ", "", "-"]))
def test_never_raises_on_numberish_words(parts: list[str], sep: str) -> None:
    _check_total(sep.join(parts))


# --- Vague amounts -----------------------------------------------------------

VAGUE_EXAMPLES = [
    ("a handful", 3, 5, True, True),
    ("handful", 3, 5, True, True),
    ("a handful of", 3, 5, True, True),
    ("several", 3, 9, True, True),
    ("a few", 2, 5, True, True),
    ("few", 2, 5, True, True),
    ("dozens", 24, 100, True, False),
    ("dozens of", 24, 100, True, False),
    ("scores", 40, 100, True, False),
    ("hundreds", 100, 1000, True, False),
    ("thousands", 1000, 10000, True, False),
    ("tens of thousands", 10**4, 10**5, True, False),
    ("hundreds of thousands", 10**5, 10**6, True, False),
    ("millions", 10**6, 10**9, True, False),
    ("tens of millions", 10**7, 10**8, True, False),
    ("hundreds of millions", 10**8, 10**9, True, False),
    ("billions", 10**9, 10**12, True, False),
    ("tens of billions", 10**10, 10**11, True, False),
    ("hundreds of billions", 10**11, 10**12, True, False),
    ("trillions", 10**12, 10**15, True, False),
]


@pytest.mark.parametrize(("text", "low", "high", "low_inc", "high_inc"), VAGUE_EXAMPLES)
def test_vague_range(text: str, low: int, high: int, low_inc: bool, high_inc: bool) -> None:
    assert vague_range(text) == (D(low), D(high), low_inc, high_inc)


@pytest.mark.parametrize(
    "text", ["Tens-of-Thousands", "  tens   of\tthousands of ", "TENS OF THOUSANDS OF"]
)
def test_vague_range_normalises(text: str) -> None:
    assert vague_range(text) == (D(10**4), D(10**5), True, False)


@pytest.mark.parametrize("text", ["a couple of", "a couple", "tens", "of", "", "many", "12"])
def test_not_vague(text: str) -> None:
    assert vague_range(text) is None


def test_vague_table_is_consistent() -> None:
    for phrase, (low, high, _lo_inc, _hi_inc) in VAGUE.items():
        assert phrase == phrase.lower().strip()
        assert high is None or low < high
        assert vague_range(phrase) == VAGUE[phrase]


# --- Qualifiers --------------------------------------------------------------

X = D(100)
QUALIFIER_EXAMPLES = [
    ("exact", X, None, (X, X, True, True)),
    ("over", X, None, (X, None, False, False)),
    ("at_least", X, None, (X, None, True, False)),
    ("nearly", X, None, (D(95), X, True, False)),
    ("about", X, None, (D(90), D(110), True, True)),
    ("up_to", X, None, (D(0), X, True, True)),
    ("under", X, None, (D(0), X, True, False)),
    ("range", D(5), D(10), (D(5), D(10), True, True)),
    ("range", D(10), D(5), (D(5), D(10), True, True)),
    # negative numbers: low <= high, and up_to/under are unbounded below
    ("nearly", D(-10), None, (D(-10), D("-9.5"), False, True)),
    ("about", D(-10), None, (D(-11), D(-9), True, True)),
    ("up_to", D(-10), None, (None, D(-10), False, True)),
    ("under", D(-10), None, (None, D(-10), False, False)),
    ("under", D(0), None, (None, D(0), False, False)),
    ("up_to", D(0), None, (D(0), D(0), True, True)),
]


@pytest.mark.parametrize(("qualifier", "low", "high", "expected"), QUALIFIER_EXAMPLES)
def test_qualifier_range(qualifier: str, low: Decimal, high: Decimal | None, expected: tuple) -> None:
    assert qualifier_range(qualifier, low, high) == expected


def test_qualifier_range_is_exact_for_decimals() -> None:
    assert qualifier_range("about", D("1.2"))[:2] == (D("1.08"), D("1.32"))


@pytest.mark.parametrize(("qualifier", "high"), [("range", None), ("vague", None), ("bogus", None)])
def test_qualifier_range_rejects(qualifier: str, high: Decimal | None) -> None:
    with pytest.raises(ValueError):
        qualifier_range(qualifier, D(1), high)


@settings(max_examples=500, derandomize=True)
@given(
    st.sampled_from(["exact", "over", "at_least", "nearly", "about", "up_to", "under"]),
    st.decimals(min_value=-10**9, max_value=10**9, allow_nan=False, places=2),
)
def test_qualifier_range_is_ordered(qualifier: str, x: Decimal) -> None:
    low, high, _low_inc, _high_inc = qualifier_range(qualifier, x)
    if low is not None and high is not None:
        assert low <= high


@pytest.mark.parametrize(
    ("phrase", "qualifier"),
    [
        ("more than", "over"),
        ("in excess of", "over"),
        ("north of", "over"),
        ("at least", "at_least"),
        ("no fewer than", "at_least"),
        ("nearly", "nearly"),
        ("just under", "nearly"),
        ("just shy of", "nearly"),
        ("about", "about"),
        ("some", "about"),
        ("an estimated", "about"),
        ("approx.", "about"),
        ("up to", "up_to"),
        ("as many as", "up_to"),
        ("at most", "up_to"),
        ("fewer than", "under"),
        ("under", "under"),
        ("shy of", "under"),
    ],
)
def test_qualifier_words(phrase: str, qualifier: str) -> None:
    assert QUALIFIER_WORDS[phrase] == qualifier


def test_qualifier_tables_name_known_qualifiers() -> None:
    known = {"over", "at_least", "nearly", "about", "up_to", "under"}
    assert set(QUALIFIER_WORDS.values()) <= known
    assert set(TRAILING_QUALIFIERS.values()) <= known
    assert TRAILING_QUALIFIERS["or more"] == "at_least"
    assert TRAILING_QUALIFIERS["plus"] == "at_least"
    assert all(k == k.lower() for k in QUALIFIER_WORDS)
