"""Fifty editors at once against gunicorn: sign-in, the article list, article pages, search and review actions
for a minute; then the same minute again while the worker extracts 1,000 new articles.

    .venv/bin/python benchmarks/load.py [--users 50] [--seconds 60] [--think 2 8] [--without-worker]
    .venv/bin/python benchmarks/load.py --refill   # rebuild its database first

Needs PostgreSQL and Redis as for development (`make services`). The benchmark has its own database,
newsroom_load (POSTGRES_DB to change it): created, migrated and filled by `fill_archive` with 10,000 articles
and 100,000 quotes on the first run, kept for the next ones. Editors load-editor-01.. are made as needed.

The app runs as in production: gunicorn (gthread workers, printed), DEBUG off, collected static files, behind
a TLS proxy (DJANGO_BEHIND_PROXY; every request says X-Forwarded-Proto: https). The client is this process:
one asyncio task per editor, each with its own keep-alive connection and cookies.

First one editor alone for 10 s, without pauses: what each page costs without contention. Then all editors
sign in at once (timed apart: a sign-in hashes the password, 0.6 s of CPU by design), and for --seconds each
loops through the article list, one of its articles, a review action on a quote of it (confirm, reject or
restore, with the quote's version, as the page's htmx form sends it), a search by words, another article and
action, and a search by speaker; after each request it waits --think seconds, 2 to 8 by default (5 on
average: an editor reads a quote and decides; `--think 0 2` is a stress test, past what 2 cores serve). The
articles are dealt out among the editors, so no two of them ever change the same quote.

The second run uploads 1,000 generated articles (about 3 KB of text each, with quotations and speakers) as
the upload page does, starts a Celery worker for them on a queue of its own, and runs the same load while it
extracts. The articles are deleted at the end. Printed per kind of request: count, errors, p50, p95 and p99
in ms; throughput; whether 0 errors and p95 under 300 ms hold; with the worker, how many articles it
finished during the load and p95 with it over p95 without.
"""

import argparse
import asyncio
import datetime
import os
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("POSTGRES_DB", "newsroom_load")
# Production settings: DEBUG off, HTTPS as a TLS-ending proxy reports it, secure cookies.
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + os.urandom(16).hex())
os.environ["DJANGO_BEHIND_PROXY"] = "true"
# The worker of the second run listens on a queue of its own, so a development worker never takes these
# articles (and this one never takes theirs); the uploads below publish to it too.
os.environ.setdefault("CELERY_TASK_DEFAULT_QUEUE", "newsroom-load-benchmark")
# Gunicorn and the worker inherit this environment.

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from load_client import PASSWORD, Editor, Recorder, Searches  # noqa: E402
from wire_stories import wire_story  # noqa: E402

from attribution import services  # noqa: E402
from attribution.documents import document_from_text  # noqa: E402
from attribution.management.commands.fill_archive import LAST, VOCABULARY  # noqa: E402
from attribution.models import Article, Speaker  # noqa: E402
from attribution.roles import EDITORS  # noqa: E402
from attribution.views.articles import ARTICLES_PER_PAGE  # noqa: E402

ARTICLES, QUOTES_PER_ARTICLE, SPEAKERS = 10_000, 10, 5_000  # the archive fill_archive makes
UPLOADS = 1_000  # articles the worker extracts during the second run
# Uploaded articles are recognised by this prefix of their file name, to delete them (also after a crash).
UPLOAD_PREFIX = "load-benchmark/"
TARGET_P95_MS = 300
ALONE_SECONDS = 10
KINDS = ["article list", "article page", "review action", "search: words", "search: speaker"]
SIGN_IN_KINDS = ["sign-in page", "sign-in"]


# --- The database -------------------------------------------------------------------------------------------


