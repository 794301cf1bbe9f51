"""Number phrases in one parsed sentence: `_find_mentions` yields a `_Mention` (token
offsets, value, low and high) for each number in digits or words, vague amount ("hundreds
of"), multiplier ("doubled", "twice as many") and qualified one-unit duration ("nearly a
decade"); `_resolve_ranges` merges "40 to 80" and "between 10 and 20" into one range, and
the qualifier helpers read "about", "more than" and "or so" around a number. The word
lookups the finder shares with later steps (`_matches`, `_measure_after`) live here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from .. import lexicon as lx
from ..numbers import (
    DENOMINATORS,
    FRACTION_NUMERATORS,
    QUALIFIER_WORDS,
    TRAILING_QUALIFIERS,
    number_words,
    parse_number,
    qualifier_range,
    vague_range,
)
from .chunks import _ARTICLE_DURATION_QUALIFIERS, _ARTICLE_DURATION_UNITS

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
        ("several",), ("a", "handful"), ("a", "few"),
    ),
    key=len,
    reverse=True,
)
# Plural vague words that need "of" after them to be amounts ("hundreds of").
_VAGUE_NEEDS_OF = {"hundreds", "thousands", "millions", "billions", "trillions", "dozens"}


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


def _numeric_token(tok: Token) -> tuple[str, str] | None:
    """(number part, glued suffix) of a digit token ("3.9bn" -> ("3.9", "bn")), else None."""
    if _FRACTION_RE.match(tok.text):
        return tok.text, ""  # before NFKC, which turns "⅔" into "2⁄3"
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
        elif nxt.lower_ == "and" and end + 2 < limit and doc[end + 1].lower_ in FRACTION_NUMERATORS \
                and doc[end + 2].lower_ in DENOMINATORS:
            end += 3  # "one and a half", "three and one fourth", "twenty and three fifths"
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
            if seq == ("a", "few") and not (end + 1 < limit and doc[end].tag_ == "NNS"
                                            and doc[end + 1].lower_ in ("away", "down", "up", "off", "from")):
                # A distance ("arrested a few blocks away", "a few doors down"); elsewhere "a few"
                # is seldom a figure anyone reports ("a few reasons", "a few words").
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


def _matches(doc: Doc, k: int, limit: int, words: tuple[str, ...]) -> bool:
    return k + len(words) <= limit and tuple(t.lower_ for t in doc[k:k + len(words)]) == words


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


def _unit_and_a_half_at(doc: Doc, i: int, sent: Span) -> int | None:
    """End of "a mile and a half", "an hour and a half" (1.5 of the unit) starting at token i."""
    if doc[i].lower_ not in ("a", "an") or i + 1 >= sent.end:
        return None
    measure = _measure_after(doc, i + 1, sent.end)
    if measure is None or not _matches(doc, measure[2], sent.end, ("and", "a", "half")):
        return None
    return measure[2] + 3


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
    # "shot him twice", "has been married twice": how often, a count (_multiplier_mention checks the verb)
    matcher.add("often", [[{"LOWER": {"IN": ["twice", "thrice"]}, "DEP": "advmod"}]])
    return matcher


def _multiplier_mention(doc: Doc, i: int, kind: str) -> _Mention | None:
    """ "doubled", "has more than tripled", "halved", "almost twice as long", "double the level"."""
    word = doc[i].lower_
    if kind == "often":
        if doc[i].head.pos_ != "VERB" or (i + 1 < len(doc) and doc[i + 1].lower_ in lx.MULTIPLIED_LEADS):
            return None
        value = Decimal(lx.MULTIPLIER_WORDS[word][0])
        m = _Mention(i, i + 1, i, i + 1, value, value, value, kind="count", unit="time")
        m.facts["multiplier"] = kind
        return m
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
_MENTION_START_WORDS = frozenset(NUMBER_WORDS | {"a", "an"} | {seq[0] for seq in _VAGUE_SEQUENCES}
                                 | set(lx.ORDINAL_WORDS))


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
        streak = _streak_at(doc, i, sent) or _year_of_service_at(doc, i, sent) or _round_at(doc, i, sent)
        if streak is not None:
            yield streak
            i = max(i + 1, streak.end)
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


_ORDINAL_RE = re.compile(r"(\d[\d,]*)(?:st|nd|rd|th)")
_STREAK_AFTER = frozenset(lx.STREAK_WORDS)
_STREAK_ENDS = tuple(tuple(phrase.split()) for phrase in lx.STREAK_ENDS)


def _streak_at(doc: Doc, i: int, sent: Span) -> _Mention | None:
    """An ordinal that counts a streak or a tally so far ("the Colts' seventh straight playoff
    berth", "his 16th in a row", "the team's second such arrest"): so many of them, a count.
    An ordinal of order ("the second floor", "the first time") is none; nor is "first"."""
    value = _ordinal_value(doc[i])
    if value is None or value < 2 or (i > sent.start and doc[i - 1].text == "-"):
        return None
    if i > sent.start and doc[i - 1].lemma_.lower() in ("finish", "rank", "place", "come"):
        return None  # "New Orleans finished 30th in the NFL ... this season": a rank
    after = doc[i + 1:min(sent.end, i + 3)]
    if after and (after[0].lower_ in ("of", "half", "quarter", "period", "inning", "round")
                  or (after[0].lower_ in _STREAK_AFTER and (len(after) < 2 or not after[1].is_alpha))):
        return None  # "the third of his career", "the second half of the season", "their eighth straight."
    streak = i + 1 < sent.end and doc[i + 1].lower_ in _STREAK_AFTER
    noun = None  # the counted noun, where the words say which ("their sixth come- from-behind win")
    k = i + 1
    while not streak and k < min(sent.end, i + 9) and _wordlike(doc[k]):
        streak = any(_matches(doc, k, sent.end, end) for end in _STREAK_ENDS)
        if streak and k > i + 1 and doc[k - 1].pos_ == "NOUN" and _modifiers_only(doc[i + 1:k - 1]) \
                and doc[k - 1].lower_ not in lx.MEASURE_UNITS:
            noun = k - 1
        k += 1
    if not streak:
        # "his second DWI", "Klitschko's 58th victory", "the second DUI related arrest for the
        # team": a tally noun within three words, whose tally a possessive or "for" names.
        owned = i > sent.start and doc[i - 1].lower_ in lx.TALLY_OWNERS
        for word in doc[i + 1:min(sent.end, i + 4)]:
            if not _wordlike(word):
                break
            if word.lemma_.lower() in lx.TALLY_NOUNS or word.lower_ in lx.TALLY_NOUNS:
                if owned or (word.i + 1 < sent.end and doc[word.i + 1].lower_ == "for"):
                    streak, noun = True, word.i
                    break
    if not streak:
        return None
    number = Decimal(value)
    m = _Mention(i, i + 1, i, i + 1, number, number, number)
    m.facts["streak"] = True
    if noun is not None:
        m.facts["counted_noun"] = noun
    return m


def _year_of_service_at(doc: Doc, i: int, sent: Span) -> _Mention | None:
    """ "a fourth-year pro", "the third-year law student": so many years of a career or a
    course, as "a 15-year veteran" states its years of service."""
    if doc[i].lower_ in ("a", "an") and i + 1 < sent.end:
        i += 1  # "a fifth-year pro", not "a fifth"
    value = _ordinal_value(doc[i])
    if value is None or value < 2 or i + 3 >= sent.end or not _matches(doc, i + 1, sent.end, ("-", "year")) \
            or doc[i + 3].pos_ not in ("NOUN", "PROPN", "ADJ"):
        return None
    number = Decimal(value)
    m = _Mention(i, i + 3, i, i + 1, number, number, number, kind="duration", unit="year")
    m.facts["unit_set"] = True
    return m


def _round_at(doc: Doc, i: int, sent: Span) -> _Mention | None:
    """ "stopped Thompson in the sixth round", "was drafted in the second round": the round a
    fight was stopped or a player picked in, which outlets report and dispute. Kind "ordinal":
    a position, never compared with a count of rounds ("a 12-round fight"). Other positions
    in a game ("in the fourth quarter") only date what happened."""
    value = _ordinal_value(doc[i])
    if value is None or i - 2 < sent.start or i + 1 >= sent.end or doc[i + 1].lower_ != "round" \
            or doc[i - 1].lower_ != "the" or doc[i - 2].lower_ != "in" \
            or (i + 2 < sent.end and doc[i + 2].lower_ == "of"):  # "in the second round of talks"
        return None
    number = Decimal(value)
    m = _Mention(i, i + 2, i, i + 1, number, number, number, kind="ordinal", unit="round")
    m.facts["unit_set"] = True
    return m


def _ordinal_value(tok) -> int | None:
    """2 for "second" or "2nd", None for any other word."""
    value = lx.ORDINAL_WORDS.get(tok.lower_)
    if value is None:
        digits = _ORDINAL_RE.fullmatch(tok.text)
        value = int(digits.group(1).replace(",", "")) if digits else None
    return value


def _modifiers_only(words: Span) -> bool:
    """Whether `words` only modify the noun after them ("come- from-behind", "double-digit"),
    with no verb, article or preposition of their own ("returned for a", "between the")."""
    return all(w.pos_ not in ("VERB", "AUX", "DET", "ADP", "PRON", "CCONJ") or (w.pos_ == "ADP" and (
        w.i + 1 < len(w.doc) and w.doc[w.i + 1].text == "-")) for w in words)


def _wordlike(tok) -> bool:
    """A word, hyphenated or broken at a hyphen ("come- from-behind"), or a lone hyphen."""
    return tok.text.replace("-", "").isalpha() or tok.text == "-"


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
    negative = i > sent.start and doc[i - 1].lower_ in ("minus", "negative")
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


# --- ranges and qualifiers ----------------------------------------------------


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
