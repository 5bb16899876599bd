"""Who may call what: every operation for anonymous, a revoked key, a researcher's key and an editor's key;
errors as JSON a developer can read; the rate limit; the schema and its documentation page."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from attribution import services
from attribution.models import ApiKey

from ..review_story import _q
from ..web.test_security import STOPPED_REDIS

# (method, path, body) of every operation, for the article fixture's first quote and its speaker
OPERATIONS = {
    "article_create": ("post", "/articles", {"text": "“We are ready,” the mayor said on Tuesday. " * 3}),
    "article_read": ("get", "/articles/{article}", None),
    "import_read": ("get", "/imports/{import}", None),
    "quote_list": ("get", "/quotes", None),
    "quote_read": ("get", "/quotes/{quote}", None),
    "quote_confirm": ("post", "/quotes/{quote}/confirm", {}),
    "quote_reject": ("post", "/quotes/{quote}/reject", {}),
    "speaker_list": ("get", "/speakers", None),
    "speaker_read": ("get", "/speakers/{speaker}", None),
}
WRITES = {"article_create", "quote_confirm", "quote_reject"}
EXPECTED = {
    "anonymous": lambda name: 401,
    "revoked": lambda name: 401,
    "researcher": lambda name: 403 if name in WRITES else 200,
    "editor": lambda name: {"article_create": 201}.get(name, 200),
    "admin": lambda name: {"article_create": 201}.get(name, 200),
}


@pytest.fixture
def objects(article, editor):
    quote = _q(article, "«We are ready,»")
    page, _ = services.page_import_request(url="https://news.test/story", user=editor)
    return {"article": article.id, "quote": quote.id, "speaker": quote.speaker_id, "import": page.id}


@pytest.mark.parametrize("who", list(EXPECTED))
@pytest.mark.parametrize("name", list(OPERATIONS))
def test_every_operation_answers_each_kind_of_caller_as_it_should(api, keys, objects, who, name):
    method, path, body = OPERATIONS[name]
    response = api(method, path.format(**objects), keys[who], body)
    assert response.status_code == EXPECTED[who](name), response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    if response.status_code >= 400:
        assert response.json()["detail"]


def test_a_missing_key_and_a_bad_key_are_told_apart(api, keys):
    missing = api("get", "/quotes", None)
    assert "Authorization: Bearer" in missing.json()["detail"]
    assert missing["WWW-Authenticate"] == "Bearer"
    wrong = api("get", "/quotes", "nrk_not-a-key")
    assert "not valid" in wrong.json()["detail"]
    assert "not valid" in api("get", "/quotes", keys["revoked"]).json()["detail"]


def test_a_key_of_a_deactivated_user_stops_working(api, keys, researcher):
    researcher.is_active = False
    researcher.save()
    assert api("get", "/quotes", keys["researcher"]).status_code == 401


def test_a_researcher_is_told_what_they_may_not_do(api, keys, objects):
    refused = api("post", f"/quotes/{objects['quote']}/confirm", keys["researcher"], {})
    assert refused.json() == {
        "detail": "This key's user (ray) may not confirm quotes: an editor's key is needed."
    }


def test_a_key_records_when_it_was_last_used(api, keys):
    api_key = ApiKey.objects.get(user__username="ray")
    assert api_key.last_used_at is None
    api("get", "/quotes", keys["researcher"])
    api_key.refresh_from_db()
    assert api_key.last_used_at is not None


def test_unknown_objects_and_operations_are_404_in_json(api, keys):
    for path in ("/articles/999999", "/quotes/999999", "/speakers/999999", "/imports/999999"):
        response = api("get", path, keys["researcher"])
        assert response.status_code == 404
        assert response.json()["detail"].startswith("There is no ")
    for path in ("/nowhere", "/articles/abc", "/quotes/1/approve", "/v2/quotes"):
        response = api("get", path, None)
        assert response.status_code == 404
        assert "see /api/v1/docs" in response.json()["detail"]


def test_a_method_an_operation_does_not_take_is_405_in_json(api, keys):
    response = api("delete", "/quotes", keys["editor"])
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {"detail": "DELETE is not answered here: use GET."}


@override_settings(API_RATE_LIMIT="3/min")
def test_past_its_rate_a_key_gets_429_with_retry_after(api, keys):
    api_key = ApiKey.objects.get(user__username="ray")
    cache.delete(f"throttle_api_key_{api_key.id}")
    answers = [api("get", "/speakers", keys["researcher"]) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 1 <= int(answers[-1]["Retry-After"]) <= 60
    assert "3/min" in answers[-1].json()["detail"]
    # another key of the same user, or another user's, has a rate of its own
    assert api("get", "/speakers", keys["editor"]).status_code == 200


def test_with_redis_stopped_the_api_answers_uncounted(api, keys, settings, caplog):
    settings.CACHES = STOPPED_REDIS
    response = api("get", "/speakers", keys["researcher"])
    assert response.status_code == 200
    assert "API rate limit not counted" in caplog.text


def test_the_schema_and_its_documentation_page_are_served_from_here(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/articles", "/api/v1/quotes", "/api/v1/speakers/{speaker_id}"} <= set(paths)
    assert schema.json()["components"]["securitySchemes"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    # the strict policy of every page holds here too
    assert "script-src 'self'" in docs["Content-Security-Policy"]


def test_a_signed_in_browser_without_a_key_is_not_let_in(client, editor):
    client.force_login(editor)
    response = client.get("/api/v1/quotes")
    assert response.status_code == 401  # keys only: a page elsewhere cannot use the session (no CSRF here)
