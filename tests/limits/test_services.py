from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone, translation

from limits import selectors, services
from limits.models import CreditLimit, CreditLimitApplication, CreditLimitChange
from limits.services import LimitRequest
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import DomainError, NotAllowed, TransitionNotAllowed
from sinosure_portal.core.documents import document_latest, pdf_text
from sinosure_portal.ledger.errors import LedgerDrift
from sinosure_portal.notifications.models import Notification
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory, CountryFactory
from tests.factories.limits import CreditLimitApplicationFactory, CreditLimitFactory, LimitAutoRuleFactory
from tests.factories.policies import MicroPolicyFactory, PolicyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def policy(exporter):
    return PolicyFactory(organisation=exporter.organisation)


@pytest.fixture
def buyer():
    return BuyerFactory(name="Müller Handels GmbH", name_zh="穆勒贸易有限公司")


def _request(policy, buyer, **kw):
    base = {
        "policy_id": policy.pk,
        "buyer_id": buyer.pk,
        "payment_term": "OA",
        "credit_period_days": 90,
        "amount_requested_usd": Decimal("40000"),
        "goods_category": "家具",
    }
    return LimitRequest(**{**base, **kw})


def test_small_green_request_is_approved_at_once_with_an_approval_pdf(exporter, policy, buyer):
    LimitAutoRuleFactory()
    app = services.limit_application_submit(actor=exporter, request=_request(policy, buyer))
    assert app.status == "approved" and app.auto_decided
    limit = CreditLimit.objects.get(policy=policy, buyer=buyer)
    year = today().year  # the year's first application and limit, whatever their row ids
    assert (app.number, limit.number) == (f"LA{year}000001", f"CL{year}000001")
    assert (limit.amount_usd, limit.exposure_usd, limit.available_usd) == (
        Decimal("40000"),
        0,
        Decimal("40000"),
    )
    assert (
        limit.payment_terms == ["OA"]
        and limit.max_credit_period_days == 90
        and limit.effective_date == today()
    )
    assert limit.changes.get().kind == "approved"
    text = pdf_text(document_latest(app, services.APPROVAL_KIND).file.read())
    assert (
        "信用限额审批单" in text
        and "穆勒贸易有限公司" in text
        and limit.number in text
        and "40,000.00" in text
    )
    note = Notification.objects.get(user=exporter, kind="limit_approved_automatically")
    # the rule by its name, not its row number
    assert note.text(language="en") == "Approved automatically under the rule “Small green buyers”"
    with translation.override("zh-hans"):
        assert "Small green buyers" in note.text(language="zh-hans")
    [event] = [e for e in audit_history(app) if e.to_state == "approved"]
    assert event.actor is None  # decided by the rule, not by a person


def test_larger_request_goes_to_the_queue_with_its_reasons(exporter, underwriter, policy, buyer):
    LimitAutoRuleFactory()
    app = services.limit_application_submit(
        actor=exporter, request=_request(policy, buyer, amount_requested_usd=Decimal("200000"))
    )
    assert app.status == "submitted" and not CreditLimit.objects.exists()
    assert list(selectors.limit_queue(underwriter)) == [app]
    assert Notification.objects.filter(user=underwriter, kind="limit_application_submitted").exists()
    referred = Notification.objects.get(user=exporter, kind="limit_application_referred")
    assert "ceiling" in referred.text(language="en")
    # stored as reason codes: each reader reads them in their own language, whoever submitted
    assert referred.params["codes"] == ["amount"]
    assert referred.text(language="zh-hans") == "金额超过自动审批上限"
    [event] = AuditEvent.objects.filter(action="limit_application.referred", object_id=app.pk)
    assert (event.why("en"), event.why("zh-hans")) == (
        "the amount is above the automatic ceiling",
        "金额超过自动审批上限",
    )


