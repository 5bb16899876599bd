"""The charts in Debian's Chromium, under the site's real Content Security Policy: each kind drawn inline with
its table, nothing refused or loaded from outside, bars that lead to their search, and the same page read
without JavaScript. The page is tests/browser/chart_page.py's, in the site's layout."""

import pytest
from django.test import override_settings

from ..support import ARTIFACTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPEAKER_BLUE = "rgb(31, 95, 191)"  # app.css's .spk-0, the first series' colour


@override_settings(ROOT_URLCONF="tests.browser.chart_page")
def test_the_charts_draw_under_the_csp_and_their_bars_lead_to_searches(live_server, researcher, page):
    ARTIFACTS.mkdir(exist_ok=True)
    refused, outside = [], []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    log_in(page, live_server, "ray")
    response = page.goto(f"{live_server.url}/test/charts/")
    policy = response.headers["content-security-policy"]
    assert "style-src 'self'" in policy and "script-src 'self'" in policy

    figures = page.locator("figure.chart")
    assert figures.count() == 5
    for name in ("Quotes by publication", "Speakers by kind, week by week"):
        assert page.get_by_role("img", name=name, exact=True).is_visible()
    # every bar and dot with a search is a link: 5 publications, 12 weeks of 4 kinds, 52 weeks, 30 of 200
    assert page.locator("svg.chart-svg a[href^='/search/?']").count() == 5 + 48 + 52 + 30
    herald = page.locator("svg.chart-bar a[href$='publication=The+Herald'] rect")
    assert herald.evaluate("e => getComputedStyle(e).fill") == SPEAKER_BLUE  # charts.css, not pygal's
    assert page.locator("svg.chart-svg text", has_text="<b>Harbour</b>").count() == 1  # text, not markup
    assert page.locator("th a", has_text='<b>Harbour</b> & "Co" Times').count() == 1
    assert "The chart shows the first 30 of 200" in figures.nth(3).inner_text()
    assert figures.nth(3).locator("tbody tr").count() == 200
    assert "No quotes in this period" in figures.nth(4).inner_text()
    page.screenshot(path=str(ARTIFACTS / "charts.png"), full_page=True)
    for n, name in enumerate(["bars", "stacked", "lines", "many-bars", "empty"]):
        figures.nth(n).screenshot(path=str(ARTIFACTS / f"chart-{name}.png"))

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV of Quotes by publication", exact=True).click()
    with open(download.value.path(), encoding="utf-8") as exported:
        lines = exported.read().splitlines()
    assert lines[:2] == ["Publication,Quotes", "The Herald,412"]
    assert lines[-1] == "'=cmd|' /C calc'!A0,5"

    herald.click()
    page.wait_for_url("**/search/?q=housing&publication=The+Herald")
    assert page.get_by_label("Words").input_value() == "housing"
    assert not refused, refused
    assert not outside, outside


@override_settings(ROOT_URLCONF="tests.browser.chart_page")
def test_the_charts_read_without_javascript(live_server, researcher, page):
    ARTIFACTS.mkdir(exist_ok=True)
    log_in(page, live_server, "ray")
    context = page.context.browser.new_context(
        java_script_enabled=False,
        storage_state=page.context.storage_state(),
        viewport={"width": 800, "height": 900},
    )
    plain = context.new_page()
    plain.goto(f"{live_server.url}/test/charts/")
    chart = plain.get_by_role("img", name="Speakers by kind, week by week", exact=True)
    assert chart.is_visible()
    assert chart.bounding_box()["width"] > 500
    plain.locator("figure.chart").nth(1).screenshot(path=str(ARTIFACTS / "chart-stacked-narrow-no-js.png"))
    plain.locator("svg.chart-stacked a rect").first.click()
    plain.wait_for_url("**/search/?speaker_kind=named+person*")
    context.close()
