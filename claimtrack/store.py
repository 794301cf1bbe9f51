"""The SQLite store: one file, tables articles / claims / comparisons / reviews.

This is the only module that imports sqlite-utils. The schema carries a version
in `PRAGMA user_version`; a newer database or a file that is not claimtrack's
is refused before anything is written to it.

Reading commands open the file read-only (`Store(path, readonly=True)`), so a database
on a read-only mount or a shared drive the user can read but not write is readable:
SQLite's `mode=ro`, plus `immutable=1` when the file is a WAL database with no -shm
index beside it in a folder this user cannot write (SQLite would have to create the
index; with no -shm no claimtrack is writing it, and a -wal file holding writes is
never ignored: that is refused with a message instead). A read-only open never
creates or migrates anything. A database from an older claimtrack is upgraded by the
first command that can write it, reading ones included (they open it for writing
just for that); where it cannot be written, a reading command refuses it in one line
saying to run claimtrack once with write access.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sqlite3
import stat
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, datetime, timezone
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.db import jsonify_if_needed

from .errors import AmbiguousId, BadFilter, StoreError, UnknownId
from .model import VERDICTS, Article, Claim, Comparison

# 1: articles, claims, comparisons, reviews. 2: + meta (comparisons_stale flag).
# 3: + copies and fingerprints (duplicate articles), the conflicts view, full-text search.
# 4: + inputs (the sha256 of each single-article file's bytes).
# 5: + stories and story_pins; articles.story / story_name; comparisons.story / confidence.
# 6: + articles.origin / origin_row (which input may replace an article); review_anchors
#    (what each review saw: both quotes, sentences and values, to re-anchor it or mark it stale).
SCHEMA_VERSION = 6
DEFAULT_DB = Path("data") / "claimtrack.db"
_CLAIM_BOOLS = ("low_inclusive", "high_inclusive")
#: Full-text search (SQLite FTS5 through sqlite-utils, kept current by triggers), as
#: Datasette shows it: a search box on each of these tables.
SEARCHABLE = {
    "articles": ["title", "text", "outlet", "author"],
    "claims": ["quote", "sentence", "unit_text", "predicate", "place", "period", "attributed_to"],
}
#: A review as shown: "stale" when either claim's text (or the verdict) changed since the
#: person reviewed it, so it needs a new look and is never published as it was.
REVIEW_SQL = "CASE WHEN ra.stale THEN 'stale' ELSE r.decision END"
#: The conflicts view: each conflict with both quotes, sources and its review.
CONFLICTS_VIEW = """
SELECT c.id, c.reason, c.confidence, c.story, ca.quote AS quote_a, cb.quote AS quote_b,
       aa.path AS source_a, ab.path AS source_b, aa.outlet AS outlet_a, ab.outlet AS outlet_b,
       aa.date AS date_a, ab.date AS date_b, aa.url AS url_a, ab.url AS url_b,
       ca.sentence AS sentence_a, cb.sentence AS sentence_b, c.group_id,
       {review} AS review, r.note AS review_note, c.a, c.b
