"""Issue 10 item 8: a recovery entered in error is reversed through the workflow, once, with a reason
and an audit row; every total it moved is undone exactly. Figures are worked by hand below."""

from decimal import Decimal

import pytest

from claims import selectors, services
from claims.models import Recovery
from declarations.models import ShipmentDeclaration
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.base.errors import DomainError, NotAllowed
from sinosure_portal.notifications.models import Notification
from sinosure_portal.workdays.calendar import today
from tests.factories import ExporterFactory
from tests.factories.claims import file_notice, overdue_setup, upload_evidence, walk

pytestmark = pytest.mark.django_db
D = Decimal


def _paid_claim(officer):
    """Two invoices 60,000 + 40,000 USD fully covered, ratio 90%: indemnity 90,000 paid, owed 100,000.
    A recovery after payment gives the insurer 90,000 / 100,000 = 90% of its net."""
    user, policy, limit, shipments = overdue_setup()
    claim = services.claim_file_from_notice(actor=user, notice_id=file_notice(user, policy, shipments).pk)
    claim = walk(claim, insured=user, officer=officer, to="paid")
    assert (claim.payment.amount_usd, claim.total_owed_usd) == (D("90000.00"), D("100000.00"))
    return user, claim


def _record(officer, claim, amount, costs="0", **kw):
    return services.recovery_record(
        actor=officer,
        claim_id=claim.pk,
        received_on=today(),
        currency="USD",
        amount=D(amount),
        costs=D(costs),
        **kw,
    )


def test_reversing_a_shared_recovery_undoes_its_shares_exactly_once(officer):
    user, claim = _paid_claim(officer)
    # A: 20,000 less 2,000 costs = 18,000 net -> insurer 16,200.00, insured 1,800.00
    a = _record(officer, claim, "20000", "2000")
    # B: 10,000 net -> insurer 9,000.00, insured 1,000.00
    b = _record(officer, claim, "10000")
    assert (a.insurer_share_usd, a.insured_share_usd) == (D("16200.00"), D("1800.00"))
    assert a.number.startswith(f"RV{today().year}") and b.number != a.number
    totals = selectors.indemnity_totals(officer)
    assert (totals["recovered_insurer"], totals["recovered_insured"]) == (D("25200.00"), D("2800.00"))

    reversed_a = services.recovery_reverse(actor=officer, recovery_id=a.pk, reason="Entered twice by mistake")
    assert reversed_a.reversed_at is not None and reversed_a.reversed_by == officer

    # only B stands: 10,000 recovered, 9,000 to the insurer, 1,000 to the insured
    totals = selectors.indemnity_totals(officer)
    assert (totals["recovered_insurer"], totals["recovered_insured"]) == (D("9000.00"), D("1000.00"))
    claim_totals = selectors.recovery_totals(list(claim.recoveries.all()))
    assert (
        claim_totals["recovered"],
        claim_totals["net"],
        claim_totals["insurer"],
        claim_totals["insured"],
    ) == (
        D("10000.00"),
        D("10000.00"),
        D("9000.00"),
        D("1000.00"),
    )
    # the row stays with its figures (what was entered), marked reversed
    a.refresh_from_db()
    assert (a.amount_usd, a.insurer_share_usd, a.reversal_reason) == (
        D("20000.00"),
        D("16200.00"),
        "Entered twice by mistake",
    )

    event = AuditEvent.objects.get(action="claim.recovery_reversed", object_id=str(claim.pk))
    assert event.actor_id == officer.pk and event.reason == "Entered twice by mistake"
    assert event.data["recovery"] == a.number
    assert event.data["changes"] == {
        "recovered_after_payment_usd": ["30000.00", "10000.00"],
        "insurer_share_usd": ["25200.00", "9000.00"],
        "insured_share_usd": ["2800.00", "1000.00"],
    }
    assert Notification.objects.filter(user=user, kind="claim_recovery_reversed").exists()

    # once: a second reversal is a conflict and changes nothing
    with pytest.raises(DomainError) as err:
        services.recovery_reverse(actor=officer, recovery_id=a.pk, reason="again")
    assert err.value.code == "recovery_already_reversed" and err.value.status_code == 409
    assert AuditEvent.objects.filter(action="claim.recovery_reversed").count() == 1

    # the cap on what the buyer owed counts only what stands: 100,000 - 10,000 = 90,000 may still come
    with pytest.raises(DomainError) as err:
        _record(officer, claim, "90000.01")
    assert err.value.code == "recovery_above_owed"
    c = _record(officer, claim, "90000")
    assert c.insurer_share_usd == D("81000.00")


