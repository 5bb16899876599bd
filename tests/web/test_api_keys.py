"""The API keys page: each signed-in user makes and revokes their own keys, each shown once; and the keys
in the admin, where admins see them all and revoke them, audited."""

import hashlib
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attribution import services
from attribution.models import ApiKey, AuditEvent

pytestmark = pytest.mark.django_db

KEY = re.compile(r"nrk_[A-Za-z0-9_-]{40,}")
SHOWN_ONCE = "Copy it now: it will not be shown again"


def _create(client, **data):
    return client.post(reverse("api_keys"), {"name": "CMS", "callback_url": ""} | data)


def _shown_key(response) -> str:
    keys = KEY.findall(response.content.decode())
    assert len(keys) == 1, keys
    return keys[0]


def test_a_new_key_is_shown_once_and_only_its_sha256_is_stored(editor_client, editor):
    response = _create(editor_client, name="Staging CMS")
    assert response.status_code == 200
    html = response.content.decode()
    assert SHOWN_ONCE in html
    key = _shown_key(response)
    stored = ApiKey.objects.get()
    assert stored.user == editor and stored.name == "Staging CMS"
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    row = [str(getattr(stored, field.attname)) for field in ApiKey._meta.concrete_fields]
    assert not any(key in value for value in row)
    assert key not in str(dict(editor_client.session.items()))
    assert "no-store" in response["Cache-Control"]  # nor kept by a browser's or proxy's cache

    again = editor_client.get(reverse("api_keys"))
    assert key not in again.content.decode() and SHOWN_ONCE not in again.content.decode()
    assert f"{stored.prefix}…" in again.content.decode()


def test_the_list_shows_each_key_by_its_prefix_never_the_key(editor_client, editor):
    new = services.api_key_create(user=editor, name="Newsletter")
    html = editor_client.get(reverse("api_keys")).content.decode()
    assert "Newsletter" in html and f"{new.api_key.prefix}…" in html
    assert new.key not in html and new.api_key.key_hash not in html
    assert '<td class="date last-used">never</td>' in html and ">active<" in html
    assert 'href="/api/v1/docs"' in html


def test_the_list_shows_when_a_key_was_last_used_and_its_callback(editor_client, editor):
    new = services.api_key_create(user=editor, name="CMS", callback_url="https://cms.example/hooks/quotes")
    services.api_key_authenticate(key=new.key)
    html = editor_client.get(reverse("api_keys")).content.decode()
    assert '<td class="callback">https://cms.example/hooks/quotes</td>' in html
    assert '<td class="date last-used"><time' in html
    assert new.api_key.callback_secret not in html


def test_the_callback_signing_secret_is_shown_once(editor_client):
    response = _create(editor_client, callback_url="https://cms.example/hook")
    stored = ApiKey.objects.get()
    assert stored.callback_url == "https://cms.example/hook"
    html = response.content.decode()
    assert stored.callback_secret and stored.callback_secret in html
    assert "X-Newsroom-Signature" in html and "HMAC-SHA256" in html
    assert stored.callback_secret not in editor_client.get(reverse("api_keys")).content.decode()


def test_no_signing_secret_is_shown_without_a_callback(editor_client):
    html = _create(editor_client).content.decode()
    assert 'id="new-key-secret"' not in html
    assert ApiKey.objects.get().callback_secret == ""


