"""Policy financing (保单融资): the three-party indemnity assignment (赔款转让协议), the receivable
assignment (应收账款转让), the coverage notices sent to banks (承保情况通知书), the banks' loans
(放款登记) and repayments (还款登记) against covered receivables, and the exporter's authorisation
for a bank to see its three data items (保额规模, 国别分布, 买方分布).

Who sees what: the exporter (the insured) sees its own rows (``organisation``), the bank sees the
rows that name it (``bank``), insurer staff see everything. Nobody else finds them (404).
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


class IndemnityAssignment(models.Model):
    """赔款转让协议: from its effective date, indemnities under the policy (or on the chosen buyers)
    are paid to the bank instead of the insured."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")  # the exporter signed and sent it to the bank
        BANK_SIGNED = "bank_signed", _("Signed by the bank")  # waiting for the insurer's approval
        IN_FORCE = "in_force", _("In force")  # approved: indemnities in scope go to the bank
        TERMINATION_REQUESTED = "termination_requested", _("Termination requested")  # still in force
        TERMINATED = "terminated", _("Terminated")  # confirmed by the insurer: new indemnities to the insured
        REJECTED = "rejected", _("Rejected")  # refused by the bank or the insurer, with a reason
        WITHDRAWN = "withdrawn", _("Withdrawn")  # withdrawn by the exporter before it came into force

    class Scope(models.TextChoices):
        WHOLE_POLICY = "policy", _("The whole policy")
        BUYERS = "buyers", _("Chosen buyers")

    # states in which the agreement binds the insurer (a termination request does not end it yet)
    BINDING = (Status.IN_FORCE, Status.TERMINATION_REQUESTED)
    # states that may still become binding, or are: no second agreement may overlap them
    LIVE = (Status.PROPOSED, Status.BANK_SIGNED, Status.IN_FORCE, Status.TERMINATION_REQUESTED)

    number = models.CharField(_("agreement number"), max_length=20, unique=True, null=True, blank=True)
    policy = models.ForeignKey(
        "policies.Policy",
        on_delete=models.PROTECT,
        related_name="indemnity_assignments",
        verbose_name=_("policy"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="indemnity_assignments",
        verbose_name=_("insured"),
    )
    bank = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="indemnity_assignments_received",
        verbose_name=_("bank"),
    )
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices, default=Scope.WHOLE_POLICY)
    buyers = models.ManyToManyField(
        "creditinfo.Buyer", blank=True, related_name="indemnity_assignments", verbose_name=_("buyers")
    )
    effective_date = models.DateField(_("effective date"))
    # the day from which new indemnities go to the insured again (set when termination is confirmed)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    financing_ratio = models.DecimalField(
        _("financing ratio"),
        **RATIO,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
        help_text=_("Leave empty to use the policy's financing ratio."),
    )
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.PROPOSED)
    # signatures: who signed for each party, as what, when and from where
    exporter_signer_name = models.CharField(_("signed for the insured by"), max_length=100)
    exporter_signer_title = models.CharField(pgettext_lazy("job", "title"), max_length=100)
    exporter_signed_at = models.DateTimeField(_("signed by the insured at"))
    exporter_signed_ip = models.GenericIPAddressField(_("from IP"), null=True, blank=True)
    bank_signer_name = models.CharField(_("signed for the bank by"), max_length=100, blank=True)
    bank_signer_title = models.CharField(pgettext_lazy("job", "title"), max_length=100, blank=True)
    bank_signed_at = models.DateTimeField(_("signed by the bank at"), null=True, blank=True)
    bank_signed_ip = models.GenericIPAddressField(_("from IP"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    termination_requested_by = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("termination requested by"),
    )
    termination_requested_at = models.DateTimeField(_("termination requested at"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indemnity assignment")
        verbose_name_plural = _("indemnity assignments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("effective_date")),
                name="indemnity_assignment_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["policy", "status"], name="ia_policy_status")]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    def in_force_on(self, day) -> bool:
        if self.status not in (*self.BINDING, self.Status.TERMINATED):
            return False
        return self.effective_date <= day and (self.ended_on is None or day < self.ended_on)


class ReceivableAssignment(models.Model):
    """应收账款转让: chosen covered receivables of the exporter transferred to a bank."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")  # sent by the exporter, waiting for the bank
        ACCEPTED = "accepted", _("Accepted")  # the bank accepted: the receivables are its own
        DECLINED = "declined", _("Declined")  # the bank declined, with a reason
        WITHDRAWN = "withdrawn", _("Withdrawn")  # withdrawn by the exporter before the bank answered

    ACTIVE = (Status.PROPOSED, Status.ACCEPTED)

    number = models.CharField(_("assignment number"), max_length=20, unique=True, null=True, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="receivable_assignments",
        verbose_name=_("insured"),
    )
    bank = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="receivable_assignments_received",
        verbose_name=_("bank"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    note = models.TextField(_("note"), blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("receivable assignment")
        verbose_name_plural = _("receivable assignments")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"


class ReceivableAssignmentItem(models.Model):
    """One receivable in an assignment. ``active`` mirrors the assignment being proposed or accepted,
    so that the database itself keeps a receivable with one bank at a time."""

    assignment = models.ForeignKey(ReceivableAssignment, on_delete=models.CASCADE, related_name="items")
    declaration = models.ForeignKey(
        "declarations.ShipmentDeclaration",
        on_delete=models.PROTECT,
        related_name="receivable_assignment_items",
        verbose_name=_("receivable"),
    )
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("assigned receivable")
        verbose_name_plural = _("assigned receivables")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "declaration"], name="ra_item_once"),
            models.UniqueConstraint(
                fields=["declaration"], condition=Q(active=True), name="ra_receivable_one_bank"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}:{self.declaration_id}"


class CoverageNotice(models.Model):
    """承保情况通知书: the insurer tells the bank how a shipment declared for financing is covered.
    The figures are a snapshot at the time of the notice; the PDF is rendered from them."""

    class Source(models.TextChoices):
        INDEMNITY_ASSIGNMENT = "indemnity", _("Indemnity assignment")
        RECEIVABLE_ASSIGNMENT = "receivable", _("Receivable assignment")

    # business number (CN2026000001) from the CN sequence, given in the transaction that issues it
    number = models.CharField(_("notice number"), max_length=24, unique=True, null=True, blank=True)
    declaration = models.ForeignKey(
        "declarations.ShipmentDeclaration",
        on_delete=models.PROTECT,
        related_name="coverage_notices",
        verbose_name=_("shipment"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("insured")
    )
    bank = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="coverage_notices",
        verbose_name=_("bank"),
    )
    source = models.CharField(_("under"), max_length=10, choices=Source.choices)
    indemnity_assignment = models.ForeignKey(
        IndemnityAssignment, on_delete=models.PROTECT, null=True, blank=True, related_name="coverage_notices"
    )
    receivable_assignment = models.ForeignKey(
        ReceivableAssignment, on_delete=models.PROTECT, null=True, blank=True, related_name="coverage_notices"
    )
    # the snapshot
    invoice_number = models.CharField(_("invoice number"), max_length=64)
    currency = models.CharField(_("currency"), max_length=3)
    amount = CurrencyAmountField(_("invoice amount"))
    amount_usd = models.DecimalField(_("amount (USD)"), **USD)
    covered_usd = models.DecimalField(_("covered (USD)"), **USD)
    due_date = models.DateField(_("due date"))
    limit_number = models.CharField(_("credit limit"), max_length=24, blank=True)
    limit_status = models.CharField(_("limit status"), max_length=16, blank=True)
    limit_amount_usd = models.DecimalField(_("limit amount (USD)"), **USD, null=True, blank=True)
    limit_available_usd = models.DecimalField(_("available on the limit (USD)"), **USD, null=True, blank=True)
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)
    # set once the bank's users were told (inbox and e-mail); a re-run tells nobody twice
    notified_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("coverage notice")
        verbose_name_plural = _("coverage notices")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "bank"], name="coverage_notice_once_per_bank"),
        ]
        indexes = [
            models.Index(fields=["bank", "created_at"], name="coverage_notice_bank"),
            models.Index(
                fields=["created_at"], condition=Q(notified_at__isnull=True), name="coverage_notice_unsent"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Loan(models.Model):
    """放款登记: a bank's loan to an exporter against one or more covered receivables."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")  # outstanding: its receivables cannot be financed again
        REPAID = "repaid", _("Repaid")  # repaid in full: its receivables are free again

    number = models.CharField(_("loan number"), max_length=20, unique=True, null=True, blank=True)
    bank = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="loans_made", verbose_name=_("bank")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="loans", verbose_name=_("borrower")
    )
    bank_reference = models.CharField(_("bank's reference"), max_length=64, blank=True)
    loan_date = models.DateField(_("loan date"))
    maturity_date = models.DateField(_("maturity date"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    amount = CurrencyAmountField(_("amount"))
    rate_used = models.DecimalField(_("USD per unit on the loan date"), max_digits=20, decimal_places=10)
    amount_usd = models.DecimalField(_("amount (USD)"), **USD)
    # the most this loan could be: the sum over its receivables of covered x financing ratio
    financeable_usd = models.DecimalField(_("financeable (USD)"), **USD)
    repaid_amount = CurrencyAmountField(_("repaid"), default=Decimal("0"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    repaid_on = models.DateField(_("repaid on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-loan_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="loan_amount_positive"),
            models.CheckConstraint(
                condition=Q(amount_usd__lte=models.F("financeable_usd")), name="loan_within_financeable"
            ),
            models.CheckConstraint(
                condition=Q(repaid_amount__gte=0, repaid_amount__lte=models.F("amount")),
                name="loan_repaid_within_amount",
            ),
            models.UniqueConstraint(
                fields=["bank", "bank_reference"],
                condition=~Q(bank_reference=""),
                name="loan_bank_reference_once",
            ),
        ]
        indexes = [models.Index(fields=["bank", "status", "loan_date"], name="loan_bank_status")]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.repaid_amount


class LoanReceivable(models.Model):
    """A receivable financed by a loan. ``open`` mirrors the loan being open; the partial unique
    index keeps any receivable in at most one open loan, whichever bank asks and however fast."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="receivables")
    declaration = models.ForeignKey(
        "declarations.ShipmentDeclaration",
        on_delete=models.PROTECT,
        related_name="loan_receivables",
        verbose_name=_("receivable"),
    )
    covered_usd = models.DecimalField(_("covered (USD)"), **USD)
    financing_ratio = models.DecimalField(_("financing ratio"), **RATIO)
    financeable_usd = models.DecimalField(_("financeable (USD)"), **USD)
    open = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("financed receivable")
        verbose_name_plural = _("financed receivables")
        constraints = [
            models.UniqueConstraint(fields=["loan", "declaration"], name="loan_receivable_once"),
            models.UniqueConstraint(
                fields=["declaration"], condition=Q(open=True), name="receivable_financed_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loan_id}:{self.declaration_id}"


class Repayment(models.Model):
    """还款登记: money the exporter repaid on a loan, in the loan's currency."""

    # business number (RP2026000001), never the row id
    number = models.CharField(_("repayment number"), max_length=20, unique=True, null=True, blank=True)
    loan = models.ForeignKey(
        Loan, on_delete=models.PROTECT, related_name="repayments", verbose_name=_("loan")
    )
    repaid_on = models.DateField(_("repaid on"))
    amount = CurrencyAmountField(
        _("amount"), currency_field="loan.currency", validators=[MinValueValidator(Decimal("0.001"))]
    )
    bank_reference = models.CharField(_("bank's reference"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        ordering = ["-repaid_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="repayment_amount_positive"),
            models.UniqueConstraint(
                fields=["loan", "bank_reference"],
                condition=~Q(bank_reference=""),
                name="repayment_reference_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loan} {self.amount}"


class DataItem(models.TextChoices):
    """The three figures an exporter may let a bank see (seed: 保额规模, 国别分布, 买方分布)."""

    COVERAGE_SIZE = "coverage_size", _("Coverage size by month")
    COUNTRY_DISTRIBUTION = "country_distribution", _("Country distribution")
    BUYER_DISTRIBUTION = "buyer_distribution", _("Buyer distribution")


class DataAuthorisation(models.Model):
    """数据授权: the exporter lets one bank see some of its three data items, until it revokes."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Granted")  # the bank sees the items
        REVOKED = "revoked", _("Revoked")  # the bank sees nothing more

    # business number (DA2026000001), never the row id
    number = models.CharField(_("authorisation number"), max_length=20, unique=True, null=True, blank=True)

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="data_authorisations",
        verbose_name=_("insured"),
    )
    bank = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="data_authorisations_received",
        verbose_name=_("bank"),
    )
    items = models.JSONField(_("data items"), default=list)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    granted_ip = models.GenericIPAddressField(_("from IP"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("data authorisation")
        verbose_name_plural = _("data authorisations")
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "bank"],
                condition=Q(status="active"),
                name="data_authorisation_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.bank}"

    def item_labels(self) -> list[str]:
        labels = dict(DataItem.choices)
        return [str(labels.get(i, i)) for i in self.items]
