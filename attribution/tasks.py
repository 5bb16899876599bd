"""Celery tasks: thin callers of services, taking IDs."""

import logging
import uuid

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init, worker_ready
from django.conf import settings
from django.db import InterfaceError, OperationalError

from . import extraction, services
from .extraction import scoring
from .fetch import FetchError

logger = logging.getLogger(__name__)


def pipeline():
    # Cached in the extraction package: one spaCy pipeline per worker process.
    return extraction.load_pipeline(settings.SPACY_MODEL)


def scorer() -> scoring.Model:
    # Cached in the extraction package: the confidence model is read once per worker process.
    return scoring.load_model(settings.SCORER_MODEL)


@worker_process_init.connect
def _load_pipeline_in_child(**kwargs) -> None:
    pipeline()
    scorer()


@worker_ready.connect
def _sweep_on_start(**kwargs) -> None:
    # Articles queued while no worker (or no broker) was up are picked up as soon as one starts.
    requeue_stranded_articles.delay()
    requeue_stranded_imports.delay()


@shared_task(
    name=services.extraction.EXTRACT_ARTICLE_TASK,
    bind=True,
    soft_time_limit=settings.EXTRACTION_SOFT_TIME_LIMIT,
    time_limit=settings.EXTRACTION_TIME_LIMIT,
    max_retries=settings.EXTRACTION_DATABASE_RETRIES,
)
def extract_article(self, article_id: int, token: str | None = None) -> None:
    claim = None
    try:
        claim = services.extraction_claim(article_id=article_id, token=token and uuid.UUID(token))
        if claim is None:
            return  # another worker has it, or it was done already: running twice changes nothing
        _extract(article_id, claim)
    except (InterfaceError, OperationalError) as exc:
        # PostgreSQL went away (a restart, a failover). Celery closes the broken connection before the next
        # try; that try keeps this one's claim, so the article is not left "extracting" until the sweep.
        held = str(claim.token) if claim else token
        logger.warning("Database unavailable while extracting article %s; trying again: %s", article_id, exc)
        wait = min(60, 2**self.request.retries)
        raise self.retry(exc=exc, countdown=wait, kwargs={"article_id": article_id, "token": held}) from exc


def _extract(article_id: int, claim: services.Claim) -> None:
    try:
        quotes = extraction.extract(claim.text, pipeline(), scorer=scorer())
    except SoftTimeLimitExceeded:
        services.extraction_fail(
            article_id=article_id,
            token=claim.token,
            reason=f"Extraction took longer than {settings.EXTRACTION_SOFT_TIME_LIMIT} s and was stopped.",
        )
        return
    except Exception as exc:
        logger.exception("Extraction of article %s failed", article_id)
        services.extraction_fail(
            article_id=article_id, token=claim.token, reason=f"Extraction failed: {type(exc).__name__}: {exc}"
        )
        return
    services.extraction_save(
        article_id=article_id,
        token=claim.token,
        quotes=quotes,
        extractor_version=extraction.EXTRACTOR_VERSION,
    )


@shared_task
def requeue_stranded_articles() -> int:
    return services.extraction_requeue_stranded()


@shared_task(
    name=services.imports.IMPORT_PAGE_TASK,
    soft_time_limit=services.imports.IMPORT_TIME_LIMIT - 30,
    time_limit=services.imports.IMPORT_TIME_LIMIT,
)
def import_page(import_id: int) -> None:
    # on the fetch queue (CELERY_TASK_ROUTES): a slow site holds up other fetches at most, never extraction
    services.page_import_run(import_id=import_id)


@shared_task
def requeue_stranded_imports() -> int:
    return services.page_import_requeue_stranded()


@shared_task(
    name=services.feeds.POLL_FEED_TASK,
    soft_time_limit=services.feeds.POLL_TIME_LIMIT - 30,
    time_limit=services.feeds.POLL_TIME_LIMIT,
)
def poll_feed(feed_id: int) -> None:
    # on the fetch queue (CELERY_TASK_ROUTES), beside the imports a check asks for
    services.feed_poll(feed_id=feed_id)


@shared_task
def poll_feeds() -> int:
    # on the scheduler, every FEED_POLL_SECONDS: sends a poll_feed of each feed that is due
    return services.feeds_poll_due()


@shared_task(
    name=services.callbacks.SEND_CALLBACK_TASK,
    autoretry_for=(FetchError,),
    retry_backoff=settings.CALLBACK_RETRY_BACKOFF,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=settings.CALLBACK_MAX_RETRIES,
    soft_time_limit=60,
    time_limit=90,
)
def send_callback(article_id: int) -> None:
    # on the fetch queue: a client that is down is tried again later, doubling the wait each time
    services.callback_send(article_id=article_id)
