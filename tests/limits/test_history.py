"""A limit's history (issue 14 item 4): applied, approved with changes, new exposure peaks from
declarations, reduced, cancelled, in order, on the page and through the API; another organisation's
limit is not found."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from declarations.services import DeclarationInput, declaration_create, payment_record
from declarations.services.receivables.payments import PaymentInput
from limits import services
from limits.history import limit_history
from limits.models import CreditLimit, CreditLimitExposurePeak
from limits.services import LimitRequest
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory, ExporterFactory
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db


def _declare(user, policy, limit, invoice: str, amount: str):
    return declaration_create(
        actor=user,
        data=DeclarationInput(
            policy_id=policy.pk,
            buyer_id=limit.buyer_id,
            invoice_number=invoice,
            shipment_date=today(),  # the limit is effective from today
            currency="USD",
            amount=Decimal(amount),
            payment_term="OA",
            credit_days=60,
            hs_code="940360",
        ),
    )


@pytest.fixture
def lifecycle(exporter, underwriter):
    """Applied for 80,000, approved 60,000 with changes; declared 20,000 then 25,000 (peaks 20,000 and
    45,000 the same day: one row, the higher); 20,000 paid; declared 10,000 (35,000: no new peak);
    reduced to 50,000; cancelled."""
    policy = PolicyFactory(organisation=exporter.organisation, period_start=today() - timedelta(days=30))
    buyer = BuyerFactory()
    application = services.limit_application_submit(
        actor=exporter,
        request=LimitRequest(
            policy_id=policy.pk,
            buyer_id=buyer.pk,
            payment_term="OA",
            credit_period_days=90,
            amount_requested_usd=Decimal("80000"),
            goods_category="家具",
        ),
    )
    limit = services.limit_application_approve(
        application_id=application.pk,
        actor=underwriter,
        amount_usd=Decimal("60000"),
        credit_period_days=90,
        payment_terms=["OA"],
        reason="less than asked: first year",
    )
    first = _declare(exporter, policy, limit, "H-1", "20000.00")
    _declare(exporter, policy, limit, "H-2", "25000.00")
    payment_record(
        actor=exporter,
        data=PaymentInput(
            received_on=today(), amount=Decimal("20000.00"), currency="USD", declaration_id=first.pk
        ),
    )
    _declare(exporter, policy, limit, "H-3", "10000.00")
    services.limit_reduce(
        limit_id=limit.pk,
        actor=underwriter,
        amount_usd=Decimal("50000"),
        notice_date=today(),
        reason="buyer slower to pay",
    )
    services.limit_cancel(
        limit_id=limit.pk, actor=underwriter, notice_date=today(), reason="buyer in difficulty"
    )
    return limit, application


def test_the_timeline_reads_in_order_with_the_amounts(lifecycle):
    limit, application = lifecycle
    entries = limit_history(CreditLimit.objects.get(pk=limit.pk))
    kinds = [e.kind for e in entries]
    assert kinds == ["applied", "partly_approved", "exposure_peak", "reduced", "cancelled"]
    applied, approved, peak, reduced, cancelled = entries
    assert applied.amount_after_usd == Decimal("80000") and applied.application == application.number
    assert approved.amount_before_usd == Decimal("0") and approved.amount_after_usd == Decimal("60000")
    assert approved.reason == "less than asked: first year" and approved.actor
    # 20,000 + 25,000 declared the same day: the day's peak is 45,000, the later 35,000 is no new high
    assert peak.exposure_usd == Decimal("45000.00") and peak.amount_after_usd == Decimal("60000.00")
    assert peak.share == Decimal("0.7500")
    assert (reduced.amount_before_usd, reduced.amount_after_usd) == (Decimal("60000"), Decimal("50000"))
    assert reduced.applies_from == today() + timedelta(days=1) and reduced.reason == "buyer slower to pay"
    assert cancelled.amount_after_usd == Decimal("0") and cancelled.reason == "buyer in difficulty"
    assert CreditLimitExposurePeak.objects.filter(limit=limit).count() == 1


def test_a_new_high_on_a_later_day_is_a_second_peak(exporter, underwriter):
    from tests.factories.declarations import declaring_setup

    user, policy, limit = declaring_setup(amount=Decimal("100000"), user=exporter)
    _declare(user, policy, limit, "P-1", "30000.00")
    CreditLimitExposurePeak.objects.filter(limit=limit).update(day=today() - timedelta(days=1))
    _declare(user, policy, limit, "P-2", "5000.00")
    peaks = list(CreditLimitExposurePeak.objects.filter(limit=limit).order_by("day"))
    assert [(p.day, p.exposure_usd) for p in peaks] == [
        (today() - timedelta(days=1), Decimal("30000.00")),
        (today(), Decimal("35000.00")),
    ]


def test_the_api_gives_the_timeline_and_hides_other_organisations_limits(lifecycle, exporter):
    limit, _application = lifecycle
    client = APIClient()
    client.force_authenticate(exporter)
    with translation.override("en"):
        answer = client.get(f"/api/v1/limits/{limit.pk}/history/", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 200
    body = answer.json()
    assert [e["kind"] for e in body] == [
        "applied",
        "partly_approved",
        "exposure_peak",
        "reduced",
        "cancelled",
    ]
    assert body[1]["label"] == "Approved with changes" and body[1]["amount_after_usd"] == "60000.00"
    assert body[2]["exposure_usd"] == "45000.00"
    stranger = APIClient()
    stranger.force_authenticate(ExporterFactory())
    assert stranger.get(f"/api/v1/limits/{limit.pk}/history/").status_code == 404


def test_the_limit_page_shows_the_timeline_in_both_languages(lifecycle, client, exporter):
    limit, _application = lifecycle
    client.force_login(exporter)
    client.cookies["django_language"] = "zh-hans"
    zh = client.get(f"/limits/{limit.pk}/").content.decode()
    client.cookies["django_language"] = "en"
    en = client.get(f"/limits/{limit.pk}/").content.decode()
    assert 'data-testid="limit-history"' in zh
    assert "限额历史" in zh and "敞口创新高" in zh
    assert "Limit history" in en and "New exposure peak" in en and "Approved with changes" in en
    assert zh.count('data-kind="') == 5
