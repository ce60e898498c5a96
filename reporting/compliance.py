"""The compliance rule: is a region's value for a year where its plan wants it?

Plain functions over plain values, no database. Every verdict carries its explanation, so a cell's
colour can always say why ("why this colour": value, target, source, the comparison).
"""
import operator
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property
from typing import TypeVar

from django.db import models
from django.utils.translation import gettext_lazy

from indicators.display import number_text
from indicators.targets import DECREASE, DIRECTIONS, INCREASE, RELATIVE_POINTS, comparator_symbol
from plumbing.wording import current_language

# Django's gettext, cached per language while a matrix is judged (plumbing.wording).
from plumbing.wording import gettext as _

ORDERING_COMPARATORS = {">=", ">", "<=", "<", "="}
T = TypeVar("T")


class Status(models.TextChoices):
    MET = "met", gettext_lazy("达标")
    NOT_MET = "not_met", gettext_lazy("未达标")
    ON_TRACK = "on_track", gettext_lazy("进度正常")
    BEHIND = "behind", gettext_lazy("进度滞后")
    IN_PROGRESS = "in_progress", gettext_lazy("推进中")
    UNDETERMINED = "undetermined", gettext_lazy("无法判断")
    NO_DATA = "no_data", gettext_lazy("未填报")
    NO_TARGET = "no_target", gettext_lazy("无目标")
    NO_PLAN = "no_plan", gettext_lazy("无适用规划")


PROBLEM_STATUSES = {Status.NOT_MET, Status.BEHIND, Status.NO_DATA}
# Said of what this system holds, never of what was issued: a plan may exist and not be loaded yet.
NO_PLAN_LOADED = gettext_lazy("本系统未加载适用于本地区本年度的规划，无法判断")


@dataclass(frozen=True)
class TargetSpec:
    """What the judged target says: comparator and number, the year it is printed for, where from."""

    text: str
    comparator: str  # ">=", ">", "<=", "<", "=", "increase", "decrease", or "" (nothing to compare)
    value: Decimal | None
    year: int
    source: str = ""
    other_measure: bool = False
    relative: str = ""  # "percent" / "points": ``value`` is a change from the region's baseline
    note: str = ""  # what the grammar did to read the text (range → lower bound, ‰, footnote)
    no_comparison_reason: str = ""  # the admin's reason for not comparing this plan row

    # One spec is judged for every region its plan row governs (2,975 cells of a national column): what
    # does not depend on the region is worked out once. (``cached_property`` writes the instance's own
    # dictionary, which a frozen dataclass allows; the fields, equality and hash are untouched.)
    @cached_property
    def is_comparable(self) -> bool:
        return not self.other_measure and not self.no_comparison_reason and (
            self.comparator in DIRECTIONS or (self.comparator in ORDERING_COMPARATORS and self.value is not None))

    @cached_property
    def value_text(self) -> str:
        return number_text(self.value)

    def explained_source(self) -> str:
        """How each explanation of this target starts, in the current language: "阳江市规划：（…）"."""
        by_language = self.__dict__.setdefault("_explained_source", {})
        language = current_language()
        if language not in by_language:
            source = _("%(source)s：") % {"source": self.source} if self.source else ""
            if self.note:
                source += _("（%(note)s）") % {"note": self.note}
            by_language[language] = source
        return by_language[language]


def absolute_target(target: TargetSpec, baseline: "Baseline") -> Decimal:
    """A relative target made absolute against the region's baseline: 比2020年下降10% from 40 → 36,
    提高5个百分点 from 80 → 85."""
    if target.relative == RELATIVE_POINTS:
        return baseline.value + target.value if target.comparator in (">=", ">") else baseline.value - target.value
    change = baseline.value * target.value / 100
    return baseline.value + change if target.comparator in (">=", ">") else baseline.value - change


@dataclass(frozen=True)
class Baseline:
    year: int
    value: Decimal
    source: str = ""  # where it comes from, named in the explanation ("阳江市规划印发")
    kind: str = ""  # printed / entered / first_counted (``reporting.baselines.BaselineKind``): which rule-2 source


@dataclass(frozen=True, slots=True)  # one per judged cell: 30,000 in a national export
class Verdict:
    status: str
    explanation: str
    expected: Decimal | None = None  # the linear-path value for on_track/behind

    @property
    def label(self) -> str:
        return Status(self.status).label

    @property
    def is_problem(self) -> bool:
        return self.status in PROBLEM_STATUSES


_COMPARISONS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "=": operator.eq}


def meets(value: Decimal, comparator: str, target: Decimal) -> bool:
    """Compare exactly as printed: ">90%" is strict (90.0 fails), "≥90%" and a bare "80%" include."""
    return _COMPARISONS[comparator](value, target)


def path_value(baseline: Baseline, target: Decimal, target_year: int, year: int) -> Decimal:
    """Where a region should be in ``year`` on the straight line from its baseline to the target."""
    share = Decimal(year - baseline.year) / Decimal(target_year - baseline.year)
    return baseline.value + (target - baseline.value) * share







