"""`claimtrack report` at scale (issue 22): story sections, a search box and charts that
always draw, checked as headless Chromium renders a report of 2,000 articles.

The articles come from bench/corpus.py (deterministic, no network) and go through the
real `claimtrack ingest`, once per test session; every child process has a timeout.
A group whose claims state many measures is built through the Store API instead (a
corpus would have to be searched for one): Plotly once refused to draw it as a grid of
subplots ("Vertical spacing cannot be greater than (1/(rows-1))").
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import lxml.html
import plotly.graph_objects as go
import pytest

from claimtrack.model import Article, Claim, Comparison, claim_id
from claimtrack.report import MAX_GROUPS, MAX_STORIES
from claimtrack.store import Store
from claimtrack.stories import Story
from test_report import by_class, chromium

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from corpus import make_corpus  # noqa: E402

pytestmark = pytest.mark.model  # the articles go through the real English pipeline

ARTICLES = 2000
INGEST_TIMEOUT = 900  # about 90 s on 2 idle cores
REPORT_TIMEOUT = 120  # about 10 s
BROWSER_TIMEOUT = 240  # about 20 s
#: plotly.js (4.8 MB) and 100 groups of the synthetic corpus made 9.7 MB.
MAX_PAGE_BYTES = 14_000_000
DATE_OR_UNDATED = re.compile(r"(\d{4}-\d\d-\d\d|undated)$")


def claimtrack(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "claimtrack", *args], capture_output=True, text=True,
                          timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


@pytest.fixture(scope="session")
def corpus_2000_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 synthetic articles ingested by `claimtrack ingest` (once per test session)."""
    folder = tmp_path_factory.mktemp("corpus2000")
    make_corpus(str(folder / "articles"), ARTICLES)
    db = folder / "claimtrack.db"
    claimtrack("ingest", str(folder / "articles"), "--db", str(db), timeout=INGEST_TIMEOUT)
    return db


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def inside(element: lxml.html.HtmlElement, name: str) -> list[lxml.html.HtmlElement]:
    """The elements of class `name` inside `element` (by_class searches the whole document)."""
    return element.xpath(f'.//*[contains(concat(" ", normalize-space(@class), " "), " {name} ")]')


def badge_count(element: lxml.html.HtmlElement) -> int:
    """The number on an element's first red badge (its open conflicts), 0 without one."""
    badges = inside(element, "alarm")
    return int(badges[0].text_content().split()[0].replace(",", "")) if badges else 0


def drawn(chart: lxml.html.HtmlElement) -> bool:
    return bool(chart.xpath('.//svg[contains(@class, "main-svg")]')
                and chart.xpath('.//g[contains(@class, "points")]/path'))


