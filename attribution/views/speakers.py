"""The speakers: the directory, a speaker's page, the queue of likely duplicates, merging two named speakers
(asked first on a page of its own) and splitting an alias back out, and the suggestions of the speaker
fields."""

import dataclasses
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from .. import services
from ..forms import QuoteSearchForm, SpeakerDirectoryForm, SpeakerMergeForm
from ..models import Quote, Speaker, SpeakerMonth
from ..paging import COUNT_CAP, CappedPaginator
from ..querysets import SHARED_SURNAME
from ..search import SearchFilters
from ..text import normalize_name
from .search import hits_page

SPEAKERS_PER_PAGE = 50
SUGGESTIONS = 10
DUPLICATE_PAIRS = 50  # the queue shows the pairs with the most quotes
DUPLICATES_SHOWN = 8  # on a speaker's page
SAMPLE_QUOTES = 3  # of each speaker, on a merge's confirmation page


class _CountedUpToCap:
    """Speakers as the directory's paginator sees them: counted up to COUNT_CAP + 1, since counting every
    quoted speaker probes SpeakerMonth for each named one (150 ms at 160,000), where the page itself, read
    in name order, stops after 50 found. Past the cap, pages go on while they are full."""

    def __init__(self, speakers) -> None:
        self.speakers = speakers
        self.counted = speakers[: COUNT_CAP + 1].count()

    def __len__(self) -> int:
        return self.counted

    def __getitem__(self, window: slice):
        return self.speakers[window]


@vary_on_headers("HX-Request")  # the same URL answers htmx with a fragment
@require_GET
def speaker_directory(request: HttpRequest) -> HttpResponse:
    wanted = request.GET.get("q", "").strip()[:200]
    # a speaker left without quotes (rejected, corrected or re-extracted away) is not listed; its page opens
    speakers = Speaker.objects.named().quoted()
    speakers = speakers.matching(wanted) if wanted else speakers.order_by("name")
    paginator = CappedPaginator(_CountedUpToCap(speakers), SPEAKERS_PER_PAGE, open_ended=True)
    page = paginator.get_page(request.GET.get("page"))
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
        "can_merge": request.user.has_perm("attribution.change_speaker"),
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
    duplicates = list(
        Speaker.objects.duplicates_of(speaker)
        .with_quote_counts()
        .order_by("-quote_count", "name")[:DUPLICATES_SHOWN]
    )
    likely = {s.id for s in duplicates}
    similar = (
        [
            other
            for other in Speaker.objects.named().matching(speaker.name.split()[-1]).exclude(id=speaker.id)[:8]
            if other.id not in likely
        ]
        if speaker.article_id is None
        else []
    )
    problem = problem or {}
    beside = {"merge": [s.id for s in duplicates + similar], "split": [a.id for a in aliases]}
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
        "duplicates": duplicates,
        "similar": similar,
        "filtered": bool(request.GET),
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


@require_GET
@permission_required("attribution.change_speaker", raise_exception=True)
def speaker_duplicates(request: HttpRequest) -> HttpResponse:
    """The queue of likely duplicates: pairs of named speakers, the most quoted first, each with a merge
    into the fuller name and one the other way (both asked first)."""
    context = {
        "pairs": Speaker.objects.duplicate_pairs(limit=DUPLICATE_PAIRS),
        "limit": DUPLICATE_PAIRS,
        "shared_surname": SHARED_SURNAME,
        "back": SpeakerMergeForm.BACK_TO_QUEUE,
    }
    return render(request, "attribution/speaker_duplicates.html", context)


@require_GET
@permission_required("attribution.change_speaker", raise_exception=True)
def speaker_merge_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The question a merge asks first (``?target=ID``): both speakers with their quotes counted and their
    newest quotes, and the button that posts the merge. Changes nothing."""
    source = get_object_or_404(Speaker, pk=pk)
    form = SpeakerMergeForm(request.GET)
    if not form.is_valid():
        problem = {"target": "merge", "id": None, "message": "Choose a named speaker to merge into."}
        return _refused(request, source, problem)
    target = form.cleaned_data["target"]
    try:
        services.speaker_merge_check(source=source, target=target)
    except ValidationError as error:
        problem = {"target": "merge", "id": target.id, "message": " ".join(error.messages)}
        return _refused(request, source, problem)
    counts = Quote.objects.speaker_counts([source.id, target.id])
    none = {"quote_count": 0, "article_count": 0}
    to_queue = form.cleaned_data["back"] == SpeakerMergeForm.BACK_TO_QUEUE
    back_url = reverse("speaker_duplicates") if to_queue else reverse("speaker_detail", args=[source.id])
    context = {
        "source": source,
        "target": target,
        "source_counts": counts.get(source.id, none),
        "target_counts": counts.get(target.id, none),
        "source_quotes": list(Quote.objects.said_by(source.id)[:SAMPLE_QUOTES]),
        "target_quotes": list(Quote.objects.said_by(target.id)[:SAMPLE_QUOTES]),
        "aliases": list(source.aliases.order_by("name")),
        "form": form,
        "back_url": back_url,
    }
    return render(request, "attribution/speaker_merge_confirm.html", context)


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
    if form.cleaned_data["back"] == SpeakerMergeForm.BACK_TO_QUEUE:
        return redirect("speaker_duplicates")
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
