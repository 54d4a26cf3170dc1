"""An IntegrityError is translated by the name of the constraint it broke, through one kernel map:
the registered meaning when there is one, a plain "changed meanwhile" conflict when there is none
(never a guess such as "already declared" for any error)."""

import pytest
from django.db import IntegrityError, transaction
from rest_framework.test import APIRequestFactory

from sinosure_portal.base import errors
from sinosure_portal.base.api import exception_handler
from sinosure_portal.base.errors import DomainError, constraint_name, integrity_errors, register_constraint
from sinosure_portal.core.models import NumberSequence


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(errors, "_CONSTRAINTS", {})
    return errors._CONSTRAINTS


def _duplicate_sequence() -> IntegrityError:
    NumberSequence.objects.create(prefix="ZZ", year=2031, last=1)
    try:
        with transaction.atomic():
            NumberSequence.objects.create(prefix="ZZ", year=2031, last=2)
    except IntegrityError as exc:
        return exc
    raise AssertionError("the unique constraint did not refuse the second row")


@pytest.mark.django_db
def test_a_registered_constraint_becomes_its_own_error_with_field_and_409(registry):
    register_constraint("core_number_sequence_unique", "sequence_taken", "Taken.", field="prefix")
    with pytest.raises(DomainError) as caught, integrity_errors(), transaction.atomic():
        NumberSequence.objects.create(prefix="ZY", year=2031)
        NumberSequence.objects.create(prefix="ZY", year=2031)
    assert (caught.value.code, caught.value.field, caught.value.status_code) == (
        "sequence_taken",
        "prefix",
        409,
    )
    assert caught.value.message == "Taken."


@pytest.mark.django_db
def test_an_unregistered_constraint_is_a_generic_conflict_not_a_guess(registry):
    with pytest.raises(DomainError) as caught, integrity_errors():
        raise _duplicate_sequence()
    assert caught.value.code == "conflict" and caught.value.status_code == 409


@pytest.mark.django_db
def test_the_api_error_handler_answers_an_integrity_error_with_the_registered_code(registry):
    register_constraint("core_number_sequence_unique", "sequence_taken", "Taken.", field="prefix")
    request = APIRequestFactory().post("/api/v1/anything/")
    response = exception_handler(_duplicate_sequence(), {"request": request})
    assert response.status_code == 409
    assert response.data == {"code": "sequence_taken", "message": "Taken.", "field": "prefix"}


def test_sqlite_unique_errors_are_named_through_the_models_constraints():
    exc = IntegrityError("UNIQUE constraint failed: core_numbersequence.prefix, core_numbersequence.year")
    assert constraint_name(exc) == "core_number_sequence_unique"
    assert constraint_name(IntegrityError("CHECK constraint failed: recovery_reversal_has_reason")) == (
        "recovery_reversal_has_reason"
    )
    assert constraint_name(IntegrityError("UNIQUE constraint failed: core_numbersequence.last")) is None


def test_one_constraint_cannot_be_given_two_meanings(registry):
    register_constraint("x_unique", "a", "A.")
    register_constraint("x_unique", "a", "A.")  # the same meaning again (a module imported twice) is fine
    with pytest.raises(ValueError):
        register_constraint("x_unique", "b", "B.")
