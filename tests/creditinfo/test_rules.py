"""The traffic light is a pure function of the buyer's events (DESIGN.md, credit information)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creditinfo import rules
from creditinfo.rules import GREEN, RED, RED_KINDS, YELLOW, YELLOW_KINDS, EventFact, traffic_light

D = date(2026, 6, 1)
OTHER_KINDS = ["sanctions", "war", "moratorium", "rating_change", "other"]
ALL_KINDS = sorted(RED_KINDS | YELLOW_KINDS) + OTHER_KINDS
SEVERITY = {GREEN: 0, YELLOW: 1, RED: 2}


def ev(kind, days=0, title=None, resolved=False):
    return EventFact(kind=kind, event_date=D + timedelta(days=days), title=title or kind, resolved=resolved)


def test_no_events_is_green_without_reason():
    light = traffic_light([])
    assert light.colour == GREEN and light.reason == ""


@pytest.mark.parametrize("kind", ["fraud", "serious_default", "bankruptcy"])
def test_red_kinds_turn_the_light_red(kind):
    # seed: fraud or strong suspicion of it, serious default record, bankrupt or closed
    assert traffic_light([ev(kind)]).colour == RED


@pytest.mark.parametrize("kind", ["past_default", "operating_trouble", "incomplete_disclosure"])
def test_yellow_kinds_turn_the_light_yellow(kind):
    # seed: a past breach of trust, operating trouble, incomplete disclosure
    assert traffic_light([ev(kind)]).colour == YELLOW


@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_other_kinds_leave_the_light_green(kind):
    assert traffic_light([ev(kind)]).colour == GREEN


def test_red_wins_over_a_later_yellow():
    light = traffic_light([ev("fraud", 0, "Forged bill of lading"), ev("past_default", 30, "Paid late")])
    assert light.colour == RED
    assert light.reason == "2026-06-01 Forged bill of lading"
    assert light.event_kind == "fraud"


def test_the_latest_event_of_the_winning_colour_gives_the_reason():
    light = traffic_light([ev("past_default", 0, "old"), ev("operating_trouble", 10, "new"), ev("war", 20)])
    assert light.colour == YELLOW and light.reason == "2026-06-11 new"


def test_resolved_events_do_not_count():
    assert traffic_light([ev("bankruptcy", resolved=True)]).colour == GREEN
    assert traffic_light([ev("bankruptcy", resolved=True), ev("past_default")]).colour == YELLOW


def test_advice_for_each_colour():
    assert "Normal trading" in rules.light_advice(GREEN)
    assert "Trade with care" in rules.light_advice(YELLOW)
    assert "Trade prudently" in rules.light_advice(RED)
    assert rules.light_reason_or_default(GREEN, "") == "No notable negative information."
    assert rules.light_reason_or_default(RED, "2026-01-01 x") == "2026-01-01 x"


events = st.lists(
    st.builds(
        EventFact,
        kind=st.sampled_from(ALL_KINDS),
        event_date=st.dates(min_value=date(2020, 1, 1), max_value=date(2027, 12, 31)),
        title=st.text(min_size=1, max_size=20),
        resolved=st.booleans(),
    ),
    max_size=12,
)


@given(events)
def test_light_is_red_exactly_when_a_live_red_event_exists(evs):
    live = [e for e in evs if not e.resolved]
    expected = (
        RED
        if any(e.kind in RED_KINDS for e in live)
        else YELLOW
        if any(e.kind in YELLOW_KINDS for e in live)
        else GREEN
    )
    assert traffic_light(evs).colour == expected


@given(events, st.randoms(use_true_random=False))
def test_light_does_not_depend_on_the_order_of_events(evs, rnd):
    shuffled = list(evs)
    rnd.shuffle(shuffled)
    assert traffic_light(shuffled).colour == traffic_light(evs).colour


@given(events, st.sampled_from(ALL_KINDS))
def test_a_new_live_event_never_makes_the_light_better(evs, kind):
    before = traffic_light(evs).colour
    after = traffic_light([*evs, ev(kind)]).colour
    assert SEVERITY[after] >= SEVERITY[before]


@given(events, st.sampled_from(ALL_KINDS))
def test_a_resolved_event_changes_nothing(evs, kind):
    assert traffic_light([*evs, ev(kind, resolved=True)]) == traffic_light(evs)


@given(events)
def test_a_coloured_light_always_has_a_reason(evs):
    light = traffic_light(evs)
    assert (light.colour == GREEN) == (light.reason == "")


# --- the finder's HS prefix range ---------------------------------------------------------------

digits = st.text(alphabet="0123456789", min_size=1, max_size=10)


@given(code=digits, prefix=digits)
def test_hs_range_holds_exactly_the_codes_with_the_prefix(code, prefix):
    low, high = rules.hs_prefix_range(prefix)
    inside = low <= code and (high is None or code < high)
    assert inside == code.startswith(prefix)


def test_hs_range_examples():
    assert rules.hs_prefix_range("8504") == ("8504", "8505")
    assert rules.hs_prefix_range("85.09") == ("8509", "851")
    assert rules.hs_prefix_range("99") == ("99", None)
    assert rules.hs_digits("8504.40 ") == "850440"
    with pytest.raises(ValueError):
        rules.hs_prefix_range("abc")
