"""The statistics page (``/stats/``), each section's Excel export, and the API over the same
registry (``/api/v1/stats/`` and ``/api/v1/stats/<key>/``)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sinosure_portal.base.api import ErrorSerializer
from sinosure_portal.core import stats
from sinosure_portal.core.exports import XLSX


def _form(request) -> stats.StatsFilterForm:
    data = {k: request.GET.get(k) for k in ("date_from", "date_to", "policy") if request.GET.get(k)}
    return stats.StatsFilterForm(data, user=request.user)


def _xlsx(request, section: stats.Section, form: stats.StatsFilterForm) -> HttpResponse:
    tbl = stats.table(section, request.user, form.filters())
    response = HttpResponse(stats.workbook(tbl, stats.filters_shown(form)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="stats-{section.key}.xlsx"'
    return response


@login_required
def stats_page(request):
    form = _form(request)
    sections = stats.sections_for(request.user)
    if request.GET.get("format") == "xlsx" and sections:
        # the list's "Export to Excel" convention: ?format=xlsx exports one section (the first, or ?section=)
        wanted = request.GET.get("section")
        section = stats.section_get(request.user, wanted) if wanted else sections[0]
        return _xlsx(request, section, form)
    filters = form.filters()
    blocks = []
    for section in sections:
        tbl = stats.table(section, request.user, filters)
        chart = stats.chart_config(tbl)
        blocks.append(
            {
                "section": section,
                "table": tbl,
                "rows": [[(c, r.get(c.key)) for c in section.columns] for r in tbl.rows],
                "totals": [(c, tbl.totals.get(c.key) if c.summed else None) for c in section.columns],
                "chart_json": json.dumps(chart, ensure_ascii=False) if chart else "",
            }
        )
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("section", None)
    return render(
        request,
        "core/stats.html",
        {"form": form, "blocks": blocks, "query": query.urlencode()},
    )


@login_required
def stats_export(request, key: str):
    section = stats.section_get(request.user, key)
    return _xlsx(request, section, _form(request))


# --- API -----------------------------------------------------------------------------------------


class StatsInput(serializers.Serializer):
    date_from = serializers.DateField(
        required=False, help_text="from this date (what it applies to: dated_by)"
    )
    date_to = serializers.DateField(required=False, help_text="to this date, included")
    policy = serializers.IntegerField(required=False, min_value=1, help_text="one of your policies (id)")


def _filters(request) -> stats.StatFilters:
    data = StatsInput(data=request.query_params)
    data.is_valid(raise_exception=True)
    form = stats.StatsFilterForm(
        {k: v for k, v in data.validated_data.items() if v is not None}, user=request.user
    )
    if not form.is_valid():
        # every problem at once, by field (an unknown policy, an end before the start)
        raise serializers.ValidationError(
            {name: [str(e) for e in errors] for name, errors in form.errors.items()}
        )
    return form.filters()


class ColumnOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=list(stats.KINDS))
    currency = serializers.CharField(allow_null=True, help_text="money columns: the ISO currency")


class SectionOutput(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    dated_by = serializers.CharField(
        allow_null=True, help_text="what the date range applies to; null: as of today"
    )
    columns = ColumnOutput(many=True)
    url = serializers.CharField()


def _section_data(request, section: stats.Section) -> dict:
    return {
        "key": section.key,
        "title": str(section.title),
        "description": str(section.description),
        "dated_by": str(section.dated_by) if section.dated_by else None,
        "columns": [
            {
                "key": c.key,
                "label": str(c.label),
                "kind": c.kind,
                "currency": c.currency if c.kind == "money" else None,
            }
            for c in section.columns
        ],
        "url": request.build_absolute_uri(f"/api/v1/stats/{section.key}/"),
    }


class StatsListApi(APIView):
    """The statistics sections your role reads (exporter, underwriter, claims officer, bank)."""

    @extend_schema(responses={200: SectionOutput(many=True)}, summary="Statistics sections")
    def get(self, request):
        return Response([_section_data(request, s) for s in stats.sections_for(request.user)])


class StatsSectionApi(APIView):
    """One section's table for the date range and policy: rows keyed by column, and the totals of
    money and count columns. Money is a string with the currency's decimals; percent a ratio."""

    class Output(SectionOutput):
        filters = serializers.DictField()
        rows = serializers.ListField(child=serializers.DictField())
        totals = serializers.DictField()

    @extend_schema(
        parameters=[StatsInput, OpenApiParameter("key", OpenApiTypes.STR, OpenApiParameter.PATH)],
        responses={200: Output, 400: ErrorSerializer, 404: ErrorSerializer},
        summary="One statistics section",
    )
    def get(self, request, key: str):
        section = stats.section_get(request.user, key)
        filters = _filters(request)
        tbl = stats.table(section, request.user, filters)
        data = _section_data(request, section)
        data["filters"] = {
            "date_from": filters.date_from.isoformat() if filters.date_from else None,
            "date_to": filters.date_to.isoformat() if filters.date_to else None,
            "policy": filters.policy,
        }
        data["rows"] = [{c.key: stats.json_value(c, r.get(c.key)) for c in section.columns} for r in tbl.rows]
        data["totals"] = {k: stats.json_value(section.column(k), v) for k, v in tbl.totals.items()}
        return Response(data)
