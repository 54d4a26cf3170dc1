"""Resumable uploads: an upload queued or running with no progress for DECLARATION_BATCH_STUCK_MINUTES
is queued again by the 5-minute sweep (or by the uploader through the page or the API), and
resumes after its last committed chunk with every row declared exactly once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from declarations import tasks
from declarations.engine import run as run_module
from declarations.models import DeclarationBatch, ShipmentDeclaration
from declarations.services import bulk as bulk_module
from declarations.services import declaration_batch_process, declaration_batch_submit
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.notifications.models import Notification
from sinosure_portal.workdays.calendar import today
from tests.factories import ExporterFactory
from tests.factories.declarations import declaring_setup

pytestmark = pytest.mark.django_db
HEADER = "Invoice number,Buyer,Shipment date,Currency,Amount,Payment term,Credit period (days),HS code,Goods or service\n"


def _csv(rows):
    return (HEADER + "".join(",".join(str(c) for c in r) + "\n" for r in rows)).encode()


def _age(batch, minutes):
    DeclarationBatch.objects.filter(pk=batch.pk).update(
        updated_at=timezone.now() - timedelta(minutes=minutes)
    )


def _rows(limit, n, prefix="R"):
    shipped = (today() - timedelta(days=3)).isoformat()
    return [
        (f"{prefix}-{i:02d}", limit.buyer_id, shipped, "USD", "1000", "OA", 30, "940360", "")
        for i in range(n)
    ]


def test_the_sweep_queues_again_an_upload_the_broker_never_received(
    _no_broker_for_batches, django_capture_on_commit_callbacks, settings
):
    settings.DECLARATION_BATCH_STUCK_MINUTES = 10
    user, policy, limit = declaring_setup()
    with django_capture_on_commit_callbacks(execute=True):
        stuck = declaration_batch_submit(
            actor=user, policy_id=policy.pk, file_name="a.csv", content=_csv(_rows(limit, 4, "A"))
        )
        fresh = declaration_batch_submit(
            actor=user, policy_id=policy.pk, file_name="b.csv", content=_csv(_rows(limit, 2, "B"))
        )
    _no_broker_for_batches.clear()  # the broker was down: nothing reached it
    _age(stuck, 11)
    _age(fresh, 9)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_stuck_batches() == 1
    assert _no_broker_for_batches == [stuck.pk]
    ct = ContentType.objects.get_for_model(DeclarationBatch)
    event = AuditEvent.objects.get(
        content_type=ct, object_id=str(stuck.pk), action="declaration_batch.requeued"
    )
    assert (event.from_state, event.to_state, event.reason) == ("queued", "queued", "stuck")
    # queued again: not stuck until another 10 minutes pass, so the next sweep leaves it
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_stuck_batches() == 0
    batch = declaration_batch_process(batch_id=stuck.pk)
    assert (batch.status, batch.covered_rows) == ("completed", 4)


def test_a_worker_lost_mid_upload_is_resumed_by_the_sweep_without_duplicates(
    monkeypatch, _no_broker_for_batches, django_capture_on_commit_callbacks
):
    user, policy, limit = declaring_setup()
    monkeypatch.setattr(bulk_module, "CHUNK_ROWS", 3)
    batch = declaration_batch_submit(
        actor=user, policy_id=policy.pk, file_name="c.csv", content=_csv(_rows(limit, 10, "C"))
    )

    class Killed(BaseException):
        """Not an Exception: like SIGKILL, the batch is not marked failed and stays running."""

    def killed_on_third_chunk(batch_id, index):
        if index == 2:
            raise Killed

    monkeypatch.setattr(run_module, "_hook_after_chunk_write", killed_on_third_chunk)
    with pytest.raises(Killed):
        declaration_batch_process(batch_id=batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.processed_rows) == ("running", 6)
    monkeypatch.setattr(run_module, "_hook_after_chunk_write", lambda batch_id, index: None)

    _no_broker_for_batches.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_stuck_batches() == 0  # it progressed a moment ago
    _age(batch, 11)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_stuck_batches() == 1
    assert _no_broker_for_batches == [batch.pk]
    batch = declaration_batch_process(batch_id=batch.pk)
    limit.refresh_from_db()
    assert (batch.status, batch.processed_rows, batch.covered_rows, batch.duplicate_rows) == (
        "completed",
        10,
        10,
        0,
    )
    numbers = sorted(
        ShipmentDeclaration.objects.filter(policy=policy).values_list("invoice_number", flat=True)
    )
    assert numbers == [f"C-{i:02d}" for i in range(10)]
    assert limit.exposure_usd == Decimal("10000.00")
    ct = ContentType.objects.get_for_model(ShipmentDeclaration)
    assert AuditEvent.objects.filter(content_type=ct).count() == 10


def test_the_api_shows_a_stuck_upload_and_retries_it_for_its_own_organisation_only(
    api_for, _no_broker_for_batches, django_capture_on_commit_callbacks
):
    user, policy, limit = declaring_setup()
    api = api_for(user)
    batch = declaration_batch_submit(
        actor=user, policy_id=policy.pk, file_name="d.csv", content=_csv(_rows(limit, 2, "D"))
    )
    DeclarationBatch.objects.filter(pk=batch.pk).update(status="running")
    url = f"/api/v1/declarations/batches/{batch.pk}/"
    assert api.get(url).json()["stuck"] is False
    response = api.post(url + "retry/")
    assert response.status_code == 400 and response.json()["code"] == "batch_in_progress"

    _age(batch, 30)
    assert api.get(url).json()["stuck"] is True
    assert api_for(ExporterFactory()).post(url + "retry/").status_code == 404
    _no_broker_for_batches.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(url + "retry/")
    assert response.status_code == 202 and response.json()["stuck"] is False
    assert _no_broker_for_batches == [batch.pk]
    ct = ContentType.objects.get_for_model(DeclarationBatch)
    event = AuditEvent.objects.get(
        content_type=ct, object_id=str(batch.pk), action="declaration_batch.requeued"
    )
    assert (event.actor_id, event.reason) == (user.pk, "retry")


def test_the_upload_summary_counts_already_declared_apart_from_refused():
    user, policy, limit = declaring_setup()
    rows = _rows(limit, 3, "E")
    declaration_batch_process(
        batch_id=declaration_batch_submit(
            actor=user, policy_id=policy.pk, file_name="e1.csv", content=_csv(rows[:1])
        ).pk
    )
    bad = ("E-bad", limit.buyer_id, rows[0][2], "USD", "-1", "OA", 30, "940360", "")
    batch = declaration_batch_submit(
        actor=user, policy_id=policy.pk, file_name="e2.csv", content=_csv([*rows, bad])
    )
    batch = declaration_batch_process(batch_id=batch.pk)
    assert (batch.covered_rows, batch.refused_rows, batch.duplicate_rows) == (2, 1, 1)
    note = Notification.objects.filter(user=user, kind="declaration_batch_completed").order_by("-id").first()
    assert "2 covered" in note.title and "1 refused" in note.title and "1 already declared" in note.title
