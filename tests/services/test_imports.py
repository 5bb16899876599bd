"""Importing an article by its address: asked for once per URL, fetched from a local HTTP server of the
tests' own (tests/test_fetch.py's, on 127.0.0.1, allowed by FETCH_ALLOWED_HOSTS), stored as any article;
a failure stored with its reason and nothing half-stored."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from attribution import services
from attribution.models import Article, PageImport

from ..test_fetch import server  # noqa: F401 - the local HTTP server, a fixture

pytestmark = pytest.mark.django_db

LOCAL = override_settings(FETCH_ALLOWED_HOSTS=["127.0.0.1"], FETCH_TOTAL_TIMEOUT=3)


def _url(port, path):
    return f"http://127.0.0.1:{port}{path}"


def test_an_address_is_asked_for_once_as_given_or_without_its_fragment(server):  # noqa: F811
    first, new = services.page_import_request(url=_url(server, "/article"), publication_name="Herald")
    assert new and first.state == PageImport.State.QUEUED and first.publication_name == "Herald"
    again, new = services.page_import_request(url=f"  {_url(server, '/article')}#comments ")
    assert not new and again.id == first.id
    assert PageImport.objects.count() == 1


@pytest.mark.parametrize(
    "url", ["ftp://x.example/a", "javascript:alert(1)", "news.example/story", "", "http://"]
)
def test_an_address_that_is_no_web_page_is_refused(url):
    with pytest.raises(ValidationError):
        services.page_import_request(url=url)
    assert not PageImport.objects.exists()


@LOCAL
def test_a_fetched_page_becomes_an_article_queued_for_extraction(server, editor):  # noqa: F811
    page, _ = services.page_import_request(url=_url(server, "/story"), publication_name="Herald", user=editor)
    done = services.page_import_run(import_id=page.id)
    assert done.state == PageImport.State.DONE and done.error == "" and done.attempts == 1
    article = done.article
    assert article.state == Article.State.QUEUED and article.uploaded_by == editor
    assert article.title == "Council votes on the harbour plan"
    assert article.publication.name == "Herald" and article.byline == "Jane Roe"
    assert article.url == "https://herald.example/news/harbour-plan"  # the page's canonical address
    assert "«We are ready,» Mayor Ann Lee said" in article.text and "Subscribe" not in article.text
    # run twice, it changes nothing
    assert services.page_import_run(import_id=page.id) is None
    # the canonical address, asked for later, is the same import, and so the same article
    again, new = services.page_import_request(url="https://herald.example/news/harbour-plan")
    assert not new and again.id == page.id and again.article == article
    # as is an article uploaded with that address
    Article.objects.filter(id=article.id).update(url="https://herald.example/uploaded")
    found, new = services.page_import_request(url="https://herald.example/uploaded")
    assert not new and found == article


@LOCAL
@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "answered 404"),
        ("/binary", "is a binary file"),
        ("/pdf", "is application/pdf"),
        ("/bomb", "larger than the limit"),
        ("/drip", "too slowly"),
        ("/article", "No article text could be found"),  # a page too short to hold one
    ],
)
def test_a_failed_fetch_is_stored_with_its_reason_and_no_article(server, path, reason):  # noqa: F811
    page, _ = services.page_import_request(url=_url(server, path))
    failed = services.page_import_run(import_id=page.id)
    assert failed.state == PageImport.State.FAILED and reason in failed.error
    assert failed.article is None and not Article.objects.exists()
    # a retry sends it again; until then it cannot be claimed twice
    assert services.page_import_retry(import_id=page.id)
    page.refresh_from_db()
    assert page.state == PageImport.State.QUEUED and page.error == ""


def test_a_loopback_address_is_refused_unless_allowed(server):  # noqa: F811
    page, _ = services.page_import_request(url=_url(server, "/story"))
    failed = services.page_import_run(import_id=page.id)
    assert failed.state == PageImport.State.FAILED and "it is this machine" in failed.error
    assert not Article.objects.exists()


@LOCAL
def test_the_same_story_at_another_address_is_the_same_article(server):  # noqa: F811
    first, _ = services.page_import_request(url=_url(server, "/story"))
    second, _ = services.page_import_request(url=_url(server, "/story?utm_source=feed"))
    assert first.id != second.id
    a = services.page_import_run(import_id=first.id).article
    b = services.page_import_run(import_id=second.id).article
    assert a == b and Article.objects.count() == 1


def _aged(page, **changes):
    """The import as it stands after ``changes``, its last change made ``minutes`` ago."""
    minutes = changes.pop("minutes")
    changes["updated_at"] = timezone.now() - datetime.timedelta(minutes=minutes)
    PageImport.objects.filter(id=page.id).update(**changes)


def test_the_sweep_sends_again_what_never_reached_the_broker_and_puts_back_lost_fetches(
    django_capture_on_commit_callbacks,
):
    never_sent, _ = services.page_import_request(url="https://news.example/never-sent")
    sent, _ = services.page_import_request(url="https://news.example/sent")
    lost, _ = services.page_import_request(url="https://news.example/lost")
    dying, _ = services.page_import_request(url="https://news.example/dying")
    fresh, _ = services.page_import_request(url="https://news.example/being-fetched")
    PageImport.objects.filter(id=sent.id).update(enqueued_at=timezone.now())
    _aged(lost, state="fetching", attempts=1, enqueued_at=timezone.now(), minutes=10)
    _aged(dying, state="fetching", attempts=3, enqueued_at=timezone.now(), minutes=10)
    _aged(fresh, state="fetching", attempts=1, enqueued_at=timezone.now(), minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        resent = services.page_import_requeue_stranded()
    assert resent == 2  # never_sent, and lost put back
    states = dict(PageImport.objects.values_list("url", "state"))
    assert states == {
        "https://news.example/never-sent": "queued",
        "https://news.example/sent": "queued",
        "https://news.example/lost": "queued",
        "https://news.example/dying": "failed",
        "https://news.example/being-fetched": "fetching",
    }
    assert "stopped while fetching this page 3 times" in PageImport.objects.get(id=dying.id).error
    # what was sent now says so, and is not sent again at the next sweep
    assert PageImport.objects.get(id=never_sent.id).enqueued_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert services.page_import_requeue_stranded() == 0


def test_a_fetch_counts_as_an_attempt_when_it_starts(server):  # noqa: F811
    page, _ = services.page_import_request(url=_url(server, "/story"))
    services.page_import_run(import_id=page.id)  # refused: loopback is not allowed here
    page.refresh_from_db()
    assert page.attempts == 1 and page.state == "failed"
