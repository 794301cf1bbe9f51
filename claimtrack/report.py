"""One self-contained HTML report: a Plotly chart per group of claims, conflicts highlighted.

The page is rendered by Jinja2 with autoescaping, so every piece of article text
(titles, quotes, sentences, reasons, paths) is escaped; the text that goes into
the charts' hover labels and tick labels is HTML-escaped too, because Plotly
renders a subset of HTML there, and Plotly's JSON escapes `<`, `>` and `/`.
plotly.js is embedded once, so the file opens with no network.
"""

from __future__ import annotations

import html
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

from .identity import measure
from .views import group_order, group_summary, merge_copies
from .model import Article, Claim
from .output import database_files, replacing
from .store import Store

#: Source colours; red is left out because it marks conflicts.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf")
CONFLICT_COLOUR = "#d00000"
#: Above this many claims a chart drops its value labels (they would overlap).
MAX_LABELLED_CLAIMS = 40
#: What one page draws at most, so that a database of any size gives a report a browser
#: can open (8,000 articles once made 688 MB): the groups with open conflicts first, then
#: the largest; in each, the most confident conflicts and the claims they quote. The page
#: says how much is left out; `claimtrack conflicts --json` and `export` list everything.
MAX_GROUPS = 100
MAX_CONFLICTS_PER_GROUP = 20
MAX_CLAIMS_PER_GROUP = 200
MAX_SOURCES = 1000


@dataclass(frozen=True)
class ReportStats:
    """What `write_report` wrote."""

    path: Path
    groups: int
    conflicts: int
    size: int


@dataclass(frozen=True)
class ClaimView:
    id: str
    before: str
    quote: str
    after: str
    stated: str
    bounds: str
    source: str
    outlet: str
    title: str
    date: str
    href: str | None
    link_text: str
    colour: str
    place: str
    period: str
    attributed_to: str
    in_conflict: bool


@dataclass(frozen=True)
class ConflictView:
    id: str
    a: ClaimView
    b: ClaimView
    reason: str
    review: str | None
    note: str | None
    copies: tuple[str, ...] = ()  # paths of linked copies that state the same pair


@dataclass(frozen=True)
class GroupView:
    id: str
    subject: str
    verdicts: str
    sources: int
    claims: list[ClaimView]
    conflicts: list[ConflictView]
    dismissed: list[ConflictView]
    chart: str = field(repr=False)
    claim_count: int = 0  # every claim of the group, drawn or not
    more_conflicts: int = 0  # open conflicts of the group that the page does not draw
    more_dismissed: int = 0


@dataclass(frozen=True)
class SourceView:
    path: str
    title: str
    outlet: str
    date: str
    href: str | None
    link_text: str
    colour: str
    claims: int


def build_report(store: Store, *, base: Path | None = None) -> str:
    """The report as one HTML string; file links are relative to `base` (default: the cwd)."""
    return _render(store, base or Path.cwd())[0]


def write_report(store: Store, path: Path, story: str | None = None, *, force: bool = False) -> ReportStats:
    """Write the report (of one story, given its id) to `path`, replacing it whole; raises
    OutputError when it cannot or must not be written (see output.replacing: `force`
    writes through a symbolic link)."""
    path = Path(path)
    # Checked before rendering, which takes seconds, so a refused path fails at once.
    with replacing(path, protect=database_files(store.path), force=force, binary=True) as out:
        page, groups, conflicts = _render(store, Path(os.path.abspath(path)).parent, story)
        data = page.encode("utf-8")
        out.write(data)
    return ReportStats(path=path, groups=groups, conflicts=conflicts, size=len(data))


