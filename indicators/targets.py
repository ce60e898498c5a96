"""The target grammar: printed target and baseline texts → (comparator, value, unit).

One parser for fixtures, Excel plan uploads, the admin and the compliance rule. It keeps the text;
what it understood is an addition, never a replacement.
"""
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

INCREASE_WORDS = ("稳步提升", "稳步提高", "逐步提升", "逐步提高", "持续提升", "持续提高")
NO_TARGET_TEXTS = {"/", "／", "-", "—", "无", ""}

_COMPARATOR_PREFIXES = [("≥", ">="), (">=", ">="), ("＞", ">"), (">", ">"), ("≤", "<="), ("<=", "<="),
                        ("＜", "<"), ("<", "<"), ("=", "=")]
# Bounded so a value always fits the database column (16 digits, 4 after the point) and Decimal never
# overflows: no plan prints a target anywhere near 10^12.
_NUMBER = r"(\d{1,12}(?:\.\d{1,4})?)"
_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_NUMERIC_PATTERN = re.compile(rf"^{_NUMBER}\s*(万|亿)?\s*(%|％|人|万元|元|家|个)?\s*(以上|及以上|以下)?$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


MAX_VALUE = Decimal(10) ** 12


class TargetParseError(ValueError):
    """A printed text the grammar cannot read; the message is shown to whoever loads the plan."""


@dataclass(frozen=True)
class ParsedTarget:
    text: str
    comparator: str  # ">=", ">", "<=", "<", "=", "increase", or "" when there is no target
    value: Decimal | None
    unit: str
    other_measure: bool = False

    @property
    def is_numeric(self) -> bool:
        return self.value is not None and self.comparator not in ("", "increase")


def parse_target(text: str) -> ParsedTarget:
    """Read a printed target such as "≥90%", ">85%", "80%", "90%以上", "稳步提升" or "/".

    A bare percentage is inclusive (80% means at least 80%); ">" stays strict.
    """
    return _parse(text, bare_comparator=">=")


def parse_baseline(text: str) -> ParsedTarget:
    """Read a printed baseline value such as "3866 万人", "78.0%", "0" or "/".

    A value is a fact, so its comparator is "=". A text that names another measure
    ("重点行业职业病危害定期检测率 99%") is kept and flagged, with no number.
    """
    return _parse(text, bare_comparator="=")


def _tidy(value: Decimal) -> Decimal:
    """90 rather than 9E+1, 109.29 rather than 109.2900."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _parse(text: str, *, bare_comparator: str) -> ParsedTarget:
    original = text
    cleaned = re.sub(r"\s+", " ", (text or "").strip())
    if cleaned in NO_TARGET_TEXTS:
        return ParsedTarget(original, "", None, "")
    if cleaned in INCREASE_WORDS:
        return ParsedTarget(original, "increase", None, "")

    comparator = bare_comparator
    rest = cleaned
    for prefix, symbol in _COMPARATOR_PREFIXES:
        if rest.startswith(prefix):
            comparator, rest = symbol, rest[len(prefix):].strip()
            break

    match = _NUMERIC_PATTERN.match(rest)
    if match:
        number, multiplier, unit, suffix = match.groups()
        value = Decimal(number)
        unit = {"％": "%"}.get(unit, unit or "")
        if multiplier:
            value *= _MULTIPLIERS[multiplier]
        if value >= MAX_VALUE:
            raise TargetParseError(_("目标数值过大：“%(text)s”") % {"text": original})
        if suffix in ("以上", "及以上"):
            comparator = ">="
        elif suffix == "以下":
            comparator = "<="
        return ParsedTarget(original, comparator, _tidy(value), unit)

    words = re.sub(r"[万亿人元家个以上及下]", "", cleaned)
    if _CJK.search(words) and re.search(r"\d", words):
        # A number attached to words that are not a unit: the cell reports a different measure.
        return ParsedTarget(original, "", None, "", other_measure=True)
    raise TargetParseError(_("无法识别的目标文本：“%(text)s”") % {"text": original})
