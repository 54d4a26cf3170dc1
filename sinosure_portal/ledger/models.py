"""A reconciliation run and the drift it found.

Each run checks every invariant the apps registered (see :mod:`sinosure_portal.ledger.checks`) and
keeps one row per object whose figures do not agree, with both figures, so that the people told of
the drift can see which rows are involved.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReconciliationRun(models.Model):
    class Status(models.TextChoices):
        CLEAN = "clean", _("Reconciled")
        DRIFT = "drift", _("Drift found")

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Nightly sweep")
        MANUAL = "manual", _("Run by staff")

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    trigger = models.CharField(_("started by"), max_length=8, choices=Trigger.choices)
    checks = models.JSONField(_("checks"), default=list)  # [{"code", "checked", "drift"}]
    findings_count = models.PositiveIntegerField(_("rows with drift"), default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("reconciliation run")
        verbose_name_plural = _("reconciliation runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def seconds(self) -> float | None:
        if not self.finished_at:
            return None
        return round((self.finished_at - self.started_at).total_seconds(), 3)


class ReconciliationFinding(models.Model):
    """One object whose stored figure differs from the figure its ledger rows add up to."""

    run = models.ForeignKey(ReconciliationRun, on_delete=models.CASCADE, related_name="findings")
    check_code = models.CharField(_("check"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=100)  # app_label.model
    object_id = models.CharField(_("object"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    stored = models.DecimalField(_("stored"), max_digits=20, decimal_places=3)
    expected = models.DecimalField(_("expected"), max_digits=20, decimal_places=3)
    currency = models.CharField(_("currency"), max_length=3, default="USD")

    class Meta:
        verbose_name = _("reconciliation finding")
        verbose_name_plural = _("reconciliation findings")
        ordering = ["check_code", "object_type", "object_id"]
        indexes = [models.Index(fields=["run", "check_code"], name="ledger_finding_run_check")]

    def __str__(self) -> str:
        return f"{self.check_code} {self.object_repr}"

    @property
    def difference(self):
        return self.stored - self.expected