@dataclass(frozen=True)
class Earlier:
    """What a 稳步提升 / 有所下降 target compares: a value now and an earlier one over the same regions."""

    current: Decimal | None  # this year's value over the regions compared (None: nothing comparable)
    previous: Decimal | None
    label: str  # "2023年值", "2020年基线"
    common: str = ""  # "江城区、阳东区两年均有数" — the like-for-like set, when the value is a roll-up
    why_not: str = ""  # why nothing can be compared (no common child)


def like_for_like(children_by_year: dict[int, dict[str, T]], year: int, roll: Callable[[list[T]], Decimal | None],
                  names: dict[str, str], baseline: Baseline | None = None,
                  is_counted: Callable[[T], bool] | None = None) -> Earlier | None:
    """Compare a rolled-up value with an earlier one over the same children only: those counted in both
    years (阳江市 OH01: 2024 over 3 counties against 2023 over 3 *other* counties was a fake 25 % drop).

    ``children_by_year``: year → child key → what the child counted (anything ``roll`` sums). The earlier
    year is the latest one with any counted child; with none, the region's baseline. ``None`` when there
    is nothing earlier at all; an ``Earlier`` with ``why_not`` when no child is counted in both years.
    ``is_counted`` says cheaply whether one child counts (default: it rolls up to a value) — a national
    page asks it of every county in every year.
    """
    counts = is_counted or (lambda sums: roll([sums]) is not None)

    def counted(per_child: dict[str, T]) -> dict[str, T]:
        return {key: sums for key, sums in per_child.items() if counts(sums)}

    now = counted(children_by_year.get(year, {}))
    earlier_years = [y for y, per_child in children_by_year.items() if y < year and any(map(counts, per_child.values()))]
    if not earlier_years:
        if baseline is not None and baseline.year < year:
            return Earlier(roll(list(now.values())) if now else None, baseline.value,
                           _("%(year)s年基线") % {"year": baseline.year})
        return None
    latest = max(earlier_years)
    before = counted(children_by_year[latest])
    common = sorted(now.keys() & before.keys())
    label = _("%(year)s年值") % {"year": latest}
    if not common:
        return Earlier(None, None, label, why_not=_("%(year)s年与%(latest)s年没有共同填报的下级，无法同口径比较") % {
            "year": year, "latest": latest})
    shared = "" if len(now) == len(before) == len(common) == 1 else _("%(names)s两年均有数") % {
        "names": "、".join(names.get(key, key) for key in common)}
    return Earlier(roll([now[key] for key in common]), roll([before[key] for key in common]), label, shared)


def judge(*, value: Decimal | None, year: int, target: TargetSpec | None, previous: Decimal | None = None,
          previous_label: str = "", baseline: Baseline | None = None, earlier: Earlier | None = None,
          has_plan: bool = True) -> Verdict:
    """The status of one value against its target.

    ``previous`` is the region's latest earlier value (previous year, else the latest earlier one,
    else its baseline) — only ``increase`` / ``decrease`` targets (稳步提升, 有所下降) use it.
    ``baseline`` draws the linear path for interim years of a target printed only for the final year
    (in either direction: a cap falls towards its target), and makes relative targets (比2020年下降10%)
    absolute; without one a relative target is ``undetermined``. ``earlier`` (``like_for_like``) replaces
    ``previous`` for a rolled-up value: it compares the same children in both years. ``has_plan=False``:
    no document loaded here governs the region that year at all (``no_plan``, not ``no_target``).
    """
    if target is None and not has_plan:
        return Verdict(Status.NO_PLAN, str(NO_PLAN_LOADED))
    if target is None or not target.is_comparable:
        return Verdict(Status.NO_TARGET, _not_compared_because(target))
    source = target.explained_source()
    if value is None:
        return Verdict(Status.NO_DATA, _("%(source)s尚无已提交或已审核的数值") % {"source": source})

    if target.comparator in DIRECTIONS:
        if earlier is None:
            earlier = Earlier(value, previous, previous_label) if previous is not None else None
        return _judge_direction(target, source, earlier)
    if target.relative:
        if baseline is None:
            return Verdict(Status.UNDETERMINED, _("%(source)s目标“%(text)s”相对基线而定，但本区划没有基线值") % {
                "source": source, "text": target.text})
        resolved_value = absolute_target(target, baseline)
        source += _("按 %(year)s 年基线 %(base)s，目标“%(text)s”即 %(symbol)s %(value)s；") % {
            "year": baseline.year, "base": number_text(baseline.value), "text": target.text,
            "symbol": comparator_symbol(target.comparator), "value": number_text(resolved_value)}
        target = replace(target, value=resolved_value, relative="")

    value_text, target_value_text = number_text(value), target.value_text
    if meets(value, target.comparator, target.value):
        return Verdict(Status.MET, _("%(source)s%(comparison)s，满足“%(text)s”") % {
            "source": source, "comparison": f"{value_text} {comparator_symbol(target.comparator)} {target_value_text}",
            "text": target.text})
    if target.year == year or year > target.year:
        return Verdict(Status.NOT_MET, _("%(source)s%(value)s 不满足“%(text)s”") % {
            "source": source, "value": value_text, "text": target.text})

    # An interim year judged against the final target: never "not met" before the deadline. Every such
    # cell also says how far the value still is from the final target.
    gap = _("距%(target_year)s年目标 %(target)s 尚差 %(gap)s") % {
        "target_year": target.year, "target": target_value_text, "gap": number_text(abs(target.value - value))}
    if baseline is None or baseline.year >= year:
        return Verdict(Status.IN_PROGRESS, _("%(source)s%(value)s 尚未达到%(target_year)s年目标“%(text)s”；无基线，无法判断进度；%(gap)s") % {
            "source": source, "value": value_text, "target_year": target.year, "text": target.text, "gap": gap})
    expected = path_value(baseline, target.value, target.year, year)
    higher_is_better = target.comparator in (">=", ">", "=")
    on_track = value >= expected if higher_is_better else value <= expected
    status = Status.ON_TRACK if on_track else Status.BEHIND
    return Verdict(status, _("%(source)s%(value)s，按 %(base_source)s%(base_year)s 年基线 %(base)s 到 %(target_year)s 年目标 %(target)s 的线性进度，"
                             "%(year)s 年应达 %(expected)s；%(gap)s") % {
        "source": source, "value": value_text, "base_source": baseline.source, "base_year": baseline.year,
        "base": number_text(baseline.value), "target_year": target.year, "target": target_value_text, "year": year,
        "expected": number_text(expected), "gap": gap}, expected)


