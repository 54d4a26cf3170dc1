"""Amounts formatted in SQL, for notifications written set-based (INSERT ... SELECT): the text a
person reads is the amount at its currency's scale with thousands separators, as
:func:`sinosure_portal.money.currency.format_amount` writes it in Python ("1,000.125" for KWD,
"1,000,000" for JPY, "927.74" for USD), never the column's raw "927.740".
"""

from __future__ import annotations

from functools import lru_cache

from sinosure_portal.money.currency import AMOUNT_MAX_DIGITS, AMOUNT_PLACES, currency_exponent, iso_currencies


def _pattern(places: int) -> str:
    # sixteen whole digits with group separators, the last one always shown: FM9,999,...,990.000
    whole_digits = AMOUNT_MAX_DIGITS - AMOUNT_PLACES
    digits = "9" * (whole_digits - 1) + "0"
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return "FM" + ",".join(groups) + ("." + "0" * places if places else "")


@lru_cache(maxsize=1)
def _codes_by_places() -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = {}
    for code in sorted(iso_currencies()):
        found.setdefault(currency_exponent(code), []).append(code)
    return {places: tuple(codes) for places, codes in found.items()}


def amount_text_sql(amount_sql: str, currency_sql: str) -> str:
    """A SQL expression giving the text of ``amount_sql`` (a numeric expression) in the currency of
    ``currency_sql`` (a char expression): ``to_char`` with the currency's decimals. Both arguments
    are SQL written by the caller (column names), never user input."""
    branches = []
    for places, codes in sorted(_codes_by_places().items()):
        if places == 2:
            continue
        listed = ", ".join(f"'{code}'" for code in codes)  # ISO codes: three capital letters
        branches.append(
            f"WHEN ({currency_sql}) IN ({listed}) THEN to_char(({amount_sql}), '{_pattern(places)}')"
        )
    default = f"to_char(({amount_sql}), '{_pattern(2)}')"
    return f"(CASE {' '.join(branches)} ELSE {default} END)"
