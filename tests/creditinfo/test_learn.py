"""The learning corner (issue 17 item 3): the glossary found by Chinese, English or pinyin initials,
its content loaded with the demo data, and only staff writing it (with an audit row)."""

import json

import pytest
from django.test import Client

from creditinfo.demo_reference import load_reference
from creditinfo.learn_models import CountryNote, GlossaryTerm, LossCase, RiskTag
from creditinfo.learn_rules import pinyin_initials
from creditinfo.learn_selectors import glossary_search
from creditinfo.learn_services import CONTENT_DIR, glossary_term_save, learn_content_load
from sinosure_portal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(db):
    load_reference()
    return learn_content_load()


# the initials worked out by hand from each character's pinyin
HAND = {
    "信用限额": "xyxe",  # xìn yòng xiàn é
    "可能损失通知书": "knsstzs",  # kě néng sǔn shī tōng zhī shū
    "开证行": "kzh",  # kāi zhèng háng: a bank, not xíng
    "承兑交单": "cdjd",  # chéng duì jiāo dān
    "中长期出口信用保险": "zcqckxybx",  # zhōng cháng qī ...
    "船上交货（FOB）": "csjhfob",  # chuán shàng jiāo huò + the Latin letters
    "宽限期": "kxq",
    "追偿": "zc",
}


@pytest.mark.parametrize(("term", "initials"), HAND.items())
def test_pinyin_initials_as_worked_out_by_hand(term, initials):
    assert pinyin_initials(term) == initials


def test_the_content_has_at_least_200_terms_8_cases_and_country_notes(content):
    assert GlossaryTerm.objects.count() >= 200
    assert LossCase.objects.count() >= 8
    assert CountryNote.objects.count() >= 8
    files = sorted(p.name for p in CONTENT_DIR.glob("*.json"))
    rows = sum(len(json.loads((CONTENT_DIR / f).read_text())) for f in files if f.startswith("glossary"))
    assert GlossaryTerm.objects.count() == rows  # every term of the files, each once
    for case in LossCase.objects.all():
        assert case.tags and set(case.tags) <= set(RiskTag.values)
        for name in ("title", "happened", "insured_did", "claim", "lesson"):
            assert getattr(case, f"{name}_zh").strip() and getattr(case, f"{name}_en").strip()
    assert all(t.definition_zh and t.definition_en and t.pinyin_initials for t in GlossaryTerm.objects.all())


def test_loading_the_content_again_changes_nothing(content):
    before = (GlossaryTerm.objects.count(), LossCase.objects.count(), CountryNote.objects.count())
    events = AuditEvent.objects.count()
    assert learn_content_load() == {"glossary_terms": 0, "loss_cases": 0, "country_notes": 0}
    assert (GlossaryTerm.objects.count(), LossCase.objects.count(), CountryNote.objects.count()) == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("query", ["credit limit", "CREDIT LIMIT", "xyxe", "XYXE", "信用限额"])
def test_the_glossary_finds_the_credit_limit_first_by_each_way(content, query):
    found = list(glossary_search(query))
    assert found[0].zh == "信用限额", [t.zh for t in found[:5]]


def test_initials_match_inside_a_term_and_the_english_anywhere(content):
    assert "自行掌握信用限额" in {t.zh for t in glossary_search("xyxe")}  # ...xyxe at its end
    assert {t.zh for t in glossary_search("bill of lading")} >= {"提单", "清洁提单", "记名提单"}
    assert {t.zh for t in glossary_search("kzh")} >= {"开证行"}
    assert list(glossary_search("qqqqzzzz")) == []


def test_the_glossary_page_searches_in_both_languages(content, exporter):
    client = Client()
    client.force_login(exporter)
    page = client.get("/learn/glossary/", {"q": "xyxe"}).content.decode()
    assert "信用限额" in page and "Credit limit" in page
    page = client.get("/learn/glossary/", {"q": "credit limit"}).content.decode()
    assert "信用限额" in page
    assert "提单" not in client.get("/learn/glossary/", {"q": "xyxe"}).content.decode()
    everything = client.get("/learn/glossary/").content.decode()
    assert everything.count('data-testid="glossary-term"') == GlossaryTerm.objects.count()


def _term(**over):
    return {
        "zh": "测试术语",
        "en": "Test term",
        "category": "trade",
        "definition_zh": "定义",
        "definition_en": "Definition",
        **over,
    }


def test_an_exporter_may_not_write_the_glossary(content, exporter):
    client = Client()
    client.force_login(exporter)
    term = GlossaryTerm.objects.get(zh="信用限额")
    assert client.get("/learn/glossary/new/").status_code == 403
    assert client.post("/learn/glossary/new/", _term()).status_code == 403
    assert client.post(f"/learn/glossary/{term.pk}/edit/", _term(zh="信用限额")).status_code == 403
    assert client.get("/learn/cases/new/").status_code == 403
    assert client.get("/learn/countries/TR/notes/").status_code == 403
    assert not GlossaryTerm.objects.filter(zh="测试术语").exists()
    assert GlossaryTerm.objects.get(pk=term.pk).en == "Credit limit"


def test_staff_add_and_change_a_term_with_an_audit_row(content, underwriter):
    client = Client()
    client.force_login(underwriter)
    response = client.post("/learn/glossary/new/", _term())
    assert response.status_code == 302
    term = GlossaryTerm.objects.get(zh="测试术语")
    assert term.pinyin_initials == "cssy"  # cè shì shù yǔ
    response = client.post(f"/learn/glossary/{term.pk}/edit/", _term(en="A test term"))
    assert response.status_code == 302
    rows = list(AuditEvent.objects.filter(object_id=str(term.pk), action__startswith="learn.term"))
    assert [r.action for r in rows] == ["learn.term_created", "learn.term_changed"]
    assert rows[1].actor_id == underwriter.pk
    assert rows[1].data["changes"] == {"en": ["Test term", "A test term"]}
    assert "csss" not in term.pinyin_initials


def test_every_problem_of_a_term_at_once(content, underwriter):
    from sinosure_portal.base.errors import DomainErrors

    with pytest.raises(DomainErrors) as caught:
        glossary_term_save(
            actor=underwriter, zh="信用限额", en="", category="nonsense", definition_zh="", definition_en="x"
        )
    fields = {e.field for e in caught.value.errors}
    assert fields == {"zh", "en", "category", "definition_zh"}
