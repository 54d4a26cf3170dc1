"""Premium invoices of the annual-premium products (micro, SME) and their payment."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policies import rules
from policies.models import (
    Policy,
    PremiumInvoice,
    PremiumPayer,
)
from policies.services.common import _lock_invoice
from policies.workflow import invoice_workflow
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Role
from sinosure_portal.core.numbering import assign_number
from sinosure_portal.workdays.calendar import today as shanghai_today

PREMIUM_DUE_DAYS = 15  # an annual premium invoice falls due this many calendar days after issue


def _annual_invoices_create(policy: Policy) -> list[PremiumInvoice]:
    """Micro and SME: one premium for the year (seed), split when a unified platform pays a share."""
    insured_part, platform_part = rules.premium_split(
        policy.annual_premium_usd or Decimal("0"), policy.platform_share
    )
    due = shanghai_today() + timedelta(days=PREMIUM_DUE_DAYS)
    invoices = []
    for payer, amount, name in (
        (PremiumPayer.INSURED, insured_part, policy.organisation.name_zh),
        (PremiumPayer.PLATFORM, platform_part, policy.platform_name),
    ):
        if amount <= 0:
            continue
        invoice = PremiumInvoice.objects.create(
            policy=policy,
            period_start=policy.period_start,
            period_end=policy.period_end,
            payer=payer,
            payer_name=name,
            amount_usd=amount,
            due_date=max(due, policy.period_start),
        )
        assign_number(invoice, "PI")
        invoices.append(invoice)
    return invoices


@transaction.atomic
def premium_invoice_mark_paid(*, invoice_id: int, actor) -> PremiumInvoice:
    ensure_role(actor, [Role.UNDERWRITER, Role.ADMIN], action=_("record premium payments"))
    invoice = _lock_invoice(invoice_id)
    invoice.paid_at = timezone.now()
    invoice_workflow.transition(
        invoice, to=PremiumInvoice.Status.PAID, actor=actor, update_fields=["paid_at"]
    )
    return invoice
