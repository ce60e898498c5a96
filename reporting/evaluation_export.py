"""The evaluation report as Excel: the same figures as the page, in the same colours.

Every text a person typed or a plan printed goes through ``write_text`` (never a formula).
"""
from django.utils.timezone import localtime
from django.utils.translation import gettext
from openpyxl import Workbook

from actions.exports import style_progress
from indicators.models import ValueKind
from plumbing.xlsx import HEADER_FONT, WRAP, fit_row_heights, print_setup, size_columns, write_code, write_text

from .evaluation import EvaluationReport, ProgressCell, RegionProgress
from .exports import STATUS_COLOURS, legend_sheet, style_status, write_rate

TITLE_ROW, HEADER_ROW = 1, 2  # a title line above the frozen header: the sheet still says what it is when printed


def _sheet_start(sheet, title: str, headers: list[str], *, frozen_columns: int = 0) -> None:
    write_text(sheet.cell(row=TITLE_ROW, column=1), title)
    sheet.cell(row=TITLE_ROW, column=1).font = HEADER_FONT
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column)
        write_text(cell, header)
        cell.font = HEADER_FONT
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=frozen_columns + 1)


def indicator_headers(report: EvaluationReport) -> list[str]:
    headers = ["序号", "指标名称", "指标代码", "指标性质", "单位", "基线"]
    for year in report.years:
        headers += [f"{year} 数值", f"{year} 目标"]
    return headers + [f"{report.year} 状态", "判断依据"]


def _indicator_sheet(sheet, report: EvaluationReport) -> None:
    sheet.title = "指标评估"
    headers = indicator_headers(report)
    _sheet_start(sheet, report.title, headers, frozen_columns=3)
    if report.plan is None:
        write_text(sheet.cell(row=HEADER_ROW + 1, column=1), gettext("本系统未加载适用于本地区的规划（本地区及其上级的规划均未加载；这不表示未印发），没有可评估的指标。"))
        return
    for row_number, evaluation in enumerate(report.indicators, start=HEADER_ROW + 1):
        row = evaluation.row
        sheet.cell(row=row_number, column=1, value=row.seq)
        write_text(sheet.cell(row=row_number, column=2), row.printed_name)
        write_code(sheet.cell(row=row_number, column=3), evaluation.code)
        write_text(sheet.cell(row=row_number, column=4), row.nature)
        write_text(sheet.cell(row=row_number, column=5), row.indicator.unit)
        write_text(sheet.cell(row=row_number, column=6), evaluation.baseline_text)
        for index, figure in enumerate(evaluation.figures):
            column = 7 + index * 2
            if figure.is_yes_no and figure.value is not None:  # 是 / 3/4 是（75%）, as on the page, never 100 or 0
                write_text(sheet.cell(row=row_number, column=column), figure.value_display)
            elif figure.value is not None and row.indicator.value_kind == ValueKind.RATE:
                write_rate(sheet.cell(row=row_number, column=column), figure.value)
            elif figure.value is not None:
                sheet.cell(row=row_number, column=column, value=float(round(figure.value, 2)))
            write_text(sheet.cell(row=row_number, column=column + 1), figure.target_text)
        status_column = 7 + len(evaluation.figures) * 2
        status = sheet.cell(row=row_number, column=status_column)
        write_text(status, str(evaluation.verdict.label))
        style_status(status, STATUS_COLOURS[evaluation.status])
        write_text(sheet.cell(row=row_number, column=status_column + 1), evaluation.verdict.explanation)
        sheet.cell(row=row_number, column=status_column + 1).alignment = WRAP
    size_columns(sheet, [6, 40, 8, 8, 8, 14, *[12] * (len(headers) - 8), 10, 60])


def _completeness_sheet(workbook: Workbook, report: EvaluationReport) -> None:
    sheet = workbook.create_sheet("填报进度")
    summary = report.completeness
    _sheet_start(sheet, f"应报 {summary.expected} 个，已提交 {summary.submitted} 个，其中已审核 {summary.approved} 个",
                 ["区划代码", "地区", "所属地级市", "状态", "提交时间", "审核时间", "审核意见"], frozen_columns=2)
    for row_number, row in enumerate(report.completeness_rows, start=HEADER_ROW + 1):
        write_code(sheet.cell(row=row_number, column=1), row.region.code)
        write_text(sheet.cell(row=row_number, column=2), row.region.name)
        write_text(sheet.cell(row=row_number, column=3), row.city_name)
        write_text(sheet.cell(row=row_number, column=4), str(row.state_label))
        for column, moment in ((5, row.submitted_at), (6, row.reviewed_at)):
            if moment:
                # Local time, as the page shows it (stored in UTC).
                write_text(sheet.cell(row=row_number, column=column), localtime(moment).strftime("%Y-%m-%d %H:%M"))
        write_text(sheet.cell(row=row_number, column=7), row.review_comment)
    size_columns(sheet, [10, 14, 14, 10, 17, 17, 50])  # a time "2026-11-29 14:05" needs 16 characters


