"""Never over-commit: 32 real concurrent clients, each on its own database connection, declare
through the API against one limit on PostgreSQL. The sum of what is covered never exceeds the
limit, and every accepted declaration is stored exactly once."""

import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from rest_framework.test import APIClient

from declarations.models import DeclarationBatch, ShipmentDeclaration
from declarations.services import declaration_batch_process, declaration_batch_submit
from limits.models import CreditLimit
from sinosure_portal.accounts.keys import api_key_create
from sinosure_portal.workdays.calendar import today
from tests.factories.declarations import declaring_setup
from tests.ledger.invariants import assert_ledger_reconciles

pytestmark = pytest.mark.django_db(transaction=True)
CLIENTS = 32


def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the concurrency test needs PostgreSQL's row locks (make test provides it)")


def _run_clients(n, target):
    barrier = threading.Barrier(n)
    results = [None] * n
    errors = []

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = target(i)
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    return results


def test_32_concurrent_clients_never_over_commit_one_limit():
    _needs_postgres()
    user, policy, limit = declaring_setup(amount=Decimal("100000"))
    token = api_key_create(user=user, name="concurrency").secret
    shipped = (today() - timedelta(days=2)).isoformat()

    def declare(i):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        response = client.post(
            "/api/v1/declarations/",
            {
                "policy": policy.pk,
                "buyer": limit.buyer_id,
                "invoice_number": f"RACE-{i:02d}",
                "shipment_date": shipped,
                "currency": "USD",
                "amount": "7000.00",
                "payment_term": "OA",
                "credit_days": 60,
                "hs_code": "940360",
            },
            format="json",
        )
        return response.status_code, response.json()

    results = _run_clients(CLIENTS, declare)
    accepted = {body["invoice_number"]: Decimal(body["covered_usd"]) for code, body in results if code == 201}
    refused = [body for code, body in results if code != 201]
    assert len(accepted) + len(refused) == CLIENTS
    assert {b["code"] for b in refused} <= {"limit_exhausted"}, refused
    stored = dict(
        ShipmentDeclaration.objects.filter(policy=policy).values_list("invoice_number", "covered_usd")
    )
    # no row lost, none doubled, none stored for a refusal
    assert stored == accepted
    total = sum(stored.values(), Decimal("0"))
    assert total <= Decimal("100000")
    assert total == Decimal("100000")  # 32 x 7,000 asks for more than the limit: all of it is used
    assert sum(1 for v in stored.values() if v < Decimal("7000")) <= 1  # at most one partly covered
    limit.refresh_from_db()
    assert limit.exposure_usd == total
    assert_ledger_reconciles()


def test_uploads_and_single_declarations_racing_on_one_limit_share_it_exactly():
    _needs_postgres()
    user, policy, limit = declaring_setup(amount=Decimal("50000"))
    token = api_key_create(user=user, name="concurrency").secret
    shipped = (today() - timedelta(days=2)).isoformat()
    header = "invoice_number,buyer,shipment_date,currency,amount,payment_term,credit_days,hs_code\n"
    batches = []
    for b in range(2):
        body = "".join(
            f"BULK-{b}-{i:03d},{limit.buyer_id},{shipped},USD,1000.00,OA,60,940360\n" for i in range(40)
        )
        batch = declaration_batch_submit(
            actor=user, policy_id=policy.pk, file_name=f"b{b}.csv", content=(header + body).encode()
        )
        batches.append(batch.pk)

    def work(i):
        if i < 2:
            return declaration_batch_process(batch_id=batches[i]).status
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client.post(
            "/api/v1/declarations/",
            {
                "policy": policy.pk,
                "buyer": limit.buyer_id,
                "invoice_number": f"ONE-{i:02d}",
                "shipment_date": shipped,
                "currency": "USD",
                "amount": "3000.00",
                "payment_term": "OA",
                "credit_days": 60,
                "hs_code": "940360",
            },
            format="json",
        ).status_code

    results = _run_clients(10, work)
    assert results[:2] == [DeclarationBatch.Status.COMPLETED] * 2
    total = sum(
        ShipmentDeclaration.objects.filter(policy=policy).values_list("covered_usd", flat=True), Decimal(0)
    )
    assert total == Decimal("50000")  # 80 x 1,000 + 8 x 3,000 asked; exactly the limit covered
    assert CreditLimit.objects.get(pk=limit.pk).exposure_usd == total
    for pk in batches:
        batch = DeclarationBatch.objects.get(pk=pk)
        assert batch.processed_rows == batch.total_rows == 40
        assert batch.covered_rows + batch.partly_covered_rows + batch.refused_rows == 40
    assert_ledger_reconciles()


