"""Claims (索赔申请书), their lines (one per claimed invoice), the deductions of the loss assessment
(定损核赔) and the officers' notes."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from claims.models.common import RATIO, USD, Cause
from claims.models.notices import PossibleLossNotice
from sinosure_portal.money.fields import CurrencyAmountField


class Claim(models.Model):
    """The insured's request for indemnity (索赔申请书), filed from a notice (micro and SME: directly)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")  # filed by the insured
        ACCEPTED = (
            "accepted",
            pgettext_lazy("claim status", "Accepted"),
        )  # taken on by a claims officer (受理)
        INVESTIGATING = "investigating", _("Investigating")  # notes, more documents asked for
        ASSESSED = "assessed", _("Assessed")  # the loss computed line by line (定损)
        APPROVED = "approved", pgettext_lazy("claim status", "Approved")  # decided: indemnity as assessed
        PARTLY_APPROVED = "partly_approved", _("Partly approved")  # decided: part excluded or reduced
        DENIED = "denied", _("Denied")  # decided: no indemnity, with reasons
        NOTICE_ISSUED = "notice_issued", _("Indemnity notice issued")  # 赔付通知书 sent, payee fixed
        RECEIPT_RETURNED = "receipt_returned", _("Receipt returned")  # signed receipt and AML material in
        # an indemnity above PORTAL_INDEMNITY_SECOND_APPROVAL_USD: a second claims officer (not the one
        # who decided) approved paying it
        PAYMENT_APPROVED = "payment_approved", _("Payment approved by a second officer")
        PAID = "paid", pgettext_lazy("claim status", "Paid")  # the indemnity was paid to the payee
        CLOSED = "closed", _("Closed")  # nothing left to do (recoveries may still be shared)
        WITHDRAWN = "withdrawn", _("Withdrawn")  # withdrawn by the insured before the decision

    UNDECIDED = (Status.SUBMITTED, Status.ACCEPTED, Status.INVESTIGATING, Status.ASSESSED)
    WORKING = (Status.ACCEPTED, Status.INVESTIGATING, Status.ASSESSED)  # the loss may still change
    DECIDED_TO_PAY = (Status.APPROVED, Status.PARTLY_APPROVED)
    OPEN = (
        *UNDECIDED,
        *DECIDED_TO_PAY,
        Status.NOTICE_ISSUED,
        Status.RECEIPT_RETURNED,
        Status.PAYMENT_APPROVED,
    )

    class Escalation(models.TextChoices):
        NONE = "", _("On time")
        NEAR = "near", _("Decision due soon")
        OVERDUE = "overdue", _("Decision overdue")

    number = models.CharField(_("claim number"), max_length=20, unique=True, null=True, blank=True)
    policy = models.ForeignKey(
        "policies.Policy", on_delete=models.PROTECT, related_name="claims", verbose_name=_("policy")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="claims", verbose_name=_("insured")
    )
    buyer = models.ForeignKey(
        "creditinfo.Buyer", on_delete=models.PROTECT, related_name="claims", verbose_name=_("buyer")
    )
    notice = models.OneToOneField(
        PossibleLossNotice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claim",
        verbose_name=_("possible-loss notice"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    cause = models.CharField(_("cause of loss"), max_length=20, choices=Cause.choices)
    event_date = models.DateField(_("event date"))
    description = models.TextField(_("what happened"))
    filed_on = models.DateField(_("filed on"))
    filing_deadline = models.DateField(_("claim deadline"), null=True, blank=True)
    late_notice = models.BooleanField(_("possible loss notified late"), default=False)
    claimed_usd = models.DecimalField(_("amount claimed (USD)"), **USD, default=Decimal("0"))
    # micro: decided within 30 business days of the claim (seed)
    decision_due = models.DateField(_("decision due"), null=True, blank=True)
    decision_due_rule = models.CharField(_("decision deadline rule"), max_length=80, blank=True)
    decision_due_provisional = models.BooleanField(default=False)
    escalation = models.CharField(
        _("escalation"), max_length=8, choices=Escalation.choices, default=Escalation.NONE, blank=True
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims_handled",
        verbose_name=_("claims officer"),
    )
    # assessment inputs besides the deductions: a lower ratio (e.g. for a late notice) with its reason
    ratio_applied = models.DecimalField(
        _("indemnity ratio applied"),
        **RATIO,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
    )
    ratio_note = models.TextField(_("why the ratio was lowered"), blank=True)
    # the computation as last stored (at assessment, again at the decision), line by line
    assessment = models.JSONField(_("loss assessment"), default=dict, blank=True)
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    indemnity_usd = models.DecimalField(_("indemnity (USD)"), **USD, null=True, blank=True)
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # the payee, fixed when the indemnity notice is issued (indemnities decided keep their payee)
    payee = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indemnities_payable",
        verbose_name=_("payee"),
    )
    payee_assignment_id = models.PositiveBigIntegerField(_("indemnity assignment"), null=True, blank=True)
    payee_assignment_number = models.CharField(_("indemnity assignment number"), max_length=20, blank=True)
    notice_issued_on = models.DateField(_("indemnity notice issued on"), null=True, blank=True)
    receipt_returned_on = models.DateField(_("receipt returned on"), null=True, blank=True)
    payment_approved_at = models.DateTimeField(_("payment approved at"), null=True, blank=True)
    payment_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment approved by"),
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    total_owed_usd = models.DecimalField(_("total owed at payment (USD)"), **USD, null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(indemnity_usd__isnull=True) | Q(indemnity_usd__gte=0),
                name="claim_indemnity_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"], name="claim_org_status"),
            models.Index(fields=["status", "decision_due"], name="claim_status_decision_due"),
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def open_since(self):
        """When the claim was filed, as precisely as known: the moment it was recorded when that
        was on its filing day, else the start of the filing day (Shanghai). "Open for" is counted
        from here (a date alone made a claim filed a minute ago "open 19 hours")."""
        from datetime import datetime, time

        from sinosure_portal.workdays.calendar import SHANGHAI

        if self.created_at and timezone.localtime(self.created_at, SHANGHAI).date() == self.filed_on:
            return self.created_at
        return datetime.combine(self.filed_on, time(0), tzinfo=SHANGHAI)

    @property
    def is_undecided(self) -> bool:
        return self.status in self.UNDECIDED


