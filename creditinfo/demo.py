"""Demo data of the credit information tools (idempotent): industry risk notes, more buyers and
issuing banks, risk events that colour some lights, alert subscriptions, credit report orders
in several states, and a generated sample of trade records for the buyer finder, clearly marked
as sample data (样例数据)."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from creditinfo import services
from creditinfo.demo_reference import load_reference
from creditinfo.learn_services import learn_content_load
from creditinfo.models import (
    Buyer,
    Country,
    CreditReportOrder,
    Importer,
    IndustryGroup,
    RiskEvent,
    TradeRecord,
    normalise_name,
)
from creditinfo.sample import SampleImporter, sample_importers, sample_trade_rows
from sinosure_portal.accounts.models import User
from sinosure_portal.workdays.calendar import today

INDUSTRY_NOTES = {
    "A": "受气候、疫病和大宗价格影响大，季节性强。\nWeather, disease and commodity prices drive results; strongly seasonal.",
    "B": "与大宗商品周期高度相关，关注资源国政策与汇率。\nTied to the commodity cycle; watch resource-country policy and currency.",
    "C": "订单与库存波动明显，关注原材料成本与海外需求。\nOrders and inventories swing; watch input costs and foreign demand.",
    "D": "受监管定价影响，现金流稳定但资本开支大。\nRegulated prices: steady cash flow, heavy capital spending.",
    "E": "公共项目付款周期长。\nPublic projects pay slowly.",
    "F": "工程款拖欠常见，项目制付款，关注业主资金来源。\nLate payment is common; paid by project milestones; check the owner's funding.",
    "G": "批发零售利润薄、周转快，资金链紧张时易拖欠。\nThin margins and fast turnover; defaults come quickly when credit tightens.",
    "H": "运价波动大，燃油成本敏感。\nVolatile freight rates, sensitive to fuel costs.",
    "I": "受旅游与消费景气影响明显。\nFollows tourism and consumer sentiment.",
    "J": "轻资产，关注持续经营能力与融资情况。\nAsset-light; check going concern and funding.",
    "K": "开证行风险：关注所在国外汇管制与银行评级。\nIssuing-bank risk: watch the country's exchange controls and the bank's rating.",
    "L": "高杠杆，利率上升期风险上升。\nHighly leveraged; risk rises with interest rates.",
    "M": "客户集中度高，关注应收账款质量。\nConcentrated clients; watch receivable quality.",
    "N": "人力密集，利润率低。\nLabour-intensive, low margins.",
    "O": "政府付款受预算与政治周期影响。\nGovernment payment depends on budgets and politics.",
    "P": "公共资金为主，付款较稳定但审批慢。\nMostly public money: steady but slow approval.",
    "Q": "医保回款周期长。\nHealth-insurance reimbursements are slow.",
    "R": "需求弹性大，受景气影响明显。\nDemand is elastic and cyclical.",
    "S": "规模小、信息披露少。\nSmall firms with little disclosure.",
    "T": "极少作为买方出现。\nRarely a buyer.",
    "U": "国际组织付款信用一般较好。\nInternational organisations usually pay well.",
}

BUYERS = [
    # (name, name_en, name_zh, country, regno, industry, address)
    (
        "Bhaktivedanta Textiles Pvt Ltd",
        "Bhaktivedanta Textiles Pvt Ltd",
        "巴克蒂纺织有限公司",
        "IN",
        "U17100MH2009PTC192345",
        "C",
        "Mumbai",
    ),
    (
        "Casa Verde Importadora Ltda.",
        "Casa Verde Importers Ltd.",
        "绿屋进口有限公司",
        "BR",
        "12.345.678/0001-90",
        "G",
        "São Paulo",
    ),
    (
        "Al Noor General Trading LLC",
        "Al Noor General Trading LLC",
        "光明综合贸易有限责任公司",
        "AE",
        "DXB-778812",
        "G",
        "Dubai",
    ),
    (
        "Nordlicht Elektro GmbH",
        "Nordlicht Electric GmbH",
        "北极光电气有限公司",
        "DE",
        "HRB 204411",
        "C",
        "Hamburg",
    ),
    (
        "Maple Leaf Home Supply Inc.",
        "Maple Leaf Home Supply Inc.",
        "枫叶家居供应公司",
        "CA",
        "BC1234567",
        "G",
        "Vancouver",
    ),
    (
        "Sunrise Electronics Pte Ltd",
        "Sunrise Electronics Pte Ltd",
        "朝阳电子私人有限公司",
        "SG",
        "201912345K",
        "C",
        "Singapore",
    ),
    (
        "Kyiv Agro Import LLC",
        "Kyiv Agro Import LLC",
        "基辅农业进口有限责任公司",
        "UA",
        "UA-40112233",
        "A",
        "Kyiv",
    ),
    (
        "Polskie Meble Sp. z o.o.",
        "Polish Furniture Ltd",
        "波兰家具有限公司",
        "PL",
        "KRS 0000123456",
        "C",
        "Poznań",
    ),
]
BANKS = [
    (
        "HSBC Bank (Hong Kong)",
        "The Hongkong and Shanghai Banking Corporation",
        "香港上海汇丰银行",
        "HK",
        "HSBCHKHH",
    ),
    ("MUFG Bank, Ltd.", "MUFG Bank, Ltd.", "三菱日联银行", "JP", "BOTKJPJT"),
    ("Türkiye İş Bankası A.Ş.", "Turkiye Is Bankasi", "土耳其商业银行", "TR", "ISBKTRIS"),
]
# (buyer registration number or SWIFT, kind, days ago, title, description)
BUYER_EVENTS = [
    ("TR-345678", "past_default", 120, "2025年两张发票逾期75天付款", "经催收后已全额结清。"),
    ("TR-345678", "operating_trouble", 40, "失去主要零售客户", "预计营业额下降三分之一。"),
    ("RC-998877", "serious_default", 25, "拖欠三家中国出口企业货款38万美元", ""),
    ("RC-998877", "fraud", 10, "提单涉嫌单据欺诈", "调查中。"),
    ("0312345678", "incomplete_disclosure", 60, "未披露2024和2025年度财务报表", ""),
    ("UA-40112233", "bankruptcy", 15, "基辅商事法院已受理其破产申请", ""),
    ("DXB-778812", "past_default", 200, "2024年曾逾期付款，现已正常", ""),
]
COUNTRY_EVENTS = [
    ("UA", "war", 30, "战事持续，敖德萨地区港口运营受阻", ""),
    ("RU", "sanctions", 45, "欧美对银行及军民两用物项实施新一轮制裁", ""),
    ("TR", "rating_change", 20, "主权评级展望调整", "通胀和外汇储备仍是主要关注点。"),
    ("NG", "moratorium", 12, "央行延迟为进口商办理外汇汇出", ""),
    ("AR", "rating_change", 70, "宣布放宽外汇管制", ""),
]
SAMPLE_COUNTRIES = ["DE", "US", "JP", "GB", "FR", "NL", "VN", "TR", "NG", "AE", "BR", "IN", "MX", "PL"]


def load(stdout=None) -> dict:
    underwriter = User.objects.filter(username="underwriter").first()
    exporter = User.objects.filter(username="exporter").first()
    exporter2 = User.objects.filter(username="exporter2").first()
    load_reference()
    for code, notes in INDUSTRY_NOTES.items():
        IndustryGroup.objects.filter(pk=code, risk_notes="").update(risk_notes=notes)
    _ensure_countries()

    for name, name_en, name_zh, country, regno, industry, address in BUYERS:
        if Country.objects.filter(pk=country).exists():
            services.buyer_register(
                name=name,
                name_en=name_en,
                name_zh=name_zh,
                country_id=country,
                registration_number=regno,
                industry_id=industry,
                address=address,
            )
    for name, name_en, name_zh, country, swift in BANKS:
        services.buyer_register(
            kind=Buyer.Kind.BANK,
            name=name,
            name_en=name_en,
            name_zh=name_zh,
            country_id=country,
            swift_code=swift,
            industry_id="K",
        )

    day = today()
    events = 0
    for key, kind, ago, title, description in BUYER_EVENTS:
        buyer = Buyer.objects.filter(registration_number=key).first()
        if buyer and not RiskEvent.objects.filter(buyer=buyer, title=title).exists():
            services.risk_event_record(
                kind=kind,
                event_date=day - timedelta(days=ago),
                title=title,
                description=description,
                buyer=buyer,
                actor=underwriter,
            )
            events += 1
    for country, kind, ago, title, description in COUNTRY_EVENTS:
        if Country.objects.filter(pk=country).exists() and not RiskEvent.objects.filter(title=title).exists():
            services.risk_event_record(
                kind=kind,
                event_date=day - timedelta(days=ago),
                title=title,
                description=description,
                country_id=country,
                actor=underwriter,
            )
            events += 1

    if exporter:
        services.subscription_follow(user=exporter, country_id="TR")
        services.subscription_follow(user=exporter, industry_id="C", email=False)
        lagos = Buyer.objects.filter(registration_number="RC-998877").first()
        if lagos:
            services.subscription_follow(user=exporter, buyer_id=lagos.pk)
    if exporter2:
        services.subscription_follow(user=exporter2, country_id="NG")
    # tell the followers now, so the inboxes show alerts on the first run even without a worker
    services.risk_events_alert_followers()
    services.light_changes_alert_followers()

    orders = _report_orders(exporter, exporter2, underwriter)
    trade = _trade_sample()
    learn = learn_content_load()
    return {"risk_events": events, "report_orders": orders, **trade, **learn}


def _ensure_countries() -> None:
    """Countries the sample and the demo buyers need beyond the kernel's forty."""
    from babel import Locale

    zh, en = Locale.parse("zh_Hans"), Locale.parse("en")
    for code, risk_class, outlook in [("CN", 2, "stable")]:
        Country.objects.get_or_create(
            code=code,
            defaults={
                "name_zh": zh.territories[code],
                "name_en": en.territories[code],
                "risk_class": risk_class,
                "outlook": outlook,
            },
        )


