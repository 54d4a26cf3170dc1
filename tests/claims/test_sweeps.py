"""The daily sweeps: escalation near and past the decision date, reminders exactly once (running a
sweep twice sends nothing twice), and what is left alone."""

from datetime import timedelta
from decimal import Decimal

import pytest

from claims import services, tasks
from claims.models import Claim
from claims.services.sweeps import claims_escalate_decisions, claims_remind_deadlines
from creditinfo.services import risk_event_record
from sinosure_portal.notifications.models import Notification, Reminder
from sinosure_portal.workdays import calendar as workdays
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory, ClaimsOfficerFactory
from tests.factories.claims import file_notice, filed_claim, micro_setup, overdue_setup, walk

pytestmark = pytest.mark.django_db


def _micro_claim(user=None):
    user, policy = micro_setup(user=user)
    claim = services.claim_file_direct(
        actor=user,
        data=services.DirectClaimInput(
            policy_id=policy.pk,
            buyer_id=BuyerFactory().pk,
            cause="buyer_insolvency",
            event_date=today() - timedelta(days=2),
            description="Bankrupt.",
            invoices=[
                services.InvoiceLine(
                    "M-1", today() - timedelta(days=50), today() + timedelta(days=10), "USD", Decimal("9000")
                )
            ],
        ),
    )
    return user, claim


def test_escalation_near_then_overdue_reminds_the_officer_once_a_stage(officer):
    other = ClaimsOfficerFactory()
    user, claim = _micro_claim()
    assert claim.decision_due == workdays.add_business_days(today(), 30).date
    services.claim_accept(actor=officer, claim_id=claim.pk)
    assert claims_escalate_decisions(today=today()) == 0  # 30 business days away
    near_day = claim.decision_due - timedelta(days=2)
    assert claims_escalate_decisions(today=near_day) == 1
    assert claims_escalate_decisions(today=near_day) == 0  # again: nothing twice
    claim.refresh_from_db()
    assert claim.escalation == "near"
    late_day = claim.decision_due + timedelta(days=1)
    assert claims_escalate_decisions(today=late_day) == 1
    claim.refresh_from_db()
    assert claim.escalation == "overdue"
    titles = [n.heading() for n in Notification.objects.filter(user=officer, kind="claim_decision_due")]
    assert len(titles) == 2 and any("was due" in t for t in titles)
    assert not Notification.objects.filter(
        user=other, kind="claim_decision_due"
    ).exists()  # the case has its officer


def test_an_unassigned_case_reminds_every_claims_officer_and_decided_cases_are_left_alone(officer):
    other = ClaimsOfficerFactory()
    user, claim = _micro_claim()
    Claim.objects.filter(pk=claim.pk).update(decision_due=today() - timedelta(days=1))
    _, decided = _micro_claim()
    Claim.objects.filter(pk=decided.pk).update(status="approved", decision_due=today() - timedelta(days=1))
    assert claims_escalate_decisions(today=today()) == 2  # one case, two officers
    assert set(Reminder.objects.values_list("user_id", flat=True)) == {officer.pk, other.pk}
    assert Claim.objects.get(pk=decided.pk).escalation == ""


def test_the_decision_clears_the_escalation(officer):
    user, claim = _micro_claim()
    walk(claim, insured=user, officer=officer, to="assessed")
    Claim.objects.filter(pk=claim.pk).update(decision_due=today() - timedelta(days=1))
    claims_escalate_decisions(today=today())
    services.claim_decide(actor=officer, claim_id=claim.pk, decision="approve", reason="ok")
    assert Claim.objects.get(pk=claim.pk).escalation == ""


def test_claim_filing_due_soon_is_reminded_once():
    user, policy, limit, shipments = overdue_setup()
    notice = file_notice(user, policy, shipments)
    assert claims_remind_deadlines(today=today()) == 0  # four months away
    soon = notice.claim_deadline - timedelta(days=10)
    assert claims_remind_deadlines(today=soon) == 1
    assert claims_remind_deadlines(today=soon + timedelta(days=1)) == 0
    note = Notification.objects.get(user=user, kind="claim_filing_due")
    assert notice.number in note.heading() and notice.claim_deadline.isoformat() in note.heading()
    services.claim_file_from_notice(actor=user, notice_id=notice.pk)  # claimed: nothing more


def test_documents_asked_for_are_reminded_before_and_after_the_date(officer):
    user, claim = filed_claim()
    services.claim_accept(actor=officer, claim_id=claim.pk)
    services.document_request_create(
        actor=officer,
        claim_id=claim.pk,
        kind="bill_of_lading",
        message="B/L",
        due_date=today() + timedelta(days=5),
    )
    assert claims_remind_deadlines(today=today()) == 0
    assert claims_remind_deadlines(today=today() + timedelta(days=4)) == 1
    assert claims_remind_deadlines(today=today() + timedelta(days=5)) == 0
    assert claims_remind_deadlines(today=today() + timedelta(days=6)) == 1  # now overdue
    assert Notification.objects.filter(user=user, kind="claim_documents_due").count() == 2


def test_a_buyer_insolvency_reminds_the_insured_to_notify_within_ten_business_days():
    user, policy, limit, shipments = overdue_setup()
    other_user, *_ = overdue_setup()  # exposed to another buyer: not told
    event_day = today() - timedelta(days=1)
    risk_event_record(kind="bankruptcy", event_date=event_day, title="Insolvency filed", buyer=limit.buyer)
    assert claims_remind_deadlines(today=today()) == 1
    assert claims_remind_deadlines(today=today()) == 0
    note = Notification.objects.get(user=user, kind="loss_notice_due")
    deadline = workdays.add_business_days(event_day, 10).date
    assert deadline.isoformat() in note.heading() and f"target={policy.pk}:{limit.buyer_id}" in note.url
    assert not Notification.objects.filter(user=other_user).exists()


def test_a_war_in_the_buyers_country_reminds_unless_already_notified():
    user, policy, limit, shipments = overdue_setup()
    file_notice(user, policy, shipments[:1])  # notified already on this buyer
    user2, policy2, limit2, _ = overdue_setup()
    risk_event_record(kind="war", event_date=today(), title="Civil war", country_id=limit2.buyer.country_id)
    assert claims_remind_deadlines(today=today()) == 1
    assert Notification.objects.filter(user=user2, kind="loss_notice_due").exists()
    assert not Notification.objects.filter(user=user, kind="loss_notice_due").exists()


def test_the_celery_tasks_run_the_escalation_and_reminder_sweeps_for_today(officer):
    user, claim = _micro_claim()
    Claim.objects.filter(pk=claim.pk).update(decision_due=today())
    assert tasks.escalate_decisions_due() >= 1
    assert tasks.remind_deadlines() == 0


def test_the_schedules_are_registered():
    from django.conf import settings

    for name in ("claims.escalate_decisions_due", "claims.remind_deadlines"):
        assert settings.CELERY_BEAT_SCHEDULE[name]["task"] == name
