"""What policies tell people is stored as a kind and parameters and reads in the reader's language:
the same stored notification in English for an English reader and in Chinese for a Chinese one."""

from datetime import timedelta

import pytest

from policies import services
from policies.models import Policy
from sinosure_portal.audit.services import audit_history
from sinosure_portal.notifications.models import Notification
from sinosure_portal.workdays.calendar import today
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db


def test_the_renewal_reminder_reads_in_each_readers_language(exporter):
    end = today() + timedelta(days=10)
    policy = PolicyFactory(
        organisation=exporter.organisation, period_start=end - timedelta(days=364), period_end=end
    )
    services.policies_remind_renewal(today=today())
    note = Notification.objects.get(user=exporter, kind="policy_renewal")
    assert (note.title, note.body) == ("", "")  # stored as kind and parameters only
    assert note.heading(language="en") == f"Policy {policy.number} expires on {end.isoformat()}: renew it"
    assert note.text(language="en") == (
        "Apply for the renewal before the end of the period so that your cover continues."
    )
    assert note.heading(language="zh-hans") == f"保单 {policy.number} 将于 {end.isoformat()} 到期，请办理续保"
    assert "Apply" not in note.text(language="zh-hans")


def test_the_expiry_reason_in_the_audit_trail_reads_in_each_language(exporter):
    policy = PolicyFactory(
        organisation=exporter.organisation,
        period_start=today() - timedelta(days=400),
        period_end=today() - timedelta(days=36),
    )
    assert services.policies_expire(today=today()) == 1
    assert Policy.objects.get(pk=policy.pk).status == "expired"
    [event] = [e for e in audit_history(policy) if e.to_state == "expired"]
    assert event.reason_kind == "policy_period_ended"
    assert (event.why(language="en"), event.why(language="zh-hans")) == ("Period ended", "保险期间届满")