def test_a_planned_upload_decides_exactly_like_the_writer_alone(monkeypatch):
    """The checking thread plans each chunk's cover ahead (it sees committed data here); the writer
    uses a plan only when the locked limits are as the plan assumed. Same outcome either way."""
    _needs_postgres()
    from declarations.engine import cover as cover_module
    from declarations.selectors import batch_report
    from declarations.services import bulk as bulk_module

    monkeypatch.setattr(bulk_module, "CHUNK_ROWS", 3)
    calls = []
    original = cover_module.allocate

    def allocate(*args, **kwargs):
        calls.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(cover_module, "allocate", allocate)
    planning = {"on": False}
    original_plan = cover_module.Planner.plan
    monkeypatch.setattr(
        cover_module.Planner,
        "plan",
        lambda self, rows, before: original_plan(self, rows, before) if planning["on"] else None,
    )
    shipped = (today() - timedelta(days=2)).isoformat()
    header = "invoice_number,buyer,shipment_date,currency,amount,payment_term,credit_days,hs_code\n"
    results = []
    for planned in (False, True):
        planning["on"] = planned
        calls.clear()
        user, policy, limit = declaring_setup(amount=Decimal("10000"), terms=("OA",))
        body = "".join(
            f"P-{i:02d},{limit.buyer_id},{shipped},USD,{1500 + 100 * i}.00,{'DA' if i == 4 else 'OA'},60,940360\n"
            for i in range(10)
        )
        batch = declaration_batch_submit(
            actor=user, policy_id=policy.pk, file_name="p.csv", content=(header + body).encode()
        )
        declaration_batch_process(batch_id=batch.pk)
        report = [
            (r["row_number"], r["outcome"], r["reason_code"], r["covered_usd"]) for r in batch_report(batch)
        ]
        limit.refresh_from_db()
        results.append((report, limit.exposure_usd))
        if planned:
            assert calls and all(name.startswith("declaration-check") for name in calls), calls
        else:
            assert calls and all(name == "MainThread" for name in calls), calls
    assert results[0] == results[1]
    assert results[1][1] == Decimal("10000.00")


def test_an_upload_racing_single_declarations_on_two_limits_keeps_every_ledger_exact(monkeypatch):
    """One upload (several chunks, rows on limits A and B) and 12 single declarations on the same
    limits at once: a watcher reading the limits while they run never sees one above its amount;
    at the end each limit's exposure is the sum of what its declarations cover and still hold."""
    _needs_postgres()
    from creditinfo.models import Buyer
    from declarations.selectors import batch_report
    from declarations.services import DeclarationInput, declaration_create
    from declarations.services import bulk as bulk_module
    from sinosure_portal.base.errors import DomainError
    from tests.factories.limits import CreditLimitFactory

    monkeypatch.setattr(bulk_module, "CHUNK_ROWS", 7)
    user, policy, a = declaring_setup(amount=Decimal("30000"))
    b = CreditLimitFactory(
        policy=policy,
        buyer=Buyer.objects.create(name="Buyer B GmbH", country_id=a.buyer.country_id),
        amount_usd=Decimal("20000"),
        payment_terms=["OA"],
        effective_date=today() - timedelta(days=60),
    )
    amounts = {a.pk: Decimal("30000"), b.pk: Decimal("20000")}
    shipped = today() - timedelta(days=2)
    header = "invoice_number,buyer,shipment_date,currency,amount,payment_term,credit_days,hs_code\n"
    body = "".join(
        f"U-{i:02d},{(a if i % 2 else b).buyer_id},{shipped.isoformat()},USD,1000.00,OA,60,940360\n"
        for i in range(60)
    )
    batch = declaration_batch_submit(
        actor=user, policy_id=policy.pk, file_name="race.csv", content=(header + body).encode()
    )
    seen_over = []
    running = threading.Event()
    running.set()

    def watch():
        try:
            while running.is_set():
                for pk, exposure in CreditLimit.objects.filter(pk__in=amounts).values_list(
                    "pk", "exposure_usd"
                ):
                    if exposure > amounts[pk]:
                        seen_over.append((pk, exposure))
                time.sleep(0.01)
        finally:
            connection.close()

    def work(i):
        if i == 0:
            return declaration_batch_process(batch_id=batch.pk).status
        limit = a if i % 2 else b
        try:
            d = declaration_create(
                actor=user,
                data=DeclarationInput(
                    policy_id=policy.pk,
                    buyer_id=limit.buyer_id,
                    invoice_number=f"S-{i:02d}",
                    shipment_date=shipped,
                    currency="USD",
                    amount=Decimal("2500.00"),
                    payment_term="OA",
                    credit_days=60,
                    hs_code="940360",
                ),
            )
            return d.covered_usd
        except DomainError as error:
            return error.code

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        results = _run_clients(13, work)
    finally:
        running.clear()
        watcher.join(timeout=30)
    assert results[0] == DeclarationBatch.Status.COMPLETED
    assert {r for r in results[1:] if not isinstance(r, Decimal)} <= {"limit_exhausted"}, results
    assert not seen_over, seen_over
    for limit in (a, b):
        stored = ShipmentDeclaration.objects.filter(limit=limit)
        covered = sum(stored.values_list("covered_usd", flat=True), Decimal(0))
        held = sum(stored.values_list("exposure_usd", flat=True), Decimal(0))
        exposure = CreditLimit.objects.get(pk=limit.pk).exposure_usd
        # 30 x 1,000 + 6 x 2,500 asked of each: more than either limit, all of it used, no more
        assert exposure == held == covered == amounts[limit.pk]
    singles = ShipmentDeclaration.objects.filter(policy=policy, batch__isnull=True)
    assert sorted(singles.values_list("invoice_number", flat=True)) == sorted(
        f"S-{i:02d}" for i, r in enumerate(results) if i and isinstance(r, Decimal)
    )
    batch.refresh_from_db()
    assert batch.processed_rows == batch.total_rows == 60
    assert [r["row_number"] for r in batch_report(batch)] == list(range(2, 62))
    assert batch.covered_rows + batch.partly_covered_rows + batch.refused_rows == 60
    assert_ledger_reconciles()
