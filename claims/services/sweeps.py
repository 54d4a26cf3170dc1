"""Daily sweeps of losses and claims. Each is set-based (a handful of queries whatever the number of
cases), idempotent (every reminder has a unique key naming the rule, the object and the stage;
escalation is an UPDATE of rows still in the old state) and catches up on missed days (it looks at
windows, not at exact dates).

- decision due (insurer side): undecided claims with a decision date (micro: 30 business days) are
  flagged ``near`` within NEAR_BUSINESS_DAYS working days of it and ``overdue`` once it passed; the
  claims officer (or every claims officer while nobody has the case) is reminded once per stage;
- claim filing due soon: a live notice without a claim, CLAIM_FILING_REMINDER_DAYS before its
  claim deadline;
- documents requested and not provided: DOCUMENTS_REMINDER_DAYS before the answer date, and again
  once it passed;
- possible-loss notice due soon: a risk event recorded on a buyer (insolvency) or a country (war,
  moratorium) that the insured has open covered shipments on and has not notified yet, with the
  notice deadline (event + the policy's business days). Defaults are reminded by the declarations
  sweep from the due date.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from claims.models import Cause, Claim, DocumentRequest, PossibleLossNotice
from claims.services.common import INSURED_ROLES
from declarations.models import ShipmentDeclaration
from policies.models import Product
from sinosure_portal.accounts.models import Role, User
from sinosure_portal.notifications.services import ReminderSpec, reminders_create, sweep
from sinosure_portal.workdays import calendar as workdays

NEAR_BUSINESS_DAYS = 5
CLAIM_FILING_REMINDER_DAYS = 14
DOCUMENTS_REMINDER_DAYS = 2
RISK_EVENT_LOOKBACK_DAYS = 30
# risk events (creditinfo) that are causes of loss a notice must follow within business days
EVENT_CAUSES = {"bankruptcy": Cause.BUYER_INSOLVENCY, "war": Cause.WAR, "moratorium": Cause.MORATORIUM}
NOTICE_PRODUCTS = (Product.COMPREHENSIVE, Product.BANK, Product.FORFAITING)
S = ShipmentDeclaration.Status


def _claim_url(pk: int) -> str:
    return reverse("claims:claim-detail", args=[pk])


def _insured_users(org_ids) -> dict[int, list[int]]:
    users: dict[int, list[int]] = defaultdict(list)
    for pk, org in User.objects.filter(
        organisation_id__in=set(org_ids), is_active=True, role__in=INSURED_ROLES
    ).values_list("pk", "organisation_id"):
        users[org].append(pk)
    return users


def claims_escalate_decisions(*, today: date) -> int:
    """Flag undecided claims near or past their decision date and remind the officers once a stage."""
    undecided = list(Claim.UNDECIDED)
    near_until = workdays.add_business_days(today, NEAR_BUSINESS_DAYS).date
    with transaction.atomic(), sweep("claims.escalate_decisions_due", today) as run:
        base = Claim.objects.filter(status__in=undecided, decision_due__isnull=False)
        base.filter(decision_due__lt=today).exclude(escalation=Claim.Escalation.OVERDUE).update(
            escalation=Claim.Escalation.OVERDUE
        )
        base.filter(
            decision_due__gte=today, decision_due__lte=near_until, escalation=Claim.Escalation.NONE
        ).update(escalation=Claim.Escalation.NEAR)
        rows = list(
            base.filter(escalation__in=[Claim.Escalation.NEAR, Claim.Escalation.OVERDUE]).values_list(
                "pk", "number", "escalation", "decision_due", "officer_id", "buyer__name"
            )
        )
        everyone = list(User.objects.filter(role=Role.CLAIMS, is_active=True).values_list("pk", flat=True))
        specs = []
        for pk, number, stage, due, officer_id, buyer in rows:
            overdue = stage == Claim.Escalation.OVERDUE
            params = {"n": number, "buyer": buyer, "date": due.isoformat(), "stage": stage}
            for user_id in [officer_id] if officer_id else everyone:
                specs.append(
                    ReminderSpec(
                        key=f"claim-decision-due:{pk}:{stage}:{user_id}",
                        kind="claim_decision_due",
                        user_id=user_id,
                        params=params,
                        url=_claim_url(pk),
                        due_date=due,
                        level="danger" if overdue else "warning",
                    )
                )
        run.created = reminders_create(specs)
    return run.created


def claims_remind_deadlines(*, today: date) -> int:
    """The insured's reminders: claim filing due, documents asked for, notices due after risk events."""
    with transaction.atomic(), sweep("claims.remind_deadlines", today) as run:
        specs = [*_claim_filing_due(today), *_documents_due(today), *_notices_due_after_events(today)]
        run.created = reminders_create(specs)
    return run.created


