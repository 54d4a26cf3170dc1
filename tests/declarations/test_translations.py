"""Every string of the declarations app has its Simplified Chinese translation with the same
placeholders, and the business's terms come out as the seed says them."""

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

from declarations.models import ShipmentDeclaration
from declarations.reasons import reason_text

PO = Path(__file__).resolve().parents[2] / "declarations" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_the_catalogue_is_complete_and_keeps_its_placeholders():
    po = polib.pofile(str(PO))
    assert len(po) > 350
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    for entry in po:
        assert sorted(re.findall(r"%\(\w+\)s", entry.msgid)) == sorted(
            re.findall(r"%\(\w+\)s", entry.msgstr)
        ), entry.msgid


def test_states_and_reasons_in_chinese():
    with translation.override("zh-hans"):
        labels = dict(ShipmentDeclaration.Status.choices)
        assert (str(labels["covered"]), str(labels["partly_covered"]), str(labels["settled"])) == (
            "已承保",
            "部分承保",
            "已收汇",
        )
        assert reason_text("no_limit", {"policy": "COM1"}) == "保单 COM1 项下该买方没有信用限额。"
        assert "缺少发票号" in reason_text("missing", {"column": "invoice_number"})


@pytest.mark.django_db
def test_the_upload_page_speaks_chinese_by_default(client, settings):
    from tests.factories.declarations import declaring_setup

    settings.LANGUAGE_CODE = "zh-hans"
    user, _policy, _limit = declaring_setup()
    client.force_login(user)
    page = client.get("/declarations/upload/").content.decode()
    assert "批量出运申报" in page and "上传并申报" in page and "中文表头" in page
