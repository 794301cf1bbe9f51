"""Rich tables for the terminal (the only module besides cli.py that uses Rich)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.table import Table
from rich.text import Text

from .ingest import IngestReport
from .model import Claim


def ingest_summary(report: IngestReport) -> str:
    return (
        f"articles: {report.new} new, {report.unchanged} unchanged, {report.changed} changed, "
        f"{len(report.failed)} failed\n"
        f"claims: {report.claims}  comparisons: {report.comparisons}  conflicts: {report.conflicts}"
    )


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def _range(low: float | None, high: float | None) -> str:
    if low is not None and low == high:
        return _number(low)
    return f"{_number(low) or '−∞'} – {_number(high) or '∞'}"


def comparisons_table(rows: Iterable[dict[str, Any]], *, title: str) -> Table:
    table = Table(title=title, show_lines=True, expand=True)
    for name, ratio in (("id", 1), ("verdict", 1), ("claim A", 3), ("claim B", 3), ("reason", 4)):
        table.add_column(name, ratio=ratio, overflow="fold")
    for row in rows:
        verdict = Text(row["verdict"], style="bold red" if row["verdict"] == "conflict" else "green")
        if row.get("review"):
            verdict.append(f"\n({row['review']})", style="italic")
        table.add_row(
            row["id"],
            verdict,
            _side(row, "a"),
            _side(row, "b"),
            row["reason"],
        )
    return table


def _side(row: dict[str, Any], side: str) -> Text:
    text = Text()
    text.append(f"“{row['quote_' + side]}”", style="bold")
    text.append(f"\n{_range(row['low_' + side], row['high_' + side])}")
    text.append(f"\n{row['source_' + side]}", style="cyan")
    copies = row.get("appearances_" + side, [])[1:]
    if copies:
        text.append(f" (+{len(copies)} {'copy' if len(copies) == 1 else 'copies'}: {', '.join(copies)})",
                    style="cyan")
    if row.get("date_" + side):
        text.append(f" ({row['date_' + side]})", style="cyan")
    for label in ("place", "period"):
        if row.get(f"{label}_{side}"):
            text.append(f"\n{label}: {row[label + '_' + side]}", style="dim")
    return text


def claims_table(claims: Iterable[Claim]) -> Table:
    table = Table(title="claims", expand=True)
    for name in ("source", "quote", "range", "kind", "unit", "predicate", "place", "period"):
        table.add_column(name, overflow="fold")
    for c in claims:
        table.add_row(c.source, c.quote, _range(c.low, c.high), c.kind, c.unit or "",
                      c.predicate or "", c.place or "", c.period or "")
    return table


def groups_table(groups: Iterable[dict[str, Any]]) -> Table:
    table = Table(title="groups", expand=True, show_lines=True)
    for name in ("group", "subject", "claims", "sources", "dates", "range", "verdict"):
        table.add_column(name, overflow="fold")
    for g in groups:
        style = "bold red" if g["verdict"] == "conflict" else ""
        extra = len(g.get("appearances", g["sources"])) - len(g["sources"])
        sources = "\n".join(g["sources"]) + (f"\n(+{extra} linked {'copy' if extra == 1 else 'copies'})"
                                            if extra else "")
        table.add_row(g["group_id"], g["subject"], str(g["claims"]), sources,
                      "\n".join(g["dates"]), _range(g["low"], g["high"]),
                      Text(", ".join(f"{k} ×{v}" for k, v in g["verdicts"].items()), style=style))
    return table


def trace_table(steps: Iterable[dict[str, Any]]) -> Table:
    table = Table(title="trace", expand=True)
    for name in ("role", "quote", "range", "source", "date", "attributed to"):
        table.add_column(name, overflow="fold")
    for s in steps:
        table.add_row(s["role"], s["quote"], _range(s["low"], s["high"]), s["source"], s["date"] or "",
                      s["attributed_to"] or "")
    return table


def stories_table(rows: Iterable[dict[str, Any]]) -> Table:
    table = Table(title="stories", expand=True)
    for name, ratio in (("id", 1), ("story", 4), ("articles", 1), ("outlets", 1), ("dates", 2),
                        ("claims", 1), ("conflicts", 1)):
        table.add_column(name, ratio=ratio, overflow="fold")
    for row in rows:
        dates = " – ".join(dict.fromkeys(d for d in (row["first_date"], row["last_date"]) if d))
        conflicts = Text(str(row["conflicts"]), style="bold red" if row["conflicts"] else "")
        table.add_row(row["id"][:10], (row["name"] or row["label"]), str(row["articles"]), str(row["outlets"]),
                      dates, str(row["claims"]), conflicts)
    return table
