"""Done-when of the credit information issue, in a real browser: an exporter follows a country,
staff record a war event there, the exporter's inbox shows it; the exporter looks up a buyer as
they type and sees its light with the reason. Then the exporter orders a report on an unknown
buyer from the same page."""

import pytest

from creditinfo import services
from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    CountryFactory,
    ExporterFactory,
    InsurerOrganisationFactory,
    UnderwriterFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_in_process():
    """The alert task is queued after commit; run it in the live server's process."""
    from sinosure_portal.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old


@pytest.fixture
def world(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    CountryFactory(code="TR", name_zh="土耳其", name_en="Türkiye", risk_class=6)
    CountryFactory(code="DE", name_zh="德国", name_en="Germany", risk_class=1)
    buyer, _ = services.buyer_register(
        name="Anadolu Tekstil A.Ş.",
        name_en="Anadolu Textile Inc.",
        name_zh="安纳托利亚纺织公司",
        country_id="TR",
        registration_number="TR-345678",
    )
    from sinosure_portal.workdays.calendar import today

    services.risk_event_record(
        kind="operating_trouble", event_date=today(), title="Lost its main retail customer", buyer=buyer
    )
    return {
        "exporter": ExporterFactory(username="exporter"),
        "underwriter": UnderwriterFactory(username="underwriter", organisation=InsurerOrganisationFactory()),
    }


def staff_page(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1360, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    page.base_url = live_server.url
    return context, page


def test_follow_a_country_get_the_war_alert_and_look_up_a_buyer(
    page, browser, live_server, world, celery_in_process
):
    from sinosure_portal.workdays.calendar import today

    # the exporter follows Türkiye from its country page
    sign_in(page, "exporter", PASSWORD)
    page.goto(f"{page.base_url}/creditinfo/countries/TR/")
    page.click("[data-testid=follow]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=unfollow]").is_visible()
    page.goto(f"{page.base_url}/creditinfo/alerts/")
    assert "土耳其" in page.locator("[data-testid=followed-list]").inner_text()

    # an underwriter records a war event on Türkiye
    context, staff = staff_page(browser, live_server)
    try:
        sign_in(staff, "underwriter", PASSWORD)
        staff.goto(f"{staff.base_url}/creditinfo/events/new/?country=TR")
        staff.select_option("select[name=kind]", "war")
        staff.fill("input[name=event_date]", today().isoformat())
        staff.fill("input[name=title]", "Armed clashes near the eastern border")
        staff.click("[data-testid=record-event-submit]")
        staff.wait_for_load_state("networkidle")
        assert staff.url.endswith("/creditinfo/countries/TR/")
        assert (
            "Armed clashes near the eastern border" in staff.locator("[data-testid=event-list]").inner_text()
        )
    finally:
        context.close()

    # the exporter's inbox shows it (once)
    page.goto(f"{page.base_url}/")
    assert page.locator("[data-testid=unread-count]").inner_text().strip() == "1"
    page.click("[data-testid=inbox-link]")
    page.wait_for_load_state("networkidle")
    inbox = page.locator("main").inner_text()
    assert inbox.count("风险提示：土耳其 - Armed clashes near the eastern border") == 1

    # the exporter looks a buyer up as they type (with a typo) and sees its light and reason
    page.goto(f"{page.base_url}/creditinfo/light/")
    page.locator("[data-testid=lookup-input]").press_sequentially("Anadolu Tekstl", delay=40)
    result = page.locator("[data-testid=lookup-result]").first
    result.wait_for()
    assert result.get_attribute("data-light") == "yellow"
    assert "Lost its main retail customer" in result.locator("[data-testid=light-reason]").inner_text()
    assert "黄灯" in result.inner_text() and "稳妥交易" in result.inner_text()
    assert "q=Anadolu+Tekstl" in page.url  # the answer can be shared or reloaded

    # an unknown buyer: said so, with a report order one click away
    page.locator("[data-testid=lookup-input]").fill("")
    page.locator("[data-testid=lookup-input]").press_sequentially("Zyxwvut Quantum", delay=20)
    none = page.locator("[data-testid=lookup-none]")
    none.wait_for()
    none.locator("a").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("input[name=buyer_name]").input_value() == "Zyxwvut Quantum"
    page.select_option("select[name=buyer_country]", "DE")
    page.click("[data-testid=report-order-submit]")
    page.wait_for_load_state("networkidle")
    assert "/creditinfo/reports/" in page.url and "Zyxwvut Quantum" in page.locator("main").inner_text()


def test_staff_choose_the_buyer_of_a_risk_event_by_name(page, live_server, world):
    """The risk-event form asks for a buyer by name, not for its row number (issue 15 class 1)."""
    from creditinfo.models import Buyer, RiskEvent
    from sinosure_portal.workdays.calendar import today

    sign_in(page, "underwriter", PASSWORD)
    page.goto(f"{page.base_url}/creditinfo/events/new/")
    form = page.locator("main form").inner_text()
    assert "编号" not in page.locator("label[for=id_buyer]").inner_text() and "(id)" not in form
    page.select_option("select[name=kind]", "past_default")
    page.fill("input[name=event_date]", today().isoformat())
    page.fill("input[name=title]", "Paid two invoices 90 days late")
    page.locator("[data-picker-input]").press_sequentially("Anadolu", delay=40)
    option = page.locator("[data-picker-option]").first
    option.wait_for()
    assert "安纳托利亚纺织公司" in option.inner_text() or "Anadolu" in option.inner_text()
    option.click()
    page.click("[data-testid=record-event-submit]")
    page.wait_for_load_state("networkidle")
    buyer = Buyer.objects.get(registration_number="TR-345678")
    assert page.url.endswith(f"/creditinfo/buyers/{buyer.pk}/")
    assert RiskEvent.objects.filter(buyer=buyer, title="Paid two invoices 90 days late").count() == 1
