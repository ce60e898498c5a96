"""The impact of importing a plan document, shown before the admin confirms it (issue 14, rule 6).

For the plan's region and every region below it that enters reports (towns enter none), and for each plan
year: which document governs it and which target applies per indicator, before and after; and every
submitted or approved report whose verdicts would change (indicator reports through ``plans.impact``,
where ``reporting`` registers its verdicts; key-action reports by the document whose key actions apply).

Why a savepoint rather than in-memory objects: the after-state must be judged by the very functions the
pages use (``plans.governing``, ``indicators.resolution``, the dashboards' matrices), which read the
database; rebuilding their inputs in memory would be a second definition of every rule. So the document is
saved inside a savepoint, the after-state read, and the savepoint rolled back: nothing is written, no
audit record either. The confirming service runs the same measurement in its own transaction, so it
applies exactly what was measured, and refuses when that differs from what the admin was shown.
"""
import hashlib
import json
import os
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from actions.models import ActionReport
from indicators.models import LOWEST_ENTRY_LEVEL, Baseline, Indicator
from indicators.resolution import ResolvedTarget, targets_and_governed_for
from lifecycle.models import COUNTED_STATUSES
from plans.governing import governing_plan, plans_on_paths
from plans.impact import JudgedReport, judged_reports
from plans.models import Plan
from plans.period import PLAN_YEARS
from regions.models import Region, in_subtree

from .documents import PlanDocumentError, plan_save_document, validate_document

GOVERNING = ""  # the subject of a change of governing document, beside the indicator codes
KEY_ACTIONS = "key_actions"  # the one "verdict" of a key-action report: whose key actions apply
REGIONS_SHOWN = 20  # a line names this many regions, then says how many more (the token covers all)

Fact = tuple[int, int, str]  # (region id, year, indicator code or GOVERNING)


@dataclass(frozen=True)
class ChangeLine:
    """Regions and years whose governing document or one indicator's target changes alike."""

    regions: tuple[str, ...]
    years: tuple[int, ...]
    subject: str  # "适用规划", or "OH02 职业健康检查覆盖率"
    before: str
    after: str

    @property
    def regions_text(self) -> str:
        shown = "、".join(self.regions[:REGIONS_SHOWN])
        if len(self.regions) <= REGIONS_SHOWN:
            return shown
        return _("%(names)s等 %(count)s 个地区") % {"names": shown, "count": len(self.regions)}

    @property
    def years_text(self) -> str:
        return "、".join(_span(run) for run in _runs(self.years))


@dataclass(frozen=True)
class VerdictChange:
    subject: str
    before: str
    after: str


@dataclass(frozen=True)
class ReportLine:
    """A submitted or approved report that would be judged differently."""

    key: str
    kind: str
    region: str
    year: int
    status_label: str
    version: int  # a report reviewed or edited since the preview (approved meanwhile) changes the token
    changes: tuple[VerdictChange, ...]


@dataclass(frozen=True)
class PlanImpact:
    lines: tuple[ChangeLine, ...]
    reports: tuple[ReportLine, ...]
    region_count: int
    year_count: int
    token: str  # a digest of the document and of everything above: the preview's promise to the confirmation

    @property
    def is_empty(self) -> bool:
        return not self.lines and not self.reports

    @property
    def summary_text(self) -> str:
        if self.is_empty:
            return _("导入本规划不会改变任何地区、任何年度的适用规划或目标，也不会改变任何已提交/已审核报告的判定。")
        return _("将改变 %(regions)s 个地区 %(years)s 个年度的适用规划或目标；%(reports)s 份已提交/已审核的报告判定将改变") % {
            "regions": self.region_count, "years": self.year_count, "reports": len(self.reports)}

    def audit_summary(self) -> dict:
        """What the audit log keeps of the impact the admin confirmed."""
        return {"regions": self.region_count, "years": self.year_count,
                "reports": [f"{line.region} {line.year} {line.kind}" for line in self.reports],
                "token": self.token}


