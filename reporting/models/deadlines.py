from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reporting.crypto import Context
from reporting.models.cases import Case
from reporting.vocabulary.deadlines import DeadlineKind


class Deadline(models.Model):
    """A legal period running for a case (an AGG claim, an objection, a court action).

    The period is copied from the settings when the deadline is recorded: changing a
    kind's period later changes only deadlines recorded afterwards. `ends_on` is the
    period's end moved on by the days of finished pauses (reporting.vocabulary.deadlines);
    while paused, the clock stands still and the end is not yet known."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=16, choices=DeadlineKind.choices)
    starts_on = models.DateField(help_text="The day of the event that starts the period.")
    period_months = models.PositiveSmallIntegerField()
    paused_days = models.PositiveIntegerField(default=0)
    paused_since = models.DateField(null=True, blank=True)
    ends_on = models.DateField()
    closed_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["ends_on", "id"]
        # The inbox filters and the reminders read running deadlines by their end.
        indexes = [
            models.Index(
                fields=["ends_on", "case"],
                condition=models.Q(closed_at__isnull=True, paused_since__isnull=True),
                name="deadline_running",
            )
        ]

    def __str__(self) -> str:
        return f"Deadline {self.pk}"


class FollowUp(models.Model):
    """The day a case is to be looked at again (Wiedervorlage), with a short note sealed
    to the association like an internal note."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="follow_up")
    due_on = models.DateField()
    note = models.BinaryField(null=True, help_text="Sealed; null: no note.")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["due_on", "case"], name="follow_up_due")]

    def __str__(self) -> str:
        return f"Follow-up of {self.case_id}"

    def context(self, field: str = "note") -> Context:
        return Context.of_row(self, self.case_id, field)


class ReminderKind(models.TextChoices):
    DEADLINE_14 = "DEADLINE_14", _("deadline in 14 days")
    DEADLINE_3 = "DEADLINE_3", _("deadline in 3 days")
    FOLLOW_UP = "FOLLOW_UP", _("follow-up date")


class SentReminder(models.Model):
    """A reminder claimed for sending. The row is committed before the mail goes out, and
    the unique constraints let only one worker claim a reminder: a reminder is sent at
    most once, even by a worker that is killed and restarted (docs/decisions.md)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    deadline = models.ForeignKey(Deadline, null=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    # The end date or follow-up day reminded of: a deadline moved by a pause, or a new
    # follow-up date, is reminded of again.
    due_on = models.DateField()
    claimed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "kind", "due_on"],
                condition=models.Q(deadline__isnull=False),
                name="reminder_once_per_deadline",
            ),
            models.UniqueConstraint(
                fields=["case", "due_on"],
                condition=models.Q(kind=ReminderKind.FOLLOW_UP),
                name="reminder_once_per_follow_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_on} of {self.case_id}"
