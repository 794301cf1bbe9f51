"""Tests for claimtrack.evaluate.scoring and .extraction: the scorer on hand-built
gold/prediction lists, then `claimtrack evaluate extraction` on a few real sentences.

The tests marked `model` load spaCy.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from itertools import islice
from pathlib import Path

import pytest

from claimtrack.cli import app
from claimtrack.evaluate.extraction import evaluate_extraction, load_cases, locate, predict
from claimtrack.evaluate.scoring import (
    METRICS,
    VALUE,
    VALUE_QUALIFIER,
    VALUE_UNIT,
    match,
    normalise_unit,
    score,
    unit_agrees,
)

DATA = Path(__file__).resolve().parent / "eval" / "extraction.jsonl"
QUANTULUM = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "quantulum3" / "quantities.json"
BIN = Path(sys.executable).parent / "claimtrack"
CLAIMTRACK = [str(BIN)] if BIN.exists() else [sys.executable, "-m", "claimtrack"]

TEXT = "Sales fell 9% as the firm cut 340 jobs, driving at 70 mph."


def gold(surface: str, value: float | None, unit: str | None, qualifier: str = "exact",
         change: str | None = None, low: float | None = None, high: float | None = None,
         text: str = TEXT) -> dict:
    start = text.index(surface)
    return {"surface": surface, "start": start, "end": start + len(surface), "value": value,
            "low": low, "high": high, "unit": unit, "qualifier": qualifier, "change": change}


def pred(quote: str, value: float | None, unit: str | None, qualifier: str = "exact",
         change: str | None = None, low: float | None = None, high: float | None = None,
         text: str = TEXT) -> dict:
    start = text.index(quote)
    return {"quote": quote, "start": start, "end": start + len(quote), "value": value,
            "low": low if low is not None else value, "high": high if high is not None else value,
            "unit": unit, "qualifier": qualifier, "change": change}


GOLD = [
    gold("9%", 9, "percent", change="down"),
    gold("340 jobs", 340, "job", change="down"),
    gold("70 mph", 70, "mile per hour"),
]


def perfect() -> list[dict]:
    return [
        pred("9%", 9, "percent", change="down"),
        pred("340 jobs", 340, "job", change="down"),
        pred("70 mph", 70, "mile per hour"),
    ]


def prf(result: dict, metric: str) -> tuple[float, float, float]:
    s = result[metric]
    return round(s["precision"], 6), round(s["recall"], 6), round(s["f1"], 6)


def test_perfect_match_scores_100_on_every_metric() -> None:
    result = score([(GOLD, perfect())])
    for metric in METRICS:
        assert prf(result, metric) == (100.0, 100.0, 100.0)
        assert (result[metric]["tp"], result[metric]["pred"], result[metric]["gold"]) == (3, 3, 3)
    assert not any(result["errors"].values())


def test_a_false_positive_lowers_precision_only() -> None:
    preds = perfect() + [pred("firm", 1, "firm")]
    result = score([(GOLD, preds)])
    p, r, f = prf(result, VALUE)
    assert p == 75.0 and r == 100.0
    assert f == pytest.approx(2 * 75 * 100 / 175)
    assert [e["pred"]["quote"] for e in result["errors"]["false_positive"]] == ["firm"]
    assert result["errors"]["false_negative"] == []


def test_a_missed_quantity_lowers_recall_only() -> None:
    result = score([(GOLD, perfect()[:2])])
    p, r, _ = prf(result, VALUE)
    assert p == 100.0 and r == pytest.approx(200 / 3)
    assert [e["why"] for e in result["errors"]["false_negative"]] == ["missed"]


def test_a_wrong_value_costs_precision_and_recall() -> None:
    preds = perfect()
    preds[1] = pred("340 jobs", 34, "job", change="down")
    result = score([(GOLD, preds)])
    p, r, _ = prf(result, VALUE)
    assert p == pytest.approx(200 / 3) and r == pytest.approx(200 / 3)
    assert result["errors"]["false_negative"][0]["why"] == "wrong value"
    assert result["errors"]["false_positive"] == []  # it overlapped a gold item


def test_value_tolerance_is_relative_1e_3() -> None:
    g = [gold("340 jobs", 340, "job")]
    assert score([(g, [pred("340 jobs", 340.3, "job")])])[VALUE]["tp"] == 1
    assert score([(g, [pred("340 jobs", 341, "job")])])[VALUE]["tp"] == 0


def test_a_wrong_unit_lowers_value_unit_but_not_value() -> None:
    preds = perfect()
    preds[2] = pred("70 mph", 70, "kilometre per hour")
    result = score([(GOLD, preds)])
    assert prf(result, VALUE) == (100.0, 100.0, 100.0)
    p, r, _ = prf(result, VALUE_UNIT)
    assert p == pytest.approx(200 / 3) and r == pytest.approx(200 / 3)
    assert [e["gold"]["surface"] for e in result["errors"]["unit_mismatch"]] == ["70 mph"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("mph", "mile per hour"),
        ("miles per hour", "mile per hour"),
        ("km", "kilometre"),
        ("kilometers", "kilometre"),
        ("%", "percent"),
        ("per cent", "percent"),
        ("percentage", "percent"),
        ("$", "dollar"),
        ("USD", "dollar"),
        ("£", "pound sterling"),
        ("GBP", "pound sterling"),
        ("€", "euro"),
        ("°C", "degree Celsius"),
        ("degrees celsius", "degree Celsius"),
        ("meters", "metre"),
        ("people", "person"),
        ("pence", "penny"),
        ("p", "penny"),
        ("jobs", "job"),
        ("£ a year", "pound sterling per year"),
        ("km/h", "kilometre per hour"),
    ],
)
def test_unit_aliases(a: str, b: str) -> None:
    assert normalise_unit(a) == normalise_unit(b)
    assert unit_agrees(b, a)


def test_alias_table_counts_mph_as_mile_per_hour_in_scoring() -> None:
    result = score([([gold("70 mph", 70, "mile per hour")], [pred("70 mph", 70, "mph")])])
    assert result[VALUE_UNIT]["tp"] == 1


def test_counted_noun_leniency_is_last_word_only_and_not_for_measures() -> None:
    assert unit_agrees("detainer request", "request")
    assert unit_agrees("request", "detainer request")
    assert not unit_agrees("request", "detainer")
    assert not unit_agrees("square kilometre", "kilometre")
    assert not unit_agrees("pound sterling per year", "year")
    assert not unit_agrees("job", None)


def test_quantulum_dimensionless_matches_no_unit_only() -> None:
    assert unit_agrees("dimensionless", None)
    assert not unit_agrees("dimensionless", "car")


def test_qualifier_over_and_at_least_agree() -> None:
    g = [gold("340 jobs", 340, "job", qualifier="over")]
    result = score([(g, [pred("340 jobs", 340, "job", qualifier="at_least")])])
    assert result[VALUE_QUALIFIER]["tp"] == 1
    g = [gold("340 jobs", 340, "job", qualifier="under")]
    assert score([(g, [pred("340 jobs", 340, "job", qualifier="up_to")])])[VALUE_QUALIFIER]["tp"] == 1
    g = [gold("340 jobs", 340, "job", qualifier="about")]
    assert score([(g, [pred("340 jobs", 340, "job", qualifier="nearly")])])[VALUE_QUALIFIER]["tp"] == 1


def test_qualifier_about_and_exact_differ() -> None:
    g = [gold("340 jobs", 340, "job", qualifier="about")]
    result = score([(g, [pred("340 jobs", 340, "job", qualifier="exact")])])
    assert result[VALUE]["tp"] == 1
    assert result[VALUE_QUALIFIER]["tp"] == 0
    assert len(result["errors"]["qualifier_mismatch"]) == 1


def test_change_must_agree() -> None:
    down = [gold("9%", 9, "percent", change="down")]
    assert score([(down, [pred("9%", 9, "percent", change="up")])])[VALUE_QUALIFIER]["tp"] == 0
    assert score([(down, [pred("9%", 9, "percent")])])[VALUE_QUALIFIER]["tp"] == 0
    level = [gold("9%", 9, "percent")]
    assert score([(level, [pred("9%", 9, "percent", change="up")])])[VALUE_QUALIFIER]["tp"] == 0
    # the change does not touch value or value+unit
    result = score([(down, [pred("9%", 9, "percent", change="up")])])
    assert result[VALUE]["tp"] == result[VALUE_UNIT]["tp"] == 1


def test_range_accepts_value_or_low_and_only_matches_a_range() -> None:
    text = "It will close between 40 and 60 branches."
    g = [gold("between 40 and 60 branches", 40, "branch", qualifier="range", low=40, high=60, text=text)]
    as_low = pred("40 and 60 branches", None, "branch", qualifier="range", low=40, high=60, text=text)
    as_low["value"] = 50  # a predictor that states the midpoint but the right low end
    result = score([(g, [as_low])])
    assert result[VALUE]["tp"] == 1 and result[VALUE_QUALIFIER]["tp"] == 1
    exact = pred("40", 40, "branch", text=text)
    result = score([(g, [exact])])
    assert result[VALUE]["tp"] == 1 and result[VALUE_QUALIFIER]["tp"] == 0


def test_vague_gold_compares_low_and_high() -> None:
    text = "Dozens of flights were cancelled."
    g = [gold("Dozens of flights", None, "flight", qualifier="vague", low=24, high=100, text=text)]
    right = pred("Dozens of flights", None, "flight", qualifier="vague", low=24, high=100, text=text)
    wrong = pred("Dozens of flights", None, "flight", qualifier="vague", low=12, high=100, text=text)
    assert score([(g, [right])])[VALUE_QUALIFIER]["tp"] == 1
    assert score([(g, [wrong])])[VALUE]["tp"] == 0


def test_matching_is_one_to_one_and_prefers_the_larger_overlap() -> None:
    text = "Prices rose 4.2% to 318p."
    g = [gold("4.2%", 4.2, "percent", text=text), gold("318p", 318, "penny", text=text)]
    # one long claim over both gold items: it can take only one of them
    long = pred("4.2% to 318p", 318, "penny", text=text)
    result = score([(g, [long])])
    assert result[VALUE]["tp"] == 1 and result[VALUE]["pred"] == 1 and result[VALUE]["gold"] == 2
    assert match(g, [long]) == [(1, 0)]
    # without a value agreeing, the larger overlap wins
    g2 = [gold("318p", 2, "y", text=text), gold("4.2% to", 1, "x", text=text)]
    assert match(g2, [pred("4.2% to 318p", 7, "z", text=text)]) == [(1, 0)]


def test_sentences_are_scored_separately_and_micro_averaged() -> None:
    other = "Turnout was 61%."
    g2 = [gold("61%", 61, "percent", text=other)]
    result = score([(GOLD, perfect()), (g2, [])], ids=["a", "b"])
    assert result[VALUE]["tp"] == 3 and result[VALUE]["gold"] == 4
    assert prf(result, VALUE)[1] == 75.0
    assert result["errors"]["false_negative"][0]["id"] == "b"


def test_unlocatable_gold_counts_for_recall() -> None:
    g = [{"surface": "x", "start": None, "end": None, "value": 5, "unit": None}]
    result = score([(g, [pred("9%", 9, "percent")])], metrics=(VALUE, VALUE_UNIT))
    assert result[VALUE]["gold"] == 1 and result[VALUE]["tp"] == 0
    assert VALUE_QUALIFIER not in result


def test_empty_input_scores_zero_without_dividing_by_zero() -> None:
    result = score([])
    for metric in METRICS:
        assert prf(result, metric) == (0.0, 0.0, 0.0)


def test_locate_falls_back_to_the_digits() -> None:
    assert locate("It costs 10 000 dollars.", "10,000 dollars") == (9, 11)
    assert locate("two and two", "two", taken=[(0, 3)]) == (8, 11)
    assert locate("nothing here", "5 kg") is None


def test_load_cases_places_every_gold_surface() -> None:
    cases = load_cases(DATA)
    assert len(cases) > 200
    for case in cases:
        for g in case.gold:
            assert case.text[g["start"]:g["end"]] == g["surface"]


@pytest.mark.model
def test_real_pipeline_on_first_cases_gives_percentages() -> None:
    from claimtrack.extract import load_pipeline

    cases = list(islice(load_cases(DATA), 20))
    nlp = load_pipeline()
    failures: list[tuple[str, str]] = []
    preds = predict(nlp, cases, failures=failures)
    assert len(preds) == len(cases)
    result = score([(c.gold, p) for c, p in zip(cases, preds)], ids=[c.id for c in cases])
    for metric in METRICS:
        for key in ("precision", "recall", "f1"):
            assert 0.0 <= result[metric][key] <= 100.0
        assert result[metric]["gold"] == sum(len(c.gold) for c in cases)


# --- claimtrack evaluate extraction -------------------------------------------------
#
# On a sample of the project's set (every 24th sentence: 13 sentences over 12 beats) and
# the first 10 sentences of quantulum3's, with no time limit so that a loaded machine
# cannot change the figures. The figures are the extractor's today: when it gets better
# or worse on these sentences, read the new output and update them.


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "sample.jsonl"
    path.write_text("\n".join(lines[::24]) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def quantulum_sample(tmp_path: Path) -> Path:
    if not QUANTULUM.exists():
        pytest.fail(f"quantulum3's set is missing: expected {QUANTULUM} (../shared beside the checkout)")
    path = tmp_path / "quantities.json"
    path.write_text(json.dumps(json.loads(QUANTULUM.read_text(encoding="utf-8"))[:10]), encoding="utf-8")
    return path


@pytest.mark.model
def test_evaluate_extraction_prints_tables_by_beat_and_the_errors(runner, sample: Path) -> None:
    result = runner.invoke(app, ["evaluate", "extraction", str(sample), "--timeout", "0", "--show-errors", "3"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(f"Extraction evaluation: {sample}\n"
                          "13 sentences, 26 gold quantities, 25 predicted claims  (micro P/R/F1, percent)\n")
    # The overall row of each table: value, value+unit, value+qualifier.
    assert re.findall(r"^overall .*$", out, re.M) == [
        "overall              13     26     25     24   96.0   92.3   94.1",
        "overall              13     26     25     21   84.0   80.8   82.4",
        "overall              13     26     25     23   92.0   88.5   90.2",
    ]
    assert "\nhealth                1      3      2      1   50.0   33.3   40.0\n" in out  # value+unit, "41 children"
    assert ("errors: 1 false positives, 2 missed, 0 wrong values, 3 unit mismatches, "
            "1 qualifier/change mismatches") in out
    assert "  spt-001    missed      gold 'three' = 3 goal (exact up)\n" in out
    assert "  wx-014     pred '24 hours' = 24 hour (exact)\n" in out
    assert "quantulum3" not in out
    assert re.search(r"\(took \d+\.\d s\)\n\Z", out)


@pytest.mark.model
def test_evaluate_extraction_json_is_the_library_result(runner, sample: Path, quantulum_sample: Path) -> None:
    result = runner.invoke(app, ["evaluate", "extraction", str(sample), "--quantulum", str(quantulum_sample),
                                 "--timeout", "0", "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    library = evaluate_extraction(sample, quantulum=quantulum_sample, timeout=None).as_dict()
    del printed["seconds"], library["seconds"]
    assert printed == library
    overall = printed["sentences"]["beats"]["overall"]
    assert [overall[m]["tp"] for m in METRICS] == [24, 21, 23]
    assert printed["sentences"]["errors"] == {"false_positive": 1, "missed": 2, "wrong_value": 0,
                                              "unit_mismatch": 3, "qualifier_mismatch": 1}
    peer = printed["quantulum"]
    assert (peer["sentences"], peer["gold"], peer["pred"], peer["unplaced"]) == (10, 16, 12, 0)
    assert [peer["beats"]["quantulum3"][m]["tp"] for m in (VALUE, VALUE_UNIT)] == [10, 8]
    assert VALUE_QUALIFIER not in peer["beats"]["quantulum3"]


def _error_line(runner, *args: str) -> str:
    """The one stderr line of a failing `claimtrack evaluate ...` (exit 1, nothing on stdout)."""
    result = runner.invoke(app, ["evaluate", *args])
    assert result.exit_code == 1, result.output
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr.rstrip("\n")


def test_evaluate_extraction_names_a_missing_or_malformed_set(runner, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.jsonl"
    assert _error_line(runner, "extraction", str(missing)) == f"Error: no evaluation data at {missing}"
    assert _error_line(runner, "extraction", str(tmp_path)) == (
        f"Error: {tmp_path} is a folder: give the evaluation set's file")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "Sales fell 9%."}\n{"id": "b", "text": \n', encoding="utf-8")
    assert _error_line(runner, "extraction", str(bad)).startswith(f"Error: {bad}:2: not JSON (")
    bad.write_text('{"id": "a", "quantities": []}\n', encoding="utf-8")
    assert _error_line(runner, "extraction", str(bad)) == f"Error: {bad}:1: no 'text' field"
    bad.write_text("\n\n", encoding="utf-8")
    assert _error_line(runner, "extraction", str(bad)) == f"Error: {bad} holds no evaluation items"


def test_a_missing_peer_set_fails_before_the_pipeline_loads(sample: Path, tmp_path: Path) -> None:
    """Through the installed command: one line, exit 1, and spaCy never imported (the sets
    are read first, so a typo costs no pipeline load)."""
    missing = tmp_path / "quantities.json"
    script = ("import sys; sys.argv = ['claimtrack', *sys.argv[1:]]\n"
              "from claimtrack.cli import main\n"
              "try:\n    main()\nexcept SystemExit as exit:\n"
              "    assert 'spacy' not in sys.modules, 'spacy imported'\n    raise\n")
    done = subprocess.run([sys.executable, "-c", script, "evaluate", "extraction", str(sample), "--quantulum",
                           str(missing)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"Error: no evaluation data at {missing}\n"
    done = subprocess.run([*CLAIMTRACK, "evaluate", "extraction", str(tmp_path / "none.jsonl")],
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"Error: no evaluation data at {tmp_path / 'none.jsonl'}\n"
