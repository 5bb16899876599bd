"""Hostile and broken input: each gets a clear message (or a harmless answer, never a 500), stores nothing
half-made, leaves everything else intact, and never runs as markup.

Where each item of the issue is covered (this file adds what the others do not):

- Empty and whitespace files: test_upload (an empty file beside a good one), test_documents (blank bytes).
  Here: Unicode whitespace and a lone byte-order mark through the upload page; a batch's bad files named
  with every reason while its good ones are stored and existing articles stay as they were; files of
  invisible characters only.
- Files over the limit, too many files: test_upload (a 1000-byte limit, three and five files). Here: the
  5 MB default, the exact boundary, bad limit settings stopping the start-up, and too many files with CSRF
  checked as in production (Django refuses such a request before our view: handler400 answers).
- Binary files renamed .txt: test_upload (a PNG), test_documents. Here: a NUL byte past the first 8 KB,
  UTF-16 text.
- cp1252 / Latin-1: test_upload and test_documents (Latin-1 "é"). Here: cp1252 curly quotes, in .txt and
  in .html that declares its charset: refused with the byte and its position, nothing stored.
- HTML with script, handlers, javascript: links, iframes, broken markup: test_documents (script, style,
  onclick dropped), test_upload (img onerror and entities shown escaped on the article page). Here: iframe,
  svg, object, noscript, comments, javascript: links, unclosed and broken tags in one file; javascript: and
  data: URLs refused; markup in titles, quotes, speakers, publications, file names and refusal messages
  escaped on every page (article, list, search, speaker page, directory, suggestions, review queue, quote
  history, messages), exports sent as downloads; no |safe or mark_safe on user content.
- Path names with ../: only here (raw multipart bodies, as curl or a forged form sends them).
- Zip bomb: archives are not accepted (only .txt, .md, .html, .htm); here a zip bomb, named .zip or
  renamed .txt, is refused without being opened.
- 10,000-character and tsquery-operator search strings: test_search (the search page). Here: the speaker
  directory, the speaker suggestions, a speaker's page and the exports; quotes, backslashes and % that the
  CSV export's client-side COPY statement must keep as data; odd Unicode and NUL; bounded query counts; a
  CSV export whose speaker filter matches nobody.
- CSV formulas: test_search (=, @, - in the quote, cue and anonymity reason). Here: + tab and carriage
  return, and the speaker, title and publication columns.
- Forged posts without CSRF: test_security (reject a quote, sign in). Here: upload, retry, mark reviewed,
  confirm, correct, add, re-describe, merge and sign out, each shown to go through with the token.
- IDs that do not exist: test_security (987654321 in paths). Here: 2**63 and 2**70 in paths, huge,
  negative and non-numeric IDs and page numbers in query strings, numbers past any column's range in
  change forms, a superscript digit as an article ID, a huge page number past the count cap.
"""

import csv
import datetime
import io
import json
import os
import re
import subprocess
import sys
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attribution.exports import EXPORT_COLUMNS
from attribution.models import Article, AuditEvent, Publication, Quote, Speaker
from attribution.services import review
from attribution.tasks import extract_article
from attribution.text import normalize_name

from ..support import ROOT

EVIL = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
# a name that tries to leave the attribute it is printed in (the article page puts names in title="...")
BREAKOUT = '" onmouseover="alert(2)'
HUGE_IDS = [str(2**63), str(2**70), "9" * 30]


def _client(user) -> Client:
    # a server error comes back as a 500 response the test can assert on, not as a traceback
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _file(name: str, data: bytes | str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data.encode() if isinstance(data, str) else data)


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def _unsafe(html: str, *escaped: str) -> list[str]:
    """What is wrong with a page that shows hostile text: markup left raw, or the escaped text missing."""
    raw = [
        f"raw {markup!r}"
        for markup in ("<img src=x", "<script>alert", 'onmouseover="alert')
        if markup in html
    ]
    return raw + [f"missing {text!r}" for text in escaped if text not in html]


def _assert_escaped(html: str, *escaped: str) -> None:
    assert _unsafe(html, *escaped) == []


def _failures(client, url: str, param: str, values, *, expected=(200,), **fixed) -> dict[str, int]:
    """The values of ``param`` for which ``url`` answered otherwise than ``expected``, with the status."""
    failures = {}
    for value in values:
        response = client.get(url, {**fixed, param: value})
        _body(response)  # a streamed export could only fail while it streams
        if response.status_code not in expected:
            failures[value] = response.status_code
    return failures


def _speaker(name: str, kind: str = "person", article: Article | None = None) -> Speaker:
    return Speaker.objects.create(
        name=name,
        normalized_name=normalize_name(name),
        kind=kind,
        anonymous=kind in {"anonymous", "group"},
        article=article,
    )


def _quote(article: Article, text: str, speaker: Speaker | None, **extra) -> Quote:
    start = article.text.index(text)
    return Quote.objects.create(
        article=article, start=start, end=start + len(text), text=text, kind="direct", speaker=speaker,
        confidence=0.9, **extra,
    )  # fmt: skip


