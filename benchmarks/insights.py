"""How fast the insights page is on a big archive, beside the same figures asked as plain aggregate queries.

    createdb -h 127.0.0.1 -U postgres newsroom_bench
    POSTGRES_DB=newsroom_bench .venv/bin/python manage.py migrate
    POSTGRES_DB=newsroom_bench .venv/bin/python manage.py fill_archive   # 100,000 articles, 1,000,000 quotes
    POSTGRES_DB=newsroom_bench .venv/bin/python benchmarks/insights.py [--runs 30]

Two pages, as benchmarks/search.py requests pages (test client, DEBUG off, a logged-in admin, in rounds): a
year of every publication, and the last month of the busiest publication. Beside each, the baseline: its
headline figures (quotes, anonymous quotes, articles, speakers) and its quotes per week, each one plain
aggregate query over Quote, in the same run. Targets (issue 17): the year under 150 ms p95, the month
under 50.
"""

import argparse
import datetime
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import benchmarks.search  # noqa: E402, F401, I001 - first: it sets Django up as production runs (DEBUG off)

from django.core.management import call_command  # noqa: E402
from django.db.models import Count, Max, Q  # noqa: E402
from django.db.models.functions import TruncWeek  # noqa: E402
from django.urls import reverse  # noqa: E402

from attribution.models import Quote  # noqa: E402
from benchmarks.search import Page, _client, timed, timed_in_rounds  # noqa: E402


def plain_aggregates(start: datetime.date, end: datetime.date, publication_id: int | None):
    """The page's headline figures and its quotes per week, as two plain aggregate queries over Quote."""

    def run():
        quotes = Quote.objects.filter(published_on__range=(start, end)).exclude(review_state="rejected")
        if publication_id:
            quotes = quotes.filter(publication_id=publication_id)
        quotes.aggregate(
            quotes=Count("id"),
            anonymous=Count("id", filter=Q(speaker__anonymous=True)),
            articles=Count("article", distinct=True),
            speakers=Count("speaker", distinct=True),
        )
        list(
            quotes.annotate(week=TruncWeek("published_on")).values("week").annotate(n=Count("id")).order_by()
        )

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    total = Quote.objects.count()
    if total < 1000:
        raise SystemExit(
            "The archive is nearly empty: run `manage.py fill_archive` first (see the docstring)."
        )
    call_command("collectstatic", interactive=False, verbosity=0)
    last = Quote.objects.aggregate(last=Max("published_on"))["last"]
    busiest = (
        Quote.objects.values("publication_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["publication_id"]
    )
    year = (last - datetime.timedelta(days=364), last)
    month = (last - datetime.timedelta(days=29), last)
    print(f"archive: {total} quotes; the year {year[0]} to {year[1]}; the month of publication {busiest}")
    client = _client()
    url = reverse("insights")
    cases = {
        "a year, every publication": (
            {"period": "dates", "date_from": year[0], "date_to": year[1]},
            year,
            None,
        ),
        "a month, one publication": (
            {"period": "dates", "date_from": month[0], "date_to": month[1], "publication": busiest},
            month,
            busiest,
        ),
    }
    pages = {label: Page(client, url, params) for label, (params, _, _) in cases.items()}
    figures = timed_in_rounds(pages, args.runs)
    print(f"{'page':<28}{'p50 ms':>9}{'p95 ms':>9}{'SQL p50':>9}   {'plain aggregates p95':>21}{'ratio':>8}")
    for label, (p50, p95) in figures.items():
        _, (start, end), publication = cases[label]
        _, base95 = timed(plain_aggregates(start, end, publication), max(3, args.runs // 3))
        sql = statistics.median(pages[label].database_ms)
        print(f"{label:<28}{p50:9.1f}{p95:9.1f}{sql:9.1f}   {base95:21.1f}{base95 / p95:8.2f}x")


if __name__ == "__main__":
    main()
