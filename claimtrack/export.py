"""Rows for export: articles, claims and comparisons as plain dicts, written as CSV/JSON/JSONL."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from .compare import summarize_groups, trace
from .store import Store, StoreError, claim_export_row

ARTICLE_FIELDS = ("id", "path", "title", "date", "outlet", "author", "url", "text", "sha256")
CLAIM_FIELDS = (
    "id", "article_id", "source", "sentence", "quote", "start", "end", "value", "low", "high",
    "low_inclusive", "high_inclusive", "qualifier", "change", "kind", "unit", "unit_text", "rate",
    "predicate", "place", "period", "attributed_to",
)
COMPARISON_FIELDS = (
    "id", "a", "b", "verdict", "reason", "quote_a", "quote_b", "source_a", "source_b", "group_id",
)
GROUP_FIELDS = (
    "group_id", "subject", "claims", "sources", "dates", "low", "high", "verdict", "verdicts", "claim_ids",
)
WHAT = ("articles", "claims", "comparisons", "groups")


def group_summaries(store: Store) -> list[dict[str, Any]]:
    """Groups of claims about the same quantity, conflicts first."""
    claims = {c.id: c for c in store.claims()}
    return summarize_groups(claims, store.comparison_rows(), store.article_dates())


def trace_claim(store: Store, claim_id: str) -> list[dict[str, Any]]:
    """How the number of `claim_id` travelled across sources (see compare.trace)."""
    claims = {c.id: c for c in store.claims()}
    if claim_id not in claims:
        raise StoreError(f"no claim with id {claim_id!r} (see claimtrack claims --json)")
    return trace(claim_id, claims, store.comparison_rows(), store.article_dates())


def rows(store: Store, what: str) -> tuple[tuple[str, ...], Iterator[dict[str, Any]]]:
    """(field names, rows) for `what` (articles, claims or comparisons)."""
    if what == "articles":
        return ARTICLE_FIELDS, (
            {name: getattr(a, name) for name in ARTICLE_FIELDS} for a in store.articles())
    if what == "claims":
        return CLAIM_FIELDS, (claim_export_row(c) for c in store.claims())
    if what == "comparisons":
        return COMPARISON_FIELDS, (
            {name: row[name] for name in COMPARISON_FIELDS} for row in store.comparison_rows())
    if what == "groups":
        return GROUP_FIELDS, iter(group_summaries(store))
    raise ValueError(f"unknown export {what!r}: choose one of {', '.join(WHAT)}")


def write(out: TextIO, fields: tuple[str, ...], items: Iterable[dict[str, Any]], fmt: str) -> int:
    """Write rows as csv, json (one array) or nl (JSON lines); returns the row count."""
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for row in items:
            writer.writerow({k: _cell(v) for k, v in row.items()})
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


def _cell(value: Any) -> Any:
    """Lists and dicts in a CSV cell: "; "-joined, or JSON."""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value
