"""Small habits of the review desk in Debian's Chromium, on an article extracted beforehand (no worker)."""

import pytest

from attribution.models import Quote

from ..review_story import _q
from ..support import ARTIFACTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clicking_a_quote_card_selects_it_for_the_keys(live_server, editor, page, article):
    ARTIFACTS.mkdir(exist_ok=True)
    log_in(page, live_server, "edna")
    page.goto(f"{live_server.url}/articles/{article.id}/")
    quote = _q(article, "«Talks go on,»")
    card = page.locator(f"#item-q{quote.id}")
    card.locator(".quote-meta").click()
    assert "current" in card.get_attribute("class")
    assert page.locator(f'mark[data-quote="{quote.id}"].current').count() >= 1
    page.keyboard.press("c")
    page.get_by_role("status").filter(has_text="Quote confirmed").wait_for()
    assert Quote.objects.get(id=quote.id).review_state == Quote.ReviewState.CONFIRMED
    # the next card walked to with j is selected the same way, and x rejects it
    page.keyboard.press("j")
    selected = page.locator(".quote-item.current")
    chosen = int(selected.get_attribute("data-quote"))
    page.keyboard.press("x")
    page.get_by_role("status").filter(has_text="Quote rejected").wait_for()
    assert Quote.objects.get(id=chosen).review_state == Quote.ReviewState.REJECTED
