"""Request rates: 429 with Retry-After beyond a user's rate; uploads, exports and PDFs have their own
lower rates, on the API and on the pages."""

import pytest
from django.urls import reverse

from tests.factories import ExporterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    settings.PORTAL_THROTTLE_RATES = {
        "read": "3/min",
        "write": "2/min",
        "upload": "1/hour",
        "export": "2/hour",
        "pdf": "2/hour",
    }
    return settings.PORTAL_THROTTLE_RATES


def test_reads_beyond_the_rate_get_429_with_retry_after(rates, api_for, exporter):
    api = api_for(exporter)
    url = reverse("declarations_api:declarations")
    assert [api.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get(url)
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert 0 < int(refused["Retry-After"]) <= 60
    # another user has a budget of their own
    assert api_for(ExporterFactory()).get(url).status_code == 200


def test_writes_count_apart_from_reads(rates, api_for, exporter):
    api = api_for(exporter)
    url = reverse("declarations_api:declarations")
    for _ in range(3):
        api.get(url)
    assert api.get(url).status_code == 429
    # a write is judged by the write rate (400: the body is empty, but it was not throttled)
    assert api.post(url, {}, format="json").status_code == 400
    assert api.post(url, {}, format="json").status_code == 400
    assert api.post(url, {}, format="json").status_code == 429


def test_an_api_key_is_throttled_too(rates, exporter):
    from rest_framework.test import APIClient

    from sinosure_portal.accounts.keys import api_key_create

    token = api_key_create(user=exporter, name="throttled").secret
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = reverse("declarations_api:declarations")
    assert [api.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_page_exports_have_their_own_lower_rate(rates, client_for, underwriter):
    c = client_for(underwriter)
    url = reverse("limits:limit-list")
    assert c.get(url, {"format": "xlsx"}).status_code == 200
    assert c.get(url, {"format": "xlsx"}).status_code == 200
    refused = c.get(url, {"format": "xlsx"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 60  # an hourly budget
    assert c.get(url).status_code == 200  # the page itself is not an export


def test_uploads_have_their_own_lower_rate(rates, api_for, exporter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api = api_for(exporter)
    url = reverse("declarations_api:batch-upload")
    first = api.post(url, {"file": SimpleUploadedFile("a.csv", b"x\n"), "policy": 0}, format="multipart")
    assert first.status_code != 429
    second = api.post(url, {"file": SimpleUploadedFile("a.csv", b"x\n"), "policy": 0}, format="multipart")
    assert second.status_code == 429 and second.json()["code"] == "throttled"
