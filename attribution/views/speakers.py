"""The speakers: the directory, a speaker's page, merging two named speakers and splitting an alias back out,
and the suggestions of the speaker fields."""

import dataclasses
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from .. import services
from ..forms import QuoteSearchForm, SpeakerDirectoryForm, SpeakerMergeForm
from ..models import Quote, Speaker, SpeakerMonth
from ..search import SearchFilters
from ..text import normalize_name
from .search import hits_page

SPEAKERS_PER_PAGE = 50
SUGGESTIONS = 10


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
    context = {
        "page": page,
        "q": wanted,
        "query": urlencode({"q": wanted}) if wanted else "",
        "form": SpeakerDirectoryForm(initial={"q": wanted}, auto_id="speaker-%s"),
    }
    return render(request, template, context)


@require_GET
def speaker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    speaker = get_object_or_404(Speaker.objects.select_related("merged_into", "article"), pk=pk)
    if speaker.merged_into_id:
        return redirect("speaker_detail", pk=speaker.merged_into_id)
    return _speaker_page(request, speaker)


def _speaker_page(
    request: HttpRequest, speaker: Speaker, *, problem: dict | None = None, status: int = 200
) -> HttpResponse:
    """A speaker's page; ``problem`` ({"target": "merge" or "split", "id", "message"}) shows a refused merge
    or split beside the button that asked it."""
    form = QuoteSearchForm(request.GET or None)
    filters = form.filters() if request.GET and form.is_valid() else SearchFilters(sort="date")
    filters = dataclasses.replace(filters, speaker_ids=[speaker.id], sort="date")
    page = hits_page(filters, request)
    counts = SpeakerMonth.objects.filter(speaker=speaker)
    months = list(counts.per_month())
    peak = max((m["n"] for m in months), default=0)
    aliases = list(speaker.aliases.order_by("name"))
    similar = (
        list(Speaker.objects.named().matching(speaker.name.split()[-1]).exclude(id=speaker.id)[:8])
        if speaker.article_id is None
        else []
    )
    problem = problem or {}
    beside = {"merge": [s.id for s in similar], "split": [a.id for a in aliases]}
    # shown beside its button when the button is on the page, else at the top of it
    problem["inline"] = problem.get("id") in beside.get(problem.get("target", ""), [])
    context = {
        "speaker": speaker,
        "form": form,
        "page": page,
        "months": months,
        "peak": peak,
        "publications": counts.publications(),
        "aliases": aliases,
        "similar": similar,
        "can_merge": request.user.has_perm("attribution.change_speaker"),
        "problem": problem,
    }
    return render(request, "attribution/speaker_detail.html", context, status=status)


def _refused(request: HttpRequest, speaker: Speaker, problem: dict) -> HttpResponse:
    # the page of the speaker whose button was pressed (an alias's is the one it was merged into)
    shown = get_object_or_404(Speaker.objects.select_related("merged_into", "article"), pk=speaker.id)
    if shown.merged_into_id:
        shown = get_object_or_404(
            Speaker.objects.select_related("merged_into", "article"), pk=shown.merged_into_id
        )
    return _speaker_page(request, shown, problem=problem, status=400)


@require_POST
@permission_required("attribution.change_speaker", raise_exception=True)
def speaker_merge(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Speaker, pk=pk)
    form = SpeakerMergeForm(request.POST)
    if not form.is_valid():
        problem = {"target": "merge", "id": None, "message": "Choose a named speaker to merge into."}
        return _refused(request, source, problem)
    target = form.cleaned_data["target"]
    try:
        moved = services.speaker_merge(source_id=source.id, target_id=target.id, user=request.user)
    except ValidationError as error:
        problem = {"target": "merge", "id": target.id, "message": " ".join(error.messages)}
        return _refused(request, source, problem)
    quotes = f"{moved} quote{pluralize(moved)}"
    messages.success(
        request, f"{source.name} merged into {target.name}: {quotes} moved. It is kept as an alias."
    )
    return redirect("speaker_detail", pk=target.id)


@require_POST
@permission_required("attribution.change_speaker", raise_exception=True)
def speaker_split(request: HttpRequest, pk: int) -> HttpResponse:
    alias = get_object_or_404(Speaker, pk=pk)
    target_id = alias.merged_into_id
    try:
        moved = services.speaker_split(alias_id=alias.id, user=request.user)
    except ValidationError as error:
        return _refused(
            request, alias, {"target": "split", "id": alias.id, "message": " ".join(error.messages)}
        )
    messages.success(
        request, f"{alias.name} is a speaker of its own again, with {moved} quote{pluralize(moved)}."
    )
    return redirect("speaker_detail", pk=target_id or alias.id)


@require_GET
def speaker_suggest(request: HttpRequest) -> HttpResponse:
    """Options for the speaker field's datalist: this article's speakers and named speakers of any story."""
    wanted = normalize_name(request.GET.get("speaker_name") or request.GET.get("speaker", ""))[:100]
    article_id = request.GET.get("article", "")
    found = Speaker.objects.none()
    if wanted:
        numeric = article_id.isascii() and article_id.isdigit()  # isdigit() alone takes "²", int() does not
        found = Speaker.objects.suggested(wanted, int(article_id) if numeric else None, SUGGESTIONS)
    return render(request, "attribution/_speaker_options.html", {"speakers": found})
