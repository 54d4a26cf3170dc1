"""API keys: made, found, used and revoked here only.

A key is ``ssp_`` followed by 43 URL-safe characters (256 bits from :mod:`secrets`). The database
keeps its SHA-256 (a fast hash is enough for a secret of that entropy: nothing to guess) and its
first 12 characters, which the owner sees on the page to tell keys apart. The key itself is
returned once, by :func:`api_key_create`, and never again.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinosure_portal.accounts.models import ApiKey, User
from sinosure_portal.audit.services import audit_record, audit_record_many
from sinosure_portal.base.errors import DomainError
from sinosure_portal.base.workflow import Workflow

KEY_PREFIX = "ssp_"
SHOWN_PREFIX_LENGTH = 12
NAME_MAX_LENGTH = 100

api_key_workflow = Workflow(
    "api_key", {ApiKey.Status.ACTIVE: {ApiKey.Status.REVOKED}, ApiKey.Status.REVOKED: set()}
)


class ApiKeyConflict(DomainError):
    status_code = 409


@dataclass(frozen=True)
class NewApiKey:
    """A key just made: ``secret`` is the only copy of the key there will ever be."""

    api_key: ApiKey
    secret: str


def key_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def max_days() -> int:
    return settings.PORTAL_API_KEY_DAYS


def api_key_create(
    *, user: User, name: str, expires_in_days: int | None = None, actor=None, replace: bool = False
) -> NewApiKey:
    """Make a key for ``user``, valid ``expires_in_days`` (1 to PORTAL_API_KEY_DAYS, that by default).

    Names are unique among a user's active keys: another active key of that name is a 409
    ``api_key_name_taken``, unless ``replace`` (the token endpoint), which revokes it. A user has at
    most PORTAL_API_KEYS_PER_USER active keys (409 ``api_key_limit``).
    """
    name = (name or "").strip()
    if not name:
        raise DomainError("required", _("Give the key a name."), field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError(
            "too_long", _("A key's name has at most %(max)s characters."), field="name", max=NAME_MAX_LENGTH
        )
    days = max_days() if expires_in_days is None else expires_in_days
    if not 1 <= days <= max_days():
        raise DomainError(
            "out_of_range",
            _("A key is valid for 1 to %(max)s days."),
            field="expires_in_days",
            max=max_days(),
        )
    actor = actor or user
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one creation per user at a time
        same_name = ApiKey.objects.filter(user=user, name=name, status=ApiKey.Status.ACTIVE)
        if replace:
            for old in same_name:
                _revoke(old, because=ApiKey.RevokedBecause.REPLACED, actor=actor)
        elif same_name.exists():
            raise ApiKeyConflict(
                "api_key_name_taken",
                _("You already have an active key named %(name)s: revoke it or choose another name."),
                field="name",
                name=name,
            )
        active = ApiKey.objects.filter(user=user, status=ApiKey.Status.ACTIVE, expires_at__gt=timezone.now())
        if active.count() >= settings.PORTAL_API_KEYS_PER_USER:
            raise ApiKeyConflict(
                "api_key_limit",
                _("You have %(count)s active keys, the most allowed: revoke one first."),
                count=settings.PORTAL_API_KEYS_PER_USER,
            )
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        now = timezone.now()
        try:
            with transaction.atomic():
                api_key = ApiKey.objects.create(
                    user=user,
                    name=name,
                    prefix=secret[:SHOWN_PREFIX_LENGTH],
                    key_hash=key_hash(secret),
                    created_at=now,
                    expires_at=now + timedelta(days=days),
                )
        except IntegrityError as exc:  # a concurrent creation of the same name
            raise ApiKeyConflict(
                "api_key_name_taken",
                _("You already have an active key named %(name)s: revoke it or choose another name."),
                field="name",
                name=name,
            ) from exc
        audit_record(
            api_key,
            action="api_key.created",
            actor=actor,
            to_state=ApiKey.Status.ACTIVE,
            data={"user": user.username, "prefix": api_key.prefix, "expires_at": api_key.expires_at},
        )
    return NewApiKey(api_key=api_key, secret=secret)


def _revoke(api_key: ApiKey, *, because: str, actor=None) -> bool:
    api_key.revoked_at = timezone.now()
    api_key.revoked_because = because
    return api_key_workflow.transition(
        api_key,
        to=ApiKey.Status.REVOKED,
        actor=actor,
        reason=str(ApiKey.RevokedBecause(because).label),
        update_fields=["revoked_at", "revoked_because"],
    )


def api_key_revoke(*, user: User, key_id: int, actor=None) -> ApiKey:
    """Revoke one of ``user``'s keys; another user's key is not found (404)."""
    from django.http import Http404

    with transaction.atomic():
        api_key = ApiKey.objects.select_for_update().filter(user=user, pk=key_id).first()
        if api_key is None:
            raise Http404
        if api_key.status == ApiKey.Status.ACTIVE:
            _revoke(api_key, because=ApiKey.RevokedBecause.OWNER, actor=actor or user)
    return api_key


def api_keys_revoke_all(*, user: User, because: str, actor=None) -> int:
    """Revoke every active key of ``user`` at once (one UPDATE, one audit row per key)."""
    with transaction.atomic():
        keys = list(
            ApiKey.objects.select_for_update()
            .filter(user=user, status=ApiKey.Status.ACTIVE)
            .values_list("pk", "name", "prefix")
        )
        if not keys:
            return 0
        now = timezone.now()
        ApiKey.objects.filter(pk__in=[pk for pk, _n, _p in keys]).update(
            status=ApiKey.Status.REVOKED, revoked_at=now, revoked_because=because
        )
        actor_obj = actor if getattr(actor, "is_authenticated", False) else None
        reason = str(ApiKey.RevokedBecause(because).label)
        audit_record_many(
            ApiKey,
            actor_id=getattr(actor_obj, "pk", None),
            actor_organisation_id=getattr(actor_obj, "organisation_id", None),
            at=now,
            rows=[
                {
                    "object_id": pk,
                    "object_repr": f"{name} ({prefix}…)",
                    "action": "api_key.revoked",
                    "from_state": ApiKey.Status.ACTIVE,
                    "to_state": ApiKey.Status.REVOKED,
                    "reason": reason,
                    "data": {"user": user.username, "because": because},
                }
                for pk, name, prefix in keys
            ],
        )
    return len(keys)


LAST_USED_PRECISION = timedelta(minutes=1)


def api_key_authenticate(secret: str) -> ApiKey | None:
    """The usable key whose SHA-256 matches ``secret``, with its user; None for anything else
    (unknown, revoked, expired, or its user inactive). Notes the time of use, to the minute."""
    if not secret or len(secret) > 200:
        return None
    api_key = ApiKey.objects.select_related("user").filter(key_hash=key_hash(secret)).first()
    if api_key is None or not api_key.is_usable or not api_key.user.is_active:
        return None
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at >= LAST_USED_PRECISION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key
