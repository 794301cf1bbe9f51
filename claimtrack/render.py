"""Rich tables and the ingest progress for the terminal (the only module besides cli.py that uses Rich).

Every cell is a Text made by `_text`: the values come from articles, file names and the
database, so they lose their control characters (no escape sequence reaches the
terminal) and are never read as Rich markup (a file named "a[bold]b.txt" stays so).

Ids are shown as `ids` maps them (Store.short_ids: the shortest unique prefix, which
every command taking an id accepts back), else in full.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from .ingest import IngestReport
from .model import Claim, ComparisonSide, ComparisonView
from .output import printable
from .sources import SKIPPED_EXCLUDED, SKIPPED_PROJECT_FILE, holds_rows
from .store import Forgotten
from .writing import table_range


def ingest_summary(report: IngestReport) -> str:
    """What an ingest did, for stdout: articles by outcome, the database's totals, and
    (when a folder held any) the files it did not read, by kind."""
    summary = (
        f"articles: {report.new} new, {report.unchanged} unchanged, {report.changed} changed, "
        f"{len(report.failed)} failed\n"
        f"claims: {report.claims}  comparisons: {report.comparisons}  conflicts: {report.conflicts}"
    )
    return summary + (f"\nskipped: {skipped_files(report.skipped)}" if report.skipped else "")


def skipped_files(counts: Mapping[str, int]) -> str:
    """Files passed over, most first: "3 .pdf, 1 .docx, 2 README/LICENSE files, 1 excluded"."""
    def phrase(why: str, n: int) -> str:
        if why == SKIPPED_PROJECT_FILE:
            return f"{n:,} README/LICENSE {'file' if n == 1 else 'files'}"
        if why == SKIPPED_EXCLUDED:
            return f"{n:,} excluded"
        return f"{n:,} {why}" if why else f"{n:,} without extension"

    # Suffixes first, then the files left out for what they are or what --exclude said.
    last = {"": 1, SKIPPED_PROJECT_FILE: 2, SKIPPED_EXCLUDED: 3}
    order = sorted(counts.items(), key=lambda item: (last.get(item[0], 0), -item[1], item[0]))
    return ", ".join(phrase(why, n) for why, n in order if n)


class _Label(ProgressColumn):
    """What a task counts and how far it is, "articles 1,234/2,225"; a phase of unknown
    length by its name alone."""

    def render(self, task: Task) -> Text:
        done = "" if task.total is None else f" {task.completed:,.0f}/{task.total:,.0f}"
        return Text(f"{task.description}{done}")


class _Rate(ProgressColumn):
    """Items a second, "12.5 articles/s", once Rich has timed a few."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if task.total is None or not speed else f"{speed:,.1f} {task.description}/s")


class IngestProgress:
    """An ingest's progress on a terminal, as a context manager: "articles 1,234/2,225"
    with a rate while the files are read ("files" when some hold a row per article),
    then the comparison's phases (ingest.PHASES), each labelled, instead of a bar at 100%.
    Transient: once done it is erased, leaving only what the command prints."""

    def __init__(self, console: Console, files: list[str]) -> None:
        self._progress = Progress(_Label(), BarColumn(), _Rate(),
                                  TimeElapsedColumn(), console=console, transient=True)
        unit = "files" if any(holds_rows(f) for f in files) else "articles"
        self._reading = self._progress.add_task(unit, total=len(files))
        self._phase: Any = None

    def __enter__(self) -> IngestProgress:
        self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._progress.stop()

    def file(self, entry: str) -> None:
        """One more input read (ingest's on_file)."""
        self._progress.advance(self._reading)

    def phase(self, name: str) -> None:
        """The run has moved on to `name` (ingest's on_phase): shown on its own line."""
        label = f"comparison: {name}"
        if self._phase is None:
            self._phase = self._progress.add_task(label, total=None)
        else:
            self._progress.update(self._phase, description=label)
        self._progress.refresh()  # drawn now, however soon the phase ends


