import os
import random

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinosure_portal.settings")

LOCKED_RETRIES = 8


class PortalTask(Task):
    """Every task of the portal. On the embedded SQLite database a task that still meets "database
    is locked" after the 20 s busy timeout is retried a little later instead of failing (every
    task is idempotent, so running it again is safe)."""

    def __call__(self, *args, **kwargs):
        from django.db import OperationalError

        try:
            return super().__call__(*args, **kwargs)
        except OperationalError as exc:
            if "database is locked" not in str(exc) or self.request.is_eager:
                raise
            raise self.retry(exc=exc, countdown=1 + random.random() * 4, max_retries=LOCKED_RETRIES) from exc


app = Celery("sinosure_portal", task_cls=PortalTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
