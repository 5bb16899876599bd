"""Turning an uploaded file, pasted text or a fetched web page into an article's plain text and title.

Everything here raises `DocumentError` with a message meant for the person who uploaded the file.
"""

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

import trafilatura

from .extraction.furniture import is_furniture, is_outlet_name
from .extraction.lexicon import TITLE_ABBREVIATIONS

ALLOWED_EXTENSIONS = (".txt", ".md", ".html", ".htm")
HTML_EXTENSIONS = (".html", ".htm")
TITLE_MAX_CHARS = 500
BYLINE_MAX_CHARS = 300
MIN_PAGE_WORDS = 15  # fewer, once menus and footers are gone, and there is no article in the page
# a first line this short is a headline; a longer one is a paragraph, whose first sentence is cut near 100
HEADLINE_CHARS = 150
TITLE_CUT_CHARS = 100
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"“‘'(]?[A-Z])")
_ABBREVIATIONS = TITLE_ABBREVIATIONS | {
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "St.",
    "Mt.",
    "Jr.",
    "Sr.",
    "Gov.",
    "Sen.",
}
_ABBREVIATIONS |= {"Rep.", "Gen.", "Prof.", "Rev.", "No.", "Inc.", "Corp.", "Ltd.", "Co."}

# Control characters other than tab and line breaks do not occur in text; many of them mean a binary file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DocumentError(ValueError):
    pass


@dataclass(frozen=True)
class Document:
    text: str
    title: str


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decode_upload(data: bytes, *, filename: str) -> str:
    """Decode a file as UTF-8 (with or without a byte-order mark), refusing binary data."""
    if b"\x00" in data[:8192]:
        raise DocumentError(f"{filename} looks like a binary file, not text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{filename} is not UTF-8 text "
            f"(undecodable byte 0x{data[exc.start]:02x} at position {exc.start}). "
            "Save it as UTF-8 and upload it again."
        ) from None


def check_extension(filename: str) -> str:
    extension = PurePath(filename).suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        allowed = ", ".join(ALLOWED_EXTENSIONS)
        raise DocumentError(f"{filename}: only {allowed} files can be uploaded.")
    return extension


