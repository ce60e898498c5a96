"""values_import_csv on random CSV rows: either ValueImportError listing the problems and nothing
written, or a consistent import (every row stored as given, as approved reports, counts that add up)."""
import csv
import io
from decimal import Decimal

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from lifecycle.models import SubmissionStatus
from reporting.models import IndicatorValue, Submission
from reporting.value_import import COLUMNS, ValueImportError, values_import_csv

from .conftest import examples

pytestmark = pytest.mark.django_db

# Any character but surrogates, NUL included (refused by line since test_value_import_known_problems.py).
cell_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
number_cell = st.one_of(st.sampled_from(["", "0", "45", "50", "100", "1,000", "-1", "1e3", "NaN", "4.5", "92", "是"]),
                        st.integers(0, 500).map(str), cell_text)
row = st.fixed_dictionaries({
    "region_code": st.sampled_from(["441781", "440114", "441702", "999999", "", "44178"]),
    "indicator_code": st.sampled_from(["OH01", "OH02", "oh02", "OH03", "OH08", "OH09", "OH99", ""]),
    "year": st.sampled_from(["2023", "2024", "2025", "2020", "２０２４", "abc", ""]),
    "numerator": number_cell, "denominator": number_cell, "value": number_cell,
    "note": st.one_of(st.just(""), st.sampled_from(["卫健局统计", "=1+1"]), cell_text),
})

@st.composite
def plausible_row(draw) -> dict:
    """A row that may well be importable: a reported indicator of 阳春市 or 花都区, a sensible number."""
    region, year = draw(st.sampled_from(["441781", "440114"])), str(draw(st.integers(2021, 2025)))
    code = draw(st.sampled_from(["OH02", "OH03"] if region == "440114" else ["OH01", "OH02", "OH09"]))
    cells = {"region_code": region, "indicator_code": code, "year": year, "numerator": "", "denominator": "",
             "value": "", "note": draw(st.sampled_from(["", "", "卫健局统计", "=1+1"]))}
    if code == "OH01":
        cells["value"] = str(draw(st.integers(0, 200_000)))
    elif code == "OH09":
        cells["value"] = draw(st.sampled_from(["是", "否", "1", "0", "yes"]))
    else:
        denominator = draw(st.integers(1, 500))
        cells["numerator"], cells["denominator"] = str(draw(st.integers(0, denominator))), str(denominator)
    return cells


csv_file = st.tuples(
    st.one_of(st.lists(plausible_row(), min_size=1, max_size=8),
              st.lists(st.one_of(plausible_row(), row), min_size=1, max_size=8)),
    st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
)


def encode(rows: list[dict], encoding: str) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def written() -> tuple:
    return (sorted(IndicatorValue.objects.values_list("submission__region__code", "submission__year", "indicator__code",
                                                      "numerator", "denominator", "value", "note")),
            sorted(Submission.objects.values_list("region__code", "year", "status", "version")),
            IndicatorValue.history.count(), Submission.history.count())


def number(text: str) -> Decimal | None:
    text = text.strip().replace(",", "")
    return Decimal(text) if text else None


@settings(max_examples=examples(40))
@given(generated=csv_file)
def test_an_import_is_all_rows_or_nothing(portal_admin, generated):
    rows, encoding = generated
    before = written()

    try:
        summary = values_import_csv(file=io.BytesIO(encode(rows, encoding)), user=portal_admin)
    except ValueImportError as error:
        assert error.errors and all(isinstance(message, str) and message for message in error.errors)
        assert written() == before, "a refused file wrote something"
        event("refused")
        return
    event("imported")

    data_rows = [r for r in rows if any(value.strip() for value in r.values())]
    assert summary.rows == len(data_rows)
    assert summary.values_created + summary.values_updated + summary.values_unchanged == len(data_rows)
    assert IndicatorValue.objects.count() == len(before[0]) + summary.values_created
    for given_row in data_rows:
        stored = IndicatorValue.objects.select_related("submission").get(
            submission__region__code=given_row["region_code"], submission__year=int(given_row["year"]),
            indicator__code=given_row["indicator_code"].strip().upper())
        assert stored.submission.status == SubmissionStatus.APPROVED
        assert stored.note == given_row["note"].strip()
        if stored.numerator is not None:
            assert (stored.numerator, stored.denominator) == (number(given_row["numerator"]), number(given_row["denominator"]))
        assert stored.value is not None
