"""Every write on policies: the online application, its review, issuing and renewing policies,
their rate tables and premium invoices, and the daily sweeps (renewal reminders, expiry)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policies import hooks, rules
from policies.documents import AGREEMENT_KIND, SCHEDULE_KIND, agreement_render, schedule_render  # noqa: F401 - the kinds are re-exported
from policies.models import (
    PaymentTerm,
    Policy,
    PolicyApplication,
    PremiumInvoice,
    PremiumPayer,
    PremiumRate,
    Product,
)
from policies.workflow import application_workflow, invoice_workflow, policy_workflow
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Organisation, Role, User
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError, NotAllowed
from sinosure_portal.base.hooks import hook_call
from sinosure_portal.core.numbering import assign_number
from sinosure_portal.notifications.services import ReminderSpec, notify, reminders_create, sweep
from sinosure_portal.workdays.calendar import today as shanghai_today

APPLICANT_ROLES = [Role.EXPORTER, Role.BANK]
UNDERWRITING_ROLES = [Role.UNDERWRITER]
PREMIUM_DUE_DAYS = 15  # an annual premium invoice falls due this many calendar days after issue
NUMBER_PREFIX = {
    Product.COMPREHENSIVE: "COM",
    Product.SME: "SME",
    Product.MICRO: "MIC",
    Product.BANK: "BNK",
    Product.FORFAITING: "FFT",
}
APPLICATION_FIELDS = (
    "company_name",
    "company_name_en",
    "address",
    "contact_name",
    "contact_phone",
    "contact_email",
    "goods_description",
    "main_markets",
    "estimated_turnover_usd",
    "requested_max_liability_usd",
    "pre_shipment_cover",
    "micro_sme_classification",
    "last_year_exports_usd",
    "micro_provincial_designation",
    "micro_association_designation",
    "premium_payer",
    "platform_name",
    "notes",
)


def org_users(organisation_id: int):
    return User.objects.filter(organisation_id=organisation_id, is_active=True)


def underwriters():
    return User.objects.filter(role=Role.UNDERWRITER, is_active=True)


def _ensure_applicant(actor, application: PolicyApplication) -> None:
    ensure_role(actor, APPLICANT_ROLES, action=_("act on a policy application"))
    if actor.organisation_id != application.organisation_id:
        raise NotAllowed("not_your_application", _("This application belongs to another organisation."))


def _lock_application(application_id: int) -> PolicyApplication:
    try:
        return PolicyApplication.objects.select_for_update().get(pk=application_id)
    except PolicyApplication.DoesNotExist as exc:
        raise DomainError("application_not_found", _("No such policy application.")) from exc


# --- the online application ----------------------------------------------------------------------


def _validate_application_data(product: str, organisation: Organisation, data: dict) -> dict:
    if product not in Product.values:
        raise DomainError("product_unknown", _("Unknown product."), field="product")
    if product not in rules.products_for(organisation.kind):
        raise DomainError(
            "product_not_for_organisation",
            _("%(product)s is not offered to an organisation of this kind."),
            field="product",
            product=Product(product).label,
        )
    clean = {k: data[k] for k in APPLICATION_FIELDS if k in data}
    for required in ("company_name", "contact_name", "contact_phone"):
        if required in clean and not str(clean[required] or "").strip():
            raise DomainError("field_required", _("This field is required."), field=required)
    turnover = clean.get("estimated_turnover_usd")
    if turnover is not None and turnover < 0:
        raise DomainError(
            "turnover_negative", _("The turnover cannot be negative."), field="estimated_turnover_usd"
        )
    if clean.get("premium_payer", PremiumPayer.INSURED) not in PremiumPayer.values:
        raise DomainError("premium_payer_unknown", _("Unknown premium payer."), field="premium_payer")
    if product != Product.COMPREHENSIVE:
        clean["pre_shipment_cover"] = False
    return clean


def _micro_criteria(application: PolicyApplication) -> list[str]:
    return list(
        rules.micro_eligibility(
            sme_classification=application.micro_sme_classification,
            last_year_exports_usd=application.last_year_exports_usd,
            provincial_designation=application.micro_provincial_designation,
            association_designation=application.micro_association_designation,
        ).criteria
    )


@transaction.atomic
def policy_application_create(
    *, actor, product: str, data: dict, renewal_of: Policy | None = None
) -> PolicyApplication:
    """A draft application of the actor's organisation, pre-filled from the organisation's record."""
    ensure_role(actor, APPLICANT_ROLES, action=_("apply for a policy"))
    org = actor.organisation
    if org is None:
        raise DomainError("no_organisation", _("Your user belongs to no organisation."))
    clean = _validate_application_data(product, org, data)
    application = PolicyApplication(
        organisation=org,
        product=product,
        renewal_of=renewal_of,
        company_name=org.name_zh,
        company_name_en=org.name_en,
        uscc=org.uscc,
        contact_name=actor.name,
        contact_phone="",
        contact_email=actor.email,
        estimated_turnover_usd=Decimal("0"),
        micro_sme_classification=org.size_class
        in {Organisation.SizeClass.MICRO, Organisation.SizeClass.SMALL},
        last_year_exports_usd=org.last_year_exports_usd,
        created_by=actor,
    )
    for key, value in clean.items():
        setattr(application, key, value)
    application.micro_criteria_met = _micro_criteria(application)
    application.save()
    assign_number(application, "PA")
    audit_record(application, action="policy_application.created", actor=actor, to_state=application.status)
    return application


@transaction.atomic
def policy_application_update(*, application_id: int, actor, data: dict) -> PolicyApplication:
    application = _lock_application(application_id)
    _ensure_applicant(actor, application)
    if application.status != PolicyApplication.Status.DRAFT:
        raise DomainError("application_not_draft", _("Only a draft application can be changed."))
    product = data.get("product", application.product)
    clean = _validate_application_data(product, application.organisation, data)
    fields = ["product", *clean, "micro_criteria_met"]
    before = {k: getattr(application, k) for k in fields}
    application.product = product
    for key, value in clean.items():
        setattr(application, key, value)
    application.micro_criteria_met = _micro_criteria(application)
    application.save()
    changes = {
        k: (before[k], getattr(application, k)) for k in fields if before[k] != getattr(application, k)
    }
    audit_record(application, action="policy_application.updated", actor=actor, changes=changes)
    return application


@transaction.atomic
def policy_application_consent(*, application_id: int, actor, ip: str | None) -> PolicyApplication:
    """The data authorisation (数据授权): the applicant agrees that the insurer may obtain the listed
    data (customs exports, registration, credit records) for underwriting."""
    application = _lock_application(application_id)
    _ensure_applicant(actor, application)
    if application.status != PolicyApplication.Status.DRAFT:
        raise DomainError("application_not_draft", _("Only a draft application can be changed."))
    application.consent_at, application.consent_ip, application.consent_by = timezone.now(), ip, actor
    application.save(update_fields=["consent_at", "consent_ip", "consent_by", "updated_at"])
    audit_record(application, action="policy_application.data_authorised", actor=actor, data={"ip": ip})
    return application


@transaction.atomic
def policy_application_sign(
    *, application_id: int, actor, signer_name: str, signer_title: str, ip: str | None
):
    """Sign the service agreement (服务协议): name, title, time and address are recorded and the
    signed agreement is rendered to a PDF kept with its hash."""

    application = _lock_application(application_id)
    _ensure_applicant(actor, application)
    if application.status != PolicyApplication.Status.DRAFT:
        raise DomainError("application_not_draft", _("Only a draft application can be changed."))
    signer_name, signer_title = (signer_name or "").strip(), (signer_title or "").strip()
    if not signer_name:
        raise DomainError("signer_name_required", _("Type the signer's full name."), field="signer_name")
    if not signer_title:
        raise DomainError("signer_title_required", _("Give the signer's title."), field="signer_title")
    application.signer_name, application.signer_title = signer_name[:100], signer_title[:100]
    application.signed_at, application.signed_ip, application.signed_by = timezone.now(), ip, actor
    application.save(
        update_fields=["signer_name", "signer_title", "signed_at", "signed_ip", "signed_by", "updated_at"]
    )
    document = agreement_render(application, actor=actor)
    audit_record(
        application,
        action="policy_application.agreement_signed",
        actor=actor,
        data={"signer": signer_name, "title": signer_title, "ip": ip, "sha256": document.sha256},
    )
    return document


@transaction.atomic
def policy_application_submit(*, application_id: int, actor) -> PolicyApplication:
    """Confirm the application (确认投保): it goes to the underwriters' queue."""
    application = _lock_application(application_id)
    _ensure_applicant(actor, application)
    if application.status == PolicyApplication.Status.DRAFT:
        if not application.company_name or not application.contact_name or not application.contact_phone:
            raise DomainError(
                "application_incomplete",
                _("Fill in the company's data and a contact first."),
                field="contact_phone",
            )
        if application.estimated_turnover_usd is None or application.estimated_turnover_usd <= 0:
            raise DomainError(
                "turnover_required",
                _("Give the estimated insured turnover for the year."),
                field="estimated_turnover_usd",
            )
        if application.product == Product.MICRO:
            application.micro_criteria_met = _micro_criteria(application)
            if not application.micro_criteria_met:
                raise DomainError(
                    "micro_not_eligible",
                    _(
                        "The micro-enterprise policy needs one of the four criteria: small or micro under the 2011 "
                        "classification rules, last year's customs exports at most USD 3,000,000, or a provincial "
                        "or national industry association designation."
                    ),
                    field="micro_sme_classification",
                )
        if application.premium_payer == PremiumPayer.PLATFORM and not application.platform_name.strip():
            raise DomainError(
                "platform_required",
                _("Name the unified platform that pays the premium."),
                field="platform_name",
            )
        if not application.consent_at:
            raise DomainError(
                "consent_required",
                _("Authorise the data use before you confirm the application."),
                field="consent",
            )
        if not application.signed_at:
            raise DomainError(
                "signature_required",
                _("Sign the service agreement before you confirm the application."),
                field="signer_name",
            )
    application.submitted_at = timezone.now()
    application_workflow.transition(
        application,
        to=PolicyApplication.Status.SUBMITTED,
        actor=actor,
        update_fields=["submitted_at", "micro_criteria_met"],
    )
    url = reverse("policies:application-detail", args=[application.pk])
    notify(
        underwriters(),
        kind="policy_application_submitted",
        title=_("New policy application %(number)s") % {"number": application.number},
        body=f"{application.company_name} · {application.get_product_display()}",
        url=url,
        email=False,
    )
    return application


