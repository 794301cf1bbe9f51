"""What claimtrack writes cannot hurt: -o files are replaced whole and never over the
database or through a symbolic link, terminal output carries no escape sequences from
the articles, CSV cells cannot run as spreadsheet formulas, and a full SQLite temporary
area is one line (issue 21, items 3, 12, 13 and 15).

Commands run as real processes (each with a timeout), so what reaches stdout and stderr
is what a terminal would get.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

from claimtrack.export import write
from claimtrack.errors import OutputError
from claimtrack.output import database_files, printable, replacing
from conftest import copy_db
from test_disk import fill, small_disk  # noqa: F401  (small_disk is a fixture)
from test_reliability import CLAIMTRACK, WAIT, _as_nobody, integrity, run, stderr_lines

ESC, CSI, OSC = "\x1b", "\x9b", "\x9d"  # CSI and OSC: the one-character (C1) forms
#: Every -o command, with a placeholder for the output file.
WRITERS = {
    "export-json": ["export", "--json", "-o", "{out}"],
    "export-csv": ["export", "--csv", "--what", "comparisons", "-o", "{out}"],
    "report": ["report", "-o", "{out}"],
    "datasette-metadata": ["datasette-metadata", "-o", "{out}"],
}


def _writer(command: str, out: Path, db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run(*(a.format(out=out) for a in WRITERS[command]), "--db", db, *extra)


def _leftovers(folder: Path, *keep: str) -> list[str]:
    """Files in `folder` other than `keep`: a temporary file left behind would be one."""
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@pytest.fixture()
def own_db(seed_db: Path, tmp_path: Path) -> Path:
    return copy_db(seed_db, tmp_path / "ct.db")


# --- item 3: -o is atomic and never replaces an input -------------------------------------


@pytest.mark.model
@pytest.mark.parametrize("command", list(WRITERS))
@pytest.mark.parametrize("name", ["the-db", "its-wal", "its-journal", "a-hard-link", "a-forced-symlink"])
def test_output_over_the_database_is_refused(own_db: Path, tmp_path: Path, command: str, name: str) -> None:
    out, extra, what = {
        "the-db": (own_db, [], "the database"),
        "its-wal": (tmp_path / "ct.db-wal", [], "the database's write-ahead log"),
        "its-journal": (tmp_path / "ct.db-journal", [], "the database's journal"),
        "a-hard-link": (tmp_path / "same.db", [], "the database"),
        "a-forced-symlink": (tmp_path / "link.db", ["--force"], "the database"),
    }[name]
    if name == "a-hard-link":
        os.link(own_db, out)
    elif name == "a-forced-symlink":
        out.symlink_to(own_db)
    before = own_db.read_bytes()

    proc = _writer(command, out, own_db, *extra)  # run() asserts there is no traceback
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    kept = own_db if what == "the database" else out
    assert stderr_lines(proc.stderr) == [f"Error: refusing to write {out}: it is {what} {kept}"]
    assert own_db.read_bytes() == before
    assert integrity(own_db) == ["ok"]
    assert run("claims", "--json", "--db", own_db).returncode == 0
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())


@pytest.mark.model
@pytest.mark.parametrize("command", list(WRITERS))
def test_symbolic_link_output_is_refused_unless_forced(own_db: Path, tmp_path: Path, command: str) -> None:
    target, link = tmp_path / "target.out", tmp_path / "link.out"
    target.write_text("old\n", encoding="utf-8")
    link.symlink_to(target)

    refused = _writer(command, link, own_db)
    assert refused.returncode == 1, (refused.stdout, refused.stderr)
    assert stderr_lines(refused.stderr) == [
        f"Error: refusing to write {link}: it is a symbolic link (--force writes to the file it points to)"]
    assert target.read_text(encoding="utf-8") == "old\n" and link.is_symlink()

    forced = _writer(command, link, own_db, "--force")
    assert forced.returncode == 0, forced.stderr
    assert link.is_symlink() and link.resolve() == target.resolve()  # the link stays, its file is new
    assert target.read_text(encoding="utf-8") != "old\n" and target.stat().st_size > 0
    assert _leftovers(tmp_path, "ct.db", "ct.db-wal", "ct.db-shm", "target.out", "link.out") == []


@pytest.mark.model
@pytest.mark.parametrize("command", list(WRITERS))
def test_output_replaces_the_old_file_whole_keeping_its_permissions(own_db: Path, tmp_path: Path,
                                                                   command: str) -> None:
    out = tmp_path / "out" / "result"
    out.parent.mkdir()
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    proc = _writer(command, out, own_db)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert _leftovers(out.parent) == ["result"]
    data = out.read_bytes()
    assert data != b"old\n"
    if command.startswith("export") or command == "datasette-metadata":
        stdout_args = [a for a in WRITERS[command] if a not in ("-o", "{out}")]
        # splitlines: run() reads stdout as text, turning CSV's \r\n into \n.
        assert data.decode("utf-8").splitlines() == run(*stdout_args, "--db", own_db).stdout.splitlines()


@pytest.mark.model
def test_read_only_output_stays_read_only(seed_db: Path) -> None:
    # As root every file is writable: the export runs as nobody (see _as_nobody), in a
    # folder anyone may write to, so only the output's own permission can stop it.
    folder = Path(tempfile.mkdtemp(prefix="claimtrack-ro-out-", dir="/tmp"))
    try:
        folder.chmod(0o777)
        db = copy_db(seed_db, folder / "ct.db")
        db.chmod(0o666)
        out = folder / "kept.json"
        out.write_text("old\n", encoding="utf-8")
        out.chmod(0o444)
        proc = subprocess.run(_as_nobody([*CLAIMTRACK, "export", "--json", "-o", str(out), "--db", str(db)]),
                              capture_output=True, text=True, timeout=WAIT, cwd=folder,
                              env={**os.environ, "HOME": str(folder)})
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode == 1, (proc.stdout, proc.stderr)
        assert stderr_lines(proc.stderr) == [f"Error: cannot write {out}: permission denied"]
        assert out.read_text(encoding="utf-8") == "old\n"
        assert not any(p.name.endswith(".tmp") for p in folder.iterdir())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.model
def test_output_to_a_device_is_written_directly(own_db: Path) -> None:
    proc = run("export", "--json", "-o", os.devnull, "--db", own_db)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.model
@pytest.mark.parametrize("command", ["export-json", "report"])
def test_full_disk_leaves_the_old_output_intact(seed_db: Path, small_disk: Path, command: str) -> None:  # noqa: F811
    # The database lives elsewhere: only the output's filesystem is full.
    db = copy_db(seed_db, small_disk.parent / "ct.db")
    out = small_disk / "out"
    old = b'["the old, good output"]\n'
    out.write_bytes(old)
    filler = fill(small_disk, leave=8192)  # the report is ~5 MB, the export ~20 KB: neither fits

    proc = _writer(command, out, db)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert stderr_lines(proc.stderr) == [f"Error: cannot write {out}: no space left on device"]
    assert out.read_bytes() == old
    assert _leftovers(small_disk, "out", "filler") == []

    filler.unlink()
    again = _writer(command, out, db)
    assert again.returncode == 0, again.stderr
    assert out.read_bytes() != old


def test_replacing_keeps_the_old_file_when_the_writer_fails(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), replacing(out) as handle:
        handle.write("half of the new")
        raise RuntimeError("the writer failed")
    assert out.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == ["out.json"]

    with replacing(out, binary=True) as handle:
        handle.write(b"new")
    assert out.read_bytes() == b"new" and _leftovers(tmp_path) == ["out.json"]


def test_replacing_refuses_protected_files_folders_and_links(tmp_path: Path) -> None:
    db = tmp_path / "ct.db"
    db.write_bytes(b"data")
    (tmp_path / "link").symlink_to(db)
    protect = database_files(db)
    for path, message in [
        (db, f"refusing to write {db}: it is the database {db}"),
        (tmp_path / "ct.db-journal", f"refusing to write {tmp_path / 'ct.db-journal'}: it is the database's "
                                     f"journal {tmp_path / 'ct.db-journal'}"),
        (tmp_path / "link", f"refusing to write {tmp_path / 'link'}: it is a symbolic link "
                            "(--force writes to the file it points to)"),
        (tmp_path, f"cannot write {tmp_path}: is a directory"),
        (tmp_path / "missing" / "x", f"cannot write {tmp_path / 'missing' / 'x'}: no such file or directory"),
    ]:
        with pytest.raises(OutputError) as caught, replacing(path, protect=protect):
            pytest.fail("the block must not run")
        assert str(caught.value) == message
    with pytest.raises(OutputError, match="it is the database"), replacing(tmp_path / "link", protect=protect,
                                                                          force=True):
        pytest.fail("the block must not run")
    assert db.read_bytes() == b"data" and _leftovers(tmp_path) == ["ct.db", "link"]


# --- item 12: no escape sequence from an input reaches the terminal -----------------------

HOSTILE_NAME = f"evil{ESC}[2J{ESC}]52;c;aGk={ESC}\\{CSI}31m[bold]x.txt"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A database holding an article whose file name, title and text carry escape
    sequences (clear screen, OSC 52 clipboard write, OSC 8 link, C1 CSI and OSC) and
    Rich markup, in a story whose name does too; and the folder it was read from, which
    also holds an empty file with such a name (a problem line on stderr)."""
    folder = tmp_path_factory.mktemp("hostile")
    articles = folder / "articles"
    articles.mkdir()
    (articles / HOSTILE_NAME).write_text(
        f"Jail {ESC}[2J report {ESC}]8;;http://evil.example{ESC}\\here{ESC}]8;;{ESC}\\ {OSC}52;c;aGk=\x07\n\n"
        f"{ESC}]52;c;aGk=\x07Officials said 45 inmates were released from the Wake County jail in 2020, "
        f"{ESC}[31mthe sheriff{ESC}[0m wrote.\n", encoding="utf-8")
    (articles / "b.txt").write_text(
        "County figures\n\nOfficials said 60 inmates were released from the Wake County jail in 2020.\n",
        encoding="utf-8")
    (articles / f"empty{ESC}[2J{CSI}2J.txt").write_bytes(b"")
    db = folder / "ct.db"
    proc = run("ingest", articles, "--db", db, "--story", f"Jail {ESC}]52;c;aGk=\x07 story", env=_wide())
    assert proc.returncode == 0, proc.stderr
    return db, articles


