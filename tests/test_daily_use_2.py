"""A journalist's day, part 2 (issue 22): reading a database one may read but not write,
a Latin-1 article read as Latin-1, and listing and forgetting articles.

Permissions stop nothing for root, so the read-only database is read by user nobody in a
real process (setpriv or runuser), the file mode 444 in a folder mode 555 owned by root.
Expected output comes from a copy of the same database read by root.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.sources import Problem, read_article
from claimtrack.errors import StoreError
from claimtrack.database import SCHEMA_VERSION
from claimtrack.store import Forgotten, Store
from conftest import copy_db, export

BIN = Path(sys.executable).parent / "claimtrack"
CLAIMTRACK = [str(BIN)] if BIN.exists() else [sys.executable, "-m", "claimtrack"]
WAIT = 180  # seconds: the longest any one process may take here
WIDE = {"COLUMNS": "250"}
NOBODY = 65534

# Three articles of one story counting the same detainers: a and c say 489, b says more
# than 500, so a-b and b-c conflict and a-c agree.
CORPUS = {
    "a.md": "---\ntitle: Sanctuary sheriffs\noutlet: The Daily Caller\ndate: 2019-10-01\n---\n"
            "Local authorities in North Carolina ignored 489 detainers in fiscal year 2019, ICE said.\n",
    "b.md": "---\ntitle: ICE statement\noutlet: Breitbart News\ndate: 2019-11-03\n---\n"
            "Across North Carolina, local authorities refused to honor more than 500 detainers during"
            " fiscal year 2019, ICE officials wrote.\n",
    "c.txt": "Sheriffs in North Carolina declined 489 detainers in fiscal year 2019, according to ICE figures.\n",
}


# --- helpers ------------------------------------------------------------------


def invoke(runner: CliRunner, *args: Any) -> Result:
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def ok(runner: CliRunner, *args: Any) -> str:
    result = invoke(runner, *args)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def rows_json(runner: CliRunner, *args: Any) -> Any:
    return json.loads(ok(runner, *args))


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def expected_short(full: str, every: list[str], minimum: int = 6) -> str:
    """The shortest prefix of `full`, `minimum` or longer, that no other id starts with."""
    for n in range(minimum, len(full) + 1):
        if not any(other != full and other.startswith(full[:n]) for other in every):
            return full[:n]
    return full


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def as_nobody() -> list[str]:
    """The words that run a command as user nobody: none when this is not root already."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"]
    pytest.skip("running as root with neither setpriv nor runuser installed: no way to run as a user "
                "whom file permissions stop")


def unprivileged(*args: Any, home: Path) -> subprocess.CompletedProcess[str]:
    """`claimtrack ARGS` run as nobody in a real process."""
    proc = subprocess.run([*as_nobody(), *CLAIMTRACK, *map(str, args)], capture_output=True, text=True,
                          timeout=WAIT, cwd=home, env={**os.environ, "HOME": str(home), **WIDE})
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def write_corpus(folder: Path) -> None:
    for name, text in CORPUS.items():
        (folder / name).write_text(text, encoding="utf-8")


# --- 1. a database one can read but not write ---------------------------------


@dataclass(frozen=True)
class Drive:
    """A shared drive: `db` and its articles in `folder`, neither writable by nobody;
    `reference` a copy root reads for the expected output; `home` writable by all."""

    folder: Path
    db: Path
    reference: Path
    home: Path


def _lock(*paths: Path) -> None:
    for path in paths:
        os.chmod(path, 0o555 if path.is_dir() else 0o444)


def _unlock(top: Path) -> None:
    for root, folders, files in os.walk(top):
        os.chmod(root, 0o755)
        for name in files:
            os.chmod(os.path.join(root, name), 0o644)


