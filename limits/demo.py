"""Demo credit limits, made through the services (rules, queue, decisions, PDFs).

An automatic-decision rule; for ``exporter``'s comprehensive policy limits on the demo buyers in
Germany, the USA, Japan and Viet Nam (one decided by the rule, one approved with changes), one
rejected application and one waiting in the underwriter queue; a limit under the bank policy.
Idempotent: an application already made for a buyer is not made again.
"""

from __future__ import annotations

from decimal import Decimal

from creditinfo.models import Buyer
from limits import services
from limits.models import CreditLimit, CreditLimitApplication, LimitAutoRule
from policies.models import Policy, Product
from sinosure_portal.accounts.models import User

# (country, registration number) of the kernel's demo buyers
MUELLER, PACIFIC, SAKURA = ("DE", "HRB 123456"), ("US", "US-DE-7788123"), ("JP", "0100-01-123456")
ANADOLU, LAGOS, SAIGON = ("TR", "TR-345678"), ("NG", "RC-998877"), ("VN", "0312345678")


def _buyer(key) -> Buyer | None:
    return Buyer.objects.filter(country_id=key[0], registration_number=key[1]).first()


def _apply(user, policy, buyer, **kw) -> CreditLimitApplication | None:
    if (
        buyer is None
        or CreditLimitApplication.objects.filter(organisation=policy.organisation, buyer=buyer).exists()
    ):
        return None
    request = services.LimitRequest(
        policy_id=policy.pk,
        buyer_id=buyer.pk,
        payment_term=kw.pop("payment_term", "OA"),
        credit_period_days=kw.pop("credit_period_days", 90),
        amount_requested_usd=kw.pop("amount", Decimal("100000")),
        goods_category=kw.pop("goods_category", "家具"),
        first_trade_year=kw.pop("first_trade_year", 2021),
        **kw,
    )
    return services.limit_application_submit(actor=user, request=request)


def _approve(app, underwriter, *, amount: str, period: int, terms: list[str], reason: str, conditions=""):
    """The underwriter's approval of an application still waiting for it."""
    if app and app.is_pending:
        services.limit_application_approve(
            application_id=app.pk,
            actor=underwriter,
            amount_usd=Decimal(amount),
            credit_period_days=period,
            payment_terms=terms,
            conditions=conditions,
            reason=reason,
        )


def _auto_rule() -> None:
    if not LimitAutoRule.objects.exists():
        LimitAutoRule.objects.create(
            name="小额绿灯买方 Small green buyers",
            max_amount_usd=Decimal("50000"),
            max_country_class=4,
            allowed_lights=["green"],
            allowed_payment_terms=["LC", "DP", "DA", "OA"],
            max_credit_period_days=180,
        )


def _exporter_limits(exporter, underwriter, policy) -> None:
    """Approved as asked, approved with changes, decided by the rule, rejected, left in the queue."""
    app = _apply(
        exporter,
        policy,
        _buyer(MUELLER),
        amount=Decimal("200000"),
        goods_category="实木家具",
        open_orders_usd=Decimal("60000"),
    )
    _approve(
        app,
        underwriter,
        amount="200000",
        period=90,
        terms=["OA", "DA"],
        reason="买方经营稳定，交易记录良好。",
    )
    app = _apply(
        exporter,
        policy,
        _buyer(PACIFIC),
        amount=Decimal("250000"),
        credit_period_days=120,
        goods_category="家居用品",
        financing_need=True,
    )
    _approve(
        app,
        underwriter,
        amount="150000",
        period=90,
        terms=["OA"],
        conditions="首笔出运前提供买方订单确认。",
        reason="买方规模有限，先核定部分额度。",
    )
    # decided at once by the rule (green buyer, class 1, USD 45,000)
    _apply(
        exporter,
        policy,
        _buyer(SAKURA),
        amount=Decimal("45000"),
        payment_term="DP",
        credit_period_days=60,
        goods_category="小家电",
    )
    app = _apply(
        exporter,
        policy,
        _buyer(SAIGON),
        amount=Decimal("80000"),
        payment_term="DP",
        credit_period_days=60,
        goods_category="食品包装机械",
    )
    _approve(app, underwriter, amount="80000", period=60, terms=["DP"], reason="付款交单，风险可控。")
    app = _apply(
        exporter,
        policy,
        _buyer(LAGOS),
        amount=Decimal("120000"),
        credit_period_days=180,
        goods_category="建材",
    )
    if app and app.is_pending:
        services.limit_application_reject(
            application_id=app.pk,
            actor=underwriter,
            reason="买方所在国家风险类别较高，且买方信息披露不完整。",
        )
    # left in the underwriter queue
    _apply(
        exporter,
        policy,
        _buyer(ANADOLU),
        amount=Decimal("300000"),
        credit_period_days=120,
        goods_category="纺织机械配件",
    )


def _bank_limits(bank, underwriter, bank_policy) -> None:
    app = _apply(
        bank,
        bank_policy,
        _buyer(PACIFIC),
        amount=Decimal("500000"),
        goods_category="保理项下家居用品应收账款",
    )
    _approve(
        app, underwriter, amount="400000", period=90, terms=["OA"], reason="与本公司在该买方的总敞口相适应。"
    )


def load(stdout=None) -> dict:
    _auto_rule()
    exporter, bank = User.objects.get(username="exporter"), User.objects.get(username="bank")
    underwriter = User.objects.get(username="underwriter")
    policy = (
        Policy.objects.filter(
            organisation=exporter.organisation, product=Product.COMPREHENSIVE, status=Policy.Status.ACTIVE
        )
        .order_by("-period_start")
        .first()
    )
    if policy is not None:
        _exporter_limits(exporter, underwriter, policy)
    bank_policy = Policy.objects.filter(
        organisation=bank.organisation, product=Product.BANK, status=Policy.Status.ACTIVE
    ).first()
    if bank_policy is not None:
        _bank_limits(bank, underwriter, bank_policy)
    return {
        "limits": CreditLimit.objects.count(),
        "applications": CreditLimitApplication.objects.count(),
        "pending": CreditLimitApplication.objects.filter(status__in=CreditLimitApplication.PENDING).count(),
    }
