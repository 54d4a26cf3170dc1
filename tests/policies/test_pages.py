from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from policies import services
from policies.models import PolicyApplication
from sinosure_portal.workdays.calendar import today
from tests.factories.policies import MicroPolicyFactory, PolicyApplicationFactory, PolicyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def test_exporter_walks_the_online_application_in_pages(client_for, exporter):
    c = client_for(exporter)
    form = c.get(reverse("policies:application-new"))
    assert form.status_code == 200
    assert [v for v, _l in form.context["form"].fields["product"].choices] == [
        "COMPREHENSIVE",
        "SME",
        "MICRO",
    ]
    response = c.post(
        reverse("policies:application-new"),
        {
            "product": "MICRO",
            "company_name": "青岛海辰贸易有限公司",
            "contact_name": "王丽",
            "contact_phone": "0532-1",
            "estimated_turnover_usd": "800000",
            "last_year_exports_usd": "2400000",
            "premium_payer": "insured",
        },
    )
    app = PolicyApplication.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "policies:application-detail", args=[app.pk]
    )
    detail = c.get(response["Location"]).content.decode()
    assert "exports at most USD 3,000,000" in detail and 'data-testid="confirm-submit"' in detail
    # confirming too early is refused with the message, nothing changes
    early = c.post(reverse("policies:application-submit", args=[app.pk]), follow=True)
    assert "Authorise the data use" in early.content.decode()
    assert c.post(reverse("policies:application-consent", args=[app.pk]), {}).status_code == 400
    c.post(reverse("policies:application-consent", args=[app.pk]), {"consent": "on"}, REMOTE_ADDR="192.0.2.7")
    no_accept = c.post(
        reverse("policies:application-sign", args=[app.pk]), {"signer_name": "王丽", "signer_title": "经理"}
    )
    assert no_accept.status_code == 400
    c.post(
        reverse("policies:application-sign", args=[app.pk]),
        {"signer_name": "王丽", "signer_title": "经理", "accept": "on"},
    )
    c.post(reverse("policies:application-submit", args=[app.pk]))
    app.refresh_from_db()
    assert app.status == "submitted" and app.consent_ip == "192.0.2.7"
    pdf = c.get(reverse("policies:application-agreement", args=[app.pk]))
    assert pdf["Content-Type"] == "application/pdf"


def test_underwriter_issues_from_the_page(client_for, exporter, underwriter):
    app = PolicyApplicationFactory(organisation=exporter.organisation, status="submitted")
    c = client_for(underwriter)
    page = c.get(reverse("policies:application-issue", args=[app.pk]))
    assert page.status_code == 200 and page.context["form"].initial["indemnity_ratio"] == Decimal("90.00")
    start = today()
    data = {
        "period_start": start.isoformat(),
        "period_end": (start + timedelta(days=364)).isoformat(),
        "indemnity_ratio": "95",
        "max_liability_usd": "1000000",
        "premium_payer": "insured",
        "base_rate": "0.3",
        "declaration_deadline_days": 15,
        "loss_notice_default_days": 30,
        "loss_notice_other_business_days": 10,
        "claim_deadline_months": 4,
        "idle_limit_months": 6,
        "idle_limit_revoke_after_days": 30,
        "renewal_reminder_days": 30,
        "receivable_due_reminder_days": 7,
        "financing_ratio": "90",
        "max_credit_period_days": 720,
    }
    refused = c.post(reverse("policies:application-issue", args=[app.pk]), data)
    assert refused.status_code == 200 and "at most 90%" in refused.content.decode()
    done = c.post(reverse("policies:application-issue", args=[app.pk]), {**data, "indemnity_ratio": "85"})
    app.refresh_from_db()
    assert done.status_code == 302 and app.status == "issued"
    policy = app.policy
    assert policy.indemnity_ratio == Decimal("0.85") and policy.rates.count() == 64
    assert policy.rates.get(country_class_from=1, payment_term="OA", credit_days_from=0).rate == Decimal(
        "0.003"
    )
    detail = c.get(reverse("policies:policy-detail", args=[policy.pk])).content.decode()
    assert policy.number in detail and "0.300%" in detail


def test_other_organisation_gets_404_on_pages(client_for, exporter, exporter2, bank_officer):
    policy = PolicyFactory(organisation=exporter.organisation)
    app = PolicyApplicationFactory(organisation=exporter.organisation)
    for user in (exporter2, bank_officer):
        c = client_for(user)
        for url in (
            reverse("policies:policy-detail", args=[policy.pk]),
            reverse("policies:policy-schedule", args=[policy.pk]),
            reverse("policies:application-detail", args=[app.pk]),
            reverse("policies:application-edit", args=[app.pk]),
        ):
            assert c.get(url).status_code == 404, (user, url)
        assert (
            c.post(reverse("policies:application-consent", args=[app.pk]), {"consent": "on"}).status_code
            == 404
        )
        assert policy.number not in c.get(reverse("policies:policy-list")).content.decode()