FROM comparisons c
JOIN claims ca ON ca.id = c.a JOIN claims cb ON cb.id = c.b
JOIN articles aa ON aa.id = ca.article_id JOIN articles ab ON ab.id = cb.article_id
LEFT JOIN reviews r ON r.comparison_id = c.id LEFT JOIN review_anchors ra ON ra.comparison_id = c.id
WHERE c.verdict = 'conflict'
""".strip().replace("{review}", REVIEW_SQL)
#: What a review saw of each side (a, b): kept to re-anchor it when offsets move and to
#: tell when the reviewed text changed.
_ANCHOR_FIELDS = ("article", "claim", "quote", "sentence", "start", "end", "value", "low", "high")


@dataclass(frozen=True)
class Forgotten:
    """An article Store.forget removed: how many of its claims and comparisons went with
    it, and how many reviews of those comparisons stay for its return."""

    id: str
    path: str
    claims: int
    comparisons: int
    reviews: int


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


def default_db_path() -> str:
    # A string, not a Path: Path drops a trailing slash, which Store refuses.
    return os.environ.get("CLAIMTRACK_DB") or str(DEFAULT_DB)


def _check_db_path(path: str | Path) -> Path:
    """`path` as a Path if it names a regular file or nothing yet, else StoreError.

    SQLite would open a device such as /dev/null and put its journal beside it
    (/dev/null-journal), and Path would turn "newdir/" into a file named newdir.
    """
    text = os.fspath(path)
    try:
        mode: int | None = os.stat(text).st_mode
    except OSError:
        mode = None  # missing (then created), or an error sqlite3 reports as it opens it
    if mode is not None and stat.S_ISDIR(mode):
        raise StoreError(f"database path {text} is a folder, not a file")
    if text.endswith(tuple(sep for sep in (os.sep, os.altsep) if sep)):
        raise StoreError(f"database path {text} ends in a folder separator: name a file,"
                         f" e.g. {os.path.join(text, DEFAULT_DB.name)}")
    if mode is not None and not stat.S_ISREG(mode):
        raise StoreError(f"database path {text} is not a regular file (a device, FIFO or socket): name a file")
    return Path(text)


class Store:
    """claimtrack's database: articles, their claims, comparisons and reviews."""

    def __init__(self, path: str | Path, *, create: bool = True, readonly: bool = False) -> None:
        """Open the database at `path`, creating it (unless not `create`) and bringing an
        older schema up to date. With `readonly` the file must exist and is opened for
        reading only (see the module docstring); writing through it raises StoreError."""
        self.path = _check_db_path(path)
        self.readonly = readonly
        # Whether this Store makes the file: a run that then stores nothing removes it again
        # (discard_if_new_and_empty), so "ingest typo/" leaves no empty database behind.
        self.created = not self.path.exists()
        if not self.path.exists():
            if not create or readonly:
                raise StoreError(f"no database at {self.path} (run claimtrack ingest first)")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"cannot create folder for {self.path}: {error.strerror}") from None
        if readonly:
            self._open_readonly()
            return
        try:
            connection = sqlite3.connect(str(self.path), timeout=30)
            self.db = sqlite_utils.Database(connection)
            self._check_and_migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(_describe(error, self.path)) from None

    def _open_readonly(self) -> None:
        version, empty = self._connect_readonly()
        if version == SCHEMA_VERSION:
            return
        # An older schema (or an empty file): the reading code needs today's tables, so the
        # file is upgraded as any command upgrades it, through a writing connection used
        # for that alone, then read as usual.
        self.db.conn.close()
        try:
            Store(self.path, create=False).db.conn.close()
        except StoreError:
            denied = _unwritable(self.path)
            if denied is None:
                raise  # locked, full: the writing connection's own message
            what = (f"{self.path} is empty, not yet a claimtrack database" if empty
                    else f"{self.path} was written by an older claimtrack (schema {version}, this one reads"
                         f" {SCHEMA_VERSION})")
            raise StoreError(f"{what}, and {denied} cannot be written here to upgrade it: run claimtrack"
                             " ingest (or any claimtrack command) on it once with write access") from None
        self._connect_readonly()

    def _connect_readonly(self) -> tuple[int, bool]:
        """Connect for reading only: (the file's schema version, whether it has no tables);
        StoreError for a file that is refused or cannot be opened."""
        try:
            self.db = sqlite_utils.Database(sqlite3.connect(_readonly_uri(self.path), uri=True, timeout=30))
            return self._check_version(), not self.db.table_names()
        except sqlite3.DatabaseError as error:
            raise StoreError(_describe_readonly(error, self.path)) from None

    def discard_if_new_and_empty(self) -> bool:
        """Remove the database (and SQLite's files beside it) when this Store created it and
        it holds no article; True when removed."""
        if not self.created or self.db.execute("SELECT 1 FROM articles LIMIT 1").fetchone():
            return False
        self.db.conn.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        return True

    # --- schema ---------------------------------------------------------------

    def _check_and_migrate(self) -> None:
        version = self._check_version()
        if version < SCHEMA_VERSION:
            # Check again and create inside one write transaction, so a second process
            # opening the same new file waits for the tables instead of seeing half of them.
            conn = self.db.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                version = self._check_version()
                if version < SCHEMA_VERSION:
                    self._create_schema(upgrading=bool(set(self.db.table_names())), version=version)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        self.db.execute("PRAGMA foreign_keys = ON")
        if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            try:
                self.db.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError:
                pass  # a read-only file or folder cannot switch modes; reads still work

    def _check_version(self) -> int:
        """The file's schema version, refusing newer and foreign databases."""
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        tables = set(self.db.table_names())
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer claimtrack (schema {version}, this one reads "
                f"{SCHEMA_VERSION}): upgrade claimtrack"
            )
        if version == 0 and tables and not {"articles", "claims"} <= tables:
            raise StoreError(f"{self.path} is an SQLite database but not a claimtrack database")
        return version

    def _create_schema(self, *, upgrading: bool, version: int = 0) -> None:
        """Create what is missing (every step is idempotent), then stamp the version.
        Runs inside the caller's transaction."""
        self.db["articles"].create(
            {"id": str, "path": str, "title": str, "date": str, "outlet": str, "author": str,
             "url": str, "text": str, "sha256": str, "story_name": str, "story": str, "origin": str,
             "origin_row": int},
            pk="id", not_null={"path", "text", "sha256"}, if_not_exists=True,
        )
        self.db["claims"].create(
            {"id": str, "article_id": str, "source": str, "sentence": str, "quote": str,
             "start": int, "end": int, "value": float, "low": float, "high": float,
             "low_inclusive": int, "high_inclusive": int, "qualifier": str, "change": str,
             "kind": str, "unit": str, "unit_text": str, "rate": str, "predicate": str,
             "place": str, "period": str, "attributed_to": str, "facts": str},
            pk="id", foreign_keys=[("article_id", "articles", "id")], if_not_exists=True,
        )
        self.db["comparisons"].create(
            {"id": str, "a": str, "b": str, "verdict": str, "reason": str, "group_id": str,
             "cites": str, "story": str, "confidence": float},
            pk="id", foreign_keys=[("a", "claims", "id"), ("b", "claims", "id")],
            if_not_exists=True,
        )
        # Reviews are keyed by comparison id (hashed from the two claim ids, which
        # come from paths and offsets), so they survive re-ingest of unchanged text.
        self.db["reviews"].create(
            {"comparison_id": str, "decision": str, "note": str, "reviewed_at": str},
            pk="comparison_id", if_not_exists=True,
        )
        # What each review saw (schema 6), one row per review: for side a and b the article,
        # claim, quote, sentence, offsets and values; the verdict; and whether any of it has
        # changed since (stale). Beside `reviews`, not in it, so its four columns stay as they were.
        self.db["review_anchors"].create(
            {"comparison_id": str, "verdict": str, "stale": int,
             **{f"{name}_{side}": (int if name in ("start", "end") else float if name in ("value", "low", "high")
                                   else str) for side in "ab" for name in _ANCHOR_FIELDS}},
            pk="comparison_id", if_not_exists=True,
        )
        self.db["meta"].create({"key": str, "value": str}, pk="key", if_not_exists=True)
        # Articles with the same or nearly the same text: each is linked to the first of
        # its set (`copy_of`), `kind` identical (same text) or near.
        self.db["copies"].create(
            {"article_id": str, "copy_of": str, "kind": str, "similarity": float},
            pk="article_id", foreign_keys=[("article_id", "articles", "id"), ("copy_of", "articles", "id")],
            if_not_exists=True,
        )
        # A MinHash signature of each article's text, kept so linking copies does not
        # re-read every article; deleted with the article's old version when it changes.
        self.db["fingerprints"].create(
            {"article_id": str, "minhash": bytes}, pk="article_id",
            foreign_keys=[("article_id", "articles", "id")], if_not_exists=True,
        )
        # The sha256 of each single-article file's bytes when it was last stored: an
        # unchanged file is then known without decoding or parsing it (schema 4).
        self.db["inputs"].create({"path": str, "sha256": str}, pk="path", if_not_exists=True)
        # Stories (schema 5): each article's story is found on ingest (articles.story);
        # `story_pins` keeps a person's decisions (stories --move/--merge, ingest --story),
        # which win over detection and survive re-ingest, as reviews do.
        self.db["stories"].create({"id": str, "name": str, "label": str}, pk="id", if_not_exists=True)
        self.db["story_pins"].create({"article_id": str, "name": str}, pk="article_id", if_not_exists=True)
        for table, column, kind in (("articles", "story_name", str), ("articles", "story", str),
                                    ("comparisons", "story", str), ("comparisons", "confidence", float),
                                    ("articles", "origin", str), ("articles", "origin_row", int)):
            if column not in self.db[table].columns_dict:
                self.db[table].add_column(column, kind)
        self.db.create_view("conflicts", CONFLICTS_VIEW, replace=True)
        for table, columns in SEARCHABLE.items():
            _create_search(self.db, table, columns)
        if upgrading:
            # Comparisons written by an older claimtrack are redone by the next ingest.
            self.db["meta"].upsert({"key": "comparisons_stale", "value": "1"}, pk="key")
        if upgrading and version < 6:
            # Before schema 6 a JSONL/CSV row could overwrite a file's article (its id being
            # the file's path) while the file's byte hash stayed: the paths in `inputs` were
            # files, so that is their origin, and their byte hashes are dropped, so the next
            # ingest reads each file once and puts back any text a row had replaced.
            self.db.execute("UPDATE articles SET origin = path, origin_row = NULL"
                            " WHERE origin IS NULL AND path IN (SELECT path FROM inputs)")
            self.db.execute("DELETE FROM inputs")
        self.db["articles"].create_index(["path"], unique=True, if_not_exists=True)
        self.db["claims"].create_index(["article_id"], if_not_exists=True)
        self.db["claims"].create_index(["unit"], if_not_exists=True)
        self.db["comparisons"].create_index(["a"], if_not_exists=True)
        self.db["comparisons"].create_index(["b"], if_not_exists=True)
        self.db["comparisons"].create_index(["verdict"], if_not_exists=True)
        self.db["comparisons"].create_index(["story"], if_not_exists=True)
        self.db["articles"].create_index(["story"], if_not_exists=True)
        self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # --- writes -----------------------------------------------------------------

    def holder(self, path: str) -> tuple[str, str | None, int | None] | None:
        """(sha256, origin, origin_row) of the article stored under `path`, if any."""
        row = self.db.execute("SELECT sha256, origin, origin_row FROM articles WHERE path = ?", [path]).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def input_names(self) -> list[str]:
        """The names of the files articles were read from, as first stored: each file's own
        article's path, and each JSONL/CSV file a row came from (standard input aside)."""
        return list(dict.fromkeys(row[0] for row in self.db.execute(
            "SELECT CASE WHEN origin_row IS NULL THEN path ELSE origin END FROM articles"
            " WHERE (origin = path AND origin_row IS NULL) OR (origin_row IS NOT NULL AND origin != '-')"
            " ORDER BY rowid")))

    def save_article(self, article: Article, claims: Iterable[Claim]) -> None:
        """Store an article with its claims, replacing what it had, in one transaction."""
        self.save_articles([(article, list(claims))])

    def input_hash(self, path: str) -> str | None:
        """The sha256 of the bytes of the file `path` when its article was last stored, if
        that article's text still came from the file itself (not from another input)."""
        row = self.db.execute(
            "SELECT i.sha256 FROM inputs i JOIN articles a ON a.path = i.path"
            " WHERE i.path = ? AND a.origin = i.path AND a.origin_row IS NULL", [path]).fetchone()
        return row[0] if row else None

    def save_inputs(self, hashes: Mapping[str, str],
                    origins: Iterable[tuple[str, str, int | None]] = ()) -> None:
        """Record files' byte hashes (path -> sha256) for articles stored as they are, and
        the origin (path, origin, origin_row) of unchanged articles stored without one (by
        a claimtrack before schema 6) or under another (a file's name once taken by a row)."""
        origins = list(origins)
        if hashes or origins:
            with self._writing():
                self.db.conn.executemany(
                    "UPDATE articles SET origin = ?, origin_row = ? WHERE path = ?",
                    [(origin, row, path) for path, origin, row in origins])
                self._put_inputs(hashes)

    def _put_inputs(self, hashes: Mapping[str, str]) -> None:
        self.db.conn.executemany("INSERT OR REPLACE INTO inputs (path, sha256) VALUES (?, ?)", hashes.items())

    def save_articles(self, batch: Iterable[tuple[Article, list[Claim]]],
                      inputs: Mapping[str, str] | None = None) -> None:
        """Store whole articles with their claims in one transaction, and mark the
        comparisons stale in it too: a run killed before comparing leaves the flag set,
        so the next ingest compares even if every article is then unchanged. `inputs`
        (path -> sha256 of the file's bytes) are recorded in the same transaction, so
        a file is never taken as stored unless its article is."""
        with self._writing():
            if inputs:
                self._put_inputs(inputs)
            for article, claims in batch:
                old = [r[0] for r in self.db.execute("SELECT id FROM claims WHERE article_id = ?", [article.id])]
                if old:
                    marks = ",".join("?" * len(old))
                    self.db.execute(f"DELETE FROM comparisons WHERE a IN ({marks}) OR b IN ({marks})", old + old)
                    self.db.execute("DELETE FROM claims WHERE article_id = ?", [article.id])
                self.db.execute("DELETE FROM fingerprints WHERE article_id = ?", [article.id])
                # Plain SQL, not sqlite-utils' upsert/insert_all: the same statements, without
                # their per-call introspection and per-value conversion, which cost more than
                # the writes themselves (ingest does this while the workers extract).
                self.db.conn.execute(_UPSERT_ARTICLE, _row_values(article, _ARTICLE_COLUMNS))
                if claims:
                    self.db.conn.executemany(_INSERT_CLAIM, [_claim_values(c) for c in claims])
            self.db["meta"].upsert({"key": "comparisons_stale", "value": "1"}, pk="key")

    def comparisons_stale(self) -> bool:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'comparisons_stale'").fetchone()
        return bool(row and row[0] == "1")

    def replace_comparisons(self, comparisons: Iterable[Comparison]) -> int:
        """Replace every comparison row with `comparisons` (streamed, never all in memory);
        returns how many were written."""
        written = 0

        def rows() -> Iterator[tuple[Any, ...]]:
            nonlocal written
            for c in comparisons:
                written += 1
                yield c.id, c.a, c.b, c.verdict, c.reason, c.group_id, c.cites, c.story, c.confidence

        with self._writing():
            # Hand-written rather than insert_all: a corpus has hundreds of thousands of
            # comparisons, and plain executemany with the secondary indexes dropped and
            # rebuilt once writes them about three times faster than row-by-row updates.
            indexes = [(row[0], row[1]) for row in self.db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'comparisons'"
                " AND sql IS NOT NULL")]
            for name, _ in indexes:
                self.db.execute(f"DROP INDEX [{name}]")
            self.db.execute("DELETE FROM comparisons")
            self.db.conn.executemany(
                "INSERT INTO comparisons (id, a, b, verdict, reason, group_id, cites, story, confidence)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows())
            for _, sql in indexes:
                self.db.execute(sql)
            # In the same transaction: no reader ever sees new comparisons with reviews
            # still bound to the old ones.
            self._reanchor_reviews()
            self.db["meta"].upsert({"key": "comparisons_stale", "value": "0"}, pk="key")
        return written

    def _reanchor_reviews(self) -> None:
        """Bind each review to the comparison of the claims it saw, found by quote and
        sentence (offsets move when text is added above a claim), and mark it stale when
        either claim's quote, sentence or values, or the verdict, differ from what the
        person reviewed. A review whose claims are gone is kept, unbound, in case they return."""
        reviews = list(self.db.execute(
            "SELECT r.comparison_id, ra.comparison_id IS NOT NULL FROM reviews r"
            " LEFT JOIN review_anchors ra ON ra.comparison_id = r.comparison_id"))
        for comparison_id, anchored in reviews:
            if not anchored:
                # A review from before schema 6: what it saw is taken to be the text now.
                if self._comparison(comparison_id) is not None:
                    self._put_anchor(comparison_id)
                continue
            cursor = self.db.execute("SELECT * FROM review_anchors WHERE comparison_id = ?", [comparison_id])
            saw = dict(zip([d[0] for d in cursor.description], cursor.fetchone()))
            x, y = (_anchor(self._article_claims(saw[f"article_{side}"]), saw, side) for side in "ab")
            if x is None or y is None:
                continue
            found = self.db.execute(
                "SELECT id, verdict FROM comparisons WHERE (a = ? AND b = ?) OR (a = ? AND b = ?)",
                [x["id"], y["id"], y["id"], x["id"]]).fetchone()
            if found is None:
                continue
            new_id, verdict = found
            stale = int(verdict != saw["verdict"] or _changed(x, saw, "a") or _changed(y, saw, "b"))
            if new_id != comparison_id:
                if self.db.execute("SELECT 1 FROM reviews WHERE comparison_id = ?", [new_id]).fetchone():
                    continue  # a newer review of the comparison now there wins; this one stays unbound
                self.db.execute("UPDATE reviews SET comparison_id = ? WHERE comparison_id = ?", [new_id, comparison_id])
            # The claims' new places, so the next edit re-anchors from here; what was seen stays.
            self.db.execute(
                "UPDATE review_anchors SET comparison_id = ?, stale = ?, claim_a = ?, start_a = ?, end_a = ?,"
                " claim_b = ?, start_b = ?, end_b = ? WHERE comparison_id = ?",
                [new_id, stale, x["id"], x["start"], x["end"], y["id"], y["start"], y["end"], comparison_id])

    def _comparison(self, comparison_id: str) -> tuple[str, str, str] | None:
        row = self.db.execute("SELECT a, b, verdict FROM comparisons WHERE id = ?", [comparison_id]).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def _article_claims(self, article: str | None) -> list[dict[str, Any]]:
        cursor = self.db.execute("SELECT id, quote, sentence, start, [end], value, low, high FROM claims"
                                 " WHERE article_id = ?", [article])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def _put_anchor(self, comparison_id: str) -> None:
        """Record what the comparison's two claims say now as what its review saw."""
        found = self._comparison(comparison_id)
        if found is None:
            return
        a, b, verdict = found
        row: dict[str, Any] = {"comparison_id": comparison_id, "verdict": verdict, "stale": 0}
        for side, claim_id in (("a", a), ("b", b)):
            claim = self.db.execute("SELECT article_id, id, quote, sentence, start, [end], value, low, high"
                                    " FROM claims WHERE id = ?", [claim_id]).fetchone()
            row.update({f"{name}_{side}": value for name, value in zip(_ANCHOR_FIELDS, claim)})
        self.db["review_anchors"].upsert(row, pk="comparison_id")

    def unfingerprinted(self) -> list[str]:
        """Ids of the articles whose text has no fingerprint yet."""
        return [row[0] for row in self.db.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM fingerprints) ORDER BY path")]

    def texts(self, ids: list[str]) -> list[tuple[str, str]]:
        """(id, text) of the articles `ids`."""
        marks = ",".join("?" * len(ids))
        return list(self.db.execute(f"SELECT id, text FROM articles WHERE id IN ({marks})", ids))

    def save_fingerprints(self, fingerprints: Iterable[tuple[str, bytes]]) -> None:
        with self._writing():
            self.db["fingerprints"].upsert_all(
                ({"article_id": i, "minhash": f} for i, f in fingerprints), pk="article_id")

    def fingerprints(self) -> Iterator[tuple[str, str, str | None, str, bytes]]:
        """(id, path, date, sha256, minhash) of every fingerprinted article, by path."""
        yield from self.db.execute(
            "SELECT a.id, a.path, a.date, a.sha256, f.minhash FROM articles a"
            " JOIN fingerprints f ON f.article_id = a.id ORDER BY a.path")

    def replace_copies(self, links: Iterable[dict[str, Any]]) -> None:
        """Replace the copy links (article_id, copy_of, kind, similarity)."""
        rows = list(links)
        with self._writing():
            self.db.execute("DELETE FROM copies")
            if rows:
                self.db["copies"].insert_all(rows, pk="article_id")

    def copy_rows(self) -> list[dict[str, Any]]:
        """Each linked copy: article_id, path, copy_of, copy_of_path, kind, similarity."""
        cursor = self.db.execute(
            "SELECT c.article_id, a.path, c.copy_of, f.path AS copy_of_path, c.kind, c.similarity"
            " FROM copies c JOIN articles a ON a.id = c.article_id JOIN articles f ON f.id = c.copy_of"
            " ORDER BY a.path")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def copy_paths(self) -> dict[str, str]:
        """Each linked copy's path -> the path of the first article of its set."""
        return {row["path"]: row["copy_of_path"] for row in self.copy_rows()}

    def article_sources(self) -> dict[str, tuple[str | None, str | None, str | None]]:
        """Article id -> (outlet, title, date)."""
        return {row[0]: tuple(row[1:]) for row in self.db.execute("SELECT id, outlet, title, date FROM articles")}

    def article_hashes(self) -> dict[str, str]:
        return {row[0]: row[1] for row in self.db.execute("SELECT id, sha256 FROM articles")}

    # --- stories ----------------------------------------------------------------

    def story_members(self) -> list[Any]:
        """What story detection reads of every article (see stories.Member)."""
        from .stories import Member

        return [Member(*row) for row in self.db.execute(
            "SELECT a.id, a.path, a.text, COALESCE(p.name, a.story_name) FROM articles a"
            " LEFT JOIN story_pins p ON p.article_id = a.id ORDER BY a.path")]

    def save_stories(self, stories: Iterable[Any]) -> None:
        """Replace the stories and every article's story with `stories` (stories.Story)."""
        stories = list(stories)
        with self._writing():
            self.db.execute("DELETE FROM stories")
            self.db.conn.executemany("INSERT INTO stories (id, name, label) VALUES (?, ?, ?)",
                                     [(s.id, s.name, s.label) for s in stories])
            self.db.conn.executemany("UPDATE articles SET story = ? WHERE id = ?",
                                     [(s.id, a) for s in stories for a in s.article_ids])

    def article_stories(self) -> dict[str, str | None]:
        """Article id -> story id."""
        return {row[0]: row[1] for row in self.db.execute("SELECT id, story FROM articles")}

    def pin_articles(self, article_ids: Iterable[str], name: str) -> None:
        """A person's decision: these articles are in the story named `name`. The
        comparisons are redone by the next ingest (or at once, see ingest.restory)."""
        with self._writing():
            self.db.conn.executemany("INSERT OR REPLACE INTO story_pins (article_id, name) VALUES (?, ?)",
                                     [(i, name) for i in article_ids])
            self.db["meta"].upsert({"key": "comparisons_stale", "value": "1"}, pk="key")

    def story_rows(self) -> list[dict[str, Any]]:
        """Each story: id, name, label, articles, outlets, first and last date, claims, conflicts."""
        cursor = self.db.execute("""
            SELECT s.id, s.name, s.label,
                   (SELECT COUNT(*) FROM articles a WHERE a.story = s.id) AS articles,
                   (SELECT COUNT(DISTINCT a.outlet) FROM articles a WHERE a.story = s.id) AS outlets,
                   (SELECT MIN(a.date) FROM articles a WHERE a.story = s.id) AS first_date,
                   (SELECT MAX(a.date) FROM articles a WHERE a.story = s.id) AS last_date,
                   (SELECT COUNT(*) FROM claims c JOIN articles a ON a.id = c.article_id
                    WHERE a.story = s.id) AS claims,
                   (SELECT COUNT(*) FROM comparisons c WHERE c.story = s.id AND c.verdict = 'conflict') AS conflicts
            FROM stories s ORDER BY conflicts DESC, articles DESC, s.label""")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def story_names(self) -> list[dict[str, Any]]:
        """Each story's id, name and label (what a person may call it by), without counts."""
        return [{"id": i, "name": name, "label": label}
                for i, name, label in self.db.execute("SELECT id, name, label FROM stories")]

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

    def story_articles(self, story_id: str) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT id FROM articles WHERE story = ?", [story_id])]

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

    def article_rows(self) -> list[dict[str, Any]]:
        """Each article: id, path, title, date, outlet, story (id), story_name (its name, else
        its label) and claims (how many), by path."""
        cursor = self.db.execute("""
            SELECT a.id, a.path, a.title, a.date, a.outlet, a.story, COALESCE(s.name, s.label) AS story_name,
                   (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id) AS claims
            FROM articles a LEFT JOIN stories s ON s.id = a.story ORDER BY a.path""")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def outlet_rows(self) -> list[dict[str, Any]]:
        """Each outlet (None: the articles with no outlet known): articles, claims, how many
        of those claims are in conflict with a claim of another outlet's article (a
        conflict a person dismissed does not count), and that share of its claims (0-1).
        Most claims in conflict first."""
        other_outlet = "COALESCE(aa.outlet, '') != COALESCE(ab.outlet, '')"
        not_dismissed = f"COALESCE({REVIEW_SQL}, '') != 'dismissed'"
        cursor = self.db.execute(f"""
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
            GROUP BY a.outlet ORDER BY claims_in_conflict DESC, claims DESC, a.outlet IS NULL, a.outlet""")
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row)) for row in cursor]
        for row in rows:
            row["conflict_share"] = round(row["claims_in_conflict"] / row["claims"], 4) if row["claims"] else 0.0
        return rows

    def forget(self, keys: Iterable[str]) -> list[Forgotten]:
        """Remove the articles `keys` name (see find_article) with their claims, comparisons,
        copy links and file hashes, in one transaction; every key is resolved first, so an
        unknown one removes nothing. Reviews (and story pins) are a person's work and stay:
        ingesting the file again brings its article back and re-attaches them (see
        _reanchor_reviews). A story left without articles goes."""
        ids = list(dict.fromkeys(self.find_article(key) for key in keys))
        forgotten = []
        with self._writing():
            relink = False
            for article in ids:
                path = self.db.execute("SELECT path FROM articles WHERE id = ?", [article]).fetchone()[0]
                mine = "SELECT id FROM claims WHERE article_id = ?"
                comparisons = self.db.execute(f"DELETE FROM comparisons WHERE a IN ({mine}) OR b IN ({mine})",
                                              [article, article]).rowcount
                claims = self.db.execute("DELETE FROM claims WHERE article_id = ?", [article]).rowcount
                reviews = self.db.execute("SELECT COUNT(*) FROM review_anchors WHERE article_a = ? OR article_b = ?",
                                          [article, article]).fetchone()[0]
                relink |= self.db.execute("DELETE FROM copies WHERE article_id = ? OR copy_of = ?",
                                          [article, article]).rowcount > 0
                self.db.execute("DELETE FROM fingerprints WHERE article_id = ?", [article])
                self.db.execute("DELETE FROM inputs WHERE path = ?", [path])
                self.db.execute("DELETE FROM articles WHERE id = ?", [article])
                forgotten.append(Forgotten(article, path, claims, comparisons, reviews))
            self.db.execute("DELETE FROM stories WHERE id NOT IN (SELECT story FROM articles WHERE story IS NOT NULL)")
            if relink:
                # The copies of a removed article may still copy one another: linked again from
                # the fingerprints left, as ingest links them.
                from .copies import link_copies

                links = link_copies(self.fingerprints())
                self.db.execute("DELETE FROM copies")
                self.db.conn.executemany(
                    "INSERT INTO copies (article_id, copy_of, kind, similarity) VALUES (?, ?, ?, ?)",
                    [(c["article_id"], c["copy_of"], c["kind"], c["similarity"]) for c in links])
        return forgotten

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

    def review(self, comparison_id: str, decision: str, note: str | None = None) -> str:
        """Record a person's decision on a comparison (kept across re-ingest and upgrades);
        `comparison_id` may be any unique prefix of the id (see resolve_id). Returns the full id."""
        if decision not in ("confirmed", "dismissed"):
            raise ValueError(f"unknown decision {decision!r}")
        comparison_id = self.resolve_id("comparison", comparison_id)
        with self._writing():
            self.db["reviews"].upsert(
                {"comparison_id": comparison_id, "decision": decision, "note": note,
                 "reviewed_at": datetime.now(timezone.utc).isoformat(timespec="seconds")},
                pk="comparison_id",
            )
            # Bound to what the person saw: both quotes, sentences and values (see _reanchor_reviews).
            self._put_anchor(comparison_id)
        return comparison_id

    def _writing(self) -> Any:
        return _Transaction(self)

    # --- reads --------------------------------------------------------------------

    def articles(self) -> Iterator[Article]:
        for row in self.db["articles"].rows_where(order_by="path"):
            yield Article(**row)

    def article_paths(self) -> dict[str, str]:
        return {row[0]: row[1] for row in self.db.execute("SELECT id, path FROM articles")}

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
        cursor = self.db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(names, row))

    def iter_comparison_links(self, story: str | None = None) -> Iterator[tuple[str, str, str, str, str | None]]:
        """(group_id, a, b, verdict, review decision) of every comparison (of one story):
        what grouping needs, without the joined text, streamed."""
        sql = ("SELECT c.group_id, c.a, c.b, c.verdict, r.decision FROM comparisons c"
               " LEFT JOIN reviews r ON r.comparison_id = c.id")
        yield from self.db.execute(sql + " WHERE c.story = ?" if story else sql, [story] if story else [])

    def article_dates(self) -> dict[str, str | None]:
        return {row[0]: row[1] for row in self.db.execute("SELECT id, date FROM articles")}

    def counts(self) -> dict[str, int]:
        return {t: self.db[t].count for t in ("articles", "claims", "comparisons")} | {
            "conflicts": self.db["comparisons"].count_where("verdict = 'conflict'")
        }


