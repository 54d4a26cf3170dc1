"""Issue 10 item 5: an exchange-rate change leaves an audit row with the value before and after."""

from datetime import date
from decimal import Decimal

import pytest

from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.money.services import exchange_rate_enter


@pytest.mark.django_db
def test_exchange_rate_change_records_before_and_after(admin_user):
    rate = exchange_rate_enter(
        currency="KWD", on=date(2026, 3, 2), usd_per_unit=Decimal("3.25"), actor=admin_user
    )
    exchange_rate_enter(currency="KWD", on=date(2026, 3, 2), usd_per_unit=Decimal("3.3"), actor=admin_user)
    events = AuditEvent.objects.filter(object_id=str(rate.pk)).order_by("id")
    assert [e.action for e in events] == ["exchange_rate.entered", "exchange_rate.changed"]
    assert events[0].data["changes"] == {"usd_per_unit": [None, "3.25"]}
    assert events[1].data["changes"] == {"usd_per_unit": ["3.2500000000", "3.3"]}
    assert events[1].actor_id == admin_user.pk
