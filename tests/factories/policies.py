"""Factories of policies: applications, issued policies with a default rate table, invoices."""

from datetime import timedelta
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from policies import rules
from policies.models import Policy, PolicyApplication, PremiumRate, Product
from sinosure_portal.workdays.calendar import today
from tests.factories import OrganisationFactory


class PolicyApplicationFactory(DjangoModelFactory):
    class Meta:
        model = PolicyApplication

    organisation = factory.SubFactory(OrganisationFactory)
    product = Product.COMPREHENSIVE
    number = factory.Sequence(lambda n: f"PA2026{900000 + n:06d}")
    company_name = factory.LazyAttribute(lambda a: a.organisation.name_zh)
    uscc = factory.LazyAttribute(lambda a: a.organisation.uscc)
    contact_name = "王丽"
    contact_phone = "0532-88886666"
    estimated_turnover_usd = Decimal("2000000")
    last_year_exports_usd = Decimal("2400000")


class PolicyFactory(DjangoModelFactory):
    class Meta:
        model = Policy
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    product = Product.COMPREHENSIVE
    number = factory.Sequence(lambda n: f"COM2026{900000 + n:06d}")
    period_start = factory.LazyFunction(lambda: today() - timedelta(days=30))
    period_end = factory.LazyAttribute(lambda p: rules.default_period_end(p.period_start))
    indemnity_ratio = Decimal("0.90")
    max_liability_usd = Decimal("5000000")

    @factory.post_generation
    def rates(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        PremiumRate.objects.bulk_create(
            [
                PremiumRate(
                    policy=obj,
                    country_class_from=r.country_class_from,
                    country_class_to=r.country_class_to,
                    payment_term=r.payment_term,
                    credit_days_from=r.credit_days_from,
                    credit_days_to=r.credit_days_to,
                    rate=r.rate,
                )
                for r in rules.default_rate_table(Decimal("0.003"))
            ]
        )


class MicroPolicyFactory(PolicyFactory):
    product = Product.MICRO
    number = factory.Sequence(lambda n: f"MIC2026{900000 + n:06d}")
    max_liability_usd = Decimal("500000")
    per_buyer_cap_usd = Decimal("100000")
    max_credit_period_days = 360
    annual_premium_usd = Decimal("3000")

    @factory.post_generation
    def rates(obj, create, extracted, **kwargs):
        """Micro premium is one payment for the year: no rate table."""
