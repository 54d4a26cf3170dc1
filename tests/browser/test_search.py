"""The top bar's search answers as you type and opens what it found; Enter opens the results page
(issue 17 item 5). On a phone the box stays in the top bar."""

import pytest

from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, ExporterFactory
from tests.factories.financing import financing_setup, receivable
from tests.factories.policies import PolicyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_a_number_shows_the_hits_and_a_click_opens_the_object(page, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    setup = financing_setup()
    invoice = receivable(setup, invoice_number="Web-Find-4711")
    PolicyFactory(organisation=ExporterFactory().organisation, number="WEB4711OTHER")  # not the user's
    sign_in(page, setup.exporter.username, PASSWORD)
    page.fill("[data-testid=global-search]", "web-find")
    results = page.locator("[data-testid=global-search-results]")
    results.locator("a.dropdown-item").first.wait_for()
    assert "Web-Find-4711" in results.inner_text() and "发票" in results.inner_text()
    results.locator("a.dropdown-item").first.click()
    page.wait_for_url(f"**/declarations/{invoice.pk}/")

    page.fill("[data-testid=global-search]", "WEB4711")
    page.press("[data-testid=global-search]", "Enter")
    page.wait_for_url("**/search/?q=WEB4711")
    assert page.locator("[data-testid=search-nothing]").is_visible()


def test_the_search_box_fits_the_phones_top_bar(page):
    setup = financing_setup()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, setup.exporter.username, PASSWORD)
    box = page.locator("[data-testid=global-search]").bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390 and box["width"] >= 80
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
