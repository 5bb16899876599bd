"""Importing articles by their web addresses from the upload page, and the imports on the article list."""

import pytest
from django.urls import reverse

from attribution.models import PageImport

pytestmark = pytest.mark.django_db

IMPORT = reverse("article_import")


def test_an_editor_imports_pages_by_address(editor_client, editor):
    urls = "https://news.example/a\n\n  https://news.example/b#top \nhttps://news.example/a\n"
    response = editor_client.post(IMPORT, {"urls": urls, "publication": "Herald"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("article_list")
    assert "2 pages queued for import." in response.content.decode()
    imports = PageImport.objects.order_by("url")
    assert [(i.url, i.state, i.publication_name, i.requested_by) for i in imports] == [
        ("https://news.example/a", "queued", "Herald", editor),
        ("https://news.example/b", "queued", "Herald", editor),
    ]
    assert imports[0].upload_batch == imports[1].upload_batch is not None
    # the list shows them while they are fetched, and polls
    html = response.content.decode()
    assert "Imports by web address" in html and 'hx-trigger="every 2s"' in html
    # asked for again: not twice
    again = editor_client.post(IMPORT, {"urls": "https://news.example/a"}, follow=True).content.decode()
    assert "https://news.example/a was asked for already; it is queued." in again
    assert PageImport.objects.count() == 2


@pytest.mark.parametrize(
    ("urls", "error"),
    [
        (
            "ftp://news.example/a\nhttps://news.example/b",
            "Not a web address (http or https): ftp://news.example/a",
        ),
        ("news.example/a", "Not a web address (http or https): news.example/a"),
        ("   \n  ", "This field is required."),
        ("\n".join(f"https://news.example/{i}" for i in range(51)), "Give at most 50 addresses at a time."),
    ],
)
def test_bad_addresses_are_named_and_nothing_is_stored(editor_client, urls, error):
    response = editor_client.post(IMPORT, {"urls": urls})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not PageImport.objects.exists()


def test_a_failed_import_is_listed_with_its_reason_and_fetched_again_on_demand(editor_client):
    failed = PageImport.objects.create(
        url="https://news.example/gone", state="failed", error="news.example answered 404 Not Found."
    )
    html = editor_client.get(reverse("article_list")).content.decode()
    assert "news.example answered 404 Not Found." in html
    assert reverse("page_import_retry", args=[failed.id]) in html and "Fetch again" in html
    assert 'hx-trigger="every 2s"' not in html  # a failed import waits for a person: nothing to poll
    response = editor_client.post(reverse("page_import_retry", args=[failed.id]), follow=True)
    assert "https://news.example/gone queued for import again." in response.content.decode()
    failed.refresh_from_db()
    assert failed.state == "queued" and failed.error == ""


def test_done_imports_leave_the_list(editor_client, article):
    PageImport.objects.create(url="https://news.example/done", state="done", article=article)
    assert "Imports by web address" not in editor_client.get(reverse("article_list")).content.decode()
