"""The forms are Django's: rendered from their Form with one field template, refused with the errors on their
fields, and every refusal an HTML message where the form is."""

import re

import pytest
from django.urls import reverse

from attribution import extraction, services
from attribution.documents import document_from_text
from attribution.forms import QuoteAddForm, QuoteSearchForm, SpeakerRedescribeForm
from attribution.models import AuditEvent, Quote, Speaker, SpeakerKind

TEXT = "Talks\n\n«We are ready,» President Emmanuel Macron said. «Talks go on,» said a senior official."
HTMX = {"HTTP_HX_REQUEST": "true"}


def _found(fragment: str, name: str, kind: str, anonymous: bool = False) -> extraction.Quote:
    start = TEXT.index(fragment)
    speaker = extraction.Speaker(name, kind, anonymous, name, None, None)
    return extraction.Quote(start, start + len(fragment), fragment, "direct", "said", 0.9, speaker)


@pytest.fixture
def quote(db) -> Quote:
    article, _ = services.article_create(
        document=document_from_text(TEXT), metadata=services.ArticleMetadata()
    )
    claim = services.extraction_claim(article_id=article.id)
    services.extraction_save(
        article_id=article.id,
        token=claim.token,
        quotes=[
            _found("«We are ready,»", "Emmanuel Macron", "person"),
            _found("«Talks go on,»", "a senior official", "anonymous", anonymous=True),
        ],
        extractor_version="test",
    )
    return article.quotes.select_related("speaker").get(text="«We are ready,»")


def _field(html: str, field_id: str) -> str:
    """The field group (label, widget, help, errors) around the input of this id."""
    groups = re.findall(r'<div class="field[^"]*">.*?</div>', html, flags=re.S)
    [group] = [g for g in groups if f'id="{field_id}"' in g]
    return group


def _form_urls(quote: Quote) -> dict[str, str]:
    return {
        "correct": reverse("quote_correct_form", args=[quote.id]),
        "redescribe": reverse("speaker_redescribe_form", args=[quote.article_id, quote.speaker_id]),
        "add": reverse("quote_add_form", args=[quote.article_id]),
    }


def test_the_review_forms_are_rendered_from_their_django_forms(editor_client, quote):
    # the article page loads its forms when they are opened: each is read here from its own URL
    forms = {name: editor_client.get(url, **HTMX).content.decode() for name, url in _form_urls(quote).items()}
    # each correction form's fields carry the quote's values, with ids of their own per quote
    correct = forms["correct"]
    assert 'name="speaker_name" value="Emmanuel Macron"' in _field(correct, f"q{quote.id}-speaker_name")
    # the words' offsets come from a selection: hidden, beside the words they select
    assert f'type="hidden" name="start" value="{quote.start}" data-start-field' in correct
    assert f'type="hidden" name="end" value="{quote.end}" data-end-field' in correct
    assert "data-speaker-field" in _field(forms["add"], "add-speaker_name")
    assert f"?article={quote.article_id}" in _field(forms["redescribe"], f"sp{quote.speaker_id}-speaker_name")
    # the help text is tied to its field
    assert f'aria-describedby="q{quote.id}-speaker_name_helptext"' in correct
    # no two elements share an id, in the page with every form it can load
    page = editor_client.get(reverse("article_detail", args=[quote.article_id])).content.decode()
    others = Quote.objects.filter(article_id=quote.article_id).exclude(id=quote.id)
    loaded = [editor_client.get(reverse("quote_correct_form", args=[q.id]), **HTMX) for q in others]
    html = page + "".join(forms.values()) + "".join(r.content.decode() for r in loaded)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    # the strict CSP allows no inline script or style
    assert "<script>" not in html and " style=" not in html


