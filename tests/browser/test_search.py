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


def _boxes(page) -> dict:
    return {
        "q": page.get_by_label("Words").input_value(),
        "speaker": page.get_by_label("Speaker", exact=True).input_value(),
        "kind": page.get_by_label("Kind of quote").input_value(),
    }


def test_back_from_a_hit_shows_the_filters_its_results_were_made_with(live_server, researcher, page, archive):
    ARTIFACTS.mkdir(exist_ok=True)
    log_in(page, live_server, "ray")
    page.get_by_role("link", name="Search", exact=True).click()
    page.get_by_label("Words").fill("troops")
    page.wait_for_url(lambda url: "q=troops" in url)
    page.get_by_label("Speaker", exact=True).fill("Segolene Royl")
    page.wait_for_url(lambda url: "Segolene" in url)
    page.locator(".hit").first.wait_for()
    page.get_by_label("Kind of quote").select_option("direct")
    page.wait_for_url(lambda url: "kind=direct" in url)
    page.locator(".hit").first.wait_for()
    filtered = {"q": "troops", "speaker": "Segolene Royl", "kind": "direct"}
    assert _boxes(page) == filtered and page.locator(".hit").count() == 1
    royal = archive["royal"]

    page.locator(".hit blockquote a").click()
    page.wait_for_url(f"**/articles/{royal.article_id}/?quote={royal.id}#q{royal.id}")
    page.go_back()
    page.wait_for_url(lambda url: "kind=direct" in url)
    page.locator(".hit").first.wait_for()
    assert _boxes(page) == filtered and page.locator(".hit").count() == 1
    page.screenshot(path=str(ARTIFACTS / "search-after-back.png"), full_page=True)

    # Back again: the search before the kind was chosen, its boxes with its results (the page's own
    # snapshot held the boxes as first served, empty, over these results)
    page.go_back()
    page.wait_for_url(lambda url: "kind=&" in url)
    page.wait_for_function("() => document.getElementById('id_kind').value === ''")  # the page swapped in
    assert _boxes(page) == {**filtered, "kind": ""}
    assert page.locator(".hit").count() == 1
    # and again: the words alone (blurring a box asked the same search twice; that made no history entry)
    page.go_back()
    page.wait_for_url(lambda url: "speaker=&" in url)
    page.wait_for_function("() => document.getElementById('id_speaker').value === ''")
    assert _boxes(page) == {"q": "troops", "speaker": "", "kind": ""}
    assert page.locator(".hit").count() == 3


def test_on_a_phone_the_whole_menu_is_on_screen(live_server, admin_user, page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "ada")
    header = page.locator(".site-header")
    header.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for name in ("Articles", "Search", "Speakers", "Review", "Quality", "Upload", "Admin", "API keys"):
        box = page.get_by_role("link", name=name, exact=True).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, name
    box = page.get_by_role("button", name="Log out ada").bounding_box()
    assert box["x"] + box["width"] <= 390
    header.screenshot(path=str(ARTIFACTS / "phone-header.png"))
