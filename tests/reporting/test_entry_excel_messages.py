"""What an upload of the entry sheet says when a cell holds a percentage or a formula (issue 18)."""
import pytest

from reporting.entry_excel import ENTRY_SHEET
from reporting.models import IndicatorValue, Submission
from tests.reporting.test_entry_excel import download, edited, filled, upload

pytestmark = pytest.mark.django_db
RATE_HINT = "E3：分子请填写整数人数（或家数），不要填写百分比；百分比由系统按分子 ÷ 分母计算"


def test_a_percentage_typed_as_text_into_a_numerator_says_what_to_type(client, yangchun_officer):
    client.force_login(yangchun_officer)
    response = upload(client, filled(download(client), {"E3": "85%", "F3": 100}))
    assert response.context["errors"] == [RATE_HINT]
    assert not IndicatorValue.objects.exists()


def test_a_percentage_the_spreadsheet_turned_into_a_number_says_the_same(client, yangchun_officer):
    """Excel, WPS and LibreOffice store a typed 85% as the number 0.85 in a percentage format."""
    def typed_percentage(workbook):
        cell = workbook[ENTRY_SHEET]["E3"]
        cell.value, cell.number_format = 0.85, "0%"
        workbook[ENTRY_SHEET]["F3"] = 100

    client.force_login(yangchun_officer)
    assert upload(client, edited(download(client), typed_percentage)).context["errors"] == [RATE_HINT]


def test_a_percent_sign_in_a_count_cell_says_to_type_the_number(client, yangchun_officer):
    client.force_login(yangchun_officer)
    assert upload(client, filled(download(client), {"G2": "12%"})).context["errors"] == ["G2：人数请直接填写数字，不要带百分号"]


def test_a_formula_does_not_hide_the_other_problems_of_its_row(client, yangchun_officer):
    client.force_login(yangchun_officer)
    response = upload(client, filled(download(client), {"E3": "=40+5", "G3": 9, "I3": "不知道"}))
    assert response.context["errors"] == ["E3：不允许使用公式，请直接填写数值或文字", "G3：指标 OH02 不填写“数值”，请清空此格",
                                          "I3：“无法填报”请选择“是”或留空"]
    assert not Submission.objects.exists()


def test_the_rules_of_a_row_with_a_formula_are_checked_on_its_other_cells(client, yangchun_officer):
    client.force_login(yangchun_officer)
    response = upload(client, filled(download(client), {"E3": "=40+5", "F3": "五十"}))
    assert response.context["errors"] == ["E3：不允许使用公式，请直接填写数值或文字", "F3：分母只能填写数字"]
