"""Command-line paths to input files: folder walks, --exclude, symlinks, files that are
not regular files (FIFOs, devices), and the names inputs are stored and reported under.

Nothing here prints or exits: a problem with a path becomes a `Problem` value that the
caller reports (see sources.py).
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

TEXT_SUFFIXES = (".txt", ".md")
MARKDOWN_SUFFIXES = (".md",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
ROW_SUFFIXES = JSONL_SUFFIXES + CSV_SUFFIXES
#: What a folder walk picks up (a file named explicitly is read whatever its suffix).
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + ROW_SUFFIXES

#: The path that stands for standard input (read as JSON lines).
STDIN = "-"


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
            yield Problem(path, os_error_message(path, exc))
            continue
        if stat.S_ISLNK(mode):
            # An explicit symlink is followed once; a dangling or looping one
            # is reported here rather than as a confusing read error later.
            try:
                mode = os.stat(path).st_mode
            except OSError as exc:
                yield Problem(path, os_error_message(path, exc))
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
        others = ", ".join(HTML_SUFFIXES + ROW_SUFFIXES)
        but = f"; {left_out} left out by --exclude" if left_out else ""
        yield Problem(folder, f"no {' or '.join(TEXT_SUFFIXES)} articles in this folder (nor {others}){but}")


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
    return path == STDIN or suffix_of(path) in ROW_SUFFIXES


def suffix_of(path: str) -> str:
    """The suffix of `path`, lower-cased (".md")."""
    return os.path.splitext(path)[1].lower()


# --- names ------------------------------------------------------------------------

#: Lone UTF-16 surrogates. Decoded bytes never hold one, but a JSON or YAML escape
#: ("\ud800") can, and so does a file name that is not UTF-8 (os's surrogateescape);
#: none can be written as UTF-8, so one would stop the run where it is stored.
_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_text(text: str) -> str:
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


# --- opening files that may not be regular files ---------------------------------------

#: What each kind of file that is not a regular file is called in messages.
_SPECIAL_FILES = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                  (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def open_regular(path: str) -> BinaryIO | str:
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


def _strerror(exc: OSError) -> str:
    """The OS's own wording, lower-cased, without "[Errno N]"."""
    return (exc.strerror or str(exc)).lower()


def os_error_message(path: str, exc: OSError) -> str:
    """A one-line message for an OSError met reading `path`."""
    if exc.errno == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return "broken symlink (its target does not exist)"
    return f"cannot read: {_strerror(exc)}"
