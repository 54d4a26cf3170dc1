"""Possible-loss notices (可能损失通知书)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models.common import USD, Cause


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
