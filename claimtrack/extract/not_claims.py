"""Numbers that are not claims: `_not_a_claim` tells years, dates and clock times,
labels and names ("Section 230", "Windows 10"), idioms, a record's window ("a 52-week
high"), races named by their distance, ordinals and a size that names a product model
("the 13-inch MacBook Pro") from claims. `_duration_role` then sorts the durations left
into claims, periods that scope another number of the sentence ("over three days") and
time points ("two years ago").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from .. import lexicon as lx
from .mentions import _DIGITS_RE, _matches, _measure_after, _Mention, _numeric_token
from .units import _ORDINAL_FRACTIONS, _currency_before, _is_appositive_age

_LABEL_WORDS = {"no", "no.", "number", "#", "section", "article", "chapter", "page", "room", "flight",
                "route", "highway", "interstate", "channel", "gate", "platform", "level", "grade",
                "class", "category", "stage", "phase", "week", "game", "round", "act", "title",
                "volume", "series", "model", "version", "apollo", "ward", "district", "precinct",
                "amendment", "proposition", "prop", "bill", "rule", "exit", "pier", "terminal", "unit",
                "line", "lane", "floor", "suite", "box", "item", "step", "part", "figure", "table",
                "covid", "hr", "h.r.", "s.", "year", "ch", "ch.", "nos."}
_STREET_WORDS = {"street", "st", "st.", "avenue", "ave", "ave.", "road", "rd", "rd.", "boulevard",
                 "blvd", "lane", "drive", "dr", "way", "place", "court", "terrace", "square"}


def _is_year(doc: Doc, m: _Mention) -> bool:
    if m.num_end - m.num_start != 1 or m.value is None:
        return False
    text = doc[m.num_start].text
    return bool(re.fullmatch(r"1[6-9]\d\d|20\d\d|2100", text)) and m.kind in ("count", "duration")


def _near_calendar_word(doc: Doc, m: _Mention, sent: Span) -> bool:
    first = doc[m.num_start].text
    if "," in first or (m.value is not None and m.value > 31 and not re.fullmatch(r"1\d{3}|20\d\d", first)):
        return False  # no day of a month nor a year: "Last Friday, 1,300 biologists"
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


_DAY_PART_RE = re.compile(r"(?:(?:or|to|and|-)\s*\d{1,2}\s+)?(?:in the|the next|that|this)\s+"
                          r"(?:morning|afternoon|evening|night)\b")


def _is_time(doc: Doc, m: _Mention, sent: Span) -> bool:
    if ":" in doc[m.num_start].text:
        return True
    if m.num_end < sent.end and doc[m.num_end].lower_ in lx.TIME_SUFFIXES:
        return True
    if m.unit is None and m.kind == "count" and m.high is not None and m.high <= 24 \
            and doc[m.num_start].dep_ not in ("dobj", "nsubj", "nsubjpass", "attr") \
            and _DAY_PART_RE.match(doc[m.end:min(sent.end, m.end + 6)].text.lower()):
        return True  # "About 9 or 10 the next morning", "at 3 in the afternoon": an hour
    return m.facts.get("glued") in ("am", "pm")


def _is_label(doc: Doc, m: _Mention, sent: Span) -> bool:
    """Names and labels with numbers: "Windows 10", "Section 230", "MS-13", "No. 5"."""
    if m.facts.get("multiplier"):
        return False  # "shot Flynn twice": a word of how often labels nothing
    first = doc[m.num_start]
    glued = m.facts.get("glued")
    # The NER reads a number glued to its unit ("the 1.5C threshold") as a name now and then;
    # the unit says it is a measure. "5G" (g) and "3D" stay names.
    measured = glued in lx.MEASURE_UNITS and glued not in ("g",) and m.kind in ("measure", "percent")
    # A person's name holds no figure with a unit: "Charles’ 80-yard TD run" read as one name.
    measured = measured or (first.ent_type_ == "PERSON" and m.unit is not None and m.kind != "count")
    # "747 plant species" is no Boeing: a number the NER calls a product on its own, before
    # the plural noun it counts ("a 737 jet" stays a name).
    counts_plural = first.ent_type_ == "PRODUCT" and first.ent_iob_ == "B" and m.head is not None \
        and m.head.tag_ == "NNS" and (first.i + 1 >= len(doc) or doc[first.i + 1].ent_iob_ != "I")
    if first.ent_type_ in ("PRODUCT", "LAW", "WORK_OF_ART", "EVENT", "ORG", "PERSON", "FAC", "NORP") \
            and not measured and "toll" not in m.facts and not counts_plural:  # "2 Dead" in a headline
        return True
    if _label_word_before(doc, m, sent) in _LABEL_WORDS and m.start == m.num_start and m.kind == "count":
        return True
    if _is_address(doc, m, sent):
        return True
    prev = doc[m.start - 1] if m.start > sent.start else None
    if prev is not None:
        camel = prev.text.isalpha() and prev.text[:1].isupper() and not prev.is_upper \
            and any(c.isupper() for c in prev.text[1:])  # "BlackBerry 10", "PlayStation 5"
        if (prev.pos_ == "PROPN" and (prev.is_title or camel) and prev.lower_.rstrip(".") not in lx.MONTHS
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
    if re.fullmatch(r"\d{3}-\d{4}|\d{3}-\d{3}-\d{4}|\(\d{3}\)", first.text):
        return True
    if re.fullmatch(r"\d{1,2}G", first.text) or (m.num_start + 1 < len(doc) and doc[m.num_start + 1].text == "G"
                                                 and first.whitespace_ == "" and first.like_num):
        return True  # "4G LTE", "the 5G network": a network's generation
    # A phone number the tokenizer split ("at 745-4811"); "500-1000 people" counts a noun.
    if m.unit is None and m.head is None and re.fullmatch(r"\d{3}-\d{4}", doc[m.num_start:m.num_end].text):
        return True
    return False


def _label_word_before(doc: Doc, m: _Mention, sent: Span) -> str | None:
    """The word before a number, lower-cased: "section" in "Section 230". An abbreviation whose
    full stop the tokenizer split off ("the No. 5 seed", "WCCO-TV, Ch. 4") is read with its stop,
    even where the parser took that stop for a sentence's end; it is capitalised, as a label's
    abbreviation is ("he said no. 5 ..." ends a sentence)."""
    if m.start < 2 or doc[m.start - 1].text != ".":
        return doc[m.start - 1].lower_ if m.start > sent.start else None
    word = doc[m.start - 2]
    return word.lower_ + "." if word.whitespace_ == "" and word.text[:1].isupper() else None


def _is_address(doc: Doc, m: _Mention, sent: Span) -> bool:
    """A street address ("200 W. American Blvd.", "24 Independent Street", "at 505 LaGuardia
    Place") or a block of one ("the 12200 block of 223rd Street"): a whole number before a
    singular street word, or before "block of". "Three streets" and "two blocks" stay counts."""
    if m.kind != "count" or m.num_end - m.num_start != 1 or not doc[m.num_start].text.isdigit():
        return False
    words = doc[m.num_end:min(sent.end, m.num_end + 5)]
    if len(words) >= 2 and words[0].lower_ == "block" and words[1].lower_ == "of":
        return True
    for tok in words:
        if tok.lower_ in _STREET_WORDS:
            return tok.tag_ in ("NN", "NNP") and tok.text[:1].isupper()
        if not (tok.text[:1].isupper() or tok.text == "."):
            return False  # only names (and a direction's stop) lie between number and street word
    return False


def _is_idiom(doc: Doc, m: _Mention, sent: Span) -> bool:
    if m.num_end >= sent.end:
        return m.value is not None and doc[m.num_start].lower_ == "one"
    first = doc[m.num_start].lower_
    nxt = doc[m.num_end].lower_
    return (first, nxt) in lx.NOT_NUMBER_IDIOMS


#: Nouns a win-loss record names ("a 9-14 start", "a 43-39 record").
_RECORD_NOUNS = {"start", "record", "mark", "finish", "season", "run", "lifetime", "overall"}

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


# Nouns a size designates a product model of ("the 13-inch MacBook Pro", "the base 13-inch
# version"): the size names the model, it is no claim. Screens stay measures ("a 15.4-inch
# display").
_MODEL_NOUNS = {"version", "model", "option", "edition", "variant", "configuration", "macbook", "laptop",
                "portable", "notebook", "ultrabook", "netbook", "chromebook", "imac", "ipad", "iphone", "tablet", "tv",
                "television", "phone", "smartphone"}
_SCREEN_NOUNS = {"display", "screen", "monitor", "panel", "touchscreen", "touchpad", "trackpad"}


_SIZE_UNITS = {"inch"}


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
        if m.kind == "count" and (m.unit is None or m.unit in _RECORD_NOUNS) \
                and re.fullmatch(r"\d{1,3}-\d{1,3}", doc[m.num_start:m.num_end].text) \
                and not (m.start > sent.start and doc[m.start - 1].lower_ in ("between", "from")):
            return True  # "a 9-14 start", "the team is 9-14": a win-loss record or a score, no range
        bracketed = m.start > sent.start and doc[m.start - 1].text == "("
        if m.unit is None and m.head is None and m.kind == "count" and m.num_end - m.num_start == 1 \
                and re.fullmatch(r"\d+\.0", first.text) and not bracketed:
            return True  # "support both 3.0 and 2.0", "Web 2.0": versions (not "rebounds (8.0)", a stat)
        if m.num_end < sent.end and doc[m.num_end].lower_ in ("'s", "’s") and m.num_start > sent.start \
                and doc[m.num_start - 1].lower_ in ("early", "mid", "late", "his", "her", "their", "the"):
            return True  # "in his early 20's", "the 1990's": a decade
    elif m.unit is None and m.kind == "count":
        return True
    return False


# --- durations: claims, periods, time points ----------------------------------


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


def _siblings(m: _Mention, others: list[_Mention]) -> Iterator[_Mention]:
    """The other numbers of `m`'s sentence: not `m`, not merged into a range, not inside `m`."""
    return (n for n in others if n is not m and not n.facts.get("merged") and not (m.start <= n.num_start < m.end))


def _numbers_on_verb(doc: Doc, m: _Mention, others: list[_Mention], verb: int | None) -> bool:
    """Whether a number of `others` other than `m` (nor inside it) hangs on the clause verb `verb`."""
    return any(_clause_verb(doc[n.num_end - 1]) == verb for n in _siblings(m, others))


# Words after a duration that make it the time between two events ("married two weeks ago",
# "re-entered 10 minutes later", "three weeks before he was murdered"); "since" and "old" stay
# time points and ages.
_ELAPSED_WORDS = {"ago", "later", "earlier", "before", "after", "prior"}


def _dates_a_sibling(doc: Doc, m: _Mention, sent: Span, others: list[_Mention]) -> bool:
    """ "down from 61% two years ago", "rose 5% from three years earlier": a duration before
    "ago"/"earlier" that dates another number of its clause is that number's time point, not
    a claim (years, clock times and a person's age between commas are no such number).
    Before "before"/"after" a clause it is the time between two events, a claim whatever
    else the clause counts ("a nine-woman jury deliberated almost seven hours before ...")."""
    verb = _clause_verb(doc[m.num_end - 1])
    for n in _siblings(m, others):
        if n.value is None:
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


#: Nouns a hyphenated duration names a stretch of time with ("over the five-year period,
#: sales rose"), which scopes other numbers as "over five years" does.
_SPAN_NOUNS = {"period", "span", "window", "stretch", "timeframe", "interval", "horizon", "time"}
#: ... and nouns it makes a term with: "the two-minute warning", "a zero-day exploit".
_TERM_NOUNS = {"warning", "exploit", "rule", "drill"}


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
                and not (after in ("ago", "earlier", "later") and _dates_a_sibling(doc, m, sent, others or [])):
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
    described = doc[m.end] if m.end < sent.end else None
    if described is not None and m.end > m.num_end \
            and any(t.text == "-" for t in doc[m.num_end:m.end]) and described.pos_ == "NOUN" \
            and described.lower_ not in _SPAN_NOUNS and described.lower_ not in _TERM_NOUNS and m.value \
            and not (before == "the" and before2 in ("in", "over", "during", "for", "within", "throughout")
                     and any(not _is_year(doc, n) for n in _siblings(m, others or []))):
        # "throughout the three-week trial": how long the trial lasted; but "2,000 drivers were
        # ticketed during the three-week crackdown" scopes the 2,000.
        return "claim"
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
