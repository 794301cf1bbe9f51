"""The Plotly chart of one group of claims in the report (report.py lays out the page).

A group is one chart, never a grid of subplots: each measure its claims state (a count
and a percent, days and years) is a set of traces, and a dropdown picks the one drawn.
Figures are Plotly's JSON structure as plain dicts; every text in a hover or tick label
is HTML-escaped first, because Plotly renders a little HTML there.
"""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Any

from .identity import measure
from .model import Article, Claim, ComparisonView
from .writing import bounds, label, stated

#: What marks a claim in a conflict (report.PALETTE, the sources' colours, has no red).
CONFLICT_COLOUR = "#d00000"
#: Above this many claims a chart drops its value labels (they would overlap).
MAX_LABELLED_CLAIMS = 40
#: Above this many sources a chart shows no legend of them (each mark's tooltip names its source).
MAX_LEGEND_SOURCES = 12
#: Above this many articles a chart's axis labels every n-th of them only.
MAX_TICKS = 16

#: Plotly's options for every chart, drawn at load (plotly.io.to_html) or after (the page's script).
CHART_CONFIG = {"displaylogo": False, "responsive": True}
CHART_HEIGHT = 340


def article_order(article: Article) -> tuple[bool, str, str]:
    """Where an article's claims sit on a chart's x axis, and in the report's lists:
    dated articles first, oldest first; undated ones after, by path."""
    return article.date is None, article.date or "", article.path


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


def group_figure(members: list[Claim], articles: dict[str, Article], colours: dict[str, str],
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
    slots = sorted({c.article_id for c in mine}, key=lambda i: article_order(articles[i]))
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


def chart_html(chart_id: str, fig: dict[str, Any], *, eager: bool) -> str:
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
