"""Issue 10 item 5: no back doors. Admin shows money and financing records but never changes them."""

from datetime import date
from decimal import Decimal

import pytest

from sinosure_portal.money.models import ExchangeRate


@pytest.fixture
def superuser(admin_user):
    admin_user.is_staff = True
    admin_user.is_superuser = True
    admin_user.save()
    return admin_user


@pytest.mark.django_db
def test_superuser_cannot_change_an_exchange_rate(client, superuser):
    rate = ExchangeRate.objects.create(
        currency="KWD", date=date(2026, 1, 5), usd_per_unit=Decimal("3.250000"), source="test"
    )
    client.force_login(superuser)
    url = f"/admin/money/exchangerate/{rate.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="usd_per_unit"' not in page.content
    answer = client.post(url, {"currency": "KWD", "date": "2026-01-05", "usd_per_unit": "9.9", "source": "x"})
    assert answer.status_code == 403
    rate.refresh_from_db()
    assert rate.usd_per_unit == Decimal("3.250000")
    assert client.post("/admin/money/exchangerate/add/", {}).status_code == 403
    assert client.post(f"/admin/money/exchangerate/{rate.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ExchangeRate.objects.filter(pk=rate.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["loan", "repayment", "indemnityassignment", "receivableassignment"])
def test_financing_records_have_no_add_view(client, superuser, model):
    client.force_login(superuser)
    assert client.get(f"/admin/financing/{model}/").status_code == 200
    assert client.post(f"/admin/financing/{model}/add/", {}).status_code == 403


# --- every ledger model: list opens, change/add/delete refused, nothing changes ---------------------------


@pytest.fixture
def ledger(superuser):
    """One row of every ledger model, made the way people make them (services) where that is short."""
    from datetime import timedelta

    from claims import services as claims_services
    from declarations.models import Payment
    from financing import services as financing_services
    from sinosure_portal.workdays.calendar import today
    from tests.factories import ClaimsOfficerFactory, ExchangeRateFactory
    from tests.factories.claims import file_notice, overdue_setup, walk
    from tests.factories.creditinfo import RiskEventFactory
    from tests.factories.financing import (
        DataAuthorisationFactory,
        ReceivableAssignmentFactory,
        financing_setup,
        receivable,
    )

    officer = ClaimsOfficerFactory(organisation=superuser.organisation)
    user, policy, limit, shipments = overdue_setup()
    notice = file_notice(user, policy, shipments)
    claim = claims_services.claim_file_from_notice(actor=user, notice_id=notice.pk)
    claim = walk(claim, insured=user, officer=officer, to="paid")
    recovery = claims_services.recovery_record(
        actor=officer, claim_id=claim.pk, received_on=today(), currency="USD", amount=Decimal("1000")
    )
    payment = Payment.objects.create(
        declaration=shipments[0],
        organisation=user.organisation,
        received_on=today() - timedelta(days=1),
        currency="USD",
        amount=Decimal("10"),
        amount_usd=Decimal("10"),
    )
    setup = financing_setup()
    a = receivable(setup, amount=Decimal("10000"))
    loan = financing_services.loan_register(
        actor=setup.bank_officer,
        data=financing_services.LoanInput(
            organisation_id=setup.exporter.organisation_id,
            loan_date=today(),
            currency="USD",
            amount=Decimal("5000"),
            declaration_ids=[a.pk],
        ),
    )
    repayment = financing_services.repayment_register(
        actor=setup.bank_officer, loan_id=loan.pk, repaid_on=today(), amount=Decimal("1000")
    )
    return {
        "policies.policy": policy,
        "limits.creditlimit": limit,
        "declarations.shipmentdeclaration": shipments[0],
        "declarations.payment": payment,
        "claims.possiblelossnotice": notice,
        "claims.claim": claim,
        "claims.indemnitypayment": claim.payment,
        "claims.recovery": recovery,
        "financing.indemnityassignment": setup.agreement,
        "financing.receivableassignment": ReceivableAssignmentFactory(declarations=[a]),
        "financing.loan": loan,
        "financing.repayment": repayment,
        "financing.dataauthorisation": DataAuthorisationFactory(),
        "money.exchangerate": ExchangeRateFactory(currency="EUR", usd_per_unit=Decimal("1.1")),
        "creditinfo.riskevent": RiskEventFactory(),
    }


def _snapshot(obj):
    from django.forms.models import model_to_dict

    fresh = type(obj).objects.get(pk=obj.pk)
    return {k: v for k, v in model_to_dict(fresh).items() if not isinstance(v, list)}


LEDGER = [
    "policies.policy",
    "limits.creditlimit",
    "declarations.shipmentdeclaration",
    "declarations.payment",
    "claims.possiblelossnotice",
    "claims.claim",
    "claims.indemnitypayment",
    "claims.recovery",
    "financing.indemnityassignment",
    "financing.receivableassignment",
    "financing.loan",
    "financing.repayment",
    "financing.dataauthorisation",
    "money.exchangerate",
    "creditinfo.riskevent",
]


@pytest.mark.django_db
def test_every_ledger_model_is_read_only_in_the_admin(client, superuser, ledger):
    """For each ledger model, as a superuser: the list and the record open (200) without a save
    button or an editable field; posting a change, an add or a delete is 403 and the row is unchanged."""
    client.force_login(superuser)
    assert set(ledger) == set(LEDGER)
    for key in LEDGER:
        obj = ledger[key]
        app, model = key.split(".")
        base = f"/admin/{app}/{model}/"
        assert client.get(base).status_code == 200, key
        before = _snapshot(obj)
        page = client.get(f"{base}{obj.pk}/change/")
        assert page.status_code == 200, key
        assert b'name="_save"' not in page.content, key
        assert b"<input" not in page.content.split(b'id="content-main"')[1].split(b"</form>")[0].replace(
            b'<input type="hidden"', b""
        ), key
        # whatever is posted: every field of the record with a changed value, it is refused
        forged = dict.fromkeys(before, "1")
        forged.update({field: "0.01" for field, v in before.items() if isinstance(v, Decimal)})
        assert client.post(f"{base}{obj.pk}/change/", forged).status_code == 403, key
        assert client.post(f"{base}add/", forged).status_code == 403, key
        assert client.post(f"{base}{obj.pk}/delete/", {"post": "yes"}).status_code == 403, key
        assert client.post(
            base, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
        ).status_code in (200, 302), key
        assert _snapshot(obj) == before, key
        assert type(obj).objects.filter(pk=obj.pk).exists(), key


@pytest.mark.django_db
def test_ledger_inlines_offer_no_add_or_delete(client, superuser, ledger):
    """The inlines (claim lines and deductions, loan receivables, limit changes, premium rates,
    receivable-assignment items) show rows read-only: no extra form, no delete box."""
    client.force_login(superuser)
    for key in [
        "claims.claim",
        "financing.loan",
        "limits.creditlimit",
        "policies.policy",
        "financing.receivableassignment",
    ]:
        app, model = key.split(".")
        page = client.get(f"/admin/{app}/{model}/{ledger[key].pk}/change/").content
        assert b"-DELETE" not in page, key
        assert b"add-row" not in page and b"__prefix__" not in page, key
