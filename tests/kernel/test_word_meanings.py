"""Words that mean something else (issue 15 class 2): a message id used with two meanings gets a
context, so each page reads the right Chinese. Django merges every catalogue into one, the
project's and the first apps' winning, so the same id translated two ways is a bug on some page:
no id (with its context) may be translated two ways anywhere. The scan found 61 such ids when the
check was written; each became one translation (synonyms: 历史记录 / 处理记录) or two ids with contexts
(a loan's "Outstanding" 未还余额 is not a receivable's 未收金额)."""

import glob
from pathlib import Path

import polib
import pytest

from tests.factories.financing import DataAuthorisationFactory, financing_setup

ROOT = Path(__file__).resolve().parents[2]


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


def test_no_message_id_has_two_translations_in_any_catalogue():
    twice = {key: found for key, found in _translations().items() if len(found) > 1}
    assert twice == {}


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
    # what is left on a receivable is 未收金额, on a loan 未还余额
    assert "未收金额" in bank_receivables and "未还余额" not in bank_receivables
    loans = chinese(setup.bank_officer, "/financing/loans/")
    assert "未还余额" in loans
