"""The reads that build rows for people: claims and comparison rows narrowed by Filters,
ids and their short prefixes, and the articles, outlets, stories and copies tables.

`Queries` is Store's base class (store.py): every method reads `self.db`, nothing
writes, so a read-only Store has them all.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from .database import CLAIM_BOOLS, CONTEXT_COLUMN, REVIEW_SQL
from .errors import AmbiguousId, BadFilter, UnknownId
from .model import SIDE_FIELDS, VERDICTS, Article, Claim, ClaimContext, ComparisonSide, ComparisonView

#: A person may type any unique prefix of an id at least this long (git-style) ...
MIN_PREFIX = 4
#: ... and is shown the shortest unique prefix, at least this long.
SHORT_ID = 6
#: Each kind of id: its table and column, and the command that lists it (for "no such id").
_ID_KINDS = {
    "article": ("articles", "id", "claimtrack articles"),
    "claim": ("claims", "id", "claimtrack claims"),
    "comparison": ("comparisons", "id", "claimtrack conflicts --all"),
    "story": ("stories", "id", "claimtrack stories"),
    "group": ("comparisons", "group_id", "claimtrack groups"),
}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Filters:
    """What a reader narrows claims, comparisons and groups to; every field given must hold.

    `source`, `outlet` and `search` are literal text, matched anywhere and regardless of
    ASCII case in the article's path, its outlet, and the claim's quote or sentence;
    `since` and `until` are article dates (YYYY-MM-DD, both days included), so an article
    without a date never matches them. A comparison matches a field when either of its two
    claims does (the date range: when either article is dated in it). `story` is a story
    id (see Store.find_story); `verdicts` (comparisons only) are names from VERDICTS;
    `limit` keeps the first N rows. Bad values raise BadFilter when the Filters is made."""

    story: str | None = None
    source: str | None = None
    outlet: str | None = None
    search: str | None = None
    since: str | None = None
    until: str | None = None
    verdicts: tuple[str, ...] | None = None
    limit: int | None = None

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _is_date(value):
                raise BadFilter(f"--{name} {value!r} is not a date: give YYYY-MM-DD, e.g. 2019-10-01")
        if self.since and self.until and self.since > self.until:
            raise BadFilter(f"--since {self.since} is after --until {self.until}: no article can be dated in between")
        if self.verdicts is not None:
            object.__setattr__(self, "verdicts", tuple(self.verdicts))
            for name in self.verdicts:
                if name not in VERDICTS:
                    raise BadFilter(f"--verdict {name!r} is not a verdict: choose from {', '.join(VERDICTS)}")
        if self.limit is not None and self.limit < 1:
            raise BadFilter(f"--limit {self.limit}: give 1 or more")

    @property
    def narrows_claims(self) -> bool:
        """Whether the fields that select claims (source, outlet, search, dates) are given."""
        return bool(self.source or self.outlet or self.search or self.since or self.until)


def _is_date(text: str) -> bool:
    # fromisoformat alone would also take 20191001 and 2019-W40-2.
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _narrowed(filters: Filters | None, **given: Any) -> Filters:
    """`filters` with the keyword arguments that are not None put in."""
    return dataclasses.replace(filters or Filters(), **{k: v for k, v in given.items() if v is not None})


class Queries:
    """The reads of claimtrack's database that people see (Store's base class)."""

    db: sqlite_utils.Database

    # --- ids ----------------------------------------------------------------------

    def resolve_id(self, kind: str, key: str) -> str:
        """The full id of the `kind` row (a key of _ID_KINDS: article, claim, comparison,
        story, group) whose id is `key` or starts with it: UnknownId when none does (or `key`
        is not a whole id and shorter than MIN_PREFIX), AmbiguousId when several do."""
        table, column, listing = _ID_KINDS[kind]
        key = key.strip()
        if self.db.execute(f"SELECT 1 FROM [{table}] WHERE [{column}] = ? LIMIT 1", [key]).fetchone():
            return key
        if len(key) < MIN_PREFIX:
            raise UnknownId(f"no {kind} with id {key!r} (a prefix needs {MIN_PREFIX} characters or more;"
                            f" see {listing})")
        # A range on the (indexed) column rather than LIKE, which ignores case and the index.
        end = key[:-1] + chr(ord(key[-1]) + 1)
        found = [row[0] for row in self.db.execute(
            f"SELECT DISTINCT [{column}] FROM [{table}] WHERE [{column}] >= ? AND [{column}] < ?"
            f" ORDER BY 1 LIMIT 4", [key, end])]
        if not found:
            raise UnknownId(f"no {kind} with id {key!r} (see {listing})")
        if len(found) > 1:
            raise AmbiguousId(_ambiguous(key, kind, found))
        return found[0]

    def short_ids(self, kind: str, ids: Iterable[str | None]) -> dict[str, str]:
        """Each of `ids` (of `kind`, see resolve_id) -> its shortest unique prefix of at
        least SHORT_ID characters among every id of that kind in the database, for tables a
        person reads and types ids back from (resolve_id takes the prefix back)."""
        table, column, _ = _ID_KINDS[kind]
        wanted = [i for i in dict.fromkeys(ids) if i]
        if kind == "group":
            # Group ids are not indexed: one sorted pass over them, then a binary search each.
            every = [row[0] for row in self.db.execute(
                f"SELECT DISTINCT [{column}] FROM [{table}] WHERE [{column}] IS NOT NULL ORDER BY 1")]

            def neighbours(full: str) -> tuple[str | None, str | None]:
                at = bisect_left(every, full)
                after = at + 1 if at < len(every) and every[at] == full else at
                return (every[at - 1] if at else None), (every[after] if after < len(every) else None)
        else:
            def neighbours(full: str) -> tuple[str | None, str | None]:
                # MIN/MAX over a range of the primary key: one index lookup each.
                return (self.db.execute(f"SELECT MAX([{column}]) FROM [{table}] WHERE [{column}] < ?",
                                        [full]).fetchone()[0],
                        self.db.execute(f"SELECT MIN([{column}]) FROM [{table}] WHERE [{column}] > ?",
                                        [full]).fetchone()[0])
        return {full: shortest_prefix(full, *neighbours(full)) for full in wanted}

    def find_article(self, key: str) -> str:
        """The id of the article whose id, id prefix (MIN_PREFIX characters or more) or path
        is `key`; a path may also be another spelling of the stored one's file (./a.txt, its
        absolute path, a symlink to it)."""
        row = self.db.execute("SELECT id FROM articles WHERE id = ? OR path = ?", [key, key]).fetchone()
        if row:
            return row[0]
        try:
            return self.resolve_id("article", key)
        except UnknownId:
            pass
        if os.path.isfile(key):
            for article, path in self.db.execute("SELECT id, path FROM articles WHERE origin = path"):
                if os.path.isfile(path) and os.path.samefile(path, key):
                    return article
        raise UnknownId(f"no article {key!r} (see claimtrack articles)")

    def find_story(self, key: str) -> dict[str, Any]:
        """The story whose id, id prefix (MIN_PREFIX characters or more), name or label is `key`."""
        key = key.strip()
        rows = self.story_names()
        exact = [r for r in rows if r["id"] == key or (r["name"] or "") == key]
        if not exact and len(key) >= MIN_PREFIX:
            exact = [r for r in rows if r["id"].startswith(key)]
            if len(exact) > 1:
                raise AmbiguousId(_ambiguous(key, "story", [r["id"] for r in exact]))
        matches = exact or [r for r in rows if key.lower() in ((r["name"] or "").lower(), r["label"].lower())]
        if not matches:
            raise UnknownId(f"no story {key!r} (see claimtrack stories)")
        if len(matches) > 1:
            raise AmbiguousId(f"{key!r} names {len(matches)} stories; give (a prefix of) the id")
        return matches[0]

    # --- tables of articles, outlets, stories, copies ---------------------------------

    def articles(self) -> Iterator[Article]:
        for row in self.db["articles"].rows_where(order_by="path"):
            yield Article(**row)

    def article_rows(self) -> list[dict[str, Any]]:
        """Each article: id, path, title, date, outlet, story (id), story_name (its name, else
        its label) and claims (how many), by path."""
        return list(self.db.query("""
            SELECT a.id, a.path, a.title, a.date, a.outlet, a.story, COALESCE(s.name, s.label) AS story_name,
                   (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id) AS claims
            FROM articles a LEFT JOIN stories s ON s.id = a.story ORDER BY a.path"""))

    def article_dates(self) -> dict[str, str | None]:
        return {row[0]: row[1] for row in self.db.execute("SELECT id, date FROM articles")}

    def outlet_rows(self) -> list[dict[str, Any]]:
        """Each outlet (None: the articles with no outlet known): articles, claims, how many
        of those claims are in conflict with a claim of another outlet's article (a
        conflict a person dismissed does not count), and that share of its claims (0-1).
        Most claims in conflict first."""
        other_outlet = "COALESCE(aa.outlet, '') != COALESCE(ab.outlet, '')"
        not_dismissed = f"COALESCE({REVIEW_SQL}, '') != 'dismissed'"
        rows = list(self.db.query(f"""
            WITH pairs AS (
                SELECT c.a, c.b FROM comparisons c
                JOIN claims ca ON ca.id = c.a JOIN claims cb ON cb.id = c.b
                JOIN articles aa ON aa.id = ca.article_id JOIN articles ab ON ab.id = cb.article_id
                LEFT JOIN reviews r ON r.comparison_id = c.id
                LEFT JOIN review_anchors ra ON ra.comparison_id = c.id
                WHERE c.verdict = 'conflict' AND {other_outlet} AND {not_dismissed}),
            conflicted AS (SELECT a AS claim FROM pairs UNION SELECT b FROM pairs)
            SELECT a.outlet, COUNT(DISTINCT a.id) AS articles, COUNT(cl.id) AS claims,
                   COUNT(x.claim) AS claims_in_conflict
            FROM articles a LEFT JOIN claims cl ON cl.article_id = a.id
            LEFT JOIN conflicted x ON x.claim = cl.id
            GROUP BY a.outlet ORDER BY claims_in_conflict DESC, claims DESC, a.outlet IS NULL, a.outlet"""))
        for row in rows:
            row["conflict_share"] = round(row["claims_in_conflict"] / row["claims"], 4) if row["claims"] else 0.0
        return rows

    def story_rows(self) -> list[dict[str, Any]]:
        """Each story: id, name, label, articles, outlets, first and last date, claims, conflicts."""
        return list(self.db.query("""
            SELECT s.id, s.name, s.label,
                   (SELECT COUNT(*) FROM articles a WHERE a.story = s.id) AS articles,
                   (SELECT COUNT(DISTINCT a.outlet) FROM articles a WHERE a.story = s.id) AS outlets,
                   (SELECT MIN(a.date) FROM articles a WHERE a.story = s.id) AS first_date,
                   (SELECT MAX(a.date) FROM articles a WHERE a.story = s.id) AS last_date,
                   (SELECT COUNT(*) FROM claims c JOIN articles a ON a.id = c.article_id
                    WHERE a.story = s.id) AS claims,
                   (SELECT COUNT(*) FROM comparisons c WHERE c.story = s.id AND c.verdict = 'conflict') AS conflicts
            FROM stories s ORDER BY conflicts DESC, articles DESC, s.label"""))

    def story_names(self) -> list[dict[str, Any]]:
        """Each story's id, name and label (what a person may call it by), without counts."""
        return [{"id": i, "name": name, "label": label}
                for i, name, label in self.db.execute("SELECT id, name, label FROM stories")]

    def copy_rows(self) -> list[dict[str, Any]]:
        """Each linked copy: article_id, path, copy_of, copy_of_path, kind, similarity."""
        return list(self.db.query(
            "SELECT c.article_id, a.path, c.copy_of, f.path AS copy_of_path, c.kind, c.similarity"
            " FROM copies c JOIN articles a ON a.id = c.article_id JOIN articles f ON f.id = c.copy_of"
            " ORDER BY a.path"))

    def copy_paths(self) -> dict[str, str]:
        """Each linked copy's path -> the path of the first article of its set."""
        return {row["path"]: row["copy_of_path"] for row in self.copy_rows()}

    def counts(self) -> dict[str, int]:
        return {t: self.db[t].count for t in ("articles", "claims", "comparisons")} | {
            "conflicts": self.db["comparisons"].count_where("verdict = 'conflict'")
        }

    # --- claims and comparisons ---------------------------------------------------------

    def claims(self, filters: Filters | None = None, *, source: str | None = None, search: str | None = None,
               story: str | None = None) -> list[Claim]:
        """The claims `filters` selects (source, outlet, search, dates, story, limit), by
        source and offset; the keywords narrow `filters` further."""
        return list(self.iter_claims(filters, source=source, search=search, story=story))

    def iter_claims(self, filters: Filters | None = None, *, story: str | None = None,
                    source: str | None = None, search: str | None = None) -> Iterator[Claim]:
        """claims() one at a time: exports and the report read every claim of a corpus,
        which need not fit in memory at once."""
        chosen = _narrowed(filters, story=story, source=source, search=search)
        where, params = _claim_where(chosen)
        for row in self.db["claims"].rows_where(" AND ".join(where) or None, params, order_by="source, start",
                                                limit=chosen.limit):
            yield _claim_from_row(row)

    def comparison_rows(self, *, verdicts: Iterable[str] | None = None, include_dismissed: bool = True,
                        story: str | None = None, min_confidence: float | None = None,
                        filters: Filters | None = None) -> list[dict[str, Any]]:
        """Comparison rows joined with both claims' quotes, sources and context."""
        return list(self.iter_comparison_rows(verdicts=verdicts, include_dismissed=include_dismissed,
                                              story=story, min_confidence=min_confidence, filters=filters))

    def iter_comparison_rows(self, *, verdicts: Iterable[str] | None = None, include_dismissed: bool = True,
                             story: str | None = None, min_confidence: float | None = None,
                             by_confidence: bool = False, per_group: int | None = None,
                             filters: Filters | None = None) -> Iterator[dict[str, Any]]:
        """comparison_rows one at a time, read from SQLite as they are written out: two
        articles with 2,000 claims each about one thing make millions of rows.

        `by_confidence` orders them most confident first (ties in source order), as SQLite
        sorts (spilling to disk, not memory). `per_group` keeps only the N most confident
        rows of each group, counting a reviewer's dismissed ones apart, so the report
        fetches what it draws and no more. `filters` narrows the rows (see Filters): its
        verdicts and story, when given, stand for `verdicts` and `story`; its limit applies
        after the ordering."""
        filters = filters or Filters()
        if filters.verdicts is not None:
            verdicts = filters.verdicts
        if filters.story is not None:
            story = filters.story
        sql = """
            SELECT c.id, c.a, c.b, c.verdict, c.reason, ca.quote AS quote_a, cb.quote AS quote_b,
                   ca.source AS source_a, cb.source AS source_b, c.group_id, c.cites,
                   ca.value AS value_a, cb.value AS value_b, ca.low AS low_a, ca.high AS high_a,
                   cb.low AS low_b, cb.high AS high_b, ca.place AS place_a, cb.place AS place_b,
                   ca.period AS period_a, cb.period AS period_b, aa.date AS date_a, ab.date AS date_b,
                   {REVIEW_SQL} AS review, r.note AS review_note, r.reviewed_at,
                   ca.unit_text AS unit_text_a, ca.unit AS unit_a, ca.predicate AS predicate_a,
                   ca.low_inclusive AS low_inclusive_a, ca.high_inclusive AS high_inclusive_a,
                   cb.low_inclusive AS low_inclusive_b, cb.high_inclusive AS high_inclusive_b,
                   ca.sentence AS sentence_a, cb.sentence AS sentence_b,
                   ca.attributed_to AS attributed_to_a, cb.attributed_to AS attributed_to_b,
                   aa.title AS title_a, ab.title AS title_b, c.story, c.confidence,
                   aa.outlet AS outlet_a, ab.outlet AS outlet_b, aa.url AS url_a, ab.url AS url_b
            FROM comparisons c
            JOIN claims ca ON ca.id = c.a JOIN claims cb ON cb.id = c.b
            JOIN articles aa ON aa.id = ca.article_id JOIN articles ab ON ab.id = cb.article_id
            LEFT JOIN reviews r ON r.comparison_id = c.id
            LEFT JOIN review_anchors ra ON ra.comparison_id = c.id
        """.replace("{REVIEW_SQL}", REVIEW_SQL)
        params: list[Any] = []
        where = []
        if verdicts is not None:
            verdicts = list(verdicts)
            where.append(f"c.verdict IN ({','.join('?' * len(verdicts))})")
            params = list(verdicts)
        if not include_dismissed:
            # A stale dismissal is shown again: the text it dismissed has changed.
            where.append(f"COALESCE({REVIEW_SQL}, '') != 'dismissed'")
        if story is not None:
            where.append("c.story = ?")
            params.append(story)
        if min_confidence is not None:
            where.append("c.confidence >= ?")
            params.append(min_confidence)
        if per_group is not None:
            # Ranked on comparisons and reviews alone, before the joins, so only the kept
            # rows are joined with their claims and articles.
            where.append(f"""c.id IN (SELECT id FROM (
                SELECT k.id, ROW_NUMBER() OVER (
                    PARTITION BY k.group_id, COALESCE(v.decision = 'dismissed', 0)
                    ORDER BY COALESCE(k.confidence, 0) DESC, k.id) AS n
                FROM comparisons k LEFT JOIN reviews v ON v.comparison_id = k.id
                {_rank_filter(verdicts, story)}) WHERE n <= ?)""")
            params += _rank_params(verdicts, story) + [per_group]
        narrowing, more = _comparison_where(filters)
        where += narrowing
        params += more
        if where:
            sql += " WHERE " + " AND ".join(where)
        order = " ORDER BY ca.source, ca.start, cb.source, cb.start"
        sql += " ORDER BY COALESCE(c.confidence, 0) DESC, ca.source, ca.start, cb.source, cb.start" \
            if by_confidence else order
        if filters.limit is not None:
            sql += " LIMIT ?"
            params.append(filters.limit)
        yield from self.db.query(sql, params)

    def iter_comparisons(self, *, verdicts: Iterable[str] | None = None, include_dismissed: bool = True,
                         story: str | None = None, min_confidence: float | None = None,
                         by_confidence: bool = False, per_group: int | None = None,
                         filters: Filters | None = None) -> Iterator[ComparisonView]:
        """iter_comparison_rows as ComparisonViews (the same options), one at a time."""
        return map(comparison_view, self.iter_comparison_rows(
            verdicts=verdicts, include_dismissed=include_dismissed, story=story, min_confidence=min_confidence,
            by_confidence=by_confidence, per_group=per_group, filters=filters))

    def iter_comparison_links(self, story: str | None = None) -> Iterator[tuple[str, str, str, str, str | None]]:
        """(group_id, a, b, verdict, review decision) of every comparison (of one story):
        what grouping needs, without the joined text, streamed."""
        sql = ("SELECT c.group_id, c.a, c.b, c.verdict, r.decision FROM comparisons c"
               " LEFT JOIN reviews r ON r.comparison_id = c.id")
        yield from self.db.execute(sql + " WHERE c.story = ?" if story else sql, [story] if story else [])


