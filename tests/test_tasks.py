import pytest
from django.urls import reverse

from attribution import services, tasks
from attribution.documents import document_from_text
from attribution.models import Article, Quote
from attribution.services import ArticleMetadata


@pytest.fixture
def seed_article(db, seed_text):
    article, _ = services.article_create(document=document_from_text(seed_text), metadata=ArticleMetadata())
    return article


def test_the_task_extracts_the_seed_article_with_spacy(seed_article):
    tasks.extract_article(seed_article.id)
    seed_article.refresh_from_db()
    assert seed_article.state == Article.State.DONE
    quotes = list(seed_article.quotes.select_related("speaker"))
    assert len(quotes) >= 10
    assert all(seed_article.text[q.start : q.end] == q.text for q in quotes)
    assert any(q.speaker and q.speaker.name == "Emmanuel Macron" for q in quotes)


def test_running_the_task_twice_leaves_one_set_of_quotes(seed_article):
    tasks.extract_article(seed_article.id)
    first = sorted(Quote.objects.values_list("start", "end", "speaker__name"))
    tasks.extract_article(seed_article.id)  # a duplicate message: the article is no longer queued
    assert sorted(Quote.objects.values_list("start", "end", "speaker__name")) == first
    services.extraction_retry(article_id=seed_article.id)
    tasks.extract_article(seed_article.id)  # a deliberate re-run replaces the machine's quotes
    assert sorted(Quote.objects.values_list("start", "end", "speaker__name")) == first


def test_an_extractor_crash_marks_the_article_failed_with_the_reason(seed_article, monkeypatch):
    def crash(text, nlp, **options):
        raise ValueError("tokenizer fell over")

    monkeypatch.setattr(tasks.extraction, "extract", crash)
    tasks.extract_article(seed_article.id)
    seed_article.refresh_from_db()
    assert seed_article.state == Article.State.FAILED
    assert seed_article.error == "Extraction failed: ValueError: tokenizer fell over"
    assert seed_article.claim_token is None


def test_the_pipeline_is_loaded_once_per_process():
    assert tasks.pipeline() is tasks.pipeline()


def test_a_crash_is_logged_with_the_article_and_a_retry_from_its_page_extracts_it(
    seed_article, monkeypatch, caplog, editor_client, django_capture_on_commit_callbacks
):
    with monkeypatch.context() as patched:
        patched.setattr(tasks.extraction, "extract", lambda text, nlp, **options: 1 / 0)
        tasks.extract_article(seed_article.id)
    logged = [r for r in caplog.records if r.name == "attribution.tasks" and r.levelname == "ERROR"]
    assert [r.getMessage() for r in logged] == [f"Extraction of article {seed_article.id} failed"]
    assert logged[0].exc_info[0] is ZeroDivisionError
    page = editor_client.get(reverse("article_detail", args=[seed_article.id])).content.decode()
    assert "Extraction failed: ZeroDivisionError: division by zero" in page

    with django_capture_on_commit_callbacks() as sent:  # the retry sends the article to the worker again
        response = editor_client.post(reverse("article_retry", args=[seed_article.id]))
    assert response.status_code == 302
    seed_article.refresh_from_db()
    assert seed_article.state == Article.State.QUEUED and seed_article.error == ""
    assert len(sent) == 1
    tasks.extract_article(seed_article.id)  # what the worker does with that message
    seed_article.refresh_from_db()
    assert seed_article.state == Article.State.DONE and seed_article.quotes.count() >= 10
