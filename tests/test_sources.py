"""Tests for claimtrack.sources: expanding paths, reading, decoding and vetting files."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtrack.model import Article
from claimtrack.sources import (
    DEFAULT_MAX_BYTES,
    Problem,
    iter_files,
    parse_text,
    read_article,
    read_articles,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT_ROOT / "seeds"
TESTS = Path(__file__).resolve().parent
NOBODY = 65534


# --- helpers ------------------------------------------------------------------


def write(path: Path, data: bytes | str) -> str:
    """Write bytes (or UTF-8 text, byte for byte) to `path`; return it as a str."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # write_bytes, not write_text: text mode would translate "\r\n" on some systems.
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def read_ok(path: str, **kwargs: int) -> tuple[Article, list[Problem]]:
    """read_article, asserting that it produced an article."""
    article, problems = read_article(path, **kwargs)
    assert article is not None, problems
    return article, problems


def read_fails(path: str, **kwargs: int) -> str:
    """read_article, asserting one fatal problem; return its message."""
    article, problems = read_article(path, **kwargs)
    assert article is None
    assert len(problems) == 1 and problems[0].fatal and problems[0].path == path
    assert "\n" not in problems[0].message
    return problems[0].message


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail instead of hanging if the block runs longer than `seconds`."""

    def on_alarm(signum: int, frame: object) -> None:
        raise TimeoutError(f"took longer than {seconds}s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- the date marker ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "text", "date"),
    [
        # Marker and lede on one line: marker and the spaces after it go.
        ("date 2019-09-09 Detention centers across", "Detention centers across", "2019-09-09"),
        (" \tdate 2019-09-09 \t Lede.\nMore.", "Lede.\nMore.", "2019-09-09"),
        # Marker alone on its line: the newline after it stays.
        ("date 2019-11-03\nMore than 500\n", "\nMore than 500\n", "2019-11-03"),
        ("date 2019-11-03  \r\nLede", "\r\nLede", "2019-11-03"),
        ("date 2020-02-29", "", "2020-02-29"),
        # No marker: the text is untouched.
        ("Lede without marker.\n", "Lede without marker.\n", None),
        ("  Indented lede", "  Indented lede", None),
        # Not a calendar date, or not a whole date: kept as text.
        ("date 2019-13-45 Lede", "date 2019-13-45 Lede", None),
        ("date 2019-02-29 Lede", "date 2019-02-29 Lede", None),
        ("date 2019-09-091 Lede", "date 2019-09-091 Lede", None),
        ("date 2019-9-9 Lede", "date 2019-9-9 Lede", None),
        ("dated 2019-09-09 Lede", "dated 2019-09-09 Lede", None),
        # Only a marker at the very start counts.
        ("Intro\ndate 2019-09-09 Lede", "Intro\ndate 2019-09-09 Lede", None),
    ],
)
def test_date_marker(raw: str, text: str, date: str | None) -> None:
    """A leading valid "date YYYY-MM-DD" marker is stripped into Article.date."""
    article = parse_text("a.txt", raw)
    assert (article.text, article.date) == (text, date)
    assert article.path == "a.txt"


def test_date_marker_in_file_sets_title_from_lede(tmp_path: Path) -> None:
    """The title is taken after the marker is removed, and stays in the text."""
    path = write(tmp_path / "a.txt", "date 2019-09-09\n\nLede line.\nBody.\n")
    article, notices = read_ok(path)
    assert notices == []
    assert article.date == "2019-09-09"
    assert article.title == "Lede line."
    assert article.text == "\n\nLede line.\nBody.\n"


def test_file_with_only_a_date_marker_is_empty(tmp_path: Path) -> None:
    """A marker with nothing after it is no article."""
    path = write(tmp_path / "a.txt", "date 2019-09-09  \n\n")
    assert read_fails(path) == "empty file (only a date marker)"


# --- titles -------------------------------------------------------------------


def test_title_is_first_non_empty_line_stripped() -> None:
    """Blank lines before the title are skipped; the title is stripped."""
    article = parse_text("a.txt", "\n  \n\t  Headline here  \nBody.")
    assert article.title == "Headline here"
    assert article.text == "\n  \n\t  Headline here  \nBody."


def test_long_title_is_cut_at_a_word_boundary() -> None:
    """A long first line is cut after a whole word, with an ellipsis, to 120 chars."""
    line = " ".join(f"word{i:03d}" for i in range(40))  # 319 chars, 7-char words
    title = parse_text("a.txt", line + "\nBody").title
    assert title.endswith("…") and len(title) <= 120
    head = title[:-1]
    assert line.startswith(head) and line[len(head)] == " "
    assert len(head) > 100  # not cut needlessly short


def test_title_of_exactly_120_chars_is_kept() -> None:
    """A first line that just fits is not cut; one character more is."""
    line = ("abcd " * 24).strip() + "x"
    assert len(line) == 120
    assert parse_text("a.txt", line).title == line
    assert parse_text("a.txt", line + "y").title == ("abcd " * 23).strip() + "…"


def test_title_without_spaces_is_cut_hard() -> None:
    """One enormous word has no boundary to cut at, so it is cut at the limit."""
    title = parse_text("a.txt", "x" * 500).title
    assert title == "x" * 119 + "…"


def test_title_cut_drops_trailing_punctuation() -> None:
    """No "word,…": the separator before the cut goes."""
    line = "a" * 100 + ", " + "b" * 30
    assert parse_text("a.txt", line).title == "a" * 100 + "…"


@given(st.text())
def test_parse_text_properties(raw: str) -> None:
    """Any text: title within limit, a line of the text; text kept unless a marker led it."""
    article = parse_text("p.txt", raw)
    assert len(article.title) <= 120
    assert "\n" not in article.title and "\r" not in article.title
    if not raw.lstrip(" \t").startswith("date"):
        assert article.text == raw and article.date is None
    if article.title and not article.title.endswith("…"):
        assert article.title in article.text


# --- text is kept exactly -----------------------------------------------------


def test_text_is_stored_exactly(tmp_path: Path) -> None:
    """No normalisation: non-breaking spaces, CRLF and odd spacing survive."""
    raw = "Headline\u00a0with nbsp\r\n\r\n  Body  has\tspaces\u00a0 and CRLF.\r\nEnd  \r\n"
    path = write(tmp_path / "a.txt", raw)
    article, notices = read_ok(path)
    assert notices == []
    assert article.text == raw
    assert article.title == "Headline\u00a0with nbsp"
    assert article.path == path and article.date is None


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    """A UTF-8 byte-order mark is not part of the text (and does not hide a marker)."""
    path = write(tmp_path / "a.txt", b"\xef\xbb\xbfdate 2019-09-09 Caf\xc3\xa9 lede")
    article, notices = read_ok(path)
    assert (article.text, article.date, notices) == ("Café lede", "2019-09-09", [])


# --- expanding paths ----------------------------------------------------------


def make_tree(root: Path) -> None:
    """A folder with articles, other files and nested folders, created out of order."""
    for name in ["z.txt", "b.md", "sub/deeper/d.TXT", "a.txt", "sub/c.md", "aa/e.txt"]:
        write(root / name, f"Article {name}\n")
    for name in ["notes.pdf", "image.png", "sub/readme", "sub/x.txt.bak"]:
        write(root / name, b"not an article")


def test_folder_walk_order_and_path_joining(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files then sub-folders, each sorted; paths are the folder argument joined."""
    make_tree(tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    expected = [
        "seeds/a.txt",
        "seeds/b.md",
        "seeds/z.txt",
        "seeds/aa/e.txt",
        "seeds/sub/c.md",
        "seeds/sub/deeper/d.TXT",
    ]
    assert list(iter_files(["seeds/"])) == expected
    assert list(iter_files(["seeds"])) == expected
    # Deterministic: a second walk gives the same list.
    assert list(iter_files(["seeds/"])) == expected


def test_folder_walk_with_absolute_path(tmp_path: Path) -> None:
    """An absolute folder argument gives absolute file paths."""
    make_tree(tmp_path / "seeds")
    folder = str(tmp_path / "seeds")
    assert list(iter_files([folder]))[:2] == [
        os.path.join(folder, "a.txt"),
        os.path.join(folder, "b.md"),
    ]


def test_explicit_file_is_taken_whatever_its_suffix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Suffix filtering only applies inside folders; explicit paths are kept as given."""
    make_tree(tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    args = ["seeds/sub/readme", "./seeds/notes.pdf", "seeds/sub/c.md"]
    assert list(iter_files(args)) == args


def test_missing_path_is_a_problem(tmp_path: Path) -> None:
    """A path that does not exist is reported, and later paths still come."""
    missing = str(tmp_path / "nope.txt")
    present = write(tmp_path / "yes.txt", "Yes")
    assert list(iter_files([missing, present])) == [
        Problem(missing, "no such file or folder"),
        present,
    ]
    below_file = os.path.join(present, "child.txt")
    assert list(iter_files([below_file])) == [Problem(below_file, "no such file or folder")]


def test_folder_without_articles_is_a_problem(tmp_path: Path) -> None:
    """An empty folder, or one with no article files, is reported."""
    empty = tmp_path / "empty"
    empty.mkdir()
    others = tmp_path / "others"
    write(others / "a.pdf", b"x")
    write(others / "sub" / "b.tsv", b"x")
    message = "no .txt or .md articles in this folder (nor .html, .htm, .jsonl, .ndjson, .csv)"
    assert list(iter_files([str(empty), str(others)])) == [
        Problem(str(empty), message),
        Problem(str(others), message),
    ]


def test_symlink_loop_inside_folder_does_not_hang(tmp_path: Path) -> None:
    """A link from a sub-folder back to its parent is listed but not followed."""
    root = tmp_path / "root"
    write(root / "a.txt", "A")
    write(root / "sub" / "b.txt", "B")
    os.symlink(root, root / "sub" / "loop")
    os.symlink("..", root / "sub" / "up")
    with time_limit(20):
        files = list(iter_files([str(root)]))
    assert files == [str(root / "a.txt"), str(root / "sub" / "b.txt")]


def test_symlinked_file_inside_folder_is_read(tmp_path: Path) -> None:
    """A symlink to a file in the folder is an ordinary article file; one to a file
    outside it is too with follow_symlinks, and is skipped without."""
    real = write(tmp_path / "real.txt", "Real text")
    write(tmp_path / "dir" / "data" / "inner.dat", "Inner text")
    os.symlink(real, tmp_path / "dir" / "link.txt")
    os.symlink(os.path.join("data", "inner.dat"), tmp_path / "dir" / "inner.txt")
    items = list(read_articles([str(tmp_path / "dir")], follow_symlinks=True))
    assert [(a.path, a.text) for a in items if isinstance(a, Article)] == [
        (str(tmp_path / "dir" / "inner.txt"), "Inner text"),
        (str(tmp_path / "dir" / "link.txt"), "Real text"),
    ]
    items = list(read_articles([str(tmp_path / "dir")]))
    assert [(a.path, a.text) for a in items if isinstance(a, Article)] == [
        (str(tmp_path / "dir" / "inner.txt"), "Inner text")]
    assert items[-1] == Problem(str(tmp_path / "dir" / "link.txt"),
                                f"symlink to {real}, outside the folder: skipped (--follow-symlinks reads it)")


def test_explicit_broken_symlink_and_loop(tmp_path: Path) -> None:
    """Dangling and looping symlinks given explicitly get clear messages."""
    broken = tmp_path / "broken.txt"
    os.symlink(tmp_path / "missing.txt", broken)
    loop = tmp_path / "loop.txt"
    os.symlink(loop, loop)
    assert list(iter_files([str(broken), str(loop)])) == [
        Problem(str(broken), "broken symlink (its target does not exist)"),
        Problem(str(loop), "symlink loop (too many levels of symbolic links)"),
    ]


def test_bad_symlinks_inside_folder_become_read_problems(tmp_path: Path) -> None:
    """Inside a folder, a looping or dangling .txt link is reported when read."""
    folder = tmp_path / "f"
    write(folder / "good.txt", "Good")
    os.symlink(folder / "loop.txt", folder / "loop.txt")
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    with time_limit(20):
        items = list(read_articles([str(folder)]))
    assert items == [
        Problem(str(folder / "dangling.txt"), "broken symlink (its target does not exist)"),
        read_ok(str(folder / "good.txt"))[0],
        Problem(str(folder / "loop.txt"), "symlink loop (too many levels of symbolic links)"),
    ]


def test_explicit_symlink_to_folder_is_walked(tmp_path: Path) -> None:
    """A folder symlink named on the command line is followed (once)."""
    write(tmp_path / "real" / "a.txt", "A")
    os.symlink(tmp_path / "real", tmp_path / "alias")
    assert list(iter_files([str(tmp_path / "alias")])) == [str(tmp_path / "alias" / "a.txt")]


# --- empty, binary and unreadable files --------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  \n", "\u00a0\u2003\n".encode()])
def test_empty_or_whitespace_file(tmp_path: Path, content: bytes) -> None:
    """Files with no visible text are rejected as empty."""
    assert read_fails(write(tmp_path / "a.txt", content)) == "empty file"


def test_png_is_binary(tmp_path: Path) -> None:
    """A real PNG header is recognised by its magic bytes."""
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20
    assert read_fails(write(tmp_path / "pic.txt", png)) == "binary file (PNG image), not text"


def test_zip_is_binary(tmp_path: Path) -> None:
    """A real zip archive (e.g. a .docx saved as .txt) is recognised."""
    path = tmp_path / "archive.txt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("inner.txt", "hello " * 100)
    assert read_fails(str(path)) == "binary file (zip archive), not text"


def test_sqlite_is_binary(tmp_path: Path) -> None:
    """A real SQLite database is recognised."""
    path = tmp_path / "claims.md"
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("create table t (x text)")
        connection.execute("insert into t values ('some text')")
    connection.close()
    assert read_fails(str(path)) == "binary file (SQLite database), not text"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary file (PDF document), not text"),
        (b"\x1f\x8b\x08\x00" + b"x" * 30, "binary file (gzip archive), not text"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary file (JPEG image), not text"),
        (b"GIF89a\x01\x00\x01\x00", "binary file (GIF image), not text"),
        (b"Looks like text\x00\x00 but has NULs", "binary file, not text"),
        (bytes(range(1, 9)) * 20 + b"some words", "binary file, not text"),
    ],
)
def test_other_binaries(tmp_path: Path, data: bytes, message: str) -> None:
    """Other magic numbers, NUL bytes and control-character soup are binary."""
    assert read_fails(write(tmp_path / "a.txt", data)) == message


def test_nul_after_first_8k_is_not_sniffed(tmp_path: Path) -> None:
    """Only the first 8 KB is scanned for NULs (a stray late NUL is kept)."""
    raw = "Headline\n" + "word " * 2000 + "\x00end"
    article, _ = read_ok(write(tmp_path / "a.txt", raw))
    assert article.text == raw


def test_directory_cannot_be_read(tmp_path: Path) -> None:
    """read_article on a folder reports it without a traceback or errno number."""
    assert read_fails(str(tmp_path)) == "cannot read: is a directory"


def test_missing_file_cannot_be_read(tmp_path: Path) -> None:
    """read_article on a missing path uses the OS's wording, lower-cased."""
    assert read_fails(str(tmp_path / "gone.txt")) == "cannot read: no such file or directory"


def test_too_large_file(tmp_path: Path) -> None:
    """Files over max_bytes are refused before reading, with the numbers shown."""
    path = write(tmp_path / "big.txt", "x" * 1500)
    assert read_fails(path, max_bytes=1000) == (
        "file too large (1,500 bytes; limit 1,000, see --max-bytes)"
    )
    article, _ = read_ok(path, max_bytes=1500)
    assert len(article.text) == 1500
    assert DEFAULT_MAX_BYTES == 5_000_000


@pytest.fixture
def public_dir() -> Iterator[Path]:
    """A temporary folder any user can traverse (pytest's tmp_path is root-only)."""
    folder = Path(tempfile.mkdtemp(prefix="claimtrack-perm-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


#: Root reads anything, so as root the permission cases run as "nobody" in a child.
NEEDS_PRIVILEGE_DROP = pytest.mark.xfail(
    os.geteuid() == 0 and shutil.which("setpriv") is None,
    reason="cannot drop privileges here",
    strict=True,
)


def run_unprivileged(probe: Callable[..., object], *args: str) -> object:
    """Call `probe(*args)` (JSON-able result) without root's power to read anything."""
    if os.geteuid() != 0:
        return probe(*args)
    code = (
        "import json, sys\n"
        f"from test_sources import {probe.__name__} as probe\n"
        "print(json.dumps(probe(*sys.argv[1:])))\n"
    )
    command = [
        "setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
        sys.executable, "-B", "-c", code, *args,
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), str(TESTS)])}
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd="/", timeout=60)
    if result.returncode != 0 and result.stderr.startswith("setpriv"):
        pytest.xfail("cannot drop privileges here")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def probe_read_article(path: str) -> object:
    """read_article's outcome as JSON-able data."""
    article, problems = read_article(path)
    return [article is None, [[p.message, p.fatal] for p in problems]]


