"""Who reads which figures, the API's schema and errors, and the Excel export of every section."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.stats.conftest import list_all, stat

pytestmark = pytest.mark.django_db

EXPORTER_SECTIONS = {
    "limit-usage",
    "idle-limits",
    "declarations-by-month",
    "declarations-by-country",
    "declarations-by-buyer",
    "receivables-ageing",
    "overdue-trend",
    "loss-notices",
    "claims-by-stage",
}


def test_each_role_reads_its_own_sections(demo, signed_in):
    keys = {
        u: {s["key"] for s in signed_in(u).get("/api/v1/stats/").json()}
        for u in ("exporter", "underwriter", "claims", "bank")
    }
    assert keys["exporter"] == EXPORTER_SECTIONS
    assert {
        "exposure-by-country",
        "exposure-by-industry",
        "exposure-by-buyer",
        "limit-decisions",
        "idle-limits",
    } <= keys["underwriter"]
    assert {"claims-by-stage", "claims-by-age", "claims-by-outcome", "indemnities-recoveries"} <= keys[
        "claims"
    ]
    assert {"financed-by-month", "financing-cover-by-buyer", "financing-cover-by-borrower"} <= keys["bank"]
    # a section of another role is not found, on the API, the page's export and the page
    exporter = signed_in("exporter")
    assert exporter.get("/api/v1/stats/exposure-by-buyer/").status_code == 404
    assert exporter.get("/stats/exposure-by-buyer/export.xlsx").status_code == 404
    assert exporter.get("/stats/", {"format": "xlsx", "section": "financed-by-month"}).status_code == 404
    assert signed_in("bank").get("/api/v1/stats/declarations-by-buyer/").status_code == 404


def test_another_exporter_sees_none_of_the_first_ones_figures(demo, signed_in):
    first, second = signed_in("exporter"), signed_in("exporter2")
    mine = list_all(first, "/api/v1/declarations/")
    theirs = list_all(second, "/api/v1/declarations/")
    assert mine
    rows = stat(second, "declarations-by-buyer")["rows"]
    assert sum(r["count"] for r in rows) == len(theirs)
    assert not {r["buyer_name"] for r in mine} - {r["buyer_name"] for r in theirs} & {
        r["buyer"] for r in rows
    }
    usage = {r["limit"] for r in stat(second, "limit-usage")["rows"]}
    assert not usage & {r["number"] for r in list_all(first, "/api/v1/limits/")}
    # the first one's policy is no choice of the second one's filter: a 400 naming the field, not its figures
    policy = mine[0]["policy"]
    response = second.get("/api/v1/stats/declarations-by-buyer/", {"policy": policy})
    assert response.status_code == 400
    assert "policy" in response.content.decode()
    page = second.get("/stats/", {"policy": policy})
    assert page.status_code == 200
    html = page.content.decode()
    assert "invalid-feedback" in html
    for r in mine:
        assert r["invoice_number"] not in html


def test_bad_filters_are_reported_together_by_field(demo, signed_in):
    client = signed_in("exporter")
    response = client.get(
        "/api/v1/stats/declarations-by-month/", {"date_from": "2026-05-01", "date_to": "2026-04-01"}
    )
    assert response.status_code == 400
    assert "date_to" in response.content.decode()
    response = client.get("/api/v1/stats/declarations-by-month/", {"date_from": "soon", "policy": "x"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "date_from" in body and "policy" in body
    zh = signed_in("exporter", "zh-hans")
    page = zh.get("/stats/", {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert "日期范围的截止日期早于起始日期" in page.content.decode()


def test_the_schema_describes_both_endpoints(demo, signed_in):
    schema = signed_in("admin").get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/stats/" in schema["paths"]
    section = schema["paths"]["/api/v1/stats/{key}/"]["get"]
    names = {p["name"] for p in section["parameters"]}
    assert {"key", "date_from", "date_to", "policy"} <= names
    assert "400" in section["responses"] and "404" in section["responses"]


def test_every_section_exports_a_ready_workbook_whose_figures_are_the_api_ones(demo, signed_in):
    from tests.kernel.test_exports_ready import _problems

    for username in ("exporter", "underwriter", "claims", "bank"):
        client = signed_in(username, "zh-hans")
        for section in client.get("/api/v1/stats/").json():
            key = section["key"]
            response = client.get(f"/stats/{key}/export.xlsx", {"date_from": "2020-01-01"})
            assert response.status_code == 200
            assert response["Content-Type"].startswith("application/vnd.openxmlformats")
            assert _problems(response.content, f"{username} {key}", filtered=True) == []
            book = load_workbook(BytesIO(response.content))
            sheet = book.worksheets[0]
            data = stat(client, key, date_from="2020-01-01")
            columns = data["columns"]
            body = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
            if data["totals"]:
                total_row = body.pop()
                for index, column in enumerate(columns):
                    if column["key"] in data["totals"] and index:
                        assert Decimal(str(total_row[index])) == Decimal(data["totals"][column["key"]]), (
                            key,
                            column,
                        )
            assert len(body) == len(data["rows"]), key
            for index, column in enumerate(columns):
                if column["kind"] == "money":
                    for row in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
                        assert row[0].value is None or row[0].number_format != "General", (key, column)
            filters = {str(c.value) for row in book.worksheets[-1].iter_rows() for c in row}
            assert "2020-01-01" in filters, (key, filters)
