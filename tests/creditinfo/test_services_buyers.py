"""Buyers are registered once; their light follows their events."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError

from creditinfo import services
from creditinfo.models import Buyer, BuyerLightChange, RiskEvent
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.base.errors import DomainError
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory

pytestmark = pytest.mark.django_db


def register(**kw):
    defaults = {"name": "Müller Handels GmbH", "country_id": "DE", "registration_number": "HRB 123456"}
    return services.buyer_register(**{**defaults, **kw})


def test_register_creates_a_buyer_with_its_lookup_columns(germany, exporter):
    buyer, created = register(name_en="Mueller Trading GmbH", name_zh="穆勒贸易有限公司", actor=exporter)
    assert created
    assert buyer.normalised_name == "muller handels"
    assert buyer.search_text == "muller handels mueller trading 穆勒贸易有限公司"
    assert buyer.registration_key == "HRB123456"
    assert buyer.light == "green" and buyer.created_by == exporter
    assert AuditEvent.objects.filter(action="buyer.registered", object_id=str(buyer.pk)).exists()


@pytest.mark.parametrize(
    "again",
    [
        {"name": "Something else entirely", "registration_number": "HRB 123456"},  # same country + regno
        {"name": "Something else entirely", "registration_number": "hrb-123456"},  # regno written differently
        {"name": "MULLER HANDELS", "registration_number": ""},  # same normalised name in the country
        {"name": "Muller Handels Ltd.", "registration_number": "HRB 999"},  # legal form is ignored
    ],
)
def test_registering_an_existing_buyer_returns_it(germany, again):
    first, _ = register()
    second, created = register(**again)
    assert not created and second.pk == first.pk
    assert Buyer.objects.count() == 1


def test_same_registration_number_in_another_country_is_another_buyer(germany, turkey):
    first, _ = register()
    other, created = register(name="Müller Handels GmbH", country_id="TR")
    assert created and other.pk != first.pk


def test_issuing_bank_is_identified_by_its_swift_code(germany, turkey):
    bank, created = register(
        kind="bank", name="Deutsche Bank AG", registration_number="", swift_code="deutdeff"
    )
    assert created and bank.swift_code == "DEUTDEFF" and bank.kind == "bank"
    again, created = register(
        kind="bank", name="DB Frankfurt", country_id="TR", registration_number="", swift_code="DEUTDEFF"
    )
    assert not created and again.pk == bank.pk


def test_a_bank_needs_a_swift_code(germany):
    with pytest.raises(DomainError) as err:
        register(kind="bank", name="Some Bank", registration_number="")
    assert err.value.code == "swift_required" and err.value.field == "swift_code"


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"name": "  "}, "buyer_name_required"),
        ({"name": "GmbH"}, "buyer_name_invalid"),
        ({"country_id": "XX"}, "country_unknown"),
    ],
)
def test_register_refuses_bad_input(germany, kw, code):
    with pytest.raises(DomainError) as err:
        register(**kw)
    assert err.value.code == code


def test_a_concurrent_registration_returns_the_winner(germany, monkeypatch):
    """Two requests register the same buyer at once: the loser's insert hits the unique
    constraint and it answers with the winner's row."""
    winner, _ = register()
    real = services.buyers.buyer_find_existing
    calls = []

    def first_miss(**kw):
        calls.append(kw)
        return None if len(calls) == 1 else real(**kw)

    monkeypatch.setattr(services.buyers, "buyer_find_existing", first_miss)
    again, created = register(name="Müller Handels GmbH", registration_number="")
    assert not created and again.pk == winner.pk and len(calls) == 2


def test_unique_constraints_hold_in_the_database(germany):
    register()
    with pytest.raises(IntegrityError):
        Buyer.objects.create(name="Muller-Handels", country_id="DE")


# --- risk events and the light ----------------------------------------------------------------


def record(buyer, kind, days_ago=1, title=None, **kw):
    return services.risk_event_record(
        kind=kind, event_date=today() - timedelta(days=days_ago), title=title or kind, buyer=buyer, **kw
    )


def test_an_event_recolours_the_buyer_and_keeps_the_change(germany, underwriter):
    buyer = BuyerFactory(country=germany)
    record(buyer, "past_default", title="Paid 60 days late", actor=underwriter)
    buyer.refresh_from_db()
    assert buyer.light == "yellow" and buyer.light_reason.endswith("Paid 60 days late")
    record(buyer, "bankruptcy", title="Insolvency filed", actor=underwriter)
    buyer.refresh_from_db()
    assert buyer.light == "red" and "Insolvency filed" in buyer.light_reason
    changes = list(
        BuyerLightChange.objects.filter(buyer=buyer).order_by("id").values_list("from_light", "to_light")
    )
    assert changes == [("green", "yellow"), ("yellow", "red")]
    assert AuditEvent.objects.filter(action="buyer.light_changed", object_id=str(buyer.pk)).count() == 2


def test_red_wins_over_a_later_yellow_event(germany):
    buyer = BuyerFactory(country=germany)
    record(buyer, "fraud", days_ago=30)
    record(buyer, "operating_trouble", days_ago=1)
    buyer.refresh_from_db()
    assert buyer.light == "red"


def test_an_event_that_changes_no_colour_records_no_change(germany):
    buyer = BuyerFactory(country=germany)
    record(buyer, "war")
    assert not BuyerLightChange.objects.filter(buyer=buyer).exists()
    buyer.refresh_from_db()
    assert buyer.light == "green"


def test_resolving_the_event_restores_the_light(germany, underwriter):
    buyer = BuyerFactory(country=germany)
    event = record(buyer, "serious_default")
    services.risk_event_resolve(event_id=event.pk, actor=underwriter, reason="Paid in full")
    buyer.refresh_from_db()
    assert buyer.light == "green" and buyer.light_reason == ""
    assert BuyerLightChange.objects.filter(buyer=buyer, to_light="green").count() == 1
    # resolving again is a no-op
    services.risk_event_resolve(event_id=event.pk, actor=underwriter)
    assert BuyerLightChange.objects.filter(buyer=buyer).count() == 2


def test_country_and_industry_events(germany, manufacturing):
    event = services.risk_event_record(
        kind="war", event_date=today(), title="Border conflict", country_id="DE", industry_id="C"
    )
    assert event.country_id == "DE" and event.industry_id == "C" and event.buyer is None


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"kind": "war"}, "risk_event_subject"),
        ({"kind": "nonsense", "country_id": "DE"}, "risk_event_kind"),
        ({"kind": "war", "country_id": "DE", "title": " "}, "risk_event_title"),
        ({"kind": "war", "country_id": "DE", "event_date": date(2999, 1, 1)}, "risk_event_future"),
        ({"kind": "war", "country_id": "XX"}, "country_unknown"),
        ({"kind": "war", "industry_id": "Z"}, "industry_unknown"),
    ],
)
def test_risk_event_refuses_bad_input(germany, kw, code):
    args = {"event_date": today(), "title": "t", **kw}
    with pytest.raises(DomainError) as err:
        services.risk_event_record(**args)
    assert err.value.code == code
    assert not RiskEvent.objects.exists()
