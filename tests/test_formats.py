"""Newsroom inputs: saved web pages, JSON lines, CSV, Markdown front matter, stdin, sign-off lines.

The samples in tests/samples/ were written for these tests. The key test builds
a web page, a JSONL file and a CSV file from the five seed articles and checks
that ingesting each gives the same claims as the plain-text seeds.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.model import Article
from claimtrack.sources import (
    Columns,
    Problem,
    iter_files,
    parse_text,
    read_article,
    read_articles,
    read_entry,
)
from conftest import SEEDS, export

SAMPLES = Path(__file__).resolve().parent / "samples"
PAGE = SAMPLES / "article.html"
JSONL = SAMPLES / "articles.jsonl"
CSV = SAMPLES / "newsroom.csv"
FRONT_MATTER = SAMPLES / "city-budget.md"

#: The newsroom.csv sample's own column names.
CSV_OPTIONS = ["--text-column", "body", "--title-column", "headline", "--date-column", "published",
               "--url-column", "link", "--outlet-column", "publication", "--author-column", "byline",
               "--id-column", "story_id"]
CSV_COLUMNS = Columns(text="body", title="headline", date="published", url="link",
                      outlet="publication", author="byline", id="story_id")


# --- helpers ------------------------------------------------------------------


def ingest(runner: CliRunner, db: Path, *args: Any, input: str | None = None) -> Result:
    """`claimtrack ingest --db DB ARGS...`, never with a traceback or uncaught exception."""
    result = runner.invoke(app, ["ingest", "--db", str(db), *map(str, args)], input=input)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), result.exception
    return result


def stderr_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def only(items: list[Article | Problem]) -> tuple[list[Article], list[Problem]]:
    """Split read_entry's output into articles and problems."""
    return ([i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Problem)])


def fields(article: Article | dict[str, Any]) -> dict[str, Any]:
    """The metadata of an article (or an exported article row)."""
    row = article.row() if isinstance(article, Article) else article
    return {key: row[key] for key in ("path", "title", "date", "outlet", "author", "url")}