def _wide() -> dict[str, str]:
    # A wide terminal, so no cell is folded and whole names can be looked for.
    return {**os.environ, "COLUMNS": "1000"}


def _assert_no_controls(proc: subprocess.CompletedProcess[str]) -> None:
    for stream in (proc.stdout, proc.stderr):
        assert printable(stream) == stream, [c for c in stream if printable(c) != c]


@pytest.mark.model
@pytest.mark.parametrize("args", [["claims"], ["conflicts"], ["conflicts", "--all"], ["groups"], ["stories"]],
                         ids=["claims", "conflicts", "conflicts-all", "groups", "stories"])
def test_tables_carry_no_control_characters_from_the_inputs(hostile: tuple[Path, Path], args: list[str]) -> None:
    db, articles = hostile
    proc = run(*args, "--db", db, env=_wide())
    assert proc.returncode == 0, proc.stderr
    _assert_no_controls(proc)
    shown = {
        "claims": f"{articles}/evil[2J]52;c;aGk=\\31m[bold]x.txt",  # markup shown as written, not applied
        "conflicts": "evil[2J]52;c;aGk=\\31m[bold]x.txt",
        "groups": "evil[2J]52;c;aGk=\\31m[bold]x.txt",
        "stories": "Jail ]52;c;aGk= story",
    }[args[0]]
    assert shown in proc.stdout


