"""资信报警器: following countries, industries and companies, and telling followers once.

Who is told: the followers of the event's own subjects. An event recorded on a buyer reaches
that buyer's followers; one recorded on a country (or an industry) reaches that country's (or
industry's) followers. A buyer's event does not reach the followers of its country: with
thousands of buyers in a country they would drown in company news. Staff who think a company's
event matters to the whole country record it on the country too (an event may name several
subjects). The feed page still lets anyone filter a country's events including its companies'.

Exactly once: each (event, follower) pair is a reminder with the key
``risk-event:<event id>:<user id>`` (``light-change:<change id>:<user id>`` for a light change),
so the task queued after commit and the daily catch-up sweep can both run, twice or at the same
time, and the follower still gets one inbox message.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from creditinfo import errors
from creditinfo.models import Buyer, BuyerLightChange, Country, IndustryGroup, RiskEvent, Subscription
from sinosure_portal.base.errors import DomainError
from sinosure_portal.notifications.models import Notification, Reminder
from sinosure_portal.notifications.services import ReminderSpec, reminders_create, sweep

RISK_EVENT_KIND = "creditinfo.risk_event"
LIGHT_CHANGE_KIND = "creditinfo.light_change"
# the catch-up sweep looks this far back for events whose followers were never told
CATCH_UP_DAYS = 30
SEVERE_KINDS = {"bankruptcy", "fraud", "serious_default", "war", "sanctions", "moratorium"}


# --- following -------------------------------------------------------------------------------------


def subscription_follow(
    *,
    user,
    country_id: str | None = None,
    industry_id: str | None = None,
    buyer_id: int | None = None,
    email: bool = True,
) -> tuple[Subscription, bool]:
    """Follow one subject. Following it again only updates the e-mail choice. Returns
    (subscription, created)."""
    given = [v for v in (country_id, industry_id, buyer_id) if v]
    if len(given) != 1:
        raise DomainError(
            "subscription_subject",
            gettext_lazy("Follow one country, one industry or one company."),
            field="subject",
        )
    if country_id:
        if not Country.objects.filter(pk=country_id).exists():
            raise DomainError(
                "country_unknown",
                gettext_lazy("Unknown country %(country)s."),
                field="country",
                country=country_id,
            )
        lookup = {"country_id": country_id}
    elif industry_id:
        if not IndustryGroup.objects.filter(pk=industry_id).exists():
            raise DomainError(
                "industry_unknown",
                gettext_lazy("Unknown industry group %(industry)s."),
                field="industry",
                industry=industry_id,
            )
        lookup = {"industry_id": industry_id}
    else:
        if not Buyer.objects.filter(pk=buyer_id).exists():
            raise DomainError("buyer_unknown", gettext_lazy("Unknown buyer."), field="buyer")
        lookup = {"buyer_id": buyer_id}
    try:
        with transaction.atomic():
            sub, created = Subscription.objects.get_or_create(user=user, **lookup, defaults={"email": email})
    except IntegrityError:  # the same user followed it a moment ago in another tab
        sub, created = Subscription.objects.get(user=user, **lookup), False
    if not created and sub.email != email:
        sub.email = email
        sub.save(update_fields=["email"])
    return sub, created


def subscription_unfollow(*, user, subscription_id: int) -> None:
    """Stop following. Another user's subscription is simply not found (a 404)."""
    deleted, _count = Subscription.objects.filter(pk=subscription_id, user=user).delete()
    if not deleted:
        raise errors.subscription_not_found()


# --- telling followers -----------------------------------------------------------------------------


def _followers(*, buyer_ids: set, country_ids: set, industry_ids: set) -> list[dict]:
    match = Q(pk__in=[])
    if buyer_ids:
        match |= Q(buyer_id__in=buyer_ids)
    if country_ids:
        match |= Q(country_id__in=country_ids)
    if industry_ids:
        match |= Q(industry_id__in=industry_ids)
    return list(
        Subscription.objects.filter(match, user__is_active=True).values(
            "user_id", "buyer_id", "country_id", "industry_id", "email"
        )
    )


def _suppress_unwanted_email(keys_without_email: Iterable[str]) -> None:
    """The kernel e-mails every delivered notification to users who keep e-mail on in their
    profile. A follower who chose no e-mail for the subscription(s) behind a message has its
    e-mail marked done before the (after-commit) e-mail task runs, so none is sent."""
    keys = list(keys_without_email)
    if not keys:
        return
    note_ids = Reminder.objects.filter(key__in=keys, notification__isnull=False).values("notification_id")
    Notification.objects.filter(pk__in=note_ids, emailed_at__isnull=True).update(emailed_at=timezone.now())


def _subjects_text(event: RiskEvent) -> str:
    return " / ".join(str(s) for s in event.subjects)


