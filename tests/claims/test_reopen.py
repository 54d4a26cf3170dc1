"""A notice or claim that ends without an indemnity gives its shipments back to the receivables book:
they are overdue again (or covered when no longer past due), take payments, and leave an audit row."""

from datetime import timedelta
from decimal import Decimal

import pytest

from claims import services
from declarations import services as declaration_services
from declarations.models import ShipmentDeclaration
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.workdays.calendar import today
from tests.factories.claims import (
    file_notice,
    filed_claim,
    overdue_setup,
    upload_evidence,
    walk_from_decision,
)

pytestmark = pytest.mark.django_db
S = ShipmentDeclaration.Status
D = Decimal


def _statuses(shipments):
    return [ShipmentDeclaration.objects.get(pk=d.pk).status for d in shipments]


def _claim_shipments(claim):
    return list(ShipmentDeclaration.objects.filter(claim_lines__claim=claim).order_by("amount"))


def test_a_withdrawn_notice_puts_its_shipments_back_overdue_with_an_audit_row():
    user, policy, limit, shipments = overdue_setup()
    notice = file_notice(user, policy, shipments)
    assert _statuses(shipments) == [S.LOSS_NOTIFIED, S.LOSS_NOTIFIED]
    services.possible_loss_notice_withdraw(
        actor=user, notice_id=notice.pk, reason="The buyer promised to pay."
    )
    assert _statuses(shipments) == [S.OVERDUE, S.OVERDUE]
    event = AuditEvent.objects.get(
        action="shipment_declaration.overdue", object_id=str(shipments[0].pk), from_state=S.LOSS_NOTIFIED
    )
    assert (event.actor, event.reason) == (user, "The buyer promised to pay.")
    # an open receivable again: a payment settles it and frees the limit
    declaration_services.payment_record(
        actor=user,
        data=declaration_services.PaymentInput(
            received_on=today(),
            amount=shipments[0].amount,
            currency=shipments[0].currency,
            invoice_number=shipments[0].invoice_number,
            policy_id=policy.pk,
        ),
    )
    assert _statuses(shipments) == [S.SETTLED, S.OVERDUE]


def test_a_closed_notice_reopens_only_what_was_still_loss_notified(officer):
    user, policy, limit, shipments = overdue_setup()
    notice = file_notice(user, policy, shipments)
    # the second invoice's due date was not yet reached when the notice closes: covered again
    ShipmentDeclaration.objects.filter(pk=shipments[1].pk).update(due_date=today() + timedelta(days=5))
    services.possible_loss_notice_acknowledge(actor=officer, notice_id=notice.pk)
    services.possible_loss_notice_close(actor=officer, notice_id=notice.pk, reason="Buyer paid in part.")
    assert _statuses(shipments) == [S.OVERDUE, S.COVERED]
    assert ShipmentDeclaration.objects.get(pk=shipments[1].pk).overdue_since is None


def test_a_partly_covered_shipment_goes_back_partly_covered():
    user, policy, limit, shipments = overdue_setup(covered=(D("30000"), D("40000")))
    notice = file_notice(user, policy, shipments)
    # its due date now lies ahead (written directly: no amendment moves a shipment under a notice)
    ShipmentDeclaration.objects.filter(pk=shipments[0].pk).update(due_date=today() + timedelta(days=5))
    services.possible_loss_notice_withdraw(actor=user, notice_id=notice.pk, reason="Paid.")
    assert _statuses(shipments) == [S.PARTLY_COVERED, S.OVERDUE]


def test_a_withdrawn_claim_puts_its_shipments_back_overdue(officer):
    user, claim = filed_claim()
    shipments = _claim_shipments(claim)
    assert _statuses(shipments) == [S.CLAIMED, S.CLAIMED]
    services.claim_withdraw(actor=user, claim_id=claim.pk, reason="Settled with the buyer.")
    assert _statuses(shipments) == [S.OVERDUE, S.OVERDUE]
    assert (
        AuditEvent.objects.filter(
            action="shipment_declaration.overdue", from_state=S.CLAIMED, reason="Settled with the buyer."
        ).count()
        == 2
    )


def test_a_denied_claim_puts_its_shipments_back_overdue(officer):
    user, claim = filed_claim()
    services.claim_accept(actor=officer, claim_id=claim.pk)
    upload_evidence(user, claim)
    services.claim_assess(actor=officer, claim_id=claim.pk)
    services.claim_decide(actor=officer, claim_id=claim.pk, decision="deny", reason="Goods never shipped.")
    assert _statuses(_claim_shipments(claim)) == [S.OVERDUE, S.OVERDUE]


def test_an_excluded_invoice_is_reopened_when_the_rest_is_indemnified(officer):
    user, claim = filed_claim()
    services.claim_accept(actor=officer, claim_id=claim.pk)
    upload_evidence(user, claim)
    excluded = claim.lines.order_by("amount_usd").first()  # the 40,000 invoice
    services.claim_line_set_included(actor=officer, line_id=excluded.pk, included=False, reason="Disputed.")
    services.claim_assess(actor=officer, claim_id=claim.pk)
    services.claim_decide(actor=officer, claim_id=claim.pk, decision="partly", reason="Invoice 2 disputed.")
    # until the indemnity is paid the whole claim holds both invoices
    assert _statuses(_claim_shipments(claim)) == [S.CLAIMED, S.CLAIMED]
    walk_from_decision(claim, user, officer)
    assert _statuses(_claim_shipments(claim)) == [S.OVERDUE, S.INDEMNIFIED]
