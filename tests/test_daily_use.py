"""A journalist's day (issue 22): narrowing conflicts, claims and groups, conflicts in
every machine format, short ids shown and taken back, and a help screen without
placeholders after flags.

Expectations are worked out here from the unfiltered rows and the articles' own metadata
(never from the code under test), and every filter must drop something and keep something.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
import typer
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.export import COMPARISON_FIELDS, group_summaries
from claimtrack.model import VERDICTS
from claimtrack.errors import AmbiguousId, BadFilter, UnknownId
from claimtrack.queries import Filters, shortest_prefix
from claimtrack.store import Store
from conftest import copy_db, export

BIN = Path(sys.executable).parent / "claimtrack"
CLAIMTRACK = [str(BIN)] if BIN.exists() else [sys.executable, "-m", "claimtrack"]
WIDE = {"COLUMNS": "250"}

# Four articles of one story: three with outlet, date and URL in their front matter, one
# plain text file with none. Every pair counts the same detainers, so there are six
# comparisons, and each filter below keeps some and drops others.
CORPUS = {
    "a.md": "---\ntitle: Sanctuary sheriffs\noutlet: The Daily Caller\ndate: 2019-10-01\n"
            "url: https://dailycaller.example/sheriffs\n---\n"
            "Local authorities in North Carolina ignored 489 detainers in fiscal year 2019, ICE said.\n",
    "b.md": "---\ntitle: ICE statement\noutlet: Breitbart News\ndate: 2019-11-03\n"
            "url: https://breitbart.example/ice-statement\n---\n"
            "Across North Carolina, local authorities refused to honor more than 500 detainers during"
            " fiscal year 2019, ICE officials wrote.\n",
    "c.md": "---\ntitle: Detainer dispute\noutlet: The News & Observer\ndate: 2019-09-09\n"
            "url: https://newsobserver.example/detainers\n---\n"
            "Sheriffs in North Carolina declined 489 detainers in fiscal year 2019, according to ICE figures.\n",
    "d.txt": "ICE said 489 detainers were ignored by sheriffs in North Carolina in fiscal year 2019.\n",
}


# --- helpers ------------------------------------------------------------------


def invoke(runner: CliRunner, *args: Any, env: dict[str, str] | None = None) -> Result:
    result = runner.invoke(app, [str(a) for a in args], env=env)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def ok(runner: CliRunner, *args: Any, env: dict[str, str] | None = None) -> str:
    result = invoke(runner, *args, env=env)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def rows_json(runner: CliRunner, *args: Any) -> list[dict]:
    return json.loads(ok(runner, *args))


def one_error_line(result: Result, code: int) -> str:
    """The single stderr line of a failed command (nothing on stdout)."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    return lines[0]


def expected_short(full: str, every: list[str], minimum: int = 6) -> str:
    """The shortest prefix of `full`, `minimum` or longer, that no other id starts with."""
    for n in range(minimum, len(full) + 1):
        if not any(other != full and other.startswith(full[:n]) for other in every):
            return full[:n]
    return full


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, runner: CliRunner) -> Path:
    folder = tmp_path_factory.mktemp("daily")
    for name, text in CORPUS.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder / "claimtrack.db"
    ok(runner, "ingest", "--db", db, "--story", "Detainers", folder)
    return db


def articles_by_path(runner: CliRunner, db: Path) -> dict[str, dict]:
    return {a["path"]: a for a in export(runner, db, "articles")}


def in_dates(article: dict, since: str | None, until: str | None) -> bool:
    day = article["date"]
    return bool(day) and (since is None or day >= since) and (until is None or day <= until)