def test_reversing_a_recovery_before_payment_gives_the_loss_back(officer):
    """Invoice 100,000 covered 80,000, 10,000 paid, 5,000 resold, ratio 90%. A recovery of 9,000 less
    1,000 costs before payment lowers the loss to 77,000 (indemnity 69,300); reversed, the loss is
    85,000 again, capped at 80,000 covered: indemnity 72,000."""
    user, policy, limit, shipments = overdue_setup(amounts=(D("100000"),), covered=(D("80000"),))
    ShipmentDeclaration.objects.filter(pk=shipments[0].pk).update(paid_amount=D("10000"), paid_usd=D("10000"))
    notice = file_notice(user, policy, shipments, amount_at_risk_usd=D("90000"))
    claim = services.claim_file_from_notice(actor=user, notice_id=notice.pk)
    services.claim_accept(actor=officer, claim_id=claim.pk)
    services.claim_deduction_add(
        actor=officer, claim_id=claim.pk, kind="resale_proceeds", amount_usd=D("5000"), note="Resold."
    )
    r = _record(officer, claim, "9000", "1000")
    upload_evidence(user, claim)
    services.claim_assess(actor=officer, claim_id=claim.pk)
    claim.refresh_from_db()
    assert dict(claim.assessment["lines"])["indemnity"] == "69300.00"

    services.recovery_reverse(actor=officer, recovery_id=r.pk, reason="The buyer's cheque bounced")
    claim.refresh_from_db()
    lines = dict(claim.assessment["lines"])
    assert (lines["loss"], lines["indemnity"]) == ("85000.00", "72000.00")
    assert claim.indemnity_usd in (None, D("72000.00"))
    event = AuditEvent.objects.get(action="claim.recovery_reversed")
    assert event.data["changes"] == {"recovered_before_payment_usd": ["8000.00", "0.00"]}

    # decided: a recovery counted in the decided indemnity can no longer be reversed
    r2 = _record(officer, claim, "1000")
    services.claim_decide(actor=officer, claim_id=claim.pk, decision="approve", reason="Covered.")
    with pytest.raises(DomainError) as err:
        services.recovery_reverse(actor=officer, recovery_id=r2.pk, reason="wrong")
    assert err.value.code == "recovery_in_decided_indemnity" and err.value.status_code == 409
    r2.refresh_from_db()
    assert r2.reversed_at is None


def test_only_claims_officers_reverse_and_a_reason_is_required(officer):
    user, claim = _paid_claim(officer)
    r = _record(officer, claim, "1000")
    with pytest.raises(NotAllowed):
        services.recovery_reverse(actor=user, recovery_id=r.pk, reason="mine")
    with pytest.raises(DomainError) as err:
        services.recovery_reverse(actor=officer, recovery_id=r.pk, reason="   ")
    assert err.value.code == "reason_required" and err.value.field == "reason"
    assert Recovery.objects.get(pk=r.pk).reversed_at is None


