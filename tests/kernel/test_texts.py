"""Texts the system writes for people are stored as a kind and parameters and rendered in the
reader's language when shown or e-mailed (issue 12 item 6), with correct singulars."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from sinosure_portal.accounts.services import passwords_remind_old
from sinosure_portal.audit.services import audit_history, audit_record
from sinosure_portal.notifications.models import Notification
from sinosure_portal.notifications.services import notification_emails_send, notify
from sinosure_portal.texts import Text
from sinosure_portal.workdays.calendar import today
from tests.factories import ExporterFactory

pytestmark = pytest.mark.django_db


def _old_password_reminder(user, settings, days: int) -> Notification:
    settings.PASSWORD_MAX_AGE_DAYS = days
    type(user).objects.filter(pk=user.pk).update(
        password_changed_at=timezone.now() - timedelta(days=days + 5)
    )
    passwords_remind_old(today=today())
    return Notification.objects.get(user=user, kind="password_age")


def _inbox(user, language: str) -> str:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client.get("/inbox/").content.decode()


def test_one_stored_reminder_reads_in_english_for_an_english_reader_and_in_chinese_for_a_chinese_one(
    settings,
):
    user = ExporterFactory()
    note = _old_password_reminder(user, settings, days=90)
    assert (note.title, note.body) == ("", "")  # stored as kind and parameters only
    assert note.params == {"count": 90}
    english = _inbox(user, "en")
    assert "Please change your password" in english and "Your password is more than 90 days old." in english
    chinese = _inbox(user, "zh-hans")
    assert "请修改您的密码" in chinese and "您的密码已超过 90 天未更改。" in chinese
    assert "Please change your password" not in chinese


def test_a_count_of_one_reads_in_the_singular(settings):
    user = ExporterFactory()
    note = _old_password_reminder(user, settings, days=1)
    assert note.text(language="en") == "Your password is more than 1 day old."
    assert note.text(language="zh-hans") == "您的密码已超过 1 天未更改。"


def test_the_api_renders_a_notification_in_the_language_the_client_asks_for(settings):
    from rest_framework.test import APIClient

    user = ExporterFactory()
    _old_password_reminder(user, settings, days=30)
    api = APIClient()
    api.force_authenticate(user)
    body = api.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="en").json()
    row = next(r for r in body["results"] if r["kind"] == "password_age")
    assert row["title"] == "Please change your password"
    assert row["body"] == "Your password is more than 30 days old."
    chinese = api.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert next(r for r in chinese["results"] if r["kind"] == "password_age")["title"] == "请修改您的密码"


def test_e_mail_is_written_in_the_language_the_user_last_chose(settings):
    settings.LANGUAGE_CODE = "zh-hans"  # the portal's default, for a user who never chose
    english, default = ExporterFactory(email="en@example.com"), ExporterFactory(email="zh@example.com")
    Client().force_login(english)
    chooser = Client()
    chooser.force_login(english)
    chooser.cookies["django_language"] = "en"
    chooser.get("/inbox/")
    english.refresh_from_db()
    assert english.language == "en" and default.language == ""
    notes = notify([english, default], kind="password_age", params={"count": 7}, email=False)
    mail.outbox.clear()
    assert notification_emails_send([n.pk for n in notes]) == 2
    subjects = {m.to[0]: (m.subject, m.body) for m in mail.outbox}
    assert subjects["en@example.com"][0] == "Please change your password"
    assert subjects["en@example.com"][1].startswith("Your password is more than 7 days old.")
    assert subjects["zh@example.com"][0] == "请修改您的密码"
    assert subjects["zh@example.com"][1].startswith("您的密码已超过 7 天未更改。")


def test_a_reason_the_system_writes_is_stored_as_its_kind_and_rendered_for_each_reader():
    user = ExporterFactory()
    audit_record(user, action="test.calendar", reason=Text("workdays.calendar_confirmed", {"year": 2027}))
    event = audit_history(user).get(action="test.calendar")
    assert event.reason == "" and event.reason_kind == "workdays.calendar_confirmed"
    assert event.why(language="en") == "2027 official calendar confirmed"
    assert event.why(language="zh-hans") == "2027 年官方日历已确认"
    typed = audit_record(user, action="test.typed", reason="Entered twice")
    assert typed.why(language="zh-hans") == "Entered twice"  # what a person wrote stays as written


def test_a_kind_without_a_registered_text_needs_a_title_and_parameters_must_be_json():
    user = ExporterFactory()
    with pytest.raises(ValueError):
        notify([user], kind="nobody.registered.this")
    with pytest.raises(TypeError):
        notify([user], kind="password_age", params={"count": object()})
    with pytest.raises(KeyError):
        Text("nobody.registered.this")
    assert Notification.objects.filter(user=user).count() == 0
