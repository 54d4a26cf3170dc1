import os
import secrets

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from tests.factories import (
    AdminFactory,
    BankOfficerFactory,
    ClaimsOfficerFactory,
    ExporterFactory,
    InsurerOrganisationFactory,
    UnderwriterFactory,
)

# Example generation speed depends on how loaded the machine is (CI shares two cores with the
# database): time limits on generating examples would fail for reasons unrelated to the code.
hypothesis_settings.register_profile(
    "portal", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
hypothesis_settings.load_profile("portal")


@pytest.fixture(autouse=True)
def _fresh_request_counters():
    """Request-rate counters (process-local cache in the tests) start at zero in every test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Tests read messages in English unless they ask for Chinese (the portal's default)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def insurer(db):
    return InsurerOrganisationFactory()


@pytest.fixture
def exporter(db):
    return ExporterFactory(username="exporter")


@pytest.fixture
def exporter2(db):
    return ExporterFactory(username="exporter2")


@pytest.fixture
def bank_officer(db):
    return BankOfficerFactory(username="bank")


@pytest.fixture
def underwriter(insurer):
    return UnderwriterFactory(username="underwriter", organisation=insurer)


@pytest.fixture
def claims_officer(insurer):
    return ClaimsOfficerFactory(username="claims", organisation=insurer)


@pytest.fixture
def admin_user(insurer):
    return AdminFactory(username="admin", organisation=insurer)


@pytest.fixture
def api_for():
    """An API client signed in as the given user with an API key, as a system would: a key in use
    (its last use noted within the minute, so a request costs the key's lookup alone; making keys
    through the service and noting their use are tested in tests/kernel/test_api_keys.py)."""
    from datetime import timedelta

    from django.utils import timezone

    from sinosure_portal.accounts.keys import KEY_PREFIX, key_hash
    from sinosure_portal.accounts.models import ApiKey

    keys = {}

    def make(user) -> APIClient:
        client = APIClient()
        if user.pk not in keys:
            secret = KEY_PREFIX + secrets.token_urlsafe(32)
            now = timezone.now()
            ApiKey.objects.create(
                user=user,
                name=f"tests {secret[:12]}",
                prefix=secret[:12],
                key_hash=key_hash(secret),
                expires_at=now + timedelta(days=1),
                last_used_at=now,
            )
            keys[user.pk] = secret
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {keys[user.pk]}")
        return client

    return make


@pytest.fixture
def client_for(client):
    """A page client signed in as the given user."""

    def make(user):
        client.force_login(user)
        return client

    return make


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Several engineers may run the suite at once on one PostgreSQL: TEST_DB_SUFFIX keeps their
    test databases apart (CI leaves it unset)."""
    from django.conf import settings

    suffix = os.environ.get("TEST_DB_SUFFIX", "")
    if suffix:
        test = settings.DATABASES["default"].setdefault("TEST", {})
        worker = os.environ.get("PYTEST_XDIST_WORKER", "")
        test["NAME"] = f"test_{settings.DATABASES['default']['NAME']}_{suffix}" + (
            f"_{worker}" if worker else ""
        )
