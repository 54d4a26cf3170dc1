"""Statistics of an insured's shipments: declarations by month (nil declarations included), by
country and by buyer with premium, receivables by ageing bucket and the overdue trend."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from declarations import rules, selectors
from declarations.filters import BUCKET_LABELS
from sinosure_portal.accounts.models import Role
from sinosure_portal.core.stats import ChartSpec, StatColumn, localised, stat_section
from sinosure_portal.workdays.calendar import today

INSURED = [Role.EXPORTER]
SHIPPED = pgettext_lazy("statistics", "Shipment date")


def _declared(user, filters):
    return filters.of_policy(filters.dated(selectors.declarations_visible(user), "shipment_date"))


def _sums(qs, *group):
    return (
        qs.values(*group)
        .annotate(
            count=Count("pk"),
            amount=Sum("amount_usd"),
            covered=Sum("covered_usd"),
            premium=Sum("premium_usd"),
        )
        .order_by()
    )


FIGURES = [
    StatColumn("count", _("Declarations"), "count"),
    StatColumn("amount", _("Invoice amount (USD)"), "money"),
    StatColumn("covered", _("Covered (USD)"), "money"),
    StatColumn("premium", _("Premium (USD)"), "money"),
]


def _figures(r) -> dict:
    return {k: r[k] for k in ("count", "amount", "covered", "premium")}


@stat_section(
    key="declarations-by-month",
    title=_("Declarations by month"),
    description=_(
        "Shipments declared by the month they were shipped, with their premium; a month "
        "reported as without shipments counts as a nil declaration."
    ),
    roles=INSURED,
    dated_by=SHIPPED,
    order=30,
    columns=[StatColumn("month", _("Month")), *FIGURES, StatColumn("nil", _("Nil declarations"), "count")],
    chart=ChartSpec(label="month", series=("amount", "premium")),
)
def by_month(user, filters) -> list[dict]:
    months: dict = {}
    for r in _sums(_declared(user, filters).annotate(month=TruncMonth("shipment_date")), "month"):
        months[r["month"]] = {"month": r["month"].strftime("%Y-%m"), **_figures(r), "nil": 0}
    nil = filters.of_policy(selectors.nil_declarations_visible(user))
    if filters.date_from:  # a month counts when it overlaps the range
        nil = nil.filter(month__gte=filters.date_from.replace(day=1))
    if filters.date_to:
        nil = nil.filter(month__lte=filters.date_to)
    for r in nil.values("month").annotate(n=Count("pk")).order_by():
        row = months.setdefault(
            r["month"],
            {
                "month": r["month"].strftime("%Y-%m"),
                "count": 0,
                "amount": Decimal("0"),
                "covered": Decimal("0"),
                "premium": Decimal("0"),
                "nil": 0,
            },
        )
        row["nil"] = r["n"]
    return [months[m] for m in sorted(months)]


@stat_section(
    key="declarations-by-country",
    title=_("Declarations by country"),
    description=_("Shipments declared by the buyer's country, largest first."),
    roles=INSURED,
    dated_by=SHIPPED,
    order=40,
    columns=[StatColumn("country", _("Country")), *FIGURES],
    chart=ChartSpec(label="country", series=("amount",), type="doughnut"),
)
def by_country(user, filters) -> list[dict]:
    rows = _sums(
        _declared(user, filters), "buyer__country_id", "buyer__country__name_zh", "buyer__country__name_en"
    )
    return [
        {"country": localised(r["buyer__country__name_zh"], r["buyer__country__name_en"]), **_figures(r)}
        for r in sorted(rows, key=lambda r: (-r["amount"], r["buyer__country_id"]))
    ]


@stat_section(
    key="declarations-by-buyer",
    title=_("Declarations by buyer"),
    description=_("Shipments declared by buyer, largest first, with the premium they cost."),
    roles=INSURED,
    dated_by=SHIPPED,
    order=50,
    columns=[StatColumn("buyer", _("Buyer")), StatColumn("country", _("Country")), *FIGURES],
    chart=ChartSpec(label="buyer", series=("amount", "premium")),
)
def by_buyer(user, filters) -> list[dict]:
    rows = _sums(
        _declared(user, filters),
        "buyer_id",
        "buyer__name",
        "buyer__name_zh",
        "buyer__name_en",
        "buyer__country__name_zh",
        "buyer__country__name_en",
    )
    return [
        {
            "buyer": localised(r["buyer__name_zh"], r["buyer__name_en"], r["buyer__name"]),
            "country": localised(r["buyer__country__name_zh"], r["buyer__country__name_en"]),
            **_figures(r),
        }
        for r in sorted(rows, key=lambda r: (-r["amount"], r["buyer_id"]))
    ]


@stat_section(
    key="receivables-ageing",
    title=_("Receivables by ageing"),
    description=_("Open receivables (declared, not fully paid, not claimed) by how long they are past due."),
    roles=INSURED,
    dated_by=pgettext_lazy("statistics", "Due date"),
    order=60,
    columns=[
        StatColumn("bucket", _("Ageing")),
        StatColumn("count", _("Invoices"), "count"),
        StatColumn("outstanding", _("Outstanding (USD)"), "money"),
        StatColumn("covered", _("Exposure held (USD)"), "money"),
    ],
    chart=ChartSpec(label="bucket", series=("outstanding",)),
)
def receivables_ageing(user, filters) -> list[dict]:
    qs = filters.of_policy(filters.dated(selectors.receivables(user, today()), "due_date"))
    found = {
        r["bucket"]: r
        for r in qs.order_by()
        .values("bucket")
        .annotate(
            count=Count("pk"), outstanding=Sum(F("amount_usd") - F("paid_usd")), covered=Sum("exposure_usd")
        )
    }
    zero = Decimal("0")
    return [
        {
            "bucket": str(BUCKET_LABELS[key]),
            "count": found.get(key, {}).get("count", 0),
            "outstanding": found.get(key, {}).get("outstanding") or zero,
            "covered": found.get(key, {}).get("covered") or zero,
        }
        for key, _low, _high in rules.AGEING_BUCKETS
    ]


@stat_section(
    key="overdue-trend",
    title=_("Overdue trend"),
    description=_(
        "Invoices by the month they fell due: how many went overdue and what share of the "
        "amount due that was."
    ),
    roles=INSURED,
    dated_by=pgettext_lazy("statistics", "Due date"),
    order=70,
    columns=[
        StatColumn("month", _("Month")),
        StatColumn("due", _("Invoices due"), "count"),
        StatColumn("due_amount", _("Amount due (USD)"), "money"),
        StatColumn("overdue", _("Went overdue"), "count"),
        StatColumn("overdue_amount", _("Amount overdue (USD)"), "money"),
        StatColumn("overdue_share", _("Overdue share"), "percent", total=False),
    ],
    chart=ChartSpec(label="month", series=("overdue_share",), type="line"),
)
def overdue_trend(user, filters) -> list[dict]:
    went_overdue = Q(overdue_since__isnull=False)
    qs = (
        filters.of_policy(filters.dated(selectors.declarations_visible(user), "due_date"))
        .filter(due_date__lt=today())
        .annotate(month=TruncMonth("due_date"))
        .values("month")
        .annotate(
            due=Count("pk"),
            due_amount=Sum("amount_usd"),
            overdue=Count("pk", filter=went_overdue),
            overdue_amount=Sum("amount_usd", filter=went_overdue),
        )
        .order_by("month")
    )
    rows = []
    for r in qs:
        overdue_amount = r["overdue_amount"] or Decimal("0")
        rows.append(
            {
                "month": r["month"].strftime("%Y-%m"),
                "due": r["due"],
                "due_amount": r["due_amount"],
                "overdue": r["overdue"],
                "overdue_amount": overdue_amount,
                "overdue_share": (overdue_amount / r["due_amount"]).quantize(Decimal("0.0001"))
                if r["due_amount"]
                else None,
            }
        )
    return rows