ACTION_HEADERS = ["标注", "名称", "目标", "内容序号", "行动内容", "区划代码", "地区", "报告状态", "状态", "不适用原因",
                  "进展说明", "进展情况", "数据", "佐证材料"]


def _actions_sheet(workbook: Workbook, report: EvaluationReport) -> None:
    """One row per action × region × content item (the action itself when printed without items)."""
    sheet = workbook.create_sheet("重大行动")
    _sheet_start(sheet, f"{report.title} · 重大行动进展：{report.action_progress_note}", ACTION_HEADERS,
                 frozen_columns=2)
    row_number = HEADER_ROW + 1
    for entry in report.actions:
        items = entry.items or [None]
        for region_progress in entry.regions or [None]:
            cells = region_progress.cells if region_progress else [None] * len(items)
            for item, progress_cell in zip(items, cells, strict=True):
                write_text(sheet.cell(row=row_number, column=1), entry.action.label)
                write_text(sheet.cell(row=row_number, column=2), entry.action.name)
                write_text(sheet.cell(row=row_number, column=3), entry.action.objective)
                if item is not None:
                    sheet.cell(row=row_number, column=4, value=item.seq)
                    write_text(sheet.cell(row=row_number, column=5), item.text)
                if region_progress is not None:
                    _write_progress(sheet, row_number, region_progress, progress_cell)
                row_number += 1
    for column, width in (("B", 30), ("C", 40), ("E", 60), ("G", 12), ("I", 10), ("L", 60), ("M", 30), ("N", 30)):
        sheet.column_dimensions[column].width = width


def _write_progress(sheet, row_number: int, region_progress: RegionProgress, progress_cell: ProgressCell) -> None:
    write_code(sheet.cell(row=row_number, column=6), region_progress.region.code)
    write_text(sheet.cell(row=row_number, column=7), region_progress.region.name)
    write_text(sheet.cell(row=row_number, column=8), region_progress.report_label)
    status = sheet.cell(row=row_number, column=9)
    write_text(status, progress_cell.label)
    style_progress(status, progress_cell.status)
    write_text(sheet.cell(row=row_number, column=10), progress_cell.reason)
    write_text(sheet.cell(row=row_number, column=11), progress_cell.description)
    write_text(sheet.cell(row=row_number, column=12), region_progress.narrative)
    write_text(sheet.cell(row=row_number, column=13), region_progress.metrics_text)
    write_text(sheet.cell(row=row_number, column=14), "; ".join(e.original_name for e in region_progress.evidence))


def evaluation_workbook(report: EvaluationReport) -> Workbook:
    """Sheets 指标评估, 填报进度, 重大行动, 图例 — the title in row 1, the header frozen in row 2."""
    workbook = Workbook()
    workbook.properties.title = report.title
    _indicator_sheet(workbook.active, report)
    _completeness_sheet(workbook, report)
    _actions_sheet(workbook, report)
    legend_sheet(workbook, region=report.region.full_name, year=report.year)
    _layout(workbook, report)
    return workbook


# Per sheet: the columns whose texts wrap, and the columns repeated on every printed page.
WRAPPED_COLUMNS = {"指标评估": ("B", "F"), "填报进度": ("G",), "重大行动": ("B", "C", "E", "J", "K", "L", "M", "N")}
TITLE_COLUMNS = {"指标评估": 3, "填报进度": 2, "重大行动": 2}


def _layout(workbook: Workbook, report: EvaluationReport) -> None:
    """Wrapped long texts with the row heights they need, and the print setup of every sheet but the legend
    (``legend_sheet`` sets its own). Row 1 is the title, row 2 the header: both repeat on every page."""
    for name, letters in WRAPPED_COLUMNS.items():
        sheet = workbook[name]
        for letter in letters:
            for cell in sheet[letter][HEADER_ROW:]:
                cell.alignment = WRAP
        for cell in sheet[HEADER_ROW]:
            cell.alignment = WRAP
        fit_row_heights(sheet, first_row=HEADER_ROW)
        print_setup(sheet, region=report.region.full_name, year=report.year, columns=sheet.max_column,
                    title_rows=HEADER_ROW, title_columns=TITLE_COLUMNS[name])