def _render(store: Store, base: Path, story: str | None = None) -> tuple[str, int, int]:
    import jinja2
    import plotly.offline
    from markupsafe import Markup

    articles = {a.id: a for a in store.articles() if story is None or a.story == story}
    counts = store.counts()
    dates = {i: a.date for i, a in articles.items()}
    order = sorted(articles.values(), key=_article_order)
    colours = {a.path: PALETTE[n % len(PALETTE)] for n, a in enumerate(order)}
    links = {a.id: _link(a, base) for a in order}
    copy_of = store.copy_paths()

    # One streamed pass over the comparisons' ids and verdicts: each group's claims and
    # counts, never the rows themselves (two articles can make millions of them).
    members: dict[str, set[str]] = defaultdict(set)
    verdicts: dict[str, Counter[str]] = defaultdict(Counter)
    dismissed_counts: Counter[str] = Counter()
    for group_id, a, b, verdict, review in store.iter_comparison_links(story):
        members[group_id].update((a, b))
        verdicts[group_id][verdict] += 1
        if verdict == "conflict" and review == "dismissed":
            dismissed_counts[group_id] += 1

    def open_conflicts(group_id: str) -> int:
        return verdicts[group_id]["conflict"] - dismissed_counts[group_id]

    # The page draws at most MAX_GROUPS groups: those with open conflicts first, then the largest.
    drawn = sorted(members, key=lambda g: (not open_conflicts(g), not verdicts[g]["conflict"], -len(members[g]), g))
    drawn = drawn[:MAX_GROUPS]
    wanted = set().union(*(members[g] for g in drawn))
    claims: dict[str, Claim] = {}
    per_source: dict[str, int] = defaultdict(int)
    for c in store.iter_claims(story=story):
        per_source[c.article_id] += 1
        if c.id in wanted:
            claims[c.id] = c

    # The most confident conflicts of each drawn group (open and dismissed apart), fetched
    # ranked by SQLite; the others are counted on the page and listed by `conflicts --json`.
    chosen = set(drawn)
    conflict_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in store.iter_comparison_rows(verdicts=["conflict"], story=story, per_group=MAX_CONFLICTS_PER_GROUP):
        if row["group_id"] in chosen:
            conflict_rows[row["group_id"]].append(row)

    groups = []
    for summary in sorted((group_summary(g, members[g], verdicts[g], claims, dates, copy_of) for g in drawn),
                          key=group_order):
        group_id = summary["group_id"]
        fetched = conflict_rows[group_id]
        open_rows = [r for r in fetched if r["review"] != "dismissed"]
        dismissed_rows = [r for r in fetched if r["review"] == "dismissed"]
        # Linked copies of one article are one source: a conflict they all repeat is shown once.
        active = merge_copies(open_rows, copy_of)
        dismissed = merge_copies(dismissed_rows, copy_of)
        flagged = {r[side] for r in active for side in ("a", "b")}
        shown_in_blocks = flagged | {r[side] for r in dismissed for side in ("a", "b")}
        everyone = sorted((claims[i] for i in summary["claim_ids"]),
                          key=lambda c: (_article_order(articles[c.article_id]), c.start))
        # At most MAX_CLAIMS_PER_GROUP claims charted and listed: those in a drawn conflict
        # block first (the blocks quote them), then the others in article order.
        keep = {c.id for c in everyone if c.id in shown_in_blocks}
        keep |= set([c.id for c in everyone if c.id not in keep][:max(0, MAX_CLAIMS_PER_GROUP - len(keep))])
        members_drawn = [c for c in everyone if c.id in keep]
        views = {c.id: _claim_view(c, articles[c.article_id], links[c.article_id], colours[c.source],
                                   c.id in flagged) for c in members_drawn}

        def conflict(row: dict[str, Any]) -> ConflictView:
            return ConflictView(id=row["id"], a=views[row["a"]], b=views[row["b"]], reason=row["reason"],
                                review=row["review"], note=row["review_note"],
                                copies=(*row["appearances_a"][1:], *row["appearances_b"][1:]))

        groups.append(GroupView(
            id=group_id,
            subject=summary["subject"],
            verdicts=", ".join(f"{k.replace('_', ' ')} ×{v}" for k, v in summary["verdicts"].items()),
            sources=len(summary["sources"]),
            claims=list(views.values()),
            conflicts=[conflict(r) for r in active],
            dismissed=[conflict(r) for r in dismissed],
            chart=Markup(_chart_html(group_id, members_drawn, articles, colours, active)),
            claim_count=len(everyone),
            more_conflicts=open_conflicts(group_id) - len(open_rows),
            more_dismissed=dismissed_counts[group_id] - len(dismissed_rows),
        ))
    # Groups with a conflict nobody dismissed come first; summarize_groups' order otherwise.
    groups.sort(key=lambda g: not g.conflicts)

    sources = [SourceView(path=a.path, title=a.title, outlet=a.outlet or "", date=a.date or "",
                          href=links[a.id][0], link_text=links[a.id][1], colour=colours[a.path],
                          claims=per_source[a.id]) for a in order[:MAX_SOURCES]]

    # Conflicts not drawn (beyond a group's cap, or in groups not drawn) still count.
    conflicts = sum(len(g.conflicts) + g.more_conflicts for g in groups) + sum(
        open_conflicts(g) for g in members if g not in chosen)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    template = env.from_string(
        resources.files("claimtrack").joinpath("templates/report.html.j2").read_text(encoding="utf-8"))
    # plotly.js holds no "</script" today; the replacement keeps it that way if a release does.
    plotly_js = plotly.offline.get_plotlyjs().replace("</script", "<\\/script")
    page = template.render(
        plotly_js=Markup(plotly_js),
        database=str(store.path),
        counts=counts,
        conflicts=conflicts,
        dismissed=sum(dismissed_counts.values()),
        grouped=len(set().union(*members.values())),
        groups=groups,
        total_groups=len(members),
        undrawn_groups=len(members) - len(groups),
        undrawn_conflicts=conflicts - sum(len(g.conflicts) for g in groups),
        sources=sources,
        more_sources=len(order) - len(sources),
        limits={"groups": MAX_GROUPS, "conflicts": MAX_CONFLICTS_PER_GROUP, "claims": MAX_CLAIMS_PER_GROUP},
    )
    return page, len(members), conflicts


