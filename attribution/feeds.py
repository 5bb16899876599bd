"""Reading an RSS or Atom feed (feedparser): bytes in, its newest entries out, each with the key it is known
by (its GUID, else its link). No Django and no network here: services/feeds.py fetches the bytes
(attribution.fetch) and stores what is new."""

import calendar
import datetime
import hashlib
import io
from dataclasses import dataclass

import feedparser

# the entry table's key column (and its unique index, which PostgreSQL bounds in bytes): a longer GUID is
# kept as its hash
KEY_MAX_BYTES = 1000
TITLE_MAX_CHARS = 500


class FeedError(Exception):
    """Why these bytes are no feed we can read, in words for the editor who added it."""


@dataclass(frozen=True)
class Entry:
    key: str  # its GUID (Atom id), or its link when it has none: what tells a new entry from a seen one
    link: str  # absolute: a relative link is resolved against the feed's address
    title: str
    published: datetime.datetime | None  # UTC


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    entries: list[Entry]  # newest first, at most ``max_entries``
    total: int  # entries with a link, repeats counted once
    without_link: int  # entries with nothing to fetch, passed over

    @property
    def left_out(self) -> int:
        return self.total - len(self.entries)


def parse_feed(
    body: bytes,
    *,
    url: str = "",
    content_type: str = "application/xml",
    charset: str | None = None,
    max_entries: int = 200,
) -> ParsedFeed:
    """The feed in ``body``, fetched from ``url``; its ``max_entries`` newest entries (dated ones by date,
    then the undated in the feed's order). Raises FeedError for what is no feed: malformed with no entry
    left to read, or a document that is no RSS or Atom (a web page)."""
    if not body.strip():
        raise FeedError("The feed is empty: its address answered with no content at all.")
    # as the server sent them: feedparser takes the base of relative links and the encoding from these
    headers = {
        "content-location": url,
        "content-type": content_type + (f"; charset={charset}" if charset else ""),
    }
    # A stream, never the bytes themselves: feedparser opens a file whose name it is given, and a server
    # could answer "/etc/passwd". Its HTML sanitizer is off: nothing of an entry's HTML is ever shown, and
    # it is a third of the time of a long feed.
    parsed = feedparser.parse(
        io.BytesIO(body), response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    entries, without_link = _entries(parsed.entries)
    if not entries and not without_link:
        if parsed.bozo:
            raise FeedError(f"This is not a well-formed feed: {_reason(parsed.get('bozo_exception'))}.")
        if not parsed.version:
            raise FeedError("This is not an RSS or Atom feed (a web page, or another kind of document).")
    # Newest first; the undated after the dated, in the feed's own order (most feeds list their newest
    # first). The sort is stable: entries of one date keep the feed's order too.
    dated = sorted((e for e in entries if e.published is not None), key=lambda e: e.published, reverse=True)
    undated = [entry for entry in entries if entry.published is None]
    title = str(parsed.feed.get("title", "")).strip()[:TITLE_MAX_CHARS]
    return ParsedFeed(
        title=title, entries=(dated + undated)[:max_entries], total=len(entries), without_link=without_link
    )


def _entries(raw: list) -> tuple[list[Entry], int]:
    entries: dict[str, Entry] = {}
    without_link = 0
    for item in raw:
        link = str(item.get("link", "")).strip()
        if not link:
            without_link += 1
            continue
        key = _key(str(item.get("id", "")).strip() or link)
        if key in entries:
            continue  # the same entry listed twice: the first one stands
        title = " ".join(str(item.get("title", "")).split())[:TITLE_MAX_CHARS]
        entries[key] = Entry(key=key, link=link, title=title, published=_published(item))
    return list(entries.values()), without_link


def _key(value: str) -> str:
    if len(value.encode()) <= KEY_MAX_BYTES:
        return value
    return "sha256:" + hashlib.sha256(value.encode()).hexdigest()


def _published(item) -> datetime.datetime | None:
    # feedparser's dates are UTC struct_times; an entry never published says when it was updated
    parsed = item.get("published_parsed") or item.get("updated_parsed")
    if not parsed:
        return None
    try:
        return datetime.datetime.fromtimestamp(calendar.timegm(parsed), tz=datetime.UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _reason(error) -> str:
    if error is None:
        return "it could not be read"
    text = str(error).strip().rstrip(".")
    return text or type(error).__name__
