"""A journalist's day, part 3 (issue 22): the progress of a long ingest, ClaimReview for
articles without outlet or URL, the files an ingest skips and --exclude, one article per
file however its path is spelled, and a view per outlet.

The progress is drawn on a real pseudo-terminal (a claimtrack process whose stderr is a
pty), and looked for where no terminal is; everything else runs through the CLI and is
checked against the library.
"""

from __future__ import annotations

import io
import json
import os
import pty
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from rich.console import Console
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.export import articles_without_url, claim_reviews
from claimtrack.ingest import COMPARISONS, COPIES, PHASES, STORIES, ingest, list_inputs
from claimtrack.render import IngestProgress
from claimtrack.sources import SKIPPED_EXCLUDED, SKIPPED_PROJECT_FILE, excluded
from claimtrack.store import Store
from conftest import copy_db, export

BIN = Path(sys.executable).parent / "claimtrack"
CLAIMTRACK = [str(BIN)] if BIN.exists() else [sys.executable, "-m", "claimtrack"]
WAIT = 180  # seconds: the longest any one process may take here
ANSI = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-Za-z]|[=>78])")

CALLER_URL = "https://dailycaller.com/2019/10/01/north-carolina-sanctuary-detainers/"
# One story (ingested with --story) about the detainers North Carolina ignored: three
# articles say 489, Breitbart says more than 500, so Breitbart's claim conflicts with each.
# The wire copy has no outlet, no author and no URL, and is the latest.
CORPUS = {
    "caller.md": f"---\ntitle: Sanctuary sheriffs\noutlet: The Daily Caller\nurl: {CALLER_URL}\n"
                 "date: 2019-10-01\n---\n"
                 "Local authorities in North Carolina ignored 489 detainers in fiscal year 2019, ICE said.\n",
    "caller2.md": "---\ntitle: Sheriffs and ICE\noutlet: The Daily Caller\ndate: 2019-10-05\n---\n"
                  "Sheriffs in North Carolina declined 489 detainers in fiscal year 2019, according to ICE"
                  " figures.\n",
    "breitbart.md": "---\ntitle: ICE statement\noutlet: Breitbart News\ndate: 2019-11-03\n---\n"
                    "Across North Carolina, local authorities refused to honor more than 500 detainers during"
                    " fiscal year 2019, ICE officials wrote.\n",
    "wire.txt": " date 2019-12-01 \nNorth Carolina sheriffs ignored 489 detainers in fiscal year 2019.\n",
}
SMALL = {  # three short articles of one story, for the ingests that only count
    "a1.txt": "date 2019-10-01\nOfficials said 489 detainers were ignored in North Carolina in fiscal year 2019.\n",
    "a2.txt": "date 2019-10-02\nOfficials said 589 detainers were ignored in North Carolina in fiscal year 2019.\n",
    "a3.txt": "date 2019-10-03\nOfficials said 689 detainers were ignored in North Carolina in fiscal year 2019.\n",
}


# --- helpers ------------------------------------------------------------------


