"""Groups, reviews and traces through the CLI on the seeds."""

from __future__ import annotations

import json

import pytest

from claimtrack.cli import app
from conftest import SEEDS, export

pytestmark = pytest.mark.model


@pytest.fixture()
def own_db(tmp_path, runner):
    """A seed database this test may write reviews into (the shared one stays clean)."""
    db = tmp_path / "claimtrack.db"
    assert runner.invoke(app, ["ingest", "--db", str(db), str(SEEDS)]).exit_code == 0
    return db


def _conflicts(runner, db, *extra):
    result = runner.invoke(app, ["conflicts", "--db", str(db), "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_groups_list_the_detainer_conflict_with_its_sources(runner, seed_db):
    result = runner.invoke(app, ["groups", "--db", str(seed_db), "--json"])
    assert result.exit_code == 0
    groups = json.loads(result.stdout)
    detainers = [g for g in groups if g["subject"].startswith("detainers")]
    assert len(detainers) == 1
    group = detainers[0]
    assert group["verdict"] == "conflict"
    assert [s.rsplit("/", 1)[-1][:3] for s in group["sources"]] == ["000", "001", "004"]
    assert group["low"] == 489 and group["high"] is None
    comparison_groups = {r["group_id"] for r in export(runner, seed_db, "comparisons")}
    assert {g["group_id"] for g in groups} == comparison_groups


def test_export_groups_csv_has_one_row_per_group(runner, seed_db):
    result = runner.invoke(app, ["export", "--db", str(seed_db), "--what", "groups", "--csv"])
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("group_id,subject,claims,sources")
    groups = json.loads(runner.invoke(app, ["groups", "--db", str(seed_db), "--json"]).stdout)
    assert len(lines) == 1 + len(groups)


def test_dismissed_conflict_is_hidden_and_survives_reingest(runner, own_db):
    conflicts = _conflicts(runner, own_db)
    assert len(conflicts) == 2
    target = conflicts[0]["id"]
    result = runner.invoke(app, ["review", target, "--dismiss", "--note", "ten months only", "--db", str(own_db)])
    assert result.exit_code == 0
    assert target not in {c["id"] for c in _conflicts(runner, own_db)}
    assert target in {c["id"] for c in _conflicts(runner, own_db, "--dismissed")}
    # Re-ingest (unchanged, then one article changed) keeps the review.
    assert runner.invoke(app, ["ingest", "--db", str(own_db), str(SEEDS)]).exit_code == 0
    assert target not in {c["id"] for c in _conflicts(runner, own_db)}


def test_confirmed_conflict_is_marked(runner, own_db):
    target = _conflicts(runner, own_db)[0]["id"]
    assert runner.invoke(app, ["review", target, "--confirm", "--db", str(own_db)]).exit_code == 0
    rows = {c["id"]: c for c in _conflicts(runner, own_db)}
    assert rows[target]["review"] == "confirmed"


def test_review_of_an_unknown_comparison_is_one_line_exit_1(runner, own_db):
    result = runner.invoke(app, ["review", "nope", "--confirm", "--db", str(own_db)])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: no comparison with id 'nope' (see claimtrack conflicts --all)"


def test_review_needs_exactly_one_decision(runner, own_db):
    assert runner.invoke(app, ["review", "x", "--db", str(own_db)]).exit_code == 2
    assert runner.invoke(app, ["review", "x", "--confirm", "--dismiss", "--db", str(own_db)]).exit_code == 2


def test_trace_shows_first_appearance_and_the_change(runner, seed_db):
    claims = export(runner, seed_db, "claims")
    requests = next(c for c in claims if c["quote"].endswith("489 detainer requests"))
    result = runner.invoke(app, ["trace", requests["id"], "--db", str(seed_db), "--json"])
    assert result.exit_code == 0
    steps = json.loads(result.stdout)
    assert steps[0]["role"] == "first appearance" and steps[0]["date"] == "2019-09-09"
    assert steps[0]["source"].endswith("000_f9cb93843f7f8dc6.txt")
    assert any(s["role"] == "changes (conflict)" and "more than 500" in s["quote"] for s in steps)


def test_trace_of_unknown_claim_exits_1(runner, seed_db):
    result = runner.invoke(app, ["trace", "nope", "--db", str(seed_db)])
    assert result.exit_code == 1
    assert "no claim with id 'nope'" in result.stderr


def _ingest_texts(runner, folder, texts):
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder / "claimtrack.db"
    result = runner.invoke(app, ["ingest", "--db", str(db), str(folder)])
    assert result.exit_code == 0, result.output
    return db


CALLER = ("---\noutlet: The Daily Caller\ndate: 2019-10-01\n---\n"
          "Local authorities in North Carolina ignored 489 detainers in fiscal year 2019, ICE said.\n")


def test_a_claim_citing_another_article_is_linked_and_still_compared(runner, tmp_path):
    db = _ingest_texts(runner, tmp_path / "corpus", {
        "caller.md": CALLER,
        "later.md": "---\noutlet: Other Outlet\ndate: 2019-10-03\n---\n"
                    "According to the Daily Caller, local authorities in North Carolina ignored "
                    "489 detainers in fiscal year 2019.\n",
    })
    claims = {c["source"].rsplit("/", 1)[-1]: c for c in export(runner, db, "claims")}
    [row] = _conflicts(runner, db, "--all")
    assert row["verdict"] == "agree"
    assert row["cites"] == claims["caller.md"]["id"]  # later.md cites the Daily Caller's claim
    assert "cites The Daily Caller" in row["reason"]
    steps = json.loads(runner.invoke(app, ["trace", claims["later.md"]["id"], "--db", str(db), "--json"]).stdout)
    assert steps[0]["source"].endswith("caller.md") and steps[0]["role"] == "first appearance"
    assert steps[1]["cites"] == claims["caller.md"]["id"] and "citing" in steps[1]["role"]


@pytest.mark.parametrize("later", [
    # Another value: a restatement that changed the number is not a citation of it.
    "According to the Daily Caller, local authorities in North Carolina ignored 500 detainers in fiscal year 2019.\n",
    # Attributed to someone else.
    "According to ICE, local authorities in North Carolina ignored 489 detainers in fiscal year 2019.\n",
])
def test_no_citation_without_the_outlet_and_the_same_value(runner, tmp_path, later):
    db = _ingest_texts(runner, tmp_path / "corpus", {
        "caller.md": CALLER, "later.md": "---\ndate: 2019-10-03\n---\n" + later})
    [row] = _conflicts(runner, db, "--all")
    assert row["cites"] is None


def test_an_earlier_article_cannot_cite_a_later_one(runner, tmp_path):
    db = _ingest_texts(runner, tmp_path / "corpus", {
        "caller.md": CALLER.replace("2019-10-01", "2019-10-09"),
        "earlier.md": "---\ndate: 2019-10-03\n---\nAccording to the Daily Caller, local authorities in "
                      "North Carolina ignored 489 detainers in fiscal year 2019.\n"})
    [row] = _conflicts(runner, db, "--all")
    assert row["cites"] is None
