"""Turn command-line paths into articles: expand folders, read, decode and vet files.

Besides plain-text articles (.txt, and .md with optional YAML front matter) an
input can be a saved web page (.html/.htm), or JSON lines (.jsonl/.ndjson, or
"-" for standard input) and CSV (.csv) with one article per row.

Nothing here prints or exits: every problem with an input becomes a `Problem`
value that the caller reports. Fatal problems replace the article (or the row);
notices (``fatal=False``) accompany an article that was still read.
"""

from __future__ import annotations

import csv
import datetime
import errno
import fnmatch
import hashlib
import io
import json
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
import dataclasses
from dataclasses import dataclass
from typing import Any, BinaryIO, TypeVar

import charset_normalizer
from charset_normalizer.md import mess_ratio

from claimtrack.model import Article

_T = TypeVar("_T")

_TEXT_SUFFIXES = (".txt", ".md")
_MARKDOWN_SUFFIXES = (".md",)
_HTML_SUFFIXES = (".html", ".htm")
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_CSV_SUFFIXES = (".csv",)
_ROW_SUFFIXES = _JSONL_SUFFIXES + _CSV_SUFFIXES
#: What a folder walk picks up (a file named explicitly is read whatever its suffix).
ARTICLE_SUFFIXES = _TEXT_SUFFIXES + _HTML_SUFFIXES + _ROW_SUFFIXES
DEFAULT_MAX_BYTES = 5_000_000

#: The path that stands for standard input (read as JSON lines).
STDIN = "-"

#: The article fields that page metadata, front matter or row columns can give.
META_FIELDS = ("title", "date", "outlet", "author", "url", "story")

#: Longest title kept, counting the "…" added when a title is cut.
TITLE_MAX_CHARS = 120

#: How much of the start of a file is scanned for NUL bytes.
_SNIFF_BYTES = 8192

#: Above this share of C0 control characters a decoded text is treated as binary.
_MAX_CONTROL_SHARE = 0.30

#: C0 controls that ordinary text does contain.
_TEXT_CONTROLS = frozenset("\n\r\t\f")

#: Leading bytes of binary formats a user is likely to pass by mistake.
_MAGIC = (
    (b"\x89PNG", "PNG image"),
    (b"PK\x03\x04", "zip archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"%PDF", "PDF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
)

#: Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\xfe\xff", "utf-16"),
    (b"\xff\xfe", "utf-16"),
)

#: The legacy encoding most non-UTF-8 English news text is in; a superset of
#: latin-1 for every printable character.
_WESTERN = "cp1252"
#: How much less messy (charset_normalizer's mess ratio, 0 clean, 1 and more garbage)
#: another encoding's reading must be than cp1252's for the detector to be taken as
#: confident of it. Cyrillic or Greek bytes read as cp1252 score about 1; English and
#: Western European text 0; ties and near-ties stay cp1252.
_CONFIDENT_MARGIN = 0.1

#: A leading publication-date marker: "date YYYY-MM-DD", then spaces or tabs.
_DATE_MARKER = re.compile(
    r"[ \t]*date[ \t]+([0-9]{4}-[0-9]{2}-[0-9]{2})(?=[ \t\r\n\f\v]|\Z)[ \t]*"
)

#: A YAML front matter block at the very start of a Markdown file: a "---" line,
#: the YAML, and a closing "---" (or "...") line.
_FRONT_MATTER_START = re.compile(r"---[ \t]*\r?\n")
_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(?P<yaml>.*?\r?\n)??(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)

#: How many items of a list-valued field (several authors) are kept.
_MAX_LIST_ITEMS = 20

#: How many of the last non-empty lines are searched for a sign-off.
_SIGN_OFF_LINES = 3

