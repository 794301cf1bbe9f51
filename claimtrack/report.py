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
the charts' hover labels and tick labels (charts.py) is HTML-escaped too, because Plotly
renders a subset of HTML there, and Plotly's JSON escapes `<`, `>` and `/`.
plotly.js is embedded once, so the file opens with no network.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import quote as url_quote

from .charts import CHART_CONFIG, article_order, chart_html, group_figure
from .model import Article, Claim, ComparisonView
from .output import database_files, replacing
from .store import Store
from .views import group_order, group_summary, merge_copies
from .writing import bounds, stated

#: Source colours; red is left out because it marks conflicts.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf")
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
    order = sorted(articles.values(), key=article_order)
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
                          key=lambda c: (article_order(articles[c.article_id]), c.start))
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
        figure, measures = group_figure(members_drawn, articles, colours, active)
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
            chart=Markup(chart_html(f"chart-{html_id}", figure, eager=story_open[story_id] > 0)),
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
