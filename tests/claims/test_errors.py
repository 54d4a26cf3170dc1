"""The claims error codes live in claims/errors.py; a service that cannot find its row raises a
DomainError with a ``*_not_found`` code (never Http404), a state that refuses the act is a 409 where
the API promises one, and the message is in the reader's language."""

import ast
import pathlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import transaction
from django.utils import translation

from claims import errors, services
from sinosure_portal.base.errors import DomainError, NotAllowed, integrity_errors
from tests.claims.factories import RecoveryFactory
from tests.factories import ExporterFactory
from tests.factories.claims import filed_claim

pytestmark = pytest.mark.django_db

MISSING = 10**9
SERVICES = pathlib.Path(errors.__file__).parent / "services"


def test_accepting_a_claim_that_does_not_exist_is_claim_not_found(officer):
    with pytest.raises(DomainError) as err:
        services.claim_accept(actor=officer, claim_id=MISSING)
    assert (err.value.code, err.value.status_code) == ("claim_not_found", 400)


def test_acknowledging_a_notice_that_does_not_exist_is_notice_not_found(officer):
    with pytest.raises(DomainError) as err:
        services.possible_loss_notice_acknowledge(actor=officer, notice_id=MISSING)
    assert err.value.code == "notice_not_found"


def test_answering_a_request_that_does_not_exist_is_request_not_found():
    with pytest.raises(DomainError) as err:
        services.document_request_answer(actor=ExporterFactory(), request_id=MISSING, answer="here")
    assert err.value.code == "request_not_found"


def test_removing_a_deduction_that_does_not_exist_is_deduction_not_found(officer):
    with pytest.raises(DomainError) as err:
        services.claim_deduction_remove(actor=officer, deduction_id=MISSING)
    assert err.value.code == "deduction_not_found"


def test_the_services_never_raise_http404_nor_build_an_error_outside_claims_errors():
    for path in SERVICES.glob("*.py"):
        tree = ast.parse(path.read_text())
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        calls = {
            n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
        }
        assert "Http404" not in names, path.name
        assert not calls & {"DomainError", "NotAllowed"}, path.name


def test_every_code_the_services_raise_has_its_message():
    raised = set()
    for path in SERVICES.glob("*.py"):
        for call in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
                continue
            if call.func.id in ("error", "conflict", "not_allowed", "_line_error"):
                first = call.args[0]
                raised.add(first.value if isinstance(first, ast.Constant) else "upload_")
            elif call.func.id == "ensure_status":
                raised.add(f"claim_wrong_status/{call.args[-1].value}")
    uploads = {key for key in errors.MESSAGES if key.startswith("upload_")}
    assert raised - {"upload_"} <= set(errors.MESSAGES), raised - set(errors.MESSAGES)
    assert {"claim_wrong_status/pay", "claim_wrong_status/working", "invoice_claimed", "upload_"} <= raised
    # the upload problems the rule can give (claims.rules.check_upload) each have their words
    assert uploads == {
        f"upload_{problem}" for problem in ("empty_file", "too_large", "file_type", "content_mismatch")
    }


def test_a_situation_keeps_the_code_clients_see_with_its_own_words():
    with translation.override("en"):
        close = errors.error("claim_wrong_status/close", status="Paid")
        pay = errors.error("claim_wrong_status/pay", status="Approved")
    assert close.code == pay.code == "claim_wrong_status"
    assert close.message == "Only a paid or denied claim can be closed (it is Paid)."
    assert pay.message == "The signed receipts must be in before paying (the claim is Approved)."


def test_conflict_is_a_409_and_not_allowed_a_403():
    assert errors.conflict("recovery_already_reversed", on="2026-10-01 10:00").status_code == 409
    refused = errors.not_allowed("not_your_case")
    assert isinstance(refused, NotAllowed) and refused.status_code == 403


def test_an_error_reads_in_the_readers_language():
    with translation.override("en"):
        assert errors.error("claim_not_found").message == "No such claim."
    with translation.override("zh-hans"):
        assert errors.error("claim_not_found").message == "索赔不存在。"
        assert errors.error("claim_wrong_status/close", status="已赔付").message == (
            "只有已赔付或拒赔的索赔才能结案（当前状态为“已赔付”）。"
        )


def test_an_amount_with_too_many_decimals_names_its_row():
    with translation.override("en"):
        err = errors.amount_scale("JPY", field="invoices", row=2)
    assert (err.code, err.field, err.row) == ("amount_invalid", "invoices", 2)
    assert err.message == "JPY amounts have no decimal places."


def test_a_receivable_a_racing_filing_claims_again_is_invoice_claimed_by_the_constraints_name():
    from claims.services.filing import _create_lines

    user, claim = filed_claim()
    again = claim.lines.first()
    again.pk = None  # the same receivable, held by a second line: what a lost race would insert
    with translation.override("en"), pytest.raises(DomainError) as err:
        _create_lines([again])
    assert (err.value.code, err.value.field, err.value.status_code) == ("invoice_claimed", "invoices", 400)
    assert err.value.message == "An invoice of this claim is claimed already."


def test_a_recovery_of_nothing_stored_past_the_service_is_amount_not_positive_by_the_constraints_name():
    with pytest.raises(DomainError) as err, integrity_errors(), transaction.atomic():
        RecoveryFactory(amount=Decimal("0"))
    assert (err.value.code, err.value.field) == ("amount_not_positive", "amount")


def test_every_registered_constraint_exists_on_a_claims_model_and_has_its_message():
    names = {c.name for model in apps.get_app_config("claims").get_models() for c in model._meta.constraints}
    assert set(errors.CONSTRAINTS) <= names
    assert {key for key, _field, _status in errors.CONSTRAINTS.values()} <= set(errors.MESSAGES)
