"""`claimtrack evaluate`: how well claimtrack does on hand-labelled sets.

Each command parses its options, calls the function of claimtrack.evaluate that scores
the set and returns the figures, and prints them as text or, with --json, as one JSON
object. The sets are given by path: the project's own are in tests/eval/.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer

from .cli_common import DEBUG_OPTION, MODEL_OPTION, exit_failure, run_guarded
from .evaluate.extraction import DEFAULT_TIMEOUT
from .output import printable

app = typer.Typer(no_args_is_help=True)

JSON_OPTION = typer.Option(False, "--json", help="Print the figures as one JSON object.")
SHOW_ERRORS_OPTION = typer.Option(0, "--show-errors", metavar="N", min=0, help="List the first N errors of each kind.")
TIMEOUT_OPTION = typer.Option(DEFAULT_TIMEOUT, "--timeout", metavar="SECONDS", min=0,
                              help="Time limit per sentence in the extractor (0: none).")


@app.callback()
def _evaluate() -> None:
    """Score claimtrack on hand-labelled sets: extraction on annotated sentences, comparison
    on statement pairs, both on labelled clusters of real news.

    Example: claimtrack evaluate extraction tests/eval/extraction.jsonl
    """


def _print(result: Any, text: str | None) -> None:
    """The result's figures as JSON when `text` is None, else `text` as it is."""
    if text is None:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
    else:
        typer.echo(printable(text), nl=False)  # sentences from the set must not reach the terminal as escapes


@app.command("extraction")
def extraction_command(
    data: Path = typer.Argument(..., help="Annotated sentences, JSON lines (id, beat, text, quantities);"
                                " the project's: tests/eval/extraction.jsonl."),
    quantulum: Optional[Path] = typer.Option(None, "--quantulum", metavar="PATH",
                                             help="Also score quantulum3's quantities.json (value, value+unit)."),
    show_errors: int = SHOW_ERRORS_OPTION,
    timeout: float = TIMEOUT_OPTION,
    model: Optional[str] = MODEL_OPTION,
    as_json: bool = JSON_OPTION,
    debug: bool = DEBUG_OPTION,
) -> None:
    """Score extraction on annotated sentences: micro precision, recall and F1 on value,
    value+unit and value+qualifier, by beat.

    Example: claimtrack evaluate extraction tests/eval/extraction.jsonl --show-errors 5
    """
    from .evaluate.extraction import evaluate_extraction, extraction_text

    result = run_guarded(debug, lambda: evaluate_extraction(data, quantulum=quantulum, model=model, timeout=timeout))
    _print(result, None if as_json else extraction_text(result, show_errors=show_errors))


@app.command("pairs")
def pairs_command(
    data: Path = typer.Argument(..., help="Labelled statement pairs, JSON lines (id, a, b, label, why);"
                                " the project's: tests/eval/pairs.jsonl."),
    show_errors: int = typer.Option(0, "--show-errors", metavar="N", min=0,
                                    help="List the first N pairs given a wrong label."),
    model: Optional[str] = MODEL_OPTION,
    as_json: bool = JSON_OPTION,
    debug: bool = DEBUG_OPTION,
) -> None:
    """Score comparison on labelled statement pairs, each ingested as two articles of one
    story: accuracy, conflict precision and recall, the confusion matrix.

    Example: claimtrack evaluate pairs tests/eval/pairs.jsonl --show-errors 5
    """
    from .evaluate.pairs import evaluate_pairs, pairs_text

    result = run_guarded(debug, lambda: evaluate_pairs(data, model=model))
    _print(result, None if as_json else pairs_text(result, show_errors=show_errors))


@app.command("recognizers")
def recognizers_command(
    data: Path = typer.Argument(..., help="A folder of Microsoft Recognizers-Text English specs (NumberModel.json,"
                                " PercentModel.json, ...), e.g. ../shared/eval/recognizers."),
    show_errors: int = SHOW_ERRORS_OPTION,
    timeout: float = TIMEOUT_OPTION,
    model: Optional[str] = MODEL_OPTION,
    as_json: bool = JSON_OPTION,
    debug: bool = DEBUG_OPTION,
) -> None:
    """Score extraction on a peer's test suite: the share of each spec file's cases whose
    numbers come out right under claimtrack's conventions (CONTRACT.md's ranges and unit names).

    Example: claimtrack evaluate recognizers ../shared/eval/recognizers --show-errors 5
    """
    from .evaluate.recognizers import evaluate_recognizers, recognizers_text

    result = run_guarded(debug, lambda: evaluate_recognizers(data, model=model, timeout=timeout))
    _print(result, None if as_json else recognizers_text(result, show_errors=show_errors))


@app.command("clusters")
def clusters_command(
    data: Path = typer.Argument(..., help="A folder of labelled clusters: <cluster>/NN.txt and labels.json."),
    together: bool = typer.Option(False, "--together", help="Ingest every cluster into one database, under names"
                                  " that say nothing of their cluster, and count comparisons across clusters."),
    only: str = typer.Option("", "--only", metavar="TEXT", help="Only the clusters whose name contains TEXT."),
    verbose: bool = typer.Option(False, "-v", "--verbose", help="List every miss, false alarm, unlabelled"
                                 " conflict and cross-story pair."),
    model: Optional[str] = MODEL_OPTION,
    as_json: bool = JSON_OPTION,
    debug: bool = DEBUG_OPTION,
) -> None:
    """Score claims and comparisons on labelled clusters of real news, each cluster ingested
    alone (or all --together) into a temporary database: claims found with the right range
    and unit, relations, conflict recall, false alarms, unlabelled conflicts, not-claims
    extracted, agreements, and with --together the cross-story pairs.

    Example: claimtrack evaluate clusters ../shared/eval/clusters-dev --together
    """
    from .evaluate.clusters import clusters_text, evaluate_clusters

    result = run_guarded(debug, lambda: evaluate_clusters(data, together=together, only=only, model=model))
    _print(result, None if as_json else clusters_text(result, verbose=verbose))
    failed = [c.name for c in result.clusters if c.error]
    if failed:
        exit_failure(f"{len(failed)} of {len(result.clusters)} clusters could not be ingested: {', '.join(failed)}")
