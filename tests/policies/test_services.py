from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction

from limits.models import CreditLimit
from policies import services
from policies.models import Policy, PolicyApplication, PremiumInvoice, Product
from policies.services import PolicyTerms
from policies.workflow import application_workflow
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import DomainError, NotAllowed, TransitionNotAllowed
from sinosure_portal.core.documents import document_latest, pdf_text
from sinosure_portal.notifications.models import Notification, Reminder
from sinosure_portal.workdays.calendar import today
from tests.factories import ExporterFactory
from tests.factories.limits import CreditLimitFactory
from tests.factories.policies import MicroPolicyFactory, PolicyFactory

pytestmark = pytest.mark.django_db

DATA = {
    "company_name": "青岛海辰贸易有限公司",
    "contact_name": "王丽",
    "contact_phone": "0532-88886666",
    "estimated_turnover_usd": Decimal("2000000"),
    "goods_description": "家具",
}


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def _draft(user, product=Product.COMPREHENSIVE, **data):
    return services.policy_application_create(actor=user, product=product, data={**DATA, **data})


def _ready(user, product=Product.COMPREHENSIVE, **data):
    app = _draft(user, product, **data)
    services.policy_application_consent(application_id=app.pk, actor=user, ip="10.1.2.3")
    services.policy_application_sign(
        application_id=app.pk, actor=user, signer_name="王丽", signer_title="外贸经理", ip="10.1.2.3"
    )
    return app


def _terms(**kw):
    start = today()
    base = {
        "period_start": start,
        "period_end": start + timedelta(days=364),
        "indemnity_ratio": Decimal("0.90"),
        "max_liability_usd": Decimal("5000000"),
        "base_rate": Decimal("0.003"),
    }
    return PolicyTerms(**{**base, **kw})


def test_online_application_from_draft_to_queue(exporter, underwriter):
    app = _ready(exporter)
    app.refresh_from_db()
    assert app.number == f"PA{today().year}000001" and app.status == "draft"  # the year's first
    assert (app.consent_ip, app.signed_ip, app.signer_name, app.signer_title) == (
        "10.1.2.3",
        "10.1.2.3",
        "王丽",
        "外贸经理",
    )
    agreement = document_latest(app, services.AGREEMENT_KIND)
    text = pdf_text(agreement.file.read())
    assert "信用保险线上服务协议" in text and "王丽" in text and "外贸经理" in text and "10.1.2.3" in text
    services.policy_application_submit(application_id=app.pk, actor=exporter)
    app.refresh_from_db()
    assert app.status == "submitted" and app.submitted_at
    assert Notification.objects.filter(user=underwriter, kind="policy_application_submitted").exists()
    actions = [e.action for e in audit_history(app)]
    assert (
        "policy_application.data_authorised" in actions and "policy_application.agreement_signed" in actions
    )
    assert "policy_application.submitted" in actions


def test_submit_needs_consent_and_signature(exporter):
    app = _draft(exporter)
    with pytest.raises(DomainError) as err:
        services.policy_application_submit(application_id=app.pk, actor=exporter)
    assert err.value.code == "consent_required"
    services.policy_application_consent(application_id=app.pk, actor=exporter, ip=None)
    with pytest.raises(DomainError) as err:
        services.policy_application_submit(application_id=app.pk, actor=exporter)
    assert err.value.code == "signature_required"
    app.refresh_from_db()
    assert app.status == "draft"


def test_micro_application_needs_one_eligibility_criterion(exporter):
    app = _ready(
        exporter,
        Product.MICRO,
        micro_sme_classification=False,
        last_year_exports_usd=Decimal("5000000"),
        micro_provincial_designation=False,
        micro_association_designation=False,
    )
    with pytest.raises(DomainError) as err:
        services.policy_application_submit(application_id=app.pk, actor=exporter)
    assert err.value.code == "micro_not_eligible"
    services.policy_application_update(
        application_id=app.pk, actor=exporter, data={**DATA, "micro_association_designation": True}
    )
    services.policy_application_submit(application_id=app.pk, actor=exporter)
    app.refresh_from_db()
    assert app.status == "submitted" and app.micro_criteria_met == ["association"]


