"""Writes of credit information: buyers (registered once), their risk events and traffic light."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from creditinfo import rules
from creditinfo.cache import lookup_answers_changed
from creditinfo.models import (
    Buyer,
    BuyerLightChange,
    Country,
    IndustryGroup,
    RiskEvent,
    normalise_name,
    registration_key,
)
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError
from sinosure_portal.base.queue import enqueue
from sinosure_portal.workdays import calendar as workdays


def buyer_find_existing(
    *, country_id: str, name: str, registration_number: str = "", swift_code: str = ""
) -> Buyer | None:
    """The buyer this registration would duplicate: same SWIFT code, same country and registration
    number, or the same normalised name in the same country."""
    match = Q(country_id=country_id, normalised_name=normalise_name(name))
    if registration_number and registration_key(registration_number):
        # "HRB 123456" and "HRB-123456" are one registration
        match |= Q(country_id=country_id, registration_number=registration_number.strip())
        match |= Q(country_id=country_id, registration_key=registration_key(registration_number))
    if swift_code:
        match |= Q(swift_code=swift_code.strip().upper())
    return Buyer.objects.filter(match).order_by("id").first()


def buyer_register(
    *,
    name: str,
    country_id: str,
    actor=None,
    kind: str = Buyer.Kind.COMPANY,
    name_en: str = "",
    name_zh: str = "",
    registration_number: str = "",
    swift_code: str = "",
    industry_id: str | None = None,
    address: str = "",
) -> tuple[Buyer, bool]:
    """Register a buyer, or return the existing one it would duplicate. Returns (buyer, created)."""
    name = (name or "").strip()
    if not name:
        raise DomainError("buyer_name_required", _("The buyer's name is required."), field="name")
    if not normalise_name(name):
        raise DomainError("buyer_name_invalid", _("The buyer's name has no letters."), field="name")
    if not Country.objects.filter(pk=country_id).exists():
        raise DomainError(
            "country_unknown", _("Unknown country %(country)s."), field="country", country=country_id
        )
    if kind == Buyer.Kind.BANK and not swift_code:
        raise DomainError(
            "swift_required", _("An issuing bank is identified by its SWIFT code."), field="swift_code"
        )
    existing = buyer_find_existing(
        country_id=country_id, name=name, registration_number=registration_number, swift_code=swift_code
    )
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            buyer = Buyer.objects.create(
                kind=kind,
                name=name,
                name_en=name_en.strip(),
                name_zh=name_zh.strip(),
                country_id=country_id,
                registration_number=registration_number.strip(),
                swift_code=swift_code.strip().upper(),
                industry_id=industry_id or None,
                address=address.strip(),
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            audit_record(buyer, action="buyer.registered", actor=actor, to_state=buyer.light)
            lookup_answers_changed()  # a look-up that found nothing finds it now
    except IntegrityError:
        # another request registered the same buyer a moment ago: answer with that one
        existing = buyer_find_existing(
            country_id=country_id, name=name, registration_number=registration_number, swift_code=swift_code
        )
        if existing is None:
            raise
        return existing, False
    return buyer, True


def name_words_refresh(*, min_buyers: int = 50, min_share: float = 0.0005) -> int:
    """Recount the words many buyers' look-up keys share (NameWordFrequency): those in at least
    min_buyers buyers and min_share of all. Set-based; returns how many words are common."""
    from django.db import connection

    from creditinfo.models import NameWordFrequency

    total = Buyer.objects.count()
    floor = max(min_buyers, int(total * min_share))
    with transaction.atomic():
        lookup_answers_changed()  # the words asked of the index, hence the answers, may change
        NameWordFrequency.objects.all().delete()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '256MB'")
                cursor.execute(
                    """
                    INSERT INTO creditinfo_namewordfrequency (word, buyers)
                    SELECT left(w, 100), count(*) FROM creditinfo_buyer,
                         unnest(string_to_array(search_key, ' ')) AS w
                    WHERE w <> '' GROUP BY left(w, 100) HAVING count(*) >= %s
                    """,
                    [floor],
                )
        else:
            from collections import Counter

            counts = Counter(
                word[:100]
                for key in Buyer.objects.values_list("search_key", flat=True).iterator()
                for word in key.split()
            )
            NameWordFrequency.objects.bulk_create(
                [NameWordFrequency(word=w, buyers=n) for w, n in counts.items() if n >= floor],
                batch_size=1000,
            )
    return NameWordFrequency.objects.count()


def buyer_light_refresh(*, buyer: Buyer, actor=None) -> bool:
    """Recompute the buyer's light from its events; True when the colour changed.

    A change is kept as a BuyerLightChange and, after commit, the buyer's followers are told
    (once per change: see creditinfo.services.alerts)."""
    facts = [
        rules.EventFact(kind=k, event_date=d, title=t, resolved=r)
        for k, d, t, r in buyer.risk_events.values_list("kind", "event_date", "title", "resolved")
    ]
    light = rules.traffic_light(facts)
    changed = light.colour != buyer.light
    if changed or light.reason != buyer.light_reason:
        old = buyer.light
        buyer.light, buyer.light_reason = light.colour, light.reason[:300]
        if changed:
            buyer.light_changed_at = timezone.now()
        buyer.save(update_fields=["light", "light_reason", "light_changed_at"])
        lookup_answers_changed()  # no look-up shows the old light once this commits
        if changed:
            audit_record(
                buyer,
                action="buyer.light_changed",
                actor=actor,
                from_state=old,
                to_state=light.colour,
                reason=light.reason,
            )
            change = BuyerLightChange.objects.create(
                buyer=buyer,
                from_light=old,
                to_light=light.colour,
                reason=light.reason[:300],
                changed_at=buyer.light_changed_at,
            )
            _queue("alert_light_change", change.pk)
    return changed


def _queue(task_name: str, object_id: int) -> None:
    """Queue one of this app's tasks by its name (tasks import services, never the reverse)."""
    enqueue(f"creditinfo.{task_name}", object_id)


