"""Nil declarations (零申报): "no shipments this month" for a declaring policy.

A month can be reported once per policy, once it has begun and while the policy covered it, and
only if nothing was declared as shipped in it. Reporting it again (a retried request) changes
nothing and answers with the first report. Declaring a shipment of that month later is still
possible: the shipment wins, and the nil report is withdrawn in the same transaction (audited).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from declarations.engine.checks import declaring_policy
from declarations.models import NilDeclaration, ShipmentDeclaration
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError
from sinosure_portal.texts import Text
from sinosure_portal.workdays.calendar import today as shanghai_today


@dataclass(frozen=True)
class NilInput:
    policy_id: int
    month: date  # any day of the month
    client_reference: str = ""


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


def nil_declaration_report(*, actor, data: NilInput, row: int | None = None) -> NilDeclaration:
    """Report that the policy shipped nothing in ``data.month``; the first report if it exists."""
    with transaction.atomic():
        policy = declaring_policy(actor, data.policy_id)
        first, last = month_bounds(data.month)
        existing = NilDeclaration.objects.filter(policy=policy, month=first).first()
        if existing is not None:
            return existing
        if first > shanghai_today():
            raise DomainError("nil_month_future", _("This month has not begun yet."), field="month", row=row)
        if last < policy.period_start or first > policy.period_end:
            raise DomainError(
                "nil_month_outside_policy",
                _("Policy %(policy)s does not cover %(month)s."),
                field="month",
                row=row,
                policy=policy.number,
                month=first.strftime("%Y-%m"),
            )
        shipped = ShipmentDeclaration.objects.filter(
            policy=policy, shipment_date__gte=first, shipment_date__lte=last
        ).count()
        if shipped:
            raise DomainError(
                "nil_month_has_shipments",
                _("%(count)s shipments of %(month)s are declared under this policy: the month is not nil."),
                field="month",
                row=row,
                count=shipped,
                month=first.strftime("%Y-%m"),
            )
        try:
            with transaction.atomic():
                nil = NilDeclaration.objects.create(
                    policy=policy,
                    organisation_id=policy.organisation_id,
                    month=first,
                    client_reference=data.client_reference[:64],
                    reported_by=actor if getattr(actor, "pk", None) else None,
                )
        except IntegrityError:  # the same report, sent twice at once: the first one stands
            return NilDeclaration.objects.get(policy=policy, month=first)
        audit_record(
            nil,
            action="nil_declaration.reported",
            actor=actor,
            reason=Text("declarations.nil_reported", {"month": first.strftime("%Y-%m")}),
        )
        return nil


def nil_declarations_report_many(*, actor, items: list[NilInput]) -> list[NilDeclaration]:
    """Several months or policies at once: all of them, or none (the error names the row, from 1)."""
    with transaction.atomic():
        return [
            nil_declaration_report(actor=actor, data=item, row=i) for i, item in enumerate(items, start=1)
        ]
