"""Celery tasks: thin callers of services, taking IDs."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init, worker_ready
from django.conf import settings

from . import extraction, services

logger = logging.getLogger(__name__)


def pipeline():
    # Cached in the extraction package: one spaCy pipeline per worker process.
    return extraction.load_pipeline(settings.SPACY_MODEL)


@worker_process_init.connect
def _load_pipeline_in_child(**kwargs) -> None:
    pipeline()


@worker_ready.connect
def _sweep_on_start(**kwargs) -> None:
    # Articles queued while no worker (or no broker) was up are picked up as soon as one starts.
    requeue_stranded_articles.delay()


@shared_task(
    soft_time_limit=settings.EXTRACTION_SOFT_TIME_LIMIT,
    time_limit=settings.EXTRACTION_TIME_LIMIT,
)
def extract_article(article_id: int) -> None:
    claim = services.extraction_claim(article_id=article_id)
    if claim is None:
        return  # another worker has it, or it was done already: running twice changes nothing
    try:
        quotes = extraction.extract(claim.text, pipeline())
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
