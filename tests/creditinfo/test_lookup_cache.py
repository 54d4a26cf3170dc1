"""The traffic-light look-up's answers come from the cache when nothing they show has changed, and
never outlive a change made through creditinfo's services (issue 16 item 8)."""

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from creditinfo.services import buyer_register, name_words_refresh, risk_event_record
from tests.factories import BuyerFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/creditinfo/lookup/"


def _lookup(api, q: str, **extra):
    with CaptureQueriesContext(connection) as queries:
        body = api.get(URL, {"q": q}, **extra).json()
    return body, [x["sql"] for x in queries.captured_queries if "creditinfo_buyer" in x["sql"]]


def test_a_repeated_look_up_is_answered_without_asking_the_database_for_buyers(api_for, exporter, germany):
    buyer = BuyerFactory(name="Mueller Handels GmbH", country=germany, registration_number="HRB 4711")
    api = api_for(exporter)
    first, asked = _lookup(api, "HRB 4711")
    assert first["buyers"][0]["id"] == buyer.pk and asked
    again, asked_again = _lookup(api, "HRB 4711")
    assert again == first and asked_again == []


def test_a_light_changed_through_the_service_shows_at_the_next_look_up(
    api_for, exporter, underwriter, germany
):
    buyer = BuyerFactory(name="Schmidt Import GmbH", country=germany, registration_number="HRB 815")
    api = api_for(exporter)
    assert _lookup(api, "HRB 815")[0]["buyers"][0]["light"] == "green"
    risk_event_record(
        kind="fraud", event_date=date(2026, 11, 2), title="Fraud reported", buyer=buyer, actor=underwriter
    )
    after, asked = _lookup(api, "HRB 815")
    assert after["buyers"][0]["light"] == "red" and asked  # read again, not the cached green


def test_a_change_rolled_back_leaves_the_answer_right(api_for, exporter, underwriter, germany):
    buyer = BuyerFactory(name="Weber Trading GmbH", country=germany, registration_number="HRB 99")
    api = api_for(exporter)
    assert _lookup(api, "HRB 99")[0]["buyers"][0]["light"] == "green"
    with pytest.raises(RuntimeError), transaction.atomic():
        risk_event_record(
            kind="fraud", event_date=date(2026, 11, 2), title="Fraud", buyer=buyer, actor=underwriter
        )
        raise RuntimeError("rolled back")
    assert _lookup(api, "HRB 99")[0]["buyers"][0]["light"] == "green"


def test_a_buyer_registered_after_a_fruitless_look_up_is_found_at_once(api_for, exporter, germany):
    api = api_for(exporter)
    nothing, _ = _lookup(api, "HRB 123456")
    assert nothing["found"] is False
    buyer, created = buyer_register(
        name="Neue Kunden GmbH", country_id="DE", registration_number="HRB 123456", actor=exporter
    )
    assert created
    found, _ = _lookup(api, "HRB 123456")
    assert found["found"] is True and found["buyers"][0]["id"] == buyer.pk


def test_each_language_has_its_own_answer(api_for, exporter, germany):
    BuyerFactory(name="Klein Logistik GmbH", country=germany, registration_number="HRB 321")
    api = api_for(exporter)
    english, _ = _lookup(api, "HRB 321", HTTP_ACCEPT_LANGUAGE="en")
    chinese, _ = _lookup(api, "HRB 321", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert english["buyers"][0]["country_name"] == "Germany"
    assert chinese["buyers"][0]["country_name"] == "德国"


def test_recounting_the_name_words_moves_the_answers_on(api_for, exporter, germany):
    BuyerFactory(name="Lange Maschinen GmbH", country=germany, registration_number="HRB 777")
    api = api_for(exporter)
    _lookup(api, "HRB 777")
    assert _lookup(api, "HRB 777")[1] == []
    name_words_refresh()
    assert _lookup(api, "HRB 777")[1]  # asked again
