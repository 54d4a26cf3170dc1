"""Demo data of policy financing (idempotent): an indemnity assignment in force between the demo
exporter and the demo bank on the exporter's comprehensive policy, a shipment declared with
financing intent and its coverage notice, a loan on a covered receivable with a first repayment,
a receivable assignment waiting for the bank, and a data authorisation of the three data items."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from declarations.models import ShipmentDeclaration
from financing import services
from financing.models import DataAuthorisation, DataItem, IndemnityAssignment, Loan, ReceivableAssignmentItem
from limits.models import CreditLimit
from policies.models import Policy, Product
from sinosure_portal.accounts.models import User
from sinosure_portal.workdays.calendar import today


def load(stdout=None) -> dict:
    exporter = User.objects.filter(username="exporter").first()
    bank = User.objects.filter(username="bank").first()
    underwriter = User.objects.filter(username="underwriter").first()
    if not (exporter and bank and underwriter):
        return {}
    policy = (
        Policy.objects.filter(
            organisation=exporter.organisation, product=Product.COMPREHENSIVE, status="active"
        )
        .order_by("-period_start")
        .first()
    )
    if policy is None:
        return {}
    on = today()
    _agreement_in_force(exporter, bank, underwriter, policy, on)
    # a shipment declared with financing intent under the agreement, and its coverage notice
    financed = ShipmentDeclaration.objects.filter(policy=policy, invoice_number="HC-2026-FIN01").first()
    if financed is None:
        financed = _declare_for_financing(exporter, policy, on)
    if financed is not None:
        services.coverage_notices_issue(declaration_ids=[financed.pk])
    if not Loan.objects.filter(bank=bank.organisation).exists():
        _loan_with_a_repayment(exporter, bank, policy, on)
    if not ReceivableAssignmentItem.objects.filter(declaration__organisation=exporter.organisation).exists():
        _receivable_assignment_waiting(exporter, bank)
    if not DataAuthorisation.objects.filter(
        organisation=exporter.organisation, bank=bank.organisation
    ).exists():
        services.data_authorisation_grant(
            actor=exporter, bank_id=bank.organisation_id, items=list(DataItem.values), ip="127.0.0.1"
        )
    summary = {
        "indemnity_assignments": IndemnityAssignment.objects.count(),
        "loans": Loan.objects.count(),
        "data_authorisations": DataAuthorisation.objects.count(),
    }
    if stdout:
        stdout.write(f"financing: {summary}")
    return summary


def _agreement_in_force(exporter, bank, underwriter, policy, on) -> None:
    """An indemnity assignment proposed by the exporter, signed by the bank, approved by the insurer."""
    agreement = IndemnityAssignment.objects.filter(policy=policy, bank=bank.organisation).first()
    if agreement is None:
        agreement = services.indemnity_assignment_propose(
            actor=exporter,
            data=services.AssignmentInput(
                policy_id=policy.pk,
                bank_id=bank.organisation_id,
                effective_date=max(policy.period_start, on - timedelta(days=60)),
                signer_name=exporter.name,
                signer_title=exporter.title or "财务经理",
            ),
            ip="127.0.0.1",
        )
        services.indemnity_assignment_bank_sign(
            assignment_id=agreement.pk,
            actor=bank,
            signer_name=bank.name,
            signer_title=bank.title or "贸易融资部客户经理",
            ip="127.0.0.1",
        )
        services.indemnity_assignment_approve(assignment_id=agreement.pk, actor=underwriter, reason="")


def _loan_with_a_repayment(exporter, bank, policy, on) -> None:
    """A loan on the covered receivable with the most cover, and a first repayment."""
    candidate = (
        ShipmentDeclaration.objects.filter(
            policy=policy, status__in=["covered", "partly_covered"], due_date__gte=on, covered_usd__gt=0
        )
        .order_by("-covered_usd")
        .first()
    )
    if candidate is not None:
        amount = (
            min(candidate.covered_usd, candidate.amount_usd - candidate.paid_usd) * Decimal("0.8")
        ).quantize(Decimal("1"))
        loan = services.loan_register(
            actor=bank,
            data=services.LoanInput(
                organisation_id=exporter.organisation_id,
                loan_date=on,
                maturity_date=candidate.due_date + timedelta(days=15),
                currency="USD",
                amount=amount,
                declaration_ids=[candidate.pk],
                bank_reference="CCB-QD-TF-0001",
            ),
        )
        services.repayment_register(
            actor=bank, loan_id=loan.pk, repaid_on=on, amount=(amount / 4).quantize(Decimal("1"))
        )


def _receivable_assignment_waiting(exporter, bank) -> None:
    """A receivable assignment waiting for the bank's answer."""
    others = list(
        ShipmentDeclaration.objects.filter(
            organisation=exporter.organisation,
            status__in=["covered", "partly_covered"],
            covered_usd__gt=0,
        )
        .exclude(loan_receivables__open=True)
        .order_by("due_date")[:2]
    )
    if others:
        services.receivable_assignment_propose(
            actor=exporter,
            bank_id=bank.organisation_id,
            declaration_ids=[d.pk for d in others],
            note="应收账款转让：请审核受让",
        )


def _declare_for_financing(exporter, policy, on):
    from declarations.services import DeclarationInput, declaration_create
    from sinosure_portal.base.errors import DomainError

    limit = (
        CreditLimit.objects.filter(policy=policy, status__in=list(CreditLimit.LIVE))
        .order_by("-amount_usd")
        .first()
    )
    if limit is None:
        return None
    try:
        return declaration_create(
            actor=exporter,
            data=DeclarationInput(
                policy_id=policy.pk,
                buyer_id=limit.buyer_id,
                invoice_number="HC-2026-FIN01",
                shipment_date=max(on - timedelta(days=3), limit.effective_date, policy.period_start),
                currency="USD",
                amount=Decimal("36000.00"),
                payment_term=(limit.payment_terms or ["OA"])[0],
                credit_days=min(60, limit.max_credit_period_days),
                hs_code="940360",
                description="实木家具 solid wood furniture",
                financing_intent=True,
            ),
        )
    except DomainError:
        return None
