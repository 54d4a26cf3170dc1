"""The webhooks pages in a real browser (issue 14 item 1): an exporter registers an endpoint of a
real receiving server on 127.0.0.1, choosing its events, copies the secret shown once, sends a test
event (it arrives signed), reads the delivery log, sends an event again, renews the secret and
disables the endpoint; the insurer's staff have their own endpoints, and another organisation's
endpoint page is not found."""

import hashlib
import hmac

import pytest

from sinosure_portal.webhooks.models import Endpoint
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, AdminFactory, ExporterFactory, InsurerOrganisationFactory
from tests.webhooks.receiver import Receiver

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def receiver():
    r = Receiver().start()
    yield r
    r.stop()


def _signed_with(secret: str, received) -> bool:
    parts = dict(item.split("=", 1) for item in received.headers["Portal-Signature"].split(","))
    mac = hmac.new(secret.encode(), f"{parts['t']}.".encode() + received.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(mac, parts["v1"])


def test_register_test_redeliver_rotate_and_disable(page, receiver, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    user = ExporterFactory()
    sign_in(page, user.username, PASSWORD)
    page.goto(f"{page.base_url}/webhooks/")
    assert "Webhooks" in page.title() or "网络钩子" in page.title()
    page.fill("#id_url", receiver.url)
    page.fill("#id_description", "ERP")
    choices = page.locator("[data-testid=event-choices]")
    choices.get_by_label("信用限额已决定").check()
    choices.get_by_label("理赔状态变更").check()
    page.click("[data-testid=endpoint-create]")
    secret = page.locator("[data-testid=new-secret-value]").inner_text().strip()
    assert secret.startswith("whsec_")
    endpoint = Endpoint.objects.get()
    assert endpoint.events == ["claim.state_changed", "limit.decided"]
    assert "信用限额已决定" in page.locator("[data-testid=endpoint-table]").inner_text()

    page.click("[data-testid=endpoint-link]")
    page.click("[data-testid=send-test]")
    row = page.locator("[data-testid=delivery-row]").first
    assert "已送达" in row.inner_text() and "200" in row.inner_text()
    (received,) = receiver.accepted()
    assert received.event["type"] == "webhook.test" and _signed_with(secret, received)
    assert secret not in page.content()  # shown once, never again

    page.click("[data-testid=redeliver]")
    assert len(receiver.accepted()) == 2
    assert receiver.accepted()[1].headers["Portal-Event-Id"] == received.headers["Portal-Event-Id"]

    page.click("[data-testid=rotate-secret]")
    new_secret = page.locator("[data-testid=new-secret-value]").inner_text().strip()
    assert new_secret != secret
    page.click("[data-testid=send-test]")
    assert _signed_with(new_secret, receiver.accepted()[-1]) and not _signed_with(
        secret, receiver.accepted()[-1]
    )

    receiver.failing = True
    page.click("[data-testid=send-test]")
    first = page.locator("[data-testid=delivery-row]").first
    assert "重试中" in first.inner_text() and "500" in first.inner_text()

    page.click("[data-testid=disable]")
    assert "已停用" in page.locator("[data-testid=endpoint-state]").inner_text()
    assert page.locator("[data-testid=send-test]").count() == 0


def test_staff_have_their_own_endpoints_and_cannot_open_an_exporters(page, receiver):
    exporter = ExporterFactory()
    Endpoint.objects.create(
        organisation=exporter.organisation,
        url=receiver.url,
        events=["limit.decided"],
        secret="x",
        secret_prefix="x",
    )
    admin = AdminFactory(organisation=InsurerOrganisationFactory())
    sign_in(page, admin.username, PASSWORD)
    page.goto(f"{page.base_url}/webhooks/")
    assert page.locator("[data-testid=endpoint-link]").count() == 0
    answer = page.goto(f"{page.base_url}/webhooks/{Endpoint.objects.get().pk}/")
    assert answer.status == 404
