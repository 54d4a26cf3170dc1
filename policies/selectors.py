"""Every read of policies used by pages, the API and other apps, scoped to what the user may see:
another organisation's policy or application is simply not found (404)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from policies import rules
from policies.errors import error
from policies.models import Policy, PolicyApplication, PremiumInvoice, PremiumRate
from sinosure_portal.accounts.access import get_visible_or_404, is_insurer, scope_to_organisation


def policies_visible(user) -> QuerySet[Policy]:
    return scope_to_organisation(Policy.objects.select_related("organisation", "renewed_from"), user)


def policy_get(user, pk: int) -> Policy:
    return get_visible_or_404(policies_visible(user), pk=pk)


def policy_applications_visible(user) -> QuerySet[PolicyApplication]:
    qs = scope_to_organisation(
        PolicyApplication.objects.select_related("organisation", "renewal_of", "policy"), user
    )
    if is_insurer(user):
        # a draft is the applicant's own work until it is confirmed
        qs = qs.exclude(status=PolicyApplication.Status.DRAFT)
    return qs


def policy_application_get(user, pk: int) -> PolicyApplication:
    return get_visible_or_404(policy_applications_visible(user), pk=pk)


def policy_application_queue() -> QuerySet[PolicyApplication]:
    return (
        PolicyApplication.objects.select_related("organisation")
        .filter(status__in=[PolicyApplication.Status.SUBMITTED, PolicyApplication.Status.UNDER_REVIEW])
        .order_by("submitted_at", "id")
    )


def premium_invoices_visible(user) -> QuerySet[PremiumInvoice]:
    return scope_to_organisation(
        PremiumInvoice.objects.select_related("policy", "policy__organisation"),
        user,
        field="policy__organisation",
    )


def policies_open_for_limits(user) -> QuerySet[Policy]:
    """The user's policies under which credit limits may be asked for today: in force, not ended."""
    from sinosure_portal.workdays.calendar import today

    return (
        scope_to_organisation(Policy.objects.select_related("organisation"), user)
        .filter(status=Policy.Status.ACTIVE, period_end__gte=today())
        .order_by("-period_start")
    )


def policy_counts(user) -> dict[str, int]:
    qs = policies_visible(user)
    return qs.aggregate(
        active=Count("pk", filter=Q(status=Policy.Status.ACTIVE)),
        total=Count("pk"),
    )


def rate_matrix(policy: Policy) -> dict:
    """The rate table laid out for reading: one line per (country classes, payment term), one column
    per credit-period band."""
    rates = list(policy.rates.all())
    bands = sorted({(r.credit_days_from, r.credit_days_to) for r in rates})
    lines: dict[tuple, dict] = {}
    for r in rates:
        key = (r.country_class_from, r.country_class_to, r.payment_term)
        line = lines.setdefault(
            key,
            {
                "classes": f"{r.country_class_from}-{r.country_class_to}"
                if r.country_class_from != r.country_class_to
                else str(r.country_class_from),
                "term": r.get_payment_term_display() if r.payment_term else _("any"),
                "rates": {},
            },
        )
        line["rates"][(r.credit_days_from, r.credit_days_to)] = r.rate
    ordered = [
        lines[k] for k in sorted(lines, key=lambda k: (k[0], k[1], ("", "LC", "DP", "DA", "OA").index(k[2])))
    ]
    for line in ordered:
        line["cells"] = [line["rates"].get(band) for band in bands]
    return {"bands": [f"{a}-{b}" for a, b in bands], "lines": ordered}


def premium_rate_for(policy: Policy, *, country_class: int, payment_term: str, credit_days: int) -> Decimal:
    """The premium rate of a shipment (for the declarations issue). A missing row is refused."""
    rows = [
        rate_row(r)
        for r in PremiumRate.objects.filter(
            policy=policy, country_class_from__lte=country_class, country_class_to__gte=country_class
        )
    ]
    rate = rules.premium_rate(
        rows, country_class=country_class, payment_term=payment_term, credit_days=credit_days
    )
    if rate is None:
        raise error(
            "premium_rate_missing",
            field="payment_term",
            number=policy.number,
            cls=country_class,
            term=payment_term,
            days=credit_days,
        )
    return rate


def policy_covering(organisation_id: int, on: date, *, product: str | None = None) -> Policy | None:
    """The organisation's policy whose period covers the date (for the next issues)."""
    qs = Policy.objects.filter(
        organisation_id=organisation_id, period_start__lte=on, period_end__gte=on
    ).exclude(status=Policy.Status.CANCELLED)
    if product:
        qs = qs.filter(product=product)
    return qs.order_by("-period_start").first()


def rate_row(rate: PremiumRate) -> rules.RateRow:
    """A stored rate row as the pure rules read it."""
    return rules.RateRow(
        rate.country_class_from,
        rate.country_class_to,
        rate.payment_term,
        rate.credit_days_from,
        rate.credit_days_to,
        rate.rate,
    )


def rate_rows(policy: Policy) -> list[rules.RateRow]:
    return [rate_row(r) for r in policy.rates.all()]
