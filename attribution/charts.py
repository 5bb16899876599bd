"""Charts drawn on the server as SVG (pygal), to sit inline in a page under the site's strict CSP.

Data in, a ``Chart`` out: its ``svg`` (a SafeString), and the same numbers as the rows of a table
(``templates/attribution/_chart.html`` renders both) and of a CSV (``chart_csv``). Inline, each bar or dot is
a real link to its search, and the page reads without JavaScript.

pygal writes a ``<style>`` element into every SVG and asks for JavaScript tooltips; the page's
Content-Security-Policy (``style-src 'self'``, ``script-src 'self'``) would refuse both. So the chart is drawn
with no JavaScript (``js=[]``) and without pygal's per-chart id prefix (``no_prefix``), and ``_clean`` takes
out of the drawn tree every ``<style>``, ``<script>``, comment, style attribute and the tooltips' hidden
nodes; colours, fonts and strokes come from ``static/css/charts.css``, by pygal's class names, the series in
the speakers' twelve colours (``spk-N`` from app.css).
"""

import csv
import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygal
from django.http import HttpResponse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from lxml import etree
from pygal.style import Style

EMPTY_TEXT = "No quotes in this period"
WIDTH = 760  # the viewBox's width: about the width the chart is shown at, so its text stays near 12px
VERTICAL_MAX = 12  # more bars than this are drawn across (horizontal), their labels one under the other
MAX_BARS = 30  # a longer list draws its first MAX_BARS; the table beside it holds every row
LABEL_CHARS = (
    28  # a label longer than this is cut (with … in its middle) in the chart; the table gives it whole
)
X_LABELS = 12  # a time series names at most about this many of its periods under the chart
PLOT_WIDTH = WIDTH - 80  # about what is left of WIDTH beside the value axis
CHAR_WIDTH = 7  # about the width of a character of a 12px label, to tell whether labels fit side by side
COLOURS = 12  # app.css's speaker colours, .spk-0 … .spk-11

# The sizes pygal lays the chart out with (margins, label truncation); charts.css draws with the same ones.
STYLE = Style(
    font_family="system-ui, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    value_font_size=12,
    title_font_size=14,
    no_data_font_size=16,
)


@dataclass(frozen=True)
class Point:
    """One bar: its label, its value and the search it stands for."""

    label: str
    value: float
    href: str | None = None


@dataclass(frozen=True)
class Series:
    """One line, or one layer of stacked bars: a value (None: nothing to show) and a search per label."""

    name: str
    values: list[float | None]
    hrefs: list[str | None] | None = None


@dataclass(frozen=True)
class Cell:
    value: float | None
    text: str  # the value as the chart's labels write it ("12", "37.5%"; "–" for none)
    href: str | None


@dataclass(frozen=True)
class Row:
    label: str
    href: str | None  # a bar's search (series rows link by their cells)
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Chart:
    """A drawn chart and its numbers. ``svg`` is empty when there is nothing to draw (``empty``)."""

    title: str
    svg: SafeString
    heading: str  # the labels' column
    columns: tuple[str, ...]  # the values' columns: one, or a series' name each
    rows: tuple[Row, ...]
    note: str = ""  # what the chart leaves to the table, if anything
    empty_text: str = EMPTY_TEXT

    @property
    def empty(self) -> bool:
        return not self.rows


def bar_chart(
    *,
    title: str,
    points: Sequence[Point],
    unit: str = "",
    horizontal: bool = False,
    heading: str = "",
    value_heading: str = "Quotes",
    empty_text: str = EMPTY_TEXT,
) -> Chart:
    """Bars of ``points`` in their order. They are drawn across when there are more than VERTICAL_MAX or
    their labels would not fit under them, and cut to the first MAX_BARS (the table keeps them all): pass them
    largest first."""
    for point in points:
        _check_value(point.value)
        _check_href(point.href)
    fmt = _formatter(unit)
    rows = tuple(Row(p.label, p.href, (Cell(p.value, fmt(p.value), p.href),)) for p in points)
    if not points:
        return Chart(title, SafeString(""), heading, (value_heading,), rows, empty_text=empty_text)
    drawn = points[:MAX_BARS]
    note = f"The chart shows the first {MAX_BARS} of {len(points)}; the table lists them all."
    labels = [_short(p.label) for p in drawn]
    across = horizontal or len(drawn) > VERTICAL_MAX or not _fit(labels, len(labels))
    kind = pygal.HorizontalBar if across else pygal.Bar
    chart = kind(
        **_config(fmt),
        height=max(200, 60 + 24 * len(drawn)) if across else 360,
        show_legend=False,
        print_values=True,
        print_values_position="top",
        # room past the longest bar for its number
        y_labels=_ticks(_headroom(max(p.value for p in drawn), unit), unit),
        classes=("chart-svg", "chart-bar"),
    )
    # pygal draws horizontal bars bottom up; the list reads top down
    chart.x_labels = labels[::-1] if across else labels
    values = [_value(p.label, p.value, p.href, fmt) for p in drawn]
    chart.add(value_heading or title, values[::-1] if across else values)
    return Chart(
        title,
        _svg(chart, title),
        heading,
        (value_heading,),
        rows,
        note if len(points) > MAX_BARS else "",
        empty_text,
    )


