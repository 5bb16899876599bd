"""A real Celery worker (subprocess) on the real Redis broker and PostgreSQL."""

import json

import pytest
from django.urls import reverse

from attribution import services
from attribution.models import Article, PageImport
from attribution.services.callbacks import callback_signature

from ..api.test_callbacks import client_server, received  # noqa: F401 - the API client's server, fixtures
from ..support import wait_until
from ..test_fetch import server  # noqa: F401 - the local HTTP server, a fixture

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_an_uploaded_article_gets_its_quotes_from_a_real_worker(
    celery_worker_process, editor_client, seed_text
):
    response = editor_client.post(
        reverse("article_upload"), {"text": seed_text, "publication": "Paris Match"}
    )
    article = Article.objects.get()
    assert response["Location"] == reverse("article_detail", args=[article.id])

    def done():
        article.refresh_from_db()
        return article.state in {Article.State.DONE, Article.State.FAILED}

    wait_until(done, timeout=60, message="the worker to extract the seed article")
    assert article.state == Article.State.DONE, article.error
    quotes = list(article.quotes.select_related("speaker").order_by("start"))
    assert len(quotes) >= 10
    speakers = {q.speaker.name for q in quotes if q.speaker}
    assert "Emmanuel Macron" in speakers
    page = editor_client.get(reverse("article_detail", args=[article.id])).content.decode()
    assert page.count('<mark class="quote') >= len(quotes)


def test_an_article_queued_while_the_broker_was_down_is_picked_up_by_the_sweep(
    celery_worker_process, editor_client, seed_text, stopped_broker
):
    with stopped_broker():
        editor_client.post(reverse("article_upload"), {"text": seed_text})
    article = Article.objects.get()
    assert article.state == Article.State.QUEUED and article.enqueued_at is None
    # What the periodic sweep (celery beat) does once Redis is back.
    from attribution.tasks import requeue_stranded_articles

    requeue_stranded_articles.delay()

    def done():
        article.refresh_from_db()
        return article.state == Article.State.DONE

    wait_until(done, timeout=60, message="the swept article to be extracted")
    assert article.quotes.count() >= 10


def test_a_page_imported_by_its_address_is_fetched_and_extracted_by_the_workers(
    celery_worker_process,
    editor_client,
    server,  # noqa: F811
):
    url = f"http://127.0.0.1:{server}/story"
    editor_client.post(reverse("article_import"), {"urls": url, "publication": "Herald"})
    page = PageImport.objects.get()

    def done():
        page.refresh_from_db()
        return page.article_id is not None and page.article.state in {
            Article.State.DONE,
            Article.State.FAILED,
        }

    wait_until(done, timeout=60, message="the workers to fetch and extract the page")
    article = page.article
    assert article.state == Article.State.DONE, article.error
    assert article.publication.name == "Herald" and article.byline == "Jane Roe"
    assert {q.speaker.name for q in article.quotes.select_related("speaker") if q.speaker} >= {"Ann Lee"}


def test_an_article_sent_through_the_api_is_extracted_and_its_callback_signed_and_sent(
    celery_worker_process,
    client,
    editor,
    client_server,  # noqa: F811
    received,  # noqa: F811
):
    made = services.api_key_create(
        user=editor, name="CMS", callback_url=f"http://127.0.0.1:{client_server}/hook"
    )
    sent = client.post(
        "/api/v1/articles",
        {"text": "“The bridge will reopen in May,” Mayor Ann Lee said on Tuesday.", "external_id": "cms-1"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {made.key}"},
    )
    assert sent.status_code == 201
    wait_until(lambda: received, timeout=60, message="the worker to extract the article and call back")
    [(path, headers, body)] = received
    assert json.loads(body)["article"] == {
        "id": sent.json()["id"],
        "state": "done",
        "external_id": "cms-1",
        "error": "",
        "quotes": 1,
        "url": f"/api/v1/articles/{sent.json()['id']}",
    }
    assert headers["X-Newsroom-Signature"] == callback_signature(made.api_key.callback_secret, body)