@pytest.mark.model
def test_ingest_and_error_lines_carry_no_control_characters(hostile: tuple[Path, Path]) -> None:
    db, articles = hostile
    proc = run("ingest", articles, articles / f"missing{ESC}]52;c;aGk=\x07.txt", "--db", db)
    assert proc.returncode == 0, proc.stderr
    _assert_no_controls(proc)
    assert stderr_lines(proc.stderr) == [f"Error: {articles}/empty[2J2J.txt: empty file",
                                         f"Error: {articles}/missing]52;c;aGk=.txt: no such file or folder"]
    for args in (["trace", f"{ESC}[2J"], ["claims", "--story", f"{ESC}]52;c;aGk=\x07"]):
        failed = run(*args, "--db", db)
        assert failed.returncode == 1
        _assert_no_controls(failed)
        assert len(stderr_lines(failed.stderr)) == 1


@pytest.mark.model
def test_json_output_keeps_the_text_as_stored(hostile: tuple[Path, Path]) -> None:
    db, _ = hostile
    proc = run("claims", "--json", "--db", db)
    assert ESC not in proc.stdout  # JSON escapes it, and it is still there
    sentences = [c["sentence"] for c in json.loads(proc.stdout)]
    assert any(f"{ESC}]52;c;aGk=\x07Officials said 45 inmates" in s for s in sentences)


def test_printable_drops_control_characters_only() -> None:
    controls = "".join(map(chr, [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)]))
    assert printable(controls) == ""
    kept = "tab\there\nnewline – “quotes” é ∞ 中文 🙂 [bold] \u00a0"
    assert printable(kept) == kept
    assert printable(f"{ESC}]52;c;aGk=\x07{ESC}[2Jhi") == "]52;c;aGk=[2Jhi"


# --- item 13: CSV cells never run as formulas -------------------------------------------------


