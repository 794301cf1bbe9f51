"""Claims and comparisons scored on labelled clusters of real news (`claimtrack evaluate clusters`).

A data folder holds one sub-folder per cluster (several outlets' articles on one
event, NN.txt, an optional first line ` date YYYY-MM-DD `) and labels.json:
  {"clusters": {"<cluster>": {"claims": [...], "relations": [...], "not_claims": [...]}}}

A labelled claim {"id", "doc", "quote", "inside", "outside", "unit"} is found when a
claim covering its quote most (by overlap) has a range holding every `inside` number
and none of the `outside` ones; its unit is right when one such claim names the unit.
A relation {"a", "b", "verdicts"} lists the verdicts allowed for the pair: exactly
["conflict"] is a real disagreement that must be flagged (conflict recall); a list
without "conflict" must never be flagged (a false alarm). A conflict on a pair the
labels do not cover is "unlabelled" (a person should look at it). A not-claim
{"doc", "quote"} is hit when a claim covers its number.

Each cluster is ingested alone into a temporary database; with `together`, every
article of every cluster goes into one database under a name that says nothing of
its cluster, as a newsroom's mixed pile of copy, and any comparison between claims
of two clusters (two events) is a cross-story pair, always wrong.

These rules and figures are those of the project's shared scorer
(../shared/eval/score_clusters.py, which drives the command line), so the two agree;
here the articles go through the library, with one pipeline loaded for all clusters.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BadEvaluationData
from ..export import rows
from ..formats import parse_text
from ..ingest import ingest, list_inputs
from ..store import Store
from .sets import read_json, required

if TYPE_CHECKING:
    from spacy.language import Language

#: The counts of one cluster's score, in the order they are summed.
COUNTS = ("claims", "found", "units", "relations", "rel_ok", "conflicts", "caught", "false_alarms",
          "unlabelled", "not_claims", "not_claims_hit", "agrees", "agree_caught")
#: Unlabelled conflicts described per cluster, and twice as many cross-story pairs in all.
SHOW = 15

# The shared scorer's unit rule, kept as it is so the "units" figure means the same in
# both (scoring.py's finer aliases serve the extraction benchmark).
_UNIT_ALIASES = {
    "people": "person", "persons": "person", "men": "man", "women": "woman", "children": "child",
    "meter": "metre", "meters": "metre", "metres": "metre", "m": "metre",
    "kilometer": "kilometre", "kilometers": "kilometre", "kilometres": "kilometre", "km": "kilometre",
    "feet": "foot", "ft": "foot", "miles": "mile", "mi": "mile", "yr": "year", "years": "year",
    "%": "percent", "per cent": "percent", "percentage": "percent", "pct": "percent",
    "$": "dollar", "usd": "dollar", "us$": "dollar", "dollars": "dollar",
    "€": "euro", "eur": "euro", "euros": "euro", "£": "pound", "gbp": "pound", "pounds": "pound",
}
# What each labelled item must hold (not_claims may be left out).
_LABEL_FIELDS = {"claims": ("id", "doc", "quote", "inside", "outside", "unit"), "relations": ("a", "b", "verdicts"),
                 "not_claims": ("doc", "quote")}
# The number in a not-claim's quote: it is hit when a claim covers that, not a word beside it.
_NUMBER = re.compile(r"\d[\d,.:]*|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|"
                     r"hundreds?|thousands?|millions?|billions?|half|quarter|third)\b", re.I)


@dataclass
class ClusterScore:
    """One cluster's counts (COUNTS), what went wrong in words, and why it could not be
    ingested (`error`; then it counts as finding nothing)."""

    name: str
    counts: dict[str, int]
    notes: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class ClustersResult:
    """Every cluster scored, in name order; with `together`, the cross-story pairs as
    (verdict, claim row, claim row), each claim row carrying its `cluster` and `doc`."""

    clusters: list[ClusterScore]
    together: bool = False
    cross_story: list[tuple[str, dict[str, Any], dict[str, Any]]] = field(default_factory=list)

    @property
    def total(self) -> dict[str, int]:
        return {key: sum(c.counts[key] for c in self.clusters) for key in COUNTS}

    def cross_story_counts(self) -> dict[str, int]:
        verdicts = [verdict for verdict, _, _ in self.cross_story]
        return {"conflict": verdicts.count("conflict"), "agree": verdicts.count("agree"),
                "other": sum(v not in ("conflict", "agree") for v in verdicts)}

    def as_dict(self) -> dict[str, Any]:
        """The counts as plain data (for --json)."""
        out: dict[str, Any] = {"together": self.together, "total": self.total,
                               "clusters": {c.name: {**c.counts, "error": c.error} for c in self.clusters}}
        if self.together:
            out["cross_story"] = self.cross_story_counts()
        return out


def load_labels(data: str | Path, *, only: str = "") -> dict[str, dict[str, Any]]:
    """The labels of each cluster in `data`/labels.json whose name contains `only`, by name."""
    data = Path(data)
    if not data.is_dir():
        raise BadEvaluationData(f"no folder of labelled clusters at {data}" if not data.exists()
                                else f"{data} is a file: give the folder holding labels.json")
    path = data / "labels.json"
    labels = read_json(path)
    clusters = labels.get("clusters") if isinstance(labels, dict) else None
    if not isinstance(clusters, dict) or not all(isinstance(c, dict) for c in clusters.values()):
        raise BadEvaluationData(f'{path}: expected {{"clusters": {{NAME: {{"claims": [...], "relations": [...], '
                                '"not_claims": [...]}}}')
    for cluster, gold in clusters.items():
        for key, names in _LABEL_FIELDS.items():
            items = gold.get(key, []) if key == "not_claims" else required(gold, key, f"{path}: cluster {cluster}")
            if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                raise BadEvaluationData(f"{path}: cluster {cluster}: {key} must be a list of JSON objects")
            for number, item in enumerate(items, 1):
                for name in names:
                    required(item, name, f"{path}: cluster {cluster}, {key} item {number}")
    chosen = {name: clusters[name] for name in sorted(clusters) if only in name}
    if not chosen:
        raise BadEvaluationData(f"no cluster in {path}" + (f" has {only!r} in its name" if only else ""))
    return chosen


def evaluate_clusters(data: str | Path, *, together: bool = False, only: str = "", model: str | None = None,
                      nlp: Language | None = None) -> ClustersResult:
    """Ingest the clusters of `data` (those whose name contains `only`), each alone or all
    `together`, into temporary databases and score them against data/labels.json.

    The pipeline is `nlp`, else loaded from `model` (else the default). Raises
    BadEvaluationData when the labels cannot be read, ModelNotFound when the pipeline is
    not installed; a cluster that cannot be ingested is scored as finding nothing, with
    its `error`.
    """
    data = Path(data)
    labels = load_labels(data, only=only)
    if nlp is None:
        from ..extract.pipeline import load_pipeline

        nlp = load_pipeline(model)
    with tempfile.TemporaryDirectory() as tmp:
        return (_together if together else _each_alone)(data, labels, Path(tmp), nlp)


def _each_alone(data: Path, labels: dict[str, dict[str, Any]], tmp: Path, nlp: Language) -> ClustersResult:
    """Each cluster ingested into a database of its own, then scored."""
    scores = []
    for name, gold in labels.items():
        try:
            origins = _copy_articles(data / name, tmp / name, name, lambda doc: doc)
            claims, comparisons, texts = _ingest(tmp / name, tmp / f"{name}.db", nlp, origins)
        except BadEvaluationData as error:
            scores.append(score_cluster(name, data / name, gold, [], [], {}, error=str(error)))
            continue
        scores.append(score_cluster(name, data / name, gold, claims, comparisons, texts))
    return ClustersResult(scores)


def _flat_name(cluster: str, doc: str) -> str:
    """A file name that says nothing of the cluster (a hash of cluster and doc), the same on every run."""
    return hashlib.sha1(f"{cluster}/{doc}".encode()).hexdigest()[:12] + ".txt"


def _together(data: Path, labels: dict[str, dict[str, Any]], tmp: Path, nlp: Language) -> ClustersResult:
    """Every cluster's articles in one flat folder and one database, then scored cluster by cluster."""
    folder = tmp / "corpus"
    origins: dict[str, tuple[str, str]] = {}
    errors: dict[str, str] = {}
    for name in labels:
        try:
            origins.update(_copy_articles(data / name, folder, name, lambda doc, name=name: _flat_name(name, doc)))
        except BadEvaluationData as error:
            errors[name] = str(error)
    claims: list[dict[str, Any]] = []
    comparisons: list[dict[str, Any]] = []
    texts: dict[tuple[str, str], str] = {}
    if origins:
        try:
            claims, comparisons, texts = _ingest(folder, tmp / "all.db", nlp, origins)
        except BadEvaluationData as error:
            errors.update(dict.fromkeys(labels, str(error)))
    by_id = {row["id"]: row for row in claims}
    scores = []
    for name, gold in labels.items():
        mine = [row for row in claims if row["cluster"] == name]
        ids = {row["id"] for row in mine}
        scores.append(score_cluster(
            name, data / name, gold, mine, [c for c in comparisons if c["a"] in ids and c["b"] in ids],
            {doc: text for (cluster, doc), text in texts.items() if cluster == name}, error=errors.get(name)))
    cross, seen = [], set()
    for comparison in comparisons:
        a, b = by_id.get(comparison["a"]), by_id.get(comparison["b"])
        key = frozenset((comparison["a"], comparison["b"]))
        # Any verdict between two events is wrong: claims are compared only inside a story.
        if a and b and a["cluster"] != b["cluster"] and key not in seen:
            seen.add(key)
            cross.append((str(comparison.get("verdict")), a, b))
    return ClustersResult(scores, together=True, cross_story=cross)