@pytest.fixture
def hostile(db, editor):
    """An extracted article, unreviewed, whose every free-text field carries markup."""
    text = f"{EVIL} headline\n\n“{EVIL} we will win,” said Evil Person.\n\n«Calm down,» said an aide."
    article = Article.objects.create(
        title=f"{EVIL} headline",
        text=text,
        content_hash="e" * 64,
        state=Article.State.DONE,
        publication=Publication.objects.create(name=f"{EVIL} Times"),
        byline=EVIL,
        url='https://news.example/"><script>alert(4)</script>',  # what URLField lets through
        published_on=datetime.date(2026, 2, 1),
    )
    speaker = _speaker(f"Evil {EVIL}{BREAKOUT} Person")
    quote = _quote(article, f"“{EVIL} we will win,”", speaker, cue="said", speaker_mention=EVIL)
    aide = _speaker(f"an aide {EVIL}", kind="anonymous", article=article)
    _quote(article, "«Calm down,»", aide)
    review.quote_correct(quote_id=quote.id, version=quote.version, user=editor, anonymity_reason=EVIL)
    return {"article": article, "quote": quote, "speaker": speaker}


# --- Markup in what people upload is text, never markup ---------------------------------------------------


HOSTILE_HTML = """<html><head><title>Council &amp; <i>budget</i></title>
<style>body{background:url(javascript:alert(1))}</style><script>alert(1)</script></head>
<body onload="alert(2)">
<p>Intro <a href="javascript:alert(3)">read more</a> text.</p>
<iframe src="https://evil.example/"><p>inside iframe</p></iframe>
<svg onload="alert(4)"><text>svg text</text></svg>
<p onclick="alert(5)">«We will vote,» said <b onmouseover="alert(6)">the mayor</b>.</p>
<img src=x onerror="alert(7)"><object data="x.swf">object text</object>
<p>Broken <b>markup <i>never closed
<div>&lt;img src=x onerror=alert(8)&gt; &amp;copy; &#60;b&#62;</div>
<scr<script>ipt>alert(9)</script>
<!-- <script>alert(10)</script> -->
<noscript><img src=x onerror=alert(11)></noscript><math><mi>x</mi></math>
<p>End</p></body>"""


def test_hostile_html_is_stored_as_its_visible_text_only(editor_client):
    response = editor_client.post(reverse("article_upload"), {"files": [_file("evil.html", HOSTILE_HTML)]})
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.title == "Council & budget"
    # markup spelled out with entities is the article's text, shown escaped like any other text
    assert article.text == (
        "Intro read more text.\n\n«We will vote,» said the mayor.\n\nBroken markup never closed\n\n"
        "<img src=x onerror=alert(8)> &copy; <b>\n\nipt>alert(9)\n\nEnd"
    )
    html = editor_client.get(reverse("article_detail", args=[article.id])).content.decode()
    _assert_escaped(html, "&lt;img src=x onerror=alert(8)&gt; &amp;copy; &lt;b&gt;")


SCRIPT_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\nscript:alert(1)",
    "javascript://%0aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
]


def test_a_script_url_for_the_original_article_is_refused(editor_client):
    # the article page links to the original: only http(s) may get there
    for url in SCRIPT_URLS:
        response = editor_client.post(reverse("article_upload"), {"text": "A story\n\nText.", "url": url})
        assert "Enter a valid URL." in response.content.decode(), url
    assert not Article.objects.exists()


def test_an_uploaded_quote_and_speaker_with_markup_are_escaped_after_extraction(admin_user):
    text = (
        f"Council vote\n\n“{EVIL} we will win,” said <b>Evil</b> Person, the mayor. "
        '"<script>alert(2)</script> is fine," said Ann Bee.'
    )
    client = _client(admin_user)
    client.post(reverse("article_upload"), {"text": text})
    article = Article.objects.get()
    extract_article(article.id)  # the worker's task, run here
    assert article.quotes.filter(text=f"“{EVIL} we will win,”").exists()
    bee = Speaker.objects.get(name="Ann Bee")
    for url, params in [
        (reverse("article_detail", args=[article.id]), {}),
        (reverse("search"), {"q": "win or fine"}),
        (reverse("speaker_detail", args=[bee.id]), {}),
    ]:
        response = client.get(url, params)
        assert response.status_code == 200
        _assert_escaped(response.content.decode(), "&lt;script&gt;alert(2)&lt;/script&gt;")


