"""``rows_converted_once`` reads a query's rows exactly as Django's own iterator does, on each backend: the
same values of the same types (decimals with the same digits), with each distinct value converted once."""
from decimal import Decimal

import pytest
from django.db.models import Count, Q, Sum

from indicators.models import Indicator
from lifecycle.models import SubmissionStatus
from plumbing.rows import rows_converted_once
from regions.models import Region
from reporting.models import IndicatorValue, Submission

pytestmark = pytest.mark.django_db


def values(code: str, year: int, **entered):
    submission = Submission.objects.create(region=Region.objects.get(code=code), year=year,
                                           status=SubmissionStatus.APPROVED)
    for indicator_code, (numerator, denominator, value) in entered.items():
        submission.values.create(indicator=Indicator.objects.get(code=indicator_code), numerator=numerator,
                                 denominator=denominator, value=value,
                                 not_applicable=value is None, not_applicable_reason="无数据" if value is None else "")


@pytest.fixture
def entered():
    values("441702", 2024, OH02=(Decimal("17.5"), 20, Decimal("87.5")), OH03=(3, 4, 75), OH01=(None, None, 12))
    values("441781", 2024, OH02=(Decimal("0.35"), 1, 35), OH03=(0, 4, 0), OH01=(None, None, None))
    values("441721", 2024, OH02=(Decimal("17.5"), 20, Decimal("87.5")), OH09=(None, None, 100))


def summed():
    return (IndicatorValue.objects.values("submission__region__code", "indicator__code")
            .annotate(numerator_sum=Sum("numerator"), value_sum=Sum("value"), counted=Count("value"),
                      yes=Count("id", filter=Q(value__gt=0)))
            .order_by("submission__region__code", "indicator__code")
            .values_list("submission__region__code", "indicator__code", "numerator_sum", "value_sum", "counted", "yes"))


def plain():
    return (IndicatorValue.objects.order_by("submission__region__code", "indicator__code")
            .values_list("submission__region__code", "indicator__code", "numerator", "denominator", "value",
                         "not_applicable"))


@pytest.mark.parametrize("query", [summed, plain])
def test_rows_read_as_djangos_iterator_reads_them(entered, query):
    expected = list(query().iterator())
    rows = list(rows_converted_once(query(), chunk_size=2))  # several chunks
    assert rows == expected
    assert [tuple(map(type, row)) for row in rows] == [tuple(map(type, row)) for row in expected]
    assert [tuple(map(str, row)) for row in rows] == [tuple(map(str, row)) for row in expected]  # same digits


def test_each_distinct_value_of_a_column_is_one_object(entered):
    rows = list(rows_converted_once(plain()))
    rates = [row[4] for row in rows if row[1] == "OH02" and row[4] == Decimal("87.5")]
    assert len(rates) == 2 and rates[0] is rates[1]


def test_a_query_that_cannot_match_reads_no_rows(entered):
    assert list(rows_converted_once(plain().filter(indicator__in=[]))) == []


def test_an_unhashable_raw_value_is_read_value_by_value(entered, monkeypatch):
    """A raw value that cannot be a dictionary key (a PostgreSQL array) is converted without the cache."""
    from django.db.models.sql.compiler import SQLCompiler

    real_execute = SQLCompiler.execute_sql

    def code_as_a_list(self, *args, **kwargs):
        chunks = real_execute(self, *args, **kwargs)  # runs the query (and sets the compiler up) now
        return ([([row[0]], *row[1:]) for row in chunk] for chunk in chunks)

    expected = list(plain().iterator())
    monkeypatch.setattr(SQLCompiler, "execute_sql", code_as_a_list)
    rows = list(rows_converted_once(plain(), chunk_size=2))
    assert [row[0] for row in rows] == [[row[0]] for row in expected]
    assert [row[1:] for row in rows] == [row[1:] for row in expected]
    assert [tuple(map(str, row[1:])) for row in rows] == [tuple(map(str, row[1:])) for row in expected]
