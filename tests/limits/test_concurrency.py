"""32 declarers reserving exposure on one limit at once never commit more than the limit."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction

from limits import services
from limits.models import CreditLimit
from sinosure_portal.workdays.calendar import today
from tests.factories.limits import CreditLimitFactory


@pytest.mark.django_db(transaction=True)
def test_concurrent_reservations_never_over_commit():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    limit = CreditLimitFactory(amount_usd=Decimal("100000"))
    covered: list[Decimal] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(32)

    def declare():
        try:
            start.wait()
            with transaction.atomic():
                result = services.limit_exposure_reserve(
                    limit_id=limit.pk,
                    amount_usd=Decimal("7000"),
                    shipment_date=today(),
                    payment_term="OA",
                    credit_days=30,
                )
            with lock:
                covered.append(result.covered_usd)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=declare) for _ in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    limit.refresh_from_db()
    assert sum(covered) == limit.exposure_usd == Decimal("100000")
    # 14 shipments fit whole, one fits in part (2,000 of 7,000), the other 17 find the limit full
    assert covered.count(Decimal("7000")) == 14
    assert covered.count(Decimal("2000")) == 1 and covered.count(Decimal("0")) == 17
    assert CreditLimit.objects.get(pk=limit.pk).available_usd == 0


@pytest.mark.django_db(transaction=True)
def test_reservation_outside_a_transaction_is_a_programming_error():
    limit = CreditLimitFactory()
    with pytest.raises(RuntimeError):
        services.limit_exposure_reserve(
            limit_id=limit.pk,
            amount_usd=Decimal("1"),
            shipment_date=today(),
            payment_term="OA",
            credit_days=1,
        )
    with pytest.raises(RuntimeError):
        services.limit_exposure_release(limit_id=limit.pk, amount_usd=Decimal("1"))