@transaction.atomic
def risk_event_record(
    *,
    kind: str,
    event_date: date,
    title: str,
    actor=None,
    buyer: Buyer | None = None,
    country_id: str | None = None,
    industry_id: str | None = None,
    description: str = "",
) -> RiskEvent:
    """Record a risk event on a buyer, a country and/or an industry. The buyer's light is
    recomputed in the same transaction; after commit the subjects' followers are told."""
    title = (title or "").strip()
    if not (buyer or country_id or industry_id):
        raise DomainError(
            "risk_event_subject", _("A risk event concerns a buyer, a country or an industry."), field="buyer"
        )
    if kind not in RiskEvent.Kind.values:
        raise DomainError("risk_event_kind", _("Unknown risk event kind."), field="kind")
    if not title:
        raise DomainError("risk_event_title", _("Give the event a short title."), field="title")
    if event_date is None:
        raise DomainError("risk_event_date", _("The event date is required."), field="event_date")
    if event_date > workdays.today():
        raise DomainError(
            "risk_event_future", _("A risk event cannot be dated in the future."), field="event_date"
        )
    if country_id and not Country.objects.filter(pk=country_id).exists():
        raise DomainError(
            "country_unknown", _("Unknown country %(country)s."), field="country", country=country_id
        )
    if industry_id and not IndustryGroup.objects.filter(pk=industry_id).exists():
        raise DomainError(
            "industry_unknown",
            _("Unknown industry group %(industry)s."),
            field="industry",
            industry=industry_id,
        )
    event = RiskEvent.objects.create(
        kind=kind,
        event_date=event_date,
        title=title[:200],
        description=description,
        buyer=buyer,
        country_id=country_id or None,
        industry_id=industry_id or None,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(event, action="risk_event.recorded", actor=actor, to_state=kind, reason=title)
    if buyer is not None:
        buyer_light_refresh(buyer=Buyer.objects.select_for_update().get(pk=buyer.pk), actor=actor)
    _queue("alert_risk_event", event.pk)
    return event


@transaction.atomic
def risk_event_resolve(*, event_id: int, actor=None, reason: str = "") -> RiskEvent:
    """Mark an event resolved (a default cleared, a sanction lifted): it no longer colours the
    buyer's light. Resolving twice is a no-op."""
    event = RiskEvent.objects.select_for_update().get(pk=event_id)
    if event.resolved:
        return event
    event.resolved = True
    event.save(update_fields=["resolved"])
    audit_record(
        event,
        action="risk_event.resolved",
        actor=actor,
        from_state="open",
        to_state="resolved",
        reason=reason,
        changes={"resolved": (False, True)},
    )
    if event.buyer_id:
        buyer_light_refresh(buyer=Buyer.objects.select_for_update().get(pk=event.buyer_id), actor=actor)
    return event
