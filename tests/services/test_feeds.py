"""Feeds: added once per address, checked against a local HTTP server of this module's own (on 127.0.0.1,
allowed by FETCH_ALLOWED_HOSTS) whose feeds each test writes; new entries imported by their address, seen
ones never again, a 304 taking nothing, failures counted to a pause, and nothing half-stored."""

import datetime
from http.server import BaseHTTPRequestHandler

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from attribution import services, tasks
from attribution.models import Article, Feed, FeedEntry, PageImport
from attribution.services import feeds as feed_services

from ..support import local_http_server

pytestmark = pytest.mark.django_db

LOCAL = override_settings(FETCH_ALLOWED_HOSTS=["127.0.0.1"], FETCH_TOTAL_TIMEOUT=5)


class Site:
    """What the server answers, path by path, and the requests it was sent."""

    def __init__(self) -> None:
        self.port = 0
        self.routes: dict[str, dict] = {}
        self.requests: list[dict] = []

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path, body, *, content_type="application/rss+xml", etag="", last_modified="") -> None:
        self.routes[path] = {
            "body": body,
            "content_type": content_type,
            "etag": etag,
            "last_modified": last_modified,
        }


SITE = Site()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        SITE.requests.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
        route = SITE.routes.get(self.path)
        if route is None:
            return self._answer(404, b"not here", "text/plain")
        validators = [("ETag", route["etag"]), ("Last-Modified", route["last_modified"])]
        validators = [(name, value) for name, value in validators if value]
        unchanged = (route["etag"] and self.headers.get("If-None-Match") == route["etag"]) or (
            route["last_modified"] and self.headers.get("If-Modified-Since") == route["last_modified"]
        )
        if unchanged:
            return self._answer(304, b"", "", validators)
        self._answer(200, route["body"], route["content_type"], validators)

    def _answer(self, status, body, content_type, headers=()):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def port():
    with local_http_server(Handler) as port:
        yield port


@pytest.fixture
def site(port):
    SITE.port = port
    SITE.routes.clear()
    SITE.requests.clear()
    return SITE


def _rss(*items, title="Herald news") -> bytes:
    """An RSS feed of (guid, path) items, the first the newest, an hour apart."""
    entries = "".join(
        f"<item><title>Story {guid}</title><link>https://herald.example{path}</link>"
        f"<guid isPermaLink='false'>{guid}</guid><pubDate>{_hours_before_noon(i)}</pubDate></item>"
        for i, (guid, path) in enumerate(items)
    )
    channel = f"<channel><title>{title}</title>{entries}</channel>"
    return f"<?xml version='1.0'?><rss version='2.0'>{channel}</rss>".encode()


def _hours_before_noon(hours: int) -> str:
    return (_NOON - datetime.timedelta(hours=hours)).strftime("%a, %d %b %Y %H:%M:%S GMT")


_NOON = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)


def _feed(site, path="/feed.xml", publication="Herald", user=None) -> Feed:
    feed, _ = services.feed_add(url=site.url(path), publication_name=publication, user=user)
    return feed


