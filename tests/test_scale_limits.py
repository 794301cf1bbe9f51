"""Hostile sizes through the CLI (issue 21, items 8 and 9): one article with 100,000
paragraphs, a one-line megabyte, a CSV row over --max-bytes. Each run has a subprocess
timeout as its bound; no timing is asserted otherwise."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

pytestmark = pytest.mark.model

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "bench"))

from hostile_bench import one_line_article, paragraphs_article  # noqa: E402


def _claimtrack(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "claimtrack", *args], capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="session")
def big_inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    one_line = folder / "one_line.txt"
    one_line_article(str(one_line), 1_000_000)
    return {"one_line": one_line, "folder": folder}


def _stored_paragraph_article(db: str, folder) -> str:
    """Store bench's 100,000-paragraph article with its 100,000 claims ("3 alarms" each)
    through the library, without the parser: extracting it takes minutes (bench/
    hostile_bench.py measures the whole ingest); what this test bounds is the comparison
    that every later ingest runs over the stored claims."""
    from claimtrack.model import Claim, claim_id
    from claimtrack.sources import parse_text
    from claimtrack.store import Store

    path = folder / "paragraphs.txt"
    if not path.exists():
        paragraphs_article(str(path))
    article = parse_text(str(path), path.read_text(encoding="utf-8"))
    claims, start = [], article.text.find("3 alarms")
    while start != -1:
        end = start + len("3 alarms")
        line_start = article.text.rfind("\n", 0, start) + 1
        sentence = article.text[line_start:article.text.find("\n", end)]
        claims.append(Claim(id=claim_id(article.path, start, end), article_id=article.id, source=article.path,
                            sentence=sentence, quote="3 alarms", start=start, end=end, value=3, low=3, high=3,
                            low_inclusive=True, high_inclusive=True, qualifier="exact", kind="count",
                            unit="alarm", unit_text="alarms", predicate="report"))
        start = article.text.find("3 alarms", end)
    Store(db).save_articles([(article, claims)])  # leaves the comparisons stale, as a killed run would
    return article.path


def test_100k_paragraph_article_pairs_none_of_its_own_claims(big_inputs, tmp_path):
    db = str(tmp_path / "p.db")
    _stored_paragraph_article(db, big_inputs["folder"])
    other = tmp_path / "other.txt"
    other.write_text("Alarm log\n\nUnit 7 of the plant reported 4 alarms.\n", encoding="utf-8")
    # The ingest of one small article compares all 100,001 claims: bounded by the timeout.
    result = _claimtrack("ingest", "--db", db, str(other), timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] >= 100_001
        same_article = conn.execute(
            "SELECT count(*) FROM comparisons JOIN claims a ON a.id = comparisons.a"
            " JOIN claims b ON b.id = comparisons.b WHERE a.article_id = b.article_id").fetchone()[0]
    assert same_article == 0
    # Unchanged, it is a hash check: no extraction, no comparison.
    again = _claimtrack("ingest", "--db", db, str(other), timeout=60)
    assert again.returncode == 0 and "0 new, 1 unchanged" in again.stdout


def test_one_line_megabyte_stays_under_1_gb(big_inputs, tmp_path):
    db = str(tmp_path / "o.db")
    # The peak RSS of every child waited for so far: measured in a fresh wrapper process,
    # so this run's figure is not another test's.
    probe = ("import resource, subprocess, sys, json;"
             "done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=300);"
             "print(json.dumps([done.returncode, done.stderr,"
             " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))")
    wrapper = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "claimtrack", "ingest",
                              "--db", db, str(big_inputs["one_line"])],
                             capture_output=True, text=True, timeout=320)
    rc, stderr, peak_kib = json.loads(wrapper.stdout.strip().splitlines()[-1])
    assert rc == 0, stderr
    assert "Traceback" not in stderr
    assert peak_kib < 1024 * 1024, f"peak RSS {peak_kib / 1024:.0f} MB"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] > 1_000


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_row_over_max_bytes_is_one_line_and_good_rows_stay(tmp_path, suffix):
    path = tmp_path / f"rows{suffix}"
    huge = "word " * 400_000  # 2 MB, over the 1 MB limit below
    if suffix == ".csv":
        path.write_text(f'id,text\na,"Unit 1 reported 3 alarms."\nb,"{huge}\n{huge}"\n'
                        'c,"Unit 2 reported\n5 alarms."\n', encoding="utf-8")
    else:
        path.write_text("\n".join(json.dumps(row) for row in (
            {"id": "a", "text": "Unit 1 reported 3 alarms."}, {"id": "b", "text": huge},
            {"id": "c", "text": "Unit 2 reported 5 alarms."})) + "\n", encoding="utf-8")
    db = str(tmp_path / "r.db")
    result = _claimtrack("ingest", "--db", db, "--max-bytes", "1000000", str(path), timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{path}: row 2: too large" in lines[0] and "--max-bytes" in lines[0]
    with sqlite3.connect(db) as conn:
        ids = sorted(row[0] for row in conn.execute("SELECT path FROM articles"))
    assert ids == ["a", "c"]
