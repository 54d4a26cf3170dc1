"""Every read of credit limits, scoped to what the user may see (another organisation's limit or
application is not found: 404), plus the questions the declarations issue asks:
``limit_in_force_for(policy, buyer)``, ``limit_terms_on(limit, shipment_date)`` and the exposure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest

from limits import rules
from limits.models import CreditLimit, CreditLimitApplication, LimitAutoRule
from sinosure_portal.accounts.access import get_visible_or_404, scope_to_organisation

ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=18, decimal_places=2))
LIVE = list(CreditLimit.LIVE)


def with_available(qs: QuerySet[CreditLimit]) -> QuerySet[CreditLimit]:
    """Annotate ``available`` = amount - exposure, not below zero, and zero for an ended limit."""
    return qs.annotate(
        available=Case(
            When(status__in=LIVE, then=Greatest(F("amount_usd") - F("exposure_usd"), ZERO)),
            default=ZERO,
            output_field=DecimalField(max_digits=18, decimal_places=2),
        )
    )


def limits_visible(user) -> QuerySet[CreditLimit]:
    return scope_to_organisation(
        CreditLimit.objects.select_related(
            "policy", "organisation", "buyer", "buyer__country", "issuing_bank"
        ),
        user,
    )


def limit_get(user, pk: int) -> CreditLimit:
    return get_visible_or_404(limits_visible(user), pk=pk)


def limit_applications_visible(user) -> QuerySet[CreditLimitApplication]:
    return scope_to_organisation(
        CreditLimitApplication.objects.select_related(
            "policy", "organisation", "buyer", "buyer__country", "issuing_bank", "decided_by"
        ),
        user,
    )


def limit_application_get(user, pk: int) -> CreditLimitApplication:
    return get_visible_or_404(limit_applications_visible(user), pk=pk)


def _sum_over_live(field: str, *, same_org: bool):
    live = CreditLimit.objects.filter(status__in=LIVE, buyer_id=OuterRef("buyer_id"))
    if same_org:
        live = live.filter(organisation_id=OuterRef("organisation_id"))
    total = live.order_by().values("buyer_id").annotate(total=Sum(field)).values("total")[:1]
    return Coalesce(Subquery(total, output_field=DecimalField(max_digits=18, decimal_places=2)), ZERO)


def with_buyer_exposure(qs: QuerySet) -> QuerySet:
    """Annotate rows that have ``buyer`` and ``organisation`` with what is committed on that buyer:
    the insured's own live limits and exposure, and the insurer's over every insured."""
    return qs.annotate(
        own_limits_usd=_sum_over_live("amount_usd", same_org=True),
        own_exposure_usd=_sum_over_live("exposure_usd", same_org=True),
        total_limits_usd=_sum_over_live("amount_usd", same_org=False),
        total_exposure_usd=_sum_over_live("exposure_usd", same_org=False),
    )


def limit_queue(user) -> QuerySet[CreditLimitApplication]:
    """The underwriter queue: pending applications, oldest first, with the buyer's light and reason,
    the country class and the exposure on the buyer (one query, however long the page)."""
    return with_buyer_exposure(
        limit_applications_visible(user).filter(status__in=CreditLimitApplication.PENDING)
    ).order_by("created_at", "id")


# --- for the declarations issue -----------------------------------------------------------------------


def limit_in_force_for(policy, buyer) -> CreditLimit | None:
    """The live limit on (policy, buyer), if any (at most one: a partial unique index)."""
    return CreditLimit.objects.filter(
        policy_id=getattr(policy, "pk", policy), buyer_id=getattr(buyer, "pk", buyer), status__in=LIVE
    ).first()


def limit_terms_on(limit: CreditLimit, shipment_date: date) -> rules.LimitTerms | None:
    """The amount, payment terms and longest credit period that applied to a shipment made on
    ``shipment_date`` (None before the effective date; amount zero after a cancellation)."""
    from limits.services import change_facts

    return rules.terms_on(change_facts(limit.pk), shipment_date)


def limit_available(limit: CreditLimit) -> Decimal:
    return limit.available_usd


def buyer_exposure(buyer_id: int, *, organisation_id: int | None = None) -> dict[str, Decimal]:
    qs = CreditLimit.objects.filter(buyer_id=buyer_id, status__in=LIVE)
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    totals = qs.aggregate(
        limits=Coalesce(Sum("amount_usd"), ZERO), exposure=Coalesce(Sum("exposure_usd"), ZERO)
    )
    return {"limits_usd": totals["limits"], "exposure_usd": totals["exposure"]}


def exposure_by_country(user, *, top: int = 8) -> list[dict]:
    """Live limit amounts and exposure by the buyer's country, largest first (underwriters' chart)."""
    return list(
        limits_visible(user)
        .filter(status__in=LIVE)
        .values(
            "buyer__country_id",
            "buyer__country__name_zh",
            "buyer__country__name_en",
            "buyer__country__risk_class",
        )
        .annotate(limits=Sum("amount_usd"), exposure=Sum("exposure_usd"), count=Count("pk"))
        .order_by("-limits")[:top]
    )


def limit_counts(user) -> dict:
    return limits_visible(user).aggregate(
        live=Count("pk", filter=Q(status__in=LIVE)),
        amount=Coalesce(Sum("amount_usd", filter=Q(status__in=LIVE)), ZERO),
        exposure=Coalesce(Sum("exposure_usd", filter=Q(status__in=LIVE)), ZERO),
    )


def auto_rules() -> QuerySet[LimitAutoRule]:
    return LimitAutoRule.objects.all()
