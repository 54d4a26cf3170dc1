"""The premium calculator of the learning corner (creditinfo's /learn/tools/), registered through
creditinfo.hooks: the same rule as a declaration's premium (rules.premium_rate on the policy's rate
table, rules.premium), so what the calculator says is what a declaration would be billed."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from creditinfo.models import Country
from policies import rules, selectors
from policies.models import Policy, Product
from sinosure_portal.accounts.access import is_insurer
from sinosure_portal.base.errors import DomainError, NotFound, Problems

# the sample table for someone without a policy of their own: 0.25% for a class 1-2 buyer on O/A up
# to 90 days, scaled by rules.default_rate_table like a new policy's table
SAMPLE_BASE_RATE = Decimal("0.0025")
PRICED_PRODUCTS = (Product.COMPREHENSIVE, Product.BANK)


def premium_policies(*, user) -> list[tuple[int, str]]:
    """The user's own policies priced per shipment (an insurer's staff price with the sample)."""
    if not user.is_authenticated or is_insurer(user):
        return []
    policies = (
        selectors.policies_visible(user)
        .filter(product__in=PRICED_PRODUCTS, status=Policy.Status.ACTIVE)
        .order_by("-period_start")
    )
    return [(p.pk, f"{p.number} · {p.get_product_display()}") for p in policies]


def premium_calculate(
    *,
    user,
    policy_id: int | None,
    country_code: str,
    payment_term: str,
    credit_days: int,
    amount_usd: Decimal,
) -> dict:
    """The premium of a shipment of ``amount_usd`` (creditinfo converts the amount first): the rate of
    the user's policy's table, or of the sample table without a policy. Every problem at once."""
    problems = Problems()
    country = Country.objects.filter(pk=(country_code or "").upper()).first()
    with problems.check():
        if country is None:
            raise DomainError("unknown_country", _("No such country."), field="country")
    with problems.check():
        if payment_term not in rules.PAYMENT_TERMS:
            raise DomainError("invalid_payment_term", _("Choose L/C, D/P, D/A or O/A."), field="payment_term")
    longest = rules.CREDIT_BANDS[-1][1]
    with problems.check():
        if credit_days is None or not 0 <= credit_days <= longest:
            raise DomainError(
                "invalid_credit_days",
                _("The credit period is from 0 to %(max)s days."),
                field="credit_days",
                max=longest,
            )
    policy = None
    if policy_id:
        with problems.check():
            policy = (
                selectors.policies_visible(user).filter(pk=policy_id, product__in=PRICED_PRODUCTS).first()
            )
            if policy is None:
                raise NotFound("policy_not_found", _("No such policy."), field="policy")
    problems.raise_any()
    if policy is not None:
        rate = selectors.premium_rate_for(
            policy, country_class=country.risk_class, payment_term=payment_term, credit_days=credit_days
        )
    else:
        rate = rules.premium_rate(
            rules.default_rate_table(SAMPLE_BASE_RATE),
            country_class=country.risk_class,
            payment_term=payment_term,
            credit_days=credit_days,
        )
    return {
        "policy_number": policy.number if policy else "",
        "country_class": country.risk_class,
        "rate": rate,
        "premium_usd": rules.premium(amount_usd, rate),
    }
