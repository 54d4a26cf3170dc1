from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinosure_portal.texts import is_registered, render


class AuditEvent(models.Model):
    """One state change or notable act on one object: who, when, from, to, why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=200)
    action = models.CharField(_("action"), max_length=64)
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # the organisation the actor acted for, kept even if the user later moves
    actor_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    reason = models.TextField(_("why"), blank=True)  # what a person wrote
    # a reason the system wrote: a registered text (sinosure_portal.texts) and its parameters,
    # rendered in the reader's language
    # (database defaults: set-based INSERT ... SELECT writers need not name them)
    reason_kind = models.CharField(max_length=64, blank=True, default="", db_default="")
    reason_params = models.JSONField(null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.object_repr}: {self.from_state} -> {self.to_state} ({self.action})"

    # in words, in the reader's language (see audit.labels)
    def why(self, language: str | None = None) -> str:
        """The reason: what a person wrote, or the system's reason in the reader's language."""
        if self.reason_kind and is_registered(self.reason_kind):
            return render(self.reason_kind, self.reason_params or {}, language=language)
        return self.reason

    @property
    def from_label(self):
        from sinosure_portal.audit.labels import state_label

        return state_label(self.content_type_id, self.from_state)

    @property
    def to_label(self):
        from sinosure_portal.audit.labels import state_label

        return state_label(self.content_type_id, self.to_state)

    @property
    def label(self):
        from sinosure_portal.audit.labels import action_label

        return action_label(self.action, self.content_type_id, self.to_state)

    @property
    def change_rows(self) -> list[dict]:
        """The values this act changed, before -> after, under their labels (see audit.labels)."""
        from sinosure_portal.audit.labels import change_rows

        return change_rows(self.content_type_id, (self.data or {}).get("changes"))
