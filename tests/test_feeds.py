"""Reading RSS and Atom feeds (attribution.feeds): bytes in, the newest entries out, a clear reason for
what is no feed. No Django and no network here."""

import datetime
import time

import pytest

from attribution.feeds import FeedError, parse_feed

UTC = datetime.UTC

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Herald &amp; Post</title><link>https://herald.example/</link>
<item><title>Older story</title><link>https://herald.example/news/older</link>
  <guid isPermaLink="false">herald-1</guid><pubDate>Mon, 30 Nov 2026 08:00:00 GMT</pubDate></item>
<item><title>Newest story</title><link>/news/newest</link>
  <guid isPermaLink="false">herald-2</guid><pubDate>Tue, 01 Dec 2026 09:30:00 +0100</pubDate></item>
<item><title>A guid that is its link</title><guid>https://herald.example/news/permalink</guid></item>
<item><title>Nothing to fetch</title><description>no link, no guid</description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Courier</title>
<entry><id>tag:courier.example,2026:1</id><title>First</title>
  <link rel="alternate" href="https://courier.example/1"/><updated>2026-12-01T10:00:00Z</updated></entry>
<entry><id>tag:courier.example,2026:2</id><title>Second</title>
  <link rel="alternate" href="https://courier.example/2"/><published>2026-12-02T10:00:00Z</published>
  <updated>2026-12-03T10:00:00Z</updated></entry>
</feed>"""


def _rss_of(count: int) -> bytes:
    items = "".join(
        f"<item><title>Story {i}</title><link>https://herald.example/news/{i}</link><guid>urn:herald:{i}</guid>"
        f"<pubDate>{_rfc822(i)}</pubDate></item>"
        for i in range(count)
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Big</title>{items}</channel></rss>".encode()
    )


def _rfc822(i: int) -> str:
    # story i was published i minutes after midnight: the highest number is the newest
    moment = datetime.datetime(2026, 12, 1, tzinfo=UTC) + datetime.timedelta(minutes=i)
    return moment.strftime("%a, %d %b %Y %H:%M:%S GMT")


def test_an_rss_feed_gives_its_entries_newest_first_keyed_by_guid():
    feed = parse_feed(RSS, url="https://herald.example/feed.xml")
    assert feed.title == "Herald & Post"
    assert [(e.key, e.link, e.title) for e in feed.entries] == [
        ("herald-2", "https://herald.example/news/newest", "Newest story"),  # relative to the feed's address
        ("herald-1", "https://herald.example/news/older", "Older story"),
        (
            "https://herald.example/news/permalink",
            "https://herald.example/news/permalink",
            "A guid that is its link",
        ),
    ]
    assert feed.entries[0].published == datetime.datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    assert feed.entries[2].published is None  # undated entries come after the dated ones
    # the entry with nothing to fetch is counted, not returned
    assert (feed.total, feed.without_link, feed.left_out) == (3, 1, 0)


def test_an_atom_feed_is_read_the_same_way():
    feed = parse_feed(ATOM, url="https://courier.example/atom")
    assert feed.title == "Courier"
    assert [(e.key, e.link) for e in feed.entries] == [
        ("tag:courier.example,2026:2", "https://courier.example/2"),
        ("tag:courier.example,2026:1", "https://courier.example/1"),
    ]
    assert feed.entries[0].published == datetime.datetime(
        2026, 12, 2, 10, tzinfo=UTC
    )  # published, not updated


def test_an_entry_without_a_guid_is_keyed_by_its_link_and_repeats_are_taken_once():
    body = (
        b"<rss version='2.0'><channel><title>T</title>"
        b"<item><title>A</title><link>https://t.example/a</link></item>"
        b"<item><title>A again</title><link>https://t.example/a</link></item>"
        b"</channel></rss>"
    )
    feed = parse_feed(body)
    assert [(e.key, e.title) for e in feed.entries] == [("https://t.example/a", "A")]


def test_a_very_long_guid_is_kept_to_a_bounded_key():
    guid = "urn:" + "x" * 5000
    body = f"<rss version='2.0'><channel><item><guid>{guid}</guid><link>https://t.example/a</link></item>"
    key = parse_feed((body + "</channel></rss>").encode()).entries[0].key
    assert len(key) <= 1000 and key.startswith("sha256:")


def test_an_empty_feed_is_a_feed_with_nothing_new():
    feed = parse_feed(b"<rss version='2.0'><channel><title>Quiet</title></channel></rss>")
    assert feed.title == "Quiet" and feed.entries == [] and feed.total == 0


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<rss version='2.0'><channel><title>Cut off", "not a well-formed feed"),
        (b"this is not xml at all", "not a well-formed feed"),
        (b"\x89PNG\r\n\x1a\n", "not a well-formed feed"),
        (
            b"<html><head><title>A page</title></head><body><p>Hello</p></body></html>",
            "not an RSS or Atom feed",
        ),
        (b"", "empty"),
    ],
)
def test_what_is_no_feed_is_refused_with_a_clear_reason(body, reason):
    with pytest.raises(FeedError, match=reason):
        parse_feed(body)


def test_bytes_that_name_a_local_file_are_read_as_a_feed_not_opened(tmp_path):
    # feedparser opens a file whose name it is given as bytes; parse_feed never lets it
    local = tmp_path / "secret.xml"
    local.write_bytes(RSS)
    with pytest.raises(FeedError, match="not an RSS or Atom feed|not a well-formed feed"):
        parse_feed(str(local).encode())


def test_a_feed_of_entity_expansions_is_not_expanded():
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{laughs}]>'
        "<rss version='2.0'><channel><title>&l9;</title>"
        "<item><title>A</title><link>https://t.example/a</link></item></channel></rss>"
    ).encode()
    feed = parse_feed(body)
    assert len(feed.title) < 100 and [e.link for e in feed.entries] == ["https://t.example/a"]


def test_a_feed_of_ten_thousand_entries_gives_the_newest_and_says_how_many_were_left():
    body = _rss_of(10_000)
    began = time.monotonic()
    feed = parse_feed(body, max_entries=200)
    assert time.monotonic() - began < 10
    assert len(feed.entries) == 200 and (feed.total, feed.left_out) == (10_000, 9_800)
    assert feed.entries[0].key == "urn:herald:9999" and feed.entries[-1].key == "urn:herald:9800"
