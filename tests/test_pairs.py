"""Hand-labelled statement pairs (tests/eval/pairs.jsonl), each ingested as two articles.

Asserted per case where the tool must never raise a false alarm: an agreeing pair
or an unrelated pair is never called a conflict. The full confusion matrix, with
the cases still missed, comes from `python -m claimtrack.evaluate_pairs`.
"""

from __future__ import annotations

import pytest

from claimtrack.evaluate_pairs import DEFAULT_DATA, load_pairs, predict_pair
from claimtrack.extract import load_pipeline

pytestmark = pytest.mark.model

PAIRS = [p for p in load_pairs(DEFAULT_DATA) if p["label"] in ("agree", "unrelated")]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_the_set_is_large_enough():
    assert len(load_pairs(DEFAULT_DATA)) >= 80 and len(PAIRS) >= 40


@pytest.mark.parametrize("pair", PAIRS, ids=[p["id"] for p in PAIRS])
def test_no_false_alarm(nlp, tmp_path, pair):
    verdict = predict_pair(pair["a"], pair["b"], folder=tmp_path, nlp=nlp)
    assert verdict != "conflict", f"{pair['label']} pair called a conflict: {pair['why']}"
    if pair["label"] == "unrelated":
        assert verdict == "unrelated"
