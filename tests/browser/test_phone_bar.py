"""On a phone, a bottom bar opens what people on the move use most (issue 17 item 2): for an
exporter its policy, limits in transit, receivables and buyer alerts; hidden on a desktop."""

import pytest

from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, BankOfficerFactory, ExporterFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_exporters_bottom_bar_on_a_phone_and_none_on_a_desktop(page, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    user = ExporterFactory()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, user.username, PASSWORD)
    bar = page.locator("[data-testid=phone-bar]")
    assert bar.is_visible()
    labels = [t.strip() for t in bar.locator("a").all_inner_texts()]
    assert labels == ["首页", "我的保单", "在途限额", "应收账款", "报警"]
    box = bar.bounding_box()
    assert box["y"] + box["height"] <= 844 and box["width"] <= 390
    for link in bar.locator("a").all():
        assert link.bounding_box()["height"] >= 44  # a thumb's size
    bar.locator("a", has_text="在途限额").click()
    page.wait_for_url("**/limits/applications/")
    assert bar.locator("a.active").inner_text().strip() == "在途限额"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1366, "height": 768})
    assert not bar.is_visible()


def test_a_bank_officer_gets_the_banks_tabs(page):
    officer = BankOfficerFactory()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, officer.username, PASSWORD)
    labels = [t.strip() for t in page.locator("[data-testid=phone-bar] a").all_inner_texts()]
    assert labels == ["Home", "Receivables", "Loans", "Alerts", "Countries"]


def test_a_lists_filters_fold_on_a_phone_and_stand_open_on_a_desktop(page):
    user = ExporterFactory()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, user.username, PASSWORD)
    page.goto(f"{page.base_url}/limits/")
    fields, toggle = page.locator("#filter-fields"), page.locator("[data-testid=filter-toggle]")
    assert toggle.is_visible() and not fields.is_visible()
    assert page.locator("[data-testid=export-xlsx]").is_visible()  # the export stays at hand
    toggle.click()
    fields.locator("select[name=status]").wait_for(state="visible")
    fields.locator("select[name=status]").select_option("active")
    fields.locator("button[type=submit]").click()
    page.wait_for_url("**/limits/?*status=active*")
    # a filter in use: the fields stand open and the button counts it
    assert fields.is_visible() and toggle.inner_text().strip().endswith("1")
    page.goto(f"{page.base_url}/limits/?page=1")
    assert not fields.is_visible()  # paging is no filter
    page.set_viewport_size({"width": 1366, "height": 768})
    assert fields.is_visible() and not toggle.is_visible()
