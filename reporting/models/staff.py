import uuid

from django.conf import settings
from django.db import models

from reporting.crypto import Context, PublicKey
from reporting.models.organisations import Organisation, OrganisationKey


class StaffProfile(models.Model):
    """Which organisation a staff user works for, and their login lockout state."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="staff")
    failed_logins = models.PositiveIntegerField(default=0)
    last_failed_login_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    # Language codes (settings.LANGUAGES) the person reads: a case in another language
    # needs a translation.
    reads_languages = models.JSONField(default=list, blank=True)

    class Meta:
        # What a role may do; each role's group carries its permissions
        # (reporting.vocabulary.roles.ROLE_PERMISSIONS, given by migration 0015).
        permissions = [
            ("work_on_cases", "Triage and work on the association's cases"),
            ("handle_referrals", "Read and answer the referrals to one's own organisation"),
            ("read_statistics", "Read live statistics"),
            ("publish_statistics", "Prepare, approve and publish annual statistics"),
            ("administer", "Grant organisation keys and read the whole audit trail"),
            ("translate", "Translate the texts sent to oneself, and nothing else"),
            ("document_own_cases", "Document a member organisation's own cases"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class LoginThrottle(models.Model):
    """The failed-login bookkeeping of StaffProfile for names that are no staff account.

    The login answers an unknown name exactly as it answers a staff account (the same
    slow-down and lock), so the answers do not tell which accounts exist. Keyed by a
    keyed hash of the name; rows are pruned once they are as good as new.
    """

    name_hash = models.CharField(max_length=64, unique=True)
    failed_logins = models.PositiveIntegerField(default=0)
    last_failed_login_at = models.DateTimeField(null=True, blank=True, db_index=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"login throttle {self.name_hash[:8]}"


class UserKey(models.Model):
    """A staff user's key pair; the private key is wrapped under their password (Argon2id)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="key"
    )
    key_id = models.CharField(max_length=32, unique=True)
    public_key = models.BinaryField()
    wrapped_private_key = models.BinaryField()
    kdf = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"key {self.key_id} of {self.user}"

    @property
    def public(self) -> PublicKey:
        return PublicKey(bytes(self.public_key))


class KeyGrant(models.Model):
    """An organisation's private key, sealed to one user's public key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation_key = models.ForeignKey(
        OrganisationKey, on_delete=models.CASCADE, related_name="grants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="key_grants"
    )
    sealed_private_key = models.BinaryField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation_key", "user"], name="one_grant_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_key} for {self.user}"

    def context(self) -> Context:
        return Context(
            label=self._meta.label_lower,
            pk=f"{self.organisation_key.key_id}/{self.user_id}",
            field="sealed_private_key",
        )
