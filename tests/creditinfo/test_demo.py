import pytest

from creditinfo import demo
from creditinfo.models import CreditReportOrder, Importer, RiskEvent, Subscription, TradeRecord
from sinosure_portal.core import demo as kernel_demo
from sinosure_portal.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_demo_is_useful_and_idempotent(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    kernel_demo.load()
    first = demo.load()
    assert first["risk_events"] >= 10 and first["sample_trade_records"] > 5000
    counts = (
        RiskEvent.objects.count(),
        Subscription.objects.count(),
        CreditReportOrder.objects.count(),
        Importer.objects.count(),
        TradeRecord.objects.count(),
    )
    assert set(CreditReportOrder.objects.values_list("status", flat=True)) == {
        "ordered",
        "in_progress",
        "delivered",
    }
    assert not Importer.objects.filter(is_sample=False).exists()  # every generated importer is marked
    assert Notification.objects.filter(user__username="exporter", kind="creditinfo.risk_event").exists()
    demo.load()
    assert counts == (
        RiskEvent.objects.count(),
        Subscription.objects.count(),
        CreditReportOrder.objects.count(),
        Importer.objects.count(),
        TradeRecord.objects.count(),
    )
