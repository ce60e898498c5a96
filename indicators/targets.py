"""The target grammar: printed target and baseline texts → (comparator, value, unit, how relative).

One parser for fixtures, Excel plan uploads, the admin and the compliance rule. It keeps the text as
printed; what it understood is an addition, never a replacement. A target it cannot read is an error
(``TargetParseError``): nothing is dropped silently — a plan row whose target is not to be compared
must say so explicitly (``PlanIndicator.no_comparison_reason``).

Readings, by the words real plans and work programmes use (docs/compliance.md lists examples):

- thresholds: ``≥90%``, ``>85%``, bare ``80%`` (inclusive), ``达到85%以上``, ``不低于`` / ``不少于`` /
  ``至少`` (≥), ``高于`` / ``超过`` (>), ``及以上`` / ``以上`` (≥);
- caps (lower is better): ``≤5%``, ``控制在5%以内``, ``不高于`` / ``不超过`` (≤), ``低于`` (<), ``以下`` (≤);
- directions: ``稳步提升``, ``进一步提高``, ``显著提升`` … (``increase``: above the earlier value);
  ``有所下降``, ``逐年下降``, ``降低`` … (``decrease``: below it);
- ``全覆盖`` (≥ 100 %), ``‰`` (read as a tenth of a percent), footnote marks ``*``, ``※``, ``①``
  (ignored for the reading, kept in the printed text), ranges ``85%–90%`` (the lower bound, said in
  the reading note);
- relative targets: ``比2020年下降10%`` (≤ baseline × 0.9), ``提高5个百分点`` (≥ baseline + 5): resolved
  against the region's baseline by the compliance rule.
"""
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

INCREASE = "increase"
DECREASE = "decrease"
DIRECTIONS = (INCREASE, DECREASE)
COMPARATORS = {">=", ">", "<=", "<", "=", INCREASE, DECREASE}

# Relative targets: the number is a change from the region's baseline.
RELATIVE_PERCENT = "percent"  # 下降10%: baseline × (1 − 10 %)
RELATIVE_POINTS = "points"    # 提高5个百分点: baseline + 5

_DIRECTION_ADVERBS = ("稳步", "逐步", "持续", "进一步", "显著", "明显", "有所", "不断", "逐年", "大幅", "全面")
_RISE_VERBS = ("提升", "提高", "增长", "增加", "上升")
_FALL_VERBS = ("下降", "降低", "减少")
INCREASE_WORDS = tuple(adverb + verb for adverb in _DIRECTION_ADVERBS for verb in _RISE_VERBS) + _RISE_VERBS
DECREASE_WORDS = tuple(adverb + verb for adverb in _DIRECTION_ADVERBS for verb in _FALL_VERBS) + _FALL_VERBS
FULL_COVERAGE_WORDS = ("全覆盖", "实现全覆盖", "基本全覆盖", "100%覆盖")
NO_TARGET_TEXTS = {"/", "／", "-", "—", "——", "无", ""}

# Longest first, so that "≥" is not read as "=" and "不低于" not as "低于".
_PREFIX_WORDS = sorted([
    ("≥", ">="), (">=", ">="), ("＞", ">"), (">", ">"), ("≤", "<="), ("<=", "<="), ("＜", "<"), ("<", "<"),
    ("=", "="), ("不低于", ">="), ("不少于", ">="), ("至少", ">="), ("大于等于", ">="), ("达到", ">="), ("达", ">="),
    ("保持在", ">="), ("保持", ">="), ("高于", ">"), ("超过", ">"), ("大于", ">"), ("不高于", "<="),
    ("不超过", "<="), ("不大于", "<="), ("小于等于", "<="), ("控制在", "<="), ("低于", "<"), ("小于", "<"),
], key=lambda pair: -len(pair[0]))
_SUFFIX_WORDS = {"及以上": ">=", "以上": ">=", "及以下": "<=", "以下": "<=", "以内": "<="}
# Bounded so a value always fits the database column (16 digits, 4 after the point) and Decimal never
# overflows: no plan prints a target anywhere near 10^12.
_NUMBER = r"(\d{1,12}(?:\.\d{1,4})?)"
_UNITS = r"(%|‰|人次|万元|元|人|家|个|所|项|次|例)"
_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_QUANTITY = rf"{_NUMBER}\s*(万|亿)?\s*{_UNITS}?"
_QUANTITY_PATTERN = re.compile(rf"^{_QUANTITY}$")
_RANGE_PATTERN = re.compile(rf"^{_QUANTITY}\s*(?:-|–|—|~|～|至|到)\s*{_QUANTITY}$")
_RELATIVE_PATTERN = re.compile(
    rf"^(?:(?:比|较)(?:(\d{{4}})年|基线|基期|基线值|基期值)?)?({'|'.join(_RISE_VERBS + _FALL_VERBS)})\s*"
    rf"{_NUMBER}\s*(%|个百分点)$")
