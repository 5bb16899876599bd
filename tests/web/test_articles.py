import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attribution.models import Article, Publication, Quote, Speaker
from attribution.services import extraction_claim, extraction_save


@pytest.fixture
def article(db):
    return Article.objects.create(title="A story", text="A story.\n\n«Hi,» he said.", content_hash="x" * 64)


def _url(name, article):
    return reverse(name, args=[article.id]) if name in {"article_detail", "article_retry"} else reverse(name)


@pytest.mark.parametrize("name", ["article_list", "article_upload", "article_detail"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, article, name):
    response = client.get(_url(name, article))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_visitors_cannot_retry(client, article):
    response = client.post(reverse("article_retry", args=[article.id]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("who", "name", "method", "status"),
    [
        ("researcher", "article_list", "get", 200),
        ("researcher", "article_detail", "get", 200),
        ("researcher", "article_upload", "get", 403),
        ("researcher", "article_upload", "post", 403),
        ("researcher", "article_retry", "post", 403),
        ("editor", "article_list", "get", 200),
        ("editor", "article_detail", "get", 200),
        ("editor", "article_upload", "get", 200),
        ("admin_user", "article_upload", "get", 200),
        ("admin_user", "article_detail", "get", 200),
    ],
)
def test_each_group_gets_what_it_may(request, client, article, who, name, method, status):
    client.force_login(request.getfixturevalue(who))
    response = getattr(client, method)(_url(name, article))
    assert response.status_code == status


def test_a_user_in_no_group_can_read_nothing_but_pages_still_need_login(client, django_user_model, article):
    client.force_login(django_user_model.objects.create_user("nobody", password="nobody-pass-1"))
    assert client.get(reverse("article_list")).status_code == 200
    assert client.get(reverse("article_upload")).status_code == 403


def test_retry_only_accepts_post(editor_client, article):
    assert editor_client.get(reverse("article_retry", args=[article.id])).status_code == 405


def test_the_health_check_needs_no_login(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_researchers_see_no_upload_or_retry_controls(client, researcher, article):
    client.force_login(researcher)
    assert reverse("article_upload") not in client.get(reverse("article_list")).content.decode()
    article.state = Article.State.FAILED
    article.error = "boom"
    article.save()
    page = client.get(reverse("article_detail", args=[article.id])).content.decode()
    assert "boom" in page
    assert reverse("article_retry", args=[article.id]) not in page


def test_the_list_polls_while_work_is_pending_and_stops_when_done(editor_client, article):
    html = editor_client.get(reverse("article_list")).content.decode()
    assert 'hx-trigger="every 2s"' in html
    claim = extraction_claim(article_id=article.id)
    extraction_save(article_id=article.id, token=claim.token, quotes=[], extractor_version="t")
    fragment = editor_client.get(reverse("article_list"), headers={"HX-Request": "true"}).content.decode()
    assert 'id="article-rows"' in fragment
    assert "<html" not in fragment
    assert 'hx-trigger="every 2s"' not in fragment
    assert 'data-state="done"' in fragment


def test_the_list_shows_the_failure_reason(editor_client, article):
    Article.objects.filter(id=article.id).update(state=Article.State.FAILED, error="Spacy exploded")
    html = editor_client.get(reverse("article_list")).content.decode()
    assert "Spacy exploded" in html


def test_the_article_list_runs_a_constant_number_of_queries(editor_client, django_assert_max_num_queries):
    for i in range(30):
        Article.objects.create(title=f"T{i}", text=f"Text {i}", content_hash=f"{i:064d}")
    # session, user, the two permission reads of the upload button, the count, the rows, the publications,
    # the imports by web address still pending or failed
    with django_assert_max_num_queries(8):
        response = editor_client.get(reverse("article_list"))
    assert response.content.decode().count('<tr id="article-') == 30


def test_the_article_page_polls_until_extraction_is_done(editor_client, article):
    html = editor_client.get(reverse("article_detail", args=[article.id])).content.decode()
    assert 'hx-trigger="every 2s"' in html
    fragment = editor_client.get(
        reverse("article_detail", args=[article.id]), headers={"HX-Request": "true"}
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="article-body"')


def _article_with_quotes(n: int) -> Article:
    text = " ".join(f"«Quote number {i},» said speaker {i}." for i in range(n))
    article = Article.objects.create(
        title=f"{n} quotes", text=text, content_hash=f"q{n:063d}", state=Article.State.DONE
    )
    start = 0
    for i in range(n):
        quote = f"«Quote number {i},»"
        start = text.index(quote, start)
        speaker = Speaker.objects.create(
            name=f"speaker {i}",
            normalized_name=f"speaker {i}",
            kind="anonymous",
            anonymous=True,
            article=article,
        )
        Quote.objects.create(
            article=article, start=start, end=start + len(quote), text=quote, kind="direct", speaker=speaker,
            confidence=0.5,
        )  # fmt: skip
    return article


def test_the_article_page_runs_the_same_number_of_queries_for_2_or_40_quotes(
    editor_client, django_assert_num_queries
):
    small, large = _article_with_quotes(2), _article_with_quotes(40)
    with CaptureQueriesContext(connection) as queries:
        editor_client.get(reverse("article_detail", args=[small.id]))
    with django_assert_num_queries(len(queries)):
        response = editor_client.get(reverse("article_detail", args=[large.id]))
    assert response.content.decode().count('<mark class="quote') == 40


def test_long_titles_are_cut_in_the_lists_and_whole_on_the_page(editor_client, db):
    title = "Council " + "delays the transit vote again " * 10
    long = Article.objects.create(title=title.strip(), text="Body.", content_hash="long-title")
    html = editor_client.get(reverse("article_list")).content.decode()
    assert f'title="{long.title}"' in html
    assert f">{long.title[:109]}…</a>" in html
    page = editor_client.get(reverse("article_detail", args=[long.id])).content.decode()
    assert f"<h1>{long.title}</h1>" in page


def _listed(client, **params) -> list[str]:
    response = client.get(reverse("article_list"), params)
    assert response.status_code == 200
    return [article.title for article in response.context["page"]]


@pytest.fixture
def desk(db, admin_user):
    """A day's articles: reviewed or not, of two publications (and none), in each state."""
    monde, figaro = (Publication.objects.create(name=name) for name in ("Le Monde", "Le Figaro"))
    Publication.objects.create(name="Unused Weekly")  # no article: not offered as a filter
    reviewed_at = timezone.make_aware(datetime.datetime(2026, 3, 2, 17, 30))
    rows = [
        ("Reviewed in Le Monde", monde, "done", True),
        ("Waiting in Le Monde", monde, "done", False),
        ("Reviewed in Le Figaro", figaro, "done", True),
        ("Failed in Le Figaro", figaro, "failed", False),
        ("Queued, no publication", None, "queued", False),
        ("Extracting in Le Monde", monde, "extracting", False),
    ]
    for i, (title, publication, state, reviewed) in enumerate(rows):
        Article.objects.create(
            title=title, text=f"Text {i}.", content_hash=f"desk{i:060d}", publication=publication,
            state=state,
            error="Spacy exploded" if state == "failed" else "",
            claim_token=uuid.uuid4() if state == "extracting" else None,
            reviewed_at=reviewed_at if reviewed else None, reviewed_by=admin_user if reviewed else None,
        )  # fmt: skip
    return {"monde": monde, "figaro": figaro}


def test_the_list_shows_when_and_by_whom_each_article_was_reviewed(editor_client, desk):
    html = editor_client.get(reverse("article_list")).content.decode()
    assert '<th scope="col">Reviewed</th><th scope="col">Reviewer</th>' in html
    row = html.split(">Reviewed in Le Monde</a>")[1].split("</tr>")[0]
    assert '<td class="date">2 Mar 2026</td>' in row and "<td>ada</td>" in row
    row = html.split(">Waiting in Le Monde</a>")[1].split("</tr>")[0]
    assert '<td class="date"></td>\n        <td></td>' in row


def test_the_list_filters_by_review_publication_and_state(editor_client, desk):
    monde, figaro = desk["monde"].id, desk["figaro"].id
    assert _listed(editor_client, reviewed="1") == ["Reviewed in Le Figaro", "Reviewed in Le Monde"]
    assert "Reviewed in Le Monde" not in _listed(editor_client, reviewed="0")
    assert len(_listed(editor_client, reviewed="0")) == 4
    assert _listed(editor_client, publication=figaro) == ["Failed in Le Figaro", "Reviewed in Le Figaro"]
    assert _listed(editor_client, state="extracting") == ["Extracting in Le Monde"]
    assert _listed(editor_client, state="done", reviewed="0", publication=monde) == ["Waiting in Le Monde"]
    assert len(_listed(editor_client, reviewed="", publication="", state="")) == 6  # an empty form: all


def test_the_publication_filter_offers_the_publications_of_the_articles(editor_client, desk):
    html = editor_client.get(reverse("article_list"), {"publication": desk["monde"].id}).content.decode()
    select = html.split('<select name="publication"')[1].split("</select>")[0]
    assert ">Le Figaro</option>" in select and f'value="{desk["monde"].id}" selected>Le Monde' in select
    assert "Unused Weekly" not in select


NO_SUCH_PUBLICATION = "Select a valid choice. That choice is not one of the available choices."


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"state": "lost"}, "Select a valid choice. lost is not one of the available choices."),
        ({"reviewed": "maybe"}, "Select a valid choice. maybe is not one of the available choices."),
        ({"publication": "le-monde"}, NO_SUCH_PUBLICATION),
        ({"publication": "999999"}, NO_SUCH_PUBLICATION),
        ({"publication": "\x00"}, "Null characters are not allowed."),
    ],
)
def test_a_bad_filter_is_named_on_its_box_and_lists_nothing(editor_client, desk, params, message):
    response = editor_client.get(reverse("article_list"), params)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<p class="error" role="alert">{message}</p>' in html
    assert "Fix the filters above to see the articles." in html and '<tr id="article-' not in html


