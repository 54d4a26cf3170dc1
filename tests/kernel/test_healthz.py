import pytest
from django.test import override_settings
from django.urls import clear_url_caches, reverse


@pytest.mark.django_db
def test_healthz_tells_staff_the_database_broker_and_calendar(client_for, admin_user):
    body = client_for(admin_user).get("/healthz").json()
    assert body["database"]["ok"] and body["broker"]["ok"]
    assert body["calendar"]["package_years"][0] == 2004
    assert body["ok"] is True


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
