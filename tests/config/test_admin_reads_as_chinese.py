"""Issue 17: the admin reads as Chinese prose — app and model names, column headers, audit details,
messages — and regions are chosen by name or code, never typed in as a database id."""
import re

import pytest

from audit.models import AuditEvent, AuditEventType
from audit.services import audit_record
from regions.models import Region
from tests.conftest import sign_in_settled

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_index_names_every_app_and_model_in_chinese(client, portal_admin):
    sign_in_settled(client, portal_admin)
    html = client.get("/admin/", **ZH).content.decode()
    assert "登录失败锁定" in html and "双因素认证设备" in html and "登录尝试" in html
    assert "Axes" not in html and "Otp_Totp" not in html and "Access attempts" not in html


def test_user_list_has_a_name_column_not_a_method_name(client, portal_admin):
    sign_in_settled(client, portal_admin)
    html = client.get("/admin/accounts/user/", **ZH).content.decode()
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html, re.DOTALL)
    assert any("姓名" in header for header in headers)
    assert "full name" not in html.lower().replace("get_full_name", "")


@pytest.mark.parametrize("url", ["/admin/accounts/user/add/", "/admin/regions/region/add/", "/admin/plans/plan/add/",
                                 "/admin/indicators/baseline/add/"])
def test_region_fields_are_found_by_name_or_code(client, portal_admin, url):
    sign_in_settled(client, portal_admin)
    html = client.get(url, **ZH).content.decode()
    region_select = re.search(r'<select name="(?:region|parent)"[^>]*>', html).group(0)
    assert "admin-autocomplete" in region_select
    assert not re.search(r'name="(?:region|parent)"[^>]*vForeignKeyRawIdAdminField', html)
    # The autocomplete finds a region by its name and by its code.
    for term in ("阳春", "441781"):
        found = client.get("/admin/autocomplete/", {"term": term, "app_label": "accounts", "model_name": "user",
                                                    "field_name": "region"}).json()["results"]
        assert any(result["id"] == str(Region.objects.get(code="441781").pk) for result in found), term


def test_added_zone_is_named_in_the_success_message(client, portal_admin):
    sign_in_settled(client, portal_admin)
    city = Region.objects.get(code="441700")
    response = client.post("/admin/regions/region/add/", {"parent": city.pk, "code": "441771", "name": "阳江高新区",
                                                           "established_year": 2026},
                           follow=True, **ZH)
    message = next(str(m) for m in response.context["messages"])
    assert "阳江市阳江高新区" in message and "“”" not in message, message


def test_audit_details_read_as_prose_in_the_admin(client, auditor):
    audit_record(event=AuditEventType.EXPORT, user=auditor, details={"file": "填报表", "year": 2025})
    event = AuditEvent.objects.latest("id")
    sign_in_settled(client, auditor)
    html = client.get(f"/admin/audit/auditevent/{event.pk}/change/", **ZH).content.decode()
    assert "文件：填报表；年度：2025" in html
    assert "{&#x27;file&#x27;" not in html and '{"file"' not in html and "{&quot;file" not in html