def _copy_articles(source: Path, folder: Path, cluster: str,
                   rename: Callable[[str], str]) -> dict[str, tuple[str, str]]:
    """Copy the cluster's NN.txt files (only those: nothing else in its folder is ingested)
    into `folder`, each under rename(NN.txt); returns new name -> (cluster, NN.txt)."""
    articles = sorted(source.glob("*.txt"))
    if not articles:
        raise BadEvaluationData(f"no .txt articles in {source}")
    folder.mkdir(parents=True, exist_ok=True)
    origins = {}
    for path in articles:
        shutil.copyfile(path, folder / rename(path.name))
        origins[rename(path.name)] = (cluster, path.name)
    return origins


def _ingest(folder: Path, db: Path, nlp: Language, origins: dict[str, tuple[str, str]],
            ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[tuple[str, str], str]]:
    """Ingest `folder` into a new database at `db`, as `claimtrack ingest` does: the claim
    rows (with the `cluster` and `doc` they come from), the comparison rows, and each
    article's stored text by (cluster, doc)."""
    store = Store(db)
    report = ingest(store, list_inputs([str(folder)]), nlp=nlp)
    if report.ingested == 0:
        # The problems name the temporary copies: say what went wrong, not where.
        reasons = sorted({problem.message for problem in report.failed})
        raise BadEvaluationData(f"none of its articles could be read ({'; '.join(reasons)})")
    claims = [dict(row, cluster=origins[Path(row["source"]).name][0], doc=origins[Path(row["source"]).name][1])
              for row in rows(store, "claims")[1]]
    comparisons = list(rows(store, "comparisons")[1])
    texts = {origins[Path(article["path"]).name]: article["text"] for article in rows(store, "articles")[1]}
    return claims, comparisons, texts


