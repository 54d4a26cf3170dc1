"""Every write about endpoints: create, change, rotate the secret, disable and enable, send a test
event, redeliver. Each is one transaction with an audit row; the secret is returned once, by
``endpoint_create`` and ``endpoint_rotate_secret``, and only its prefix is shown afterwards."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError, Problems
from sinosure_portal.base.queue import enqueue
from sinosure_portal.webhooks import client, conf, emit, registry
from sinosure_portal.webhooks.models import Delivery, Endpoint
from sinosure_portal.webhooks.selectors import delivery_get, endpoint_get

SECRET_PREFIX = "whsec_"  # noqa: S105 - the marker every secret starts with, not a secret
SHOWN_PREFIX = 12
DISABLED_FAILING = "failing"


@dataclass(frozen=True)
class EndpointWithSecret:
    """An endpoint just made or rotated: ``secret`` is shown this once."""

    endpoint: Endpoint
    secret: str


def _new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _check(*, url: str | None, events: list[str] | None, description: str | None) -> tuple:
    problems = Problems()
    clean_url = (url or "").strip()
    if url is not None:
        with problems.check():
            if not clean_url:
                raise DomainError("required", _("Give the address the events are sent to."), field="url")
            if len(clean_url) > 500:
                raise DomainError("too_long", _("The address has at most 500 characters."), field="url")
            problem = client.address_problem(clean_url)
            if problem:
                raise DomainError(
                    "webhook_url_refused",
                    _("The portal cannot send events to %(url)s: %(problem)s."),
                    field="url",
                    url=clean_url,
                    problem=_problem_text(problem),
                )
    chosen: list[str] = []
    if events is not None:
        known = {e.type for e in registry.event_types() if e.type != registry.TEST_EVENT}
        chosen = sorted(set(events))
        with problems.check():
            unknown = [e for e in chosen if e not in known]
            if unknown:
                raise DomainError(
                    "webhook_event_unknown",
                    _("Unknown event: %(events)s."),
                    field="events",
                    events=", ".join(unknown),
                )
            if not chosen:
                raise DomainError("required", _("Choose at least one event."), field="events")
    clean_description = (description or "").strip()
    if description is not None:
        with problems.check():
            if len(clean_description) > 200:
                raise DomainError(
                    "too_long", _("The description has at most 200 characters."), field="description"
                )
    problems.raise_any()
    return clean_url, chosen, clean_description


def _problem_text(problem: str):
    return {
        "not an http(s) URL": _("it is not an http or https address"),
        "https is required": _("only https addresses are allowed"),
        "the host name does not resolve": _("the host name is not known"),
        "the host is not a public address": _("the host is not on the public internet"),
    }.get(problem, problem)


@transaction.atomic
def endpoint_create(*, actor, url: str, events: list[str], description: str = "") -> EndpointWithSecret:
    if not actor.organisation_id:
        raise DomainError("no_organisation", _("Only a user of an organisation can register endpoints."))
    clean_url, chosen, clean_description = _check(url=url, events=events, description=description)
    if (
        Endpoint.objects.filter(organisation_id=actor.organisation_id).count()
        >= conf.endpoints_per_organisation()
    ):
        raise DomainError(
            "webhook_endpoint_limit",
            _("An organisation has at most %(max)s webhook endpoints."),
            max=conf.endpoints_per_organisation(),
        )
    secret = _new_secret()
    endpoint = Endpoint.objects.create(
        organisation_id=actor.organisation_id,
        url=clean_url,
        description=clean_description,
        events=chosen,
        secret=secret,
        secret_prefix=secret[:SHOWN_PREFIX],
        created_by=actor,
    )
    audit_record(
        endpoint, action="webhook_endpoint.created", actor=actor, to_state="active", data={"events": chosen}
    )
    return EndpointWithSecret(endpoint, secret)


@transaction.atomic
def endpoint_update(
    *,
    actor,
    endpoint_id: int,
    url: str | None = None,
    events: list[str] | None = None,
    description: str | None = None,
) -> Endpoint:
    endpoint = endpoint_get(actor, endpoint_id, lock=True)
    clean_url, chosen, clean_description = _check(url=url, events=events, description=description)
    changes = {}
    if url is not None and clean_url != endpoint.url:
        changes["url"] = (endpoint.url, clean_url)
        endpoint.url = clean_url
    if events is not None and chosen != sorted(endpoint.events):
        changes["events"] = (sorted(endpoint.events), chosen)
        endpoint.events = chosen
    if description is not None and clean_description != endpoint.description:
        changes["description"] = (endpoint.description, clean_description)
        endpoint.description = clean_description
    if changes:
        endpoint.updated_at = timezone.now()
        endpoint.save()
        audit_record(endpoint, action="webhook_endpoint.changed", actor=actor, changes=changes)
    return endpoint


@transaction.atomic
def endpoint_rotate_secret(*, actor, endpoint_id: int) -> EndpointWithSecret:
    """A new secret signs every delivery from now on (retries of older events too)."""
    endpoint = endpoint_get(actor, endpoint_id, lock=True)
    secret = _new_secret()
    endpoint.secret, endpoint.secret_prefix = secret, secret[:SHOWN_PREFIX]
    endpoint.secret_rotated_at = endpoint.updated_at = timezone.now()
    endpoint.save()
    audit_record(endpoint, action="webhook_endpoint.secret_rotated", actor=actor)
    return EndpointWithSecret(endpoint, secret)


@transaction.atomic
def endpoint_set_active(*, actor, endpoint_id: int, active: bool) -> Endpoint:
    """Disable or enable an endpoint (enabling it again resumes its pending deliveries now, with a
    new day of retries each)."""
    endpoint = endpoint_get(actor, endpoint_id, lock=True)
    if endpoint.active == active:
        return endpoint
    now = timezone.now()
    before = "active" if endpoint.active else "disabled"
    endpoint.active = active
    endpoint.disabled_at = None if active else now
    endpoint.disabled_reason = ""
    endpoint.failing_since = None
    endpoint.updated_at = now
    endpoint.save()
    if active:
        pending = Delivery.objects.filter(endpoint=endpoint, status=Delivery.Status.PENDING)
        pending.update(next_attempt_at=now, first_attempt_at=None)
        if pending.exists():
            enqueue(emit.SEND_TASK, None)
    audit_record(
        endpoint,
        action="webhook_endpoint.enabled" if active else "webhook_endpoint.disabled",
        actor=actor,
        from_state=before,
        to_state="active" if active else "disabled",
    )
    return endpoint


@transaction.atomic
def endpoint_delete(*, actor, endpoint_id: int) -> None:
    endpoint = endpoint_get(actor, endpoint_id, lock=True)
    audit_record(
        endpoint,
        action="webhook_endpoint.deleted",
        actor=actor,
        from_state="active" if endpoint.active else "disabled",
    )
    endpoint.delete()


@transaction.atomic
def endpoint_send_test(*, actor, endpoint_id: int) -> Delivery:
    endpoint = endpoint_get(actor, endpoint_id)
    if not endpoint.active:
        raise DomainError("webhook_endpoint_disabled", _("The endpoint is disabled: enable it first."))
    return emit.test_event(endpoint, actor=actor)


@transaction.atomic
def delivery_redeliver(*, actor, endpoint_id: int, delivery_id: int) -> Delivery:
    """Send a delivered or given-up event again, now, with the same event id (a receiver that
    deduplicates by it sees it once). A pending one is simply tried now."""
    delivery = delivery_get(actor, endpoint_id, delivery_id, lock=True)
    if not delivery.endpoint.active:
        raise DomainError("webhook_endpoint_disabled", _("The endpoint is disabled: enable it first."))
    now = timezone.now()
    before = delivery.status
    delivery.status = Delivery.Status.PENDING
    delivery.next_attempt_at = now
    delivery.first_attempt_at = None
    delivery.save(update_fields=["status", "next_attempt_at", "first_attempt_at"])
    audit_record(
        delivery.endpoint,
        action="webhook_endpoint.redelivered",
        actor=actor,
        data={"event": str(delivery.event_id), "type": delivery.type, "was": before},
    )
    enqueue(emit.SEND_TASK, [str(delivery.event_id)])
    return delivery


def endpoint_disable_failing(endpoint: Endpoint, *, now) -> None:
    """Disable an endpoint whose deliveries failed for a day (in the caller's transaction, the
    endpoint locked) and tell its organisation's users."""
    from sinosure_portal.accounts.models import User
    from sinosure_portal.notifications.services import notify

    endpoint.active = False
    endpoint.disabled_at = now
    endpoint.disabled_reason = DISABLED_FAILING
    endpoint.updated_at = now
    endpoint.save(update_fields=["active", "disabled_at", "disabled_reason", "updated_at"])
    audit_record(
        endpoint,
        action="webhook_endpoint.disabled",
        from_state="active",
        to_state="disabled",
        data={"because": DISABLED_FAILING},
    )
    users = User.objects.filter(organisation_id=endpoint.organisation_id, is_active=True)
    notify(
        users,
        kind="webhooks.endpoint_disabled",
        params={
            "url": endpoint.url,
            "since": endpoint.failing_since.isoformat() if endpoint.failing_since else "",
        },
        url=f"/webhooks/{endpoint.pk}/",
        level="danger",
    )
