"""End to end in Debian's Chromium: log in, upload the seed article, see its quotes highlighted."""

import pytest

from ..support import ARTIFACTS, SEED_ARTICLE

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_an_editor_uploads_the_seed_article_and_sees_its_quotes(
    celery_worker_process, live_server, editor, page
):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill("edna")
    page.get_by_label("Password").fill("edna-password-1")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Articles").wait_for()

    page.get_by_role("link", name="Upload", exact=True).click()
    page.get_by_label("Files").set_input_files(str(SEED_ARTICLE))
    page.get_by_label("Publication", exact=True).fill("Paris Match")
    page.get_by_role("button", name="Upload").click()

    # The article page polls until the worker is done, then shows the text with its quotes highlighted.
    page.locator('#article-body [data-state="done"]').wait_for(timeout=60_000)
    marks = page.locator("mark.quote")
    assert marks.count() >= 10
    assert page.locator(".quote-list .speaker", has_text="Emmanuel Macron").count() >= 2
    assert page.locator("h1").inner_text().startswith("French military personnel are reportedly")
    page.screenshot(path=str(ARTIFACTS / "article-page.png"), full_page=True)

    page.get_by_role("link", name="Articles").click()
    assert page.locator('[data-state="done"]').count() == 1
    page.screenshot(path=str(ARTIFACTS / "article-list.png"))
