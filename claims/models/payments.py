"""Indemnities (赔款) paid to the insured or its assignee bank, and recoveries (追偿) shared after payment."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models.claims import Claim
from claims.models.common import USD
from sinosure_portal.money.fields import CurrencyAmountField


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