def test_red_buyer_is_never_approved_automatically(exporter, policy):
    LimitAutoRuleFactory(allowed_lights=["green", "yellow"])
    red = BuyerFactory(light="red", light_reason="2026-01-05 Bankrupt")
    app = services.limit_application_submit(
        actor=exporter, request=_request(policy, red, amount_requested_usd=Decimal("100"))
    )
    assert app.status == "submitted"


def test_second_application_while_one_is_pending_is_refused(exporter, policy, buyer):
    services.limit_application_submit(actor=exporter, request=_request(policy, buyer))
    with pytest.raises(DomainError) as err:
        services.limit_application_submit(
            actor=exporter, request=_request(policy, buyer, amount_requested_usd=Decimal("1"))
        )
    assert err.value.code == "limit_application_pending" and err.value.field == "buyer"
    assert "Müller" in err.value.message or "Mueller" in err.value.message or "穆勒" in err.value.message
    assert CreditLimitApplication.objects.count() == 1


def test_the_database_also_refuses_two_pending_applications(policy, buyer):
    from django.db import IntegrityError

    CreditLimitApplicationFactory(policy=policy, buyer=buyer)
    with pytest.raises(IntegrityError), transaction.atomic():
        CreditLimitApplicationFactory(policy=policy, buyer=buyer)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"credit_period_days": 721}, "credit_period_too_long"),
        ({"credit_period_days": 0}, "credit_period_required"),
        ({"amount_requested_usd": Decimal("0")}, "amount_not_positive"),
        ({"payment_term": "XX"}, "payment_term_unknown"),
        ({"payment_term": "LC"}, "issuing_bank_required"),
        ({"goods_category": " "}, "goods_required"),
        ({"first_trade_year": 1800}, "first_trade_year_invalid"),
    ],
)
def test_bad_requests_are_refused_with_the_field(exporter, policy, buyer, change, code):
    with pytest.raises(DomainError) as err:
        services.limit_application_submit(actor=exporter, request=_request(policy, buyer, **change))
    assert err.value.code == code and err.value.field
    assert not CreditLimitApplication.objects.exists()


def test_micro_policy_limits_are_within_a_year(exporter, buyer):
    micro = MicroPolicyFactory(organisation=exporter.organisation)
    with pytest.raises(DomainError) as err:
        services.limit_application_submit(
            actor=exporter, request=_request(micro, buyer, credit_period_days=400)
        )
    assert err.value.code == "credit_period_above_policy"


def test_lc_request_names_the_issuing_bank_and_latest_shipment(exporter, policy, buyer):
    bank = BuyerFactory(kind="bank", name="Deutsche Bank AG", swift_code="DEUTDEFF", registration_number="")
    with pytest.raises(DomainError) as err:
        services.limit_application_submit(
            actor=exporter, request=_request(policy, buyer, payment_term="LC", issuing_bank_id=bank.pk)
        )
    assert err.value.code == "latest_shipment_required"
    app = services.limit_application_submit(
        actor=exporter,
        request=_request(
            policy,
            buyer,
            payment_term="LC",
            issuing_bank_id=bank.pk,
            latest_shipment_date=today() + timedelta(days=60),
        ),
    )
    assert app.issuing_bank == bank


def test_another_organisations_policy_is_refused(exporter, exporter2, policy, buyer):
    with pytest.raises(DomainError) as err:
        services.limit_application_submit(actor=exporter2, request=_request(policy, buyer))
    assert err.value.code == "policy_unknown"


def test_expired_policy_takes_no_applications(exporter, buyer):
    old = PolicyFactory(
        organisation=exporter.organisation,
        period_start=today() - timedelta(days=400),
        period_end=today() - timedelta(days=1),
    )
    with pytest.raises(DomainError) as err:
        services.limit_application_submit(actor=exporter, request=_request(old, buyer))
    assert err.value.code == "policy_not_in_force"


def test_bank_applies_on_its_bank_policy(bank_officer, buyer):
    bank_policy = PolicyFactory(organisation=bank_officer.organisation, product="BANK")
    app = services.limit_application_submit(actor=bank_officer, request=_request(bank_policy, buyer))
    assert app.organisation == bank_officer.organisation