def _report_orders(exporter, exporter2, underwriter) -> int:
    if not (exporter and underwriter) or CreditReportOrder.objects.exists():
        return CreditReportOrder.objects.count()
    mueller = Buyer.objects.filter(registration_number="HRB 123456").first()
    anadolu = Buyer.objects.filter(registration_number="TR-345678").first()
    if mueller:
        delivered = services.credit_report_order_place(
            actor=exporter, buyer_id=mueller.pk, notes="年度复核：付款记录与经营情况 / yearly review"
        )
        services.credit_report_order_start(order_id=delivered.pk, actor=underwriter)
        services.credit_report_order_deliver(
            order_id=delivered.pk,
            actor=underwriter,
            findings="经营稳定，付款记录良好，未发现负面信息。\nStable business, good payment record, no negative information.",
        )
    if anadolu:
        started = services.credit_report_order_place(
            actor=exporter, buyer_id=anadolu.pk, notes="新订单前的调查"
        )
        services.credit_report_order_start(order_id=started.pk, actor=underwriter)
    services.credit_report_order_place(
        actor=exporter,
        buyer_name="Andes Hogar S.A.",
        buyer_country_id="CL",
        buyer_registration_number="76.543.210-K",
        buyer_address="Santiago",
        notes="首次合作的新买方 / a new buyer",
    )
    if exporter2:
        services.credit_report_order_place(
            actor=exporter2,
            buyer_name="Riyadh Modern Kitchens Co.",
            buyer_country_id="SA",
            notes="new buyer",
        )
    return CreditReportOrder.objects.count()


