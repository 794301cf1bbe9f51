"""The commands that write the database out for other tools: export (CSV, JSON, JSON
lines, ClaimReview), the HTML report and Datasette's metadata. Each writes to stdout or
replaces its -o file whole, never the database itself."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional

import typer

from .cli_common import DB_OPTION, DEBUG_OPTION, STORY_OPTION, console, err_console, open_store, run_guarded, story_id
from .output import database_files, replacing
from .store import Store

# Merged into the top-level app (cli.py adds it without a name): `claimtrack export`, not a sub-command.
app = typer.Typer()

FORCE_OPTION = typer.Option(False, "--force", help="Write through -o when it is a symbolic link.")


def _write(output: Optional[Path], store: Store, emit: Callable[[Any], Any], *, force: bool) -> Any:
    """Call `emit` with stdout (no `output`) or a file that replaces `output` once complete
    (never the database of `store`; see output.replacing)."""
    if output is None:
        return emit(sys.stdout)
    with replacing(output, protect=database_files(store.path), force=force) as out:
        return emit(out)


@app.command("export")
def export_command(
    db: Optional[str] = DB_OPTION,
    csv_format: bool = typer.Option(False, "--csv", help="CSV (the default)."),
    json_format: bool = typer.Option(False, "--json", help="One JSON array."),
    nl_format: bool = typer.Option(False, "--nl", help="JSON lines."),
    what: str = typer.Option("claims", "--what", help="articles, claims, comparisons, groups, copies or stories."),
    bom: bool = typer.Option(False, "--bom", help="Start CSV with a byte order mark (for Excel)."),
    raw: bool = typer.Option(False, "--raw", help="CSV: keep text cells that start like a spreadsheet formula"
                             " (= + - @) as they are, without the leading ' that makes them inert."),
    claimreview: bool = typer.Option(False, "--claimreview",
                                     help="schema.org ClaimReview JSON-LD for confirmed comparisons."),
    reviewer: str = typer.Option("claimtrack", "--reviewer", help="Author named in ClaimReview output."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    force: bool = FORCE_OPTION,
    debug: bool = DEBUG_OPTION,
) -> None:
    """Write articles, claims, comparisons, groups or copies as CSV, JSON or JSON lines.

    Example: claimtrack export --csv --what comparisons -o comparisons.csv
    """
    from .export import WHAT, articles_without_url, claim_reviews, rows, write

    if sum((csv_format, json_format, nl_format, claimreview)) > 1:
        raise typer.BadParameter("choose one of --csv, --json, --nl, --claimreview")
    if what not in WHAT:
        raise typer.BadParameter(f"--what must be one of {', '.join(WHAT)}")
    fmt = "json" if json_format else "nl" if nl_format else "csv"
    if (bom or raw) and (fmt != "csv" or claimreview):
        raise typer.BadParameter(f"{'--bom' if bom else '--raw'} applies to CSV only")

    def run() -> None:
        store = open_store(db, readonly=True)

        def emit(out: Any) -> None:
            if claimreview:
                json.dump(claim_reviews(store, reviewer=reviewer), out, ensure_ascii=False, indent=1)
                out.write("\n")
                return
            fields, items = rows(store, what)
            write(out, fields, items, fmt, bom=bom, raw=raw)

        _write(output, store, emit, force=force)
        if claimreview:
            _warn_without_url(*articles_without_url(store))

    run_guarded(debug, run)


def _warn_without_url(items: int, paths: list[str]) -> None:
    """One stderr line naming the articles ClaimReview items cite without a URL."""
    if not items:
        return
    shown = ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
    err_console.print(f"Warning: {items} ClaimReview {'item cites' if items == 1 else 'items cite'}"
                      f" {'an article' if len(paths) == 1 else f'{len(paths)} articles'} without a URL,"
                      f" named by title only: {shown} (give each a url: front matter, page metadata or a"
                      " url column)", markup=False)


@app.command("report")
def report_command(
    output: Path = typer.Option(Path("report.html"), "-o", "--output", help="The HTML file to write."),
    db: Optional[str] = DB_OPTION,
    story: Optional[str] = STORY_OPTION,
    force: bool = FORCE_OPTION,
    debug: bool = DEBUG_OPTION,
) -> None:
    """Write one self-contained HTML report: a section per story (most conflicts first) with a
    chart per group of claims, a search box, conflicts highlighted, every quote with its
    source, date and link (opens with no network).

    Example: claimtrack report -o report.html
    """
    # Plotly and Jinja2 load here only, so the other commands start as fast as before.
    from .report import write_report

    def run() -> Any:
        store = open_store(db, readonly=True)
        return write_report(store, output, story_id(store, story), force=force)

    stats = run_guarded(debug, run)
    console.print(f"wrote {output}: {stats.groups} groups, {stats.conflicts} conflicts", markup=False)


@app.command("datasette-metadata")
def datasette_metadata_command(
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    db: Optional[str] = DB_OPTION,
    force: bool = FORCE_OPTION,
    debug: bool = DEBUG_OPTION,
) -> None:
    """Write Datasette metadata for the database: column descriptions, facets, canned queries.

    Example: claimtrack datasette-metadata -o metadata.json && datasette data/claimtrack.db -m metadata.json
    """
    from .metadata import datasette_metadata

    def run() -> None:
        store = open_store(db, readonly=True)  # the database must exist: its name keys the metadata

        def emit(out: Any) -> None:
            json.dump(datasette_metadata(store.path), out, ensure_ascii=False, indent=2)
            out.write("\n")

        _write(output, store, emit, force=force)

    run_guarded(debug, run)
