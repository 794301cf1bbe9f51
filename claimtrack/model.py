"""The values that cross claimtrack's layers: articles, claims and comparisons.

Ids are hashed from identity, never from content alone: an article's id from its
path, a claim's from its article's path and its character offsets, so two copies
of one text stay two articles with two sets of claims.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

#: The fixed verdict vocabulary of a comparison.
VERDICTS = (
    "agree",
    "conflict",
    "different_period",
    "different_place",
    "different_measure",
    "different_event",
)

#: Qualifiers a claim can carry (how its number bounds the quantity).
QUALIFIERS = ("exact", "about", "nearly", "over", "at_least", "under", "up_to", "range", "vague")


def short_hash(*parts: object) -> str:
    """A 16-hex-digit id from the parts' text (stable across runs and machines)."""
    joined = "\x1f".join(str(part) for part in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


def article_id(path: str) -> str:
    """An article's id: derived from its path only."""
    return short_hash("article", path)


def claim_id(path: str, start: int, end: int) -> str:
    """A claim's id: derived from its article's path and its offsets."""
    return short_hash("claim", path, start, end)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """One article: its identity is `path`; `text` is the stored (decoded) text."""

    path: str
    text: str
    title: str = ""
    date: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    #: The story the input names for it (front matter `story:`, a `story` column), if any.
    story_name: str | None = None
    #: The story it is in (a story id), set by story detection after ingest.
    story: str | None = None
    id: str = field(default="")
    sha256: str = field(default="")
    #: The input it was read from: its own file (origin == path), or the JSONL/CSV file
    #: (or - for standard input) whose row `origin_row` it is. Only that input may replace
    #: the article's text (see ingest): a row whose id is a file's path cannot overwrite it.
    origin: str | None = None
    origin_row: int | None = None

    def __post_init__(self) -> None:
        # Derived fields are filled here so no caller can get them out of step.
        if not self.id:
            object.__setattr__(self, "id", article_id(self.path))
        if not self.sha256:
            object.__setattr__(self, "sha256", content_hash(self.text))

    def row(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ClaimContext:
    """What the comparison needs to know of a claim and a reader does not: the extractor
    finds it (claimtrack/extract), compare, identity, verdicts and periods read it.

    Stored as a small JSON object in the claims table's `facts` column (see `facts`):
    only the fields that are set, as the extractor has always written them, so the
    column of a database reads the same whichever version wrote it. Exports leave it out.
    """

    #: The modal that makes the predicate a possibility: "could" in "could be released".
    modality: str | None = None
    #: What a number that counts no noun of its own is of: the lemma and the words
    #: ("the death toll rose to 2,274": "death toll"), or the noun an amount is of.
    of: str | None = None
    of_text: str | None = None
    #: The nouns naming which sort of the counted thing ("DUI convictions": dui), sorted.
    sort: tuple[str, ...] | None = None
    #: A part of another count: "12,000 of the recalled SUVs".
    partitive: bool = False
    #: The total a part was counted out of: "41 passes" in "completed 28 of 41 passes".
    of_total: bool = False
    #: One more of its kind, not a figure for one: "another three-year sentence".
    another: bool = False
    #: Whom an age is of: a person's name as written ("Catherine Gomes"), else the noun
    #: the age describes ("suspect"). None when not an age, or no one is named ...
    who: str | None = None
    #: ... which the stored facts tell apart: an age that names no one has "who": null.
    nobody_named: bool = False
    #: Whose the quantity is: a person's surname, lower-cased, or a product's size
    #: designation ("13-inch"), with `model` the product's name when the sentence gives it.
    owner: str | None = None
    model: str | None = None
    #: A figure in a line of a player's statistics ("18 points, 10 rebounds").
    stat_line: bool = False
    #: The unit was elided and taken from the owner's figure before it ("now has 2,301").
    unit_elided: bool = False
    #: The place is the article's, not the sentence's (the sentence names none).
    place_inferred: bool = False
    #: The stated period's key, so two wordings of one period meet ("fy2019").
    period_key: str | None = None

    @classmethod
    def from_facts(cls, facts: Mapping[str, Any]) -> ClaimContext:
        """The context of stored facts (the `facts` column, or the extractor's dict);
        an unknown key raises TypeError rather than being dropped."""
        values = dict(facts)
        if "who" in values and values["who"] is None:
            values["nobody_named"] = True
        if values.get("sort") is not None:
            values["sort"] = tuple(values["sort"])
        return cls(**values)

    def facts(self) -> dict[str, Any]:
        """As stored: the fields that are set (a flag only when true), `sort` as a list."""
        out: dict[str, Any] = {}
        for name in _STORED_FIELDS:
            value = getattr(self, name)
            if value is not None and value is not False:
                out[name] = list(value) if name == "sort" else value
        if self.who is None and self.nobody_named:
            out["who"] = None
        return out


#: The fields stored under their own name (nobody_named is stored as "who": null).
_STORED_FIELDS = tuple(f.name for f in fields(ClaimContext) if f.name != "nobody_named")


@dataclass(frozen=True)
class Claim:
    """A numeric claim: a value range about a counted thing, with its context.

    `low`/`high` are the range the claim allows (None = unbounded), with
    `low_inclusive`/`high_inclusive` for its ends; `text[start:end] == quote`
    in the stored article text.
    """

    id: str
    article_id: str
    source: str
    sentence: str
    quote: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    qualifier: str
    kind: str
    unit: str | None
    unit_text: str | None = None
    change: str | None = None
    rate: str | None = None
    predicate: str | None = None
    place: str | None = None
    period: str | None = None
    attributed_to: str | None = None
    # What the comparison needs but a reader does not (see ClaimContext); not part of
    # a claim's equality, as the stored dict it replaces was not.
    context: ClaimContext = field(default_factory=ClaimContext, compare=False, hash=False)

    def contains(self, number: float) -> bool:
        """Whether `number` lies in this claim's range."""
        if self.low is not None:
            if number < self.low or (number == self.low and not self.low_inclusive):
                return False
        if self.high is not None:
            if number > self.high or (number == self.high and not self.high_inclusive):
                return False
        return True

    def row(self) -> dict[str, Any]:
        """The fields by name, `context` kept a ClaimContext (Claim(**row) makes it again)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Comparison:
    """A judged pair of claims from two different articles."""

    a: str
    b: str
    verdict: str
    reason: str
    group_id: str | None = None
    cites: str | None = None  # id of the claim that the other one cites, if any
    story: str | None = None  # the story both claims' articles are in
    confidence: float = 0.5  # how sure the pair is one quantity judged right, 0 to 1
    id: str = field(default="")

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")
        if not self.id:
            object.__setattr__(self, "id", short_hash("comparison", *sorted((self.a, self.b))))

    def row(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ComparisonSide:
    """One claim of a comparison as a person reads it: the claim's text and range, and
    the article it is in."""

    claim_id: str
    quote: str
    source: str
    sentence: str
    value: float | None
    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    place: str | None
    period: str | None
    attributed_to: str | None
    date: str | None
    title: str
    outlet: str | None
    url: str | None
    #: The paths of the linked copies this side stands for, its own first, once rows
    #: of copies are merged (views.merge_copies); empty before.
    appearances: tuple[str, ...] = ()


#: ComparisonSide's fields that a flat comparison row holds once per side, as name_a
#: and name_b (the claim's id is `a` or `b` itself, appearances are not stored).
SIDE_FIELDS = tuple(f.name for f in fields(ComparisonSide) if f.name not in ("claim_id", "appearances"))


@dataclass(frozen=True)
class ComparisonView:
    """A judged pair as people read it: both claims' sides, the verdict and its reason,
    how confident it is, and a reviewer's decision (Queries.iter_comparisons builds it;
    the conflicts table, exports and the report read it)."""

    id: str
    a: ComparisonSide
    b: ComparisonSide
    verdict: str
    reason: str
    confidence: float | None
    group_id: str | None
    cites: str | None
    story: str | None
    #: A reviewer's decision ("confirmed", "dismissed"), its note and when it was made.
    review: str | None = None
    review_note: str | None = None
    reviewed_at: str | None = None

    @property
    def sides(self) -> tuple[ComparisonSide, ComparisonSide]:
        return self.a, self.b

    def row(self) -> dict[str, Any]:
        """The flat row that exports write (export.COMPARISON_FIELDS picks from it): the
        pair's fields, then each side's as name_a and name_b."""
        out: dict[str, Any] = {
            "id": self.id, "a": self.a.claim_id, "b": self.b.claim_id, "verdict": self.verdict,
            "reason": self.reason, "confidence": self.confidence, "group_id": self.group_id,
            "cites": self.cites, "story": self.story, "review": self.review,
            "review_note": self.review_note, "reviewed_at": self.reviewed_at,
        }
        for suffix, side in (("_a", self.a), ("_b", self.b)):
            for name in SIDE_FIELDS:
                out[name + suffix] = getattr(side, name)
        return out
