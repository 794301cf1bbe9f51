"""The values that cross claimtrack's layers: articles, claims and comparisons.

Ids are hashed from identity, never from content alone: an article's id from its
path, a claim's from its article's path and its character offsets, so two copies
of one text stay two articles with two sets of claims.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
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
    # Context the comparison needs but a reader does not: modality of the
    # predicate ("could be released"), the period's normalised key, the
    # enclosing place's region, ... as a small JSON-able dict.
    facts: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

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
        return asdict(self)


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
