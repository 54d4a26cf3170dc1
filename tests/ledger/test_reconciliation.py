"""Issue 10 item 4: the ledger reconciles. A nightly sweep checks every invariant set-based, records a
run, and alerts administrators and underwriters to drift with the rows involved; nothing clamps a
negative to zero to hide drift. Drift is introduced here with raw SQL, as a bug or a hand edit would."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from declarations.models import ShipmentDeclaration
from declarations.services import DeclarationInput, declaration_create
from declarations.services.receivables import PaymentInput, payment_record
from financing import services as financing
from limits.models import CreditLimit
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.ledger.models import ReconciliationFinding, ReconciliationRun
from sinosure_portal.ledger.services import reconciliation_run
from sinosure_portal.ledger.tasks import reconcile
from sinosure_portal.notifications.models import Notification
from sinosure_portal.workdays.calendar import today
from tests.factories import AdminFactory, ClaimsOfficerFactory, ExporterFactory, UnderwriterFactory
from tests.factories.financing import financing_setup, receivable
from tests.ledger.invariants import assert_ledger_reconciles

pytestmark = pytest.mark.django_db
CODES = [
    "claims.indemnities_within_max_liability",
    "declarations.paid",
    "financing.loan_repaid",
    "limits.exposure",
]


def _declare(user, policy, limit, number, amount):
    return declaration_create(
        actor=user,
        data=DeclarationInput(
            policy_id=policy.pk,
            buyer_id=limit.buyer_id,
            invoice_number=number,
            shipment_date=today() - timedelta(days=3),
            currency="USD",
            amount=Decimal(amount),
            payment_term="OA",
            credit_days=90,
            hs_code="940360",
            description="wooden furniture",
        ),
    )


def _sql(statement: str, params: list) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, params)


@pytest.fixture
def book():
    """A limit of 100,000 with two declarations (40,000 + 25,000), 10,000 paid on the first, and a
    loan of 9,000 with 4,000 repaid: a ledger that reconciles."""
    setup = financing_setup(amount=Decimal("100000"))
    first = _declare(setup.exporter, setup.policy, setup.limit, "INV-A", "40000")
    _declare(setup.exporter, setup.policy, setup.limit, "INV-B", "25000")
    payment_record(
        actor=setup.exporter,
        data=PaymentInput(
            received_on=today(), amount=Decimal("10000"), currency="USD", declaration_id=first.pk
        ),
    )
    financed = receivable(setup, amount=Decimal("10000"), exposure_usd=Decimal("0"))
    loan = financing.loan_register(
        actor=setup.bank_officer,
        data=financing.LoanInput(
            organisation_id=setup.exporter.organisation_id,
            loan_date=today(),
            currency="USD",
            amount=Decimal("9000"),
            declaration_ids=[financed.pk],
        ),
    )
    financing.repayment_register(
        actor=setup.bank_officer, loan_id=loan.pk, repaid_on=today(), amount=Decimal("4000")
    )
    return setup, first, loan


def test_a_ledger_kept_by_the_services_reconciles(book):
    setup, first, _loan = book
    setup.limit.refresh_from_db()
    # by hand: 40,000 - 10,000 paid + 25,000 = 55,000 held on the limit
    assert setup.limit.exposure_usd == Decimal("55000.00")
    run = reconciliation_run()
    assert run.status == ReconciliationRun.Status.CLEAN and run.findings_count == 0
    assert sorted(c["code"] for c in run.checks) == CODES
    assert all(c["drift"] == 0 for c in run.checks)
    checked = {c["code"]: c["checked"] for c in run.checks}
    assert checked["limits.exposure"] == CreditLimit.objects.count()
    assert checked["declarations.paid"] == ShipmentDeclaration.objects.count() == 3
    assert not Notification.objects.filter(kind="ledger.drift").exists()
    assert_ledger_reconciles()


def test_drift_made_with_raw_sql_is_found_with_both_figures_and_alerted(book):
    setup, first, loan = book
    admin, underwriter, officer = AdminFactory(), UnderwriterFactory(), ClaimsOfficerFactory()
    _sql("UPDATE limits_creditlimit SET exposure_usd = exposure_usd + 5 WHERE id = %s", [setup.limit.pk])
    _sql("UPDATE declarations_shipmentdeclaration SET paid_amount = 12000 WHERE id = %s", [first.pk])
    _sql("UPDATE financing_loan SET repaid_amount = 4500 WHERE id = %s", [loan.pk])

    run = reconciliation_run()

    assert run.status == ReconciliationRun.Status.DRIFT and run.findings_count == 3
    found = {
        (f.check_code, f.object_id): (f.stored, f.expected, f.currency)
        for f in ReconciliationFinding.objects.filter(run=run)
    }
    assert found == {
        ("limits.exposure", str(setup.limit.pk)): (Decimal("55005.000"), Decimal("55000.000"), "USD"),
        ("declarations.paid", str(first.pk)): (Decimal("12000.000"), Decimal("10000.000"), "USD"),
        ("financing.loan_repaid", str(loan.pk)): (Decimal("4500.000"), Decimal("4000.000"), "USD"),
    }
    alerted = set(Notification.objects.filter(kind="ledger.drift").values_list("user_id", flat=True))
    assert {admin.pk, underwriter.pk} <= alerted
    assert officer.pk not in alerted and setup.exporter.pk not in alerted
    note = Notification.objects.filter(kind="ledger.drift", user=admin).get()
    body = note.text(language="en")
    assert "INV-A" in body and "55005" in body
    assert note.heading(language="en") == "The ledger does not reconcile: 3 rows drifted"
    assert AuditEvent.objects.filter(
        object_id=str(run.pk), action="ledger.reconciled", to_state="drift"
    ).exists()


def test_indemnities_above_the_maximum_liability_are_drift():
    from tests.factories.claims import filed_claim, walk

    user, claim = filed_claim()
    claim = walk(claim, insured=user, to="paid")
    paid = claim.payment.amount_usd
    assert reconciliation_run().status == ReconciliationRun.Status.CLEAN
    _sql(
        "UPDATE policies_policy SET max_liability_usd = %s WHERE id = %s",
        [paid - Decimal("1"), claim.policy_id],
    )
    run = reconciliation_run()
    finding = run.findings.get()
    assert finding.check_code == "claims.indemnities_within_max_liability"
    assert (finding.object_id, finding.stored, finding.expected) == (str(claim.policy_id), paid, paid - 1)


def test_releasing_more_exposure_than_a_limit_holds_is_refused_not_clamped(book):
    setup, first, _loan = book
    # a limit that lost 50,000 of its exposure behind the services' back
    _sql("UPDATE limits_creditlimit SET exposure_usd = 5000 WHERE id = %s", [setup.limit.pk])
    from sinosure_portal.base.errors import DomainError

    with pytest.raises(DomainError) as refused:
        payment_record(
            actor=setup.exporter,
            data=PaymentInput(
                received_on=today(), amount=Decimal("30000"), currency="USD", declaration_id=first.pk
            ),
        )
    assert refused.value.code == "ledger_drift" and refused.value.status_code == 409
    first.refresh_from_db()
    setup.limit.refresh_from_db()
    assert first.paid_amount == Decimal("10000") and setup.limit.exposure_usd == Decimal("5000")
    assert reconciliation_run().findings.get().check_code == "limits.exposure"


def test_the_nightly_task_records_a_run_and_is_scheduled(book, settings):
    assert reconcile.delay().get() == 0
    assert ReconciliationRun.objects.get().trigger == ReconciliationRun.Trigger.SCHEDULE
    assert settings.CELERY_BEAT_SCHEDULE["ledger.reconcile"]["task"] == "ledger.reconcile"


def test_page_and_api_for_staff_only(book, client_for, api_for):
    setup, _first, _loan = book
    _sql("UPDATE limits_creditlimit SET exposure_usd = exposure_usd + 5 WHERE id = %s", [setup.limit.pk])
    admin = AdminFactory()
    created = api_for(admin).post("/api/v1/ledger/runs/")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "drift" and body["findings_count"] == 1
    assert body["findings"][0]["difference"] == "5.000"
    run_id = body["id"]

    page = client_for(admin).get(reverse("ledger:run", args=[run_id]))
    assert page.status_code == 200
    assert "55,005.00" in page.content.decode() and "55,000.00" in page.content.decode()
    assert client_for(UnderwriterFactory()).get(reverse("ledger:runs")).status_code == 200

    exporter = ExporterFactory()
    assert client_for(exporter).get(reverse("ledger:runs")).status_code == 404
    assert client_for(exporter).get(reverse("ledger:run", args=[run_id])).status_code == 404
    assert api_for(exporter).get(f"/api/v1/ledger/runs/{run_id}/").status_code == 404
    assert api_for(setup.bank_officer).get("/api/v1/ledger/runs/").status_code == 404
    # claims officers may read the runs but not start one
    officer = ClaimsOfficerFactory()
    assert api_for(officer).get("/api/v1/ledger/runs/").status_code == 200
    assert api_for(officer).post("/api/v1/ledger/runs/").status_code == 403
    assert ReconciliationRun.objects.count() == 1


def test_page_reads_in_chinese(book, client_for, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client = client_for(AdminFactory())
    run = reconciliation_run()
    page = client.get(reverse("ledger:runs")).content.decode()
    assert "账务核对" in page and "立即核对" in page and "已核平" in page
    detail = client.get(reverse("ledger:run", args=[run.pk])).content.decode()
    assert "限额的风险敞口等于其申报占用之和" in detail
