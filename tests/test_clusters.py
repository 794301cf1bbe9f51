"""`claimtrack evaluate clusters` on two labelled events of real news from
../shared/eval/clusters-dev: the Bush administration's 2008 rule on Endangered Species
Act consultations and its reversal under Obama in 2009, two events alike enough that
ingested together they tempt comparisons across them.

The articles are copied under tmp_path for the run (never into the project: they
belong to their publishers). The figures are claimtrack's today, the same the shared
scorer (../shared/eval/score_clusters.py, which drives the command line) gives, and one
test checks that it still does: when extraction or comparison changes, run that test,
read the new lines and update the expected ones.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimtrack.cli import app
from claimtrack.evaluate.clusters import evaluate_clusters

SHARED_EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
CLUSTERS = SHARED_EVAL / "clusters-dev"
EVENTS = ("bush-esa-consultation-rule-2008", "obama-restores-esa-consultation-2009")

BUSH = ("bush-esa-consultation-rule-2008: claims 19/20 (units 17), relations 15/25, conflicts 2/7, false alarms 1,"
        " unlabelled 0, not-claims hit 1/6")
OBAMA = ("obama-restores-esa-consultation-2009: claims 16/19 (units 15), relations 8/14, conflicts 0/0,"
         " false alarms 0, unlabelled 0, not-claims hit 0/7")
TOTAL = ("clusters: claims 35/39 (units 32), relations 23/39, conflict recall 2/7, false alarms 1,"
         " unlabelled conflicts 0, not-claims hit 1/13, agreements found 7/10")
# A conflict, four agreements and two other verdicts join claims of the two events: a known
# fault (stories should keep them apart), counted here so that a fix shows.
CROSS = ", cross-story pairs 7 (1 conflicts, 4 agreements, 2 other verdicts)"


@pytest.fixture(scope="module")
def two_events(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CLUSTERS.is_dir():
        pytest.fail(f"the labelled clusters are missing: expected {CLUSTERS} (../shared beside the checkout)")
    folder = tmp_path_factory.mktemp("clusters")
    labels = json.loads((CLUSTERS / "labels.json").read_text(encoding="utf-8"))["clusters"]
    for name in EVENTS:
        shutil.copytree(CLUSTERS / name, folder / name)
    (folder / "labels.json").write_text(json.dumps({"clusters": {name: labels[name] for name in EVENTS}}),
                                        encoding="utf-8")
    return folder


def _headlines(output: str) -> list[str]:
    """The lines of figures, without -v's indented notes."""
    return [line for line in output.splitlines() if not line.startswith(" ")]