def test_a_feed_is_added_once_per_address_and_checked_at_once(
    site, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as sent:
        feed, new = services.feed_add(url=site.url("/feed.xml"), publication_name=" Herald ", user=editor)
    assert new and len(sent) == 1  # its first check, sent once the feed is stored
    assert (feed.publication_name, feed.added_by, feed.last_checked_at) == ("Herald", editor, None)
    with django_capture_on_commit_callbacks() as sent:
        again, new = services.feed_add(url=f"  {site.url('/feed.xml')}#top ", publication_name="Other")
    assert not new and again.id == feed.id and again.publication_name == "Herald" and not sent
    assert Feed.objects.count() == 1


@pytest.mark.parametrize(
    "url", ["ftp://herald.example/feed", "javascript:alert(1)", "herald.example/feed", ""]
)
def test_an_address_that_is_no_web_address_is_refused(url):
    with pytest.raises(ValidationError):
        services.feed_add(url=url, publication_name="Herald")
    assert not Feed.objects.exists()


@LOCAL
def test_new_entries_are_imported_once_and_repeated_ones_take_nothing(
    site, editor, django_capture_on_commit_callbacks
):
    site.serve("/feed.xml", _rss(("h-2", "/news/two"), ("h-1", "/news/one")))
    feed = _feed(site, user=editor)
    with django_capture_on_commit_callbacks() as sent:
        checked = services.feed_poll(feed_id=feed.id)
    assert len(sent) == 2  # each import is sent to the fetch queue once the check's transaction commits
    assert (checked.title, checked.items_taken, checked.failures, checked.last_error) == (
        "Herald news",
        2,
        0,
        "",
    )
    assert checked.last_checked_at == checked.last_success_at is not None and checked.polling_since is None
    imports = PageImport.objects.order_by("id")
    assert [(i.url, i.publication_name, i.requested_by) for i in imports] == [
        ("https://herald.example/news/one", "Herald", editor),  # the oldest first
        ("https://herald.example/news/two", "Herald", editor),
    ]
    entries = {e.key: e for e in FeedEntry.objects.filter(feed=feed)}
    assert set(entries) == {"h-1", "h-2"} and entries["h-2"].page_import.url.endswith("/news/two")
    assert entries["h-2"].published_at == _NOON and entries["h-2"].title == "Story h-2"

    # the next check lists one new story above the two seen ones: only it is taken
    site.serve("/feed.xml", _rss(("h-3", "/news/three"), ("h-2", "/news/two"), ("h-1", "/news/one")))
    with django_capture_on_commit_callbacks() as sent:
        checked = services.feed_poll(feed_id=feed.id)
    assert len(sent) == 1 and checked.items_taken == 3
    assert PageImport.objects.count() == 3 and FeedEntry.objects.count() == 3
    # and checked again with nothing new, nothing changes but the time of the check
    assert services.feed_poll(feed_id=feed.id).items_taken == 3 and PageImport.objects.count() == 3


@LOCAL
@pytest.mark.parametrize(
    ("validators", "sent_back"),
    [
        ({"etag": '"v1"'}, ("if-none-match", '"v1"')),
        (
            {"last_modified": "Tue, 01 Dec 2026 12:00:00 GMT"},
            ("if-modified-since", "Tue, 01 Dec 2026 12:00:00 GMT"),
        ),
    ],
)
def test_an_unchanged_feed_answers_304_and_the_check_takes_nothing(site, validators, sent_back):
    site.serve("/feed.xml", _rss(("h-1", "/news/one")), **validators)
    feed = _feed(site)
    first = services.feed_poll(feed_id=feed.id)
    assert first.items_taken == 1 and (first.etag or first.last_modified)
    second = services.feed_poll(feed_id=feed.id)
    header, value = sent_back
    assert SITE.requests[-1][header] == value  # a conditional GET with what the first answer said
    assert second.last_checked_at > first.last_checked_at and second.last_success_at == second.last_checked_at
    assert (second.items_taken, second.title, second.last_error) == (1, "Herald news", "")
    assert (second.etag, second.last_modified) == (first.etag, first.last_modified)  # kept for the next one
    assert PageImport.objects.count() == 1 and FeedEntry.objects.count() == 1


@LOCAL
@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"<rss version='2.0'><channel><title>Cut off", "application/rss+xml", "not a well-formed feed"),
        (b"<html><body><p>A page</p></body></html>", "application/xml", "not an RSS or Atom feed"),
        (b"<p>A page</p>", "text/html", "is text/html, not a page we can read"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "application/xml", "is a binary file"),
    ],
)
def test_what_is_no_feed_fails_with_its_reason_and_stores_nothing(site, body, content_type, reason):
    site.serve("/feed.xml", body, content_type=content_type)
    checked = services.feed_poll(feed_id=_feed(site).id)
    assert reason in checked.last_error and checked.failures == 1 and checked.last_success_at is None
    assert checked.last_checked_at is not None and checked.polling_since is None and not checked.is_paused
    assert not FeedEntry.objects.exists() and not PageImport.objects.exists()


def test_a_feed_on_this_machine_is_refused_unless_its_host_is_allowed(site):
    site.serve("/feed.xml", _rss(("h-1", "/news/one")))
    checked = services.feed_poll(feed_id=_feed(site).id)
    assert "it is this machine" in checked.last_error and not SITE.requests  # refused before connecting
    assert not PageImport.objects.exists()


@LOCAL
def test_a_feed_of_ten_thousand_entries_takes_the_newest_and_says_how_many_were_left(site):
    items = [(f"h-{i}", f"/news/{i}") for i in range(10_000, 0, -1)]  # the newest first
    site.serve("/feed.xml", _rss(*items))
    began = timezone.now()
    checked = services.feed_poll(feed_id=_feed(site).id)
    assert (timezone.now() - began).total_seconds() < 30
    assert checked.items_taken == settings.FEED_MAX_ENTRIES == 200 and checked.last_error == ""
    assert "lists 10,000 entries: only its newest 200 are read at each check, 9,800 were left out" in (
        checked.last_note
    )
    assert PageImport.objects.count() == 200 and FeedEntry.objects.count() == 200
    assert (
        FeedEntry.objects.filter(key="h-10000").exists()
        and not FeedEntry.objects.filter(key="h-9800").exists()
    )