def probe_iter_files(*paths: str) -> object:
    """iter_files' output for each path separately, as JSON-able data."""
    return [
        [[i.path, i.message] if isinstance(i, Problem) else i for i in iter_files([path])]
        for path in paths
    ]


@NEEDS_PRIVILEGE_DROP
def test_permission_denied(public_dir: Path) -> None:
    """An unreadable file gives "cannot read: permission denied"."""
    path = write(public_dir / "secret.txt", "Secret text")
    os.chmod(path, 0o000)
    assert run_unprivileged(probe_read_article, path) == [
        True,
        [["cannot read: permission denied", True]],
    ]


@NEEDS_PRIVILEGE_DROP
def test_unlistable_folder(public_dir: Path, request: pytest.FixtureRequest) -> None:
    """A folder that cannot be listed is reported once, and its siblings still come."""
    write(public_dir / "a.txt", "A")
    locked = public_dir / "locked"
    write(locked / "b.txt", "B")
    locked.chmod(0o000)
    request.addfinalizer(lambda: locked.chmod(0o755))  # so that cleanup can remove it
    denied = [str(locked), "cannot read folder: permission denied"]
    assert run_unprivileged(probe_iter_files, str(public_dir), str(locked)) == [
        [str(public_dir / "a.txt"), denied],
        [denied],
    ]