def test_report_of_2000_articles_in_chromium(corpus_2000_db: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    start = time.monotonic()
    proc = claimtrack("report", "--db", str(corpus_2000_db), "-o", str(page), timeout=REPORT_TIMEOUT)
    seconds = time.monotonic() - start
    groups, conflicts = map(int, re.fullmatch(rf"wrote {re.escape(str(page))}: (\d+) groups, (\d+) conflicts\n",
                                              proc.stdout).groups())
    assert groups > MAX_GROUPS and conflicts > 0
    size = page.stat().st_size
    assert size < MAX_PAGE_BYTES, f"{size:,} bytes in {seconds:.0f} s"

    conn = sqlite3.connect(corpus_2000_db)
    stories_in_db = conn.execute("SELECT COUNT(DISTINCT story) FROM articles").fetchone()[0]
    conn.close()

    # One Chromium run: the screenshot of the top of the page and the DOM after its scripts ran.
    shot = tmp_path / "report.png"
    proc = chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=1280,2400", "--dump-dom",
                    budget_ms=30_000, timeout=BROWSER_TIMEOUT)
    data = shot.read_bytes()
    # Text, tables, badges and a chart are far from a blank page's few kilobytes.
    assert png_size(data) == (1280, 2400) and len(data) > 150_000
    root = lxml.html.fromstring(proc.stdout)

    # Story first: a section per story, those with the most open conflicts first.
    stories = root.xpath('//section[contains(concat(" ", @class, " "), " story ")]')
    assert len(stories) == min(stories_in_db, MAX_STORIES) > 1
    counts = [badge_count(s.xpath("./header")[0]) for s in stories]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0
    for story in stories:
        assert story.get("id").startswith("story-") and story.xpath("./header/h2")
    assert root.xpath('//input[@type="search" and @id="search"]'), "no search box"
    index = root.xpath("//tr[@data-story]")
    assert [r.get("data-story") for r in index] == [s.get("id") for s in stories]

    # Groups, and their charts, each drawn: those of a story with conflicts as the page
    # loads (Plotly's call is in the page), the others from their JSON once it has loaded.
    static = lxml.html.fromstring(page.read_bytes())
    group_sections = by_class(root, "group")
    assert len(group_sections) == MAX_GROUPS
    for story in stories:
        for group in inside(story, "group"):
            (chart,) = group.xpath('.//div[contains(@class, "plotly-graph-div")]')
            assert drawn(chart), f"chart of {group.get('id')} not drawn"
            at_load = "has-conflicts" in story.get("class")
            assert (figure_at_load(static, chart.get("id")) is not None) == at_load
            assert ("lazy-chart" in chart.get("class")) == (not at_load)
    # Marks are labelled by outlet (else headline) and date on the axis, never by bare file name.
    first = inside(stories[0], "group")[0]
    ticks = [t.text_content() for t in first.xpath('.//g[contains(@class, "xtick")]//text')]
    assert ticks and all(DATE_OR_UNDATED.search(t) for t in ticks), ticks
    assert not [t for t in ticks if ".txt" in t]


def steel_db(path: Path, stories: list[tuple[str, str, int]]) -> Path:
    """For each (story name, verdict, measures): a story of two articles that state one thing
    in `measures` different units, each pair compared with `verdict`, in one group."""
    store = Store(path)
    batch, named, comparisons = [], [], []
    for name, verdict, measures in stories:
        units = [f"unit{n:02d}" for n in range(measures)]
        mine = []
        for n, outlet in enumerate(("Daily Example", "Weekly Sample")):
            source = f"{name}/article{n}.txt"
            sentences, claims = [], []
            offset = 0
            for k, unit in enumerate(units):
                value = 10.0 + k + (n if verdict == "conflict" else 0)
                quote = f"{value:.0f} {unit}s"
                sentence = f"The {name} plant in Wake County made {quote} in 2019."
                start = offset + sentence.index(quote)
                claims.append(Claim(
                    id=claim_id(source, start, start + len(quote)), article_id="", source=source,
                    sentence=sentence, quote=quote, start=start, end=start + len(quote), value=value, low=value,
                    high=value, low_inclusive=True, high_inclusive=True, qualifier="exact", kind="measure",
                    unit=unit, unit_text=f"{unit}s", predicate="make", place="Wake County", period="2019"))
                sentences.append(sentence + " ")
                offset += len(sentence) + 1
            article = Article(path=source, text="".join(sentences), title=f"{name} output {n}",
                              date=f"2019-0{n + 1}-01", outlet=outlet)
            mine.append((article, [Claim(**{**c.row(), "article_id": article.id}) for c in claims]))
        story = Story(id=f"{name}story00000"[:16], name=name, label=name, article_ids=tuple(a.id for a, _ in mine))
        comparisons += [Comparison(a=a.id, b=b.id, verdict=verdict, reason=f"{a.quote} vs {b.quote}",
                                   group_id=f"{name}group00000"[:16], story=story.id, confidence=0.9)
                        for a, b in zip(mine[0][1], mine[1][1])]
        batch += mine
        named.append(story)
    store.save_articles(batch)
    store.save_stories(named)
    store.replace_comparisons(comparisons)
    return path


