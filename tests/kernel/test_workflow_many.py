"""The Workflow engine's one bulk transition: set-based, guarded by the table, one audit row each,
and the kernel's one factory for "POST an action" endpoints."""

import pytest
from django.db import transaction
from rest_framework import serializers
from rest_framework.test import APIRequestFactory, force_authenticate

from policies.models import Policy
from policies.workflow import policy_workflow
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.base.api import ReasonInput, transition_api
from sinosure_portal.base.errors import DomainError
from sinosure_portal.texts import Text
from tests.factories import AdminFactory
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db
P = Policy.Status


def test_many_rows_move_once_each_with_their_own_audit_row_and_other_states_stay():
    actor = AdminFactory()
    active = [PolicyFactory(status=P.ACTIVE) for _ in range(3)]
    cancelled = PolicyFactory(status=P.CANCELLED)  # cancelled -> expired is not in the table
    ids = [p.pk for p in active] + [cancelled.pk]
    with transaction.atomic():
        moved = policy_workflow.transition_many(
            Policy,
            ids,
            to=P.EXPIRED,
            actor=actor,
            reason=Text("workdays.calendar_confirmed", {"year": 2027}),
            chunk=2,
        )
    assert sorted(moved) == sorted(p.pk for p in active)
    assert set(Policy.objects.filter(pk__in=ids).values_list("pk", "status")) == {
        *((p.pk, str(P.EXPIRED)) for p in active),
        (cancelled.pk, str(P.CANCELLED)),
    }
    events = AuditEvent.objects.filter(action="policy.expired")
    assert sorted(int(e.object_id) for e in events) == sorted(p.pk for p in active)
    assert {(e.from_state, e.to_state, e.actor_id) for e in events} == {("active", "expired", actor.pk)}
    assert {e.why(language="en") for e in events} == {"2027 official calendar confirmed"}
    with transaction.atomic():  # a second run moves nothing and writes nothing
        assert policy_workflow.transition_many(Policy, ids, to=P.EXPIRED) == []
    assert AuditEvent.objects.filter(action="policy.expired").count() == 3


def test_a_bulk_move_out_of_the_table_is_refused():
    policy = PolicyFactory(status=P.ACTIVE)
    with pytest.raises(ValueError), transaction.atomic():
        policy_workflow.transition_many(Policy, [policy.pk], to=P.EXPIRED, from_states=[P.CANCELLED])
    assert Policy.objects.get(pk=policy.pk).status == P.ACTIVE


class _PolicyOut(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()


def _cancel(actor, policy, reason):
    with transaction.atomic():
        if not reason:
            raise DomainError("reason_required", "A reason is required.", field="reason")
        policy_workflow.transition(policy, to=P.CANCELLED, actor=actor, reason=reason)


def _get(request, pk):
    from django.http import Http404

    policy = Policy.objects.filter(pk=pk, organisation_id=request.user.organisation_id).first()
    if policy is None:
        raise Http404
    return policy


CancelApi = transition_api(get=_get, act=_cancel, output=_PolicyOut, input=ReasonInput, name="CancelApi")


def _post(user, pk, body):
    request = APIRequestFactory().post(f"/api/v1/x/{pk}/cancel/", body, format="json")
    force_authenticate(request, user)
    return CancelApi.as_view()(request, pk=pk)


def test_the_transition_endpoint_validates_acts_and_answers_with_the_new_state():
    policy = PolicyFactory(status=P.ACTIVE)
    owner = AdminFactory(organisation=policy.organisation)
    refused = _post(owner, policy.pk, {})
    assert refused.status_code == 400 and refused.data["field"] == "reason"
    done = _post(owner, policy.pk, {"reason": "Exporter closed"})
    assert done.status_code == 200 and done.data == {"id": policy.pk, "status": "cancelled"}
    assert (
        AuditEvent.objects.get(action="policy.cancelled", object_id=str(policy.pk)).reason
        == "Exporter closed"
    )
    assert CancelApi.__name__ == "CancelApi"


def test_the_transition_endpoint_answers_404_to_another_organisation_and_changes_nothing():
    policy = PolicyFactory(status=P.ACTIVE)
    stranger = AdminFactory()
    assert _post(stranger, policy.pk, {"reason": "x"}).status_code == 404
    assert Policy.objects.get(pk=policy.pk).status == P.ACTIVE