def test_an_exporter_cannot_apply_for_a_bank_product(exporter, bank_officer):
    with pytest.raises(DomainError) as err:
        _draft(exporter, Product.BANK)
    assert err.value.code == "product_not_for_organisation"
    assert _draft(bank_officer, Product.FORFAITING).organisation == bank_officer.organisation


def test_another_organisation_cannot_act_on_the_application(exporter, exporter2):
    app = _draft(exporter)
    with pytest.raises(NotAllowed):
        services.policy_application_consent(application_id=app.pk, actor=exporter2, ip=None)


def test_underwriter_issues_the_policy_with_rates_and_schedule(exporter, underwriter):
    app = _ready(exporter)
    services.policy_application_submit(application_id=app.pk, actor=exporter)
    policy = services.policy_issue(application_id=app.pk, actor=underwriter, terms=_terms())
    app.refresh_from_db()
    assert app.status == "issued" and policy.application == app
    assert policy.number == f"COM{today().year}000001" and policy.status == "active"
    assert policy.rates.count() == 64
    assert (
        policy.declaration_deadline_days,
        policy.loss_notice_default_days,
        policy.loss_notice_other_business_days,
    ) == (15, 30, 10)
    assert (policy.claim_deadline_months, policy.idle_limit_months, policy.renewal_reminder_days) == (
        4,
        6,
        30,
    )
    assert policy.financing_ratio == Decimal("0.90")
    assert not policy.invoices.exists()  # comprehensive: premium per declaration
    doc = document_latest(policy, services.SCHEDULE_KIND)
    text = pdf_text(doc.file.read())
    assert "保险单明细表" in text and policy.number in text and "综合保险" in text and "费率表" in text
    assert doc.verify()
    moves = [(e.from_state, e.to_state) for e in audit_history(app) if e.to_state]
    assert ("submitted", "under_review") in moves and ("under_review", "issued") in moves
    issued = Notification.objects.get(user=exporter, kind="policy_issued")
    # the product is kept as its code and named in the reader's language
    assert issued.params["product"] == policy.product == "COMPREHENSIVE"
    assert issued.text(language="zh-hans").startswith("综合保险，") or issued.text(
        language="zh-hans"
    ).startswith("综合保险")
    assert issued.text(language="en").startswith("Comprehensive insurance, ")


def test_indemnity_ratio_above_the_product_maximum_is_refused(exporter, underwriter, bank_officer):
    app = _ready(exporter)
    services.policy_application_submit(application_id=app.pk, actor=exporter)
    with pytest.raises(DomainError) as err:
        services.policy_issue(
            application_id=app.pk, actor=underwriter, terms=_terms(indemnity_ratio=Decimal("0.95"))
        )
    assert err.value.code == "indemnity_ratio_too_high" and err.value.field == "indemnity_ratio"
    app.refresh_from_db()
    assert app.status == "submitted"  # nothing half-applied
    assert not Policy.objects.exists()
    forfaiting = _ready(bank_officer, Product.FORFAITING)
    services.policy_application_submit(application_id=forfaiting.pk, actor=bank_officer)
    policy = services.policy_issue(
        application_id=forfaiting.pk, actor=underwriter, terms=_terms(indemnity_ratio=Decimal("1"))
    )
    assert policy.indemnity_ratio == Decimal("1") and policy.organisation == bank_officer.organisation


