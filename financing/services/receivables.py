"""Receivable assignments (应收账款转让): the exporter transfers chosen covered receivables to a bank,
the bank accepts (and gets a coverage notice for each) or declines. A receivable is with at most one
bank at a time: the partial unique index on active items decides any race."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from declarations.models import ShipmentDeclaration
from financing.errors import error
from financing.models import ReceivableAssignment, ReceivableAssignmentItem
from financing.services._common import BANK_ROLES, EXPORTER_ROLES, assign_number, org_users
from financing.workflow import receivable_assignment_workflow as workflow
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Organisation
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError, NotAllowed
from sinosure_portal.notifications.services import notify

S = ReceivableAssignment.Status
ASSIGNABLE = (ShipmentDeclaration.Status.COVERED, ShipmentDeclaration.Status.PARTLY_COVERED)


def _url(ra: ReceivableAssignment) -> str:
    return reverse("financing:receivable-assignment-detail", args=[ra.pk])


def _lock(assignment_id: int) -> ReceivableAssignment:
    try:
        return ReceivableAssignment.objects.select_for_update().get(pk=assignment_id)
    except ReceivableAssignment.DoesNotExist as exc:
        raise DomainError("not_found", gettext_lazy("No such assignment.")) from exc


def receivable_assignment_propose(
    *, actor, bank_id: int, declaration_ids: list[int], note: str = ""
) -> ReceivableAssignment:
    try:
        return _propose(actor=actor, bank_id=bank_id, declaration_ids=declaration_ids, note=note)
    except IntegrityError as exc:
        if "ra_receivable_one_bank" not in str(exc):
            raise
        # another assignment took one of them first: name it
        taken = (
            ReceivableAssignmentItem.objects.filter(declaration_id__in=declaration_ids, active=True)
            .values_list("declaration__invoice_number", flat=True)
            .first()
        )
        raise error("receivable_already_assigned", field="declarations", invoice=taken or "?") from exc


@transaction.atomic
def _propose(*, actor, bank_id: int, declaration_ids: list[int], note: str) -> ReceivableAssignment:
    ensure_role(actor, EXPORTER_ROLES, action=gettext_lazy("assign receivables"))
    bank = Organisation.objects.filter(pk=bank_id, kind=Organisation.Kind.BANK).first()
    if bank is None:
        raise error("bank_unknown", field="bank")
    ids = sorted(set(declaration_ids or []))
    if not ids:
        raise error("receivables_required", field="declarations")
    found = {
        d.pk: d
        for d in ShipmentDeclaration.objects.select_for_update()
        .filter(pk__in=ids, organisation_id=actor.organisation_id)
        .order_by("pk")
    }
    for pk in ids:
        d = found.get(pk)
        if d is None:
            raise error("receivable_unknown", field="declarations", id=pk)
        if d.status not in ASSIGNABLE or d.covered_usd <= 0:
            raise error("receivable_not_covered", field="declarations", invoice=d.invoice_number)
    taken = (
        ReceivableAssignmentItem.objects.filter(declaration_id__in=ids, active=True)
        .values_list("declaration__invoice_number", flat=True)
        .first()
    )
    if taken:
        raise error("receivable_already_assigned", field="declarations", invoice=taken)
    ra = ReceivableAssignment.objects.create(
        organisation_id=actor.organisation_id, bank=bank, note=(note or "").strip(), created_by=actor
    )
    ReceivableAssignmentItem.objects.bulk_create(
        [ReceivableAssignmentItem(assignment=ra, declaration_id=pk) for pk in ids]
    )
    assign_number(ra, "RA")
    audit_record(
        ra,
        action="receivable_assignment.proposed",
        actor=actor,
        to_state=ra.status,
        data={"bank": bank.pk, "invoices": [found[pk].invoice_number for pk in ids]},
    )
    notify(
        org_users(bank.pk),
        kind="receivable_assignment_proposed",
        params={"number": ra.number, "n": len(ids)},
        body=str(actor.organisation),
        url=_url(ra),
    )
    return ra


@transaction.atomic
def receivable_assignment_accept(*, assignment_id: int, actor) -> ReceivableAssignment:
    ensure_role(actor, BANK_ROLES, action=gettext_lazy("accept receivable assignments"))
    ra = _lock(assignment_id)
    if ra.bank_id != actor.organisation_id:
        raise NotAllowed("not_a_party", error("not_a_party").message)
    ra.accepted_at, ra.accepted_by = timezone.now(), actor
    workflow.transition(ra, to=S.ACCEPTED, actor=actor, update_fields=["accepted_at", "accepted_by"])
    notify(
        org_users(ra.organisation_id),
        kind="receivable_assignment_accepted",
        params={"bank": str(ra.bank), "number": ra.number},
        url=_url(ra),
    )
    from financing.services.notices import coverage_notices_issue

    coverage_notices_issue(declaration_ids=list(ra.items.values_list("declaration_id", flat=True)))
    return ra


def _end(ra: ReceivableAssignment, *, to: str, actor, reason: str) -> None:
    workflow.transition(ra, to=to, actor=actor, reason=reason, update_fields=["decision_reason"])
    ReceivableAssignmentItem.objects.filter(assignment=ra).update(active=False)


@transaction.atomic
def receivable_assignment_decline(*, assignment_id: int, actor, reason: str) -> ReceivableAssignment:
    ensure_role(actor, BANK_ROLES, action=gettext_lazy("decline receivable assignments"))
    ra = _lock(assignment_id)
    if ra.bank_id != actor.organisation_id:
        raise NotAllowed("not_a_party", error("not_a_party").message)
    if not (reason or "").strip():
        raise error("reason_required", field="reason")
    ra.decision_reason = reason.strip()
    _end(ra, to=S.DECLINED, actor=actor, reason=ra.decision_reason)
    notify(
        org_users(ra.organisation_id),
        kind="receivable_assignment_declined",
        params={"bank": str(ra.bank), "number": ra.number},
        body=ra.decision_reason,
        url=_url(ra),
    )
    return ra


@transaction.atomic
def receivable_assignment_withdraw(*, assignment_id: int, actor, reason: str = "") -> ReceivableAssignment:
    ensure_role(actor, EXPORTER_ROLES, action=gettext_lazy("withdraw receivable assignments"))
    ra = _lock(assignment_id)
    if ra.organisation_id != actor.organisation_id:
        raise NotAllowed("not_a_party", error("not_a_party").message)
    ra.decision_reason = (reason or "").strip()
    _end(ra, to=S.WITHDRAWN, actor=actor, reason=ra.decision_reason)
    notify(
        org_users(ra.bank_id),
        kind="receivable_assignment_withdrawn",
        params={"number": ra.number},
        url=_url(ra),
    )
    return ra
