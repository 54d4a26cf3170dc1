"""Factories of declarations: a declaring setup (policy, buyer, limit, rates) and declarations
written directly (for pages and sweeps; the services have their own tests)."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.db.models import F
from factory.django import DjangoModelFactory

from declarations.models import ShipmentDeclaration
from limits.models import CreditLimit
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory, ExchangeRateFactory, ExporterFactory
from tests.factories.limits import CreditLimitFactory
from tests.factories.policies import PolicyFactory


class ShipmentDeclarationFactory(DjangoModelFactory):
    class Meta:
        model = ShipmentDeclaration
        skip_postgeneration_save = True

    limit = factory.SubFactory(CreditLimitFactory)
    policy = factory.SelfAttribute("limit.policy")
    organisation = factory.SelfAttribute("policy.organisation")
    buyer = factory.SelfAttribute("limit.buyer")
    invoice_number = factory.Sequence(lambda n: f"INV-{n:06d}")
    shipment_date = factory.LazyFunction(lambda: today() - timedelta(days=5))
    currency = "USD"
    amount = Decimal("10000.00")
    rate_used = Decimal("1")
    amount_usd = factory.LazyAttribute(lambda d: d.amount)
    payment_term = "OA"
    credit_days = 60
    due_date = factory.LazyAttribute(lambda d: d.shipment_date + timedelta(days=d.credit_days))
    hs_code = "940360"
    description = "wooden furniture"
    destination = factory.SelfAttribute("buyer.country")
    covered_usd = factory.LazyAttribute(lambda d: d.amount_usd)
    exposure_usd = factory.LazyAttribute(lambda d: d.covered_usd)
    premium_rate = Decimal("0.003")
    premium_usd = factory.LazyAttribute(lambda d: (d.amount_usd * d.premium_rate).quantize(Decimal("0.01")))
    declared_on = factory.LazyFunction(today)
    declaration_deadline = factory.LazyAttribute(lambda d: d.shipment_date + timedelta(days=15))
    status = ShipmentDeclaration.Status.COVERED

    @factory.post_generation
    def hold_on_limit(obj, create, extracted, **kwargs):
        """Keep the ledger reconciled: what the declaration holds is added to its limit's exposure,
        as the declaring service would (the nightly reconciliation would report it otherwise)."""
        if create and obj.limit_id and obj.exposure_usd:
            CreditLimit.objects.filter(pk=obj.limit_id).update(
                exposure_usd=F("exposure_usd") + obj.exposure_usd
            )


def declaring_setup(*, amount=Decimal("100000"), terms=("OA", "DA"), max_days=120, user=None, **limit_kwargs):
    """An exporter with a comprehensive policy, a buyer in Germany (class 1) and a live limit on it,
    and EUR rates for the last 60 days. Returns (user, policy, limit)."""
    user = user or ExporterFactory()
    policy = PolicyFactory(organisation=user.organisation, period_start=today() - timedelta(days=90))
    limit = CreditLimitFactory(
        policy=policy,
        buyer=limit_kwargs.pop("buyer", None) or BuyerFactory(),
        amount_usd=amount,
        payment_terms=list(terms),
        max_credit_period_days=max_days,
        effective_date=limit_kwargs.pop("effective_date", today() - timedelta(days=60)),
        **limit_kwargs,
    )
    for i in range(0, 61):
        ExchangeRateFactory(currency="EUR", date=today() - timedelta(days=i), usd_per_unit=Decimal("1.1"))
    return user, policy, limit