@dataclass(frozen=True)
class _State:
    facts: dict[Fact, str]  # what applies, as the admin reads it
    reports: dict[str, JudgedReport]


def _runs(years: tuple[int, ...]) -> list[list[int]]:
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs


def _span(run: list[int]) -> str:
    return str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}"


def _target_text(resolved: ResolvedTarget) -> str:
    """The target as its source cites it ("揭阳市规划 附表1 第2项 ≥90%"), and a 不作比较 mark."""
    if resolved.row.no_comparison_reason:
        return _("%(source)s（不作比较：%(reason)s）") % {"source": resolved.source_label,
                                                    "reason": resolved.row.no_comparison_reason}
    return resolved.source_label


def affected_regions(region: Region) -> list[Region]:
    """The plan's region and every region below it that enters reports (one query)."""
    return list(Region.objects.subtree_of(region).filter(level__lte=LOWEST_ENTRY_LEVEL).order_by("code"))


def verdict_scope(region: Region, document: dict) -> Region:
    """Where verdicts may change: below the plan's region, and wherever the document — or the plan it
    replaces — prints a baseline (a baseline moves the linear path of the region it names, even one
    outside the plan's region). The nearest region above them all (two queries)."""
    codes = {baseline["region_code"] for row in document["indicators"] for baseline in row["baselines"]}
    paths = [*Region.objects.filter(code__in=codes).values_list("path", flat=True),
             *Baseline.objects.filter(source_row__plan__region=region, source_row__plan__period_start=document["period_start"])
             .values_list("region__path", flat=True)]
    # os.path.commonprefix compares any sequences item by item: here lists of region codes.
    common = os.path.commonprefix([region.path_codes, *([code for code in path.split("/") if code] for path in paths)])
    if not common or common == region.path_codes:
        return region
    return Region.objects.get(code=common[-1])


def _state(region: Region, regions: list[Region], years: list[int], scope: Region) -> _State:
    """What governs and applies in each region and year, and how every counted report is judged.

    Per year a fixed number of queries (the targets, the reports' matrices), whatever the number of regions."""
    plans_by_code = plans_on_paths(regions)
    facts: dict[Fact, str] = {}
    for year in years:
        targets, _governed = targets_and_governed_for(regions, year)
        for unit in regions:
            plan = governing_plan(unit.path_codes, plans_by_code, year)
            facts[(unit.pk, year, GOVERNING)] = plan.display_title if plan else _("无适用规划")
            for code, resolved in targets[unit.pk].items():
                facts[(unit.pk, year, code)] = _target_text(resolved)
    return _State(facts, {**judged_reports(scope, years), **_key_action_reports(region, years, facts)})


def _key_action_reports(region: Region, years: list[int], facts: dict[Fact, str]) -> dict[str, JudgedReport]:
    """Counted key-action reports, "judged" by the document whose key actions apply to their year."""
    reports = {}
    for report in (ActionReport.objects.filter(in_subtree("region__path", region.path), year__in=years,
                                               status__in=COUNTED_STATUSES).select_related("region")):
        governing = facts.get((report.region_id, report.year, GOVERNING))
        if governing is not None:
            key = f"actionreport:{report.pk}"
            reports[key] = JudgedReport(key, str(ActionReport.kind_label), report.region, report.year,
                                        report.get_status_display(), report.version, {KEY_ACTIONS: governing})
    return reports


def _subject_names() -> dict[str, str]:
    names = {code: f"{code} {name}" for code, name in Indicator.objects.values_list("code", "name")}
    return {**names, GOVERNING: _("适用规划"), KEY_ACTIONS: _("适用的重大行动（所依据的规划）")}


def _changed_facts(before: _State, after: _State) -> dict[Fact, tuple[str, str]]:
    changed = {}
    for fact in sorted(before.facts.keys() | after.facts.keys()):
        old, new = before.facts.get(fact, "—"), after.facts.get(fact, "—")
        if old != new:
            changed[fact] = (old, new)
    return changed


