"""The store: claimtrack's database, one SQLite file, and what writes to it.

`Store` opens the file (creating it, or bringing an older schema up to date: see
database.py) and writes articles with their claims, comparisons, copies, stories and
reviews; the reads that build rows for people come from its base class, Queries
(queries.py).

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
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.db import jsonify_if_needed

from .database import (ANCHOR_FIELDS, CLAIM_BOOLS, CONTEXT_COLUMN, SCHEMA_VERSION, check_db_path, check_version,
                       describe, describe_readonly, migrate, readonly_uri, unwritable)
from .errors import StoreError
from .model import Article, Claim, Comparison
from .queries import Queries


@dataclass(frozen=True)
class Forgotten:
    """An article Store.forget removed: how many of its claims and comparisons went with
    it, and how many reviews of those comparisons stay for its return."""

    id: str
    path: str
    claims: int
    comparisons: int
    reviews: int


class Store(Queries):
    """claimtrack's database: articles, their claims, comparisons and reviews."""

    def __init__(self, path: str | Path, *, create: bool = True, readonly: bool = False) -> None:
        """Open the database at `path`, creating it (unless not `create`) and bringing an
        older schema up to date. With `readonly` the file must exist and is opened for
        reading only (see the module docstring); writing through it raises StoreError."""
        self.path = check_db_path(path)
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
            migrate(self.db, self.path)
        except sqlite3.DatabaseError as error:
            raise StoreError(describe(error, self.path)) from None

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
            denied = unwritable(self.path)
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
            self.db = sqlite_utils.Database(sqlite3.connect(readonly_uri(self.path), uri=True, timeout=30))
            return check_version(self.db, self.path), not self.db.table_names()
        except sqlite3.DatabaseError as error:
            raise StoreError(describe_readonly(error, self.path)) from None

    def discard_if_new_and_empty(self) -> bool:
        """Remove the database (and SQLite's files beside it) when this Store created it and
        it holds no article; True when removed."""
        if not self.created or self.db.execute("SELECT 1 FROM articles LIMIT 1").fetchone():
            return False
        self.db.conn.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        return True

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
            saw = next(self.db.query("SELECT * FROM review_anchors WHERE comparison_id = ?", [comparison_id]))
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
        return list(self.db.query("SELECT id, quote, sentence, start, [end], value, low, high FROM claims"
                                  " WHERE article_id = ?", [article]))

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
            row.update({f"{name}_{side}": value for name, value in zip(ANCHOR_FIELDS, claim)})
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

    def story_articles(self, story_id: str) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT id FROM articles WHERE story = ?", [story_id])]

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


class _Transaction:
    """One write transaction; SQLite errors become StoreError with one readable line."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> None:
        try:
            self.store.db.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as error:
            raise StoreError(describe(error, self.store.path)) from None

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
            raise StoreError(describe(error, self.store.path)) from None
        return False


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


_ARTICLE_COLUMNS = tuple(f.name for f in dataclasses.fields(Article))
_CLAIM_FIELDS = tuple(f.name for f in dataclasses.fields(Claim))
#: The claims table's columns, in Claim's field order (its context is stored as facts).
_CLAIM_COLUMNS = tuple(CONTEXT_COLUMN if name == "context" else name for name in _CLAIM_FIELDS)
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


_CONTEXT = _CLAIM_FIELDS.index("context")
_BOOL_INDEXES = tuple(_CLAIM_COLUMNS.index(name) for name in CLAIM_BOOLS)


def _claim_values(claim: Claim) -> list[Any]:
    """A claims row (in _CLAIM_COLUMNS order): the context as sorted JSON, booleans as 0/1."""
    values = [getattr(claim, name) for name in _CLAIM_FIELDS]
    values[_CONTEXT] = json.dumps(claim.context.facts(), sort_keys=True)
    for index in _BOOL_INDEXES:
        values[index] = int(values[index])
    return _bindable(values)
