"""The API's operations: articles (create, read), imports (read), quotes (list and search, read, confirm,
reject), speakers (list, read). Each is a thin caller of the reads in querysets.py and the writes in
services/, as the pages are."""

import base64
import binascii
import datetime
import json

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from ninja import Field, Query, Schema, Status
from ninja.errors import HttpError

from .. import services
from ..documents import DocumentError, document_from_html, document_from_text
from ..forms import QuoteSearchForm
from ..models import Article, PageImport, Quote, Speaker
from . import ApiKeyAuth, api
from .schemas import (
    ArticleDetail,
    ArticleIn,
    ArticleOut,
    Error,
    ImportOut,
    QuoteOut,
    QuotePage,
    ReviewIn,
    SpeakerOut,
    SpeakerPage,
)

ERRORS = {401: Error, 403: Error, 404: Error, 422: Error, 429: Error}
WITH_BODY = {400: Error, 409: Error, **ERRORS}  # 400: a body that is not JSON
PAGE_DEFAULT, PAGE_MAX = 50, 200


def _cursor(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _from_cursor(cursor: str, shape: tuple[type, ...]) -> list:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):
        values = None
    if not isinstance(values, list) or [type(v) for v in values] != list(shape):
        raise HttpError(422, "This cursor is not one the API gave out: start again without it.")
    return values


def _get(queryset, pk: int, what: str):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise HttpError(404, f"There is no {what} {pk}.")
    return found


# Articles


@api.post(
    "/articles",
    response={200: ArticleOut, 201: ArticleOut, 202: ImportOut, 413: Error, **WITH_BODY},
    url_name="article_create",
    auth=ApiKeyAuth("add_article", "add articles"),
    tags=["articles"],
    summary="Send an article",
)
def article_create(request: HttpRequest, payload: ArticleIn, response: HttpResponse):
    """Text or HTML: the article is stored and queued for extraction (201); the same text or the same
    `external_id` again returns the article already made (200). A `url` alone: the page is fetched and read
    on the fetch queue (202, an import to follow at its `Location`); the same address again returns its
    import, or its article once made (200). An `external_id` already given to another text is a 409."""
    if payload.text is None and payload.html is None:
        return _import(request, payload, response)
    given = payload.html if payload.html is not None else payload.text
    if len(given.encode("utf-8", "replace")) > settings.UPLOAD_MAX_BYTES:
        kind = "html" if payload.html is not None else "text"
        raise HttpError(413, f"The {kind} is larger than {filesizeformat(settings.UPLOAD_MAX_BYTES)}.")
    try:
        if payload.html is not None:
            document = document_from_html(payload.html, title=payload.title, filename="The html")
        else:
            document = document_from_text(payload.text, title=payload.title, filename="The text")
    except DocumentError as error:
        raise HttpError(422, str(error)) from error
    metadata = services.ArticleMetadata(
        publication_name=payload.publication,
        url=payload.url or "",
        byline=payload.byline,
        published_on=payload.published_on,
    )
    try:
        article, created = services.article_create(
            document=document,
            metadata=metadata,
            uploaded_by=request.user,
            source_filename="API",
            external_id=payload.external_id,
            api_key=request.auth,
        )
    except services.ExternalIdTaken as taken:
        raise HttpError(
            409,
            f"external_id {payload.external_id!r} is already article {taken.article.id}, whose text is "
            "different. Use another external_id, or leave it out.",
        ) from taken
    response["Location"] = reverse("api:article_read", args=[article.id])
    return Status(201 if created else 200, _with_publication(article))


def _import(request: HttpRequest, payload: ArticleIn, response: HttpResponse):
    try:
        found, created = services.page_import_request(
            url=payload.url,
            publication_name=payload.publication,
            user=request.user,
            external_id=payload.external_id,
            api_key=request.auth,
        )
    except DjangoValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from error
    if isinstance(found, Article):
        response["Location"] = reverse("api:article_read", args=[found.id])
        return Status(200, _with_publication(found))
    if found.state == PageImport.State.DONE:
        response["Location"] = reverse("api:article_read", args=[found.article_id])
        return Status(200, _with_publication(Article.objects.get(id=found.article_id)))
    response["Location"] = reverse("api:import_read", args=[found.id])
    return Status(202, found)