@transaction.atomic
def policy_application_start_review(*, application_id: int, actor) -> PolicyApplication:
    ensure_role(actor, UNDERWRITING_ROLES, action=_("review policy applications"))
    application = _lock_application(application_id)
    application_workflow.transition(application, to=PolicyApplication.Status.UNDER_REVIEW, actor=actor)
    return application


@transaction.atomic
def policy_application_reject(*, application_id: int, actor, reason: str) -> PolicyApplication:
    ensure_role(actor, UNDERWRITING_ROLES, action=_("decide policy applications"))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", _("Give the reason for the decision."), field="reason")
    application = _lock_application(application_id)
    application.decided_at, application.decided_by, application.decision_reason = (
        timezone.now(),
        actor,
        reason,
    )
    application_workflow.transition(
        application,
        to=PolicyApplication.Status.REJECTED,
        actor=actor,
        reason=reason,
        update_fields=["decided_at", "decided_by", "decision_reason"],
    )
    notify(
        org_users(application.organisation_id),
        kind="policy_application_rejected",
        title=_("Policy application %(number)s was not accepted") % {"number": application.number},
        body=reason,
        url=reverse("policies:application-detail", args=[application.pk]),
        level="warning",
    )
    return application


@transaction.atomic
def policy_application_withdraw(*, application_id: int, actor, reason: str = "") -> PolicyApplication:
    application = _lock_application(application_id)
    _ensure_applicant(actor, application)
    application_workflow.transition(
        application, to=PolicyApplication.Status.WITHDRAWN, actor=actor, reason=reason
    )
    return application


