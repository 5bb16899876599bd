"""A URLconf for the charts' browser test: the site's own URLs, and a page of every kind of chart (and each
chart's CSV) at /test/charts/, drawn from data made up here, in the site's layout and under its CSP."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path, reverse

from attribution.charts import Chart, Point, Series, bar_chart, chart_csv_response, line_chart, stacked_bars
from newsroom.urls import urlpatterns as site_urlpatterns

PAGE = """{% extends "base.html" %}
{% block title %}Charts{% endblock %}
{% block content %}
<h1>Charts</h1>
{% for chart in charts %}{% url "test_chart_csv" forloop.counter0 as csv_url %}
{% include "attribution/_chart.html" with chart=chart csv_url=csv_url %}
{% endfor %}
{% endblock %}"""

PUBLICATIONS = ["The Herald", "Daily Post", '<b>Harbour</b> & "Co" Times', "Metro", "=cmd|' /C calc'!A0"]
WEEKS = [f"Week {n}" for n in range(1, 53)]
KINDS = ["Named person", "Anonymous", "Group", "Organization"]


def _search(**params) -> str:
    return f"{reverse('search')}?{urlencode(params)}"


def charts() -> list[Chart]:
    by_publication = bar_chart(
        title="Quotes by publication",
        heading="Publication",
        points=[
            Point(name, value, _search(q="housing", publication=name))
            for name, value in zip(PUBLICATIONS, [412, 268, 131, 77, 5], strict=True)
        ],
    )
    kinds = stacked_bars(
        title="Speakers by kind, week by week",
        heading="Week",
        labels=WEEKS[:12],
        series=[
            Series(
                kind,
                [base + (week * 7 + i * 3) % 11 for week in range(12)],
                [_search(speaker_kind=kind.lower(), date_from=f"2026-W{week:02}") for week in range(1, 13)],
            )
            for i, (kind, base) in enumerate(zip(KINDS, [40, 12, 6, 15], strict=True))
        ],
    )
    anonymous = line_chart(
        title="Share of quotes and of articles with an anonymous source, over a year",
        heading="Week",
        labels=WEEKS,
        series=[
            Series("Quotes", [8 + (week * 5) % 9 for week in range(52)], [_search(anonymous="true")] * 52),
            Series("Articles", [21 + (week * 7) % 15 if week != 30 else None for week in range(52)]),
        ],
    )
    many = bar_chart(
        title="Quotes by publication, 200 publications",
        heading="Publication",
        points=[
            Point(f"The Regional Evening Chronicle and Gazette no. {n}", 500 - 2 * n, _search(publication=n))
            for n in range(200)
        ],
    )
    empty = bar_chart(title="Quotes by byline", heading="Byline", points=[])
    return [by_publication, kinds, anonymous, many, empty]


def chart_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(engines["django"].from_string(PAGE).render({"charts": charts()}, request))


def chart_csv(request: HttpRequest, n: int) -> HttpResponse:
    return chart_csv_response(charts()[n])


urlpatterns = [
    path("test/charts/", chart_page, name="test_charts"),
    path("test/charts/<int:n>.csv", chart_csv, name="test_chart_csv"),
    *site_urlpatterns,
]
