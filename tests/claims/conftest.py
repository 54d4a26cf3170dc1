import pytest

from tests.factories import ClaimsOfficerFactory


@pytest.fixture
def officer(insurer):
    return ClaimsOfficerFactory(username="claims-officer", organisation=insurer)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Evidence and PDFs go to a temporary MEDIA_ROOT per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
