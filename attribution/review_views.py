"""The review desk: the queue, the changes editors make on the article page, quote history, the quality page.

Every change is a POST, permission-checked here, and answers htmx with the article's body (a partial swap)
and a plain form post with a redirect back to the quote, so it all works without JavaScript too.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from . import review
from .forms import QuoteAddForm, QuoteCorrectForm, QuoteVersionForm, SpeakerRedescribeForm
from .models import Article, Quote, Speaker, normalize_name
from .views import render_article

ARTICLES_PER_PAGE = 50
SUGGESTIONS = 10


@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(Article.objects.for_review(), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "attribution/review_queue.html", {"page": page})


def _article(pk: int) -> Article:
    return get_object_or_404(
        Article.objects.select_related("publication", "uploaded_by", "reviewed_by"), pk=pk
    )


def _done(request: HttpRequest, article: Article, notice: str, anchor: str = "") -> HttpResponse:
    if request.htmx:
        return render_article(request, _article(article.id), notice=notice)
    messages.success(request, notice)
    return redirect(reverse("article_detail", args=[article.id]) + (f"#{anchor}" if anchor else ""))


def _refused(
    request: HttpRequest, article: Article, target: tuple[str, int | None], message: str, status: int
) -> HttpResponse:
    # the whole page (or body) again, with the message where the change was attempted
    problem = {"target": target[0], "id": target[1], "message": message}
    return render_article(request, _article(article.id), problem=problem, status=status)


def _form_message(form) -> str:
    return " ".join(f"{error}" for errors in form.errors.values() for error in errors)


def _conflict_message(quote: Quote) -> str:
    speaker = quote.speaker.name if quote.speaker else "unknown"
    return (
        "Someone else changed this quote while you were looking at it, so your change was not saved. "
        f"It now reads: speaker {speaker}, {quote.get_kind_display().lower()} quote, "
        f"{quote.get_review_state_display().lower()}. The values shown are the current ones: check them and "
        "make your change again if it is still needed."
    )


def _quote_change(
    request: HttpRequest, pk: int, form_class: type[Form], change: Callable[..., None], notice: str
) -> HttpResponse:
    quote = get_object_or_404(Quote.objects.select_related("article"), pk=pk)
    form = form_class(request.POST)
    target = ("quote", quote.id)
    if not form.is_valid():
        return _refused(request, quote.article, target, _form_message(form), 400)
    try:
        change(quote, form, request.user)
    except review.Conflict as conflict:
        return _refused(request, quote.article, target, _conflict_message(conflict.quote), 409)
    except ValidationError as error:
        return _refused(request, quote.article, target, " ".join(error.messages), 400)
    return _done(request, quote.article, notice, f"item-q{quote.id}")


def _confirm(quote: Quote, form, user) -> None:
    review.quote_confirm(quote_id=quote.id, version=form.cleaned_data["version"], user=user)


def _reject(quote: Quote, form, user) -> None:
    review.quote_reject(quote_id=quote.id, version=form.cleaned_data["version"], user=user)


def _correct(quote: Quote, form, user) -> None:
    data = form.cleaned_data
    review.quote_correct(
        quote_id=quote.id,
        version=data["version"],
        user=user,
        speaker=form.speaker_choice(),
        kind=data["kind"],
        anonymity_reason=data["anonymity_reason"],
        start=data["start"],
        end=data["end"],
    )


@require_POST
@permission_required("attribution.change_quote", raise_exception=True)
def quote_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _quote_change(request, pk, QuoteVersionForm, _confirm, "Quote confirmed.")


@require_POST
@permission_required("attribution.change_quote", raise_exception=True)
def quote_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _quote_change(
        request, pk, QuoteVersionForm, _reject, "Quote rejected: it will not come back on re-extraction."
    )


@require_POST
@permission_required("attribution.change_quote", raise_exception=True)
def quote_correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _quote_change(request, pk, QuoteCorrectForm, _correct, "Correction saved.")


@require_POST
@permission_required("attribution.add_quote", raise_exception=True)
def quote_add(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    form = QuoteAddForm(request.POST)
    if not form.is_valid():
        return _refused(request, article, ("add", None), _form_message(form), 400)
    data = form.cleaned_data
    try:
        quote = review.quote_add(
            article_id=article.id,
            user=request.user,
            start=data["start"],
            end=data["end"],
            speaker=form.speaker_choice(),
            kind=data["kind"],
            anonymity_reason=data["anonymity_reason"],
        )
    except ValidationError as error:
        return _refused(request, article, ("add", None), " ".join(error.messages), 400)
    return _done(request, article, "Quote added.", f"item-q{quote.id}")


@require_POST
@permission_required("attribution.change_speaker", raise_exception=True)
def speaker_redescribe(request: HttpRequest, pk: int, speaker_pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    speaker = get_object_or_404(Speaker, pk=speaker_pk)
    target = ("speaker", speaker.id)
    form = SpeakerRedescribeForm(request.POST)
    if not form.is_valid():
        return _refused(request, article, target, _form_message(form), 400)
    try:
        changed = review.speaker_redescribe(
            article_id=article.id, speaker_id=speaker.id, user=request.user, choice=form.speaker_choice()
        )
    except ValidationError as error:
        return _refused(request, article, target, " ".join(error.messages), 400)
    notice = (
        f"Speaker changed on {changed} quote{'s' if changed != 1 else ''}." if changed else "Nothing changed."
    )
    return _done(request, article, notice)


@require_POST
@permission_required("attribution.change_article", raise_exception=True)
def article_mark_reviewed(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    try:
        confirmed = review.article_mark_reviewed(article_id=article.id, user=request.user)
    except ValidationError as error:
        return _refused(request, article, ("review", None), " ".join(error.messages), 400)
    left = (
        f" {confirmed} untouched quote{'s were' if confirmed != 1 else ' was'} confirmed."
        if confirmed
        else ""
    )
    return _done(request, article, "Article marked reviewed." + left)


@require_POST
@permission_required("attribution.change_article", raise_exception=True)
def article_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    review.article_reopen(article_id=article.id, user=request.user)
    return _done(request, article, "Article reopened for review.")


@vary_on_headers("HX-Request")  # the same URL answers htmx with a fragment
@require_GET
def quote_history(request: HttpRequest, pk: int) -> HttpResponse:
    quote = get_object_or_404(Quote.objects.select_related("article", "speaker"), pk=pk)
    events = list(quote.history.for_history())
    template = "attribution/quote_history.html"
    if request.htmx:
        template += "#history"
    return render(request, template, {"quote": quote, "events": events})


@require_GET
def speaker_suggest(request: HttpRequest) -> HttpResponse:
    """Options for the speaker field's datalist: this article's speakers and named speakers of any story."""
    wanted = normalize_name(request.GET.get("speaker_name") or request.GET.get("speaker", ""))[:100]
    article_id = request.GET.get("article", "")
    found = Speaker.objects.none()
    if wanted:
        numeric = article_id.isascii() and article_id.isdigit()  # isdigit() alone takes "²", int() does not
        here = Q(article_id=int(article_id)) if numeric else Q(pk__in=[])
        found = Speaker.objects.filter(
            (here | Q(article__isnull=True)) & Q(normalized_name__contains=wanted)
        ).order_by("article", "name")[:SUGGESTIONS]
    return render(request, "attribution/_speaker_options.html", {"speakers": found})


@require_GET
def quality(request: HttpRequest) -> HttpResponse:
    months = []
    for row in Quote.objects.quality_by_month():
        kept = row["machine"] - row["rejected"]
        months.append(
            {
                **row,
                "precision": kept / row["machine"] if row["machine"] else None,
                "exact": row["confirmed"] / row["machine"] if row["machine"] else None,
                "recall": kept / (kept + row["added"]) if kept + row["added"] else None,
            }
        )
    return render(request, "attribution/quality.html", {"months": months})
