"""One self-contained HTML report: a section per story, a Plotly chart per group of claims,
conflicts highlighted.

The page reads story first: a section per story, those with the most open conflicts
first, each holding its groups of claims about one quantity (a long list of them
folded), and a search box that keeps the stories and groups whose text holds every
word typed (`report.html?q=words` opens with a search). A group is one chart, never a
grid of subplots (Plotly refuses a grid's spacing past nine rows): when its claims state
several measures (a count and a percent, days and years), a dropdown on the chart picks
the one drawn, the measure of its conflicts first. Charts of stories with conflicts are
drawn as the page loads; the others from their figure's JSON once it has loaded (those
the reader scrolls to first), so that a large page opens quickly.

The page is rendered by Jinja2 with autoescaping, so every piece of article text
(titles, quotes, sentences, reasons, paths) is escaped; the text that goes into
the charts' hover labels and tick labels is HTML-escaped too, because Plotly
renders a subset of HTML there, and Plotly's JSON escapes `<`, `>` and `/`.
plotly.js is embedded once, so the file opens with no network.
"""

from __future__ import annotations

import html
import json
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

from .identity import measure
from .views import group_order, group_summary, merge_copies
from .model import Article, Claim, ComparisonView
from .output import database_files, replacing
from .store import Store
from .writing import bounds, label, stated

#: Source colours; red is left out because it marks conflicts.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf")
CONFLICT_COLOUR = "#d00000"
#: Above this many claims a chart drops its value labels (they would overlap).
MAX_LABELLED_CLAIMS = 40
#: Above this many sources a chart shows no legend of them (each mark's tooltip names its source).
MAX_LEGEND_SOURCES = 12
#: Above this many articles a chart's axis labels every n-th of them only.
MAX_TICKS = 16
#: What one page draws at most, so that a database of any size gives a report a browser
#: can open (8,000 articles once made 688 MB): story by story, each story's first group
#: before any story's second (a story's groups with open conflicts first, then the
#: largest; stories with the most open conflicts first); in each group, the most confident
#: conflicts and the claims they quote. The page says how much is left out;
#: `claimtrack conflicts --json`, `groups`, `stories` and `export` list everything.
MAX_GROUPS = 100
MAX_CONFLICTS_PER_GROUP = 20
MAX_CLAIMS_PER_GROUP = 200
MAX_SOURCES = 1000
MAX_STORIES = 300
#: Lists longer than this are folded (<details>): a story's groups, a group's claims, the stories.
FOLD_AFTER = 8
NO_STORY = ""  # the story key of articles in no story (a database from before stories)


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
    id: str  # the group's id, with its story's when the group id recurs in another story
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
    group_id: str = ""
    measures: int = 1  # how many measures its chart's dropdown offers