# What each filter of `conflicts` means, said independently of the code: a test of one
# side (its article and its claim's quote and sentence); a comparison is kept when either
# side passes.
SIDE_TESTS: dict[str, tuple[list[str], Callable[[dict, str, str], bool]]] = {
    "source": (["--source", "c.md"], lambda art, quote, sentence: "c.md" in art["path"]),
    "outlet": (["--outlet", "daily CALLER"],
               lambda art, quote, sentence: "daily caller" in (art["outlet"] or "").lower()),
    "search-sentence": (["--search", "refused to honor"], lambda art, quote, sentence: "refused to honor" in sentence),
    "search-quote": (["--search", "more than 500"], lambda art, quote, sentence: "more than 500" in quote + sentence),
    "since": (["--since", "2019-10-15"], lambda art, quote, sentence: in_dates(art, "2019-10-15", None)),
    "until": (["--until", "2019-09-30"], lambda art, quote, sentence: in_dates(art, None, "2019-09-30")),
    "between": (["--since", "2019-09-15", "--until", "2019-10-15"],
                lambda art, quote, sentence: in_dates(art, "2019-09-15", "2019-10-15")),
}


def kept(rows: list[dict], articles: dict[str, dict], test: Callable[[dict, str, str], bool]) -> set[str]:
    return {r["id"] for r in rows
            if any(test(articles[r[f"source_{s}"]], r[f"quote_{s}"], r[f"sentence_{s}"]) for s in "ab")}


# --- 1. filters: through the CLI ----------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize("name", SIDE_TESTS)
def test_each_conflicts_filter_keeps_exactly_the_matching_comparisons(runner, corpus_db, name):
    option, test = SIDE_TESTS[name]
    everything = rows_json(runner, "conflicts", "--all", "--json", "--db", corpus_db)
    expected = kept(everything, articles_by_path(runner, corpus_db), test)
    assert expected and len(expected) < len(everything), "the corpus must let the filter drop and keep rows"
    got = rows_json(runner, "conflicts", "--all", "--json", *option, "--db", corpus_db)
    assert {r["id"] for r in got} == expected


@pytest.mark.model
def test_an_undated_article_never_passes_a_date_filter(runner, corpus_db):
    rows = rows_json(runner, "conflicts", "--all", "--json", "--since", "1900-01-01", "--db", corpus_db)
    articles = articles_by_path(runner, corpus_db)
    undated = [p for p, a in articles.items() if not a["date"]]
    assert undated
    everything = rows_json(runner, "conflicts", "--all", "--json", "--db", corpus_db)
    only_undated = {r["id"] for r in everything if not articles[r["source_a"]]["date"]
                    and not articles[r["source_b"]]["date"]}
    assert {r["id"] for r in rows} == {r["id"] for r in everything} - only_undated
    for row in rows:
        assert articles[row["source_a"]]["date"] or articles[row["source_b"]]["date"]


@pytest.mark.model
def test_filters_combine_with_and(runner, corpus_db):
    base = ("conflicts", "--all", "--json", "--db", corpus_db)
    ids = lambda *option: {r["id"] for r in rows_json(runner, *base, *option)}  # noqa: E731
    outlet, since, search = ["--outlet", "caller"], ["--since", "2019-10-15"], ["--search", "detainers"]
    both = ids(*outlet, *since)
    assert both == ids(*outlet) & ids(*since)
    assert both and both < ids(*outlet) and both < ids(*since)
    assert ids(*outlet, *since, *search) == both & ids(*search)


@pytest.mark.model
def test_verdict_picks_verdicts_and_plain_conflicts_stays_conflicts_only(runner, corpus_db):
    everything = rows_json(runner, "conflicts", "--all", "--json", "--db", corpus_db)
    present = sorted({r["verdict"] for r in everything})
    assert len(present) >= 2, present
    for verdict in present:
        got = rows_json(runner, "conflicts", "--all", "--json", "--verdict", verdict, "--db", corpus_db)
        assert {r["id"] for r in got} == {r["id"] for r in everything if r["verdict"] == verdict}
    two = rows_json(runner, "conflicts", "--json", "--verdict", present[0], "--verdict", present[1], "--db", corpus_db)
    assert {r["id"] for r in two} == {r["id"] for r in everything if r["verdict"] in present[:2]}
    plain = rows_json(runner, "conflicts", "--json", "--db", corpus_db)
    assert {r["id"] for r in plain} == {r["id"] for r in everything if r["verdict"] == "conflict"}


