from datetime import timedelta
from decimal import Decimal

import pytest

from policies.models import Policy
from sinosure_portal.core.documents import pdf_text
from sinosure_portal.workdays.calendar import today
from tests.factories.policies import MicroPolicyFactory, PolicyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def test_whole_application_through_the_api(api_for, exporter, underwriter):
    api = api_for(exporter)
    created = api.post(
        "/api/v1/policies/applications/",
        {
            "product": "COMPREHENSIVE",
            "contact_name": "王丽",
            "contact_phone": "0532-1",
            "estimated_turnover_usd": "1500000.00",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert (
        created.json()["status"] == "draft"
        and created.json()["company_name"] == exporter.organisation.name_zh
    )
    refused = api.post(f"/api/v1/policies/applications/{pk}/submit/")
    assert refused.status_code == 400 and refused.json()["code"] == "consent_required"
    assert (
        api.post(
            f"/api/v1/policies/applications/{pk}/consent/", {"consent": False}, format="json"
        ).status_code
        == 400
    )
    assert (
        api.post(f"/api/v1/policies/applications/{pk}/consent/", {"consent": True}, format="json").status_code
        == 200
    )
    signed = api.post(
        f"/api/v1/policies/applications/{pk}/sign/",
        {"signer_name": "王丽", "signer_title": "经理"},
        format="json",
    )
    assert signed.status_code == 200 and len(signed.json()["document_sha256"]) == 64
    assert api.post(f"/api/v1/policies/applications/{pk}/submit/").json()["status"] == "submitted"
    agreement = api.get(f"/api/v1/policies/applications/{pk}/agreement/")
    assert agreement["Content-Type"] == "application/pdf"
    assert "王丽" in pdf_text(b"".join(agreement.streaming_content))

    uw = api_for(underwriter)
    assert api.post(f"/api/v1/policies/applications/{pk}/review/").status_code == 403
    start = today()
    bad = uw.post(
        f"/api/v1/policies/applications/{pk}/issue/",
        {
            "period_start": start.isoformat(),
            "period_end": (start + timedelta(days=364)).isoformat(),
            "indemnity_ratio": "0.95",
            "max_liability_usd": "3000000",
            "base_rate": "0.003",
        },
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "indemnity_ratio"
    issued = uw.post(
        f"/api/v1/policies/applications/{pk}/issue/",
        {
            "period_start": start.isoformat(),
            "period_end": (start + timedelta(days=364)).isoformat(),
            "indemnity_ratio": "0.90",
            "max_liability_usd": "3000000",
            "rates": [
                {
                    "country_class_from": 1,
                    "country_class_to": 9,
                    "payment_term": "",
                    "credit_days_from": 0,
                    "credit_days_to": 720,
                    "rate": "0.004",
                }
            ],
            "settings": {"declaration_deadline_days": 20},
        },
        format="json",
    )
    assert issued.status_code == 201, issued.json()
    body = issued.json()
    assert (
        body["number"].startswith("COM")
        and body["declaration_deadline_days"] == 20
        and body["loss_notice_default_days"] == 30
    )
    policy_id = body["id"]
    detail = api.get(f"/api/v1/policies/{policy_id}/").json()
    assert detail["rates"] == [
        {
            "country_class_from": 1,
            "country_class_to": 9,
            "payment_term": "",
            "credit_days_from": 0,
            "credit_days_to": 720,
            "rate": "0.004000",
        }
    ]
    schedule = api.get(f"/api/v1/policies/{policy_id}/schedule/")
    assert "保险单明细表" in pdf_text(b"".join(schedule.streaming_content))


def test_other_organisation_gets_404_everywhere(api_for, exporter, exporter2):
    policy = PolicyFactory(organisation=exporter.organisation)
    api = api_for(exporter2)
    for url in (
        f"/api/v1/policies/{policy.pk}/",
        f"/api/v1/policies/{policy.pk}/rates/",
        f"/api/v1/policies/{policy.pk}/schedule/",
    ):
        response = api.get(url)
        assert response.status_code == 404 and response.json()["code"] == "not_found", url
    assert api.get("/api/v1/policies/").json()["count"] == 0
    assert api_for(exporter).get("/api/v1/policies/").json()["count"] == 1


def test_bank_sees_only_its_bank_policies(api_for, exporter, bank_officer):
    PolicyFactory(organisation=exporter.organisation)
    bank_policy = PolicyFactory(organisation=bank_officer.organisation, product="BANK")
    body = api_for(bank_officer).get("/api/v1/policies/").json()
    assert [p["id"] for p in body["results"]] == [bank_policy.pk]


def test_policy_list_filters_and_query_count(api_for, underwriter, django_assert_max_num_queries):
    for _ in range(6):
        PolicyFactory()
    MicroPolicyFactory()
    api = api_for(underwriter)
    with django_assert_max_num_queries(6):
        body = api.get("/api/v1/policies/", {"product": "MICRO"}).json()
    assert body["count"] == 1 and body["results"][0]["product"] == "MICRO"
    number = Policy.objects.filter(product="COMPREHENSIVE").first().number
    assert api.get("/api/v1/policies/", {"q": number}).json()["count"] == 1


def test_rates_replace_by_underwriter_only(api_for, exporter, underwriter):
    policy = PolicyFactory(organisation=exporter.organisation)
    rows = [
        {
            "country_class_from": 1,
            "country_class_to": 9,
            "payment_term": "OA",
            "credit_days_from": 0,
            "credit_days_to": 720,
            "rate": "0.01",
        }
    ]
    assert (
        api_for(exporter).put(f"/api/v1/policies/{policy.pk}/rates/", rows, format="json").status_code == 403
    )
    response = api_for(underwriter).put(f"/api/v1/policies/{policy.pk}/rates/", rows, format="json")
    assert response.status_code == 200 and len(response.json()) == 1
    overlap = api_for(underwriter).put(f"/api/v1/policies/{policy.pk}/rates/", rows * 2, format="json")
    assert overlap.status_code == 400 and overlap.json()["code"] == "rate_overlap"


def test_micro_eligibility_endpoint_names_the_criteria_met(api_for, exporter):
    api = api_for(exporter)
    assert api.post(
        "/api/v1/policies/micro-eligibility/", {"last_year_exports_usd": "2999999"}, format="json"
    ).json() == {
        "eligible": True,
        "criteria": ["exports_ceiling"],
    }
    assert (
        api.post(
            "/api/v1/policies/micro-eligibility/", {"last_year_exports_usd": "3000001"}, format="json"
        ).json()["eligible"]
        is False
    )


def test_settings_patch_and_renew_and_cancel(api_for, exporter, underwriter):
    policy = PolicyFactory(organisation=exporter.organisation)
    uw = api_for(underwriter)
    patched = uw.patch(
        f"/api/v1/policies/{policy.pk}/settings/",
        {"idle_limit_months": 3, "financing_ratio": "0.8"},
        format="json",
    )
    assert (
        patched.status_code == 200
        and patched.json()["idle_limit_months"] == 3
        and patched.json()["financing_ratio"] == "0.8000"
    )
    renewed = uw.post(f"/api/v1/policies/{policy.pk}/renew/")
    assert (
        renewed.status_code == 201
        and renewed.json()["renewed_from"] == policy.pk
        and renewed.json()["idle_limit_months"] == 3
    )
    assert uw.post(f"/api/v1/policies/{policy.pk}/cancel/", {}, format="json").status_code == 400
    assert (
        uw.post(f"/api/v1/policies/{policy.pk}/cancel/", {"reason": "退保"}, format="json").json()["status"]
        == "cancelled"
    )


def test_invoices_listed_and_paid(api_for, exporter, exporter2, underwriter):
    from policies.models import PremiumInvoice

    policy = MicroPolicyFactory(organisation=exporter.organisation)
    invoice = PremiumInvoice.objects.create(
        policy=policy,
        period_start=policy.period_start,
        period_end=policy.period_end,
        payer="insured",
        amount_usd=Decimal("3000"),
        due_date=today(),
    )
    assert api_for(exporter).get("/api/v1/policies/invoices/").json()["count"] == 1
    assert api_for(exporter2).get("/api/v1/policies/invoices/").json()["count"] == 0
    assert api_for(exporter).post(f"/api/v1/policies/invoices/{invoice.pk}/paid/").status_code == 403
    assert (
        api_for(underwriter).post(f"/api/v1/policies/invoices/{invoice.pk}/paid/").json()["status"] == "paid"
    )


def test_insurer_does_not_see_drafts(api_for, exporter, underwriter):
    api_for(exporter).post(
        "/api/v1/policies/applications/",
        {"product": "SME", "contact_name": "a", "contact_phone": "1", "estimated_turnover_usd": "1"},
        format="json",
    )
    assert api_for(exporter).get("/api/v1/policies/applications/").json()["count"] == 1
    assert api_for(underwriter).get("/api/v1/policies/applications/").json()["count"] == 0