def test_underwriter_approves_less_and_shorter_with_conditions(exporter, underwriter, policy, buyer):
    app = services.limit_application_submit(
        actor=exporter,
        request=_request(policy, buyer, amount_requested_usd=Decimal("300000"), credit_period_days=120),
    )
    services.limit_application_take(application_id=app.pk, actor=underwriter)
    with pytest.raises(DomainError) as err:
        services.limit_application_approve(
            application_id=app.pk,
            actor=underwriter,
            amount_usd=Decimal("400000"),
            credit_period_days=90,
            payment_terms=["OA"],
            reason="x",
        )
    assert err.value.code == "amount_above_request"
    with pytest.raises(DomainError):
        services.limit_application_approve(
            application_id=app.pk,
            actor=underwriter,
            amount_usd=Decimal("1"),
            credit_period_days=90,
            payment_terms=["OA"],
            reason="",
        )
    limit = services.limit_application_approve(
        application_id=app.pk,
        actor=underwriter,
        amount_usd=Decimal("150000"),
        credit_period_days=90,
        payment_terms=["OA", "DP"],
        conditions="需提供提单副本",
        reason="买方规模有限",
    )
    app.refresh_from_db()
    assert app.status == "partly_approved" and app.approved_amount_usd == Decimal("150000")
    assert limit.payment_terms == ["DP", "OA"] and limit.conditions == "需提供提单副本"
    note = Notification.objects.get(user=exporter, kind="limit_approved_with_changes")
    assert "USD 150,000.00" in note.heading(language="en") and note.level == "warning"
    text = pdf_text(document_latest(app, services.APPROVAL_KIND).file.read())
    assert "有条件同意" in text and "需提供提单副本" in text and "买方规模有限" in text
    with pytest.raises(TransitionNotAllowed):
        services.limit_application_reject(application_id=app.pk, actor=underwriter, reason="late")


def test_only_an_underwriter_rejects_and_the_reason_reaches_the_applicant(
    exporter, underwriter, policy, buyer
):
    app = services.limit_application_submit(actor=exporter, request=_request(policy, buyer))
    with pytest.raises(NotAllowed):
        services.limit_application_reject(application_id=app.pk, actor=exporter, reason="x")
    services.limit_application_reject(application_id=app.pk, actor=underwriter, reason="买方拖欠记录")
    app.refresh_from_db()
    assert app.status == "rejected" and app.decision_reason == "买方拖欠记录"
    assert Notification.objects.get(user=exporter, kind="limit_rejected").text() == "买方拖欠记录"
    # a new application is possible once the old one is decided
    services.limit_application_submit(actor=exporter, request=_request(policy, buyer))


def test_second_approval_on_the_same_buyer_changes_the_one_limit(exporter, underwriter, policy, buyer):
    LimitAutoRuleFactory()
    services.limit_application_submit(actor=exporter, request=_request(policy, buyer))
    limit = CreditLimit.objects.get()
    CreditLimit.objects.filter(pk=limit.pk).update(exposure_usd=Decimal("10000"))
    app = services.limit_application_submit(
        actor=exporter, request=_request(policy, buyer, amount_requested_usd=Decimal("90000"))
    )
    services.limit_application_approve(
        application_id=app.pk,
        actor=underwriter,
        amount_usd=Decimal("90000"),
        credit_period_days=90,
        payment_terms=["OA"],
        reason="ok",
    )
    limit.refresh_from_db()
    assert CreditLimit.objects.count() == 1
    assert (limit.amount_usd, limit.exposure_usd, limit.available_usd) == (
        Decimal("90000"),
        Decimal("10000"),
        Decimal("80000"),
    )
    assert list(limit.changes.values_list("kind", "amount_before_usd", "amount_after_usd")) == [
        ("approved", Decimal("0"), Decimal("40000")),
        ("increased", Decimal("40000"), Decimal("90000")),
    ]


