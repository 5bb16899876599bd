"""attribution/charts.py: SVG that passes the site's CSP (no style, script or outside address), bars that link
to their searches, names escaped, the table and CSV of the same numbers, no data, and many points."""

import csv
import io
import math

import pytest
from django.template.loader import render_to_string
from lxml import etree, html

from attribution.charts import (
    LABEL_CHARS,
    MAX_BARS,
    Point,
    Series,
    bar_chart,
    chart_csv,
    chart_csv_response,
    line_chart,
    stacked_bars,
)

HOSTILE = '<b>Harbour</b> & "Co" Times'
WEEKS = [f"Week {n}" for n in range(1, 53)]


def _bars(**extra):
    points = [
        Point("The Herald", 412, "/search/?q=housing&publication=1"),
        Point(HOSTILE, 131, "/search/?q=<b>&publication=2"),
        Point("Metro", 7, None),
    ]
    return bar_chart(title="Quotes by publication", heading="Publication", points=points, **extra)


def _stacked():
    kinds = ["Named person", "Anonymous", "Group", "Organization"]
    return stacked_bars(
        title="Speakers by kind",
        heading="Week",
        labels=WEEKS[:8],
        series=[
            Series(kind, [10 + i] * 8, [f"/search/?speaker_kind={i}&w={w}" for w in range(8)])
            for i, kind in enumerate(kinds)
        ],
    )


def _line():
    return line_chart(
        title="Share of quotes with an anonymous source",
        heading="Week",
        labels=WEEKS,
        series=[
            Series("Quotes", [12.5] * 51 + [None], ["/search/?anonymous=true"] * 52),
            Series("Articles", [30] * 52),
        ],
    )


CHARTS = {"bars": _bars, "stacked": _stacked, "line": _line}


def _tree(chart) -> etree._Element:
    return etree.fromstring(str(chart.svg))


@pytest.mark.parametrize("kind", CHARTS)
def test_no_chart_holds_a_style_a_script_or_an_outside_address(kind):
    chart = CHARTS[kind]()
    svg = str(chart.svg)
    tree = _tree(chart)
    assert tree.tag == "svg"
    assert not tree.xpath("//style | //script | //comment() | //processing-instruction() | //*[@style]")
    assert "<style" not in svg and "style=" not in svg and "<script" not in svg
    # not even a namespace: the HTML parser puts inline <svg> in its namespace by itself
    assert "http" not in svg and "//" not in svg
    assert not tree.xpath("//@*[starts-with(name(), 'on')]")  # no event handlers either
    assert all(href.startswith("/search/?") for href in tree.xpath("//a/@href"))
    assert not tree.xpath("//*[@id]")  # pygal's ids would repeat when a page shows two charts


def test_each_bar_links_to_its_search_and_every_name_stays_text():
    chart = _bars()
    svg = str(chart.svg)
    tree = _tree(chart)
    assert tree.xpath("//a/@href") == ["/search/?q=housing&publication=1", "/search/?q=<b>&publication=2"]
    assert 'href="/search/?q=&lt;b&gt;&amp;publication=2"' in svg
    assert "<b>" not in svg and "&lt;b&gt;Harbour&lt;/b&gt; &amp;" in svg
    assert HOSTILE in tree.xpath("//text()")  # a label, read back as the very same text
    assert tree.xpath("//a/title/text()")[1] == f"{HOSTILE}: 131"  # the browser's own tooltip
    # the table beside holds the same links: the chart's stay out of the tab order
    assert set(tree.xpath("//a/@tabindex")) == {"-1"}


def test_a_chart_is_named_for_screen_readers():
    tree = _tree(_stacked())
    assert tree.get("role") == "img"
    assert tree.get("aria-label") == "Speakers by kind"
    assert tree.findtext("title") == "Speakers by kind"


