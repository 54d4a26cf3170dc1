"""Data authorisations: the exporter grants a bank the three items, changes them, revokes; every
step audited; the bank sees the figures while granted and nothing after."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import Http404

from financing import services
from financing.models import DataAuthorisation, DataItem
from financing.selectors import authorised_data, data_authorisation_get
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.base.errors import DomainError, NotAllowed
from sinosure_portal.workdays.calendar import today
from tests.factories import BankOfficerFactory, BuyerFactory, CountryFactory, ExporterFactory
from tests.factories.financing import financing_setup, receivable
from tests.factories.limits import CreditLimitFactory

pytestmark = pytest.mark.django_db
D = Decimal
ALL = [DataItem.COVERAGE_SIZE, DataItem.COUNTRY_DISTRIBUTION, DataItem.BUYER_DISTRIBUTION]


def test_grant_change_revoke_audited_and_the_bank_sees_nothing_after():
    setup = financing_setup(agreement=False)
    receivable(setup, amount=D("10000"))
    receivable(setup, amount=D("5000"), shipment_date=today() - timedelta(days=40))
    us_buyer = BuyerFactory(country=CountryFactory(code="US", name_zh="美国", name_en="United States"))
    us_limit = CreditLimitFactory(
        policy=setup.policy, buyer=us_buyer, effective_date=today() - timedelta(days=60)
    )
    receivable(setup, limit=us_limit, amount=D("3000"))

    auth = services.data_authorisation_grant(
        actor=setup.exporter, bank_id=setup.bank.pk, items=[DataItem.COVERAGE_SIZE], ip="10.1.1.1"
    )
    data = authorised_data(setup.bank_officer, auth, on=today())
    assert set(data) == {DataItem.COVERAGE_SIZE}
    assert sum(r["insured_usd"] for r in data[DataItem.COVERAGE_SIZE]) == D("18000.00")
    # granting again to the same bank changes the items (one active grant per bank)
    auth2 = services.data_authorisation_grant(actor=setup.exporter, bank_id=setup.bank.pk, items=ALL)
    assert auth2.pk == auth.pk and DataAuthorisation.objects.count() == 1
    data = authorised_data(setup.bank_officer, auth2, on=today())
    countries = {r["code"]: r["covered_usd"] for r in data[DataItem.COUNTRY_DISTRIBUTION]}
    assert countries == {"DE": D("15000.00"), "US": D("3000.00")}
    assert data[DataItem.BUYER_DISTRIBUTION][0]["covered_usd"] == D("15000.00")

    services.data_authorisation_revoke(authorisation_id=auth.pk, actor=setup.exporter, reason="不再合作")
    auth.refresh_from_db()
    assert auth.status == DataAuthorisation.Status.REVOKED and auth.revoked_by == setup.exporter
    assert authorised_data(setup.bank_officer, auth, on=today()) == {}
    actions = list(
        AuditEvent.objects.filter(object_id=str(auth.pk)).order_by("id").values_list("action", flat=True)
    )
    assert actions == [
        "data_authorisation.active",
        "data_authorisation.changed",
        "data_authorisation.revoked",
    ]


def test_only_the_exporter_grants_and_revokes_and_others_get_404():
    setup = financing_setup(agreement=False)
    with pytest.raises(NotAllowed):
        services.data_authorisation_grant(actor=setup.bank_officer, bank_id=setup.bank.pk, items=ALL)
    with pytest.raises(DomainError) as exc:
        services.data_authorisation_grant(actor=setup.exporter, bank_id=setup.bank.pk, items=["salary"])
    assert exc.value.code == "items_required"
    auth = services.data_authorisation_grant(actor=setup.exporter, bank_id=setup.bank.pk, items=ALL)
    with pytest.raises(NotAllowed):
        services.data_authorisation_revoke(authorisation_id=auth.pk, actor=ExporterFactory())
    with pytest.raises(Http404):
        data_authorisation_get(BankOfficerFactory(), auth.pk)
    assert data_authorisation_get(setup.bank_officer, auth.pk) == auth


def test_the_data_is_the_granting_exporters_only():
    setup = financing_setup(agreement=False)
    other = financing_setup(agreement=False)
    receivable(setup, amount=D("1000"))
    receivable(other, amount=D("777"))
    auth = services.data_authorisation_grant(actor=setup.exporter, bank_id=setup.bank.pk, items=ALL)
    data = authorised_data(setup.bank_officer, auth, on=today())
    assert sum(r["covered_usd"] for r in data[DataItem.COVERAGE_SIZE]) == D("1000.00")


def test_buyer_names_on_the_banks_page_follow_the_readers_language(client, settings):
    setup = financing_setup(agreement=False)
    buyer = BuyerFactory(
        name="Pacific Home Goods Ltd", name_en="Pacific Home Goods", name_zh="太平洋家居用品公司"
    )
    limit = CreditLimitFactory(policy=setup.policy, buyer=buyer, effective_date=today() - timedelta(days=60))
    receivable(setup, limit=limit, amount=D("4000"))
    auth = services.data_authorisation_grant(actor=setup.exporter, bank_id=setup.bank.pk, items=ALL)
    client.force_login(setup.bank_officer)
    url = f"/financing/data/{auth.pk}/"
    settings.LANGUAGE_CODE = "zh-hans"
    html = client.get(url).content.decode()
    assert "太平洋家居用品公司" in html and "Pacific Home Goods" not in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(url).content.decode()
    assert "Pacific Home Goods" in html and "太平洋家居用品公司" not in html
