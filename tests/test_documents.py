import datetime

import pytest

from attribution.documents import (
    DocumentError,
    content_hash,
    document_from_page,
    document_from_text,
    document_from_upload,
    html_to_text,
    normalize_text,
)


def test_it_takes_the_title_from_the_first_line():
    document = document_from_text("# Macron speaks\n\nHe said things.")
    assert document.title == "Macron speaks"
    assert document.text == "# Macron speaks\n\nHe said things."


def test_a_given_title_wins_over_the_first_line():
    assert document_from_text("First line\nMore", title="  Given   title ").title == "Given title"


def test_it_normalizes_line_breaks_and_blank_runs():
    assert normalize_text("a  \r\nb\r\rc\n\n\n\nd\n") == "a\nb\n\nc\n\nd"


def test_the_same_text_with_other_line_breaks_has_the_same_hash():
    assert content_hash(document_from_text("a\r\nb").text) == content_hash(document_from_text("a\nb").text)


def test_it_refuses_empty_text():
    with pytest.raises(DocumentError, match="empty"):
        document_from_text(" \n\t\n")


def test_it_refuses_control_characters():
    with pytest.raises(DocumentError, match="binary"):
        document_from_text("text\x01\x02 with control bytes")


def test_it_decodes_utf8_with_a_byte_order_mark():
    document = document_from_upload("\ufeffTitle\n«Bonjour», dit-il.".encode(), filename="a.txt")
    assert document.text.startswith("Title")


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.txt", "empty"),
        (b"  \n ", "blank.txt", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt", "binary"),
        (b"caf\xe9 au lait", "latin1.txt", r"not UTF-8 text \(undecodable byte 0xe9 at position 3\)"),
        (b"MZ\x90\x00\x03", "setup.exe", "only .txt, .md, .html, .htm files"),
        (b"<html><script>alert(1)</script></html>", "script.html", "no readable text"),
    ],
)
def test_it_refuses_bad_uploads_with_a_clear_message(data, filename, message):
    with pytest.raises(DocumentError, match=message):
        document_from_upload(data, filename=filename)


def test_html_keeps_paragraphs_and_drops_scripts_and_styles():
    html = """<html><head><title>Drones &amp; Donbass</title><style>p{color:red}</style></head>
    <body><nav><a href="/">Home</a></nav>
    <h1>Headline</h1>
    <p>First <b>paragraph</b>
       over two lines.</p><script>document.write("evil")</script>
    <p onclick="steal()">«Quote»,&nbsp;said&nbsp;he.</p><br>Tail<img src=x onerror=alert(1)>
    </body></html>"""
    title, text = html_to_text(html)
    assert title == "Drones & Donbass"
    assert text == "Home\n\nHeadline\n\nFirst paragraph over two lines.\n\n«Quote», said he.\n\nTail"
    assert "evil" not in text and "color" not in text


def test_html_without_a_title_element_uses_the_first_heading():
    document = document_from_upload(b"<h1>The headline</h1><p>Body.</p>", filename="a.html")
    assert document.title == "The headline"
    assert document.text == "The headline\n\nBody."


def test_a_very_long_first_line_makes_a_clipped_title():
    document = document_from_text("word " * 300)
    assert len(document.title) <= 500 and document.title.endswith("…")


def test_a_text_opening_with_a_paragraph_is_titled_by_its_first_sentence_cut_near_100_characters():
    first = (
        "Harbourview council voted on Tuesday night to delay the transit line by two years, after a long "
        "debate about costs and the route through the old town. The mayor said she was disappointed."
    )
    title = document_from_text(first + "\n\nMore text.").title
    assert title.startswith("Harbourview council voted on Tuesday night to delay the transit line")
    assert 80 <= len(title) <= 110 and title.endswith("…") and " " not in title[-2:]


@pytest.mark.parametrize(
    "text, title",
    [
        (
            "The ferry is back. Harbourview's ferry resumed service on Monday after a month of repairs.",
            "The ferry is back.",
        ),
        ("Dr. Ann Lee wins the prize\n\nThe jury met on Monday.", "Dr. Ann Lee wins the prize"),
        (
            "Const. Dana Pike and John F. Kennedy Jr. spoke. Then the mayor did.",
            "Const. Dana Pike and John F. Kennedy Jr. spoke.",
        ),
    ],
)
def test_a_short_first_sentence_is_the_title_whole(text, title):
    assert document_from_text(text).title == title


