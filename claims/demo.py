"""Demo losses and claims, made through the services on ``exporter``'s comprehensive policy and
``exporter2``'s micro policy:

- a possible-loss notice (acknowledged, the claim still to file) on a default at Müller;
- a claim under investigation on another demo buyer (Saigon Fresh Foods): part of the evidence in, a bill of lading asked
  for, a note and a deduction entered;
- a paid claim at Müller with its indemnity notice, bilingual receipt, and a recovery shared;
- a micro claim filed directly, waiting in the queue with its 30-business-day clock.

The shipments are declared first (late, and flagged) through the declarations service, on limits
back-dated to the policy's start, then notified. Idempotent: nothing is made again once the
exporter has a notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from claims.models import Claim, EvidenceKind, PossibleLossNotice
from creditinfo.models import Buyer
from limits.models import CreditLimit, CreditLimitChange
from policies.models import Policy, Product
from sinosure_portal.accounts.models import User
from sinosure_portal.workdays.calendar import today

MUELLER, PACIFIC, SAKURA = ("DE", "HRB 123456"), ("US", "US-DE-7788123"), ("JP", "0100-01-123456")
SAIGON = ("VN", "0312345678")
EVIDENCE_TEXT = {
    EvidenceKind.CONTRACT: ("销售合同", "Sales contract"),
    EvidenceKind.INVOICE: ("商业发票", "Commercial invoice"),
    EvidenceKind.BILL_OF_LADING: ("提单", "Bill of lading"),
    EvidenceKind.CUSTOMS_DECLARATION: ("出口报关单", "Customs declaration"),
    EvidenceKind.CORRESPONDENCE: ("往来函电", "Correspondence"),
    EvidenceKind.SIGNED_NOTICE_RECEIPT: ("赔付通知书回执（已签章）", "Signed indemnity notice receipt"),
    EvidenceKind.SIGNED_RECEIPT_TRANSFER: (
        "赔款收据及权益转让书（已签章）",
        "Signed receipt and transfer of rights",
    ),
    EvidenceKind.AML: ("反洗钱材料", "Anti-money-laundering material"),
}


def load(stdout=None) -> dict:
    """Messages made along the way are in the portal's language."""
    from django.conf import settings
    from django.db import transaction
    from django.utils import translation

    from sinosure_portal.base.errors import DomainError

    with translation.override(settings.LANGUAGE_CODE):
        try:
            with transaction.atomic():
                return _load(stdout)
        except DomainError as error:
            # the other apps' demo data changed under us: keep their demo, report why ours is missing
            if stdout is not None:
                stdout.write(f"claims demo skipped: {error}")
            return {"skipped": str(error)}


def _buyer(key) -> Buyer | None:
    return Buyer.objects.filter(country_id=key[0], registration_number=key[1]).first()


def _live_limit(policy: Policy, key) -> CreditLimit | None:
    buyer = _buyer(key)
    if buyer is None:
        return None
    return (
        CreditLimit.objects.filter(policy=policy, buyer=buyer, status__in=CreditLimit.LIVE)
        .select_related("buyer")
        .first()
    )


def _backdated_limit(policy: Policy, key) -> CreditLimit | None:
    """The live limit on a demo buyer, its history moved back to the policy's start so that the
    older demo shipments are covered (as the declarations demo does for Müller)."""
    buyer = _buyer(key)
    limit = (
        CreditLimit.objects.filter(policy=policy, buyer=buyer, status__in=CreditLimit.LIVE).first()
        if buyer
        else None
    )
    if limit is not None and limit.effective_date > policy.period_start:
        CreditLimit.objects.filter(pk=limit.pk).update(effective_date=policy.period_start)
        CreditLimitChange.objects.filter(limit=limit, kind=CreditLimitChange.Kind.APPROVED).update(
            notice_date=policy.period_start, applies_from=policy.period_start
        )
        limit.refresh_from_db()
    return limit


_pdf_cache: dict[str, bytes] = {}


def _evidence_pdf(kind: str) -> bytes:
    if kind not in _pdf_cache:
        from weasyprint import HTML

        zh, en = EVIDENCE_TEXT[kind]
        html = (
            "<html><body style=\"font-family: 'Noto Sans CJK SC', sans-serif; padding: 30mm\">"
            f"<h1>{zh}</h1><h2>{en}</h2><p>演示文件 Demo document</p></body></html>"
        )
        _pdf_cache[kind] = HTML(string=html).write_pdf()
    return _pdf_cache[kind]


