"""Demo declarations for ``exporter``, made through the services: covered, partly covered, one
overdue (the sweep marked it and sent the possible-loss reminder), one settled by a payment, a part
payment, an amendment waiting for the underwriter, a small upload with refused rows, and the premium
invoice of the month.

The demo limits take effect on the day the demo loads; the older shipments need an older limit, so
the Müller limit's trading history is moved back to the policy's start (before anything is declared
on it). Idempotent: nothing is declared again once the policy has declarations.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from creditinfo.models import Buyer
from declarations.models import ShipmentDeclaration
from limits.models import CreditLimit, CreditLimitChange
from policies.models import Policy, PremiumInvoice, Product
from sinosure_portal.accounts.models import User
from sinosure_portal.workdays.calendar import today


def _limit(policy, country, regno) -> CreditLimit | None:
    buyer = Buyer.objects.filter(country_id=country, registration_number=regno).first()
    if buyer is None:
        return None
    return CreditLimit.objects.filter(policy=policy, buyer=buyer, status__in=CreditLimit.LIVE).first()


def load(stdout=None) -> dict:
    """Messages made along the way (inbox reminders, notices) in the portal's language."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        return _load()


def _load() -> dict:
    from declarations.services.premiums import premium_invoices_issue
    from declarations.services.sweeps import receivables_mark_overdue

    exporter = User.objects.filter(username="exporter").first()
    underwriter = User.objects.filter(username="underwriter").first()
    if exporter is None:
        return {}
    policy = (
        Policy.objects.filter(
            organisation=exporter.organisation, product=Product.COMPREHENSIVE, status="active"
        )
        .order_by("-period_start")
        .first()
    )
    if policy is None or ShipmentDeclaration.objects.filter(policy=policy).exists():
        return {"declarations": ShipmentDeclaration.objects.count()}
    on = today()
    mueller = _limit(policy, "DE", "HRB 123456")
    if mueller is None:
        return {"declarations": 0}
    _limit_from_the_start(mueller, policy)
    demo = _Declarer(exporter, policy, on)
    covered = _mueller_shipments(demo, mueller)
    _pacific_shipment(demo, _limit(policy, "US", "US-DE-7788123"))
    sakura = _limit(policy, "JP", "0100-01-123456")
    if sakura is not None:
        _sakura_shipments(demo, sakura)
    _planned_orders(demo, _limit(policy, "US", "US-DE-7788123"))
    receivables_mark_overdue(today=on)
    if underwriter is not None:
        _amendment_waiting(demo, covered)
    # the month's premium, billed as the sweep will on the 1st of next month
    next_month = (on.replace(day=1) + timedelta(days=32)).replace(day=1)
    premium_invoices_issue(today=next_month)
    return {
        "declarations": ShipmentDeclaration.objects.filter(policy=policy).count(),
        "overdue": ShipmentDeclaration.objects.filter(policy=policy, status="overdue").count(),
        "premium_invoices": PremiumInvoice.objects.filter(
            policy=policy, period_start__gte=on.replace(day=1)
        ).count(),
    }


def _limit_from_the_start(limit, policy) -> None:
    """The demo's first limit covers from the policy's start, so that older shipments are covered."""
    if limit.effective_date > policy.period_start:
        CreditLimit.objects.filter(pk=limit.pk).update(effective_date=policy.period_start)
        CreditLimitChange.objects.filter(limit=limit, kind=CreditLimitChange.Kind.APPROVED).update(
            notice_date=policy.period_start, applies_from=policy.period_start
        )


class _Declarer:
    """The demo exporter declaring shipments and recording payments under one policy."""

    def __init__(self, exporter, policy, on):
        self.exporter, self.policy, self.on = exporter, policy, on

    def declare(self, limit, invoice, days_ago, currency, amount, term, credit_days, hs="940360", **kw):
        from declarations import services

        return services.declaration_create(
            actor=self.exporter,
            data=services.DeclarationInput(
                policy_id=self.policy.pk,
                buyer_id=limit.buyer_id,
                invoice_number=invoice,
                shipment_date=self.on - timedelta(days=days_ago),
                currency=currency,
                amount=Decimal(amount),
                payment_term=term,
                credit_days=credit_days,
                hs_code=hs,
                description=kw.pop("description", "实木家具 solid wood furniture"),
                **kw,
            ),
        )

    def pay(self, invoice: str, amount: str, days_ago: int) -> None:
        from declarations import services

        services.payment_record(
            actor=self.exporter,
            data=services.PaymentInput(
                received_on=self.on - timedelta(days=days_ago),
                amount=Decimal(amount),
                currency="USD",
                invoice_number=invoice,
            ),
        )


