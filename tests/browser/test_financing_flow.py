"""Done-when of the financing issue, in a real browser: the exporter sets up an indemnity
assignment with its bank (the bank signs, the insurer approves), declares a shipment with financing
intent, the bank finds the coverage notice in its inbox and registers a loan against it, a loss
follows (notice, claim, decision: through the claims services), and the indemnity is paid to the
bank, which sees it in its portal."""

from datetime import timedelta
from decimal import Decimal

import pytest

from claims import services as claims_services
from declarations.models import ShipmentDeclaration
from financing.models import CoverageNotice, IndemnityAssignment, Loan
from sinosure_portal.workdays.calendar import today
from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    BankOfficerFactory,
    BankOrganisationFactory,
    ClaimsOfficerFactory,
    ExporterFactory,
    InsurerOrganisationFactory,
    UnderwriterFactory,
)
from tests.factories.declarations import declaring_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_in_process():
    """The coverage-notice task is queued after commit; run it in the live server's process."""
    from sinosure_portal.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old


@pytest.fixture
def world(settings, tmp_path):
    settings.LANGUAGE_CODE = "zh-hans"
    settings.MEDIA_ROOT = tmp_path / "media"
    insurer = InsurerOrganisationFactory()
    exporter = ExporterFactory(username="fin-exporter")
    exporter, policy, limit = declaring_setup(user=exporter, amount=Decimal("200000"))
    bank = BankOrganisationFactory(name_zh="中国建设银行青岛分行", name_en="China Construction Bank Qingdao")
    banker = BankOfficerFactory(username="fin-bank", organisation=bank)
    underwriter = UnderwriterFactory(username="fin-uw", organisation=insurer)
    officer = ClaimsOfficerFactory(username="fin-claims", organisation=insurer)
    return exporter, policy, limit, bank, banker, underwriter, officer


def _as(page, username):
    page.context.clear_cookies()
    sign_in(page, username, PASSWORD)


def test_assignment_notice_loan_loss_and_indemnity_to_the_bank(page, world, celery_in_process):
    exporter, policy, limit, bank, banker, underwriter, officer = world
    base = page.base_url

    # 1. the exporter proposes and signs the agreement
    _as(page, "fin-exporter")
    page.goto(f"{base}/financing/agreements/new/")
    page.select_option("#id_policy", str(policy.pk))
    page.select_option("#id_bank", str(bank.pk))
    page.fill("#id_effective_date", today().isoformat())
    page.fill("#id_signer_name", "王丽")
    page.fill("#id_signer_title", "财务经理")
    page.click("[data-testid=agreement-submit]")
    page.wait_for_url("**/financing/agreements/*/")
    agreement = IndemnityAssignment.objects.get()
    assert (
        page.locator("[data-testid=agreement-status] [data-status]").get_attribute("data-status")
        == "proposed"
    )

    # 2. the bank signs, 3. the insurer approves
    _as(page, "fin-bank")
    page.goto(f"{base}/financing/agreements/{agreement.pk}/")
    page.fill("[data-testid=sign-form] #id_signer_name", "李强")
    page.fill("[data-testid=sign-form] #id_signer_title", "贸易融资部经理")
    page.click("[data-testid=bank-sign]")
    page.wait_for_load_state("networkidle")
    _as(page, "fin-uw")
    page.goto(f"{base}/financing/agreements/{agreement.pk}/")
    page.click("[data-testid=approve]")
    page.wait_for_load_state("networkidle")
    assert (
        page.locator("[data-testid=agreement-status] [data-status]").get_attribute("data-status")
        == "in_force"
    )
    assert "李强" in page.locator("[data-testid=signatures]").inner_text()

    # 4. the exporter declares a shipment with financing intent
    _as(page, "fin-exporter")
    page.goto(f"{base}/declarations/new/")
    page.select_option("#id_limit", str(limit.pk))
    page.fill("#id_invoice_number", "FIN-BROWSER-1")
    page.fill("#id_shipment_date", (today() - timedelta(days=2)).isoformat())
    page.select_option("#id_currency", "USD")
    page.fill("#id_amount", "50000")
    page.select_option("#id_payment_term", "OA")
    page.fill("#id_credit_days", "60")
    page.fill("#id_hs_code", "940360")
    page.check("#id_financing_intent")
    page.click("[data-testid=declare]")
    page.wait_for_url("**/declarations/*/")
    declaration = ShipmentDeclaration.objects.get(invoice_number="FIN-BROWSER-1")
    assert declaration.financing_intent and declaration.covered_usd == Decimal("50000.00")

    # 5. the bank sees the coverage notice in its inbox and registers a loan on it
    notice = CoverageNotice.objects.get(declaration=declaration, bank=bank)
    _as(page, "fin-bank")
    page.goto(f"{base}/inbox/")
    assert notice.number in page.content()
    page.goto(f"{base}/financing/coverage-notices/")
    page.click(f"text={notice.number}")
    page.wait_for_url(f"**/financing/coverage-notices/{notice.pk}/")
    assert "50,000.00" in page.locator("[data-testid=notice-covered]").inner_text()
    page.click("[data-testid=lend]")
    page.wait_for_url("**/financing/loans/new/*")
    assert page.is_checked(f"#lr-{declaration.pk}")
    page.fill("#id_amount", "45000.01")  # above 90% of USD 50,000: refused next to the amount
    page.click("[data-testid=loan-submit]")
    page.locator("[data-field-error=amount]").wait_for()
    assert "45,000.00" in page.locator("[data-field-error=amount]").inner_text()
    assert not Loan.objects.exists()
    page.check(f"#lr-{declaration.pk}")
    page.fill("#id_amount", "45000")
    page.fill("#id_bank_reference", "CCB-TF-001")
    page.click("[data-testid=loan-submit]")
    page.wait_for_url("**/financing/loans/*/")
    loan = Loan.objects.get()
    assert loan.amount == Decimal("45000.00") and loan.bank == bank

    # 6. a loss follows: the buyer goes insolvent; notice, claim, decision and payment
    notice_in = claims_services.NoticeInput(
        policy_id=policy.pk,
        buyer_id=declaration.buyer_id,
        declaration_ids=[declaration.pk],
        cause="buyer_insolvency",
        event_date=today() - timedelta(days=1),
        amount_at_risk_usd=Decimal("50000.00"),
        description="买方已进入破产程序。",
    )
    loss = claims_services.possible_loss_notice_submit(actor=exporter, data=notice_in)
    claim = claims_services.claim_file_from_notice(actor=exporter, notice_id=loss.pk)
    from tests.factories.claims import walk

    claim = walk(claim, insured=exporter, officer=officer, to="paid")
    assert claim.payee == bank

    # 7. the bank sees the indemnity paid to it, and the receivable indemnified
    page.goto(f"{base}/financing/indemnities/")
    table = page.locator("[data-testid=indemnity-table]").inner_text()
    assert claim.number in table and "45,000.00" in table
    page.goto(f"{base}/financing/receivables/?status=indemnified")
    assert "FIN-BROWSER-1" in page.locator("[data-testid=receivable-table]").inner_text()
