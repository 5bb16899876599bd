"""Articles imported by their address: asked for (stored once per URL, sent to the fetch queue), fetched and
read by a worker (attribution.fetch, documents.document_from_page), then stored as any other article."""

import datetime
import logging
import uuid
from functools import partial
from urllib.parse import urlsplit, urlunsplit

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from ..documents import DocumentError, document_from_page
from ..fetch import FetchError, fetch
from ..models import Article, PageImport
from .articles import ArticleMetadata, ExternalIdTaken, article_create
from .extraction import RESEND_AFTER

logger = logging.getLogger(__name__)

IMPORT_PAGE_TASK = "attribution.tasks.import_page"
MAX_IMPORT_ATTEMPTS = 3
# the import task's hard time limit (tasks.import_page), and a minute: a fetch this old lost its worker
IMPORT_TIME_LIMIT = 150
STRANDED_AFTER = datetime.timedelta(seconds=IMPORT_TIME_LIMIT + 60)
URL_MAX_CHARS = 1000


def normalize_url(url: str) -> str:
    """The address as we store and compare it: trimmed, without its #fragment; only http and https."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValidationError(f"Not a web address (http or https): {url[:200]}")
    if len(url) > URL_MAX_CHARS:
        raise ValidationError(f"This address is longer than {URL_MAX_CHARS} characters: {url[:100]}…")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def _already_here(url: str) -> PageImport | Article | None:
    found = PageImport.objects.filter(Q(url=url) | Q(canonical_url=url)).first()
    return found or Article.objects.filter(url=url).first()


def page_import_request(
    *,
    url: str,
    publication_name: str = "",
    user=None,
    upload_batch: uuid.UUID | None = None,
    external_id: str | None = None,
    api_key=None,
) -> tuple[PageImport | Article, bool]:
    """Ask for the article at ``url``; the same address again (as given, or the page's canonical one), or
    the same ``external_id``, returns what is already here: its import, or the article itself. Raises
    ValidationError for an address that is no web page's."""
    url = normalize_url(url)
    existing = _already_here(url)
    if existing is None and external_id:
        existing = (
            Article.objects.filter(external_id=external_id).first()
            or PageImport.objects.filter(external_id=external_id).first()
        )
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            page = PageImport.objects.create(
                url=url,
                publication_name=publication_name[:200],
                requested_by=user,
                upload_batch=upload_batch,
                external_id=external_id or None,
                api_key=api_key,
            )
            page_import_enqueue(import_id=page.id)
    except IntegrityError:  # someone asked for it at the same moment
        same = Q(url=url) | Q(external_id=external_id) if external_id else Q(url=url)
        return PageImport.objects.filter(same).first(), False
    return page, True


def page_import_enqueue(*, import_id: int) -> None:
    """Send the import to the fetch queue once the transaction commits; a broker that is down leaves it
    queued, to be sent again with page_import_retry."""
    transaction.on_commit(partial(_publish, import_id), robust=True)


def _publish(import_id: int) -> None:
    try:
        current_app.send_task(IMPORT_PAGE_TASK, args=[import_id])
    except Exception:
        logger.warning("Broker unavailable: page import %s stays queued until the sweep sends it.", import_id)
        return
    PageImport.objects.filter(id=import_id, state=PageImport.State.QUEUED).update(enqueued_at=timezone.now())


def page_import_run(*, import_id: int) -> PageImport | None:
    """Fetch and read the page, store its article (or find it already here); a failure is stored on the
    import with its reason. None when another worker has it, or it is not queued."""
    claimed = PageImport.objects.filter(id=import_id, state=PageImport.State.QUEUED).update(
        state=PageImport.State.FETCHING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        return None
    page = PageImport.objects.get(id=import_id)
    try:
        fetched = fetch(
            page.url,
            allowed_hosts=settings.FETCH_ALLOWED_HOSTS,
            max_bytes=settings.FETCH_MAX_BYTES,
            max_redirects=settings.FETCH_MAX_REDIRECTS,
            connect_timeout=settings.FETCH_CONNECT_TIMEOUT,
            total_timeout=settings.FETCH_TOTAL_TIMEOUT,
        )
        document = document_from_page(fetched.body, url=fetched.final_url, charset=fetched.charset)
    except (FetchError, DocumentError) as error:
        return _failed(page, str(error))
    canonical = _canonical(document.canonical_url) or page.url
    with transaction.atomic():
        article = Article.objects.filter(url__in={canonical, page.url}).first()
        if article is None:
            metadata = ArticleMetadata(
                publication_name=page.publication_name,
                url=canonical,
                byline=document.byline,
                published_on=document.published_on,
            )
            # the same text already here (another address of the same story) is that article
            try:
                article, _ = article_create(
                    document=document,
                    metadata=metadata,
                    uploaded_by=page.requested_by,
                    source_filename=page.url[:255],
                    upload_batch=page.upload_batch,
                    external_id=page.external_id,
                    api_key=page.api_key,
                )
            except ExternalIdTaken as taken:
                return _failed(page, f"{taken.article.external_id!r} is already article {taken.article.id}.")
        PageImport.objects.filter(id=page.id).update(
            state=PageImport.State.DONE,
            article=article,
            canonical_url=canonical if canonical != page.url else "",
            fetched_at=timezone.now(),
            updated_at=timezone.now(),
        )
    page.refresh_from_db()
    return page


def _canonical(url: str) -> str:
    try:
        return normalize_url(url) if url else ""
    except ValidationError:
        return ""


def _failed(page: PageImport, reason: str) -> PageImport:
    PageImport.objects.filter(id=page.id).update(
        state=PageImport.State.FAILED, error=reason, fetched_at=timezone.now(), updated_at=timezone.now()
    )
    page.refresh_from_db()
    return page


def page_import_retry(*, import_id: int) -> bool:
    """Fetch a failed (or never sent) import again; False when it is being fetched or done."""
    with transaction.atomic():
        changed = PageImport.objects.filter(
            id=import_id, state__in=[PageImport.State.FAILED, PageImport.State.QUEUED]
        ).update(state=PageImport.State.QUEUED, error="", enqueued_at=None, updated_at=timezone.now())
        if changed:
            page_import_enqueue(import_id=import_id)
    return bool(changed)


def page_import_requeue_stranded() -> int:
    """Send again the imports whose message was lost; put back those whose worker died fetching them, and
    fail those that did so MAX_IMPORT_ATTEMPTS times. Safe to run from many places at once: a duplicate
    message finds the import claimed and does nothing."""
    now = timezone.now()
    with transaction.atomic():
        stuck = PageImport.objects.filter(
            state=PageImport.State.FETCHING, updated_at__lt=now - STRANDED_AFTER
        )
        stuck.filter(attempts__gte=MAX_IMPORT_ATTEMPTS).update(
            state=PageImport.State.FAILED,
            error=f"The worker stopped while fetching this page {MAX_IMPORT_ATTEMPTS} times. "
            "Fetch again to retry.",
            updated_at=now,
        )
        stuck.update(state=PageImport.State.QUEUED, enqueued_at=None, updated_at=now)
        ids = list(
            PageImport.objects.filter(state=PageImport.State.QUEUED)
            .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - RESEND_AFTER))
            .values_list("id", flat=True)
        )
        for import_id in ids:
            page_import_enqueue(import_id=import_id)
    return len(ids)
