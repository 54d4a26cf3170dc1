"""Each app's events are raised by its own services, in their transaction, for the endpoints of
the organisations that may see the object (and the insurer's), carrying the object as the API shows
it. Sending is tested in test_delivery.py; here the deliveries written are read."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from claims.models import Claim
from creditinfo.services import risk_event_record
from financing import services as financing_services
from limits.services import limit_application_approve, limit_application_reject
from sinosure_portal.webhooks import services
from sinosure_portal.webhooks.models import Delivery
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory, ExporterFactory, InsurerOrganisationFactory, UnderwriterFactory
from tests.factories.claims import filed_claim, walk
from tests.factories.creditinfo import SubscriptionFactory
from tests.factories.financing import financing_setup, receivable
from tests.factories.limits import CreditLimitApplicationFactory
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db
URL = "http://127.0.0.1:9/hooks"  # nothing listens: these tests read what was written


def _endpoint(user, events):
    return services.endpoint_create(actor=user, url=URL, events=events).endpoint


def _payloads(endpoint, type=None):
    rows = Delivery.objects.filter(endpoint=endpoint).order_by("id")
    if type:
        rows = rows.filter(type=type)
    return [d.payload for d in rows]


def test_limit_decided_for_approval_and_rejection_only_to_the_insured():
    insurer = InsurerOrganisationFactory()
    underwriter = UnderwriterFactory(organisation=insurer)
    exporter, other = ExporterFactory(), ExporterFactory()
    mine, theirs = _endpoint(exporter, ["limit.decided"]), _endpoint(other, ["limit.decided"])
    staff = _endpoint(underwriter, ["limit.decided"])
    policy = PolicyFactory(organisation=exporter.organisation, period_start=today() - timedelta(days=30))
    approved = CreditLimitApplicationFactory(policy=policy, status="submitted")
    rejected = CreditLimitApplicationFactory(policy=policy, status="submitted")
    limit = limit_application_approve(
        application_id=approved.pk,
        actor=underwriter,
        amount_usd=Decimal("150000"),
        credit_period_days=90,
        payment_terms=["OA"],
        reason="Good payment record.",
    )
    limit_application_reject(application_id=rejected.pk, actor=underwriter, reason="Too new a buyer.")
    got = _payloads(mine)
    assert [(p["type"], p["data"]["id"], p["data"]["status"]) for p in got] == [
        ("limit.decided", approved.pk, "partly_approved"),
        ("limit.decided", rejected.pk, "rejected"),
    ]
    assert got[0]["data"]["approved_amount_usd"] == "150000.00" and got[0]["data"]["limit"] == limit.pk
    assert _payloads(theirs) == [] and len(_payloads(staff)) == 2


def test_claim_state_changes_and_indemnity_paid_in_order():
    exporter = ExporterFactory()
    endpoint = _endpoint(exporter, ["claim.state_changed", "indemnity.paid"])
    user, claim = filed_claim(user=exporter)
    walk(claim, insured=user, to="paid")
    changes = _payloads(endpoint, "claim.state_changed")
    assert [p["data"]["status"] for p in changes] == [
        "submitted",
        "accepted",
        "assessed",
        "approved",
        "notice_issued",
        "receipt_returned",
        "paid",
    ]
    (paid,) = _payloads(endpoint, "indemnity.paid")
    claim.refresh_from_db()
    assert paid["data"]["id"] == claim.pk and paid["data"]["status"] == Claim.Status.PAID
    assert paid["data"]["indemnity_usd"] == f"{claim.indemnity_usd:.2f}"
    assert len({p["id"] for p in changes}) == 7  # an event id each


def test_risk_alert_reaches_the_followers_organisations_and_the_insurer():
    buyer = BuyerFactory()
    follower, bystander = ExporterFactory(), ExporterFactory()
    underwriter = UnderwriterFactory(organisation=InsurerOrganisationFactory())
    SubscriptionFactory(user=follower, buyer=buyer, country=None)
    followed = _endpoint(follower, ["risk_alert"])
    other = _endpoint(bystander, ["risk_alert"])
    staff = _endpoint(underwriter, ["risk_alert"])
    event = risk_event_record(
        kind="bankruptcy", event_date=today(), title="Filed for insolvency", buyer=buyer, actor=underwriter
    )
    (alert,) = _payloads(followed)
    assert (
        alert["type"] == "risk_alert"
        and alert["data"]["id"] == event.pk
        and alert["data"]["kind"] == "bankruptcy"
    )
    assert _payloads(other) == [] and len(_payloads(staff)) == 1


def test_coverage_notice_and_loan_reach_the_bank_and_the_exporter():
    setup = financing_setup()
    bank_endpoint = _endpoint(setup.bank_officer, ["coverage_notice.issued", "loan.registered"])
    exporter_endpoint = _endpoint(setup.exporter, ["loan.registered"])
    stranger = _endpoint(ExporterFactory(), ["coverage_notice.issued", "loan.registered"])
    d = receivable(setup, financing_intent=True)
    financing_services.coverage_notices_issue(declaration_ids=[d.pk])
    financing_services.coverage_notices_issue(declaration_ids=[d.pk])  # again: nothing new
    loan = financing_services.loan_register(
        actor=setup.bank_officer,
        data=financing_services.LoanInput(
            organisation_id=setup.exporter.organisation_id,
            loan_date=today(),
            currency="USD",
            amount=Decimal("100"),
            declaration_ids=[d.pk],
        ),
    )
    types = [(p["type"], p["data"]["id"]) for p in _payloads(bank_endpoint)]
    assert types[0][0] == "coverage_notice.issued" and types[1:] == [("loan.registered", loan.pk)]
    assert len(types) == 2
    assert [p["data"]["number"] for p in _payloads(exporter_endpoint)] == [loan.number]
    assert _payloads(stranger) == []


def test_nothing_is_written_when_no_endpoint_chose_the_event():
    exporter = ExporterFactory()
    _endpoint(exporter, ["indemnity.paid"])
    user, claim = filed_claim(user=exporter)
    walk(claim, insured=user, to="accepted")
    assert not Delivery.objects.exists()


def test_an_upload_raises_covered_partly_covered_and_refused_per_row(monkeypatch):
    from declarations import tasks as declaration_tasks
    from declarations.services import declaration_batch_process, declaration_batch_submit
    from tests.factories.declarations import declaring_setup

    monkeypatch.setattr(declaration_tasks.process_batch, "delay", lambda batch_id: None)
    user, policy, limit = declaring_setup(amount=Decimal("30000"), terms=("OA",), max_days=90)
    endpoint = _endpoint(user, ["declaration.covered", "declaration.partly_covered", "declaration.refused"])
    shipped = (today() - timedelta(days=3)).isoformat()
    header = "Invoice number,Buyer,Shipment date,Currency,Amount,Payment term,Credit period (days),HS code,Goods or service\n"
    rows = [
        ("U-1", limit.buyer.name, shipped, "USD", "20000", "OA", 60, "940360", ""),  # covered
        ("U-2", limit.buyer.name, shipped, "USD", "20000", "OA", 60, "940360", ""),  # 10,000 left: partly
        ("U-3", "No Such Buyer GmbH", shipped, "USD", "5000", "OA", 60, "940360", ""),  # refused
    ]
    content = (header + "".join(",".join(str(c) for c in r) + "\n" for r in rows)).encode()
    batch = declaration_batch_submit(actor=user, policy_id=policy.pk, file_name="up.csv", content=content)
    declaration_batch_process(batch_id=batch.pk)
    got = {p["type"]: p["data"] for p in _payloads(endpoint)}
    assert set(got) == {"declaration.covered", "declaration.partly_covered", "declaration.refused"}
    assert got["declaration.covered"]["invoice_number"] == "U-1"
    assert got["declaration.partly_covered"]["covered_usd"] == "10000.00"
    refused = got["declaration.refused"]
    assert (
        refused["invoice_number"] == "U-3"
        and refused["outcome"] == "refused"
        and refused["batch"] == batch.pk
    )
    assert refused["reason"] and refused["declaration"] is None


def test_a_fault_in_raising_an_event_never_fails_the_act(monkeypatch, caplog):
    """The declaration stands (and is audited) even when its event cannot be shown; the fault is
    logged as an error for the operators."""
    from declarations.models import ShipmentDeclaration
    from declarations.services import DeclarationInput, declaration_create
    from sinosure_portal.webhooks import registry
    from tests.factories.declarations import declaring_setup

    user, policy, limit = declaring_setup()
    _endpoint(user, ["declaration.covered"])
    shape = registry.object_shape(ShipmentDeclaration)

    def broken(obj):
        raise ValueError("cannot show")

    monkeypatch.setitem(
        registry._OBJECTS, ShipmentDeclaration, shape.__class__(**{**shape.__dict__, "serialize": broken})
    )
    d = declaration_create(
        actor=user,
        data=DeclarationInput(
            policy_id=policy.pk,
            buyer_id=limit.buyer_id,
            invoice_number="INV-F",
            shipment_date=today() - timedelta(days=3),
            currency="USD",
            amount=Decimal("1000.00"),
            payment_term="OA",
            credit_days=90,
            hs_code="940360",
            description="wooden furniture",
        ),
    )
    assert ShipmentDeclaration.objects.filter(pk=d.pk, status="covered").exists()
    assert not Delivery.objects.exists()
    assert any("could not be raised" in r.getMessage() and r.levelname == "ERROR" for r in caplog.records)
