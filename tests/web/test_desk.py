"""The article page as a desk for a whole day's work: a compact list in text order or by speaker, speakers'
names on the highlights, every result and refusal beside its control, titles editors can change."""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from attribution.models import Article, AuditEvent, Quote
from attribution.services import review
from attribution.views.articles import speaker_labels

from ..review_story import _q

HTMX = {"HTTP_HX_REQUEST": "true"}


def _page(client, article, **params):
    response = client.get(reverse("article_detail", args=[article.id]), params)
    assert response.status_code == 200
    return response.content.decode()


def _rows(html) -> list[str]:
    """The quote rows' ids, in the order of the page."""
    return re.findall(r'<li class="quote-item[^"]*" id="item-q(\d+)"', html)


def _in_text_order(article) -> list[str]:
    return [str(i) for i in article.quotes.order_by("start").values_list("id", flat=True)]


# --- the list --------------------------------------------------------------------------------------------


def test_the_list_is_in_text_order_by_default_rejected_quotes_in_their_place(editor_client, editor, article):
    official = _q(article, "«Talks go on,»")
    review.quote_reject(quote_id=official.id, version=official.version, user=editor)
    html = _page(editor_client, article)
    assert _rows(html) == _in_text_order(article)
    assert re.search(rf'<li class="quote-item[^"]* state-rejected" id="item-q{official.id}"', html)
    assert reverse("quote_restore", args=[official.id]) in _row(html, official)
    assert 'aria-current="true">In text order' in html
    assert "Rejected (" not in html  # nothing set apart


def test_by_speaker_is_a_view_one_switches_to_and_it_is_kept(editor_client, editor, article):
    macron, official = _q(article, "«We are ready,»"), _q(article, "«Talks go on,»")
    review.quote_reject(quote_id=official.id, version=official.version, user=editor)
    html = _page(editor_client, article, view="speaker")
    assert 'aria-current="true">By speaker' in html
    assert "Quotes of Emmanuel Macron" in html and "Rejected (1)" in html
    assert (
        html.index(f'id="item-q{macron.id}"')
        < html.index("Rejected (1)")
        < html.index(f"item-q{official.id}")
    )
    # the next page remembers the choice, until the editor switches back
    assert "Rejected (1)" in _page(editor_client, article)
    assert "Rejected (" not in _page(editor_client, article, view="text")
    assert "Rejected (" not in _page(editor_client, article, view="nonsense")


def test_each_row_is_one_line_of_speaker_words_state_and_actions_with_details_on_demand(
    editor_client, article
):
    macron = _q(article, "«We are ready,»")
    html = _page(editor_client, article)
    row = html[html.index(f'id="item-q{macron.id}"') :].split("</li>")[0]
    head = row.split('<details class="correct"')[0]
    assert '<span class="chip spk-0" title="Emmanuel Macron">Macron</span>' in head
    assert "«We are ready,»" in head and "Unreviewed" in head
    assert 'data-action="confirm"' in head and 'data-action="reject"' in head
    # the correction form is not in the page: it loads when the details open
    assert reverse("quote_correct_form", args=[macron.id]) in row and "Save correction" not in row


def test_highlights_carry_their_speakers_name(editor_client, article):
    html = _page(editor_client, article)
    macron, official = _q(article, "«We are ready,»"), _q(article, "«Talks go on,»")
    assert re.search(rf'<mark class="quote spk-0" data-quote="{macron.id}"[^>]* data-label="Macron"', html)
    assert re.search(
        rf'<mark class="quote spk-1" data-quote="{official.id}"[^>]* data-label="a senior official"', html
    )
    # the label is drawn by CSS, outside the text: the text a reader selects is the article's
    assert ">«We are ready,»</mark>" in html


def _speaker(id, name, kind="person"):
    return SimpleNamespace(id=id, name=name, kind=kind)


