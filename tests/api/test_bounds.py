"""Bounded input everywhere: every integer, decimal, string and list of every API input (body and
query) has bounds in the OpenAPI schema, and the API enforces them with a 400 naming the field."""

import pytest
from django import forms

pytestmark = pytest.mark.django_db
FORMATS_WITHOUT_LENGTH = {"date", "date-time", "binary", "uri", "email", "uuid", "time"}


def _unbounded(schema, where, components, out):
    if "$ref" in schema:
        schema = components[schema["$ref"].split("/")[-1]]
    for key in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(key, []):
            _unbounded(sub, where, components, out)
    kind = schema.get("type")
    if "enum" in schema or schema.get("readOnly"):
        return
    if kind == "object" or "properties" in schema:
        for name, sub in (schema.get("properties") or {}).items():
            _unbounded(sub, f"{where}.{name}", components, out)
    elif kind == "array":
        if "maxItems" not in schema:
            out.append(f"{where}: a list without maxItems")
        _unbounded(schema.get("items") or {}, f"{where}[]", components, out)
    elif kind in ("integer", "number"):
        if "minimum" not in schema or "maximum" not in schema:
            out.append(f"{where}: a {kind} without minimum and maximum")
    elif kind == "string" and schema.get("format") not in FORMATS_WITHOUT_LENGTH:
        if schema.get("format") == "decimal":
            if "pattern" not in schema and "maximum" not in schema:
                out.append(f"{where}: a decimal without digits")
        elif "maxLength" not in schema:
            out.append(f"{where}: a string without maxLength")


def test_every_input_of_the_schema_is_bounded(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = schema["components"]["schemas"]
    out, inputs = [], 0
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    inputs += 1
                    _unbounded(
                        parameter["schema"], f"{method.upper()} {path} ?{parameter['name']}", components, out
                    )
            for media_type, media in (operation.get("requestBody") or {}).get("content", {}).items():
                if media_type in ("application/json", "multipart/form-data"):
                    inputs += 1
                    _unbounded(media["schema"], f"{method.upper()} {path} body", components, out)
    assert inputs > 200
    assert out == []


def test_free_text_is_bounded_and_the_400_names_the_field(api_for, exporter, settings):
    long = "x" * (settings.PORTAL_TEXT_MAX_LENGTH + 1)
    response = api_for(exporter).post("/api/v1/policies/applications/", {"notes": long}, format="json")
    assert response.status_code == 400
    assert "notes" in response.json()["errors"]
    assert "10000" in str(response.json()["errors"]["notes"])


def test_an_id_beyond_bigint_is_a_400_not_a_500(api_for, exporter):
    response = api_for(exporter).post(
        "/api/v1/claims/notices/check/",
        {"policy": 2**70, "buyer": 2**70, "declarations": [2**70], "cause": "buyer_default"},
        format="json",
    )
    assert response.status_code == 400


def test_a_list_longer_than_an_upload_is_refused(api_for, exporter, settings):
    settings.PORTAL_UPLOAD_MAX_ROWS = 3
    response = api_for(exporter).post("/api/v1/notifications/read/", {"ids": [1, 2, 3, 4]}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "ids"


def test_query_text_is_bounded_too(api_for, underwriter, settings):
    long = "x" * (settings.PORTAL_TEXT_MAX_LENGTH + 1)
    assert api_for(underwriter).get("/api/v1/policies/", {"q": long}).status_code == 400
    assert api_for(underwriter).get("/api/v1/policies/", {"q": "x"}).status_code == 200


def test_a_credit_period_beyond_two_years_is_a_400_naming_the_field(api_for, exporter):
    response = api_for(exporter).post(
        "/api/v1/limits/applications/",
        {"policy": 1, "credit_period_days": 40000, "first_trade_year": 40000},
        format="json",
    )
    assert response.status_code == 400
    assert {"credit_period_days", "first_trade_year"} <= set(response.json()["errors"])


def test_the_calendar_answers_a_date_it_cannot_know_with_a_400(api_for, exporter):
    response = api_for(exporter).get(
        "/api/v1/calendar/add-business-days/", {"start": "0278-01-15", "days": 1}
    )
    assert response.status_code == 400 and response.json()["field"] == "start"
    response = api_for(exporter).get(
        "/api/v1/calendar/add-business-days/", {"start": "2098-12-30", "days": 400}
    )
    assert response.status_code == 400 and response.json()["code"] == "date_out_of_range"


def test_page_forms_are_bounded_too(settings):
    class Free(forms.Form):
        text = forms.CharField()
        number = forms.IntegerField()
        amount = forms.DecimalField()

    form = Free({"text": "x" * (settings.PORTAL_TEXT_MAX_LENGTH + 1), "number": str(2**64), "amount": "1e19"})
    assert not form.is_valid() and set(form.errors) == {"text", "number", "amount"}
    assert Free({"text": "x", "number": "7", "amount": "1.5"}).is_valid()