def stacked_bars(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    heading: str = "",
    empty_text: str = EMPTY_TEXT,
) -> Chart:
    """Bars of ``series`` stacked, one bar per label (a week, a month): the mix of speaker kinds over time."""
    return _series_chart(
        pygal.StackedBar,
        title,
        labels,
        series,
        unit,
        heading,
        empty_text,
        _ticks(_peak(labels, series), unit),
    )


def line_chart(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "%",
    y_range: tuple[float, float] | None = (0, 100),
    heading: str = "",
    empty_text: str = EMPTY_TEXT,
) -> Chart:
    """A line per series over ``labels``: shares over time, 0–100 % unless ``y_range`` says otherwise
    (None: from 0 to the largest value)."""
    ticks = _ticks(y_range[1], unit) if y_range else _ticks(_peak(labels, series, stacked=False), unit)
    return _series_chart(pygal.Line, title, labels, series, unit, heading, empty_text, ticks)


def chart_csv(chart: Chart) -> str:
    """The chart's numbers as CSV: a header row, then a row per label. Text a spreadsheet would run as a
    formula gets a leading ``'``, as in the search's export; numbers are written as numbers."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_cell_text(chart.heading or "label"), *(_cell_text(c) for c in chart.columns)])
    for row in chart.rows:
        writer.writerow([_cell_text(row.label), *(_csv_number(c.value) for c in row.cells)])
    return out.getvalue()


def chart_csv_response(chart: Chart, *, filename: str = "") -> HttpResponse:
    """``chart_csv`` as a download named after ``filename`` (else the title), in UTF-8."""
    name = slugify(filename or chart.title) or "chart"
    return HttpResponse(
        chart_csv(chart).encode(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def _series_chart(
    kind: type[pygal.graph.graph.Graph],
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str,
    heading: str,
    empty_text: str,
    ticks: list[float],
) -> Chart:
    labels = list(labels)
    for one in series:
        if len(one.values) != len(labels) or (one.hrefs is not None and len(one.hrefs) != len(labels)):
            raise ValueError(f"series {one.name!r}: {len(one.values)} values for {len(labels)} labels")
        for value, href in zip(one.values, one.hrefs or [None] * len(labels), strict=True):
            _check_value(value)
            _check_href(href)
    fmt = _formatter(unit)
    rows = tuple(
        Row(label, None, tuple(Cell(s.values[i], fmt(s.values[i]), _href(s, i)) for s in series))
        for i, label in enumerate(labels)
    )
    columns = tuple(s.name for s in series)
    if all(value is None for one in series for value in one.values):  # no labels, no series, or no value
        return Chart(title, SafeString(""), heading, columns, (), empty_text=empty_text)
    short = [_short(label) for label in labels]
    every = math.ceil(len(labels) / X_LABELS)
    chart = kind(
        **_config(fmt),
        height=360,
        # the periods named under the chart slant when they would not fit side by side
        x_label_rotation=0 if _fit(short[::every], math.ceil(len(labels) / every)) else 35,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(series), 4),
        truncate_legend=LABEL_CHARS,
        y_labels=ticks,
        show_minor_x_labels=False,
        x_labels_major_every=every,
        dots_size=3,
        allow_interruptions=True,  # a period with no value (None) breaks the line, not bridged
        classes=("chart-svg", "chart-line" if kind is pygal.Line else "chart-stacked"),
    )
    chart.x_labels = short
    for one in series:
        chart.add(
            one.name,
            [
                _value(f"{label}, {one.name}", one.values[i], _href(one, i), fmt)
                for i, label in enumerate(labels)
            ],
        )
    return Chart(title, _svg(chart, title), heading, columns, rows, empty_text=empty_text)


def _config(fmt: Callable[[float | None], str]) -> dict:
    return {
        "style": STYLE,
        # no "#chart-<uuid>" before each of pygal's CSS rules: charts.css names its classes alone
        "no_prefix": True,
        "js": [],  # pygal's tooltips load from a CDN and run inline: neither passes the CSP
        "css": [],
        "disable_xml_declaration": True,
        "explicit_size": False,  # a viewBox only: the SVG takes the width of its box
        "width": WIDTH,
        "margin": 12,
        "spacing": 8,
        "truncate_label": -1,  # labels come cut by _short; pygal's own cut leaves one letter of a week's name
        "value_formatter": fmt,
        "show_x_guides": False,
        "no_data_text": "",
        "title": None,  # the page's own heading names the chart; <title> and aria-label say it too
    }


def _value(label: str, value: float | None, href: str | None, fmt) -> dict:
    # a <title> in each bar or dot: the browser's own tooltip, with no script
    value_ = {"value": value, "tooltip": f"{label}: {fmt(value)}"}
    if href:
        value_["xlink"] = {"href": href}
    return value_


def _svg(chart: pygal.graph.graph.Graph, title: str) -> SafeString:
    root = chart.render_tree()
    _clean(root, title)
    # lxml escapes every text and attribute (a publication named "<b>Herald & Co</b>" stays text)
    return mark_safe(etree.tostring(root, encoding="unicode"))


# What pygal draws for its JavaScript (tooltips' data and box, the ids it finds series by) or for its CSS,
# and our pages do without; an axis label's <title> says what the label says, or for a horizontal chart's
# labels a wrong number.
DROP_TAGS = {"style", "script", "desc"}
DROP_CLASSES = {"tooltip-overlay"}
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# pygal writes coordinates to 15 digits: a tenth of a pixel is plenty, and a year of weeks half the size
LONG_NUMBER = re.compile(r"\d+\.\d{2,}")
COORDINATES = {"x", "y", "width", "height", "cx", "cy", "r", "d"}


def _clean(root: etree._Element, title: str) -> None:
    """Make pygal's tree fit the CSP and the page: no style, script, comment or style attribute left, links
    as SVG 2 ``href``, series coloured by class, and the chart named for screen readers."""
    for parent in list(root.iter()):
        for child in list(parent):
            # a comment (pygal's credits, its site's address) or processing instruction, or a dropped node
            if not isinstance(child.tag, str) or _dropped(child, parent):
                parent.remove(child)
    for node in root.iter(etree.Element):
        node.attrib.pop("style", None)
        node.attrib.pop("id", None)
        for name in COORDINATES & set(node.attrib):
            node.set(name, LONG_NUMBER.sub(lambda m: f"{float(m[0]):.1f}", node.get(name)))
        if (href := node.attrib.pop(XLINK_HREF, None)) is not None:
            node.set("href", href)
            # the table beside the chart holds the same links: one tab stop each, not two
            node.set("tabindex", "-1")
        # pygal's "color-N" (a series and its legend's box) in the speakers' colours: app.css's spk-N
        if colour := next((c for c in node.get("class", "").split() if c.startswith("color-")), None):
            node.set("class", f"{node.get('class')} spk-{int(colour.removeprefix('color-')) % COLOURS}")
    etree.cleanup_namespaces(root)
    if not len(root.find("defs")):
        root.remove(root.find("defs"))
    root.set("role", "img")
    root.set("aria-label", title)
    root.find("title").text = title


def _dropped(node: etree._Element, parent: etree._Element) -> bool:
    tag = etree.QName(node).localname
    return (
        tag in DROP_TAGS
        or bool(DROP_CLASSES & set(node.get("class", "").split()))
        or (tag == "title" and "guides" in parent.get("class", "").split())
    )


def _short(label: str) -> str:
    """``label`` cut to LABEL_CHARS in its middle, keeping the end that tells "… no. 7" from "… no. 8"."""
    if len(label) <= LABEL_CHARS:
        return label
    head = (LABEL_CHARS - 1) * 2 // 3
    return f"{label[:head].rstrip()}…{label[len(label) - (LABEL_CHARS - 1 - head) :].lstrip()}"


def _fit(labels: Sequence[str], slots: int) -> bool:
    """Whether ``labels`` fit side by side in ``slots`` places under a chart."""
    return max(map(len, labels), default=0) * CHAR_WIDTH <= PLOT_WIDTH / max(slots, 1) - 6


def _formatter(unit: str) -> Callable[[float | None], str]:
    def fmt(value: float | None) -> str:
        if value is None:
            return "–"
        text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
        return f"{text}{unit}"

    return fmt


def _headroom(peak: float, unit: str) -> float:
    return min(1.1 * peak, 100) if unit == "%" and peak <= 100 else 1.1 * peak


def _ticks(peak: float, unit: str) -> list[float]:
    """Three to six round steps from 0 to ``peak`` or just past it (1, 2 or 5 times a power of ten; whole
    numbers for counts, quarters of 100% for shares above a half)."""
    if unit == "%" and 50 < peak <= 100:
        return [0, 25, 50, 75, 100]
    if peak <= 0:
        return [0, 1]
    raw = peak / 6
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if unit != "%":
        step = max(1, round(step))
    return [round(i * step, 6) for i in range(math.ceil(peak / step) + 1)]


def _peak(labels, series, *, stacked: bool = True) -> float:
    if stacked:
        return max((sum(s.values[i] or 0 for s in series) for i in range(len(labels))), default=0)
    return max((v or 0 for s in series for v in s.values), default=0)


def _href(series: Series, i: int) -> str | None:
    return series.hrefs[i] if series.hrefs else None


def _check_value(value: float | None) -> None:
    if value is not None and (not math.isfinite(value) or value < 0):
        raise ValueError(f"a chart's values are counts or shares, not {value!r}")


def _check_href(href: str | None) -> None:
    # the site's own pages only (a search's URL): nothing in a chart leads or loads outside it ("//host" and
    # "/\host" are other sites' addresses to a browser)
    if href is not None and not (href[:1] == "/" and href[1:2] not in ("/", "\\")):
        raise ValueError(f"a chart links to the site's own pages only, not {href!r}")


def _cell_text(text: str) -> str:
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(round(value, 4))
