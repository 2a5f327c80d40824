import uuid

from django.conf import settings
from django.db import models

from reporting.crypto import Context, PublicKey
from reporting.fields import CodeSetField
from reporting.vocabulary.taxonomy import (
    STORED_DISTRICTS,
    Area,
    Channel,
    Form,
    Ground,
    IncidentType,
    PoliceReport,
    ReporterRole,
)


class Report(models.Model):
    """What a reporter submitted; immutable once stored.

    Clear columns are low-identifying categories needed to list, filter and
    count without decrypting. Everything the reporter wrote is in `content`
    and `contact`, each an envelope sealed to the association and to the
    reporter's own key.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_on = models.DateField()
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    reporter_role = models.CharField(max_length=16, choices=ReporterRole.choices)
    incident_month = models.CharField(max_length=7, blank=True, help_text="YYYY-MM; empty: unknown")
    district = models.CharField(max_length=16, choices=STORED_DISTRICTS)
    grounds = CodeSetField(choices_class=Ground)
    areas = CodeSetField(choices_class=Area)
    forms = CodeSetField(choices_class=Form)
    incident_types = CodeSetField(choices_class=IncidentType)
    reported_to_police = models.CharField(max_length=8, choices=PoliceReport.choices)
    # Staff who take a report by phone, in person, … record it with its channel.
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.WEB)
    # False only on reports sent before this consent was asked (consent_version 2026-11-v1).
    consent_processing = models.BooleanField(default=False)
    consent_contact = models.BooleanField(default=False)
    # Withdrawing consent to contact deletes `contact` (GDPR Art. 7(3)); this says when.
    consent_contact_withdrawn_on = models.DateField(null=True, blank=True)
    consent_referral = models.BooleanField(default=False)
    consent_referral_naming = models.BooleanField(default=False)
    consent_referral_withdrawn_on = models.DateField(null=True, blank=True)
    consent_version = models.CharField(max_length=16)
    # Argon2id-derived from the receipt code; empty for synthetic demo data.
    receipt_lookup = models.CharField(max_length=64, unique=True, null=True, blank=True)
    reporter_public_key = models.BinaryField(null=True)
    reporter_private_key_wrapped = models.BinaryField(null=True)
    content = models.BinaryField(help_text="Empty once retention destroyed it.")
    contact = models.BinaryField(null=True)
    content_destroyed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_on"]
        indexes = [
            models.Index(fields=["created_on"]),
            models.Index(fields=["district"]),
        ]

    def __str__(self) -> str:
        return f"Report {self.id}"

    @property
    def consent_referral_ever_given(self) -> bool:
        """A report can have referrals only if its reporter consented (perhaps withdrawn since)."""
        return self.consent_referral or self.consent_referral_withdrawn_on is not None

    def context(self, field: str) -> Context:
        return Context.of_row(self, self.pk, field)

    @property
    def reporter_reads_messages(self) -> bool:
        """Whether the person can read messages on the status page: every report sent
        online can; one taken down by staff only if they were given a receipt code."""
        return self.channel == Channel.WEB or self.reporter_public_key is not None

    @property
    def reporter_public(self) -> PublicKey | None:
        return PublicKey(bytes(self.reporter_public_key)) if self.reporter_public_key else None


class ReceiptVerifier(models.Model):
    """One row: a check value of the receipt salt and Argon2id parameters the site first
    served with, keyed with the secret key (reporting.crypto.receipt_settings_check).
    Changing either later would make every receipt code issued before fail without a
    word; production refuses to start instead (web.readiness)."""

    check_value = models.CharField(max_length=64)
    kdf = models.JSONField(help_text="The Argon2id parameters, to name what changed.")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"receipt settings of {self.created_at:%Y-%m-%d}"