@pytest.fixture(scope="module")
def formulas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of an article whose title is a formula and whose claims start with a minus."""
    folder = tmp_path_factory.mktemp("formulas")
    (folder / "a.txt").write_text(
        '=HYPERLINK("http://evil.example","open")\n\n'
        "The temperature in Denver fell to -3 degrees Celsius on Monday, officials said.\n\n"
        "-5 degrees Celsius was the low in Boulder.\n", encoding="utf-8")
    db = folder / "ct.db"
    assert run("ingest", folder / "a.txt", "--db", db).returncode == 0
    return db


def _csv(db: Path, what: str, *extra: str) -> list[dict[str, str]]:
    proc = run("export", "--csv", "--what", what, "--db", db, *extra)
    assert proc.returncode == 0, proc.stderr
    return list(csv.DictReader(io.StringIO(proc.stdout)))


@pytest.mark.model
def test_csv_text_that_starts_like_a_formula_is_neutralised(formulas: Path) -> None:
    (article,) = _csv(formulas, "articles")
    assert article["title"] == "'=HYPERLINK(\"http://evil.example\",\"open\")"
    assert article["text"].startswith("'=HYPERLINK(")
    claims = {c["quote"]: c for c in _csv(formulas, "claims")}
    assert set(claims) == {"'-3 degrees Celsius", "'-5 degrees Celsius"}
    five = claims["'-5 degrees Celsius"]
    assert five["sentence"] == "'-5 degrees Celsius was the low in Boulder."
    # Numbers are numbers: a spreadsheet reads -5.0, never a text cell.
    assert (five["value"], five["low"], five["high"]) == ("-5.0", "-5.0", "-5.0")
    assert claims["'-3 degrees Celsius"]["value"] == "-3.0"


@pytest.mark.model
def test_csv_raw_keeps_text_as_it_is_and_json_is_never_changed(formulas: Path, tmp_path: Path) -> None:
    (article,) = _csv(formulas, "articles", "--raw")
    assert article["title"] == '=HYPERLINK("http://evil.example","open")'
    assert {c["quote"] for c in _csv(formulas, "claims", "--raw")} == {"-3 degrees Celsius", "-5 degrees Celsius"}
    as_json = json.loads(run("export", "--json", "--what", "articles", "--db", formulas).stdout)
    assert as_json[0]["title"] == '=HYPERLINK("http://evil.example","open")'
    usage = run("export", "--json", "--raw", "--db", formulas)
    assert usage.returncode == 2 and "--raw applies to CSV only" in usage.stderr


@pytest.mark.parametrize("raw", [False, True], ids=["neutralised", "raw"])
def test_csv_writer_neutralises_formula_starts(raw: bool) -> None:
    cells = {"eq": "=1+2", "plus": "+1+cmd", "minus": "-2+3", "at": "@SUM(A1)", "tab": "\t=1", "cr": "\r=1",
             "text": "fine", "number_text": "-3", "number": -3, "float": -3.5, "none": None,
             "joined": ["=a", "b"]}
    out = io.StringIO()
    assert write(out, tuple(cells), [cells], "csv", raw=raw) == 1
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    mark = "" if raw else "'"
    assert row == {"eq": f"{mark}=1+2", "plus": f"{mark}+1+cmd", "minus": f"{mark}-2+3", "at": f"{mark}@SUM(A1)",
                   "tab": f"{mark}\t=1", "cr": f"{mark}\r=1", "text": "fine", "number_text": "-3",
                   "number": "-3", "float": "-3.5", "none": "", "joined": f"{mark}=a; b"}


# --- item 15: a full SQLite temporary area is one line ---------------------------------------


@pytest.fixture()
def big_db(seed_db: Path, tmp_path: Path) -> Path:
    """The seed database with sentences long enough (~7 MB in all) that sorting the
    comparisons and claims spills to SQLite's temporary files."""
    db = copy_db(seed_db, tmp_path / "big.db")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE claims SET sentence = sentence || ' ' || replace(hex(zeroblob(150000)), '00', 'ab ')")
    conn.commit()
    conn.close()
    return db


@pytest.mark.model
@pytest.mark.parametrize("args", [["export", "--what", "comparisons"], ["report", "-o", "{tmp}/r.html"]],
                         ids=["export", "report"])
def test_full_sqlite_temporary_area_is_one_line(big_db: Path, small_disk: Path, tmp_path: Path,  # noqa: F811
                                                args: list[str]) -> None:
    fill(small_disk, leave=0)
    env = {**os.environ, "SQLITE_TMPDIR": str(small_disk)}
    command = [*CLAIMTRACK, *(a.format(tmp=tmp_path) for a in args), "--db", str(big_db)]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=WAIT, env=env)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert stderr_lines(proc.stderr) == [
        "Error: SQLite ran out of room for its temporary files (database or disk is full): free space where "
        "SQLITE_TMPDIR points (else TMPDIR, /var/tmp or /tmp)"]
    assert not (tmp_path / "r.html").exists()
    assert integrity(big_db) == ["ok"]
    # With room for them, the same command works.
    ok = subprocess.run(command, capture_output=True, text=True, timeout=WAIT)
    assert ok.returncode == 0, ok.stderr
