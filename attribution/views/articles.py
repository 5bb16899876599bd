"""The articles: the list (with an upload batch's progress), the upload, the article page with the review
desk's controls, and retrying an extraction."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.views import defaults
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from .. import services
from ..forms import ArticleUploadForm, QuoteAddForm, QuoteCorrectForm, QuoteVersionForm, SpeakerRedescribeForm
from ..highlight import paragraphs
from ..models import Article, Quote
from ..querysets import DOUBTFUL_BELOW

ARTICLES_PER_PAGE = 50
SPEAKER_COLOURS = 8


@vary_on_headers("HX-Request")  # the same URL answers htmx with a fragment
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(Article.objects.for_list(), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    batch = _batch_progress(request.GET.get("batch"))
    context = {
        "page": page,
        "batch": batch,
        "polling": any(a.is_pending for a in page) or (batch and batch["pending"]),
    }
    template = "attribution/article_list.html"
    if request.htmx:
        template += "#rows"
    return render(request, template, context)


def _batch_progress(batch: str | None) -> dict | None:
    try:
        batch_id = uuid.UUID(batch or "")
    except ValueError:
        return None
    counts = Article.objects.in_batch(batch_id).state_counts()
    total = sum(counts.values())
    if not total:
        return None
    finished = counts.get(Article.State.DONE, 0) + counts.get(Article.State.FAILED, 0)
    return {
        "id": batch_id,
        "total": total,
        "finished": finished,
        "failed": counts.get(Article.State.FAILED, 0),
        "pending": total - finished,
    }


@vary_on_headers("HX-Request")  # the same URL answers htmx with a fragment
@permission_required("attribution.add_article", raise_exception=True)
def article_upload(request: HttpRequest) -> HttpResponse:
    form = ArticleUploadForm()
    if request.method == "POST":
        # Far past our limits (too many files, too large a body) Django refuses to read the request at all:
        # bad_request below answers, as the CSRF check reads the request before this view does.
        form = ArticleUploadForm(request.POST, request.FILES)
        if form.is_valid():
            return _store_uploads(request, form)
    return _upload_page(request, form)


def _upload_page(request: HttpRequest, form: ArticleUploadForm, refused: str = "") -> HttpResponse:
    template = "attribution/article_upload.html"
    if request.htmx:
        template += "#upload-form"
    return render(request, template, {"form": form, "refused": refused}, status=400 if refused else 200)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page (handler400). An upload far past our limits gets the upload page back, saying which."""
    limits = isinstance(exception, TooManyFilesSent | RequestDataTooBig)
    uploading = request.path == reverse("article_upload") and request.user.has_perm("attribution.add_article")
    if limits and uploading:
        refused = (
            f"Upload at most {settings.UPLOAD_MAX_FILES} files of at most "
            f"{filesizeformat(settings.UPLOAD_MAX_BYTES)} each at a time."
        )
        return _upload_page(request, ArticleUploadForm(), refused)
    return defaults.bad_request(request, exception)


def _store_uploads(request: HttpRequest, form: ArticleUploadForm) -> HttpResponse:
    documents = form.cleaned_data["documents"]
    batch = uuid.uuid4() if len(documents) > 1 else None
    created = []
    for filename, document in documents:
        article, is_new = services.article_create(
            document=document,
            metadata=form.metadata(),
            uploaded_by=request.user,
            source_filename=filename,
            upload_batch=batch,
        )
        if is_new:
            created.append(article)
        else:
            messages.warning(
                request,
                format_html(
                    '{} is already here as <a href="{}">{}</a>; it was not added again.',
                    filename or "This text",
                    reverse("article_detail", args=[article.id]),
                    article.title,
                ),
            )
    if created:
        count = len(created)
        messages.success(request, f"{count} article{'s' if count != 1 else ''} queued for extraction.")
    for reason in form.cleaned_data["refused"]:
        messages.error(request, f"Not uploaded: {reason}")
    if len(documents) == 1:
        target = reverse("article_detail", args=[article.id])
    else:
        target = reverse("article_list") + (f"?batch={batch}" if created else "")
    return HttpResponseClientRedirect(target) if request.htmx else redirect(target)


@vary_on_headers("HX-Request")  # the same URL answers htmx with a fragment
@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_article(request, get_object_or_404(Article.objects.for_page(), pk=pk))


