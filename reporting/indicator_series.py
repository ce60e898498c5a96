"""Reads for the indicator page: one indicator of one region over the plan years, and its children
ranked for one year — plain JSON-able data for the charts and the table under them.

Every value, target and status comes from ``compliance_matrix`` (the one place that rolls values up
and judges them), once per year: a fixed number of queries however many children the region has.
"""
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.display import value_text, with_unit
from indicators.models import Baseline, Indicator
from indicators.targets import DIRECTIONS
from plans.period import PLAN_YEARS
from plumbing.numbers import small_int
from regions.models import Region

from .baselines import baseline_label, entered_baselines
from .compliance import Baseline as BaselineFact
from .compliance import judge
from .dashboard import Cell, compliance_matrix

# Shown when no year has data yet, and when ``?year=`` is not a plan year.
DEFAULT_RANKING_YEAR = 2024


def ranking_year_from(raw: str | None) -> int | None:
    """``?year=`` as a plan year; None when absent (the page picks the latest year with data)."""
    if raw is None or raw == "":
        return None
    year = small_int(raw)
    return year if year in PLAN_YEARS else DEFAULT_RANKING_YEAR


def _number(value: Decimal | None) -> float | None:
    """Two decimals are all a chart can show; the table prints ``fmt`` of the exact value."""
    return None if value is None else float(value.quantize(Decimal("0.01")))


def _target(cell: Cell | None) -> dict | None:
    if cell is None or cell.resolved is None or cell.resolved.target is None:
        return None
    target = cell.resolved.target
    # Only a printed number can be drawn; "稳步提升", relative targets and other measures are shown as text.
    drawable = (target.value is not None and not target.other_measure and not target.relative
                and target.comparator not in ("", *DIRECTIONS))
    return {
        "text": target.text, "comparator": target.comparator, "value": _number(target.value) if drawable else None,
        "year": target.year, "printed_for_year": cell.resolved.printed_for_year, "source": cell.resolved.source_label,
    }


def _point(cell: Cell | None, indicator: Indicator, year: int) -> dict:
    """One region-year: value, the target it was judged against and the verdict with its reason."""
    # An indicator no plan of the page sets a target for is absent from the matrix: judge it as such.
    verdict = cell.verdict if cell else judge(value=None, year=year, target=None)
    value = cell.value if cell else None
    display = with_unit(cell.value_text, indicator.value_kind, indicator.unit) if cell else "—"
    return {
        "year": year, "value": _number(value), "display": display, "target": _target(cell),
        "status": str(verdict.status), "status_label": str(verdict.label), "explanation": verdict.explanation,
        "expected": _number(verdict.expected),
        "expected_display": with_unit(value_text(indicator.value_kind, verdict.expected), indicator.value_kind,
                                      indicator.unit),
        # A rolled-up value is a sum of what was reported: its coverage says over how many regions.
        "reported_children": cell.reported if cell else 0, "expected_children": cell.expected if cell else 0,
    }


def _baseline(region: Region, indicator: Indicator, first_year: int) -> dict | None:
    """The latest baseline printed before the plan period (a number rather than "/" when both exist), else
    the region's own approved 2020 基线值 (rule 2's second source; 2 queries either way)."""
    baselines = list(Baseline.objects.filter(region=region, indicator=indicator, year__lt=first_year)
                     .order_by("-year", "pk"))
    entered = entered_baselines([region]).get((region.pk, indicator.pk))
    if entered and not any(b.value is not None and not b.other_measure for b in baselines):
        return _entered(entered, indicator)  # as the verdicts do: a printed "/" draws no path
    if not baselines:
        return None
    latest = [b for b in baselines if b.year == baselines[0].year]
    baseline = next((b for b in latest if b.value is not None and not b.other_measure), latest[0])
    value = None if baseline.other_measure else baseline.value
    why = _("规划印发的 %(year)s 年基线：“%(text)s”") % {"year": baseline.year, "text": baseline.text}
    if baseline.other_measure:
        why += _("（口径不同，不作比较）")
    display = with_unit(value_text(indicator.value_kind, value), indicator.value_kind, indicator.unit)
    return {"year": baseline.year, "value": _number(value), "display": display, "text": baseline.text,
            "explanation": why}


def _entered(entered: BaselineFact, indicator: Indicator) -> dict:
    display = with_unit(value_text(indicator.value_kind, entered.value), indicator.value_kind, indicator.unit)
    return {"year": entered.year, "value": _number(entered.value), "display": display, "text": display,
            "explanation": baseline_label(entered)}


def _child_row(cell: Cell | None, indicator: Indicator, region: Region, year: int) -> dict:
    return {"code": region.code, "name": region.name, **_point(cell, indicator, year)}


def indicator_series(region: Region, indicator: Indicator, years: Iterable[int] = PLAN_YEARS,
                     *, ranking_year: int | None = None) -> dict:
    """The region's own values, targets and statuses per year (with its baseline), and its children
    ranked by value for ``ranking_year`` (default: the latest year with any value, else 2024).

    Queries: the baseline (printed, entered), then ``compliance_matrix`` once per year (a fixed number each).
    """
    years = list(years)
    baseline = _baseline(region, indicator, years[0])
    matrices = {year: compliance_matrix(region, year) for year in years}
    points = [_point(matrices[year].own.cell(indicator.code), indicator, year) for year in years]

    def has_data(year: int) -> bool:
        return any(cell is not None and cell.value is not None
                   for cell in (row.cell(indicator.code) for row in matrices[year].rows))

    if ranking_year not in matrices:
        ranking_year = max((year for year in years if has_data(year)), default=DEFAULT_RANKING_YEAR)
    rows = matrices[ranking_year].children if ranking_year in matrices else []
    children = [_child_row(row.cell(indicator.code), indicator, row.region, ranking_year) for row in rows]
    # Best first (highest, or lowest where lower is better); regions without a value last, in code order.
    sign = -1 if indicator.higher_is_better else 1
    children.sort(key=lambda row: (row["value"] is None, sign * (row["value"] or 0)))
    return {
        "region": {"code": region.code, "name": region.name},
        "indicator": {"code": indicator.code, "name": indicator.name, "unit": indicator.unit},
        "baseline": baseline,
        "points": points,
        "ranking": {"year": ranking_year, "children": children},
    }