@pytest.mark.parametrize(
    "data, error",
    [
        ({"name": ""}, "This field is required."),
        ({"callback_url": "ftp://cms.example/hook"}, "Not a web address (http or https)"),
        ({"callback_url": "javascript:alert(1)"}, "Not a web address (http or https)"),
    ],
)
def test_a_bad_form_makes_no_key_and_says_why(editor_client, data, error):
    response = _create(editor_client, **data)
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html and SHOWN_ONCE not in html
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize("role", ["researcher", "admin_user"])
def test_every_signed_in_user_makes_keys_of_their_own(request, client, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    key = _shown_key(_create(client))
    assert services.api_key_authenticate(key=key).user == user


def test_a_user_sees_only_their_own_keys(editor_client, editor, researcher):
    services.api_key_create(user=editor, name="Mine")
    theirs = services.api_key_create(user=researcher, name="Ray's laptop").api_key
    html = editor_client.get(reverse("api_keys")).content.decode()
    assert "Mine" in html and "laptop" not in html and theirs.prefix not in html


def test_revoking_a_key_stops_it_and_the_list_says_so(editor_client, editor):
    new = services.api_key_create(user=editor, name="CMS")
    response = editor_client.post(reverse("api_key_revoke", args=[new.api_key.id]), follow=True)
    assert response.redirect_chain == [(reverse("api_keys"), 302)]
    html = response.content.decode()
    assert ">revoked<" in html and "is revoked" in html
    assert reverse("api_key_revoke", args=[new.api_key.id]) not in html  # no button for a revoked key
    assert ApiKey.objects.get().revoked_at is not None
    assert services.api_key_authenticate(key=new.key) is None


def test_the_revoke_button_says_what_it_does_first(editor_client, editor):
    new = services.api_key_create(user=editor, name="CMS")
    html = editor_client.get(reverse("api_keys")).content.decode()
    form = html.split(f'action="{reverse("api_key_revoke", args=[new.api_key.id])}"')[1].split("</form>")[0]
    assert 'method="post"' in html and "csrfmiddlewaretoken" in form
    assert "cannot be undone" in html


def test_revoking_a_revoked_key_again_changes_nothing(editor_client, editor):
    key = services.api_key_create(user=editor, name="CMS").api_key
    services.api_key_revoke(key_id=key.id, user=editor)
    revoked_at = ApiKey.objects.get().revoked_at
    response = editor_client.post(reverse("api_key_revoke", args=[key.id]))
    assert response.status_code == 302
    assert ApiKey.objects.get().revoked_at == revoked_at


def test_another_users_key_is_not_found(editor_client, researcher):
    theirs = services.api_key_create(user=researcher, name="Ray's notebook")
    assert editor_client.post(reverse("api_key_revoke", args=[theirs.api_key.id])).status_code == 404
    assert editor_client.post(reverse("api_key_revoke", args=[999_999])).status_code == 404
    assert ApiKey.objects.get().revoked_at is None
    assert services.api_key_authenticate(key=theirs.key) is not None


def test_revoking_takes_a_post(editor_client, editor):
    key = services.api_key_create(user=editor, name="CMS").api_key
    assert editor_client.get(reverse("api_key_revoke", args=[key.id])).status_code == 405
    assert ApiKey.objects.get().revoked_at is None


def test_the_forms_need_the_csrf_token(client, editor):
    client.handler.enforce_csrf_checks = True
    client.force_login(editor)
    key = services.api_key_create(user=editor, name="CMS").api_key
    assert _create(client).status_code == 403
    assert client.post(reverse("api_key_revoke", args=[key.id])).status_code == 403
    assert ApiKey.objects.count() == 1 and ApiKey.objects.get().revoked_at is None


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for response in (client.get(reverse("api_keys")), _create(client)):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not ApiKey.objects.exists()


def test_the_header_links_to_the_page(editor_client):
    html = editor_client.get(reverse("article_list")).content.decode()
    header = html.split('<header class="site-header">')[1].split("</header>")[0]
    assert f'href="{reverse("api_keys")}"' in header


def test_the_list_costs_the_same_queries_for_one_key_or_many(
    editor_client, editor, django_assert_num_queries
):
    services.api_key_create(user=editor, name="first")
    with CaptureQueriesContext(connection) as few:
        editor_client.get(reverse("api_keys"))
    for number in range(10):
        services.api_key_create(user=editor, name=f"key {number}", callback_url="https://cms.example/h")
    with django_assert_num_queries(len(few)):
        response = editor_client.get(reverse("api_keys"))
    assert response.content.decode().count('<td class="prefix">') == 11


# The admin: every key, revoked there by an action; nothing secret in the audit trail.


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_admins_list_every_key_in_the_admin(admin_client, editor, researcher):
    mine = services.api_key_create(user=editor, name="Edna's CMS", callback_url="https://cms.example/h")
    services.api_key_create(user=researcher, name="Ray's notebook")
    response = admin_client.get(reverse("admin:attribution_apikey_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Edna&#x27;s CMS" in html and "Ray&#x27;s notebook" in html and mine.api_key.prefix in html
    assert mine.api_key.key_hash not in html and mine.api_key.callback_secret not in html
    search = admin_client.get(reverse("admin:attribution_apikey_changelist"), {"q": "ray"})
    assert "Ray&#x27;s notebook" in search.content.decode() and "Edna" not in search.content.decode()
    revoked = admin_client.get(reverse("admin:attribution_apikey_changelist"), {"revoked": "yes"})
    assert revoked.status_code == 200 and "Ray&#x27;s" not in revoked.content.decode()


def test_keys_are_not_added_in_the_admin_and_their_secrets_are_not_editable(admin_client, editor):
    key = services.api_key_create(user=editor, name="CMS", callback_url="https://cms.example/h").api_key
    assert admin_client.get(reverse("admin:attribution_apikey_add")).status_code == 403
    page = admin_client.get(reverse("admin:attribution_apikey_change", args=[key.id])).content.decode()
    for field in ("key_hash", "callback_secret", "prefix", "user"):
        assert f'name="{field}"' not in page
    assert key.callback_secret not in page

    response = admin_client.post(
        reverse("admin:attribution_apikey_change", args=[key.id]),
        {"name": "Renamed", "key_hash": "0" * 64, "callback_secret": "forged", "prefix": "nrk_forged"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = ApiKey.objects.get()
    assert stored.name == "Renamed"
    assert (stored.key_hash, stored.callback_secret, stored.prefix) == (
        key.key_hash,
        key.callback_secret,
        key.prefix,
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.ADMIN_CHANGED)
    assert event.changes["name"] == ["CMS", "Renamed"]
    assert key.key_hash not in str(event.changes) and key.callback_secret not in str(event.changes)


def test_admins_revoke_selected_keys_and_the_trail_records_it(admin_client, admin_user, editor, researcher):
    one = services.api_key_create(user=editor, name="one", callback_url="https://cms.example/h")
    two = services.api_key_create(user=researcher, name="two")
    kept = services.api_key_create(user=editor, name="kept")
    response = admin_client.post(
        reverse("admin:attribution_apikey_changelist"),
        {"action": "revoke_selected", "_selected_action": [one.api_key.id, two.api_key.id]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Revoked 2 API keys" in response.content.decode()
    assert services.api_key_authenticate(key=one.key) is None
    assert services.api_key_authenticate(key=two.key) is None
    assert services.api_key_authenticate(key=kept.key) is not None

    events = AuditEvent.objects.filter(action=AuditEvent.Action.ADMIN_CHANGED, user=admin_user)
    assert sorted(e.changes["object"][1] for e in events) == sorted(
        f"API key #{k.api_key.id}: {k.api_key}" for k in (one, two)
    )
    assert all(e.changes["revoked_at"][0] == "" and e.changes["revoked_at"][1] for e in events)
    trail = str([e.changes for e in events])
    assert one.api_key.key_hash not in trail and one.api_key.callback_secret not in trail
    assert LogEntry.objects.filter(object_id__in=[str(one.api_key.id), str(two.api_key.id)]).count() == 2


def test_revoking_in_the_admin_leaves_revoked_keys_as_they_were(admin_client, editor):
    key = services.api_key_create(user=editor, name="old").api_key
    services.api_key_revoke(key_id=key.id, user=editor)
    revoked_at = ApiKey.objects.get().revoked_at
    response = admin_client.post(
        reverse("admin:attribution_apikey_changelist"),
        {"action": "revoke_selected", "_selected_action": [key.id]},
        follow=True,
    )
    assert "No active key was selected: nothing revoked." in response.content.decode()
    assert ApiKey.objects.get().revoked_at == revoked_at
    assert not AuditEvent.objects.exists()


def test_an_admin_revokes_a_key_from_its_own_page(admin_client, editor):
    new = services.api_key_create(user=editor, name="CMS")
    url = reverse("admin:attribution_apikey_change", args=[new.api_key.id])
    assert "Revoke this key" in admin_client.get(url).content.decode()
    response = admin_client.post(
        url, {"CHANGE_FORM-action": "revoke_selected", "_selected_action": [new.api_key.id]}, follow=True
    )
    assert response.status_code == 200 and "Revoked 1 API key." in response.content.decode()
    assert services.api_key_authenticate(key=new.key) is None
    assert AuditEvent.objects.get().changes["admin"] == ["", "Revoked"]
