import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reporting.crypto import Context
from reporting.models.cases import Case
from reporting.models.organisations import Organisation


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReferralQuerySet":
        """Association caseworkers see all; partners only their organisation's."""
        from reporting.permissions import can_work_on_cases, handles_referrals

        if can_work_on_cases(user):
            return self
        if handles_referrals(user):
            return self.filter(organisation_id=user.staff.organisation_id)
        return self.none()


class Referral(models.Model):
    """A case passed on, with consent, to one member organisation.

    The summary is sealed to the receiving organisation's keys and the
    association's keys only; it is destroyed when the reporter withdraws consent.
    """

    class Status(models.TextChoices):
        SENT = "SENT", _("Sent")
        ACCEPTED = "ACCEPTED", _("Accepted")
        DECLINED = "DECLINED", _("Declined")
        CLOSED = "CLOSED", _("Closed")
        WITHDRAWN = "WITHDRAWN", _("Withdrawn by the reporter")

    class Outcome(models.TextChoices):
        COUNSELLING = "COUNSELLING", _("Counselling given")
        MEDIATION = "MEDIATION", _("Mediation")
        COMPLAINT = "COMPLAINT", _("Complaint lodged")
        LEGAL_ACTION = "LEGAL_ACTION", _("Legal action supported")
        NO_CONTACT = "NO_CONTACT", _("No contact possible")
        DECLINED_BY_REPORTER = "DECLINED_BY_REPORTER", _("Declined by the reporter")
        OTHER = "OTHER", _("Other")

    OPEN = (Status.SENT, Status.ACCEPTED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SENT)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    consent_version = models.CharField(max_length=16)
    summary = models.BinaryField(null=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Referral {self.pk} to {self.organisation}"

    def context(self, field: str = "summary") -> Context:
        return Context.of_row(self, self.pk, field)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class ReferralUpdate(models.Model):
    """A step on a referral (accept, decline, update, close) with an optional sealed text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Referral.Status.choices)
    created_at = models.DateTimeField()
    body = models.BinaryField(null=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Update {self.pk}"

    def context(self, field: str = "body") -> Context:
        return Context.of_row(self, self.pk, field)


class ExternalReferral(models.Model):
    """A case passed on, with consent, to a body outside the network (a statewide
    counselling service, say). Nothing is sent from the system: the summary is shown
    once to hand over and kept sealed to the association only. The body's name is
    clear text: it names an institution, not the reporter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="external_referrals")
    body_name = models.CharField(max_length=200)
    referred_on = models.DateField()
    consent_version = models.CharField(max_length=16)
    summary = models.BinaryField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-referred_on", "-created_at"]

    def __str__(self) -> str:
        return f"External referral {self.pk} to {self.body_name}"

    def context(self, field: str = "summary") -> Context:
        return Context.of_row(self, self.pk, field)
