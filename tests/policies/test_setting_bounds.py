"""Per-policy deadline settings are bounded by their business meaning: a clear 400 naming the field,
never a 500 (idle_limit_months: 40000 did not fit its column) nor a silly value accepted
(claim_deadline_months: 5000)."""

import pytest
from django.urls import reverse

from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [("idle_limit_months", 40000), ("claim_deadline_months", 5000), ("claim_deadline_months", 25)],
)
def test_settings_beyond_their_bounds_are_refused_naming_the_field(api_for, underwriter, field, value):
    policy = PolicyFactory()
    response = api_for(underwriter).patch(
        reverse("policies_api:policy-settings", args=[policy.pk]), {field: value}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == field
    policy.refresh_from_db()
    assert getattr(policy, field) != value


def test_a_setting_within_bounds_is_kept(api_for, underwriter):
    policy = PolicyFactory()
    response = api_for(underwriter).patch(
        reverse("policies_api:policy-settings", args=[policy.pk]),
        {"claim_deadline_months": 24},
        format="json",
    )
    assert response.status_code == 200, response.content
    policy.refresh_from_db()
    assert policy.claim_deadline_months == 24


def test_the_service_refuses_too_large_settings_too(underwriter):
    from policies import services
    from sinosure_portal.base.errors import DomainError

    policy = PolicyFactory()
    with pytest.raises(DomainError) as error:
        services.policy_settings_update(
            policy_id=policy.pk, actor=underwriter, settings={"idle_limit_months": 61}
        )
    assert (error.value.code, error.value.field) == ("setting_too_large", "idle_limit_months")
