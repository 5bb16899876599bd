"""The load benchmark's client: virtual editors, each a browser of its own (a keep-alive HTTP/1.1 connection
and its cookies, over asyncio), that sign in, browse, search and review, timing every request.

No Django here: the editors know the app only by its pages, as people do.
"""

import asyncio
import random
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

PASSWORD = "load-benchmark-password"  # of every benchmark editor
REQUEST_TIMEOUT = 60  # seconds; a request that takes longer counts as an error
ERRORS_SHOWN = 5


@dataclass(frozen=True)
class Searches:
    words: list[str]  # single words, pairs and "phrases" of the archive's vocabulary
    speakers: list[str]  # surnames (many speakers each) and full names of the archive's speakers


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key == name), "")


class Browser:
    """One editor's browser: a keep-alive HTTP/1.1 connection and the cookies the server set.

    The app sees HTTPS from a proxy; cookies marked Secure are sent back all the same, since we keep them.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def send(
        self, method: str, path: str, *, form: dict | None = None, csrf: str = "", htmx: str = ""
    ) -> Response:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port, limit=2**20)
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{self.port}",
            "X-Forwarded-Proto: https",
            "User-Agent: newsroom-load-benchmark",
            "Accept: text/html",
        ]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        body = b""
        if form is not None:
            body = urlencode(form).encode()
            # Django checks the Origin of a POST made over HTTPS, as browsers send it.
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
                f"Origin: {self.origin}",
            ]
        if csrf:
            lines.append(f"X-CSRFToken: {csrf}")  # what <body hx-headers=...> adds to htmx requests
        if htmx:
            lines += ["HX-Request: true", f"HX-Target: {htmx}"]
        self.writer.write("\r\n".join(lines).encode("latin-1") + b"\r\n\r\n" + body)
        await self.writer.drain()
        response = await self._response()
        for name, value in response.headers:
            if name == "set-cookie":
                self._keep_cookie(value)
        if response.header("connection").lower() == "close":
            self.close()
        return response

    async def _response(self) -> Response:
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection")
        status = int(status_line.split()[1])
        headers = []
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers.append((name.strip().lower(), value.strip()))
        response = Response(status, headers, b"")
        if response.header("transfer-encoding").lower() == "chunked":
            chunks = []
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                chunks.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)  # the chunk's CRLF
            while await self.reader.readline() not in (b"\r\n", b""):  # trailers
                pass
            response.body = b"".join(chunks)
        elif length := response.header("content-length"):
            response.body = await self.reader.readexactly(int(length))
        else:
            response.body = await self.reader.read()  # until the server closes
            self.close()
        return response

    def _keep_cookie(self, header: str) -> None:
        name, _, value = header.split(";", 1)[0].partition("=")
        if not value.strip('"') or "max-age=0" in header.lower():  # how Django deletes a cookie
            self.cookies.pop(name.strip(), None)
        else:
            self.cookies[name.strip()] = value


@dataclass
class Recorder:
    """Response times in ms per kind of request, and the errors."""

    times: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)

    def add(self, kind: str, ms: float, problem: str = "") -> None:
        self.times.setdefault(kind, []).append(ms)
        if problem:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            if len(self.examples) < ERRORS_SHOWN:
                self.examples.append(f"{kind}: {problem}")

    def count(self) -> int:
        return sum(len(samples) for samples in self.times.values())

    def error_count(self) -> int:
        return sum(self.errors.values())

    def merge(self, other: "Recorder") -> None:
        for kind, samples in other.times.items():
            self.times.setdefault(kind, []).extend(samples)
        for kind, errors in other.errors.items():
            self.errors[kind] = self.errors.get(kind, 0) + errors
        self.examples += other.examples[: ERRORS_SHOWN - len(self.examples)]


def _excerpt(body: bytes) -> str:
    """What a refused request's page says: its alert (a conflict, a form error), or the start of its text."""
    page = body.decode("utf-8", "replace")
    alert = re.search(r'role="alert">([^<]+)<', page)
    return (alert[1] if alert else re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))[:400].strip()


CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
# A confirm (or restore) or reject form of the article page, and the version of the quote it carries.
REVIEW_FORM = re.compile(rb'action="/quotes/(\d+)/(confirm|reject)/".*?name="version" value="(\d+)"', re.S)


