"""Uploaded workbooks are XML inside a zip: entity tricks must neither read files nor expand (XXE, billion laughs).

openpyxl parses them with defusedxml, which refuses entity declarations. Were lxml installed, openpyxl
would parse the workbook part with lxml instead, which expands internal entities (a 10^8-character
sheet name from a 1 KB part): this test failed when lxml was tried for faster exports. python-docx (the
Word evaluation report) brings lxml back, so ``config/__init__.py`` sets ``OPENPYXL_LXML=False`` before
openpyxl is imported; ``test_openpyxl_does_not_use_lxml`` below keeps it so."""
import io
import socket
import zipfile

import pytest
from openpyxl import Workbook

from plumbing.uploads import UploadRejected, open_untrusted_workbook
from plumbing.xlsx import workbook_bytes

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EXTERNAL = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]>'
LAUGHS = ('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
          + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
          + '<!ENTITY e "&i;">]>')
PARTS = {
    "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t>'
                                f'</is></c></row></sheetData></worksheet>',
    "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="&e;" sheetId="1" r:id="rId1"/>'
                       f'</sheets></workbook>',
}


def upload(member: str, doctype: str) -> io.BytesIO:
    workbook = Workbook()
    workbook.active["A1"] = "正常文本"
    original = zipfile.ZipFile(io.BytesIO(workbook_bytes(workbook)))
    assert member in original.namelist()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as patched:
        for info in original.infolist():
            data = f'<?xml version="1.0"?>{doctype}{PARTS[member]}'.encode() if info.filename == member \
                else original.read(info)
            patched.writestr(info, data)
    out.seek(0)
    return out


@pytest.mark.parametrize("member", sorted(PARTS))
@pytest.mark.parametrize("doctype", [EXTERNAL, LAUGHS], ids=["external entity", "billion laughs"])
def test_entities_in_an_upload_are_refused_or_left_unexpanded(member, doctype):
    try:
        workbook = open_untrusted_workbook(upload(member, doctype), max_bytes=10 * 1024 * 1024,
                                           max_uncompressed=50 * 1024 * 1024, form_name="填报表")
        texts = [workbook.sheetnames[0], *(str(cell.value or "") for row in workbook.active.iter_rows() for cell in row)]
    except UploadRejected:
        return
    assert not any(socket.gethostname() in text for text in texts), texts
    assert all(len(text) < 1000 for text in texts)  # 10^9 characters had the entities been expanded


@pytest.mark.parametrize("doctype", [EXTERNAL, LAUGHS], ids=["external entity", "billion laughs"])
def test_any_entity_declaration_is_refused_whatever_parser_is_installed(doctype):
    """Independent of defusedxml: another package may install lxml, which openpyxl would then use."""
    with pytest.raises(UploadRejected, match="DOCTYPE"):
        open_untrusted_workbook(upload("xl/workbook.xml", doctype), max_bytes=10 * 1024 * 1024,
                                max_uncompressed=50 * 1024 * 1024, form_name="填报表")


def test_openpyxl_does_not_use_lxml_even_though_python_docx_brings_it():
    import lxml  # noqa: F401  (python-docx depends on it: it is installed)
    import openpyxl.xml

    assert openpyxl.xml.LXML is False and openpyxl.xml.DEFUSEDXML is True
