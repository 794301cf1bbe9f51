"""Acceptance: everything in ../shared/gold/seeds.json holds, checked through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS, export

pytestmark = pytest.mark.model


def _find(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.find(needle, start + 1)
        assert start >= 0, f"{needle!r} (occurrence {occurrence}) not in the stored text"
    return start, start + len(needle)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _contains(claim: dict, x: float) -> bool:
    low, high = claim["low"], claim["high"]
    if low is not None and (x < low or (x == low and not claim["low_inclusive"])):
        return False
    if high is not None and (x > high or (x == high and not claim["high_inclusive"])):
        return False
    return True


@pytest.fixture(scope="module")
def stored(runner, seed_db):
    articles = {Path(a["path"]).name: a for a in export(runner, seed_db, "articles")}
    claims = export(runner, seed_db, "claims")
    comparisons = export(runner, seed_db, "comparisons")
    return articles, claims, comparisons


def _match_gold_claims(gold, articles, claims) -> tuple[dict[str, dict], list[str]]:
    """Each gold claim -> the tool's claim overlapping its quote most; and the problems found."""
    matched, problems = {}, []
    for item in gold["claims"]:
        text = articles[item["doc"]]["text"]
        span = _find(text, item["quote"], item.get("occurrence", 0))
        in_doc = [c for c in claims if Path(c["source"]).name == item["doc"]]
        best = max(in_doc, key=lambda c: _overlap(span, (c["start"], c["end"])), default=None)
        if best is None or _overlap(span, (best["start"], best["end"])) == 0:
            problems.append(f"{item['id']}: no claim found for {item['quote']!r}")
            continue
        matched[item["id"]] = best
        for x in item["inside"]:
            if not _contains(best, x):
                problems.append(f"{item['id']}: {best['quote']!r} range [{best['low']}, {best['high']}] misses {x}")
        for x in item["outside"]:
            if _contains(best, x):
                problems.append(f"{item['id']}: {best['quote']!r} range [{best['low']}, {best['high']}] holds {x}")
        if best["unit"] != item["unit"] and not (item["unit"] == "request" and best["unit"] == "detainer request"):
            problems.append(f"{item['id']}: unit {best['unit']!r}, gold {item['unit']!r}")
        if best["kind"] != item["kind"]:
            problems.append(f"{item['id']}: kind {best['kind']!r}, gold {item['kind']!r}")
    return matched, problems


def test_every_gold_claim_is_found_with_its_range_unit_and_kind(gold, stored):
    articles, claims, _ = stored
    _, problems = _match_gold_claims(gold, articles, claims)
    assert not problems, "\n".join(problems)


def test_no_claim_outside_the_gold(gold, stored):
    articles, claims, _ = stored
    matched, _ = _match_gold_claims(gold, articles, claims)
    matched_ids = {c["id"] for c in matched.values()}
    extra = [f"{Path(c['source']).name}: {c['quote']!r}" for c in claims if c["id"] not in matched_ids]
    assert not extra, "claims outside the gold:\n" + "\n".join(extra)


def test_no_not_claim_becomes_a_claim(gold, stored):
    articles, claims, _ = stored
    problems = []
    for item in gold["not_claims"]:
        text = articles[item["doc"]]["text"]
        if item["text"] not in text:
            continue  # the date marker: dropped from the stored text, so it cannot be a claim
        span = _find(text, item["text"], item.get("occurrence", 0))
        for c in claims:
            if Path(c["source"]).name == item["doc"] and _overlap(span, (c["start"], c["end"])):
                problems.append(f"{item['doc']}: {item['text']!r} ({item['why']}) is inside claim {c['quote']!r}")
    assert not problems, "\n".join(problems)


def test_relations_get_an_allowed_verdict_and_no_other_conflicts(gold, stored):
    articles, claims, comparisons = stored
    matched, _ = _match_gold_claims(gold, articles, claims)
    by_pair = {frozenset((r["a"], r["b"])): r for r in comparisons}
    problems, allowed_conflicts = [], set()
    for relation in gold["relations"]:
        a, b = matched.get(relation["a"]), matched.get(relation["b"])
        if a is None or b is None:
            problems.append(f"{relation['a']} ~ {relation['b']}: a claim is missing")
            continue
        row = by_pair.get(frozenset((a["id"], b["id"])))
        verdicts = relation["verdicts"]
        if "conflict" in verdicts:
            allowed_conflicts.add(frozenset((a["id"], b["id"])))
        if verdicts == ["not_conflict"]:
            if row is not None and row["verdict"] == "conflict":
                problems.append(f"{relation['a']} ~ {relation['b']}: conflict, must not be ({relation['why']})")
        elif row is None:
            problems.append(f"{relation['a']} ~ {relation['b']}: not compared, expected {verdicts}")
        elif row["verdict"] not in verdicts:
            problems.append(f"{relation['a']} ~ {relation['b']}: {row['verdict']}, expected {verdicts}: {row['reason']}")
    for row in comparisons:
        if row["verdict"] == "conflict" and frozenset((row["a"], row["b"])) not in allowed_conflicts:
            problems.append(f"conflict outside the gold: {row['quote_a']!r} ~ {row['quote_b']!r}: {row['reason']}")
    assert not problems, "\n".join(problems)


def test_quotes_are_exact_substrings_at_their_offsets(stored):
    articles, claims, _ = stored
    bad = [c["quote"] for c in claims
           if articles[Path(c["source"]).name]["text"][c["start"]:c["end"]] != c["quote"]]
    assert not bad, bad


def test_comparisons_never_pair_claims_of_one_article(stored):
    _, claims, comparisons = stored
    article_of = {c["id"]: c["article_id"] for c in claims}
    assert all(article_of[r["a"]] != article_of[r["b"]] for r in comparisons)


def test_stored_text_is_the_file_minus_the_date_marker(stored):
    articles, _, _ = stored
    for name, article in articles.items():
        raw = (SEEDS / name).read_text(encoding="utf-8")
        if article["date"]:
            assert raw.replace(f" date {article['date']} ", "", 1) == article["text"]
        else:
            assert raw == article["text"]
    assert articles["000_f9cb93843f7f8dc6.txt"]["date"] == "2019-09-09"
    assert articles["001_9fd92f6c153f2ddc.txt"]["text"].startswith("More than 500")
