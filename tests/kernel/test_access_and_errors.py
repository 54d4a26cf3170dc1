import pytest
from django.urls import reverse

from sinosure_portal.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_exporter2_never_sees_exporters_inbox_through_the_api(api_for, exporter, exporter2):
    notify([exporter], kind="t", title="secret of exporter", email=False)
    body = api_for(exporter2).get("/api/v1/notifications/").json()
    assert body["count"] == 0
    assert api_for(exporter).get("/api/v1/notifications/").json()["count"] == 1


def test_exporter2_never_sees_exporters_inbox_through_pages(client_for, exporter, exporter2):
    notify([exporter], kind="t", title="secret of exporter", email=False)
    assert "secret of exporter" not in client_for(exporter2).get(reverse("core:inbox")).content.decode()


def test_exporter2_cannot_mark_exporters_messages_read(api_for, exporter, exporter2):
    [note] = notify([exporter], kind="t", title="x", email=False)
    assert api_for(exporter2).post(
        "/api/v1/notifications/read/", {"ids": [note.pk]}, format="json"
    ).json() == {"marked": 0}
    note.refresh_from_db()
    assert note.read_at is None


def test_staff_pages_are_404_for_exporters_and_banks(client_for, exporter, bank_officer):
    for user in (exporter, bank_officer):
        c = client_for(user)
        for url in ("/audit/", "/rates/", "/calendar/", "/api/v1/audit-events/"):
            assert c.get(url).status_code == 404, (user.username, url)


def test_bad_query_input_is_a_400_naming_the_field(api_for, exporter):
    response = api_for(exporter).get(
        "/api/v1/calendar/add-business-days/", {"start": "2026-13-01", "days": "x"}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["field"] in {"start", "days"}


def test_business_day_api_returns_provisional_flag(api_for, exporter):
    body = (
        api_for(exporter)
        .get("/api/v1/calendar/add-business-days/", {"start": "2026-09-28", "days": 10})
        .json()
    )
    assert body == {"start": "2026-09-28", "days": 10, "date": "2026-10-16", "provisional": False}


def test_unauthenticated_api_is_refused(client):
    assert client.get("/api/v1/me/").status_code in {401, 403}


def test_me_names_the_organisation(api_for, exporter):
    body = api_for(exporter).get("/api/v1/me/").json()
    assert body["role"] == "exporter" and body["organisation"]["uscc"] == exporter.organisation.uscc


def test_domain_error_on_a_page_is_a_400_with_its_message(client_for, admin_user):
    response = client_for(admin_user).post(
        "/calendar/", {"day-date": "2027-02-08", "day-kind": "workday", "day-name": "x"}
    )
    # 2027-02-08 is a Monday: a makeup working day must be on a weekend; shown next to the field
    assert response.status_code == 200
    assert "Saturday or Sunday" in response.content.decode()


def test_token_endpoint_gives_a_token(client, exporter):
    credentials = {"username": "exporter", "password": "test-pass-2026"}
    response = client.post("/api/v1/auth/token/", credentials, content_type="application/json")
    assert response.status_code == 200 and response.json()["token"]
    # the API reads JSON bodies (uploads name their own parsers): a form body is refused, not guessed
    assert client.post("/api/v1/auth/token/", credentials).status_code == 415


def test_schema_and_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"cdn" not in docs.content.lower()
