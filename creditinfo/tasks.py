"""Thin Celery tasks: each passes ids to a service that is safe to run twice."""

from celery import shared_task

from creditinfo import services
from sinosure_portal.workdays.calendar import today


@shared_task(name="creditinfo.alert_risk_event", soft_time_limit=240, time_limit=300)
def alert_risk_event(event_id: int) -> int:
    """Queued after a risk event is committed: tell its subjects' followers."""
    return services.risk_events_alert_followers(event_ids=[event_id])


@shared_task(name="creditinfo.alert_light_change", soft_time_limit=240, time_limit=300)
def alert_light_change(change_id: int) -> int:
    """Queued after a buyer's light changed: tell the buyer's followers."""
    return services.light_changes_alert_followers(change_ids=[change_id])


@shared_task(name="creditinfo.sweep_risk_alerts", soft_time_limit=240, time_limit=300)
def sweep_risk_alerts() -> int:
    return services.risk_alerts_sweep(today=today())


@shared_task(name="creditinfo.remind_report_orders_due", soft_time_limit=240, time_limit=300)
def remind_report_orders_due() -> int:
    return services.credit_report_orders_remind_due(today=today())


@shared_task(name="creditinfo.refresh_name_words", soft_time_limit=240, time_limit=300)
def refresh_name_words() -> int:
    """Recount the words many buyer names share, which the fuzzy look-up avoids asking for."""
    return services.name_words_refresh()
