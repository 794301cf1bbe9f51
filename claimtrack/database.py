"""The SQLite file under the store: its path, schema and migrations, read-only opening,
and SQLite's errors as one line each.

The schema carries a version in `PRAGMA user_version`; `migrate` refuses a newer
database or a file that is not claimtrack's before anything is written to it, and
brings an older one up to date. Store (store.py) opens the file through these.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import sqlite_utils

from .errors import StoreError

# 1: articles, claims, comparisons, reviews. 2: + meta (comparisons_stale flag).
# 3: + copies and fingerprints (duplicate articles), the conflicts view, full-text search.
# 4: + inputs (the sha256 of each single-article file's bytes).
# 5: + stories and story_pins; articles.story / story_name; comparisons.story / confidence.
# 6: + articles.origin / origin_row (which input may replace an article); review_anchors
#    (what each review saw: both quotes, sentences and values, to re-anchor it or mark it stale).
SCHEMA_VERSION = 6
DEFAULT_DB = Path("data") / "claimtrack.db"
#: The claims columns holding a bool, stored as 0/1.
CLAIM_BOOLS = ("low_inclusive", "high_inclusive")
#: The claims column that holds a Claim's `context` (ClaimContext.facts() as sorted JSON).
CONTEXT_COLUMN = "facts"
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
ANCHOR_FIELDS = ("article", "claim", "quote", "sentence", "start", "end", "value", "low", "high")


def default_db_path() -> str:
    # A string, not a Path: Path drops a trailing slash, which Store refuses.
    return os.environ.get("CLAIMTRACK_DB") or str(DEFAULT_DB)


def check_db_path(path: str | Path) -> Path:
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


# --- schema -------------------------------------------------------------------


def migrate(db: sqlite_utils.Database, path: Path) -> None:
    """Refuse a newer or foreign database; create or upgrade the schema; switch to WAL."""
    version = check_version(db, path)
    if version < SCHEMA_VERSION:
        # Check again and create inside one write transaction, so a second process
        # opening the same new file waits for the tables instead of seeing half of them.
        conn = db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = check_version(db, path)
            if version < SCHEMA_VERSION:
                _create_schema(db, upgrading=bool(set(db.table_names())), version=version)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    db.execute("PRAGMA foreign_keys = ON")
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError:
            pass  # a read-only file or folder cannot switch modes; reads still work


def check_version(db: sqlite_utils.Database, path: Path) -> int:
    """The file's schema version, refusing newer and foreign databases."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    tables = set(db.table_names())
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer claimtrack (schema {version}, this one reads "
            f"{SCHEMA_VERSION}): upgrade claimtrack"
        )
    if version == 0 and tables and not {"articles", "claims"} <= tables:
        raise StoreError(f"{path} is an SQLite database but not a claimtrack database")
    return version


