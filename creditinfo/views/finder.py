import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from creditinfo import rules, selectors
from creditinfo.forms import FinderForm
from creditinfo.hs import heading_name
from sinosure_portal.core.exports import filters_used, xlsx_response

PAGE_SIZE = 25


def finder_query_from(data: dict) -> selectors.FinderQuery:
    """A FinderQuery from validated form (or API) data: digits mean an HS prefix, words a product."""
    product = (data.get("product") or "").strip()
    digits = rules.hs_digits(product)
    is_code = bool(digits) and not any(ch.isalpha() or "\u4e00" <= ch <= "\u9fff" for ch in product)
    country = data["country"]
    return selectors.FinderQuery(
        country_id=getattr(country, "pk", country),
        hs_prefix=digits if is_code else "",
        product="" if is_code else product,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        contact_known=bool(data.get("contact_known")),
        china_origin=bool(data.get("china_origin")),
        order=data.get("order") or "value",
    )


def trend_chart(trend: list[dict]) -> str:
    """A Chart.js config: value (bars, left axis) and weight (line, right axis) by month."""
    return json.dumps(
        {
            "type": "bar",
            "data": {
                "labels": [row["month"].strftime("%Y-%m") for row in trend],
                "datasets": [
                    {
                        "type": "bar",
                        "label": _("Value (USD)"),
                        "data": [float(row["value_usd"] or 0) for row in trend],
                        "backgroundColor": "rgba(18,53,91,.75)",
                        "yAxisID": "value",
                    },
                    {
                        "type": "line",
                        "label": _("Weight (kg)"),
                        "data": [float(row["weight_kg"] or 0) for row in trend],
                        "borderColor": "#c8102e",
                        "backgroundColor": "#c8102e",
                        "tension": 0.25,
                        "yAxisID": "weight",
                    },
                ],
            },
            "options": {
                "responsive": True,
                "maintainAspectRatio": False,
                "interaction": {"mode": "index", "intersect": False},
                "scales": {
                    "value": {"position": "left", "title": {"display": True, "text": _("Value (USD)")}},
                    "weight": {
                        "position": "right",
                        "grid": {"drawOnChartArea": False},
                        "title": {"display": True, "text": _("Weight (kg)")},
                    },
                },
            },
        },
        ensure_ascii=False,
    )


@login_required
def finder(request):
    """资信导航仪: importers of a product in a country."""
    form = FinderForm(request.GET or None)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        q = finder_query_from(form.cleaned_data)
        if request.GET.get("format") == "xlsx":
            return xlsx_response(
                "buyer-finder.xlsx",
                [
                    _("Rank"),
                    _("Importer"),
                    _("Country"),
                    _("Value (USD)"),
                    _("Weight (kg)"),
                    _("Trades"),
                    _("Last trade"),
                    _("Contact known"),
                ],
                (
                    (
                        i,
                        r["importer"].name,
                        r["importer"].country_id,
                        r["value_usd"],
                        r["weight_kg"],
                        r["trades"],
                        r["last_trade"],
                        _("yes") if r["importer"].contact_known else "",
                    )
                    for i, r in enumerate(selectors.finder_importers(q, limit=5000), start=1)
                ),
                filters=filters_used(form),
            )
        summary = selectors.finder_summary(q)
        trend = selectors.finder_trend(q)
        paginator = Paginator(range(summary["importers"] or 0), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        offset = (page.number - 1) * PAGE_SIZE
        importers = selectors.finder_importers(q, limit=PAGE_SIZE, offset=offset)
        for rank, row in enumerate(importers, start=offset + 1):
            row["rank"] = rank
        context.update(
            {
                "query": q,
                "summary": summary,
                "trend_chart": trend_chart(trend),
                "importers": importers,
                "page": page,
                "has_sample": selectors.finder_has_sample(q),
                "headings": [
                    (h, heading_name(h, get_language() or "zh")) for h in selectors.finder_product_headings(q)
                ],
            }
        )
    return render(request, "creditinfo/finder.html", context)


@login_required
def importer_detail(request, pk: int):
    importer = selectors.importer_get(pk)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"importer-{importer.pk}-trades.xlsx",
            [
                _("Date"),
                _("HS code"),
                pgettext("goods", "Product"),
                _("Weight (kg)"),
                _("Value (USD)"),
                _("Origin"),
            ],
            selectors.importer_history(importer)
            .values_list("trade_date", "hs_code", "product_name", "weight_kg", "value_usd", "origin_country")
            .iterator(),
        )
    language = get_language() or "zh"
    products = selectors.importer_products(importer)
    for row in products:
        row["heading"] = heading_name(row["hs_code"], language)
    history = Paginator(selectors.importer_history(importer), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "creditinfo/importer_detail.html",
        {
            "importer": importer,
            "totals": selectors.importer_totals(importer),
            "products": products,
            "origins": selectors.importer_origins(importer),
            "trend_chart": trend_chart(selectors.importer_trend(importer)),
            "page": history,
            "row": {
                "reason": rules.light_reason_or_default(importer.buyer.light, importer.buyer.light_reason),
                "advice": rules.light_advice(importer.buyer.light),
            }
            if importer.buyer_id
            else None,
        },
    )
