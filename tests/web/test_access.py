"""Every URL of the site, asked by each kind of visitor: a new view nobody thought about fails here."""

import pytest
from django.urls import URLResolver, get_resolver, reverse

from attribution import services
from attribution.models import Feed, PageImport, Speaker

ROLES = ["anonymous", "researcher", "editor", "admin_user"]
LOGIN = "login redirect"
OK = "allowed"  # done, or a 400 / 409 naming what is wrong: not refused, not missing, not a crash
READ = {"anonymous": LOGIN, "researcher": 200, "editor": 200, "admin_user": 200}
# a change: refused to researchers; editors and admins get it done (or a 400 / 409 naming what is wrong)
CHANGE = {"anonymous": LOGIN, "researcher": 403, "editor": OK, "admin_user": OK}
# the form of a change, loaded when opened: refused as the change is
FORM = {"anonymous": LOGIN, "researcher": 403, "editor": 200, "admin_user": 200}
# The API (api:): asked with a key of the role's user (anonymous: none); a signed-in browser is no key.
API_READ = {"anonymous": 401, "researcher": 200, "editor": 200, "admin_user": 200}
API_CHANGE = {"anonymous": 401, "researcher": 403, "editor": OK, "admin_user": OK}
OPEN = dict.fromkeys(ROLES, 200)

# name: (method, URL arguments, what each role gets)
EXPECTED = {
    "home": ("get", {}, {"anonymous": LOGIN, "researcher": 302, "editor": 302, "admin_user": 302}),
    "article_list": ("get", {}, READ),
    "article_upload": ("get", {}, {"anonymous": LOGIN, "researcher": 403, "editor": 200, "admin_user": 200}),
    "article_detail": ("get", {"pk": "article"}, READ),
    "article_retry": ("post", {"pk": "article"}, CHANGE),
    "quote_add": ("post", {"pk": "article"}, CHANGE),
    "quote_add_form": ("get", {"pk": "article"}, FORM),
    "speaker_redescribe_form": ("get", {"pk": "article", "speaker_pk": "local_speaker"}, FORM),
    "quote_correct_form": ("get", {"pk": "quote"}, FORM),
    "speaker_redescribe": ("post", {"pk": "article", "speaker_pk": "local_speaker"}, CHANGE),
    "article_mark_reviewed": ("post", {"pk": "article"}, CHANGE),
    "article_reopen": ("post", {"pk": "article"}, CHANGE),
    "article_retitle": ("post", {"pk": "article"}, CHANGE),
    "article_import": ("post", {}, CHANGE),
    "page_import_retry": ("post", {"pk": "page_import"}, CHANGE),
    # the feeds: everyone reads the page; adding, pausing and resuming are changes
    "feed_list": ("get", {}, READ),
    "feed_add": ("post", {}, CHANGE),
    "feed_pause": ("post", {"pk": "feed"}, CHANGE),
    "feed_resume": ("post", {"pk": "feed"}, CHANGE),
    # one's own keys: every signed-in user (a key acts with its owner's permissions); another's key is a 404
    "api_keys": ("get", {}, READ),
    "api_key_revoke": ("post", {"pk": "own_api_key"}, {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], 302)}),
    "quote_confirm": ("post", {"pk": "quote"}, CHANGE),
    "quote_reject": ("post", {"pk": "quote"}, CHANGE),
    "quote_restore": ("post", {"pk": "quote"}, CHANGE),
    "quote_correct": ("post", {"pk": "quote"}, CHANGE),
    "quote_history": ("get", {"pk": "quote"}, READ),
    "review_queue": ("get", {}, READ),
    "quality": ("get", {}, READ),
    "insights": ("get", {}, READ),
    "speaker_suggest": ("get", {}, READ),
    "search": ("get", {}, READ),
    "search_export": ("get", {"fmt": "csv"}, {**CHANGE, "editor": 403, "admin_user": 200}),
    "speaker_directory": ("get", {}, READ),
    "speaker_detail": ("get", {"pk": "named_speaker"}, READ),
    "speaker_duplicates": ("get", {}, FORM),  # the queue of merges: refused as merging is
    "speaker_merge": ("post", {"pk": "named_speaker"}, CHANGE),
    # the question before a merge: refused as the merge is; without a target, a 400 that says to choose one
    "speaker_merge_confirm": ("get", {"pk": "named_speaker"}, CHANGE),
    "speaker_split": ("post", {"pk": "named_speaker"}, CHANGE),
    "health": ("get", {}, {role: 200 for role in ROLES}),
    "login": ("get", {}, {role: 200 for role in ROLES}),
    "logout": ("post", {}, {role: 302 for role in ROLES}),
    "password_change": ("get", {}, READ),
    "password_change_done": ("get", {}, READ),
    # the API: its schema and documentation page are open; its root sends to the documentation
    "api_home": ("get", {}, dict.fromkeys(ROLES, 302)),
    "api:api-root": ("get", {}, dict.fromkeys(ROLES, 302)),  # the same URL: api_home answers it
    "api:openapi-json": ("get", {}, OPEN),
    "api:openapi-view": ("get", {}, OPEN),
    "api:article_create": ("post", {}, API_CHANGE),
    "api:article_read": ("get", {"article_id": "article"}, API_READ),
    "api:import_read": ("get", {"import_id": "page_import"}, API_READ),
    "api:quote_list": ("get", {}, API_READ),
    "api:quote_read": ("get", {"quote_id": "quote"}, API_READ),
    "api:quote_confirm": ("post", {"quote_id": "quote"}, API_CHANGE),
    "api:quote_reject": ("post", {"quote_id": "quote"}, API_CHANGE),
    "api:speaker_list": ("get", {}, API_READ),
    "api:speaker_read": ("get", {"speaker_id": "named_speaker"}, API_READ),
    "api:no_such_operation": ("get", {"rest": "nowhere"}, dict.fromkeys(ROLES, 404)),  # JSON, for anyone
    # the admin site: staff only; others are sent to its own sign-in page
    "admin:index": ("get", {}, {"anonymous": 302, "researcher": 302, "editor": 302, "admin_user": 200}),
}


