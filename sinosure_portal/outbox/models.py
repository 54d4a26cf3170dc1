"""The outbox: background work recorded in the same transaction as the change that asks for it.

A service never talks to the broker. It writes an ``OutboxMessage`` (``sinosure_portal.base.queue
.enqueue``); the row commits or rolls back with the change. After commit the relay hands it to
Celery and marks it sent (``sinosure_portal.outbox.relay``); a broker outage leaves it pending and
the periodic relay delivers it when the broker is back. A message can reach the broker twice (the
relay died between sending and marking), never zero times: every task is idempotent.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    kwargs = models.JSONField(_("keyword arguments"), default=dict)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # sending failed for a reason other than the broker being away (an unknown task name): kept
    # for an administrator, never retried on its own
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            # the relay reads only what is pending, oldest first; sent rows are never scanned
            models.Index(
                fields=["id"],
                name="outbox_pending",
                condition=Q(sent_at__isnull=True, failed_at__isnull=True),
            ),
            models.Index(fields=["sent_at"], name="outbox_sent_at"),
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"

    @property
    def pending(self) -> bool:
        return self.sent_at is None and self.failed_at is None
