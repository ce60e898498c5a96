"""Every xlsx read path with mutated sheet XML: a clear refusal, never a 500, nothing written (issue 15, item 3).

A read-only workbook parses a sheet only while its rows are read, after the guarded open; these tests cut
the XML of real downloaded workbooks in half, break tags and flip bytes inside it, then upload.
"""
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_documents.excel_template import SHEET_COLUMNS
from plans.models import Plan
from reporting.entry_excel import ENTRY_SHEET, META_SHEET
from reporting.models import IndicatorValue, Submission
from tests.plan_documents.test_plan_excel import exported
from tests.reporting.test_entry_excel import download, upload

from .conftest import examples

pytestmark = pytest.mark.django_db


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    """``data`` (an xlsx) with one member replaced, everything else copied as it was."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, content if item.filename == name else source.read(item.filename))
    return out.getvalue()


def member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


@st.composite
def mutation(draw, xml: bytes) -> bytes:
    """Cut the XML anywhere, swap a closing tag for another, or overwrite a few bytes."""
    kind = draw(st.sampled_from(["cut", "mismatch", "overwrite"]))
    if kind == "cut":
        return xml[:draw(st.integers(0, len(xml) - 1))]
    if kind == "mismatch":
        tags = [tag for tag in (b"</row>", b"</c>", b"</v>", b"</sheetData>", b"</is>", b"</t>") if tag in xml]
        tag = draw(st.sampled_from(tags))
        return xml.replace(tag, draw(st.sampled_from([b"</wrong>", b"<row>", b"", b"</c></c>"])), 1)
    start = draw(st.integers(0, len(xml) - 1))
    return xml[:start] + draw(st.binary(min_size=1, max_size=8)) + xml[start + 8:]


def snapshot() -> tuple:
    return Submission.objects.count(), IndicatorValue.objects.count(), IndicatorValue.history.count()


def read_sheets(data: bytes, titles: tuple[str, ...]) -> list[str]:
    """The members of the sheets titled ``titles`` (openpyxl writes sheetN in workbook order)."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return [f"xl/worksheets/sheet{index}.xml" for index, title in enumerate(workbook.sheetnames, start=1)
            if title in titles]


def test_a_sheet_cut_in_half_is_refused_with_a_message(client, yangchun_officer):
    client.force_login(yangchun_officer)
    data = download(client)
    for name in read_sheets(data, (ENTRY_SHEET, META_SHEET)):
        xml = member(data, name)
        response = upload(client, with_member(data, name, xml[: len(xml) // 2]))
        assert response.status_code == 200
        assert "无法读取" in response.content.decode() or "_meta" in response.content.decode()
    assert snapshot() == (0, 0, 0)


@settings(max_examples=examples(12))
@given(data=st.data())
def test_entry_workbook_with_mutated_xml_never_500(client, yangchun_officer, data):
    client.force_login(yangchun_officer)
    before = snapshot()
    workbook = download(client)
    name = data.draw(st.sampled_from(read_sheets(workbook, (ENTRY_SHEET, META_SHEET))))
    broken = with_member(workbook, name, data.draw(mutation(member(workbook, name))))
    response = upload(client, broken)
    # Refused with the form shown again and nothing written, or (a harmless mutation) saved whole.
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert snapshot() == before


@pytest.fixture
def admin_client_(client, portal_admin):
    client.force_login(portal_admin)
    return client


def plan_upload(client, data: bytes):
    return client.post(reverse("plan_documents:upload"), {"workbook": SimpleUploadedFile("plan.xlsx", data)})


def test_a_plan_template_cut_in_half_is_refused_with_a_message(admin_client_):
    data = exported("440704")
    for name in read_sheets(data, tuple(SHEET_COLUMNS)):
        xml = member(data, name)
        response = plan_upload(admin_client_, with_member(data, name, xml[: len(xml) // 2]))
        assert response.status_code == 200
        assert "无法读取" in response.content.decode()


@settings(max_examples=examples(12))
@given(data=st.data())
def test_plan_template_with_mutated_xml_never_500(admin_client_, data):
    before = Plan.objects.count()
    workbook = exported("440704")
    name = data.draw(st.sampled_from(read_sheets(workbook, tuple(SHEET_COLUMNS))))
    broken = with_member(workbook, name, data.draw(mutation(member(workbook, name))))
    response = plan_upload(admin_client_, broken)
    # The upload step only reads and asks for confirmation (302); nothing is written before that.
    assert response.status_code in (200, 302)
    assert Plan.objects.count() == before
