from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from sinosure_portal.accounts.models import User
from sinosure_portal.notifications.services import ReminderSpec, reminders_create, sweep
from sinosure_portal.workdays.calendar import SHANGHAI


def passwords_remind_old(*, today: date) -> int:
    """Remind every active user whose password is older than PASSWORD_MAX_AGE_DAYS.

    One query selects them; the reminder key carries the date the password was set, so a user is
    reminded once per password, however often the sweep runs, and a missed day is caught up.
    """
    cutoff = today - timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
    rows = User.objects.filter(is_active=True, password_changed_at__date__lte=cutoff).values_list(
        "pk", "password_changed_at"
    )
    url = reverse("password_change")
    with transaction.atomic(), sweep("accounts.remind_old_passwords", today) as run:
        specs = [
            ReminderSpec(
                key=f"password-age:{pk}:{changed.astimezone(SHANGHAI).date().isoformat()}",
                kind="password_age",
                user_id=pk,
                params={"count": settings.PASSWORD_MAX_AGE_DAYS},
                url=url,
            )
            for pk, changed in rows
        ]
        run.created = reminders_create(specs)
    return run.created
