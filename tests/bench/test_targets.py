"""The benchmark judges each run against the issues' targets: the national 区县明细 against issue 18's."""
from bench.targets import _export_checks


def results(counties_ms: float, counties_mb: float) -> dict:
    return {"export": {"national": {"median_ms": 200}, "counties": {"median_ms": counties_ms}},
            "memory": {"export-national": {"peak_rss_mb": 130}, "export-counties": {"peak_rss_mb": counties_mb}}}


def verdicts(counties_ms, counties_mb):
    return {check.target: check.met for check in _export_checks(results(counties_ms, counties_mb))}


def test_the_county_level_export_is_held_to_issue_18s_time_and_memory():
    assert verdicts(1150, 195) == {
        "national export (全国 matrix.xlsx) ≤ 5 s": True, "national export (全国 matrix.xlsx) ≤ 300 MB peak": True,
        "national county-level export (全国 counties.xlsx, issue 18) ≤ 1.2 s": True,
        "national county-level export (全国 counties.xlsx, issue 18) ≤ 200 MB peak": True}
    missed = verdicts(1250, 205)
    assert not missed["national county-level export (全国 counties.xlsx, issue 18) ≤ 1.2 s"]
    assert not missed["national county-level export (全国 counties.xlsx, issue 18) ≤ 200 MB peak"]
    assert missed["national export (全国 matrix.xlsx) ≤ 5 s"]
