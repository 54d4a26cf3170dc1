"""Reads of the buyer finder (资信导航仪): importers of a product in a country, from trade records.

Every query starts from TradeRecord filtered on (country, HS range), which one index serves
(on PostgreSQL an index-only scan: see migration 0003), and aggregates by importer or by month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404

from creditinfo import rules
from creditinfo.hs import headings_matching
from creditinfo.models import Importer, TradeRecord

ORDERS = {"value": "value_usd", "weight": "weight_kg", "count": "trades"}
CHINA = "CN"


@dataclass(frozen=True)
class FinderQuery:
    country_id: str
    hs_prefix: str = ""  # digits
    product: str = ""  # a product name, Chinese or English
    date_from: date | None = None
    date_to: date | None = None
    contact_known: bool = False
    china_origin: bool = False
    order: str = "value"  # value | weight | count


def _hs_range(prefix: str) -> Q:
    low, high = rules.hs_prefix_range(prefix)
    return Q(hs_code__gte=low, hs_code__lt=high) if high else Q(hs_code__gte=low)


def finder_product_headings(q: FinderQuery) -> list[str]:
    return headings_matching(q.product) if q.product and not q.hs_prefix else []


def finder_records(q: FinderQuery) -> QuerySet[TradeRecord]:
    qs = TradeRecord.objects.filter(country_id=q.country_id.upper())
    if q.hs_prefix:
        qs = qs.filter(_hs_range(q.hs_prefix))
    elif q.product:
        product = Q(product_name__icontains=q.product.strip())
        for heading in finder_product_headings(q):
            product |= _hs_range(heading)
        qs = qs.filter(product)
    if q.date_from:
        qs = qs.filter(trade_date__gte=q.date_from)
    if q.date_to:
        qs = qs.filter(trade_date__lte=q.date_to)
    if q.china_origin:
        qs = qs.filter(origin_country=CHINA)
    if q.contact_known:
        qs = qs.filter(importer__contact_known=True)
    return qs


def finder_summary(q: FinderQuery) -> dict:
    row = finder_records(q).aggregate(
        importers=Count("importer", distinct=True),
        trades=Count("importer"),
        value_usd=Sum("value_usd"),
        weight_kg=Sum("weight_kg"),
        first=Min("trade_date"),
        last=Max("trade_date"),
    )
    row["value_usd"] = row["value_usd"] or Decimal("0")
    row["weight_kg"] = row["weight_kg"] or Decimal("0")
    return row


def finder_trend(q: FinderQuery) -> list[dict]:
    """Traded value, weight and number of trades by month."""
    return [
        {"month": r["month"], "value_usd": r["value_usd"], "weight_kg": r["weight_kg"], "trades": r["trades"]}
        for r in finder_records(q)
        .annotate(month=TruncMonth("trade_date"))
        .values("month")
        .annotate(value_usd=Sum("value_usd"), weight_kg=Sum("weight_kg"), trades=Count("importer"))
        .order_by("month")
    ]


def finder_importers(q: FinderQuery, *, limit: int = 50, offset: int = 0) -> list[dict]:
    """Importers ranked by traded value, weight or number of trades (two queries)."""
    order = ORDERS.get(q.order, "value_usd")
    rows = list(
        finder_records(q)
        .values("importer_id")
        .annotate(
            value_usd=Sum("value_usd"),
            weight_kg=Sum("weight_kg"),
            trades=Count("importer"),
            last_trade=Max("trade_date"),
        )
        .order_by(f"-{order}", "importer_id")[offset : offset + limit]
    )
    importers = Importer.objects.select_related("country", "buyer").in_bulk([r["importer_id"] for r in rows])
    for r in rows:
        r["importer"] = importers[r["importer_id"]]
    return rows


def finder_has_sample(q: FinderQuery) -> bool:
    """True when the country's importers include generated sample data (shown with a mark)."""
    return Importer.objects.filter(country_id=q.country_id.upper(), is_sample=True).exists()


# --- one importer ------------------------------------------------------------------------------


def importer_get(pk) -> Importer:
    try:
        return Importer.objects.select_related("country", "buyer__country").get(pk=int(pk))
    except (Importer.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def importer_history(importer: Importer) -> QuerySet[TradeRecord]:
    return importer.trade_records.order_by("-trade_date", "-id")


def importer_totals(importer: Importer) -> dict:
    return importer.trade_records.aggregate(
        trades=Count("pk"),
        value_usd=Sum("value_usd"),
        weight_kg=Sum("weight_kg"),
        first=Min("trade_date"),
        last=Max("trade_date"),
    )


def importer_products(importer: Importer, *, limit: int = 10) -> list[dict]:
    """Its main products by value: HS code and product name."""
    return list(
        importer.trade_records.values("hs_code")
        .annotate(
            product=Max("product_name"),
            value_usd=Sum("value_usd"),
            weight_kg=Sum("weight_kg"),
            trades=Count("pk"),
        )
        .order_by("-value_usd", "hs_code")[:limit]
    )


def importer_origins(importer: Importer) -> list[dict]:
    """Where its goods come from, by value."""
    return list(
        importer.trade_records.values("origin_country")
        .annotate(value_usd=Sum("value_usd"), trades=Count("pk"))
        .order_by("-value_usd", "origin_country")
    )


def importer_trend(importer: Importer) -> list[dict]:
    return list(
        importer.trade_records.annotate(month=TruncMonth("trade_date"))
        .values("month")
        .annotate(value_usd=Sum("value_usd"), weight_kg=Sum("weight_kg"), trades=Count("pk"))
        .order_by("month")
    )
