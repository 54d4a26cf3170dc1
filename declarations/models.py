"""Shipment declarations (出运申报) and the receivables they create: one declared shipment per
invoice under a policy, covered in full or in part by the buyer's credit limit; the bulk uploads
(CSV, XLSX or an API batch) with their per-row report; payments received (收汇) and amendments.

A declaration that no limit covers at all is refused and not stored: a bulk upload keeps the
refusal (with its reason) in the batch's per-row report instead.

Every reference of a declaration (policy, insured, buyer, limit, upload, destination, author,
premium invoice) is a database foreign-key constraint, also for the rows a bulk upload writes.

Money: ``amount`` is in the invoice currency; ``*_usd`` columns are in US dollars at the rate of
the shipment date (``rate_used``), so that the receivable, its cover and its exposure on the limit
never move with later exchange rates.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policies.models import PaymentTerm
from sinosure_portal.money.fields import CurrencyAmountField

USD = {"max_digits": 18, "decimal_places": 2}
MAX_CREDIT_DAYS = 720  # DESIGN.md (seed): credit periods at most two years


class ShipmentDeclaration(models.Model):
    class Status(models.TextChoices):
        COVERED = "covered", _("Covered")  # covered in full by the limit, receivable open
        PARTLY_COVERED = "partly_covered", _("Partly covered")  # only part fitted in the limit
        OVERDUE = "overdue", _("Overdue")  # the due date passed unpaid (daily sweep)
        SETTLED = "settled", _("Settled")  # fully paid: its exposure was freed on the limit
        # the next issues move declarations on from here (claims, indemnities)
        LOSS_NOTIFIED = "loss_notified", _("Possible loss notified")  # a possible-loss notice names it
        CLAIMED = "claimed", _("Claimed")  # a claim was filed on it
        INDEMNIFIED = "indemnified", _("Indemnified")  # the insurer paid an indemnity on it

    OPEN = (Status.COVERED, Status.PARTLY_COVERED, Status.OVERDUE, Status.LOSS_NOTIFIED)
    AMENDABLE = (Status.COVERED, Status.PARTLY_COVERED, Status.OVERDUE)
    PAYABLE = (Status.COVERED, Status.PARTLY_COVERED, Status.OVERDUE, Status.LOSS_NOTIFIED)

    policy = models.ForeignKey(
        "policies.Policy",
        on_delete=models.PROTECT,
        related_name="declarations",
        verbose_name=_("policy"),
        db_index=False,  # served by the (policy, invoice_number) unique index
    )
    # the insured (= policy.organisation), on the row so that every list scopes without a join
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="declarations",
        verbose_name=_("insured"),
        db_index=False,  # served by the (organisation, status, due_date) index
    )
    buyer = models.ForeignKey(
        "creditinfo.Buyer",
        on_delete=models.PROTECT,
        related_name="declarations",
        verbose_name=_("buyer"),
        # no index of its own: a buyer's declarations are looked up within a policy or an insured
        # (the unique and the receivables indexes), and every index slows the uploads' COPY
        db_index=False,
    )
    limit = models.ForeignKey(
        "limits.CreditLimit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="declarations",
        verbose_name=_("credit limit"),
    )
    batch = models.ForeignKey(
        "DeclarationBatch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="declarations",
        verbose_name=_("upload"),
        db_index=False,  # served by the (batch, batch_row) index
    )
    batch_row = models.PositiveIntegerField(_("row of the upload"), null=True, blank=True)
    client_reference = models.CharField(_("your reference"), max_length=64, blank=True)
    invoice_number = models.CharField(_("invoice number"), max_length=64)
    shipment_date = models.DateField(_("shipment date"))
    currency = models.CharField(_("currency"), max_length=3)
    amount = CurrencyAmountField(_("invoice amount"))
    rate_used = models.DecimalField(_("USD per unit on the shipment date"), max_digits=20, decimal_places=10)
    amount_usd = models.DecimalField(_("amount (USD)"), **USD)
    payment_term = models.CharField(_("payment term"), max_length=2, choices=PaymentTerm.choices)
    credit_days = models.PositiveSmallIntegerField(
        _("credit period (days)"), validators=[MaxValueValidator(MAX_CREDIT_DAYS)]
    )
    due_date = models.DateField(_("due date"))
    hs_code = models.CharField(_("HS code"), max_length=10, blank=True)  # blank: a service
    description = models.CharField(_("goods or service"), max_length=300, blank=True)
    destination = models.ForeignKey(
        "creditinfo.Country",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("destination"),
        db_index=False,
    )
    financing_intent = models.BooleanField(_("financing wanted"), default=False)
    # cover
    covered_usd = models.DecimalField(_("covered (USD)"), **USD)
    # what the declaration holds on the limit now: min(covered, outstanding); zero once settled
    exposure_usd = models.DecimalField(_("exposure held (USD)"), **USD, default=Decimal("0"))
    reason_code = models.CharField(_("why not covered in full"), max_length=40, blank=True)
    reason_params = models.JSONField(default=dict, blank=True)
    # premium (declared amount x the policy's rate); billed monthly
    premium_rate = models.DecimalField(_("premium rate"), max_digits=7, decimal_places=6)
    premium_usd = models.DecimalField(_("premium (USD)"), **USD)
    premium_billed_usd = models.DecimalField(_("premium billed (USD)"), **USD, default=Decimal("0"))
    premium_invoice = models.ForeignKey(
        "policies.PremiumInvoice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="declarations",
        verbose_name=_("premium invoice"),
        db_index=False,  # a partial index: only billed rows are in it
    )
    # the declaration deadline and whether it was met
    declared_on = models.DateField(_("declared on"))
    declaration_deadline = models.DateField(_("declaration deadline"))
    late = models.BooleanField(_("declared late"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    # receivable
    paid_amount = CurrencyAmountField(_("paid"), default=Decimal("0"))
    paid_usd = models.DecimalField(_("paid (USD)"), **USD, default=Decimal("0"))
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(_("declared at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("shipment declaration")
        verbose_name_plural = _("shipment declarations")
        ordering = ["-shipment_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "invoice_number"], name="declaration_invoice_per_policy"
            ),
            models.UniqueConstraint(
                fields=["organisation", "client_reference"],
                condition=~Q(client_reference=""),
                name="declaration_client_reference_per_org",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="declaration_amount_positive"),
            models.CheckConstraint(
                condition=Q(covered_usd__gte=0, covered_usd__lte=models.F("amount_usd")),
                name="declaration_covered_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(exposure_usd__gte=0, exposure_usd__lte=models.F("covered_usd")),
                name="declaration_exposure_within_cover",
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__gte=0, paid_amount__lte=models.F("amount")),
                name="declaration_paid_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(credit_days__lte=MAX_CREDIT_DAYS), name="declaration_credit_days_max"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "due_date"], name="declaration_org_status_due"),
            models.Index(fields=["status", "due_date"], name="declaration_status_due"),
            models.Index(
                fields=["batch", "batch_row"], condition=Q(batch__isnull=False), name="declaration_batch_row"
            ),
            models.Index(
                fields=["premium_invoice"],
                condition=Q(premium_invoice__isnull=False),
                name="declaration_premium_invoice",
            ),
        ]

    def __str__(self) -> str:
        return self.invoice_number

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid_amount

    @property
    def outstanding_usd(self) -> Decimal:
        return self.amount_usd - self.paid_usd

    @property
    def is_service(self) -> bool:
        return not self.hs_code

    @property
    def loss_notice_date(self):
        """The last day to notify a possible loss after a default (due date + the policy's days)."""
        from datetime import timedelta

        return self.due_date + timedelta(days=self.policy.loss_notice_default_days)

    @property
    def reason_message(self) -> str:
        from declarations.reasons import reason_text

        return reason_text(self.reason_code, self.reason_params) if self.reason_code else ""


class DeclarationBatch(models.Model):
    """One bulk declaration: an uploaded CSV or XLSX file, or rows sent through the API."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")  # stored, waiting for the background worker
        RUNNING = "running", _("Running")  # the worker is declaring its rows, chunk by chunk
        COMPLETED = "completed", _("Completed")  # every row declared or reported refused
        FAILED = "failed", _("Failed")  # stopped by an error; running it again finishes the job

    class Source(models.TextChoices):
        CSV = "csv", _("CSV file")
        XLSX = "xlsx", _("Excel file")
        API = "api", _("API")

    policy = models.ForeignKey(
        "policies.Policy",
        on_delete=models.PROTECT,
        related_name="declaration_batches",
        verbose_name=_("policy"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("insured")
    )
    source = models.CharField(_("source"), max_length=4, choices=Source.choices)
    file = models.FileField(upload_to="declarations/batches/%Y/%m/")
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows done"), default=0)
    covered_rows = models.PositiveIntegerField(_("covered"), default=0)
    partly_covered_rows = models.PositiveIntegerField(_("partly covered"), default=0)
    refused_rows = models.PositiveIntegerField(_("refused"), default=0)
    duplicate_rows = models.PositiveIntegerField(_("already declared"), default=0)
    covered_usd = models.DecimalField(_("covered (USD)"), **USD, default=Decimal("0"))
    premium_usd = models.DecimalField(_("premium (USD)"), **USD, default=Decimal("0"))
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("declaration upload")
        verbose_name_plural = _("declaration uploads")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    @property
    def progress(self) -> int:
        """Percent done (whole number); 100 once completed, even for an empty file."""
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
        """Queued or running with no progress for DECLARATION_BATCH_STUCK_MINUTES: the worker was lost
        or the message never reached the broker. The sweep queues it again; the uploader may too."""
        if self.status not in (self.Status.QUEUED, self.Status.RUNNING):
            return False
        limit = timezone.now() - timedelta(minutes=settings.DECLARATION_BATCH_STUCK_MINUTES)
        return self.updated_at is not None and self.updated_at < limit


class DeclarationBatchRow(models.Model):
    """A row of an upload that declared nothing: refused (with its reason, shown in the reader's
    language) or already declared. The rows that were declared are the upload's declarations
    themselves (``ShipmentDeclaration.batch`` and ``batch_row``); the report is the union of both."""

    class Outcome(models.TextChoices):
        COVERED = "covered", _("Covered")
        PARTLY_COVERED = "partly_covered", _("Partly covered")
        REFUSED = "refused", _("Refused")
        DUPLICATE = "duplicate", _("Already declared")

    batch = models.ForeignKey(DeclarationBatch, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField(_("row"))  # as the user sees it: the header is row 1
    invoice_number = models.CharField(_("invoice number"), max_length=64, blank=True)
    buyer_text = models.CharField(_("buyer"), max_length=255, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    reason_code = models.CharField(_("reason"), max_length=40, blank=True)
    reason_params = models.JSONField(default=dict, blank=True)
    late = models.BooleanField(_("declared late"), default=False)
    amount_usd = models.DecimalField(_("amount (USD)"), **USD, null=True, blank=True)
    covered_usd = models.DecimalField(_("covered (USD)"), **USD, default=Decimal("0"))
    premium_usd = models.DecimalField(_("premium (USD)"), **USD, default=Decimal("0"))

    class Meta:
        verbose_name = _("upload row")
        verbose_name_plural = _("upload rows")
        ordering = ["batch", "row_number"]
        constraints = [models.UniqueConstraint(fields=["batch", "row_number"], name="batch_row_once")]
        indexes = [models.Index(fields=["batch", "outcome", "row_number"], name="batch_row_outcome")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}"

    @property
    def reason_message(self) -> str:
        from declarations.reasons import reason_text

        return reason_text(self.reason_code, self.reason_params) if self.reason_code else ""


class Payment(models.Model):
    """Money received from the buyer (收汇) against one declared invoice. A payment recorded for a
    buyer without an invoice number is split over its oldest open invoices, one row each."""

    declaration = models.ForeignKey(
        ShipmentDeclaration, on_delete=models.PROTECT, related_name="payments", verbose_name=_("invoice")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("insured")
    )
    received_on = models.DateField(_("received on"))
    currency = models.CharField(_("currency"), max_length=3)
    amount = CurrencyAmountField(_("amount"), validators=[MinValueValidator(Decimal("0.001"))])
    amount_usd = models.DecimalField(_("amount (USD)"), **USD)
    client_reference = models.CharField(_("your reference"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("payment received")
        verbose_name_plural = _("payments received")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            # a receipt with a reference is applied to an invoice once, however often it is re-sent
            models.UniqueConstraint(
                fields=["organisation", "client_reference", "declaration"],
                condition=~Q(client_reference=""),
                name="payment_reference_once_per_invoice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.declaration} {self.currency} {self.amount}"


class DeclarationAmendment(models.Model):
    """A request to correct a declaration's amount or dates (申报更正); the underwriter applies or
    rejects it, and the coverage is worked out again under the limit's lock when applied."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")  # waiting for the underwriter
        APPROVED = "approved", _("Applied")  # approved and applied to the declaration
        REJECTED = "rejected", _("Rejected")  # refused, with a reason
        WITHDRAWN = "withdrawn", _("Withdrawn")  # withdrawn by the insured before a decision

    declaration = models.ForeignKey(
        ShipmentDeclaration,
        on_delete=models.CASCADE,
        related_name="amendments",
        verbose_name=_("declaration"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("insured")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    new_amount = CurrencyAmountField(
        _("new invoice amount"), currency_field="declaration.currency", null=True, blank=True
    )
    new_shipment_date = models.DateField(_("new shipment date"), null=True, blank=True)
    new_credit_days = models.PositiveSmallIntegerField(
        _("new credit period (days)"), null=True, blank=True, validators=[MaxValueValidator(MAX_CREDIT_DAYS)]
    )
    reason = models.TextField(_("reason"))
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("declaration amendment")
        verbose_name_plural = _("declaration amendments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration"], condition=Q(status="submitted"), name="amendment_one_pending"
            ),
            models.CheckConstraint(
                condition=Q(new_amount__isnull=False)
                | Q(new_shipment_date__isnull=False)
                | Q(new_credit_days__isnull=False),
                name="amendment_changes_something",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.declaration} #{self.pk}"


class NilDeclaration(models.Model):
    """ "No shipments this month" (零申报): the insured reports that a declaring policy shipped
    nothing in a month, so the monthly declaration reminder has nothing to ask for."""

    policy = models.ForeignKey(
        "policies.Policy", on_delete=models.PROTECT, related_name="nil_declarations", verbose_name=_("policy")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("insured")
    )
    month = models.DateField(_("month"))  # its first day
    client_reference = models.CharField(_("your reference"), max_length=64, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)

    class Meta:
        verbose_name = _("nil declaration")
        verbose_name_plural = _("nil declarations")
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "month"], name="nil_declaration_once_a_month"),
        ]

    def __str__(self) -> str:
        return f"{self.policy_id} {self.month:%Y-%m}"


from declarations.limit_models import LimitBatch, LimitBatchRow, PlannedOrder  # noqa: E402, F401 - models of this app
