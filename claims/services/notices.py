"""Possible-loss notices (可能损失通知书): the insured names the buyer, the affected covered
shipments, the cause, the event date and the amount at risk; the deadline is computed from the
policy's settings (30 days after the due date for a default, 10 China working days after the event
otherwise); a late notice is accepted and flagged. The shipments move to ``loss_notified`` in the
same transaction, and from then on the declarations rule refuses late declarations on that buyer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims import rules
from claims.errors import error
from claims.models import Cause, PossibleLossNotice
from claims.services.common import (
    claims_officers,
    ensure_insured,
    ensure_officer,
    insured_users,
    lock_notice,
    reopen_shipments,
)
from claims.workflow import notice_workflow
from declarations.models import ShipmentDeclaration
from declarations.workflow import declaration_workflow
from policies.models import Policy, Product
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.audit.services import audit_record
from sinosure_portal.core.numbering import assign_number
from sinosure_portal.money.currency import format_amount
from sinosure_portal.notifications.services import notify
from sinosure_portal.texts import Text
from sinosure_portal.workdays import calendar as workdays
from sinosure_portal.workdays.calendar import today as shanghai_today

from .common import INSURED_ROLES

# products that notify possible losses; SME and micro claim directly (DESIGN.md, seed)
NOTICE_PRODUCTS = (Product.COMPREHENSIVE, Product.BANK, Product.FORFAITING)
S = ShipmentDeclaration.Status
NOTIFIABLE = (S.COVERED, S.PARTLY_COVERED, S.OVERDUE)
N = PossibleLossNotice.Status


@dataclass
class NoticeInput:
    policy_id: int
    buyer_id: int
    declaration_ids: list[int]
    cause: str
    event_date: date | None
    amount_at_risk_usd: Decimal
    description: str
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class NoticePreview:
    """What a notice would get (the page shows the deadline before the insured confirms)."""

    deadline: rules.Deadline
    due_date: date | None
    event_date: date
    late: bool
    claim_deadline: date
    outstanding_usd: Decimal


def notice_policy(actor, policy_id: int) -> Policy:
    ensure_role(actor, INSURED_ROLES, action=_("notify a possible loss"))
    policy = Policy.objects.filter(pk=policy_id, organisation_id=actor.organisation_id).first()
    if policy is None:
        raise error("policy_not_found", field="policy")
    if policy.product not in NOTICE_PRODUCTS:
        raise error(
            "notice_not_needed",
            field="policy",
            product=Product(policy.product).label,
        )
    return policy


def _shipments(actor, policy: Policy, data: NoticeInput, *, lock: bool) -> list[ShipmentDeclaration]:
    ids = sorted({int(i) for i in data.declaration_ids or []})
    if not ids:
        raise error("shipments_required", field="declarations")
    qs = ShipmentDeclaration.objects.filter(
        pk__in=ids, policy=policy, organisation_id=actor.organisation_id, buyer_id=data.buyer_id
    ).order_by("pk")
    if lock:
        qs = qs.select_for_update()
    shipments = list(qs)
    if len(shipments) != len(ids):
        raise error(
            "shipment_not_found",
            field="declarations",
        )
    for d in shipments:
        if d.status not in NOTIFIABLE:
            raise error(
                "shipment_not_notifiable",
                field="declarations",
                invoice=d.invoice_number,
                status=d.get_status_display(),
            )
        if d.covered_usd <= 0:
            raise error(
                "shipment_not_covered",
                field="declarations",
                invoice=d.invoice_number,
            )
    return shipments


def _preview(
    policy: Policy, shipments: list[ShipmentDeclaration], data: NoticeInput, today: date
) -> NoticePreview:
    if data.cause not in Cause.values:
        raise error("cause_invalid", field="cause")
    due = min(d.due_date for d in shipments)
    if data.cause == Cause.BUYER_DEFAULT:
        not_due = [d for d in shipments if d.due_date >= today]
        if not_due:
            raise error(
                "not_yet_due",
                field="declarations",
                invoice=not_due[0].invoice_number,
                date=not_due[0].due_date.isoformat(),
            )
    event = data.event_date or (due if data.cause == Cause.BUYER_DEFAULT else None)
    if event is None:
        raise error("event_date_required", field="event_date")
    if event > today:
        raise error("event_in_future", field="event_date")
    deadline = rules.loss_notice_deadline(
        cause=data.cause,
        event_date=event,
        due_date=due,
        calendar=workdays,
        default_days=policy.loss_notice_default_days,
        other_business_days=policy.loss_notice_other_business_days,
    )
    outstanding = sum((d.amount_usd - d.paid_usd for d in shipments), Decimal("0"))
    return NoticePreview(
        deadline=deadline,
        due_date=due,
        event_date=event,
        late=today > deadline.date,
        claim_deadline=rules.claim_filing_deadline(
            notice_date=today, months=policy.claim_deadline_months
        ).date,
        outstanding_usd=outstanding,
    )


def possible_loss_notice_check(*, actor, data: NoticeInput) -> NoticePreview:
    policy = notice_policy(actor, data.policy_id)
    return _preview(policy, _shipments(actor, policy, data, lock=False), data, shanghai_today())


@transaction.atomic
def possible_loss_notice_submit(*, actor, data: NoticeInput) -> PossibleLossNotice:
    policy = notice_policy(actor, data.policy_id)
    today = shanghai_today()
    shipments = _shipments(actor, policy, data, lock=True)
    preview = _preview(policy, shipments, data, today)
    description = (data.description or "").strip()
    if not description:
        raise error("description_required", field="description")
    amount = data.amount_at_risk_usd
    if amount is None or amount <= 0:
        raise error(
            "amount_not_positive/at_risk",
            field="amount_at_risk_usd",
        )
    if amount > preview.outstanding_usd:
        raise error(
            "amount_above_outstanding",
            field="amount_at_risk_usd",
            amount=format_amount(amount, "USD"),
            outstanding=format_amount(preview.outstanding_usd, "USD"),
        )
    notice = PossibleLossNotice.objects.create(
        policy=policy,
        organisation_id=policy.organisation_id,
        buyer_id=data.buyer_id,
        cause=data.cause,
        event_date=preview.event_date,
        due_date=preview.due_date,
        amount_at_risk_usd=amount,
        description=description,
        notified_on=today,
        deadline=preview.deadline.date,
        deadline_basis=preview.deadline.basis,
        deadline_rule=preview.deadline.rule,
        deadline_provisional=preview.deadline.provisional,
        late=preview.late,
        claim_deadline=preview.claim_deadline,
        created_by=actor,
    )
    assign_number(notice, "PLN")
    notice.declarations.set(shipments)
    declaration_workflow.transition_many(
        ShipmentDeclaration,
        [d.pk for d in shipments],
        to=S.LOSS_NOTIFIED,
        actor=actor,
        reason=Text("claims.notice_shipment", {"n": notice.number}),
    )
    audit_record(
        notice,
        action="possible_loss_notice.submitted",
        actor=actor,
        to_state=notice.status,
        data={
            "cause": notice.cause,
            "deadline": notice.deadline,
            "deadline_rule": notice.deadline_rule,
            "late": notice.late,
            "declarations": [d.pk for d in shipments],
        },
    )
    notify(
        claims_officers(),
        kind="loss_notice_submitted",
        params={
            "n": notice.number,
            "insured": str(policy.organisation),
            "late": notice.late,
            "date": notice.deadline.isoformat(),
        },
        url=reverse("claims:notice-detail", args=[notice.pk]),
        level="warning" if notice.late else "info",
    )
    return notice


@transaction.atomic
def possible_loss_notice_acknowledge(*, actor, notice_id: int) -> PossibleLossNotice:
    ensure_officer(actor, _("acknowledge possible-loss notices"))
    notice = lock_notice(notice_id)
    notice.acknowledged_at = timezone.now()
    notice.acknowledged_by = actor
    notice_workflow.transition(
        notice, to=N.ACKNOWLEDGED, actor=actor, update_fields=["acknowledged_at", "acknowledged_by"]
    )
    notify(
        insured_users(notice.organisation_id),
        kind="loss_notice_acknowledged",
        params={"n": notice.number, "date": notice.claim_deadline.isoformat()},
        url=reverse("claims:notice-detail", args=[notice.pk]),
    )
    return notice


@transaction.atomic
def possible_loss_notice_withdraw(*, actor, notice_id: int, reason: str) -> PossibleLossNotice:
    notice = lock_notice(notice_id)
    ensure_insured(actor, notice)
    return _end_without_claim(notice, N.WITHDRAWN, actor, reason)


@transaction.atomic
def possible_loss_notice_close(*, actor, notice_id: int, reason: str) -> PossibleLossNotice:
    ensure_officer(actor, _("close possible-loss notices"))
    return _end_without_claim(lock_notice(notice_id), N.CLOSED, actor, reason)


def _end_without_claim(notice: PossibleLossNotice, to: str, actor, reason: str) -> PossibleLossNotice:
    """Withdrawn or closed with a reason: its shipments are open receivables again."""
    if not (reason or "").strip():
        raise error("reason_required", field="reason")
    notice.closing_reason = reason.strip()
    notice_workflow.transition(
        notice, to=to, actor=actor, reason=notice.closing_reason, update_fields=["closing_reason"]
    )
    reopen_shipments(actor, notice.declarations.filter(status=S.LOSS_NOTIFIED), notice.closing_reason)
    return notice