@pytest.fixture(scope="module")
def drive() -> Iterator[Drive]:
    # Not pytest's tmp_path: that lies under a folder only root may enter.
    top = Path(tempfile.mkdtemp(prefix="claimtrack-shared-", dir="/tmp"))
    try:
        os.chmod(top, 0o755)
        folder, ref, home = top / "drive", top / "ref", top / "home"
        for made in (folder, ref, home):
            made.mkdir()
        os.chmod(home, 0o777)
        write_corpus(folder)
        db = folder / "claimtrack.db"
        # A real process, which closes the database on exit as every writer does: SQLite
        # then removes the -wal and -shm files, and a reader must do without them.
        proc = subprocess.run([*CLAIMTRACK, "ingest", "--story", "Detainers", "--db", str(db), str(folder)],
                              capture_output=True, text=True, timeout=WAIT)
        assert proc.returncode == 0, proc.stderr
        reference = copy_db(db, ref / "claimtrack.db")
        _lock(*folder.iterdir(), folder)
        yield Drive(folder, db, reference, home)
    finally:
        _unlock(top)
        shutil.rmtree(top, ignore_errors=True)


def _reading_commands(drive: Drive, runner: CliRunner) -> dict[str, list[str]]:
    claim = export(runner, drive.reference, "claims")[0]["id"]
    return {
        "conflicts": ["conflicts", "--json"],
        "conflicts-all-csv": ["conflicts", "--all", "--csv"],
        "claims": ["claims", "--json"],
        "articles": ["articles", "--json"],
        "groups": ["groups", "--json"],
        "stories": ["stories", "--json"],
        "export": ["export", "--json", "--what", "comparisons"],
        "trace": ["trace", claim, "--json"],
        "datasette-metadata": ["datasette-metadata"],
    }


READERS = ["conflicts", "conflicts-all-csv", "claims", "articles", "groups", "stories", "export", "trace",
           "datasette-metadata"]


@pytest.mark.model
@pytest.mark.parametrize("command", READERS)
def test_reading_commands_read_a_database_the_user_cannot_write(drive: Drive, runner: CliRunner,
                                                               command: str) -> None:
    listing = sorted(p.name for p in drive.folder.iterdir())
    # What makes it hard: a WAL database whose -shm index SQLite cannot create here.
    assert not [name for name in listing if name.endswith(("-wal", "-shm"))], listing
    before = sha256(drive.db)
    args = _reading_commands(drive, runner)[command]
    proc = unprivileged(*args, "--db", drive.db, home=drive.home)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout == ok(runner, *args, "--db", drive.reference)
    assert sha256(drive.db) == before
    assert sorted(p.name for p in drive.folder.iterdir()) == listing


@pytest.mark.model
def test_conflicts_table_and_report_on_a_read_only_database(drive: Drive, runner: CliRunner) -> None:
    conflicts = rows_json(runner, "conflicts", "--json", "--db", drive.reference)
    every = [r["id"] for r in rows_json(runner, "conflicts", "--all", "--json", "--db", drive.reference)]
    assert len(conflicts) == 2
    table = unprivileged("conflicts", "--db", drive.db, home=drive.home)
    assert table.returncode == 0 and table.stderr == "", table.stderr
    for row in conflicts:
        assert re.search(rf"\b{expected_short(row['id'], every)}\b", table.stdout), table.stdout
        assert "more than 500 detainers" in table.stdout and "489 detainers" in table.stdout

    report = drive.home / "report.html"
    proc = unprivileged("report", "-o", report, "--db", drive.db, home=drive.home)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"wrote {report}: 1 groups, 2 conflicts\n"
    assert "more than 500 detainers" in report.read_text(encoding="utf-8")


@pytest.mark.model
@pytest.mark.parametrize("command", ["review", "forget", "stories-move", "ingest"])
def test_writing_commands_refuse_a_read_only_database_in_one_line(drive: Drive, runner: CliRunner,
                                                                  command: str) -> None:
    conflict = rows_json(runner, "conflicts", "--json", "--db", drive.reference)[0]["id"]
    article = str(drive.folder / "b.md")
    new = drive.home / "new.txt"
    new.write_text("Officials said 12 detainers were honored in fiscal year 2019.\n", encoding="utf-8")
    args = {
        "review": ["review", conflict, "--confirm"],
        "forget": ["forget", article],
        "stories-move": ["stories", "--move", article, "--to", "Elsewhere"],
        "ingest": ["ingest", new],
    }[command]
    listing = sorted(p.name for p in drive.folder.iterdir())
    before = sha256(drive.db)
    proc = unprivileged(*args, "--db", drive.db, home=drive.home)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert lines(proc.stderr) == [f"Error: database {drive.db} is read-only"]
    assert proc.stdout == ""
    assert sha256(drive.db) == before
    assert sorted(p.name for p in drive.folder.iterdir()) == listing