def test_the_pager_keeps_the_filters(editor_client, db):
    for i in range(51):
        Article.objects.create(title=f"T{i}", text=f"Text {i}", content_hash=f"{i:064d}", state="done")
    html = editor_client.get(reverse("article_list"), {"state": "done", "reviewed": "0"}).content.decode()
    assert '<a href="?state=done&amp;reviewed=0&amp;page=2">Next</a>' in html
    page_two = editor_client.get(reverse("article_list"), {"state": "done", "reviewed": "0", "page": "2"})
    assert len(page_two.context["page"]) == 1
    assert 'value="done" selected' in page_two.content.decode()  # the boxes keep the filters too


def test_no_article_matching_the_filters_says_so(editor_client, desk):
    html = editor_client.get(reverse("article_list"), {"state": "failed", "reviewed": "1"}).content.decode()
    assert "No article matches these filters." in html


def test_the_filtered_list_runs_a_constant_number_of_queries(editor_client, desk, django_assert_num_queries):
    figaro = desk["figaro"]
    for i in range(30):
        Article.objects.create(
            title=f"T{i}", text=f"Text {i}", content_hash=f"{i:064d}", state="done", publication=figaro
        )
    params = {"reviewed": "0", "state": "done", "publication": figaro.id}
    # as the whole list (8), and the chosen publication looked up by the form
    with django_assert_num_queries(9):
        response = editor_client.get(reverse("article_list"), params)
    assert response.content.decode().count('<tr id="article-') == 30
    with django_assert_num_queries(8):
        editor_client.get(reverse("article_list"), {"reviewed": "1", "state": "done"})


