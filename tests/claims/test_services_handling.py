"""The officer's work: accept, investigate, assess from deductions (nothing typed as a final figure),
decide with reasons; withdrawal before the decision."""

from datetime import timedelta
from decimal import Decimal

import pytest

from claims import services
from claims.models import ClaimDeduction, DocumentRequest
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.base.errors import DomainError, NotAllowed, TransitionNotAllowed
from sinosure_portal.workdays.calendar import today
from tests.factories.claims import filed_claim, upload_evidence, walk

pytestmark = pytest.mark.django_db
D = Decimal


def _ready(officer):
    user, claim = filed_claim()
    services.claim_accept(actor=officer, claim_id=claim.pk)
    upload_evidence(user, claim)
    return user, claim


def test_accepting_assigns_the_officer_and_only_claims_officers_accept(officer, underwriter):
    user, claim = filed_claim()
    with pytest.raises(NotAllowed):
        services.claim_accept(actor=user, claim_id=claim.pk)
    with pytest.raises(NotAllowed):
        services.claim_accept(actor=underwriter, claim_id=claim.pk)
    services.claim_accept(actor=officer, claim_id=claim.pk)
    claim.refresh_from_db()
    assert (claim.status, claim.officer) == ("accepted", officer)


def test_the_assessment_is_computed_line_by_line_from_the_deductions(officer):
    user, claim = _ready(officer)
    services.claim_deduction_add(
        actor=officer,
        claim_id=claim.pk,
        kind="resale_proceeds",
        amount_usd=D("5000"),
        note="Goods resold in Hamburg.",
    )
    services.claim_deduction_add(
        actor=officer, claim_id=claim.pk, kind="set_off", amount_usd=D("1000"), note="Credit note 17 set off."
    )
    services.claim_assess(actor=officer, claim_id=claim.pk)
    claim.refresh_from_db()
    lines = dict(claim.assessment["lines"])
    assert lines["invoice_total"] == "100000.00"
    assert lines["resale_proceeds"] == "-5000.00" and lines["set_off"] == "-1000.00"
    assert lines["loss"] == "94000.00"
    assert lines["indemnifiable_loss"] == "94000.00"
    assert lines["indemnity_ratio"] == "0.9000"
    assert lines["indemnity"] == "84600.00"
    assert claim.status == "assessed"
    # a deduction entered after the assessment updates the stored computation
    services.claim_deduction_add(
        actor=officer,
        claim_id=claim.pk,
        kind="other_recoveries",
        amount_usd=D("4000"),
        note="Paid via agent.",
    )
    claim.refresh_from_db()
    assert dict(claim.assessment["lines"])["indemnity"] == "81000.00"


@pytest.mark.parametrize(
    "kwargs, code",
    [
        ({"kind": "discount", "amount_usd": D("1"), "note": "x"}, "kind_invalid"),
        ({"kind": "set_off", "amount_usd": D("-1"), "note": "x"}, "amount_not_positive"),
        ({"kind": "set_off", "amount_usd": D("1"), "note": " "}, "reason_required"),
    ],
)
def test_a_deduction_needs_a_kind_a_positive_amount_and_a_note(officer, kwargs, code):
    user, claim = _ready(officer)
    with pytest.raises(DomainError) as err:
        services.claim_deduction_add(actor=officer, claim_id=claim.pk, **kwargs)
    assert err.value.code == code
    assert not ClaimDeduction.objects.exists()


def test_deductions_are_entered_only_while_the_claim_is_handled(officer):
    user, claim = filed_claim()
    with pytest.raises(DomainError) as err:
        services.claim_deduction_add(
            actor=officer, claim_id=claim.pk, kind="set_off", amount_usd=D("1"), note="x"
        )
    assert err.value.code == "claim_wrong_status"


def test_a_deduction_removed_is_recorded_in_the_history(officer):
    user, claim = _ready(officer)
    d = services.claim_deduction_add(
        actor=officer, claim_id=claim.pk, kind="set_off", amount_usd=D("10"), note="typo"
    )
    services.claim_deduction_remove(actor=officer, deduction_id=d.pk)
    assert not ClaimDeduction.objects.exists()
    assert AuditEvent.objects.filter(action="claim.deduction_removed", object_id=str(claim.pk)).exists()


def test_assessment_needs_the_evidence_and_no_outstanding_request(officer):
    user, claim = filed_claim()
    services.claim_accept(actor=officer, claim_id=claim.pk)
    upload_evidence(user, claim, ["contract", "invoice"])
    with pytest.raises(DomainError) as err:
        services.claim_assess(actor=officer, claim_id=claim.pk)
    assert err.value.code == "evidence_missing"
    assert "Bill of lading" in err.value.message
    upload_evidence(user, claim, ["bill_of_lading", "customs_declaration", "correspondence"])
    services.document_request_create(
        actor=officer, claim_id=claim.pk, kind="other", message="Buyer's last e-mail", due_date=today()
    )
    with pytest.raises(DomainError) as err:
        services.claim_assess(actor=officer, claim_id=claim.pk)
    assert err.value.code == "documents_outstanding"
    services.document_request_cancel(actor=officer, request_id=DocumentRequest.objects.get().pk)
    services.claim_assess(actor=officer, claim_id=claim.pk)


