"""Periods in months by §§ 187, 188 BGB (docs/decisions.md)."""

import calendar
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporting.vocabulary.deadlines import deadline_end, months_later

D = datetime.date


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (D(2026, 1, 15), 2, D(2026, 3, 15)),  # § 188(2): the day with the same number
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # § 188(3): February is too short
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # ... in a leap year it has a 29th
        (D(2025, 12, 31), 2, D(2026, 2, 28)),  # over the turn of the year
        (D(2027, 12, 30), 2, D(2028, 2, 29)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 8, 31), 2, D(2026, 10, 31)),  # the last month has a 31st: no shortening
        (D(2028, 2, 29), 2, D(2028, 4, 29)),  # from a leap day
        (D(2028, 2, 29), 12, D(2029, 2, 28)),  # to a year without one
        (D(2026, 2, 28), 1, D(2026, 3, 28)),  # not "the last day of the month"
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
    ],
)
def test_months_later(start, months, end):
    assert months_later(start, months) == end


def test_paused_days_move_the_end_on():
    assert deadline_end(D(2026, 1, 31), 1, 0) == D(2026, 2, 28)
    assert deadline_end(D(2026, 1, 31), 1, 3) == D(2026, 3, 3)


@given(
    st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31)),
    st.integers(min_value=0, max_value=36),
)
def test_the_end_has_the_start_day_or_the_last_day_of_a_shorter_month(start, months):
    end = months_later(start, months)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    last_day = calendar.monthrange(end.year, end.month)[1]
    assert end.day == min(start.day, last_day)
