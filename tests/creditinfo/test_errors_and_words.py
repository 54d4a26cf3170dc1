"""Credit information's errors in one style and its audit rows in words (issues 12 item 4, 15
item 1): another user's subscription is a coded 404 from the service, never an Http404; a light
change reads as colours, a resolved event as "resolved"."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from creditinfo import services
from creditinfo.models import Subscription
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import NotFound
from tests.factories import BuyerFactory, ExporterFactory, UnderwriterFactory
from tests.factories.creditinfo import SubscriptionFactory

pytestmark = pytest.mark.django_db


def test_unfollowing_another_users_subscription_is_a_coded_404_and_deletes_nothing():
    owner, stranger = ExporterFactory(), ExporterFactory()
    sub = SubscriptionFactory(user=owner)
    with pytest.raises(NotFound) as caught:
        services.subscription_unfollow(user=stranger, subscription_id=sub.pk)
    assert caught.value.code == "subscription_not_found"
    api = APIClient()
    api.force_authenticate(stranger)
    response = api.delete(f"/api/v1/creditinfo/subscriptions/{sub.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "subscription_not_found"
    assert Subscription.objects.filter(pk=sub.pk).exists()


def test_a_light_change_and_a_resolved_event_read_in_words_in_the_audit_trail():
    from django.utils import translation

    buyer = BuyerFactory()
    event = services.risk_event_record(
        kind="fraud",
        event_date=date(2026, 11, 2),
        title="Forged bills",
        buyer=buyer,
        actor=UnderwriterFactory(),
    )
    change = audit_history(buyer).get(action="buyer.light_changed")
    with translation.override("en"):
        assert (str(change.from_label), str(change.to_label)) == ("Green", "Red")
    services.risk_event_resolve(event_id=event.pk, actor=UnderwriterFactory(), reason="cleared")
    resolved = audit_history(event).get(action="risk_event.resolved")
    with translation.override("zh-hans"):
        assert str(resolved.to_label) == "已解除"
