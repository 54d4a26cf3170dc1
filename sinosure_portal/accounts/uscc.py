"""Unified social credit code (统一社会信用代码, GB 32100-2015).

18 characters from a 31-character alphabet (digits and capital letters without I, O, Z, S, V);
the last is a check character computed from the first 17 with fixed weights modulo 31.
"""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * weight for ch, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    code = (code or "").strip().upper()
    if len(code) != 18 or any(ch not in ALPHABET for ch in code):
        return False
    return check_character(code[:17]) == code[17]


def complete(first17: str) -> str:
    """The full code for 17 given characters (used by demo data and factories)."""
    return first17 + check_character(first17)
