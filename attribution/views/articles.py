"""The articles: the list (with an upload batch's progress), the upload, the article page with the review
desk's controls, and retrying an extraction."""

import datetime
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable

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
from django.utils import timezone
from django.utils.html import format_html
from django.views import defaults
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, replace_url

from .. import services
from ..forms import (
    ArticleListForm,
    ArticleTitleForm,
    ArticleUploadForm,
    PageImportForm,
    QuoteAddForm,
    QuoteCorrectForm,
    SpeakerRedescribeForm,
)
from ..highlight import paragraphs
from ..models import Article, PageImport, Quote, Speaker
from ..querysets import DOUBTFUL_BELOW

ARTICLES_PER_PAGE = 50
IMPORTS_SHOWN, IMPORTS_SHOWN_DAYS = 20, 7
SPEAKER_COLOURS = 12  # and each highlight carries its speaker's name: a repeated colour still tells


@vary_on_headers("HX-Request")  # the same URL answers htmx with a fragment
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    form = ArticleListForm(request.GET)
    page = None
    if form.is_valid():  # else the form's errors, and no list that would seem to be filtered
        articles = Article.objects.for_list(**form.filters())
        page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    batch = _batch_progress(request.GET.get("batch"))
    finished = batch is not None and not batch["pending"]
    query = request.GET.copy()  # the filters, which the pager keeps
    query.pop("page", None)
    if finished:
        query.pop("batch", None)  # a finished upload's box is shown once, not on every page after
    # imports of the last week not done: being fetched, or failed with their reason and a retry
    recent = timezone.now() - datetime.timedelta(days=IMPORTS_SHOWN_DAYS)
    imports = list(
        PageImport.objects.exclude(state=PageImport.State.DONE).filter(created_at__gte=recent)[:IMPORTS_SHOWN]
    )
    context = {
        "form": form,
        "imports": imports,
        "filtered": any(request.GET.get(name) for name in form.fields),
        "page": page,
        "batch": batch,
        "query": query.urlencode(),
        "polling": (page is not None and any(a.is_pending for a in page))
        or (batch and batch["pending"])
        or any(i.state != PageImport.State.FAILED for i in imports),
    }
    template = "attribution/article_list.html"
    if request.htmx:
        template += "#rows"
    response = render(request, template, context)
    if request.htmx and finished:
        # the poll that sees the upload finished: its box says so, and the address drops ?batch= so that a
        # reload or Back shows the list itself rather than the box again
        replace_url(response, reverse("article_list") + (f"?{query.urlencode()}" if query else ""))
    return response


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
        "extracted": counts.get(Article.State.DONE, 0),
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
    context = {"form": form, "refused": refused, "import_form": PageImportForm()}
    return render(request, template, context, status=400 if refused else 200)


@require_POST
@permission_required("attribution.add_article", raise_exception=True)
def article_import(request: HttpRequest) -> HttpResponse:
    """Articles by their web addresses: each asked for once, fetched on the fetch queue."""
    form = PageImportForm(request.POST)
    if not form.is_valid():
        context = {"form": ArticleUploadForm(), "import_form": form}
        return render(request, "attribution/article_upload.html", context, status=400)
    urls = form.cleaned_data["urls"]
    batch = uuid.uuid4() if len(urls) > 1 else None
    asked = 0
    for url in urls:
        found, is_new = services.page_import_request(
            url=url, publication_name=form.cleaned_data["publication"], user=request.user, upload_batch=batch
        )
        article = found if isinstance(found, Article) else found.article
        if is_new:
            asked += 1
        elif article is not None:
            link = reverse("article_detail", args=[article.id])
            messages.warning(
                request, format_html('{} is already here as <a href="{}">{}</a>.', url, link, article.title)
            )
        else:
            messages.warning(
                request, f"{url} was asked for already; it is {found.get_state_display().lower()}."
            )
    if asked:
        messages.success(request, f"{asked} page{'s' if asked != 1 else ''} queued for import.")
    return redirect("article_list")


