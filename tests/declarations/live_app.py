"""The portal's Celery app for the live worker tests (``celery -A tests.declarations.live_app worker``):
the real app, with uploads cut into LIVE_CHUNK_ROWS-row chunks that each take SLOW_CHUNK_SECONDS, so
that a test can kill the worker while an upload is half done."""

import os
import time

from celery.signals import task_prerun

from sinosure_portal.celery import app

__all__ = ["app"]


def _pause(batch_id, chunk_index):
    time.sleep(float(os.environ.get("SLOW_CHUNK_SECONDS", "0")))


@task_prerun.connect
def _slow_small_chunks(**kwargs):
    # Django is set up by now (the app's fixup does it when the worker starts)
    from declarations.engine import run as run_module
    from declarations.services import bulk

    bulk.CHUNK_ROWS = int(os.environ.get("LIVE_CHUNK_ROWS", bulk.CHUNK_ROWS))
    run_module._hook_after_chunk_write = _pause
