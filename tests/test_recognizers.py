"""`claimtrack evaluate recognizers`: Microsoft Recognizers-Text's English specs (read from
../shared/eval/recognizers, MIT, never copied here) scored under claimtrack's conventions.

The figures pinned below are claimtrack's today: when extraction changes, run
`claimtrack evaluate recognizers ../shared/eval/recognizers` and update them. The
conventions themselves are tested on small spec files written here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrack.cli import app

SPECS = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "recognizers"

#: file -> (cases, right) today.
FIGURES = {
    "NumberModel.json": (235, 106),
    "NumberRangeModel.json": (87, 31),
    "PercentModel.json": (20, 16),
    "CurrencyModel.json": (180, 122),
    "DimensionModel.json": (100, 66),
    "TemperatureModel.json": (43, 35),
    "AgeModel.json": (19, 17),
}


@pytest.mark.model
def test_each_spec_file_is_scored(runner) -> None:
    if not SPECS.is_dir():
        pytest.fail(f"the specs are missing: expected {SPECS} (../shared beside the checkout)")
    result = runner.invoke(app, ["evaluate", "recognizers", str(SPECS), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert {name: (m["cases"], m["right"]) for name, m in figures["models"].items()} == FIGURES
    assert figures["failures"] == []
    text = runner.invoke(app, ["evaluate", "recognizers", str(SPECS)]).stdout.splitlines()
    assert text[1].split() == ["NumberModel.json", "235", "106", "45.1%"]
    assert text[-1].split()[0] == "all"


def _case(text: str, *results: tuple[str, str, dict]) -> dict:
    out = []
    for surface, type_name, resolution in results:
        start = text.index(surface)
        out.append({"Text": surface, "TypeName": type_name, "Resolution": resolution,
                    "Start": start, "End": start + len(surface) - 1})
    return {"Input": text, "Results": out}


@pytest.mark.model
def test_the_specs_conventions_are_mapped_to_claimtracks(runner, tmp_path: Path) -> None:
    (tmp_path / "NumberRangeModel.json").write_text(json.dumps([
        # the specs' [20, 30) for "between 20 and 30" is CONTRACT.md's [20, 30]
        _case("The number is between 20 and 30.", ("between 20 and 30", "numberrange", {"value": "[20,30)"})),
        # an interval open below starts at 0
        _case("His height is below 170.", ("below 170", "numberrange", {"value": "(,170)"})),
    ]), encoding="utf-8")
    (tmp_path / "CurrencyModel.json").write_text(json.dumps([
        # the specs leave qualifiers out of their text; an amount per share is the amount
        _case("sales of about $ 14 million , he said .", ("$ 14 million", "currency",
                                                           {"value": "14000000", "unit": "Dollar"})),
        _case("valued at $ 98 a share .", ("$ 98", "currency", {"value": "98", "unit": "Dollar"})),
        # a unit named with no number expects no claim
        _case("the dollar fell .", ("dollar", "currency", {"value": None, "unit": "Dollar"})),
        # wrong: an expected amount missed, and an amount no result names
        _case("It cost 100 kip.", ("100 kip", "currency", {"value": "100", "unit": "Lao kip"})),
        _case("It cost $ 5 .", ),
    ]), encoding="utf-8")
    (tmp_path / "AgeModel.json").write_text(json.dumps([
        # an age in months keeps its unit
        _case("The baby was ten months old.", ("ten months old", "age", {"value": "10", "unit": "Month"})),
    ]), encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "recognizers", str(tmp_path), "--json", "--show-errors", "5"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)["models"]
    assert {name: (m["cases"], m["right"]) for name, m in figures.items()} == {
        "NumberRangeModel.json": (2, 2), "CurrencyModel.json": (5, 3), "AgeModel.json": (1, 1)}
    shown = runner.invoke(app, ["evaluate", "recognizers", str(tmp_path), "--show-errors", "5"]).stdout
    assert "no claim for '100 kip'" in shown and "unexpected '$ 5'" in shown


def test_a_bad_specs_folder_is_one_line(runner, tmp_path: Path) -> None:
    def error(folder: Path) -> str:
        result = runner.invoke(app, ["evaluate", "recognizers", str(folder)])
        assert result.exit_code == 1 and result.stdout == "", result.output
        return result.stderr

    assert error(tmp_path / "none") == f"Error: no folder of Recognizers-Text specs at {tmp_path / 'none'}\n"
    assert error(tmp_path).startswith(f"Error: {tmp_path} holds none of the spec files")
    bad = [{"Input": "x", "Results": [{"Text": "x", "TypeName": "age", "Resolution": {"value": "ten"}, "Start": 0,
                                       "End": 0}]}]
    (tmp_path / "AgeModel.json").write_text(json.dumps(bad), encoding="utf-8")
    assert error(tmp_path).startswith(f"Error: {tmp_path / 'AgeModel.json'}: case 1: unreadable")
