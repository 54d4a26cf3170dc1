"""Committing acts and four-eyes in the kernel (accounts.acts), with an act the test registers: it
appends "!" to the organisation's English name, so the number of "!" counts how often it ran."""

import pytest

from sinosure_portal.accounts.acts import ActKind, act_registry, act_submit, approve_act, reject_act
from sinosure_portal.accounts.models import ActRecord, Duty, Organisation
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.base.errors import DomainError, NotAllowed
from tests.factories import ExporterFactory

pytestmark = pytest.mark.django_db
KIND = "tests.exclaim"


def _exclaim(act, actor):
    org = Organisation.objects.select_for_update().get(pk=act.payload["organisation"])
    if act.payload.get("fail"):
        raise DomainError("no_exclaim", "Refused by the workflow.", field="name_en")
    org.name_en += "!"
    org.save(update_fields=["name_en"])
    return org


act_registry.register(ActKind(code=KIND, label="Exclaim", duty=Duty.REVIEWER, perform=_exclaim))


@pytest.fixture
def org(exporter):
    return exporter.organisation


@pytest.fixture
def reviewer(org):
    return ExporterFactory(username="reviewer", organisation=org)


@pytest.fixture
def clerk(org):
    return ExporterFactory(username="clerk", organisation=org, duty_reviewer=False, duty_esigner=False)


def _submit(actor, org, **payload):
    return act_submit(kind=KIND, actor=actor, subject=org, payload={"organisation": org.pk, **payload})


def _bangs(org) -> int:
    org.refresh_from_db()
    return org.name_en.count("!")


def test_four_eyes_off_a_reviewer_commits_alone_and_the_act_names_both(exporter, org):
    outcome = _submit(exporter, org)
    assert not outcome.pending and _bangs(org) == 1
    act = outcome.act
    assert act.state == "approved" and act.drafted_by == exporter and act.approved_by == exporter
    assert act.result == org
    assert AuditEvent.objects.filter(action="act.approved", object_id=str(act.pk)).count() == 1


def test_four_eyes_on_the_drafter_cannot_approve_another_reviewer_can_and_it_runs_once(
    exporter, reviewer, org
):
    org.four_eyes = True
    org.save()
    outcome = _submit(exporter, org)
    assert outcome.pending and _bangs(org) == 0  # tried and undone when drafted
    with pytest.raises(NotAllowed) as refused:
        approve_act(act_id=outcome.act.pk, actor=exporter)
    assert refused.value.code == "four_eyes" and "Reviewer" in refused.value.message
    assert _bangs(org) == 0
    approve_act(act_id=outcome.act.pk, actor=reviewer, reason="checked")
    approve_act(act_id=outcome.act.pk, actor=reviewer)  # again: nothing more
    assert _bangs(org) == 1
    act = ActRecord.objects.get(pk=outcome.act.pk)
    assert (act.state, act.drafted_by, act.approved_by, act.reason) == (
        "approved",
        exporter,
        reviewer,
        "checked",
    )
    assert list(
        AuditEvent.objects.filter(object_id=str(act.pk), content_type__model="actrecord")
        .values_list("action", "actor__username")
        .order_by("id")
    ) == [("act.drafted", "exporter"), ("act.approved", "reviewer")]


def test_the_database_refuses_an_approval_by_the_drafter_under_four_eyes(exporter, org):
    org.four_eyes = True
    org.save()
    act = _submit(exporter, org).act
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ActRecord.objects.filter(pk=act.pk).update(state="approved", approved_by=exporter)


def test_a_clerk_drafts_even_with_four_eyes_off_and_a_reviewer_approves(clerk, exporter, org):
    outcome = _submit(clerk, org)
    assert outcome.pending and not outcome.act.four_eyes
    with pytest.raises(NotAllowed) as refused:
        approve_act(act_id=outcome.act.pk, actor=clerk)
    assert refused.value.code == "duty_missing" and "Reviewer" in refused.value.message
    approve_act(act_id=outcome.act.pk, actor=exporter)
    assert _bangs(org) == 1


def test_without_data_entry_nor_the_duty_the_act_is_refused_naming_the_duty(org):
    nobody = ExporterFactory(organisation=org, duty_data_entry=False, duty_reviewer=False, duty_esigner=False)
    with pytest.raises(NotAllowed) as refused:
        _submit(nobody, org)
    assert refused.value.status_code == 403 and "Reviewer" in refused.value.message
    assert not ActRecord.objects.exists()


def test_a_draft_the_workflow_would_refuse_is_refused_at_once(clerk, org):
    with pytest.raises(DomainError) as refused:
        _submit(clerk, org, fail=True)
    assert refused.value.code == "no_exclaim"
    assert not ActRecord.objects.exists()


def test_one_pending_act_per_subject_and_reject_runs_nothing(clerk, exporter, org):
    first = _submit(clerk, org).act
    with pytest.raises(DomainError) as twice:
        _submit(clerk, org)
    assert twice.value.code == "act_pending" and twice.value.status_code == 409
    with pytest.raises(DomainError):
        reject_act(act_id=first.pk, actor=exporter, reason="")
    reject_act(act_id=first.pk, actor=exporter, reason="wrong buyer")
    assert _bangs(org) == 0
    first.refresh_from_db()
    assert first.state == "rejected" and first.approved_by == exporter
    with pytest.raises(DomainError):
        approve_act(act_id=first.pk, actor=exporter)
    assert _bangs(org) == 0


def test_the_approvals_page_and_api_for_a_second_person(
    client_for, api_for, exporter, reviewer, exporter2, org
):
    org.four_eyes = True
    org.save()
    act = _submit(exporter, org).act
    mine = client_for(exporter).get("/accounts/approvals/").content.decode()
    assert f'data-testid="approve-{act.pk}"' not in mine and f'data-testid="withdraw-{act.pk}"' in mine
    theirs = client_for(reviewer).get("/accounts/approvals/").content.decode()
    assert f'data-testid="approve-{act.pk}"' in theirs
    # the drafter, by page and by API: 403 with the four-eyes message, nothing ran
    page = client_for(exporter).post(f"/accounts/approvals/{act.pk}/approve/")
    assert page.status_code == 403 and "Four-eyes" in page.content.decode()
    answer = api_for(exporter).post(f"/api/v1/acts/{act.pk}/approve/", {}, format="json")
    assert answer.status_code == 403 and answer.json()["code"] == "four_eyes"
    # another organisation: not found
    assert api_for(exporter2).get(f"/api/v1/acts/{act.pk}/").status_code == 404
    assert api_for(exporter2).post(f"/api/v1/acts/{act.pk}/approve/", {}, format="json").status_code == 404
    assert _bangs(org) == 0
    awaiting = api_for(reviewer).get("/api/v1/acts/?awaiting=true").json()
    assert [a["id"] for a in awaiting["results"]] == [act.pk]
    done = api_for(reviewer).post(f"/api/v1/acts/{act.pk}/approve/", {"reason": "ok"}, format="json")
    assert done.status_code == 200
    assert done.json()["state"] == "approved" and done.json()["drafted_by"] == "exporter"
    assert done.json()["approved_by"] == "reviewer"
    assert _bangs(org) == 1


def test_the_acts_audit_rows_read_in_words(exporter, reviewer, org):
    org.four_eyes = True
    org.save()
    act = _submit(exporter, org).act
    approve_act(act_id=act.pk, actor=reviewer)
    events = AuditEvent.objects.filter(object_id=str(act.pk), content_type__model="actrecord").order_by("id")
    assert [str(e.label) for e in events] == ["Drafted for a second person's approval", "Approved"]
