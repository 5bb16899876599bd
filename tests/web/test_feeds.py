"""The feeds page: each feed's last check, items taken, last error and pause; editors add, pause and resume,
researchers only read."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attribution.models import Feed

pytestmark = pytest.mark.django_db

FEEDS = reverse("feed_list")
ADD = reverse("feed_add")


def _feed(name="herald", **fields) -> Feed:
    fields.setdefault("publication_name", name.title())
    return Feed.objects.create(url=f"https://{name}.example/feed.xml", **fields)


def test_the_page_shows_each_feed_with_its_last_check_items_taken_and_last_error(editor_client):
    checked = timezone.make_aware(datetime.datetime(2026, 12, 1, 9, 30))
    _feed("herald", title="Herald news", last_checked_at=checked, last_success_at=checked, items_taken=42)
    _feed(
        "courier",
        last_checked_at=checked,
        failures=2,
        last_error="courier.example answered 503 Service Unavailable for https://courier.example/feed.xml.",
        last_note="The feed lists 10,000 entries: only its newest 200 are read at each check.",
    )
    _feed(
        "gazette", paused_at=checked, paused_reason="Paused after 5 failed checks in a row; the last: gone."
    )
    _feed("new")
    html = editor_client.get(FEEDS).content.decode()
    assert "Herald news" in html and "https://herald.example/feed.xml" in html and ">42<" in html
    assert "1 Dec 2026 09:30" in html
    assert "answered 503 Service Unavailable" in html and "(2 failed checks in a row)" in html
    assert "never read" in html  # checked, never successfully
    assert "only its newest 200 are read" in html
    assert "Paused after 5 failed checks in a row; the last: gone." in html and "Resume" in html
    assert "Not yet" in html  # the new feed, not checked yet
    assert "checked every 15 minutes" in html
    assert f'href="{FEEDS}"' in html  # in the menu


def test_an_editor_adds_a_feed_and_it_is_checked_at_once(
    editor_client, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as sent:
        response = editor_client.post(
            ADD, {"url": " https://herald.example/feed.xml#x ", "publication": "Herald"}, follow=True
        )
    assert response.redirect_chain[-1][0] == FEEDS
    assert "https://herald.example/feed.xml added for Herald: it is checked now." in response.content.decode()
    feed = Feed.objects.get()
    assert (feed.url, feed.publication_name, feed.added_by) == (
        "https://herald.example/feed.xml",
        "Herald",
        editor,
    )
    assert len(sent) == 1
    # the same address again is the same feed, and the page says so
    again = editor_client.post(
        ADD, {"url": "https://HERALD.example/feed.xml", "publication": "Other"}, follow=True
    )
    assert "https://herald.example/feed.xml is here already, for Herald." in again.content.decode()
    assert Feed.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"url": "ftp://herald.example/feed", "publication": "Herald"}, "Not a web address (http or https)"),
        ({"url": "herald.example/feed", "publication": "Herald"}, "Not a web address (http or https)"),
        ({"url": "", "publication": "Herald"}, "This field is required."),
        ({"url": "https://herald.example/feed.xml", "publication": ""}, "This field is required."),
    ],
)
def test_a_bad_feed_is_refused_with_its_reason_and_nothing_is_stored(editor_client, data, error):
    response = editor_client.post(ADD, data)
    assert response.status_code == 400 and error in response.content.decode()
    assert not Feed.objects.exists()


def test_an_editor_pauses_and_resumes_a_feed(editor_client, django_capture_on_commit_callbacks):
    feed = _feed(failures=3, last_error="gone")
    response = editor_client.post(reverse("feed_pause", args=[feed.id]), follow=True)
    assert "is paused: it is not checked until it is resumed." in response.content.decode()
    feed.refresh_from_db()
    assert feed.is_paused and feed.paused_reason == "Paused by edna."
    assert "Paused by edna." in response.content.decode()
    again = editor_client.post(reverse("feed_pause", args=[feed.id]), follow=True)
    assert "was paused already." in again.content.decode()
    with django_capture_on_commit_callbacks() as sent:
        response = editor_client.post(reverse("feed_resume", args=[feed.id]), follow=True)
    assert "is resumed: it is checked now." in response.content.decode() and len(sent) == 1
    feed.refresh_from_db()
    assert not feed.is_paused and feed.failures == 0
    assert (
        "was not paused."
        in editor_client.post(reverse("feed_resume", args=[feed.id]), follow=True).content.decode()
    )


def test_a_researcher_sees_the_feeds_but_cannot_add_pause_or_resume(client, researcher):
    client.force_login(researcher)
    active, paused = _feed("herald"), _feed("gazette", paused_at=timezone.now(), paused_reason="Paused.")
    html = client.get(FEEDS).content.decode()
    assert "https://herald.example/feed.xml" in html and "Paused." in html
    assert "Add a feed" not in html and ADD not in html
    assert reverse("feed_pause", args=[active.id]) not in html
    assert reverse("feed_resume", args=[paused.id]) not in html
    assert client.post(ADD, {"url": "https://x.example/feed", "publication": "X"}).status_code == 403
    assert client.post(reverse("feed_pause", args=[active.id])).status_code == 403
    assert client.post(reverse("feed_resume", args=[paused.id])).status_code == 403
    assert Feed.objects.count() == 2 and not Feed.objects.get(id=active.id).is_paused
    assert Feed.objects.get(id=paused.id).is_paused


def test_pausing_a_feed_that_is_not_there_is_a_404(editor_client):
    assert editor_client.post(reverse("feed_pause", args=[987654321])).status_code == 404
    assert (
        editor_client.get(reverse("feed_pause", args=[987654321])).status_code == 405
    )  # a change: POST only


def test_markup_in_a_feed_title_error_or_address_is_shown_as_text(editor_client):
    evil = "<img src=x onerror=alert(1)>"
    _feed(title=evil, last_error=evil, last_note=evil, publication_name=evil)
    html = editor_client.get(FEEDS).content.decode()
    assert evil not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_page_costs_the_same_queries_for_one_feed_or_many(
    editor_client, editor, django_assert_num_queries
):
    _feed("one", added_by=editor)
    with CaptureQueriesContext(connection) as one:
        editor_client.get(FEEDS)
    for name in ("two", "three", "four"):
        _feed(name, added_by=editor, paused_at=timezone.now(), paused_reason="Paused.")
    with django_assert_num_queries(len(one)):
        assert editor_client.get(FEEDS).status_code == 200


def test_admins_see_feeds_in_the_admin_and_correct_a_publication(client, admin_user):
    client.force_login(admin_user)
    feed = _feed(title="Herald news", last_error="gone")
    assert "Herald news" in client.get(reverse("admin:attribution_feed_changelist")).content.decode()
    change = reverse("admin:attribution_feed_change", args=[feed.id])
    assert "gone" in client.get(change).content.decode()
    response = client.post(change, {"publication_name": "The Herald", "added_by": ""})
    assert response.status_code == 302
    assert Feed.objects.get(id=feed.id).publication_name == "The Herald"
    assert client.get(reverse("admin:attribution_feed_add")).status_code == 403  # added on the feeds page


def test_each_feed_says_who_added_it(editor_client, editor):
    _feed(added_by=editor)
    assert "by edna" in editor_client.get(FEEDS).content.decode()
