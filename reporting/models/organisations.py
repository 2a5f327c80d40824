from django.db import models
from django.db.models import Q

from reporting.crypto import PublicKey
from reporting.fields import CodeSetField
from reporting.vocabulary import roles
from reporting.vocabulary.taxonomy import Area, District, Ground

CONTACT_PERSONS_MAX = 500
OPENING_HOURS_MAX = 500


class Organisation(models.Model):
    """The association itself, or one of its member organisations."""

    class Kind(models.TextChoices):
        ASSOCIATION = roles.ASSOCIATION, "Association"
        MEMBER = roles.MEMBER, "Member organisation"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.MEMBER)
    contact_email = models.EmailField(blank=True)
    districts = CodeSetField(choices_class=District, blank=True, help_text="Districts served")
    languages = models.JSONField(default=list, blank=True, help_text="Language codes offered")
    expertise_grounds = CodeSetField(choices_class=Ground, blank=True)
    expertise_areas = CodeSetField(choices_class=Area, blank=True)
    is_active = models.BooleanField(default=True)
    # Capacity: a paused organisation stays in the directory but is neither suggested
    # nor referred to until it takes new cases again.
    is_paused = models.BooleanField(default=False, help_text="Paused: not taking new cases")
    # Staff of the organisation, not reporters: clear text, kept short.
    contact_persons = models.TextField(
        max_length=CONTACT_PERSONS_MAX,
        blank=True,
        help_text="Names and roles, one per line. Staff of the organisation only.",
    )
    opening_hours = models.TextField(max_length=OPENING_HOURS_MAX, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="ASSOCIATION"),
                name="one_association",
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationKey(models.Model):
    """One X25519 key pair of an organisation; the newest active one seals new data.

    The private key is never stored in clear: here only wrapped under a key
    derived from the offline recovery code (Argon2id, parameters alongside).
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="keys")
    key_id = models.CharField(max_length=32, unique=True)
    public_key = models.BinaryField()
    recovery_wrapped_private_key = models.BinaryField()
    recovery_kdf = models.JSONField()
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation} key {self.key_id}"

    @property
    def public(self) -> PublicKey:
        return PublicKey(bytes(self.public_key))