def test_micro_policy_bills_the_year_once_split_with_the_platform(exporter, underwriter):
    app = _ready(exporter, Product.MICRO, premium_payer="platform", platform_name="青岛市小微企业统保平台")
    services.policy_application_submit(application_id=app.pk, actor=exporter)
    with pytest.raises(DomainError) as err:
        services.policy_issue(
            application_id=app.pk,
            actor=underwriter,
            terms=_terms(base_rate=None, premium_flat_rate=Decimal("0.0025")),
        )
    assert err.value.code == "per_buyer_cap_required"
    policy = services.policy_issue(
        application_id=app.pk,
        actor=underwriter,
        terms=_terms(
            base_rate=None,
            premium_flat_rate=Decimal("0.0025"),
            max_liability_usd=Decimal("500000"),
            per_buyer_cap_usd=Decimal("100000"),
            premium_payer="platform",
            platform_name="青岛市小微企业统保平台",
            platform_share=Decimal("0.6"),
        ),
    )
    assert policy.annual_premium_usd == Decimal("5000.00")  # 2,000,000 x 0.25%
    assert policy.max_credit_period_days == 360  # micro: within one year (seed)
    invoices = {i.payer: i.amount_usd for i in policy.invoices.all()}
    assert invoices == {"insured": Decimal("2000.00"), "platform": Decimal("3000.00")}
    text = pdf_text(document_latest(policy, services.SCHEDULE_KIND).file.read())
    assert "统保平台" in text and "小微企业信保易" in text
    # each share's bill is addressed to whoever pays it: the platform's share to the platform
    from policies.documents import premium_invoice_render

    insured_name = exporter.organisation.name_zh
    for invoice in policy.invoices.all():
        bill = pdf_text(premium_invoice_render(invoice).file.read())
        payer_line = next(line for line in bill.splitlines() if line.startswith("付款人"))
        expected = "青岛市小微企业统保平台" if invoice.payer == "platform" else insured_name
        assert expected in payer_line, (invoice.payer, payer_line)
        assert f"{invoice.amount_usd:,.2f}" in bill and policy.number in bill


def test_transitions_outside_the_table_are_refused(exporter, underwriter):
    app = _draft(exporter)
    with pytest.raises(TransitionNotAllowed):
        services.policy_application_start_review(application_id=app.pk, actor=underwriter)
    services.policy_application_withdraw(application_id=app.pk, actor=exporter)
    with pytest.raises(TransitionNotAllowed):
        services.policy_application_submit(application_id=app.pk, actor=exporter)


def test_reject_needs_a_reason_and_tells_the_applicant(exporter, underwriter):
    app = _ready(exporter)
    services.policy_application_submit(application_id=app.pk, actor=exporter)
    with pytest.raises(DomainError):
        services.policy_application_reject(application_id=app.pk, actor=underwriter, reason=" ")
    services.policy_application_reject(application_id=app.pk, actor=underwriter, reason="资料不全")
    app.refresh_from_db()
    assert app.status == "rejected" and app.decision_reason == "资料不全"
    assert Notification.objects.get(user=exporter, kind="policy_application_rejected").text() == "资料不全"


def test_only_underwriters_issue(exporter):
    app = _ready(exporter)
    services.policy_application_submit(application_id=app.pk, actor=exporter)
    with pytest.raises(NotAllowed):
        services.policy_issue(application_id=app.pk, actor=exporter, terms=_terms())


def test_renewal_links_the_new_policy_and_the_sweep_moves_the_old_one(exporter, underwriter):
    old = PolicyFactory(
        organisation=exporter.organisation,
        period_start=today() - timedelta(days=365),
        period_end=today() - timedelta(days=1),
    )
    other = PolicyFactory(period_start=today() - timedelta(days=400), period_end=today() - timedelta(days=2))
    new = services.policy_renew(policy_id=old.pk, actor=underwriter)
    assert new.renewed_from == old and new.period_start == old.period_end + timedelta(days=1)
    assert new.rates.count() == old.rates.count() == 64
    with pytest.raises(DomainError):
        services.policy_renew(policy_id=old.pk, actor=underwriter)
    assert services.policies_expire(today=today()) == 2
    old.refresh_from_db()
    other.refresh_from_db()
    assert (old.status, other.status, Policy.objects.get(pk=new.pk).status) == (
        "renewed",
        "expired",
        "active",
    )
    assert AuditEvent.objects.filter(object_id=str(old.pk), action="policy.renewed").count() == 1
    assert services.policies_expire(today=today()) == 0  # idempotent
    # a late renewal of an expired policy turns it into renewed
    late = services.policy_renew(policy_id=other.pk, actor=underwriter)
    other.refresh_from_db()
    assert other.status == "renewed" and late.renewed_from == other


