"""Oversized requests are refused by their Content-Length, before the body is read, with a Chinese 413."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporting.models import IndicatorValue, Submission

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
ENTRY_UPLOAD = reverse("reporting:entry_excel_upload", args=["441781", 2024])
PLAN_UPLOAD = "/admin/plans/excel/"
ACTION_ENTRY = reverse("actions:entry", args=["441781", 2024])
ENTRY = reverse("reporting:entry", args=["441781", 2024])


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anybody reads it."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


def declared_post(client, url: str, length: int):
    """A POST that declares ``length`` bytes but whose body must never be read."""
    return client.post(url, content_type="application/octet-stream", CONTENT_LENGTH=str(length),
                       **{"wsgi.input": UnreadableBody()})


@pytest.mark.parametrize("url, length", [
    (ENTRY_UPLOAD, 4 * MB),       # Excel sheets: 2 MB, refused outright well before 12 MB
    (PLAN_UPLOAD, 4 * MB),
    (ACTION_ENTRY, 13 * MB),      # everything else: 12 MB
    (ENTRY, 500 * MB),
], ids=["entry-excel", "plan-excel", "evidence", "anything"])
def test_an_oversized_request_is_refused_before_its_body_is_read(client, yangchun_officer, url, length):
    client.force_login(yangchun_officer)

    response = declared_post(client, url, length)

    assert response.status_code == 413
    page = response.content.decode()
    assert "上传内容过大，服务器未接收" in page and "每个不超过 2 MB" in page
    assert f"{length / MB:.1f} MB" in page
    assert "Content-Security-Policy" in response  # the refusal is a page of ours like any other
    assert not Submission.objects.exists()


def test_the_refusal_names_the_logged_in_user_like_every_page(client, yangchun_officer):
    client.force_login(yangchun_officer)
    response = declared_post(client, ENTRY_UPLOAD, 4 * MB)
    assert "yangchun" in response.content.decode() or "阳春市" in response.content.decode()


def test_a_real_oversized_excel_upload_is_refused_and_nothing_is_written(client, yangchun_officer):
    client.force_login(yangchun_officer)
    response = client.post(ENTRY_UPLOAD, {"workbook": SimpleUploadedFile("填报.xlsx", b"PK\x03\x04" + b"\0" * (4 * MB))})
    assert response.status_code == 413
    assert not Submission.objects.exists() and not IndicatorValue.objects.exists()


def test_an_excel_file_just_over_2_mb_still_gets_the_message_next_to_the_field(client, yangchun_officer):
    """Between the form's 2 MB and the middleware's cap the form explains itself in place."""
    client.force_login(yangchun_officer)
    response = client.post(ENTRY_UPLOAD, {"workbook": SimpleUploadedFile("填报.xlsx", b"PK\x03\x04" + b"\0" * (2 * MB))})
    assert response.status_code == 200
    assert "文件超过 2 MB" in response.content.decode()


def test_requests_under_the_cap_pass(client, yangchun_officer):
    client.force_login(yangchun_officer)
    response = client.post(ENTRY, {"version": "0", "OH02-numerator": "45", "OH02-denominator": "50", "save": "1"})
    assert response.status_code == 302
    assert Submission.objects.get().values.get().value == 90


def test_a_malformed_content_length_is_a_bad_request(client):
    response = client.post("/login/", content_type="text/plain", CONTENT_LENGTH="12abc",
                           **{"wsgi.input": UnreadableBody()})
    assert response.status_code == 400
    assert "请求无效" in response.content.decode()


def test_too_many_form_bytes_under_the_cap_are_a_bad_request_not_a_crash(client, yangchun_officer):
    """DATA_UPLOAD_MAX_MEMORY_SIZE (5 MB of non-file fields): Django answers 400 with our page."""
    client.force_login(yangchun_officer)
    response = client.post(ENTRY, {"version": "0", "OH02-note": "说" * (2 * MB), "save": "1"})
    assert response.status_code == 400
    assert "请求无效" in response.content.decode()
    assert not Submission.objects.exists()


def test_get_requests_are_never_refused(client):
    assert client.get("/login/").status_code == 200
