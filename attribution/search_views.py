"""Who said what: the search page, its CSV / JSON Lines export, the speaker directory and speaker pages."""

import csv
import json
from collections.abc import Iterator
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from . import directory
from .forms import QuoteSearchForm, SpeakerMergeForm
from .models import HIT_END, HIT_START, AuditEvent, Quote, SearchFilters, Speaker

HITS_PER_PAGE = 20
COUNT_CAP = 1000
SPEAKERS_PER_PAGE = 50
EXPORT_CHUNK = 2000
# Cells a spreadsheet would run as a formula start with one of these: such a cell gets a leading quote mark.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_COLUMNS = [
    "quote",
    "kind",
    "speaker",
    "speaker_kind",
    "anonymous",
    "anonymity_reason",
    "cue",
    "article_title",
    "publication",
    "published_on",
    "url",
    "review_state",
    "confidence",
    "start",
    "end",
    "quote_id",
    "article_id",
]


def _search_form(request: HttpRequest) -> tuple[QuoteSearchForm, SearchFilters | None]:
    form = QuoteSearchForm(request.GET or None)
    if not request.GET:
        return form, SearchFilters(sort="date")
    return form, form.filters() if form.is_valid() else None


def _highlighted(quote: Quote) -> str:
    # the quote is escaped first; only the markers ts_headline put around matches become markup
    text = getattr(quote, "headline", None) or quote.text
    return mark_safe(escape(text).replace(HIT_START, "<mark>").replace(HIT_END, "</mark>"))


@vary_on_headers("HX-Request")  # the same URL answers htmx with a fragment
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form, filters = _search_form(request)
    page = None
    if filters is not None:
        page = CappedPaginator(Quote.objects.search(filters), HITS_PER_PAGE).get_page(request.GET.get("page"))
        for quote in page:
            quote.highlighted = _highlighted(quote)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_export": request.user.has_perm("attribution.export_quote"),
    }
    template = "attribution/search.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _export_rows(filters: SearchFilters) -> Iterator[list]:
    rows = (
        Quote.objects.search(filters)
        .values_list(
            "text",
            "kind",
            "speaker__name",
            "speaker__kind",
            "speaker__anonymous",
            "anonymity_reason",
            "cue",
            "article__title",
            "article__publication__name",
            "article__published_on",
            "article__url",
            "review_state",
            "confidence",
            "start",
            "end",
            "id",
            "article_id",
        )
        .iterator(chunk_size=EXPORT_CHUNK)
    )
    for row in rows:
        yield list(row)


class CappedPaginator(Paginator):
    """Counts matches only up to COUNT_CAP: counting every match of a common word costs more than the page."""

    @cached_property
    def count(self) -> int:
        # without the ranking, the ordering and the headlines: only which quotes match
        return self.object_list.order_by().values("id")[: COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
@permission_required("attribution.export_quote", raise_exception=True)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Exactly what the search shows, streamed: the first rows leave at once and memory stays flat."""
    form, filters = _search_form(request)
    if filters is None:
        return HttpResponse(
            "Fix the search first: " + form.errors.as_text(), status=400, content_type="text/plain"
        )
    AuditEvent.objects.create(
        user=request.user,
        action=AuditEvent.Action.EXPORTED,
        changes={"search": ["", request.GET.urlencode()], "format": ["", fmt]},
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    if fmt == "jsonl":

        def lines() -> Iterator[str]:
            for row in _export_rows(filters):
                record = dict(zip(EXPORT_COLUMNS, row, strict=True))
                record["published_on"] = record["published_on"] and record["published_on"].isoformat()
                yield json.dumps(record, ensure_ascii=False) + "\n"

        response = StreamingHttpResponse(lines(), content_type="application/x-ndjson; charset=utf-8")
    else:
        writer = csv.writer(_Echo())

        def lines() -> Iterator[str]:
            if request.GET.get("bom") == "1":
                yield "\ufeff"  # Excel reads UTF-8 only with it
            yield writer.writerow(EXPORT_COLUMNS)
            for row in _export_rows(filters):
                yield writer.writerow([_cell(value) for value in row])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="quotes-{stamp}.{fmt}"'
    return response


@vary_on_headers("HX-Request")  # the same URL answers htmx with a fragment
@require_GET
def speaker_directory(request: HttpRequest) -> HttpResponse:
    wanted = request.GET.get("q", "").strip()[:200]
    speakers = Speaker.objects.named()
    speakers = speakers.matching(wanted) if wanted else speakers.order_by("name")
    page = Paginator(speakers, SPEAKERS_PER_PAGE).get_page(request.GET.get("page"))
    counts = Speaker.objects.counts([s.id for s in page])
    empty = {"quote_count": 0, "article_count": 0, "first_quoted": None, "last_quoted": None}
    for speaker in page:
        speaker.__dict__.update(counts.get(speaker.id, empty))
    template = "attribution/speaker_directory.html"
    if request.htmx:
        template += "#speakers"
    return render(
        request, template, {"page": page, "q": wanted, "query": urlencode({"q": wanted}) if wanted else ""}
    )


@require_GET
def speaker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    speaker = get_object_or_404(Speaker.objects.select_related("merged_into", "article"), pk=pk)
    if speaker.merged_into_id:
        return redirect("speaker_detail", pk=speaker.merged_into_id)
    form = QuoteSearchForm(request.GET or None)
    filters = form.filters() if request.GET and form.is_valid() else SearchFilters(sort="date")
    filters = SearchFilters(**{**filters.__dict__, "speaker_ids": [speaker.id], "sort": "date"})
    quotes = Quote.objects.search(filters)
    page = CappedPaginator(quotes, HITS_PER_PAGE).get_page(request.GET.get("page"))
    for quote in page:
        quote.highlighted = _highlighted(quote)
    months = list(Quote.objects.filter(speaker=speaker).per_month())
    peak = max((m["n"] for m in months), default=0)
    context = {
        "speaker": speaker,
        "form": form,
        "page": page,
        "months": months,
        "peak": peak,
        "publications": Quote.objects.filter(speaker=speaker).publications(),
        "aliases": list(speaker.aliases.order_by("name")),
        "similar": Speaker.objects.named().matching(speaker.name.split()[-1]).exclude(id=speaker.id)[:8]
        if speaker.article_id is None
        else [],
        "can_merge": request.user.has_perm("attribution.change_speaker"),
    }
    return render(request, "attribution/speaker_detail.html", context)


@require_POST
@permission_required("attribution.change_speaker", raise_exception=True)
def speaker_merge(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Speaker, pk=pk)
    form = SpeakerMergeForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Choose a named speaker to merge into.", status=400, content_type="text/plain")
    target = form.cleaned_data["target"]
    try:
        moved = directory.speaker_merge(source_id=source.id, target_id=target.id, user=request.user)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400, content_type="text/plain")
    messages.success(
        request, f"{source.name} merged into {target.name}: {moved} quotes moved. It is kept as an alias."
    )
    return redirect("speaker_detail", pk=target.id)


@require_POST
@permission_required("attribution.change_speaker", raise_exception=True)
def speaker_split(request: HttpRequest, pk: int) -> HttpResponse:
    alias = get_object_or_404(Speaker, pk=pk)
    target_id = alias.merged_into_id
    try:
        moved = directory.speaker_split(alias_id=alias.id, user=request.user)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400, content_type="text/plain")
    messages.success(request, f"{alias.name} is a speaker of its own again, with {moved} quotes.")
    return redirect("speaker_detail", pk=target_id or alias.id)
