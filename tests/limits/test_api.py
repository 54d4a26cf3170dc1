from datetime import timedelta
from decimal import Decimal

import pytest

from creditinfo.models import Buyer
from sinosure_portal.core.documents import pdf_text
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory, CountryFactory
from tests.factories.limits import CreditLimitApplicationFactory, CreditLimitFactory, LimitAutoRuleFactory
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def policy(exporter):
    return PolicyFactory(organisation=exporter.organisation)


def _body(policy, **kw):
    return {
        "policy": policy.pk,
        "payment_term": "OA",
        "credit_period_days": 90,
        "amount_requested_usd": "30000",
        "goods_category": "家具",
        **kw,
    }


def test_apply_with_a_new_buyer_is_decided_at_once_and_the_approval_downloads(api_for, exporter, policy):
    CountryFactory(code="DE")
    LimitAutoRuleFactory()
    api = api_for(exporter)
    response = api.post(
        "/api/v1/limits/applications/",
        _body(
            policy, new_buyer={"name": "Neue Handels GmbH", "country": "de", "registration_number": "HRB 9"}
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "approved" and body["auto_decided"] and body["limit"]
    assert body["buyer"]["name"] == "Neue Handels GmbH"
    # the same buyer again is found, not duplicated
    again = api.post(
        "/api/v1/limits/applications/",
        _body(
            policy, amount_requested_usd="99999999", new_buyer={"name": "NEUE HANDELS GMBH", "country": "DE"}
        ),
        format="json",
    )
    assert again.status_code == 201 and again.json()["buyer"]["id"] == body["buyer"]["id"]
    assert Buyer.objects.filter(name__iexact="Neue Handels GmbH").count() == 1
    pdf = api.get(f"/api/v1/limits/applications/{body['id']}/approval/")
    assert pdf.status_code == 200 and "信用限额审批单" in pdf_text(b"".join(pdf.streaming_content))
    limit = api.get(f"/api/v1/limits/{body['limit']}/").json()
    assert limit["available_usd"] == "30000.00" and limit["changes"][0]["kind"] == "approved"


def test_refusals_are_400_with_code_and_field(api_for, exporter, policy):
    buyer = BuyerFactory()
    api = api_for(exporter)
    long = api.post(
        "/api/v1/limits/applications/", _body(policy, buyer=buyer.pk, credit_period_days=721), format="json"
    )
    assert (
        long.status_code == 400
        and long.json()["code"] == "credit_period_too_long"
        and long.json()["field"] == "credit_period_days"
    )
    assert (
        api.post("/api/v1/limits/applications/", _body(policy, buyer=buyer.pk), format="json").status_code
        == 201
    )
    second = api.post("/api/v1/limits/applications/", _body(policy, buyer=buyer.pk), format="json")
    assert second.status_code == 400 and second.json()["code"] == "limit_application_pending"
    nobuyer = api.post("/api/v1/limits/applications/", _body(policy), format="json")
    assert nobuyer.status_code == 400 and nobuyer.json()["field"] == "buyer"


def test_underwriter_decides_through_the_api(api_for, exporter, underwriter, policy):
    app = CreditLimitApplicationFactory(policy=policy, amount_requested_usd=Decimal("200000"))
    uw = api_for(underwriter)
    assert (
        api_for(exporter)
        .post(f"/api/v1/limits/applications/{app.pk}/approve/", {}, format="json")
        .status_code
        == 400
    )
    assert uw.post(f"/api/v1/limits/applications/{app.pk}/take/").json()["status"] == "under_review"
    queue = uw.get("/api/v1/limits/queue/").json()
    assert queue["count"] == 1 and queue["results"][0]["country_class"] == 1
    approved = uw.post(
        f"/api/v1/limits/applications/{app.pk}/approve/",
        {
            "amount_usd": "150000",
            "credit_period_days": 60,
            "payment_terms": ["OA"],
            "reason": "降额",
            "conditions": "预付30%",
        },
        format="json",
    )
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "partly_approved" and approved.json()["limit"]
    limit_id = approved.json()["limit"]
    reduced = uw.post(
        f"/api/v1/limits/{limit_id}/reduce/",
        {
            "amount_usd": "100000",
            "notice_date": (today() + timedelta(days=5)).isoformat(),
            "reason": "风险上升",
        },
        format="json",
    )
    assert reduced.status_code == 200 and reduced.json()["status"] == "reduced"
    terms = (
        api_for(exporter)
        .get(f"/api/v1/limits/{limit_id}/terms/", {"on": (today() + timedelta(days=5)).isoformat()})
        .json()
    )
    assert terms["amount_usd"] == "150000.00" and terms["covered"]
    after = (
        api_for(exporter)
        .get(f"/api/v1/limits/{limit_id}/terms/", {"on": (today() + timedelta(days=6)).isoformat()})
        .json()
    )
    assert after["amount_usd"] == "100000.00"
    before = (
        api_for(exporter)
        .get(f"/api/v1/limits/{limit_id}/terms/", {"on": (today() - timedelta(days=1)).isoformat()})
        .json()
    )
    assert before["covered"] is False and before["amount_usd"] is None
    assert api_for(exporter).get(f"/api/v1/limits/{limit_id}/terms/").status_code == 400
    cancelled = uw.post(
        f"/api/v1/limits/{limit_id}/cancel/",
        {"notice_date": today().isoformat(), "reason": "破产"},
        format="json",
    )
    assert cancelled.json()["status"] == "cancelled"


def test_reject_via_api(api_for, exporter, underwriter, policy):
    app = CreditLimitApplicationFactory(policy=policy)
    assert (
        api_for(underwriter)
        .post(f"/api/v1/limits/applications/{app.pk}/reject/", {"reason": ""}, format="json")
        .status_code
        == 400
    )
    body = (
        api_for(underwriter)
        .post(f"/api/v1/limits/applications/{app.pk}/reject/", {"reason": "拖欠"}, format="json")
        .json()
    )
    assert body["status"] == "rejected" and body["decision_reason"] == "拖欠"


def test_other_organisation_gets_404(api_for, exporter, exporter2, bank_officer, policy):
    limit = CreditLimitFactory(policy=policy)
    app = CreditLimitApplicationFactory(policy=policy)
    for user in (exporter2, bank_officer):
        api = api_for(user)
        for url in (
            f"/api/v1/limits/{limit.pk}/",
            f"/api/v1/limits/applications/{app.pk}/",
            f"/api/v1/limits/{limit.pk}/terms/?on=2026-01-01",
        ):
            assert api.get(url).status_code == 404, (user, url)
        assert api.post(f"/api/v1/limits/applications/{app.pk}/withdraw/").status_code == 404
        assert api.get("/api/v1/limits/").json()["count"] == 0
        assert api.get("/api/v1/limits/queue/").status_code == 404
        assert api.get("/api/v1/limits/rules/").status_code == 404


def test_limit_list_filters_and_query_count(api_for, underwriter, django_assert_max_num_queries):
    jp = CountryFactory(code="JP", name_zh="日本", name_en="Japan")
    for _ in range(5):
        CreditLimitFactory()
    CreditLimitFactory(buyer=BuyerFactory(country=jp), payment_terms=["LC"])
    api = api_for(underwriter)
    with django_assert_max_num_queries(5):
        body = api.get("/api/v1/limits/").json()
    assert body["count"] == 6
    assert api.get("/api/v1/limits/", {"country": "JP"}).json()["count"] == 1
    assert api.get("/api/v1/limits/", {"payment_term": "LC"}).json()["count"] == 1
    with django_assert_max_num_queries(6):
        assert api.get("/api/v1/limits/applications/").json()["count"] == 0


def test_rules_admin_changes_underwriter_reads(api_for, admin_user, underwriter):
    body = {
        "name": "small",
        "enabled": True,
        "max_amount_usd": "50000",
        "max_country_class": 4,
        "allowed_lights": ["green"],
        "allowed_payment_terms": ["OA", "DA"],
        "max_credit_period_days": 180,
    }
    assert api_for(underwriter).post("/api/v1/limits/rules/", body, format="json").status_code == 403
    created = api_for(admin_user).post("/api/v1/limits/rules/", body, format="json")
    assert created.status_code == 201
    red = api_for(admin_user).patch(
        f"/api/v1/limits/rules/{created.json()['id']}/", {"allowed_lights": ["red"]}, format="json"
    )
    assert red.status_code == 400 and red.json()["code"] == "rule_allows_red"
    assert api_for(underwriter).get("/api/v1/limits/rules/").json()["count"] == 1