def render_article(
    request: HttpRequest,
    article: Article,
    *,
    problem: dict | None = None,
    form: Form | None = None,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    """The article page, or only its body for htmx: the text with its quotes, and the review desk's controls
    for those allowed to use them (its forms load when opened). ``problem`` ({"target", "id", "message"})
    shows a refused change where it was made; ``form``, the form that was sent, is shown open in that
    target's place, its errors on its fields."""
    problem = problem or {}
    all_quotes = list(article.quotes.for_article_page())
    quotes = [q for q in all_quotes if q.review_state != Quote.ReviewState.REJECTED]
    rejected = [q for q in all_quotes if q.review_state == Quote.ReviewState.REJECTED]
    colours: dict[int | None, int] = {}
    groups: dict[int | None, dict] = {}
    for position, quote in enumerate(quotes):
        quote.colour = colours.setdefault(quote.speaker_id, len(colours) % SPEAKER_COLOURS)
        quote.position = position
        quote.doubtful = (
            quote.confidence < DOUBTFUL_BELOW and quote.review_state == Quote.ReviewState.UNREVIEWED
        )
        groups.setdefault(quote.speaker_id, {"speaker": quote.speaker, "colour": quote.colour, "quotes": []})
        groups[quote.speaker_id]["quotes"].append(quote)
    for quote in rejected:
        quote.colour, quote.position, quote.doubtful = colours.get(quote.speaker_id, 0), None, False
    can_edit = request.user.has_perm("attribution.change_quote")
    if can_edit:
        for quote in all_quotes:
            # no ids on the version-only forms: confirm and reject sit side by side in each quote
            quote.version_form = QuoteVersionForm(initial={"version": quote.version}, auto_id=False)
        _refused_form_in_place(article, quotes, groups, problem, form)
    speakers = sorted(
        {q.speaker.name: q.speaker for q in all_quotes if q.speaker}.values(), key=lambda s: s.name
    )
    found = sum(1 for q in all_quotes if q.origin == Quote.Origin.MACHINE)
    context = {
        "article": article,
        "found": found,  # by the extractor, rejected ones too; the others were added by hand
        "added": len(all_quotes) - found,
        "quotes": quotes,
        "rejected": rejected,
        "groups": list(groups.values()),
        "speakers": speakers,
        "paragraphs": paragraphs(article.text, quotes),
        "can_retry": request.user.has_perm("attribution.change_article"),
        "can_edit": can_edit,
        "can_add": request.user.has_perm("attribution.add_quote"),
        "can_review": request.user.has_perm("attribution.change_article")
        and article.state == Article.State.DONE,
        "problem": problem,
        "notice": notice,
        "add_form": _refused_add_form(article, problem, form),
    }
    template = "attribution/article_detail.html"
    if request.htmx:
        template += "#article-body"
    return render(request, template, context, status=status)


def _refused_form_in_place(
    article: Article, quotes: list[Quote], groups: dict[int | None, dict], problem: dict, form: Form | None
) -> None:
    """The correction or re-describe form of the refused target, to show open in its place: the one sent,
    with its errors, or (a quote someone else changed) one with the current values. The others load when
    opened (review.quote_correct_form, speaker_redescribe_form, quote_add_form): rendered on every view, the
    forms of an article's quotes and speakers cost more than the rest of its page."""
    target, target_id = problem.get("target"), problem.get("id")
    if target == "quote":
        for quote in quotes:
            if quote.id == target_id:
                sent = isinstance(form, QuoteCorrectForm)
                quote.correct_form = form if sent else QuoteCorrectForm.for_quote(quote)
    elif target == "speaker" and target_id in groups:
        group = groups[target_id]
        sent = isinstance(form, SpeakerRedescribeForm)
        group["form"] = form if sent else SpeakerRedescribeForm.for_speaker(group["speaker"], article.id)


def _refused_add_form(article: Article, problem: dict, form: Form | None) -> Form | None:
    if problem.get("target") != "add":
        return None  # loaded when opened, as the other forms
    return form if isinstance(form, QuoteAddForm) else QuoteAddForm.for_article(article.id)


@require_POST
@permission_required("attribution.change_article", raise_exception=True)
def article_retry(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    if services.extraction_retry(article_id=article.id):
        messages.success(request, "Queued for extraction again.")
    else:
        messages.info(request, "This article is already waiting for extraction.")
    return redirect("article_detail", pk=article.id)
