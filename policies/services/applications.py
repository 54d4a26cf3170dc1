"""The online application (投保): draft, data authorisation, signature, confirmation, the
underwriter's review, and renewal applications."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policies import rules
from policies.documents import agreement_render
from policies.errors import error, not_allowed
from policies.models import (
    Policy,
    PolicyApplication,
    PremiumPayer,
    Product,
)
from policies.services.common import (
    APPLICANT_ROLES,
    UNDERWRITING_ROLES,
    _ensure_applicant,
    _lock_application,
    _lock_policy,
    org_users,
    underwriters,
)
from policies.workflow import application_workflow
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Organisation
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import Problems
from sinosure_portal.core.numbering import assign_number
from sinosure_portal.notifications.services import notify

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


def _validate_application_data(product: str, organisation: Organisation, data: dict) -> dict:
    if product not in Product.values:
        raise error("product_unknown", field="product")
    if product not in rules.products_for(organisation.kind):
        raise error("product_not_for_organisation", field="product", product=Product(product).label)
    clean = {k: data[k] for k in APPLICATION_FIELDS if k in data}
    problems = Problems()  # every problem at once, each next to its field
    for required in ("company_name", "contact_name", "contact_phone"):
        if required in clean and not str(clean[required] or "").strip():
            problems.errors.append(error("field_required", field=required))
    turnover = clean.get("estimated_turnover_usd")
    if turnover is not None and turnover < 0:
        problems.errors.append(error("turnover_negative", field="estimated_turnover_usd"))
    if clean.get("premium_payer", PremiumPayer.INSURED) not in PremiumPayer.values:
        problems.errors.append(error("premium_payer_unknown", field="premium_payer"))
    problems.raise_any()
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
        raise error("no_organisation")
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
        raise error("application_not_draft")
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
        raise error("application_not_draft")
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
        raise error("application_not_draft")
    signer_name, signer_title = (signer_name or "").strip(), (signer_title or "").strip()
    if not signer_name:
        raise error("signer_name_required", field="signer_name")
    if not signer_title:
        raise error("signer_title_required", field="signer_title")
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
            raise error("application_incomplete", field="contact_phone")
        if application.estimated_turnover_usd is None or application.estimated_turnover_usd <= 0:
            raise error("turnover_required", field="estimated_turnover_usd")
        if application.product == Product.MICRO:
            application.micro_criteria_met = _micro_criteria(application)
            if not application.micro_criteria_met:
                raise error("micro_not_eligible", field="micro_sme_classification")
        if application.premium_payer == PremiumPayer.PLATFORM and not application.platform_name.strip():
            raise error("platform_required", field="platform_name")
        if not application.consent_at:
            raise error("consent_required", field="consent")
        if not application.signed_at:
            raise error("signature_required", field="signer_name")
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
        params={
            "number": application.number,
            "company": application.company_name,
            "product": application.product,
        },
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
        raise error("reason_required", field="reason")
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
        params={"number": application.number, "reason": reason},
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
    policy = _lock_policy(policy_id)
    ensure_role(actor, APPLICANT_ROLES, action=_("apply for a policy"))
    if actor.organisation_id != policy.organisation_id:
        raise not_allowed("not_your_policy")
    if (
        policy.status in (Policy.Status.CANCELLED, Policy.Status.RENEWED)
        or policy.renewals.exclude(status=Policy.Status.CANCELLED).exists()
    ):
        raise error("policy_not_renewable")
    if policy.renewal_applications.filter(
        status__in=[
            PolicyApplication.Status.DRAFT,
            PolicyApplication.Status.SUBMITTED,
            PolicyApplication.Status.UNDER_REVIEW,
        ]
    ).exists():
        raise error("renewal_pending")
    base = policy.application
    data = {k: getattr(base, k) for k in APPLICATION_FIELDS} if base else {}
    data.setdefault("estimated_turnover_usd", policy.estimated_turnover_usd or Decimal("0"))
    return policy_application_create(actor=actor, product=policy.product, data=data, renewal_of=policy)
