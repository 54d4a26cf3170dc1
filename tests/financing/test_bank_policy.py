"""Bank policy (出口信用保险(银行)保险单): a bank that bought receivables is the insured. It applies
for the BANK policy, applies for limits on the buyers whose receivables it bought, declares what it
bought, notifies the loss and claims, all through the same policy, limit, declaration and claim code
an exporter uses; the indemnity is paid to the bank as the insured. Another bank, or an exporter,
finds none of it (404, API and pages) and cannot act under the bank's policy.

Timeline (today = D): the policy runs from D-120; the limit was applied for and approved on D-100
(the clock travels back for those two steps only); the bank declares a receivable
shipped on D-80 at 60 days O/A, so it fell due on D-20 and is unpaid today."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from claims import services as claims_services
from claims.documents import RECEIPT_KIND
from claims.models import Claim, IndemnityPayment, PossibleLossNotice
from declarations import services as declaration_services
from declarations.models import ShipmentDeclaration
from declarations.services.sweeps import receivables_mark_overdue
from financing import selectors as financing_selectors
from limits import services as limit_services
from limits.models import CreditLimit, CreditLimitApplication
from policies import services as policy_services
from policies.models import Policy, Product
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.documents import document_latest, pdf_text
from sinosure_portal.notifications.models import Notification, Reminder
from sinosure_portal.workdays.calendar import today
from tests.factories import BankOfficerFactory, BankOrganisationFactory, BuyerFactory, ExporterFactory
from tests.factories.claims import PDF, REQUIRED, notice_input, walk

pytestmark = pytest.mark.django_db

LIMIT_DAYS_AGO = 100
SHIPPED_DAYS_AGO = 80
CREDIT_DAYS = 60
AMOUNT = Decimal("80000.00")
ISSUE = {
    "indemnity_ratio": Decimal("0.90"),
    "max_liability_usd": Decimal("3000000"),
    "base_rate": Decimal("0.004"),
    # the bank declares a receivable when it buys it, which may be weeks after the shipment
    "settings": {"declaration_deadline_days": 90},
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def bank(db):
    org = BankOrganisationFactory(
        name_zh="中国农业银行青岛分行", name_en="Agricultural Bank of China Qingdao"
    )
    return BankOfficerFactory(username="abc-bank", organisation=org)


@pytest.fixture
def other_bank(db):
    return BankOfficerFactory(username="other-bank")


@pytest.fixture
def buyer(db):
    return BuyerFactory(name="Rhein Möbel GmbH")


@pytest.fixture
def limits_clock_back():
    """The limit steps happened ``days`` ago: travel back in time for them (time-machine), then
    return to today."""

    class Clock:
        traveller = None

        def back(self, days: int):
            self.traveller = time_machine.travel(timezone.now() - timedelta(days=days), tick=True)
            self.traveller.start()

        def now(self):
            if self.traveller is not None:
                self.traveller.stop()
                self.traveller = None

    clock = Clock()
    yield clock
    clock.now()


# --- the journey through the services ---------------------------------------------------------------


def _bank_policy(bank, underwriter) -> Policy:
    application = policy_services.policy_application_create(
        actor=bank,
        product=Product.BANK,
        data={
            "contact_name": "李强",
            "contact_phone": "0532-82858285",
            "estimated_turnover_usd": Decimal("5000000"),
        },
    )
    policy_services.policy_application_consent(application_id=application.pk, actor=bank, ip="10.0.0.8")
    policy_services.policy_application_sign(
        application_id=application.pk,
        actor=bank,
        signer_name="李强",
        signer_title="贸易融资部经理",
        ip="10.0.0.8",
    )
    policy_services.policy_application_submit(application_id=application.pk, actor=bank)
    start = today() - timedelta(days=120)
    return policy_services.policy_issue(
        application_id=application.pk,
        actor=underwriter,
        terms=policy_services.PolicyTerms(
            period_start=start, period_end=start + timedelta(days=364), **ISSUE
        ),
    )


def _bank_limit(bank, underwriter, policy, buyer, clock) -> tuple[CreditLimitApplication, CreditLimit]:
    clock.back(LIMIT_DAYS_AGO)
    application = limit_services.limit_application_submit(
        actor=bank,
        request=limit_services.LimitRequest(
            policy_id=policy.pk,
            buyer_id=buyer.pk,
            payment_term="OA",
            credit_period_days=90,
            amount_requested_usd=Decimal("200000"),
            goods_category="家具 (receivables bought from exporters)",
        ),
    )
    limit_services.limit_application_take(application_id=application.pk, actor=underwriter)
    limit = limit_services.limit_application_approve(
        application_id=application.pk,
        actor=underwriter,
        amount_usd=Decimal("200000"),
        credit_period_days=90,
        payment_terms=["OA"],
        reason="Buyer known, receivables bought without recourse.",
    )
    clock.now()
    application.refresh_from_db()
    return application, limit


def _bank_declares(bank, policy, buyer, invoice="ABC-INV-001") -> ShipmentDeclaration:
    return declaration_services.declaration_create(
        actor=bank,
        data=declaration_services.DeclarationInput(
            policy_id=policy.pk,
            buyer_id=buyer.pk,
            invoice_number=invoice,
            shipment_date=today() - timedelta(days=SHIPPED_DAYS_AGO),
            currency="USD",
            amount=AMOUNT,
            payment_term="OA",
            credit_days=CREDIT_DAYS,
            hs_code="940360",
            description="wooden furniture, receivable bought from the exporter",
        ),
    )


@pytest.fixture
def bank_case(bank, underwriter, claims_officer, buyer, limits_clock_back):
    """The bank's whole case through the services, up to the indemnity paid."""
    policy = _bank_policy(bank, underwriter)
    application, limit = _bank_limit(bank, underwriter, policy, buyer, limits_clock_back)
    declaration = _bank_declares(bank, policy, buyer)
    receivables_mark_overdue(today=today())
    notice = claims_services.possible_loss_notice_submit(
        actor=bank, data=notice_input(policy, [declaration], description="The buyer has not paid the bank.")
    )
    claim = claims_services.claim_file_from_notice(actor=bank, notice_id=notice.pk)
    claim = walk(claim, insured=bank, officer=claims_officer, to="paid")
    return {
        "policy": policy,
        "application": application,
        "limit": limit,
        "declaration": declaration,
        "notice": notice,
        "claim": claim,
    }


