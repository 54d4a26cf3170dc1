"""Installed or not, the portal shows its offline page when the network is gone (issue 17 item 2)."""

import pytest

from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, ExporterFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_without_a_network_a_page_shows_the_offline_page(page):
    user = ExporterFactory()
    sign_in(page, user.username, PASSWORD)
    page.goto(f"{page.base_url}/inbox/")
    page.wait_for_function(
        "navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=15000
    )
    page.context.set_offline(True)
    try:
        page.goto(f"{page.base_url}/declarations/list/")
        page.wait_for_selector("[data-testid=offline-page]")
        assert "暂时无法连接" in page.inner_text("body")
    finally:
        page.context.set_offline(False)
    page.goto(f"{page.base_url}/inbox/")
    assert page.locator("[data-testid=offline-page]").count() == 0
