"""An exporter reads its statistics and downloads an Excel (issue 17 item 1, done when)."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-pass-2026"


def test_an_exporter_reads_its_statistics_and_downloads_the_excel(page, settings):
    from declarations.models import ShipmentDeclaration
    from sinosure_portal.accounts.models import User

    settings.LANGUAGE_CODE = "zh-hans"
    call_command("demo_data", verbosity=0)
    exporter = User.objects.get(username="exporter")
    # the figure expected, counted here from the declarations themselves
    mine = ShipmentDeclaration.objects.filter(organisation=exporter.organisation)
    premium = sum((d.premium_usd for d in mine), Decimal("0"))
    assert premium > 0

    sign_in(page, "exporter", DEMO_PASSWORD)
    page.click("nav.sidebar >> a[href='/stats/']")
    page.wait_for_url("**/stats/")
    section = page.locator("[data-testid=stats-section-declarations-by-month]")
    assert "按月出运申报" in section.inner_text()
    shown = section.locator("[data-total=premium]").inner_text()
    assert shown == f"USD {premium:,.2f}"
    assert section.locator("canvas").count() == 1
    assert page.evaluate("document.querySelectorAll('canvas[data-chart]').length") >= 5
    assert page.evaluate(
        "Array.from(document.querySelectorAll('canvas[data-chart]')).every(c => Chart.getChart(c))"
    )  # every chart was drawn

    with page.expect_download() as info:
        section.locator("[data-testid=export-xlsx]").click()
    download = info.value
    assert download.suggested_filename == "stats-declarations-by-month.xlsx"
    book = load_workbook(download.path())
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[0] == "月份" and "保费（美元）" in headers
    last = [c.value for c in sheet[sheet.max_row]]
    assert last[0] == "合计"
    cell = sheet.cell(row=sheet.max_row, column=headers.index("保费（美元）") + 1)
    assert Decimal(str(cell.value)) == premium
    assert cell.number_format != "General"
    assert sheet.freeze_panes == "A2"
