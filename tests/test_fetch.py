"""Safe fetching (attribution.fetch) against a local HTTP server of this test's own, on 127.0.0.1, reached by
the name news.test through a stubbed DNS answer. No test here opens a connection outside 127.0.0.0/8: the
refusals of other addresses are checked on the address check itself and before any connection."""

import gzip
import socket
import time
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

from attribution.fetch import FEED_TYPES, FetchError, address_refusal, fetch

from .support import local_http_server

PAGE = (
    b"<html><head><title>Harbour plan</title></head><body><p>\xc2\xabYes,\xc2\xbb she said.</p></body></html>"
)
# a whole article page, its metadata and boilerplate around it: what an import makes an article of
STORY_PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'>"
    "<title>Council votes on the harbour plan | Herald</title>"
    "<link rel='canonical' href='https://herald.example/news/harbour-plan'>"
    "<meta name='author' content='Jane Roe'>"
    "</head><body><nav><a href='/'>Home</a> <a href='/subscribe'>Subscribe</a></nav><article>"
    "<h1>Council votes on the harbour plan</h1>"
    + "".join(
        f"<p>{sentence} The vote passed eight to three after a debate that ran late into the night.</p>"
        for sentence in [
            "«We are ready,» Mayor Ann Lee said on Monday, as the council met to vote on the harbour plan.",
            "“This is the biggest change to the waterfront in fifty years,” said Omar Haddad.",
            "Residents who spoke at the meeting were divided about the old east pier.",
        ]
    )
    + "</article><footer>© 2026 Herald</footer></body></html>"
).encode()
BOMB = gzip.compress(b" " * (60 * 1024 * 1024), compresslevel=9)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status=200, body=b"", content_type="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        if not any(name == "Content-Length" for name, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # one route a branch
        port = self.server.server_address[1]
        path = self.path
        if path == "/article":
            self._send(
                body=PAGE, headers=[("ETag", '"v1"'), ("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT")]
            )
        elif path.startswith("/story"):
            self._send(body=STORY_PAGE)
        elif path == "/conditional":
            if self.headers.get("If-None-Match") == '"v1"':
                self._send(304, content_type="")
            else:
                self._send(body=PAGE, headers=[("ETag", '"v1"')])
        elif path == "/feed":
            self._send(
                body=b"<rss version='2.0'><channel></channel></rss>", content_type="application/rss+xml"
            )
        elif path == "/declared-huge":
            self._send(body=b"", headers=[("Content-Length", str(50 * 1024 * 1024))])
        elif path == "/huge":
            # 50 MB with no length given: read until the limit, then stop
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(50 * 16):
                    self.wfile.write(b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(1)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/binary":
            self._send(body=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
        elif path == "/pdf":
            self._send(body=b"%PDF-1.7", content_type="application/pdf")
        elif path == "/bomb":
            self._send(body=BOMB, headers=[("Content-Encoding", "gzip")])
        elif path == "/to-loopback":
            self._send(302, content_type="", headers=[("Location", f"http://127.0.0.1:{port}/article")])
        elif path == "/to-metadata":
            self._send(
                302, content_type="", headers=[("Location", "http://169.254.169.254/latest/meta-data/")]
            )
        elif path == "/to-ftp":
            self._send(302, content_type="", headers=[("Location", "ftp://news.test/file")])
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            target = "/article" if left == 0 else f"/hop/{left - 1}"
            self._send(302, content_type="", headers=[("Location", target)])
        else:
            self._send(404, body=b"not here")


@pytest.fixture(scope="module")
def server():
    with local_http_server(Handler) as port:
        yield port


def _resolver(answers):
    """A stubbed DNS: each name to the addresses given; anything else is not found."""

    def resolve(host, port, type=0, **_):
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        family = {4: socket.AF_INET, 6: socket.AF_INET6}
        return [(family[6 if ":" in a else 4], socket.SOCK_STREAM, 6, "", (a, port)) for a in answers[host]]

    return resolve


LOCAL = _resolver({"news.test": ["127.0.0.1"], "127.0.0.1": ["127.0.0.1"]})


def _get(port, path, **options):
    options.setdefault("allowed_hosts", ["news.test"])
    options.setdefault("resolver", LOCAL)
    return fetch(f"http://news.test:{port}{path}", **options)


def test_an_article_page_comes_back_with_its_validators(server):
    page = _get(server, "/article")
    assert page.status == 200 and page.body == PAGE
    assert page.content_type == "text/html" and page.charset == "utf-8"
    assert page.etag == '"v1"' and page.last_modified.startswith("Tue, 01 Dec 2026")


def test_a_conditional_get_of_an_unchanged_page_is_a_304(server):
    page = _get(server, "/conditional", etag='"v1"')
    assert page.status == 304 and page.body == b""
    assert _get(server, "/conditional", etag='"v0"').status == 200


def test_a_feed_is_fetched_only_when_feeds_are_asked_for(server):
    assert _get(server, "/feed", content_types=FEED_TYPES).content_type == "application/rss+xml"
    with pytest.raises(FetchError, match="application/rss\\+xml, not a page we can read"):
        _get(server, "/feed")


def test_redirects_are_followed_up_to_the_limit(server):
    assert _get(server, "/hop/4").final_url == f"http://news.test:{server}/article"
    with pytest.raises(FetchError, match="More than 5 redirects"):
        _get(server, "/hop/5")


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/declared-huge", "52,428,800 bytes; the limit is 5,242,880"),
        ("/huge", "larger than the limit of 5,242,880 bytes"),
        ("/bomb", "larger than the limit of 5,242,880 bytes"),  # counted after decompression
        ("/binary", "is a binary file, though it says it is text/html"),
        ("/pdf", "is application/pdf, not a page we can read"),
        ("/missing", "answered 404 Not Found"),
        ("/to-loopback", "127.0.0.1 resolves to 127.0.0.1, and it is this machine"),
        ("/to-ftp", "Only http and https addresses can be fetched, not ftp"),
    ],
)
def test_hostile_answers_end_with_a_clear_reason(server, path, reason):
    with pytest.raises(FetchError, match=reason.replace("(", "\\(").replace("+", "\\+")):
        _get(server, path)


