"""Making the 区县明细 export faster (issue 18, "Speed") must not change one cell: every cell of 广东省's
county sheets — value, number format, fill and font — in Chinese and in English, against the workbooks the
export wrote before that work (commit a5506c1), kept in data/ — rewritten once at the merge with rule 2's
baselines (the demo's entered 2020 基线值 move interim verdicts), by the code before the speed work (bf9eadd).

The snapshot is rewritten only on purpose, when a change of content is intended and reviewed:
``WRITE_WORKBOOK_SNAPSHOT=1 .venv/bin/python -m pytest -p no:cacheprovider tests/reporting/test_counties_export_snapshot.py``
writes the files and fails, so that a run that writes them never passes.
"""
import gzip
import json
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from tests.reporting.test_county_matrix import demo_values, guangdong_reviewer  # noqa: F401 (fixtures)
from tests.reporting.workbooks import opened

pytestmark = pytest.mark.django_db
DATA = Path(__file__).with_name("data")


def cell_snapshot(cell) -> list:
    """What a reader sees of a cell: its value and type, how the number is shown, its colours and weight."""
    fill = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else None
    font = cell.font
    return [cell.value, cell.data_type, cell.number_format, fill, font.color.rgb if font.color else None,
            bool(font.b), font.name]


def workbook_snapshot(content: bytes) -> dict[str, list[list]]:
    workbook = opened(content)
    return {sheet.title: [[cell_snapshot(cell) for cell in row] for row in sheet.iter_rows()]
            for sheet in workbook.worksheets}


SNAPSHOTS = [("440000", 2024, "zh-hans"), ("440000", 2024, "en"), ("440000", 2023, "zh-hans"),
             ("441700", 2024, "zh-hans"), ("441700", 2024, "en")]


def snapshot_path(code: str, year: int, language: str) -> Path:
    return DATA / f"counties_{code}_{year}_{language}.snapshot.json.gz"


def test_the_county_sheets_are_cell_for_cell_what_they_were(client, guangdong_reviewer, demo_values):
    # One test for the five workbooks: the demo data takes most of its time, and is loaded once.
    client.force_login(guangdong_reviewer)
    writing = os.environ.get("WRITE_WORKBOOK_SNAPSHOT") == "1"
    for code, year, language in SNAPSHOTS:
        # A request leaves its language active in this thread: the next tests must not run in English.
        with translation.override(translation.get_language()):
            response = client.get(reverse("dashboard:counties_xlsx", args=[code, year]), HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        # As stored: JSON turns tuples into lists and anything else (a date) into its text.
        now = json.loads(json.dumps(workbook_snapshot(response.content), ensure_ascii=False, default=str))
        path = snapshot_path(code, year, language)
        if writing:
            path.write_bytes(gzip.compress(json.dumps(now, ensure_ascii=False).encode(), mtime=0))
            continue
        before = json.loads(gzip.decompress(path.read_bytes()))
        assert list(now) == list(before), (code, year, language)
        for name in before:
            assert len(now[name]) == len(before[name]), (code, year, language, name)
            for number, (row_now, row_before) in enumerate(zip(now[name], before[name], strict=True), start=1):
                assert row_now == row_before, (code, year, language, name, number)
    if writing:
        pytest.fail("snapshots written: review them, then rerun without WRITE_WORKBOOK_SNAPSHOT")


def test_the_snapshots_hold_every_kind_of_verdict_the_export_writes():
    """The comparison above is worth as much as the variety it covers: both languages' explanations,
    the like-for-like wording and six statuses (the interim path's on_track / behind and undetermined are not
    in the demo data: ``tests/reporting/test_compliance_wording.py`` compares every branch of ``judge``)."""
    for language in ("zh-hans", "en"):
        statuses, explanations = set(), []
        for code, year, _language in (snapshot for snapshot in SNAPSHOTS if snapshot[2] == language):
            sheets = json.loads(gzip.decompress(snapshot_path(code, year, language).read_bytes()))
            header = [cell[0] for cell in sheets["达标情况"][0]]
            for row in sheets["达标情况"][1:]:
                for title, cell in zip(header, row, strict=True):
                    if title.endswith("状态") and cell[0]:
                        statuses.add(cell[0])
                    if title.endswith("说明") and cell[0]:
                        explanations.append(cell[0])
        assert len(statuses) >= 6, statuses  # met, not met, in progress, no data, no target, no plan
        like_for_like = {"zh-hans": "两年均有数", "en": "reported in both years"}[language]
        assert any(like_for_like in text for text in explanations), language