class _Transaction:
    """One write transaction; SQLite errors become StoreError with one readable line."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> None:
        try:
            self.store.db.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as error:
            raise StoreError(_describe(error, self.store.path)) from None

    def __exit__(self, kind: Any, error: Any, traceback: Any) -> bool:
        conn = self.store.db.conn
        if kind is None:
            try:
                conn.execute("COMMIT")
                return False
            except sqlite3.DatabaseError as commit_error:
                error = commit_error
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(error, sqlite3.DatabaseError):
            raise StoreError(_describe(error, self.store.path)) from None
        return False


def _create_search(db: sqlite_utils.Database, table: str, columns: list[str]) -> None:
    """A full-text index on `table`, kept current by triggers, in the caller's transaction.

    Written out here because sqlite-utils' enable_fts runs executescript, which commits
    the open transaction first: several processes opening a new database at once would
    then see (and recreate) each other's half-made indexes. The SQL is the one enable_fts
    writes, so sqlite-utils' detect_fts and Datasette's search box find the index."""
    fts = f"{table}_fts"
    if db[fts].exists():
        return
    names = ", ".join(f"[{c}]" for c in columns)
    old = ", ".join(f"old.[{c}]" for c in columns)
    new = ", ".join(f"new.[{c}]" for c in columns)
    db.execute(f"CREATE VIRTUAL TABLE [{fts}] USING FTS5 (\n    {names},\n    content=[{table}]\n)")
    db.execute(f"INSERT INTO [{fts}] (rowid, {names}) SELECT rowid, {names} FROM [{table}]")
    db.execute(f"CREATE TRIGGER [{table}_ai] AFTER INSERT ON [{table}] BEGIN\n"
               f"  INSERT INTO [{fts}] (rowid, {names}) VALUES (new.rowid, {new});\nEND")
    db.execute(f"CREATE TRIGGER [{table}_ad] AFTER DELETE ON [{table}] BEGIN\n"
               f"  INSERT INTO [{fts}] ([{fts}], rowid, {names}) VALUES('delete', old.rowid, {old});\nEND")
    db.execute(f"CREATE TRIGGER [{table}_au] AFTER UPDATE ON [{table}] BEGIN\n"
               f"  INSERT INTO [{fts}] ([{fts}], rowid, {names}) VALUES('delete', old.rowid, {old});\n"
               f"  INSERT INTO [{fts}] (rowid, {names}) VALUES (new.rowid, {new});\nEND")


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _unwritable(path: Path) -> str | None:
    """What of an existing database this user cannot write ("the file", "its folder F"),
    or None. Writing needs both: SQLite keeps its journal or write-ahead log beside the file."""
    if not os.access(path, os.W_OK):
        return "the file"
    folder = path.parent
    if not os.access(folder, os.W_OK):
        return f"its folder {folder}"
    return None


def _is_wal(path: Path) -> bool:
    """Whether the file's header says WAL mode (file format versions 2 at bytes 18, 19)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(20)
    except OSError:
        return False
    return len(header) == 20 and header[18] == 2