def test_exporter_renewal_application_is_prefilled_and_issues_a_linked_policy(exporter, underwriter):
    app = _ready(exporter)
    services.policy_application_submit(application_id=app.pk, actor=exporter)
    old = services.policy_issue(application_id=app.pk, actor=underwriter, terms=_terms())
    renewal = services.policy_renewal_apply(policy_id=old.pk, actor=exporter)
    assert renewal.renewal_of == old and renewal.goods_description == "家具"
    with pytest.raises(DomainError):
        services.policy_renewal_apply(policy_id=old.pk, actor=exporter)
    services.policy_application_consent(application_id=renewal.pk, actor=exporter, ip=None)
    services.policy_application_sign(
        application_id=renewal.pk, actor=exporter, signer_name="王丽", signer_title="经理", ip=None
    )
    services.policy_application_submit(application_id=renewal.pk, actor=exporter)
    start = old.period_end + timedelta(days=1)
    new = services.policy_issue(
        application_id=renewal.pk,
        actor=underwriter,
        terms=_terms(period_start=start, period_end=start + timedelta(days=364)),
    )
    assert new.renewed_from == old


def test_renewal_reminder_goes_out_once(exporter, underwriter):
    colleague = ExporterFactory(organisation=exporter.organisation)
    due = PolicyFactory(organisation=exporter.organisation, period_end=today() + timedelta(days=20))
    PolicyFactory(organisation=exporter.organisation, period_end=today() + timedelta(days=40))  # not yet
    custom = PolicyFactory(
        organisation=exporter.organisation, period_end=today() + timedelta(days=40), renewal_reminder_days=45
    )
    renewed = PolicyFactory(organisation=exporter.organisation, period_end=today() + timedelta(days=10))
    services.policy_renew(policy_id=renewed.pk, actor=underwriter)
    services.policies_remind_renewal(today=today())
    services.policies_remind_renewal(today=today())
    keys = set(Reminder.objects.filter(kind="policy_renewal").values_list("key", flat=True))
    assert keys == {
        f"policy-renewal:{p.pk}:{p.period_end.isoformat()}:{u.pk}"
        for p in (due, custom)
        for u in (exporter, colleague)
    }
    assert Notification.objects.filter(user=exporter, kind="policy_renewal").count() == 2
    assert not Notification.objects.filter(user=underwriter, kind="policy_renewal").exists()


def test_rate_table_replace_refuses_overlaps_and_keeps_the_old_table(exporter, underwriter):
    from policies.rules import RateRow

    policy = PolicyFactory(organisation=exporter.organisation)
    rows = [RateRow(1, 9, "", 0, 720, Decimal("0.01")), RateRow(1, 5, "", 0, 100, Decimal("0.02"))]
    with pytest.raises(DomainError) as err:
        services.policy_rates_replace(policy_id=policy.pk, actor=underwriter, rows=rows)
    assert err.value.code == "rate_overlap" and err.value.row == 1
    assert policy.rates.count() == 64
    services.policy_rates_replace(policy_id=policy.pk, actor=underwriter, rows=rows[:1])
    assert list(policy.rates.values_list("rate", flat=True)) == [Decimal("0.010000")]


def test_a_shipment_takes_its_tables_rate_and_a_missing_row_is_refused(exporter):
    from policies.selectors import premium_rate_for

    policy = PolicyFactory(organisation=exporter.organisation)
    assert premium_rate_for(policy, country_class=1, payment_term="OA", credit_days=60) == Decimal("0.003")
    services_row = policy.rates.get(country_class_from=1, payment_term="OA", credit_days_from=0)
    services_row.delete()
    with pytest.raises(DomainError) as err:
        premium_rate_for(policy, country_class=1, payment_term="OA", credit_days=60)
    assert err.value.code == "premium_rate_missing"


def test_cancelling_a_policy_cancels_its_invoices_and_live_limits(exporter, underwriter):
    policy = MicroPolicyFactory(organisation=exporter.organisation)
    invoice = PremiumInvoice.objects.create(
        policy=policy,
        period_start=policy.period_start,
        period_end=policy.period_end,
        payer="insured",
        amount_usd=Decimal("3000"),
        due_date=today(),
    )
    limit = CreditLimitFactory(policy=policy)
    services.policy_cancel(policy_id=policy.pk, actor=underwriter, reason="欺诈")
    invoice.refresh_from_db()
    limit.refresh_from_db()
    assert (invoice.status, limit.status) == ("cancelled", "cancelled")
    assert limit.changes.filter(kind="cancelled", notice_date=today()).exists()
    assert not CreditLimit.objects.filter(status__in=CreditLimit.LIVE).exists()


