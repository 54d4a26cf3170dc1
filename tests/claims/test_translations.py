"""Every string of the claims app has its Simplified Chinese translation, with the same placeholders,
and the pages speak Chinese by default (contexts keep clashing terms apart: a claim is 已赔付, a
premium 已缴纳)."""

import re
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from claims.models import Claim

PO = Path(__file__).resolve().parents[2] / "claims" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_the_catalogue_is_complete_and_keeps_its_placeholders():
    po = polib.pofile(str(PO))
    assert len(po) > 500
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    for entry in po:
        if entry.msgid_plural:
            continue
        assert sorted(re.findall(r"%\(\w+\)s", entry.msgid)) == sorted(
            re.findall(r"%\(\w+\)s", entry.msgstr)
        ), entry.msgid


def test_claim_states_read_as_the_business_says_them():
    with translation.override("zh-hans"):
        labels = dict(Claim.Status.choices)
        assert str(labels["paid"]) == "已赔付"
        assert str(labels["accepted"]) == "已受理"
        assert str(labels["partly_approved"]) == "部分赔付"


@pytest.mark.django_db
def test_the_case_page_reads_in_chinese_for_a_chinese_reader(client, officer, settings):
    from tests.factories.claims import filed_claim

    settings.LANGUAGE_CODE = "zh-hans"
    user, claim = filed_claim()
    client.force_login(user)
    page = client.get(reverse("claims:claim-detail", args=[claim.pk])).content.decode()
    assert "索赔单证" in page and "定损核赔" in page and "尚缺" in page and "撤回索赔" in page
