"""Reads of countries and industry groups, with the insurer's exposure (for staff)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from creditinfo.models import Country, IndustryGroup, RiskEvent
from sinosure_portal.workdays.calendar import today

RECENT_DAYS = 365


def country_list() -> QuerySet[Country]:
    """Countries with the number of open risk events recorded on them in the last year."""
    since = today() - timedelta(days=RECENT_DAYS)
    return Country.objects.annotate(
        open_events=Count(
            "risk_events", filter=Q(risk_events__resolved=False, risk_events__event_date__gte=since)
        )
    ).order_by("code")


def country_get(code: str) -> Country:
    try:
        return Country.objects.get(pk=(code or "").upper())
    except Country.DoesNotExist as exc:
        raise Http404 from exc


def country_recent_events(country: Country, *, limit: int = 30) -> list[RiskEvent]:
    """The country's own events and its buyers' events, latest first."""
    return list(
        RiskEvent.objects.filter(Q(country=country) | Q(buyer__country=country))
        .select_related("buyer", "country", "industry")
        .order_by("-event_date", "-id")[:limit]
    )


def industry_list() -> QuerySet[IndustryGroup]:
    since = today() - timedelta(days=RECENT_DAYS)
    return IndustryGroup.objects.annotate(
        open_events=Count(
            "risk_events", filter=Q(risk_events__resolved=False, risk_events__event_date__gte=since)
        )
    ).order_by("code")


def industry_get(code: str) -> IndustryGroup:
    try:
        return IndustryGroup.objects.get(pk=(code or "").upper())
    except IndustryGroup.DoesNotExist as exc:
        raise Http404 from exc


def industry_recent_events(industry: IndustryGroup, *, limit: int = 30) -> list[RiskEvent]:
    return list(
        RiskEvent.objects.filter(Q(industry=industry) | Q(buyer__industry=industry))
        .select_related("buyer", "country", "industry")
        .order_by("-event_date", "-id")[:limit]
    )


# --- the insurer's exposure --------------------------------------------------------------------
# Exposure lives in the limits app (CreditLimit.exposure_usd, kept by its services). This app
# does not depend on it: when the model or its fields are not there, exposure is unknown (None)
# and the pages show "-".


def _credit_limit_model():
    try:
        model = apps.get_model("limits", "CreditLimit")
    except LookupError:
        return None
    names = {f.name for f in model._meta.get_fields()}
    if not {"exposure_usd", "buyer"} <= names:
        return None
    return model


def country_exposure_usd(country_code: str) -> Decimal | None:
    """The insurer's exposure on buyers of one country: the sum of CreditLimit.exposure_usd."""
    model = _credit_limit_model()
    if model is None:
        return None
    total = model.objects.filter(buyer__country_id=country_code).aggregate(total=Sum("exposure_usd"))["total"]
    return total or Decimal("0")


def exposure_by_country() -> dict[str, Decimal] | None:
    """Exposure per buyer country in one query (None when the limits app has no exposure)."""
    model = _credit_limit_model()
    if model is None:
        return None
    return {
        row["buyer__country_id"]: row["total"] or Decimal("0")
        for row in model.objects.values("buyer__country_id").annotate(total=Sum("exposure_usd"))
    }