PAGES = {
    "article": lambda h: (reverse("article_detail", args=[h["article"].id]), {}),
    "article list": lambda h: (reverse("article_list"), {}),
    "review queue": lambda h: (reverse("review_queue"), {}),
    "search by article": lambda h: (reverse("search"), {"article": h["article"].id}),
    "search by words": lambda h: (reverse("search"), {"q": "win or calm"}),
    "search by speaker": lambda h: (reverse("search"), {"speaker": "onmouseover"}),
    "speaker page": lambda h: (reverse("speaker_detail", args=[h["speaker"].id]), {}),
    "speaker directory": lambda h: (reverse("speaker_directory"), {"q": "evil"}),
    "speaker suggestions": lambda h: (
        reverse("speaker_suggest"),
        {"speaker_name": "img", "article": h["article"].id},
    ),
    "quote history": lambda h: (reverse("quote_history", args=[h["quote"].id]), {}),
}


def test_markup_in_titles_quotes_and_names_is_escaped_on_every_page(admin_user, hostile):
    client = _client(admin_user)
    problems = {}
    for page, request in PAGES.items():
        response = client.get(*request(hostile))
        found = _unsafe(response.content.decode(), ESCAPED)
        if response.status_code != 200 or found:
            problems[page] = [response.status_code, *found]
    assert problems == {}


def test_the_article_page_escapes_every_field_and_the_link_to_the_original(admin_user, hostile):
    html = _client(admin_user).get(reverse("article_detail", args=[hostile["article"].id])).content.decode()
    _assert_escaped(
        html,
        f"<title>{ESCAPED} headline · Newsroom quotes</title>",
        f"<h1>{ESCAPED} headline</h1>",
        f"{ESCAPED} Times",
        f"Evil {ESCAPED}&quot; onmouseover=&quot;alert(2) Person",  # in title="..." and the datalist
        'href="https://news.example/&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;"',
    )


def test_the_exports_are_downloads_never_pages(admin_user, hostile):
    client = _client(admin_user)
    for fmt, content_type in [("csv", "text/csv"), ("jsonl", "application/x-ndjson")]:
        response = client.get(reverse("search_export", args=[fmt]), {"article": hostile["article"].id})
        assert response["Content-Type"].startswith(content_type)
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"  # a browser never sniffs it as HTML
        assert f"“{EVIL} we will win,”" in _body(response)  # the data itself, as it is


def test_a_refusal_that_repeats_a_typed_speaker_name_escapes_it(admin_user, hostile):
    quote = hostile["quote"]
    quote.refresh_from_db()
    data = {"version": quote.version, "speaker_name": f"Nobody {EVIL}", "kind": "direct"}
    data |= {"start": quote.start, "end": quote.end}
    response = _client(admin_user).post(reverse("quote_correct", args=[quote.id]), data)
    assert response.status_code == 400
    _assert_escaped(response.content.decode(), f"No speaker called “Nobody {ESCAPED}” yet")


def test_the_duplicate_upload_message_escapes_the_file_name_and_title(editor_client):
    name = f"{EVIL}.txt"
    editor_client.post(reverse("article_upload"), {"files": [_file(name, f"{EVIL}\n\nText.")]})
    response = editor_client.post(
        reverse("article_upload"), {"files": [_file(name, f"{EVIL}\n\nText.")]}, follow=True
    )
    article = Article.objects.get()
    _assert_escaped(
        response.content.decode(),
        f'{ESCAPED}.txt is already here as <a href="/articles/{article.id}/">{ESCAPED}</a>',
    )


def test_the_merge_message_escapes_both_names(editor, hostile):
    other = _speaker(f"Evil {EVIL} Persona")
    client = _client(editor)
    page = client.get(reverse("speaker_detail", args=[hostile["speaker"].id])).content.decode()
    _assert_escaped(page, f"Merge into Evil {ESCAPED} Persona")
    response = client.post(
        reverse("speaker_merge", args=[hostile["speaker"].id]), {"target": other.id}, follow=True
    )
    assert response.status_code == 200
    _assert_escaped(response.content.decode(), f"merged into Evil {ESCAPED} Persona: 1 quote moved")


def test_no_template_turns_autoescaping_off():
    unsafe = re.compile(r"\|\s*safe|autoescape\s+off|filter\s+safe")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "templates").rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if unsafe.search(line)
    ]
    assert offenders == []


def test_only_the_reviewed_places_mark_text_safe():
    marking = re.compile(r"mark_safe|SafeString|format_html|\.safe\b|is_safe")
    found = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "attribution").rglob("*.py")
        if "migrations" not in path.parts and marking.search(path.read_text())
    }
    # the search hits (escape() first, then only ts_headline's markers become <mark>), the duplicate
    # upload message (format_html escapes its arguments) and the charts (SVG serialised by lxml, which
    # escapes every text and attribute: tests/test_charts.py); anything new needs a look and a test
    assert found == {"attribution/search.py", "attribution/views/articles.py", "attribution/charts.py"}


# --- File names are names, never paths ---------------------------------------------------------------------


