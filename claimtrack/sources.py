"""Turn command-line paths into articles: expand folders, read, decode and vet files.

Nothing here prints or exits: every problem with an input becomes a `Problem`
value that the caller reports. Fatal problems replace the article; notices
(``fatal=False``) accompany an article that was still read.
"""

from __future__ import annotations

import datetime
import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import charset_normalizer

from claimtrack.model import Article

ARTICLE_SUFFIXES = (".txt", ".md")
DEFAULT_MAX_BYTES = 5_000_000

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

#: A leading publication-date marker: "date YYYY-MM-DD", then spaces or tabs.
_DATE_MARKER = re.compile(
    r"[ \t]*date[ \t]+([0-9]{4}-[0-9]{2}-[0-9]{2})(?=[ \t\r\n\f\v]|\Z)[ \t]*"
)


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input path, as a one-line message."""

    path: str  # as given / as joined
    message: str  # one short line, no newline
    fatal: bool = True  # False = a notice only (the article was still read)


# --- expanding paths ----------------------------------------------------------


def iter_files(paths: Iterable[str]) -> Iterator[str | Problem]:
    """Expand command-line paths into file paths (or problems), in a stable order."""
    for path in paths:
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
            yield from _walk_folder(path)
        else:
            # A file named explicitly is taken whatever its suffix.
            yield path


def _walk_folder(folder: str) -> Iterator[str | Problem]:
    """Article files under `folder`, each joined onto `folder` as given."""
    errors: list[OSError] = []
    found = 0
    # followlinks=False: a symlink to a folder is listed but never entered,
    # so a link back to a parent cannot make the walk loop forever.
    for dirpath, dirnames, filenames in os.walk(folder, onerror=errors.append, followlinks=False):
        dirnames.sort()  # in place, so os.walk descends in sorted order too
        yield from _folder_errors(folder, errors)
        for name in sorted(filenames):
            if name.lower().endswith(ARTICLE_SUFFIXES):
                found += 1
                yield os.path.join(dirpath, name)
    # If the folder itself could not be listed, that error says it all.
    unlistable = any(exc.filename == folder for exc in errors)
    yield from _folder_errors(folder, errors)
    if not found and not unlistable:
        yield Problem(folder, f"no {' or '.join(ARTICLE_SUFFIXES)} articles in this folder")


def _folder_errors(folder: str, errors: list[OSError]) -> Iterator[Problem]:
    """Report (and clear) the errors os.walk met listing folders."""
    for exc in errors:
        where = exc.filename if isinstance(exc.filename, str) else folder
        yield Problem(where, f"cannot read folder: {_strerror(exc)}")
    errors.clear()


# --- reading one file ---------------------------------------------------------


def read_article(
    path: str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Article | None, list[Problem]]:
    """Read, decode and vet one file: (article, notices) or (None, [problem])."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        if not stat.S_ISREG(info.st_mode):
            # Reading a FIFO or a device could block or never end.
            return None, [Problem(path, "not a regular file")]
        if info.st_size > max_bytes:
            return None, [Problem(path, _too_large(info.st_size, max_bytes))]
        with open(path, "rb") as handle:
            # One byte past the limit, in case the file grew since os.stat.
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return None, [Problem(path, _os_error_message(path, exc))]
    if len(data) > max_bytes:
        return None, [Problem(path, _too_large(len(data), max_bytes))]
    if not data:
        return None, [Problem(path, "empty file")]

    kind = _binary_kind(data)
    if kind is not None:
        described = f"binary file ({kind}), not text" if kind else "binary file, not text"
        return None, [Problem(path, described)]

    decoded = _decode(data)
    if decoded is None:
        return None, [Problem(path, "cannot decode text (not UTF-8, encoding not recognised)")]
    text, guessed = decoded
    if not text.strip():
        return None, [Problem(path, "empty file")]
    if _mostly_controls(text):
        return None, [Problem(path, "binary file, not text")]

    notices: list[Problem] = []
    if guessed is not None:
        notices.append(Problem(path, f"not UTF-8: decoded as {guessed}", fatal=False))
    article = parse_text(path, text)
    if not article.text.strip():
        return None, [Problem(path, "empty file (only a date marker)")]
    return article, notices


def read_articles(
    paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Problem]:
    """Stream articles and problems for command-line paths, one file at a time."""
    for item in iter_files(paths):
        if isinstance(item, Problem):
            yield item
            continue
        article, problems = read_article(item, max_bytes=max_bytes)
        # Notices come first so a caller can print them before the article's output.
        yield from problems
        if article is not None:
            yield article


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
    """Decode non-UTF-8 bytes with charset_normalizer's best guess."""
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    # On short Western text charset_normalizer often ranks cp1250, cp775 or even
    # cp1006 level with cp1252 (same chaos score); break such ties in favour of
    # cp1252, which is what legacy English and Western European news text is in.
    tied = [m for m in matches if m.chaos <= best.chaos + 1e-6]
    candidates = [_WESTERN] if any(_WESTERN in m.could_be_from_charset for m in tied) else []
    candidates.append(best.encoding)
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue  # a guess from a sample need not hold for the whole file
    return None


def _mostly_controls(text: str) -> bool:
    """Whether too many characters are C0 controls that text does not use."""
    controls = sum(1 for char in text if char < " " and char not in _TEXT_CONTROLS)
    return controls > _MAX_CONTROL_SHARE * len(text)


# --- from text to article -----------------------------------------------------


def parse_text(path: str, raw_text: str) -> Article:
    """Build an article from decoded text: strip a leading date marker, set the title."""
    text, date = _strip_date_marker(raw_text)
    return Article(path=path, text=text, title=_title(text), date=date)


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
