"""Rule 2 of the compliance rule: which baseline draws the linear path of an interim year.

In this order (``baseline_in_order``, defined once, used by the dashboards, the county sheet, the review
page, the evaluation report and the API through ``reporting.dashboard``):

1. the baseline printed in a plan for the region (``indicators.models.Baseline``, 阳江市规划印发的 2020 年基线);
2. the 基线值 the region entered itself for 2020 (十三五期末) — a yearly indicator report for
   ``plans.period.BASELINE_YEAR``, counted only once it is approved (已审核);
3. else the region's own first counted value in an earlier year of the plan period (2021 … year − 1; on a
   roll-up row, the roll-up of its children in that year).

A year equal to the baseline's year stays ``in_progress`` (``compliance.judge``): the first counted year
itself has no earlier value to draw from. Relative targets (比2020年下降10%) name their base year, so only
a printed or an entered baseline resolves them, never a later first value.

Two queries whatever the number of regions (printed, entered); the first counted values come from the
page's one GROUP BY (``needs_first_counted`` says which cells' earlier years it reads).
"""
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy

from indicators.models import Baseline as PrintedBaseline
from indicators.resolution import ResolvedTarget
from lifecycle.models import SubmissionStatus
from plans.governing import in_force
from plans.period import BASELINE_YEAR, PLAN_YEARS

# Django's gettext, cached per language while a matrix is judged (plumbing.wording): a national county
# sheet takes a baseline for 27,000 cells.
from plumbing.wording import gettext as _
from regions.models import Region

from .compliance import ORDERING_COMPARATORS, Baseline
from .models import IndicatorValue


class BaselineKind(models.TextChoices):
    PRINTED = "printed", gettext_lazy("规划印发")
    ENTERED = "entered", gettext_lazy("本地区填报（已审核）")
    FIRST_COUNTED = "first_counted", gettext_lazy("本地区首个填报值")


def first_counted(values_by_year: Mapping[int, Decimal | None], year: int) -> Baseline | None:
    """The region's first counted value in an earlier year of the plan period, as a baseline."""
    first = min((y for y, value in values_by_year.items() if PLAN_YEARS.start <= y < year and value is not None),
                default=None)
    if first is None:
        return None
    # Read in the explanation as "按 本地区首个填报值作为2022 年基线 40 …".
    return Baseline(first, values_by_year[first], _("本地区首个填报值作为"), BaselineKind.FIRST_COUNTED)


def baseline_in_order(*, printed: Baseline | None, entered: Baseline | None,
                      values_by_year: Mapping[int, Decimal | None], year: int, relative: bool = False) -> Baseline | None:
    """The baseline of one region and indicator for ``year``: printed, else entered and approved, else the
    region's first counted value before ``year`` (not for a relative target: 比2020年 names its base year)."""
    if printed is not None:
        return printed
    if entered is not None:
        return entered
    return None if relative else first_counted(values_by_year, year)


def baseline_label(baseline: Baseline) -> str:
    """Which source a baseline comes from, as the evaluation report and the API name it:
    "阳江市规划印发的2020年基线", "本地区填报的2020年基线值（已审核）", "本地区2022年首个填报值"."""
    if baseline.kind == BaselineKind.ENTERED:
        return _("本地区填报的%(year)s年基线值（已审核）") % {"year": baseline.year}
    if baseline.kind == BaselineKind.FIRST_COUNTED:
        return _("本地区%(year)s年首个填报值") % {"year": baseline.year}
    return _("%(source)s%(year)s年基线") % {"source": baseline.source, "year": baseline.year}


def printed_baselines(regions: list[Region], year: int) -> dict[tuple[int, int], Baseline]:
    """(region id, indicator id) → the latest numeric baseline printed before ``year`` by a plan in force that
    year, with its plan (1 query)."""
    facts = {}
    # By id: a national sheet passes 2,976 regions, and Django checks each instance of a ``region__in``.
    for printed in (PrintedBaseline.objects.filter(region_id__in=[region.pk for region in regions], year__lt=year,
                                                   value__isnull=False, other_measure=False)
                    .select_related("source_row__plan__region").order_by("year")):
        if not in_force(printed.source_row.plan, year):
            # Printed by a document that does not govern this year (one loaded with 适用起始年 2024 for
            # 2021–2023): its baseline must not move the earlier years' paths any more than its targets do.
            continue
        source = _("%(plan)s印发的") % {"plan": printed.source_row.plan.short_name}
        facts[(printed.region_id, printed.indicator_id)] = Baseline(printed.year, printed.value, source,
                                                                    BaselineKind.PRINTED)
    return facts


def entered_baselines(regions: list[Region]) -> dict[tuple[int, int], Baseline]:
    """(region id, indicator id) → the 2020 基线值 the region entered, once approved (1 query). A submitted,
    returned or city-approved one is not a baseline yet: it has not been reviewed to the end."""
    values = (IndicatorValue.objects.filter(submission__region_id__in=[region.pk for region in regions],
                                            submission__year=BASELINE_YEAR,
                                            submission__status=SubmissionStatus.APPROVED, value__isnull=False)
              .order_by().values_list("submission__region_id", "indicator_id", "value"))  # no ordering joins
    # Read in the explanation as "按 本地区填报并经审核的2020 年基线 45 …".
    source = _("本地区填报并经审核的")
    return {(region_id, indicator_id): Baseline(BASELINE_YEAR, value, source, BaselineKind.ENTERED)
            for region_id, indicator_id, value in values}


@dataclass
class Baselines:
    """The printed and entered baselines of a page's regions, and the rule's order applied per cell."""

    printed: dict[tuple[int, int], Baseline]
    entered: dict[tuple[int, int], Baseline]

    def has_fixed(self, region_id: int, indicator_id: int) -> bool:
        key = (region_id, indicator_id)
        return key in self.printed or key in self.entered

    def for_cell(self, region_id: int, indicator_id: int, values_by_year: Mapping[int, Decimal | None], year: int,
                 resolved: ResolvedTarget | None) -> Baseline | None:
        relative = bool(resolved and resolved.target and resolved.target.relative)
        key = (region_id, indicator_id)
        return baseline_in_order(printed=self.printed.get(key), entered=self.entered.get(key),
                                 values_by_year=values_by_year, year=year, relative=relative)


def baselines_for(regions: list[Region], year: int) -> Baselines:
    """Both fixed sources for every region of a page: two queries whatever their number."""
    return Baselines(printed_baselines(regions, year), entered_baselines(regions))


def needs_linear_path(resolved: ResolvedTarget | None, year: int) -> bool:
    """The target is printed only for a later year and is an ordering one (≥, ≤ …, not relative): an
    interim year of it is judged on the linear path, which needs a baseline."""
    target = resolved.target if resolved else None
    return bool(target and target.year > year and target.comparator in ORDERING_COMPARATORS
                and target.value is not None and not target.relative and not target.other_measure)


def needs_first_counted(baselines: Baselines, region_id: int, resolved: ResolvedTarget, year: int) -> bool:
    """The region's cell of ``year`` has an interim linear path and neither a printed nor an entered baseline:
    only such a cell reads the region's first counted value (the third source)."""
    return (year > PLAN_YEARS.start  # else no earlier plan year to take a first value from
            and needs_linear_path(resolved, year) and not baselines.has_fixed(region_id, resolved.indicator.pk))

