"""/api/v1/creditinfo/...: every tool through the API, with access checks and query counts."""

from decimal import Decimal

import pytest

from creditinfo import services
from creditinfo.models import Buyer, CreditReportOrder, Subscription
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory
from tests.factories.creditinfo import ImporterFactory, TradeRecordFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/creditinfo"


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def mueller(germany):
    buyer, _ = services.buyer_register(
        name="Müller Handels GmbH",
        name_en="Mueller Trading GmbH",
        name_zh="穆勒贸易有限公司",
        country_id="DE",
        registration_number="HRB 123456",
    )
    return buyer


# --- traffic light -------------------------------------------------------------------------------


def test_lookup_gives_light_reason_and_advice(api_for, exporter, mueller):
    services.risk_event_record(kind="fraud", event_date=today(), title="Forged bill of lading", buyer=mueller)
    body = api_for(exporter).get(f"{API}/lookup/", {"q": "Mueler Trading"}).json()
    assert body["found"] and body["match"] == "name"
    hit = body["buyers"][0]
    assert hit["id"] == mueller.pk and hit["light"] == "red" and hit["light_label"] == "Red"
    assert hit["light_reason"].endswith("Forged bill of lading")
    assert hit["advice"].startswith("Trade prudently")
    assert body["report_order_url"] is None


def test_lookup_by_registration_number(api_for, exporter, mueller):
    body = api_for(exporter).get(f"{API}/lookup/", {"q": "hrb-123456"}).json()
    assert body["match"] == "registration" and body["buyers"][0]["light"] == "green"
    assert body["buyers"][0]["light_reason"] == "No notable negative information."


def test_unknown_buyer_offers_a_report_order(api_for, exporter, mueller):
    body = api_for(exporter).get(f"{API}/lookup/", {"q": "Zyxwvut Quantum"}).json()
    assert not body["found"] and body["report_order_url"] == "/creditinfo/reports/new/?name=Zyxwvut+Quantum"


def test_lookup_needs_a_query(api_for, exporter):
    response = api_for(exporter).get(f"{API}/lookup/")
    assert response.status_code == 400 and response.json()["field"] == "q"


def test_lookup_needs_sign_in(client):
    assert client.get(f"{API}/lookup/", {"q": "x"}).status_code in (401, 403)


# --- buyers --------------------------------------------------------------------------------------


def test_register_then_register_again_returns_the_existing(api_for, exporter, germany):
    api = api_for(exporter)
    payload = {"name": "Nordlicht Elektro GmbH", "country": "de", "registration_number": "HRB 204411"}
    first = api.post(f"{API}/buyers/", payload, format="json")
    assert first.status_code == 201 and first.json()["created"]
    again = api.post(f"{API}/buyers/", {"name": "NORDLICHT ELEKTRO", "country": "DE"}, format="json")
    assert again.status_code == 200 and not again.json()["created"]
    assert again.json()["buyer"]["id"] == first.json()["buyer"]["id"]
    assert Buyer.objects.count() == 1


def test_register_a_bank_by_swift(api_for, underwriter, germany):
    api = api_for(underwriter)
    refused = api.post(
        f"{API}/buyers/", {"kind": "bank", "name": "Commerzbank", "country": "DE"}, format="json"
    )
    assert refused.status_code == 400 and refused.json() == {
        "code": "swift_required",
        "message": "An issuing bank is identified by its SWIFT code.",
        "field": "swift_code",
    }
    made = api.post(
        f"{API}/buyers/",
        {"kind": "bank", "name": "Commerzbank", "country": "DE", "swift_code": "COBADEFF"},
        format="json",
    )
    assert made.status_code == 201 and made.json()["buyer"]["kind"] == "bank"
    again = api.post(
        f"{API}/buyers/",
        {"kind": "bank", "name": "Commerzbank AG Frankfurt", "country": "DE", "swift_code": "COBADEFF"},
        format="json",
    )
    assert again.status_code == 200 and again.json()["buyer"]["id"] == made.json()["buyer"]["id"]