def test_withdraw_only_by_the_applicant(exporter, exporter2, policy, buyer):
    app = services.limit_application_submit(actor=exporter, request=_request(policy, buyer))
    with pytest.raises(NotAllowed):
        services.limit_application_withdraw(application_id=app.pk, actor=exporter2)
    services.limit_application_withdraw(application_id=app.pk, actor=exporter)
    app.refresh_from_db()
    assert app.status == "withdrawn"


def test_reduction_applies_to_shipments_after_the_notice_date(exporter, underwriter, policy, buyer):
    limit = CreditLimitFactory(
        policy=policy, buyer=buyer, amount_usd=Decimal("100000"), payment_terms=["OA", "DA"]
    )
    notice = today() + timedelta(days=10)
    with pytest.raises(DomainError) as err:
        services.limit_reduce(
            limit_id=limit.pk,
            actor=underwriter,
            amount_usd=Decimal("50000"),
            notice_date=today() - timedelta(days=1),
            reason="x",
        )
    assert err.value.code == "notice_date_past"
    with pytest.raises(DomainError) as err:
        services.limit_reduce(
            limit_id=limit.pk, actor=underwriter, amount_usd=Decimal("150000"), notice_date=notice, reason="x"
        )
    assert err.value.code == "not_a_reduction"
    services.limit_reduce(
        limit_id=limit.pk,
        actor=underwriter,
        amount_usd=Decimal("60000"),
        notice_date=notice,
        reason="国别风险上升",
        payment_terms=["OA"],
    )
    limit.refresh_from_db()
    assert (
        limit.status == "reduced" and limit.amount_usd == Decimal("60000") and limit.payment_terms == ["OA"]
    )
    on_notice = selectors.limit_terms_on(limit, notice)
    after = selectors.limit_terms_on(limit, notice + timedelta(days=1))
    assert on_notice.amount_usd == Decimal("100000") and on_notice.payment_terms == ("OA", "DA")
    assert after.amount_usd == Decimal("60000") and after.payment_terms == ("OA",)
    change = limit.changes.get(kind="reduced")
    assert (change.amount_before_usd, change.amount_after_usd, change.notice_date) == (
        Decimal("100000"),
        Decimal("60000"),
        notice,
    )
    # reduced again: same state, still an audit row
    services.limit_reduce(
        limit_id=limit.pk, actor=underwriter, amount_usd=Decimal("50000"), notice_date=notice, reason="再降"
    )
    assert [e.action for e in audit_history(limit)][-2:] == ["credit_limit.reduced", "credit_limit.reduced"]
    assert Notification.objects.filter(user=exporter, kind="limit_reduced").count() == 2


def test_cancellation_ends_cover_after_the_notice_date_only(exporter, underwriter, policy, buyer):
    limit = CreditLimitFactory(policy=policy, buyer=buyer)
    services.limit_cancel(limit_id=limit.pk, actor=underwriter, notice_date=today(), reason="买方破产")
    limit.refresh_from_db()
    assert limit.status == "cancelled" and limit.available_usd == 0
    assert selectors.limit_in_force_for(policy, buyer) is None
    assert selectors.limit_terms_on(limit, today()).amount_usd == Decimal("100000")
    assert not selectors.limit_terms_on(limit, today() + timedelta(days=1)).covers_anything
    with pytest.raises(TransitionNotAllowed):
        services.limit_cancel(limit_id=limit.pk, actor=underwriter, notice_date=today(), reason="again")


def test_exposure_release_frees_what_was_held(policy, buyer):
    """Covering is the declaration engine's (tests/declarations); the limits app only frees exposure."""
    limit = CreditLimitFactory(
        policy=policy, buyer=buyer, amount_usd=Decimal("100000"), exposure_usd=Decimal("100000")
    )
    with transaction.atomic():
        assert services.limit_exposure_release(limit_id=limit.pk, amount_usd=Decimal("25000")) == Decimal(
            "75000"
        )
    # releasing more than the limit holds is drift: refused, never clamped to zero
    with pytest.raises(LedgerDrift), transaction.atomic():
        services.limit_exposure_release(limit_id=limit.pk, amount_usd=Decimal("75000.01"))
    limit.refresh_from_db()
    assert limit.exposure_usd == Decimal("75000")