def _ambiguous(key: str, kind: str, found: list[str]) -> str:
    """The message for a prefix `key` that starts the `kind` ids `found` (up to 4 of them)."""
    if len(found) > 3:
        many, shown = "4 or more", ", ".join(found[:3]) + ", ..."
    else:
        many, shown = str(len(found)), ", ".join(found)
    return f"{key!r} starts {many} {kind} ids ({shown}); give more characters"


def _common_length(a: str, b: str | None) -> int:
    """How many leading characters `a` and `b` share (0 when there is no `b`)."""
    n = 0
    for x, y in zip(a, b or ""):
        if x != y:
            break
        n += 1
    return n


def shortest_prefix(full: str, before: str | None, after: str | None, *, minimum: int = SHORT_ID) -> str:
    """The shortest prefix of `full`, at least `minimum` long, that its neighbours in sorted
    order (`before`, `after`, or None) do not start with, as git shortens commit ids."""
    return full[:max(minimum, _common_length(full, before) + 1, _common_length(full, after) + 1)]


def _rank_filter(verdicts: Iterable[str] | None, story: str | None) -> str:
    """The WHERE clause of iter_comparison_rows' ranking subquery (see _rank_params)."""
    where = ["1"]
    if verdicts is not None:
        where.append(f"k.verdict IN ({','.join('?' * len(list(verdicts)))})")
    if story is not None:
        where.append("k.story = ?")
    return "WHERE " + " AND ".join(where)


