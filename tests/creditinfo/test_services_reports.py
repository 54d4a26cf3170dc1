"""Credit report orders: ordered -> in progress -> delivered (or cancelled), a due date in
working days, the analyst reminded once, the exporter told once on delivery."""

import pytest

from creditinfo import services
from creditinfo.models import Buyer, CreditReportOrder
from creditinfo.workflow import TRANSITIONS, report_order_workflow
from sinosure_portal.base.errors import DomainError, NotAllowed, TransitionNotAllowed
from sinosure_portal.core.documents import document_latest, pdf_text
from sinosure_portal.notifications.models import Notification
from sinosure_portal.workdays import calendar as workdays
from tests.factories import BuyerFactory, UnderwriterFactory

pytestmark = pytest.mark.django_db
S = CreditReportOrder.Status


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def test_transition_table():
    assert {
        S.ORDERED: {S.IN_PROGRESS, S.CANCELLED},
        S.IN_PROGRESS: {S.DELIVERED, S.CANCELLED},
        S.DELIVERED: set(),
        S.CANCELLED: set(),
    } == TRANSITIONS
    assert report_order_workflow.allowed(S.DELIVERED) == frozenset()


def test_order_on_a_known_buyer_is_due_in_five_working_days(exporter, germany):
    buyer = BuyerFactory(country=germany)
    order = services.credit_report_order_place(actor=exporter, buyer_id=buyer.pk, notes="payment habits")
    expected = workdays.add_business_days(workdays.today(), 5)
    assert order.status == S.ORDERED and order.organisation == exporter.organisation
    assert order.due_date == expected.date and order.due_provisional == expected.provisional
    assert order.buyer == buyer and order.buyer_name == ""


def test_order_on_an_unknown_buyer_keeps_its_description(exporter, germany):
    order = services.credit_report_order_place(
        actor=exporter, buyer_name="Neue Kunden AG", buyer_country_id="DE", buyer_registration_number="HRB 42"
    )
    assert order.buyer is None and order.buyer_label == "Neue Kunden AG"


def test_order_on_a_described_buyer_that_exists_is_linked(exporter, germany):
    buyer = BuyerFactory(country=germany, name="Neue Kunden AG", registration_number="HRB 42")
    order = services.credit_report_order_place(
        actor=exporter, buyer_name="NEUE KUNDEN", buyer_country_id="DE"
    )
    assert order.buyer == buyer


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({}, "buyer_name_required"),
        ({"buyer_name": "X Corp"}, "country_required"),
        ({"buyer_id": 987654}, "buyer_unknown"),
    ],
)
def test_order_refuses_bad_input(exporter, germany, kw, code):
    with pytest.raises(DomainError) as err:
        services.credit_report_order_place(actor=exporter, **kw)
    assert err.value.code == code


def test_only_exporters_and_banks_order(underwriter, germany):
    with pytest.raises(NotAllowed):
        services.credit_report_order_place(actor=underwriter, buyer_name="X", buyer_country_id="DE")


def test_start_registers_a_described_buyer(exporter, underwriter, germany):
    order = services.credit_report_order_place(
        actor=exporter, buyer_name="Neue Kunden AG", buyer_country_id="DE"
    )
    order = services.credit_report_order_start(order_id=order.pk, actor=underwriter)
    assert order.status == S.IN_PROGRESS and order.analyst == underwriter
    assert order.buyer == Buyer.objects.get(normalised_name="neue kunden")


def test_only_analysts_start(exporter, germany):
    order = services.credit_report_order_place(actor=exporter, buyer_id=BuyerFactory(country=germany).pk)
    with pytest.raises(NotAllowed):
        services.credit_report_order_start(order_id=order.pk, actor=exporter)


def test_deliver_generates_the_pdf_and_tells_the_exporter_once(exporter, underwriter, germany):
    buyer = BuyerFactory(country=germany, name="Müller Handels GmbH", name_zh="穆勒贸易有限公司")
    services.risk_event_record(
        kind="past_default", event_date=workdays.today(), title="Paid 60 days late", buyer=buyer
    )
    order = services.credit_report_order_place(actor=exporter, buyer_id=buyer.pk)
    services.credit_report_order_start(order_id=order.pk, actor=underwriter)
    doc = services.credit_report_order_deliver(order_id=order.pk, actor=underwriter, findings="付款习惯一般")
    order.refresh_from_db()
    assert order.status == S.DELIVERED and order.delivered_at and order.findings == "付款习惯一般"
    assert document_latest(order, "credit_report") == doc and doc.verify()
    text = pdf_text(doc.file.open("rb").read())
    assert "穆勒贸易有限公司" in text and "Paid 60 days late" in text and "付款习惯一般" in text
    notes = Notification.objects.filter(user=exporter, kind="creditinfo.report_delivered")
    assert notes.count() == 1
    with pytest.raises(DomainError):  # delivering again is refused, and tells nobody again
        services.credit_report_order_deliver(order_id=order.pk, actor=underwriter)
    assert notes.count() == 1