@transaction.atomic
def policy_renewal_apply(*, policy_id: int, actor) -> PolicyApplication:
    """A draft renewal application, pre-filled from the policy's own application."""
    policy = Policy.objects.select_for_update().get(pk=policy_id)
    ensure_role(actor, APPLICANT_ROLES, action=_("apply for a policy"))
    if actor.organisation_id != policy.organisation_id:
        raise NotAllowed("not_your_policy", _("This policy belongs to another organisation."))
    if (
        policy.status in (Policy.Status.CANCELLED, Policy.Status.RENEWED)
        or policy.renewals.exclude(status=Policy.Status.CANCELLED).exists()
    ):
        raise DomainError("policy_not_renewable", _("This policy is cancelled or already renewed."))
    if policy.renewal_applications.filter(
        status__in=[
            PolicyApplication.Status.DRAFT,
            PolicyApplication.Status.SUBMITTED,
            PolicyApplication.Status.UNDER_REVIEW,
        ]
    ).exists():
        raise DomainError("renewal_pending", _("A renewal application for this policy is already open."))
    base = policy.application
    data = {k: getattr(base, k) for k in APPLICATION_FIELDS} if base else {}
    data.setdefault("estimated_turnover_usd", policy.estimated_turnover_usd or Decimal("0"))
    return policy_application_create(actor=actor, product=policy.product, data=data, renewal_of=policy)


# --- issuing a policy --------------------------------------------------------------------------------


@dataclass
class PolicyTerms:
    period_start: date
    period_end: date
    indemnity_ratio: Decimal
    max_liability_usd: Decimal
    per_buyer_cap_usd: Decimal | None = None
    premium_payer: str = PremiumPayer.INSURED
    platform_name: str = ""
    platform_share: Decimal = Decimal("0")
    premium_flat_rate: Decimal | None = None
    annual_premium_usd: Decimal | None = None
    base_rate: Decimal | None = None  # builds the default rate table when ``rates`` is empty
    rates: list[rules.RateRow] = field(default_factory=list)
    settings: dict = field(default_factory=dict)  # deadline settings other than the defaults
    pre_shipment_cover: bool = False


