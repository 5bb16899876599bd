"""Faults with the real services: Redis stopped during uploads, a worker killed mid-extraction, PostgreSQL
restarted under a running worker. Nothing is lost and nobody has to step in.

Each test runs its own `redis-server` (so stopping it disturbs nothing else on the machine) and real Celery
workers in subprocesses; the sweep scheduler runs inside the worker with a short period.
"""

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.db import connection
from django.urls import reverse

from attribution.models import Article
from newsroom.celery import app as celery_app

from ..support import reconnect, wait_until, worker_process

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# the worker's sweep every 5 s (the least the settings take), claims older than 20 s taken back
FAST_SWEEP = {
    "EXTRACTION_SWEEP_SECONDS": "5",
    "EXTRACTION_SOFT_TIME_LIMIT": "15",
    "EXTRACTION_TIME_LIMIT": "18",
    "EXTRACTION_STRANDED_SECONDS": "20",
}


class RedisServer:
    """A redis-server of the test's own on a free port, stopped and started again at will."""

    def __init__(self) -> None:
        self.binary = shutil.which("redis-server") or pytest.fail(
            "redis-server is not installed (see README)."
        )
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        command = [
            self.binary,
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_until(self._answers, timeout=10, interval=0.05, message="redis-server to start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    real = celery_app.conf.broker_url
    reconnect(celery_app, server.url)  # this process publishes there too
    try:
        yield server
    finally:
        reconnect(celery_app, real)
        if server.process.poll() is None:
            server.stop()


@pytest.fixture
def long_text(seed_text) -> str:
    # about three seconds of spaCy: time to catch the worker in the middle of it
    return "\n\n".join([seed_text] * 20)


def _upload(client, text: str) -> Article:
    response = client.post(reverse("article_upload"), {"text": text})
    assert response.status_code == 302, response.content.decode()[:1000]
    return Article.objects.order_by("-id").first()


def _extracted(*articles: Article):
    def done() -> bool:
        for article in articles:
            article.refresh_from_db()
        return all(a.state == Article.State.DONE for a in articles)

    return done


def _one_set_of_quotes(article: Article) -> None:
    spans = list(article.quotes.values_list("start", "end"))
    assert spans, "the article has no quotes"
    assert len(spans) == len(set(spans)), "some quotes were stored twice"
    assert article.claim_token is None


def test_uploads_while_redis_is_down_succeed_and_are_extracted_once_it_is_back(
    redis_server, editor_client, seed_text
):
    with worker_process("faults-redis", env={"CELERY_BROKER_URL": redis_server.url} | FAST_SWEEP, beat=True):
        redis_server.stop()
        started = time.monotonic()
        articles = [_upload(editor_client, f"Story {n}\n\n{seed_text}") for n in range(3)]
        per_upload = (time.monotonic() - started) / len(articles)
        # stored and waiting, none sent; each upload gave up on Redis within its retry policy's second or so
        assert all(a.state == Article.State.QUEUED and a.enqueued_at is None for a in articles)
        assert per_upload < 5, f"an upload took {per_upload:.1f} s with Redis down"
        page = editor_client.get(reverse("article_list")).content.decode()
        assert page.count("Queued") >= 3 or page.lower().count("queued") >= 3

        redis_server.start()  # nobody does anything else: the worker reconnects, its sweep sends them again
        wait_until(_extracted(*articles), timeout=120, interval=0.5, message="the articles to be extracted")
    for article in articles:
        _one_set_of_quotes(article)


def test_an_article_whose_worker_is_killed_mid_extraction_is_extracted_by_another(
    redis_server, editor_client, long_text
):
    with worker_process("faults-killed", env={"CELERY_BROKER_URL": redis_server.url}) as doomed:
        article = _upload(editor_client, long_text)

        def extracting() -> bool:
            article.refresh_from_db()
            return article.state == Article.State.EXTRACTING

        wait_until(extracting, timeout=60, interval=0.02, message="the first worker to start extracting")
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=10)
        article.refresh_from_db()
        assert article.state == Article.State.EXTRACTING and not article.quotes.exists()

    # another worker, whose sweep finds the stale claim (older than EXTRACTION_STRANDED_SECONDS) and sends the
    # article again; the killed worker's unacknowledged message would only come back after Redis's
    # visibility timeout (an hour), and would then find the article done
    with worker_process(
        "faults-rescuer", env={"CELERY_BROKER_URL": redis_server.url} | FAST_SWEEP, beat=True
    ):
        wait_until(_extracted(article), timeout=120, interval=0.5, message="the second worker to extract it")
    assert article.extraction_attempts == 2
    _one_set_of_quotes(article)


def _cluster() -> list[str]:
    """pg_ctlcluster's name for the PostgreSQL under test; a skip where it is not that kind of install."""
    if not shutil.which("pg_ctlcluster") or os.geteuid() != 0:
        pytest.skip("restarting PostgreSQL needs Debian's pg_ctlcluster, run as root (as on CI)")
    version = connection.cursor().connection.info.server_version // 10000
    return ["pg_ctlcluster", "--skip-systemctl-redirect", str(version), "main"]


def test_a_worker_carries_on_after_postgresql_restarts_under_it_and_its_task_is_retried(
    redis_server, editor_client, long_text
):
    cluster = _cluster()
    with worker_process("faults-postgres", env={"CELERY_BROKER_URL": redis_server.url}) as worker:
        article = _upload(editor_client, long_text)

        def extracting() -> bool:
            article.refresh_from_db()
            return article.state == Article.State.EXTRACTING

        wait_until(extracting, timeout=60, interval=0.02, message="the worker to start extracting")
        connection.close()
        subprocess.run([*cluster, "stop", "--", "-m", "fast"], check=True, timeout=60)
        try:
            # the extraction ends meanwhile; saving it fails, and the task waits to try again
            wait_until(
                lambda: "Database unavailable while extracting article" in worker.log_path.read_text(),
                timeout=90,
                message="the worker to find the database gone",
            )
        finally:
            subprocess.run([*cluster, "start"], check=True, timeout=60)
        wait_until(
            _extracted(article), timeout=120, interval=0.5, message="the retried task to save the quotes"
        )
        assert "Retry in" in worker.log_path.read_text()

        # and the same worker goes on with the next article as if nothing had happened
        second = _upload(editor_client, "Another story\n\n" + long_text[:4000])
        wait_until(_extracted(second), timeout=60, interval=0.5, message="the next article")
    _one_set_of_quotes(article)
    assert article.extraction_attempts == 2  # the retry took its own claim back
