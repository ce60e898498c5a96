"""Excel exports of the dashboards: what is on screen, in the same colours, with a legend sheet."""
from django.utils.timezone import localtime
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from plumbing.xlsx import HEADER_FONT, code_cell, fill, text_cell, text_value, write_code, write_text

from .compliance import Status
from .dashboard import Completeness, CompletenessRow, Matrix

STATUS_COLOURS = {  # as in static/css/portal.css
    Status.MET: "198754", Status.NOT_MET: "DC3545", Status.ON_TRACK: "8FD19E", Status.BEHIND: "FD7E14",
    Status.IN_PROGRESS: "9EC5FE", Status.UNDETERMINED: "ADB5BD", Status.NO_DATA: "FFFFFF", Status.NO_TARGET: "F1F3F5",
    Status.NO_PLAN: "FFFFFF",
}


def _header(sheet, titles: list[str]) -> None:
    """The bold first row, frozen with the code and name columns. Written first: a write-only sheet
    writes its view (the frozen panes) and column widths before its first row."""
    sheet.freeze_panes = "C2"
    sheet.append([text_cell(sheet, title, font=HEADER_FONT) for title in titles])


def legend_sheet(workbook: Workbook) -> None:
    """The 图例 sheet every dashboard export ends with (in a write-only workbook too)."""
    sheet = workbook.create_sheet("图例")
    sheet.column_dimensions["C"].width = 60
    _header(sheet, ["状态代码", "状态", "含义"])
    meanings = {
        Status.MET: "达到本年度适用目标（严格按印发的比较符）",
        Status.NOT_MET: "未达到本年度印发的目标",
        Status.ON_TRACK: "中期年度：按基线到终期目标的线性进度，达到应达值",
        Status.BEHIND: "中期年度：低于线性进度应达值",
        Status.IN_PROGRESS: "中期年度：尚未达到终期目标，且无基线可判断进度",
        Status.UNDETERMINED: "目标为“稳步提升/有所下降”，但没有更早的数值可同口径比较，或相对目标缺少基线",
        Status.NO_DATA: "尚无已提交或已审核的数值",
        Status.NO_TARGET: "适用规划对本指标无可比较的目标（或该项标明不作比较）",
        Status.NO_PLAN: "本系统未加载适用于该地区该年度的规划（不表示未印发）",
    }
    for status in Status:
        sheet.append([text_cell(sheet, status.value), text_cell(sheet, str(status.label), fill=fill(STATUS_COLOURS[status])),
                      text_cell(sheet, meanings[status])])


def matrix_workbook(matrix: Matrix, *, parent_column: bool = False) -> Workbook:
    """Sheet 达标情况: region code (text), name, (with ``parent_column``: the region it lies under, for the
    county-level sheet), then per indicator value / status / target / explanation.

    Write-only (rows streamed as they are appended): the county-level sheet of the whole country has
    120,000 cells, and building them all in memory before saving took most of its export time.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("达标情况")
    titles = ["区划代码", "地区", *(["所属上级"] if parent_column else [])]
    for indicator in matrix.indicators:
        titles += [f"{indicator.code} 数值", f"{indicator.code} 状态", f"{indicator.code} 目标", f"{indicator.code} 说明"]
    for column in range(1, len(titles) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 14
    _header(sheet, titles)
    for row in matrix.rows:
        values = [code_cell(sheet, row.region.code), text_value(sheet, row.region.name + ("（汇总）" if row.is_self else ""))]
        if parent_column:
            values.append(None if row.is_self else text_value(sheet, row.region.parent.name))
        cells = {cell.indicator.code: cell for cell in row.cells}
        for indicator in matrix.indicators:
            cell = cells.get(indicator.code)
            if cell is None:
                values += [None] * 4
                continue
            values += [
                None if cell.value is None else float(round(cell.value, 2)),
                text_cell(sheet, str(cell.verdict.label), fill=fill(STATUS_COLOURS[cell.status])),
                text_value(sheet, cell.target_text),
                text_value(sheet, cell.verdict.explanation),
            ]
        sheet.append(values)
    legend_sheet(workbook)
    return workbook


def completeness_workbook(rows: list[CompletenessRow], completeness: Completeness) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "填报进度"
    _header(sheet, ["区划代码", "地区", "所属地级市", "状态", "最后保存", "提交时间", "审核时间", "审核意见"])
    for row_number, row in enumerate(rows, start=2):
        write_code(sheet.cell(row=row_number, column=1), row.region.code)
        write_text(sheet.cell(row=row_number, column=2), row.region.name)
        write_text(sheet.cell(row=row_number, column=3), row.city_name)
        write_text(sheet.cell(row=row_number, column=4), str(row.state_label))
        for column, moment in ((5, row.updated_at), (6, row.submitted_at), (7, row.reviewed_at)):
            if moment:
                # As on the page: local (Asia/Shanghai) time, not the UTC stored in the database.
                write_text(sheet.cell(row=row_number, column=column), localtime(moment).strftime("%Y-%m-%d %H:%M"))
        write_text(sheet.cell(row=row_number, column=8), row.review_comment)
    summary = workbook.create_sheet("汇总")
    _header(summary, ["状态", "数量"])
    for row_number, (state, count) in enumerate(completeness.by_state.items(), start=2):
        write_text(summary.cell(row=row_number, column=1), state)
        summary.cell(row=row_number, column=2, value=count)
    return workbook
