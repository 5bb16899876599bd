"""The callback of an API key: a POST when an article it created is extracted or fails, signed with an
HMAC of the body, retried with back-off by Celery; sent after extraction commits, never holding it up.
A local HTTP server of this test's own, on 127.0.0.1, plays the client."""

import hashlib
import hmac
import json
from http.server import BaseHTTPRequestHandler

import pytest

from attribution import services, tasks
from attribution.documents import document_from_text
from attribution.fetch import FetchError
from attribution.models import Article
from attribution.services.callbacks import SEND_CALLBACK_TASK

from ..review_story import _extract
from ..support import local_http_server

STORY = "“The bridge will reopen in May,” the mayor said on Tuesday. Crews worked through the night."


class Client(BaseHTTPRequestHandler):
    received: list = []  # (path, headers, body) of every POST
    failures_left = {"/flaky": 0}

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, dict(self.headers), body))
        if self.path == "/down" or (self.path == "/flaky" and self.failures_left["/flaky"] > 0):
            self.failures_left["/flaky"] -= 1
            self.send_response(503)
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/hook")
        else:
            self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def client_server():
    with local_http_server(Client) as port:
        yield port


@pytest.fixture
def received(client_server, settings):
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]  # the client listens on this machine
    Client.received.clear()
    return Client.received


def _sent_by_key(editor, port, path="/hook", text=STORY):
    made = services.api_key_create(user=editor, name="CMS", callback_url=f"http://127.0.0.1:{port}{path}")
    document = document_from_text(text)
    article, _ = services.article_create(
        document=document, metadata=services.ArticleMetadata(), api_key=made.api_key
    )
    return article, made.api_key


def test_an_extracted_article_is_told_to_its_key_signed_with_its_secret(
    editor, client_server, received, django_capture_on_commit_callbacks
):
    article, api_key = _sent_by_key(editor, client_server)
    with django_capture_on_commit_callbacks() as callbacks:
        _extract(article, quotes=[])
    # the callback leaves once extraction has committed: one task for the fetch queue, nothing sent yet
    assert len(callbacks) == 1 and not received
    assert services.callback_send(article_id=article.id)
    [(path, headers, body)] = received
    expected = "sha256=" + hmac.new(api_key.callback_secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Newsroom-Signature"] == expected
    assert headers["X-Newsroom-Event"] == "article.extracted"
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {
        "event": "article.extracted",
        "article": {
            "id": article.id,
            "state": "done",
            "external_id": None,
            "error": "",
            "quotes": 0,
            "url": f"/api/v1/articles/{article.id}",
        },
    }


def test_a_failed_extraction_is_told_too(editor, client_server, received, django_capture_on_commit_callbacks):
    article, _ = _sent_by_key(editor, client_server)
    claim = services.extraction_claim(article_id=article.id)
    with django_capture_on_commit_callbacks() as callbacks:
        services.extraction_fail(article_id=article.id, token=claim.token, reason="Extraction failed: boom")
    assert len(callbacks) == 1
    services.callback_send(article_id=article.id)
    [(_, headers, body)] = received
    assert headers["X-Newsroom-Event"] == "article.failed"
    assert json.loads(body)["article"]["error"] == "Extraction failed: boom"


def test_articles_not_sent_by_a_key_with_a_callback_send_nothing(
    editor, client_server, received, django_capture_on_commit_callbacks
):
    by_hand, _ = services.article_create(
        document=document_from_text(STORY), metadata=services.ArticleMetadata()
    )
    with django_capture_on_commit_callbacks() as callbacks:
        _extract(by_hand, quotes=[])
    assert not callbacks
    no_callback = services.api_key_create(user=editor, name="no callback").api_key
    quiet, _ = services.article_create(
        document=document_from_text(STORY + " Quiet."),
        metadata=services.ArticleMetadata(),
        api_key=no_callback,
    )
    with django_capture_on_commit_callbacks() as callbacks:
        _extract(quiet, quotes=[])
    assert not callbacks  # a key without a callback URL: no task at all
    article, api_key = _sent_by_key(editor, client_server, text=STORY + " Again.")
    _extract(article, quotes=[])
    services.api_key_revoke(key_id=api_key.id, user=editor)
    assert not services.callback_send(article_id=article.id)  # a revoked key hears nothing more
    assert not received


def test_a_client_that_is_down_is_tried_again_with_back_off(editor, client_server, received):
    Client.failures_left["/flaky"] = 2
    article, _ = _sent_by_key(editor, client_server, "/flaky")
    _extract(article, quotes=[])
    result = tasks.send_callback.apply(args=[article.id])  # eagerly: Celery's retries run at once
    assert result.successful()
    assert [path for path, _, _ in received] == ["/flaky"] * 3
    task = tasks.send_callback
    assert (task.name, task.max_retries, task.retry_backoff, task.retry_backoff_max) == (
        SEND_CALLBACK_TASK,
        8,
        30,
        600,
    )


def test_a_client_that_stays_down_is_given_up_after_the_last_retry(editor, client_server, received):
    article, _ = _sent_by_key(editor, client_server, "/down")
    _extract(article, quotes=[])
    result = tasks.send_callback.apply(args=[article.id])
    assert result.failed() and isinstance(result.result, FetchError)
    assert len(received) == 1 + tasks.send_callback.max_retries
    assert Article.objects.get(id=article.id).state == Article.State.DONE  # extraction is untouched


def test_a_redirect_is_not_followed_and_a_private_address_never_reached(
    editor, client_server, received, settings
):
    article, _ = _sent_by_key(editor, client_server, "/moved")
    _extract(article, quotes=[])
    with pytest.raises(FetchError, match="302"):
        services.callback_send(article_id=article.id)
    settings.FETCH_ALLOWED_HOSTS = []
    with pytest.raises(FetchError, match="loopback"):
        services.callback_send(article_id=article.id)
    assert [path for path, _, _ in received] == ["/moved"]
