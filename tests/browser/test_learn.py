"""The learning corner's glossary in a real browser (issue 17 item 3, done-when): searching "credit
limit" or the pinyin initials "xyxe" finds 信用限额, on a desktop and on a phone, and on a phone the
glossary and the corner's tab row never make the page scroll sideways."""

import pytest

from creditinfo.demo_reference import load_reference
from creditinfo.learn_services import learn_content_load
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, ExporterFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _search(page, words: str) -> list[str]:
    page.fill("[data-testid=glossary-q]", words)
    page.click("[data-testid=glossary-submit]")
    page.wait_for_load_state("networkidle")
    return page.locator("[data-testid=term-zh]").all_inner_texts()


@pytest.mark.parametrize("width", [1360, 390])
def test_credit_limit_and_xyxe_find_the_credit_limit(page, width):
    load_reference()
    learn_content_load()
    exporter = ExporterFactory()
    page.set_viewport_size({"width": width, "height": 844 if width == 390 else 900})
    sign_in(page, exporter.username, PASSWORD)
    page.goto(f"{page.base_url}/learn/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    found = _search(page, "credit limit")  # from the learning corner's home
    assert "/learn/glossary/?q=credit+limit" in page.url
    assert found[0] == "信用限额", found[:5]
    assert (
        page.locator("[data-testid=glossary-term]").first.locator("[data-testid=term-en]").inner_text()
        == "Credit limit"
    )

    found = _search(page, "xyxe")
    assert found[0] == "信用限额", found[:5]
    assert "提单" not in found
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto(f"{page.base_url}/learn/glossary/")  # the whole glossary, longest words and all
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=glossary-term]").count() >= 200
    assert page.evaluate("document.documentElement.scrollWidth") <= width
