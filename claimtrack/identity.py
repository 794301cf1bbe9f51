"""Which quantity a claim states: its counted thing, event, owner, measure and place, as
keys two claims share when they may be one quantity (see compare.candidate_pairs)."""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon as lx
from .model import Claim


def subject(claim: Claim) -> str | None:
    """The thing a claim counts, as a synonym-class key ("detainer requests" -> "detainer")."""
    if claim.kind == "age":
        # Only ages of one person compare ("the 45-year-old suspect" and "Smith, 47"
        # in two stories are not one quantity); whose is unknown, no comparison.
        who = claim.context.who
        return f"age of {name_key(who)[0]}" if who else None
    if claim.kind == "duration":
        # All durations of a story meet here (in hours, "48 hours" meets "two days"); which
        # ones last as long as one thing is left to compare (compare._same_event: one event
        # verb, or the same words around them), so "held 48 hours" and "married two weeks
        # ago" stay apart, while "sentenced to seven years" meets "a five-year sentence".
        return "duration"
    if claim.kind in ("count", "rate") and claim.unit:
        key = _noun_class(claim.unit_text or "", claim.unit)
        event = lx.PEOPLE_EVENTS.get(predicate_class(claim) or "")
        return event if event and (key in lx.PEOPLE_CLASSES or key == event) else key
    whose = owner(claim)
    # A model's price is its price whatever noun the sentence hangs it on ("$1,099 for the
    # base 13-inch version", "comes in $1,199 and $1,499 versions").
    of = claim.context.of
    if of and of != whose and not (whose and is_price(claim)):
        return _noun_class(claim.context.of_text or "", of)
    if claim.kind in ("money", "measure") and claim.unit and (predicate_class(claim) or whose):
        # "$1.2 billion to settle" vs "$950 million to resolve", "Hansbrough now has 2,301
        # career points" and "who now has 2,302 points": an amount of an event or of an
        # owner; which event and whose are left to compare. Without either, not compared.
        return claim.unit
    return None


def owner(claim: Claim) -> str | None:
    """Whose the quantity is, where the sentence says: a person ("Hansbrough now has 2,301
    points", an age's person) or a product model ("the 13-inch ... starts at $1,199")."""
    # An age's `who` is the name as written ("Catherine Gomes"), which tells two people of
    # one surname apart; `owner` is the surname alone.
    return claim.context.who or claim.context.owner


def same_owner(x: str, y: str) -> bool:
    """Whether two owners can be one: one name, or a surname and a full name that ends in
    it ("Lowe" and "Mary Lowe"); two full names with different first names ("Gary Gomes",
    "Catherine Gomes") are two people, as are two different products."""
    (last_x, first_x), (last_y, first_y) = name_key(x), name_key(y)
    return last_x == last_y and (first_x is None or first_y is None or first_x == first_y)


@lru_cache(maxsize=65536)
def name_key(name: str) -> tuple[str, str | None]:
    """(surname, first name or None) of a person's name as written ('Vincent "the Chin"
    Gigante' -> ("gigante", "vincent")); any other owner is its own surname."""
    words = re.findall(r"[a-z0-9][a-z0-9'’.-]*", re.sub(r"[\"“”][^\"“”]*[\"“”]", " ", name.lower()))
    words = [w.strip("'’.") for w in words if w.strip("'’.") not in ("jr", "sr", "ii", "iii")]
    if not words:
        return name.lower(), None
    return words[-1], (words[0] if len(words) > 1 else None)


def _noun_class(text: str, lemma: str) -> str:
    words = [lx.singular(w) for w in re.findall(r"[a-z-]+", text.lower())]
    for size in (3, 2, 1):
        phrase = " ".join(words[-size:])
        if len(words) >= size and phrase in lx.SUBJECT_CLASSES:
            return lx.SUBJECT_CLASSES[phrase]
    return lx.SUBJECT_CLASSES.get(lemma, lemma)


def predicate_class(claim: Claim) -> str | None:
    """The predicate's synonym class ("ignore" and "refuse to honor" -> "refuse").

    None for no predicate or a neutral one ("was", "reached", "totaled"): those fit any.
    """
    if claim.kind == "measure" and claim.unit in lx.WEIGHT_UNITS and not claim.change and (
            not claim.predicate or _predicate_key(claim.predicate, False) in (None, "weigh")):
        return "weigh"
    if claim.unit in lx.DISTANCE_UNITS and not claim.change and _says_away(claim.sentence, claim.quote):
        return "be away"
    if not claim.predicate:
        return None
    if claim.kind == "money" and not claim.change and claim.predicate.lower() in lx.PRICE_VERBS:
        # "starts at $1,199", "costs $1199", "will sell for $1499": each states a price.
        return "price"
    return _predicate_key(claim.predicate, bool(claim.change))


def one_event_verb(a: Claim, b: Claim) -> bool:
    """Whether two claims are said with one event verb (a missing or neutral one is none)."""
    event = predicate_class(a)
    return event is not None and event == predicate_class(b)


@lru_cache(maxsize=65536)
def _says_away(sentence: str, quote: str) -> bool:
    return re.search(re.escape(quote) + r"\s+(?:away|from)\b", sentence or "") is not None


def is_summary(claim: Claim) -> str | None:
    """"average" for a mean ("averaged 22.8 points", "an average of 300 a day"), "streak"
    for a run ("23 straight completions", "five consecutive losses"), else None: neither
    is the same quantity as a single figure of the thing they summarise."""
    if (claim.predicate or "").split()[-1:] == ["average"]:
        return "average"
    return _summary(claim.sentence or "", claim.quote)


