"""How fast the article page (the review desk) answers, for the archive's article with the most quotes.

    POSTGRES_DB=newsroom_bench .venv/bin/python benchmarks/article_page.py [--runs 30]

Uses the archive of `fill_archive` (see benchmarks/search.py). The page is asked through Django's test client
as a signed-in admin (who sees every review control), with DEBUG off, after one warm-up request; printed: its
p50 and p95 in ms, its size and its number of queries. Run it against two checkouts on the same database,
alternating, to compare them: the machine's speed drifts from minute to minute.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + os.urandom(16).hex())

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from attribution.models import Article  # noqa: E402
from attribution.roles import ADMINS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    # the test client's host, and static files from static/ (no collectstatic needed for a page's HTML)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    user, _ = get_user_model().objects.get_or_create(username="article-page-benchmark")
    user.groups.add(Group.objects.get(name=ADMINS))
    client = Client()
    client.force_login(user)
    article = Article.objects.annotate(n=Count("quotes")).order_by("-n", "id").first()
    if article is None:
        sys.exit("No article: fill the database first (manage.py fill_archive).")
    url = reverse("article_detail", args=[article.id])
    client.get(url, secure=True)
    queries = []

    def count(execute, *args):
        queries.append(args[0])
        return execute(*args)

    # counted as they run: a request's start empties the debug query log that CaptureQueriesContext reads
    with connection.execute_wrapper(count):
        response = client.get(url, secure=True)
    times = []
    for _ in range(args.runs):
        began = time.perf_counter()
        client.get(url, secure=True)
        times.append((time.perf_counter() - began) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    print(
        f"article {article.id}, {article.n} quotes: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
        f"{len(response.content) // 1024} kB, {len(queries)} queries, status "
        f"{response.status_code}"
    )


if __name__ == "__main__":
    main()