def _article_order(article: Article) -> tuple[bool, str, str]:
    """Dated articles first, oldest first; undated ones after, by path."""
    return article.date is None, article.date or "", article.path


def _link(article: Article, base: Path) -> tuple[str | None, str]:
    """(href, text): the article's web address, else a relative link to its file, else none."""
    url = (article.url or "").strip()
    if url.lower().startswith(("http://", "https://")):
        return url, url.split("://", 1)[1].split("/", 1)[0] or url
    for candidate in (article.path, article.path.split("#", 1)[0]):
        if candidate and candidate != "-" and os.path.isfile(candidate):
            relative = os.path.relpath(os.path.abspath(candidate), base)
            return url_quote(Path(relative).as_posix()), "file"
    return None, "no link"


def _claim_view(claim: Claim, article: Article, link: tuple[str | None, str], colour: str,
                in_conflict: bool) -> ClaimView:
    start = claim.sentence.find(claim.quote)
    if start < 0:
        before, after = "", ""
    else:
        before, after = claim.sentence[:start], claim.sentence[start + len(claim.quote):]
    return ClaimView(
        id=claim.id, before=before, quote=claim.quote, after=after, stated=stated(claim),
        bounds=bounds(claim), source=claim.source, outlet=article.outlet or "", title=article.title,
        date=article.date or "", href=link[0], link_text=link[1], colour=colour, place=claim.place or "",
        period=claim.period or "", attributed_to=claim.attributed_to or "", in_conflict=in_conflict,
    )


# --- words for ranges -----------------------------------------------------------


def number(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.4g}"


def stated(claim: Claim) -> str:
    """The range a claim allows, in words: "489", "more than 500", "up to 80", "between 40 and 80"."""
    low, high = claim.low, claim.high
    if low is not None and low == high:
        return number(low)
    if low is None and high is None:
        return "any amount"
    if high is None:
        return f"{'at least' if claim.low_inclusive else 'more than'} {number(low)}"  # type: ignore[arg-type]
    if low is None or (low == 0 and claim.low_inclusive):
        return f"{'up to' if claim.high_inclusive else 'less than'} {number(high)}"
    if claim.qualifier == "about" and claim.value is not None:
        return f"about {number(claim.value)} ({number(low)} to {number(high)})"
    if claim.qualifier == "nearly" and claim.value is not None:
        return f"nearly {number(claim.value)}"
    return f"between {number(low)} and {number(high)}" + ("" if claim.high_inclusive else " (not reaching it)")


def bounds(claim: Claim) -> str:
    """The range in interval notation: "(500, ∞)", "[0, 80]", "489"."""
    if claim.low is not None and claim.low == claim.high:
        return number(claim.low)
    low = "(−∞" if claim.low is None else ("[" if claim.low_inclusive else "(") + number(claim.low)
    high = "∞)" if claim.high is None else number(claim.high) + ("]" if claim.high_inclusive else ")")
    return f"{low}, {high}"


def label(claim: Claim) -> str:
    """A short label drawn beside a chart mark: "489", ">500", "≤80", "40–80", "≈34"."""
    arrow = {"up": "↑", "down": "↓"}.get(claim.change or "", "")
    return arrow + _bare_label(claim)


def _bare_label(claim: Claim) -> str:
    low, high = claim.low, claim.high
    if low is not None and low == high:
        return number(low)
    if claim.qualifier in ("about", "nearly") and claim.value is not None:
        return f"≈{number(claim.value)}"
    if high is None:
        return f"{'≥' if claim.low_inclusive else '>'}{number(low)}" if low is not None else "?"
    if low is None or (low == 0 and claim.low_inclusive):
        return f"{'≤' if claim.high_inclusive else '<'}{number(high)}"
    return f"{number(low)}–{number(high)}"


# --- charts ---------------------------------------------------------------------