def _multipart(filename: bytes, data: bytes) -> bytes:
    """A body as curl or a forged form sends it: the test client would strip the path from the name."""
    return (
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="files"; filename="' + filename + b'"\r\n'
        b"Content-Type: text/plain\r\n\r\n" + data + b"\r\n--BOUNDARY--\r\n"
    )


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        (b"../../etc/passwd.txt", "passwd.txt"),
        (b"..\\..\\win.txt", "win.txt"),
        (b"/etc/absolute.txt", "absolute.txt"),
        (b"C:\\Windows\\drive.txt", "drive.txt"),
        (b"nul\x00byte.txt", "nulbyte.txt"),
        (b"new\nline.txt", "newline.txt"),
        (b"../&#46;&#46;/entity.txt", "entity.txt"),
    ],
)
def test_a_path_in_a_file_name_is_dropped_and_nothing_is_written_to_disk(
    editor_client, tmp_path, sent, stored
):
    spool = tmp_path / "spool"
    spool.mkdir()
    # a tiny memory limit sends the upload through a temporary file, the one place it could touch the disk
    with override_settings(
        FILE_UPLOAD_MAX_MEMORY_SIZE=1, FILE_UPLOAD_TEMP_DIR=str(spool), MEDIA_ROOT=str(tmp_path / "media")
    ):
        response = editor_client.post(
            reverse("article_upload"),
            data=_multipart(sent, b"A story\n\n\xc2\xabYes,\xc2\xbb she said."),
            content_type="multipart/form-data; boundary=BOUNDARY",
        )
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.source_filename, article.title) == (stored, "A story")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize("sent", [b"..", b".", b"../..", b""])
def test_a_file_name_that_is_only_a_path_counts_as_no_file(editor_client, sent):
    response = editor_client.post(
        reverse("article_upload"),
        data=_multipart(sent, b"A story\n\nText."),
        content_type="multipart/form-data; boundary=BOUNDARY",
    )
    assert response.status_code == 200
    assert "choose at least one file" in response.content.decode()
    assert not Article.objects.exists()


def test_a_file_name_with_markup_is_escaped_in_the_refusal(editor_client):
    response = editor_client.post(reverse("article_upload"), {"files": [_file(f"{EVIL}.txt", b"  \n")]})
    _assert_escaped(response.content.decode(), f"{ESCAPED}.txt is empty.")
    assert not Article.objects.exists()


# --- Empty, binary, mis-encoded and oversized files --------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b" \t\r\n \r\n",
        "\u00a0\u2003\u3000\n\u2028\u2029".encode(),  # no-break, em and ideographic spaces, separators
        b"\xef\xbb\xbf",  # a byte-order mark and nothing else
        b"\xef\xbb\xbf  \n\n",
    ],
)
def test_a_file_of_whitespace_is_refused_as_empty(editor_client, data):
    response = editor_client.post(reverse("article_upload"), {"files": [_file("blank.txt", data)]})
    assert "blank.txt is empty." in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize("data", ["\u200b\u200b\n\u200b", "\u200e\u200f", "\u2060\ufeff\u200d"])
def test_a_file_of_invisible_characters_is_refused_as_empty(editor_client, data):
    response = editor_client.post(reverse("article_upload"), {"files": [_file("invisible.txt", data)]})
    assert "invisible.txt is empty." in response.content.decode()
    assert not Article.objects.exists()


def test_a_bad_batch_stores_the_good_files_names_every_bad_one_and_leaves_the_archive_alone(editor_client):
    Article.objects.create(title="Old", text="Old story.", content_hash="o" * 64)
    before = Article.objects.values().get()
    files = [
        _file("good.txt", "A fine story\n\nIt said things."),
        _file("blank.txt", "  \n\t"),
        _file("windows.txt", b"Caf\xe9 \x93quoted\x94"),
        _file("also-good.md", "# Another\n\nMore things."),
    ]
    response = editor_client.post(reverse("article_upload"), {"files": files}, follow=True)
    html = response.content.decode()
    assert "Not uploaded: blank.txt is empty." in html
    assert "Not uploaded: windows.txt is not UTF-8 text" in html
    assert Article.objects.values().get(title="Old") == before
    assert sorted(Article.objects.values_list("title", flat=True)) == ["A fine story", "Another", "Old"]


def test_a_batch_of_bad_files_only_stores_nothing(editor_client):
    files = [_file("blank.txt", "  \n\t"), _file("windows.txt", b"Caf\xe9 \x93quoted\x94")]
    html = editor_client.post(reverse("article_upload"), {"files": files}).content.decode()
    assert "Nothing was uploaded" in html and "blank.txt is empty." in html
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "smart.txt",
            b"Caf\xe9 \x93quoted\x94",
            "smart.txt is not UTF-8 text (undecodable byte 0xe9 at position 3). "
            "Save it as UTF-8 and upload it again.",
        ),
        (
            "quotes.txt",
            b"He said \x93no\x94.",
            "quotes.txt is not UTF-8 text (undecodable byte 0x93 at position 8).",
        ),
        (
            "declared.html",
            b'<meta charset="windows-1252"><p>\x93Oui\x94, dit-il.</p>',
            "declared.html is not UTF-8 text (undecodable byte 0x93 at position 32).",
        ),
    ],
)
def test_cp1252_text_is_refused_with_the_byte_and_where_it_is(editor_client, name, data, message):
    response = editor_client.post(reverse("article_upload"), {"files": [_file(name, data)]})
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_a_binary_file_is_refused_even_when_its_first_8_kb_look_like_text(editor_client):
    data = b"plain words " * 1000 + b"\x00\x01\x02\x03 binary tail"
    response = editor_client.post(reverse("article_upload"), {"files": [_file("tricky.txt", data)]})
    assert "tricky.txt contains control characters: it looks like a binary file" in response.content.decode()
    assert not Article.objects.exists()