@pytest.mark.model
def test_limit_keeps_the_first_rows_in_every_output(runner, corpus_db):
    everything = rows_json(runner, "conflicts", "--all", "--json", "--db", corpus_db)
    assert len(everything) > 2
    assert rows_json(runner, "conflicts", "--all", "--json", "--limit", "2", "--db", corpus_db) == everything[:2]
    table = ok(runner, "conflicts", "--all", "--limit", "1", "--db", corpus_db, env=WIDE)
    every_id = [r["id"] for r in everything]
    shown = [full for full in every_id if re.search(rf"\b{expected_short(full, every_id)}\b", table)]
    assert shown == every_id[:1]
    claims = rows_json(runner, "claims", "--json", "--db", corpus_db)
    assert rows_json(runner, "claims", "--json", "--limit", "2", "--db", corpus_db) == claims[:2]


@pytest.mark.model
@pytest.mark.parametrize("option, test", [
    (["--outlet", "breitbart"], lambda art, claim: "breitbart" in (art["outlet"] or "").lower()),
    (["--since", "2019-10-01"], lambda art, claim: in_dates(art, "2019-10-01", None)),
    (["--until", "2019-09-30"], lambda art, claim: in_dates(art, None, "2019-09-30")),
    (["--source", "d.txt", "--search", "489"], lambda art, claim: "d.txt" in claim["source"]
     and "489" in claim["quote"] + claim["sentence"]),
], ids=["outlet", "since", "until", "source-and-search"])
def test_claims_filters(runner, corpus_db, option, test):
    articles = {a["id"]: a for a in export(runner, corpus_db, "articles")}
    everything = export(runner, corpus_db, "claims")
    expected = [c["id"] for c in everything if test(articles[c["article_id"]], c)]
    assert expected and len(expected) < len(everything)
    assert [c["id"] for c in rows_json(runner, "claims", "--json", *option, "--db", corpus_db)] == expected


@pytest.mark.model
def test_groups_keep_the_groups_holding_a_matching_claim_whole(runner, seed_db):
    articles = {a["id"]: a for a in export(runner, seed_db, "articles")}
    claims = {c["id"]: c for c in export(runner, seed_db, "claims")}
    everything = rows_json(runner, "groups", "--json", "--db", seed_db)
    matching = lambda g: any("breitbart" in (articles[claims[i]["article_id"]]["outlet"] or "").lower()  # noqa: E731
                             for i in g["claim_ids"])
    expected = [g for g in everything if matching(g)]
    assert expected and len(expected) < len(everything)
    assert rows_json(runner, "groups", "--json", "--outlet", "Breitbart", "--db", seed_db) == expected
    limited = rows_json(runner, "groups", "--json", "--outlet", "Breitbart", "--limit", "1", "--db", seed_db)
    assert limited == expected[:1]


@pytest.mark.model
@pytest.mark.parametrize("command", ["conflicts", "claims", "groups"])
@pytest.mark.parametrize("option, value", [("--since", "2019-13-01"), ("--until", "yesterday"),
                                           ("--since", "20191001"), ("--until", "2019-02-30")])
def test_a_bad_date_is_one_line_and_exit_2(runner, seed_db, command, option, value):
    line = one_error_line(invoke(runner, command, option, value, "--db", seed_db), 2)
    assert line == f"Error: {option} {value!r} is not a date: give YYYY-MM-DD, e.g. 2019-10-01"


def test_a_bad_date_is_refused_before_the_database_is_opened(runner, tmp_path):
    line = one_error_line(invoke(runner, "conflicts", "--since", "2019-1-5", "--db", tmp_path / "none.db"), 2)
    assert "is not a date" in line and not (tmp_path / "none.db").exists()


@pytest.mark.model
def test_an_unknown_verdict_names_the_verdicts(runner, seed_db):
    line = one_error_line(invoke(runner, "conflicts", "--all", "--verdict", "conflicts", "--db", seed_db), 2)
    assert "'conflicts' is not a verdict" in line and all(v in line for v in VERDICTS)


@pytest.mark.model
@pytest.mark.parametrize("args, message", [
    (["--since", "2019-11-01", "--until", "2019-10-01"], "--since 2019-11-01 is after --until 2019-10-01"),
    (["--limit", "0"], "--limit 0: give 1 or more"),
])
def test_filters_that_cannot_match_are_usage_errors(runner, seed_db, args, message):
    assert message in one_error_line(invoke(runner, "conflicts", *args, "--db", seed_db), 2)


