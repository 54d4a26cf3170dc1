"""Each demo role signs in and lands on its dashboard, in Chinese by default, with a switch to English."""

import pytest

from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    AdminFactory,
    BankOfficerFactory,
    ClaimsOfficerFactory,
    ExporterFactory,
    InsurerOrganisationFactory,
    UnderwriterFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DASHBOARDS = {
    "exporter": ("出口企业工作台", "Exporter dashboard"),
    "bank": ("银行工作台", "Bank dashboard"),
    "underwriter": ("承保工作台", "Underwriting dashboard"),
    "claims": ("理赔工作台", "Claims dashboard"),
    "admin": ("管理工作台", "Administration dashboard"),
}


@pytest.fixture
def people(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    insurer = InsurerOrganisationFactory()
    return {
        "exporter": ExporterFactory(username="exporter"),
        "bank": BankOfficerFactory(username="bank"),
        "underwriter": UnderwriterFactory(username="underwriter", organisation=insurer),
        "claims": ClaimsOfficerFactory(username="claims", organisation=insurer),
        "admin": AdminFactory(username="admin", organisation=insurer),
    }


@pytest.mark.parametrize("role", list(DASHBOARDS))
def test_each_role_lands_on_its_dashboard_in_chinese_then_english(page, people, role):
    user = people[role]
    sign_in(page, user.username, PASSWORD)
    chinese, english = DASHBOARDS[role]
    dashboard = page.locator(f"[data-testid=dashboard-{role}]")
    assert dashboard.is_visible()
    assert chinese in page.locator("h1.page-title").inner_text()
    assert user.organisation.name_zh in page.locator("[data-testid=current-organisation]").inner_text()
    # the Chinese glyphs are drawn with a real CJK font, not tofu boxes: ask Chromium which
    # platform font rendered the heading
    assert any("CJK" in name for name in rendered_fonts(page, "h1.page-title")), rendered_fonts(
        page, "h1.page-title"
    )

    page.click("button[data-lang=en]")
    page.wait_for_load_state("networkidle")
    assert english in page.locator("h1.page-title").inner_text()
    page.click("button[data-lang=zh-hans]")
    page.wait_for_load_state("networkidle")
    assert chinese in page.locator("h1.page-title").inner_text()


def test_wrong_password_shows_the_error_in_chinese(page, people):
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("#id_username", "exporter")
    page.fill("#id_password", "not-the-password")
    page.click("[data-testid=login-submit]")
    assert "用户名" in page.locator("[data-testid=login-error]").inner_text()


def rendered_fonts(page, selector: str) -> list[str]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [f["familyName"] for f in fonts]