@LOCAL
@override_settings(FEED_MAX_ENTRIES=3)
def test_the_cap_is_a_setting(site):
    site.serve("/feed.xml", _rss(*[(f"h-{i}", f"/news/{i}") for i in range(5)]))
    checked = services.feed_poll(feed_id=_feed(site).id)
    assert checked.items_taken == 3 and "2 were left out" in checked.last_note


@LOCAL
def test_five_failures_in_a_row_pause_the_feed_and_resuming_checks_it_again(
    site, django_capture_on_commit_callbacks
):
    feed = _feed(site)  # nothing is served at its address yet: every check is a 404
    for count in range(1, 5):
        checked = services.feed_poll(feed_id=feed.id)
        assert checked.failures == count and not checked.is_paused and "answered 404" in checked.last_error
    paused = services.feed_poll(feed_id=feed.id)
    assert paused.failures == 5 and paused.is_paused
    assert paused.paused_reason.startswith("Paused after 5 failed checks in a row; the last: ")
    assert "answered 404" in paused.paused_reason
    # a paused feed is not checked, by the scheduler or by a message that was already queued
    asked = len(SITE.requests)
    assert services.feed_poll(feed_id=feed.id) is None and len(SITE.requests) == asked
    assert services.feeds_poll_due() == 0

    site.serve("/feed.xml", _rss(("h-1", "/news/one")))
    with django_capture_on_commit_callbacks() as sent:
        assert services.feed_resume(feed_id=feed.id)
    assert len(sent) == 1  # checked again at once
    resumed = Feed.objects.get(id=feed.id)
    assert (resumed.is_paused, resumed.paused_reason, resumed.failures) == (False, "", 0)
    assert not services.feed_resume(feed_id=feed.id)  # not paused: nothing to resume
    checked = services.feed_poll(feed_id=feed.id)
    assert (checked.items_taken, checked.last_error, checked.failures) == (1, "", 0)


@LOCAL
def test_a_good_check_sets_the_count_of_failures_back_to_zero(site):
    feed = _feed(site)
    services.feed_poll(feed_id=feed.id)
    assert services.feed_poll(feed_id=feed.id).failures == 2
    site.serve("/feed.xml", _rss(("h-1", "/news/one")))
    checked = services.feed_poll(feed_id=feed.id)
    assert (checked.failures, checked.last_error) == (0, "")


def test_an_editor_pauses_a_feed_with_their_name_as_the_reason(site, editor):
    feed = _feed(site)
    assert services.feed_pause(feed_id=feed.id, user=editor)
    assert not services.feed_pause(feed_id=feed.id, user=editor)  # paused already
    paused = Feed.objects.get(id=feed.id)
    assert paused.is_paused and paused.paused_reason == "Paused by edna."


@LOCAL
def test_two_pollers_never_check_one_feed_at_once(site):
    site.serve("/feed.xml", _rss(("h-1", "/news/one")))
    feed = _feed(site)
    Feed.objects.filter(id=feed.id).update(polling_since=timezone.now())  # another poller has it
    assert services.feed_poll(feed_id=feed.id) is None and not SITE.requests
    # a claim older than the poll's time limit lost its worker: it is taken over
    lost = timezone.now() - feed_services.CLAIM_LOST_AFTER - datetime.timedelta(seconds=1)
    Feed.objects.filter(id=feed.id).update(polling_since=lost)
    assert services.feed_poll(feed_id=feed.id).items_taken == 1


@LOCAL
def test_a_check_whose_claim_was_taken_over_stores_nothing(site, monkeypatch):
    site.serve("/feed.xml", _rss(("h-1", "/news/one")))
    feed = _feed(site)
    real_fetch = feed_services.fetch

    def slow_fetch(*args, **kwargs):  # while it fetched, its claim was taken over as lost
        Feed.objects.filter(id=feed.id).update(polling_since=timezone.now() + datetime.timedelta(minutes=5))
        return real_fetch(*args, **kwargs)

    monkeypatch.setattr(feed_services, "fetch", slow_fetch)
    assert services.feed_poll(feed_id=feed.id) is None
    assert not FeedEntry.objects.exists() and not PageImport.objects.exists()
    assert Feed.objects.get(id=feed.id).items_taken == 0


