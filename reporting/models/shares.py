from django.conf import settings
from django.db import models

from reporting.crypto import Context
from reporting.models.cases import Case


class CaseShare(models.Model):
    """A member organisation's own case shared with the association: the reverse of a
    referral (DESIGN §9). Only with the reporter's consent to passing on; the summary
    the member caseworker wrote is sealed to the association's keys and the
    organisation's own, and the case's content stays sealed to the organisation alone.
    Destroyed (summary wiped, `ended_at` set) when the reporter withdraws consent."""

    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="share"
    )
    summary = models.BinaryField(null=True)
    consent_version = models.CharField(max_length=16)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["-shared_at"], name="caseshare_recent")]

    def __str__(self) -> str:
        return f"Share of case {self.case_id}"

    def context(self, field: str = "summary") -> Context:
        return Context.of_row(self, self.pk, field)

    @property
    def is_active(self) -> bool:
        return self.ended_at is None
