"""The claimtrack command line: parse options, call the library, print.

This module holds the app and the commands that read and correct the database;
cli_output.py the commands that write files for other tools, cli_evaluate.py
`claimtrack evaluate`, and cli_common.py what they share (consoles, errors, --db)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from typing import Any, Optional

import typer

from . import cli_evaluate, cli_output
from .cli_common import (DB_OPTION, DEBUG_OPTION, MODEL_OPTION, STORY_OPTION, console, err_console, exit_usage,
                         open_store, run_guarded, story_id)
from .model import VERDICTS
from .errors import UsageError
from .queries import Filters
from .store import Store

app = typer.Typer(
    help="Track numbers across news coverage: extract numeric claims, compare them across sources.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)
# Added without a name, cli_output's commands are top-level ones: `claimtrack export`.
app.add_typer(cli_output.app)
app.add_typer(cli_evaluate.app, name="evaluate")


def _show_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"claimtrack {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """Track numbers across news coverage: extract numeric claims, compare them across sources."""


# The filters of conflicts, claims and groups (queries.Filters); they combine with AND.
OUTLET_OPTION = typer.Option(None, "--outlet", help="Only articles whose outlet contains this.")
SINCE_OPTION = typer.Option(None, "--since", metavar="DATE", help="Only articles dated DATE (YYYY-MM-DD) or later.")
UNTIL_OPTION = typer.Option(None, "--until", metavar="DATE", help="Only articles dated DATE (YYYY-MM-DD) or earlier.")
LIMIT_OPTION = typer.Option(None, "--limit", metavar="N", help="At most N rows.")


def _filters(**given: Any) -> Filters:
    """The options as Filters, checked before the database is opened (bad ones exit 2)."""
    try:
        return Filters(**given)
    except UsageError as error:
        exit_usage(str(error))


def _one_format(**chosen: bool) -> str | None:
    """The output format among --csv, --json, --nl (None: a table); more than one is a usage error."""
    given = [name for name, on in chosen.items() if on]
    if len(given) > 1:
        raise typer.BadParameter(f"choose one of {', '.join('--' + name for name in chosen)}")
    return given[0] if given else None


@app.command("ingest")
def ingest_command(
    paths: list[str] = typer.Argument(
        ..., help="Article files or folders (.txt, .md, .html, .htm, .jsonl, .ndjson, .csv; folders are walked);"
                  " - reads JSON lines from stdin."),
    db: Optional[str] = DB_OPTION,
    model: Optional[str] = MODEL_OPTION,
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
        store = open_store(db)
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

    report = run_guarded(debug, run)
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
    store = run_guarded(debug, lambda: open_store(db, readonly=True))
    filters = replace(filters, story=run_guarded(debug, lambda: story_id(store, story)))
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
        run_guarded(debug, lambda: write(sys.stdout, fields, (comparison_export_row(v, fields) for v in views), fmt))
        return
    from . import render
    from .export import comparison_table_rows

    rows = run_guarded(debug, lambda: comparison_table_rows(store, filters, verdicts=verdicts,
                                                     include_dismissed=include_dismissed,
                                                     min_confidence=min_confidence))
    what = "conflicts" if verdicts == ("conflict",) else "comparisons"
    if not rows:
        console.print(f"no {what}")
        return
    ids = run_guarded(debug, lambda: store.short_ids("comparison", (r.id for r in rows)))
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
        store = open_store(db, readonly=True)
        claims = store.claims(replace(filters, story=story_id(store, story)))
        return claims, (None if as_json else store.short_ids("claim", (c.id for c in claims)))

    claims, ids = run_guarded(debug, run)
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
        store = open_store(db, readonly=True)
        rows = store.article_rows()
        return rows, (None if as_json else store.short_ids("article", (r["id"] for r in rows)))

    rows, ids = run_guarded(debug, run)
    if as_json:
        print(json.dumps([{k: r[k] for k in ARTICLE_LIST_FIELDS} for r in rows], ensure_ascii=False, indent=1))
        return
    from . import render

    console.print(render.articles_table(rows, ids=ids))


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

    rows = run_guarded(debug, lambda: open_store(db, readonly=True).outlet_rows())
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
        store = open_store(db, readonly=True)
        groups = group_summaries(store, filters=replace(filters, story=story_id(store, story)))
        return groups, (None if as_json else store.short_ids("group", (g["group_id"] for g in groups)))

    groups, ids = run_guarded(debug, run)
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
        store = open_store(db, create=False)
        full = store.review(comparison_id, decision, note)
        return store.short_ids("comparison", [full])[full]

    console.print(f"{run_guarded(debug, run)}: {decision}", markup=False)


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
        store = open_store(db, create=False)
        ids = [store.find_article(key) for key in articles]  # an unknown one stops all, before any removal
        short = store.short_ids("article", ids)
        return [(short[f.id], f) for f in store.forget(ids)]

    removed = run_guarded(debug, run)
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
        store = open_store(db, readonly=True)
        steps = trace_claim(store, claim_id)
        return steps, (None if as_json else store.short_ids("claim", (s["claim_id"] for s in steps)))

    steps, ids = run_guarded(debug, run)
    if as_json:
        print(json.dumps(steps, ensure_ascii=False, indent=1))
        return
    from . import render

    console.print(render.trace_table(steps, ids=ids))


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
        store = open_store(db, create=False, readonly=not (move or merge))
        if move or merge:
            return correct(store, move=move or [], to=to, merge=merge or []), None
        rows = store.story_rows()
        return rows, (None if as_json else store.short_ids("story", (r["id"] for r in rows)))

    done, ids = run_guarded(debug, run)
    if isinstance(done, str):
        console.print(done, markup=False)
        return
    rows = done
    if as_json:
        print(json.dumps([{k: r[k] for k in STORY_FIELDS} for r in rows], ensure_ascii=False, indent=1))
        return
    from . import render

    console.print(render.stories_table(rows, ids=ids))


def main() -> None:
    """Entry point: keeps BrokenPipe (e.g. `| head`) quiet."""
    try:
        app()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