def _with_publication(article: Article) -> Article:
    if article.publication_id and "publication" not in article._state.fields_cache:
        article = Article.objects.select_related("publication").defer("text").get(id=article.id)
    return article


@api.get(
    "/articles/{int:article_id}",
    response={200: ArticleDetail, **ERRORS},
    url_name="article_read",
    auth=ApiKeyAuth("view_article", "read articles"),
    tags=["articles"],
    summary="Read an article, its quotes and speakers",
)
def article_read(request: HttpRequest, article_id: int):
    """The article's state (queued, extracting, done, failed), its text, and, once extracted, its quotes in
    text order (rejected ones left out) with their speakers."""
    article = _get(Article.objects.select_related("publication"), article_id, "article")
    quotes = list(article.quotes.for_article_page().exclude(review_state=Quote.ReviewState.REJECTED))
    speakers = {quote.speaker_id: quote.speaker for quote in quotes if quote.speaker_id is not None}
    article.quotes_shown = quotes
    article.speakers_shown = sorted(speakers.values(), key=lambda s: s.name)
    return article


@api.get(
    "/imports/{int:import_id}",
    response={200: ImportOut, **ERRORS},
    url_name="import_read",
    auth=ApiKeyAuth("view_article", "read articles"),
    tags=["articles"],
    summary="Follow an article sent by its address",
)
def import_read(request: HttpRequest, import_id: int):
    """An import's state: queued, fetching, done (with its `article`) or failed (with its `error`)."""
    return _get(PageImport.objects.all(), import_id, "import")


# Quotes


class QuoteFilters(Schema):
    q: str = Field("", description='Words, web-style: "a phrase", -word or NOT word, or.')
    speaker: str = Field("", description="A speaker's name; typos and accents are forgiven.")
    speaker_kind: str = Field("", description="person, anonymous, group or organization.")
    anonymous: bool | None = Field(None, description="true: anonymous sources only; false: named only.")
    kind: str = Field("", description="direct, indirect, mixed or partial.")
    publication: int | None = Field(None, ge=1, description="A publication's id.")
    byline: str = Field("", max_length=200, description="A name in the article's byline.")
    article: int | None = Field(None, ge=1, description="An article's id.")
    date_from: datetime.date | None = Field(None, description="Published on or after, YYYY-MM-DD.")
    date_to: datetime.date | None = Field(None, description="Published on or before, YYYY-MM-DD.")
    review_state: str = Field("", description="unreviewed, confirmed, edited or rejected; left out: any but "
                                              "rejected.")  # fmt: skip
    cursor: str = Field("", description="The next_cursor of the page before.")
    limit: int = Field(PAGE_DEFAULT, ge=1, le=PAGE_MAX)


@api.get(
    "/quotes",
    response={200: QuotePage, **ERRORS},
    url_name="quote_list",
    auth=ApiKeyAuth("view_quote", "read quotes"),
    tags=["quotes"],
    summary="List and search quotes",
)
def quote_list(request: HttpRequest, filters: Query[QuoteFilters]):
    """The search page's filters, by the same names; the newest stored first. Pages follow each other by
    `next_cursor`: quotes stored meanwhile do not shift them (none is seen twice or skipped)."""
    data = filters.dict(exclude={"cursor", "limit"})
    data["anonymous"] = {None: "", True: "1", False: "0"}[data["anonymous"]]
    form = QuoteSearchForm({name: "" if value is None else value for name, value in data.items()})
    if not form.is_valid():
        errors = [{"field": field, "message": " ".join(messages)} for field, messages in form.errors.items()]
        shown = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return Status(422, {"detail": f"The request is not valid: {shown}", "errors": errors})
    quotes = Quote.objects.matching(form.filters())
    if filters.cursor:
        (before,) = _from_cursor(filters.cursor, (int,))
        quotes = quotes.filter(id__lt=before)
    page = list(quotes.select_related("speaker").order_by("-id")[: filters.limit + 1])
    more = len(page) > filters.limit
    page = page[: filters.limit]
    return {"items": page, "next_cursor": _cursor([page[-1].id]) if more else None}


@api.get(
    "/quotes/{int:quote_id}",
    response={200: QuoteOut, **ERRORS},
    url_name="quote_read",
    auth=ApiKeyAuth("view_quote", "read quotes"),
    tags=["quotes"],
    summary="Read a quote",
)
def quote_read(request: HttpRequest, quote_id: int):
    return _get(Quote.objects.select_related("speaker"), quote_id, "quote")