def _wal_holds_writes(path: Path) -> bool:
    try:
        return os.path.getsize(_sidecar(path, "-wal")) > 0
    except OSError:
        return False


def _readonly_uri(path: Path) -> str:
    """The URI that opens `path` for reading only.

    To read a WAL database SQLite needs its -shm index, and creates it when missing;
    where this user cannot write the folder it cannot, and refuses to open the file.
    The last writer to close removes the -shm, so then nobody is writing, and
    immutable=1 (no index, no locks) reads the file as it is, which is whole. Never
    while a -wal file holds writes: immutable would ignore them and show older data."""
    flags = "mode=ro"
    if (_is_wal(path) and not os.access(path.parent, os.W_OK) and not _sidecar(path, "-shm").exists()
            and not _wal_holds_writes(path)):
        flags += "&immutable=1"
    return f"{path.absolute().as_uri()}?{flags}"


def _describe_readonly(error: sqlite3.DatabaseError, path: Path) -> str:
    """_describe for a read-only connection, which has one failure of its own."""
    if ("unable to open" in str(error) and _is_wal(path) and _wal_holds_writes(path)
            and not _sidecar(path, "-shm").exists() and not os.access(path.parent, os.W_OK)):
        return (f"cannot read database {path}: {_sidecar(path, '-wal')} holds writes not yet merged into it, and"
                f" its folder {path.parent} cannot be written here to merge them: run claimtrack on it once with"
                " write access")
    return _describe(error, path)


