"""Possible-loss notices (可能损失通知书), claims (索赔申请书) with their evidence, the loss assessment
(定损核赔) entered as deductions, indemnities (赔款) paid to the insured or its assignee bank, and
recoveries (追偿) shared after payment.

Amounts are in US dollars (the receivables carry their USD value at the shipment-date rate); a
recovery keeps the currency it was received in beside its USD value. The insured is an
organisation (an exporter, or a bank on a bank policy): every row carries it so that each list
scopes without a join.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sinosure_portal.money.fields import CurrencyAmountField

USD = {"max_digits": 18, "decimal_places": 2}
RATIO = {"max_digits": 5, "decimal_places": 4}


class Cause(models.TextChoices):
    """The risks covered (DESIGN.md, seed). Only a default is counted from the due date."""

    # commercial
    BUYER_INSOLVENCY = "buyer_insolvency", _("Buyer insolvency")  # 买方破产或无力偿付债务
    BUYER_DEFAULT = "buyer_default", _("Buyer default (unpaid after the due date)")  # 买方拖欠货款
    BUYER_REJECTION = "buyer_rejection", _("Buyer rejected the goods")  # 买方拒收货物
    BANK_INSOLVENCY = "bank_insolvency", _("Issuing bank insolvency, closure or takeover")
    BANK_DEFAULT = "bank_default", _("Issuing bank default or refusal to accept a usance L/C")
    # political
    TRANSFER_BAN = "transfer_ban", _("Payment or transfer ban")  # 禁止或限制汇兑
    IMPORT_BAN = "import_ban", _("Import ban or licence revoked")  # 禁止进口或撤销进口许可证
    WAR = "war", _("War, civil war, rebellion, revolution or riot")
    MORATORIUM = "moratorium", _("Moratorium on payment")  # 延期付款令


POLITICAL_CAUSES = (Cause.TRANSFER_BAN, Cause.IMPORT_BAN, Cause.WAR, Cause.MORATORIUM)


class PossibleLossNotice(models.Model):
    """The insured's notice that a covered risk has happened on a buyer (可能损失通知书). From the
    notice on, the declarations rule refuses late declarations on that buyer (see
    ``declarations.selectors.buyers_with_loss_notice``, which reads ``policy``, ``buyer`` and
    ``status`` of this table)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")  # filed by the insured, waiting for the claims officer
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")  # registered by the insurer (受理)
        CLAIMED = "claimed", _("Claim filed")  # a claim was filed from it
        CLOSED = "closed", _("Closed without a claim")  # e.g. the buyer paid after all
        WITHDRAWN = "withdrawn", _("Withdrawn")  # withdrawn by the insured; the buyer takes cover again

    LIVE = (Status.SUBMITTED, Status.ACKNOWLEDGED)

    number = models.CharField(_("notice number"), max_length=20, unique=True, null=True, blank=True)
    policy = models.ForeignKey(
        "policies.Policy", on_delete=models.PROTECT, related_name="loss_notices", verbose_name=_("policy")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="loss_notices",
        verbose_name=_("insured"),
    )
    buyer = models.ForeignKey(
        "creditinfo.Buyer", on_delete=models.PROTECT, related_name="loss_notices", verbose_name=_("buyer")
    )
    declarations = models.ManyToManyField(
        "declarations.ShipmentDeclaration",
        related_name="loss_notices",
        verbose_name=_("shipments affected"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    cause = models.CharField(_("cause of loss"), max_length=20, choices=Cause.choices)
    event_date = models.DateField(_("event date"))
    due_date = models.DateField(_("earliest due date"), null=True, blank=True)
    amount_at_risk_usd = models.DecimalField(
        _("amount at risk (USD)"), **USD, validators=[MinValueValidator(Decimal("0.01"))]
    )
    description = models.TextField(_("what happened"))
    notified_on = models.DateField(_("notified on"))
    # the notice deadline, with how it was computed (DESIGN.md "Deadlines and reminders")
    deadline = models.DateField(_("notice deadline"))
    deadline_basis = models.CharField(_("deadline basis"), max_length=10)  # calendar / business
    deadline_rule = models.CharField(_("deadline rule"), max_length=80)
    deadline_provisional = models.BooleanField(_("deadline provisional"), default=False)
    late = models.BooleanField(_("notified late"), default=False)
    claim_deadline = models.DateField(_("claim deadline"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closing_reason = models.TextField(_("closing reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("possible-loss notice")
        verbose_name_plural = _("possible-loss notices")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_at_risk_usd__gt=0), name="notice_amount_positive"),
        ]
        indexes = [
            models.Index(fields=["policy", "buyer", "status"], name="notice_policy_buyer_status"),
            models.Index(fields=["organisation", "status"], name="notice_org_status"),
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"


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


class EvidenceKind(models.TextChoices):
    CONTRACT = "contract", _("Sales contract")  # 贸易合同
    INVOICE = "invoice", _("Commercial invoice")  # 商业发票
    BILL_OF_LADING = "bill_of_lading", _("Bill of lading")  # 提单
    CUSTOMS_DECLARATION = "customs_declaration", _("Customs declaration")  # 出口报关单
    CORRESPONDENCE = "correspondence", _("Correspondence with the buyer")  # 往来函电
    OTHER = "other", _("Other")
    # returned before payment (seed)
    SIGNED_NOTICE_RECEIPT = "signed_notice_receipt", _("Signed indemnity notice receipt")  # 赔付通知书回执
    SIGNED_RECEIPT_TRANSFER = (
        "signed_receipt_transfer",
        _("Signed indemnity receipt and transfer of rights"),
    )  # 赔款收据及权益转让书
    AML = "aml", _("Anti-money-laundering material")  # 反洗钱材料


class DocumentRequest(models.Model):
    """The claims officer asks the insured for more documents; the insured answers with uploads."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the insured")  # asked, not yet answered
        ANSWERED = "answered", _("Answered")  # the insured uploaded or replied
        CANCELLED = "cancelled", _("Cancelled")  # no longer needed

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="document_requests")
    kind = models.CharField(_("document"), max_length=24, choices=EvidenceKind.choices)
    message = models.TextField(_("what is needed"))
    due_date = models.DateField(_("answer by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document request")
        verbose_name_plural = _("document requests")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "due_date"], name="doc_request_status_due")]

    def __str__(self) -> str:
        return f"{self.claim} {self.get_kind_display()}"


def evidence_path(instance, filename: str) -> str:
    return f"claims/evidence/{instance.claim_id}/{instance.sha256}.{instance.extension}"


class ClaimDocument(models.Model):
    """An uploaded evidence file, stored under MEDIA_ROOT and served only through the claim's view."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=24, choices=EvidenceKind.choices)
    request = models.ForeignKey(
        DocumentRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("claim document")
        verbose_name_plural = _("claim documents")
        ordering = ["kind", "created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class IndemnityPayment(models.Model):
    """The indemnity paid on a claim: one at most (the one-to-one makes a second payment impossible
    even if two officers press the button at once)."""

    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="payment")
    policy = models.ForeignKey("policies.Policy", on_delete=models.PROTECT, related_name="indemnities")
    buyer = models.ForeignKey("creditinfo.Buyer", on_delete=models.PROTECT, related_name="indemnities")
    payee = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="indemnities_received"
    )
    payee_assignment_id = models.PositiveBigIntegerField(null=True, blank=True)
    amount_usd = models.DecimalField(_("indemnity paid (USD)"), **USD)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("payment reference"), max_length=64, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("indemnity payment")
        verbose_name_plural = _("indemnity payments")
        ordering = ["-paid_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount_usd__gt=0), name="indemnity_paid_positive")]
        indexes = [models.Index(fields=["policy", "buyer"], name="indemnity_policy_buyer")]

    def __str__(self) -> str:
        return f"{self.claim} {self.amount_usd}"


class Recovery(models.Model):
    """Money recovered from the buyer on a claim. Before the indemnity is paid it reduces the loss;
    after, it is shared: insurer share = (recovered - costs) x indemnity paid / total owed."""

    # business number (RV2026000001), given when recorded; never the row id
    number = models.CharField(_("recovery number"), max_length=20, unique=True, null=True, blank=True)
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="recoveries")
    received_on = models.DateField(_("received on"))
    currency = models.CharField(_("currency"), max_length=3)
    amount = CurrencyAmountField(_("amount recovered"), validators=[MinValueValidator(Decimal("0.001"))])
    costs = CurrencyAmountField(_("collection costs"), default=Decimal("0"))
    rate_used = models.DecimalField(_("USD per unit"), max_digits=20, decimal_places=10, default=Decimal("1"))
    amount_usd = models.DecimalField(_("recovered (USD)"), **USD)
    costs_usd = models.DecimalField(_("costs (USD)"), **USD, default=Decimal("0"))
    net_usd = models.DecimalField(_("net recovery (USD)"), **USD)
    before_payment = models.BooleanField(_("before the indemnity was paid"), default=False)
    insurer_share_usd = models.DecimalField(_("insurer's share (USD)"), **USD, default=Decimal("0"))
    insured_share_usd = models.DecimalField(_("insured's share (USD)"), **USD, default=Decimal("0"))
    note = models.TextField(_("note"), blank=True)
    # the sender's own reference: the same recovery sent twice is recorded once
    client_reference = models.CharField(_("client reference"), max_length=64, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # a recovery entered in error is reversed (once, with a reason), never deleted: from then on it
    # counts in no total (loss before payment, shares after payment)
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reversed by"),
    )
    reversal_reason = models.TextField(_("why reversed"), blank=True, default="")

    class Meta:
        verbose_name = _("recovery")
        verbose_name_plural = _("recoveries")
        ordering = ["received_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "client_reference"],
                condition=~Q(client_reference=""),
                name="recovery_client_reference_once",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0, costs__gte=0), name="recovery_amounts"),
            models.CheckConstraint(
                condition=Q(insurer_share_usd__gte=0, insured_share_usd__gte=0), name="recovery_shares"
            ),
            models.CheckConstraint(
                condition=Q(reversed_at__isnull=True) | ~Q(reversal_reason=""),
                name="recovery_reversal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim} {self.currency} {self.amount}"

    @property
    def reversed(self) -> bool:
        return self.reversed_at is not None