def test_utf16_text_is_refused_rather_than_stored_as_garbage(editor_client):
    data = "«Oui», dit-il.".encode("utf-16")
    response = editor_client.post(reverse("article_upload"), {"files": [_file("utf16.txt", data)]})
    assert "utf16.txt looks like a binary file, not text." in response.content.decode()
    assert not Article.objects.exists()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"0" * 20_000_000)  # 20 MB of zeros in about 20 KB
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bomb.zip", "bomb.zip: only .txt, .md, .html, .htm files can be uploaded."),
        ("bomb.txt", "bomb.txt looks like a binary file, not text."),
    ],
)
def test_an_archive_is_refused_so_a_zip_bomb_never_expands(editor_client, name, message):
    bomb = _zip_bomb()
    assert len(bomb) < 100_000
    response = editor_client.post(reverse("article_upload"), {"files": [_file(name, bomb)]})
    assert message in response.content.decode()
    assert not Article.objects.exists()


@override_settings(UPLOAD_MAX_BYTES=1000)
def test_a_file_of_exactly_the_limit_is_taken_and_one_byte_more_is_refused(editor_client):
    exact = "Title\n\n" + "x" * 993
    response = editor_client.post(reverse("article_upload"), {"files": [_file("exact.txt", exact)]})
    assert response.status_code == 302
    response = editor_client.post(reverse("article_upload"), {"files": [_file("over.txt", exact + "y")]})
    assert "over.txt is 1001\xa0bytes; the limit is 1000\xa0bytes." in response.content.decode()
    assert Article.objects.count() == 1


def test_a_file_one_byte_over_the_configured_limit_is_refused(editor_client):
    size = settings.UPLOAD_MAX_BYTES + 1
    response = editor_client.post(reverse("article_upload"), {"files": [_file("huge.txt", b"a" * size)]})
    assert response.status_code == 200
    # rounded, both would read "4.8 MB": exact bytes say which is larger
    limit = settings.UPLOAD_MAX_BYTES
    assert f"huge.txt is {size:,} bytes; the limit is {limit:,} bytes." in response.content.decode()
    assert not Article.objects.exists()


def _settings_value(env: dict) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("UPLOAD_")} | env
    code = "from newsroom import settings; print(settings.UPLOAD_MAX_BYTES, settings.UPLOAD_MAX_FILES)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_the_upload_limits_default_to_5_mb_and_50_files():
    done = _settings_value({})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["5000000", "50"]


@pytest.mark.parametrize(
    ("value", "message"),
    [("5MB", "UPLOAD_MAX_BYTES='5MB' is not an integer."), ("0", "UPLOAD_MAX_BYTES='0' must be at least 1.")],
)
def test_a_bad_upload_limit_stops_the_start_up(value, message):
    done = _settings_value({"UPLOAD_MAX_BYTES": value})
    assert done.returncode != 0
    assert message in done.stderr


