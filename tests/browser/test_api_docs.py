"""The API's documentation page in Debian's Chromium: Swagger UI from our own static files, under the
site's strict Content Security Policy, every operation listed and one tried with a key."""

import pytest

from attribution import services

from ..support import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_documentation_page_lists_every_operation_and_runs_one_with_a_key(live_server, editor, page):
    ARTIFACTS.mkdir(exist_ok=True)
    key = services.api_key_create(user=editor, name="docs").key
    refused, outside = [], []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.get_by_text("Newsroom quotes API").first.wait_for()
    for path in ("/api/v1/articles", "/api/v1/quotes", "/api/v1/speakers/{speaker_id}"):
        assert page.locator(f'.opblock-summary-path[data-path="{path}"]').count() >= 1, path
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=True)

    page.get_by_role("button", name="Authorize").first.click()
    page.locator(".modal-ux input").fill(key)
    page.locator(".modal-ux button.modal-btn.authorize").click()
    page.locator(".modal-ux button.btn-done").click()
    page.locator('.opblock-summary-path[data-path="/api/v1/speakers"]').click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.locator(".responses-wrapper .response-col_status", has_text="200").first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "api-docs-tried.png"), full_page=True)
    assert not refused, refused
    assert not outside, outside
