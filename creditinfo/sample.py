"""Generated sample trade data for the buyer finder (资信导航仪): plausible importers, products,
prices and seasons, from a seeded random generator so that the same seed gives the same data.

Used by the demo data (a few thousand rows, marked as sample data) and by the benchmark
(millions of rows). Nothing here is real trade data.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from creditinfo.hs import HS_HEADINGS

LEGAL_FORMS = {
    "DE": "GmbH",
    "US": "Inc.",
    "JP": "Co., Ltd.",
    "GB": "Ltd",
    "FR": "SARL",
    "NL": "B.V.",
    "VN": "JSC",
    "TR": "A.Ş.",
    "NG": "Ltd",
    "AE": "LLC",
    "BR": "Ltda.",
    "IN": "Pvt Ltd",
    "MX": "S.A. de C.V.",
    "PL": "Sp. z o.o.",
    "IT": "S.r.l.",
    "ES": "S.L.",
    "KR": "Co., Ltd.",
    "AU": "Pty Ltd",
    "CA": "Inc.",
    "SG": "Pte Ltd",
}
SYLLABLES = [
    "ka", "lo", "ver", "mi", "sa", "to", "ren", "da", "no", "vi", "ra", "bel", "mar", "zen", "ti",
    "ko", "la", "dor", "fi", "ne", "pal", "ro", "su", "ta", "gan", "he", "li", "mon", "val", "cor",
    "ster", "bra", "quin", "del", "vor", "al", "tek", "nor", "sol", "win",
]  # fmt: skip
TRADE_WORDS = [
    "Trading", "Import", "Distribution", "Supply", "Wholesale", "Industries", "Retail", "Home",
    "Electric", "Textiles", "Foods", "Machinery", "Components", "Logistics", "Solutions", "Partners",
]  # fmt: skip
ORIGINS = ["CN"] * 11 + ["VN", "IN", "TR", "DE", "US", "TH", "MY", "KR", "JP"]
# USD per kg, roughly, by HS chapter
PRICE_PER_KG = {
    "03": (6, 14), "07": (0.6, 1.5), "09": (3, 12), "16": (4, 9), "20": (2, 5), "29": (3, 20),
    "30": (40, 200), "38": (3, 9), "39": (2, 6), "40": (2.5, 4), "42": (10, 30), "54": (4, 9),
    "61": (10, 25), "62": (12, 30), "63": (5, 12), "64": (8, 25), "69": (0.5, 1.5), "70": (2, 6),
    "72": (0.7, 1.2), "73": (1.2, 4), "76": (3, 5), "84": (8, 40), "85": (10, 80), "87": (5, 15),
    "90": (30, 150), "94": (3, 8), "95": (6, 15),
}  # fmt: skip
SUBHEADINGS = ["10", "20", "30", "90"]
# what Chinese exporters ship most: the sample's importers buy these more often
POPULAR_HEADINGS = {
    "8504",
    "8517",
    "8471",
    "9403",
    "9401",
    "9405",
    "6109",
    "6110",
    "8544",
    "3926",
    "6402",
    "8516",
    "9503",
    "8708",
    "7318",
}
VARIANTS = ["", "parts of ", "assorted ", "industrial ", "household "]


@dataclass(frozen=True)
class SampleImporter:
    name: str
    country: str
    headings: tuple[str, ...]  # what it buys
    contact_known: bool
    size: float  # relative purchasing volume


def proper_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()


def importer_name(rng: random.Random, country: str) -> str:
    legal = LEGAL_FORMS.get(country, "Ltd")
    return f"{proper_name(rng)} {rng.choice(TRADE_WORDS)} {legal}"


def sample_importers(
    rng: random.Random, countries: list[str], per_country: int, *, taken: set[tuple[str, str]] | None = None
) -> list[SampleImporter]:
    """Importers with distinct names per country, each buying one to three HS headings."""
    from creditinfo.models import normalise_name

    taken = set() if taken is None else taken
    headings = [code for code, _zh, _en in HS_HEADINGS]
    weights = [8 if code in POPULAR_HEADINGS else 1 for code in headings]
    result = []
    for country in countries:
        made = 0
        while made < per_country:
            name = importer_name(rng, country)
            key = (country, normalise_name(name))
            if key in taken:
                continue
            taken.add(key)
            result.append(
                SampleImporter(
                    name=name,
                    country=country,
                    headings=tuple(dict.fromkeys(rng.choices(headings, weights, k=rng.choice((1, 1, 2, 3))))),
                    contact_known=rng.random() < 0.4,
                    size=rng.paretovariate(1.6),
                )
            )
            made += 1
    return result


def _product_name(rng: random.Random, heading: str) -> str:
    english = next(en for code, _zh, en in HS_HEADINGS if code == heading)
    return (rng.choice(VARIANTS) + english[0].lower() + english[1:])[:255]


def sample_trade_rows(
    rng: random.Random,
    importers: list[SampleImporter],
    *,
    first: date,
    last: date,
    trades_per_importer: float,
) -> Iterator[tuple[int, str, str, date, float, float, str]]:
    """(importer index, hs_code, product name, date, weight kg, value USD, origin) rows: bigger
    importers trade more often, with a season peaking before the year-end holidays."""
    days = (last - first).days
    for index, imp in enumerate(importers):
        n = max(1, int(trades_per_importer * min(imp.size, 20) / 2.5))
        for _ in range(n):
            day = first + timedelta(days=rng.randint(0, days))
            season = 1.4 if day.month in (9, 10, 11) else (0.8 if day.month in (1, 2) else 1.0)
            heading = rng.choice(imp.headings)
            low, high = PRICE_PER_KG.get(heading[:2], (2, 10))
            weight = round(rng.lognormvariate(7.5, 1.0) * season, 2)
            value = round(weight * rng.uniform(low, high), 2)
            yield (
                index,
                heading + rng.choice(SUBHEADINGS),
                _product_name(rng, heading),
                day,
                weight,
                value,
                rng.choice(ORIGINS),
            )
