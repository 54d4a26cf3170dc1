"""Statistics of financing for a bank: what it lent each month and what its loans stand on (the
covered receivables by buyer and by borrower). A bank counts only its own loans."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from financing import selectors
from financing.models import IndemnityAssignment, Loan, LoanReceivable
from sinosure_portal.accounts.models import Role
from sinosure_portal.core.stats import ChartSpec, StatColumn, localised, policy_choices_register, stat_section

BANKS = [Role.BANK, Role.ADMIN]
LENT = pgettext_lazy("statistics", "Loan date")


def _policies_of_bank(user) -> list[tuple[int, str]]:
    """A bank filters by the policies whose receivables it may finance (agreements with it)."""
    if user.role != Role.BANK or not user.organisation_id:
        return []
    return list(
        IndemnityAssignment.objects.filter(bank_id=user.organisation_id, policy__number__isnull=False)
        .order_by("policy__number")
        .values_list("policy_id", "policy__number")
        .distinct()
    )


policy_choices_register(_policies_of_bank)


def _loans(user, filters):
    qs = filters.dated(selectors.loans_visible(user), "loan_date")
    if filters.policy:
        qs = qs.filter(
            pk__in=LoanReceivable.objects.filter(declaration__policy_id=filters.policy).values("loan_id")
        )
    return qs


@stat_section(
    key="financed-by-month",
    title=_("Loans by month"),
    description=_(
        "Loans registered against covered receivables each month: the amount lent and the "
        "most the receivables allowed (financeable)."
    ),
    roles=BANKS,
    dated_by=LENT,
    order=310,
    columns=[
        StatColumn("month", _("Month")),
        StatColumn("loans", _("Loans"), "count"),
        StatColumn("amount", _("Amount lent (USD)"), "money"),
        StatColumn("financeable", _("Financeable (USD)"), "money"),
        StatColumn("open", _("Still open"), "count"),
        StatColumn("open_amount", _("Open amount (USD)"), "money"),
    ],
    chart=ChartSpec(label="month", series=("amount", "financeable")),
)
def financed_by_month(user, filters) -> list[dict]:
    is_open = Q(status=Loan.Status.OPEN)
    rows = (
        _loans(user, filters)
        .annotate(month=TruncMonth("loan_date"))
        .values("month")
        .annotate(
            loans=Count("pk"),
            amount=Sum("amount_usd"),
            financeable=Sum("financeable_usd"),
            open=Count("pk", filter=is_open),
            open_amount=Sum("amount_usd", filter=is_open),
        )
        .order_by("month")
    )
    return [
        {**r, "month": r["month"].strftime("%Y-%m"), "open_amount": r["open_amount"] or Decimal("0")}
        for r in rows
    ]


def _receivables(user, filters):
    return LoanReceivable.objects.filter(loan__in=_loans(user, filters).values("pk"))


COVER = [
    StatColumn("receivables", _("Receivables financed"), "count"),
    StatColumn("invoiced", _("Invoice amount (USD)"), "money"),
    StatColumn("covered", _("Covered (USD)"), "money"),
    StatColumn("financeable", _("Financeable (USD)"), "money"),
]


def _cover(r) -> dict:
    return {k: r[k] for k in ("receivables", "invoiced", "covered", "financeable")}


def _cover_sums(qs, *group):
    return (
        qs.values(*group)
        .annotate(
            receivables=Count("pk"),
            invoiced=Sum("declaration__amount_usd"),
            covered=Sum("covered_usd"),
            financeable=Sum("financeable_usd"),
        )
        .order_by("-covered", *group)
    )


@stat_section(
    key="financing-cover-by-buyer",
    title=_("What the loans cover, by buyer"),
    description=_("The insured receivables your loans stand on, by the foreign buyer who owes them."),
    roles=BANKS,
    dated_by=LENT,
    order=320,
    columns=[StatColumn("buyer", _("Buyer")), StatColumn("country", _("Country")), *COVER],
    chart=ChartSpec(label="buyer", series=("covered", "financeable")),
)
def cover_by_buyer(user, filters) -> list[dict]:
    group = (
        "declaration__buyer_id",
        "declaration__buyer__name",
        "declaration__buyer__name_zh",
        "declaration__buyer__name_en",
        "declaration__buyer__country__name_zh",
        "declaration__buyer__country__name_en",
    )
    return [
        {
            "buyer": localised(
                r["declaration__buyer__name_zh"],
                r["declaration__buyer__name_en"],
                r["declaration__buyer__name"],
            ),
            "country": localised(
                r["declaration__buyer__country__name_zh"], r["declaration__buyer__country__name_en"]
            ),
            **_cover(r),
        }
        for r in _cover_sums(_receivables(user, filters), *group)
    ]


@stat_section(
    key="financing-cover-by-borrower",
    title=_("What the loans cover, by borrower"),
    description=_("The insured receivables your loans stand on, by the exporter who borrowed."),
    roles=BANKS,
    dated_by=LENT,
    order=330,
    columns=[StatColumn("borrower", _("Borrower")), *COVER],
    chart=ChartSpec(label="borrower", series=("covered",), type="doughnut"),
)
def cover_by_borrower(user, filters) -> list[dict]:
    group = ("loan__organisation_id", "loan__organisation__name_zh", "loan__organisation__name_en")
    return [
        {
            "borrower": localised(r["loan__organisation__name_zh"], r["loan__organisation__name_en"]),
            **_cover(r),
        }
        for r in _cover_sums(_receivables(user, filters), *group)
    ]