class Editor:
    """One virtual editor: signs in, then browses and reviews its own articles until the deadline."""

    def __init__(
        self, port: int, username: str, articles: list[int], terms: Searches, think: tuple[float, float]
    ) -> None:
        self.browser = Browser(port)
        self.username = username
        self.articles = articles
        self.terms = terms
        self.think = think
        self.rng = random.Random(username)
        self.recorder = Recorder()  # the phase at hand's
        self.signed_in = False

    async def request(
        self, kind: str, method: str, path: str, *, expect: int = 200, **options
    ) -> Response | None:
        """Send and time one request; a refused or failed one is recorded as an error and gives None."""
        started = time.perf_counter()
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT):
                response = await self.browser.send(method, path, **options)
        except (OSError, TimeoutError, ValueError, asyncio.IncompleteReadError) as exc:
            self.browser.close()  # in an unknown state: the next request opens a new connection
            ms = (time.perf_counter() - started) * 1000
            self.recorder.add(kind, ms, f"{method} {path}: {type(exc).__name__} {exc}")
            return None
        ms = (time.perf_counter() - started) * 1000
        problem = ""
        location = response.header("location")
        if response.status != expect:
            problem = f"{method} {path}: {response.status} {location} {_excerpt(response.body)}"
        elif expect == 302 and "/accounts/login/" in location:
            problem = f"{method} {path}: redirected back to sign-in"
        self.recorder.add(kind, ms, problem)
        return None if problem else response

    async def pause(self) -> None:
        if self.think[1]:
            await asyncio.sleep(self.rng.uniform(*self.think))

    async def sign_in(self) -> None:
        page = await self.request("sign-in page", "GET", "/accounts/login/")
        if page is None:
            return
        token = CSRF_INPUT.search(page.body).group(1).decode()
        form = {"csrfmiddlewaretoken": token, "username": self.username, "password": PASSWORD, "next": ""}
        response = await self.request("sign-in", "POST", "/accounts/login/", form=form, expect=302)
        self.signed_in = response is not None

    async def browse(self, deadline: float, pages: int) -> None:
        steps = [
            self.article_list,
            self.article_and_review,
            self.search_words,
            self.article_and_review,
            self.search_speaker,
        ]
        # Each editor starts at a step of its own, after a pause of its own: not all on the list at once.
        first = self.rng.randrange(len(steps))
        steps = steps[first:] + steps[:first]
        await self.pause()
        while True:
            for step in steps:
                if time.monotonic() >= deadline:
                    return
                await step(deadline, pages)

    async def article_list(self, deadline: float, pages: int) -> None:
        # Most look at the newest articles; some page back.
        page = 1 if self.rng.random() < 0.5 else self.rng.randint(1, pages)
        await self.request("article list", "GET", f"/articles/?page={page}")
        await self.pause()

    async def article_and_review(self, deadline: float, pages: int) -> None:
        article = self.rng.choice(self.articles)
        page = await self.request("article page", "GET", f"/articles/{article}/")
        await self.pause()
        if page is None or time.monotonic() >= deadline:
            return
        forms = REVIEW_FORM.findall(page.body)
        if not forms:
            return
        # One quote, and one of the actions its state allows: confirm or reject an unreviewed one, reject a
        # confirmed one, restore (confirm) a rejected one. Quotes go round these states as the run goes on.
        quote = self.rng.choice(sorted({quote for quote, _, _ in forms}))
        quote_id, action, version = self.rng.choice([f for f in forms if f[0] == quote])
        token = CSRF_INPUT.search(page.body).group(1).decode()
        await self.request(
            "review action",
            "POST",
            f"/quotes/{quote_id.decode()}/{action.decode()}/",
            form={"csrfmiddlewaretoken": token, "version": version.decode()},
            csrf=token,
            htmx="article-body",
        )
        await self.pause()

    async def search_words(self, deadline: float, pages: int) -> None:
        query = {"q": self.rng.choice(self.terms.words)}
        await self.request("search: words", "GET", "/search/?" + urlencode(query))
        await self.pause()

    async def search_speaker(self, deadline: float, pages: int) -> None:
        query = {"speaker": self.rng.choice(self.terms.speakers)}
        await self.request("search: speaker", "GET", "/search/?" + urlencode(query))
        await self.pause()