@LOCAL
def test_an_error_half_way_through_a_check_leaves_no_entry_and_no_import(
    site, monkeypatch, django_capture_on_commit_callbacks
):
    site.serve("/feed.xml", _rss(("h-3", "/news/three"), ("h-2", "/news/two"), ("h-1", "/news/one")))
    feed = _feed(site)
    real_request = feed_services.page_import_request
    calls = []

    def failing_request(**kwargs):
        calls.append(kwargs["url"])
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real_request(**kwargs)

    monkeypatch.setattr(feed_services, "page_import_request", failing_request)
    with django_capture_on_commit_callbacks() as sent:
        checked = services.feed_poll(feed_id=feed.id)
    assert checked.last_error == "The check failed: RuntimeError: the database went away"
    assert (checked.failures, checked.items_taken, checked.polling_since) == (1, 0, None)
    assert not FeedEntry.objects.exists() and not PageImport.objects.exists() and not sent
    # the next check takes all three
    monkeypatch.setattr(feed_services, "page_import_request", real_request)
    assert services.feed_poll(feed_id=feed.id).items_taken == 3


@LOCAL
def test_an_entry_already_here_is_linked_to_its_article_and_a_link_that_is_no_web_address_is_passed_over(
    site,
):
    article = Article.objects.create(
        title="Two", text="Text.", content_hash="a" * 64, url="https://herald.example/news/two"
    )
    body = _rss(("h-2", "/news/two")).replace(
        b"</channel>",
        b"<item><title>Bad</title><link>ftp://herald.example/story</link>"
        b"<guid isPermaLink='false'>h-bad</guid></item>"
        b"<item><title>No link</title><description>x</description></item></channel>",
    )
    site.serve("/feed.xml", body)
    feed = _feed(site)
    checked = services.feed_poll(feed_id=feed.id)
    assert checked.items_taken == 1 and not PageImport.objects.exists()
    assert FeedEntry.objects.get(key="h-2").article == article
    assert "1 entries have no link" in checked.last_note
    assert "1 new entries link to no web address (http or https) and were passed over" in checked.last_note
    # remembered as seen: not tried again
    assert FeedEntry.objects.get(key="h-bad").page_import is None
    assert services.feed_poll(feed_id=feed.id).items_taken == 1


def test_the_scheduler_sends_the_feeds_that_are_due(site, django_capture_on_commit_callbacks):
    now = timezone.now()
    ago = datetime.timedelta
    every = settings.FEED_POLL_SECONDS
    for name, fields in {
        "never-checked": {},
        "checked-an-interval-ago": {"last_checked_at": now - ago(seconds=every)},
        "checked-just-now": {"last_checked_at": now - ago(seconds=10)},
        "paused": {"paused_at": now, "paused_reason": "Paused."},
        "being-checked": {"polling_since": now - ago(seconds=5)},
        "poller-died": {"polling_since": now - feed_services.CLAIM_LOST_AFTER - ago(seconds=1)},
    }.items():
        Feed.objects.create(url=site.url(f"/{name}"), publication_name="Herald", **fields)
    with django_capture_on_commit_callbacks() as sent:
        assert services.feeds_poll_due() == 3
    assert len(sent) == 3
    due = Feed.objects.due(
        now=now, checked_within=ago(seconds=every / 2), claim_lost_after=feed_services.CLAIM_LOST_AFTER
    )
    assert {f.url.rsplit("/", 1)[1] for f in due} == {
        "never-checked",
        "checked-an-interval-ago",
        "poller-died",
    }


def test_the_checks_run_on_the_fetch_queue_and_the_scheduler_sends_them():
    assert settings.CELERY_TASK_ROUTES[feed_services.POLL_FEED_TASK] == {"queue": settings.CELERY_FETCH_QUEUE}
    beat = settings.CELERY_BEAT_SCHEDULE["poll-feeds"]
    assert beat == {"task": "attribution.tasks.poll_feeds", "schedule": float(settings.FEED_POLL_SECONDS)}
    assert settings.FEED_POLL_SECONDS == 900


@LOCAL
def test_the_tasks_check_a_feed_and_send_the_due_ones(site, django_capture_on_commit_callbacks):
    site.serve("/feed.xml", _rss(("h-1", "/news/one")))
    feed = _feed(site)
    with django_capture_on_commit_callbacks() as sent:
        assert tasks.poll_feeds() == 1
    assert len(sent) == 1
    tasks.poll_feed(feed.id)
    assert Feed.objects.get(id=feed.id).items_taken == 1
    assert tasks.poll_feeds() == 0  # checked just now
