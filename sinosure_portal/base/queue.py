"""Queue a Celery task by its registered name.

Tasks are thin entry points that call services; a service that queues one names it
("declarations.process_batch") instead of importing its tasks module, so no module imports in a
circle (services -> tasks -> services). The name is looked up in Celery's registry, loading the
apps' tasks modules the way a worker does when the name is not known yet.
"""

from __future__ import annotations

import threading

from celery import current_app

# the first callers to find the tasks not loaded yet may be several threads at once: one loads them
# while the others wait (without the lock a second thread saw a half-loaded registry: NotRegistered)
_LOADING = threading.Lock()


def enqueue(name: str, *args, **kwargs):
    """``delay`` the task registered as ``name`` with these arguments; returns its AsyncResult.
    An unknown name is a programming error (KeyError), never silently dropped."""
    tasks = current_app.tasks
    if name not in tasks:
        with _LOADING:
            if name not in tasks:
                current_app.loader.import_default_modules()
    return tasks[name].delay(*args, **kwargs)