# --- 1. filters: in the library -----------------------------------------------


@pytest.mark.parametrize("given", [
    {"since": "2019-13-01"}, {"until": "2019-1-1"}, {"since": "20191001"}, {"since": "2019-W40-2"},
    {"since": "２０１９-１０-０１"}, {"since": "2019-11-02", "until": "2019-11-01"},
    {"verdicts": ["conflict", "disagree"]}, {"limit": 0}, {"limit": -3},
])
def test_filters_refuse_values_that_cannot_be_applied(given):
    with pytest.raises(BadFilter):
        Filters(**given)


def test_filters_take_what_can_be_applied():
    chosen = Filters(since="2019-10-01", until="2019-10-01", verdicts=["agree", "conflict"], limit=1)
    assert chosen.verdicts == ("agree", "conflict") and chosen.narrows_claims
    assert not Filters(verdicts=list(VERDICTS), limit=5).narrows_claims


@pytest.mark.model
def test_the_store_narrows_claims_comparisons_and_groups(runner, corpus_db):
    store = Store(corpus_db, create=False)
    articles = {a.id: a for a in store.articles()}
    caller = Filters(outlet="caller")
    claims = store.claims(caller)
    assert claims and all("Caller" in articles[c.article_id].outlet for c in claims)
    assert {c.id for c in claims} == {c.id for c in store.claims() if "Caller" in (articles[c.article_id].outlet or "")}
    by_path = {a.path: a for a in articles.values()}
    rows = list(store.iter_comparison_rows(filters=Filters(since="2019-10-15", verdicts=["conflict"])))
    assert rows and all(r["verdict"] == "conflict" for r in rows)
    assert all(any((by_path[r[f"source_{s}"]].date or "") >= "2019-10-15" for s in "ab") for r in rows)
    assert len(list(store.iter_comparison_rows(filters=Filters(limit=1)))) == 1
    # The keyword arguments of before still work, and narrow a Filters further.
    assert store.claims(source="d.txt") == store.claims(Filters(source="d.txt"))
    assert store.claims(caller, search="no such words") == []
    groups = group_summaries(store, filters=caller)
    assert groups and all(set(g["claim_ids"]) & {c.id for c in claims} for g in groups)
    assert group_summaries(store, filters=Filters(search="no such words")) == []


# --- 2. conflicts in every machine format ------------------------------------


@pytest.mark.model
def test_conflicts_prints_csv_json_and_json_lines_with_both_sides_context(runner, corpus_db):
    as_json = rows_json(runner, "conflicts", "--all", "--json", "--db", corpus_db)
    as_nl = [json.loads(line) for line in ok(runner, "conflicts", "--all", "--nl", "--db", corpus_db).splitlines()]
    reader = csv.DictReader(io.StringIO(ok(runner, "conflicts", "--all", "--csv", "--db", corpus_db)))
    as_csv = list(reader)
    assert as_json and as_nl == as_json
    fields = (*COMPARISON_FIELDS, "cites", "review")
    assert tuple(reader.fieldnames or ()) == fields and all(tuple(r) == fields for r in as_json)
    assert [r["id"] for r in as_csv] == [r["id"] for r in as_json]
    # Machine formats keep full ids, the ones export writes.
    exported = {r["id"]: r for r in export(runner, corpus_db, "comparisons")}
    assert all(exported[r["id"]] == {k: r[k] for k in COMPARISON_FIELDS} for r in as_json)
    # Both sides carry their sentence, article date, outlet and URL, as the articles have them.
    articles = articles_by_path(runner, corpus_db)
    claims = {c["id"]: c for c in export(runner, corpus_db, "claims")}
    for row, text_row in zip(as_json, as_csv):
        for side in "ab":
            article, claim = articles[row[f"source_{side}"]], claims[row[side]]
            assert row[f"sentence_{side}"] == claim["sentence"]
            assert (row[f"date_{side}"], row[f"outlet_{side}"], row[f"url_{side}"]) == (
                article["date"], article["outlet"], article["url"])
            assert text_row[f"url_{side}"] == (article["url"] or "")
            assert text_row[f"sentence_{side}"] == claim["sentence"]
    assert any(r["url_a"] and r["outlet_b"] for r in as_json)


