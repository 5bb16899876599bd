"""Sign-in with a brake on guessing, by django-axes: after repeated failures for one user name, or from one
address, sign-in is refused for a while, whatever the password.

Axes counts the failures in PostgreSQL (its AccessAttempt table, which superusers see and clear in the
admin), so the brake holds with Redis stopped too. What axes does not do the way we promise is here: two
limits (per user name, per address) instead of one, user names compared as people type them (case and
surrounding spaces do not make a new name), and the refusal shown on the sign-in page as a form error
instead of a bare 429.
"""

import logging

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)


def user_name(request: HttpRequest, credentials: dict | None) -> str:
    """The name axes counts failures under (AXES_USERNAME_CALLABLE): "RAY " and "ray" are one person."""
    raw = (credentials or {}).get("username") or getattr(request, "POST", {}).get("username") or ""
    return raw.strip().casefold()


class TwoLimitHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit per user name and a larger one per address (a newsroom shares one).

    Axes locks out once `get_failures` reaches AXES_FAILURE_LIMIT, one number for every lockout parameter. The
    user name's failures are measured against it as they are; the address's are shifted by how many more the
    address may have, so that they reach the limit exactly at LOGIN_FAILURES_PER_ADDRESS.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        # one queryset per AXES_LOCKOUT_PARAMETERS entry, in its order: user name, then address
        by_name, by_address = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        extra_for_address = settings.LOGIN_FAILURES_PER_ADDRESS - get_failure_limit(request, credentials)
        return max(by_name, by_address - extra_for_address)


def sign_in_page(
    request: HttpRequest, original_response: HttpResponse, credentials: dict | None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the sign-in page the view rendered, which already says why (see `Braked`)."""
    return original_response


class Braked:
    """Refuses a sign-in while axes has the user name or the address locked out, with a message on the form.

    Asked before the password is checked, so a refused attempt costs no password hashing and is not counted.
    """

    error_messages = {
        "throttled": "Too many failed sign-ins. Wait %(minutes)d minutes, or ask an admin to reset your "
        "password.",
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if not AxesProxyHandler.is_allowed(self.request, {"username": username}):
            logger.warning("Sign-in refused after repeated failures: %s", username)
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": max(1, int(get_cool_off(self.request).total_seconds()) // 60)},
            )
        return super().clean()


class SignInForm(Braked, AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, **Braked.error_messages}


class AdminSignInForm(Braked, AdminAuthenticationForm):
    error_messages = {**AdminAuthenticationForm.error_messages, **Braked.error_messages}