@lru_cache(maxsize=65536)
def _summary(sentence: str, quote: str) -> str | None:
    at = sentence.find(quote)
    if at < 0:
        return None
    before, after = sentence[max(0, at - 20):at].lower(), sentence[at + len(quote):at + len(quote) + 40].lower()
    if re.search(r"\baverages?(?:\s+of)?\s+$", before) or re.match(r"\s+(?:\w+\s+){0,2}?(?:on average|a game|per game)\b", after):
        return "average"
    if re.match(r"\s+(?:straight|consecutive)\b|\s+(?:\w+\s+){0,2}?in a row\b", after) \
            or re.search(r"\b(?:straight|consecutive)\s+$", before):
        return "streak"
    return None


def is_clock_reading(claim: Claim) -> bool:
    """Whether a duration reads a game's clock ("with 12 seconds left", "with just under
    five minutes remaining"): a moment of the game, not a length of anything."""
    return claim.kind == "duration" and _reads_clock(claim.sentence or "", claim.quote)


@lru_cache(maxsize=65536)
def _reads_clock(sentence: str, quote: str) -> bool:
    return re.search(r"\bwith\s+(?:\w+\s+){0,2}?" + re.escape(quote)
                     + r"(?:,\s+\d+\s+\w+)?\s+(?:left|remaining|to play|to go)\b", sentence) is not None


def is_price(claim: Claim) -> bool:
    return claim.kind == "money" and predicate_class(claim) == "price"


# Comparing walks many pairs per claim: the per-claim keys are cached on their text.
@lru_cache(maxsize=65536)
def _predicate_key(predicate: str, change: bool) -> str | None:
    if predicate.lower() in lx.NEUTRAL_PREDICATES:
        return None
    text = predicate.lower()
    if text.split()[-1] in lx.CHANGE_VERBS and (change or lx.PREDICATE_CLASSES.get(text) in ("grow", "shrink")):
        # "rose 3%" vs "fell 3%": the direction is in `change`, compared there; "rose to
        # 2,274" and "fell to 6.4%" state a level, which a rise says nothing about.
        return None
    negated = text.startswith("not ")
    text = text.removeprefix("not ")
    if text not in lx.PREDICATE_CLASSES and " to " in text:
        # "agree to pay", "plan to shutter": the event is the last verb.
        text = text.rsplit(" to ", 1)[1]
    key = lx.PREDICATE_CLASSES.get(text)
    if key is None:
        words = text.split()
        key = lx.PREDICATE_CLASSES.get(words[-1]) or lx.PREDICATE_CLASSES.get(words[0]) or text
    return f"not {key}" if negated and key != "refuse" else key


def measure(claim: Claim) -> str:
    """What kind of number it is: a count and a percent of one thing are different measures,
    and so are a change ("rose 3%") and a level ("3%")."""
    level = "change" if claim.change else "level"
    if claim.kind in ("money", "measure", "percent"):
        return f"{claim.kind}:{claim.unit}:{level}"
    if claim.kind == "duration":
        return "duration"
    # "shed 1,400 jobs" and "1,400 jobs were cut" count the same thing.
    return claim.kind


def place_key(claim: Claim) -> str | None:
    return _place_key(claim.place) if claim.place else None


@lru_cache(maxsize=65536)
def _place_key(place: str) -> str:
    return re.sub(r"^(the|a)\s+|[’']s$", "", place.lower()).strip()


def same_place(a: str | None, b: str | None) -> bool:
    """Unknown places do not differ; "Wake County Jail" is in "Wake County"."""
    if a is None or b is None:
        return True
    return a == b or a in b or b in a


#: How far around its quote a claim's context reaches, in characters, each side.
CONTEXT_CHARS = 60


def context_stems(claim: Claim) -> frozenset[str]:
    """The stems of the content words a claim is said with, around its quote in its sentence
    ("was sentenced to seven years in prison" -> sentenc, prison); the figure's own words
    and unit say nothing more (blocking already matched the unit)."""
    sentence, quote = claim.sentence or claim.quote, claim.quote
    at = sentence.find(quote)
    if at >= 0:
        sentence = sentence[max(0, at - CONTEXT_CHARS):at] + " " + sentence[at + len(quote):at + len(quote) + CONTEXT_CHARS]
    return _stems(sentence) - _stems(f"{quote} {claim.unit or ''} {claim.unit or ''}s")


@lru_cache(maxsize=65536)
def _stems(text: str) -> frozenset[str]:
    stop = _stop_words()
    return frozenset(_stem(w) for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2 and w not in stop)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)  # pure Python, and news repeats its words: cached


def shared_context(a: Claim, b: Claim) -> float:
    """How much of the shorter context of two claims the other shares, from 0 to 1."""
    x, y = context_stems(a), context_stems(b)
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer  # imported here: only comparing needs it
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """spaCy's English stop words, read from their own module: importing it as
    spacy.lang.en.stop_words would import spaCy itself (a second, in the process that
    compares, which never needs a pipeline)."""
    import importlib.util
    from pathlib import Path

    spacy = importlib.util.find_spec("spacy")  # found, not imported
    assert spacy is not None and spacy.origin is not None
    path = Path(spacy.origin).parent / "lang" / "en" / "stop_words.py"
    spec = importlib.util.spec_from_file_location("claimtrack._english_stop_words", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


def block_key(claim: Claim) -> str | None:
    """Claims that may state the same quantity share this key."""
    return subject(claim)


def is_zero(claim: Claim) -> bool:
    return claim.low == 0 and claim.high == 0
