"""The evaluation report as Word (GB/T 9704 layout), read back with python-docx and opened by a real
client: LibreOffice converts it to PDF and pdftotext reads the pages (both installed by `make test`)."""
import io
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from audit.models import AuditEvent, AuditEventType
from reporting.evaluation_docx import BODY_FONT, TITLE_FONT
from reporting.evaluation_draft import evaluation_draft
from reporting.models import EvaluationSection
from tests.conftest import region
from tests.reporting.test_evaluation_report import submit_values

pytestmark = pytest.mark.django_db

YEAR = 2023


def docx_url(code: str = "441700") -> str:
    return reverse("dashboard:report_docx", args=[code, YEAR])


@pytest.fixture
def lagging_values():
    """阳春市 alone reports: 工伤保险参保人数 falls (稳步提升 not met), so the report draws its trend; OH02 falls
    from 40% (2022, its first counted value: the baseline of rule 2) to 10%, behind the path to >90% in 2025;
    OH03 is reported first in 2023 and has no earlier value to draw a path from (推进中)."""
    submit_values("441781", 2022, OH01=1000, OH02=("40", "100"))
    submit_values("441781", YEAR, OH01=900, OH02=("10", "100"), OH03=("95", "100"))


@pytest.fixture
def document_bytes(client, yangjiang_reviewer, lagging_values):
    client.force_login(yangjiang_reviewer)
    EvaluationSection.objects.create(region=region("441700"), year=YEAR, key=EvaluationSection.Key.OVERVIEW,
                                     text="作者改写的总体情况。\n第二段。")
    response = client.get(docx_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "attachment" in response["Content-Disposition"]
    return response.content


def comparable(text: str) -> str:
    return re.sub(r"[\s“”]+", "", text)


def east_asian_font(run) -> str:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_word_layout_follows_the_official_document_standard(document_bytes):
    document = Document(io.BytesIO(document_bytes))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # stored in twips
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    draft = evaluation_draft(region("441700"), YEAR)
    title = document.paragraphs[0]
    assert title.text == draft.report.title and east_asian_font(title.runs[0]) == TITLE_FONT
    assert "发文机关" in document.paragraphs[1].text and "日期" in document.paragraphs[1].text
    body = next(p for p in document.paragraphs if p.text == "作者改写的总体情况。")
    assert east_asian_font(body.runs[0]) == BODY_FONT and body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.line_spacing == Pt(28.95)
    headings = [p.text for p in document.paragraphs if p.text in EvaluationSection.Key.labels]
    assert headings == [str(label) for label in EvaluationSection.Key.labels]
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and footer.count("—") == 2


def test_indicator_table_is_a_word_table_with_a_repeated_header(document_bytes):
    document = Document(io.BytesIO(document_bytes))
    draft = evaluation_draft(region("441700"), YEAR)
    table = document.tables[0]
    assert len(table.rows) == len(draft.report.indicators) + 1
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert [row.cells[1].text for row in table.rows[1:]] == [item.row.printed_name for item in draft.report.indicators]
    assert [row.cells[6].text for row in table.rows[1:]] == [str(item.verdict.label) for item in draft.report.indicators]


def test_each_lagging_indicator_gets_its_trend_chart(document_bytes):
    document = Document(io.BytesIO(document_bytes))
    draft = evaluation_draft(region("441700"), YEAR)
    lagging_here = [lagging for lagging in draft.lagging if lagging.own is not None]
    assert [lagging.code for lagging in lagging_here] == ["OH01", "OH02"]
    assert len(document.inline_shapes) == len(lagging_here)
    assert any(p.text.startswith("图1 ") and "变化趋势" in p.text for p in document.paragraphs)


def test_the_download_is_audited(document_bytes):
    event = AuditEvent.objects.filter(event=AuditEventType.EXPORT).latest("pk")
    assert event.object_repr and event.details["year"] == YEAR and "报告" in event.details["file"]


def test_province_report_without_a_plan_still_exports(client):
    from accounts.models import Role
    from tests.conftest import make_user

    client.force_login(make_user("guangdong", Role.REVIEWER, "440000"))
    document = Document(io.BytesIO(client.get(docx_url("440000")).content))
    assert document.tables == [] and "没有可评估的规划指标" in "\n".join(p.text for p in document.paragraphs)


def test_libreoffice_opens_the_report_and_prints_title_indicators_and_page_numbers(document_bytes, tmp_path):
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    assert soffice and pdftotext, "make test installs libreoffice-writer-nogui and poppler-utils"
    source = tmp_path / "report.docx"
    source.write_bytes(document_bytes)
    converted = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)], capture_output=True, text=True, timeout=180, check=False)
    assert converted.returncode == 0, converted.stderr
    pdf = tmp_path / "report.pdf"
    assert pdf.exists(), converted.stdout + converted.stderr
    # -raw keeps each table cell's text together in the order it was drawn; spaces and line breaks
    # (a long name wraps inside its cell) are dropped before comparing, and so are the curly quotes,
    # which the fallback font draws in a run of their own (pdftotext lists them out of place).
    text = subprocess.run([pdftotext, "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    draft = evaluation_draft(region("441700"), YEAR)
    assert comparable(draft.report.title) in comparable(text)
    for item in draft.report.indicators:
        assert comparable(item.row.printed_name) in comparable(text), item.row.printed_name
    flat = comparable(text)
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
    assert pages >= 2
    for page in range(1, pages + 1):
        assert f"—{page}—" in flat
