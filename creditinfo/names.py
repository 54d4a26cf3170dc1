"""Company names as the look-ups compare them: normalised (case, accents, punctuation and legal
forms folded), registration numbers reduced to letters and digits, and the distinctive words of a
name without the generic ones many buyers share."""

import re
import unicodedata


def normalise_name(name: str) -> str:
    """Case-, accent-, punctuation- and legal-form-insensitive form of a company name."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[^\w]+", " ", text)
    text = re.sub(
        r"\b(co|company|corp|corporation|inc|incorporated|ltd|limited|llc|plc|gmbh|ag|sa|sas|sarl|srl|spa|bv|nv|pte|pty|kk|oy|ab|as)\b",
        " ",
        text,
    )
    return " ".join(text.split())


def registration_key(value: str) -> str:
    """A registration number or SWIFT code reduced to upper-case letters and digits, so that
    "HRB 123456", "hrb-123456" and "HRB123456" are looked up as one."""
    text = unicodedata.normalize("NFKC", value or "").upper()
    return "".join(ch for ch in text if ch.isalnum())


def buyer_search_text(name: str, name_en: str = "", name_zh: str = "") -> str:
    """The one column the traffic-light look-up searches: the normalised original, English and
    Chinese names (each once), so that a single trigram index serves all three."""
    parts: list[str] = []
    for value in (name, name_en, name_zh):
        norm = normalise_name(value)
        if norm and norm not in parts:
            parts.append(norm)
    return " ".join(parts)[:1000]


# Words that many company names share: they say little about which company is meant, and their
# trigrams would make every fuzzy look-up match a large part of the database. The look-up key
# leaves them out (the full names still rank the matches and are what people see).
GENERIC_NAME_WORDS = frozenset(
    [
        "and",
        "the",
        "of",
        "de",
        "la",
        "del",
        "di",
        "des",
        "du",
        "et",
        "y",
        "und",
        "van",
        "von",
        "trading",
        "trade",
        "traders",
        "import",
        "imports",
        "importers",
        "importing",
        "export",
        "exports",
        "exporters",
        "impex",
        "international",
        "intl",
        "global",
        "general",
        "group",
        "holding",
        "holdings",
        "industries",
        "industry",
        "industrial",
        "enterprise",
        "enterprises",
        "commercial",
        "commerce",
        "distribution",
        "distributors",
        "distributor",
        "supply",
        "supplies",
        "wholesale",
        "wholesalers",
        "retail",
        "services",
        "service",
        "solutions",
        "partners",
        "logistics",
        "products",
        "manufacturing",
        "company",
        "corporation",
        "home",
        "electric",
        "electrical",
        "electronics",
        "textiles",
        "textile",
        "foods",
        "food",
        "machinery",
        "components",
        "goods",
        "ltda",
        "pvt",
        "jsc",
        "pjsc",
        "ojsc",
        "cjsc",
        "tbk",
        "bhd",
        "sdn",
        "zoo",
        "sro",
        "kft",
        "doo",
        "ooo",
        "eirl",
        "sac",
        "cia",
        "cv",
        "spa",
        "srl",
        "sl",
    ]
)
GENERIC_CJK_WORDS = (
    # longest first, so that 股份有限公司 goes before 有限公司 and 公司
    "股份有限公司", "有限责任公司", "有限公司", "株式会社", "进出口", "零部件", "公司", "集团", "国际",
    "贸易", "商贸", "进口", "出口", "实业", "工业", "分销", "供应", "批发", "零售", "家居", "电气",
    "电子", "纺织", "食品", "机械", "物流", "科技", "控股", "合伙", "方案",
)  # fmt: skip


def name_search_key(normalised: str) -> str:
    """A normalised name without its generic words (see GENERIC_NAME_WORDS) and without the
    one- and two-letter fragments that punctuated legal forms leave ("S.A. de C.V." gives
    "s a de c v"); their trigrams are shared by a large part of any list of companies."""
    words = []
    for word in normalised.split():
        if word in GENERIC_NAME_WORDS:
            continue
        if not word.isascii():
            for generic in GENERIC_CJK_WORDS:
                word = word.replace(generic, " ")
            words.extend(word.split())
        elif len(word) > 2:
            words.append(word)
    return " ".join(words)


def buyer_search_key(name: str, name_en: str = "", name_zh: str = "") -> str:
    """What the fuzzy look-up's trigram index holds: the distinctive words of the three names
    (each once); the full search text when a name has nothing but generic words."""
    parts: list[str] = []
    for value in (name, name_en, name_zh):
        norm = normalise_name(value)
        key = name_search_key(norm) or norm
        for word in key.split():
            if word not in parts:
                parts.append(word)
    return " ".join(parts)[:500]