SETTING_FIELDS = (
    "declaration_deadline_days",
    "loss_notice_default_days",
    "loss_notice_other_business_days",
    "claim_deadline_months",
    "idle_limit_months",
    "idle_limit_revoke_after_days",
    "renewal_reminder_days",
    "receivable_due_reminder_days",
    "financing_ratio",
    "max_credit_period_days",
)


def _check_setting(key: str, value) -> None:
    if value is None or value < 0:
        raise DomainError("setting_invalid", _("A deadline setting cannot be negative."), field=key)
    most = rules.SETTING_MAX.get(key)
    if most is not None and value > most:
        raise DomainError(
            "setting_too_large", _("%(name)s is at most %(max)s."), field=key, name=key, max=most
        )


def _validate_terms(product: str, terms: PolicyTerms) -> None:
    if terms.period_end <= terms.period_start:
        raise DomainError("period_invalid", _("The period must end after it starts."), field="period_end")
    if terms.period_end > rules.add_months(terms.period_start, 36):
        raise DomainError(
            "period_too_long", _("A short-term policy runs at most three years."), field="period_end"
        )
    if not rules.indemnity_ratio_ok(product, terms.indemnity_ratio):
        raise DomainError(
            "indemnity_ratio_too_high",
            _("The indemnity ratio must be above 0 and at most %(max)s for this product."),
            field="indemnity_ratio",
            max=f"{rules.max_indemnity_ratio(product) * 100:.0f}%",
        )
    if terms.max_liability_usd is None or terms.max_liability_usd <= 0:
        raise DomainError(
            "max_liability_required",
            _("The maximum liability must be above zero."),
            field="max_liability_usd",
        )
    if product == Product.MICRO and not terms.per_buyer_cap_usd:
        raise DomainError(
            "per_buyer_cap_required",
            _("A micro policy sets a cap per buyer or issuing bank."),
            field="per_buyer_cap_usd",
        )
    if terms.per_buyer_cap_usd is not None and not (0 < terms.per_buyer_cap_usd <= terms.max_liability_usd):
        raise DomainError(
            "per_buyer_cap_invalid",
            _("The cap per buyer must be above zero and at most the maximum liability."),
            field="per_buyer_cap_usd",
        )
    if terms.premium_payer not in PremiumPayer.values:
        raise DomainError("premium_payer_unknown", _("Unknown premium payer."), field="premium_payer")
    if terms.premium_payer == PremiumPayer.PLATFORM:
        if not terms.platform_name.strip():
            raise DomainError(
                "platform_required",
                _("Name the unified platform that pays the premium."),
                field="platform_name",
            )
        if not (Decimal("0") < terms.platform_share <= Decimal("1")):
            raise DomainError(
                "platform_share_invalid",
                _("The platform's share must be above 0% and at most 100%."),
                field="platform_share",
            )
    elif terms.platform_share:
        raise DomainError(
            "platform_share_without_platform",
            _("Only a unified platform can pay a share of the premium."),
            field="platform_share",
        )
    product_rules = rules.PRODUCTS[product]
    if product_rules.annual_premium:
        if terms.annual_premium_usd is None and terms.premium_flat_rate is None:
            raise DomainError(
                "annual_premium_required",
                _("Give the annual premium or the flat rate on turnover."),
                field="premium_flat_rate",
            )
    elif not terms.rates and terms.base_rate is None:
        raise DomainError(
            "rates_required", _("Give the base rate of the premium rate table."), field="base_rate"
        )
    if terms.base_rate is not None and not (Decimal("0") < terms.base_rate < Decimal("1")):
        raise DomainError(
            "base_rate_invalid", _("The base rate must be between 0 and 100%."), field="base_rate"
        )
    for key, value in terms.settings.items():
        if key not in SETTING_FIELDS:
            raise DomainError("setting_unknown", _("Unknown policy setting %(name)s."), field=key, name=key)
        _check_setting(key, value)
    if terms.settings.get("max_credit_period_days", 0) > product_rules.max_credit_period_days:
        raise DomainError(
            "credit_period_above_product",
            _("This product covers credit periods of at most %(days)s days."),
            field="max_credit_period_days",
            days=product_rules.max_credit_period_days,
        )
    if terms.settings.get("financing_ratio", Decimal("0")) > 1:
        raise DomainError(
            "financing_ratio_invalid", _("The financing ratio is at most 100%."), field="financing_ratio"
        )