class ClaimLine(models.Model):
    """One receivable in a claim: a declared shipment, or (micro and SME, which declare nothing) an
    invoice typed in the claim. Amounts are a snapshot at filing; later money comes in as
    deductions or recoveries."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    declaration = models.ForeignKey(
        "declarations.ShipmentDeclaration",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claim_lines",
        verbose_name=_("declaration"),
    )
    invoice_number = models.CharField(pgettext_lazy("shipment", "invoice number"), max_length=64)
    shipment_date = models.DateField(_("shipment date"), null=True, blank=True)
    due_date = models.DateField(_("due date"))
    currency = models.CharField(_("currency"), max_length=3)
    amount = CurrencyAmountField(_("invoice amount"))
    amount_usd = models.DecimalField(_("invoice amount (USD)"), **USD)
    covered_usd = models.DecimalField(_("covered (USD)"), **USD)
    paid_usd = models.DecimalField(_("paid by the buyer (USD)"), **USD, default=Decimal("0"))
    is_service = models.BooleanField(_("a service"), default=False)
    included = models.BooleanField(_("included in the indemnity"), default=True)
    exclusion_reason = models.TextField(_("why excluded"), blank=True)
    # False once the claim no longer holds the receivable (withdrawn, denied, or excluded when the
    # indemnity was paid): the shipment can be claimed again, and the unique indexes skip the line
    holds_shipment = models.BooleanField(_("holds the receivable"), default=True)
    # the policy and buyer of a direct claim's typed invoice, copied so that the database refuses
    # the same invoice in two claims that hold it (concurrent filings included)
    direct_key = models.CharField(max_length=160, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("claimed invoice")
        verbose_name_plural = _("claimed invoices")
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration"],
                condition=Q(declaration__isnull=False, holds_shipment=True),
                name="claim_line_declaration_held_once",
            ),
            models.UniqueConstraint(
                fields=["direct_key"],
                condition=Q(holds_shipment=True) & ~Q(direct_key=""),
                name="claim_line_direct_invoice_held_once",
            ),
            models.CheckConstraint(
                condition=Q(covered_usd__gte=0, covered_usd__lte=models.F("amount_usd")),
                name="claim_line_covered_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(paid_usd__gte=0, paid_usd__lte=models.F("amount_usd")),
                name="claim_line_paid_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.invoice_number

    @property
    def outstanding_usd(self) -> Decimal:
        return self.amount_usd - self.paid_usd


class ClaimDeduction(models.Model):
    """One deduction from the loss entered by the claims officer, with its note (DESIGN.md: resale
    proceeds, set-off, other recoveries). The officer never types the final figure."""

    class Kind(models.TextChoices):
        RESALE_PROCEEDS = "resale_proceeds", _("Resale proceeds")  # 转卖所得
        SET_OFF = "set_off", _("Set-off")  # 抵销
        OTHER_RECOVERIES = "other_recoveries", _("Other recoveries")  # 其他已回收款项

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="deductions")
    # entered against one shipment, or (empty) claim-level: allocated pro rata to what is unpaid
    line = models.ForeignKey(
        ClaimLine,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deductions",
        verbose_name=_("shipment"),
    )
    kind = models.CharField(_("deduction"), max_length=20, choices=Kind.choices)
    amount_usd = models.DecimalField(
        _("amount (USD)"), **USD, validators=[MinValueValidator(Decimal("0.01"))]
    )
    note = models.TextField(_("note"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("loss deduction")
        verbose_name_plural = _("loss deductions")
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount_usd__gt=0), name="deduction_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_usd}"


class ClaimNote(models.Model):
    """An investigation note (insurer staff only)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("investigation note")
        verbose_name_plural = _("investigation notes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]