def invoke(runner: CliRunner, *args: Any) -> Result:
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def ok(runner: CliRunner, *args: Any) -> str:
    result = invoke(runner, *args)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def rows_json(runner: CliRunner, *args: Any) -> Any:
    return json.loads(ok(runner, *args))


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def on_a_terminal(args: list[Any], cwd: Path) -> tuple[subprocess.CompletedProcess[str], str]:
    """`claimtrack ARGS` with its stderr on a pseudo-terminal (120 columns) and its stdout
    a pipe, as `claimtrack ingest ... > summary.txt` run by a person: (the process, what
    the terminal got, without its escape sequences)."""
    master, slave = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen: list[bytes] = []

    def drain() -> None:  # read as it comes: a full pty buffer would stop the process
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every copy of the terminal's other end is closed
                return
            if not chunk:
                return
            seen.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    try:
        proc = subprocess.run([*CLAIMTRACK, *map(str, args)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=slave, text=True, timeout=WAIT, cwd=cwd, env=env)
    finally:
        os.close(slave)
    reader.join(timeout=30)
    os.close(master)
    return proc, ANSI.sub("", b"".join(seen).decode("utf-8", errors="replace"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, runner: CliRunner) -> tuple[Path, Path]:
    """(folder of CORPUS, a database made by `ingest --story Detainers FOLDER`); tests
    that write work on a copy."""
    folder = write(tmp_path_factory.mktemp("corpus"), CORPUS)
    db = folder.parent / f"{folder.name}.db"
    out = ok(runner, "ingest", "--story", "Detainers", "--db", db, folder)
    assert "skipped" not in out  # nothing in the folder was passed over
    return folder, db


@pytest.fixture()
def own_db(corpus: tuple[Path, Path], tmp_path: Path) -> Path:
    return copy_db(corpus[1], tmp_path / "claimtrack.db")


def conflict_between(runner: CliRunner, db: Path, x: Path, y: Path) -> dict:
    (row,) = [r for r in rows_json(runner, "conflicts", "--json", "--dismissed", "--db", db)
              if {r["source_a"], r["source_b"]} == {str(x), str(y)}]
    return row


# --- 1. progress: N of M articles, then the comparison ------------------------


def test_the_progress_counts_articles_with_a_rate_then_labels_each_comparison_phase() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120, color_system=None)
    files = [f"corpus/{n}.txt" for n in range(2225)]
    with IngestProgress(console, files) as progress:
        for name in files[:1234]:
            progress.file(name)
        progress.phase(COPIES)
        shown_at_copies = ANSI.sub("", out.getvalue())
        for name in PHASES[1:]:
            progress.phase(name)
    shown = ANSI.sub("", out.getvalue())
    assert re.search(r"articles 1,234/2,225 .*\d[\d,]*\.\d articles/s", shown_at_copies), shown_at_copies
    for name in PHASES:
        assert f"comparison: {name}" in shown


def test_a_file_of_rows_is_counted_as_files() -> None:
    out = io.StringIO()
    with IngestProgress(Console(file=out, force_terminal=True, width=120), ["a.txt", "b.jsonl"]) as progress:
        progress.file("a.txt")
        progress.phase(COMPARISONS)
    assert "files 1/2" in ANSI.sub("", out.getvalue())


@pytest.mark.model
def test_ingest_tells_each_phase_after_the_last_file_and_none_when_nothing_changed(tmp_path: Path) -> None:
    folder = write(tmp_path / "d", SMALL)
    store = Store(tmp_path / "c.db")
    calls: list[str] = []

    def on_file(path: str) -> None:  # an article counts once it is stored, not when read
        calls.append(f"file {Path(path).name}" + (" stored" if store.holder(path) else ""))

    report = ingest(store, list_inputs([str(folder)]), on_file=on_file, on_phase=calls.append)
    assert report.new == 3
    assert calls == ["file a1.txt stored", "file a2.txt stored", "file a3.txt stored", COPIES, STORIES, COMPARISONS]
    calls.clear()
    ingest(store, list_inputs([str(folder)]), on_file=lambda f: calls.append("file"), on_phase=calls.append)
    assert calls == ["file"] * 3  # all unchanged: nothing to compare again


@pytest.mark.model
def test_the_progress_is_drawn_on_a_terminal_and_stdout_stays_the_summary(tmp_path: Path) -> None:
    write(tmp_path / "d", SMALL)
    proc, terminal = on_a_terminal(["ingest", "d", "--db", "c.db"], tmp_path)
    assert proc.returncode == 0, terminal
    assert "articles 3/3" in terminal and "comparison: comparing claims" in terminal, terminal
    assert "Traceback" not in terminal
    # What a program reads is the summary alone: no bar, no escape sequence.
    assert lines(proc.stdout)[0] == "articles: 3 new, 0 unchanged, 0 changed, 0 failed"
    assert len(lines(proc.stdout)) == 2 and "\x1b" not in proc.stdout


@pytest.mark.model
def test_no_progress_where_there_is_no_terminal(tmp_path: Path, runner: CliRunner) -> None:
    write(tmp_path / "d", SMALL)
    result = invoke(runner, "ingest", tmp_path / "d", "--db", tmp_path / "c.db")
    assert result.exit_code == 0 and result.stderr == ""
    assert "/3" not in result.stdout and "comparison:" not in result.stdout
    proc = subprocess.run([*CLAIMTRACK, "ingest", "d", "--db", "p.db"], capture_output=True, text=True,
                          timeout=WAIT, cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert proc.stdout == result.stdout


# --- 2. ClaimReview without outlet or URL ---------------------------------------


@pytest.mark.model
def test_claimreview_cites_articles_without_a_url_by_title_and_warns_once(runner: CliRunner,
                                                                          corpus: tuple[Path, Path],
                                                                          own_db: Path) -> None:
    folder, _ = corpus
    caller, breitbart, wire = (folder / name for name in ("caller.md", "breitbart.md", "wire.txt"))
    for x, y in ((caller, breitbart), (breitbart, wire)):
        ok(runner, "review", conflict_between(runner, own_db, x, y)["id"], "--confirm", "--db", own_db)

    result = invoke(runner, "export", "--claimreview", "--db", own_db)
    assert result.exit_code == 0, result.stderr
    reviews = json.loads(result.stdout)
    assert reviews == claim_reviews(Store(own_db, readonly=True))
    assert len(reviews) == 2
    # No file path anywhere: not as a URL, not as a publisher or claimant.
    assert str(folder) not in result.stdout and "breitbart.md" not in result.stdout and "wire.txt" not in result.stdout

    # Breitbart (later) reviewed against the Daily Caller, which has a URL.
    first = next(r for r in reviews if r["isBasedOn"]["appearance"].get("url"))
    assert first["claimReviewed"] == "more than 500 detainers"
    assert first["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork", "name": "ICE statement", "headline": "ICE statement", "datePublished": "2019-11-03",
        "publisher": {"@type": "Organization", "name": "Breitbart News"}}
    assert first["isBasedOn"]["appearance"]["url"] == CALLER_URL
    assert first["isBasedOn"]["appearance"]["publisher"] == {"@type": "Organization", "name": "The Daily Caller"}

    # The wire copy (latest; no outlet, author or URL) reviewed against Breitbart.
    second = next(r for r in reviews if r is not first)
    item = second["itemReviewed"]
    title = "North Carolina sheriffs ignored 489 detainers in fiscal year 2019."
    assert item["appearance"] == {"@type": "CreativeWork", "name": title, "headline": title,
                                  "datePublished": "2019-12-01"}
    # Who said it: the speaker when the sentence names one, else no claimant at all.
    claim = next(c for c in export(runner, own_db, "claims") if c["source"] == str(wire))
    expected = {"@type": "Person", "name": claim["attributed_to"]} if claim["attributed_to"] else None
    assert item.get("author") == expected
    for review in reviews:
        for work in (review["itemReviewed"]["appearance"], review["isBasedOn"]["appearance"]):
            assert work["@type"] == "CreativeWork" and work["name"]
            assert "url" not in work or work["url"].startswith("https://")

    # One line: how many items, and which articles lack a URL.
    assert lines(result.stderr) == [
        f"Warning: 2 ClaimReview items cite 2 articles without a URL, named by title only: {breitbart}, {wire}"
        " (give each a url: front matter, page metadata or a url column)"]
    assert articles_without_url(Store(own_db, readonly=True)) == (2, [str(breitbart), str(wire)])


@pytest.mark.model
def test_claimreview_of_articles_with_urls_warns_of_nothing(runner: CliRunner, tmp_path: Path) -> None:
    folder = write(tmp_path / "web", {
        "a.md": CORPUS["caller.md"],
        "b.md": CORPUS["breitbart.md"].replace("outlet: Breitbart News\n",
                                               "outlet: Breitbart News\nurl: https://www.breitbart.com/ice\n"),
    })
    db = tmp_path / "c.db"
    ok(runner, "ingest", "--story", "Detainers", "--db", db, folder)
    ok(runner, "review", conflict_between(runner, db, folder / "a.md", folder / "b.md")["id"], "--confirm",
       "--db", db)
    result = invoke(runner, "export", "--claimreview", "--db", db, "-o", tmp_path / "reviews.json")
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    [review] = json.loads((tmp_path / "reviews.json").read_text(encoding="utf-8"))
    assert review["itemReviewed"]["appearance"]["url"] == "https://www.breitbart.com/ice"
    assert articles_without_url(Store(db, readonly=True)) == (0, [])


# --- 3. the files an ingest skips, and --exclude -------------------------------

MIXED = {
    **{name: text for name, text in SMALL.items() if name != "a3.txt"},
    "scan1.pdf": b"%PDF-1.4\n", "scan2.pdf": b"%PDF-1.4\n", "Scan3.PDF": b"%PDF-1.4\n",
    "notes.docx": b"PK\x03\x04", "README.md": "About this folder: 3 scans.\n", ".DS_Store": b"\x00\x01",
    "drafts/a3.txt": SMALL["a3.txt"], "old.draft.md": SMALL["a3.txt"],
}


@pytest.mark.model
def test_the_summary_names_what_was_skipped_and_exclude_leaves_files_out(runner: CliRunner, tmp_path: Path) -> None:
    folder = write(tmp_path / "mixed", MIXED)
    db = tmp_path / "c.db"
    result = invoke(runner, "ingest", folder, "--exclude", "drafts", "--exclude", "*.draft.md", "--db", db)
    assert result.exit_code == 0
    assert result.stderr == ""  # no line per skipped file
    assert lines(result.stdout)[0] == "articles: 2 new, 0 unchanged, 0 changed, 0 failed"
    assert lines(result.stdout)[2] == "skipped: 3 .pdf, 1 .docx, 1 README/LICENSE file, 2 excluded"
    assert [a["path"] for a in export(runner, db, "articles")] == [str(folder / "a1.txt"), str(folder / "a2.txt")]

    # Without --exclude, the drafts are read; what is not an article is still named.
    again = invoke(runner, "ingest", folder, "--db", db)
    assert lines(again.stdout)[0] == "articles: 2 new, 2 unchanged, 0 changed, 0 failed"
    assert lines(again.stdout)[2] == "skipped: 3 .pdf, 1 .docx, 1 README/LICENSE file"


def test_list_inputs_counts_the_skipped_files_by_kind(tmp_path: Path) -> None:
    folder = write(tmp_path / "mixed", MIXED)
    inputs = list_inputs([str(folder)], exclude=["drafts/*", "old.*"])
    assert inputs.files == [str(folder / "a1.txt"), str(folder / "a2.txt")]
    assert inputs.skipped == {".pdf": 3, ".docx": 1, SKIPPED_PROJECT_FILE: 1, SKIPPED_EXCLUDED: 2}
    assert list_inputs([str(folder / "a1.txt")]).skipped == {}


def test_a_folder_whose_every_article_is_excluded_says_so(tmp_path: Path) -> None:
    folder = write(tmp_path / "d", SMALL)
    inputs = list_inputs([str(folder)], exclude=["*.txt"])
    assert [(p.path, p.message) for p in inputs.entries] == [(
        str(folder), "no .txt or .md articles in this folder (nor .html, .htm, .jsonl, .ndjson, .csv);"
                     " 3 left out by --exclude")]


@pytest.mark.model
def test_exclude_also_leaves_out_a_file_named_on_the_command_line(runner: CliRunner, tmp_path: Path) -> None:
    folder = write(tmp_path / "d", SMALL)
    db = tmp_path / "c.db"
    out = ok(runner, "ingest", folder / "a1.txt", folder / "a2.txt", "--exclude", "a1.*", "--db", db)
    assert lines(out)[2] == "skipped: 1 excluded"
    assert [a["path"] for a in export(runner, db, "articles")] == [str(folder / "a2.txt")]


@pytest.mark.parametrize("path, patterns, inside, expected", [
    ("drafts/a.txt", ["drafts"], True, True),
    ("2019/drafts/b.txt", ["drafts"], True, True),
    ("2019/drafts/b.txt", ["2019/drafts/"], True, True),
    ("2019/drafts/b.txt", ["drafts/*"], True, False),  # the path inside the folder starts with 2019/
    ("drafts/sub/c.txt", ["drafts/*"], True, True),  # * matches / too
    ("a.draft.md", ["*.draft.md"], True, True),
    ("news/a.md", ["./news"], True, True),
    ("news/a.md", ["draft*"], True, False),
    ("news/a.md", [], True, False),
    ("/tmp/drafts/a.txt", ["drafts"], False, False),  # a named file: the folders above are not the corpus
    ("/tmp/drafts/a.txt", ["a.txt"], False, True),
    ("./old/a.txt", ["old/a.txt"], False, True),
])
def test_excluded(path: str, patterns: list[str], inside: bool, expected: bool) -> None:
    assert excluded(path, patterns, inside=inside) is expected


# --- 4. one file, one article, however its path is spelled -----------------------


@pytest.mark.model
def test_one_file_is_one_article_whatever_spelling_reaches_it(runner: CliRunner, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "d", SMALL)
    (tmp_path / "alias").symlink_to(tmp_path / "d")
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "c.db"
    first = ok(runner, "ingest", "d/", "--db", db)
    articles = export(runner, db, "articles")
    comparisons = export(runner, db, "comparisons")
    assert sorted(a["path"] for a in articles) == ["d/a1.txt", "d/a2.txt", "d/a3.txt"]
    for spelling in ("./d/", str(tmp_path / "d"), "alias", str(tmp_path / "d" / "a1.txt")):
        out = ok(runner, "ingest", spelling, "--db", db)
        assert lines(out)[0].startswith("articles: 0 new,") and " 0 changed," in lines(out)[0], (spelling, out)
        assert lines(out)[1] == lines(first)[1], spelling  # the same claims and comparisons
    assert export(runner, db, "articles") == articles  # the spelling first given is kept
    assert export(runner, db, "comparisons") == comparisons

    # An edit through another spelling changes the one article.
    with open(tmp_path / "d" / "a2.txt", "a", encoding="utf-8") as handle:
        handle.write("Officials said 12 sheriffs refused.\n")
    out = ok(runner, "ingest", str(tmp_path / "d"), "--db", db)
    assert lines(out)[0] == "articles: 0 new, 2 unchanged, 1 changed, 0 failed"
    assert sorted(a["path"] for a in export(runner, db, "articles")) == ["d/a1.txt", "d/a2.txt", "d/a3.txt"]


@pytest.mark.model
def test_three_spellings_in_one_run_are_three_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "d", SMALL)
    write(tmp_path, {"rows.jsonl": "".join(json.dumps({"text": t}) + "\n" for t in SMALL.values())})
    monkeypatch.chdir(tmp_path)
    store = Store(tmp_path / "c.db")
    report = ingest(store, list_inputs(["d/", "./d/", str(tmp_path / "d"), "rows.jsonl", "./rows.jsonl"]))
    assert report.new == 6 and report.unchanged == 9 and report.failed == []
    assert sorted(a.path for a in store.articles()) == [
        "d/a1.txt", "d/a2.txt", "d/a3.txt", "rows.jsonl#1", "rows.jsonl#2", "rows.jsonl#3"]
    assert store.input_names() == ["d/a1.txt", "d/a2.txt", "d/a3.txt", "rows.jsonl"]
    # The rows' file by its absolute path, later: the same three rows, unchanged.
    again = ingest(store, list_inputs([str(tmp_path / "rows.jsonl")]))
    assert (again.new, again.unchanged, again.changed, again.notices) == (0, 3, 0, [])


# --- 5. outlets -----------------------------------------------------------------


def expected_outlets(runner: CliRunner, db: Path) -> list[dict[str, Any]]:
    """Each outlet's counts, worked out from the exported articles and claims and the
    conflicts table (dismissed ones left out)."""
    articles = {a["id"]: a for a in export(runner, db, "articles")}
    claims = export(runner, db, "claims")
    outlet_of = {c["id"]: articles[c["article_id"]]["outlet"] for c in claims}
    conflicted = {side for r in rows_json(runner, "conflicts", "--json", "--db", db)
                  if (r["outlet_a"] or "") != (r["outlet_b"] or "") for side in (r["a"], r["b"])}
    rows = []
    for outlet in {a["outlet"] for a in articles.values()}:
        mine = [c["id"] for c in claims if outlet_of[c["id"]] == outlet]
        hit = sum(c in conflicted for c in mine)
        rows.append({"outlet": outlet, "articles": sum(a["outlet"] == outlet for a in articles.values()),
                     "claims": len(mine), "claims_in_conflict": hit,
                     "conflict_share": round(hit / len(mine), 4) if mine else 0.0})
    return sorted(rows, key=lambda r: (-r["claims_in_conflict"], -r["claims"], r["outlet"] is None,
                                       r["outlet"] or ""))


@pytest.mark.model
def test_outlets_counts_each_outlets_claims_in_conflict_with_another_outlet(runner: CliRunner,
                                                                            corpus: tuple[Path, Path],
                                                                            own_db: Path) -> None:
    listed = rows_json(runner, "outlets", "--json", "--db", own_db)
    assert listed == expected_outlets(runner, own_db) == Store(own_db, readonly=True).outlet_rows()
    by_name = {r["outlet"]: r for r in listed}
    assert set(by_name) == {"The Daily Caller", "Breitbart News", None}
    assert (by_name["The Daily Caller"]["articles"], by_name[None]["articles"]) == (2, 1)
    assert by_name["Breitbart News"]["claims_in_conflict"] >= 1
    assert by_name["The Daily Caller"]["claims_in_conflict"] >= 1 and by_name[None]["claims_in_conflict"] >= 1

    # A conflict a person dismissed is no conflict: the wire copy's claim is then in none.
    folder, _ = corpus
    row = conflict_between(runner, own_db, folder / "breitbart.md", folder / "wire.txt")
    ok(runner, "review", row["id"], "--dismiss", "--db", own_db)
    after = rows_json(runner, "outlets", "--json", "--db", own_db)
    assert after == expected_outlets(runner, own_db)
    assert {r["outlet"]: r for r in after}[None]["claims_in_conflict"] == 0

    table = runner.invoke(app, ["outlets", "--db", str(own_db)], env={"COLUMNS": "160"})
    assert table.exit_code == 0, table.stderr
    for r in after:
        name = r["outlet"] or "(no outlet)"
        line = next(line for line in table.stdout.splitlines() if name in line)
        numbers = re.findall(r"\b\d+%?", line.replace(name, ""))
        assert numbers == [str(r["articles"]), str(r["claims"]), str(r["claims_in_conflict"]),
                           f"{r['conflict_share']:.0%}"], line


def test_outlets_of_a_missing_database_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "outlets", "--db", tmp_path / "none.db")
    assert result.exit_code == 1
    assert lines(result.stderr) == [f"Error: no database at {tmp_path / 'none.db'} (run claimtrack ingest first)"]