@require_POST
@permission_required("attribution.add_article", raise_exception=True)
def page_import_retry(request: HttpRequest, pk: int) -> HttpResponse:
    page = get_object_or_404(PageImport, pk=pk)
    if services.page_import_retry(import_id=page.id):
        messages.success(request, f"{page.url} queued for import again.")
    else:
        messages.info(request, f"{page.url} is being fetched, or was imported already.")
    return redirect("article_list")


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
    notice: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    """The article page, or only its body for htmx: the text with its quotes, and the review desk's controls
    for those allowed to use them (its forms load when opened).

    ``problem`` and ``notice`` ({"target", "id", "message"}) show a refused change, or the result of one,
    beside the control that made it: a quote's row ("quote"), a speaker's ("speaker"), the add form ("add")
    or the status line ("review"). ``form``, the form that was sent, is shown open in its target's place,
    its errors on its fields. The quotes are a compact list in text order, or grouped by speaker: the
    editor's choice (``?view=``), kept in their session."""
    # every name the templates look up is set, if only to None: a failed lookup costs Django a dir() of
    # the object, and the page makes hundreds of them
    problem = {"target": None, "id": None, "message": "", **(problem or {})}
    notice = {"target": None, "id": None, "message": "", **(notice or {})}
    view = _quote_view(request)
    all_quotes = list(article.quotes.for_article_page())
    quotes = [q for q in all_quotes if q.review_state != Quote.ReviewState.REJECTED]
    rejected = [q for q in all_quotes if q.review_state == Quote.ReviewState.REJECTED]
    opened = _int_or_none(request.GET.get("quote"))  # a search hit opened here: its quote is selected
    speakers = {q.speaker_id: q.speaker for q in all_quotes if q.speaker}
    labels = speaker_labels(speakers.values())
    colours: dict[int | None, int] = {}
    groups: dict[int | None, dict] = {}
    for quote in all_quotes:
        # a colour per speaker in the order they first speak; the unknown speaker has none of its own
        if quote.speaker_id is not None:
            quote.colour = colours.setdefault(quote.speaker_id, len(colours) % SPEAKER_COLOURS)
        else:
            quote.colour = "none"
        quote.label = labels.get(quote.speaker_id, "Unknown")
        quote.opened = quote.id == opened
        quote.correct_form = None
        # cut here, not by truncatechars: the filter's Unicode-aware count cost a tenth of the page
        quote.first_words, quote.more_words = _cut_at_word(quote.text, 160), _cut_at_word(quote.text, 300)
        quote.confidence_shown = f"{quote.confidence:.2f}"
        quote.doubtful = (
            quote.confidence < DOUBTFUL_BELOW and quote.review_state == Quote.ReviewState.UNREVIEWED
        )
    # j and k walk the list in text order. In text order, rejected quotes keep their place (struck through,
    # to be restored); by speaker, they are set apart at the end, out of the walk, but for one that something
    # was just said about: it stays where it was, with what was said
    said_about = {
        target_id
        for target, target_id in (
            (problem.get("target"), problem.get("id")),
            (notice.get("target"), notice.get("id")),
        )
        if target == "quote"
    }
    if view == "text":
        listed, set_apart = all_quotes, []
    else:
        listed = [q for q in all_quotes if q.review_state != Quote.ReviewState.REJECTED or q.id in said_about]
        set_apart = [q for q in rejected if q.id not in said_about]
    for position, quote in enumerate(listed):
        quote.position = position
    for quote in set_apart:
        quote.position = None
    for quote in quotes if view == "text" else listed:  # in text order, the speakers of the quotes kept
        groups.setdefault(
            quote.speaker_id,
            {
                "speaker": quote.speaker,
                "colour": quote.colour,
                "label": quote.label,
                "quotes": [],
                "form": None,
            },
        )["quotes"].append(quote)
    can_edit = request.user.has_perm("attribution.change_quote")
    links = {name: _url_for_each("quote_" + name) for name in QUOTE_LINKS}
    for quote in all_quotes:
        quote.links = {name: link(quote.id) for name, link in links.items()}
    redescribe_form = _url_for_each("speaker_redescribe_form", article.id)
    for group in groups.values():
        group["redescribe_form_url"] = redescribe_form(group["speaker"].id) if group["speaker"] else ""
    if can_edit:
        _refused_form_in_place(article, quotes, groups, problem, form)
    found = sum(1 for q in all_quotes if q.origin == Quote.Origin.MACHINE)
    context = {
        "article": article,
        "view": view,
        "found": found,  # by the extractor, rejected ones too; the others were added by hand
        "added": len(all_quotes) - found,
        "all_quotes": all_quotes,
        "quotes": quotes,
        "rejected": rejected,
        "set_apart": set_apart,
        # the speakers' forms are open when something was just said about one
        "speakers_open": "speaker" in (problem.get("target"), notice.get("target")),
        "groups": list(groups.values()),
        "speakers": sorted(speakers.values(), key=lambda s: s.name),
        "paragraphs": paragraphs(article.text, quotes),
        "can_retry": request.user.has_perm("attribution.change_article"),
        "can_edit": can_edit,
        "can_add": request.user.has_perm("attribution.add_quote"),
        "can_review": request.user.has_perm("attribution.change_article")
        and article.state == Article.State.DONE,
        "problem": problem,
        "notice": notice,
        "add_form": _refused_add_form(article, problem, form),
        "title_form": form
        if problem.get("target") == "title" and isinstance(form, ArticleTitleForm)
        else ArticleTitleForm(initial={"title": article.title}),
    }
    template = "attribution/article_detail.html"
    if request.htmx:
        template += "#article-body"
    return render(request, template, context, status=status)


