import pytest
from django.core.management import call_command
from django.test import Client


@pytest.fixture
def demo(db):
    call_command("demo_data", verbosity=0)


@pytest.fixture
def signed_in():
    """A client signed in as a demo user (sessions: the page and the API alike), in English."""
    from sinosure_portal.accounts.models import User

    def make(username: str, lang: str = "en") -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        client.cookies["django_language"] = lang
        return client

    return make


def list_all(client, url: str, **params) -> list[dict]:
    """Every row of a paginated list API (the underlying list a figure must add up to)."""
    rows, offset = [], 0
    while True:
        response = client.get(url, {**params, "limit": 500, "offset": offset})
        assert response.status_code == 200, (url, response.content[:500])
        body = response.json()
        page = body["results"] if isinstance(body, dict) else body
        rows += page
        if not isinstance(body, dict) or not body.get("next"):
            return rows
        offset += len(page)


def stat(client, key: str, **params) -> dict:
    response = client.get(f"/api/v1/stats/{key}/", params)
    assert response.status_code == 200, (key, response.content[:500])
    return response.json()
