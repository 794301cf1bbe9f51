"""Extraction scored on hand-annotated sentences (`claimtrack evaluate extraction`).

`evaluate_extraction` loads a set of annotated sentences (JSON lines: id, beat, text,
quantities), and optionally quantulum3's English test set as a peer benchmark, runs
the extractor over each sentence and scores it with scoring.py; `extraction_text`
prints the result as the command shows it. `predict` runs the pipeline sentence by
sentence, each under a time limit so that one sentence that hangs the extractor is
reported instead of stalling the run.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BadEvaluationData
from ..writing import plain_number
from .scoring import METRICS, VALUE, VALUE_UNIT, score
from .sets import read_json, read_jsonl, required

if TYPE_CHECKING:
    from spacy.language import Language

#: Seconds one sentence may take in the extractor before it is abandoned (its
#: predictions are then empty and it is listed). Normal sentences take < 0.1 s.
DEFAULT_TIMEOUT = 0.3
#: quantulum3's set is scored without qualifiers: its gold has none.
QUANTULUM_METRICS = (VALUE, VALUE_UNIT)

# --- data ------------------------------------------------------------------------

@dataclass
class Case:
    """One annotated sentence; each gold item carries its `start`/`end` in `text`."""

    id: str
    beat: str
    text: str
    gold: list[dict[str, Any]] = field(default_factory=list)


_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")


def locate(text: str, surface: str, taken: Sequence[tuple[int, int]] = ()) -> tuple[int, int] | None:
    """Where `surface` stands in `text` (the first place not already taken), else where
    its number's digits do, else None."""
    def first_free(needle: str) -> tuple[int, int] | None:
        if not needle:
            return None
        start = text.find(needle)
        while start != -1:
            span = (start, start + len(needle))
            if span not in taken:
                return span
            start = text.find(needle, start + 1)
        return None

    span = first_free(surface)
    if span is not None:
        return span
    for number in _NUMBER_RE.findall(surface):
        # "10,000" may be written "10000" or "10 000" in the sentence.
        for needle in (number, number.replace(",", ""), re.match(r"\d+", number).group()):
            span = first_free(needle)
            if span is not None:
                return span
    return None


