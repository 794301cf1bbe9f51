"""Copies: wire copies stay separate articles, linked; identical ones are not compared."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from claimtrack.cli import app
from claimtrack.copies import fingerprint, link_copies

from conftest import SEEDS, copy_db, export

STORY = (SEEDS / "000_f9cb93843f7f8dc6.txt").read_text(encoding="utf-8")
OTHER = (SEEDS / "001_9fd92f6c153f2ddc.txt").read_text(encoding="utf-8")


def _row(path: str, text: str, date: str | None = None) -> tuple[str, str, str | None, str, bytes]:
    import hashlib

    return (f"id-{path}", path, date, hashlib.sha256(text.encode()).hexdigest(), fingerprint(text))


def test_identical_texts_link_to_the_earliest_dated() -> None:
    links = link_copies([_row("b.txt", STORY, "2019-09-09"), _row("a.txt", STORY, "2019-09-10")])
    assert links == [{"article_id": "id-a.txt", "copy_of": "id-b.txt", "kind": "identical", "similarity": 1.0}]


def test_near_copy_with_new_headline_and_last_line_is_linked_as_near() -> None:
    edited = "WIRE: " + STORY.replace("Breitbart News", "The Wire Desk", 1) + "\nThis story has been updated."
    [link] = link_copies([_row("a.txt", STORY), _row("b.txt", edited)])
    assert (link["copy_of"], link["kind"]) == ("id-a.txt", "near")
    assert 0.8 <= link["similarity"] < 1.0


def test_two_articles_on_one_story_are_not_copies() -> None:
    # 000 and 001 share the story, quotes and figures, but are written separately.
    assert link_copies([_row("a.txt", STORY), _row("b.txt", OTHER)]) == []


def test_nothing_to_link_in_one_article() -> None:
    assert link_copies([_row("a.txt", STORY)]) == []
    assert link_copies([]) == []


@pytest.fixture(scope="module")
def copies_db(tmp_path_factory: pytest.TempPathFactory, runner) -> Path:
    """The seeds plus a byte-identical wire copy of 000 and a lightly edited one."""
    root = tmp_path_factory.mktemp("copies")
    corpus = root / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "wire").mkdir()
    shutil.copyfile(SEEDS / "000_f9cb93843f7f8dc6.txt", corpus / "wire" / "copy.txt")
    (corpus / "wire" / "near.txt").write_text(
        STORY.replace("Breitbart News", "The Wire Desk", 1) + "\nThis story has been updated.\n",
        encoding="utf-8")
    db = root / "claimtrack.db"
    result = runner.invoke(app, ["ingest", "--db", str(db), str(corpus)])
    assert result.exit_code == 0, result.output
    return db


def _copies(runner, db: Path) -> dict[str, tuple[str, str]]:
    """copy's file name -> (file name of the article it copies, kind)."""
    return {Path(r["path"]).name: (Path(r["copy_of_path"]).name, r["kind"])
            for r in export(runner, db, "copies")}


def test_copies_stay_articles_with_their_own_claims(runner, copies_db: Path) -> None:
    assert len(export(runner, copies_db, "articles")) == 7
    assert _copies(runner, copies_db) == {
        "copy.txt": ("000_f9cb93843f7f8dc6.txt", "identical"),
        "near.txt": ("000_f9cb93843f7f8dc6.txt", "near"),
    }
    claims = export(runner, copies_db, "claims")
    per_source = {name: [c["quote"] for c in claims if Path(c["source"]).name == name]
                  for name in ("000_f9cb93843f7f8dc6.txt", "copy.txt")}
    assert per_source["copy.txt"] == per_source["000_f9cb93843f7f8dc6.txt"] != []


def test_only_identical_copies_skip_comparison_with_each_other(runner, copies_db: Path) -> None:
    pairs = {frozenset((Path(r["source_a"]).name, Path(r["source_b"]).name))
             for r in export(runner, copies_db, "comparisons")}
    assert frozenset(("000_f9cb93843f7f8dc6.txt", "copy.txt")) not in pairs
    assert frozenset(("000_f9cb93843f7f8dc6.txt", "near.txt")) in pairs
    assert frozenset(("copy.txt", "near.txt")) in pairs
    # Each copy is still compared with the other sources: 001 conflicts with all three.
    conflicting = {Path(r[side]).name for r in export(runner, copies_db, "comparisons")
                   if r["verdict"] == "conflict" for side in ("source_a", "source_b")}
    assert {"000_f9cb93843f7f8dc6.txt", "copy.txt", "near.txt"} <= conflicting


def test_conflicts_show_copies_as_one_source_with_appearances(runner, copies_db: Path) -> None:
    table = runner.invoke(app, ["conflicts", "--db", str(copies_db)], env={"COLUMNS": "400"})
    assert table.exit_code == 0, table.output
    # The seeds' two conflicts, each shown once: 000 with its two copies as appearances.
    assert len(re.findall(r"│\s*conflict\s*│", table.stdout)) == 2
    assert "(+2 copies:" in table.stdout and "copy.txt" in table.stdout and "near.txt" in table.stdout
    # JSON keeps a row per candidate pair, for programs.
    rows = json.loads(runner.invoke(app, ["conflicts", "--db", str(copies_db), "--json"]).stdout)
    assert len(rows) == 4


def test_groups_count_copies_as_one_source(runner, copies_db: Path) -> None:
    groups = json.loads(runner.invoke(app, ["groups", "--db", str(copies_db), "--json"]).stdout)
    detainers = next(g for g in groups if g["verdict"] == "conflict" and "detainer" in g["subject"])
    assert [Path(s).name for s in detainers["sources"]] == [
        "000_f9cb93843f7f8dc6.txt", "001_9fd92f6c153f2ddc.txt", "004_6daccbc1f85fadcf.txt"]
    assert {Path(s).name for s in detainers["appearances"]} == {
        "000_f9cb93843f7f8dc6.txt", "001_9fd92f6c153f2ddc.txt", "004_6daccbc1f85fadcf.txt",
        "copy.txt", "near.txt"}


def test_editing_a_copy_relinks_it(runner, copies_db: Path, tmp_path: Path) -> None:


    db = copy_db(copies_db, tmp_path / "edited.db")
    articles = {Path(a["path"]).name: a["path"] for a in export(runner, db, "articles")}
    near = Path(articles["near.txt"])
    original = near.read_text(encoding="utf-8")
    try:
        near.write_text(OTHER, encoding="utf-8")  # now a copy of 001, no longer of 000
        result = runner.invoke(app, ["ingest", "--db", str(db), str(near)])
        assert result.exit_code == 0, result.output
        assert _copies(runner, db) == {
            "copy.txt": ("000_f9cb93843f7f8dc6.txt", "identical"),
            "near.txt": ("001_9fd92f6c153f2ddc.txt", "identical"),
        }
    finally:
        near.write_text(original, encoding="utf-8")


def test_report_shows_a_conflict_repeated_by_copies_once(runner, copies_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--db", str(copies_db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    # The seeds' two conflicts, not four: 000's copies are listed as appearances of it.
    assert page.count('<div class="conflict" id="conflict-') == 2
    assert "Also in linked copies:" in page and "copy.txt" in page and "near.txt" in page
