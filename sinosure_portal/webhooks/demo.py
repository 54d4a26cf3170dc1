"""Demo data: one endpoint of the demo exporter (its ERP) with a delivered test event, so the pages
show a log. Loaded by ``manage.py demo_data`` after the apps' demo data. Its address does not exist:
events raised while trying the demo are retried for a day, then the endpoint is disabled (and the
exporter told), as a real failing receiver would be."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from sinosure_portal.accounts.models import User
from sinosure_portal.webhooks.emit import body
from sinosure_portal.webhooks.models import Delivery, Endpoint
from sinosure_portal.webhooks.services import SECRET_PREFIX, SHOWN_PREFIX

DEMO_URL = "https://erp.haichen-trading.example/hooks/portal"
# a documented demo secret: the demo receiver does not exist, nothing is signed for real
DEMO_SECRET = SECRET_PREFIX + "demo-secret-for-the-haichen-erp-0000000000"  # noqa: S105


def load(stdout=None) -> dict:
    user = User.objects.filter(username="exporter").select_related("organisation").first()
    if user is None or Endpoint.objects.filter(organisation_id=user.organisation_id, url=DEMO_URL).exists():
        return {"endpoints": 0}
    now = timezone.now()
    endpoint = Endpoint.objects.create(
        organisation_id=user.organisation_id,
        url=DEMO_URL,
        description="ERP 系统（SAP）对接",
        events=["limit.decided", "declaration.covered", "declaration.partly_covered", "receivable.overdue"],
        secret=DEMO_SECRET,
        secret_prefix=DEMO_SECRET[:SHOWN_PREFIX],
        created_by=user,
        created_at=now - timedelta(days=3),
        updated_at=now - timedelta(days=3),
    )
    test_id = uuid.uuid4()
    sent_at = now - timedelta(days=3) + timedelta(minutes=2)
    Delivery.objects.create(
        endpoint=endpoint,
        event_id=test_id,
        type="webhook.test",
        object_key=f"webhooks.endpoint:{endpoint.pk}",
        payload=body(
            event_id=test_id,
            type="webhook.test",
            created=sent_at,
            data={
                "endpoint": endpoint.pk,
                "url": DEMO_URL,
                "message": "This is a test event from the portal.",
            },
        ),
        status=Delivery.Status.DELIVERED,
        attempts=1,
        first_attempt_at=sent_at,
        last_attempt_at=sent_at,
        last_response_code=200,
        delivered_at=sent_at,
        created_at=sent_at,
    )
    return {"endpoints": 1}
