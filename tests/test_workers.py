"""The extraction worker pool (`ingest --workers 2`) never hangs: a worker killed by
SIGKILL (what the out-of-memory killer sends) is noticed and its batch tried again once,
a second death ends the run keeping what was stored, and the first Ctrl-C stops
everything with one line and exit 130.

Every ingest is a real `python -m claimtrack` process in its own session (so it has a
process group, as in a terminal), on a generated corpus; its workers are found in
/proc and signalled there. Every wait has a timeout, and a process still running at the
end of a test is killed with its group, so no test can hang.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from test_reliability import count_rows as count_articles, group_gone, integrity

pytestmark = pytest.mark.model

CLAIMTRACK = [sys.executable, "-m", "claimtrack"]
N_ARTICLES = 200  # four batches of ingest.BATCH_SIZE: the run is still extracting when signalled
WAIT = 120  # seconds: the longest any one ingest may take here
STORED = re.compile(r"(\d+) articles? stored by this run (?:is|are) kept, run the ingest again to finish")

_WHO = ("Police", "Fire officials", "The mayor", "Witnesses", "Hospital staff", "A county spokesperson")
_WHAT = ("people were hurt", "homes were damaged", "residents were evacuated", "firefighters responded",
         "cars were destroyed", "families were displaced", "businesses were closed")
_WHERE = ("Main Street", "Oak Avenue", "the harbor", "Elm Road", "the old mill", "Market Square")


def make_articles(folder: Path, n: int, seed: int = 21) -> None:
    """`n` short fire reports (a title, then 4-8 sentences with a number each), byte-stable."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        sentences = [f"{rng.choice(_WHO)} said {rng.randrange(2, 400)} {rng.choice(_WHAT)} in the fire on"
                     f" {rng.choice(_WHERE)}." for _ in range(rng.randrange(4, 9))]
        (folder / f"fire_{i:03d}.txt").write_text(f"Fire report {i}\n\n" + " ".join(sentences) + "\n",
                                                  encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workers") / "fires"
    make_articles(folder, N_ARTICLES)
    return folder


# --- helpers ---------------------------------------------------------------------


class Ingest:
    """`claimtrack ingest CORPUS --db DB --workers 2` in its own session, output to files."""

    def __init__(self, corpus: Path, db: Path, log: Path) -> None:
        self.db = db
        self.out, self.err = log.with_suffix(".out"), log.with_suffix(".err")
        with open(self.out, "wb") as out, open(self.err, "wb") as err:
            self.proc = subprocess.Popen([*CLAIMTRACK, "ingest", str(corpus), "--db", str(db), "--workers", "2"],
                                         stdout=out, stderr=err, start_new_session=True)

    def wait_until(self, condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if self.proc.poll() is not None:
                pytest.fail(f"ingest exited ({self.proc.returncode}) before {what}: {self.stderr()}")
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for {what}")
            time.sleep(0.01)

    def workers(self) -> set[int]:
        """The pids of the extraction workers: children started by multiprocessing's spawn
        (not its resource tracker, the other child)."""
        found = set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:  # ended meanwhile
                continue
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            if int(ppid) == self.proc.pid and state != "Z" and b"spawn_main" in cmdline:
                found.add(int(entry.name))
        return found

    def stored(self) -> int:
        return count_articles(self.db)

    def stdout(self) -> str:
        return self.out.read_text(encoding="utf-8")

    def stderr(self) -> str:
        return self.err.read_text(encoding="utf-8")

    def group_gone(self) -> bool:
        """Whether every process of the group (the ingest and its workers) has ended."""
        return group_gone(self.proc.pid)

    def kill(self) -> None:
        """End the whole group, if anything of it is left (a failed test's cleanup)."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=30)


@pytest.fixture
def start(corpus: Path, tmp_path: Path) -> Iterator[Callable[[], Ingest]]:
    started: list[Ingest] = []

    def start_ingest() -> Ingest:
        run = Ingest(corpus, tmp_path / "ct.db", tmp_path / f"run{len(started)}")
        started.append(run)
        return run

    yield start_ingest
    for run in started:
        run.kill()


def finish(run: Ingest, timeout: float = WAIT) -> int:
    """Wait for the ingest to end by itself; its exit code."""
    try:
        return run.proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"ingest still running {timeout} s later (it hangs): {run.stderr()}")


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def rerun_completes(corpus: Path, db: Path, stored: int) -> None:
    """A second ingest stores the rest, and the database then holds every article."""
    proc = subprocess.run([*CLAIMTRACK, "ingest", str(corpus), "--db", str(db), "--workers", "2"],
                          capture_output=True, text=True, timeout=WAIT)
    assert proc.returncode == 0, proc.stderr
    assert lines(proc.stderr) == []
    assert lines(proc.stdout)[0] == (
        f"articles: {N_ARTICLES - stored} new, {stored} unchanged, 0 changed, 0 failed")
    assert count_articles(db) == N_ARTICLES
    assert integrity(db) == ["ok"]


# --- a worker killed by SIGKILL ----------------------------------------------------


def test_a_killed_worker_is_replaced_and_the_run_completes(start: Callable[[], Ingest]) -> None:
    run = start()
    # After the first batch is written the workers are extracting the next ones.
    run.wait_until(lambda: run.stored() > 0 and bool(run.workers()), "a batch stored")
    os.kill(min(run.workers()), signal.SIGKILL)

    assert finish(run) == 0, run.stderr()
    assert "Traceback" not in run.stderr()
    assert lines(run.stdout())[0] == f"articles: {N_ARTICLES} new, 0 unchanged, 0 changed, 0 failed"
    # One note says what happened and what was done about it.
    [note] = lines(run.stderr())
    assert note.startswith("Note: "), note
    assert "an extraction worker died (killed by SIGKILL" in note and "trying them again in new workers" in note
    assert run.group_gone(), "a worker outlived the ingest"
    assert count_articles(run.db) == N_ARTICLES
    assert integrity(run.db) == ["ok"]


def test_a_batch_whose_workers_die_twice_ends_the_run_keeping_what_was_stored(
        start: Callable[[], Ingest], corpus: Path) -> None:
    run = start()
    run.wait_until(lambda: run.stored() > 0 and bool(run.workers()), "a batch stored")
    first = run.workers()
    os.kill(min(first), signal.SIGKILL)
    # The batch goes to a new pool; its workers take seconds to load the pipeline, so one
    # killed half a second after it appears dies with the batch in the pool.
    run.wait_until(lambda: bool(run.workers() - first), "new workers after the first death")
    time.sleep(0.5)
    os.kill(min(run.workers() - first), signal.SIGKILL)

    code = finish(run)
    stderr = run.stderr()
    assert "Traceback" not in stderr
    note, error = lines(stderr)
    assert note.startswith("Note: ") and "trying them again in new workers" in note, note
    assert error.startswith("Error: ") and "the extraction workers died twice (killed by SIGKILL" in error, error
    # Both lines name the same batch: the one that was tried again.
    assert note.split(": ")[1] == error.split(": ")[1]
    stored = count_articles(run.db)
    assert STORED.search(error) and int(STORED.search(error)[1]) == stored, error
    # Something was ingested, so the exit code is 0 and the failure is counted.
    assert 0 < stored < N_ARTICLES
    assert code == 0
    assert lines(run.stdout())[0] == f"articles: {stored} new, 0 unchanged, 0 changed, 1 failed"
    assert run.group_gone(), "a worker outlived the ingest"
    assert integrity(run.db) == ["ok"]
    rerun_completes(corpus, run.db, stored)


# --- the first Ctrl-C --------------------------------------------------------------


@pytest.mark.parametrize("when", ["while-extracting", "while-workers-start"])
def test_the_first_ctrl_c_stops_the_ingest(start: Callable[[], Ingest], corpus: Path, when: str) -> None:
    run = start()
    if when == "while-extracting":
        run.wait_until(lambda: run.stored() > 0, "a batch stored")
    else:  # the workers are starting, not yet ignoring SIGINT
        run.wait_until(lambda: bool(run.workers()), "the workers started")
    os.killpg(run.proc.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C
    signalled = time.monotonic()

    code = finish(run, timeout=15)
    assert time.monotonic() - signalled < 15
    assert code == 130
    stderr = run.stderr()
    assert "Traceback" not in stderr
    [line] = lines(stderr)
    assert line.startswith("interrupted: "), line
    assert run.group_gone(), "a worker outlived the ingest"
    stored = count_articles(run.db)
    assert STORED.search(line) and int(STORED.search(line)[1]) == stored, line
    if when == "while-extracting":
        assert stored > 0
    if run.db.exists():
        assert integrity(run.db) == ["ok"]
    rerun_completes(corpus, run.db, stored)
