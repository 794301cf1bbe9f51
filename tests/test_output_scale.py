"""Output at scale (issue 21, item 11): listings and exports stream, the report is bounded.

The database is real SQLite written through the Store API by bench/output_bench.py
(two articles with 400 claims each about one thing, a comparison for every pair across
them: 160,000 rows, half of them conflicts); only the extraction is skipped, which would
take minutes for nothing. Every command runs as a child process with a timeout, under a
wrapper whose RUSAGE_CHILDREN is that command's peak RSS alone.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from output_bench import build_database, measure  # noqa: E402

CLAIMS = 400
ROWS = CLAIMS * CLAIMS  # every pair across the two articles
CONFLICTS = ROWS // 2
TIMEOUT = 120
#: Python, Typer, sqlite-utils and the command's own state; loading the rows as dicts
#: took about 9 KB a row before (11.7 GB for 1.28 million), over 700 MB here.
MAX_RSS = 150 * 1024 * 1024


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("scale") / "big.db"
    assert build_database(db, claims=CLAIMS) == ROWS
    return db


def json_array_rows(path: Path) -> Iterator[dict]:
    """The rows of a JSON array as export.write writes it (one row a line), checking that
    the whole file is one well-formed array without loading it at once."""
    with open(path, encoding="utf-8") as lines:
        assert next(lines) == "[\n"
        previous = None
        for line in lines:
            if previous is not None:
                # Every row but the last ends with the comma that separates it from the next.
                assert previous.endswith(",\n" if line != "]\n" else "}\n"), previous[-80:]
                yield json.loads(previous.rstrip(",\n"))
            previous = line
        assert previous == "]\n", "the array is not closed"


def run_measured(tmp_path: Path, *args: str) -> tuple[Path, int, int]:
    out = tmp_path / "stdout"
    _, peak_kb, code, size = measure(list(args), timeout=TIMEOUT, stdout=out)
    return out, peak_kb * 1024, code


def test_conflicts_json_streams_every_conflict(big_db: Path, tmp_path: Path) -> None:
    out, peak, code = run_measured(tmp_path, "conflicts", "--json", "--db", str(big_db))
    assert code == 0
    ids, last = set(), 1.0
    for row in json_array_rows(out):
        assert row["verdict"] == "conflict"
        assert row["confidence"] <= last, "not most confident first"
        last = row["confidence"]
        ids.add(row["id"])
    assert len(ids) == CONFLICTS
    assert peak < MAX_RSS, f"peak RSS {peak / 2**20:.0f} MB"


def test_export_json_comparisons_streams_every_row(big_db: Path, tmp_path: Path) -> None:
    out, peak, code = run_measured(tmp_path, "export", "--json", "--what", "comparisons", "--db", str(big_db))
    assert code == 0
    ids = {row["id"] for row in json_array_rows(out)}
    assert len(ids) == ROWS
    assert peak < MAX_RSS and peak < out.stat().st_size, f"peak RSS {peak / 2**20:.0f} MB"


def test_export_nl_and_csv_claims_stream(big_db: Path, tmp_path: Path) -> None:
    out, peak, code = run_measured(tmp_path, "export", "--nl", "--what", "claims", "--db", str(big_db))
    assert code == 0 and peak < MAX_RSS
    with open(out, encoding="utf-8") as lines:
        assert sum(1 for line in lines if json.loads(line)["unit"] == "detainer") == 2 * CLAIMS
    out, peak, code = run_measured(tmp_path, "export", "--csv", "--what", "comparisons", "--db", str(big_db))
    assert code == 0 and peak < MAX_RSS
    with open(out, encoding="utf-8") as lines:
        assert sum(1 for _ in lines) == ROWS + 1  # the header, then one line a row (no newline in a cell)


def test_report_is_bounded_and_says_what_it_leaves_out(big_db: Path, tmp_path: Path) -> None:
    from lxml import html

    from claimtrack.report import MAX_CLAIMS_PER_GROUP, MAX_CONFLICTS_PER_GROUP

    report = tmp_path / "report.html"
    out, peak, code = run_measured(tmp_path, "report", "-o", str(report), "--db", str(big_db))
    assert code == 0
    assert out.read_text().strip() == f"wrote {report}: 1 groups, {CONFLICTS} conflicts"
    # plotly.js (about 4.8 MB) plus the drawn groups, however many rows there are.
    assert report.stat().st_size < 8_000_000
    assert peak < 2 * MAX_RSS, f"peak RSS {peak / 2**20:.0f} MB"
    page = html.fromstring(report.read_bytes())
    text = " ".join(page.text_content().split())
    assert len(page.find_class("conflict")) == MAX_CONFLICTS_PER_GROUP
    hidden = CONFLICTS - MAX_CONFLICTS_PER_GROUP
    assert f"{hidden:,} more conflicts in this group are not drawn here" in text
    assert f"Not drawn here: {hidden:,} of {CONFLICTS:,} conflicts" in text
    assert f"{MAX_CLAIMS_PER_GROUP} of the group’s {2 * CLAIMS:,} claims are charted" in text
    # The conflicts drawn are the most confident ones.
    conn = sqlite3.connect(big_db)
    top = conn.execute("SELECT MAX(confidence) FROM comparisons WHERE verdict = 'conflict'").fetchone()[0]
    drawn = [block.get("id").removeprefix("conflict-") for block in page.find_class("conflict")]
    marks = ",".join("?" * len(drawn))
    assert {r[0] for r in conn.execute(f"SELECT confidence FROM comparisons WHERE id IN ({marks})", drawn)} == {top}
    conn.close()
