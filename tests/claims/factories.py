"""factory_boy rows of losses and claims, made directly (not through the services) for tests that
need many of them, e.g. the query counts. Their numbers stay out of the gapless sequence's way."""

from datetime import timedelta
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from claims.models import Claim, PossibleLossNotice, Recovery
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory, ClaimsOfficerFactory
from tests.factories.policies import PolicyFactory


class LossNoticeFactory(DjangoModelFactory):
    class Meta:
        model = PossibleLossNotice

    policy = factory.SubFactory(PolicyFactory)
    organisation = factory.SelfAttribute("policy.organisation")
    buyer = factory.SubFactory(BuyerFactory)
    number = factory.Sequence(lambda n: f"PLN2026{800000 + n:06d}")
    cause = "buyer_default"
    due_date = factory.LazyFunction(lambda: today() - timedelta(days=20))
    event_date = factory.SelfAttribute("due_date")
    amount_at_risk_usd = Decimal("10000.00")
    description = "The buyer has not paid."
    notified_on = factory.LazyFunction(today)
    deadline = factory.LazyAttribute(lambda n: n.due_date + timedelta(days=30))
    deadline_basis = "calendar"
    deadline_rule = "due date + 30 calendar days"
    claim_deadline = factory.LazyFunction(lambda: today() + timedelta(days=120))


class ClaimFactory(DjangoModelFactory):
    class Meta:
        model = Claim

    policy = factory.SubFactory(PolicyFactory)
    organisation = factory.SelfAttribute("policy.organisation")
    buyer = factory.SubFactory(BuyerFactory)
    number = factory.Sequence(lambda n: f"CLM2026{800000 + n:06d}")
    cause = "buyer_default"
    event_date = factory.LazyFunction(lambda: today() - timedelta(days=40))
    description = "The buyer has not paid."
    filed_on = factory.LazyFunction(today)
    claimed_usd = Decimal("10000.00")
    decision_due = factory.LazyFunction(lambda: today() + timedelta(days=30))


class RecoveryFactory(DjangoModelFactory):
    class Meta:
        model = Recovery

    claim = factory.SubFactory(ClaimFactory, status=Claim.Status.PAID)
    number = factory.Sequence(lambda n: f"RV2026{800000 + n:06d}")
    received_on = factory.LazyFunction(today)
    currency = "USD"
    amount = Decimal("1000.00")
    amount_usd = Decimal("1000.00")
    net_usd = Decimal("1000.00")
    insurer_share_usd = Decimal("900.00")
    insured_share_usd = Decimal("100.00")
    recorded_by = factory.SubFactory(ClaimsOfficerFactory)
