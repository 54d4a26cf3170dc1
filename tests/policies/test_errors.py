"""The policy error codes live in policies/errors.py; a service that cannot find its row raises a
DomainError with a ``*_not_found`` code (never Http404), and the message is in the reader's language."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import translation

from policies import errors, services
from policies.models import PremiumInvoice
from sinosure_portal.base.errors import DomainError, integrity_errors
from tests.factories.policies import MicroPolicyFactory

pytestmark = pytest.mark.django_db

MISSING = 10**9


def test_renewing_a_policy_that_does_not_exist_is_policy_not_found(underwriter):
    with pytest.raises(DomainError) as err:
        services.policy_renew(policy_id=MISSING, actor=underwriter)
    assert err.value.code == "policy_not_found" and err.value.status_code == 400


def test_paying_an_invoice_that_does_not_exist_is_invoice_not_found(underwriter):
    with pytest.raises(DomainError) as err:
        services.premium_invoice_mark_paid(invoice_id=MISSING, actor=underwriter)
    assert err.value.code == "invoice_not_found"


def test_submitting_an_application_that_does_not_exist_is_application_not_found(exporter):
    with pytest.raises(DomainError) as err:
        services.policy_application_submit(application_id=MISSING, actor=exporter)
    assert err.value.code == "application_not_found"


def test_a_second_wording_keeps_the_code_clients_see():
    assert errors.error("rates_required_rows").code == "rates_required"
    assert errors.error("rates_required").code == "rates_required"
    with translation.override("en"):
        assert errors.error("rates_required_rows").message == "A rate table needs at least one row."
        assert errors.error("rates_required").message == "Give the base rate of the premium rate table."


def test_every_variant_has_its_own_message():
    assert set(errors.VARIANTS) <= set(errors.MESSAGES)


def test_an_error_reads_in_the_readers_language():
    with translation.override("en"):
        assert errors.error("policy_not_found").message == "No such policy."
    with translation.override("zh-hans"):
        assert errors.error("policy_not_found").message == "没有该保单。"
    with translation.override("en"):
        message = errors.error("credit_period_above_product", days=360).message
    assert message == "This product covers credit periods of at most 360 days."


def test_a_second_invoice_for_the_same_period_and_payer_is_a_conflict_by_constraint_name():
    policy = MicroPolicyFactory()
    row = {
        "policy": policy,
        "period_start": policy.period_start,
        "period_end": policy.period_end,
        "payer": "insured",
        "amount_usd": Decimal("3000"),
        "due_date": policy.period_start,
    }
    PremiumInvoice.objects.create(number="PI2026700001", **row)
    with pytest.raises(DomainError) as err, integrity_errors(), transaction.atomic():
        PremiumInvoice.objects.create(number="PI2026700002", **row)
    assert (err.value.code, err.value.status_code) == ("invoice_exists", 409)