def _not_compared_because(target: TargetSpec | None) -> str:
    if target is not None and target.no_comparison_reason:
        return _("规划指标“%(text)s”不作比较：%(reason)s") % {"text": target.text, "reason": target.no_comparison_reason}
    if target is not None and target.other_measure:
        return _("目标“%(text)s”口径不同，不作比较") % {"text": target.text}
    return _("适用规划未对本年度设定可比较的目标")


def _judge_direction(target: TargetSpec, source: str, earlier: Earlier | None) -> Verdict:
    """稳步提升 (above the earlier value) and 有所下降 (below it): the mirror images of one rule."""
    if earlier is not None and earlier.why_not:
        return Verdict(Status.UNDETERMINED, _("%(source)s目标为“%(text)s”，但%(why)s") % {
            "source": source, "text": target.text, "why": earlier.why_not})
    if earlier is None or earlier.previous is None or earlier.current is None:
        return Verdict(Status.UNDETERMINED, _("%(source)s目标为“%(text)s”，但没有更早的数值可比较") % {
            "source": source, "text": target.text})
    value, previous = earlier.current, earlier.previous
    met = value > previous if target.comparator == INCREASE else value < previous
    relation = {(INCREASE, True): ">", (INCREASE, False): "≤", (DECREASE, True): "<", (DECREASE, False): "≥"}[
        (target.comparator, met)]
    common = _("%(common)s：") % {"common": earlier.common} if earlier.common else ""
    return Verdict(Status.MET if met else Status.NOT_MET,
                   _("%(source)s目标“%(text)s”：%(common)s%(value)s %(relation)s %(label)s %(previous)s") % {
                       "source": source, "text": target.text, "common": common, "value": number_text(value),
                       "relation": relation, "label": earlier.label or _("上期值"), "previous": number_text(previous)})


def previous_value(values_by_year: dict[int, Decimal], year: int, baseline: Baseline | None) -> tuple[Decimal | None, str]:
    """The value an ``increase`` / ``decrease`` target compares with: last year's, else the latest earlier, else the baseline."""
    earlier = [y for y in values_by_year if y < year and values_by_year[y] is not None]
    if earlier:
        latest = max(earlier)
        return values_by_year[latest], _("%(year)s年值") % {"year": latest}
    if baseline is not None and baseline.year < year:
        return baseline.value, _("%(year)s年基线") % {"year": baseline.year}
    return None, ""


# Roll-up rules (the catalogue's "rolls up to parents as"), on plain sums.

def rollup_rate(numerator_sum: Decimal | None, denominator_sum: Decimal | None) -> Decimal | None:
    """Σnumerator / Σdenominator — never the mean of the children's percentages."""
    if not denominator_sum:
        return None
    return (numerator_sum or Decimal(0)) * 100 / denominator_sum


def rollup_share_yes(yes_count: int, reporting_count: int) -> Decimal | None:
    """Share of reporting children answering 是, as a percentage."""
    if not reporting_count:
        return None
    return Decimal(yes_count) * 100 / Decimal(reporting_count)
