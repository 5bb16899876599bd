"""How fast search, speaker pages, the directory and the CSV export are on a big archive.

    createdb -h 127.0.0.1 -U postgres newsroom_bench
    POSTGRES_DB=newsroom_bench .venv/bin/python manage.py migrate
    POSTGRES_DB=newsroom_bench .venv/bin/python manage.py fill_archive   # 100,000 articles, 1,000,000 quotes
    POSTGRES_DB=newsroom_bench .venv/bin/python benchmarks/search.py [--runs 60]

Each page is requested through Django's test client, as a logged-in admin, with DEBUG off (static files are
collected first, as production does), `--runs` times after a warm-up, in rounds that ask every page once (a
slow moment of a shared machine then falls on all pages alike, not on one). Printed in ms: p50 and p95, and
the p50 of the time spent waiting for PostgreSQL; beside each search, the same question asked without our
indexes (ILIKE on the text or the name, a sequential scan) in the same run, and the ratio. One search is
also asked as htmx asks when a filter changes (the results alone). Last, the whole archive is exported as
CSV in a child process: rows/s and that process's peak memory.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
# Measured as production runs: DEBUG off (no query log, no template debugging), hashed static files.
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + os.urandom(16).hex())

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from attribution.models import Quote, Speaker  # noqa: E402
from attribution.roles import ADMINS  # noqa: E402


def percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))]


def elapsed_ms(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm-up
    return percentiles([elapsed_ms(fn) for _ in range(runs)])


def timed_in_rounds(fns: dict, runs: int) -> dict[str, tuple[float, float]]:
    """p50 and p95 of each function, called in turn, round after round, after a warm-up of each."""
    samples = {label: [] for label in fns}
    for fn in fns.values():
        fn()
    for _ in range(runs):
        for label, fn in fns.items():
            samples[label].append(elapsed_ms(fn))
    return {label: percentiles(times) for label, times in samples.items()}


class Page:
    """A page to request, keeping how long each request waited for PostgreSQL (the part our indexes decide;
    the rest is Django's own work on the request, the same whatever the archive's size)."""

    def __init__(self, client: Client, url: str, params: dict, *, htmx: bool = False) -> None:
        self.client, self.url, self.params = client, url, params
        self.headers = {"HX-Request": "true"} if htmx else {}  # htmx asks for the results alone
        self.database_ms: list[float] = []

    def __call__(self) -> None:
        waited = 0.0

        def timed_query(execute, *args):
            nonlocal waited
            started = time.perf_counter()
            try:
                return execute(*args)
            finally:
                waited += time.perf_counter() - started

        with connection.execute_wrapper(timed_query):
            # production answers HTTPS only
            response = self.client.get(self.url, self.params, secure=True, headers=self.headers)
        assert response.status_code == 200, response.status_code
        self.database_ms.append(waited * 1000)


def unindexed(words: str = "", speaker: str = "", date_from: str = ""):
    """The same question as a sequential scan: ILIKE on the text / the speaker's name, then a page of rows."""

    def run():
        qs = Quote.objects.select_related("speaker", "article")
        for word in words.replace('"', "").split():
            qs = qs.filter(text__icontains=word)
        if speaker:
            qs = qs.filter(speaker__name__icontains=speaker)
        if date_from:
            qs = qs.filter(article__published_on__gte=date_from)
        qs.count()
        list(qs.order_by("-article__published_on", "-id")[:20])

    return run


def export_child() -> None:
    client = _client()
    client.get(reverse("search"), secure=True)  # a first request: start-up is not the export's cost
    started = time.perf_counter()
    response = client.get(reverse("search_export", args=["csv"]), secure=True)
    chunks = iter(response.streaming_content)
    rows = next(chunks).count(b"\n") - 1
    first = time.perf_counter() - started
    rows += sum(chunk.count(b"\n") for chunk in chunks)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{rows} {seconds} {peak} {first}")


def _client() -> Client:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user, _ = get_user_model().objects.get_or_create(username="bench-admin", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=ADMINS))
    client = Client()
    client.force_login(user)
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--export-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child:
        export_child()
        return
    quotes = Quote.objects.count()
    print(f"archive: {quotes} quotes, {Speaker.objects.count()} speakers")
    if quotes < 1000:
        raise SystemExit(
            "The archive is nearly empty: run `manage.py fill_archive` first (see the docstring)."
        )
    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest DEBUG-off pages need
    client = _client()
    star = Speaker.objects.named().annotate(n=Count("quotes")).order_by("-n").first()
    surname = star.name.split()[-1]
    search = reverse("search")
    cases = [
        ("a word", {"q": "drought"}, unindexed(words="drought")),
        ("a phrase", {"q": '"peace talks"'}, unindexed(words="peace talks")),
        ("a speaker", {"speaker": surname}, unindexed(speaker=surname)),
        ("speaker + words", {"speaker": surname, "q": "budget"}, unindexed(words="budget", speaker=surname)),
        ("a date range", {"date_from": "2025-06-01", "sort": "date"}, unindexed(date_from="2025-06-01")),
        # the worst case: two common words that seldom stand together; every quote holding both is read
        ("rare phrase", {"q": '"budget troops"'}, unindexed(words="budget troops")),
    ]
    pages = {f"search: {label}": Page(client, search, params) for label, params, _ in cases}
    # what a researcher waits for when changing a filter: htmx swaps in the results only
    filtered = {"speaker": surname, "q": "budget"}
    pages["htmx: speaker + words"] = Page(client, search, filtered, htmx=True)
    pages["speaker page"] = Page(client, reverse("speaker_detail", args=[star.id]), {})
    pages["speaker directory"] = Page(client, reverse("speaker_directory"), {})
    figures = timed_in_rounds(pages, args.runs)
    print(f"{'page':<26}{'p50 ms':>9}{'p95 ms':>9}{'SQL p50':>9}   {'unindexed p95':>14}{'ratio':>8}")
    baselines = {f"search: {label}": baseline for label, _, baseline in cases}
    for label, (p50, p95) in figures.items():
        line = f"{label:<26}{p50:9.1f}{p95:9.1f}{statistics.median(pages[label].database_ms):9.1f}"
        if label in baselines:
            _, base95 = timed(baselines[label], max(3, args.runs // 10))
            line += f"   {base95:14.1f}{base95 / p95:8.1f}x"
        print(line)
    out = subprocess.run(
        [sys.executable, __file__, "--export-child"],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    ).stdout.split()
    rows, seconds, peak, first = int(out[0]), float(out[1]), float(out[2]), float(out[3])
    print(
        f"CSV export of {rows} rows: first bytes after {first * 1000:.0f} ms, all in {seconds:.1f} s, "
        f"{rows / seconds:,.0f} rows/s, peak memory of the exporting process {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