def test_a_bank_is_the_insured_from_policy_to_paid_indemnity_through_the_services(
    bank, underwriter, claims_officer, buyer, limits_clock_back
):
    org = bank.organisation
    policy = _bank_policy(bank, underwriter)
    assert (policy.product, policy.organisation, policy.status) == (Product.BANK, org, Policy.Status.ACTIVE)
    assert policy.number.startswith("BNK") and policy.application.created_by == bank
    assert Notification.objects.filter(user=bank, kind="policy_issued").exists()

    application, limit = _bank_limit(bank, underwriter, policy, buyer, limits_clock_back)
    assert application.organisation == org and application.status == CreditLimitApplication.Status.APPROVED
    assert (limit.organisation, limit.policy, limit.buyer, limit.amount_usd) == (
        org,
        policy,
        buyer,
        Decimal("200000"),
    )
    assert limit.effective_date == today() - timedelta(days=LIMIT_DAYS_AGO)
    assert Notification.objects.filter(user=bank, kind="limit_approved").exists()

    declaration = _bank_declares(bank, policy, buyer)
    assert (declaration.organisation, declaration.limit, declaration.status) == (
        org,
        limit,
        ShipmentDeclaration.Status.COVERED,
    )
    assert declaration.covered_usd == AMOUNT and not declaration.late
    limit.refresh_from_db()
    assert limit.exposure_usd == AMOUNT  # the cover is held against the bank's limit

    # the daily sweep finds the bank's receivable unpaid and tells the bank when to notify the loss
    assert receivables_mark_overdue(today=today()) == 1
    declaration.refresh_from_db()
    assert declaration.status == ShipmentDeclaration.Status.OVERDUE
    assert Reminder.objects.filter(user=bank, kind="declarations.receivable_overdue").count() == 1

    notice = claims_services.possible_loss_notice_submit(
        actor=bank, data=notice_input(policy, [declaration], description="The buyer has not paid the bank.")
    )
    assert notice.organisation == org and notice.status in PossibleLossNotice.LIVE and not notice.late
    claim = claims_services.claim_file_from_notice(actor=bank, notice_id=notice.pk)
    assert (claim.organisation, claim.policy, claim.buyer) == (org, policy, buyer)

    claim = walk(claim, insured=bank, officer=claims_officer, to="paid")
    assert claim.status == Claim.Status.PAID
    payment = IndemnityPayment.objects.get(claim=claim)
    # the bank is the insured: no assignment, the indemnity (90% of the USD 80,000 loss) is the bank's
    assert (payment.payee, payment.payee_assignment_id, payment.amount_usd) == (
        org,
        None,
        Decimal("72000.00"),
    )
    assert claim.payee == org
    receipt = pdf_text(document_latest(claim, RECEIPT_KIND).file.read())
    assert "中国农业银行青岛分行" in receipt
    declaration.refresh_from_db()
    assert declaration.status == ShipmentDeclaration.Status.INDEMNIFIED
    assert Notification.objects.filter(user=bank, kind="indemnity_paid").exists()
    # the bank's portal lists it among the indemnities paid to the bank; another bank sees none
    assert [p.pk for p in financing_selectors.indemnities_paid_to(bank)] == [payment.pk]
    assert list(financing_selectors.indemnities_paid_to(BankOfficerFactory())) == []


