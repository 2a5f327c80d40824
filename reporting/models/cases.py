import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reporting.crypto import Context
from reporting.models.reports import Report


class CaseStatus(models.TextChoices):
    NEW = "NEW", _("Received")
    IN_REVIEW = "IN_REVIEW", _("Being reviewed")
    IN_COUNSELLING = "IN_COUNSELLING", _("In counselling")
    REFERRED = "REFERRED", _("Passed on to a member organisation")
    DOCUMENTED = "DOCUMENTED", _("Documented")
    NOT_DISCRIMINATION = "NOT_DISCRIMINATION", _("Reviewed")
    SPAM = "SPAM", _("Reviewed")
    CLOSED = "CLOSED", _("Closed")


class Case(models.Model):
    """The association's work on one report."""

    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="case")
    status = models.CharField(
        max_length=24, choices=CaseStatus.choices, default=CaseStatus.NEW, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    version = models.PositiveIntegerField(default=1)
    unread_for_staff = models.BooleanField(default=True)
    first_triaged_at = models.DateTimeField(null=True, blank=True)
    first_replied_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"Case {self.pk}"


class MessageAuthor(models.TextChoices):
    REPORTER = "REPORTER", _("You")
    STAFF = "STAFF", _("Meldestelle")


class Message(models.Model):
    """One message between the reporter and the association; the body is sealed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author_side = models.CharField(max_length=8, choices=MessageAuthor.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField()
    body = models.BinaryField()
    read_by_staff = models.BooleanField(default=False)
    read_by_reporter = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Message {self.pk}"

    def context(self, field: str = "body") -> Context:
        return Context(label=self._meta.label_lower, pk=str(self.pk), field=field)


class CaseEvent(models.Model):
    """Audit trail: who did what when. Never holds content."""

    class Verb(models.TextChoices):
        REPORTER_MESSAGE = "REPORTER_MESSAGE", "reporter wrote a message"

    case = models.ForeignKey(Case, null=True, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    verb = models.CharField(max_length=32, choices=Verb.choices)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.verb} on {self.case_id}"
