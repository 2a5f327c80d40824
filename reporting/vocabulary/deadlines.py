"""Deadline kinds and the German rule for periods counted in months (§§ 187, 188 BGB).

docs/decisions.md ("Deadlines: §§ 187, 188 BGB") explains the rule and what it leaves out.
"""

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# How far ahead the inbox and the reminders look.
DUE_SOON_DAYS = 14
# Reminders go out this many days before a deadline ends, earliest first.
REMINDER_DAYS = (14, 3)


class DeadlineKind(models.TextChoices):
    AGG_CLAIM = "AGG_CLAIM", _("AGG claim (§ 15(4), § 21(5) AGG)")
    OBJECTION = "OBJECTION", _("Objection against an authority's decision")
    COURT_ACTION = "COURT_ACTION", _("Court action")


class DueFilter(models.TextChoices):
    """The inbox's and the API's filter by dates (reporting.selectors.deadlines)."""

    DEADLINE_SOON = "DEADLINE_SOON", _("Deadline within 14 days")
    OVERDUE = "OVERDUE", _("Deadline overdue")
    FOLLOW_UP_DUE = "FOLLOW_UP_DUE", _("Follow-up due")


def period_months(kind: str) -> int:
    """The period of `kind` as configured now (settings.DEADLINE_PERIOD_MONTHS); a
    deadline keeps the period it was recorded with."""
    return settings.DEADLINE_PERIOD_MONTHS[kind]


def months_later(start: datetime.date, months: int) -> datetime.date:
    """The end of a period of `months` months that starts to run with an event on `start`.

    § 187(1) BGB: the day of the event does not count; § 188(2): the period ends with the
    day of the last month that has the event day's number; § 188(3): where that month is
    too short, with its last day (31 January + 1 month: 28 or 29 February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def deadline_end(start: datetime.date, months: int, paused_days: int) -> datetime.date:
    """A period's last day, moved on by the days it was paused (§ 209 BGB: a pause is not
    counted into the period)."""
    return months_later(start, months) + datetime.timedelta(days=paused_days)
