"""Done when: an exporter uploads a file of good and bad rows, watches the progress bar of the
background job finish, and reads each row's outcome and reason (in Chinese, the portal's default),
then declares one shipment with the immediate answer."""

import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection

from declarations import tasks
from declarations.engine import run as run_module
from declarations.models import DeclarationBatch, ShipmentDeclaration
from declarations.services import bulk as bulk_module
from declarations.services import declaration_batch_process
from sinosure_portal.workdays.calendar import today
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD
from tests.factories.declarations import declaring_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(monkeypatch, settings):
    """Stands in for the Celery worker: takes the queued upload a moment later in its own thread
    (with its own database connection), in small chunks so that the progress is visible."""
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the upload is queued, not run inline
    threads: list[threading.Thread] = []

    def delay(batch_id):
        def run():
            try:
                time.sleep(1.0)
                declaration_batch_process(batch_id=batch_id)
            finally:
                connection.close()

        thread = threading.Thread(target=run, daemon=True)
        threads.append(thread)
        thread.start()

    monkeypatch.setattr(tasks.process_batch, "delay", delay)
    monkeypatch.setattr(bulk_module, "CHUNK_ROWS", 3)
    monkeypatch.setattr(run_module, "_hook_after_chunk_write", lambda batch_id, index: time.sleep(0.5))
    yield threads
    for thread in threads:
        thread.join(timeout=30)


def test_upload_watch_progress_and_read_each_rows_reason(page, settings, worker, tmp_path):
    settings.LANGUAGE_CODE = "zh-hans"
    user, policy, limit = declaring_setup(amount=Decimal("20000"), terms=("OA",), max_days=90)
    shipped = (today() - timedelta(days=2)).isoformat()
    buyer = limit.buyer.registration_number
    rows = [
        f"BR-01,{buyer},{shipped},USD,8000.00,赊销,60,940360,",
        f"BR-02,{buyer},{shipped},USD,8000.00,O/A,60,940360,",
        f"BR-03,{buyer},{shipped},EUR,5000.00,OA,60,,设计服务",  # 5,500 USD: only 4,000 left
        f"BR-04,{buyer},{shipped},USD,1000.00,OA,60,940360,",  # nothing left
        f"BR-05,{buyer},{shipped},USD,1000.00,D/A,60,940360,",  # term not allowed
        f"BR-06,{buyer},{shipped},GBP,1000.00,OA,60,940360,",  # no GBP rate
        f"BR-07,无此买方有限公司,{shipped},USD,1000.00,OA,60,940360,",  # no limit
        f"BR-08,{buyer},2026-02-30,USD,1000.00,OA,60,940360,",  # no such date
        f"BR-01,{buyer},{shipped},USD,1000.00,OA,60,940360,",  # repeated invoice
    ]
    upload = tmp_path / "出运申报.csv"
    upload.write_text(
        "发票号,买方,出运日期,币种,发票金额,支付方式,信用期限（天）,商品编码,货物或服务描述\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )

    sign_in(page, user.username, PASSWORD)
    page.goto(f"{page.base_url}/declarations/upload/")
    page.select_option("#id_policy", str(policy.pk))
    page.set_input_files("#id_file", str(upload))
    page.click("[data-testid=upload-submit]")
    page.wait_for_url("**/declarations/batches/*/")

    # the job is queued when the page opens; the bar then moves and finishes
    first = page.get_attribute("[data-testid=batch-progress]", "aria-valuenow")
    assert page.get_attribute("[data-testid=batch-status]", "data-status") in ("queued", "running")
    seen = {int(first)}
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        try:
            seen.add(int(page.get_attribute("[data-testid=batch-progress]", "aria-valuenow", timeout=2000)))
            if page.get_attribute("[data-testid=batch-status]", "data-status", timeout=2000) == "completed":
                break
        except Exception:  # noqa: BLE001, S110 - the page reloads itself when the job is done
            pass
        page.wait_for_timeout(200)
    page.wait_for_selector("[data-testid=batch-status][data-status=completed]")
    assert page.get_attribute("[data-testid=batch-progress]", "aria-valuenow") == "100"
    assert page.inner_text("#bar").strip() == "100%"
    assert min(seen) < 100, seen  # it was watched moving, not found finished
    assert len(seen) >= 2, seen

    # each row, with its outcome and its reason in Chinese
    outcome = {
        int(tr.get_attribute("data-row")): (
            tr.get_attribute("data-outcome"),
            tr.query_selector("[data-testid=row-reason]").inner_text(),
        )
        for tr in page.query_selector_all("[data-testid=batch-rows] tbody tr[data-row]")
    }
    assert [outcome[n][0] for n in range(2, 11)] == [
        "covered",
        "covered",
        "partly_covered",
        "refused",
        "refused",
        "refused",
        "refused",
        "refused",
        "duplicate",
    ]
    assert "4000.00" in outcome[4][1] and "可用限额" in outcome[4][1]
    assert "限额已用完" in outcome[5][1]
    assert "支付方式 DA 不在信用限额批复的范围内" in outcome[6][1]
    assert "GBP" in outcome[7][1] and "汇率" in outcome[7][1]
    assert "没有信用限额" in outcome[8][1]
    assert "不是有效日期" in outcome[9][1]
    assert "重复出现" in outcome[10][1] and "第 2 行" in outcome[10][1]
    assert page.inner_text("[data-testid=count-covered]") == "2"
    assert page.inner_text("[data-testid=count-refused]") == "5"

    # only the refused rows
    page.click("[data-testid=filter-refused]")
    page.wait_for_url("**/declarations/batches/*/?outcome=refused")
    page.wait_for_load_state("domcontentloaded")
    page.wait_for_selector("[data-testid=filter-refused].active")
    rows = page.query_selector_all("[data-testid=batch-rows] tbody tr[data-row]")
    assert [r.get_attribute("data-outcome") for r in rows] == ["refused"] * 5
    batch = DeclarationBatch.objects.get()
    assert batch.status == "completed" and ShipmentDeclaration.objects.filter(batch=batch).count() == 3


def test_declare_one_with_the_immediate_answer(page, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    user, policy, limit = declaring_setup(amount=Decimal("50000"))
    sign_in(page, user.username, PASSWORD)
    page.goto(f"{page.base_url}/declarations/new/")
    page.select_option("#id_limit", str(limit.pk))
    page.fill("#id_invoice_number", "WEB-1")
    page.fill("#id_amount", "80000")
    page.fill("#id_credit_days", "60")
    page.fill("#id_hs_code", "940360")
    page.click("[data-testid=check]")
    page.wait_for_selector("[data-testid=answer]")
    assert page.get_attribute("[data-testid=answer]", "data-outcome") == "partly_covered"
    assert "50,000.00" in page.inner_text("[data-testid=answer-covered]")
    assert not ShipmentDeclaration.objects.exists()
    page.click("[data-testid=declare]")
    page.wait_for_url("**/declarations/*/")
    assert "部分承保" in page.inner_text("main")
    assert ShipmentDeclaration.objects.get().covered_usd == Decimal("50000.00")
