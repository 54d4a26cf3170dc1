"""The learning corner (小微学堂): loss cases told in the portal's own words (信保说案), the
insurer's notes on each country (国别图书馆) and a bilingual glossary of trade and credit-insurance
terms (查词典). Staff write them in pages (creditinfo.learn_services); the demo data loads the
portal's own content from creditinfo/learn_content/."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


def _english() -> bool:
    return (get_language() or "").startswith("en")


class RiskTag(models.TextChoices):
    """What kind of risk a case shows (the case library's filter)."""

    INSOLVENCY = "insolvency", _("Buyer insolvency")
    DEFAULT = "default", _("Protracted default")
    REFUSAL = "refusal", _("Buyer refused the goods")
    DISPUTE = "dispute", _("Trade dispute")
    FRAUD = "fraud", _("Fraud")
    POLITICAL = "political", _("Political risk")
    TRANSFER = "transfer", _("Currency transfer restriction")
    BANK = "bank", _("Issuing bank risk")
    DOCUMENTS = "documents", _("Documents and deadlines")
    RECOVERY = "recovery", pgettext_lazy("risk tag", "Recovery")


class LossCase(models.Model):
    """A loss told as a lesson: what happened, what the insured did, how the claim went."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    country = models.ForeignKey(
        "creditinfo.Country", on_delete=models.PROTECT, related_name="loss_cases", verbose_name=_("country")
    )
    # the risk tags as ",insolvency,default," (one column that filters alike on PostgreSQL and SQLite)
    risk_tags = models.CharField(_("risk tags"), max_length=200, blank=True)
    happened_zh = models.TextField(_("what happened (Chinese)"))
    happened_en = models.TextField(_("what happened (English)"))
    insured_did_zh = models.TextField(_("what the insured did (Chinese)"))
    insured_did_en = models.TextField(_("what the insured did (English)"))
    claim_zh = models.TextField(_("how the claim went (Chinese)"))
    claim_en = models.TextField(_("how the claim went (English)"))
    lesson_zh = models.TextField(_("the lesson (Chinese)"))
    lesson_en = models.TextField(_("the lesson (English)"))
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("loss case")
        verbose_name_plural = _("loss cases")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_en if _english() else self.title_zh

    def _text(self, name: str) -> str:
        return getattr(self, f"{name}_en" if _english() else f"{name}_zh")

    @property
    def happened(self) -> str:
        return self._text("happened")

    @property
    def insured_did(self) -> str:
        return self._text("insured_did")

    @property
    def claim(self) -> str:
        return self._text("claim")

    @property
    def lesson(self) -> str:
        return self._text("lesson")

    @property
    def tags(self) -> list[str]:
        return [t for t in self.risk_tags.split(",") if t]

    @property
    def tag_labels(self) -> list[tuple[str, str]]:
        labels = dict(RiskTag.choices)
        return [(t, labels.get(t, t)) for t in self.tags]

    @staticmethod
    def tags_column(tags) -> str:
        order = [t.value for t in RiskTag]
        chosen = sorted({str(t) for t in tags}, key=lambda t: order.index(t) if t in order else len(order))
        return f",{','.join(chosen)}," if chosen else ""


class CountryNote(models.Model):
    """The insurer's notes on a country, shown in the country risk library beside its class,
    outlook and events."""

    country = models.OneToOneField(
        "creditinfo.Country", on_delete=models.CASCADE, related_name="learn_note", verbose_name=_("country")
    )
    notes_zh = models.TextField(_("the insurer's notes (Chinese)"))
    notes_en = models.TextField(_("the insurer's notes (English)"))
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("country note")
        verbose_name_plural = _("country notes")
        ordering = ["country_id"]

    def __str__(self) -> str:
        return str(self.country)

    @property
    def notes(self) -> str:
        return self.notes_en if _english() else self.notes_zh


class GlossaryTerm(models.Model):
    """A term in Chinese and English with its definition; ``pinyin_initials`` (信用限额 -> xyxe) is
    computed from the Chinese on every save (creditinfo.learn_rules.pinyin_initials)."""

    class Category(models.TextChoices):
        TRADE = "trade", _("Trade terms and logistics")
        PAYMENT = "payment", _("Payment and banking")
        INSURANCE = "insurance", _("Credit insurance")
        CLAIMS = "claims", _("Losses, claims and recovery")
        RISK = "risk", _("Credit and country risk")
        FINANCE = "finance", _("Trade finance")

    zh = models.CharField(_("term (Chinese)"), max_length=100, unique=True)
    en = models.CharField(_("term (English)"), max_length=200)
    pinyin_initials = models.CharField(_("pinyin initials"), max_length=100, editable=False, db_index=True)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    definition_zh = models.TextField(_("definition (Chinese)"))
    definition_en = models.TextField(_("definition (English)"))
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["pinyin_initials", "zh"]

    def __str__(self) -> str:
        return f"{self.zh} {self.en}"

    def save(self, *args, **kwargs):
        from creditinfo.learn_rules import pinyin_initials

        self.pinyin_initials = pinyin_initials(self.zh)
        super().save(*args, **kwargs)

    @property
    def definition(self) -> str:
        return self.definition_en if _english() else self.definition_zh
