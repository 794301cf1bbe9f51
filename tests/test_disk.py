"""A real full disk, and what --debug adds to an error that is otherwise one line.

test_reliability.py fills the disk with a file size limit (RLIMIT_FSIZE: EFBIG, per
file); here the database lives on a small filesystem mounted for the test, filled up
to the last few kilobytes, so SQLite meets ENOSPC wherever it happens to write first:
the WAL index (-shm) on opening, or the write-ahead log while articles or comparisons
are stored.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from claimtrack.database import SCHEMA_VERSION
from conftest import newer_db
from test_reliability import CLAIMTRACK, WAIT, integrity, make_articles, run, snapshot, stderr_lines, summary_line

N_FIRST, N_MORE = 20, 300
DISK_SIZE = 32 * 1024 * 1024  # room for both sets, their comparisons and the write-ahead log


# --- a small real filesystem ------------------------------------------------------------


def _try(commands: list[list[str]]) -> str | None:
    """Run `commands` in order; None if all succeed, else the failing command and its error."""
    for command in commands:
        try:
            proc = subprocess.run(command, capture_output=True, text=True, timeout=60)
        except OSError as error:
            return f"`{' '.join(command)}`: {error}"
        if proc.returncode != 0:
            return f"`{' '.join(command)}` exited {proc.returncode}: {' '.join(proc.stderr.split())}"
    return None


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A freshly mounted filesystem of DISK_SIZE bytes: tmpfs, else an ext4 image on a loop
    device. Only when the container allows neither is the test an xfail, saying why."""
    where = tmp_path / "disk"
    where.mkdir()
    image = tmp_path / "disk.img"
    failures = []
    for attempt in (
        [["mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE}", "tmpfs", str(where)]],
        # -m 0: no blocks reserved for root, so "full" means the same for every user.
        [["truncate", "-s", str(DISK_SIZE), str(image)], ["mkfs.ext4", "-q", "-m", "0", str(image)],
         ["mount", "-o", "loop", str(image), str(where)]],
    ):
        failure = _try(attempt)
        if failure is None:
            break
        failures.append(failure)
    else:
        pytest.xfail("not tested here: cannot mount a small filesystem: " + "; ".join(failures))
    try:
        yield where
    finally:
        if _try([["umount", str(where)]]) is not None:
            _try([["umount", "-l", str(where)]])  # something still holds a file: detach it anyway
        image.unlink(missing_ok=True)


def fill(folder: Path, *, leave: int) -> Path:
    """Fill the filesystem of `folder` with one file until it has no room left, then give
    back `leave` bytes (rounded to blocks by the filesystem). Returns the file."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        size = 0
        for chunk in (1 << 20, 64 << 10, 4 << 10, 512):
            while True:
                try:
                    os.posix_fallocate(fd, size, chunk)
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
                    break
                size += chunk
        os.ftruncate(fd, max(0, size - leave))
    finally:
        os.close(fd)
    stat = os.statvfs(folder)
    # f_bavail: ext4 keeps some free blocks back for its own metadata, and f_bfree counts them.
    free = stat.f_bavail * stat.f_frsize
    assert free <= leave + 64 * 1024, f"{free} bytes still free, expected about {leave}"
    return filler


# --- the full disk --------------------------------------------------------------------


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two folders: N_FIRST articles committed before the disk fills, N_MORE after."""
    root = tmp_path_factory.mktemp("disk-articles")
    make_articles(root / "first", N_FIRST, seed=1)
    make_articles(root / "more", N_MORE, seed=2)
    return root / "first", root / "more"


def _ingest(folder: Path, db: Path) -> subprocess.CompletedProcess[str]:
    # One process: extraction workers would each load spaCy again, doubling the test's time
    # without touching the disk any differently (only the main process writes).
    return run("ingest", folder, "--db", db, "--workers", "1")


# With no room for even the 32 KB WAL index the database cannot be opened; with about 640 KB
# one or more batches of 64 articles are committed before the write-ahead log fills; with
# 3 MB every article fits (about 1 MB) and the comparisons do not.
@pytest.mark.model
@pytest.mark.parametrize("room, phase", [(0, "opening"), (640_000, "articles"), (3_000_000, "comparisons")],
                         ids=["full-before-opening", "full-while-storing-articles",
                              "full-while-storing-comparisons"])
