import pytest
from hypothesis import given
from hypothesis import strategies as st

from sinosure_portal.accounts import uscc


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000100006485K"])
def test_published_codes_are_valid(code):
    assert uscc.is_valid(code)


@pytest.mark.parametrize(
    "code",
    ["91350100M000100Y44", "91350100M000100Y4", "91350100M000100Y431", "91350100I000100Y43", "", "abc"],
)
def test_wrong_check_digit_length_or_alphabet_is_invalid(code):
    assert not uscc.is_valid(code)


@given(st.text(alphabet=uscc.ALPHABET, min_size=17, max_size=17))
def test_completed_code_is_valid_and_any_other_last_character_is_not(first17):
    code = uscc.complete(first17)
    assert uscc.is_valid(code)
    for other in uscc.ALPHABET:
        if other != code[-1]:
            assert not uscc.is_valid(first17 + other)
