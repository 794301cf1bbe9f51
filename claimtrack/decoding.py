"""One input's bytes to text: read within the size limit, told from binary data, and
decoded (UTF-8, a byte-order mark, else cp1252 or charset_normalizer's guess).
"""

from __future__ import annotations

import os
import re
import sys

import charset_normalizer
from charset_normalizer.md import mess_ratio

from .files import STDIN, Problem, open_regular, os_error_message

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


def read_text(path: str, max_bytes: int) -> tuple[str | None, list[Problem]]:
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
        opened = open_regular(path)
        if isinstance(opened, str):
            return Problem(path, f"not a regular file ({opened}): skipped")
        with opened as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                return Problem(path, _too_large(size, max_bytes))
            # One byte past the limit, in case the file grows while it is read.
            return handle.read(max_bytes + 1)
    except OSError as exc:
        return Problem(path, os_error_message(path, exc))


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

