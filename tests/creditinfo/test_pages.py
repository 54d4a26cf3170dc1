"""The pages of the credit information tools: they render, they act, they hide what they must."""

import pytest
from django.urls import reverse

from creditinfo import services
from creditinfo.models import Buyer, RiskEvent, Subscription
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory
from tests.factories.creditinfo import ImporterFactory, TradeRecordFactory

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def test_traffic_light_page_answers_without_javascript(client_for, exporter, mueller):
    services.risk_event_record(
        kind="operating_trouble", event_date=today(), title="Lost its main customer", buyer=mueller
    )
    html = client_for(exporter).get(reverse("creditinfo:light"), {"q": "mueller trading"}).content.decode()
    assert 'data-light="yellow"' in html and "Lost its main customer" in html and "Trade with care" in html


def test_traffic_light_page_offers_a_report_for_an_unknown_buyer(client_for, exporter, mueller):
    html = client_for(exporter).get(reverse("creditinfo:light"), {"q": "Zyxwvut Quantum"}).content.decode()
    assert 'data-testid="lookup-none"' in html and "/creditinfo/reports/new/?name=Zyxwvut%20Quantum" in html


def test_buyer_list_query_count_and_export(client_for, exporter, germany, django_assert_max_num_queries):
    for _ in range(25):
        BuyerFactory(country=germany)
    client = client_for(exporter)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("creditinfo:buyers"))
    assert response.status_code == 200 and response.content.decode().count('data-testid="light"') == 25
    export = client.get(reverse("creditinfo:buyers"), {"format": "xlsx"})
    assert export["Content-Type"] == XLSX


def test_register_page_takes_you_to_the_existing_buyer(client_for, exporter, mueller):
    response = client_for(exporter).post(
        reverse("creditinfo:buyer-new"), {"kind": "company", "name": "MULLER HANDELS", "country": "DE"}
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "creditinfo:buyer-detail", args=[mueller.pk]
    )
    assert Buyer.objects.count() == 1


def test_register_page_shows_the_domain_error_by_the_field(client_for, exporter, germany):
    response = client_for(exporter).post(
        reverse("creditinfo:buyer-new"), {"kind": "bank", "name": "Some Bank", "country": "DE"}
    )
    assert response.status_code == 200
    assert 'data-field-error="swift_code"' in response.content.decode()


def test_buyer_page_shows_light_events_and_follow(client_for, exporter, mueller):
    services.risk_event_record(kind="fraud", event_date=today(), title="Forged documents", buyer=mueller)
    client = client_for(exporter)
    html = client.get(reverse("creditinfo:buyer-detail", args=[mueller.pk])).content.decode()
    assert "Forged documents" in html and 'data-light="red"' in html and 'data-testid="follow"' in html
    response = client.post(
        reverse("creditinfo:follow"), {"buyer": mueller.pk, "next": f"/creditinfo/buyers/{mueller.pk}/"}
    )
    assert response.status_code == 302 and response["Location"] == f"/creditinfo/buyers/{mueller.pk}/"
    assert Subscription.objects.filter(user=exporter, buyer=mueller, email=False).exists()
    assert (
        'data-testid="unfollow"'
        in client.get(reverse("creditinfo:buyer-detail", args=[mueller.pk])).content.decode()
    )


