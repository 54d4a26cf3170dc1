"""Indemnity assignment agreements (赔款转让协议): the exporter proposes and signs, the bank signs,
the insurer approves; either party asks to terminate and the insurer confirms. Indemnities already
decided keep their payee: the claims app records the payee when it issues the indemnity notice,
reading :func:`financing.selectors.indemnity_assignment_in_force` on that day.

Overlap is refused twice: on proposal (a friendly early answer) and on approval under a lock of the
policy row, so two approvals racing on one policy cannot both bind the same buyer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from creditinfo.models import Buyer
from financing import rules
from financing.errors import error
from financing.models import IndemnityAssignment
from financing.services._common import (
    BANK_ROLES,
    EXPORTER_ROLES,
    INSURER_DECIDERS,
    assign_number,
    org_users,
    underwriters,
)
from financing.workflow import indemnity_assignment_workflow as workflow
from policies.models import Policy, Product
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Organisation
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError, NotAllowed
from sinosure_portal.notifications.services import notify
from sinosure_portal.workdays.calendar import today as shanghai_today

S = IndemnityAssignment.Status
# a bank or forfaiting policy's insured is the bank itself: there is no indemnity to assign
ASSIGNABLE_PRODUCTS = (Product.COMPREHENSIVE, Product.SME, Product.MICRO)


@dataclass
class AssignmentInput:
    policy_id: int
    bank_id: int
    effective_date: date
    signer_name: str
    signer_title: str
    whole_policy: bool | None = None  # older callers; ``scope`` says it explicitly
    buyer_ids: list[int] = field(default_factory=list)
    financing_ratio: Decimal | None = None
    scope: str | None = None  # "policy" or "buyers"; absent: "buyers" when buyers are named


def _scope(data: AssignmentInput) -> str:
    """What was signed: the whole policy, or exactly the chosen buyers. Naming buyers while asking
    for the whole policy is refused, never silently widened to the whole policy."""
    Scope = IndemnityAssignment.Scope
    scope = data.scope
    if scope is None:
        if data.whole_policy is None:
            scope = Scope.BUYERS if data.buyer_ids else Scope.WHOLE_POLICY
        else:
            scope = Scope.WHOLE_POLICY if data.whole_policy else Scope.BUYERS
    if scope not in Scope.values:
        raise error("scope_unknown", field="scope")
    if scope == Scope.WHOLE_POLICY and data.buyer_ids:
        raise error("scope_conflict", field="scope")
    return scope


def _lock(assignment_id: int) -> IndemnityAssignment:
    try:
        return IndemnityAssignment.objects.select_for_update().get(pk=assignment_id)
    except IndemnityAssignment.DoesNotExist as exc:
        raise DomainError("not_found", gettext_lazy("No such agreement.")) from exc


def _url(a: IndemnityAssignment) -> str:
    return reverse("financing:agreement-detail", args=[a.pk])


def _signer(name: str, title: str) -> tuple[str, str]:
    name, title = (name or "").strip(), (title or "").strip()
    if not name or not title:
        raise error("signer_required", field="signer_name")
    return name[:100], title[:100]


def _buyer_ids(a: IndemnityAssignment) -> set[int]:
    return set(a.buyers.values_list("pk", flat=True))


def _overlap(policy_id: int, whole: bool, buyer_ids: set[int], *, states, exclude_id=None) -> None:
    others = IndemnityAssignment.objects.filter(policy_id=policy_id, status__in=list(states))
    if exclude_id:
        others = others.exclude(pk=exclude_id)
    for other in others.prefetch_related("buyers"):
        shared = rules.scopes_overlap(
            whole, buyer_ids, other.scope == other.Scope.WHOLE_POLICY, [b.pk for b in other.buyers.all()]
        )
        if shared:
            names = ""
            if shared is not True:
                names = " ({})".format(
                    ", ".join(sorted(b.display_name for b in other.buyers.all() if b.pk in shared))
                )
            raise error("assignment_overlaps", field="buyers", other=str(other), buyers=names)


@transaction.atomic
def indemnity_assignment_propose(
    *, actor, data: AssignmentInput, ip: str | None = None
) -> IndemnityAssignment:
    """The exporter signs and sends an agreement to its bank."""
    ensure_role(actor, EXPORTER_ROLES, action=gettext_lazy("propose indemnity assignments"))
    policy = Policy.objects.filter(pk=data.policy_id, organisation_id=actor.organisation_id).first()
    if policy is None:
        raise error("policy_unknown", field="policy")
    if policy.status != Policy.Status.ACTIVE:
        raise error("policy_not_in_force", field="policy", number=policy.number)
    if policy.product not in ASSIGNABLE_PRODUCTS:
        raise error("policy_product", field="policy", product=Product(policy.product).label)
    bank = Organisation.objects.filter(pk=data.bank_id, kind=Organisation.Kind.BANK).first()
    if bank is None:
        raise error("bank_unknown", field="bank")
    if not policy.covers_date(data.effective_date):
        raise error(
            "effective_outside_policy",
            field="effective_date",
            date=data.effective_date.isoformat(),
            start=policy.period_start.isoformat(),
            end=policy.period_end.isoformat(),
        )
    scope = _scope(data)
    whole = scope == IndemnityAssignment.Scope.WHOLE_POLICY
    buyer_ids = set(data.buyer_ids or [])
    if not whole:
        if not buyer_ids:
            raise error("buyers_required", field="buyers")
        if Buyer.objects.filter(pk__in=buyer_ids).count() != len(buyer_ids):
            raise error("buyer_unknown", field="buyers")
    name, title = _signer(data.signer_name, data.signer_title)
    _overlap(policy.pk, whole, buyer_ids, states=IndemnityAssignment.LIVE)
    assignment = IndemnityAssignment.objects.create(
        policy=policy,
        organisation_id=policy.organisation_id,
        bank=bank,
        scope=scope,
        effective_date=data.effective_date,
        financing_ratio=data.financing_ratio,
        exporter_signer_name=name,
        exporter_signer_title=title,
        exporter_signed_at=timezone.now(),
        exporter_signed_ip=ip,
        created_by=actor,
    )
    if not whole:
        assignment.buyers.set(buyer_ids)
    assign_number(assignment, "IA")
    audit_record(
        assignment,
        action="indemnity_assignment.proposed",
        actor=actor,
        to_state=assignment.status,
        data={"bank": bank.pk, "scope": assignment.scope, "buyers": sorted(buyer_ids), "signer": name},
    )
    notify(
        org_users(bank.pk),
        kind="indemnity_assignment_proposed",
        params={"number": assignment.number},
        body=f"{policy.organisation} · {policy.number}",
        url=_url(assignment),
    )
    return assignment


@transaction.atomic
def indemnity_assignment_bank_sign(
    *, assignment_id: int, actor, signer_name: str, signer_title: str, ip: str | None = None
) -> IndemnityAssignment:
    ensure_role(actor, BANK_ROLES, action=gettext_lazy("sign indemnity assignments"))
    a = _lock(assignment_id)
    if a.bank_id != actor.organisation_id:
        raise NotAllowed("not_a_party", error("not_a_party").message)
    name, title = _signer(signer_name, signer_title)
    a.bank_signer_name, a.bank_signer_title = name, title
    a.bank_signed_at, a.bank_signed_ip = timezone.now(), ip
    workflow.transition(
        a,
        to=S.BANK_SIGNED,
        actor=actor,
        data={"signer": name},
        update_fields=["bank_signer_name", "bank_signer_title", "bank_signed_at", "bank_signed_ip"],
    )
    notify(
        underwriters(),
        kind="indemnity_assignment_to_approve",
        params={"number": a.number},
        body=f"{a.organisation} → {a.bank}",
        url=_url(a),
        email=False,
    )
    notify(
        org_users(a.organisation_id),
        kind="indemnity_assignment_bank_signed",
        params={"number": a.number},
        url=_url(a),
    )
    return a


@transaction.atomic
def indemnity_assignment_approve(*, assignment_id: int, actor, reason: str = "") -> IndemnityAssignment:
    """The insurer approves: the agreement binds from its effective date. The policy row is locked
    so that no second agreement can come into force over the same buyers at the same time."""
    ensure_role(actor, INSURER_DECIDERS, action=gettext_lazy("approve indemnity assignments"))
    a = _lock(assignment_id)
    Policy.objects.select_for_update().filter(pk=a.policy_id).first()
    if a.status == S.BANK_SIGNED:
        _overlap(
            a.policy_id,
            a.scope == a.Scope.WHOLE_POLICY,
            _buyer_ids(a),
            states=IndemnityAssignment.BINDING,
            exclude_id=a.pk,
        )
    a.approved_by, a.approved_at = actor, timezone.now()
    a.decision_reason = reason or ""
    workflow.transition(
        a,
        to=S.IN_FORCE,
        actor=actor,
        reason=reason,
        update_fields=["approved_by", "approved_at", "decision_reason"],
    )
    _tell_parties(
        a,
        kind="indemnity_assignment_in_force",
        params={"number": a.number, "date": a.effective_date.isoformat()},
    )
    # shipments already declared for financing under this policy get their coverage notices
    from financing.services.notices import queue_coverage_notices_for_assignment

    queue_coverage_notices_for_assignment(a.pk)
    return a


@transaction.atomic
def indemnity_assignment_reject(*, assignment_id: int, actor, reason: str) -> IndemnityAssignment:
    """The bank declines to sign, or the insurer refuses to approve, with a reason."""
    a = _lock(assignment_id)
    if not (reason or "").strip():
        raise error("reason_required", field="reason")
    if actor.role in BANK_ROLES:
        if a.bank_id != actor.organisation_id or a.status != S.PROPOSED:
            raise NotAllowed("not_a_party", error("not_a_party").message)
    else:
        ensure_role(actor, INSURER_DECIDERS, action=gettext_lazy("reject indemnity assignments"))
    a.decision_reason = reason.strip()
    workflow.transition(
        a, to=S.REJECTED, actor=actor, reason=a.decision_reason, update_fields=["decision_reason"]
    )
    _tell_parties(
        a,
        kind="indemnity_assignment_rejected",
        params={"number": a.number},
        body=a.decision_reason,
    )
    return a


@transaction.atomic
def indemnity_assignment_withdraw(*, assignment_id: int, actor, reason: str = "") -> IndemnityAssignment:
    ensure_role(actor, EXPORTER_ROLES, action=gettext_lazy("withdraw indemnity assignments"))
    a = _lock(assignment_id)
    if a.organisation_id != actor.organisation_id:
        raise NotAllowed("not_a_party", error("not_a_party").message)
    workflow.transition(a, to=S.WITHDRAWN, actor=actor, reason=reason)
    notify(
        org_users(a.bank_id),
        kind="indemnity_assignment_withdrawn",
        params={"number": a.number},
        url=_url(a),
    )
    return a


@transaction.atomic
def indemnity_assignment_request_termination(
    *, assignment_id: int, actor, reason: str
) -> IndemnityAssignment:
    """Either party asks to end the agreement; it still binds until the insurer confirms."""
    ensure_role(actor, [*EXPORTER_ROLES, *BANK_ROLES], action=gettext_lazy("ask to terminate agreements"))
    a = _lock(assignment_id)
    if actor.organisation_id not in (a.organisation_id, a.bank_id):
        raise NotAllowed("not_a_party", error("not_a_party").message)
    if not (reason or "").strip():
        raise error("reason_required", field="reason")
    a.termination_requested_by_id = actor.organisation_id
    a.termination_requested_at = timezone.now()
    a.termination_reason = reason.strip()
    workflow.transition(
        a,
        to=S.TERMINATION_REQUESTED,
        actor=actor,
        reason=a.termination_reason,
        update_fields=["termination_requested_by", "termination_requested_at", "termination_reason"],
    )
    notify(
        underwriters(),
        kind="indemnity_assignment_termination_to_confirm",
        params={"number": a.number},
        body=a.termination_reason,
        url=_url(a),
        email=False,
    )
    other = a.bank_id if actor.organisation_id == a.organisation_id else a.organisation_id
    notify(
        org_users(other),
        kind="indemnity_assignment_termination_requested",
        params={"number": a.number},
        body=a.termination_reason,
        url=_url(a),
    )
    return a


@transaction.atomic
def indemnity_assignment_terminate(
    *, assignment_id: int, actor, ends_on: date | None = None, reason: str = ""
) -> IndemnityAssignment:
    """The insurer confirms the termination: from ``ends_on`` (default today) new indemnities go to
    the insured. Indemnities already decided keep the bank as payee."""
    ensure_role(actor, INSURER_DECIDERS, action=gettext_lazy("confirm terminations"))
    a = _lock(assignment_id)
    ends_on = ends_on or shanghai_today()
    if ends_on < a.effective_date:
        raise error(
            "end_before_effective",
            field="ends_on",
            date=ends_on.isoformat(),
            effective=a.effective_date.isoformat(),
        )
    a.ended_on = ends_on
    workflow.transition(
        a, to=S.TERMINATED, actor=actor, reason=reason, data={"ended_on": ends_on}, update_fields=["ended_on"]
    )
    _tell_parties(
        a,
        kind="indemnity_assignment_terminated",
        params={"number": a.number, "date": ends_on.isoformat()},
        body=reason,
    )
    return a


@transaction.atomic
def indemnity_assignment_keep(*, assignment_id: int, actor, reason: str) -> IndemnityAssignment:
    """The insurer declines the termination request: the agreement stays in force."""
    ensure_role(actor, INSURER_DECIDERS, action=gettext_lazy("decide terminations"))
    a = _lock(assignment_id)
    if not (reason or "").strip():
        raise error("reason_required", field="reason")
    workflow.transition(a, to=S.IN_FORCE, actor=actor, reason=reason.strip())
    _tell_parties(
        a,
        kind="indemnity_assignment_kept",
        params={"number": a.number},
        body=reason,
    )
    return a


def _tell_parties(a: IndemnityAssignment, *, kind: str, params: dict, body: str = "") -> None:
    users = list(org_users(a.organisation_id)) + list(org_users(a.bank_id))
    notify(users, kind=kind, params=params, body=body, url=_url(a))
