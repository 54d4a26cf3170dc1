"""The learning corner's tools and API (issue 17 item 3): business days on China's calendar, the
converter on the portal's rates, the premium calculator with the policies' own rule (through the
creditinfo hook), and the /api/v1/creditinfo/learn/ endpoints, staff-only where they write."""

from datetime import date
from decimal import Decimal

import pytest

from creditinfo.demo_reference import load_reference
from creditinfo.learn_models import CountryNote, GlossaryTerm, LossCase
from creditinfo.learn_services import learn_content_load
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.money.models import ExchangeRate
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/creditinfo/learn"


@pytest.fixture
def content(db):
    load_reference()
    learn_content_load()


@pytest.fixture
def rates(db):
    ExchangeRate.objects.create(currency="EUR", date=date(2026, 3, 2), usd_per_unit=Decimal("1.0850"))
    ExchangeRate.objects.create(currency="CNY", date=date(2026, 3, 2), usd_per_unit=Decimal("0.1390"))
    ExchangeRate.objects.create(currency="CNY", date=date(2026, 3, 9), usd_per_unit=Decimal("0.1400"))


def test_business_days_follow_chinas_calendar(exporter, api_for):
    api = api_for(exporter)
    # the State Council's 2024 notice: National Day off 1-7 October, Sunday 29 September and Saturday
    # 12 October worked. From Friday 27 September, three business days are Sun 29, Mon 30 Sep and
    # Tue 8 October (a count of calendar weekdays would give 2 October)
    body = api.get(f"{API}/tools/business-days/", {"start": "2024-09-27", "days": 3}).json()
    assert body["date"] == "2024-10-08", body
    body = api.get(f"{API}/tools/business-days/", {"start": "2024-09-27", "end": "2024-10-12"}).json()
    assert body["business_days"] == 7  # 29, 30 Sep and 8, 9, 10, 11, 12 Oct
    assert api.get(f"{API}/tools/business-days/", {"start": "2024-09-27"}).status_code == 400


def test_the_converter_goes_through_the_dollar_at_the_latest_rate(exporter, api_for, rates):
    api = api_for(exporter)
    body = api.get(
        f"{API}/tools/convert/",
        {"amount": "10000", "from_currency": "EUR", "to_currency": "CNY", "on": "2026-03-10"},
    ).json()
    # 10,000 EUR x 1.0850 = 10,850 USD; / 0.1400 (the 9 March CNY rate, the latest) = 77,500.00 CNY
    assert body["result"] == "77500.000" or Decimal(body["result"]) == Decimal("77500.00"), body
    assert body["amount_usd"] == "10850.00"
    assert body["to_rate_date"] == "2026-03-09" and body["from_rate_date"] == "2026-03-02"
    body = api.get(
        f"{API}/tools/convert/",
        {"amount": "1", "from_currency": "EUR", "to_currency": "CNY", "on": "2026-03-05"},
    ).json()
    assert Decimal(body["result"]) == Decimal("7.81")  # 1.0850 / 0.1390 = 7.8057... -> 7.81
    bad = api.get(
        f"{API}/tools/convert/",
        {"amount": "1", "from_currency": "XXX", "to_currency": "GBP", "on": "2026-03-05"},
    )
    assert bad.status_code == 400
    assert {p["field"] for p in bad.json()["problems"]} == {"from_currency", "to_currency"}  # both at once


def test_the_sample_premium_worked_out_by_hand(exporter, api_for, content, rates):
    api = api_for(exporter)
    query = {
        "country": "DE",
        "payment_term": "OA",
        "credit_days": 90,
        "amount": "100000",
        "currency": "USD",
        "on": "2026-03-05",
    }
    body = api.get(f"{API}/tools/premium/", query).json()
    assert body["rate"] == "0.002500" and body["premium_usd"] == "250.00" and body["policy_number"] == ""
    # Türkiye class 6 (group 5-6: x2.6), D/A (x0.95), 120 days (band 91-180: x1.5):
    # 0.0025 x 2.6 x 0.95 x 1.5 = 0.0092625 -> 0.009263; x 50,000 = 463.15
    body = api.get(
        f"{API}/tools/premium/",
        {**query, "country": "TR", "payment_term": "DA", "credit_days": 120, "amount": "50000"},
    ).json()
    assert (body["rate"], body["premium_usd"], body["country_class"]) == ("0.009263", "463.15", 6)
    # EUR 10,000 at 1.0850 = USD 10,850.00 x 0.25% = 27.125 -> 27.13
    body = api.get(f"{API}/tools/premium/", {**query, "amount": "10000", "currency": "EUR"}).json()
    assert (body["amount_usd"], body["premium_usd"]) == ("10850.00", "27.13")


