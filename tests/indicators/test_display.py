"""How values read (indicators.display): one rule for pages, workbooks, history and the conflict table."""
from decimal import Decimal

import pytest

from indicators.display import (
    change_text,
    json_number,
    number_text,
    plain_number,
    share_yes_text,
    value_text,
    with_unit,
    yes_no_text,
)
from indicators.models import ValueKind


@pytest.mark.parametrize(("kind", "value", "expected"), [
    (ValueKind.YES_NO, Decimal("100"), "是"),
    (ValueKind.YES_NO, Decimal("0"), "否"),
    (ValueKind.RATE, Decimal("86.2069"), "86.21%"),
    (ValueKind.RATE, Decimal("90.0000"), "90%"),
    (ValueKind.COUNT, Decimal("1200.0000"), "1200"),
    (ValueKind.AMOUNT, Decimal("12.5000"), "12.5"),
    (ValueKind.RATE, None, "—"),
])
def test_value_text_reads_as_the_indicator_kind(kind, value, expected):
    assert value_text(kind, value) == expected


def test_not_applicable_wins_over_any_value():
    assert value_text(ValueKind.YES_NO, Decimal("100"), not_applicable=True) == "无法填报"


def test_plain_number_keeps_every_digit_for_inputs_and_number_text_rounds_for_reading():
    assert plain_number(Decimal("86.206900")) == "86.2069"
    assert number_text(Decimal("86.206900")) == "86.21"
    assert plain_number(None) == "" and number_text(None) == "—" and yes_no_text(None) == "—"


@pytest.mark.parametrize(("value", "text"), [
    ("0.125", "0.12"), ("0.135", "0.14"), ("2.675", "2.68"), ("99.995", "100"), ("100.00", "100"), ("1E+3", "1000"),
    ("0", "0"), ("0E-10", "0"), ("80.10", "80.1"), ("-0.001", "-0"), ("12.3456789012345678901234", "12.35"),
])
def test_number_text_rounds_half_even_to_two_places_without_padding(value, text):
    assert number_text(Decimal(value)) == text
    assert number_text(Decimal(value)) == f"{Decimal(value).quantize(Decimal('0.01')).normalize():f}"


def test_json_numbers_are_ints_when_whole():
    assert json_number(Decimal("85.0000")) == 85 and isinstance(json_number(Decimal("85.0000")), int)
    assert json_number(Decimal("80.3000")) == 80.3 and json_number(None) is None


@pytest.mark.django_db
def test_the_plan_pages_show_what_was_read_beside_the_printed_text(client):
    from django.urls import reverse

    from indicators.models import Target

    readings = {target.text: target.reading for target in Target.objects.all()}
    assert readings[">90%"] == "> 90%"
    assert readings["≥90%"] == "≥ 90%" and readings["80%"] == "≥ 80%"
    assert readings["稳步提升"] == "比上期提升"
    yangjiang = Target.objects.filter(row__plan__region__code="441700").first().row.plan_id
    plan_page = client.get(reverse("plans:detail", args=[yangjiang]))
    assert "比上期提升" in plan_page.content.decode() and "&gt; 90%" in plan_page.content.decode()


@pytest.mark.parametrize(("yes", "answered", "expected"), [
    (3, 4, "3/4 是（75%）"),
    (0, 2, "0/2 是（0%）"),
    (2, 3, "2/3 是（66.67%）"),
    (0, 0, "—"),
])
def test_a_rolled_up_yes_no_indicator_reads_as_the_share_of_yes(yes, answered, expected):
    assert share_yes_text(yes, answered) == expected


@pytest.mark.parametrize(("text", "kind", "unit", "expected"), [
    ("12", ValueKind.COUNT, "人", "12人"),
    ("35.5", ValueKind.AMOUNT, "万元", "35.5万元"),
    ("86.21%", ValueKind.RATE, "%", "86.21%"),
    ("是", ValueKind.YES_NO, "%", "是"),
    ("—", ValueKind.COUNT, "人", "—"),
])
def test_with_unit_adds_the_unit_only_where_the_text_lacks_it(text, kind, unit, expected):
    assert with_unit(text, kind, unit) == expected


@pytest.mark.parametrize(("kind", "value", "previous", "expected"), [
    (ValueKind.RATE, Decimal("92.5"), Decimal("90"), "+2.5 个百分点"),
    (ValueKind.RATE, Decimal("88"), Decimal("90.004"), "-2 个百分点"),
    (ValueKind.RATE, Decimal("90"), Decimal("90"), "不变"),
    (ValueKind.COUNT, Decimal("1320"), Decimal("1200"), "+120（+10%）"),
    (ValueKind.AMOUNT, Decimal("30"), Decimal("40"), "-10（-25%）"),
    (ValueKind.COUNT, Decimal("5"), Decimal("0"), "+5"),
    (ValueKind.YES_NO, Decimal("100"), Decimal("0"), "否 → 是"),
    (ValueKind.YES_NO, Decimal("100"), Decimal("100"), "不变"),
    (ValueKind.RATE, Decimal("90"), None, "—"),
    (ValueKind.RATE, None, Decimal("90"), "—"),
])
def test_change_against_last_year_reads_as_the_indicator_kind(kind, value, previous, expected):
    assert change_text(kind, value, previous) == expected


@pytest.mark.parametrize(("field", "value", "kind", "expected"), [
    ("value", Decimal("100"), ValueKind.YES_NO, "是"),
    ("value", Decimal("86.2069"), ValueKind.RATE, "86.21%"),
    ("numerator", Decimal("45.00"), ValueKind.RATE, "45"),
    ("not_applicable", True, ValueKind.RATE, "是"),
    ("note", "台账", ValueKind.RATE, "台账"),
    ("note", "", ValueKind.RATE, "—"),
])
def test_a_field_reads_alike_in_the_conflict_table_and_the_review_diff(field, value, kind, expected):
    from indicators.display import field_text

    assert field_text(field, value, kind) == expected
