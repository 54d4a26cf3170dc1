from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinosure_portal.money.currency import validate_currency


class ExchangeRate(models.Model):
    """How many US dollars one unit of ``currency`` was worth on ``date`` (one rate a day)."""

    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    date = models.DateField(_("date"))
    usd_per_unit = models.DecimalField(
        _("USD per unit"), max_digits=20, decimal_places=10, validators=[MinValueValidator(0)]
    )
    source = models.CharField(_("source"), max_length=100, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["-date", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "date"], name="one_rate_per_currency_and_day"),
            models.CheckConstraint(condition=models.Q(usd_per_unit__gt=0), name="rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.date}: {self.usd_per_unit} USD"
