"""The first things a new user types: --version, -h, and shell completion."""

from __future__ import annotations

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
