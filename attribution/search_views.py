"""Who said what: the search page, its CSV / JSON Lines export, the speaker directory and speaker pages."""

import csv
import dataclasses
import io
import json
from collections.abc import Iterator
from urllib.parse import urlencode

import psycopg
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import EmptyResultSet, ValidationError
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Concat
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from . import directory
from .forms import QuoteSearchForm, SpeakerMergeForm
from .models import (
    HIT_END,
    HIT_START,
    RANKED_MATCHES,
    AuditEvent,
    Quote,
    SearchFilters,
    Speaker,
    SpeakerMonth,
)

HITS_PER_PAGE = 20
# date order pages on past the count; no archive has this many pages
MAX_OPEN_PAGE = 10**9
# Matches are counted up to this many; as many of the newest are ranked by relevance.
COUNT_CAP = RANKED_MATCHES
SPEAKERS_PER_PAGE = 50
EXPORT_CHUNK = 2000
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


class Hits:
    """A search's hits as its paginator sees them: slicing gives a page of quotes.

    The newest COUNT_CAP + 1 matches are read once, with their relevance: that counts them (up to the cap)
    and, by relevance, ranks the COUNT_CAP newest; a page is then its quotes fetched by id. Past the cap,
    relevance stops (the page says so) while date order pages on through the index of quotes by date."""

    def __init__(self, filters: SearchFilters) -> None:
        self.filters = filters
        newest = Quote.objects.newest(filters, slice(0, COUNT_CAP + 1))
        self.counted = len(newest)
        if filters.ranked:
            newest = sorted(newest[:COUNT_CAP], key=lambda row: (-row[1], -row[0]))  # the ranked ones
        self.ids = [id for id, _ in newest]

    def __len__(self) -> int:
        """The matches, counted up to COUNT_CAP + 1 (one more tells that there are more)."""
        return self.counted

    def __getitem__(self, window: slice) -> list[Quote]:
        ids = self.ids[window]
        if window.stop > len(self.ids) and not self.filters.ranked:
            ids = [id for id, _ in Quote.objects.newest(self.filters, window)]
        return Quote.objects.hits(self.filters, ids) if ids else []


def _hits(filters: SearchFilters, request: HttpRequest):
    """The page of hits the request asks for, each with its quote escaped and its matches marked."""
    paginator = CappedPaginator(Hits(filters), HITS_PER_PAGE, open_ended=not filters.ranked)
    page = paginator.get_page(request.GET.get("page"))
    for quote in page:
        quote.highlighted = _highlighted(quote)
    return page


@vary_on_headers("HX-Request")  # the same URL answers htmx with a fragment
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form, filters = _search_form(request)
    page = None
    if filters is not None:
        page = _hits(filters, request)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "ranked": filters is not None and filters.ranked,
        "can_export": request.user.has_perm("attribution.export_quote"),
    }
    template = "attribution/search.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


EXPORT_FIELDS = [
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
]
# the fields holding free text, where a formula can hide (the others: numbers, dates, booleans, choices)
TEXT_FIELDS = {
    "text",
    "speaker__name",
    "anonymity_reason",
    "cue",
    "article__title",
    "article__publication__name",
    "article__url",
}


def _export_query(filters: SearchFilters, *, spreadsheet: bool):
    """The search's rows as export columns, in the order they were stored (the primary key): the first rows
    leave at once, where the search's own order would first sort every row of the export."""
    columns = {}
    for n, field in enumerate(EXPORT_FIELDS):
        value = F(field)
        if spreadsheet and field in TEXT_FIELDS:  # a cell that would run as a formula gets a leading quote
            formula = When(**{f"{field}__regex": "^[-=+@\t\r]"}, then=Concat(Value("'"), field))
            value = Case(formula, default=field, output_field=TextField())
        elif spreadsheet and field == "speaker__anonymous":
            value = Case(
                When(**{field: True}, then=Value("true")), When(**{field: False}, then=Value("false"))
            )
        columns[f"c{n}"] = value
    return Quote.objects.matching(filters).order_by("id").annotate(**columns).values_list(*columns)


