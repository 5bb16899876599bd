from contextlib import contextmanager, nullcontext

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import override_settings

from attribution import services
from attribution.documents import document_from_text
from attribution.roles import ADMINS, EDITORS, RESEARCHERS, ensure_groups
from attribution.services import ArticleMetadata
from newsroom.celery import app as celery_app

from .review_story import TEXT, _extract
from .search_archive import _article, _quote, _speaker
from .support import SEED_ARTICLE, TEST_FETCH_QUEUE, TEST_QUEUE, reconnect, worker_process

# PBKDF2 at its real cost is slow on purpose: hashing each fixture user's password was over half of the run.
# Only tests about signing in (marked `signin`) need the real hashers; every other test gets a fast one.
REAL_PASSWORD_HASHERS = settings.PASSWORD_HASHERS
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    # session-wide, so module- and session-scoped fixtures' users get it too
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield


@pytest.fixture(autouse=True)
def _real_password_hasher_for_signin(request):
    # autouse fixtures are set up first, so the users a sign-in test requests are hashed for real too
    signin = request.node.get_closest_marker("signin") is not None
    with override_settings(PASSWORD_HASHERS=REAL_PASSWORD_HASHERS) if signin else nullcontext():
        yield


@pytest.fixture(scope="session", autouse=True)
def _purge_test_queue():
    yield
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_delete(TEST_QUEUE)
        conn.default_channel.queue_delete(TEST_FETCH_QUEUE)


@pytest.fixture
def stopped_broker():
    """Point Celery at a port where nothing listens: publishing fails as it does when Redis is stopped."""

    @contextmanager
    def stopped():
        real = celery_app.conf.broker_url
        reconnect(celery_app, "redis://127.0.0.1:1/0")
        try:
            yield
        finally:
            reconnect(celery_app, real)

    return stopped


@pytest.fixture
def seed_text() -> str:
    if not SEED_ARTICLE.exists():
        pytest.fail(f"The seed article is missing: {SEED_ARTICLE} (shared/ must sit beside the checkout).")
    return SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture
def groups(db):
    # Transactional tests flush the tables, migrations' data included; put the groups back when needed.
    ensure_groups(apps)
    return {name: Group.objects.get(name=name) for name in (EDITORS, RESEARCHERS, ADMINS)}


def _user(django_user_model, groups, name: str, group: str | None, **extra):
    user = django_user_model.objects.create_user(username=name, password=f"{name}-password-1", **extra)
    if group:
        user.groups.add(groups[group])
    return user


@pytest.fixture
def editor(django_user_model, groups):
    return _user(django_user_model, groups, "edna", EDITORS)


@pytest.fixture
def researcher(django_user_model, groups):
    return _user(django_user_model, groups, "ray", RESEARCHERS)


@pytest.fixture
def admin_user(django_user_model, groups):
    return _user(django_user_model, groups, "ada", ADMINS, is_staff=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real Celery worker in a subprocess, on the real Redis and the test database."""
    with worker_process("celery-worker") as process:
        yield process


@pytest.fixture
def article(db):
    """The review story (`review_story.TEXT`) stored and extracted with the machine's quotes."""
    article, _ = services.article_create(document=document_from_text(TEXT), metadata=ArticleMetadata())
    _extract(article)
    return article


@pytest.fixture
def archive(db):
    macron = _speaker("Emmanuel Macron")
    royal = _speaker("Ségolène Royal")
    one = _article("Summit", "«The Élysée will not send troops to the front,» Macron said. Filler.", 5)
    two = _article(
        "Budget", "«Taxes will fall next year, not troops,» said Ségolène Royal. Filler.", 20, "Le Figaro"
    )
    three = _article("Leak", "«Formulas =1+1 and <script>alert(1)</script> troops,» said an official.", 25)
    official = _speaker("an official", kind="anonymous", article=three)
    return {
        "macron": _quote(one, "«The Élysée will not send troops to the front,»", macron),
        "royal": _quote(two, "«Taxes will fall next year, not troops,»", royal),
        "leak": _quote(
            three, "«Formulas =1+1 and <script>alert(1)</script> troops,»", official, kind="partial"
        ),
        "speakers": {"macron": macron, "royal": royal, "official": official},
    }