def test_claims_officers_do_not_register_buyers(api_for, claims_officer, germany):
    response = api_for(claims_officer).post(
        f"{API}/buyers/", {"name": "X GmbH", "country": "DE"}, format="json"
    )
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"


def test_buyer_list_filters_and_query_count(
    api_for, exporter, germany, turkey, django_assert_max_num_queries
):
    for i in range(12):
        BuyerFactory(country=germany if i % 2 else turkey)
    api = api_for(exporter)
    with django_assert_max_num_queries(4):
        body = api.get(f"{API}/buyers/", {"country": "TR"}).json()
    assert body["count"] == 6 and {b["country"] for b in body["results"]} == {"TR"}


def test_buyer_detail_with_events(api_for, exporter, mueller):
    services.risk_event_record(kind="past_default", event_date=today(), title="Paid late", buyer=mueller)
    body = api_for(exporter).get(f"{API}/buyers/{mueller.pk}/").json()
    assert body["light"] == "yellow" and body["events"][0]["title"] == "Paid late"
    assert body["light_changes"][0]["to_light"] == "yellow"
    assert api_for(exporter).get(f"{API}/buyers/999999/").status_code == 404


# --- countries, industries -----------------------------------------------------------------------


def test_countries_show_exposure_to_staff_only(api_for, exporter, underwriter, germany, turkey):
    services.risk_event_record(kind="war", event_date=today(), title="Unrest", country_id="TR")
    mine = {c["code"]: c for c in api_for(exporter).get(f"{API}/countries/").json()}
    assert mine["TR"]["open_events"] == 1 and mine["TR"]["exposure_usd"] is None
    staff = {c["code"]: c for c in api_for(underwriter).get(f"{API}/countries/").json()}
    from creditinfo.selectors.countries import _credit_limit_model

    if _credit_limit_model() is not None:
        assert Decimal(staff["TR"]["exposure_usd"]) == Decimal("0")
    detail = api_for(exporter).get(f"{API}/countries/tr/").json()
    assert detail["risk_class"] == 6 and detail["recent_events"][0]["title"] == "Unrest"
    assert api_for(exporter).get(f"{API}/countries/XX/").status_code == 404


def test_industries(api_for, exporter, manufacturing):
    manufacturing.risk_notes = "Watch input costs."
    manufacturing.save()
    body = api_for(exporter).get(f"{API}/industries/").json()
    assert body[0]["code"] == "C" and body[0]["risk_notes"] == "Watch input costs."
    assert api_for(exporter).get(f"{API}/industries/c/").json()["name_en"] == "Manufacturing"


# --- risk events and subscriptions ----------------------------------------------------------------


