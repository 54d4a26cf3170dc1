"""The pages: every page renders for the people who use it, forms show domain errors next to the
field, another exporter gets 404s (even with a document's URL), list pages keep their query count,
every list exports to Excel."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, PossibleLossNotice
from sinosure_portal.core.exports import XLSX
from sinosure_portal.workdays.calendar import today
from tests.factories import ExporterFactory
from tests.factories.claims import PDF, filed_claim, overdue_setup, upload_evidence, walk

pytestmark = pytest.mark.django_db


def test_the_exporter_notifies_a_loss_checking_the_deadline_first(client_for):
    user, policy, limit, shipments = overdue_setup()
    client = client_for(user)
    url = reverse("claims:notice-new")
    page = client.get(url)
    assert (
        page.status_code == 200 and shipments[0].invoice_number in page.content.decode()
    )  # one target: preselected
    form = {
        "target": f"{policy.pk}:{limit.buyer_id}",
        "declarations": [str(d.pk) for d in shipments],
        "cause": "buyer_default",
        "amount_at_risk_usd": "100000.00",
        "description": "No payment.",
    }
    check = client.post(url, {**form, "action": "check"})
    assert check.status_code == 200
    assert (today() + timedelta(days=10)).isoformat() in check.content.decode()
    assert not PossibleLossNotice.objects.exists()
    too_much = client.post(url, {**form, "amount_at_risk_usd": "100000.01", "action": "submit"})
    assert 'data-field-error="amount_at_risk_usd"' in too_much.content.decode()
    sent = client.post(url, {**form, "action": "submit"})
    notice = PossibleLossNotice.objects.get()
    assert sent.status_code == 302 and sent.url == reverse("claims:notice-detail", args=[notice.pk])
    detail = client.get(sent.url).content.decode()
    assert notice.number in detail and 'data-testid="file-claim"' in detail
    pdf = client.get(reverse("claims:notice-pdf", args=[notice.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_exporter_files_the_claim_and_uploads_evidence_with_checks(client_for):
    user, policy, limit, shipments = overdue_setup()
    from tests.factories.claims import file_notice

    notice = file_notice(user, policy, shipments)
    client = client_for(user)
    r = client.post(reverse("claims:claim-from-notice", args=[notice.pk]), {"description": ""})
    claim = Claim.objects.get()
    assert r.status_code == 302 and r.url == reverse("claims:claim-detail", args=[claim.pk])
    page = client.get(r.url).content.decode()
    assert 'data-testid="missing"' in page and "Bill of lading" in page
    bad = client.post(
        reverse("claims:claim-upload", args=[claim.pk]),
        {"kind": "contract", "file": SimpleUploadedFile("contract.exe", b"MZ\x00")},
    )
    assert bad.status_code == 400 and "Upload a PDF, JPEG, PNG, XLSX or DOCX file" in bad.content.decode()
    good = client.post(
        reverse("claims:claim-upload", args=[claim.pk]),
        {"kind": "contract", "file": SimpleUploadedFile("contract.pdf", PDF)},
    )
    assert good.status_code == 302
    doc = claim.documents.get()
    download = client.get(reverse("claims:claim-document", args=[claim.pk, doc.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_another_exporter_gets_404_everywhere_even_with_the_document_url(client_for):
    user, claim = filed_claim()
    upload_evidence(user, claim, ["contract"])
    doc = claim.documents.get()
    client = client_for(ExporterFactory())
    for url in (
        reverse("claims:notice-detail", args=[claim.notice_id]),
        reverse("claims:notice-pdf", args=[claim.notice_id]),
        reverse("claims:claim-from-notice", args=[claim.notice_id]),
        reverse("claims:claim-detail", args=[claim.pk]),
        reverse("claims:claim-document", args=[claim.pk, doc.pk]),
        reverse("claims:claim-pdf", args=[claim.pk, "claim_application"]),
    ):
        assert client.get(url).status_code == 404, url
    for url, data in (
        (reverse("claims:claim-action", args=[claim.pk]), {"action": "withdraw", "reason": "x"}),
        (
            reverse("claims:claim-upload", args=[claim.pk]),
            {"kind": "other", "file": SimpleUploadedFile("a.pdf", PDF)},
        ),
        (reverse("claims:notice-action", args=[claim.notice_id]), {"action": "withdraw", "reason": "x"}),
    ):
        assert client.post(url, data).status_code == 404, url
    assert claim.documents.count() == 1
    assert client.get(reverse("claims:queue")).status_code == 404
    listing = client.get(reverse("claims:claim-list")).content.decode()
    assert claim.number not in listing


def test_the_officer_works_the_case_on_the_page(client_for, officer):
    user, claim = filed_claim()
    client = client_for(officer)
    action = reverse("claims:claim-action", args=[claim.pk])
    client.post(action, {"action": "accept"})
    upload_evidence(user, claim)
    r = client.post(
        reverse("claims:claim-deduction", args=[claim.pk]),
        {"kind": "set_off", "amount_usd": "1000", "note": ""},
    )
    assert r.status_code == 400 and 'data-field-error="note"' in r.content.decode()
    client.post(
        reverse("claims:claim-deduction", args=[claim.pk]),
        {"kind": "set_off", "amount_usd": "1000", "note": "Credit note."},
    )
    page = client.get(reverse("claims:claim-detail", args=[claim.pk])).content.decode()
    set_off = re.search(r'<tr data-line="set_off".*?</tr>', page, re.S).group(0)
    # under "less amounts set off" the amount reads without a minus (never a double negative)
    assert "USD 1,000.00" in set_off and "-1,000.00" not in set_off and "USD 89,100.00" in page
    client.post(action, {"action": "assess"})
    r = client.post(action, {"action": "decide", "decision": "partly", "reason": "x"})
    assert r.status_code == 400 and "Nothing was excluded" in r.content.decode()
    client.post(action, {"action": "decide", "decision": "approve", "reason": "Covered default."})
    claim.refresh_from_db()
    assert claim.status == "approved" and str(claim.indemnity_usd) == "89100.00"


@pytest.mark.parametrize("to", ["accepted", "approved", "notice_issued", "paid", "closed"])
def test_the_case_page_renders_in_each_state_for_both_sides(client, officer, to):
    user, claim = filed_claim()
    walk(claim, insured=user, officer=officer, to=to)
    for who in (user, officer):
        client.force_login(who)
        page = client.get(reverse("claims:claim-detail", args=[claim.pk]))
        assert page.status_code == 200
        assert 'data-testid="assessment"' in page.content.decode()
    if to in ("notice_issued", "paid", "closed"):
        receipt = client.get(reverse("claims:claim-pdf", args=[claim.pk, "indemnity_receipt"]))
        assert receipt.status_code == 200 and receipt["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "name", ["claims:claim-list", "claims:queue", "claims:notice-list", "claims:recovery-list"]
)
def test_list_pages_keep_their_query_count_and_export(
    client_for, officer, name, django_assert_max_num_queries
):
    for _ in range(3):
        user, claim = filed_claim()
        walk(claim, insured=user, officer=officer, to="accepted")
    client = client_for(officer)
    client.get(reverse(name))
    with django_assert_max_num_queries(20):
        page = client.get(reverse(name))
    assert page.status_code == 200
    export = client.get(reverse(name), {"format": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"] == XLSX


def test_the_queue_shows_the_clock_and_escalation(client_for, officer):
    user, claim = filed_claim()
    Claim.objects.filter(pk=claim.pk).update(decision_due=today() + timedelta(days=3), escalation="near")
    page = client_for(officer).get(reverse("claims:queue")).content.decode()
    assert 'data-days-left="3"' in page and "Decision due soon" in page


def test_dashboards_show_the_claims_cards(client, officer):
    user, claim = filed_claim()
    client.force_login(user)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Open claims" in page and reverse("claims:claim-list") in page
    client.force_login(officer)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Claims queue" in page and reverse("claims:queue") in page


def test_the_direct_claim_page_files_a_micro_claim(client_for):
    from tests.factories import BuyerFactory
    from tests.factories.claims import micro_setup

    user, policy = micro_setup()
    buyer = BuyerFactory()
    client = client_for(user)
    assert client.get(reverse("claims:claim-direct")).status_code == 200
    data = {
        "policy": str(policy.pk),
        "buyer": str(buyer.pk),
        "cause": "buyer_insolvency",
        "event_date": (today() - timedelta(days=2)).isoformat(),
        "description": "Bankrupt.",
        "inv-TOTAL_FORMS": "1",
        "inv-INITIAL_FORMS": "0",
        "inv-MIN_NUM_FORMS": "1",
        "inv-MAX_NUM_FORMS": "50",
        "inv-0-invoice_number": "M-77",
        "inv-0-shipment_date": (today() - timedelta(days=60)).isoformat(),
        "inv-0-due_date": (today() + timedelta(days=30)).isoformat(),
        "inv-0-currency": "USD",
        "inv-0-amount": "12000",
        "inv-0-paid_amount": "0",
    }
    r = client.post(reverse("claims:claim-direct"), data)
    claim = Claim.objects.get()
    assert r.status_code == 302 and claim.decision_due is not None
    page = client.get(r.url).content.decode()
    assert "data-days-left" in page


def test_the_insured_sees_the_computation_once_the_loss_is_assessed(client, officer):
    user, claim = filed_claim()
    walk(claim, insured=user, officer=officer, to="accepted")
    client.force_login(user)
    page = client.get(reverse("claims:claim-detail", args=[claim.pk])).content.decode()
    assert 'data-testid="assessment-pending"' in page and 'data-line="indemnity"' not in page
    client.force_login(officer)
    assert (
        'data-line="indemnity"'
        in client.get(reverse("claims:claim-detail", args=[claim.pk])).content.decode()
    )
    from claims import services

    upload_evidence(user, claim)
    services.claim_assess(actor=officer, claim_id=claim.pk)
    client.force_login(user)
    page = client.get(reverse("claims:claim-detail", args=[claim.pk])).content.decode()
    assert 'data-line="indemnity"' in page and "USD 90,000.00" in page
    assert "Document uploaded" in page  # the history in words


def test_a_claim_filed_a_minute_ago_is_not_open_for_hours(client_for, officer):
    """ "Open for" counts from the moment the claim was recorded (timesince on its filing date made a
    claim filed a minute ago "open 19 hours")."""
    user, claim = filed_claim()
    Claim.objects.filter(pk=claim.pk).update(
        decision_due=None, created_at=timezone.now() - timedelta(minutes=1)
    )
    row = client_for(officer).get(reverse("claims:queue")).content.decode()
    clock = row[row.index('data-testid="clock"') :][:400]
    assert "open 1\xa0minute" in clock and "hour" not in clock
    # a claim filed three days ago (recorded then) is open for three days
    Claim.objects.filter(pk=claim.pk).update(
        filed_on=today() - timedelta(days=3), created_at=timezone.now() - timedelta(days=3, minutes=5)
    )
    row = client_for(officer).get(reverse("claims:queue")).content.decode()
    assert "open 3\xa0days" in row[row.index('data-testid="clock"') :][:400]


def test_the_forms_propose_what_the_claim_waits_for(client_for, officer):
    """A document request proposes an answer date ten business days ahead, not today; the upload
    form proposes the first missing evidence, and after the indemnity notice the first receipt."""
    from sinosure_portal.workdays.calendar import add_business_days

    user, claim = filed_claim()
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.INVESTIGATING, officer=officer)
    page = client_for(officer).get(reverse("claims:claim-detail", args=[claim.pk])).content.decode()
    answer_by = add_business_days(today(), 10).date.isoformat()
    assert f'name="due_date" value="{answer_by}"' in page
    mine = client_for(user).get(reverse("claims:claim-detail", args=[claim.pk])).content.decode()
    assert '<option value="contract" selected>' in mine
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.NOTICE_ISSUED)
    mine = client_for(user).get(reverse("claims:claim-detail", args=[claim.pk])).content.decode()
    assert '<option value="signed_notice_receipt" selected>' in mine
