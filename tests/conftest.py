"""Shared fixtures: the seed articles ingested once through the real CLI and pipeline."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT.parent / "shared" / "gold" / "seeds.json"


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory, runner: CliRunner) -> Path:
    """A database made by `claimtrack ingest seeds/` (run once per test session)."""
    db = tmp_path_factory.mktemp("seed") / "claimtrack.db"
    result = runner.invoke(app, ["ingest", "--db", str(db), str(SEEDS)])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="session")
def gold() -> dict:
    if not GOLD.exists():
        pytest.fail(f"the seed gold is missing: expected {GOLD} (../shared beside the checkout)")
    return json.loads(GOLD.read_text(encoding="utf-8"))


def copy_db(source: Path, target: Path) -> Path:
    """A consistent copy of an SQLite (WAL) database through the backup API."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def newer_db(path: Path) -> Path:
    """A database stamped by a newer claimtrack (schema version 99)."""
    conn = sqlite3.connect(path)
    for table in ("articles", "claims", "comparisons"):
        conn.execute(f"CREATE TABLE {table} (id TEXT)")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    return path


def export(runner: CliRunner, db: Path, what: str) -> list[dict]:
    """`claimtrack export --json --what WHAT` parsed."""
    result = runner.invoke(app, ["export", "--db", str(db), "--json", "--what", what])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """An empty run is a failure, never green by accident (pytest's own code would be 5)."""
    if session.testscollected == 0 and exitstatus in (0, 5):
        session.exitstatus = 1
