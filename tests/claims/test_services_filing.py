"""Filing claims (from a notice, or directly for micro and SME), evidence uploads with type and size
checks, and the officer's requests for documents answered by the insured."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from claims import services
from claims.models import Claim, ClaimDocument, DocumentRequest, PossibleLossNotice
from declarations.models import ShipmentDeclaration
from sinosure_portal.base.errors import DomainError, NotAllowed
from sinosure_portal.notifications.models import Notification
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory, ExchangeRateFactory, ExporterFactory
from tests.factories.claims import PDF, PNG, file_notice, filed_claim, micro_setup, overdue_setup
from tests.factories.limits import CreditLimitFactory
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db
S = ShipmentDeclaration.Status


def test_a_claim_from_a_notice_carries_its_shipments_and_moves_them_to_claimed(officer):
    user, claim = filed_claim()
    assert claim.number.startswith("CLM") and claim.status == "submitted"
    assert claim.claimed_usd == Decimal("100000.00")
    assert claim.lines.count() == 2
    assert set(ShipmentDeclaration.objects.values_list("status", flat=True)) == {S.CLAIMED}
    assert claim.notice.status == PossibleLossNotice.Status.CLAIMED
    assert claim.decision_due is None  # only micro claims carry the 30-business-day clock
    assert Notification.objects.filter(user=officer, kind="claim_submitted").exists()


def test_a_claim_after_the_notices_claim_deadline_is_refused(travel_to):
    user, policy, limit, shipments = overdue_setup(claim_deadline_months=1)
    notice = file_notice(user, policy, shipments)
    travel_to(notice.claim_deadline + timedelta(days=1))
    with pytest.raises(DomainError) as err:
        services.claim_file_from_notice(actor=user, notice_id=notice.pk)
    assert err.value.code == "claim_deadline_passed"
    assert not Claim.objects.exists()


def test_a_notice_gives_one_claim_and_only_its_insured_files_it(officer):
    user, policy, limit, shipments = overdue_setup()
    notice = file_notice(user, policy, shipments)
    with pytest.raises(NotAllowed):
        services.claim_file_from_notice(actor=ExporterFactory(), notice_id=notice.pk)
    with pytest.raises(NotAllowed):
        services.claim_file_from_notice(actor=officer, notice_id=notice.pk)
    services.claim_file_from_notice(actor=user, notice_id=notice.pk)
    with pytest.raises(DomainError) as err:
        services.claim_file_from_notice(actor=user, notice_id=notice.pk)
    assert err.value.code == "notice_not_live"


def test_shipments_paid_after_the_notice_are_left_out_of_the_claim():
    user, policy, limit, shipments = overdue_setup()
    notice = file_notice(user, policy, shipments)
    ShipmentDeclaration.objects.filter(pk=shipments[0].pk).update(status=S.SETTLED)
    claim = services.claim_file_from_notice(actor=user, notice_id=notice.pk)
    assert [line.invoice_number for line in claim.lines.all()] == [shipments[1].invoice_number]


@pytest.mark.django_db
def test_micro_claims_are_filed_directly_and_must_be_decided_within_30_business_days(travel_to):
    user, policy = micro_setup()
    travel_to(date(2026, 9, 1))
    policy.period_start, policy.period_end = date(2026, 1, 1), date(2026, 12, 31)
    policy.save()
    ExchangeRateFactory(currency="EUR", date=date(2026, 6, 1), usd_per_unit=Decimal("1.1"))
    claim = services.claim_file_direct(
        actor=user,
        data=services.DirectClaimInput(
            policy_id=policy.pk,
            buyer_id=BuyerFactory().pk,
            cause="buyer_default",
            event_date=date(2026, 8, 1),
            description="Unpaid since July.",
            invoices=[
                services.InvoiceLine(
                    "M-1", date(2026, 6, 1), date(2026, 7, 31), "EUR", Decimal("10000"), Decimal("1000")
                ),
            ],
        ),
    )
    line = claim.lines.get()
    assert (line.amount_usd, line.paid_usd, line.covered_usd) == (
        Decimal("11000.00"),
        Decimal("1100.00"),
        Decimal("11000.00"),
    )
    assert claim.notice is None and claim.claimed_usd == Decimal("9900.00")
    # the worked example of the rules: 2026-09-01 + 30 business days = 2026-10-19
    assert claim.decision_due == date(2026, 10, 19)


def _direct(policy, buyer, **line):
    values = {
        "invoice_number": "S-1",
        "shipment_date": today() - timedelta(days=100),
        "due_date": today() - timedelta(days=10),
        "currency": "USD",
        "amount": Decimal("80000"),
    }
    values.update(line)
    return services.DirectClaimInput(
        policy_id=policy.pk,
        buyer_id=buyer.pk,
        cause="buyer_default",
        event_date=today() - timedelta(days=5),
        description="Unpaid.",
        invoices=[services.InvoiceLine(**values)],
    )


def test_an_sme_claim_is_covered_up_to_the_buyers_limit():
    user = ExporterFactory()
    policy = PolicyFactory(
        organisation=user.organisation, product="SME", period_start=today() - timedelta(days=200)
    )
    buyer = BuyerFactory()
    with pytest.raises(DomainError) as err:
        services.claim_file_direct(actor=user, data=_direct(policy, buyer))
    assert err.value.code == "no_limit"
    CreditLimitFactory(policy=policy, buyer=buyer, amount_usd=Decimal("50000"))
    claim = services.claim_file_direct(actor=user, data=_direct(policy, buyer))
    assert claim.lines.get().covered_usd == Decimal("50000.00")
    assert claim.decision_due is None


@pytest.mark.parametrize(
    "line, code",
    [
        ({"invoice_number": ""}, "invoice_number_required"),
        ({"shipment_date": today() - timedelta(days=400)}, "outside_policy_period"),
        ({"due_date": today() + timedelta(days=1)}, "not_yet_due"),
        ({"currency": "XXY"}, "currency_invalid"),
        ({"amount": Decimal("0")}, "amount_invalid"),
        ({"currency": "GBP"}, "rate_missing"),
    ],
)
def test_direct_claim_lines_are_checked(line, code):
    user, policy = micro_setup()
    with pytest.raises(DomainError) as err:
        services.claim_file_direct(actor=user, data=_direct(policy, BuyerFactory(), **line))
    assert err.value.code == code
    assert not Claim.objects.exists()


def test_a_comprehensive_policy_claims_from_a_notice_only():
    user, policy, limit, shipments = overdue_setup()
    with pytest.raises(DomainError) as err:
        services.claim_file_direct(actor=user, data=_direct(policy, limit.buyer))
    assert err.value.code == "notice_first"


def test_an_invoice_is_claimed_once_under_a_policy():
    user, policy = micro_setup()
    buyer = BuyerFactory()
    services.claim_file_direct(actor=user, data=_direct(policy, buyer))
    with pytest.raises(DomainError) as err:
        services.claim_file_direct(actor=user, data=_direct(policy, buyer))
    assert err.value.code == "invoice_claimed"


# --- evidence -------------------------------------------------------------------------------------


def test_evidence_is_stored_with_its_hash_and_the_missing_list_shrinks(settings):
    user, claim = filed_claim()
    assert services.evidence_missing(claim) == [
        "contract",
        "invoice",
        "bill_of_lading",
        "customs_declaration",
        "correspondence",
    ]
    doc = services.claim_document_upload(
        actor=user, claim_id=claim.pk, kind="contract", file_name="合同.pdf", content=PDF
    )
    services.claim_document_upload(
        actor=user, claim_id=claim.pk, kind="invoice", file_name="inv.PNG", content=PNG
    )
    assert doc.size == len(PDF) and len(doc.sha256) == 64 and doc.content_type == "application/pdf"
    assert str(settings.MEDIA_ROOT) in doc.file.path
    assert doc.file.read() == PDF
    assert services.evidence_missing(claim) == ["bill_of_lading", "customs_declaration", "correspondence"]


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("virus.exe", b"MZ\x90\x00", "upload_file_type"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "upload_content_mismatch"),
        ("empty.pdf", b"", "upload_empty_file"),
        ("big.pdf", PDF + b"x" * 2048, "upload_too_large"),
    ],
)
def test_uploads_are_checked_for_type_content_and_size(settings, name, content, code):
    settings.PORTAL_UPLOAD_MAX_BYTES = 1024
    user, claim = filed_claim()
    with pytest.raises(DomainError) as err:
        services.claim_document_upload(
            actor=user, claim_id=claim.pk, kind="contract", file_name=name, content=content
        )
    assert err.value.code == code and err.value.field == "file"
    assert not ClaimDocument.objects.exists()


def test_another_exporter_cannot_upload_to_the_claim():
    user, claim = filed_claim()
    with pytest.raises(NotAllowed):
        services.claim_document_upload(
            actor=ExporterFactory(), claim_id=claim.pk, kind="contract", file_name="c.pdf", content=PDF
        )


def test_signed_receipts_only_once_the_indemnity_notice_is_issued():
    user, claim = filed_claim()
    with pytest.raises(DomainError) as err:
        services.claim_document_upload(
            actor=user, claim_id=claim.pk, kind="aml", file_name="aml.pdf", content=PDF
        )
    assert err.value.code == "receipt_not_expected"


# --- document requests ------------------------------------------------------------------------------


def test_the_officer_asks_for_documents_and_the_insured_answers_with_an_upload(officer):
    user, claim = filed_claim()
    with pytest.raises(DomainError):  # accept first
        services.document_request_create(
            actor=officer, claim_id=claim.pk, kind="bill_of_lading", message="B/L copy", due_date=today()
        )
    services.claim_accept(actor=officer, claim_id=claim.pk)
    request = services.document_request_create(
        actor=officer,
        claim_id=claim.pk,
        kind="bill_of_lading",
        message="The full set of bills of lading, please.",
        due_date=today() + timedelta(days=7),
    )
    claim.refresh_from_db()
    assert claim.status == "investigating"
    assert Notification.objects.filter(user=user, kind="claim_documents_requested").count() == 1
    services.claim_document_upload(
        actor=user,
        claim_id=claim.pk,
        kind="bill_of_lading",
        file_name="bl.pdf",
        content=PDF,
        request_id=request.pk,
    )
    request.refresh_from_db()
    assert request.status == DocumentRequest.Status.ANSWERED and request.answered_by == user
    assert request.documents.count() == 1
    assert Notification.objects.filter(user=officer, kind="claim_documents_answered").exists()


def test_a_request_can_be_answered_in_words_or_cancelled(officer):
    user, claim = filed_claim()
    services.claim_accept(actor=officer, claim_id=claim.pk)
    ask = {
        "actor": officer,
        "claim_id": claim.pk,
        "kind": "other",
        "message": "Explain the dispute.",
        "due_date": today(),
    }
    first = services.document_request_create(**ask)
    second = services.document_request_create(**ask)
    with pytest.raises(DomainError):
        services.document_request_answer(actor=user, request_id=first.pk, answer="")
    services.document_request_answer(actor=user, request_id=first.pk, answer="There is no dispute.")
    with pytest.raises(NotAllowed):
        services.document_request_cancel(actor=user, request_id=second.pk)
    services.document_request_cancel(actor=officer, request_id=second.pk)
    assert list(DocumentRequest.objects.order_by("pk").values_list("status", flat=True)) == [
        "answered",
        "cancelled",
    ]


def test_a_micro_policy_with_a_limit_on_the_buyer_is_covered_up_to_the_limit():
    user, policy = micro_setup()
    buyer = BuyerFactory()
    CreditLimitFactory(policy=policy, buyer=buyer, amount_usd=Decimal("150000"))
    claim = services.claim_file_direct(actor=user, data=_direct(policy, buyer, amount=Decimal("140000")))
    assert claim.lines.get().covered_usd == Decimal("140000.00")