def test_queue_shows_exposure_of_the_applicant_and_of_the_insurer(
    exporter, exporter2, underwriter, policy, buyer, django_assert_max_num_queries
):
    other_policy = PolicyFactory(organisation=exporter2.organisation)
    CreditLimitFactory(
        policy=policy, buyer=buyer, amount_usd=Decimal("100000"), exposure_usd=Decimal("30000")
    )
    CreditLimitFactory(
        policy=other_policy, buyer=buyer, amount_usd=Decimal("50000"), exposure_usd=Decimal("20000")
    )
    CreditLimitFactory(
        policy=other_policy, amount_usd=Decimal("999"), exposure_usd=Decimal("999")
    )  # another buyer
    app = services.limit_application_submit(
        actor=exporter, request=_request(policy, buyer, amount_requested_usd=Decimal("500000"))
    )
    for _ in range(5):
        CreditLimitApplicationFactory(policy=other_policy)
    with django_assert_max_num_queries(1):
        rows = {a.pk: a for a in selectors.limit_queue(underwriter)}
        row = rows[app.pk]
        assert row.buyer.light == "green" and row.buyer.country.risk_class == 1
    assert (row.own_limits_usd, row.own_exposure_usd) == (Decimal("100000"), Decimal("30000"))
    assert (row.total_limits_usd, row.total_exposure_usd) == (Decimal("150000"), Decimal("50000"))
    assert len(rows) == 6


def test_auto_rule_cannot_allow_red(admin_user, underwriter):
    data = {
        "name": "r",
        "enabled": True,
        "max_amount_usd": Decimal("1000"),
        "max_country_class": 3,
        "allowed_lights": ["green", "red"],
        "allowed_payment_terms": ["OA"],
        "max_credit_period_days": 90,
    }
    with pytest.raises(DomainError) as err:
        services.auto_rule_save(actor=admin_user, data=data)
    assert err.value.code == "rule_allows_red"
    with pytest.raises(NotAllowed):
        services.auto_rule_save(actor=underwriter, data={**data, "allowed_lights": ["green"]})
    rule = services.auto_rule_save(actor=admin_user, data={**data, "allowed_lights": ["green"]})
    services.auto_rule_save(actor=admin_user, data={"max_amount_usd": Decimal("2000")}, rule_id=rule.pk)
    rule.refresh_from_db()
    assert rule.max_amount_usd == Decimal("2000") and len(audit_history(rule)) == 2


def test_idle_limit_gets_one_reminder_then_is_revoked_unless_used(exporter, policy):
    from policies.rules import add_months

    t = today()
    idle = CreditLimitFactory(policy=policy, effective_date=add_months(t, -7))
    used = CreditLimitFactory(policy=policy, effective_date=add_months(t, -7))
    fresh = CreditLimitFactory(policy=policy, effective_date=add_months(t, -5))
    assert services.limits_remind_idle(today=t) >= 2
    services.limits_remind_idle(today=t)
    idle.refresh_from_db()
    assert idle.idle_notice_date == t
    keys = list(Notification.objects.filter(user=exporter, kind="limit_idle").values_list("title", flat=True))
    assert len(keys) == 2  # idle and used, once each
    fresh.refresh_from_db()
    assert fresh.idle_notice_date is None
    # "used" is used after the reminder: it is spared
    CreditLimit.objects.filter(pk=used.pk).update(last_used_at=timezone.now())  # a shipment declared on it
    assert services.limits_revoke_idle(today=t + timedelta(days=29)) == 0
    assert services.limits_revoke_idle(today=t + timedelta(days=30)) == 1
    assert services.limits_revoke_idle(today=t + timedelta(days=31)) == 0
    idle.refresh_from_db()
    used.refresh_from_db()
    assert (idle.status, used.status) == ("revoked", "active")
    change = idle.changes.get(kind=CreditLimitChange.Kind.REVOKED)
    assert change.amount_after_usd == 0 and change.applies_from == t + timedelta(days=31)
    assert [e.to_state for e in audit_history(idle)] == ["revoked"]
    assert Notification.objects.filter(user=exporter, kind="limit_revoked").count() == 1


