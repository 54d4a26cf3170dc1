"""A broken constraint of declarations is reported by its own meaning (issue 12 item 4): a second
declaration of an invoice is "already declared", but another constraint on a declaration is not."""

import pytest
from django.db import IntegrityError, transaction

from declarations.models import ShipmentDeclaration
from sinosure_portal.base.errors import translate_integrity_error
from tests.factories.declarations import ShipmentDeclarationFactory

pytestmark = pytest.mark.django_db


def _broken(update: dict, pk: int) -> IntegrityError:
    try:
        with transaction.atomic():
            ShipmentDeclaration.objects.filter(pk=pk).update(**update)
    except IntegrityError as exc:
        return exc
    raise AssertionError(f"no constraint refused {update}")


def test_a_second_declaration_of_an_invoice_reads_already_declared_on_the_invoice_field():
    first = ShipmentDeclarationFactory(invoice_number="DUP-1")
    second = ShipmentDeclarationFactory(limit=first.limit, policy=first.policy, invoice_number="DUP-2")
    error = translate_integrity_error(_broken({"invoice_number": "DUP-1"}, second.pk))
    assert (error.code, error.field, error.status_code) == ("already_declared", "invoice_number", 409)


def test_another_constraint_on_a_declaration_is_not_called_already_declared():
    declaration = ShipmentDeclarationFactory()
    error = translate_integrity_error(_broken({"credit_days": 30000}, declaration.pk))
    assert error.code == "credit_days_too_long" and error.field == "credit_days"
    error = translate_integrity_error(_broken({"paid_amount": declaration.amount * 2}, declaration.pk))
    assert error.code != "already_declared"
