"""The dashboard's pure pieces: period buckets and the under-served rule."""

from datetime import date

from program_planner.reports.dashboard.coverage import Coverage, mark_under_served
from program_planner.reports.dashboard.stats import buckets as _buckets


def test_short_periods_are_broken_down_by_month(app):
    with app.app_context():
        unit, buckets = _buckets(date(2019, 11, 20), date(2020, 2, 3))
    assert unit == "month"
    assert [label for label, *_ in buckets] == ["2019-11", "2019-12", "2020-01", "2020-02"]
    assert all(start < end for _label, start, end in buckets)
    assert all(a[2] == b[1] for a, b in zip(buckets, buckets[1:], strict=False))


def test_long_periods_are_broken_down_by_year(app):
    with app.app_context():
        unit, buckets = _buckets(date(2015, 6, 1), date(2019, 2, 1))
    assert unit == "year"
    assert [label for label, *_ in buckets] == ["2015", "2016", "2017", "2018", "2019"]


def group(name, population, programs, reach):
    return Coverage(0, name, population, None, programs, reach, 0)


def test_under_served_groups():
    rows = [
        group("a", 1000, 2, 100),  # 10 %
        group("b", 1000, 1, 40),  # 4 %
        group("c", 1000, 1, 10),  # 1 %: below half the median (4 % / 2)
        group("d", 1000, 0, 0),  # no program
        group("e", None, 1, 50),  # no estimate: judged on programs only
    ]
    assert mark_under_served(rows) == 0.04
    assert [r.name for r in rows if r.under_served] == ["c", "d"]


def test_no_population_estimate_anywhere():
    rows = [group("a", None, 1, 5), group("b", None, 0, 0)]
    assert mark_under_served(rows) is None
    assert [r.name for r in rows if r.under_served] == ["b"]
