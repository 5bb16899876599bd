"""The review desk in Debian's Chromium: an editor corrects the seed article, and it all survives a reload
and a re-extraction; a researcher sees no edit controls."""

import pytest

from attribution import services
from attribution.documents import document_from_text
from attribution.models import Article, Quote
from attribution.services import ArticleMetadata

from ..support import ARTIFACTS, log_in, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ADDED = "The news has sparked renewed debate about France’s role in the ongoing conflict."


def _select_in_article(page, words):
    page.evaluate(
        """(words) => {
            const span = [...document.querySelectorAll('[data-article-text] span[data-start]')]
                .find((el) => el.textContent.includes(words));
            const node = span.firstChild, at = node.data.indexOf(words);
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + words.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        words,
    )


def _item(page, text):
    return page.locator(".quote-item", has=page.locator(".quote-text", has_text=text))


def _state(article_id):
    quotes = Quote.objects.filter(article_id=article_id).select_related("speaker")
    return sorted(
        (q.start, q.end, q.speaker.name if q.speaker else None, q.kind, q.review_state) for q in quotes
    )


def test_an_editor_reviews_the_seed_article_and_it_all_holds(
    celery_worker_process, live_server, editor, researcher, page, seed_text
):
    ARTIFACTS.mkdir(exist_ok=True)
    article, _ = services.article_create(
        document=document_from_text(seed_text), metadata=ArticleMetadata(publication_name="Paris Match")
    )
    wait_until(lambda: Article.objects.get(id=article.id).state == "done", timeout=90, message="extraction")
    log_in(page, live_server, "edna")
    page.goto(f"{live_server.url}/articles/{article.id}/")
    page.screenshot(path=str(ARTIFACTS / "review-article-before.png"), full_page=True)

    # the EU diplomat's first quote goes to Macron, picked from the speaker autocomplete
    diplomat = _item(page, "For Ukraine, the question")
    diplomat.locator("details.correct > summary").click()
    field = diplomat.get_by_label("Speaker", exact=True)
    field.fill("")
    field.press_sequentially("macr", delay=50)
    page.locator('#speaker-names option[value="Emmanuel Macron"]').wait_for(state="attached")
    field.fill("Emmanuel Macron")  # what choosing the suggestion does
    diplomat.get_by_role("button", name="Save correction").click()
    page.get_by_role("status").filter(has_text="Correction saved").wait_for()
    assert "Emmanuel Macron" in _item(page, "For Ukraine, the question").locator(".chip").get_attribute(
        "title"
    )

    # s opens the selected quote's correction form, and puts the cursor in its speaker field once it is in
    analysts = _item(page, "risks underestimating")
    analysts.click(position={"x": 5, "y": 5})
    page.keyboard.press("s")
    speaker_field = analysts.locator("details.correct [data-speaker-field]")
    speaker_field.wait_for()
    page.wait_for_function("(field) => field === document.activeElement", arg=speaker_field.element_handle())

    # reject the analysts' quote with the keyboard: walk to it, then x
    analysts = _item(page, "risks underestimating")
    analysts.click(position={"x": 5, "y": 5})
    page.keyboard.press("x")
    page.get_by_role("status").filter(has_text="Quote rejected").wait_for()
    # in text order it keeps its place, struck through, with its result beside it
    assert "Quote rejected" in _item(page, "risks underestimating").inner_text()
    page.locator(".quote-item.state-rejected").wait_for()  # its class comes as htmx settles the swap
    assert page.locator(".quote-item.state-rejected").count() == 1

    # add a quote the machine missed by selecting its words
    page.get_by_text("Add a quote the machine missed").click()
    _select_in_article(page, ADDED)
    form = page.locator("details.add-quote form")
    form.get_by_role("button", name="Use selected text").click()
    assert form.locator("[data-selection-preview]").inner_text() == ADDED
    form.get_by_label("Speaker", exact=True).fill("Paris Match")
    form.get_by_label("Kind of speaker").select_option("organization")
    form.get_by_label("Kind of quote").select_option("indirect")
    form.get_by_role("button", name="Add quote").click()
    page.get_by_role("status").filter(has_text="Quote added").wait_for()
    assert page.locator("mark.quote", has_text="The news has sparked").count() == 1

    page.get_by_role("button", name="Mark reviewed").click()
    page.locator("[data-reviewed]").wait_for()
    page.screenshot(path=str(ARTIFACTS / "review-article-after.png"), full_page=True)
    decided = _state(article.id)

    page.reload()
    assert "Emmanuel Macron" in _item(page, "For Ukraine, the question").locator(".chip").get_attribute(
        "title"
    )
    assert page.locator(".quote-item.state-rejected").count() == 1
    assert page.locator("mark.quote", has_text="The news has sparked").count() == 1
    assert "Reviewed by edna" in page.locator("[data-reviewed]").inner_text()

    # re-running extraction changes none of it
    page.get_by_role("button", name="Run extraction again").click()
    page.locator('#article-body [data-state="done"]').wait_for(timeout=90_000)
    assert _state(article.id) == decided

    # history of the corrected quote
    item = _item(page, "For Ukraine, the question")
    item.locator("details.correct > summary").click()
    item.locator("details.history summary").click()
    item.locator(".history-list").wait_for()
    assert "a European Union diplomat" in item.locator(".history-list").inner_text()

    # a researcher reads it all and can change nothing
    page.get_by_role("button", name="Log out edna").click()
    log_in(page, live_server, "ray")
    page.goto(f"{live_server.url}/articles/{article.id}/")
    assert page.locator(".quote-item").count() > 10
    for name in ("Confirm", "Reject", "Restore", "Mark reviewed", "Reopen for review", "Save correction"):
        assert page.get_by_role("button", name=name).count() == 0
    page.screenshot(path=str(ARTIFACTS / "review-article-researcher.png"), full_page=True)
    page.goto(f"{live_server.url}/review/")
    page.screenshot(path=str(ARTIFACTS / "review-queue.png"), full_page=True)