def _validate_rates(rows: list[rules.RateRow]) -> None:
    for index, row in enumerate(rows):
        if not (1 <= row.country_class_from <= row.country_class_to <= 9):
            raise DomainError(
                "rate_class_range",
                _("Country classes run from 1 to 9, from <= to."),
                row=index,
                field="country_class_from",
            )
        if not (0 <= row.credit_days_from <= row.credit_days_to <= 720):
            raise DomainError(
                "rate_band_range",
                _("Credit-period bands run from 0 to 720 days, from <= to."),
                row=index,
                field="credit_days_from",
            )
        if row.payment_term not in ("", *PaymentTerm.values):
            raise DomainError(
                "rate_payment_term", _("Unknown payment term."), row=index, field="payment_term"
            )
        if not (Decimal("0") <= row.rate <= Decimal("1")):
            raise DomainError("rate_value", _("A rate is between 0 and 100%."), row=index, field="rate")
    clashes = rules.rate_table_overlaps(rows)
    if clashes:
        a, b = clashes[0]
        raise DomainError(
            "rate_overlap",
            _("Rows %(a)s and %(b)s of the rate table overlap."),
            row=b,
            field="rates",
            a=a + 1,
            b=b + 1,
        )


def _policy_create(
    *, organisation_id: int, product: str, terms: PolicyTerms, actor, application=None, renewed_from=None
) -> Policy:
    _validate_terms(product, terms)
    rates = terms.rates or (rules.default_rate_table(terms.base_rate) if terms.base_rate is not None else [])
    _validate_rates(rates)
    product_rules = rules.PRODUCTS[product]
    settings = {"max_credit_period_days": product_rules.max_credit_period_days, **terms.settings}
    turnover = (
        application.estimated_turnover_usd
        if application
        else (renewed_from.estimated_turnover_usd if renewed_from else None)
    )
    annual = terms.annual_premium_usd
    if product_rules.annual_premium and annual is None:
        annual = rules.annual_premium(turnover or Decimal("0"), terms.premium_flat_rate)
    policy = Policy.objects.create(
        application=application,
        organisation_id=organisation_id,
        product=product,
        period_start=terms.period_start,
        period_end=terms.period_end,
        indemnity_ratio=terms.indemnity_ratio,
        max_liability_usd=terms.max_liability_usd,
        per_buyer_cap_usd=terms.per_buyer_cap_usd,
        pre_shipment_cover=terms.pre_shipment_cover and product == Product.COMPREHENSIVE,
        premium_flat_rate=terms.premium_flat_rate,
        estimated_turnover_usd=turnover,
        annual_premium_usd=annual if product_rules.annual_premium else None,
        premium_payer=terms.premium_payer,
        platform_name=terms.platform_name.strip() if terms.premium_payer == PremiumPayer.PLATFORM else "",
        platform_share=terms.platform_share if terms.premium_payer == PremiumPayer.PLATFORM else Decimal("0"),
        renewed_from=renewed_from,
        issued_by=actor,
        **settings,
    )
    assign_number(policy, NUMBER_PREFIX[product])
    PremiumRate.objects.bulk_create(
        [
            PremiumRate(
                policy=policy,
                country_class_from=r.country_class_from,
                country_class_to=r.country_class_to,
                payment_term=r.payment_term,
                credit_days_from=r.credit_days_from,
                credit_days_to=r.credit_days_to,
                rate=r.rate,
            )
            for r in rates
        ]
    )
    if product_rules.annual_premium:
        _annual_invoices_create(policy)
    audit_record(
        policy, action="policy.issued", actor=actor, to_state=policy.status, data={"number": policy.number}
    )
    if renewed_from is not None:
        # e.g. the buyers' limits continue under the renewal (from its first day) without a new application
        hook_call(hooks.POLICY_RENEWED, old_policy=renewed_from, new_policy=policy, actor=actor)
    if renewed_from is not None and renewed_from.status == Policy.Status.EXPIRED:
        policy_workflow.transition(
            renewed_from,
            to=Policy.Status.RENEWED,
            actor=actor,
            reason=str(_("Renewed by %(number)s") % {"number": policy.number}),
        )
    return policy


def _annual_invoices_create(policy: Policy) -> list[PremiumInvoice]:
    """Micro and SME: one premium for the year (seed), split when a unified platform pays a share."""
    insured_part, platform_part = rules.premium_split(
        policy.annual_premium_usd or Decimal("0"), policy.platform_share
    )
    due = shanghai_today() + timedelta(days=PREMIUM_DUE_DAYS)
    invoices = []
    for payer, amount, name in (
        (PremiumPayer.INSURED, insured_part, policy.organisation.name_zh),
        (PremiumPayer.PLATFORM, platform_part, policy.platform_name),
    ):
        if amount <= 0:
            continue
        invoice = PremiumInvoice.objects.create(
            policy=policy,
            period_start=policy.period_start,
            period_end=policy.period_end,
            payer=payer,
            payer_name=name,
            amount_usd=amount,
            due_date=max(due, policy.period_start),
        )
        assign_number(invoice, "PI")
        invoices.append(invoice)
    return invoices