def _claim_filing_due(today: date) -> list[ReminderSpec]:
    rows = list(
        PossibleLossNotice.objects.filter(
            status__in=list(PossibleLossNotice.LIVE),
            claim__isnull=True,
            claim_deadline__gte=today,
            claim_deadline__lte=today + timedelta(days=CLAIM_FILING_REMINDER_DAYS),
        ).values_list("pk", "number", "organisation_id", "claim_deadline", "buyer__name")
    )
    users = _insured_users(r[2] for r in rows)
    return [
        ReminderSpec(
            key=f"claim-filing-due:{pk}:{user_id}",
            kind="claim_filing_due",
            user_id=user_id,
            params={"n": number, "buyer": buyer, "date": deadline.isoformat()},
            url=reverse("claims:notice-detail", args=[pk]),
            due_date=deadline,
            level="warning",
        )
        for pk, number, org, deadline, buyer in rows
        for user_id in users.get(org, [])
    ]


def _documents_due(today: date) -> list[ReminderSpec]:
    rows = list(
        DocumentRequest.objects.filter(
            status=DocumentRequest.Status.OPEN,
            due_date__lte=today + timedelta(days=DOCUMENTS_REMINDER_DAYS),
            claim__status__in=list(Claim.UNDECIDED),
        ).values_list("pk", "kind", "due_date", "claim_id", "claim__number", "claim__organisation_id")
    )
    users = _insured_users(r[5] for r in rows)
    specs = []
    for pk, kind, due, claim_id, number, org in rows:
        stage = "overdue" if due < today else "soon"
        params = {"n": number, "doc": kind, "date": due.isoformat(), "stage": stage}
        for user_id in users.get(org, []):
            specs.append(
                ReminderSpec(
                    key=f"claim-documents-due:{pk}:{stage}:{user_id}",
                    kind="claim_documents_due",
                    user_id=user_id,
                    params=params,
                    url=_claim_url(claim_id) + "#requests",
                    due_date=due,
                    level="danger" if stage == "overdue" else "warning",
                )
            )
    return specs


def _notices_due_after_events(today: date) -> list[ReminderSpec]:
    from creditinfo.models import RiskEvent

    events = list(
        RiskEvent.objects.filter(
            kind__in=list(EVENT_CAUSES),
            event_date__gte=today - timedelta(days=RISK_EVENT_LOOKBACK_DAYS),
            event_date__lte=today,
        )
        .filter(Q(buyer__isnull=False) | Q(country__isnull=False))
        .values_list("pk", "kind", "event_date", "buyer_id", "country_id", "title")
    )
    if not events:
        return []
    buyer_ids = {e[3] for e in events if e[3]}
    country_ids = {e[4] for e in events if e[4] and not e[3]}
    exposed = list(
        ShipmentDeclaration.objects.filter(
            status__in=[S.COVERED, S.PARTLY_COVERED, S.OVERDUE],
            covered_usd__gt=0,
            policy__product__in=NOTICE_PRODUCTS,
        )
        .filter(Q(buyer_id__in=buyer_ids) | Q(buyer__country_id__in=country_ids))
        .values_list(
            "policy_id",
            "buyer_id",
            "buyer__country_id",
            "organisation_id",
            "buyer__name",
            "policy__loss_notice_other_business_days",
        )
        .distinct()
    )
    notified = set(
        PossibleLossNotice.objects.exclude(status=PossibleLossNotice.Status.WITHDRAWN)
        .filter(policy_id__in={r[0] for r in exposed}, buyer_id__in={r[1] for r in exposed})
        .values_list("policy_id", "buyer_id")
    )
    users = _insured_users(r[3] for r in exposed)
    deadlines: dict[tuple[date, int], workdays.BusinessDate] = {}
    specs = []
    for event_id, kind, event_date, event_buyer, event_country, title in events:
        for policy_id, buyer_id, country_id, org, buyer_name, days in exposed:
            if (policy_id, buyer_id) in notified:
                continue
            if event_buyer and buyer_id != event_buyer:
                continue
            if not event_buyer and country_id != event_country:
                continue
            if (event_date, days) not in deadlines:
                deadlines[(event_date, days)] = workdays.add_business_days(event_date, days)
            deadline = deadlines[(event_date, days)]
            if deadline.date < today:
                continue
            for user_id in users.get(org, []):
                specs.append(
                    ReminderSpec(
                        key=f"loss-notice-event:{event_id}:{policy_id}:{buyer_id}:{user_id}",
                        kind="loss_notice_due",
                        user_id=user_id,
                        params={
                            "event": title,
                            "buyer": buyer_name,
                            "date": deadline.date.isoformat(),
                            "cause": EVENT_CAUSES[kind],
                            "days": days,
                        },
                        url=reverse("claims:notice-new") + f"?target={policy_id}:{buyer_id}",
                        due_date=deadline.date,
                        level="danger",
                    )
                )
    return specs
