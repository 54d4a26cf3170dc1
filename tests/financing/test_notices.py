"""Coverage notices (承保情况通知书): queued after commit, when declarations announce what they
committed, for a shipment declared with financing intent under an agreement in force, single and
uploaded alike; issued once per declaration and bank however often the service runs; the sweep
catches a declaration whose task was lost; a receivable transferred to a bank gets one when the
bank accepts."""

from datetime import timedelta
from decimal import Decimal

import pytest

from declarations.models import ShipmentDeclaration
from declarations.services import (
    DeclarationInput,
    declaration_batch_process,
    declaration_batch_submit,
    declaration_create,
)
from financing import services
from financing.models import CoverageNotice
from financing.tasks import issue_coverage_notices
from sinosure_portal.notifications.models import Notification
from sinosure_portal.outbox.models import OutboxMessage
from sinosure_portal.workdays.calendar import today
from tests.factories import BankOfficerFactory
from tests.factories.financing import financing_setup, receivable

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def _no_broker_for_batches(monkeypatch):
    from declarations import tasks

    monkeypatch.setattr(tasks.process_batch, "delay", lambda batch_id: None)


def _declare(setup, invoice, *, financing=True, amount="20000"):
    return declaration_create(
        actor=setup.exporter,
        data=DeclarationInput(
            policy_id=setup.policy.pk,
            buyer_id=setup.limit.buyer_id,
            invoice_number=invoice,
            shipment_date=today() - timedelta(days=2),
            currency="USD",
            amount=D(amount),
            payment_term="OA",
            credit_days=60,
            hs_code="940360",
            financing_intent=financing,
        ),
    )


def test_declaring_with_financing_intent_sends_the_bank_a_notice(
    django_capture_on_commit_callbacks, _coverage_notice_tasks_run_inline
):
    setup = financing_setup(amount=D("100000"))
    with django_capture_on_commit_callbacks(execute=True):
        d = _declare(setup, "FIN-001")
    assert _coverage_notice_tasks_run_inline == [[d.pk]]
    notice = CoverageNotice.objects.get()
    assert notice.bank == setup.bank and notice.declaration == d
    assert notice.source == CoverageNotice.Source.INDEMNITY_ASSIGNMENT
    assert notice.indemnity_assignment == setup.agreement
    assert notice.covered_usd == D("20000.00") and notice.due_date == d.due_date
    assert notice.limit_number == setup.limit.number and notice.limit_amount_usd == D("100000.00")
    assert notice.limit_available_usd == D("80000.00")
    assert notice.notified_at is not None
    note = Notification.objects.get(user=setup.bank_officer, kind="coverage_notice")
    assert "FIN-001" in note.heading() and "20,000.00" in note.heading()
    # the exporter's users are not the bank's
    assert not Notification.objects.filter(user=setup.exporter, kind="coverage_notice").exists()


def test_no_notice_without_intent_or_without_an_agreement(
    django_capture_on_commit_callbacks, _coverage_notice_tasks_run_inline
):
    setup = financing_setup()
    with django_capture_on_commit_callbacks(execute=True):
        _declare(setup, "NOFIN-1", financing=False)
    assert _coverage_notice_tasks_run_inline == []  # the receiver queues nothing
    bare = financing_setup(agreement=False)
    with django_capture_on_commit_callbacks(execute=True):
        _declare(bare, "FIN-NOAGR")
    assert len(_coverage_notice_tasks_run_inline) == 1  # queued, and the service found no bank
    assert not CoverageNotice.objects.exists()


def test_issuing_twice_creates_and_tells_nothing_twice():
    setup = financing_setup()
    d = receivable(setup, financing_intent=True)
    assert services.coverage_notices_issue(declaration_ids=[d.pk]) == 1
    assert services.coverage_notices_issue(declaration_ids=[d.pk]) == 0
    assert CoverageNotice.objects.count() == 1
    assert Notification.objects.filter(kind="coverage_notice").count() == 1


def test_an_upload_announces_its_declarations_once_and_each_with_intent_gets_its_notice(
    django_capture_on_commit_callbacks, _coverage_notice_tasks_run_inline
):
    setup = financing_setup(amount=D("200000"))
    shipped = (today() - timedelta(days=2)).isoformat()
    header = "invoice_number,buyer,shipment_date,currency,amount,payment_term,credit_days,hs_code,financing\n"
    rows = "".join(
        f"BULK-{i:02d},{setup.limit.buyer_id},{shipped},USD,1000.00,OA,60,940360,{'yes' if i % 2 == 0 else 'no'}\n"
        for i in range(10)
    )
    batch = declaration_batch_submit(
        actor=setup.exporter, policy_id=setup.policy.pk, file_name="b.csv", content=(header + rows).encode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        declaration_batch_process(batch_id=batch.pk)
    stored = ShipmentDeclaration.objects.filter(policy=setup.policy)
    assert stored.count() == 10
    intent = set(stored.filter(financing_intent=True).values_list("pk", flat=True))
    assert intent, "the bulk file's financing column is read"
    # the upload's rows were announced after commit: one task for the rows with financing intent
    assert [set(ids) for ids in _coverage_notice_tasks_run_inline] == [intent]
    assert set(CoverageNotice.objects.values_list("declaration_id", flat=True)) == intent
    # the task went through the outbox: recorded once in the declaring chunk's transaction, sent once
    messages = OutboxMessage.objects.filter(task="financing.issue_coverage_notices")
    assert [(set(m.args[0]), m.sent_at is not None) for m in messages] == [(intent, True)]
    # the same task delivered again (redelivered after its worker was lost) issues nothing twice
    assert issue_coverage_notices.run(sorted(intent)) == 0
    assert CoverageNotice.objects.count() == len(intent)


def test_a_declaration_before_the_agreement_took_effect_gets_no_notice():
    setup = financing_setup()
    d = receivable(
        setup, financing_intent=True, declared_on=setup.agreement.effective_date - timedelta(days=1)
    )
    assert services.coverage_notices_issue(declaration_ids=[d.pk]) == 0


def test_accepting_a_receivable_assignment_sends_notices_for_its_receivables():
    setup = financing_setup(agreement=False)
    a, b = receivable(setup), receivable(setup)
    other_bank = BankOfficerFactory()
    ra = services.receivable_assignment_propose(
        actor=setup.exporter, bank_id=other_bank.organisation_id, declaration_ids=[a.pk, b.pk]
    )
    assert not CoverageNotice.objects.exists()
    services.receivable_assignment_accept(assignment_id=ra.pk, actor=other_bank)
    notices = CoverageNotice.objects.filter(bank=other_bank.organisation)
    assert set(notices.values_list("declaration_id", flat=True)) == {a.pk, b.pk}
    assert {n.source for n in notices} == {CoverageNotice.Source.RECEIVABLE_ASSIGNMENT}
    assert Notification.objects.filter(user=other_bank, kind="coverage_notice").count() == 2


def test_coverage_notice_pdf_has_the_figures_in_chinese():
    from financing.documents import coverage_notice_pdf
    from sinosure_portal.core.documents import pdf_text

    setup = financing_setup()
    d = receivable(setup, financing_intent=True, invoice_number="PDF-INV-9")
    services.coverage_notices_issue(declaration_ids=[d.pk])
    doc = coverage_notice_pdf(CoverageNotice.objects.get())
    text = pdf_text(doc.file.read())
    assert "承保情况通知书" in text and "PDF-INV-9" in text and "9,000.00" not in text
    assert "10,000.00" in text and setup.bank.name_zh in text
