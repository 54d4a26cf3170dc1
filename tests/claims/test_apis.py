"""The API under /api/v1/claims/: a whole case through the API, the error shapes, scoping (another
organisation's notice, claim or document is a 404 even by a guessed id or URL), list query counts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Claim
from sinosure_portal.core.documents import pdf_text
from sinosure_portal.workdays.calendar import today
from tests.factories import ExporterFactory
from tests.factories.claims import PDF, REQUIRED, file_notice, filed_claim, overdue_setup, walk

pytestmark = pytest.mark.django_db
API = "/api/v1/claims"


def test_a_case_from_notice_to_recovery_through_the_api(api_for, officer):
    user, policy, limit, shipments = overdue_setup()
    exporter, claims = api_for(user), api_for(officer)
    body = {
        "policy": policy.pk,
        "buyer": limit.buyer_id,
        "declarations": [d.pk for d in shipments],
        "cause": "buyer_default",
        "amount_at_risk_usd": "100000.00",
        "description": "Unpaid for three weeks.",
    }
    check = exporter.post(f"{API}/notices/check/", body, format="json")
    assert check.status_code == 200, check.json()
    assert check.json()["deadline"] == (today() + timedelta(days=10)).isoformat()
    r = exporter.post(f"{API}/notices/", body, format="json")
    assert r.status_code == 201, r.json()
    notice = r.json()
    assert notice["late"] is False and notice["deadline_basis"] == "calendar"
    assert sorted(notice["declarations"]) == sorted(d.pk for d in shipments)
    assert claims.post(f"{API}/notices/{notice['id']}/acknowledge/").status_code == 200
    r = exporter.post(f"{API}/", {"notice": notice["id"]}, format="json")
    assert r.status_code == 201, r.json()
    claim_id = r.json()["claim"]["id"]
    assert r.json()["detail"]["missing_evidence"] == REQUIRED
    for kind in REQUIRED:
        up = exporter.post(
            f"{API}/{claim_id}/documents/",
            {
                "document_kind": kind,
                "file": SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf"),
            },
            format="multipart",
        )
        assert up.status_code == 201, up.json()
    for step in ("accept", "assess"):
        assert claims.post(f"{API}/{claim_id}/{step}/").status_code == 200
    r = claims.post(
        f"{API}/{claim_id}/decide/", {"decision": "approve", "reason": "Covered default."}, format="json"
    )
    assert r.status_code == 200 and r.json()["claim"]["status"] == "approved"
    rows = {row["key"]: row["value"] for row in r.json()["detail"]["assessment"]["rows"]}
    assert rows["loss"] == "100000.0000" and rows["indemnity"] == "90000.0000"
    r = claims.post(f"{API}/{claim_id}/issue-notice/")
    assert r.status_code == 200 and r.json()["claim"]["payee"] == user.organisation_id
    receipt = exporter.get(r.json()["detail"]["pdfs"]["indemnity_receipt"])
    text = pdf_text(b"".join(receipt.streaming_content))
    assert "赔款收据及权益转让书" in text and "Transfer of Rights" in text
    for kind in ("signed_notice_receipt", "signed_receipt_transfer", "aml"):
        exporter.post(
            f"{API}/{claim_id}/documents/",
            {"document_kind": kind, "file": SimpleUploadedFile(f"{kind}.pdf", PDF)},
            format="multipart",
        )
    assert claims.post(f"{API}/{claim_id}/confirm-receipt/").status_code == 200
    r = claims.post(f"{API}/{claim_id}/pay/", {"reference": "TT-9"}, format="json")
    assert r.status_code == 200 and r.json()["claim"]["status"] == "paid"
    again = claims.post(f"{API}/{claim_id}/pay/", {}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_paid"
    r = claims.post(
        f"{API}/{claim_id}/recoveries/",
        {"received_on": today().isoformat(), "currency": "USD", "amount": "10000", "costs": "1000"},
        format="json",
    )
    assert r.status_code == 201 and (r.json()["insurer_share_usd"], r.json()["insured_share_usd"]) == (
        "8100.00",
        "900.00",
    )
    assert exporter.get(f"{API}/recoveries/").json()["count"] == 1


def test_domain_errors_are_400_with_a_code_and_role_errors_403(api_for, officer):
    user, claim = filed_claim()
    exporter = api_for(user)
    r = exporter.post(f"{API}/{claim.pk}/accept/")
    assert r.status_code == 403 and r.json()["code"] == "not_allowed"
    r = api_for(officer).post(
        f"{API}/{claim.pk}/decide/", {"decision": "approve", "reason": "x"}, format="json"
    )
    assert r.status_code == 400 and r.json()["code"] == "claim_wrong_status"
    r = exporter.post(
        f"{API}/{claim.pk}/documents/",
        {"document_kind": "contract", "file": SimpleUploadedFile("x.exe", b"MZ")},
        format="multipart",
    )
    assert r.status_code == 400 and r.json() == {
        "code": "upload_file_type",
        "message": "Upload a PDF, JPEG, PNG, XLSX or DOCX file (not .exe).",
        "field": "file",
    }
    r = exporter.post(f"{API}/notices/", {"policy": 1}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "invalid"


def test_another_exporter_gets_404_for_notices_claims_documents_and_pdfs(api_for):
    user, claim = filed_claim()
    doc = walk_docs(user, claim)
    stranger = api_for(ExporterFactory())
    for url in (
        f"{API}/notices/{claim.notice_id}/",
        f"{API}/notices/{claim.notice_id}/pdf/",
        f"{API}/{claim.pk}/",
        f"{API}/{claim.pk}/assessment/",
        f"{API}/{claim.pk}/documents/",
        f"{API}/{claim.pk}/documents/{doc.pk}/",
        f"{API}/{claim.pk}/pdf/claim_application/",
    ):
        assert stranger.get(url).status_code == 404, url
    for url in (f"{API}/{claim.pk}/withdraw/", f"{API}/notices/{claim.notice_id}/withdraw/"):
        assert stranger.post(url, {"reason": "mine"}, format="json").status_code == 404, url
    assert stranger.get(f"{API}/").json()["count"] == 0
    assert stranger.get(f"{API}/notices/").json()["count"] == 0
    assert stranger.get(f"{API}/queue/").status_code == 404
    # the owner gets the file itself
    owner = api_for(user)
    r = owner.get(f"{API}/{claim.pk}/documents/{doc.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF + b"contract"


def walk_docs(user, claim):
    from tests.factories.claims import upload_evidence

    upload_evidence(user, claim, ["contract"])
    return claim.documents.get()


def test_the_queue_is_for_insurer_staff_most_urgent_first(api_for, officer):
    user, older = filed_claim()
    _, newer = filed_claim()
    Claim.objects.filter(pk=newer.pk).update(escalation="overdue", decision_due=today() - timedelta(days=1))
    rows = api_for(officer).get(f"{API}/queue/").json()["results"]
    assert [r["id"] for r in rows] == [newer.pk, older.pk]
    assert rows[0]["decision_days_left"] == -1


def test_list_endpoints_keep_their_query_count(api_for, officer, django_assert_max_num_queries):
    for _ in range(3):
        user, claim = filed_claim()
        walk(claim, insured=user, officer=officer, to="accepted")
    client = api_for(officer)
    client.get(f"{API}/")  # warm up the token and content types
    for url in (f"{API}/", f"{API}/queue/", f"{API}/notices/", f"{API}/recoveries/"):
        with django_assert_max_num_queries(6):
            r = client.get(url)
        assert r.status_code == 200
    assert client.get(f"{API}/").json()["count"] == 3


def test_notifiable_shipments_are_the_insureds_open_covered_ones(api_for):
    user, policy, limit, shipments = overdue_setup()
    other_user, *_ = overdue_setup()
    file_notice(user, policy, shipments[:1])
    rows = api_for(user).get(f"{API}/notices/shipments/", {"policy": policy.pk}).json()["results"]
    assert [r["id"] for r in rows] == [shipments[1].pk]
    assert Decimal(rows[0]["outstanding_usd"]) == Decimal("40000.00")
