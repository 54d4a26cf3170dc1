from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from creditinfo.models import Buyer
from limits.models import CreditLimit, CreditLimitApplication
from sinosure_portal.notifications.models import Notification
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


def _form(policy, **kw):
    return {
        "policy": policy.pk,
        "payment_term": "OA",
        "credit_period_days": 90,
        "amount_requested_usd": "30000",
        "goods_category": "家具",
        **kw,
    }


def test_apply_with_an_existing_buyer_approved_at_once(client_for, exporter, policy):
    LimitAutoRuleFactory()
    buyer = BuyerFactory()
    c = client_for(exporter)
    assert c.get(reverse("limits:application-new")).status_code == 200
    response = c.post(reverse("limits:application-new"), _form(policy, buyer=buyer.pk), follow=True)
    app = CreditLimitApplication.objects.get()
    assert app.status == "approved"
    page = response.content.decode()
    assert "Approved at once" in page and 'data-testid="approval-pdf"' in page
    assert c.get(reverse("limits:application-approval", args=[app.pk]))["Content-Type"] == "application/pdf"


def test_apply_registering_a_new_buyer_inline(client_for, exporter, policy):
    de = CountryFactory(code="DE")
    c = client_for(exporter)
    c.post(
        reverse("limits:application-new"),
        _form(
            policy,
            new_buyer_name="Brand Neu GmbH",
            new_buyer_country=de.pk,
            new_buyer_registration_number="HRB 77",
        ),
    )
    buyer = Buyer.objects.get(name="Brand Neu GmbH")
    assert CreditLimitApplication.objects.get().buyer == buyer
    assert buyer.created_by == exporter


def test_form_shows_refusals_next_to_the_field(client_for, exporter, policy):
    buyer = BuyerFactory()
    c = client_for(exporter)
    long = c.post(reverse("limits:application-new"), _form(policy, buyer=buyer.pk, credit_period_days=800))
    assert long.status_code == 200 and "two years" in long.content.decode()
    assert long.context["form"].errors["credit_period_days"]
    c.post(reverse("limits:application-new"), _form(policy, buyer=buyer.pk))
    again = c.post(reverse("limits:application-new"), _form(policy, buyer=buyer.pk))
    assert "already pending" in again.context["form"].errors["buyer"][0]
    nothing = c.post(reverse("limits:application-new"), _form(policy))
    assert nothing.context["form"].errors["buyer"]


def test_underwriter_decides_from_the_queue_and_the_exporter_is_told(
    client_for, exporter, underwriter, policy
):
    app = CreditLimitApplicationFactory(policy=policy, amount_requested_usd=Decimal("200000"))
    c = client_for(underwriter)
    queue = c.get(reverse("limits:queue")).content.decode()
    assert app.number in queue and "Green" in queue
    page = c.get(reverse("limits:application-detail", args=[app.pk])).content.decode()
    assert 'data-testid="decision-form"' in page
    missing = c.post(
        reverse("limits:application-decide", args=[app.pk]),
        {"decision": "approve", "amount_usd": "1", "credit_period_days": 90, "payment_terms": ["OA"]},
    )
    assert missing.status_code == 400
    too_much = c.post(
        reverse("limits:application-decide", args=[app.pk]),
        {
            "decision": "approve",
            "amount_usd": "300000",
            "credit_period_days": 90,
            "payment_terms": ["OA"],
            "reason": "x",
        },
    )
    assert too_much.status_code == 400 and "more than the amount requested" in too_much.content.decode()
    ok = c.post(
        reverse("limits:application-decide", args=[app.pk]),
        {
            "decision": "approve",
            "amount_usd": "120000",
            "credit_period_days": 60,
            "payment_terms": ["OA"],
            "reason": "买方规模",
            "conditions": "预付",
        },
    )
    assert ok.status_code == 302
    app.refresh_from_db()
    assert app.status == "partly_approved"
    note = Notification.objects.get(user=exporter, kind="limit_approved_with_changes")
    assert note.url == reverse("limits:application-detail", args=[app.pk])
    assert "120,000" in client_for(exporter).get(note.url).content.decode()


def test_reject_from_the_page(client_for, underwriter, policy):
    app = CreditLimitApplicationFactory(policy=policy)
    c = client_for(underwriter)
    assert (
        c.post(
            reverse("limits:application-decide", args=[app.pk]), {"decision": "reject", "reason": ""}
        ).status_code
        == 400
    )
    c.post(reverse("limits:application-decide", args=[app.pk]), {"decision": "reject", "reason": "红灯买方"})
    app.refresh_from_db()
    assert app.status == "rejected"


