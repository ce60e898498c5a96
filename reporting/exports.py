"""Excel exports of the dashboards: what is on screen, in the same colours, with a legend sheet."""
from decimal import Decimal

from django.utils.timezone import localtime
from openpyxl import Workbook
from openpyxl.cell.cell import WriteOnlyCell

from indicators.models import ValueKind
from plumbing.wording import with_language_pinned
from plumbing.xlsx import (
    HEADER_FONT,
    RawRows,
    StreamedWorkbook,
    code_cell,
    fill,
    print_setup,
    size_columns,
    status_font,
    text_cell,
    write_code,
    write_text,
)

from .completeness import STATE_LABELS, Completeness, CompletenessRow
from .compliance import Status
from .dashboard import Matrix

# (fill, text) as the status badges of static/css/portal.css: the same accessible pairs as the pages
# (white on the dark fills, dark on the light ones).
STATUS_COLOURS = {
    Status.MET: ("198754", "FFFFFF"), Status.NOT_MET: ("DC3545", "FFFFFF"), Status.ON_TRACK: ("8FD19E", "0F3D1F"),
    Status.BEHIND: ("FD7E14", "212529"), Status.IN_PROGRESS: ("9EC5FE", "052C65"),
    Status.UNDETERMINED: ("ADB5BD", "212529"), Status.NO_DATA: ("FFFFFF", "6C757D"),
    Status.NO_TARGET: ("F1F3F5", "495057"),
    Status.NO_PLAN: ("FFFFFF", "495057"),
}
PERCENT_FORMAT = "0.00%"  # a rate stays a number (87.21% is the number 0.8721), as the pages show it
HUNDRED = Decimal(100)


def status_cell(sheet, label: str, colours: tuple[str, str]) -> WriteOnlyCell:
    background, text = colours
    return text_cell(sheet, label, fill=fill(background), font=status_font(text))


def style_status(cell, colours: tuple[str, str]) -> None:
    """A status cell of a normal sheet in the pages' colours."""
    cell.fill, cell.font = fill(colours[0]), status_font(colours[1])


def write_rate(cell, value: Decimal) -> None:
    """A rate stored as a percentage (87.21) written as the number 0.8721 shown as 87.21%."""
    cell.value = float(round(value, 2) / HUNDRED)
    cell.number_format = PERCENT_FORMAT


def _header(sheet, titles: list[str]) -> None:
    """The bold first row, frozen with the code and name columns. Written first: a write-only sheet
    writes its view (the frozen panes) and column widths before its first row."""
    sheet.freeze_panes = "C2"
    sheet.append([text_cell(sheet, title, font=HEADER_FONT) for title in titles])


def legend_sheet(workbook: Workbook, *, region: str, year: int) -> None:
    """The 图例 sheet every dashboard export ends with (in a write-only workbook too)."""
    sheet = workbook.create_sheet("图例")
    size_columns(sheet, [14, 14, 60])
    print_setup(sheet, region=region, year=year, columns=3)
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
        sheet.append([text_cell(sheet, status.value), status_cell(sheet, str(status.label), STATUS_COLOURS[status]),
                      text_cell(sheet, meanings[status])])


