"""The Excel entry sheet: download, fill, upload; refused workbooks write nothing; who may do what."""
import datetime
import io
import os
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Indicator
from lifecycle.models import SubmissionStatus
from plumbing.xlsx import workbook_bytes
from regions.models import Region
from reporting.entry_excel import ENTRY_SHEET, META_SHEET, TEMPLATE_VERSION, entry_workbook
from reporting.entry_upload import read_entry_workbook
from reporting.models import IndicatorValue, Submission
from reporting.selectors import entry_rows

pytestmark = pytest.mark.django_db

YANGCHUN, YEAR = "441781", 2024
# 阳春市 2024 (阳江's plan, county-level rows), one sheet row each, in this order from row 2.
CODES = ["OH01", "OH02", "OH03", "OH04", "OH05", "OH06", "OH07", "OH09", "OH10"]
ROW = {code: number for number, code in enumerate(CODES, start=2)}


def download_url(code=YANGCHUN, year=YEAR):
    return reverse("reporting:entry_excel", args=[code, year])


def upload_url(code=YANGCHUN, year=YEAR):
    return reverse("reporting:entry_excel_upload", args=[code, year])


def download(client, code=YANGCHUN, year=YEAR) -> bytes:
    response = client.get(download_url(code, year))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def upload(client, data: bytes, name="441781_2024_填报.xlsx", code=YANGCHUN, year=YEAR):
    return client.post(upload_url(code, year), {"workbook": SimpleUploadedFile(name, data)})


def edited(data: bytes, edit) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    edit(workbook)
    return workbook_bytes(workbook)


def filled(data: bytes, cells: dict) -> bytes:
    """``data`` with cells of the 填报 sheet set, e.g. {"E3": 45}."""
    def edit(workbook):
        for coordinate, value in cells.items():
            workbook[ENTRY_SHEET][coordinate] = value
    return edited(data, edit)


def meta_set(key: str, value):
    def edit(workbook):
        sheet = workbook[META_SHEET]
        for (cell_key, cell_value) in sheet.iter_rows(min_row=1, max_col=2):
            if cell_key.value == key:
                cell_value.value = value
    return edit


