"""Every catalogue of the portal (the kernel's and each app's) is complete in Simplified Chinese:
nothing untranslated, nothing fuzzy, the same placeholders on both sides."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    p
    for p in ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po")
    if not any(part in {".venv", "node_modules"} for part in p.parts)
) + sorted(ROOT.glob("locale/zh_Hans/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|\{\w+\}")


def test_every_app_has_a_catalogue():
    owners = {p.relative_to(ROOT).parts[0] for p in CATALOGUES}
    assert {"locale", "policies", "limits", "declarations", "claims", "financing", "creditinfo"} <= owners


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_with_the_same_placeholders(path):
    po = polib.pofile(str(path))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    for entry in po.translated_entries():
        if entry.msgid_plural:
            continue
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(PLACEHOLDER.findall(entry.msgstr)), (
            entry.msgid
        )