def test_only_the_insured_bank_acts_under_its_bank_policy(
    bank, other_bank, underwriter, buyer, limits_clock_back
):
    policy = _bank_policy(bank, underwriter)
    _bank_limit(bank, underwriter, policy, buyer, limits_clock_back)
    declaration = _bank_declares(bank, policy, buyer)
    exporter = ExporterFactory()
    for stranger in (other_bank, exporter):
        with pytest.raises(DomainError) as err:
            limit_services.limit_application_submit(
                actor=stranger,
                request=limit_services.LimitRequest(
                    policy_id=policy.pk,
                    buyer_id=BuyerFactory().pk,
                    payment_term="OA",
                    credit_period_days=60,
                    amount_requested_usd=Decimal("10000"),
                    goods_category="家具",
                ),
            )
        assert err.value.code == "policy_unknown"
        with pytest.raises(DomainError) as err:
            _bank_declares(stranger, policy, buyer, invoice="STRANGER-1")
        assert err.value.code == "policy_not_found"
        with pytest.raises(DomainError) as err:
            claims_services.possible_loss_notice_submit(
                actor=stranger, data=notice_input(policy, [declaration])
            )
        assert err.value.code == "policy_not_found"
    # an exporter cannot take out a bank policy itself either
    with pytest.raises(DomainError) as err:
        policy_services.policy_application_create(actor=exporter, product=Product.BANK, data={})
    assert err.value.code == "product_not_for_organisation"
    assert ShipmentDeclaration.objects.filter(policy=policy).count() == 1


# --- the journey through the API ------------------------------------------------------------------------


def _ok(response, status=200):
    assert response.status_code == status, response.content[:500]
    return response.json()