def test_series_take_the_speakers_colours_in_turn():
    many = [Series(f"S{i}", [1, 2]) for i in range(13)]
    tree = _tree(stacked_bars(title="T", labels=["a", "b"], series=many))
    classes = [
        g.get("class") for g in tree.xpath("//g[contains(@class, 'serie-')][ancestor::g[@class='plot']]")
    ]
    assert classes[0].endswith("color-0 spk-0") and classes[12].endswith("color-12 spk-0")
    assert "spk-11" in classes[11]


def test_counts_are_told_in_whole_numbers_and_shares_in_per_cent():
    few = bar_chart(title="T", points=[Point("a", 3), Point("b", 1)])
    assert _tree(few).xpath("//g[contains(@class, 'axis y')]//text/text()") == ["0", "1", "2", "3", "4"]
    line = _tree(_line())
    assert line.xpath("//g[contains(@class, 'axis y')]//text/text()") == ["0%", "25%", "50%", "75%", "100%"]
    thousands = bar_chart(title="T", points=[Point("a", 1234)], unit=" quotes")
    assert thousands.rows[0].cells[0].text == "1,234 quotes"


@pytest.mark.parametrize(
    "chart",
    [
        bar_chart(title="Quotes by byline", points=[]),
        stacked_bars(title="Mix", labels=[], series=[Series("Named", [])]),
        line_chart(title="Share", labels=["Week 1", "Week 2"], series=[Series("Quotes", [None, None])]),
        line_chart(title="Share", labels=WEEKS, series=[]),
    ],
)
def test_no_quotes_in_the_period_says_so_instead_of_a_chart(chart):
    assert chart.empty and chart.svg == ""
    page = render_to_string("attribution/_chart.html", {"chart": chart, "csv_url": "/x.csv"})
    assert "No quotes in this period" in page
    assert "<svg" not in page and "<table" not in page and "CSV" not in page


def test_the_partial_shows_the_chart_and_a_table_of_the_same_numbers_with_the_same_links():
    page = html.fromstring(
        render_to_string("attribution/_chart.html", {"chart": _bars(), "csv_url": "/n.csv"})
    )
    assert page.findtext("figcaption").startswith("Quotes by publication")
    assert page.xpath("//figcaption/a/@href") == ["/n.csv"]
    assert page.xpath("//svg/@aria-label") == ["Quotes by publication"]
    assert [th.text_content() for th in page.xpath("//thead//th")] == ["Publication", "Quotes"]
    rows = [[cell.text_content() for cell in tr] for tr in page.xpath("//tbody/tr")]
    assert rows == [["The Herald", "412"], [HOSTILE, "131"], ["Metro", "7"]]
    assert page.xpath("//tbody//a/@href") == page.xpath("//svg//a/@href")


def test_a_series_table_links_each_number_to_its_search():
    page = html.fromstring(render_to_string("attribution/_chart.html", {"chart": _line()}))
    assert [th.text_content() for th in page.xpath("//thead//th")] == ["Week", "Quotes", "Articles"]
    last = page.xpath("//tbody/tr")[-1]
    assert [cell.text_content() for cell in last] == ["Week 52", "–", "30%"]  # no value that week
    assert page.xpath("//tbody/tr[1]/td[1]/a/@href") == ["/search/?anonymous=true"]
    assert not page.xpath("//tbody/tr[1]/td[2]/a")
    assert not page.xpath("//figcaption/a")  # no CSV link without its address


def test_the_csv_has_a_header_and_the_numbers_with_formulas_disarmed():
    points = [
        Point(label, value)
        for label, value in [("=SUM(A1)", 3), ("+1", 2.5), ("-x", 1), ("@me", 0), ("Ségolène", 4)]
    ]
    rows = list(csv.reader(io.StringIO(chart_csv(bar_chart(title="T", heading="=Who", points=points)))))
    assert rows == [
        ["'=Who", "Quotes"],
        ["'=SUM(A1)", "3"],
        ["'+1", "2.5"],
        ["'-x", "1"],
        ["'@me", "0"],
        ["Ségolène", "4"],
    ]
    series_rows = list(csv.reader(io.StringIO(chart_csv(_line()))))
    assert series_rows[0] == ["Week", "Quotes", "Articles"]
    assert series_rows[1] == ["Week 1", "12.5", "30"] and series_rows[-1] == ["Week 52", "", "30"]


