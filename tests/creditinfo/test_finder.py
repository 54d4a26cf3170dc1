"""资信导航仪: trade records loaded from CSV, importers ranked by value, weight or trades."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from creditinfo import selectors, services
from creditinfo.models import Importer, TradeRecord
from creditinfo.selectors import FinderQuery
from tests.factories.creditinfo import BuyerFactory, ImporterFactory, TradeRecordFactory

pytestmark = pytest.mark.django_db

HEADER = "importer_name,importer_country,hs_code,product_name,trade_date,weight_kg,value_usd,origin_country,contact_known,importer_contact\n"


def csv_rows(text: str):
    return services.trade_csv_rows(io.StringIO(HEADER + text))


def test_import_loads_rows_creates_importers_once_and_reports_bad_rows(germany, turkey):
    buyer = BuyerFactory(country=germany, name="Nordlicht Elektro GmbH")
    report = services.trade_records_import(
        csv_rows(
            "Nordlicht Elektro GmbH,DE,8504.40,Static converters,2026-03-02,1200,30000.50,CN,1,+49 40 123\n"
            "NORDLICHT ELEKTRO,de,850440,Converters,2026-04-02,800,21000,VN,0,\n"
            "Anadolu Tekstil A.Ş.,TR,6109,T-shirts,2026-04-10,500,4500,CN,no,\n"
            "Nobody,XX,6109,T-shirts,2026-04-10,500,4500,CN,no,\n"
            "Bad Date Ltd,DE,6109,T-shirts,10/04/2026,500,4500,CN,no,\n"
            "Bad Value Ltd,DE,6109,T-shirts,2026-04-10,500,lots,CN,no,\n"
            "Bad HS Ltd,DE,x,T-shirts,2026-04-10,500,4500,CN,no,\n"
        )
    )
    assert (report.rows, report.loaded, report.rejected) == (7, 3, 4)
    assert [line for line, _msg in report.errors] == [5, 6, 7, 8]
    assert "XX" in report.errors[0][1]
    nordlicht = Importer.objects.get(country_id="DE", normalised_name="nordlicht elektro")
    assert nordlicht.contact_known and nordlicht.buyer == buyer  # linked to the registered buyer
    assert nordlicht.trade_records.count() == 2
    assert TradeRecord.objects.get(product_name="Static converters").hs_code == "850440"
    assert Importer.objects.count() == 2
    # loading the same importers again adds records, not importers
    services.trade_records_import(
        csv_rows("Nordlicht Elektro GmbH,DE,8504,Converters,2026-05-02,10,100,CN,0,\n")
    )
    assert Importer.objects.count() == 2 and nordlicht.trade_records.count() == 3


def test_import_refuses_a_csv_without_the_columns(germany):
    from sinosure_portal.base.errors import DomainError

    with pytest.raises(DomainError) as err:
        list(services.trade_csv_rows(io.StringIO("name,country\nx,DE\n")))
    assert "importer_name" in err.value.message


def test_the_management_command_loads_a_file(tmp_path, germany):
    path = tmp_path / "trade.csv"
    path.write_text(
        HEADER + "Nordlicht Elektro GmbH,DE,8504,Converters,2026-05-02,10,100,CN,yes,\n", encoding="utf-8-sig"
    )
    out = io.StringIO()
    call_command("load_trade_records", str(path), "--sample", stdout=out)
    assert "1 trade records loaded, 0 rejected, 1 new importers" in out.getvalue()
    assert Importer.objects.get().is_sample
    with pytest.raises(CommandError):
        call_command("load_trade_records", str(tmp_path / "missing.csv"))


@pytest.fixture
def market(germany, turkey):
    """Three German importers of HS 8504 and one of furniture; one Turkish importer."""
    big = ImporterFactory(country=germany, name="Big Volt GmbH", contact_known=True)
    mid = ImporterFactory(country=germany, name="Mid Watt GmbH")
    heavy = ImporterFactory(country=germany, name="Heavy Iron GmbH")
    sofa = ImporterFactory(country=germany, name="Sofa Welt GmbH", contact_known=True)
    tr = ImporterFactory(country=turkey, name="Istanbul Volt A.S.")
    rows = [
        (big, "850440", date(2026, 1, 5), "100", "50000", "CN"),
        (big, "850431", date(2026, 2, 5), "100", "40000", "CN"),
        (mid, "850440", date(2026, 1, 20), "300", "30000", "VN"),
        (mid, "850440", date(2026, 2, 20), "300", "30000", "CN"),
        (mid, "850440", date(2026, 3, 20), "300", "30000", "CN"),
        (heavy, "850490", date(2026, 3, 1), "5000", "20000", "DE"),
        (sofa, "940161", date(2026, 2, 1), "900", "99000", "CN"),
        (tr, "850440", date(2026, 2, 1), "100", "77000", "CN"),
    ]
    for imp, hs, day, kg, usd, origin in rows:
        TradeRecordFactory(
            importer=imp,
            hs_code=hs,
            trade_date=day,
            weight_kg=Decimal(kg),
            value_usd=Decimal(usd),
            origin_country=origin,
            product_name="sofa" if hs.startswith("94") else "transformer",
        )
    return {"big": big, "mid": mid, "heavy": heavy, "sofa": sofa}


def names(rows):
    return [r["importer"].name for r in rows]


def test_finder_counts_ranks_and_trends_by_hs_prefix(market):
    q = FinderQuery(country_id="DE", hs_prefix="8504")
    summary = selectors.finder_summary(q)
    assert summary["importers"] == 3 and summary["trades"] == 6
    assert summary["value_usd"] == Decimal("200000.00") and summary["weight_kg"] == Decimal("6100.00")
    assert names(selectors.finder_importers(q)) == ["Big Volt GmbH", "Mid Watt GmbH", "Heavy Iron GmbH"]
    by_weight = FinderQuery(country_id="DE", hs_prefix="8504", order="weight")
    assert names(selectors.finder_importers(by_weight)) == [
        "Heavy Iron GmbH",
        "Mid Watt GmbH",
        "Big Volt GmbH",
    ]
    by_count = FinderQuery(country_id="DE", hs_prefix="8504", order="count")
    top = selectors.finder_importers(by_count)[0]
    assert top["importer"].name == "Mid Watt GmbH" and top["trades"] == 3
    trend = selectors.finder_trend(q)
    assert [(t["month"].month, t["value_usd"], t["trades"]) for t in trend] == [
        (1, Decimal("80000.00"), 2),
        (2, Decimal("70000.00"), 2),
        (3, Decimal("50000.00"), 2),
    ]


def test_finder_filters(market):
    assert names(selectors.finder_importers(FinderQuery(country_id="DE", hs_prefix="850440"))) == [
        "Mid Watt GmbH",
        "Big Volt GmbH",
    ]
    contact = FinderQuery(country_id="DE", hs_prefix="8504", contact_known=True)
    assert names(selectors.finder_importers(contact)) == ["Big Volt GmbH"]
    china = FinderQuery(country_id="DE", hs_prefix="8504", china_origin=True)
    rows = selectors.finder_importers(china)
    assert names(rows) == ["Big Volt GmbH", "Mid Watt GmbH"] and rows[1]["value_usd"] == Decimal("60000.00")
    dated = FinderQuery(country_id="DE", hs_prefix="8504", date_from=date(2026, 3, 1))
    assert selectors.finder_summary(dated)["importers"] == 2
    assert selectors.finder_summary(FinderQuery(country_id="TR", hs_prefix="8504"))["importers"] == 1


def test_finder_by_product_name_in_chinese_or_english(market):
    zh = FinderQuery(country_id="DE", product="变压器")  # heading 8504 by its Chinese name
    assert selectors.finder_product_headings(zh) == ["8504"]
    assert selectors.finder_summary(zh)["importers"] == 3
    en = FinderQuery(country_id="DE", product="Sofa")  # matches the records' product names
    assert names(selectors.finder_importers(en)) == ["Sofa Welt GmbH"]


def test_finder_paginates_the_ranking(market):
    q = FinderQuery(country_id="DE", hs_prefix="8504")
    assert names(selectors.finder_importers(q, limit=1, offset=1)) == ["Mid Watt GmbH"]


def test_importer_history_products_and_origins(market):
    mid = market["mid"]
    assert selectors.importer_totals(mid)["trades"] == 3
    assert [(o["origin_country"], o["trades"]) for o in selectors.importer_origins(mid)] == [
        ("CN", 2),
        ("VN", 1),
    ]
    assert [p["hs_code"] for p in selectors.importer_products(market["big"])] == ["850440", "850431"]
    assert [t.trade_date.month for t in selectors.importer_history(mid)] == [3, 2, 1]


def test_sample_data_is_flagged(market):
    q = FinderQuery(country_id="DE", hs_prefix="8504")
    assert not selectors.finder_has_sample(q)
    Importer.objects.filter(pk=market["big"].pk).update(is_sample=True)
    assert selectors.finder_has_sample(q)
