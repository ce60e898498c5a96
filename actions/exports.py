"""Excel export of the key-action matrix: regions × key actions, status colours, narratives."""
from openpyxl import Workbook

from plumbing.xlsx import (
    HEADER_FONT,
    WRAP,
    fill,
    fit_row_heights,
    print_setup,
    size_columns,
    status_font,
    write_code,
    write_text,
)

# (fill, text) as .progress-* and .status-not_started in static/css/portal.css ("" is not reported yet).
PROGRESS_COLOURS = {"not_started": ("ADB5BD", "212529"), "in_progress": ("9EC5FE", "052C65"),
                    "done": ("198754", "FFFFFF"), "not_applicable": ("F1F3F5", "495057"), "": ("FFFFFF", "6C757D")}
STATUS_WIDTH, NARRATIVE_WIDTH = 14, 40
HEADER_ROWS = 2  # the documents, then the key actions


def style_progress(cell, status: str) -> None:
    background, text = PROGRESS_COLOURS[status]
    cell.fill, cell.font = fill(background), status_font(text)


def action_matrix_workbook(region, year: int, matrix: dict) -> Workbook:
    """Regions × key actions with status colours, the narrative beside each status. The first row names
    the document of each group of key actions (two documents' 专栏1–4 never read as one), the second the
    actions; the regions follow."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "重大行动进展"
    titles = ["区划代码", "地区", "报告状态"]
    for action in matrix["columns"]:
        titles += [f"{action.label} {action.name}", f"{action.label} 进展情况"]
    sheet.freeze_panes = "C3"
    size_columns(sheet, [10, 14, 10, *[STATUS_WIDTH, NARRATIVE_WIDTH] * len(matrix["columns"])])
    _write_document_groups(sheet, matrix["groups"])
    for column, title in enumerate(titles, start=1):
        header = sheet.cell(row=HEADER_ROWS, column=column)
        write_text(header, title)
        header.font, header.alignment = HEADER_FONT, WRAP
    for row_number, row in enumerate(matrix["rows"], start=HEADER_ROWS + 1):
        write_code(sheet.cell(row=row_number, column=1), row["region"].code)
        write_text(sheet.cell(row=row_number, column=2), row["region"].name)
        write_text(sheet.cell(row=row_number, column=3), row["report"].get_status_display() if row["report"] else "未开始")
        for index, (progress, applies) in enumerate(zip(row["cells"], row["applies"], strict=True)):
            column = 4 + index * 2
            if not applies:
                write_text(sheet.cell(row=row_number, column=column), "不适用本规划")
                continue
            status_cell = sheet.cell(row=row_number, column=column)
            status = progress.status if progress else ""
            write_text(status_cell, progress.get_status_display() if progress and status else "未填报")
            style_progress(status_cell, status)
            if progress:
                write_text(sheet.cell(row=row_number, column=column + 1), progress.narrative)
                sheet.cell(row=row_number, column=column + 1).alignment = WRAP
    fit_row_heights(sheet)
    print_setup(sheet, region=region.full_name, year=year, columns=len(titles), title_rows=HEADER_ROWS,
                title_columns=2)
    return workbook


def _write_document_groups(sheet, groups) -> None:
    """Row 1: each document's label (``Plan.document_label``) merged over its key actions' columns."""
    write_text(sheet.cell(row=1, column=1), "规划文件")
    sheet.cell(row=1, column=1).font = HEADER_FONT
    first = 4
    for group in groups:
        last = first + 2 * len(group.actions) - 1
        label = sheet.cell(row=1, column=first)
        write_text(label, group.label)
        label.font, label.alignment = HEADER_FONT, WRAP
        if last > first:
            sheet.merge_cells(start_row=1, start_column=first, end_row=1, end_column=last)
        first = last + 1
