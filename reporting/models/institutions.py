"""Institutions named on cases, and the matching key's grants (issue 19, DESIGN §9)."""

import uuid

from django.conf import settings
from django.db import models

from reporting.crypto import Context
from reporting.models.cases import Case
from reporting.models.organisations import OrganisationKey
from reporting.vocabulary.taxonomy import District


class InstitutionMention(models.Model):
    """An institution a caseworker recorded as responsible on a case.

    The name is sealed to the case's owner (reporting.selectors.keys.case_recipients);
    the district is clear. `name_hash` is HMAC-SHA256 of the normalised name under the
    network's matching key (reporting/crypto/matching.py), whose key never lies in the
    database: it lets the matching count other owners' cases without opening them.
    Empty while the recording session held no matching key.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="institution_mentions")
    name = models.BinaryField(help_text="Sealed to the case's owner.")
    district = models.CharField(max_length=16, choices=District.choices)
    name_hash = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "id"]
        indexes = [models.Index(fields=["name_hash", "district"], name="institution_match")]

    def __str__(self) -> str:
        return f"Institution mention {self.pk}"

    def context(self, field: str = "name") -> Context:
        return Context.of_row(self, self.pk, field)


class MatchingKeyGrant(models.Model):
    """The matching key, sealed to one organisation key. Written by someone who holds the
    association's key (reporting.services.institutions.matching_key_grants_write); a
    session holding `organisation_key` opens it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation_key = models.OneToOneField(
        OrganisationKey, on_delete=models.CASCADE, related_name="matching_key_grant"
    )
    sealed_matching_key = models.BinaryField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Matching key for {self.organisation_key}"

    def context(self) -> Context:
        return Context(
            label=self._meta.label_lower,
            pk=self.organisation_key.key_id,
            field="sealed_matching_key",
        )