def _contains(row: dict[str, Any], x: float) -> bool:
    """Whether the claim's range holds `x` (its value, when it has no bounds)."""
    low, high = row.get("low"), row.get("high")
    if low is None and high is None:
        value = row.get("value")
        return value is not None and abs(float(value) - x) < 1e-9
    if low is not None and (x < float(low) or (x == float(low) and not row.get("low_inclusive", True))):
        return False
    if high is not None and (x > float(high) or (x == float(high) and not row.get("high_inclusive", True))):
        return False
    return True


def _norm_unit(unit: str) -> str:
    unit = str(unit or "").strip().lower()
    if unit in _UNIT_ALIASES:
        return _UNIT_ALIASES[unit]
    return unit[:-1] if unit.endswith("s") and len(unit) > 3 and not unit.endswith("ss") else unit


def _unit_right(gold: str, row: dict[str, Any]) -> bool:
    """The gold unit is the claim's unit, or a word of its unit or unit text (so is the gold's last word)."""
    wanted = _norm_unit(gold)
    unit = str(row.get("unit") or "")
    words = {_norm_unit(w) for w in re.split(r"[\s\-]+", f"{unit} {row.get('unit_text') or ''}") if w}
    return wanted == _norm_unit(unit) or wanted in words or _norm_unit(wanted.split()[-1]) in words


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def score_cluster(name: str, folder: Path, gold: dict[str, Any], claims: list[dict[str, Any]],
                  comparisons: list[dict[str, Any]], texts: dict[str, str], *, error: str | None = None,
                  ) -> ClusterScore:
    """Score one cluster's claim rows (each with its `doc`) and comparison rows against its
    labels; `texts` are the stored texts by doc (a doc not stored is read from `folder`)."""
    counts = dict.fromkeys(COUNTS, 0)
    counts["claims"], counts["relations"] = len(gold["claims"]), len(gold["relations"])
    notes: list[str] = []
    by_id = {row["id"]: row for row in claims}

    def located(doc: str, quote: str) -> tuple[int, int] | None:
        text = texts.get(doc)
        if text is None:
            path = folder / doc
            text = parse_text(str(path), path.read_text(encoding="utf-8")).text if path.is_file() else ""
        start = text.find(quote)
        return (start, start + len(quote)) if start >= 0 else None

    def covering(doc: str, span: tuple[int, int]) -> list[dict[str, Any]]:
        """The doc's claims overlapping `span` most."""
        overlaps = [(row, _overlap((int(row["start"]), int(row["end"])), span)) for row in claims if row["doc"] == doc]
        best = max((o for _, o in overlaps if o > 0), default=0)
        return [row for row, o in overlaps if o > 0 and o == best]

    matched: dict[str, set[str]] = {}
    for claim in gold["claims"]:
        span = located(claim["doc"], claim["quote"])
        if span is None:
            notes.append(f"quote not in stored text {claim['id']}: {claim['doc']} {claim['quote']!r}")
            continue
        candidates = covering(claim["doc"], span)
        right = [row for row in candidates if all(_contains(row, x) for x in claim["inside"])
                 and not any(_contains(row, x) for x in claim["outside"])]
        if not candidates:
            notes.append(f"missed claim {claim['id']}: {claim['doc']} {claim['quote']!r}")
        elif not right:
            notes.append(f"wrong range {claim['id']}: {claim['quote']!r} got "
                         f"[{candidates[0].get('low')}, {candidates[0].get('high')}]")
        else:
            counts["found"] += 1
            if any(_unit_right(claim["unit"], row) for row in right):
                counts["units"] += 1
            else:
                notes.append(f"wrong unit {claim['id']}: want {claim['unit']!r} got {right[0].get('unit')!r}")
            matched[claim["id"]] = {row["id"] for row in right}

    for not_claim in gold.get("not_claims", []):
        counts["not_claims"] += 1
        span = located(not_claim["doc"], not_claim["quote"])
        number = _NUMBER.search(not_claim["quote"])
        if span and number:
            span = (span[0] + number.start(), span[0] + number.end())
        if span and covering(not_claim["doc"], span):
            counts["not_claims_hit"] += 1
            notes.append(f"not-claim extracted: {not_claim['doc']} {not_claim['quote']!r} ({not_claim.get('why', '')})")

    verdicts: dict[frozenset[str], set[str]] = {}
    for comparison in comparisons:
        key = frozenset((comparison["a"], comparison["b"]))
        verdicts.setdefault(key, set()).add(str(comparison.get("verdict", "")))

    covered: set[frozenset[str]] = set()
    for relation in gold["relations"]:
        a, b, want = relation["a"], relation["b"], relation["verdicts"]
        keys = {frozenset((x, y)) for x in matched.get(a, ()) for y in matched.get(b, ()) if x != y}
        covered |= keys
        got = set().union(*(verdicts.get(k, set()) for k in keys))
        real_conflict = want == ["conflict"]
        counts["conflicts"] += real_conflict
        if a not in matched or b not in matched:
            notes.append(f"relation {a} ~ {b}: a claim is missing")
            continue
        if "conflict" in want:
            satisfied = bool(got & set(want))
            counts["caught"] += real_conflict and "conflict" in got
            if not satisfied:
                notes.append(f"relation {a} ~ {b}: want {want} got {sorted(got) or 'nothing'}  "
                             f"({relation.get('why', '')})")
        else:
            satisfied = "conflict" not in got
            if want == ["agree"]:
                counts["agrees"] += 1
                counts["agree_caught"] += "agree" in got
            if not satisfied:
                counts["false_alarms"] += 1
                notes.append(f"false alarm {a} ~ {b}: labelled {want} ({relation.get('why', '')})")
        counts["rel_ok"] += satisfied

    for key, pair_verdicts in verdicts.items():
        if "conflict" in pair_verdicts and key not in covered:
            counts["unlabelled"] += 1
            if counts["unlabelled"] <= SHOW:
                first, second = (by_id.get(k, {}) for k in sorted(key))
                notes.append(f"unlabelled conflict: {first.get('doc')}:{first.get('quote')!r} vs "
                             f"{second.get('doc')}:{second.get('quote')!r}")
    return ClusterScore(name, counts, notes, error)


