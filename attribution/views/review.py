"""The review desk: the queue, the changes editors make on the article page, quote history, the quality page.

Every change is a POST, permission-checked here, and answers htmx with the article's body (a partial swap)
and a plain form post with a redirect back to the quote, so it all works without JavaScript too. The
correction and re-describe forms are asked for when opened (a GET of their own: the form for htmx, a page
holding it without JavaScript).
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from .. import services
from ..forms import ArticleTitleForm, QuoteAddForm, QuoteCorrectForm, QuoteVersionForm, SpeakerRedescribeForm
from ..models import Article, Quote, Speaker
from .articles import ARTICLES_PER_PAGE, render_article


@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(Article.objects.for_review(), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "attribution/review_queue.html", {"page": page})


def _article(pk: int) -> Article:
    return get_object_or_404(Article.objects.for_page(), pk=pk)


def _done(
    request: HttpRequest, article: Article, notice: str, target: tuple[str, int | None], anchor: str = ""
) -> HttpResponse:
    """The change's result: for htmx, the article's body with ``notice`` beside the control that made it
    (``target``, as a refusal's); without JavaScript, a redirect back to the place, the notice on top."""
    if request.htmx:
        notice_at = {"target": target[0], "id": target[1], "message": notice}
        return render_article(request, _article(article.id), notice=notice_at)
    messages.success(request, notice)
    return redirect(reverse("article_detail", args=[article.id]) + (f"#{anchor}" if anchor else ""))


def _refused(
    request: HttpRequest,
    article: Article,
    target: tuple[str, int | None],
    message: str,
    status: int,
    form: Form | None = None,
) -> HttpResponse:
    # the whole page (or body) again, with the message, or the form sent with its errors, where the change
    # was attempted
    problem = {"target": target[0], "id": target[1], "message": message}
    return render_article(request, _article(article.id), problem=problem, form=form, status=status)


def _invalid(
    request: HttpRequest,
    article: Article,
    target: tuple[str, int | None],
    form: Form,
    error: ValidationError | None = None,
) -> HttpResponse:
    """A refused form, shown again where it was: the errors on their fields, the service's refusal
    (``error``) above them. A form of the version alone (confirm, reject) has no field to show: its errors
    are the message."""
    if error is not None:
        form.add_error(None, error)
    if all(field.is_hidden for field in form):
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _refused(request, article, target, message, 400)
    return _refused(request, article, target, "", 400, form=form)


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
    # the correction form comes back with its errors where it was: the same ids and suggestions
    if form_class is QuoteCorrectForm:
        form = QuoteCorrectForm.for_quote(quote, request.POST)
    else:
        form = form_class(request.POST)
    target = ("quote", quote.id)
    if not form.is_valid():
        return _invalid(request, quote.article, target, form)
    try:
        change(quote, form, request.user)
    except services.Conflict as conflict:
        # the current values, not the ones sent: the message says the form shows them
        return _refused(request, quote.article, target, _conflict_message(conflict.quote), 409)
    except ValidationError as error:
        return _invalid(request, quote.article, target, form, error)
    return _done(request, quote.article, notice, target, f"item-q{quote.id}")


def _confirm(quote: Quote, form, user) -> None:
    services.quote_confirm(quote_id=quote.id, version=form.cleaned_data["version"], user=user)


def _reject(quote: Quote, form, user) -> None:
    services.quote_reject(quote_id=quote.id, version=form.cleaned_data["version"], user=user)


def _restore(quote: Quote, form, user) -> None:
    services.quote_restore(quote_id=quote.id, version=form.cleaned_data["version"], user=user)


def _correct(quote: Quote, form, user) -> None:
    data = form.cleaned_data
    services.quote_correct(
        quote_id=quote.id,
        version=data["version"],
        user=user,
        speaker=form.speaker_choice(),
        kind=data["kind"],
        anonymity_reason=data["anonymity_reason"],
        speaker_role=data["speaker_role"],
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
def quote_restore(request: HttpRequest, pk: int) -> HttpResponse:
    return _quote_change(request, pk, QuoteVersionForm, _restore, "Quote restored: it is unreviewed again.")


@require_POST
@permission_required("attribution.change_quote", raise_exception=True)
def quote_correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _quote_change(request, pk, QuoteCorrectForm, _correct, "Correction saved.")


@require_POST
@permission_required("attribution.add_quote", raise_exception=True)
def quote_add(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    form = QuoteAddForm.for_article(article.id, request.POST)
    if not form.is_valid():
        return _invalid(request, article, ("add", None), form)
    data = form.cleaned_data
    try:
        quote = services.quote_add(
            article_id=article.id,
            user=request.user,
            start=data["start"],
            end=data["end"],
            speaker=form.speaker_choice(),
            kind=data["kind"],
            anonymity_reason=data["anonymity_reason"],
            speaker_role=data["speaker_role"],
        )
    except ValidationError as error:
        return _invalid(request, article, ("add", None), form, error)
    return _done(request, article, "Quote added.", ("quote", quote.id), f"item-q{quote.id}")


@require_POST
@permission_required("attribution.change_speaker", raise_exception=True)
def speaker_redescribe(request: HttpRequest, pk: int, speaker_pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    speaker = get_object_or_404(Speaker, pk=speaker_pk)
    target = ("speaker", speaker.id)
    form = SpeakerRedescribeForm.for_speaker(speaker, article.id, request.POST)
    if not form.is_valid():
        return _invalid(request, article, target, form)
    one_of_them = article.quotes.filter(speaker=speaker).values_list("id", flat=True).first()
    try:
        changed = services.speaker_redescribe(
            article_id=article.id, speaker_id=speaker.id, user=request.user, choice=form.speaker_choice()
        )
    except ValidationError as error:
        return _invalid(request, article, target, form, error)
    notice = (
        f"Speaker changed on {changed} quote{'s' if changed != 1 else ''}." if changed else "Nothing changed."
    )
    # the result is said beside the speaker the quotes have now: renamed, they may belong to another
    now = Quote.objects.filter(id=one_of_them).values_list("speaker_id", flat=True).first() or speaker.id
    return _done(request, article, notice, ("speaker", now), f"speaker-{now}")


def _form_page(
    request: HttpRequest, partial: str, article: Article, heading: str, anchor: str, **context
) -> HttpResponse:
    """A review form asked for on its own: htmx gets the form (the article page's <details> asks when
    opened); a plain browser, a page holding it, posted as a plain form, with the way back to the article
    (to ``anchor`` in it)."""
    template = "attribution/review_form.html"
    context["article"] = article
    if request.htmx:
        return render(request, f"{template}#{partial}", context)
    back = reverse("article_detail", args=[article.id]) + f"#{anchor}"
    return render(request, template, {**context, "heading": heading, "back": back, "standalone": True})


@vary_on_headers("HX-Request")  # the same URL answers htmx with a fragment
@require_GET
@permission_required("attribution.change_quote", raise_exception=True)
def quote_correct_form(request: HttpRequest, pk: int) -> HttpResponse:
    quotes = Quote.objects.select_related("article", "speaker").defer("article__text")
    quote = get_object_or_404(quotes, pk=pk)
    form = QuoteCorrectForm.for_quote(quote)
    return _form_page(
        request, "correct-form", quote.article, "Correct a quote", f"item-q{quote.id}", form=form, quote=quote
    )


@vary_on_headers("HX-Request")  # the same URL answers htmx with a fragment
@require_GET
@permission_required("attribution.change_speaker", raise_exception=True)
def speaker_redescribe_form(request: HttpRequest, pk: int, speaker_pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.defer("text"), pk=pk)
    speaker = get_object_or_404(Speaker, pk=speaker_pk)
    # the quotes the article page groups under this speaker: its button says how many it changes
    count = article.quotes.filter(speaker=speaker).exclude(review_state=Quote.ReviewState.REJECTED).count()
    heading = "Rename or re-describe a speaker for the whole article"
    form = SpeakerRedescribeForm.for_speaker(speaker, article.id)
    anchor = f"speaker-{speaker.id}"
    return _form_page(
        request, "redescribe-form", article, heading, anchor, form=form, speaker=speaker, count=count
    )


@vary_on_headers("HX-Request")  # the same URL answers htmx with a fragment
@require_GET
@permission_required("attribution.add_quote", raise_exception=True)
def quote_add_form(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.defer("text"), pk=pk)
    form = QuoteAddForm.for_article(article.id)
    return _form_page(
        request, "add-form", article, "Add a quote the machine missed", "quotes-heading", form=form
    )


@require_POST
@permission_required("attribution.change_article", raise_exception=True)
def article_mark_reviewed(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    try:
        confirmed = services.article_mark_reviewed(article_id=article.id, user=request.user)
    except ValidationError as error:
        return _refused(request, article, ("review", None), " ".join(error.messages), 400)
    left = (
        f" {confirmed} untouched quote{'s were' if confirmed != 1 else ' was'} confirmed."
        if confirmed
        else ""
    )
    return _done(request, article, "Article marked reviewed." + left, ("review", None))


@require_POST
@permission_required("attribution.change_article", raise_exception=True)
def article_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    services.article_reopen(article_id=article.id, user=request.user)
    return _done(request, article, "Article reopened for review.", ("review", None))


@require_POST
@permission_required("attribution.change_article", raise_exception=True)
def article_retitle(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor's title for the article, in its header: a plain form post, as it sits outside the body."""
    article = get_object_or_404(Article, pk=pk)
    form = ArticleTitleForm(request.POST)
    if not form.is_valid():
        return _refused(request, article, ("title", None), "", 400, form=form)
    changed = services.article_retitle(
        article_id=article.id, title=form.cleaned_data["title"], user=request.user
    )
    messages.success(request, "Title changed." if changed else "The title was already that.")
    return redirect("article_detail", pk=article.id)


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