# --- decoding -----------------------------------------------------------------


def test_cp1252_curly_quotes(tmp_path: Path) -> None:
    """Windows-1252 smart quotes and dashes decode correctly, with a notice."""
    raw = "He said \u201chello\u201d and it\u2019s fine \u2014 really.\n"
    path = write(tmp_path / "a.txt", raw.encode("cp1252"))
    article, notices = read_ok(path)
    assert article.text == raw
    assert notices == [Problem(path, "not UTF-8: decoded as cp1252", fatal=False)]


@pytest.mark.parametrize(
    "raw",
    [
        "Caf\u00e9 au lait\n",
        "The r\u00e9sum\u00e9 of the na\u00efve caf\u00e9 owner was reviewed by 300 officials.\n",
        "Die Beh\u00f6rden haben \u00fcber 500 Menschen freigelassen, hie\u00df es. Stra\u00dfe.\n",
    ],
)
def test_latin1(tmp_path: Path, raw: str) -> None:
    """Latin-1 accented letters (é, ü, ß) decode correctly, with a notice."""
    path = write(tmp_path / "a.txt", raw.encode("latin-1"))
    article, notices = read_ok(path)
    assert article.text == raw
    assert len(notices) == 1 and not notices[0].fatal
    assert notices[0].message.startswith("not UTF-8: decoded as ")


