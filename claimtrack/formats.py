"""The readers per format: plain text (with a leading date marker), Markdown with YAML
front matter, saved web pages (trafilatura), and files of rows (JSON lines, CSV), read
whole or, when larger than the size limit, a line at a time.

Each gives articles and `Problem`s (see sources.py), never prints or raises for a bad input.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO, TypeVar

from .files import (CSV_SUFFIXES, HTML_SUFFIXES, MARKDOWN_SUFFIXES, Problem, open_regular, os_error_message,
                    valid_name, valid_text)
from .model import Article

_T = TypeVar("_T")

#: The article fields that page metadata, front matter or row columns can give.
META_FIELDS = ("title", "date", "outlet", "author", "url", "story")

#: Longest title kept, counting the "…" added when a title is cut.
TITLE_MAX_CHARS = 120

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


# --- from text to article -----------------------------------------------------


def parse_text(path: str, raw_text: str) -> Article:
    """Build an article from decoded text: strip a leading date marker, set the title."""
    text, date = _strip_date_marker(valid_text(raw_text))
    return Article(path=valid_name(path), text=text, title=_title(text), date=date)


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


def file_article(path: str, text: str, suffix: str) -> tuple[Article | None, list[Problem]]:
    """The article in one decoded file, by its suffix: (article, notices) or (None, [problem])."""
    if suffix in HTML_SUFFIXES:
        return _html_article(path, text)
    fields: dict[str, Any] | None = None
    notices: list[Problem] = []
    if suffix in MARKDOWN_SUFFIXES:
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


def row_articles(path: str, records: Iterable[_Record], columns: Columns) -> Iterator[Article | Problem]:
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


def jsonl_records(text: str | Iterable[str]) -> Iterator[_Record]:
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


def csv_records(text: str | Iterable[str], columns: Columns, max_bytes: int) -> Iterator[_Record]:
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


def large_row_records(path: str, suffix: str, columns: Columns, max_bytes: int) -> Iterator[_Record]:
    """The rows of a JSONL or CSV file larger than `max_bytes`, read a line at a time;
    a row over `max_bytes` is one problem, not the end of the file. Such a file is taken
    as UTF-8 (a wrong byte becomes U+FFFD): guessing an encoding needs the whole file."""
    opened = open_regular(path)
    if isinstance(opened, str):
        yield None, f"not a regular file ({opened}): skipped"
        return
    try:
        with opened as handle:
            lines = _BoundedLines(handle, max_bytes, quoted=suffix in CSV_SUFFIXES)
            if suffix in CSV_SUFFIXES:
                yield from csv_records(lines, columns, max_bytes)
            else:
                yield from jsonl_records(lines)
    except OSError as exc:
        yield None, os_error_message(path, exc)


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
    return " ".join(valid_text(str(value)).split()) or None


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