"""Statistics of credit limits: an insured's limit usage and idle limits; the underwriters' exposure
by country, industry and buyer, and how limit applications were decided."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, DateField, F, Sum
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils.translation import gettext_lazy as _

from limits import selectors
from limits.models import CreditLimit, CreditLimitApplication
from sinosure_portal.accounts.models import Role
from sinosure_portal.core.stats import ChartSpec, StatColumn, days_between, localised, mean, stat_section
from sinosure_portal.workdays.calendar import SHANGHAI, today

INSURED = [Role.EXPORTER]
STAFF = [Role.UNDERWRITER, Role.ADMIN]
LIVE = list(CreditLimit.LIVE)


def _ratio(part, whole) -> Decimal | None:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001")) if whole else None


def _live(user, filters):
    return filters.of_policy(selectors.limits_visible(user).filter(status__in=LIVE))


@stat_section(
    key="limit-usage",
    title=_("Limit usage"),
    description=_("Each credit limit in force: approved, used by open shipments and still available."),
    roles=INSURED,
    order=10,
    columns=[
        StatColumn("limit", _("Limit number")),
        StatColumn("buyer", _("Buyer")),
        StatColumn("country", _("Country")),
        StatColumn("amount", _("Amount (USD)"), "money"),
        StatColumn("exposure", _("Exposure (USD)"), "money"),
        StatColumn("available", _("Available (USD)"), "money"),
        StatColumn("usage", _("Usage"), "percent"),
    ],
    chart=ChartSpec(label="buyer", series=("exposure", "available"), stacked=True),
)
def limit_usage(user, filters) -> list[dict]:
    rows = []
    for limit in selectors.with_available(_live(user, filters)).order_by("-amount_usd", "id"):
        rows.append(
            {
                "limit": limit.number or "",
                "buyer": limit.buyer.display_name,
                "country": limit.buyer.country.name,
                "amount": limit.amount_usd,
                "exposure": limit.exposure_usd,
                "available": limit.available,
                "usage": _ratio(limit.exposure_usd, limit.amount_usd),
            }
        )
    return rows


@stat_section(
    key="idle-limits",
    title=_("Idle limits"),
    description=_(
        "Limits in force with nothing declared outstanding on them, longest idle first. "
        "A limit left idle for the policy's period is reminded, then revoked."
    ),
    roles=[*INSURED, *STAFF],
    order=20,
    columns=[
        StatColumn("limit", _("Limit number")),
        StatColumn("insured", _("Insured")),
        StatColumn("buyer", _("Buyer")),
        StatColumn("amount", _("Amount (USD)"), "money"),
        StatColumn("idle_since", _("Idle since"), "date"),
        StatColumn("idle_days", _("Days idle"), "days", total=False),
        StatColumn("reminded", _("Idle reminder sent on"), "date"),
    ],
    chart=ChartSpec(label="buyer", series=("idle_days",)),
)
def idle_limits(user, filters) -> list[dict]:
    on = today()
    qs = (
        _live(user, filters)
        .filter(exposure_usd=0)
        .annotate(
            idle_since=Coalesce(
                TruncDate("last_used_at", tzinfo=SHANGHAI), F("effective_date"), output_field=DateField()
            )
        )
        .order_by("idle_since", "id")
    )
    return [
        {
            "limit": limit.number or "",
            "insured": localised(limit.organisation.name_zh, limit.organisation.name_en),
            "buyer": limit.buyer.display_name,
            "amount": limit.amount_usd,
            "idle_since": limit.idle_since,
            "idle_days": days_between(limit.idle_since, on),
            "reminded": limit.idle_notice_date,
        }
        for limit in qs
    ]


def _exposure_rows(user, filters, group: tuple[str, ...]):
    return (
        _live(user, filters)
        .values(*group)
        .annotate(
            limits=Count("pk"),
            amount=Sum("amount_usd"),
            exposure=Sum("exposure_usd"),
            insureds=Count("organisation_id", distinct=True),
        )
        .order_by("-exposure", "-amount", *group)
    )


EXPOSURE_COLUMNS = [
    StatColumn("limits", _("Limits"), "count"),
    StatColumn("insureds", _("Insureds"), "count", total=False),
    StatColumn("amount", _("Amount (USD)"), "money"),
    StatColumn("exposure", _("Exposure (USD)"), "money"),
    StatColumn("share", _("Share of exposure"), "percent", total=False),
]


def _with_share(rows: list[dict]) -> list[dict]:
    whole = sum((r["exposure"] for r in rows), Decimal("0"))
    for r in rows:
        r["share"] = _ratio(r["exposure"], whole)
    return rows


@stat_section(
    key="exposure-by-country",
    title=_("Exposure by country"),
    description=_("Limits in force and the exposure on them, by the buyer's country, largest first."),
    roles=STAFF,
    order=110,
    columns=[
        StatColumn("country", _("Country")),
        StatColumn("risk_class", _("Country class")),
        *EXPOSURE_COLUMNS,
    ],
    chart=ChartSpec(label="country", series=("amount", "exposure")),
)
def exposure_by_country(user, filters) -> list[dict]:
    group = (
        "buyer__country_id",
        "buyer__country__name_zh",
        "buyer__country__name_en",
        "buyer__country__risk_class",
    )
    return _with_share(
        [
            {
                "country": localised(r["buyer__country__name_zh"], r["buyer__country__name_en"]),
                "risk_class": str(r["buyer__country__risk_class"]),
                **{k: r[k] for k in ("limits", "insureds", "amount", "exposure")},
            }
            for r in _exposure_rows(user, filters, group)
        ]
    )


@stat_section(
    key="exposure-by-industry",
    title=_("Exposure by industry"),
    description=_("Limits in force and the exposure on them, by the buyer's industry group."),
    roles=STAFF,
    order=120,
    columns=[StatColumn("industry", _("Industry")), *EXPOSURE_COLUMNS],
    chart=ChartSpec(label="industry", series=("exposure",), type="doughnut"),
)
def exposure_by_industry(user, filters) -> list[dict]:
    group = ("buyer__industry_id", "buyer__industry__name_zh", "buyer__industry__name_en")
    return _with_share(
        [
            {
                "industry": localised(r["buyer__industry__name_zh"], r["buyer__industry__name_en"])
                or str(_("Not classified")),
                **{k: r[k] for k in ("limits", "insureds", "amount", "exposure")},
            }
            for r in _exposure_rows(user, filters, group)
        ]
    )


@stat_section(
    key="exposure-by-buyer",
    title=_("Exposure by buyer"),
    description=_("The buyers carrying the most exposure across every insured (concentration)."),
    roles=STAFF,
    order=130,
    columns=[StatColumn("buyer", _("Buyer")), StatColumn("country", _("Country")), *EXPOSURE_COLUMNS],
    chart=ChartSpec(label="buyer", series=("amount", "exposure")),
)
def exposure_by_buyer(user, filters) -> list[dict]:
    group = (
        "buyer_id",
        "buyer__name",
        "buyer__name_zh",
        "buyer__name_en",
        "buyer__country__name_zh",
        "buyer__country__name_en",
    )
    return _with_share(
        [
            {
                "buyer": localised(r["buyer__name_zh"], r["buyer__name_en"], r["buyer__name"]),
                "country": localised(r["buyer__country__name_zh"], r["buyer__country__name_en"]),
                **{k: r[k] for k in ("limits", "insureds", "amount", "exposure")},
            }
            for r in _exposure_rows(user, filters, group)
        ]
    )


DECIDED = [
    CreditLimitApplication.Status.APPROVED,
    CreditLimitApplication.Status.PARTLY_APPROVED,
    CreditLimitApplication.Status.REJECTED,
]


@stat_section(
    key="limit-decisions",
    title=_("Limit decisions"),
    description=_(
        "Limit applications decided each month: how many were approved, how many a rule "
        "decided automatically, and how long a decision took from submission."
    ),
    roles=STAFF,
    dated_by=_("Decision date"),
    order=140,
    columns=[
        StatColumn("month", _("Month")),
        StatColumn("decided", _("Applications decided"), "count"),
        StatColumn("approved", _("Approved"), "count"),
        StatColumn("rejected", _("Rejected"), "count"),
        StatColumn("automatic", _("Decided automatically"), "count"),
        StatColumn("automatic_share", _("Automatic share"), "percent", total=False),
        StatColumn("amount_approved", _("Amount approved (USD)"), "money"),
        StatColumn("days_to_decide", _("Average days to decide"), "days", total=False),
    ],
    chart=ChartSpec(label="month", series=("approved", "rejected"), stacked=True),
)
def limit_decisions(user, filters) -> list[dict]:
    qs = filters.of_policy(
        filters.dated(
            selectors.limit_applications_visible(user).filter(status__in=DECIDED, decided_at__isnull=False),
            "decided_at__date",
        )
    ).annotate(month=TruncMonth("decided_at", tzinfo=SHANGHAI))
    months: dict = defaultdict(list)
    for a in qs.select_related(None).only(
        "status", "auto_decided", "approved_amount_usd", "created_at", "decided_at"
    ):
        months[a.month.date() if hasattr(a.month, "date") else a.month].append(a)
    rows = []
    for month in sorted(months):
        apps = months[month]
        approved = [a for a in apps if a.status != CreditLimitApplication.Status.REJECTED]
        automatic = sum(1 for a in apps if a.auto_decided)
        rows.append(
            {
                "month": month.strftime("%Y-%m"),
                "decided": len(apps),
                "approved": len(approved),
                "rejected": len(apps) - len(approved),
                "automatic": automatic,
                "automatic_share": _ratio(automatic, len(apps)),
                "amount_approved": sum(
                    (a.approved_amount_usd or Decimal("0") for a in approved), Decimal("0")
                ),
                "days_to_decide": mean(days_between(a.created_at, a.decided_at) for a in apps),
            }
        )
    return rows
