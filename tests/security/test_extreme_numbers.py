"""Every numeric input path with extreme magnitudes: 1e27, 1e308, 10**40, NaN, Infinity, tiny exponents.

The web entry form, a key-action metric, the Excel upload and ``import_values`` all refuse such a value
with the field's Chinese message: never a 500, never a partial write (issue 15, item 2).
"""
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from actions.models import ActionMetric, ActionReport, KeyAction
from actions.rules import clean_metric
from indicators.models import ValueKind
from plumbing.numbers import NumberRefused, bounded_decimal, small_int
from reporting.entry_excel import LETTER_OF_FIELD
from reporting.entry_rules import clean_entry
from reporting.models import IndicatorValue, Submission
from reporting.value_import import ValueImportError, values_import_csv
from tests.reporting.test_entry_excel import ROW, download, filled, upload

from .conftest import examples

pytestmark = pytest.mark.django_db

KNOWN_CULPRITS = ["1e27", "1e308", str(10**40), "NaN", "-NaN", "sNaN", "Infinity", "-Infinity", "inf",
                  "1e999999999", "1E+1000000000", "9" * 5000, "1e-999999999", "0e-99999999999", "-0"]
# Out of every field's range (or not a number at all): each must be refused.
huge = st.one_of(
    st.sampled_from([text for text in KNOWN_CULPRITS if text not in ("1e-999999999", "0e-99999999999", "-0")]),
    st.integers(min_value=10**10, max_value=10**400).map(str),
    st.floats(min_value=1e10, allow_infinity=True).map(repr),
    st.builds(lambda digits, exponent: f"{digits}e{exponent}", st.integers(1, 999), st.integers(10, 10**10)),
)
# Also harmless spellings of small numbers, for the pure rules (which must then give a bounded value).
extreme = st.one_of(huge, st.builds(lambda digits, exponent: f"{digits}e{exponent}", st.integers(1, 999),
                                    st.integers(-10**10, 10**10)))


# --- The rule, pure -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, reason", [("1e27", "too_large"), ("1e308", "too_large"), (str(10**40), "too_large"),
                                          ("NaN", "not_a_number"), ("Infinity", "not_a_number"), ("-1", "negative"),
                                          ("1e999999999", "too_large"), ("-1e999999999", "negative"), ("x", "not_a_number")])
def test_bounded_decimal_refuses_before_any_arithmetic(text, reason):
    with pytest.raises(NumberRefused) as refused:
        bounded_decimal(text, limit=Decimal(100))
    assert refused.value.reason == reason


def test_bounded_decimal_turns_every_zero_into_plain_zero():
    assert bounded_decimal("0e-99999999999", limit=Decimal(1)).as_tuple().exponent == 0


@pytest.mark.parametrize("text, expected", [("2024", 2024), ("²", None), ("٣", None), ("9" * 5000, None), ("", None),
                                            (" 12 ", 12), ("-1", None)])
def test_small_int_never_lets_int_raise(text, expected):
    assert small_int(text) == expected


@settings(max_examples=examples(200))
@given(text=extreme, kind=st.sampled_from([ValueKind.RATE, ValueKind.COUNT, ValueKind.AMOUNT]),
       field=st.sampled_from(["numerator", "denominator", "value"]))
def test_entry_rules_refuse_extremes_with_a_message(text, kind, field):
    raw = {"numerator": "1", "denominator": "2", field: text} if kind == ValueKind.RATE else {"value": text}
    entry, errors = clean_entry(kind, raw)
    if entry is None:
        assert all(isinstance(message, str) and message for message in errors.values())
    else:  # only a harmless spelling of a small value may pass ("1e-999999999" is not whole / has too many places)
        assert entry.value is None or entry.value.copy_abs() <= Decimal(10**8)


@settings(max_examples=examples(200))
@given(text=extreme)
def test_metric_rule_refuses_extremes(text):
    entry, errors = clean_metric("帮扶企业数", text, "家", prefix="m")
    assert (entry is None and errors["m-value"]) or entry.value <= Decimal(10**9)


# --- Through the real paths ------------------------------------------------------------------------

ENTRY_URL = "/reporting/441781/2024/"


def stored_values() -> tuple:
    return (list(IndicatorValue.objects.order_by("pk").values_list("indicator__code", "numerator", "denominator",
                                                                   "value")),
            list(Submission.objects.order_by("pk").values_list("region__code", "year", "version")),
            IndicatorValue.history.count())