def test_labels_are_surnames_unless_shared_and_other_names_cut_short():
    labels = speaker_labels(
        [
            _speaker(1, "Emmanuel Macron"),
            _speaker(2, "Justin Trudeau"),
            _speaker(3, "Pierre Trudeau"),
            _speaker(4, "Martin Luther King Jr."),
            _speaker(5, "Madonna"),
            _speaker(6, "a senior Ukrainian defense official", "anonymous"),
            _speaker(7, "Royal Canadian Mounted Police", "organization"),
        ]
    )
    assert labels == {
        1: "Macron",
        2: "Justin Trudeau",
        3: "Pierre Trudeau",
        4: "King",
        5: "Madonna",
        6: "a senior Ukrainian…",
        7: "Royal Canadian…",
    }


def test_a_search_hit_opened_in_its_article_is_selected(editor_client, article):
    official = _q(article, "«Talks go on,»")
    html = _page(editor_client, article, quote=official.id)
    assert re.search(rf'<mark class="quote spk-1 current" data-quote="{official.id}"', html)
    assert re.search(rf'<li class="quote-item[^"]* current[^"]*" id="item-q{official.id}"', html)
    assert html.count(" current") == 2  # that quote's highlight and row, no other
    assert _page(editor_client, article, quote="12x")  # a bad id selects nothing, and breaks nothing


# --- results and refusals beside their controls ----------------------------------------------------------


def _row(html, quote) -> str:
    return html[html.index(f'id="item-q{quote.id}"') :].split("</li>")[0]


@pytest.mark.parametrize(
    ("action", "said"), [("quote_confirm", "Quote confirmed."), ("quote_reject", "Quote rejected")]
)
def test_a_change_is_answered_in_the_quotes_own_row(editor_client, article, action, said):
    quote = _q(article, "«Talks go on,»")
    response = editor_client.post(reverse(action, args=[quote.id]), {"version": quote.version}, **HTMX)
    html = response.content.decode()
    assert said in _row(html, quote)
    assert html.count('role="status"') == 1


def test_a_stale_confirm_of_a_quote_rejected_meanwhile_is_refused_in_its_row(
    editor_client, admin_user, article
):
    quote = _q(article, "«Talks go on,»")
    review.quote_reject(quote_id=quote.id, version=quote.version, user=admin_user)
    for view in ("text", "speaker"):
        editor_client.get(reverse("article_detail", args=[article.id]), {"view": view})
        response = editor_client.post(
            reverse("quote_confirm", args=[quote.id]), {"version": quote.version}, **HTMX
        )
        assert response.status_code == 409
        html = response.content.decode()
        row = _row(html, quote)
        assert "Someone else changed this quote" in row and "rejected" in row
        # by speaker too, the quote stays where the editor saw it, not inside the collapsed Rejected list
        assert "Rejected (" not in html
    assert Quote.objects.get(id=quote.id).review_state == Quote.ReviewState.REJECTED


def test_marking_reviewed_is_answered_in_the_status_line(editor_client, article):
    response = editor_client.post(reverse("article_mark_reviewed", args=[article.id]), **HTMX)
    status_line = response.content.decode().split('<div class="article-columns">')[0]
    assert 'role="status">Article marked reviewed.' in status_line


def test_a_renamed_speaker_is_answered_beside_the_speaker_now_named(editor_client, article):
    official = _q(article, "«Talks go on,»")
    url = reverse("speaker_redescribe", args=[article.id, official.speaker_id])
    data = {"speaker_name": "Anna Lind", "speaker_kind": "person", "speaker_anonymous": ""}
    html = editor_client.post(url, data, **HTMX).content.decode()
    official.refresh_from_db()
    head = html[html.index(f'id="speaker-{official.speaker_id}"') :].split("</section>")[0]
    assert "Anna Lind" in head and "Speaker changed on 2 quotes." in head
    assert '<details class="speakers" open>' in html


# --- the correction form ---------------------------------------------------------------------------------


def test_the_correction_form_shows_the_words_and_keeps_the_offsets_out_of_sight(editor_client, article):
    quote = _q(article, "«We are ready,»")
    form = editor_client.get(reverse("quote_correct_form", args=[quote.id]), **HTMX).content.decode()
    assert '<blockquote class="selection-preview" data-selection-preview>«We are ready,»</blockquote>' in form
    assert "Starts at character" not in form and "Ends at character" not in form
    assert f'type="hidden" name="start" value="{quote.start}" data-start-field' in form
    # without JavaScript there is no selection to take them from: the standalone page asks for them
    standalone = editor_client.get(reverse("quote_correct_form", args=[quote.id])).content.decode()
    assert "Starts at character" in standalone


