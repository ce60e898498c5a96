import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .compliance import fmt
from .dashboard import Cell, Matrix


def cell_html(cell: Cell | None, url: str = "") -> str:
    """A matrix cell: value, status colour, and the explanation on hover ("why this colour")."""
    if cell is None:
        return ""
    unit = "%" if cell.indicator.unit == "%" and cell.value is not None else ""
    text = fmt(cell.value) + unit if cell.value is not None else cell.verdict.label
    title = gettext("%(status)s｜%(why)s") % {"status": cell.verdict.label, "why": cell.verdict.explanation}
    if cell.expected > 1:
        title += gettext("｜已报 %(reported)s / 应报 %(expected)s") % {"reported": cell.reported, "expected": cell.expected}
    tag = format_html('<a href="{}" class="cell-link">{}</a>', url, text) if url else text
    return format_html('<span class="cell status-{}" title="{}" data-status="{}">{}</span>', cell.status, title,
                       cell.status, tag)


class CellColumn(tables.Column):
    def __init__(self, code: str, **kwargs):
        self.code = code
        super().__init__(accessor=f"cells__{code}", order_by=(f"sort__{code}",), empty_values=(), **kwargs)

    def render(self, record):
        return cell_html(record["cells"].get(self.code), record["url"])


class ComplianceTable(tables.Table):
    region = tables.Column(verbose_name=_("地区"), accessor="region__name", order_by=("region__code",))
    state = tables.Column(verbose_name=_("填报状态"), accessor="state_label", order_by=("state_label",))

    class Meta:
        attrs = {"class": "table table-sm table-bordered compliance-matrix", "id": "compliance-matrix"}
        orderable = True

    def render_region(self, record):
        return format_html('<a href="{}">{}</a>', record["url"], record["region"].name)


def drill_down_url(region, year: int) -> str:
    """Cities and provinces open their own matrix; a county opens its submission."""
    if region.level >= 3:
        return reverse("reporting:entry", args=[region.code, year])
    return reverse("dashboard:matrix", args=[region.code, year])


def compliance_table(matrix: Matrix) -> ComplianceTable:
    """One row per child region, one column per indicator; sortable by value."""
    data = []
    for row in matrix.children:
        cells = {cell.indicator.code: cell for cell in row.cells}
        data.append({
            "region": row.region,
            "url": drill_down_url(row.region, matrix.year),
            "state_label": row.submission.get_status_display() if row.submission else _("未开始"),
            "cells": cells,
            "sort": {code: (-1 if cell.value is None else float(cell.value)) for code, cell in cells.items()},
        })
    extra = [(indicator.code, CellColumn(indicator.code, verbose_name=indicator.code)) for indicator in matrix.indicators]
    return ComplianceTable(data, extra_columns=extra)