def _rank_params(verdicts: Iterable[str] | None, story: str | None) -> list[Any]:
    return [*(verdicts or [])] + ([story] if story is not None else [])


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(text: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') for `text` anywhere, taken literally."""
    return f"%{_escape_like(text)}%"


_LIKE = "LIKE ? ESCAPE '\\'"


def _dated(article: str, filters: Filters) -> tuple[str, list[Any]]:
    """SQL true when the article (table alias `article`) is dated in filters' since-until."""
    where, params = [f"{article}.date IS NOT NULL"], []
    # The first ten characters, so a date stored with a time of day still compares as its day.
    if filters.since:
        where.append(f"substr({article}.date, 1, 10) >= ?")
        params.append(filters.since)
    if filters.until:
        where.append(f"substr({article}.date, 1, 10) <= ?")
        params.append(filters.until)
    return "(" + " AND ".join(where) + ")", params


def _claim_where(filters: Filters) -> tuple[list[str], list[Any]]:
    """WHERE conditions (and their parameters) on the claims table for `filters`."""
    where: list[str] = []
    params: list[Any] = []
    if filters.story:
        where.append("article_id IN (SELECT id FROM articles WHERE story = ?)")
        params.append(filters.story)
    if filters.source:
        where.append(f"source {_LIKE}")
        params.append(_like(filters.source))
    if filters.search:
        where.append(f"(quote {_LIKE} OR sentence {_LIKE})")
        params += [_like(filters.search)] * 2
    if filters.outlet:
        where.append(f"article_id IN (SELECT id FROM articles WHERE outlet {_LIKE})")
        params.append(_like(filters.outlet))
    if filters.since or filters.until:
        dated, more = _dated("articles", filters)
        where.append(f"article_id IN (SELECT id FROM articles WHERE {dated})")
        params += more
    return where, params


def _comparison_where(filters: Filters) -> tuple[list[str], list[Any]]:
    """WHERE conditions on iter_comparison_rows' join (claims ca, cb; articles aa, ab) for
    the claim fields of `filters`: each holds when it holds for either side."""
    where: list[str] = []
    params: list[Any] = []
    if filters.source:
        where.append(f"(ca.source {_LIKE} OR cb.source {_LIKE})")
        params += [_like(filters.source)] * 2
    if filters.outlet:
        where.append(f"(aa.outlet {_LIKE} OR ab.outlet {_LIKE})")
        params += [_like(filters.outlet)] * 2
    if filters.search:
        where.append(f"(ca.quote {_LIKE} OR ca.sentence {_LIKE} OR cb.quote {_LIKE} OR cb.sentence {_LIKE})")
        params += [_like(filters.search)] * 4
    if filters.since or filters.until:
        (a, more_a), (b, more_b) = _dated("aa", filters), _dated("ab", filters)
        where.append(f"({a} OR {b})")
        params += more_a + more_b
    return where, params


def comparison_view(row: Mapping[str, Any]) -> ComparisonView:
    """A comparison row of iter_comparison_rows as the typed value every reader takes:
    the one place that reads a side's columns by their _a and _b names."""
    def side(name: str) -> ComparisonSide:
        values = {field: row[f"{field}_{name}"] for field in SIDE_FIELDS}
        for field in CLAIM_BOOLS:
            values[field] = bool(values[field])  # stored as 0/1
        return ComparisonSide(claim_id=row[name], **values)

    a, b = side("a"), side("b")
    return ComparisonView(id=row["id"], a=a, b=b, verdict=row["verdict"], reason=row["reason"],
                          confidence=row["confidence"], group_id=row["group_id"], cites=row["cites"],
                          story=row["story"], review=row["review"], review_note=row["review_note"],
                          reviewed_at=row["reviewed_at"])


def _claim_from_row(row: dict[str, Any]) -> Claim:
    """A Claim from its claims row: its context from the facts JSON, booleans from 0/1."""
    row = dict(row)
    row["context"] = ClaimContext.from_facts(json.loads(row.pop(CONTEXT_COLUMN) or "{}"))
    for name in CLAIM_BOOLS:
        row[name] = bool(row[name])
    return Claim(**row)


def claim_export_row(claim: Claim) -> dict[str, Any]:
    """A claim as exported: the contract's fields, without its context (internal)."""
    row = claim.row()
    row.pop("context")
    return row
