import pytest


@pytest.fixture(autouse=True)
def _coverage_notice_tasks_run_inline(monkeypatch):
    """Declarations announce what they committed and financing queues a Celery task; tests run it
    inline (no broker) and record which declarations were queued."""
    from financing import tasks

    queued: list[list[int]] = []

    def run(ids):
        queued.append(list(ids))
        return tasks.issue_coverage_notices.run(ids)

    monkeypatch.setattr(tasks.issue_coverage_notices, "delay", run)
    return queued
