"""The site's own pages for refusals and errors: the menu stays, and they say why."""

from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults


def test_a_refusal_keeps_the_menu_and_says_which_role_is_needed(client, researcher, article):
    client.force_login(researcher)
    quote = article.quotes.first()
    response = client.post(reverse("quote_reject", args=[quote.id]), {"version": quote.version})
    assert response.status_code == 403
    html = response.content.decode()
    assert 'nav aria-label="Main"' in html and "Search" in html
    assert "needs a role your account does not have" in html
    assert "(researchers)" in html and "editors also upload articles and review quotes" in html


def test_a_missing_page_keeps_the_menu_and_says_what_was_asked(editor_client):
    response = editor_client.get("/articles/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'nav aria-label="Main"' in html and "There is nothing here" in html
    assert "/articles/999999/" in html


def test_a_server_error_is_a_page_of_the_site(db):
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html and "Newsroom quotes" in html


def test_an_expired_form_says_nothing_was_changed(editor, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    quote = article.quotes.first()
    response = client.post(reverse("quote_reject", args=[quote.id]), {"version": quote.version})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    quote.refresh_from_db()
    assert quote.review_state == "unreviewed"
