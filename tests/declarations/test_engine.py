"""One engine: the same rows declared one by one (the form's and the API's path) and as one batch
(the upload's path) in a second organisation set up identically give the same outcomes, covered
amounts, premiums, limit exposure and audit rows. A few rows' outcomes are also written by hand."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from declarations.models import ShipmentDeclaration
from declarations.selectors import batch_report
from declarations.services import (
    DeclarationInput,
    declaration_batch_process,
    declaration_batch_submit_rows,
    declaration_check,
    declaration_create,
)
from limits.models import CreditLimit
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.base.errors import DomainError
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory, ExchangeRateFactory
from tests.factories.declarations import declaring_setup
from tests.factories.limits import CreditLimitFactory

pytestmark = pytest.mark.django_db
D = Decimal


def _world():
    """An exporter with limit A (USD 50,000, O/A and D/A, 120 days), limit B (USD 20,000, O/A only)
    and a buyer C without a limit; EUR at 1.1 and JPY at 0.0067."""
    user, policy, a = declaring_setup(amount=D("50000"))
    b = CreditLimitFactory(
        policy=policy,
        buyer=BuyerFactory(),
        amount_usd=D("20000"),
        payment_terms=["OA"],
        max_credit_period_days=120,
        effective_date=today() - timedelta(days=60),
    )
    c = BuyerFactory()
    for i in range(0, 31):
        ExchangeRateFactory(currency="JPY", date=today() - timedelta(days=i), usd_per_unit=D("0.0067"))
    return user, policy, {"A": a.buyer_id, "B": b.buyer_id, "C": c.pk}, {"A": a, "B": b}


# (invoice, buyer, days ago, currency, amount, term, credit days)
ROWS = [
    ("D-01", "A", 3, "USD", "30000.00", "OA", 60),  # covered 30,000 (A at 30,000)
    ("D-02", "A", 4, "EUR", "10000.00", "DA", 90),  # covered 11,000 (A at 41,000)
    ("D-03", "B", 20, "USD", "15000.00", "OA", 30),  # covered, declared late (B at 15,000)
    ("D-04", "B", 3, "USD", "8000.00", "DA", 30),  # refused: B allows O/A only
    ("D-05", "A", 2, "USD", "12000.00", "OA", 60),  # partly: 9,000 of 12,000 (A full)
    ("D-06", "A", 2, "USD", "100.00", "OA", 60),  # refused: nothing left of A
    ("D-07", "B", 5, "JPY", "1000000", "OA", 45),  # partly: 5,000 of 6,700 (B full)
    ("D-01", "A", 3, "USD", "500.00", "OA", 60),  # already declared (or earlier in the upload)
    ("D-09", "C", 3, "USD", "500.00", "OA", 60),  # refused: no limit on C
    ("D-10", "B", 3, "USD", "10.00", "OA", 150),  # refused: longer than B's 120 days
    ("D-11", "B", 3, "USD", "-1", "OA", 9999),  # refused: two problems, both reported
    ("D-12", "A", 3, "EUR", "0.005", "OA", 60),  # refused: more decimals than EUR has
]


def _single(user, policy, buyers) -> list[tuple]:
    got = []
    for invoice, who, ago, currency, amount, term, days in ROWS:
        data = DeclarationInput(
            policy_id=policy.pk,
            buyer_id=buyers[who],
            invoice_number=invoice,
            shipment_date=today() - timedelta(days=ago),
            currency=currency,
            amount=D(amount),
            payment_term=term,
            credit_days=days,
            hs_code="940360",
        )
        try:
            d = declaration_create(actor=user, data=data)
        except DomainError as error:
            kind = "duplicate" if error.code == "already_declared" else "refused"
            more = [c for c, _p in error.params.get("more", [])]
            got.append((invoice, kind, error.code, more, D("0.00"), None))
        else:
            got.append((invoice, d.status, d.reason_code, [], d.covered_usd, d.premium_usd))
    return got


def _batch(user, policy, buyers):
    rows = [
        {
            "invoice_number": invoice,
            "buyer": buyers[who],
            "shipment_date": (today() - timedelta(days=ago)).isoformat(),
            "currency": currency,
            "amount": amount,
            "payment_term": term,
            "credit_days": days,
            "hs_code": "940360",
        }
        for invoice, who, ago, currency, amount, term, days in ROWS
    ]
    batch = declaration_batch_submit_rows(actor=user, policy_id=policy.pk, rows=rows)
    batch = declaration_batch_process(batch_id=batch.pk)
    got = []
    for r in batch_report(batch):
        premium = r["premium_usd"] if r["outcome"] in ("covered", "partly_covered") else None
        code = r["reason_code"]
        more = [c for c, _p in (r["reason_params"] or {}).get("more", [])]
        if code == "duplicate_in_file":  # the upload sees the repeat in the file itself
            code = "already_declared"
        got.append((r["invoice_number"], r["outcome"], code, more, r["covered_usd"], premium))
    return batch, got


def _declarations(policy, limits) -> list[tuple]:
    role = {limit.pk: name for name, limit in limits.items()}
    for d in ShipmentDeclaration.objects.filter(policy=policy):  # premium = amount (USD) x rate
        assert d.premium_usd == (d.amount_usd * d.premium_rate).quantize(D("0.01"))
    return sorted(
        (d.invoice_number, role[d.limit_id], d.status, d.amount, d.currency, d.amount_usd, d.covered_usd)
        + (d.exposure_usd, d.premium_rate, d.premium_usd, d.due_date, d.late, d.reason_code, d.reason_params)
        for d in ShipmentDeclaration.objects.filter(policy=policy)
    )


def _audit(policy) -> list[tuple]:
    ct = ContentType.objects.get_for_model(ShipmentDeclaration)
    ids = {
        str(pk): n
        for pk, n in ShipmentDeclaration.objects.filter(policy=policy).values_list("pk", "invoice_number")
    }
    rows = []
    for e in AuditEvent.objects.filter(content_type=ct, object_id__in=list(ids)):
        data = {k: v for k, v in e.data.items() if k not in ("batch", "row", "limit")}
        rows.append((ids[e.object_id], e.object_repr, e.action, e.from_state, e.to_state, e.reason, data))
        assert e.actor_id is not None and e.actor_organisation_id == policy.organisation_id
    return sorted(rows, key=lambda r: r[0])


def test_one_by_one_and_as_a_batch_give_identical_outcomes_cover_premiums_exposure_and_audit():
    user1, policy1, buyers1, limits1 = _world()
    single = _single(user1, policy1, buyers1)
    user2, policy2, buyers2, limits2 = _world()
    batch, bulk = _batch(user2, policy2, buyers2)

    assert single == bulk
    assert _declarations(policy1, limits1) == _declarations(policy2, limits2)
    assert _audit(policy1) == _audit(policy2) and len(_audit(policy1)) == 5
    exposure = [
        {n: CreditLimit.objects.get(pk=limit.pk).exposure_usd for n, limit in limits.items()}
        for limits in (limits1, limits2)
    ]
    assert exposure[0] == exposure[1] == {"A": D("50000.00"), "B": D("20000.00")}

    # by hand
    by_invoice = {row[0]: row for row in single[:7]}
    assert by_invoice["D-01"][1:5] == ("covered", "", [], D("30000.00"))
    assert by_invoice["D-02"][1:5] == ("covered", "", [], D("11000.00"))
    assert by_invoice["D-04"][1:3] == ("refused", "payment_term")
    assert by_invoice["D-05"][1:5] == ("partly_covered", "limit_full", [], D("9000.00"))
    assert by_invoice["D-06"][1:3] == ("refused", "limit_exhausted")
    assert by_invoice["D-07"][1:5] == ("partly_covered", "limit_full", [], D("5000.00"))
    assert single[7][1:3] == ("duplicate", "already_declared")
    assert single[8][1:3] == ("refused", "no_limit")
    assert single[9][1:3] == ("refused", "credit_period")
    assert single[10][1:4] == ("refused", "invalid_amount", ["invalid_credit_days"])
    assert single[11][1:3] == ("refused", "invalid_amount")
    late = ShipmentDeclaration.objects.get(policy=policy2, invoice_number="D-03")
    assert late.late and late.batch_id == batch.pk and late.batch_row == 4
    jpy = ShipmentDeclaration.objects.get(policy=policy1, invoice_number="D-07")
    assert (jpy.amount, jpy.amount_usd) == (D("1000000"), D("6700.00"))
    assert (batch.covered_rows, batch.partly_covered_rows, batch.refused_rows, batch.duplicate_rows) == (
        3,
        2,
        6,
        1,
    )


def test_the_check_answers_like_the_declaring_and_writes_nothing():
    user, policy, buyers, limits = _world()
    data = DeclarationInput(
        policy_id=policy.pk,
        buyer_id=buyers["B"],
        invoice_number="CHK-1",
        shipment_date=today() - timedelta(days=3),
        currency="EUR",
        amount=D("20000.00"),
        payment_term="OA",
        credit_days=60,
        hs_code="940360",
    )
    answer = declaration_check(actor=user, data=data)
    # 20,000 EUR x 1.1 = 22,000 USD asked of a USD 20,000 limit
    assert (answer.outcome, answer.amount_usd, answer.covered_usd) == (
        "partly_covered",
        D("22000.00"),
        D("20000.00"),
    )
    assert answer.reason_code == "limit_full" and answer.limit_number == limits["B"].number
    assert answer.limit_amount_usd == D("20000.00") and answer.available_before_usd == D("20000.00")
    assert (
        not ShipmentDeclaration.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="shipment_declaration").exists()
    )
    assert CreditLimit.objects.get(pk=limits["B"].pk).exposure_usd == 0
    declared = declaration_create(actor=user, data=data)
    assert (declared.status, declared.covered_usd, declared.premium_usd) == (
        answer.outcome,
        answer.covered_usd,
        answer.premium_usd,
    )


def test_a_single_declaration_reports_every_problem_of_its_row_at_once():
    user, policy, buyers, _limits = _world()
    data = DeclarationInput(
        policy_id=policy.pk,
        buyer_id=buyers["A"],
        invoice_number="",
        shipment_date=today() - timedelta(days=3),
        currency="XXQ",
        amount=D("-1"),
        payment_term="OA",
        credit_days=9999,
        hs_code="12",
    )
    with pytest.raises(DomainError) as error:
        declaration_create(actor=user, data=data)
    codes = [error.value.code] + [c for c, _p in error.value.params["more"]]
    assert codes == [
        "missing",
        "invalid_currency",
        "invalid_amount",
        "invalid_credit_days",
        "invalid_hs_code",
    ]
    assert error.value.field == "invoice_number"
    assert "Invoice number is missing" in error.value.message and "XXQ" in error.value.message
    assert not ShipmentDeclaration.objects.exists()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("buyer_id", "999999999"),  # a buyer that does not exist: foreign key
        ("limit_id", "999999999"),  # a limit that does not exist: foreign key
        ("amount", "-5.00"),  # check constraint
        ("covered_usd", "99999999.00"),  # covered above the amount: check constraint
        ("invoice_number", None),  # the same invoice again under the policy: unique index
    ],
)
def test_rows_moved_from_the_staging_table_meet_every_constraint_of_the_real_table(column, value):
    import io

    from django.db import IntegrityError, connection, transaction

    from declarations.engine.write import DECLARATION_COLUMNS, staged_insert

    if connection.vendor != "postgresql":
        pytest.skip("the staging table is PostgreSQL's COPY path")
    user, policy, buyers, _limits = _world()
    declared = declaration_create(
        actor=user,
        data=DeclarationInput(
            policy_id=policy.pk,
            buyer_id=buyers["A"],
            invoice_number="K-1",
            shipment_date=today() - timedelta(days=3),
            currency="USD",
            amount=D("1000.00"),
            payment_term="OA",
            credit_days=60,
            hs_code="940360",
        ),
    )
    columns = DECLARATION_COLUMNS[1:]
    table = ShipmentDeclaration._meta.db_table
    out = io.StringIO()
    with connection.cursor() as cursor:
        names = ", ".join(f'"{c}"' for c in columns)
        cursor.cursor.copy_expert(
            f'COPY (SELECT {names} FROM "{table}" WHERE id = {declared.pk}) TO STDOUT',  # noqa: S608
            out,
        )
    cells = out.getvalue().rstrip("\n").split("\t")
    if value is not None:
        cells[columns.index("invoice_number")] = "K-2"
        cells[columns.index(column)] = value
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:  # foreign keys are checked at commit; here at once
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        staged_insert(table, columns, "\t".join(cells) + "\n")
    # the same line, made valid, goes through
    cells[columns.index("invoice_number")] = "K-3"
    cells[columns.index(column)] = {
        "buyer_id": str(declared.buyer_id),
        "limit_id": str(declared.limit_id),
        "amount": "1000.00",
        "covered_usd": "1000.00",
        "invoice_number": "K-3",
    }[column]
    with transaction.atomic():
        staged_insert(table, columns, "\t".join(cells) + "\n")
    assert sorted(ShipmentDeclaration.objects.values_list("invoice_number", flat=True)) == ["K-1", "K-3"]
