"""reporting.tables: a matrix cell reads without colour and without a mouse (issue 17)."""
import re

from django.urls import reverse

from regions.models import Region
from reporting.compliance import Status
from reporting.dashboard import compliance_matrix
from reporting.tables import STATUS_SYMBOLS, CellRenderer, indicator_header

from .test_dashboard import report


def oh02_cell_html(year=2025):
    cell = next(row for row in compliance_matrix(Region.objects.get(code="441700"), year).children
                if row.region.code == "441781").cell("OH02")
    return cell, CellRenderer().html(cell, url="/reporting/441781/2025/")


def test_every_status_has_its_own_symbol():
    assert set(STATUS_SYMBOLS) == set(Status)
    assert len(set(STATUS_SYMBOLS.values())) == len(Status)


def test_cell_shows_symbol_spoken_status_and_a_why_panel_with_the_hover_text(db):
    report("441781", 2025, OH02=(90, 100))
    cell, html = oh02_cell_html()
    assert cell.status == "not_met"
    assert '<span class="status-symbol" aria-hidden="true">✗</span>' in html
    assert '<span class="visually-hidden">未达标 </span>' in html  # a screen reader hears the status
    title = re.search(r'title="([^"]*)" data-status', html).group(1)
    panel = re.search(r'<details class="cell-why"><summary[^>]*>.*?</summary><div class="cell-why-text" role="note">(.*?)</div></details>',
                      html).group(1)
    assert panel == title and "90 不满足“&gt;90%”" in panel
    assert '<span class="visually-hidden">判断依据 OH02</span>' in html  # the disclosure's accessible name


def test_a_cell_without_a_value_says_its_status_once(db):
    _, html = oh02_cell_html()
    assert '<span class="status-symbol" aria-hidden="true">–</span><a href="/reporting/441781/2025/" class="cell-link">未填报</a>' in html


def test_column_header_names_the_indicator(db):
    header = indicator_header(compliance_matrix(Region.objects.get(code="441700"), 2025).indicators[1])
    assert header.startswith("OH02<div") and 'lang="zh-Hans"' in header and "工业企业职业病危害" in header


def test_dashboard_headers_show_short_names_not_bare_codes(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    html = client.get(reverse("dashboard:matrix", args=["441700", 2025])).content.decode()
    headers = re.findall(r"<th[^>]*>(.*?)</th>", html, re.DOTALL)
    oh02 = [header for header in headers if "OH02" in header]
    assert len(oh02) == 2 and all("工业企业职业病危害" in header for header in oh02)  # own row and children