def risk_events_alert_followers(*, event_ids: Iterable[int] | None = None, since: date | None = None) -> int:
    """Tell the followers of each event not yet alerted (all pending ones, or those given).

    A few queries whatever the number of events: the events, their followers, one bulk insert of
    reminders (the unique key drops what was created before), one update marking them alerted.
    Returns the number of inbox messages this call delivered."""
    with transaction.atomic():
        events_qs = RiskEvent.objects.filter(alerted_at__isnull=True).select_related(
            "buyer", "country", "industry"
        )
        if event_ids is not None:
            events_qs = events_qs.filter(pk__in=list(event_ids))
        if since is not None:
            events_qs = events_qs.filter(recorded_at__date__gte=since)
        events = list(events_qs.select_for_update(skip_locked=True, of=("self",)).order_by("id")[:2000])
        if not events:
            return 0
        subs = _followers(
            buyer_ids={e.buyer_id for e in events if e.buyer_id},
            country_ids={e.country_id for e in events if e.country_id},
            industry_ids={e.industry_id for e in events if e.industry_id},
        )
        by_buyer, by_country, by_industry = defaultdict(list), defaultdict(list), defaultdict(list)
        for sub in subs:
            if sub["buyer_id"]:
                by_buyer[sub["buyer_id"]].append(sub)
            elif sub["country_id"]:
                by_country[sub["country_id"]].append(sub)
            else:
                by_industry[sub["industry_id"]].append(sub)
        specs, no_email = [], []
        feed = reverse("creditinfo:alerts")
        for event in events:
            wants_email: dict[int, bool] = {}
            for sub in (
                by_buyer.get(event.buyer_id, [])
                + by_country.get(event.country_id, [])
                + by_industry.get(event.industry_id, [])
            ):
                wants_email[sub["user_id"]] = wants_email.get(sub["user_id"], False) or sub["email"]
            if not wants_email:
                continue
            url = reverse("creditinfo:buyer-detail", args=[event.buyer_id]) if event.buyer_id else feed
            params = {
                "subject": _subjects_text(event),
                "title": event.title,
                "kind": event.kind,
                "date": event.event_date.isoformat(),
                "description": event.description,
            }
            level = Notification.Level.DANGER if event.kind in SEVERE_KINDS else Notification.Level.WARNING
            for user_id, email in wants_email.items():
                key = f"risk-event:{event.pk}:{user_id}"
                specs.append(
                    ReminderSpec(
                        key=key,
                        kind=RISK_EVENT_KIND,
                        user_id=user_id,
                        params=params,
                        url=url,
                        due_date=event.event_date,
                        level=level,
                    )
                )
                if not email:
                    no_email.append(key)
        delivered = reminders_create(specs) if specs else 0
        _suppress_unwanted_email(no_email)
        RiskEvent.objects.filter(pk__in=[e.pk for e in events], alerted_at__isnull=True).update(
            alerted_at=timezone.now()
        )
    return delivered


def light_changes_alert_followers(
    *, change_ids: Iterable[int] | None = None, since: date | None = None
) -> int:
    """Tell each changed buyer's followers that its light changed, once per change."""
    with transaction.atomic():
        qs = BuyerLightChange.objects.filter(alerted_at__isnull=True).select_related("buyer")
        if change_ids is not None:
            qs = qs.filter(pk__in=list(change_ids))
        if since is not None:
            qs = qs.filter(changed_at__date__gte=since)
        changes = list(qs.select_for_update(skip_locked=True, of=("self",)).order_by("id")[:2000])
        if not changes:
            return 0
        subs = _followers(buyer_ids={c.buyer_id for c in changes}, country_ids=set(), industry_ids=set())
        by_buyer = defaultdict(list)
        for sub in subs:
            by_buyer[sub["buyer_id"]].append(sub)
        specs, no_email = [], []
        for change in changes:
            for sub in by_buyer.get(change.buyer_id, []):
                key = f"light-change:{change.pk}:{sub['user_id']}"
                specs.append(
                    ReminderSpec(
                        key=key,
                        kind=LIGHT_CHANGE_KIND,
                        user_id=sub["user_id"],
                        params={
                            "buyer": change.buyer.display_name,
                            "old": change.from_light,
                            "new": change.to_light,
                        },
                        body=change.reason,
                        url=reverse("creditinfo:buyer-detail", args=[change.buyer_id]),
                        level=Notification.Level.DANGER
                        if change.to_light == "red"
                        else Notification.Level.INFO,
                    )
                )
                if not sub["email"]:
                    no_email.append(key)
        delivered = reminders_create(specs) if specs else 0
        _suppress_unwanted_email(no_email)
        BuyerLightChange.objects.filter(pk__in=[c.pk for c in changes], alerted_at__isnull=True).update(
            alerted_at=timezone.now()
        )
    return delivered


def risk_alerts_sweep(*, today: date) -> int:
    """Daily catch-up: whatever the after-commit tasks missed (a worker down, a lost message)
    in the last CATCH_UP_DAYS is delivered now; already-told followers are not told again."""
    from datetime import timedelta

    since = today - timedelta(days=CATCH_UP_DAYS)
    with sweep("creditinfo.sweep_risk_alerts", today) as run:
        total = 0
        for _round in range(50):  # each call handles up to 2,000 rows; stop when nothing is left
            done = risk_events_alert_followers(since=since) + light_changes_alert_followers(since=since)
            pending = (
                RiskEvent.objects.filter(alerted_at__isnull=True, recorded_at__date__gte=since).exists()
                or BuyerLightChange.objects.filter(
                    alerted_at__isnull=True, changed_at__date__gte=since
                ).exists()
            )
            total += done
            if not pending:
                break
        run.created = total
    return total
