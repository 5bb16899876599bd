"""Fetching a page someone gave us the address of, safely: the article importer's and the feed poller's one
way out to the network. No Django here: the callers pass the settings.

What a hostile address or server cannot make it do:
- reach this machine or its network: every address a host name resolves to is checked (loopback, private,
  link-local and cloud metadata, multicast, reserved) before connecting, on the first request and on every
  redirect, and the connection goes to the address that was checked (no second DNS answer in between);
  ``allowed_hosts`` (tests, an intranet) are the only exceptions, by name;
- read without end: at most ``max_bytes`` of the body, counted after decompression (a gzip bomb stops
  there), streamed; a connect time-out and a total one (a server dripping a byte a second stops too);
- take it elsewhere: http and https only, at most ``max_redirects`` redirects;
- hand over something that is no page: only the content types asked for, and no binary body.
"""

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

Resolver = Callable[..., list]  # as socket.getaddrinfo

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
)
REDIRECTS = {301, 302, 303, 307, 308}
USER_AGENT = "NewsroomQuotes/1.0 (article import)"
SNIFF_BYTES = 1024


class FetchError(Exception):
    """Why a fetch was refused or failed, in words for the editor who gave the address."""


@dataclass(frozen=True)
class Fetched:
    url: str  # the address given
    final_url: str  # after redirects
    status: int  # 200, or 304 for a conditional GET whose page has not changed
    content_type: str
    charset: str | None
    body: bytes
    etag: str = ""
    last_modified: str = ""