@dataclass(frozen=True)
class StoryView:
    id: str  # the story's id; "none" for articles in no story
    title: str
    named: bool  # a person named it (else `title` is the label detection made)
    articles: int
    outlets: int
    first_date: str
    last_date: str
    claims: int
    conflicts: int  # open conflicts, drawn or not
    group_count: int  # every group of the story, drawn or not
    groups: list[GroupView]


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
    names = {row["id"]: row for row in store.story_names()}

    # A first streamed pass over the claims: the story of each (its article's) and counts.
    # Groups are keyed by story too: one group id can recur in two stories, and claims are
    # only compared inside a story.
    story_of: dict[str, str] = {}
    per_source: Counter[str] = Counter()
    story_claims: Counter[str] = Counter()
    for c in store.iter_claims(story=story):
        if c.article_id in articles:
            per_source[c.article_id] += 1
            story_of[c.id] = articles[c.article_id].story or NO_STORY
            story_claims[story_of[c.id]] += 1

    # One streamed pass over the comparisons' ids and verdicts: each group's claims and
    # counts, never the rows themselves (two articles can make millions of them).
    Key = tuple[str, str]  # (story, group id)
    members: dict[Key, set[str]] = defaultdict(set)
    verdicts: dict[Key, Counter[str]] = defaultdict(Counter)
    dismissed_counts: Counter[Key] = Counter()
    for group_id, a, b, verdict, review in store.iter_comparison_links(story):
        key = (story_of.get(a, NO_STORY), group_id)
        members[key].update((a, b))
        verdicts[key][verdict] += 1
        if verdict == "conflict" and review == "dismissed":
            dismissed_counts[key] += 1

    def open_conflicts(key: Key) -> int:
        return verdicts[key]["conflict"] - dismissed_counts[key]

    def group_rank(key: Key) -> tuple:
        return not open_conflicts(key), not verdicts[key]["conflict"], -len(members[key]), key[1]

    # Stories: those with the most open conflicts first, then the most conflicts, groups, articles.
    in_story: dict[str, list[Key]] = defaultdict(list)
    for key in sorted(members, key=group_rank):
        in_story[key[0]].append(key)
    story_articles: dict[str, list[Article]] = defaultdict(list)
    for a in order:
        story_articles[a.story or NO_STORY].append(a)
    story_open = Counter({s: sum(open_conflicts(k) for k in keys) for s, keys in in_story.items()})
    story_all = Counter({s: sum(verdicts[k]["conflict"] for k in keys) for s, keys in in_story.items()})

    def title(story_id: str) -> str:
        row = names.get(story_id) or {}
        return row.get("name") or row.get("label") or ("Articles in no story" if story_id == NO_STORY else story_id)

    stories = sorted(story_articles, key=lambda s: (-story_open[s], -story_all[s], -len(in_story[s]),
                                                    -len(story_articles[s]), title(s), s))
    shown_stories = stories[:MAX_STORIES]
    place = {s: n for n, s in enumerate(shown_stories)}

    # The page draws at most MAX_GROUPS groups, story by story: each story's first group
    # (its biggest conflict, else its largest group) before any story's second, so that
    # every story on the page shows something and a story of many conflicts cannot take all.
    rank = {key: n for keys in in_story.values() for n, key in enumerate(keys)}
    candidates = [k for s in shown_stories for k in in_story[s]]
    drawn = sorted(candidates, key=lambda k: (rank[k], place[k[0]]))[:MAX_GROUPS]
    wanted = set().union(*(members[k] for k in drawn))
    claims: dict[str, Claim] = {c.id: c for c in store.iter_claims(story=story) if c.id in wanted}

    # The most confident conflicts of each drawn group (open and dismissed apart), fetched
    # ranked by SQLite; the others are counted on the page and listed by `conflicts --json`.
    chosen = set(drawn)
    conflict_rows: dict[Key, list[ComparisonView]] = defaultdict(list)
    for row in store.iter_comparisons(verdicts=["conflict"], story=story, per_group=MAX_CONFLICTS_PER_GROUP):
        key = (story_of.get(row.a.claim_id, NO_STORY), row.group_id)
        if key in chosen:
            conflict_rows[key].append(row)

    recurring = {g for g, n in Counter(g for _, g in members).items() if n > 1}
    groups: dict[str, list[tuple[tuple, GroupView]]] = defaultdict(list)
    for key in drawn:
        story_id, group_id = key
        summary = group_summary(group_id, members[key], verdicts[key], claims, dates, copy_of)
        fetched = conflict_rows[key]
        open_rows = [r for r in fetched if r.review != "dismissed"]
        dismissed_rows = [r for r in fetched if r.review == "dismissed"]
        # Linked copies of one article are one source: a conflict they all repeat is shown once.
        active = merge_copies(open_rows, copy_of)
        dismissed = merge_copies(dismissed_rows, copy_of)
        flagged = {side.claim_id for r in active for side in r.sides}
        shown_in_blocks = flagged | {side.claim_id for r in dismissed for side in r.sides}
        everyone = sorted((claims[i] for i in summary["claim_ids"]),
                          key=lambda c: (_article_order(articles[c.article_id]), c.start))
        # At most MAX_CLAIMS_PER_GROUP claims charted and listed: those in a drawn conflict
        # block first (the blocks quote them), then the others in article order.
        keep = {c.id for c in everyone if c.id in shown_in_blocks}
        keep |= set([c.id for c in everyone if c.id not in keep][:max(0, MAX_CLAIMS_PER_GROUP - len(keep))])
        members_drawn = [c for c in everyone if c.id in keep]
        views = {c.id: _claim_view(c, articles[c.article_id], links[c.article_id], colours[c.source],
                                   c.id in flagged) for c in members_drawn}

        def conflict(row: ComparisonView) -> ConflictView:
            return ConflictView(id=row.id, a=views[row.a.claim_id], b=views[row.b.claim_id], reason=row.reason,
                                review=row.review, note=row.review_note,
                                copies=(*row.a.appearances[1:], *row.b.appearances[1:]))

        html_id = f"{group_id}-{story_id[:8]}" if group_id in recurring and story_id else group_id
        figure, measures = _figure(members_drawn, articles, colours, active)
        view = GroupView(
            id=html_id,
            group_id=group_id,
            subject=summary["subject"],
            verdicts=", ".join(f"{k.replace('_', ' ')} ×{v}" for k, v in summary["verdicts"].items()),
            sources=len(summary["sources"]),
            claims=list(views.values()),
            conflicts=[conflict(r) for r in active],
            dismissed=[conflict(r) for r in dismissed],
            # Charts of a story with conflicts are drawn as the page loads, the others after.
            chart=Markup(_chart_html(f"chart-{html_id}", figure, eager=story_open[story_id] > 0)),
            claim_count=len(everyone),
            more_conflicts=open_conflicts(key) - len(open_rows),
            more_dismissed=dismissed_counts[key] - len(dismissed_rows),
            measures=measures,
        )
        # Groups with a conflict nobody dismissed come first; summarize_groups' order otherwise.
        groups[story_id].append(((not view.conflicts, *group_order(summary)), view))

    story_views = []
    for s in shown_stories:
        mine = story_articles[s]
        dated = sorted(a.date for a in mine if a.date)
        story_views.append(StoryView(
            id=s or "none", title=title(s), named=bool((names.get(s) or {}).get("name")),
            articles=len(mine), outlets=len({a.outlet for a in mine if a.outlet}),
            first_date=dated[0] if dated else "", last_date=dated[-1] if dated else "",
            claims=story_claims[s], conflicts=story_open[s], group_count=len(in_story[s]),
            groups=[view for _, view in sorted(groups[s], key=lambda pair: pair[0])],
        ))

    sources = [SourceView(path=a.path, title=a.title, outlet=a.outlet or "", date=a.date or "",
                          href=links[a.id][0], link_text=links[a.id][1], colour=colours[a.path],
                          claims=per_source[a.id]) for a in order[:MAX_SOURCES]]

    drawn_views = [view for pairs in groups.values() for _, view in pairs]
    # Conflicts not drawn (beyond a group's cap, or in groups not drawn) still count; linked
    # copies that repeat one conflict count once, as the page shows them.
    conflicts = sum(len(g.conflicts) + g.more_conflicts for g in drawn_views) + sum(
        open_conflicts(k) for k in members if k not in chosen)
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
        stories=story_views,
        story_total=len(stories),
        more_stories=len(stories) - len(shown_stories),
        total_groups=len(members),
        undrawn_groups=len(members) - len(drawn_views),
        undrawn_conflicts=conflicts - sum(len(g.conflicts) for g in drawn_views),
        sources=sources,
        more_sources=len(order) - len(sources),
        limits={"groups": MAX_GROUPS, "conflicts": MAX_CONFLICTS_PER_GROUP, "claims": MAX_CLAIMS_PER_GROUP,
                "stories": MAX_STORIES},
        fold=FOLD_AFTER,
        chart_config=Markup(json.dumps(CHART_CONFIG)),
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


