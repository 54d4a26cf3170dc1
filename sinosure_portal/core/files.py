"""Files under MEDIA_ROOT that no row names any more.

Evidence, uploads and generated PDFs are written to storage before the row that names them
commits; when that transaction rolls back (a refused upload, a crash) the file stays behind with
nothing pointing at it. A nightly sweep removes such files once they are old enough that no
transaction still in flight can be about to commit a row naming them.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
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


def orphaned_files(*, now: datetime, root: Path | None = None) -> list[Path]:
    root = Path(root or settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    cutoff = (now - GRACE).timestamp()
    kept = referenced_names()
    found = []
    for directory, _dirs, files in os.walk(root):
        for name in files:
            path = Path(directory) / name
            relative = path.relative_to(root).as_posix()
            if relative not in kept and path.stat().st_mtime < cutoff:
                found.append(path)
    return found


def orphaned_files_remove(*, today: date, now: datetime | None = None) -> int:
    """Delete files no row names that are older than the grace period; returns how many."""
    now = now or timezone.now()
    with sweep("core.remove_orphaned_files", today) as run:
        for path in orphaned_files(now=now):
            path.unlink(missing_ok=True)
            run.created += 1
    return run.created
