"""Who said what: the search page and its export (CSV, JSON Lines)."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from .. import services
from ..exports import export_chunks
from ..forms import QuoteSearchForm
from ..paging import CappedPaginator, Hits
from ..search import SearchFilters, highlighted

HITS_PER_PAGE = 20
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def search_form(request: HttpRequest) -> tuple[QuoteSearchForm, SearchFilters | None]:
    """The search the request asks (None when its form is invalid); no question at all lists every quote,
    newest first."""
    form = QuoteSearchForm(request.GET or None)
    if not request.GET:
        return form, SearchFilters(sort="date")
    return form, form.filters() if form.is_valid() else None


def hits_page(filters: SearchFilters, request: HttpRequest) -> Page:
    """The page of hits the request asks for, each with its quote escaped and its matches marked."""
    paginator = CappedPaginator(Hits(filters), HITS_PER_PAGE, open_ended=not filters.ranked)
    page = paginator.get_page(request.GET.get("page"))
    for quote in page:
        quote.highlighted = highlighted(getattr(quote, "headline", None) or quote.text)
    return page


@vary_on_headers("HX-Request", "HX-History-Restore-Request")  # the same URL answers htmx with a fragment
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form, filters = search_form(request)
    form.fields["q"].widget.attrs["autofocus"] = True  # the search page opens on its words
    page = None
    if filters is not None:
        page = hits_page(filters, request)
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
    # htmx restoring a search from history (Back, Forward: the page keeps no snapshot, see search.html)
    # swaps the whole page in, boxes and all, so they show the filters its results were made with.
    partial = request.htmx and not request.htmx.history_restore_request
    if partial:
        template += "#results"
    response = render(request, template, context)
    if partial and _same_search(request):
        # a box left without a change (its blur is a change event) asks the same search again: no new
        # history entry, or Back would seem to do nothing
        push_url(response, False)
    return response


def _same_search(request: HttpRequest) -> bool:
    current = request.htmx.current_url_abs_path
    return current is not None and current.partition("#")[0] == request.get_full_path()


@require_GET
@permission_required("attribution.export_quote", raise_exception=True)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Exactly what the search shows, streamed: the first rows leave at once and memory stays flat."""
    form, filters = search_form(request)
    if filters is None:
        # the search page with the form's errors on their fields, as the search itself answers
        refused = "Fix the search first: nothing was exported."
        context = {"form": form, "page": None, "query": "", "ranked": False, "refused": refused}
        return render(request, "attribution/search.html", context, status=400)
    services.audit_record_export(user=request.user, search=request.GET.urlencode(), fmt=fmt)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    site = request.build_absolute_uri("/").rstrip("/")
    chunks = export_chunks(filters, fmt, bom=fmt == "csv" and request.GET.get("bom") == "1", site=site)
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="quotes-{stamp}.{fmt}"'
    return response
