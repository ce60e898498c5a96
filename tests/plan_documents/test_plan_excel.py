"""The Excel plan template: export ↔ read round trips, refused workbooks, and the admin import views."""
import io
import zipfile

import openpyxl
import pytest
import yaml
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role, User
from indicators.models import PlanIndicator
from plan_documents.admin_views import IMPORT_SESSION_KEY
from plan_documents.documents import PlanDocumentError, normalize_document, plan_to_document
from plan_documents.excel_read import read_plan_workbook
from plan_documents.excel_template import INDICATOR_SHEET, SHEET_COLUMNS
from plan_documents.excel_write import plan_template_workbook
from plans.models import Plan
from plumbing.xlsx import workbook_bytes
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db]

PLAN_REGION_CODES = sorted(
    yaml.safe_load(path_.read_text(encoding="utf-8"))["region_code"]
    for path_ in (settings.BASE_DIR / "fixtures" / "plans").glob("*.yaml")
)
JIANGHAI = "440704"


def plan_of(region_code: str) -> Plan:
    return Plan.objects.select_related("region").get(region__code=region_code)


def exported(region_code: str) -> bytes:
    return workbook_bytes(plan_template_workbook(plan_to_document(plan_of(region_code))))


def edited(data: bytes, edit) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    edit(workbook)
    return workbook_bytes(workbook)


def read(data: bytes) -> dict:
    return read_plan_workbook(io.BytesIO(data))


def upload(client, data: bytes, name: str = "plan.xlsx"):
    return client.post(reverse("plan_documents:upload"), {"workbook": SimpleUploadedFile(name, data)})


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture
def admin_client_(client, portal_admin):
    client.force_login(portal_admin)
    return client


# --- round trips -----------------------------------------------------------------------------

def test_the_five_plans_are_loaded():
    assert len(PLAN_REGION_CODES) == 5
    assert Plan.objects.filter(region__code__in=PLAN_REGION_CODES).count() == 5


@pytest.mark.parametrize("region_code", PLAN_REGION_CODES)
def test_exported_plan_reads_back_as_the_same_document(region_code):
    document = plan_to_document(plan_of(region_code))

    assert normalize_document(read(exported(region_code))) == document


def test_jianghai_workbook_carries_interim_targets_baselines_and_action_items():
    workbook = openpyxl.load_workbook(io.BytesIO(exported(JIANGHAI)))

    assert workbook.sheetnames == ["说明", "规划信息", "指标", "年度目标", "基线", "重大行动", "行动内容"]
    assert workbook["指标"].max_row == 1 + 11
    assert workbook["年度目标"].max_row == 1 + 22
    assert workbook["基线"].max_row == 1 + 33
    assert workbook["重大行动"].max_row == 1 + 4
    assert workbook["行动内容"].max_row == 1 + 7


def test_codes_are_written_as_text_and_headers_bold_and_frozen():
    workbook = openpyxl.load_workbook(io.BytesIO(exported(JIANGHAI)))
    baselines, indicators = workbook["基线"], workbook["指标"]

    assert baselines["B2"].value == "440000" and baselines["B2"].data_type == "s"
    assert baselines["B2"].number_format == "@"
    assert indicators["B2"].value == "OH01" and indicators["B2"].number_format == "@"
    assert workbook["规划信息"]["B3"].value == JIANGHAI and workbook["规划信息"]["B3"].number_format == "@"
    for sheet_name in SHEET_COLUMNS:
        assert workbook[sheet_name]["A1"].font.b
        assert workbook[sheet_name].freeze_panes == "A2"


def test_formula_like_printed_name_is_exported_as_a_plain_string():
    document = plan_to_document(plan_of(JIANGHAI))
    document["indicators"][0]["printed_name"] = "=HYPERLINK(\"http://evil\",\"x\")"
    document["indicators"][1]["printed_name"] = "+1+2"
    data = workbook_bytes(plan_template_workbook(document))

    sheet_index = 1 + list(SHEET_COLUMNS).index(INDICATOR_SHEET) + 1  # 说明 is sheet1
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read(f"xl/worksheets/sheet{sheet_index}.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    cell = openpyxl.load_workbook(io.BytesIO(data))["指标"]["C2"]
    assert cell.data_type == "s" and cell.value == document["indicators"][0]["printed_name"]
    assert normalize_document(read(data)) == document


def test_empty_template_has_headers_guide_and_plan_field_names_only():
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes(plan_template_workbook(None))))

    assert workbook.sheetnames[0] == "说明"
    assert workbook["说明"].max_row > 30
    for sheet_name, columns in SHEET_COLUMNS.items():
        sheet = workbook[sheet_name]
        assert [cell.value for cell in sheet[1]] == [column.header for column in columns]
        if sheet_name != "规划信息":
            assert sheet.max_row == 1
    assert all(cell.value is None for cell in workbook["规划信息"]["B"][1:])


