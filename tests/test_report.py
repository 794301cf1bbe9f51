"""`claimtrack report`: one self-contained HTML file, checked as parsed HTML and as a real browser renders it.

The browser is Debian's `chromium` package, driven headless (--dump-dom, --screenshot).
Without it these tests fail with the command that installs it; they never skip.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlencode

import lxml.html
import pytest
from typer.testing import CliRunner

from claimtrack.cli import app
from conftest import copy_db

pytestmark = pytest.mark.model  # the seed database comes from the real English pipeline

INSTALL_CHROMIUM = "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium"
CONFLICT_QUOTES = ("more than 500 detainers", "A total of 489 detainers")
SEED_GROUPS = 4


def chromium(tmp: Path, page: Path, *args: str, query: str = "", budget_ms: int = 10_000,
             timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on `page` (with `?query` in its address); root needs
    --no-sandbox, and a private profile keeps parallel runs apart."""
    binary = shutil.which("chromium")
    if binary is None:
        pytest.fail(f"Debian's chromium package is needed to render the report; install it: {INSTALL_CHROMIUM}")
    command = [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
               f"--user-data-dir={tmp / 'chromium-profile'}", f"--virtual-time-budget={budget_ms}", *args,
               page.resolve().as_uri() + (f"?{urlencode({'q': query})}" if query else "")]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def classes(element: lxml.html.HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def by_class(root: lxml.html.HtmlElement, name: str) -> list[lxml.html.HtmlElement]:
    return root.xpath(f'//*[contains(concat(" ", normalize-space(@class), " "), " {name} ")]')


def text_outside_scripts(root: lxml.html.HtmlElement) -> str:
    root = lxml.html.fromstring(lxml.html.tostring(root))
    for script in root.xpath("//script | //style"):
        script.drop_tree()
    return " ".join(root.text_content().split())


@pytest.fixture(scope="module")
def seed_report(seed_db: Path, tmp_path_factory: pytest.TempPathFactory, runner: CliRunner) -> Path:
    folder = tmp_path_factory.mktemp("report")
    db = copy_db(seed_db, folder / "ct.db")
    out = folder / "out" / "report.html"
    out.parent.mkdir()
    result = runner.invoke(app, ["report", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"wrote {out}: {SEED_GROUPS} groups, 2 conflicts"
    return out


@pytest.fixture(scope="module")
def rendered(seed_report: Path) -> lxml.html.HtmlElement:
    """The DOM after Chromium ran the page's scripts."""
    proc = chromium(seed_report.parent, seed_report, "--dump-dom")
    return lxml.html.fromstring(proc.stdout)


def test_conflict_quotes_are_in_the_html_with_source_date_and_link(seed_report: Path) -> None:
    page = lxml.html.fromstring(seed_report.read_text(encoding="utf-8"))
    assert all(q in text_outside_scripts(page) for q in CONFLICT_QUOTES)
    blocks = [b for b in by_class(page, "conflict") if all(q in b.text_content() for q in CONFLICT_QUOTES)]
    assert len(blocks) == 1, "one highlighted block holds both quotes of the 000/001 conflict"
    block = blocks[0]
    text = " ".join(block.text_content().split())
    assert "cannot both hold" in text  # the reason
    for name, date in (("000_f9cb93843f7f8dc6.txt", "2019-09-09"), ("001_9fd92f6c153f2ddc.txt", "2019-11-03")):
        assert name in text and date in text
    hrefs = [a.get("href") for a in block.iter("a")]
    assert len(hrefs) == 2
    # No URL in the seeds: each link is relative to the report and reaches the article's file.
    for href in hrefs:
        assert (seed_report.parent / unquote(href)).resolve().is_file(), href
    assert {unquote(h).rsplit("/", 1)[-1] for h in hrefs} == {"000_f9cb93843f7f8dc6.txt", "001_9fd92f6c153f2ddc.txt"}
    # Conflicting groups come first, and the summary counts what the database holds.
    groups = by_class(page, "group")
    assert len(groups) == SEED_GROUPS
    assert "detainers" in groups[0].xpath(".//h3")[0].text_content()
    summary = " ".join(by_class(page, "summary")[0].text_content().split())
    assert summary.startswith("5 articles 25 claims 25 comparisons 4 groups 2 conflicts")
    assert "more than 500" in text_outside_scripts(groups[0])  # the stated range in words


def test_report_is_self_contained(seed_report: Path) -> None:
    page = lxml.html.fromstring(seed_report.read_text(encoding="utf-8"))
    scripts = page.xpath("//script")
    assert scripts and not [s for s in scripts if s.get("src")]
    assert not page.xpath("//link | //iframe | //img | //object | //embed")
    for style in page.xpath("//style"):
        assert "url(" not in style.text_content() and "@import" not in style.text_content()
    # plotly.js is embedded exactly once; every chart only calls it.
    assert sum("Copyright 2012-" in (s.text or "") and "plotly" in (s.text or "") for s in scripts) == 1


def test_browser_renders_one_plotly_chart_per_group(seed_report: Path, rendered: lxml.html.HtmlElement) -> None:
    charts = by_class(rendered, "js-plotly-plot")
    assert len(charts) == SEED_GROUPS == len(by_class(rendered, "group"))
    for chart in charts:
        assert chart.xpath('.//svg[contains(@class, "main-svg")]'), "Plotly drew no SVG"
        assert chart.xpath('.//g[contains(@class, "points")]/path'), "a chart without marks"
    # The detainer chart: a mark per claim, labelled with its stated value, and the conflict line.
    detainers = by_class(rendered, "group")[0]
    labels = sorted(t.text_content() for t in detainers.xpath('.//g[contains(@class, "textpoint")]//text'))
    assert labels == ["489", "489", ">500"]
    legend = " ".join(t.text_content() for t in detainers.xpath('.//g[contains(@class, "legend")]//text'))
    assert "conflict" in legend and "Breitbart News" in legend
    ticks = [t.text_content() for t in detainers.xpath('.//g[contains(@class, "ytick")]//text')]
    assert "500" in ticks
    # The conflict is visible as text in the rendered page, not only in the chart.
    shown = text_outside_scripts(rendered)
    assert "Conflict" in shown and all(q in shown for q in CONFLICT_QUOTES)


def test_chart_data_holds_the_stated_values(seed_report: Path) -> None:
    page = lxml.html.fromstring(seed_report.read_text(encoding="utf-8"))
    chart = by_class(page, "group")[0].xpath('.//div[contains(@class, "plotly-graph-div")]')[0]
    # The figure's data is the first argument after the chart's id in its Plotly.newPlot call.
    call = next(s.text for s in page.xpath("//script") if "Plotly.newPlot" in (s.text or "")
                and f'"{chart.get("id")}"' in s.text)
    data = json.JSONDecoder().raw_decode(call[call.index("[", call.index(f'"{chart.get("id")}"')):])[0]
    marks = [(y, low, high) for trace in data if trace.get("customdata")
             for y, (low, high) in zip(trace["y"], trace["customdata"])]
    assert sorted(marks, key=str) == sorted([(489, 489, 489), (489, 489, 489), (500, 500, None)], key=str)
    hover = " ".join(t for trace in data for t in trace.get("hovertext") or [])
    assert "more than 500" in hover and "A total of 489 detainers" in hover


def searchable(element: lxml.html.HtmlElement) -> str:
    """An element's words as the page's search reads them: no scripts, styles or charts."""
    copy = lxml.html.fromstring(lxml.html.tostring(element))
    charts = './/*[contains(concat(" ", normalize-space(@class), " "), " chart ")]'
    for node in copy.xpath(f".//script | .//style | {charts}"):
        node.drop_tree()
    return " ".join(copy.text_content().split()).lower()


@pytest.mark.parametrize("query, shown", [("ICE custody", 2), ("489", 1), ("Mecklenburg", SEED_GROUPS),
                                          ("no-such-word", 0)])
def test_search_in_the_address_keeps_the_stories_and_groups_holding_every_word(
        seed_report: Path, query: str, shown: int) -> None:
    page = lxml.html.fromstring(seed_report.read_text(encoding="utf-8"))
    terms = query.lower().split()
    # A story whose heading holds the words keeps every group; else the groups holding them.
    (story,) = by_class(page, "story")
    whole = all(t in searchable(story.xpath(".//header")[0]) for t in terms)
    expected = [whole or all(t in searchable(g) for t in terms) for g in by_class(page, "group")]
    assert sum(expected) == shown

    proc = chromium(seed_report.parent, seed_report, "--dump-dom", query=query)
    rendered = lxml.html.fromstring(proc.stdout)
    assert rendered.get_element_by_id("search").get("value") is None  # typed by the script, not the markup
    assert [g.get("hidden") is None for g in by_class(rendered, "group")] == expected
    (story,) = by_class(rendered, "story")
    assert (story.get("hidden") is None) == bool(shown)
    (row,) = rendered.xpath("//tr[@data-story]")
    assert (row.get("hidden") is None) == bool(shown)
    status = rendered.get_element_by_id("search-status").text_content()
    assert status == f"{1 if shown else 0} of 1 stories and {shown} groups hold “{query}”"


def test_screenshot_is_a_png(seed_report: Path) -> None:
    shot = seed_report.parent / "report.png"
    chromium(seed_report.parent, seed_report, f"--screenshot={shot}", "--window-size=1280,2400")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000


def test_article_text_is_escaped(tmp_path: Path, runner: CliRunner) -> None:
    hostile = "<script>alert(1)</script>"
    (tmp_path / "a.txt").write_text(
        f"{hostile} Jail <b>report</b>\n\nOfficials said 45 inmates were released from the Wake County jail "
        f"in 2020, <b>the sheriff</b> wrote. {hostile}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "County figures\n\nOfficials said 60 inmates were released from the Wake County jail in 2020.\n",
        encoding="utf-8")
    db, out = tmp_path / "ct.db", tmp_path / "report.html"
    assert runner.invoke(app, ["ingest", "--db", str(db), str(tmp_path)]).exit_code == 0
    result = runner.invoke(app, ["report", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"wrote {out}: 1 groups, 1 conflicts"
    html = out.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Jail &lt;b&gt;report&lt;/b&gt;" in html  # the title
    assert "2020, &lt;b&gt;the sheriff&lt;/b&gt; wrote." in html  # the sentence
    page = lxml.html.fromstring(html)
    assert not page.xpath("//body//b"), "article markup became HTML"
    # The headline names its article in chart labels (no outlet): there it is text, its markup
    # HTML-escaped for Plotly's labels inside JSON, never a script of the page.
    for script in page.xpath("//script"):
        text = script.text or ""
        assert text.count("alert(1)") == text.count("&lt;script&gt;alert(1)"), text[:200]
    conflict = by_class(page, "conflict")[0].text_content()
    assert "45 inmates" in conflict and "60 inmates" in conflict


def test_write_errors_and_missing_database_are_one_line(seed_db: Path, tmp_path: Path, runner: CliRunner) -> None:
    db = copy_db(seed_db, tmp_path / "ct.db")
    result = runner.invoke(app, ["report", "--db", str(db), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"Error: cannot write {tmp_path}: is a directory"]
    result = runner.invoke(app, ["report", "--db", str(tmp_path / "none.db"), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "none.db").exists()


def test_report_never_imports_spacy(seed_db: Path, tmp_path: Path) -> None:
    db = copy_db(seed_db, tmp_path / "ct.db")
    script = ("import sys; from claimtrack.cli import app; "
              "app(['report', '--db', sys.argv[1], '-o', sys.argv[2]], standalone_mode=False); "
              "assert 'spacy' not in sys.modules, 'spacy imported'")
    proc = subprocess.run([sys.executable, "-c", script, str(db), str(tmp_path / "r.html")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "r.html").stat().st_size > 0