# --- charts ---------------------------------------------------------------------


#: Plotly's options for every chart, drawn at load (plotly.io.to_html) or after (the page's script).
CHART_CONFIG = {"displaylogo": False, "responsive": True}
CHART_HEIGHT = 340


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


def _cut(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def source_label(article: Article) -> str:
    """Who published an article, for a chart: its outlet, else its web site, else its
    headline (shortened), else its file name."""
    if article.outlet:
        return _cut(article.outlet, 24)
    url = (article.url or "").strip()
    if url.lower().startswith(("http://", "https://")) and (host := url.split("://", 1)[1].split("/", 1)[0]):
        return host.removeprefix("www.")
    return _cut(article.title, 24) if article.title.strip() else _short(article.path, 24)


def _figure(members: list[Claim], articles: dict[str, Article], colours: dict[str, str],
            conflicts: list[ComparisonView]) -> tuple[dict[str, Any], int]:
    """One Plotly figure of a group's claims, and how many measures it holds.

    One y axis, never a grid of subplots: each measure (count, percent, days, ...) is a set
    of traces, the first visible, and a dropdown (Plotly's updatemenus) shows another set
    with its own axes. The measure holding the most claims in a conflict comes first.

    The figure is Plotly's JSON structure as plain dicts: validating a graph_objects
    Figure took three quarters of the report's time, and the browser draws either."""
    e = _escape
    flagged = {side.claim_id for r in conflicts for side in r.sides}
    by_measure: dict[str, list[Claim]] = defaultdict(list)
    for c in members:
        by_measure[_row_key(c)].append(c)
    keys = sorted(by_measure, key=lambda k: (-sum(c.id in flagged for c in by_measure[k]), -len(by_measure[k]), k))
    by_id = {c.id: c for c in members}

    fig: dict[str, Any] = {"data": [], "layout": {}}
    spans: list[tuple[int, int]] = []
    axes: list[dict[str, Any]] = []
    for n, key in enumerate(keys):
        first = len(fig["data"])
        axes.append(_add_measure(fig, by_measure[key], articles, colours, flagged, visible=n == 0))
        # A dotted red line joins the two claims of each conflict: where the sources diverge.
        xs: list[float | None] = []
        ys: list[float | None] = []
        for r in conflicts:
            a, b = by_id.get(r.a.claim_id), by_id.get(r.b.claim_id)
            if a and b and _row_key(a) == key == _row_key(b):
                xs += [axes[-1]["x"][a.id], axes[-1]["x"][b.id], None]
                ys += [_y(a), _y(b), None]
        if xs:
            fig["data"].append(_scatter(x=xs, y=ys, mode="lines", name="conflict", visible=n == 0,
                                        line={"color": CONFLICT_COLOUR, "width": 2, "dash": "dot"},
                                        hoverinfo="skip", legendgroup="conflict"))
        spans.append((first, len(fig["data"])))

    first_axes = _axes_layout(axes[0])
    fig["layout"] = {
        "height": CHART_HEIGHT, "hovermode": "closest", "plot_bgcolor": "white", "paper_bgcolor": "white",
        "font": {"family": "system-ui, sans-serif", "size": 12},
        "margin": {"l": 70, "r": 20, "t": 56 if len(keys) > 1 else 30, "b": 60},
        "legend": {"orientation": "v", "x": 1.02, "y": 1},
        "xaxis": {"title": {"text": "articles in date order (undated last)"}, "gridcolor": "#f3f3f3",
                  "zeroline": False, "showline": True, "linecolor": "#999", "tickmode": "array", "automargin": True,
                  "tickvals": first_axes["xaxis.tickvals"], "ticktext": first_axes["xaxis.ticktext"],
                  "range": first_axes["xaxis.range"]},
        "yaxis": {"zeroline": True, "zerolinecolor": "#bbb", "gridcolor": "#eee", "automargin": True,
                  "range": first_axes["yaxis.range"], "title": {"text": first_axes["yaxis.title.text"]}},
    }
    if len(keys) > 1:
        total = len(fig["data"])
        buttons = [{"label": e(f"{_row_title(by_measure[k][0])} · {len(by_measure[k])} claims"
                               + (" · in conflict" if any(c.id in flagged for c in by_measure[k]) else "")),
                    "method": "update",
                    "args": [{"visible": [lo <= i < hi for i in range(total)]},
                             _axes_layout(axes[n])]}
                   for n, (k, (lo, hi)) in enumerate(zip(keys, spans))]
        fig["layout"]["updatemenus"] = [{"type": "dropdown", "buttons": buttons, "active": 0, "showactive": True,
                                         "x": 0, "xanchor": "left", "y": 1.03, "yanchor": "bottom",
                                         "bgcolor": "white", "bordercolor": "#999"}]
    return fig, len(keys)


def _axes_layout(axes: dict[str, Any]) -> dict[str, Any]:
    """The layout of one measure's axes, as the dotted paths a dropdown button's relayout takes."""
    return {"xaxis.tickvals": axes["tickvals"], "xaxis.ticktext": axes["ticktext"], "xaxis.range": axes["xrange"],
            "yaxis.range": axes["yrange"], "yaxis.title.text": axes["title"]}


def _scatter(**properties: Any) -> dict[str, Any]:
    """A scatter trace as Plotly's JSON has it (None: the property is left out)."""
    return {"type": "scatter", **{k: v for k, v in properties.items() if v is not None}}


def _add_measure(fig: dict[str, Any], mine: list[Claim], articles: dict[str, Article], colours: dict[str, str],
                 flagged: set[str], *, visible: bool) -> dict[str, Any]:
    """Add the traces of one measure's claims to `fig`; returns its axes (and each claim's x)."""
    e = _escape
    # x: one slot per article in date order (undated last); an article's claims spread inside it.
    slots = sorted({c.article_id for c in mine}, key=lambda i: _article_order(articles[i]))
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for c in mine:
        by_article[c.article_id].append(c)
    x: dict[str, float] = {}
    for n, article_id in enumerate(slots):
        theirs = by_article[article_id]
        for k, c in enumerate(theirs):
            x[c.id] = n + (0 if len(theirs) == 1 else -0.25 + 0.5 * k / (len(theirs) - 1))
    bottom, top, floor, ceiling = _axis_limits(mine)
    labelled = len(mine) <= MAX_LABELLED_CLAIMS

    # A trace (and a legend entry) per source while the legend stays short; past that one
    # trace holds every mark, coloured by source, and each mark's tooltip names its source.
    sources = list(dict.fromkeys(c.source for c in mine))
    legend = len(sources) <= MAX_LEGEND_SOURCES
    parts = [[c for c in mine if c.source == s] for s in sources] if legend else [mine]
    for part in parts:
        article = articles[part[0].article_id]
        ys = [_y(c) for c in part]
        fig["data"].append(_scatter(
            x=[x[c.id] for c in part], y=ys, mode="markers+text" if labelled else "markers", visible=visible,
            name=e(f"{source_label(article)} · {article.date or 'undated'}") if legend else "claims",
            legendgroup=part[0].source if legend else "claims", showlegend=legend,
            text=[e(label(c)) for c in part] if labelled else None, textposition="middle right",
            textfont={"size": 11, "color": [CONFLICT_COLOUR if c.id in flagged else "#333" for c in part]},
            hovertext=[_hover(c, articles[c.article_id], c.id in flagged) for c in part], hoverinfo="text",
            error_y={"type": "data", "symmetric": False,
                     "array": [(ceiling if c.high is None else c.high) - y for c, y in zip(part, ys)],
                     "arrayminus": [y - (floor if c.low is None else c.low) for c, y in zip(part, ys)],
                     "color": colours[part[0].source] if legend else "#999", "thickness": 2, "width": 5},
            marker={
                "color": [colours[c.source] for c in part],
                "size": [15 if c.id in flagged else 10 for c in part],
                "symbol": ["diamond" if c.id in flagged else "circle" for c in part],
                "opacity": [1.0 if c.value is not None else 0.55 for c in part],
                "line": {"color": [CONFLICT_COLOUR if c.id in flagged else "white" for c in part],
                         "width": [3 if c.id in flagged else 1 for c in part]},
            },
            customdata=[[c.low, c.high] for c in part],
        ))
        # Open ends: an arrowhead where the range leaves the chart.
        for open_ones, end, symbol in (([c for c in part if c.high is None], ceiling, "triangle-up"),
                                       ([c for c in part if c.low is None], floor, "triangle-down")):
            if open_ones:
                fig["data"].append(_scatter(
                    x=[x[c.id] for c in open_ones], y=[end] * len(open_ones), mode="markers", visible=visible,
                    marker={"symbol": symbol, "size": 11, "color": [colours[c.source] for c in open_ones]},
                    hovertext=[e(f"“{c.quote}”: {stated(c)} (no {'upper' if end == ceiling else 'lower'}"
                                 " bound stated)") for c in open_ones],
                    hoverinfo="text", legendgroup=part[0].source if legend else "claims", showlegend=False,
                ))

    # Each article's slot is labelled with its outlet and date; past MAX_TICKS, every n-th.
    step = -(-len(slots) // MAX_TICKS)
    ticked = list(range(0, len(slots), step))
    ticks = [f"{e(source_label(articles[slots[n]]))}<br>{e(articles[slots[n]].date or 'undated')}" for n in ticked]
    title = _row_title(mine[0])
    return {"x": x, "tickvals": ticked, "ticktext": ticks, "xrange": [-0.6, len(slots) - 0.4],
            "yrange": [bottom, top], "title": e(title)}


def _chart_html(chart_id: str, fig: dict[str, Any], *, eager: bool) -> str:
    """A chart's HTML: drawn as the page loads (Plotly's own snippet) when `eager`, else a
    placeholder and the figure's JSON, which the page's script draws once the page has loaded."""
    import plotly.io

    if eager:
        return plotly.io.to_html(fig, validate=False, include_plotlyjs=False, full_html=False, div_id=chart_id,
                                 default_height=f"{CHART_HEIGHT}px", default_width="100%", config=CHART_CONFIG)
    # plotly.io.to_json escapes <, > and / inside strings, so the JSON cannot end its script element.
    return (f'<div id="{chart_id}" class="plotly-graph-div lazy-chart" style="height:{CHART_HEIGHT}px;'
            f' width:100%;"></div>\n<script type="application/json" data-chart="{chart_id}">'
            f"{plotly.io.to_json(fig, validate=False)}</script>")


def _escape(text: str) -> str:
    """Text for Plotly's labels, which render a little HTML: it decodes &amp; &lt; &gt; but not &quot;."""
    return html.escape(text, quote=False)


def _hover(claim: Claim, article: Article, in_conflict: bool) -> str:
    """A mark's tooltip; Plotly renders a little HTML there, so every text is escaped first."""
    e = _escape
    change = f", {'a rise' if claim.change == 'up' else 'a fall'}" if claim.change else ""
    lines = [f"<b>“{e(claim.quote)}”</b>", f"{e(stated(claim))}{change}  {e(bounds(claim))}",
             f"{e(source_label(article))} · {e(article.date or 'undated')}"]
    if article.title.strip():
        lines.append(f"<i>{e(_cut(article.title, 80))}</i>")
    lines.append(e(claim.source))
    for name, value in (("place", claim.place), ("period", claim.period), ("said by", claim.attributed_to)):
        if value:
            lines.append(f"{name}: {e(value)}")
    if claim.value is None:
        lines.append("no single value stated: the mark is the middle of the range")
    if in_conflict:
        lines.append("<b>in a conflict</b>")
    return "<br>".join(lines)
