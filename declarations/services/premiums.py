"""Monthly premium invoices of declaring policies, and premium-due reminders.

Premium is charged on each declaration (declared amount x rate). On the first days of a month the
sweep bills, per policy, what its declarations made before that month owe and was not billed yet
(``premium_usd - premium_billed_usd``), so an amendment after billing is billed (or credited) with
the next invoice. The rows it bills are taken by one guarded UPDATE, so two sweeps never bill a
declaration twice.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from declarations.models import ShipmentDeclaration
from declarations.services.sweeps import users_by_org
from policies.models import PremiumInvoice, PremiumPayer
from policies.services import PREMIUM_DUE_DAYS
from sinosure_portal.audit.services import audit_record
from sinosure_portal.core.numbering import number_next
from sinosure_portal.notifications.services import ReminderSpec, reminders_create, sweep

PREMIUM_REMINDER_DAYS = 7  # premium due reminder: a week before the invoice's due date


def month_bounds(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return first, nxt - timedelta(days=1)


def premium_invoices_issue(*, today: date) -> int:
    """Bill last month's (and any earlier unbilled) declared premium: one invoice per policy."""
    first = today.replace(day=1)
    period_start, period_end = month_bounds(first - timedelta(days=1))
    created = 0
    with sweep("declarations.issue_premium_invoices", today) as run:
        policy_ids = list(
            ShipmentDeclaration.objects.filter(declared_on__lt=first)
            .exclude(premium_usd=F("premium_billed_usd"))
            .values_list("policy_id", flat=True)
            .distinct()
        )
        for policy_id in policy_ids:
            if _issue_one(policy_id, period_start, period_end, first, today):
                created += 1
        run.created = created
    return created


def _issue_one(policy_id: int, period_start: date, period_end: date, first: date, today: date) -> bool:
    with transaction.atomic():
        if PremiumInvoice.objects.filter(
            policy_id=policy_id, period_start=period_start, payer=PremiumPayer.INSURED
        ).exists():
            return False  # this month's invoice exists: later adjustments go with the next one
        invoice = PremiumInvoice.objects.create(
            policy_id=policy_id,
            period_start=period_start,
            period_end=period_end,
            payer=PremiumPayer.INSURED,
            amount_usd=Decimal("0"),
            due_date=today + timedelta(days=PREMIUM_DUE_DAYS),
        )
        taken = ShipmentDeclaration.objects.filter(policy_id=policy_id, declared_on__lt=first).exclude(
            premium_usd=F("premium_billed_usd")
        )
        # the guarded UPDATE takes the rows (and their locks) for this invoice
        taken.update(premium_invoice=invoice)
        total = ShipmentDeclaration.objects.filter(premium_invoice=invoice).aggregate(
            total=Sum(F("premium_usd") - F("premium_billed_usd"))
        )["total"] or Decimal("0")
        if total <= 0:
            transaction.set_rollback(True)  # a net credit waits for the next month's premium
            return False
        ShipmentDeclaration.objects.filter(premium_invoice=invoice).update(
            premium_billed_usd=F("premium_usd")
        )
        invoice.amount_usd = total
        invoice.number = number_next("PI")
        invoice.save(update_fields=["amount_usd", "number", "updated_at"])
        policy = invoice.policy
        invoice.payer_name = policy.organisation.name_zh
        invoice.save(update_fields=["payer_name"])
        audit_record(
            invoice,
            action="premium_invoice.issued",
            to_state=invoice.status,
            data={"amount_usd": total, "period": period_start.isoformat()},
        )
        users = users_by_org([policy.organisation_id])
        reminders_create(
            ReminderSpec(
                key=f"premium-invoice-issued:{invoice.pk}:{user_id}",
                kind="premium_invoice_issued",
                user_id=user_id,
                title=_("Premium invoice %(number)s: USD %(amount)s for %(month)s, due %(date)s")
                % {
                    "number": invoice.number,
                    "amount": total,
                    "month": period_start.strftime("%Y-%m"),
                    "date": invoice.due_date.isoformat(),
                },
                url=reverse("policies:invoice-list"),
                due_date=invoice.due_date,
            )
            for user_id in users.get(policy.organisation_id, [])
        )
        return True


def premium_invoices_remind(*, today: date) -> int:
    """Premium invoices not yet paid: a reminder a week before the due date, another once overdue."""
    with transaction.atomic(), sweep("declarations.remind_premium_due", today) as run:
        rows = list(
            PremiumInvoice.objects.filter(
                status=PremiumInvoice.Status.ISSUED,
                payer=PremiumPayer.INSURED,
                due_date__lte=today + timedelta(days=PREMIUM_REMINDER_DAYS),
            ).values_list("pk", "number", "amount_usd", "due_date", "policy__organisation_id")
        )
        users = users_by_org(r[4] for r in rows)
        specs = []
        for pk, number, amount, due, org in rows:
            overdue = due < today
            for user_id in users.get(org, []):
                specs.append(
                    ReminderSpec(
                        key=f"premium-{'overdue' if overdue else 'due'}:{pk}:{user_id}",
                        kind="premium_overdue" if overdue else "premium_due",
                        user_id=user_id,
                        title=(
                            _("Premium invoice %(number)s (USD %(amount)s) is overdue since %(date)s")
                            if overdue
                            else _("Premium invoice %(number)s (USD %(amount)s) falls due on %(date)s")
                        )
                        % {"number": number or pk, "amount": amount, "date": due.isoformat()},
                        url=reverse("policies:invoice-list"),
                        due_date=due,
                        level="danger" if overdue else "warning",
                    )
                )
        run.created = reminders_create(specs)
    return run.created
