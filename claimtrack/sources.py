"""Turn command-line paths into articles: expand folders, read, decode and vet files.

Besides plain-text articles (.txt, and .md with optional YAML front matter) an
input can be a saved web page (.html/.htm), or JSON lines (.jsonl/.ndjson, or
"-" for standard input) and CSV (.csv) with one article per row.

Nothing here prints or exits: every problem with an input becomes a `Problem`
value that the caller reports. Fatal problems replace the article (or the row);
notices (``fatal=False``) accompany an article that was still read.

The work is done in files.py (walking folders, naming inputs, opening files safely),
decoding.py (bytes to text) and formats.py (the reader of each format); this module
reads one input or many with them, and is where callers import all of it from.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator

from .decoding import read_text
from .files import (ARTICLE_SUFFIXES, CSV_SUFFIXES, JSONL_SUFFIXES, ROW_SUFFIXES, SKIPPED_EXCLUDED,
                    SKIPPED_PROJECT_FILE, STDIN, Problem, excluded, holds_rows, iter_files, open_regular,
                    resolved_path, suffix_of, valid_name)
from .formats import (DEFAULT_COLUMNS, META_FIELDS, TITLE_MAX_CHARS, Columns, csv_records, file_article,
                      jsonl_records, large_row_records, parse_text, row_articles)
from .model import Article

__all__ = [
    "ARTICLE_SUFFIXES", "DEFAULT_COLUMNS", "DEFAULT_MAX_BYTES", "META_FIELDS", "SKIPPED_EXCLUDED",
    "SKIPPED_PROJECT_FILE", "STDIN", "TITLE_MAX_CHARS", "Columns", "Problem", "excluded", "file_digest",
    "holds_rows", "iter_files", "parse_text", "read_article", "read_articles", "read_entry", "resolved_path",
    "valid_name",
]

DEFAULT_MAX_BYTES = 5_000_000


def read_entry(
    path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, columns: Columns = DEFAULT_COLUMNS
) -> Iterator[Article | Problem]:
    """Articles and problems from one input: a file of any supported format, or "-".

    A .jsonl/.ndjson/.csv file (and "-": JSON lines on standard input) gives one
    article per row and one problem per bad row; any other file gives one
    article. A notice comes right before the article it is about.
    """
    suffix = suffix_of(path)
    if path != STDIN and suffix in ROW_SUFFIXES and _file_size(path) > max_bytes:
        # A file of rows over the limit is read a row at a time, so one huge row costs no
        # more memory than the limit and the good rows around it are kept.
        yield from row_articles(path, large_row_records(path, suffix, columns, max_bytes), columns)
        return
    text, problems = read_text(path, max_bytes)
    yield from problems
    if text is None:
        return
    if path == STDIN or suffix in JSONL_SUFFIXES:
        yield from row_articles(path, jsonl_records(text), columns)
    elif suffix in CSV_SUFFIXES:
        yield from row_articles(path, csv_records(text, columns, max_bytes), columns)
    else:
        article, notices = file_article(path, text, suffix)
        yield from notices
        if article is not None:
            yield article


def file_digest(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    """The sha256 of a single-article file's bytes, or None when `path` is standard
    input, a file of rows (JSONL, CSV), not a readable regular file or over `max_bytes`
    (read_entry then says what is wrong). Lets ingest know an unchanged file without
    decoding or parsing it."""
    if path == STDIN or suffix_of(path) in JSONL_SUFFIXES + CSV_SUFFIXES:
        return None
    try:
        opened = open_regular(path)
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
    if path == STDIN or suffix_of(path) in ROW_SUFFIXES:
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


def _file_size(path: str) -> int:
    """The size of a regular file, or 0 (reading it then says what is wrong)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0