def _with_spans(text: str, items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    for item in items:
        span = locate(text, str(item.get("surface", "")), taken)
        if span is not None:
            taken.append(span)
        out.append({**item, "start": span[0] if span else None, "end": span[1] if span else None})
    return out


def load_cases(path: str | Path) -> list[Case]:
    """The annotated sentences of a JSONL file (id, beat, text, quantities)."""
    cases = []
    for number, row in read_jsonl(path):
        where = f"{path}:{number}"
        text = required(row, "text", where)
        cases.append(Case(
            id=str(row.get("id", f"line-{number}")),
            beat=str(row.get("beat") or "-"),
            text=str(text),
            gold=_with_spans(str(text), _objects(row.get("quantities", []), "quantities", where)),
        ))
    return cases


def load_quantulum(path: str | Path) -> list[Case]:
    """quantulum3's English test set ([{"req": text, "res": [{surface, value, unit}]}]).

    Its gold states a range by its mean, so a predicted range whose mean is the
    gold value counts as the right value (`range_as_mean`).
    """
    cases = []
    for number, row in enumerate(_objects(read_json(path), "the set", str(path)), 1):
        where = f"{path}: item {number}"
        text = str(required(row, "req", where))
        gold = [{"surface": r.get("surface", ""), "value": r.get("value"), "unit": r.get("unit"),
                 "low": None, "high": None, "qualifier": None, "change": None, "range_as_mean": True}
                for r in _objects(row.get("res", []), "res", where)]
        cases.append(Case(id=f"q-{number:03d}", beat="quantulum", text=text, gold=_with_spans(text, gold)))
    if not cases:
        raise BadEvaluationData(f"{path} holds no evaluation items")
    return cases


def _objects(items: Any, name: str, where: str) -> list[dict[str, Any]]:
    """`items` if it is a list of JSON objects, else a BadEvaluationData about `name`."""
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise BadEvaluationData(f"{where}: {name} must be a list of JSON objects")
    return items


# --- prediction ------------------------------------------------------------------

class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so the extractor's own `except Exception` can't swallow it."""


def _claim_dict(claim: Any) -> dict[str, Any]:
    return {
        "quote": claim.quote, "start": claim.start, "end": claim.end, "value": claim.value,
        "low": claim.low, "high": claim.high, "low_inclusive": claim.low_inclusive,
        "high_inclusive": claim.high_inclusive, "qualifier": claim.qualifier, "change": claim.change,
        "kind": claim.kind, "unit": claim.unit, "unit_text": claim.unit_text,
    }


def predict(
    nlp: Language,
    cases: Sequence[Case],
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    failures: list[tuple[str, str]] | None = None,
    read: Callable[[Language, str], list[dict[str, Any]]] | None = None,
) -> list[list[dict[str, Any]]]:
    """The extractor's claims for each case, one sentence at a time, as dicts (or what
    `read(nlp, text)` reads of each, as dicts).

    A sentence that raises, or runs past `timeout` seconds (enforced with
    SIGALRM where available, i.e. in the main thread on Unix), gets no
    predictions and is appended to `failures` as (id, reason).
    """
    from ..extract.pipeline import extract_claims
    from ..model import Article

    can_alarm = (
        timeout is not None and timeout > 0 and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    previous = None
    if can_alarm:
        def _on_alarm(signum: int, frame: Any) -> None:
            raise _Timeout()
        previous = signal.signal(signal.SIGALRM, _on_alarm)
    out: list[list[dict[str, Any]]] = []
    try:
        for number, case in enumerate(cases):
            article = Article(path=f"eval/{case.id}", text=case.text)
            # The first call also warms the pipeline up: give it more time.
            limit = max(timeout or 0.0, 2.0) if number == 0 else timeout
            try:
                if can_alarm:
                    signal.setitimer(signal.ITIMER_REAL, limit)
                try:
                    found = read(nlp, case.text) if read else [_claim_dict(c) for c in extract_claims(nlp, article)]
                finally:
                    if can_alarm:
                        signal.setitimer(signal.ITIMER_REAL, 0)
            except _Timeout:
                found = []
                if failures is not None:
                    failures.append((case.id, f"timed out after {limit:g} s"))
            except Exception as exc:  # noqa: BLE001 - one bad sentence must not stop the run
                found = []
                if failures is not None:
                    failures.append((case.id, f"{type(exc).__name__}: {exc}"))
            out.append(found)
    finally:
        if can_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
    return out


# --- scoring a set -------------------------------------------------------------

def evaluate(cases: Sequence[Case], preds: Sequence[Sequence[dict[str, Any]]],
             metrics: Sequence[str] = METRICS) -> tuple[dict[str, Any], list[tuple[str, int, dict[str, Any]]]]:
    """Overall score and per-beat rows ([(beat, sentences, score)], 'overall' last)."""
    rows = []
    for beat in sorted({c.beat for c in cases}):
        idx = [i for i, c in enumerate(cases) if c.beat == beat]
        rows.append((beat, len(idx), score([(cases[i].gold, preds[i]) for i in idx],
                                           ids=[cases[i].id for i in idx], metrics=metrics)))
    overall = score([(c.gold, p) for c, p in zip(cases, preds)], ids=[c.id for c in cases], metrics=metrics)
    rows.append(("overall", len(cases), overall))
    return overall, rows


@dataclass
class ScoredSet:
    """One annotated set scored: its sentences, where the extractor failed (id, reason),
    the overall score (see scoring.score) and its rows by beat, 'overall' last."""

    path: Path
    cases: list[Case]
    failures: list[tuple[str, str]]
    overall: dict[str, Any]
    rows: list[tuple[str, int, dict[str, Any]]]
    metrics: tuple[str, ...] = METRICS

    @property
    def unplaced(self) -> int:
        """Gold quantities whose surface could not be found in their sentence."""
        return sum(1 for case in self.cases for gold in case.gold if gold["start"] is None)

    def as_dict(self) -> dict[str, Any]:
        """The figures as plain data (for --json): per beat and metric, errors counted."""
        return {
            "path": str(self.path), "sentences": len(self.cases), "gold": self.overall[VALUE]["gold"],
            "pred": self.overall[VALUE]["pred"], "unplaced": self.unplaced,
            "failures": [{"id": case_id, "reason": reason} for case_id, reason in self.failures],
            "beats": {label: {"sentences": sentences, **{m: _figures(result[m]) for m in self.metrics}}
                      for label, sentences, result in self.rows},
            "errors": error_counts(self.overall["errors"]),
        }


@dataclass
class ExtractionResult:
    """The annotated sentences scored, and quantulum3's set when it was given."""

    sentences: ScoredSet
    quantulum: ScoredSet | None
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {"sentences": self.sentences.as_dict(),
                "quantulum": self.quantulum.as_dict() if self.quantulum else None,
                "seconds": round(self.seconds, 1)}


