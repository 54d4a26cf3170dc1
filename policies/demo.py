"""Demo policies, made through the services so that they carry their history and PDFs.

For ``exporter``: last year's comprehensive policy renewed into this year's one (with its rate
table); for ``exporter2``: a micro policy co-paid by a unified platform and an SME application
waiting in the underwriters' queue; for ``bank``: a bank policy. Idempotent: what exists is kept.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from policies import rules, services
from policies.models import Policy, PolicyApplication, Product
from sinosure_portal.accounts.models import User
from sinosure_portal.workdays.calendar import today

DEMO_IP = "127.0.0.1"


def _apply(user, product, data: dict, *, submit: bool = True) -> PolicyApplication:
    app = services.policy_application_create(actor=user, product=product, data=data)
    services.policy_application_consent(application_id=app.pk, actor=user, ip=DEMO_IP)
    services.policy_application_sign(
        application_id=app.pk,
        actor=user,
        signer_name=user.name,
        signer_title=user.title or "经办人",
        ip=DEMO_IP,
    )
    if submit:
        services.policy_application_submit(application_id=app.pk, actor=user)
    return app


def _terms(start, **kw) -> services.PolicyTerms:
    base = {
        "period_start": start,
        "period_end": rules.default_period_end(start),
        "indemnity_ratio": Decimal("0.90"),
        "max_liability_usd": Decimal("3000000"),
    }
    return services.PolicyTerms(**{**base, **kw})


def _exporter_comprehensive(exporter, underwriter, start) -> list[str]:
    """Last year's comprehensive policy, renewed into this year's one."""
    if Policy.objects.filter(organisation=exporter.organisation, product=Product.COMPREHENSIVE).exists():
        return []
    app = _apply(
        exporter,
        Product.COMPREHENSIVE,
        {
            "company_name": exporter.organisation.name_zh,
            "company_name_en": exporter.organisation.name_en,
            "address": "山东省青岛市市南区香港中路 61 号",
            "contact_name": exporter.name,
            "contact_phone": "0532-8888 6666",
            "goods_description": "家具、家居用品、小家电",
            "main_markets": "德国、美国、日本、越南",
            "estimated_turnover_usd": Decimal("6000000"),
            "requested_max_liability_usd": Decimal("3000000"),
        },
    )
    last_year = services.policy_issue(
        application_id=app.pk,
        actor=underwriter,
        terms=_terms(
            start - timedelta(days=365), period_end=start - timedelta(days=1), base_rate=Decimal("0.0028")
        ),
    )
    current = services.policy_renew(policy_id=last_year.pk, actor=underwriter)
    services.policies_expire(today=today())
    return [last_year.number, current.number]


def _exporter2_micro(exporter2, underwriter, start) -> list[str]:
    """A micro policy co-paid by a unified platform."""
    if Policy.objects.filter(organisation=exporter2.organisation, product=Product.MICRO).exists():
        return []
    app = _apply(
        exporter2,
        Product.MICRO,
        {
            "company_name": exporter2.organisation.name_zh,
            "company_name_en": exporter2.organisation.name_en,
            "contact_name": exporter2.name,
            "contact_phone": "0574-8765 4321",
            "goods_description": "五金工具",
            "main_markets": "韩国、澳大利亚",
            "estimated_turnover_usd": Decimal("1200000"),
            "micro_association_designation": True,
            "premium_payer": "platform",
            "platform_name": "宁波市小微外贸企业统保平台",
        },
    )
    micro = services.policy_issue(
        application_id=app.pk,
        actor=underwriter,
        terms=_terms(
            start,
            max_liability_usd=Decimal("500000"),
            per_buyer_cap_usd=Decimal("100000"),
            premium_flat_rate=Decimal("0.0025"),
            premium_payer="platform",
            platform_name="宁波市小微外贸企业统保平台",
            platform_share=Decimal("0.60"),
        ),
    )
    return [micro.number]


def _exporter2_sme_pending(exporter2) -> list[str]:
    """An SME application waiting in the underwriters' queue."""
    if PolicyApplication.objects.filter(organisation=exporter2.organisation, product=Product.SME).exists():
        return []
    pending = _apply(
        exporter2,
        Product.SME,
        {
            "company_name": exporter2.organisation.name_zh,
            "contact_name": exporter2.name,
            "contact_phone": "0574-8765 4321",
            "goods_description": "五金工具、园林机械",
            "main_markets": "欧盟、中东",
            "estimated_turnover_usd": Decimal("9000000"),
            "requested_max_liability_usd": Decimal("2000000"),
        },
    )
    return [pending.number]


def _bank_policy(bank, underwriter, start) -> list[str]:
    if Policy.objects.filter(organisation=bank.organisation, product=Product.BANK).exists():
        return []
    app = _apply(
        bank,
        Product.BANK,
        {
            "company_name": bank.organisation.name_zh,
            "company_name_en": bank.organisation.name_en,
            "contact_name": bank.name,
            "contact_phone": "0532-8266 0000",
            "goods_description": "出口保理项下买断的应收账款",
            "estimated_turnover_usd": Decimal("20000000"),
        },
    )
    bank_policy = services.policy_issue(
        application_id=app.pk,
        actor=underwriter,
        terms=_terms(start, max_liability_usd=Decimal("10000000"), base_rate=Decimal("0.0022")),
    )
    return [bank_policy.number]


def load(stdout=None) -> dict:
    exporter, exporter2, bank = (User.objects.get(username=u) for u in ("exporter", "exporter2", "bank"))
    underwriter = User.objects.get(username="underwriter")
    start = today() - timedelta(days=60)
    created = [
        *_exporter_comprehensive(exporter, underwriter, start),
        *_exporter2_micro(exporter2, underwriter, start),
        *_exporter2_sme_pending(exporter2),
        *_bank_policy(bank, underwriter, start),
    ]
    if stdout is not None and created:
        stdout.write(f"policies: {', '.join(created)}")
    return {"policies": Policy.objects.count(), "applications": PolicyApplication.objects.count()}