def _read_only_copy(drive: Drive, name: str, change: str | None = None) -> tuple[Path, Path]:
    """A copy of the drive's database in a new folder, changed by the SQL `change`
    (committed and closed, so no -wal stays), locked like the drive: (folder, db)."""
    folder = drive.home.parent / name
    folder.mkdir()
    db = copy_db(drive.reference, folder / "claimtrack.db")
    if change:
        conn = sqlite3.connect(db)
        conn.execute(change)
        conn.commit()
        conn.close()
    _lock(db, folder)
    return folder, db


@pytest.mark.model
def test_an_older_schema_read_only_is_one_line_saying_to_run_claimtrack_with_write_access(
        drive: Drive, runner: CliRunner) -> None:
    folder, db = _read_only_copy(drive, "old", f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    before = sha256(db)
    proc = unprivileged("conflicts", "--db", db, home=drive.home)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert lines(proc.stderr) == [
        f"Error: {db} was written by an older claimtrack (schema {SCHEMA_VERSION - 1}, this one reads"
        f" {SCHEMA_VERSION}), and the file cannot be written here to upgrade it: run claimtrack ingest"
        " (or any claimtrack command) on it once with write access"]
    assert sha256(db) == before
    # Whoever can write it upgrades it with any command, a reading one included; then it reads.
    os.chmod(folder, 0o755)
    os.chmod(db, 0o644)
    assert rows_json(runner, "conflicts", "--json", "--db", db) == rows_json(
        runner, "conflicts", "--json", "--db", drive.reference)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


@pytest.mark.model
def test_unmerged_writes_in_a_read_only_folder_are_refused_not_ignored(drive: Drive) -> None:
    """A -wal file holding writes with no -shm (copied while a writer had it open): reading
    the file alone would show older data, so the reader says what is wrong instead."""
    folder = drive.home.parent / "unmerged"
    folder.mkdir()
    db = copy_db(drive.reference, folder / "claimtrack.db")
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE articles SET outlet = 'Changed Outlet'")
    conn.commit()
    snapshot = folder / "snapshot"
    snapshot.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{db}{suffix}", snapshot / f"claimtrack.db{suffix}")
    conn.close()
    copy = snapshot / "claimtrack.db"
    assert (snapshot / "claimtrack.db-wal").stat().st_size > 0
    _lock(*snapshot.iterdir(), snapshot)
    proc = unprivileged("articles", "--json", "--db", copy, home=drive.home)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert lines(proc.stderr) == [
        f"Error: cannot read database {copy}: {copy}-wal holds writes not yet merged into it, and its folder"
        f" {snapshot} cannot be written here to merge them: run claimtrack on it once with write access"]
    assert proc.stdout == ""


@pytest.mark.model
def test_store_opened_read_only_reads_and_refuses_to_write(drive: Drive, tmp_path: Path) -> None:
    db = copy_db(drive.reference, tmp_path / "claimtrack.db")
    expected = Store(drive.reference, create=False).claims()
    before = sha256(db)
    store = Store(db, readonly=True)
    assert store.claims() == expected
    comparison = store.comparison_rows()[0]["id"]
    with pytest.raises(StoreError, match=re.escape(f"database {db} is read-only")):
        store.review(comparison, "confirmed")
    with pytest.raises(StoreError, match=re.escape(f"database {db} is read-only")):
        store.forget([expected[0].article_id])
    store.db.conn.close()
    assert sha256(db) == before
    missing = tmp_path / "missing.db"
    with pytest.raises(StoreError, match="no database at"):
        Store(missing, readonly=True)
    assert not missing.exists()


# --- 2. encodings -------------------------------------------------------------

# A transfer story in Latin-1, short enough that charset-normalizer alone takes it for
# Shift-JIS (cp932): "£" became "｣" and "Jérémy" "J駻駑y", and the money claim was lost.
TRANSFER = "Rennes have accepted a £25 million bid from Manchester City for the winger Jérémy Doku.\n"
# The same in Windows-1252, with what Latin-1 lacks: curly quotes and an en dash.
TRANSFER_CP1252 = ("Arsenal’s “record” bid – worth £25 million – was accepted by Benfica for the striker"
                   " José Martínez on Friday.\n")


@pytest.mark.model
def test_latin1_and_cp1252_articles_keep_pound_signs_accents_and_their_money_claims(
        runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "sport"
    folder.mkdir()
    latin1, cp1252 = folder / "doku.txt", folder / "arsenal.txt"
    latin1.write_bytes(TRANSFER.encode("latin-1"))
    cp1252.write_bytes(TRANSFER_CP1252.encode("cp1252"))
    db = tmp_path / "claimtrack.db"
    result = invoke(runner, "ingest", "--db", db, folder)
    assert result.exit_code == 0, result.stderr
    assert sorted(lines(result.stderr)) == sorted(
        f"Note: {path}: not UTF-8: decoded as cp1252" for path in (latin1, cp1252))

    texts = {a["path"]: a["text"] for a in rows_json(runner, "export", "--json", "--what", "articles", "--db", db)}
    assert texts == {str(latin1): TRANSFER, str(cp1252): TRANSFER_CP1252}
    claims = rows_json(runner, "export", "--json", "--what", "claims", "--db", db)
    for path in (latin1, cp1252):
        money = [c for c in claims if c["source"] == str(path) and c["kind"] == "money"]
        assert [(c["quote"], c["unit"], c["low"], c["high"]) for c in money] == [
            ("£25 million", "pound sterling", 25_000_000, 25_000_000)], claims
        assert texts[str(path)][money[0]["start"]:money[0]["end"]] == "£25 million"


@pytest.mark.parametrize("raw, encoding", [
    (TRANSFER, "latin-1"),
    (TRANSFER_CP1252, "cp1252"),
    ("Chelsea have agreed a £25 million fee with Brighton for Jérémy Doku, the club said on Monday.\n", "latin-1"),
    ("Fee: £25m. Wages: £200,000 a week. Release clause £80m, said the café owner.\n", "latin-1"),
], ids=["latin1-transfer", "cp1252-quotes-dash", "latin1-fee", "latin1-figures"])
def test_western_text_that_is_not_utf8_is_read_as_cp1252(tmp_path: Path, raw: str, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(raw.encode(encoding))
    article, notices = read_article(str(path))
    assert article is not None and article.text == raw
    assert notices == [Problem(str(path), "not UTF-8: decoded as cp1252", fatal=False)]


@pytest.mark.parametrize("raw, encoding", [
    ("Οι αρχές απελευθέρωσαν περισσότερους από 500 ανθρώπους.\n", "cp1253"),
    ("Власти освободили более 500 человек.\n", "cp1251"),
    ("当局は500人以上を釈放した。\n", "shift_jis"),
    ("أطلقت السلطات سراح أكثر من 500 شخص.\n", "cp1256"),
], ids=["greek", "russian", "japanese", "arabic"])
def test_a_confident_other_encoding_is_kept(tmp_path: Path, raw: str, encoding: str) -> None:
    """cp1252 reads these bytes as a jumble of accented letters (or not at all): the
    detector's encoding wins, and the note names it."""
    path = tmp_path / "a.txt"
    path.write_bytes(raw.encode(encoding))
    article, notices = read_article(str(path))
    assert article is not None and article.text == raw
    assert len(notices) == 1 and notices[0].message.startswith("not UTF-8: decoded as ")
    assert "cp1252" not in notices[0].message


# --- 3. articles and forget ---------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, runner: CliRunner) -> tuple[Path, Path]:
    """(folder of CORPUS, a database made by ingesting it); tests work on copies of it."""
    folder = tmp_path_factory.mktemp("articles")
    write_corpus(folder)
    db = folder.parent / f"{folder.name}.db"
    ok(runner, "ingest", "--story", "Detainers", "--db", db, folder)
    return folder, db


@pytest.fixture()
def own_db(corpus: tuple[Path, Path], tmp_path: Path) -> Path:
    return copy_db(corpus[1], tmp_path / "claimtrack.db")


@pytest.mark.model
def test_articles_lists_each_article_with_story_outlet_date_claims_and_path(runner: CliRunner,
                                                                             corpus: tuple[Path, Path]) -> None:
    folder, db = corpus
    stored = export(runner, db, "articles")
    claims = export(runner, db, "claims")
    (story,) = rows_json(runner, "stories", "--json", "--db", db)
    listed = rows_json(runner, "articles", "--json", "--db", db)
    assert listed == [{
        "id": a["id"], "path": a["path"], "title": a["title"], "date": a["date"], "outlet": a["outlet"],
        "story": story["id"], "story_name": "Detainers",
        "claims": sum(c["article_id"] == a["id"] for c in claims),
    } for a in sorted(stored, key=lambda a: a["path"])]
    assert [a["path"] for a in listed] == [str(folder / name) for name in sorted(CORPUS)]
    assert all(a["claims"] >= 1 for a in listed)

    table = runner.invoke(app, ["articles", "--db", str(db)], env=WIDE)
    assert table.exit_code == 0, table.stderr
    every = [a["id"] for a in listed]
    for article in listed:
        row = next(line for line in table.stdout.splitlines() if expected_short(article["id"], every) in line)
        assert article["path"] in row and re.search(rf"\b{article['claims']}\b", row), row
        assert (article["outlet"] or "") in row and (article["date"] or "") in row and "Detainers" in row
    assert not any(article["id"] in table.stdout for article in listed)  # short ids only


@pytest.mark.model
def test_forget_removes_an_article_and_its_pairs_and_reingest_brings_it_back_with_its_review(
        runner: CliRunner, corpus: tuple[Path, Path], own_db: Path) -> None:
    folder, _ = corpus
    gone = str(folder / "b.md")
    articles = {a["path"]: a for a in export(runner, own_db, "articles")}
    claims = export(runner, own_db, "claims")
    everything = rows_json(runner, "conflicts", "--all", "--json", "--db", own_db)
    conflict = next(r for r in everything if r["verdict"] == "conflict" and gone in (r["source_a"], r["source_b"]))
    ok(runner, "review", conflict["id"], "--confirm", "--note", "checked ICE data", "--db", own_db)
    before = rows_json(runner, "conflicts", "--all", "--json", "--db", own_db)
    mine = [c for c in claims if c["source"] == gone]
    pairs = [r for r in before if gone in (r["source_a"], r["source_b"])]
    assert mine and pairs and len(pairs) < len(before)

    out = ok(runner, "forget", gone, "--db", own_db)
    short = expected_short(articles[gone]["id"], [a["id"] for a in articles.values()])
    assert out == f"forgot {short} {gone}: {plural(len(mine), 'claim')}, {plural(len(pairs), 'comparison')};" \
                  " 1 review kept\n"

    assert [a["path"] for a in rows_json(runner, "articles", "--json", "--db", own_db)] == [
        p for p in sorted(articles) if p != gone]
    assert [c for c in export(runner, own_db, "claims")] == [c for c in claims if c["source"] != gone]
    after = rows_json(runner, "conflicts", "--all", "--json", "--db", own_db)
    assert after == [r for r in before if r not in pairs]
    assert rows_json(runner, "conflicts", "--json", "--db", own_db) == []  # both conflicts were b's
    gone_claim = invoke(runner, "trace", mine[0]["id"], "--db", own_db)
    assert gone_claim.exit_code == 1
    conn = sqlite3.connect(own_db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for fts in ("articles_fts", "claims_fts"):  # Datasette's search sees the removal too
            conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
        assert conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Breitbart'"
                            ).fetchone() == (0,)
        assert conn.execute("SELECT decision, note FROM reviews").fetchall() == [("confirmed", "checked ICE data")]
    finally:
        conn.close()

    again = ok(runner, "ingest", "--story", "Detainers", "--db", own_db, folder)
    assert again.splitlines()[0] == "articles: 1 new, 2 unchanged, 0 changed, 0 failed"
    assert rows_json(runner, "conflicts", "--all", "--json", "--db", own_db) == before
    back = {r["id"]: r for r in rows_json(runner, "conflicts", "--json", "--db", own_db)}
    assert back[conflict["id"]]["review"] == "confirmed"


@pytest.mark.model
def test_forget_takes_ids_prefixes_and_other_spellings_of_a_path(runner: CliRunner, corpus: tuple[Path, Path],
                                                                 own_db: Path) -> None:
    folder, _ = corpus
    articles = {a["path"]: a for a in export(runner, own_db, "articles")}
    every = [a["id"] for a in articles.values()]
    a, b, c = (articles[str(folder / name)] for name in sorted(CORPUS))
    prefix = next(b["id"][:n] for n in range(4, 17) if sum(i.startswith(b["id"][:n]) for i in every) == 1)
    other_spelling = os.path.relpath(c["path"])  # relative to the working directory, not as stored
    assert other_spelling != c["path"]
    out = ok(runner, "forget", a["id"], prefix, other_spelling, "--db", own_db)
    assert [line.split(":")[0] for line in lines(out)] == [
        f"forgot {expected_short(x['id'], every)} {x['path']}" for x in (a, b, c)]
    assert rows_json(runner, "articles", "--json", "--db", own_db) == []
    assert rows_json(runner, "stories", "--json", "--db", own_db) == []  # a story with no article left goes


@pytest.mark.model
@pytest.mark.parametrize("key, message", [
    ("nope.txt", "Error: no article 'nope.txt' (see claimtrack articles)"),
    ("abc", "Error: no article 'abc' (see claimtrack articles)"),  # a prefix needs 4 characters
])
def test_forget_of_an_unknown_article_is_one_line_and_removes_nothing(
        runner: CliRunner, corpus: tuple[Path, Path], own_db: Path, key: str, message: str) -> None:
    folder, _ = corpus
    before = {what: export(runner, own_db, what) for what in ("articles", "claims", "comparisons")}
    result = invoke(runner, "forget", str(folder / "a.md"), key, "--db", own_db)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert lines(result.stderr) == [message]
    assert result.stdout == ""
    assert {what: export(runner, own_db, what) for what in before} == before


@pytest.mark.model
def test_forget_in_the_library_relinks_the_copies_left(runner: CliRunner, tmp_path: Path) -> None:
    """Three copies of one wire story: the others are linked to the first; once it is
    forgotten, the remaining two are still one set, linked to the earlier of them."""
    folder = tmp_path / "wire"
    folder.mkdir()
    body = "Officials said 42 detainers were ignored in North Carolina in fiscal year 2019.\n"
    for name, day in (("first.md", "2019-10-01"), ("second.md", "2019-10-02"), ("third.md", "2019-10-03")):
        (folder / name).write_text(f"---\ndate: {day}\n---\n{body}", encoding="utf-8")
    db = tmp_path / "claimtrack.db"
    ok(runner, "ingest", "--db", db, folder)
    first, second, third = (str(folder / name) for name in ("first.md", "second.md", "third.md"))
    links = lambda: sorted((r["path"], r["copy_of_path"]) for r in export(runner, db, "copies"))  # noqa: E731
    assert links() == [(second, first), (third, first)]

    store = Store(db, create=False)
    gone = store.forget([first])
    assert [(g.path, g.claims, g.reviews) for g in gone] == [(first, 1, 0)]
    assert isinstance(gone[0], Forgotten)
    store.db.conn.close()
    assert links() == [(third, second)]