def test_forfaiting_limits_are_on_the_obligor_bank(bank_officer):
    policy = PolicyFactory(
        organisation=bank_officer.organisation, product="FORFAITING", indemnity_ratio=Decimal("1")
    )
    company = BuyerFactory()
    bank = BuyerFactory(
        kind="bank",
        swift_code="BKCHJPJT",
        registration_number="",
        country=CountryFactory(code="JP", name_zh="日本", name_en="Japan"),
    )
    with pytest.raises(DomainError) as err:
        services.limit_application_submit(actor=bank_officer, request=_request(policy, company))
    assert err.value.code == "forfaiting_needs_bank"
    assert services.limit_application_submit(actor=bank_officer, request=_request(policy, bank)).buyer == bank


def test_a_renewal_carries_the_live_limits_over(exporter, underwriter, policy, buyer):
    from policies import services as policy_services

    live = CreditLimitFactory(
        policy=policy, buyer=buyer, amount_usd=Decimal("120000"), payment_terms=["OA", "DA"]
    )
    ended = CreditLimitFactory(policy=policy, status="cancelled")
    renewal = policy_services.policy_renew(policy_id=policy.pk, actor=underwriter)
    [carried] = CreditLimit.objects.filter(policy=renewal)
    assert (carried.buyer, carried.amount_usd, carried.payment_terms) == (
        buyer,
        Decimal("120000"),
        ["OA", "DA"],
    )
    assert carried.effective_date == renewal.period_start and carried.exposure_usd == 0
    assert selectors.limit_terms_on(carried, renewal.period_start - timedelta(days=1)) is None
    assert selectors.limit_terms_on(carried, renewal.period_start).amount_usd == Decimal("120000")
    live.refresh_from_db()
    assert live.status == "active" and ended.buyer_id not in {carried.buyer_id}
    assert [e.action for e in audit_history(carried)] == ["credit_limit.carried_over"]


def test_every_problem_of_a_request_is_reported_at_once(bank_officer, client_for, api_for):
    """A forfaiting L/C request on a company (not a bank), with no issuing bank and no latest
    shipment date took three submissions to learn its three faults (issue 15 class 5): the service,
    the page and the API now report all three together, each naming its field."""
    policy = PolicyFactory(
        organisation=bank_officer.organisation, product="FORFAITING", indemnity_ratio=Decimal("1")
    )
    company = BuyerFactory()
    with pytest.raises(DomainError) as err:
        services.limit_application_submit(
            actor=bank_officer, request=_request(policy, company, payment_term="LC")
        )
    fields = {e.field: e.code for e in err.value.errors}
    assert fields == {
        "buyer": "forfaiting_needs_bank",
        "issuing_bank": "issuing_bank_required",
        "latest_shipment_date": "latest_shipment_required",
    }
    form = {
        "policy": policy.pk,
        "buyer": company.pk,
        "payment_term": "LC",
        "credit_period_days": 90,
        "amount_requested_usd": "30000",
        "goods_category": "家具",
    }
    page = client_for(bank_officer).post("/limits/applications/new/", form).content.decode()
    for field in fields:
        assert f'data-field-error="{field}"' in page, field
    answer = api_for(bank_officer).post("/api/v1/limits/applications/", form, format="json")
    assert answer.status_code == 400
    assert set(answer.json()["errors"]) == set(fields)
    assert {p["code"] for p in answer.json()["problems"]} == set(fields.values())
    assert not CreditLimitApplication.objects.filter(policy=policy).exists()
