"""Excel export of the key-action matrix: regions × key actions, status colours, narratives."""
from openpyxl import Workbook

from plumbing.xlsx import HEADER_FONT, fill, text_cell, write_code, write_text

PROGRESS_COLOURS = {"not_started": "ADB5BD", "in_progress": "9EC5FE", "done": "198754", "not_applicable": "F1F3F5", "": "FFFFFF"}


def action_matrix_workbook(region, year: int, matrix: dict) -> Workbook:
    """Regions × key actions with status colours, the narrative beside each status."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "重大行动进展"
    titles = ["区划代码", "地区", "报告状态"]
    for action in matrix["columns"]:
        titles += [f"{action.label} {action.name}", f"{action.label} 进展情况"]
    sheet.freeze_panes = "C2"
    sheet.append([text_cell(sheet, title, font=HEADER_FONT) for title in titles])
    for row_number, row in enumerate(matrix["rows"], start=2):
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
            status_cell.fill = fill(PROGRESS_COLOURS[status])
            if progress:
                write_text(sheet.cell(row=row_number, column=column + 1), progress.narrative)
    return workbook