def _create_schema(db: sqlite_utils.Database, *, upgrading: bool, version: int = 0) -> None:
    """Create what is missing (every step is idempotent), then stamp the version.
    Runs inside the caller's transaction."""
    db["articles"].create(
        {"id": str, "path": str, "title": str, "date": str, "outlet": str, "author": str,
         "url": str, "text": str, "sha256": str, "story_name": str, "story": str, "origin": str,
         "origin_row": int},
        pk="id", not_null={"path", "text", "sha256"}, if_not_exists=True,
    )
    db["claims"].create(
        {"id": str, "article_id": str, "source": str, "sentence": str, "quote": str,
         "start": int, "end": int, "value": float, "low": float, "high": float,
         "low_inclusive": int, "high_inclusive": int, "qualifier": str, "change": str,
         "kind": str, "unit": str, "unit_text": str, "rate": str, "predicate": str,
         "place": str, "period": str, "attributed_to": str, "facts": str},
        pk="id", foreign_keys=[("article_id", "articles", "id")], if_not_exists=True,
    )
    db["comparisons"].create(
        {"id": str, "a": str, "b": str, "verdict": str, "reason": str, "group_id": str,
         "cites": str, "story": str, "confidence": float},
        pk="id", foreign_keys=[("a", "claims", "id"), ("b", "claims", "id")],
        if_not_exists=True,
    )
    # Reviews are keyed by comparison id (hashed from the two claim ids, which
    # come from paths and offsets), so they survive re-ingest of unchanged text.
    db["reviews"].create(
        {"comparison_id": str, "decision": str, "note": str, "reviewed_at": str},
        pk="comparison_id", if_not_exists=True,
    )
    # What each review saw (schema 6), one row per review: for side a and b the article,
    # claim, quote, sentence, offsets and values; the verdict; and whether any of it has
    # changed since (stale). Beside `reviews`, not in it, so its four columns stay as they were.
    db["review_anchors"].create(
        {"comparison_id": str, "verdict": str, "stale": int,
         **{f"{name}_{side}": (int if name in ("start", "end") else float if name in ("value", "low", "high")
                               else str) for side in "ab" for name in ANCHOR_FIELDS}},
        pk="comparison_id", if_not_exists=True,
    )
    db["meta"].create({"key": str, "value": str}, pk="key", if_not_exists=True)
    # Articles with the same or nearly the same text: each is linked to the first of
    # its set (`copy_of`), `kind` identical (same text) or near.
    db["copies"].create(
        {"article_id": str, "copy_of": str, "kind": str, "similarity": float},
        pk="article_id", foreign_keys=[("article_id", "articles", "id"), ("copy_of", "articles", "id")],
        if_not_exists=True,
    )
    # A MinHash signature of each article's text, kept so linking copies does not
    # re-read every article; deleted with the article's old version when it changes.
    db["fingerprints"].create(
        {"article_id": str, "minhash": bytes}, pk="article_id",
        foreign_keys=[("article_id", "articles", "id")], if_not_exists=True,
    )
    # The sha256 of each single-article file's bytes when it was last stored: an
    # unchanged file is then known without decoding or parsing it (schema 4).
    db["inputs"].create({"path": str, "sha256": str}, pk="path", if_not_exists=True)
    # Stories (schema 5): each article's story is found on ingest (articles.story);
    # `story_pins` keeps a person's decisions (stories --move/--merge, ingest --story),
    # which win over detection and survive re-ingest, as reviews do.
    db["stories"].create({"id": str, "name": str, "label": str}, pk="id", if_not_exists=True)
    db["story_pins"].create({"article_id": str, "name": str}, pk="article_id", if_not_exists=True)
    for table, column, kind in (("articles", "story_name", str), ("articles", "story", str),
                                ("comparisons", "story", str), ("comparisons", "confidence", float),
                                ("articles", "origin", str), ("articles", "origin_row", int)):
        if column not in db[table].columns_dict:
            db[table].add_column(column, kind)
    db.create_view("conflicts", CONFLICTS_VIEW, replace=True)
    for table, columns in SEARCHABLE.items():
        _create_search(db, table, columns)
    if upgrading:
        # Comparisons written by an older claimtrack are redone by the next ingest.
        db["meta"].upsert({"key": "comparisons_stale", "value": "1"}, pk="key")
    if upgrading and version < 6:
        # Before schema 6 a JSONL/CSV row could overwrite a file's article (its id being
        # the file's path) while the file's byte hash stayed: the paths in `inputs` were
        # files, so that is their origin, and their byte hashes are dropped, so the next
        # ingest reads each file once and puts back any text a row had replaced.
        db.execute("UPDATE articles SET origin = path, origin_row = NULL"
                   " WHERE origin IS NULL AND path IN (SELECT path FROM inputs)")
        db.execute("DELETE FROM inputs")
    db["articles"].create_index(["path"], unique=True, if_not_exists=True)
    db["claims"].create_index(["article_id"], if_not_exists=True)
    db["claims"].create_index(["unit"], if_not_exists=True)
    db["comparisons"].create_index(["a"], if_not_exists=True)
    db["comparisons"].create_index(["b"], if_not_exists=True)
    db["comparisons"].create_index(["verdict"], if_not_exists=True)
    db["comparisons"].create_index(["story"], if_not_exists=True)
    db["articles"].create_index(["story"], if_not_exists=True)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


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


# --- read-only opening and SQLite's errors ---------------------------------------


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def unwritable(path: Path) -> str | None:
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


def readonly_uri(path: Path) -> str:
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


def describe_readonly(error: sqlite3.DatabaseError, path: Path) -> str:
    """describe for a read-only connection, which has one failure of its own."""
    if ("unable to open" in str(error) and _is_wal(path) and _wal_holds_writes(path)
            and not _sidecar(path, "-shm").exists() and not os.access(path.parent, os.W_OK)):
        return (f"cannot read database {path}: {_sidecar(path, '-wal')} holds writes not yet merged into it, and"
                f" its folder {path.parent} cannot be written here to merge them: run claimtrack on it once with"
                " write access")
    return describe(error, path)


def describe(error: sqlite3.DatabaseError, path: Path) -> str:
    """A one-line message for an SQLite error on the database at `path`."""
    text = str(error)
    if "readonly" in text or "read-only" in text:
        return f"database {path} is read-only"
    if "unable to open" in text and os.access(path, os.R_OK) and unwritable(path):
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
