from datetime import date, datetime, time

import pytest
import time_machine

from sinosure_portal.workdays.calendar import SHANGHAI
from tests.factories import ClaimsOfficerFactory


@pytest.fixture
def officer(insurer):
    return ClaimsOfficerFactory(username="claims-officer", organisation=insurer)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Evidence and PDFs go to a temporary MEDIA_ROOT per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def travel_to():
    """``travel_to(day)``: the clock moves to noon in Shanghai on ``day`` (time-machine) for the rest
    of the test, so that the services' one clock (``workdays.calendar.today``) reads ``day``."""
    travellers = []

    def go(day: date):
        traveller = time_machine.travel(datetime.combine(day, time(12), tzinfo=SHANGHAI), tick=True)
        traveller.start()
        travellers.append(traveller)

    yield go
    for traveller in reversed(travellers):
        traveller.stop()
