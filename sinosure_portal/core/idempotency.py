"""Idempotency keys on every API write (POST, PUT, PATCH).

A client that sends ``Idempotency-Key: <up to 255 characters>`` gets, for a repeat of the same
request (same user, method, path and body) within PORTAL_IDEMPOTENCY_HOURS (24), the first answer
again, marked ``Idempotent-Replayed: true``, and nothing is done twice. The same key with another
user, method, path or body is refused with 422 ``idempotency_key_reused``; a longer key is a 400.
Only a successful answer (2xx) is kept: a refused or failed request can be sent again with the same
key once corrected. A repeat that arrives while the first is still being processed gets 409
``request_in_progress`` with Retry-After; a first request whose process died is taken over after
PORTAL_IDEMPOTENCY_STALE_SECONDS.

The key is claimed by inserting its row (a unique index) before the request runs, so two
concurrent repeats cannot both run it.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from sinosure_portal.core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
WRITES = ("POST", "PUT", "PATCH")
MAX_KEY = 255


def _error(status: int, code: str, message: str, **headers) -> JsonResponse:
    response = JsonResponse({"code": code, "message": message, "field": HEADER}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _api_user(request):
    """Who sends the request, as the API will authenticate it: an API key in the Authorization
    header, else the session. None: the view answers (401) without the key being used."""
    from sinosure_portal.accounts.keys import api_key_authenticate

    parts = request.headers.get("Authorization", "").split()
    if len(parts) == 2 and parts[0].lower() in ("bearer", "token"):
        api_key = api_key_authenticate(parts[1])
        return api_key.user if api_key is not None else None
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _fingerprint(request) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    if request.content_type == "multipart/form-data":
        # an upload is not read into memory here: its length and boundary stand for the body
        digest.update(request.META.get("CONTENT_LENGTH", "").encode())
        digest.update(request.META.get("CONTENT_TYPE", "").encode())
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _claim(key: str, user, request, fingerprint: str) -> tuple[IdempotencyRecord, bool]:
    """Insert the key's row (ours: True), or return the row already there (False). An expired
    answer or an abandoned claim is replaced."""
    now = timezone.now()
    expired = now - timedelta(hours=settings.PORTAL_IDEMPOTENCY_HOURS)
    stale = now - timedelta(seconds=settings.PORTAL_IDEMPOTENCY_STALE_SECONDS)
    IdempotencyRecord.objects.filter(key=key, created_at__lt=expired).delete()
    IdempotencyRecord.objects.filter(key=key, status_code__isnull=True, created_at__lt=stale).delete()
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                key=key, user=user, method=request.method, path=request.path[:500], fingerprint=fingerprint
            )
        return record, True
    except IntegrityError:
        return IdempotencyRecord.objects.get(key=key), False


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER)
        if key is None or request.method not in WRITES or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not key.strip() or len(key) > MAX_KEY:
            return _error(400, "idempotency_key_invalid", _("An Idempotency-Key has 1 to 255 characters."))
        user = _api_user(request)
        if user is None:
            return self.get_response(request)
        fingerprint = _fingerprint(request)
        record, ours = _claim(key, user, request, fingerprint)
        if not ours:
            return self._repeat(record, user, fingerprint)
        try:
            response = self.get_response(request)
        except BaseException:
            record.delete()
            raise
        if 200 <= response.status_code < 300 and not response.streaming:
            record.status_code = response.status_code
            record.content_type = response.get("Content-Type", "")[:100]
            record.body = response.content
            record.save(update_fields=["status_code", "content_type", "body"])
        else:
            record.delete()  # only a success is the answer: a corrected request may use the key
        return response

    def _repeat(self, record: IdempotencyRecord, user, fingerprint: str):
        if record.user_id != user.pk or record.fingerprint != fingerprint:
            return _error(
                422,
                "idempotency_key_reused",
                _("This Idempotency-Key was used for another request; use a new key for a new request."),
            )
        if record.status_code is None:
            return _error(
                409,
                "request_in_progress",
                _("The first request with this Idempotency-Key is still being processed; try again shortly."),
                Retry_After="1",
            )
        response = HttpResponse(
            bytes(record.body), status=record.status_code, content_type=record.content_type
        )
        response["Idempotent-Replayed"] = "true"
        return response
