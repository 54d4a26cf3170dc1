import pytest


@pytest.fixture(autouse=True)
def _no_broker_for_batches(monkeypatch, settings):
    """Uploads are queued for the worker after commit. Tests do not send them to the broker: they
    record the queued ids, and run the batch themselves (or set CELERY_TASK_ALWAYS_EAGER)."""
    from declarations import tasks

    # `make test` runs tasks eagerly; these tests take the queued ids themselves
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued: list[int] = []
    monkeypatch.setattr(tasks.process_batch, "delay", lambda batch_id: queued.append(batch_id))
    return queued