@override_settings(UPLOAD_MAX_FILES=2, DATA_UPLOAD_MAX_NUMBER_FILES=3)
def test_far_too_many_files_get_the_clear_message_with_csrf_checked(editor):
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    browser.force_login(editor)
    form = browser.get(reverse("article_upload")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    files = [_file(f"{i}.txt", f"Story {i}\n\nText {i}.") for i in range(5)]
    response = browser.post(reverse("article_upload"), {"files": files, "csrfmiddlewaretoken": token})
    assert response.status_code == 400
    assert "Upload at most 2 files of at most" in response.content.decode()
    assert not Article.objects.exists()


# --- Search strings, filters and IDs ---------------------------------------------------------------------


@pytest.fixture
def archive(hostile):
    article = Article.objects.create(
        title="Pundits",
        text="«It's O'Brien's call \\ not mine, 100% sure,» said Ann Bee.",
        content_hash="p" * 64,
        state=Article.State.DONE,
    )
    bee = _speaker("Ann Bee")
    return hostile | {
        "bee": bee,
        "obrien": _quote(article, "«It's O'Brien's call \\ not mine, 100% sure,»", bee),
    }


OPERATORS = [
    "& | ! <-> ( ) : * '",
    "!!!",
    "'",
    '"unbalanced',
    "\\",
    "a\\'b",
    "x:* & !(y <-> z) | 'w'",
    "<2> <-> <-> ((((",
    "-",
    "or or or",
    "%s %(x)s %%",
    "'; DROP TABLE attribution_quote; --",
]


def _queries(client, url, params) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        _body(response)
    return response.status_code, len(queries)


@pytest.mark.parametrize("words", OPERATORS)
def test_operator_strings_are_words_on_every_search(admin_user, archive, words):
    client = _client(admin_user)
    speaker_page = reverse("speaker_detail", args=[archive["bee"].id])
    for url, params, plain in [
        (reverse("search"), {"q": words}, {"q": "win"}),
        (speaker_page, {"q": words}, {"q": "call"}),
        (reverse("speaker_directory"), {"q": words}, {"q": "bee"}),
        (reverse("speaker_suggest"), {"speaker_name": words}, {"speaker_name": "bee"}),
        (reverse("search_export", args=["csv"]), {"q": words}, {"q": "win"}),
        (reverse("search_export", args=["jsonl"]), {"q": words}, {"q": "win"}),
    ]:
        status, count = _queries(client, url, params)
        assert status == 200, (url, status)
        assert count <= _queries(client, url, plain)[1], url
    assert Quote.objects.count() == 3


def test_quotes_backslashes_and_percent_signs_stay_data_in_the_csv_export(admin_user, archive):
    # the CSV is made by a COPY statement built on the client side: the words must arrive as a literal
    response = _client(admin_user).get(reverse("search_export", args=["csv"]), {"q": "O'Brien's \\ 100%"})
    rows = list(csv.DictReader(io.StringIO(_body(response))))
    assert [row["quote"] for row in rows] == [archive["obrien"].text]


@pytest.mark.parametrize(
    ("name", "param"),
    [
        ("search", "speaker"),
        ("speaker_directory", "q"),
        ("speaker_suggest", "speaker_name"),
        ("speaker_detail", "q"),
        ("search_export", "speaker"),
    ],
)
def test_a_ten_thousand_character_string_elsewhere_is_answered_with_bounded_queries(
    admin_user, archive, name, param
):
    client = _client(admin_user)
    args = {"search_export": ["csv"], "speaker_detail": [archive["bee"].id]}.get(name, [])
    url = reverse(name, args=args)
    status, count = _queries(client, url, {param: "Ann Bee " * 1250})
    assert status in {200, 400}
    assert count <= max(_queries(client, url, {})[1], _queries(client, url, {param: "Ann Bee"})[1])


def test_a_ten_thousand_character_export_search_is_refused_clearly(admin_user, archive):
    response = _client(admin_user).get(reverse("search_export", args=["csv"]), {"q": "x" * 10_000})
    assert response.status_code == 400
    assert "Fix the search first" in response.content.decode() and "at most 500" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


ODD = {
    "combining marks": "\u0301\u0301\u0301",
    "right-to-left override": "\u202eEvil",
    "direction marks": "\u200f\u200e",
    "emoji": "🙂🔥👩‍👩‍👧",
    "zero-width joiner": "\u200d",
    "fullwidth": "ＥＶＩＬ",
    "like wildcards": "%_%",
}


@pytest.mark.parametrize(
    ("name", "param"),
    [
        ("search", "speaker"),
        ("search", "q"),
        ("speaker_directory", "q"),
        ("speaker_suggest", "speaker_name"),
        ("speaker_detail", "q"),
    ],
)
def test_odd_unicode_in_speaker_filters_is_answered(researcher, archive, name, param):
    url = reverse(name, args=[archive["bee"].id] if name == "speaker_detail" else [])
    assert _failures(_client(researcher), url, param, ODD.values()) == {}


@pytest.mark.parametrize(
    "query",
    ["q=%ED%A0%80", "speaker=%FF%FE%00", "q=%C0%AF..%C0%AF", "q=%00&speaker=%00", "q=a%25%5C%27%22"],
)
def test_undecodable_bytes_in_a_query_string_are_answered(researcher, archive, query):
    # as a crafted link sends them: not UTF-8, or a NUL, percent-encoded in the URL itself
    client = _client(researcher)
    for url in [reverse("search"), reverse("speaker_directory"), reverse("speaker_suggest")]:
        assert client.get(f"{url}?{query}").status_code == 200, url


def test_a_nul_byte_in_a_search_field_is_a_form_error_not_a_server_error(researcher, archive):
    client = _client(researcher)
    for param in ["q", "speaker"]:
        response = client.get(reverse("search"), {param: "Evil\x00Person"})
        assert response.status_code == 200
        assert "Null characters are not allowed." in response.content.decode()


def test_a_nul_byte_elsewhere_is_ignored(admin_user, archive):
    client = _client(admin_user)
    assert client.get(reverse("speaker_directory"), {"q": "Ann\x00Bee"}).status_code == 200
    assert client.get(reverse("speaker_suggest"), {"speaker_name": "bee\x00"}).status_code == 200
    assert client.get(reverse("speaker_detail", args=[archive["bee"].id]), {"q": "\x00"}).status_code == 200
    assert client.get(reverse("article_list"), {"batch": "\x00"}).status_code == 200
    response = client.get(reverse("search_export", args=["csv"]), {"speaker": "\x00"})
    assert response.status_code == 400 and "Null characters are not allowed." in response.content.decode()


@pytest.mark.parametrize("speaker", ["Zzyzx Qwvb", "🙂"])
def test_a_csv_export_whose_speaker_filter_matches_nobody_is_a_header_only_file(admin_user, archive, speaker):
    client = _client(admin_user)
    assert _failures(client, reverse("search_export", args=["jsonl"]), "speaker", [speaker]) == {}
    response = client.get(reverse("search_export", args=["csv"]), {"speaker": speaker})
    assert _body(response).splitlines() == [",".join(EXPORT_COLUMNS)]


def test_formulas_in_any_text_column_are_neutralised_in_the_csv(admin_user, archive):
    article, quote = archive["article"], archive["quote"]
    Publication.objects.filter(id=article.publication_id).update(name="+SUM(1,2)")
    Article.objects.filter(id=article.id).update(title='=HYPERLINK("http://evil.example")')
    Speaker.objects.filter(id=archive["speaker"].id).update(name="@cmd|' /C calc'!A0")
    Quote.objects.filter(id=quote.id).update(cue="\t=1+1", anonymity_reason="\r=2+2")
    response = _client(admin_user).get(reverse("search_export", args=["csv"]), {"article": article.id})
    row = next(r for r in csv.DictReader(io.StringIO(_body(response))) if r["quote_id"] == str(quote.id))
    assert row["publication"] == "'+SUM(1,2)"
    assert row["article_title"] == '\'=HYPERLINK("http://evil.example")'
    assert row["speaker"] == "'@cmd|' /C calc'!A0"
    assert (row["cue"], row["anonymity_reason"]) == ("'\t=1+1", "'\r=2+2")


def test_the_json_lines_export_keeps_formulas_as_they_are(admin_user, archive):
    # JSON is read by programs, not spreadsheets: the data stays exact
    Quote.objects.filter(id=archive["quote"].id).update(cue="=1+1")
    response = _client(admin_user).get(
        reverse("search_export", args=["jsonl"]), {"article": archive["article"].id}
    )
    cues = {json.loads(line)["cue"] for line in _body(response).splitlines()}
    assert "=1+1" in cues


ODD_IDS = [*HUGE_IDS, "-1", "0", "abc", "1e3", "1.5", "", "٣", "²"]


@pytest.mark.parametrize("param", ["article", "publication", "page"])
def test_odd_ids_and_pages_in_the_search_are_answered(researcher, archive, param):
    assert _failures(_client(researcher), reverse("search"), param, ODD_IDS) == {}


@pytest.mark.parametrize("name", ["article_list", "review_queue", "speaker_directory"])
def test_odd_page_numbers_on_lists_are_answered(researcher, archive, name):
    assert _failures(_client(researcher), reverse(name), "page", ODD_IDS) == {}


def test_odd_article_ids_for_speaker_suggestions_are_answered(researcher, archive):
    client, url = _client(researcher), reverse("speaker_suggest")
    values = [*HUGE_IDS, "-1", "abc", "٣"]
    assert _failures(client, url, "article", values, speaker_name="bee") == {}
    assert 'value="Ann Bee"' in client.get(url, {"speaker_name": "bee", "article": 2**70}).content.decode()


def test_a_superscript_digit_as_article_id_for_suggestions_is_answered(researcher, archive):
    client, url = _client(researcher), reverse("speaker_suggest")
    assert _failures(client, url, "article", ["²", "①", "1²"], speaker_name="bee") == {}


@pytest.mark.parametrize("param", ["article", "publication"])
def test_odd_ids_in_the_export_are_answered(admin_user, archive, param):
    url = reverse("search_export", args=["csv"])
    assert _failures(_client(admin_user), url, param, ODD_IDS, expected=(200, 400)) == {}


@pytest.mark.parametrize("huge", HUGE_IDS[:2])
@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "article_detail"),
        ("get", "speaker_detail"),
        ("get", "quote_history"),
        ("post", "article_retry"),
        ("post", "article_mark_reviewed"),
        ("post", "article_reopen"),
        ("post", "article_retitle"),
        ("post", "page_import_retry"),
        ("post", "feed_pause"),
        ("post", "feed_resume"),
        ("post", "quote_add"),
        ("post", "quote_confirm"),
        ("post", "quote_reject"),
        ("post", "quote_restore"),
        ("post", "quote_correct"),
        ("post", "speaker_merge"),
        ("post", "speaker_split"),
    ],
)
def test_huge_ids_in_paths_are_404(admin_user, archive, method, name, huge):
    response = getattr(_client(admin_user), method)(reverse(name, args=[1]).replace("/1/", f"/{huge}/"))
    assert response.status_code == 404


