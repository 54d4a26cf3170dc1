"""Buyer credit limits (信用限额): applications (限额申请), the automatic-decision rules the
administrator tunes, the approved limits with their exposure, and the history of every change.

Exposure: ``CreditLimit.exposure_usd`` is the outstanding covered amount of declared, unpaid
shipments on the limit. The declarations issue changes it only through
the declaration engine (``declarations.engine.cover``) and ``limits.services.limit_exposure_release``,
which lock the limit row
(SELECT ... FOR UPDATE), so concurrent declarers can never commit more than the limit.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policies.models import PaymentTerm

USD = {"max_digits": 18, "decimal_places": 2}
MAX_CREDIT_PERIOD_DAYS = 720  # DESIGN.md (seed): credit periods at most two years
FIRST_TRADE_YEAR_MIN, FIRST_TRADE_YEAR_MAX = 1900, 2100  # "trading with the buyer since": a plausible year


class Light(models.TextChoices):
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


class LimitAutoRule(models.Model):
    """A rule under which a small limit request is approved at once (the rest go to the queue).

    An application is approved automatically when every condition of one enabled rule holds. A red
    buyer is never approved automatically, whatever a rule says (limits.rules.auto_decide)."""

    name = models.CharField(_("name"), max_length=100)
    enabled = models.BooleanField(_("enabled"), default=True)
    max_amount_usd = models.DecimalField(
        _("largest amount approved automatically (USD)"), **USD, validators=[MinValueValidator(0)]
    )
    max_country_class = models.PositiveSmallIntegerField(
        _("highest country risk class"), default=4, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    allowed_lights = models.JSONField(_("buyer lights allowed"), default=list)
    allowed_payment_terms = models.JSONField(_("payment terms allowed"), default=list)
    max_credit_period_days = models.PositiveSmallIntegerField(
        _("longest credit period (days)"), default=180, validators=[MaxValueValidator(MAX_CREDIT_PERIOD_DAYS)]
    )
    allow_related_party = models.BooleanField(_("related parties allowed"), default=False)
    products = models.JSONField(_("products (empty: all)"), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("automatic decision rule")
        verbose_name_plural = _("automatic decision rules")
        ordering = ["-enabled", "max_amount_usd", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(max_amount_usd__gte=0), name="auto_rule_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(max_country_class__gte=1, max_country_class__lte=9),
                name="auto_rule_country_class",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CreditLimitApplication(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")  # waiting in the underwriter queue
        UNDER_REVIEW = "under_review", _("Under review")  # taken by an underwriter
        APPROVED = "approved", _("Approved")  # approved as asked (by a rule or an underwriter)
        PARTLY_APPROVED = "partly_approved", _("Approved with changes")  # less, or shorter terms
        REJECTED = "rejected", _("Rejected")  # refused, with a reason
        WITHDRAWN = "withdrawn", _("Withdrawn")  # withdrawn by the applicant before a decision

    PENDING = (Status.SUBMITTED, Status.UNDER_REVIEW)

    number = models.CharField(_("application number"), max_length=20, unique=True, null=True, blank=True)
    policy = models.ForeignKey(
        "policies.Policy",
        on_delete=models.PROTECT,
        related_name="limit_applications",
        verbose_name=_("policy"),
    )
    # the insured (= policy.organisation), kept on the row so every list scopes in one join-free filter
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="limit_applications",
        verbose_name=_("applicant"),
    )
    buyer = models.ForeignKey(
        "creditinfo.Buyer",
        on_delete=models.PROTECT,
        related_name="limit_applications",
        verbose_name=_("buyer"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    payment_term = models.CharField(_("payment term"), max_length=2, choices=PaymentTerm.choices)
    credit_period_days = models.PositiveSmallIntegerField(_("credit period (days)"))
    amount_requested_usd = models.DecimalField(_("amount requested (USD)"), **USD)
    open_orders_usd = models.DecimalField(
        _("open orders (USD)"), **USD, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    goods_category = models.CharField(_("goods or services"), max_length=200)
    first_trade_year = models.PositiveSmallIntegerField(
        _("trading with the buyer since (year)"), null=True, blank=True
    )
    financing_need = models.BooleanField(_("needs financing on these receivables"), default=False)
    related_party = models.BooleanField(_("the buyer is a related party"), default=False)
    issuing_bank = models.ForeignKey(
        "creditinfo.Buyer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="limit_applications_as_bank",
        verbose_name=_("issuing bank"),
    )
    latest_shipment_date = models.DateField(_("latest shipment date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # the decision
    auto_decided = models.BooleanField(_("decided automatically"), default=False)
    auto_rule = models.ForeignKey(
        LimitAutoRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rule"),
    )
    approved_amount_usd = models.DecimalField(_("amount approved (USD)"), **USD, null=True, blank=True)
    approved_credit_period_days = models.PositiveSmallIntegerField(
        _("credit period approved (days)"), null=True, blank=True
    )
    approved_payment_terms = models.JSONField(_("payment terms approved"), default=list, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("credit limit application")
        verbose_name_plural = _("credit limit applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            # a second application while one is pending for the same buyer is refused
            models.UniqueConstraint(
                fields=["organisation", "buyer"],
                condition=Q(status__in=["submitted", "under_review"]),
                name="limit_application_one_pending_per_buyer",
            ),
            models.CheckConstraint(
                condition=Q(credit_period_days__gte=1, credit_period_days__lte=MAX_CREDIT_PERIOD_DAYS),
                name="limit_application_credit_period",
            ),
            models.CheckConstraint(condition=Q(amount_requested_usd__gt=0), name="limit_application_amount"),
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING


class CreditLimit(models.Model):
    """The most the insurer covers on one buyer under one policy at any one time (revolving)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")  # in force as approved (or increased)
        REDUCED = "reduced", _("Reduced")  # in force at a reduced amount since its notice date
        CANCELLED = "cancelled", _("Cancelled")  # no cover for shipments after the notice date
        REVOKED = "revoked", _("Revoked")  # withdrawn after a long idle period

    LIVE = (Status.ACTIVE, Status.REDUCED)

    number = models.CharField(_("limit number"), max_length=20, unique=True, null=True, blank=True)
    policy = models.ForeignKey(
        "policies.Policy", on_delete=models.PROTECT, related_name="limits", verbose_name=_("policy")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="limits", verbose_name=_("insured")
    )
    buyer = models.ForeignKey(
        "creditinfo.Buyer", on_delete=models.PROTECT, related_name="limits", verbose_name=_("buyer")
    )
    issuing_bank = models.ForeignKey(
        "creditinfo.Buyer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="limits_as_bank",
        verbose_name=_("issuing bank"),
    )
    application = models.ForeignKey(
        CreditLimitApplication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="limits",
        verbose_name=_("latest application"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    amount_usd = models.DecimalField(_("amount (USD)"), **USD)
    exposure_usd = models.DecimalField(_("exposure (USD)"), **USD, default=Decimal("0"))
    payment_terms = models.JSONField(_("payment terms allowed"), default=list)
    max_credit_period_days = models.PositiveSmallIntegerField(_("longest credit period (days)"))
    effective_date = models.DateField(_("effective date"))
    conditions = models.TextField(_("conditions"), blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # the date the pre-revocation reminder (长期闲置限额预撤销提醒) went out for the current idle spell
    idle_notice_date = models.DateField(_("idle reminder sent on"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("credit limit")
        verbose_name_plural = _("credit limits")
        ordering = ["-approved_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "buyer"],
                condition=Q(status__in=["active", "reduced"]),
                name="limit_one_live_per_policy_buyer",
            ),
            models.CheckConstraint(condition=Q(amount_usd__gte=0), name="limit_amount_not_negative"),
            models.CheckConstraint(condition=Q(exposure_usd__gte=0), name="limit_exposure_not_negative"),
            models.CheckConstraint(
                condition=Q(max_credit_period_days__lte=MAX_CREDIT_PERIOD_DAYS),
                name="limit_credit_period_max",
            ),
        ]
        indexes = [models.Index(fields=["buyer", "status"]), models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def available_usd(self) -> Decimal:
        """Revolving: what is left of the current amount after the exposure (never below zero)."""
        if self.status not in self.LIVE:
            return Decimal("0.00")
        return max(self.amount_usd - self.exposure_usd, Decimal("0.00"))

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE

    def get_payment_terms_display(self) -> str:
        labels = dict(PaymentTerm.choices)
        return ", ".join(str(labels.get(t, t)) for t in self.payment_terms)


class CreditLimitChange(models.Model):
    """One change of a limit's terms. ``applies_from`` is the first shipment date the new terms
    apply to: the effective date for an approval, the day after the notice date for a reduction or
    cancellation (earlier shipments keep their cover), so "which terms applied to a shipment on
    day D" is the latest change with applies_from <= D."""

    class Kind(models.TextChoices):
        APPROVED = "approved", _("Approved")
        INCREASED = "increased", _("Increased or amended")
        REDUCED = "reduced", _("Reduced")
        CANCELLED = "cancelled", _("Cancelled")
        REVOKED = "revoked", _("Revoked (idle)")

    limit = models.ForeignKey(CreditLimit, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    notice_date = models.DateField(_("notice date"))
    applies_from = models.DateField(_("applies to shipments from"))
    amount_before_usd = models.DecimalField(_("amount before (USD)"), **USD, default=Decimal("0"))
    amount_after_usd = models.DecimalField(_("amount after (USD)"), **USD)
    payment_terms_after = models.JSONField(_("payment terms after"), default=list)
    max_credit_period_after = models.PositiveSmallIntegerField(_("longest credit period after (days)"))
    reason = models.TextField(_("reason"), blank=True)
    application = models.ForeignKey(
        CreditLimitApplication, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("credit limit change")
        verbose_name_plural = _("credit limit changes")
        ordering = ["applies_from", "id"]
        indexes = [models.Index(fields=["limit", "applies_from"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount_after_usd__gte=0), name="limit_change_amount"),
            models.CheckConstraint(
                condition=Q(applies_from__gte=F("notice_date")), name="limit_change_applies_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.limit} {self.kind} {self.notice_date}"


class CreditLimitExposurePeak(models.Model):
    """A new high of a limit's exposure: written when declarations raise the exposure above every
    earlier peak, at most one row per limit and day (the day's highest), so a limit's history shows
    how close it came to its amount without a row per declaration."""

    limit = models.ForeignKey(CreditLimit, on_delete=models.CASCADE, related_name="exposure_peaks")
    day = models.DateField(_("day"))  # Asia/Shanghai
    exposure_usd = models.DecimalField(_("exposure (USD)"), **USD)
    amount_usd = models.DecimalField(_("amount (USD)"), **USD)  # the limit's amount at that moment
    reached_at = models.DateTimeField(_("reached at"), default=timezone.now)

    class Meta:
        verbose_name = _("exposure peak")
        verbose_name_plural = _("exposure peaks")
        ordering = ["limit", "day"]
        constraints = [
            models.UniqueConstraint(fields=["limit", "day"], name="limit_exposure_peak_once_a_day"),
            models.CheckConstraint(condition=Q(exposure_usd__gt=0), name="limit_exposure_peak_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.limit_id} {self.day} {self.exposure_usd}"
