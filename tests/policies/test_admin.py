import pytest

from tests.factories.limits import CreditLimitFactory
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db


def test_admin_shows_policies_and_limits_read_only(client_for, admin_user):
    policy = PolicyFactory()
    limit = CreditLimitFactory(policy=policy)
    c = client_for(admin_user)
    assert c.get("/admin/policies/policy/").status_code == 200
    page = c.get(f"/admin/policies/policy/{policy.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert c.get(f"/admin/limits/creditlimit/{limit.pk}/change/").status_code == 200
    assert c.get("/admin/limits/limitautorule/add/").status_code == 403
