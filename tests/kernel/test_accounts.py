from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sinosure_portal.accounts.models import Organisation
from sinosure_portal.accounts.services import passwords_remind_old
from sinosure_portal.notifications.models import Notification, Reminder
from sinosure_portal.workdays.calendar import today
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_exporter_with_a_bad_uscc_is_refused():
    org = OrganisationFactory.build(uscc="91350100M000100Y44")
    with pytest.raises(ValidationError) as err:
        org.full_clean()
    assert "uscc" in err.value.message_dict


def test_exporter_without_uscc_is_refused():
    org = OrganisationFactory.build(uscc="", kind=Organisation.Kind.EXPORTER)
    with pytest.raises(ValidationError):
        org.full_clean()


def test_login_page_signs_in_and_lands_on_dashboard(client, exporter):
    response = client.post(
        "/accounts/login/", {"username": "exporter", "password": "test-pass-2026"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert b'data-testid="dashboard-exporter"' in response.content


def test_login_is_throttled_after_repeated_failures(client, exporter, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "exporter", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "exporter", "password": "test-pass-2026"})
    assert locked.status_code == 429
    assert b"locked-out" in locked.content


def test_password_change_records_the_date(client_for, exporter):
    exporter.password_changed_at = timezone.now() - timedelta(days=400)
    exporter.save()
    response = client_for(exporter).post(
        "/accounts/password/",
        {
            "old_password": "test-pass-2026",
            "new_password1": "Brand-new-2026!",
            "new_password2": "Brand-new-2026!",
        },
    )
    assert response.status_code == 302
    exporter.refresh_from_db()
    assert exporter.password_changed_at > timezone.now() - timedelta(minutes=1)


def test_old_password_reminder_goes_out_once(exporter, exporter2):
    exporter.password_changed_at = timezone.now() - timedelta(days=365)
    exporter.save()
    assert passwords_remind_old(today=today()) == 1
    assert passwords_remind_old(today=today()) == 0
    assert Reminder.objects.filter(kind="password_age").count() == 1
    assert Notification.objects.filter(user=exporter, kind="password_age").count() == 1
    assert not Notification.objects.filter(user=exporter2).exists()
