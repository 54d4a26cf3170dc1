"""Recompute the claims' stored provisional deadlines when staff confirm a year's calendar.

Registered with the kernel in ``ClaimsConfig.ready``. Each deadline is recomputed from its basis
with the rule definitions in :mod:`claims.rules` (never parsed from the stored display text):
the notice deadline of a non-default cause from its event date and the policy's number of
business days, a micro claim's decision due from its filing date. The claim filing deadline is
counted in calendar months and is never provisional.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from claims import rules
from claims.models import Claim, PossibleLossNotice
from claims.services.common import claims_officers, insured_users
from sinosure_portal.texts import Text
from sinosure_portal.workdays import calendar as workdays
from sinosure_portal.workdays.deadlines import deadline_moved_record, deadline_rows_update


def _in_year(field: str, basis: str, year: int) -> Q:
    return Q(**{f"{field}__year__gte": year, f"{basis}__year__lte": year})


def notice_deadlines_recompute(*, year: int, actor) -> int:
    notices = list(
        PossibleLossNotice.objects.filter(_in_year("deadline", "event_date", year), deadline_provisional=True)
        .select_related("policy")
        .only("pk", "number", "organisation_id", "cause", "event_date", "due_date", "deadline", "policy")
    )
    computed: dict[tuple, rules.Deadline] = {}
    for n in notices:
        key = (n.cause, n.event_date, n.due_date, n.policy.loss_notice_other_business_days)
        if key not in computed:
            computed[key] = rules.loss_notice_deadline(
                cause=n.cause,
                event_date=n.event_date,
                due_date=n.due_date,
                calendar=workdays,
                other_business_days=key[3],
            )
    by_pk = {n.pk: n for n in notices}
    deadline_of = {
        n.pk: computed[(n.cause, n.event_date, n.due_date, n.policy.loss_notice_other_business_days)]
        for n in notices
    }
    moves = deadline_rows_update(
        PossibleLossNotice,
        date_field="deadline",
        provisional_field="deadline_provisional",
        rows=[(pk, d.date, d.provisional) for pk, d in deadline_of.items()],
    )
    _tell(
        moves,
        by_pk,
        deadline_of,
        "notice deadline",
        "claims.notice_deadline_moved",
        "claims:notice-detail",
        year,
        actor,
    )
    return len(moves)


def decision_due_recompute(*, year: int, actor) -> int:
    claims = list(
        Claim.objects.filter(_in_year("decision_due", "filed_on", year), decision_due_provisional=True).only(
            "pk", "number", "organisation_id", "filed_on", "decision_due"
        )
    )
    computed: dict = {}
    for c in claims:
        if c.filed_on not in computed:
            computed[c.filed_on] = rules.micro_decision_deadline(claim_date=c.filed_on, calendar=workdays)
    moves = deadline_rows_update(
        Claim,
        date_field="decision_due",
        provisional_field="decision_due_provisional",
        rows=[(c.pk, computed[c.filed_on].date, computed[c.filed_on].provisional) for c in claims],
    )
    by_pk = {c.pk: c for c in claims}
    deadline_of = {c.pk: computed[c.filed_on] for c in claims}
    _tell(
        moves,
        by_pk,
        deadline_of,
        "decision due",
        "claims.decision_due_moved",
        "claims:claim-detail",
        year,
        actor,
    )
    return len(moves)


def _tell(
    moves, by_pk: dict, deadline_of: dict, what: str, kind: str, url_name: str, year: int, actor
) -> None:
    """Each moved date: its audit row, and a message to the insured's people and the officers."""
    officers = list(claims_officers())
    for move in moves:
        obj = by_pk[move.pk]
        deadline_moved_record(
            obj,
            move=move,
            what=what,
            rule=deadline_of[move.pk].rule,
            actor=actor,
            year=year,
            parties=[insured_users(obj.organisation_id), officers],
            title=Text(
                kind, {"n": obj.number, "before": move.before.isoformat(), "after": move.after.isoformat()}
            ),
            url=reverse(url_name, args=[obj.pk]),
        )
