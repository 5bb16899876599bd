"""Sign-in with a brake on guessing: after repeated failures for one user name, or from one address, sign-in
is refused for a while, whatever the password.

Failures are counted in Django's cache (Redis, shared by every web process) for LOGIN_LOCKOUT_SECONDS from
the first one. A stopped Redis does not stop people signing in: the brake is then off, and that is logged.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

logger = logging.getLogger(__name__)


def _keys(request, username: str) -> dict[str, int]:
    """Each counter's key, with the failures it allows."""
    name = hashlib.sha256(username.strip().casefold().encode()).hexdigest()
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    return {
        f"signin-failures:user:{name}": settings.LOGIN_FAILURES_PER_USER,
        f"signin-failures:address:{address}": settings.LOGIN_FAILURES_PER_ADDRESS,
    }


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": "Too many failed sign-ins. Wait %(minutes)d minutes, or ask an admin to reset your "
        "password.",
    }

    def clean(self):
        keys = _keys(self.request, self.cleaned_data.get("username") or "")
        try:
            counts = cache.get_many(list(keys))
        except Exception:  # Redis down: sign-in goes on without the brake
            logger.warning("Sign-in failures cannot be counted: the cache is unreachable", exc_info=True)
            return super().clean()
        if any(counts.get(key, 0) >= allowed for key, allowed in keys.items()):
            logger.warning("Sign-in refused after repeated failures: %s", self.cleaned_data.get("username"))
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)},
            )
        try:
            return super().clean()
        except ValidationError:
            self._count_failure(keys)
            raise

    @staticmethod
    def _count_failure(keys: dict[str, int]) -> None:
        try:
            for key in keys:
                cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
                cache.incr(key)
        except Exception:
            logger.warning("A failed sign-in could not be counted: the cache is unreachable", exc_info=True)