def test_other_legacy_encodings_are_not_forced_to_cp1252(tmp_path: Path) -> None:
    """Czech cp1250 and Russian cp1251 text keep their own guessed encoding."""
    czech = "Příliš žluťoučký kůň úpěl ďábelské ódy.\n"
    russian = "Власти освободили более 500 человек.\n"
    for name, raw, encoding in [("cz.txt", czech, "cp1250"), ("ru.txt", russian, "cp1251")]:
        article, notices = read_ok(write(tmp_path / name, raw.encode(encoding)))
        assert article.text == raw
        assert [n.message for n in notices] == [f"not UTF-8: decoded as {encoding}"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, encoding: str) -> None:
    """UTF-16 with a byte-order mark decodes (despite its NUL bytes), BOM dropped."""
    raw = "date 2019-09-09 Caf\u00e9 \u201cquoted\u201d\r\nSecond line\n"
    bom = "" if encoding == "utf-16" else "\ufeff"  # the plain codec writes its own BOM
    path = write(tmp_path / "a.txt", (bom + raw).encode(encoding))
    article, notices = read_ok(path)
    assert notices == []  # a BOM is certain, nothing was guessed
    assert article.date == "2019-09-09"
    assert article.text == "Caf\u00e9 \u201cquoted\u201d\r\nSecond line\n"


