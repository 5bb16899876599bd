"""A CMS sending 1,000 articles through the REST API from 10 clients at once, against gunicorn, while a
Celery worker extracts them.

    .venv/bin/python benchmarks/api.py [--articles 1000] [--clients 10]

Needs PostgreSQL and Redis as for development (`make services`). Runs as load.py does, with its helpers: a
database of its own, newsroom_bench_api (POSTGRES_DB to change it; created and migrated on the first run,
emptied of the benchmark's articles before and after each), gunicorn with load.py's workers and threads, DEBUG
off, behind a TLS proxy (every request says X-Forwarded-Proto: https), and one Celery worker on a queue of its
own. The rate limit per key is raised (API_RATE_LIMIT) and the throttle counts in a Redis database of their
own (CACHE_URL), so that the benchmark's key never shares a count with a key of the test suite's.

The clients are threads of this process, each with one keep-alive connection (httpx), each taking the next
request not yet sent, timing it. In order:
- one article first, to see that the whole way works and that the worker has loaded spaCy, then 200 reads
  of it (GET /api/v1/articles/{id}), so that every gunicorn worker has served the API once;
- the baseline: --articles requests to GET /healthz (the app and one query), by the same clients;
- --articles distinct wire stories (wire_stories.py, about 3 KB each), each with an external_id, as
  POST /api/v1/articles; the worker extracts them meanwhile;
- the first 50 again with the same external_id, while the worker is still at it: each must be answered 200
  with the article of the first time (idempotency under load);
- then the articles' states, read from the database until every one is done or failed.

Printed for each burst of requests: requests/s, p50/p95/p99/max latency, the answers by status, the CPU of
the machine and of this client; POST over the baseline; the time from the first POST until every article is
extracted, articles extracted per second, and failures. Exits non-zero on any answer that is not 2xx, a
second sending that is not the first article, or an extraction that failed.
"""

import argparse
import os
import queue
import random
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("POSTGRES_DB", "newsroom_bench_api")
# Queues of its own: no development worker takes these articles, and the callback each one sends when
# extracted (the fetch queue's) is dropped at the end instead of reaching a fetch worker of another database.
os.environ.setdefault("CELERY_TASK_DEFAULT_QUEUE", "newsroom-api-benchmark")
os.environ.setdefault("CELERY_FETCH_QUEUE", "newsroom-api-benchmark-fetch")
# One key sends everything: far past the default 600/min, so this measures the app and not the brake.
os.environ.setdefault("API_RATE_LIMIT", "100000/min")
# The throttle keys its counts by the key's id only; the app's cache (Redis database 1) is the test suite's.
os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/2")
# load.py sets up Django (production settings, behind a TLS proxy) for this benchmark too: it comes first.
from load import (  # noqa: E402
    CpuMeter,
    add_server_arguments,
    create_database,
    free_port,
    percentiles,
    purge_queue,
    start_gunicorn,
    start_worker,
    stop,
)

# isort: split
import httpx  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import AbstractUser, Group  # noqa: E402
from django.db import connection  # noqa: E402
from load_client import ERRORS_SHOWN, REQUEST_TIMEOUT  # noqa: E402
from wire_stories import wire_story  # noqa: E402

from attribution import services  # noqa: E402
from attribution.models import ApiKey, Article  # noqa: E402
from attribution.roles import EDITORS  # noqa: E402

USERNAME = "api-benchmark-editor"
PUBLICATION = "API Benchmark Wire"
EXTERNAL_ID = "api-benchmark-{:05d}"
WARM_UP = "api-benchmark-warm-up"  # the external_id of the first article, sent alone
AGAIN = 50  # articles sent a second time
WARM_UP_READS = 200
WARM_UP_SECONDS = 300  # for the worker's processes to load spaCy and extract the first article
STALLED_SECONDS = 120  # without an article finished: the worker is stuck
ARTICLES_PATH = "/api/v1/articles"


# --- The clients --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: dict | None = None


@dataclass(frozen=True)
class Answer:
    status: int  # 0: none came (a time-out, a refused connection)
    ms: float
    article: int | None  # the id in the answer to a POST
    error: str  # what went wrong, when the status is not 2xx


@dataclass(frozen=True)
class Burst:
    answers: list[Answer]  # in the order of the requests
    started: float  # time.monotonic() of the first request
    seconds: float  # from the first request to the last answer
    client: float  # share of the machine's CPU this process, the clients, used meanwhile
    machine: float  # share of the machine's CPU in use meanwhile

    def failed(self) -> list[Answer]:
        return [answer for answer in self.answers if not 200 <= answer.status < 300]


def _send(http: httpx.Client, request: Request) -> Answer:
    started = time.perf_counter()
    what = f"{request.method} {request.path}"
    try:
        response = http.request(request.method, request.path, json=request.body)
    except httpx.HTTPError as error:
        return Answer(0, (time.perf_counter() - started) * 1000, None, f"{what}: {error!r}")
    ms = (time.perf_counter() - started) * 1000
    if not response.is_success:
        return Answer(response.status_code, ms, None, f"{what}: {response.status_code} {response.text[:300]}")
    is_json = response.headers.get("Content-Type", "").startswith("application/json")
    return Answer(response.status_code, ms, response.json().get("id") if is_json else None, "")