def _row_key(claim: Claim) -> str:
    """Claims drawn on one y axis: the same measure (counts, percents, ...) and, for durations, unit."""
    key = measure(claim)
    return f"{key}:{claim.unit}" if key == "duration" else key


def _row_title(claim: Claim) -> str:
    unit = claim.unit or claim.kind
    title = {"count": "count", "rate": "rate", "ratio": "ratio (times)", "age": "age (years)"}.get(
        claim.kind, f"{unit}s" if claim.kind == "duration" else unit)
    if claim.kind in ("count", "rate"):
        title = claim.unit_text or claim.unit or claim.kind
    return f"change in {title}" if claim.change else title


def _y(claim: Claim) -> float:
    """Where a claim's mark sits: its stated value, else the middle of its range."""
    if claim.value is not None:
        return claim.value
    if claim.low is not None and claim.high is not None:
        return (claim.low + claim.high) / 2
    return claim.low if claim.low is not None else claim.high if claim.high is not None else 0.0


def _axis_limits(claims: list[Claim]) -> tuple[float, float, float, float]:
    """(axis bottom, axis top, where open-below ranges end, where open-above ranges end)."""
    finite = [x for c in claims for x in (c.value, c.low, c.high, _y(c)) if x is not None]
    lo, hi = min(finite), max(finite)
    pad = max(0.15 * (hi - lo), 0.1 * max(abs(hi), abs(lo)), 1.0)
    ceiling = hi + 2 * pad if any(c.high is None for c in claims) else hi + 0.5 * pad
    floor = lo - 2 * pad if any(c.low is None for c in claims) else lo - 0.5 * pad
    if lo >= 0 and all(c.low is not None for c in claims):
        floor = max(floor, -0.05 * (ceiling - lo))
    return floor - 0.3 * pad, ceiling + 0.3 * pad, floor, ceiling


def _short(path: str, size: int = 26) -> str:
    name = path.rstrip("/").rsplit("/", 1)[-1] or path
    return name if len(name) <= size else name[: size - 1] + "…"


