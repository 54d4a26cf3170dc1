"""The traffic-light look-up and the country selectors."""

from decimal import Decimal

import pytest
from django.db import connection

from creditinfo import selectors, services
from creditinfo.models import Buyer
from tests.factories import BuyerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyers(germany, turkey):
    mueller, _ = services.buyer_register(
        name="Müller Handels GmbH",
        name_en="Mueller Trading GmbH",
        name_zh="穆勒贸易有限公司",
        country_id="DE",
        registration_number="HRB 123456",
    )
    anadolu, _ = services.buyer_register(
        name="Anadolu Tekstil A.Ş.",
        name_en="Anadolu Textile Inc.",
        name_zh="安纳托利亚纺织公司",
        country_id="TR",
        registration_number="TR-345678",
    )
    bank, _ = services.buyer_register(
        kind="bank", name="Deutsche Bank AG", country_id="DE", swift_code="DEUTDEFF"
    )
    for i in range(30):
        BuyerFactory(country=germany, name=f"Filler {i} Maschinenbau GmbH")
    return {"mueller": mueller, "anadolu": anadolu, "bank": bank}


def lookup(q, **kw):
    return selectors.buyer_lookup(query=q, **kw)


@pytest.mark.parametrize("q", ["HRB 123456", "hrb123456", "HRB-123456"])
def test_registration_number_is_exact_whatever_the_spacing(buyers, q):
    result = lookup(q)
    assert result.match == "registration" and result.buyers == [buyers["mueller"]]


def test_swift_code_finds_the_bank(buyers):
    assert lookup("deutdeff").buyers == [buyers["bank"]]


@pytest.mark.parametrize(
    "q",
    [
        "Müller Handels",  # the original name
        "muller handels gmbh",  # case, accents and legal form do not matter
        "Mueller Trading",  # the English name
        "穆勒贸易",  # the Chinese name
        "mueller",  # part of a name
    ],
)
def test_name_in_any_form(buyers, q):
    result = lookup(q)
    assert result.match == "name" and result.buyers[0] == buyers["mueller"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Mueler Trading", "mueller"),
        ("Anadolu Tekstl", "anadolu"),
        ("Anatolu Textile", "anadolu"),
        ("安纳托历亚", "anadolu"),  # a homophone picked by the input method
    ],
)
def test_names_with_a_typo_still_match(buyers, q, expected):
    result = lookup(q)
    assert result.found and result.buyers[0] == buyers[expected]


def test_country_filter(buyers):
    assert lookup("Mueller Trading", country_id="TR").buyers == []


def test_unknown_and_too_short(buyers):
    unknown = lookup("Zyxwvut Quantum Holdings")
    assert not unknown.found and unknown.match == "none" and not unknown.too_short
    assert lookup("ab").too_short and not lookup("穆勒").too_short and lookup("").buyers == []


def test_lookups_take_few_queries(buyers, django_assert_num_queries, django_assert_max_num_queries):
    with django_assert_num_queries(1):  # the start of the name: the B-tree answers
        assert lookup("Muller Hand").buyers == [buyers["mueller"]]
    # no name starts so: the common words of names, then the fuzzy look-up
    with django_assert_max_num_queries(3):
        result = lookup("Mueller Trading")
    assert result.buyers[0].country.name_en == "Germany"  # country came with it
    with django_assert_max_num_queries(1):
        lookup("HRB 123456")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index exists on PostgreSQL only")
def test_the_name_lookup_uses_the_trigram_index(buyers):
    from django.contrib.postgres.lookups import TrigramWordSimilar
    from django.db.models import F, Value

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = Buyer.objects.filter(TrigramWordSimilar(F("search_key"), Value("mueller"))).explain()
        prefix_plan = Buyer.objects.filter(search_key__startswith="mueller").explain()
        cursor.execute("SET enable_seqscan = on")
    assert "buyer_key_trgm" in plan and "buyer_key_prefix" in prefix_plan


def test_simple_fallback_matches_names_and_forgives_a_typo(buyers):
    """The SQLite path (exercised here on any database)."""
    from creditinfo.selectors.buyers import _name_lookup_simple

    base = selectors.buyer_queryset()
    assert _name_lookup_simple(base, "mueller trading", 10) == [buyers["mueller"]]
    assert _name_lookup_simple(base, "muller handles", 10) == [buyers["mueller"]]
    assert _name_lookup_simple(base, "zzzz qqqq", 10) == []


def test_country_exposure_is_unknown_without_the_limits_model(monkeypatch, germany):
    from django.apps import apps

    from creditinfo.selectors import countries

    def missing(app, model):
        raise LookupError(model)

    monkeypatch.setattr(apps, "get_model", missing)
    assert countries.country_exposure_usd("DE") is None and countries.exposure_by_country() is None


def test_country_exposure_is_unknown_when_the_model_lacks_the_field(monkeypatch, germany):
    from django.apps import apps

    from creditinfo.selectors import countries

    monkeypatch.setattr(apps, "get_model", lambda app, model: Buyer)  # a model without exposure_usd
    assert countries.country_exposure_usd("DE") is None


def test_country_exposure_sums_credit_limits_when_present(germany):
    from creditinfo.selectors import countries

    model = countries._credit_limit_model()
    if model is None:
        pytest.skip("the limits app has no CreditLimit.exposure_usd yet")
    assert countries.country_exposure_usd("DE") == Decimal("0")
    assert countries.exposure_by_country() == {}


def test_country_list_counts_open_events(turkey, germany):
    from sinosure_portal.workdays.calendar import today

    services.risk_event_record(kind="war", event_date=today(), title="x", country_id="TR")
    event = services.risk_event_record(kind="sanctions", event_date=today(), title="y", country_id="TR")
    services.risk_event_resolve(event_id=event.pk)
    counts = {c.code: c.open_events for c in selectors.country_list()}
    assert counts == {"DE": 0, "TR": 1}


def test_common_words_are_counted_and_the_rarest_word_is_asked_for(germany):
    from creditinfo.models import NameWordFrequency
    from creditinfo.selectors.buyers import _candidate_word

    for i in range(55):
        BuyerFactory(country=germany, name=f"Golden Zq{i:03d}x Trading GmbH")
    target, _ = services.buyer_register(name="Golden Kavorinski Trading GmbH", country_id="DE")
    assert services.name_words_refresh(min_buyers=50) == 1
    assert NameWordFrequency.objects.get().word == "golden"
    assert services.name_words_refresh(min_buyers=50) == 1  # a full recount, not an addition
    assert _candidate_word("golden kavorinski") == "kavorins"  # cut to its first characters
    assert _candidate_word("golden distributino kavo") == "kavo"  # not a mistyped generic word
    assert lookup("Golden Kavorinsky").buyers[0] == target
