"""Rich tables for the terminal (the only module besides cli.py that uses Rich).

Every cell is a Text made by `_text`: the values come from articles, file names and the
database, so they lose their control characters (no escape sequence reaches the
terminal) and are never read as Rich markup (a file named "a[bold]b.txt" stays so).

Ids are shown as `ids` maps them (Store.short_ids: the shortest unique prefix, which
every command taking an id accepts back), else in full.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rich.table import Table
from rich.text import Text

from .ingest import IngestReport
from .model import Claim
from .output import printable
from .store import Forgotten


def ingest_summary(report: IngestReport) -> str:
    return (
        f"articles: {report.new} new, {report.unchanged} unchanged, {report.changed} changed, "
        f"{len(report.failed)} failed\n"
        f"claims: {report.claims}  comparisons: {report.comparisons}  conflicts: {report.conflicts}"
    )


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


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def _range(low: float | None, high: float | None) -> str:
    if low is not None and low == high:
        return _number(low)
    return f"{_number(low) or '−∞'} – {_number(high) or '∞'}"


def _short(ids: Mapping[str, str] | None, full: str | None) -> str:
    return (ids or {}).get(full or "", full or "")


def comparisons_table(rows: Iterable[dict[str, Any]], *, title: str, ids: Mapping[str, str] | None = None) -> Table:
    table = Table(title=title, show_lines=True, expand=True)
    for name, ratio in (("id", 1), ("verdict", 1), ("claim A", 3), ("claim B", 3), ("reason", 4)):
        table.add_column(name, ratio=ratio, overflow="fold")
    for row in rows:
        verdict = _text((row["verdict"], "bold red" if row["verdict"] == "conflict" else "green"),
                        (f"\n({row['review']})" if row.get("review") else "", "italic"))
        table.add_row(_text(_short(ids, row["id"])), verdict, _side(row, "a"), _side(row, "b"), _text(row["reason"]))
    return table


def _side(row: dict[str, Any], side: str) -> Text:
    parts: list[str | tuple[str, str]] = [
        (f"“{row['quote_' + side]}”", "bold"),
        f"\n{_range(row['low_' + side], row['high_' + side])}",
        (f"\n{row['source_' + side]}", "cyan"),
    ]
    copies = row.get("appearances_" + side, [])[1:]
    if copies:
        parts.append((f" (+{len(copies)} {'copy' if len(copies) == 1 else 'copies'}: {', '.join(copies)})",
                      "cyan"))
    if row.get("date_" + side):
        parts.append((f" ({row['date_' + side]})", "cyan"))
    for label in ("place", "period"):
        if row.get(f"{label}_{side}"):
            parts.append((f"\n{label}: {row[label + '_' + side]}", "dim"))
    return _text(*parts)


def claims_table(claims: Iterable[Claim], *, ids: Mapping[str, str] | None = None) -> Table:
    table = Table(title="claims", expand=True)
    for name in ("id", "source", "quote", "range", "kind", "unit", "predicate", "place", "period"):
        table.add_column(name, overflow="fold")
    for c in claims:
        table.add_row(*map(_text, (_short(ids, c.id), c.source, c.quote, _range(c.low, c.high), c.kind, c.unit or "",
                                   c.predicate or "", c.place or "", c.period or "")))
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
                                   "\n".join(g["dates"]), _range(g["low"], g["high"]))),
                      _text((", ".join(f"{k} ×{v}" for k, v in g["verdicts"].items()), style)))
    return table


def trace_table(steps: Iterable[dict[str, Any]], *, ids: Mapping[str, str] | None = None) -> Table:
    table = Table(title="trace", expand=True)
    for name in ("claim", "role", "quote", "range", "source", "date", "attributed to"):
        table.add_column(name, overflow="fold")
    for s in steps:
        table.add_row(*map(_text, (_short(ids, s["claim_id"]), s["role"], s["quote"], _range(s["low"], s["high"]),
                                   s["source"], s["date"] or "", s["attributed_to"] or "")))
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
