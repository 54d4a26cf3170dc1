from celery import shared_task

from sinosure_portal.workdays.calendar import today


@shared_task(name="core.remove_orphaned_files", soft_time_limit=540, time_limit=600)
def remove_orphaned_files() -> int:
    from sinosure_portal.core.files import orphaned_files_remove

    return orphaned_files_remove(today=today())
