"""plumbing.xlsx.RawRows writes a sheet's data rows as XML text (the national 区县明细): whatever a text
holds, the workbook must read back what openpyxl itself would have stored — escaped markup, kept spaces,
control characters dropped, never a formula."""
import io

import openpyxl
import pytest

from plumbing.xlsx import StreamedWorkbook, workbook_bytes

TEXTS = [
    ("a & b <c> \"d\" 'e'", "a & b <c> \"d\" 'e'"),
    ("  两个前导空格", "  两个前导空格"),
    ("尾随空格 ", "尾随空格 "),
    ("\t制表符开头", "\t制表符开头"),
    ("第一行\n第二行", "第一行\n第二行"),
    ("第一行\x0b第二行", "第一行第二行"),
    ("\x01", ""),  # nothing left but the (empty) text
    ("=SUM(A1:A2)", "=SUM(A1:A2)"),
    ("-1", "-1"),
    ("", None),
    ("目标“>90%”：86.56 尚未达到", "目标“>90%”：86.56 尚未达到"),
]


@pytest.mark.parametrize(("text", "stored"), TEXTS)
def test_a_text_reads_back_as_openpyxl_would_store_it(text, stored):
    workbook = StreamedWorkbook()
    sheet = workbook.create_sheet("达标情况")
    sheet.append(["标题", "数"])
    rows = workbook.raw_rows(sheet, first_row=2)
    rows.append([text, 1.5])
    cell, number = openpyxl.load_workbook(io.BytesIO(workbook_bytes(workbook)))["达标情况"]["A2:B2"][0]
    assert cell.value == stored
    assert cell.data_type == ("s" if stored is not None else "n")  # a text, never a formula
    assert number.value == 1.5
