"""The feeds page and the API keys page in Debian's Chromium, as an editor uses them."""

import pytest

from attribution.models import ApiKey, Feed

from ..support import ARTIFACTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_adds_a_feed_and_pauses_it(live_server, editor, page):
    ARTIFACTS.mkdir(exist_ok=True)
    log_in(page, live_server, "edna")
    page.get_by_role("link", name="Feeds").click()
    page.get_by_role("heading", name="Feeds").wait_for()
    page.get_by_label("Feed address").fill("https://herald.example/feed.xml")
    page.get_by_label("Publication").fill("Herald")
    page.get_by_role("button", name="Add the feed").click()
    page.get_by_text("https://herald.example/feed.xml added for Herald").wait_for()
    assert Feed.objects.get().publication_name == "Herald"
    page.screenshot(path=str(ARTIFACTS / "feeds.png"), full_page=True)
    page.get_by_role("button", name="Pause").click()
    page.get_by_text("is paused").first.wait_for()
    assert Feed.objects.get().paused_at is not None
    page.get_by_role("button", name="Resume").wait_for()


def test_a_new_api_key_is_shown_once(live_server, editor, page):
    ARTIFACTS.mkdir(exist_ok=True)
    log_in(page, live_server, "edna")
    page.get_by_role("link", name="API keys").click()
    page.get_by_role("heading", name="API keys").wait_for()
    page.get_by_label("Name").fill("Herald CMS")
    page.get_by_role("button", name="Make the key").click()
    key = page.locator("#new-key-value").input_value()
    assert key.startswith("nrk_") and ApiKey.objects.get().prefix == key[:12]
    page.screenshot(path=str(ARTIFACTS / "api-keys.png"), full_page=True)
    page.goto(f"{live_server.url}/account/api-keys/")
    assert key not in page.content()
    assert page.get_by_text(f"{key[:12]}…").count() >= 1  # the list says which key by its first characters
