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
    card.locator(".chip").click()
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


def test_walking_on_before_a_change_comes_back_keeps_the_quote_walked_to(live_server, editor, page, article):
    log_in(page, live_server, "edna")
    page.goto(f"{live_server.url}/articles/{article.id}/")
    first, second = _q(article, "«We are ready,»"), _q(article, "«Talks go on,»")
    page.locator(f"#item-q{first.id} .chip").click()
    held = []  # the confirmation, held on its way to the server until the reader has walked on
    page.route(f"**/quotes/{first.id}/confirm/", lambda route: held.append(route))
    page.keyboard.press("c")
    while not held:
        page.wait_for_timeout(20)
    page.keyboard.press("j")
    held[0].continue_()
    page.get_by_role("status").filter(has_text="Quote confirmed").wait_for()
    page.locator(f"#item-q{second.id}.current").wait_for()
    page.keyboard.press("x")
    page.get_by_role("status").filter(has_text="Quote rejected").wait_for()
    assert Quote.objects.get(id=first.id).review_state == Quote.ReviewState.CONFIRMED
    assert Quote.objects.get(id=second.id).review_state == Quote.ReviewState.REJECTED


# --- a long article: 36 quotes of 14 speakers, the list far below the text on a phone ---------------------

SURNAMES = "Lind Okafor Tremblay Nguyen Haddad Kowalski Moreau Singh Rossi Dubois Novak Park Silva Brennan"
SURNAMES = SURNAMES.split()


def _long_article():
    from attribution import extraction, services
    from attribution.documents import document_from_text
    from attribution.services import ArticleMetadata

    lines = ["Council votes on the harbour plan", ""]
    said = []
    for n in range(36):
        name = f"Alex {SURNAMES[n % len(SURNAMES)]}"
        words = f"«Point {n} of the plan is the one that matters,»"
        lines += [f"{words} said {name}. The meeting went on into the evening, as it does every month.", ""]
        said.append((words, name))
    text = "\n".join(lines)
    article, _ = services.article_create(document=document_from_text(text), metadata=ArticleMetadata())
    quotes = []
    at = 0
    for words, name in said:
        start = text.index(words, at)
        at = start + len(words)
        speaker = extraction.Speaker(
            name=name, kind="person", anonymous=False, mention=name, start=None, end=None
        )
        quotes.append(extraction.Quote(start, start + len(words), words, "direct", "said", 0.9, speaker))
    claim = services.extraction_claim(article_id=article.id)
    services.extraction_save(
        article_id=article.id, token=claim.token, quotes=quotes, extractor_version="test"
    )
    return article


def test_highlights_carry_the_speakers_name_and_the_list_reads_in_text_order(live_server, editor, page):
    article = _long_article()
    log_in(page, live_server, "edna")
    page.goto(f"{live_server.url}/articles/{article.id}/?view=text")
    first = page.locator("mark.quote[data-label]").first
    label = first.evaluate("(mark) => getComputedStyle(mark, '::before').content")
    assert label == '"Lind"'
    # twelve colours: the 1st and 13th speakers share one, and their names tell them apart
    colours = page.locator("mark.quote[data-label]").evaluate_all(
        "(marks) => marks.map((m) => getComputedStyle(m).backgroundColor)"
    )
    assert len(set(colours[:12])) == 12 and colours[12] == colours[0]
    rows = page.locator(".quote-rows > .quote-item .quote-text").all_inner_texts()
    assert [r.split(" of")[0] for r in rows[:3]] == ["«Point 0", "«Point 1", "«Point 2"]
    # a row is one line, its actions in reach
    page.screenshot(path=str(ARTIFACTS / "article-page.png"))
    height = page.locator(".quote-item").first.evaluate("(el) => el.getBoundingClientRect().height")
    assert height < 48
    page.goto(f"{live_server.url}/articles/{article.id}/?view=speaker")
    page.screenshot(path=str(ARTIFACTS / "article-page-by-speaker.png"))
    assert page.locator(".speaker-group").count() == len(SURNAMES)


