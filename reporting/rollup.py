"""The dashboards' arithmetic on summed values, without the database: ``Sums`` (one group of the page's
GROUP BY, or the total of several), the catalogue's roll-up rule over them, and the index that building a
matrix's cells reads (``index_sums``).
"""
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from indicators.models import Indicator, Rollup

from .compliance import rollup_rate, rollup_share_yes


# slots: a national page holds ~25,000 of them (one per county, indicator and year for like-for-like).
@dataclass(slots=True)
class Sums:
    numerator: Decimal = Decimal(0)
    denominator: Decimal = Decimal(0)
    value: Decimal = Decimal(0)
    value_count: int = 0
    yes_count: int = 0
    reported: int = 0  # regions that reported (a value, or 无法填报)
    region_name: str = ""  # the reporting region's name, on a group of one region's values (like-for-like)

    @staticmethod
    def total(parts: list["Sums"]) -> "Sums":
        """The parts added up in order, field by field (the first part's name kept; one part is its own total)."""
        if len(parts) == 1:
            return parts[0]
        first, rest = parts[0], parts[1:]
        return Sums(sum((part.numerator for part in rest), first.numerator),
                    sum((part.denominator for part in rest), first.denominator),
                    sum((part.value for part in rest), first.value),
                    sum((part.value_count for part in rest), first.value_count),
                    sum((part.yes_count for part in rest), first.yes_count),
                    sum((part.reported for part in rest), first.reported), first.region_name)


def rolled_value(indicator: Indicator, sums: Sums | None) -> Decimal | None:
    """The catalogue's roll-up rule applied to summed values (a single region rolls up to itself)."""
    if sums is None or not sums.value_count:
        return None
    if indicator.rollup == Rollup.RATIO_OF_SUMS:
        return rollup_rate(sums.numerator, sums.denominator)
    if indicator.rollup == Rollup.SHARE_YES:
        return rollup_share_yes(sums.yes_count, sums.value_count)
    if indicator.rollup == Rollup.NONE and sums.value_count != 1:
        return None
    return sums.value


@dataclass
class SumsIndex:
    """The grouped sums of a matrix, indexed by what building its cells asks."""

    this_year: dict[tuple[str, int], Sums]  # (unit path, indicator id) → the unit's total for the page's year
    # (unit path, indicator id) → year → reporting region's path → its sums: only for the cells whose target
    # compares with an earlier year (like-for-like, ``compliance.like_for_like``)
    by_reporter: dict[tuple[str, int], dict[int, dict[str, Sums]]]
    names: dict[str, str]  # reporting region's path → its name, for the like-for-like explanations
    # (unit path, indicator id) → earlier year → the unit's total: only for the cells whose interim path may
    # start at the region's first counted value (rule 2, ``reporting.baselines.needs_first_counted``). Only the
    # earliest year is complete (``dashboard._grouped_sums`` reads each reporting region's first year only).
    earlier: dict[tuple[str, int], dict[int, Sums]]
    # (group path, indicator id) of the page's year with something reported (a value or 无法填报): an
    # entry-level unit's own answers, for what its report owes (``reporting.obligations``)
    reported: set[tuple[str, int]]


class _Totals:
    """Totals of groups' sums per key, in the order the groups stream: a key with one group borrows that
    group's own ``Sums`` (most units of a county-level sheet); a key with several collects them and sums
    each field in one pass at the end (``finish``) — a national sheet's own row totals 2,975 counties per
    indicator, and adding them one ``Sums`` at a time was a twentieth of the export."""

    __slots__ = ("_collected",)

    def __init__(self):
        self._collected: list[tuple[dict, object]] = []  # (totals, key) holding a list of parts

    def add(self, totals: dict, key, part: Sums) -> None:
        held = totals.get(key)
        if held is None:
            totals[key] = part
        elif held.__class__ is list:
            held.append(part)
        else:
            totals[key] = [held, part]
            self._collected.append((totals, key))

    def finish(self) -> None:
        for totals, key in self._collected:
            totals[key] = Sums.total(totals[key])


def index_sums(groups: Iterable[tuple[tuple[str, int, int], Sums]], *, region_path: str, year: int,
               prefix_length: int | None, compared: set[tuple[str, int]],
               first_counted_cells: set[tuple[str, int]] | frozenset = frozenset()) -> SumsIndex:
    """Index ``groups`` (((group path, indicator id, year), sums) pairs: the page's GROUP BY, read once as it
    streams) so that building the cells is linear: each group counts in its unit (the first
    ``prefix_length`` characters of its path, or the group itself) and in the region's own row.

    Only the page's year is totalled (cells show that year; the earlier years serve only like-for-like),
    and the per-reporter index is kept only for the ``compared`` (unit path, indicator id) cells — a national
    page's own row has no plan, and totalled 2,975 counties a year for a comparison nobody asked for.
    The earlier years are totalled per unit only for the ``first_counted_cells`` ((unit path, indicator id)
    whose baseline may be a first counted value): a national sheet's own row has no plan.
    """
    this_year: dict[tuple[str, int], Sums] = {}
    by_reporter: dict[tuple[str, int], dict[int, dict[str, Sums]]] = {}
    names: dict[str, str] = {}
    earlier: dict[tuple[str, int], dict[int, Sums]] = {}
    reported: set[tuple[str, int]] = set()
    totals = _Totals()
    for (group_path, indicator_id, value_year), part in groups:
        unit_path = group_path if prefix_length is None else group_path[:prefix_length]
        if value_year == year and part.reported:
            reported.add((group_path, indicator_id))
        for path in (unit_path,) if unit_path == region_path else (unit_path, region_path):
            key = (path, indicator_id)
            if value_year == year:
                totals.add(this_year, key, part)
            elif key in first_counted_cells:
                totals.add(earlier.setdefault(key, {}), value_year, part)
            if key in compared:
                by_reporter.setdefault(key, {}).setdefault(value_year, {})[group_path] = part
                names[group_path] = part.region_name
    totals.finish()
    return SumsIndex(this_year, by_reporter, names, earlier, reported)
