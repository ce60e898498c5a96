"""The 说明 (guide) sheet of the Excel entry workbook (``reporting.entry_excel``)."""
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from plumbing.xlsx import CJK_SANS, WRAP, fit_row_heights, write_code
from regions.models import Region


def write_entry_guide(sheet, region: Region, year: int) -> None:
    """The 说明 sheet of the entry workbook: how to fill the 填报 sheet, wrapped to the page."""
    lines = [
        _("%(region)s（%(code)s）%(year)s 年度职业病防治指标填报表") % {
            "region": region.full_name, "code": region.code, "year": year},
        "",
        _("1. 请在“填报”工作表的浅黄色格子中填写，灰色格子无需填写；指标代码、名称、目标和上年值不能修改。"),
        _("2. 率类指标填写分子和分母（整数），系统自动计算百分比；人数填整数；金额（万元）最多两位小数；"
          "“是/否”类指标在“是/否”列选择。"),
        _("3. 确实无法取得数据的，在“无法填报”列选“是”，并在“原因”列说明，数值留空。"),
        _("4. 与上年相比变化超过 50% 的，请在“数据来源/说明”列注明原因。"),
        _("5. 请直接填写数值，不要使用公式；不要增删行或工作表，不要修改隐藏的“_meta”工作表。"),
        _("6. 上传后系统会检查整个文件，并按单元格（如 E7）列出所有问题；全部无误时才保存为草稿，"
          "提交仍需在网页上操作。"),
        _("7. 本文件只能上传到下载它的地区和年度。若下载后网页上又保存过，请重新下载，以免覆盖他人的修改。"),
    ]
    for number, line in enumerate(lines, start=1):
        if line:
            write_code(sheet.cell(number, 1), line)  # text, never a formula
            sheet.cell(number, 1).alignment = WRAP
    sheet["A1"].font = Font(name=CJK_SANS, bold=True, size=13)
    sheet.column_dimensions["A"].width = 100
    fit_row_heights(sheet)
