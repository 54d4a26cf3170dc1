import pytest
from django.db import transaction

from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import TransitionNotAllowed
from sinosure_portal.base.workflow import Workflow
from sinosure_portal.notifications.models import Notification

# Any model with a CharField works for the engine; Notification.level (info/warning/danger) is one.
FLOW = Workflow("demo", {"info": {"warning"}, "warning": {"danger", "info"}, "danger": set()}, field="level")


@pytest.fixture
def note(exporter):
    return Notification.objects.create(user=exporter, kind="x", title="t", level="info")


@pytest.mark.django_db(transaction=True)
def test_allowed_move_saves_and_leaves_an_audit_row(note, underwriter):
    with transaction.atomic():
        assert FLOW.transition(note, to="warning", actor=underwriter, reason="because")
    note.refresh_from_db()
    assert note.level == "warning"
    [event] = audit_history(note)
    assert (event.from_state, event.to_state, event.actor, event.reason) == (
        "info",
        "warning",
        underwriter,
        "because",
    )
    assert event.actor_organisation == underwriter.organisation


@pytest.mark.django_db(transaction=True)
def test_move_outside_the_table_is_refused_and_nothing_changes(note, underwriter):
    with pytest.raises(TransitionNotAllowed) as err, transaction.atomic():
        FLOW.transition(note, to="danger", actor=underwriter)
    assert err.value.code == "transition_not_allowed"
    note.refresh_from_db()
    assert note.level == "info"
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_move_to_the_same_state_is_a_no_op(note):
    with transaction.atomic():
        assert FLOW.transition(note, to="info") is False
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_transition_outside_a_transaction_is_a_programming_error(note):
    with pytest.raises(RuntimeError):
        FLOW.transition(note, to="warning")


def test_table_targets_must_have_entries():
    with pytest.raises(ValueError):
        Workflow("bad", {"a": {"b"}})


@pytest.mark.django_db
def test_audit_page_is_for_insurer_staff_only(client_for, exporter, underwriter):
    assert client_for(exporter).get("/audit/").status_code == 404
    assert client_for(underwriter).get("/audit/").status_code == 200


@pytest.mark.django_db
def test_object_history_page_shows_each_move(client_for, note, underwriter):
    with transaction.atomic():
        FLOW.transition(note, to="warning", actor=underwriter, reason="first look")
    page = client_for(underwriter).get(f"/audit/notifications/notification/{note.pk}/")
    assert page.status_code == 200
    assert "first look" in page.content.decode()
    assert client_for(underwriter).get("/audit/audit/auditevent/999999/").status_code == 404


@pytest.mark.django_db
def test_history_and_audit_pages_show_states_and_acts_in_words(client_for, underwriter, settings):
    from sinosure_portal.audit.labels import register_action_labels
    from sinosure_portal.audit.services import audit_record
    from tests.factories.policies import PolicyApplicationFactory

    application = PolicyApplicationFactory(status="submitted")
    audit_record(application, action="policy_application.submitted", from_state="draft", to_state="submitted")
    audit_record(application, action="policy_application.agreement_signed")
    audit_record(application, action="policy_application.reminder_sent")
    register_action_labels({"policy_application.test_only_act": "Checked twice"})
    audit_record(application, action="policy_application.test_only_act")
    url = f"/audit/policies/policyapplication/{application.pk}/"

    settings.LANGUAGE_CODE = "zh-hans"
    html = client_for(underwriter).get(url).content.decode()
    assert "草稿" in html and "已提交" in html and "已签署服务协议" in html
    assert ">draft<" not in html and ">submitted<" not in html
    english = client_for(underwriter)
    english.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = english.get(url).content.decode()
    assert ">Draft<" in html and ">Submitted<" in html
    # a named act reads by its label (the policies app's, or one registered here); others as words
    assert "Service agreement signed" in html and "Checked twice" in html and "Reminder sent" in html
    trail = english.get("/audit/").content.decode()
    assert ">Submitted<" in trail and "Service agreement signed" in trail