def create_database(*, refill: bool) -> str:
    """Create (with `refill`, anew) and migrate the benchmark's database; nothing has connected to it yet.
    Returns its name."""
    db = settings.DATABASES["default"]
    name = db["NAME"]
    where = ["-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"]]
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"]} if db["PASSWORD"] else None
    if refill:
        subprocess.run(["dropdb", *where, "--if-exists", name], check=True, env=env)
    made = subprocess.run(["createdb", *where, name], capture_output=True, text=True, env=env)
    if made.returncode and "already exists" not in made.stderr:
        raise SystemExit(f"createdb {name} failed: {made.stderr.strip()}")
    call_command("migrate", interactive=False, verbosity=0)
    return name


def prepare_database(*, refill: bool) -> None:
    """Create, migrate and fill the benchmark's database as needed."""
    name = create_database(refill=refill)
    delete_uploads()  # left by an interrupted run
    filled = Article.objects.filter(extractor_version="synthetic").count()
    if filled == 0:
        print(f"Filling {name} with {ARTICLES:,} articles and {ARTICLES * QUOTES_PER_ARTICLE:,} quotes…")
        call_command(
            "fill_archive", articles=ARTICLES, quotes_per_article=QUOTES_PER_ARTICLE, speakers=SPEAKERS
        )
    elif filled < ARTICLES:
        raise SystemExit(f"{name} holds {filled} of {ARTICLES} articles: an interrupted fill? Use --refill.")