_UPPER = "A-ZÀ-ÖØ-Þ"
_NAME_WORD = rf"[{_UPPER}][\w'’.-]*"
#: A word of an organisation's name: capitalised, or an abbreviation like "U.S.".
_ORG_WORD = rf"(?:(?:[{_UPPER}]\.)+|[{_UPPER}0-9][\w&'’-]*)"
#: A reporter's sign-off line, e.g. "John Binder is a reporter for Breitbart News."
#: or "Bob Price serves as associate editor and senior political news contributor
#: for the Breitbart Border team." A newsroom role word is required, so that
#: "Chad Wolf is the acting secretary for Homeland Security." is no sign-off.
_SIGN_OFF = re.compile(
    rf"(?P<author>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})\s+"
    r"(?:(?:is|was|serves\s+as|works\s+as)\s[^.]{0,120}?"
    r"\b(?:reporter|writer|editor|correspondent|contributor|columnist|journalist|producer)s?\b"
    r"[^.]{0,80}?\s|writes\s+)"
    rf"for\s+(?:[Tt]he\s+)?(?P<outlet>{_ORG_WORD}(?:\s+(?:{_ORG_WORD}|of|&))*)"
    r"(?P<desk>\s+(?:team|desk|bureau))?"
)


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input path, as a one-line message."""

    path: str  # as given / as joined
    message: str  # one short line, no newline
    fatal: bool = True  # False = a notice only (the article was still read)

    def __post_init__(self) -> None:
        # A file name that is not UTF-8, or a JSON escape quoted in a message, must
        # not break the one line that reports it.
        object.__setattr__(self, "path", valid_name(self.path))
        object.__setattr__(self, "message", valid_name(self.message))


@dataclass(frozen=True)
class Columns:
    """Which column (CSV) or key (JSON lines) of a row holds each article field."""

    text: str = "text"
    title: str = "title"
    date: str = "date"
    url: str = "url"
    outlet: str = "outlet"
    author: str = "author"
    id: str = "id"
    story: str = "story"


DEFAULT_COLUMNS = Columns()


# --- expanding paths ----------------------------------------------------------


def iter_files(paths: Iterable[str], *, follow_symlinks: bool = False, exclude: Sequence[str] = (),
               skipped: Counter[str] | None = None) -> Iterator[str | Problem]:
    """Expand command-line paths into file paths (or problems), in a stable order.

    Inside a folder, a symlink to a file outside it is skipped (a problem) unless
    `follow_symlinks`: a link such as status.txt -> /proc/self/status would otherwise
    read a file the user never meant to give. A symlink named explicitly is followed.

    A file is left out when a glob of `exclude` matches (see excluded) its path inside
    the folder given, or a named file's path as given. `skipped`, when given, counts the
    files passed over, by why (see SKIPPED_*): what a summary can tell the user, who
    would otherwise not know that a folder's .pdf or .docx files were never read.
    """
    for path in paths:
        if path == STDIN:
            yield path  # standard input: never a file named "-" (that is "./-")
            continue
        try:
            mode = os.lstat(path).st_mode
        except (FileNotFoundError, NotADirectoryError):
            yield Problem(path, "no such file or folder")
            continue
        except OSError as exc:
            yield Problem(path, _os_error_message(path, exc))
            continue
        if stat.S_ISLNK(mode):
            # An explicit symlink is followed once; a dangling or looping one
            # is reported here rather than as a confusing read error later.
            try:
                mode = os.stat(path).st_mode
            except OSError as exc:
                yield Problem(path, _os_error_message(path, exc))
                continue
        if stat.S_ISDIR(mode):
            yield from _walk_folder(path, follow_symlinks=follow_symlinks, exclude=exclude,
                                    skipped=Counter() if skipped is None else skipped)
        elif excluded(path, exclude, inside=False):
            if skipped is not None:
                skipped[SKIPPED_EXCLUDED] += 1
        else:
            # A file named explicitly is taken whatever its suffix.
            yield path


#: Why a folder walk passed over a file, besides its suffix (".pdf"; "" for none), as
#: iter_files counts it: a folder's own papers (README, LICENSE), and --exclude.
SKIPPED_PROJECT_FILE = "project file"
SKIPPED_EXCLUDED = "excluded"


def excluded(path: str, patterns: Sequence[str], *, inside: bool = True) -> bool:
    """Whether a glob of `patterns` matches the file at `path`: its path inside the folder
    given, its name, a folder it is in ("drafts" leaves out drafts/a.txt and
    2019/drafts/b.txt) or a leading part of its path ("2019/drafts"). A file named on the
    command line (not `inside`) is matched by its name and its path as given only: the
    folders above it are not the user's corpus. Globs are fnmatch's: * and ? match / too,
    so "drafts/*" reaches into drafts' sub-folders."""
    if not patterns:
        return False
    path = path.replace(os.sep, "/")
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if inside:
        names = parts + ["/".join(parts[:end]) for end in range(2, len(parts) + 1)]
    else:
        names = [path, path.removeprefix("./"), *parts[-1:]]
    globs = [pattern.replace(os.sep, "/").removeprefix("./").rstrip("/") for pattern in patterns]
    return any(fnmatch.fnmatch(name, glob) for glob in globs if glob for name in names)


