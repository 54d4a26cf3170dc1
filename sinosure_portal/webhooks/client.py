"""The outbound HTTP POST of one delivery: a timeout, no redirects followed, no proxy, and (unless
private addresses are allowed) https to a public address only."""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from sinosure_portal.webhooks import conf

USER_AGENT = "SinosurePortal-Webhooks/1"
MAX_ERROR = 500


@dataclass(frozen=True)
class Answer:
    code: int | None  # the HTTP status, None when no answer came
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.code is not None and 200 <= self.code < 300


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a 3xx is the answer (a failure), never followed


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def address_problem(url: str) -> str:
    """Why the portal may not send to ``url`` ('' when it may)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "not an http(s) URL"
    if conf.allow_private_addresses():
        return ""
    if parts.scheme != "https":
        return "https is required"
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return "the host name does not resolve"
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            return "the host is not a public address"
    return ""


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    problem = address_problem(url)
    if problem:
        return Answer(None, problem)
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT, **headers},
    )
    try:
        with _OPENER.open(request, timeout=conf.timeout_seconds()) as response:
            response.read(65536)
            return Answer(response.status)
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Answer(None, str(reason)[:MAX_ERROR] or type(exc).__name__)
