"""Daily sweeps: receivable due reminders, overdue marking with the loss-notice date, the second
reminder before it, declaration-due reminders, monthly premium invoices with their PDF and
premium-due reminders. Each reminder once, however often the sweep runs."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from declarations.models import ShipmentDeclaration
from declarations.services.premiums import premium_invoices_issue, premium_invoices_remind
from declarations.services.sweeps import (
    declarations_remind_due,
    loss_notices_remind,
    receivables_mark_overdue,
    receivables_remind_due,
)
from policies.documents import premium_invoice_pdf_response, premium_invoice_render
from policies.models import PremiumInvoice
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.core.documents import pdf_text
from sinosure_portal.notifications.models import Notification, Reminder
from sinosure_portal.workdays.calendar import today
from tests.factories import ExporterFactory
from tests.factories.declarations import ShipmentDeclarationFactory, declaring_setup

pytestmark = pytest.mark.django_db
S = ShipmentDeclaration.Status
TODAY = date(2026, 10, 20)


def _receivable(limit, *, due, status=S.COVERED, **kw):
    return ShipmentDeclarationFactory(
        limit=limit, shipment_date=due - timedelta(days=60), credit_days=60, due_date=due, status=status, **kw
    )


def test_receivable_due_reminder_goes_out_n_days_before_once():
    user, policy, limit = declaring_setup()
    policy.receivable_due_reminder_days = 7
    policy.save()
    soon = _receivable(limit, due=TODAY + timedelta(days=7))
    _receivable(limit, due=TODAY + timedelta(days=8))  # not yet
    _receivable(limit, due=TODAY + timedelta(days=3), status=S.SETTLED)  # paid: nothing
    assert receivables_remind_due(today=TODAY) == 1
    assert receivables_remind_due(today=TODAY) == 0
    assert receivables_remind_due(today=TODAY + timedelta(days=1)) == 1  # the second one's turn
    note = Notification.objects.filter(user=user, kind="declarations.receivable_due").order_by("id").first()
    assert soon.invoice_number in note.heading() and note.url.endswith(f"/declarations/{soon.pk}/")


def test_overdue_receivables_are_marked_once_and_told_the_loss_notice_date():
    user, policy, limit = declaring_setup()
    late = _receivable(limit, due=TODAY - timedelta(days=1))
    _receivable(limit, due=TODAY)  # due today: not overdue yet
    assert receivables_mark_overdue(today=TODAY) == 1
    assert receivables_mark_overdue(today=TODAY) == 0
    late.refresh_from_db()
    assert late.status == S.OVERDUE and late.overdue_since == TODAY
    event = AuditEvent.objects.get(object_id=str(late.pk), action="shipment_declaration.overdue")
    assert (event.from_state, event.to_state) == ("covered", "overdue")
    note = Notification.objects.get(user=user, kind="declarations.receivable_overdue")
    deadline = (TODAY - timedelta(days=1) + timedelta(days=30)).isoformat()
    assert deadline in note.text() and note.level == "danger"


def test_a_second_reminder_goes_out_a_week_before_the_loss_notice_deadline():
    user, policy, limit = declaring_setup()
    due = TODAY - timedelta(days=23)  # notice deadline = due + 30 = TODAY + 7
    d = _receivable(limit, due=due, status=S.OVERDUE)
    _receivable(limit, due=TODAY - timedelta(days=10), status=S.OVERDUE)  # deadline in 20 days
    assert loss_notices_remind(today=TODAY - timedelta(days=1)) == 0
    assert loss_notices_remind(today=TODAY) == 1
    assert loss_notices_remind(today=TODAY + timedelta(days=3)) == 0  # once
    reminder = Reminder.objects.get(kind="declarations.loss_notice_due")
    assert reminder.due_date == due + timedelta(days=30)
    assert (
        reminder.params["invoice"] == d.invoice_number
        and reminder.params["date"] == reminder.due_date.isoformat()
    )


def test_declaration_due_reminder_once_a_month_per_declaring_policy():
    user, policy, limit = declaring_setup()
    ExporterFactory(organisation=user.organisation)
    on = today().replace(day=1)  # the policy started 90 days ago: in force all of last month
    assert declarations_remind_due(today=on) == 2  # two users of the insured
    assert declarations_remind_due(today=on) == 0
    assert declarations_remind_due(today=on + timedelta(days=1)) == 0  # the key holds the month
    note = Notification.objects.filter(user=user, kind="declarations.declaration_due").get()
    assert policy.number in note.heading()


def test_monthly_premium_invoice_bills_unbilled_premium_once_with_a_pdf():
    user, policy, limit = declaring_setup()
    last_month = TODAY.replace(day=1) - timedelta(days=3)
    a = ShipmentDeclarationFactory(limit=limit, declared_on=last_month, premium_usd=Decimal("30.00"))
    b = ShipmentDeclarationFactory(limit=limit, declared_on=last_month, premium_usd=Decimal("12.50"))
    ShipmentDeclarationFactory(
        limit=limit, declared_on=TODAY.replace(day=1), premium_usd=Decimal("99")
    )  # this month
    assert premium_invoices_issue(today=TODAY) == 1
    assert premium_invoices_issue(today=TODAY) == 0
    invoice = PremiumInvoice.objects.get(policy=policy)
    assert invoice.amount_usd == Decimal("42.50")
    assert (invoice.period_start, invoice.period_end) == (date(2026, 9, 1), date(2026, 9, 30))
    assert set(ShipmentDeclaration.objects.filter(premium_invoice=invoice).values_list("pk", flat=True)) == {
        a.pk,
        b.pk,
    }
    assert Notification.objects.filter(user=user, kind="premium_invoice_issued").count() == 1
    doc = premium_invoice_render(invoice)
    text = pdf_text(doc.file.read())
    assert "保费发票" in text and invoice.number in text and "42.50" in text
    # the shipments billed, which declarations add to the policies' invoice, per buyer
    assert "出运申报保费明细" in text and (limit.buyer.name_zh or limit.buyer.name) in text
    # an amendment after billing is billed with the next month's invoice
    ShipmentDeclaration.objects.filter(pk=a.pk).update(premium_usd=Decimal("40.00"))
    assert premium_invoices_issue(today=date(2026, 11, 2)) == 1
    assert PremiumInvoice.objects.get(policy=policy, period_start=date(2026, 10, 1)).amount_usd == Decimal(
        "109.00"
    )


def test_premium_pdf_is_rendered_once_and_served_unchanged():
    user, policy, limit = declaring_setup()
    ShipmentDeclarationFactory(limit=limit, declared_on=TODAY.replace(day=1) - timedelta(days=1))
    premium_invoices_issue(today=TODAY)
    invoice = PremiumInvoice.objects.get(policy=policy)
    first = premium_invoice_pdf_response(invoice)
    body = b"".join(first.streaming_content)
    second = b"".join(premium_invoice_pdf_response(invoice).streaming_content)
    assert body == second and body.startswith(b"%PDF")


def test_premium_due_and_overdue_reminders_each_once():
    user, policy, limit = declaring_setup()
    invoice = PremiumInvoice.objects.create(
        policy=policy,
        period_start=date(2026, 9, 1),
        period_end=date(2026, 9, 30),
        payer="insured",
        amount_usd=Decimal("10"),
        due_date=TODAY + timedelta(days=5),
        number="PI2026999999",
    )
    assert premium_invoices_remind(today=TODAY) == 1
    assert premium_invoices_remind(today=TODAY) == 0
    assert premium_invoices_remind(today=TODAY + timedelta(days=6)) == 1  # now overdue
    kinds = list(Notification.objects.filter(user=user).values_list("kind", flat=True))
    assert sorted(kinds) == ["premium_due", "premium_overdue"]
    invoice.status = PremiumInvoice.Status.PAID
    invoice.save()
    assert premium_invoices_remind(today=TODAY + timedelta(days=30)) == 0


def test_sweeps_are_set_based(django_assert_max_num_queries):
    user, policy, limit = declaring_setup()
    for i in range(30):
        _receivable(limit, due=TODAY - timedelta(days=1 + i % 5))
    with django_assert_max_num_queries(20):
        assert receivables_mark_overdue(today=TODAY) == 30


def test_reminders_show_what_is_open_at_the_currency_scale():
    """25,000.00 USD (not "25000.000"), KWD 1,000.125 and JPY 1,000,000, as people read them."""
    user, policy, limit = declaring_setup()
    policy.receivable_due_reminder_days = 7
    policy.save()
    due = TODAY + timedelta(days=5)
    _receivable(limit, due=due, amount=Decimal("25000"), invoice_number="R-USD")
    _receivable(limit, due=due, currency="KWD", amount=Decimal("1000.125"), invoice_number="R-KWD")
    _receivable(limit, due=due, currency="JPY", amount=Decimal("1000000"), invoice_number="R-JPY")
    receivables_remind_due(today=TODAY)
    bodies = {
        n.heading().split()[1]: n.text()
        for n in Notification.objects.filter(user=user, kind="declarations.receivable_due")
    }
    assert bodies["R-USD"].startswith("USD 25,000.00 is still open")
    assert bodies["R-KWD"].startswith("KWD 1,000.125 is still open")
    assert bodies["R-JPY"].startswith("JPY 1,000,000 is still open")


def test_a_sweep_reminder_reads_in_each_readers_language_with_the_amount_at_its_scale():
    """Stored once as kind and parameters: an English reader and a Chinese reader each get their own
    language (the sweep used to write the text in whatever language the worker ran in)."""
    user, policy, limit = declaring_setup()
    late = _receivable(limit, due=TODAY - timedelta(days=1), currency="KWD", amount=Decimal("1000.125"))
    receivables_mark_overdue(today=TODAY)
    note = Notification.objects.get(user=user, kind="declarations.receivable_overdue")
    assert (note.title, note.body) == ("", "")
    deadline = (TODAY - timedelta(days=1) + timedelta(days=30)).isoformat()
    assert note.heading(language="en") == f"Invoice {late.invoice_number} on {late.buyer.name} is overdue"
    assert note.text(language="en").startswith("KWD 1,000.125 was due on")
    assert deadline in note.text(language="en")
    chinese = note.heading(language="zh-hans")
    assert late.invoice_number in chinese and "逾期" in chinese and "is overdue" not in chinese