def normalize_text(text: str) -> str:
    """The stored form of an article: Unix line breaks, NFC, no trailing spaces, at most one blank line."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    lines = [line.rstrip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip()


def _visible(text: str) -> bool:
    # zero-width spaces, joiners and direction marks (Unicode "format" characters) are not whitespace to
    # Python, yet a text of nothing else shows nothing
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)


def document_from_text(text: str, *, title: str = "", filename: str = "text") -> Document:
    text = normalize_text(text)
    if not _visible(text):
        raise DocumentError(f"{filename} is empty.")
    if _CONTROL.search(text):
        raise DocumentError(f"{filename} contains control characters: it looks like a binary file, not text.")
    return Document(text=text, title=_clip_title(title) or title_from_text(text))


def document_from_upload(data: bytes, *, filename: str, title: str = "") -> Document:
    extension = check_extension(filename)
    if not data.strip():
        raise DocumentError(f"{filename} is empty.")
    raw = decode_upload(data, filename=filename)
    if extension in HTML_EXTENSIONS:
        return document_from_html(raw, title=title, filename=filename)
    return document_from_text(raw, title=title, filename=filename)


def document_from_html(html: str, *, title: str = "", filename: str = "The HTML") -> Document:
    """An article's own HTML (a CMS's body, a saved page): its text without the markup, its <title>."""
    html_title, text = html_to_text(html)
    if not normalize_text(text):
        raise DocumentError(f"{filename} has no readable text once its markup is removed.")
    return document_from_text(text, title=title or html_title, filename=filename)


def title_from_text(text: str) -> str:
    """A headline for a text that comes without one: its first short line, passing over an outlet's name, a
    link or gallery line and a caption; else the first sentence of its first paragraph, cut at a word near
    ``TITLE_CUT_CHARS``."""
    lines = [line.strip().lstrip("#").strip() for line in text.splitlines()]  # a Markdown heading's marks
    lines = [line for line in lines if line]
    for line in lines[:6]:
        if is_outlet_name(line) or is_furniture(line):
            continue
        if len(line) <= HEADLINE_CHARS and _sentence_end(line) is None:
            return _clip_title(line)
        return _first_sentence(line)
    return _first_sentence(lines[0]) if lines else "Untitled article"


def _sentence_end(para: str) -> int | None:
    """Where the first sentence of ``para`` ends, if another follows (not after "Dr." or "John F.")."""
    for m in _SENTENCE_END.finditer(para):
        word = para[: m.start()].rsplit(" ", 1)[-1]
        if len(word) > 1 and word + "." not in _ABBREVIATIONS and not word.isupper():
            return m.start() + 1
    return None


def _first_sentence(para: str) -> str:
    para = " ".join(para.split())
    end = _sentence_end(para)
    sentence = para[:end] if end else para
    if len(sentence) <= TITLE_CUT_CHARS + 20:
        return sentence
    return sentence[:TITLE_CUT_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _clip_title(title: str) -> str:
    title = " ".join(title.split())
    if len(title) <= TITLE_MAX_CHARS:
        return title
    return title[: TITLE_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"


# Elements whose content is never article text.
_DROPPED = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas", "select"}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "tr", "ul", "body", "html", "head",
}  # fmt: skip


class _TextExtractor(HTMLParser):
    """Collects visible text as paragraphs; the document's <title> separately."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.title_parts: list[str] = []
        self.first_heading: list[str] = []
        self._dropped_depth = 0
        self._in_title = False
        self._in_h1 = False

    def _flush(self) -> None:
        paragraph = " ".join("".join(self.current).split())
        if paragraph:
            self.paragraphs.append(paragraph)
        self.current = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _DROPPED:
            self._dropped_depth += 1
            return
        if tag == "title":
            self._in_title = True
        elif tag == "h1" and not self.first_heading:
            self._in_h1 = True
        if tag in _BLOCKS or tag == "br":
            self._flush()

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag not in _DROPPED:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self._dropped_depth = max(0, self._dropped_depth - 1)
            return
        if tag == "title":
            self._in_title = False
        elif tag == "h1":
            self._in_h1 = False
        if tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._dropped_depth:
            return
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._in_h1:
            self.first_heading.append(data)
        self.current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_text(html: str) -> tuple[str, str]:
    """Return (title, text): paragraphs separated by blank lines; scripts, styles and markup dropped."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    title = " ".join("".join(parser.title_parts).split()) or " ".join("".join(parser.first_heading).split())
    return title, "\n\n".join(parser.paragraphs)


@dataclass(frozen=True)
class PageDocument(Document):
    """An article taken out of its web page: its text and title, and what the page says of it."""

    byline: str = ""
    published_on: datetime.date | None = None
    canonical_url: str = ""


def document_from_page(body: bytes, *, url: str, charset: str | None = None) -> PageDocument:
    """The article in a fetched web page (trafilatura: the main text without menus, links, comments and
    footers; its title, author, date and canonical address from the page's metadata)."""
    if charset:
        try:
            content: bytes | str = body.decode(charset, errors="replace")
        except LookupError:  # a charset Python does not know: let the page's own <meta> say
            content = body
    else:
        content = body
    found = trafilatura.bare_extraction(
        content,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
    )
    text = (
        "\n\n".join(line.strip() for line in (found.text or "").split("\n") if line.strip()) if found else ""
    )
    if len(text.split()) < MIN_PAGE_WORDS:  # a menu, a paywall's teaser, an error page said with a 200
        raise DocumentError(f"No article text could be found in the page at {url}.")
    document = document_from_text(text, title=(found.title or "").strip(), filename=url)
    return PageDocument(
        text=document.text,
        title=document.title,
        byline=" ".join((found.author or "").split())[:BYLINE_MAX_CHARS],
        published_on=_page_date(found.date),
        canonical_url=found.url or url,
    )


def _page_date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None
