"""Factories of policy financing: an exporter with a declaring policy and a limit, a bank, an
indemnity assignment in force between them, receivables to lend against."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from financing.models import (
    DataAuthorisation,
    IndemnityAssignment,
    ReceivableAssignment,
    ReceivableAssignmentItem,
)
from sinosure_portal.workdays.calendar import today
from tests.factories import BankOfficerFactory, BankOrganisationFactory, ExporterFactory
from tests.factories.declarations import ShipmentDeclarationFactory, declaring_setup
from tests.factories.policies import PolicyFactory


class IndemnityAssignmentFactory(DjangoModelFactory):
    """An agreement in force (approved) on a whole policy; pass status= for other states."""

    class Meta:
        model = IndemnityAssignment
        skip_postgeneration_save = True

    policy = factory.SubFactory(PolicyFactory)
    organisation = factory.SelfAttribute("policy.organisation")
    bank = factory.SubFactory(BankOrganisationFactory)
    number = factory.Sequence(lambda n: f"IA2026{n:06d}")
    scope = IndemnityAssignment.Scope.WHOLE_POLICY
    effective_date = factory.LazyFunction(lambda: today() - timedelta(days=30))
    status = IndemnityAssignment.Status.IN_FORCE
    exporter_signer_name = "王丽"
    exporter_signer_title = "财务经理"
    exporter_signed_at = factory.LazyFunction(timezone.now)
    bank_signer_name = "李强"
    bank_signer_title = "贸易融资部经理"
    bank_signed_at = factory.LazyFunction(timezone.now)
    approved_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def buyers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.scope = IndemnityAssignment.Scope.BUYERS
            obj.save(update_fields=["scope"])
            obj.buyers.set(extracted)


class ReceivableAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = ReceivableAssignment
        skip_postgeneration_save = True

    organisation = factory.SubFactory(BankOrganisationFactory)
    bank = factory.SubFactory(BankOrganisationFactory)
    number = factory.Sequence(lambda n: f"RA2026{n:06d}")
    status = ReceivableAssignment.Status.ACCEPTED

    @factory.post_generation
    def declarations(obj, create, extracted, **kwargs):
        if create and extracted:
            ReceivableAssignmentItem.objects.bulk_create(
                [ReceivableAssignmentItem(assignment=obj, declaration=d) for d in extracted]
            )


class DataAuthorisationFactory(DjangoModelFactory):
    class Meta:
        model = DataAuthorisation

    organisation = factory.SubFactory(BankOrganisationFactory)
    bank = factory.SubFactory(BankOrganisationFactory)
    items = ["coverage_size", "country_distribution", "buyer_distribution"]


@dataclass
class Financing:
    exporter: object  # the exporter's user
    policy: object
    limit: object
    bank_officer: object
    bank: object
    agreement: IndemnityAssignment | None


def financing_setup(*, amount=Decimal("500000"), agreement=True, exporter=None, bank_officer=None, **kw):
    """An exporter (comprehensive policy, a live limit), a bank with an officer, and (unless told
    otherwise) an indemnity assignment on the whole policy in force since 30 days ago."""
    exporter = exporter or ExporterFactory()
    exporter, policy, limit = declaring_setup(amount=amount, user=exporter, **kw)
    bank_officer = bank_officer or BankOfficerFactory()
    ia = IndemnityAssignmentFactory(policy=policy, bank=bank_officer.organisation) if agreement else None
    return Financing(exporter, policy, limit, bank_officer, bank_officer.organisation, ia)


def receivable(setup: Financing, **kw):
    """A covered receivable of the setup's exporter on its limit (written directly)."""
    kw.setdefault("limit", setup.limit)
    return ShipmentDeclarationFactory(**kw)
