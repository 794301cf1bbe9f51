"""Which text the parser sees, the first step of extraction: `candidate_chunks` cuts an
article into runs of adjacent sentences that may hold a claim (a digit, a number word, a
multiplier, a qualified "a year"; dates, clock times and ordinals alone do not count),
found with a cheap rule-based sentence splitter and each at most MAX_CHUNK_CHARS long.
`_may_hold_number` is the fast form of `_CANDIDATE_RE.search`. The parser is most of the
cost of extraction, and most paragraphs hold no number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .. import lexicon as lx
from ..numbers import number_words

# Qualifiers that make "a/an + time unit" a stated duration ("nearly a decade", "under an
# hour"); a bare "a year" or "an hour" is too often something else ("once a year", "an hour
# later"), and "within a year" is a deadline.
# (The mention finder reads them too: mentions._article_duration_at.)
_ARTICLE_DURATION_QUALIFIERS = {
    "nearly", "almost", "close to", "just under", "just shy of", "under", "less than", "more than",
    "over", "just over", "well over", "about", "around", "roughly", "approximately", "up to",
    "at least", "no more than", "no less than", "not more than", "no longer than", "longer than",
    "at most", "as long as", "as little as",
}
_ARTICLE_DURATION_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}


# An ordinal word that counts a streak or a tally (mentions._streak_at): "their seventh
# straight playoff berth", "his second in a row", "the sixth win this season".
_ORDINAL_WORD = r"(?:" + "|".join(sorted(lx.ORDINAL_WORDS)) + r")"
_STREAK = (r"(?:\s+(?:" + "|".join(lx.STREAK_WORDS) + r")\b|[\w\s-]{0,60}?\b(?:"
           + "|".join(lx.STREAK_ENDS) + r")\b)")
# Or a tally after a possessive: "his second DWI", "Klitschko's 58th victory".
_TALLY = r"\s+(?:[\w-]+\s+){0,2}?(?:" + "|".join(lx.TALLY_NOUNS) + r")"
_TALLY_FOR = _TALLY + r"s?\s+for\b"  # "the second DUI related arrest for the team"

_CANDIDATE_RE = re.compile(
    r"\d|[０-９½¼¾⅓⅔]|\b(?:" + "|".join(sorted(number_words() - {"a", "an"})) + r"|several|handful|none)s?\b"
    + r"|\ba few \w+s (?:away|down|up|off|from)\b"  # a vague distance (mentions._vague_at)
    + r"|\b" + _ORDINAL_WORD + _STREAK
    + r"|(?:\b(?:his|her|their|its)|s)\s+" + _ORDINAL_WORD + _TALLY  # "Smith's", "Smith’s" end in s
    + r"|\b" + _ORDINAL_WORD + _TALLY_FOR
    + r"|\b" + _ORDINAL_WORD + r"-year\b"  # "a fourth-year pro"
    + r"|\bin the " + _ORDINAL_WORD + r" round\b"  # "stopped him in the sixth round"
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
    # the third victim, not "a third of", "the third straight win" nor "his third win"
    r"|\b(?:the|his|her|its|their)\s+" + _ORDER
    + r"\b(?!\s+(?:of|as|round)\b|-year\b)(?!" + _STREAK + "|" + _TALLY + ")",
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
        # "Rs. 500 crore", "the No. 5 seed", "WCCO-TV, Ch. 4": the full stop of an
        # abbreviation before a number ends no sentence.
        for abbreviation in ("Rs.", "rs.", "RS.", "No.", "Nos.", "Ch."):
            _SPLITTER.tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])
        _SPLITTER.add_pipe("sentencizer")
    return _SPLITTER