def test_lists_have_bounded_queries_filters_and_excel(client_for, underwriter, django_assert_max_num_queries):
    for _ in range(8):
        PolicyFactory()
    MicroPolicyFactory()
    c = client_for(underwriter)
    with django_assert_max_num_queries(12):
        page = c.get(reverse("policies:policy-list"))
    assert page.status_code == 200 and len(page.context["page"]) == 9
    assert len(c.get(reverse("policies:policy-list"), {"product": "MICRO"}).context["page"]) == 1
    xlsx = c.get(reverse("policies:policy-list"), {"format": "xlsx"})
    from io import BytesIO

    rows = list(load_workbook(BytesIO(xlsx.content)).active.values)
    assert len(rows) == 10 and rows[0][0] == "Policy number"
    for _ in range(5):
        PolicyApplicationFactory(status="submitted")
    with django_assert_max_num_queries(12):
        assert len(c.get(reverse("policies:application-list")).context["page"]) == 5
    assert c.get(reverse("policies:application-list"), {"format": "xlsx"}).status_code == 200
    assert c.get(reverse("policies:invoice-list"), {"format": "xlsx"}).status_code == 200


def test_policy_page_for_the_insured_and_underwriter_actions(client_for, exporter, underwriter):
    policy = PolicyFactory(organisation=exporter.organisation)
    own = client_for(exporter).get(reverse("policies:policy-detail", args=[policy.pk])).content.decode()
    assert 'data-testid="apply-limit"' in own and "Renew with the same terms" not in own
    c = client_for(underwriter)
    assert (
        "Renew with the same terms"
        in c.get(reverse("policies:policy-detail", args=[policy.pk])).content.decode()
    )
    response = c.post(reverse("policies:policy-renew", args=[policy.pk]))
    renewal = policy.renewals.get()
    assert response["Location"] == reverse("policies:policy-detail", args=[renewal.pk])
    assert (
        c.post(reverse("policies:policy-settings", args=[policy.pk]), {"idle_limit_months": 3}).status_code
        == 200
    )
    assert client_for(exporter).get(reverse("policies:policy-settings", args=[policy.pk])).status_code == 403


def test_rates_page_saves_and_reports_overlaps(client_for, underwriter):
    policy = PolicyFactory(rates=False)
    c = client_for(underwriter)
    assert c.get(reverse("policies:policy-rates", args=[policy.pk])).status_code == 200
    base = {
        "rates-TOTAL_FORMS": 2,
        "rates-INITIAL_FORMS": 0,
        "rates-MIN_NUM_FORMS": 0,
        "rates-MAX_NUM_FORMS": 1000,
    }
    row = {
        "country_class_from": 1,
        "country_class_to": 9,
        "payment_term": "",
        "credit_days_from": 0,
        "credit_days_to": 720,
        "rate": "0.5",
    }
    data = {
        **base,
        **{f"rates-0-{k}": v for k, v in row.items()},
        **{f"rates-1-{k}": v for k, v in row.items()},
    }
    overlap = c.post(reverse("policies:policy-rates", args=[policy.pk]), data)
    assert overlap.status_code == 200 and "overlap" in overlap.content.decode()
    data = {**base, "rates-TOTAL_FORMS": 1, **{f"rates-0-{k}": v for k, v in row.items()}}
    assert c.post(reverse("policies:policy-rates", args=[policy.pk]), data).status_code == 302
    assert list(policy.rates.values_list("rate", flat=True)) == [Decimal("0.005")]


def test_dashboard_cards_and_menu(client_for, exporter, underwriter):
    PolicyFactory(organisation=exporter.organisation, period_end=today() + timedelta(days=10))
    page = client_for(exporter).get("/").content.decode()
    assert (
        "My policies" in page and "Pending applications" in page and reverse("policies:policy-list") in page
    )
    staff = client_for(underwriter).get("/").content.decode()
    assert "Policy applications to decide" in staff and "Policies expiring in 30 days" in staff


def test_chinese_labels_on_the_application_page(client_for, exporter, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    page = (
        client_for(exporter)
        .get(reverse("policies:application-new"), HTTP_ACCEPT_LANGUAGE="zh-hans")
        .content.decode()
    )
    assert "投保" in page and "小微企业信保易" in page


def test_services_refuse_wrong_roles_on_pages(client_for, exporter):
    app = PolicyApplicationFactory(organisation=exporter.organisation, status="submitted")
    assert client_for(exporter).get(reverse("policies:application-issue", args=[app.pk])).status_code == 403
    assert services.UNDERWRITING_ROLES


def test_a_bank_applies_without_the_exporters_questions(client_for, bank_officer, exporter):
    """A bank applying for a bank or forfaiting policy is not asked about goods, markets,
    pre-shipment cover, micro eligibility or a platform paying its premium (issue 15 class 6), and
    reads only its own products' descriptions; an exporter still sees all of them."""
    c = client_for(bank_officer)
    c.cookies["django_language"] = "en"
    page = c.get(reverse("policies:application-new")).content.decode()
    for exporter_only in (
        'name="goods_description"',
        'name="main_markets"',
        'name="pre_shipment_cover"',
        'name="micro_sme_classification"',
        'name="premium_payer"',
        'name="platform_name"',
        "Micro-enterprise eligibility",
        "Micro-enterprise: no limits",
        "Who pays the premium",
    ):
        assert exporter_only not in page, exporter_only
    assert "Forfaiting policy: covers" in page and "Bank policy: covers" in page
    created = c.post(
        reverse("policies:application-new"),
        {
            "product": "FORFAITING",
            "company_name": bank_officer.organisation.name_zh,
            "contact_name": "李强",
            "contact_phone": "021-66668888",
            "estimated_turnover_usd": "5000000",
        },
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    e = client_for(exporter)
    e.cookies["django_language"] = "en"
    own = e.get(reverse("policies:application-new")).content.decode()
    assert 'name="goods_description"' in own and "Micro-enterprise eligibility" in own
    assert "Forfaiting policy: covers" not in own
