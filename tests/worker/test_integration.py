"""A real Celery worker (subprocess) on the real Redis broker and PostgreSQL."""

import pytest
from django.urls import reverse

from attribution.models import Article, PageImport

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