# Footnote marks printed after (or before) a target: "≥90%*", "※85%", "90%①".
_FOOTNOTE_MARKS = re.compile(r"[*＊※†‡①-⑳⑴-⒇]")
# Only a cell that starts with a measure's name can name another measure; one that starts like a target
# (a comparator or direction word, a number with its unit, any sign or digit) is read or refused.
_STARTS_LIKE_TARGET = re.compile(
    "^(?:" + "|".join(re.escape(prefix) for prefix, _symbol in _PREFIX_WORDS) + "|比|较|"
    + "|".join(_RISE_VERBS + _FALL_VERBS) + r"|[^\u4e00-\u9fff])")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FULL_WIDTH = str.maketrans({"％": "%", "＞": ">", "＜": "<", "＝": "=", "．": ".", "（": "(", "）": ")", "～": "~"})

MAX_VALUE = Decimal(10) ** 12


class TargetParseError(ValueError):
    """A printed text the grammar cannot read; the message is shown to whoever loads the plan."""


@dataclass(frozen=True)
class ParsedTarget:
    text: str
    comparator: str  # ">=", ">", "<=", "<", "=", "increase", "decrease", or "" when there is no target
    value: Decimal | None
    unit: str
    other_measure: bool = False
    relative: str = ""  # "", "percent" or "points": value is a change from the region's baseline
    note: str = ""  # what the grammar did beyond the plain reading (range → lower bound, ‰, footnote)

    @property
    def is_numeric(self) -> bool:
        return self.value is not None and self.comparator not in ("", *DIRECTIONS)


def parse_target(text: str) -> ParsedTarget:
    """Read a printed target such as "≥90%", "达到85%以上", "控制在5%以内", "有所下降" or "/".

    A bare number is inclusive (80% means at least 80%); ">" stays strict. Raises ``TargetParseError``
    for anything else: a target is never silently taken for "another measure".
    """
    return _parse(text, bare_comparator=">=", allow_other_measure=False)


def parse_baseline(text: str) -> ParsedTarget:
    """Read a printed baseline value such as "3866 万人", "78.0%", "0" or "/".

    A value is a fact, so its comparator is "=". A text that names another measure
    ("重点行业职业病危害定期检测率 99%") is kept and flagged, with no number.
    """
    return _parse(text, bare_comparator="=", allow_other_measure=True)


def comparator_symbol(comparator: str) -> str:
    """The sign a comparator prints as: "≥" for ">=", "≤" for "<=" (the others print as themselves)."""
    return {">=": "≥", "<=": "≤"}.get(comparator, comparator)


def reading_text(comparator: str, value: Decimal | None, unit: str, relative: str = "") -> str:
    """What a target was read as, for pages and the import preview: "≥ 85%", "比上期下降", "≤ 基线 × 90%"."""
    if comparator == INCREASE:
        return _("比上期提升")
    if comparator == DECREASE:
        return _("比上期下降")
    if not comparator or value is None:
        return _("无")
    symbol = comparator_symbol(comparator)
    number = _plain(value)
    if relative == RELATIVE_POINTS:
        sign = "+" if comparator in (">=", ">") else "−"
        return _("%(symbol)s 基线 %(sign)s %(number)s 个百分点") % {"symbol": symbol, "sign": sign, "number": number}
    if relative == RELATIVE_PERCENT:
        factor = Decimal(100) + value if comparator in (">=", ">") else Decimal(100) - value
        return _("%(symbol)s 基线 × %(factor)s%%") % {"symbol": symbol, "factor": _plain(factor)}
    return f"{symbol} {number}{unit}"


def _plain(value: Decimal) -> str:
    text = format(_tidy(value), "f")
    return text


