"""Reads for key-action progress."""
from dataclasses import dataclass

from django.db.models import Prefetch

from actions.models import KeyAction
from plans.models import Plan
from regions.models import Region
from regions.selectors import nearest_region_with_plan

from .models import COUNTED_STATUSES, ActionProgress, ActionReport


@dataclass
class ActionRow:
    action: KeyAction
    progress: ActionProgress | None

    @property
    def item_progress(self) -> dict[int, object]:
        return {p.item_id: p for p in self.progress.items.all()} if self.progress else {}


def governing_plan(region: Region) -> Plan | None:
    plan_region = nearest_region_with_plan(region)
    return plan_region.plans.select_related("region").first() if plan_region else None


def action_report_for(region: Region, year: int) -> ActionReport | None:
    return (ActionReport.objects.filter(region=region, year=year).select_related("updated_by", "reviewed_by")
            .prefetch_related("actions__items", "actions__metrics", "actions__evidence").first())


def action_rows(plan: Plan | None, report: ActionReport | None) -> list[ActionRow]:
    """The plan's key actions as printed, each with this report's progress (fixed query count)."""
    if plan is None:
        return []
    progress = {p.action_id: p for p in report.actions.all()} if report else {}
    actions = plan.key_actions.prefetch_related("items")
    return [ActionRow(action, progress.get(action.pk)) for action in actions]


def action_matrix(region: Region, year: int) -> dict:
    """Child regions × key actions with each action's status (fixed query count).

    Columns are the actions of the plans that govern the children (usually one plan).
    """
    units = [region, *region.children.order_by("code")]
    plan_regions = {r.code: r for r in Region.objects.filter(code__in={c for u in units for c in u.path_codes},
                                                             plans__isnull=False)}
    plans = {p.region.code: p for p in Plan.objects.filter(region__code__in=plan_regions).select_related("region")
             .prefetch_related(Prefetch("key_actions", queryset=KeyAction.objects.order_by("seq")))}
    governing = {}
    for unit in units:
        code = next((c for c in reversed(unit.path_codes) if c in plans), None)
        governing[unit.pk] = plans.get(code)
    reports = {r.region_id: r for r in ActionReport.objects.filter(region__in=units, year=year)
               .prefetch_related("actions__evidence", "actions__items")}
    columns = []
    for plan in dict.fromkeys(p for p in governing.values() if p):
        columns += list(plan.key_actions.all())
    rows = []
    for unit in units:
        report = reports.get(unit.pk)
        # As for indicator values, only submitted or approved reports count; a draft shows as its state.
        counted = report is not None and report.status in COUNTED_STATUSES
        progress = {p.action_id: p for p in report.actions.all()} if counted else {}
        plan = governing[unit.pk]
        rows.append({
            "region": unit, "report": report, "plan": plan,
            "cells": [progress.get(action.pk) if plan and action.plan_id == plan.pk else None for action in columns],
            "applies": [bool(plan and action.plan_id == plan.pk) for action in columns],
        })
    return {"columns": columns, "rows": rows}
