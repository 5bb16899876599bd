"""Search in Debian's Chromium: a researcher finds a speaker's quotes and opens one in its article; an admin
exports the same search."""

import pytest

from ..support import ARTIFACTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_researcher_finds_a_speaker_and_an_admin_exports_the_search(
    live_server, researcher, admin_user, page, archive
):
    ARTIFACTS.mkdir(exist_ok=True)
    log_in(page, live_server, "ray")
    page.get_by_role("link", name="Search", exact=True).click()
    page.get_by_label("Speaker", exact=True).fill("Segolene Royl")  # no accent, one typo
    page.get_by_label("Words").fill("troops")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(lambda url: "q=troops" in url and "Segolene" in url)  # the URL holds the search
    page.locator(".hit").first.wait_for()
    assert page.locator(".hit").count() == 1
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)
    assert page.locator(".export").count() == 0  # researchers do not export
    search_url = page.url
    page.locator(".hit blockquote a").click()
    page.locator(f"mark#q{archive['royal'].id}").wait_for()
    assert page.locator("h1").inner_text() == "Budget"

    page.get_by_role("button", name="Log out ray").click()
    log_in(page, live_server, "ada")
    page.goto(search_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    with open(download.value.path(), encoding="utf-8") as exported:
        body = exported.read()
    assert body.splitlines()[0].startswith("quote,kind,speaker")
    assert "Ségolène Royal" in body and "Emmanuel Macron" not in body


def test_on_a_phone_the_whole_menu_is_on_screen(live_server, admin_user, page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "ada")
    header = page.locator(".site-header")
    header.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for name in ("Articles", "Search", "Speakers", "Review", "Quality", "Upload", "Admin"):
        box = page.get_by_role("link", name=name, exact=True).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, name
    box = page.get_by_role("button", name="Log out ada").bounding_box()
    assert box["x"] + box["width"] <= 390
    header.screenshot(path=str(ARTIFACTS / "phone-header.png"))
