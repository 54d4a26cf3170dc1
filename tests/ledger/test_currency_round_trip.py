"""Issue 10 item 3: KWD, BHD and JPY amounts round-trip exactly through declare (API), pay (payments
API), claim (notice and claim API, claim application PDF) and export (Excel cell value and number
format); an unknown currency is a 400 "unknown currency" naming the field; too many decimals for
the currency are a 400 naming the amount.

Every expected figure is written out by hand below (the invoice's decimals as typed, the USD
amounts as invoice x rate rounded half up to cents), never read back from the code under test.
"""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from openpyxl import load_workbook

from claims.models import ClaimLine
from declarations.models import Payment, ShipmentDeclaration
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.documents import pdf_text
from sinosure_portal.workdays.calendar import today
from tests.factories import ExchangeRateFactory, ExporterFactory
from tests.factories.limits import CreditLimitFactory
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db

# (currency, USD per unit, invoice amount, paid amount, outstanding, invoice in USD, number format)
CASES = [
    ("KWD", "3.25", "1000.125", "500.005", "500.120", "3250.41", "#,##0.000"),  # 3250.40625
    ("BHD", "2.65", "12.345", "2.345", "10.000", "32.71", "#,##0.000"),  # 32.71425
    ("JPY", "0.0067", "1000000", "250000", "750000", "6700.00", "#,##0"),
]
SHIPPED = 80  # days ago; credit 60 days: due 20 days ago


def _setup():
    user = ExporterFactory()
    policy = PolicyFactory(organisation=user.organisation, period_start=today() - timedelta(days=200))
    limit = CreditLimitFactory(
        policy=policy,
        amount_usd=Decimal("500000"),
        payment_terms=["OA"],
        max_credit_period_days=120,
        effective_date=today() - timedelta(days=190),
    )
    for code, rate, *_rest in CASES:
        for days in range(0, SHIPPED + 1):
            ExchangeRateFactory(
                currency=code, date=today() - timedelta(days=days), usd_per_unit=Decimal(rate)
            )
    return user, policy, limit


def _declare(api, policy, limit, currency, amount, invoice):
    return api.post(
        "/api/v1/declarations/",
        {
            "policy": policy.pk,
            "buyer": limit.buyer_id,
            "invoice_number": invoice,
            "shipment_date": (today() - timedelta(days=SHIPPED)).isoformat(),
            "currency": currency,
            "amount": amount,
            "payment_term": "OA",
            "credit_days": 60,
            "hs_code": "940360",
        },
        format="json",
    )


def _raw_amounts(table: str, column: str, where: str, params) -> list[str]:
    """What PostgreSQL holds, read as text (no Python field in between)."""
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column}::text FROM {table} WHERE {where} ORDER BY id", params)  # noqa: S608
        return [row[0] for row in cur.fetchall()]