def clusters_text(result: ClustersResult, *, verbose: bool = False) -> str:
    """The result as `claimtrack evaluate clusters` prints it: a line per cluster (with
    `verbose`, every miss, false alarm and unlabelled conflict under it), then the totals."""
    lines = []
    for c in result.clusters:
        n = c.counts
        if c.error:
            lines.append(f"{c.name}: claimtrack failed: {c.error}")
        lines.append(f"{c.name}: claims {n['found']}/{n['claims']} (units {n['units']}), relations {n['rel_ok']}/"
                     f"{n['relations']}, conflicts {n['caught']}/{n['conflicts']}, false alarms {n['false_alarms']}, "
                     f"unlabelled {n['unlabelled']}, not-claims hit {n['not_claims_hit']}/{n['not_claims']}")
        if verbose:
            lines += [f"    {note}" for note in c.notes]
    if result.together and verbose:
        for verdict, a, b in result.cross_story[:SHOW * 2]:
            lines.append(f"    cross-story {verdict}: {a['cluster']}/{a['doc']}:{a.get('quote')!r} vs "
                         f"{b['cluster']}/{b['doc']}:{b.get('quote')!r}")
    t = result.total
    line = (f"clusters: claims {t['found']}/{t['claims']} (units {t['units']}), "
            f"relations {t['rel_ok']}/{t['relations']}, "
            f"conflict recall {t['caught']}/{t['conflicts']}, false alarms {t['false_alarms']}, "
            f"unlabelled conflicts {t['unlabelled']}, not-claims hit {t['not_claims_hit']}/{t['not_claims']}, "
            f"agreements found {t['agree_caught']}/{t['agrees']}")
    if result.together:
        cross = result.cross_story_counts()
        line += (f", cross-story pairs {len(result.cross_story)} ({cross['conflict']} conflicts, "
                 f"{cross['agree']} agreements, {cross['other']} other verdicts)")
    return "\n".join([*lines, line]) + "\n"