def test_a_bank_is_the_insured_from_policy_to_paid_indemnity_through_the_api(
    api_for, bank, underwriter, claims_officer, buyer, limits_clock_back
):
    org = bank.organisation
    banker, uw, officer = api_for(bank), api_for(underwriter), api_for(claims_officer)

    # the BANK policy: applied for by the bank, issued by the underwriter
    app = _ok(
        banker.post(
            "/api/v1/policies/applications/",
            {
                "product": "BANK",
                "contact_name": "李强",
                "contact_phone": "0532-82858285",
                "estimated_turnover_usd": "5000000.00",
            },
            format="json",
        ),
        201,
    )
    assert app["company_name"] == org.name_zh
    _ok(banker.post(f"/api/v1/policies/applications/{app['id']}/consent/", {"consent": True}, format="json"))
    _ok(
        banker.post(
            f"/api/v1/policies/applications/{app['id']}/sign/",
            {"signer_name": "李强", "signer_title": "贸易融资部经理"},
            format="json",
        )
    )
    assert _ok(banker.post(f"/api/v1/policies/applications/{app['id']}/submit/"))["status"] == "submitted"
    start = today() - timedelta(days=120)
    issued = _ok(
        uw.post(
            f"/api/v1/policies/applications/{app['id']}/issue/",
            {
                "period_start": start.isoformat(),
                "period_end": (start + timedelta(days=364)).isoformat(),
                "indemnity_ratio": "0.90",
                "max_liability_usd": "3000000",
                "base_rate": "0.004",
                "settings": {"declaration_deadline_days": 90},
            },
            format="json",
        ),
        201,
    )
    policy_id = issued["id"]
    assert issued["number"].startswith("BNK") and issued["product"] == "BANK"
    mine = _ok(banker.get("/api/v1/policies/"))
    assert [p["id"] for p in mine["results"]] == [policy_id]

    # the limit on the buyer whose receivables the bank bought: applied for and approved on D-100
    limits_clock_back.back(LIMIT_DAYS_AGO)
    limit_app = _ok(
        banker.post(
            "/api/v1/limits/applications/",
            {
                "policy": policy_id,
                "buyer": buyer.pk,
                "payment_term": "OA",
                "credit_period_days": 90,
                "amount_requested_usd": "200000",
                "goods_category": "家具",
            },
            format="json",
        ),
        201,
    )
    assert limit_app["status"] == "submitted"  # no automatic rule: the underwriter decides
    _ok(uw.post(f"/api/v1/limits/applications/{limit_app['id']}/take/"))
    approved = _ok(
        uw.post(
            f"/api/v1/limits/applications/{limit_app['id']}/approve/",
            {
                "amount_usd": "200000",
                "credit_period_days": 90,
                "payment_terms": ["OA"],
                "reason": "Buyer known.",
            },
            format="json",
        )
    )
    limits_clock_back.now()
    assert approved["status"] == "approved" and approved["limit"]
    limit_id = approved["limit"]
    assert _ok(banker.get(f"/api/v1/limits/{limit_id}/"))["available_usd"] == "200000.00"

    # the bank declares the receivable it bought; it is covered against the limit
    declared = _ok(
        banker.post(
            "/api/v1/declarations/",
            {
                "policy": policy_id,
                "buyer": buyer.pk,
                "invoice_number": "ABC-INV-API-1",
                "shipment_date": (today() - timedelta(days=SHIPPED_DAYS_AGO)).isoformat(),
                "currency": "USD",
                "amount": str(AMOUNT),
                "payment_term": "OA",
                "credit_days": CREDIT_DAYS,
                "hs_code": "940360",
            },
            format="json",
        ),
        201,
    )
    assert (declared["status"], declared["covered_usd"], declared["limit"]) == (
        "covered",
        "80000.00",
        limit_id,
    )
    assert _ok(banker.get(f"/api/v1/limits/{limit_id}/"))["available_usd"] == "120000.00"
    receivables_mark_overdue(today=today())  # the daily sweep
    assert _ok(banker.get(f"/api/v1/declarations/{declared['id']}/"))["status"] == "overdue"

    # the buyer defaults: notice, claim, and the claims officer takes it to paid
    notice = _ok(
        banker.post(
            "/api/v1/claims/notices/",
            {
                "policy": policy_id,
                "buyer": buyer.pk,
                "declarations": [declared["id"]],
                "cause": "buyer_default",
                "amount_at_risk_usd": str(AMOUNT),
                "description": "The buyer has not paid the bank.",
            },
            format="json",
        ),
        201,
    )
    assert notice["late"] is False
    _ok(officer.post(f"/api/v1/claims/notices/{notice['id']}/acknowledge/"))
    claim_id = _ok(banker.post("/api/v1/claims/", {"notice": notice["id"]}, format="json"), 201)["claim"][
        "id"
    ]
    for kind in REQUIRED:
        _ok(
            banker.post(
                f"/api/v1/claims/{claim_id}/documents/",
                {
                    "document_kind": kind,
                    "file": SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf"),
                },
                format="multipart",
            ),
            201,
        )
    for step in ("accept", "assess"):
        _ok(officer.post(f"/api/v1/claims/{claim_id}/{step}/"))
    decided = _ok(
        officer.post(
            f"/api/v1/claims/{claim_id}/decide/",
            {"decision": "approve", "reason": "Covered default."},
            format="json",
        )
    )
    rows = {row["key"]: row["value"] for row in decided["detail"]["assessment"]["rows"]}
    assert rows["loss"] == "80000.0000" and rows["indemnity"] == "72000.0000"
    issued_notice = _ok(officer.post(f"/api/v1/claims/{claim_id}/issue-notice/"))
    assert issued_notice["claim"]["payee"] == org.pk  # the insured bank itself
    receipt = banker.get(issued_notice["detail"]["pdfs"]["indemnity_receipt"])
    assert receipt.status_code == 200 and "中国农业银行青岛分行" in pdf_text(
        b"".join(receipt.streaming_content)
    )
    for kind in ("signed_notice_receipt", "signed_receipt_transfer", "aml"):
        _ok(
            banker.post(
                f"/api/v1/claims/{claim_id}/documents/",
                {"document_kind": kind, "file": SimpleUploadedFile(f"{kind}.pdf", PDF)},
                format="multipart",
            ),
            201,
        )
    _ok(officer.post(f"/api/v1/claims/{claim_id}/confirm-receipt/"))
    paid = _ok(officer.post(f"/api/v1/claims/{claim_id}/pay/", {"reference": "TT-BANK-1"}, format="json"))
    assert paid["claim"]["status"] == "paid"
    assert _ok(banker.get(f"/api/v1/claims/{claim_id}/"))["claim"]["status"] == "paid"
    assert _ok(banker.get(f"/api/v1/declarations/{declared['id']}/"))["status"] == "indemnified"
    paid_to_bank = _ok(banker.get("/api/v1/financing/indemnities/"))
    assert [(r["claim"], r["amount_usd"]) for r in paid_to_bank] == [(claim_id, "72000.00")]
    assert IndemnityPayment.objects.get(claim_id=claim_id).payee == org