def test_the_csv_downloads_in_utf8_named_after_the_chart():
    response = chart_csv_response(bar_chart(title="Quotes by publication", points=[Point("Élysée", 2)]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="quotes-by-publication.csv"'
    assert response.content.decode("utf-8") == "label,Quotes\r\nÉlysée,2\r\n"


def test_two_hundred_publications_are_drawn_across_the_first_thirty_and_listed_whole():
    names = [f"The Regional Evening Chronicle and Gazette no. {n}" for n in range(200)]
    chart = bar_chart(
        title="T", points=[Point(name, 500 - n, f"/search/?p={n}") for n, name in enumerate(names)]
    )
    tree = _tree(chart)
    assert tree.xpath("//g[contains(@class, 'horizontal')]")
    assert len(tree.xpath("//a")) == MAX_BARS
    labels = tree.xpath("//g[contains(@class, 'axis y')]//text/text()")
    assert len(labels) == MAX_BARS and max(map(len, labels)) <= LABEL_CHARS
    assert labels[-1] == "The Regional Eveni…tte no. 0"  # top down, the end that tells them apart kept
    assert len(set(labels)) == MAX_BARS
    assert len(chart.rows) == 200 and chart.rows[199].label == names[199]
    assert chart.note == "The chart shows the first 30 of 200; the table lists them all."
    assert len(_bars().svg) < 10_000 and len(str(chart.svg)) < 40_000


def test_a_few_short_labels_stand_under_vertical_bars_and_long_ones_go_across():
    short = _tree(bar_chart(title="T", points=[Point("Herald", 3), Point("Post", 2)]))
    assert short.xpath("//g[contains(@class, 'vertical')]")
    long = _tree(bar_chart(title="T", points=[Point("Herald", 3), Point("x" * 40, 2)] * 3))
    assert long.xpath("//g[contains(@class, 'horizontal')]")


def test_a_year_of_weeks_names_about_twelve_of_them_and_slants_long_names():
    tree = _tree(_line())
    names = tree.xpath("//g[contains(@class, 'axis x')]//text/text()")
    assert 9 <= len(names) <= 13 and names[0] == "Week 1"
    assert len(tree.xpath("//circle")) == 51 + 52 and len(tree.xpath("//a")) == 51
    assert not tree.xpath("//g[contains(@class, 'axis x')]//text[@transform]")
    dates = [f"Week of {n} January 2026" for n in range(52)]
    slanted = _tree(line_chart(title="T", labels=dates, series=[Series("Quotes", [10] * 52)]))
    assert slanted.xpath("//g[contains(@class, 'axis x')]//text[@transform]")


@pytest.mark.parametrize(
    "make",
    [
        lambda: bar_chart(title="T", points=[Point("a", -1)]),
        lambda: bar_chart(title="T", points=[Point("a", math.nan)]),
        lambda: bar_chart(title="T", points=[Point("a", 1, "https://elsewhere.example/")]),
        lambda: bar_chart(title="T", points=[Point("a", 1, "//elsewhere.example/")]),
        lambda: bar_chart(title="T", points=[Point("a", 1, "/\\elsewhere.example/")]),
        lambda: bar_chart(title="T", points=[Point("a", 1, "javascript:alert(1)")]),
        lambda: line_chart(title="T", labels=["a", "b"], series=[Series("S", [1])]),
        lambda: line_chart(title="T", labels=["a"], series=[Series("S", [1], ["/a", "/b"])]),
    ],
)
def test_values_and_links_a_chart_cannot_hold_are_refused(make):
    with pytest.raises(ValueError):
        make()