def _walk_folder(folder: str, *, follow_symlinks: bool = False, exclude: Sequence[str] = (),
                 skipped: Counter[str]) -> Iterator[str | Problem]:
    """Article files under `folder`, each joined onto `folder` as given: a folder's
    files, then its sub-folders, each sorted by name. The files passed over are counted
    in `skipped` (see iter_files)."""
    root = resolved_path(folder)
    found = left_out = 0
    # A stack rather than os.walk, which recurses on each level before Python 3.12:
    # a tree 1,000 folders deep must not hit the recursion limit.
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            yield Problem(current, f"cannot read folder: {_strerror(exc)}")
            if current == folder:
                return  # the folder itself could not be listed: that error says it all
            continue
        subfolders = []
        for entry in entries:
            if _is_folder(entry):
                # A symlink to a folder is never entered, so a link back to a
                # parent cannot make the walk loop forever.
                if not entry.is_symlink():
                    subfolders.append(entry.path)
                continue
            why = _passed_over(entry.name)
            if why is None and exclude and excluded(os.path.relpath(entry.path, folder), exclude):
                why, left_out = SKIPPED_EXCLUDED, left_out + 1
            if why is not None:
                # Hidden files (.DS_Store, .gitignore) are the system's or a tool's, not
                # documents anyone put there to be read: not worth a word in the summary.
                if not entry.name.startswith("."):
                    skipped[why] += 1
                continue
            found += 1
            target = None if follow_symlinks or not entry.is_symlink() else resolved_path(entry.path)
            if target is not None and os.path.commonpath([root, target]) != root:
                yield Problem(entry.path, f"symlink to {_link_text(entry.path, target)}, outside the folder:"
                                          " skipped (--follow-symlinks reads it)")
                continue
            # FIFOs, devices and dangling links are listed too: reading them says what they are.
            yield entry.path
        pending.extend(reversed(subfolders))  # popped in name order
    if not found:
        others = ", ".join(_HTML_SUFFIXES + _ROW_SUFFIXES)
        but = f"; {left_out} left out by --exclude" if left_out else ""
        yield Problem(folder, f"no {' or '.join(_TEXT_SUFFIXES)} articles in this folder (nor {others}){but}")


def _passed_over(name: str) -> str | None:
    """Why a folder walk does not read the file `name` (its suffix, or
    SKIPPED_PROJECT_FILE), or None when it is an article file."""
    if _is_project_file(name):
        return SKIPPED_PROJECT_FILE
    return None if name.lower().endswith(ARTICLE_SUFFIXES) else os.path.splitext(name)[1].lower()


#: A folder's own papers, not news: "README.txt", "LICENSE.md", "CHANGELOG.md". Read
#: only when named on the command line.
_PROJECT_FILES = {"readme", "license", "licence", "changelog", "changes", "contributing", "authors",
                  "notice", "copying", "history"}


def _is_project_file(name: str) -> bool:
    return os.path.splitext(name)[0].lower() in _PROJECT_FILES


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """Whether a folder entry is (or links to) a folder; False when that cannot be known."""
    try:
        return entry.is_dir()
    except OSError:  # e.g. a symlink loop: it is read, and reported, as a file
        return False


def _link_text(link: str, target: str) -> str:
    """What a symlink says it points to (as `ls -l` shows it), else its resolved target."""
    try:
        return os.readlink(link)
    except OSError:  # replaced since it was listed
        return target


def resolved_path(path: str) -> str:
    """`path` absolute, with every symlink resolved (as far as they resolve): the file
    it names, however it is spelled."""
    try:
        return os.path.realpath(path)
    except RecursionError:
        # realpath recurses once per link before Python 3.12; a chain that long is
        # beyond the OS's own limit (about 40 links), so reading it fails as a loop.
        return os.path.abspath(path)


def holds_rows(path: str) -> bool:
    """Whether an input gives an article per row (JSON lines, CSV, standard input)
    rather than being one article."""
    return path == STDIN or _suffix(path) in _ROW_SUFFIXES


# --- reading one input ----------------------------------------------------------


def read_entry(
    path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, columns: Columns = DEFAULT_COLUMNS
) -> Iterator[Article | Problem]:
    """Articles and problems from one input: a file of any supported format, or "-".

    A .jsonl/.ndjson/.csv file (and "-": JSON lines on standard input) gives one
    article per row and one problem per bad row; any other file gives one
    article. A notice comes right before the article it is about.
    """
    suffix = _suffix(path)
    if path != STDIN and suffix in _ROW_SUFFIXES and _file_size(path) > max_bytes:
        # A file of rows over the limit is read a row at a time, so one huge row costs no
        # more memory than the limit and the good rows around it are kept.
        yield from _row_articles(path, _large_row_records(path, suffix, columns, max_bytes), columns)
        return
    text, problems = _read_text(path, max_bytes)
    yield from problems
    if text is None:
        return
    if path == STDIN or suffix in _JSONL_SUFFIXES:
        yield from _row_articles(path, _jsonl_records(text), columns)
    elif suffix in _CSV_SUFFIXES:
        yield from _row_articles(path, _csv_records(text, columns, max_bytes), columns)
    else:
        article, notices = _file_article(path, text, suffix)
        yield from notices
        if article is not None:
            yield article


