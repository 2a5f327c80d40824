from django.conf import settings
from django.db import models

from reporting.fields import CodeSetField
from reporting.vocabulary.taxonomy import District


class CounsellingService(models.Model):
    """A counselling service reporters are pointed to ("Help now", the receipt page).

    Public information the operator maintains in the admin; nothing here is about a
    reporter. A service need not be a member organisation.
    """

    name = models.CharField(max_length=200)
    help_with = models.TextField(
        help_text="What they help with, in one or two plain sentences (shown as written)."
    )
    languages = models.JSONField(
        default=list, blank=True, help_text="Languages in which they counsel."
    )
    phone = models.CharField(max_length=64, blank=True)
    website = models.URLField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    districts = CodeSetField(
        choices_class=District,
        blank=True,
        help_text="Districts served. Leave empty for a service that serves all of Saxony.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_link(self) -> str:
        """The number for a tel: link (digits and a leading plus only)."""
        return "".join(c for c in self.phone if c.isdigit() or c == "+")

    @property
    def district_labels(self) -> list[str]:
        return [str(District(code).label) for code in self.districts]

    @property
    def language_names(self) -> list[str]:
        """The languages in their own names, as the language chooser shows them."""
        names = dict(settings.LANGUAGES)
        return [names.get(code, code) for code in self.languages]