@transaction.atomic
def policy_issue(*, application_id: int, actor, terms: PolicyTerms):
    """Issue the policy an application asked for, with its terms, rate table and (micro, SME) the
    year's premium invoice; render the policy schedule."""

    ensure_role(actor, UNDERWRITING_ROLES, action=_("issue policies"))
    application = _lock_application(application_id)
    if application.status == PolicyApplication.Status.SUBMITTED:
        application_workflow.transition(application, to=PolicyApplication.Status.UNDER_REVIEW, actor=actor)
    if not application_workflow.can(application, PolicyApplication.Status.ISSUED):
        application_workflow.transition(
            application, to=PolicyApplication.Status.ISSUED, actor=actor
        )  # raises
    renewed_from = None
    if application.renewal_of_id:
        renewed_from = Policy.objects.select_for_update().get(pk=application.renewal_of_id)
        if renewed_from.renewals.exclude(status=Policy.Status.CANCELLED).exists():
            raise DomainError("policy_already_renewed", _("That policy has already been renewed."))
    terms.pre_shipment_cover = terms.pre_shipment_cover or application.pre_shipment_cover
    policy = _policy_create(
        organisation_id=application.organisation_id,
        product=application.product,
        terms=terms,
        actor=actor,
        application=application,
        renewed_from=renewed_from,
    )
    application.decided_at, application.decided_by = timezone.now(), actor
    application_workflow.transition(
        application,
        to=PolicyApplication.Status.ISSUED,
        actor=actor,
        reason=str(_("Policy %(number)s issued") % {"number": policy.number}),
        update_fields=["decided_at", "decided_by"],
    )
    schedule_render(policy, actor=actor)
    notify(
        org_users(policy.organisation_id),
        kind="policy_issued",
        title=_("Policy %(number)s issued") % {"number": policy.number},
        body=_("%(product)s, %(start)s to %(end)s")
        % {"product": policy.get_product_display(), "start": policy.period_start, "end": policy.period_end},
        url=reverse("policies:policy-detail", args=[policy.pk]),
    )
    return policy


@transaction.atomic
def policy_renew(*, policy_id: int, actor, terms: PolicyTerms | None = None) -> Policy:
    """Renew a policy into a new one linked to it, with the same terms for the next period unless
    the underwriter gives new ones."""

    ensure_role(actor, UNDERWRITING_ROLES, action=_("renew policies"))
    old = Policy.objects.select_for_update().get(pk=policy_id)
    if old.status not in (Policy.Status.ACTIVE, Policy.Status.EXPIRED):
        raise DomainError("policy_not_renewable", _("This policy is cancelled or already renewed."))
    if old.renewals.exclude(status=Policy.Status.CANCELLED).exists():
        raise DomainError("policy_already_renewed", _("That policy has already been renewed."))
    if terms is None:
        start, end = rules.renewal_period(old.period_start, old.period_end)
        terms = PolicyTerms(
            period_start=start,
            period_end=end,
            indemnity_ratio=old.indemnity_ratio,
            max_liability_usd=old.max_liability_usd,
            per_buyer_cap_usd=old.per_buyer_cap_usd,
            premium_payer=old.premium_payer,
            platform_name=old.platform_name,
            platform_share=old.platform_share,
            premium_flat_rate=old.premium_flat_rate,
            annual_premium_usd=old.annual_premium_usd,
            rates=rate_rows(old),
            settings={name: getattr(old, name) for name in SETTING_FIELDS},
            pre_shipment_cover=old.pre_shipment_cover,
        )
    policy = _policy_create(
        organisation_id=old.organisation_id, product=old.product, terms=terms, actor=actor, renewed_from=old
    )
    schedule_render(policy, actor=actor)
    notify(
        org_users(policy.organisation_id),
        kind="policy_renewed",
        title=_("Policy %(old)s renewed as %(number)s") % {"old": old.number, "number": policy.number},
        body=_("%(start)s to %(end)s") % {"start": policy.period_start, "end": policy.period_end},
        url=reverse("policies:policy-detail", args=[policy.pk]),
    )
    return policy


def rate_rows(policy: Policy) -> list[rules.RateRow]:
    return [
        rules.RateRow(
            r.country_class_from,
            r.country_class_to,
            r.payment_term,
            r.credit_days_from,
            r.credit_days_to,
            r.rate,
        )
        for r in policy.rates.all()
    ]