def test_undecodable_bytes(tmp_path: Path) -> None:
    """Bytes no encoding makes sense of are refused."""
    data = bytes(range(0x80, 0x100)) * 4
    assert read_fails(write(tmp_path / "a.txt", data)) == (
        "cannot decode text (not UTF-8, encoding not recognised)"
    )


# --- streaming ----------------------------------------------------------------


def test_read_articles_yields_notice_right_before_its_article(tmp_path: Path) -> None:
    """Problems and notices come in input order, each notice before its article."""
    legacy = write(tmp_path / "b.txt", "Caf\u00e9 news\n".encode("cp1252"))
    good = write(tmp_path / "a.txt", "Good news\n")
    missing = str(tmp_path / "missing")
    items = list(read_articles([good, missing, legacy]))
    assert [type(item).__name__ for item in items] == ["Article", "Problem", "Problem", "Article"]
    assert items[1] == Problem(missing, "no such file or folder")
    assert items[2] == Problem(legacy, "not UTF-8: decoded as cp1252", fatal=False)
    assert isinstance(items[3], Article) and items[3].path == legacy


def test_read_articles_streams(tmp_path: Path) -> None:
    """The first article is yielded before later paths are even requested."""
    paths = [write(tmp_path / f"{i}.txt", f"Article {i}") for i in range(3)]
    requested: list[str] = []

    def path_source() -> Iterator[str]:
        for path in paths:
            requested.append(path)
            yield path

    stream = read_articles(path_source())
    first = next(stream)
    assert isinstance(first, Article) and first.text == "Article 0"
    assert requested == paths[:1]
    assert [a.text for a in stream if isinstance(a, Article)] == ["Article 1", "Article 2"]