def editors(count: int) -> list[str]:
    """The editors' user names, created when missing, all with PASSWORD; running this twice is harmless."""
    User = get_user_model()
    names = [f"load-editor-{n:02d}" for n in range(1, count + 1)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    User.objects.bulk_create([User(username=name) for name in names if name not in existing])
    users = User.objects.filter(username__in=names)
    # One hash for all: each costs 0.6 s of CPU, on purpose.
    users.update(password=make_password(PASSWORD), is_active=True)
    Group.objects.get(name=EDITORS).user_set.add(*users)
    return names


def articles_by_editor(count: int) -> list[list[int]]:
    """The archive's articles dealt out among the editors: each reviews only its own, so no two race."""
    archive = Article.objects.filter(extractor_version="synthetic").order_by("id")
    ids = list(archive.values_list("id", flat=True))
    return [ids[n::count] for n in range(count)]


def searches(rng: random.Random) -> Searches:
    words = [f'"{w}"' if " " in w else w for w in VOCABULARY]
    words += [f"{a.split()[0]} {b.split()[0]}" for a, b in zip(VOCABULARY, reversed(VOCABULARY), strict=True)]
    names = list(Speaker.objects.named().values_list("name", flat=True))
    return Searches(words=words, speakers=LAST + rng.sample(names, min(200, len(names))))


# --- The server and the worker ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int, threads: int, log) -> subprocess.Popen:
    command = [
        sys.executable,
        *("-m", "gunicorn", "newsroom.wsgi:application"),
        *("--bind", f"127.0.0.1:{port}"),
        *("--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads)),
        # An editor's connection stays open between its requests for the whole run, as a browser's does,
        # so that the server never closes one under a request on its way.
        *("--keep-alive", "300"),
        "--no-control-socket",  # gunicorn's default socket in ~/.gunicorn is shared with any other gunicorn
        *("--access-logfile", "-"),  # as the Dockerfile does
    ]
    # A session of its own: Ctrl-C reaches only this script, which then stops it (and its workers) itself.
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start-up; see {log.name}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer /healthz within a minute; see {log.name}")


def start_worker(concurrency: int, log) -> subprocess.Popen:
    # at a lower CPU priority, as scripts/run.sh runs it: pages are people waiting, extraction is not
    command = [
        *("nice", "-n", "10", sys.executable),
        *("-m", "celery", "-A", "newsroom", "worker", "--loglevel", "WARNING"),
        *("--concurrency", str(concurrency), "--hostname", f"load-benchmark-{os.getpid()}@%h"),
    ]
    return subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen, grace: float) -> None:
    """TERM to the main process: gunicorn and Celery finish the requests and tasks at hand and stop their
    children. After `grace` seconds, KILL to every process of its group."""
    if process.poll() is None:
        process.terminate()
        with suppress(subprocess.TimeoutExpired):
            process.wait(grace)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # a child left behind
    process.wait()


def purge_queue(name: str = "") -> int:
    """Drop the messages of deleted articles, so that the next run's worker does not start with them; `name`:
    another queue than the default one. Returns how many were dropped."""
    from newsroom.celery import app

    with app.connection_for_write() as conn:
        return conn.default_channel.queue_purge(name or settings.CELERY_TASK_DEFAULT_QUEUE) or 0


# --- The second run's articles ------------------------------------------------------------------------------


def upload_articles(count: int) -> None:
    """Store and queue `count` articles as the upload page does: one batch, one article_create each."""
    rng = random.Random(11)
    batch = uuid.uuid4()
    today = datetime.date.today()
    for number in range(count):
        filename = f"{UPLOAD_PREFIX}{number:04d}.txt"
        services.article_create(
            document=document_from_text(wire_story(rng, number), filename=filename),
            metadata=services.ArticleMetadata(publication_name="Load Benchmark Wire", published_on=today),
            source_filename=filename,
            upload_batch=batch,
        )


def uploads_finished() -> tuple[int, int]:
    """(extracted, failed) among the uploaded articles."""
    counts = Article.objects.filter(source_filename__startswith=UPLOAD_PREFIX).state_counts()
    return counts.get(Article.State.DONE, 0), counts.get(Article.State.FAILED, 0)


def wait_for_first_claim(worker: subprocess.Popen, log) -> float:
    """Seconds until the worker took its first article (its processes load spaCy first)."""
    started = time.monotonic()
    uploads = Article.objects.filter(source_filename__startswith=UPLOAD_PREFIX)
    while not uploads.exclude(state=Article.State.QUEUED).exists():
        if worker.poll() is not None:
            raise SystemExit(f"The worker stopped at start-up; see {log.name}")
        if time.monotonic() - started > 300:
            raise SystemExit(f"The worker took no article within 5 minutes; see {log.name}")
        time.sleep(0.5)
    return time.monotonic() - started


def delete_uploads() -> None:
    # Their quotes and local speakers go with them; named speakers stay (the next run finds them again).
    Article.objects.filter(source_filename__startswith=UPLOAD_PREFIX).delete()


def _cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + values[4]  # idle and iowait
    return sum(values) - idle, sum(values)


class CpuMeter:
    """The time and the CPU used from when it is made: by this process (the client) and by the machine."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self._own, self._machine = resource.getrusage(resource.RUSAGE_SELF), _cpu_times()

    def read(self) -> tuple[float, float, float]:
        """Seconds since the start; the shares of the machine's CPU this process and all used meanwhile."""
        elapsed = time.monotonic() - self.started
        own, machine = resource.getrusage(resource.RUSAGE_SELF), _cpu_times()
        client = (own.ru_utime + own.ru_stime) - (self._own.ru_utime + self._own.ru_stime)
        busy, total = (after - before for after, before in zip(machine, self._machine, strict=True))
        return elapsed, client / elapsed / (os.cpu_count() or 1), busy / max(1, total)


async def _each(editors_: list[Editor], work) -> None:
    """`work(editor)` for every editor at once; their connections are closed at the end, with the loop."""
    try:
        await asyncio.gather(*(work(editor) for editor in editors_))
    finally:
        await asyncio.gather(*(editor.browser.close() for editor in editors_))


def _collect(editors_: list[Editor]) -> Recorder:
    """The editors' figures together; each starts the next phase with a new recorder."""
    merged = Recorder()
    for editor in editors_:
        merged.merge(editor.recorder)
        editor.recorder = Recorder()
    return merged


def sign_in(editors_: list[Editor]) -> Recorder:
    """Every editor signs in at once; one that fails sits out the load."""
    asyncio.run(_each(editors_, Editor.sign_in))
    return _collect(editors_)


@dataclass
class Run:
    times: Recorder
    seconds: float  # from the first request to the last answer
    client: float  # share of the machine's CPU this process, the client, used meanwhile
    machine: float  # share of the machine's CPU in use meanwhile


def browse(editors_: list[Editor], seconds: float) -> Run:
    """The signed-in editors browse and review for `seconds`."""
    # A new connection before (the server may have restarted since the last query) and after (the next query
    # may come after the connection's idle limit).
    connection.close()
    pages = max(1, -(-Article.objects.count() // ARTICLES_PER_PAGE))  # of the article list
    connection.close()
    active = [editor for editor in editors_ if editor.signed_in]
    meter = CpuMeter()
    asyncio.run(_each(active, lambda editor: editor.browse(meter.started + seconds, pages)))
    return Run(_collect(active), *meter.read())


# --- The report ---------------------------------------------------------------------------------------------


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 of the samples."""
    if len(samples) < 2:
        value = samples[0] if samples else float("nan")
        return value, value, value
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def print_table(recorder: Recorder, kinds: list[str], *, total: bool = True) -> None:
    print(f"  {'request':<18}{'count':>7}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    rows = [(kind, recorder.times.get(kind, [])) for kind in kinds]
    if total:
        rows.append(("all", [ms for kind in kinds for ms in recorder.times.get(kind, [])]))
    for kind, samples in rows:
        errors = recorder.error_count() if kind == "all" else recorder.errors.get(kind, 0)
        p50, p95, p99 = percentiles(samples)
        top = max(samples, default=float("nan"))
        print(f"  {kind:<18}{len(samples):7}{errors:8}{p50:9.0f}{p95:9.0f}{p99:9.0f}{top:9.0f}")


def print_errors(recorder: Recorder) -> None:
    for example in recorder.examples:
        print(f"  error: {example}")


def report(title: str, run: Run) -> None:
    print(f"\n{title}: {run.seconds:.1f} s")
    print_table(run.times, KINDS)
    print(
        f"  throughput {run.times.count() / run.seconds:.1f} requests/s; the machine's CPU {run.machine:.0%} "
        f"busy, {run.client:.0%} of it this client"
    )
    print_errors(run.times)
    p95 = _p95(run, KINDS)
    slow = [kind for kind in KINDS if _p95(run, [kind]) >= TARGET_P95_MS]
    print(
        f"  0 errors: {'yes' if run.times.error_count() == 0 else 'NO'} ({run.times.error_count()}); "
        f"p95 under {TARGET_P95_MS} ms: {'yes' if p95 < TARGET_P95_MS else 'NO'} ({p95:.0f} ms)"
        + (f"; over it: {', '.join(slow)}" if slow else "")
    )


def _p95(run: Run, kinds: list[str]) -> float:
    return percentiles([ms for kind in kinds for ms in run.times.times.get(kind, [])])[1]


def compare(without: Run, with_worker: Run) -> None:
    print("p95 with the worker busy / without:")
    for kind, kinds in [*((kind, [kind]) for kind in KINDS), ("all", KINDS)]:
        a, b = _p95(without, kinds), _p95(with_worker, kinds)
        print(f"  {kind:<18}{a:7.0f} ms → {b:5.0f} ms  {b / a:5.2f}x")


# --- The two runs -------------------------------------------------------------------------------------------


def _interrupted(signum, frame) -> None:
    raise KeyboardInterrupt  # the clean-up then stops gunicorn and the worker


def with_worker(crowd: list[Editor], without: Run, args, cleanup: ExitStack, log) -> None:
    """The second run: the same load while a worker extracts UPLOADS new articles."""
    purge_queue()
    cleanup.callback(purge_queue)
    cleanup.callback(delete_uploads)  # an interrupted upload's articles too
    started = time.monotonic()
    upload_articles(UPLOADS)
    print(f"\n{UPLOADS} articles uploaded and queued in {time.monotonic() - started:.1f} s")
    worker = start_worker(args.concurrency, log)
    cleanup.callback(stop, worker, grace=60)  # before the articles are deleted
    took = wait_for_first_claim(worker, log)
    print(f"Celery worker, {args.concurrency} processes, took its first article after {took:.1f} s")
    before = uploads_finished()
    busy = browse(crowd, args.seconds)
    after = uploads_finished()
    report(f"With the worker extracting {UPLOADS} articles", busy)
    print(
        f"  the worker finished {after[0] - before[0]} articles during the load "
        f"({after[1] - before[1]} failed; {sum(before)} before it, {UPLOADS - sum(after)} left after it)"
    )
    compare(without, busy)


def add_server_arguments(parser: argparse.ArgumentParser) -> None:
    """--workers and --threads of gunicorn, --concurrency of the Celery worker (api.py runs them alike)."""
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument(
        "--concurrency", type=int, default=os.cpu_count() or 1, help="Celery worker processes"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=[2.0, 8.0],
        metavar=("LEAST", "MOST"),
        help="each editor waits between these many seconds after a request (reading, deciding)",
    )
    add_server_arguments(parser)
    parser.add_argument("--without-worker", action="store_true", help="only the first run")
    parser.add_argument("--refill", action="store_true", help="rebuild the benchmark's database")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _interrupted)

    prepare_database(refill=args.refill)
    users = editors(args.users)
    articles = articles_by_editor(args.users)
    terms = searches(random.Random(3))
    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest DEBUG-off pages need
    print(
        f"{settings.DATABASES['default']['NAME']}: {Article.objects.count():,} articles; "
        f"{args.users} editors, {len(articles[0])} articles each to review; "
        f"think time {args.think[0]:g}–{args.think[1]:g} s (uniform) after each request; "
        f"{os.cpu_count()} CPUs"
    )
    logs = Path(tempfile.mkdtemp(prefix="newsroom-load-"))
    port = free_port()
    # Clean-up in reverse order, also on Ctrl-C: stop the worker, delete its articles, stop gunicorn.
    with ExitStack() as cleanup:
        server_log = cleanup.enter_context(open(logs / "gunicorn.log", "w"))
        worker_log = cleanup.enter_context(open(logs / "worker.log", "w"))
        cleanup.callback(stop, start_gunicorn(port, args.workers, args.threads, server_log), grace=30)
        print(
            f"gunicorn on 127.0.0.1:{port}: {args.workers} gthread workers × {args.threads} threads, "
            f"keep-alive; logs in {logs}"
        )

        # What each page costs without contention, to read the figures under load against.
        alone = [Editor(port, users[0], articles[0], terms, think=(0, 0))]
        alone_times = sign_in(alone)
        alone_times.merge(browse(alone, ALONE_SECONDS).times)
        print(f"\nOne editor alone, no think time, {ALONE_SECONDS} s:")
        print_table(alone_times, KINDS, total=False)
        print_errors(alone_times)

        crowd = [Editor(port, u, own, terms, args.think) for u, own in zip(users, articles, strict=True)]
        print(f"\n{args.users} editors sign in at the same moment (a sign-in hashes the password):")
        signed_in = sign_in(crowd)
        print_table(signed_in, SIGN_IN_KINDS, total=False)
        print_errors(signed_in)
        without = browse(crowd, args.seconds)
        report("Without the worker", without)
        if not args.without_worker:
            with_worker(crowd, without, args, cleanup, worker_log)
    logged = (logs / "gunicorn.log").read_text() + (logs / "worker.log").read_text()
    if "Traceback" in logged:
        print(f"Tracebacks were logged: see {logs}")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("Interrupted: gunicorn and the worker were stopped, the uploaded articles deleted.")
