"""Datasette metadata for a claimtrack database: descriptions, facets, search, canned queries.

`datasette claimtrack.db --metadata metadata.json` then shows each table with what
its columns mean, facets on the columns worth filtering by, a search box on
articles and claims (the FTS indexes the store keeps), and two canned queries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .model import VERDICTS

ARTICLE_COLUMNS = {
    "id": "Hash of the path: stable across runs",
    "path": "Where the article was read from (a file path, or FILE#ROW / the url for JSONL and CSV rows)",
    "title": "Title (page metadata, front matter or column; else the first line)",
    "date": "Publication date (YYYY-MM-DD) when known",
    "outlet": "Publishing outlet (page metadata or column, else a sign-off line)",
    "author": "Author (page metadata or column, else a sign-off line)",
    "url": "The article's URL when known",
    "text": "The decoded text exactly as read, minus a leading date marker",
    "sha256": "Hash of the text: an unchanged article is not extracted again",
}
CLAIM_COLUMNS = {
    "article_id": "The article the claim is in",
    "source": "The article's path",
    "sentence": "The sentence holding the claim",
    "quote": "Qualifier, number and counted thing as written; text[start:end] of the article",
    "start": "Character offset of the quote in the article text",
    "end": "Character offset just past the quote",
    "value": "The number as stated (a change's value is unsigned)",
    "low": "Lowest value the claim allows (empty: no lower bound)",
    "high": "Highest value the claim allows (empty: no upper bound)",
    "low_inclusive": "1 when low itself is allowed",
    "high_inclusive": "1 when high itself is allowed",
    "qualifier": "How the number bounds the quantity: exact, about, nearly, over, at_least, under, up_to, range, vague",
    "change": "up or down when the claim states a change",
    "kind": "count, percent, money, duration, measure, rate, ratio, age, score, ordinal",
    "unit": "Lemma of the counted thing or the unit's name",
    "unit_text": "The counted thing as written",
    "rate": "The rate as written (a month, per capita)",
    "predicate": "What happened to the counted thing (released, ignored)",
    "place": "Where the quantity applies",
    "period": "When the quantity applies",
    "attributed_to": "Who the article says stated it",
}
COMPARISON_COLUMNS = {
    "a": "First claim",
    "b": "Second claim (always from a different article)",
    "verdict": "One of: " + ", ".join(VERDICTS),
    "reason": "The facts that decided the verdict",
    "group_id": "Claims about the same quantity share a group",
    "cites": "The claim the other one cites, if any",
}

CONFLICTS_SQL = """
select id, quote_a, source_a, date_a, quote_b, source_b, date_b, reason, review
from conflicts
where coalesce(review, '') != 'dismissed'
order by source_a, source_b
""".strip()

GROUPS_SQL = """
select c.group_id, count(*) as pairs,
       sum(c.verdict = 'conflict') as conflicts, sum(c.verdict = 'agree') as agreements,
       group_concat(distinct ca.unit_text) as subject,
       min(min(ca.low, cb.low)) as low, max(max(ca.high, cb.high)) as high,
       group_concat(distinct ca.source) as sources
from comparisons c
join claims ca on ca.id = c.a
join claims cb on cb.id = c.b
group by c.group_id
order by conflicts desc, pairs desc
""".strip()


def datasette_metadata(db_path: str | Path) -> dict[str, Any]:
    """Datasette metadata for the database at `db_path` (named by its file stem)."""
    return {
        "title": "claimtrack",
        "description": "Numeric claims extracted from news articles and compared across sources. "
                       "claimtrack reports what sources state, never what is true.",
        "databases": {
            Path(db_path).stem: {
                "tables": {
                    "articles": {
                        "description": "One row per article read by claimtrack ingest",
                        "columns": ARTICLE_COLUMNS,
                        "facets": ["outlet", "author", "date"],
                        "sort_desc": "date",
                    },
                    "claims": {
                        "description": "Numeric claims: a value range about a counted thing, with its context",
                        "columns": CLAIM_COLUMNS,
                        "facets": ["kind", "qualifier", "unit", "place", "period"],
                        "label_column": "quote",
                    },
                    "comparisons": {
                        "description": "Pairs of claims from different articles about the same quantity",
                        "columns": COMPARISON_COLUMNS,
                        "facets": ["verdict"],
                    },
                    "conflicts": {
                        "description": "Comparisons judged a conflict, with both quotes, sources and reviews",
                        "facets": ["review"],
                    },
                    "reviews": {"description": "A person's decision on a comparison (confirmed or dismissed)"},
                    "copies": {"description": "Articles with the same (identical) or nearly the same (near) "
                                              "text as an earlier one"},
                    "fingerprints": {"hidden": True},
                    "inputs": {"hidden": True},
                    "review_anchors": {"hidden": True},
                    "meta": {"hidden": True},
                },
                "queries": {
                    "open_conflicts": {
                        "title": "Conflicts",
                        "description": "Claims from different sources that cannot both hold "
                                       "(dismissed ones left out)",
                        "sql": CONFLICTS_SQL,
                    },
                    "quantity_groups": {
                        "title": "Groups of claims about one quantity",
                        "description": "Each group's comparisons, conflicts, range of stated values and sources",
                        "sql": GROUPS_SQL,
                    },
                },
            }
        },
    }
