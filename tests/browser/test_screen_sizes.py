"""Every menu page fits a 390 px phone and a 1366 px laptop (issue 15 item 7, issue 17 item 2):
the page never scrolls sideways, and at 1366 px no table hides a column or an action behind a
scroll bar. Run on the demo data (long Chinese names, several currencies) as each demo role."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["exporter", "bank", "underwriter", "claims", "admin"]
PHONE, LAPTOP = (390, 844), (1366, 768)
HIDDEN_IN_FRAME = """Array.from(document.querySelectorAll('.table-responsive, .card'))
  .filter(e => e.scrollWidth > e.clientWidth + 1).length"""


@pytest.fixture
def demo(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    call_command("demo_data", verbosity=0)


def _signed_in(browser, base_url: str, user: str, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="zh-CN")
    context.set_default_timeout(20000)
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", user)
    page.fill("#id_password", "demo-pass-2026")
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state("networkidle")
    return context, page


def _menu(page) -> list[str]:
    return page.eval_on_selector_all("nav.sidebar a.nav-link", "els => els.map(e => e.getAttribute('href'))")


def test_every_menu_page_fits_a_phone_and_a_laptop_as_each_role(browser, live_server, demo):
    problems = []
    for role in ROLES:
        for size in (PHONE, LAPTOP):
            context, page = _signed_in(browser, live_server.url, role, size)
            pages = ["/", *_menu(page)]
            assert len(pages) > 3, (role, pages)
            for href in pages:
                page.goto(f"{live_server.url}{href}")
                sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                if sideways > 0:
                    problems.append(f"{role} {size[0]}px {href}: page scrolls {sideways}px sideways")
                    ARTIFACTS.mkdir(exist_ok=True)
                    page.screenshot(
                        path=str(
                            ARTIFACTS / f"sizes-{role}-{size[0]}-{href.strip('/').replace('/', '-')}.png"
                        )
                    )
                if size == LAPTOP and page.evaluate(HIDDEN_IN_FRAME):
                    problems.append(
                        f"{role} {size[0]}px {href}: a table hides part of itself behind a scroll bar"
                    )
            context.close()
    assert problems == []


def test_on_a_phone_the_menu_opens_over_the_page_and_closes_again(browser, live_server, demo):
    context, page = _signed_in(browser, live_server.url, "exporter", PHONE)
    menu = page.locator("nav.sidebar")
    assert not menu.is_visible()  # the content comes first, not a 940 px menu
    page.click("[data-testid=nav-toggle]")
    page.wait_for_timeout(300)
    assert menu.is_visible() and menu.bounding_box()["x"] >= 0
    assert page.get_attribute("[data-testid=nav-toggle]", "aria-expanded") == "true"
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert not menu.is_visible()
    page.click("[data-testid=nav-toggle]")
    page.wait_for_timeout(300)
    page.click("[data-testid=nav-backdrop]", position={"x": 370, "y": 400})
    page.wait_for_timeout(300)
    assert not menu.is_visible()
    context.close()
    context, page = _signed_in(browser, live_server.url, "exporter", LAPTOP)
    assert (
        page.locator("nav.sidebar").is_visible() and not page.locator("[data-testid=nav-toggle]").is_visible()
    )
    context.close()
