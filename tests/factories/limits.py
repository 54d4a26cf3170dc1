"""Factories of credit limits: automatic rules, applications, limits with their first change."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from limits.models import CreditLimit, CreditLimitApplication, CreditLimitChange, LimitAutoRule
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory
from tests.factories.policies import PolicyFactory


class LimitAutoRuleFactory(DjangoModelFactory):
    class Meta:
        model = LimitAutoRule

    name = "Small green buyers"
    enabled = True
    max_amount_usd = Decimal("50000")
    max_country_class = 4
    allowed_lights = ["green"]
    allowed_payment_terms = ["LC", "DP", "DA", "OA"]
    max_credit_period_days = 180


class CreditLimitApplicationFactory(DjangoModelFactory):
    class Meta:
        model = CreditLimitApplication

    policy = factory.SubFactory(PolicyFactory)
    organisation = factory.SelfAttribute("policy.organisation")
    buyer = factory.SubFactory(BuyerFactory)
    number = factory.Sequence(lambda n: f"LA2026{900000 + n:06d}")
    payment_term = "OA"
    credit_period_days = 90
    amount_requested_usd = Decimal("200000")
    goods_category = "家具"


class CreditLimitFactory(DjangoModelFactory):
    class Meta:
        model = CreditLimit
        skip_postgeneration_save = True

    policy = factory.SubFactory(PolicyFactory)
    organisation = factory.SelfAttribute("policy.organisation")
    buyer = factory.SubFactory(BuyerFactory)
    number = factory.Sequence(lambda n: f"CL2026{900000 + n:06d}")
    amount_usd = Decimal("100000")
    payment_terms = ["OA"]
    max_credit_period_days = 90
    effective_date = factory.LazyFunction(today)

    @factory.post_generation
    def first_change(obj, create, extracted, **kwargs):
        if create:
            CreditLimitChange.objects.create(
                limit=obj,
                kind=CreditLimitChange.Kind.APPROVED,
                notice_date=obj.effective_date,
                applies_from=obj.effective_date,
                amount_after_usd=obj.amount_usd,
                payment_terms_after=obj.payment_terms,
                max_credit_period_after=obj.max_credit_period_days,
            )