def _describe(error: sqlite3.DatabaseError, path: Path) -> str:
    text = str(error)
    if "readonly" in text or "read-only" in text:
        return f"database {path} is read-only"
    if "unable to open" in text and os.access(path, os.R_OK) and _unwritable(path):
        # A WAL database with no -shm index, in a folder this user cannot write.
        return f"database {path} is read-only"
    # Opening a WAL database makes its 32 KB -shm index; with no room for it SQLite says
    # only "disk I/O error" (SQLITE_IOERR_SHMSIZE), not "database or disk is full".
    if "full" in text or getattr(error, "sqlite_errorname", "") == "SQLITE_IOERR_SHMSIZE":
        return f"database {path}: disk is full; what was committed before is kept"
    if "locked" in text or "busy" in text:
        return f"database {path} is locked by another claimtrack; try again when it finishes"
    if "not a database" in text or "file is encrypted" in text:
        return f"{path} is not a claimtrack database (not an SQLite file)"
    if "unable to open" in text:
        return f"cannot open database {path}"
    return f"database {path}: {text}"


def _ambiguous(key: str, kind: str, found: list[str]) -> str:
    """The message for a prefix `key` that starts the `kind` ids `found` (up to 4 of them)."""
    if len(found) > 3:
        many, shown = "4 or more", ", ".join(found[:3]) + ", ..."
    else:
        many, shown = str(len(found)), ", ".join(found)
    return f"{key!r} starts {many} {kind} ids ({shown}); give more characters"


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


