"""Extraction on a Dask cluster (`ingest --scheduler`): the seeds give exactly the
claims and comparisons of a local run, and a cluster that cannot be used is one
line on stderr, exit 1, with nothing already stored lost.

One LocalCluster per module: two worker processes, listening on loopback only.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from claimtrack import execution
from claimtrack.cli import app
from claimtrack.ingest import ingest, list_inputs
from claimtrack.store import Store
from conftest import SEEDS, copy_db, export

PYTHON = sys.executable
# The module, not the function of the same name that claimtrack/__init__.py exports.
ingest_module = importlib.import_module("claimtrack.ingest")
WHAT = ("articles", "claims", "comparisons")


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    # Scheduler, nannies and workers bind 127.0.0.1 only, on free ports. No dashboard; the
    # scheduler's HTTP server (health checks) would still take 8787 unless given an address.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as local:
        yield local


def worker_pipelines(address: str) -> dict[str, dict[str, int]]:
    """Per worker: the pipelines it has loaded (model name -> object id)."""

    def loaded() -> dict[str, int]:
        import importlib

        pipelines = importlib.import_module("claimtrack.execution")._dask_pipelines
        return {str(name): id(nlp) for name, nlp in pipelines.items()}

    with Client(address, timeout="10s", set_as_default=False) as client:
        return client.run(loaded)


def claimtrack_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PYTHON, "-m", "claimtrack", *args], capture_output=True, text=True, timeout=180)


@pytest.mark.model
def test_dask_ingest_gives_the_local_claims_and_comparisons(
    cluster: LocalCluster, seed_db: Path, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Batches of two articles: three batches, each split between both workers.
    monkeypatch.setattr(ingest_module, "BATCH_SIZE", 2)
    db = tmp_path / "dask.db"
    report = ingest(Store(db), list_inputs([str(SEEDS)]), scheduler=cluster.scheduler_address)
    assert (report.new, report.changed, report.failed) == (5, 0, [])

    local = {what: export(runner, seed_db, what) for what in WHAT}
    assert local["claims"] and local["comparisons"]  # never equal by being empty
    for what in WHAT:
        assert export(runner, db, what) == local[what], what
    counts = Store(seed_db).counts()
    assert (report.claims, report.comparisons, report.conflicts) == (
        counts["claims"], counts["comparisons"], counts["conflicts"])


@pytest.mark.model
def test_cli_ingest_with_scheduler_matches_local_and_loads_the_pipeline_once(
    cluster: LocalCluster, seed_db: Path, runner: CliRunner, tmp_path: Path,
) -> None:
    address = cluster.scheduler_address
    first = claimtrack_cli("ingest", str(SEEDS), "--scheduler", address, "--db", str(tmp_path / "a.db"))
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    assert "articles: 5 new, 0 unchanged, 0 changed, 0 failed" in first.stdout
    for what in WHAT:
        assert export(runner, tmp_path / "a.db", what) == export(runner, seed_db, what), what

    loaded = worker_pipelines(address)
    assert len(loaded) == 2 and all(len(models) == 1 for models in loaded.values()), loaded
    second = claimtrack_cli("ingest", str(SEEDS), "--scheduler", address, "--db", str(tmp_path / "b.db"))
    assert second.returncode == 0, second.stderr
    # The same pipeline objects: each worker loaded its pipeline once and kept it.
    assert worker_pipelines(address) == loaded

    again = claimtrack_cli("ingest", str(SEEDS), "--scheduler", address, "--db", str(tmp_path / "a.db"))
    assert again.returncode == 0, again.stderr
    assert "articles: 0 new, 5 unchanged, 0 changed, 0 failed" in again.stdout


@pytest.mark.model
def test_unreachable_scheduler_is_one_line_and_keeps_the_database(seed_db: Path, runner: CliRunner,
                                                                  tmp_path: Path) -> None:
    db = copy_db(seed_db, tmp_path / "ct.db")
    before = {what: export(runner, db, what) for what in WHAT}
    new = tmp_path / "new"
    new.mkdir()
    (new / "later.txt").write_text("Officials said 12 people were hurt on Monday.\n", encoding="utf-8")

    # Port 1 on loopback: refused at once, retried until the connection timeout.
    result = claimtrack_cli("ingest", str(SEEDS), str(new), "--scheduler", "tcp://127.0.0.1:1", "--db", str(db))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Error: cannot reach the Dask scheduler: Timed out trying to connect to tcp://127.0.0.1:1"
        f" after {execution.CONNECT_TIMEOUT} s"]
    assert result.stdout == ""
    assert {what: export(runner, db, what) for what in WHAT} == before


def test_malformed_scheduler_address_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Officials said 12 people were hurt.\n", encoding="utf-8")
    result = claimtrack_cli("ingest", str(tmp_path / "a.txt"), "--scheduler", "http://127.0.0.1:8786",
                            "--db", str(tmp_path / "ct.db"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Error: invalid Dask scheduler address 'http://127.0.0.1:8786': unknown address scheme 'http'"
        " (known schemes: ['inproc', 'tcp', 'tls', 'ucx', 'ws', 'wss'])"]


def test_missing_dask_is_one_line_naming_the_extra(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Officials said 12 people were hurt.\n", encoding="utf-8")
    # dask and distributed made unimportable in this process only, as if not installed.
    code = ("import sys; sys.modules['dask'] = sys.modules['distributed'] = None; "
            "from claimtrack.cli import main; sys.argv = ['claimtrack', *__import__('json').loads(sys.argv[1])]; "
            "main()")
    args = ["ingest", str(tmp_path / "a.txt"), "--scheduler", "tcp://127.0.0.1:8786", "--db", str(tmp_path / "ct.db")]
    result = subprocess.run([PYTHON, "-c", code, json.dumps(args)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Error: running on a Dask cluster needs dask.distributed, which is not installed:"
        " run pip install 'claimtrack[dask]'"]


def test_missing_pipeline_on_the_workers_is_one_line(cluster: LocalCluster, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Officials said 12 people were hurt.\n", encoding="utf-8")
    result = claimtrack_cli("ingest", str(tmp_path / "a.txt"), "--scheduler", cluster.scheduler_address,
                            "--model", "no_such_pipeline", "--db", str(tmp_path / "ct.db"))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: on a Dask worker: spaCy pipeline 'no_such_pipeline' is not installed")


def test_ingest_help_names_the_extra(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ingest", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Run extraction on this Dask scheduler (tcp://host:8786); needs claimtrack[dask]." in result.stdout