def _csv_chunks(filters: SearchFilters, bom: bool) -> Iterator[bytes]:
    """CSV made by PostgreSQL's COPY, streamed in chunks of about 64 kB: flat memory, no Python per row."""
    header = io.StringIO()
    csv.writer(header).writerow(EXPORT_COLUMNS)
    yield (("\ufeff" if bom else "") + header.getvalue()).encode()
    compiler = _export_query(filters, spreadsheet=True).query.get_compiler(using=connection.alias)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # Django knows without asking PostgreSQL (a speaker filter matching nobody)
        return
    connection.ensure_connection()
    raw = connection.connection
    statement = psycopg.ClientCursor(raw).mogrify(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params)
    buffer = bytearray()
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for data in copy:
            buffer += data
            if len(buffer) >= 65536:
                yield bytes(buffer)
                buffer.clear()
    yield bytes(buffer)


def _export_rows(filters: SearchFilters) -> Iterator[list]:
    yield from _export_query(filters, spreadsheet=False).iterator(chunk_size=EXPORT_CHUNK)


class CappedPaginator(Paginator):
    """Counts matches only up to COUNT_CAP: counting every match of a common word costs more than the page.

    Past the cap, an open-ended paginator goes on page after page while pages are full (date order reaches
    every match); a closed one stops at the cap (relevance ranks only the newest COUNT_CAP matches)."""

    def __init__(self, object_list: Hits, per_page, *, open_ended: bool) -> None:
        super().__init__(object_list, per_page)
        self._counted = len(object_list)  # up to COUNT_CAP + 1
        self.open_ended = open_ended

    @property
    def count(self) -> int:
        return min(self._counted, COUNT_CAP)

    @property
    def capped(self) -> bool:
        return self._counted > COUNT_CAP

    @property
    def unbounded(self) -> bool:
        return self.capped and self.open_ended

    def validate_number(self, number) -> int:
        if not self.unbounded:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer.") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1.")
        if number > MAX_OPEN_PAGE:  # an offset PostgreSQL cannot even hold
            raise EmptyPage("That page is past the end.")
        return number

    def page(self, number) -> Page:
        if not self.unbounded:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])  # one more: is there a next page?
        return OpenPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


class OpenPage(Page):
    """A page of a paginator that does not know how many pages there are."""

    def __init__(self, object_list, number, paginator, *, more: bool) -> None:
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


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
                record["published_on"] = record["published_on"] and str(record["published_on"])
                yield json.dumps(record, ensure_ascii=False) + "\n"

        response = StreamingHttpResponse(lines(), content_type="application/x-ndjson; charset=utf-8")
    else:
        response = StreamingHttpResponse(
            _csv_chunks(filters, bom=request.GET.get("bom") == "1"), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="quotes-{stamp}.{fmt}"'
    return response


@vary_on_headers("HX-Request")  # the same URL answers htmx with a fragment
@require_GET
def speaker_directory(request: HttpRequest) -> HttpResponse:
    wanted = request.GET.get("q", "").strip()[:200]
    speakers = Speaker.objects.named()
    speakers = speakers.matching(wanted) if wanted else speakers.order_by("name")
    page = Paginator(speakers, SPEAKERS_PER_PAGE).get_page(request.GET.get("page"))
    counts = Quote.objects.speaker_counts([s.id for s in page])
    empty = {"quote_count": 0, "article_count": 0, "first_quoted": None, "last_quoted": None}
    for speaker in page:
        for name, value in counts.get(speaker.id, empty).items():
            setattr(speaker, name, value)
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
    filters = dataclasses.replace(filters, speaker_ids=[speaker.id], sort="date")
    page = _hits(filters, request)
    counts = SpeakerMonth.objects.filter(speaker=speaker)
    months = list(counts.per_month())
    peak = max((m["n"] for m in months), default=0)
    context = {
        "speaker": speaker,
        "form": form,
        "page": page,
        "months": months,
        "peak": peak,
        "publications": counts.publications(),
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
