"""Score comparison on hand-labelled statement pairs (`python -m claimtrack.evaluate_pairs`).

Each pair is ingested as two one-statement articles into a fresh database, the
same way `claimtrack ingest` does, and the pair's predicted label is read from
the comparison rows: the most telling verdict among them, or "unrelated" when
the two statements share no quantity.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language

from .extract.pipeline import load_pipeline
from .ingest import ingest
from .store import Store

LABELS = ("agree", "conflict", "different_period", "different_place", "different_measure",
          "different_event", "unrelated")
# When a pair yields several rows, the one a reader would act on decides.
_PRIORITY = ("conflict", "agree", "different_place", "different_period", "different_event",
             "different_measure")
DEFAULT_DATA = Path(__file__).resolve().parent.parent / "tests" / "eval" / "pairs.jsonl"


def load_pairs(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def predict_pair(a: str, b: str, *, folder: Path, nlp: Language) -> str:
    """The predicted label for statements `a` and `b`, ingested as two articles of one
    story (a pair is labelled as two reports of one story: what is measured here is
    whether they state one quantity, not whether two sentences look like one story)."""
    (folder / "a.txt").write_text(a, encoding="utf-8")
    (folder / "b.txt").write_text(b, encoding="utf-8")
    store = Store(folder / "pair.db")
    ingest(store, [str(folder / "a.txt"), str(folder / "b.txt")], nlp=nlp, story="pair")
    verdicts = {row["verdict"] for row in store.comparison_rows()}
    return next((v for v in _PRIORITY if v in verdicts), "unrelated")


def predict_all(pairs: Iterable[dict], *, model: str | None = None) -> list[str]:
    nlp = load_pipeline(model)
    predictions = []
    for pair in pairs:
        with tempfile.TemporaryDirectory() as tmp:
            predictions.append(predict_pair(pair["a"], pair["b"], folder=Path(tmp), nlp=nlp))
    return predictions


def report(pairs: list[dict], predictions: list[str]) -> str:
    """Accuracy, conflict precision/recall, agree-called-conflict rate and the confusion matrix."""
    gold = [p["label"] for p in pairs]
    matrix = Counter(zip(gold, predictions))
    correct = sum(matrix[(label, label)] for label in LABELS)
    called = sum(1 for p in predictions if p == "conflict")
    true_conflicts = matrix[("conflict", "conflict")]
    gold_conflicts = gold.count("conflict")
    agrees = gold.count("agree")
    # "follows / does not follow": agree vs everything else.
    entail = sum(1 for g, p in zip(gold, predictions) if (g == "agree") == (p == "agree"))
    lines = [
        f"pairs: {len(pairs)}  accuracy: {correct / len(pairs):.1%}",
        f"conflict precision: {true_conflicts / called:.2f}" if called else "conflict precision: n/a (none called)",
        f"conflict recall: {true_conflicts / gold_conflicts:.2f}" if gold_conflicts else "conflict recall: n/a",
        f"agreeing pairs called conflict: {matrix[('agree', 'conflict')]} of {agrees}",
        f"agree vs not-agree accuracy: {entail / len(pairs):.1%}",
        "",
        "confusion (rows gold, columns predicted):",
        " " * 18 + "".join(f"{label[:9]:>10}" for label in LABELS),
    ]
    for g in LABELS:
        lines.append(f"{g:>18}" + "".join(f"{matrix[(g, p)]:>10}" for p in LABELS))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--model", default=None)
    parser.add_argument("--show-errors", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    pairs = load_pairs(args.data)
    predictions = predict_all(pairs, model=args.model)
    print(report(pairs, predictions))
    errors = [(p, pred) for p, pred in zip(pairs, predictions) if p["label"] != pred]
    for pair, pred in errors[: args.show_errors]:
        print(f"\n{pair['id']}: gold {pair['label']}, predicted {pred}\n  A: {pair['a']}\n  B: {pair['b']}")


if __name__ == "__main__":
    main()