def test_the_premium_of_the_users_own_policy_and_not_anothers(exporter, exporter2, api_for, content):
    policy = PolicyFactory(organisation=exporter.organisation)  # its table: base 0.3%
    query = {
        "policy": policy.pk,
        "country": "DE",
        "payment_term": "OA",
        "credit_days": 60,
        "amount": "100000",
        "currency": "USD",
        "on": "2026-03-05",
    }
    body = api_for(exporter).get(f"{API}/tools/premium/", query).json()
    assert (body["rate"], body["premium_usd"], body["policy_number"]) == ("0.003000", "300.00", policy.number)
    other = api_for(exporter2).get(f"{API}/tools/premium/", query)
    assert other.status_code in (400, 404) and other.json()["code"] == "policy_not_found"


def test_the_tools_page_answers_each_tool(exporter, client_for, content, rates):
    client = client_for(exporter)
    page = client.get(
        "/learn/tools/",
        {
            "tool": "premium",
            "premium-country": "DE",
            "premium-payment_term": "OA",
            "premium-credit_days": 90,
            "premium-amount": "100000",
            "premium-currency": "USD",
            "premium-on": "2026-03-05",
        },
    ).content.decode()
    assert "250.00" in page and 'data-testid="priced"' in page
    page = client.get(
        "/learn/tools/", {"tool": "add", "add-start": "2024-09-27", "add-days": 3}
    ).content.decode()
    assert "2024-10-08" in page
    page = client.get(
        "/learn/tools/",
        {
            "tool": "convert",
            "convert-amount": "100",
            "convert-from_currency": "EUR",
            "convert-to_currency": "USD",
            "convert-on": "2026-03-05",
        },
    ).content.decode()
    assert "108.50" in page


def test_reading_the_api_and_writing_only_as_staff(exporter, underwriter, api_for, content):
    reader, staff = api_for(exporter), api_for(underwriter)
    found = reader.get(f"{API}/glossary/", {"q": "xyxe"}).json()
    assert found[0]["zh"] == "信用限额" and found[0]["pinyin_initials"] == "xyxe"
    assert reader.get(f"{API}/glossary/", {"q": "credit limit"}).json()[0]["zh"] == "信用限额"
    cases = reader.get(f"{API}/cases/", {"tag": "fraud"}).json()
    assert cases and all("fraud" in c["tags"] for c in cases)
    assert len(cases) == LossCase.objects.filter(risk_tags__contains=",fraud,").count()
    tr = reader.get(f"{API}/countries/TR/").json()
    assert tr["risk_class"] == 6 and tr["notes"]["notes_zh"] and tr["cases"]

    term = {
        "zh": "测试",
        "en": "Test",
        "category": "trade",
        "definition_zh": "定义",
        "definition_en": "Definition",
    }
    assert reader.post(f"{API}/glossary/", term, format="json").status_code == 403
    assert (
        reader.put(
            f"{API}/countries/TR/notes/", {"notes_zh": "x", "notes_en": "y"}, format="json"
        ).status_code
        == 403
    )
    case = LossCase.objects.first()
    assert reader.put(f"{API}/cases/{case.pk}/", {}, format="json").status_code == 403
    assert not GlossaryTerm.objects.filter(zh="测试").exists()

    created = staff.post(f"{API}/glossary/", term, format="json")
    assert created.status_code == 201 and created.json()["pinyin_initials"] == "cs"
    changed = staff.put(
        f"{API}/countries/TR/notes/", {"notes_zh": "新评述", "notes_en": "New notes"}, format="json"
    )
    assert changed.status_code == 200
    assert CountryNote.objects.get(country_id="TR").notes_en == "New notes"
    assert AuditEvent.objects.filter(action="learn.note_changed", actor=underwriter).count() == 1
    bad = staff.post(
        f"{API}/cases/",
        {
            "country": "ZZ",
            "tags": [],
            **{
                f"{n}_{lang}": "" if n == "lesson" else "x"
                for n in ("title", "happened", "insured_did", "claim", "lesson")
                for lang in ("zh", "en")
            },
        },
        format="json",
    )
    assert bad.status_code == 400


def test_staff_write_a_case_in_pages(underwriter, client_for, content):
    client = client_for(underwriter)
    texts = {
        f"{n}_{lang}": f"{n} {lang}"
        for n in ("title", "happened", "insured_did", "claim", "lesson")
        for lang in ("zh", "en")
    }
    response = client.post("/learn/cases/new/", {**texts, "country": "NG", "tags": ["refusal", "documents"]})
    assert response.status_code == 302
    case = LossCase.objects.get(title_en="title en")
    assert case.tags == ["refusal", "documents"] and case.country_id == "NG"
    response = client.post(
        f"/learn/cases/{case.pk}/edit/",
        {**texts, "lesson_en": "Better", "country": "NG", "tags": ["refusal"]},
    )
    assert response.status_code == 302
    row = AuditEvent.objects.get(action="learn.case_changed", object_id=str(case.pk))
    assert row.data["changes"]["lesson_en"] == ["lesson en", "Better"]
    assert row.data["changes"]["risk_tags"] == [",refusal,documents,", ",refusal,"]
    # every problem at once, each beside its field
    page = client.post("/learn/cases/new/", {**texts, "title_zh": "", "country": "NG", "tags": []})
    assert page.status_code == 200
    assert page.content.decode().count("data-field-error=") >= 2
