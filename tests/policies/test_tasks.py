from datetime import timedelta

import pytest
from django.conf import settings

from limits import tasks as limit_tasks
from policies import tasks
from policies.rules import add_months
from sinosure_portal.notifications.models import Notification, SweepRun
from sinosure_portal.workdays.calendar import today
from tests.factories.limits import CreditLimitFactory
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db


def test_sweeps_are_scheduled_daily():
    for name in ("policies.expire", "policies.remind_renewals", "limits.remind_idle", "limits.revoke_idle"):
        assert settings.CELERY_BEAT_SCHEDULE[name]["task"] == name


def test_policy_tasks_run_the_sweeps(exporter):
    ended = PolicyFactory(
        organisation=exporter.organisation,
        period_start=today() - timedelta(days=366),
        period_end=today() - timedelta(days=1),
    )
    ending = PolicyFactory(organisation=exporter.organisation, period_end=today() + timedelta(days=5))
    assert tasks.expire() == 1
    assert tasks.remind_renewals() >= 1
    ended.refresh_from_db()
    assert ended.status == "expired"
    assert Notification.objects.filter(
        user=exporter, kind="policy_renewal", url__contains=f"/{ending.pk}/"
    ).exists()
    assert set(SweepRun.objects.values_list("name", flat=True)) == {
        "policies.expire",
        "policies.remind_renewals",
    }


def test_limit_tasks_run_the_sweeps(exporter):
    policy = PolicyFactory(organisation=exporter.organisation)
    limit = CreditLimitFactory(policy=policy, effective_date=add_months(today(), -7))
    limit_tasks.remind_idle()
    limit.refresh_from_db()
    assert limit.idle_notice_date == today()
    assert limit_tasks.revoke_idle() == 0  # not yet: 30 days after the reminder
