"""Words that mean something else (issue 15 class 2): a message id used with two meanings gets a
context, so each page reads the right Chinese. Django merges every catalogue into one, the
project's and the first apps' winning, so the same id translated two ways is a bug on some page:
these ids may no longer be translated two ways anywhere."""

import glob
from pathlib import Path

import polib
import pytest

from tests.factories.financing import DataAuthorisationFactory, financing_setup

ROOT = Path(__file__).resolve().parents[2]
FIXED = [(None, "Name"), (None, "Invoice number"), (None, "invoice number"), (None, "Open")]


def _translations() -> dict:
    found: dict = {}
    for path in [
        ROOT / "locale/zh_Hans/LC_MESSAGES/django.po",
        *map(Path, glob.glob(str(ROOT / "*/locale/zh_Hans/LC_MESSAGES/django.po"))),
    ]:
        for entry in polib.pofile(str(path)):
            if not entry.obsolete and entry.msgstr:
                found.setdefault((entry.msgctxt, entry.msgid), {}).setdefault(entry.msgstr, []).append(
                    path.parts[-4]
                )
    return found


@pytest.mark.parametrize("key", FIXED)
def test_a_fixed_word_has_one_translation_in_every_catalogue(key):
    assert len(_translations().get(key, {})) <= 1, _translations()[key]


@pytest.mark.django_db
def test_pages_read_the_right_word_in_chinese(client_for, admin_user, underwriter):
    setup = financing_setup()
    DataAuthorisationFactory(organisation=setup.exporter.organisation, bank=setup.bank)

    def chinese(user, url):
        client = client_for(user)
        client.cookies["django_language"] = "zh-hans"
        response = client.get(url)
        assert response.status_code == 200, url
        return response.content.decode()

    bank_receivables = chinese(setup.bank_officer, "/financing/receivables/")
    assert "发票号" in bank_receivables and "账单编号" not in bank_receivables
    assert "账单编号" in chinese(setup.exporter, "/policies/invoices/")
    calendar = chinese(admin_user, "/calendar/")
    assert "<th>名称</th>" in calendar and "<th>姓名</th>" not in calendar
    authorisations = chinese(setup.exporter, "/financing/data/")
    assert "查看" in authorisations and "未结清" not in authorisations
