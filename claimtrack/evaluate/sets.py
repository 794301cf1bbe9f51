"""Reading evaluation sets: what is wrong with a missing or malformed file, in one line.

Every failure is a BadEvaluationData naming the file (and the line, for JSON lines), so
`claimtrack evaluate` reports it as one `Error:` line, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import BadEvaluationData


def read_text(path: str | Path) -> str:
    """The text of the file at `path`, which must exist and be a file."""
    path = Path(path)
    if not path.exists():
        raise BadEvaluationData(f"no evaluation data at {path}")
    if path.is_dir():
        raise BadEvaluationData(f"{path} is a folder: give the evaluation set's file")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BadEvaluationData(f"cannot read {path}: {error}") from error


def read_json(path: str | Path) -> Any:
    """The JSON document in the file at `path`."""
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as error:
        raise BadEvaluationData(f"{path}: not JSON ({error})") from error


def read_jsonl(path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line of the JSON lines file at `path`;
    an empty set is an error too, since nothing could be scored."""
    rows = []
    # split("\n"), not splitlines(): a JSON string may hold U+2028 or a form feed raw.
    for number, line in enumerate(read_text(path).split("\n"), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise BadEvaluationData(f"{path}:{number}: not JSON ({error})") from error
        if not isinstance(row, dict):
            raise BadEvaluationData(f"{path}:{number}: not a JSON object")
        rows.append((number, row))
    if not rows:
        raise BadEvaluationData(f"{path} holds no evaluation items")
    return rows


def required(row: dict[str, Any], name: str, where: str) -> Any:
    """`row[name]`, or a BadEvaluationData saying which item lacks it (`where`: file:line)."""
    if name not in row:
        raise BadEvaluationData(f"{where}: no {name!r} field")
    return row[name]
