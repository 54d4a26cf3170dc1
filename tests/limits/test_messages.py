"""What limits tell people is stored as a kind and parameters and reads in the reader's language:
the same stored notification in English for an English reader and in Chinese for a Chinese one."""

from datetime import timedelta
from decimal import Decimal

import pytest

from limits import services
from sinosure_portal.audit.services import audit_history
from sinosure_portal.notifications.models import Notification, Reminder
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory
from tests.factories.limits import CreditLimitFactory
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db


def test_a_reduction_notice_reads_in_each_readers_language(exporter, underwriter):
    buyer = BuyerFactory(name="Müller Handels GmbH", name_zh="穆勒贸易有限公司")
    limit = CreditLimitFactory(
        policy=PolicyFactory(organisation=exporter.organisation), buyer=buyer, amount_usd=Decimal("100000")
    )
    notice = today() + timedelta(days=10)
    services.limit_reduce(
        limit_id=limit.pk,
        actor=underwriter,
        amount_usd=Decimal("50000"),
        notice_date=notice,
        reason="买方付款变慢",
    )
    note = Notification.objects.get(user=exporter, kind="limit_reduced")
    assert (note.title, note.body) == ("", "")  # stored as kind and parameters only
    shown = buyer.display_name
    assert note.heading(language="en") == (
        f"Credit limit {limit.number} on {shown} reduced to USD 50,000.00 from {notice.isoformat()}"
    )
    assert note.heading(language="zh-hans") == (
        f"{shown} 的信用限额 {limit.number} 自 {notice.isoformat()} 后降为 USD 50,000.00"
    )
    assert note.text(language="en") == note.text(language="zh-hans") == "买方付款变慢"  # typed by a person


def test_the_idle_reminder_reads_in_each_readers_language(exporter):
    policy = PolicyFactory(organisation=exporter.organisation)
    t = today()
    idle = CreditLimitFactory(policy=policy, effective_date=t - timedelta(days=400))
    services.limits_remind_idle(today=t)
    reminder = Reminder.objects.get(user=exporter, kind="limit_idle")
    revoke = (t + timedelta(days=policy.idle_limit_revoke_after_days)).isoformat()
    assert reminder.params["revoke_date"] == revoke and reminder.params["number"] == idle.number
    note = Notification.objects.get(user=exporter, kind="limit_idle")
    assert note.text(language="en") == f"Unless it is used, the limit will be revoked on {revoke}."
    assert note.text(language="zh-hans") == f"如仍不使用，该限额将于 {revoke} 撤销。"


def test_the_revocation_reason_in_the_audit_trail_reads_in_each_language(exporter):
    policy = PolicyFactory(organisation=exporter.organisation)
    t = today()
    limit = CreditLimitFactory(policy=policy, effective_date=t - timedelta(days=400))
    services.limits_remind_idle(today=t - timedelta(days=policy.idle_limit_revoke_after_days))
    services.limits_revoke_idle(today=t)
    [event] = [e for e in audit_history(limit) if e.to_state == "revoked"]
    assert event.reason == "" and event.reason_kind == "limit_idle_revoked_reason"
    assert event.why(language="en") == "Not used since the pre-revocation reminder"
    assert event.why(language="zh-hans") == "预撤销提醒后仍未使用"
