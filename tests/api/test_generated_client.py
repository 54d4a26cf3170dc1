"""A client generated from /api/schema/ by a maintained generator (openapi-python-client) drives a
whole journey against a running portal: a policy applied for and issued, a limit partly approved, a
shipment declared and covered, overdue, a possible-loss notice, a claim with its documents, decided,
paid, and a recovery shared. Every request and answer goes through the generated models, so a schema
that no longer describes what the API takes or gives (a field renamed, a body the client cannot
send, an answer it cannot read) fails here."""

import hashlib
import hmac
import importlib
import io
import json
import subprocess
import sys
import threading
import time
from datetime import timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
import time_machine

from declarations.tasks import mark_receivables_overdue
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory, ClaimsOfficerFactory, ExporterFactory, UnderwriterFactory
from tests.factories.claims import PDF, REQUIRED

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "test-pass-2026"
TIMEOUT = 120  # seconds: a busy CI machine (two test workers, a browser) answers slowly, not wrongly
# the package is named after the schema's title, as the README's example imports it
PACKAGE = "export_credit_insurance_portal_api_client"
GENERATOR = Path(sys.executable).with_name("openapi-python-client")
CONFIG = Path(__file__).with_name("client_config.yaml")


@pytest.fixture
def portal_client(live_server, tmp_path):
    """The package generated from the schema the running portal serves, imported for this test."""
    # in English (as the README's command asks): enum and model names come from the schema's words
    schema = httpx.get(f"{live_server.url}/api/schema/?format=json&lang=en", timeout=TIMEOUT)
    assert schema.status_code == 200
    (tmp_path / "schema.json").write_bytes(schema.content)
    run = subprocess.run(  # noqa: S603 - the generator from our own environment, on our own schema
        [
            str(GENERATOR),
            "generate",
            "--path",
            "schema.json",
            "--config",
            str(CONFIG),
            "--output-path",
            "out",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    # the generator warns about what it cannot express (an unsupported body, a broken reference)
    assert "warning" not in output.lower() and "error" not in output.lower(), output
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


@pytest.fixture
def receiver():
    """An ERP's webhook receiver on 127.0.0.1: keeps what it is sent (headers and raw body)."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            headers = dict(self.headers) | {"received-at": time.time()}  # the receiver's clock
            received.append((headers, body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.received = received
    server.url = f"http://127.0.0.1:{server.server_address[1]}/portal-events"
    yield server
    server.shutdown()


def signed_by(secret: str, headers: dict, body: bytes) -> bool:
    """The receiver's check, written here from the README's description, not the portal's code:
    Portal-Signature is t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>"> under the secret."""
    parts = dict(item.split("=", 1) for item in headers["Portal-Signature"].split(","))
    expected = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"]) and abs(headers["received-at"] - int(parts["t"])) < 300


class Portal:
    """Calls an operation of the generated client and returns its parsed answer, failing on an error
    answer with what the portal said."""

    def __init__(self, pc, base_url):
        self.pc, self.base_url = pc, base_url

    def op(self, tag: str, name: str):
        return importlib.import_module(f"{PACKAGE}.api.{tag}.{name}")

    def model(self, name: str):
        return getattr(importlib.import_module(f"{PACKAGE}.models"), name)

    def sign_in(self, username: str):
        token = self.call(
            self.pc.Client(base_url=self.base_url, timeout=httpx.Timeout(TIMEOUT)),
            "auth",
            "auth_token_create",
            body=self.model("TokenApiInputRequest").from_dict({"username": username, "password": PASSWORD}),
        )
        return self.pc.AuthenticatedClient(
            base_url=self.base_url,
            token=token.token,
            headers={"Accept-Language": "en"},
            timeout=httpx.Timeout(TIMEOUT),
        )

    def call(self, client, tag: str, name: str, *, expect=(200, 201), **kwargs):
        response = self.op(tag, name).sync_detailed(client=client, **kwargs)
        assert response.status_code in expect, (name, response.status_code, response.content[:500])
        return response.parsed


def test_a_whole_journey_through_the_generated_client(portal_client, live_server, receiver, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True  # the receiver is on loopback, over http
    pc, api = portal_client, Portal(portal_client, live_server.url)
    exporter_user = ExporterFactory(username="gc-exporter")
    UnderwriterFactory(username="gc-underwriter")
    ClaimsOfficerFactory(username="gc-claims")
    buyer = BuyerFactory()
    exporter, underwriter, officer = (
        api.sign_in("gc-exporter"),
        api.sign_in("gc-underwriter"),
        api.sign_in("gc-claims"),
    )
    M = api.model

    def upload(kind):  # a multipart body: the document's kind and its file
        return M("ClaimDocumentListUploadApiInputRequest")(
            document_kind=M("DocumentKindEnum")(kind),
            file=pc.types.File(payload=io.BytesIO(PDF), file_name=f"{kind}.pdf", mime_type="application/pdf"),
        )

    # the exporter's ERP registers its webhook endpoint for the events of this journey
    offered = {e.type_ for e in api.call(exporter, "webhooks", "webhooks_events_list")}
    chosen = [
        "limit.decided",
        "declaration.covered",
        "receivable.overdue",
        "claim.state_changed",
        "indemnity.paid",
    ]
    assert set(chosen) <= offered
    endpoint = api.call(
        exporter,
        "webhooks",
        "webhooks_endpoints_create",
        body=M("EndpointListCreateApiInputRequest").from_dict({"url": receiver.url, "events": chosen}),
    )
    assert endpoint.secret and sorted(endpoint.events) == sorted(chosen)

    # a policy: applied for, consented, signed, submitted, issued by the underwriter
    application = api.call(
        exporter,
        "policies",
        "policies_applications_create",
        body=M("PolicyApplicationListApiInputRequest").from_dict(
            {
                "product": "COMPREHENSIVE",
                "contact_name": "王丽",
                "contact_phone": "0532-1",
                "estimated_turnover_usd": "1500000.00",
            }
        ),
    )
    assert application.status == "draft" and application.company_name == exporter_user.organisation.name_zh
    api.call(
        exporter,
        "policies",
        "policies_applications_consent_create",
        id=application.id,
        body=M("PolicyApplicationConsentApiInputRequest").from_dict({"consent": True}),
    )
    signed = api.call(
        exporter,
        "policies",
        "policies_applications_sign_create",
        id=application.id,
        body=M("PolicyApplicationSignApiInputRequest").from_dict(
            {"signer_name": "王丽", "signer_title": "经理"}
        ),
    )
    assert len(signed.document_sha256) == 64
    submitted = api.call(exporter, "policies", "policies_applications_submit_create", id=application.id)
    assert submitted.status == "submitted"
    start = today()
    policy = api.call(
        underwriter,
        "policies",
        "policies_applications_issue_create",
        id=application.id,
        body=M("PolicyApplicationIssueApiInputRequest").from_dict(
            {
                "period_start": start.isoformat(),
                "period_end": (start + timedelta(days=364)).isoformat(),
                "indemnity_ratio": "0.90",
                "max_liability_usd": "3000000",
                "rates": [
                    {
                        "country_class_from": 1,
                        "country_class_to": 9,
                        "payment_term": "",
                        "credit_days_from": 0,
                        "credit_days_to": 720,
                        "rate": "0.004",
                    }
                ],
            }
        ),
    )
    assert policy.number.startswith("COM")

    # a limit: asked for 80,000, approved for 60,000 (partly)
    limit_application = api.call(
        exporter,
        "limits",
        "limits_applications_create",
        body=M("LimitApplicationListApiInputRequest").from_dict(
            {
                "policy": policy.id,
                "buyer": buyer.pk,
                "payment_term": "OA",
                "credit_period_days": 90,
                "amount_requested_usd": "80000",
                "goods_category": "家具",
            }
        ),
    )
    assert limit_application.status == "submitted" and limit_application.issuing_bank is None
    api.call(underwriter, "limits", "limits_applications_take_create", id=limit_application.id)
    decided = api.call(
        underwriter,
        "limits",
        "limits_applications_approve_create",
        id=limit_application.id,
        body=M("LimitApplicationApproveApiInputRequest").from_dict(
            {"amount_usd": "60000", "credit_period_days": 90, "payment_terms": ["OA"], "reason": "降额"}
        ),
    )
    assert decided.status == "partly_approved" and decided.limit
    limit = api.call(exporter, "limits", "limits_retrieve", id=decided.limit)
    assert limit.available_usd == "60000.00"

    # a shipment of 50,000 on 30 days: covered in full, premium 50,000 x 0.4% = 200
    shipped_on = today()
    declaration = api.call(
        exporter,
        "declarations",
        "declarations_create",
        body=M("DeclarationInputRequest").from_dict(
            {
                "policy": policy.id,
                "buyer": buyer.pk,
                "invoice_number": "GC-1",
                "shipment_date": shipped_on.isoformat(),
                "currency": "USD",
                "amount": "50000.00",
                "payment_term": "OA",
                "credit_days": 30,
                "hs_code": "940360",
            }
        ),
    )
    assert (declaration.status, declaration.covered_usd) == ("covered", "50000.00")
    assert Decimal(declaration.premium_usd) == Decimal("200.00")
    assert declaration.due_date == shipped_on + timedelta(days=30)
    assert api.call(exporter, "limits", "limits_retrieve", id=decided.limit).available_usd == "10000.00"

    # 45 days on, unpaid: the day's sweep finds it overdue; the insured gives notice and claims
    with time_machine.travel(shipped_on + timedelta(days=45), tick=True):
        mark_receivables_overdue.delay()  # the beat's daily task, run by the (eager) worker
        assert (
            api.call(exporter, "declarations", "declarations_retrieve", id=declaration.id).status == "overdue"
        )
        notice = api.call(
            exporter,
            "claims",
            "claims_notices_create",
            body=M("LossNoticeInputRequest").from_dict(
                {
                    "policy": policy.id,
                    "buyer": buyer.pk,
                    "declarations": [declaration.id],
                    "cause": "buyer_default",
                    "amount_at_risk_usd": "50000.00",
                    "description": "Unpaid for fifteen days.",
                }
            ),
        )
        assert notice.late is False
        api.call(officer, "claims", "claims_notices_acknowledge_create", id=notice.id)
        filed = api.call(
            exporter,
            "claims",
            "claims_create",
            body=M("ClaimListCreateApiInputRequest").from_dict({"notice": notice.id}),
        )
        claim_id = filed.claim.id
        assert filed.detail.missing_evidence == REQUIRED
        for kind in REQUIRED:
            uploaded = api.call(
                exporter,
                "claims",
                "claims_documents_create",
                id=claim_id,
                body=upload(kind),
            )
            assert uploaded.document_kind == kind
        for step in ("claims_accept_create", "claims_assess_create"):
            api.call(officer, "claims", step, id=claim_id)
        approved = api.call(
            officer,
            "claims",
            "claims_decide_create",
            id=claim_id,
            body=M("ClaimDecideInputRequest").from_dict(
                {"decision": "approve", "reason": "Covered default."}
            ),
        )
        assert approved.claim.status == "approved"
        rows = {row.key: row.value for row in approved.detail.assessment.rows}
        # the loss is what was covered (50,000); the indemnity 90% of it
        assert Decimal(rows["loss"]) == Decimal("50000") and Decimal(rows["indemnity"]) == Decimal("45000")
        noticed = api.call(officer, "claims", "claims_issue_notice_create", id=claim_id)
        assert noticed.claim.payee == exporter_user.organisation_id
        for kind in ("signed_notice_receipt", "signed_receipt_transfer", "aml"):
            api.call(
                exporter,
                "claims",
                "claims_documents_create",
                id=claim_id,
                body=upload(kind),
            )
        api.call(officer, "claims", "claims_confirm_receipt_create", id=claim_id)
        paid = api.call(
            officer,
            "claims",
            "claims_pay_create",
            id=claim_id,
            body=M("ClaimPayApiInputRequest").from_dict({"reference": "TT-GC-1"}),
        )
        assert paid.claim.status == "paid"

        # a recovery of 10,000 less 1,000 costs: 9,000 shared 90/10; sent twice with one
        # Idempotency-Key, it is recorded once and the repeat answers the first
        recovery = M("RecoveryCreateApiInputRequest").from_dict(
            {"received_on": today().isoformat(), "currency": "USD", "amount": "10000", "costs": "1000"}
        )
        first = api.call(
            officer,
            "claims",
            "claims_recoveries_create",
            id=claim_id,
            body=recovery,
            idempotency_key="gc-rec-1",
        )
        again = api.call(
            officer,
            "claims",
            "claims_recoveries_create",
            id=claim_id,
            body=recovery,
            idempotency_key="gc-rec-1",
        )
        assert (first.insurer_share_usd, first.insured_share_usd) == ("8100.00", "900.00")
        assert again.id == first.id
        listed = api.call(exporter, "claims", "claims_recoveries_list")
        assert [r.id for r in listed.results] == [first.id]

    # every event of the journey reached the ERP, signed, once each, in the order it happened
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(
        json.loads(body)["type"] == "indemnity.paid" for _h, body in receiver.received
    ):
        time.sleep(0.2)
    events = [json.loads(body) for _h, body in receiver.received]
    assert all(signed_by(endpoint.secret, headers, body) for headers, body in receiver.received)
    assert len({e["id"] for e in events}) == len(events)
    types = [e["type"] for e in events]
    assert types[:3] == ["limit.decided", "declaration.covered", "receivable.overdue"], types
    assert types[-1] == "indemnity.paid" and set(types[3:-1]) == {"claim.state_changed"}, types
    assert events[1]["data"]["invoice_number"] == "GC-1" and events[1]["data"]["covered_usd"] == "50000.00"
    assert all(h["Portal-Event-Id"] == e["id"] for (h, _b), e in zip(receiver.received, events, strict=True))
    log = api.call(exporter, "webhooks", "webhooks_endpoints_deliveries_list", id=endpoint.id)
    assert log.count == len(events) and {d.status for d in log.results} == {"delivered"}
