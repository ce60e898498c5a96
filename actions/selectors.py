"""Reads for key-action progress."""
from dataclasses import dataclass

from django.db.models import Count

from lifecycle.models import COUNTED_STATUSES
from plans.governing import governing_plan, governing_plan_for, plans_on_paths
from plans.models import Plan
from regions.models import Region

from .documents import document_changed, report_document
from .models import ActionProgress, ActionReport, KeyAction


@dataclass
class ActionRow:
    action: KeyAction
    progress: ActionProgress | None

    @property
    def item_progress(self) -> dict[int, object]:
        return {p.item_id: p for p in self.progress.items.all()} if self.progress else {}


def action_report_for(region: Region, year: int) -> ActionReport | None:
    return (ActionReport.objects.filter(region=region, year=year)
            .select_related("updated_by", "reviewed_by", "plan__region")
            .prefetch_related("actions__items", "actions__metrics", "actions__evidence").first())


@dataclass
class ActionPage:
    """What a region's key-action page shows for a year: the report, the document it answers
    (``actions.documents.report_document``) and whether a draft's document changed since it was saved."""

    report: ActionReport | None
    plan: Plan | None
    governing: Plan | None

    @property
    def document_changed(self) -> bool:
        return document_changed(self.report, self.governing)

    @property
    def previous_plan(self) -> Plan | None:
        return self.report.plan if self.document_changed else None


def action_page(region: Region, year: int) -> ActionPage:
    """The report of ``region`` for ``year`` and the document it answers (the report's own once
    submitted, else the one that governs now)."""
    report, governing = action_report_for(region, year), governing_plan_for(region, year)
    return ActionPage(report, report_document(report, governing), governing)


def action_rows(plan: Plan | None, report: ActionReport | None) -> list[ActionRow]:
    """The plan's key actions as printed, each with this report's progress (fixed query count)."""
    if plan is None:
        return []
    progress = {p.action_id: p for p in report.actions.all()} if report else {}
    actions = plan.key_actions.prefetch_related("items")
    return [ActionRow(action, progress.get(action.pk)) for action in actions]


@dataclass
class DocumentGroup:
    """The key actions of one document, as one labelled group of the matrix's columns."""

    plan: Plan
    actions: list[KeyAction]

    @property
    def label(self) -> str:
        return self.plan.document_label


def documents_for(units: list[Region], year: int, reports: dict[int, ActionReport]) -> dict[int, Plan | None]:
    """Region id → the document each unit's key-action progress for ``year`` answers, given its report
    (``reports``: region id → report; ``actions.documents.report_document``), with one query for the plans."""
    plans_by_code = plans_on_paths(units)
    return {unit.pk: report_document(reports.get(unit.pk), governing_plan(unit.path_codes, plans_by_code, year))
            for unit in units}


def action_matrix(region: Region, year: int) -> dict:
    """Child regions × key actions with each action's status (fixed query count).

    Columns are the actions of the documents the rows answer — a row's report's own document once
    submitted, else the plan that governs it (``actions.documents.report_document``) — grouped by
    document (``groups``), so that two documents' 专栏1–4 never read as one.
    """
    units = [region, *region.children.valid_in(year).order_by("code")]  # not a region that does not exist that year
    reports = {r.region_id: r for r in ActionReport.objects.filter(region__in=units, year=year)
               .select_related("plan__region").prefetch_related("actions__evidence", "actions__items")}
    documents = documents_for(units, year, reports)
    key_actions: dict[int, list[KeyAction]] = {}
    for action in KeyAction.objects.filter(plan__in={p.pk for p in documents.values() if p}).order_by("plan", "seq"):
        key_actions.setdefault(action.plan_id, []).append(action)
    groups = [DocumentGroup(plan, key_actions.get(plan.pk, []))
              for plan in dict.fromkeys(p for p in documents.values() if p)]
    columns = [action for group in groups for action in group.actions]
    rows = []
    for unit in units:
        report = reports.get(unit.pk)
        # As for indicator values, only submitted or approved reports count; a draft shows as its state.
        counted = report is not None and report.status in COUNTED_STATUSES
        progress = {p.action_id: p for p in report.actions.all()} if counted else {}
        plan = documents[unit.pk]
        rows.append({
            "region": unit, "report": report, "plan": plan,
            "cells": [progress.get(action.pk) if plan and action.plan_id == plan.pk else None for action in columns],
            "applies": [bool(plan and action.plan_id == plan.pk) for action in columns],
        })
    return {"columns": columns, "groups": [group for group in groups if group.actions], "rows": rows}


def plan_key_actions(plan: Plan) -> dict:
    """A plan's key-action boxes as printed, with their content items (two queries)."""
    return {"plan": plan, "key_actions": list(plan.key_actions.prefetch_related("items"))}


def key_action_counts(plan_ids: list[int]) -> dict[int, int]:
    """How many key actions each plan prints (one query)."""
    return dict(KeyAction.objects.filter(plan__in=plan_ids).values("plan").annotate(n=Count("id"))
                .values_list("plan", "n"))
