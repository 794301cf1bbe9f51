"""Issue 21, silent corruption: an article is replaced only by the input it came from,
and a review stays bound to the text the person reviewed (stale when it changes)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.database import SCHEMA_VERSION
from conftest import SEEDS

pytestmark = pytest.mark.model

#: The seeds' confirmed conflict: 001's "more than 500 detainers" against 004's 489.
CONFLICT = ("more than 500 detainers", "a total of 489 detainer requests")
FILE_000 = "000_f9cb93843f7f8dc6.txt"
FILE_001 = "001_9fd92f6c153f2ddc.txt"
FILE_004 = "004_6daccbc1f85fadcf.txt"


@pytest.fixture()
def seeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seeds in tmp_path (the working folder), so paths are seeds/NNN_....txt."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "seeds"


def invoke(runner: CliRunner, *args: str) -> object:
    result = runner.invoke(app, [*args, "--db", "c.db"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


def summary(runner: CliRunner, *paths: str) -> str:
    return invoke(runner, "ingest", *paths).stdout.splitlines()[0]


def conflicts(runner: CliRunner, *options: str) -> list[dict]:
    return json.loads(invoke(runner, "conflicts", "--json", *options).stdout)


def the_conflict(runner: CliRunner, quote_a: str = CONFLICT[0]) -> dict:
    (row,) = [r for r in conflicts(runner, "--all", "--dismissed")
              if {r["quote_a"], r["quote_b"]} == {quote_a, CONFLICT[1]}]
    return row


def claim_reviews(runner: CliRunner) -> list[dict]:
    return json.loads(invoke(runner, "export", "--claimreview").stdout)


def article(path: str) -> tuple[str, int]:
    conn = sqlite3.connect("c.db")
    try:
        return conn.execute("SELECT text, (SELECT count(*) FROM claims WHERE article_id = a.id)"
                            " FROM articles a WHERE path = ?", [path]).fetchone()
    finally:
        conn.close()


def test_a_row_cannot_overwrite_a_file_article(runner: CliRunner, seeds: Path) -> None:
    path = f"seeds/{FILE_000}"
    invoke(runner, "ingest", "seeds")
    real = article(path)
    Path("forged.jsonl").write_text(json.dumps({"id": path, "text": "forged: 9 detainers"}) + "\n")

    result = invoke(runner, "ingest", "forged.jsonl")
    assert result.stdout.startswith("articles: 1 new, 0 unchanged, 0 changed, 0 failed")
    # One line says where the row went; the file's article is as it was.
    assert result.stderr.strip().splitlines() == [
        f"Note: forged.jsonl: row 1: {path} is already the article read from {path}; stored as forged.jsonl#1"]
    assert article(path) == real
    assert article("forged.jsonl#1")[0] == "forged: 9 detainers"

    assert summary(runner, "seeds").startswith("articles: 0 new, 5 unchanged, 0 changed")
    assert article(path) == real
    # Again: the row is its own article now, unchanged.
    assert summary(runner, "forged.jsonl").startswith("articles: 0 new, 1 unchanged, 0 changed")


def test_a_file_takes_its_name_back_from_a_row(runner: CliRunner, seeds: Path) -> None:
    """A row stored first under a file's path: the file's text wins when the file comes."""
    path = f"seeds/{FILE_000}"
    Path("forged.jsonl").write_text(json.dumps({"id": path, "text": "forged: 9 detainers"}) + "\n")
    invoke(runner, "ingest", "forged.jsonl")
    result = invoke(runner, "ingest", "seeds")
    assert result.stdout.startswith("articles: 4 new, 0 unchanged, 1 changed")
    assert (seeds / FILE_000).read_text(encoding="utf-8").endswith(article(path)[0])
    assert len(result.stderr.strip().splitlines()) == 1 and "row 1 of forged.jsonl" in result.stderr
    assert summary(runner, "seeds").startswith("articles: 0 new, 5 unchanged, 0 changed")
    assert summary(runner, "forged.jsonl").startswith("articles: 1 new, 0 unchanged, 0 changed")
    assert article("forged.jsonl#1")[0] == "forged: 9 detainers"


def test_an_edited_figure_makes_its_review_stale(runner: CliRunner, seeds: Path) -> None:
    invoke(runner, "ingest", "seeds")
    row = the_conflict(runner)
    invoke(runner, "review", row["id"], "--confirm", "--note", "checked ICE data")
    assert [r["claimReviewed"] for r in claim_reviews(runner)] == [CONFLICT[0]]

    # The same offsets, another number.
    edited = seeds / FILE_001
    edited.write_text(edited.read_text(encoding="utf-8").replace(CONFLICT[0], "more than 900 detainers"),
                      encoding="utf-8")
    assert summary(runner, "seeds").startswith("articles: 0 new, 4 unchanged, 1 changed")
    stale = the_conflict(runner, "more than 900 detainers")
    assert stale["review"] == "stale"
    assert stale["id"] in [r["id"] for r in conflicts(runner)]  # shown, needing a new look
    assert claim_reviews(runner) == []

    # A new review of the new text is current again, and published.
    invoke(runner, "review", stale["id"], "--confirm")
    assert the_conflict(runner, "more than 900 detainers")["review"] == "confirmed"
    assert [r["claimReviewed"] for r in claim_reviews(runner)] == ["more than 900 detainers"]


def test_a_stale_dismissal_is_shown_again(runner: CliRunner, seeds: Path) -> None:
    invoke(runner, "ingest", "seeds")
    row = the_conflict(runner)
    invoke(runner, "review", row["id"], "--dismiss")
    assert row["id"] not in [r["id"] for r in conflicts(runner)]
    edited = seeds / FILE_001
    edited.write_text(edited.read_text(encoding="utf-8").replace(CONFLICT[0], "more than 900 detainers"),
                      encoding="utf-8")
    invoke(runner, "ingest", "seeds")
    assert [r["review"] for r in conflicts(runner) if r["id"] == row["id"]] == ["stale"]


def test_a_review_survives_words_added_above_it(runner: CliRunner, seeds: Path) -> None:
    invoke(runner, "ingest", "seeds")
    row = the_conflict(runner)
    invoke(runner, "review", row["id"], "--confirm", "--note", "checked ICE data")
    for name in (FILE_001, FILE_004):
        file = seeds / name
        text = file.read_text(encoding="utf-8")
        # After 001's leading date marker, so the date is still read; before 004's first word.
        text = (text.replace(" date 2019-11-03 ", " date 2019-11-03 UPDATED: ", 1) if name == FILE_001
                else "Breaking: " + text)
        file.write_text(text, encoding="utf-8")

    assert summary(runner, "seeds").startswith("articles: 0 new, 3 unchanged, 2 changed")
    moved = the_conflict(runner)
    assert moved["id"] != row["id"]  # the offsets, and so the claim ids, moved
    assert moved["review"] == "confirmed"
    (published,) = claim_reviews(runner)
    assert published["claimReviewed"] == CONFLICT[0] and published["reviewBody"] == "checked ICE data"


def _as_schema_5(db: str) -> None:
    """Make a database look as claimtrack wrote it before schema 6 (no origins, no
    review anchors), with the forged row of issue 21 already over seed 000."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("DROP VIEW conflicts")
        conn.execute("DROP TABLE review_anchors")
        conn.execute("ALTER TABLE articles DROP COLUMN origin")
        conn.execute("ALTER TABLE articles DROP COLUMN origin_row")
        (forged,) = conn.execute("SELECT id FROM articles WHERE path = ?", [f"seeds/{FILE_000}"]).fetchone()
        conn.execute("DELETE FROM comparisons WHERE a IN (SELECT id FROM claims WHERE article_id = ?)"
                     " OR b IN (SELECT id FROM claims WHERE article_id = ?)", [forged, forged])
        conn.execute("DELETE FROM claims WHERE article_id = ?", [forged])
        conn.execute("UPDATE articles SET text = 'forged', sha256 = 'x' WHERE id = ?", [forged])
        conn.execute("PRAGMA user_version = 5")
        conn.commit()
    finally:
        conn.close()