@transaction.atomic
def _trade_sample() -> dict:
    """A few thousand generated trade records over the last two years (sample data)."""
    if Importer.objects.filter(is_sample=True).exists():
        return {"sample_importers": Importer.objects.filter(is_sample=True).count()}
    rng = random.Random(2026)
    countries = [c for c in SAMPLE_COUNTRIES if Country.objects.filter(pk=c).exists()]
    taken = set(Importer.objects.values_list("country_id", "normalised_name"))
    importers = sample_importers(rng, countries, 45, taken=taken)
    # a few registered buyers also appear as importers, so the finder shows their light
    buyers = {
        (b.country_id, b.normalised_name): b
        for b in Buyer.objects.filter(country_id__in=countries, kind=Buyer.Kind.COMPANY)
    }
    rows = [
        Importer(
            name=imp.name,
            normalised_name=normalise_name(imp.name),
            country_id=imp.country,
            contact_known=imp.contact_known,
            contact=f"+{rng.randint(1, 99)} {rng.randint(100, 999)} {rng.randint(1000000, 9999999)}"
            if imp.contact_known
            else "",
            is_sample=True,
        )
        for imp in importers
    ]
    for (country, norm), buyer in buyers.items():
        if (country, norm) not in taken:
            rows.append(
                Importer(
                    name=buyer.name,
                    normalised_name=norm,
                    country_id=country,
                    contact_known=True,
                    buyer=buyer,
                    is_sample=True,
                    address=buyer.address,
                )
            )
            importers.append(
                SampleImporter(
                    name=buyer.name, country=country, headings=("8504", "9403"), contact_known=True, size=3.0
                )
            )
    Importer.objects.bulk_create(rows, batch_size=500)
    ids = {
        (country, norm): pk
        for pk, country, norm in Importer.objects.filter(is_sample=True).values_list(
            "pk", "country_id", "normalised_name"
        )
    }
    last = today()
    first = last - timedelta(days=730)
    records = []
    for index, hs, product, day, weight, value, origin in sample_trade_rows(
        rng, importers, first=first, last=last, trades_per_importer=30
    ):
        imp = importers[index]
        records.append(
            TradeRecord(
                importer_id=ids[(imp.country, normalise_name(imp.name))],
                country_id=imp.country,
                hs_code=hs,
                product_name=product,
                trade_date=day,
                weight_kg=Decimal(str(weight)),
                value_usd=Decimal(str(value)),
                origin_country=origin,
            )
        )
    TradeRecord.objects.bulk_create(records, batch_size=2000)
    return {"sample_importers": len(rows), "sample_trade_records": len(records)}
