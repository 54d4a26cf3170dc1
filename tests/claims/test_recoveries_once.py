"""A recovery sent twice with the same client reference (or Idempotency-Key) is recorded once."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from claims.models import Recovery
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.workdays.calendar import today
from tests.factories import ClaimsOfficerFactory, ExporterFactory
from tests.factories.claims import filed_claim, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_claim():
    officer = ClaimsOfficerFactory()
    user, claim = filed_claim()
    return officer, walk(claim, insured=user, officer=officer, to="paid")


def _body(**extra):
    return {
        "received_on": today().isoformat(),
        "currency": "USD",
        "amount": "20000.00",
        "costs": "2000.00",
        **extra,
    }


def test_the_same_client_reference_records_once(paid_claim, api_for):
    officer, claim = paid_claim
    api = api_for(officer)
    url = reverse("claims_api:claim-recoveries", args=[claim.pk])
    first = api.post(url, _body(client_reference="BANK-STMT-0042"), format="json")
    assert first.status_code == 201, first.content
    audits = AuditEvent.objects.count()
    again = api.post(url, _body(client_reference="BANK-STMT-0042"), format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Recovery.objects.filter(claim=claim).count() == 1
    assert AuditEvent.objects.count() == audits  # nothing recorded twice, not even in the audit trail
    # the same reference for different money is refused, not recorded
    clash = api.post(url, _body(client_reference="BANK-STMT-0042", amount="500.00"), format="json")
    assert clash.status_code == 409 and clash.json()["code"] == "client_reference_reused"
    assert Recovery.objects.filter(claim=claim).count() == 1


def test_the_idempotency_key_header_is_the_fallback(paid_claim, api_for):
    officer, claim = paid_claim
    api = api_for(officer)
    url = reverse("claims_api:claim-recoveries", args=[claim.pk])
    first = api.post(url, _body(), format="json", HTTP_IDEMPOTENCY_KEY="3f1c9a")
    again = api.post(url, _body(), format="json", HTTP_IDEMPOTENCY_KEY="3f1c9a")
    # the kernel replays the first answer (tests/kernel/test_idempotency.py)
    assert (first.status_code, again.status_code) == (201, 201) and again["Idempotent-Replayed"] == "true"
    assert Recovery.objects.filter(claim=claim).count() == 1
    # without a reference, two sends are two recoveries (the sender did not ask for once)
    api.post(url, _body(amount="100.00", costs="0"), format="json")
    assert Recovery.objects.filter(claim=claim).count() == 2


def test_a_double_submitted_page_form_records_once(paid_claim, client_for):
    officer, claim = paid_claim
    c = client_for(officer)
    form = c.get(reverse("claims:claim-detail", args=[claim.pk])).context["recovery_form"]
    reference = form.initial["client_reference"]
    data = {
        "received_on": today().isoformat(),
        "currency": "USD",
        "amount": "1000",
        "costs": "0",
        "client_reference": reference,
    }
    url = reverse("claims:claim-recovery", args=[claim.pk])
    c.post(url, data)
    c.post(url, data)
    assert list(Recovery.objects.filter(claim=claim).values_list("amount", flat=True)) == [D("1000.00")]


def test_a_stranger_cannot_record_on_the_claim(paid_claim, api_for):
    _officer, claim = paid_claim
    url = reverse("claims_api:claim-recoveries", args=[claim.pk])
    assert api_for(ExporterFactory()).post(url, _body(client_reference="x"), format="json").status_code in (
        403,
        404,
    )
