"""Every figure reconciles with the list it summarises (issue 17: "Statistics figures equal the sums
of the underlying lists for the same filters"). The expected figures are summed here, from the
app's own list API with the same filters, independently of the statistics code."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest

from tests.stats.conftest import list_all, stat

pytestmark = pytest.mark.django_db
D = Decimal
ZERO = D("0")


def _median_date(rows, field):
    days = sorted(r[field] for r in rows)
    return days[len(days) // 2]


def _filter_sets(declared) -> list[dict]:
    """No filter, each policy, and the first and second half of the shipment dates."""
    middle = _median_date(declared, "shipment_date")
    policies = sorted({r["policy"] for r in declared})
    sets = [{}, {"date_to": middle}, {"date_from": middle}, *({"policy": p} for p in policies)]
    return sets


def _declaration_params(filters: dict) -> dict:
    params = {}
    if "date_from" in filters:
        params["shipped_from"] = filters["date_from"]
    if "date_to" in filters:
        params["shipped_to"] = filters["date_to"]
    if "policy" in filters:
        params["policy"] = filters["policy"]
    return params


def _group(rows, key) -> dict:
    out: dict = defaultdict(lambda: {"count": 0, "amount": ZERO, "covered": ZERO, "premium": ZERO})
    for r in rows:
        g = out[key(r)]
        g["count"] += 1
        g["amount"] += D(r["amount_usd"])
        g["covered"] += D(r["covered_usd"])
        g["premium"] += D(r["premium_usd"])
    return dict(out)


def _figures(row) -> dict:
    return {
        "count": row["count"],
        "amount": D(row["amount"]),
        "covered": D(row["covered"]),
        "premium": D(row["premium"]),
    }


def test_declarations_by_month_and_buyer_add_up_to_the_declaration_list(demo, signed_in):
    client = signed_in("exporter")
    everything = list_all(client, "/api/v1/declarations/")
    assert len(everything) >= 4  # the demo insured has shipments to split by date and policy
    seen_split = False
    for filters in _filter_sets(everything):
        listed = list_all(client, "/api/v1/declarations/", **_declaration_params(filters))
        by_month = _group(listed, lambda r: r["shipment_date"][:7])
        months = stat(client, "declarations-by-month", **filters)
        got = {r["month"]: _figures(r) for r in months["rows"] if r["count"]}
        assert got == by_month, filters
        by_buyer = _group(listed, lambda r: r["buyer_name"])
        rows = stat(client, "declarations-by-buyer", **filters)["rows"]
        assert {r["buyer"]: _figures(r) for r in rows} == by_buyer, filters
        totals = stat(client, "declarations-by-country", **filters)["totals"]
        if listed:
            assert D(totals["premium"]) == sum((D(r["premium_usd"]) for r in listed), ZERO)
            assert totals["count"] == len(listed)
        seen_split |= 0 < len(listed) < len(everything)
    assert seen_split  # a filter that removed some rows was tried, so a filter ignored would fail


def test_nil_declarations_count_in_their_month(demo, signed_in):
    client = signed_in("exporter")
    nil = list_all(client, "/api/v1/declarations/nil/")
    months = {r["month"]: r for r in stat(client, "declarations-by-month")["rows"]}
    expected: dict = defaultdict(int)
    for n in nil:
        expected[n["month"][:7]] += 1
    assert {m: r["nil"] for m, r in months.items() if r["nil"]} == dict(expected)


def test_receivables_by_ageing_add_up_to_the_receivables_list(demo, signed_in):
    client = signed_in("exporter")
    receivables = list_all(client, "/api/v1/declarations/receivables/")
    assert receivables
    buckets = {"current", "1_30", "31_60", "61_90", "91_180", "over_180"}
    policies = sorted({r["policy"] for r in list_all(client, "/api/v1/declarations/")})
    for filters in [{}, *({"policy": p} for p in policies)]:
        rows = stat(client, "receivables-ageing", **filters)["rows"]
        assert len(rows) == len(buckets)
        expected_total = ZERO
        for row, bucket in zip(
            rows, ["current", "1_30", "31_60", "61_90", "91_180", "over_180"], strict=True
        ):
            listed = list_all(client, "/api/v1/declarations/receivables/", bucket=bucket, **filters)
            assert row["count"] == len(listed), (bucket, filters)
            assert D(row["outstanding"]) == sum((D(r["outstanding_usd"]) for r in listed), ZERO), (
                bucket,
                filters,
            )
            expected_total += sum((D(r["outstanding_usd"]) for r in listed), ZERO)
        total = sum(
            (
                D(r["outstanding_usd"])
                for r in list_all(client, "/api/v1/declarations/receivables/", **filters)
            ),
            ZERO,
        )
        assert expected_total == total  # the buckets cover every open receivable once


def test_limit_usage_adds_up_to_the_limit_list(demo, signed_in):
    client = signed_in("exporter")
    limits = [r for r in list_all(client, "/api/v1/limits/") if r["status"] in ("active", "reduced")]
    assert limits
    for policy in [None, *sorted({r["policy"] for r in limits})]:
        filters = {"policy": policy} if policy else {}
        expected = {
            r["number"]: (D(r["amount_usd"]), D(r["exposure_usd"]), D(r["available_usd"]))
            for r in limits
            if policy is None or r["policy"] == policy
        }
        rows = stat(client, "limit-usage", **filters)["rows"]
        assert {r["limit"]: (D(r["amount"]), D(r["exposure"]), D(r["available"])) for r in rows} == expected
        for r in rows:
            amount, exposure = D(r["amount"]), D(r["exposure"])
            assert D(r["usage"]) == (exposure / amount).quantize(D("0.0001"))


def test_underwriters_exposure_by_country_adds_up_to_the_limit_list(demo, signed_in):
    client = signed_in("underwriter")
    live = [r for r in list_all(client, "/api/v1/limits/") if r["status"] in ("active", "reduced")]
    assert len({r["organisation"] for r in live}) >= 1
    data = stat(client, "exposure-by-country")
    assert data["totals"]["limits"] == len(live)
    assert D(data["totals"]["amount"]) == sum((D(r["amount_usd"]) for r in live), ZERO)
    assert D(data["totals"]["exposure"]) == sum((D(r["exposure_usd"]) for r in live), ZERO)
    by_buyer = stat(client, "exposure-by-buyer")
    per_buyer: dict = defaultdict(lambda: ZERO)
    for r in live:
        per_buyer[r["buyer"]["id"]] += D(r["exposure_usd"])
    assert sorted(D(r["exposure"]) for r in by_buyer["rows"]) == sorted(per_buyer.values())
    assert sum(D(r["share"]) for r in by_buyer["rows"]) == pytest.approx(D("1"), abs=D("0.001"))


def test_claims_by_stage_add_up_to_the_claim_list(demo, signed_in):
    client = signed_in("claims")
    claims = list_all(client, "/api/v1/claims/")
    assert len(claims) >= 2
    middle = _median_date(claims, "filed_on")
    for filters, params in [
        ({}, {}),
        ({"date_from": middle}, {"filed_from": middle}),
        ({"date_to": middle}, {"filed_to": middle}),
    ]:
        listed = list_all(client, "/api/v1/claims/", **params)
        expected: dict = defaultdict(lambda: [0, ZERO])
        for c in listed:
            expected[c["status"]][0] += 1
            expected[c["status"]][1] += D(c["claimed_usd"])
        rows = stat(client, "claims-by-stage", **filters)["rows"]
        assert sum(r["count"] for r in rows) == len(listed), filters
        assert sorted((r["count"], D(r["claimed"])) for r in rows) == sorted(
            tuple(v) for v in expected.values()
        )


def test_bank_loans_by_month_add_up_to_its_loan_list(demo, signed_in):
    client = signed_in("bank")
    loans = list_all(client, "/api/v1/financing/loans/")
    assert loans
    expected: dict = defaultdict(lambda: [0, ZERO])
    for loan in loans:
        expected[loan["loan_date"][:7]][0] += 1
        expected[loan["loan_date"][:7]][1] += D(loan["amount_usd"])
    rows = stat(client, "financed-by-month")["rows"]
    assert {r["month"]: [r["loans"], D(r["amount"])] for r in rows} == dict(expected)
    later = date.fromisoformat(max(r["loan_date"] for r in loans)).replace(day=1).isoformat()
    after = stat(client, "financed-by-month", date_from=f"{int(later[:4]) + 1}-01-01")
    assert after["rows"] == []  # the date range applies to the loan date
