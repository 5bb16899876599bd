"""Nobody in who does not belong: production settings, headers, CSRF, sessions, passwords, sign-in brake."""

import datetime
import os
import secrets
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attribution.models import AuditEvent

from ..support import ROOT

# Django forgets its cache connections when CACHES changes: this one points where nothing listens
STOPPED_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/1",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "quotes.example.org",
}


def _manage(*args, env: dict) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_production_settings_pass_the_deploy_check():
    done = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_to_start_without_a_secret_key():
    done = _manage("check", env={**PRODUCTION, "DJANGO_SECRET_KEY": ""})
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in done.stderr


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client, researcher):
    client.force_login(researcher)
    response = client.get(reverse("article_list"))
    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.content.decode()  # no inline script the policy would have to allow


@pytest.mark.django_db
def test_forged_posts_without_a_csrf_token_are_refused(editor, article):
    quote = article.quotes.first()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    response = browser.post(reverse("quote_reject", args=[quote.id]), {"version": quote.version})
    assert response.status_code == 403
    quote.refresh_from_db()
    assert quote.review_state == quote.ReviewState.UNREVIEWED and quote.version == 1
    assert (
        browser.post(reverse("login"), {"username": "edna", "password": "edna-password-1"}).status_code == 403
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "article_detail"),
        ("get", "speaker_detail"),
        ("get", "quote_history"),
        ("post", "quote_confirm"),
        ("post", "article_retry"),
        ("post", "speaker_merge"),
    ],
)
def test_objects_that_do_not_exist_are_404(client, admin_user, method, name):
    client.force_login(admin_user)
    response = getattr(client, method)(reverse(name, args=[987654321]))
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.signin
def test_a_session_ends_after_its_time(client, researcher):
    assert client.post(reverse("login"), {"username": "ray", "password": "ray-password-1"}).status_code == 302
    session = Session.objects.get()
    lifetime = session.expire_date - timezone.now()
    assert abs(lifetime - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)) < datetime.timedelta(
        minutes=1
    )
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert client.get(reverse("article_list")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("article_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("weak", ["password", "12345678", "qwertyuiop", "short1"])
def test_weak_passwords_are_refused(weak):
    with pytest.raises(ValidationError):
        validate_password(weak)
    validate_password("correct horse battery staple 7")


@pytest.mark.django_db
@pytest.mark.signin
def test_sign_in_is_braked_after_repeated_failures(client, researcher, caplog):
    login = reverse("login")
    for _ in range(settings.LOGIN_FAILURES_PER_USER):
        response = client.post(login, {"username": "ray", "password": "a guess"})
        assert "enter a correct username and password" in response.content.decode()
    # now even the right password is refused, with a message that says why
    response = client.post(login, {"username": "RAY ", "password": "ray-password-1"})
    assert response.status_code == 200
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert "Sign-in refused after repeated failures: RAY" in caplog.text
    # another user from the same address is not locked out by one user's failures
    other = Client()
    assert other.post(login, {"username": "ray2", "password": "x"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.signin
def test_the_brake_on_one_address_holds_across_user_names(client, researcher, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    for n in range(3):
        client.post(reverse("login"), {"username": f"guess{n}", "password": "x"})
    response = client.post(reverse("login"), {"username": "ray", "password": "ray-password-1"})
    assert "Too many failed sign-ins" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.signin
def test_the_brake_lets_go_after_the_lockout(client, researcher):
    for _ in range(settings.LOGIN_FAILURES_PER_USER):
        client.post(reverse("login"), {"username": "ray", "password": "a guess"})
    waited = datetime.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1)
    AccessAttempt.objects.update(attempt_time=timezone.now() - waited)
    assert client.post(reverse("login"), {"username": "ray", "password": "ray-password-1"}).status_code == 302


@pytest.mark.django_db
@pytest.mark.signin
def test_sign_in_works_when_redis_is_down(client, researcher, settings):
    settings.CACHES = STOPPED_REDIS
    assert client.post(reverse("login"), {"username": "ray", "password": "wrong"}).status_code == 200
    response = client.post(reverse("login"), {"username": "ray", "password": "ray-password-1"})
    assert response.status_code == 302
    # the brake does not need Redis: the failure was counted all the same, in PostgreSQL
    assert AccessAttempt.objects.get(username="ray").failures_since_start == 1


@pytest.mark.django_db
@pytest.mark.signin
def test_the_brake_holds_when_redis_is_down(client, researcher, settings):
    settings.CACHES = STOPPED_REDIS
    for _ in range(settings.LOGIN_FAILURES_PER_USER):
        client.post(reverse("login"), {"username": "ray", "password": "a guess"})
    response = client.post(reverse("login"), {"username": "ray", "password": "ray-password-1"})
    assert "Too many failed sign-ins. Wait 15 minutes" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.signin
def test_the_admin_sign_in_page_has_the_brake_too(client, admin_user):
    for _ in range(settings.LOGIN_FAILURES_PER_USER):
        client.post(reverse("admin:login"), {"username": "ada", "password": "a guess"})
    response = client.post(reverse("admin:login"), {"username": "ada", "password": "ada-password-1"})
    assert response.status_code == 200
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.signin
def test_an_admin_sees_a_lockout_and_lifts_it_in_the_admin_audited(client, researcher, django_user_model):
    for _ in range(settings.LOGIN_FAILURES_PER_USER):
        client.post(reverse("login"), {"username": "ray", "password": "a guess"})
    # admins who set passwords (superusers) also lift lockouts
    root = django_user_model.objects.create_superuser("root", password="root-password-1")
    admin = Client()
    admin.force_login(root)
    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "Locked Out" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="ray")
    response = admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [attempt.id], "post": "yes"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditEvent.Action.ADMIN_DELETED)
    assert event.user == root and event.changes["object"][0].startswith(f"access attempt #{attempt.id}")
    assert client.post(reverse("login"), {"username": "ray", "password": "ray-password-1"}).status_code == 302