def file_digest(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    """The sha256 of a single-article file's bytes, or None when `path` is standard
    input, a file of rows (JSONL, CSV), not a readable regular file or over `max_bytes`
    (read_entry then says what is wrong). Lets ingest know an unchanged file without
    decoding or parsing it."""
    if path == STDIN or _suffix(path) in _JSONL_SUFFIXES + _CSV_SUFFIXES:
        return None
    try:
        opened = _open_regular(path)
        if isinstance(opened, str):
            return None
        with opened as handle:
            if os.fstat(handle.fileno()).st_size > max_bytes:
                return None
            return hashlib.sha256(handle.read(max_bytes + 1)).hexdigest()
    except OSError:
        return None


def read_article(
    path: str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Article | None, list[Problem]]:
    """Read one single-article file: (article, notices) or (None, [problem]).

    Row files (.jsonl, .ndjson, .csv, "-") hold many articles: use `read_entry`.
    """
    if path == STDIN or _suffix(path) in _ROW_SUFFIXES:
        return None, [Problem(path, "one article per row: read it with read_entry")]
    items = list(read_entry(path, max_bytes=max_bytes))
    articles = [item for item in items if isinstance(item, Article)]
    return (articles[0] if articles else None), [i for i in items if isinstance(i, Problem)]


def read_articles(
    paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES, columns: Columns = DEFAULT_COLUMNS,
    follow_symlinks: bool = False,
) -> Iterator[Article | Problem]:
    """Stream articles and problems for command-line paths, one input at a time
    (`follow_symlinks`: see iter_files)."""
    for item in iter_files(paths, follow_symlinks=follow_symlinks):
        if isinstance(item, Problem):
            yield item
        else:
            yield from read_entry(item, max_bytes=max_bytes, columns=columns)


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _read_text(path: str, max_bytes: int) -> tuple[str | None, list[Problem]]:
    """Read, decode and vet one input: (text, notices) or (None, [problem])."""
    data = _read_stdin(max_bytes) if path == STDIN else _read_file(path, max_bytes)
    if isinstance(data, Problem):
        return None, [data]
    if len(data) > max_bytes:
        return None, [Problem(path, _too_large(len(data), max_bytes))]
    empty = "nothing on standard input" if path == STDIN else "empty file"
    if not data:
        return None, [Problem(path, empty)]

    kind = _binary_kind(data)
    if kind is not None:
        described = f"binary file ({kind}), not text" if kind else "binary file, not text"
        return None, [Problem(path, described)]

    decoded = _decode(data)
    if decoded is None:
        return None, [Problem(path, "cannot decode text (not UTF-8, encoding not recognised)")]
    text, guessed = decoded
    if not text.strip():
        return None, [Problem(path, empty)]
    if _mostly_controls(text):
        return None, [Problem(path, "binary file, not text")]
    if guessed is not None:
        return text, [Problem(path, f"not UTF-8: decoded as {guessed}", fatal=False)]
    return text, []


def _read_file(path: str, max_bytes: int) -> bytes | Problem:
    """The bytes of one regular file (at most one past the size limit)."""
    try:
        opened = _open_regular(path)
        if isinstance(opened, str):
            return Problem(path, f"not a regular file ({opened}): skipped")
        with opened as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                return Problem(path, _too_large(size, max_bytes))
            # One byte past the limit, in case the file grows while it is read.
            return handle.read(max_bytes + 1)
    except OSError as exc:
        return Problem(path, _os_error_message(path, exc))


#: What each kind of file that is not a regular file is called in messages.
_SPECIAL_FILES = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                  (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _open_regular(path: str) -> BinaryIO | str:
    """`path` opened for reading bytes, or what it is when it is not a regular file
    ("a FIFO"). A folder or an unreadable path raises OSError.

    The type is checked before the file is opened, because opening a FIFO waits for a
    writer forever and opening a device can have effects of its own; O_NONBLOCK keeps
    a FIFO swapped in after the check from blocking the open.
    """
    kind = _special_kind(os.stat(path).st_mode)
    if kind is not None:
        return kind
    handle = open(path, "rb", opener=_open_nonblocking)
    kind = _special_kind(os.fstat(handle.fileno()).st_mode)
    if kind is not None:
        handle.close()
        return kind
    return handle


def _open_nonblocking(path: str, flags: int) -> int:
    # O_NOCTTY: a terminal device must never become this process's controlling terminal.
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


def _special_kind(mode: int) -> str | None:
    """What a file that is not a regular file is ("a FIFO"); None for a regular file."""
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _SPECIAL_FILES if test(mode)), "a special file")


def _read_stdin(max_bytes: int) -> bytes | Problem:
    """Standard input's bytes (at most one past the size limit, as for a file)."""
    if sys.stdin is None:
        return Problem(STDIN, "no standard input")
    try:
        binary = getattr(sys.stdin, "buffer", None)
        if binary is not None:
            return binary.read(max_bytes + 1)
        # A text-only stand-in for stdin (an embedding program's): re-encode it.
        return sys.stdin.read(max_bytes + 1).encode("utf-8")
    except (OSError, ValueError) as exc:  # ValueError: stdin already closed
        return Problem(STDIN, f"cannot read standard input: {str(exc).lower()}")


