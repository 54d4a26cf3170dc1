"""Double and over-financing under concurrent requests, on PostgreSQL with real threads (each its
own connection): two banks racing for the same receivables, and many loans racing over
overlapping sets of receivables (in different orders, which would deadlock without the id-ordered
locks)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from financing import services
from financing.models import Loan, LoanReceivable
from sinosure_portal.base.errors import DomainError
from sinosure_portal.workdays.calendar import today
from tests.factories import BankOfficerFactory
from tests.factories.financing import ReceivableAssignmentFactory, financing_setup, receivable
from tests.ledger.invariants import assert_ledger_reconciles

pytestmark = pytest.mark.django_db(transaction=True)
D = Decimal


def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the concurrency tests need PostgreSQL's row locks")


def _race(n, target):
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = ("ok", target(i))
        except DomainError as exc:
            results[i] = ("refused", exc.code)
        except Exception as exc:  # noqa: BLE001 - a deadlock or integrity error would land here
            results[i] = ("error", repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    return results


def _loan(actor, setup, ids, amount):
    return services.loan_register(
        actor=actor,
        data=services.LoanInput(
            organisation_id=setup.exporter.organisation_id,
            loan_date=today(),
            currency="USD",
            amount=D(amount),
            declaration_ids=ids,
        ),
    ).pk


def test_two_banks_racing_for_the_same_receivables_finance_each_once():
    _needs_postgres()
    setup = financing_setup()  # bank A: indemnity assignment on the whole policy
    bank_b = BankOfficerFactory()
    receivables = [receivable(setup, amount=D("10000")) for _ in range(10)]
    ReceivableAssignmentFactory(
        organisation=setup.exporter.organisation, bank=bank_b.organisation, declarations=receivables
    )
    banks = [setup.bank_officer, bank_b]

    results = _race(20, lambda i: _loan(banks[i % 2], setup, [receivables[i // 2].pk], "9000"))

    assert not [r for r in results if r[0] == "error"], results
    assert sum(1 for r in results if r[0] == "ok") == 10
    assert {r[1] for r in results if r[0] == "refused"} == {"receivable_already_financed"}
    for d in receivables:
        assert LoanReceivable.objects.filter(declaration=d, open=True).count() == 1
    assert_ledger_reconciles()


def test_many_loans_racing_over_overlapping_receivables_never_over_finance():
    _needs_postgres()
    setup = financing_setup()
    receivables = [receivable(setup, amount=D("10000")) for _ in range(6)]
    ids = [d.pk for d in receivables]
    n = 24

    def work(i):
        # overlapping pairs, half of them in descending order: locks taken in id order anyway
        pair = [ids[i % 6], ids[(i + 1) % 6]]
        if i % 2:
            pair.reverse()
        # each asks for the most the pair may finance, plus a little for every third request
        return _loan(setup.bank_officer, setup, pair, "18000.01" if i % 3 == 0 else "18000")

    results = _race(n, work)

    assert not [r for r in results if r[0] == "error"], results
    refused = {r[1] for r in results if r[0] == "refused"}
    assert refused <= {"receivable_already_financed", "over_financing"}
    ok = [r[1] for r in results if r[0] == "ok"]
    assert ok  # someone won
    # each receivable in at most one open loan, each loan within covered x ratio
    for pk in ids:
        assert LoanReceivable.objects.filter(declaration_id=pk, open=True).count() <= 1
    total = D("0")
    for loan in Loan.objects.filter(pk__in=ok):
        assert loan.amount_usd <= loan.financeable_usd <= D("18000.00")
        total += loan.amount_usd
    assert total <= D("9000") * 6
    assert LoanReceivable.objects.filter(open=True).count() == 2 * len(ok)
    assert_ledger_reconciles()
