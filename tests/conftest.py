import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group

from attribution.roles import ADMINS, EDITORS, RESEARCHERS, ensure_groups
from newsroom.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = ROOT.parent / "shared" / "eval" / "seed_article.txt"
ARTIFACTS = ROOT / "test-artifacts"

# Tests publish to a queue of their own, so a development worker on this machine never sees their messages.
TEST_QUEUE = f"newsroom-test-{uuid.uuid4().hex[:8]}"
celery_app.conf.task_default_queue = TEST_QUEUE


@pytest.fixture(scope="session", autouse=True)
def _purge_test_queue():
    yield
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_delete(TEST_QUEUE)


@pytest.fixture
def stopped_broker():
    """Point Celery at a port where nothing listens: publishing fails as it does when Redis is stopped."""

    @contextmanager
    def stopped():
        real = celery_app.conf.broker_url
        _reconnect(celery_app, "redis://127.0.0.1:1/0")
        try:
            yield
        finally:
            _reconnect(celery_app, real)

    return stopped


def _reconnect(app, url: str) -> None:
    app.conf.broker_url = url
    # Celery caches its connection pools; forget them as it does after a fork.
    app._pool = None
    app.amqp._producer_pool = None


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


@contextmanager
def worker_process(name: str, *, env: dict | None = None, beat: bool = False):
    """A real Celery worker (solo pool) in a subprocess, on the test database; its log in test-artifacts/.

    `env` adds to the settings (its own broker, short time limits); `beat` runs the sweep scheduler in it.
    """
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"{name}.log"
    env = (
        os.environ
        | {
            "POSTGRES_DB": settings.DATABASES["default"]["NAME"],
            "CELERY_TASK_DEFAULT_QUEUE": TEST_QUEUE,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        }
        | (env or {})
    )
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "newsroom",
        "worker",
        "--pool",
        "solo",
        "--loglevel",
        "INFO",
    ]
    command += ["--queues", TEST_QUEUE, "--without-gossip", "--without-mingle", "--hostname", f"{name}@%h"]
    if beat:
        command += ["--beat", "--schedule", str(ARTIFACTS / f"{name}-beat-schedule")]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    process.log_path = log_path
    try:
        deadline = time.monotonic() + 60
        while "ready." not in log_path.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"The Celery worker did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real Celery worker in a subprocess, on the real Redis and the test database."""
    with worker_process("celery-worker") as process:
        yield process


def wait_until(predicate, *, timeout: float, interval: float = 0.2, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    pytest.fail(f"Timed out after {timeout} s waiting for {message}.")
