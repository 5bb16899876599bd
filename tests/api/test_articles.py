"""Sending articles through the API (text, HTML, an address), idempotently, and reading them back."""

import pytest

from attribution.models import ApiKey, Article, AuditEvent, PageImport

from ..review_story import _extract

STORY = "“The bridge will reopen in May,” the mayor said on Tuesday. Crews worked through the night."


def test_an_article_sent_as_text_is_stored_and_queued(api, keys, editor):
    body = {"text": STORY, "publication": "Herald", "byline": "Ann Lee", "published_on": "2026-11-30"}
    response = api("post", "/articles", keys["editor"], body)
    assert response.status_code == 201
    body = response.json()
    article = Article.objects.get(id=body["id"])
    assert response["Location"] == f"/api/v1/articles/{article.id}"
    assert body["state"] == "queued"
    assert body["publication"] == "Herald"
    assert body["published_on"] == "2026-11-30"
    assert (article.uploaded_by, article.api_key) == (editor, ApiKey.objects.get(name="CMS"))
    assert article.byline == "Ann Lee"


def test_the_same_text_or_the_same_external_id_again_is_the_same_article(api, keys):
    first = api("post", "/articles", keys["editor"], {"text": STORY, "external_id": "cms-41"})
    assert first.status_code == 201
    again = api("post", "/articles", keys["editor"], {"text": STORY, "external_id": "cms-41"})
    same_text = api("post", "/articles", keys["admin"], {"text": STORY})
    assert (again.status_code, same_text.status_code) == (200, 200)
    assert again.json()["id"] == same_text.json()["id"] == first.json()["id"]
    assert Article.objects.count() == 1


def test_an_external_id_given_to_another_text_is_a_conflict(api, keys):
    api("post", "/articles", keys["editor"], {"text": STORY, "external_id": "cms-41"})
    response = api("post", "/articles", keys["editor"], {"text": STORY + " More.", "external_id": "cms-41"})
    assert response.status_code == 409
    assert "cms-41" in response.json()["detail"]
    assert Article.objects.count() == 1


def test_a_story_uploaded_by_hand_takes_the_cms_id_when_the_cms_sends_it(api, keys):
    by_hand = api("post", "/articles", keys["editor"], {"text": STORY}).json()
    sent = api("post", "/articles", keys["editor"], {"text": STORY, "external_id": "cms-7"})
    assert sent.status_code == 200
    assert sent.json()["id"] == by_hand["id"]
    assert sent.json()["external_id"] == "cms-7"


def test_an_article_sent_as_html_loses_its_markup(api, keys):
    html = (
        f"<html><head><title>Bridge</title><script>alert(1)</script></head><body><p>{STORY}</p></body></html>"
    )
    response = api("post", "/articles", keys["editor"], {"html": html})
    assert response.status_code == 201
    article = Article.objects.get(id=response.json()["id"])
    assert (article.title, article.text) == ("Bridge", STORY)


def test_an_address_alone_is_imported_on_the_fetch_queue(api, keys, editor):
    response = api(
        "post", "/articles", keys["editor"], {"url": "https://news.test/bridge#top", "external_id": "x1"}
    )
    assert response.status_code == 202
    page = PageImport.objects.get()
    assert response.json()["id"] == page.id
    assert response["Location"] == f"/api/v1/imports/{page.id}"
    assert (page.url, page.external_id, page.requested_by) == ("https://news.test/bridge", "x1", editor)
    again = api("post", "/articles", keys["editor"], {"url": "https://news.test/bridge"})
    assert (again.status_code, again.json()["id"]) == (202, page.id)
    followed = api("get", f"/imports/{page.id}", keys["researcher"])
    assert followed.json()["state"] == "queued"


def test_an_import_once_done_answers_with_its_article(api, keys):
    api("post", "/articles", keys["editor"], {"url": "https://news.test/bridge"})
    article = Article.objects.create(title="Bridge", text=STORY, content_hash="h" * 64)
    PageImport.objects.update(state=PageImport.State.DONE, article=article)
    response = api("post", "/articles", keys["editor"], {"url": "https://news.test/bridge"})
    assert (response.status_code, response.json()["id"]) == (200, article.id)
    assert response["Location"] == f"/api/v1/articles/{article.id}"


@pytest.mark.parametrize(
    "body, message",
    [
        ({}, "Give the article's text, its html, or its url"),
        ({"text": STORY, "html": "<p>x</p>"}, "as text or as html, not both"),
        ({"text": "   \n  "}, "The text is empty"),
        ({"text": "abc\x00\x01def"}, "control characters"),
        ({"html": "<script>only()</script>"}, "no readable text"),
        ({"url": "ftp://news.test/a"}, "Not a web address"),
        ({"url": "javascript:alert(1)"}, "Not a web address"),
        ({"text": STORY, "published_on": "30/11/2026"}, "published_on"),
        ({"text": STORY, "external_id": "x" * 201}, "external_id"),
        ({"text": STORY, "title": "t" * 501}, "title"),
        ({"text": 5}, "text"),
        ([1, 2], "not valid"),
    ],
)
def test_bad_articles_are_refused_with_a_reason_and_nothing_stored(api, keys, body, message):
    response = api("post", "/articles", keys["editor"], body)
    assert response.status_code == 422, response.content
    assert message in response.json()["detail"]
    assert not Article.objects.exists()
    assert not PageImport.objects.exists()


def test_a_body_that_is_not_json_is_refused_with_a_reason(api, keys):
    response = api("post", "/articles", keys["editor"], "not json at all")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The body is not JSON: send a JSON object, with Content-Type: application/json."
    }


def test_a_text_over_the_upload_limit_and_a_body_over_the_request_limit_are_413(api, keys, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    response = api("post", "/articles", keys["editor"], {"text": "word " * 300})
    assert response.status_code == 413
    assert response.json()["detail"] == "The text is larger than 1000\xa0bytes."
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5000
    response = api("post", "/articles", keys["editor"], {"html": "<p>word</p>" * 1000})
    assert response.status_code == 413
    assert response.json()["detail"].startswith("The request is larger than 4.9")
    assert not Article.objects.exists()


def test_an_article_is_read_with_its_quotes_in_text_order_and_their_speakers(api, keys, article):
    body = api("get", f"/articles/{article.id}", keys["researcher"]).json()
    assert body["state"] == "done"
    assert body["text"] == article.text
    assert [q["text"] for q in body["quotes"]] == [
        "«We are ready,»",
        "«Talks go on,»",
        "the talks would last a week",
    ]
    first = body["quotes"][0]
    assert first["speaker"]["name"] == "Emmanuel Macron"
    assert body["text"][first["start"] : first["end"]] == first["text"]
    assert sorted(s["name"] for s in body["speakers"]) == ["Emmanuel Macron", "a senior official"]


def test_a_rejected_quote_is_left_out_of_its_article(api, keys, article):
    quote = article.quotes.get(text="«Talks go on,»")
    assert api("post", f"/quotes/{quote.id}/reject", keys["editor"], {}).status_code == 200
    body = api("get", f"/articles/{article.id}", keys["researcher"]).json()
    assert "«Talks go on,»" not in [q["text"] for q in body["quotes"]]


def test_an_article_sent_through_the_api_is_extracted_as_any_other(api, keys):
    created = api("post", "/articles", keys["editor"], {"text": STORY}).json()
    _extract(Article.objects.get(id=created["id"]), quotes=[])
    assert api("get", f"/articles/{created['id']}", keys["editor"]).json()["state"] == "done"
    assert not AuditEvent.objects.exists()  # sending an article is no review
