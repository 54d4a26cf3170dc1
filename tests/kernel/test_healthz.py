import pytest


@pytest.mark.django_db
def test_healthz_reports_database_broker_and_calendar(client):
    body = client.get("/healthz").json()
    assert body["database"]["ok"] and body["broker"]["ok"]
    assert body["calendar"]["package_years"][0] == 2004
    assert body["ok"] is True
