"""Comparison scored on hand-labelled statement pairs (`claimtrack evaluate pairs`).

Each pair is ingested as two one-statement articles into a fresh database, the
same way `claimtrack ingest` does, and the pair's predicted label is read from
the comparison rows: the most telling verdict among them, or "unrelated" when
the two statements share no quantity.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BadEvaluationData
from ..ingest import ingest
from ..model import VERDICTS
from ..store import Store
from .sets import read_jsonl, required

if TYPE_CHECKING:
    from spacy.language import Language

LABELS = (*VERDICTS, "unrelated")
# When a pair yields several rows, the one a reader would act on decides.
PRIORITY = ("conflict", "agree", "different_place", "different_period", "different_event",
            "different_measure")


def load_pairs(path: str | Path) -> list[dict[str, Any]]:
    """The labelled pairs of a JSONL file (id, a, b, label, why)."""
    pairs = []
    for number, row in read_jsonl(path):
        where = f"{path}:{number}"
        for name in ("a", "b"):
            if not isinstance(required(row, name, where), str):
                raise BadEvaluationData(f"{where}: {name!r} must be a string (a statement)")
        if required(row, "label", where) not in LABELS:
            raise BadEvaluationData(f"{where}: label {row['label']!r} is none of {', '.join(LABELS)}")
        pairs.append({"id": f"line-{number}", "why": "", **row})
    return pairs


def predict_pair(a: str, b: str, *, folder: Path, nlp: Language) -> str:
    """The predicted label for statements `a` and `b`, ingested as two articles of one
    story (a pair is labelled as two reports of one story: what is measured here is
    whether they state one quantity, not whether two sentences look like one story)."""
    (folder / "a.txt").write_text(a, encoding="utf-8")
    (folder / "b.txt").write_text(b, encoding="utf-8")
    store = Store(folder / "pair.db")
    ingest(store, [str(folder / "a.txt"), str(folder / "b.txt")], nlp=nlp, story="pair")
    verdicts = {row["verdict"] for row in store.comparison_rows()}
    return next((v for v in PRIORITY if v in verdicts), "unrelated")


@dataclass
class PairsResult:
    """Each labelled pair with the label predicted for it, in the set's order."""

    pairs: list[dict[str, Any]]
    predictions: list[str]

    def figures(self) -> dict[str, Any]:
        """Accuracy, conflict precision and recall (None when nothing to divide by), agreeing
        pairs called conflict, agree-vs-not accuracy, and the confusion matrix."""
        gold = [p["label"] for p in self.pairs]
        matrix = Counter(zip(gold, self.predictions))
        called = self.predictions.count("conflict")
        true_conflicts = matrix[("conflict", "conflict")]
        gold_conflicts = gold.count("conflict")
        # "follows / does not follow": agree vs everything else.
        entail = sum(1 for g, p in zip(gold, self.predictions) if (g == "agree") == (p == "agree"))
        return {
            "pairs": len(self.pairs),
            "accuracy": sum(matrix[(label, label)] for label in LABELS) / len(self.pairs),
            "conflict_precision": true_conflicts / called if called else None,
            "conflict_recall": true_conflicts / gold_conflicts if gold_conflicts else None,
            "agree_called_conflict": matrix[("agree", "conflict")],
            "agrees": gold.count("agree"),
            "agree_accuracy": entail / len(self.pairs),
            "confusion": {g: {p: matrix[(g, p)] for p in LABELS} for g in LABELS},
        }

    def misses(self) -> list[tuple[dict[str, Any], str]]:
        """(pair, predicted label) for each pair given a label other than its own."""
        return [(p, pred) for p, pred in zip(self.pairs, self.predictions) if p["label"] != pred]

    def as_dict(self) -> dict[str, Any]:
        """The figures and the misses as plain data (for --json)."""
        return {**self.figures(), "misses": [{"id": p["id"], "label": p["label"], "predicted": predicted}
                                             for p, predicted in self.misses()]}


def evaluate_pairs(data: str | Path, *, model: str | None = None, nlp: Language | None = None) -> PairsResult:
    """Predict a label for each pair of the JSONL file at `data`, each in a fresh database.

    The pipeline is `nlp`, else loaded from `model` (else the default). Raises
    BadEvaluationData for a set that cannot be read, ModelNotFound when the pipeline
    is not installed.
    """
    pairs = load_pairs(data)
    if nlp is None:
        from ..extract.pipeline import load_pipeline

        nlp = load_pipeline(model)
    predictions = []
    for pair in pairs:
        with tempfile.TemporaryDirectory() as tmp:
            predictions.append(predict_pair(pair["a"], pair["b"], folder=Path(tmp), nlp=nlp))
    return PairsResult(pairs, predictions)


def pairs_text(result: PairsResult, *, show_errors: int = 0) -> str:
    """The result as `claimtrack evaluate pairs` prints it: the figures, the confusion
    matrix, and the first `show_errors` pairs given a wrong label."""
    f = result.figures()
    precision, recall = f["conflict_precision"], f["conflict_recall"]
    lines = [
        f"pairs: {f['pairs']}  accuracy: {f['accuracy']:.1%}",
        f"conflict precision: {precision:.2f}" if precision is not None else "conflict precision: n/a (none called)",
        f"conflict recall: {recall:.2f}" if recall is not None else "conflict recall: n/a",
        f"agreeing pairs called conflict: {f['agree_called_conflict']} of {f['agrees']}",
        f"agree vs not-agree accuracy: {f['agree_accuracy']:.1%}",
        "",
        "confusion (rows gold, columns predicted):",
        " " * 18 + "".join(f"{label[:9]:>10}" for label in LABELS),
    ]
    for g in LABELS:
        lines.append(f"{g:>18}" + "".join(f"{f['confusion'][g][p]:>10}" for p in LABELS))
    for pair, predicted in result.misses()[:show_errors]:
        lines.append(f"\n{pair['id']}: gold {pair['label']}, predicted {predicted}\n  A: {pair['a']}\n  B: {pair['b']}")
    return "\n".join(lines) + "\n"