QUOTE_VIEWS = ("text", "speaker")
# each quote's row links to these views (quote_confirm, …): reversed once a page, not eight times a quote
QUOTE_LINKS = ("confirm", "reject", "restore", "correct_form", "history")
_ANY_ID = 2**62


def _url_for_each(name: str, *fixed: int) -> Callable[[int], str]:
    """The URL of view ``name`` (its first arguments ``fixed``) for any id as its last, from one reverse()."""
    pattern = reverse(name, args=[*fixed, _ANY_ID])
    return lambda pk: pattern.replace(str(_ANY_ID), str(pk), 1)


def _quote_view(request: HttpRequest) -> str:
    chosen = request.GET.get("view")
    if chosen in QUOTE_VIEWS:
        if request.session.get("quote_view") != chosen:
            request.session["quote_view"] = chosen
        return chosen
    return request.session.get("quote_view", "text")


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


_NAME_SUFFIX = re.compile(r"^(jr|sr|ii|iii|iv)\.?$", re.IGNORECASE)
LABEL_CHARS = 22


def _cut_at_word(text: str, most: int) -> str:
    if len(text) <= most:
        return text
    cut = text[: most - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def speaker_labels(speakers: Iterable[Speaker]) -> dict[int, str]:
    """The short name shown on each of a speaker's highlights: a person's surname ("Macron"), unless
    another person in the article has it too; another speaker's name, cut at a word past 22 characters."""
    speakers = list(speakers)
    surnames: dict[int, str] = {}
    for speaker in speakers:
        words = speaker.name.split()
        if speaker.kind == Speaker.Kind.PERSON and len(words) > 1:
            if _NAME_SUFFIX.match(words[-1]) and len(words) > 2:
                words = words[:-1]
            surnames[speaker.id] = words[-1].rstrip(",")
    shared = Counter(s.casefold() for s in surnames.values())
    labels = {}
    for speaker in speakers:
        surname = surnames.get(speaker.id)
        if surname and shared[surname.casefold()] == 1:
            labels[speaker.id] = surname
        else:
            labels[speaker.id] = _cut_at_word(speaker.name, LABEL_CHARS)
    return labels


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
                quote.correct_form = _with_words(form, article) if sent else QuoteCorrectForm.for_quote(quote)
    elif target == "speaker" and target_id in groups:
        group = groups[target_id]
        sent = isinstance(form, SpeakerRedescribeForm)
        group["form"] = form if sent else SpeakerRedescribeForm.for_speaker(group["speaker"], article.id)


def _refused_add_form(article: Article, problem: dict, form: Form | None) -> Form | None:
    if problem.get("target") != "add":
        return None  # loaded when opened, as the other forms
    return (
        _with_words(form, article) if isinstance(form, QuoteAddForm) else QuoteAddForm.for_article(article.id)
    )


def _with_words(form: Form, article: Article) -> Form:
    """A sent quote form, with the words its offsets select (``form.words``), to show above it again."""
    start, end = _int_or_none(form.data.get("start")), _int_or_none(form.data.get("end"))
    if start is not None and end is not None and 0 <= start < end <= len(article.text):
        form.words = article.text[start:end]
    return form


@require_POST
@permission_required("attribution.change_article", raise_exception=True)
def article_retry(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    if services.extraction_retry(article_id=article.id):
        messages.success(request, "Queued for extraction again.")
    else:
        messages.info(request, "This article is already waiting for extraction.")
    return redirect("article_detail", pk=article.id)
