"""The first things a new user types: --version, -h, and shell completion."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimtrack import __version__

BIN = Path(sys.executable).parent / "claimtrack"
CLAIMTRACK = [str(BIN)] if BIN.exists() else [sys.executable, "-m", "claimtrack"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLAIMTRACK, *args], capture_output=True, text=True, timeout=120)


def test_version_prints_the_installed_version():
    done = _run("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"claimtrack {__version__}"


@pytest.mark.parametrize("args", [("-h",), ("conflicts", "-h"), ("ingest", "-h")])
def test_short_help_is_help(args):
    done = _run(*args)
    assert done.returncode == 0 and "Usage: claimtrack" in done.stdout and not done.stderr


def test_completion_can_be_shown_for_a_shell():
    done = _run("--show-completion", "bash")
    assert done.returncode == 0 and "complete" in done.stdout and "claimtrack" in done.stdout


def test_a_run_that_stores_nothing_makes_no_database(tmp_path):
    db = tmp_path / "news.db"
    (tmp_path / "empty.txt").write_text("")
    for target in (tmp_path / "typo", tmp_path / "empty.txt"):
        done = _run("ingest", str(target), "--db", str(db))
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert not any(tmp_path.glob("news.db*")), done.stderr
    done = _run("conflicts", "--db", str(db))
    assert done.returncode == 1 and "no database" in done.stderr


@pytest.mark.model
def test_a_failed_run_keeps_a_database_that_was_there(tmp_path):
    db = tmp_path / "news.db"
    (tmp_path / "a.txt").write_text("Police said 12 people were hurt in the fire on Main Street.")
    assert _run("ingest", str(tmp_path / "a.txt"), "--db", str(db)).returncode == 0
    assert _run("ingest", str(tmp_path / "typo"), "--db", str(db)).returncode == 1
    done = _run("export", "--json", "--what", "claims", "--db", str(db))
    assert done.returncode == 0 and [c["quote"] for c in json.loads(done.stdout)] == ["12 people"]


def test_every_reported_failure_is_a_claimtrack_error() -> None:
    # One base, so a library user catches claimtrack's failures in one except clause,
    # and the CLI maps them to exit codes in one place.
    from claimtrack import errors

    failures = [errors.StoreError, errors.UnknownId, errors.AmbiguousId, errors.BadFilter,
                errors.OutputError, errors.ModelNotFound, errors.ClusterUnavailable]
    assert all(issubclass(f, errors.ClaimtrackError) for f in failures)
    assert {f for f in failures if issubclass(f, errors.UsageError)} == {errors.AmbiguousId, errors.BadFilter}


@pytest.mark.parametrize("delay", [0.05, 0.1, 0.2, 0.4])
def test_a_ctrl_c_while_the_command_starts_is_one_line(tmp_path, delay):
    """Issue 21: a Ctrl-C in the first fraction of a second (while the modules import) printed
    a traceback. Now one line and exit 130 wherever it lands (or the command finishes first)."""
    import signal
    import time

    db = tmp_path / "none.db"
    proc = subprocess.Popen([*CLAIMTRACK, "conflicts", "--db", str(db)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert "Traceback" not in err, err
    assert len(err.splitlines()) <= 1, err
    if proc.returncode == 130:
        assert err.startswith("interrupted"), err
    else:  # finished before the signal: the one-line error about the missing database
        assert proc.returncode == 1 and err.startswith("Error:"), err
