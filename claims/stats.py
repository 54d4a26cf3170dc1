"""Statistics of possible losses and claims: an insured's notices and claims with amounts and cycle
times; the claims officers' claims by stage, age and outcome, indemnities paid and recoveries."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from claims import selectors
from claims.models import Claim, IndemnityPayment, PossibleLossNotice
from sinosure_portal.accounts.access import scope_to_organisation
from sinosure_portal.accounts.models import Role
from sinosure_portal.core.stats import ChartSpec, StatColumn, days_between, mean, stat_section
from sinosure_portal.workdays.calendar import SHANGHAI, today

OFFICERS = [Role.CLAIMS, Role.ADMIN]
FILED = pgettext_lazy("statistics", "Filing date")
ZERO = Decimal("0")


def _ratio(part, whole) -> Decimal | None:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001")) if whole else None


def _claims(user, filters):
    return filters.of_policy(filters.dated(selectors.claims_visible(user), "filed_on"))


@stat_section(
    key="loss-notices",
    title=_("Possible-loss notices"),
    description=_(
        "Notices of a possible loss by where they stand, with the amount at risk and how "
        "long the insurer took to acknowledge them."
    ),
    roles=[Role.EXPORTER, *OFFICERS],
    dated_by=pgettext_lazy("statistics", "Notice date"),
    order=80,
    columns=[
        StatColumn("status", _("Status")),
        StatColumn("count", _("Notices"), "count"),
        StatColumn("at_risk", _("Amount at risk (USD)"), "money"),
        StatColumn("days_to_acknowledge", _("Average days to acknowledge"), "days", total=False),
    ],
    chart=ChartSpec(label="status", series=("at_risk",)),
)
def loss_notices(user, filters) -> list[dict]:
    qs = filters.of_policy(filters.dated(selectors.notices_visible(user), "notified_on"))
    groups: dict = defaultdict(list)
    for n in qs.select_related(None).only("status", "amount_at_risk_usd", "created_at", "acknowledged_at"):
        groups[n.status].append(n)
    return [
        {
            "status": str(label),
            "count": len(groups[value]),
            "at_risk": sum((n.amount_at_risk_usd for n in groups[value]), ZERO),
            "days_to_acknowledge": mean(days_between(n.created_at, n.acknowledged_at) for n in groups[value]),
        }
        for value, label in PossibleLossNotice.Status.choices
        if groups[value]
    ]


@stat_section(
    key="claims-by-stage",
    title=_("Claims by stage"),
    description=_(
        "Claims by where they stand, with the amounts claimed and indemnified, and the average "
        "days from filing to decision and to payment."
    ),
    roles=[Role.EXPORTER, *OFFICERS],
    dated_by=FILED,
    order=90,
    columns=[
        StatColumn("status", _("Status")),
        StatColumn("count", _("Claims"), "count"),
        StatColumn("claimed", _("Amount claimed (USD)"), "money"),
        StatColumn("indemnity", _("Indemnity (USD)"), "money"),
        StatColumn("days_to_decide", _("Average days to decide"), "days", total=False),
        StatColumn("days_to_pay", _("Average days to payment"), "days", total=False),
    ],
    chart=ChartSpec(label="status", series=("claimed", "indemnity")),
)
def claims_by_stage(user, filters) -> list[dict]:
    groups: dict = defaultdict(list)
    fields = ("status", "claimed_usd", "indemnity_usd", "filed_on", "decided_at", "paid_on")
    for c in _claims(user, filters).select_related(None).only(*fields):
        groups[c.status].append(c)
    return [
        {
            "status": str(label),
            "count": len(groups[value]),
            "claimed": sum((c.claimed_usd for c in groups[value]), ZERO),
            "indemnity": sum((c.indemnity_usd or ZERO for c in groups[value]), ZERO),
            "days_to_decide": mean(
                days_between(c.filed_on, localtime(c.decided_at, SHANGHAI).date()) if c.decided_at else None
                for c in groups[value]
            ),
            "days_to_pay": mean(days_between(c.filed_on, c.paid_on) for c in groups[value]),
        }
        for value, label in Claim.Status.choices
        if groups[value]
    ]


AGE_BUCKETS = ((0, 30), (31, 60), (61, 90), (91, 180), (181, None))


@stat_section(
    key="claims-by-age",
    title=_("Open claims by age"),
    description=_("Claims not yet paid, closed, denied or withdrawn, by the days since they were filed."),
    roles=OFFICERS,
    dated_by=FILED,
    order=210,
    columns=[
        StatColumn("age", _("Days since filing")),
        StatColumn("count", _("Claims"), "count"),
        StatColumn("undecided", _("Not yet decided"), "count"),
        StatColumn("claimed", _("Amount claimed (USD)"), "money"),
    ],
    chart=ChartSpec(label="age", series=("count", "undecided")),
)
def claims_by_age(user, filters) -> list[dict]:
    on = today()
    rows = []
    claims = list(
        _claims(user, filters)
        .filter(status__in=list(Claim.OPEN))
        .select_related(None)
        .only("status", "claimed_usd", "filed_on")
    )
    for low, high in AGE_BUCKETS:
        inside = [
            c
            for c in claims
            if (on - c.filed_on).days >= low and (high is None or (on - c.filed_on).days <= high)
        ]
        rows.append(
            {
                "age": f"{low}-{high}" if high is not None else f"> {low - 1}",
                "count": len(inside),
                "undecided": sum(1 for c in inside if c.status in Claim.UNDECIDED),
                "claimed": sum((c.claimed_usd for c in inside), ZERO),
            }
        )
    return rows


OUTCOMES = {
    Claim.Status.APPROVED: Claim.Status.APPROVED,
    Claim.Status.PARTLY_APPROVED: Claim.Status.PARTLY_APPROVED,
    Claim.Status.DENIED: Claim.Status.DENIED,
    Claim.Status.WITHDRAWN: Claim.Status.WITHDRAWN,
}
# after the decision a claim moves on (notice, receipt, payment, closing): it keeps its outcome
PAID_ON = (
    Claim.Status.NOTICE_ISSUED,
    Claim.Status.RECEIPT_RETURNED,
    Claim.Status.PAYMENT_APPROVED,
    Claim.Status.PAID,
    Claim.Status.CLOSED,
)


def _outcome(claim: Claim) -> str | None:
    if claim.status in OUTCOMES:
        return claim.status
    if claim.status in PAID_ON:
        if claim.indemnity_usd is None or claim.indemnity_usd == 0:
            return Claim.Status.DENIED if claim.status == Claim.Status.CLOSED else None
        if claim.indemnity_usd < claim.claimed_usd:
            return Claim.Status.PARTLY_APPROVED
        return Claim.Status.APPROVED
    return None


@stat_section(
    key="claims-by-outcome",
    title=_("Claims by outcome"),
    description=_(
        "Decided claims by their outcome: the amounts claimed and indemnified and the share "
        "of the claimed amount indemnified."
    ),
    roles=OFFICERS,
    dated_by=FILED,
    order=220,
    columns=[
        StatColumn("outcome", _("Outcome")),
        StatColumn("count", _("Claims"), "count"),
        StatColumn("claimed", _("Amount claimed (USD)"), "money"),
        StatColumn("indemnity", _("Indemnity (USD)"), "money"),
        StatColumn("indemnified_share", _("Indemnified share"), "percent", total=False),
    ],
    chart=ChartSpec(label="outcome", series=("count",), type="doughnut"),
)
def claims_by_outcome(user, filters) -> list[dict]:
    groups: dict = defaultdict(list)
    for c in _claims(user, filters).select_related(None).only("status", "claimed_usd", "indemnity_usd"):
        outcome = _outcome(c)
        if outcome:
            groups[outcome].append(c)
    rows = []
    for value in OUTCOMES:
        if not groups[value]:
            continue
        claimed = sum((c.claimed_usd for c in groups[value]), ZERO)
        indemnity = sum((c.indemnity_usd or ZERO for c in groups[value]), ZERO)
        rows.append(
            {
                "outcome": str(Claim.Status(value).label),
                "count": len(groups[value]),
                "claimed": claimed,
                "indemnity": indemnity,
                "indemnified_share": _ratio(indemnity, claimed),
            }
        )
    return rows


@stat_section(
    key="indemnities-recoveries",
    title=_("Indemnities and recoveries"),
    description=_(
        "Indemnities paid and money recovered from buyers each month, with the insurer's "
        "and the insured's shares of recoveries after payment."
    ),
    roles=OFFICERS,
    dated_by=pgettext_lazy("statistics", "Payment or recovery date"),
    order=230,
    columns=[
        StatColumn("month", _("Month")),
        StatColumn("indemnities", _("Indemnity payments"), "count"),
        StatColumn("paid", _("Indemnity paid (USD)"), "money"),
        StatColumn("recovered", _("Recovered, net of costs (USD)"), "money"),
        StatColumn("insurer_share", _("Insurer's share (USD)"), "money"),
        StatColumn("insured_share", _("Insured's share (USD)"), "money"),
    ],
    chart=ChartSpec(label="month", series=("paid", "recovered")),
)
def indemnities_recoveries(user, filters) -> list[dict]:
    months: dict = {}

    def row(day):
        key = day.strftime("%Y-%m")
        return months.setdefault(
            key,
            {
                "month": key,
                "indemnities": 0,
                "paid": ZERO,
                "recovered": ZERO,
                "insurer_share": ZERO,
                "insured_share": ZERO,
            },
        )

    payments = scope_to_organisation(IndemnityPayment.objects.all(), user, field="claim__organisation")
    for p in filters.of_policy(filters.dated(payments, "paid_on")).only("paid_on", "amount_usd"):
        r = row(p.paid_on)
        r["indemnities"] += 1
        r["paid"] += p.amount_usd
    recoveries = filters.of_policy(
        filters.dated(selectors.recoveries_visible(user).filter(reversed_at__isnull=True), "received_on"),
        "claim__policy",
    )
    for rec in recoveries.select_related(None).only(
        "received_on", "net_usd", "insurer_share_usd", "insured_share_usd"
    ):
        r = row(rec.received_on)
        r["recovered"] += rec.net_usd
        r["insurer_share"] += rec.insurer_share_usd
        r["insured_share"] += rec.insured_share_usd
    return [months[k] for k in sorted(months)]
