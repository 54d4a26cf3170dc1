"""factory_boy factories of the shared kernel. Each app adds its own module beside this one
(tests/factories/policies.py, ...) and imports what it needs from here."""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from creditinfo.models import Buyer, Country, IndustryGroup
from sinosure_portal.accounts import uscc
from sinosure_portal.accounts.models import Organisation, Role, User
from sinosure_portal.money.models import ExchangeRate

PASSWORD = "test-pass-2026"


def _uscc(n: int) -> str:
    return uscc.complete(f"9137020{n:010d}")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.EXPORTER
    name_zh = factory.Sequence(lambda n: f"测试出口企业{n}有限公司")
    name_en = factory.Sequence(lambda n: f"Test Exporter {n} Co., Ltd.")
    uscc = factory.Sequence(_uscc)
    province = "山东"
    size_class = Organisation.SizeClass.SMALL
    last_year_exports_usd = Decimal("1000000")


class BankOrganisationFactory(OrganisationFactory):
    kind = Organisation.Kind.BANK
    name_zh = factory.Sequence(lambda n: f"测试银行{n}分行")
    name_en = factory.Sequence(lambda n: f"Test Bank {n} Branch")
    swift_code = factory.Sequence(lambda n: f"TSTB{n:04d}"[:8])


class InsurerOrganisationFactory(OrganisationFactory):
    kind = Organisation.Kind.INSURER
    name_zh = "中国出口信用保险公司"
    name_en = "China Export & Credit Insurance Corporation"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@test.example")
    role = Role.EXPORTER
    organisation = factory.SubFactory(OrganisationFactory)
    display_name = factory.Sequence(lambda n: f"测试用户{n}")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()


class ExporterFactory(UserFactory):
    role = Role.EXPORTER


class BankOfficerFactory(UserFactory):
    role = Role.BANK
    organisation = factory.SubFactory(BankOrganisationFactory)


class UnderwriterFactory(UserFactory):
    role = Role.UNDERWRITER
    organisation = factory.SubFactory(InsurerOrganisationFactory)


class ClaimsOfficerFactory(UserFactory):
    role = Role.CLAIMS
    organisation = factory.SubFactory(InsurerOrganisationFactory)


class AdminFactory(UserFactory):
    role = Role.ADMIN
    organisation = factory.SubFactory(InsurerOrganisationFactory)
    is_staff = True
    is_superuser = True


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "DE"
    name_zh = "德国"
    name_en = "Germany"
    risk_class = 1


class IndustryGroupFactory(DjangoModelFactory):
    class Meta:
        model = IndustryGroup
        django_get_or_create = ("code",)

    code = "G"
    name_zh = "批发和零售业"
    name_en = "Wholesale and retail trade"


class BuyerFactory(DjangoModelFactory):
    class Meta:
        model = Buyer

    name = factory.Sequence(lambda n: f"Test Buyer {n} GmbH")
    name_en = factory.LazyAttribute(lambda b: b.name)
    country = factory.SubFactory(CountryFactory)
    registration_number = factory.Sequence(lambda n: f"HRB {100000 + n}")
    industry = factory.SubFactory(IndustryGroupFactory)


class ExchangeRateFactory(DjangoModelFactory):
    class Meta:
        model = ExchangeRate
        django_get_or_create = ("currency", "date")

    currency = "EUR"
    date = date(2026, 10, 1)
    usd_per_unit = Decimal("1.0850000000")
