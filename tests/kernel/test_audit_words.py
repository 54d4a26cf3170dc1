"""The audit trail speaks in words (issue 15 item 1, the kernel's part): people by their names,
not login names; the system as "system" in the reader's language; states by their labels."""

from decimal import Decimal

import pytest
from django.test import Client

from sinosure_portal.audit import labels
from sinosure_portal.audit.services import audit_history, audit_record
from sinosure_portal.money.models import ExchangeRate
from tests.factories import AdminFactory, UnderwriterFactory

pytestmark = pytest.mark.django_db


def _page(user, language: str) -> str:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client.get("/audit/").content.decode()


def test_the_audit_page_names_people_and_the_system_in_the_readers_language():
    admin = AdminFactory()
    actor = UnderwriterFactory(username="uw-login-7", display_name="王芳")
    audit_record(actor, action="test.by_person", actor=actor)
    audit_record(actor, action="test.by_system")
    english = _page(admin, "en")
    assert "王芳" in english and "uw-login-7</td>" not in english
    assert "<td>system</td>" in english
    assert "<td>系统</td>" in _page(admin, "zh-hans")


def test_states_of_models_without_a_status_field_read_as_their_registered_labels(monkeypatch):
    monkeypatch.setattr(labels, "_STATE_LABELS", {})
    labels._states.cache_clear()
    rate = ExchangeRate.objects.create(currency="EUR", date="2026-01-05", usd_per_unit=Decimal("1.1"))
    audit_record(rate, action="exchange_rate.checked", from_state="open", to_state="resolved")
    event = audit_history(rate).get()
    assert (event.from_label, event.to_label) == ("open", "resolved")  # nothing registered: as stored
    labels.register_state_labels("money.ExchangeRate", {"open": "Open (test)", "resolved": "Resolved (test)"})
    assert (str(event.from_label), str(event.to_label)) == ("Open (test)", "Resolved (test)")
    labels._states.cache_clear()
