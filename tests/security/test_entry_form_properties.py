"""The entry form with random input, through the Django test client: never a 500, and either every
row is saved as entered or nothing changes (no half-saved report)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regions.models import Region
from reporting.entry_rules import clean_entry
from reporting.models import IndicatorValue, Submission
from reporting.selectors import entry_rows

from .conftest import examples

pytestmark = pytest.mark.django_db

URL = "/reporting/441781/2024/"
RATES = ("OH02", "OH03", "OH04", "OH05", "OH06", "OH07", "OH10")
TRICKY = ["", "0", "00", "45", "50", "100", "1,000", "１２", "-1", "1e3", "NaN", "Infinity", "4.5", "  7 ", "٣",
          "10000001", "99999999999999999999", "0.00001", "\x00", "<script>", "=1+1", "九十"]
number_text = st.one_of(st.sampled_from(TRICKY), st.integers(0, 2_000).map(str),
                        st.decimals(0, 10**9, places=2, allow_nan=False).map(str), st.text(max_size=12))
free_text = st.one_of(st.just(""), st.sampled_from(["卫健局统计", "=HYPERLINK(\"x\")", "\x00"]), st.text(max_size=320))
row_input = st.fixed_dictionaries({}, optional={
    "numerator": number_text, "denominator": number_text, "value": number_text,
    "yes_no": st.sampled_from(["", "yes", "no", "maybe", "是"]), "not_applicable": st.sampled_from(["", "on"]),
    "reason": free_text, "note": free_text,
})
form_input = st.fixed_dictionaries({code: row_input for code in ("OH01", *RATES, "OH09")})

FIELDS = ("numerator", "denominator", "value", "not_applicable", "not_applicable_reason", "note")


def snapshot() -> tuple:
    values = {v.indicator.code: tuple(getattr(v, field) for field in FIELDS)
              for v in IndicatorValue.objects.select_related("indicator")}
    submission = Submission.objects.filter(region__code="441781", year=2024).first()
    return values, submission.version if submission else 0, IndicatorValue.history.count()


@settings(max_examples=examples(40))
@given(posted=form_input)
def test_random_input_is_saved_whole_or_not_at_all(client, yangchun_officer, posted):
    client.force_login(yangchun_officer)
    before = snapshot()
    data = {"version": str(before[1]), "save": "1"}
    for code, fields in posted.items():
        data |= {f"{code}-{field}": value for field, value in fields.items()}

    response = client.post(URL, data)

    assert response.status_code in (200, 302)
    after = snapshot()
    if response.status_code == 200:
        assert after == before, "a refused form changed the stored values"
        assert response.context["form"].error_count > 0
        return
    # Saved: every row holds exactly what the entry rules make of the input (rows left empty with no
    # stored value stay absent).
    rows = {row.code: row for row in entry_rows(Region.objects.get(code="441781"), 2024)}
    for code, row in rows.items():
        raw = {field: value.strip() for field, value in posted.get(code, {}).items()}
        raw["not_applicable"] = "1" if raw.get("not_applicable") else ""
        entry, errors = clean_entry(row.indicator.value_kind, raw)
        assert not errors, (code, errors)
        stored = after[0].get(code)
        expected = (entry.numerator, entry.denominator, entry.value, entry.not_applicable, entry.reason, entry.note)
        assert stored == expected or (stored is None and entry.is_empty and code not in before[0])
    assert after[1] > before[1]
