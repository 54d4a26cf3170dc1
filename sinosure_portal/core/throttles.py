"""Request rates (OWASP ASVS 2.4 / 4.x anti-automation): per user and per API key, reads and writes
apart, and lower rates for uploads, exports and PDF downloads, whichever door they come through.

Rates are settings (``PORTAL_THROTTLE_RATES``, each from the environment); a request over its rate
gets 429 with Retry-After. The counters live in the cache: Redis in production (shared by every
web process), process memory on the embedded default.
"""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework.throttling import SimpleRateThrottle

HEAVY_SCOPES = ("upload", "export", "pdf")


def heavy_scope(request, view=None) -> str | None:
    """The lower-rate scope of a request, if any: a view may name it (``throttle_scope``); else a
    multipart write is an upload, an Excel export asks for ``format=xlsx``, a PDF is a PDF view."""
    explicit = getattr(view, "throttle_scope", None)
    if explicit:
        return explicit
    if request.method not in ("GET", "HEAD", "OPTIONS") and (request.content_type or "").startswith(
        "multipart/"
    ):
        return "upload"
    if request.GET.get("format") == "xlsx" or request.path.endswith(".xlsx"):
        return "export"
    name = type(view).__name__ if view is not None else ""
    path = request.path
    if name.endswith(("PdfApi", "DownloadApi")) or path.endswith(".pdf") or "/pdf/" in path:
        return "pdf"
    return None


class _PortalRate(SimpleRateThrottle):
    """One counter per (who, scope): ``scope_for`` picks the scope of the request."""

    THROTTLE_RATES = None

    def get_rate(self):  # rates are read per request: settings may change in tests
        return None

    def allow_request(self, request, view):
        who = self.who(request)
        if who is None:
            return True
        self.scope = self.scope_for(request, view)
        self.rate = settings.PORTAL_THROTTLE_RATES.get(self.scope)
        if not self.rate:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = f"throttle:{type(self).__name__}:{self.scope}:{who}"
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.key

    def scope_for(self, request, view) -> str:
        raise NotImplementedError

    def who(self, request) -> str | None:
        raise NotImplementedError


class UserRateThrottle(_PortalRate):
    """Per signed-in user: reads and writes apart (anonymous callers are refused by the API's
    permission before they cost anything; the login door has its own lock-out)."""

    def who(self, request):
        user = getattr(request, "user", None)
        return str(user.pk) if user is not None and user.is_authenticated else None

    def scope_for(self, request, view):
        return "read" if request.method in ("GET", "HEAD", "OPTIONS") else "write"


class KeyRateThrottle(UserRateThrottle):
    """Per API key: a user's several keys (one per system) each have their own budget as well."""

    def who(self, request):
        auth = getattr(request, "auth", None)
        key = getattr(auth, "pk", None) or getattr(auth, "key", None)
        return str(key) if key else None


class HeavyRateThrottle(UserRateThrottle):
    """Uploads, exports and PDFs: their own lower rates, per user."""

    def allow_request(self, request, view):
        if heavy_scope(request, view) is None:
            return True
        return super().allow_request(request, view)

    def scope_for(self, request, view):
        return heavy_scope(request, view)


class PageDownloadThrottleMiddleware:
    """The same lower rates for the pages' uploads, Excel exports and PDF downloads."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.throttle = HeavyRateThrottle

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            throttle = self.throttle()
            if not throttle.allow_request(request, None):
                wait = int(throttle.wait() or 1)
                response = JsonResponse(
                    {
                        "code": "throttled",
                        "message": _("Too many requests: try again in %(seconds)s seconds.")
                        % {"seconds": wait},
                    },
                    status=429,
                )
                response["Retry-After"] = str(wait)
                return response
        return self.get_response(request)