def test_invoice_paid_once(exporter, underwriter):
    policy = MicroPolicyFactory(organisation=exporter.organisation)
    invoice = PremiumInvoice.objects.create(
        policy=policy,
        period_start=policy.period_start,
        period_end=policy.period_end,
        payer="insured",
        amount_usd=Decimal("3000"),
        due_date=today(),
    )
    services.premium_invoice_mark_paid(invoice_id=invoice.pk, actor=underwriter)
    invoice.refresh_from_db()
    assert invoice.status == "paid" and invoice.paid_at
    with pytest.raises(TransitionNotAllowed), transaction.atomic():
        from policies.workflow import invoice_workflow

        invoice_workflow.transition(invoice, to="cancelled")


def test_database_refuses_a_ratio_above_ninety_percent_outside_forfaiting(exporter):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyFactory(organisation=exporter.organisation, indemnity_ratio=Decimal("0.95"), rates=False)
    assert PolicyFactory(
        organisation=exporter.organisation, product="FORFAITING", indemnity_ratio=Decimal("1"), rates=False
    )


def test_application_statuses_in_the_table_have_labels():
    assert set(PolicyApplication.Status.values) == set(application_workflow.transitions)


def test_business_numbers_come_from_the_gapless_sequence_not_the_row_id(exporter, underwriter):
    """PA, COM and PI numbers count per prefix and year from 1 without gaps, whatever the row ids."""
    year = today().year
    first, second = _ready(exporter), _ready(exporter)
    assert (first.number, second.number) == (f"PA{year}000001", f"PA{year}000002")
    services.policy_application_withdraw(application_id=first.pk, actor=exporter)
    services.policy_application_submit(application_id=second.pk, actor=exporter)
    policy = services.policy_issue(application_id=second.pk, actor=underwriter, terms=_terms())
    assert policy.number == f"COM{year}000001"
    micro = _ready(exporter, Product.MICRO, micro_sme_classification=True)
    services.policy_application_submit(application_id=micro.pk, actor=exporter)
    micro_policy = services.policy_issue(
        application_id=micro.pk,
        actor=underwriter,
        terms=_terms(
            base_rate=None,
            per_buyer_cap_usd=Decimal("100000"),
            annual_premium_usd=Decimal("3000"),
            premium_payer="platform",
            platform_name="青岛统保平台",
            platform_share=Decimal("0.5"),
        ),
    )
    assert micro.number == f"PA{year}000003" and micro_policy.number == f"MIC{year}000001"
    assert sorted(micro_policy.invoices.values_list("number", flat=True)) == [
        f"PI{year}000001",
        f"PI{year}000002",
    ]


def test_the_underwriter_learns_every_fault_of_the_terms_at_once(exporter, underwriter):
    """Three faults in the issue form are three errors of one answer, each naming its field
    (issue 15 class 5), and nothing is issued."""
    app = _ready(exporter)
    services.policy_application_submit(application_id=app.pk, actor=exporter)
    start = today()
    with pytest.raises(DomainError) as err:
        services.policy_issue(
            application_id=app.pk,
            actor=underwriter,
            terms=_terms(
                period_end=start - timedelta(days=1),
                indemnity_ratio=Decimal("0.95"),
                max_liability_usd=None,
                premium_payer="platform",
            ),
        )
    assert {(e.field, e.code) for e in err.value.errors} == {
        ("period_end", "period_invalid"),
        ("indemnity_ratio", "indemnity_ratio_too_high"),
        ("max_liability_usd", "max_liability_required"),
        ("platform_name", "platform_required"),
    }
    assert not Policy.objects.filter(application=app).exists()


def test_an_application_missing_three_answers_names_all_three(exporter):
    with pytest.raises(DomainError) as err:
        services.policy_application_create(
            actor=exporter,
            product=Product.COMPREHENSIVE,
            data={"company_name": " ", "contact_name": "", "contact_phone": "", "estimated_turnover_usd": -1},
        )
    assert {e.field for e in err.value.errors} == {
        "company_name",
        "contact_name",
        "contact_phone",
        "estimated_turnover_usd",
    }
