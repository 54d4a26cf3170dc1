"""Stored files (local disk or the object store) that no row names any more.

Evidence, uploads and generated PDFs are written to storage before the row that names them
commits; when that transaction rolls back (a refused upload, a crash) the file stays behind with
nothing pointing at it. A nightly sweep removes such files once they are old enough that no
transaction still in flight can be about to commit a row naming them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from django.apps import apps
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.utils import timezone

from sinosure_portal.notifications.services import sweep

GRACE = timedelta(hours=24)  # far longer than any transaction the portal runs


def referenced_names() -> set[str]:
    """Every file name stored in any FileField of any model (one query per field)."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    model._default_manager.exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                )
    return names


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in ``storage`` below ``folder`` (local disk or an object store alike)."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def orphaned_files(*, now: datetime, storage: Storage | None = None) -> list[str]:
    """Names of stored files no row names, older than the grace period."""
    storage = storage or default_storage
    cutoff = now - GRACE
    kept = referenced_names()
    return [
        name
        for name in stored_names(storage)
        if name not in kept and storage.get_modified_time(name) < cutoff
    ]


def orphaned_files_remove(*, today: date, now: datetime | None = None) -> int:
    """Delete files no row names that are older than the grace period; returns how many."""
    now = now or timezone.now()
    with sweep("core.remove_orphaned_files", today) as run:
        for name in orphaned_files(now=now):
            default_storage.delete(name)
            run.created += 1
    return run.created
