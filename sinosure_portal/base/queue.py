"""Queue a Celery task by its registered name, through the outbox.

Tasks are thin entry points that call services; a service that queues one names it
("declarations.process_batch") instead of importing its tasks module, so no module imports in a
circle (services -> tasks -> services). The task is recorded in the outbox in the caller's
transaction and relayed to the broker after commit (``sinosure_portal.outbox``): call ``enqueue``
inside the transaction that makes the change, never from an on_commit callback.
"""

from __future__ import annotations

from sinosure_portal.outbox.relay import record


def enqueue(name: str, *args, **kwargs):
    """Record the task registered as ``name`` with these (JSON) arguments; it reaches the broker
    once the current transaction commits (at once, outside a transaction). An unknown name is a
    programming error (KeyError), never silently dropped."""
    return record(name, args, kwargs)
