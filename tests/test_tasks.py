import pytest

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
    def crash(text, nlp):
        raise ValueError("tokenizer fell over")

    monkeypatch.setattr(tasks.extraction, "extract", crash)
    tasks.extract_article(seed_article.id)
    seed_article.refresh_from_db()
    assert seed_article.state == Article.State.FAILED
    assert seed_article.error == "Extraction failed: ValueError: tokenizer fell over"
    assert seed_article.claim_token is None


def test_the_pipeline_is_loaded_once_per_process():
    assert tasks.pipeline() is tasks.pipeline()