def test_kwd_bhd_and_jpy_round_trip_through_declare_pay_claim_and_export(api_for, client, claims_officer):
    user, policy, limit = _setup()
    api = api_for(user)

    # declare
    for code, _rate, amount, _paid, _open, amount_usd, _fmt in CASES:
        response = _declare(api, policy, limit, code, amount, f"RT-{code}")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert (body["currency"], body["amount"], body["amount_usd"]) == (code, amount, amount_usd)
        assert body["outstanding"] == amount
        stored = ShipmentDeclaration.objects.get(pk=body["id"])
        assert stored.amount == Decimal(amount) and str(stored.amount) == amount
    # the database holds the exact amount (numeric(19, 3)): KWD 1000.125 is not 1000.13
    assert _raw_amounts(
        "declarations_shipmentdeclaration", "amount", "organisation_id = %s", [user.organisation_id]
    ) == [
        "1000.125",
        "12.345",
        "1000000.000",
    ]

    # pay
    for code, _rate, _amount, paid, _open, _usd, _fmt in CASES:
        response = api.post(
            "/api/v1/declarations/payments/",
            {
                "received_on": today().isoformat(),
                "amount": paid,
                "currency": code,
                "invoice_number": f"RT-{code}",
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        assert (response.json()[0]["currency"], response.json()[0]["amount"]) == (code, paid)
    assert _raw_amounts("declarations_payment", "amount", "organisation_id = %s", [user.organisation_id]) == [
        "500.005",
        "2.345",
        "250000.000",
    ]
    listed = {r["invoice_number"]: r for r in api.get("/api/v1/declarations/receivables/").json()["results"]}
    for code, _rate, amount, paid, outstanding, _usd, _fmt in CASES:
        row = listed[f"RT-{code}"]
        assert (row["amount"], row["paid_amount"], row["outstanding"]) == (amount, paid, outstanding)

    # export (Excel): the exact value, shown with the currency's decimals
    client.force_login(user)
    response = client.get("/declarations/receivables/", {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    headers = [c.value for c in rows[0]]
    by_invoice = {r[0].value: r for r in rows[1:]}
    for code, _rate, amount, paid, outstanding, _usd, number_format in CASES:
        row = by_invoice[f"RT-{code}"]
        at = headers.index("Currency")
        assert row[at].value == code
        cells = [row[at + 1 + i] for i in range(3)]  # invoice amount, paid, outstanding
        assert [Decimal(str(c.value)) for c in cells] == [
            Decimal(amount),
            Decimal(paid),
            Decimal(outstanding),
        ]
        assert [c.number_format for c in cells] == [number_format] * 3
        assert row[at + 4].number_format == "#,##0.00"  # the outstanding amount in USD
    declarations_sheet = load_workbook(
        BytesIO(client.get("/declarations/list/", {"format": "xlsx"}).content)
    ).active
    exported = {r[0].value: r for r in declarations_sheet.iter_rows(min_row=2)}
    for code, _rate, amount, _paid, _open, amount_usd, number_format in CASES:
        row = exported[f"RT-{code}"]
        assert (row[4].value, Decimal(str(row[5].value)), row[5].number_format) == (
            code,
            Decimal(amount),
            number_format,
        )
        assert (Decimal(str(row[6].value)), row[6].number_format) == (Decimal(amount_usd), "#,##0.00")

    # claim: a possible-loss notice on the three invoices, then the claim; its lines keep the amounts
    officer = api_for(claims_officer)
    ids = list(
        ShipmentDeclaration.objects.filter(organisation=user.organisation).values_list("pk", flat=True)
    )
    notice = api.post(
        "/api/v1/claims/notices/",
        {
            "policy": policy.pk,
            "buyer": limit.buyer_id,
            "declarations": ids,
            "cause": "buyer_default",
            "amount_at_risk_usd": "1000.00",
            "description": "Unpaid.",
        },
        format="json",
    )
    assert notice.status_code == 201, notice.json()
    assert officer.post(f"/api/v1/claims/notices/{notice.json()['id']}/acknowledge/").status_code == 200
    filed = api.post("/api/v1/claims/", {"notice": notice.json()["id"]}, format="json")
    assert filed.status_code == 201, filed.json()
    claim_id = filed.json()["claim"]["id"]
    lines = {line["invoice_number"]: line for line in filed.json()["detail"]["lines"]}
    for code, _rate, amount, _paid, _open, amount_usd, _fmt in CASES:
        line = lines[f"RT-{code}"]
        assert (line["currency"], line["amount"], line["amount_usd"]) == (code, amount, amount_usd)
    assert _raw_amounts("claims_claimline", "amount", "claim_id = %s", [claim_id]) == [
        "1000.125",
        "12.345",
        "1000000.000",
    ]
    assert {str(a) for a in ClaimLine.objects.filter(claim_id=claim_id).values_list("amount", flat=True)} == {
        "1000.125",
        "12.345",
        "1000000.000",
    }
    pdf = api.get(f"/api/v1/claims/{claim_id}/pdf/claim_application/")
    assert pdf.status_code == 200
    text = pdf_text(b"".join(pdf.streaming_content))
    for shown in ("1,000.125", "12.345", "1,000,000"):
        assert shown in text
    assert "1,000,000.000" not in text and "1000.13" not in text
    assert Payment.objects.filter(organisation=user.organisation).count() == 3


def test_an_unknown_currency_is_a_400_naming_the_field(api_for):
    user, policy, limit = _setup()
    api = api_for(user)
    response = _declare(api, policy, limit, "XXX", "100", "RT-X")
    assert response.status_code == 400
    assert response.json()["field"] == "currency"
    assert "Unknown currency XXX" in response.json()["message"]
    assert "exchange rate" not in response.json()["message"]
    paid = api.post(
        "/api/v1/declarations/payments/",
        {"received_on": today().isoformat(), "amount": "1", "currency": "XXX", "invoice_number": "RT-X"},
        format="json",
    )
    assert paid.status_code == 400 and paid.json()["field"] == "currency"
    assert "Unknown currency XXX" in paid.json()["message"]
    assert not ShipmentDeclaration.objects.exists()


@pytest.mark.parametrize(
    ("code", "amount", "message"),
    [
        ("JPY", "10.5", "JPY amounts have no decimal places."),
        ("KWD", "1.0001", "KWD amounts have at most 3 decimal places."),
        ("USD", "1000.125", "USD amounts have at most 2 decimal places."),
    ],
)
def test_more_decimals_than_the_currency_has_are_a_400_naming_the_amount(api_for, code, amount, message):
    user, policy, limit = _setup()
    rate_day = today() - timedelta(days=SHIPPED)
    ExchangeRateFactory(currency="USD", date=rate_day, usd_per_unit=Decimal("1"))
    response = _declare(api_for(user), policy, limit, code, amount, "RT-S")
    assert response.status_code == 400, response.json()
    assert response.json()["field"] == "amount"
    assert response.json()["message"] == f"amount: {message}"
    assert not ShipmentDeclaration.objects.exists()


def test_the_database_stores_every_valid_amount_exactly():
    """numeric(19, 3): sixteen whole digits and three decimals, refused for nothing valid."""
    user, policy, limit = _setup()
    from tests.factories.declarations import ShipmentDeclarationFactory

    for invoice, code, amount in [
        ("DB-1", "KWD", "1000.125"),
        ("DB-2", "KWD", "9999999999999999.999"),
        ("DB-3", "JPY", "9999999999999999"),
        ("DB-4", "USD", "9999999999999999.99"),
        ("DB-5", "BHD", "0.001"),
    ]:
        # the USD columns are not under test here: small enough whatever the amount
        usd = {"amount_usd": Decimal("1"), "exposure_usd": Decimal("1")}
        d = ShipmentDeclarationFactory(
            limit=limit, invoice_number=invoice, currency=code, amount=Decimal(amount), **usd
        )
        d.refresh_from_db()
        assert d.amount == Decimal(amount) and str(d.amount) == amount
    # an amount computed with more decimals than its currency has is stored at the currency's scale
    d = ShipmentDeclarationFactory(limit=limit, invoice_number="DB-6", currency="JPY", amount=Decimal("1000"))
    d.amount = Decimal("10.5")
    d.save(update_fields=["amount"])
    assert _raw_amounts("declarations_shipmentdeclaration", "amount", "id = %s", [d.pk]) == ["11.000"]


def test_a_claim_line_typed_for_a_direct_claim_keeps_its_scale_and_refuses_xxx(api_for):
    from tests.factories.policies import MicroPolicyFactory

    user = ExporterFactory()
    policy = MicroPolicyFactory(organisation=user.organisation, period_start=today() - timedelta(days=200))
    api = api_for(user)
    body = {
        "policy": policy.pk,
        "buyer": CreditLimitFactory(policy=policy).buyer_id,
        "cause": "buyer_default",
        "event_date": (today() - timedelta(days=5)).isoformat(),
        "description": "Unpaid.",
        "invoices": [
            {
                "invoice_number": "D-1",
                "shipment_date": (today() - timedelta(days=90)).isoformat(),
                "due_date": (today() - timedelta(days=30)).isoformat(),
                "currency": "XXX",
                "amount": "1000.125",
            }
        ],
    }
    response = api.post("/api/v1/claims/direct/", body, format="json")
    assert response.status_code == 400
    assert "currency" in response.json()["message"] and "Unknown currency XXX" in response.json()["message"]
    body["invoices"][0]["currency"] = "JPY"
    body["invoices"][0]["amount"] = "10.5"
    response = api.post("/api/v1/claims/direct/", body, format="json")
    assert response.status_code == 400
    assert "JPY amounts have no decimal places." in response.json()["message"]


@pytest.mark.parametrize(
    ("code", "rate", "amount", "repaid", "outstanding", "amount_usd", "number_format"),
    [
        ("KWD", "3.25", "1000.125", "500.005", "500.120", "3250.41", "#,##0.000"),
        ("JPY", "0.0067", "1000000", "250000", "750000", "6700.00", "#,##0"),
    ],
)
def test_loans_and_repayments_keep_the_currencys_scale(
    api_for, client, code, rate, amount, repaid, outstanding, amount_usd, number_format
):
    from tests.factories.financing import financing_setup, receivable

    setup = financing_setup()
    ExchangeRateFactory(currency=code, date=today(), usd_per_unit=Decimal(rate))
    shipment = receivable(setup, amount=Decimal("10000"))
    bank = api_for(setup.bank_officer)
    response = bank.post(
        "/api/v1/financing/loans/",
        {
            "borrower": setup.exporter.organisation_id,
            "loan_date": today().isoformat(),
            "currency": code,
            "amount": amount,
            "declarations": [shipment.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    loan = response.json()
    assert (loan["currency"], loan["amount"], loan["amount_usd"], loan["outstanding"]) == (
        code,
        amount,
        amount_usd,
        amount,
    )
    too_fine = bank.post(
        f"/api/v1/financing/loans/{loan['id']}/repayments/",
        {"repaid_on": today().isoformat(), "amount": "0.0001"},
        format="json",
    )
    assert too_fine.status_code == 400 and too_fine.json()["field"] == "amount"
    if code == "JPY":  # three decimals pass the field; the loan's currency has none
        half = bank.post(
            f"/api/v1/financing/loans/{loan['id']}/repayments/",
            {"repaid_on": today().isoformat(), "amount": "10.5"},
            format="json",
        )
        assert half.status_code == 400
        assert (half.json()["code"], half.json()["field"]) == ("invalid_amount", "amount")
        assert half.json()["message"] == "JPY amounts have no decimal places."
    response = bank.post(
        f"/api/v1/financing/loans/{loan['id']}/repayments/",
        {"repaid_on": today().isoformat(), "amount": repaid},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["repaid_amount"], response.json()["outstanding"]) == (repaid, outstanding)
    assert _raw_amounts("financing_repayment", "amount", "loan_id = %s", [loan["id"]]) == [
        f"{Decimal(repaid):.3f}"
    ]
    client.force_login(setup.bank_officer)
    sheet = load_workbook(BytesIO(client.get("/financing/loans/", {"format": "xlsx"}).content)).active
    row = next(sheet.iter_rows(min_row=2))
    assert row[5].value == code
    assert (Decimal(str(row[6].value)), row[6].number_format) == (Decimal(amount), number_format)
    assert (Decimal(str(row[7].value)), row[7].number_format) == (Decimal(amount_usd), "#,##0.00")
    assert (Decimal(str(row[8].value)), row[8].number_format) == (Decimal(repaid), number_format)
    xxx = bank.post(
        "/api/v1/financing/loans/",
        {
            "borrower": setup.exporter.organisation_id,
            "loan_date": today().isoformat(),
            "currency": "XXX",
            "amount": "1",
            "declarations": [shipment.pk],
        },
        format="json",
    )
    assert xxx.status_code == 400 and xxx.json()["field"] == "currency"
    assert "Unknown currency XXX" in xxx.json()["message"]


def test_a_direct_claim_service_refuses_extra_decimals_instead_of_rounding():
    from claims import services as claim_services
    from tests.factories.policies import MicroPolicyFactory

    user = ExporterFactory()
    policy = MicroPolicyFactory(organisation=user.organisation, period_start=today() - timedelta(days=200))
    buyer_id = CreditLimitFactory(policy=policy).buyer_id
    ExchangeRateFactory(currency="JPY", date=today() - timedelta(days=90), usd_per_unit=Decimal("0.0067"))
    line = claim_services.InvoiceLine(
        invoice_number="D-1",
        shipment_date=today() - timedelta(days=90),
        due_date=today() - timedelta(days=30),
        currency="JPY",
        amount=Decimal("10.5"),
        paid_amount=Decimal("0"),
        is_service=False,
    )
    data = claim_services.DirectClaimInput(
        policy_id=policy.pk,
        buyer_id=buyer_id,
        cause="buyer_default",
        event_date=today() - timedelta(days=5),
        description="Unpaid.",
        invoices=[line],
    )
    with pytest.raises(DomainError) as err:
        claim_services.claim_file_direct(actor=user, data=data)
    assert (err.value.code, err.value.field, err.value.row) == ("amount_invalid", "invoices", 1)
    assert err.value.message == "JPY amounts have no decimal places."
    assert not ClaimLine.objects.exists()


def test_the_declaration_page_takes_kwd_to_the_fils_and_refuses_a_fraction_of_a_yen(client):
    user, policy, limit = _setup()
    client.force_login(user)
    form = {
        "limit": limit.pk,
        "invoice_number": "PG-KWD",
        "shipment_date": (today() - timedelta(days=SHIPPED)).isoformat(),
        "currency": "KWD",
        "amount": "1000.125",
        "payment_term": "OA",
        "credit_days": "60",
        "hs_code": "940360",
        "action": "declare",
    }
    response = client.post("/declarations/new/", form)
    assert response.status_code == 302, response.content.decode()[-2000:]
    d = ShipmentDeclaration.objects.get()
    assert str(d.amount) == "1000.125" and d.amount_usd == Decimal("3250.41")
    detail = client.get(response["Location"]).content.decode()
    assert "KWD 1,000.125" in detail and "1000.13" not in detail and "1,000.13" not in detail
    refused = client.post(
        "/declarations/new/", {**form, "invoice_number": "PG-JPY", "currency": "JPY", "amount": "10.5"}
    )
    assert refused.status_code == 200
    assert "JPY amounts have no decimal places." in refused.content.decode()
    assert ShipmentDeclaration.objects.count() == 1