def _review(request: HttpRequest, quote_id: int, payload: ReviewIn | None, decide, doing: str):
    quote = _get(Quote.objects.only("id", "version"), quote_id, "quote")
    version = payload.version if payload and payload.version is not None else quote.version
    try:
        decide(quote_id=quote_id, version=version, user=request.user)
    except services.Conflict as conflict:
        raise HttpError(
            409,
            f"Quote {quote_id} changed since you read it: it is at version {conflict.quote.version}, not "
            f"{version}. Read it again, then decide.",
        ) from conflict
    return Quote.objects.select_related("speaker").get(id=quote_id)


@api.post(
    "/quotes/{int:quote_id}/confirm",
    response={200: QuoteOut, **WITH_BODY},
    url_name="quote_confirm",
    auth=ApiKeyAuth("change_quote", "confirm quotes: an editor's key is needed"),
    tags=["quotes"],
    summary="Confirm a quote (editors)",
)
def quote_confirm(request: HttpRequest, quote_id: int, payload: ReviewIn | None = None):
    """The quote is right as it stands; audited as the key's user. With `version`, a 409 if it changed."""
    return _review(request, quote_id, payload, services.quote_confirm, "confirm")


@api.post(
    "/quotes/{int:quote_id}/reject",
    response={200: QuoteOut, **WITH_BODY},
    url_name="quote_reject",
    auth=ApiKeyAuth("change_quote", "reject quotes: an editor's key is needed"),
    tags=["quotes"],
    summary="Reject a quote (editors)",
)
def quote_reject(request: HttpRequest, quote_id: int, payload: ReviewIn | None = None):
    """Not a quote: it leaves search and counts; audited as the key's user. With `version`, a 409 if it
    changed."""
    return _review(request, quote_id, payload, services.quote_reject, "reject")


# Speakers


@api.get(
    "/speakers",
    response={200: SpeakerPage, **ERRORS},
    url_name="speaker_list",
    auth=ApiKeyAuth("view_speaker", "read speakers"),
    tags=["speakers"],
    summary="List speakers",
)
def speaker_list(
    request: HttpRequest,
    q: str = Query("", max_length=200, description="A name or part of it; typos forgiven. Best first."),
    cursor: str = Query("", description="The next_cursor of the page before (without q)."),
    limit: int = Query(PAGE_DEFAULT, ge=1, le=PAGE_MAX),
):
    """Named speakers with quotes, as the directory lists them: by name, or with `q` the closest names
    first (one page, no cursor)."""
    speakers = Speaker.objects.named().quoted()
    if q.strip():
        page, more = list(speakers.matching(q)[:limit]), False
    else:
        if cursor:
            name, after = _from_cursor(cursor, (str, int))
            speakers = speakers.filter(Q(name__gt=name) | Q(name=name, id__gt=after))
        page = list(speakers.order_by("name", "id")[: limit + 1])
        more = len(page) > limit
        page = page[:limit]
    _count(page)
    return {"items": page, "next_cursor": _cursor([page[-1].name, page[-1].id]) if more else None}


def _count(speakers: list[Speaker]) -> None:
    counts = Quote.objects.speaker_counts([s.id for s in speakers])
    for speaker in speakers:
        for name, value in counts.get(speaker.id, {}).items():
            setattr(speaker, name, value)


@api.get(
    "/speakers/{int:speaker_id}",
    response={200: SpeakerOut, **ERRORS},
    url_name="speaker_read",
    auth=ApiKeyAuth("view_speaker", "read speakers"),
    tags=["speakers"],
    summary="Read a speaker",
)
def speaker_read(request: HttpRequest, speaker_id: int):
    """A speaker and their counts (rejected quotes left out). One merged into another says so in
    `merged_into`: that one holds the quotes."""
    speaker = _get(Speaker.objects.all(), speaker_id, "speaker")
    _count([speaker])
    return speaker


# Anything else under /api/v1/


@api.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
    "/{path:rest}",
    auth=None,
    include_in_schema=False,
)
def no_such_operation(request: HttpRequest, rest: str):
    raise HttpError(
        404, f"There is no operation {request.method} {request.path}: see /api/v1/docs for them all."
    )
