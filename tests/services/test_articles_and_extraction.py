import dataclasses
import datetime
import uuid

import pytest
from django.db.models import RestrictedError
from django.utils import timezone

from attribution import extraction, services
from attribution.documents import document_from_text
from attribution.models import Article, Quote, Speaker
from attribution.services import ArticleMetadata

TEXT = (
    "Talks resume\n\n«We are ready,» President Emmanuel Macron said. «Talks go on,» said a senior official."
)


def _speaker(name, kind="person", anonymous=False, mention=None):
    return extraction.Speaker(
        name=name, kind=kind, anonymous=anonymous, mention=mention or name, start=None, end=None
    )


def _quote(text, fragment, speaker, kind="direct", confidence=0.9):
    start = text.index(fragment)
    return extraction.Quote(start, start + len(fragment), fragment, kind, "said", confidence, speaker)


MACRON = _speaker("Emmanuel Macron")
OFFICIAL = _speaker("a senior official", kind="anonymous", anonymous=True)


@pytest.fixture
def article(db):
    article, created = services.article_create(document=document_from_text(TEXT), metadata=ArticleMetadata())
    assert created
    return article


def _extract(article, quotes):
    claim = services.extraction_claim(article_id=article.id)
    assert claim is not None
    assert services.extraction_save(
        article_id=article.id, token=claim.token, quotes=quotes, extractor_version="test"
    )


def test_the_same_text_makes_one_article(article):
    again, created = services.article_create(
        document=document_from_text(TEXT + "\n"), metadata=ArticleMetadata()
    )
    assert not created and again == article


def test_a_publication_is_found_whatever_its_case(db):
    first = services.publication_get_or_create(name="Paris  Match")
    assert services.publication_get_or_create(name="paris match") == first
    assert services.publication_get_or_create(name="  ") is None


def test_only_one_worker_can_claim_an_article(article):
    assert services.extraction_claim(article_id=article.id) is not None
    assert services.extraction_claim(article_id=article.id) is None
    article.refresh_from_db()
    assert article.state == Article.State.EXTRACTING
    assert article.extraction_attempts == 1


def test_a_retried_task_takes_back_its_own_claim_and_no_other(article):
    # the task's first try claimed the article, then lost the database; its retry carries the claim's token
    first = services.extraction_claim(article_id=article.id)
    assert services.extraction_claim(article_id=article.id, token=uuid.uuid4()) is None  # not someone else's
    again = services.extraction_claim(article_id=article.id, token=first.token)
    assert again is not None and again.token != first.token
    assert not services.extraction_save(
        article_id=article.id, token=first.token, quotes=[], extractor_version="t"
    )
    assert services.extraction_save(
        article_id=article.id,
        token=again.token,
        quotes=[_quote(TEXT, "«We are ready,»", MACRON)],
        extractor_version="t",
    )
    article.refresh_from_db()
    assert article.state == Article.State.DONE and article.extraction_attempts == 2


def test_saving_stores_quotes_with_shared_and_local_speakers(article):
    _extract(article, [_quote(TEXT, "«We are ready,»", MACRON), _quote(TEXT, "«Talks go on,»", OFFICIAL)])
    article.refresh_from_db()
    assert article.state == Article.State.DONE
    assert article.claim_token is None and article.extractor_version == "test"
    macron, official = (q.speaker for q in article.quotes.order_by("start"))
    assert (macron.kind, macron.article, macron.anonymous) == ("person", None, False)
    assert (official.kind, official.article, official.anonymous) == ("anonymous", article, True)
    for quote in article.quotes.all():
        assert article.text[quote.start : quote.end] == quote.text


def test_saving_keeps_the_speakers_role_on_one_line_and_cut_to_fit(article):
    president = dataclasses.replace(MACRON, role="  French\n President ")
    long_role = dataclasses.replace(OFFICIAL, role="an official " + "of the defence ministry " * 20)
    _extract(article, [_quote(TEXT, "«We are ready,»", president), _quote(TEXT, "«Talks go on,»", long_role)])
    first, second = article.quotes.order_by("start")
    assert first.speaker_role == "French President"
    assert len(second.speaker_role) <= 200 and second.speaker_role == second.speaker_role.strip()
    assert second.speaker_role.startswith("an official of the defence ministry")
    assert services.extraction_retry(article_id=article.id)
    _extract(article, [_quote(TEXT, "«We are ready,»", MACRON), _quote(TEXT, "«Talks go on,»", None)])
    assert list(article.quotes.values_list("speaker_role", flat=True)) == ["", ""]


def test_the_extractor_s_role_of_a_speaker_is_stored_on_the_quote(db):
    text = "Visit\n\n«We will rebuild,» Harbourview Mayor Ellen Kowalski said on Monday."
    article, _ = services.article_create(document=document_from_text(text), metadata=ArticleMetadata())
    _extract(article, extraction.extract(article.text, extraction.load_pipeline()))
    [quote] = article.quotes.all()
    assert (quote.speaker.name, quote.speaker_role) == ("Ellen Kowalski", "Harbourview Mayor")