def address_refusal(address: str) -> str | None:
    """Why we will not connect to this IP address, or None when it is a public one."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "it is this machine (a loopback address)"
    if ip.is_link_local:
        # 169.254.169.254, the cloud metadata service, is one of these
        return "it is a link-local address (where cloud metadata services live)"
    if ip.is_private:
        return "it is on a private network"
    if ip.is_multicast or ip.is_reserved or ip.is_unspecified or not ip.is_global:
        return "it is not a public internet address"
    return None


def _checked_address(host: str, port: int, allowed: bool, resolver: Resolver) -> str:
    """The address to connect to for ``host``: the first it resolves to, every one of them checked."""
    try:
        infos = resolver(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise FetchError(f"The address {host} could not be found ({error}).") from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(f"The address {host} could not be found.")
    if not allowed:
        for address in addresses:
            refusal = address_refusal(address)
            if refusal:
                raise FetchError(f"Not fetched: {host} resolves to {address}, and {refusal}.")
    return addresses[0]


def _pinned(url: str, address: str) -> str:
    """``url`` with its host replaced by ``address``: the connection goes where the check looked."""
    parts = urlsplit(url)
    host = f"[{address}]" if ":" in address else address
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))


def _target(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"Only http and https addresses can be fetched, not {parts.scheme or 'this'}: {url}")
    if not parts.hostname:
        raise FetchError(f"This address has no host name: {url}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FetchError(f"This address has a bad port: {url}") from error
    return parts.scheme, parts.hostname, port


def fetch(
    url: str,
    *,
    content_types: Iterable[str] = PAGE_TYPES,
    allowed_hosts: Iterable[str] = (),
    max_bytes: int = 5 * 1024 * 1024,
    max_redirects: int = 5,
    connect_timeout: float = 5.0,
    total_timeout: float = 20.0,
    etag: str = "",
    last_modified: str = "",
    resolver: Resolver = socket.getaddrinfo,
    transport: httpx.BaseTransport | None = None,
) -> Fetched:
    """GET ``url`` within the limits above; ``etag`` / ``last_modified`` make it a conditional GET (a 304
    comes back as ``status`` 304 with no body). Raises FetchError with the reason."""
    wanted = tuple(content_types)
    allowed = {host.lower() for host in allowed_hosts}
    deadline = time.monotonic() + total_timeout
    timeout = httpx.Timeout(total_timeout, connect=connect_timeout)
    headers = {"User-Agent": USER_AGENT, "Accept": ", ".join((*wanted, "*/*;q=0.1"))}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = url
    with httpx.Client(
        timeout=timeout, transport=transport, follow_redirects=False, trust_env=False
    ) as client:
        for _ in range(max_redirects + 1):
            scheme, host, port = _target(current)
            address = _checked_address(host, port, host.lower() in allowed, resolver)
            request_headers = {**headers, "Host": urlsplit(current).netloc.rsplit("@", 1)[-1]}
            extensions = {"sni_hostname": host} if scheme == "https" else {}
            request = client.build_request("GET", _pinned(current, address), headers=request_headers)
            request.extensions.update(extensions)
            try:
                response = client.send(request, stream=True)
            except httpx.TimeoutException as error:
                raise FetchError(f"{host} did not answer in time.") from error
            except httpx.HTTPError as error:
                raise FetchError(f"{host} could not be reached: {error}.") from error
            try:
                if response.status_code in REDIRECTS:
                    location = response.headers.get("Location")
                    if not location:
                        raise FetchError(f"{host} redirected without saying where to.")
                    current = urljoin(current, location)
                    continue
                return _read(url, current, response, wanted, max_bytes, deadline)
            finally:
                response.close()
    raise FetchError(f"More than {max_redirects} redirects from {url}; stopped.")


def _read(
    url: str, final: str, response: httpx.Response, wanted: tuple, max_bytes: int, deadline: float
) -> Fetched:
    host = urlsplit(final).hostname
    validators = {
        "etag": response.headers.get("ETag", ""),
        "last_modified": response.headers.get("Last-Modified", ""),
    }
    if response.status_code == 304:
        return Fetched(url, final, 304, "", None, b"", **validators)
    if response.status_code != 200:
        raise FetchError(f"{host} answered {response.status_code} {response.reason_phrase} for {final}.")
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in wanted:
        shown = content_type or "no content type"
        raise FetchError(f"{final} is {shown}, not a page we can read ({', '.join(wanted)}).")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{final} is {int(declared):,} bytes; the limit is {max_bytes:,}.")
    body = bytearray()
    try:
        for chunk in response.iter_bytes():  # decompressed: what is counted is what we would keep
            body += chunk
            if len(body) > max_bytes:
                raise FetchError(f"{final} is larger than the limit of {max_bytes:,} bytes; stopped reading.")
            if time.monotonic() > deadline:
                raise FetchError(f"{host} sent the page too slowly; stopped.")
    except httpx.TimeoutException as error:
        raise FetchError(f"{host} stopped sending the page.") from error
    except httpx.DecodingError as error:
        raise FetchError(f"{final} could not be decompressed: {error}.") from error
    except httpx.HTTPError as error:
        raise FetchError(f"{host} broke off sending the page: {error}.") from error
    if b"\x00" in body[:SNIFF_BYTES]:
        raise FetchError(f"{final} is a binary file, though it says it is {content_type}.")
    return Fetched(url, final, 200, content_type, response.charset_encoding, bytes(body), **validators)


def post(
    url: str,
    body: bytes,
    *,
    headers: dict[str, str],
    allowed_hosts: Iterable[str] = (),
    connect_timeout: float = 5.0,
    total_timeout: float = 10.0,
    resolver: Resolver = socket.getaddrinfo,
    transport: httpx.BaseTransport | None = None,
) -> int:
    """POST ``body`` to ``url`` (a callback), its address checked as fetch() checks it; no redirect is
    followed. Returns the status of a 2xx answer; raises FetchError with the reason for any other."""
    scheme, host, port = _target(url)
    address = _checked_address(host, port, host.lower() in {h.lower() for h in allowed_hosts}, resolver)
    request_headers = {"User-Agent": USER_AGENT, **headers, "Host": urlsplit(url).netloc.rsplit("@", 1)[-1]}
    timeout = httpx.Timeout(total_timeout, connect=connect_timeout)
    with httpx.Client(
        timeout=timeout, transport=transport, follow_redirects=False, trust_env=False
    ) as client:
        request = client.build_request("POST", _pinned(url, address), headers=request_headers, content=body)
        if scheme == "https":
            request.extensions.update({"sni_hostname": host})
        try:
            response = client.send(request, stream=True)  # its body is never read
        except httpx.TimeoutException as error:
            raise FetchError(f"{host} did not answer in time.") from error
        except httpx.HTTPError as error:
            raise FetchError(f"{host} could not be reached: {error}.") from error
        response.close()
    if not 200 <= response.status_code < 300:
        raise FetchError(f"{host} answered {response.status_code} {response.reason_phrase} for {url}.")
    return response.status_code