# --- isolation: another bank, or an exporter, finds none of it --------------------------------------------


def _object_api_urls(case) -> list[str]:
    policy, limit, declaration = case["policy"], case["limit"], case["declaration"]
    notice, claim, application = case["notice"], case["claim"], case["application"]
    return [
        f"/api/v1/policies/{policy.pk}/",
        f"/api/v1/policies/{policy.pk}/rates/",
        f"/api/v1/policies/{policy.pk}/schedule/",
        f"/api/v1/policies/applications/{policy.application_id}/",
        f"/api/v1/policies/applications/{policy.application_id}/agreement/",
        f"/api/v1/limits/{limit.pk}/",
        f"/api/v1/limits/applications/{application.pk}/",
        f"/api/v1/limits/applications/{application.pk}/approval/",
        f"/api/v1/declarations/{declaration.pk}/",
        f"/api/v1/declarations/limits/{limit.pk}/exposure/",
        f"/api/v1/claims/notices/{notice.pk}/",
        f"/api/v1/claims/notices/{notice.pk}/pdf/",
        f"/api/v1/claims/{claim.pk}/",
        f"/api/v1/claims/{claim.pk}/assessment/",
        f"/api/v1/claims/{claim.pk}/documents/",
        f"/api/v1/claims/{claim.pk}/pdf/{RECEIPT_KIND}/",
    ]