def test_reduce_and_cancel_from_the_limit_page(client_for, exporter, underwriter, policy):
    limit = CreditLimitFactory(policy=policy)
    assert (
        'data-testid="reduce-form"'
        not in client_for(exporter).get(reverse("limits:limit-detail", args=[limit.pk])).content.decode()
    )
    c = client_for(underwriter)  # the page client is shared: sign the underwriter in last
    assert (
        'data-testid="reduce-form"' in c.get(reverse("limits:limit-detail", args=[limit.pk])).content.decode()
    )
    past = c.post(
        reverse("limits:limit-reduce", args=[limit.pk]),
        {"amount_usd": "1000", "notice_date": (today() - timedelta(days=3)).isoformat(), "reason": "x"},
        follow=True,
    )
    assert "cannot be in the past" in past.content.decode()
    c.post(
        reverse("limits:limit-reduce", args=[limit.pk]),
        {"amount_usd": "50000", "notice_date": today().isoformat(), "reason": "降额"},
    )
    limit.refresh_from_db()
    assert limit.status == "reduced" and limit.amount_usd == Decimal("50000")
    lookup = c.get(
        reverse("limits:limit-detail", args=[limit.pk]), {"on": today().isoformat()}
    ).content.decode()
    assert "100,000.00" in lookup
    c.post(
        reverse("limits:limit-cancel", args=[limit.pk]),
        {"notice_date": today().isoformat(), "reason": "取消"},
    )
    limit.refresh_from_db()
    assert limit.status == "cancelled"


def test_other_organisation_gets_404_on_pages(client_for, exporter2, bank_officer, policy):
    limit = CreditLimitFactory(policy=policy)
    app = CreditLimitApplicationFactory(policy=policy)
    for user in (exporter2, bank_officer):
        c = client_for(user)
        for url in (
            reverse("limits:limit-detail", args=[limit.pk]),
            reverse("limits:application-detail", args=[app.pk]),
            reverse("limits:application-approval", args=[app.pk]),
            reverse("limits:queue"),
            reverse("limits:rules"),
        ):
            assert c.get(url).status_code == 404, (user, url)
        assert c.post(reverse("limits:application-withdraw", args=[app.pk])).status_code == 404
        assert limit.number not in c.get(reverse("limits:limit-list")).content.decode()


def test_limit_list_excel_export_filters_and_query_count(
    client_for, underwriter, exporter, django_assert_max_num_queries
):
    jp = CountryFactory(code="JP", name_zh="日本", name_en="Japan", risk_class=1)
    for _ in range(6):
        CreditLimitFactory(exposure_usd=Decimal("20000"))
    CreditLimitFactory(buyer=BuyerFactory(country=jp))
    c = client_for(underwriter)
    with django_assert_max_num_queries(12):
        page = c.get(reverse("limits:limit-list"))
    assert len(page.context["page"]) == 7
    assert len(c.get(reverse("limits:limit-list"), {"country": "JP"}).context["page"]) == 1
    xlsx = c.get(reverse("limits:limit-list"), {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(xlsx.content)).active.values)
    header = rows[0]
    assert header[0] == "Limit number" and "Available (USD)" in header
    available = header.index("Available (USD)")
    assert sorted(r[available] for r in rows[1:]) == [80000] * 6 + [100000]
    with django_assert_max_num_queries(12):
        assert c.get(reverse("limits:queue")).status_code == 200
    with django_assert_max_num_queries(12):
        assert c.get(reverse("limits:application-list")).status_code == 200
    assert client_for(exporter).get(reverse("limits:limit-list"), {"format": "xlsx"}).status_code == 200


def test_rules_page_admin_edits_underwriter_reads(client_for, admin_user, underwriter):
    rule = LimitAutoRuleFactory()
    assert 'data-testid="rule-list"' in client_for(underwriter).get(reverse("limits:rules")).content.decode()
    assert client_for(underwriter).get(reverse("limits:rule-edit", args=[rule.pk])).status_code == 403
    c = client_for(admin_user)
    red = c.post(
        reverse("limits:rule-edit", args=[rule.pk]),
        {
            "name": "x",
            "enabled": "on",
            "max_amount_usd": "1",
            "max_country_class": 3,
            "allowed_lights": ["green"],
            "allowed_payment_terms": ["OA"],
            "max_credit_period_days": 90,
        },
    )
    assert red.status_code == 302
    rule.refresh_from_db()
    assert rule.max_amount_usd == Decimal("1")


def test_dashboard_shows_the_insureds_limits_and_the_underwriters_queue_and_chart(
    client_for, exporter, underwriter, policy
):
    CreditLimitFactory(policy=policy)
    CreditLimitApplicationFactory(policy=policy)
    assert "My credit limits" in client_for(exporter).get("/").content.decode()
    staff = client_for(underwriter).get("/").content.decode()
    assert "Limit queue" in staff and "Limits by country" in staff and "data-chart" in staff
    assert CreditLimit.objects.count() == 1


def test_rules_list_filters_and_exports(client_for, underwriter):
    LimitAutoRuleFactory(name="on")
    LimitAutoRuleFactory(name="off", enabled=False)
    c = client_for(underwriter)
    assert [r.name for r in c.get(reverse("limits:rules"), {"enabled": "false"}).context["rules"]] == ["off"]
    rows = list(
        load_workbook(BytesIO(c.get(reverse("limits:rules"), {"format": "xlsx"}).content)).active.values
    )
    assert len(rows) == 3
