"""Bounded input: pagination has a maximum page size, huge numbers are not a 500, and no filter of
any list is named like a pagination parameter."""

import importlib

import django_filters
import pytest
from django.apps import apps
from django.urls import reverse

from tests.factories.declarations import ShipmentDeclarationFactory

pytestmark = pytest.mark.django_db


def test_the_page_size_is_capped_and_huge_numbers_are_no_500(api_for, exporter, settings):
    settings.PORTAL_API_MAX_PAGE_SIZE = 2
    for _ in range(3):
        ShipmentDeclarationFactory(organisation=exporter.organisation)
    api = api_for(exporter)
    url = reverse("declarations_api:declarations")
    body = api.get(url, {"limit": 10**30}).json()
    assert body["count"] == 3 and len(body["results"]) == 2  # the largest page, not a 500
    far = api.get(url, {"limit": 1, "offset": 10**30})
    assert far.status_code == 200 and far.json()["results"] == []


def test_no_filter_is_named_like_a_pagination_parameter():
    # ?limit=2 must be the page size on every list, never a filter on credit limit 2
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.filters")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, django_filters.FilterSet):
                assert not {"limit", "offset"} & set(value.base_filters), (config.name, value.__name__)


def test_the_declarations_list_filters_by_credit_limit_under_its_own_name(api_for, exporter):
    one = ShipmentDeclarationFactory(organisation=exporter.organisation)
    ShipmentDeclarationFactory(organisation=exporter.organisation)
    body = (
        api_for(exporter).get(reverse("declarations_api:declarations"), {"credit_limit": one.limit_id}).json()
    )
    assert [r["id"] for r in body["results"]] == [one.pk]
