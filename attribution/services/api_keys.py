"""API keys: made (shown once, stored as a SHA-256), found from the key a request carries, revoked."""

import datetime
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import ApiKey

KEY_PREFIX = "nrk_"
PREFIX_CHARS = 12  # "nrk_" and 8 random characters: enough to tell one's keys apart, too few to guess with
# last_used_at is written at most this often per key: a busy client would otherwise write on every request
LAST_USED_EVERY = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class NewKey:
    api_key: ApiKey
    key: str  # the key itself: shown once, never stored


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_key_create(*, user, name: str, callback_url: str = "") -> NewKey:
    """A new key for ``user``; the key and, with a callback URL, its signing secret are in the result only."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    api_key = ApiKey.objects.create(
        user=user,
        name=" ".join(name.split())[:100] or "API key",
        prefix=key[:PREFIX_CHARS],
        key_hash=_digest(key),
        callback_url=callback_url,
        callback_secret=secrets.token_hex(32) if callback_url else "",
    )
    return NewKey(api_key=api_key, key=key)


def api_key_authenticate(*, key: str) -> ApiKey | None:
    """The active key of an active user that ``key`` is, or None; records that it was used."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    api_key = (
        ApiKey.objects.select_related("user")
        .filter(key_hash=_digest(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if api_key is None:
        return None
    now = timezone.now()
    if api_key.last_used_at is None or api_key.last_used_at < now - LAST_USED_EVERY:
        ApiKey.objects.filter(id=api_key.id).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY)
        ).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key


def api_key_revoke(*, key_id: int, user) -> bool:
    """Revoke one of ``user``'s keys, at once; False when it is not theirs or already revoked."""
    return bool(
        ApiKey.objects.filter(id=key_id, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    )


def api_key_revoke_many(*, key_ids: Iterable[int]) -> list[ApiKey]:
    """Revoke these keys, whoever's they are (the admin's action); returns those it revoked, the ones
    revoked before left as they were."""
    now = timezone.now()
    with transaction.atomic():
        # locked, so a key revoked meanwhile by its owner is not reported (and audited) as revoked here
        keys = list(ApiKey.objects.select_for_update().filter(id__in=key_ids, revoked_at__isnull=True))
        ApiKey.objects.filter(id__in=[key.id for key in keys]).update(revoked_at=now)
    for key in keys:
        key.revoked_at = now
    return keys
