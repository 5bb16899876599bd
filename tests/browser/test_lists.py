"""The list pages in Debian's Chromium, at a desk's width (1440 px) and a phone's (390 px): the article list
with its filters and an upload batch finishing (no worker: the test finishes the articles itself), and the
quality table."""

import datetime

import pytest
from django.utils import timezone

from attribution.models import Article, Publication

from ..search_archive import _article, _quote, _speaker
from ..support import ARTIFACTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _scrolls_in_its_box(page, selector: str) -> bool:
    return page.locator(selector).evaluate("box => box.scrollWidth > box.clientWidth")


TITLES = [
    "Council delays the transit vote again as the costs of the new line keep rising",
    "Minister defends the pension reform before a hostile committee",
    "Strikes close three ports for a second day",
    "Élysée denies any plan to send troops to the front",
    "Farmers block the ring road over fuel prices",
    "Court hears the first witnesses in the harbour fraud trial",
    "Hospital staff warn of a winter without enough beds",
    "Mayor promises a decision on the stadium by June",
    "Budget talks stall over the defence spending target",
    "Teachers' union calls off next week's walkout",
    "Water restrictions extended across the south-west",
    "Opposition leader calls for an inquiry into the contracts",
]


def _desk_articles(reviewer) -> None:
    monde, figaro = (Publication.objects.create(name=name) for name in ("Le Monde", "Le Figaro"))
    reviewed_at = timezone.now() - datetime.timedelta(hours=3)
    for i, title in enumerate(TITLES):
        reviewed = i % 3 == 0
        Article.objects.create(
            title=title,
            text=f"Text {i}.",
            content_hash=f"desk{i:060d}",
            publication=monde if i % 2 else figaro,
            published_on=datetime.date(2026, 3, 1 + i),
            state=Article.State.FAILED if i == 5 else Article.State.DONE,
            error="The extraction stopped after 300 s." if i == 5 else "",
            reviewed_at=reviewed_at if reviewed else None,
            reviewed_by=reviewer if reviewed else None,
        )


def test_the_article_list_filters_and_fits_a_desk_and_a_phone(live_server, editor, admin_user, page):
    ARTIFACTS.mkdir(exist_ok=True)
    _desk_articles(admin_user)
    page.set_viewport_size(DESK)
    log_in(page, live_server, "edna")
    assert page.locator("tr[id^=article-]").count() == 12
    page.get_by_label("Review").select_option(label="Not reviewed")
    page.get_by_label("Publication").select_option(label="Le Monde")
    page.get_by_label("Extraction").select_option(label="Done")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(lambda url: "reviewed=0" in url and "state=done" in url)
    rows = page.locator("tr[id^=article-]")
    assert rows.count() == 3  # Le Monde's odd ones, less the reviewed 3 and 9 and the failed 5: 1, 7, 11
    assert page.get_by_label("Publication").input_value() == str(Publication.objects.get(name="Le Monde").id)
    headers = page.locator("table.articles thead th").all_inner_texts()
    assert headers[-2:] == ["Reviewed", "Reviewer"]
    assert _page_width(page) <= DESK["width"]
    page.screenshot(path=str(ARTIFACTS / "article-list-filtered.png"), full_page=True)

    page.get_by_label("Review").select_option(label="Reviewed")
    page.get_by_label("Extraction").select_option(label="Any")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(lambda url: "reviewed=1" in url)
    assert rows.count() == 2 and page.locator("td", has_text="ada").count() == 2  # 3 and 9

    # a phone: the filters wrap, the table scrolls sideways in its own box, the page does not
    page.get_by_role("link", name="Show all").click()
    page.wait_for_url(lambda url: "reviewed" not in url)
    page.set_viewport_size(PHONE)
    assert _page_width(page) <= PHONE["width"]
    assert _scrolls_in_its_box(page, ".table-scroll")
    box = page.get_by_role("button", name="Filter").bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / "article-list-phone.png"), full_page=True)


def test_a_finished_upload_says_so_and_its_message_does_not_come_back(live_server, editor, page, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    files = []
    for name in ("budget", "summit"):
        path = tmp_path / f"{name}.txt"
        path.write_text(f"The {name} story\n\n«It went well,» the minister said of the {name}.")
        files.append(str(path))
    page.set_viewport_size(DESK)
    log_in(page, live_server, "edna")
    page.get_by_role("link", name="Upload", exact=True).click()
    page.get_by_label("Files").set_input_files(files)
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url(lambda url: "?batch=" in url)
    message = page.locator(".message", has_text="2 articles queued for extraction.")
    message.wait_for()
    page.get_by_text("Upload progress: 0 of 2 articles extracted").wait_for()

    # no worker here: the articles finish as a worker would leave them, and the next poll sees it
    Article.objects.update(state=Article.State.DONE, extraction_finished_at=timezone.now())
    page.locator("[data-batch-finished]", has_text="all 2 articles are extracted").wait_for()
    assert message.count() == 0  # the queued message is out of date: gone
    page.wait_for_url(lambda url: "batch" not in url)  # the address is the list's own
    assert page.locator("#article-rows[hx-trigger]").count() == 0  # polling stopped
    page.screenshot(path=str(ARTIFACTS / "article-list-batch-finished.png"))

    page.get_by_role("link", name="The budget story").click()
    page.get_by_role("heading", name="The budget story").wait_for()
    page.go_back()
    page.get_by_role("heading", name="Articles").wait_for()
    assert page.locator(".message").count() == 0 and page.locator(".batch").count() == 0
    page.reload()
    assert page.locator(".message").count() == 0 and page.locator(".batch").count() == 0


def test_the_quality_table_fits_a_desk_and_scrolls_in_its_box_on_a_phone(live_server, researcher, page):
    ARTIFACTS.mkdir(exist_ok=True)
    speaker = _speaker("Emmanuel Macron")
    for month in (1, 2, 3):
        article = _article(f"Summit {month}", "«We will not send troops,» Macron said. Filler.", month)
        _quote(article, "«We will not send troops,»", speaker, review_state="confirmed")
        reviewed_at = timezone.make_aware(datetime.datetime(2026, month, 28, 12))
        Article.objects.filter(id=article.id).update(reviewed_at=reviewed_at)
    page.set_viewport_size(DESK)
    log_in(page, live_server, "ray")
    page.get_by_role("link", name="Quality", exact=True).click()
    page.locator("table.quality tbody tr").first.wait_for()
    assert page.locator("table.quality tbody tr").count() == 3
    assert _page_width(page) <= DESK["width"]
    assert not _scrolls_in_its_box(page, ".table-scroll")  # the whole table in view
    page.screenshot(path=str(ARTIFACTS / "quality.png"), full_page=True)
    page.set_viewport_size(PHONE)
    assert _page_width(page) <= PHONE["width"]
    assert _scrolls_in_its_box(page, ".table-scroll")
    page.screenshot(path=str(ARTIFACTS / "quality-phone.png"), full_page=True)
