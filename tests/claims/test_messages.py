"""Claims notifications and reminders are stored as their kind and parameters and read in the
reader's language (claims/messages.py): a document kind, a cause or a decision in the reader's
words, a count of one in the singular, and no title frozen in the language of whoever acted."""

from datetime import timedelta

import pytest
from django.urls import reverse

from claims import services
from sinosure_portal.notifications.models import Notification
from sinosure_portal.texts import render
from sinosure_portal.workdays.calendar import today
from tests.factories.claims import file_notice, filed_claim, overdue_setup, walk

pytestmark = pytest.mark.django_db


def test_a_document_request_reads_in_english_for_an_english_reader_and_in_chinese_for_a_chinese_one(officer):
    user, claim = filed_claim()
    walk(claim, insured=user, officer=officer, to="accepted")
    due = today() + timedelta(days=5)
    services.document_request_create(
        actor=officer, claim_id=claim.pk, kind="bill_of_lading", message="原件扫描件", due_date=due
    )
    note = Notification.objects.get(user=user, kind="claim_documents_requested")
    assert note.title == ""  # nothing rendered when it was sent
    assert note.params == {"n": claim.number, "doc": "bill_of_lading", "date": due.isoformat()}
    assert note.heading("en") == f"Claim {claim.number}: please provide Bill of lading by {due.isoformat()}"
    assert note.heading("zh-hans") == f"索赔 {claim.number}：请于 {due.isoformat()} 前提供提单"
    assert note.text("en") == note.text("zh-hans") == "原件扫描件"  # the officer's own words


def test_a_decision_names_the_outcome_in_the_readers_language(officer):
    user, claim = filed_claim()
    walk(claim, insured=user, officer=officer, to="approved", decision="deny")
    note = Notification.objects.get(user=user, kind="claim_decided")
    assert note.params["decision"] == "denied"
    assert note.heading("en") == f"Claim {claim.number}: Denied"
    assert note.heading("zh-hans") == f"索赔 {claim.number}：拒赔"


def test_one_business_day_is_singular_and_ten_are_plural_in_the_notice_reminder():
    params = {"event": "Bankruptcy", "buyer": "Müller", "date": "2026-10-15", "cause": "buyer_insolvency"}
    one = render("loss_notice_due", {**params, "days": 1}, part="body", language="en")
    ten = render("loss_notice_due", {**params, "days": 10}, part="body", language="en")
    assert one == (
        "You have covered shipments on this buyer. After Buyer insolvency a possible-loss notice is due "
        "within 1 business day of the event."
    )
    assert ten.endswith("within 10 business days of the event.")
    chinese = render("loss_notice_due", {**params, "days": 1}, part="body", language="zh-hans")
    assert (
        chinese
        == "贵方对该买方有承保出运。发生“买方破产或无力偿付债务”后，须在事件发生后 1 个工作日内提交可能损失通知书。"
    )


def test_the_late_notice_body_is_there_only_when_the_notice_is_late(officer):
    user, policy, limit, shipments = overdue_setup(loss_notice_default_days=5)
    late = file_notice(user, policy, shipments)
    note = Notification.objects.get(user=officer, kind="loss_notice_submitted")
    assert note.params["late"] is True
    assert note.text("en") == f"Notified late (deadline {late.deadline.isoformat()})."
    on_time_user, policy2, _limit, shipments2 = overdue_setup()
    file_notice(on_time_user, policy2, shipments2)
    on_time = (
        Notification.objects.filter(user=officer, kind="loss_notice_submitted").exclude(pk=note.pk).get()
    )
    assert on_time.text("en") == ""


def test_the_dashboard_counts_one_open_notice_in_the_singular(client):
    user, policy, limit, shipments = overdue_setup()
    file_notice(user, policy, shipments)
    client.force_login(user)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "1 open notice" in page and "1 open notices" not in page
