"""The database in Datasette: full-text search, the conflicts view, metadata and canned queries,
read through Datasette's own Python API (no server, no network)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from datasette.app import Datasette

from claimtrack.cli import app
from conftest import copy_db


@pytest.fixture(scope="module")
def served(runner, seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Datasette, str, dict]:
    """Datasette over a copy of the seed database (named claimtrack), with claimtrack's metadata."""
    db = copy_db(seed_db, tmp_path_factory.mktemp("datasette") / "claimtrack.db")
    result = runner.invoke(app, ["datasette-metadata", "--db", str(db)])
    assert result.exit_code == 0, result.output
    metadata = json.loads(result.stdout)
    return Datasette(files=[str(db)], metadata=metadata), "claimtrack", metadata


def _get(ds: Datasette, url: str) -> list[dict] | dict:
    response = asyncio.run(ds.client.get(url))
    assert response.status_code == 200, (url, response.text[:300])
    return response.json()


def test_conflicts_view_has_both_quotes_and_sources(served) -> None:
    ds, name, _ = served
    rows = _get(ds, f"/{name}/conflicts.json?_shape=array")
    pairs = {frozenset((r["quote_a"], r["quote_b"])) for r in rows}
    assert pairs == {
        frozenset(("A total of 489 detainers", "more than 500 detainers")),
        frozenset(("more than 500 detainers", "a total of 489 detainer requests")),
    }
    for row in rows:
        assert row["source_a"] != row["source_b"]
        assert "cannot both hold" in row["reason"]


def test_canned_queries_for_conflicts_and_groups(served) -> None:
    ds, name, _ = served
    conflicts = _get(ds, f"/{name}/open_conflicts.json?_shape=array")
    assert {r["quote_a"] for r in conflicts} | {r["quote_b"] for r in conflicts} == {
        "A total of 489 detainers", "more than 500 detainers", "a total of 489 detainer requests"}
    groups = _get(ds, f"/{name}/quantity_groups.json?_shape=array")
    assert sum(g["pairs"] for g in groups) == 25  # every comparison of the seeds is in a group
    assert groups[0]["conflicts"] == 2 and groups[0]["low"] == 489


def test_full_text_search_on_articles_and_claims(served) -> None:
    ds, name, _ = served
    claims = _get(ds, f"/{name}/claims.json?_search=detainer&_shape=array")
    assert claims and all("detainer" in (c["quote"] + c["sentence"]).lower() for c in claims)
    articles = _get(ds, f"/{name}/articles.json?_search=Mecklenburg&_shape=array")
    assert articles and all("Mecklenburg" in a["text"] for a in articles)
    assert len(articles) < 5


def test_metadata_describes_columns_and_facets(served) -> None:
    ds, name, metadata = served
    tables = metadata["databases"][name]["tables"]
    assert tables["claims"]["columns"]["quote"].startswith("Qualifier, number")
    facets = _get(ds, f"/{name}/comparisons.json?_facet=verdict")
    verdicts = {f["value"] for f in facets["facet_results"]["verdict"]["results"]}
    assert "conflict" in verdicts and "agree" in verdicts
    shown = _get(ds, f"/{name}/claims.json")
    assert "kind" in shown["facet_results"]  # facets from the metadata apply


def test_metadata_on_a_missing_database_is_one_error(runner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["datasette-metadata", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "no database" in result.stderr
    assert not (tmp_path / "none.db").exists()
