from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from limits import rules

LIGHTS = st.sampled_from(["green", "yellow", "red"])
TERMS = st.sampled_from(list(rules.PAYMENT_TERMS))
AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000000"), places=2)

facts_strategy = st.builds(
    rules.ApplicationFacts,
    amount_usd=AMOUNTS,
    buyer_light=LIGHTS,
    country_class=st.integers(1, 9),
    payment_term=TERMS,
    credit_period_days=st.integers(1, 720),
    related_party=st.booleans(),
    product=st.sampled_from(["COMPREHENSIVE", "SME", "MICRO", "BANK", "FORFAITING"]),
)
rule_strategy = st.builds(
    rules.AutoRuleFacts,
    id=st.integers(1, 1000),
    max_amount_usd=st.decimals(min_value=0, max_value=Decimal("100000000"), places=2),
    max_country_class=st.integers(1, 9),
    # a rule mis-configured to allow red must still never approve a red buyer
    allowed_lights=st.frozensets(LIGHTS, min_size=0, max_size=3),
    allowed_payment_terms=st.frozensets(TERMS, max_size=4),
    max_credit_period_days=st.integers(1, 900),
    allow_related_party=st.booleans(),
    products=st.frozensets(st.sampled_from(["COMPREHENSIVE", "SME", "MICRO"]), max_size=3),
    enabled=st.booleans(),
)


@given(facts_strategy, st.lists(rule_strategy, max_size=5))
def test_auto_decision_never_approves_red_and_never_above_the_ceiling(facts, rule_list):
    decision = rules.auto_decide(facts, rule_list)
    if decision.approve:
        rule = next(r for r in rule_list if r.id == decision.rule_id)
        assert facts.buyer_light != "red"
        assert rule.enabled
        assert facts.amount_usd <= rule.max_amount_usd
        assert facts.country_class <= rule.max_country_class
        assert facts.payment_term in rule.allowed_payment_terms
        assert facts.credit_period_days <= min(rule.max_credit_period_days, 720)
        assert facts.buyer_light in rule.allowed_lights
    else:
        assert decision.referral_reasons


@given(facts_strategy, st.lists(rule_strategy, max_size=5))
def test_red_buyer_is_always_referred_with_that_reason(facts, rule_list):
    red = rules.ApplicationFacts(**{**facts.__dict__, "buyer_light": "red"})
    decision = rules.auto_decide(red, rule_list)
    assert not decision.approve and decision.referral_reasons == ("red_buyer",)


def _rule(**kw):
    base = {
        "id": 1,
        "max_amount_usd": Decimal("50000"),
        "max_country_class": 4,
        "allowed_lights": frozenset({"green"}),
        "allowed_payment_terms": frozenset(rules.PAYMENT_TERMS),
        "max_credit_period_days": 180,
    }
    return rules.AutoRuleFacts(**{**base, **kw})


def _facts(**kw):
    base = {
        "amount_usd": Decimal("50000"),
        "buyer_light": "green",
        "country_class": 4,
        "payment_term": "OA",
        "credit_period_days": 180,
    }
    return rules.ApplicationFacts(**{**base, **kw})


def test_small_green_request_within_every_condition_is_approved():
    assert rules.auto_decide(_facts(), [_rule()]) == rules.AutoDecision(True, 1)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"amount_usd": Decimal("50000.01")}, "amount"),
        ({"buyer_light": "yellow"}, "light"),
        ({"country_class": 5}, "country_class"),
        ({"credit_period_days": 181}, "credit_period"),
        ({"related_party": True}, "related_party"),
    ],
)
def test_each_condition_refers_the_request(change, reason):
    decision = rules.auto_decide(_facts(**change), [_rule()])
    assert not decision.approve and decision.referral_reasons == (reason,)


def test_no_enabled_rule_refers_everything():
    assert rules.auto_decide(_facts(), []).referral_reasons == ("no_rule",)
    assert not rules.auto_decide(_facts(), [_rule(enabled=False)]).approve


def test_decision_outcome_is_partial_when_less_or_shorter_or_other_term():
    kw = {"requested_amount": Decimal("100"), "requested_period": 90, "requested_term": "OA"}
    assert (
        rules.decision_outcome(
            **kw, approved_amount=Decimal("100"), approved_period=90, approved_terms=["OA"]
        )
        == "approved"
    )
    assert (
        rules.decision_outcome(**kw, approved_amount=Decimal("99"), approved_period=90, approved_terms=["OA"])
        == "partly_approved"
    )
    assert (
        rules.decision_outcome(
            **kw, approved_amount=Decimal("100"), approved_period=60, approved_terms=["OA"]
        )
        == "partly_approved"
    )
    assert (
        rules.decision_outcome(
            **kw, approved_amount=Decimal("100"), approved_period=90, approved_terms=["LC"]
        )
        == "partly_approved"
    )