def test_a_huge_speaker_id_in_a_redescribe_path_is_404(admin_user, archive):
    url = reverse("speaker_redescribe", args=[archive["article"].id, 1]).replace("/1/", f"/{2**70}/")
    assert _client(admin_user).post(url, {"speaker_name": "x"}).status_code == 404


def test_huge_numbers_in_change_forms_are_refused_not_crashed(admin_user, archive):
    quote = Quote.objects.get(id=archive["quote"].id)
    fields = {"speaker_name": "Ann Bee", "kind": "direct", "start": quote.start, "end": quote.end}
    client = _client(admin_user)
    for data, status in [
        (fields | {"version": 2**70}, 409),
        (fields | {"version": -1}, 409),
        (fields | {"version": quote.version, "start": 2**70, "end": 2**71}, 400),
    ]:
        assert client.post(reverse("quote_correct", args=[quote.id]), data).status_code == status
    assert client.post(reverse("quote_confirm", args=[quote.id]), {"version": 2**70}).status_code == 409
    response = client.post(reverse("speaker_merge", args=[archive["bee"].id]), {"target": 2**70})
    assert response.status_code == 400
    assert Quote.objects.get(id=quote.id).version == quote.version


@pytest.fixture
def crowd(db):
    """More quotes than the search counts (1000): its pages past the count are open-ended."""
    text = " ".join(f"«w{i}»" for i in range(1005))
    article = Article.objects.create(title="Crowd", text=text, content_hash="c" * 64, state="done")
    speaker = _speaker("Crowd Person")
    quotes, position = [], 0
    for i in range(1005):
        words = f"«w{i}»"
        position = text.index(words, position)
        quotes.append(
            Quote(article=article, start=position, end=position + len(words), text=words, kind="direct",
                  confidence=0.9, speaker=speaker)
        )  # fmt: skip
    Quote.objects.bulk_create(quotes)
    return speaker


