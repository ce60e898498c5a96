"""Every export opened, printed and re-saved by LibreOffice Calc — a real client, not the library that
wrote the files (issue 18). Run alone: ``.venv/bin/python -m pytest -m libreoffice``. The PDFs are kept in
test-artifacts/libreoffice/ to be looked at."""
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEventType
from audit.services import audit_record
from plan_documents.documents import plan_to_document
from plans.models import Plan
from reporting.models import IndicatorValue, Submission
from tests.libreoffice.conftest import filled_by_calc, page_count, pdf_of, pdf_text
from tests.plan_documents.test_plan_excel import upload as plan_upload
from tests.reporting.test_dashboard_exports import reports  # noqa: F401 (fixture)
from tests.reporting.test_entry_excel import GOOD, stored
from tests.reporting.test_entry_excel import upload as entry_upload
from tests.reporting.workbooks import EXPORTS, download, opened

pytestmark = [pytest.mark.django_db, pytest.mark.libreoffice]

# The most pages each printed workbook may take: the bounds for the entry sheet (its guide
# included), the 阳江 matrix and the 中期评估 (its sheets × 2); the others are held to two pages a sheet.
MAX_PAGES = {"entry": 2, "matrix": 2, "evaluation": 4 * 2}


@pytest.fixture
def audit_trail(auditor, yangchun_officer):
    for year in (2021, 2022, 2023, 2024):
        audit_record(event=AuditEventType.EXPORT, user=yangchun_officer, obj=yangchun_officer.region,
                     details={"file": "区县达标明细", "year": year})


@pytest.mark.parametrize("name", EXPORTS)
def test_every_export_prints_to_pdf_within_its_page_bound(libreoffice, client, request, reports, audit_trail,
                                                          tmp_path, name):
    data = download(client, request, name)
    sheets = [sheet for sheet in opened(data).worksheets if sheet.sheet_state == "visible"]
    pdf = pdf_of(data, name, tmp_path)
    pages = page_count(pdf)
    assert 1 <= len(sheets) <= pages <= MAX_PAGES.get(name, len(sheets) * 2), (name, pages)
    text = pdf_text(pdf)
    # LibreOffice filled the header and footer codes: sheet names, page n of m, the generation time.
    assert "第 1 页，共" in text
    assert all(sheet.title in text for sheet in sheets), name
    assert "生成时间 20" in text


def test_the_matrix_prints_region_year_and_percentages(libreoffice, client, request, reports, tmp_path):
    text = pdf_text(pdf_of(download(client, request, "matrix"), "matrix-text", tmp_path))
    assert "阳江市 2024 年 · 达标情况" in text
    assert "80.00%" in text  # 阳春市's OH02: 80 of 100, a number shown as a percentage
    assert "第 1 页，共 2 页" in text and "第 2 页，共 2 页" in text


def test_an_entry_sheet_filled_and_saved_by_calc_is_saved_exactly(libreoffice, client, yangchun_officer, tmp_path):
    client.force_login(yangchun_officer)
    data = b"".join(client.get(reverse("reporting:entry_excel", args=["441781", 2024])).streaming_content)
    saved = filled_by_calc(data, {"填报": GOOD}, tmp_path)

    response = entry_upload(client, saved)

    assert response.status_code == 302, response.context and response.context.get("errors")
    assert stored() == {
        "OH01": (None, None, Decimal(120000), False),
        "OH02": (Decimal(45), Decimal(50), Decimal(90), False),
        "OH06": (None, None, None, True),
        "OH09": (None, None, Decimal(100), False),
    }
    assert IndicatorValue.objects.get(indicator__code="OH01").note == "医保局年报"
    assert IndicatorValue.objects.get(indicator__code="OH06").not_applicable_reason == "辖区无尘肺病患者集中乡镇"
    assert Submission.objects.get().status == "draft"


def test_a_plan_template_filled_and_saved_by_calc_is_imported_exactly(libreoffice, client, portal_admin, tmp_path):
    client.force_login(portal_admin)
    plan = Plan.objects.get(region__code="440704")
    original = plan_to_document(plan)
    data = b"".join(client.get(reverse("plan_documents:download"), {"plan": plan.pk}).streaming_content)
    # Calc types a new title and a changed 2025 target over the downloaded plan, and saves the file.
    saved = filled_by_calc(data, {"规划信息": {"B4": "江海区职业病防治规划（修订）"}, "指标": {"D2": "≥95%"}}, tmp_path)

    assert plan_upload(client, saved).status_code == 302
    preview = client.get(reverse("plan_documents:confirm"))  # the admin confirms what the impact shows
    assert client.post(reverse("plan_documents:confirm"), {"impact_token": preview.context["impact"].token}).status_code == 302

    imported = plan_to_document(Plan.objects.get(region__code="440704"))
    expected = {**original, "title": "江海区职业病防治规划（修订）"}
    expected["indicators"] = [{**row, "target_2025": "≥95%"} if row["seq"] == original["indicators"][0]["seq"] else row
                              for row in original["indicators"]]
    assert imported == expected
