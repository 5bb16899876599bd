"""The load benchmark's client: virtual editors, each a browser of its own (an httpx client: a keep-alive
connection and its cookies, over asyncio), that sign in, browse, search and review, timing every request.

No Django here: the editors know the app only by its pages, as people do.
"""

import asyncio
import logging
import random
import re
import time
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import httpx

PASSWORD = "load-benchmark-password"  # of every benchmark editor
REQUEST_TIMEOUT = 60  # seconds; a request that takes longer counts as an error
ERRORS_SHOWN = 5
logging.getLogger("httpx").setLevel(logging.WARNING)  # it would log every request at INFO


@dataclass(frozen=True)
class Searches:
    words: list[str]  # single words, pairs and "phrases" of the archive's vocabulary
    speakers: list[str]  # surnames (many speakers each) and full names of the archive's speakers


class _TLSEndingProxy(httpx.AsyncHTTPTransport):
    """What the proxy in front of the app does: the browser asks for https://, the app gets plain HTTP
    with X-Forwarded-Proto: https. So the cookies the app marks Secure go back, as a real browser's do."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme="http")
        request.headers["X-Forwarded-Proto"] = "https"
        return await super().handle_async_request(request)


class Browser:
    """One editor's browser: an httpx client (one keep-alive connection) and the cookies the server set.

    Each phase of the benchmark runs in an event loop of its own and an httpx client belongs to one loop:
    the client is made on the phase's first request and closed at its end (`close`); the cookies stay.
    """

    def __init__(self, port: int) -> None:
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies = CookieJar()
        self.client: httpx.AsyncClient | None = None

    async def close(self) -> None:
        if self.client is not None:
            await self.client.aclose()
        self.client = None

    async def send(
        self, method: str, path: str, *, form: dict | None = None, csrf: str = "", htmx: str = ""
    ) -> httpx.Response:
        if self.client is None:
            self.client = httpx.AsyncClient(
                base_url=self.origin,
                # plain HTTP to the app: no certificates to load (loading them takes tens of ms per client)
                transport=_TLSEndingProxy(verify=False, limits=httpx.Limits(max_connections=1)),
                cookies=self.cookies,  # the jar itself: given httpx.Cookies, the client would copy them
                headers={"User-Agent": "newsroom-load-benchmark", "Accept": "text/html"},
                timeout=None,  # REQUEST_TIMEOUT bounds the whole request instead (Editor.request)
            )
        headers = {}
        if form is not None:
            headers["Origin"] = self.origin  # Django checks the Origin of a POST made over HTTPS
        if csrf:
            headers["X-CSRFToken"] = csrf  # what <body hx-headers=...> adds to htmx requests
        if htmx:
            headers |= {"HX-Request": "true", "HX-Target": htmx}
        return await self.client.request(method, path, data=form, headers=headers)


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
# A confirm, restore or reject form of the article page, and the version of the quote it carries.
REVIEW_FORM = re.compile(
    rb'action="/quotes/(\d+)/(confirm|reject|restore)/".*?name="version" value="(\d+)"', re.S
)


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
    ) -> httpx.Response | None:
        """Send and time one request; a refused or failed one is recorded as an error and gives None."""
        started = time.perf_counter()
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT):
                response = await self.browser.send(method, path, **options)
        except (httpx.HTTPError, OSError, TimeoutError) as exc:
            # httpx drops a connection that failed or was cut short; the next request opens a new one
            ms = (time.perf_counter() - started) * 1000
            self.recorder.add(kind, ms, f"{method} {path}: {type(exc).__name__} {exc}")
            return None
        ms = (time.perf_counter() - started) * 1000
        problem = ""
        location = response.headers.get("location", "")
        if response.status_code != expect:
            problem = f"{method} {path}: {response.status_code} {location} {_excerpt(response.content)}"
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
        token = CSRF_INPUT.search(page.content).group(1).decode()
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
        forms = REVIEW_FORM.findall(page.content)
        if not forms:
            return
        # One quote, and one of the actions its state allows: confirm or reject an unreviewed one, reject a
        # confirmed one, restore a rejected one (to unreviewed). Quotes go round these states as the run goes.
        quote = self.rng.choice(sorted({quote for quote, _, _ in forms}))
        quote_id, action, version = self.rng.choice([f for f in forms if f[0] == quote])
        token = CSRF_INPUT.search(page.content).group(1).decode()
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