def test_empty_template_is_refused_for_its_missing_region():
    with pytest.raises(PlanDocumentError) as caught:
        read(workbook_bytes(plan_template_workbook(None)))

    assert caught.value.errors == ["规划信息 第3行 B列：区划代码 （空） 不存在"]


def test_rows_out_of_order_and_numbers_typed_in_text_columns_are_read():
    def retype(workbook):
        workbook["规划信息"]["B3"].value = 440704
        workbook["行动内容"]["B2"].value, workbook["行动内容"]["B4"].value = 3, 1  # items 1 and 3 swapped
        workbook["行动内容"]["C2"].value, workbook["行动内容"]["C4"].value = (
            workbook["行动内容"]["C4"].value, workbook["行动内容"]["C2"].value)

    document = normalize_document(read(edited(exported(JIANGHAI), retype)))

    assert document == plan_to_document(plan_of(JIANGHAI))


def test_every_problem_is_reported_together():
    def break_three_sheets(workbook):
        workbook["指标"]["B2"].value = "OH99"
        workbook["年度目标"]["B3"].value = "明年"
        workbook["重大行动"]["C2"].value = None

    with pytest.raises(PlanDocumentError) as caught:
        read(edited(exported(JIANGHAI), break_three_sheets))

    assert caught.value.errors == [
        "年度目标 第3行 B列：应为整数，实际为“明年”",
        "指标 第2行 B列：指标代码“OH99”不在指标目录中",
        "重大行动 第2行 C列：不能为空",
    ]


# --- the admin import ------------------------------------------------------------------------