def test_named_speakers_are_shared_across_articles_and_anonymous_ones_are_not(article):
    _extract(article, [_quote(TEXT, "«We are ready,»", MACRON), _quote(TEXT, "«Talks go on,»", OFFICIAL)])
    other_text = TEXT.replace("resume", "stall")
    other, _ = services.article_create(document=document_from_text(other_text), metadata=ArticleMetadata())
    macron_again = _speaker("EMMANUEL  MACRON")
    _extract(
        other,
        [_quote(other_text, "«We are ready,»", macron_again), _quote(other_text, "«Talks go on,»", OFFICIAL)],
    )
    assert Speaker.objects.filter(kind="person").count() == 1
    assert Speaker.objects.filter(kind="anonymous").count() == 2


def test_extracting_again_replaces_machine_quotes_and_keeps_human_decisions(article):
    _extract(article, [_quote(TEXT, "«We are ready,»", MACRON), _quote(TEXT, "«Talks go on,»", OFFICIAL)])
    confirmed = article.quotes.get(text="«We are ready,»")
    confirmed.review_state = Quote.ReviewState.CONFIRMED
    confirmed.save()
    assert services.extraction_retry(article_id=article.id)
    _extract(
        article,
        [_quote(TEXT, "«We are ready,»", OFFICIAL, confidence=0.1), _quote(TEXT, "«Talks go on,»", OFFICIAL)],
    )
    quotes = {q.text: q for q in article.quotes.all()}
    assert len(quotes) == 2
    assert quotes["«We are ready,»"].speaker.name == "Emmanuel Macron"
    assert quotes["«We are ready,»"].review_state == Quote.ReviewState.CONFIRMED


def test_extracting_twice_leaves_exactly_one_set_of_quotes(article):
    quotes = [_quote(TEXT, "«We are ready,»", MACRON), _quote(TEXT, "«Talks go on,»", OFFICIAL)]
    _extract(article, quotes)
    services.extraction_retry(article_id=article.id)
    _extract(article, quotes)
    assert article.quotes.count() == 2
    assert Speaker.objects.count() == 2


def test_a_worker_that_lost_its_claim_stores_nothing(article):
    stale = services.extraction_claim(article_id=article.id)
    # The sweep gave the article to another worker meanwhile.
    Article.objects.filter(id=article.id).update(
        extraction_started_at=timezone.now() - datetime.timedelta(hours=1)
    )
    services.extraction_requeue_stranded()
    fresh = services.extraction_claim(article_id=article.id)
    assert not services.extraction_save(
        article_id=article.id,
        token=stale.token,
        quotes=[_quote(TEXT, "«We are ready,»", MACRON)],
        extractor_version="x",
    )
    assert services.extraction_save(
        article_id=article.id, token=fresh.token, quotes=[], extractor_version="y"
    )
    article.refresh_from_db()
    assert article.extractor_version == "y" and article.quotes.count() == 0


def test_a_failure_keeps_its_reason_and_retry_queues_the_article_again(article):
    claim = services.extraction_claim(article_id=article.id)
    services.extraction_fail(article_id=article.id, token=claim.token, reason="Extraction failed: boom")
    article.refresh_from_db()
    assert (article.state, article.error) == (Article.State.FAILED, "Extraction failed: boom")
    assert services.extraction_retry(article_id=article.id)
    assert not services.extraction_retry(article_id=article.id)  # already queued
    article.refresh_from_db()
    assert (article.state, article.error) == (Article.State.QUEUED, "")


def test_an_article_that_keeps_killing_its_worker_is_marked_failed(article):
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    for _ in range(services.MAX_EXTRACTION_ATTEMPTS):
        assert services.extraction_claim(article_id=article.id)
        Article.objects.filter(id=article.id).update(extraction_started_at=long_ago)
        services.extraction_requeue_stranded()
    article.refresh_from_db()
    assert article.state == Article.State.FAILED
    assert "stopped while extracting" in article.error


def test_a_stopped_broker_leaves_the_article_stored_and_queued_for_the_sweep(
    db, django_capture_on_commit_callbacks, stopped_broker
):
    with stopped_broker(), django_capture_on_commit_callbacks(execute=True):
        article, created = services.article_create(
            document=document_from_text(TEXT), metadata=ArticleMetadata()
        )
    article.refresh_from_db()
    assert created and article.state == Article.State.QUEUED and article.enqueued_at is None
    # Redis is back: the sweep sends it.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.extraction_requeue_stranded() == 1
    article.refresh_from_db()
    assert article.enqueued_at is not None


def test_deleting_an_article_deletes_its_quotes_and_local_speakers_but_not_shared_ones(article):
    _extract(article, [_quote(TEXT, "«We are ready,»", MACRON), _quote(TEXT, "«Talks go on,»", OFFICIAL)])
    article.delete()
    assert Quote.objects.count() == 0
    assert list(Speaker.objects.values_list("name", flat=True)) == ["Emmanuel Macron"]


def test_a_named_speaker_with_quotes_cannot_be_deleted_by_accident(article):
    _extract(article, [_quote(TEXT, "«We are ready,»", MACRON)])
    with pytest.raises(RestrictedError):
        Speaker.objects.get(name="Emmanuel Macron").delete()
