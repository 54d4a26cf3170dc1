"""API keys: hashed at rest, named, several per user, expiring, revocable on a page and by the API,
all revoked when the password changes or the user is deactivated; a locked-out sign-in is a 429."""

import hashlib
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from sinosure_portal.accounts.keys import api_key_create
from sinosure_portal.accounts.models import ApiKey
from sinosure_portal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "test-pass-2026"


def bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def _all_text_in_the_database() -> str:
    """Every text column of every table of the portal, dumped (to look for a secret)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (names from the schema)
            chunks.extend(str(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_token_endpoint_returns_a_new_named_key_stored_only_as_its_hash(exporter):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "exporter", "password": PASSWORD, "name": "ERP"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    secret = body["token"]
    assert body["name"] == "ERP" and secret.startswith(body["prefix"]) and len(secret) >= 40
    stored = ApiKey.objects.get(pk=body["id"])
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in _all_text_in_the_database()
    # 90 days by default
    assert abs(stored.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)
    me = bearer(secret).get("/api/v1/me/")
    assert me.status_code == 200 and me.json()["username"] == "exporter"
    # the header of the first clients still works
    old_style = APIClient()
    old_style.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert old_style.get("/api/v1/me/").status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_token_endpoint_replaces_a_key_of_the_same_name(exporter):
    api = APIClient()
    first = api.post("/api/v1/auth/token/", {"username": "exporter", "password": PASSWORD}).json()
    second = api.post("/api/v1/auth/token/", {"username": "exporter", "password": PASSWORD}).json()
    assert first["token"] != second["token"]
    assert bearer(first["token"]).get("/api/v1/me/").status_code == 401
    assert bearer(second["token"]).get("/api/v1/me/").status_code == 200


def test_expired_key_is_401(exporter):
    new = api_key_create(user=exporter, name="short", expires_in_days=1)
    assert bearer(new.secret).get("/api/v1/me/").status_code == 200
    ApiKey.objects.filter(pk=new.api_key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = bearer(new.secret).get("/api/v1/me/")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")


def test_unknown_key_is_401():
    assert bearer("ssp_" + "x" * 43).get("/api/v1/me/").status_code == 401


def test_several_named_keys_listed_without_their_secret_and_revoked_through_the_api(exporter):
    erp = api_key_create(user=exporter, name="ERP")
    bank = api_key_create(user=exporter, name="bank link")
    api = bearer(erp.secret)
    listed = api.get("/api/v1/api-keys/")
    assert listed.status_code == 200
    rows = listed.json()["results"]
    assert sorted(r["name"] for r in rows) == ["ERP", "bank link"]
    assert erp.secret not in listed.content.decode() and bank.secret not in listed.content.decode()
    made = api.post("/api/v1/api-keys/", {"name": "reports", "expires_in_days": 30}, format="json")
    assert made.status_code == 201
    assert abs(
        ApiKey.objects.get(pk=made.json()["id"]).expires_at - (timezone.now() + timedelta(days=30))
    ) < timedelta(minutes=1)
    assert bearer(made.json()["token"]).get("/api/v1/me/").status_code == 200
    # same name while active: 409; longer than the setting allows: 400 naming the field
    assert api.post("/api/v1/api-keys/", {"name": "ERP"}, format="json").status_code == 409
    too_long = api.post("/api/v1/api-keys/", {"name": "x", "expires_in_days": 91}, format="json")
    assert too_long.status_code == 400 and too_long.json()["field"] == "expires_in_days"
    revoked = api.post(f"/api/v1/api-keys/{bank.api_key.pk}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert bearer(bank.secret).get("/api/v1/me/").status_code == 401
    assert AuditEvent.objects.filter(action="api_key.revoked", object_id=str(bank.api_key.pk)).count() == 1


def test_revoked_key_is_401(exporter, client_for):
    new = api_key_create(user=exporter, name="ERP")
    page = client_for(exporter).post(f"/accounts/api-keys/{new.api_key.pk}/revoke/")
    assert page.status_code == 302
    assert bearer(new.secret).get("/api/v1/me/").status_code == 401


def test_another_users_key_cannot_be_revoked(exporter, exporter2, client_for):
    theirs = api_key_create(user=exporter2, name="theirs")
    mine = api_key_create(user=exporter, name="mine")
    assert bearer(mine.secret).post(f"/api/v1/api-keys/{theirs.api_key.pk}/revoke/").status_code == 404
    assert client_for(exporter).post(f"/accounts/api-keys/{theirs.api_key.pk}/revoke/").status_code == 404
    assert bearer(theirs.secret).get("/api/v1/me/").status_code == 200


def test_password_change_revokes_every_key(exporter, client_for):
    keys = [api_key_create(user=exporter, name=f"key {i}") for i in range(3)]
    response = client_for(exporter).post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Brand-new-2026!", "new_password2": "Brand-new-2026!"},
    )
    assert response.status_code == 302
    for key in keys:
        assert bearer(key.secret).get("/api/v1/me/").status_code == 401
    assert set(ApiKey.objects.filter(user=exporter).values_list("revoked_because", flat=True)) == {
        "password_changed"
    }
    assert AuditEvent.objects.filter(action="api_key.revoked").count() == 3


def test_set_password_anywhere_revokes_every_key(exporter):
    key = api_key_create(user=exporter, name="ERP")
    exporter.set_password("Another-one-2026!")
    exporter.save()
    assert bearer(key.secret).get("/api/v1/me/").status_code == 401


def test_deactivation_revokes_every_key(exporter, admin_user):
    keys = [api_key_create(user=exporter, name=f"key {i}") for i in range(2)]
    exporter.is_active = False
    exporter.save()
    assert set(ApiKey.objects.filter(user=exporter).values_list("status", "revoked_because")) == {
        ("revoked", "deactivated")
    }
    exporter.is_active = True  # reactivated: the old keys stay revoked
    exporter.save()
    for key in keys:
        assert bearer(key.secret).get("/api/v1/me/").status_code == 401


def test_api_keys_page_shows_a_new_key_once(exporter, client_for, settings):
    client = client_for(exporter)
    page = client.get("/accounts/api-keys/")
    assert page.status_code == 200
    made = client.post("/accounts/api-keys/", {"name": "ERP", "expires_in_days": 10})
    assert made.status_code == 200
    secret = made.context["new_key"].secret
    assert secret in made.content.decode()
    assert "no-store" in made["Cache-Control"]
    again = client.get("/accounts/api-keys/").content.decode()
    assert "ERP" in again and secret not in again and secret[:12] in again
    too_long = client.post("/accounts/api-keys/", {"name": "x", "expires_in_days": 91})
    assert too_long.context["form"].errors["expires_in_days"]
    settings.LANGUAGE_CODE = "zh-hans"
    assert (
        "我的 API 密钥" in client.get("/accounts/api-keys/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    )


def _fail_until_locked(post, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post("wrong-password")


def test_locked_out_token_endpoint_is_429_with_retry_after(exporter, settings):
    api = APIClient()

    def post(password):
        return api.post("/api/v1/auth/token/", {"username": "exporter", "password": password}, format="json")

    assert post("wrong-password").status_code == 400  # a plain failure is not a lock
    _fail_until_locked(post, settings)
    locked = post(PASSWORD)  # even the right password, while locked
    assert locked.status_code == 429
    cool_off = int(settings.AXES_COOLOFF_TIME.total_seconds())
    retry_after = int(locked["Retry-After"])
    assert cool_off - 60 < retry_after <= cool_off
    body = locked.json()
    assert body["code"] == "locked_out" and str(retry_after) in body["message"]
    assert not ApiKey.objects.filter(user=exporter).exists()


def test_locked_out_login_page_is_429_with_retry_after(client, exporter, settings):
    def post(password):
        return client.post("/accounts/login/", {"username": "exporter", "password": password})

    _fail_until_locked(post, settings)
    locked = post(PASSWORD)
    assert locked.status_code == 429
    cool_off = int(settings.AXES_COOLOFF_TIME.total_seconds())
    retry_after = int(locked["Retry-After"])
    assert cool_off - 60 < retry_after <= cool_off
    assert f"{-(-retry_after // 60)} minutes" in locked.content.decode()