def burst(port: int, key: str, requests: list[Request], clients: int) -> Burst:
    """Send `requests` from `clients` threads at once, each with a keep-alive connection of its own and
    taking the next request not yet sent."""
    answers: list[Answer | None] = [None] * len(requests)
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(requests)):
        todo.put(index)
    meters: list[CpuMeter] = []
    # the clock starts once every client has its connection pool, as the last one is let through
    start = threading.Barrier(clients, action=lambda: meters.append(CpuMeter()))

    def client() -> None:
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}",
            headers={
                "Authorization": f"Bearer {key}",
                "X-Forwarded-Proto": "https",  # what the TLS-ending proxy in front of the app adds
                "User-Agent": "newsroom-api-benchmark",
            },
            timeout=REQUEST_TIMEOUT,
            limits=httpx.Limits(max_connections=1),
        ) as http:
            start.wait(timeout=60)
            while True:
                try:
                    index = todo.get_nowait()
                except queue.Empty:
                    return
                answers[index] = _send(http, requests[index])

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if not meters or None in answers:
        raise SystemExit("A client thread stopped before sending its requests (see the traceback above).")
    return Burst(answers, meters[0].started, *meters[0].read())


def report(title: str, run: Burst, clients: int) -> None:
    p50, p95, p99 = percentiles([answer.ms for answer in run.answers])
    top = max(answer.ms for answer in run.answers)
    by_status = sorted(Counter(answer.status for answer in run.answers).items())
    statuses = ", ".join(f"{n} × {status or 'no answer'}" for status, n in by_status)
    print(f"\n{title}: {len(run.answers)} requests by {clients} clients in {run.seconds:.1f} s")
    print(
        f"  {len(run.answers) / run.seconds:.1f} requests/s; p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
        f"p99 {p99:.0f} ms, max {top:.0f} ms"
    )
    print(
        f"  answers: {statuses}; not 2xx: {len(run.failed())}; the machine's CPU {run.machine:.0%} busy, "
        f"{run.client:.0%} of it these clients"
    )
    for answer in run.failed()[:ERRORS_SHOWN]:
        print(f"  error: {answer.error}")


def _p95(run: Burst) -> float:
    return percentiles([answer.ms for answer in run.answers])[1]


# --- The database -------------------------------------------------------------------------------------------


def editor_key() -> tuple[AbstractUser, str]:
    """The benchmark's editor (made when missing) and a new key of theirs; their earlier keys are deleted,
    with the articles they sent (an interrupted run's)."""
    user, _ = get_user_model().objects.get_or_create(username=USERNAME)
    Group.objects.get(name=EDITORS).user_set.add(user)
    delete_articles(user)
    ApiKey.objects.filter(user=user).delete()
    return user, services.api_key_create(user=user, name="API benchmark").key


def delete_articles(user) -> None:
    connection.close()  # the last query may be older than the server's idle limit
    Article.objects.filter(uploaded_by=user).delete()


def article_post(text: str, external_id: str) -> Request:
    return Request(
        "POST", ARTICLES_PATH, {"text": text, "publication": PUBLICATION, "external_id": external_id}
    )


def wait_finished(articles, count: int, worker, log, *, stalled: float) -> tuple[float, int, int]:
    """Wait until `count` of the `articles` are done or failed: (time.monotonic() then, done, failed)."""
    connection.close()  # a new connection: the last query may be older than the server's idle limit
    finished, progress = -1, time.monotonic()
    while True:
        counts = articles.state_counts()
        done, failed = counts.get(Article.State.DONE, 0), counts.get(Article.State.FAILED, 0)
        now = time.monotonic()
        if done + failed >= count:
            return now, done, failed
        if done + failed > finished:
            finished, progress = done + failed, now
        elif now - progress > stalled:
            raise SystemExit(
                f"No article finished in {stalled:.0f} s ({finished} of {count}); see {log.name}"
            )
        if worker.poll() is not None:
            raise SystemExit(f"The worker stopped; see {log.name}")
        time.sleep(0.25)


# --- The run ------------------------------------------------------------------------------------------------