def _chart_html(group_id: str, members: list[Claim], articles: dict[str, Article], colours: dict[str, str],
                conflicts: list[dict[str, Any]]) -> str:
    import plotly.graph_objects as go
    import plotly.io
    from plotly.subplots import make_subplots

    e = _escape
    flagged = {r[side] for r in conflicts for side in ("a", "b")}
    # x: one slot per article in date order (undated last); an article's claims spread inside it.
    slots = sorted({c.article_id for c in members}, key=lambda i: _article_order(articles[i]))
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for c in members:
        by_article[c.article_id].append(c)
    x: dict[str, float] = {}
    for n, article_id in enumerate(slots):
        mine = by_article[article_id]
        for k, c in enumerate(mine):
            x[c.id] = n + (0 if len(mine) == 1 else -0.25 + 0.5 * k / (len(mine) - 1))

    row_keys = list(dict.fromkeys(_row_key(c) for c in members))
    rows = {key: n + 1 for n, key in enumerate(row_keys)}
    titles = {_row_key(c): _row_title(c) for c in reversed(members)}
    fig = make_subplots(rows=len(row_keys), cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=[e(titles[k]) for k in row_keys] if len(row_keys) > 1 else None)
    labelled = len(members) <= MAX_LABELLED_CLAIMS
    limits = {key: _axis_limits([c for c in members if _row_key(c) == key]) for key in row_keys}

    for source in dict.fromkeys(c.source for c in members):
        article = next(articles[c.article_id] for c in members if c.source == source)
        name = e(_short(source) if not article.outlet else f"{article.outlet} · {_short(source, 18)}")
        for key in row_keys:
            mine = [c for c in members if c.source == source and _row_key(c) == key]
            if not mine:
                continue
            floor, ceiling = limits[key][2], limits[key][3]
            ys = [_y(c) for c in mine]
            up = [(ceiling if c.high is None else c.high) - y for c, y in zip(mine, ys)]
            down = [y - (floor if c.low is None else c.low) for c, y in zip(mine, ys)]
            hover = [_hover(c, articles[c.article_id], c.id in flagged) for c in mine]
            colour = colours[source]
            fig.add_trace(go.Scatter(
                x=[x[c.id] for c in mine], y=ys, mode="markers+text" if labelled else "markers",
                name=name, legendgroup=source, showlegend=key == row_keys[0] or len(row_keys) == 1,
                text=[e(label(c)) for c in mine] if labelled else None, textposition="middle right",
                textfont={"size": 11, "color": [CONFLICT_COLOUR if c.id in flagged else "#333" for c in mine]},
                hovertext=hover, hoverinfo="text",
                error_y={"type": "data", "symmetric": False, "array": up, "arrayminus": down,
                         "color": colour, "thickness": 2, "width": 5},
                marker={
                    "color": colour,
                    "size": [15 if c.id in flagged else 10 for c in mine],
                    "symbol": ["diamond" if c.id in flagged else "circle" for c in mine],
                    "opacity": [1.0 if c.value is not None else 0.55 for c in mine],
                    "line": {"color": [CONFLICT_COLOUR if c.id in flagged else "white" for c in mine],
                             "width": [3 if c.id in flagged else 1 for c in mine]},
                },
                customdata=[[c.low, c.high] for c in mine],
            ), row=rows[key], col=1)
            # Open ends: an arrowhead where the range leaves the chart.
            for open_ones, end, symbol in (([c for c in mine if c.high is None], ceiling, "triangle-up"),
                                           ([c for c in mine if c.low is None], floor, "triangle-down")):
                if open_ones:
                    fig.add_trace(go.Scatter(
                        x=[x[c.id] for c in open_ones], y=[end] * len(open_ones), mode="markers",
                        marker={"symbol": symbol, "size": 11, "color": colour},
                        hovertext=[e(f"“{c.quote}”: {stated(c)} (no {'upper' if end == ceiling else 'lower'}"
                                     " bound stated)") for c in open_ones],
                        hoverinfo="text", legendgroup=source, showlegend=False,
                    ), row=rows[key], col=1)

    # A dotted red line joins the two claims of each conflict: where the sources diverge.
    by_id = {c.id: c for c in members}
    for key in row_keys:
        xs: list[float | None] = []
        ys_line: list[float | None] = []
        for r in conflicts:
            a, b = by_id.get(r["a"]), by_id.get(r["b"])
            if a and b and _row_key(a) == key == _row_key(b):
                xs += [x[a.id], x[b.id], None]
                ys_line += [_y(a), _y(b), None]
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys_line, mode="lines", name="conflict",
                                     line={"color": CONFLICT_COLOUR, "width": 2, "dash": "dot"},
                                     hoverinfo="skip", legendgroup="conflict",
                                     showlegend=key == row_keys[0]), row=rows[key], col=1)

    for key in row_keys:
        bottom, top = limits[key][0], limits[key][1]
        fig.update_yaxes(range=[bottom, top], zeroline=True, zerolinecolor="#bbb", gridcolor="#eee",
                         title_text=e(titles[key]) if len(row_keys) == 1 else None, row=rows[key], col=1)
    ticks = [f"{e(articles[i].date or 'undated')}<br>{e(_short(articles[i].path))}" for i in slots]
    fig.update_xaxes(tickmode="array", tickvals=list(range(len(slots))), ticktext=ticks,
                     range=[-0.6, len(slots) - 0.4], gridcolor="#f3f3f3", zeroline=False, showline=True, linecolor="#999")
    fig.update_xaxes(title_text="articles in date order (undated last)", row=len(row_keys), col=1)
    height = 300 + 220 * (len(row_keys) - 1)
    fig.update_layout(template="none", height=height, margin={"l": 70, "r": 20, "t": 40, "b": 80},
                      hovermode="closest", plot_bgcolor="white", paper_bgcolor="white",
                      font={"family": "system-ui, sans-serif", "size": 12},
                      legend={"orientation": "v", "x": 1.02, "y": 1})
    return plotly.io.to_html(fig, include_plotlyjs=False, full_html=False, div_id=f"chart-{group_id}",
                             default_height=f"{height}px", default_width="100%",
                             config={"displaylogo": False, "responsive": True})


def _escape(text: str) -> str:
    """Text for Plotly's labels, which render a little HTML: it decodes &amp; &lt; &gt; but not &quot;."""
    return html.escape(text, quote=False)


def _hover(claim: Claim, article: Article, in_conflict: bool) -> str:
    """A mark's tooltip; Plotly renders a little HTML there, so every text is escaped first."""
    e = _escape
    change = f", {'a rise' if claim.change == 'up' else 'a fall'}" if claim.change else ""
    lines = [f"<b>“{e(claim.quote)}”</b>", f"{e(stated(claim))}{change}  {e(bounds(claim))}",
             e(article.outlet + " · " + claim.source if article.outlet else claim.source),
             e(article.date or "undated")]
    for name, value in (("place", claim.place), ("period", claim.period), ("said by", claim.attributed_to)):
        if value:
            lines.append(f"{name}: {e(value)}")
    if claim.value is None:
        lines.append("no single value stated: the mark is the middle of the range")
    if in_conflict:
        lines.append("<b>in a conflict</b>")
    return "<br>".join(lines)
