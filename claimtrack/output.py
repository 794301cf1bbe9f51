"""What claimtrack writes out: files replaced whole or not at all, never over what the
command reads, and text from articles made safe to show on a terminal."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from .errors import OutputError


# C0 controls but tab and newline, DEL, and C1 controls. Removing ESC (and its one-byte
# C1 form, CSI) leaves what follows it as plain text, so no escape sequence survives:
# no clear-screen, no OSC 52 clipboard write, no OSC 8 link.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` without control characters (tab and newline kept), for a terminal."""
    return _CONTROLS.sub("", text)


def database_files(db: str | Path) -> dict[Path, str]:
    """The database file and the files SQLite keeps beside it, each with what it is."""
    db = Path(db)
    return {db: "the database", db.with_name(db.name + "-wal"): "the database's write-ahead log",
            db.with_name(db.name + "-journal"): "the database's journal",
            db.with_name(db.name + "-shm"): "the database's shared-memory index"}


@contextlib.contextmanager
def replacing(path: str | Path, *, protect: Mapping[Path, str] | None = None, force: bool = False,
              binary: bool = False) -> Iterator[IO[Any]]:
    """Open a file to write in place of `path`; `path` changes only when the block ends
    without an error.

    The data goes to a temporary file in the same folder, is synced to disk, and is then
    renamed over `path`, so a full disk or an interrupted run leaves the old file as it was.
    Refuses (OutputError) a `path` that is one of the files in `protect` (the command's
    inputs, each with what it is: database_files()), a folder, or a symbolic link unless
    `force` (then the file the link points to is replaced). A device or pipe (/dev/null)
    is written directly: it holds no old content to keep. Every failure to write is an
    OutputError naming `path`.
    """
    target = _checked(Path(path), protect or {}, force)
    mode = "wb" if binary else "w"
    text = {} if binary else {"encoding": "utf-8", "newline": ""}
    try:
        if target.exists() and not target.is_file():
            with open(target, mode, **text) as out:
                yield out
            return
        fd, temp = _temporary(target)
        try:
            with os.fdopen(fd, mode, **text) as out:
                yield out
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        _sync_folder(target.parent)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {(error.strerror or str(error)).lower()}") from None


def _checked(path: Path, protect: Mapping[Path, str], force: bool) -> Path:
    """The file to replace for `path`, or OutputError if it must not be written."""
    target = path
    if path.is_symlink():
        if not force:
            raise OutputError(f"refusing to write {path}: it is a symbolic link "
                              "(--force writes to the file it points to)")
        target = Path(os.path.realpath(path))
    if target.is_dir():
        raise OutputError(f"cannot write {path}: is a directory")
    for kept, what in protect.items():
        if _same_file(target, kept):
            raise OutputError(f"refusing to write {path}: it is {what} {kept}")
    # A rename would replace a file its owner made read-only; writing into it would not.
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputError(f"cannot write {path}: permission denied")
    return target


def _same_file(a: Path, b: Path) -> bool:
    """One file under two names: the same path once links are resolved, or (a hard link)
    the same inode."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False  # one of them does not exist: a new file is no other file


def _temporary(target: Path) -> tuple[int, str]:
    """A new file beside `target` with the permissions `target` has (or a new file would get)."""
    while True:
        temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            # O_EXCL: never opens a file or symbolic link someone else put there; 0o666
            # minus the umask is what open() would have given a new `target`.
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        break
    try:
        old = os.stat(target)
    except FileNotFoundError:
        return fd, str(temp)
    try:
        os.fchmod(fd, stat.S_IMODE(old.st_mode))
    except OSError:
        os.close(fd)
        os.unlink(temp)
        raise
    return fd, str(temp)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable. Best effort: some filesystems cannot sync a
    folder, and the file is complete on disk by now either way."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
