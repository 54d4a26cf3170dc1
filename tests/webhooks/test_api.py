"""The webhooks API: endpoints per organisation (another organisation's is not found), the secret
shown once, rotation, a test event, the delivery log and redelivery, bad input named by field."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.webhooks.models import Delivery, Endpoint
from sinosure_portal.webhooks.sending import deliveries_send

pytestmark = pytest.mark.django_db(transaction=True)
BASE = "/api/v1/webhooks/endpoints/"


def _sig_ok(secret, received) -> bool:
    parts = dict(item.split("=", 1) for item in received.headers["Portal-Signature"].split(","))
    mac = hmac.new(secret.encode(), f"{parts['t']}.".encode() + received.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(mac, parts["v1"])


def _register(api, url, events=("limit.decided",)):
    answer = api.post(BASE, {"url": url, "events": list(events), "description": "ERP"}, format="json")
    assert answer.status_code == 201, answer.json()
    return answer.json()


def test_register_test_event_rotate_and_redeliver(receiver, api_for, exporter):
    api = api_for(exporter)
    events = api.get("/api/v1/webhooks/events/").json()
    assert {"limit.decided", "claim.state_changed", "risk_alert"} <= {e["type"] for e in events}
    made = _register(api, receiver.url)
    secret = made["secret"]
    assert secret.startswith("whsec_") and made["secret_prefix"] == secret[:12]
    shown = api.get(f"{BASE}{made['id']}/").json()
    assert "secret" not in shown and shown["events"] == ["limit.decided"]
    assert secret not in str(api.get(BASE).json())

    sent = api.post(f"{BASE}{made['id']}/test/")
    assert sent.status_code == 202 and sent.json()["status"] == "delivered"
    (first,) = receiver.accepted()
    assert first.event["type"] == "webhook.test" and _sig_ok(secret, first)

    rotated = api.post(f"{BASE}{made['id']}/rotate-secret/").json()
    assert rotated["secret"] != secret
    log = api.get(f"{BASE}{made['id']}/deliveries/").json()
    (row,) = log["results"] if isinstance(log, dict) else log
    again = api.post(f"{BASE}{made['id']}/deliveries/{row['id']}/redeliver/")
    assert again.status_code == 202 and again.json()["status"] == "delivered"
    second = receiver.accepted()[1]
    # the same event (same id), signed with the new secret only
    assert second.headers["Portal-Event-Id"] == first.headers["Portal-Event-Id"]
    assert _sig_ok(rotated["secret"], second) and not _sig_ok(secret, second)
    assert Delivery.objects.get().attempts == 2
    actions = set(AuditEvent.objects.filter(object_id=str(made["id"])).values_list("action", flat=True))
    assert {
        "webhook_endpoint.created",
        "webhook_endpoint.secret_rotated",
        "webhook_endpoint.redelivered",
    } <= actions


def test_another_organisation_gets_404_everywhere(receiver, api_for, exporter, exporter2):
    made = _register(api_for(exporter), receiver.url)
    api_for(exporter).post(f"{BASE}{made['id']}/test/")
    delivery = Delivery.objects.get()
    other = api_for(exporter2)
    listed = other.get(BASE).json()
    assert (listed["results"] if isinstance(listed, dict) else listed) == []
    for method, path in [
        ("get", f"{BASE}{made['id']}/"),
        ("patch", f"{BASE}{made['id']}/"),
        ("delete", f"{BASE}{made['id']}/"),
        ("post", f"{BASE}{made['id']}/rotate-secret/"),
        ("post", f"{BASE}{made['id']}/test/"),
        ("get", f"{BASE}{made['id']}/deliveries/"),
        ("post", f"{BASE}{made['id']}/deliveries/{delivery.pk}/redeliver/"),
    ]:
        answer = getattr(other, method)(path, {"active": False} if method == "patch" else None, format="json")
        assert answer.status_code == 404, (method, path, answer.status_code)
    endpoint = Endpoint.objects.get()
    assert endpoint.active and endpoint.secret == made["secret"]


def test_bad_input_is_reported_by_field_all_at_once(api_for, exporter, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    answer = api_for(exporter).post(BASE, {"url": "http://127.0.0.1:9/x", "events": ["nope"]}, format="json")
    assert answer.status_code == 400
    body = answer.json()
    assert set(body["errors"]) == {"url", "events"}
    assert "https" in body["errors"]["url"][0] and "nope" in body["errors"]["events"][0]
    answer = api_for(exporter).post(
        BASE, {"url": "https://127.0.0.1/x", "events": ["limit.decided"]}, format="json"
    )
    assert answer.status_code == 400 and "public" in answer.json()["message"]
    assert not Endpoint.objects.exists()


def test_disable_and_enable_through_the_api(receiver, api_for, exporter):
    api = api_for(exporter)
    made = _register(api, receiver.url)
    off = api.patch(f"{BASE}{made['id']}/", {"active": False}, format="json").json()
    assert off["active"] is False and off["disabled_at"]
    assert api.post(f"{BASE}{made['id']}/test/").status_code == 400
    on = api.patch(
        f"{BASE}{made['id']}/", {"active": True, "events": ["limit.decided", "indemnity.paid"]}, format="json"
    )
    assert on.json()["active"] is True and on.json()["events"] == ["indemnity.paid", "limit.decided"]
    assert deliveries_send()["tried"] == 0


def test_the_readmes_signature_check_accepts_a_delivery_and_refuses_a_forgery(receiver, api_for, exporter):
    """The ten lines the README gives receivers, run as they are against a real delivery."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    block = readme.split("<!-- webhook-signature-check -->", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    assert len(block.strip().splitlines()) <= 10
    scope: dict = {}
    exec(block, scope)  # noqa: S102 - the README's own example
    verify = scope["verify"]
    api = api_for(exporter)
    made = _register(api, receiver.url)
    api.post(f"{BASE}{made['id']}/test/")
    (received,) = receiver.accepted()
    header = received.headers["Portal-Signature"]
    assert verify(made["secret"], header, received.body)
    assert not verify(made["secret"], header, received.body.replace(b"test", b"tost"))
    assert not verify("whsec_wrong", header, received.body)
    stale = "t=1000000000," + header.split(",", 1)[1]
    assert not verify(made["secret"], stale, received.body)