def _batch(n: int, *, done: int) -> uuid.UUID:
    batch = uuid.uuid4()
    for i in range(n):
        Article.objects.create(
            title=f"B{i}", text=f"Batch {i}", content_hash=f"{batch.hex}{i:032d}", upload_batch=batch,
            state="done" if i < done else "queued",
        )  # fmt: skip
    return batch


def test_a_batch_in_progress_keeps_polling_with_its_address(editor_client, db):
    batch = _batch(3, done=1)
    response = editor_client.get(reverse("article_list"), {"batch": batch}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "1 of 3 articles extracted" in html and 'hx-trigger="every 2s"' in html
    assert f"?batch={batch}" in html and "HX-Replace-Url" not in response
    assert "hx-swap-oob" not in html


def test_a_finished_batch_says_so_stops_polling_and_leaves_the_address(editor_client, db):
    batch = _batch(3, done=3)
    Article.objects.filter(title="B2").update(state="failed", error="Spacy exploded")
    url = reverse("article_list")
    response = editor_client.get(url, {"batch": batch, "state": "done"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Upload finished:" in html and "2 of 3 articles extracted, 1 failed" in html
    assert "hx-trigger" not in html and "<progress" not in html
    # the address loses ?batch= (a reload shows the plain list), the filters stay
    assert response["HX-Replace-Url"] == f"{url}?state=done"
    # and the upload's "queued for extraction" message goes from the page
    assert '<div hx-swap-oob="delete:.messages .message.success"></div>' in html
    one = _batch(1, done=1)
    html = editor_client.get(url, {"batch": one}).content.decode()  # opened as a page: nothing to delete
    assert "Upload finished: the article is extracted." in html and "hx-swap-oob" not in html


def test_the_upload_message_is_shown_once(editor_client):
    files = [SimpleUploadedFile(f"{name}.txt", f"{name} story\n\nShe said so.".encode()) for name in "ab"]
    response = editor_client.post(reverse("article_upload"), {"files": files}, follow=True)
    assert "2 articles queued for extraction." in response.content.decode()
    again = editor_client.get(response.redirect_chain[-1][0]).content.decode()
    assert "queued for extraction" not in again and "0 of 2 articles extracted" in again