def test_read_articles_passes_max_bytes(tmp_path: Path) -> None:
    """max_bytes reaches every file read."""
    path = write(tmp_path / "a.txt", "x" * 20)
    assert list(read_articles([path], max_bytes=10)) == [
        Problem(path, "file too large (20 bytes; limit 10, see --max-bytes)")
    ]


# --- the real seed articles ---------------------------------------------------


def test_real_seed_folder() -> None:
    """The project's five seed articles read cleanly, with the two marked dates."""
    items = list(read_articles([str(SEEDS)]))
    assert all(isinstance(item, Article) for item in items), items
    articles = {Path(a.path).name[:3]: a for a in items if isinstance(a, Article)}
    assert sorted(articles) == ["000", "001", "002", "003", "004"]
    assert [a.path for a in items if isinstance(a, Article)] == sorted(
        str(p) for p in SEEDS.glob("*.txt")
    )
    assert articles["000"].date == "2019-09-09"
    assert articles["000"].text.startswith("Detention centers")
    assert articles["001"].date == "2019-11-03"
    assert articles["001"].text.startswith("More than 500")
    for key in ("002", "003", "004"):
        assert articles[key].date is None
    for article in articles.values():
        assert article.title and len(article.title) <= 120
        assert article.title.rstrip("…") in article.text
        assert len(article.id) == 16 and len(article.sha256) == 64


def test_a_folders_readme_and_license_are_not_articles(tmp_path: Path) -> None:
    """A corpus folder's README.TXT, LICENSE.md and CHANGELOG.md are its papers, not news;
    named on the command line, such a file is read."""
    for name in ("README.TXT", "LICENSE.md", "CHANGELOG.md", "a.txt", "readme-notes.txt"):
        (tmp_path / name).write_text("Police said 3 people were hurt.\n", encoding="utf-8")
    assert sorted(Path(p).name for p in iter_files([str(tmp_path)])) == ["a.txt", "readme-notes.txt"]
    assert list(iter_files([str(tmp_path / "README.TXT")])) == [str(tmp_path / "README.TXT")]