def test_import_into_an_empty_plan_set_recreates_the_plan(admin_client_):
    original = plan_to_document(plan_of(JIANGHAI))
    response = admin_client_.get(reverse("plan_documents:download"), {"plan": plan_of(JIANGHAI).pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = b"".join(response.streaming_content)
    Plan.objects.all().delete()
    assert PlanIndicator.objects.count() == 0

    response = upload(admin_client_, data)
    assert response.status_code == 302 and response.url == reverse("plan_documents:confirm")
    assert Plan.objects.count() == 0
    confirm_page = admin_client_.get(reverse("plan_documents:confirm"))
    summary = confirm_page.context["summary"]
    assert (summary["region"].code, summary["indicator_count"], summary["target_count"], summary["baseline_count"],
            summary["action_count"], summary["existing_plan"]) == (JIANGHAI, 11, 33, 33, 4, None)
    assert "这是该区划本规划期的新规划" in confirm_page.content.decode()

    response = admin_client_.post(reverse("plan_documents:confirm"),
                                  {"impact_token": confirm_page.context["impact"].token})
    plan = plan_of(JIANGHAI)
    assert response.status_code == 302 and response.url == reverse("admin:plans_plan_change", args=[plan.pk])
    assert plan_to_document(plan) == original
    assert IMPORT_SESSION_KEY not in admin_client_.session
    assert Plan.objects.count() == 1


def test_confirmation_says_which_plan_is_replaced(admin_client_):
    data = edited(exported(JIANGHAI), lambda workbook: workbook["规划信息"].cell(4, 2, "新标题"))

    upload(admin_client_, data)
    page = admin_client_.get(reverse("plan_documents:confirm"))
    assert page.context["summary"]["existing_plan"] == plan_of(JIANGHAI)
    assert "将被上传内容整体替换" in page.content.decode()
    admin_client_.post(reverse("plan_documents:confirm"), {"impact_token": page.context["impact"].token})

    assert plan_of(JIANGHAI).title == "新标题"


def test_confirm_without_an_upload_goes_back_to_the_form(admin_client_):
    response = admin_client_.post(reverse("plan_documents:confirm"))

    assert response.status_code == 302 and response.url == reverse("plan_documents:upload")


def test_empty_template_download(admin_client_):
    response = admin_client_.get(reverse("plan_documents:download"))

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert workbook["指标"].max_row == 1


def test_download_of_an_unknown_plan_is_404(admin_client_):
    assert admin_client_.get(reverse("plan_documents:download"), {"plan": "999999"}).status_code == 404
    assert admin_client_.get(reverse("plan_documents:download"), {"plan": "x"}).status_code == 404


def test_plan_changelist_and_change_form_link_to_the_template(admin_client_):
    changelist = admin_client_.get(reverse("admin:plans_plan_changelist")).content.decode()
    change_form = admin_client_.get(reverse("admin:plans_plan_change", args=[plan_of(JIANGHAI).pk])).content.decode()

    assert reverse("plan_documents:upload") in changelist and reverse("plan_documents:download") in changelist
    assert f'{reverse("plan_documents:download")}?plan={plan_of(JIANGHAI).pk}' in change_form


CELL_PROBLEMS = {
    "unknown indicator code": (lambda wb: setattr(wb["指标"]["B2"], "value", "OH99"),
                               "指标 第2行 B列：指标代码“OH99”不在指标目录中"),
    "unparseable target": (lambda wb: setattr(wb["指标"]["D3"], "value", "争取更好"),
                           "指标 第3行 D列：无法识别的目标文本：“争取更好”（若本项不作比较，请填写“不作比较的理由”）"),
    "unparseable interim target": (lambda wb: setattr(wb["年度目标"]["C2"], "value", "很多"),
                                   "年度目标 第2行 C列：无法识别的目标文本：“很多”（若本项不作比较，请填写“不作比较的理由”）"),
    "unknown plan region": (lambda wb: setattr(wb["规划信息"]["B3"], "value", "449999"),
                            "规划信息 第3行 B列：区划代码 449999 不存在"),
    "unknown baseline region": (lambda wb: setattr(wb["基线"]["B2"], "value", "999999"),
                                "基线 第2行 B列：区划代码 999999 不存在"),
    "duplicate indicator seq": (lambda wb: setattr(wb["指标"]["A3"], "value", 1),
                                "指标 第3行 A列：序号 1 重复（与第2行相同）"),
    "duplicate action seq": (lambda wb: setattr(wb["重大行动"]["A3"], "value", 1),
                             "重大行动 第3行 A列：序号 1 重复（与第2行相同）"),
    "text in seq": (lambda wb: setattr(wb["指标"]["A2"], "value", "一"), "指标 第2行 A列：应为整数，实际为“一”"),
    "text in year": (lambda wb: setattr(wb["基线"]["C2"], "value", "2020年"), "基线 第2行 C列：应为整数，实际为“2020年”"),
    "formula cell": (lambda wb: setattr(wb["指标"]["C2"], "value", "=A1&\"x\""),
                     "指标 第2行 C列：不允许使用公式，请直接填写文本或数值"),
    "missing sheet": (lambda wb: wb.remove(wb["基线"]), "缺少工作表“基线”，请使用规划模板"),
    "missing header": (lambda wb: setattr(wb["指标"]["B1"], "value", "代码"), "指标 第1行：缺少列“指标代码”"),
    "unknown plan field": (lambda wb: setattr(wb["规划信息"]["A4"], "value", "题目"), "规划信息 第4行 A列：未知字段“题目”"),
    "seq zero": (lambda wb: setattr(wb["重大行动"]["A2"], "value", 0), "重大行动 第2行 A列：应为 1 至 32767 之间的整数"),
    "printed name too long": (lambda wb: setattr(wb["指标"]["C2"], "value", "长" * 201),
                              "指标 第2行 C列：不能超过 200 个字（现有 201 个）"),
    "period not a year": (lambda wb: setattr(wb["规划信息"]["B8"], "value", "二〇二一"),
                          "规划信息 第8行 B列：规划起始年应为四位年份"),
    "issued date not iso": (lambda wb: setattr(wb["规划信息"]["B7"], "value", "2023年12月"),
                            "规划信息 第7行 B列：日期“2023年12月”应为 YYYY-MM-DD 或 YYYY-MM"),
    "interim target for a missing indicator": (lambda wb: setattr(wb["年度目标"]["A2"], "value", 40),
                                               "年度目标 第2行 A列：指标序号 40 在“指标”表中不存在"),
}


@pytest.mark.parametrize("edit, message", CELL_PROBLEMS.values(), ids=CELL_PROBLEMS.keys())
def test_bad_cell_is_refused_by_place_and_nothing_is_written(admin_client_, edit, message):
    counts = (Plan.objects.count(), PlanIndicator.objects.count())

    response = upload(admin_client_, edited(exported(JIANGHAI), edit))

    assert response.status_code == 200
    assert message in response.context["errors"]
    assert message in response.content.decode()
    assert IMPORT_SESSION_KEY not in admin_client_.session
    assert (Plan.objects.count(), PlanIndicator.objects.count()) == counts


NOT_XLSX = "该文件不是有效的 Excel 工作簿（.xlsx），请下载规划模板填写后上传。"
ZIP_BOMB = "文件解压后过大（可能是恶意压缩文件），已拒绝。"
FILE_PROBLEMS = {
    "pdf renamed": (lambda: b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", NOT_XLSX),
    "plain text renamed": (lambda: "序号,指标代码\n1,OH01\n".encode(), NOT_XLSX),
    "zip that is no workbook": (lambda: zip_bytes({"readme.txt": b"hello"}), NOT_XLSX),
    "truncated workbook": (lambda: exported(JIANGHAI)[:4000], NOT_XLSX),
    "oversized": (lambda: b"PK\x03\x04" + b"\0" * (2 * 1024 * 1024), "文件超过 2 MB，请检查是否上传了正确的规划模板。"),
    "zip bomb by size": (lambda: zip_bytes({"xl/worksheets/sheet1.xml": b"\0" * (60 * 1024 * 1024)}), ZIP_BOMB),
    "zip bomb by ratio": (lambda: zip_bytes({"xl/worksheets/sheet1.xml": b"\0" * (5 * 1024 * 1024)}), ZIP_BOMB),
}


@pytest.mark.parametrize("make, message", FILE_PROBLEMS.values(), ids=FILE_PROBLEMS.keys())
def test_bad_file_is_refused_and_nothing_is_written(admin_client_, make, message):
    counts = (Plan.objects.count(), PlanIndicator.objects.count())

    response = upload(admin_client_, make())

    assert response.status_code == 200
    assert response.context["errors"] == [message]
    assert IMPORT_SESSION_KEY not in admin_client_.session
    assert (Plan.objects.count(), PlanIndicator.objects.count()) == counts


# --- who may use it --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["upload", "confirm", "download"])
def test_anonymous_user_is_sent_to_the_admin_login(client, name):
    response = client.get(reverse(f"plan_documents:{name}"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_non_staff_user_cannot_upload(client, yangchun_officer):
    client.force_login(yangchun_officer)
    title = plan_of(JIANGHAI).title

    response = upload(client, edited(exported(JIANGHAI), lambda workbook: workbook["规划信息"].cell(4, 2, "改")))
    confirm = client.post(reverse("plan_documents:confirm"))

    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    assert confirm.status_code == 302 and confirm.url.startswith(reverse("admin:login"))
    assert IMPORT_SESSION_KEY not in client.session
    assert plan_of(JIANGHAI).title == title


def test_staff_without_plan_permission_is_forbidden(client):
    clerk = User.objects.create_user("clerk", password=PASSWORD, is_staff=True, role=Role.ADMIN)
    client.force_login(clerk)

    assert client.get(reverse("plan_documents:upload")).status_code == 403
    assert client.get(reverse("plan_documents:download")).status_code == 403
    assert upload(client, exported(JIANGHAI)).status_code == 403


def test_upload_refuses_other_methods(admin_client_):
    assert admin_client_.put(reverse("plan_documents:upload")).status_code == 405
    assert admin_client_.post(reverse("plan_documents:download")).status_code == 405


@pytest.mark.urls("config.urls")
def test_plan_changelist_still_renders_before_the_urls_are_included(admin_client_):
    response = admin_client_.get(reverse("admin:plans_plan_changelist"))

    assert response.status_code == 200


def test_confirmation_lists_every_target_beside_its_reading(admin_client_):
    """The admin sees what the grammar read before saving: "达到85%以上" → "≥ 85%", a cap, a 不作比较 row."""
    def edit(workbook):
        sheet = workbook[INDICATOR_SHEET]
        reason_column = [cell.value for cell in sheet[1]].index("不作比较的理由") + 1
        sheet["D3"], sheet["D4"] = "达到85%以上", "控制在5%以内"
        sheet["D5"] = "至少确定1家"
        sheet.cell(5, reason_column, "口径与指标目录不同")
    upload(admin_client_, edited(exported(JIANGHAI), edit))
    page = admin_client_.get(reverse("plan_documents:confirm"))
    lines = {(line["seq"], line["year"]): line for line in page.context["summary"]["targets"]}
    assert (lines[(2, 2025)]["text"], lines[(2, 2025)]["reading"]) == ("达到85%以上", "≥ 85%")
    assert lines[(3, 2025)]["reading"] == "≤ 5%"
    assert lines[(4, 2025)]["no_comparison_reason"] == "口径与指标目录不同"
    assert len(lines) == page.context["summary"]["target_count"]
    html = page.content.decode()
    assert "达到85%以上" in html and "不作比较：口径与指标目录不同" in html