def _change_lines(changed: dict[Fact, tuple[str, str]], regions: list[Region], names: dict[str, str]) -> list[ChangeLine]:
    """One line per (years, subject, before → after), with the regions that share it."""
    by_pk = {unit.pk: unit for unit in regions}
    years_of: dict[tuple[int, str, str, str], list[int]] = defaultdict(list)
    for (region_pk, year, subject), (old, new) in changed.items():
        years_of[(region_pk, subject, old, new)].append(year)
    regions_of: dict[tuple[tuple[int, ...], str, str, str], list[Region]] = defaultdict(list)
    for (region_pk, subject, old, new), years in years_of.items():
        regions_of[(tuple(years), subject, old, new)].append(by_pk[region_pk])
    lines = sorted(((key, sorted(units, key=lambda unit: unit.code)) for key, units in regions_of.items()),
                   key=lambda item: (item[0][1], item[1][0].code, item[0][0]))
    return [ChangeLine(tuple(unit.name for unit in units), years, names[subject], old, new)
            for (years, subject, old, new), units in lines]


def _report_lines(before: _State, after: _State, names: dict[str, str]) -> list[ReportLine]:
    lines = []
    for key in sorted(before.reports.keys() | after.reports.keys()):
        old, new = before.reports.get(key), after.reports.get(key)
        report = new or old
        old_verdicts, new_verdicts = (old.verdicts if old else {}), (new.verdicts if new else {})
        changes = tuple(VerdictChange(names.get(subject, subject), old_verdicts.get(subject, "—"),
                                      new_verdicts.get(subject, "—"))
                        for subject in sorted(old_verdicts.keys() | new_verdicts.keys())
                        if old_verdicts.get(subject) != new_verdicts.get(subject))
        if changes:
            lines.append(ReportLine(key, report.kind, report.region.full_name, report.year, report.status_label,
                                    report.version, changes))
    return sorted(lines, key=lambda line: (line.region, line.year, line.kind))


def _token(document: dict, lines: list[ChangeLine], reports: list[ReportLine]) -> str:
    payload = json.dumps([document, [vars(line) for line in lines],
                          [{**vars(line), "changes": [vars(change) for change in line.changes]} for line in reports]],
                         ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def measured_import(document: dict) -> tuple[Plan, bool, PlanImpact]:
    """Save ``document`` and measure what that changed, within the caller's transaction (which decides
    whether it stays: ``plan_import_impact`` always rolls it back)."""
    doc = validate_document(document)
    region = Region.objects.get(code=doc["region_code"])
    regions, years, scope = affected_regions(region), list(PLAN_YEARS), verdict_scope(region, doc)
    before = _state(region, regions, years, scope)
    try:
        plan, changed = plan_save_document(document=doc)
    except ValidationError as error:
        raise PlanDocumentError(error.messages) from error
    except ProtectedError as error:
        # Replacing a plan replaces its key actions, and reported progress protects them (it was a 500).
        raise PlanDocumentError([_("该规划的重大行动已有 %(count)s 条进展记录，导入会整体替换重大行动，故未导入；"
                                   "可另建一份文件（如工作方案）并设适用起始年") % {
                                       "count": len(error.protected_objects)}]) from error
    after = _state(region, regions, years, scope)
    names = _subject_names()
    changed_facts = _changed_facts(before, after)
    lines, reports = _change_lines(changed_facts, regions, names), _report_lines(before, after, names)
    impact = PlanImpact(tuple(lines), tuple(reports), len({region_pk for region_pk, _y, _s in changed_facts}),
                        len({year for _r, year, _s in changed_facts}), _token(doc, lines, reports))
    return plan, changed, impact


def plan_import_impact(document: dict) -> PlanImpact:
    """The impact of importing ``document``, measured by applying it in a savepoint rolled back at once:
    nothing is written (plans, targets, audit)."""
    with transaction.atomic():
        _plan, _changed, impact = measured_import(document)
        transaction.set_rollback(True)
    return impact
