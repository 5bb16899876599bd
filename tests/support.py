"""What tests import rather than request as fixtures: paths, the test queue, a worker subprocess, waiting."""

import os
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings

from newsroom.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = ROOT.parent / "shared" / "eval" / "seed_article.txt"
ARTIFACTS = ROOT / "test-artifacts"

# Tests publish to a queue of their own, so a development worker on this machine never sees their messages.
TEST_QUEUE = f"newsroom-test-{uuid.uuid4().hex[:8]}"
celery_app.conf.task_default_queue = TEST_QUEUE
TEST_FETCH_QUEUE = f"{TEST_QUEUE}-fetch"  # and imports by URL to one beside it
celery_app.conf.task_routes = {
    "attribution.tasks.import_page": {"queue": TEST_FETCH_QUEUE},
    "attribution.tasks.send_callback": {"queue": TEST_FETCH_QUEUE},
    "attribution.tasks.poll_feed": {"queue": TEST_FETCH_QUEUE},
}


def reconnect(app, url: str) -> None:
    """Point a Celery app at another broker from now on."""
    app.conf.broker_url = url
    # Celery caches its connection pools; forget them as it does after a fork.
    app._pool = None
    app.amqp._producer_pool = None


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
            "CELERY_FETCH_QUEUE": TEST_FETCH_QUEUE,
            # the tests' own HTTP servers listen on 127.0.0.1, which the fetcher otherwise refuses
            "FETCH_ALLOWED_HOSTS": "127.0.0.1",
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
    command += [
        "--queues",
        f"{TEST_QUEUE},{TEST_FETCH_QUEUE}",
        "--without-gossip",
        "--without-mingle",
        "--hostname",
        f"{name}@%h",
    ]
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


@contextmanager
def local_http_server(handler):
    """A test's own HTTP server on 127.0.0.1 (a free port), answering with ``handler`` in threads; yields
    the port. Tests never reach an address outside this machine."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()


def wait_until(predicate, *, timeout: float, interval: float = 0.2, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    pytest.fail(f"Timed out after {timeout} s waiting for {message}.")


def log_in(page, live_server, name: str) -> None:
    """Sign in through the login page in the browser as a conftest user (password `<name>-password-1`)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(f"{name}-password-1")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Articles").wait_for()
