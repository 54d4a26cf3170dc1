"""What declarations keep about limits before and beside shipping: an exporter's planned orders
(listed against a buyer's limit, reserving nothing), and bulk limit actions (many applications,
reductions, cancellations or renewals from one file or API batch, each row going through the
limit's own workflow, with a per-row report like the declaration upload's).

They live here, not in ``limits``, because they use the declaration engine's rules (a planned
order's cover is worked out by ``declarations.engine`` in check mode) and the upload machinery,
and the imports flow limits <- declarations. Imported by ``declarations.models``.
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from policies.models import PaymentTerm
from sinosure_portal.money.fields import CurrencyAmountField

USD = {"max_digits": 18, "decimal_places": 2}
MAX_CREDIT_DAYS = 720


class PlannedOrder(models.Model):
    """An order the exporter expects to ship to a buyer (not shipped, not declared): listed against
    the buyer's limit so the exporter sees what is left after it. It reserves nothing: a declaration
    made meanwhile takes the limit first."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")  # expected to ship; counted against the limit's outlook
        DROPPED = "dropped", _("Dropped")  # no longer expected (shipped and declared, or cancelled)

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("insured")
    )
    policy = models.ForeignKey(
        "policies.Policy", on_delete=models.PROTECT, related_name="+", verbose_name=_("policy")
    )
    buyer = models.ForeignKey(
        "creditinfo.Buyer", on_delete=models.PROTECT, related_name="+", verbose_name=_("buyer")
    )
    limit = models.ForeignKey(
        "limits.CreditLimit",
        on_delete=models.PROTECT,
        related_name="planned_orders",
        verbose_name=_("credit limit"),
    )
    client_reference = models.CharField(_("your reference"), max_length=64, blank=True)
    shipment_date = models.DateField(_("planned shipment date"))
    currency = models.CharField(_("currency"), max_length=3)
    amount = CurrencyAmountField(_("order amount"))
    payment_term = models.CharField(_("payment term"), max_length=2, choices=PaymentTerm.choices)
    credit_days = models.PositiveSmallIntegerField(
        _("credit period (days)"), validators=[MaxValueValidator(MAX_CREDIT_DAYS)]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("entered at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("planned order")
        verbose_name_plural = _("planned orders")
        ordering = ["shipment_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="planned_order_amount_positive"),
            models.UniqueConstraint(
                fields=["organisation", "client_reference"],
                condition=~Q(client_reference=""),
                name="planned_order_reference_per_org",
            ),
        ]
        indexes = [models.Index(fields=["limit", "status", "shipment_date"], name="planned_order_limit")]

    def __str__(self) -> str:
        return self.client_reference or f"#{self.pk}"


class LimitBatch(models.Model):
    """Many limit actions at once: a CSV or XLSX file, or rows sent through the API. Each row is one
    application, reduction, cancellation or renewal, done through the limit's own workflow."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")  # stored, waiting for the background worker
        RUNNING = "running", _("Running")  # the worker is going through its rows
        COMPLETED = "completed", _("Completed")  # every row done or reported refused
        FAILED = "failed", _("Failed")  # stopped by an error (named); running it again resumes it

    class Source(models.TextChoices):
        CSV = "csv", _("CSV file")
        XLSX = "xlsx", _("Excel file")
        API = "api", _("API")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    client_reference = models.CharField(_("your reference"), max_length=64, blank=True)
    source = models.CharField(_("source"), max_length=4, choices=Source.choices)
    file = models.FileField(upload_to="limits/batches/%Y/%m/")
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows done"), default=0)
    done_rows = models.PositiveIntegerField(pgettext_lazy("limit batch", "done"), default=0)
    refused_rows = models.PositiveIntegerField(pgettext_lazy("limit batch", "refused"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("limit batch")
        verbose_name_plural = _("limit batches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "client_reference"],
                condition=~Q(client_reference=""),
                name="limit_batch_reference_per_org",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    @property
    def progress(self) -> int:
        if self.status == self.Status.COMPLETED:
            return 100
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.COMPLETED, self.Status.FAILED)

    @property
    def stuck(self) -> bool:
        """Queued or running without progress for LIMIT_BATCH_STUCK_MINUTES: the worker was lost."""
        if self.status not in (self.Status.QUEUED, self.Status.RUNNING):
            return False
        minutes = getattr(settings, "LIMIT_BATCH_STUCK_MINUTES", 30)
        return self.updated_at is not None and self.updated_at < timezone.now() - timedelta(minutes=minutes)


class LimitBatchRow(models.Model):
    """What became of one row of a limit batch: done (with the application or limit it made or
    changed) or refused (every problem of the row, stored as kind and parameters and shown in the
    reader's language)."""

    class Action(models.TextChoices):
        APPLY = "apply", _("Apply for a limit")
        REDUCE = "reduce", _("Reduce a limit")
        CANCEL = "cancel", _("Cancel a limit")
        RENEW = "renew", _("Renew a limit")

    class Outcome(models.TextChoices):
        DONE = "done", pgettext_lazy("limit batch", "Done")
        REFUSED = "refused", pgettext_lazy("limit batch", "Refused")

    batch = models.ForeignKey(LimitBatch, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField(_("row"))  # as the user sees it: the header is row 1
    action = models.CharField(_("action"), max_length=8, blank=True)
    subject = models.CharField(_("limit or buyer"), max_length=255, blank=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    problems = models.JSONField(_("problems"), default=list, blank=True)  # [{code, field, msgid, params}]
    application = models.ForeignKey(
        "limits.CreditLimitApplication", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    limit = models.ForeignKey(
        "limits.CreditLimit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    amount_usd = models.DecimalField(_("amount (USD)"), **USD, null=True, blank=True)

    class Meta:
        verbose_name = _("limit batch row")
        verbose_name_plural = _("limit batch rows")
        ordering = ["batch", "row_number"]
        constraints = [models.UniqueConstraint(fields=["batch", "row_number"], name="limit_batch_row_once")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}"

    def get_action_display(self) -> str:
        return str(dict(self.Action.choices).get(self.action, self.action))

    @property
    def problem_texts(self) -> list[str]:
        """Every problem of the row in the reader's language."""
        from declarations.limit_columns import problem_text

        return [problem_text(p) for p in self.problems]
