"""Credit information: countries, industry groups, buyers and their risk events, the traffic light
(资信红绿灯), alert subscriptions (资信报警器), the buyer finder's trade records (资信导航仪) and credit
report orders.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from creditinfo.names import (  # noqa: F401 - re-exported: the models and their callers use them
    GENERIC_CJK_WORDS,
    GENERIC_NAME_WORDS,
    buyer_search_key,
    buyer_search_text,
    name_search_key,
    normalise_name,
    registration_key,
)


class Country(models.Model):
    class Outlook(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        STABLE = "stable", _("Stable")
        NEGATIVE = "negative", _("Negative")

    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    risk_class = models.PositiveSmallIntegerField(_("risk class (1-9)"))
    outlook = models.CharField(_("outlook"), max_length=10, choices=Outlook.choices, default=Outlook.STABLE)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(risk_class__gte=1, risk_class__lte=9), name="country_risk_class_1_9"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class IndustryGroup(models.Model):
    code = models.CharField(_("code"), max_length=1, primary_key=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    risk_notes = models.TextField(_("risk notes"), blank=True)

    class Meta:
        verbose_name = _("industry group")
        verbose_name_plural = _("industry groups")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class Buyer(models.Model):
    audit_state_field = "light"  # the audit trail shows a light change by the colours' names

    class Kind(models.TextChoices):
        COMPANY = "company", _("Importer")  # an overseas buyer of goods or services
        BANK = "bank", _("Issuing bank")  # an L/C issuing bank, identified by SWIFT code

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMPANY)
    name = models.CharField(_("name (original)"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    name_zh = models.CharField(_("Chinese name"), max_length=255, blank=True)
    normalised_name = models.CharField(max_length=255, editable=False, db_index=True)
    # what the look-up matches names against (GIN trigram index on PostgreSQL, see migration 0002)
    search_text = models.CharField(max_length=1000, editable=False, blank=True)
    # the distinctive words of the names: the fuzzy look-up's trigram index (migration 0005)
    search_key = models.CharField(max_length=500, editable=False, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="buyers", verbose_name=_("country")
    )
    registration_number = models.CharField(_("registration number"), max_length=64, blank=True)
    # registration number (or SWIFT code for a bank) in the form the exact look-up compares
    registration_key = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    swift_code = models.CharField(_("SWIFT code"), max_length=11, blank=True)
    industry = models.ForeignKey(
        IndustryGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="buyers",
        verbose_name=_("industry"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    # the traffic light, kept up to date by creditinfo.services whenever the buyer's events change,
    # so that a look-up answers in milliseconds (rules.traffic_light is the one rule)
    light = models.CharField(
        _("traffic light"),
        max_length=6,
        choices=[("green", _("Green")), ("yellow", _("Yellow")), ("red", _("Red"))],
        default="green",
        db_index=True,
    )
    light_reason = models.CharField(_("reason"), max_length=300, blank=True)
    light_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("buyer")
        verbose_name_plural = _("buyers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "registration_number"],
                condition=~models.Q(registration_number=""),
                name="buyer_unique_registration",
            ),
            models.UniqueConstraint(
                fields=["country", "normalised_name"], name="buyer_unique_normalised_name"
            ),
            models.UniqueConstraint(
                fields=["swift_code"], condition=~models.Q(swift_code=""), name="bank_unique_swift"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_name(self.name)
        self.search_text = buyer_search_text(self.name, self.name_en, self.name_zh)
        self.search_key = buyer_search_key(self.name, self.name_en, self.name_zh)
        self.registration_key = registration_key(self.registration_number or self.swift_code)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            fields = set(update_fields)
            if fields & {"name", "name_en", "name_zh"}:
                fields |= {"normalised_name", "search_text", "search_key"}
            if fields & {"registration_number", "swift_code"}:
                fields.add("registration_key")
            kwargs["update_fields"] = fields
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        lang = get_language() or ""
        if lang.startswith("zh") and self.name_zh:
            return self.name_zh
        return self.name_en or self.name


class NameWordFrequency(models.Model):
    """A word that many buyers' look-up keys share ("golden", "pacific"), with how many.

    Refreshed daily (creditinfo.refresh_name_words). The fuzzy look-up asks the trigram index
    for a query's rarest word: asking it for a common one reads long posting lists and is slow."""

    word = models.CharField(max_length=100, primary_key=True)
    buyers = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("common name word")
        verbose_name_plural = _("common name words")

    def __str__(self) -> str:
        return self.word


