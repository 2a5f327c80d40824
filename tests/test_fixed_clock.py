"""The suite runs on a fixed calendar, whatever day CI runs on."""

import datetime

from django.utils import timezone

from tests.conftest import FIXED_START


def test_every_test_starts_on_the_fixed_instant():
    elapsed = timezone.now() - FIXED_START
    assert datetime.timedelta(0) <= elapsed < datetime.timedelta(minutes=5)
    assert timezone.localdate() == datetime.date(2026, 6, 17)