def test_an_approval_above_the_request_or_policy_or_without_terms_is_a_problem():
    kw = {"requested_amount": Decimal("100"), "requested_period": 90}
    assert (
        rules.decision_problems(
            **kw, approved_amount=Decimal("100"), approved_period=90, approved_terms=["OA"]
        )
        == []
    )
    assert ("amount", "amount_above_request") in rules.decision_problems(
        **kw, approved_amount=Decimal("101"), approved_period=90, approved_terms=["OA"]
    )
    assert ("credit_period_days", "period_above_request") in rules.decision_problems(
        **kw, approved_amount=Decimal("1"), approved_period=91, approved_terms=["OA"]
    )
    assert ("payment_terms", "payment_terms") in rules.decision_problems(
        **kw, approved_amount=Decimal("1"), approved_period=9, approved_terms=[]
    )
    assert ("credit_period_days", "period_above_policy") in rules.decision_problems(
        requested_amount=Decimal("1"),
        requested_period=500,
        approved_amount=Decimal("1"),
        approved_period=400,
        approved_terms=["OA"],
        policy_max_period=360,
    )


D0 = date(2026, 3, 1)


def _change(day, amount, kind="approved", terms=("OA",), period=90):
    return rules.ChangeFact(
        applies_from=day,
        amount_after_usd=Decimal(amount),
        payment_terms_after=terms,
        max_credit_period_after=period,
        kind=kind,
    )


def test_a_change_applies_to_shipments_after_its_notice_date_only():
    changes = [
        _change(D0, "100000"),
        _change(date(2026, 5, 11), "40000", "reduced", period=60),  # notice 2026-05-10
        _change(date(2026, 7, 2), "0", "cancelled"),  # notice 2026-07-01
    ]
    assert rules.terms_on(changes, D0 - timedelta(days=1)) is None
    assert rules.terms_on(changes, D0).amount_usd == Decimal("100000")
    # the notice date itself still has the old terms: the change applies to shipments after it
    assert rules.terms_on(changes, date(2026, 5, 10)).amount_usd == Decimal("100000")
    reduced = rules.terms_on(changes, date(2026, 5, 11))
    assert reduced.amount_usd == Decimal("40000") and reduced.max_credit_period_days == 60
    assert rules.terms_on(changes, date(2026, 7, 1)).amount_usd == Decimal("40000")
    ended = rules.terms_on(changes, date(2026, 7, 2))
    assert not ended.covers_anything
    assert rules.shipment_outside_terms(ended, payment_term="OA", credit_days=30) == "limit_ended"


def test_a_shipment_outside_the_limits_term_or_period_names_what_is_outside():
    terms = rules.terms_on([_change(D0, "100")], D0)
    assert rules.shipment_outside_terms(terms, payment_term="OA", credit_days=90) is None
    assert rules.shipment_outside_terms(terms, payment_term="DA", credit_days=90) == "payment_term"
    assert rules.shipment_outside_terms(terms, payment_term="OA", credit_days=91) == "credit_period"
    assert rules.shipment_outside_terms(None, payment_term="OA", credit_days=1) == "before_effective_date"


@given(
    st.decimals(min_value=-10, max_value=10**9, places=2),
    st.decimals(min_value=0, max_value=10**9, places=2),
    st.decimals(min_value=0, max_value=10**9, places=2),
)
def test_coverable_never_exceeds_what_is_left_or_what_is_asked(requested, amount, exposure):
    covered = rules.coverable(requested, amount_usd=amount, exposure_usd=exposure)
    assert Decimal("0") <= covered <= max(requested, Decimal("0"))
    assert covered <= max(amount - exposure, Decimal("0"))
    assert exposure + covered <= max(amount, exposure)


def _oracle_admits(facts, rule) -> bool:
    """The automatic-approval conditions as DESIGN.md states them, written out here independently
    of limits.rules: an enabled rule, never a red buyer, a light the rule allows, at most its ceiling
    and its country class, a payment term it allows, a credit period within its own and two years,
    a related party only where allowed, and a product the rule names (no products: any)."""
    return (
        rule.enabled
        and facts.buyer_light != "red"
        and facts.buyer_light in rule.allowed_lights
        and Decimal("0") < facts.amount_usd <= rule.max_amount_usd
        and facts.country_class <= rule.max_country_class
        and facts.payment_term in rule.allowed_payment_terms
        and facts.credit_period_days <= rule.max_credit_period_days
        and facts.credit_period_days <= 720
        and (rule.allow_related_party or not facts.related_party)
        and (not rule.products or facts.product in rule.products)
    )


@given(facts_strategy, st.lists(rule_strategy, max_size=5))
def test_auto_decision_approves_exactly_when_the_oracle_finds_a_rule_that_admits_it(facts, rule_list):
    decision = rules.auto_decide(facts, rule_list)
    admitting = [r.id for r in rule_list if _oracle_admits(facts, r)]
    assert decision.approve == bool(admitting)
    if decision.approve:
        assert decision.rule_id == admitting[0]  # the first rule in the given order


@given(
    st.decimals(min_value=-10, max_value=10**9, places=2),
    st.decimals(min_value=0, max_value=10**9, places=2),
    st.decimals(min_value=0, max_value=10**9, places=2),
)
def test_coverable_is_what_is_asked_capped_by_what_is_left_by_an_oracle(requested, amount, exposure):
    left = amount - exposure if amount > exposure else Decimal("0")
    expected = Decimal("0") if requested <= 0 else (requested if requested < left else left)
    assert rules.coverable(requested, amount_usd=amount, exposure_usd=exposure) == expected
