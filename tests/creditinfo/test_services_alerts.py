"""资信报警器: followers are told once per event (and once per light change), whoever runs."""

from datetime import timedelta

import pytest
from django.core import mail

from creditinfo import services, tasks
from creditinfo.models import BuyerLightChange, RiskEvent, Subscription
from sinosure_portal.base.errors import DomainError, NotFound
from sinosure_portal.notifications.models import Notification, SweepRun
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory, ExporterFactory

pytestmark = pytest.mark.django_db


def war(country="TR", **kw):
    return services.risk_event_record(
        kind="war", event_date=today(), title="Civil unrest", country_id=country, **kw
    )


def alerts_of(user):
    return Notification.objects.filter(user=user, kind="creditinfo.risk_event")


# --- following ----------------------------------------------------------------------------------


def test_follow_is_idempotent_and_updates_the_email_choice(exporter, turkey):
    sub, created = services.subscription_follow(user=exporter, country_id="TR")
    again, created_again = services.subscription_follow(user=exporter, country_id="TR", email=False)
    assert created and not created_again and again.pk == sub.pk
    sub.refresh_from_db()
    assert sub.email is False and Subscription.objects.count() == 1


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({}, "subscription_subject"),
        ({"country_id": "TR", "industry_id": "C"}, "subscription_subject"),
        ({"country_id": "XX"}, "country_unknown"),
        ({"industry_id": "Z"}, "industry_unknown"),
        ({"buyer_id": 999999}, "buyer_unknown"),
    ],
)
def test_follow_refuses_bad_subjects(exporter, turkey, manufacturing, kw, code):
    with pytest.raises(DomainError) as err:
        services.subscription_follow(user=exporter, **kw)
    assert err.value.code == code


def test_unfollow_another_users_subscription_is_not_found(exporter, exporter2, turkey):
    sub, _ = services.subscription_follow(user=exporter, country_id="TR")
    with pytest.raises(NotFound) as caught:  # a coded 404 from the service, never Http404
        services.subscription_unfollow(user=exporter2, subscription_id=sub.pk)
    assert caught.value.code == "subscription_not_found" and Subscription.objects.filter(pk=sub.pk).exists()
    services.subscription_unfollow(user=exporter, subscription_id=sub.pk)
    assert not Subscription.objects.exists()


# --- telling followers once --------------------------------------------------------------------


def test_a_follower_is_told_once_even_if_task_and_sweep_run_twice(exporter, exporter2, turkey, nigeria):
    services.subscription_follow(user=exporter, country_id="TR")
    services.subscription_follow(user=exporter2, country_id="NG")
    event = war("TR")
    assert tasks.alert_risk_event(event.pk) == 1
    assert tasks.alert_risk_event(event.pk) == 0
    # the sweep sees the event as alerted; even forcing it to look again creates nothing twice
    RiskEvent.objects.filter(pk=event.pk).update(alerted_at=None)
    services.risk_alerts_sweep(today=today())
    services.risk_alerts_sweep(today=today())
    assert alerts_of(exporter).count() == 1
    assert not alerts_of(exporter2).exists()  # follows another country
    note = alerts_of(exporter).get()
    assert "Civil unrest" in note.heading() and note.level == "danger"


