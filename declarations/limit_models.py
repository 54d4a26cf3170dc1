"""What declarations keep about limits before and beside shipping: an exporter's planned orders
(listed against a buyer's limit, reserving nothing), and bulk limit actions (many applications,
reductions, cancellations or renewals from one file or API batch, each row going through the
limit's own workflow, with a per-row report like the declaration upload's).

They live here, not in ``limits``, because they use the declaration engine's rules (a planned
order's cover is worked out by ``declarations.engine`` in check mode) and the upload machinery,
and the imports flow limits <- declarations. Imported by ``declarations.models``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policies.models import PaymentTerm
from sinosure_portal.money.fields import CurrencyAmountField

USD = {"max_digits": 18, "decimal_places": 2}
MAX_CREDIT_DAYS = 720


class PlannedOrder(models.Model):
    """An order the exporter expects to ship to a buyer (not shipped, not declared): listed against
    the buyer's limit so the exporter sees what is left after it. It reserves nothing: a declaration
    made meanwhile takes the limit first."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")  # expected to ship; counted against the limit's outlook
        DROPPED = "dropped", _("Dropped")  # no longer expected (shipped and declared, or cancelled)

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("insured")
    )
    policy = models.ForeignKey(
        "policies.Policy", on_delete=models.PROTECT, related_name="+", verbose_name=_("policy")
    )
    buyer = models.ForeignKey(
        "creditinfo.Buyer", on_delete=models.PROTECT, related_name="+", verbose_name=_("buyer")
    )
    limit = models.ForeignKey(
        "limits.CreditLimit",
        on_delete=models.PROTECT,
        related_name="planned_orders",
        verbose_name=_("credit limit"),
    )
    client_reference = models.CharField(_("your reference"), max_length=64, blank=True)
    shipment_date = models.DateField(_("planned shipment date"))
    currency = models.CharField(_("currency"), max_length=3)
    amount = CurrencyAmountField(_("order amount"))
    payment_term = models.CharField(_("payment term"), max_length=2, choices=PaymentTerm.choices)
    credit_days = models.PositiveSmallIntegerField(
        _("credit period (days)"), validators=[MaxValueValidator(MAX_CREDIT_DAYS)]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("entered at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("planned order")
        verbose_name_plural = _("planned orders")
        ordering = ["shipment_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="planned_order_amount_positive"),
            models.UniqueConstraint(
                fields=["organisation", "client_reference"],
                condition=~Q(client_reference=""),
                name="planned_order_reference_per_org",
            ),
        ]
        indexes = [models.Index(fields=["limit", "status", "shipment_date"], name="planned_order_limit")]

    def __str__(self) -> str:
        return self.client_reference or f"#{self.pk}"