def test_follow_refuses_an_outside_next_url(client_for, exporter, turkey):
    response = client_for(exporter).post(
        reverse("creditinfo:follow"), {"country": "TR", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("creditinfo:alerts")


def test_unfollow_someone_elses_subscription_is_404(client_for, exporter, exporter2, turkey):
    sub, _ = services.subscription_follow(user=exporter, country_id="TR")
    assert client_for(exporter2).post(reverse("creditinfo:unfollow", args=[sub.pk])).status_code == 404
    assert Subscription.objects.filter(pk=sub.pk).exists()


def test_alerts_page_lists_follows_and_filters(
    client_for, exporter, turkey, germany, django_assert_max_num_queries
):
    services.subscription_follow(user=exporter, country_id="TR")
    for i in range(15):
        services.risk_event_record(kind="other", event_date=today(), title=f"News {i}", country_id="DE")
    services.risk_event_record(kind="war", event_date=today(), title="Unrest in TR", country_id="TR")
    client = client_for(exporter)
    with django_assert_max_num_queries(14):
        html = client.get(reverse("creditinfo:alerts")).content.decode()
    assert html.count('data-testid="risk-event"') == 16 and "Türkiye" in html
    followed = client.get(reverse("creditinfo:alerts"), {"followed": "true"}).content.decode()
    assert followed.count('data-testid="risk-event"') == 1 and "Unrest in TR" in followed
    assert client.get(reverse("creditinfo:alerts"), {"format": "xlsx"})["Content-Type"] == XLSX


def test_record_event_page_for_staff_only(client_for, exporter, underwriter, mueller):
    assert client_for(exporter).get(reverse("creditinfo:event-new")).status_code == 403
    client = client_for(underwriter)
    response = client.post(
        reverse("creditinfo:event-new"),
        {
            "kind": "bankruptcy",
            "event_date": today().isoformat(),
            "title": "Insolvency filed",
            "buyer": mueller.pk,
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "creditinfo:buyer-detail", args=[mueller.pk]
    )
    mueller.refresh_from_db()
    assert mueller.light == "red"
    future = client.post(
        reverse("creditinfo:event-new"),
        {"kind": "war", "event_date": "2999-01-01", "title": "x", "country": "DE"},
    )
    assert future.status_code == 200 and 'data-field-error="event_date"' in future.content.decode()
    event = RiskEvent.objects.get(title="Insolvency filed")
    assert client.post(reverse("creditinfo:event-resolve", args=[event.pk])).status_code == 302
    mueller.refresh_from_db()
    assert mueller.light == "green"


def test_country_page_shows_exposure_to_staff_only(client_for, exporter, underwriter, turkey):
    services.risk_event_record(kind="war", event_date=today(), title="Unrest", country_id="TR")
    url = reverse("creditinfo:country-detail", args=["TR"])
    mine = client_for(exporter).get(url).content.decode()
    assert "Unrest" in mine and 'data-testid="exposure"' not in mine and 'data-testid="risk-class"' in mine
    staff = client_for(underwriter).get(url).content.decode()
    assert 'data-testid="exposure"' in staff
    assert client_for(exporter).get(reverse("creditinfo:country-detail", args=["XX"])).status_code == 404


def test_country_and_industry_lists(
    client_for, underwriter, turkey, manufacturing, django_assert_max_num_queries
):
    client = client_for(underwriter)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("creditinfo:countries")).status_code == 200
    assert client.get(reverse("creditinfo:countries"), {"format": "xlsx"})["Content-Type"] == XLSX
    with django_assert_max_num_queries(12):
        assert "Manufacturing" in client.get(reverse("creditinfo:industries")).content.decode()
    assert client.get(reverse("creditinfo:industry-detail", args=["C"])).status_code == 200


def test_finder_page(client_for, exporter, germany, django_assert_max_num_queries):
    for i in range(30):
        imp = ImporterFactory(country=germany, name=f"Volt {i:02d} GmbH", is_sample=True)
        TradeRecordFactory(importer=imp, hs_code="850440")
    client = client_for(exporter)
    with django_assert_max_num_queries(14):
        html = client.get(reverse("creditinfo:finder"), {"country": "DE", "product": "8504"}).content.decode()
    assert html.count('data-testid="finder-row"') == 25  # one page
    assert 'data-testid="sample-data"' in html and "样例数据" in html and 'data-chart="' in html
    page2 = client.get(
        reverse("creditinfo:finder"), {"country": "DE", "product": "8504", "page": 2}
    ).content.decode()
    assert page2.count('data-testid="finder-row"') == 5
    export = client.get(reverse("creditinfo:finder"), {"country": "DE", "product": "8504", "format": "xlsx"})
    assert export["Content-Type"] == XLSX
    # the search that was made is written on the export's second sheet, in words
    from io import BytesIO

    from openpyxl import load_workbook

    used = load_workbook(BytesIO(export.content)).worksheets[-1]
    written = [str(c.value) for row in used.iter_rows() for c in row]
    assert "8504" in written and any("DE" in w or "Germany" in w or "德国" in w for w in written)
    imp = ImporterFactory(country=germany)
    TradeRecordFactory(importer=imp, origin_country="CN")
    assert client.get(reverse("creditinfo:importer-detail", args=[imp.pk])).status_code == 200
    trades = client.get(reverse("creditinfo:importer-detail", args=[imp.pk]), {"format": "xlsx"})
    assert trades["Content-Type"] == XLSX


def test_report_pages_journey_and_isolation(client_for, exporter, exporter2, underwriter, mueller):
    page = client_for(exporter)
    response = page.post(
        reverse("creditinfo:report-new") + f"?buyer={mueller.pk}", {"buyer": mueller.pk, "notes": "x"}
    )
    assert response.status_code == 302
    order_url = response["Location"]
    order_id = int(order_url.rstrip("/").split("/")[-1])
    assert "Credit report" in page.get(order_url).content.decode()
    other = client_for(exporter2)
    assert other.get(order_url).status_code == 404
    assert other.get(reverse("creditinfo:report-pdf", args=[order_id])).status_code == 404
    assert "CR-" not in other.get(reverse("creditinfo:reports")).content.decode().split("<tbody>")[1]
    staff = client_for(underwriter)
    assert staff.post(reverse("creditinfo:report-start", args=[order_id])).status_code == 302
    assert (
        staff.post(reverse("creditinfo:report-deliver", args=[order_id]), {"findings": "fine"}).status_code
        == 302
    )
    mine = client_for(exporter)
    html = mine.get(order_url).content.decode()
    assert 'data-testid="report-pdf"' in html
    pdf = mine.get(reverse("creditinfo:report-pdf", args=[order_id]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client_for(exporter2).get(reverse("creditinfo:report-pdf", args=[order_id])).status_code == 404


def test_report_order_for_an_unknown_buyer_from_the_light(client_for, exporter, germany):
    client = client_for(exporter)
    form = client.get(reverse("creditinfo:report-new"), {"name": "Neue Kunden AG"}).content.decode()
    assert 'value="Neue Kunden AG"' in form
    missing_country = client.post(reverse("creditinfo:report-new"), {"buyer_name": "Neue Kunden AG"})
    assert (
        missing_country.status_code == 200
        and 'data-field-error="buyer_country"' in missing_country.content.decode()
    )
    made = client.post(
        reverse("creditinfo:report-new"), {"buyer_name": "Neue Kunden AG", "buyer_country": "DE"}
    )
    assert made.status_code == 302


def test_report_list_query_count(client_for, exporter, underwriter, mueller, django_assert_max_num_queries):
    for _ in range(10):
        services.credit_report_order_place(actor=exporter, buyer_id=mueller.pk)
    for user in (exporter, underwriter):
        client = client_for(user)
        with django_assert_max_num_queries(12):
            html = client.get(reverse("creditinfo:reports")).content.decode()
        assert html.count("CR-") >= 10


def test_dashboard_cards_and_menu(client_for, exporter, underwriter, mueller, turkey):
    services.subscription_follow(user=exporter, buyer_id=mueller.pk)
    services.risk_event_record(kind="fraud", event_date=today(), title="x", buyer=mueller)
    html = client_for(exporter).get("/").content.decode()
    for label in ("Traffic light", "Alerts", "Buyer finder", "Credit reports"):
        assert label in html
    assert "/creditinfo/light/" in html
    staff = client_for(underwriter).get("/").content.decode()
    assert "Credit report orders" in staff and "Risk events" in staff


def test_the_dashboard_card_lists_only_reports_still_in_progress(client_for, exporter):
    """ "Orders in progress" counts and lists the orders not yet delivered (a delivered report was
    listed under it)."""
    from creditinfo.models import CreditReportOrder
    from tests.factories.creditinfo import CreditReportOrderFactory

    done = CreditReportOrderFactory(ordered_by=exporter, status=CreditReportOrder.Status.DELIVERED)
    waiting = CreditReportOrderFactory(ordered_by=exporter, status=CreditReportOrder.Status.ORDERED)
    page = client_for(exporter).get("/").content.decode()
    card = page[page.index("orders in progress") - 600 :][:2500]
    assert f"/creditinfo/reports/{waiting.pk}/" in card
    assert f"/creditinfo/reports/{done.pk}/" not in card


def test_the_finders_own_example_finds_importers(client_for, exporter):
    """The finder page suggests "Vietnam and 服装": a trade word finds the headings it covers, and
    the demo's sample has Vietnamese importers of them (the example found nothing)."""
    from creditinfo import demo
    from creditinfo.hs import headings_matching

    assert set(headings_matching("服装")) == {"6109", "6110", "6203", "6204"}
    assert set(headings_matching("garments")) == set(headings_matching("服装"))
    assert headings_matching("T恤") == ["6109"]  # a heading's own name still matches
    demo.load_reference()
    demo._ensure_countries()
    demo._trade_sample()  # the finder's sample, as the demo data loads it
    body = client_for(exporter).get("/api/v1/creditinfo/finder/", {"country": "VN", "product": "服装"}).json()
    assert body["importers"], body
    assert all(i["country"] == "VN" for i in body["importers"])


def test_a_buyer_typed_but_not_chosen_is_refused_never_read_as_an_id(client_for, underwriter, mueller):
    """The buyer picker sends the chosen buyer's id; text typed without choosing (even digits, as a
    registration number would be) is refused next to the field, and nothing is recorded."""
    client = client_for(underwriter)
    page = client.get(reverse("creditinfo:event-new"), {"buyer": mueller.pk}).content.decode()
    assert "data-buyer-picker" in page and f'value="{mueller.pk}"' in page and mueller.display_name in page
    for typed in ("Müller", str(mueller.pk)):
        response = client.post(
            reverse("creditinfo:event-new"),
            {
                "kind": "bankruptcy",
                "event_date": today().isoformat(),
                "title": "Typed only",
                "buyer": "",
                "buyer_search": typed,
            },
        )
        html = response.content.decode()
        assert response.status_code == 200 and 'data-field-error="buyer"' in html, typed
        assert "Choose the buyer from the list." in html and f'value="{typed}"' in html
    unknown = client.post(
        reverse("creditinfo:event-new"),
        {"kind": "bankruptcy", "event_date": today().isoformat(), "title": "Typed only", "buyer": 999999},
    )
    assert 'data-field-error="buyer"' in unknown.content.decode()
    assert not RiskEvent.objects.filter(title="Typed only").exists()