def forgotten(gone: Forgotten, short_id: str) -> str:
    """The line `forget` prints for an article it removed."""
    kept = f"; {_count(gone.reviews, 'review')} kept" if gone.reviews else ""
    return (f"forgot {short_id} {gone.path}: {_count(gone.claims, 'claim')},"
            f" {_count(gone.comparisons, 'comparison')}{kept}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _text(*parts: str | tuple[str, str]) -> Text:
    """Text of `parts` (strings, or (string, style) pairs), safe for a terminal."""
    return Text.assemble(*(printable(p) if isinstance(p, str) else (printable(p[0]), p[1]) for p in parts))


def _short(ids: Mapping[str, str] | None, full: str | None) -> str:
    return (ids or {}).get(full or "", full or "")


def comparisons_table(rows: Iterable[ComparisonView], *, title: str, ids: Mapping[str, str] | None = None) -> Table:
    table = Table(title=title, show_lines=True, expand=True)
    for name, ratio in (("id", 1), ("verdict", 1), ("claim A", 3), ("claim B", 3), ("reason", 4)):
        table.add_column(name, ratio=ratio, overflow="fold")
    for row in rows:
        verdict = _text((row.verdict, "bold red" if row.verdict == "conflict" else "green"),
                        (f"\n({row.review})" if row.review else "", "italic"))
        table.add_row(_text(_short(ids, row.id)), verdict, _side(row.a), _side(row.b), _text(row.reason))
    return table


def _side(side: ComparisonSide) -> Text:
    parts: list[str | tuple[str, str]] = [
        (f"“{side.quote}”", "bold"),
        f"\n{table_range(side.low, side.high)}",
        (f"\n{side.source}", "cyan"),
    ]
    copies = side.appearances[1:]
    if copies:
        parts.append((f" (+{len(copies)} {'copy' if len(copies) == 1 else 'copies'}: {', '.join(copies)})",
                      "cyan"))
    if side.date:
        parts.append((f" ({side.date})", "cyan"))
    for label, value in (("place", side.place), ("period", side.period)):
        if value:
            parts.append((f"\n{label}: {value}", "dim"))
    return _text(*parts)


def claims_table(claims: Iterable[Claim], *, ids: Mapping[str, str] | None = None) -> Table:
    table = Table(title="claims", expand=True)
    for name in ("id", "source", "quote", "range", "kind", "unit", "predicate", "place", "period"):
        table.add_column(name, overflow="fold")
    for c in claims:
        table.add_row(*map(_text, (_short(ids, c.id), c.source, c.quote, table_range(c.low, c.high), c.kind,
                                   c.unit or "", c.predicate or "", c.place or "", c.period or "")))
    return table


def groups_table(groups: Iterable[dict[str, Any]], *, ids: Mapping[str, str] | None = None) -> Table:
    table = Table(title="groups", expand=True, show_lines=True)
    for name in ("group", "subject", "claims", "sources", "dates", "range", "verdict"):
        table.add_column(name, overflow="fold")
    for g in groups:
        style = "bold red" if g["verdict"] == "conflict" else ""
        extra = len(g.get("appearances", g["sources"])) - len(g["sources"])
        sources = "\n".join(g["sources"]) + (f"\n(+{extra} linked {'copy' if extra == 1 else 'copies'})"
                                            if extra else "")
        table.add_row(*map(_text, (_short(ids, g["group_id"]), g["subject"], str(g["claims"]), sources,
                                   "\n".join(g["dates"]), table_range(g["low"], g["high"]))),
                      _text((", ".join(f"{k} ×{v}" for k, v in g["verdicts"].items()), style)))
    return table


def trace_table(steps: Iterable[dict[str, Any]], *, ids: Mapping[str, str] | None = None) -> Table:
    table = Table(title="trace", expand=True)
    for name in ("claim", "role", "quote", "range", "source", "date", "attributed to"):
        table.add_column(name, overflow="fold")
    for s in steps:
        table.add_row(*map(_text, (_short(ids, s["claim_id"]), s["role"], s["quote"],
                                   table_range(s["low"], s["high"]), s["source"], s["date"] or "",
                                   s["attributed_to"] or "")))
    return table


def stories_table(rows: Iterable[dict[str, Any]], *, ids: Mapping[str, str] | None = None) -> Table:
    table = Table(title="stories", expand=True)
    for name, ratio in (("id", 1), ("story", 4), ("articles", 1), ("outlets", 1), ("dates", 2),
                        ("claims", 1), ("conflicts", 1)):
        table.add_column(name, ratio=ratio, overflow="fold")
    for row in rows:
        dates = " – ".join(dict.fromkeys(d for d in (row["first_date"], row["last_date"]) if d))
        conflicts = _text((str(row["conflicts"]), "bold red" if row["conflicts"] else ""))
        table.add_row(*map(_text, (_short(ids, row["id"]), row["name"] or row["label"], str(row["articles"]),
                                   str(row["outlets"]), dates, str(row["claims"]))), conflicts)
    return table


def articles_table(rows: Iterable[dict[str, Any]], *, ids: Mapping[str, str] | None = None) -> Table:
    table = Table(title="articles", expand=True)
    # Ids, dates and counts are never folded; the text columns share what is left.
    table.add_column("id", no_wrap=True)
    table.add_column("story", ratio=2, overflow="fold")
    table.add_column("outlet", ratio=1, overflow="fold")
    table.add_column("date", no_wrap=True)
    table.add_column("claims", no_wrap=True, justify="right")
    table.add_column("path", ratio=3, overflow="fold")
    for row in rows:
        table.add_row(*map(_text, (_short(ids, row["id"]), row["story_name"] or "", row["outlet"] or "",
                                   row["date"] or "", str(row["claims"]), row["path"])))
    return table


def outlets_table(rows: Iterable[dict[str, Any]]) -> Table:
    table = Table(title="outlets", expand=True)
    table.add_column("outlet", ratio=3, overflow="fold")
    for name in ("articles", "claims", "in conflict", "share"):
        table.add_column(name, no_wrap=True, justify="right")
    for row in rows:
        conflicted = row["claims_in_conflict"]
        table.add_row(_text(row["outlet"] if row["outlet"] is not None else ("(no outlet)", "italic")),
                      *map(_text, (f"{row['articles']:,}", f"{row['claims']:,}")),
                      _text((f"{conflicted:,}", "bold red" if conflicted else "")),
                      _text(f"{row['conflict_share']:.0%}"))
    return table
