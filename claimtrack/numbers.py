"""Numbers as news writes them: digits, scale words, written numbers and vague amounts.

Pure functions over strings, standard library only. Values are `Decimal` so that
"1.2 million" is exactly 1200000 and comparisons between claims never depend on
binary floating point. Qualifier and vague-amount ranges are returned as
`(low, high, low_inclusive, high_inclusive)` with None for an unbounded end,
the same shape as `model.Claim`'s range fields.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Context, Decimal, localcontext

#: A range: (low, high, low_inclusive, high_inclusive); None is an unbounded end.
Bounds = tuple[Decimal | None, Decimal | None, bool, bool]

# Wide enough that a 100-digit number times a trillion stays exact; fractions
# such as 1/3 are divided separately at ordinary precision.
_EXACT = Context(prec=150)
_DIV = Context(prec=28)
# No real number phrase is longer; bounding the input bounds all later work.
_MAX_CHARS = 200
_MAX_DIGITS = 100

_UNITS = {w: n for n, w in enumerate("one two three four five six seven eight nine".split(), 1)}
_TEENS = {
    w: n
    for n, w in enumerate(
        "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(), 10
    )
}
_TENS = {
    w: n
    for n, w in zip(range(20, 100, 10), "twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_DENOMS = {"half": 2, "halves": 2, "quarter": 4, "quarters": 4}
for _n, _w in enumerate("third fourth fifth sixth seventh eighth ninth tenth".split(), 3):
    _DENOMS[_w] = _DENOMS[_w + "s"] = _n
# Nouns that multiply what precedes them ("two dozen", "a pair").
_COLLECTIVE = {"dozen": 12, "score": 20, "pair": 2, "couple": 2}
_ZEROS = {"zero", "none"}
# What a fraction can be "of": "half a million", "half a dozen".
_MULTIPLIERS = {**_SCALES, "hundred": 100, "dozen": 12, "score": 20}

# Abbreviations a digit number can carry; "b" only attached ("3.9b"), since a
# lone "b" after a space is more often a label than a billion.
_DIGIT_SCALES = {
    **_SCALES,
    "hundred": 100,
    "dozen": 12,
    "bn": 10**9,
    "b": 10**9,
    "mn": 10**6,
    "mln": 10**6,
    "m": 10**6,
    "k": 10**3,
    "tn": 10**12,
    "trn": 10**12,
    # South Asian scales: "Rs 500 crore" is 5 billion rupees, "1.5 lakh crore" 1.5 trillion.
    "lakh crore": 10**12,
    "lakh": 10**5,
    "lakhs": 10**5,
    "crore": 10**7,
    "crores": 10**7,
}
_INT = r"\d{1,3}(?:,\d{3})+|\d+"
_DIGIT_RE = re.compile(
    rf"""
    (?: (?:(?P<whole>{_INT})[\ -])? (?P<num>\d+)/(?P<den>\d+)  # "1/2", "2 1/2", "2-1/2"
      | (?P<dec>(?:{_INT})(?:\.\d+)?|\.\d+)                     # "1,200.5", ".5"
    )
    (?: \ ?(?P<word>thousand|million|billion|trillion|hundred|dozen|lakh\ crore|lakhs?|crores?|bn|mln|mn|m|k|trn|tn)
      | (?P<b>b) )?
    """,
    re.ASCII | re.VERBOSE,
)
_PREFIX_RE = re.compile(r"([+-]?) ?([$£€¥₹]?) ?([+-]?) ?")
_WORDS_RE = re.compile(r"[a-z]+(?:[ -]+[a-z]+)*", re.ASCII)
_MINUS = str.maketrans({"\u2212": "-", "\u2010": "-", "\u2011": "-"})


def _normalise(text: str) -> str | None:
    """`text` in canonical form (NFKC, ASCII digits, lower case, single spaces), or None."""
    chars = []
    for ch in text:
        if unicodedata.name(ch, "").startswith("VULGAR FRACTION"):
            # NFKC would glue "2½" into "21⁄2"; a space keeps it a mixed fraction.
            chars.append(" " + unicodedata.normalize("NFKC", ch))
        elif unicodedata.category(ch) == "No":
            return None  # superscripts, circled digits: "10²" is not 102
        else:
            chars.append(ch)
    out = unicodedata.normalize("NFKC", "".join(chars)).replace("\u2044", "/")
    # Digits of any script (Arabic-Indic, Devanagari...) count as their ASCII value.
    out = "".join(str(unicodedata.decimal(c)) if unicodedata.category(c) == "Nd" else c for c in out)
    return " ".join(out.translate(_MINUS).lower().split())


def _integer(t: list[str], i: int) -> tuple[int, int]:
    """The integer written in words from t[i]: (value, index after it); index i if none."""
    total = group = 0
    prev: str | None = None  # kind of the last word taken: it decides what may follow
    last_scale = 0
    while i < len(t):
        w, nxt = t[i], (t[i + 1] if i + 1 < len(t) else "")
        small = nxt in _UNITS or nxt in _TEENS or nxt in _TENS
        if w in ("a", "an") and prev is None and (nxt == "hundred" or nxt in _SCALES):
            group, prev = 1, "a"
        elif w in _UNITS and prev in (None, "tens", "hundred", "scale", "and"):
            group, prev = group + _UNITS[w], "unit"
        elif w in _TEENS and prev in (None, "hundred", "scale", "and"):
            group, prev = group + _TEENS[w], "unit"
        elif w in _TENS and prev in (None, "hundred", "scale", "and"):
            group, prev = group + _TENS[w], "tens"
        elif w == "hundred" and prev in ("a", "unit", "tens") and group < 100:
            group, prev = group * 100, "hundred"  # also "twelve hundred"
        elif (
            w in _SCALES
            and prev in ("a", "unit", "tens", "hundred")
            and (not last_scale or _SCALES[w] < last_scale)  # "thousand million" is not ours
        ):
            total, group, last_scale, prev = total + group * _SCALES[w], 0, _SCALES[w], "scale"
        elif w == "and" and prev in ("hundred", "scale") and small:
            prev = "and"
        else:
            break
        i += 1
    return total + group, i


def _fraction(t: list[str], i: int) -> tuple[Decimal, int] | None:
    """A fraction in words from t[i] ("half", "a third", "three quarters"), or None."""
    if i < len(t) and t[i] == "half":
        return Decimal("0.5"), i + 1
    if i + 1 >= len(t) or t[i + 1] not in _DENOMS:
        return None
    if t[i] in ("a", "an"):
        numerator = 1
    elif t[i] in _UNITS or t[i] in _TEENS:
        numerator = _UNITS.get(t[i]) or _TEENS[t[i]]
    else:
        return None
    if numerator >= _DENOMS[t[i + 1]]:
        return None  # "nine quarters of football", "four quarters": a count of quarters, not a part
    return _DIV.divide(Decimal(numerator), Decimal(_DENOMS[t[i + 1]])), i + 2


def _parse_words(body: str) -> Decimal | None:
    """The value of a number written in words, or None."""
    t = body.replace("-", " ").split()
    if len(t) == 1 and t[0] in _ZEROS:
        return Decimal(0)
    value: Decimal | None = None
    has_fraction = False
    pos = 0
    if found := _fraction(t, 0):
        (value, pos), has_fraction = found, True
    else:
        n, pos = _integer(t, 0)
        if pos:
            value = Decimal(n)
            if pos < len(t) and t[pos] == "and" and (found := _fraction(t, pos + 1)):
                value, pos, has_fraction = value + found[0], found[1], True
    rest = t[pos:]
    if value is None:
        # "a dozen", "a couple", "a score"; only "dozen" is a number on its own.
        if rest[:1] in (["a"], ["an"]) and len(rest) > 1 and rest[1] in _COLLECTIVE:
            value, pos = Decimal(_COLLECTIVE[rest[1]]), pos + 2
        elif rest[:1] == ["dozen"]:
            value, pos = Decimal(12), pos + 1
    elif has_fraction:
        # "half a million", "three quarters of a million", "two and a half million".
        j = pos + 1 if rest[:1] == ["of"] else pos
        if j < len(t) and t[j] in ("a", "an"):
            j += 1
        if j < len(t) and t[j] in _MULTIPLIERS:
            value, pos = value * _MULTIPLIERS[t[j]], j + 1
    elif rest[:1] in (["dozen"], ["score"]):
        value, pos = value * _COLLECTIVE[rest[0]], pos + 1
    if value is None:
        return None
    # "a couple of" / "a dozen of": the "of" belongs to the phrase, not the noun.
    if pos and t[pos - 1] in _COLLECTIVE and t[pos:] == ["of"]:
        pos += 1
    return value if pos == len(t) else None


def _parse_digits(body: str) -> Decimal | None:
    """The value of a number written in digits, optionally with a scale, or None."""
    m = _DIGIT_RE.fullmatch(body)
    if m is None:
        return None
    if m["dec"] is not None:
        value = Decimal(m["dec"].replace(",", ""))
    else:
        if int(m["den"]) == 0:
            return None
        value = _DIV.divide(Decimal(m["num"]), Decimal(m["den"]))
        if m["whole"] is not None:
            value += Decimal(m["whole"].replace(",", ""))
    scale = m["word"] or m["b"]
    return value * _DIGIT_SCALES[scale] if scale else value


def parse_number(text: str) -> Decimal | None:
    """The value of a number phrase as written ("1.2 million", "two-thirds"), or None."""
    if not isinstance(text, str) or len(text) > _MAX_CHARS:
        return None
    norm = _normalise(text)
    if not norm or sum(c.isdigit() for c in norm) > _MAX_DIGITS:
        return None  # also keeps int()/Decimal() away from huge digit strings
    prefix = _PREFIX_RE.match(norm)
    assert prefix is not None  # every part of the pattern is optional
    sign1, _currency, sign2 = prefix.groups()
    body = norm[prefix.end() :]
    if (sign1 and sign2) or not body:
        return None
    with localcontext(_EXACT):
        if body[0].isdigit() or body[0] == ".":
            value = _parse_digits(body)
        elif _WORDS_RE.fullmatch(body):
            value = _parse_words(body)
        else:
            value = None
        if value is None or not value.is_finite():
            return None
        if "-" in (sign1, sign2):
            value = -value
        if value.is_zero():
            return Decimal(0)  # no "-0" or "0.00" surprises downstream
        # "1.2 million" reads back as 1200000, not 1200000.0.
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


#: The words a fraction in words is written with ("three fifths", "a quarter"): what may
#: follow a whole number and "and" ("one and a half", "twenty and three fifths").
FRACTION_NUMERATORS = frozenset({"a", "an", *_UNITS})
DENOMINATORS = frozenset(_DENOMS)


def number_words() -> frozenset[str]:
    """Lower-case words that can start or be part of a written number."""
    words = {"zero", "hundred", "dozen", "pair", "couple", *_UNITS, *_TEENS, *_TENS}
    return frozenset(words | set(_SCALES) | set(_DENOMS))


# --- Vague amounts -------------------------------------------------------------

_TEN = Decimal(10)

#: Vague amount phrase -> (low, high, low_inclusive, high_inclusive).
VAGUE: dict[str, tuple[Decimal, Decimal | None, bool, bool]] = {
    "a handful": (Decimal(3), Decimal(5), True, True),
    "handful": (Decimal(3), Decimal(5), True, True),
    "several": (Decimal(3), Decimal(9), True, True),
    "a few": (Decimal(2), Decimal(5), True, True),
    "few": (Decimal(2), Decimal(5), True, True),
    "dozens": (Decimal(24), Decimal(100), True, False),
    "scores": (Decimal(40), Decimal(100), True, False),
}
# Plural scales: "hundreds" is [100, 1000), "tens of millions" is [1e7, 1e8)...
for _word, _exp, _top in (
    ("hundreds", 2, 3),
    ("thousands", 3, 4),
    ("millions", 6, 9),
    ("billions", 9, 12),
    ("trillions", 12, 15),
):
    VAGUE[_word] = (_TEN**_exp, _TEN**_top, True, False)
for _word, _exp in (("thousands", 3), ("millions", 6), ("billions", 9)):
    VAGUE[f"tens of {_word}"] = (_TEN ** (_exp + 1), _TEN ** (_exp + 2), True, False)
    VAGUE[f"hundreds of {_word}"] = (_TEN ** (_exp + 2), _TEN ** (_exp + 3), True, False)


def vague_range(text: str) -> tuple[Decimal, Decimal | None, bool, bool] | None:
    """The range of a vague amount ("several", "tens of thousands of"), or None."""
    norm = unicodedata.normalize("NFKC", text).translate(_MINUS).lower().replace("-", " ")
    words = norm.split()
    if words[-1:] == ["of"]:
        words.pop()
    return VAGUE.get(" ".join(words))


# --- Qualifiers ----------------------------------------------------------------

#: Phrase before a number -> the qualifier it gives the number.
QUALIFIER_WORDS: dict[str, str] = {
    **dict.fromkeys(
        "more than|over|above|exceeding|in excess of|upwards of|upward of|north of"
        "|greater than|just over|well over|well above".split("|"),
        "over",
    ),
    **dict.fromkeys(
        "at least|no fewer than|no less than|not less than|a minimum of".split("|"), "at_least"
    ),
    **dict.fromkeys("nearly|almost|close to|just under|just shy of".split("|"), "nearly"),
    # Comparatives and verbs of passing that bound a number in news prose.
    **dict.fromkeys(
        "longer than|higher than|bigger than|larger than|greater than|topped|topping|tops"
        "|exceeded|exceeding|exceeds|surpassed|surpassing|beyond".split("|"),
        "over",
    ),
    **dict.fromkeys("within|as high as|as long as|as large as|as far as|as little as".split("|"), "up_to"),
    **dict.fromkeys(
        "about|around|approximately|roughly|some|an estimated|estimated|circa|approx."
        "|approx|more or less".split("|"),
        "about",
    ),
    **dict.fromkeys(
        "up to|as many as|as much as|no more than|not more than|no longer than|at most"
        "|a maximum of".split("|"),
        "up_to",
    ),
    **dict.fromkeys("fewer than|less than|under|below|lower than|shy of".split("|"), "under"),
}

#: Phrase after a number ("500 or more", "500-plus") -> its qualifier.
TRAILING_QUALIFIERS: dict[str, str] = {
    "or more": "at_least",
    "or so": "about",
    "or less": "up_to",
    "or fewer": "up_to",
    "plus": "at_least",
}


def qualifier_range(qualifier: str, low: Decimal, high: Decimal | None = None) -> Bounds:
    """The range `qualifier` gives a number `low` (or the pair `low`..`high` for "range")."""
    x = low
    negative = x < 0
    with localcontext(_EXACT):
        if qualifier == "exact":
            return x, x, True, True
        if qualifier == "over":
            return x, None, False, False
        if qualifier == "at_least":
            return x, None, True, False
        if qualifier == "nearly":
            # Approaches X from the zero side without reaching it, whatever X's sign.
            near = x * Decimal("0.95")
            return (x, near, False, True) if negative else (near, x, True, False)
        if qualifier == "about":
            a, b = x * Decimal("0.9"), x * Decimal("1.1")
            return min(a, b), max(a, b), True, True
        if qualifier == "up_to":
            return (None, x, False, True) if negative else (Decimal(0), x, True, True)
        if qualifier == "under":
            # "under 0" (degrees) means below zero, not the empty [0, 0).
            return (None, x, False, False) if x <= 0 else (Decimal(0), x, True, False)
        if qualifier == "range":
            if high is None:
                raise ValueError("qualifier 'range' needs both low and high")
            return min(x, high), max(x, high), True, True
    raise ValueError(f"unknown qualifier {qualifier!r}")