def _url_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                yield "admin:index"  # its many pages share one permission: staff
            elif pattern.namespace == "api":
                yield from _url_names(pattern, "api:")
            else:
                yield from _url_names(pattern, namespace)
        else:
            yield namespace + pattern.name


def test_every_url_has_an_expectation():
    missing = sorted(set(_url_names()) - set(EXPECTED))
    assert not missing, f"Say what each role gets from these URLs in EXPECTED: {missing}"


def _objects(article, user):
    quote = article.quotes.first()
    return {
        "article": article.id,
        "quote": quote.id,
        "local_speaker": article.local_speakers.first().id,
        "named_speaker": Speaker.objects.named().first().id,
        "page_import": PageImport.objects.get_or_create(
            url="https://news.example/story", state="failed", error="x"
        )[0].id,
        "feed": Feed.objects.get_or_create(url="https://news.example/feed.xml", publication_name="Herald")[
            0
        ].id,
        "own_api_key": services.api_key_create(user=user, name="matrix").api_key.id if user else 1,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_what_each_role_gets(request, client, role, name, article):
    method, arguments, expected = EXPECTED[name]
    user = None if role == "anonymous" else request.getfixturevalue(role)
    headers = {}
    if user and name.startswith("api:"):
        headers["Authorization"] = f"Bearer {services.api_key_create(user=user, name='matrix').key}"
    elif user:
        client.force_login(user)
    objects = _objects(article, user)
    url = reverse(name, kwargs={key: objects.get(value, value) for key, value in arguments.items()})
    response = getattr(client, method)(url, headers=headers)
    wanted = expected[role]
    if wanted == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), (
            response.status_code
        )
    elif wanted == OK:
        status = response.status_code
        assert status not in {403, 404, 405} and status < 500, status
        assert not response.get("Location", "").startswith(reverse("login"))
    else:
        assert response.status_code == wanted