def _mueller_shipments(demo: _Declarer, mueller):
    """One shipment that will be overdue, one paid in full, one covered with financing intent and
    partly paid; returns the last (an amendment is asked for on it)."""
    terms = mueller.payment_terms[0] if mueller.payment_terms else "OA"
    days = min(30, mueller.max_credit_period_days)
    demo.declare(mueller, "HC-2026-0101", 55, "EUR", "48000.00", terms, days)
    demo.declare(mueller, "HC-2026-0102", 50, "USD", "30000.00", terms, days)
    covered = demo.declare(
        mueller,
        "HC-2026-0118",
        3,
        "USD",
        "60000.00",
        terms,
        mueller.max_credit_period_days,
        financing_intent=True,
    )
    demo.pay("HC-2026-0102", "30000.00", days_ago=2)
    demo.pay("HC-2026-0118", "10000.00", days_ago=0)
    return covered


def _planned_orders(demo: _Declarer, limit) -> None:
    """Two orders the exporter expects to ship to Pacific, listed against the limit (nothing
    reserved); the second one fits only in part."""
    from declarations.services.planning import PlannedInput, planned_order_add

    if limit is None:
        return
    terms = limit.payment_terms[0] if limit.payment_terms else "OA"
    days = min(60, limit.max_credit_period_days)
    for reference, ahead, currency, amount in (
        ("PO-2026-0301", 12, "USD", "60000.00"),
        ("PO-2026-0322", 33, "EUR", "70000.00"),
    ):
        planned_order_add(
            actor=demo.exporter,
            data=PlannedInput(
                policy_id=demo.policy.pk,
                buyer_id=limit.buyer_id,
                shipment_date=demo.on + timedelta(days=ahead),
                currency=currency,
                amount=Decimal(amount),
                payment_term=terms,
                credit_days=days,
                client_reference=reference,
            ),
        )


def _pacific_shipment(demo: _Declarer, pacific) -> None:
    """A shipment above what the limit has left: partly covered."""
    if pacific is None:
        return
    demo.declare(
        pacific,
        "HC-2026-0120",
        0,
        "USD",
        str(pacific.amount_usd + Decimal("30000")),
        pacific.payment_terms[0],
        min(60, pacific.max_credit_period_days),
        hs="940171",
        description="软体沙发 upholstered sofas",
    )


def _sakura_shipments(demo: _Declarer, sakura) -> None:
    """A yen shipment, then a bulk file with good rows, a wrong payment term, an unknown buyer, a
    bad date and a repeat, so that the batch report shows every outcome."""
    from declarations import services

    demo.declare(
        sakura,
        "HC-2026-0121",
        0,
        "JPY",
        "1500000",
        sakura.payment_terms[0],
        min(60, sakura.max_credit_period_days),
        hs="850940",
        description="小家电 small kitchen appliances",
    )
    header = "发票号,买方,出运日期,币种,发票金额,支付方式,信用期限（天）,商品编码,货物或服务描述\n"
    ship = demo.on.isoformat()
    term = sakura.payment_terms[0]
    reg = sakura.buyer.registration_number
    rows = [
        f"HC-2026-02{i:02d},{reg},{ship},USD,{1200 + 150 * i}.00,{term},45,850940,电饭煲" for i in range(1, 7)
    ]
    rows.append(f"HC-2026-0207,{reg},{ship},USD,800.00,OA,45,850940,电饭煲")
    rows.append(f"HC-2026-0208,Unknown Trading Co,{ship},USD,500.00,{term},45,850940,电饭煲")
    rows.append(f"HC-2026-0209,{reg},not a date,USD,500.00,{term},45,850940,电饭煲")
    rows.append(f"HC-2026-0121,{reg},{ship},JPY,1500000,{term},60,850940,小家电")
    batch = services.declaration_batch_submit(
        actor=demo.exporter,
        policy_id=demo.policy.pk,
        file_name="2026年出运申报-樱花电机.csv",
        content=(header + "\n".join(rows) + "\n").encode("utf-8"),
    )
    services.declaration_batch_process(batch_id=batch.pk)


def _amendment_waiting(demo: _Declarer, covered) -> None:
    from declarations import services

    services.amendment_submit(
        actor=demo.exporter,
        declaration_id=covered.pk,
        new_amount=Decimal("58000.00"),
        reason="买方质量扣款 2,000 美元，已开具贷项通知单。",
    )