def run(args, port: int, key: str, user, worker, worker_log) -> list[str]:
    """The warm-up, the baseline, the POSTs, the second sending and the wait; returns what went wrong."""
    problems = []
    mine = Article.objects.filter(uploaded_by=user)
    started = time.monotonic()
    (warm,) = burst(port, key, [article_post(wire_story(random.Random(0), 0), WARM_UP)], 1).answers
    if warm.status != 201:
        raise SystemExit(f"The first article was not created: {warm.error or warm.status}")
    ended, done, _ = wait_finished(mine, 1, worker, worker_log, stalled=WARM_UP_SECONDS)
    print(
        f"The first article, alone: created in {warm.ms:.0f} ms, {'extracted' if done else 'FAILED'} "
        f"{ended - started:.1f} s after (the worker's processes load spaCy first)"
    )
    # Each gunicorn worker imports the API and opens its connections on its first request: not in the figures.
    read = Request("GET", f"{ARTICLES_PATH}/{warm.article}")
    warmed = burst(port, key, [read] * WARM_UP_READS, args.clients)
    report(f"Warm-up, GET {read.path} (an article with its quotes and speakers)", warmed, args.clients)

    baseline = burst(port, key, [Request("GET", "/healthz")] * args.articles, args.clients)
    report("Baseline, GET /healthz", baseline, args.clients)

    rng = random.Random(16)
    posts = [article_post(wire_story(rng, n), EXTERNAL_ID.format(n)) for n in range(1, args.articles + 1)]
    sent = burst(port, key, posts, args.clients)
    report(f"POST {ARTICLES_PATH}, {args.articles} distinct articles (about 3 KB each)", sent, args.clients)
    print(
        f"  over the baseline: requests/s {baseline.seconds / sent.seconds:.2f}x (as many requests), "
        f"p95 {_p95(sent) / _p95(baseline):.1f}x"
    )
    created = sum(answer.status == 201 for answer in sent.answers)
    if created != args.articles:
        problems.append(f"{created} of {args.articles} articles created (201)")
    extracting = mine.exclude(external_id=WARM_UP)
    meanwhile = extracting.state_counts()
    finished = meanwhile.get(Article.State.DONE, 0) + meanwhile.get(Article.State.FAILED, 0)
    print(f"  the worker finished {finished} of them meanwhile")

    again = burst(port, key, posts[:AGAIN], args.clients)
    report(
        f"The first {len(again.answers)} again, same external_id, while the worker extracts",
        again,
        args.clients,
    )
    same = sum(
        answer.status == 200 and answer.article == first.article
        for answer, first in zip(again.answers, sent.answers[:AGAIN], strict=True)
    )
    print(f"  answered 200 with the same article: {same} of {len(again.answers)}")
    if same != len(again.answers):
        problems.append(
            f"{len(again.answers) - same} of the articles sent again not answered as the first time"
        )

    # the articles made: the same as sent, unless a POST failed (that is said above and counted below)
    ended, done, failed = wait_finished(extracting, created, worker, worker_log, stalled=STALLED_SECONDS)
    took = ended - sent.started
    print(
        f"\nExtraction: all {created} articles finished {took:.1f} s after the first POST "
        f"({ended - sent.started - sent.seconds:.1f} s after the last answer): {created / took:.1f} "
        f"articles/s with {args.concurrency} worker processes; {done} done, {failed} failed"
    )
    for answers, run_ in [("warm-up", warmed), ("baseline", baseline), ("POST", sent), ("again", again)]:
        if run_.failed():
            problems.append(f"{len(run_.failed())} answers not 2xx ({answers})")
    if failed:
        problems.append(f"{failed} extractions failed")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=10)
    add_server_arguments(parser)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # a KeyboardInterrupt: the clean-up runs

    name = create_database(refill=False)
    user, key = editor_key()
    logs = Path(tempfile.mkdtemp(prefix="newsroom-api-"))
    port = free_port()
    # Clean-up in reverse order, also on Ctrl-C: stop the worker and gunicorn, drop the queues' messages,
    # delete the articles.
    with ExitStack() as cleanup:
        server_log = cleanup.enter_context(open(logs / "gunicorn.log", "w"))
        worker_log = cleanup.enter_context(open(logs / "worker.log", "w"))
        cleanup.callback(delete_articles, user)
        cleanup.callback(purge_queue, settings.CELERY_FETCH_QUEUE)
        cleanup.callback(purge_queue)
        purge_queue()  # an interrupted run's messages
        purge_queue(settings.CELERY_FETCH_QUEUE)
        cleanup.callback(stop, start_gunicorn(port, args.workers, args.threads, server_log), grace=30)
        worker = start_worker(args.concurrency, worker_log)
        cleanup.callback(stop, worker, grace=60)
        print(
            f"{name}; gunicorn on 127.0.0.1:{port}: {args.workers} gthread workers × {args.threads} "
            f"threads; Celery worker: {args.concurrency} processes, nice 10; API_RATE_LIMIT "
            f"{settings.API_RATE_LIMIT}; {os.cpu_count()} CPUs; logs in {logs}"
        )
        problems = run(args, port, key, user, worker, worker_log)
        stop(worker, grace=60)  # before its callbacks are counted
        callbacks = purge_queue(settings.CELERY_FETCH_QUEUE)
        print(f"  callback messages on the fetch queue (the key has no callback URL): {callbacks}")
    logged = (logs / "gunicorn.log").read_text() + (logs / "worker.log").read_text()
    if "Traceback" in logged:
        problems.append(f"tracebacks were logged: see {logs}")
    if problems:
        sys.exit("NOT OK: " + "; ".join(problems))
    print("OK: every answer 2xx, the second sending idempotent, every article extracted.")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("Interrupted: gunicorn and the worker were stopped, the benchmark's articles deleted.")
