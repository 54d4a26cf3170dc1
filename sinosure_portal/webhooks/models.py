"""Webhook endpoints and their deliveries.

An organisation (or the insurer's staff, for integrations) registers endpoints and chooses the
events each receives. An event raised in a transaction (a workflow move, a sweep) becomes one
``Delivery`` per subscribed endpoint in that same transaction; the outbox then queues the sending,
and a beat sweep picks up whatever is due (a worker killed, the broker away, a retry's time come).

A delivery is unique by (endpoint, event id): the receiver sees each event once however often a
sweep or a redelivery runs, and may itself deduplicate by the ``Portal-Event-Id`` header. Deliveries
of one object to one endpoint go out in the order their events were raised: a later one waits
while an earlier one is still pending.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Endpoint(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="webhook_endpoints",
        verbose_name=_("organisation"),
    )
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # the event types chosen (keys of the registry, e.g. "limit.decided")
    events = models.JSONField(_("events"), default=list)
    # signs every body (HMAC-SHA256); shown once when made or rotated, kept to sign (never a hash)
    secret = models.CharField(_("signing secret"), max_length=100)
    secret_prefix = models.CharField(_("secret prefix"), max_length=16)
    secret_rotated_at = models.DateTimeField(_("secret rotated at"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    # blank: disabled by a person; "failing": disabled after a day of failed deliveries
    disabled_reason = models.CharField(_("disabled because"), max_length=20, blank=True)
    # the first failure since the last success (None while deliveries succeed)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "active"], name="webhook_endpoint_org")]

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")  # not sent yet, or to be tried again at next_attempt_at
        DELIVERED = "delivered", _("Delivered")  # the endpoint answered 2xx
        FAILED = "failed", _("Failed")  # given up after WEBHOOK_RETRY_HOURS of failures

    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4)
    type = models.CharField(_("event"), max_length=64)
    # "<app label>.<model>:<pk>": deliveries of one object go out in order
    object_key = models.CharField(_("object"), max_length=100)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    first_attempt_at = models.DateTimeField(_("first attempt at"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    last_response_code = models.PositiveIntegerField(_("response code"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="webhook_delivery_once"),
        ]
        indexes = [
            # the sweep reads only what is pending and due
            models.Index(
                fields=["next_attempt_at"], name="webhook_delivery_due", condition=Q(status="pending")
            ),
            # order per object: is an earlier delivery of this object to this endpoint still pending?
            models.Index(
                fields=["endpoint", "object_key", "id"],
                name="webhook_delivery_object",
                condition=Q(status="pending"),
            ),
            models.Index(fields=["endpoint", "-id"], name="webhook_delivery_log"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"
