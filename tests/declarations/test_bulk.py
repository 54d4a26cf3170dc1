"""Bulk declarations: every row covered, partly covered or refused with its reason; Chinese or
English headers, CSV or XLSX; nothing declared twice; a crash leaves whole chunks and a re-run
finishes the job; the bulk path decides exactly like the single declaration."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from openpyxl import Workbook

from declarations.engine import run as run_module
from declarations.engine import write as write_module
from declarations.models import DeclarationBatch, DeclarationBatchRow, ShipmentDeclaration
from declarations.selectors import batch_report
from declarations.services import (
    DeclarationInput,
    declaration_batch_process,
    declaration_batch_submit,
    declaration_create,
)
from declarations.services import bulk as bulk_module
from declarations.services.bulk import ReportRow
from limits.models import CreditLimit
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.base.errors import DomainError
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory, ExporterFactory
from tests.factories.declarations import declaring_setup
from tests.factories.limits import CreditLimitFactory

pytestmark = pytest.mark.django_db
HEADER = "Invoice number,Buyer,Shipment date,Currency,Amount,Payment term,Credit period (days),HS code,Goods or service\n"


def _csv(rows):
    return (HEADER + "".join(",".join(str(c) for c in r) + "\n" for r in rows)).encode()


def _run(user, policy, content, name="upload.csv"):
    batch = declaration_batch_submit(actor=user, policy_id=policy.pk, file_name=name, content=content)
    return declaration_batch_process(batch_id=batch.pk)


def _report(batch, **kw):
    return [ReportRow(r) for r in batch_report(batch, **kw)]


def _outcomes(batch):
    return {r.row_number: (r.outcome, r.reason_code, r.late) for r in _report(batch)}


def test_a_mixed_file_reports_every_row_with_its_reason():
    user, policy, limit = declaring_setup(amount=Decimal("30000"), terms=("OA",), max_days=90)
    shipped = (today() - timedelta(days=3)).isoformat()
    late = (today() - timedelta(days=20)).isoformat()
    buyer = limit.buyer.name
    rows = [
        ("A-1", buyer, shipped, "USD", "20000", "O/A", 60, "940360", ""),  # 2 covered
        (
            "A-2",
            limit.buyer.registration_number,
            shipped,
            "EUR",
            "10000",
            "OA",
            60,
            "",
            "design services",
        ),  # 3 partly
        ("A-3", buyer, shipped, "USD", "5000", "OA", 60, "940360", ""),  # 4 nothing left
        ("A-4", buyer, "2026-13-45", "USD", "5000", "OA", 60, "940360", ""),  # 5 bad date
        ("A-5", buyer, shipped, "ZZZ", "5000", "OA", 60, "940360", ""),  # 6 bad currency
        ("A-6", buyer, shipped, "GBP", "5000", "OA", 60, "940360", ""),  # 7 no rate
        ("A-7", "Nobody Trading Ltd", shipped, "USD", "5000", "OA", 60, "940360", ""),  # 8 no limit
        ("A-8", buyer, shipped, "USD", "5000", "D/A", 60, "940360", ""),  # 9 term
        ("A-9", buyer, shipped, "USD", "5000", "OA", 91, "940360", ""),  # 10 credit period
        ("A-1", buyer, shipped, "USD", "5000", "OA", 60, "940360", ""),  # 11 repeat in file
        ("A-10", buyer, shipped, "USD", "-5", "OA", 60, "940360", ""),  # 12 bad amount
        ("A-11", buyer, shipped, "USD", "100", "OA", 60, "", ""),  # 13 neither goods nor service
        (
            "A-12",
            buyer,
            late,
            "USD",
            "100",
            "OA",
            60,
            "940360",
            "",
        ),  # 14 late: refused (limit full) but flagged
    ]
    batch = _run(user, policy, _csv(rows))
    assert batch.status == DeclarationBatch.Status.COMPLETED and batch.progress == 100
    got = _outcomes(batch)
    assert got[2] == ("covered", "", False)
    assert got[3] == ("partly_covered", "limit_full", False)
    assert got[4][:2] == ("refused", "limit_exhausted")
    assert got[5][:2] == ("refused", "invalid_date")
    assert got[6][:2] == ("refused", "invalid_currency")
    assert got[7][:2] == ("refused", "rate_missing")
    assert got[8][:2] == ("refused", "no_limit")
    assert got[9][:2] == ("refused", "payment_term")
    assert got[10][:2] == ("refused", "credit_period")
    assert got[11][:2] == ("duplicate", "duplicate_in_file")
    assert got[12][:2] == ("refused", "invalid_amount")
    assert got[13][:2] == ("refused", "description_needed")
    assert got[14] == ("refused", "limit_exhausted", True)
    assert (batch.covered_rows, batch.partly_covered_rows, batch.refused_rows, batch.duplicate_rows) == (
        1,
        1,
        10,
        1,
    )
    partly = ShipmentDeclaration.objects.get(invoice_number="A-2")
    assert partly.amount == Decimal("10000") and partly.amount_usd == Decimal("11000.00")
    assert partly.covered_usd == Decimal("10000.00") and partly.is_service
    limit.refresh_from_db()
    assert limit.exposure_usd == Decimal("30000.00")
    # messages come out in the reader's language
    rows = {r.row_number: r for r in _report(batch)}
    assert "GBP" in rows[7].reason_message and "exchange rate" in rows[7].reason_message
    assert "10000.00" in rows[3].reason_message  # partly covered: how much fitted
    assert [r.row_number for r in _report(batch, outcome="refused")] == [4, 5, 6, 7, 8, 9, 10, 12, 13, 14]
    assert [r.row_number for r in _report(batch, outcome="partly_covered")] == [3]
    # only the rows that declared nothing are stored apart; the others are the declarations
    assert DeclarationBatchRow.objects.filter(batch=batch).count() == 11
    from django.utils import translation

    with translation.override("zh-hans"):
        assert "汇率" in rows[7].reason_message


def test_every_declared_row_leaves_one_audit_row():
    user, policy, limit = declaring_setup()
    shipped = (today() - timedelta(days=3)).isoformat()
    batch = _run(
        user,
        policy,
        _csv([(f"B-{i}", limit.buyer_id, shipped, "USD", "100", "OA", 30, "940360", "") for i in range(7)]),
    )
    ids = [str(pk) for pk in ShipmentDeclaration.objects.filter(batch=batch).values_list("pk", flat=True)]
    ct = ContentType.objects.get_for_model(ShipmentDeclaration)
    events = AuditEvent.objects.filter(content_type=ct, object_id__in=ids)
    assert len(ids) == 7 and events.count() == 7
    assert set(events.values_list("action", flat=True)) == {"shipment_declaration.covered"}
    assert set(events.values_list("actor_id", flat=True)) == {user.pk}


def test_chinese_headers_in_an_excel_file_with_excel_values():
    user, policy, limit = declaring_setup()
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "发票号",
            "买方",
            "出运日期",
            "币种",
            "发票金额",
            "支付方式",
            "信用期限（天）",
            "商品编码",
            "融资意向",
        ]
    )
    shipped = today() - timedelta(days=2)
    ws.append(["X-1", limit.buyer.name.upper(), shipped, "USD", 1234.56, "赊销", 30, 940360, "是"])
    ws.append(
        ["X-2", str(limit.buyer_id), shipped.isoformat(), "eur", "2,000.00", "O/A", 45.0, "9403.60", "否"]
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    batch = _run(user, policy, buffer.getvalue(), name="申报.xlsx")
    assert batch.source == "xlsx" and batch.covered_rows == 2, _outcomes(batch)
    x1 = ShipmentDeclaration.objects.get(invoice_number="X-1")
    assert x1.amount == Decimal("1234.56") and x1.financing_intent and x1.hs_code == "940360"
    x2 = ShipmentDeclaration.objects.get(invoice_number="X-2")
    assert x2.currency == "EUR" and x2.amount == Decimal("2000.00") and x2.credit_days == 45


def test_a_file_without_a_required_column_is_refused_at_once():
    user, policy, _limit = declaring_setup()
    with pytest.raises(DomainError) as error:
        declaration_batch_submit(
            actor=user, policy_id=policy.pk, file_name="x.csv", content=b"Invoice number,Buyer\nA,B\n"
        )
    assert error.value.code == "missing_columns" and "Amount" in error.value.message
    assert not DeclarationBatch.objects.exists()


def test_uploading_the_same_file_again_declares_nothing_twice():
    user, policy, limit = declaring_setup()
    shipped = (today() - timedelta(days=3)).isoformat()
    content = _csv(
        [(f"R-{i}", limit.buyer_id, shipped, "USD", "1000", "OA", 30, "940360", "") for i in range(5)]
    )
    first = _run(user, policy, content)
    limit.refresh_from_db()
    exposure = limit.exposure_usd
    second = _run(user, policy, content)
    assert first.covered_rows == 5
    assert (second.covered_rows, second.duplicate_rows) == (0, 5)
    assert {r.reason_code for r in _report(second)} == {"already_declared"}
    assert ShipmentDeclaration.objects.filter(policy=policy).count() == 5
    limit.refresh_from_db()
    assert limit.exposure_usd == exposure == Decimal("5000.00")


def test_a_crash_midway_leaves_whole_chunks_and_a_rerun_finishes_without_duplicates(monkeypatch):
    user, policy, limit = declaring_setup()
    shipped = (today() - timedelta(days=3)).isoformat()
    content = _csv(
        [(f"C-{i:02d}", limit.buyer_id, shipped, "USD", "1000", "OA", 30, "940360", "") for i in range(10)]
    )
    monkeypatch.setattr(bulk_module, "CHUNK_ROWS", 3)

    def crash_on_second_chunk(batch_id, index):
        if index == 1:
            raise RuntimeError("worker lost")

    monkeypatch.setattr(run_module, "_hook_after_chunk_write", crash_on_second_chunk)
    batch = declaration_batch_submit(actor=user, policy_id=policy.pk, file_name="c.csv", content=content)
    with pytest.raises(RuntimeError):
        declaration_batch_process(batch_id=batch.pk)
    batch.refresh_from_db()
    limit.refresh_from_db()
    assert batch.status == DeclarationBatch.Status.FAILED and "worker lost" in batch.error
    # the first chunk is applied completely, the second not at all
    assert batch.processed_rows == 3 and batch.covered_rows == 3
    assert ShipmentDeclaration.objects.filter(batch=batch).count() == 3
    assert len(_report(batch)) == 3
    assert limit.exposure_usd == Decimal("3000.00")
    ct = ContentType.objects.get_for_model(ShipmentDeclaration)
    assert AuditEvent.objects.filter(content_type=ct).count() == 3

    monkeypatch.setattr(run_module, "_hook_after_chunk_write", lambda batch_id, index: None)
    declaration_batch_process(batch_id=batch.pk)
    batch.refresh_from_db()
    limit.refresh_from_db()
    assert batch.status == DeclarationBatch.Status.COMPLETED
    assert (batch.processed_rows, batch.covered_rows, batch.duplicate_rows) == (10, 10, 0)
    numbers = list(ShipmentDeclaration.objects.filter(policy=policy).values_list("invoice_number", flat=True))
    assert sorted(numbers) == [f"C-{i:02d}" for i in range(10)]
    assert [r.row_number for r in _report(batch)] == list(range(2, 12))
    assert limit.exposure_usd == Decimal("10000.00")
    assert AuditEvent.objects.filter(content_type=ct).count() == 10


@pytest.mark.parametrize("copy", [True, False], ids=["copy", "bulk_create"])
def test_the_bulk_path_decides_exactly_like_the_single_declaration(monkeypatch, copy):
    if not copy:
        monkeypatch.setattr(write_module, "use_copy", lambda: False)
    shipped = today() - timedelta(days=4)
    requests = [
        ("OA", 60, "30000"),
        ("DA", 30, "25000"),
        ("OA", 200, "1000"),  # over the limit's 120 days
        ("DP", 30, "1000"),  # term not allowed
        ("OA", 90, "30000"),  # only part fits
        ("OA", 90, "100"),  # nothing left
    ]
    results = []
    for path in ("single", "bulk"):
        user, policy, limit = declaring_setup(amount=Decimal("70000"), buyer=BuyerFactory())
        if path == "single":
            got = []
            for i, (term, days, amount) in enumerate(requests):
                try:
                    d = declaration_create(
                        actor=user,
                        data=DeclarationInput(
                            policy_id=policy.pk,
                            buyer_id=limit.buyer_id,
                            invoice_number=f"S-{i}",
                            shipment_date=shipped,
                            currency="USD",
                            amount=Decimal(amount),
                            payment_term=term,
                            credit_days=days,
                            hs_code="940360",
                        ),
                    )
                    got.append((d.covered_usd, d.reason_code, d.premium_usd, d.due_date))
                except DomainError as error:
                    got.append((Decimal("0"), error.code, None, None))
        else:
            rows = [
                (f"S-{i}", limit.buyer_id, shipped.isoformat(), "USD", a, t, d, "940360", "")
                for i, (t, d, a) in enumerate(requests)
            ]
            batch = _run(user, policy, _csv(rows))
            got = []
            for r in _report(batch):
                d = ShipmentDeclaration.objects.filter(pk=r.declaration_id).first()
                got.append(
                    (r.covered_usd, r.reason_code, d.premium_usd if d else None, d.due_date if d else None)
                )
        limit.refresh_from_db()
        results.append((got, limit.exposure_usd))
    assert results[0] == results[1]
    assert results[0][1] == Decimal("70000.00")


def test_an_upload_is_declared_against_its_own_policy_only():
    user, policy, limit = declaring_setup()
    other_user, other_policy, other_limit = declaring_setup(user=ExporterFactory())
    CreditLimitFactory(policy=policy, buyer=BuyerFactory(), amount_usd=Decimal("5"))
    shipped = (today() - timedelta(days=3)).isoformat()
    batch = _run(
        user, policy, _csv([("O-1", other_limit.buyer_id, shipped, "USD", "10", "OA", 30, "940360", "")])
    )
    assert _outcomes(batch)[2][:2] == ("refused", "no_limit")
    assert CreditLimit.objects.get(pk=other_limit.pk).exposure_usd == 0
    with pytest.raises(DomainError):
        declaration_batch_submit(actor=user, policy_id=other_policy.pk, file_name="x.csv", content=_csv([]))


def test_copy_writes_every_column_of_the_tables():
    from declarations.engine.write import AUDIT_COLUMNS, DECLARATION_COLUMNS, REPORT_COLUMNS

    def columns(model):
        return {f.column for f in model._meta.concrete_fields} - {"id"}

    assert set(DECLARATION_COLUMNS) - {"id"} == columns(ShipmentDeclaration)
    assert set(AUDIT_COLUMNS) == columns(AuditEvent)
    assert set(REPORT_COLUMNS) == columns(DeclarationBatchRow)


def test_a_second_worker_on_the_same_upload_writes_nothing_twice(monkeypatch):
    user, policy, limit = declaring_setup()
    shipped = (today() - timedelta(days=3)).isoformat()
    content = _csv(
        [(f"W-{i}", limit.buyer_id, shipped, "USD", "100", "OA", 30, "940360", "") for i in range(6)]
    )
    monkeypatch.setattr(bulk_module, "CHUNK_ROWS", 2)
    batch = declaration_batch_submit(actor=user, policy_id=policy.pk, file_name="w.csv", content=content)
    original = bulk_module._process_chunk

    def second_worker_overtakes(ctx, rows, offset, index):
        original(ctx, rows, offset, index)
        if index == 0:  # meanwhile another delivery of the task declared the second chunk
            DeclarationBatch.objects.filter(pk=batch.pk).update(processed_rows=4)

    monkeypatch.setattr(bulk_module, "_process_chunk", second_worker_overtakes)
    result = declaration_batch_process(batch_id=batch.pk)
    assert result.status == DeclarationBatch.Status.RUNNING  # left to the worker that is further on
    assert ShipmentDeclaration.objects.filter(batch=batch).count() == 2  # only its own first chunk


def test_late_rows_are_flagged_and_refused_on_a_buyer_under_a_loss_notice():
    from declarations.selectors import register_loss_notice_check, unregister_loss_notice_check

    user, policy, limit = declaring_setup()
    other = CreditLimitFactory(
        policy=policy, buyer=BuyerFactory(), payment_terms=["OA"], effective_date=today() - timedelta(days=60)
    )
    late = (today() - timedelta(days=20)).isoformat()
    timely = (today() - timedelta(days=2)).isoformat()

    def notice(policy_id, buyer_ids):
        return {limit.buyer_id}

    register_loss_notice_check(notice)
    try:
        batch = _run(
            user,
            policy,
            _csv(
                [
                    ("L-1", limit.buyer_id, late, "USD", "100", "OA", 30, "940360", ""),
                    ("L-2", other.buyer_id, late, "USD", "100", "OA", 30, "940360", ""),
                    ("T-1", limit.buyer_id, timely, "USD", "100", "OA", 30, "940360", ""),
                ]
            ),
        )
    finally:
        unregister_loss_notice_check(notice)
    got = _outcomes(batch)
    assert got[2] == ("refused", "late_after_loss_notice", True)
    assert got[3] == ("covered", "", True)
    assert got[4] == ("refused", "buyer_under_loss_notice", False)
    assert ShipmentDeclaration.objects.get(invoice_number="L-2").late


def test_a_limit_cancelled_while_an_upload_runs_stops_covering_the_next_chunks(monkeypatch):
    from limits.models import CreditLimitChange

    user, policy, limit = declaring_setup()
    shipped = today() - timedelta(days=3)
    content = _csv(
        [
            (f"K-{i}", limit.buyer_id, shipped.isoformat(), "USD", "100", "OA", 30, "940360", "")
            for i in range(4)
        ]
    )
    monkeypatch.setattr(bulk_module, "CHUNK_ROWS", 2)

    def cancel_after_first_chunk(batch_id, index):
        if index == 0:  # the underwriter cancels the limit for shipments from before these
            CreditLimitChange.objects.create(
                limit=limit,
                kind=CreditLimitChange.Kind.CANCELLED,
                notice_date=shipped - timedelta(days=2),
                applies_from=shipped - timedelta(days=1),
                amount_before_usd=limit.amount_usd,
                amount_after_usd=0,
                payment_terms_after=limit.payment_terms,
                max_credit_period_after=limit.max_credit_period_days,
            )

    monkeypatch.setattr(run_module, "_hook_after_chunk_write", cancel_after_first_chunk)
    batch = _run(user, policy, content)
    got = _outcomes(batch)
    assert [got[n][:2] for n in (2, 3)] == [("covered", "")] * 2
    assert [got[n][:2] for n in (4, 5)] == [("refused", "limit_ended")] * 2