def _upload(user, claim, kinds) -> None:
    from claims import services

    for kind in kinds:
        services.claim_document_upload(
            actor=user, claim_id=claim.pk, kind=kind, file_name=f"{kind}.pdf", content=_evidence_pdf(kind)
        )


@dataclass
class _Demo:
    """Who and what the demo cases are made with."""

    exporter: User
    exporter2: User | None
    officer: User
    policy: Policy
    on: date

    def declare(self, limit: CreditLimit, invoice: str, days_ago: int, amount: str, description: str):
        from declarations import services as declaring

        return declaring.declaration_create(
            actor=self.exporter,
            data=declaring.DeclarationInput(
                policy_id=self.policy.pk,
                buyer_id=limit.buyer_id,
                invoice_number=invoice,
                shipment_date=self.on - timedelta(days=days_ago),
                currency="USD",
                amount=Decimal(amount),
                payment_term=limit.payment_terms[0] if limit.payment_terms else "OA",
                credit_days=min(30, limit.max_credit_period_days),
                hs_code="940360",
                description=description,
            ),
        )

    def notify(self, shipments, text: str) -> PossibleLossNotice:
        """A buyer default notified on these shipments, acknowledged by the claims officer."""
        from claims import services

        notice = services.possible_loss_notice_submit(
            actor=self.exporter,
            data=services.NoticeInput(
                policy_id=self.policy.pk,
                buyer_id=shipments[0].buyer_id,
                declaration_ids=[d.pk for d in shipments],
                cause="buyer_default",
                event_date=None,
                amount_at_risk_usd=sum((d.amount_usd - d.paid_usd for d in shipments), Decimal("0")),
                description=text,
            ),
        )
        services.possible_loss_notice_acknowledge(actor=self.officer, notice_id=notice.pk)
        return notice


def _load(stdout=None) -> dict:
    exporter = User.objects.filter(username="exporter").first()
    officer = User.objects.filter(username="claims").first()
    if exporter is None or officer is None:
        return {}
    if PossibleLossNotice.objects.filter(organisation=exporter.organisation).exists():
        return {"notices": PossibleLossNotice.objects.count(), "claims": Claim.objects.count()}
    policy = (
        Policy.objects.filter(
            organisation=exporter.organisation, product=Product.COMPREHENSIVE, status="active"
        )
        .order_by("-period_start")
        .first()
    )
    mueller = _backdated_limit(policy, MUELLER) if policy else None
    if mueller is None:
        return {"claims": "skipped: no comprehensive policy with a limit on Müller"}
    demo = _Demo(exporter, User.objects.filter(username="exporter2").first(), officer, policy, today())
    second = _second_limit(policy) or mueller
    # declared first: once a notice exists on a buyer, late declarations on it are refused
    paid_one = demo.declare(mueller, "HC-2026-0086", 59, "40000.00", "实木餐桌 solid wood dining tables")
    notified_one = demo.declare(mueller, "HC-2026-0087", 56, "18000.00", "实木椅 solid wood chairs")
    second_one = demo.declare(second, "HC-2026-0088", 58, "45000.00", "冷冻食品包装机 packaging machines")
    second_two = demo.declare(second, "HC-2026-0089", 57, "25000.00", "冷冻食品包装机 packaging machines")
    _mark_overdue(demo.on)
    _paid_claim(demo, paid_one)
    _investigated_claim(demo, [second_one, second_two])
    # a notice, the claim still to file
    demo.notify([notified_one], "买方未按期付款。The buyer did not pay on the due date.")
    made = {"notices": 3, "claims": 2}
    if _micro_claim(demo):
        made["claims"] += 1
    return made


def _second_limit(policy: Policy) -> CreditLimit | None:
    """The investigated claim goes on the first other demo buyer whose limit has room for it."""
    second = next(
        (
            limit
            for limit in (_live_limit(policy, key) for key in (SAIGON, PACIFIC, SAKURA))
            if limit is not None and limit.amount_usd - limit.exposure_usd >= Decimal("70000")
        ),
        None,
    )
    if second is None:
        return None
    return _backdated_limit(policy, (second.buyer.country_id, second.buyer.registration_number))


