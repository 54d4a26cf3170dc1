"""The rules that must hold, through the claims services themselves: when a claim on an assigned
buyer is paid, the payee is the bank and the indemnity receipt names it; an indemnity decided while
the agreement was in force keeps the bank after the agreement ends; after it ends, new indemnities
go to the exporter. The bank sees what was paid to it (page and API)."""

from datetime import timedelta

import pytest

from claims import services as claims_services
from claims.documents import RECEIPT_KIND
from claims.models import IndemnityPayment
from financing import services
from sinosure_portal.core.documents import document_latest, pdf_text
from sinosure_portal.workdays.calendar import today
from tests.factories import BankOfficerFactory, BankOrganisationFactory, ClaimsOfficerFactory
from tests.factories.claims import filed_claim, walk
from tests.factories.financing import IndemnityAssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def officer(insurer):
    return ClaimsOfficerFactory(username="claims-officer", organisation=insurer)


def _bank():
    bank = BankOrganisationFactory(name_zh="中国建设银行青岛分行", name_en="China Construction Bank Qingdao")
    return bank, BankOfficerFactory(organisation=bank)


def test_a_paid_claim_on_an_assigned_buyer_pays_the_bank_and_the_receipt_names_it(
    officer, api_for, client_for
):
    bank, banker = _bank()
    user, claim = filed_claim()
    agreement = IndemnityAssignmentFactory(
        policy=claim.policy, bank=bank, buyers=[claim.buyer], effective_date=today() - timedelta(days=100)
    )
    claim = walk(claim, insured=user, officer=officer, to="paid")
    payment = IndemnityPayment.objects.get(claim=claim)
    assert payment.payee == bank and payment.payee_assignment_id == agreement.pk
    assert claim.payee == bank
    receipt = pdf_text(document_latest(claim, RECEIPT_KIND).file.read())
    assert "中国建设银行青岛分行" in receipt
    rows = api_for(banker).get("/api/v1/financing/indemnities/").json()
    assert [(r["claim"], r["amount_usd"]) for r in rows] == [(claim.pk, str(payment.amount_usd))]
    page = client_for(banker).get("/financing/indemnities/").content.decode()
    assert claim.number in page
    # another bank sees nothing of it
    assert api_for(BankOfficerFactory()).get("/api/v1/financing/indemnities/").json() == []


def test_an_agreement_on_other_buyers_leaves_the_exporter_as_payee(officer):
    from tests.factories import BuyerFactory

    bank, _ = _bank()
    user, claim = filed_claim()
    IndemnityAssignmentFactory(policy=claim.policy, bank=bank, buyers=[BuyerFactory()])
    claim = walk(claim, insured=user, officer=officer, to="paid")
    assert IndemnityPayment.objects.get(claim=claim).payee_id == user.organisation_id


def test_after_the_agreement_ends_new_indemnities_go_to_the_exporter(officer, underwriter):
    bank, banker = _bank()
    user, claim = filed_claim()
    agreement = IndemnityAssignmentFactory(
        policy=claim.policy, bank=bank, effective_date=today() - timedelta(days=100)
    )
    services.indemnity_assignment_request_termination(
        assignment_id=agreement.pk, actor=banker, reason="贷款已结清"
    )
    services.indemnity_assignment_terminate(assignment_id=agreement.pk, actor=underwriter, ends_on=today())
    claim = walk(claim, insured=user, officer=officer, to="paid")
    payment = IndemnityPayment.objects.get(claim=claim)
    assert payment.payee_id == user.organisation_id and payment.payee_assignment_id is None
    receipt = pdf_text(document_latest(claim, RECEIPT_KIND).file.read())
    assert "中国建设银行青岛分行" not in receipt


def test_an_indemnity_decided_while_in_force_keeps_the_bank_after_the_agreement_ends(officer, underwriter):
    bank, banker = _bank()
    user, claim = filed_claim()
    agreement = IndemnityAssignmentFactory(
        policy=claim.policy, bank=bank, effective_date=today() - timedelta(days=100)
    )
    claim = walk(claim, insured=user, officer=officer, to="notice_issued")
    assert claim.payee == bank
    services.indemnity_assignment_request_termination(
        assignment_id=agreement.pk, actor=user, reason="更换银行"
    )
    services.indemnity_assignment_terminate(assignment_id=agreement.pk, actor=underwriter, ends_on=today())
    from claims.models import EvidenceKind
    from tests.factories.claims import upload_evidence

    upload_evidence(
        user,
        claim,
        [EvidenceKind.SIGNED_NOTICE_RECEIPT, EvidenceKind.SIGNED_RECEIPT_TRANSFER, EvidenceKind.AML],
    )
    claims_services.claim_receipt_confirm(actor=officer, claim_id=claim.pk)
    claims_services.indemnity_pay(actor=officer, claim_id=claim.pk, reference="TT-9")
    assert IndemnityPayment.objects.get(claim=claim).payee == bank