def test_api_reverses_once_and_hides_other_organisations(officer, api_for):
    user, claim = _paid_claim(officer)
    r = _record(officer, claim, "20000", "2000")
    url = f"/api/v1/claims/recoveries/{r.pk}/reverse/"
    assert api_for(ExporterFactory()).post(url, {"reason": "x"}, format="json").status_code == 404
    assert api_for(user).post(url, {"reason": "x"}, format="json").status_code == 403
    missing = api_for(officer).post(url, {}, format="json")
    assert missing.status_code == 400 and "reason" in str(missing.json())
    first = api_for(officer).post(url, {"reason": "Entered on the wrong claim"}, format="json")
    assert first.status_code == 200, first.content
    body = first.json()
    assert (
        body["number"] == r.number
        and body["reversed_at"]
        and body["reversal_reason"] == "Entered on the wrong claim"
    )
    second = api_for(officer).post(url, {"reason": "again"}, format="json")
    assert second.status_code == 409 and second.json()["code"] == "recovery_already_reversed"
    listed = api_for(officer).get("/api/v1/claims/recoveries/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["reversed_at"] is not None for row in rows if row["number"] == r.number] == [True]


def test_api_reversal_is_in_the_openapi_schema(api_for, officer):
    schema = api_for(officer).get("/api/schema/?format=json").json()
    op = schema["paths"]["/api/v1/claims/recoveries/{id}/reverse/"]["post"]
    assert "409" in op["responses"]
    body = op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert schema["components"]["schemas"][body]["required"] == ["reason"]


def test_page_button_for_officers_reverses_and_shows_the_reversal(officer, client_for):
    user, claim = _paid_claim(officer)
    r = _record(officer, claim, "20000", "2000")
    page = client_for(user).get(f"/claims/{claim.pk}/").content.decode()
    assert r.number in page and 'data-testid="recovery-reverse-form"' not in page
    c = client_for(officer)
    page = c.get(f"/claims/{claim.pk}/").content.decode()
    assert 'data-testid="recovery-reverse-form"' in page
    assert c.post(f"/claims/recoveries/{r.pk}/reverse/", {"reason": ""}).status_code == 400
    done = c.post(f"/claims/recoveries/{r.pk}/reverse/", {"reason": "Entered twice"})
    assert done.status_code == 302
    page = c.get(f"/claims/{claim.pk}/").content.decode()
    assert 'data-testid="recovery-reversed"' in page and "Entered twice" in page
    assert 'data-testid="recovery-reverse-form"' not in page
    again = c.post(f"/claims/recoveries/{r.pk}/reverse/", {"reason": "again"})
    assert again.status_code == 409
    other = client_for(ExporterFactory()).post(f"/claims/recoveries/{r.pk}/reverse/", {"reason": "x"})
    assert other.status_code == 404


def test_migration_numbers_recoveries_recorded_before_numbers_in_their_order(officer):
    import importlib

    from django.apps import apps as django_apps

    from sinosure_portal.core.models import NumberSequence

    user, claim = _paid_claim(officer)
    first, second = _record(officer, claim, "100"), _record(officer, claim, "200")
    year = first.created_at.year
    Recovery.objects.update(number=None)
    NumberSequence.objects.filter(prefix="RV").update(last=4)  # four numbers given before
    migration = importlib.import_module("claims.migrations.0006_recovery_number_and_reversal")
    migration._fill(django_apps, None, sequence="core.NumberSequence")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == (f"RV{year}000005", f"RV{year}000006")
    assert NumberSequence.objects.get(prefix="RV", year=year).last == 6


def test_claims_and_notices_are_numbered_from_the_sequence_after_the_highest_issued(officer):
    """PLN and CLM numbers come from the one sequence, not from row ids; the migration starts the
    sequence after the highest number already issued (issued numbers stay)."""
    import importlib

    from django.apps import apps as django_apps

    from claims.models import Claim, PossibleLossNotice
    from sinosure_portal.core.models import NumberSequence

    user, claim = filed_claim_with_numbers()
    year = today().year
    Claim.objects.filter(pk=claim.pk).update(number=f"CLM{year}000777")
    NumberSequence.objects.filter(prefix="CLM").delete()
    migration = importlib.import_module("claims.migrations.0009_numbers_from_the_sequence")
    migration._catch_up(django_apps, None, sequence="core.NumberSequence")
    assert NumberSequence.objects.get(prefix="CLM", year=year).last == 777
    user2, policy, limit, shipments = overdue_setup()
    notice = file_notice(user2, policy, shipments)
    second = services.claim_file_from_notice(actor=user2, notice_id=notice.pk)
    assert second.number == f"CLM{year}000778"
    assert notice.number == f"PLN{year}{NumberSequence.objects.get(prefix='PLN', year=year).last:06d}"
    assert PossibleLossNotice.objects.filter(number=notice.number).count() == 1


def filed_claim_with_numbers():
    user, policy, limit, shipments = overdue_setup()
    claim = services.claim_file_from_notice(actor=user, notice_id=file_notice(user, policy, shipments).pk)
    return user, claim
