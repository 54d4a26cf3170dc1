"""Policies (保单): the online application (投保单), the issued policy with its terms and per-policy
deadline settings, its premium rate table and its premium invoices.

Later issues read the settings kept here (declaration deadline, loss-notice deadlines, claim
deadline, financing ratio ...) from the policy row, never from constants of their own.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Product(models.TextChoices):
    COMPREHENSIVE = "COMPREHENSIVE", _("Comprehensive insurance")  # 综合保险: limits + declarations
    SME = "SME", _("SME comprehensive insurance")  # 中小企业综合保险: limits, no declarations
    MICRO = "MICRO", _("Micro-enterprise insurance")  # 小微企业信保易: one premium a year
    BANK = "BANK", _("Bank policy")  # 出口信用保险（银行）保险单: the bank that bought receivables
    FORFAITING = "FORFAITING", _("Forfaiting policy")  # 福费廷: up to 100% on the obligor bank


class PaymentTerm(models.TextChoices):
    LC = "LC", _("L/C")  # irrevocable letter of credit (信用证)
    DP = "DP", _("D/P")  # documents against payment (付款交单)
    DA = "DA", _("D/A")  # documents against acceptance (承兑交单)
    OA = "OA", _("O/A")  # open account (赊销)


class PremiumPayer(models.TextChoices):
    INSURED = "insured", _("The insured")
    PLATFORM = "platform", _("Unified platform")  # 统保平台: a local government pays all or part


RATIO = {"max_digits": 5, "decimal_places": 4}
USD = {"max_digits": 18, "decimal_places": 2}


class PolicyApplication(models.Model):
    """An exporter's (or bank's) online request for a policy, as the single window (单一窗口) takes it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")  # being filled in by the applicant
        SUBMITTED = "submitted", _("Submitted")  # confirmed by the applicant, waiting in the queue
        UNDER_REVIEW = "under_review", _("Under review")  # an underwriter is working on it
        ISSUED = "issued", _("Policy issued")  # a policy was issued from it
        REJECTED = "rejected", _("Rejected")  # refused by the underwriter, with a reason
        WITHDRAWN = "withdrawn", _("Withdrawn")  # withdrawn by the applicant

    number = models.CharField(_("application number"), max_length=20, unique=True, null=True, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="policy_applications",
        verbose_name=_("applicant"),
    )
    product = models.CharField(_("product"), max_length=16, choices=Product.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    renewal_of = models.ForeignKey(
        "Policy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal_applications",
        verbose_name=_("renewal of"),
    )
    # the company's data as the applicant gave it (the organisation may change later)
    company_name = models.CharField(_("company name"), max_length=200)
    company_name_en = models.CharField(_("English company name"), max_length=200, blank=True)
    uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    address = models.CharField(_("registered address"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=40)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    goods_description = models.CharField(_("main goods or services"), max_length=300, blank=True)
    main_markets = models.CharField(_("main export markets"), max_length=300, blank=True)
    estimated_turnover_usd = models.DecimalField(
        _("estimated insured turnover for the year (USD)"), **USD, validators=[MinValueValidator(0)]
    )
    requested_max_liability_usd = models.DecimalField(
        _("maximum liability requested (USD)"), **USD, null=True, blank=True
    )
    pre_shipment_cover = models.BooleanField(_("pre-shipment risk cover"), default=False)
    # micro eligibility (any one of four, DESIGN.md / seed)
    micro_sme_classification = models.BooleanField(
        _("small or micro enterprise under the 2011 SME classification rules"), default=False
    )
    last_year_exports_usd = models.DecimalField(
        _("last year's customs exports (USD)"), **USD, null=True, blank=True
    )
    micro_provincial_designation = models.BooleanField(
        _("designated small or micro by a provincial government"), default=False
    )
    micro_association_designation = models.BooleanField(
        _("designated small or micro by a national industry association"), default=False
    )
    micro_criteria_met = models.JSONField(_("eligibility criteria met"), default=list, blank=True)
    premium_payer = models.CharField(
        _("premium payer"), max_length=10, choices=PremiumPayer.choices, default=PremiumPayer.INSURED
    )
    platform_name = models.CharField(_("unified platform"), max_length=200, blank=True)
    # data authorisation (数据授权) and the signed service agreement (服务协议)
    consent_at = models.DateTimeField(_("data authorisation given at"), null=True, blank=True)
    consent_ip = models.GenericIPAddressField(_("data authorisation from IP"), null=True, blank=True)
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signer_name = models.CharField(_("signed by"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_ip = models.GenericIPAddressField(_("signed from IP"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(_("decision reason"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("policy application")
        verbose_name_plural = _("policy applications")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"


class Policy(models.Model):
    """An issued policy: one insured, one product, usually one year."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In force")  # issued; covers shipments within its period
        EXPIRED = "expired", _("Expired")  # its period ended without a renewal
        RENEWED = "renewed", _("Renewed")  # its period ended and a renewal policy follows it
        CANCELLED = "cancelled", _("Cancelled")  # ended early by the insurer, with a reason

    number = models.CharField(_("policy number"), max_length=24, unique=True, null=True, blank=True)
    application = models.OneToOneField(
        PolicyApplication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="policy",
        verbose_name=_("application"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="policies", verbose_name=_("insured")
    )
    product = models.CharField(_("product"), max_length=16, choices=Product.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    indemnity_ratio = models.DecimalField(
        _("indemnity ratio"),
        **RATIO,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
    )
    max_liability_usd = models.DecimalField(_("maximum liability (USD)"), **USD)
    per_buyer_cap_usd = models.DecimalField(
        _("cap per buyer or bank (USD)"), **USD, null=True, blank=True
    )  # micro: the most paid on any one buyer or issuing bank (seed)
    pre_shipment_cover = models.BooleanField(_("pre-shipment risk cover"), default=False)
    # premium: per declaration (comprehensive, bank), or once for the year (SME, micro)
    premium_flat_rate = models.DecimalField(
        _("flat premium rate on turnover"), max_digits=7, decimal_places=6, null=True, blank=True
    )
    estimated_turnover_usd = models.DecimalField(
        _("estimated insured turnover (USD)"), **USD, null=True, blank=True
    )
    annual_premium_usd = models.DecimalField(_("annual premium (USD)"), **USD, null=True, blank=True)
    premium_payer = models.CharField(
        _("premium payer"), max_length=10, choices=PremiumPayer.choices, default=PremiumPayer.INSURED
    )
    platform_name = models.CharField(_("unified platform"), max_length=200, blank=True)
    platform_share = models.DecimalField(
        _("platform's share of the premium"),
        **RATIO,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    # per-policy deadline settings (DESIGN.md defaults); later issues read them from here
    declaration_deadline_days = models.PositiveSmallIntegerField(
        _("declaration deadline (calendar days after shipment)"), default=15
    )
    loss_notice_default_days = models.PositiveSmallIntegerField(
        _("possible-loss notice after a default (calendar days after the due date)"), default=30
    )
    loss_notice_other_business_days = models.PositiveSmallIntegerField(
        _("possible-loss notice after another risk event (business days)"), default=10
    )
    claim_deadline_months = models.PositiveSmallIntegerField(
        _("claim deadline (months after the notice)"), default=4
    )
    idle_limit_months = models.PositiveSmallIntegerField(
        _("a limit unused this many months gets a pre-revocation reminder"), default=6
    )
    idle_limit_revoke_after_days = models.PositiveSmallIntegerField(
        _("an idle limit is revoked this many days after its reminder"), default=30
    )
    renewal_reminder_days = models.PositiveSmallIntegerField(
        _("renewal reminder (days before expiry)"), default=30
    )
    receivable_due_reminder_days = models.PositiveSmallIntegerField(
        _("receivable due reminder (days before the due date)"), default=7
    )
    financing_ratio = models.DecimalField(
        _("financing ratio"),
        **RATIO,
        default=Decimal("0.90"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    max_credit_period_days = models.PositiveSmallIntegerField(
        _("longest credit period (days)"), default=720, validators=[MaxValueValidator(720)]
    )
    renewed_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("renewal of"),
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["-period_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")), name="policy_period"
            ),
            # at most 90%, forfaiting up to 100% (DESIGN.md, seed)
            models.CheckConstraint(
                condition=Q(indemnity_ratio__gt=0)
                & (Q(indemnity_ratio__lte=Decimal("0.9")) | Q(product="FORFAITING", indemnity_ratio__lte=1)),
                name="policy_indemnity_ratio_max",
            ),
            models.CheckConstraint(
                condition=Q(max_liability_usd__gt=0), name="policy_max_liability_positive"
            ),
            models.CheckConstraint(
                condition=Q(platform_share__gte=0, platform_share__lte=1), name="policy_platform_share"
            ),
            models.CheckConstraint(
                condition=Q(max_credit_period_days__lte=720), name="policy_credit_period_max"
            ),
            # one live renewal of a policy
            models.UniqueConstraint(
                fields=["renewed_from"],
                condition=Q(renewed_from__isnull=False) & ~Q(status="cancelled"),
                name="policy_one_renewal",
            ),
        ]
        indexes = [models.Index(fields=["status", "period_end"])]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def insured_share(self) -> Decimal:
        return Decimal("1") - (self.platform_share or Decimal("0"))

    def covers_date(self, day) -> bool:
        """True when a shipment on ``day`` falls inside the policy's period (cancelled policies cover
        nothing new)."""
        return self.status != self.Status.CANCELLED and self.period_start <= day <= self.period_end


class PremiumRate(models.Model):
    """One row of a policy's rate table (费率表): the rate applied to a declared amount, keyed by the
    buyer country's risk class, the payment term and the credit-period band."""

    policy = models.ForeignKey(
        Policy, on_delete=models.CASCADE, related_name="rates", verbose_name=_("policy")
    )
    country_class_from = models.PositiveSmallIntegerField(
        _("country class from"), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    country_class_to = models.PositiveSmallIntegerField(
        _("country class to"), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    payment_term = models.CharField(
        _("payment term"), max_length=2, choices=PaymentTerm.choices, blank=True
    )  # blank: any payment term
    credit_days_from = models.PositiveSmallIntegerField(_("credit period from (days)"), default=0)
    credit_days_to = models.PositiveSmallIntegerField(_("credit period to (days)"))
    rate = models.DecimalField(
        _("rate"), max_digits=7, decimal_places=6, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )

    class Meta:
        verbose_name = _("premium rate")
        verbose_name_plural = _("premium rates")
        ordering = ["country_class_from", "payment_term", "credit_days_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country_class_from__gte=1, country_class_to__lte=9)
                & Q(country_class_from__lte=models.F("country_class_to")),
                name="rate_country_class_range",
            ),
            models.CheckConstraint(
                condition=Q(credit_days_from__lte=models.F("credit_days_to")), name="rate_credit_band"
            ),
            models.CheckConstraint(condition=Q(rate__gte=0, rate__lte=1), name="rate_between_0_and_1"),
            models.UniqueConstraint(
                fields=["policy", "country_class_from", "payment_term", "credit_days_from"],
                name="rate_unique_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} {self.country_class_from}-{self.country_class_to} {self.payment_term or '*'} {self.credit_days_from}-{self.credit_days_to}: {self.rate}"


class PremiumInvoice(models.Model):
    """A premium bill. Micro and SME: one for the year (split between the insured and a unified
    platform when it pays a share); comprehensive: the declarations issue adds monthly ones."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")  # sent to the payer, not yet paid
        PAID = "paid", _("Paid")  # the premium was received
        CANCELLED = "cancelled", _("Cancelled")  # withdrawn (e.g. the policy was cancelled)

    number = models.CharField(
        pgettext_lazy("premium invoice", "invoice number"), max_length=24, unique=True, null=True, blank=True
    )
    policy = models.ForeignKey(
        Policy, on_delete=models.PROTECT, related_name="invoices", verbose_name=_("policy")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    payer = models.CharField(_("payer"), max_length=10, choices=PremiumPayer.choices)
    payer_name = models.CharField(_("payer name"), max_length=200, blank=True)
    amount_usd = models.DecimalField(_("amount (USD)"), **USD)
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ISSUED)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("premium invoice")
        verbose_name_plural = _("premium invoices")
        ordering = ["-period_start", "policy_id", "payer"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "period_start", "payer"], name="invoice_one_per_period"
            ),
            models.CheckConstraint(condition=Q(amount_usd__gte=0), name="invoice_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"
