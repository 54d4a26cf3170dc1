"""Reads of the alert feed (资信报警器) and of what a user follows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from creditinfo.models import RiskEvent, Subscription, normalise_name


def subscriptions_of(user) -> QuerySet[Subscription]:
    return Subscription.objects.filter(user=user).select_related("country", "industry", "buyer__country")


@dataclass(frozen=True)
class Followed:
    countries: frozenset[str]
    industries: frozenset[str]
    buyers: frozenset[int]
    by_subject: dict  # (kind, id) -> subscription id, for the unfollow buttons

    def subscription_id(self, kind: str, key) -> int | None:
        return self.by_subject.get((kind, key))


def followed_by(user) -> Followed:
    rows = list(
        Subscription.objects.filter(user=user).values_list("pk", "country_id", "industry_id", "buyer_id")
    )
    by_subject = {}
    for pk, country, industry, buyer in rows:
        if country:
            by_subject[("country", country)] = pk
        elif industry:
            by_subject[("industry", industry)] = pk
        else:
            by_subject[("buyer", buyer)] = pk
    return Followed(
        countries=frozenset(c for _p, c, _i, _b in rows if c),
        industries=frozenset(i for _p, _c, i, _b in rows if i),
        buyers=frozenset(b for _p, _c, _i, b in rows if b),
        by_subject=by_subject,
    )


def feed_by_country(qs: QuerySet, code: str) -> QuerySet:
    """A country's own events and its buyers' events."""
    return qs.filter(Q(country_id=code.upper()) | Q(buyer__country_id=code.upper()))


def feed_by_industry(qs: QuerySet, code: str) -> QuerySet:
    return qs.filter(Q(industry_id=code.upper()) | Q(buyer__industry_id=code.upper()))


def feed_by_company(qs: QuerySet, text: str) -> QuerySet:
    """Events of buyers whose name, in any form, contains the text."""
    norm = normalise_name(text or "")
    return qs.filter(buyer__search_text__contains=norm) if norm else qs


def feed_followed_by(qs: QuerySet, user) -> QuerySet:
    """Events on what the user follows: the same subjects the user is alerted about."""
    subs = Subscription.objects.filter(user=user)
    return qs.filter(
        Q(buyer_id__in=subs.filter(buyer__isnull=False).values("buyer_id"))
        | Q(country_id__in=subs.filter(country__isnull=False).values("country_id"))
        | Q(industry_id__in=subs.filter(industry__isnull=False).values("industry_id"))
    )


def risk_event_feed(
    *,
    user,
    country: str | None = None,
    industry: str | None = None,
    company: str | None = None,
    buyer_id: int | None = None,
    kind: str | None = None,
    followed_only: bool = False,
) -> QuerySet[RiskEvent]:
    """Recent risk events, latest first. Every signed-in user sees them (credit information is
    shared); the filters are those of the feed page and API."""
    qs = RiskEvent.objects.select_related("buyer__country", "country", "industry", "recorded_by")
    if country:
        qs = feed_by_country(qs, country)
    if industry:
        qs = feed_by_industry(qs, industry)
    if buyer_id:
        qs = qs.filter(buyer_id=buyer_id)
    if company:
        qs = feed_by_company(qs, company)
    if kind:
        qs = qs.filter(kind=kind)
    if followed_only:
        qs = feed_followed_by(qs, user)
    return qs.order_by("-event_date", "-id")


def unread_alert_count(user) -> int:
    from sinosure_portal.notifications.models import Notification

    return Notification.objects.filter(
        user=user, read_at__isnull=True, kind__in=["creditinfo.risk_event", "creditinfo.light_change"]
    ).count()
