"""Sourcing insights: who the newsroom quotes and how often anonymously, over a period, for a publication,
a byline or a search; each figure links to the quotes behind it."""

import datetime
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..charts import Point, Series, bar_chart, chart_csv_response, line_chart, stacked_bars
from ..forms import InsightsForm
from ..insights import KINDS, Period, insights
from ..models import Publication

# the search page's filters an insight carries into its links (the period becomes each link's dates)
SEARCH_KEYS = ["q", "speaker", "speaker_kind", "anonymous", "kind", "publication", "byline"]


@require_GET
def insights_page(request: HttpRequest) -> HttpResponse:
    form = InsightsForm(request.GET or {"period": "30"})  # opened bare: the last 30 days
    if not form.is_valid():
        return render(request, "attribution/insights.html", {"form": form}, status=400)
    start, end = form.period_dates(timezone.localdate())
    result = insights(Period(start, end), form.filters())
    searched = {key: request.GET[key] for key in SEARCH_KEYS if request.GET.get(key)}
    links = Links(searched, start, end)
    ids = dict(
        Publication.objects.filter(name__in=[b.label for b in result.by_publication]).values_list(
            "name", "id"
        )
    )
    for bucket in result.over_time:
        bucket.href = links.search(first=bucket.first, last=bucket.last)
        bucket.kind_list = [bucket.kinds.get(kind, 0) for kind in KINDS]
    for bucket in result.by_publication:
        bucket.href = links.search(publication=ids.get(bucket.label, "")) if bucket.label in ids else None
    for bucket in result.by_byline:
        bucket.href = links.search(byline=bucket.label) if bucket.label else None
    kinds = [
        {
            "kind": kind,
            "label": kind.label,
            "n": result.totals.kinds.get(kind, 0),
            "href": links.search(speaker_kind=kind),
        }
        for kind in KINDS
    ]
    context = {
        "form": form,
        "result": result,
        "kinds": kinds,
        "no_speaker": result.totals.kinds.get("none", 0),
        "top_speakers": [(v, links.speaker(v.speaker_id)) for v in result.top_speakers],
        "new_voices": [(v, links.speaker(v.speaker_id)) for v in result.new_voices],
        "anonymous_href": links.search(anonymous="1"),
        "all_href": links.search(),
        "charts": (charts := _charts(result, links)),
        "csv_query": request.GET.copy(),
    }
    wanted = request.GET.get("csv")
    if wanted in charts:
        return chart_csv_response(charts[wanted], filename=f"insights-{wanted}-{start}-{end}")
    return render(request, "attribution/insights.html", context)


def _charts(result, links: "Links") -> dict:
    period = result.period
    spans = [(b.first, b.last) for b in result.over_time]
    labels = [_bucket_label(period, first, last) for first, last in spans]

    def share(values):
        return [None if v is None else round(v * 100, 1) for v in values]

    over_time = result.over_time
    return {
        "kinds_over_time": stacked_bars(
            title=f"Quotes by kind of speaker, {period.unit} by {period.unit}",
            labels=labels,
            heading=period.unit.capitalize(),
            series=[
                Series(
                    kind.label,
                    [b.kinds.get(kind, 0) for b in over_time],
                    [links.search(first=a, last=z, speaker_kind=kind) for a, z in spans],
                )
                for kind in KINDS
            ],
        ),
        "shares_over_time": line_chart(
            title="Anonymous sources and stories with one named voice or none",
            labels=labels,
            heading=period.unit.capitalize(),
            series=[
                Series(
                    "Quotes from anonymous sources",
                    share([b.anonymous_share for b in over_time]),
                    [links.search(first=a, last=z, anonymous="1") for a, z in spans],
                ),
                Series(
                    "Articles with an anonymous source",
                    share([b.articles_anonymous_share for b in over_time]),
                ),
                Series(
                    "Articles quoting one named person or none",
                    share([b.one_or_no_named_share for b in over_time]),
                ),
            ],
        ),
        "kinds": bar_chart(
            title="Quotes by kind of speaker",
            heading="Speaker",
            points=[
                Point(kind.label, result.totals.kinds.get(kind, 0), links.search(speaker_kind=kind))
                for kind in KINDS
            ],
        ),
        "reasons": bar_chart(
            title="Reasons given for anonymity",
            heading="Reason, as the articles give it",
            horizontal=True,
            points=[Point(reason, n, links.search(anonymous="1")) for reason, n in result.reasons],
            empty_text="No anonymous source in this period gives a reason.",
        ),
        "roles": bar_chart(
            title="Quotes by the speaker's role",
            heading="Role",
            horizontal=True,
            points=[Point(label, n) for _, label, n in result.roles],
            empty_text="No quote of this period names its speaker's role.",
        ),
        "speakers": bar_chart(
            title="Most quoted",
            heading="Speaker",
            horizontal=True,
            points=[Point(v.name, v.quotes, links.speaker(v.speaker_id)) for v in result.top_speakers],
            empty_text="Nobody named is quoted in this period.",
        ),
        "publications": bar_chart(
            title="Quotes by publication",
            heading="Publication",
            points=[Point(b.label or "None given", b.quotes, b.href) for b in result.by_publication],
        ),
    }


def _bucket_label(period, first: datetime.date, last: datetime.date) -> str:
    if period.by_month:
        return first.strftime("%b %Y")
    return (
        first.strftime("%-d %b") if first == last else f"{first.strftime('%-d %b')}–{last.strftime('%-d %b')}"
    )


class Links:
    """The search (or speaker page) behind a figure: the insight's filters, the period's dates, and what the
    figure counts."""

    def __init__(self, searched: dict, start: datetime.date, end: datetime.date) -> None:
        self.searched, self.start, self.end = searched, start, end

    def _dates(self, first=None, last=None) -> dict:
        return {"date_from": (first or self.start).isoformat(), "date_to": (last or self.end).isoformat()}

    def search(self, *, first=None, last=None, **narrower) -> str:
        query = {
            **self.searched,
            **{k: v for k, v in narrower.items() if v != ""},
            **self._dates(first, last),
        }
        return f"{reverse('search')}?{urlencode({**query, 'sort': 'date'})}"

    def speaker(self, speaker_id: int) -> str:
        return f"{reverse('speaker_detail', args=[speaker_id])}?{urlencode(self._dates())}"
