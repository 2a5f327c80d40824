"""Shapes of the case deadlines and follow-up in the staff API (api/staff/deadlines.py)."""

from django.utils import timezone
from rest_framework import serializers

from api.stateless import StatelessSerializer
from reporting.models import Deadline
from reporting.services.deadlines import FOLLOW_UP_NOTE_MAX
from reporting.vocabulary.deadlines import DeadlineKind


class DeadlineRecordInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DeadlineKind.choices)
    starts_on = serializers.DateField(help_text="The day of the event that starts the period.")


class DeadlineDayInputSerializer(serializers.Serializer):
    on = serializers.DateField(
        help_text="Pause: the first day that does not count. Resume: the first day that "
        "counts again."
    )


class FollowUpInputSerializer(serializers.Serializer):
    due_on = serializers.DateField()
    note = serializers.CharField(
        max_length=FOLLOW_UP_NOTE_MAX, allow_blank=True, default="", trim_whitespace=False
    )


class DeadlineOutputSerializer(StatelessSerializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=DeadlineKind.choices)
    starts_on = serializers.DateField()
    period_months = serializers.IntegerField(help_text="As configured when it was recorded.")
    paused_days = serializers.IntegerField(help_text="Days of finished pauses.")
    paused_since = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(help_text="The last day, with finished pauses added.")
    closed = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    def get_closed(self, deadline: Deadline) -> bool:
        return deadline.closed_at is not None

    def get_overdue(self, deadline: Deadline) -> bool:
        running = deadline.closed_at is None and deadline.paused_since is None
        return running and deadline.ends_on < timezone.localdate()


class FollowUpOutputSerializer(StatelessSerializer):
    due_on = serializers.DateField()
    note = serializers.CharField()


class CaseDeadlinesOutputSerializer(StatelessSerializer):
    deadlines = DeadlineOutputSerializer(many=True)
    follow_up = FollowUpOutputSerializer(allow_null=True)