def _too_large(size: int, max_bytes: int) -> str:
    """The message for a file over the size limit."""
    return f"file too large ({size:,} bytes; limit {max_bytes:,}, see --max-bytes)"


def _strerror(exc: OSError) -> str:
    """The OS's own wording, lower-cased, without "[Errno N]"."""
    return (exc.strerror or str(exc)).lower()


def _os_error_message(path: str, exc: OSError) -> str:
    """A one-line message for an OSError met reading `path`."""
    if exc.errno == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return "broken symlink (its target does not exist)"
    return f"cannot read: {_strerror(exc)}"


# --- deciding what the bytes are ----------------------------------------------


def _binary_kind(data: bytes) -> str | None:
    """A name for binary data ("PNG image", or "" when unknown); None for text."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if data.startswith(tuple(bom for bom, _ in _BOMS)):
        return None  # UTF-16/32 text is full of NULs, yet text
    if b"\x00" in data[:_SNIFF_BYTES]:
        return ""
    return None


def _decode(data: bytes) -> tuple[str, str | None] | None:
    """(text, guessed encoding or None when certain), or None if undecodable."""
    try:
        return data.decode("utf-8-sig"), None  # utf-8-sig: drops a leading BOM
    except UnicodeDecodeError:
        pass
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None  # the codec drops the BOM
            except UnicodeDecodeError:
                return None
    return _guess(data)


def _guess(data: bytes) -> tuple[str, str] | None:
    """Decode non-UTF-8 bytes: as Windows-1252 when they read as clean Western text,
    unless charset_normalizer is confident of another encoding; else its best guess.

    charset_normalizer alone ranks by how messy and how language-like each decoding
    reads, and on English news it often finds no language at all, so nothing tells a
    Latin-1 transfer story from Shift-JIS: "£59 million ... Jérémy" is valid cp932
    ("｣59 ... J駻駑y", the pound sign a half-width bracket) with no mess either, and
    cp932 can win. Legacy English and Western European news text is cp1252 (a superset
    of latin-1's printable characters), so cp1252 is kept unless another encoding reads
    clearly cleaner: Cyrillic, Greek or Arabic bytes read as cp1252 are a mess of
    accented capitals, which is what "confident" means here.
    """
    try:
        western: str | None = data.decode(_WESTERN)
    except UnicodeDecodeError:
        western = None  # bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None  # every reading, cp1252's included, is garbage to the detector
    if western is not None and (str(best) == western or mess_ratio(western, 1.0) < best.chaos + _CONFIDENT_MARGIN):
        return western, _WESTERN
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        return None  # a guess from a sample need not hold for the whole file


_STRAY_CONTROL = re.compile("[" + "".join(chr(c) for c in range(32) if chr(c) not in _TEXT_CONTROLS) + "]")


def _mostly_controls(text: str) -> bool:
    """Whether too many characters are C0 controls that text does not use."""
    # A regex, not a loop over characters: this runs on every file read.
    return len(_STRAY_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text)


# --- from text to article -----------------------------------------------------


def parse_text(path: str, raw_text: str) -> Article:
    """Build an article from decoded text: strip a leading date marker, set the title."""
    text, date = _strip_date_marker(_valid_text(raw_text))
    return Article(path=valid_name(path), text=text, title=_title(text), date=date)


#: Lone UTF-16 surrogates. Decoded bytes never hold one, but a JSON or YAML escape
#: ("\ud800") can, and so does a file name that is not UTF-8 (os's surrogateescape);
#: none can be written as UTF-8, so one would stop the run where it is stored.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_text(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def valid_name(path: str) -> str:
    """The name an input is stored and reported under: `path` as valid Unicode, each
    byte of a file name that is not UTF-8 written as \\xNN (so two such names stay
    two articles) and any other lone surrogate as U+FFFD."""
    return _SURROGATE.sub(_escape_surrogate, path)


def _escape_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group())
    # os.fsdecode turns an undecodable byte b into the surrogate U+DC00 + b.
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "\ufffd"


def _strip_date_marker(text: str) -> tuple[str, str | None]:
    """Remove a leading "date YYYY-MM-DD" marker; return (text, ISO date or None)."""
    match = _DATE_MARKER.match(text)
    if match is None:
        return text, None
    try:
        date = datetime.date.fromisoformat(match.group(1))
    except ValueError:
        return text, None  # "date 2019-13-45" is not a marker: keep it as text
    return text[match.end() :], date.isoformat()


def _title(text: str) -> str:
    """The first non-empty line, stripped and cut at a word boundary if long."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            return _shorten(line, TITLE_MAX_CHARS)
    return ""


def _shorten(line: str, limit: int) -> str:
    """`line` if it fits in `limit` characters, else a cut prefix plus "…"."""
    if len(line) <= limit:
        return line
    room = limit - 1  # leave space for the ellipsis
    # A space at index `room` means line[:room] ends a whole word.
    cut = max(line.rfind(" ", 0, room + 1), line.rfind("\t", 0, room + 1))
    head = line[:cut].rstrip(" \t,;:") if cut > 0 else ""
    return (head or line[:room]) + "…"  # no usable word boundary: cut hard


# --- one-article files: plain text, Markdown front matter, web pages ----------


def _file_article(path: str, text: str, suffix: str) -> tuple[Article | None, list[Problem]]:
    """The article in one decoded file, by its suffix: (article, notices) or (None, [problem])."""
    if suffix in _HTML_SUFFIXES:
        return _html_article(path, text)
    fields: dict[str, Any] | None = None
    notices: list[Problem] = []
    if suffix in _MARKDOWN_SUFFIXES:
        text, fields, notices = _split_front_matter(path, text)
    article = _make_article(path, text, fields or {})
    if not article.text.strip():
        only = "front matter" if fields is not None else "a date marker"
        return None, [Problem(path, f"empty file (only {only})")]
    return article, notices


def _split_front_matter(path: str, text: str) -> tuple[str, dict[str, Any] | None, list[Problem]]:
    """(body, fields, notices) of Markdown text; fields is None without front matter,
    and only a title taken from the text when the block is broken."""
    start = _FRONT_MATTER_START.match(text)
    if start is None:
        return text, None, []
    match = _FRONT_MATTER.match(text)

    def broken(reason: str) -> tuple[str, dict[str, Any], list[Problem]]:
        # A broken block is kept in the text: losing the article over it would be
        # worse. Its title comes from the text after the block, not its "---" line.
        after = text[match.end() if match is not None else start.end():]
        return text, {"title": _title(after)}, [Problem(path, f"{reason}; the whole file is read as text",
                                                        fatal=False)]

    if match is None:
        return broken("front matter has no closing '---' line")
    import yaml  # here: only front matter needs it

    try:
        fields = yaml.safe_load(match.group("yaml") or "")
    except (yaml.YAMLError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        return broken(f"front matter is not valid YAML ({_yaml_reason(exc)})")
    if fields is None:
        fields = {}
    if not isinstance(fields, dict):
        return broken("front matter is not 'name: value' fields")
    return text[match.end() :], {str(key).lower(): value for key, value in fields.items()}, []


def _yaml_reason(exc: Exception) -> str:
    """PyYAML's reason for an error, on one line, with the file's line number."""
    reason = " ".join(str(getattr(exc, "problem", None) or "cannot parse").split())
    mark = getattr(exc, "problem_mark", None)
    # +2: the mark counts lines from 0 inside the block, which starts on line 2.
    return f"{reason} at line {mark.line + 2}" if mark is not None else reason


#: Publication dates from markup only (meta tags, <time>, the URL): htmldate's
#: "extensive" search would take any year-like date in the body text for one.
_PAGE_DATE_SEARCH = {"original_date": True, "extensive_search": False}


def _html_article(path: str, html: str) -> tuple[Article | None, list[Problem]]:
    """A saved web page's main text and metadata (title, date, site, author, URL)."""
    import trafilatura  # here: slow to import, and only web pages need it

    try:
        page = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                           date_extraction_params=_PAGE_DATE_SEARCH)
    except Exception as exc:  # noqa: BLE001 - a parser bug on one page must not stop the run
        return None, [Problem(path, f"cannot read the page ({type(exc).__name__})")]
    if page is None or not (page.text or "").strip():
        return None, [Problem(path, "no article text found in the page")]
    # trafilatura puts each block (paragraph, heading, list item) on one line;
    # blank lines between them keep paragraphs apart as in a .txt article.
    text = "\n\n".join(line.strip() for line in page.text.splitlines() if line.strip())
    fields = {"title": page.title, "date": page.date, "outlet": page.sitename,
              "author": page.author, "url": page.url}
    return _make_article(path, text, fields), []


# --- row files: JSON lines and CSV ---------------------------------------------

#: A row: (row number, its fields or what is wrong with it); the number is None
#: when the message is about the whole file.
_Record = tuple[int | None, Mapping[str, Any] | str]


def _row_articles(path: str, records: Iterable[_Record], columns: Columns) -> Iterator[Article | Problem]:
    """One article per good row, one problem per bad row (a row never stops the file)."""
    seen: dict[str, int] = {}
    for row, record in records:
        if row is None:  # about the whole file, e.g. no text column
            yield Problem(path, str(record))
            continue
        item = record if isinstance(record, str) else _row_article(path, row, record, columns)
        if isinstance(item, Article) and item.path in seen:
            # Two rows with one identity would overwrite each other: keep the first.
            item = f"same url or id as row {seen[item.path]} ({item.path}); skipped"
        if isinstance(item, str):
            yield Problem(path, f"row {row}: {item}")
            continue
        seen[item.path] = row
        yield item


def _row_article(path: str, row: int, record: Mapping[str, Any], columns: Columns) -> Article | str:
    """The article in one row, or what is wrong with the row."""
    text = record.get(columns.text)
    if text is not None and not isinstance(text, str):
        return f"{columns.text!r} is not a string"
    if not text or not text.strip():
        return f"no text ({columns.text!r} is missing or empty)"
    fields = {name: record.get(getattr(columns, name)) for name in META_FIELDS}
    # Identity: the url, else the id, else the row's place in this input.
    identity = _one_line(fields["url"]) or _one_line(record.get(columns.id)) or f"{path}#{row}"
    # The row's origin goes with it: its url or id must not let it overwrite an article
    # read from another input (see ingest._owned).
    article = dataclasses.replace(_make_article(identity, text, fields), origin=valid_name(path), origin_row=row)
    if not article.text.strip():
        return f"no text ({columns.text!r} holds only a date marker)"
    return article


def _jsonl_records(text: str | Iterable[str]) -> Iterator[_Record]:
    """Each non-blank line of JSON lines (a text, or its lines) as a row: an object, or
    why it is not one."""
    row = 0
    # split("\n"), not splitlines(): JSON strings may hold a raw U+2028 or \x85.
    for line in _past_large_rows(iter(text.split("\n") if isinstance(text, str) else text)):
        if isinstance(line, _RowTooLarge):
            row += 1
            yield row, str(line)
            continue
        if not line.strip():
            continue
        row += 1
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield row, f"invalid JSON ({exc.msg})"
            continue
        except RecursionError:
            yield row, "invalid JSON (nested too deeply)"
            continue
        if not isinstance(value, dict):
            yield row, f"not a JSON object (a {_json_kind(value)})"
            continue
        yield row, value


def _json_kind(value: Any) -> str:
    kinds = {list: "list", str: "string", bool: "boolean", int: "number", float: "number"}
    return kinds.get(type(value), "null" if value is None else type(value).__name__)


def _csv_records(text: str | Iterable[str], columns: Columns, max_bytes: int) -> Iterator[_Record]:
    """Each non-blank record after the header row of CSV text (or its lines), as a row."""
    # The csv module's default limit (128 KiB a field) is shorter than some
    # articles; a longer field is over max_bytes, a row the limit skips.
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes))
    reader = csv.reader(io.StringIO(text, newline="") if isinstance(text, str) else text)
    row = 0
    try:
        try:
            header = [name.strip() for name in next(reader, [])]
        except _RowTooLarge as error:
            yield None, f"header {error}"
            return
        if columns.text not in header:
            # Names on one line each: a quoted header name may hold a newline.
            shown = ", ".join(" ".join(name.split()) for name in header[:8])
            shown += ", …" if len(header) > 8 else ""
            yield None, f"no {columns.text!r} column (columns: {shown}; see --text-column)"
            return
        # The reader starts afresh at the record after a row too large: only that row is lost.
        for record in _past_large_rows(reader):
            if isinstance(record, _RowTooLarge):
                row += 1
                yield row, str(record)
                continue
            if not any(field.strip() for field in record):
                continue  # a blank line is no row
            row += 1
            if len(record) != len(header):
                yield row, f"{len(record)} fields, the header has {len(header)}"
            else:
                yield row, dict(zip(header, record))
    except csv.Error as exc:
        # The reader cannot find its place again after a broken record.
        yield row + 1, f"unreadable CSV ({exc}); the rest of the file is skipped"