def claim_keys(rows: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    """Claims as a multiset of (quote, low, high, unit): what must survive any input format."""
    return Counter((r["quote"], r["low"], r["high"], r["unit"]) for r in rows)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def read_text_file(folder: Path, text: str) -> Article:
    """The article read_entry makes of `text` saved as a .txt file."""
    [article] = list(read_entry(str(write(folder / "a.txt", text))))
    assert isinstance(article, Article)
    return article


# --- saved web pages ----------------------------------------------------------


def test_html_page_main_text_and_metadata() -> None:
    """The page's text is its article body; title, date, site, author and URL from its metadata."""
    [article] = list(read_entry(str(PAGE)))
    assert isinstance(article, Article)
    assert fields(article) == {
        "path": str(PAGE),
        "title": "County bus ridership climbs past pre-pandemic levels",
        "date": "2023-03-14",
        "outlet": "The Riverside Ledger",
        "author": "Maria Alvarez",
        "url": "https://www.riversideledger.example/news/2023/03/14/bus-ridership-climbs",
    }
    paragraphs = article.text.split("\n\n")
    assert "Riverside County buses carried more than 4.2 million riders last year" in article.text
    assert any(p.startswith("Ridership rose about 18 percent from 2021") for p in paragraphs)
    assert all(p.strip() == p and p for p in paragraphs)  # one paragraph each, blank lines between
    # Navigation, related links and footer are boilerplate, not the article.
    for boilerplate in ("Subscribe for $1 a week", "Most read", "Privacy policy", "20 percent off"):
        assert boilerplate not in article.text


def test_html_page_through_the_cli(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "ct.db"
    result = ingest(runner, db, PAGE)
    assert result.exit_code == 0, result.stderr
    assert stderr_lines(result) == []
    [row] = export(runner, db, "articles")
    assert row["outlet"] == "The Riverside Ledger" and row["author"] == "Maria Alvarez"
    claims = export(runner, db, "claims")
    quotes = {c["quote"] for c in claims}
    assert any("4.2 million" in q for q in quotes), quotes
    for claim in claims:
        assert row["text"][claim["start"]:claim["end"]] == claim["quote"]


def test_page_without_article_text_is_one_problem(tmp_path: Path) -> None:
    page = write(tmp_path / "empty.html", "<html><head><title>Nothing</title></head><body></body></html>")
    assert list(read_entry(str(page))) == [Problem(str(page), "no article text found in the page")]


def test_page_date_is_never_guessed_from_the_body_text(tmp_path: Path) -> None:
    """A year mentioned in the story is not its publication date."""
    body = "".join(f"<p>During Fiscal Year 2017, officials counted {n} cases in the county.</p>"
                   for n in (12, 30, 45))
    page = write(tmp_path / "undated.html", f"<html><body><article>{body}</article></body></html>")
    [article] = list(read_entry(str(page)))
    assert isinstance(article, Article) and article.date is None


# --- JSON lines ---------------------------------------------------------------


def test_jsonl_rows_fields_and_identity() -> None:
    """Identity: the url, else the id, else path#row; a bad row is one problem."""
    articles, problems = only(list(read_entry(str(JSONL))))
    assert problems == [Problem(str(JSONL), "row 3: invalid JSON (Expecting ',' delimiter)")]
    assert [fields(a) for a in articles] == [
        {"path": "https://www.harborgazette.example/2022/05/02/school-enrollment",
         "title": "District enrollment falls for a third year", "date": "2022-05-02",
         "outlet": "Harbor Gazette", "author": "Priya Raman",
         "url": "https://www.harborgazette.example/2022/05/02/school-enrollment"},
        {"path": "wire-20220503-0147", "title": "Ferry service adds weekend sailings",
         "date": "2022-05-03", "outlet": "Coastline Wire", "author": "Tom Becker", "url": None},
        # No outlet or author column: both come from the sign-off line.
        {"path": f"{JSONL}#4", "title": "Library extends hours", "date": "2022-05-04",
         "outlet": "Harbor Gazette", "author": "Nadia Flores", "url": None},
    ]
    first = json.loads(JSONL.read_text(encoding="utf-8").splitlines()[0])
    assert articles[0].text == first["text"]  # the text column exactly


def test_jsonl_malformed_row_through_the_cli(runner: CliRunner, tmp_path: Path) -> None:
    """Exit 0, the good rows stored, one stderr line naming the bad row."""
    db = tmp_path / "ct.db"
    result = ingest(runner, db, JSONL)
    assert result.exit_code == 0, result.stderr
    [line] = stderr_lines(result)
    assert str(JSONL) in line and "row 3: invalid JSON" in line
    assert "articles: 3 new, 0 unchanged, 0 changed, 1 failed" in result.stdout
    paths = sorted(row["path"] for row in export(runner, db, "articles"))
    assert paths == sorted(["https://www.harborgazette.example/2022/05/02/school-enrollment",
                            "wire-20220503-0147", f"{JSONL}#4"])
    again = ingest(runner, db, JSONL)
    assert "articles: 0 new, 3 unchanged, 0 changed, 1 failed" in again.stdout
    strict = ingest(runner, db, "--strict", JSONL)
    assert strict.exit_code == 1


def test_jsonl_every_kind_of_bad_row(tmp_path: Path) -> None:
    good = {"text": "Officials counted 40 cases.", "url": "https://x.example/a"}
    lines = [
        json.dumps(good),
        "",  # blank lines are no rows
        "[1, 2]",
        '{"title": "no text here"}',
        '{"text": "   "}',
        '{"text": 42}',
        "{not json",
        json.dumps(good),  # the same url again
        json.dumps({"text": "Another 7 cases.", "id": 17}),
    ]
    path = write(tmp_path / "rows.ndjson", "\n".join(lines) + "\n")
    articles, problems = only(list(read_entry(str(path))))
    assert [a.path for a in articles] == ["https://x.example/a", "17"]
    assert [p.message for p in problems] == [
        "row 2: not a JSON object (a list)",
        "row 3: no text ('text' is missing or empty)",
        "row 4: no text ('text' is missing or empty)",
        "row 5: 'text' is not a string",
        "row 6: invalid JSON (Expecting property name enclosed in double quotes)",
        "row 7: same url or id as row 1 (https://x.example/a); skipped",
    ]
    assert all(p.fatal and p.path == str(path) and "\n" not in p.message for p in problems)


def test_row_columns_win_over_the_sign_off(tmp_path: Path) -> None:
    text = "Crews fixed 40 leaks.\n\nJohn Binder is a reporter for Breitbart News."
    path = write(tmp_path / "a.jsonl", json.dumps({"text": text, "outlet": "Desk Wire"}) + "\n")
    [article] = list(read_entry(str(path)))
    assert isinstance(article, Article)
    assert (article.outlet, article.author) == ("Desk Wire", "John Binder")


def test_stdin_json_lines(runner: CliRunner, tmp_path: Path) -> None:
    """`-` reads JSON lines from stdin; rows are identified by url, id or -#row."""
    db = tmp_path / "ct.db"
    rows = [
        {"text": "The county hired 35 drivers.", "url": "https://x.example/drivers", "outlet": "X News"},
        {"text": "About 200 residents signed.", "id": "petition-1"},
        {"text": "Nearly 950,000 passengers rode the ferry.", "date": "2022-05-03"},
    ]
    stdin = "\n".join(json.dumps(r) for r in rows) + "\n{broken\n"
    result = ingest(runner, db, "-", input=stdin)
    assert result.exit_code == 0, result.stderr
    [line] = stderr_lines(result)
    assert line.startswith("Error: -: row 4: invalid JSON")
    exported = {row["path"]: row for row in export(runner, db, "articles")}
    assert sorted(exported) == ["-#3", "https://x.example/drivers", "petition-1"]
    assert exported["https://x.example/drivers"]["outlet"] == "X News"
    assert exported["-#3"]["date"] == "2022-05-03"
    assert {c["source"] for c in export(runner, db, "claims")} == set(exported)


def test_empty_stdin_is_one_problem(runner: CliRunner, tmp_path: Path) -> None:
    result = ingest(runner, tmp_path / "ct.db", "-", input="")
    assert result.exit_code == 1
    assert stderr_lines(result) == ["Error: -: nothing on standard input"]


# --- CSV ----------------------------------------------------------------------


def test_csv_with_custom_column_names(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "ct.db"
    result = ingest(runner, db, *CSV_OPTIONS, CSV)
    assert result.exit_code == 0, result.stderr
    assert stderr_lines(result) == []
    exported = {row["path"]: row for row in export(runner, db, "articles")}
    expected = [
        {"path": "https://courier.example/2021/04/12/water-mains",
         "title": "Water main repairs to cost city $2.1 million", "date": "2021-04-12",
         "outlet": "Millbrook Courier", "author": "Ana Ortiz",
         "url": "https://courier.example/2021/04/12/water-mains"},
        {"path": "ml-0413", "title": "Council delays vote on bike lanes", "date": "2021-04-13",
         "outlet": "Millbrook Courier", "author": "Sam Lee", "url": None},
        {"path": f"{CSV}#3", "title": "Food bank serves record number of families", "date": "2021-04-14",
         "outlet": "Millbrook Courier", "author": "Leah Kim", "url": None},  # from the sign-off
    ]
    assert {path: fields(row) for path, row in exported.items()} == {e["path"]: e for e in expected}
    with CSV.open(encoding="utf-8", newline="") as handle:
        first = next(csv.DictReader(handle))
    assert exported["https://courier.example/2021/04/12/water-mains"]["text"] == first["body"]


def test_csv_without_the_text_column_names_the_option(tmp_path: Path) -> None:
    [problem] = list(read_entry(str(CSV)))
    assert problem == Problem(str(CSV), "no 'text' column (columns: story_id, headline, published, "
                                        "publication, byline, link, body; see --text-column)")


def test_csv_bad_rows_are_reported_and_the_rest_kept(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "rows.csv", (
        "url,text\n"
        "https://x.example/1,Officials counted 40 cases.\n"
        "https://x.example/2,Too,many,fields\n"
        "\n"
        "https://x.example/3,\n"
        'https://x.example/4,"A quoted, multi-line\n\ntext with 12 cases."\n'
        "only-one-field\n"
    ))
    articles, problems = only(list(read_entry(str(path))))
    assert [a.path for a in articles] == ["https://x.example/1", "https://x.example/4"]
    assert articles[1].text == "A quoted, multi-line\n\ntext with 12 cases."
    assert [p.message for p in problems] == [
        "row 2: 4 fields, the header has 2",
        "row 3: no text ('text' is missing or empty)",
        "row 5: 1 fields, the header has 2",
    ]
    result = ingest(runner, tmp_path / "ct.db", path)
    assert result.exit_code == 0
    assert [line.split(": ", 2)[2] for line in stderr_lines(result)] == [p.message for p in problems]


def test_csv_field_longer_than_the_csv_module_default(tmp_path: Path) -> None:
    """The csv module's 128 KiB field limit is raised: long articles are kept."""
    text = "The county counted 40 cases. " * 6000  # about 170 KiB
    path = tmp_path / "long.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["id", "text"], ["long-1", text]])
    [article] = list(read_entry(str(path)))
    assert isinstance(article, Article) and article.text == text


def test_cp1252_csv_is_decoded_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("id,text\nx1,Caf\u00e9 owners said 12 shops closed.\n".encode("cp1252"))
    notice, article = list(read_entry(str(path)))
    assert notice == Problem(str(path), "not UTF-8: decoded as cp1252", fatal=False)
    assert isinstance(article, Article) and article.text == "Caf\u00e9 owners said 12 shops closed."


# --- Markdown front matter ----------------------------------------------------


def test_front_matter_fills_the_article() -> None:
    [article] = list(read_entry(str(FRONT_MATTER)))
    assert isinstance(article, Article)
    assert fields(article) == {
        "path": str(FRONT_MATTER),
        "title": "City budget adds 25 police officers, trims parks",
        "date": "2020-06-18",
        "outlet": "The Lakeside Tribune",
        "author": "Daniel Okoye",
        "url": "https://lakesidetribune.example/2020/06/18/city-budget",
    }
    raw = FRONT_MATTER.read_text(encoding="utf-8")
    body = raw.split("---\n", 2)[2]
    assert article.text == body  # the body after the front matter, exactly
    assert "tags:" not in article.text


@pytest.mark.parametrize(
    ("raw", "message", "title"),
    [
        ("---\ntitle: [unclosed\n---\nCrews fixed 40 leaks.\n",
         "front matter is not valid YAML (expected ',' or ']', but got '<stream end>' at line 3); "
         "the whole file is read as text", "Crews fixed 40 leaks."),
        ("---\n- a list\n---\nCrews fixed 40 leaks.\n",
         "front matter is not 'name: value' fields; the whole file is read as text", "Crews fixed 40 leaks."),
        # Never closed: the block's end is unknown, so the title is the line after "---".
        ("---\ntitle: never closed\nCrews fixed 40 leaks.\n",
         "front matter has no closing '---' line; the whole file is read as text", "title: never closed"),
    ],
)
def test_malformed_front_matter_keeps_the_whole_file(tmp_path: Path, raw: str, message: str, title: str) -> None:
    """The article is kept, whole, and titled from the text after the block, never "---"."""
    path = write(tmp_path / "a.md", raw)
    notice, article = list(read_entry(str(path)))
    assert notice == Problem(str(path), message, fatal=False)
    assert isinstance(article, Article) and article.text == raw and article.title == title


def test_front_matter_is_only_read_in_markdown(tmp_path: Path) -> None:
    raw = "---\ntitle: Not metadata\n---\nCrews fixed 40 leaks.\n"
    [article] = list(read_entry(str(write(tmp_path / "a.txt", raw))))
    assert isinstance(article, Article) and article.text == raw


def test_front_matter_through_the_cli(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "ct.db"
    result = ingest(runner, db, FRONT_MATTER)
    assert result.exit_code == 0 and stderr_lines(result) == []
    [row] = export(runner, db, "articles")
    assert fields(row)["author"] == "Daniel Okoye"
    claims = export(runner, db, "claims")
    assert any("$148 million" in c["quote"] or "148 million" in c["quote"] for c in claims)
    assert all(row["text"][c["start"]:c["end"]] == c["quote"] for c in claims)


# --- sign-off lines -----------------------------------------------------------


def test_sign_off_lines_of_the_seeds() -> None:
    articles = {Path(a.path).name[:3]: a for a in read_articles([str(SEEDS)]) if isinstance(a, Article)}
    assert (articles["001"].author, articles["001"].outlet) == ("John Binder", "Breitbart News")
    # "for the Breitbart Border team": the desk name goes with "team".
    assert (articles["003"].author, articles["003"].outlet) == ("Bob Price", "Breitbart")
    for key in ("000", "002", "004"):
        assert (articles[key].author, articles[key].outlet) == (None, None)


def test_sign_off_through_the_cli(seed_db: Path, runner: CliRunner) -> None:
    rows = {Path(r["path"]).name[:3]: r for r in export(runner, seed_db, "articles")}
    assert (rows["001"]["author"], rows["001"]["outlet"]) == ("John Binder", "Breitbart News")
    assert (rows["003"]["author"], rows["003"]["outlet"]) == ("Bob Price", "Breitbart")


@pytest.mark.parametrize(
    ("line", "author", "outlet"),
    [
        ("Jane Doe is a staff writer for the New York Times. Reach her at jd@example.com.",
         "Jane Doe", "New York Times"),
        ("Ana Ortiz writes for U.S. News & World Report.", "Ana Ortiz", "U.S. News & World Report"),
        # Not a newsroom role: no sign-off.
        ("Chad Wolf is the acting secretary for Homeland Security.", None, None),
    ],
)
def test_sign_off_forms(tmp_path: Path, line: str, author: str | None, outlet: str | None) -> None:
    article = read_text_file(tmp_path, f"Officials counted 40 cases.\n\n{line}\n")
    assert (article.author, article.outlet) == (author, outlet)


def test_sign_off_only_near_the_end(tmp_path: Path) -> None:
    text = "John Binder is a reporter for Breitbart News.\n\n" + "\n\n".join(
        f"Paragraph {n} with {n} cases." for n in range(1, 6))
    article = read_text_file(tmp_path, text)
    assert (article.author, article.outlet) == (None, None)


# --- paths --------------------------------------------------------------------


def test_folders_yield_the_new_formats(tmp_path: Path) -> None:
    for name in ["a.html", "b.HTM", "c.jsonl", "d.ndjson", "e.csv", "f.md", "g.txt", "h.json", "i.tsv"]:
        write(tmp_path / "in" / name, "x")
    found = [Path(p).name for p in iter_files([str(tmp_path / "in")])]
    assert found == ["a.html", "b.HTM", "c.jsonl", "d.ndjson", "e.csv", "f.md", "g.txt"]


def test_folder_without_articles_names_every_format(tmp_path: Path) -> None:
    folder = tmp_path / "others"
    write(folder / "a.pdf", "x")
    assert list(iter_files([str(folder)])) == [Problem(
        str(folder), "no .txt or .md articles in this folder (nor .html, .htm, .jsonl, .ndjson, .csv)")]


def test_dash_is_stdin_not_a_file(tmp_path: Path) -> None:
    assert list(iter_files(["-", str(tmp_path / "missing")])) == [
        "-", Problem(str(tmp_path / "missing"), "no such file or folder")]


def test_read_article_still_reads_one_article_files() -> None:
    article, notices = read_article(str(PAGE))
    assert article is not None and notices == [] and article.outlet == "The Riverside Ledger"
    article, problems = read_article(str(JSONL))
    assert article is None and problems == [
        Problem(str(JSONL), "one article per row: read it with read_entry")]


def test_read_articles_takes_columns() -> None:
    articles, problems = only(list(read_articles([str(CSV)], columns=CSV_COLUMNS)))
    assert problems == [] and len(articles) == 3


# --- the seeds in every format ------------------------------------------------


SEED_OUTLET = "Seed Desk"


def seed_url(index: int) -> str:
    return f"https://seed-desk.example/story/{index}"


def build_seed_inputs(folder: Path) -> dict[str, Path]:
    """A web page per seed, and one JSONL and one CSV file of all five, from the stored texts."""
    articles = [parse_text(str(p), p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    pages = folder / "pages"
    pages.mkdir(parents=True)
    rows = []
    for index, article in enumerate(articles):
        paragraphs = [line for line in re.split(r"\n+", article.text) if line.strip()]
        date_meta = (f'<meta property="article:published_time" content="{article.date}T09:00:00Z">'
                     if article.date else "")
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        (pages / f"seed-{index}.html").write_text(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(article.title)}</title>"
            f'<meta property="og:site_name" content="{SEED_OUTLET}">'
            f'<link rel="canonical" href="{seed_url(index)}">{date_meta}</head>\n'
            '<body><nav><a href="/">Home</a> <a href="/immigration/">Immigration</a></nav>\n'
            f"<article>\n{body}\n</article>\n<footer><p>Seed Desk. All rights reserved.</p></footer>"
            "</body></html>\n", encoding="utf-8")
        rows.append({"url": seed_url(index), "date": article.date or "", "outlet": SEED_OUTLET,
                     "text": article.text})
    jsonl = folder / "seeds.jsonl"
    jsonl.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    table = folder / "seeds.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["url", "date", "outlet", "text"])
        writer.writeheader()
        writer.writerows(rows)
    return {"html": pages, "jsonl": jsonl, "csv": table}


@pytest.fixture(scope="module")
def seed_formats(tmp_path_factory: pytest.TempPathFactory, runner: CliRunner) -> dict[str, Path]:
    """Each seed-derived input ingested into its own database: {format: db}."""
    folder = tmp_path_factory.mktemp("formats")
    dbs = {}
    for kind, source in build_seed_inputs(folder).items():
        db = folder / f"{kind}.db"
        result = ingest(runner, db, source)
        assert result.exit_code == 0, result.stderr
        assert stderr_lines(result) == [], result.stderr
        assert "articles: 5 new" in result.stdout
        dbs[kind] = db
    return dbs


@pytest.mark.parametrize("kind", ["html", "jsonl", "csv"])
def test_seeds_in_every_format_give_the_same_claims(kind: str, seed_formats: dict[str, Path],
                                                    seed_db: Path, runner: CliRunner) -> None:
    expected = export(runner, seed_db, "claims")
    got = export(runner, seed_formats[kind], "claims")
    assert expected, "the seeds have claims"
    assert claim_keys(got) == claim_keys(expected)
    full = Counter((c["quote"], c["value"], c["low"], c["high"], c["unit"], c["kind"]) for c in got)
    assert full == Counter((c["quote"], c["value"], c["low"], c["high"], c["unit"], c["kind"])
                           for c in expected)
    if kind != "html":
        # Row text is stored exactly, so even the offsets agree.
        def offsets(rows: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
            return Counter((c["quote"], c["start"], c["end"]) for c in rows)

        assert offsets(got) == offsets(expected)


@pytest.mark.parametrize("kind", ["html", "jsonl", "csv"])
def test_seeds_in_every_format_carry_their_metadata(kind: str, seed_formats: dict[str, Path],
                                                    seed_db: Path, runner: CliRunner) -> None:
    # Seed i (in file-name order) became seed_url(i).
    plain = sorted(export(runner, seed_db, "articles"), key=lambda row: row["path"])
    rows = export(runner, seed_formats[kind], "articles")
    assert len(rows) == 5
    for row in rows:
        index = int(row["url"].rsplit("/", 1)[1])
        assert row["url"] == seed_url(index) and row["outlet"] == SEED_OUTLET
        if kind != "html":
            assert row["path"] == seed_url(index)
        assert row["date"] == plain[index]["date"]  # 2019-09-09 and 2019-11-03, None for the others
        assert row["author"] == plain[index]["author"]  # from the sign-off lines (001, 003)
    assert sorted(r["author"] for r in rows if r["author"]) == ["Bob Price", "John Binder"]