def zip_with(data: bytes, extra: dict[str, bytes]) -> bytes:
    """An xlsx with extra members added (deflated), as a crafted upload would carry them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        for name, content in extra.items():
            target.writestr(name, content)
    return buffer.getvalue()


def oversized(data: bytes) -> bytes:
    """A genuine workbook over 2 MB: a sheet of random (poorly compressible) text."""
    def edit(workbook):
        sheet = workbook.create_sheet("附件")
        for number in range(1, 161):
            sheet.cell(number, 1, os.urandom(16_000).hex())
    spoiled = edited(data, edit)
    assert len(spoiled) > 2 * 1024 * 1024
    return spoiled


def sparse_bytes(size: int) -> bytes:
    """Mostly zeros with a few random bytes: compresses about 30:1, below the ratio limit."""
    table = bytes(value if value < 5 else 0 for value in range(256))
    return os.urandom(size).translate(table)


def zip_bomb(data: bytes, member: bytes) -> bytes:
    spoiled = zip_with(data, {"xl/media/image1.bin": member})
    assert len(spoiled) <= 2 * 1024 * 1024  # the size limit alone would not stop it
    return spoiled


GOOD = {f"G{ROW['OH01']}": 120000, f"E{ROW['OH02']}": 45, f"F{ROW['OH02']}": 50, f"H{ROW['OH09']}": "是",
        f"I{ROW['OH06']}": "是", f"J{ROW['OH06']}": "辖区无尘肺病患者集中乡镇", f"K{ROW['OH01']}": "医保局年报"}


def stored() -> dict:
    return {value.indicator.code: (value.numerator, value.denominator, value.value, value.not_applicable)
            for value in IndicatorValue.objects.select_related("indicator")}


# --- the happy path --------------------------------------------------------------------------

def test_officer_downloads_fills_and_uploads_the_sheet_as_a_draft(client, yangchun_officer):
    client.force_login(yangchun_officer)
    response = upload(client, filled(download(client), GOOD))
    assert response.status_code == 302 and response.url == reverse("reporting:entry", args=[YANGCHUN, YEAR])
    submission = Submission.objects.get(region__code=YANGCHUN, year=YEAR)
    assert submission.status == SubmissionStatus.DRAFT and submission.updated_by == yangchun_officer
    assert stored() == {
        "OH01": (None, None, Decimal(120000), False),
        "OH02": (Decimal(45), Decimal(50), Decimal(90), False),
        "OH06": (None, None, None, True),
        "OH09": (None, None, Decimal(100), False),
    }
    assert IndicatorValue.objects.get(indicator__code="OH01").note == "医保局年报"
    assert {record.history_user for record in IndicatorValue.history.all()} == {yangchun_officer}
    page = client.get(response.url)
    assert "已从 Excel 填报表导入" in page.content.decode()


def test_download_is_the_protected_prefilled_sheet_of_the_region(client, yangchun_officer):
    client.force_login(yangchun_officer)
    upload(client, filled(download(client), GOOD))
    response = client.get(download_url())
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "441781_2024_" in response["Content-Disposition"] and "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == [ENTRY_SHEET, "说明", META_SHEET]
    sheet, meta = workbook[ENTRY_SHEET], workbook[META_SHEET]
    assert [cell.value for cell in sheet[1]] == ["指标代码", "指标名称", "目标（来源）", "上年值", "分子", "分母", "数值",
                                                 "是/否", "无法填报", "原因", "数据来源/说明"]
    assert [sheet[f"A{n}"].value for n in range(2, 11)] == CODES
    assert "阳江市规划 附表1 第2项 >90%" in sheet["C3"].value
    assert (sheet["E3"].value, sheet["F3"].value, sheet["G2"].value, sheet["H9"].value) == (45, 50, 120000, "是")
    assert sheet.protection.sheet and sheet.freeze_panes == "C2"
    assert not sheet["E3"].protection.locked and not sheet["K3"].protection.locked
    assert sheet["G3"].protection.locked and sheet["A3"].protection.locked  # a rate has no 数值 input
    assert not sheet["G2"].protection.locked and sheet["E2"].protection.locked  # a count has no 分子
    kinds = {validation.type for validation in sheet.data_validations.dataValidation}
    assert {"whole", "list", "textLength"} <= kinds
    pairs = {row[0].value: row[1] for row in meta.iter_rows(max_col=2)}
    assert meta.sheet_state == "hidden"
    assert pairs["template"].value == TEMPLATE_VERSION and pairs["year"].value == YEAR
    assert pairs["region_code"].value == YANGCHUN and pairs["region_code"].data_type == "s"
    assert pairs["version"].value == Submission.objects.get(region__code=YANGCHUN).version


def test_building_and_reading_the_sheet_runs_no_queries(yangchun_officer, django_assert_num_queries):
    region = Region.objects.get(code=YANGCHUN)
    rows = entry_rows(region, YEAR)
    with django_assert_num_queries(0):
        data = filled(workbook_bytes(entry_workbook(region, YEAR, rows, version=0)), GOOD)
        uploaded = read_entry_workbook(io.BytesIO(data), region=region, year=YEAR, rows=rows)
    assert uploaded.expected_version == 0 and set(uploaded.entries) == set(CODES)
    assert uploaded.entries["OH02"].value == Decimal(90)


def test_a_rate_typed_as_text_digits_is_read_as_the_number(client, yangchun_officer):
    client.force_login(yangchun_officer)
    response = upload(client, filled(download(client), {"E3": "45", "F3": "50"}))
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator__code="OH02").value == Decimal(90)


# --- refused workbooks -----------------------------------------------------------------------

BAD_WORKBOOKS = {
    # id: (how the downloaded file is spoiled, a message the refusal must contain)
    "wrong_region": (lambda d: edited(d, meta_set("region_code", "441702")), "该文件是阳江市江城区（441702）2024 年的填报表"),
    "wrong_year": (lambda d: edited(d, meta_set("year", 2023)), "2023 年的填报表，不能上传到"),
    "wrong_template_version": (lambda d: edited(d, meta_set("template", "entry-v0")), "模板版本“entry-v0”"),
    "missing_meta": (lambda d: edited(d, lambda wb: wb.remove(wb[META_SHEET])), "缺少隐藏工作表“_meta”"),
    "unknown_code_row": (lambda d: filled(d, {"A14": "OH99", "G14": 3}), "A14：指标代码“OH99”不在阳春市 2024 年的填报指标中"),
    "row_of_another_level": (lambda d: filled(d, {"A11": "OH08", "H11": "是"}), "A11：指标代码“OH08”不在"),
    "missing_row": (lambda d: edited(d, lambda wb: wb[ENTRY_SHEET].delete_rows(ROW["OH05"])), "缺少指标 OH05"),
    "duplicate_row": (lambda d: filled(d, {"A6": "OH04"}), "A6：指标 OH04 重复（与第5行相同）"),
    "text_in_number_cell": (lambda d: filled(d, {"E3": "四十五", "F3": 50}), "E3：分子只能填写数字"),
    "formula_in_input_cell": (lambda d: filled(d, {"E3": "=40+5", "F3": 50}), "E3：不允许使用公式"),
    "formula_in_locked_cell": (lambda d: filled(d, {"B4": "=A4"}), "B4：不允许使用公式"),
    "numerator_over_denominator": (lambda d: filled(d, {"E4": 60, "F4": 50}), "E4：分子不能大于分母"),
    "negative_number": (lambda d: filled(d, {"G2": -5}), "G2：人数不能为负数"),
    "fraction_in_rate_term": (lambda d: filled(d, {"E3": 4.5, "F3": 50}), "E3：分子应为整数"),
    "date_in_number_cell": (lambda d: filled(d, {"G2": datetime.date(2024, 1, 1)}), "G2：人数只能填写数字"),
    "input_for_another_kind": (lambda d: filled(d, {"G3": 90}), "G3：指标 OH02 不填写“数值”"),
    "bad_yes_no": (lambda d: filled(d, {"H9": "可能"}), "H9：请选择“是”或“否”"),
    "bad_not_applicable": (lambda d: filled(d, {"I3": "不知道"}), "I3：“无法填报”请选择“是”或留空"),
    "not_applicable_without_reason": (lambda d: filled(d, {"I3": "是"}), "J3：勾选“无法填报”时请说明原因"),
    "note_too_long": (lambda d: filled(d, {"K3": "说" * 301}), "K3：说明最多 300 字"),
    "changed_header": (lambda d: filled(d, {"E1": "分子数"}), "E1：表头应为“分子”"),
    "missing_entry_sheet": (lambda d: edited(d, lambda wb: setattr(wb[ENTRY_SHEET], "title", "Sheet1")), "缺少工作表“填报”"),
    "oversized_file": (oversized, "文件超过 2 MB"),
    "text_file_named_xlsx": (lambda d: "指标代码,分子\nOH02,45\n".encode(), "不是有效的 Excel 工作簿"),
    "zip_but_not_xlsx": (lambda d: _plain_zip(), "不是有效的 Excel 工作簿"),
    # 21 MB unpacked at a modest ratio, then 8 MB of zeros (small, but over 100:1).
    "zip_bomb_total_size": (lambda d: zip_bomb(d, sparse_bytes(21 * 1024 * 1024)), "解压后过大"),
    "zip_bomb_ratio": (lambda d: zip_bomb(d, b"\0" * (8 * 1024 * 1024)), "解压后过大"),
}


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", "不是工作簿")
    return buffer.getvalue()


@pytest.mark.parametrize("spoil, message", BAD_WORKBOOKS.values(), ids=BAD_WORKBOOKS.keys())
def test_a_bad_workbook_is_refused_naming_the_problem_and_writes_nothing(client, yangchun_officer, spoil, message):
    client.force_login(yangchun_officer)
    upload(client, filled(download(client), GOOD))  # an existing draft the bad file must not touch
    before = (stored(), Submission.objects.get().version, IndicatorValue.history.count(), Submission.history.count())

    response = upload(client, spoil(download(client)))

    assert response.status_code == 200
    assert any(message in error for error in response.context["errors"]), response.context["errors"]
    assert "未保存任何数据" in response.content.decode()
    after = (stored(), Submission.objects.get().version, IndicatorValue.history.count(), Submission.history.count())
    assert after == before


def test_every_problem_of_a_file_is_listed_at_once(client, yangchun_officer):
    client.force_login(yangchun_officer)
    response = upload(client, filled(download(client), {"G2": -1, "E3": "abc", "F3": 10, "E4": 9, "F4": 3, "H9": "x"}))
    assert response.context["errors"] == ["G2：人数不能为负数", "E3：分子只能填写数字", "E4：分子不能大于分母",
                                          "H9：请选择“是”或“否”"]
    assert not Submission.objects.exists() and not IndicatorValue.objects.exists()


def test_a_jump_against_last_year_needs_a_note_in_the_sheet_too(client, yangchun_officer):
    last_year = Submission.objects.create(region=yangchun_officer.region, year=YEAR - 1,
                                          status=SubmissionStatus.APPROVED)
    last_year.values.create(indicator=Indicator.objects.get(code="OH01"), value=50000)
    client.force_login(yangchun_officer)
    data = download(client)
    assert openpyxl.load_workbook(io.BytesIO(data))[ENTRY_SHEET]["D2"].value == "50000"
    refused = upload(client, filled(data, {"G2": 120000}))
    assert refused.context["errors"] == ["K2：与上年（50000）相比变化超过 50%，请在说明中注明原因"]
    assert upload(client, filled(data, {"G2": 120000, "K2": "扩面参保"})).status_code == 302


# --- versions and locks ----------------------------------------------------------------------

def test_a_file_downloaded_before_the_last_save_is_refused_as_a_conflict(client, yangchun_officer):
    client.force_login(yangchun_officer)
    old_file = download(client)  # version 0: nothing saved yet
    assert upload(client, filled(old_file, {"E3": 45, "F3": 50})).status_code == 302
    before = (stored(), Submission.objects.get().version)

    response = upload(client, filled(old_file, {"E3": 40, "F3": 50}))

    assert response.status_code == 200
    assert response.context["conflict"] is not None
    html = response.content.decode()
    assert "版本冲突" in html and "未保存任何数据" in html
    assert [(c.code, c.field, c.theirs, c.yours) for c in response.context["conflict"].changes if c.field == "分子"] == [
        ("OH02", "分子", "45", "40")]
    assert (stored(), Submission.objects.get().version) == before


def test_a_submitted_report_cannot_be_changed_by_upload(client, yangchun_officer):
    client.force_login(yangchun_officer)
    data = download(client)
    upload(client, filled(data, {"E3": 45, "F3": 50}))
    Submission.objects.update(status=SubmissionStatus.SUBMITTED)
    fresh = download(client)
    response = upload(client, filled(fresh, {"E3": 40, "F3": 50}))
    assert response.status_code == 302
    assert "不能再修改" in client.get(response.url).content.decode()
    assert IndicatorValue.objects.get(indicator__code="OH02").numerator == 45


# --- who may do what -------------------------------------------------------------------------

def test_reviewer_may_download_but_not_upload(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    data = download(client)
    assert upload(client, filled(data, GOOD)).status_code == 403
    assert not Submission.objects.exists()


def test_admin_may_download_but_not_upload(client, portal_admin):
    client.force_login(portal_admin)
    data = download(client)
    assert upload(client, filled(data, GOOD)).status_code == 403


def test_foreign_officer_gets_404_for_download_and_upload(client, outsider, yangchun_officer):
    client.force_login(yangchun_officer)
    data = filled(download(client), GOOD)
    client.force_login(outsider)
    assert client.get(download_url()).status_code == 404
    assert upload(client, data).status_code == 404
    assert not Submission.objects.exists()


def test_officer_of_another_county_gets_404(client, huadu_officer):
    client.force_login(huadu_officer)
    assert client.get(download_url()).status_code == 404
    assert client.post(upload_url()).status_code == 404


def test_upload_accepts_post_only(client, yangchun_officer):
    client.force_login(yangchun_officer)
    assert client.get(upload_url()).status_code == 405


def test_download_accepts_get_only(client, yangchun_officer):
    client.force_login(yangchun_officer)
    assert client.post(download_url()).status_code == 405


def test_anonymous_users_are_sent_to_login(client):
    assert client.get(download_url()).status_code == 302
    assert client.post(upload_url()).status_code == 302


def test_upload_without_a_file_says_so(client, yangchun_officer):
    client.force_login(yangchun_officer)
    response = client.post(upload_url())
    assert response.status_code == 200 and response.context["errors"]
    assert not Submission.objects.exists()


@pytest.mark.parametrize("year", [2020, 2026])
def test_years_outside_the_plan_period_are_404(client, yangchun_officer, year):
    client.force_login(yangchun_officer)
    assert client.get(download_url(year=year)).status_code == 404


def test_a_note_starting_with_equals_saved_on_the_web_survives_its_own_workbook(client, yangchun_officer):
    """One rule for web and workbook: text may start with "="; only a real formula cell is refused."""
    client.force_login(yangchun_officer)
    note = "=来源：卫健局统计"
    response = client.post(f"/reporting/{YANGCHUN}/{YEAR}/", {
        "version": "0", "save": "1", "OH02-numerator": "45", "OH02-denominator": "50", "OH02-note": note})
    assert response.status_code == 302
    response = upload(client, download(client))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert IndicatorValue.objects.get(submission__region__code=YANGCHUN, indicator__code="OH02").note == note
