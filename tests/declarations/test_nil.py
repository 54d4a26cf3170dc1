"""Nil declarations (零申报, issue 14 item 2): "no shipments this month" for a declaring policy, by
page, API and in bulk; once per month (a repeat changes nothing); refused for a month not begun,
outside the policy, or with shipments declared; withdrawn when a shipment of the month is declared
later; the monthly declaration reminder then asks for nothing."""

from datetime import timedelta

import pytest

from declarations.models import NilDeclaration
from declarations.services import DeclarationInput, declaration_create
from declarations.services.sweeps import declarations_remind_due
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.notifications.models import Reminder
from sinosure_portal.workdays.calendar import today
from tests.factories import ExporterFactory
from tests.factories.declarations import ShipmentDeclarationFactory, declaring_setup

pytestmark = pytest.mark.django_db
API = "/api/v1/declarations/nil/"


def _last_month():
    return (today().replace(day=1) - timedelta(days=1)).replace(day=1)


def test_a_month_without_shipments_is_reported_once(api_for):
    user, policy, _limit = declaring_setup()
    api = api_for(user)
    month = _last_month().strftime("%Y-%m")
    first = api.post(API, {"policy": policy.pk, "month": month}, format="json")
    assert first.status_code == 201, first.json()
    assert (first.json()["month"], first.json()["policy_number"]) == (month, policy.number)
    again = api.post(API, {"policy": policy.pk, "month": month}, format="json")  # a retried request
    assert again.json()["id"] == first.json()["id"] and NilDeclaration.objects.count() == 1
    event = AuditEvent.objects.get(action="nil_declaration.reported")
    assert (event.why("en"), event.why("zh-hans")) == (f"No shipments in {month}", f"{month} 无出运")
    assert [n["month"] for n in api.get(API).json()["results"]] == [month]
    # another insured sees none of it
    assert api_for(ExporterFactory()).get(API).json()["results"] == []


@pytest.mark.parametrize(
    ("month", "code"),
    [
        (lambda: (today().replace(day=1) + timedelta(days=40)).strftime("%Y-%m"), "nil_month_future"),
        (lambda: (today() - timedelta(days=400)).strftime("%Y-%m"), "nil_month_outside_policy"),
        (lambda: "2026-13", None),
    ],
)
def test_a_month_that_cannot_be_nil_is_refused_naming_the_field(api_for, month, code):
    user, policy, _limit = declaring_setup()
    response = api_for(user).post(API, {"policy": policy.pk, "month": month()}, format="json")
    assert response.status_code == 400 and not NilDeclaration.objects.exists()
    body = response.json()
    if code:
        assert (body["code"], body["field"]) == (code, "month")
    else:
        assert "month" in str(body)


def test_a_month_with_shipments_declared_is_not_nil(api_for):
    user, policy, limit = declaring_setup()
    ShipmentDeclarationFactory(limit=limit, shipment_date=_last_month() + timedelta(days=3))
    response = api_for(user).post(
        API, {"policy": policy.pk, "month": _last_month().strftime("%Y-%m")}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "nil_month_has_shipments"
    assert "1 shipments" in response.json()["message"]


def test_declaring_a_shipment_of_a_nil_month_withdraws_the_report():
    user, policy, limit = declaring_setup()
    from declarations.services import NilInput, nil_declaration_report

    nil = nil_declaration_report(actor=user, data=NilInput(policy_id=policy.pk, month=_last_month()))
    declaration_create(
        actor=user,
        data=DeclarationInput(
            policy_id=policy.pk,
            buyer_id=limit.buyer_id,
            invoice_number="LATE-1",
            shipment_date=_last_month() + timedelta(days=10),
            currency="USD",
            amount=1000,
            payment_term="OA",
            credit_days=60,
            hs_code="940360",
        ),
    )
    assert not NilDeclaration.objects.exists()
    event = AuditEvent.objects.get(action="nil_declaration.withdrawn", object_id=str(nil.pk))
    assert "not nil" in event.why("en") and event.actor_id == user.pk


def test_a_shipment_of_another_month_leaves_the_report():
    user, policy, limit = declaring_setup()
    from declarations.services import NilInput, nil_declaration_report

    nil_declaration_report(actor=user, data=NilInput(policy_id=policy.pk, month=_last_month()))
    ShipmentDeclarationFactory(limit=limit)  # written directly: no engine, the report stays
    declaration_create(
        actor=user,
        data=DeclarationInput(
            policy_id=policy.pk,
            buyer_id=limit.buyer_id,
            invoice_number="NOW-1",
            shipment_date=today(),
            currency="USD",
            amount=1000,
            payment_term="OA",
            credit_days=60,
            hs_code="940360",
        ),
    )
    assert NilDeclaration.objects.count() == 1


def test_the_monthly_reminder_skips_a_month_reported_nil():
    user, policy, _limit = declaring_setup()
    other_user, other_policy, _other_limit = declaring_setup()
    from declarations.services import NilInput, nil_declaration_report

    nil_declaration_report(actor=user, data=NilInput(policy_id=policy.pk, month=_last_month()))
    assert declarations_remind_due(today=today().replace(day=1)) == 1
    assert [r.user_id for r in Reminder.objects.filter(kind="declarations.declaration_due")] == [
        other_user.pk
    ]


def test_many_months_at_once_all_or_none(api_for):
    user, policy, limit = declaring_setup()
    api = api_for(user)
    last = _last_month()
    before = (last - timedelta(days=1)).replace(day=1)
    ok = api.post(
        f"{API}bulk/",
        {
            "items": [
                {"policy": policy.pk, "month": last.strftime("%Y-%m")},
                {"policy": policy.pk, "month": before.strftime("%Y-%m")},
            ]
        },
        format="json",
    )
    assert ok.status_code == 201 and len(ok.json()) == 2
    NilDeclaration.objects.all().delete()
    ShipmentDeclarationFactory(limit=limit, shipment_date=before + timedelta(days=2))
    refused = api.post(
        f"{API}bulk/",
        {
            "items": [
                {"policy": policy.pk, "month": last.strftime("%Y-%m")},
                {"policy": policy.pk, "month": before.strftime("%Y-%m")},
            ]
        },
        format="json",
    )
    assert refused.status_code == 400 and refused.json()["row"] == 2
    assert not NilDeclaration.objects.exists()  # the first row was not kept either


def test_the_page_reports_a_month_in_chinese(client_for):
    user, policy, _limit = declaring_setup()
    client = client_for(user)
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/declarations/nil/").content.decode()
    assert 'data-testid="nil-form"' in page and _last_month().strftime("%Y-%m") in page
    response = client.post(
        "/declarations/nil/", {"policy": policy.pk, "month": _last_month().strftime("%Y-%m")}, follow=True
    )
    assert NilDeclaration.objects.filter(policy=policy, month=_last_month()).exists()
    assert "已报告" in response.content.decode() or "零申报" in response.content.decode()