def test_an_older_database_is_upgraded_with_its_reviews(runner: CliRunner, seeds: Path) -> None:
    invoke(runner, "ingest", "seeds")
    real = article(f"seeds/{FILE_000}")
    row = the_conflict(runner)
    invoke(runner, "review", row["id"], "--confirm", "--note", "checked ICE data")
    _as_schema_5("c.db")

    # Read as it is, upgraded in place: the review is kept.
    assert the_conflict(runner)["review"] == "confirmed"
    conn = sqlite3.connect("c.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    # The next ingest reads every file once and puts back the text the row had replaced.
    assert summary(runner, "seeds").startswith("articles: 0 new, 4 unchanged, 1 changed")
    assert article(f"seeds/{FILE_000}") == real
    assert the_conflict(runner)["review"] == "confirmed"
    assert [r["claimReviewed"] for r in claim_reviews(runner)] == [CONFLICT[0]]
    assert summary(runner, "seeds").startswith("articles: 0 new, 5 unchanged, 0 changed")

    # From then on the review is bound to its text, as one recorded now.
    edited = seeds / FILE_001
    edited.write_text(edited.read_text(encoding="utf-8").replace(CONFLICT[0], "more than 900 detainers"),
                      encoding="utf-8")
    invoke(runner, "ingest", "seeds")
    assert the_conflict(runner, "more than 900 detainers")["review"] == "stale"
    assert claim_reviews(runner) == []