def _file_size(path: str) -> int:
    """The size of a regular file, or 0 (reading it then says what is wrong)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0


def _large_row_records(path: str, suffix: str, columns: Columns, max_bytes: int) -> Iterator[_Record]:
    """The rows of a JSONL or CSV file larger than `max_bytes`, read a line at a time;
    a row over `max_bytes` is one problem, not the end of the file. Such a file is taken
    as UTF-8 (a wrong byte becomes U+FFFD): guessing an encoding needs the whole file."""
    opened = _open_regular(path)
    if isinstance(opened, str):
        yield None, f"not a regular file ({opened}): skipped"
        return
    try:
        with opened as handle:
            lines = _BoundedLines(handle, max_bytes, quoted=suffix in _CSV_SUFFIXES)
            if suffix in _CSV_SUFFIXES:
                yield from _csv_records(lines, columns, max_bytes)
            else:
                yield from _jsonl_records(lines)
    except OSError as exc:
        yield None, _os_error_message(path, exc)


class _RowTooLarge(Exception):
    """A row longer than --max-bytes, skipped"""


def _past_large_rows(items: Iterator[_T]) -> Iterator[_T | _RowTooLarge]:
    """The items of `items`, with a _RowTooLarge it raises in place of that item, after
    which it goes on (the lines, or the csv reader reading them, start at the next row)."""
    while True:
        try:
            yield next(items)
        except StopIteration:
            return
        except _RowTooLarge as error:
            yield error


class _BoundedLines:
    """The lines of a binary file as text, none longer than `max_bytes`: a longer line
    is read past in pieces and raises _RowTooLarge instead. With `quoted` (CSV) the
    lines after it that are still inside its quoted field go with it."""

    _PIECE = 1 << 20

    def __init__(self, handle: BinaryIO, max_bytes: int, *, quoted: bool) -> None:
        self.handle, self.max_bytes, self.quoted = handle, max_bytes, quoted
        self.open_quote = False  # inside a quoted CSV field at the end of the last line
        self.first = True

    def __iter__(self) -> "_BoundedLines":
        return self

    def __next__(self) -> str:
        line = self.handle.readline(self.max_bytes + 1)
        if not line:
            raise StopIteration
        if len(line) > self.max_bytes and not line.endswith(b"\n"):
            self._skip(line)
        if self.quoted and line.count(b'"') % 2:
            self.open_quote = not self.open_quote
        text = line.decode("utf-8", errors="replace")
        if self.first:
            self.first = False
            text = text.removeprefix("\ufeff")
        return text

    def _skip(self, start: bytes) -> None:
        size, inside, piece = len(start), self.open_quote != bool(start.count(b'"') % 2), start
        # The rest of the line, then (CSV) the lines still inside its quoted field; a field
        # never closed runs to the end of the file, as the csv reader would take it.
        while piece and (not piece.endswith(b"\n") or self.quoted and inside):
            piece = self.handle.readline(self._PIECE)
            size += len(piece)
            inside = inside != bool(piece.count(b'"') % 2)
        self.open_quote = False
        raise _RowTooLarge(f"too large ({size:,} bytes; limit {self.max_bytes:,}, see --max-bytes); skipped")


# --- fields from metadata and sign-off lines ----------------------------------


def _make_article(path: str, raw_text: str, fields: Mapping[str, Any]) -> Article:
    """An article from text and metadata fields: the fields win, a sign-off line fills gaps."""
    article = parse_text(path, raw_text)
    given = {name: _one_line(fields.get(name)) for name in META_FIELDS}
    signed = _sign_off(article.text)
    title, date = given["title"], given["date"]
    return Article(
        path=article.path,
        text=article.text,
        title=_shorten(title, TITLE_MAX_CHARS) if title else article.title,
        date=_iso_date(date) if date else article.date,
        outlet=given["outlet"] or signed.get("outlet"),
        author=given["author"] or signed.get("author"),
        url=given["url"],
        story_name=given["story"],
    )


def _one_line(value: Any) -> str | None:
    """A metadata value as one line of text; None when empty or not a plain value."""
    if isinstance(value, (list, tuple)):
        # Several authors. Only the first few plain items: YAML aliases can make
        # a short file hold a list of a million references to one long string.
        plain = [item for item in value[:_MAX_LIST_ITEMS] if not isinstance(item, (list, tuple, dict))]
        parts = (_one_line(item) for item in plain)
        value = ", ".join(part for part in parts if part)
    elif isinstance(value, datetime.datetime):
        value = value.date().isoformat()
    elif isinstance(value, datetime.date):
        value = value.isoformat()
    elif value is None or isinstance(value, (dict, bool)):
        return None
    return " ".join(_valid_text(str(value)).split()) or None


def _iso_date(value: str) -> str:
    """YYYY-MM-DD for an ISO 8601 date or date-time; other dates as given."""
    try:
        return datetime.datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        return value


def _sign_off(text: str) -> dict[str, str]:
    """Author and outlet from a sign-off among the text's last non-empty lines."""
    lines = [line.strip() for line in text[-4000:].splitlines() if line.strip()]
    for line in reversed(lines[-_SIGN_OFF_LINES:]):
        match = _SIGN_OFF.match(line)
        if match is not None:
            author = " ".join(match["author"].split())  # seeds have non-breaking spaces
            return {"author": author, "outlet": _outlet_name(match["outlet"], match["desk"])}
    return {}


def _outlet_name(name: str, desk: str | None) -> str:
    """The outlet in "for the Breitbart Border team": a desk's name precedes "team"."""
    words = name.split()
    if desk and len(words) > 1:
        words = words[:-1]
    return " ".join(words)
