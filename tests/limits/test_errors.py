"""The limit error codes live in limits/errors.py; a service that cannot find its row raises a
DomainError with a ``*_not_found`` code (never Http404), and the message is in the reader's language."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import translation

from limits import errors, services
from sinosure_portal.base.errors import DomainError, TransitionNotAllowed, integrity_errors
from sinosure_portal.workdays.calendar import today
from tests.factories.limits import CreditLimitApplicationFactory, CreditLimitFactory
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db

MISSING = 10**9


def test_changing_a_rule_that_does_not_exist_is_rule_not_found(admin_user):
    with pytest.raises(DomainError) as err:
        services.auto_rule_save(actor=admin_user, data={"name": "x"}, rule_id=MISSING)
    assert err.value.code == "rule_not_found"


def test_reducing_a_limit_that_does_not_exist_is_limit_not_found(underwriter):
    with pytest.raises(DomainError) as err:
        services.limit_reduce(
            limit_id=MISSING, actor=underwriter, amount_usd=Decimal("1"), notice_date=today(), reason="r"
        )
    assert err.value.code == "limit_not_found"


def test_taking_an_application_that_does_not_exist_is_application_not_found(underwriter):
    with pytest.raises(DomainError) as err:
        services.limit_application_take(application_id=MISSING, actor=underwriter)
    assert err.value.code == "application_not_found"


def test_the_decision_problems_of_the_rules_have_their_messages_here():
    with translation.override("en"):
        assert errors.error("amount_not_positive").message == "The amount approved must be above zero."
        requested = errors.error("amount_requested_not_positive")
        assert (requested.code, requested.message) == (
            "amount_not_positive",
            "The amount requested must be above zero.",
        )
        assert errors.error("payment_terms").message == "Choose at least one payment term."
        assert errors.error("payment_term_unknown_in_list").code == "payment_terms"


def test_a_transition_error_is_a_transition_not_allowed():
    err = errors.transition_not_allowed("transition_not_allowed", number="CL1", status="x")
    assert isinstance(err, TransitionNotAllowed) and err.code == "transition_not_allowed"


def test_every_variant_has_its_own_message():
    assert set(errors.VARIANTS) <= set(errors.MESSAGES)


def test_an_error_reads_in_the_readers_language():
    with translation.override("en"):
        assert errors.error("rule_not_found").message == "No such automatic decision rule."
    with translation.override("zh-hans"):
        assert errors.error("rule_not_found").message == "没有该自动审批规则。"


def test_two_pending_applications_racing_read_as_already_pending_by_the_constraint_name(exporter):
    """The partial unique index keeps one pending application per buyer; a second one that raced
    past the service's check is translated by the constraint's name, not guessed."""
    first = CreditLimitApplicationFactory(policy=PolicyFactory(organisation=exporter.organisation))
    with pytest.raises(DomainError) as err, integrity_errors(), transaction.atomic():
        CreditLimitApplicationFactory(policy=first.policy, buyer=first.buyer)
    assert (err.value.code, err.value.field, err.value.status_code) == (
        "limit_application_pending",
        "buyer",
        400,
    )


def test_a_second_live_limit_on_the_same_buyer_is_a_conflict():
    first = CreditLimitFactory()
    with pytest.raises(DomainError) as err, integrity_errors(), transaction.atomic():
        CreditLimitFactory(policy=first.policy, buyer=first.buyer)
    assert (err.value.code, err.value.status_code) == ("limit_exists", 409)