def _figures(metric_score: dict[str, Any]) -> dict[str, Any]:
    return {key: metric_score[key] for key in ("tp", "pred", "gold", "precision", "recall", "f1")}


def error_counts(errors: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """How many errors of each kind scoring.score listed (false negatives split by why)."""
    return {
        "false_positive": len(errors["false_positive"]),
        "missed": sum(1 for e in errors["false_negative"] if e["why"] == "missed"),
        "wrong_value": sum(1 for e in errors["false_negative"] if e["why"] == "wrong value"),
        "unit_mismatch": len(errors["unit_mismatch"]),
        "qualifier_mismatch": len(errors["qualifier_mismatch"]),
    }


def evaluate_extraction(
    data: str | Path,
    *,
    quantulum: str | Path | None = None,
    model: str | None = None,
    nlp: Language | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> ExtractionResult:
    """Score the extractor on the annotated sentences at `data` (JSON lines) on every
    metric, and on quantulum3's quantities.json at `quantulum` on value and value+unit.

    The pipeline is `nlp`, else loaded from `model` (else the default). `timeout`: seconds
    per sentence (None or 0: no limit). Raises BadEvaluationData for a set that cannot
    be read, ModelNotFound when the pipeline is not installed.
    """
    cases = load_cases(data)
    # Both sets are read before the pipeline loads: a bad path fails at once.
    peer_cases = load_quantulum(quantulum) if quantulum is not None else None
    started = time.monotonic()
    if nlp is None:
        from ..extract.pipeline import load_pipeline

        nlp = load_pipeline(model)
    failures: list[tuple[str, str]] = []
    preds = predict(nlp, cases, timeout=timeout or None, failures=failures)
    overall, rows = evaluate(cases, preds)
    scored = ScoredSet(Path(data), cases, failures, overall, rows)
    peer = None
    if peer_cases is not None:
        peer_failures: list[tuple[str, str]] = []
        peer_preds = predict(nlp, peer_cases, timeout=timeout or None, failures=peer_failures)
        peer_overall = score([(c.gold, p) for c, p in zip(peer_cases, peer_preds)], ids=[c.id for c in peer_cases],
                             metrics=QUANTULUM_METRICS)
        peer = ScoredSet(Path(quantulum), peer_cases, peer_failures, peer_overall,
                         [("quantulum3", len(peer_cases), peer_overall)], QUANTULUM_METRICS)
    return ExtractionResult(scored, peer, time.monotonic() - started)


# --- report ----------------------------------------------------------------------

def _pct(x: float) -> str:
    return f"{x:5.1f}"


def metric_table(metric: str, rows: Sequence[tuple[str, int, dict[str, Any]]]) -> str:
    """A plain-text table: one row per (label, sentences, score) for `metric`."""
    width = max([len("beat")] + [len(label) for label, _, _ in rows])
    head = f"{'beat':<{width}}  {'sents':>5}  {'gold':>5}  {'pred':>5}  {'TP':>5}  {'P':>5}  {'R':>5}  {'F1':>5}"
    lines = [f"{metric}", head, "-" * len(head)]
    for label, sentences, result in rows:
        s = result[metric]
        lines.append(
            f"{label:<{width}}  {sentences:>5}  {s['gold']:>5}  {s['pred']:>5}  {s['tp']:>5}  "
            f"{_pct(s['precision'])}  {_pct(s['recall'])}  {_pct(s['f1'])}"
        )
    return "\n".join(lines)


def _fmt_value(item: dict[str, Any]) -> str:
    value = item.get("value")
    if value is None:
        low, high = item.get("low"), item.get("high")
        return f"[{plain_number(low)}..{plain_number(high)}]"
    if item.get("qualifier") == "range" and item.get("high") is not None:
        return f"{plain_number(item.get('low', value))}-{plain_number(item.get('high'))}"
    return plain_number(value)


def _fmt_gold(g: dict[str, Any]) -> str:
    extra = [g.get("qualifier") or "", g.get("change") or ""]
    tail = " ".join(e for e in extra if e)
    return f"{g.get('surface')!r} = {_fmt_value(g)} {g.get('unit')}" + (f" ({tail})" if tail else "")


def _fmt_pred(p: dict[str, Any]) -> str:
    extra = [p.get("qualifier") or "", p.get("change") or ""]
    tail = " ".join(e for e in extra if e)
    return f"{p.get('quote')!r} = {_fmt_value(p)} {p.get('unit')}" + (f" ({tail})" if tail else "")


def error_report(errors: dict[str, list[dict[str, Any]]], n: int, *, qualifiers: bool = True) -> str:
    lines = []
    sections = [
        ("false positives (claim overlapping no gold quantity)", "false_positive"),
        ("false negatives (gold quantity missed, or matched with a wrong value)", "false_negative"),
        ("unit mismatches (value right, unit wrong)", "unit_mismatch"),
    ]
    if qualifiers:
        sections.append(("qualifier/change mismatches (value right, bound or direction wrong)",
                         "qualifier_mismatch"))
    for title, key in sections:
        items = errors.get(key, [])
        lines.append(f"\n{title}: {len(items)} in all, first {min(n, len(items))}")
        for e in items[:n]:
            if key == "false_positive":
                lines.append(f"  {e['id']:<10} pred {_fmt_pred(e['pred'])}")
            elif key == "false_negative":
                pred = f" | pred {_fmt_pred(e['pred'])}" if e.get("pred") else ""
                lines.append(f"  {e['id']:<10} {e['why']:<11} gold {_fmt_gold(e['gold'])}{pred}")
            else:
                lines.append(f"  {e['id']:<10} gold {_fmt_gold(e['gold'])} | pred {_fmt_pred(e['pred'])}")
    return "\n".join(lines)


def _failures_note(failures: list[tuple[str, str]]) -> str:
    if not failures:
        return ""
    ids = ", ".join(i for i, _ in failures)
    kinds = sorted({reason for _, reason in failures})
    return (f"WARNING: the extractor failed on {len(failures)} sentence(s); they count with no "
            f"predictions.\n  reasons: {'; '.join(kinds)}\n  ids: {ids}\n")


def _set_lines(title: str, scored: ScoredSet, *, gold_note: str = "", counts_note: str = "") -> list[str]:
    """A scored set's heading, its counts, where the extractor failed, a table per metric."""
    return [
        title,
        f"{len(scored.cases)} sentences, {scored.overall[VALUE]['gold']} gold quantities{gold_note}, "
        f"{scored.overall[VALUE]['pred']} predicted claims{counts_note}\n",
        _failures_note(scored.failures),
        *(part for metric in scored.metrics for part in (metric_table(metric, scored.rows), "")),
    ]


def extraction_text(result: ExtractionResult, *, show_errors: int = 0) -> str:
    """The result as `claimtrack evaluate extraction` prints it: a table per metric with a
    row per beat, the errors counted, the first `show_errors` of each kind listed, and the
    same for quantulum3's set."""
    scored, peer = result.sentences, result.quantulum
    counts = error_counts(scored.overall["errors"])
    out = _set_lines(f"Extraction evaluation: {scored.path}", scored, counts_note="  (micro P/R/F1, percent)")
    out.append(f"errors: {counts['false_positive']} false positives, {counts['missed']} missed, "
               f"{counts['wrong_value']} wrong values, {counts['unit_mismatch']} unit mismatches, "
               f"{counts['qualifier_mismatch']} qualifier/change mismatches")
    if show_errors > 0:
        out.append(error_report(scored.overall["errors"], show_errors))
    out.append("")
    if peer is not None:
        out += _set_lines(f"quantulum3 peer set: {peer.path}", peer,
                          gold_note=f" ({peer.unplaced} not locatable in their sentence)")
        if show_errors > 0:
            out += ["quantulum3 errors:" + error_report(peer.overall["errors"], show_errors, qualifiers=False), ""]
    out.append(f"(took {result.seconds:.1f} s)")
    return "\n".join(out) + "\n"