def _object_page_urls(case) -> list[str]:
    policy, limit, declaration = case["policy"], case["limit"], case["declaration"]
    notice, claim, application = case["notice"], case["claim"], case["application"]
    return [
        reverse("policies:policy-detail", args=[policy.pk]),
        reverse("policies:policy-schedule", args=[policy.pk]),
        reverse("policies:application-detail", args=[policy.application_id]),
        reverse("limits:limit-detail", args=[limit.pk]),
        reverse("limits:application-detail", args=[application.pk]),
        reverse("declarations:declaration-detail", args=[declaration.pk]),
        reverse("declarations:limit-exposure", args=[limit.pk]),
        reverse("claims:notice-detail", args=[notice.pk]),
        reverse("claims:notice-pdf", args=[notice.pk]),
        reverse("claims:claim-detail", args=[claim.pk]),
        reverse("claims:claim-pdf", args=[claim.pk, RECEIPT_KIND]),
    ]


def test_another_bank_and_an_exporter_get_404_on_the_bank_policy_objects_through_the_api(
    api_for, bank, other_bank, bank_case
):
    urls = _object_api_urls(bank_case)
    owner = api_for(bank)
    for url in urls:
        assert owner.get(url).status_code == 200, url  # the URLs are right: the owner gets each one
    for stranger in (other_bank, ExporterFactory()):
        api = api_for(stranger)
        for url in urls:
            response = api.get(url)
            assert response.status_code == 404, (stranger.role, url, response.status_code)
        for url in (
            "/api/v1/policies/",
            "/api/v1/policies/applications/",
            "/api/v1/limits/",
            "/api/v1/limits/applications/",
            "/api/v1/declarations/",
            "/api/v1/claims/notices/",
            "/api/v1/claims/",
        ):
            assert api.get(url).json()["count"] == 0, (stranger.role, url)
        assert (
            api.post(
                f"/api/v1/claims/{bank_case['claim'].pk}/withdraw/", {"reason": "mine"}, format="json"
            ).status_code
            == 404
        )
        assert (
            api.post(f"/api/v1/limits/applications/{bank_case['application'].pk}/withdraw/").status_code
            == 404
        )
        # a declaration or a notice under the bank's policy is refused, and nothing is written
        refused = api.post(
            "/api/v1/declarations/",
            {
                "policy": bank_case["policy"].pk,
                "buyer": bank_case["limit"].buyer_id,
                "invoice_number": "STRANGER-API-1",
                "shipment_date": (today() - timedelta(days=5)).isoformat(),
                "currency": "USD",
                "amount": "1000.00",
                "payment_term": "OA",
                "credit_days": 30,
                "hs_code": "940360",
            },
            format="json",
        )
        assert refused.status_code == 400 and refused.json()["code"] == "policy_not_found"
    assert api_for(other_bank).get("/api/v1/financing/indemnities/").json() == []
    assert ShipmentDeclaration.objects.filter(policy=bank_case["policy"]).count() == 1


def test_another_bank_and_an_exporter_get_404_on_the_bank_policy_pages(client, bank, other_bank, bank_case):
    urls = _object_page_urls(bank_case)
    client.force_login(bank)
    for url in urls:
        assert client.get(url).status_code == 200, url
    claim_number = bank_case["claim"].number
    assert claim_number in client.get(reverse("claims:claim-list")).content.decode()
    # the insured's forms offer the bank its BANK policy, as they offer an exporter its policy
    for name in ("limits:application-new", "declarations:declaration-new"):
        page = client.get(reverse(name))
        assert page.status_code == 200 and bank_case["policy"].number in page.content.decode(), name
    for stranger in (other_bank, ExporterFactory()):
        client.force_login(stranger)
        for url in urls:
            assert client.get(url).status_code == 404, (stranger.role, url)
        for name, number in (
            ("policies:policy-list", bank_case["policy"].number),
            ("limits:limit-list", bank_case["limit"].number),
            ("declarations:declaration-list", bank_case["declaration"].invoice_number),
            ("claims:notice-list", bank_case["notice"].number),
            ("claims:claim-list", claim_number),
        ):
            page = client.get(reverse(name))
            assert page.status_code == 200 and number not in page.content.decode(), (stranger.role, name)
    client.force_login(other_bank)
    assert claim_number not in client.get(reverse("financing:indemnity-list")).content.decode()