def figure_at_load(page: lxml.html.HtmlElement, chart_id: str) -> tuple[list[dict], dict] | None:
    """(data, layout) of the Plotly.newPlot call that draws `chart_id` as the page loads."""
    drawing = re.compile(rf'Plotly\.newPlot\(\s*"{chart_id}"')
    calls = [s.text for s in page.xpath("//script") if drawing.search(s.text or "")]
    if not calls:
        return None
    (call,) = calls
    decoder = json.JSONDecoder()
    data, end = decoder.raw_decode(call, call.index("[", drawing.search(call).end()))
    layout, _ = decoder.raw_decode(call, call.index("{", end))
    return data, layout


def test_a_group_of_many_measures_is_one_chart_with_a_menu(tmp_path: Path) -> None:
    measures = 12  # a grid of 12 subplots made Plotly stop the report with a traceback
    db = steel_db(tmp_path / "measures.db", [("steel", "conflict", measures)])
    page = tmp_path / "report.html"
    proc = claimtrack("report", "--db", str(db), "-o", str(page), timeout=REPORT_TIMEOUT)
    assert proc.stdout == f"wrote {page}: 1 groups, {measures} conflicts\n"
    static = lxml.html.fromstring(page.read_text(encoding="utf-8"))
    data, layout = figure_at_load(static, "chart-steelgroup00000")
    go.Figure(data=data, layout=layout)  # the report writes plain dicts: Plotly's schema still holds them
    assert not [k for k in layout if re.fullmatch(r"[xy]axis\d+", k)], "a grid of subplots"
    (menu,) = layout["updatemenus"]
    assert len(menu["buttons"]) == measures
    # Each button shows its own measure's marks (and conflict line) and nothing else.
    for button in menu["buttons"]:
        visible = button["args"][0]["visible"]
        assert len(visible) == len(data) and sum(visible) >= 2
    assert sum(t.get("visible", True) is True for t in data) == sum(menu["buttons"][0]["args"][0]["visible"])

    proc = chromium(tmp_path, page, "--dump-dom", timeout=BROWSER_TIMEOUT)
    rendered = lxml.html.fromstring(proc.stdout)
    (chart,) = by_class(rendered, "js-plotly-plot")
    assert drawn(chart) and chart.xpath('.//g[contains(@class, "updatemenu-container")]')
    ticks = [t.text_content() for t in chart.xpath('.//g[contains(@class, "xtick")]//text')]
    assert ticks == ["Daily Example2019-01-01", "Weekly Sample2019-02-01"]


def test_a_story_without_conflicts_draws_its_chart_after_the_page_loads(tmp_path: Path) -> None:
    db = steel_db(tmp_path / "two.db", [("quiet", "agree", 1), ("steel", "conflict", 1)])
    page = tmp_path / "report.html"
    proc = claimtrack("report", "--db", str(db), "-o", str(page), timeout=REPORT_TIMEOUT)
    assert proc.stdout == f"wrote {page}: 2 groups, 1 conflicts\n"
    static = lxml.html.fromstring(page.read_text(encoding="utf-8"))
    # The story with a conflict comes first, and its chart is drawn as the page loads.
    assert [s.get("id") for s in static.xpath("//section[contains(@class, 'story')]")] == [
        "story-steelstory00000", "story-quietstory00000"]
    assert figure_at_load(static, "chart-steelgroup00000") is not None
    # The other waits as JSON in the page until the page has loaded (or the reader reaches it).
    assert figure_at_load(static, "chart-quietgroup00000") is None
    (waiting,) = static.xpath('//script[@type="application/json" and @data-chart="chart-quietgroup00000"]')
    figure = json.loads(waiting.text)
    assert [c[0] for t in figure["data"] if t.get("customdata") for c in t["customdata"]] == [10, 10]

    proc = chromium(tmp_path, page, "--dump-dom", timeout=BROWSER_TIMEOUT)
    rendered = lxml.html.fromstring(proc.stdout)
    charts = {c.get("id"): c for c in by_class(rendered, "plotly-graph-div")}
    assert drawn(charts["chart-steelgroup00000"]) and drawn(charts["chart-quietgroup00000"])