@transaction.atomic
def policy_rates_replace(*, policy_id: int, actor, rows: list[rules.RateRow]) -> list[PremiumRate]:
    """Replace a policy's premium rate table (applies to declarations made from now on)."""
    ensure_role(actor, UNDERWRITING_ROLES, action=_("change premium rates"))
    policy = Policy.objects.select_for_update().get(pk=policy_id)
    if policy.status == Policy.Status.CANCELLED:
        raise DomainError("policy_cancelled", _("This policy is cancelled."))
    if not rows:
        raise DomainError("rates_required", _("A rate table needs at least one row."), field="rates")
    _validate_rates(rows)
    before = [
        f"{r.country_class_from}-{r.country_class_to} {r.payment_term or '*'} {r.credit_days_from}-{r.credit_days_to} {r.rate}"
        for r in rate_rows(policy)
    ]
    policy.rates.all().delete()
    created = PremiumRate.objects.bulk_create(
        [
            PremiumRate(
                policy=policy,
                country_class_from=r.country_class_from,
                country_class_to=r.country_class_to,
                payment_term=r.payment_term,
                credit_days_from=r.credit_days_from,
                credit_days_to=r.credit_days_to,
                rate=r.rate,
            )
            for r in rows
        ]
    )
    after = [
        f"{r.country_class_from}-{r.country_class_to} {r.payment_term or '*'} {r.credit_days_from}-{r.credit_days_to} {r.rate}"
        for r in rows
    ]
    audit_record(
        policy,
        action="policy.rates_changed",
        actor=actor,
        data={"before": before, "rows": len(rows)},
        changes={"rates": (before, after)} if before != after else None,
    )
    return created


@transaction.atomic
def policy_settings_update(*, policy_id: int, actor, settings: dict) -> Policy:
    """Change the per-policy deadline settings (they apply to what happens from now on)."""
    ensure_role(actor, UNDERWRITING_ROLES, action=_("change policy settings"))
    policy = Policy.objects.select_for_update().get(pk=policy_id)
    for key, value in settings.items():
        if key not in SETTING_FIELDS:
            raise DomainError("setting_unknown", _("Unknown policy setting %(name)s."), field=key, name=key)
        _check_setting(key, value)
    if settings.get("max_credit_period_days", 0) > rules.PRODUCTS[policy.product].max_credit_period_days:
        raise DomainError(
            "credit_period_above_product",
            _("This product covers credit periods of at most %(days)s days."),
            field="max_credit_period_days",
            days=rules.PRODUCTS[policy.product].max_credit_period_days,
        )
    if settings.get("financing_ratio", Decimal("0")) > 1:
        raise DomainError(
            "financing_ratio_invalid", _("The financing ratio is at most 100%."), field="financing_ratio"
        )
    before = {k: getattr(policy, k) for k in settings}
    for key, value in settings.items():
        setattr(policy, key, value)
    policy.save(update_fields=[*settings, "updated_at"])
    audit_record(
        policy,
        action="policy.settings_changed",
        actor=actor,
        data={"before": before, "after": settings},
        changes={k: (before[k], settings[k]) for k in settings if before[k] != settings[k]},
    )
    return policy


@transaction.atomic
def policy_cancel(*, policy_id: int, actor, reason: str) -> Policy:
    """End a policy early: unpaid premium invoices are cancelled and its live limits cancelled from
    today (earlier shipments keep their cover)."""
    ensure_role(actor, UNDERWRITING_ROLES, action=_("cancel policies"))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", _("Give the reason for the decision."), field="reason")
    policy = Policy.objects.select_for_update().get(pk=policy_id)
    policy_workflow.transition(policy, to=Policy.Status.CANCELLED, actor=actor, reason=reason)
    for invoice in policy.invoices.select_for_update().filter(status=PremiumInvoice.Status.ISSUED):
        invoice_workflow.transition(invoice, to=PremiumInvoice.Status.CANCELLED, actor=actor, reason=reason)
    hook_call(hooks.POLICY_CANCELLED, policy=policy, actor=actor, reason=reason)  # its live limits end
    notify(
        org_users(policy.organisation_id),
        kind="policy_cancelled",
        title=_("Policy %(number)s cancelled") % {"number": policy.number},
        body=reason,
        url=reverse("policies:policy-detail", args=[policy.pk]),
        level="warning",
    )
    return policy


@transaction.atomic
def premium_invoice_mark_paid(*, invoice_id: int, actor) -> PremiumInvoice:
    ensure_role(actor, [Role.UNDERWRITER, Role.ADMIN], action=_("record premium payments"))
    invoice = PremiumInvoice.objects.select_for_update().get(pk=invoice_id)
    invoice.paid_at = timezone.now()
    invoice_workflow.transition(
        invoice, to=PremiumInvoice.Status.PAID, actor=actor, update_fields=["paid_at"]
    )
    return invoice


