"""Turning untrusted text into a bounded decimal: the one rule every numeric input path uses.

``Decimal("1e27").quantize(Decimal("0.01"))`` raises: the result needs more digits than the decimal
context holds. Any arithmetic on a number that big (or on 'NaN', 'Infinity', ``10**40``) can raise before
a range check runs, so the magnitude is checked first, before any rounding or arithmetic.
"""
from decimal import Decimal, InvalidOperation

# Far beyond any figure a form accepts, far inside what the decimal context can round to two places.
ABSOLUTE_LIMIT = Decimal(10) ** 15


class NumberRefused(ValueError):
    """Why a text is not an acceptable number: ``reason`` is "not_a_number", "negative" or "too_large"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def bounded_decimal(text, *, limit: Decimal, allow_negative: bool = False) -> Decimal:
    """``text`` as a Decimal no larger than ``limit`` in magnitude, or ``NumberRefused``.

    NaN and infinities are not numbers; the magnitude is compared before anything rounds the value.
    """
    try:
        number = Decimal(str(text).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise NumberRefused("not_a_number") from None
    if not number.is_finite():
        raise NumberRefused("not_a_number")
    if number < 0 and not allow_negative:
        raise NumberRefused("negative")
    if number.copy_abs() > min(limit, ABSOLUTE_LIMIT):  # copy_abs is exact; abs() rounds and can overflow
        raise NumberRefused("too_large")
    # "0e-99999999999" and "-0" are zero; their exponent would reach the database otherwise.
    return Decimal(0) if number.is_zero() else number


def small_int(text, *, max_digits: int = 9) -> int | None:
    """``text`` as a non-negative integer of at most ``max_digits`` ASCII digits, else None.

    ``str.isdigit`` is not a safe guard for ``int()``: "²" is a digit that ``int`` refuses, and a
    5,000-digit string exceeds Python's integer-conversion limit — both would be a 500.
    """
    text = str(text).strip()
    if not text or len(text) > max_digits or not text.isascii() or not text.isdigit():
        return None
    return int(text)