@pytest.mark.parametrize("furniture", ["CBC News", "The Canadian Press", "Photo gallery: Storm in pictures"])
def test_an_outlet_name_or_a_gallery_label_is_not_the_title(furniture):
    text = f"{furniture}\n\nFerry service resumes\n\nHarbourview's ferry resumed service on Monday."
    assert document_from_text(text).title == "Ferry service resumes"


# --- web pages (document_from_page) ------------------------------------------------------------------------

_STORY = [
    "«We are ready,» Mayor Ann Lee said on Monday, as the council met to vote on the plan that would rebuild "
    "the harbour front and its old piers.",
    "The vote passed eight to three after a debate that ran late into the night, councillors said, and work "
    "could start in the spring if the province agrees to pay its share.",
    "“This is the biggest change to the waterfront in fifty years,” said Omar Haddad, who chairs the harbour "
    "committee, adding that the old ferry terminal would be kept.",
    "Residents who spoke at the meeting were divided; several said the plan ignored the fishermen who still "
    "work from the east pier.",
]


def _page(head: str = "", before: str = "", after: str = "") -> bytes:
    story = "".join(f"<p>{p}</p>\n" for p in _STORY)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body>{before}"
        f"<article><h1>Council votes on the harbour plan</h1>{story}</article>{after}</body></html>"
    ).encode()


def test_an_article_page_gives_its_text_title_byline_date_and_address():
    head = (
        "<title>Council votes on the harbour plan | The Harbour Herald</title>"
        "<link rel='canonical' href='https://herald.example/news/harbour-plan'>"
        "<meta name='author' content='Jane Roe'>"
        "<meta property='article:published_time' content='2026-11-30T09:00:00Z'>"
    )
    page = document_from_page(_page(head), url="https://herald.example/news/harbour-plan?utm_source=x")
    assert page.title == "Council votes on the harbour plan"
    assert page.byline == "Jane Roe"
    assert page.published_on == datetime.date(2026, 11, 30)
    assert page.canonical_url == "https://herald.example/news/harbour-plan"
    paragraphs = page.text.split("\n\n")
    assert paragraphs[-len(_STORY) :] == _STORY


def test_a_page_heavy_with_boilerplate_gives_the_story_alone():
    before = (
        "<div class='cookie-banner'>We use cookies to improve your experience. Accept all cookies?</div>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li><li><a href='/sport'>Sport"
        "</a></li><li><a href='/subscribe'>Subscribe for $1 a week</a></li></ul></nav>"
        "<div class='ad'>ADVERTISEMENT</div><a class='skip' href='#main'>WATCH: Harbour fire, live video</a>"
    )
    after = (
        "<aside><h2>Most read</h2><ul>"
        + "".join(f"<li><a href='/s{i}'>Ten things to do {i}</a></li>" for i in range(8))
        + "</ul></aside><section class='comments'><h2>Comments</h2>"
        "<p>Great story!! Bob, 2 hours ago</p></section>"
        "<footer><p>© 2026 The Harbour Herald. All rights reserved. Terms of use.</p></footer>"
        "<script>var tracking = 'window.location';</script>"
    )
    page = document_from_page(_page(before=before, after=after), url="https://herald.example/a")
    for paragraph in _STORY:
        assert paragraph in page.text
    for boilerplate in (
        "cookies",
        "Subscribe",
        "ADVERTISEMENT",
        "WATCH:",
        "Most read",
        "Great story",
        "©",
        "tracking",
    ):
        assert boilerplate not in page.text


def test_a_page_in_its_declared_charset_is_read_as_such():
    body = _page().decode().replace("utf-8", "windows-1252").encode("cp1252", errors="replace")
    page = document_from_page(body, url="https://herald.example/a", charset="windows-1252")
    assert "«We are ready,»" in page.text and "“This is the biggest change" in page.text


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
        b"<html><body><h1>Subscribe to read</h1><p>This story is for subscribers.</p></body></html>",
        b"",
        b"\x89PNG\r\n\x1a\n",
    ],
)
def test_a_page_without_an_article_is_refused_with_its_address(body):
    refusal = "No article text could be found in the page at https://x.example/"
    with pytest.raises(DocumentError, match=refusal):
        document_from_page(body, url="https://x.example/")
