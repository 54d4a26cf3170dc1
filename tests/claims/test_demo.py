"""The demo loads a notice, a claim under investigation, a paid claim with a recovery and a micro
claim, through the services, and loading it again changes nothing."""

import importlib

import pytest

from claims.models import Claim, PossibleLossNotice, Recovery

pytestmark = pytest.mark.django_db


def _load_all():
    from creditinfo.demo_reference import load_reference
    from sinosure_portal.core import demo

    demo.load()
    load_reference()  # countries and buyers (creditinfo's demo without its long sample)
    for label in ("policies", "limits", "declarations", "claims"):
        result = importlib.import_module(f"{label}.demo").load()
    return result


def test_the_demo_has_a_case_in_each_state_and_is_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    result = _load_all()
    assert result == {"notices": 3, "claims": 3}
    statuses = dict(Claim.objects.values_list("status", "number"))
    assert {"paid", "investigating", "submitted"} <= set(statuses)
    assert PossibleLossNotice.objects.filter(status="acknowledged", claim__isnull=True).exists()
    paid = Claim.objects.get(status="paid")
    recovery = Recovery.objects.get(claim=paid)
    assert recovery.insurer_share_usd + recovery.insured_share_usd == recovery.net_usd
    assert Claim.objects.get(status="submitted").decision_due is not None  # the micro clock
    _load_all()
    assert Claim.objects.count() == 3 and PossibleLossNotice.objects.count() == 3
