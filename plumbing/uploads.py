"""Untrusted files: size caps before reading, type by content (never by name), zip-bomb bounds."""
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# Office files are zips: bound what they may unpack to before anything inflates them.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100


class UploadRejected(ValueError):
    """A file refused; the message says why, in Chinese."""


@dataclass(frozen=True)
class SniffedType:
    content_type: str
    extension: str
    label: str


PDF = SniffedType("application/pdf", ".pdf", "PDF")
PNG = SniffedType("image/png", ".png", "PNG")
JPEG = SniffedType("image/jpeg", ".jpg", "JPEG")
GIF = SniffedType("image/gif", ".gif", "GIF")
XLSX = SniffedType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel")
DOCX = SniffedType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word")

_MAGIC = [(b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG), (b"GIF87a", GIF), (b"GIF89a", GIF)]


def check_zip_bounds(data: bytes, *, max_uncompressed: int = MAX_UNCOMPRESSED_BYTES, max_members: int | None = None,
                     not_a_zip: str = "") -> list[str]:
    """Member names of a safe zip; refuses a zip bomb by its declared sizes before inflating anything.

    ``zipfile`` never inflates a member beyond its declared size (a lying header fails its CRC), so
    the declared sizes bound what a reader can unpack.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise UploadRejected(not_a_zip or _("文件已损坏或不是有效的 Office 文档。")) from None
    uncompressed = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members)
    if (uncompressed > max_uncompressed or uncompressed > MAX_COMPRESSION_RATIO * max(compressed, 1)
            or (max_members is not None and len(members) > max_members)):
        raise UploadRejected(_("文件解压后过大（可能是恶意压缩文件），已拒绝。"))
    return [member.filename for member in members]


# Markup that declares entities, in the encodings an XML part may use. In element content a "<" is always
# escaped ("&lt;"), so these bytes can only be a declaration.
_DECLARATIONS = tuple(marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity")
                      for encoding in ("utf-8", "utf-16-le", "utf-16-be"))


def refuse_xml_declarations(data: bytes) -> None:
    """Refuse a workbook any of whose XML parts declares a DOCTYPE or an entity (XXE, billion laughs).

    openpyxl parses with defusedxml, which refuses them — unless lxml is installed (another package may
    bring it), in which case openpyxl parses the workbook part with lxml, which expands internal
    entities. Excel never writes a DOCTYPE, so refusing it here holds whatever parser is present. The
    zip bounds were checked first: what is inflated here is bounded.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            if not member.filename.endswith((".xml", ".rels", ".vml")):
                continue
            content = archive.read(member)
            if any(marker in content for marker in _DECLARATIONS):
                raise UploadRejected(_("文件含有不允许的 XML 声明（DOCTYPE/ENTITY），已拒绝。"))


def open_untrusted_workbook(file, *, max_bytes: int, max_uncompressed: int, form_name: str,
                            max_members: int | None = None):
    """An uploaded xlsx opened read-only, after its size and zip container are known to be safe.

    ``form_name`` names what the user should have uploaded ("规划模板", "填报表") in the messages.
    Formulas stay formulas (data_only=False) so callers can refuse them instead of trusting cached results.
    """
    not_xlsx = _("该文件不是有效的 Excel 工作簿（.xlsx），请下载%(form)s填写后上传。") % {"form": form_name}
    too_large = _("文件超过 %(size)s MB，请检查是否上传了正确的%(form)s。") % {
        "size": max_bytes // (1024 * 1024), "form": form_name}
    if getattr(file, "size", None) is not None and file.size > max_bytes:
        raise UploadRejected(too_large)
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadRejected(too_large)
    if not data.startswith(b"PK\x03\x04"):
        raise UploadRejected(not_xlsx)
    check_zip_bounds(data, max_uncompressed=max_uncompressed, max_members=max_members, not_a_zip=not_xlsx)
    try:
        refuse_xml_declarations(data)
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except UploadRejected:
        raise
    except Exception:  # noqa: BLE001 — any parser failure on an untrusted file means "not a readable workbook"
        raise UploadRejected(not_xlsx) from None


@contextmanager
def parsing_untrusted_workbook(*, form_name: str, own_errors: tuple[type[Exception], ...] = ()) -> Iterator[None]:
    """Any failure while reading the sheets of an opened upload becomes ``UploadRejected``.

    A read-only workbook parses each sheet's XML only while its rows are iterated, i.e. after
    ``open_untrusted_workbook`` succeeded: a sheet cut in half or a mismatched tag raises there, with
    whatever exception the XML parser or openpyxl's cell reader chooses. The caller's own refusals
    (``own_errors``, already in Chinese) pass through unchanged.
    """
    try:
        yield
    except own_errors:
        raise
    except UploadRejected:
        raise
    except Exception:  # noqa: BLE001 — any parser failure on an untrusted file means "not a readable workbook"
        raise UploadRejected(_("无法读取该文件的工作表内容（文件已损坏或被其他程序改写），请重新下载%(form)s填写后上传。") % {
            "form": form_name}) from None


def sniff_evidence(data: bytes) -> SniffedType:
    """PDF, PNG/JPEG/GIF, xlsx or docx — decided by the bytes, whatever the file is called."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data.startswith(b"PK\x03\x04"):
        names = set(check_zip_bounds(data))
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return XLSX
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    raise UploadRejected(_("只接受 PDF、图片（PNG/JPEG/GIF）、Excel（xlsx）或 Word（docx）文件；该文件的内容不是这些类型。"))


_UNSAFE_NAME_CHARACTERS = re.compile(r"[^\w\-\u4e00-\u9fff（）()]+")


def safe_download_name(original_name: str, extension: str, *, fallback: str) -> str:
    """A file name to serve an upload under: the uploader's stem reduced to letters, digits, CJK, "-", "_"
    and brackets (no path, quote, control or RTL-override character, at most 60 characters) with the
    extension of the *sniffed* type — so "报告.pdf.exe" of a PDF is served as "报告_pdf.pdf", never ".exe"."""
    stem = original_name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    stem = _UNSAFE_NAME_CHARACTERS.sub("_", stem).strip("._")[:60] or fallback
    return f"{stem}{extension}"


def read_capped(uploaded, limit: int) -> bytes:
    """The file's bytes, refusing anything over ``limit`` before (and while) reading it."""
    if getattr(uploaded, "size", None) is not None and uploaded.size > limit:
        raise UploadRejected(_("文件超过 %(mb)s MB 上限。") % {"mb": limit // (1024 * 1024)})
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise UploadRejected(_("文件超过 %(mb)s MB 上限。") % {"mb": limit // (1024 * 1024)})
    return data
