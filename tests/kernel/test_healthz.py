import pytest
from django.test import override_settings
from django.urls import clear_url_caches, reverse


@pytest.mark.django_db
def test_healthz_tells_staff_the_database_broker_and_calendar(client_for, admin_user):
    body = client_for(admin_user).get("/healthz").json()
    assert body["database"]["ok"] and body["broker"]["ok"]
    assert body["calendar"]["package_years"][0] == 2004
    assert body["outbox"] == {"pending": 0, "oldest_seconds": 0, "failed": 0}
    assert body["ok"] is True


@pytest.mark.django_db
def test_healthz_tells_staff_how_much_work_waits_for_the_broker(client_for, admin_user):
    from datetime import timedelta

    from django.utils import timezone

    from sinosure_portal.outbox.models import OutboxMessage

    now = timezone.now()
    OutboxMessage.objects.create(task="t", created_at=now - timedelta(seconds=90))
    OutboxMessage.objects.create(task="t", created_at=now - timedelta(seconds=5))
    OutboxMessage.objects.create(task="t", sent_at=now)
    OutboxMessage.objects.create(task="t", failed_at=now)
    outbox = client_for(admin_user).get("/healthz").json()["outbox"]
    assert outbox["pending"] == 2 and outbox["failed"] == 1
    assert 90 <= outbox["oldest_seconds"] < 120


@pytest.mark.django_db
def test_healthz_tells_strangers_only_ok(client, client_for, exporter):
    for c in (client, client_for(exporter)):
        response = c.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"ok": True}


@pytest.mark.django_db
def test_admin_lives_at_a_configurable_path(client_for, admin_user):
    import importlib

    import sinosure_portal.urls

    try:
        with override_settings(PORTAL_ADMIN_PATH="backoffice-7f3a/"):
            importlib.reload(sinosure_portal.urls)
            clear_url_caches()
            c = client_for(admin_user)
            assert reverse("admin:index") == "/backoffice-7f3a/"
            assert c.get("/backoffice-7f3a/").status_code == 200
            assert c.get("/admin/").status_code == 404
    finally:
        importlib.reload(sinosure_portal.urls)
        clear_url_caches()
    assert reverse("admin:index") == "/admin/"
