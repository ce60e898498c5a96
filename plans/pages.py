"""What apps above ``plans`` add to the plan pages: a section on a plan's page, a count on the list.

A plan's page shows its indicator table and its key-action boxes, which belong to ``indicators`` and
``actions`` — apps above this one. Each registers its part in its ``AppConfig.ready`` instead of this app
importing upward (the same pattern as ``regions.pages``):

- ``register_plan_section(order=…, template=…, context=f)``, ``f(plan) -> dict | None``;
- ``register_plan_count(order=…, label=…, count=f)``, ``f(plan_ids) -> {plan id: n}`` in one query.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .models import Plan


@dataclass(frozen=True)
class PlanSection:
    order: int
    template: str
    context: Callable[[Plan], dict | None]


@dataclass(frozen=True)
class PlanCount:
    order: int
    label: str
    count: Callable[[list[int]], dict[int, int]]


@dataclass(frozen=True)
class RenderedSection:
    template: str
    context: dict


_sections: dict[str, PlanSection] = {}
_counts: dict[str, PlanCount] = {}


def register_plan_section(*, order: int, template: str, context: Callable[[Plan], dict | None]) -> None:
    _sections[template] = PlanSection(order, template, context)


def register_plan_count(*, order: int, label: str, count: Callable[[list[int]], dict[int, int]]) -> None:
    _counts[str(label)] = PlanCount(order, label, count)


def plan_sections(plan: Plan) -> list[RenderedSection]:
    rendered = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        context = section.context(plan)
        if context is not None:
            rendered.append(RenderedSection(section.template, context))
    return rendered


def plan_counts(plans: Iterable[Plan]) -> tuple[list[str], dict[int, list[int]]]:
    """The registered count columns' labels, and each plan's counts in that order (one query per column)."""
    plan_ids = [plan.pk for plan in plans]
    columns = sorted(_counts.values(), key=lambda c: c.order)
    counted = [column.count(plan_ids) for column in columns]
    return [column.label for column in columns], {pk: [by_plan.get(pk, 0) for by_plan in counted] for pk in plan_ids}
