"""Every beat entry names a task the worker knows (a typo would otherwise fail silently at night)."""

from django.conf import settings

from sinosure_portal.celery import app


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "core.remove_orphaned_files" in scheduled
    assert sorted(scheduled - set(app.tasks)) == []