def test_only_underwriters_and_admins_record_events(api_for, exporter, underwriter, admin_user, turkey):
    payload = {"kind": "war", "event_date": today().isoformat(), "title": "Unrest", "country": "TR"}
    assert api_for(exporter).post(f"{API}/risk-events/", payload, format="json").status_code == 403
    made = api_for(underwriter).post(f"{API}/risk-events/", payload, format="json")
    assert made.status_code == 201 and made.json()["country"] == "TR"
    assert api_for(admin_user).post(f"{API}/risk-events/", payload, format="json").status_code == 201
    bad = api_for(underwriter).post(f"{API}/risk-events/", {**payload, "country": ""}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "risk_event_subject"
    unknown = api_for(underwriter).post(f"{API}/risk-events/", {**payload, "buyer": 999999}, format="json")
    assert unknown.status_code == 400 and unknown.json()["code"] == "buyer_unknown"


def test_resolve_an_event(api_for, exporter, underwriter, mueller):
    event = services.risk_event_record(kind="bankruptcy", event_date=today(), title="Closed", buyer=mueller)
    assert api_for(exporter).post(f"{API}/risk-events/{event.pk}/resolve/").status_code == 403
    body = (
        api_for(underwriter)
        .post(f"{API}/risk-events/{event.pk}/resolve/", {"reason": "reopened"}, format="json")
        .json()
    )
    assert body["resolved"]
    mueller.refresh_from_db()
    assert mueller.light == "green"


def test_feed_filters_and_query_count(
    api_for, exporter, turkey, germany, mueller, django_assert_max_num_queries
):
    services.risk_event_record(kind="war", event_date=today(), title="TR war", country_id="TR")
    services.risk_event_record(kind="past_default", event_date=today(), title="Mueller late", buyer=mueller)
    for i in range(8):
        services.risk_event_record(kind="other", event_date=today(), title=f"DE news {i}", country_id="DE")
    api = api_for(exporter)
    with django_assert_max_num_queries(4):
        everything = api.get(f"{API}/risk-events/").json()
    assert everything["count"] == 10
    assert [e["title"] for e in api.get(f"{API}/risk-events/", {"country": "TR"}).json()["results"]] == [
        "TR war"
    ]
    assert [e["title"] for e in api.get(f"{API}/risk-events/", {"company": "mueller"}).json()["results"]] == [
        "Mueller late"
    ]
    assert (
        api.get(f"{API}/risk-events/", {"country": "DE"}).json()["count"] == 9
    )  # the country's and its buyers'
    assert api.get(f"{API}/risk-events/", {"followed": "true"}).json()["count"] == 0
    services.subscription_follow(user=exporter, country_id="TR")
    assert [e["title"] for e in api.get(f"{API}/risk-events/", {"followed": "true"}).json()["results"]] == [
        "TR war"
    ]


def test_subscriptions_follow_list_unfollow(api_for, exporter, exporter2, turkey, mueller):
    api = api_for(exporter)
    made = api.post(f"{API}/subscriptions/", {"country": "tr", "email": False}, format="json")
    assert (
        made.status_code == 201 and made.json()["subject_kind"] == "country" and made.json()["email"] is False
    )
    assert api.post(f"{API}/subscriptions/", {"country": "TR"}, format="json").status_code == 200
    api.post(f"{API}/subscriptions/", {"buyer": mueller.pk}, format="json")
    listed = api.get(f"{API}/subscriptions/").json()
    assert listed["count"] == 2
    assert api_for(exporter2).get(f"{API}/subscriptions/").json()["count"] == 0
    sub_id = made.json()["id"]
    assert api_for(exporter2).delete(f"{API}/subscriptions/{sub_id}/").status_code == 404
    assert api.delete(f"{API}/subscriptions/{sub_id}/").status_code == 204
    assert Subscription.objects.filter(user=exporter).count() == 1
    bad = api.post(f"{API}/subscriptions/", {"country": "TR", "buyer": mueller.pk}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "subscription_subject"


# --- finder ---------------------------------------------------------------------------------------


def test_finder_api(api_for, exporter, germany, django_assert_max_num_queries):
    for i, value in enumerate([5000, 9000, 7000]):
        imp = ImporterFactory(country=germany, name=f"Volt {i} GmbH", contact_known=i == 1)
        TradeRecordFactory(importer=imp, hs_code="850440", value_usd=Decimal(value))
        TradeRecordFactory(importer=imp, hs_code="940161", value_usd=Decimal(1))
    api = api_for(exporter)
    with django_assert_max_num_queries(8):
        body = api.get(f"{API}/finder/", {"country": "de", "product": "8504"}).json()
    assert body["hs_prefix"] == "8504" and body["summary"]["importers"] == 3
    assert [r["name"] for r in body["importers"]] == ["Volt 1 GmbH", "Volt 2 GmbH", "Volt 0 GmbH"]
    assert body["importers"][0]["rank"] == 1 and body["trend"] and body["sample_data"] is False
    known = api.get(f"{API}/finder/", {"country": "DE", "product": "8504", "contact_known": "true"}).json()
    assert [r["name"] for r in known["importers"]] == ["Volt 1 GmbH"]
    assert api.get(f"{API}/finder/", {"country": "XX"}).status_code == 400
    imp_id = body["importers"][0]["importer_id"]
    detail = api.get(f"{API}/importers/{imp_id}/").json()
    assert detail["totals"]["trades"] == 2 and {p["hs_code"] for p in detail["products"]} == {
        "850440",
        "940161",
    }


# --- credit report orders ------------------------------------------------------------------------


def test_report_order_journey_and_isolation(
    api_for, exporter, exporter2, underwriter, mueller, django_assert_max_num_queries
):
    mine = api_for(exporter)
    theirs = api_for(exporter2)
    staff = api_for(underwriter)
    made = mine.post(f"{API}/report-orders/", {"buyer": mueller.pk, "notes": "payment habits"}, format="json")
    assert made.status_code == 201 and made.json()["status"] == "ordered"
    order_id = made.json()["id"]
    # another exporter sees nothing of it
    assert theirs.get(f"{API}/report-orders/{order_id}/").status_code == 404
    assert theirs.get(f"{API}/report-orders/").json()["count"] == 0
    assert theirs.post(f"{API}/report-orders/{order_id}/cancel/").status_code == 404
    # an exporter cannot act as the analyst
    assert mine.post(f"{API}/report-orders/{order_id}/start/").status_code == 403
    assert staff.post(f"{API}/report-orders/{order_id}/start/").json()["status"] == "in_progress"
    delivered = staff.post(f"{API}/report-orders/{order_id}/deliver/", {"findings": "ok"}, format="json")
    assert delivered.status_code == 200 and delivered.json()["status"] == "delivered"
    pdf_url = delivered.json()["pdf_url"]
    assert pdf_url == f"{API}/report-orders/{order_id}/pdf/"
    pdf = mine.get(pdf_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert theirs.get(pdf_url).status_code == 404
    for _ in range(5):
        services.credit_report_order_place(actor=exporter, buyer_id=mueller.pk)
    with django_assert_max_num_queries(4):
        listed = mine.get(f"{API}/report-orders/").json()
    assert listed["count"] == 6


def test_deliver_by_upload(api_for, exporter, underwriter, mueller):
    from django.core.files.uploadedfile import SimpleUploadedFile

    order = services.credit_report_order_place(actor=exporter, buyer_id=mueller.pk)
    services.credit_report_order_start(order_id=order.pk, actor=underwriter)
    staff = api_for(underwriter)
    bad = staff.post(
        f"{API}/report-orders/{order.pk}/deliver/",
        {"pdf": SimpleUploadedFile("r.pdf", b"not a pdf")},
        format="multipart",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "report_not_pdf"
    good = staff.post(
        f"{API}/report-orders/{order.pk}/deliver/",
        {"pdf": SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")},
        format="multipart",
    )
    assert good.status_code == 200
    assert b"".join(api_for(exporter).get(good.json()["pdf_url"]).streaming_content) == b"%PDF-1.4\n%%EOF\n"


def test_report_on_an_unknown_buyer_and_pdf_before_delivery(api_for, exporter, germany):
    api = api_for(exporter)
    made = api.post(
        f"{API}/report-orders/", {"buyer_name": "Neue Kunden AG", "buyer_country": "de"}, format="json"
    )
    assert (
        made.status_code == 201
        and made.json()["buyer"] is None
        and made.json()["buyer_label"] == "Neue Kunden AG"
    )
    assert api.get(f"{API}/report-orders/{made.json()['id']}/pdf/").status_code == 404
    missing = api.post(f"{API}/report-orders/", {"buyer_name": "X"}, format="json")
    assert missing.status_code == 400 and missing.json()["field"] == "buyer_country"
    assert CreditReportOrder.objects.count() == 1
