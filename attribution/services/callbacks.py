"""Telling an API client that an article it created was extracted or failed: a POST to its key's callback
URL, the body signed with HMAC-SHA256, sent by a task on the fetch queue that retries with back-off. A
callback is sent after extraction has committed and never holds it up: a client that is down, slow or
wrong costs the fetch queue a few retries, nothing else."""

import hashlib
import hmac
import json
import logging
from functools import partial

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from ..fetch import post
from ..models import Article

logger = logging.getLogger(__name__)

SEND_CALLBACK_TASK = "attribution.tasks.send_callback"
SIGNATURE_HEADER = "X-Newsroom-Signature"
EVENT_HEADER = "X-Newsroom-Event"
EVENTS = {Article.State.DONE: "article.extracted", Article.State.FAILED: "article.failed"}


def callback_enqueue(*, article_id: int) -> None:
    """Send the article's callback once the transaction commits, if the key that created it is active and
    has a callback URL (called only for articles created by a key: one query)."""
    wanted = Article.objects.filter(id=article_id, api_key__revoked_at__isnull=True).exclude(
        api_key__callback_url=""
    )
    if wanted.exists():
        transaction.on_commit(partial(_publish, article_id), robust=True)


def _publish(article_id: int) -> None:
    try:
        current_app.send_task(SEND_CALLBACK_TASK, args=[article_id])
    except Exception:
        logger.warning("Broker unavailable: the callback for article %s was not sent.", article_id)


def callback_signature(secret: str, body: bytes) -> str:
    """What SIGNATURE_HEADER carries: a client computes the same from the body and its secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def callback_body(article: Article) -> bytes:
    payload = {
        "event": EVENTS[article.state],
        "article": {
            "id": article.id,
            "state": article.state,
            "external_id": article.external_id,
            "error": article.error,
            "quotes": article.quotes.exclude(review_state="rejected").count(),
            "url": reverse("api:article_read", args=[article.id]),
        },
    }
    return json.dumps(payload, separators=(",", ":")).encode()


def callback_send(*, article_id: int) -> bool:
    """POST the article's state to its key's callback URL; False when there is nothing to send (no key, no
    URL, the key revoked, the article being extracted again). Raises FetchError when the client did not
    take it, for the task to try again."""
    article = Article.objects.select_related("api_key").filter(id=article_id).first()
    if article is None or article.api_key is None or article.state not in EVENTS:
        return False
    api_key = article.api_key
    if not api_key.callback_url or api_key.revoked_at is not None:
        return False
    body = callback_body(article)
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: callback_signature(api_key.callback_secret, body),
        EVENT_HEADER: EVENTS[article.state],
    }
    post(
        api_key.callback_url,
        body,
        headers=headers,
        allowed_hosts=settings.FETCH_ALLOWED_HOSTS,
        connect_timeout=settings.FETCH_CONNECT_TIMEOUT,
        total_timeout=settings.FETCH_TOTAL_TIMEOUT,
    )
    return True
