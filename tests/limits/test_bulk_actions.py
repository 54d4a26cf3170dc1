"""Bulk limit actions (issue 14 item 3): many applications, reductions, cancellations and renewals
from one file or API batch, each row through the limit's own workflow, with a per-row report that
names every bad row with its problems in the reader's language; the same batch reference changes
nothing twice; a batch hitting an unexpected error is marked failed (never left running) and
resumes when run again; another organisation's batch is not found."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook
from rest_framework.test import APIClient

from declarations import tasks
from declarations.models import LimitBatch, LimitBatchRow
from declarations.services import limit_rows
from declarations.services.limit_batches import (
    limit_batch_process,
    limit_batch_retry,
    limit_batch_submit,
    limit_batches_sweep_stuck,
)
from limits.models import CreditLimit, CreditLimitApplication, CreditLimitChange
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.outbox.models import OutboxMessage
from tests.factories import BuyerFactory, ExporterFactory
from tests.factories.limits import CreditLimitFactory, LimitAutoRuleFactory
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db

HEADER = "操作,限额编号,保单号,买方,金额（美元）,支付方式,信用期限（天）,货物或服务,通知日期,原因\n"


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


class _Queued:
    """The batches queued for the worker through the outbox (the tests run them themselves)."""

    def __eq__(self, other) -> bool:
        return list(self) == other

    def __iter__(self):
        found = OutboxMessage.objects.filter(task=tasks.process_limit_batch.name).order_by("id")
        return iter([m.args[0] for m in found])

    def __repr__(self) -> str:
        return repr(list(self))


@pytest.fixture
def queued():
    return _Queued()


def _csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode("utf-8")


def _run(actor, content: bytes, reference: str = "") -> LimitBatch:
    batch, _created = limit_batch_submit(
        actor=actor, file_name="limits.csv", content=content, client_reference=reference
    )
    return limit_batch_process(batch_id=batch.pk)


def _rows(batch) -> dict[int, LimitBatchRow]:
    return {r.row_number: r for r in batch.rows.all()}


def test_an_exporters_batch_applies_renews_and_reports_each_bad_row_with_every_problem(exporter, queued):
    LimitAutoRuleFactory()  # small green requests are approved at once
    policy = PolicyFactory(organisation=exporter.organisation)
    buyer, other = BuyerFactory(), BuyerFactory()
    live = CreditLimitFactory(policy=policy, buyer=other, amount_usd=Decimal("80000"), payment_terms=["OA"])
    stranger_limit = CreditLimitFactory()  # another organisation's
    batch = _run(
        exporter,
        _csv(
            f"申请,,{policy.number},{buyer.registration_number},40000,O/A,90,家具,,",  # 2: approved at once
            f"apply,,{policy.number},,-5,O/A,999,家具,,",  # 3: three problems at once
            f"续转,{live.number},,,120000,,,家具,,",  # 4: a new application, same buyer and policy
            f"cancel,{live.number},,,,,,,,不再出口",  # 5: an exporter may not cancel
            f"reduce,{stranger_limit.number},,,1000,,,,,x",  # 6: not theirs
            "enlarge,,,,,,,,,",  # 7: no such action
        ),
    )
    assert batch.status == LimitBatch.Status.COMPLETED and queued == [batch.pk]
    assert (batch.total_rows, batch.processed_rows, batch.done_rows, batch.refused_rows) == (6, 6, 2, 4)
    rows = _rows(batch)
    approved = rows[2].application
    assert rows[2].outcome == "done" and approved.status == "approved" and approved.buyer == buyer
    assert rows[2].limit == CreditLimit.objects.get(policy=policy, buyer=buyer)
    renewal = rows[4].application
    assert rows[4].outcome == "done" and (renewal.policy, renewal.buyer) == (policy, other)
    assert renewal.amount_requested_usd == Decimal("120000") and renewal.payment_term == "OA"
    assert renewal.credit_period_days == live.max_credit_period_days  # the limit's terms unless given
    assert [p["code"] for p in rows[3].problems] == ["missing", "invalid_amount", "invalid_days"]
    assert [p["field"] for p in rows[3].problems] == ["buyer", "amount_usd", "credit_period_days"]
    with translation.override("zh-hans"):
        three = rows[3].problem_texts
        assert "买方" in three[0] and "-5" in three[1] and "999" in three[2]
        assert "出口商" in rows[5].problem_texts[0] or "角色" in rows[5].problem_texts[0]
        assert stranger_limit.number in rows[6].problem_texts[0]
    with translation.override("en"):
        assert rows[3].problem_texts[0] == "Buyer is missing."
        assert "enlarge" in rows[7].problem_texts[0] and "apply" in rows[7].problem_texts[0]
    assert CreditLimit.objects.get(pk=live.pk).status == "active"  # the refused cancel changed nothing


def test_an_underwriters_batch_reduces_and_cancels_through_the_workflow_and_a_repeat_changes_nothing(
    underwriter, queued
):
    first, second = (
        CreditLimitFactory(amount_usd=Decimal("100000")),
        CreditLimitFactory(amount_usd=Decimal("60000")),
    )
    content = _csv(
        f"减额,{first.number},,,70000,,,,,国别风险上升", f"取消,{second.number},,,,,,,,买方停止经营"
    )
    batch = _run(underwriter, content, reference="Q4-REVIEW")
    assert (batch.done_rows, batch.refused_rows) == (2, 0)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.amount_usd, second.status) == ("reduced", Decimal("70000.00"), "cancelled")
    assert AuditEvent.objects.filter(action="credit_limit.reduced", object_id=str(first.pk)).count() == 1
    changes = CreditLimitChange.objects.count()
    again, created = limit_batch_submit(
        actor=underwriter, file_name="limits.csv", content=content, client_reference="Q4-REVIEW"
    )
    assert not created and again.pk == batch.pk and queued == [batch.pk]  # queued once
    limit_batch_process(batch_id=batch.pk)  # a redelivered task: nothing more
    assert CreditLimitChange.objects.count() == changes and LimitBatch.objects.count() == 1
    assert LimitBatchRow.objects.filter(batch=batch).count() == 2


def test_an_unexpected_error_fails_the_batch_with_the_error_and_a_retry_resumes(
    underwriter, queued, monkeypatch
):
    limits = [CreditLimitFactory() for _ in range(3)]
    content = _csv(*(f"cancel,{limit.number},,,,,,,,end" for limit in limits))
    real = limit_rows.limit_services.limit_cancel
    calls = []

    def flaky(**kw):
        calls.append(kw["limit_id"])
        if len(calls) == 2:
            raise RuntimeError("the disk is full")
        return real(**kw)

    monkeypatch.setattr(limit_rows.limit_services, "limit_cancel", flaky)
    batch = _run(underwriter, content)
    assert batch.status == LimitBatch.Status.FAILED and "RuntimeError: the disk is full" in batch.error
    assert batch.processed_rows == 1 and [r.row_number for r in batch.rows.all()] == [2]
    limit_batch_retry(actor=underwriter, batch_id=batch.pk)
    batch = limit_batch_process(batch_id=batch.pk)
    assert batch.status == LimitBatch.Status.COMPLETED and (batch.done_rows, batch.refused_rows) == (3, 0)
    assert list(calls) == [limits[0].pk, limits[1].pk, limits[1].pk, limits[2].pk]  # row 2 not redone
    assert CreditLimit.objects.filter(status="cancelled").count() == 3


def test_the_sweep_fails_a_batch_whose_worker_was_lost_and_requeues_a_lost_message(
    exporter, settings, queued
):
    settings.LIMIT_BATCH_STUCK_MINUTES = 30
    policy = PolicyFactory(organisation=exporter.organisation)
    running, _c = limit_batch_submit(
        actor=exporter, file_name="a.csv", content=_csv(f"apply,,{policy.number},x,1,OA,30,g,,")
    )
    waiting, _c = limit_batch_submit(
        actor=exporter, file_name="b.csv", content=_csv(f"apply,,{policy.number},x,1,OA,30,g,,")
    )
    LimitBatch.objects.filter(pk=running.pk).update(status="running")
    long_ago = timezone.now() - timedelta(minutes=31)
    LimitBatch.objects.filter(pk__in=[running.pk, waiting.pk]).update(updated_at=long_ago)
    before = OutboxMessage.objects.count()
    assert limit_batches_sweep_stuck() == 2
    running.refresh_from_db()
    assert running.status == "failed" and "30" in running.error
    assert LimitBatch.objects.get(pk=waiting.pk).status == "queued"
    assert OutboxMessage.objects.count() == before + 1  # the waiting one queued again
    assert limit_batches_sweep_stuck() == 0  # twice: nothing more


def test_a_file_without_the_action_column_is_refused_at_once_naming_it(exporter):
    with translation.override("en"), pytest.raises(Exception) as refused:
        limit_batch_submit(actor=exporter, file_name="x.csv", content=b"limit,buyer\nCL1,x\n")
    assert refused.value.code == "missing_columns" and "Action" in refused.value.message
    assert not LimitBatch.objects.exists()


# --- the API and the report ------------------------------------------------------------------------------


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_takes_rows_answers_the_same_reference_once_and_hides_other_organisations(
    underwriter, queued
):
    limit = CreditLimitFactory(amount_usd=Decimal("90000"))
    client = _api(underwriter)
    body = {
        "client_reference": "API-1",
        "rows": [
            {"action": "reduce", "limit": limit.number, "amount_usd": "45000", "reason": "review"},
            {"action": "cancel", "limit": "CL-NONE"},
        ],
    }
    made = client.post("/api/v1/limits/batches/", body, format="json")
    assert made.status_code == 202, made.content
    again = client.post("/api/v1/limits/batches/", body, format="json")
    assert again.status_code == 200 and again.json()["id"] == made.json()["id"]
    limit_batch_process(batch_id=made.json()["id"])
    detail = client.get(f"/api/v1/limits/batches/{made.json()['id']}/").json()
    assert (detail["status"], detail["done_rows"], detail["refused_rows"]) == ("completed", 1, 1)
    rows = client.get(f"/api/v1/limits/batches/{made.json()['id']}/rows/", HTTP_ACCEPT_LANGUAGE="en").json()
    refused = [r for r in rows["results"] if r["outcome"] == "refused"][0]
    codes = {p["code"] for p in refused["problems"]}
    assert refused["row_number"] == 3 and codes == {"limit_unknown"}
    assert any("CL-NONE" in p["message"] for p in refused["problems"])
    stranger = _api(ExporterFactory())
    assert stranger.get(f"/api/v1/limits/batches/{made.json()['id']}/").status_code == 404
    assert stranger.get(f"/api/v1/limits/batches/{made.json()['id']}/rows/").status_code == 404
    assert stranger.get("/api/v1/limits/batches/").json()["count"] == 0


def test_the_report_downloads_with_each_rows_outcome_and_problems(exporter, client, queued):
    policy = PolicyFactory(organisation=exporter.organisation)
    batch = _run(exporter, _csv(f"apply,,{policy.number},无此买方,100,OA,30,g,,"))
    client.force_login(exporter)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(f"/limits/batches/{batch.pk}/").content.decode()
    assert "无此买方" in page and 'data-outcome="refused"' in page
    workbook = load_workbook(BytesIO(client.get(f"/limits/batches/{batch.pk}/report.xlsx").content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[2]][:4] == [2, "申请信用限额", "无此买方", "已拒绝"]
    assert "无此买方" in str(sheet[2][6].value)
    other = ExporterFactory()
    client.force_login(other)
    assert client.get(f"/limits/batches/{batch.pk}/").status_code == 404
    assert CreditLimitApplication.objects.count() == 0
