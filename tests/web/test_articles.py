import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attribution.models import Article, Quote, Speaker
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
    with django_assert_max_num_queries(6):
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