@with_language_pinned  # 3,000 是/否 texts on a national sheet: translated once (plumbing.wording)
def matrix_workbook(matrix: Matrix, *, parent_column: bool = False) -> Workbook:
    """Sheet 达标情况: region code (text), name, (with ``parent_column``: the region it lies under, for the
    county-level sheet), then per indicator value / status / target / explanation.

    Write-only (rows streamed as they are appended): the county-level sheet of the whole country has
    120,000 cells, and building them all in memory before saving took most of its export time.
    """
    workbook = StreamedWorkbook()
    sheet = workbook.create_sheet("达标情况")
    titles = ["区划代码", "地区", *(["所属上级"] if parent_column else [])]
    for indicator in matrix.indicators:
        titles += [f"{indicator.code} 数值", f"{indicator.code} 状态", f"{indicator.code} 目标", f"{indicator.code} 说明"]
    size_columns(sheet, [14] * len(titles))
    print_setup(sheet, region=matrix.region.full_name, year=matrix.year, columns=len(titles),
                title_columns=3 if parent_column else 2)
    _header(sheet, titles)
    styles = _MatrixStyles(sheet)
    rates = {indicator.code for indicator in matrix.indicators if indicator.value_kind == ValueKind.RATE}
    rows = workbook.raw_rows(sheet, first_row=2)
    for row in matrix.rows:
        values = [(row.region.code, styles.code), row.region.name + ("（汇总）" if row.is_self else "")]
        if parent_column:
            values.append(None if row.is_self else row.region.parent.name)
        cells = {cell.indicator.code: cell for cell in row.cells}
        for indicator in matrix.indicators:
            cell = cells.get(indicator.code)
            if cell is None:
                values += [None] * 4
                continue
            values += [
                # 是/否 reads as on the page ("是", "3/4 是（75%）"), never 100 or 0; rates as percentages.
                cell.value_text if cell.indicator.value_kind == ValueKind.YES_NO and cell.value is not None
                else _value(cell.value, indicator.code in rates, styles.percent),
                styles.status(cell.status),
                cell.target_text,
                cell.verdict.explanation,
            ]
        rows.append(values)
    legend_sheet(workbook, region=matrix.region.full_name, year=matrix.year)
    return workbook


def _value(value: Decimal | None, is_rate: bool, percent_style: int):
    if value is None:
        return None
    if is_rate:
        return float(round(value, 2) / HUNDRED), percent_style
    return float(round(value, 2))


class _MatrixStyles:
    """The style ids of the matrix's styled cells, registered once (the rows are XML text: ``RawRows``)."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.code = RawRows.style_of(code_cell(sheet, ""))
        percent = WriteOnlyCell(sheet)
        percent.number_format = PERCENT_FORMAT
        self.percent = RawRows.style_of(percent)
        self._statuses: dict[str, tuple[str, int]] = {}

    def status(self, status: str) -> tuple[str, int]:
        if status not in self._statuses:
            label = str(Status(status).label)
            self._statuses[status] = (label, RawRows.style_of(status_cell(self.sheet, label, STATUS_COLOURS[status])))
        return self._statuses[status]


def completeness_workbook(rows: list[CompletenessRow], completeness: Completeness, *, region, year: int) -> Workbook:
    """Sheet 填报进度 (one row per region that reports) and 汇总 (how many in each state, and the total)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "填报进度"
    size_columns(sheet, [10, 14, 14, 10, 17, 17, 17, 40, 16])  # a time "2026-11-29 14:05" needs 16 characters
    _header(sheet, ["区划代码", "地区", "所属地级市", "状态", "最后保存", "提交时间", "审核时间", "审核意见", "期限"])
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
        if row.timeliness is not None:  # the same text as the page: 逾期未报 n 天, 逾期提交 n 天 …
            write_text(sheet.cell(row=row_number, column=9), row.timeliness.text)
    print_setup(sheet, region=region.full_name, year=year, columns=9, title_columns=2)
    summary = workbook.create_sheet("汇总")
    size_columns(summary, [14, 10])
    _header(summary, ["状态", "数量"])
    summary.freeze_panes = "A2"
    states = [state for state in STATE_LABELS if state in completeness.by_state]
    for row_number, state in enumerate(states, start=2):
        write_text(summary.cell(row=row_number, column=1), str(STATE_LABELS[state]))
        summary.cell(row=row_number, column=2, value=completeness.by_state[state])
    total = len(states) + 2
    write_text(summary.cell(row=total, column=1), "合计")
    summary.cell(row=total, column=2, value=completeness.expected)
    summary.cell(row=total, column=1).font = summary.cell(row=total, column=2).font = HEADER_FONT
    print_setup(summary, region=region.full_name, year=year, columns=2)
    return workbook
