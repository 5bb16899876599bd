"""The insights page through Django's test client: its period (the last days in the newsroom's time zone,
or dates), its filters, its links into search, its errors and its cost in queries."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ..search_archive import _dated, _quote, _speaker


@pytest.fixture
def recent(db):
    macron = _speaker("Emmanuel Macron")
    today = _dated("Today", "«Now,» Macron said.", 0)
    _quote(today, "«Now,»", macron)
    week = _dated("Week", "«Soon,» an aide said.", 6, publication="<b>Herald</b>", byline="Ann <Lee>")
    _quote(week, "«Soon,»", _speaker("an aide", kind="anonymous", article=week), anonymity_reason="who asked")
    old = _dated("Old", "«Then,» Macron said.", 40)
    _quote(old, "«Then,»", macron)
    return {"macron": macron, "week": week}


def _figure(page: str, name: str) -> str:
    found = re.search(rf"<dt>{re.escape(name)}</dt><dd>(.*?)</dd>", page, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_the_page_opens_on_the_last_30_days(client, researcher, recent):
    client.force_login(researcher)
    response = client.get("/insights/")
    assert response.status_code == 200
    page = response.content.decode()
    assert _figure(page, "Quotes") == "2"  # the one of 40 days ago is not in the last 30
    assert _figure(page, "Quotes from anonymous sources").startswith("50%")
    assert "who asked" not in page and "asked" in page  # the reason, counted without its "who"


@pytest.mark.parametrize("period, quotes", [("7", "2"), ("30", "2"), ("90", "3"), ("365", "3")])
def test_each_period_counts_its_days(client, researcher, recent, period, quotes):
    client.force_login(researcher)
    page = client.get("/insights/", {"period": period}).content.decode()
    assert _figure(page, "Quotes") == quotes


def test_the_last_days_end_today_in_the_newsrooms_time_zone(client, researcher, recent, settings):
    settings.TIME_ZONE = "Pacific/Kiritimati"  # UTC+14: its today can be the world's tomorrow
    client.force_login(researcher)
    page = client.get("/insights/", {"period": "7"}).content.decode()
    today = timezone.localdate()
    assert f"to {today.day} {today.strftime('%B')} {today.year}" in page


def test_between_dates_and_a_publication_and_a_byline(client, researcher, recent):
    client.force_login(researcher)
    start = (timezone.localdate() - datetime.timedelta(days=50)).isoformat()
    end = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    page = client.get("/insights/", {"period": "dates", "date_from": start, "date_to": end}).content.decode()
    assert _figure(page, "Quotes") == "1"
    herald = recent["week"].publication_id
    page = client.get("/insights/", {"period": "30", "publication": herald}).content.decode()
    assert _figure(page, "Quotes") == "1"
    page = client.get("/insights/", {"period": "30", "byline": "lee"}).content.decode()
    assert _figure(page, "Articles") == "1"


def test_the_figures_link_to_the_matching_search(client, researcher, recent):
    client.force_login(researcher)
    page = client.get("/insights/", {"period": "7", "kind": "direct"}).content.decode()
    start = (timezone.localdate() - datetime.timedelta(days=6)).isoformat()
    links = [unescape(href) for href in re.findall(r'href="(/search/\?[^"]+)"', page)]
    assert (
        f"/search/?kind=direct&anonymous=1&date_from={start}&date_to={timezone.localdate()}&sort=date"
        in links
    )
    assert any("speaker_kind=anonymous" in link for link in links)
    assert any(f"publication={recent['week'].publication_id}" in link for link in links)
    assert any("byline=Ann+%3CLee%3E" in link for link in links)
    speaker = f"/speakers/{recent['macron'].id}/?date_from={start}"
    assert speaker in unescape(page)
    # every search link's quotes are there: the search answers it
    assert client.get(links[0]).status_code == 200


def test_names_are_escaped(client, researcher, recent):
    client.force_login(researcher)
    page = client.get("/insights/", {"period": "30"}).content.decode()
    assert "<b>Herald</b>" not in page and "&lt;b&gt;Herald&lt;/b&gt;" in page
    assert "Ann <Lee>" not in page


@pytest.mark.parametrize(
    "query, message",
    [
        ({"period": "dates"}, "Give both dates"),
        ({"period": "dates", "date_from": "2026-02-01", "date_to": "2026-01-01"}, "ends before it starts"),
        ({"period": "dates", "date_from": "1900-01-01", "date_to": "2026-01-01"}, "at most ten years"),
        ({"period": "forever"}, "Select a valid choice"),
        ({"period": "7", "publication": "999999"}, "Select a valid choice"),
    ],
)
def test_a_bad_period_or_filter_is_said_and_nothing_counted(client, researcher, recent, query, message):
    client.force_login(researcher)
    response = client.get("/insights/", query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "<dt>Quotes</dt>" not in response.content.decode()


def test_the_page_costs_the_same_queries_for_a_small_or_a_larger_archive(client, researcher, recent):
    client.force_login(researcher)
    client.get("/insights/")
    with CaptureQueriesContext(connection) as few:
        client.get("/insights/", {"period": "30"})
    for n in range(12):
        article = _dated(f"More {n}", f"«More {n},» Speaker {n} said.", n % 20, publication=f"Pub {n % 4}")
        _quote(article, f"«More {n},»", _speaker(f"Speaker {n}"))
    with CaptureQueriesContext(connection) as more:
        client.get("/insights/", {"period": "30"})
    assert len(more) == len(few)
    assert len(few) == 17, [q["sql"][:120] for q in few.captured_queries]
