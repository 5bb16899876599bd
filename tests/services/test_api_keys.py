"""API keys: made with their hash only, found from the key a request carries, revoked by their owner."""

import datetime
import hashlib

import pytest
from django.utils import timezone

from attribution import services
from attribution.models import ApiKey
from attribution.services.api_keys import LAST_USED_EVERY

pytestmark = pytest.mark.django_db


def test_a_new_key_is_stored_as_its_sha256_with_its_prefix(editor):
    new = services.api_key_create(user=editor, name="  CMS   staging ")
    stored = ApiKey.objects.get()
    assert new.key.startswith("nrk_") and len(new.key) > 40
    assert stored.key_hash == hashlib.sha256(new.key.encode()).hexdigest()
    assert stored.prefix == new.key[:12] and stored.name == "CMS staging"
    assert stored.callback_url == "" and stored.callback_secret == ""
    assert stored.last_used_at is None and stored.is_active


def test_a_callback_url_gets_a_signing_secret_of_its_own(editor):
    one = services.api_key_create(user=editor, name="a", callback_url="https://cms.example/hook").api_key
    two = services.api_key_create(user=editor, name="b", callback_url="https://cms.example/hook").api_key
    assert len(one.callback_secret) == 64 and one.callback_secret != two.callback_secret


def test_the_right_key_finds_its_key_and_user(editor):
    new = services.api_key_create(user=editor, name="CMS")
    found = services.api_key_authenticate(key=new.key)
    assert found == new.api_key and found.user == editor


@pytest.mark.parametrize("wrong", ["", "nrk_", "nrk_not-a-key", "Bearer nrk_x", "nrk_" + "a" * 200])
def test_a_wrong_key_finds_nothing(editor, wrong):
    services.api_key_create(user=editor, name="CMS")
    assert services.api_key_authenticate(key=wrong) is None


def test_a_key_that_differs_by_one_character_finds_nothing(editor):
    key = services.api_key_create(user=editor, name="CMS").key
    changed = key[:-1] + ("A" if key[-1] != "A" else "B")
    assert services.api_key_authenticate(key=changed) is None


def test_a_revoked_key_finds_nothing(editor):
    new = services.api_key_create(user=editor, name="CMS")
    assert services.api_key_revoke(key_id=new.api_key.id, user=editor)
    assert services.api_key_authenticate(key=new.key) is None


def test_the_key_of_an_inactive_user_finds_nothing(editor):
    new = services.api_key_create(user=editor, name="CMS")
    editor.is_active = False
    editor.save()
    assert services.api_key_authenticate(key=new.key) is None


def test_last_used_is_written_at_most_once_a_minute(editor, django_assert_num_queries):
    new = services.api_key_create(user=editor, name="CMS")
    services.api_key_authenticate(key=new.key)
    first = ApiKey.objects.get().last_used_at
    assert first is not None

    with django_assert_num_queries(1):  # the look-up only: no write within the minute
        services.api_key_authenticate(key=new.key)
    assert ApiKey.objects.get().last_used_at == first

    earlier = timezone.now() - LAST_USED_EVERY - datetime.timedelta(seconds=1)
    ApiKey.objects.update(last_used_at=earlier)
    services.api_key_authenticate(key=new.key)
    assert ApiKey.objects.get().last_used_at > earlier


def test_only_the_owner_revokes_a_key_and_only_once(editor, researcher):
    key = services.api_key_create(user=editor, name="CMS").api_key
    assert not services.api_key_revoke(key_id=key.id, user=researcher)
    assert ApiKey.objects.get().revoked_at is None
    assert services.api_key_revoke(key_id=key.id, user=editor)
    revoked_at = ApiKey.objects.get().revoked_at
    assert revoked_at is not None
    assert not services.api_key_revoke(key_id=key.id, user=editor)
    assert ApiKey.objects.get().revoked_at == revoked_at
