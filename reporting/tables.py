import django_tables2 as tables
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .completeness import Completeness
from .compliance import Status
from .dashboard import Cell, Matrix

# Shown beside each status colour, so that a status reads without colour (WCAG 1.4.1) and in print.
STATUS_SYMBOLS = {
    Status.MET: "✓", Status.NOT_MET: "✗", Status.ON_TRACK: "↗", Status.BEHIND: "↘",
    Status.IN_PROGRESS: "…", Status.UNDETERMINED: "?", Status.NO_DATA: "–", Status.NO_TARGET: "∅",
    Status.NO_PLAN: "○",
}


class CellRenderer:
    """Draws matrix cells: a status symbol and colour, the value, and the "why this colour" as a
    ``<details>`` disclosure that opens by click, tap or keyboard and that screen readers announce
    (a hover ``title`` alone is out of reach for touch and keyboard users).

    One per page: the status labels and the wording are translated once here rather than for each of
    a page's cells (a translation lookup goes through a context-local per call, which on a province
    page of 220 cells cost more than the cells' own HTML).
    """

    def __init__(self):
        self.labels = {status: str(status.label) for status in Status}
        self.title = gettext("%(status)s｜%(why)s")
        self.reported = gettext("｜已报 %(reported)s / 应报 %(expected)s")
        self.why_label = gettext("判断依据")

    def html(self, cell: Cell | None, url: str = "") -> str:
        if cell is None:
            return ""
        label = self.labels[cell.status]
        text = cell.value_text if cell.value is not None else label
        title = self.title % {"status": label, "why": cell.verdict.explanation}
        if cell.expected > 1:
            title += self.reported % {"reported": cell.reported, "expected": cell.expected}
        # The status is spoken once: the symbol is hidden from screen readers, which hear the label.
        status = (f'<span class="status-symbol" aria-hidden="true">{STATUS_SYMBOLS[cell.status]}</span>'
                  + ("" if cell.value is None else f'<span class="visually-hidden">{escape(label)} </span>'))
        tag = f'<a href="{escape(url)}" class="cell-link">{escape(text)}</a>' if url else escape(text)
        why = (f'<details class="cell-why"><summary title="{escape(self.why_label)}">'
               f'<span aria-hidden="true">ⓘ</span><span class="visually-hidden">{escape(self.why_label)}'
               f' {escape(cell.indicator.code)}</span></summary>'
               f'<div class="cell-why-text" role="note">{escape(title)}</div></details>')
        # Plain escaping and one mark_safe: format_html per cell was a measurable part of a province page.
        return mark_safe(f'<span class="cell status-{cell.status}" title="{escape(title)}" '  # noqa: S308 — every part escaped
                         f'data-status="{cell.status}">{status}{tag}</span>{why}')

    def row_html(self, cells: list[Cell | None], url: str) -> str:
        """A row's cells as ``<td>``s, joined here rather than looped over in the template."""
        return mark_safe("".join(f"<td>{self.html(cell, url)}</td>" for cell in cells))  # noqa: S308 — html() escapes


def indicator_short_name(indicator) -> str:
    """The name as a column header can hold it: the first 12 characters (the full name is its title)."""
    return Truncator(indicator.name).chars(12)


def indicator_header(indicator) -> str:
    """A column header that names the indicator (its code alone means nothing to a reader); the
    name is data from the plans and stays Chinese in the English interface."""
    short = indicator_short_name(indicator)
    return format_html('{}<div class="small fw-normal" lang="zh-Hans" title="{}">{}</div>',
                       indicator.code, indicator.name, short)


class ComplianceTable(tables.Table):
    """Sorting and pagination come from django-tables2; the body is drawn by
    templates/dashboard/_matrix_table.html from HTML built once per row (``cells_html``), because
    rendering each cell through a column's ``render`` costs an ``inspect.signature`` per cell — as much
    as the roll-up itself on a province page (docs/benchmarks.md, finding A)."""

    region = tables.Column(verbose_name=_("地区"), accessor="region__name", order_by=("region__code",))
    state = tables.Column(verbose_name=_("填报状态"), accessor="state_label", order_by=("state_label",))

    class Meta:
        orderable = True


def drill_down_url(region, year: int) -> str:
    """Cities and provinces open their own matrix; a county opens its submission."""
    if region.level >= 3:
        return reverse("reporting:entry", args=[region.code, year])
    return reverse("dashboard:matrix", args=[region.code, year])


def state_label(row, by_child: dict[str, Completeness]) -> str:
    """A county's own submission state; above counties, its counties' (已提交 n / m，已审核 k)."""
    if row.region.level < 3:
        counties = by_child.get(row.region.path)
        if counties is None or not counties.expected:
            return gettext("无应报区县")
        return gettext("已提交 %(n)s / %(m)s，已审核 %(a)s") % {
            "n": counties.submitted, "m": counties.expected, "a": counties.approved}
    return row.submission.get_status_display() if row.submission else gettext("未开始")


def compliance_table(matrix: Matrix, renderer: CellRenderer,
                     by_child: dict[str, Completeness] | None = None) -> ComplianceTable:
    """One row per child region, one column per indicator; sortable by value."""
    data = []
    for row in matrix.children:
        cells = {cell.indicator.code: cell for cell in row.cells}
        url = drill_down_url(row.region, matrix.year)
        data.append({
            "region": row.region,
            "url": url,
            "state_label": state_label(row, by_child or {}),
            "cells_html": renderer.row_html([cells.get(indicator.code) for indicator in matrix.indicators], url),
            "sort": {code: (-1 if cell.value is None else float(cell.value)) for code, cell in cells.items()},
        })
    extra = [(indicator.code, tables.Column(verbose_name=indicator_header(indicator), accessor=f"sort__{indicator.code}"))
             for indicator in matrix.indicators]
    return ComplianceTable(data, extra_columns=extra)
