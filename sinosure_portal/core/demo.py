"""Demo data of the shared kernel: organisations, the eight demo users, countries, industries,
a few buyers and a sample of exchange rates. Loaded only by ``manage.py demo_data``."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sinosure_portal.accounts import uscc
from sinosure_portal.accounts.models import Organisation, Role, User
from sinosure_portal.money.models import ExchangeRate
from sinosure_portal.workdays.calendar import today

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - documented demo password, created only by this command


# currency -> USD per unit on the first sample day; later days drift deterministically
RATES = {
    "CNY": Decimal("0.1390"),
    "EUR": Decimal("1.0850"),
    "JPY": Decimal("0.00670"),
    "GBP": Decimal("1.2700"),
    "HKD": Decimal("0.1281"),
    "AUD": Decimal("0.6600"),
    "SGD": Decimal("0.7400"),
    "AED": Decimal("0.2723"),
}


def load(stdout=None) -> dict:
    insurer, _ = Organisation.objects.get_or_create(
        kind=Organisation.Kind.INSURER,
        name_zh="中国出口信用保险公司",
        defaults={
            "name_en": "China Export & Credit Insurance Corporation",
            "uscc": uscc.complete("91100000710931483"),
        },
    )
    exporter, _ = Organisation.objects.get_or_create(
        uscc=uscc.complete("91370200MA3C5XQ21"),
        defaults={
            "kind": Organisation.Kind.EXPORTER,
            "name_zh": "青岛海辰贸易有限公司",
            "name_en": "Qingdao Haichen Trading Co., Ltd.",
            "province": "山东",
            "size_class": Organisation.SizeClass.SMALL,
            "last_year_exports_usd": Decimal("2400000"),
        },
    )
    exporter2, _ = Organisation.objects.get_or_create(
        uscc=uscc.complete("91330206MA2H7K8L3"),
        defaults={
            "kind": Organisation.Kind.EXPORTER,
            "name_zh": "宁波远帆进出口有限公司",
            "name_en": "Ningbo Yuanfan Import & Export Co., Ltd.",
            "province": "浙江",
            "size_class": Organisation.SizeClass.MEDIUM,
            "last_year_exports_usd": Decimal("18500000"),
        },
    )
    bank, _ = Organisation.objects.get_or_create(
        kind=Organisation.Kind.BANK,
        name_zh="中国建设银行青岛分行",
        defaults={
            "name_en": "China Construction Bank, Qingdao Branch",
            "swift_code": "PCBCCNBJQDX",
            "uscc": uscc.complete("91370200863916412"),
        },
    )
    people = [
        ("exporter", Role.EXPORTER, exporter, "王丽", "外贸经理"),
        ("exporter-clerk", Role.EXPORTER, exporter, "孙静", "单证员"),
        ("exporter2", Role.EXPORTER, exporter2, "陈强", "财务主管"),
        ("bank", Role.BANK, bank, "刘洋", "贸易融资部客户经理"),
        ("underwriter", Role.UNDERWRITER, insurer, "张伟", "承保经理"),
        # a second underwriter: a limit decision above PORTAL_LIMIT_SECOND_APPROVAL_USD needs one
        ("underwriter2", Role.UNDERWRITER, insurer, "周涛", "承保复核经理"),
        ("claims", Role.CLAIMS, insurer, "李娜", "理赔经理"),
        ("admin", Role.ADMIN, insurer, "赵敏", "系统管理员"),
    ]
    for username, role, org, name, title in people:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "organisation": org,
                "display_name": name,
                "title": title,
                "email": f"{username}@demo.example",
                "is_staff": role == Role.ADMIN,
                "is_superuser": role == Role.ADMIN,
                # team duties (accounts.acts): the first person of each customer administers its
                # team; the exporter's clerk only drafts (a reviewer submits what the clerk drafted)
                "duty_org_admin": username in ("exporter", "exporter2", "bank"),
                "duty_reviewer": username != "exporter-clerk",
                "duty_esigner": username != "exporter-clerk",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()

    rates = exchange_rates_sample(date(2025, 1, 1), today())
    return {
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "rates": rates,
    }


def exchange_rates_sample(first: date, last: date) -> int:
    """A deterministic sample of daily rates (a gentle drift with a weekly wobble), clearly a sample."""
    rows = []
    days = (last - first).days + 1
    for currency, base in RATES.items():
        for i in range(days):
            wobble = Decimal((i * 7919) % 41 - 20) / Decimal(10000)
            drift = Decimal(i) / Decimal(100000)
            rate = (base * (Decimal(1) + wobble / 10 + drift / 10)).quantize(Decimal("0.0000000001"))
            rows.append(
                ExchangeRate(
                    currency=currency, date=first + timedelta(days=i), usd_per_unit=rate, source="demo sample"
                )
            )
    ExchangeRate.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    return len(rows)
