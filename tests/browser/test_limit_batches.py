"""Done when: an underwriter uploads a file of limit actions, watches the background job's progress
bar finish, reads each row's outcome with the bad rows' problems in Chinese, downloads the report,
and the limits changed through their workflow."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from declarations.services import limit_batches
from limits.models import CreditLimit
from sinosure_portal.base import queue as queue_module
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, UnderwriterFactory
from tests.factories.limits import CreditLimitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(monkeypatch, settings):
    """Stands in for the Celery worker: takes the queued batch a moment later in its own thread (its
    own database connection), a row every half second so that the progress shows."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    threads: list[threading.Thread] = []
    real_record = queue_module.record

    def record(name, args, kwargs):
        if name != "declarations.process_limit_batch":
            return real_record(name, args, kwargs)

        def run():
            try:
                time.sleep(1.0)
                limit_batches.limit_batch_process(batch_id=args[0])
            finally:
                connection.close()

        thread = threading.Thread(target=run, daemon=True)
        threads.append(thread)
        from django.db import transaction

        transaction.on_commit(thread.start)
        return None

    monkeypatch.setattr(queue_module, "record", record)
    real_process = limit_batches._process_row

    def slow(*args, **kwargs):
        time.sleep(0.5)
        return real_process(*args, **kwargs)

    monkeypatch.setattr(limit_batches, "_process_row", slow)
    yield threads
    for thread in threads:
        thread.join(timeout=30)


def test_upload_watch_progress_read_each_row_and_download_the_report(page, settings, worker, tmp_path):
    settings.LANGUAGE_CODE = "zh-hans"
    underwriter = UnderwriterFactory()
    first = CreditLimitFactory(amount_usd=Decimal("100000"))
    second = CreditLimitFactory(amount_usd=Decimal("50000"))
    upload = tmp_path / "限额批量.csv"
    upload.write_text(
        "操作,限额编号,金额（美元）,原因\n"
        f"减额,{first.number},60000,国别风险上升\n"
        f"取消,{second.number},,买方停止经营\n"
        f"减额,{first.number},900000,再减\n"  # more than the limit: not a reduction
        "扩大,CL-X,,\n",  # no such action
        encoding="utf-8",
    )
    sign_in(page, underwriter.username, PASSWORD)
    page.goto(f"{page.base_url}/limits/batches/")
    page.set_input_files("#id_file", str(upload))
    page.fill("#id_client_reference", "2026Q4")
    page.click("[data-testid=limit-batch-submit]")
    page.wait_for_selector("[data-testid=batch-progress]")
    page.wait_for_selector("[data-testid=batch-status][data-status=completed]", timeout=30000)
    assert page.inner_text("[data-testid=count-done]") == "2"
    assert page.inner_text("[data-testid=count-refused]") == "2"
    rows = page.locator("[data-testid=batch-rows] tbody tr")
    assert rows.count() == 4
    refused = page.locator("[data-testid=batch-rows] tr[data-outcome=refused] [data-testid=row-problems]")
    texts = [refused.nth(i).inner_text() for i in range(refused.count())]
    assert any("扩大" in t and "操作" in t for t in texts)  # the action named, in Chinese
    assert len(texts) == 2 and all(t.strip() for t in texts)
    with page.expect_download() as download:
        page.click("[data-testid=report-xlsx]")
    assert download.value.suggested_filename.endswith(".xlsx")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.amount_usd, second.status) == ("reduced", Decimal("60000.00"), "cancelled")
    assert CreditLimit.objects.filter(status="cancelled").count() == 1
