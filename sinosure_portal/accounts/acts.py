"""Acts that commit an organisation, and who may do them (team roles, four-eyes).

An app registers each committing act once (``act_registry.register`` in its ``acts.py``): its code,
its name, the duty that commits it, and ``perform``, which calls the app's real workflow function.
Pages and the API then call :func:`act_submit` instead of the workflow function:

- the actor holds the duty and no second person is needed: the workflow runs at once, and the act
  is recorded approved with the actor as drafter and approver;
- otherwise (four-eyes is on, or the actor only drafts): the act is recorded pending, and another
  person with the duty approves it (:func:`approve_act`), which runs the workflow then, once.

The kernel imports no app: what an act does is only known through the registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinosure_portal.accounts.act_kinds import ActKind, act_registry
from sinosure_portal.accounts.models import DUTY_FIELDS, ActRecord, Duty, User
from sinosure_portal.audit.labels import register_action_labels
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import (
    DomainError,
    NotAllowed,
    NotFound,
    integrity_errors,
    register_constraint,
)
from sinosure_portal.base.workflow import Workflow

S = ActRecord.State
act_workflow = Workflow(
    "act", {S.PENDING: {S.APPROVED, S.REJECTED}, S.APPROVED: set(), S.REJECTED: set()}, field="state"
)

register_action_labels({"act.drafted": _("Drafted for a second person's approval")})

register_constraint(
    "act_one_pending_per_subject",
    "act_pending",
    _("This is already waiting for approval: approve or reject that first."),
    status_code=409,
)
register_constraint(
    "act_four_eyes_approver_not_drafter",
    "four_eyes",
    _("Four-eyes: the person who drafted this act cannot approve it."),
    status_code=403,
)


@dataclass
class ActOutcome:
    act: ActRecord
    result: Any = None  # what the workflow made or changed (None while the act waits)

    @property
    def pending(self) -> bool:
        return self.act.state == S.PENDING


# --- duties ---------------------------------------------------------------------------------------


def require_duty(user: User, duty: str) -> None:
    """A 403 naming the duty the user lacks (the page shows it, the API answers it)."""
    if not (user.is_authenticated and user.is_active and user.has_duty(duty)):
        raise NotAllowed(
            "duty_missing",
            _(
                "This needs the duty “%(duty)s”, which your account does not hold. Ask your "
                "organisation's administrator to give it to you."
            ),
            duty=Duty(duty).label,
        )


def _ensure_may_decide(kind: ActKind, user: User) -> None:
    if kind.roles is not None and user.role not in kind.roles:
        raise NotAllowed(
            "not_allowed",
            _("Your role (%(role)s) may not %(action)s."),
            role=user.get_role_display(),
            action=kind.label,
        )
    require_duty(user, kind.duty)


def needs_second_person(act: ActRecord, kind: ActKind) -> bool:
    if kind.always_four_eyes is not None and kind.always_four_eyes(act):
        return True
    return bool(act.organisation.four_eyes)


# --- submitting, drafting, approving ---------------------------------------------------------------


def _new_act(
    *, kind: ActKind, actor: User, subject: Model, payload: dict, amount_usd, lock_key: str
) -> ActRecord:
    act = ActRecord(
        organisation_id=actor.organisation_id,
        kind=kind.code,
        subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
        subject_id=str(subject.pk),
        subject_repr=str(subject)[:200],
        lock_key=(lock_key or f"{kind.code}:{subject._meta.label_lower}:{subject.pk}")[:200],
        payload=payload,
        amount_usd=amount_usd,
        drafted_by=actor,
    )
    act.organisation = actor.organisation
    act.four_eyes = needs_second_person(act, kind)
    return act


def _set_result(act: ActRecord, result: Any) -> None:
    if isinstance(result, Model) and result.pk is not None:
        act.result_type = ContentType.objects.get_for_model(result, for_concrete_model=True)
        act.result_id = str(result.pk)


@transaction.atomic
def act_submit(
    *,
    kind: str,
    actor: User,
    subject: Model,
    payload: dict | None = None,
    amount_usd: Decimal | None = None,
    lock_key: str = "",
) -> ActOutcome:
    """What a page or the API calls for a committing act: done at once when the actor may commit
    it alone, otherwise drafted for a second person (see the module's doc)."""
    act_kind = act_registry.get(kind)
    if not actor.organisation_id:
        raise NotAllowed("no_organisation", _("Your account belongs to no organisation."))
    act = _new_act(
        kind=act_kind,
        actor=actor,
        subject=subject,
        payload=payload or {},
        amount_usd=amount_usd,
        lock_key=lock_key,
    )
    may_commit = actor.has_duty(act_kind.duty) and (act_kind.roles is None or actor.role in act_kind.roles)
    if may_commit and not act.four_eyes:
        act.state, act.approved_by, act.decided_at = S.APPROVED, actor, timezone.now()
        act.save()
        result = act_kind.perform(act, actor)
        _set_result(act, result)
        act.save(update_fields=["result_type", "result_id"])
        audit_record(
            act,
            action="act.approved",
            actor=actor,
            to_state=S.APPROVED,
            data={"kind": act.kind, "drafted_by": actor.pk, "approved_by": actor.pk, "four_eyes": False},
        )
        return ActOutcome(act, result)
    if not may_commit and not actor.has_duty(Duty.DATA_ENTRY):
        require_duty(actor, act_kind.duty)
    return ActOutcome(_draft(act, act_kind, actor))


def _draft(act: ActRecord, kind: ActKind, actor: User) -> ActRecord:
    """Record the act pending. The workflow is tried in a savepoint first and undone, so that a
    draft that could not be approved (a missing field, a deadline passed) is refused now."""
    if kind.dry_run:
        try:
            with transaction.atomic():
                kind.perform(act, actor)
                raise _DryRun
        except _DryRun:
            pass
    with integrity_errors(), transaction.atomic():
        act.save()
    audit_record(
        act,
        action="act.drafted",
        actor=actor,
        to_state=S.PENDING,
        data={"kind": act.kind, "drafted_by": actor.pk, "four_eyes": act.four_eyes},
    )
    _notify_approvers(act, kind)
    return act


class _DryRun(Exception):
    pass


def draft_act(
    *,
    kind: str,
    actor: User,
    subject: Model,
    payload: dict | None = None,
    amount_usd=None,
    lock_key: str = "",
) -> ActRecord:
    """Record an act pending, whatever the actor's duties allow (a drafter asking for a review)."""
    act_kind = act_registry.get(kind)
    if not (actor.has_duty(Duty.DATA_ENTRY) or actor.has_duty(act_kind.duty)):
        require_duty(actor, Duty.DATA_ENTRY)
    with transaction.atomic():
        act = _new_act(
            kind=act_kind,
            actor=actor,
            subject=subject,
            payload=payload or {},
            amount_usd=amount_usd,
            lock_key=lock_key,
        )
        return _draft(act, act_kind, actor)


def _lock(actor: User, act_id: int) -> ActRecord:
    act = (
        acts_visible(actor)
        .select_for_update(of=("self",))
        .select_related("organisation", "drafted_by")
        .filter(pk=act_id)
        .first()
    )
    if act is None:
        raise NotFound("not_found", _("No such act."))
    return act


def _ensure_not_drafter(act: ActRecord, actor: User) -> None:
    if act.four_eyes and act.drafted_by_id == actor.pk:
        raise NotAllowed(
            "four_eyes",
            _("Four-eyes: you drafted this act, so another person with the duty “%(duty)s” must approve it."),
            duty=Duty(act_registry.get(act.kind).duty).label,
        )


@transaction.atomic
def approve_act(*, act_id: int, actor: User, reason: str = "") -> ActOutcome:
    """Approve a pending act: the workflow runs now, once. Approving it again changes nothing."""
    act = _lock(actor, act_id)
    kind = act_registry.get(act.kind)
    _ensure_may_decide(kind, actor)
    _ensure_not_drafter(act, actor)
    if act.state == S.APPROVED:
        return ActOutcome(act, act.result)
    act.approved_by, act.decided_at, act.reason = actor, timezone.now(), (reason or "").strip()
    act_workflow.transition(
        act,
        to=S.APPROVED,
        actor=actor,
        reason=act.reason,
        data={
            "kind": act.kind,
            "drafted_by": act.drafted_by_id,
            "approved_by": actor.pk,
            "four_eyes": act.four_eyes,
        },
        update_fields=["approved_by", "decided_at", "reason"],
    )
    result = kind.perform(act, actor)
    _set_result(act, result)
    act.save(update_fields=["result_type", "result_id"])
    return ActOutcome(act, result)


@transaction.atomic
def reject_act(*, act_id: int, actor: User, reason: str) -> ActRecord:
    """Refuse a pending act (its drafter may withdraw it the same way); nothing is done."""
    act = _lock(actor, act_id)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", _("Please give a reason."), field="reason")
    if act.drafted_by_id != actor.pk:
        _ensure_may_decide(act_registry.get(act.kind), actor)
    act.approved_by, act.decided_at, act.reason = actor, timezone.now(), reason
    act_workflow.transition(
        act,
        to=S.REJECTED,
        actor=actor,
        reason=reason,
        data={"kind": act.kind, "drafted_by": act.drafted_by_id, "rejected_by": actor.pk},
        update_fields=["approved_by", "decided_at", "reason"],
    )
    return act


def _notify_approvers(act: ActRecord, kind: ActKind) -> None:
    from django.urls import reverse

    from sinosure_portal.notifications.services import notify

    approvers = approvers_for(act, kind)
    notify(
        approvers,
        kind="act_to_approve",
        params={"act": act.kind, "about": act.subject_repr, "by": act.drafted_by.name},
        url=reverse("approvals"),
        email=False,
    )


# --- reads ---------------------------------------------------------------------------------------


def acts_visible(user: User) -> QuerySet[ActRecord]:
    """An organisation's acts are seen by its own people only (another organisation's: 404)."""
    if not user.is_authenticated or not user.organisation_id:
        return ActRecord.objects.none()
    return ActRecord.objects.filter(organisation_id=user.organisation_id)


def approvers_for(act: ActRecord, kind: ActKind | None = None) -> QuerySet[User]:
    kind = kind or act_registry.get(act.kind)
    users = User.objects.filter(
        organisation_id=act.organisation_id, is_active=True, **{DUTY_FIELDS[kind.duty]: True}
    )
    if kind.roles is not None:
        users = users.filter(role__in=kind.roles)
    if act.four_eyes:
        users = users.exclude(pk=act.drafted_by_id)
    return users


def acts_awaiting(user: User) -> QuerySet[ActRecord]:
    """Pending acts this user may approve: a duty that commits them, and not their own under four-eyes."""
    kinds = [act_registry.get(code) for code in act_registry.codes()]
    codes = [k.code for k in kinds if user.has_duty(k.duty) and (k.roles is None or user.role in k.roles)]
    return (
        acts_visible(user)
        .filter(state=S.PENDING, kind__in=codes)
        .exclude(Q(four_eyes=True) & Q(drafted_by=user))
        .select_related("drafted_by", "subject_type")
    )


def act_url(act: ActRecord) -> str:
    kind = act_registry._kinds.get(act.kind)
    if kind is None or kind.url is None:
        return ""
    try:
        return kind.url(act)
    except Exception:  # noqa: BLE001 - a link that cannot be made is left out, never a 500
        return ""


def outcome_message(outcome: ActOutcome, done: str) -> str:
    """What a page says after a committing act: ``done``, or that it waits for a second person."""
    if not outcome.pending:
        return done
    return str(
        _("Sent for approval: another person with the duty “%(duty)s” approves it on the approvals page.")
        % {"duty": Duty(act_registry.get(outcome.act.kind).duty).label}
    )


def payload_of(value) -> dict:
    """A dataclass (or dict) as JSON a pending act can keep: dates as ISO text, amounts as text."""
    import dataclasses
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    data = dataclasses.asdict(value) if dataclasses.is_dataclass(value) else dict(value)
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))