_DIGITS = re.compile(r"\d[\d,.]*")


def _anchor(claims: list[dict[str, Any]], saw: dict[str, Any], side: str) -> dict[str, Any] | None:
    """The claim among an article's `claims` that a review saw as side `side`: the same
    quote in the same sentence; else the same words with other numbers (an edited figure);
    else the same quote in another sentence; else the claim at the same offsets. Ties go to
    the one nearest where it was."""
    quote, sentence, start = saw[f"quote_{side}"], saw[f"sentence_{side}"], saw[f"start_{side}"] or 0

    def masked(text: str | None) -> str:
        return _DIGITS.sub("#", text or "")

    for test in (lambda c: c["quote"] == quote and c["sentence"] == sentence,
                 lambda c: masked(c["quote"]) == masked(quote) and masked(c["sentence"]) == masked(sentence),
                 lambda c: c["quote"] == quote,
                 lambda c: c["start"] == saw[f"start_{side}"] and c["end"] == saw[f"end_{side}"]):
        found = [c for c in claims if test(c)]
        if found:
            return min(found, key=lambda c: abs(c["start"] - start))
    return None


def _changed(claim: dict[str, Any], saw: dict[str, Any], side: str) -> bool:
    return any(claim[name] != saw[f"{name}_{side}"] for name in ("quote", "sentence", "value", "low", "high"))


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