def test_a_quotes_details_and_correction_form_show_its_speakers_role(editor_client, article):
    quote = _q(article, "«We are ready,»")
    Quote.objects.filter(id=quote.id).update(speaker_role="French President")
    html = _page(editor_client, article)
    row = html[html.index(f'id="item-q{quote.id}"') :].split("</li>")[0]
    assert "<dt>Role</dt><dd>French President</dd>" in row
    other = _q(article, "«Talks go on,»")
    assert "<dt>Role</dt>" not in html[html.index(f'id="item-q{other.id}"') :].split("</li>")[0]
    form = editor_client.get(reverse("quote_correct_form", args=[quote.id]), **HTMX).content.decode()
    assert 'name="speaker_role" value="French President"' in form


def test_a_correction_to_another_speaker_sent_with_the_role_as_shown_drops_it(editor_client, article):
    quote = _q(article, "«We are ready,»")
    Quote.objects.filter(id=quote.id).update(speaker_role="French President")
    data = {
        "version": quote.version,
        "speaker_name": "Olaf Scholz",
        "speaker_kind": "person",
        "kind": "direct",
        "speaker_role": "French President",
        "start": quote.start,
        "end": quote.end,
    }
    assert editor_client.post(reverse("quote_correct", args=[quote.id]), data, **HTMX).status_code == 200
    quote.refresh_from_db()
    assert (quote.speaker.name, quote.speaker_role) == ("Olaf Scholz", "")
    add = {"speaker_name": "Olaf Scholz", "speaker_role": "German Chancellor", "kind": "partial", "start": 0}
    assert editor_client.post(reverse("quote_add", args=[article.id]), {**add, "end": 5}).status_code == 302
    assert article.quotes.get(start=0, end=5).speaker_role == "German Chancellor"


def test_a_refused_correction_shows_the_words_it_selected(editor_client, article):
    quote = _q(article, "«We are ready,»")
    data = {"version": quote.version, "speaker_name": "Nobody Known", "kind": "direct", "start": 0, "end": 12}
    html = editor_client.post(reverse("quote_correct", args=[quote.id]), data, **HTMX).content.decode()
    assert "data-selection-preview>Talks resume</blockquote>" in html


# --- titles ----------------------------------------------------------------------------------------------


def test_an_editor_changes_the_title_and_it_is_audited(editor_client, editor, article):
    url = reverse("article_retitle", args=[article.id])
    response = editor_client.post(url, {"title": "  Macron: talks resume  "})
    assert response.status_code == 302
    assert Article.objects.get(id=article.id).title == "Macron: talks resume"
    event = AuditEvent.objects.get(action=AuditEvent.Action.ARTICLE_RETITLED)
    assert event.user == editor and event.changes == {"title": ["Talks resume", "Macron: talks resume"]}
    html = editor_client.get(response["Location"]).content.decode()
    assert "<h1>Macron: talks resume</h1>" in html and "Title changed." in html


@pytest.mark.parametrize(("title", "error"), [("   ", "cannot be empty"), ("x" * 501, "at most 500")])
def test_a_bad_title_is_refused_in_place_and_nothing_changes(editor_client, article, title, error):
    response = editor_client.post(reverse("article_retitle", args=[article.id]), {"title": title})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<details class="edit-title" open>' in html and error in html
    assert Article.objects.get(id=article.id).title == "Talks resume"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ARTICLE_RETITLED).exists()


def test_researchers_cannot_change_a_title(client, researcher, article):
    client.force_login(researcher)
    assert "Change the title" not in _page(client, article)
    assert client.post(reverse("article_retitle", args=[article.id]), {"title": "Mine"}).status_code == 403
    assert Article.objects.get(id=article.id).title == "Talks resume"
