from datetime import date
from decimal import Decimal

import pytest

from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.money.models import ExchangeRate
from sinosure_portal.notifications.services import notify
from sinosure_portal.workdays import calendar
from sinosure_portal.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_admin_site_is_for_administrators_only(client_for, admin_user, exporter):
    assert client_for(admin_user).get("/admin/").status_code == 200
    assert client_for(exporter).get("/admin/").status_code == 302  # sent to the admin sign-in


def test_header_shows_unread_count_and_organisation(client_for, exporter):
    notify([exporter], kind="t", title="hello", email=False)
    notify([exporter], kind="t", title="again", email=False)
    html = client_for(exporter).get("/").content.decode()
    assert 'data-testid="unread-count">2<' in html
    assert exporter.organisation.name_en in html or exporter.organisation.name_zh in html


def test_inbox_lists_and_marks_read(client_for, exporter):
    notify([exporter], kind="t", title="please read", email=False)
    c = client_for(exporter)
    assert "please read" in c.get("/inbox/").content.decode()
    c.post("/inbox/read/")
    assert 'data-testid="unread-count"' not in c.get("/").content.decode()


def test_underwriter_enters_a_rate_on_the_page_and_it_is_audited(client_for, underwriter):
    response = client_for(underwriter).post(
        "/rates/", {"currency": "eur", "date": "2026-10-09", "usd_per_unit": "1.0912", "source": "PBOC"}
    )
    assert response.status_code == 302
    rate = ExchangeRate.objects.get(currency="EUR", date=date(2026, 10, 9))
    assert rate.usd_per_unit == Decimal("1.0912")
    assert AuditEvent.objects.filter(action="exchange_rate.entered", actor=underwriter).exists()


def test_rate_page_names_the_bad_field(client_for, underwriter):
    response = client_for(underwriter).post(
        "/rates/", {"currency": "EUX", "date": "2026-10-09", "usd_per_unit": "1"}
    )
    assert response.status_code == 200
    assert 'data-field-error="currency"' in response.content.decode()


def test_rates_export_to_excel(client_for, underwriter):
    ExchangeRate.objects.create(currency="EUR", date=date(2026, 10, 9), usd_per_unit=Decimal("1.09"))
    response = client_for(underwriter).get("/rates/", {"format": "xlsx", "currency": "EUR"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert rows[1][0] == "EUR" and len(rows) == 2


def test_admin_enters_next_years_days_and_confirms_the_year(client_for, admin_user):
    c = client_for(admin_user)
    assert (
        c.post(
            "/calendar/", {"day-date": "2027-01-01", "day-kind": "holiday", "day-name": "元旦"}
        ).status_code
        == 302
    )
    assert CalendarDay.objects.filter(date=date(2027, 1, 1)).exists()
    assert calendar.add_business_days(date(2026, 12, 31), 1).provisional
    assert (
        c.post("/calendar/", {"confirm_year": "2027", "notice": "国办发明电〔2026〕X号"}).status_code == 302
    )
    result = calendar.add_business_days(date(2026, 12, 31), 1)
    assert result == calendar.BusinessDate(date(2027, 1, 4), False)


def test_underwriter_may_not_edit_the_calendar(client_for, underwriter):
    response = client_for(underwriter).post("/calendar/", {"day-date": "2027-01-01", "day-kind": "holiday"})
    assert response.status_code == 403
    assert not CalendarDay.objects.exists()


def test_calendar_calculator_shows_the_result(client_for, underwriter):
    html = client_for(underwriter).get("/calendar/", {"start": "2026-09-30", "days": 1}).content.decode()
    assert "2026-10-08" in html


def test_pages_in_chinese_by_default_even_for_an_english_browser(client, exporter, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client.force_login(exporter)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "出口企业工作台" in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Exporter dashboard" in client.get("/").content.decode()


def test_api_errors_follow_accept_language(api_for, exporter, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    c = api_for(exporter)
    body = c.get(
        "/api/v1/calendar/add-business-days/", {"start": "x", "days": 1}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert body["field"] == "start" and "date" in body["message"].lower()


def test_the_menu_is_grouped_by_lifecycle_stage_with_one_heading_each(rf, exporter):
    from sinosure_portal.core.navigation import navigation_for

    request = rf.get("/limits/applications/")
    request.user = exporter
    entries = navigation_for(request)
    headings = [str(e["heading"]) for e in entries if e["heading"]]
    assert entries[0]["url"] == "/" and entries[0]["heading"] is None  # the dashboard stands alone
    assert headings[:4] == [
        "Underwriting",
        "Shipments and receivables",
        "Losses and claims",
        "Credit information",
    ]
    assert len(headings) == len(set(headings))  # each group once, its entries together
    by_heading, current = {}, None
    for e in entries[1:]:
        current = str(e["heading"] or current)
        by_heading.setdefault(current, []).append(e["url"])
    assert all(url.startswith(("/policies/", "/limits/")) for url in by_heading["Underwriting"])
    assert [e["url"] for e in entries if e["active"]] == ["/limits/applications/"]
