"""The insights page in Debian's Chromium: open it, change the period, follow a figure into search."""

import pytest

from ..search_archive import _dated, _quote, _speaker
from ..support import ARTIFACTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_researcher_changes_the_period_and_follows_a_week_into_search(live_server, researcher, page):
    ARTIFACTS.mkdir(exist_ok=True)
    macron, lee = _speaker("Emmanuel Macron"), _speaker("Ann Lee")
    for n in range(24):
        article = _dated(
            f"Story {n}", f"«Line {n},» Macron said. «Reply {n},» an aide said.", n * 3, f"Pub {n % 3}"
        )
        _quote(article, f"«Line {n},»", macron if n % 2 else lee)
        aide = _speaker("an aide", kind="anonymous", article=article)
        _quote(article, f"«Reply {n},»", aide, anonymity_reason="who was not authorized to speak")
    log_in(page, live_server, "ray")
    page.get_by_role("link", name="Insights").click()
    page.get_by_role("heading", name="Sourcing insights").wait_for()
    assert page.locator(".figures dd").first.inner_text() == "20"  # the last 30 days: stories 0 to 9
    page.screenshot(path=str(ARTIFACTS / "insights-30-days.png"), full_page=True)

    page.get_by_label("Period").select_option("90")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", name="By week").wait_for()
    assert page.locator(".figures dd").first.inner_text() == "48"
    page.screenshot(path=str(ARTIFACTS / "insights-90-days.png"), full_page=True)

    # a number of the chart's table: its search holds as many quotes
    chart = page.locator("figure.chart").first
    cell = chart.locator("tbody td a").filter(has_text="2").first
    shown = int(cell.inner_text())
    cell.click()
    page.get_by_role("heading", name="Who said what").wait_for()
    assert page.locator("#results li.hit").count() == shown
    # and a bar of the drawing itself leads to a search of its week
    page.go_back()
    page.locator("figure.chart svg a").filter(visible=True).first.click()
    page.get_by_role("heading", name="Who said what").wait_for()
    assert "date_from=" in page.url and "speaker_kind=" in page.url