def test_results_appear_beside_their_control_and_the_page_stays_put(live_server, editor, page):
    article = _long_article()
    log_in(page, live_server, "edna")
    page.goto(f"{live_server.url}/articles/{article.id}/?view=text")
    # a stale Confirm of a quote another editor rejected meanwhile: refused in its row, which stays in view
    from django.contrib.auth import get_user_model

    from attribution.services import review

    quote = article.quotes.order_by("start")[3]
    review.quote_reject(
        quote_id=quote.id, version=quote.version, user=get_user_model().objects.get(username="edna")
    )
    row = page.locator(f"#item-q{quote.id}")
    row.get_by_role("button", name="Confirm").click()
    alert = page.locator(f"#item-q{quote.id} [role=alert]")
    alert.filter(has_text="Someone else changed this quote").wait_for()
    assert alert.is_visible()
    assert "Restore" in page.locator(f"#item-q{quote.id}").inner_text()

    # Mark reviewed answers in the status line, where the button was; the window does not scroll
    before = page.evaluate("window.scrollY")
    page.get_by_role("button", name="Mark reviewed").click()
    status = page.locator(".status [role=status]")
    status.filter(has_text="Article marked reviewed").wait_for()
    assert page.evaluate("window.scrollY") == before
    assert status.evaluate("(el) => el.getBoundingClientRect().top >= 0")
    page.get_by_role("button", name="Reopen for review").click()
    page.locator(".status [role=status]").filter(has_text="reopened").wait_for()


def test_the_words_of_a_quote_change_by_selection(live_server, editor, page, article):
    quote = _q(article, "the talks would last a week")
    log_in(page, live_server, "edna")
    page.goto(f"{live_server.url}/articles/{article.id}/")
    row = page.locator(f"#item-q{quote.id}")
    row.locator("details.correct > summary").click()
    preview = row.locator("[data-selection-preview]")
    preview.wait_for()
    assert preview.inner_text() == "the talks would last a week"
    assert row.get_by_label("Starts at character").count() == 0  # the offsets stay out of sight
    page.evaluate(
        """(id) => {
            const mark = document.querySelector(`mark[data-quote="${id}"]`);
            const node = mark.firstChild, at = node.data.indexOf("would last");
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, node.data.length);
            window.getSelection().removeAllRanges();
            window.getSelection().addRange(range);
        }""",
        quote.id,
    )
    row.get_by_role("button", name="Use selected text").click()
    assert preview.inner_text() == "would last a week"
    row.screenshot(path=str(ARTIFACTS / "correction-form.png"))
    # the kind drop-down fits its column, cut off nowhere
    kind = row.get_by_label("Kind of quote")
    assert kind.evaluate("(el) => el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().right")
    assert (
        kind.bounding_box()["x"] + kind.bounding_box()["width"]
        <= row.bounding_box()["x"] + row.bounding_box()["width"]
    )
    row.get_by_role("button", name="Save correction").click()
    page.locator(f"#item-q{quote.id} [role=status]").filter(has_text="Correction saved").wait_for()
    assert Quote.objects.get(id=quote.id).text == "would last a week"


def test_on_a_phone_a_tapped_highlight_opens_its_quote_where_the_reader_is(live_server, editor, page):
    article = _long_article()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "edna")
    page.goto(f"{live_server.url}/articles/{article.id}/?view=text")
    mark = page.locator("mark.quote[data-label]").nth(5)
    mark.scroll_into_view_if_needed()
    before = page.evaluate("window.scrollY")
    assert before > 0
    mark.click()
    sheet = page.locator(".quote-item.sheet")
    sheet.wait_for()
    assert page.evaluate("window.scrollY") == before  # no jump to the list, thousands of pixels below
    box = sheet.bounding_box()
    assert box["y"] + box["height"] <= 844 + 1 and box["width"] >= 380
    page.screenshot(path=str(ARTIFACTS / "phone-quote-sheet.png"))
    chosen = int(sheet.get_attribute("data-quote"))
    sheet.get_by_role("button", name="Confirm").click()
    page.locator(".quote-item.sheet [role=status]").filter(has_text="Quote confirmed").wait_for()
    assert Quote.objects.get(id=chosen).review_state == Quote.ReviewState.CONFIRMED
    assert abs(page.evaluate("window.scrollY") - before) < 2
    # and back to the text, where the reader was
    page.locator(".quote-item.sheet").get_by_role("button", name="Back to the text").click()
    assert page.locator(".quote-item.sheet").count() == 0
    assert abs(page.evaluate("window.scrollY") - before) < 2


def test_a_quote_opened_from_a_search_hit_is_selected_in_its_article(live_server, editor, page, article):
    quote = _q(article, "the talks would last a week")
    log_in(page, live_server, "edna")
    page.goto(f"{live_server.url}/articles/{article.id}/?quote={quote.id}#q{quote.id}")
    assert "current" in page.locator(f"#item-q{quote.id}").get_attribute("class")
    assert "current" in page.locator(f"#q{quote.id}").get_attribute("class")
    page.keyboard.press("c")
    page.locator(f"#item-q{quote.id} [role=status]").filter(has_text="Quote confirmed").wait_for()