@pytest.mark.model
def test_conflicts_formats_take_the_filters(runner, corpus_db):
    args = ("conflicts", "--all", "--outlet", "observer", "--db", corpus_db)
    as_json = rows_json(runner, *args, "--json")
    as_csv = list(csv.DictReader(io.StringIO(ok(runner, *args, "--csv"))))
    as_nl = [json.loads(line) for line in ok(runner, *args, "--nl").splitlines()]
    assert as_json and [r["id"] for r in as_csv] == [r["id"] for r in as_json] == [r["id"] for r in as_nl]


@pytest.mark.model
def test_conflicts_takes_one_format(runner, seed_db):
    result = invoke(runner, "conflicts", "--csv", "--nl", "--db", seed_db)
    assert result.exit_code == 2 and "choose one of --csv, --json, --nl" in result.stderr


# --- 3. short ids -------------------------------------------------------------


@given(st.sets(st.text("01", min_size=12, max_size=12), min_size=1, max_size=40))
def test_shortest_prefix_is_unique_and_no_longer_than_needed(ids):
    every = sorted(ids)
    for n, full in enumerate(every):
        short = shortest_prefix(full, every[n - 1] if n else None, every[n + 1] if n + 1 < len(every) else None)
        assert short == expected_short(full, every)


@pytest.mark.model
@pytest.mark.parametrize("kind, listing", [("comparison", "comparisons"), ("claim", "claims"),
                                           ("article", "articles"), ("story", "stories")])
def test_the_store_shortens_ids_and_takes_the_prefixes_back(runner, seed_db, kind, listing):
    every = [r["id"] for r in export(runner, seed_db, listing)]
    store = Store(seed_db, create=False)
    short = store.short_ids(kind, every)
    assert short == {full: expected_short(full, every) for full in every}
    for full, prefix in short.items():
        assert store.resolve_id(kind, prefix) == full == store.resolve_id(kind, full)
        four = expected_short(full, every, minimum=4)
        assert store.resolve_id(kind, four) == full
    with pytest.raises(UnknownId):
        store.resolve_id(kind, "zzzz")
    with pytest.raises(UnknownId, match="a prefix needs 4 characters or more"):
        store.resolve_id(kind, every[0][:3])


@pytest.mark.model
def test_tables_show_the_shortest_unique_prefix(runner, seed_db):
    conflicts = [r["id"] for r in export(runner, seed_db, "comparisons")]
    claims = [c["id"] for c in export(runner, seed_db, "claims")]
    stories = [s["id"] for s in export(runner, seed_db, "stories")]
    groups = sorted({r["group_id"] for r in export(runner, seed_db, "comparisons")})
    for args, every, shown in [
        (["conflicts", "--all"], conflicts, conflicts),
        (["claims"], claims, claims),
        (["stories"], stories, stories),
        (["groups"], groups, groups),
        (["trace", claims[0]], claims, [s["claim_id"] for s in rows_json(runner, "trace", claims[0], "--json",
                                                                         "--db", seed_db)]),
    ]:
        table = ok(runner, *args, "--db", seed_db, env=WIDE)
        for full in shown:
            assert re.search(rf"\b{expected_short(full, every)}\b", table), (args, full)
            assert full not in table, (args, full)