@settings(max_examples=examples(30))
@given(text=huge, field=st.sampled_from(["OH01-value", "OH02-numerator", "OH02-denominator"]))
def test_entry_form_refuses_extremes(client, yangchun_officer, text, field):
    client.force_login(yangchun_officer)
    before = stored_values()
    data = {"version": "0", "save": "1", "OH02-numerator": "1", "OH02-denominator": "2", field: text}
    response = client.post(ENTRY_URL, data)
    assert response.status_code == 200 and response.context["form"].error_count > 0
    assert stored_values() == before


@pytest.fixture
def actions_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@settings(max_examples=examples(20))
@given(text=huge)
def test_key_action_metric_refuses_extremes(client, yangchun_officer, actions_media, text):
    client.force_login(yangchun_officer)
    action = KeyAction.objects.filter(plan__region__code="441700").order_by("seq").first()
    before = (ActionReport.objects.count(), ActionMetric.objects.count())
    response = client.post(reverse("actions:entry", args=["441781", 2024]), {
        "version": "0", "save": "1", f"a{action.pk}-metric-0-label": "帮扶企业数",
        f"a{action.pk}-metric-0-value": text, f"a{action.pk}-metric-0-unit": "家"})
    assert response.status_code == 200
    assert "数值" in response.content.decode()
    assert (ActionReport.objects.count(), ActionMetric.objects.count()) == before


@settings(max_examples=examples(15))
@given(value=st.one_of(st.sampled_from([1e27, 1e308, float("inf"), 10**40, "1e27", "NaN", "Infinity"]),
                       st.floats(min_value=1e9, allow_infinity=True)),
       code_field=st.sampled_from([("OH01", "value"), ("OH02", "numerator"), ("OH02", "denominator")]))
def test_excel_upload_refuses_extremes(client, yangchun_officer, value, code_field):
    client.force_login(yangchun_officer)
    before = stored_values()
    code, field = code_field
    coordinate = f"{LETTER_OF_FIELD[field]}{ROW[code]}"
    response = upload(client, filled(download(client), {coordinate: value}))
    assert response.status_code == 200
    assert coordinate in response.content.decode()
    assert stored_values() == before


@settings(max_examples=examples(30))
@given(text=huge, column=st.sampled_from(["numerator", "denominator", "value", "year"]))
def test_import_values_refuses_extremes(portal_admin, text, column):
    before = stored_values()
    cells = {"region_code": "441781", "indicator_code": "OH02", "year": "2024", "numerator": "1",
             "denominator": "2", "value": "", "note": ""}
    cells[column] = text
    csv = "region_code,indicator_code,year,numerator,denominator,value,note\n" + ",".join(cells.values()) + "\n"
    with pytest.raises(ValueImportError) as refused:
        values_import_csv(file=io.BytesIO(csv.encode()), user=portal_admin)
    assert refused.value.errors and all("第2行" in message for message in refused.value.errors)
    assert stored_values() == before


@settings(max_examples=examples(10))
@given(value=st.one_of(st.sampled_from([1e308, float("inf"), 10**40, 1e27]),
                       st.floats(min_value=1e16, allow_infinity=True), st.integers(min_value=10**16)),
       column=st.sampled_from(["target_2025", "seq"]))
def test_plan_template_refuses_extremes_in_number_and_text_columns(value, column):
    """The plan template's reading side: a huge number typed in a text column (target) or an int column
    (seq) is the cell's refusal, never a 500."""
    import openpyxl

    from plan_documents.documents import PlanDocumentError
    from plan_documents.excel_read import read_plan_workbook
    from plan_documents.excel_template import INDICATOR_SHEET, SHEET_COLUMNS
    from plumbing.xlsx import workbook_bytes
    from tests.plan_documents.test_plan_excel import exported

    workbook = openpyxl.load_workbook(io.BytesIO(exported("440704")))
    index = [c.key for c in SHEET_COLUMNS[INDICATOR_SHEET]].index(column) + 1
    workbook[INDICATOR_SHEET].cell(row=2, column=index).value = value
    with pytest.raises(PlanDocumentError) as refused:
        read_plan_workbook(io.BytesIO(workbook_bytes(workbook)))
    assert any("第2行" in message for message in refused.value.errors)