def test_the_article_page_loads_its_review_forms_when_they_are_opened(editor_client, quote):
    html = editor_client.get(reverse("article_detail", args=[quote.article_id])).content.decode()
    assert 'name="speaker_name"' not in html and "Save correction" not in html
    for url, body in [
        (reverse("quote_correct_form", args=[quote.id]), "correct-body"),
        (reverse("speaker_redescribe_form", args=[quote.article_id, quote.speaker_id]), "redescribe-body"),
        (reverse("quote_add_form", args=[quote.article_id]), "add-quote-body"),
    ]:
        # htmx asks when the <details> opens; without JavaScript the link inside opens the form's page
        assert f'hx-get="{url}" hx-trigger="toggle once" hx-target="find .{body}"' in html
        assert f'<div class="{body}"><a href="{url}">' in html


@pytest.mark.parametrize("name", ["correct", "redescribe", "add"])
def test_a_review_form_is_a_partial_for_htmx_and_a_page_without(editor_client, quote, name):
    url = _form_urls(quote)[name]
    posts_to = {
        "correct": reverse("quote_correct", args=[quote.id]),
        "redescribe": reverse("speaker_redescribe", args=[quote.article_id, quote.speaker_id]),
        "add": reverse("quote_add", args=[quote.article_id]),
    }[name]
    response = editor_client.get(url, **HTMX)
    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    partial = response.content.decode()
    assert partial.lstrip().startswith(f'<form method="post" action="{posts_to}" hx-post="{posts_to}"')
    assert 'hx-target="#article-body"' in partial and "<html" not in partial
    response = editor_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    # a page of its own: the form posts as a plain form, and a link leads back to the article
    assert "<html" in page and f'<form method="post" action="{posts_to}"' in page and "hx-post" not in page
    assert f'href="{reverse("article_detail", args=[quote.article_id])}#' in page
    assert '<datalist id="speaker-names">' in page  # where the speaker field's suggestions go
    if name == "correct":
        assert quote.text in page and 'value="Emmanuel Macron"' in page
    assert editor_client.post(url).status_code == 405


@pytest.mark.parametrize("name", ["correct", "redescribe", "add"])
def test_researchers_and_visitors_get_no_review_form(client, researcher, quote, name):
    url = _form_urls(quote)[name]
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(researcher)
    assert client.get(url).status_code == 403
    assert client.get(url, **HTMX).status_code == 403


def test_a_refused_correction_comes_back_open_in_the_page_with_its_errors(editor_client, quote):
    other = Quote.objects.get(article_id=quote.article_id, text="«Talks go on,»")
    data = {"version": quote.version, "speaker_name": "", "kind": "direct", "start": 0, "end": 5}
    for extra in ({}, HTMX):
        response = editor_client.post(reverse("quote_correct", args=[quote.id]), data, **extra)
        assert response.status_code == 400
        html = response.content.decode()
        item = html[html.index(f'id="item-q{quote.id}"') :]
        item = item[: item.index("</li>")]
        # the form sent, in place and open, not loaded again (that would lose what was typed)
        assert '<details class="correct" open>' in item
        assert reverse("quote_correct_form", args=[quote.id]) not in item
        assert "This field is required." in _field(item, f"q{quote.id}-speaker_name")
        # the other quotes' forms still load when opened
        assert f'hx-get="{reverse("quote_correct_form", args=[other.id])}"' in html
        assert f'id="q{other.id}-speaker_name"' not in html


