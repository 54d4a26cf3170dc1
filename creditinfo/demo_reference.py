"""Reference data every demo needs: countries with their risk classes, industry groups and a few
buyers (moved out of the kernel's demo: the kernel imports no app)."""

from babel import Locale

from creditinfo.industries import INDUSTRY_GROUPS
from creditinfo.models import Buyer, Country, IndustryGroup

# ISO code -> risk class (1 lowest risk .. 9 highest) and outlook; a sample, not the insurer's view.
COUNTRIES = {
    "US": (2, "stable"),
    "DE": (1, "stable"),
    "JP": (1, "stable"),
    "GB": (2, "stable"),
    "FR": (2, "stable"),
    "NL": (1, "stable"),
    "AU": (1, "stable"),
    "CA": (1, "stable"),
    "SG": (1, "stable"),
    "KR": (2, "stable"),
    "IT": (3, "stable"),
    "ES": (3, "positive"),
    "AE": (3, "stable"),
    "SA": (3, "stable"),
    "PL": (3, "stable"),
    "MY": (3, "stable"),
    "TH": (4, "stable"),
    "IN": (4, "positive"),
    "ID": (4, "stable"),
    "VN": (4, "positive"),
    "MX": (4, "stable"),
    "BR": (5, "stable"),
    "TR": (6, "negative"),
    "ZA": (5, "stable"),
    "PH": (5, "stable"),
    "EG": (6, "stable"),
    "NG": (7, "negative"),
    "KE": (6, "stable"),
    "PK": (7, "stable"),
    "BD": (6, "stable"),
    "AR": (7, "positive"),
    "RU": (8, "negative"),
    "UA": (9, "negative"),
    "IR": (9, "negative"),
    "VE": (9, "stable"),
    "LK": (7, "positive"),
    "GH": (7, "stable"),
    "ET": (8, "negative"),
    "CL": (3, "stable"),
    "HK": (2, "stable"),
}

BUYERS = [
    # (name, name_en, name_zh, country, regno, industry)
    ("Müller Handels GmbH", "Mueller Trading GmbH", "穆勒贸易有限公司", "DE", "HRB 123456", "G"),
    ("Pacific Home Goods Inc.", "Pacific Home Goods Inc.", "太平洋家居用品公司", "US", "US-DE-7788123", "G"),
    ("株式会社さくら電機", "Sakura Electric Co., Ltd.", "樱花电机株式会社", "JP", "0100-01-123456", "C"),
    ("Anadolu Tekstil A.Ş.", "Anadolu Textile Inc.", "安纳托利亚纺织公司", "TR", "TR-345678", "C"),
    ("Lagos Build Materials Ltd", "Lagos Build Materials Ltd", "拉各斯建材有限公司", "NG", "RC-998877", "F"),
    ("Saigon Fresh Foods JSC", "Saigon Fresh Foods JSC", "西贡鲜食股份公司", "VN", "0312345678", "A"),
]


def load_reference() -> int:
    """Idempotent; returns how many countries there are."""
    zh, en = Locale.parse("zh_Hans"), Locale.parse("en")
    for code, (risk_class, outlook) in COUNTRIES.items():
        Country.objects.update_or_create(
            code=code,
            defaults={
                "name_zh": zh.territories[code],
                "name_en": en.territories[code],
                "risk_class": risk_class,
                "outlook": outlook,
            },
        )
    for code, name_zh, name_en in INDUSTRY_GROUPS:
        IndustryGroup.objects.update_or_create(code=code, defaults={"name_zh": name_zh, "name_en": name_en})

    for name, name_en, name_zh, country, regno, industry in BUYERS:
        if not Buyer.objects.filter(country_id=country, registration_number=regno).exists():
            Buyer.objects.create(
                name=name,
                name_en=name_en,
                name_zh=name_zh,
                country_id=country,
                registration_number=regno,
                industry_id=industry,
            )
    if not Buyer.objects.filter(swift_code="DEUTDEFF").exists():
        Buyer.objects.create(
            kind=Buyer.Kind.BANK,
            name="Deutsche Bank AG",
            name_en="Deutsche Bank AG",
            name_zh="德意志银行",
            country_id="DE",
            swift_code="DEUTDEFF",
            industry_id="K",
        )
    return Country.objects.count()
