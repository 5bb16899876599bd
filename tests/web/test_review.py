"""The review desk's pages: who may do what, htmx fragments, query counts, refused changes shown in place."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attribution import extraction
from attribution.models import AuditEvent, Quote
from attribution.services import review

from ..review_story import MACHINE, TEXT, _add_by_hand, _extract, _q, _quote, _speaker

HTMX = {"HTTP_HX_REQUEST": "true"}


def _posts(article):
    quote = article.quotes.order_by("start").first()
    speaker = quote.speaker
    correct = {
        "version": quote.version,
        "speaker_name": "Emmanuel Macron",
        "speaker_kind": "",
        "speaker_anonymous": "",
        "kind": "partial",
        "anonymity_reason": "",
        "start": quote.start,
        "end": quote.end,
    }
    add = {"speaker_name": "Emmanuel Macron", "kind": "partial", "start": 0, "end": 5}
    return {
        "quote_confirm": (reverse("quote_confirm", args=[quote.id]), {"version": quote.version}),
        "quote_reject": (reverse("quote_reject", args=[quote.id]), {"version": quote.version}),
        "quote_correct": (reverse("quote_correct", args=[quote.id]), correct),
        "quote_add": (reverse("quote_add", args=[article.id]), add),
        "speaker_redescribe": (
            reverse("speaker_redescribe", args=[article.id, speaker.id]),
            {"speaker_name": "President Emmanuel Macron", "speaker_kind": "person"},
        ),
        "article_mark_reviewed": (reverse("article_mark_reviewed", args=[article.id]), {}),
        "article_reopen": (reverse("article_reopen", args=[article.id]), {}),
    }


ACTIONS = [
    "quote_confirm",
    "quote_reject",
    "quote_correct",
    "quote_add",
    "speaker_redescribe",
    "article_mark_reviewed",
    "article_reopen",
]


@pytest.mark.parametrize("action", ACTIONS)
def test_researchers_may_change_nothing(client, researcher, article, action):
    client.force_login(researcher)
    url, data = _posts(article)[action]
    before = list(Quote.objects.values_list("id", "version", "review_state", "speaker_id"))
    assert client.post(url, data).status_code == 403
    assert client.post(url, data, **HTMX).status_code == 403
    assert list(Quote.objects.values_list("id", "version", "review_state", "speaker_id")) == before
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_visitors_are_sent_to_log_in(client, article, action):
    url, data = _posts(article)[action]
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["editor", "admin_user"])
@pytest.mark.parametrize("action", ACTIONS)
def test_editors_and_admins_change_with_a_plain_post_and_a_redirect(request, client, article, who, action):
    client.force_login(request.getfixturevalue(who))
    url, data = _posts(article)[action]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith(reverse("article_detail", args=[article.id]))


@pytest.mark.parametrize("action", ACTIONS)
def test_with_htmx_a_change_answers_with_the_article_body_only(editor_client, article, action):
    url, data = _posts(article)[action]
    response = editor_client.post(url, data, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="article-body"')
    assert "<html" not in html
    assert 'role="status"' in html  # what was done, said where the editor is looking


@pytest.mark.parametrize("action", ACTIONS)
def test_changes_only_accept_post(editor_client, article, action):
    url, _ = _posts(article)[action]
    assert editor_client.get(url).status_code == 405


def test_a_stale_version_gets_409_with_the_current_value(editor_client, admin_user, article):
    quote = _q(article, "«We are ready,»")
    review.quote_correct(quote_id=quote.id, version=quote.version, user=admin_user, kind="partial")
    response = editor_client.post(
        reverse("quote_reject", args=[quote.id]), {"version": quote.version}, **HTMX
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this quote" in html and "partial quote" in html
    assert Quote.objects.get(id=quote.id).review_state == Quote.ReviewState.EDITED


def test_an_invalid_correction_is_shown_beside_the_quote(editor_client, article):
    quote = _q(article, "«We are ready,»")
    data = {"version": quote.version, "speaker_name": "Nobody Known", "kind": "direct", "start": 0, "end": 3}
    response = editor_client.post(reverse("quote_correct", args=[quote.id]), data, **HTMX)
    assert response.status_code == 400
    assert "choose what kind of speaker" in response.content.decode()
    assert Quote.objects.get(id=quote.id).version == quote.version


def test_researchers_see_no_edit_controls(client, researcher, article):
    client.force_login(researcher)
    html = client.get(reverse("article_detail", args=[article.id])).content.decode()
    for control in ("Confirm", "Reject", "Save correction", "Add a quote", "Mark reviewed", "Rename"):
        assert control not in html
    assert "History" in html


def test_editors_see_the_controls_and_doubtful_quotes_are_marked(editor_client, article):
    html = editor_client.get(reverse("article_detail", args=[article.id])).content.decode()
    for control in ("Confirm", 'title="Not a quote">Reject', "Add a quote", "Mark reviewed"):
        assert control in html
    # the correction form loads when opened
    quote = article.quotes.first()
    form = editor_client.get(reverse("quote_correct_form", args=[quote.id]), **HTMX).content.decode()
    assert "Save correction" in form
    assert html.count('title="Confidence 0.40">Doubtful') == 1


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_article_page_costs_the_same_queries_however_many_quotes(editor_client, article, editor):
    url = reverse("article_detail", args=[article.id])
    few = _count_queries(editor_client, url)
    more = [
        _quote(f"{word}", _speaker(f"Speaker {i}")) for i, word in enumerate(["resume", "ready", "minister"])
    ]
    review.article_reopen(article_id=article.id, user=editor)
    from attribution import services

    services.extraction_retry(article_id=article.id)
    _extract(article, MACHINE + more)
    many = _count_queries(editor_client, url)
    assert article.quotes.count() == 6
    assert many == few


def test_the_queue_costs_the_same_queries_however_many_articles(editor_client, article, db):
    from attribution import services
    from attribution.documents import document_from_text
    from attribution.services import ArticleMetadata

    few = _count_queries(editor_client, reverse("review_queue"))
    for n in range(3):
        other, _ = services.article_create(
            document=document_from_text(f"Story {n}\n\n" + TEXT), metadata=ArticleMetadata()
        )
        start = other.text.index("«We are ready,»")
        found = extraction.Quote(
            start, start + 15, "«We are ready,»", "direct", "said", 0.3, _speaker("E. Macron")
        )
        _extract(other, [found])
    many = _count_queries(editor_client, reverse("review_queue"))
    assert many == few


def test_the_queue_lists_unreviewed_articles_with_their_counts(editor_client, article, editor):
    html = editor_client.get(reverse("review_queue")).content.decode()
    assert article.title in html
    review.article_mark_reviewed(article_id=article.id, user=editor)
    assert article.title not in editor_client.get(reverse("review_queue")).content.decode()


def test_the_history_shows_who_changed_what(client, researcher, article, editor):
    quote = _q(article, "«Talks go on,»")
    review.quote_correct(quote_id=quote.id, version=quote.version, user=editor, kind="partial")
    client.force_login(researcher)
    html = client.get(reverse("quote_history", args=[quote.id]), **HTMX).content.decode()
    assert "edna" in html and "Direct" not in html and "direct" in html and "partial" in html


def test_speaker_suggestions_offer_named_speakers_of_every_story(editor_client, article):
    response = editor_client.get(reverse("speaker_suggest"), {"speaker_name": "macr", "article": article.id})
    assert "Emmanuel Macron" in response.content.decode()


def test_the_quality_page_shows_the_month(editor_client, article, editor):
    review.article_mark_reviewed(article_id=article.id, user=editor)
    html = editor_client.get(reverse("quality")).content.decode()
    assert "100%" in html


def test_restore_after_reject_brings_the_quote_back_unreviewed(editor_client, article):
    quote = _q(article, "«We are ready,»")
    editor_client.post(reverse("quote_reject", args=[quote.id]), {"version": quote.version}, **HTMX)
    quote.refresh_from_db()
    html = editor_client.get(reverse("article_detail", args=[article.id])).content.decode()
    assert reverse("quote_restore", args=[quote.id]) in html and 'title="Back to unreviewed">Restore' in html
    restore = reverse("quote_restore", args=[quote.id])
    response = editor_client.post(restore, {"version": quote.version}, **HTMX)
    assert response.status_code == 200
    assert "Quote restored: it is unreviewed again." in response.content.decode()
    assert Quote.objects.get(id=quote.id).review_state == Quote.ReviewState.UNREVIEWED


def test_restoring_a_quote_that_is_not_rejected_is_refused_beside_it(editor_client, article):
    quote = _q(article, "«We are ready,»")
    restore = reverse("quote_restore", args=[quote.id])
    response = editor_client.post(restore, {"version": quote.version}, **HTMX)
    assert response.status_code == 400
    assert "Only a rejected quote can be restored." in response.content.decode()
    assert Quote.objects.get(id=quote.id).review_state == Quote.ReviewState.UNREVIEWED


def test_the_status_line_says_what_the_machine_found_and_what_people_added(editor_client, editor, article):
    machine = article.quotes.count()
    rejected = _q(article, "«We are ready,»")
    review.quote_reject(quote_id=rejected.id, version=rejected.version, user=editor)
    _add_by_hand(article, editor)
    html = editor_client.get(reverse("article_detail", args=[article.id])).content.decode()
    article.refresh_from_db()
    assert article.extractor_version
    version = article.extractor_version
    assert f"{machine} quotes found by extractor {version} · 1 added by hand · 1 rejected." in html
