"""Every workbook the portal writes, fetched through the real views, for the layout tests and the
LibreOffice suite (tests/reporting/test_workbooks_in_libreoffice.py)."""
import io

import openpyxl
from django.urls import reverse

from plans.models import Plan

# name → (who downloads it, URL name, URL args, query): 阳春市's entry sheet, 阳江市's dashboards and 中期评估,
# the audit log, and the plan template empty and filled with 阳江市's plan.
EXPORTS = {
    "entry": ("yangchun_officer", "reporting:entry_excel", ["441781", 2024], {}),
    "matrix": ("yangjiang_reviewer", "dashboard:matrix_xlsx", ["441700", 2024], {}),
    "counties": ("yangjiang_reviewer", "dashboard:counties_xlsx", ["441700", 2024], {}),
    "completeness": ("yangjiang_reviewer", "dashboard:completeness_xlsx", ["441700", 2024], {}),
    "actions": ("yangjiang_reviewer", "dashboard:actions_xlsx", ["441700", 2024], {}),
    "evaluation": ("yangjiang_reviewer", "dashboard:report_xlsx", ["441700", 2023], {}),
    "audit": ("auditor", "audit:export", [], {}),
    "plan_template": ("portal_admin", "plan_documents:download", [], {}),
    "plan": ("portal_admin", "plan_documents:download", [], {"plan": "441700"}),
}


def download(client, request, name: str) -> bytes:
    """The bytes of export ``name``, downloaded by its user (a fixture of tests/conftest.py)."""
    user, url_name, args, query = EXPORTS[name]
    client.force_login(request.getfixturevalue(user))
    if "plan" in query:
        query = {"plan": Plan.objects.get(region__code=query["plan"]).pk}
    response = client.get(reverse(url_name, args=args), query)
    assert response.status_code == 200, (name, response.status_code)
    return b"".join(response.streaming_content) if response.streaming else response.content


def opened(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))