def _crowd_url(page: str, crowd: Speaker) -> str:
    return reverse("search") if page == "search" else reverse("speaker_detail", args=[crowd.id])


@pytest.mark.parametrize("page", ["search", "speaker"])
def test_odd_page_numbers_past_the_count_are_answered(researcher, crowd, page):
    values = ["-1", "0", "abc", "51", "99999999999"]
    assert _failures(_client(researcher), _crowd_url(page, crowd), "page", values) == {}


@pytest.mark.parametrize("page", ["search", "speaker"])
def test_a_huge_page_number_past_the_count_is_answered(researcher, crowd, page):
    values = [str(2**63), "9" * 30]
    assert _failures(_client(researcher), _crowd_url(page, crowd), "page", values) == {}


# --- Forged posts -------------------------------------------------------------------------------------------


FORGED = {
    "upload": lambda a: (reverse("article_upload"), {"text": "Forged\n\nA forged story."}),
    "retry": lambda a: (reverse("article_retry", args=[a["article"].id]), {}),
    "mark reviewed": lambda a: (reverse("article_mark_reviewed", args=[a["article"].id]), {}),
    "retitle": lambda a: (reverse("article_retitle", args=[a["article"].id]), {"title": "Forged title"}),
    "confirm": lambda a: (reverse("quote_confirm", args=[a["quote"].id]), {"version": 2}),
    "correct": lambda a: (
        reverse("quote_correct", args=[a["quote"].id]),
        {
            "version": 2,
            "speaker_name": "Ann Bee",
            "kind": "mixed",
            "start": a["quote"].start,
            "end": a["quote"].end,
        },
    ),
    "add": lambda a: (
        reverse("quote_add", args=[a["article"].id]),
        {"start": 0, "end": 5, "speaker_name": "Ann Bee", "kind": "direct"},
    ),
    "redescribe": lambda a: (
        reverse("speaker_redescribe", args=[a["article"].id, a["speaker"].id]),
        {"speaker_name": "Ann Bee"},
    ),
    "merge": lambda a: (reverse("speaker_merge", args=[a["speaker"].id]), {"target": a["bee"].id}),
    "sign out": lambda a: (reverse("logout"), {}),
}


def _snapshot() -> list:
    return [
        list(Article.objects.order_by("id").values_list("id", "state", "reviewed_at", "updated_at")),
        list(Quote.objects.order_by("id").values_list("id", "version", "review_state", "speaker_id", "kind")),
        list(Speaker.objects.order_by("id").values_list("id", "name", "merged_into_id")),
        AuditEvent.objects.count(),
    ]


@pytest.mark.parametrize("action", FORGED)
def test_a_forged_post_without_a_csrf_token_changes_nothing(admin_user, archive, action):
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    browser.force_login(admin_user)
    token = browser.get(reverse("article_list")).cookies["csrftoken"].value
    before = _snapshot()
    url, data = FORGED[action](archive)
    assert browser.post(url, data).status_code == 403
    assert _snapshot() == before
    assert browser.get(reverse("article_list")).status_code == 200  # still signed in
    # the same post from the page itself goes through: the refusal was the missing token, nothing else
    assert browser.post(url, data, headers={"X-CSRFToken": token}).status_code == 302
