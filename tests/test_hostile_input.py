"""Hostile input (issue 21): nothing hangs, nothing is silently wrong.

Every ingest is a real `python -m claimtrack` process with a timeout, so a
regression that hangs (a FIFO opened for reading, a database on a FIFO) fails the
test instead of stopping CI. Results are read back with `claimtrack export`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import export

CLAIMTRACK = [sys.executable, "-m", "claimtrack"]
WAIT = 120  # seconds: the longest any one run may take here
GOOD = "Police said 3 people were hurt in a fire on Main Street on Tuesday.\n"


def claimtrack(*args: Any, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI; it must finish within WAIT seconds and never print a traceback."""
    proc = subprocess.run([*CLAIMTRACK, *map(str, args)], capture_output=True, text=True, timeout=WAIT,
                          env=None if env is None else {**os.environ, **env})
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def error_lines(proc: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in proc.stderr.splitlines() if line.strip()]


def stored(runner: CliRunner, db: Path) -> dict[str, dict[str, Any]]:
    """The stored articles by path."""
    return {row["path"]: row for row in export(runner, db, "articles")}


# --- 4: FIFOs are never opened ---------------------------------------------------


@pytest.mark.model
def test_fifo_in_a_folder_or_named_is_skipped_and_the_rest_ingested(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    named = tmp_path / "named.md"
    os.mkfifo(named)
    db = tmp_path / "ct.db"
    proc = claimtrack("ingest", folder, named, "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert error_lines(proc) == [f"Error: {folder / 'pipe.txt'}: not a regular file (a FIFO): skipped",
                                 f"Error: {named}: not a regular file (a FIFO): skipped"]
    assert "1 new" in proc.stdout and "2 failed" in proc.stdout
    assert list(stored(runner, db)) == [str(folder / "good.txt")]


# --- 7: invalid Unicode in text, metadata and names ------------------------------


@pytest.mark.model
def test_invalid_unicode_is_replaced_and_every_good_article_stored(runner: CliRunner, tmp_path: Path) -> None:
    """A lone surrogate in a JSON row, a front matter title or a file name that is not
    UTF-8 poisoned the batch it was in, and so every later run at the same place."""
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(197):
        (folder / f"{n:03d}.txt").write_text(
            f"Fire number {n} on {('Main', 'Oak', 'Elm', 'Pine')[n % 4]} Street\n\n"
            f"Police said {n % 9 + 2} people were hurt in fire number {n}. "
            f"About {n * 7 + 10} residents were evacuated from {n % 5 + 1} buildings.\n", encoding="utf-8")
    rows = [{"text": "Officials said 12 homes burned \ud800 overnight.", "title": "Homes \ud800 burned",
             "outlet": "Daily \udc80 News", "url": "https://news.example/\ud800"},
            {"text": "Officials said 14 barns burned.", "url": "https://news.example/barns"}]
    # ensure_ascii: a lone surrogate can only be written as a \ud800 escape.
    (folder / "rows.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    (folder / "front.md").write_text('---\ntitle: "Crash \\ud800 on Route 9"\nstory: "bad \\udfff"\n---\n'
                                     "Police said 5 people were hurt in a crash.\n", encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as latin1_name:
        latin1_name.write(b"Officials said 30 cafes closed.\n")
    db = tmp_path / "ct.db"
    proc = claimtrack("ingest", folder, "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert error_lines(proc) == []
    articles = stored(runner, db)
    assert len(articles) == 197 + 2 + 1 + 1
    poisoned = articles["https://news.example/\ufffd"]
    assert (poisoned["text"], poisoned["title"], poisoned["outlet"]) == (
        "Officials said 12 homes burned \ufffd overnight.", "Homes \ufffd burned", "Daily \ufffd News")
    assert articles[str(folder / "front.md")]["title"] == "Crash \ufffd on Route 9"
    # An undecodable byte of a name is written \xNN, so two such names stay two articles.
    assert articles[str(folder / "caf\\xe9.txt")]["text"] == "Officials said 30 cafes closed.\n"
    again = claimtrack("ingest", folder, "--db", db)
    assert again.returncode == 0 and "0 new, 201 unchanged" in again.stdout, again.stdout + again.stderr


# --- 10: deep folders --------------------------------------------------------------


@pytest.mark.model
def test_1100_nested_folders_are_walked(runner: CliRunner, tmp_path: Path) -> None:
    top = tmp_path / "deep"
    top.mkdir()
    (top / "top.txt").write_text(GOOD, encoding="utf-8")
    bottom = top
    for _ in range(1100):
        bottom = bottom / "d"
        bottom.mkdir()  # one level at a time: os.makedirs itself recurses per level
    (bottom / "bottom.txt").write_text("Officials said 40 homes were destroyed by the flood.\n", encoding="utf-8")
    try:
        db = tmp_path / "ct.db"
        proc = claimtrack("ingest", top, "--db", db)
        assert proc.returncode == 0, proc.stderr
        assert sorted(stored(runner, db)) == sorted([str(top / "top.txt"), str(bottom / "bottom.txt")])
    finally:
        # Bottom up: shutil.rmtree (pytest's clean-up) recurses per level before Python 3.12.
        (bottom / "bottom.txt").unlink()
        while bottom != top:
            bottom.rmdir()
            bottom = bottom.parent


# --- 14: symlinks out of the folder -----------------------------------------------


@pytest.mark.model
def test_symlink_out_of_the_folder_is_skipped_unless_followed(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    outside = tmp_path / "private.txt"
    outside.write_text("Officials said 99 passwords leaked.\n", encoding="utf-8")
    link = folder / "status.txt"
    os.symlink(outside, link)
    db = tmp_path / "skip.db"
    proc = claimtrack("ingest", folder, "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert error_lines(proc) == [
        f"Error: {link}: symlink to {outside}, outside the folder: skipped (--follow-symlinks reads it)"]
    assert list(stored(runner, db)) == [str(folder / "good.txt")]

    db = tmp_path / "follow.db"
    proc = claimtrack("ingest", folder, "--follow-symlinks", "--db", db)
    assert proc.returncode == 0 and error_lines(proc) == [], proc.stderr
    assert stored(runner, db)[str(link)]["text"] == "Officials said 99 passwords leaked.\n"

    # A symlink named on the command line is followed: the user chose that file.
    db = tmp_path / "named.db"
    proc = claimtrack("ingest", link, "--db", db)
    assert proc.returncode == 0 and error_lines(proc) == [], proc.stderr
    assert list(stored(runner, db)) == [str(link)]


# --- 15: --db must name a regular file; broken front matter ------------------------


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(("make", "message"), [
    (lambda tmp: f"{tmp}/newdir/", "database path {db} ends in a folder separator: name a file,"
                                   " e.g. {db}claimtrack.db"),
    (lambda tmp: (tmp / "folder").mkdir() or f"{tmp}/folder", "database path {db} is a folder, not a file"),
    (lambda tmp: (tmp / "folder").mkdir() or f"{tmp}/folder/", "database path {db} is a folder, not a file"),
    (lambda tmp: str(_fifo(tmp / "fifo.db")),
     "database path {db} is not a regular file (a device, FIFO or socket): name a file"),
    (lambda tmp: os.devnull, "database path {db} is not a regular file (a device, FIFO or socket): name a file"),
], ids=["ends-in-slash", "folder", "folder-slash", "fifo", "dev-null"])
@pytest.mark.parametrize("via", ["--db", "CLAIMTRACK_DB"])
def test_db_must_be_a_regular_file_or_new(tmp_path: Path, make: Any, message: str, via: str) -> None:
    article = tmp_path / "good.txt"
    article.write_text(GOOD, encoding="utf-8")
    db = make(tmp_path)
    # What a bad path used to leave: a file "newdir", a journal such as /dev/null-journal.
    leftovers = [db.rstrip("/"), db.rstrip("/") + "-journal", db.rstrip("/") + "-wal"]
    before = [os.path.lexists(path) for path in leftovers]
    if via == "--db":
        proc = claimtrack("ingest", article, "--db", db)
    else:
        proc = claimtrack("ingest", article, env={"CLAIMTRACK_DB": db})
    assert proc.returncode == 1
    assert error_lines(proc) == ["Error: " + message.format(db=db)]
    assert [os.path.lexists(path) for path in leftovers] == before


@pytest.mark.model
def test_invalid_front_matter_keeps_the_article_titled_from_its_body(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("---\ntitle: [unclosed\n---\n\nCrews fixed 40 leaks.\n", encoding="utf-8")
    db = tmp_path / "ct.db"
    proc = claimtrack("ingest", article, "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert error_lines(proc) == [
        f"Note: {article}: front matter is not valid YAML (expected ',' or ']', but got '<stream end>'"
        " at line 3); the whole file is read as text"]
    assert stored(runner, db)[str(article)]["title"] == "Crews fixed 40 leaks."
