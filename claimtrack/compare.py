"""Which claims state the same quantity, and whether they agree: claims in, comparisons out.

Pure logic, no I/O. This module pairs claims; what a claim is about comes from
identity.py, when from periods.py, the verdict and its reason from verdicts.py, and
the rows people read from views.py. Candidates come from blocking, inside each story,
on the counted thing (its synonym class), so the cost grows with the size of each
block, never with all pairs. Inside a block, a pair is a candidate when the claims come from two
articles and their predicates are compatible; place and period then decide
the verdict, they never drop the pair. Only a block too large to walk whole (a
generic thing over many stories) is split further, by place and by time, and
then only pairs that could state the same quantity are walked.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, product

from . import lexicon as lx
from .identity import (block_key, is_clock_reading, is_price, is_summary, is_zero, measure, name_key, owner,
                       place_key, predicate_class, same_owner, shared_context, subject)
from .model import Claim, Comparison, short_hash
from .periods import time_span
from .verdicts import REWORDED_CONFIDENCE, confidence, judge, ranges_overlap, said, scaled


#: A block of claims about one counted thing larger than this is split further. One
#: story's coverage stays far below it (the seeds' largest block has 9 claims); above
#: it a generic thing ("people", "workers") spans stories, and whole-block walks
#: would mostly add `different_place` rows between them (on 2,000 generated articles:
#: 609k rows at 300, 244k at 100, the same 14,715 conflicts).
MAX_BLOCK = 100

#: Two claims with different event verbs are still one quantity when this share of the
#: words around them is the same ("was sentenced to seven years in prison", "received a
#: five-year sentence": sentence, year), measured on the development clusters.
SAME_WORDS = 0.3


def candidate_pairs(claims: Iterable[Claim], hashes: Mapping[str, str] | None = None,
                    published: Mapping[str, str | None] | None = None,
                    stories: Mapping[str, str | None] | None = None) -> Iterator[tuple[Claim, Claim, str]]:
    """(a, b, group id) for each pair from different articles about the same quantity.

    `hashes` maps article ids to their text's hash: claims of two articles with the
    same text (byte-identical copies) are not paired, they would only agree with
    themselves; near-copies are paired like any two articles. `published` maps article
    ids to their dates (ISO).

    Claims are blocked on their counted thing. In a corpus of many stories a block of
    a generic thing ("people", "workers") grows to thousands of claims that are not one
    quantity; such a block is split by the measure, the predicate's class and the place,
    and inside each part only claims whose times can overlap are paired (see time_span),
    so cost stays near-linear in claims as a corpus grows over time (see _split).

    With `stories` (article id -> story id) claims are blocked inside their story: no
    pair joins two stories."""
    for a, b, group, one_event in _block_pairs(claims, hashes, published, stories):
        if one_event:
            yield a, b, group


def _block_pairs(claims: Iterable[Claim], hashes: Mapping[str, str] | None = None,
                 published: Mapping[str, str | None] | None = None,
                 stories: Mapping[str, str | None] | None = None) -> Iterator[tuple[Claim, Claim, str, bool]]:
    """candidate_pairs' pairs, each with whether it is one event (see _same_event), and
    also the pairs of one counted thing that only their event verbs keep apart."""
    blocks: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        key = block_key(claim)
        if key is not None:
            blocks[_in_story(key, claim, stories)].append(claim)
    dates = published or {}
    for key in sorted(blocks):
        block = blocks[key]
        if len(block) <= MAX_BLOCK:
            yield from _pairs_in_block(key, combinations(sorted(block, key=_order), 2), hashes or {},
                                       _several_owners(block))
            continue
        spans = {claim.id: time_span(claim, dates.get(claim.article_id)) for claim in block}
        several = _several_owners(block)
        for xs, ys in _split(block):
            yield from _pairs_in_block(key, _overlapping(xs, ys, spans), hashes or {}, several)


# How a large block is split, in order: (facet, whether a claim without it fits any).
# The measure first (a count and a percent of one thing are never one quantity). A
# claim without a predicate may be about any event, so it joins every part; one
# without a place stays in its own part (a place is nearly always known, from the
# article when the sentence names none). Time comes last, in _overlapping.
_FACETS: tuple[tuple[Callable[[Claim], str | None], bool], ...] = (
    (measure, False),
    (predicate_class, True),
    (place_key, False),
)


_Part = tuple[list[Claim], "list[Claim] | None"]  # claims paired among themselves, or across two lists


def _split(block: list[Claim], depth: int = 0) -> Iterator[_Part]:
    """A block as parts whose pairs together are its candidate pairs: itself when small,
    else split by the next facet. Claims that lack a facet that fits any (no predicate)
    are paired among themselves once and across with each part that has it, so
    splitting never walks more pairs than the block had."""
    if len(block) <= MAX_BLOCK or depth == len(_FACETS):
        yield block, None
        return
    parts = _partition(block, depth)
    for key in sorted(parts):
        yield from _split(parts[key], depth + 1)
    if _FACETS[depth][1] and "" in parts:
        for key in sorted(parts):
            if key:
                yield from _across(parts[key], parts[""], depth + 1)


def _across(xs: list[Claim], ys: list[Claim], depth: int) -> Iterator[_Part]:
    """The pairs of `xs` with `ys` that can be candidates, split by the facets from `depth`:
    both come from a split block, so every facet applies, as it does to its parts."""
    if depth == len(_FACETS):
        yield xs, ys
        return
    fits_any = _FACETS[depth][1]
    left, right = _partition(xs, depth), _partition(ys, depth)
    for key in sorted(left):
        if key in right:
            yield from _across(left[key], right[key], depth + 1)
        if fits_any and key and "" in right:
            yield from _across(left[key], right[""], depth + 1)
    if fits_any and "" in left:
        for key in sorted(right):
            if key:
                yield from _across(left[""], right[key], depth + 1)


def _partition(claims: list[Claim], depth: int) -> dict[str, list[Claim]]:
    return _partition_by(claims, _FACETS[depth][0])


Span = tuple[int, int]


def _overlapping(xs: list[Claim], ys: list[Claim] | None, spans: Mapping[str, Span | None]
                 ) -> Iterator[tuple[Claim, Claim]]:
    """The pairs of a part (within `xs`, or of `xs` with `ys`) from two articles whose time
    spans overlap, each in (source, offset) order; a claim with no known span fits any time.

    A sweep over spans sorted by their first day, keeping those still open by article, so
    the pairs walked are those that overlap between articles, not all pairs of the part:
    claims of one article are never paired, and one article's 100,000 claims of one thing
    (a log, a table) would otherwise cost 5 billion steps to pair with none."""
    sides = (xs,) if ys is None else (xs, ys)
    timed: list[tuple[int, int, int, Claim]] = []  # (first day, last day, side, claim)
    anytime: tuple[list[Claim], ...] = tuple([] for _ in sides)
    for side, claims in enumerate(sides):
        for claim in sorted(claims, key=_order):
            span = spans.get(claim.id)
            if span is None:
                anytime[side].append(claim)
            else:
                timed.append((span[0], span[1], side, claim))
    timed.sort(key=lambda t: (t[0], t[1], _order(t[3])))
    # Open claims per side, then per article (insertion-ordered, so the walk is deterministic);
    # a heap on the last day expires them, each once, instead of a rescan per claim.
    open_: tuple[dict[str, dict[int, Claim]], ...] = tuple({} for _ in sides)
    ends: list[tuple[int, int, int, str]] = []  # (last day, sequence, side, article id)
    for seq, (first, last, side, claim) in enumerate(timed):
        while ends and ends[0][0] < first:
            _, gone, gone_side, article = heapq.heappop(ends)
            held = open_[gone_side][article]
            del held[gone]
            if not held:
                del open_[gone_side][article]
        for article, others in open_[0 if ys is None else 1 - side].items():
            if article != claim.article_id:
                yield from (_ordered(other, claim) for other in others.values())
        open_[side].setdefault(claim.article_id, {})[seq] = claim
        heapq.heappush(ends, (last, seq, side, claim.article_id))
    # Claims of unknown time: with each other and with every timed claim of the other side.
    if ys is None:
        yield from _across_articles(anytime[0], None)
        yield from _across_articles(anytime[0], [t[3] for t in timed])
    else:
        yield from _across_articles(anytime[0], anytime[1])
        yield from _across_articles(anytime[0], [t[3] for t in timed if t[2] == 1])
        yield from _across_articles(anytime[1], [t[3] for t in timed if t[2] == 0])


def _across_articles(xs: list[Claim], ys: list[Claim] | None) -> Iterator[tuple[Claim, Claim]]:
    """The pairs within `xs` (or of `xs` with `ys`) from two different articles, each in
    (source, offset) order. Grouped by article, so the steps are the pairs made plus one per
    claim, however many claims one article has."""
    groups: dict[str, list[Claim]] = {}
    if ys is not None:
        for claim in ys:
            groups.setdefault(claim.article_id, []).append(claim)
    for claim in xs:
        for article, others in groups.items():
            if article != claim.article_id:
                yield from (_ordered(other, claim) for other in others)
        if ys is None:
            groups.setdefault(claim.article_id, []).append(claim)


def _ordered(a: Claim, b: Claim) -> tuple[Claim, Claim]:
    return (a, b) if _order(a) <= _order(b) else (b, a)


def _order(claim: Claim) -> tuple[str, int]:
    return claim.source, claim.start


def _same_event(a: Claim, b: Claim, pred_a: str | None, pred_b: str | None) -> bool:
    """Whether two claims of one block can be about one event: the same event verb, or the
    same words around them where the verbs differ or one is missing ("was sentenced to seven
    years in prison", "received a five-year sentence"). A count with no event verb ("2 Dead")
    fits any, two different ones do not; a duration or an amount with none says nothing of
    what it measures, so its words must."""
    if a.kind == "age" or (pred_a is not None and pred_a == pred_b):
        return True
    if a.kind == "count":
        # Counts of one thing by two different events ("released" and "charged") are two
        # quantities even in one sentence; the counted noun already says what is counted.
        return pred_a is None or pred_b is None
    return shared_context(a, b) >= SAME_WORDS


def _several_owners(block: list[Claim]) -> bool:
    """Whether the story gives this quantity to more than one owner: two players' yards, two
    models' prices, two people's ages. Then a figure that names no owner may be anyone's
    ("finished with 20 points", "the 40-year-old"), and is compared with none."""
    first: str | None = None
    for claim in block:
        whose = owner(claim)
        if not whose:
            continue
        if first is None:
            first = whose
        elif not same_owner(first, whose):
            return True
    return False


def _pairs_in_block(key: str, walk: Iterable[tuple[Claim, Claim]], hashes: Mapping[str, str],
                    several_owners: bool = False) -> Iterator[tuple[Claim, Claim, str, bool]]:
    """The candidates among the pairs `walk` of one block, or of one part of a split block,
    each with whether it is one event (_same_event); `several_owners` as _several_owners
    says of the whole block."""
    for a, b in walk:
        if _one_text(a, b, hashes):
            continue
        pred_a, pred_b = predicate_class(a), predicate_class(b)
        one_event = _same_event(a, b, pred_a, pred_b)
        # Figures of two named owners (two players' points, two models' prices) are two quantities.
        owner_a, owner_b = owner(a), owner(b)
        if owner_a and owner_b and not same_owner(owner_a, owner_b):
            continue
        # Not for durations: most name nobody ("sentenced to 2 years"), and one story's spans
        # share one block, so one "Hiller has worked ... for 15 years" would silence them all.
        if several_owners and not (owner_a and owner_b) and a.kind != "duration":
            continue
        if is_summary(a) != is_summary(b):
            continue  # "averaged 22.8 points" and "finished with 20 points"
        if is_clock_reading(a) or is_clock_reading(b):
            continue  # "with 12 seconds left" and "with 48 seconds left": two moments of a game
        if a.context.another or b.context.another:
            continue  # "another three-year sentence": one more of its kind, not a figure for one
        sort_a, sort_b = a.context.sort, b.context.sort
        if sort_a and sort_b and a.unit == b.unit and not set(sort_a) & set(sort_b):
            continue  # "DUI convictions" and "theft convictions": two kinds of one thing
        model_a, model_b = a.context.model, b.context.model
        if model_a and model_b and model_a != model_b:
            continue
        # In a story about several models, a price that names its model is compared only
        # with prices of that model: a price naming none may be any model's.
        if is_price(a) and bool(owner_a) != bool(owner_b):
            continue
        # "No one was hurt" meets a count only of the same event: a zero with no event
        # verb ("no one", "none") says nothing of which count it denies.
        if (is_zero(a) or is_zero(b)) and (pred_a is None or pred_b is None):
            continue
        yield a, b, _group_id(key, (pred_a or pred_b or "") if a.kind != "age" else ""), one_event


def _in_story(key: str, claim: Claim, stories: Mapping[str, str | None] | None) -> str:
    """A blocking key made the story's own: "<story id>/<key>" (the key alone without stories)."""
    story = stories.get(claim.article_id) if stories else None
    return f"{story}/{key}" if story else key


def _one_text(a: Claim, b: Claim, hashes: Mapping[str, str]) -> bool:
    """Whether two claims come from one article, or from two with the same text (`hashes`:
    article id -> text hash), which could only agree with themselves."""
    if a.article_id == b.article_id:
        return True
    text_a = hashes.get(a.article_id)
    return text_a is not None and text_a == hashes.get(b.article_id)


@lru_cache(maxsize=65536)
def _group_id(key: str, predicate: str) -> str:
    return short_hash("group", key, predicate)


def reworded_pairs(claims: Iterable[Claim], hashes: Mapping[str, str] | None = None,
                   published: Mapping[str, str | None] | None = None,
                   stories: Mapping[str, str | None] | None = None) -> Iterator[tuple[Claim, Claim, str, str]]:
    """(a, b, group id, shared word) for pairs candidate_pairs does not make because their
    counted things have no synonym class in common, yet that may state one figure in other
    words ("four fatalities" and "four people were killed", "a fee of £85 million" and
    "paid roughly £80 million"): the same measure, ranges that overlap, compatible
    predicates, counted things that can be one (people and people, or one side names no
    counted thing) and sentences on one topic (a content word in common besides the
    figures). Only an agreement is taken from such a pair (see iter_comparisons): other
    words are no evidence that two different numbers are about one thing.

    Blocked on the measure, the figure's size and each topic word of the sentence, so a
    pair is only looked at when the two figures are within a factor of about 1.8 and the
    sentences share a word; a large block is walked by place and time as candidate_pairs
    walks one."""
    dates = published or {}
    buckets: dict[tuple[str, int, str], list[Claim]] = defaultdict(list)
    things: dict[str, tuple[str | None, str]] = {}  # claim id -> (subject, _thing), computed once
    for claim in claims:
        size = _size_bucket(claim)
        thing = _thing(claim) if size is not None and claim.kind != "age" else None
        if thing is not None:
            things[claim.id] = subject(claim), thing
            for word in _topic_words(claim.sentence, claim.quote):
                buckets[(_in_story(measure(claim), claim, stories), size, word)].append(claim)  # type: ignore[index]
    spans: dict[str, Span | None] = {}
    for key in sorted(buckets):
        kind, size, word = key
        xs = buckets[key]
        ys = buckets.get((kind, size + 1, word))
        for walk in (_scoped(xs, None, spans, dates), _scoped(xs, ys, spans, dates) if ys else ()):
            for a, b in walk:
                # A pair sharing several words is met in each word's block: kept in the first.
                if _rewording(a, b, things[a.id], things[b.id], hashes or {}) == word:
                    group = " ~ ".join(sorted({things[a.id][0] or kind, things[b.id][0] or kind}))
                    yield a, b, _group_id(group, predicate_class(a) or predicate_class(b) or ""), word


def _size_bucket(claim: Claim) -> int | None:
    """The figure's order of size in quarter powers of ten (489 and 500 share one or touch)."""
    figure = claim.value if claim.value is not None else (claim.low if claim.low else claim.high)
    if not figure or figure <= 0:
        return None
    return int(math.floor(math.log10(figure) * 4))


def _thing(claim: Claim) -> str | None:
    """What a reworded pair needs of a counted thing: "people", "any" (none named), or None
    (a specific thing: only its synonyms, through candidate_pairs, can be the same)."""
    key = subject(claim)
    if key is None or key.startswith(f"{claim.unit} ("):
        return "any"
    if key in lx.PEOPLE_CLASSES or key in lx.PEOPLE_EVENTS.values():
        return "people"
    return None


def _rewording(a: Claim, b: Claim, thing_a: tuple[str | None, str], thing_b: tuple[str | None, str],
               hashes: Mapping[str, str]) -> str | None:
    """A content word both sentences share, when `a` and `b` may be one figure in other
    words; `thing_a` and `thing_b` are their (subject, _thing)."""
    if _one_text(a, b, hashes) or thing_a[0] == thing_b[0] and thing_a[0] is not None:
        return None
    # Stricter than candidate_pairs: without a synonym for the thing, a figure with no
    # event ("a company with 52,000 employees") only meets one stating a level
    # ("employs 49,500"), not one of an event ("laid off 49,500").
    events = {predicate_class(a), predicate_class(b)}
    if len(events) > 1 and not events <= {None, *lx.LEVEL_PREDICATES}:
        return None
    if "any" not in (thing_a[1], thing_b[1]) and thing_a[1] != thing_b[1]:
        return None
    if not ranges_overlap(a, b) or (a.change or None) != (b.change or None):
        return None
    shared = _topic_words(a.sentence, a.quote) & _topic_words(b.sentence, b.quote)
    return min(shared) if shared else None


@lru_cache(maxsize=65536)
def _topic_words(sentence: str, quote: str) -> frozenset[str]:
    words = set(re.findall(r"[a-z][a-z-]{3,}", sentence.lower().replace("’s", "").replace("'s", "")))
    return frozenset(words - lx.TOPIC_STOP_WORDS - set(re.findall(r"[a-z-]+", quote.lower())))


def age_pairs(claims: Iterable[Claim], hashes: Mapping[str, str] | None = None,
              stories: Mapping[str, str | None] | None = None) -> Iterator[tuple[Claim, Claim, str]]:
    """(a, b, group id) for two articles' claims of one age, of one story, that candidate_pairs
    does not pair because one names the person and the other a role ("66-year-old LuAnn
    Marie Johnson", "a 66-year-old woman"), or the two spell a first name differently
    ("Catherine Gomes, 61", "Katherine Gomes, 61"). Who the role is cannot be read from
    the words, so only an agreement is taken from such a pair (see iter_comparisons).
    Blocked on the story and the age itself: only equal ages are paired."""
    buckets: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.kind == "age" and claim.low is not None and claim.low == claim.high:
            buckets[_in_story(f"age {claim.low:g}", claim, stories)].append(claim)
    for key in sorted(buckets):
        for a, b in _across_articles(sorted(buckets[key], key=_order), None):
            if not _one_text(a, b, hashes or {}) and _maybe_one_person(a, b):
                yield a, b, _group_id(key, "")


def _maybe_one_person(a: Claim, b: Claim) -> bool:
    """Whether two ages whose blocks differ may be one person's: named people of one surname
    (two spellings, a nickname), or a person and a role, or two roles of one sex."""
    who_a, who_b = a.context.who, b.context.who
    named_a, named_b = (bool(w and w[:1].isupper()) for w in (who_a, who_b))
    if named_a and named_b:  # one surname; one full name is one person, compared by candidate_pairs
        return name_key(who_a)[0] == name_key(who_b)[0] and not same_owner(who_a, who_b)  # type: ignore[arg-type]
    if subject(a) == subject(b):
        return False  # one role ("the woman" twice): candidate_pairs compares them
    roles = {w for w, named in ((who_a, named_a), (who_b, named_b)) if w and not named}
    return not (roles & lx.MALE_NOUNS and roles & lx.FEMALE_NOUNS)


def _scoped(xs: list[Claim], ys: list[Claim] | None, spans: dict[str, Span | None],
            dates: Mapping[str, str | None]) -> Iterable[tuple[Claim, Claim]]:
    """All pairs within `xs` (or of `xs` with `ys`) when few; else only those of one place
    whose times overlap."""
    if len(xs) + len(ys or ()) <= MAX_BLOCK:
        if ys is None:
            return combinations(sorted(xs, key=_order), 2)
        return (_ordered(a, b) for a, b in product(xs, ys))
    for claim in (*xs, *(ys or ())):
        if claim.id not in spans:
            spans[claim.id] = time_span(claim, dates.get(claim.article_id))
    left = _partition_by(xs, place_key)
    right = _partition_by(ys, place_key) if ys is not None else None
    return (pair for place in sorted(left) if right is None or place in right
            for pair in _overlapping(left[place], None if right is None else right[place], spans))


def _partition_by(claims: list[Claim], facet: Callable[[Claim], str | None]) -> dict[str, list[Claim]]:
    parts: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        parts[facet(claim) or ""].append(claim)
    return parts


@dataclass(frozen=True)
class Source:
    """What provenance needs to know of an article: who published it, its title, when."""

    outlet: str | None = None
    title: str | None = None
    date: str | None = None


def iter_comparisons(claims: Iterable[Claim], hashes: Mapping[str, str] | None = None,
                     sources: Mapping[str, Source] | None = None,
                     stories: Mapping[str, str | None] | None = None) -> Iterator[Comparison]:
    """A comparison for every candidate pair (see candidate_pairs for `hashes`), then for
    every reworded pair that agrees (see reworded_pairs), one at a time, so a large
    corpus's comparisons are never all in memory. With `sources` (article id -> Source),
    a pair where one claim cites the other's article carries the cited claim's id in
    `cites`. With `stories` (article id -> story id) only claims of one story are
    compared, and each comparison carries its story."""
    dates = {i: source.date for i, source in (sources or {}).items()}
    stories = stories or {}
    claims = list(claims)
    for a, b, group, one_event in _block_pairs(claims, hashes, dates, stories):
        verdict, reason = judge(a, b, (dates.get(a.article_id), dates.get(b.article_id)))
        score = confidence(a, b, verdict)
        if not one_event:
            # "More than 50 firefighters tackled the blaze" and "more than 50 firefighters
            # fought it": one count said with two verbs. Two verbs may also be two events
            # ("489 ignored", "500 issued"), so only an agreement is taken from such a pair.
            if verdict != "agree" or not _one_figure(a, b):
                continue
            reason += f"; said with different verbs ({a.predicate} / {b.predicate})"
            score = min(REWORDED_CONFIDENCE, score)
        yield _comparison(a, b, group, verdict, reason, sources, stories.get(a.article_id), score)
    for a, b, group in age_pairs(claims, hashes, stories):
        verdict, reason = judge(a, b, (dates.get(a.article_id), dates.get(b.article_id)))
        if verdict == "agree":
            reason += "; one names the person, the other a role or another spelling: maybe one person"
            yield _comparison(a, b, group, verdict, reason, sources, stories.get(a.article_id),
                              min(REWORDED_CONFIDENCE, confidence(a, b, verdict)))
    for a, b, group, word in reworded_pairs(claims, hashes, dates, stories):
        verdict, reason = judge(a, b, (dates.get(a.article_id), dates.get(b.article_id)))
        if verdict == "agree":
            reason += f"; the counted things are worded differently, both sentences are about “{word}”"
            yield _comparison(a, b, group, verdict, reason, sources, stories.get(a.article_id),
                              min(REWORDED_CONFIDENCE, confidence(a, b, verdict)))


def _one_figure(a: Claim, b: Claim) -> bool:
    """Whether two claims give one figure: the same range ("more than 50" twice), or an
    exact figure the other states or rounds ("1,098" and "1098", "seven hours" and "7
    hours", "Sixty" and "around 60"). Any two overlapping ranges would do for a verdict
    ("up to 8GB" and "4GB"), not for saying that two differently said claims are one."""
    if (a.low, a.high, a.low_inclusive, a.high_inclusive, a.unit) == (b.low, b.high, b.low_inclusive,
                                                                      b.high_inclusive, b.unit):
        return True
    for x, y in ((a, b), (b, a)):
        (x_low, _), (y_low, y_high) = scaled(x), scaled(y)
        if x.qualifier == "exact" and y.qualifier in ("exact", "about") and x_low is not None \
                and y_low is not None and y_high is not None and y_low <= x_low <= y_high:
            return True
    return False


def _comparison(a: Claim, b: Claim, group: str, verdict: str, reason: str,
                sources: Mapping[str, Source] | None, story: str | None = None,
                score: float = 0.5) -> Comparison:
    cited = cited_claim(a, b, sources) if sources else None
    if cited is not None:
        citing = b if cited is a else a
        reason += f"; {said(citing)} cites {sources[cited.article_id].outlet}, where {said(cited)} appeared"  # type: ignore[index]
    return Comparison(a=a.id, b=b.id, verdict=verdict, reason=reason, group_id=group,
                      cites=cited.id if cited is not None else None, story=story, confidence=score)


def compare_claims(claims: Iterable[Claim], hashes: Mapping[str, str] | None = None,
                   sources: Mapping[str, Source] | None = None,
                   stories: Mapping[str, str | None] | None = None) -> list[Comparison]:
    """A comparison row for every candidate pair, as a list."""
    return list(iter_comparisons(claims, hashes, sources, stories))


def cited_claim(a: Claim, b: Claim, sources: Mapping[str, Source]) -> Claim | None:
    """The claim of the pair that the other one cites, or None.

    One claim cites the other when it is attributed to the other's outlet ("according
    to Daily Caller", "as Breitbart News reported"), both state the same value, and the
    cited article is not later than the citing one where both dates are known. The link
    changes nothing else: a restated figure for another period is still judged as one."""
    for cited, citing in ((a, b), (b, a)):
        source, mine = sources.get(cited.article_id), sources.get(citing.article_id)
        if source is None or not source.outlet or not citing.attributed_to:
            continue
        if not _names(citing.attributed_to, source.outlet):
            continue
        if (cited.low, cited.high) != (citing.low, citing.high):
            continue
        if source.date and mine and mine.date and source.date > mine.date:
            continue
        return cited
    return None


def _names(attribution: str, outlet: str) -> bool:
    """Whether `attribution` names `outlet` ("the Daily Caller" names "Daily Caller")."""
    name = re.sub(r"^the\s+", "", outlet.strip().lower())
    return len(name) >= 3 and re.search(rf"\b{re.escape(name)}\b", attribution.lower()) is not None