# --- daily sweeps --------------------------------------------------------------------------------------


def bulk_transition(ids: list[int], *, model, workflow, from_states, to: str, reason: str) -> int:
    """Move many rows at once (one UPDATE guarded by the old states) and leave one audit row each.
    The move must be in the workflow table from every one of ``from_states``."""
    for state in from_states:
        if to not in workflow.allowed(state):
            raise ValueError(f"{workflow.name}: {state} -> {to} is not in the table")
    if not ids:
        return 0
    rows = list(
        model.objects.select_for_update()
        .filter(pk__in=ids, **{f"{workflow.field}__in": list(from_states)})
        .values_list("pk", workflow.field)
    )
    if not rows:
        return 0
    model.objects.filter(pk__in=[pk for pk, _s in rows]).update(
        **{workflow.field: to, "updated_at": timezone.now()}
    )
    ct = ContentType.objects.get_for_model(model)
    labels = {o.pk: str(o) for o in model.objects.filter(pk__in=[pk for pk, _s in rows]).only("pk", "number")}
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                content_type=ct,
                object_id=str(pk),
                object_repr=labels.get(pk, str(pk))[:200],
                action=f"{workflow.name}.{to}",
                from_state=state,
                to_state=to,
                reason=str(reason),
            )
            for pk, state in rows
        ]
    )
    return len(rows)


def _renewed_ids():
    """Policies that a live (not cancelled) renewal follows, as a subquery."""
    return (
        Policy.objects.filter(renewed_from__isnull=False)
        .exclude(status=Policy.Status.CANCELLED)
        .values("renewed_from")
    )


def policies_expire(*, today: date) -> int:
    """Policies whose period has ended move to "renewed" (a renewal follows) or "expired".
    Two guarded UPDATEs plus the audit rows; a re-run finds nothing left to move."""
    with transaction.atomic(), sweep("policies.expire", today) as run:
        ended = Policy.objects.filter(status=Policy.Status.ACTIVE, period_end__lt=today)
        renewed_ids = list(ended.filter(pk__in=_renewed_ids()).values_list("pk", flat=True))
        expired_ids = list(ended.exclude(pk__in=renewed_ids).values_list("pk", flat=True))
        run.created = bulk_transition(
            renewed_ids,
            model=Policy,
            workflow=policy_workflow,
            from_states=[Policy.Status.ACTIVE],
            to=Policy.Status.RENEWED,
            reason=_("Period ended; a renewal follows"),
        ) + bulk_transition(
            expired_ids,
            model=Policy,
            workflow=policy_workflow,
            from_states=[Policy.Status.ACTIVE],
            to=Policy.Status.EXPIRED,
            reason=_("Period ended"),
        )
    return run.created


def policies_remind_renewal(*, today: date) -> int:
    """Remind the insured's users N days before the period ends (N per policy, default 30), once per
    policy period: the reminder key names the policy and its end date. A missed day is caught up
    because the window runs from N days before the end to the end itself."""
    with transaction.atomic(), sweep("policies.remind_renewals", today) as run:
        windows = (
            Policy.objects.filter(status=Policy.Status.ACTIVE, period_end__gte=today)
            .values_list("renewal_reminder_days", flat=True)
            .distinct()
        )
        due = Q()
        for days in windows:
            due |= Q(renewal_reminder_days=days, period_end__lte=today + timedelta(days=days))
        if not due:
            return 0
        rows = list(
            Policy.objects.filter(due, status=Policy.Status.ACTIVE, period_end__gte=today)
            .exclude(pk__in=_renewed_ids())
            .values_list("pk", "number", "organisation_id", "period_end")
        )
        users: dict[int, list[int]] = {}
        for user_id, org_id in User.objects.filter(
            organisation_id__in={r[2] for r in rows}, is_active=True, role__in=APPLICANT_ROLES
        ).values_list("pk", "organisation_id"):
            users.setdefault(org_id, []).append(user_id)
        specs = [
            ReminderSpec(
                key=f"policy-renewal:{pk}:{end.isoformat()}:{user_id}",
                kind="policy_renewal",
                user_id=user_id,
                title=_("Policy %(number)s expires on %(date)s: renew it")
                % {"number": number, "date": end.isoformat()},
                body=_("Apply for the renewal before the end of the period so that your cover continues."),
                url=reverse("policies:policy-detail", args=[pk]),
                due_date=end,
                level="warning",
            )
            for pk, number, org_id, end in rows
            for user_id in users.get(org_id, [])
        ]
        run.created = reminders_create(specs)
    return run.created
