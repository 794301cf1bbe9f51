"""Rows for export: articles, claims and comparisons as plain dicts, written as CSV/JSON/JSONL."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any, TextIO

from .model import Article, Claim, ComparisonView
from .views import merge_copies, summarize_groups, trace
from .queries import Filters, claim_export_row
from .store import Store

ARTICLE_FIELDS = ("id", "path", "title", "date", "outlet", "author", "url", "text", "sha256", "story")
CLAIM_FIELDS = (
    "id", "article_id", "source", "sentence", "quote", "start", "end", "value", "low", "high",
    "low_inclusive", "high_inclusive", "qualifier", "change", "kind", "unit", "unit_text", "rate",
    "predicate", "place", "period", "attributed_to",
)
COMPARISON_FIELDS = (
    "id", "a", "b", "verdict", "reason", "confidence", "quote_a", "quote_b", "source_a", "source_b", "group_id",
    "story", "sentence_a", "sentence_b", "date_a", "date_b", "outlet_a", "outlet_b", "url_a", "url_b",
)
#: What `claimtrack articles --json` gives of each article (story: its id; story_name: its name or label).
ARTICLE_LIST_FIELDS = ("id", "path", "title", "date", "outlet", "story", "story_name", "claims")
STORY_FIELDS = ("id", "name", "label", "articles", "outlets", "first_date", "last_date", "claims", "conflicts")
#: What `claimtrack outlets --json` gives of each outlet (see Store.outlet_rows).
OUTLET_FIELDS = ("outlet", "articles", "claims", "claims_in_conflict", "conflict_share")
GROUP_FIELDS = (
    "group_id", "subject", "claims", "sources", "appearances", "dates", "low", "high", "verdict", "verdicts",
    "claim_ids",
)
COPY_FIELDS = ("article_id", "path", "copy_of", "copy_of_path", "kind", "similarity")
WHAT = ("articles", "claims", "comparisons", "groups", "copies", "stories")


def group_summaries(store: Store, story: str | None = None, filters: Filters | None = None) -> list[dict[str, Any]]:
    """Groups of claims about the same quantity (in one story, given its id), conflicts first.

    With `filters`, only the groups holding a claim that the filters select (its source,
    outlet, text, article date), each shown whole, and at most `filters.limit` of them."""
    filters = filters or Filters()
    story = filters.story or story
    claims = {c.id: c for c in store.iter_claims(story=story)}
    groups = summarize_groups(claims, link_rows(store.iter_comparison_links(story)), store.article_dates(),
                              store.copy_paths())
    if filters.narrows_claims:
        chosen = {c.id for c in store.iter_claims(replace(filters, story=story, limit=None))}
        groups = [g for g in groups if chosen.intersection(g["claim_ids"])]
    return groups[:filters.limit] if filters.limit else groups


def comparison_table_rows(store: Store, filters: Filters | None = None, *, verdicts: Iterable[str] | None = None,
                          include_dismissed: bool = True,
                          min_confidence: float | None = None) -> list[ComparisonView]:
    """Comparisons as the conflicts table shows them: most confident first, those of
    linked copies merged into one (views.merge_copies), at most `filters.limit` of them."""
    filters = filters or Filters()
    rows = store.iter_comparisons(verdicts=verdicts, include_dismissed=include_dismissed,
                                  min_confidence=min_confidence, by_confidence=True,
                                  filters=replace(filters, limit=None))
    merged = merge_copies(rows, store.copy_paths())
    return merged[:filters.limit] if filters.limit else merged


def comparison_export_row(view: ComparisonView, fields: tuple[str, ...] = COMPARISON_FIELDS) -> dict[str, Any]:
    """A comparison as exported: `fields` of its flat row, in that order."""
    row = view.row()
    return {name: row[name] for name in fields}


def link_rows(links: Iterable[tuple[Any, ...]]) -> Iterator[dict[str, Any]]:
    """Store.iter_comparison_links as the rows summarize_groups reads, one at a time."""
    for group_id, a, b, verdict, review in links:
        yield {"group_id": group_id, "a": a, "b": b, "verdict": verdict, "review": review}


def trace_claim(store: Store, claim_id: str) -> list[dict[str, Any]]:
    """How the number of `claim_id` (the id or a unique prefix of it) travelled across
    sources (see views.trace)."""
    claim_id = store.resolve_id("claim", claim_id)
    claims = {c.id: c for c in store.claims()}
    return trace(claim_id, claims, store.iter_comparisons(), store.article_dates())


#: The text verdict of a confirmed comparison, as a ClaimReview rating's alternateName.
#: Neutral: it says how the claim relates to another source, never whether it is true.
RATING_TEXT = {
    "conflict": "Conflicts with another source",
    "agree": "Agrees with another source",
    "different_period": "About a different period than another source",
    "different_place": "About a different place than another source",
    "different_measure": "A different measure than another source",
    "different_event": "About a different event than another source",
}


def claim_reviews(store: Store, *, reviewer: str = "claimtrack") -> list[dict[str, Any]]:
    """schema.org ClaimReview JSON-LD, one per confirmed comparison.

    The reviewed claim is the later of the two (by article date, else the second);
    the earlier one is the source it is compared with, cited in the rating's
    explanation. `reviewer` names the review's author. An article is cited by its URL
    when it has one, else by its title alone (see _creative_work): a file path is no
    URL, and is never given as one, nor as a publisher (articles_without_url names them).
    """
    reviews = []
    for row, (b, reviewed), (a, other) in _confirmed(store):
        item: dict[str, Any] = {"@type": "Claim"}
        claimant = _claimant(b.attributed_to, reviewed)
        if claimant is not None:
            item["author"] = claimant
        item.update({"datePublished": reviewed.date, "appearance": _creative_work(reviewed), "text": b.sentence})
        reviews.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "claimReviewed": b.quote,
            "itemReviewed": item,
            "reviewRating": {
                "@type": "Rating",
                "alternateName": RATING_TEXT[row.verdict],
                "ratingExplanation": row.reason,
            },
            "author": {"@type": "Organization", "name": reviewer},
            "datePublished": (row.reviewed_at or "")[:10] or None,
            "reviewBody": row.review_note or row.reason,
            "isBasedOn": {"@type": "Claim", "text": a.quote, "appearance": _creative_work(other)},
        })
    return reviews


def articles_without_url(store: Store) -> tuple[int, list[str]]:
    """How many claim_reviews items cite an article that has no URL, and the paths of
    those articles (each once, in the items' order): what a publisher has to fill in."""
    items, paths = 0, {}
    for _, (_, reviewed), (_, other) in _confirmed(store):
        missing = [article.path for article in (reviewed, other) if not article.url]
        items += bool(missing)
        paths.update(dict.fromkeys(missing))
    return items, list(paths)


def _confirmed(store: Store) -> Iterator[tuple[ComparisonView, tuple[Claim, Article], tuple[Claim, Article]]]:
    """Each confirmed comparison with (claim, article) of the reviewed claim, the later
    one by article date (else the second), then of the other."""
    rows = [row for row in store.iter_comparisons() if row.review == "confirmed"]
    if not rows:
        return
    articles = {a.id: a for a in store.articles()}
    claims = {c.id: c for c in store.claims()}
    for row in rows:
        a, b = claims[row.a.claim_id], claims[row.b.claim_id]
        if (articles[a.article_id].date or "") > (articles[b.article_id].date or ""):
            a, b = b, a
        yield row, (b, articles[b.article_id]), (a, articles[a.article_id])


def _claimant(speaker: str | None, article: Article) -> dict[str, str] | None:
    """Who made the claim: the person it is attributed to, else the article's author,
    else its outlet; None when none is known (schema.org's author is optional, and a
    file path is nobody)."""
    if speaker or article.author:
        return {"@type": "Person", "name": speaker or article.author or ""}
    if article.outlet:
        return {"@type": "Organization", "name": article.outlet}
    return None


def _creative_work(article: Article) -> dict[str, Any]:
    """The article as a schema.org CreativeWork: named by its title, with its URL,
    date, author and publisher when known (never its file path)."""
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if article.url:
        work["url"] = article.url
    if article.title:
        work["name"] = work["headline"] = article.title
    if article.date:
        work["datePublished"] = article.date
    if article.author:
        work["author"] = {"@type": "Person", "name": article.author}
    if article.outlet:
        work["publisher"] = {"@type": "Organization", "name": article.outlet}
    return work


def rows(store: Store, what: str) -> tuple[tuple[str, ...], Iterator[dict[str, Any]]]:
    """(field names, rows) for `what` (one of WHAT)."""
    if what == "articles":
        return ARTICLE_FIELDS, (
            {name: getattr(a, name) for name in ARTICLE_FIELDS} for a in store.articles())
    if what == "claims":
        # Iterators all the way from the SQLite cursor to the output, so an export's memory
        # stays flat however many rows there are.
        return CLAIM_FIELDS, (claim_export_row(c) for c in store.iter_claims())
    if what == "comparisons":
        return COMPARISON_FIELDS, (comparison_export_row(view) for view in store.iter_comparisons())
    if what == "groups":
        return GROUP_FIELDS, iter(group_summaries(store))
    if what == "copies":
        return COPY_FIELDS, iter(store.copy_rows())
    if what == "stories":
        return STORY_FIELDS, iter(store.story_rows())
    raise ValueError(f"unknown export {what!r}: choose one of {', '.join(WHAT)}")


def write(out: TextIO, fields: tuple[str, ...], items: Iterable[dict[str, Any]], fmt: str, *,
          bom: bool = False, raw: bool = False) -> int:
    """Write rows as csv, json (one array) or nl (JSON lines); returns the row count.

    `bom` starts a CSV with a UTF-8 byte order mark, so Excel reads it as UTF-8. A CSV
    text cell that a spreadsheet would run as a formula starts with `'` unless `raw`
    (see `neutralise`)."""
    count = 0
    if fmt == "csv":
        if bom:
            out.write("\ufeff")
        writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for row in items:
            writer.writerow({k: _cell(v, raw=raw) for k, v in row.items()})
            count += 1
    elif fmt == "json":
        out.write("[")
        for row in items:
            out.write(("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False))
            count += 1
        out.write("\n]\n" if count else "]\n")
    elif fmt == "nl":
        for row in items:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return count


def _cell(value: Any, *, raw: bool = False) -> Any:
    """Lists and dicts in a CSV cell: "; "-joined, or JSON; text neutralised unless `raw`."""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    return value if raw or not isinstance(value, str) else neutralise(value)


# What a spreadsheet takes for the start of a formula (OWASP's CSV injection list: a
# tab or carriage return can hide one behind whitespace).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number is data, not a formula, even when written as text ("-3", "+1.5").
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(text: str) -> str:
    """`text` made inert for Excel, LibreOffice and Google Sheets: a leading `'` when it
    starts like a formula (`=`, `+`, `-`, `@`, tab, carriage return), as OWASP advises."""
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text