_ARTICLE_COLUMNS = tuple(f.name for f in dataclasses.fields(Article))
_CLAIM_COLUMNS = tuple(f.name for f in dataclasses.fields(Claim))
_UPSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(f'[{c}]' for c in _ARTICLE_COLUMNS)})"
    f" VALUES ({', '.join('?' * len(_ARTICLE_COLUMNS))}) ON CONFLICT([id]) DO UPDATE SET "
    + ", ".join(f"[{c}] = excluded.[{c}]" for c in _ARTICLE_COLUMNS if c != "id"))
_INSERT_CLAIM = (f"INSERT INTO claims ({', '.join(f'[{c}]' for c in _CLAIM_COLUMNS)})"
                 f" VALUES ({', '.join('?' * len(_CLAIM_COLUMNS))})")
#: Values SQLite stores as they are; anything else is converted as sqlite-utils would.
_PLAIN = (str, int, float, bytes, type(None))


def _row_values(item: Any, columns: tuple[str, ...]) -> list[Any]:
    """The column values of a dataclass row, as sqlite-utils' insert would bind them."""
    return _bindable([getattr(item, name) for name in columns])


def _bindable(values: list[Any]) -> list[Any]:
    # jsonify_if_needed is what sqlite-utils applies to every value; most are plain.
    return [v if type(v) in _PLAIN else jsonify_if_needed(v) for v in values]


_FACTS = _CLAIM_COLUMNS.index("facts")
_BOOL_INDEXES = tuple(_CLAIM_COLUMNS.index(name) for name in _CLAIM_BOOLS)


def _claim_values(claim: Claim) -> list[Any]:
    """A claims row (in _CLAIM_COLUMNS order): facts as sorted JSON, booleans as 0/1."""
    values = [getattr(claim, name) for name in _CLAIM_COLUMNS]
    values[_FACTS] = json.dumps(claim.facts, sort_keys=True)
    for index in _BOOL_INDEXES:
        values[index] = int(values[index])
    return _bindable(values)


def _claim_from_row(row: dict[str, Any]) -> Claim:
    row = dict(row)
    row["facts"] = json.loads(row["facts"] or "{}")
    for name in _CLAIM_BOOLS:
        row[name] = bool(row[name])
    return Claim(**row)


def claim_export_row(claim: Claim) -> dict[str, Any]:
    """A claim as exported: the contract's fields, without internal facts."""
    row = claim.row()
    row.pop("facts")
    return row
