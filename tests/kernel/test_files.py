"""Files a rolled-back upload left behind are removed by the nightly sweep; files a row names,
and files too recent to judge, are kept."""

import os
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from claims import services as claim_services
from claims.models import ClaimDocument
from sinosure_portal.core.files import GRACE, orphaned_files_remove
from sinosure_portal.notifications.models import SweepRun
from sinosure_portal.workdays.calendar import today
from tests.factories.claims import PDF, filed_claim

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def _age(path, by):
    old = (timezone.now() - by).timestamp()
    os.utime(path, (old, old))


def _upload(user, claim, name):
    return claim_services.claim_document_upload(
        actor=user, claim_id=claim.pk, kind="invoice", file_name=name, content=PDF + name.encode()
    )


def test_a_rolled_back_upload_leaves_a_file_the_sweep_removes_and_kept_files_stay(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user, claim = filed_claim()
    kept = _upload(user, claim, "kept.pdf")
    with pytest.raises(Boom), transaction.atomic():
        _upload(user, claim, "lost.pdf")
        raise Boom  # e.g. a later step of the same request failed
    assert ClaimDocument.objects.count() == 1
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert len(files) == 2  # the rolled-back row's file is still on disk
    lost = next(p for p in files if p.name != os.path.basename(kept.file.name))
    fresh = tmp_path / "claims" / "evidence" / "stray-just-now.pdf"
    fresh.write_bytes(PDF)
    for path in files:
        _age(path, GRACE + timedelta(hours=1))

    assert orphaned_files_remove(today=today()) == 1
    assert not lost.exists()
    assert (tmp_path / kept.file.name).exists()  # named by a row, however old
    assert fresh.exists()  # too recent: its transaction may still be running
    assert SweepRun.objects.get(name="core.remove_orphaned_files").created == 1
    # a second run finds nothing more
    assert orphaned_files_remove(today=today()) == 0


def test_nothing_to_do_without_a_media_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "missing"
    assert orphaned_files_remove(today=today()) == 0


def test_stored_files_are_never_served_from_media_url_even_in_debug(settings, tmp_path, client):
    import importlib

    from django.urls import clear_url_caches

    import sinosure_portal.urls

    settings.MEDIA_ROOT = tmp_path
    user, claim = filed_claim()
    doc = _upload(user, claim, "invoice.pdf")
    settings.DEBUG = True
    try:
        importlib.reload(sinosure_portal.urls)
        clear_url_caches()
        client.force_login(user)  # even its own uploader goes through the claim's view
        assert client.get(f"{settings.MEDIA_URL}{doc.file.name}").status_code == 404
    finally:
        settings.DEBUG = False
        importlib.reload(sinosure_portal.urls)
        clear_url_caches()
