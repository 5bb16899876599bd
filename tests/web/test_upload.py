import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from attribution.models import Article

SEED_LIKE = "Ministers meet\n\n«We will act,» the minister said on Monday."


def _file(name: str, data: bytes | str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data.encode() if isinstance(data, str) else data)


def test_pasting_text_stores_a_queued_article_and_opens_it(editor_client, editor):
    response = editor_client.post(
        reverse("article_upload"),
        {
            "text": SEED_LIKE,
            "publication": "Paris Match",
            "byline": "A. Writer",
            "published_on": "2025-03-01",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("article_detail", args=[article.id])
    assert article.title == "Ministers meet"
    assert article.state == Article.State.QUEUED
    assert article.publication.name == "Paris Match"
    assert str(article.published_on) == "2025-03-01"
    assert article.uploaded_by == editor


def test_the_upload_is_sent_to_the_worker_after_commit(editor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        editor_client.post(reverse("article_upload"), {"text": SEED_LIKE})
    assert len(callbacks) == 1
    # The message reached the real Redis (on the tests' own queue).
    assert Article.objects.get().enqueued_at is not None


def test_uploading_the_same_text_twice_keeps_one_article_and_says_so(editor_client):
    editor_client.post(reverse("article_upload"), {"text": SEED_LIKE})
    response = editor_client.post(
        reverse("article_upload"), {"text": SEED_LIKE.replace("\n", "\r\n")}, follow=True
    )
    assert Article.objects.count() == 1
    assert "is already here as" in response.content.decode()


def test_several_files_make_several_articles_in_one_batch(editor_client):
    files = [
        _file("one.txt", "First story\n\n«Yes,» she said."),
        _file("two.md", "# Second story\n\nHe said no."),
        _file("three.html", "<title>Third story</title><p>«Maybe,» they said.</p><script>x()</script>"),
    ]
    response = editor_client.post(reverse("article_upload"), {"files": files})
    articles = Article.objects.order_by("title")
    assert [a.title for a in articles] == ["First story", "Second story", "Third story"]
    assert len({a.upload_batch for a in articles}) == 1
    batch = articles[0].upload_batch
    assert response["Location"] == f"{reverse('article_list')}?batch={batch}"
    assert articles.get(title="Third story").text == "«Maybe,» they said."
    page = editor_client.get(response["Location"]).content.decode()
    assert "0 of 3 articles extracted" in page
    assert '<progress id="batch-progress" max="3" value="0">' in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (_file("empty.txt", b""), "empty.txt is empty."),
        (
            _file("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00"),
            "photo.txt looks like a binary file",
        ),
        (_file("old.txt", b"Caf\xe9 cr\xe8me"), "old.txt is not UTF-8 text"),
        (_file("setup.exe", b"MZ\x90\x00"), "setup.exe: only .txt, .md, .html, .htm files can be uploaded."),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_stores_nothing(editor_client, upload, message):
    response = editor_client.post(reverse("article_upload"), {"files": [upload]})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Nothing was uploaded" in response.content.decode()
    assert Article.objects.count() == 0


def test_one_bad_file_in_a_batch_is_named_with_its_reason_and_the_good_ones_are_stored(editor_client):
    files = [
        _file("good.txt", "A fine story\n\nIt said things."),
        _file("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00"),
        _file("other.txt", "Another story\n\nShe said more."),
        _file("empty.txt", b""),
    ]
    response = editor_client.post(reverse("article_upload"), {"files": files}, follow=True)
    assert sorted(Article.objects.values_list("title", flat=True)) == ["A fine story", "Another story"]
    html = response.content.decode()
    assert "2 articles queued for extraction." in html
    assert "Not uploaded: photo.txt looks like a binary file" in html
    assert "Not uploaded: empty.txt is empty." in html


@override_settings(UPLOAD_MAX_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused(editor_client):
    response = editor_client.post(reverse("article_upload"), {"files": [_file("big.txt", "word " * 400)]})
    assert "big.txt is 2.0\xa0KB; the limit is 1000\xa0bytes." in response.content.decode()
    assert Article.objects.count() == 0


@override_settings(UPLOAD_MAX_BYTES=1000)
def test_pasted_text_over_the_size_limit_is_refused(editor_client):
    response = editor_client.post(reverse("article_upload"), {"text": "word " * 400})
    assert "The pasted text is larger than 1000\xa0bytes." in response.content.decode()
    assert Article.objects.count() == 0


def test_an_empty_form_asks_for_text_or_files(editor_client):
    response = editor_client.post(reverse("article_upload"), {"text": "   "})
    assert "Paste an article" in response.content.decode()
    assert Article.objects.count() == 0


def test_malicious_html_is_stored_as_plain_text_and_shown_escaped(editor_client):
    html = (
        '<title>Evil</title><p>Hello <img src=x onerror="alert(1)"> &lt;script&gt;alert(2)&lt;/script&gt;</p>'
    )
    editor_client.post(reverse("article_upload"), {"files": [_file("evil.html", html)]})
    article = Article.objects.get()
    assert article.text == "Hello <script>alert(2)</script>"
    page = editor_client.get(reverse("article_detail", args=[article.id])).content.decode()
    assert "<script>alert(2)" not in page
    assert "&lt;script&gt;alert(2)" in page


def test_the_htmx_upload_redirects_the_browser_and_re_renders_errors_as_a_fragment(editor_client):
    htmx = {"HX-Request": "true"}
    response = editor_client.post(reverse("article_upload"), {"text": ""}, headers=htmx)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<form id="upload-form"')
    response = editor_client.post(reverse("article_upload"), {"text": SEED_LIKE}, headers=htmx)
    assert response["HX-Redirect"] == reverse("article_detail", args=[Article.objects.get().id])


@override_settings(UPLOAD_MAX_FILES=2, DATA_UPLOAD_MAX_NUMBER_FILES=3)
def test_too_many_files_get_a_clear_message_and_store_nothing(editor_client):
    files = [_file(f"{i}.txt", f"Story {i}\n\nText {i}.") for i in range(3)]
    response = editor_client.post(reverse("article_upload"), {"files": files})
    assert "Upload at most 2 files at a time." in response.content.decode()
    files = [_file(f"{i}.txt", f"Story {i}\n\nText {i}.") for i in range(5)]
    response = editor_client.post(reverse("article_upload"), {"files": files})
    assert response.status_code == 400
    assert "Upload at most 2 files of at most" in response.content.decode()
    assert Article.objects.count() == 0