@pytest.mark.model
def test_commands_take_a_four_character_prefix(runner, seed_db, tmp_path):
    db = copy_db(seed_db, tmp_path / "ct.db")
    conflicts = rows_json(runner, "conflicts", "--json", "--db", db)
    comparisons = [r["id"] for r in export(runner, db, "comparisons")]
    target = conflicts[0]["id"]
    prefix = expected_short(target, comparisons, minimum=4)
    assert ok(runner, "review", prefix, "--confirm", "--db", db).strip() == \
        f"{expected_short(target, comparisons)}: confirmed"
    assert {r["id"]: r["review"] for r in rows_json(runner, "conflicts", "--json", "--db", db)}[target] == "confirmed"

    claims = [c["id"] for c in export(runner, db, "claims")]
    claim = conflicts[0]["a"]
    assert rows_json(runner, "trace", expected_short(claim, claims, minimum=4), "--json", "--db", db) == \
        rows_json(runner, "trace", claim, "--json", "--db", db)

    (story,) = rows_json(runner, "stories", "--json", "--db", db)
    assert rows_json(runner, "claims", "--json", "--story", story["id"][:4], "--db", db) == \
        rows_json(runner, "claims", "--json", "--story", story["id"], "--db", db)

    articles = [a["id"] for a in export(runner, db, "articles")]
    moved = articles[-1]
    out = ok(runner, "stories", "--move", expected_short(moved, articles, minimum=4), "--to", "Wake County", "--db", db)
    assert "moved 1 article" in out
    assert {a["id"]: a["story"] for a in export(runner, db, "articles")}[moved] != story["id"]


@pytest.mark.model
def test_an_ambiguous_unknown_or_too_short_prefix_is_one_line(runner, seed_db, tmp_path):
    db = copy_db(seed_db, tmp_path / "ct.db")
    first, second = (r["id"] for r in rows_json(runner, "conflicts", "--json", "--db", db)[:2])
    # Two comparison ids made to share their first nine characters, as a large database has.
    twins = ["abcdef0120" + first[10:], "abcdef0121" + second[10:]]
    with sqlite3.connect(db) as conn:
        for old, new in zip((first, second), twins):
            conn.execute("UPDATE comparisons SET id = ? WHERE id = ?", [new, old])
    conn.close()
    with pytest.raises(AmbiguousId):
        Store(db, create=False).resolve_id("comparison", "abcdef012")
    line = one_error_line(invoke(runner, "review", "abcd", "--confirm", "--db", db), 2)
    assert line == f"Error: 'abcd' starts 2 comparison ids ({', '.join(sorted(twins))}); give more characters"
    line = one_error_line(invoke(runner, "review", "abc", "--confirm", "--db", db), 1)
    assert line == ("Error: no comparison with id 'abc' (a prefix needs 4 characters or more;"
                    " see claimtrack conflicts --all)")
    line = one_error_line(invoke(runner, "review", "zzzz", "--confirm", "--db", db), 1)
    assert line == "Error: no comparison with id 'zzzz' (see claimtrack conflicts --all)"
    assert "no claim with id 'ffffffffff'" in one_error_line(invoke(runner, "trace", "ffffffffff", "--db", db), 1)
    # The table tells the twins apart, and what it shows is taken back.
    every = [r["id"] for r in export(runner, db, "comparisons")]
    table = ok(runner, "conflicts", "--db", db, env=WIDE)
    for full in twins:
        short = expected_short(full, every)
        assert len(short) == 10 and re.search(rf"\b{short}\b", table)
        assert ok(runner, "review", short, "--dismiss", "--db", db).strip() == f"{short}: dismissed"
    assert not {r["id"] for r in rows_json(runner, "conflicts", "--json", "--db", db)} & set(twins)


# --- 4. help without placeholders after flags --------------------------------


def _command_names() -> list[str]:
    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_conflicts_help_shows_flags_without_a_placeholder():
    done = subprocess.run([*CLAIMTRACK, "conflicts", "--help"], capture_output=True, text=True, timeout=120,
                          env={"COLUMNS": "120", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    assert done.returncode == 0, done.stderr
    assert "<bool>" not in done.stdout and "BOOLEAN" not in done.stdout
    assert re.search(r"--all\s+Show every verdict", done.stdout), done.stdout
    assert re.search(r"--help\s+-h\s+Show this message", done.stdout), done.stdout
    # Options that take a value still name it.
    assert re.search(r"--since\s+DATE", done.stdout) and re.search(r"--verdict\s+NAME", done.stdout)


@pytest.mark.parametrize("command", _command_names())
def test_no_help_shows_a_bool_placeholder(runner, command):
    help_text = ok(runner, command, "--help", env={"COLUMNS": "200"})
    assert "<bool>" not in help_text and "BOOLEAN" not in help_text
