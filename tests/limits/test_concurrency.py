"""Exposure is written only inside the caller's transaction (the 32-client race through the declaration
engine is in tests/declarations/test_concurrency.py)."""

from decimal import Decimal

import pytest

from limits import services
from tests.factories.limits import CreditLimitFactory


@pytest.mark.django_db(transaction=True)
def test_release_outside_a_transaction_is_a_programming_error():
    limit = CreditLimitFactory()
    with pytest.raises(RuntimeError):
        services.limit_exposure_release(limit_id=limit.pk, amount_usd=Decimal("1"))