def _tidy(value: Decimal) -> Decimal:
    """90 rather than 9E+1, 109.29 rather than 109.2900."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _quantity(number: str, multiplier: str | None, unit: str | None, original: str) -> tuple[Decimal, str, str]:
    """(value, unit, note) of one printed quantity; ‰ becomes a tenth of a percent, as rates are stored."""
    value = Decimal(number)
    if multiplier:
        value *= _MULTIPLIERS[multiplier]
    if value >= MAX_VALUE:
        raise TargetParseError(_("目标数值过大：“%(text)s”") % {"text": original})
    if unit == "‰":
        return _tidy(value / 10), "%", _("千分率 %(number)s‰ 按 %(percent)s%% 比较") % {
            "number": _plain(value), "percent": _plain(value / 10)}
    return _tidy(value), unit or "", ""


def _normalise(text: str) -> tuple[str, str]:
    """The text to read (spaces collapsed, full-width signs made plain, footnote marks removed) and a note
    naming the marks removed."""
    cleaned = re.sub(r"\s+", " ", (text or "").strip()).translate(_FULL_WIDTH)
    marks = "".join(_FOOTNOTE_MARKS.findall(cleaned))
    if not marks:
        return cleaned, ""
    return _FOOTNOTE_MARKS.sub("", cleaned).strip(), _("脚注标记“%(marks)s”不影响比较") % {"marks": marks}


def _side(comparator: str) -> str:
    """Which way a comparator points: "≥"-like, "≤"-like or "=" (a prefix "=" with a suffix is refused)."""
    return comparator[0]


def _joined(*notes: str) -> str:
    return "；".join(note for note in notes if note)


def _parse(text: str, *, bare_comparator: str, allow_other_measure: bool) -> ParsedTarget:
    original = text
    cleaned, footnote = _normalise(text)
    if cleaned in NO_TARGET_TEXTS:
        if footnote and not cleaned:  # a lone "*" is not a "/"
            raise TargetParseError(_("无法识别的目标文本：“%(text)s”") % {"text": original})
        return ParsedTarget(original, "", None, "", note=footnote)
    compact = cleaned.replace(" ", "")
    if compact in INCREASE_WORDS:
        return ParsedTarget(original, INCREASE, None, "", note=footnote)
    if compact in DECREASE_WORDS:
        return ParsedTarget(original, DECREASE, None, "", note=footnote)
    if compact in FULL_COVERAGE_WORDS:
        return ParsedTarget(original, ">=", Decimal(100), "%", note=_joined(_("全覆盖按 ≥100% 比较"), footnote))

    relative = _RELATIVE_PATTERN.match(compact)
    if relative:
        reference_year, verb, number, unit = relative.groups()
        value = Decimal(number)
        if value >= MAX_VALUE or (unit == "%" and verb in _FALL_VERBS and value > 100):
            raise TargetParseError(_("无法识别的目标文本：“%(text)s”") % {"text": original})
        comparator = ">=" if verb in _RISE_VERBS else "<="
        kind = RELATIVE_POINTS if unit == "个百分点" else RELATIVE_PERCENT
        return ParsedTarget(original, comparator, _tidy(value), "%" if kind == RELATIVE_POINTS else "",
                            relative=kind, note=_joined(
                                _("相对%(year)s基线的目标") % {"year": _("%(year)s年") % {"year": reference_year} if reference_year else ""},
                                footnote))

    comparator, rest, prefixed = bare_comparator, compact, False
    for prefix, symbol in _PREFIX_WORDS:
        if rest.startswith(prefix):
            comparator, rest, prefixed = symbol, rest[len(prefix):], True
            break
    for suffix, symbol in _SUFFIX_WORDS.items():
        if rest.endswith(suffix) and len(rest) > len(suffix):
            rest = rest[:-len(suffix)]
            if not prefixed:
                comparator = symbol
            elif _side(comparator) != _side(symbol):
                # "达到5%以下" says two opposite things: refuse rather than guess.
                raise TargetParseError(_("目标文本前后矛盾：“%(text)s”") % {"text": original})
            break

    match = _QUANTITY_PATTERN.match(rest)
    if match:
        value, unit, note = _quantity(*match.groups(), original)
        return ParsedTarget(original, comparator, value, unit, note=_joined(note, footnote))

    span = _RANGE_PATTERN.match(rest)
    if span:
        low, low_unit, _low_note = _quantity(*span.groups()[:3], original)
        high, high_unit, _high_note = _quantity(*span.groups()[3:], original)
        unit = high_unit or low_unit
        if low_unit and high_unit and low_unit != high_unit or low > high:
            raise TargetParseError(_("无法识别的目标区间：“%(text)s”") % {"text": original})
        return ParsedTarget(original, ">=", low, unit, note=_joined(
            _("区间目标，取下限 %(low)s%(unit)s") % {"low": _plain(low), "unit": unit}, footnote))

    words = re.sub(r"[万亿人元家个以上及下]", "", cleaned)
    if allow_other_measure and _CJK.search(words) and re.search(r"\d", words) and not _STARTS_LIKE_TARGET.match(compact):
        # A baseline cell that names another measure ("重点行业职业病危害定期检测率 99%"): kept, flagged.
        return ParsedTarget(original, "", None, "", other_measure=True)
    raise TargetParseError(_("无法识别的目标文本：“%(text)s”") % {"text": original})
