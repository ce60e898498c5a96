"""A control character in user text must not break an Excel export.

openpyxl refuses control characters other than tab/LF/CR in a cell (IllegalCharacterError). A vertical
tab is what Word puts on the clipboard for a manual line break (Shift+Enter), so a pasted note or review
comment can carry one; ``reporting.xlsx.write_text`` drops such characters.
"""
import pytest
from openpyxl import Workbook

from plumbing.xlsx import write_text


@pytest.mark.parametrize("text, stored", [("第一行\x0b第二行", "第一行第二行"), ("=1+1\x0b", "=1+1"),
                                          ("表格\x0c分页", "表格分页"), ("\x1b[31m", "[31m")])
def test_write_text_drops_control_characters(text, stored):
    cell = Workbook().active["A1"]
    write_text(cell, text)
    assert (cell.value, cell.data_type) == (stored, "s")


@pytest.mark.django_db
def test_a_note_pasted_with_a_word_line_break_does_not_break_the_excel_download(client, yangchun_officer):
    client.force_login(yangchun_officer)
    saved = client.post("/reporting/441781/2024/", {"version": "0", "OH02-numerator": "45", "OH02-denominator": "50",
                                                    "OH02-note": "卫健局统计\x0b2024年报", "save": "1"})
    assert saved.status_code == 302  # the form accepts it

    client.raise_request_exception = False
    assert client.get("/reporting/441781/2024/excel/").status_code == 200