@pytest.mark.model
def test_each_event_alone(runner, two_events: Path) -> None:
    result = runner.invoke(app, ["evaluate", "clusters", str(two_events)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "\n".join([BUSH, OBAMA, TOTAL]) + "\n"


@pytest.mark.model
def test_together_counts_the_cross_story_pairs(runner, two_events: Path) -> None:
    result = runner.invoke(app, ["evaluate", "clusters", str(two_events), "--together", "-v"])
    assert result.exit_code == 0, result.output
    assert _headlines(result.stdout) == [BUSH, OBAMA, TOTAL + CROSS]
    notes = [line.strip() for line in result.stdout.splitlines() if line.startswith("    ")]
    cross = [n for n in notes if n.startswith("cross-story ")]
    assert len(cross) == 7 and sum(n.startswith("cross-story agree: ") for n in cross) == 4
    assert notes[-7:] == cross  # after every cluster's own notes
    assert any(n.startswith("false alarm ") for n in notes)  # the one false alarm, explained
    assert any(n.startswith("not-claim extracted: ") for n in notes)


@pytest.mark.model
def test_from_python_and_as_json(runner, two_events: Path) -> None:
    from claimtrack.extract import load_pipeline

    result = evaluate_clusters(two_events, together=True, nlp=load_pipeline())
    assert [c.name for c in result.clusters] == list(EVENTS)
    assert result.total == {"claims": 39, "found": 35, "units": 32, "relations": 39, "rel_ok": 23, "conflicts": 7,
                            "caught": 2, "false_alarms": 1, "unlabelled": 0, "not_claims": 13, "not_claims_hit": 1,
                            "agrees": 10, "agree_caught": 7}
    assert result.cross_story_counts() == {"conflict": 1, "agree": 4, "other": 2}
    assert all({a["cluster"], b["cluster"]} == set(EVENTS) for _, a, b in result.cross_story)
    printed = runner.invoke(app, ["evaluate", "clusters", str(two_events), "--json", "--only", "obama"])
    assert printed.exit_code == 0, printed.output
    figures = json.loads(printed.stdout)
    assert list(figures["clusters"]) == ["obama-restores-esa-consultation-2009"]
    assert figures["total"]["found"] == 16 and figures["total"]["claims"] == 19
    assert figures["clusters"]["obama-restores-esa-consultation-2009"]["error"] is None


@pytest.mark.model
def test_the_figures_are_the_shared_scorers(two_events: Path, tmp_path: Path) -> None:
    """The shared scorer runs the `claimtrack` beside this interpreter (from a folder with
    no .venv, so it cannot pick another) and prints the same lines, in both modes."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    scorer = SHARED_EVAL / "score_clusters.py"
    for mode, expected in (([], [BUSH, OBAMA, TOTAL]), (["--together"], [BUSH, OBAMA, TOTAL + CROSS])):
        done = subprocess.run([sys.executable, str(scorer), "--data", str(two_events), *mode], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.splitlines() == expected


def test_a_bad_data_folder_is_one_line(runner, tmp_path: Path) -> None:
    def error(*args: str) -> str:
        result = runner.invoke(app, ["evaluate", "clusters", *args])
        assert result.exit_code == 1 and result.stdout == "", result.output
        return result.stderr

    assert error(str(tmp_path / "none")) == f"Error: no folder of labelled clusters at {tmp_path / 'none'}\n"
    assert error(str(tmp_path)) == f"Error: no evaluation data at {tmp_path / 'labels.json'}\n"
    (tmp_path / "labels.json").write_text('{"clusters": ["a"]}', encoding="utf-8")
    assert error(str(tmp_path)) == (f"Error: {tmp_path / 'labels.json'}: expected "
                                    '{"clusters": {NAME: {"claims": [...], "relations": [...], "not_claims": [...]}}}\n')
    (tmp_path / "labels.json").write_text('{"clusters": {"fire": {"claims": [{"id": "f1", "doc": "01.txt"}], '
                                          '"relations": []}}}', encoding="utf-8")
    assert error(str(tmp_path)) == f"Error: {tmp_path / 'labels.json'}: cluster fire, claims item 1: no 'quote' field\n"
    (tmp_path / "labels.json").write_text('{"clusters": {"fire": {"claims": [], "relations": []}}}', encoding="utf-8")
    assert error(str(tmp_path), "--only", "flood") == (
        f"Error: no cluster in {tmp_path / 'labels.json'} has 'flood' in its name\n")


@pytest.mark.model
def test_a_labelled_cluster_without_articles_fails_alone(runner, two_events: Path, tmp_path: Path) -> None:
    """The others are still scored; the run exits 1 and says which one failed."""
    folder = tmp_path / "data"
    shutil.copytree(two_events / EVENTS[1], folder / EVENTS[1])
    labels = json.loads((two_events / "labels.json").read_text(encoding="utf-8"))["clusters"]
    only_one = {"a-ghost": labels[EVENTS[0]], EVENTS[1]: labels[EVENTS[1]]}
    (folder / "labels.json").write_text(json.dumps({"clusters": only_one}), encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "clusters", str(folder)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        f"a-ghost: claimtrack failed: no .txt articles in {folder / 'a-ghost'}",
        "a-ghost: claims 0/20 (units 0), relations 0/25, conflicts 0/7, false alarms 0, unlabelled 0,"
        " not-claims hit 0/6",
    ]
    assert result.stdout.splitlines()[2] == OBAMA
    assert result.stderr == "Error: 1 of 2 clusters could not be ingested: a-ghost\n"
