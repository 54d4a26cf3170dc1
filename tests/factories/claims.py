"""Factories of losses and claims. Notices and claims are made through the services (the real
path: shipments move to loss_notified and claimed on the way); these helpers set the scene and walk
a claim to the state a test needs."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from claims import services
from claims.models import Claim, EvidenceKind
from declarations.models import ShipmentDeclaration
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory, ClaimsOfficerFactory, ExporterFactory
from tests.factories.declarations import ShipmentDeclarationFactory
from tests.factories.limits import CreditLimitFactory
from tests.factories.policies import MicroPolicyFactory, PolicyFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
REQUIRED = ["contract", "invoice", "bill_of_lading", "customs_declaration", "correspondence"]


def overdue_setup(
    *,
    user=None,
    amounts=(Decimal("60000"), Decimal("40000")),
    covered=None,
    product_factory=PolicyFactory,
    **policy_kwargs,
):
    """An insured (exporter by default) with a comprehensive policy, a buyer with a limit, and
    overdue covered shipments on it (due 20 and 10 days ago). Returns (user, policy, limit, shipments)."""
    user = user or ExporterFactory()
    policy = product_factory(
        organisation=user.organisation, period_start=today() - timedelta(days=200), **policy_kwargs
    )
    limit = CreditLimitFactory(
        policy=policy,
        buyer=BuyerFactory(),
        amount_usd=Decimal("500000"),
        effective_date=today() - timedelta(days=190),
    )
    shipments = []
    for i, amount in enumerate(amounts):
        due = today() - timedelta(days=20 - 10 * i)
        shipments.append(
            ShipmentDeclarationFactory(
                limit=limit,
                amount=amount,
                covered_usd=(covered[i] if covered else amount),
                shipment_date=due - timedelta(days=60),
                due_date=due,
                status=ShipmentDeclaration.Status.OVERDUE,
            )
        )
    return user, policy, limit, shipments


def notice_input(policy, shipments, **kwargs) -> services.NoticeInput:
    values = {
        "policy_id": policy.pk,
        "buyer_id": shipments[0].buyer_id,
        "declaration_ids": [d.pk for d in shipments],
        "cause": "buyer_default",
        "event_date": None,
        "amount_at_risk_usd": sum((d.amount_usd - d.paid_usd for d in shipments), Decimal("0")),
        "description": "The buyer has not paid and does not answer our reminders.",
    }
    values.update(kwargs)
    return services.NoticeInput(**values)


def file_notice(user, policy, shipments, **kwargs):
    return services.possible_loss_notice_submit(actor=user, data=notice_input(policy, shipments, **kwargs))


def upload_evidence(user, claim, kinds=REQUIRED):
    for kind in kinds:
        services.claim_document_upload(
            actor=user, claim_id=claim.pk, kind=kind, file_name=f"{kind}.pdf", content=PDF + kind.encode()
        )


def filed_claim(user=None, **setup):
    """An exporter's claim filed from a notice on two overdue shipments (USD 60,000 + 40,000)."""
    user, policy, limit, shipments = overdue_setup(user=user, **setup)
    notice = file_notice(user, policy, shipments)
    claim = services.claim_file_from_notice(actor=user, notice_id=notice.pk)
    return user, claim


STEPS = ["accepted", "assessed", "approved", "notice_issued", "receipt_returned", "paid", "closed"]


def walk(claim: Claim, *, insured, officer=None, to: str, decision: str = "approve") -> Claim:
    """Take a claim from submitted to ``to`` the way people would (evidence, receipts included)."""
    officer = officer or ClaimsOfficerFactory()
    target = STEPS.index(to)
    services.claim_accept(actor=officer, claim_id=claim.pk)
    if target >= STEPS.index("assessed"):
        upload_evidence(insured, claim)
        services.claim_assess(actor=officer, claim_id=claim.pk)
    if target >= STEPS.index("approved"):
        services.claim_decide(
            actor=officer, claim_id=claim.pk, decision=decision, reason="Covered default, documents complete."
        )
    if target >= STEPS.index("notice_issued"):
        services.indemnity_notice_issue(actor=officer, claim_id=claim.pk)
    if target >= STEPS.index("receipt_returned"):
        upload_evidence(
            insured,
            claim,
            [EvidenceKind.SIGNED_NOTICE_RECEIPT, EvidenceKind.SIGNED_RECEIPT_TRANSFER, EvidenceKind.AML],
        )
        services.claim_receipt_confirm(actor=officer, claim_id=claim.pk)
    if target >= STEPS.index("paid"):
        services.indemnity_pay(actor=officer, claim_id=claim.pk, reference="TT-001")
    if target >= STEPS.index("closed"):
        services.claim_close(actor=officer, claim_id=claim.pk)
    claim.refresh_from_db()
    return claim


def micro_setup(*, user=None, **policy_kwargs):
    user = user or ExporterFactory()
    policy = MicroPolicyFactory(
        organisation=user.organisation, period_start=today() - timedelta(days=200), **policy_kwargs
    )
    return user, policy


def walk_from_decision(claim: Claim, insured, officer) -> Claim:
    """Issue the notice, return the receipts and pay a claim already decided."""
    services.indemnity_notice_issue(actor=officer, claim_id=claim.pk)
    upload_evidence(
        insured,
        claim,
        [EvidenceKind.SIGNED_NOTICE_RECEIPT, EvidenceKind.SIGNED_RECEIPT_TRANSFER, EvidenceKind.AML],
    )
    services.claim_receipt_confirm(actor=officer, claim_id=claim.pk)
    services.indemnity_pay(actor=officer, claim_id=claim.pk)
    claim.refresh_from_db()
    return claim