def test_deliver_an_uploaded_pdf(exporter, underwriter, germany):
    order = services.credit_report_order_place(actor=exporter, buyer_id=BuyerFactory(country=germany).pk)
    services.credit_report_order_start(order_id=order.pk, actor=underwriter)
    data = b"%PDF-1.4\n% analyst report\n%%EOF\n"
    doc = services.credit_report_order_deliver(order_id=order.pk, actor=underwriter, pdf=data)
    assert doc.file.open("rb").read() == data and doc.verify()


def test_deliver_refuses_what_is_not_a_pdf_and_leaves_the_order_in_progress(exporter, underwriter, germany):
    order = services.credit_report_order_place(actor=exporter, buyer_id=BuyerFactory(country=germany).pk)
    services.credit_report_order_start(order_id=order.pk, actor=underwriter)
    with pytest.raises(DomainError) as err:
        services.credit_report_order_deliver(order_id=order.pk, actor=underwriter, pdf=b"MZ\x90\x00")
    assert err.value.code == "report_not_pdf"
    order.refresh_from_db()
    assert order.status == S.IN_PROGRESS and document_latest(order, "credit_report") is None


def test_deliver_needs_the_order_in_progress(exporter, underwriter, germany):
    order = services.credit_report_order_place(actor=exporter, buyer_id=BuyerFactory(country=germany).pk)
    with pytest.raises(DomainError) as err:
        services.credit_report_order_deliver(order_id=order.pk, actor=underwriter)
    assert err.value.code == "report_not_in_progress"


def test_exporter_withdraws_an_order_not_yet_taken(exporter, underwriter, germany):
    buyer = BuyerFactory(country=germany)
    order = services.credit_report_order_place(actor=exporter, buyer_id=buyer.pk)
    services.credit_report_order_cancel(order_id=order.pk, actor=exporter)
    order.refresh_from_db()
    assert order.status == S.CANCELLED
    taken = services.credit_report_order_place(actor=exporter, buyer_id=buyer.pk)
    services.credit_report_order_start(order_id=taken.pk, actor=underwriter)
    with pytest.raises(DomainError) as err:
        services.credit_report_order_cancel(order_id=taken.pk, actor=exporter)
    assert err.value.code == "report_already_started"
    with pytest.raises(DomainError):  # the analyst must say why
        services.credit_report_order_cancel(order_id=taken.pk, actor=underwriter)
    services.credit_report_order_cancel(
        order_id=taken.pk, actor=underwriter, reason="buyer cannot be identified"
    )
    with pytest.raises(TransitionNotAllowed):
        services.credit_report_order_start(order_id=taken.pk, actor=underwriter)


def test_another_exporter_cannot_cancel(exporter, exporter2, germany):
    order = services.credit_report_order_place(actor=exporter, buyer_id=BuyerFactory(country=germany).pk)
    with pytest.raises(NotAllowed):
        services.credit_report_order_cancel(order_id=order.pk, actor=exporter2)


def test_due_reminders_go_to_the_analyst_once_per_stage(exporter, underwriter, germany):
    other_underwriter = UnderwriterFactory(organisation=underwriter.organisation)
    buyer = BuyerFactory(country=germany)
    waiting = services.credit_report_order_place(actor=exporter, buyer_id=buyer.pk)
    taken = services.credit_report_order_place(actor=exporter, buyer_id=buyer.pk)
    services.credit_report_order_start(order_id=taken.pk, actor=underwriter)
    later = services.credit_report_order_place(actor=exporter, buyer_id=buyer.pk)
    CreditReportOrder.objects.filter(pk__in=[waiting.pk, taken.pk]).update(due_date=workdays.today())
    assert services.credit_report_orders_remind_due(today=workdays.today()) == 3
    assert services.credit_report_orders_remind_due(today=workdays.today()) == 0
    due = Notification.objects.filter(kind="creditinfo.report_due")
    # nobody has the waiting order: every underwriter; the taken one: its analyst; the later one: nobody yet
    assert sorted(due.values_list("user__username", flat=True)) == sorted(
        [underwriter.username, other_underwriter.username, underwriter.username]
    )
    assert not due.filter(url__contains=f"/reports/{later.pk}/").exists()
    # the next day they are overdue: a second, sharper reminder, still once
    from datetime import timedelta

    tomorrow = workdays.today() + timedelta(days=1)
    assert services.credit_report_orders_remind_due(today=tomorrow) == 3
    assert services.credit_report_orders_remind_due(today=tomorrow) == 0
    overdue = Notification.objects.filter(kind="creditinfo.report_overdue")
    assert overdue.filter(level="danger").count() == 3 and due.count() == 3
    assert all("is overdue" in n.heading(language="en") for n in overdue)
