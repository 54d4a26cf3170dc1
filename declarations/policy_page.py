"""What was declared under a policy, for the policy's page (the phone's "my policy" shows cover,
limits and this): the policy's totals and its last six months, a month reported nil marked as such.
Registered on ``policies.hooks.POLICY_PAGE_CONTEXT`` in ``DeclarationsConfig.ready``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from declarations.selectors import declarations_visible, nil_declarations_visible
from sinosure_portal.workdays.calendar import today

MONTHS_SHOWN = 6
ZERO = Decimal("0")


def _month_starts(first: date, last: date) -> list[date]:
    """The first days of the months from ``first``'s to ``last``'s, oldest first."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def policy_page_context(*, request, policy) -> dict:
    declared = declarations_visible(request.user).filter(policy=policy)
    totals = declared.aggregate(
        count=Count("id"), amount=Sum("amount_usd"), covered=Sum("covered_usd"), premium=Sum("premium_usd")
    )
    end = min(today(), policy.period_end)
    if end < policy.period_start:
        return {"declared": {"totals": totals, "months": []}}
    months = _month_starts(policy.period_start, end)[-MONTHS_SHOWN:]
    by_month = {
        row["month"]: row
        for row in declared.filter(shipment_date__gte=months[0])
        .annotate(month=TruncMonth("shipment_date"))
        .values("month")
        .annotate(count=Count("id"), amount=Sum("amount_usd"), premium=Sum("premium_usd"))
    }
    nil = set(
        nil_declarations_visible(request.user)
        .filter(policy=policy, month__gte=months[0])
        .values_list("month", flat=True)
    )
    rows = [
        {
            "month": month,
            "count": by_month.get(month, {}).get("count", 0),
            "amount": by_month.get(month, {}).get("amount") or ZERO,
            "premium": by_month.get(month, {}).get("premium") or ZERO,
            "nil": month in nil,
        }
        for month in reversed(months)
    ]
    return {"declared": {"totals": totals, "months": rows}}