class RiskEvent(models.Model):
    """Something that changes the risk of a buyer, a country or an industry."""

    class Kind(models.TextChoices):
        BANKRUPTCY = "bankruptcy", _("Bankruptcy or closure")
        FRAUD = "fraud", _("Fraud or strong suspicion of fraud")
        SERIOUS_DEFAULT = "serious_default", _("Serious default record")
        PAST_DEFAULT = "past_default", _("Past breach of trust")
        OPERATING_TROUBLE = "operating_trouble", _("Operating trouble")
        INCOMPLETE_DISCLOSURE = "incomplete_disclosure", _("Incomplete disclosure")
        SANCTIONS = "sanctions", _("Sanctions")
        WAR = "war", _("War or civil disturbance")
        MORATORIUM = "moratorium", _("Moratorium or transfer ban")
        RATING_CHANGE = "rating_change", _("Rating change")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    buyer = models.ForeignKey(
        Buyer, on_delete=models.CASCADE, null=True, blank=True, related_name="risk_events"
    )
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, null=True, blank=True, related_name="risk_events"
    )
    industry = models.ForeignKey(
        IndustryGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="risk_events"
    )
    event_date = models.DateField(_("event date"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # a resolved event (a default later cleared, a lifted sanction) no longer colours the light
    resolved = models.BooleanField(_("resolved"), default=False)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # set once the followers were told; the alert sweep picks the events still without it
    alerted_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("risk event")
        verbose_name_plural = _("risk events")
        ordering = ["-event_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(buyer__isnull=False)
                | models.Q(country__isnull=False)
                | models.Q(industry__isnull=False),
                name="risk_event_has_subject",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def subjects(self) -> list:
        return [s for s in (self.buyer, self.country, self.industry) if s is not None]


class BuyerLightChange(models.Model):
    """One change of a buyer's light, kept so that its followers are told once per change."""

    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="light_changes")
    from_light = models.CharField(_("from"), max_length=6)
    to_light = models.CharField(_("to"), max_length=6)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    alerted_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("traffic light change")
        verbose_name_plural = _("traffic light changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.buyer_id}: {self.from_light} -> {self.to_light}"


class Subscription(models.Model):
    """资信报警器: one user follows one country, one industry group or one buyer."""

    class SubjectKind(models.TextChoices):
        COUNTRY = "country", _("Country")
        INDUSTRY = "industry", _("Industry")
        BUYER = "buyer", _("Company")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions")
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    industry = models.ForeignKey(
        IndustryGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    buyer = models.ForeignKey(
        Buyer, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    email = models.BooleanField(_("also by e-mail"), default=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(country__isnull=False, industry__isnull=True, buyer__isnull=True)
                    | models.Q(country__isnull=True, industry__isnull=False, buyer__isnull=True)
                    | models.Q(country__isnull=True, industry__isnull=True, buyer__isnull=False)
                ),
                name="subscription_one_subject",
            ),
            models.UniqueConstraint(
                fields=["user", "country"],
                condition=models.Q(country__isnull=False),
                name="subscription_country_once",
            ),
            models.UniqueConstraint(
                fields=["user", "industry"],
                condition=models.Q(industry__isnull=False),
                name="subscription_industry_once",
            ),
            models.UniqueConstraint(
                fields=["user", "buyer"],
                condition=models.Q(buyer__isnull=False),
                name="subscription_buyer_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} -> {self.subject}"

    @property
    def subject(self):
        return self.country or self.industry or self.buyer

    @property
    def subject_kind(self) -> str:
        if self.country_id:
            return self.SubjectKind.COUNTRY
        if self.industry_id:
            return self.SubjectKind.INDUSTRY
        return self.SubjectKind.BUYER

    @property
    def subject_kind_label(self) -> str:
        return self.SubjectKind(self.subject_kind).label


class Importer(models.Model):
    """An importer seen in trade records (资信导航仪), not necessarily a registered buyer."""

    name = models.CharField(_("importer"), max_length=255)
    normalised_name = models.CharField(max_length=255, editable=False)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="importers", verbose_name=_("country")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    contact_known = models.BooleanField(_("contact known"), default=False)
    # the registered buyer this importer is, when one matches by country and normalised name
    buyer = models.ForeignKey(
        Buyer, on_delete=models.SET_NULL, null=True, blank=True, related_name="importers"
    )
    # generated demonstration data, shown with a "sample data" mark
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("importer")
        verbose_name_plural = _("importers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "normalised_name"], name="importer_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_name(self.name) or self.name.casefold()
        super().save(*args, **kwargs)


class TradeRecord(models.Model):
    """One import shipment from customs or bill-of-lading data."""

    importer = models.ForeignKey(Importer, on_delete=models.CASCADE, related_name="trade_records")
    # the importer's country, repeated here so that one index answers (country, HS prefix)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    hs_code = models.CharField(_("HS code"), max_length=10)
    product_name = models.CharField(pgettext_lazy("goods", "product"), max_length=255)
    trade_date = models.DateField(_("date"))
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=16, decimal_places=2)
    value_usd = models.DecimalField(_("value (USD)"), max_digits=18, decimal_places=2)
    origin_country = models.CharField(_("origin country"), max_length=2)

    class Meta:
        verbose_name = _("trade record")
        verbose_name_plural = _("trade records")
        ordering = ["-trade_date", "-id"]
        # The finder's index on (country, hs_code) is created by migration 0003: on PostgreSQL it
        # INCLUDEs the aggregated columns so the finder is an index-only scan; SQLite, which has
        # no INCLUDE, gets the plain two-column index.
        indexes = [models.Index(fields=["importer", "trade_date"], name="trade_importer_date")]

    def __str__(self) -> str:
        return f"{self.trade_date} {self.hs_code} {self.product_name}"


class CreditReportOrder(models.Model):
    """An exporter's order of a credit report (资信报告) on a buyer, delivered by an analyst."""

    class Status(models.TextChoices):
        ORDERED = "ordered", _("Ordered")  # waiting for an analyst
        IN_PROGRESS = "in_progress", _("In progress")  # an analyst is investigating
        DELIVERED = "delivered", _("Delivered")  # the report PDF is ready to download
        CANCELLED = "cancelled", _("Cancelled")  # withdrawn by the exporter or refused by the insurer

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="credit_report_orders",
        verbose_name=_("ordered by (organisation)"),
    )
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("ordered by")
    )
    buyer = models.ForeignKey(
        Buyer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_orders",
        verbose_name=_("buyer"),
    )
    # a buyer not yet in the database is described here; the analyst registers it when starting
    buyer_name = models.CharField(_("buyer's name"), max_length=255, blank=True)
    buyer_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("country")
    )
    buyer_registration_number = models.CharField(_("registration number"), max_length=64, blank=True)
    buyer_address = models.CharField(_("address"), max_length=300, blank=True)
    notes = models.TextField(_("what you want to know"), blank=True)
    findings = models.TextField(_("analyst's findings"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ORDERED)
    ordered_at = models.DateTimeField(_("ordered"), default=timezone.now)
    due_date = models.DateField(_("due date"))
    due_provisional = models.BooleanField(default=False)
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("analyst"),
    )
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("credit report order")
        verbose_name_plural = _("credit report orders")
        ordering = ["-ordered_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["status", "due_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(buyer__isnull=False) | ~models.Q(buyer_name=""),
                name="report_order_has_buyer",
            )
        ]

    def __str__(self) -> str:
        return f"CR-{self.pk:06d}" if self.pk else "CR-new"

    @property
    def reference(self) -> str:
        return str(self)

    @property
    def buyer_label(self) -> str:
        return self.buyer.display_name if self.buyer_id else self.buyer_name


from creditinfo.learn_models import CountryNote, GlossaryTerm, LossCase  # noqa: E402,F401 - the learning corner