def test_approve_in_full_needs_nothing_excluded_and_in_part_needs_something(officer):
    user, claim = _ready(officer)
    services.claim_assess(actor=officer, claim_id=claim.pk)
    with pytest.raises(DomainError) as err:
        services.claim_decide(actor=officer, claim_id=claim.pk, decision="partly", reason="x")
    assert err.value.code == "nothing_reduced"
    line = claim.lines.order_by("amount_usd").first()  # the 40,000 invoice
    with pytest.raises(DomainError):
        services.claim_line_set_included(actor=officer, line_id=line.pk, included=False, reason="")
    services.claim_line_set_included(
        actor=officer, line_id=line.pk, included=False, reason="Disputed quality."
    )
    with pytest.raises(DomainError) as err:
        services.claim_decide(actor=officer, claim_id=claim.pk, decision="approve", reason="x")
    assert err.value.code == "approval_is_partial"
    with pytest.raises(DomainError) as err:
        services.claim_decide(actor=officer, claim_id=claim.pk, decision="partly", reason=" ")
    assert err.value.code == "reason_required"
    services.claim_decide(
        actor=officer, claim_id=claim.pk, decision="partly", reason="Invoice 2 is disputed."
    )
    claim.refresh_from_db()
    assert claim.status == "partly_approved" and claim.indemnity_usd == D("54000.00")
    assert claim.decided_by == officer and claim.decision_reason == "Invoice 2 is disputed."


def test_a_lower_ratio_for_a_late_notice_makes_the_approval_partial(officer):
    user, claim = _ready(officer)
    with pytest.raises(DomainError) as err:
        services.claim_ratio_set(actor=officer, claim_id=claim.pk, ratio=D("0.95"), note="x")
    assert err.value.code == "ratio_invalid"
    services.claim_ratio_set(actor=officer, claim_id=claim.pk, ratio=D("0.80"), note="Notice 12 days late.")
    services.claim_assess(actor=officer, claim_id=claim.pk)
    services.claim_decide(actor=officer, claim_id=claim.pk, decision="partly", reason="Late notice.")
    claim.refresh_from_db()
    assert claim.indemnity_usd == D("80000.00")


def test_denial_pays_nothing_and_closes(officer):
    user, claim = _ready(officer)
    services.claim_assess(actor=officer, claim_id=claim.pk)
    services.claim_decide(actor=officer, claim_id=claim.pk, decision="deny", reason="Goods never shipped.")
    claim.refresh_from_db()
    assert (claim.status, claim.indemnity_usd) == ("denied", D("0.00"))
    with pytest.raises(DomainError) as err:
        services.indemnity_notice_issue(actor=officer, claim_id=claim.pk)
    assert err.value.code == "claim_wrong_status"
    with pytest.raises(TransitionNotAllowed):  # the table itself refuses to reopen a decided claim
        services.claim_investigate(actor=officer, claim_id=claim.pk, note="reopen?")
    services.claim_close(actor=officer, claim_id=claim.pk, reason="Denied.")


def test_a_decision_needs_an_assessment_first(officer):
    user, claim = _ready(officer)
    with pytest.raises(DomainError) as err:
        services.claim_decide(actor=officer, claim_id=claim.pk, decision="approve", reason="x")
    assert err.value.code == "claim_wrong_status"


def test_withdrawal_is_possible_until_the_decision_and_cancels_open_requests(officer):
    user, claim = filed_claim()
    services.claim_accept(actor=officer, claim_id=claim.pk)
    services.document_request_create(
        actor=officer, claim_id=claim.pk, kind="other", message="?", due_date=today() + timedelta(days=3)
    )
    with pytest.raises(NotAllowed):
        services.claim_withdraw(actor=officer, claim_id=claim.pk, reason="x")
    services.claim_withdraw(actor=user, claim_id=claim.pk, reason="Settled with the buyer.")
    claim.refresh_from_db()
    assert claim.status == "withdrawn"
    assert DocumentRequest.objects.get().status == "cancelled"
    user2, decided = filed_claim()
    walk(decided, insured=user2, officer=officer, to="approved")
    with pytest.raises(DomainError) as err:
        services.claim_withdraw(actor=user2, claim_id=decided.pk, reason="too late")
    assert err.value.code == "claim_decided"


def test_a_decision_after_its_due_date_is_recorded_as_late(officer):
    user, claim = _ready(officer)
    type(claim).objects.filter(pk=claim.pk).update(decision_due=today() - timedelta(days=1))
    services.claim_assess(actor=officer, claim_id=claim.pk)
    services.claim_decide(actor=officer, claim_id=claim.pk, decision="approve", reason="ok")
    event = AuditEvent.objects.get(action="claim.approved", object_id=str(claim.pk))
    assert event.data["decided_late"] is True
