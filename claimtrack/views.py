"""Comparison rows as people read them: groups of claims about one quantity, copies
shown as one source, and how a number travelled."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace

from .model import Claim, ComparisonSide, ComparisonView


def summarize_groups(
    claims: dict[str, Claim], rows: Iterable[dict], dates: dict[str, str | None],
    copy_of: Mapping[str, str] | None = None,
) -> list[dict]:
    """One summary per group of claims about the same quantity.

    `rows` are comparison rows (a, b, group_id, verdict); `dates` maps article ids to
    dates; `copy_of` maps a copy's path to its first appearance's path, so linked copies
    count as one source (`sources`) with several appearances (`appearances`).
    """
    copy_of = copy_of or {}
    members: dict[str, set[str]] = defaultdict(set)
    verdicts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        members[row["group_id"]].update((row["a"], row["b"]))
        verdicts[row["group_id"]][row["verdict"]] += 1
    summaries = [group_summary(group_id, ids, verdicts[group_id], claims, dates, copy_of)
                 for group_id, ids in members.items()]
    return sorted(summaries, key=group_order)


def group_order(summary: dict) -> tuple:
    """How groups are listed: those with a conflict first, then the largest, by subject."""
    return summary["verdict"] != "conflict", -summary["claims"], summary["subject"]


def group_summary(group_id: str, ids: Iterable[str], counts: Counter[str], claims: Mapping[str, Claim],
                  dates: Mapping[str, str | None], copy_of: Mapping[str, str]) -> dict:
    """The summary of one group: its claims `ids` (those in `claims`), verdict `counts`."""
    group = sorted((claims[i] for i in ids if i in claims), key=lambda c: (c.source, c.start))
    lows = [c.low for c in group]
    highs = [c.high for c in group]
    things = Counter(c.unit_text or c.unit or c.kind for c in group).most_common(1)[0][0]
    predicates = sorted({c.predicate for c in group if c.predicate})
    return {
        "group_id": group_id,
        "subject": things + (f" ({' / '.join(predicates)})" if predicates else ""),
        "claims": len(group),
        "sources": sorted({copy_of.get(c.source, c.source) for c in group}),
        "appearances": sorted({c.source for c in group}),
        "dates": sorted({d for c in group if (d := dates.get(c.article_id))}),
        "low": None if any(x is None for x in lows) else min(lows),
        "high": None if any(x is None for x in highs) else max(highs),
        "verdict": "conflict" if counts["conflict"] else ("agree" if set(counts) == {"agree"} else "mixed"),
        "verdicts": dict(sorted(counts.items())),
        "claim_ids": [c.id for c in group],
    }


def merge_copies(rows: Iterable[ComparisonView], copy_of: Mapping[str, str]) -> list[ComparisonView]:
    """Comparisons with linked copies shown as one source with several appearances.

    Comparisons that differ only in which copy of an article they quote (same verdict,
    same quotes, same first appearances) become one, the first met; each of its sides'
    `appearances` lists the paths of every copy that side stands for.
    """
    def first(side: ComparisonSide) -> tuple[str, str]:
        """A side as (first appearance of its source, quote)."""
        return copy_of.get(side.source, side.source), side.quote

    # The first comparison of each key, with the appearances of its side a and side b.
    merged: dict[tuple, tuple[ComparisonView, list[str], list[str]]] = {}
    for row in rows:
        key = (row.verdict, frozenset((first(row.a), first(row.b))))
        kept = merged.get(key)
        if kept is None:
            merged[key] = (row, [row.a.source], [row.b.source])
            continue
        view, appearances_a, appearances_b = kept
        for side in row.sides:
            target = appearances_a if first(view.a) == first(side) else appearances_b
            if side.source not in target:
                target.append(side.source)
    return [replace(view, a=replace(view.a, appearances=tuple(a)), b=replace(view.b, appearances=tuple(b)))
            for view, a, b in merged.values()]


def trace(claim_id: str, claims: dict[str, Claim], rows: Iterable[ComparisonView],
          dates: dict[str, str | None]) -> list[dict]:
    """How a number travelled: the claims compared with `claim_id`, oldest first.

    The first dated appearance comes first; every other claim is marked as repeating
    it (its comparison with the traced claim agrees) or changing it (any other verdict).
    """
    if claim_id not in claims:
        raise KeyError(claim_id)
    related: dict[str, str] = {}
    cites: dict[str, str] = {}  # citing claim id -> cited claim id
    for row in rows:
        a, b = row.a.claim_id, row.b.claim_id
        if claim_id in (a, b):
            other = b if a == claim_id else a
            related[other] = row.verdict
            if row.cites:
                cites[b if row.cites == a else a] = row.cites
    steps = [claims[claim_id], *(claims[i] for i in related if i in claims)]
    steps.sort(key=lambda c: (dates.get(c.article_id) is None, dates.get(c.article_id) or "", c.source))
    out = []
    for n, c in enumerate(steps):
        verdict = related.get(c.id)
        role = "first appearance" if n == 0 else ("repeats" if verdict in (None, "agree") else f"changes ({verdict})")
        if c.id == claim_id and n:
            role = "this claim"
        if c.id in cites:
            role += f", citing {claims[cites[c.id]].source}" if cites[c.id] in claims else ", citing a source"
        out.append({"claim_id": c.id, "role": role, "quote": c.quote, "low": c.low, "high": c.high,
                    "source": c.source, "date": dates.get(c.article_id), "verdict": verdict,
                    "attributed_to": c.attributed_to, "cites": cites.get(c.id)})
    return out