def test_a_refused_redescribe_comes_back_open_in_the_page_with_its_errors(editor_client, quote):
    url = reverse("speaker_redescribe", args=[quote.article_id, quote.speaker_id])
    response = editor_client.post(url, {"speaker_name": ""}, **HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    details = html[html.index('<details class="redescribe" open>') :]
    details = details[: details.index("</details>")]
    assert "This field is required." in _field(details, f"sp{quote.speaker_id}-speaker_name")
    assert "Apply to all 1" in details


def test_speaker_kinds_come_from_the_enum(db):
    editable = [kind for kind in SpeakerKind if kind != SpeakerKind.UNKNOWN]
    for form in (QuoteAddForm(), SpeakerRedescribeForm()):
        assert [value for value, _ in form.fields["speaker_kind"].choices][1:] == editable
    assert [value for value, _ in QuoteSearchForm().fields["speaker_kind"].choices][1:] == editable


def test_an_invalid_field_is_shown_on_that_field(editor_client, quote):
    data = {"version": quote.version, "speaker_name": "", "kind": "nonsense", "start": -1, "end": 5}
    response = editor_client.post(reverse("quote_correct", args=[quote.id]), data, **HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in _field(html, f"q{quote.id}-speaker_name")
    assert "Select a valid choice." in _field(html, f"q{quote.id}-kind")
    # the hidden offsets' errors are said beside the words they select
    assert 'role="alert">Words: Ensure this value is greater than or equal to 0.' in html
    # the form sent comes back open, as it was typed
    assert 'name="start" value="-1"' in html
    assert Quote.objects.get(id=quote.id).version == quote.version


def test_a_refusal_of_the_service_is_shown_in_the_form_it_came_from(editor_client, quote):
    data = {"speaker_name": "Nobody Known", "kind": "direct", "start": 0, "end": 5}
    response = editor_client.post(reverse("quote_add", args=[quote.article_id]), data, **HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    form = html[html.index('<details class="add-quote" open>') :]
    form = form[: form.index("</details>")]
    assert "choose what kind of speaker it is" in form
    assert 'value="Nobody Known"' in _field(form, "add-speaker_name")


def test_a_whole_form_error_is_shown_above_its_fields(editor_client, quote):
    data = {"speaker_name": "Emmanuel Macron", "kind": "direct", "start": 9, "end": 4}
    response = editor_client.post(reverse("quote_add", args=[quote.article_id]), data, **HTMX)
    assert response.status_code == 400
    assert re.search(r'class="problem" role="alert">Select the quote', response.content.decode())


def test_a_refused_merge_is_an_html_message_beside_its_button(client, editor, quote):
    client.force_login(editor)
    macron = quote.speaker
    other = Speaker.objects.create(
        name="Macron Emmanuel", normalized_name="macron emmanuel", kind="person", anonymous=False
    )
    # an alias cannot take a merge: the refusal is the speaker's page with the message beside the button
    services.speaker_merge(source_id=other.id, target_id=macron.id, user=editor)
    response = client.post(reverse("speaker_merge", args=[macron.id]), {"target": other.id})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<p class="problem" role="alert">' in html and "<h1>Emmanuel Macron</h1>" in html
    response = client.post(reverse("speaker_merge", args=[macron.id]), {"target": 2**40})
    assert (
        response.status_code == 400 and "Choose a named speaker to merge into." in response.content.decode()
    )
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SPEAKER_MERGED).count() == 1


def test_a_refused_split_is_an_html_message(client, editor, quote):
    client.force_login(editor)
    response = client.post(reverse("speaker_split", args=[quote.speaker_id]))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "is not an alias of another speaker" in response.content.decode()


def test_a_refused_export_is_the_search_page_with_its_errors(admin_user, client, quote):
    client.force_login(admin_user)
    response = client.get(reverse("search_export", args=["csv"]), {"date_from": "not a date"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Fix the search first" in html and "Enter a valid date." in _field(html, "id_date_from")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


def test_a_correction_refused_for_a_stale_version_shows_the_current_values_open(editor_client, editor, quote):
    services.quote_correct(quote_id=quote.id, version=quote.version, user=editor, kind="partial")
    data = {
        "version": quote.version,
        "speaker_name": "Emmanuel Macron",
        "kind": "direct",
        "start": 0,
        "end": 5,
    }
    response = editor_client.post(reverse("quote_correct", args=[quote.id]), data, **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    item = html[html.index(f'id="item-q{quote.id}"') :]
    item = item[: item.index("</li>")]
    assert "Someone else changed this quote" in item and '<details class="correct" open>' in item
    assert '<option value="partial" selected>' in _field(item, f"q{quote.id}-kind")