def _paid_claim(demo: _Demo, shipment) -> Claim:
    """A claim decided, its receipts returned, paid, and a recovery shared."""
    from claims import services

    officer, exporter = demo.officer, demo.exporter
    notice = demo.notify(
        [shipment], "买方逾期未付，多次催收无果。The buyer has not paid despite several reminders."
    )
    paid = services.claim_file_from_notice(actor=exporter, notice_id=notice.pk)
    services.claim_accept(actor=officer, claim_id=paid.pk)
    _upload(
        exporter, paid, ["contract", "invoice", "bill_of_lading", "customs_declaration", "correspondence"]
    )
    services.claim_deduction_add(
        actor=officer,
        claim_id=paid.pk,
        kind="set_off",
        amount_usd=Decimal("2000.00"),
        note="买方贷记单抵销 Buyer's credit note set off.",
    )
    services.claim_assess(actor=officer, claim_id=paid.pk, note="单证齐全 Documents complete.")
    services.claim_decide(
        actor=officer,
        claim_id=paid.pk,
        decision="approve",
        reason="属保险责任，单证齐全。A covered default; documents complete.",
    )
    services.indemnity_notice_issue(actor=officer, claim_id=paid.pk)
    _upload(exporter, paid, ["signed_notice_receipt", "signed_receipt_transfer", "aml"])
    services.claim_receipt_confirm(actor=officer, claim_id=paid.pk)
    services.indemnity_pay(actor=officer, claim_id=paid.pk, reference="CNY-TT-20260001")
    services.recovery_record(
        actor=officer,
        claim_id=paid.pk,
        received_on=demo.on,
        currency="USD",
        amount=Decimal("8000.00"),
        costs=Decimal("500.00"),
        note="海外追偿代理收回 Collected by the overseas agent.",
    )
    return paid


def _investigated_claim(demo: _Demo, shipments) -> Claim:
    """A claim under investigation: part of the evidence in, a note, a deduction, a document asked for."""
    from claims import services

    officer = demo.officer
    notice = demo.notify(
        shipments, "买方称资金紧张，要求延期付款。The buyer cites cash-flow problems and asks for more time."
    )
    claim = services.claim_file_from_notice(actor=demo.exporter, notice_id=notice.pk)
    services.claim_accept(actor=officer, claim_id=claim.pk)
    _upload(demo.exporter, claim, ["contract", "invoice", "customs_declaration", "correspondence"])
    services.claim_note_add(
        actor=officer,
        claim_id=claim.pk,
        text="已委托海外渠道核实买方经营状况。Overseas agent asked to check the buyer.",
    )
    services.claim_deduction_add(
        actor=officer,
        claim_id=claim.pk,
        kind="resale_proceeds",
        amount_usd=Decimal("6000.00"),
        note="部分货物转卖 Part of the goods resold.",
    )
    services.document_request_create(
        actor=officer,
        claim_id=claim.pk,
        kind="bill_of_lading",
        message="请提供全套正本提单扫描件。Please provide the full set of original bills of lading.",
        due_date=demo.on + timedelta(days=5),
    )
    return claim


def _micro_claim(demo: _Demo) -> Claim | None:
    """A micro claim filed directly, with its 30-business-day clock."""
    from claims import services

    micro = (
        Policy.objects.filter(organisation=demo.exporter2.organisation, product=Product.MICRO).first()
        if demo.exporter2
        else None
    )
    sakura = _buyer(SAKURA)
    if micro is None or sakura is None:
        return None
    on = demo.on
    shipped = max(micro.period_start, on - timedelta(days=70))
    claim = services.claim_file_direct(
        actor=demo.exporter2,
        data=services.DirectClaimInput(
            policy_id=micro.pk,
            buyer_id=sakura.pk,
            cause="buyer_insolvency",
            event_date=on - timedelta(days=3),
            description="买方已申请破产保护。The buyer filed for insolvency protection.",
            invoices=[
                services.InvoiceLine(
                    "BH-2026-031", shipped, shipped + timedelta(days=60), "USD", Decimal("26000.00")
                ),
                services.InvoiceLine(
                    "BH-2026-034",
                    shipped + timedelta(days=5),
                    shipped + timedelta(days=65),
                    "USD",
                    Decimal("14500.00"),
                    Decimal("2500.00"),
                ),
            ],
        ),
    )
    _upload(demo.exporter2, claim, ["contract", "invoice"])
    return claim


def _mark_overdue(on) -> None:
    from declarations.services.sweeps import receivables_mark_overdue

    receivables_mark_overdue(today=on)
