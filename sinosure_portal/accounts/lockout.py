"""A locked-out sign-in (django-axes) is a 429 that says how long the lock still lasts.

Axes locks a username from an address after LOGIN_FAILURE_LIMIT failures, for LOGIN_COOLOFF_MINUTES
counted from the last failure. :func:`lockout_response` (``AXES_LOCKOUT_CALLABLE``) answers the sign-in
page with the locked-out page and the API with a JSON error; both carry ``Retry-After``.
"""

from __future__ import annotations

import math

from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

PERMANENT_SECONDS = 24 * 3600  # no cool-off configured: the lock lasts until an administrator lifts it


def lockout_seconds(request: HttpRequest, credentials: dict | None = None) -> int:
    """Seconds until the lock on this request's username and address ends (at least 1)."""
    from axes.handlers.proxy import AxesProxyHandler
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    if cool_off is None:
        return PERMANENT_SECONDS
    AxesProxyHandler.update_request(request)
    handler = AxesProxyHandler.get_implementation()
    latest = None
    if hasattr(handler, "get_user_attempts"):
        for attempts in handler.get_user_attempts(request, credentials):
            last = attempts.aggregate(last=Max("attempt_time"))["last"]
            if last and (latest is None or last > latest):
                latest = last
    if latest is None:
        return max(1, math.ceil(cool_off.total_seconds()))
    return max(1, math.ceil((latest + cool_off - timezone.now()).total_seconds()))


def lockout_message(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return _(
        "Too many failed sign-in attempts: this account is locked for another %(minutes)s minutes "
        "(%(seconds)s seconds). Try again later or ask your administrator."
    ) % {"minutes": minutes, "seconds": seconds}


def lockout_api_response(request: HttpRequest, credentials: dict | None = None) -> JsonResponse:
    seconds = lockout_seconds(request, credentials)
    response = JsonResponse(
        {"code": "locked_out", "message": lockout_message(seconds), "retry_after": seconds}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: JSON for the API, the locked-out page for people."""
    if request.path.startswith("/api/"):
        return lockout_api_response(request, credentials)
    seconds = lockout_seconds(request, credentials)
    response = render(
        request,
        "registration/locked_out.html",
        {"lockout_message": lockout_message(seconds), "retry_after": seconds},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
