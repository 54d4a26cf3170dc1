"""Factories of credit information: risk events, subscriptions, importers and trade records,
credit report orders. Countries, industries and buyers come from tests.factories."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from creditinfo.models import CreditReportOrder, Importer, RiskEvent, Subscription, TradeRecord
from tests.factories import BuyerFactory, CountryFactory, ExporterFactory, IndustryGroupFactory

__all__ = [
    "BuyerFactory",
    "CountryFactory",
    "CreditReportOrderFactory",
    "ImporterFactory",
    "IndustryGroupFactory",
    "RiskEventFactory",
    "SubscriptionFactory",
    "TradeRecordFactory",
]


class RiskEventFactory(DjangoModelFactory):
    """A raw event row (tests of the services record events through risk_event_record)."""

    class Meta:
        model = RiskEvent

    kind = RiskEvent.Kind.OTHER
    buyer = factory.SubFactory(BuyerFactory)
    event_date = date(2026, 10, 1)
    title = factory.Sequence(lambda n: f"Event {n}")


class SubscriptionFactory(DjangoModelFactory):
    class Meta:
        model = Subscription

    user = factory.SubFactory(ExporterFactory)
    country = factory.SubFactory(CountryFactory)
    email = True


class ImporterFactory(DjangoModelFactory):
    class Meta:
        model = Importer

    name = factory.Sequence(lambda n: f"Importer {n} GmbH")
    country = factory.SubFactory(CountryFactory)
    contact_known = False


class TradeRecordFactory(DjangoModelFactory):
    class Meta:
        model = TradeRecord

    importer = factory.SubFactory(ImporterFactory)
    country = factory.LazyAttribute(lambda r: r.importer.country)
    hs_code = "850440"
    product_name = "Static converters"
    trade_date = factory.Sequence(lambda n: date(2026, 1, 15) + timedelta(days=n % 200))
    weight_kg = Decimal("1000.00")
    value_usd = Decimal("25000.00")
    origin_country = "CN"


class CreditReportOrderFactory(DjangoModelFactory):
    class Meta:
        model = CreditReportOrder

    ordered_by = factory.SubFactory(ExporterFactory)
    organisation = factory.LazyAttribute(lambda o: o.ordered_by.organisation)
    buyer = factory.SubFactory(BuyerFactory)
    due_date = date(2026, 12, 1)