def test_full_disk_stops_the_ingest_with_one_line_and_keeps_what_was_committed(
        small_disk: Path, articles: tuple[Path, Path], room: int, phase: str) -> None:
    first, more = articles
    db = small_disk / "ct.db"
    proc = _ingest(first, db)
    assert proc.returncode == 0, proc.stderr
    before = snapshot(db)
    assert len(before["articles"]) == N_FIRST and before["claims"] and before["comparisons"]

    filler = fill(small_disk, leave=room)
    proc = _ingest(more, db)  # run() asserts there is no traceback
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert stderr_lines(proc.stderr) == [f"Error: database {db}: disk is full; what was committed before is kept"]

    filler.unlink()
    assert integrity(db) == ["ok"]
    after = snapshot(db)
    # Every article committed before, with exactly its claims, and the comparisons (the
    # failed run never got to replace them).
    for path, article in before["articles"].items():
        assert after["articles"][path] == article
        assert after["by_article"].get(path) == before["by_article"].get(path), path
    for claim_id, claim in before["claims"].items():
        assert after["claims"][claim_id] == claim
    assert after["comparisons"] == before["comparisons"]
    new = set(after["articles"]) - set(before["articles"])
    if phase == "opening":
        assert after["articles"] == before["articles"] and after["claims"] == before["claims"]
    elif phase == "articles":
        assert 0 < len(new) < N_MORE
    else:
        assert len(new) == N_MORE

    # With room again, the next ingest finishes: it keeps what the failed run stored and
    # writes the rest and all the comparisons.
    again = _ingest(more, db)
    assert again.returncode == 0, again.stderr
    assert stderr_lines(again.stderr) == []
    assert summary_line(again.stdout) == (
        f"articles: {N_MORE - len(new)} new, {len(new)} unchanged, 0 changed, 0 failed")
    assert integrity(db) == ["ok"]
    final = snapshot(db)
    assert len(final["articles"]) == N_FIRST + N_MORE
    for path in set(before["articles"]) | new:
        assert final["articles"][path] == after["articles"][path]
        assert final["by_article"].get(path) == after["by_article"].get(path), path
        for claim_id in after["by_article"].get(path, ()):
            assert final["claims"][claim_id] == after["claims"][claim_id]
    assert len(final["comparisons"]) > len(before["comparisons"])
    for a, b, *_ in final["comparisons"].values():
        assert a in final["claims"] and b in final["claims"]
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT value FROM meta WHERE key = 'comparisons_stale'").fetchone() == ("0",)
    finally:
        conn.close()


# --- --debug ----------------------------------------------------------------------------


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


COMMANDS = {
    "ingest": ["ingest", "{articles}"],
    "conflicts": ["conflicts"],
    "claims": ["claims"],
    "export": ["export", "--json"],
    "groups": ["groups"],
    "review": ["review", "0123456789abcdef", "--confirm"],
    "trace": ["trace", "0123456789abcdef"],
    "report": ["report", "-o", "{tmp}/report.html"],
    "datasette-metadata": ["datasette-metadata"],
}


@pytest.mark.parametrize("make, message", [
    (_folder, "database path {db} is a folder, not a file"),
    (newer_db, "{db} was written by a newer claimtrack (schema 99, this one reads "
               f"{SCHEMA_VERSION}): upgrade claimtrack"),
], ids=["db-is-a-folder", "db-from-a-newer-claimtrack"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_debug_shows_the_traceback_of_an_error_that_is_otherwise_one_line(
        tmp_path: Path, command: str, make: Callable[[Path], Path], message: str) -> None:
    articles = tmp_path / "articles"
    make_articles(articles, 1)
    db = make(tmp_path / "x.db")
    args = [a.format(articles=articles, tmp=tmp_path) for a in COMMANDS[command]] + ["--db", str(db)]
    message = message.format(db=db)

    plain = run(*args)  # run() asserts there is no traceback
    assert plain.returncode == 1, (plain.stdout, plain.stderr)
    assert stderr_lines(plain.stderr) == [f"Error: {message}"]

    debug = subprocess.run([*CLAIMTRACK, *args, "--debug"], capture_output=True, text=True, timeout=WAIT)
    assert debug.returncode != 0
    lines = stderr_lines(debug.stderr)
    assert lines[0] == "Traceback (most recent call last):", debug.stderr
    assert any("claimtrack/store.py" in line for line in lines), debug.stderr
    assert lines[-1] == f"claimtrack.errors.StoreError: {message}"
    assert not (tmp_path / "report.html").exists()