def test_the_event_is_queued_after_commit_and_delivered(
    exporter, turkey, celery_eager, django_capture_on_commit_callbacks
):
    services.subscription_follow(user=exporter, country_id="TR", email=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event = war("TR")
    assert callbacks, "the alert task is queued on commit"
    assert alerts_of(exporter).count() == 1
    event.refresh_from_db()
    assert event.alerted_at is not None


def test_the_sweep_catches_up_an_event_whose_task_never_ran(exporter, turkey):
    services.subscription_follow(user=exporter, country_id="TR")
    event = war("TR")  # no on-commit here: as if the worker had been down
    assert not alerts_of(exporter).exists()
    assert services.risk_alerts_sweep(today=today()) == 1
    assert services.risk_alerts_sweep(today=today()) == 0
    assert alerts_of(exporter).count() == 1
    event.refresh_from_db()
    assert event.alerted_at is not None
    assert SweepRun.objects.filter(name="creditinfo.sweep_risk_alerts").count() == 2


def test_the_sweep_leaves_old_events_alone(exporter, turkey):
    services.subscription_follow(user=exporter, country_id="TR")
    event = war("TR")
    RiskEvent.objects.filter(pk=event.pk).update(recorded_at=event.recorded_at - timedelta(days=90))
    assert services.risk_alerts_sweep(today=today()) == 0


def test_direct_subjects_only(exporter, exporter2, turkey, manufacturing):
    """A buyer's event reaches the buyer's followers, not its country's (documented decision);
    an event naming the country too reaches both."""
    buyer = BuyerFactory(country=turkey, industry=manufacturing)
    services.subscription_follow(user=exporter, buyer_id=buyer.pk)
    services.subscription_follow(user=exporter2, country_id="TR")
    only_buyer = services.risk_event_record(
        kind="other", event_date=today(), title="Moved office", buyer=buyer
    )
    both = services.risk_event_record(
        kind="sanctions", event_date=today(), title="Listed", buyer=buyer, country_id="TR"
    )
    services.risk_events_alert_followers(event_ids=[only_buyer.pk, both.pk])
    assert {n.heading() for n in alerts_of(exporter)} == {
        f"Risk alert: {buyer.display_name} - Moved office",
        f"Risk alert: {buyer.display_name} / Türkiye - Listed",
    }
    assert [n.heading() for n in alerts_of(exporter2)] == [
        f"Risk alert: {buyer.display_name} / Türkiye - Listed"
    ]


def test_industry_followers_are_told(exporter, manufacturing):
    services.subscription_follow(user=exporter, industry_id="C")
    event = services.risk_event_record(
        kind="rating_change", event_date=today(), title="Chip shortage", industry_id="C"
    )
    services.risk_events_alert_followers(event_ids=[event.pk])
    assert alerts_of(exporter).get().level == "warning"


def test_a_follower_of_two_subjects_of_one_event_is_told_once(exporter, turkey, manufacturing):
    services.subscription_follow(user=exporter, country_id="TR")
    services.subscription_follow(user=exporter, industry_id="C")
    event = services.risk_event_record(
        kind="moratorium", event_date=today(), title="Transfer ban", country_id="TR", industry_id="C"
    )
    services.risk_events_alert_followers(event_ids=[event.pk])
    assert alerts_of(exporter).count() == 1


def test_inactive_users_are_not_told(turkey):
    gone = ExporterFactory(is_active=False)
    services.subscription_follow(user=gone, country_id="TR")
    event = war("TR")
    assert services.risk_events_alert_followers(event_ids=[event.pk]) == 0


def test_email_only_for_those_who_chose_it(turkey, celery_eager, django_capture_on_commit_callbacks):
    wants, declines = ExporterFactory(), ExporterFactory()
    services.subscription_follow(user=wants, country_id="TR", email=True)
    services.subscription_follow(user=declines, country_id="TR", email=False)
    with django_capture_on_commit_callbacks(execute=True):
        event = war("TR")
    assert alerts_of(wants).count() == 1 and alerts_of(declines).count() == 1
    assert [m.to for m in mail.outbox] == [[wants.email]]
    assert "Civil unrest" in mail.outbox[0].subject
    # a retry sends nothing again
    with django_capture_on_commit_callbacks(execute=True):
        tasks.alert_risk_event(event.pk)
    assert len(mail.outbox) == 1


# --- light changes --------------------------------------------------------------------------------


def test_followers_of_a_buyer_are_told_when_its_light_changes(exporter, exporter2, germany):
    buyer = BuyerFactory(country=germany)
    services.subscription_follow(user=exporter, buyer_id=buyer.pk)
    event = services.risk_event_record(
        kind="fraud", event_date=today(), title="Forged documents", buyer=buyer
    )
    change = BuyerLightChange.objects.get(buyer=buyer)
    assert tasks.alert_light_change(change.pk) == 1
    assert tasks.alert_light_change(change.pk) == 0
    services.risk_alerts_sweep(today=today())
    notes = Notification.objects.filter(user=exporter, kind="creditinfo.light_change")
    assert notes.count() == 1
    assert notes.get().heading() == f"Traffic light of {buyer.display_name} changed from green to red"
    assert not Notification.objects.filter(user=exporter2).exists()
    # resolving changes the light again: a second, separate message
    services.risk_event_resolve(event_id=event.pk)
    services.light_changes_alert_followers()
    assert notes.count() == 2


def test_light_change_is_queued_on_commit(
    exporter, germany, celery_eager, django_capture_on_commit_callbacks
):
    buyer = BuyerFactory(country=germany)
    services.subscription_follow(user=exporter, buyer_id=buyer.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.risk_event_record(kind="past_default", event_date=today(), title="Paid late", buyer=buyer)
    kinds = sorted(Notification.objects.filter(user=exporter).values_list("kind", flat=True))
    assert kinds == ["creditinfo.light_change", "creditinfo.risk_event"]
