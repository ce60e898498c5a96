"""Problems of values_import_csv once found by property tests, now refused with messages by line
instead of escaping as a traceback from ``manage.py import_values``:

- a cell over 128 KB (``csv`` raises ``csv.Error: field larger than field limit``);
- a NUL character in a note (the web form refuses it; PostgreSQL cannot store it).
"""
import io

import pytest

from reporting.value_import import ValueImportError, values_import_csv

pytestmark = pytest.mark.django_db

HEADER = "region_code,indicator_code,year,numerator,denominator,value,note\n"


def test_a_cell_over_the_csv_field_limit_is_reported_by_line(portal_admin):
    data = HEADER + f'441781,OH02,2024,45,50,,"{"说" * 140_000}"\n'
    with pytest.raises(ValueImportError):
        values_import_csv(file=io.BytesIO(data.encode()), user=portal_admin)


def test_a_nul_character_in_a_note_is_reported_by_line(portal_admin):
    data = HEADER + "441781,OH02,2024,45,50,,卫健局\x00统计\n"
    with pytest.raises(ValueImportError):
        values_import_csv(file=io.BytesIO(data.encode()), user=portal_admin)