def test_a_redirect_to_the_metadata_address_is_refused_before_connecting(server):
    resolver = _resolver({"news.test": ["127.0.0.1"], "169.254.169.254": ["169.254.169.254"]})
    with pytest.raises(FetchError, match="169.254.169.254, and it is a link-local address"):
        _get(server, "/to-metadata", resolver=resolver)


def test_a_server_that_drips_a_byte_a_second_is_stopped_at_the_total_time_out(server):
    began = time.monotonic()
    with pytest.raises(FetchError, match="too slowly"):
        _get(server, "/drip", total_timeout=2)
    assert time.monotonic() - began < 5


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "::1",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",
        "fe80::1",
        "fd00::1",
        "fdab:cdef::1",
        "::ffff:10.0.0.1",
        "::ffff:127.0.0.1",
        "0.0.0.0",
        "100.64.0.1",
        "224.0.0.1",
        "240.0.0.1",
    ],
)
def test_no_address_of_this_machine_or_a_private_network_is_fetched(address):
    assert address_refusal(address) is not None
    # nor through a name that resolves to it: refused before any connection is attempted
    never = httpx.MockTransport(lambda request: pytest.fail(f"a connection was attempted: {request.url}"))
    resolver = _resolver({"evil.example": ["93.184.215.14", address]})
    with pytest.raises(FetchError, match=f"evil.example resolves to {address.replace('.', '[.]')}"):
        fetch("http://evil.example/", resolver=resolver, transport=never)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700::1111", "172.32.0.1"])
def test_public_addresses_are_allowed(address):
    assert address_refusal(address) is None


def test_the_connection_goes_to_the_address_that_was_checked():
    seen = []

    def answer(request):
        seen.append((str(request.url), request.headers["Host"]))
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=b"<p>ok</p>")

    resolver = _resolver({"news.example": ["93.184.215.14"]})
    page = fetch("http://news.example/a?b=1", resolver=resolver, transport=httpx.MockTransport(answer))
    assert page.body == b"<p>ok</p>"
    assert seen == [("http://93.184.215.14/a?b=1", "news.example")]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "Only http and https"),
        ("javascript:alert(1)", "Only http and https"),
        ("http:///nohost", "has no host name"),
        ("http://news.test:99999/", "bad port"),
        ("http://unknown.invalid/", "could not be found"),
    ],
)
def test_bad_addresses_are_refused(url, reason):
    never = httpx.MockTransport(lambda request: pytest.fail("a connection was attempted"))
    with pytest.raises(FetchError, match=reason):
        fetch(url, resolver=LOCAL, transport=never)
