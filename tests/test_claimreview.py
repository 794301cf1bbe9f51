"""Exports for other tools: schema.org ClaimReview for confirmed comparisons, and CSV for Excel."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from claimtrack.cli import app
from conftest import copy_db, export


@pytest.fixture()
def db(seed_db: Path, tmp_path: Path) -> Path:
    return copy_db(seed_db, tmp_path / "claimtrack.db")


def _claimreview(runner, db: Path) -> list[dict]:
    result = runner.invoke(app, ["export", "--db", str(db), "--claimreview"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_no_confirmed_comparison_is_an_empty_array(runner, db: Path) -> None:
    assert _claimreview(runner, db) == []


def test_a_confirmed_seed_conflict_has_every_claimreview_field(runner, db: Path) -> None:
    conflict = next(r for r in export(runner, db, "comparisons")
                    if r["verdict"] == "conflict" and "489 detainer requests" in r["quote_a"] + r["quote_b"])
    result = runner.invoke(app, ["review", conflict["id"], "--confirm", "--note", "both figures from ICE",
                                 "--db", str(db)])
    assert result.exit_code == 0, result.output
    [review] = _claimreview(runner, db)
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    # The later claim (001, dated 2019-11-03; 004 has no date) is reviewed against the other.
    assert review["claimReviewed"] == "more than 500 detainers"
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "ICE officials"}
    assert item["datePublished"] == "2019-11-03"
    assert item["appearance"]["@type"] == "CreativeWork"
    # The seeds have no URL: the article is named by its title, never by its file path.
    assert "url" not in item["appearance"] and item["appearance"]["name"] == item["appearance"]["headline"]
    assert "001_9fd92f6c153f2ddc.txt" not in json.dumps(review)
    assert item["appearance"]["publisher"]["name"] == "Breitbart News"
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"] == "Conflicts with another source"
    assert "cannot both hold" in rating["ratingExplanation"]
    assert review["author"] == {"@type": "Organization", "name": "claimtrack"}
    assert len(review["datePublished"]) == 10 and review["reviewBody"] == "both figures from ICE"
    assert review["isBasedOn"]["text"] == "a total of 489 detainer requests"


def test_dismissed_comparisons_are_not_reviews(runner, db: Path) -> None:
    conflict = next(r for r in export(runner, db, "comparisons") if r["verdict"] == "conflict")
    runner.invoke(app, ["review", conflict["id"], "--dismiss", "--db", str(db)])
    assert _claimreview(runner, db) == []


def test_claimreview_to_a_file_with_a_named_reviewer(runner, db: Path, tmp_path: Path) -> None:
    conflict = next(r for r in export(runner, db, "comparisons") if r["verdict"] == "conflict")
    runner.invoke(app, ["review", conflict["id"], "--confirm", "--db", str(db)])
    out = tmp_path / "reviews.json"
    result = runner.invoke(app, ["export", "--db", str(db), "--claimreview", "--reviewer", "Desk",
                                 "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    [review] = json.loads(out.read_text(encoding="utf-8"))
    assert review["author"]["name"] == "Desk" and review["reviewBody"] == conflict["reason"]


def test_bom_csv_opens_as_utf8_in_excel(runner, db: Path) -> None:
    result = runner.invoke(app, ["export", "--db", str(db), "--csv", "--bom", "--what", "claims"])
    assert result.exit_code == 0, result.output
    data = result.stdout_bytes
    assert data.startswith("\ufeff".encode("utf-8")) and data.count("\ufeff".encode("utf-8")) == 1
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0])[0] == "id" and len(rows) == 25
    plain = runner.invoke(app, ["export", "--db", str(db), "--csv", "--what", "claims"]).stdout_bytes
    assert data[3:] == plain


@pytest.mark.parametrize("args", [["--json", "--bom"], ["--claimreview", "--bom"], ["--claimreview", "--csv"]])
def test_bom_and_claimreview_combinations_are_usage_errors(runner, db: Path, args: list[str]) -> None:
    result = runner.invoke(app, ["export", "--db", str(db), *args])
    assert result.exit_code == 2
